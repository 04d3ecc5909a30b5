//! `model::ConstValue` to Rust expressions, and `const` items.
//!
//! Scalars, strings (`&str`) and binaries (`&[u8]`) are `pub const`;
//! containers, structs and uuids are `pub static NAME: LazyLock<T>`.
//! Values used inside structs or statics are owned (`String::from`, ...).

use askama::Template;

use super::context::Context;
use super::doc::doc_lines;
use super::ident;
use super::rust_type::{
    self, BOX, BTREE_MAP, BTREE_SET, FieldShape, ORDERED_FLOAT, STRING, UUID, VEC, value_type,
};
use crate::diagnostics::Diagnostic;
use crate::model::{BaseType, Const, ConstValue, Definition, FileIdx, StructKind, Type};

#[derive(Template)]
#[template(path = "const.askama", escape = "none")]
pub struct ConstView {
    pub doc: Vec<String>,
    /// `const` or `static`.
    pub keyword: &'static str,
    pub name: String,
    pub ty: String,
    pub value: String,
}

/// The item for a `const` definition.
pub fn item(ctx: &Context, file: FileIdx, c: &Const) -> Result<String, Diagnostic> {
    let view = view(ctx, file, c).map_err(|e| Diagnostic::error(c.name.span, e))?;
    view.render()
        .map_err(|e| Diagnostic::error(c.name.span, format!("internal error: {e}")))
}

pub fn view(ctx: &Context, file: FileIdx, c: &Const) -> Result<ConstView, String> {
    let declared = rust_type::rust_type(ctx, file, &c.ty, false);
    let (keyword, ty, value) = match (ctx.program.unalias(&c.ty), &c.value) {
        (Type::Base(BaseType::String), ConstValue::String(s)) => {
            ("const", "&str".to_owned(), string_literal(s))
        }
        (Type::Base(BaseType::Binary), ConstValue::String(s)) => {
            ("const", "&[u8]".to_owned(), bytes_literal(s.as_bytes()))
        }
        (Type::Base(BaseType::Uuid), _)
        | (Type::List(_) | Type::Set(_) | Type::Map(..) | Type::Struct(_), _) => {
            let expr = value_expr(ctx, file, &c.ty, &c.value, false)?;
            (
                "static",
                format!("::std::sync::LazyLock<{declared}>"),
                format!("::std::sync::LazyLock::new(|| {expr})"),
            )
        }
        _ => (
            "const",
            declared,
            value_expr(ctx, file, &c.ty, &c.value, false)?,
        ),
    };
    Ok(ConstView {
        doc: doc_lines(c.doc.as_deref()),
        keyword,
        name: ident::const_name(&c.name.idl),
        ty,
        value,
    })
}

