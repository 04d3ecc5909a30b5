//! [`ZooKeeperRegistry`]: endpoints as ephemeral znodes in Apache
//! Curator's service-discovery layout, through the `zookeeper-client`
//! crate.
//!
//! # Layout
//!
//! ```text
//! <base>                          persistent, created on demand (default /services)
//! <base>/<service>                persistent, created on demand
//! <base>/<service>/<instance-id>  ephemeral, Curator ServiceInstance JSON
//! ```
//!
//! The same as Curator's `ServiceDiscoveryBuilder.basePath(base)` with a
//! `JsonInstanceSerializer` (see [`to_curator_json`](super::to_curator_json)),
//! so a Java service using Curator discovers a Rust server and the
//! reverse.
//!
//! # Sessions
//!
//! One ZooKeeper session per registry, kept by a background thread
//! running a small tokio runtime of its own (so the registry works the
//! same from blocking and async code). When the session expires (or
//! ZooKeeper lost it, say after a restart on empty data) a new one is
//! opened and every live registration is created again; after a
//! reconnect within the session each registration checks its znode is
//! still there. Watches keep their last endpoint set while ZooKeeper is
//! unreachable and read the children again once a session is back.
//! Dropping the registry (and every [`Registration`] of it) closes the
//! session, which removes its znodes.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{oneshot, watch};
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;
use zookeeper_client as zk;

use super::curator::{from_curator_json, to_curator_json};
use super::{
    Endpoint, EndpointWatch, Endpoints, Lease, Registration, Registry, RegistryError,
    RegistryFuture, check_name, now_ms,
};

/// Curator's conventional base path, and ours by default.
pub const DEFAULT_BASE_PATH: &str = "/services";

/// Where and how to reach ZooKeeper.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZooKeeperConfig {
    /// `host:port[,host:port...]`, ZooKeeper's connect string (without a
    /// chroot: the base path takes its place).
    pub connect: String,
    /// The znode under which services live (default `/services`).
    pub base_path: String,
    /// The session timeout asked for (the server bounds it; default 10 s).
    /// A process that dies without deregistering disappears after it.
    pub session_timeout: Duration,
    /// How long `register` and `deregister` wait for ZooKeeper (default
    /// 10 s).
    pub operation_timeout: Duration,
    /// The pause between attempts after a failure (default 200 ms).
    pub retry_interval: Duration,
}

impl ZooKeeperConfig {
    pub fn new(connect: impl Into<String>) -> ZooKeeperConfig {
        ZooKeeperConfig {
            connect: connect.into(),
            base_path: DEFAULT_BASE_PATH.to_owned(),
            session_timeout: Duration::from_secs(10),
            operation_timeout: Duration::from_secs(10),
            retry_interval: Duration::from_millis(200),
        }
    }

    /// Reads `zk://HOST:PORT[,HOST:PORT...][/base/path]`.
    pub fn from_url(url: &str) -> Result<ZooKeeperConfig, RegistryError> {
        let rest = url.strip_prefix("zk://").ok_or_else(|| {
            RegistryError::Invalid(format!("`{url}`: a ZooKeeper URL starts with zk://"))
        })?;
        let (hosts, base) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        if hosts.is_empty() {
            return Err(RegistryError::Invalid(format!(
                "`{url}`: no ZooKeeper host"
            )));
        }
        let config = ZooKeeperConfig::new(hosts);
        match base.trim_end_matches('/') {
            "" => Ok(config),
            base => config.base_path(base),
        }
    }

    /// Services live under `path` (absolute, no trailing `/`).
    pub fn base_path(mut self, path: &str) -> Result<ZooKeeperConfig, RegistryError> {
        let path = path.trim_end_matches('/');
        let valid = path.starts_with('/')
            && path[1..]
                .split('/')
                .all(|part| check_name("base path component", part).is_ok());
        if !valid {
            return Err(RegistryError::Invalid(format!(
                "base path `{path}` must be absolute, like /services"
            )));
        }
        self.base_path = path.to_owned();
        Ok(self)
    }

    pub fn session_timeout(mut self, timeout: Duration) -> Self {
        self.session_timeout = timeout;
        self
    }

    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.operation_timeout = timeout;
        self
    }

    pub fn retry_interval(mut self, interval: Duration) -> Self {
        self.retry_interval = interval;
        self
    }

    fn service_path(&self, service: &str) -> String {
        format!("{}/{service}", self.base_path)
    }
}

