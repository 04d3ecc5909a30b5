//! The little lexing the layout needs: where literals and comments start
//! and end, so that brackets and separators inside them do not count, and
//! which bytes are worth stopping at.

/// Where a scan position is: in code, or inside something whose brackets
/// and separators do not count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Lexeme {
    Code,
    LineComment,
    BlockComment,
    Str,
    /// A raw string closed by `"` and this many `#`.
    RawStr(usize),
    Char,
}

impl Lexeme {
    /// A line that starts in this state is copied as written: its leading
    /// spaces are content, not indentation.
    pub(super) fn copies_lines(self) -> bool {
        matches!(self, Lexeme::Str | Lexeme::RawStr(_) | Lexeme::BlockComment)
    }
}

/// A 256-entry table: which bytes a scan in code must stop at. Every
/// other byte (letters, digits, spaces: most of the text) is skipped with
/// one table lookup.
pub(super) type Stops = [bool; 256];

pub(super) const fn stops(bytes: &[u8]) -> Stops {
    let mut table = [false; 256];
    let mut k = 0;
    while k < bytes.len() {
        table[bytes[k] as usize] = true;
        k += 1;
    }
    table
}

/// In code: brackets and separators (they break or indent lines), quotes
/// and `/` (literals and comments start), and line ends. A raw string's
/// `r#` needs no stop: it is recognised looking back from its `"`.
pub(super) const CODE_STOPS: Stops = stops(b"{}()[]<>;,\"'/\n");

/// The first position at or after `from` holding a byte in `stops`, or
/// the end of the text.
#[inline]
pub(super) fn skip_to(bytes: &[u8], from: usize, stops: &Stops) -> usize {
    let mut i = from;
    // Four bytes a round without a branch per byte: bit `k` of `hits`
    // tells whether byte `k` is a stop. (Stops come every ten bytes or so
    // in generated code: wider rounds look at more bytes past the stop
    // than they save, measured in instructions.)
    while let Some(chunk) = bytes.get(i..i + 4) {
        let hits = chunk.iter().enumerate().fold(0u32, |hits, (k, &b)| {
            hits | u32::from(stops[usize::from(b)]) << k
        });
        if hits != 0 {
            return i + hits.trailing_zeros() as usize;
        }
        i += 4;
    }
    bytes[i..]
        .iter()
        .position(|&b| stops[usize::from(b)])
        .map_or(bytes.len(), |p| i + p)
}

/// The first position at or after `from` that a scan in `state` must
/// stop at, or the end of the text: in code one of `CODE_STOPS`, in a
/// literal or comment where it may end or a line ends (and a string's
/// `\\`, a block comment's `*`). Those few bytes are searched for with
/// `memchr`, quicker than a table on such long runs as doc comments.
pub(super) fn next_stop(bytes: &[u8], from: usize, state: Lexeme) -> usize {
    let rest = &bytes[from..];
    let found = match state {
        Lexeme::Code => return skip_to(bytes, from, &CODE_STOPS),
        Lexeme::Str => memchr::memchr3(b'"', b'\\', b'\n', rest),
        Lexeme::Char => memchr::memchr3(b'\'', b'\\', b'\n', rest),
        Lexeme::RawStr(_) => memchr::memchr2(b'"', b'\n', rest),
        Lexeme::LineComment => memchr::memchr(b'\n', rest),
        Lexeme::BlockComment => memchr::memchr2(b'*', b'\n', rest),
    };
    found.map_or(bytes.len(), |p| from + p)
}

/// Whether the `"` at `quote` is followed by the `hashes` `#` that close a
/// raw string.
pub(super) fn closes_raw(bytes: &[u8], quote: usize, hashes: usize) -> bool {
    bytes[quote + 1..]
        .iter()
        .take(hashes)
        .filter(|&&h| h == b'#')
        .count()
        == hashes
}

