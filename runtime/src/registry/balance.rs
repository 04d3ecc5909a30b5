//! Discovering clients: a channel over the live endpoints of a service.
//!
//! [`DiscoveringChannel`] (blocking, a [`Channel`]) and
//! [`AsyncDiscoveringChannel`] follow an [`EndpointWatch`] and keep one
//! per-endpoint channel for each live endpoint, made by a connector
//! ([`EndpointConnector`] / [`AsyncEndpointConnector`]: any channel —
//! the built-in [`FramedConnector`] and [`MultiplexedConnector`], or a
//! pool per endpoint). Per call:
//!
//! 1. The endpoint set is brought up to date with the watch (a cheap
//!    version check): new endpoints get a channel, removed ones are
//!    dropped from rotation and their channel is closed once the calls
//!    still running on it finish (drained).
//! 2. An endpoint is picked by the [`Balance`] among those not ejected
//!    (if every one is ejected, among all: better a doubtful endpoint than
//!    none).
//! 3. A call whose connection could not be established (nothing was
//!    sent) is tried on another endpoint; other errors are returned.
//! 4. With no live endpoint the call waits (polling the watch) up to
//!    [`DiscoveryConfig::wait_for_endpoint`], then fails with a
//!    `NotOpen` transport error naming the service.
//!
//! Outlier ejection: an endpoint whose connection cannot be established,
//! or that fails [`DiscoveryConfig::eject_after`] calls in a row with a
//! transport or protocol error, leaves rotation for
//! [`DiscoveryConfig::ejection_time`], before the registry notices.

use std::net::{TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use thrift::protocol::TSerializable;
use thrift::{TransportError, TransportErrorKind};

use super::{Endpoint, EndpointWatch};
use crate::codec::{Decode, Encode};
use crate::nonblocking::{AsyncChannel, AsyncConnection, ClientConfig, Transport};
use crate::{Channel, FramedChannel};

/// How a call picks among the live endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Balance {
    /// Each endpoint in turn.
    #[default]
    RoundRobin,
    /// At random, in proportion to the endpoints' weights (all weights 0:
    /// uniformly).
    WeightedRandom,
    /// The endpoint with the fewest calls running from this client (ties
    /// in turn).
    LeastOutstanding,
}

/// How a discovering channel behaves.
#[derive(Debug, Clone)]
pub struct DiscoveryConfig {
    pub balance: Balance,
    /// How long a call waits for a live endpoint (default 5 s).
    pub wait_for_endpoint: Duration,
    /// Consecutive transport or protocol failures that eject an endpoint
    /// (default 3; a connection that cannot be established ejects at once).
    pub eject_after: u32,
    /// How long an ejected endpoint stays out of rotation (default 5 s).
    pub ejection_time: Duration,
}

impl Default for DiscoveryConfig {
    fn default() -> Self {
        DiscoveryConfig {
            balance: Balance::RoundRobin,
            wait_for_endpoint: Duration::from_secs(5),
            eject_after: 3,
            ejection_time: Duration::from_secs(5),
        }
    }
}

impl DiscoveryConfig {
    pub fn balance(mut self, balance: Balance) -> Self {
        self.balance = balance;
        self
    }

    pub fn wait_for_endpoint(mut self, limit: Duration) -> Self {
        self.wait_for_endpoint = limit;
        self
    }

    pub fn eject_after(mut self, failures: u32) -> Self {
        self.eject_after = failures.max(1);
        self
    }

    pub fn ejection_time(mut self, time: Duration) -> Self {
        self.ejection_time = time;
        self
    }
}

/// Makes the blocking channel for one endpoint (called when it appears).
pub trait EndpointConnector: Send + Sync + 'static {
    type Channel: Channel + 'static;

    /// A channel to `endpoint`; should not connect yet (a failure here
    /// leaves the endpoint out until the endpoint set changes).
    fn channel(&self, endpoint: &Endpoint) -> thrift::Result<Self::Channel>;

    /// Whether `error` means the call's connection could not be
    /// established, so nothing was sent and another endpoint may be tried.
    /// Default: a `NotOpen` transport error.
    fn is_connect_failure(&self, error: &thrift::Error) -> bool {
        is_not_open(error)
    }
}

/// Makes the async channel for one endpoint.
pub trait AsyncEndpointConnector: Send + Sync + 'static {
    type Channel: AsyncChannel;

    fn channel(&self, endpoint: &Endpoint) -> thrift::Result<Self::Channel>;

    /// As [`EndpointConnector::is_connect_failure`].
    fn is_connect_failure(&self, error: &thrift::Error) -> bool {
        is_not_open(error)
    }
}

fn is_not_open(error: &thrift::Error) -> bool {
    matches!(error, thrift::Error::Transport(e) if e.kind == TransportErrorKind::NotOpen)
}