/// A [`Registry`] over ZooKeeper; clones share the session.
#[derive(Clone)]
pub struct ZooKeeperRegistry {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for ZooKeeperRegistry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ZooKeeperRegistry")
            .field("config", &self.inner.config)
            .finish()
    }
}

struct Inner {
    config: ZooKeeperConfig,
    runtime: tokio::runtime::Handle,
    session: watch::Receiver<Option<zk::Client>>,
    stop: CancellationToken,
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}

/// The session as tasks see it: `None` while there is none.
type Session = watch::Receiver<Option<zk::Client>>;

impl ZooKeeperRegistry {
    /// Starts the registry's background thread and its session. Returns
    /// at once: the session is opened (and reopened) in the background,
    /// and `register` waits for it up to the operation timeout.
    pub fn start(config: ZooKeeperConfig) -> Result<ZooKeeperRegistry, RegistryError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| RegistryError::Unavailable(format!("cannot start a runtime: {e}")))?;
        let handle = runtime.handle().clone();
        let stop = CancellationToken::new();
        let (session_tx, session) = watch::channel(None);
        let thread_stop = stop.clone();
        let session_config = config.clone();
        std::thread::Builder::new()
            .name("zookeeper-registry".to_owned())
            .spawn(move || {
                runtime.block_on(async move {
                    let keeper = tokio::spawn(keep_session(
                        session_config,
                        session_tx,
                        thread_stop.clone(),
                    ));
                    thread_stop.cancelled().await;
                    let _ = keeper.await;
                    // Every task has seen the stop and dropped its client:
                    // give the session a moment to close (which removes
                    // its ephemeral znodes at once).
                    tokio::time::sleep(Duration::from_millis(200)).await;
                });
            })
            .map_err(|e| RegistryError::Unavailable(format!("cannot start a thread: {e}")))?;
        Ok(ZooKeeperRegistry {
            inner: Arc::new(Inner {
                config,
                runtime: handle,
                session,
                stop,
            }),
        })
    }

    pub fn config(&self) -> &ZooKeeperConfig {
        &self.inner.config
    }

    /// Whether a session is established right now.
    pub fn is_connected(&self) -> bool {
        self.inner
            .session
            .borrow()
            .as_ref()
            .is_some_and(|c| c.state() == zk::SessionState::SyncConnected)
    }
}

async fn keep_session(
    config: ZooKeeperConfig,
    session: watch::Sender<Option<zk::Client>>,
    stop: CancellationToken,
) {
    loop {
        let connecting = zk::Client::connector()
            .with_session_timeout(config.session_timeout)
            .connect(&config.connect);
        let connected = tokio::select! {
            _ = stop.cancelled() => return,
            connected = connecting => connected,
        };
        let client = match connected {
            Ok(client) => client,
            Err(_) => {
                tokio::select! {
                    _ = stop.cancelled() => return,
                    _ = tokio::time::sleep(config.retry_interval) => continue,
                }
            }
        };
        let mut states = client.state_watcher();
        session.send_replace(Some(client));
        loop {
            let state = tokio::select! {
                _ = stop.cancelled() => {
                    session.send_replace(None);
                    return;
                }
                state = states.changed() => state,
            };
            if state.is_terminated() {
                break;
            }
            if state == zk::SessionState::SyncConnected {
                // Back after a disconnect: registrations check their
                // znodes, watches read again.
                session.send_modify(|_| {});
            }
        }
        session.send_replace(None);
    }
}

/// The next session, or `None` once the registry stopped.
async fn next_client(session: &mut Session) -> Option<zk::Client> {
    let client = session.wait_for(Option::is_some).await.ok()?;
    client.clone()
}

fn describe(e: &zk::Error) -> String {
    format!("ZooKeeper: {e}")
}

fn persistent() -> zk::CreateOptions<'static> {
    zk::CreateMode::Persistent.with_acls(zk::Acls::anyone_all())
}

/// Makes `path` (ephemeral, this session's) hold `data`.
async fn ensure_node(
    client: &zk::Client,
    parent: &str,
    path: &str,
    data: &[u8],
) -> Result<(), zk::Error> {
    let session = client.session_id().0;
    if let Some(stat) = client.check_stat(path).await? {
        if stat.ephemeral_owner == session {
            return Ok(());
        }
        // A leftover of an earlier session, or of another process using
        // our id: ours is the live one.
        match client.delete(path, Some(stat.version)).await {
            Ok(()) | Err(zk::Error::NoNode) => {}
            Err(e) => return Err(e),
        }
    }
    let ephemeral = zk::CreateMode::Ephemeral.with_acls(zk::Acls::anyone_all());
    match client.create(path, data, &ephemeral).await {
        Ok(_) => Ok(()),
        Err(zk::Error::NoNode) => {
            client.mkdir(parent, &persistent()).await?;
            client.create(path, data, &ephemeral).await.map(drop)
        }
        Err(e) => Err(e),
    }
}

