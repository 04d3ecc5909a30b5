//! Odd inputs never panic or hang; each gives a document or diagnostics.

use super::support::parse;
use crate::parse::scan::MAX_NESTING;

fn parses_or_reports(text: &str) {
    let parsed = parse(text);
    assert!(
        parsed.document.is_some() || parsed.diagnostics.iter().any(|d| d.is_error()),
        "no document and no error for {:?}",
        text.chars().take(60).collect::<String>()
    );
    // Rendering checks every span lies inside the file.
    crate::diagnostics::render(&parsed.sources, &parsed.diagnostics, false);
    for d in &parsed.diagnostics {
        let span = d.span.expect("parser diagnostics have spans");
        assert!(span.start <= span.end && span.end as usize <= text.len());
        assert!(
            text.is_char_boundary(span.start as usize) && text.is_char_boundary(span.end as usize)
        );
    }
}

#[test]
fn empty_and_comment_only_files_are_empty_documents() {
    for text in ["", "   \n\t", "// only\n# comments\n/* here */", "\u{FEFF}"] {
        let parsed = parse(text);
        let doc = parsed.document.expect("parses");
        assert!(doc.headers.is_empty() && doc.definitions.is_empty());
        assert!(parsed.diagnostics.is_empty());
    }
}

#[test]
fn absurd_nesting_is_rejected_not_overflowed() {
    for text in [
        "[".repeat(10_000),
        format!("const list<i32> x = {}", "[".repeat(10_000)),
        format!("typedef {} x", "list<".repeat(10_000)),
        "{".repeat(100_000),
    ] {
        let parsed = parse(&text);
        assert!(parsed.document.is_none());
        assert!(
            parsed.diagnostics[0]
                .message
                .starts_with("brackets nested more than"),
            "{:?}",
            parsed.diagnostics
        );
    }
}

#[test]
fn nesting_up_to_the_limit_parses() {
    // The constant sits inside no other bracket, so MAX_NESTING lists fit.
    let depth = MAX_NESTING;
    let text = format!(
        "const list<i32> x = {}1{}",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let parsed = parse(&text);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let types = format!(
        "typedef {}i32{} deep",
        "list<".repeat(depth),
        ">".repeat(depth)
    );
    assert!(parse(&types).document.is_some());
    let maps = format!("const M m = {}2{}", "{1: ".repeat(depth), "}".repeat(depth));
    let parsed = parse(&maps);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
}

#[test]
fn garbage_never_panics() {
    let huge_ident = "a".repeat(1_000_000);
    let inputs = [
        "}}}}".to_string(),
        "struct".to_string(),
        "struct S {".to_string(),
        "struct S { 1: i32 }".to_string(),
        "\0\0\0".to_string(),
        "struct S { 1: i32 a\0 }".to_string(),
        format!("struct {huge_ident} {{}}"),
        huge_ident.clone(),
        "const i32 x = ".to_string(),
        "const string s = \"\\".to_string(),
        "'".to_string(),
        "/*".to_string(),
        "/**".to_string(),
        "/**/".to_string(),
        "enum E { A = 99999999999999999999999 }".to_string(),
        "service S { void f( }".to_string(),
        "é ü 日本 \u{200B}".to_string(),
        "struct S { 1: map<i32 a }".to_string(),
        "]]]]>>>>)))".to_string(),
        "namespace".to_string(),
        "include".to_string(),
        "const double d = 1e99999".to_string(),
        "#\n//\n/***/".to_string(),
    ];
    for text in &inputs {
        parses_or_reports(text);
    }
    // Every prefix of a real file.
    let file = "namespace rs x\n/** doc */\nstruct S { 1: required list<map<i32, string>> m = [{1: \"a\"}] (x = 'y'), }\nservice T extends S { oneway void f(1: i32 a) throws (1: E e) }\n";
    for end in 0..=file.len() {
        if file.is_char_boundary(end) {
            parses_or_reports(&file[..end]);
        }
    }
}

/// A small deterministic generator, so the soup below is the same on
/// every run.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

#[test]
fn token_soup_never_panics() {
    const PIECES: &[&str] = &[
        "struct",
        "union",
        "exception",
        "enum",
        "senum",
        "service",
        "const",
        "typedef",
        "include",
        "namespace",
        "extends",
        "throws",
        "oneway",
        "async",
        "void",
        "required",
        "optional",
        "i32",
        "byte",
        "string",
        "list",
        "map",
        "set",
        "<",
        ">",
        "{",
        "}",
        "(",
        ")",
        "[",
        "]",
        ":",
        ";",
        ",",
        "=",
        "&",
        "*",
        "x",
        "a.b",
        "1",
        "-2",
        "0x1F",
        "1.5e3",
        ".5",
        "99999999999999999999",
        "\"s\"",
        "'t'",
        "\"\\q\"",
        "\"",
        "'",
        "/*",
        "*/",
        "/** d */",
        "//c\n",
        "#c\n",
        "\n",
        " ",
        "@",
        "package",
        "\0",
        "é",
        "xsd_all",
        "xsd_attrs",
        "cpp_type",
        "true",
    ];
    let mut rng = Lcg(0x5eed);
    for _ in 0..3000 {
        let len = rng.below(40);
        // Glued pieces make tokens no one would write, like `1.5e3x`.
        let separator = [" ", ""][rng.below(2)];
        let text = (0..len)
            .map(|_| PIECES[rng.below(PIECES.len())])
            .collect::<Vec<_>>()
            .join(separator);
        parses_or_reports(&text);
    }
}
