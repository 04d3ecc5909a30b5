//! `--registry`: `cross-server` registers itself in a real ZooKeeper and
//! `cross-client` discovers it there, blocking and async.

#[path = "../../runtime/tests/support/zk.rs"]
mod zk;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

const SERVER: &str = env!("CARGO_BIN_EXE_cross-server");
const CLIENT: &str = env!("CARGO_BIN_EXE_cross-client");

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `cross-server` with `flags` and waits for its `registered` line.
fn server(url: &str, flags: &[&str]) -> Killed {
    let mut child = Command::new(SERVER)
        .args(["--host", "127.0.0.1", "--port", "0", "--registry", url])
        .args(flags)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start cross-server");
    let stdout = child.stdout.take().expect("server stdout");
    let child = Killed(child);
    let registered = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .any(|line| line.starts_with("registered as ThriftTest"));
    assert!(registered, "cross-server {flags:?} never registered");
    child
}

fn client(url: &str, flags: &[&str]) {
    let output = Command::new(CLIENT)
        .args(["--registry", url])
        .args(flags)
        .output()
        .expect("run cross-client");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains(" passed, 0 failed"),
        "cross-client {flags:?}: {stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
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
