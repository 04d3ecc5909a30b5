//! Callbacks and futures, both ways, so callback-era code (in the spirit
//! of Thrift Java's `AsyncMethodCallback`) and async code interoperate.
//!
//! - [`spawn_with_callback`]: runs a future on the current tokio runtime
//!   and reports its outcome to an [`AsyncMethodCallback`]. The generated
//!   clients' `<method>_with_callback` calls are this.
//! - [`from_callback`]: starts a callback-style operation and gives back
//!   a future of its outcome.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! use thriftgen_runtime::nonblocking::{from_callback, spawn_with_callback, AsyncMethodCallback};
//! use thriftgen_runtime::thrift;
//!
//! // A callback-era API: reports to a callback, from another thread.
//! fn legacy_double(x: i32, callback: impl AsyncMethodCallback<i32, thrift::Error>) {
//!     std::thread::spawn(move || callback.on_complete(x * 2));
//! }
//!
//! // ... used from async code:
//! let doubled: Result<i32, thrift::Error> = from_callback(|cb| legacy_double(21, cb)).await;
//! assert_eq!(doubled.unwrap(), 42);
//!
//! // And async code handed to a callback (closures are callbacks too):
//! let (tx, rx) = std::sync::mpsc::channel();
//! spawn_with_callback(async { Ok::<_, String>(7) }, move |outcome| tx.send(outcome).unwrap());
//! # tokio::task::yield_now().await;
//! # let _ = rx;
//! # }
//! ```

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::sync::oneshot;

/// Told exactly once how an operation ended.
pub trait AsyncMethodCallback<T, E>: Send + 'static {
    fn on_complete(self, value: T);
    fn on_error(self, error: E);
}

/// Any `FnOnce(Result<T, E>)` is a callback.
impl<T, E, F> AsyncMethodCallback<T, E> for F
where
    F: FnOnce(Result<T, E>) + Send + 'static,
{
    fn on_complete(self, value: T) {
        self(Ok(value))
    }

    fn on_error(self, error: E) {
        self(Err(error))
    }
}

/// Runs `future` as a task of the current tokio runtime and tells
/// `callback` its outcome. Panics outside a tokio runtime, as
/// `tokio::spawn` does.
pub fn spawn_with_callback<T, E, F, C>(future: F, callback: C)
where
    F: Future<Output = Result<T, E>> + Send + 'static,
    C: AsyncMethodCallback<T, E>,
    T: Send + 'static,
    E: Send + 'static,
{
    tokio::spawn(async move {
        match future.await {
            Ok(value) => callback.on_complete(value),
            Err(error) => callback.on_error(error),
        }
    });
}

/// The callback [`from_callback`] hands to the operation it starts.
pub struct Callback<T, E> {
    tx: oneshot::Sender<Result<T, E>>,
}

impl<T: Send + 'static, E: Send + 'static> AsyncMethodCallback<T, E> for Callback<T, E> {
    fn on_complete(self, value: T) {
        let _ = self.tx.send(Ok(value));
    }

    fn on_error(self, error: E) {
        let _ = self.tx.send(Err(error));
    }
}

impl<T, E> std::fmt::Debug for Callback<T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Callback")
    }
}

/// Starts a callback-style operation (`start` receives the callback) and
/// returns a future of its outcome. If the operation drops the callback
/// without calling it, the future yields an error saying so (hence
/// `E: From<thrift::Error>`, which `CallError<_>` is).
pub fn from_callback<T, E>(start: impl FnOnce(Callback<T, E>)) -> CallbackFuture<T, E>
where
    E: From<thrift::Error>,
{
    let (tx, rx) = oneshot::channel();
    start(Callback { tx });
    CallbackFuture { rx }
}

/// The future [`from_callback`] returns.
#[must_use]
pub struct CallbackFuture<T, E> {
    rx: oneshot::Receiver<Result<T, E>>,
}

impl<T, E: From<thrift::Error>> Future for CallbackFuture<T, E> {
    type Output = Result<T, E>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut self.rx).poll(cx).map(|outcome| {
            outcome.unwrap_or_else(|_| {
                Err(E::from(thrift::Error::Application(
                    thrift::ApplicationError::new(
                        thrift::ApplicationErrorKind::Unknown,
                        "the callback was dropped without being called",
                    ),
                )))
            })
        })
    }
}

impl<T, E> std::fmt::Debug for CallbackFuture<T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CallbackFuture")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_dropped_callback_is_an_error() {
        let outcome: Result<(), thrift::Error> = from_callback(drop).await;
        match outcome {
            Err(thrift::Error::Application(e)) => assert!(e.message.contains("dropped")),
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test]
    async fn futures_report_to_callbacks() {
        let (tx, rx) = oneshot::channel();
        spawn_with_callback(async { Err::<i32, _>("no") }, move |r| {
            let _ = tx.send(r);
        });
        assert_eq!(rx.await.unwrap(), Err("no"));
    }
}
