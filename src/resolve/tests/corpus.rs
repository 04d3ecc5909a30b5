//! Loads and resolves every corpus file on its own, as the baseline ran
//! Apache Thrift, and compares accept/reject with EXPECTED.tsv.

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// Extra include dirs per project, from the "Include search paths" table
/// of MANIFEST.md (relative to the corpus folder).
const INCLUDE_DIRS: &[(&str, &[&str])] = &[
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

fn corpus_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if dir.join("EXPECTED.tsv").is_file() {
        return Some(dir);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "corpus missing at {}",
        dir.display()
    );
    eprintln!("skipping: no corpus at {}", dir.display());
    None
}

#[test]
fn corpus_files_are_accepted_or_rejected_as_expected() {
    let Some(corpus) = corpus_dir() else {
        return;
    };
    let expected = std::fs::read_to_string(corpus.join("EXPECTED.tsv")).expect("readable");
    let mut checked = 0;
    let mut mismatches = Vec::new();
    for line in expected.lines().filter(|l| !l.starts_with('#')) {
        let mut columns = line.split('\t');
        let (Some(path), Some(expect)) = (columns.next(), columns.next()) else {
            continue;
        };
        let project = path.split('/').next().unwrap_or("");
        let include_dirs: Vec<PathBuf> = INCLUDE_DIRS
            .iter()
            .filter(|(p, _)| *p == project)
            .flat_map(|(_, dirs)| dirs.iter().map(|d| corpus.join(d)))
            .collect();
        let (_, diagnostics, _) = super::compile(&[corpus.join(path)], &include_dirs);
        let rejected = diagnostics.iter().any(Diagnostic::is_error);
        checked += 1;
        let ok = match expect {
            "accept" => !rejected,
            "reject" => rejected,
            _ => true,
        };
        if !ok {
            let first = diagnostics
                .iter()
                .find(|d| d.is_error())
                .map(|d| d.message.clone());
            mismatches.push(format!("{path}: expected {expect}, first error: {first:?}"));
        }
    }
    eprintln!(
        "corpus: {} of {checked} files as expected",
        checked - mismatches.len()
    );
    assert!(checked > 0, "EXPECTED.tsv lists no files");
    assert!(
        mismatches.is_empty(),
        "mismatches:\n{}",
        mismatches.join("\n")
    );
}
