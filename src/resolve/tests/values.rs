//! Programs that resolve: the model values they produce.

use super::{const_value, def, def_in, id_of, run, run_with};
use crate::ast::BaseType;
use crate::model::{ConstValue as V, Definition, Requiredness, Type};

#[test]
fn forward_references_to_types_and_constants() {
    let run = run(
        "const i32 A = B\nstruct S {\n  1: T t\n  2: i32 n = A\n}\nconst i32 B = 7\nstruct T {}\n",
    );
    let program = run.program();
    assert_eq!(const_value(program, "A"), &V::Int(7));
    let Definition::Struct(s) = def(program, "S") else {
        panic!("S is a struct")
    };
    assert_eq!(s.fields[0].ty, Type::Struct(id_of(program, 0, "T")));
    assert_eq!(s.fields[1].default, Some(V::Int(7)));
}

#[test]
fn typedef_chains_resolve_to_the_innermost_type() {
    let run = run(
        "typedef i32 A\ntypedef A B\ntypedef B C\nconst C X = 5\nstruct S {\n  1: C c = X\n}\n",
    );
    let program = run.program();
    let c = id_of(program, 0, "C");
    let Definition::Const(x) = def(program, "X") else {
        panic!("X is a constant")
    };
    assert_eq!(x.ty, Type::Typedef(c));
    assert_eq!(program.unalias(&x.ty), &Type::Base(BaseType::I32));
    assert_eq!(x.value, V::Int(5));
    let Definition::Struct(s) = def(program, "S") else {
        panic!("S is a struct")
    };
    assert_eq!(s.fields[0].default, Some(V::Int(5)));
}

#[test]
fn qualified_names_across_includes() {
    let run = run_with(
        &[
            (
                "lib/shared.thrift",
                "enum Color { RED, GREEN = 5, BLUE }\nconst i32 LIMIT = 10\nstruct Point {\n  1: i32 x\n}\n",
            ),
            (
                "a.thrift",
                "include \"lib/shared.thrift\"\nconst shared.Color C = shared.Color.BLUE\nconst i64 L = shared.LIMIT\nstruct S {\n  1: shared.Point p\n  2: list<shared.Color> cs = [shared.Color.RED, 5]\n}\n",
            ),
        ],
        &["a.thrift"],
        &[],
    );
    let program = run.program();
    assert_eq!(program.files.len(), 2);
    assert_eq!(program.files[1].stem, "shared");
    assert_eq!(program.files[0].includes, vec![crate::model::FileIdx(1)]);
    let color = id_of(program, 1, "Color");
    let blue = V::Enum {
        def: color,
        value: 6,
        variant: Some(2),
    };
    assert_eq!(const_value(program, "C"), &blue);
    assert_eq!(const_value(program, "L"), &V::Int(10));
    let Definition::Struct(s) = def(program, "S") else {
        panic!("S is a struct")
    };
    assert_eq!(s.fields[0].ty, Type::Struct(id_of(program, 1, "Point")));
    let red = V::Enum {
        def: color,
        value: 0,
        variant: Some(0),
    };
    let green = V::Enum {
        def: color,
        value: 5,
        variant: Some(1),
    };
    assert_eq!(s.fields[1].default, Some(V::List(vec![red, green])));
}

