//! The layout as two passes (break every line, then re-indent the broken
//! text), as it was before it became one pass. Kept for the tests only:
//! it is the specification the single pass must match byte for byte.

use super::layout::LIST;
use super::levels::Levels;
use super::rules;
use super::scan::{self, Lexeme};

pub(super) fn format_file(header: &str, code: &str) -> String {
    let broken = break_lines(code);
    let mut out = String::new();
    out.push_str(header);
    out.push('\n');
    indent(&broken, &mut out);
    out
}

fn break_lines(code: &str) -> String {
    let bytes = code.as_bytes();
    let mut out = String::new();
    let mut open: Vec<u8> = Vec::new();
    let mut inline: Option<(usize, Option<usize>)> = None;
    let mut state = Lexeme::Code;
    let mut i = 0;
    let mut copied = 0;
    while i < bytes.len() {
        let (next_state, next, code_byte) = step(bytes, i, state);
        state = next_state;
        let Some(b) = code_byte else {
            i = next;
            continue;
        };
        match b {
            b'(' | b'[' => open.push(b),
            b'<' if i > 0 && (scan::is_ident_byte(bytes[i - 1]) || bytes[i - 1] == b':') => {
                open.push(b)
            }
            b'>' if open.last() == Some(&b'<') && !matches!(bytes[i - 1], b'-' | b'=') => {
                open.pop();
            }
            b')' | b']' => {
                open.pop();
            }
            b'{' => {
                let in_call = open.last() == Some(&b'(');
                open.push(b);
                if inline.is_some() {
                } else if let Some(found) = rules::inline_struct_literal(bytes, i, in_call) {
                    inline = Some(found);
                } else if scan::next_non_space(bytes, i + 1) == Some(b'}') {
                    out.push_str(&code[copied..=i]);
                    copied = i
                        + 1
                        + bytes[i + 1..]
                            .iter()
                            .take_while(|b| b.is_ascii_whitespace())
                            .count();
                } else if !scan::line_ends_after(bytes, i) {
                    out.push_str(&code[copied..=i]);
                    out.push('\n');
                    copied = i + 1;
                }
            }
            b'}' => {
                let empty = scan::prev_non_space(bytes, i) == Some(b'{');
                let list = open.pop() == Some(LIST);
                if inline.is_some_and(|(close, _)| close == i) {
                    inline = None;
                } else if inline.is_none() && !empty && !scan::line_starts_before(bytes, i) {
                    out.push_str(code[copied..i].trim_end());
                    if rules::takes_trailing_comma(&code[copied..i], list) {
                        out.push(',');
                    }
                    out.push('\n');
                    copied = i;
                }
                if !matches!(
                    scan::next_non_space(bytes, i + 1),
                    Some(b')' | b']' | b',' | b';' | b'?' | b'.')
                ) && !scan::followed_by_word(bytes, i + 1, "else")
                    && !scan::line_ends_after(bytes, i)
                {
                    out.push_str(&code[copied..=i]);
                    out.push('\n');
                    copied = i + 1;
                }
            }
            b';' | b',' if open.last().is_none_or(|&o| o == b'{' || o == LIST) => {
                if b == b','
                    && let Some(brace) = open.last_mut()
                {
                    *brace = LIST;
                }
                match inline {
                    Some((_, Some(comma))) if comma == i => {
                        out.push_str(&code[copied..i]);
                        copied = i + 1;
                    }
                    Some(_) => {}
                    None if !scan::line_ends_after(bytes, i) => {
                        out.push_str(&code[copied..=i]);
                        out.push('\n');
                        copied = i + 1;
                    }
                    None => {}
                }
            }
            _ => {}
        }
        i += 1;
    }
    out.push_str(&code[copied..]);
    out
}

fn indent(code: &str, out: &mut String) {
    let mut levels = Levels::default();
    let mut state = Lexeme::Code;
    let mut indents = rules::Indents::default();
    let mut pending_blank = false;
    let mut after_block = false;
    let mut after_top_level_item = false;
    let mut top_level_statement: Option<&str> = None;
    for raw in code.lines() {
        let line = raw.trim();
        if state.copies_lines() {
            out.push_str(raw);
            out.push('\n');
            state = scan_line(raw.as_bytes(), state, &mut levels);
            continue;
        }
        if line.is_empty() {
            pending_blank |= after_block;
            continue;
        }
        let closes = line
            .bytes()
            .take_while(|b| matches!(b, b'}' | b')' | b']'))
            .count();
        for _ in 0..closes {
            levels.close();
        }
        let kind_changes = top_level_statement.is_some_and(|kind| item_kind(line) != kind);
        if closes == 0 && (pending_blank || after_top_level_item || kind_changes) {
            out.push('\n');
        }
        pending_blank = false;
        indents.write(levels.depth(), closes, line, out);
        levels.new_line();
        state = scan_line(&line.as_bytes()[closes..], state, &mut levels);
        after_block = state == Lexeme::Code
            && !line.starts_with("//")
            && (line.ends_with('}') || line.ends_with("};"));
        after_top_level_item = after_block && levels.depth() == 0;
        top_level_statement = (state == Lexeme::Code
            && levels.depth() == 0
            && line.ends_with(';')
            && !line.starts_with("//"))
        .then(|| item_kind(line));
    }
}

fn item_kind(line: &str) -> &str {
    let line = line.strip_prefix("pub ").unwrap_or(line);
    line.split(' ').next().unwrap_or(line)
}

fn scan_line(bytes: &[u8], mut state: Lexeme, levels: &mut Levels) -> Lexeme {
    let mut i = 0;
    while i < bytes.len() {
        let (next_state, next, code_byte) = step(bytes, i, state);
        state = next_state;
        match code_byte {
            Some(b'{' | b'(' | b'[') => levels.open(),
            Some(b'}' | b')' | b']') => levels.close(),
            _ => {}
        }
        i = next;
    }
    if state == Lexeme::LineComment {
        Lexeme::Code
    } else {
        state
    }
}

fn step(bytes: &[u8], i: usize, state: Lexeme) -> (Lexeme, usize, Option<u8>) {
    let b = bytes[i];
    match state {
        Lexeme::LineComment if b == b'\n' => (Lexeme::Code, i + 1, None),
        Lexeme::BlockComment if b == b'*' && bytes.get(i + 1) == Some(&b'/') => {
            (Lexeme::Code, i + 2, None)
        }
        Lexeme::Str | Lexeme::Char if b == b'\\' => (state, i + 2, None),
        Lexeme::Str if b == b'"' => (Lexeme::Code, i + 1, None),
        Lexeme::Char if b == b'\'' => (Lexeme::Code, i + 1, None),
        Lexeme::RawStr(hashes) if b == b'"' && scan::closes_raw(bytes, i, hashes) => {
            (Lexeme::Code, i + 1 + hashes, None)
        }
        Lexeme::Code => match b {
            b'/' if bytes.get(i + 1) == Some(&b'/') => (Lexeme::LineComment, i + 2, None),
            b'/' if bytes.get(i + 1) == Some(&b'*') => (Lexeme::BlockComment, i + 2, None),
            b'"' => (
                scan::raw_string_start(bytes, i).unwrap_or(Lexeme::Str),
                i + 1,
                None,
            ),
            b'\'' if scan::is_char_literal(bytes, i) => (Lexeme::Char, i + 1, None),
            _ => (Lexeme::Code, i + 1, Some(b)),
        },
        _ => (state, i + 1, None),
    }
}
