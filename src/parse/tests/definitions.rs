use super::support::{parse, parse_clean};
use crate::ast::{ConstValueKind, Definition, FieldTypeKind, StructKind};
use crate::diagnostics::Severity;

#[test]
fn const_and_typedef() {
    let doc = parse_clean("const i32 ANSWER = 42;\ntypedef list<string> Names (a = \"b\"),\n");
    let [Definition::Const(c), Definition::Typedef(t)] = doc.definitions.as_slice() else {
        panic!("const and typedef expected: {:?}", doc.definitions)
    };
    assert_eq!(c.name.name, "ANSWER");
    assert_eq!(c.value.kind, ConstValueKind::Int(42));
    assert_eq!(t.name.name, "Names");
    assert!(matches!(t.target.kind, FieldTypeKind::List(_)));
    assert_eq!(t.annotations[0].key.name, "a");
}

#[test]
fn enum_values_with_and_without_numbers() {
    let doc = parse_clean("enum Color { RED = 1, GREEN; BLUE = 0x10 (a) YELLOW = -2 } (e = \"x\")");
    let Definition::Enum(e) = &doc.definitions[0] else {
        panic!()
    };
    let values: Vec<(&str, Option<i64>)> = e
        .values
        .iter()
        .map(|v| (v.name.name.as_str(), v.value.map(|(n, _)| n)))
        .collect();
    assert_eq!(
        values,
        [
            ("RED", Some(1)),
            ("GREEN", None),
            ("BLUE", Some(16)),
            ("YELLOW", Some(-2))
        ]
    );
    assert_eq!(e.values[2].annotations[0].key.name, "a");
    assert_eq!(e.values[2].annotations[0].value, None);
    assert_eq!(e.annotations[0].value.as_deref(), Some("x"));
}

#[test]
fn senum_is_kept_with_a_warning() {
    let parsed = parse("senum Kinds { \"a\", 'b' \"c\" }");
    let doc = parsed.document.as_ref().unwrap();
    let Definition::Senum(s) = &doc.definitions[0] else {
        panic!()
    };
    let values: Vec<&str> = s.values.iter().map(|(v, _)| v.as_str()).collect();
    assert_eq!(values, ["a", "b", "c"]);
    assert_eq!(
        parsed.located(),
        [(1, 1, "`senum` is deprecated; use `string`".to_string())]
    );
}

#[test]
fn struct_union_exception() {
    let doc = parse_clean(
        "struct S { 1: i32 a }\nunion U { 1: string s; 2: binary b }\nexception E { 1: string message } (x = 'y')",
    );
    let kinds: Vec<(StructKind, &str, usize)> = doc
        .definitions
        .iter()
        .map(|d| match d {
            Definition::Struct(s) => (s.kind, s.name.name.as_str(), s.fields.len()),
            _ => panic!("struct expected"),
        })
        .collect();
    assert_eq!(
        kinds,
        [
            (StructKind::Struct, "S", 1),
            (StructKind::Union, "U", 2),
            (StructKind::Exception, "E", 1)
        ]
    );
}

#[test]
fn xsd_all_is_accepted_with_a_warning() {
    let parsed = parse("struct S xsd_all { 1: i32 a }");
    assert!(parsed.document.is_some());
    assert_eq!(
        parsed.located(),
        [(1, 10, "`xsd_all` is deprecated and ignored".to_string())]
    );
}

#[test]
fn service_with_qualified_extends() {
    let doc = parse_clean("service Calc extends shared.Base { void ping() }");
    let Definition::Service(s) = &doc.definitions[0] else {
        panic!()
    };
    assert_eq!(s.name.name, "Calc");
    assert_eq!(s.extends.as_ref().unwrap().name, "shared.Base");
    assert_eq!(s.functions.len(), 1);
}

#[test]
fn definition_span_covers_the_definition_and_name_span_the_name() {
    let text = "  struct   Point { 1: i32 x } (a = \"b\")  ;  // trailing\n";
    let parsed = parse(text);
    let def = &parsed.document.as_ref().unwrap().definitions[0];
    assert_eq!(
        parsed.snippet(def.span()),
        "struct   Point { 1: i32 x } (a = \"b\")"
    );
    assert_eq!(parsed.snippet(def.name().span), "Point");
}

#[test]
fn words_reserved_elsewhere_are_names() {
    let doc = parse_clean(
        "struct from { 1: i32 except, 2: string self, 3: bool type, 4: i64 return, 5: i8 i8, 6: string uuid, 7: i32 async }\n\
         struct structure { 1: list<i32> include_dirs }\n\
         service await { void yield(1: i32 from) }",
    );
    let Definition::Struct(s) = &doc.definitions[0] else {
        panic!()
    };
    let names: Vec<&str> = s.fields.iter().map(|f| f.name.name.as_str()).collect();
    assert_eq!(
        names,
        ["except", "self", "type", "return", "i8", "uuid", "async"]
    );
    assert_eq!(doc.definitions[1].name().name, "structure");
    assert_eq!(doc.definitions[2].name().name, "await");
}

#[test]
fn a_thrift_keyword_is_not_a_definition_name() {
    let parsed = parse("struct list { 1: i32 a }");
    assert!(parsed.document.is_none());
    assert_eq!(parsed.diagnostics[0].severity, Severity::Error);
    assert_eq!(
        parsed.located(),
        [(1, 8, "expected an identifier, found `list`".to_string())]
    );
}

#[test]
fn async_is_a_name_unless_it_starts_a_function() {
    let parsed = parse(
        "struct async { 1: i32 async }\n\
         service S { async async(), async void fire(), void async2() }",
    );
    let doc = parsed.document.as_ref().unwrap();
    assert_eq!(doc.definitions[0].name().name, "async");
    let Definition::Service(s) = &doc.definitions[1] else {
        panic!()
    };
    let summary: Vec<(&str, bool)> = s
        .functions
        .iter()
        .map(|f| (f.name.name.as_str(), f.oneway.is_some()))
        .collect();
    assert_eq!(
        summary,
        [("async", false), ("fire", true), ("async2", false)]
    );
    assert!(matches!(
        &s.functions[0].returns.as_ref().unwrap().kind,
        FieldTypeKind::Named(n) if n.name == "async"
    ));
    // Only the `async` that means `oneway` is deprecated.
    assert_eq!(parsed.diagnostics.len(), 1);
    assert_eq!(
        parsed.diagnostics[0].message,
        "`async` is deprecated; use `oneway`"
    );
}
