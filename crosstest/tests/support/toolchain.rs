//! Finds the Python side's tools and generates its code into a temp dir.
//! Missing tools skip the Python rows, except under `CI=true`, where they fail.

use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

/// Debian's interpreter (the pyenv `python3` on PATH has no thrift
/// module), or `$THRIFTGEN_PYTHON`.
pub fn python() -> String {
    std::env::var("THRIFTGEN_PYTHON").unwrap_or_else(|_| "/usr/bin/python3".to_owned())
}

/// Apache's compiler: `$THRIFT`, or `thrift` on PATH.
pub fn apache_thrift() -> String {
    std::env::var("THRIFT").unwrap_or_else(|_| "thrift".to_owned())
}

/// Apache's Python library and code generated from the v0.16 IDL (0.17 has
/// no uuid, so the IDL without testUuid).
pub struct PythonSide {
    pub gen_dir: TempDir,
    pub scripts: PathBuf,
}

pub fn shared_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared")
}

pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// The Python side, or why it is unavailable.
pub fn python_side() -> Result<PythonSide, String> {
    let idl = shared_dir().join("corpus/thrift/test/v0.16/ThriftTest.thrift");
    if !idl.is_file() {
        return Err(format!("{} not found", idl.display()));
    }
    let python = python();
    run_ok(Command::new(&python).args(["-c", "import thrift"]))
        .map_err(|e| format!("{python} cannot import thrift (install python3-thrift): {e}"))?;
    let gen_dir = TempDir::new().map_err(|e| e.to_string())?;
    run_ok(
        Command::new(apache_thrift())
            .args(["--gen", "py", "-out"])
            .arg(gen_dir.path())
            .arg(&idl),
    )
    .map_err(|e| format!("`thrift --gen py` failed (install Apache's thrift compiler): {e}"))?;
    Ok(PythonSide {
        gen_dir,
        scripts: Path::new(env!("CARGO_MANIFEST_DIR")).join("python"),
    })
}

fn run_ok(command: &mut Command) -> Result<(), String> {
    let output = command.output().map_err(|e| e.to_string())?;
    match output.status.success() {
        true => Ok(()),
        false => Err(String::from_utf8_lossy(&output.stderr).into_owned()),
    }
}
