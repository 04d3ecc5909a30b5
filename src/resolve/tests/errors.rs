//! One test per resolver diagnostic: file, line, column and message.

use super::{run, run_with};

#[test]
fn unknown_type() {
    let run = run("struct S {\n  1: Foo a\n}\n");
    run.assert_error("a.thrift", 2, 6, "unknown type `Foo`");
}

#[test]
fn unknown_type_suggests_a_name_differing_in_case() {
    let run = run("struct Foo {}\nstruct S {\n  1: foo a\n}\n");
    let d = run.assert_error("a.thrift", 3, 6, "unknown type `foo`");
    assert_eq!(d.notes, vec!["help: a type named `Foo` exists".to_string()]);
}

#[test]
fn constant_used_as_type() {
    let run = run("const i32 C = 1\nstruct S {\n  1: C a\n}\n");
    run.assert_error("a.thrift", 3, 6, "`C` is a constant, not a type");
}

#[test]
fn duplicate_definition() {
    let run = run("struct A {}\nenum A {}\n");
    let d = run.assert_error("a.thrift", 2, 6, "`A` is defined more than once");
    run.assert_related(d, 1, 8, "first defined here");
}

#[test]
fn duplicate_field_id() {
    let run = run("struct S {\n  1: i32 a\n  1: i32 b\n}\n");
    let d = run.assert_error("a.thrift", 3, 3, "duplicate field id 1 in struct `S`");
    run.assert_related(d, 2, 3, "first defined here");
}

#[test]
fn duplicate_field_name() {
    let run = run("struct S {\n  1: i32 a\n  2: i32 a\n}\n");
    let d = run.assert_error("a.thrift", 3, 10, "duplicate field name `a` in struct `S`");
    run.assert_related(d, 2, 10, "first defined here");
}

#[test]
fn duplicate_argument_id() {
    let run = run("service S {\n  void f(1: i32 a, 1: i32 b)\n}\n");
    let d = run.assert_error(
        "a.thrift",
        2,
        20,
        "duplicate field id 1 in the arguments of `f`",
    );
    run.assert_related(d, 2, 10, "first defined here");
}

#[test]
fn field_id_outside_i16() {
    let run = run("struct S {\n  40000: i32 a\n}\n");
    run.assert_error("a.thrift", 2, 3, "field id 40000 does not fit in i16");
}

#[test]
fn duplicate_enum_value_name() {
    let run = run("enum E {\n  A,\n  A\n}\n");
    let d = run.assert_error(
        "a.thrift",
        3,
        3,
        "enum `E` has more than one value named `A`",
    );
    run.assert_related(d, 2, 3, "first defined here");
}

#[test]
fn enum_value_outside_i32() {
    let run = run("enum E {\n  A = 2147483648\n}\n");
    run.assert_error(
        "a.thrift",
        2,
        7,
        "enum value `A` = 2147483648 does not fit in i32",
    );
}

#[test]
fn implicit_enum_value_overflowing_i32() {
    let run = run("enum E {\n  A = 2147483647,\n  B\n}\n");
    run.assert_error(
        "a.thrift",
        3,
        3,
        "enum value `B` = 2147483648 does not fit in i32",
    );
}

#[test]
fn duplicate_method() {
    let run = run("service S {\n  void f()\n  void f()\n}\n");
    let d = run.assert_error(
        "a.thrift",
        3,
        8,
        "method `f` is defined more than once in service `S`",
    );
    run.assert_related(d, 2, 8, "first defined here");
}

#[test]
fn duplicate_method_inherited_through_extends() {
    let run = run("service B {\n  void f()\n}\nservice S extends B {\n  i32 f()\n}\n");
    let d = run.assert_error(
        "a.thrift",
        5,
        7,
        "method `f` of service `S` is already defined in service `B` it extends",
    );
    run.assert_related(d, 2, 8, "first defined here");
}

#[test]
fn duplicate_method_inherited_across_files_and_levels() {
    let run = run_with(
        &[
            ("base.thrift", "service Root {\n  void ping()\n}\n"),
            (
                "a.thrift",
                "include \"base.thrift\"\nservice Mid extends base.Root {}\nservice Leaf extends Mid {\n  void ping()\n}\n",
            ),
        ],
        &["a.thrift"],
        &[],
    );
    run.assert_error(
        "a.thrift",
        4,
        8,
        "method `ping` of service `Leaf` is already defined in service `Root` it extends",
    );
}

