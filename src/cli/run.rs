//! One run of the command: compile, report, then write or check.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use thriftgen::output::{self, CheckReport, Rustfmt};
use thriftgen::{CodegenOptions, GeneratedFile, ModuleLayout, Options};

use super::Args;

/// Input errors, an out-of-date directory under `--check`, or an I/O error.
const FAILURE: u8 = 1;

/// Runs the pipeline as `args` say and returns the process exit status.
pub fn run(args: &Args) -> ExitCode {
    let options = Options {
        inputs: args.inputs.clone(),
        include_dirs: args.include_dirs.clone(),
        layout: ModuleLayout::Directory,
        codegen: CodegenOptions {
            default_fields: args.default_fields.into(),
            generate_async: args.generate_async,
            generate_pooled: args.generate_pooled,
            types_only: args.types_only,
        },
    };
    let compilation = thriftgen::compile(&options);
    // Warnings are shown even when the run succeeds.
    to_stderr(&compilation.render_diagnostics(args.color.enabled()));
    if compilation.has_errors() {
        let count = compilation
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .count();
        let errors = if count == 1 { "error" } else { "errors" };
        to_stderr(&format!(
            "error: {count} {errors} in the input; nothing written to {}\n",
            args.out_dir.display()
        ));
        return ExitCode::from(FAILURE);
    }
    let Some(mut files) = compilation.files else {
        to_stderr("error: internal: compilation produced neither files nor an error\n");
        return ExitCode::from(FAILURE);
    };
    // Before anything is written: a missing or failing rustfmt leaves the
    // directory as it was.
    if args.rustfmt {
        files = match Rustfmt::from_env().format(&files) {
            Ok(formatted) => formatted,
            Err(error) => {
                to_stderr(&format!("error: --rustfmt: {error}\n"));
                return ExitCode::from(FAILURE);
            }
        };
    }
    match args.check {
        true => check(&args.out_dir, &files),
        false => write(&args.out_dir, &files),
    }
}

fn write(dir: &Path, files: &[GeneratedFile]) -> ExitCode {
    match output::write(dir, files) {
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            to_stderr(&format!("error: cannot write the output: {error}\n"));
            ExitCode::from(FAILURE)
        }
    }
}

fn check(dir: &Path, files: &[GeneratedFile]) -> ExitCode {
    let report = match output::check(dir, files) {
        Ok(report) => report,
        Err(error) => {
            to_stderr(&format!("error: cannot check the output: {error}\n"));
            return ExitCode::from(FAILURE);
        }
    };
    if report.is_current() {
        return ExitCode::SUCCESS;
    }
    // A closed stdout (e.g. piped into `head`) must not hide the verdict.
    let _ = std::io::stdout()
        .lock()
        .write_all(describe(dir, &report).as_bytes());
    to_stderr(&format!(
        "error: {} is out of date; run thriftgen without --check to update it\n",
        dir.display()
    ));
    ExitCode::from(FAILURE)
}

/// Writes to stderr; unlike `eprint!`, never panics when stderr is closed,
/// since the exit status still tells the outcome.
fn to_stderr(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// One line per differing file: `stale: DIR/x.rs`, `missing: ...`,
/// `extra: ...`.
fn describe(dir: &Path, report: &CheckReport) -> String {
    let groups = [
        ("stale", &report.stale),
        ("missing", &report.missing),
        ("extra", &report.extra),
    ];
    let mut text = String::new();
    for (kind, names) in groups {
        for name in names {
            text += &format!("{kind}: {}\n", dir.join(name).display());
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describe_lists_every_difference_with_its_kind_and_path() {
        let report = CheckReport {
            stale: vec!["a.rs".into()],
            missing: vec!["mod.rs".into(), "b.rs".into()],
            extra: vec!["old.rs".into()],
        };
        assert_eq!(
            describe(Path::new("out"), &report),
            "stale: out/a.rs\nmissing: out/mod.rs\nmissing: out/b.rs\nextra: out/old.rs\n"
        );
    }
}
