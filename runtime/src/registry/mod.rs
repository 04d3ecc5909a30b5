//! Service registration and discovery (feature `registry`; the ZooKeeper
//! registry needs feature `zookeeper`; both are in `full`).
//!
//! A server does not just open a port: an *exporter* opens it, makes sure
//! it accepts connections, and then registers it; clients watch the live
//! endpoints of a service and spread their calls over them.
//!
//! # How the pieces fit
//!
//! - [`Endpoint`]: one instance of a service (name, instance id, host,
//!   port, and its protocol, transport, weight and free-form metadata).
//! - [`Registry`]: registers an endpoint for as long as the returned
//!   [`Registration`] lives (a lease: dropping it, or
//!   [`Registration::deregister`], removes the endpoint), and
//!   [`watch`](Registry::watch)es the live endpoints of a service as a
//!   `tokio::sync::watch` channel of [`Endpoints`]. A watch keeps the last
//!   set it saw while the registry is unreachable, so known endpoints go
//!   on being called.
//! - [`StaticRegistry`]: a fixed list, no external service; `register`
//!   adds to the list of the same process, which is what tests and
//!   single-host setups want.
//! - `ZooKeeperRegistry` (feature `zookeeper`): ephemeral znodes in Apache
//!   Curator's service-discovery layout (see its docs), re-created after a
//!   session expiry or a reconnect.
//! - [`exporter`]: the server side, for the blocking framed server
//!   ([`serve_framed`](crate::serve_framed) on a `TcpListener`) and the
//!   async [`nonblocking::Server`](crate::nonblocking::Server): serve,
//!   register once the port answers, and on shutdown deregister first,
//!   wait a grace period, then close the port.
//! - [`balance`]: the client side. [`DiscoveringChannel`] (blocking,
//!   implements [`Channel`](crate::Channel)) and
//!   [`AsyncDiscoveringChannel`] keep one per-endpoint channel (built by
//!   an [`EndpointConnector`]: the built-in framed one, or with feature
//!   `pool` / `async-pool` a connection pool per endpoint,
//!   `PooledConnector` / `AsyncPooledConnector`) for each live endpoint,
//!   follow the watch,
//!   pick an endpoint per call ([`Balance`]: round robin, weighted random,
//!   least outstanding calls), retry calls whose connection could not be
//!   established on another endpoint, and take failing endpoints out of
//!   rotation for a while (outlier ejection).

pub mod balance;
mod curator;
pub mod exporter;
mod static_registry;
#[cfg(feature = "zookeeper")]
mod zookeeper;

use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

#[cfg(feature = "async-pool")]
pub use balance::AsyncPooledConnector;
#[cfg(feature = "pool")]
pub use balance::PooledConnector;
pub use balance::{
    AsyncDiscoveringChannel, AsyncEndpointConnector, Balance, DiscoveringChannel, DiscoveryConfig,
    EndpointConnector, FramedConnector, FramedEndpoint, MultiplexedConnector, MultiplexedEndpoint,
};
pub use curator::{from_curator_json, to_curator_json};
pub use exporter::{ExportError, ExportedServer, Exporter, ExporterConfig};
pub use static_registry::StaticRegistry;
#[cfg(feature = "zookeeper")]
pub use zookeeper::{DEFAULT_BASE_PATH, ZooKeeperConfig, ZooKeeperRegistry};

use crate::WireProtocol;
use crate::nonblocking::Transport;

/// One instance of a service, as registered and as discovered.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    /// The service name (the znode under the base path).
    pub service: String,
    /// Unique per instance (the znode's name); a UUID by default.
    pub id: String,
    /// Host name or IP address clients connect to.
    pub host: String,
    pub port: u16,
    pub protocol: WireProtocol,
    pub transport: Transport,
    /// Relative share of calls under weighted balancing (default 1;
    /// 0 takes the endpoint out of weighted rotation).
    pub weight: u32,
    /// Further string metadata, kept in the Curator payload.
    pub metadata: BTreeMap<String, String>,
    /// When the instance registered, milliseconds since the epoch (0 if
    /// unknown); set on registration.
    pub registration_time_ms: i64,
}

impl Endpoint {
    /// An endpoint of `service` at `host:port`, binary over framed, weight
    /// 1, a fresh UUID as id.
    pub fn new(service: impl Into<String>, host: impl Into<String>, port: u16) -> Endpoint {
        Endpoint {
            service: service.into(),
            id: uuid::Uuid::new_v4().to_string(),
            host: host.into(),
            port,
            protocol: WireProtocol::Binary,
            transport: Transport::Framed,
            weight: 1,
            metadata: BTreeMap::new(),
            registration_time_ms: 0,
        }
    }

    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = id.into();
        self
    }

    pub fn protocol(mut self, protocol: WireProtocol) -> Self {
        self.protocol = protocol;
        self
    }

    pub fn transport(mut self, transport: Transport) -> Self {
        self.transport = transport;
        self
    }

    pub fn weight(mut self, weight: u32) -> Self {
        self.weight = weight;
        self
    }

    pub fn metadata(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.metadata.insert(key.into(), value.into());
        self
    }

    /// `host:port`, what to connect to.
    pub fn address(&self) -> String {
        match self.host.contains(':') {
            true => format!("[{}]:{}", self.host, self.port),
            false => format!("{}:{}", self.host, self.port),
        }
    }
}