#[test]
fn struct_valued_and_nested_container_constants() {
    let run = run(concat!(
        "enum E { A, B }\n",
        "struct Inner {\n  1: string name\n  2: optional double weight\n}\n",
        "struct Outer {\n  1: Inner inner\n  2: map<string, set<i16>> tags\n  3: E e\n}\n",
        "const Outer O = {\"tags\": {\"x\": [1, 2]}, \"inner\": {\"name\": \"n\", \"weight\": 3}, \"e\": E.B}\n",
        "const list<map<i32, bool>> L = [{1: true, 2: 0}, {}]\n",
    ));
    let program = run.program();
    let outer = id_of(program, 0, "Outer");
    let inner = id_of(program, 0, "Inner");
    let e = id_of(program, 0, "E");
    let expected = V::Struct {
        def: outer,
        fields: vec![
            (
                1,
                V::Map(vec![(
                    V::String("x".into()),
                    V::Set(vec![V::Int(1), V::Int(2)]),
                )]),
            ),
            (
                0,
                V::Struct {
                    def: inner,
                    fields: vec![(0, V::String("n".into())), (1, V::Double(3.0))],
                },
            ),
            (
                2,
                V::Enum {
                    def: e,
                    value: 1,
                    variant: Some(1),
                },
            ),
        ],
    };
    assert_eq!(const_value(program, "O"), &expected);
    let expected_list = V::List(vec![
        V::Map(vec![
            (V::Int(1), V::Bool(true)),
            (V::Int(2), V::Bool(false)),
        ]),
        V::Map(vec![]),
    ]);
    assert_eq!(const_value(program, "L"), &expected_list);
}

#[test]
fn constant_references_are_copied_and_converted() {
    let run = run("const i32 I = 2\nconst double D = I\nconst list<double> L = [I, D, 1.5]\n");
    let program = run.program();
    assert_eq!(const_value(program, "D"), &V::Double(2.0));
    assert_eq!(
        const_value(program, "L"),
        &V::List(vec![V::Double(2.0), V::Double(2.0), V::Double(1.5)])
    );
}

#[test]
fn enums_are_numbered_from_zero_and_after_explicit_values() {
    let run = run("enum E {\n  A,\n  B = 10,\n  C,\n  D = -3,\n  F\n}\n");
    let program = run.program();
    let Definition::Enum(e) = def(program, "E") else {
        panic!("E is an enum")
    };
    let numbers: Vec<(&str, i32)> = e
        .values
        .iter()
        .map(|v| (v.name.idl.as_str(), v.value))
        .collect();
    assert_eq!(
        numbers,
        vec![("A", 0), ("B", 10), ("C", 11), ("D", -3), ("F", -2)]
    );
}

#[test]
fn duplicate_enum_numbers_are_accepted_as_in_apache() {
    let run = run("enum E { A = 1, B = 1 }\nconst E X = 1\nconst E Y = E.B\n");
    let program = run.program();
    let e = id_of(program, 0, "E");
    // A number means its first name; a name means itself.
    let x = V::Enum {
        def: e,
        value: 1,
        variant: Some(0),
    };
    let y = V::Enum {
        def: e,
        value: 1,
        variant: Some(1),
    };
    assert_eq!(const_value(program, "X"), &x);
    assert_eq!(const_value(program, "Y"), &y);
}

#[test]
fn missing_and_non_positive_field_ids_are_numbered_negatively() {
    let run = run("struct S {\n  i32 a\n  5: required i32 b\n  i32 c\n  0: optional i32 d\n}\n");
    let program = run.program();
    let Definition::Struct(s) = def(program, "S") else {
        panic!("S is a struct")
    };
    let ids: Vec<i16> = s.fields.iter().map(|f| f.id).collect();
    assert_eq!(ids, vec![-1, 5, -2, -3]);
    assert_eq!(s.fields[1].requiredness, Requiredness::Required);
    // The non-positive id is a warning, not an error.
    assert!(run.diagnostics.iter().any(|d| !d.is_error()
        && d.message == "field id 0 is not positive; numbering `d` as if it had no id"));
}

#[test]
fn base_type_conversions() {
    let run = run(concat!(
        "const bool T = 1\nconst bool F = false\nconst double D = -4\n",
        "const binary B = \"bytes\"\nconst i64 BIG = -9223372036854775808\n",
        "const i8 ONE = true\n",
        "const uuid U = \"{00112233-4455-6677-8899-AABBCCDDEEFF}\"\n",
    ));
    let program = run.program();
    assert_eq!(const_value(program, "T"), &V::Bool(true));
    assert_eq!(const_value(program, "F"), &V::Bool(false));
    assert_eq!(const_value(program, "D"), &V::Double(-4.0));
    assert_eq!(const_value(program, "B"), &V::String("bytes".into()));
    assert_eq!(const_value(program, "BIG"), &V::Int(i64::MIN));
    assert_eq!(const_value(program, "ONE"), &V::Int(1));
    assert_eq!(
        const_value(program, "U"),
        &V::Uuid("00112233-4455-6677-8899-aabbccddeeff".into())
    );
}

