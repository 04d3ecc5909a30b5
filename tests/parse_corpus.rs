//! Every file of the shared corpus parses (parse only: includes are not
//! followed), except the fbthrift dialect files and the Scrooge constant
//! file the corpus marks as dialect input.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use thriftgen::SourceMap;
use thriftgen::parse::parse_document;

/// Files that may fail to parse: other tools' dialects.
fn may_fail(relative: &str) -> bool {
    relative.starts_with("fbthrift/")
        || relative == "scrooge/scrooge-generator-tests/src/test/thrift/standalone/const.thrift"
}

/// Files whose only errors are value checks done while parsing.
const EXPECTED_ERRORS: &[(&str, &str)] = &[(
    "thrift/test/BrokenConstants.thrift",
    "integer literal out of range for i64",
)];

fn corpus_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("shared corpus missing at {}", dir.display());
    }
    // Straight to stderr: libtest captures `eprintln!` of passing tests.
    let _ = writeln!(
        std::io::stderr(),
        "skipping: shared corpus not found at {}",
        dir.display()
    );
    None
}

fn thrift_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("read corpus dir")
        .map(|e| e.expect("dir entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            thrift_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "thrift") {
            out.push(path);
        }
    }
}

#[test]
fn every_corpus_file_parses() {
    let Some(dir) = corpus_dir() else { return };
    let mut files = Vec::new();
    thrift_files(&dir, &mut files);
    assert!(files.len() >= 398, "corpus has {} files", files.len());

    let mut sources = SourceMap::new();
    let mut inputs = Vec::new();
    for path in &files {
        let relative = path
            .strip_prefix(&dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let bytes = std::fs::read(path).expect("read corpus file");
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let id = sources.add(path.clone(), relative.clone(), text);
        inputs.push((relative, id));
    }

    let start = Instant::now();
    let mut failures = Vec::new();
    let mut parsed = 0;
    for (relative, id) in &inputs {
        let mut diagnostics = Vec::new();
        let document = parse_document(*id, &sources.get(*id).text, &mut diagnostics);
        let errors: Vec<_> = diagnostics.iter().filter(|d| d.is_error()).collect();
        if let Some((_, message)) = EXPECTED_ERRORS.iter().find(|(f, _)| f == relative) {
            assert!(
                !errors.is_empty() && errors.iter().all(|d| d.message == *message),
                "{relative}: expected only `{message}` errors, got {errors:#?}"
            );
            continue;
        }
        if document.is_some() && errors.is_empty() {
            parsed += 1;
        } else if !may_fail(relative) {
            failures.push(thriftgen::diagnostics::render(
                &sources,
                &diagnostics,
                false,
            ));
        }
    }
    let elapsed = start.elapsed();
    eprintln!(
        "parsed {parsed} of {} corpus files without error in {elapsed:?}",
        inputs.len()
    );
    assert!(
        failures.is_empty(),
        "{} files failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
