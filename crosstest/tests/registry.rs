//! `--registry`: `cross-server` registers itself in a real ZooKeeper and
//! `cross-client` discovers it there, blocking and async; and across
//! languages: Apache's Python server registering with kazoo in the same
//! (Curator) layout is discovered by `cross-client`, and `py_client.py`
//! lists and calls a `cross-server` registered by the exporter.
//!
//! Loopback only; every process has a deadline and is killed (by its
//! handle) when its part ends, also on panic.

#[path = "../../runtime/tests/support/zk.rs"]
mod zk;

#[path = "support/bounded.rs"]
mod bounded;
#[path = "support/toolchain.rs"]
mod toolchain;

use std::io::{BufRead, BufReader, Read, Write as _};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use toolchain::{PythonSide, in_ci, python_side};

const SERVER: &str = env!("CARGO_BIN_EXE_cross-server");
const CLIENT: &str = env!("CARGO_BIN_EXE_cross-client");

/// How long a server may take to print its `registered` line.
const STARTUP_LIMIT: Duration = Duration::from_secs(30);
/// How long a client may take to discover the server and run its checks.
const CLIENT_LIMIT: Duration = Duration::from_secs(120);

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts a server and waits (bounded) for its `registered as ThriftTest`
/// line; its stdout is drained afterwards so it never blocks on the pipe.
fn start_registered(mut command: Command, what: &str) -> Killed {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("start {what}: {e}"));
    let stdout = child.stdout.take().expect("server stdout");
    let child = Killed(child);
    let (sender, lines) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = sender.send(line);
        }
    });
    let deadline = Instant::now() + STARTUP_LIMIT;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match lines.recv_timeout(left) {
            Ok(line) if line.starts_with("registered as ThriftTest") => return child,
            Ok(_) => {}
            Err(_) => panic!("{what} never registered within {STARTUP_LIMIT:?}"),
        }
    }
}

/// Runs a client to completion (killed after [`CLIENT_LIMIT`]) and
/// asserts it passed every check.
fn run_passing(mut command: Command, what: &str) {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("run {what}: {e}"));
    let drain = |mut pipe: Box<dyn Read + Send>| {
        thread::spawn(move || {
            let mut text = String::new();
            let _ = pipe.read_to_string(&mut text);
            text
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("client stdout")));
    let stderr = drain(Box::new(child.stderr.take().expect("client stderr")));
    let status = bounded::wait_until(&mut child, Instant::now() + CLIENT_LIMIT)
        .expect("wait for the client");
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    let passed = stdout
        .lines()
        .any(|l| l.ends_with(" passed, 0 failed") && !l.starts_with("0 passed"));
    assert!(
        status.is_some_and(|s| s.success()) && passed,
        "{what} ({}): {stdout}\n{stderr}",
        match status {
            Some(status) => status.to_string(),
            None => format!("killed after {CLIENT_LIMIT:?}"),
        }
    );
}

/// Starts `cross-server` with `flags` and waits for its `registered` line.
fn server(url: &str, flags: &[&str]) -> Killed {
    let mut command = Command::new(SERVER);
    command
        .args(["--host", "127.0.0.1", "--port", "0", "--registry", url])
        .args(flags);
    start_registered(command, &format!("cross-server {flags:?}"))
}

fn client(url: &str, flags: &[&str]) {
    let mut command = Command::new(CLIENT);
    command.args(["--registry", url]).args(flags);
    run_passing(command, &format!("cross-client {flags:?}"));
}

#[test]
fn discovered_through_zookeeper_blocking_and_async() {
    if crosstest::skip_unavailable() {
        return;
    }
    let Some(zk) = zk::ZooKeeper::start() else {
        return;
    };
    let framed = ["--transport", "framed"];
    // Blocking server and client, under a base path of our own.
    let url = format!("zk://{}/crosstest/blocking", zk.connect_string());
    let blocking = server(&url, &framed);
    client(&url, &framed);
    // The async discovering client against the blocking server.
    client(&url, &["--async", "--transport", "framed"]);
    drop(blocking);
    // Async server and client (compact, buffered: taken from the flags).
    let url = format!("zk://{}/crosstest/async", zk.connect_string());
    let flags = [
        "--async",
        "--protocol",
        "compact",
        "--transport",
        "buffered",
    ];
    let async_server = server(&url, &flags);
    client(&url, &flags);
    // The blocking discovering client against the async server.
    let url_framed = format!("zk://{}/crosstest/mixed", zk.connect_string());
    let mixed = server(
        &url_framed,
        &["--async", "--transport", "framed", "--multiplexed"],
    );
    client(&url_framed, &["--transport", "framed", "--multiplexed"]);
    drop((async_server, mixed));
}

