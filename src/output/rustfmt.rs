//! The opt-in rustfmt step (`--rustfmt`, `Builder::rustfmt(true)`): every
//! generated file's text goes through the installed rustfmt, in memory,
//! before anything is written or checked.
//!
//! rustfmt runs as `rustfmt --edition 2024 --emit stdout --config-path
//! EMPTY`, one process per file, reading the file on stdin. On stdin rustfmt
//! would otherwise take the `rustfmt.toml` of the current directory, its
//! ancestors or the home directory; an empty config file instead gives the
//! default configuration, so the output does not depend on where or by whom
//! thriftgen runs (only on rustfmt's version).

use std::ffi::{OsStr, OsString};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::GeneratedFile;

/// The rustfmt program to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rustfmt {
    program: OsString,
    /// Whether `program` came from `$RUSTFMT`, for the error message.
    from_env: bool,
}

impl Rustfmt {
    /// `$RUSTFMT` when set and not empty, as `cargo fmt` does; else
    /// `rustfmt` on `PATH`.
    pub fn from_env() -> Rustfmt {
        match std::env::var_os("RUSTFMT") {
            Some(program) if !program.is_empty() => Rustfmt {
                program,
                from_env: true,
            },
            _ => Rustfmt::default(),
        }
    }

    /// A given program (a path, or a name looked up on `PATH`).
    pub fn new(program: impl AsRef<OsStr>) -> Rustfmt {
        Rustfmt {
            program: program.as_ref().to_os_string(),
            from_env: false,
        }
    }

    /// `files` as rustfmt formats them, in the same order. The first file
    /// (in that order) rustfmt fails on is the error, so the outcome does
    /// not depend on which process finishes first.
    pub fn format(&self, files: &[GeneratedFile]) -> Result<Vec<GeneratedFile>, RustfmtError> {
        // One probe first: a missing program, or a rustup proxy without the
        // rustfmt component, is then reported as such rather than as a
        // failure on the first file.
        self.probe()?;
        let config = EmptyConfig::create().map_err(RustfmtError::Config)?;
        crate::parallel::map(files, |file| self.format_file(config.path(), file))
            .into_iter()
            .collect()
    }

    fn probe(&self) -> Result<(), RustfmtError> {
        let mut probe = Command::new(&self.program);
        probe.arg("--version").stdin(Stdio::null());
        let output =
            retry_while_busy(|| probe.output()).map_err(|source| self.not_runnable(source))?;
        match output.status.success() {
            true => Ok(()),
            false => Err(RustfmtError::VersionFailed {
                program: self.name(),
                stderr: text(&output.stderr),
            }),
        }
    }

    fn format_file(
        &self,
        config: &Path,
        file: &GeneratedFile,
    ) -> Result<GeneratedFile, RustfmtError> {
        let mut command = Command::new(&self.program);
        command
            .args(["--edition", "2024", "--emit", "stdout", "--config-path"])
            .arg(config)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child =
            retry_while_busy(|| command.spawn()).map_err(|source| self.not_runnable(source))?;
        let mut stdin = child.stdin.take().expect("stdin was asked to be piped");
        // Fed from another thread, so that a rustfmt which writes before it
        // has read everything cannot deadlock against us.
        let (fed, output) = std::thread::scope(|scope| {
            let feeder = scope.spawn(move || stdin.write_all(file.contents.as_bytes()));
            let output = child.wait_with_output();
            (
                feeder.join().expect("writing to a pipe does not panic"),
                output,
            )
        });
        let failed = |stderr: String| RustfmtError::Failed {
            file: file.name.clone(),
            stderr,
        };
        let Output {
            status,
            stdout,
            stderr,
        } = output.map_err(|e| failed(e.to_string()))?;
        if !status.success() {
            return Err(failed(text(&stderr)));
        }
        // rustfmt succeeded without reading all of its input: its output
        // would be a truncated file.
        fed.map_err(|e| failed(format!("could not pass the file on stdin: {e}")))?;
        let contents =
            String::from_utf8(stdout).map_err(|_| failed("the output is not UTF-8".into()))?;
        Ok(GeneratedFile {
            name: file.name.clone(),
            contents,
        })
    }

