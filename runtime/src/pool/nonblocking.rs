//! [`AsyncPooledChannel`]: an [`AsyncChannel`] over a bb8 pool of
//! [`AsyncConnection`]s, never more than `pool.max_size` of them.
//!
//! An async connection carries any number of calls at once (replies are
//! matched by sequence id), so by default ([`PoolMode::Multiplexed`])
//! calls share a connection: the channel holds one connection lent by bb8
//! (a *lease*) while calls run and hands it to each call, so a call costs
//! a lock and a check that the connection still works rather than a bb8
//! borrow (a lock taken several times, clock reads, a timeout). bb8
//! counts the lease as lent the whole time. It goes back to bb8 when the
//! last running call ends (so an idle channel holds nothing and
//! `pool.idle_timeout` applies), after [`CALLS_PER_LEASE`] calls (so
//! `pool.max_lifetime` applies under steady load too) and at once when
//! its connection broke (bb8 then discards it). Every call runs on the
//! lease of its time; a connection borrowed while another call made a
//! lease goes back unused. A pool of a few such
//! connections carries any concurrency; [`PoolMode::Exclusive`] lends a
//! connection for a whole call, as commons-pool2 does, which caps the
//! calls in flight at `pool.max_size` (the README compares the two).

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tracing::Instrument;

use super::addresses::Addresses;
use super::state::{ConnectError, Counters, PoolState};
use super::{CallSpan, ConfigError, PoolConfig, PoolMode, RetryPolicy};
use crate::codec::{Decode, Encode};
use crate::nonblocking::{AsyncChannel, AsyncConnection, ClientConfig};

/// An async channel over a pool of connections. Cheap to clone: clones
/// share the pool.
#[derive(Debug, Clone)]
pub struct AsyncPooledChannel {
    shared: Arc<Shared>,
}

/// Multiplexed mode: calls a lease is handed to before it goes back to
/// bb8 (which then checks it, and its age against `pool.max_lifetime`)
/// and a new one is borrowed; a bb8 borrow costs about as much as a
/// hundred lease hand-outs.
const CALLS_PER_LEASE: u32 = 64;

#[derive(Debug)]
struct Shared {
    pool: bb8::Pool<Manager>,
    /// Multiplexed mode: the lease and the calls sharing it.
    sharing: Mutex<Sharing>,
    /// Multiplexed mode: a lease was made; calls waiting for bb8 take it
    /// instead (with every connection lent, the lease among them, they
    /// would wait for nothing).
    lease_made: tokio::sync::Notify,
    counters: Arc<Counters>,
    retry: RetryPolicy,
    mode: PoolMode,
    max_wait: Duration,
    service: String,
    addresses: String,
}

/// The connection multiplexed calls share.
#[derive(Debug, Default)]
struct Sharing {
    lease: Option<Lease>,
    /// Calls running (multiplexed mode); the last to end gives the lease
    /// back.
    calls: usize,
}

/// A connection lent by bb8 (and counted by it as lent) that running
/// calls share.
#[derive(Debug)]
struct Lease {
    lent: bb8::PooledConnection<'static, Manager>,
    /// Hand-outs left before it goes back to bb8.
    calls_left: u32,
}

/// A multiplexed call's share of the lease, for as long as the call runs
/// (its future is dropped, say); the last one to go gives the lease back.
struct SharingCall<'a> {
    shared: &'a Shared,
}

impl<'a> SharingCall<'a> {
    /// Counts the call in, and hands it the lease's connection if it
    /// can (one lock for both).
    fn join(shared: &'a Shared) -> (SharingCall<'a>, Option<(AsyncConnection, Arc<str>)>) {
        let mut sharing = shared.sharing();
        sharing.calls += 1;
        let picked = sharing.hand_out();
        drop(sharing);
        (SharingCall { shared }, picked)
    }
}

impl Drop for SharingCall<'_> {
    fn drop(&mut self) {
        let given_back = {
            let mut sharing = self.shared.sharing();
            sharing.calls -= 1;
            match sharing.calls {
                0 => sharing.lease.take(),
                _ => None,
            }
        };
        // Dropped outside our lock: bb8 takes its own.
        drop(given_back);
    }
}

