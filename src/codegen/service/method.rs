//! One method's pieces of Rust: its signature, the client's call, the
//! processor's dispatch arm and its declared-exception enum.

use std::fmt::Write as _;

use super::super::constant::string_literal;
use super::super::context::Context;
use super::super::doc::doc_lines;
use super::super::rust_type::{FieldShape, field_type, rust_type};
use super::super::shape;
use super::names::{MethodNames, ServiceNames};
use super::wire::arg_field;
use crate::model::{DefId, FileIdx, Function, Program, Type};

pub const CALL_ERROR: &str = "::thriftgen_runtime::CallError";
const RESULT: &str = "::std::result::Result";
const OK_UNIT: &str = "::std::result::Result::Ok(())";

/// One method as seen from the module of file `from`. Types and the
/// method's generated items are paths valid there.
#[derive(Clone)]
pub struct MethodView {
    pub doc: Vec<String>,
    /// The trait method's name.
    pub name: String,
    /// The typed arguments, each after `, ` (`, thing: String`), to follow
    /// `&self` or the connection.
    pub args_decl: String,
    /// The argument names, each after `, ` (`, thing`).
    pub arg_names: String,
    /// The argument names, comma-separated (`thing, other`).
    pub arg_list: String,
    /// `Result<T, CallError<E>>`.
    pub returns: String,
    /// The client's associated function doing the call, as a path from
    /// `from` (`ThriftTestClient::call_test_string`).
    pub call_path: String,
    /// That function's name (`call_test_string`).
    pub call_fn: String,
    /// Its connection parameter's name (`connection`, unless an argument
    /// has that name).
    pub connection: String,
    /// Its body.
    pub call_body: String,
    /// The processor's `match` arm for this method.
    pub dispatch_arm: String,
    /// The error enum, for methods with `throws`.
    pub error: Option<ErrorView>,
    /// The async pieces, when they are generated.
    pub asynchronous: Option<AsyncMethodView>,
}

/// One method's pieces in the async items.
#[derive(Clone)]
pub struct AsyncMethodView {
    /// The async client's call function, as a path from `from`.
    pub call_path: String,
    /// Its body (`connection` as in [`MethodView::connection`]).
    pub call_body: String,
    /// The async processor's `match` arm.
    pub dispatch_arm: String,
    /// The body of the batch's method queueing this call (`None` for
    /// oneway methods, which have no reply to collect).
    pub batch_body: Option<String>,
    /// The callback-style call's name and its callback parameter's name.
    pub callback_fn: String,
    pub callback_param: String,
    /// The value type `T` and the error type `CallError<E>`.
    pub value: String,
    pub call_error: String,
}

/// `<Service><Method>Error`: one variant per declared exception.
#[derive(Clone)]
pub struct ErrorView {
    pub doc: String,
    pub name: String,
    /// `(variant, exception type)`.
    pub variants: Vec<(String, String)>,
    /// The `From` conversions of each type declared only once.
    pub conversions: Vec<ConversionView>,
}

/// `From<exception type>` for the error and for `CallError<error>`.
#[derive(Clone)]
pub struct ConversionView {
    pub ty: String,
    pub variant: String,
    /// `impl From<ty> for CallError<E> {`, broken when too wide.
    pub call_error_header: String,
    /// `CallError::Declared(E::variant(e))`, broken when too wide.
    pub call_error_body: String,
}

