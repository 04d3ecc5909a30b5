use super::support::{parse, parse_clean};
use crate::ast::{BaseType, ConstValueKind, Definition, Field, FieldTypeKind, Requiredness};
use crate::diagnostics::Severity;

fn struct_fields(text: &str) -> Vec<Field> {
    match parse_clean(text).definitions.remove(0) {
        Definition::Struct(s) => s.fields,
        other => panic!("struct expected, got {other:?}"),
    }
}

#[test]
fn field_ids_requiredness_defaults_and_separators() {
    let fields = struct_fields(
        "struct S {\n\
         1: required i32 a = 5,\n\
         -2: optional string b = \"x\";\n\
         0x3: list<i32> c = [1, 2]\n\
         4: i64 d\n\
         }",
    );
    let summary: Vec<(i64, Requiredness, &str)> = fields
        .iter()
        .map(|f| (f.id.unwrap().0, f.requiredness, f.name.name.as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            (1, Requiredness::Required, "a"),
            (-2, Requiredness::Optional, "b"),
            (3, Requiredness::Default, "c"),
            (4, Requiredness::Default, "d"),
        ]
    );
    assert_eq!(
        fields[0].default.as_ref().unwrap().kind,
        ConstValueKind::Int(5)
    );
    assert_eq!(
        fields[1].default.as_ref().unwrap().kind,
        ConstValueKind::String("x".into())
    );
    assert!(fields[3].default.is_none());
}

#[test]
fn field_spans_and_id_span() {
    let text = "struct S { 12: optional i32 count = 1 (a = \"b\") , }";
    let parsed = parse(text);
    let Definition::Struct(s) = &parsed.document.as_ref().unwrap().definitions[0] else {
        panic!()
    };
    let f = &s.fields[0];
    assert_eq!(
        parsed.snippet(f.span),
        "12: optional i32 count = 1 (a = \"b\")"
    );
    assert_eq!(parsed.snippet(f.id.unwrap().1), "12");
    assert_eq!(parsed.snippet(f.name.span), "count");
    assert_eq!(parsed.snippet(f.ty.span), "i32");
    assert_eq!(f.annotations[0].key.name, "a");
}

#[test]
fn field_named_like_a_base_type() {
    let fields = struct_fields("struct S { 1: i8 i8, 2: string string }");
    assert_eq!(fields[0].name.name, "i8");
    assert_eq!(fields[0].ty.kind, FieldTypeKind::Base(BaseType::I8));
    assert_eq!(fields[1].name.name, "string");
}

#[test]
fn cpp_reference_is_accepted_and_dropped() {
    let fields = struct_fields("struct S { 1: Other & other }");
    assert_eq!(fields[0].name.name, "other");
    assert!(matches!(&fields[0].ty.kind, FieldTypeKind::Named(n) if n.name == "Other"));
}

#[test]
fn field_without_id_warns() {
    let parsed = parse("struct S {\n  string name\n}");
    let Definition::Struct(s) = &parsed.document.as_ref().unwrap().definitions[0] else {
        panic!()
    };
    assert_eq!(s.fields[0].id, None);
    assert_eq!(
        parsed.located(),
        [(2, 10, "field `name` has no id".to_string())]
    );
    assert_eq!(parsed.diagnostics[0].severity, Severity::Warning);
}

#[test]
fn xsd_field_modifiers_warn_and_are_ignored() {
    let parsed = parse(
        "struct S {\n1: i32 a xsd_optional xsd_nillable xsd_attrs { 1: i32 attr } (k = \"v\")\n}",
    );
    let Definition::Struct(s) = &parsed.document.as_ref().unwrap().definitions[0] else {
        panic!()
    };
    assert_eq!(s.fields.len(), 1);
    assert_eq!(s.fields[0].annotations[0].key.name, "k");
    assert_eq!(
        parsed.located(),
        [
            (
                2,
                10,
                "`xsd_optional` is deprecated and ignored".to_string()
            ),
            (
                2,
                23,
                "`xsd_nillable` is deprecated and ignored".to_string()
            ),
            (2, 36, "`xsd_attrs` is deprecated and ignored".to_string()),
        ]
    );
}

#[test]
fn functions_oneway_void_args_throws_annotations() {
    let text = "service S {\n\
        i32 add(1: i32 a, 2: i32 b) throws (1: Oops o) (x = \"y\"),\n\
        oneway void fire(1: string what);\n\
        list<string> names()\n\
        }";
    let parsed = parse(text);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let Definition::Service(s) = &parsed.document.as_ref().unwrap().definitions[0] else {
        panic!()
    };
    let [add, fire, names] = s.functions.as_slice() else {
        panic!()
    };
    assert_eq!(add.name.name, "add");
    assert_eq!(
        add.returns.as_ref().unwrap().kind,
        FieldTypeKind::Base(BaseType::I32)
    );
    assert_eq!(add.args.len(), 2);
    assert_eq!(add.throws[0].name.name, "o");
    assert_eq!(add.annotations[0].key.name, "x");
    assert!(add.oneway.is_none());
    assert_eq!(
        parsed.snippet(add.span),
        "i32 add(1: i32 a, 2: i32 b) throws (1: Oops o) (x = \"y\")"
    );
    assert_eq!(parsed.snippet(fire.oneway.unwrap()), "oneway");
    assert!(fire.returns.is_none());
    assert_eq!(parsed.snippet(fire.returns_span), "void");
    assert!(matches!(
        names.returns.as_ref().unwrap().kind,
        FieldTypeKind::List(_)
    ));
    assert!(names.args.is_empty());
}

#[test]
fn async_is_oneway_with_a_warning() {
    let parsed = parse("service S { async void f() }");
    let Definition::Service(s) = &parsed.document.as_ref().unwrap().definitions[0] else {
        panic!()
    };
    assert!(s.functions[0].oneway.is_some());
    assert_eq!(
        parsed.located(),
        [(1, 13, "`async` is deprecated; use `oneway`".to_string())]
    );
}