/// `r"`, `r#"`, `br##"` ...: the raw string whose opening quote is at `quote`.
pub(super) fn raw_string_start(bytes: &[u8], quote: usize) -> Option<Lexeme> {
    let hashes = bytes[..quote]
        .iter()
        .rev()
        .take_while(|&&b| b == b'#')
        .count();
    let r = quote.checked_sub(hashes + 1)?;
    if bytes[r] != b'r' {
        return None;
    }
    // `r` must start a token (`br` counts), not end an identifier.
    let before = r.checked_sub(1).map(|p| bytes[p]);
    let starts = match before {
        Some(b'b') => r < 2 || !is_ident_byte(bytes[r - 2]),
        Some(c) => !is_ident_byte(c),
        None => true,
    };
    starts.then_some(Lexeme::RawStr(hashes))
}

/// A `'` opens a char literal (`'a'`, `'\n'`, `'\u{1F600}'`), not a
/// lifetime (`'_`, `'static`).
pub(super) fn is_char_literal(bytes: &[u8], quote: usize) -> bool {
    match bytes.get(quote + 1) {
        Some(b'\\') => true,
        Some(_) => {
            // One character (possibly multi-byte UTF-8) then `'`.
            let rest = &bytes[quote + 1..];
            let len = utf8_len(rest[0]);
            rest.get(len) == Some(&b'\'')
        }
        None => false,
    }
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

pub(super) fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Only spaces (or nothing) follow position `i` on its line.
pub(super) fn line_ends_after(bytes: &[u8], i: usize) -> bool {
    bytes[i + 1..]
        .iter()
        .find(|&&b| b != b' ' && b != b'\t')
        .is_none_or(|&b| b == b'\n' || b == b'\r')
}

/// Only spaces (or nothing) precede position `i` on its line.
pub(super) fn line_starts_before(bytes: &[u8], i: usize) -> bool {
    bytes[..i]
        .iter()
        .rev()
        .find(|&&b| b != b' ' && b != b'\t')
        .is_none_or(|&b| b == b'\n')
}

pub(super) fn next_non_space(bytes: &[u8], from: usize) -> Option<u8> {
    bytes[from..]
        .iter()
        .copied()
        .find(|b| !b.is_ascii_whitespace())
}

pub(super) fn prev_non_space(bytes: &[u8], before: usize) -> Option<u8> {
    bytes[..before]
        .iter()
        .rev()
        .copied()
        .find(|b| !b.is_ascii_whitespace())
}

pub(super) fn followed_by_word(bytes: &[u8], from: usize, word: &str) -> bool {
    let start = bytes[from..]
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map_or(bytes.len(), |p| from + p);
    bytes[start..].starts_with(word.as_bytes())
        && bytes
            .get(start + word.len())
            .is_none_or(|&b| !is_ident_byte(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_string_detection_needs_a_token_start() {
        assert_eq!(raw_string_start(b"r#\"", 2), Some(Lexeme::RawStr(1)));
        assert_eq!(raw_string_start(b"br\"", 2), Some(Lexeme::RawStr(0)));
        assert_eq!(raw_string_start(b"for\"", 3), None);
        assert!(is_char_literal(b"'a'", 0));
        assert!(is_char_literal(b"'\\n'", 0));
        assert!(is_char_literal("'é'".as_bytes(), 0));
        assert!(!is_char_literal(b"'_>", 0));
        assert!(!is_char_literal(b"'static", 0));
    }

    #[test]
    fn skip_to_stops_only_at_listed_bytes() {
        let text = b"let abc = f(x);\n";
        assert_eq!(skip_to(text, 0, &CODE_STOPS), 11);
        assert_eq!(skip_to(text, 12, &CODE_STOPS), 13);
        assert_eq!(next_stop(text, 0, Lexeme::LineComment), 15);
        assert_eq!(next_stop(b"abc", 0, Lexeme::Str), 3);
        assert_eq!(next_stop(b"a\\\"", 0, Lexeme::Str), 1);
        assert_eq!(next_stop(b"a*/", 0, Lexeme::BlockComment), 1);
    }
}
