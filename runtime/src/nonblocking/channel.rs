//! [`AsyncChannel`]: how a generated async client reaches its server, so
//! the same `<Service>AsyncClient` runs over one [`AsyncConnection`] or
//! over a pool of them (`pool::AsyncPooledChannel`, feature
//! `async-pool`).

use std::future::Future;

use super::AsyncConnection;
use crate::codec::{Decode, Encode};

/// Sends calls and returns their replies for a generated async client.
///
/// Implementations must be shareable between tasks; their futures are
/// `Send`, so a client behind `Arc<dyn FooAsyncIface>` can be awaited on
/// any runtime thread.
pub trait AsyncChannel: Send + Sync + 'static {
    /// Sends `args` as a call of `method` and decodes the reply's result
    /// struct, with the error kinds of [`crate::read_reply`].
    fn call<A, R>(&self, method: &str, args: &A) -> impl Future<Output = thrift::Result<R>> + Send
    where
        A: Encode + Sync,
        R: Decode + Send;

    /// Sends `args` as a oneway call of `method`; completes once the
    /// message is written.
    fn call_oneway<A>(
        &self,
        method: &str,
        args: &A,
    ) -> impl Future<Output = thrift::Result<()>> + Send
    where
        A: Encode + Sync;
}

impl AsyncChannel for AsyncConnection {
    fn call<A, R>(&self, method: &str, args: &A) -> impl Future<Output = thrift::Result<R>> + Send
    where
        A: Encode + Sync,
        R: Decode + Send,
    {
        AsyncConnection::call(self, method, args)
    }

    fn call_oneway<A>(
        &self,
        method: &str,
        args: &A,
    ) -> impl Future<Output = thrift::Result<()>> + Send
    where
        A: Encode + Sync,
    {
        AsyncConnection::call_oneway(self, method, args)
    }
}
