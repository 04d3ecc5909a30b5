//! Registration and discovery against a real ZooKeeper (Debian's
//! `zookeeper` package, started by `support::zk`): Curator-shaped
//! znodes, balancing, a crashed server, a graceful shutdown, a
//! ZooKeeper restart, a server joining, and Python (kazoo) on both sides.
//! Every test is bounded in time and calls, loopback only.

#![cfg(feature = "zookeeper")]

mod common;
mod support {
    pub mod zk;
}

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{EchoArgs, EchoResult, Oops};
use support::zk::ZooKeeper;
use thriftgen_runtime::codec::{Decoder, Encode, Encoder};
use thriftgen_runtime::nonblocking::{
    self, AsyncChannel, AsyncService, ReplyFuture, Server, ServerConfig,
};
use thriftgen_runtime::registry::{
    AsyncDiscoveringChannel, Balance, DiscoveringChannel, DiscoveryConfig, Endpoint,
    ExportedServer, Exporter, ExporterConfig, FramedConnector, MultiplexedConnector, Registry,
    ZooKeeperConfig, ZooKeeperRegistry, from_curator_json,
};
use thriftgen_runtime::thrift::protocol::TType;
use thriftgen_runtime::{CallError, Channel, Dispatch, IncomingCall, thrift};

const SERVICE: &str = "Echo";
/// What the clients' own sessions ask for (the crash test's child asks
/// for less, so its crash is noticed quickly).
const SESSION: Duration = Duration::from_secs(4);
const CHILD_SESSION: Duration = Duration::from_millis(1500);

/// One ZooKeeper test at a time: each starts a JVM, and the timing of
/// the others would blur the fairness checks on two cores.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Encode for EchoArgs {
    fn encode<E: Encoder>(&self, encoder: &mut E) -> thrift::Result<()> {
        let scope = encoder.write_struct_begin()?;
        encoder.write_field_begin(TType::String, 1)?;
        encoder.write_string(&self.text)?;
        encoder.write_field_end()?;
        encoder.write_field_stop()?;
        encoder.write_struct_end(scope)
    }
}

fn result(outcome: Result<String, Oops>) -> EchoResult {
    match outcome {
        Ok(text) => EchoResult {
            success: Some(text),
            oops: None,
        },
        Err(oops) => EchoResult {
            success: None,
            oops: Some(oops),
        },
    }
}

/// `echo` answering `NAME:text`, so a client can tell who answered.
struct Echo {
    name: String,
}

impl Dispatch for Echo {
    fn dispatch_call<D: Decoder, E: Encoder>(
        &self,
        call: IncomingCall<'_, D, E>,
    ) -> thrift::Result<()> {
        match call.method() {
            "echo" => call.reply(
                |args: EchoArgs| Ok::<_, CallError<Oops>>(format!("{}:{}", self.name, args.text)),
                result,
            ),
            _ => call.unknown_method(),
        }
    }
}

struct AsyncEcho {
    name: String,
}

impl AsyncService for AsyncEcho {
    fn call(&self, call: nonblocking::IncomingCall) -> ReplyFuture<'_> {
        Box::pin(async move {
            match call.method() {
                "echo" => {
                    call.reply(
                        |args: EchoArgs| async move {
                            Ok::<_, CallError<Oops>>(format!("{}:{}", self.name, args.text))
                        },
                        result,
                    )
                    .await
                }
                _ => call.unknown_method(),
            }
        })
    }
}

fn registry(zk: &ZooKeeper, session: Duration) -> ZooKeeperRegistry {
    let config = ZooKeeperConfig::new(zk.connect_string())
        .session_timeout(session)
        .operation_timeout(Duration::from_secs(15));
    ZooKeeperRegistry::start(config).expect("registry")
}

fn export(registry: &ZooKeeperRegistry, name: &str, grace: Duration) -> ExportedServer {
    let listener = TcpListener::bind("127.0.0.1:0").expect("listener");
    let exporter = Exporter::new(registry.clone(), ExporterConfig::default().grace(grace));
    let endpoint = Endpoint::new(SERVICE, "127.0.0.1", 0)
        .id(name)
        .metadata("name", name);
    exporter
        .serve_framed(
            listener,
            Arc::new(Echo {
                name: name.to_owned(),
            }),
            endpoint,
        )
        .expect("export")
}

type Client = DiscoveringChannel<FramedConnector>;