    fn not_runnable(&self, source: io::Error) -> RustfmtError {
        RustfmtError::NotRunnable {
            program: self.name(),
            from_env: self.from_env,
            source,
        }
    }

    fn name(&self) -> String {
        self.program.to_string_lossy().into_owned()
    }
}

impl Default for Rustfmt {
    /// `rustfmt` on `PATH`.
    fn default() -> Rustfmt {
        Rustfmt::new("rustfmt")
    }
}

/// Why the rustfmt step produced no files.
#[derive(Debug)]
pub enum RustfmtError {
    /// The program could not be started (usually: it is not installed).
    NotRunnable {
        program: String,
        /// Whether the program was named by `$RUSTFMT`.
        from_env: bool,
        source: io::Error,
    },
    /// `rustfmt --version` failed, as a rustup proxy does when the
    /// toolchain lacks the rustfmt component.
    VersionFailed { program: String, stderr: String },
    /// rustfmt failed on one generated file (by name in the output
    /// directory); `stderr` is what it printed.
    Failed { file: String, stderr: String },
    /// The empty config file could not be created.
    Config(io::Error),
}

impl std::fmt::Display for RustfmtError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RustfmtError::NotRunnable {
                program,
                from_env,
                source,
            } if source.kind() == io::ErrorKind::NotFound => match from_env {
                true => write!(
                    f,
                    "could not run `{program}` (not found; it is named by RUSTFMT: \
                     point RUSTFMT at rustfmt, or unset it to use the one on PATH)"
                ),
                false => write!(
                    f,
                    "could not run `{program}` (not found on PATH; install it with \
                     `rustup component add rustfmt`, or set RUSTFMT)"
                ),
            },
            RustfmtError::NotRunnable {
                program, source, ..
            } => write!(f, "could not run `{program}`: {source}"),
            RustfmtError::VersionFailed { program, stderr } => write!(
                f,
                "`{program} --version` failed (is rustfmt installed? \
                 `rustup component add rustfmt` installs it):\n{stderr}"
            ),
            RustfmtError::Failed { file, stderr } => {
                write!(f, "rustfmt failed on the generated {file}:\n{stderr}")
            }
            RustfmtError::Config(source) => {
                write!(f, "could not create an empty rustfmt config file: {source}")
            }
        }
    }
}

impl std::error::Error for RustfmtError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RustfmtError::NotRunnable { source, .. } | RustfmtError::Config(source) => Some(source),
            _ => None,
        }
    }
}

/// An empty `rustfmt.toml` in the temporary directory, removed on drop.
struct EmptyConfig {
    path: PathBuf,
}

impl EmptyConfig {
    fn create() -> io::Result<EmptyConfig> {
        // Unique per process and per call: concurrent runs (build scripts
        // in parallel, threads of one process) never share or remove each
        // other's file. `create_new` never follows a planted symlink.
        static CALLS: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir();
        let pid = std::process::id();
        loop {
            let call = CALLS.fetch_add(1, Ordering::Relaxed);
            let path = dir.join(format!("thriftgen-rustfmt-{pid}-{call}.toml"));
            match fs::File::create_new(&path) {
                Ok(_) => return Ok(EmptyConfig { path }),
                // Left behind by an earlier process with the same id.
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
    }

    fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for EmptyConfig {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

/// rustfmt's stderr as text, without the trailing newline.
fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).trim_end().to_owned()
}

/// Runs `start` again, a bounded number of times, while the program is
/// "busy": a rustfmt script written just before (by a test, or a build
/// script) stays busy for exec while a process forked meanwhile still
/// holds the descriptor it was written through, until that child execs.
fn retry_while_busy<T>(mut start: impl FnMut() -> io::Result<T>) -> io::Result<T> {
    const TRIES: u32 = 50;
    let mut tries = 1;
    loop {
        match start() {
            Err(e) if e.kind() == io::ErrorKind::ExecutableFileBusy && tries < TRIES => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            result => return result,
        }
    }
}

#[cfg(test)]
mod tests;
