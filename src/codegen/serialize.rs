//! Wire code for a value of a field type: an expression that reads one
//! (`read_expr`) and statements that write one (`write_stmts`), against
//! the runtime's `codec::Decoder` / `codec::Encoder`.
//!
//! Generated code names them `decoder` / `encoder`. Nested containers use
//! depth-numbered locals so inner loops never shadow outer ones.
//! Containers are written with their exact length; reads reserve what the
//! decoder's `capacity` allows (all of a length the input can hold for the
//! slice decoders, a capped amount over a stream), so a lying length
//! cannot make us allocate much.

use std::fmt::Write;

use super::context::Context;
use super::rust_type::{BTREE_MAP, BTREE_SET, VEC};
use crate::model::{BaseType, FileIdx, Type};

pub const ENCODE: &str = "::thriftgen_runtime::codec::Encode";
pub const DECODE: &str = "::thriftgen_runtime::codec::Decode";

/// The `TType` expression of a type.
pub fn ttype(ctx: &Context, ty: &Type) -> &'static str {
    macro_rules! ttype {
        ($name:literal) => {
            concat!("::thriftgen_runtime::codec::TType::", $name)
        };
    }
    match ctx.program.unalias(ty) {
        Type::Base(b) => match b {
            BaseType::Bool => ttype!("Bool"),
            BaseType::I8 => ttype!("I08"),
            BaseType::I16 => ttype!("I16"),
            BaseType::I32 => ttype!("I32"),
            BaseType::I64 => ttype!("I64"),
            BaseType::Double => ttype!("Double"),
            BaseType::String | BaseType::Binary => ttype!("String"),
            BaseType::Uuid => ttype!("Uuid"),
        },
        Type::Enum(_) => ttype!("I32"),
        Type::Struct(_) => ttype!("Struct"),
        Type::List(_) => ttype!("List"),
        Type::Set(_) => ttype!("Set"),
        Type::Map(..) => ttype!("Map"),
        Type::Typedef(_) => unreachable!("unaliased"),
    }
}

/// An expression reading a value of `ty` (unboxed) from `decoder`.
pub fn read_expr(ctx: &Context, from: FileIdx, ty: &Type, ordered: bool, depth: usize) -> String {
    let mut out = String::new();
    push_read_expr(&mut out, ctx, from, ty, ordered, depth);
    out
}

/// Appends [`read_expr`] to `out` (nested types go to the same buffer).
fn push_read_expr(
    out: &mut String,
    ctx: &Context,
    from: FileIdx,
    ty: &Type,
    ordered: bool,
    depth: usize,
) {
    // Writing to a `String` cannot fail, hence the ignored results.
    match ctx.program.unalias(ty) {
        Type::Base(b) => {
            let method = match b {
                BaseType::Bool => "read_bool",
                BaseType::I8 => "read_i8",
                BaseType::I16 => "read_i16",
                BaseType::I32 => "read_i32",
                BaseType::I64 => "read_i64",
                BaseType::Double => "read_double",
                BaseType::String => "read_string",
                BaseType::Binary => "read_bytes",
                BaseType::Uuid => "read_uuid",
            };
            let wrapped = *b == BaseType::Double && ordered;
            if wrapped {
                out.push_str("::thriftgen_runtime::ordered_float::OrderedFloat(");
            }
            // (Appended piece by piece: the commonest read, and `write!`
            // costs several times a copy.)
            out.push_str("decoder.");
            out.push_str(method);
            out.push_str("()?");
            if wrapped {
                out.push(')');
            }
        }
        Type::Enum(d) => {
            ctx.push_def_path(out, from, *d);
            out.push_str("(decoder.read_i32()?)");
        }
        Type::Struct(d) => {
            out.push('<');
            ctx.push_def_path(out, from, *d);
            out.push_str(" as ");
            out.push_str(DECODE);
            out.push_str(">::decode(decoder)?");
        }
        Type::List(e) => {
            let _ = write!(
                out,
                "{{ let len{depth} = decoder.read_list_begin({})?; \
                 let mut items{depth} = {VEC}::with_capacity(decoder.capacity(len{depth})); \
                 for _ in 0..len{depth} {{ items{depth}.push(",
                ttype(ctx, e)
            );
            push_read_expr(out, ctx, from, e, ordered, depth + 1);
            let _ = write!(out, "); }} decoder.read_list_end()?; items{depth} }}");
        }
        Type::Set(e) => {
            let _ = write!(
                out,
                "{{ let len{depth} = decoder.read_set_begin({})?; \
                 let mut items{depth} = {BTREE_SET}::new(); \
                 for _ in 0..len{depth} {{ items{depth}.insert(",
                ttype(ctx, e)
            );
            push_read_expr(out, ctx, from, e, true, depth + 1);
            let _ = write!(out, "); }} decoder.read_set_end()?; items{depth} }}");
        }
        Type::Map(k, v) => {
            let _ = write!(
                out,
                "{{ let len{depth} = decoder.read_map_begin({}, {})?; \
                 let mut items{depth} = {BTREE_MAP}::new(); \
                 for _ in 0..len{depth} {{ let key = ",
                ttype(ctx, k),
                ttype(ctx, v)
            );
            push_read_expr(out, ctx, from, k, true, depth + 1);
            out.push_str("; let value = ");
            push_read_expr(out, ctx, from, v, ordered, depth + 1);
            let _ = write!(
                out,
                "; items{depth}.insert(key, value); }} decoder.read_map_end()?; items{depth} }}"
            );
        }
        Type::Typedef(_) => unreachable!("unaliased"),
    }
}