impl Sharing {
    /// The lease's connection for one more call, if it has calls left
    /// and still works (the check bb8 makes on borrow, per call).
    fn hand_out(&mut self) -> Option<(AsyncConnection, Arc<str>)> {
        let lease = self.lease.as_mut()?;
        if lease.calls_left == 0 || !lease.lent.connection.is_usable() {
            return None;
        }
        lease.calls_left -= 1;
        let lent = &lease.lent;
        Some((lent.connection.clone(), lent.peer.clone()))
    }
}

impl Shared {
    fn sharing(&self) -> MutexGuard<'_, Sharing> {
        // Nothing panics while holding it.
        self.sharing.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Gives the lease back to bb8 (which discards it) if its connection
    /// broke, before any other call is handed it.
    fn give_back_broken_lease(&self) {
        let broken = {
            let mut sharing = self.sharing();
            match &sharing.lease {
                Some(lease) if !lease.lent.connection.is_usable() => sharing.lease.take(),
                _ => None,
            }
        };
        drop(broken);
    }
}

/// A pooled connection and where it goes (for spans).
#[derive(Debug)]
struct Pooled {
    connection: AsyncConnection,
    peer: Arc<str>,
}

#[derive(Debug)]
struct Manager {
    config: ClientConfig,
    addresses: Addresses,
    counters: Arc<Counters>,
}

impl bb8::ManageConnection for Manager {
    type Connection = Pooled;
    type Error = ConnectError;

    async fn connect(&self) -> Result<Pooled, ConnectError> {
        let mut failures = Vec::new();
        for address in self.addresses.in_turn() {
            match AsyncConnection::connect(address, &self.config).await {
                Ok(connection) => {
                    self.counters.connected();
                    return Ok(Pooled {
                        connection,
                        peer: address.into(),
                    });
                }
                Err(e) => failures.push(format!("{address}: {e}")),
            }
        }
        Err(self.counters.none_connected(&failures))
    }

    async fn is_valid(&self, pooled: &mut Pooled) -> Result<(), ConnectError> {
        match pooled.connection.failure() {
            None => Ok(()),
            Some(e) => {
                Counters::bump(&self.counters.discarded);
                Err(ConnectError(e.to_string()))
            }
        }
    }

    fn has_broken(&self, pooled: &mut Pooled) -> bool {
        let broken = !pooled.connection.is_usable();
        if broken {
            Counters::bump(&self.counters.discarded);
        }
        broken
    }
}

impl AsyncPooledChannel {
    /// A pool as `config` says; must be called inside a tokio runtime
    /// (the pool's upkeep runs as tasks there). No connection is opened
    /// yet but the `pool.min_idle` ones.
    pub fn new(config: &PoolConfig) -> Result<AsyncPooledChannel, ConfigError> {
        let name = config.client.service.clone().unwrap_or_default();
        Self::for_service(&name, config)
    }

