//! `model::Type` to Rust type text.
//!
//! std and runtime items are named by absolute paths; definitions of other
//! IDL files by `super::<module>::Name`. `ordered` selects the double rule
//! of [`super::traits`]: `OrderedFloat<f64>` instead of `f64`.

use super::context::Context;
use crate::model::{BaseType, DefId, Field, FileIdx, Program, Requiredness, Type};

pub const STRING: &str = "::std::string::String";
pub const VEC: &str = "::std::vec::Vec";
pub const BOX: &str = "::std::boxed::Box";
pub const OPTION: &str = "::std::option::Option";
pub const BTREE_SET: &str = "::std::collections::BTreeSet";
pub const BTREE_MAP: &str = "::std::collections::BTreeMap";
pub const ORDERED_FLOAT: &str = "::thriftgen_runtime::ordered_float::OrderedFloat";
pub const UUID: &str = "::thriftgen_runtime::uuid::Uuid";

/// The Rust type of `ty` as written in file `from`.
pub fn rust_type(ctx: &Context, from: FileIdx, ty: &Type, ordered: bool) -> String {
    let mut out = String::new();
    push_rust_type(&mut out, ctx, from, ty, ordered);
    out
}

/// Appends [`rust_type`] to `out` (nested types go to the same buffer).
fn push_rust_type(out: &mut String, ctx: &Context, from: FileIdx, ty: &Type, ordered: bool) {
    match ty {
        Type::Base(b) => out.push_str(base_type(*b, ordered)),
        Type::List(e) => {
            out.push_str(VEC);
            out.push('<');
            push_rust_type(out, ctx, from, e, ordered);
            out.push('>');
        }
        Type::Set(e) => {
            out.push_str(BTREE_SET);
            out.push('<');
            push_rust_type(out, ctx, from, e, true);
            out.push('>');
        }
        Type::Map(k, v) => {
            out.push_str(BTREE_MAP);
            out.push('<');
            push_rust_type(out, ctx, from, k, true);
            out.push_str(", ");
            push_rust_type(out, ctx, from, v, ordered);
            out.push('>');
        }
        Type::Enum(d) | Type::Struct(d) => ctx.push_def_path(out, from, *d),
        Type::Typedef(d) => {
            // The alias names the f64 version; an ordered position needs
            // the type spelled out.
            if ordered && has_bare_double(ctx.program, ty) {
                push_rust_type(out, ctx, from, ctx.program.unalias(ty), ordered);
            } else {
                ctx.push_def_path(out, from, *d);
            }
        }
    }
}

pub fn base_type(b: BaseType, ordered: bool) -> &'static str {
    match b {
        BaseType::Bool => "bool",
        BaseType::I8 => "i8",
        BaseType::I16 => "i16",
        BaseType::I32 => "i32",
        BaseType::I64 => "i64",
        BaseType::Double if ordered => "::thriftgen_runtime::ordered_float::OrderedFloat<f64>",
        BaseType::Double => "f64",
        BaseType::String => STRING,
        BaseType::Binary => "::std::vec::Vec<u8>",
        BaseType::Uuid => UUID,
    }
}

/// Whether `ty` holds a `double` other than inside a struct.
pub fn has_bare_double(program: &Program, ty: &Type) -> bool {
    match program.unalias(ty) {
        Type::Base(b) => *b == BaseType::Double,
        Type::List(e) | Type::Set(e) => has_bare_double(program, e),
        Type::Map(k, v) => has_bare_double(program, k) || has_bare_double(program, v),
        _ => false,
    }
}

/// How a field is stored in the struct (or union variant) `holder`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldShape {
    /// `Box<T>` (recursive field).
    pub boxed: bool,
    /// `Option<T>`: `optional`, or default requiredness of struct type
    /// (of any type when the context keeps absence).
    pub optional: bool,
    /// Doubles are `OrderedFloat<f64>`.
    pub ordered: bool,
}

impl FieldShape {
    /// The shape of a field of a program definition; `holder` is `None`
    /// for structs that are not definitions (service arguments/results),
    /// which are never recursive nor keyed.
    pub fn of(ctx: &Context, holder: Option<DefId>, field: &Field) -> FieldShape {
        let boxed = holder.is_some_and(|h| ctx.recursion.needs_box(ctx.program, h, &field.ty));
        let is_struct = matches!(ctx.program.unalias(&field.ty), Type::Struct(_));
        FieldShape {
            boxed,
            optional: field.requiredness == Requiredness::Optional
                || (field.requiredness == Requiredness::Default
                    && (is_struct || ctx.keeps_absence(holder))),
            ordered: holder.is_some_and(|h| ctx.traits.is_keyed(h)),
        }
    }
}

/// The value type of a field without `Option` (possibly boxed).
pub fn value_type(ctx: &Context, from: FileIdx, ty: &Type, shape: FieldShape) -> String {
    let mut out = String::new();
    push_value_type(&mut out, ctx, from, ty, shape);
    out
}

