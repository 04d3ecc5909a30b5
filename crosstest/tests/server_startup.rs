//! `cross-server` startup: the announced port is real, and a taken port is
//! an error rather than a hang or a false announcement.

use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::time::Duration;

const SERVER: &str = env!("CARGO_BIN_EXE_cross-server");

#[test]
fn port_zero_announces_a_port_that_accepts() {
    if crosstest::skip_unavailable() {
        return;
    }
    let mut child = Command::new(SERVER)
        .args(["--host", "127.0.0.1", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let connected = line.trim().strip_prefix("listening on ").map(|address| {
        TcpStream::connect_timeout(&address.parse().unwrap(), Duration::from_secs(5))
    });
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        matches!(connected, Some(Ok(_))),
        "line {line:?}: {connected:?}"
    );
}

#[test]
fn a_taken_port_fails_without_announcing() {
    if crosstest::skip_unavailable() {
        return;
    }
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let output = Command::new(SERVER)
        .args(["--host", "127.0.0.1", "--port", &port])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(!String::from_utf8_lossy(&output.stdout).contains("listening on"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("server failed"), "{stderr}");
}
