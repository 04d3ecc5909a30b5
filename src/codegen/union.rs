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
    pub derives: &'static str,
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
    let computed: Vec<String>;
    let variant_names: &[String] = match holder {
        Some(d) => &ctx.names(d).members,
        None => {
            computed = s
                .fields
                .iter()
                .map(|f| ident::type_name(&f.name.idl))
                .collect();
            &computed
        }
    };
    let variants = s
        .fields
        .iter()
        .zip(&shapes)
        .zip(variant_names)
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
        .zip(variant_names)
        .map(|((f, shape), v)| {
            format!(
                "({}, {}) => {{ let value = {}; \
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
        .zip(variant_names)
        .map(|((f, shape), v)| {
            format!(
                "{name}::{v}(value) => {{ {} }}",
                // In `encode`, in a match arm: depth 4.
                write_field(ctx, file, &f.ty, shape.ordered, f.id, "value", 4)
            )
        })
        .collect();
    // An empty union has no values, so writing one cannot happen.
    let write_body = match write_arms.is_empty() {
        true => "let _ = encoder; match *self {}".to_owned(),
        false => format!(
            "let scope = encoder.write_struct_begin()?; match self {{ {} }} \
             encoder.write_field_stop()?; encoder.write_struct_end(scope)",
            write_arms.join(" ")
        ),
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
            "EmptyUnion",
            &format!("received no field for union {}", s.name.idl),
        ),
        write_body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codegen::test_support::*;
    use crate::model::{BaseType, Definition, Program, Requiredness as R, StructKind, Type};

    fn union_view(p: &Program, index: usize) -> UnionView {
        let ctx = Context::new(p);
        let Definition::Struct(s) = &p.files[0].definitions[index] else {
            unreachable!()
        };
        view(
            &ctx,
            FileIdx(0),
            Some(DefId {
                file: FileIdx(0),
                index,
            }),
            s,
        )
    }

    #[test]
    fn variants_are_camel_case_and_recursive_ones_boxed() {
        let mut b = ProgramBuilder::new();
        let tree = b.def_id(0, 0);
        b.file("a").structure(
            "tree",
            StructKind::Union,
            vec![
                field(1, "leaf_value", R::Default, base(BaseType::Double)),
                field(2, "subtree", R::Optional, Type::Struct(tree)),
                field(3, "kids", R::Default, list(Type::Struct(tree))),
            ],
        );
        let p = b.build();
        let v = union_view(&p, 0);
        let variants: Vec<_> = v
            .variants
            .iter()
            .map(|x| (x.name.as_str(), x.ty.as_str()))
            .collect();
        assert_eq!(
            variants,
            [
                ("LeafValue", "f64"),
                ("Subtree", "::std::boxed::Box<Tree>"),
                ("Kids", "::std::vec::Vec<Tree>"),
            ]
        );
        assert_eq!(v.derives, "Debug, Clone, PartialEq");
        assert!(
            v.read_dispatch
                .contains("received more than one field for union tree")
        );
        assert!(v.empty_error.contains("received no field for union tree"));
        let code = v.render().unwrap();
        syn::parse_file(&code).unwrap_or_else(|e| panic!("{e}\n{code}"));
    }

    #[test]
    fn empty_union_writes_nothing_reachable() {
        let mut b = ProgramBuilder::new();
        b.file("a").structure("Nothing", StructKind::Union, vec![]);
        let p = b.build();
        let v = union_view(&p, 0);
        assert_eq!(v.write_body, "let _ = encoder; match *self {}");
        assert!(v.found_local.starts_with("let found"));
        assert_eq!(v.read_dispatch, "decoder.skip(field.ttype)?;");
        syn::parse_file(&v.render().unwrap()).unwrap();
    }
}
