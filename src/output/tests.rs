use std::fs;
use std::path::Path;

use super::*;

fn generated(name: &str, body: &str) -> GeneratedFile {
    GeneratedFile {
        name: name.to_owned(),
        contents: format!("{MARKER} from test.thrift. Do not edit.\n{body}\n"),
    }
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn write_creates_the_directory_and_every_file() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out/nested");
    let files = [
        generated("mod.rs", "pub mod a;"),
        generated("a.rs", "pub struct A;"),
    ];
    let report = write(&dir, &files).unwrap();
    assert_eq!(report.written, ["mod.rs", "a.rs"]);
    assert_eq!(names_in(&dir), ["a.rs", "mod.rs"]);
    assert_eq!(
        fs::read_to_string(dir.join("a.rs")).unwrap(),
        files[1].contents
    );
}

#[test]
fn write_is_idempotent_and_keeps_unchanged_files_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let files = [
        generated("mod.rs", "pub mod a;"),
        generated("a.rs", "pub struct A;"),
    ];
    write(tmp.path(), &files).unwrap();
    let mtime = |name: &str| {
        fs::metadata(tmp.path().join(name))
            .unwrap()
            .modified()
            .unwrap()
    };
    let before = mtime("a.rs");
    std::thread::sleep(std::time::Duration::from_millis(20));

    let report = write(tmp.path(), &files).unwrap();
    assert!(report.written.is_empty(), "{report:?}");
    assert_eq!(report.unchanged, ["mod.rs", "a.rs"]);
    assert_eq!(mtime("a.rs"), before);
    assert!(check(tmp.path(), &files).unwrap().is_current());
}

#[test]
fn write_replaces_changed_files_and_leaves_no_temporary_files() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), &[generated("a.rs", "old")]).unwrap();
    let new = [generated("a.rs", "new")];
    let report = write(tmp.path(), &new).unwrap();
    assert_eq!(report.written, ["a.rs"]);
    assert_eq!(names_in(tmp.path()), ["a.rs"]);
    assert_eq!(
        fs::read_to_string(tmp.path().join("a.rs")).unwrap(),
        new[0].contents
    );
}

#[test]
fn write_removes_only_generated_files_no_longer_produced() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        &[generated("a.rs", "a"), generated("old.rs", "o")],
    )
    .unwrap();
    fs::write(tmp.path().join("handwritten.rs"), "// mine\n").unwrap();
    // The marker counts only at the very start of the first line.
    fs::write(tmp.path().join("quoted.rs"), format!("// see:\n{MARKER}\n")).unwrap();
    fs::create_dir(tmp.path().join("sub")).unwrap();

    let report = write(tmp.path(), &[generated("a.rs", "a")]).unwrap();
    assert_eq!(report.removed, ["old.rs"]);
    assert_eq!(
        names_in(tmp.path()),
        ["a.rs", "handwritten.rs", "quoted.rs", "sub"]
    );
}

#[test]
fn write_refuses_names_that_leave_the_directory_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    for bad in ["../escape.rs", "/abs.rs", "a/b.rs", ""] {
        let error = write(&dir, &[generated("ok.rs", ""), generated(bad, "")]).unwrap_err();
        assert_eq!(error.source.kind(), io::ErrorKind::InvalidInput, "{bad}");
    }
    assert!(!dir.exists());
}

#[test]
fn write_refuses_to_overwrite_a_file_it_did_not_generate() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("main.rs"), "fn main() {}\n").unwrap();
    let files = [
        generated("mod.rs", "pub mod main;"),
        generated("main.rs", ""),
    ];

    let error = write(tmp.path(), &files).unwrap_err();
    assert_eq!(error.source.kind(), io::ErrorKind::AlreadyExists);
    assert!(error.path.ends_with("main.rs"), "{error}");
    assert_eq!(names_in(tmp.path()), ["main.rs"]);
    let main = fs::read_to_string(tmp.path().join("main.rs")).unwrap();
    assert_eq!(main, "fn main() {}\n");
}

#[test]
fn failed_write_keeps_previous_output_and_cleans_up() {
    let tmp = tempfile::tempdir().unwrap();
    let first = [generated("a.rs", "v1"), generated("b.rs", "v1")];
    write(tmp.path(), &first).unwrap();
    // A directory where b.rs must go makes the write fail after a.rs was
    // staged in its temporary file.
    fs::remove_file(tmp.path().join("b.rs")).unwrap();
    fs::create_dir(tmp.path().join("b.rs")).unwrap();
    fs::write(tmp.path().join("b.rs/keep"), "x").unwrap();

    let error = write(
        tmp.path(),
        &[generated("a.rs", "v2"), generated("b.rs", "v2")],
    );
    assert!(error.is_err());
    assert_eq!(names_in(tmp.path()), ["a.rs", "b.rs"]);
}

#[test]
fn check_reports_stale_missing_and_extra_files() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        &[
            generated("mod.rs", "m"),
            generated("a.rs", "old"),
            generated("gone.rs", "g"),
        ],
    )
    .unwrap();
    fs::write(tmp.path().join("notes.txt"), "not generated").unwrap();
    let wanted = [
        generated("mod.rs", "m"),
        generated("a.rs", "new"),
        generated("b.rs", "b"),
    ];

    let report = check(tmp.path(), &wanted).unwrap();
    assert_eq!(
        report,
        CheckReport {
            stale: vec!["a.rs".into()],
            missing: vec!["b.rs".into()],
            extra: vec!["gone.rs".into()],
        }
    );
    assert!(!report.is_current());
    assert!(!tmp.path().join("b.rs").exists(), "check writes nothing");
}

#[test]
fn check_of_a_missing_directory_reports_everything_missing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("absent");
    let report = check(&dir, &[generated("mod.rs", "")]).unwrap();
    assert_eq!(report.missing, ["mod.rs"]);
    assert!(report.stale.is_empty() && report.extra.is_empty());
    assert!(!dir.exists());
}
