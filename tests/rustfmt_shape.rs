//! Generated code is laid out as rustfmt would lay it out: `rustfmt
//! --edition 2024` changes at most 1% of the lines of each golden file
//! (the corpus-compile crate checks the corpus set the same way).

#[path = "support/rustfmt_shape.rs"]
mod rustfmt_shape;

use std::path::{Path, PathBuf};

#[test]
fn rustfmt_leaves_golden_files_almost_unchanged() {
    let Some(rustfmt) = rustfmt_shape::rustfmt() else {
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .flat_map(|case| std::fs::read_dir(case.unwrap().path().join("expected")).unwrap())
        .map(|f| f.unwrap().path())
        .filter(|f| f.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    assert!(
        files.len() > 10,
        "golden files not found under {}",
        root.display()
    );
    let changes = rustfmt_shape::measure(&rustfmt, &files);
    rustfmt_shape::report("golden files", &root, &changes);
}
