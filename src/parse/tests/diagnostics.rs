//! One test per diagnostic: message, line and column.

use super::support::parse;
use crate::diagnostics::Severity;

/// The single diagnostic `text` gives, as `(line, column, message)`, and
/// its severity.
fn only_diagnostic(text: &str) -> ((usize, usize, String), Severity) {
    let parsed = parse(text);
    assert_eq!(parsed.diagnostics.len(), 1, "{:#?}", parsed.diagnostics);
    (parsed.located().remove(0), parsed.diagnostics[0].severity)
}

fn error(text: &str) -> (usize, usize, String) {
    let (located, severity) = only_diagnostic(text);
    assert_eq!(severity, Severity::Error);
    located
}

fn warning(text: &str) -> (usize, usize, String) {
    let (located, severity) = only_diagnostic(text);
    assert_eq!(severity, Severity::Warning);
    located
}

fn at(line: usize, col: usize, message: &str) -> (usize, usize, String) {
    (line, col, message.to_string())
}

#[test]
fn syntax_error_names_what_was_expected_and_found() {
    assert_eq!(
        error("struct S {\n  1: i32\n}\n"),
        at(3, 1, "expected a field name or `(`, found `}`")
    );
    assert_eq!(
        error("foo bar"),
        at(1, 1, "expected a header or a definition, found `foo`")
    );
    assert_eq!(
        error("struct S {\n  1: map<i32> m\n}"),
        at(2, 13, "expected `(` or `,`, found `>`")
    );
    assert_eq!(
        error("const list<i32> l = [1, 2"),
        at(1, 26, "expected a constant value or `]`, found end of file")
    );
    assert_eq!(
        error("service S {\n  oneway\n}"),
        at(3, 1, "expected a return type, found `}`")
    );
    assert_eq!(
        error("struct S { 1: i32 a (x = 1) }"),
        at(1, 26, "expected a string literal, found `1`")
    );
}

#[test]
fn syntax_error_span_is_the_offending_token() {
    let parsed = parse("struct S {\n  1: i32 a\n  struct\n}");
    let d = &parsed.diagnostics[0];
    assert_eq!(parsed.snippet(d.span.unwrap()), "struct");
    assert_eq!(d.label, "expected a field, `}`, `(` or `=`");
}

#[test]
fn keyword_used_as_a_name_gets_a_note() {
    let parsed = parse("typedef i32 service");
    assert_eq!(
        parsed.located(),
        [at(1, 13, "expected an identifier or `(`, found `service`")]
    );
    assert_eq!(
        parsed.diagnostics[0].notes,
        ["note: `service` is a Thrift keyword and cannot be used as a name here"]
    );
}

#[test]
fn odd_characters_are_named() {
    assert_eq!(
        error("struct S {}\n\0"),
        at(
            2,
            1,
            "expected a header, a definition or `(`, found character `\\u{0}`"
        )
    );
}

#[test]
fn unterminated_string_literal() {
    assert_eq!(
        error("struct S {\n  1: string s = \"abc\n}\n"),
        at(2, 17, "unterminated string literal")
    );
    assert_eq!(
        error("const string s = 'abc"),
        at(1, 18, "unterminated string literal")
    );
}

#[test]
fn string_over_two_lines_says_why() {
    let parsed = parse("const string s = \"one\ntwo\"");
    assert_eq!(parsed.located(), [at(1, 18, "unterminated string literal")]);
    assert_eq!(
        parsed.diagnostics[0].notes,
        ["note: a Thrift string literal cannot span lines"]
    );
}

#[test]
fn unterminated_block_comment() {
    let parsed = parse("struct S {}\n  /* open\n * never closed");
    assert_eq!(parsed.located(), [at(2, 3, "unterminated block comment")]);
    assert_eq!(parsed.snippet(parsed.diagnostics[0].span.unwrap()), "/*");
    assert_eq!(
        error("/** doc never closed"),
        at(1, 1, "unterminated block comment")
    );
}