fn not_open(message: String) -> thrift::Error {
    thrift::Error::Transport(TransportError::new(TransportErrorKind::NotOpen, message))
}

/// Whether an error says the endpoint misbehaved (rather than the server
/// answering with an application error).
fn is_endpoint_failure(error: &thrift::Error) -> bool {
    matches!(
        error,
        thrift::Error::Transport(_) | thrift::Error::Protocol(_)
    )
}

struct Member<C> {
    endpoint: Endpoint,
    channel: C,
    outstanding: AtomicUsize,
    failures: AtomicU32,
    /// Until when the member is out of rotation, in nanoseconds since
    /// [`Core::epoch`]; 0: in rotation.
    ejected_until: AtomicU64,
}

impl<C> Member<C> {
    fn is_ejected(&self, now: u64) -> bool {
        self.ejected_until.load(Ordering::Relaxed) > now
    }

    fn eject(&self, until: u64) {
        self.failures.store(0, Ordering::Relaxed);
        self.ejected_until.store(until, Ordering::Relaxed);
    }
}

/// Counts a call as outstanding on its member while alive (also when an
/// async call is dropped).
struct InFlight<C>(Arc<Member<C>>);

impl<C> InFlight<C> {
    fn new(member: Arc<Member<C>>) -> Self {
        member.outstanding.fetch_add(1, Ordering::Relaxed);
        InFlight(member)
    }
}

