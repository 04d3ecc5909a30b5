//! Rust names of everything a service generates, and the checks that
//! they do not collide.
//!
//! Module-level items are named from the service's Rust name
//! (`ThriftTest`): `ThriftTestIface`, `ThriftTestClient`,
//! `ThriftTestProcessor`, and per method `ThriftTestTestStringArgs`,
//! `ThriftTestTestStringResult` and (with `throws`)
//! `ThriftTestTestStringError`.

use super::super::collisions::Scope;
use super::super::ident;
use crate::CodegenOptions;
use crate::diagnostics::Diagnostic;
use crate::model::{Field, Function, Service};

/// The module-level names of one service.
pub struct ServiceNames {
    pub iface: String,
    pub client: String,
    pub processor: String,
    /// The async items (generated with `--async`).
    pub async_iface: String,
    pub async_client: String,
    pub async_batch: String,
    pub async_processor: String,
    /// The pooled proxies (generated with `--pooled`).
    pub pooled_client: String,
    pub async_pooled_client: String,
}

impl ServiceNames {
    pub fn of(service: &str) -> ServiceNames {
        let base = ident::type_name(service);
        let base = ident::unraw(&base);
        ServiceNames {
            iface: format!("{base}Iface"),
            client: format!("{base}Client"),
            processor: format!("{base}Processor"),
            async_iface: format!("{base}AsyncIface"),
            async_client: format!("{base}AsyncClient"),
            async_batch: format!("{base}AsyncBatch"),
            async_processor: format!("{base}AsyncProcessor"),
            pooled_client: format!("{base}PooledClient"),
            async_pooled_client: format!("{base}AsyncPooledClient"),
        }
    }
}

/// The names one method of `service` takes, and those of its members.
pub struct MethodNames {
    /// The trait method (`test_string`).
    pub method: String,
    /// The client's associated function doing the call (`call_test_string`).
    pub call_fn: String,
    /// The async client's callback-style call (`test_string_with_callback`).
    pub callback_fn: String,
    pub args: String,
    pub result: String,
    pub error: String,
    /// Each argument's name: its `Args` field and Iface parameter.
    pub arg_fields: Vec<String>,
    /// Each declared exception's field in the `Result` struct.
    pub exception_fields: Vec<String>,
    /// Each declared exception's variant in the error enum.
    pub exception_variants: Vec<String>,
}

impl MethodNames {
    pub fn of(service: &str, f: &Function) -> MethodNames {
        let function = &f.name.idl;
        let method = ident::field_name(function);
        let joined = |suffix: &str| ident::type_name(&format!("{service}_{function}_{suffix}"));
        let field_names = |fields: &[Field]| -> Vec<String> {
            fields
                .iter()
                .map(|a| ident::field_name(&a.name.idl))
                .collect()
        };
        MethodNames {
            call_fn: format!("call_{}", ident::unraw(&method)),
            callback_fn: format!("{}_with_callback", ident::unraw(&method)),
            method,
            args: joined("args"),
            result: joined("result"),
            error: joined("error"),
            arg_fields: field_names(&f.args),
            exception_fields: field_names(&f.throws),
            exception_variants: f
                .throws
                .iter()
                .map(|t| ident::type_name(&t.name.idl))
                .collect(),
        }
    }
}

/// The module-level names a service takes (for the module's collision
/// check): its Iface, Client, Processor (and the async items and pooled
/// proxies `options` asks for) and each method's structs and error.
/// `methods` are the names of its functions, in order.
pub fn item_names<'a>(
    service: &Service,
    names: &'a ServiceNames,
    methods: &'a [MethodNames],
    options: &CodegenOptions,
) -> Vec<&'a str> {
    let mut out = vec![
        names.iface.as_str(),
        names.client.as_str(),
        names.processor.as_str(),
    ];
    if options.generate_async {
        out.extend([
            names.async_iface.as_str(),
            names.async_client.as_str(),
            names.async_batch.as_str(),
            names.async_processor.as_str(),
        ]);
    }
    if options.generate_pooled {
        out.push(names.pooled_client.as_str());
        if options.generate_async {
            out.push(names.async_pooled_client.as_str());
        }
    }
    for (f, m) in service.functions.iter().zip(methods) {
        out.push(&m.args);
        if !f.oneway {
            out.push(&m.result);
        }
        if !f.throws.is_empty() {
            out.push(&m.error);
        }
    }
    out
}

/// Reports names inside a service that collide once turned into Rust:
/// two methods, two arguments of a method, two exceptions of a method (as
/// result fields and as error variants). `methods` are the names of its
/// functions, in order.
pub fn check(service: &Service, methods: &[MethodNames], diagnostics: &mut Vec<Diagnostic>) {
    let mut scope = Scope::new("method", "in this service");
    for (f, names) in service.functions.iter().zip(methods) {
        scope.add(&names.method, &f.name, diagnostics);
        check_function(f, names, diagnostics);
    }
}

fn check_function(f: &Function, names: &MethodNames, diagnostics: &mut Vec<Diagnostic>) {
    let mut args = Scope::new("argument", "in this method");
    for (a, name) in f.args.iter().zip(&names.arg_fields) {
        args.add(name, &a.name, diagnostics);
    }
    let mut fields = Scope::new("exception", "in this method");
    if f.returns.is_some() {
        fields.reserve("success", "the result field of the return value");
    }
    let mut variants = Scope::new("exception", "in this method's error enum");
    let exceptions = names.exception_fields.iter().zip(&names.exception_variants);
    for (t, (field, variant)) in f.throws.iter().zip(exceptions) {
        fields.add(field, &t.name, diagnostics);
        variants.add(variant, &t.name, diagnostics);
    }
}
