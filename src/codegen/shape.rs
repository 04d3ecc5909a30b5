//! Lines the templates emit already broken as the layout's wrapping
//! (`format/wrap.rs`) would break them, so that it never sees them: the
//! most common too-wide lines, at an indentation depth fixed by their
//! template. Only the usual shape is decided here; anything else is
//! returned on one line, for the wrapping to break as before.

use std::fmt::Write as _;

use super::rust_type::OPTION;

/// rustfmt's `max_width` (as `format::wrap::MAX_WIDTH`).
const MAX_WIDTH: usize = 100;
const INDENT: usize = 4;
const SOME: &str = "::std::option::Option::Some(";

/// Columns a piece of code takes (rustfmt counts characters).
fn width(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

/// A decoder's read of field `i` into its local, `f{i} = Some(value);`,
/// written at `depth`. A too-wide read of a struct
/// (`<T as Decode>::decode(decoder)?`) becomes
///
/// ```text
/// f1 = ::std::option::Option::Some(
///     <T as ::thriftgen_runtime::codec::Decode>::decode(decoder)?,
/// );
/// ```
///
/// with `decoder,` on a line of its own as well when the value does not
/// fit on its line.
pub fn read_assignment(depth: usize, i: usize, value: &str) -> String {
    let mut out = String::new();
    push_read_assignment(&mut out, depth, i, value);
    out
}

/// Appends [`read_assignment`] to `out`.
pub fn push_read_assignment(out: &mut String, depth: usize, i: usize, value: &str) {
    let start = out.len();
    let _ = write!(out, "f{i} = {SOME}");
    // (`f{i} = ` and `SOME` are ASCII.)
    let head = out.len() - start;
    let at = depth * INDENT;
    let inner = (depth + 1) * INDENT;
    let value_width = width(value);
    let callee = value.strip_suffix("decoder)?").unwrap_or_default();
    // Fits; or not a struct's read; or the right side alone on the next
    // line, or the value's call opened on the first line: left to the
    // wrapping.
    if at + head + value_width + ");".len() <= MAX_WIDTH
        || !value.starts_with('<')
        || !callee.ends_with(">::decode(")
        || inner + width(SOME) + value_width + ");".len() <= MAX_WIDTH
        || at + head + width(callee) + 2 <= MAX_WIDTH
    {
        out.push_str(value);
        out.push_str(");");
    } else if inner + value_width + ",".len() <= MAX_WIDTH {
        out.push('\n');
        out.push_str(value);
        out.push_str(",\n);");
    } else if inner + width(callee) <= MAX_WIDTH {
        out.push('\n');
        out.push_str(callee);
        out.push_str("\ndecoder,\n)?,\n);");
    } else {
        out.push_str(value);
        out.push_str(");");
    }
}

/// A decoder's local for field `i`, `let mut f{i}: Option<{value}> =
/// None;`, at depth 2: when too wide, `None` on the next line (which the
/// layout indents once more, after a line ending in ` =`).
pub fn read_local(i: usize, value: &str) -> String {
    const NONE: &str = "::std::option::Option::None;";
    let mut line = String::with_capacity(64 + value.len());
    let _ = write!(line, "let mut f{i}: {OPTION}<");
    line.push_str(value);
    line.push('>');
    let at = 2 * INDENT;
    let lhs = width(&line);
    if at + lhs + " = ".len() + NONE.len() <= MAX_WIDTH || at + lhs + 2 > MAX_WIDTH {
        line.push_str(" = ");
    } else {
        line.push_str(" =\n");
    }
    line.push_str(NONE);
    line
}

/// Breaks a struct's write, `<T as Encode>::encode(var, encoder)?;`, at
/// the end of `out` from `start` (its call's `(` ending at `args`), when
/// it is too wide at `depth`:
///
/// ```text
/// <T as ::thriftgen_runtime::codec::Encode>::encode(
///     value, encoder,
/// )?;
/// ```
pub fn break_encode_call(out: &mut String, start: usize, args: usize, depth: usize) {
    let at = depth * INDENT;
    if at + width(&out[start..]) <= MAX_WIDTH || at + width(&out[start..args]) > MAX_WIDTH {
        return;
    }
    debug_assert!(out.ends_with(", encoder)?;"));
    out.truncate(out.len() - ")?;".len());
    out.push_str(",\n)?;");
    out.insert(args, '\n');
}

/// A top-level `impl {trait_} for {self_ty} {` header: when too wide,
/// `for` and the `{` on lines of their own (the layout indents a line
/// starting with `for ` that opens no block once more).
pub fn impl_header(trait_: &str, self_ty: &str) -> String {
    let line = ["impl ", trait_, " for ", self_ty, " {"].concat();
    if width(&line) <= MAX_WIDTH
        || width(trait_) + "impl ".len() > MAX_WIDTH
        || INDENT + "for ".len() + width(self_ty) > MAX_WIDTH
    {
        return line;
    }
    ["impl ", trait_, "\nfor ", self_ty, "\n{"].concat()
}

/// `{head}{arg}{tail}` alone on its line at `depth`, where `head` opens
/// one or more calls (`return Err(CallError::Declared(`), `tail` closes
/// them and `arg`, their only argument, is a call itself (`E::V(e)`):
/// when too wide and the argument's own call does not start on the first
/// line, the argument on a line of its own.
pub fn nested_call(depth: usize, head: &str, arg: &str, tail: &str) -> String {
    let line = [head, arg, tail].concat();
    let at = depth * INDENT;
    let arg_callee = arg.find('(').map_or(arg.len(), |p| p + 1);
    // (The wrapping lets a call that opens on the first line with room
    // for the tail to spare overflow there.)
    if at + width(&line) <= MAX_WIDTH
        || at + width(head) + 2 > MAX_WIDTH
        || at + width(head) + width(&arg[..arg_callee]) + width(tail) <= MAX_WIDTH
        || (depth + 1) * INDENT + width(arg) + ",".len() > MAX_WIDTH
        || !arg.ends_with(')')
    {
        return line;
    }
    [head, "\n", arg, ",\n", tail].concat()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codegen::format::format_file;

    #[test]
    fn reads_are_broken_as_the_wrapping_breaks_them() {
        let mut forms = std::collections::BTreeSet::new();
        for depth in [3, 4, 5] {
            for name_len in 1..80 {
                let value = format!(
                    "<{} as ::thriftgen_runtime::codec::Decode>::decode(decoder)?",
                    "T".repeat(name_len)
                );
                let one_line = format!("f3 = {SOME}{value});");
                let shaped = read_assignment(depth, 3, &value);
                forms.insert(shaped.lines().count());
                assert_eq!(
                    at_depth(depth, &shaped),
                    at_depth(depth, &one_line),
                    "depth {depth}, {name_len}"
                );
            }
        }
        assert_eq!(forms.into_iter().collect::<Vec<_>>(), [1, 3, 5]);
    }

    /// `stmt` laid out `depth` blocks deep.
    fn at_depth(depth: usize, stmt: &str) -> String {
        let mut code = String::new();
        for _ in 0..depth {
            code.push_str("x {\n");
        }
        code.push_str(stmt);
        code.push('\n');
        for _ in 0..depth {
            code.push_str("}\n");
        }
        format_file("", &code)
    }

    #[test]
    fn writes_are_broken_as_the_wrapping_breaks_them() {
        let mut broken = 0;
        for depth in [3, 4, 5, 6] {
            for var in ["value", "e0", "v12"] {
                for name_len in 1..70 {
                    let callee = format!(
                        "<{} as ::thriftgen_runtime::codec::Encode>::encode(",
                        "T".repeat(name_len)
                    );
                    let one_line = format!("{callee}{var}, encoder)?;");
                    let mut shaped = format!("x; {one_line}");
                    break_encode_call(&mut shaped, 3, 3 + callee.len(), depth);
                    broken += usize::from(shaped.contains('\n'));
                    assert_eq!(
                        at_depth(depth, &shaped),
                        at_depth(depth, &format!("x; {one_line}")),
                        "depth {depth}, {var}, {name_len}"
                    );
                }
            }
        }
        assert!(broken > 100, "{broken}");
    }

    #[test]
    fn from_impls_are_broken_as_the_wrapping_breaks_them() {
        let mut broken = (0, 0);
        for name_len in 1..90 {
            let error = "E".repeat(name_len);
            let trait_ = "::std::convert::From<super::errors::EdamUserException>";
            let self_ty = format!("::thriftgen_runtime::CallError<{error}>");
            let callee = "::thriftgen_runtime::CallError::Declared";
            let arg = format!("{error}::UserException(e)");
            let body = nested_call(2, &format!("{callee}("), &arg, ")");
            let header = impl_header(trait_, &self_ty);
            broken.0 += usize::from(header.contains('\n'));
            broken.1 += usize::from(body.contains('\n'));
            let item = |header: &str, body: &str| {
                format_file(
                    "",
                    &format!(
                        "struct A;\n\n{header}\nfn from(e: T) -> Self {{\n{body}\n}}\n}}\n\nstruct B;\n"
                    ),
                )
            };
            assert_eq!(
                item(&header, &body),
                item(
                    &format!("impl {trait_} for {self_ty} {{"),
                    &format!("{callee}({arg})")
                ),
                "{name_len}"
            );
        }
        assert!(broken.0 > 20 && broken.1 > 20, "{broken:?}");
    }

    #[test]
    fn declared_errors_returned_are_broken_as_the_wrapping_breaks_them() {
        let mut broken = 0;
        for depth in [2, 3, 4] {
            for name_len in 1..90 {
                let head =
                    "return ::std::result::Result::Err(::thriftgen_runtime::CallError::Declared(";
                let arg = format!("{}::UserException(e)", "E".repeat(name_len));
                let shaped = nested_call(depth, head, &arg, "));");
                broken += usize::from(shaped.contains('\n'));
                assert_eq!(
                    at_depth(depth, &shaped),
                    at_depth(depth, &format!("{head}{arg}));")),
                    "{depth} {name_len}"
                );
            }
        }
        assert!(broken > 50, "{broken}");
    }

    #[test]
    fn locals_are_broken_as_the_wrapping_breaks_them() {
        let mut broken = 0;
        for name_len in 1..100 {
            let value = format!("::std::vec::Vec<{}>", "T".repeat(name_len));
            let shaped = read_local(3, &value);
            broken += usize::from(shaped.contains('\n'));
            let one_line = format!(
                "let mut f3: ::std::option::Option<{value}> = ::std::option::Option::None;"
            );
            let fn_ = |local: &str| format!("fn f() {{\nlet x = 1;\n{local}\nlet y = 2;\n}}");
            assert_eq!(
                at_depth(1, &fn_(&shaped)),
                at_depth(1, &fn_(&one_line)),
                "{name_len}"
            );
        }
        assert!(broken > 10, "{broken}");
    }

    #[test]
    fn short_reads_and_other_values_stay_on_one_line() {
        assert_eq!(
            read_assignment(5, 0, "decoder.read_i32()?"),
            "f0 = ::std::option::Option::Some(decoder.read_i32()?);"
        );
        let long = format!("{}::new(decoder)?", "B".repeat(90));
        assert_eq!(
            read_assignment(5, 0, &long),
            format!("f0 = ::std::option::Option::Some({long});")
        );
    }
}
