//! The single pass that lays code out: it breaks lines (after `{`, `;`,
//! brace-level `,`, around `}`) and indents each line as soon as it is
//! complete, since the open brackets are known by then.
//!
//! It produces exactly what the former two passes did (first break every
//! line, then re-indent the broken text line by line); the comments say
//! which pass a rule came from where that explains an odd detail. The
//! test module `reference` keeps those two passes and compares.

use std::ops::Range;

use super::levels::Levels;
use super::rules;
use super::scan::{self, Lexeme};

/// An open `{` directly inside which a comma was seen: a list (of fields,
/// arms, variants), whose last element takes a trailing comma.
pub(super) const LIST: u8 = b'L';

/// The state of one layout run over a text.
pub(super) struct Layout<'a> {
    code: &'a str,
    out: String,
    // Breaking lines.
    /// The lexer state at the scan position.
    state: Lexeme,
    /// Brackets open at the scan position, innermost last, with `<` of
    /// generics: `;` and `,` end a line only directly inside braces.
    open: Vec<u8>,
    /// A short struct literal kept on one line: its `}`, and a trailing
    /// comma in it to drop; or a `static`'s value kept on one line: its
    /// `;` (see `static_value_end`), and no comma.
    inline: Option<(usize, Option<usize>)>,
    /// The text before this is in completed lines or in `line`; from
    /// here to the scan position it still belongs to the current line.
    copied: usize,
    /// Just after the last inserted line break (or dropped empty body):
    /// where the first pass's next piece of output began.
    break_end: usize,
    /// Where the last line copied as written ended (its line end in the
    /// text), while only blank lines followed it.
    copied_line_end: Option<usize>,
    // The current line of broken text.
    /// Its start, when it is not one piece of the text (an empty body
    /// `{ }` was joined across lines); usually empty.
    line: String,
    /// The lexer state where `line` began.
    line_state: Lexeme,
    /// The code brackets of the current line: offset in it and byte.
    brackets: Vec<(usize, u8)>,
    // Indenting lines.
    levels: Levels,
    /// Indentation beyond the brackets' (`where` clauses, chains).
    indents: rules::Indents,
    /// Blank lines were seen since a line ending a block.
    pending_blank: bool,
    /// The last line ended a block (`}` or `};`).
    after_block: bool,
    /// ... at the top level.
    after_top_level_item: bool,
    /// The item kind (`const`, `type`) of the last line when it was a
    /// top-level one-line item, as a range of `out`: a run of one kind
    /// stays together, another kind gets a blank line first.
    statement_kind: Option<Range<usize>>,
    /// How the first written line began, for joining separately laid-out
    /// items.
    first_line: Option<FirstLine>,
}

/// How the first written line of a text began.
#[derive(Debug, Clone)]
pub(super) struct FirstLine {
    /// It starts with a closing bracket (no blank line goes before it).
    pub(super) closes: bool,
    /// Its item kind, as a range of the output.
    pub(super) kind: Range<usize>,
}

/// What the line after a text needs to know to decide on a blank line.
#[derive(Debug, Clone, Default)]
pub(super) struct End {
    /// A blank line goes before the next line unless it closes a bracket.
    pub(super) separated: bool,
    /// The last line was a top-level one-line item of this kind (a range
    /// of the output).
    pub(super) statement_kind: Option<Range<usize>>,
}

/// The result of a run.
pub(super) struct LaidOut {
    pub(super) text: String,
    pub(super) first_line: Option<FirstLine>,
    pub(super) end: End,
    /// The text ended outside literals and comments with all brackets
    /// closed, so what follows it is laid out as if it stood alone.
    pub(super) closed: bool,
}

impl<'a> Layout<'a> {
    /// Lays out `code`, appending to `out`.
    pub(super) fn run(code: &'a str, out: String) -> LaidOut {
        let mut layout = Layout {
            code,
            out,
            state: Lexeme::Code,
            open: Vec::new(),
            inline: None,
            copied: 0,
            break_end: 0,
            copied_line_end: None,
            line: String::new(),
            line_state: Lexeme::Code,
            brackets: Vec::new(),
            levels: Levels::default(),
            indents: rules::Indents::default(),
            pending_blank: false,
            after_block: false,
            after_top_level_item: false,
            statement_kind: None,
            first_line: None,
        };
        layout.scan();
        layout.finish()
    }