/// Deletes `path` if this session owns it.
async fn delete_own(client: &zk::Client, path: &str) -> Result<(), zk::Error> {
    match client.check_stat(path).await? {
        Some(stat) if stat.ephemeral_owner == client.session_id().0 => {
            match client.delete(path, Some(stat.version)).await {
                Ok(()) | Err(zk::Error::NoNode) => Ok(()),
                Err(e) => Err(e),
            }
        }
        _ => Ok(()),
    }
}

/// Completes at `deadline` while `armed`, never otherwise.
async fn deadline_while(armed: bool, deadline: Instant) {
    match armed {
        true => tokio::time::sleep_until(deadline).await,
        false => std::future::pending().await,
    }
}

struct Registering {
    config: ZooKeeperConfig,
    parent: String,
    path: String,
    data: Vec<u8>,
    session: Session,
    cancel: CancellationToken,
    stop: CancellationToken,
    first: Option<oneshot::Sender<Result<(), RegistryError>>>,
    done: oneshot::Sender<Result<(), RegistryError>>,
}

/// Keeps one endpoint registered until its lease is cancelled, then
/// deletes it.
async fn keep_registered(mut r: Registering) {
    let deadline = Instant::now() + r.config.operation_timeout;
    let mut last_error = "no ZooKeeper session yet".to_owned();
    loop {
        let armed = r.first.is_some();
        let next = tokio::select! {
            _ = r.cancel.cancelled() => break,
            _ = r.stop.cancelled() => return,
            _ = deadline_while(armed, deadline) => None,
            next = next_client(&mut r.session) => next.map(Some),
        };
        let Some(next) = next else {
            // The deadline of the first registration passed.
            if let Some(first) = r.first.take() {
                let _ = first.send(Err(RegistryError::Unavailable(format!(
                    "{} not registered within {:?} at {}: {last_error}",
                    r.path, r.config.operation_timeout, r.config.connect
                ))));
            }
            return;
        };
        let Some(current) = next else { return };
        let ensured = tokio::select! {
            _ = r.cancel.cancelled() => break,
            _ = r.stop.cancelled() => return,
            _ = deadline_while(armed, deadline) => continue,
            ensured = ensure_node(&current, &r.parent, &r.path, &r.data) => ensured,
        };
        match ensured {
            Ok(()) => {
                if let Some(first) = r.first.take() {
                    let _ = first.send(Ok(()));
                }
                tokio::select! {
                    _ = r.cancel.cancelled() => break,
                    _ = r.stop.cancelled() => return,
                    // A new session, or a reconnect: check again.
                    _ = r.session.changed() => {}
                }
            }
            Err(e) => {
                last_error = describe(&e);
                tokio::select! {
                    _ = r.cancel.cancelled() => break,
                    _ = r.stop.cancelled() => return,
                    _ = tokio::time::sleep(r.config.retry_interval) => {}
                }
            }
        }
    }
    // Deregistration: delete with the current session, retrying until
    // the operation timeout. With no session the znode went with the
    // last one.
    let deadline = Instant::now() + r.config.operation_timeout;
    let outcome = loop {
        let current = r.session.borrow().clone();
        let Some(current) = current else { break Ok(()) };
        match tokio::time::timeout_at(deadline, delete_own(&current, &r.path)).await {
            Ok(Ok(())) => break Ok(()),
            Ok(Err(_)) if Instant::now() + r.config.retry_interval < deadline => {
                tokio::time::sleep(r.config.retry_interval).await;
            }
            Ok(Err(e)) => break Err(RegistryError::Unavailable(describe(&e))),
            Err(_) => {
                break Err(RegistryError::Unavailable(format!(
                    "{} not deleted within {:?}",
                    r.path, r.config.operation_timeout
                )));
            }
        }
    };
    let _ = r.done.send(outcome);
}

struct ZooKeeperLease {
    _registry: Arc<Inner>,
    cancel: CancellationToken,
    done: Mutex<Option<oneshot::Receiver<Result<(), RegistryError>>>>,
}

