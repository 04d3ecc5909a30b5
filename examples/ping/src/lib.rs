//! The ping service generated from `idl/ping.thrift`, and what both
//! binaries share: flags and the wire (binary protocol, buffered
//! transport, as Apache Thrift's defaults).

use std::net::TcpStream;

use thriftgen_runtime::thrift::protocol::{TBinaryInputProtocol, TBinaryOutputProtocol};
use thriftgen_runtime::thrift::transport::{
    ReadHalf, TBufferedReadTransport, TBufferedWriteTransport, TIoChannel, TTcpChannel, WriteHalf,
};

include!(concat!(env!("OUT_DIR"), "/mod.rs"));

pub type Input = TBinaryInputProtocol<TBufferedReadTransport<ReadHalf<TTcpChannel>>>;
pub type Output = TBinaryOutputProtocol<TBufferedWriteTransport<WriteHalf<TTcpChannel>>>;

/// The protocol pair over one TCP connection.
pub fn protocols(stream: TcpStream) -> thriftgen_runtime::thrift::Result<(Input, Output)> {
    let (read, write) = TTcpChannel::with_stream(stream).split()?;
    Ok((
        TBinaryInputProtocol::new(TBufferedReadTransport::new(read), true),
        TBinaryOutputProtocol::new(TBufferedWriteTransport::new(write), true),
    ))
}

/// `--host H --port P [--count N]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flags {
    pub host: String,
    pub port: u16,
    pub count: u32,
}

impl Flags {
    /// Parses the flags after the program name.
    pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Flags, String> {
        let mut flags = Flags {
            host: "127.0.0.1".to_owned(),
            port: 9090,
            count: 3,
        };
        let mut args = args.into_iter();
        while let Some(flag) = args.next() {
            let mut value = || args.next().ok_or(format!("{flag} needs a value"));
            match flag.as_str() {
                "--host" => flags.host = value()?,
                "--port" => flags.port = number(&flag, &value()?)?,
                "--count" => flags.count = number(&flag, &value()?)?,
                other => {
                    return Err(format!(
                        "unknown flag {other}; flags: --host, --port, --count"
                    ));
                }
            }
        }
        Ok(flags)
    }
}

fn number<T: std::str::FromStr>(flag: &str, value: &str) -> Result<T, String> {
    value
        .parse()
        .map_err(|_| format!("{flag} wants a number, not {value:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Flags, String> {
        Flags::parse(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn defaults_and_overrides() {
        assert_eq!(
            parse(&[]).unwrap(),
            Flags {
                host: "127.0.0.1".into(),
                port: 9090,
                count: 3
            }
        );
        let flags = parse(&["--host", "::1", "--port", "0", "--count", "5"]).unwrap();
        assert_eq!(
            (flags.host.as_str(), flags.port, flags.count),
            ("::1", 0, 5)
        );
    }

    #[test]
    fn bad_flags_are_errors() {
        assert!(parse(&["--port"]).unwrap_err().contains("needs a value"));
        assert!(parse(&["--port", "x"]).unwrap_err().contains("number"));
        assert!(parse(&["--verbose"]).unwrap_err().contains("unknown flag"));
    }
}
