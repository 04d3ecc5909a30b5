//! `struct` and `exception` -> a Rust struct with `Encode`, `Decode` and
//! `TSerializable`
//! (exceptions add `Display` and `std::error::Error`).
//!
//! Field rule: `required` -> `T`; `optional` -> `Option<T>`; default
//! requiredness -> `T`, filled with the IDL default or `Default` when absent
//! on the wire, except for struct/union/exception types, which are
//! `Option<T>`. Recursive fields are boxed.

use std::fmt::Write as _;

use askama::Template;

use super::constant::{field_default, is_type_default};
use super::context::Context;
use super::doc::doc_lines;
use super::ident;
use super::rust_type::{FieldShape, optional_type, value_type};
use super::serialize::{protocol_error_lines, read_expr, ttype, write_field};
use crate::model::{DefId, Field, FileIdx, Requiredness, Struct, StructKind, Type};

#[derive(Template)]
#[template(path = "struct.askama", escape = "none")]
pub struct StructView {
    pub doc: Vec<String>,
    pub name: String,
    /// The IDL name (for messages).
    pub idl_name: String,
    pub derives: &'static str,
    pub fields: Vec<FieldView>,
    /// `(field, expression)` for a hand-written `Default`; empty when
    /// `Default` is derived or impossible.
    pub default_fields: Vec<(String, String)>,
    pub read_locals: Vec<String>,
    pub read_dispatch: String,
    pub read_result: String,
    pub write_fields: Vec<String>,
    pub exception: bool,
}

pub struct FieldView {
    pub doc: Vec<String>,
    pub name: String,
    pub ty: String,
}

/// The derive list: `Debug, Clone, PartialEq`, plus `Eq, Hash,
/// PartialOrd, Ord` when `ord`, plus `Default` when `default`.
pub fn derives(ord: bool, default: bool) -> &'static str {
    match (ord, default) {
        (false, false) => "Debug, Clone, PartialEq",
        (false, true) => "Debug, Clone, PartialEq, Default",
        (true, false) => "Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord",
        (true, true) => "Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default",
    }
}

/// Whether `Eq, Hash, Ord` fit, and whether `Default` exists, for a struct
/// that is not a program definition (service arguments and results).
fn synthetic_traits(ctx: &Context, s: &Struct) -> (bool, bool) {
    let ord = s
        .fields
        .iter()
        .all(|f| ctx.traits.field_allows_ord(ctx.program, &f.ty));
    let default = s.fields.iter().all(|f| {
        f.requiredness != Requiredness::Required
            || f.default.is_some()
            || !matches!(ctx.program.unalias(&f.ty), Type::Struct(d) if !ctx.traits.has_default(*d))
    });
    (ord, default)
}

/// The view of a struct or exception. `holder` is the definition, or `None`
/// for a struct that only exists in generated code (service `_args` and
/// `_result` structs). Errors are messages for the struct's span.
pub fn view(
    ctx: &Context,
    file: FileIdx,
    holder: Option<DefId>,
    s: &Struct,
) -> Result<StructView, String> {
    match holder {
        Some(d) => build(ctx, file, holder, s, &ctx.names(d).members),
        None => build(ctx, file, None, s, &ident::field_names(&s.fields)),
    }
}

/// The view of a struct that only exists in generated code whose field
/// names, all distinct, are already known (service `_args` and `_result`
/// structs, named by [`MethodNames`](super::service::names::MethodNames)).
pub fn synthetic_view(
    ctx: &Context,
    file: FileIdx,
    s: &Struct,
    names: &[String],
) -> Result<StructView, String> {
    build(ctx, file, None, s, names)
}