    /// As [`new`](Self::new), naming the IDL service in each call's span.
    pub fn for_service(
        service: &str,
        config: &PoolConfig,
    ) -> Result<AsyncPooledChannel, ConfigError> {
        config.validate()?;
        let connection = &config.connection;
        let client = ClientConfig::default()
            .protocol(config.client.protocol)
            .transport(config.client.transport)
            .connect_timeout(Some(connection.connect_timeout))
            .call_timeout(connection.read_timeout)
            .max_message_size(connection.max_message_size);
        let client = match &config.client.service {
            Some(name) => client.multiplexed(name.clone()),
            None => client,
        };
        let counters = Arc::new(Counters::default());
        let manager = Manager {
            config: client,
            addresses: Addresses::new(connection.addresses.clone()),
            counters: counters.clone(),
        };
        let addresses = manager.addresses.describe();
        let limits = &config.pool;
        let pool = bb8::Pool::builder()
            .max_size(limits.max_size)
            .min_idle(Some(limits.min_idle).filter(|n| *n > 0))
            .connection_timeout(limits.max_wait)
            .idle_timeout(limits.idle_timeout)
            .max_lifetime(limits.max_lifetime)
            .test_on_check_out(limits.test_on_borrow)
            // Multiplexed: the connection given back last is lent next,
            // so calls pile onto one connection (and share its writes)
            // while the others idle out; FIFO would spread them thin.
            .queue_strategy(match limits.mode {
                PoolMode::Multiplexed => bb8::QueueStrategy::Lifo,
                PoolMode::Exclusive => bb8::QueueStrategy::Fifo,
            })
            .build_unchecked(manager);
        Ok(AsyncPooledChannel {
            shared: Arc::new(Shared {
                pool,
                sharing: Mutex::default(),
                lease_made: tokio::sync::Notify::new(),
                counters,
                retry: config.retry.clone(),
                mode: limits.mode,
                max_wait: limits.max_wait,
                service: service.to_owned(),
                addresses,
            }),
        })
    }

    /// What the pool holds and has done.
    pub fn state(&self) -> PoolState {
        let shared = &self.shared;
        let state = shared.pool.state();
        let stats = &state.statistics;
        PoolState {
            max_size: shared.pool.config().max_size,
            connections: state.connections,
            idle: state.idle_connections,
            in_use: state.connections - state.idle_connections,
            waiting: stats.pending_gets(),
            created: Counters::read(&shared.counters.created),
            discarded: Counters::read(&shared.counters.discarded),
            timed_out: stats.get_timed_out,
        }
    }

    /// A connection of the pool to use freely (for a batch, say); it
    /// stays in the pool for other calls meanwhile.
    pub async fn connection(&self) -> thrift::Result<AsyncConnection> {
        self.borrow().await.map(|lent| lent.connection.clone())
    }

