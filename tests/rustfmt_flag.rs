//! `--rustfmt` and `Builder::rustfmt(true)`: the output is what the
//! installed rustfmt makes of it, and a missing rustfmt writes nothing.
//!
//! Tests that run the real rustfmt skip with a message when it is not
//! installed (and fail under `CI=true`), as `tests/rustfmt_shape.rs` does.

#[path = "support/rustfmt_shape.rs"]
#[allow(dead_code)] // only `rustfmt()` is used here
mod rustfmt_shape;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn input(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/golden/{case}/input.thrift"))
}

/// Inputs with long string constants, services and ping.
fn inputs() -> Vec<PathBuf> {
    vec![
        input("constants"),
        input("services"),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("idl/ping.thrift"),
    ]
}

/// `thriftgen FLAGS INPUTS -o OUT`, adjusted by `setup` (environment,
/// directory).
fn thriftgen(flags: &[&str], out: &Path, setup: impl FnOnce(&mut Command)) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_thriftgen"));
    command
        .args(flags)
        .args(inputs())
        .arg("-o")
        .arg(out)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1");
    setup(&mut command);
    command.output().expect("the thriftgen binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Asserts exit status 1 and that stderr (after the input's warnings)
/// ends with `message`.
fn assert_fails_with(output: &Output, message: &str) {
    let stderr = stderr(output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.ends_with(message), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

fn assert_ok(output: &Output) {
    assert_eq!(output.status.code(), Some(0), "{}", stderr(output));
}

/// `(name, contents)` of every file in `dir`, sorted by name.
fn contents(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let name = p.file_name().unwrap().to_str().unwrap().to_owned();
            (name, fs::read_to_string(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// Asserts that `rustfmt --edition 2024 --check` leaves every file of
/// `dir` as it is. Each file is checked on its own, from a directory with
/// no rustfmt.toml, so `mod` declarations are not followed.
fn assert_rustfmt_fixpoint(rustfmt: &str, dir: &Path) {
    let files = contents(dir);
    assert!(files.len() >= 3, "{files:?}");
    for (name, _) in &files {
        let check = Command::new(rustfmt)
            .args(["--edition", "2024", "--check"])
            .arg(dir.join(name))
            .current_dir(dir)
            .output()
            .expect("rustfmt runs");
        assert!(
            check.status.success(),
            "rustfmt would change {name}:\n{}",
            String::from_utf8_lossy(&check.stdout)
        );
    }
}

/// An executable shell script `name` in `dir`.
#[cfg(unix)]
fn script(dir: &Path, name: &str, text: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;

    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// A rustfmt that adds a line to `log` for each file it formats, then is
/// the `real` one: proof that rustfmt ran, now that the plain output is
/// mostly what rustfmt would write anyway.
#[cfg(unix)]
fn logging_rustfmt(dir: &Path, real: &str, log: &Path) -> PathBuf {
    let text = format!(
        "#!/bin/sh\n[ \"$1\" = --version ] || echo formatted >> '{}'\nexec '{real}' \"$@\"\n",
        log.display()
    );
    script(dir, "logging-rustfmt", &text)
}

/// How many files the [`logging_rustfmt`] writing `log` formatted.
fn formatted_count(log: &Path) -> usize {
    fs::read_to_string(log).map_or(0, |text| text.lines().count())
}

#[cfg(unix)]
#[test]
fn rustfmt_output_is_a_rustfmt_fixpoint_and_rustfmt_ran_on_every_file() {
    let Some(rustfmt) = rustfmt_shape::rustfmt() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let (plain, formatted) = (tmp.path().join("plain"), tmp.path().join("formatted"));
    let log = tmp.path().join("log");
    let logging = logging_rustfmt(tmp.path(), &rustfmt, &log);
    assert_ok(&thriftgen(&[], &plain, |_| {}));
    assert_ok(&thriftgen(&["--rustfmt"], &formatted, |c| {
        c.env("RUSTFMT", &logging);
    }));

    assert_rustfmt_fixpoint(&rustfmt, &formatted);
    let (plain, formatted) = (contents(&plain), contents(&formatted));
    let names = |files: &[(String, String)]| files.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&plain), names(&formatted));
    assert_eq!(formatted_count(&log), formatted.len());
    // The skip stays (see README, Layout): `cargo fmt`, with whatever
    // rustfmt.toml, still leaves the generated modules alone.
    let mod_rs = &formatted.iter().find(|f| f.0 == "mod.rs").unwrap().1;
    assert!(
        mod_rs.contains("#[rustfmt::skip]\npub mod ping;"),
        "{mod_rs}"
    );
}

#[test]
fn rustfmt_output_is_byte_identical_across_runs_and_ignores_the_users_rustfmt_toml() {
    let Some(rustfmt) = rustfmt_shape::rustfmt() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    // A project whose rustfmt.toml would lay everything out differently.
    let project = tmp.path().join("project");
    fs::create_dir(&project).unwrap();
    fs::write(
        project.join("rustfmt.toml"),
        "max_width = 40\nhard_tabs = true\n",
    )
    .unwrap();
    let runs: Vec<Vec<(String, String)>> = [None, Some(&project), None]
        .iter()
        .enumerate()
        .map(|(i, cwd)| {
            let out = tmp.path().join(format!("out{i}"));
            assert_ok(&thriftgen(&["--rustfmt"], &out, |c| {
                c.env("RUSTFMT", &rustfmt);
                if let Some(cwd) = cwd {
                    c.current_dir(cwd);
                }
            }));
            contents(&out)
        })
        .collect();
    assert!(runs[0] == runs[1], "the project's rustfmt.toml was used");
    assert!(runs[0] == runs[2], "two runs differ");
}

#[cfg(unix)]
#[test]
fn check_with_rustfmt_compares_against_the_rustfmt_output() {
    let tmp = tempfile::tempdir().unwrap();
    // A rustfmt whose output differs from the plain output for sure.
    let marking = script(
        tmp.path(),
        "marking-rustfmt",
        "#!/bin/sh\n[ \"$1\" = --version ] && exit 0\ncat\necho '// formatted'\n",
    );
    let out = tmp.path().join("out");
    let with_rustfmt = |c: &mut Command| {
        c.env("RUSTFMT", &marking);
    };
    assert_ok(&thriftgen(&["--rustfmt"], &out, with_rustfmt));
    let before = contents(&out);
    assert!(before.iter().all(|f| f.1.ends_with("// formatted\n")));

    let current = thriftgen(&["--check", "--rustfmt"], &out, with_rustfmt);
    assert_ok(&current);
    assert!(current.stdout.is_empty(), "{current:?}");
    // Without --rustfmt the same directory is not what would be written.
    let stale = thriftgen(&["--check"], &out, |_| {});
    assert_eq!(stale.status.code(), Some(1), "{}", stderr(&stale));
    let listed = String::from_utf8_lossy(&stale.stdout);
    assert!(
        listed.contains("stale: ") && listed.contains("input.rs"),
        "{listed}"
    );
    assert_eq!(contents(&out), before);
}

#[test]
fn a_missing_rustfmt_exits_1_with_a_clear_message_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let named_by_env = |c: &mut Command| {
        c.env("RUSTFMT", "/nonexistent/rustfmt");
    };
    let output = thriftgen(&["--rustfmt"], &out, named_by_env);
    assert_fails_with(
        &output,
        "error: --rustfmt: could not run `/nonexistent/rustfmt` (not found; it is named by \
         RUSTFMT: point RUSTFMT at rustfmt, or unset it to use the one on PATH)\n",
    );
    assert!(!out.exists());

    // Not on PATH either: an empty directory is the whole PATH.
    let empty = tmp.path().join("empty");
    fs::create_dir(&empty).unwrap();
    let output = thriftgen(&["--rustfmt"], &out, |c| {
        c.env_remove("RUSTFMT").env("PATH", &empty);
    });
    assert_fails_with(
        &output,
        "error: --rustfmt: could not run `rustfmt` (not found on PATH; install it with \
         `rustup component add rustfmt`, or set RUSTFMT)\n",
    );
    assert!(!out.exists());

    // An existing output directory is left exactly as it was.
    assert_ok(&thriftgen(&[], &out, |_| {}));
    let before = contents(&out);
    let output = thriftgen(&["--rustfmt"], &out, named_by_env);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(contents(&out), before);
}

#[cfg(unix)]
#[test]
fn a_rustfmt_failing_on_a_file_names_it_with_its_stderr_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    // Answers --version, then fails on the ping module only.
    let fake = script(
        tmp.path(),
        "rustfmt",
        "#!/bin/sh\n[ \"$1\" = --version ] && exit 0\ninput=$(cat)\n\
         case \"$input\" in *RemotePingService*) echo 'error: cannot format' >&2; exit 1;; esac\n\
         printf '%s\\n' \"$input\"\n",
    );
    let out = tmp.path().join("out");

    let output = thriftgen(&["--rustfmt"], &out, |c| {
        c.env("RUSTFMT", &fake);
    });
    assert_fails_with(
        &output,
        "error: --rustfmt: rustfmt failed on the generated ping.rs:\nerror: cannot format\n",
    );
    assert!(!out.exists());
}

#[test]
fn builder_rustfmt_true_writes_rustfmt_output() {
    let Some(rustfmt) = rustfmt_shape::rustfmt() else {
        return;
    };
    // The Builder reads RUSTFMT like the CLI; this test process leaves it
    // as the environment set it, which `rustfmt()` above honoured too.
    assert_eq!(
        std::env::var("RUSTFMT").unwrap_or_else(|_| "rustfmt".into()),
        rustfmt
    );
    let tmp = tempfile::tempdir().unwrap();
    let (plain, formatted) = (tmp.path().join("plain"), tmp.path().join("formatted"));
    let build = |out: &Path, rustfmt: bool| {
        thriftgen::Builder::new()
            .out_dir(out)
            .emit_rerun_if_changed(false)
            .rustfmt(rustfmt)
            .compile(&inputs())
            .unwrap();
    };
    build(&plain, false);
    build(&formatted, true);

    assert_rustfmt_fixpoint(&rustfmt, &formatted);
    // What rustfmt makes of the plain file. (That rustfmt runs at all is
    // shown through the CLI, which shares this code, by the test with the
    // logging rustfmt: the plain layout is close to rustfmt's already.)
    let input_rs = |dir: &Path| fs::read_to_string(dir.join("input.rs")).unwrap();
    let empty_config = tmp.path().join("rustfmt.toml");
    fs::write(&empty_config, "").unwrap();
    let reformatted = Command::new(&rustfmt)
        .args(["--edition", "2024", "--emit", "stdout", "--config-path"])
        .arg(&empty_config)
        .arg(plain.join("input.rs"))
        .output()
        .expect("rustfmt runs");
    assert!(reformatted.status.success());
    let reformatted = String::from_utf8(reformatted.stdout).unwrap();
    // (`--emit stdout` with a file names it in a first line.)
    let reformatted = reformatted
        .split_once('\n')
        .map_or("", |(_, rest)| rest.trim_start());
    assert_eq!(input_rs(&formatted).trim_start(), reformatted);
    // Still the include layout, which rejects inner attributes.
    let mod_rs = fs::read_to_string(formatted.join("mod.rs")).unwrap();
    assert!(mod_rs.contains("include!(\"ping.rs\")"), "{mod_rs}");
}
