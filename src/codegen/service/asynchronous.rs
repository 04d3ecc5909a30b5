//! A service's async items (`--async`): `<Service>AsyncIface`,
//! `<Service>AsyncClient`, `<Service>AsyncBatch` and
//! `<Service>AsyncProcessor`, one template each, rendered after the
//! blocking items from the same method views.
//!
//! The trait goes through `async_trait` (re-exported by the runtime), so
//! handlers write `async fn` and the trait stays dyn-compatible
//! (`Arc<dyn FooAsyncIface>`): each call returns a boxed `Send` future.

use askama::Template;

use super::names::ServiceNames;
use super::{IfaceImpl, ServiceView};

/// The async names of a service and what its async items need beyond
/// the blocking view.
#[derive(Clone)]
pub struct AsyncNames {
    iface: String,
    client: String,
    batch: String,
    processor: String,
    supertrait: String,
    dispatch_body: String,
}

impl AsyncNames {
    pub fn new(names: &ServiceNames, supertrait: String, dispatch_body: String) -> Self {
        AsyncNames {
            iface: names.async_iface.clone(),
            client: names.async_client.clone(),
            batch: names.async_batch.clone(),
            processor: names.async_processor.clone(),
            supertrait,
            dispatch_body,
        }
    }
}

#[derive(Template)]
#[template(path = "service/async_iface.askama", escape = "none")]
struct IfaceView<'a> {
    doc: Vec<String>,
    iface: &'a str,
    supertrait: &'a str,
    methods: &'a [super::MethodView],
}

#[derive(Template)]
#[template(path = "service/async_client.askama", escape = "none")]
struct ClientView<'a> {
    idl_name: &'a str,
    client: &'a str,
    batch: &'a str,
    methods: Vec<ClientMethod<'a>>,
    client_impls: Vec<ClientImpl<'a>>,
}

struct ClientMethod<'a> {
    idl_name: String,
    call_fn: &'a str,
    connection: &'a str,
    args_decl: &'a str,
    arg_names: &'a str,
    returns: &'a str,
    call_body: &'a str,
    callback_fn: &'a str,
    callback_param: &'a str,
    value: &'a str,
    call_error: &'a str,
}

struct ClientImpl<'a> {
    iface: &'a str,
    methods: Vec<ImplMethod<'a>>,
}

struct ImplMethod<'a> {
    name: &'a str,
    args_decl: &'a str,
    arg_names: &'a str,
    returns: &'a str,
    call_path: &'a str,
}

#[derive(Template)]
#[template(path = "service/async_batch.askama", escape = "none")]
struct BatchView<'a> {
    idl_name: &'a str,
    batch: &'a str,
    methods: Vec<BatchMethod<'a>>,
}

struct BatchMethod<'a> {
    idl_name: String,
    name: &'a str,
    args_decl: &'a str,
    returns: &'a str,
    body: &'a str,
}

#[derive(Template)]
#[template(path = "service/async_processor.askama", escape = "none")]
struct ProcessorView<'a> {
    idl_name: &'a str,
    iface: &'a str,
    processor: &'a str,
    dispatch_body: &'a str,
}

/// The four async items of the service `view` describes.
pub fn render(view: &ServiceView) -> Result<String, String> {
    let Some(names) = &view.asynchronous else {
        return Ok(String::new());
    };
    let async_of = |m: &'_ super::MethodView| {
        m.asynchronous
            .clone()
            .ok_or_else(|| format!("method `{}` has no async view", m.name))
    };
    // Borrowed views need owners that outlive them.
    let own: Vec<_> = view
        .methods
        .iter()
        .map(|m| async_of(m).map(|a| (m, a)))
        .collect::<Result<_, _>>()?;
    let impls: Vec<Vec<_>> = view
        .client_impls
        .iter()
        .map(|i| {
            i.methods
                .iter()
                .map(|m| async_of(m).map(|a| (m, a)))
                .collect::<Result<Vec<_>, _>>()
        })
        .collect::<Result<_, _>>()?;
    let iface = IfaceView {
        doc: view.doc.clone(),
        iface: &names.iface,
        supertrait: &names.supertrait,
        methods: &view.methods,
    };
    let client = ClientView {
        idl_name: &view.idl_name,
        client: &names.client,
        batch: &names.batch,
        methods: own
            .iter()
            .map(|(m, a)| ClientMethod {
                idl_name: idl_name(m),
                call_fn: &m.call_fn,
                connection: &m.connection,
                args_decl: &m.args_decl,
                arg_names: &m.arg_names,
                returns: &m.returns,
                call_body: &a.call_body,
                callback_fn: &a.callback_fn,
                callback_param: &a.callback_param,
                value: &a.value,
                call_error: &a.call_error,
            })
            .collect(),
        client_impls: view
            .client_impls
            .iter()
            .zip(&impls)
            .map(|(i, methods): (&IfaceImpl, _)| ClientImpl {
                iface: &i.async_iface,
                methods: methods
                    .iter()
                    .map(|(m, a)| ImplMethod {
                        name: &m.name,
                        args_decl: &m.args_decl,
                        arg_names: &m.arg_names,
                        returns: &m.returns,
                        call_path: &a.call_path,
                    })
                    .collect(),
            })
            .collect(),
    };
    // The batch offers this service's and its ancestors' two-way
    // methods; a name already taken by a nearer service is skipped.
    let mut seen = std::collections::HashSet::new();
    let batch = BatchView {
        idl_name: &view.idl_name,
        batch: &names.batch,
        methods: impls
            .iter()
            .flatten()
            .filter_map(|(m, a)| {
                let body = a.batch_body.as_deref()?;
                seen.insert(m.name.as_str()).then(|| BatchMethod {
                    idl_name: idl_name(m),
                    name: &m.name,
                    args_decl: &m.args_decl,
                    returns: &m.returns,
                    body,
                })
            })
            .collect(),
    };
    let processor = ProcessorView {
        idl_name: &view.idl_name,
        iface: &names.iface,
        processor: &names.processor,
        dispatch_body: &names.dispatch_body,
    };
    let parts = [
        iface.render(),
        client.render(),
        batch.render(),
        processor.render(),
    ];
    let mut code = String::new();
    for part in parts {
        code.push_str(&part.map_err(|e| e.to_string())?);
        code.push('\n');
    }
    Ok(code)
}

/// The method's name for docs: its Rust name without `r#`.
fn idl_name(m: &super::MethodView) -> String {
    m.name.trim_start_matches("r#").to_owned()
}
