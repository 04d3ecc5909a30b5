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
