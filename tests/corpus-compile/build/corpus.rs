//! The shared corpus: where it is, which files must be accepted, and the
//! include directories each project needs (MANIFEST.md, "Include search
//! paths").

use std::path::{Path, PathBuf};

/// The include-path table, kept once for every corpus harness.
#[path = "../../support/corpus.rs"]
mod shared;

/// The corpus folder beside the repository (`../shared/corpus` from the
/// repository root), if it is there.
pub fn locate(package_dir: &Path) -> Option<PathBuf> {
    let dir = package_dir.join("../../../shared/corpus");
    dir.join("EXPECTED.tsv").is_file().then_some(dir)
}

/// The paths EXPECTED.tsv marks `accept`, in file order.
pub fn accepted(expected_tsv: &str) -> Vec<String> {
    expected_tsv
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let mut columns = line.split('\t');
            let path = columns.next()?;
            (columns.next()? == "accept").then(|| path.to_owned())
        })
        .collect()
}

/// The include dirs for one corpus path (its project is the first segment).
pub fn include_dirs(corpus: &Path, path: &str) -> Vec<PathBuf> {
    shared::include_dirs_for(path)
        .iter()
        .map(|dir| corpus.join(dir))
        .collect()
}
