//! What separates tokens and which words are keywords: the grammar
//! special-cases both for speed (see the module docs), so these pin the
//! behaviour down exhaustively.

use super::support::{parse, parse_clean};

/// Every reserved word, as Apache's lexer lists them (minus `async`).
const KEYWORDS: &[&str] = &[
    "true",
    "false",
    "namespace",
    "cpp_namespace",
    "cpp_include",
    "cpp_type",
    "java_package",
    "csharp_namespace",
    "delphi_namespace",
    "php_namespace",
    "py_module",
    "perl_package",
    "ruby_namespace",
    "smalltalk_category",
    "smalltalk_prefix",
    "xsd_all",
    "xsd_optional",
    "xsd_nillable",
    "xsd_namespace",
    "xsd_attrs",
    "include",
    "void",
    "bool",
    "byte",
    "i8",
    "i16",
    "i32",
    "i64",
    "double",
    "string",
    "binary",
    "uuid",
    "slist",
    "senum",
    "map",
    "list",
    "set",
    "oneway",
    "typedef",
    "struct",
    "union",
    "exception",
    "extends",
    "throws",
    "service",
    "enum",
    "const",
    "required",
    "optional",
];

#[test]
fn every_keyword_is_refused_as_a_name() {
    for keyword in KEYWORDS {
        let parsed = parse(&format!("typedef i32 {keyword}"));
        assert_eq!(
            parsed.located(),
            [(
                1,
                13,
                format!("expected an identifier or `(`, found `{keyword}`")
            )],
            "{keyword}"
        );
        assert_eq!(
            parsed.diagnostics[0].notes,
            [format!(
                "note: `{keyword}` is a Thrift keyword and cannot be used as a name here"
            )]
        );
    }
}

#[test]
fn words_that_only_look_like_keywords_are_names() {
    for keyword in KEYWORDS {
        let mut capitalised = keyword.to_string();
        capitalised[..1].make_ascii_uppercase();
        for name in [
            format!("{keyword}_x"),
            format!("{keyword}9"),
            format!("a{keyword}"),
            format!("_{keyword}"),
            capitalised,
        ] {
            let doc = parse_clean(&format!("typedef i32 {name}"));
            assert_eq!(doc.definitions[0].name().name, name);
        }
    }
}

/// Separators of one length, so every variant has the same offsets and
/// must lower to exactly the same document, spans included.
const SEPARATORS: &[&str] = &[
    "       ",
    "/* c */",
    "\t\t\t\t\t\t\t",
    "\r\n     ",
    "// l\n  ",
    "#  h\n  ",
    "/**/   ",
    "/*\n*/\n ",
];

#[test]
fn any_white_space_or_comment_separates_tokens_alike() {
    let tokens = [
        "struct", "S", "{", "1", ":", "required", "list", "<", "i32", ">", "a", "=", "[", "1", ",",
        "-2", "]", "(", "x", "=", "\"y\"", ")", ";", "}", "service", "T", "extends", "S", "{",
        "oneway", "void", "f", "(", "1", ":", "i32", "b", ")", "throws", "(", "1", ":", "E", "e",
        ")", "}", "const", "map", "<", "string", ",", "double", ">", "M", "=", "{", "'a'", ":",
        "1.5e3", "}", "enum", "E2", "{", "A", "=", "0x1F", ",", "B", "}",
    ];
    let join = |separator: &dyn Fn(usize) -> &'static str| {
        let mut text = String::new();
        for (i, token) in tokens.iter().enumerate() {
            text.push_str(token);
            text.push_str(separator(i));
        }
        text
    };
    let plain = parse_clean(&join(&|_| SEPARATORS[0]));
    for shift in 1..SEPARATORS.len() {
        let mixed = join(&|i| SEPARATORS[(i + shift) % SEPARATORS.len()]);
        assert_eq!(parse_clean(&mixed), plain, "{mixed}");
    }
}