/// `service` is the service declaring `f`, `service_names` its names and
/// `names` those of `f`.
pub fn view(
    ctx: &Context,
    from: FileIdx,
    service: DefId,
    service_names: &ServiceNames,
    f: &Function,
    names: &MethodNames,
) -> MethodView {
    let item = |name: &str| item_path(ctx, from, service, name);
    let args_decl = f
        .args
        .iter()
        .zip(&names.arg_fields)
        .map(|(a, n)| {
            let a = arg_field(ctx, a);
            let shape = FieldShape::of(ctx, None, &a);
            [", ", n, ": ", &field_type(ctx, from, &a.ty, shape)].concat()
        })
        .collect();
    let arg_names: String = names.arg_fields.iter().flat_map(|n| [", ", n]).collect();
    let value = f
        .returns
        .as_ref()
        .map_or_else(|| "()".to_owned(), |t| rust_type(ctx, from, t, false));
    let error =
        (!f.throws.is_empty()).then(|| error_view(ctx, from, &item(&names.error), f, names));
    let exceptions = exception_fields(names, error.as_ref());
    let call_error = match &error {
        Some(e) => format!("{CALL_ERROR}<{}>", e.name),
        None => CALL_ERROR.to_owned(),
    };
    let connection = free_name("connection", names.arg_fields.iter().map(String::as_str));
    let literal = string_literal(&f.name.idl);
    let arg_list = arg_names.trim_start_matches(", ").to_owned();
    let args_value = format!("{} {{ {arg_list} }}", item(&names.args));
    let client = item(&service_names.client);
    let asynchronous = ctx.options.generate_async.then(|| AsyncMethodView {
        call_path: format!("{}::{}", item(&service_names.async_client), names.call_fn),
        call_body: async_call_body(
            f,
            &connection,
            &literal,
            &args_value,
            &item(&names.result),
            &exceptions,
        ),
        dispatch_arm: dispatch_arm(f, names, &literal, &item, &exceptions, ".await"),
        batch_body: (!f.oneway).then(|| {
            let result = item(&names.result);
            let fetch = reply_conversion(f, "result", &result, &literal, &exceptions);
            // The closure's types follow from the method's return type
            // and the body's `let result: {result}`: unwritten, its first
            // line fits as rustfmt keeps it.
            format!("self.batch.push({literal}, {args_value}, |result| {{ {fetch} }})")
        }),
        callback_fn: names.callback_fn.clone(),
        callback_param: free_name("callback", names.arg_fields.iter().map(String::as_str)),
        value: value.clone(),
        call_error: call_error.clone(),
    });
    MethodView {
        asynchronous,
        doc: doc_lines(f.doc.as_deref()),
        args_decl,
        returns: format!("{RESULT}<{value}, {call_error}>"),
        call_path: format!("{client}::{}", names.call_fn),
        call_body: call_body(
            f,
            &connection,
            &literal,
            &args_value,
            &item(&names.result),
            &exceptions,
        ),
        connection,
        dispatch_arm: dispatch_arm(f, names, &literal, &item, &exceptions, ""),
        call_fn: names.call_fn.clone(),
        name: names.method.clone(),
        arg_names,
        arg_list,
        error,
    }
}

/// `base`, with `_` appended until no name in `taken` is equal.
fn free_name<'a>(base: &str, taken: impl Iterator<Item = &'a str> + Clone) -> String {
    let mut name = base.to_owned();
    while taken.clone().any(|t| t == name) {
        name.push('_');
    }
    name
}

/// How file `from` names an item generated for service `service`.
pub fn item_path(ctx: &Context, from: FileIdx, service: DefId, name: &str) -> String {
    if service.file == from {
        name.to_owned()
    } else {
        format!("super::{}::{name}", ctx.modules[service.file.0])
    }
}

fn error_view(
    ctx: &Context,
    from: FileIdx,
    name: &str,
    f: &Function,
    names: &MethodNames,
) -> ErrorView {
    let variants: Vec<(String, String)> = f
        .throws
        .iter()
        .zip(&names.exception_variants)
        .map(|(t, variant)| (variant.clone(), rust_type(ctx, from, &t.ty, false)))
        .collect();
    let conversions = f
        .throws
        .iter()
        .zip(&variants)
        .filter(|(t, _)| {
            let same = |u: &&crate::model::Field| same_type(ctx.program, &u.ty, &t.ty);
            f.throws.iter().filter(same).count() == 1
        })
        .map(|(_, (variant, ty))| ConversionView {
            call_error_header: shape::impl_header(
                &format!("::std::convert::From<{ty}>"),
                &format!("::thriftgen_runtime::CallError<{name}>"),
            ),
            // In `fn from`: depth 2.
            call_error_body: shape::nested_call(
                2,
                "::thriftgen_runtime::CallError::Declared(",
                &format!("{name}::{variant}(e)"),
                ")",
            ),
            ty: ty.clone(),
            variant: variant.clone(),
        })
        .collect();
    ErrorView {
        doc: format!(
            "/// The exceptions `{}` declares, one variant each.",
            f.name.idl
        ),
        name: name.to_owned(),
        variants,
        conversions,
    }
}

