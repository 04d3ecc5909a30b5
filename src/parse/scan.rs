//! A linear pre-scan of the text, before pest runs.
//!
//! It does what a PEG grammar does badly: it finds unterminated string
//! literals and block comments (so they get their own message instead of a
//! syntax error far away), rejects absurd bracket nesting (so the recursive
//! pest parser cannot overflow the stack), and collects `/** */` doc
//! comments with the offset of the token each one precedes.

use rustc_hash::FxHashMap;

use crate::diagnostics::Diagnostic;
use crate::source::{FileId, Span};

/// Deeper nesting of `[{(<` than this is rejected before parsing. Real IDL
/// rarely goes past 5; the limit keeps pest's recursion far from the stack
/// size of a test thread even in debug builds.
pub(super) const MAX_NESTING: usize = 64;

/// One `/** */` comment, its text already cleaned up.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct DocComment {
    pub text: String,
    pub span: Span,
    /// Offset of the first token after the comment (or the text length).
    pub next_token: usize,
    /// A blank line lies between the comment and that token.
    pub blank_line_after: bool,
    /// No token precedes the comment.
    pub at_file_start: bool,
}

/// What the pre-scan found.
#[derive(Debug, Default)]
pub(super) struct Scan {
    /// Doc comments by the offset of the token they precede; when two
    /// precede the same token the later one wins, as in Apache.
    pub docs: FxHashMap<usize, DocComment>,
    /// The first doc comment of the file, if nothing precedes it.
    pub first_doc: Option<DocComment>,
}

impl Scan {
    fn settle(&mut self, doc: DocComment) {
        if doc.at_file_start && self.first_doc.is_none() {
            self.first_doc = Some(doc.clone());
        }
        self.docs.insert(doc.next_token, doc);
    }
}

/// Scans `text`; `Err` carries the diagnostic that stops parsing.
pub(super) fn scan(file: FileId, text: &str) -> Result<Scan, Diagnostic> {
    let bytes = text.as_bytes();
    let mut out = Scan::default();
    let mut pending: Option<(String, Span, usize)> = None; // text, span, end
    let mut seen_token = false;
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        // Past the first token and with no doc comment waiting for its
        // token, only comments, strings and brackets matter: skip the rest
        // (most of the code) in a tight loop.
        if seen_token && pending.is_none() {
            match bytes[i..].iter().position(|&b| matters(b)) {
                Some(skip) => i += skip,
                None => break,
            }
        }
        let b = bytes[i];
        match b {
            b' ' | b'\t' | b'\r' | b'\n' => {
                i += 1;
                continue;
            }
            b'#' => {
                i = line_end(bytes, i);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = line_end(bytes, i);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let end = match memchr::memmem::find(&bytes[i + 2..], b"*/") {
                    Some(close) => i + 2 + close + 2,
                    None => {
                        return Err(Diagnostic::error(
                            Span::new(file, i, i + 2),
                            "unterminated block comment",
                        )
                        .with_label("comment starts here and never ends with `*/`"));
                    }
                };
                if is_doc_comment(&bytes[i..end]) {
                    let raw = &text[i + 3..end - 2];
                    let doc = (super::doc::clean(raw), Span::new(file, i, end), end);
                    let replaced = pending.replace(doc);
                    // Of two doc comments opening the file, the first is
                    // the file's, as in Apache.
                    if let Some((text, span, _)) = replaced
                        && !seen_token
                        && out.first_doc.is_none()
                    {
                        out.first_doc = Some(DocComment {
                            text,
                            span,
                            next_token: i,
                            blank_line_after: true,
                            at_file_start: true,
                        });
                    }
                }
                i = end;
                continue;
            }
            _ => {}
        }
        // A token starts at `i`: settle the doc comment waiting for it.
        if let Some((doc_text, span, end)) = pending.take() {
            let doc = DocComment {
                text: doc_text,
                span,
                next_token: i,
                blank_line_after: has_blank_line(&text[end..i]),
                at_file_start: !seen_token,
            };
            out.settle(doc);
        }
        seen_token = true;
        match b {
            b'"' | b'\'' => i = string_end(file, bytes, i)?,
            b'[' | b'{' | b'(' | b'<' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(Diagnostic::error(
                        Span::new(file, i, i + 1),
                        format!("brackets nested more than {MAX_NESTING} deep"),
                    )
                    .with_label("too deeply nested"));
                }
                i += 1;
            }
            b']' | b'}' | b')' | b'>' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            _ => i += 1,
        }
    }
    if let Some((doc_text, span, _)) = pending {
        let doc = DocComment {
            text: doc_text,
            span,
            next_token: bytes.len(),
            blank_line_after: true,
            at_file_start: !seen_token,
        };
        out.settle(doc);
    }
    Ok(out)
}

/// A byte the scan must look at once a token has been seen and no doc
/// comment is waiting: a comment, a string or a bracket may start there.
fn matters(b: u8) -> bool {
    matches!(
        b,
        b'#' | b'/' | b'"' | b'\'' | b'[' | b'{' | b'(' | b'<' | b']' | b'}' | b')' | b'>'
    )
}

