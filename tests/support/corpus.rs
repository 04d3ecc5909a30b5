//! Where the shared real-world corpus lives and how to compile its files.
//!
//! Shared by `tests/corpus.rs`, `benches/compile_speed.rs` and the
//! `tests/corpus-compile` build script (each includes it with `#[path]`), so
//! the include-path table exists once.

#![allow(dead_code)] // each including target uses a different subset

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// `../shared/corpus` next to this worktree (read-only, never copied in).
pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")
}

/// What EXPECTED.tsv says the compiler must do with a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    Accept,
    Reject,
    /// Dialect files: accepting and rejecting are both fine.
    Either,
}

#[derive(Debug, Clone)]
pub struct Entry {
    /// Path relative to the corpus folder, as written in EXPECTED.tsv.
    pub path: String,
    pub expect: Expect,
}

/// The rows of `EXPECTED.tsv` (header skipped). Errors name the bad line.
pub fn expected_entries(corpus: &Path) -> Result<Vec<Entry>, String> {
    let tsv = corpus.join("EXPECTED.tsv");
    let text = std::fs::read_to_string(&tsv).map_err(|e| format!("{}: {e}", tsv.display()))?;
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let mut columns = line.split('\t');
            let path = columns.next().unwrap_or_default().to_string();
            let expect = match columns.next() {
                Some("accept") => Expect::Accept,
                Some("reject") => Expect::Reject,
                Some("either") => Expect::Either,
                other => {
                    return Err(format!(
                        "EXPECTED.tsv: bad expectation {other:?} in {line:?}"
                    ));
                }
            };
            Ok(Entry { path, expect })
        })
        .collect()
}

/// Extra `-I` directories for a corpus file, relative to the corpus folder.
///
/// This is the "Include search paths" table of `../shared/corpus/MANIFEST.md`
/// (also used by BASELINE.md's Apache runs); keep the two in step.
pub fn include_dirs_for(path: &str) -> &'static [&'static str] {
    let project = path.split('/').next().unwrap_or_default();
    match project {
        "thrift" => &[
            "thrift/test",
            "thrift/lib/rs/test_recursive/src",
            "thrift/lib/rs/test_recursive/src/transit",
            "thrift/lib/rs/test_recursive/src/transit/services",
            "thrift/lib/rs/test_recursive/src/transit/light",
        ],
        "impala" => &[
            "impala/common/thrift/hive-1-api",
            "hive-metastore-clients/thrift",
            "impyla/impala/thrift",
        ],
        "scribe" => &["thrift/contrib"],
        "fbthrift" => &["fbthrift"],
        _ => &[],
    }
}

/// True when shared data is missing and the caller should skip: prints why.
/// Under `CI=true` a missing corpus is a failure, not a skip.
pub fn skip_without_corpus(corpus: &Path) -> bool {
    if corpus.join("EXPECTED.tsv").is_file() {
        return false;
    }
    let message = format!("corpus not found at {}", corpus.display());
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{message} (required under CI=true)"
    );
    // Straight to stderr: libtest captures `eprintln!` of passing tests.
    let _ = writeln!(std::io::stderr(), "SKIPPED: {message}");
    true
}