impl<C> Drop for InFlight<C> {
    fn drop(&mut self) {
        self.0.outstanding.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The endpoint set and the balancer, shared by the blocking and async
/// channels.
struct Core<C> {
    service: String,
    config: DiscoveryConfig,
    watch: Mutex<EndpointWatch>,
    members: RwLock<Arc<Vec<Arc<Member<C>>>>>,
    next: AtomicUsize,
    /// What ejection times count from.
    epoch: Instant,
}

enum Pick<C> {
    Member(Arc<Member<C>>),
    /// No live endpoint at all.
    None,
    /// Every live endpoint was tried for this call.
    Exhausted,
}

impl<C> Core<C> {
    fn new(watch: EndpointWatch, config: DiscoveryConfig) -> Self {
        Core {
            service: String::new(),
            config,
            watch: Mutex::new(watch),
            members: RwLock::new(Arc::new(Vec::new())),
            next: AtomicUsize::new(0),
            epoch: Instant::now(),
        }
    }

    /// Takes in what the watch reports, if it changed; `make` builds the
    /// channel of a new endpoint.
    fn refresh(&self, make: impl Fn(&Endpoint) -> thrift::Result<C>, force: bool) {
        let endpoints = {
            let mut watch = self
                .watch
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if !force && !watch.has_changed().unwrap_or(false) {
                return;
            }
            watch.borrow_and_update().clone()
        };
        let current = self.members();
        let mut next = Vec::with_capacity(endpoints.len());
        for endpoint in endpoints.iter() {
            let same = |m: &&Arc<Member<C>>| {
                m.endpoint.id == endpoint.id
                    && m.endpoint.host == endpoint.host
                    && m.endpoint.port == endpoint.port
                    && m.endpoint.protocol == endpoint.protocol
                    && m.endpoint.transport == endpoint.transport
                    && m.endpoint.weight == endpoint.weight
            };
            match current.iter().find(same) {
                Some(member) => next.push(member.clone()),
                None => {
                    if let Ok(channel) = make(endpoint) {
                        next.push(Arc::new(Member {
                            endpoint: endpoint.clone(),
                            channel,
                            outstanding: AtomicUsize::new(0),
                            failures: AtomicU32::new(0),
                            ejected_until: AtomicU64::new(0),
                        }));
                    }
                }
            }
        }
        // Removed members are dropped once their last call returns.
        *self
            .members
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(next);
    }

    fn members(&self) -> Arc<Vec<Arc<Member<C>>>> {
        self.members
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    fn now(&self) -> u64 {
        self.epoch.elapsed().as_nanos() as u64
    }

    fn pick(&self, tried: &[Arc<Member<C>>]) -> Pick<C> {
        let members = self.members();
        if members.is_empty() {
            return Pick::None;
        }
        let now = self.now();
        let untried = |m: &&Arc<Member<C>>| !tried.iter().any(|t| Arc::ptr_eq(t, m));
        if !members.iter().any(|m| untried(&m)) {
            return Pick::Exhausted;
        }
        // Among the untried members in rotation; if every one is ejected,
        // among all untried ones.
        let any_healthy = members.iter().filter(untried).any(|m| !m.is_ejected(now));
        let eligible = |m: &&Arc<Member<C>>| untried(m) && (!any_healthy || !m.is_ejected(now));
        let candidates = || members.iter().filter(eligible);
        let count = candidates().count();
        let turn = self.next.fetch_add(1, Ordering::Relaxed);
        let chosen = match self.config.balance {
            Balance::RoundRobin => candidates().nth(turn % count),
            Balance::WeightedRandom => {
                let total: u64 = candidates().map(|m| u64::from(m.endpoint.weight)).sum();
                match total {
                    0 => candidates().nth(fastrand::usize(..count)),
                    _ => {
                        let mut point = fastrand::u64(..total);
                        candidates().find(|m| {
                            let weight = u64::from(m.endpoint.weight);
                            let here = point < weight;
                            point = point.saturating_sub(weight);
                            here
                        })
                    }
                }
            }
            Balance::LeastOutstanding => {
                let start = turn % count;
                candidates()
                    .skip(start)
                    .chain(candidates().take(start))
                    .min_by_key(|m| m.outstanding.load(Ordering::Relaxed))
            }
        };
        match chosen {
            Some(member) => Pick::Member(member.clone()),
            None => Pick::Exhausted,
        }
    }

    /// Records how a call on `member` went.
    fn record(&self, member: &Member<C>, outcome: Outcome) {
        match outcome {
            Outcome::Answered => member.failures.store(0, Ordering::Relaxed),
            Outcome::ConnectFailed => member.eject(self.ejection_end()),
            Outcome::Failed => {
                let failures = member.failures.fetch_add(1, Ordering::Relaxed) + 1;
                if failures >= self.config.eject_after {
                    member.eject(self.ejection_end());
                }
            }
        }
    }

    fn ejection_end(&self) -> u64 {
        self.now()
            .saturating_add(self.config.ejection_time.as_nanos() as u64)
            .max(1)
    }

    fn classify(&self, result: &thrift::Result<impl Sized>, connect_failure: bool) -> Outcome {
        match result {
            Ok(_) => Outcome::Answered,
            Err(_) if connect_failure => Outcome::ConnectFailed,
            Err(e) if is_endpoint_failure(e) => Outcome::Failed,
            Err(_) => Outcome::Answered,
        }
    }

    fn no_endpoint(&self, last: Option<thrift::Error>) -> thrift::Error {
        let waited = self.config.wait_for_endpoint;
        match last {
            Some(e) => not_open(format!(
                "no endpoint of service `{}` could be reached within {waited:?}; last error: {}",
                self.service,
                crate::processor::describe(&e)
            )),
            None => not_open(format!(
                "no live endpoint of service `{}` within {waited:?}",
                self.service
            )),
        }
    }

    fn snapshot(&self) -> Vec<Endpoint> {
        self.members().iter().map(|m| m.endpoint.clone()).collect()
    }
}

#[derive(Clone, Copy)]
enum Outcome {
    Answered,
    ConnectFailed,
    Failed,
}

/// How long to pause between looks at the watch while waiting.
const POLL: Duration = Duration::from_millis(10);

/// One call's way through the endpoints: which were tried, until when it
/// may wait, the last connection failure.
struct Attempt<C> {
    deadline: Instant,
    tried: Vec<Arc<Member<C>>>,
    last: Option<thrift::Error>,
}

impl<C> Attempt<C> {
    fn new(core: &Core<C>) -> Self {
        Attempt {
            deadline: Instant::now() + core.config.wait_for_endpoint,
            tried: Vec::new(),
            last: None,
        }
    }

    /// The endpoint to try next; `Err(None)` means wait a little and ask
    /// again, `Err(Some(e))` that the wait is over.
    fn next(
        &mut self,
        core: &Core<C>,
        make: impl Fn(&Endpoint) -> thrift::Result<C>,
    ) -> Result<Arc<Member<C>>, Option<thrift::Error>> {
        core.refresh(make, false);
        match core.pick(&self.tried) {
            Pick::Member(member) => Ok(member),
            Pick::None | Pick::Exhausted => {
                if Instant::now() >= self.deadline {
                    return Err(Some(core.no_endpoint(self.last.take())));
                }
                // Every endpoint had its chance: the next round may find
                // them (or new ones) back.
                self.tried.clear();
                Err(None)
            }
        }
    }

    /// Takes in a call's result: `Some` to return it, `None` to try
    /// another endpoint.
    fn finish<T>(
        &mut self,
        core: &Core<C>,
        member: Arc<Member<C>>,
        result: thrift::Result<T>,
        connect_failed: bool,
    ) -> Option<thrift::Result<T>> {
        core.record(&member, core.classify(&result, connect_failed));
        match result {
            Err(e) if connect_failed => {
                self.last = Some(e);
                self.tried.push(member);
                None
            }
            other => Some(other),
        }
    }
}

/// A blocking [`Channel`] over the live endpoints of a service; cheap to
/// clone.
pub struct DiscoveringChannel<F: EndpointConnector> {
    core: Arc<Core<F::Channel>>,
    connector: Arc<F>,
}

/// Clones share the endpoint set and its channels.
impl<F: EndpointConnector> Clone for DiscoveringChannel<F> {
    fn clone(&self) -> Self {
        DiscoveringChannel {
            core: self.core.clone(),
            connector: self.connector.clone(),
        }
    }
}

impl<F: EndpointConnector> std::fmt::Debug for DiscoveringChannel<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DiscoveringChannel")
            .field("service", &self.core.service)
            .field("endpoints", &self.core.snapshot())
            .finish()
    }
}

impl<F: EndpointConnector> DiscoveringChannel<F> {
    /// Calls `service`'s endpoints as `watch` reports them (from
    /// [`Registry::watch`](super::Registry::watch)).
    pub fn new(
        service: impl Into<String>,
        watch: EndpointWatch,
        config: DiscoveryConfig,
        connector: F,
    ) -> Self {
        let mut core = Core::new(watch, config);
        core.service = service.into();
        core.refresh(|e| connector.channel(e), true);
        DiscoveringChannel {
            core: Arc::new(core),
            connector: Arc::new(connector),
        }
    }