/// Statements writing the value `var` (a local of type `&T` or `&Box<T>`)
/// to `encoder`.
pub fn write_stmts(
    ctx: &Context,
    from: FileIdx,
    ty: &Type,
    ordered: bool,
    var: &str,
    depth: usize,
) -> String {
    let mut out = String::new();
    push_write_stmts(&mut out, ctx, from, ty, ordered, var, 0, depth);
    out
}

/// Appends [`write_stmts`] to `out` (nested types go to the same buffer);
/// the statements are indented `indent + depth` levels.
#[allow(clippy::too_many_arguments)]
fn push_write_stmts(
    out: &mut String,
    ctx: &Context,
    from: FileIdx,
    ty: &Type,
    ordered: bool,
    var: &str,
    indent: usize,
    depth: usize,
) {
    // Writing to a `String` cannot fail, hence the ignored results.
    // The scalars' writes, the commonest, are appended piece by piece
    // (`write!` costs several times a copy): call, argument, its ending.
    let scalar = |out: &mut String, call: &str, before: &str, after: &str| {
        for piece in ["encoder.", call, "(", before, var, after, ")?;"] {
            out.push_str(piece);
        }
        Ok(())
    };
    let _ = match ctx.program.unalias(ty) {
        Type::Base(b) => match b {
            BaseType::Bool => scalar(out, "write_bool", "*", ""),
            BaseType::I8 => scalar(out, "write_i8", "*", ""),
            BaseType::I16 => scalar(out, "write_i16", "*", ""),
            BaseType::I32 => scalar(out, "write_i32", "*", ""),
            BaseType::I64 => scalar(out, "write_i64", "*", ""),
            BaseType::Double if ordered => scalar(out, "write_double", "", ".0"),
            BaseType::Double => scalar(out, "write_double", "*", ""),
            BaseType::String => scalar(out, "write_string", "", ""),
            BaseType::Binary => scalar(out, "write_bytes", "", ""),
            BaseType::Uuid => scalar(out, "write_uuid", "", ""),
        },
        Type::Enum(_) => scalar(out, "write_i32", "", ".0"),
        Type::Struct(d) => {
            let start = out.len();
            out.push('<');
            ctx.push_def_path(out, from, *d);
            let _ = write!(out, " as {ENCODE}>::encode(");
            let args = out.len();
            let written = write!(out, "{var}, encoder)?;");
            super::shape::break_encode_call(out, start, args, indent + depth);
            written
        }
        Type::List(e) => {
            let _ = write!(
                out,
                "encoder.write_list_begin({}, {var}.len())?; \
                 for e{depth} in {var} {{ ",
                ttype(ctx, e)
            );
            let elem = format!("e{depth}");
            push_write_stmts(out, ctx, from, e, ordered, &elem, indent, depth + 1);
            write!(out, " }} encoder.write_list_end()?;")
        }
        Type::Set(e) => {
            let _ = write!(
                out,
                "encoder.write_set_begin({}, {var}.len())?; \
                 for e{depth} in {var} {{ ",
                ttype(ctx, e)
            );
            let elem = format!("e{depth}");
            push_write_stmts(out, ctx, from, e, true, &elem, indent, depth + 1);
            write!(out, " }} encoder.write_set_end()?;")
        }
        Type::Map(k, v) => {
            let _ = write!(
                out,
                "encoder.write_map_begin({}, {}, {var}.len())?; \
                 for (k{depth}, v{depth}) in {var} {{ ",
                ttype(ctx, k),
                ttype(ctx, v)
            );
            let (key, value) = (format!("k{depth}"), format!("v{depth}"));
            push_write_stmts(out, ctx, from, k, true, &key, indent, depth + 1);
            out.push(' ');
            push_write_stmts(out, ctx, from, v, ordered, &value, indent, depth + 1);
            write!(out, " }} encoder.write_map_end()?;")
        }
        Type::Typedef(_) => unreachable!("unaliased"),
    };
}

