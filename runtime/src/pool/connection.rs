//! One pooled blocking connection and the [`Manager`] through which r2d2
//! opens, checks and discards them.
//!
//! A connection remembers whether a call on it failed in a way that
//! leaves the stream at an unknown position ([`connection_survives`]);
//! r2d2 asks [`Manager::has_broken`] when the connection comes back and
//! drops it instead of pooling it.

use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::Arc;

use thrift::protocol::{
    TBinaryInputProtocol, TBinaryOutputProtocol, TCompactInputProtocol, TCompactOutputProtocol,
    TInputProtocol, TMultiplexedOutputProtocol, TOutputProtocol, TSerializable,
};
use thrift::transport::{TBufferedReadTransport, TBufferedWriteTransport};

use super::addresses::Addresses;
use super::config::PoolConfig;
use super::retry::connection_survives;
use super::state::{ConnectError, Counters};
use crate::codec::{Decode, Encode};
use crate::{Channel, ClientConnection, FramedChannel, WireProtocol, WireTransport};

type BufferedConnection =
    ClientConnection<Box<dyn TInputProtocol + Send>, Box<dyn TOutputProtocol + Send>>;

/// A connection lent by the pool.
pub struct Connection {
    wire: Wire,
    /// The same socket, for the check on borrow.
    socket: TcpStream,
    peer: SocketAddr,
    broken: bool,
}

enum Wire {
    Framed(FramedChannel<TcpStream>),
    Buffered(BufferedConnection),
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("peer", &self.peer)
            .field("broken", &self.broken)
            .finish_non_exhaustive()
    }
}

impl Connection {
    pub fn peer(&self) -> SocketAddr {
        self.peer
    }

    /// Whether the connection must not carry another call.
    pub fn is_broken(&self) -> bool {
        self.broken
            || match &self.wire {
                Wire::Framed(channel) => channel.is_broken(),
                Wire::Buffered(_) => false,
            }
    }

    pub fn call<A, R>(&mut self, method: &str, args: &A) -> thrift::Result<R>
    where
        A: Encode + TSerializable,
        R: Decode + TSerializable,
    {
        let result = match &self.wire {
            Wire::Framed(channel) => channel.call(method, args),
            Wire::Buffered(channel) => Channel::call(channel, method, args),
        };
        self.note(result)
    }

    pub fn call_oneway<A>(&mut self, method: &str, args: &A) -> thrift::Result<()>
    where
        A: Encode + TSerializable,
    {
        let result = match &self.wire {
            Wire::Framed(channel) => channel.call_oneway(method, args),
            Wire::Buffered(channel) => Channel::call_oneway(channel, method, args),
        };
        self.note(result)
    }

    fn note<T>(&mut self, result: thrift::Result<T>) -> thrift::Result<T> {
        if let Err(e) = &result {
            self.broken |= !connection_survives(e);
        }
        result
    }

    /// Whether the server has closed the connection (or sent bytes no call
    /// asked for), by one non-blocking peek (`MSG_PEEK | MSG_DONTWAIT`): no
    /// call, no wait, the socket's mode untouched.
    fn peer_closed(&self) -> bool {
        let mut byte = [std::mem::MaybeUninit::<u8>::uninit()];
        let flags = libc::MSG_PEEK | libc::MSG_DONTWAIT;
        match socket2::SockRef::from(&self.socket).recv_with_flags(&mut byte, flags) {
            Err(e) => e.kind() != std::io::ErrorKind::WouldBlock,
            // End of stream, or bytes nobody asked for.
            Ok(_) => true,
        }
    }
}

/// Opens connections to the configured servers for r2d2.
#[derive(Debug)]
pub(crate) struct Manager {
    config: PoolConfig,
    addresses: Addresses,
    counters: Arc<Counters>,
}

impl Manager {
    pub fn new(config: PoolConfig, counters: Arc<Counters>) -> Self {
        Manager {
            addresses: Addresses::new(config.connection.addresses.clone()),
            config,
            counters,
        }
    }

    pub fn addresses(&self) -> &Addresses {
        &self.addresses
    }

    fn connect_to(&self, address: &str) -> std::io::Result<Connection> {
        let timeout = self.config.connection.connect_timeout;
        let mut last = None;
        for peer in address.to_socket_addrs()? {
            match TcpStream::connect_timeout(&peer, timeout) {
                Ok(stream) => return self.wrap(stream, peer),
                Err(e) => last = Some(e),
            }
        }
        Err(last.unwrap_or_else(|| {
            std::io::Error::new(std::io::ErrorKind::NotFound, "no address resolved")
        }))
    }

    fn wrap(&self, stream: TcpStream, peer: SocketAddr) -> std::io::Result<Connection> {
        let connection = &self.config.connection;
        stream.set_nodelay(true)?;
        stream.set_read_timeout(connection.read_timeout)?;
        stream.set_write_timeout(connection.write_timeout)?;
        let socket = stream.try_clone()?;
        let client = &self.config.client;
        let wire = match client.transport {
            WireTransport::Framed => {
                let mut channel = FramedChannel::new(stream, client.protocol)
                    .max_frame(connection.max_message_size);
                if let Some(service) = &client.service {
                    channel = channel.multiplexed(service);
                }
                Wire::Framed(channel)
            }
            WireTransport::Buffered => {
                let read = TBufferedReadTransport::new(stream.try_clone()?);
                let write = TBufferedWriteTransport::new(stream);
                let (input, output): (
                    Box<dyn TInputProtocol + Send>,
                    Box<dyn TOutputProtocol + Send>,
                ) = match client.protocol {
                    WireProtocol::Binary => (
                        Box::new(TBinaryInputProtocol::new(read, true)),
                        Box::new(TBinaryOutputProtocol::new(write, true)),
                    ),
                    WireProtocol::Compact => (
                        Box::new(TCompactInputProtocol::new(read)),
                        Box::new(TCompactOutputProtocol::new(write)),
                    ),
                };
                let output: Box<dyn TOutputProtocol + Send> = match &client.service {
                    Some(service) => Box::new(TMultiplexedOutputProtocol::new(service, output)),
                    None => output,
                };
                Wire::Buffered(ClientConnection::new(input, output))
            }
        };
        Ok(Connection {
            wire,
            socket,
            peer,
            broken: false,
        })
    }
}

impl r2d2::ManageConnection for Manager {
    type Connection = Connection;
    type Error = ConnectError;

    fn connect(&self) -> Result<Connection, ConnectError> {
        let mut failures = Vec::new();
        for address in self.addresses.in_turn() {
            match self.connect_to(address) {
                Ok(connection) => {
                    self.counters.connected();
                    return Ok(connection);
                }
                Err(e) => failures.push(format!("{address}: {e}")),
            }
        }
        Err(self.counters.none_connected(&failures))
    }

    fn is_valid(&self, connection: &mut Connection) -> Result<(), ConnectError> {
        if connection.is_broken() || connection.peer_closed() {
            Counters::bump(&self.counters.discarded);
            return Err(ConnectError(format!(
                "the connection to {} was closed by the server",
                connection.peer
            )));
        }
        Ok(())
    }

    fn has_broken(&self, connection: &mut Connection) -> bool {
        let broken = connection.is_broken();
        if broken {
            Counters::bump(&self.counters.discarded);
        }
        broken
    }
}