    fn scan(&mut self) {
        let bytes = self.code.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            i = scan::next_stop(bytes, i, self.state);
            if i == bytes.len() {
                break;
            }
            i = match self.state {
                Lexeme::Code => self.code_byte(i),
                _ => self.literal_byte(i),
            };
        }
    }

    /// Acts on the byte at `i`, one of `CODE_STOPS`; returns where to go on.
    fn code_byte(&mut self, i: usize) -> usize {
        let bytes = self.code.as_bytes();
        let b = bytes[i];
        match b {
            b'\n' => self.newline(i),
            b'/' => match bytes.get(i + 1) {
                Some(b'/') => {
                    self.state = Lexeme::LineComment;
                    return i + 2;
                }
                Some(b'*') => {
                    self.state = Lexeme::BlockComment;
                    return i + 2;
                }
                _ => {}
            },
            b'"' => self.state = scan::raw_string_start(bytes, i).unwrap_or(Lexeme::Str),
            b'\'' if scan::is_char_literal(bytes, i) => self.state = Lexeme::Char,
            b'(' | b'[' => {
                self.open.push(b);
                self.bracket(i);
            }
            // `Map<K, V>`: a `<` right after a name or `::` opens generics;
            // a comparison is written `a < b`.
            b'<' if i > 0 && (scan::is_ident_byte(bytes[i - 1]) || bytes[i - 1] == b':') => {
                self.open.push(b);
            }
            b'>' if self.open.last() == Some(&b'<') && !matches!(bytes[i - 1], b'-' | b'=') => {
                self.open.pop();
            }
            b')' | b']' => {
                self.open.pop();
                self.bracket(i);
            }
            b'{' => self.open_brace(i),
            b'}' => self.close_brace(i),
            b';' | b',' if self.open.last().is_none_or(|&o| o == b'{' || o == LIST) => {
                if b == b','
                    && let Some(brace) = self.open.last_mut()
                {
                    *brace = LIST;
                }
                match self.inline {
                    Some((_, Some(comma))) if comma == i => self.drop_byte(i),
                    Some((end, None)) if end == i => {
                        self.inline = None;
                        if !scan::line_ends_after(bytes, i) {
                            self.break_after(i);
                        }
                    }
                    Some(_) => {}
                    None if !scan::line_ends_after(bytes, i) => self.break_after(i),
                    None => {}
                }
            }
            _ => {}
        }
        i + 1
    }

    /// Where the `;` ending a top-level `static` or `const` is, when the
    /// `{` at `i` is in its value (a struct literal): the value stays on
    /// one line, and the wrapping lays it out whole, as rustfmt lays out
    /// an expression (the template writes an item on one line).
    fn static_value_end(&self, i: usize) -> Option<usize> {
        let item = self.code[self.copied..i].strip_prefix("pub ")?;
        if !(item.starts_with("static ") || item.starts_with("const ")) || !self.line.is_empty() {
            return None;
        }
        let bytes = self.code.as_bytes();
        let line_end = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |p| i + p);
        let end = memchr::memrchr(b';', &bytes[i..line_end])? + i;
        scan::line_ends_after(bytes, end).then_some(end)
    }

    fn open_brace(&mut self, i: usize) {
        let bytes = self.code.as_bytes();
        let in_call = self.open.last() == Some(&b'(');
        self.open.push(b'{');
        self.bracket(i);
        if self.inline.is_some() {
            return;
        }
        if let Some(inline) = rules::inline_struct_literal(bytes, i, in_call) {
            self.inline = Some(inline);
            return;
        }
        if let Some(end) = self.static_value_end(i) {
            self.inline = Some((end, None));
            return;
        }
        // An empty body is written `{}`, even across lines: the spaces
        // and line ends up to the `}` are dropped.
        if scan::next_non_space(bytes, i + 1) == Some(b'}') {
            self.line.push_str(&self.code[self.copied..=i]);
            self.copied = i
                + 1
                + bytes[i + 1..]
                    .iter()
                    .take_while(|b| b.is_ascii_whitespace())
                    .count();
            self.break_end = self.copied;
        } else if !scan::line_ends_after(bytes, i) {
            self.break_after(i);
        }
    }

    fn close_brace(&mut self, i: usize) {
        let bytes = self.code.as_bytes();
        let empty = scan::prev_non_space(bytes, i) == Some(b'{');
        let list = self.open.pop() == Some(LIST);
        let inline = self.inline.is_some_and(|(close, _)| close == i);
        if inline {
            self.inline = None;
        } else if self.inline.is_none() && !empty && !scan::line_starts_before(bytes, i) {
            // The first pass trimmed what came before the `}` it moved to
            // a line of its own (which can leave an empty line behind).
            let untrimmed = &self.code[self.copied..i];
            let before = untrimmed.trim_end();
            self.copied = i;
            if before.is_empty() {
                self.trim_copied_line();
            }
            self.break_end = i;
            if rules::takes_trailing_comma(untrimmed, list) {
                self.line.push_str(before);
                self.end_line(",");
            } else {
                self.end_line(before);
            }
        }
        self.bracket(i);
        // A line break after `}` unless code continues the expression
        // (`})`, `},`, `};`, `} else`, `}?`).
        if !matches!(
            scan::next_non_space(bytes, i + 1),
            Some(b')' | b']' | b',' | b';' | b'?' | b'.')
        ) && !scan::followed_by_word(bytes, i + 1, "else")
            && !scan::line_ends_after(bytes, i)
        {
            self.break_after(i);
        }
    }

    /// Acts on the byte at `i` inside a literal or comment, one of the
    /// stops of the current state; returns where to go on.
    fn literal_byte(&mut self, i: usize) -> usize {
        let bytes = self.code.as_bytes();
        match (self.state, bytes[i]) {
            (Lexeme::LineComment, b'\n') => {
                self.state = Lexeme::Code;
                self.newline(i);
                i + 1
            }
            (_, b'\n') => {
                self.newline(i);
                i + 1
            }
            (Lexeme::Str | Lexeme::Char, b'\\') => {
                // An escape: the next byte is content, even a line end
                // (which still ends a line of output).
                if bytes.get(i + 1) == Some(&b'\n') {
                    self.newline(i + 1);
                }
                i + 2
            }
            (Lexeme::Str, b'"') | (Lexeme::Char, b'\'') => {
                self.state = Lexeme::Code;
                i + 1
            }
            (Lexeme::RawStr(hashes), b'"') if scan::closes_raw(bytes, i, hashes) => {
                self.state = Lexeme::Code;
                i + 1 + hashes
            }
            (Lexeme::BlockComment, b'*') if bytes.get(i + 1) == Some(&b'/') => {
                self.state = Lexeme::Code;
                i + 2
            }
            _ => i + 1,
        }
    }

    /// Leaves the byte at `i` out of the output.
    fn drop_byte(&mut self, i: usize) {
        self.line.push_str(&self.code[self.copied..i]);
        self.copied = i + 1;
    }

    /// Notes a code bracket at `i` for the indentation of its line.
    fn bracket(&mut self, i: usize) {
        let offset = self.line.len() + (i - self.copied);
        self.brackets.push((offset, self.code.as_bytes()[i]));
    }

    /// A line break inserted after the byte at `i`.
    fn break_after(&mut self, i: usize) {
        let line = &self.code[self.copied..=i];
        self.copied = i + 1;
        self.break_end = i + 1;
        self.end_line(line);
    }

    /// The first pass trimmed everything between its last break and a `}`
    /// it moved to a new line, line ends too: when only whitespace (such
    /// as `\r` or U+3000, which is not indentation) stands before the `}`,
    /// that trims the end of a line copied as written before it. (Other
    /// lines are trimmed anyway.)
    fn trim_copied_line(&mut self) {
        if self
            .copied_line_end
            .is_some_and(|line_end| self.break_end <= line_end)
        {
            self.out.truncate(self.out.trim_end().len());
            self.out.push('\n');
        }
    }

    /// A line end of the text at `i`, unless an empty body dropped it.
    fn newline(&mut self, i: usize) {
        if i < self.copied {
            return;
        }
        let mut line = &self.code[self.copied..i];
        // As `str::lines` does.
        if let Some(before_cr) = line.strip_suffix('\r') {
            line = before_cr;
        } else if line.is_empty() && self.line.ends_with('\r') {
            self.line.pop();
        }
        self.copied = i + 1;
        self.end_line(line);
    }

    fn finish(mut self) -> LaidOut {
        let line = &self.code[self.copied..];
        self.copied = self.code.len();
        // A text ending in a line end has no last, empty line.
        if !line.is_empty() || !self.line.is_empty() {
            self.end_line(line);
        }
        let closed = matches!(self.state, Lexeme::Code | Lexeme::LineComment)
            && self.open.is_empty()
            && self.levels.depth() == 0;
        LaidOut {
            text: self.out,
            first_line: self.first_line,
            end: End {
                separated: self.pending_blank || self.after_block,
                statement_kind: self.statement_kind,
            },
            closed,
        }
    }

    /// Completes the current line with `tail`, indents it and writes it
    /// out.
    fn end_line(&mut self, tail: &str) {
        // Most lines are one piece of the text: no copy into `line`.
        let mut buffer = std::mem::take(&mut self.line);
        let line = if buffer.is_empty() {
            tail
        } else {
            buffer.push_str(tail);
            &buffer
        };
        // A line comment ends with its line.
        let end_state = match self.state {
            Lexeme::LineComment => Lexeme::Code,
            state => state,
        };
        let start_state = std::mem::replace(&mut self.line_state, end_state);
        if start_state.copies_lines() {
            // Inside a multi-line string or comment: copy as written.
            self.out.push_str(line);
            self.out.push('\n');
            self.copied_line_end = Some(self.copied.saturating_sub(1));
            for &(_, b) in &self.brackets {
                self.levels.bracket(b);
            }
        } else {
            self.indent_line(line, end_state);
        }
        buffer.clear();
        self.line = buffer;
        self.brackets.clear();
    }

    /// One level per line that leaves brackets open (`g(S {` indents its
    /// contents once, as rustfmt does). Blank lines are kept only after a
    /// block and before something that is not a closing bracket;
    /// top-level items are always separated by one.
    fn indent_line(&mut self, line: &str, end_state: Lexeme) {
        let (start, line) = trim(line);
        if line.is_empty() {
            self.pending_blank |= self.after_block;
            return;
        }
        self.copied_line_end = None;
        let closes = line
            .bytes()
            .take_while(|b| matches!(b, b'}' | b')' | b']'))
            .count();
        for _ in 0..closes {
            self.levels.close();
        }
        let kind_changes = self
            .statement_kind
            .as_ref()
            .is_some_and(|k| self.out[k.clone()] != line[item_kind(line)]);
        if closes == 0 && (self.pending_blank || self.after_top_level_item || kind_changes) {
            self.out.push('\n');
        }
        self.pending_blank = false;
        let before = self.out.len();
        let depth = self
            .indents
            .write(self.levels.depth(), closes, line, &mut self.out);
        // Where the line's text starts (after its indentation), wrapped
        // or not: a wrapped line begins with the line's first piece.
        let written = before + depth * 4;
        // The item kind as a range of `out`; needed rarely.
        let kind = || {
            let kind = item_kind(line);
            written + kind.start..written + kind.end
        };
        if self.first_line.is_none() {
            self.first_line = Some(FirstLine {
                closes: closes > 0,
                kind: kind(),
            });
        }
        self.levels.new_line();
        for &(offset, b) in &self.brackets {
            if offset >= start + closes {
                self.levels.bracket(b);
            }
        }
        let in_code = end_state == Lexeme::Code && !line.starts_with("//");
        self.after_block = in_code && (line.ends_with('}') || line.ends_with("};"));
        let top_level = self.levels.depth() == 0;
        self.after_top_level_item = self.after_block && top_level;
        self.statement_kind = (in_code && top_level && line.ends_with(';')).then(kind);
    }
}