    /// The endpoints in rotation now (after taking in the watch).
    pub fn endpoints(&self) -> Vec<Endpoint> {
        self.core.refresh(|e| self.connector.channel(e), false);
        self.core.snapshot()
    }

    fn run<T>(&self, call: impl Fn(&F::Channel) -> thrift::Result<T>) -> thrift::Result<T> {
        let mut attempt = Attempt::new(&self.core);
        loop {
            let member = match attempt.next(&self.core, |e| self.connector.channel(e)) {
                Ok(member) => member,
                Err(Some(e)) => return Err(e),
                Err(None) => {
                    std::thread::sleep(POLL);
                    continue;
                }
            };
            let result = {
                let _in_flight = InFlight::new(member.clone());
                call(&member.channel)
            };
            let connect_failed = matches!(&result, Err(e) if self.connector.is_connect_failure(e));
            if let Some(result) = attempt.finish(&self.core, member, result, connect_failed) {
                return result;
            }
        }
    }
}

impl<F: EndpointConnector> Channel for DiscoveringChannel<F> {
    fn call<A, R>(&self, method: &str, args: &A) -> thrift::Result<R>
    where
        A: Encode + TSerializable,
        R: Decode + TSerializable,
    {
        self.run(|channel| channel.call(method, args))
    }

    fn call_oneway<A>(&self, method: &str, args: &A) -> thrift::Result<()>
    where
        A: Encode + TSerializable,
    {
        self.run(|channel| channel.call_oneway(method, args))
    }
}

/// An async channel over the live endpoints of a service; the same
/// behaviour as [`DiscoveringChannel`].
pub struct AsyncDiscoveringChannel<F: AsyncEndpointConnector> {
    core: Arc<Core<F::Channel>>,
    connector: Arc<F>,
}

/// Clones share the endpoint set and its channels.
impl<F: AsyncEndpointConnector> Clone for AsyncDiscoveringChannel<F> {
    fn clone(&self) -> Self {
        AsyncDiscoveringChannel {
            core: self.core.clone(),
            connector: self.connector.clone(),
        }
    }
}

impl<F: AsyncEndpointConnector> std::fmt::Debug for AsyncDiscoveringChannel<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AsyncDiscoveringChannel")
            .field("service", &self.core.service)
            .field("endpoints", &self.core.snapshot())
            .finish()
    }
}

/// One async call through the balancer: `$invoke` is the call on a
/// per-endpoint channel (the same code for two-way and oneway calls).
macro_rules! run_async {
    ($self:ident, |$channel:ident| $invoke:expr) => {{
        let mut attempt = Attempt::new(&$self.core);
        loop {
            let member = match attempt.next(&$self.core, |e| $self.connector.channel(e)) {
                Ok(member) => member,
                Err(Some(e)) => return Err(e),
                Err(None) => {
                    tokio::time::sleep(POLL).await;
                    continue;
                }
            };
            let result = {
                let _in_flight = InFlight::new(member.clone());
                let $channel = &member.channel;
                $invoke.await
            };
            let connect_failed =
                matches!(&result, Err(e) if $self.connector.is_connect_failure(e));
            if let Some(result) = attempt.finish(&$self.core, member, result, connect_failed) {
                return result;
            }
        }
    }};
}

impl<F: AsyncEndpointConnector> AsyncDiscoveringChannel<F> {
    pub fn new(
        service: impl Into<String>,
        watch: EndpointWatch,
        config: DiscoveryConfig,
        connector: F,
    ) -> Self {
        let mut core = Core::new(watch, config);
        core.service = service.into();
        core.refresh(|e| connector.channel(e), true);
        AsyncDiscoveringChannel {
            core: Arc::new(core),
            connector: Arc::new(connector),
        }
    }

