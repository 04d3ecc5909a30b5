//! Adapters between the blocking and async ThriftTest traits, so the same
//! handler serves under the async server and the same checks run through
//! the async client (`--async`).
//!
//! Written out per method (the traits are generated; these are not).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use thriftgen_runtime::CallError;
use thriftgen_runtime::nonblocking::async_trait;
use thriftgen_runtime::uuid::Uuid;

use crate::generated::thrift_test::{
    Insanity, Numberz, SecondServiceAsyncIface, SecondServiceIface, ThriftTestAsyncIface,
    ThriftTestIface, ThriftTestTestExceptionError, ThriftTestTestMultiExceptionError, UserId,
    Xtruct, Xtruct2,
};

/// A blocking handler as an async one: each call runs on tokio's blocking
/// pool (`testOneway` sleeps), a panic is passed on to the server.
pub struct AsyncHandler<H>(pub Arc<H>);

async fn blocking<H: Send + Sync + 'static, T: Send + 'static>(
    handler: &Arc<H>,
    call: impl FnOnce(&H) -> T + Send + 'static,
) -> T {
    let handler = handler.clone();
    match tokio::task::spawn_blocking(move || call(&handler)).await {
        Ok(value) => value,
        Err(e) => std::panic::resume_unwind(e.into_panic()),
    }
}

/// An async client (or handler) as a blocking one: each call is driven on
/// `runtime` from the calling (non-runtime) thread.
pub struct Blocking<C> {
    pub client: C,
    pub runtime: tokio::runtime::Handle,
}

#[async_trait]
impl<H: ThriftTestIface + 'static> ThriftTestAsyncIface for AsyncHandler<H> {
    async fn test_void(&self) -> Result<(), CallError> {
        blocking(&self.0, move |h| h.test_void()).await
    }

    async fn test_string(&self, thing: String) -> Result<String, CallError> {
        blocking(&self.0, move |h| h.test_string(thing)).await
    }

    async fn test_bool(&self, thing: bool) -> Result<bool, CallError> {
        blocking(&self.0, move |h| h.test_bool(thing)).await
    }

    async fn test_byte(&self, thing: i8) -> Result<i8, CallError> {
        blocking(&self.0, move |h| h.test_byte(thing)).await
    }

    async fn test_i32(&self, thing: i32) -> Result<i32, CallError> {
        blocking(&self.0, move |h| h.test_i32(thing)).await
    }

    async fn test_i64(&self, thing: i64) -> Result<i64, CallError> {
        blocking(&self.0, move |h| h.test_i64(thing)).await
    }

    async fn test_double(&self, thing: f64) -> Result<f64, CallError> {
        blocking(&self.0, move |h| h.test_double(thing)).await
    }

    async fn test_binary(&self, thing: Vec<u8>) -> Result<Vec<u8>, CallError> {
        blocking(&self.0, move |h| h.test_binary(thing)).await
    }

    async fn test_uuid(&self, thing: Uuid) -> Result<Uuid, CallError> {
        blocking(&self.0, move |h| h.test_uuid(thing)).await
    }

    async fn test_struct(&self, thing: Xtruct) -> Result<Xtruct, CallError> {
        blocking(&self.0, move |h| h.test_struct(thing)).await
    }

    async fn test_nest(&self, thing: Xtruct2) -> Result<Xtruct2, CallError> {
        blocking(&self.0, move |h| h.test_nest(thing)).await
    }

    async fn test_map(&self, thing: BTreeMap<i32, i32>) -> Result<BTreeMap<i32, i32>, CallError> {
        blocking(&self.0, move |h| h.test_map(thing)).await
    }

    async fn test_string_map(
        &self,
        thing: BTreeMap<String, String>,
    ) -> Result<BTreeMap<String, String>, CallError> {
        blocking(&self.0, move |h| h.test_string_map(thing)).await
    }

    async fn test_set(&self, thing: BTreeSet<i32>) -> Result<BTreeSet<i32>, CallError> {
        blocking(&self.0, move |h| h.test_set(thing)).await
    }

    async fn test_list(&self, thing: Vec<i32>) -> Result<Vec<i32>, CallError> {
        blocking(&self.0, move |h| h.test_list(thing)).await
    }

    async fn test_enum(&self, thing: Numberz) -> Result<Numberz, CallError> {
        blocking(&self.0, move |h| h.test_enum(thing)).await
    }

    async fn test_typedef(&self, thing: UserId) -> Result<UserId, CallError> {
        blocking(&self.0, move |h| h.test_typedef(thing)).await
    }

    async fn test_map_map(
        &self,
        hello: i32,
    ) -> Result<BTreeMap<i32, BTreeMap<i32, i32>>, CallError> {
        blocking(&self.0, move |h| h.test_map_map(hello)).await
    }

    async fn test_insanity(
        &self,
        argument: Insanity,
    ) -> Result<BTreeMap<UserId, BTreeMap<Numberz, Insanity>>, CallError> {
        blocking(&self.0, move |h| h.test_insanity(argument)).await
    }

    async fn test_multi(
        &self,
        arg0: i8,
        arg1: i32,
        arg2: i64,
        arg3: BTreeMap<i16, String>,
        arg4: Numberz,
        arg5: UserId,
    ) -> Result<Xtruct, CallError> {
        blocking(&self.0, move |h| {
            h.test_multi(arg0, arg1, arg2, arg3, arg4, arg5)
        })
        .await
    }

    async fn test_exception(
        &self,
        arg: String,
    ) -> Result<(), CallError<ThriftTestTestExceptionError>> {
        blocking(&self.0, move |h| h.test_exception(arg)).await
    }

    async fn test_multi_exception(
        &self,
        arg0: String,
        arg1: String,
    ) -> Result<Xtruct, CallError<ThriftTestTestMultiExceptionError>> {
        blocking(&self.0, move |h| h.test_multi_exception(arg0, arg1)).await
    }

    async fn test_oneway(&self, seconds_to_sleep: i32) -> Result<(), CallError> {
        blocking(&self.0, move |h| h.test_oneway(seconds_to_sleep)).await
    }
}