#[test]
fn senum_is_a_typedef_of_string() {
    let run = run("senum S { \"a\", \"b\" }\n");
    let program = run.program();
    let Definition::Typedef(t) = def(program, "S") else {
        panic!("S is a typedef")
    };
    assert_eq!(t.target, Type::Base(BaseType::String));
}

#[test]
fn services_extend_across_files_and_throw_exceptions() {
    let run = run_with(
        &[
            (
                "base.thrift",
                "exception Oops {\n  1: string why\n}\nservice Base {\n  void ping()\n}\n",
            ),
            (
                "a.thrift",
                "include \"base.thrift\"\ntypedef base.Oops Alias\nservice S extends base.Base {\n  oneway void fire(1: i32 n)\n  i32 get() throws (1: base.Oops e, 2: Alias f)\n}\n",
            ),
        ],
        &["a.thrift"],
        &[],
    );
    let program = run.program();
    let s = id_of(program, 0, "S");
    let base = id_of(program, 1, "Base");
    assert_eq!(program.ancestors(s), vec![base]);
    let Definition::Service(service) = def(program, "S") else {
        panic!("S is a service")
    };
    assert!(service.functions[0].oneway);
    assert_eq!(
        service.functions[1].returns,
        Some(Type::Base(BaseType::I32))
    );
    assert_eq!(
        service.functions[1].throws[0].ty,
        Type::Struct(id_of(program, 1, "Oops"))
    );
    assert!(matches!(def_in(program, 1, "Oops"), Definition::Struct(_)));
}

#[test]
fn namespaces_and_annotations_are_kept() {
    let run =
        run("namespace rs my.crate\nstruct S {\n  1: i32 a (bare, k = \"v\")\n} (x = \"y\")\n");
    let program = run.program();
    let file = &program.files[0];
    assert_eq!(file.namespaces[0].scope, "rs");
    assert_eq!(file.namespaces[0].name, "my.crate");
    let Definition::Struct(s) = def(program, "S") else {
        panic!("S is a struct")
    };
    let field: Vec<(&str, &str)> = s.fields[0]
        .annotations
        .iter()
        .map(|a| (a.key.as_str(), a.value.as_str()))
        .collect();
    assert_eq!(field, vec![("bare", "1"), ("k", "v")]);
    assert_eq!(s.annotations[0].key, "x");
}

#[test]
fn enum_values_are_read_by_their_last_part_as_apache_does() {
    let run = run_with(
        &[
            ("types.thrift", "enum Kind { OLD, NEW }\n"),
            (
                "a.thrift",
                "include \"types.thrift\"\nenum Other { NEW }\nstruct S {\n  1: types.Kind a = Kind.NEW\n  2: types.Kind b = Other.NEW\n}\n",
            ),
        ],
        &["a.thrift"],
        &[],
    );
    let program = run.program();
    let kind = id_of(program, 1, "Kind");
    let new = V::Enum {
        def: kind,
        value: 1,
        variant: Some(1),
    };
    let Definition::Struct(s) = def(program, "S") else {
        panic!("S is a struct")
    };
    assert_eq!(s.fields[0].default, Some(new.clone()));
    assert_eq!(s.fields[1].default, Some(new));
    // Only the name that plainly means another enum is warned about.
    let warnings: Vec<&str> = run
        .diagnostics
        .iter()
        .filter(|d| !d.is_error())
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        warnings,
        vec!["`Other.NEW` is read as `Kind.NEW`, as Apache Thrift does"]
    );
}