fn client(registry: &ZooKeeperRegistry, balance: Balance) -> Client {
    let config = DiscoveryConfig::default()
        .balance(balance)
        .wait_for_endpoint(Duration::from_secs(10))
        .ejection_time(Duration::from_secs(2));
    DiscoveringChannel::new(
        SERVICE,
        registry.watch(SERVICE),
        config,
        FramedConnector::default(),
    )
}

/// Who answered a call (the `NAME:` prefix).
fn echo(client: &Client, text: &str) -> thrift::Result<String> {
    let reply: EchoResult = client.call(
        "echo",
        &EchoArgs {
            text: text.to_owned(),
        },
    )?;
    let answer = reply.success.unwrap_or_default();
    match answer.split_once(':') {
        Some((name, echoed)) if echoed == text => Ok(name.to_owned()),
        _ => panic!("bad echo {answer:?} for {text:?}"),
    }
}

/// Waits until the client's endpoint ids are `ids` (sorted).
fn wait_for_endpoints(client: &Client, ids: &[&str], limit: Duration) {
    let deadline = Instant::now() + limit;
    loop {
        let now: Vec<String> = client.endpoints().into_iter().map(|e| e.id).collect();
        if now == ids {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "endpoints {now:?}, expected {ids:?} within {limit:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Calls from `threads` threads until stopped (at most `limit` calls
/// each), counting answers per server and failures.
struct Load {
    stop: Arc<AtomicBool>,
    counts: Arc<Mutex<BTreeMap<String, usize>>>,
    failures: Arc<Mutex<Vec<String>>>,
    threads: Vec<std::thread::JoinHandle<()>>,
}

impl Load {
    fn start(client: &Arc<Client>, threads: usize, limit: usize) -> Load {
        let stop = Arc::new(AtomicBool::new(false));
        let counts = Arc::new(Mutex::new(BTreeMap::new()));
        let failures = Arc::new(Mutex::new(Vec::new()));
        let threads = (0..threads)
            .map(|t| {
                let (client, stop) = (client.clone(), stop.clone());
                let (counts, failures) = (counts.clone(), failures.clone());
                std::thread::spawn(move || {
                    for i in 0..limit {
                        if stop.load(Ordering::Relaxed) {
                            break;
                        }
                        match echo(&client, &format!("{t}-{i}")) {
                            Ok(name) => *counts.lock().unwrap().entry(name).or_insert(0) += 1,
                            Err(e) => failures.lock().unwrap().push(format!("{e:?}")),
                        }
                        std::thread::sleep(Duration::from_millis(1));
                    }
                })
            })
            .collect();
        Load {
            stop,
            counts,
            failures,
            threads,
        }
    }

    /// Counts so far, and zeroes them.
    fn take_counts(&self) -> BTreeMap<String, usize> {
        std::mem::take(&mut *self.counts.lock().unwrap())
    }

    fn take_failures(&self) -> Vec<String> {
        std::mem::take(&mut *self.failures.lock().unwrap())
    }

    /// Stops the callers and gives what they counted.
    fn finish(self) -> (BTreeMap<String, usize>, Vec<String>) {
        self.stop.store(true, Ordering::Relaxed);
        self.wait()
    }

    /// Lets every caller make all its calls.
    fn wait(mut self) -> (BTreeMap<String, usize>, Vec<String>) {
        for thread in std::mem::take(&mut self.threads) {
            thread.join().expect("load thread");
        }
        (self.take_counts(), self.take_failures())
    }
}

/// The python3 with kazoo (Debian's), or why there is none.
fn kazoo_python() -> Option<&'static str> {
    let python = "/usr/bin/python3";
    let ok = Command::new(python)
        .args(["-c", "import kazoo"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if ok {
        return Some(python);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("python3-kazoo is missing under CI");
    }
    eprintln!("skipping the kazoo part: {python} cannot import kazoo (Debian python3-kazoo)");
    None
}

#[test]
fn registration_is_curator_shaped_and_python_reads_and_registers() {
    let _serial = serial();
    let Some(zk) = ZooKeeper::start() else { return };
    let registry = registry(&zk, SESSION);
    let server = export(&registry, "rust-1", Duration::from_millis(100));
    let port = server.local_addr().port();

    // What kazoo (another ZooKeeper client) sees.
    if let Some(python) = kazoo_python() {
        let script = format!(
            "from kazoo.client import KazooClient\n\
             zk = KazooClient(hosts='{hosts}'); zk.start(timeout=10)\n\
             print(zk.get_children('/services/{SERVICE}'))\n\
             data, stat = zk.get('/services/{SERVICE}/rust-1')\n\
             print(stat.ephemeralOwner != 0)\n\
             print(data.decode())\n\
             zk.stop()\n",
            hosts = zk.connect_string()
        );
        let out = Command::new(python)
            .args(["-c", &script])
            .output()
            .expect("run python");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let out = String::from_utf8_lossy(&out.stdout);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "['rust-1']", "{out}");
        assert_eq!(lines[1], "True", "ephemeral: {out}");
        let json = lines[2];
        for part in [
            "\"name\":\"Echo\"",
            "\"id\":\"rust-1\"",
            "\"address\":\"127.0.0.1\"",
            &format!("\"port\":{port}"),
            "\"serviceType\":\"DYNAMIC\"",
            "\"@class\":\"java.util.LinkedHashMap\"",
            "\"protocol\":\"binary\"",
            "\"transport\":\"framed\"",
            "\"weight\":1",
            "\"registrationTimeUTC\":",
        ] {
            assert!(json.contains(part), "{part} missing in {json}");
        }
        let endpoint = from_curator_json(json.as_bytes()).unwrap().unwrap();
        assert_eq!(endpoint.metadata["name"], "rust-1");

        // A server Python registers (in the same layout) is discovered
        // and called by the Rust client; here it points at a plain Rust
        // echo server that registers nothing itself.
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let python_port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                std::thread::spawn(move || {
                    let echo = Echo {
                        name: "py-1".to_owned(),
                    };
                    let _ = thriftgen_runtime::serve_framed(
                        &echo,
                        stream,
                        thriftgen_runtime::WireProtocol::Binary,
                        thriftgen_runtime::DEFAULT_MAX_FRAME,
                    );
                });
            }
        });
        let script = format!(
            "import json, sys, time, uuid\n\
             from kazoo.client import KazooClient\n\
             zk = KazooClient(hosts='{hosts}'); zk.start(timeout=10)\n\
             node = {{'name': '{SERVICE}', 'id': 'py-1', 'address': '127.0.0.1', 'port': {python_port},\n\
                     'sslPort': None, 'payload': {{'@class': 'java.util.LinkedHashMap',\n\
                     'protocol': 'binary', 'transport': 'framed', 'weight': 1}},\n\
                     'registrationTimeUTC': int(time.time() * 1000), 'serviceType': 'DYNAMIC',\n\
                     'uriSpec': None}}\n\
             zk.create('/services/{SERVICE}/py-1', json.dumps(node).encode(), ephemeral=True, makepath=True)\n\
             print('registered', flush=True)\n\
             sys.stdin.read()\n\
             zk.stop()\n",
            hosts = zk.connect_string()
        );
        let mut python_server = KillOnDrop(
            Command::new(python)
                .args(["-c", &script])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .spawn()
                .expect("run python"),
        );
        let mut line = String::new();
        let stdout = python_server.0.stdout.take().expect("python stdout");
        BufReader::new(stdout).read_line(&mut line).unwrap();
        assert_eq!(line.trim(), "registered");
        let client = client(&registry, Balance::RoundRobin);
        wait_for_endpoints(&client, &["py-1", "rust-1"], Duration::from_secs(10));
        let mut seen = BTreeMap::new();
        for i in 0..20 {
            *seen
                .entry(echo(&client, &i.to_string()).unwrap())
                .or_insert(0) += 1;
        }
        assert_eq!(
            seen,
            BTreeMap::from([("py-1".into(), 10), ("rust-1".into(), 10)])
        );
        // Python deregisters (closes its session): the client drops it.
        drop(python_server.0.stdin.take());
        let _ = python_server.0.wait();
        wait_for_endpoints(&client, &["rust-1"], Duration::from_secs(10));
    }
    server.shutdown().unwrap();
}