/// `/** ... */` but not the "silly" `/**/`, `/***/`, ... that Apache skips.
fn is_doc_comment(comment: &[u8]) -> bool {
    comment.starts_with(b"/**") && !comment[2..comment.len() - 2].iter().all(|&c| c == b'*')
}

fn line_end(bytes: &[u8], from: usize) -> usize {
    memchr::memchr(b'\n', &bytes[from..]).map_or(bytes.len(), |p| from + p)
}

/// Whether the text between a doc comment and its token holds a blank
/// line: a line other than the comment's last and the token's first that
/// is empty or white space only.
fn has_blank_line(between: &str) -> bool {
    let lines: Vec<&str> = between.split('\n').collect();
    lines.len() >= 3
        && lines[1..lines.len() - 1]
            .iter()
            .any(|l| l.trim().is_empty())
}

/// The offset just past the string literal starting at `start`. Apache ends
/// a literal at its closing quote and rejects one that reaches the end of
/// its line or of the file.
fn string_end(file: FileId, bytes: &[u8], start: usize) -> Result<usize, Diagnostic> {
    let quote = bytes[start];
    let mut i = start + 1;
    while let Some(&c) = bytes.get(i) {
        match c {
            b'\n' => break,
            b'\\' if bytes.get(i + 1).is_some_and(|&n| n != b'\n') => i += 2,
            c if c == quote => return Ok(i + 1),
            _ => i += 1,
        }
    }
    let error = Diagnostic::error(
        Span::new(file, start, start + 1),
        "unterminated string literal",
    )
    .with_label("string starts here and does not end on this line");
    // fbthrift allows literals over several lines; Apache does not.
    let closes_later = i < bytes.len() && bytes[i + 1..].contains(&quote);
    Err(match closes_later {
        true => error.with_note("note: a Thrift string literal cannot span lines"),
        false => error,
    })
}

/// The paths of the `include` headers at the top of `text`, found without
/// parsing so the loader can read and parse included files on other cores
/// while the including file is parsed. Only a guess, checked against the
/// real walk: it stops at the first token that is not an `include`,
/// `cpp_include` or plain `namespace` header (or is an escaped or
/// unterminated literal), so a late or odd header is simply not guessed.
pub(super) fn leading_includes(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = match text.starts_with('\u{FEFF}') {
        true => '\u{FEFF}'.len_utf8(),
        false => 0,
    };
    loop {
        i = skip_trivia(bytes, i);
        let end = word_end(bytes, i);
        match &text[i..end] {
            word @ ("include" | "cpp_include") => {
                let start = skip_trivia(bytes, end);
                let Some(close) = plain_string_end(bytes, start) else {
                    break;
                };
                if word == "include" {
                    out.push(&text[start + 1..close - 1]);
                }
                i = close;
            }
            "namespace" => {
                // The scope (a word or `*`), then the name.
                let scope = skip_trivia(bytes, end);
                let scope_end = match bytes.get(scope) {
                    Some(b'*') => scope + 1,
                    _ => word_end(bytes, scope),
                };
                let name = skip_trivia(bytes, scope_end);
                let name_end = word_end(bytes, name);
                if scope_end == scope || name_end == name {
                    break;
                }
                i = name_end;
            }
            "" if matches!(bytes.get(i), Some(b',' | b';')) => i += 1,
            _ => break,
        }
    }
    out
}

/// Past the white space and comments from `i` (the text length if a
/// comment does not end).
fn skip_trivia(bytes: &[u8], mut i: usize) -> usize {
    loop {
        match bytes.get(i..i + 2) {
            Some([b'/', b'/'] | [b'#', _]) => i = line_end(bytes, i),
            Some([b'/', b'*']) => {
                i = memchr::memmem::find(&bytes[i + 2..], b"*/").map_or(bytes.len(), |c| i + c + 4);
            }
            _ => match bytes.get(i) {
                Some(b' ' | b'\t' | b'\r' | b'\n') => i += 1,
                Some(b'#') => i = line_end(bytes, i),
                _ => return i,
            },
        }
    }
}

/// The end of the word (letters, digits, `_`, `.`, not starting with a
/// digit or `.`) at `i`; `i` itself if none starts there.
fn word_end(bytes: &[u8], i: usize) -> usize {
    match bytes.get(i) {
        Some(b) if b.is_ascii_alphabetic() || *b == b'_' => {}
        _ => return i,
    }
    i + bytes[i..]
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_' || *b == b'.'))
        .unwrap_or(bytes.len() - i)
}

/// Just past a string literal at `i` without escapes on one line.
fn plain_string_end(bytes: &[u8], i: usize) -> Option<usize> {
    let quote = *bytes.get(i).filter(|q| matches!(q, b'"' | b'\''))?;
    let body = &bytes[i + 1..];
    let close = body
        .iter()
        .position(|&b| matches!(b, b'\\' | b'\n') || b == quote)?;
    (body[close] == quote).then_some(i + 1 + close + 1)
}