    /// The endpoints in rotation now (after taking in the watch).
    pub fn endpoints(&self) -> Vec<Endpoint> {
        self.core.refresh(|e| self.connector.channel(e), false);
        self.core.snapshot()
    }
}

/// A generated `<Service>AsyncClient` runs over it.
impl<F: AsyncEndpointConnector> AsyncChannel for AsyncDiscoveringChannel<F> {
    /// Calls `method` on a live endpoint and decodes the reply's result
    /// struct.
    async fn call<A, R>(&self, method: &str, args: &A) -> thrift::Result<R>
    where
        A: Encode + Sync,
        R: Decode + Send,
    {
        run_async!(self, |channel| channel.call(method, args))
    }

    /// Sends a oneway call to a live endpoint.
    async fn call_oneway<A>(&self, method: &str, args: &A) -> thrift::Result<()>
    where
        A: Encode + Sync,
    {
        run_async!(self, |channel| channel.call_oneway(method, args))
    }
}

/// The built-in blocking connector: framed connections to each endpoint
/// (in the endpoint's protocol), opened on demand and kept for reuse, up
/// to `max_idle` per endpoint; an idle connection the server closed is
/// noticed before it is used, so a server that went away costs no call.
///
/// A stopgap until the `pool` feature's `PooledChannel` can be plugged in
/// as the per-endpoint channel.
#[derive(Debug, Clone)]
pub struct FramedConnector {
    pub connect_timeout: Duration,
    /// Read and write timeout of each call (default: none).
    pub call_timeout: Option<Duration>,
    pub max_idle: usize,
    /// For a multiplexing server: the service name sent as `Service:method`.
    pub multiplexed: Option<String>,
}

impl Default for FramedConnector {
    fn default() -> Self {
        FramedConnector {
            connect_timeout: Duration::from_secs(2),
            call_timeout: None,
            max_idle: 8,
            multiplexed: None,
        }
    }
}

/// The per-endpoint channel of [`FramedConnector`].
#[derive(Debug)]
pub struct FramedEndpoint {
    address: String,
    endpoint: Endpoint,
    config: FramedConnector,
    idle: Mutex<Vec<(FramedChannel<TcpStream>, TcpStream)>>,
}

impl EndpointConnector for FramedConnector {
    type Channel = FramedEndpoint;

    fn channel(&self, endpoint: &Endpoint) -> thrift::Result<FramedEndpoint> {
        if endpoint.transport != Transport::Framed {
            return Err(not_open(format!(
                "{}: FramedConnector speaks the framed transport only",
                endpoint.address()
            )));
        }
        Ok(FramedEndpoint {
            address: endpoint.address(),
            endpoint: endpoint.clone(),
            config: self.clone(),
            idle: Mutex::new(Vec::new()),
        })
    }
}

impl FramedEndpoint {
    fn take(&self) -> thrift::Result<(FramedChannel<TcpStream>, TcpStream)> {
        loop {
            let idle = self
                .idle
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .pop();
            match idle {
                Some((channel, probe)) if peer_still_there(&probe) => return Ok((channel, probe)),
                Some(_) => continue,
                None => return self.connect(),
            }
        }
    }

    fn connect(&self) -> thrift::Result<(FramedChannel<TcpStream>, TcpStream)> {
        let refused =
            |e: std::io::Error| not_open(format!("cannot connect to {}: {e}", self.address));
        let addrs = self.address.to_socket_addrs().map_err(refused)?;
        let mut last = std::io::Error::new(std::io::ErrorKind::NotFound, "no address");
        for addr in addrs {
            match TcpStream::connect_timeout(&addr, self.config.connect_timeout) {
                Ok(stream) => {
                    let _ = stream.set_nodelay(true);
                    stream
                        .set_read_timeout(self.config.call_timeout)
                        .map_err(refused)?;
                    stream
                        .set_write_timeout(self.config.call_timeout)
                        .map_err(refused)?;
                    let probe = stream.try_clone().map_err(refused)?;
                    let mut channel = FramedChannel::new(stream, self.endpoint.protocol);
                    if let Some(service) = &self.config.multiplexed {
                        channel = channel.multiplexed(service);
                    }
                    return Ok((channel, probe));
                }
                Err(e) => last = e,
            }
        }
        Err(refused(last))
    }

    fn give_back(&self, connection: (FramedChannel<TcpStream>, TcpStream)) {
        let mut idle = self
            .idle
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if idle.len() < self.config.max_idle {
            idle.push(connection);
        }
    }

    fn with<T>(
        &self,
        call: impl FnOnce(&FramedChannel<TcpStream>) -> thrift::Result<T>,
    ) -> thrift::Result<T> {
        let connection = self.take()?;
        let result = call(&connection.0);
        match &result {
            Ok(_) | Err(thrift::Error::Application(_)) | Err(thrift::Error::User(_)) => {
                self.give_back(connection)
            }
            // Broken (the channel refuses it from now on): dropped.
            Err(_) => {}
        }
        result
    }
}

