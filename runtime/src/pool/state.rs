//! [`PoolState`]: what a pool holds and has done, readable at run time
//! (for metrics endpoints and tests).

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// Why no connection could be opened (each address tried, with its
/// error), or why a pooled one failed its check on borrow. The error type
/// of both pools' managers.
#[derive(Debug)]
pub struct ConnectError(pub String);

impl std::fmt::Display for ConnectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConnectError {}

/// A snapshot of a pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PoolState {
    /// The configured maximum of open connections.
    pub max_size: u32,
    /// Open connections, idle or lent.
    pub connections: u32,
    /// Open connections waiting in the pool.
    pub idle: u32,
    /// Connections lent to calls right now.
    pub in_use: u32,
    /// Callers waiting for a connection right now.
    pub waiting: u64,
    /// Connections opened since the pool was made.
    pub created: u64,
    /// Connections thrown away as broken (a failed call, a failed check
    /// on borrow) since the pool was made.
    pub discarded: u64,
    /// Waits for a connection that ran past `pool.max_wait`.
    pub timed_out: u64,
}

/// The counters a pool crate does not keep for us.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    pub created: AtomicU64,
    pub discarded: AtomicU64,
    pub waiting: AtomicU64,
    pub timed_out: AtomicU64,
    /// The last error opening a connection, for the message of a call
    /// that found no connection in time.
    pub last_connect_error: Mutex<Option<String>>,
}

impl Counters {
    pub fn bump(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    pub fn read(counter: &AtomicU64) -> u64 {
        counter.load(Ordering::Relaxed)
    }

    pub fn connect_failed(&self, error: &str) {
        if let Ok(mut last) = self.last_connect_error.lock() {
            *last = Some(error.to_owned());
        }
    }

    /// Records that no address gave a connection; `failures` holds one
    /// `address: error` each.
    pub fn none_connected(&self, failures: &[String]) -> ConnectError {
        let error = failures.join("; ");
        self.connect_failed(&error);
        ConnectError(error)
    }

    pub fn connected(&self) {
        Self::bump(&self.created);
        if let Ok(mut last) = self.last_connect_error.lock() {
            *last = None;
        }
    }

    fn last_connect_error(&self) -> Option<String> {
        self.last_connect_error.lock().ok().and_then(|e| e.clone())
    }

    /// The error of a call that got no connection within `wait`: nothing
    /// was sent. `NotOpen` when the last attempt to open one failed (the
    /// server is down or refuses), `TimedOut` when every connection was
    /// lent; the message says which, and starts as [`nothing_sent`]
    /// expects.
    pub fn no_connection(
        &self,
        addresses: &str,
        wait: std::time::Duration,
        state: &PoolState,
    ) -> thrift::Error {
        let lent = format!(
            "{} of {} lent, {} callers waiting",
            state.in_use, state.max_size, state.waiting
        );
        let (kind, why) = match self.last_connect_error() {
            Some(e) => (
                thrift::TransportErrorKind::NotOpen,
                format!("{lent}; last connect error: {e}"),
            ),
            None => (thrift::TransportErrorKind::TimedOut, lent),
        };
        thrift::Error::Transport(thrift::TransportError::new(
            kind,
            format!("{NO_CONNECTION}{addresses} within {wait:?} ({why})"),
        ))
    }
}

const NO_CONNECTION: &str = "no connection to ";

/// Whether `error` is a pooled call that got no connection (none could be
/// opened, or all were lent) and so sent nothing: safe to try elsewhere,
/// whatever the method.
pub fn nothing_sent(error: &thrift::Error) -> bool {
    match error {
        thrift::Error::Transport(e) => {
            matches!(
                e.kind,
                thrift::TransportErrorKind::NotOpen | thrift::TransportErrorKind::TimedOut
            ) && e.message.starts_with(NO_CONNECTION)
        }
        _ => false,
    }
}

/// Counts a caller as waiting while it lives.
pub(crate) struct Waiting<'a>(&'a AtomicU64);

impl<'a> Waiting<'a> {
    pub fn new(counter: &'a AtomicU64) -> Self {
        counter.fetch_add(1, Ordering::Relaxed);
        Waiting(counter)
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_connect_and_an_exhausted_pool_are_told_apart() {
        let counters = Counters::default();
        let state = PoolState {
            max_size: 2,
            in_use: 2,
            waiting: 3,
            ..PoolState::default()
        };
        let wait = std::time::Duration::from_millis(100);
        let exhausted = counters.no_connection("a:1", wait, &state);
        let thrift::Error::Transport(e) = &exhausted else {
            panic!("{exhausted:?}")
        };
        assert_eq!(e.kind, thrift::TransportErrorKind::TimedOut);
        assert_eq!(
            e.message,
            "no connection to a:1 within 100ms (2 of 2 lent, 3 callers waiting)"
        );
        counters.connect_failed("a:1: connection refused");
        let refused = counters.no_connection("a:1", wait, &state);
        let thrift::Error::Transport(e) = &refused else {
            panic!("{refused:?}")
        };
        assert_eq!(e.kind, thrift::TransportErrorKind::NotOpen);
        assert!(
            e.message
                .ends_with("last connect error: a:1: connection refused)")
        );
        assert!(nothing_sent(&exhausted) && nothing_sent(&refused));
        let io = thrift::Error::from(std::io::Error::from(std::io::ErrorKind::TimedOut));
        assert!(!nothing_sent(&io));
    }
}
