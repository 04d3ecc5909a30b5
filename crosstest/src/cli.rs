//! Command-line flags shared by `cross-server` and `cross-client`; the same
//! flags as `python/py_server.py` and `python/py_client.py`.

use clap::{Parser, ValueEnum};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Protocol {
    Binary,
    Compact,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Transport {
    Buffered,
    Framed,
}

#[derive(Debug, Clone, Parser)]
pub struct Args {
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// 0 picks a free port; the server prints the real one.
    #[arg(long, default_value_t = 9090)]
    pub port: u16,
    #[arg(long, value_enum, default_value_t = Protocol::Binary)]
    pub protocol: Protocol,
    #[arg(long, value_enum, default_value_t = Transport::Buffered)]
    pub transport: Transport,
    /// Serve or call through TMultiplexedProcessor/TMultiplexedProtocol.
    #[arg(long)]
    pub multiplexed: bool,
    /// Client only: the server's IDL has no uuid (Apache Thrift before
    /// 0.18, like the Python side), so do not call testUuid.
    #[arg(long)]
    pub skip_uuid: bool,
    /// Serve with the async server / call with the async client
    /// (thriftgen_runtime::nonblocking) instead of the blocking ones.
    #[arg(long = "async")]
    pub use_async: bool,
    /// `zk://HOST:PORT[/base]`: the server registers itself as
    /// `ThriftTest` there once it accepts connections; the client
    /// discovers `ThriftTest` there instead of using --host/--port.
    #[arg(long)]
    pub registry: Option<String>,
    /// Client only: call through the pooled proxy (with `--async`, the
    /// async pooled proxy), from several threads at once.
    #[arg(long)]
    pub pooled: bool,
}

/// The connections `--pooled` keeps at most.
pub const POOL_SIZE: u32 = 4;

impl Protocol {
    pub fn nonblocking(self) -> thriftgen_runtime::nonblocking::Protocol {
        match self {
            Protocol::Binary => thriftgen_runtime::nonblocking::Protocol::Binary,
            Protocol::Compact => thriftgen_runtime::nonblocking::Protocol::Compact,
        }
    }
}

impl Transport {
    pub fn nonblocking(self) -> thriftgen_runtime::nonblocking::Transport {
        match self {
            Transport::Buffered => thriftgen_runtime::nonblocking::Transport::Buffered,
            Transport::Framed => thriftgen_runtime::nonblocking::Transport::Framed,
        }
    }
}

impl Args {
    pub fn address(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }

    /// The pool configuration `--pooled` uses for `service`.
    pub fn pool_config(&self, service: &str) -> thriftgen_runtime::pool::PoolConfig {
        use std::time::Duration;

        let config = thriftgen_runtime::pool::PoolConfig::new([self.address()])
            .protocol(self.protocol.nonblocking())
            .transport(self.transport.nonblocking())
            .max_size(POOL_SIZE)
            .max_wait(Duration::from_secs(30))
            .read_timeout(Some(Duration::from_secs(30)));
        match self.multiplexed {
            true => config.multiplexed(service),
            false => config,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_flag() {
        let args = Args::parse_from([
            "x",
            "--host",
            "::1",
            "--port",
            "0",
            "--protocol",
            "compact",
            "--transport",
            "framed",
            "--multiplexed",
            "--async",
            "--registry",
            "zk://127.0.0.1:2181/x",
        ]);
        assert_eq!(args.protocol, Protocol::Compact);
        assert_eq!(args.transport, Transport::Framed);
        assert!(args.multiplexed && !args.skip_uuid && args.use_async);
        assert_eq!(args.address(), "::1:0");
        assert_eq!(args.registry.as_deref(), Some("zk://127.0.0.1:2181/x"));
    }

    #[test]
    fn rejects_unknown_protocol() {
        assert!(Args::try_parse_from(["x", "--protocol", "json"]).is_err());
    }
}
