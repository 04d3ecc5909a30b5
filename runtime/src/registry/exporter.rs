//! [`Exporter`]: a server that registers itself.
//!
//! The order is what keeps clients from failing:
//!
//! 1. serve: the listener is bound and accepting;
//! 2. check the port answers (a connection to it), then register;
//! 3. on shutdown: deregister first (clients' watches drop the endpoint),
//!    wait [`ExporterConfig::grace`] so calls already routed here arrive
//!    and finish, then stop accepting and close.
//!
//! Re-registration after a session expiry or reconnect is the registry's
//! job (the [`Registration`] lease keeps itself alive).

use std::collections::HashMap;
use std::fmt;
use std::net::{Shutdown as NetShutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use super::{Endpoint, Registration, Registry, RegistryError, block_on};
use crate::nonblocking::{Server, Shutdown};
use crate::processor::Dispatch;
use crate::{DEFAULT_MAX_FRAME, serve_framed};

/// How an [`Exporter`] shuts down.
#[derive(Debug, Clone)]
pub struct ExporterConfig {
    /// How long to go on serving after deregistering, so clients learn of
    /// it and calls already sent finish (default 1 s; a client notices in
    /// one ZooKeeper round trip).
    pub grace: Duration,
}

impl Default for ExporterConfig {
    fn default() -> Self {
        ExporterConfig {
            grace: Duration::from_secs(1),
        }
    }
}

impl ExporterConfig {
    pub fn grace(mut self, grace: Duration) -> Self {
        self.grace = grace;
        self
    }
}

/// Why exporting failed.
#[derive(Debug)]
pub enum ExportError {
    Registry(RegistryError),
    Io(std::io::Error),
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportError::Registry(e) => e.fmt(f),
            ExportError::Io(e) => write!(f, "server: {e}"),
        }
    }
}

impl std::error::Error for ExportError {}

impl From<RegistryError> for ExportError {
    fn from(e: RegistryError) -> Self {
        ExportError::Registry(e)
    }
}

impl From<std::io::Error> for ExportError {
    fn from(e: std::io::Error) -> Self {
        ExportError::Io(e)
    }
}

/// Serves and registers; see the module docs for the order of things.
#[derive(Clone)]
pub struct Exporter {
    registry: Arc<dyn Registry>,
    config: ExporterConfig,
}

impl fmt::Debug for Exporter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Exporter")
            .field("config", &self.config)
            .finish()
    }
}

/// The endpoint to register for a server listening at `local`: port 0 is
/// the listener's port, an empty host its address.
fn complete(mut endpoint: Endpoint, local: SocketAddr) -> Endpoint {
    if endpoint.port == 0 {
        endpoint.port = local.port();
    }
    if endpoint.host.is_empty() {
        endpoint.host = local.ip().to_string();
    }
    endpoint
}

/// Where to connect to reach a listener bound at `local` (an unspecified
/// address is reached on loopback).
fn reachable(local: SocketAddr) -> SocketAddr {
    match local.ip().is_unspecified() {
        true if local.is_ipv4() => SocketAddr::from(([127, 0, 0, 1], local.port())),
        true => SocketAddr::from((std::net::Ipv6Addr::LOCALHOST, local.port())),
        false => local,
    }
}

impl Exporter {
    pub fn new(registry: impl Registry, config: ExporterConfig) -> Exporter {
        Exporter {
            registry: Arc::new(registry),
            config,
        }
    }

