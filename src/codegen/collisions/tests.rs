use super::*;
use crate::codegen::test_support::*;
use crate::model::{BaseType, Program, Requiredness as R};

fn run(p: &Program) -> Vec<Diagnostic> {
    let ctx = Context::new(p);
    let mut diagnostics = Vec::new();
    let ok = check(&ctx, &mut diagnostics);
    assert_eq!(ok, diagnostics.is_empty());
    diagnostics
}

/// The fields of the first struct of a one-file program.
fn first_struct_fields(p: &Program) -> &[crate::model::Field] {
    let Definition::Struct(s) = &p.files[0].definitions[0] else {
        unreachable!()
    };
    &s.fields
}

#[test]
fn fields_equal_after_snake_case_get_distinct_names_in_order() {
    let mut b = ProgramBuilder::new();
    b.file("a").structure(
        "S",
        StructKind::Struct,
        vec![
            field(1, "fooBar", R::Default, base(BaseType::I32)),
            field(2, "foo_bar", R::Default, base(BaseType::I32)),
            field(3, "FooBar", R::Default, base(BaseType::I32)),
        ],
    );
    let p = b.build();
    assert!(run(&p).is_empty());
    assert_eq!(
        ident::field_names(first_struct_fields(&p)),
        ["foo_bar", "foo_bar_2", "foo_bar_3"]
    );
}

#[test]
fn definitions_equal_after_camel_case() {
    let mut b = ProgramBuilder::new();
    b.file("a")
        .structure("my_struct", StructKind::Struct, vec![])
        .enumeration("MyStruct", &[]);
    let p = b.build();
    let d = run(&p);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].span, Some(p.files[0].definitions[1].name().span));
}

#[test]
fn same_name_in_different_modules_is_fine() {
    let mut b = ProgramBuilder::new();
    b.file("a").structure("S", StructKind::Struct, vec![]);
    b.file("b").structure("S", StructKind::Struct, vec![]);
    assert!(run(&b.build()).is_empty());
}

#[test]
fn enum_values_collide_and_values_is_reserved() {
    let mut b = ProgramBuilder::new();
    b.file("a")
        .enumeration("E", &[("fooBar", 1), ("FOO_BAR", 2), ("values", 3)]);
    let d = run(&b.build());
    assert_eq!(d.len(), 2);
    assert!(
        d[1].message.contains("generated list of all values"),
        "{}",
        d[1].message
    );
}

#[test]
fn union_variants_collide() {
    let mut b = ProgramBuilder::new();
    b.file("a").structure(
        "U",
        StructKind::Union,
        vec![
            field(1, "a_b", R::Default, base(BaseType::I32)),
            field(2, "aB", R::Default, base(BaseType::I32)),
        ],
    );
    assert_eq!(run(&b.build()).len(), 1);
}

#[test]
fn keywords_do_not_collide_with_their_raw_forms() {
    let mut b = ProgramBuilder::new();
    b.file("a").structure(
        "S",
        StructKind::Struct,
        vec![
            field(1, "type", R::Default, base(BaseType::I32)),
            field(2, "self", R::Default, base(BaseType::I32)),
            field(3, "self_", R::Default, base(BaseType::I32)),
        ],
    );
    // `self` becomes `self_`, which the third field would also be.
    let p = b.build();
    assert!(run(&p).is_empty());
    assert_eq!(
        ident::field_names(first_struct_fields(&p)),
        ["r#type", "self_", "self_2"]
    );
}