    async fn borrow(&self) -> thrift::Result<bb8::PooledConnection<'_, Manager>> {
        self.shared
            .pool
            .get()
            .await
            .map_err(|e| self.no_connection(e))
    }

    fn no_connection(&self, error: bb8::RunError<ConnectError>) -> thrift::Error {
        let shared = &self.shared;
        if let bb8::RunError::User(e) = error {
            shared.counters.connect_failed(&e.to_string());
        }
        (shared.counters).no_connection(&shared.addresses, shared.max_wait, &self.state())
    }

    /// Multiplexed mode: the lease's connection, unless it broke or has
    /// been handed out [`CALLS_PER_LEASE`] times; else one borrowed from
    /// bb8 becomes the lease. Every call runs on the lease of its time.
    async fn shared_connection(&self) -> thrift::Result<(AsyncConnection, Arc<str>)> {
        let shared = &*self.shared;
        loop {
            let lease_made = shared.lease_made.notified();
            tokio::pin!(lease_made);
            // Listening before looking: a lease made from here on wakes it.
            lease_made.as_mut().enable();
            let given_back = {
                let mut sharing = shared.sharing();
                if let Some(picked) = sharing.hand_out() {
                    return Ok(picked);
                }
                sharing.lease.take()
            };
            // Outside our lock: bb8 discards it if broken or too old.
            drop(given_back);
            // Dropping bb8's borrow midway is safe (bb8 says so).
            let lent = tokio::select! {
                lent = self.borrow_working() => lent?,
                () = &mut lease_made => continue,
            };
            let (picked, spare, replaced) = {
                let mut sharing = shared.sharing();
                match sharing.hand_out() {
                    // Another call made a lease meanwhile: ours goes back.
                    Some(picked) => (picked, Some(lent), None),
                    None => {
                        let picked = (lent.connection.clone(), lent.peer.clone());
                        let lease = Lease {
                            lent,
                            calls_left: CALLS_PER_LEASE - 1,
                        };
                        (picked, None, sharing.lease.replace(lease))
                    }
                }
            };
            if spare.is_none() {
                shared.lease_made.notify_waiters();
            }
            drop((spare, replaced));
            return Ok(picked);
        }
    }

    /// A connection from bb8 that still works: one that broke while idle
    /// goes back to bb8 (which discards it) even when the check on
    /// borrow is off, for up to `max_size` more tries.
    async fn borrow_working(&self) -> thrift::Result<bb8::PooledConnection<'static, Manager>> {
        let pool = &self.shared.pool;
        let mut tries = pool.config().max_size;
        loop {
            let lent = pool.get_owned().await.map_err(|e| self.no_connection(e))?;
            if tries == 0 || lent.connection.is_usable() {
                // The last try's failure, if any, is the call's.
                return Ok(lent);
            }
            // Back to bb8, which finds it broken and discards it.
            drop(lent);
            tries -= 1;
        }
    }

    /// Runs `call` on a pooled connection, as often as the retry policy
    /// allows for a failure that broke the connection.
    async fn run<T, F, Fut>(&self, method: &str, oneway: bool, call: F) -> thrift::Result<T>
    where
        F: Fn(AsyncConnection) -> Fut,
        Fut: Future<Output = thrift::Result<T>>,
    {
        let call_span = CallSpan::start(&self.shared.service, method);
        let span = &call_span.span;
        let attempts = self.shared.retry.attempts(method, oneway);
        let calls = self.attempt(span, attempts, call);
        // A disabled span is not entered and left at every poll.
        let (attempt, result) = match span.is_disabled() {
            true => calls.await,
            false => calls.instrument(span.clone()).await,
        };
        call_span.finish(attempt, &result);
        result
    }

    /// The attempts at `call`: how many were made, and the last result.
    async fn attempt<T, F, Fut>(
        &self,
        span: &tracing::Span,
        attempts: u32,
        call: F,
    ) -> (u32, thrift::Result<T>)
    where
        F: Fn(AsyncConnection) -> Fut,
        Fut: Future<Output = thrift::Result<T>>,
    {
        let (_sharing, mut handed) = match self.shared.mode {
            PoolMode::Multiplexed => {
                let (sharing, handed) = SharingCall::join(&self.shared);
                (Some(sharing), handed)
            }
            PoolMode::Exclusive => (None, None),
        };
        let mut attempt = 1;
        loop {
            // bb8's futures are boxed: they are large, and off the
            // multiplexed hot path, whose future stays small to move.
            let (connection, held) = match self.shared.mode {
                PoolMode::Multiplexed => {
                    let handed = match handed.take() {
                        Some(handed) => Some(handed),
                        None => self.shared.sharing().hand_out(),
                    };
                    let (connection, peer) = match handed {
                        Some(handed) => handed,
                        None => match Box::pin(self.shared_connection()).await {
                            Ok(picked) => picked,
                            Err(e) => return (attempt, Err(e)),
                        },
                    };
                    span.record("peer", &*peer);
                    (connection, None)
                }
                PoolMode::Exclusive => {
                    let lent = match Box::pin(self.borrow()).await {
                        Ok(lent) => lent,
                        Err(e) => return (attempt, Err(e)),
                    };
                    span.record("peer", &*lent.peer);
                    (lent.connection.clone(), Some(lent))
                }
            };
            let result = call(connection.clone()).await;
            drop(held);
            if result.is_err() && !connection.is_usable() {
                self.shared.give_back_broken_lease();
                if attempt < attempts {
                    attempt += 1;
                    tokio::time::sleep(self.shared.retry.backoff).await;
                    continue;
                }
            }
            return (attempt, result);
        }
    }
}

impl AsyncChannel for AsyncPooledChannel {
    async fn call<A, R>(&self, method: &str, args: &A) -> thrift::Result<R>
    where
        A: Encode + Sync,
        R: Decode + Send,
    {
        self.run(method, false, |connection| async move {
            connection.call(method, args).await
        })
        .await
    }

    async fn call_oneway<A>(&self, method: &str, args: &A) -> thrift::Result<()>
    where
        A: Encode + Sync,
    {
        self.run(method, true, |connection| async move {
            connection.call_oneway(method, args).await
        })
        .await
    }
}
