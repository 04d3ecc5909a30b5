//! Turning a pest error into an "expected X, found Y" diagnostic.

use pest::Parser;
use pest::error::{Error, ErrorVariant, InputLocation};

use super::grammar::{Rule, ThriftParser};
use crate::diagnostics::Diagnostic;
use crate::source::{FileId, Span};

/// Longer tokens are cut in messages.
const MAX_TOKEN_SHOWN: usize = 40;

pub(super) fn syntax_error(file: FileId, text: &str, error: &Error<Rule>) -> Diagnostic {
    let pos = match error.location {
        InputLocation::Pos(pos) => pos,
        InputLocation::Span((start, _)) => start,
    };
    let token = token_at(text, pos);
    let span = Span::new(file, pos, pos + token.len());
    if let Some(diagnostic) = dialect_error(text, pos, span) {
        return diagnostic;
    }
    let expected = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => expected(positives),
        ErrorVariant::CustomError { .. } => Vec::new(),
    };
    let found = describe(token);
    let mut diagnostic = match expected.as_slice() {
        [] => Diagnostic::error(span, format!("unexpected {found}")),
        _ => {
            let expected = join_alternatives(&expected);
            Diagnostic::error(span, format!("expected {expected}, found {found}"))
                .with_label(format!("expected {expected}"))
        }
    };
    if is_keyword(token) && error_expects_name(error) {
        diagnostic = diagnostic.with_note(format!(
            "note: `{token}` is a Thrift keyword and cannot be used as a name here"
        ));
    }
    diagnostic
}

/// fbthrift and Scrooge syntax Apache Thrift does not have.
fn dialect_error(text: &str, pos: usize, span: Span) -> Option<Diagnostic> {
    let rest = &text[pos..];
    if rest.starts_with('@') {
        return Some(
            Diagnostic::error(
                span,
                "structured annotations (`@Annotation`) are an fbthrift extension, not supported",
            )
            .with_label("fbthrift syntax")
            .with_note("note: use Apache Thrift annotations after the item: `(key = \"value\")`"),
        );
    }
    let after_word = rest.strip_prefix("package").map(str::trim_start);
    if token_at(text, pos) == "package" && after_word.is_some_and(|r| r.starts_with(['"', '\''])) {
        return Some(
            Diagnostic::error(
                span,
                "`package` declarations are an fbthrift extension, not supported",
            )
            .with_label("fbthrift syntax")
            .with_note("note: use `namespace <language> <name>` headers instead"),
        );
    }
    None
}

/// The rules pest wanted, in words, without duplicates, in grammar order.
fn expected(positives: &[Rule]) -> Vec<&'static str> {
    let mut words: Vec<&'static str> = Vec::new();
    let mut sorted = positives.to_vec();
    sorted.sort_by_key(|rule| *rule as usize);
    for rule in sorted {
        if let Some(word) = describe_rule(rule)
            && !words.contains(&word)
        {
            words.push(word);
        }
    }
    if words.contains(&"a definition") {
        words.retain(|w| *w != "end of file");
    }
    words
}

/// What a rule looks like to a user; `None` for rules too obscure to
/// mention (deprecated `xsd_*` keywords, `cpp_type`, `&`).
fn describe_rule(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::EOI => "end of file",
        // The whole document fails at its start: nothing there parses.
        Rule::document => "a header or a definition",
        Rule::kw_include | Rule::kw_cpp_include | Rule::kw_namespace | Rule::old_namespace_kw => {
            "a header"
        }
        Rule::kw_const
        | Rule::kw_typedef
        | Rule::kw_enum
        | Rule::kw_senum
        | Rule::struct_kind
        | Rule::kw_service => "a definition",
        Rule::namespace_scope => "a namespace scope (a language name or `*`)",
        Rule::namespace_name => "a namespace name",
        Rule::identifier | Rule::named_type => "an identifier",
        Rule::field_name => "a field name",
        Rule::field => "a field",
        Rule::field_id => "a field id",
        Rule::field_type | Rule::base_type | Rule::kw_map | Rule::kw_set | Rule::kw_list => {
            "a field type"
        }
        Rule::return_type | Rule::kw_void => "a return type",
        Rule::function | Rule::oneway => "a function",
        Rule::enum_value => "an enum value",
        Rule::const_value
        | Rule::int_lit
        | Rule::double_lit
        | Rule::bool_lit
        | Rule::const_list
        | Rule::const_map => "a constant value",
        Rule::map_entry => "a map entry",
        Rule::string_lit => "a string literal",
        Rule::annotations => "annotations",
        Rule::annotation | Rule::annotation_key => "an annotation",
        Rule::kw_extends => "`extends`",
        Rule::kw_throws | Rule::throws => "`throws`",
        Rule::lbrace => "`{`",
        Rule::rbrace => "`}`",
        Rule::lparen => "`(`",
        Rule::rparen => "`)`",
        Rule::lbracket => "`[`",
        Rule::rbracket => "`]`",
        Rule::langle => "`<`",
        Rule::rangle => "`>`",
        Rule::colon => "`:`",
        Rule::comma => "`,`",
        Rule::equals => "`=`",
        Rule::requiredness => "`required` or `optional`",
        _ => return None,
    })
}

/// "a", "a or b", "a, b or c".
fn join_alternatives(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

fn error_expects_name(error: &Error<Rule>) -> bool {
    matches!(&error.variant, ErrorVariant::ParsingError { positives, .. }
        if positives.iter().any(|r| matches!(r, Rule::identifier | Rule::named_type)))
}

fn is_keyword(token: &str) -> bool {
    ThriftParser::parse(Rule::keyword, token).is_ok_and(|mut pairs| {
        pairs
            .next()
            .is_some_and(|pair| pair.as_str().len() == token.len())
    })
}

/// The token starting at `pos`, roughly as Apache's lexer would cut it.
fn token_at(text: &str, pos: usize) -> &str {
    let rest = &text[pos..];
    let Some(first) = rest.chars().next() else {
        return "";
    };
    let len = if first.is_ascii_alphabetic() || first == '_' {
        rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
            .unwrap_or(rest.len())
    } else if first.is_ascii_digit() {
        rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
            .unwrap_or(rest.len())
    } else if first == '"' || first == '\'' {
        // The pre-scan guarantees the literal ends on this line.
        rest[1..].find(first).map_or(1, |end| end + 2)
    } else {
        first.len_utf8()
    };
    &rest[..len]
}

/// A token as the "found ..." part of a message.
fn describe(token: &str) -> String {
    let Some(first) = token.chars().next() else {
        return "end of file".to_string();
    };
    if first == '"' || first == '\'' {
        return "a string literal".to_string();
    }
    if first.is_control() || (first.is_whitespace() && !first.is_ascii()) {
        return format!("character `{}`", first.escape_unicode());
    }
    if token.len() > MAX_TOKEN_SHOWN {
        let cut = (0..=MAX_TOKEN_SHOWN)
            .rev()
            .find(|&i| token.is_char_boundary(i))
            .unwrap_or(0);
        return format!("`{}...`", &token[..cut]);
    }
    format!("`{token}`")
}
