//! A service's pooled proxies (`--pooled`): `<Service>PooledClient`, the
//! blocking client over the runtime's `PooledChannel`, and with `--async`
//! `<Service>AsyncPooledClient` over `AsyncPooledChannel`. They are type
//! aliases of the plain clients, so they implement every Iface the plain
//! clients do without a line of their own; what they add is a constructor
//! from a pool configuration, the pool's state and (async) a batch.

use askama::Template;

use super::names::ServiceNames;

/// What the pooled items of one service are called.
#[derive(Clone)]
pub struct PooledNames {
    iface: String,
    client: String,
    pooled: String,
    asynchronous: Option<AsyncPooledNames>,
}

#[derive(Clone)]
struct AsyncPooledNames {
    iface: String,
    client: String,
    pooled: String,
    batch: String,
}

impl PooledNames {
    /// The pooled names of a service; the async proxy only with
    /// `with_async`.
    pub fn new(names: &ServiceNames, with_async: bool) -> Self {
        PooledNames {
            iface: names.iface.clone(),
            client: names.client.clone(),
            pooled: names.pooled_client.clone(),
            asynchronous: with_async.then(|| AsyncPooledNames {
                iface: names.async_iface.clone(),
                client: names.async_client.clone(),
                pooled: names.async_pooled_client.clone(),
                batch: names.async_batch.clone(),
            }),
        }
    }
}

#[derive(Template)]
#[template(path = "service/pooled_client.askama", escape = "none")]
struct PooledView<'a> {
    idl_name: &'a str,
    iface: &'a str,
    client: &'a str,
    pooled: &'a str,
    asynchronous: Option<&'a AsyncPooledNames>,
}

/// The pooled proxies of service `idl_name`.
pub fn render(idl_name: &str, names: &PooledNames) -> Result<String, String> {
    let view = PooledView {
        idl_name,
        iface: &names.iface,
        client: &names.client,
        pooled: &names.pooled,
        asynchronous: names.asynchronous.as_ref(),
    };
    view.render().map_err(|e| e.to_string())
}
