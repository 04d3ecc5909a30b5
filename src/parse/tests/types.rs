use super::support::{parse, parse_clean};
use crate::ast::{BaseType, Definition, FieldType, FieldTypeKind};

fn typedef_target(text: &str) -> FieldType {
    match parse_clean(text).definitions.remove(0) {
        Definition::Typedef(t) => t.target,
        other => panic!("typedef expected, got {other:?}"),
    }
}

fn base(kind: &FieldTypeKind) -> BaseType {
    match kind {
        FieldTypeKind::Base(b) => *b,
        other => panic!("base type expected, got {other:?}"),
    }
}

#[test]
fn every_base_type() {
    let cases = [
        ("bool", BaseType::Bool),
        ("i8", BaseType::I8),
        ("i16", BaseType::I16),
        ("i32", BaseType::I32),
        ("i64", BaseType::I64),
        ("double", BaseType::Double),
        ("string", BaseType::String),
        ("binary", BaseType::Binary),
        ("uuid", BaseType::Uuid),
    ];
    for (name, expected) in cases {
        let target = typedef_target(&format!("typedef {name} T"));
        assert_eq!(base(&target.kind), expected, "{name}");
    }
}

#[test]
fn byte_and_slist_are_deprecated_spellings() {
    let parsed = parse("typedef byte B\ntypedef slist S");
    let doc = parsed.document.as_ref().unwrap();
    let targets: Vec<BaseType> = doc
        .definitions
        .iter()
        .map(|d| match d {
            Definition::Typedef(t) => base(&t.target.kind),
            _ => panic!(),
        })
        .collect();
    assert_eq!(targets, [BaseType::I8, BaseType::String]);
    assert_eq!(
        parsed.located(),
        [
            (1, 9, "`byte` is deprecated; use `i8`".to_string()),
            (2, 9, "`slist` is deprecated; use `string`".to_string()),
        ]
    );
}

#[test]
fn nested_containers() {
    let target = typedef_target("typedef map<string, list<set<other.Thing>>> Index");
    let FieldTypeKind::Map(key, value) = &target.kind else {
        panic!()
    };
    assert_eq!(base(&key.kind), BaseType::String);
    let FieldTypeKind::List(inner) = &value.kind else {
        panic!()
    };
    let FieldTypeKind::Set(element) = &inner.kind else {
        panic!()
    };
    assert!(matches!(&element.kind, FieldTypeKind::Named(n) if n.name == "other.Thing"));
}

#[test]
fn cpp_type_before_and_after_is_accepted() {
    for text in [
        "typedef list<i32> cpp_type \"std::vector<int>\" L",
        "typedef list cpp_type \"std::vector<int>\" <i32> L",
        "typedef set cpp_type \"std::set<int>\" <i32> L",
        "typedef map cpp_type \"std::map<int,int>\" <i32, i32> L",
    ] {
        let target = typedef_target(text);
        assert!(!matches!(target.kind, FieldTypeKind::Base(_)), "{text}");
    }
}

#[test]
fn annotations_on_any_type() {
    let text = "struct S {\n\
        1: i32 (cpp.type = \"int32_t\") a\n\
        2: list<string (x = \"1\")> (y = \"2\") b\n\
        3: Named (z) c\n\
        }";
    let doc = parse_clean(text);
    let Definition::Struct(s) = &doc.definitions[0] else {
        panic!()
    };
    assert_eq!(s.fields[0].ty.annotations[0].key.name, "cpp.type");
    let list = &s.fields[1].ty;
    assert_eq!(list.annotations[0].key.name, "y");
    let FieldTypeKind::List(element) = &list.kind else {
        panic!()
    };
    assert_eq!(element.annotations[0].key.name, "x");
    assert_eq!(s.fields[2].ty.annotations[0].key.name, "z");
}

#[test]
fn type_span_covers_the_type() {
    let text = "typedef map<i32, list<string>>   M";
    let parsed = parse(text);
    let Definition::Typedef(t) = &parsed.document.as_ref().unwrap().definitions[0] else {
        panic!()
    };
    assert_eq!(parsed.snippet(t.target.span), "map<i32, list<string>>");
}
