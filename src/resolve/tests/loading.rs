//! Loading: include search, file order, loading each file once.

use super::run_with;
use crate::model::FileIdx;

#[test]
fn include_found_through_an_include_dir() {
    let run = run_with(
        &[
            (
                "idl/a.thrift",
                "include \"common.thrift\"\nstruct S {\n  1: common.C c\n}\n",
            ),
            ("deps/common.thrift", "struct C {}\n"),
        ],
        &["idl/a.thrift"],
        &["nowhere", "deps"],
    );
    let program = run.program();
    assert_eq!(program.files.len(), 2);
    assert_eq!(program.files[1].stem, "common");
    let expected =
        std::fs::canonicalize(run.dir.path().join("deps/common.thrift")).expect("exists");
    assert_eq!(program.files[1].path, expected);
}

#[test]
fn own_directory_comes_before_include_dirs() {
    let run = run_with(
        &[
            ("a.thrift", "include \"c.thrift\"\nconst i32 X = c.V\n"),
            ("c.thrift", "const i32 V = 1\n"),
            ("deps/c.thrift", "const i32 W = 2\n"),
        ],
        &["a.thrift"],
        &["deps"],
    );
    run.program();
}

#[test]
fn the_same_file_included_twice_is_loaded_once() {
    let run = run_with(
        &[
            (
                "a.thrift",
                "include \"b.thrift\"\ninclude \"sub/../c.thrift\"\n",
            ),
            ("b.thrift", "include \"c.thrift\"\n"),
            ("c.thrift", "struct C {}\n"),
            ("sub/keep.txt", ""),
        ],
        &["a.thrift", "c.thrift"],
        &[],
    );
    let program = run.program();
    let stems: Vec<&str> = program.files.iter().map(|f| f.stem.as_str()).collect();
    assert_eq!(stems, vec!["a", "b", "c"]);
    assert_eq!(run.sources.files().count(), 3);
    assert_eq!(program.files[0].includes, vec![FileIdx(1), FileIdx(2)]);
    assert_eq!(program.roots, vec![FileIdx(0), FileIdx(2)]);
}

#[test]
fn files_are_ordered_inputs_first_each_followed_by_its_includes_depth_first() {
    let run = run_with(
        &[
            ("x.thrift", "include \"y.thrift\"\ninclude \"z.thrift\"\n"),
            ("y.thrift", "include \"w.thrift\"\n"),
            ("z.thrift", ""),
            ("w.thrift", ""),
            ("v.thrift", "include \"z.thrift\"\n"),
        ],
        &["v.thrift", "x.thrift"],
        &[],
    );
    let program = run.program();
    let stems: Vec<&str> = program.files.iter().map(|f| f.stem.as_str()).collect();
    assert_eq!(stems, vec!["v", "z", "x", "y", "w"]);
    assert_eq!(program.roots, vec![FileIdx(0), FileIdx(2)]);
}

#[test]
fn stems_drop_only_the_thrift_extension() {
    use crate::resolve::loader::stem_of;
    use std::path::Path;
    assert_eq!(
        stem_of(Path::new("../x/registry-api.thrift")),
        "registry-api"
    );
    assert_eq!(stem_of(Path::new("my.api.thrift")), "my.api");
    assert_eq!(stem_of(Path::new("noext")), "noext");
}

#[test]
fn a_stem_with_dots_qualifies_names() {
    let run = run_with(
        &[
            (
                "a.thrift",
                "include \"my.api.thrift\"\nconst i32 X = my.api.V\n",
            ),
            ("my.api.thrift", "const i32 V = 3\n"),
        ],
        &["a.thrift"],
        &[],
    );
    let program = run.program();
    assert_eq!(program.files[1].stem, "my.api");
    assert_eq!(
        super::const_value(program, "X"),
        &crate::model::ConstValue::Int(3)
    );
}

#[test]
fn an_included_file_that_does_not_parse_reports_its_errors() {
    let run = run_with(
        &[
            ("a.thrift", "include \"b.thrift\"\nstruct S {}\n"),
            ("b.thrift", "struct {\n"),
        ],
        &["a.thrift"],
        &[],
    );
    let errors = run.errors();
    assert!(!errors.is_empty());
    assert!(errors.iter().all(|e| e.0 == "b.thrift"), "{errors:?}");
    assert!(run.program.is_none());
}

// The loader parses the files it expects to visit ahead, in parallel
// (`loader::prefetch`); these check a wrong guess changes nothing.

#[test]
fn a_guess_gone_wrong_still_loads_files_in_walk_order_with_their_spans() {
    // b.thrift's include is guessed but b does not parse, so the walk never
    // reaches c.thrift through it: d.thrift gets the id c was parsed with
    // ahead, and c (reached later) another.
    let run = run_with(
        &[
            (
                "a.thrift",
                "include \"b.thrift\"\ninclude \"d.thrift\"\ninclude \"c.thrift\"\n",
            ),
            ("b.thrift", "include \"c.thrift\"\nstruct {\n"),
            ("c.thrift", "struct C {}\n"),
            ("d.thrift", "struct D {\n  1: i32 x\n}\nstruct {\n"),
        ],
        &["a.thrift"],
        &[],
    );
    let errors = run.errors();
    let files: Vec<&str> = errors.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(files, vec!["b.thrift", "d.thrift"], "{errors:?}");
    let names: Vec<&str> = run
        .sources
        .files()
        .map(|(_, f)| f.display_name.rsplit('/').next().unwrap_or(""))
        .collect();
    assert_eq!(names, vec!["a.thrift", "b.thrift", "d.thrift", "c.thrift"]);
}

#[test]
fn includes_after_a_definition_are_followed_without_a_guess() {
    let run = run_with(
        &[
            (
                "a.thrift",
                "struct A {}\ninclude \"b.thrift\"\nconst i32 X = b.V\n",
            ),
            ("b.thrift", "/* c */ namespace * b # x\n;const i32 V = 3\n"),
        ],
        &["a.thrift"],
        &[],
    );
    let program = run.program();
    assert_eq!(program.files.len(), 2);
}
