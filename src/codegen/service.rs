//! `service` -> the `<Service>Iface` trait, `<Service>Client` and
//! `<Service>Processor`, plus per method its `Args`/`Result` wire structs
//! and, with `throws`, its `<Service><Method>Error` enum; on request the
//! async items ([`asynchronous`]) and pooled proxies ([`pooled`]).
//!
//! The wire logic lives in `thriftgen_runtime` (`ClientConnection`,
//! `process`, `IncomingCall`); generated code only names types and fields.
//! Inheritance: the Iface extends the base's Iface; the client implements
//! every ancestor's Iface through the ancestors' own call functions; the
//! processor handles its own methods and hands anything else to the base
//! processor's `dispatch`, so no level repeats another's code.

mod asynchronous;
mod method;
pub mod names;
mod pooled;
mod wire;

#[cfg(test)]
mod tests;

use askama::Template;

use super::context::Context;
use super::doc::doc_lines;
use crate::diagnostics::Diagnostic;
use crate::model::{DefId, Definition, Service};
use method::{ErrorView, MethodView, item_path};
use names::{MethodNames, ServiceNames};

#[derive(Template)]
#[template(path = "service.askama", escape = "none")]
pub struct ServiceView {
    pub idl_name: String,
    pub doc: Vec<String>,
    pub iface: String,
    pub supertrait: String,
    pub client: String,
    pub processor: String,
    pub errors: Vec<ErrorView>,
    pub methods: Vec<MethodView>,
    /// Every Iface the client implements: its own, then each ancestor's.
    pub client_impls: Vec<IfaceImpl>,
    /// The body of the processor's `dispatch`.
    pub dispatch_body: String,
    /// With async items: their names and the pieces that differ from the
    /// blocking ones.
    pub asynchronous: Option<asynchronous::AsyncNames>,
    /// With pooled proxies: their names.
    pub pooled: Option<pooled::PooledNames>,
}

pub struct IfaceImpl {
    /// The Iface's path from this module.
    pub iface: String,
    /// The AsyncIface's path from this module (async items only).
    pub async_iface: String,
    pub methods: Vec<MethodView>,
}

/// The code of service `id` but its wire structs (see [`wire_item`]):
/// errors, Iface, Client and Processor; or an error at its name.
pub fn body_item(ctx: &Context, id: DefId, s: &Service) -> Result<String, Diagnostic> {
    let view = view(ctx, id, s).map_err(|e| internal(s, e))?;
    let mut code = view.render().map_err(|e| internal(s, e.to_string()))?;
    if view.asynchronous.is_some() {
        code.push('\n');
        code.push_str(&asynchronous::render(&view).map_err(|e| internal(s, e))?);
    }
    if let Some(names) = &view.pooled {
        code.push('\n');
        code.push_str(&pooled::render(&view.idl_name, names).map_err(|e| internal(s, e))?);
    }
    Ok(code)
}

/// The `Args` and `Result` structs of the service's method number
/// `function`, which come before the service's [`body_item`] in its
/// module. A separate item because the wire structs are most of a
/// service's code, and each can be rendered on its own core.
pub fn wire_item(
    ctx: &Context,
    id: DefId,
    s: &Service,
    function: usize,
) -> Result<String, Diagnostic> {
    let (_, method_names) = names_of(ctx, id).map_err(|e| internal(s, e))?;
    let (Some(f), Some(names)) = (s.functions.get(function), method_names.get(function)) else {
        return Err(internal(s, format!("no method number {function}")));
    };
    let structs = wire::structs(ctx, id.file, f, names).map_err(|e| internal(s, e))?;
    Ok(structs.join("\n"))
}

fn internal(s: &Service, e: String) -> Diagnostic {
    Diagnostic::error(s.name.span, format!("internal error in service code: {e}"))
}

