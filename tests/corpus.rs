//! Corpus sweep: every file of `../shared/corpus/EXPECTED.tsv` compiled on
//! its own, checked against its expectation, with no panic and no hang.
//!
//! All failures are collected and reported together at the end.

#[path = "support/corpus.rs"]
mod corpus;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use corpus::{Entry, Expect};
use thriftgen::{Compilation, Options, diagnostics};

/// A file taking longer than this is reported as a hang.
const TIME_BUDGET: Duration = Duration::from_secs(10);

#[test]
fn every_corpus_file_meets_its_expectation() {
    let corpus = corpus::corpus_dir();
    if corpus::skip_without_corpus(&corpus) {
        return;
    }
    let entries = corpus::expected_entries(&corpus).unwrap();
    assert!(entries.len() > 300, "EXPECTED.tsv looks truncated");

    let started = Instant::now();
    let failures = check_all_in_parallel(&corpus, &entries);
    eprintln!(
        "corpus: {} files in {:.2?}, {} failures",
        entries.len(),
        started.elapsed(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} corpus files failed:\n\n{}",
        failures.len(),
        entries.len(),
        failures.join("\n\n")
    );
}

/// Checks the entries on one worker per core; returns failure reports in
/// EXPECTED.tsv order.
fn check_all_in_parallel(corpus: &Path, entries: &[Entry]) -> Vec<String> {
    let workers = thread::available_parallelism().map_or(2, |n| n.get());
    let chunk = entries.len().div_ceil(workers);
    thread::scope(|scope| {
        let handles: Vec<_> = entries
            .chunks(chunk)
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .filter_map(|entry| check_one(corpus, entry).err())
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| handle.join().expect("worker panicked outside catch_unwind"))
            .collect()
    })
}

/// Compiles one file under the time budget and checks its expectation.
fn check_one(corpus: &Path, entry: &Entry) -> Result<(), String> {
    let options = Options {
        inputs: vec![corpus.join(&entry.path)],
        include_dirs: corpus::include_dirs_for(&entry.path)
            .iter()
            .map(|dir| corpus.join(dir))
            .collect(),
        ..Options::default()
    };
    let fail = |why: String| Err(format!("{} ({:?}): {why}", entry.path, entry.expect));
    let compilation = match compile_with_budget(options) {
        Ok(compilation) => compilation,
        Err(why) => return fail(why),
    };
    let verdict = match entry.expect {
        Expect::Accept => check_accepted(&compilation),
        Expect::Reject => check_rejected(&compilation),
        Expect::Either => Ok(()),
    };
    verdict.or_else(fail)
}

/// Runs `compile` on its own thread so a panic or a hang is reported for
/// this file instead of taking down the sweep. A hung thread is left
/// running (it cannot be killed); the sweep goes on.
fn compile_with_budget(options: Options) -> Result<Compilation, String> {
    let (sender, receiver) = mpsc::channel();
    thread::spawn(move || {
        let outcome = catch_unwind(AssertUnwindSafe(|| thriftgen::compile(&options)));
        let _ = sender.send(outcome.map_err(|payload| panic_message(&*payload)));
    });
    match receiver.recv_timeout(TIME_BUDGET) {
        Ok(Ok(compilation)) => Ok(compilation),
        Ok(Err(message)) => Err(format!("PANIC: {message}")),
        Err(mpsc::RecvTimeoutError::Timeout) => Err(format!("HANG: over {TIME_BUDGET:?}")),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err("compile thread died".into()),
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(non-string panic payload)".into())
}

fn check_accepted(compilation: &Compilation) -> Result<(), String> {
    if let Some(first) = compilation.diagnostics.iter().find(|d| d.is_error()) {
        return Err(format!(
            "rejected:\n{}",
            diagnostics::render(&compilation.sources, std::slice::from_ref(first), false)
        ));
    }
    match &compilation.files {
        Some(files) if !files.is_empty() => Ok(()),
        _ => Err("no errors, but no files were generated".into()),
    }
}

/// A rejection needs at least one error, and every error must point into
/// a file: `name:line:col` plus a caret line under the source.
fn check_rejected(compilation: &Compilation) -> Result<(), String> {
    let errors: Vec<_> = compilation
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    if errors.is_empty() {
        return Err("accepted, but should be rejected".into());
    }
    for error in errors {
        let rendered =
            diagnostics::render(&compilation.sources, std::slice::from_ref(error), false);
        let Some(span) = error.span else {
            return Err(format!("error without a source location:\n{rendered}"));
        };
        let (name, line, col) = compilation.sources.location(span);
        let location = format!("{name}:{line}:{col}");
        let has_caret = rendered.lines().any(|l| l.contains('^'));
        if !rendered.contains(&location) || !has_caret {
            return Err(format!(
                "error not rendered with `{location}` and a caret line:\n{rendered}"
            ));
        }
    }
    Ok(())
}
