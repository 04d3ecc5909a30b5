//! Stage 1: the text of one `.thrift` file to its [`ast::Document`].
//!
//! Three steps: a linear pre-scan (`scan`) checks strings, comments and
//! nesting depth and collects doc comments; the pest grammar
//! (`thrift.pest`) parses; `lower` turns pest's pairs into the AST.
//!
//! Where this parser deliberately differs from Apache Thrift 0.25:
//! - Headers after definitions are accepted with a warning (Apache: syntax
//!   error); nothing is ambiguous about them.
//! - Every definition may carry annotations and a trailing `,`/`;`, and
//!   `xsd_all` is accepted on unions and exceptions too: leniency that
//!   costs nothing and matches what Apache accepts in other positions.
//! - `cpp_type "x"` is accepted before `<` and after `>` on every
//!   container and dropped, as is the `&` C++ reference mark: neither means
//!   anything for Rust.
//! - Annotation keys and namespace names may be Thrift keywords (Apache
//!   wants plain identifiers); field names may be any keyword, as in
//!   Apache's `FieldName` rule, so `1: i8 i8` parses as a field named `i8`.
//! - `async` is not reserved: it means `oneway` only where a return type
//!   and a function name follow it, and is a name everywhere else.
//! - Declared names (definitions, fields, functions, enum values) must not
//!   contain `.`; Apache checks the same, except on `NAME = N` enum values.
//! - `true`/`false` lower to [`ast::ConstValueKind::Bool`] (Apache: the
//!   integers 1 and 0); the resolver coerces them where a number is wanted.
//! - Deprecated forms Apache 0.25 has dropped or turned into errors
//!   (`senum`, `slist`, `php_namespace` and the other old namespace
//!   keywords, `smalltalk.category`) are accepted with a warning.
//! - Doc comments: a `/** */` attaches to the item whose first token
//!   follows it (only white space and plain comments between). The file's
//!   first doc comment documents the file instead when a header, a blank
//!   line or the end of the file follows it.
//! - Brackets nested deeper than `scan::MAX_NESTING` (64) are rejected, so
//!   pest's recursion cannot overflow the stack.
//! - A field without an id gets a warning here (Apache warns while
//!   parsing too); the resolver assigns the negative ids.
//!
//! Speed (real IDL is mostly doc comments: evernote's NoteStore.thrift
//! and its includes are 372 KB; the changes below cut loading them from
//! 217 to 54 million instructions; `tests/tokens.rs` pins the behaviour):
//! - Comment bodies are atomic rules, which pest's optimizer turns into one
//!   memchr search instead of a rule call per character. (Blanking the
//!   comments before parsing would not do: pest walks white space per
//!   character too.)
//! - pest is built without its `std` feature, which probes the native
//!   stack on every rule call. The nesting cap above bounds recursion
//!   instead: every recursive path of the grammar consumes an opening
//!   bracket, and the pre-scan counts them.
//! - White space and comments are one `COMMENT` rule taking a whole run:
//!   pest runs it between any two tokens, and with a separate
//!   `WHITESPACE` it generates a costlier loop of two rules.
//! - Single characters are matched as strings (a range decodes a char
//!   first; measured, strings cost less), `word` makes no rule call per
//!   character, and
//!   `keyword`, tried before every identifier, compares a word only with
//!   the keywords sharing its first letter.
//! - Cheap lookaheads keep alternatives that cannot match from being
//!   tried: `COMMENT` where no blank or comment starts, `map`/`set`/`list`
//!   and the `xsd_` keywords where their first letter is not. Only rules
//!   `error.rs` does not name, or names the same as one still tried there
//!   (`base_type` is "a field type" too), are left out.
//! - None of this changes a message: rules run inside atomic rules (and
//!   inside COMMENT, which pest runs atomically) record no error attempts,
//!   and the rules `error.rs` names are the same, in the same order.

mod doc;
mod error;
mod grammar;
mod lower;
mod scan;

#[cfg(test)]
mod tests;

use pest::Parser;

use crate::ast;
use crate::diagnostics::Diagnostic;
use crate::source::FileId;
use grammar::{Rule, ThriftParser};

/// Parses one file. Syntax errors (and warnings for deprecated forms) go to
/// `diagnostics`; `None` means the file could not be parsed. Errors found
/// after parsing (an integer out of range, a bad escape) still give the
/// document, so later stages can report more.
pub fn parse_document(
    file: FileId,
    text: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<ast::Document> {
    let scanned = match scan::scan(file, text) {
        Ok(scanned) => scanned,
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            return None;
        }
    };
    let document = match ThriftParser::parse(Rule::document, text) {
        Ok(mut pairs) => pairs.next().expect("grammar: document"),
        Err(e) => {
            diagnostics.push(error::syntax_error(file, text, &e));
            return None;
        }
    };
    let mut lower = lower::Lower::new(file, scanned.docs, diagnostics);
    Some(lower.document(document, scanned.first_doc))
}

/// A guess at the files `text` includes, without parsing it: the paths of
/// the `include` headers at its top, as written. The loader uses it to
/// parse included files in parallel; a wrong guess only costs that.
pub fn leading_includes(text: &str) -> Vec<&str> {
    scan::leading_includes(text)
}