/// Whether the server has not closed an idle connection (nothing may be
/// waiting to be read on an idle one: anything but "would block" means
/// closed or confused). One non-blocking peek, the socket left blocking.
#[cfg(unix)]
fn peer_still_there(probe: &TcpStream) -> bool {
    use std::os::fd::AsRawFd;
    let mut byte = 0u8;
    // SAFETY: a 1-byte buffer we own, on a socket we own; MSG_PEEK leaves
    // the byte (if any) in place.
    let got = unsafe {
        libc::recv(
            probe.as_raw_fd(),
            (&mut byte as *mut u8).cast(),
            1,
            libc::MSG_PEEK | libc::MSG_DONTWAIT,
        )
    };
    got < 0 && std::io::Error::last_os_error().kind() == std::io::ErrorKind::WouldBlock
}

#[cfg(not(unix))]
fn peer_still_there(probe: &TcpStream) -> bool {
    if probe.set_nonblocking(true).is_err() {
        return false;
    }
    let mut byte = [0u8; 1];
    let alive =
        matches!(probe.peek(&mut byte), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock);
    probe.set_nonblocking(false).is_ok() && alive
}

impl Channel for FramedEndpoint {
    fn call<A, R>(&self, method: &str, args: &A) -> thrift::Result<R>
    where
        A: Encode + TSerializable,
        R: Decode + TSerializable,
    {
        self.with(|channel| channel.call(method, args))
    }

    fn call_oneway<A>(&self, method: &str, args: &A) -> thrift::Result<()>
    where
        A: Encode + TSerializable,
    {
        self.with(|channel| channel.call_oneway(method, args))
    }
}

/// The built-in async connector: one [`AsyncConnection`] per endpoint,
/// carrying any number of calls at once, opened on first use and opened
/// again once it failed.
#[derive(Debug, Clone, Default)]
pub struct MultiplexedConnector {
    /// Protocol and transport come from each endpoint; the rest (timeouts,
    /// multiplexed service name, message cap) from here.
    pub config: ClientConfig,
}

/// The per-endpoint channel of [`MultiplexedConnector`].
#[derive(Debug)]
pub struct MultiplexedEndpoint {
    address: String,
    config: ClientConfig,
    current: Mutex<Option<AsyncConnection>>,
    connecting: tokio::sync::Mutex<()>,
}

impl AsyncEndpointConnector for MultiplexedConnector {
    type Channel = MultiplexedEndpoint;

    fn channel(&self, endpoint: &Endpoint) -> thrift::Result<MultiplexedEndpoint> {
        let config = self
            .config
            .clone()
            .protocol(endpoint.protocol)
            .transport(endpoint.transport);
        Ok(MultiplexedEndpoint {
            address: endpoint.address(),
            config,
            current: Mutex::new(None),
            connecting: tokio::sync::Mutex::new(()),
        })
    }
}

impl MultiplexedEndpoint {
    fn usable(&self) -> Option<AsyncConnection> {
        let current = self
            .current
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        current.as_ref().filter(|c| c.is_usable()).cloned()
    }

    async fn connection(&self) -> thrift::Result<AsyncConnection> {
        if let Some(connection) = self.usable() {
            return Ok(connection);
        }
        let _connecting = self.connecting.lock().await;
        if let Some(connection) = self.usable() {
            return Ok(connection);
        }
        let connection = AsyncConnection::connect(self.address.as_str(), &self.config)
            .await
            .map_err(|e| not_open(format!("cannot connect to {}: {e}", self.address)))?;
        *self
            .current
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(connection.clone());
        Ok(connection)
    }
}

impl AsyncChannel for MultiplexedEndpoint {
    async fn call<A, R>(&self, method: &str, args: &A) -> thrift::Result<R>
    where
        A: Encode + Sync,
        R: Decode + Send,
    {
        self.connection().await?.call(method, args).await
    }

    async fn call_oneway<A>(&self, method: &str, args: &A) -> thrift::Result<()>
    where
        A: Encode + Sync,
    {
        self.connection().await?.call_oneway(method, args).await
    }
}

/// Whether a pool's borrow failed (no connection could be opened, or
/// all were lent): nothing was sent, so another endpoint may be tried.
#[cfg(feature = "pool")]
fn is_pool_connect_failure(error: &thrift::Error) -> bool {
    crate::pool::nothing_sent(error)
        || matches!(error, thrift::Error::Transport(e) if e.kind == TransportErrorKind::NotOpen)
}

/// A blocking [`PooledChannel`](crate::pool::PooledChannel) (r2d2) per
/// endpoint, configured by `template` with the endpoint's address,
/// protocol and transport. Keep `pool.max_wait` short: a call to an
/// endpoint that cannot be reached waits that long before it moves on to
/// another endpoint (once; the endpoint is then ejected).
#[cfg(feature = "pool")]
#[derive(Debug, Clone)]
pub struct PooledConnector {
    pub template: crate::pool::PoolConfig,
}

