//! [`PooledChannel`]: a blocking [`Channel`] that borrows a connection
//! from an r2d2 pool for each call, so one generated client (and every
//! thread sharing it) uses at most `pool.max_size` connections.

use std::sync::Arc;

use thrift::protocol::TSerializable;

use super::connection::{Connection, Manager};
use super::state::{Counters, PoolState, Waiting};
use super::{CallSpan, ConfigError, PoolConfig, RetryPolicy};
use crate::Channel;
use crate::codec::{Decode, Encode};

/// A blocking channel over a pool of connections. Cheap to clone: clones
/// share the pool.
///
/// Each call borrows a connection (waiting up to `pool.max_wait` when all
/// are lent), makes the call and gives the connection back, unless the
/// call left it in an unknown state (a transport or protocol error, a
/// timeout, a reply to another call): then it is closed, and the pool
/// opens a new one when needed. A call that fails is retried on a fresh
/// connection only as the [`RetryPolicy`] allows.
#[derive(Debug, Clone)]
pub struct PooledChannel {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    pool: r2d2::Pool<Manager>,
    counters: Arc<Counters>,
    retry: RetryPolicy,
    /// The IDL service, for spans.
    service: String,
    addresses: String,
}

impl PooledChannel {
    /// A pool as `config` says. No connection is opened yet (but the
    /// `pool.min_idle` ones, in the background): a client can be made
    /// before its server is up.
    pub fn new(config: &PoolConfig) -> Result<PooledChannel, ConfigError> {
        let name = config.client.service.clone().unwrap_or_default();
        Self::for_service(&name, config)
    }

    /// As [`new`](Self::new), naming the IDL service in each call's span
    /// (what generated `<Service>PooledClient::pooled` does).
    pub fn for_service(service: &str, config: &PoolConfig) -> Result<PooledChannel, ConfigError> {
        config.validate()?;
        let counters = Arc::new(Counters::default());
        let manager = Manager::new(config.clone(), counters.clone());
        let addresses = manager.addresses().describe();
        let limits = &config.pool;
        let pool = r2d2::Pool::builder()
            .max_size(limits.max_size)
            .min_idle(Some(limits.min_idle))
            .connection_timeout(limits.max_wait)
            .idle_timeout(limits.idle_timeout)
            .max_lifetime(limits.max_lifetime)
            .test_on_check_out(limits.test_on_borrow)
            // Connect errors are counted and reported with the call that
            // could not get a connection; not logged on their own.
            .error_handler(Box::new(r2d2::NopErrorHandler))
            .build_unchecked(manager);
        Ok(PooledChannel {
            shared: Arc::new(Shared {
                pool,
                counters,
                retry: config.retry.clone(),
                service: service.to_owned(),
                addresses,
            }),
        })
    }

    /// What the pool holds and has done.
    pub fn state(&self) -> PoolState {
        let shared = &self.shared;
        let state = shared.pool.state();
        PoolState {
            max_size: shared.pool.max_size(),
            connections: state.connections,
            idle: state.idle_connections,
            in_use: state.connections - state.idle_connections,
            waiting: Counters::read(&shared.counters.waiting),
            created: Counters::read(&shared.counters.created),
            discarded: Counters::read(&shared.counters.discarded),
            timed_out: Counters::read(&shared.counters.timed_out),
        }
    }

    fn borrow(&self) -> thrift::Result<r2d2::PooledConnection<Manager>> {
        let shared = &self.shared;
        let _waiting = Waiting::new(&shared.counters.waiting);
        shared.pool.get().map_err(|_| {
            Counters::bump(&shared.counters.timed_out);
            let wait = shared.pool.connection_timeout();
            (shared.counters).no_connection(&shared.addresses, wait, &self.state())
        })
    }

    /// Runs `call` on borrowed connections, as often as the retry policy
    /// allows for a failure that discarded the connection.
    fn run<T>(
        &self,
        method: &str,
        oneway: bool,
        mut call: impl FnMut(&mut Connection) -> thrift::Result<T>,
    ) -> thrift::Result<T> {
        let call_span = CallSpan::start(&self.shared.service, method);
        let span = &call_span.span;
        let _entered = span.enter();
        let attempts = self.shared.retry.attempts(method, oneway);
        let mut attempt = 1;
        let result = loop {
            let mut connection = match self.borrow() {
                Ok(connection) => connection,
                Err(e) => break Err(e),
            };
            span.record("peer", tracing::field::display(connection.peer()));
            let result = call(&mut connection);
            let retry = result.is_err() && connection.is_broken() && attempt < attempts;
            drop(connection);
            if !retry {
                break result;
            }
            attempt += 1;
            std::thread::sleep(self.shared.retry.backoff);
        };
        call_span.finish(attempt, &result);
        result
    }
}

impl Channel for PooledChannel {
    fn call<A, R>(&self, method: &str, args: &A) -> thrift::Result<R>
    where
        A: Encode + TSerializable,
        R: Decode + TSerializable,
    {
        self.run(method, false, |connection| connection.call(method, args))
    }

    fn call_oneway<A>(&self, method: &str, args: &A) -> thrift::Result<()>
    where
        A: Encode + TSerializable,
    {
        self.run(method, true, |connection| {
            connection.call_oneway(method, args)
        })
    }
}