/// The live endpoints of one service, sorted by id.
pub type Endpoints = Arc<Vec<Endpoint>>;

/// The live endpoints of a service, updated as they come and go. The
/// value stays the last set seen while the registry is unreachable.
pub type EndpointWatch = tokio::sync::watch::Receiver<Endpoints>;

/// Why a registry operation failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegistryError {
    /// A bad argument: service name, id, path or address.
    Invalid(String),
    /// The registry could not be reached or did not answer in time.
    Unavailable(String),
    /// The registry refused the operation.
    Refused(String),
}

impl fmt::Display for RegistryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegistryError::Invalid(why) => write!(f, "invalid registration: {why}"),
            RegistryError::Unavailable(why) => write!(f, "registry unavailable: {why}"),
            RegistryError::Refused(why) => write!(f, "registry refused: {why}"),
        }
    }
}

impl std::error::Error for RegistryError {}

/// A boxed future, what [`Registry`] methods return (dyn-compatible).
pub type RegistryFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Registers endpoints and watches services.
///
/// Methods return futures that need no particular runtime (they wait on
/// channels); blocking code can run them with
/// [`Registration::deregister_blocking`] and [`block_on`].
pub trait Registry: Send + Sync + 'static {
    /// Registers `endpoint` until the returned lease is dropped or
    /// deregistered. Resolves once the endpoint is visible to watchers.
    fn register(
        &self,
        endpoint: Endpoint,
    ) -> RegistryFuture<'_, Result<Registration, RegistryError>>;

    /// The live endpoints of `service`, updated as they change. The first
    /// value may be an empty set until the registry has answered; an
    /// invalid service name (empty, or with a `/`) gives a watch that
    /// stays empty.
    fn watch(&self, service: &str) -> EndpointWatch;
}

impl<R: Registry + ?Sized> Registry for Arc<R> {
    fn register(
        &self,
        endpoint: Endpoint,
    ) -> RegistryFuture<'_, Result<Registration, RegistryError>> {
        (**self).register(endpoint)
    }

    fn watch(&self, service: &str) -> EndpointWatch {
        (**self).watch(service)
    }
}

/// What a registry does to end a registration.
pub(crate) trait Lease: Send + Sync {
    /// Removes the endpoint; resolves once watchers can no longer see it
    /// (or the registry gave up trying).
    fn end(&self) -> RegistryFuture<'_, Result<(), RegistryError>>;
    /// Removes the endpoint in the background (on drop).
    fn end_in_background(&self);
}

/// A registered endpoint: dropping it deregisters in the background;
/// [`deregister`](Registration::deregister) does it and waits.
pub struct Registration {
    endpoint: Endpoint,
    lease: Option<Box<dyn Lease>>,
}

impl fmt::Debug for Registration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Registration")
            .field("endpoint", &self.endpoint)
            .finish()
    }
}

impl Registration {
    pub(crate) fn new(endpoint: Endpoint, lease: Box<dyn Lease>) -> Registration {
        Registration {
            endpoint,
            lease: Some(lease),
        }
    }

    /// The endpoint as registered (with its registration time).
    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// Removes the endpoint and waits until watchers no longer see it.
    pub async fn deregister(mut self) -> Result<(), RegistryError> {
        match self.lease.take() {
            Some(lease) => lease.end().await,
            None => Ok(()),
        }
    }

    /// [`deregister`](Registration::deregister) for blocking code (not
    /// from inside an async runtime).
    pub fn deregister_blocking(self) -> Result<(), RegistryError> {
        block_on(self.deregister())?
    }
}

impl Drop for Registration {
    fn drop(&mut self) {
        if let Some(lease) = self.lease.take() {
            lease.end_in_background();
        }
    }
}

/// Runs a registry future to completion from blocking code (not from
/// inside an async runtime: that is an error, not a panic).
pub fn block_on<F: Future>(future: F) -> Result<F::Output, RegistryError> {
    if tokio::runtime::Handle::try_current().is_ok() {
        return Err(RegistryError::Invalid(
            "a blocking registry call was made from inside an async runtime".to_owned(),
        ));
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| RegistryError::Unavailable(format!("cannot start a runtime: {e}")))?;
    Ok(runtime.block_on(future))
}

/// Checks a service name or instance id: one non-empty znode name.
pub(crate) fn check_name(what: &str, name: &str) -> Result<(), RegistryError> {
    if name.is_empty() || name == "." || name == ".." || name.contains('/') || name.contains('\0') {
        return Err(RegistryError::Invalid(format!(
            "{what} `{name}` must be a non-empty name without `/`"
        )));
    }
    Ok(())
}

pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}