/// A Rust expression of type `rust_type(ty, ordered)` for `value`.
/// Errors name what cannot be built (a struct constant leaving out a
/// required field whose type has no default).
pub fn value_expr(
    ctx: &Context,
    from: FileIdx,
    ty: &Type,
    value: &ConstValue,
    ordered: bool,
) -> Result<String, String> {
    let ty = ctx.program.unalias(ty);
    Ok(match (ty, value) {
        (_, ConstValue::Bool(b)) => b.to_string(),
        (Type::Base(BaseType::I64), ConstValue::Int(i)) if *i == i64::MIN => "i64::MIN".to_owned(),
        (Type::Base(BaseType::Double), ConstValue::Int(i)) => double_literal(*i as f64, ordered),
        (_, ConstValue::Int(i)) => i.to_string(),
        (_, ConstValue::Double(d)) => double_literal(*d, ordered),
        (Type::Base(BaseType::Binary), ConstValue::String(s)) => {
            format!("{}.to_vec()", bytes_literal(s.as_bytes()))
        }
        (_, ConstValue::String(s)) => format!("{STRING}::from({})", string_literal(s)),
        (_, ConstValue::Uuid(u)) => uuid_expr(u)?,
        (
            _,
            ConstValue::Enum {
                def,
                value,
                variant,
            },
        ) => {
            let path = ctx.def_path(from, *def);
            match (variant, ctx.program.def(*def)) {
                (Some(i), Definition::Enum(e)) => {
                    format!("{path}::{}", ident::const_name(&e.values[*i].name.idl))
                }
                _ => format!("{path}({value})"),
            }
        }
        (Type::List(e), ConstValue::List(items) | ConstValue::Set(items)) => {
            if items.is_empty() {
                format!("{VEC}::new()")
            } else {
                // `Vec::from([..])` rather than `vec![..]`, like the sets and
                // maps: rustfmt lays out an array, not a macro's arguments
                // (no trailing commas there), which the layout follows.
                format!("{VEC}::from([{}])", elements(ctx, from, e, items, ordered)?)
            }
        }
        (Type::Set(e), ConstValue::List(items) | ConstValue::Set(items)) => {
            if items.is_empty() {
                format!("{BTREE_SET}::new()")
            } else {
                format!(
                    "{BTREE_SET}::from([{}])",
                    elements(ctx, from, e, items, true)?
                )
            }
        }
        (Type::Map(k, v), ConstValue::Map(entries)) => {
            if entries.is_empty() {
                format!("{BTREE_MAP}::new()")
            } else {
                let entries = entries
                    .iter()
                    .map(|(key, val)| {
                        Ok(format!(
                            "({}, {})",
                            value_expr(ctx, from, k, key, true)?,
                            value_expr(ctx, from, v, val, ordered)?
                        ))
                    })
                    .collect::<Result<Vec<_>, String>>()?;
                format!("{BTREE_MAP}::from([{}])", entries.join(", "))
            }
        }
        (_, ConstValue::Struct { def, fields }) => struct_expr(ctx, from, *def, fields)?,
        (ty, value) => {
            return Err(format!(
                "internal error: constant {value:?} does not fit type {ty:?}"
            ));
        }
    })
}

fn elements(
    ctx: &Context,
    from: FileIdx,
    elem: &Type,
    items: &[ConstValue],
    ordered: bool,
) -> Result<String, String> {
    let items = items
        .iter()
        .map(|v| value_expr(ctx, from, elem, v, ordered))
        .collect::<Result<Vec<_>, String>>()?;
    Ok(items.join(", "))
}

fn struct_expr(
    ctx: &Context,
    from: FileIdx,
    def: crate::model::DefId,
    given: &[(usize, ConstValue)],
) -> Result<String, String> {
    let Definition::Struct(s) = ctx.program.def(def) else {
        return Err("internal error: struct constant of a non-struct".to_owned());
    };
    let path = ctx.def_path(from, def);
    let wrap = |index: usize, value: &ConstValue| {
        let field = &s.fields[index];
        field_value(
            ctx,
            from,
            &field.ty,
            value,
            FieldShape::of(ctx, Some(def), field),
        )
    };
    if s.kind == StructKind::Union {
        let Some((index, value)) = given.first() else {
            return Err(format!(
                "a constant of union `{}` must set one field",
                s.name.idl
            ));
        };
        let variant = &ctx.names(def).members[*index];
        // The variant holds the value itself, not an Option.
        let field = &s.fields[*index];
        let shape = FieldShape {
            optional: false,
            ..FieldShape::of(ctx, Some(def), field)
        };
        let expr = field_value(ctx, from, &field.ty, value, shape)?;
        return Ok(format!("{path}::{variant}({expr})"));
    }
    let mut inits = Vec::new();
    for (index, name) in ctx.names(def).members.iter().enumerate() {
        let value = match given.iter().rev().find(|(i, _)| *i == index) {
            Some((_, v)) => wrap(index, v)?,
            None => default_expr(ctx, from, def, index)?,
        };
        inits.push(format!("{name}: {value}"));
    }
    Ok(format!("{path} {{ {} }}", inits.join(", ")))
}

