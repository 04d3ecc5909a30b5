//! [`RetryPolicy`]: which failed calls a pooled client tries again, on a
//! fresh connection. By default none is: a call that reached the server
//! may have run there. Only calls named safe to retry (or all, by
//! choice) are, and never `oneway` ones, whose failure cannot be told
//! from success.

use std::collections::BTreeSet;
use std::time::Duration;

use serde::Deserialize;
use thrift::ApplicationErrorKind;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RetryPolicy {
    /// Attempts per call, the first included. Default 1: no retry.
    pub max_attempts: u32,
    /// Methods safe to retry (idempotent), by IDL name. Default none.
    pub methods: BTreeSet<String>,
    /// Retry every method but oneway ones. Default off.
    pub all_methods: bool,
    /// Pause before each retry. Default 10 ms.
    #[serde(with = "humantime_serde")]
    pub backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 1,
            methods: BTreeSet::new(),
            all_methods: false,
            backoff: Duration::from_millis(10),
        }
    }
}

impl RetryPolicy {
    /// No retries (the default).
    pub fn never() -> Self {
        RetryPolicy::default()
    }

    /// Up to `max_attempts` attempts of the methods named.
    pub fn methods<S: Into<String>>(
        max_attempts: u32,
        methods: impl IntoIterator<Item = S>,
    ) -> Self {
        RetryPolicy {
            max_attempts,
            methods: methods.into_iter().map(Into::into).collect(),
            ..RetryPolicy::default()
        }
    }

    /// Up to `max_attempts` attempts of every two-way method.
    pub fn all(max_attempts: u32) -> Self {
        RetryPolicy {
            max_attempts,
            all_methods: true,
            ..RetryPolicy::default()
        }
    }

    pub fn backoff(mut self, pause: Duration) -> Self {
        self.backoff = pause;
        self
    }

    /// How many attempts a call of `method` gets. `method` may carry a
    /// multiplexed `Service:` prefix, which is ignored.
    pub fn attempts(&self, method: &str, oneway: bool) -> u32 {
        if self.max_attempts <= 1 {
            // No retries (the default): no name to look up, per call.
            return 1;
        }
        let name = method.rsplit_once(':').map_or(method, |(_, m)| m);
        match !oneway && (self.all_methods || self.methods.contains(name)) {
            true => self.max_attempts.max(1),
            false => 1,
        }
    }
}

/// Whether a connection may carry more calls after a call on it ended
/// with `error`.
///
/// Only an exception the server itself sent (`TApplicationException`
/// read whole: unknown method, internal error...) leaves the stream where
/// it should be. A reply to another call or method, a transport or
/// protocol error, a timeout: the stream's position is unknown and the
/// connection is discarded.
pub(crate) fn connection_survives(error: &thrift::Error) -> bool {
    match error {
        thrift::Error::Application(e) => !matches!(
            e.kind,
            ApplicationErrorKind::BadSequenceId
                | ApplicationErrorKind::WrongMethodName
                | ApplicationErrorKind::InvalidMessageType
        ),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_only_named_two_way_methods() {
        let policy = RetryPolicy::methods(3, ["get"]);
        assert_eq!(policy.attempts("get", false), 3);
        assert_eq!(policy.attempts("Svc:get", false), 3);
        assert_eq!(policy.attempts("get", true), 1);
        assert_eq!(policy.attempts("put", false), 1);
        assert_eq!(RetryPolicy::all(2).attempts("put", false), 2);
        assert_eq!(RetryPolicy::all(2).attempts("put", true), 1);
        assert_eq!(RetryPolicy::never().attempts("get", false), 1);
    }

    #[test]
    fn only_server_exceptions_keep_the_connection() {
        let app = |kind| thrift::Error::Application(thrift::ApplicationError::new(kind, "x"));
        assert!(connection_survives(&app(
            ApplicationErrorKind::UnknownMethod
        )));
        assert!(connection_survives(&app(
            ApplicationErrorKind::InternalError
        )));
        assert!(!connection_survives(&app(
            ApplicationErrorKind::BadSequenceId
        )));
        assert!(!connection_survives(&app(
            ApplicationErrorKind::WrongMethodName
        )));
        let io = thrift::Error::from(std::io::Error::from(std::io::ErrorKind::TimedOut));
        assert!(!connection_survives(&io));
    }
}
