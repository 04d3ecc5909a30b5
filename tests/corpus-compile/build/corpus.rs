//! The shared corpus: where it is, which files must be accepted, and the
//! include directories each project needs (MANIFEST.md, "Include search
//! paths").

use std::path::{Path, PathBuf};

/// Extra include dirs per project, relative to the corpus folder.
pub const INCLUDE_DIRS: &[(&str, &[&str])] = &[
    (
        "thrift",
        &[
            "thrift/test",
            "thrift/lib/rs/test_recursive/src",
            "thrift/lib/rs/test_recursive/src/transit",
            "thrift/lib/rs/test_recursive/src/transit/services",
            "thrift/lib/rs/test_recursive/src/transit/light",
        ],
    ),
    (
        "impala",
        &[
            "impala/common/thrift/hive-1-api",
            "hive-metastore-clients/thrift",
            "impyla/impala/thrift",
        ],
    ),
    ("scribe", &["thrift/contrib"]),
    ("fbthrift", &["fbthrift"]),
];

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
    let project = path.split('/').next().unwrap_or("");
    INCLUDE_DIRS
        .iter()
        .filter(|(p, _)| *p == project)
        .flat_map(|(_, dirs)| dirs.iter().map(|d| corpus.join(d)))
        .collect()
}