impl<C: ThriftTestAsyncIface> ThriftTestIface for Blocking<C> {
    fn test_void(&self) -> Result<(), CallError> {
        self.runtime.block_on(self.client.test_void())
    }

    fn test_string(&self, thing: String) -> Result<String, CallError> {
        self.runtime.block_on(self.client.test_string(thing))
    }

    fn test_bool(&self, thing: bool) -> Result<bool, CallError> {
        self.runtime.block_on(self.client.test_bool(thing))
    }

    fn test_byte(&self, thing: i8) -> Result<i8, CallError> {
        self.runtime.block_on(self.client.test_byte(thing))
    }

    fn test_i32(&self, thing: i32) -> Result<i32, CallError> {
        self.runtime.block_on(self.client.test_i32(thing))
    }

    fn test_i64(&self, thing: i64) -> Result<i64, CallError> {
        self.runtime.block_on(self.client.test_i64(thing))
    }

    fn test_double(&self, thing: f64) -> Result<f64, CallError> {
        self.runtime.block_on(self.client.test_double(thing))
    }

    fn test_binary(&self, thing: Vec<u8>) -> Result<Vec<u8>, CallError> {
        self.runtime.block_on(self.client.test_binary(thing))
    }

    fn test_uuid(&self, thing: Uuid) -> Result<Uuid, CallError> {
        self.runtime.block_on(self.client.test_uuid(thing))
    }

    fn test_struct(&self, thing: Xtruct) -> Result<Xtruct, CallError> {
        self.runtime.block_on(self.client.test_struct(thing))
    }

    fn test_nest(&self, thing: Xtruct2) -> Result<Xtruct2, CallError> {
        self.runtime.block_on(self.client.test_nest(thing))
    }

    fn test_map(&self, thing: BTreeMap<i32, i32>) -> Result<BTreeMap<i32, i32>, CallError> {
        self.runtime.block_on(self.client.test_map(thing))
    }

    fn test_string_map(
        &self,
        thing: BTreeMap<String, String>,
    ) -> Result<BTreeMap<String, String>, CallError> {
        self.runtime.block_on(self.client.test_string_map(thing))
    }

    fn test_set(&self, thing: BTreeSet<i32>) -> Result<BTreeSet<i32>, CallError> {
        self.runtime.block_on(self.client.test_set(thing))
    }

    fn test_list(&self, thing: Vec<i32>) -> Result<Vec<i32>, CallError> {
        self.runtime.block_on(self.client.test_list(thing))
    }

    fn test_enum(&self, thing: Numberz) -> Result<Numberz, CallError> {
        self.runtime.block_on(self.client.test_enum(thing))
    }

    fn test_typedef(&self, thing: UserId) -> Result<UserId, CallError> {
        self.runtime.block_on(self.client.test_typedef(thing))
    }

    fn test_map_map(&self, hello: i32) -> Result<BTreeMap<i32, BTreeMap<i32, i32>>, CallError> {
        self.runtime.block_on(self.client.test_map_map(hello))
    }

    fn test_insanity(
        &self,
        argument: Insanity,
    ) -> Result<BTreeMap<UserId, BTreeMap<Numberz, Insanity>>, CallError> {
        self.runtime.block_on(self.client.test_insanity(argument))
    }

    fn test_multi(
        &self,
        arg0: i8,
        arg1: i32,
        arg2: i64,
        arg3: BTreeMap<i16, String>,
        arg4: Numberz,
        arg5: UserId,
    ) -> Result<Xtruct, CallError> {
        self.runtime
            .block_on(self.client.test_multi(arg0, arg1, arg2, arg3, arg4, arg5))
    }

    fn test_exception(&self, arg: String) -> Result<(), CallError<ThriftTestTestExceptionError>> {
        self.runtime.block_on(self.client.test_exception(arg))
    }

    fn test_multi_exception(
        &self,
        arg0: String,
        arg1: String,
    ) -> Result<Xtruct, CallError<ThriftTestTestMultiExceptionError>> {
        self.runtime
            .block_on(self.client.test_multi_exception(arg0, arg1))
    }

    fn test_oneway(&self, seconds_to_sleep: i32) -> Result<(), CallError> {
        self.runtime
            .block_on(self.client.test_oneway(seconds_to_sleep))
    }
}

#[async_trait]
impl<H: SecondServiceIface + 'static> SecondServiceAsyncIface for AsyncHandler<H> {
    async fn secondtest_string(&self, thing: String) -> Result<String, CallError> {
        blocking(&self.0, move |h| h.secondtest_string(thing)).await
    }
}

impl<C: SecondServiceAsyncIface> SecondServiceIface for Blocking<C> {
    fn secondtest_string(&self, thing: String) -> Result<String, CallError> {
        self.runtime.block_on(self.client.secondtest_string(thing))
    }
}