    /// Serves `processor` over the framed transport (blocking,
    /// [`serve_framed`], a thread per connection) on `listener`, and
    /// registers `endpoint` (port 0: the listener's) once the port
    /// answers. Returns once registered. Blocking code only.
    pub fn serve_framed<P: Dispatch + 'static>(
        &self,
        listener: TcpListener,
        processor: Arc<P>,
        endpoint: Endpoint,
    ) -> Result<ExportedServer, ExportError> {
        let local = listener.local_addr()?;
        let endpoint = complete(endpoint, local);
        let protocol = endpoint.protocol;
        let stop = Arc::new(AtomicBool::new(false));
        let connections: Connections = Arc::default();
        let accept = {
            let stop = stop.clone();
            let connections = connections.clone();
            std::thread::Builder::new()
                .name(format!("exporter-{}", local.port()))
                .spawn(move || accept_loop(listener, processor, protocol, stop, connections))?
        };
        let mut server = ExportedServer {
            registration: None,
            endpoint: endpoint.clone(),
            local,
            stop,
            connections,
            accept: Some(accept),
            grace: self.config.grace,
        };
        // The port answers before anyone is told of it.
        TcpStream::connect_timeout(&reachable(local), Duration::from_secs(2))?;
        let registration = block_on(self.registry.register(endpoint))??;
        server.endpoint = registration.endpoint().clone();
        server.registration = Some(registration);
        Ok(server)
    }

    /// Runs `server` on `listener` and registers `endpoint` (port 0: the
    /// listener's) once the port answers; when `shutdown` is triggered,
    /// deregisters, waits the grace period, then shuts the server down
    /// gracefully and returns.
    pub async fn serve(
        &self,
        server: Server,
        listener: tokio::net::TcpListener,
        endpoint: Endpoint,
        shutdown: Shutdown,
    ) -> Result<(), ExportError> {
        let local = listener.local_addr()?;
        let endpoint = complete(endpoint, local);
        let stop = Shutdown::new();
        let serving = tokio::spawn(server.serve(listener, stop.clone()));
        let registered = async {
            tokio::net::TcpStream::connect(reachable(local)).await?;
            Ok::<_, ExportError>(self.registry.register(endpoint).await?)
        };
        let registration = tokio::select! {
            registered = registered => registered,
            // Shut down before registration completed.
            _ = shutdown.triggered() => {
                stop.trigger();
                return finish(serving.await);
            }
        };
        let registration = match registration {
            Ok(registration) => registration,
            Err(e) => {
                stop.trigger();
                let _ = serving.await;
                return Err(e);
            }
        };
        shutdown.triggered().await;
        let deregistered = registration.deregister().await;
        tokio::time::sleep(self.config.grace).await;
        stop.trigger();
        finish(serving.await)?;
        Ok(deregistered?)
    }
}

fn finish(joined: Result<std::io::Result<()>, tokio::task::JoinError>) -> Result<(), ExportError> {
    match joined {
        Ok(served) => Ok(served?),
        Err(e) => Err(ExportError::Io(std::io::Error::other(format!(
            "the server task failed: {e}"
        )))),
    }
}

type Connections = Arc<Mutex<HashMap<u64, TcpStream>>>;

fn accept_loop<P: Dispatch + 'static>(
    listener: TcpListener,
    processor: Arc<P>,
    protocol: crate::WireProtocol,
    stop: Arc<AtomicBool>,
    connections: Connections,
) {
    let ids = AtomicU64::new(0);
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else {
            std::thread::sleep(Duration::from_millis(10));
            continue;
        };
        let _ = stream.set_nodelay(true);
        let id = ids.fetch_add(1, Ordering::Relaxed);
        if let Ok(clone) = stream.try_clone() {
            lock(&connections).insert(id, clone);
        }
        let processor = processor.clone();
        let served = connections.clone();
        let spawned = std::thread::Builder::new()
            .name("exporter-connection".to_owned())
            .spawn(move || {
                let _ = serve_framed(&*processor, stream, protocol, DEFAULT_MAX_FRAME);
                lock(&served).remove(&id);
            });
        if spawned.is_err() {
            lock(&connections).remove(&id);
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A blocking server exported by [`Exporter::serve_framed`]. Dropping it
/// shuts it down like [`shutdown`](ExportedServer::shutdown) without
/// waiting for the registry.
#[derive(Debug)]
pub struct ExportedServer {
    registration: Option<Registration>,
    endpoint: Endpoint,
    local: SocketAddr,
    stop: Arc<AtomicBool>,
    connections: Connections,
    accept: Option<JoinHandle<()>>,
    grace: Duration,
}

impl ExportedServer {
    /// The endpoint as registered.
    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.local
    }

    /// Deregisters, waits the grace period, stops accepting and closes
    /// every connection (each between calls, as far as clients stopped
    /// sending).
    pub fn shutdown(mut self) -> Result<(), RegistryError> {
        let deregistered = match self.registration.take() {
            Some(registration) => registration.deregister_blocking(),
            None => Ok(()),
        };
        std::thread::sleep(self.grace);
        self.close();
        deregistered
    }

    fn close(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accept loop, which then sees the flag.
        let _ = TcpStream::connect_timeout(&reachable(self.local), Duration::from_secs(1));
        if let Some(accept) = self.accept.take() {
            let _ = accept.join();
        }
        for (_, stream) in lock(&self.connections).drain() {
            // A connection waiting for its next call sees the end of the
            // stream and finishes.
            let _ = stream.shutdown(NetShutdown::Both);
        }
    }
}

impl Drop for ExportedServer {
    fn drop(&mut self) {
        drop(self.registration.take());
        if self.accept.is_some() {
            self.close();
        }
    }
}
