//! Child processes with bounded lifetimes: a server guard killed on drop and
//! a client run with a deadline. Output goes to files so no pipe can fill up.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use super::bounded::wait_until;

const STARTUP_LIMIT: Duration = Duration::from_secs(20);

/// A running server; killed and reaped when dropped, even on panic.
pub struct ServerGuard {
    child: Child,
    pub port: u16,
    pub stderr_path: PathBuf,
}

impl Drop for ServerGuard {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `command` and waits for its `listening on HOST:PORT` line.
pub fn start_server(
    mut command: Command,
    log_dir: &Path,
    label: &str,
) -> Result<ServerGuard, String> {
    let stderr_path = log_dir.join(format!("{label}.server.stderr"));
    let stderr = File::create(&stderr_path).map_err(|e| e.to_string())?;
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .map_err(|e| format!("cannot start {command:?}: {e}"))?;
    let stdout = child.stdout.take().expect("stdout is piped");
    let mut guard = ServerGuard {
        child,
        port: 0,
        stderr_path,
    };
    let (sender, lines) = mpsc::channel();
    // Reads every line so the server never blocks on a full stdout pipe.
    thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    let deadline = Instant::now() + STARTUP_LIMIT;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match lines.recv_timeout(left) {
            Ok(line) => {
                if let Some(port) = listening_port(&line) {
                    guard.port = port;
                    return Ok(guard);
                }
            }
            Err(_) => {
                return Err(format!(
                    "server never printed `listening on`; stderr: {}",
                    tail(&guard.stderr_path)
                ));
            }
        }
    }
}

/// The port in a `listening on HOST:PORT` line.
pub fn listening_port(line: &str) -> Option<u16> {
    let address = line.trim().strip_prefix("listening on ")?;
    address.rsplit_once(':')?.1.parse().ok()
}

/// What a client run produced.
pub struct ClientRun {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

/// Runs a client to completion, killing it after `limit`.
pub fn run_client(
    mut command: Command,
    log_dir: &Path,
    label: &str,
    limit: Duration,
) -> Result<ClientRun, String> {
    let stdout_path = log_dir.join(format!("{label}.client.stdout"));
    let stderr_path = log_dir.join(format!("{label}.client.stderr"));
    let start = Instant::now();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(File::create(&stdout_path).map_err(|e| e.to_string())?)
        .stderr(File::create(&stderr_path).map_err(|e| e.to_string())?)
        .spawn()
        .map_err(|e| format!("cannot start {command:?}: {e}"))?;
    let status = wait_until(&mut child, start + limit).map_err(|e| e.to_string())?;
    let mut stderr = std::fs::read_to_string(&stderr_path).unwrap_or_default();
    if status.is_none() {
        stderr.push_str(&format!("\nkilled after {limit:?}"));
    }
    Ok(ClientRun {
        success: status.is_some_and(|s| s.success()),
        stdout: std::fs::read_to_string(&stdout_path).unwrap_or_default(),
        stderr,
        elapsed: start.elapsed(),
    })
}

/// The last lines of a log, for failure messages.
pub fn tail(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(20)..].join("\n")
}

#[test]
fn reads_the_port_from_the_listening_line() {
    assert_eq!(listening_port("listening on 127.0.0.1:4242\n"), Some(4242));
    assert_eq!(listening_port("listening on ::1:80"), Some(80));
    assert_eq!(listening_port("starting"), None);
}
