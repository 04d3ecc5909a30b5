use super::support::{parse, parse_clean};
use crate::ast::Header;
use crate::diagnostics::Severity;

#[test]
fn include_cpp_include_and_namespaces() {
    let doc = parse_clean(
        r#"include "shared.thrift"
cpp_include 'vector'
namespace * all.of.it
namespace py.twisted tutorial.twisted (package.prefix = "x")
namespace rs tutorial
"#,
    );
    assert_eq!(doc.headers.len(), 5);
    assert!(matches!(&doc.headers[0], Header::Include { path, .. } if path == "shared.thrift"));
    assert!(matches!(&doc.headers[1], Header::CppInclude { path, .. } if path == "vector"));
    let Header::Namespace { scope, name, .. } = &doc.headers[2] else {
        panic!("namespace expected")
    };
    assert_eq!(
        (scope.name.as_str(), name.name.as_str()),
        ("*", "all.of.it")
    );
    let Header::Namespace {
        scope,
        name,
        annotations,
        ..
    } = &doc.headers[3]
    else {
        panic!("namespace expected")
    };
    assert_eq!(scope.name, "py.twisted");
    assert_eq!(name.name, "tutorial.twisted");
    assert_eq!(annotations.len(), 1);
    assert_eq!(annotations[0].key.name, "package.prefix");
    assert_eq!(annotations[0].value.as_deref(), Some("x"));
}

#[test]
fn header_spans_cover_the_header_and_names_their_token() {
    let text = "namespace   rs   a.b\n";
    let parsed = parse(text);
    let doc = parsed.document.as_ref().unwrap();
    let Header::Namespace {
        scope, name, span, ..
    } = &doc.headers[0]
    else {
        panic!()
    };
    assert_eq!(parsed.snippet(*span), "namespace   rs   a.b");
    assert_eq!(parsed.snippet(scope.span), "rs");
    assert_eq!(parsed.snippet(name.span), "a.b");
}

#[test]
fn deprecated_namespace_forms_lower_to_their_scope_with_a_warning() {
    let parsed = parse(
        "php_namespace Foo\nsmalltalk.category Thrift.Test\nxsd_namespace \"http://x\"\npy_module a.b\n",
    );
    let doc = parsed.document.as_ref().unwrap();
    let scopes: Vec<(&str, &str)> = doc
        .headers
        .iter()
        .map(|h| match h {
            Header::Namespace { scope, name, .. } => (scope.name.as_str(), name.name.as_str()),
            _ => panic!("namespace expected"),
        })
        .collect();
    assert_eq!(
        scopes,
        [
            ("php", "Foo"),
            ("smalltalk.category", "Thrift.Test"),
            ("xsd", "http://x"),
            ("py", "a.b")
        ]
    );
    assert_eq!(parsed.diagnostics.len(), 4);
    assert!(
        parsed
            .diagnostics
            .iter()
            .all(|d| d.severity == Severity::Warning && d.message.contains("is deprecated"))
    );
    assert_eq!(
        parsed.diagnostics[0].message,
        "`php_namespace` is deprecated; use `namespace php Foo`"
    );
}

#[test]
fn a_header_after_a_definition_is_accepted_with_a_warning() {
    let parsed = parse("typedef i32 Id\ninclude \"late.thrift\"\n");
    let doc = parsed.document.as_ref().unwrap();
    assert_eq!(doc.headers.len(), 1);
    assert_eq!(doc.definitions.len(), 1);
    assert_eq!(
        parsed.located(),
        [(2, 1, "header after a definition".to_string())]
    );
    assert_eq!(parsed.diagnostics[0].severity, Severity::Warning);
}

#[test]
fn leading_includes_are_guessed_from_the_headers_at_the_top() {
    let guess = crate::parse::leading_includes(
        "\u{FEFF}// c\n# c\n/* c */ include \"a.thrift\";\ncpp_include 'v'\n\
         namespace * x.y, namespace py z include 'b.thrift'\n\
         /** doc */\nstruct S {}\ninclude \"late.thrift\"\n",
    );
    assert_eq!(guess, vec!["a.thrift", "b.thrift"]);
    // An escape, an old namespace keyword or annotations end the guess.
    let guess = crate::parse::leading_includes("include \"a\\\\b\"\ninclude \"c\"\n");
    assert!(guess.is_empty());
    let guess = crate::parse::leading_includes("php_namespace x\ninclude \"c\"\n");
    assert!(guess.is_empty());
    let guess = crate::parse::leading_includes("namespace rs x (a = \"b\")\ninclude \"c\"\n");
    assert!(guess.is_empty());
    assert!(crate::parse::leading_includes("include \"open\n").is_empty());
    assert!(crate::parse::leading_includes("/* open").is_empty());
}