/// The view of a struct whose fields are named `names`.
fn build(
    ctx: &Context,
    file: FileIdx,
    holder: Option<DefId>,
    s: &Struct,
    names: &[String],
) -> Result<StructView, String> {
    let name = ident::type_name(&s.name.idl);
    let (ord, has_default) = match holder {
        Some(d) => (ctx.traits.derives_ord(d), ctx.traits.has_default(d)),
        None => synthetic_traits(ctx, s),
    };
    let shapes: Vec<FieldShape> = s
        .fields
        .iter()
        .map(|f| FieldShape::of(ctx, holder, f))
        .collect();
    // Each field's type text, derived once for the declaration and the
    // read local.
    let value_types: Vec<String> = s
        .fields
        .iter()
        .zip(&shapes)
        .map(|(f, shape)| value_type(ctx, file, &f.ty, *shape))
        .collect();
    let fields = s
        .fields
        .iter()
        .zip(&shapes)
        .zip(names)
        .zip(&value_types)
        .map(|(((f, shape), name), value)| FieldView {
            doc: doc_lines(f.doc.as_deref()),
            name: name.clone(),
            ty: optional_type(value, shape.optional),
        })
        .collect();
    // Defaults equal to the type's own need no hand-written `Default`
    // (clippy's `derivable_impls`).
    let any_idl_default = s.fields.iter().zip(&shapes).any(|(f, shape)| {
        f.default
            .as_ref()
            .is_some_and(|d| shape.optional || !is_type_default(d))
    });
    let default_fields = if has_default && any_idl_default {
        s.fields
            .iter()
            .zip(names)
            .map(|(f, name)| {
                let value = field_default(ctx, file, holder, f, &s.name.idl)?;
                Ok((name.clone(), value))
            })
            .collect::<Result<Vec<_>, String>>()?
    } else {
        Vec::new()
    };
    let read_locals = value_types
        .iter()
        .enumerate()
        .map(|(i, value)| super::shape::read_local(i, value))
        .collect();
    let arms: Vec<String> = s
        .fields
        .iter()
        .zip(&shapes)
        .enumerate()
        .map(|(i, (f, shape))| {
            let value = read_value(ctx, file, f, *shape);
            let mut arm = String::with_capacity(128 + value.len());
            let _ = write!(arm, "({}, {}) => {{ ", f.id, ttype(ctx, &f.ty));
            // The arm's body is at depth 5: impl, fn, loop, match, arm.
            super::shape::push_read_assignment(&mut arm, 5, i, &value);
            arm.push_str(" }");
            arm
        })
        .collect();
    let read_dispatch = dispatch(&arms);
    let mut read_result = String::with_capacity(64 + 32 * s.fields.len());
    read_result.push_str("::std::result::Result::Ok(");
    read_result.push_str(&name);
    read_result.push_str(" { ");
    for (i, ((f, shape), field)) in s.fields.iter().zip(&shapes).zip(names).enumerate() {
        let value = field_from_local(ctx, file, holder, s, f, *shape, i)?;
        if i > 0 {
            read_result.push(' ');
        }
        // `f3: f3` would be clippy's `redundant_field_names`.
        if *field != value {
            read_result.push_str(field);
            read_result.push_str(": ");
        }
        read_result.push_str(&value);
        // A trailing comma, as rustfmt writes after a last field broken
        // over lines (`})?,`); the layout drops it when the literal stays
        // on one line.
        read_result.push(',');
    }
    read_result.push_str(" })");
    let write_fields = s
        .fields
        .iter()
        .zip(&shapes)
        .zip(names)
        .map(|((f, shape), field)| {
            // In `encode`, in a block: depth 3.
            let write = write_field(ctx, file, &f.ty, shape.ordered, f.id, "value", 3);
            if shape.optional {
                [
                    "if let ::std::option::Option::Some(value) = &self.",
                    field,
                    " { ",
                    &write,
                    " }",
                ]
                .concat()
            } else {
                ["{ let value = &self.", field, "; ", &write, " }"].concat()
            }
        })
        .collect();
    Ok(StructView {
        doc: doc_lines(s.doc.as_deref()),
        idl_name: s.name.idl.replace(['{', '}', '"', '\\'], ""),
        derives: derives(ord, has_default && !any_idl_default),
        name,
        fields,
        default_fields,
        read_locals,
        read_dispatch,
        read_result,
        write_fields,
        exception: s.kind == StructKind::Exception,
    })
}

/// The expression read for a field (boxed when the field is).
pub fn read_value(ctx: &Context, file: FileIdx, f: &Field, shape: FieldShape) -> String {
    let value = read_expr(ctx, file, &f.ty, shape.ordered, 0);
    if shape.boxed {
        format!("{}::new({value})", super::rust_type::BOX)
    } else {
        value
    }
}

/// The `match` on `(field id, wire type)` with the given arms; unknown
/// fields, and known ids with another wire type, are skipped.
pub fn dispatch(arms: &[String]) -> String {
    let skip = "decoder.skip(field.ttype)?;";
    if arms.is_empty() {
        return skip.to_owned();
    }
    let mut code = String::with_capacity(64 + arms.iter().map(String::len).sum::<usize>());
    code.push_str("match (field.id, field.ttype) { ");
    code.extend(arms.iter().map(String::as_str));
    code.push_str(" _ => { ");
    code.push_str(skip);
    code.push_str(" } }");
    code
}

/// The value of a field after reading, from its local `f{i}`.
fn field_from_local(
    ctx: &Context,
    file: FileIdx,
    holder: Option<DefId>,
    s: &Struct,
    f: &Field,
    shape: FieldShape,
    i: usize,
) -> Result<String, String> {
    if f.requiredness == Requiredness::Required {
        let missing = protocol_error_lines(
            "InvalidData",
            &format!("missing required field {}.{}", s.name.idl, f.name.idl),
        );
        // Too wide for the closure's line: rustfmt puts it in a block.
        return Ok(format!("f{i}.ok_or_else(|| {{\n{missing}\n}})?"));
    }
    if shape.optional {
        return Ok(match (&f.default, f.requiredness) {
            // A default-requiredness struct field with an IDL default,
            // filled unless absence is kept.
            (Some(_), Requiredness::Default) if !ctx.keeps_absence(holder) => {
                let expr = field_default(ctx, file, holder, f, &s.name.idl)?;
                match is_costly(&expr) {
                    true => format!("f{i}.or_else(|| {expr})"),
                    false => format!("f{i}.or({expr})"),
                }
            }
            _ => format!("f{i}"),
        });
    }
    match &f.default {
        None => Ok(format!("f{i}.unwrap_or_default()")),
        Some(value) if is_type_default(value) => Ok(format!("f{i}.unwrap_or_default()")),
        Some(_) => {
            let expr = field_default(ctx, file, holder, f, &s.name.idl)?;
            match is_costly(&expr) {
                true => Ok(format!("f{i}.unwrap_or_else(|| {expr})")),
                false => Ok(format!("f{i}.unwrap_or({expr})")),
            }
        }
    }
}

/// Whether a default expression allocates or calls functions, so it should
/// only run when the field is absent (`unwrap_or_else`). Anything else is
/// passed eagerly, as clippy's `unnecessary_lazy_evaluations` wants; eager
/// evaluation is always correct, laziness only saves work.
fn is_costly(expr: &str) -> bool {
    ["::from(", ".to_vec()", "vec![", "::new(", "default()"]
        .iter()
        .any(|call| expr.contains(call))
}

#[cfg(test)]
mod tests;
