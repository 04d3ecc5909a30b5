//! The two implementations under test and the command lines that start them.

use std::fmt;
use std::process::Command;

use super::toolchain::{self, PythonSide};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Peer {
    Rust,
    /// The Rust binaries with `--async` (the async server or client).
    RustAsync,
    /// `cross-client --pooled`: the pooled proxy.
    RustPooled,
    /// `cross-client --async --pooled`: the async pooled proxy.
    RustAsyncPooled,
    Python,
}

impl fmt::Display for Peer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Peer::Rust => "rust",
            Peer::RustAsync => "rust-async",
            Peer::RustPooled => "rust-pooled",
            Peer::RustAsyncPooled => "rust-async-pooled",
            Peer::Python => "python",
        })
    }
}

/// One protocol/transport/multiplexing combination.
#[derive(Debug, Clone, Copy)]
pub struct Config {
    pub protocol: &'static str,
    pub transport: &'static str,
    pub multiplexed: bool,
}

impl fmt::Display for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}+{}", self.protocol, self.transport)?;
        if self.multiplexed {
            f.write_str("+multiplexed")?;
        }
        Ok(())
    }
}

/// Every protocol x transport, plain and multiplexed.
pub fn configs() -> Vec<Config> {
    let mut configs = Vec::new();
    for multiplexed in [false, true] {
        for protocol in ["binary", "compact"] {
            for transport in ["buffered", "framed"] {
                configs.push(Config {
                    protocol,
                    transport,
                    multiplexed,
                });
            }
        }
    }
    configs
}

fn base(peer: Peer, role: &str, python: Option<&PythonSide>) -> Command {
    match peer {
        Peer::Rust | Peer::RustAsync | Peer::RustPooled | Peer::RustAsyncPooled => {
            let mut command = Command::new(match role {
                "server" => env!("CARGO_BIN_EXE_cross-server"),
                _ => env!("CARGO_BIN_EXE_cross-client"),
            });
            if matches!(peer, Peer::RustAsync | Peer::RustAsyncPooled) {
                command.arg("--async");
            }
            if matches!(peer, Peer::RustPooled | Peer::RustAsyncPooled) {
                command.arg("--pooled");
            }
            command
        }
        Peer::Python => {
            let python = python.expect("python rows run only with the Python side");
            let mut command = Command::new(toolchain::python());
            command
                .env("PYTHONDONTWRITEBYTECODE", "1")
                .arg(python.scripts.join(format!("py_{role}.py")))
                .arg("--gen-dir")
                .arg(python.gen_dir.path());
            command
        }
    }
}

fn flags(command: &mut Command, config: Config, port: u16) {
    command.args(["--host", "127.0.0.1", "--port", &port.to_string()]);
    command.args([
        "--protocol",
        config.protocol,
        "--transport",
        config.transport,
    ]);
    if config.multiplexed {
        command.arg("--multiplexed");
    }
}

pub fn server_command(peer: Peer, config: Config, python: Option<&PythonSide>) -> Command {
    let mut command = base(peer, "server", python);
    flags(&mut command, config, 0);
    command
}

pub fn client_command(
    client: Peer,
    server: Peer,
    config: Config,
    port: u16,
    python: Option<&PythonSide>,
) -> Command {
    let mut command = base(client, "client", python);
    flags(&mut command, config, port);
    // The Python side's IDL predates uuid.
    if client != Peer::Python && server == Peer::Python {
        command.arg("--skip-uuid");
    }
    command
}
