//! Service generation, from IDL text through the whole pipeline: names,
//! collisions, and the shape of the generated items. (That the output
//! compiles and works is proven by the `service-tests` crate.)

use std::collections::BTreeMap;

use super::names::{MethodNames, ServiceNames};
use crate::codegen::test_support::{base, field, function};
use crate::model::{BaseType, Requiredness as R};
use crate::{Compilation, ModuleLayout, Options, compile};

/// Compiles the given files (name, text); the first is the input.
fn compile_files(files: &[(&str, &str)]) -> (Compilation, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let compilation = compile(&Options {
        inputs: vec![dir.path().join(files[0].0)],
        include_dirs: Vec::new(),
        layout: ModuleLayout::Directory,
        ..Default::default()
    });
    (compilation, dir)
}

/// The generated files by name, with whitespace collapsed so assertions
/// do not depend on line breaks.
fn generate(files: &[(&str, &str)]) -> BTreeMap<String, String> {
    let (compilation, _dir) = compile_files(files);
    let Some(generated) = compilation.files.as_ref() else {
        panic!("{}", compilation.render_diagnostics(false));
    };
    generated
        .iter()
        .map(|f| {
            let flat = f.contents.split_whitespace().collect::<Vec<_>>().join(" ");
            (f.name.clone(), flat)
        })
        .collect()
}

/// The rendered errors of a compilation that must fail.
fn errors(text: &str) -> String {
    let (compilation, _dir) = compile_files(&[("svc.thrift", text)]);
    assert!(compilation.files.is_none(), "expected an error");
    compilation.render_diagnostics(false)
}

fn assert_has(code: &str, snippet: &str) {
    let snippet = snippet.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(code.contains(&snippet), "missing `{snippet}`");
}

#[test]
fn names_follow_the_service_and_method() {
    let s = ServiceNames::of("ThriftTest");
    assert_eq!(
        (s.iface.as_str(), s.client.as_str(), s.processor.as_str()),
        ("ThriftTestIface", "ThriftTestClient", "ThriftTestProcessor")
    );
    let string = base(BaseType::String);
    let f = function(
        "testString",
        vec![field(1, "thingName", R::Default, string.clone())],
        vec![field(1, "io_error", R::Default, string)],
    );
    let m = MethodNames::of("ThriftTest", &f);
    assert_eq!(m.method, "test_string");
    assert_eq!(m.call_fn, "call_test_string");
    assert_eq!(m.args, "ThriftTestTestStringArgs");
    assert_eq!(m.result, "ThriftTestTestStringResult");
    assert_eq!(m.error, "ThriftTestTestStringError");
    assert_eq!(m.arg_fields, ["thing_name"]);
    assert_eq!(m.exception_fields, ["io_error"]);
    assert_eq!(m.exception_variants, ["IoError"]);
}

#[test]
fn keyword_method_names_are_raw_but_call_functions_are_not() {
    let m = MethodNames::of("svc", &function("type", vec![], vec![]));
    assert_eq!(m.method, "r#type");
    assert_eq!(m.call_fn, "call_type");
    assert_eq!(m.args, "SvcTypeArgs");
}

const SHARED: &str = "
service Base {
  i32 get(1: i32 key)
}
";

const DERIVED: &str = r#"
include "base.thrift"
struct Work { 1: i32 n }
exception Oops { 1: string why }
exception Busy { 1: i32 ms }
service Derived extends base.Base {
  /** Does work. */
  i32 work(1: Work w, 2: optional i32 hint, 3: string connection) throws (1: Oops oops, 2: Busy busy),
  void twice(1: i32 n) throws (1: Oops low, 2: Oops high),
  oneway void fire(1: i32 n),
}
"#;

fn derived() -> BTreeMap<String, String> {
    generate(&[("derived.thrift", DERIVED), ("base.thrift", SHARED)])
}

#[test]
fn extends_is_a_supertrait_across_modules() {
    let files = derived();
    assert_has(
        &files["derived.rs"],
        "pub trait DerivedIface: super::base::BaseIface {",
    );
    assert_has(
        &files["base.rs"],
        "pub trait BaseIface: ::std::marker::Send + ::std::marker::Sync {",
    );
}

#[test]
fn iface_methods_take_arguments_by_value_with_typed_errors() {
    let code = &derived()["derived.rs"];
    // A struct argument is the value itself; `optional` stays an Option;
    // an argument named like the client's connection parameter is fine.
    assert_has(
        code,
        "/// Does work. fn work( &self, w: Work, hint: ::std::option::Option<i32>, \
         connection: ::std::string::String, ) -> ::std::result::Result<i32, \
         ::thriftgen_runtime::CallError<DerivedWorkError>>;",
    );
    assert_has(
        code,
        "fn fire(&self, n: i32) -> ::std::result::Result<(), ::thriftgen_runtime::CallError>;",
    );
    assert_has(code, "pub fn call_work( connection_: &CH, w: Work,");
}

