use super::support::{parse, parse_clean};
use crate::ast::{ConstValue, ConstValueKind, Definition};

fn const_value(text: &str) -> ConstValue {
    match parse_clean(text).definitions.remove(0) {
        Definition::Const(c) => c.value,
        other => panic!("const expected, got {other:?}"),
    }
}

fn kind(value: &str) -> ConstValueKind {
    const_value(&format!("const T x = {value}")).kind
}

#[test]
fn integers() {
    assert_eq!(kind("0"), ConstValueKind::Int(0));
    assert_eq!(kind("-17"), ConstValueKind::Int(-17));
    assert_eq!(kind("+17"), ConstValueKind::Int(17));
    assert_eq!(kind("0xFF"), ConstValueKind::Int(255));
    assert_eq!(kind("-0x10"), ConstValueKind::Int(-16));
    assert_eq!(kind("9223372036854775807"), ConstValueKind::Int(i64::MAX));
    assert_eq!(kind("-9223372036854775808"), ConstValueKind::Int(i64::MIN));
}

#[test]
fn doubles() {
    assert_eq!(kind("1.5"), ConstValueKind::Double(1.5));
    assert_eq!(kind("-1.5E-3"), ConstValueKind::Double(-1.5e-3));
    assert_eq!(kind("1e10"), ConstValueKind::Double(1e10));
    assert_eq!(kind(".5"), ConstValueKind::Double(0.5));
    assert_eq!(kind("+2.0e+2"), ConstValueKind::Double(200.0));
}

#[test]
fn strings_and_their_escapes() {
    assert_eq!(kind("\"plain\""), ConstValueKind::String("plain".into()));
    assert_eq!(
        kind("'single \"q\"'"),
        ConstValueKind::String("single \"q\"".into())
    );
    assert_eq!(
        kind(r#""a\tb\nc\rd\"e\'f\\g""#),
        ConstValueKind::String("a\tb\nc\rd\"e'f\\g".into())
    );
    assert_eq!(kind(r"'it\'s'"), ConstValueKind::String("it's".into()));
    assert_eq!(kind("\"日本\""), ConstValueKind::String("日本".into()));
}

#[test]
fn booleans_and_identifiers() {
    assert_eq!(kind("true"), ConstValueKind::Bool(true));
    assert_eq!(kind("false"), ConstValueKind::Bool(false));
    let ConstValueKind::Identifier(id) = kind("inc.Enum.VALUE") else {
        panic!()
    };
    assert_eq!(id.name, "inc.Enum.VALUE");
    // A word that starts like a keyword is an identifier.
    let ConstValueKind::Identifier(id) = kind("trueish") else {
        panic!()
    };
    assert_eq!(id.name, "trueish");
}

#[test]
fn lists_with_any_separator() {
    let ConstValueKind::List(items) = kind("[1, 2; 3 4,]") else {
        panic!()
    };
    let ints: Vec<ConstValueKind> = items.into_iter().map(|v| v.kind).collect();
    assert_eq!(ints, (1..=4).map(ConstValueKind::Int).collect::<Vec<_>>());
    assert_eq!(kind("[]"), ConstValueKind::List(Vec::new()));
}

#[test]
fn maps_with_any_separator_and_nesting() {
    let ConstValueKind::Map(entries) = kind("{\"a\": [1], 'b': {1: 2} ; 3: x.Y \"c\": 1.5}") else {
        panic!()
    };
    assert_eq!(entries.len(), 4);
    assert_eq!(entries[0].0.kind, ConstValueKind::String("a".into()));
    assert!(matches!(entries[1].1.kind, ConstValueKind::Map(_)));
    assert!(matches!(&entries[2].1.kind, ConstValueKind::Identifier(i) if i.name == "x.Y"));
    assert_eq!(entries[3].1.kind, ConstValueKind::Double(1.5));
}

#[test]
fn value_spans() {
    let text = "const list<string> L = [ \"a\" , 'b' ]  ;";
    let parsed = parse(text);
    let Definition::Const(c) = &parsed.document.as_ref().unwrap().definitions[0] else {
        panic!()
    };
    assert_eq!(parsed.snippet(c.value.span), "[ \"a\" , 'b' ]");
    let ConstValueKind::List(items) = &c.value.kind else {
        panic!()
    };
    assert_eq!(parsed.snippet(items[1].span), "'b'");
    assert_eq!(
        parsed.snippet(c.span),
        "const list<string> L = [ \"a\" , 'b' ]"
    );
}