#[cfg(feature = "pool")]
impl PooledConnector {
    pub fn new(template: crate::pool::PoolConfig) -> Self {
        PooledConnector { template }
    }

    fn config(&self, endpoint: &Endpoint) -> crate::pool::PoolConfig {
        let mut config = self.template.clone();
        config.connection.addresses = vec![endpoint.address()];
        config
            .protocol(endpoint.protocol)
            .transport(endpoint.transport)
    }
}

#[cfg(feature = "pool")]
fn pool_config_error(e: crate::pool::ConfigError) -> thrift::Error {
    not_open(format!("bad pool configuration: {e}"))
}

#[cfg(feature = "pool")]
impl EndpointConnector for PooledConnector {
    type Channel = crate::pool::PooledChannel;

    fn channel(&self, endpoint: &Endpoint) -> thrift::Result<crate::pool::PooledChannel> {
        crate::pool::PooledChannel::for_service(&endpoint.service, &self.config(endpoint))
            .map_err(pool_config_error)
    }

    fn is_connect_failure(&self, error: &thrift::Error) -> bool {
        is_pool_connect_failure(error)
    }
}

/// An async [`AsyncPooledChannel`](crate::pool::AsyncPooledChannel) (bb8)
/// per endpoint, as [`PooledConnector`]; the channel discovering with it
/// must be made inside a tokio runtime.
#[cfg(feature = "async-pool")]
#[derive(Debug, Clone)]
pub struct AsyncPooledConnector {
    pub template: crate::pool::PoolConfig,
}

#[cfg(feature = "async-pool")]
impl AsyncPooledConnector {
    pub fn new(template: crate::pool::PoolConfig) -> Self {
        AsyncPooledConnector { template }
    }
}

#[cfg(feature = "async-pool")]
impl AsyncEndpointConnector for AsyncPooledConnector {
    type Channel = crate::pool::AsyncPooledChannel;

    fn channel(&self, endpoint: &Endpoint) -> thrift::Result<crate::pool::AsyncPooledChannel> {
        let config = PooledConnector::new(self.template.clone()).config(endpoint);
        crate::pool::AsyncPooledChannel::for_service(&endpoint.service, &config)
            .map_err(pool_config_error)
    }