pub fn view(ctx: &Context, id: DefId, s: &Service) -> Result<ServiceView, String> {
    let file = id.file;
    let (names, method_names) = names_of(ctx, id)?;
    let methods: Vec<MethodView> = s
        .functions
        .iter()
        .zip(method_names)
        .map(|(f, m)| method::view(ctx, file, id, names, f, m))
        .collect();
    let errors = methods.iter().filter_map(|m| m.error.clone()).collect();
    let mut client_impls = vec![IfaceImpl {
        iface: names.iface.clone(),
        async_iface: names.async_iface.clone(),
        methods: methods.clone(),
    }];
    for ancestor in ctx.program.ancestors(id) {
        let Definition::Service(a) = ctx.program.def(ancestor) else {
            return Err("a service extends something that is not a service".into());
        };
        let (a_names, a_methods) = names_of(ctx, ancestor)?;
        client_impls.push(IfaceImpl {
            iface: item_path(ctx, file, ancestor, &a_names.iface),
            async_iface: item_path(ctx, file, ancestor, &a_names.async_iface),
            methods: a
                .functions
                .iter()
                .zip(a_methods)
                .map(|(f, m)| method::view(ctx, file, ancestor, a_names, f, m))
                .collect(),
        });
    }
    let base = match s.extends {
        Some(b) => Some((b, names_of(ctx, b)?.0)),
        None => None,
    };
    let supertrait = match base {
        Some((b, base_names)) => item_path(ctx, file, b, &base_names.iface),
        None => "::std::marker::Send + ::std::marker::Sync".to_owned(),
    };
    let fallback = match base {
        Some((b, base_names)) => format!(
            "{}::<H>::dispatch(handler, call)",
            item_path(ctx, file, b, &base_names.processor)
        ),
        None if methods.is_empty() => "{ let _ = handler; call.unknown_method() }".to_owned(),
        None => "call.unknown_method()".to_owned(),
    };
    let asynchronous = ctx.options.generate_async.then(|| {
        let supertrait = match base {
            Some((b, base_names)) => item_path(ctx, file, b, &base_names.async_iface),
            None => "::std::marker::Send + ::std::marker::Sync".to_owned(),
        };
        let fallback = match base {
            Some((b, base_names)) => format!(
                "{}::<H>::dispatch(handler, call).await",
                item_path(ctx, file, b, &base_names.async_processor)
            ),
            None if methods.is_empty() => "{ let _ = handler; call.unknown_method() }".to_owned(),
            None => "call.unknown_method()".to_owned(),
        };
        let arms = methods
            .iter()
            .filter_map(|m| m.asynchronous.as_ref())
            .map(|a| a.dispatch_arm.as_str());
        asynchronous::AsyncNames::new(names, supertrait, dispatch(arms, fallback))
    });
    let dispatch_body = dispatch(methods.iter().map(|m| m.dispatch_arm.as_str()), fallback);
    Ok(ServiceView {
        idl_name: s.name.idl.replace('`', ""),
        doc: iface_doc(s, names),
        iface: names.iface.clone(),
        supertrait,
        client: names.client.clone(),
        processor: names.processor.clone(),
        errors,
        methods,
        client_impls,
        dispatch_body,
        asynchronous,
        pooled: (ctx.options.generate_pooled)
            .then(|| pooled::PooledNames::new(names, ctx.options.generate_async)),
    })
}

/// A dispatch body: a `match` on the method name with `arms`, then
/// `fallback`; just `fallback` without arms.
fn dispatch<'a>(arms: impl Iterator<Item = &'a str>, fallback: String) -> String {
    let arms: String = arms.collect();
    if arms.is_empty() {
        fallback
    } else {
        format!("match call.method() {{ {arms} _ => {fallback}, }}")
    }
}

/// The names of service `id` and of its methods.
fn names_of<'c>(
    ctx: &'c Context,
    id: DefId,
) -> Result<(&'c ServiceNames, &'c [MethodNames]), String> {
    ctx.service_names(id)
        .ok_or_else(|| "a service extends something that is not a service".to_owned())
}

/// The IDL doc of the service, or a line saying what the trait is for.
fn iface_doc(s: &Service, name: &ServiceNames) -> Vec<String> {
    let doc = doc_lines(s.doc.as_deref());
    if doc.is_empty() {
        vec![format!(
            "/// The `{}` service: implement it to serve with `{}`, or call it with `{}`.",
            s.name.idl, name.processor, name.client
        )]
    } else {
        doc
    }
}
