//! Decisions the layout (and its test reference) share: which braces stay
//! on one line, which list elements get a trailing comma, which lines are
//! indented one more than their brackets say.

use super::scan;
use super::wrap::{self, Wrapped};

/// rustfmt's `struct_lit_width`: a struct literal whose fields take at
/// most this many columns stays on one line.
const STRUCT_LIT_WIDTH: usize = 18;

/// For the `{` at `open` of a struct literal short enough for one line
/// (`Foo { value: 7 }`): the position of its `}`, and of a trailing comma
/// inside to drop. A literal that is a call's argument (`in_call`) and
/// holds no braces is kept whole up to a line's width, for the wrapping
/// to break with the rest of its statement (`f("a", &Args { a, b })`).
pub(super) fn inline_struct_literal(
    bytes: &[u8],
    open: usize,
    in_call: bool,
) -> Option<(usize, Option<usize>)> {
    // The literal's path ends in a type name right before ` {`.
    let before = &bytes[..open];
    let before = before.strip_suffix(b" ")?;
    let name_len = before
        .iter()
        .rev()
        .take_while(|&&b| scan::is_ident_byte(b))
        .count();
    let name = &before[before.len() - name_len..];
    // `async move { f().await }` in an argument list stays whole too.
    let async_block = before.ends_with(b"async move");
    if !name.first().is_some_and(u8::is_ascii_uppercase) && !async_block {
        return None;
    }
    // (A call's literal of any width: the wrapping breaks it with its
    // call, one field per line, as rustfmt does.)
    let limit = if async_block {
        wrap::MAX_WIDTH
    } else if in_call {
        usize::MAX
    } else {
        STRUCT_LIT_WIDTH
    };
    let mut close = None;
    for (k, &b) in bytes[open + 1..].iter().enumerate() {
        match b {
            b'}' => {
                close = Some(open + 1 + k);
                break;
            }
            b'{' | b'"' | b'\'' | b'\n' | b'/' | b';' => return None,
            _ => {}
        }
        if k > limit.saturating_add(3) {
            return None;
        }
    }
    let close = close?;
    let inner = &bytes[open + 1..close];
    let trimmed = inner.trim_ascii();
    let (trimmed, comma) = match trimmed.strip_suffix(b",") {
        Some(rest) => (
            rest,
            Some(open + 1 + (inner.len() - inner.trim_ascii_start().len()) + rest.len()),
        ),
        None => (trimmed, None),
    };
    let short = trimmed.len() <= limit;
    if trimmed.is_empty() || !short || !inner.starts_with(b" ") {
        return None;
    }
    // Not an item or a block: the line so far has no keyword opening one
    // (checked last: it is the dearest test).
    let line_start = before
        .iter()
        .rposition(|&b| matches!(b, b'\n' | b';' | b'{' | b'}'))
        .map_or(0, |p| p + 1);
    let line = &before[line_start..];
    if line.starts_with(b"#") || (has_block_keyword(line) && !async_block) {
        return None;
    }
    Some((close, comma))
}

fn has_block_keyword(line: &[u8]) -> bool {
    const KEYWORDS: &[&[u8]] = &[
        b"struct", b"enum", b"union", b"impl", b"trait", b"mod", b"fn", b"match", b"if", b"else",
        b"loop", b"while", b"for", b"unsafe", b"where", b"async", b"move",
    ];
    // Words in string literals (a method named "fn") do not count.
    line.split(|&b| b == b'"')
        .step_by(2)
        .flat_map(|code| code.split(|&b| !scan::is_ident_byte(b)))
        .any(|word| KEYWORDS.contains(&word))
}

/// Whether the last element of a brace-delimited list, put on a line of
/// its own before the `}`, takes a trailing comma as rustfmt writes it:
/// a field or match arm, in a list with commas or on its own.
pub(super) fn takes_trailing_comma(element: &str, in_list: bool) -> bool {
    // What follows the last line end (which the layout saw already).
    let element = element.rsplit('\n').next().unwrap_or(element).trim();
    if element.is_empty()
        || element.ends_with([',', ';', '{', '}'])
        || element.starts_with("..")
        || element.contains("//")
        || element.contains("/*")
        || element.starts_with('#')
    {
        return false;
    }
    in_list || element.contains(" => ") || is_field(element)
}

/// `name: value` or `pub name: Type`.
fn is_field(s: &str) -> bool {
    let s = s.strip_prefix("pub ").unwrap_or(s);
    let s = s.strip_prefix("r#").unwrap_or(s);
    let name_len = s.bytes().take_while(|&b| scan::is_ident_byte(b)).count();
    name_len > 0 && s[name_len..].starts_with(": ")
}

/// Indentation beyond what a line's brackets say, and the lines it takes
/// once [wrapped](wrap::wrap).
#[derive(Default)]
pub(super) struct Indents {
    /// Inside a `where` clause begun at this depth.
    where_clause: Option<usize>,
    /// Match arms whose struct-literal body the wrapping put in a block:
    /// the depth of each arm, innermost last.
    arm_blocks: Vec<usize>,
    /// The last line ended in ` =`: this one is its right side.
    right_side: bool,
    /// The last line started by closing a bracket (`)` of a call broken
    /// over lines): an `.await` after it stays level.
    after_close: bool,
}