#[test]
fn include_not_found() {
    let run = run("include \"missing.thrift\"\n");
    let d = run.assert_error(
        "a.thrift",
        1,
        1,
        "cannot find included file `missing.thrift`",
    );
    let dir = run.dir.path().display().to_string();
    assert_eq!(d.notes, vec![format!("looked in: {dir}")]);
}

#[test]
fn include_not_found_lists_include_dirs() {
    let run = run_with(
        &[
            ("a.thrift", "include \"x.thrift\"\n"),
            ("inc/other.thrift", ""),
        ],
        &["a.thrift"],
        &["inc"],
    );
    let d = run.assert_error("a.thrift", 1, 1, "cannot find included file `x.thrift`");
    let dir = run.dir.path();
    let looked = format!(
        "looked in: {}, {}",
        dir.display(),
        dir.join("inc").display()
    );
    assert_eq!(d.notes, vec![looked]);
}

#[test]
fn include_cycle() {
    let run = run_with(
        &[
            ("a.thrift", "include \"b.thrift\"\n"),
            ("b.thrift", "\ninclude \"a.thrift\"\n"),
        ],
        &["a.thrift"],
        &[],
    );
    let a = run.dir.path().join("a.thrift").display().to_string();
    let b = run.dir.path().join("b.thrift").display().to_string();
    run.assert_error(
        "b.thrift",
        2,
        1,
        &format!("include cycle: {a} -> {b} -> {a}"),
    );
}

#[test]
fn unreadable_input() {
    let run = run_with(&[], &["nope.thrift"], &[]);
    let errors = run.errors();
    assert_eq!(errors.len(), 1);
    let path = run.dir.path().join("nope.thrift").display().to_string();
    assert!(
        errors[0].3.starts_with(&format!("cannot read `{path}`: ")),
        "{errors:?}"
    );
}

#[test]
fn non_utf8_input() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bad.thrift");
    std::fs::write(&path, b"const string S = \"\xff\"\n").expect("write");
    let (_, diagnostics, program) = super::compile(std::slice::from_ref(&path), &[]);
    assert!(program.is_none());
    let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
    let expected = format!(
        "cannot read `{}`: not valid UTF-8 (invalid byte at offset 18)",
        path.display()
    );
    assert_eq!(messages, vec![expected.as_str()]);
}

#[test]
fn typedef_cycle() {
    let run = run("typedef B A\ntypedef A B\n");
    run.assert_error("a.thrift", 1, 11, "typedef cycle: A -> B -> A");
}

#[test]
fn typedef_cycle_through_a_container() {
    let run = run("typedef list<A> A\n");
    run.assert_error("a.thrift", 1, 17, "typedef cycle: A -> A");
}

#[test]
fn constant_of_the_wrong_type() {
    let run = run("const i32 X = \"s\"\n");
    run.assert_error(
        "a.thrift",
        1,
        15,
        "expected a value of type i32, found a string",
    );
}

#[test]
fn constant_out_of_range() {
    let run = run("const i8 X = 300\n");
    run.assert_error("a.thrift", 1, 14, "300 is out of range for i8");
}

#[test]
fn nested_element_of_the_wrong_type() {
    let run = run("const map<string, list<i16>> M = {\"a\": [1, 70000]}\n");
    run.assert_error("a.thrift", 1, 44, "70000 is out of range for i16");
}

#[test]
fn field_default_of_the_wrong_type() {
    let run = run("struct S {\n  1: bool b = 2\n}\n");
    run.assert_error(
        "a.thrift",
        2,
        15,
        "expected a value of type bool, found the integer 2",
    );
}

#[test]
fn invalid_uuid_constant() {
    let run = run("const uuid U = \"not-a-uuid\"\n");
    run.assert_error("a.thrift", 1, 16, "\"not-a-uuid\" is not a valid UUID");
}

#[test]
fn unknown_enum_value() {
    let run = run("enum E { A }\nconst E X = E.B\n");
    run.assert_error("a.thrift", 2, 13, "enum `E` has no value named `B`");
}