    fn is_connect_failure(&self, error: &thrift::Error) -> bool {
        is_pool_connect_failure(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::{Endpoints, Registry, StaticRegistry};

    /// A fake per-endpoint channel: a counter, and a switch to refuse
    /// connections.
    struct Fake {
        id: String,
    }

    struct FakeConnector {
        refuse: Arc<Mutex<Vec<String>>>,
    }

    impl EndpointConnector for FakeConnector {
        type Channel = FakeChannel;
        fn channel(&self, endpoint: &Endpoint) -> thrift::Result<FakeChannel> {
            Ok(FakeChannel {
                fake: Fake {
                    id: endpoint.id.clone(),
                },
                refuse: self.refuse.clone(),
            })
        }
    }

    struct FakeChannel {
        fake: Fake,
        refuse: Arc<Mutex<Vec<String>>>,
    }

    impl FakeChannel {
        fn answer<R: Decode>(&self) -> thrift::Result<R> {
            if self.refuse.lock().unwrap().contains(&self.fake.id) {
                return Err(not_open(format!("{} refused", self.fake.id)));
            }
            // The reply is the endpoint id, as a binary-encoded string
            // result struct: decode it through the codec.
            let mut bytes = Vec::new();
            let mut encoder = crate::codec::BinaryEncoder::new(&mut bytes);
            crate::codec::Encoder::write_string(&mut encoder, &self.fake.id)?;
            R::decode(&mut crate::codec::BinaryDecoder::new(&bytes))
        }
    }

    impl Channel for FakeChannel {
        fn call<A, R>(&self, _: &str, _: &A) -> thrift::Result<R>
        where
            A: Encode + TSerializable,
            R: Decode + TSerializable,
        {
            self.answer()
        }
        fn call_oneway<A>(&self, _: &str, _: &A) -> thrift::Result<()>
        where
            A: Encode + TSerializable,
        {
            self.answer::<Id>().map(drop)
        }
    }

    /// A "result" that is just a string: what FakeChannel answers.
    #[derive(Debug)]
    struct Id(String);

    impl Decode for Id {
        fn decode<D: crate::codec::Decoder>(decoder: &mut D) -> thrift::Result<Self> {
            decoder.read_string().map(Id)
        }
    }

    impl TSerializable for Id {
        fn read_from_in_protocol(
            _: &mut dyn thrift::protocol::TInputProtocol,
        ) -> thrift::Result<Self> {
            unimplemented!("only decoded through the codec in these tests")
        }
        fn write_to_out_protocol(
            &self,
            _: &mut dyn thrift::protocol::TOutputProtocol,
        ) -> thrift::Result<()> {
            unimplemented!("only decoded through the codec in these tests")
        }
    }

    #[derive(Debug)]
    struct NoArgs;

    impl Encode for NoArgs {
        fn encode<E: crate::codec::Encoder>(&self, encoder: &mut E) -> thrift::Result<()> {
            let scope = encoder.write_struct_begin()?;
            encoder.write_field_stop()?;
            encoder.write_struct_end(scope)
        }
    }

    impl TSerializable for NoArgs {
        fn read_from_in_protocol(
            _: &mut dyn thrift::protocol::TInputProtocol,
        ) -> thrift::Result<Self> {
            Ok(NoArgs)
        }
        fn write_to_out_protocol(
            &self,
            _: &mut dyn thrift::protocol::TOutputProtocol,
        ) -> thrift::Result<()> {
            Ok(())
        }
    }

    fn registry(ids: &[(&str, u32)]) -> StaticRegistry {
        StaticRegistry::new(
            ids.iter()
                .map(|(id, w)| Endpoint::new("S", "127.0.0.1", 1).id(*id).weight(*w)),
        )
    }

    fn tally(
        channel: &DiscoveringChannel<FakeConnector>,
        calls: usize,
    ) -> std::collections::BTreeMap<String, usize> {
        let mut counts = std::collections::BTreeMap::new();
        for _ in 0..calls {
            let Id(id) = channel.call("m", &NoArgs).unwrap();
            *counts.entry(id).or_insert(0) += 1;
        }
        counts
    }

    fn channel(
        registry: &StaticRegistry,
        config: DiscoveryConfig,
        refuse: Arc<Mutex<Vec<String>>>,
    ) -> DiscoveringChannel<FakeConnector> {
        DiscoveringChannel::new("S", registry.watch("S"), config, FakeConnector { refuse })
    }

    #[test]
    fn round_robin_is_even_and_weighted_random_follows_weights() {
        let registry = registry(&[("a", 1), ("b", 1), ("c", 2)]);
        let refuse = Arc::new(Mutex::new(Vec::new()));
        let rr = channel(&registry, DiscoveryConfig::default(), refuse.clone());
        let counts = tally(&rr, 300);
        assert_eq!(
            counts.values().copied().collect::<Vec<_>>(),
            vec![100, 100, 100]
        );
        let weighted = channel(
            &registry,
            DiscoveryConfig::default().balance(Balance::WeightedRandom),
            refuse,
        );
        let counts = tally(&weighted, 4000);
        let c = counts["c"] as f64;
        let a = counts["a"] as f64;
        assert!((1.6..2.4).contains(&(c / a)), "{counts:?}");
    }

    #[test]
    fn follows_the_watch_and_skips_endpoints_that_refuse() {
        let registry = registry(&[("a", 1), ("b", 1)]);
        let refuse = Arc::new(Mutex::new(vec!["a".to_owned()]));
        let config = DiscoveryConfig::default().ejection_time(Duration::from_secs(60));
        let channel = channel(&registry, config, refuse.clone());
        // a refuses: every call lands on b, none fails; a is ejected.
        assert_eq!(tally(&channel, 10).get("b"), Some(&10));
        refuse.lock().unwrap().clear();
        assert_eq!(tally(&channel, 10).get("b"), Some(&10), "a stays ejected");
        registry.add(Endpoint::new("S", "127.0.0.1", 1).id("c"));
        let counts = tally(&channel, 10);
        assert_eq!(counts.get("c"), Some(&5), "{counts:?}");
        registry.remove("S", "b");
        registry.remove("S", "c");
        // Only the ejected a is left: it is used rather than nothing.
        assert_eq!(channel.call::<_, Id>("m", &NoArgs).unwrap().0, "a");
    }

    #[test]
    fn waits_for_an_endpoint_then_fails_clearly() {
        let registry = StaticRegistry::default();
        let config = DiscoveryConfig::default().wait_for_endpoint(Duration::from_millis(200));
        let channel = channel(&registry, config, Arc::default());
        let started = Instant::now();
        let error = channel.call::<_, Id>("m", &NoArgs).unwrap_err();
        assert!(started.elapsed() >= Duration::from_millis(200));
        let message = crate::processor::describe(&error);
        assert!(
            message.contains("no live endpoint of service `S`"),
            "{message}"
        );
        // One turning up during the wait is used.
        let late = registry.clone();
        let adder = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(50));
            late.add(Endpoint::new("S", "127.0.0.1", 1).id("z"));
        });
        assert_eq!(channel.call::<_, Id>("m", &NoArgs).unwrap().0, "z");
        adder.join().unwrap();
        let _: Endpoints = registry.watch("S").borrow().clone();
    }
}
