//! The two binaries work together: a short bounded run over loopback
//! prints the summary line, and the server exits on SIGTERM.

use std::io::{BufRead, BufReader, Write as _};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// `true` (after saying why) when the binaries were built without the
/// workload; under `CI=true` that is a failure.
fn skip_unavailable() -> bool {
    let Some(why) = thriftgen_rpc_bench::UNAVAILABLE else {
        return false;
    };
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI=true but the RPC bench binaries are unavailable: {why}"
    );
    // Straight to stderr: libtest captures `eprintln!` of passing tests.
    let _ = writeln!(std::io::stderr(), "skipping: {why}");
    true
}

#[test]
fn client_and_server_run_a_short_benchmark() {
    if skip_unavailable() {
        return;
    }
    let mut server = Command::new(env!("CARGO_BIN_EXE_rpc-server"))
        .args(["--port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line.trim().rsplit(':').next().unwrap().to_owned();
    let client = Command::new(env!("CARGO_BIN_EXE_rpc-client"))
        .args(["--port", &port, "--callers", "8", "--seconds", "0.5"])
        .args(["--warmup", "0.2", "--msg-bytes", "1024"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&client.stdout);
    let last = stdout.lines().last().unwrap_or_default().to_owned();
    assert!(client.status.success(), "{last} {:?}", client.stderr);
    assert!(
        last.starts_with("calls_per_sec=") && last.ends_with(" errors=0"),
        "{last}"
    );
    let rate: f64 = last["calls_per_sec=".len()..]
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(rate > 0.0);
    Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = server.try_wait().unwrap() {
            assert!(status.success(), "{status}");
            break;
        }
        if Instant::now() > deadline {
            let _ = server.kill();
            panic!("the server did not exit on SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Starts `server --port 0`, returns it and the port it says it serves.
fn start_server(binary: &str) -> (std::process::Child, String) {
    let mut server = Command::new(binary)
        .args(["--port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line.trim().rsplit(':').next().unwrap().to_owned();
    assert!(port.parse::<u16>().is_ok(), "{line}");
    (server, port)
}

fn summary_line(output: &std::process::Output) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let last = stdout.lines().last().unwrap_or_default().to_owned();
    assert!(output.status.success(), "{last} {:?}", output.stderr);
    last
}

#[test]
fn the_sync_baseline_runs_a_short_benchmark() {
    if skip_unavailable() {
        return;
    }
    let (mut server, port) = start_server(env!("CARGO_BIN_EXE_sync-server"));
    let client = Command::new(env!("CARGO_BIN_EXE_sync-client"))
        .args(["--port", &port, "--callers", "4", "--seconds", "0.5"])
        .args(["--warmup", "0.2", "--msg-bytes", "1024"])
        .output()
        .unwrap();
    let _ = server.kill();
    let _ = server.wait();
    let last = summary_line(&client);
    assert!(
        last.starts_with("calls_per_sec=") && last.ends_with(" errors=0"),
        "{last}"
    );
}

#[test]
fn the_batch_bench_reports_its_ratio() {
    if skip_unavailable() {
        return;
    }
    let bench = Command::new(env!("CARGO_BIN_EXE_batch-bench"))
        .args(["--rounds", "2"])
        .output()
        .unwrap();
    let last = summary_line(&bench);
    assert!(
        last.starts_with("batch_ms=") && last.contains(" ratio=") && last.ends_with(" errors=0"),
        "{last}"
    );
}