#[test]
fn enum_constant_from_an_integer_naming_no_value() {
    let run = run("enum E { A = 1 }\nconst E X = 5\n");
    run.assert_error("a.thrift", 2, 13, "enum `E` has no value numbered 5");
}

#[test]
fn unknown_constant() {
    let run = run("const i32 X = NOPE\n");
    run.assert_error("a.thrift", 1, 15, "unknown constant `NOPE`");
}

#[test]
fn unknown_field_in_struct_constant() {
    let run = run("struct S {\n  1: i32 a\n}\nconst S X = {\"a\": 1, \"b\": 2}\n");
    run.assert_error("a.thrift", 4, 22, "`S` has no field `b`");
}

#[test]
fn self_referential_constant() {
    let run = run("const i32 A = A\n");
    run.assert_error("a.thrift", 1, 15, "constant cycle: A -> A");
}

#[test]
fn constant_reference_checked_at_the_type_of_use() {
    let run = run("const i32 A = 300\nconst i8 B = A\n");
    let d = run.assert_error("a.thrift", 1, 15, "300 is out of range for i8");
    run.assert_related(d, 2, 14, "`A` used here as i8");
}

#[test]
fn oneway_with_a_non_void_return() {
    let run = run("service S {\n  oneway i32 f()\n}\n");
    run.assert_error("a.thrift", 2, 10, "oneway method `f` must return void");
}

#[test]
fn oneway_with_throws() {
    let run = run("exception X {}\nservice S {\n  oneway void f() throws (1: X e)\n}\n");
    run.assert_error(
        "a.thrift",
        3,
        27,
        "oneway method `f` cannot throw exceptions",
    );
}

#[test]
fn throws_of_a_non_exception() {
    let run = run("struct X {}\nservice S {\n  void f() throws (1: X e)\n}\n");
    run.assert_error("a.thrift", 3, 23, "`X` is not an exception");
}

#[test]
fn extends_of_an_unknown_name() {
    let run = run("service S extends Nope {}\n");
    run.assert_error("a.thrift", 1, 19, "unknown service `Nope`");
}

#[test]
fn extends_of_a_non_service() {
    let run = run("struct B {}\nservice S extends B {}\n");
    run.assert_error("a.thrift", 2, 19, "`B` is not a service");
}

#[test]
fn extends_cycle() {
    let run = run("service A extends B {}\nservice B extends A {}\n");
    let errors = run.errors();
    assert_eq!(
        errors,
        vec![
            (
                "a.thrift".into(),
                1,
                9,
                "service inheritance cycle: A -> B -> A".into()
            ),
            (
                "a.thrift".into(),
                2,
                9,
                "service inheritance cycle: B -> A -> B".into()
            ),
        ]
    );
}

#[test]
fn names_of_a_file_included_only_indirectly_are_not_visible() {
    let run = run_with(
        &[
            ("c.thrift", "struct C {}\n"),
            ("b.thrift", "include \"c.thrift\"\n"),
            (
                "a.thrift",
                "include \"b.thrift\"\nstruct S {\n  1: c.C x\n}\n",
            ),
        ],
        &["a.thrift"],
        &[],
    );
    run.assert_error("a.thrift", 3, 6, "unknown type `c.C`");
}

#[test]
fn many_errors_are_reported_in_one_run() {
    let run = run("struct S {\n  1: Foo a\n  2: Bar b\n}\nconst i8 X = 300\n");
    assert_eq!(run.errors().len(), 3, "{:?}", run.errors());
}

#[test]
fn unknown_type_suggests_qualifying_an_included_name() {
    let run = run_with(
        &[
            ("b.thrift", "struct Thing {}\n"),
            (
                "a.thrift",
                "include \"b.thrift\"\nstruct S {\n  1: Thing t\n}\n",
            ),
        ],
        &["a.thrift"],
        &[],
    );
    let d = run.assert_error("a.thrift", 3, 6, "unknown type `Thing`");
    assert_eq!(d.notes, vec!["help: did you mean `b.Thing`?".to_string()]);
}

#[test]
fn bare_enum_value_name_suggests_qualifying_it() {
    let run = run("enum Day { MON, TUE }\nconst Day D = TUE\n");
    let d = run.assert_error("a.thrift", 2, 15, "unknown constant `TUE`");
    assert_eq!(d.notes, vec!["help: write `Day.TUE`".to_string()]);
}
