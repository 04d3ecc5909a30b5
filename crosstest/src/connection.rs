//! Protocol and transport plumbing chosen at run time from the flags.

use std::net::TcpStream;
use thrift::protocol::{
    TBinaryInputProtocol, TBinaryInputProtocolFactory, TBinaryOutputProtocol,
    TBinaryOutputProtocolFactory, TCompactInputProtocol, TCompactInputProtocolFactory,
    TCompactOutputProtocol, TCompactOutputProtocolFactory, TInputProtocol, TInputProtocolFactory,
    TMultiplexedOutputProtocol, TOutputProtocol, TOutputProtocolFactory,
};
use thrift::transport::{
    TBufferedReadTransport, TBufferedReadTransportFactory, TBufferedWriteTransport,
    TBufferedWriteTransportFactory, TFramedReadTransport, TFramedReadTransportFactory,
    TFramedWriteTransport, TFramedWriteTransportFactory, TIoChannel, TReadTransport,
    TReadTransportFactory, TTcpChannel, TWriteTransport, TWriteTransportFactory,
};

use thriftgen_runtime::thrift;
use thriftgen_runtime::{FramedChannel, WireProtocol};

use crate::cli::{Protocol, Transport};

pub type InputProtocol = Box<dyn TInputProtocol + Send>;
pub type OutputProtocol = Box<dyn TOutputProtocol + Send>;

/// How long a client waits on a silent server before the call fails.
const CLIENT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// Opens a connection; `service` wraps the output in a
/// `TMultiplexedOutputProtocol` addressing that service.
pub fn connect(
    address: &str,
    protocol: Protocol,
    transport: Transport,
    service: Option<&str>,
) -> thrift::Result<(InputProtocol, OutputProtocol)> {
    let mut channel = TTcpChannel::new();
    channel.open(address)?;
    channel.set_read_timeout(Some(CLIENT_TIMEOUT))?;
    channel.set_write_timeout(Some(CLIENT_TIMEOUT))?;
    let (read, write) = channel.split()?;
    let (read, write): (
        Box<dyn TReadTransport + Send>,
        Box<dyn TWriteTransport + Send>,
    ) = match transport {
        Transport::Buffered => (
            Box::new(TBufferedReadTransport::new(read)),
            Box::new(TBufferedWriteTransport::new(write)),
        ),
        Transport::Framed => (
            Box::new(TFramedReadTransport::new(read)),
            Box::new(TFramedWriteTransport::new(write)),
        ),
    };
    let (input, output): (InputProtocol, OutputProtocol) = match protocol {
        Protocol::Binary => (
            Box::new(TBinaryInputProtocol::new(read, true)),
            Box::new(TBinaryOutputProtocol::new(write, true)),
        ),
        Protocol::Compact => (
            Box::new(TCompactInputProtocol::new(read)),
            Box::new(TCompactOutputProtocol::new(write)),
        ),
    };
    let output = match service {
        Some(name) => Box::new(TMultiplexedOutputProtocol::new(name, output)),
        None => output,
    };
    Ok((input, output))
}

/// Opens a connection for the runtime's framed fast path; `service`
/// addresses that service of a multiplexed server.
pub fn connect_framed(
    address: &str,
    protocol: Protocol,
    service: Option<&str>,
) -> Result<FramedChannel<TcpStream>, String> {
    let stream = TcpStream::connect(address).map_err(|e| e.to_string())?;
    let timeouts = stream
        .set_read_timeout(Some(CLIENT_TIMEOUT))
        .and_then(|()| stream.set_write_timeout(Some(CLIENT_TIMEOUT)))
        .and_then(|()| stream.set_nodelay(true));
    timeouts.map_err(|e| e.to_string())?;
    let wire = match protocol {
        Protocol::Binary => WireProtocol::Binary,
        Protocol::Compact => WireProtocol::Compact,
    };
    let channel = FramedChannel::new(stream, wire);
    Ok(match service {
        Some(name) => channel.multiplexed(name),
        None => channel,
    })
}

/// The four factories a `TServer` needs.
pub struct ServerFactories {
    pub read_transport: Box<dyn TReadTransportFactory>,
    pub input_protocol: Box<dyn TInputProtocolFactory>,
    pub write_transport: Box<dyn TWriteTransportFactory>,
    pub output_protocol: Box<dyn TOutputProtocolFactory>,
}

pub fn server_factories(protocol: Protocol, transport: Transport) -> ServerFactories {
    let (read_transport, write_transport): (
        Box<dyn TReadTransportFactory>,
        Box<dyn TWriteTransportFactory>,
    ) = match transport {
        Transport::Buffered => (
            Box::new(TBufferedReadTransportFactory::new()),
            Box::new(TBufferedWriteTransportFactory::new()),
        ),
        Transport::Framed => (
            Box::new(TFramedReadTransportFactory::new()),
            Box::new(TFramedWriteTransportFactory::new()),
        ),
    };
    let (input_protocol, output_protocol): (
        Box<dyn TInputProtocolFactory>,
        Box<dyn TOutputProtocolFactory>,
    ) = match protocol {
        Protocol::Binary => (
            Box::new(TBinaryInputProtocolFactory::new()),
            Box::new(TBinaryOutputProtocolFactory::new()),
        ),
        Protocol::Compact => (
            Box::new(TCompactInputProtocolFactory::new()),
            Box::new(TCompactOutputProtocolFactory::new()),
        ),
    };
    ServerFactories {
        read_transport,
        input_protocol,
        write_transport,
        output_protocol,
    }
}