fn same_type(program: &Program, a: &Type, b: &Type) -> bool {
    program.unalias(a) == program.unalias(b)
}

/// The client's call: send, then turn the result struct into the value
/// or the declared exception.
fn call_body(
    f: &Function,
    connection: &str,
    literal: &str,
    args_value: &str,
    result: &str,
    exceptions: &[(&str, String)],
) -> String {
    if f.oneway {
        return format!("{connection}.call_oneway({literal}, &{args_value})?; {RESULT}::Ok(())");
    }
    if f.returns.is_none() && exceptions.is_empty() {
        return format!(
            "{connection}.call::<_, {result}>({literal}, &{args_value})?; {RESULT}::Ok(())"
        );
    }
    let mut body = format!("let result: {result} = {connection}.call({literal}, &{args_value})?;");
    for (field, variant) in exceptions {
        // In the client's method, in the `if let`: depth 3.
        let declared = declared_error(3, variant);
        let _ = write!(
            body,
            "if let ::std::option::Option::Some(e) = result.{field} {{ {declared} }}"
        );
    }
    match f.returns {
        Some(_) => body.push_str(&success_or_missing(literal)),
        None => body.push_str(OK_UNIT),
    }
    body
}

/// `result.success`, or the error for a reply without it, as the tail of
/// a client call's body (two levels in). As rustfmt lays it out: wider
/// than its `chain_width` (60), so one link per line when that fits;
/// else on one line for the layout to wrap (the closure's body in a
/// block).
fn success_or_missing(literal: &str) -> String {
    let chain = format!(
        "result.success.ok_or_else(|| ::thriftgen_runtime::missing_result({literal}).into())"
    );
    if 2 * 4 + chain.len() <= 100 {
        chain.replacen(".success.", "\n.success\n.", 1)
    } else {
        chain
    }
}

/// The async client's call: as [`call_body`], awaiting the connection.
fn async_call_body(
    f: &Function,
    connection: &str,
    literal: &str,
    args_value: &str,
    result: &str,
    exceptions: &[(&str, String)],
) -> String {
    if f.oneway {
        return format!(
            "{connection}.call_oneway({literal}, &{args_value}).await?; {RESULT}::Ok(())"
        );
    }
    let fetch = format!("{connection}.call({literal}, &{args_value}).await");
    reply_conversion(f, &fetch, result, literal, exceptions)
}

/// Code turning `fetch`, a `thrift::Result` of the result struct
/// `return Err(CallError::Declared({variant}(e)));` at `depth`.
fn declared_error(depth: usize, variant: &str) -> String {
    shape::nested_call(
        depth,
        &["return ", RESULT, "::Err(", CALL_ERROR, "::Declared("].concat(),
        &[variant, "(e)"].concat(),
        "));",
    )
}

/// `result`, into the method's `Result<T, CallError<E>>`.
fn reply_conversion(
    f: &Function,
    fetch: &str,
    result: &str,
    literal: &str,
    exceptions: &[(&str, String)],
) -> String {
    if f.returns.is_none() && exceptions.is_empty() {
        return format!("let _: {result} = {fetch}?; {RESULT}::Ok(())");
    }
    let mut body = format!("let result: {result} = {fetch}?;");
    for (field, variant) in exceptions {
        let _ = write!(
            body,
            "if let ::std::option::Option::Some(e) = result.{field} {{ \
             return {RESULT}::Err({CALL_ERROR}::Declared({variant}(e))); }}"
        );
    }
    match f.returns {
        Some(_) => body.push_str(&success_or_missing(literal)),
        None => body.push_str(OK_UNIT),
    }
    body
}