/// Statements writing one field (`var` is `&T`): header, value, end,
/// indented `indent` levels.
pub fn write_field(
    ctx: &Context,
    from: FileIdx,
    ty: &Type,
    ordered: bool,
    id: i16,
    var: &str,
    indent: usize,
) -> String {
    let mut out = String::with_capacity(256);
    let _ = write!(
        out,
        "encoder.write_field_begin({}, {id})?; ",
        ttype(ctx, ty)
    );
    push_write_stmts(&mut out, ctx, from, ty, ordered, var, indent, 0);
    out.push_str(" encoder.write_field_end()?;");
    out
}

/// A `thrift::Error` expression for invalid data.
pub fn protocol_error(kind: &str, message: &str) -> String {
    format!(
        "::thriftgen_runtime::thrift::Error::Protocol(::thriftgen_runtime::thrift::ProtocolError::new(\
         ::thriftgen_runtime::thrift::ProtocolErrorKind::{kind}, {}))",
        super::constant::string_literal(message)
    )
}

/// [`protocol_error`] broken as rustfmt breaks it when it starts a line
/// of its own (one argument per line; the layout indents): it is always
/// wider than a line, and this spares the layout wrapping it.
pub fn protocol_error_lines(kind: &str, message: &str) -> String {
    format!(
        "::thriftgen_runtime::thrift::Error::Protocol(\n::thriftgen_runtime::thrift::ProtocolError::new(\n\
         ::thriftgen_runtime::thrift::ProtocolErrorKind::{kind},\n{},\n),\n)",
        super::constant::string_literal(message)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codegen::test_support::*;
    use crate::model::{DefId, StructKind};

    fn squash(s: &str) -> String {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn scalars_and_enums() {
        let mut b = ProgramBuilder::new();
        b.file("a").enumeration("E", &[("X", 1)]);
        let p = b.build();
        let ctx = Context::new(&p);
        let f = FileIdx(0);
        let e = Type::Enum(DefId { file: f, index: 0 });
        assert_eq!(
            read_expr(&ctx, f, &base(BaseType::I8), false, 0),
            "decoder.read_i8()?"
        );
        assert_eq!(read_expr(&ctx, f, &e, false, 0), "E(decoder.read_i32()?)");
        assert_eq!(
            read_expr(&ctx, f, &base(BaseType::Double), true, 0),
            "::thriftgen_runtime::ordered_float::OrderedFloat(decoder.read_double()?)"
        );
        assert_eq!(
            write_stmts(&ctx, f, &e, false, "v", 0),
            "encoder.write_i32(v.0)?;"
        );
        assert_eq!(
            write_stmts(&ctx, f, &base(BaseType::String), false, "v", 0),
            "encoder.write_string(v)?;"
        );
        assert_eq!(ttype(&ctx, &e), "::thriftgen_runtime::codec::TType::I32");
    }

    #[test]
    fn nested_containers_use_distinct_locals() {
        let mut b = ProgramBuilder::new();
        b.file("a").structure("S", StructKind::Struct, vec![]);
        let p = b.build();
        let ctx = Context::new(&p);
        let f = FileIdx(0);
        let ty = map(
            base(BaseType::Double),
            list(Type::Struct(DefId { file: f, index: 0 })),
        );
        let w = squash(&write_stmts(&ctx, f, &ty, false, "v", 0));
        assert!(w.contains("for (k0, v0) in v {"), "{w}");
        assert!(w.contains("encoder.write_double(k0.0)?;"), "{w}");
        assert!(w.contains("for e1 in v0 {"), "{w}");
        assert!(
            w.contains("<S as ::thriftgen_runtime::codec::Encode>::encode(e1, encoder)?;"),
            "{w}"
        );
        let r = squash(&read_expr(&ctx, f, &ty, false, 0));
        assert!(r.contains("let len0 = decoder.read_map_begin(::thriftgen_runtime::codec::TType::Double, ::thriftgen_runtime::codec::TType::List)?;"), "{r}");
        assert!(
            r.contains(
                "let len1 = decoder.read_list_begin(::thriftgen_runtime::codec::TType::Struct)?;"
            ),
            "{r}"
        );
        assert!(r.contains("OrderedFloat(decoder.read_double()?)"), "{r}");
    }
}