impl Indents {
    /// Writes `line` (trimmed), which its brackets put at `depth` and
    /// which starts with `closes` closing brackets, indented and perhaps
    /// wrapped; returns the depth it was indented to.
    pub(super) fn write(
        &mut self,
        depth: usize,
        closes: usize,
        line: &str,
        out: &mut String,
    ) -> usize {
        let closes_block =
            closes > 0 && self.arm_blocks.last() == Some(&depth) && line.starts_with('}');
        if closes_block {
            self.arm_blocks.pop();
        }
        let outer = self.arm_blocks.iter().filter(|&&b| b < depth).count();
        let right_side = std::mem::take(&mut self.right_side);
        let after_close = std::mem::replace(&mut self.after_close, closes > 0);
        let at = extra_indent(&mut self.where_clause, depth, line, after_close)
            + outer
            + usize::from(right_side);
        if closes_block {
            // The literal's `}`, then the block's, without the arm's comma.
            push_indent(out, at + 1);
            out.push_str("}\n");
            push_indent(out, at);
            let rest = &line[1..];
            out.push('}');
            out.push_str(if rest == "," { "" } else { rest });
            out.push('\n');
            return at;
        }
        match wrap::wrap(at, line, out) {
            Wrapped::No => {
                push_indent(out, at);
                out.push_str(line);
                out.push('\n');
                self.right_side = closes == 0 && line.ends_with(" =");
            }
            Wrapped::Yes => {}
            Wrapped::OpensBlock => self.arm_blocks.push(depth),
        }
        at
    }
}

/// Appends `depth` levels of indentation to `out`.
pub(super) fn push_indent(out: &mut String, depth: usize) {
    const SPACES: &str = "                                                                ";
    let mut width = depth * 4;
    while width > 0 {
        let piece = width.min(SPACES.len());
        out.push_str(&SPACES[..piece]);
        width -= piece;
    }
}

/// The depth a line is indented to, from its brackets' `depth`: one more
/// for the bounds of a `where` clause (tracked in `where_clause`, the
/// depth of the `where`) and for a chain's `.method()` continuing the line
/// before (`after_close`: that line started with a closing bracket).
fn extra_indent(
    where_clause: &mut Option<usize>,
    depth: usize,
    line: &str,
    after_close: bool,
) -> usize {
    if line == "where" {
        *where_clause = Some(depth);
        return depth;
    }
    if let Some(at) = *where_clause {
        if at == depth && !line.starts_with('{') && !line.ends_with(';') {
            return depth + 1;
        }
        *where_clause = None;
    }
    // (`.await` after a call broken over lines, its `)` level with the
    // call, stays level.)
    // An `impl` header's `for Type` on a line of its own (a `for` loop's
    // line opens its body) is indented once more too.
    depth
        + usize::from(
            (line.starts_with('.') && !(line.starts_with(".await") && after_close))
                || (line.starts_with("for ") && !line.ends_with('{')),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inline(code: &str) -> Option<(usize, Option<usize>)> {
        inline_struct_literal(code.as_bytes(), code.find('{').unwrap(), false)
    }

    #[test]
    fn short_struct_literals_stay_on_one_line() {
        assert_eq!(inline("Ok(Foo { success: f0, })"), Some((22, Some(20))));
        assert_eq!(inline("x = Inner { value: 7 }"), Some((21, None)));
        assert_eq!(inline("Foo { a_much_longer_field: 1 }"), None);
        assert_eq!(inline("impl Foo { x }"), None);
        assert_eq!(inline("fn f() -> Foo { x }"), None);
        assert_eq!(inline("if a == B { x }"), None);
        assert_eq!(inline("foo { x }"), None);
        assert_eq!(inline("Foo { f(); }"), None);
        let call = "f(\"a\", &Args { authentication_token, after_usn })";
        let (open, close) = (call.find('{').unwrap(), call.find('}').unwrap());
        assert_eq!(
            inline_struct_literal(call.as_bytes(), open, true),
            Some((close, None))
        );
        assert_eq!(inline_struct_literal(call.as_bytes(), open, false), None);
        let named_fn = "c.call(\"fn\", &Args { struct_, self_, super_ })";
        let open = named_fn.find('{').unwrap();
        assert!(inline_struct_literal(named_fn.as_bytes(), open, true).is_some());
    }

    #[test]
    fn where_bounds_and_chain_links_are_indented_once_more() {
        let mut clause = None;
        assert_eq!(extra_indent(&mut clause, 1, "where", false), 1);
        assert_eq!(extra_indent(&mut clause, 1, "DE: Decoder,", false), 2);
        assert_eq!(extra_indent(&mut clause, 1, "{", false), 1);
        assert_eq!(extra_indent(&mut clause, 2, "x", false), 2);
        assert_eq!(extra_indent(&mut clause, 2, ".success", false), 3);
        assert_eq!(extra_indent(&mut clause, 2, ".await", false), 3);
        assert_eq!(extra_indent(&mut clause, 2, ".await", true), 2);
        assert_eq!(extra_indent(&mut clause, 0, "for Wide<Type>", false), 1);
        assert_eq!(extra_indent(&mut clause, 2, "for e0 in v {", false), 2);
    }

    #[test]
    fn fields_and_arms_take_a_trailing_comma() {
        assert!(takes_trailing_comma("x: 1", false));
        assert!(takes_trailing_comma("pub x: i32", false));
        assert!(takes_trailing_comma("_ => None", false));
        assert!(takes_trailing_comma("Level::LOW", true));
        assert!(!takes_trailing_comma("f0", false));
        assert!(!takes_trailing_comma("..Default::default()", true));
        assert!(!takes_trailing_comma("x: 1,", true));
        assert!(!takes_trailing_comma("g();", true));
    }
}