/// `(result field, error variant path)` per declared exception.
fn exception_fields<'a>(
    names: &'a MethodNames,
    error: Option<&ErrorView>,
) -> Vec<(&'a str, String)> {
    let Some(error) = error else {
        return Vec::new();
    };
    names
        .exception_fields
        .iter()
        .zip(&error.variants)
        .map(|(field, (variant, _))| (field.as_str(), [&error.name, "::", variant].concat()))
        .collect()
}

/// The processor's arm: read the arguments, call the handler, build the
/// result struct (not for oneway methods). `then` follows the call
/// (`.await` in the async processor).
fn dispatch_arm(
    f: &Function,
    names: &MethodNames,
    literal: &str,
    item: &dyn Fn(&str) -> String,
    exceptions: &[(&str, String)],
    then: &str,
) -> String {
    let arg_values = names
        .arg_fields
        .iter()
        .map(|n| ["args.", n].concat())
        .collect::<Vec<_>>()
        .join(", ");
    let param = if f.args.is_empty() { "_" } else { "args" };
    let handle = format!(
        "|{param}: {}| handler.{}({arg_values})",
        item(&names.args),
        names.method
    );
    if f.oneway {
        return format!("{literal} => call.oneway({handle}){then},");
    }
    let result = item(&names.result);
    // The result struct with `set` as its only non-`None` field.
    let fields_with = |set: Option<(&str, &str)>| {
        let success = f.returns.is_some().then_some("success");
        let all = success
            .into_iter()
            .chain(exceptions.iter().map(|(field, _)| *field));
        let mut literal = String::with_capacity(256);
        literal.push_str(&result);
        literal.push_str(" { ");
        for field in all {
            let value = match set {
                Some((name, value)) if name == field => value,
                _ => "::std::option::Option::None",
            };
            literal.push_str(field);
            literal.push_str(": ");
            literal.push_str(value);
            literal.push(',');
        }
        literal.push_str(" }");
        literal
    };
    let ok = match f.returns {
        Some(_) => format!(
            "{RESULT}::Ok(success) => {},",
            fields_with(Some(("success", "::std::option::Option::Some(success)")))
        ),
        None => format!("{RESULT}::Ok(()) => {},", fields_with(None)),
    };
    let errs = if exceptions.is_empty() {
        format!("{RESULT}::Err(never) => match never {{}},")
    } else {
        exceptions
            .iter()
            .map(|(field, variant)| {
                let body = fields_with(Some((field, "::std::option::Option::Some(e)")));
                [RESULT, "::Err(", variant, "(e)) => ", &body, ","].concat()
            })
            .collect()
    };
    // Two closures are always wider than rustfmt's `fn_call_width`: one
    // argument per line.
    let reply = format!("call.reply(\n{handle},\n|outcome| match outcome {{ {ok} {errs} }},\n)");
    match then {
        // A call broken over lines, then `.await`: rustfmt puts the arm's
        // body in a block.
        "" => format!("{literal} => {reply},"),
        _ => format!("{literal} => {{\n{reply}\n{then}\n}}"),
    }
}

#[cfg(test)]
mod layout_tests {
    use super::success_or_missing;

    #[test]
    fn success_chain_is_one_link_per_line_only_when_that_fits() {
        assert_eq!(
            success_or_missing("\"ping\""),
            "result\n.success\n.ok_or_else(|| ::thriftgen_runtime::missing_result(\"ping\").into())"
        );
        let long = format!("\"{}\"", "x".repeat(30));
        assert!(!success_or_missing(&long).contains('\n'));
    }
}
