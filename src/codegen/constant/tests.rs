use super::*;
use crate::codegen::test_support::*;
use crate::model::{DefId, Program, Requiredness as R};

fn expr(p: &Program, ty: &Type, value: &ConstValue) -> String {
    let ctx = Context::new(p);
    value_expr(&ctx, FileIdx(0), ty, value, false).unwrap()
}

fn empty() -> Program {
    let mut b = ProgramBuilder::new();
    b.file("a");
    b.build()
}

#[test]
fn string_escapes() {
    assert_eq!(string_literal(r#"a"b\c"#), r#""a\"b\\c""#);
    assert_eq!(string_literal("l1\nl2\t\r"), r#""l1\nl2\t\r""#);
    assert_eq!(string_literal("ünï €"), "\"ünï €\"");
    assert_eq!(string_literal("\u{0}\u{7f}"), r#""\u{0}\u{7f}""#);
    // The literal parses back to the same text.
    let lit: syn::LitStr = syn::parse_str(&string_literal("q\"\\\n\u{1}é")).unwrap();
    assert_eq!(lit.value(), "q\"\\\n\u{1}é");
}

#[test]
fn bytes_escapes() {
    assert_eq!(bytes_literal(b"a\"\\\x00\xff"), r#"b"a\"\\\x00\xff""#);
    let lit: syn::LitByteStr = syn::parse_str(&bytes_literal("é\n".as_bytes())).unwrap();
    assert_eq!(lit.value(), "é\n".as_bytes());
}

#[test]
fn scalars() {
    let p = empty();
    let i64_ty = base(BaseType::I64);
    assert_eq!(expr(&p, &i64_ty, &ConstValue::Int(i64::MIN)), "i64::MIN");
    assert_eq!(expr(&p, &i64_ty, &ConstValue::Int(-5)), "-5");
    let d = base(BaseType::Double);
    assert_eq!(expr(&p, &d, &ConstValue::Double(1.0)), "1.0");
    assert_eq!(expr(&p, &d, &ConstValue::Double(-2.5e300)), "-2.5e300");
    assert_eq!(expr(&p, &d, &ConstValue::Double(f64::NAN)), "f64::NAN");
    assert_eq!(
        expr(&p, &d, &ConstValue::Double(f64::NEG_INFINITY)),
        "f64::NEG_INFINITY"
    );
    assert_eq!(expr(&p, &d, &ConstValue::Int(3)), "3.0");
    assert_eq!(
        expr(&p, &base(BaseType::Bool), &ConstValue::Bool(true)),
        "true"
    );
    assert_eq!(
        expr(
            &p,
            &base(BaseType::String),
            &ConstValue::String("x\"".into())
        ),
        r#"::std::string::String::from("x\"")"#
    );
    assert_eq!(
        expr(
            &p,
            &base(BaseType::Binary),
            &ConstValue::String("ab".into())
        ),
        r#"b"ab".to_vec()"#
    );
    assert_eq!(
        expr(
            &p,
            &base(BaseType::Uuid),
            &ConstValue::Uuid("00000000-0000-0000-0000-0000000000ff".into())
        ),
        "::thriftgen_runtime::uuid::Uuid::from_u128(0x000000000000000000000000000000ff)"
    );
}

#[test]
fn nested_containers() {
    let p = empty();
    let ty = map(base(BaseType::Double), list(set(base(BaseType::I32))));
    let value = ConstValue::Map(vec![(
        ConstValue::Double(0.5),
        ConstValue::List(vec![
            ConstValue::Set(vec![ConstValue::Int(1)]),
            ConstValue::Set(vec![]),
        ]),
    )]);
    assert_eq!(
        expr(&p, &ty, &value),
        "::std::collections::BTreeMap::from([(::thriftgen_runtime::ordered_float::OrderedFloat(0.5), \
         ::std::vec::Vec::from([::std::collections::BTreeSet::from([1]), ::std::collections::BTreeSet::new()]))])"
    );
    assert_eq!(
        expr(&p, &list(base(BaseType::I8)), &ConstValue::List(vec![])),
        "::std::vec::Vec::new()"
    );
}

fn struct_program() -> Program {
    let mut b = ProgramBuilder::new();
    let (e, s, u) = (b.def_id(0, 0), b.def_id(0, 1), b.def_id(0, 2));
    b.file("a")
        .enumeration("Color", &[("RED", 1)])
        .structure(
            "Point",
            StructKind::Struct,
            vec![
                field(1, "x", R::Default, base(BaseType::I32)),
                with_default(
                    field(2, "color", R::Default, Type::Enum(e)),
                    ConstValue::Enum {
                        def: e,
                        value: 1,
                        variant: Some(0),
                    },
                ),
                field(3, "next", R::Optional, Type::Struct(s)),
                field(4, "label", R::Optional, base(BaseType::String)),
            ],
        )
        .structure(
            "Shape",
            StructKind::Union,
            vec![field(1, "point", R::Default, Type::Struct(s))],
        )
        .structure(
            "NeedsUnion",
            StructKind::Struct,
            vec![field(1, "u", R::Required, Type::Struct(u))],
        );
    b.build()
}

#[test]
fn struct_values_fill_every_field() {
    let p = struct_program();
    let s = DefId {
        file: FileIdx(0),
        index: 1,
    };
    let value = ConstValue::Struct {
        def: s,
        fields: vec![
            (0, ConstValue::Int(3)),
            (
                2,
                ConstValue::Struct {
                    def: s,
                    fields: vec![],
                },
            ),
        ],
    };
    assert_eq!(
        expr(&p, &Type::Struct(s), &value),
        "Point { x: 3, color: Color::RED, next: ::std::option::Option::Some(::std::boxed::Box::new(\
         Point { x: ::std::default::Default::default(), color: Color::RED, \
         next: ::std::option::Option::None, label: ::std::option::Option::None })), \
         label: ::std::option::Option::None }"
    );
}

#[test]
fn union_values_and_unknown_enum_numbers() {
    let p = struct_program();
    let (e, s, u) = (
        DefId {
            file: FileIdx(0),
            index: 0,
        },
        DefId {
            file: FileIdx(0),
            index: 1,
        },
        DefId {
            file: FileIdx(0),
            index: 2,
        },
    );
    let point = ConstValue::Struct {
        def: s,
        fields: vec![(0, ConstValue::Int(1))],
    };
    let v = expr(
        &p,
        &Type::Struct(u),
        &ConstValue::Struct {
            def: u,
            fields: vec![(0, point)],
        },
    );
    assert!(v.starts_with("Shape::Point(Point { x: 1,"), "{v}");
    assert_eq!(
        expr(
            &p,
            &Type::Enum(e),
            &ConstValue::Enum {
                def: e,
                value: 7,
                variant: None
            }
        ),
        "Color(7)"
    );
}

#[test]
fn missing_field_without_default_is_an_error() {
    let p = struct_program();
    let ctx = Context::new(&p);
    let n = DefId {
        file: FileIdx(0),
        index: 3,
    };
    let err = value_expr(
        &ctx,
        FileIdx(0),
        &Type::Struct(n),
        &ConstValue::Struct {
            def: n,
            fields: vec![],
        },
        false,
    )
    .unwrap_err();
    assert!(
        err.contains("field `u` of `NeedsUnion` has no default value"),
        "{err}"
    );
}

#[test]
fn const_items() {
    let mut b = ProgramBuilder::new();
    b.file("a")
        .constant(
            "myStr",
            base(BaseType::String),
            ConstValue::String("hi".into()),
        )
        .constant(
            "bin",
            base(BaseType::Binary),
            ConstValue::String("\u{1}".into()),
        )
        .constant("n", base(BaseType::I16), ConstValue::Int(-1))
        .constant(
            "ids",
            list(base(BaseType::I32)),
            ConstValue::List(vec![ConstValue::Int(1)]),
        )
        .constant(
            "u",
            base(BaseType::Uuid),
            ConstValue::Uuid("00000000-0000-0000-0000-000000000001".into()),
        );
    let p = b.build();
    let ctx = Context::new(&p);
    let rendered: Vec<String> = p.files[0]
        .definitions
        .iter()
        .map(|d| match d {
            Definition::Const(c) => item(&ctx, FileIdx(0), c).unwrap().trim().to_owned(),
            _ => unreachable!(),
        })
        .collect();
    assert_eq!(
        rendered,
        [
            r#"pub const MY_STR: &str = "hi";"#,
            r#"pub const BIN: &[u8] = b"\x01";"#,
            "pub const N: i16 = -1;",
            "pub static IDS: ::std::sync::LazyLock<::std::vec::Vec<i32>> = \
             ::std::sync::LazyLock::new(|| ::std::vec::Vec::from([1]));",
            "pub static U: ::std::sync::LazyLock<::thriftgen_runtime::uuid::Uuid> = \
             ::std::sync::LazyLock::new(|| ::thriftgen_runtime::uuid::Uuid::from_u128(\
             0x00000000000000000000000000000001));",
        ]
    );
}
