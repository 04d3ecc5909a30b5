//! [`PoolConfig`]: what a pooled client talks, to where, and how many
//! connections it keeps, in the three parts of the Java design this
//! follows (`ClientConfig`, `ConnectionConfig`, `ConnectionPoolConfig`)
//! plus the retry policy. Built in code or read from TOML (or any serde
//! source); every field has a default that works against a local server.

use std::path::Path;
use std::time::Duration;

use serde::Deserialize;

use super::RetryPolicy;
use crate::{DEFAULT_MAX_FRAME, WireProtocol, WireTransport};

/// Everything a pooled client needs.
///
/// ```toml
/// [client]
/// protocol = "binary"          # or "compact"
/// transport = "framed"         # or "buffered"
/// service = "RemotePingService" # multiplexed servers only
///
/// [connection]
/// addresses = ["127.0.0.1:9090"]
/// connect_timeout = "2s"
/// read_timeout = "5s"
///
/// [pool]
/// max_size = 8
/// max_wait = "1s"
///
/// [retry]
/// max_attempts = 3
/// methods = ["ping"]
/// ```
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PoolConfig {
    pub client: ClientConfig,
    pub connection: ConnectionConfig,
    pub pool: ConnectionPoolConfig,
    pub retry: RetryPolicy,
}

/// What is spoken on each connection.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClientConfig {
    /// Default `binary` (strict).
    pub protocol: WireProtocol,
    /// Default `framed`.
    pub transport: WireTransport,
    /// For a multiplexing server: the service name sent as
    /// `Service:method`. Default none.
    pub service: Option<String>,
}

/// Where connections go and how long their I/O may take.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ConnectionConfig {
    /// `host:port` of each server; a new connection goes to the next one
    /// in turn, and to the one after if it cannot connect. Default
    /// `127.0.0.1:9090`.
    pub addresses: Vec<String>,
    /// How long opening a connection may take. Default 5 s.
    #[serde(with = "humantime_serde")]
    pub connect_timeout: Duration,
    /// How long a reply may take (the socket's read timeout; for the
    /// async pool, the whole call's). Default 30 s; `none` waits forever.
    #[serde(with = "humantime_serde")]
    pub read_timeout: Option<Duration>,
    /// How long writing a call may block. Default 30 s.
    #[serde(with = "humantime_serde")]
    pub write_timeout: Option<Duration>,
    /// The largest reply accepted, in bytes (Apache's frame cap by
    /// default).
    pub max_message_size: usize,
}

impl Default for ConnectionConfig {
    fn default() -> Self {
        ConnectionConfig {
            addresses: vec!["127.0.0.1:9090".to_owned()],
            connect_timeout: Duration::from_secs(5),
            read_timeout: Some(Duration::from_secs(30)),
            write_timeout: Some(Duration::from_secs(30)),
            max_message_size: DEFAULT_MAX_FRAME,
        }
    }
}

/// How many connections the pool keeps and for how long (the knobs of
/// commons-pool2's `GenericObjectPoolConfig`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ConnectionPoolConfig {
    /// At most this many connections are open at once. Default 8.
    pub max_size: u32,
    /// Idle connections kept ready. Default 0: connections open on
    /// demand.
    pub min_idle: u32,
    /// How long a call waits for a connection before failing. Default
    /// 5 s.
    #[serde(with = "humantime_serde")]
    pub max_wait: Duration,
    /// Idle connections above `min_idle` close after this long. Default
    /// 10 min.
    #[serde(with = "humantime_serde")]
    pub idle_timeout: Option<Duration>,
    /// Connections close after this long in any case. Default 30 min.
    #[serde(with = "humantime_serde")]
    pub max_lifetime: Option<Duration>,
    /// Check a connection before lending it (that the server has not
    /// closed it; a cheap non-blocking peek, no call). Default on.
    pub test_on_borrow: bool,
    /// How the async pool lends connections; the blocking pool always
    /// lends one connection per call. Default `multiplexed`.
    pub mode: PoolMode,
}

impl Default for ConnectionPoolConfig {
    fn default() -> Self {
        ConnectionPoolConfig {
            max_size: 8,
            min_idle: 0,
            max_wait: Duration::from_secs(5),
            idle_timeout: Some(Duration::from_secs(600)),
            max_lifetime: Some(Duration::from_secs(1800)),
            test_on_borrow: true,
            mode: PoolMode::Multiplexed,
        }
    }
}

/// How the async pool shares its connections between calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PoolMode {
    /// Calls share a pooled connection while others are in flight on it
    /// (the async connection matches replies by sequence id): the one
    /// bb8 lent for them carries any number of concurrent calls.
    #[default]
    Multiplexed,
    /// A call holds its connection until its reply, as commons-pool2
    /// lends objects: at most `max_size` calls in flight.
    Exclusive,
}

