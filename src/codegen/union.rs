//! `union` -> a Rust enum with one variant per field. Reading no known
//! field, or more than one, is a protocol error.

use askama::Template;

use super::context::Context;
use super::doc::doc_lines;
use super::ident;
use super::rust_type::{FieldShape, value_type};
use super::serialize::{protocol_error, ttype, write_field};
use super::struct_::{derives, dispatch, read_value};
use crate::model::{DefId, FileIdx, Struct};

#[derive(Template)]
#[template(path = "union.askama", escape = "none")]
pub struct UnionView {
    pub doc: Vec<String>,
    pub name: String,
    pub derives: String,
    pub variants: Vec<VariantView>,
    /// `let found` declaration (`mut` only when some arm assigns it).
    pub found_local: String,
    pub read_dispatch: String,
    pub empty_error: String,
    pub write_body: String,
}

pub struct VariantView {
    pub doc: Vec<String>,
    pub name: String,
    pub ty: String,
}

pub fn view(ctx: &Context, file: FileIdx, holder: Option<DefId>, s: &Struct) -> UnionView {
    let name = ident::type_name(&s.name.idl);
    // A variant holds its value: neither optional nor defaulted.
    let shapes: Vec<FieldShape> = s
        .fields
        .iter()
        .map(|f| FieldShape {
            optional: false,
            ..FieldShape::of(ctx, holder, f)
        })
        .collect();
    let variant_names: Vec<String> = s
        .fields
        .iter()
        .map(|f| ident::type_name(&f.name.idl))
        .collect();
    let variants = s
        .fields
        .iter()
        .zip(&shapes)
        .zip(&variant_names)
        .map(|((f, shape), v)| VariantView {
            doc: doc_lines(f.doc.as_deref()),
            name: v.clone(),
            ty: value_type(ctx, file, &f.ty, *shape),
        })
        .collect();
    let several = protocol_error(
        "InvalidData",
        &format!("received more than one field for union {}", s.name.idl),
    );
    let arms: Vec<String> = s
        .fields
        .iter()
        .zip(&shapes)
        .zip(&variant_names)
        .map(|((f, shape), v)| {
            format!(
                "(::std::option::Option::Some({}), {}) => {{ let value = {}; \
                 if found.replace({name}::{v}(value)).is_some() {{ \
                 return ::std::result::Result::Err({several}); }} }}",
                f.id,
                ttype(ctx, &f.ty),
                read_value(ctx, file, f, *shape)
            )
        })
        .collect();
    let found_local = format!(
        "let {}found: ::std::option::Option<{name}> = ::std::option::Option::None;",
        if arms.is_empty() { "" } else { "mut " }
    );
    let write_arms: Vec<String> = s
        .fields
        .iter()
        .zip(&shapes)
        .zip(&variant_names)
        .map(|((f, shape), v)| {
            format!(
                "{name}::{v}(value) => {{ {} }}",
                write_field(ctx, file, &f.ty, shape.ordered, f.id, "value")
            )
        })
        .collect();
    let write_body = match write_arms.is_empty() {
        true => "match *self {}".to_owned(),
        false => format!("match self {{ {} }}", write_arms.join(" ")),
    };
    let ord = holder.is_none_or(|d| ctx.traits.derives_ord(d));
    UnionView {
        doc: doc_lines(s.doc.as_deref()),
        derives: derives(ord, false),
        name,
        variants,
        found_local,
        read_dispatch: dispatch(&arms),
        empty_error: protocol_error(
            "InvalidData",
            &format!("received no field for union {}", s.name.idl),
        ),
        write_body,
    }
}