/// Kills a child process when dropped (a test that panics leaves none).
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Env var telling this test binary, run again, to be a crashing server.
const CHILD_ENV: &str = "THRIFTGEN_REGISTRY_CHILD";

/// Not a test of its own: with `THRIFTGEN_REGISTRY_CHILD=CONNECT NAME`
/// set, it exports an echo server, prints `READY`, and serves until
/// killed (or 60 s).
#[test]
fn child_server() {
    let Ok(spec) = std::env::var(CHILD_ENV) else {
        return;
    };
    let Some((connect, name)) = spec.split_once(' ') else {
        panic!("bad {CHILD_ENV}: {spec}");
    };
    let config = ZooKeeperConfig::new(connect).session_timeout(CHILD_SESSION);
    let registry = ZooKeeperRegistry::start(config).expect("registry");
    let _server = export(&registry, name, Duration::ZERO);
    println!("READY");
    std::thread::sleep(Duration::from_secs(60));
}

fn spawn_child_server(zk: &ZooKeeper, name: &str) -> KillOnDrop {
    let mut child = Command::new(std::env::current_exe().expect("test binary"))
        .args(["--exact", "child_server", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, format!("{} {name}", zk.connect_string()))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn child server");
    let stdout = child.stdout.take().expect("child stdout");
    let mut child = KillOnDrop(child);
    let ready = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .any(|line| line.contains("READY"));
    if !ready {
        let _ = child.0.kill();
        panic!("child server {name} did not start");
    }
    child
}

fn assert_fair(counts: &BTreeMap<String, usize>, names: &[&str], total: usize) {
    let keys: Vec<&str> = counts.keys().map(String::as_str).collect();
    assert_eq!(keys, names, "{counts:?}");
    let share = total / names.len();
    for (name, count) in counts {
        assert!(
            count.abs_diff(share) <= share / 10,
            "{name} got {count} of {total}: {counts:?}"
        );
    }
}

#[test]
fn balance_crash_graceful_shutdown_and_join() {
    let _serial = serial();
    let Some(zk) = ZooKeeper::start() else { return };
    let registry = registry(&zk, SESSION);
    let a = export(&registry, "a", Duration::from_millis(500));
    // b's grace is ample for a loaded CI machine: the watch takes ~0.1 s.
    let b = export(&registry, "b", Duration::from_secs(1));
    let c = spawn_child_server(&zk, "c");
    let client = Arc::new(client(&registry, Balance::RoundRobin));
    wait_for_endpoints(&client, &["a", "b", "c"], Duration::from_secs(10));

    // 3,000 calls from 3 threads, round robin: a fair share each.
    let (counts, failures) = Load::start(&client, 3, 1000).wait();
    assert!(failures.is_empty(), "{failures:?}");
    assert_fair(&counts, &["a", "b", "c"], 3000);

    // Weighted random with equal weights: fair too, within noise.
    let random = Arc::new(self::client(&registry, Balance::WeightedRandom));
    wait_for_endpoints(&random, &["a", "b", "c"], Duration::from_secs(10));
    let mut counts = BTreeMap::new();
    for i in 0..3000 {
        *counts
            .entry(echo(&random, &i.to_string()).unwrap())
            .or_insert(0usize) += 1;
    }
    for (name, count) in &counts {
        assert!((850..1150).contains(count), "{name}: {counts:?}");
    }

    // c crashes (no deregistration): after its session times out it is
    // gone; no call fails beyond those in flight at the kill.
    let load = Load::start(&client, 3, 20_000);
    std::thread::sleep(Duration::from_millis(300));
    let killed = Instant::now();
    drop(c);
    wait_for_endpoints(&client, &["a", "b"], CHILD_SESSION * 4);
    let removal = killed.elapsed();
    let failed_at_kill = load.take_failures();
    assert!(failed_at_kill.len() <= 3, "{failed_at_kill:?}");
    load.take_counts();
    std::thread::sleep(Duration::from_millis(500));
    let after = load.take_counts();
    assert_eq!(after.keys().collect::<Vec<_>>(), ["a", "b"], "{after:?}");
    eprintln!(
        "crash: removed {removal:?} after the kill ({} calls failed)",
        failed_at_kill.len()
    );

    // b shuts down gracefully under load: removed before its port
    // closes, no call fails.
    let started = Instant::now();
    let stopping = std::thread::spawn(move || b.shutdown());
    wait_for_endpoints(&client, &["a"], Duration::from_secs(5));
    let gone = started.elapsed();
    stopping.join().unwrap().unwrap();
    eprintln!(
        "graceful shutdown: out of the client's rotation after {gone:?}, port closed after {:?}",
        started.elapsed()
    );
    let failed = load.take_failures();
    assert!(failed.is_empty(), "{failed:?}");
    load.take_counts();
    std::thread::sleep(Duration::from_millis(300));
    let after = load.take_counts();
    assert_eq!(after.keys().collect::<Vec<_>>(), ["a"], "{after:?}");

    // d joins and gets calls; nothing fails.
    let d = export(&registry, "d", Duration::from_millis(500));
    wait_for_endpoints(&client, &["a", "d"], Duration::from_secs(10));
    load.take_counts();
    std::thread::sleep(Duration::from_millis(500));
    let (counts, failures) = load.finish();
    assert!(failures.is_empty(), "{failures:?}");
    assert!(counts.get("d").is_some_and(|&n| n > 50), "{counts:?}");
    d.shutdown().unwrap();
    a.shutdown().unwrap();
}

#[test]
fn zookeeper_restart_servers_register_again_and_clients_recover() {
    let _serial = serial();
    let Some(mut zk) = ZooKeeper::start() else {
        return;
    };
    let servers = registry(&zk, SESSION);
    let a = export(&servers, "a", Duration::from_millis(200));
    let b = export(&servers, "b", Duration::from_millis(200));
    let clients = registry(&zk, SESSION);
    let client = Arc::new(client(&clients, Balance::LeastOutstanding));
    wait_for_endpoints(&client, &["a", "b"], Duration::from_secs(10));
    let load = Load::start(&client, 2, 20_000);

    // ZooKeeper goes away: known endpoints go on being called.
    zk.stop();
    load.take_counts();
    std::thread::sleep(Duration::from_secs(1));
    let during = load.take_counts();
    assert_eq!(during.keys().collect::<Vec<_>>(), ["a", "b"], "{during:?}");

    // It comes back with nothing (every session and znode lost): the
    // servers' registry opens a new session and registers again.
    zk.restart(true);
    let deadline = Instant::now() + Duration::from_secs(20);
    let python_free_check = || -> Vec<String> {
        // What a fresh client (new session) sees.
        let fresh = registry(&zk, SESSION);
        let watch = fresh.watch(SERVICE);
        let started = Instant::now();
        loop {
            let ids: Vec<String> = watch.borrow().iter().map(|e| e.id.clone()).collect();
            if ids.len() == 2 || started.elapsed() > Duration::from_secs(2) {
                return ids;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    loop {
        if python_free_check() == ["a", "b"] {
            break;
        }
        assert!(Instant::now() < deadline, "servers did not register again");
    }
    // The clients' watch follows the new session; calls never stopped.
    wait_for_endpoints(&client, &["a", "b"], Duration::from_secs(10));
    let (counts, failures) = load.finish();
    assert!(failures.is_empty(), "{failures:?}");
    assert_eq!(counts.keys().collect::<Vec<_>>(), ["a", "b"], "{counts:?}");

    // And changes are seen again: b leaves.
    b.shutdown().unwrap();
    wait_for_endpoints(&client, &["a"], Duration::from_secs(10));
    a.shutdown().unwrap();
}

#[test]
fn async_exporter_and_client_spread_and_shut_down_gracefully() {
    let _serial = serial();
    let Some(zk) = ZooKeeper::start() else { return };
    let registry = registry(&zk, SESSION);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let mut servers = Vec::new();
        for name in ["x", "y", "z"] {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let server = Server::new(
                ServerConfig::default(),
                AsyncEcho {
                    name: name.to_owned(),
                },
            );
            let exporter = Exporter::new(
                registry.clone(),
                ExporterConfig::default().grace(Duration::from_secs(1)),
            );
            let shutdown = nonblocking::Shutdown::new();
            let endpoint = Endpoint::new(SERVICE, "127.0.0.1", 0).id(name);
            let stop = shutdown.clone();
            let task =
                tokio::spawn(async move { exporter.serve(server, listener, endpoint, stop).await });
            servers.push((shutdown, task));
        }
        let client = Arc::new(AsyncDiscoveringChannel::new(
            SERVICE,
            registry.watch(SERVICE),
            DiscoveryConfig::default().wait_for_endpoint(Duration::from_secs(10)),
            MultiplexedConnector::default(),
        ));
        let deadline = Instant::now() + Duration::from_secs(10);
        while client.endpoints().len() < 3 {
            assert!(Instant::now() < deadline, "{:?}", client.endpoints());
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let failures = Arc::new(AtomicUsize::new(0));
        let running = Arc::new(AtomicBool::new(true));
        let counts = Arc::new(Mutex::new(BTreeMap::<String, usize>::new()));
        let tasks: Vec<_> = (0..16)
            .map(|t| {
                let (client, failures) = (client.clone(), failures.clone());
                let (running, counts) = (running.clone(), counts.clone());
                tokio::spawn(async move {
                    for i in 0..3000 {
                        if !running.load(Ordering::Relaxed) {
                            break;
                        }
                        let text = format!("{t}-{i}");
                        let args = EchoArgs { text: text.clone() };
                        match client.call::<_, EchoResult>("echo", &args).await {
                            Ok(reply) => {
                                let answer = reply.success.unwrap_or_default();
                                let (name, echoed) = answer.split_once(':').unwrap();
                                assert_eq!(echoed, text);
                                *counts.lock().unwrap().entry(name.to_owned()).or_insert(0) += 1;
                            }
                            Err(_) => {
                                failures.fetch_add(1, Ordering::Relaxed);
                            }
                        }
                        tokio::time::sleep(Duration::from_millis(1)).await;
                    }
                })
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(700)).await;
        // z shuts down gracefully in the middle of the load.
        let (shutdown, task) = servers.pop().unwrap();
        shutdown.trigger();
        task.await.unwrap().unwrap();
        let before = counts.lock().unwrap().clone();
        tokio::time::sleep(Duration::from_millis(300)).await;
        running.store(false, Ordering::Relaxed);
        for task in tasks {
            task.await.unwrap();
        }
        assert_eq!(failures.load(Ordering::Relaxed), 0);
        let counts = counts.lock().unwrap().clone();
        assert_eq!(
            counts.keys().collect::<Vec<_>>(),
            ["x", "y", "z"],
            "{counts:?}"
        );
        assert_eq!(counts["z"], before["z"], "z called after it left");
        for (shutdown, task) in servers {
            shutdown.trigger();
            task.await.unwrap().unwrap();
        }
    });
}

#[test]
fn pooled_connectors_balance_and_fail_over() {
    use thriftgen_runtime::pool::PoolConfig;
    use thriftgen_runtime::registry::{AsyncPooledConnector, PooledConnector};

    let _serial = serial();
    let Some(zk) = ZooKeeper::start() else { return };
    let registry = registry(&zk, SESSION);
    let a = export(&registry, "a", Duration::from_millis(300));
    let b = export(&registry, "b", Duration::from_millis(300));
    let c = spawn_child_server(&zk, "c");
    // The pool's address list is replaced by each endpoint's address.
    let template = PoolConfig::new(["unused:1"])
        .max_size(4)
        .max_wait(Duration::from_millis(300));
    let config = DiscoveryConfig::default().wait_for_endpoint(Duration::from_secs(10));
    let pooled = DiscoveringChannel::new(
        SERVICE,
        registry.watch(SERVICE),
        config.clone(),
        PooledConnector::new(template.clone()),
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    while pooled.endpoints().len() < 3 {
        assert!(Instant::now() < deadline, "{:?}", pooled.endpoints());
        std::thread::sleep(Duration::from_millis(20));
    }
    let call = |text: &str| -> thrift::Result<String> {
        let reply: EchoResult = pooled.call(
            "echo",
            &EchoArgs {
                text: text.to_owned(),
            },
        )?;
        Ok(reply.success.unwrap_or_default())
    };
    let mut counts = BTreeMap::new();
    for i in 0..900 {
        let answer = call(&i.to_string()).unwrap();
        *counts
            .entry(answer.split(':').next().unwrap().to_owned())
            .or_insert(0) += 1;
    }
    assert_eq!(
        counts,
        BTreeMap::from([("a".into(), 300), ("b".into(), 300), ("c".into(), 300)])
    );
    // c crashes: its pooled connections are found closed, reconnecting
    // fails, the call moves on; c is ejected before ZooKeeper notices.
    drop(c);
    std::thread::sleep(Duration::from_millis(100));
    let started = Instant::now();
    for i in 0..300 {
        call(&format!("after {i}")).unwrap();
    }
    eprintln!(
        "pooled: 300 calls right after a crash took {:?}",
        started.elapsed()
    );

    // The async pool behind the async discovering channel.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let client = AsyncDiscoveringChannel::new(
            SERVICE,
            registry.watch(SERVICE),
            config,
            AsyncPooledConnector::new(template),
        );
        let mut counts = BTreeMap::new();
        for i in 0..600 {
            let args = EchoArgs {
                text: i.to_string(),
            };
            let reply: EchoResult = client.call("echo", &args).await.unwrap();
            let answer = reply.success.unwrap_or_default();
            *counts
                .entry(answer.split(':').next().unwrap().to_owned())
                .or_insert(0) += 1;
        }
        assert_eq!(counts.keys().collect::<Vec<_>>(), ["a", "b"], "{counts:?}");
    });
    drop(runtime);
    a.shutdown().unwrap();
    b.shutdown().unwrap();
}