/// A configuration that cannot be used, naming the key and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    /// The source could not be read or parsed (unknown keys and values
    /// of the wrong type among them).
    Parse { source: String, message: String },
    /// A key holds a value that cannot work.
    Invalid { key: &'static str, why: String },
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConfigError::Parse { source, message } => {
                write!(f, "invalid pool configuration in {source}: {message}")
            }
            ConfigError::Invalid { key, why } => {
                write!(f, "invalid pool configuration: `{key}` {why}")
            }
        }
    }
}

impl std::error::Error for ConfigError {}

impl PoolConfig {
    /// Parses and checks a TOML document.
    pub fn from_toml(text: &str) -> Result<PoolConfig, ConfigError> {
        Self::parse(text, "TOML")
    }

    /// Reads, parses and checks a TOML file.
    pub fn from_file(path: impl AsRef<Path>) -> Result<PoolConfig, ConfigError> {
        let path = path.as_ref();
        let source = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError::Parse {
            source: source.clone(),
            message: e.to_string(),
        })?;
        Self::parse(&text, &source)
    }

    fn parse(text: &str, source: &str) -> Result<PoolConfig, ConfigError> {
        let config: PoolConfig = toml::from_str(text).map_err(|e| ConfigError::Parse {
            source: source.to_owned(),
            message: e.to_string().trim_end().to_owned(),
        })?;
        config.validate()?;
        Ok(config)
    }

    /// A configuration for the servers at `addresses`, defaults
    /// otherwise.
    pub fn new<S: Into<String>>(addresses: impl IntoIterator<Item = S>) -> PoolConfig {
        let mut config = PoolConfig::default();
        config.connection.addresses = addresses.into_iter().map(Into::into).collect();
        config
    }

    pub fn protocol(mut self, protocol: WireProtocol) -> Self {
        self.client.protocol = protocol;
        self
    }

    pub fn transport(mut self, transport: WireTransport) -> Self {
        self.client.transport = transport;
        self
    }

    /// Sends method names as `service:method`, for a multiplexing server.
    pub fn multiplexed(mut self, service: impl Into<String>) -> Self {
        self.client.service = Some(service.into());
        self
    }

    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connection.connect_timeout = timeout;
        self
    }

    pub fn read_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.connection.read_timeout = timeout;
        self
    }

    pub fn write_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.connection.write_timeout = timeout;
        self
    }

    pub fn max_size(mut self, connections: u32) -> Self {
        self.pool.max_size = connections;
        self
    }

    pub fn min_idle(mut self, connections: u32) -> Self {
        self.pool.min_idle = connections;
        self
    }

    pub fn max_wait(mut self, wait: Duration) -> Self {
        self.pool.max_wait = wait;
        self
    }

    pub fn idle_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.pool.idle_timeout = timeout;
        self
    }

    pub fn max_lifetime(mut self, lifetime: Option<Duration>) -> Self {
        self.pool.max_lifetime = lifetime;
        self
    }

    pub fn test_on_borrow(mut self, test: bool) -> Self {
        self.pool.test_on_borrow = test;
        self
    }

    pub fn mode(mut self, mode: PoolMode) -> Self {
        self.pool.mode = mode;
        self
    }

    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Checks what serde cannot: values that parse but cannot work.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |key, why: &str| {
            Err(ConfigError::Invalid {
                key,
                why: why.to_owned(),
            })
        };
        if self.connection.addresses.is_empty() {
            return invalid("connection.addresses", "is empty: name at least one server");
        }
        if let Some(bad) = self.connection.addresses.iter().find(|a| {
            a.rsplit_once(':')
                .is_none_or(|(_, port)| port.parse::<u16>().is_err())
        }) {
            return Err(ConfigError::Invalid {
                key: "connection.addresses",
                why: format!("holds {bad:?}, which is not `host:port`"),
            });
        }
        if self.connection.connect_timeout.is_zero() {
            return invalid("connection.connect_timeout", "is zero");
        }
        if self.connection.read_timeout.is_some_and(|t| t.is_zero()) {
            return invalid(
                "connection.read_timeout",
                "is zero (leave it out to wait forever)",
            );
        }
        if self.connection.write_timeout.is_some_and(|t| t.is_zero()) {
            return invalid(
                "connection.write_timeout",
                "is zero (leave it out to wait forever)",
            );
        }
        if self.connection.max_message_size < 16 {
            return invalid("connection.max_message_size", "is under 16 bytes");
        }
        if self.pool.max_size == 0 {
            return invalid(
                "pool.max_size",
                "is 0: a pool needs at least one connection",
            );
        }
        if self.pool.min_idle > self.pool.max_size {
            return Err(ConfigError::Invalid {
                key: "pool.min_idle",
                why: format!(
                    "is {}, over pool.max_size ({})",
                    self.pool.min_idle, self.pool.max_size
                ),
            });
        }
        if self.pool.max_wait.is_zero() {
            return invalid(
                "pool.max_wait",
                "is zero: no call could wait for a connection",
            );
        }
        if self.retry.max_attempts == 0 {
            return invalid(
                "retry.max_attempts",
                "is 0: every call makes at least one attempt",
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_reads_from_toml() {
        let config = PoolConfig::from_toml(
            r#"
            [client]
            protocol = "compact"
            transport = "buffered"
            service = "Calculator"

            [connection]
            addresses = ["10.0.0.1:9090", "10.0.0.2:9090"]
            connect_timeout = "250ms"
            read_timeout = "2s"
            write_timeout = "1s"
            max_message_size = 1048576

            [pool]
            max_size = 16
            min_idle = 2
            max_wait = "100ms"
            idle_timeout = "1m"
            max_lifetime = "1h"
            test_on_borrow = false
            mode = "exclusive"

            [retry]
            max_attempts = 3
            methods = ["get"]
            backoff = "5ms"
            "#,
        )
        .unwrap();
        let expected = PoolConfig::new(["10.0.0.1:9090", "10.0.0.2:9090"])
            .protocol(WireProtocol::Compact)
            .transport(WireTransport::Buffered)
            .multiplexed("Calculator")
            .connect_timeout(Duration::from_millis(250))
            .read_timeout(Some(Duration::from_secs(2)))
            .write_timeout(Some(Duration::from_secs(1)))
            .max_size(16)
            .min_idle(2)
            .max_wait(Duration::from_millis(100))
            .idle_timeout(Some(Duration::from_secs(60)))
            .max_lifetime(Some(Duration::from_secs(3600)))
            .test_on_borrow(false)
            .mode(PoolMode::Exclusive)
            .retry(RetryPolicy::methods(3, ["get"]).backoff(Duration::from_millis(5)));
        let mut expected = expected;
        expected.connection.max_message_size = 1 << 20;
        assert_eq!(config, expected);
    }

    #[test]
    fn an_empty_document_gives_the_defaults() {
        assert_eq!(PoolConfig::from_toml("").unwrap(), PoolConfig::default());
        PoolConfig::default().validate().unwrap();
    }

    #[test]
    fn unknown_keys_and_bad_values_are_named() {
        let error = |text: &str| PoolConfig::from_toml(text).unwrap_err().to_string();
        let unknown = error("[pool]\nmax_sise = 3\n");
        assert!(
            unknown.contains("max_sise") && unknown.contains("max_size"),
            "{unknown}"
        );
        let mistyped = error("[pool]\nmax_wait = 3\n");
        assert!(mistyped.contains("max_wait"), "{mistyped}");
        let protocol = error("[client]\nprotocol = \"json\"\n");
        assert!(
            protocol.contains("json") && protocol.contains("binary"),
            "{protocol}"
        );
        let duration = error("[connection]\nconnect_timeout = \"soon\"\n");
        assert!(duration.contains("connect_timeout"), "{duration}");
    }

    #[test]
    fn values_that_cannot_work_are_refused_with_their_key() {
        let key = |config: PoolConfig| match config.validate() {
            Err(ConfigError::Invalid { key, .. }) => key,
            other => panic!("{other:?}"),
        };
        let base = PoolConfig::default;
        assert_eq!(key(base().max_size(0)), "pool.max_size");
        assert_eq!(key(base().max_size(2).min_idle(3)), "pool.min_idle");
        assert_eq!(key(base().max_wait(Duration::ZERO)), "pool.max_wait");
        assert_eq!(
            key(PoolConfig::new(Vec::<String>::new())),
            "connection.addresses"
        );
        assert_eq!(key(PoolConfig::new(["localhost"])), "connection.addresses");
        assert_eq!(
            key(base().read_timeout(Some(Duration::ZERO))),
            "connection.read_timeout"
        );
        let mut retry = base();
        retry.retry.max_attempts = 0;
        assert_eq!(key(retry), "retry.max_attempts");
        let message = PoolConfig::from_toml("[pool]\nmax_size = 0\n")
            .unwrap_err()
            .to_string();
        assert!(message.contains("`pool.max_size`"), "{message}");
    }

    #[test]
    fn a_file_that_cannot_be_read_is_named() {
        let error = PoolConfig::from_file("/nonexistent/pool.toml").unwrap_err();
        assert!(
            error.to_string().contains("/nonexistent/pool.toml"),
            "{error}"
        );
    }
}
