//! Connection pools (feature `pool`; the async one with `async-pool`):
//! what lets application code hold only a service interface.
//!
//! A generated `<Service>PooledClient` is the plain `<Service>Client` over
//! a [`PooledChannel`]: it implements `<Service>Iface` (and every
//! ancestor's), so it drops in wherever a local handler or a plain client
//! sits behind `Arc<dyn <Service>Iface>`. Each call borrows a connection
//! from the pool, calls and gives it back. `<Service>AsyncPooledClient` is
//! the same for `<Service>AsyncIface` over an [`AsyncPooledChannel`].
//!
//! # How the pieces fit
//!
//! - [`PoolConfig`]: the configuration in the three parts of the Java
//!   design (`client`: protocol, transport, multiplexed name;
//!   `connection`: addresses and timeouts; `pool`: limits, waits,
//!   lifetimes, the check on borrow) plus a [`RetryPolicy`]; built in code
//!   or read from TOML or any serde source, checked before use.
//! - [`PooledChannel`]: r2d2 keeps the connections; a call that leaves
//!   its connection in an unknown state (transport or protocol error,
//!   timeout, a reply to another call) has it discarded, never returned.
//! - [`AsyncPooledChannel`]: bb8 keeps async connections, each carrying
//!   many calls at once (see [`PoolMode`]).
//! - [`PoolState`]: idle, lent, waiting, created, discarded, at run time.
//!   Every call runs in a `tracing` span `thrift_call` with the service,
//!   method, peer, attempts and latency.
//! - [`join_all`]: a batch for blocking code: calls run at once, each on
//!   its own pooled connection, and the batch takes about as long as its
//!   slowest call.

mod addresses;
mod blocking;
mod config;
mod connection;
#[cfg(feature = "async-pool")]
mod nonblocking;
mod retry;
mod state;

use std::time::Instant;

pub use blocking::PooledChannel;
pub use config::{
    ClientConfig, ConfigError, ConnectionConfig, ConnectionPoolConfig, PoolConfig, PoolMode,
};
#[cfg(feature = "async-pool")]
pub use nonblocking::AsyncPooledChannel;
pub use retry::RetryPolicy;
pub use state::{ConnectError, PoolState, nothing_sent};

/// Runs every call at once, each on a thread of its own (and so, through
/// a pooled client, on a pooled connection of its own), and returns their
/// results in order: the batch takes about as long as its slowest call.
/// With more calls than `pool.max_size`, the rest wait for a connection
/// (up to `pool.max_wait`).
///
/// ```no_run
/// # use thriftgen_runtime::pool::join_all;
/// # fn echo(s: &str) -> Result<String, ()> { Ok(s.into()) }
/// let replies = join_all(["a", "b", "c"].map(|s| move || echo(s)));
/// ```
pub fn join_all<T, F>(calls: impl IntoIterator<Item = F>) -> Vec<T>
where
    T: Send,
    F: FnOnce() -> T + Send,
{
    std::thread::scope(|scope| {
        let running: Vec<_> = calls.into_iter().map(|call| scope.spawn(call)).collect();
        running
            .into_iter()
            .map(|call| match call.join() {
                Ok(result) => result,
                // The call's own panic, passed on to the caller.
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    })
}

/// The span every pooled call runs in, and when the call started: the
/// clock is read only if the span is recorded (a disabled span costs next
/// to nothing, a clock read per call does not).
struct CallSpan {
    span: tracing::Span,
    started: Option<Instant>,
}

impl CallSpan {
    fn start(service: &str, method: &str) -> CallSpan {
        let span = tracing::debug_span!(
            "thrift_call",
            service,
            method,
            peer = tracing::field::Empty,
            attempts = tracing::field::Empty,
            latency_us = tracing::field::Empty,
        );
        let started = (!span.is_disabled()).then(Instant::now);
        CallSpan { span, started }
    }

    fn finish<T>(&self, attempts: u32, result: &thrift::Result<T>) {
        let Some(started) = self.started else {
            return;
        };
        let span = &self.span;
        let latency = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
        span.record("attempts", attempts);
        span.record("latency_us", latency);
        if let Err(error) = result {
            tracing::debug!(parent: span, %error, "call failed");
        }
    }
}