fn push_value_type(out: &mut String, ctx: &Context, from: FileIdx, ty: &Type, shape: FieldShape) {
    if shape.boxed {
        out.push_str(BOX);
        out.push('<');
        push_rust_type(out, ctx, from, ty, shape.ordered);
        out.push('>');
    } else {
        push_rust_type(out, ctx, from, ty, shape.ordered);
    }
}

/// The declared type of a struct field.
pub fn field_type(ctx: &Context, from: FileIdx, ty: &Type, shape: FieldShape) -> String {
    optional_type(&value_type(ctx, from, ty, shape), shape.optional)
}

/// The declared type of a field whose value type is `value`:
/// `Option<value>` when `optional`.
pub fn optional_type(value: &str, optional: bool) -> String {
    match optional {
        true => [OPTION, "<", value, ">"].concat(),
        false => value.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codegen::test_support::*;
    use crate::model::{Requiredness as R, StructKind};

    fn program() -> crate::model::Program {
        let mut b = ProgramBuilder::new();
        b.file("shared")
            .structure("SharedStruct", StructKind::Struct, vec![])
            .typedef("Money", base(BaseType::Double));
        b.file("ThriftTest")
            .enumeration("Numberz", &[("ONE", 1)])
            .structure("Xtruct", StructKind::Struct, vec![]);
        b.build()
    }

    #[test]
    fn base_types() {
        let p = program();
        let ctx = Context::new(&p);
        let f = FileIdx(1);
        assert_eq!(rust_type(&ctx, f, &base(BaseType::String), false), STRING);
        assert_eq!(
            rust_type(&ctx, f, &base(BaseType::Binary), false),
            "::std::vec::Vec<u8>"
        );
        assert_eq!(rust_type(&ctx, f, &base(BaseType::I8), false), "i8");
        assert_eq!(rust_type(&ctx, f, &base(BaseType::Uuid), false), UUID);
        assert_eq!(rust_type(&ctx, f, &base(BaseType::Double), false), "f64");
    }

    #[test]
    fn containers_and_ordered_keys() {
        let p = program();
        let ctx = Context::new(&p);
        let f = FileIdx(1);
        let d = || base(BaseType::Double);
        assert_eq!(
            rust_type(&ctx, f, &map(d(), list(d())), false),
            "::std::collections::BTreeMap<::thriftgen_runtime::ordered_float::OrderedFloat<f64>, \
             ::std::vec::Vec<f64>>"
        );
        assert_eq!(
            rust_type(&ctx, f, &set(base(BaseType::I32)), false),
            "::std::collections::BTreeSet<i32>"
        );
    }

    #[test]
    fn paths_across_modules() {
        let p = program();
        let ctx = Context::new(&p);
        let shared = Type::Struct(DefId {
            file: FileIdx(0),
            index: 0,
        });
        let numberz = Type::Enum(DefId {
            file: FileIdx(1),
            index: 0,
        });
        assert_eq!(
            rust_type(&ctx, FileIdx(1), &shared, false),
            "super::shared::SharedStruct"
        );
        assert_eq!(rust_type(&ctx, FileIdx(0), &shared, false), "SharedStruct");
        assert_eq!(rust_type(&ctx, FileIdx(1), &numberz, false), "Numberz");
    }

    #[test]
    fn double_typedef_is_spelled_out_in_ordered_position() {
        let p = program();
        let ctx = Context::new(&p);
        let money = Type::Typedef(DefId {
            file: FileIdx(0),
            index: 1,
        });
        assert_eq!(
            rust_type(&ctx, FileIdx(1), &money, false),
            "super::shared::Money"
        );
        assert_eq!(
            rust_type(&ctx, FileIdx(1), &set(money), false),
            "::std::collections::BTreeSet<::thriftgen_runtime::ordered_float::OrderedFloat<f64>>"
        );
    }

    #[test]
    fn field_shapes() {
        let mut b = ProgramBuilder::new();
        let node = b.def_id(0, 0);
        b.file("a").structure(
            "Node",
            StructKind::Struct,
            vec![
                field(1, "next", R::Default, Type::Struct(node)),
                field(2, "n", R::Optional, base(BaseType::I32)),
                field(3, "m", R::Required, base(BaseType::I32)),
            ],
        );
        let p = b.build();
        let ctx = Context::new(&p);
        let crate::model::Definition::Struct(s) = p.def(node) else {
            unreachable!()
        };
        let ty = |i: usize| {
            let shape = FieldShape::of(&ctx, Some(node), &s.fields[i]);
            field_type(&ctx, FileIdx(0), &s.fields[i].ty, shape)
        };
        assert_eq!(ty(0), "::std::option::Option<::std::boxed::Box<Node>>");
        assert_eq!(ty(1), "::std::option::Option<i32>");
        assert_eq!(ty(2), "i32");
    }
}
