//! The code generated for the corpus set (the files this crate compiles,
//! in `OUT_DIR/corpus`) is laid out as rustfmt would lay it out: `rustfmt
//! --edition 2024` changes at most 1% of the lines of each file.

#[path = "../../support/rustfmt_shape.rs"]
mod rustfmt_shape;

use std::io::Write as _;
use std::path::{Path, PathBuf};

#[test]
fn rustfmt_leaves_the_corpus_set_almost_unchanged() {
    let out = Path::new(env!("OUT_DIR"));
    let index = std::fs::read_to_string(out.join("corpus-index.tsv")).unwrap();
    let modules: Vec<&str> = index
        .lines()
        .filter_map(|line| line.split_once('\t'))
        .filter(|(module, _)| !module.starts_with("extra_"))
        .map(|(module, _)| module)
        .collect();
    if modules.is_empty() {
        // The build script fails under CI=true without the corpus.
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: no shared corpus at ../shared/corpus; nothing generated to check"
        );
        return;
    }
    let Some(rustfmt) = rustfmt_shape::rustfmt() else {
        return;
    };
    let root = out.join("corpus");
    let mut files: Vec<PathBuf> = modules
        .iter()
        .flat_map(|module| std::fs::read_dir(root.join(module)).unwrap())
        .map(|f| f.unwrap().path())
        .filter(|f| f.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    let changes = rustfmt_shape::measure(&rustfmt, &files);
    rustfmt_shape::report(
        &format!("corpus set ({} files)", modules.len()),
        &root,
        &changes,
    );
}