#[test]
fn error_enum_converts_only_from_exceptions_declared_once() {
    let code = &derived()["derived.rs"];
    assert_has(
        code,
        "pub enum DerivedWorkError { Oops(Oops), Busy(Busy), }",
    );
    assert_has(code, "impl ::std::convert::From<Busy> for DerivedWorkError");
    assert_has(
        code,
        "impl ::std::convert::From<Oops> for ::thriftgen_runtime::CallError<DerivedWorkError>",
    );
    assert_has(
        code,
        "pub enum DerivedTwiceError { Low(Oops), High(Oops), }",
    );
    assert!(!code.contains("From<Oops> for DerivedTwiceError"));
}

#[test]
fn client_implements_every_ancestor_iface_through_its_call_functions() {
    let code = &derived()["derived.rs"];
    assert_has(
        code,
        "impl<CH: ::thriftgen_runtime::Channel> super::base::BaseIface for DerivedClient<CH>",
    );
    assert_has(
        code,
        "super::base::BaseClient::call_get(&self.connection, key)",
    );
    assert_has(
        code,
        "connection.call_oneway(\"fire\", &DerivedFireArgs { n })?;",
    );
}

#[test]
fn processor_handles_its_methods_then_asks_the_base() {
    let files = derived();
    let code = &files["derived.rs"];
    assert_has(
        code,
        "\"fire\" => call.oneway(|args: DerivedFireArgs| handler.fire(args.n)),",
    );
    assert_has(
        code,
        "_ => super::base::BaseProcessor::<H>::dispatch(handler, call),",
    );
    assert_has(&files["base.rs"], "_ => call.unknown_method(),");
    // The result struct carries the value in field 0 and each exception.
    assert_has(
        code,
        "::std::result::Result::Err(DerivedWorkError::Busy(e)) => DerivedWorkResult { \
         success: ::std::option::Option::None, oops: ::std::option::Option::None, \
         busy: ::std::option::Option::Some(e), },",
    );
}

#[test]
fn oneway_methods_have_no_result_struct() {
    let code = &derived()["derived.rs"];
    assert!(code.contains("pub struct DerivedFireArgs"));
    assert!(!code.contains("DerivedFireResult"));
}

#[test]
fn empty_service_still_dispatches() {
    let code = &generate(&[("e.thrift", "service Empty {}")])["e.rs"];
    assert_has(
        code,
        "pub trait EmptyIface: ::std::marker::Send + ::std::marker::Sync {}",
    );
    assert_has(code, "{ let _ = handler; call.unknown_method() }");
}

#[test]
fn colliding_method_names_are_errors() {
    let out = errors("service S { void getThing(), void get_thing() }");
    assert!(
        out.contains("method `get_thing` is named `get_thing`"),
        "{out}"
    );
}

#[test]
fn colliding_argument_and_exception_names_are_errors() {
    let out =
        errors("exception E {}\nservice S { i32 f(1: i32 aB, 2: i32 a_b) throws (1: E success) }");
    assert!(out.contains("argument `a_b`"), "{out}");
    assert!(out.contains("exception `success`"), "{out}");
}

#[test]
fn generated_items_collide_with_idl_names() {
    let out = errors("struct PingIface {}\nservice Ping { void ping() }");
    assert!(out.contains("`PingIface`"), "{out}");
}

/// The generated files with the async items on or off.
fn generate_async(text: &str, on: bool) -> Compilation {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("svc.thrift"), text).unwrap();
    compile(&Options {
        inputs: vec![dir.path().join("svc.thrift")],
        codegen: crate::CodegenOptions {
            generate_async: on,
            ..Default::default()
        },
        ..Options::default()
    })
}

#[test]
fn async_items_are_generated_only_when_asked() {
    let idl = "service Foo { i32 get(1: i32 key) oneway void fire() }";
    let names = ServiceNames::of("Foo");
    assert_eq!(
        [
            names.async_iface.as_str(),
            names.async_client.as_str(),
            names.async_batch.as_str(),
            names.async_processor.as_str()
        ],
        [
            "FooAsyncIface",
            "FooAsyncClient",
            "FooAsyncBatch",
            "FooAsyncProcessor"
        ]
    );
    let off = generate_async(idl, false);
    let code = &off.files.as_ref().unwrap()[1].contents;
    assert!(!code.contains("Async"), "no async items unless asked");
    let on = generate_async(idl, true);
    let code = on.files.as_ref().unwrap()[1]
        .contents
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for item in [
        "pub trait FooAsyncIface",
        "pub struct FooAsyncClient",
        "pub struct FooAsyncBatch",
        "pub struct FooAsyncProcessor",
        "pub fn get_with_callback(",
        "pub fn fire_with_callback(",
    ] {
        assert_has(&code, item);
    }
    // The batch has no oneway methods (they have no result to collect).
    assert!(!code.contains("Queues a call of `fire`"));
}

#[test]
fn async_names_collide_only_when_generated() {
    let idl = "struct FooAsyncClient { 1: i32 x } service Foo { void ping() }";
    assert!(!generate_async(idl, false).has_errors());
    let on = generate_async(idl, true);
    assert!(on.has_errors());
    assert!(on.render_diagnostics(false).contains("FooAsyncClient"));
}