/// The value a struct field has in `Default::default()`: its IDL default,
/// `None` when optional, else the type's default.
pub fn default_expr(
    ctx: &Context,
    from: FileIdx,
    holder: crate::model::DefId,
    index: usize,
) -> Result<String, String> {
    let Definition::Struct(s) = ctx.program.def(holder) else {
        return Err("internal error: field of a non-struct".to_owned());
    };
    field_default(ctx, from, Some(holder), &s.fields[index], &s.name.idl)
}

/// [`default_expr`] for a field of any struct (also service argument
/// structs, whose `holder` is `None`).
pub fn field_default(
    ctx: &Context,
    from: FileIdx,
    holder: Option<crate::model::DefId>,
    field: &crate::model::Field,
    struct_name: &str,
) -> Result<String, String> {
    let shape = FieldShape::of(ctx, holder, field);
    if let Some(value) = &field.default {
        return field_value(ctx, from, &field.ty, value, shape);
    }
    if shape.optional {
        return Ok("::std::option::Option::None".to_owned());
    }
    match ctx.program.unalias(&field.ty) {
        Type::Struct(d) if !ctx.traits.has_default(*d) => Err(format!(
            "field `{}` of `{struct_name}` has no default value (its type `{}` has none); \
             give the field a default or make it optional",
            field.name.idl,
            value_type(ctx, from, &field.ty, shape)
        )),
        _ => Ok("::std::default::Default::default()".to_owned()),
    }
}

/// Whether a value equals what `Default::default()` gives (`0`, `false`,
/// `""`, empty containers), so deriving `Default` keeps the IDL meaning.
pub fn is_type_default(value: &ConstValue) -> bool {
    match value {
        ConstValue::Bool(b) => !b,
        ConstValue::Int(i) => *i == 0,
        ConstValue::Double(d) => d.to_bits() == 0,
        ConstValue::String(s) => s.is_empty(),
        ConstValue::Enum { value, .. } => *value == 0,
        ConstValue::List(v) | ConstValue::Set(v) => v.is_empty(),
        ConstValue::Map(v) => v.is_empty(),
        ConstValue::Uuid(_) | ConstValue::Struct { .. } => false,
    }
}

/// A value stored in a field of the given shape (boxed, in `Some`).
fn field_value(
    ctx: &Context,
    from: FileIdx,
    ty: &Type,
    value: &ConstValue,
    shape: FieldShape,
) -> Result<String, String> {
    let expr = value_expr(ctx, from, ty, value, shape.ordered)?;
    let expr = match shape.boxed {
        true => format!("{BOX}::new({expr})"),
        false => expr,
    };
    Ok(match shape.optional {
        true => format!("::std::option::Option::Some({expr})"),
        false => expr,
    })
}

fn double_literal(d: f64, ordered: bool) -> String {
    let lit = if d.is_nan() {
        "f64::NAN".to_owned()
    } else if d == f64::INFINITY {
        "f64::INFINITY".to_owned()
    } else if d == f64::NEG_INFINITY {
        "f64::NEG_INFINITY".to_owned()
    } else {
        // Debug prints the shortest text that reads back exactly, always
        // with a `.` or exponent, so it is a float literal.
        format!("{d:?}")
    };
    if ordered {
        format!("{ORDERED_FLOAT}({lit})")
    } else {
        lit
    }
}

fn uuid_expr(canonical: &str) -> Result<String, String> {
    let hex: String = canonical.chars().filter(|c| *c != '-').collect();
    match u128::from_str_radix(&hex, 16) {
        Ok(n) if hex.len() == 32 => Ok(format!("{UUID}::from_u128({n:#034x})")),
        _ => Err(format!(
            "internal error: invalid uuid constant {canonical:?}"
        )),
    }
}

/// A Rust string literal for `s`; everything but printable text is escaped.
pub fn string_literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A Rust byte string literal (`b"..."`).
pub fn bytes_literal(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 3);
    out.push_str("b\"");
    for &b in bytes {
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x20..=0x7e => out.push(b as char),
            _ => out.push_str(&format!("\\x{b:02x}")),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests;