/// `str::trim`, quicker for ASCII, and where the trimmed line starts.
fn trim(line: &str) -> (usize, &str) {
    let start = line
        .bytes()
        .take_while(|&b| is_ascii_white_space(b))
        .count();
    let mut trimmed = &line[start..];
    let mut start = start;
    if trimmed.as_bytes().first().is_some_and(|b| !b.is_ascii()) {
        let rest = trimmed.trim_start();
        start += trimmed.len() - rest.len();
        trimmed = rest;
    }
    let end = trimmed.len()
        - trimmed
            .bytes()
            .rev()
            .take_while(|&b| is_ascii_white_space(b))
            .count();
    trimmed = &trimmed[..end];
    if trimmed.as_bytes().last().is_some_and(|b| !b.is_ascii()) {
        trimmed = trimmed.trim_end();
    }
    (start, trimmed)
}

/// The ASCII characters `char::is_whitespace` accepts (one more than
/// `u8::is_ascii_whitespace`: vertical tab).
fn is_ascii_white_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r')
}

/// The item keyword a line starts with, after any `pub`: `const`, `type`,
/// `struct`; for other lines their first word. A range of `line`.
fn item_kind(line: &str) -> Range<usize> {
    let start = if line.starts_with("pub ") { 4 } else { 0 };
    let end = line[start..].find(' ').map_or(line.len(), |p| start + p);
    start..end
}
