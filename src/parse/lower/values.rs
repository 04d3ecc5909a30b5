//! Literals and constant values: integers, doubles, strings with their
//! escapes, identifiers, lists and maps.

use pest::iterators::Pair;

use super::{Lower, parts};
use crate::ast::{ConstValue, ConstValueKind};
use crate::parse::grammar::Rule;
use crate::source::Span;

impl Lower<'_> {
    /// Lowers a `const_value` pair.
    pub(super) fn const_value(&mut self, pair: Pair<'_, Rule>) -> ConstValue {
        let span = self.span(&pair);
        let inner = pair.into_inner().next().expect("grammar: const value");
        let kind = match inner.as_rule() {
            Rule::int_lit => ConstValueKind::Int(self.int(&inner).unwrap_or(0)),
            Rule::double_lit => ConstValueKind::Double(parse_double(inner.as_str())),
            Rule::bool_lit => ConstValueKind::Bool(inner.as_str() == "true"),
            Rule::string_lit => ConstValueKind::String(self.string(inner)),
            Rule::const_list => {
                ConstValueKind::List(parts(inner).map(|v| self.const_value(v)).collect())
            }
            Rule::const_map => ConstValueKind::Map(
                parts(inner)
                    .map(|entry| {
                        let mut kv = parts(entry);
                        let key = self.const_value(kv.next().expect("grammar: map key"));
                        let value = self.const_value(kv.next().expect("grammar: map value"));
                        (key, value)
                    })
                    .collect(),
            ),
            _ => ConstValueKind::Identifier(self.ident(&inner)),
        };
        ConstValue { kind, span }
    }

    /// The value of an `int_lit`, or `None` (with an error) when it does
    /// not fit in an i64, as Apache's `strtoll` would report.
    pub(super) fn int(&mut self, pair: &Pair<'_, Rule>) -> Option<i64> {
        let value = parse_int(pair.as_str());
        if value.is_none() {
            let span = self.span(pair);
            self.error(span, "integer literal out of range for i64")
                .label = "does not fit in a 64-bit signed integer".to_string();
        }
        value
    }

    /// The decoded text of a `string_lit`.
    pub(super) fn string(&mut self, pair: Pair<'_, Rule>) -> String {
        let body = pair.into_inner().next().expect("grammar: string body");
        let start = body.as_span().start();
        self.decode_string(body.as_str(), start)
    }

    /// Decodes the escapes Apache's lexer knows (`\n \r \t \" \' \\`);
    /// any other escape is an error, as in Apache. `start` is the offset of
    /// `body` in the file.
    fn decode_string(&mut self, body: &str, start: usize) -> String {
        let mut out = String::with_capacity(body.len());
        let mut chars = body.char_indices();
        while let Some((_, c)) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some((_, 'n')) => out.push('\n'),
                Some((_, 'r')) => out.push('\r'),
                Some((_, 't')) => out.push('\t'),
                Some((_, '"')) => out.push('"'),
                Some((_, '\'')) => out.push('\''),
                Some((_, '\\')) => out.push('\\'),
                Some((at, other)) => {
                    let span = Span::new(self.file, start + at - 1, start + at + other.len_utf8());
                    let d = self.error(
                        span,
                        format!(
                            "invalid escape `\\{}` in string literal",
                            other.escape_debug()
                        ),
                    );
                    d.label = "unknown escape".to_string();
                    d.notes.push(
                        "note: Thrift strings know only `\\n`, `\\r`, `\\t`, `\\\"`, `\\'` and `\\\\`"
                            .to_string(),
                    );
                }
                // The grammar makes every `\` take the next character.
                None => out.push('\\'),
            }
        }
        out
    }
}

/// Parses a decimal or hex integer literal with an optional sign. Hex
/// magnitudes must fit in an i64 before the sign is applied, as in
/// Apache's lexer.
pub(super) fn parse_int(text: &str) -> Option<i64> {
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    match unsigned.strip_prefix("0x") {
        Some(hex) => {
            let magnitude = i64::from_str_radix(hex, 16).ok()?;
            Some(if negative { -magnitude } else { magnitude })
        }
        None => text.parse().ok(),
    }
}

/// The grammar only lets through what Rust's float parser accepts
/// (`1.5`, `.5`, `-1.5E-3`, `1e10`); overflow gives infinity as `atof`.
fn parse_double(text: &str) -> f64 {
    text.parse().unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::parse_int;

    #[test]
    fn integers_in_every_spelling() {
        assert_eq!(parse_int("42"), Some(42));
        assert_eq!(parse_int("+42"), Some(42));
        assert_eq!(parse_int("-42"), Some(-42));
        assert_eq!(parse_int("0x1F"), Some(31));
        assert_eq!(parse_int("-0x10"), Some(-16));
        assert_eq!(parse_int("-9223372036854775808"), Some(i64::MIN));
        assert_eq!(parse_int("9223372036854775807"), Some(i64::MAX));
        assert_eq!(parse_int("9223372036854775808"), None);
        assert_eq!(parse_int("0x8000000000000000"), None);
    }
}
