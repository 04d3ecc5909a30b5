//! How much of generated code `rustfmt --edition 2024` (default
//! configuration) would change: files are copied to a scratch directory,
//! formatted there, and compared line by line with the originals.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The share of a file's lines rustfmt may change.
pub const MAX_CHANGED: f64 = 0.01;

/// The rustfmt to run (`$RUSTFMT` or `rustfmt`), or `None` (with a
/// message on stderr) when it is not installed. Under `CI=true` a
/// missing rustfmt is a failure.
pub fn rustfmt() -> Option<String> {
    let program = std::env::var("RUSTFMT").unwrap_or_else(|_| "rustfmt".into());
    let found = Command::new(&program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        return Some(program);
    }
    let message = format!("`{program}` is not installed (rustup component add rustfmt)");
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{message} (required under CI=true)"
    );
    // Straight to stderr: libtest captures `eprintln!` of passing tests.
    let _ = writeln!(std::io::stderr(), "SKIPPED: {message}");
    None
}

/// What rustfmt changes in one file.
#[derive(Debug)]
pub struct Changes {
    pub file: PathBuf,
    pub lines: usize,
    /// Lines rustfmt removes or adds, whichever is more: the lines of the
    /// file that are not laid out as rustfmt would.
    pub changed: usize,
}

/// Formats copies of `files` with `rustfmt` and counts changed lines.
pub fn measure(rustfmt: &str, files: &[PathBuf]) -> Vec<Changes> {
    let scratch = tempfile::tempdir().unwrap();
    let copies: Vec<PathBuf> = files
        .iter()
        .enumerate()
        .map(|(i, file)| {
            // One directory per file: `mod` declarations find nothing to
            // follow, so each file is formatted once, on its own.
            let dir = scratch.path().join(i.to_string());
            std::fs::create_dir(&dir).unwrap();
            let copy = dir.join(file.file_name().unwrap());
            std::fs::copy(file, &copy).unwrap();
            copy
        })
        .collect();
    for chunk in copies.chunks(64) {
        let output = Command::new(rustfmt)
            .args(["--edition", "2024"])
            .args(chunk)
            .output()
            .expect("rustfmt runs");
        assert!(
            output.status.success(),
            "rustfmt failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    files
        .iter()
        .zip(&copies)
        .map(|(file, copy)| {
            let before = std::fs::read_to_string(file).unwrap();
            let after = std::fs::read_to_string(copy).unwrap();
            let old: Vec<&str> = before.lines().collect();
            let new: Vec<&str> = after.lines().collect();
            let common = common_lines(&old, &new);
            Changes {
                file: file.clone(),
                lines: old.len(),
                changed: old.len().max(new.len()) - common,
            }
        })
        .collect()
}

/// Prints each file's figure (changed files only) and the total to stderr;
/// fails when rustfmt changes more than [`MAX_CHANGED`] of any file's
/// lines.
pub fn report(what: &str, root: &Path, changes: &[Changes]) {
    let lines: usize = changes.iter().map(|c| c.lines).sum();
    let changed: usize = changes.iter().map(|c| c.changed).sum();
    let share = |changed: usize, lines: usize| changed as f64 / lines.max(1) as f64;
    let mut text = String::new();
    let mut over = Vec::new();
    for c in changes.iter().filter(|c| c.changed > 0) {
        let name = c.file.strip_prefix(root).unwrap_or(&c.file);
        let line = format!(
            "  {:>6} of {:>6} lines ({:.2}%) {}\n",
            c.changed,
            c.lines,
            100.0 * share(c.changed, c.lines),
            name.display()
        );
        if share(c.changed, c.lines) > MAX_CHANGED {
            over.push(line.clone());
        }
        text.push_str(&line);
    }
    text.push_str(&format!(
        "{what}: rustfmt changes {changed} of {lines} lines ({:.2}%) in {} files\n",
        100.0 * share(changed, lines),
        changes.len()
    ));
    let _ = std::io::stderr().write_all(text.as_bytes());
    assert!(
        over.is_empty(),
        "rustfmt would change more than {:.0}% of the lines of {} files:\n{}",
        100.0 * MAX_CHANGED,
        over.len(),
        over.concat()
    );
}

/// The length of a longest common subsequence of `a` and `b` (Myers'
/// O(ND) algorithm: cheap when the texts are nearly equal).
fn common_lines(a: &[&str], b: &[&str]) -> usize {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a, b) = (&a[..a.len() - suffix], &b[..b.len() - suffix]);
    let (n, m) = (a.len() as isize, b.len() as isize);
    let max = (n + m) as usize;
    let offset = max as isize + 1;
    let mut v = vec![0isize; 2 * max + 3];
    let mut distance = max;
    'search: for d in 0..=max as isize {
        let mut k = -d;
        while k <= d {
            let index = (k + offset) as usize;
            let mut x = if k == -d || (k != d && v[index - 1] < v[index + 1]) {
                v[index + 1]
            } else {
                v[index - 1] + 1
            };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            v[index] = x;
            if x >= n && y >= m {
                distance = d as usize;
                break 'search;
            }
            k += 2;
        }
    }
    prefix + suffix + (a.len() + b.len() - distance) / 2
}

#[test]
fn common_lines_counts_a_longest_common_subsequence() {
    assert_eq!(common_lines(&["a", "b", "c"], &["a", "b", "c"]), 3);
    assert_eq!(common_lines(&["a", "x", "c"], &["a", "y", "z", "c"]), 2);
    assert_eq!(common_lines(&[], &["a"]), 0);
    assert_eq!(
        common_lines(&["a", "b", "c", "d"], &["b", "a", "d", "c"]),
        2
    );
}