#[test]
fn fbthrift_package_header() {
    assert_eq!(
        error("// hi\npackage \"facebook.com/thrift/annotation\"\n"),
        at(
            2,
            1,
            "`package` declarations are an fbthrift extension, not supported"
        )
    );
}

#[test]
fn fbthrift_structured_annotation() {
    assert_eq!(
        error("struct S {\n  @cpp.Ref{type = 1}\n  1: i32 a\n}"),
        at(
            2,
            3,
            "structured annotations (`@Annotation`) are an fbthrift extension, not supported"
        )
    );
}

#[test]
fn integer_literal_out_of_range() {
    let parsed = parse("const i64 big = 9876543210987654321 // 2^63 and more\n");
    assert!(parsed.document.is_some(), "value errors keep the document");
    assert_eq!(
        parsed.located(),
        [at(1, 17, "integer literal out of range for i64")]
    );
    assert_eq!(
        parsed.snippet(parsed.diagnostics[0].span.unwrap()),
        "9876543210987654321"
    );
    assert_eq!(
        error("enum E {\n  A = -0x8000000000000000\n}"),
        at(2, 7, "integer literal out of range for i64")
    );
    assert_eq!(
        error("struct S { 99999999999999999999: i32 a }"),
        at(1, 12, "integer literal out of range for i64")
    );
}

#[test]
fn invalid_escape_in_string() {
    let parsed = parse("const string s = \"a\\db\"");
    assert_eq!(
        parsed.located(),
        [at(1, 20, "invalid escape `\\d` in string literal")]
    );
    assert_eq!(parsed.snippet(parsed.diagnostics[0].span.unwrap()), "\\d");
}

#[test]
fn nesting_too_deep() {
    let text = format!("const list<i32> l = {}", "[".repeat(200));
    assert_eq!(
        error(&text),
        at(1, 21 + 64, "brackets nested more than 64 deep")
    );
}

#[test]
fn deprecation_warnings() {
    assert_eq!(
        warning("service S {\n  async void f()\n}"),
        at(2, 3, "`async` is deprecated; use `oneway`")
    );
    assert_eq!(
        warning("struct S { 1: byte b }"),
        at(1, 15, "`byte` is deprecated; use `i8`")
    );
    assert_eq!(
        warning("typedef slist S"),
        at(1, 9, "`slist` is deprecated; use `string`")
    );
    assert_eq!(
        warning("senum S { \"a\" }"),
        at(1, 1, "`senum` is deprecated; use `string`")
    );
    assert_eq!(
        warning("struct S { 1: i32 a xsd_optional }"),
        at(1, 21, "`xsd_optional` is deprecated and ignored")
    );
    assert_eq!(
        warning("\n  cpp_namespace foo.bar"),
        at(
            2,
            3,
            "`cpp_namespace` is deprecated; use `namespace cpp foo.bar`"
        )
    );
    assert_eq!(
        warning("struct S {\n  i32 count\n}"),
        at(2, 7, "field `count` has no id")
    );
}

#[test]
fn declared_names_cannot_be_dotted() {
    assert_eq!(
        error("struct a.b {}"),
        at(1, 8, "`a.b` cannot be declared: a name cannot contain `.`")
    );
    assert_eq!(
        error("struct S {\n  1: i32 x.y\n}"),
        at(2, 10, "`x.y` cannot be declared: a name cannot contain `.`")
    );
    // References may be dotted.
    assert!(
        parse("struct S { 1: inc.T t = inc.C }")
            .diagnostics
            .is_empty()
    );
}

#[test]
fn package_is_only_fbthrift_before_a_string() {
    assert_eq!(
        error("typedef i32 T\npackage P"),
        at(
            2,
            1,
            "expected a header, a definition or `(`, found `package`"
        )
    );
    // As a name it is fine.
    assert!(
        parse("struct package { 1: i32 package }")
            .diagnostics
            .is_empty()
    );
}
