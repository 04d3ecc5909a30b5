use super::support::{parse, parse_clean};
use crate::ast::Definition;

#[test]
fn keys_values_bare_keys_and_separators() {
    let doc =
        parse_clean("struct S { 1: i32 a } (key = \"v\", bare; other = 'x' last.one = \"\" final)");
    let Definition::Struct(s) = &doc.definitions[0] else {
        panic!()
    };
    let pairs: Vec<(&str, Option<&str>)> = s
        .annotations
        .iter()
        .map(|a| (a.key.name.as_str(), a.value.as_deref()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("key", Some("v")),
            ("bare", None),
            ("other", Some("x")),
            ("last.one", Some("")),
            ("final", None)
        ]
    );
}

#[test]
fn empty_annotation_list() {
    let doc = parse_clean("typedef i32 T ()");
    let Definition::Typedef(t) = &doc.definitions[0] else {
        panic!()
    };
    assert!(t.annotations.is_empty());
}

#[test]
fn annotations_everywhere_apache_allows_them() {
    let doc = parse_clean(
        "enum E { A (a1) } (e)\n\
         service S { void f(1: i32 x (arg)) (fun) } (svc)\n\
         const i32 C = 1 (c)\n",
    );
    let [
        Definition::Enum(e),
        Definition::Service(s),
        Definition::Const(c),
    ] = doc.definitions.as_slice()
    else {
        panic!()
    };
    assert_eq!(e.values[0].annotations[0].key.name, "a1");
    assert_eq!(e.annotations[0].key.name, "e");
    assert_eq!(s.functions[0].args[0].annotations[0].key.name, "arg");
    assert_eq!(s.functions[0].annotations[0].key.name, "fun");
    assert_eq!(s.annotations[0].key.name, "svc");
    assert_eq!(c.annotations[0].key.name, "c");
}

#[test]
fn annotation_span() {
    let parsed = parse("typedef i32 T ( k = \"v\" )");
    let Definition::Typedef(t) = &parsed.document.as_ref().unwrap().definitions[0] else {
        panic!()
    };
    assert_eq!(parsed.snippet(t.annotations[0].span), "k = \"v\"");
    assert_eq!(parsed.snippet(t.annotations[0].key.span), "k");
}
