use super::*;
use crate::codegen::test_support::*;
use crate::model::{BaseType, ConstValue, Definition, Program, Requiredness as R};

fn view_of(p: &Program, index: usize) -> StructView {
    let ctx = Context::new(p);
    let Definition::Struct(s) = &p.files[0].definitions[index] else {
        unreachable!()
    };
    view(
        &ctx,
        FileIdx(0),
        Some(DefId {
            file: FileIdx(0),
            index,
        }),
        s,
    )
    .unwrap()
}

#[test]
fn field_types_follow_requiredness() {
    let mut b = ProgramBuilder::new();
    let other = b.def_id(0, 1);
    b.file("a")
        .structure(
            "xtruct",
            StructKind::Struct,
            vec![
                field(1, "stringThing", R::Default, base(BaseType::String)),
                field(2, "opt", R::Optional, base(BaseType::I32)),
                field(3, "req", R::Required, base(BaseType::I64)),
                field(4, "other", R::Default, Type::Struct(other)),
            ],
        )
        .structure("Other", StructKind::Struct, vec![]);
    let p = b.build();
    let v = view_of(&p, 0);
    assert_eq!(v.name, "Xtruct");
    let fields: Vec<_> = v
        .fields
        .iter()
        .map(|f| (f.name.as_str(), f.ty.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            ("string_thing", "::std::string::String"),
            ("opt", "::std::option::Option<i32>"),
            ("req", "i64"),
            ("other", "::std::option::Option<Other>"),
        ]
    );
    assert_eq!(
        v.derives,
        "Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default"
    );
    assert!(v.default_fields.is_empty());
    assert!(
        v.read_result
            .contains("string_thing: f0.unwrap_or_default(),")
    );
    assert!(v.read_result.contains("opt: f1,"));
    assert!(v.read_result.contains("missing required field xtruct.req"));
    assert!(v.write_fields[1].starts_with("if let ::std::option::Option::Some(value) = &self.opt"));
}

#[test]
fn idl_defaults_give_a_default_impl() {
    let mut b = ProgramBuilder::new();
    b.file("a").structure(
        "S",
        StructKind::Struct,
        vec![
            with_default(
                field(1, "n", R::Default, base(BaseType::I32)),
                ConstValue::Int(5),
            ),
            with_default(
                field(2, "s", R::Default, base(BaseType::String)),
                ConstValue::String("x".into()),
            ),
            field(3, "d", R::Default, base(BaseType::Double)),
        ],
    );
    let p = b.build();
    let v = view_of(&p, 0);
    assert_eq!(v.derives, "Debug, Clone, PartialEq");
    assert_eq!(
        v.default_fields,
        [
            ("n".to_owned(), "5".to_owned()),
            (
                "s".to_owned(),
                "::std::string::String::from(\"x\")".to_owned()
            ),
            (
                "d".to_owned(),
                "::std::default::Default::default()".to_owned()
            ),
        ]
    );
    // Cheap defaults are eager, others lazy (as clippy wants).
    assert!(v.read_result.contains("n: f0.unwrap_or(5),"));
    assert!(
        v.read_result
            .contains("s: f1.unwrap_or_else(|| ::std::string::String::from(\"x\")),")
    );
}

#[test]
fn rendered_struct_and_exception_parse() {
    let mut b = ProgramBuilder::new();
    let node = b.def_id(0, 0);
    b.file("a")
        .structure(
            "Node",
            StructKind::Exception,
            vec![
                field(1, "next", R::Optional, Type::Struct(node)),
                field(
                    2,
                    "m",
                    R::Default,
                    map(base(BaseType::String), list(base(BaseType::Double))),
                ),
            ],
        )
        .structure("Empty", StructKind::Struct, vec![]);
    let p = b.build();
    for index in 0..2 {
        let code = view_of(&p, index).render().unwrap();
        syn::parse_file(&code).unwrap_or_else(|e| panic!("{e}\n{code}"));
    }
    let code = view_of(&p, 0).render().unwrap();
    assert!(code.contains("impl ::std::error::Error for Node {}"));
    assert!(!view_of(&p, 1).render().unwrap().contains("Error for"));
}

#[test]
fn args_structs_without_definition() {
    let mut b = ProgramBuilder::new();
    b.file("a");
    let p = b.build();
    let ctx = Context::new(&p);
    let mut s = crate::model::Struct {
        name: field(0, "Calc_add_args", R::Default, base(BaseType::I32)).name,
        kind: StructKind::Struct,
        doc: None,
        fields: vec![
            field(1, "num1", R::Default, base(BaseType::I32)),
            field(2, "w", R::Default, base(BaseType::Double)),
        ],
        annotations: Vec::new(),
    };
    let v = view(&ctx, FileIdx(0), None, &s).unwrap();
    assert_eq!(v.name, "CalcAddArgs");
    assert_eq!(v.derives, "Debug, Clone, PartialEq, Default");
    s.fields.pop();
    let v = view(&ctx, FileIdx(0), None, &s).unwrap();
    assert_eq!(
        v.derives,
        "Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default"
    );
}

#[test]
fn field_named_like_its_local_uses_shorthand() {
    let mut b = ProgramBuilder::new();
    b.file("a").structure(
        "S",
        StructKind::Struct,
        vec![
            field(1, "a", R::Default, base(BaseType::I32)),
            field(2, "f1", R::Optional, base(BaseType::I32)),
        ],
    );
    let p = b.build();
    let v = view_of(&p, 0);
    assert!(
        v.read_result.contains("{ a: f0.unwrap_or_default(), f1, }"),
        "{}",
        v.read_result
    );
}

#[test]
fn defaults_equal_to_type_defaults_derive_default() {
    let mut b = ProgramBuilder::new();
    b.file("a").structure(
        "Work",
        StructKind::Struct,
        vec![
            with_default(
                field(1, "num1", R::Default, base(BaseType::I32)),
                ConstValue::Int(0),
            ),
            with_default(
                field(2, "s", R::Default, base(BaseType::String)),
                ConstValue::String(String::new()),
            ),
        ],
    );
    let p = b.build();
    let v = view_of(&p, 0);
    assert!(v.derives.ends_with("Default"));
    assert!(v.default_fields.is_empty());
    assert!(v.read_result.contains("num1: f0.unwrap_or_default(),"));
}

#[test]
fn only_costly_defaults_are_lazy() {
    let mut b = ProgramBuilder::new();
    let g = b.def_id(0, 0);
    b.file("a")
        .structure(
            "G",
            StructKind::Struct,
            vec![field(1, "val", R::Default, base(BaseType::I32))],
        )
        .structure(
            "S",
            StructKind::Struct,
            vec![
                with_default(
                    field(1, "g", R::Default, Type::Struct(g)),
                    ConstValue::Struct {
                        def: g,
                        fields: vec![(0, ConstValue::Int(3))],
                    },
                ),
                with_default(
                    field(
                        2,
                        "m",
                        R::Default,
                        map(base(BaseType::I32), base(BaseType::I32)),
                    ),
                    ConstValue::Map(vec![(ConstValue::Int(1), ConstValue::Int(2))]),
                ),
            ],
        );
    let p = b.build();
    let v = view_of(&p, 1);
    assert!(
        v.read_result
            .contains("g: f0.or(::std::option::Option::Some(G { val: 3 })),"),
        "{}",
        v.read_result
    );
    assert!(
        v.read_result
            .contains("m: f1.unwrap_or_else(|| ::std::collections::BTreeMap::from("),
        "{}",
        v.read_result
    );
}
