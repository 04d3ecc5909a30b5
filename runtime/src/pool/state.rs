//! [`PoolState`]: what a pool holds and has done, readable at run time
//! (for metrics endpoints and tests).

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

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

    pub fn connected(&self) {
        Self::bump(&self.created);
        if let Ok(mut last) = self.last_connect_error.lock() {
            *last = None;
        }
    }

    /// `" (last connect error: …)"`, or nothing.
    pub fn connect_error_suffix(&self) -> String {
        match self.last_connect_error.lock().ok().and_then(|e| e.clone()) {
            Some(e) => format!(" (last connect error: {e})"),
            None => String::new(),
        }
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
