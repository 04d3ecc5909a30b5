//! [`AsyncPooledChannel`]: an [`AsyncChannel`] over a bb8 pool of
//! [`AsyncConnection`]s, never more than `pool.max_size` of them.
//!
//! An async connection carries any number of calls at once (replies are
//! matched by sequence id), so by default ([`PoolMode::Multiplexed`]) a
//! call borrows a connection only to pick it: the handle is given back at
//! once and the call proceeds on it while other calls share it. A pool of
//! a few such connections carries any concurrency; [`PoolMode::Exclusive`]
//! lends a connection for a whole call, as commons-pool2 does, which caps
//! the calls in flight at `pool.max_size` (the README compares the two).

use std::sync::Arc;
use std::time::{Duration, Instant};

use tracing::Instrument;

use super::addresses::Addresses;
use super::state::{ConnectError, Counters, PoolState};
use super::{ConfigError, PoolConfig, PoolMode, RetryPolicy, call_span, finish_span};
use crate::codec::{Decode, Encode};
use crate::nonblocking::{AsyncChannel, AsyncConnection, ClientConfig};

/// An async channel over a pool of connections. Cheap to clone: clones
/// share the pool.
#[derive(Debug, Clone)]
pub struct AsyncPooledChannel {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    pool: bb8::Pool<Manager>,
    counters: Arc<Counters>,
    retry: RetryPolicy,
    mode: PoolMode,
    max_wait: Duration,
    service: String,
    addresses: String,
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
        let shared = &self.shared;
        shared.pool.get().await.map_err(|e| {
            if let bb8::RunError::User(e) = e {
                shared.counters.connect_failed(&e.to_string());
            }
            (shared.counters).no_connection(&shared.addresses, shared.max_wait, &self.state())
        })
    }

    /// Runs `call` on a borrowed connection, as often as the retry policy
    /// allows for a failure that broke the connection.
    async fn run<T, F, Fut>(&self, method: &str, oneway: bool, call: F) -> thrift::Result<T>
    where
        F: Fn(AsyncConnection) -> Fut,
        Fut: Future<Output = thrift::Result<T>>,
    {
        let span = call_span(&self.shared.service, method);
        let started = Instant::now();
        let attempts = self.shared.retry.attempts(method, oneway);
        let mut attempt = 1;
        let result = async {
            loop {
                let lent = self.borrow().await?;
                span.record("peer", &*lent.peer);
                let connection = lent.connection.clone();
                // Multiplexed: back in the pool before the call, which
                // other calls may share meanwhile.
                let held = match self.shared.mode {
                    PoolMode::Exclusive => Some(lent),
                    PoolMode::Multiplexed => {
                        drop(lent);
                        None
                    }
                };
                let result = call(connection.clone()).await;
                drop(held);
                if result.is_err() && !connection.is_usable() && attempt < attempts {
                    attempt += 1;
                    tokio::time::sleep(self.shared.retry.backoff).await;
                    continue;
                }
                return result;
            }
        }
        .instrument(span.clone())
        .await;
        finish_span(&span, started, attempt, &result);
        result
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