impl Lease for ZooKeeperLease {
    fn end(&self) -> RegistryFuture<'_, Result<(), RegistryError>> {
        self.cancel.cancel();
        let done = self
            .done
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        Box::pin(async move {
            match done {
                Some(done) => done.await.unwrap_or(Ok(())),
                None => Ok(()),
            }
        })
    }

    fn end_in_background(&self) {
        self.cancel.cancel();
    }
}

impl Registry for ZooKeeperRegistry {
    fn register(
        &self,
        mut endpoint: Endpoint,
    ) -> RegistryFuture<'_, Result<Registration, RegistryError>> {
        let checked = check_name("service name", &endpoint.service)
            .and_then(|()| check_name("instance id", &endpoint.id));
        Box::pin(async move {
            checked?;
            endpoint.registration_time_ms = now_ms();
            let config = self.inner.config.clone();
            let parent = config.service_path(&endpoint.service);
            let path = format!("{parent}/{}", endpoint.id);
            let (first_tx, first_rx) = oneshot::channel();
            let (done_tx, done_rx) = oneshot::channel();
            let cancel = CancellationToken::new();
            self.inner.runtime.spawn(keep_registered(Registering {
                config,
                parent,
                path,
                data: to_curator_json(&endpoint),
                session: self.inner.session.clone(),
                cancel: cancel.clone(),
                stop: self.inner.stop.clone(),
                first: Some(first_tx),
                done: done_tx,
            }));
            let lease = ZooKeeperLease {
                _registry: self.inner.clone(),
                cancel: cancel.clone(),
                done: Mutex::new(Some(done_rx)),
            };
            match first_rx.await {
                Ok(Ok(())) => Ok(Registration::new(endpoint, Box::new(lease))),
                Ok(Err(e)) => Err(e),
                Err(_) => Err(RegistryError::Unavailable(
                    "the registry stopped".to_owned(),
                )),
            }
        })
    }

    fn watch(&self, service: &str) -> EndpointWatch {
        let (tx, rx) = watch::channel(Arc::new(Vec::new()));
        if check_name("service name", service).is_ok() {
            self.inner.runtime.spawn(keep_watching(
                self.inner.config.clone(),
                self.inner.config.service_path(service),
                tx,
                self.inner.session.clone(),
                self.inner.stop.clone(),
            ));
        }
        rx
    }
}

/// Reads the children of `path` and their data; a child that vanished
/// meanwhile or holds no valid instance is left out.
async fn read_endpoints(
    client: &zk::Client,
    path: &str,
) -> Result<(Vec<Endpoint>, zk::OneshotWatcher), zk::Error> {
    let (children, _, watcher) = match client.get_and_watch_children(path).await {
        Err(zk::Error::NoNode) => {
            client.mkdir(path, &persistent()).await?;
            client.get_and_watch_children(path).await?
        }
        other => other?,
    };
    let mut endpoints = Vec::with_capacity(children.len());
    for child in children {
        match client.get_data(&format!("{path}/{child}")).await {
            Ok((data, _)) => {
                if let Ok(Some(endpoint)) = from_curator_json(&data) {
                    endpoints.push(endpoint);
                }
            }
            Err(zk::Error::NoNode) => {}
            Err(e) => return Err(e),
        }
    }
    endpoints.sort_by(|a, b| a.id.cmp(&b.id));
    Ok((endpoints, watcher))
}

async fn keep_watching(
    config: ZooKeeperConfig,
    path: String,
    endpoints: watch::Sender<Endpoints>,
    mut session: Session,
    stop: CancellationToken,
) {
    loop {
        let client = tokio::select! {
            _ = stop.cancelled() => return,
            _ = endpoints.closed() => return,
            client = next_client(&mut session) => client,
        };
        let Some(client) = client else { return };
        let read = tokio::select! {
            _ = stop.cancelled() => return,
            _ = endpoints.closed() => return,
            read = read_endpoints(&client, &path) => read,
        };
        match read {
            Ok((list, watcher)) => {
                endpoints.send_if_modified(|current| {
                    let changed = **current != list;
                    if changed {
                        *current = Arc::new(list);
                    }
                    changed
                });
                tokio::select! {
                    _ = stop.cancelled() => return,
                    _ = endpoints.closed() => return,
                    _ = watcher.changed() => {}
                    _ = session.changed() => {}
                }
            }
            // The last set stays; try again shortly.
            Err(_) => tokio::select! {
                _ = stop.cancelled() => return,
                _ = endpoints.closed() => return,
                _ = tokio::time::sleep(config.retry_interval) => {}
            },
        }
    }
}