/// The Python side with kazoo, or `None` (after saying why on stderr)
/// when it is missing; under `CI=true` that is a failure.
fn python_with_kazoo() -> Option<PythonSide> {
    let side = python_side().and_then(|side| {
        let python = toolchain::python();
        let kazoo = Command::new(&python)
            .args(["-c", "import kazoo.client"])
            .output()
            .map_err(|e| e.to_string())?;
        match kazoo.status.success() {
            true => Ok(side),
            false => Err(format!(
                "{python} cannot import kazoo (install python3-kazoo): {}",
                String::from_utf8_lossy(&kazoo.stderr).trim()
            )),
        }
    });
    match side {
        Ok(side) => Some(side),
        Err(why) if in_ci() => panic!("CI=true but the Python side is unavailable: {why}"),
        Err(why) => {
            // Straight to stderr: libtest captures `println!` of passing tests.
            let _ = writeln!(
                std::io::stderr(),
                "skipping the Python registry test: {why}"
            );
            None
        }
    }
}

fn python(side: &PythonSide, role: &str, url: &str, flags: &[&str]) -> Command {
    let mut command = Command::new(toolchain::python());
    command
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .arg(side.scripts.join(format!("py_{role}.py")))
        .arg("--gen-dir")
        .arg(side.gen_dir.path())
        .args(["--registry", url])
        .args(flags);
    command
}

#[test]
fn python_and_rust_find_each_other_through_zookeeper() {
    if crosstest::skip_unavailable() {
        return;
    }
    let Some(side) = python_with_kazoo() else {
        return;
    };
    let Some(zk) = zk::ZooKeeper::start() else {
        return;
    };
    // Python server (kazoo) -> Rust discovering clients, blocking and
    // async. The Python side's IDL predates uuid.
    let url = format!("zk://{}/crosstest/python-server", zk.connect_string());
    let framed = ["--transport", "framed"];
    let mut command = python(&side, "server", &url, &framed);
    command.args(["--host", "127.0.0.1", "--port", "0"]);
    let py_server = start_registered(command, "py_server.py --transport framed");
    client(&url, &["--transport", "framed", "--skip-uuid"]);
    client(&url, &["--async", "--transport", "framed", "--skip-uuid"]);
    drop(py_server);
    // The async client takes compact and buffered from the Python payload.
    let url = format!("zk://{}/crosstest/python-compact", zk.connect_string());
    let flags = ["--protocol", "compact", "--transport", "buffered"];
    let mut command = python(&side, "server", &url, &flags);
    command.args(["--host", "127.0.0.1", "--port", "0"]);
    let py_server = start_registered(command, &format!("py_server.py {flags:?}"));
    client(&url, &["--async", "--skip-uuid"]);
    drop(py_server);

    // Rust servers (the exporter) -> the Python client listing with kazoo.
    let url = format!("zk://{}/crosstest/rust-server", zk.connect_string());
    let rust_server = server(&url, &framed);
    run_passing(
        python(&side, "client", &url, &framed),
        "py_client.py --transport framed",
    );
    drop(rust_server);
    let url = format!("zk://{}/crosstest/rust-async", zk.connect_string());
    let flags = [
        "--protocol",
        "compact",
        "--transport",
        "buffered",
        "--multiplexed",
    ];
    let mut async_flags = vec!["--async"];
    async_flags.extend(flags);
    let rust_server = server(&url, &async_flags);
    run_passing(
        python(&side, "client", &url, &flags),
        &format!("py_client.py {flags:?}"),
    );
    drop((rust_server, zk));
}
