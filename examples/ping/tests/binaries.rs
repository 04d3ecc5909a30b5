//! Runs `ping-server` on a free loopback port and `ping-client` against it.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// Kills the server when the test ends, however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn client_pings_server() {
    pings(
        "ping-server",
        env!("CARGO_BIN_EXE_ping-server"),
        env!("CARGO_BIN_EXE_ping-client"),
    );
}

/// The async binaries with each other and with the blocking ones.
#[test]
fn async_binaries_ping_and_interoperate() {
    let (server, client) = (
        env!("CARGO_BIN_EXE_ping-async-server"),
        env!("CARGO_BIN_EXE_ping-async-client"),
    );
    pings("async x async", server, client);
    pings("async server", server, env!("CARGO_BIN_EXE_ping-client"));
    pings("async client", env!("CARGO_BIN_EXE_ping-server"), client);
}

/// The pooled client, with its flags and with the example configuration
/// file (its address overridden by `--port`).
#[test]
fn pooled_client_pings_both_servers() {
    let client = env!("CARGO_BIN_EXE_ping-pooled-client");
    pings("pooled", env!("CARGO_BIN_EXE_ping-server"), client);
    pings(
        "pooled async server",
        env!("CARGO_BIN_EXE_ping-async-server"),
        client,
    );
    let config = concat!(env!("CARGO_MANIFEST_DIR"), "/config/ping-pool.toml");
    pings_with(
        "pooled from config",
        env!("CARGO_BIN_EXE_ping-server"),
        client,
        &["--config", config],
    );
}

fn pings(what: &str, server_bin: &str, client_bin: &str) {
    pings_with(what, server_bin, client_bin, &[]);
}

fn pings_with(what: &str, server_bin: &str, client_bin: &str, extra: &[&str]) {
    let mut server = Server(
        Command::new(server_bin)
            .args(["--host", "127.0.0.1", "--port", "0"])
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the server"),
    );
    let mut lines = BufReader::new(server.0.stdout.take().unwrap()).lines();
    let first = lines.next().expect("server prints a line").unwrap();
    let address = first
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("{what}: unexpected first line {first:?}"));
    let port = address.rsplit(':').next().unwrap();
    assert_ne!(port, "0");

    let output = Command::new(client_bin)
        .args(["--host", "127.0.0.1", "--port", port, "--count", "3"])
        .args(extra)
        .output()
        .expect("run the client");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{what}: client failed: {stdout} {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut pings: Vec<&str> = stdout.lines().collect();
    // The pooled client pings from several threads: in any order.
    pings.sort_by_key(|line| {
        let number = line.strip_prefix("ping ").and_then(|l| l.split(':').next());
        number.and_then(|n| n.parse::<u32>().ok())
    });
    assert_eq!(pings.len(), 3, "{what}: {stdout}");
    for (n, line) in pings.iter().enumerate() {
        assert!(
            line.starts_with(&format!("ping {}: ok in ", n + 1)),
            "{what}: {line}"
        );
    }
    // The server saw each ping.
    for _ in 0..3 {
        assert_eq!(lines.next().unwrap().unwrap(), "ping of 64 bytes", "{what}");
    }
}

#[test]
fn client_reports_a_refused_connection() {
    // Bind and drop to find a port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let output = Command::new(env!("CARGO_BIN_EXE_ping-client"))
        .args(["--port", &port.to_string()])
        .output()
        .expect("run ping-client");
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot connect"));
}
