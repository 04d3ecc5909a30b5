//! A real, standalone ZooKeeper for tests: Debian's `zookeeper` package
//! run by `java` on 127.0.0.1 at a free port, with a temporary data
//! directory, stopped on drop (also when the test panics).
//!
//! [`ZooKeeper::start`] returns `None` (after saying why on stderr) when
//! java or the package is missing, so a test can skip; under `CI=true` it
//! panics instead, since CI installs both.

#![allow(dead_code)] // each test file uses a different part

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Where Debian's `zookeeper` package puts its jar; its manifest's
/// `Class-Path` names every dependency (jute, netty, metrics, slf4j-api,
/// ...), so the class path only adds a logging binding.
const ZOOKEEPER_JAR: &str = "/usr/share/java/zookeeper.jar";
const LOGGING_JARS: &[&str] = &[
    "/usr/share/java/slf4j-nop.jar",
    "/usr/share/java/slf4j-simple.jar",
];

/// The tick: sessions may last 2 to 20 ticks, so with 200 ms a session
/// timeout of 1.2 s is granted as asked.
pub const TICK: Duration = Duration::from_millis(200);

/// A running ZooKeeper server; killed and its data removed on drop.
pub struct ZooKeeper {
    dir: tempfile::TempDir,
    port: u16,
    child: Option<Child>,
}

impl ZooKeeper {
    /// Starts a server, or says on stderr why it cannot (and returns
    /// `None`; under `CI=true` that is a failure).
    pub fn start() -> Option<ZooKeeper> {
        if let Err(why) = prerequisites() {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("ZooKeeper tests cannot run under CI: {why}");
            }
            eprintln!("skipping: ZooKeeper tests need {why}");
            return None;
        }
        let dir = tempfile::tempdir().expect("temporary directory for ZooKeeper");
        let port = free_port();
        let mut zk = ZooKeeper {
            dir,
            port,
            child: None,
        };
        zk.write_config();
        zk.launch();
        Some(zk)
    }

    /// `127.0.0.1:PORT`, the connect string.
    pub fn connect_string(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    pub fn addr(&self) -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], self.port))
    }

    /// Kills the server (as a crash would: no clean close of sessions).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts the server again on the same port; with `wipe`, on an empty
    /// data directory (every session and znode forgotten).
    pub fn restart(&mut self, wipe: bool) {
        self.stop();
        if wipe {
            let data = self.data_dir();
            let _ = std::fs::remove_dir_all(&data);
            std::fs::create_dir_all(&data).expect("ZooKeeper data directory");
        }
        self.launch();
    }

    /// The server's answer to the `srvr` four-letter command.
    pub fn srvr(&self) -> std::io::Result<String> {
        four_letter(self.addr(), "srvr")
    }

    fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn write_config(&self) {
        let data = self.data_dir();
        std::fs::create_dir_all(&data).expect("ZooKeeper data directory");
        let config = format!(
            "tickTime={tick}\n\
             dataDir={data}\n\
             clientPort={port}\n\
             clientPortAddress=127.0.0.1\n\
             admin.enableServer=false\n\
             4lw.commands.whitelist=srvr,ruok\n\
             minSessionTimeout={min}\n\
             maxSessionTimeout={max}\n\
             maxClientCnxns=200\n",
            tick = TICK.as_millis(),
            data = data.display(),
            port = self.port,
            min = 2 * TICK.as_millis(),
            max = 50 * TICK.as_millis(),
        );
        std::fs::write(self.dir.path().join("zoo.cfg"), config).expect("zoo.cfg");
    }

    fn launch(&mut self) {
        let log = std::fs::File::create(self.dir.path().join("zookeeper.log")).expect("log file");
        let log_err = log.try_clone().expect("log file");
        let logging = LOGGING_JARS
            .iter()
            .find(|jar| Path::new(jar).exists())
            .copied()
            .unwrap_or(LOGGING_JARS[0]);
        let child = Command::new("java")
            .arg("-Xmx256m")
            .arg("-XX:+UseSerialGC")
            .arg("-XX:TieredStopAtLevel=1")
            .arg("-cp")
            .arg(format!("{ZOOKEEPER_JAR}:{logging}"))
            .arg("org.apache.zookeeper.server.ZooKeeperServerMain")
            .arg(self.dir.path().join("zoo.cfg"))
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(log_err)
            .spawn()
            .expect("start java for ZooKeeper");
        self.child = Some(child);
        self.wait_ready(Duration::from_secs(30));
    }

    fn wait_ready(&mut self, limit: Duration) {
        let deadline = Instant::now() + limit;
        loop {
            if let Ok(answer) = self.srvr() {
                if answer.contains("Mode: standalone") {
                    return;
                }
            }
            if let Some(child) = self.child.as_mut() {
                if let Ok(Some(status)) = child.try_wait() {
                    panic!("ZooKeeper exited with {status}: {}", self.log());
                }
            }
            if Instant::now() > deadline {
                let log = self.log();
                self.stop();
                panic!("ZooKeeper did not answer srvr within {limit:?}: {log}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The server's log so far (for failure messages).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("zookeeper.log")).unwrap_or_default()
    }
}

impl Drop for ZooKeeper {
    fn drop(&mut self) {
        self.stop();
    }
}

fn prerequisites() -> Result<(), String> {
    if !Path::new(ZOOKEEPER_JAR).exists() {
        return Err(format!(
            "the Debian package `zookeeper` ({ZOOKEEPER_JAR} is missing)"
        ));
    }
    match Command::new("java")
        .arg("-version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
    {
        Ok(status) if status.success() => Ok(()),
        _ => Err("java (Debian `default-jre-headless`) on PATH".to_owned()),
    }
}

/// A port free now on 127.0.0.1 (the kernel's pick).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port on 127.0.0.1")
}

/// Sends a four-letter command and reads the whole answer.
pub fn four_letter(addr: SocketAddr, command: &str) -> std::io::Result<String> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_millis(500))?;
    stream.set_read_timeout(Some(Duration::from_secs(2)))?;
    stream.write_all(command.as_bytes())?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    Ok(answer)
}
