//! Pooled proxies (`CalculatorPooledClient`, `CalculatorAsyncPooledClient`)
//! against a blocking framed server that counts its connections: many
//! callers through a small pool never open more connections than the
//! pool's maximum, every reply is the caller's own, a caller that finds
//! every connection lent gets a clear error after the configured wait, a
//! connection that failed is never reused, and a restarted server is
//! found again. Loopback only; every server stops when its test ends.

mod support;

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use service_tests::calculator::{
    CalculatorAsyncIface, CalculatorAsyncPooledClient, CalculatorClient, CalculatorIface,
    CalculatorPooledClient, CalculatorProcessor, Operation, Work,
};
use support::Calc;
use thriftgen_runtime::pool::{PoolConfig, PoolMode, RetryPolicy, join_all};
use thriftgen_runtime::thrift::TransportErrorKind;
use thriftgen_runtime::{CallError, FramedChannel, WireProtocol, serve_framed};

/// A blocking framed server, a thread per connection, that counts its
/// connections; stops (closing every connection) when dropped.
struct CountingServer {
    address: SocketAddr,
    open: Arc<AtomicUsize>,
    peak: Arc<AtomicUsize>,
    accepted: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    streams: Arc<Mutex<Vec<TcpStream>>>,
    acceptor: Option<thread::JoinHandle<()>>,
}

impl CountingServer {
    fn start() -> CountingServer {
        Self::on(TcpListener::bind("127.0.0.1:0").unwrap())
    }

    /// Serves on `address` again (after [`stop`](Self::stop)).
    fn restart(address: SocketAddr) -> CountingServer {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            match TcpListener::bind(address) {
                Ok(listener) => return Self::on(listener),
                Err(e) if Instant::now() < deadline => {
                    eprintln!("rebinding {address}: {e}");
                    thread::sleep(Duration::from_millis(50));
                }
                Err(e) => panic!("cannot listen on {address} again: {e}"),
            }
        }
    }

    fn on(listener: TcpListener) -> CountingServer {
        let address = listener.local_addr().unwrap();
        listener.set_nonblocking(true).unwrap();
        let open = Arc::new(AtomicUsize::new(0));
        let peak = Arc::new(AtomicUsize::new(0));
        let accepted = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let streams = Arc::new(Mutex::new(Vec::new()));
        let processor = Arc::new(CalculatorProcessor::new(Calc::new().0));
        let acceptor = {
            let (open, peak, accepted) = (open.clone(), peak.clone(), accepted.clone());
            let (stop, streams) = (stop.clone(), streams.clone());
            thread::spawn(move || {
                while !stop.load(Ordering::SeqCst) {
                    let stream = match listener.accept() {
                        Ok((stream, _)) => stream,
                        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                            thread::sleep(Duration::from_millis(2));
                            continue;
                        }
                        Err(e) => panic!("accept: {e}"),
                    };
                    stream.set_nonblocking(false).unwrap();
                    streams.lock().unwrap().push(stream.try_clone().unwrap());
                    accepted.fetch_add(1, Ordering::SeqCst);
                    let now = open.fetch_add(1, Ordering::SeqCst) + 1;
                    peak.fetch_max(now, Ordering::SeqCst);
                    let (open, processor) = (open.clone(), processor.clone());
                    thread::spawn(move || {
                        let _ = serve_framed(&*processor, stream, WireProtocol::Binary, 1 << 20);
                        open.fetch_sub(1, Ordering::SeqCst);
                    });
                }
            })
        };
        CountingServer {
            address,
            open,
            peak,
            accepted,
            stop,
            streams,
            acceptor: Some(acceptor),
        }
    }

    fn peak(&self) -> usize {
        self.peak.load(Ordering::SeqCst)
    }

    fn accepted(&self) -> usize {
        self.accepted.load(Ordering::SeqCst)
    }

    /// Stops accepting and closes every connection, as a server process
    /// that exits would.
    fn stop(mut self) -> SocketAddr {
        self.halt();
        self.address
    }

    fn halt(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(acceptor) = self.acceptor.take() {
            acceptor.join().unwrap();
        }
        for stream in self.streams.lock().unwrap().drain(..) {
            let _ = stream.shutdown(std::net::Shutdown::Both);
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        while self.open.load(Ordering::SeqCst) > 0 && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(5));
        }
    }
}

impl Drop for CountingServer {
    fn drop(&mut self) {
        self.halt();
    }
}

fn config(server: SocketAddr) -> PoolConfig {
    PoolConfig::new([server.to_string()])
        .max_size(4)
        .max_wait(Duration::from_secs(10))
        .read_timeout(Some(Duration::from_secs(10)))
}

/// A call that takes `ms` on the server (see `support::Calc::add`).
const SLOW: i32 = -1;

#[test]
fn sixteen_threads_share_four_connections_and_get_their_own_replies() {
    let server = CountingServer::start();
    let client = Arc::new(CalculatorPooledClient::pooled(&config(server.address)).unwrap());
    let started = Instant::now();
    let failures: usize = join_all((0..16).map(|thread| {
        let client = client.clone();
        move || {
            (0..5_000)
                .filter(|&i| {
                    let n = thread * 1_000_000 + i;
                    client
                        .add(n, 7)
                        .map_err(|e| eprintln!("call {n}: {e}"))
                        .ok()
                        != Some(n + 7)
                })
                .count()
        }
    }))
    .into_iter()
    .sum();
    assert_eq!(failures, 0, "every call gets its own answer");
    assert!(server.peak() <= 4, "{} connections at once", server.peak());
    let state = client.pool_state();
    assert!(state.created <= 4 && state.connections <= 4, "{state:?}");
    assert_eq!((state.discarded, state.timed_out, state.waiting), (0, 0, 0));
    eprintln!(
        "16 x 5000 pooled calls in {:?}: {state:?}",
        started.elapsed()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_tasks_share_the_async_pool_in_both_modes() {
    for mode in [PoolMode::Multiplexed, PoolMode::Exclusive] {
        let server = CountingServer::start();
        let client =
            CalculatorAsyncPooledClient::pooled(&config(server.address).mode(mode)).unwrap();
        let tasks: Vec<_> = (0..128)
            .map(|task| {
                let client = client.clone();
                tokio::spawn(async move {
                    let mut failures = 0;
                    for i in 0..200 {
                        let n = task * 1_000_000 + i;
                        if client.add(n, 7).await.ok() != Some(n + 7) {
                            failures += 1;
                        }
                    }
                    failures
                })
            })
            .collect();
        let mut failures = 0;
        for task in tasks {
            failures += task.await.unwrap();
        }
        assert_eq!(failures, 0, "{mode:?}: every call gets its own answer");
        assert!(
            server.peak() <= 4,
            "{mode:?}: {} connections at once",
            server.peak()
        );
        let state = client.pool_state();
        assert!(state.created <= 4, "{mode:?}: {state:?}");
        assert_eq!(state.timed_out, 0, "{mode:?}: {state:?}");
        // Multiplexed: the connection the calls shared went back to bb8
        // with the last call.
        assert_eq!(state.in_use, 0, "{mode:?}: {state:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_waiting_for_the_only_connection_share_it_once_it_is_leased() {
    let server = CountingServer::start();
    // With one connection, lent for the lease, calls that asked bb8 for
    // one would wait out `max_wait` unless they take the lease instead.
    let config = config(server.address)
        .max_size(1)
        .max_wait(Duration::from_secs(2));
    let client = CalculatorAsyncPooledClient::pooled(&config).unwrap();
    let tasks: Vec<_> = (0..64)
        .map(|task| {
            let client = client.clone();
            tokio::spawn(async move {
                let mut failures = Vec::new();
                for i in 0..100 {
                    let n = task * 1_000_000 + i;
                    match client.add(n, 7).await {
                        Ok(sum) if sum == n + 7 => {}
                        other => failures.push(format!("{n}: {other:?}")),
                    }
                }
                failures
            })
        })
        .collect();
    for task in tasks {
        let failures = task.await.unwrap();
        assert!(failures.is_empty(), "{failures:?}");
    }
    let state = client.pool_state();
    assert_eq!(
        (state.created, state.timed_out, state.in_use),
        (1, 0, 0),
        "{state:?}"
    );
    assert_eq!(server.peak(), 1);
}

// One thread: the slow calls find the lease the first one made, so
// there is one connection to break.
#[tokio::test(flavor = "current_thread")]
async fn a_shared_connection_that_broke_goes_back_at_once_and_is_not_used_again() {
    let server = CountingServer::start();
    let client = CalculatorAsyncPooledClient::pooled(&config(server.address)).unwrap();
    assert_eq!(client.add(1, 1).await.ok(), Some(2));
    // Calls on the wire, sharing one connection, when the server goes.
    let slow: Vec<_> = (0..4)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.add(300, SLOW).await })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let address = tokio::task::spawn_blocking(move || server.stop())
        .await
        .unwrap();
    for call in slow {
        assert!(
            call.await.unwrap().is_err(),
            "a call on a closed connection"
        );
    }
    let state = client.pool_state();
    assert_eq!(
        (state.connections, state.created, state.discarded),
        (0, 1, 1),
        "discarded before any other call: {state:?}"
    );
    let server = tokio::task::spawn_blocking(move || CountingServer::restart(address))
        .await
        .unwrap();
    let calls: Vec<_> = (0..32)
        .map(|n| {
            let client = client.clone();
            tokio::spawn(async move { client.add(n, 1).await.ok() == Some(n + 1) })
        })
        .collect();
    for call in calls {
        assert!(call.await.unwrap(), "a call after the restart");
    }
    let state = client.pool_state();
    assert_eq!((state.discarded, state.in_use), (1, 0), "{state:?}");
    assert!(server.accepted() >= 1 && server.peak() <= 4, "{state:?}");
}

#[tokio::test(flavor = "current_thread")]
async fn an_idle_async_connection_that_broke_is_not_lent_even_unchecked() {
    let server = CountingServer::start();
    let config = config(server.address).test_on_borrow(false);
    let client = CalculatorAsyncPooledClient::pooled(&config).unwrap();
    assert_eq!(client.add(1, 1).await.ok(), Some(2));
    let address = tokio::task::spawn_blocking(move || server.stop())
        .await
        .unwrap();
    let _server = tokio::task::spawn_blocking(move || CountingServer::restart(address))
        .await
        .unwrap();
    assert_eq!(client.add(2, 2).await.ok(), Some(4), "not the stale one");
    let state = client.pool_state();
    assert_eq!((state.created, state.discarded), (2, 1), "{state:?}");
}

#[test]
fn a_caller_finding_every_connection_lent_fails_clearly_after_max_wait() {
    let server = CountingServer::start();
    let config = config(server.address)
        .max_size(1)
        .max_wait(Duration::from_millis(200));
    let client = Arc::new(CalculatorPooledClient::pooled(&config).unwrap());
    let slow = {
        let client = client.clone();
        thread::spawn(move || client.add(1_000, SLOW))
    };
    // Let the slow call take the only connection.
    let deadline = Instant::now() + Duration::from_secs(5);
    while client.pool_state().in_use == 0 && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(5));
    }
    let asked = Instant::now();
    let error = client.add(1, 2).unwrap_err();
    let waited = asked.elapsed();
    assert!(
        waited >= Duration::from_millis(150) && waited < Duration::from_secs(2),
        "waited {waited:?}"
    );
    let CallError::Thrift(thriftgen_runtime::thrift::Error::Transport(e)) = &error else {
        panic!("not a transport error: {error:?}");
    };
    assert_eq!(e.kind, TransportErrorKind::TimedOut);
    assert!(
        e.message.contains("no connection to") && e.message.contains("1 of 1 lent"),
        "{}",
        e.message
    );
    assert_eq!(slow.join().unwrap().ok(), Some(1_000));
    assert_eq!(client.add(1, 2).ok(), Some(3), "the connection came back");
    assert_eq!(client.pool_state().timed_out, 1);
    assert_eq!(server.peak(), 1);
}

#[tokio::test(flavor = "current_thread")]
async fn the_async_pool_also_fails_clearly_after_max_wait() {
    let server = CountingServer::start();
    let config = config(server.address)
        .max_size(1)
        .mode(PoolMode::Exclusive)
        .max_wait(Duration::from_millis(200));
    let client = CalculatorAsyncPooledClient::pooled(&config).unwrap();
    let slow = tokio::spawn({
        let client = client.clone();
        async move { client.add(1_000, SLOW).await }
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let asked = Instant::now();
    let error = client.add(1, 2).await.unwrap_err();
    let waited = asked.elapsed();
    assert!(waited < Duration::from_secs(2), "waited {waited:?}");
    assert!(error.to_string().contains("no connection to"), "{error}");
    assert_eq!(slow.await.unwrap().ok(), Some(1_000));
    assert_eq!(client.add(1, 2).await.ok(), Some(3));
}

#[test]
fn a_timed_out_connection_is_discarded_not_reused() {
    let server = CountingServer::start();
    let config = config(server.address).read_timeout(Some(Duration::from_millis(100)));
    let client = CalculatorPooledClient::pooled(&config).unwrap();
    let error = client.add(400, SLOW).unwrap_err();
    assert!(matches!(error, CallError::Thrift(_)), "{error:?}");
    // The late reply is still on that connection; a reused one would
    // hand it to the next call.
    assert_eq!(client.add(20, 22).ok(), Some(42));
    let state = client.pool_state();
    assert_eq!((state.created, state.discarded), (2, 1), "{state:?}");
    assert_eq!(server.accepted(), 2);
}

#[test]
fn a_restarted_server_is_found_again() {
    let server = CountingServer::start();
    // The check on borrow finds the closed connection before any call.
    let checked = CalculatorPooledClient::pooled(&config(server.address)).unwrap();
    // Without it, the stale connection fails the first call, which a
    // retry policy for `add` repeats on a fresh connection.
    let retried = CalculatorPooledClient::pooled(
        &config(server.address)
            .test_on_borrow(false)
            .retry(RetryPolicy::methods(2, ["add"])),
    )
    .unwrap();
    let unchecked =
        CalculatorPooledClient::pooled(&config(server.address).test_on_borrow(false)).unwrap();
    for client in [&checked, &retried, &unchecked] {
        assert_eq!(client.add(1, 1).ok(), Some(2));
    }
    let address = server.stop();
    let server = CountingServer::restart(address);
    assert_eq!(checked.add(2, 2).ok(), Some(4));
    assert_eq!(retried.add(3, 3).ok(), Some(6));
    assert!(
        unchecked.add(4, 4).is_err(),
        "a stale connection fails once"
    );
    assert_eq!(unchecked.add(4, 4).ok(), Some(8), "and is not reused");
    for client in [&checked, &retried, &unchecked] {
        let state = client.pool_state();
        assert_eq!((state.created, state.discarded), (2, 1), "{state:?}");
    }
    assert_eq!(server.accepted(), 3);
}

#[test]
fn oneway_calls_go_through_the_pool_and_a_batch_runs_at_once() {
    let server = CountingServer::start();
    let client =
        CalculatorPooledClient::pooled(&config(server.address).retry(RetryPolicy::all(3))).unwrap();
    assert_eq!(client.zip(0).ok(), Some(()));
    // Ten 200 ms calls over four connections: three rounds, not ten.
    let started = Instant::now();
    let replies = join_all((0..10).map(|_| || client.add(200, SLOW)));
    let took = started.elapsed();
    assert!(replies.iter().all(|r| matches!(r, Ok(200))), "{replies:?}");
    assert!(took < Duration::from_millis(1_500), "took {took:?}");
}

#[tokio::test(flavor = "current_thread")]
async fn an_async_pooled_batch_takes_the_slowest_call() {
    let server = CountingServer::start();
    let client = CalculatorAsyncPooledClient::pooled(&config(server.address)).unwrap();
    let mut batch = client.batch().await.unwrap();
    let replies: Vec<_> = (1..=3).map(|n| batch.add(n, 10)).collect();
    batch.send();
    for (n, reply) in (1..=3).zip(replies) {
        assert_eq!(reply.await.ok(), Some(n + 10));
    }
}

fn work(num1: i32, num2: i32) -> Work {
    Work {
        num1,
        num2,
        op: Operation::MULTIPLY,
        comment: None,
    }
}

#[test]
fn a_handler_a_client_and_a_pooled_proxy_are_interchangeable() {
    let server = CountingServer::start();
    let stream = TcpStream::connect(server.address).unwrap();
    let plain = CalculatorClient::with_channel(FramedChannel::new(stream, WireProtocol::Binary));
    let implementations: Vec<(&str, Arc<dyn CalculatorIface>)> = vec![
        ("handler", Arc::new(Calc::new().0)),
        ("client", Arc::new(plain)),
        (
            "pooled",
            Arc::new(CalculatorPooledClient::pooled(&config(server.address)).unwrap()),
        ),
    ];
    for (name, calculator) in implementations {
        assert_eq!(calculator.add(2, 3).ok(), Some(5), "{name}");
        assert_eq!(calculator.calculate(1, work(6, 7)).ok(), Some(42), "{name}");
        assert!(calculator.check(-5).is_err(), "{name}");
        assert_eq!(calculator.get_struct(9).unwrap().key, 9, "{name}");
    }
}

#[tokio::test(flavor = "current_thread")]
async fn an_async_client_and_an_async_pooled_proxy_are_interchangeable() {
    let server = CountingServer::start();
    let plain = service_tests::calculator::CalculatorAsyncClient::connect(
        server.address,
        &Default::default(),
    )
    .await
    .unwrap();
    let implementations: Vec<(&str, Arc<dyn CalculatorAsyncIface>)> = vec![
        ("client", Arc::new(plain)),
        (
            "pooled",
            Arc::new(CalculatorAsyncPooledClient::pooled(&config(server.address)).unwrap()),
        ),
    ];
    for (name, calculator) in implementations {
        assert_eq!(calculator.add(2, 3).await.ok(), Some(5), "{name}");
        assert_eq!(
            calculator.calculate(1, work(6, 7)).await.ok(),
            Some(42),
            "{name}"
        );
        assert!(calculator.check(-5).await.is_err(), "{name}");
    }
}

#[test]
fn a_server_killed_under_load_and_restarted_loses_only_the_calls_in_flight() {
    let server = CountingServer::start();
    let address = server.address;
    let client = Arc::new(CalculatorPooledClient::pooled(&config(address)).unwrap());
    let kill_and_restart = {
        let client = client.clone();
        thread::spawn(move || {
            thread::sleep(Duration::from_millis(300));
            let stopped = Instant::now();
            let address = server.stop();
            thread::sleep(Duration::from_secs(1));
            let server = CountingServer::restart(address);
            let restarted = Instant::now();
            // Keep it up until the callers are done.
            while Arc::strong_count(&client) > 2 {
                thread::sleep(Duration::from_millis(20));
            }
            (stopped, restarted, server)
        })
    };
    let callers: Vec<_> = (0..16)
        .map(|thread| {
            let client = client.clone();
            thread::spawn(move || {
                let mut outcomes = Vec::new();
                let until = Instant::now() + Duration::from_secs(3);
                let mut i = 0;
                while Instant::now() < until && i < 50_000 {
                    let n = thread * 1_000_000 + i;
                    let reply = client.add(n, 1);
                    let ok = match &reply {
                        Ok(sum) => {
                            assert_eq!(*sum, n + 1, "a reply to another call");
                            true
                        }
                        Err(CallError::Thrift(_)) => false,
                        Err(other) => panic!("not a transport failure: {other:?}"),
                    };
                    outcomes.push((Instant::now(), ok));
                    i += 1;
                }
                outcomes
            })
        })
        .collect();
    let outcomes: Vec<Vec<(Instant, bool)>> =
        callers.into_iter().map(|c| c.join().unwrap()).collect();
    drop(client);
    let (stopped, restarted, server) = kill_and_restart.join().unwrap();
    let failures: Vec<Instant> = outcomes
        .iter()
        .flatten()
        .filter(|(_, ok)| !ok)
        .map(|(at, _)| *at)
        .collect();
    // Each caller had at most one call on the wire when the server went
    // away; calls made while it was down waited for a connection.
    assert!(failures.len() <= 16, "{} calls failed", failures.len());
    let outside: Vec<_> = failures
        .iter()
        .filter(|at| **at < stopped || **at > restarted)
        .map(|at| match at.checked_duration_since(stopped) {
            Some(after) => format!("{after:?} after the kill"),
            None => format!("{:?} before the kill", stopped - *at),
        })
        .collect();
    assert!(
        outside.is_empty(),
        "calls failed outside the outage: {outside:?}"
    );
    for (thread, calls) in outcomes.iter().enumerate() {
        let after = calls.iter().filter(|(at, _)| *at > restarted);
        assert!(
            after.clone().all(|(_, ok)| *ok),
            "caller {thread} failed after the restart"
        );
        assert!(
            after.count() > 0,
            "caller {thread} made no call after the restart"
        );
    }
    assert!(server.peak() <= 4, "{} connections at once", server.peak());
}

#[test]
fn a_toml_file_with_every_option_makes_a_working_client() {
    let server = CountingServer::start();
    let dir = std::env::temp_dir().join(format!("thriftgen-pool-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("calculator.toml");
    std::fs::write(
        &path,
        format!(
            r#"
            [client]
            protocol = "binary"
            transport = "framed"

            [connection]
            addresses = ["{}"]
            connect_timeout = "1s"
            read_timeout = "5s"
            write_timeout = "5s"
            max_message_size = 1048576

            [pool]
            max_size = 2
            min_idle = 1
            max_wait = "2s"
            idle_timeout = "1m"
            max_lifetime = "10m"
            test_on_borrow = true
            mode = "multiplexed"

            [retry]
            max_attempts = 2
            methods = ["add"]
            all_methods = false
            backoff = "1ms"
            "#,
            server.address
        ),
    )
    .unwrap();
    let config = PoolConfig::from_file(&path).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(config.pool.max_size, 2);
    let client = CalculatorPooledClient::pooled(&config).unwrap();
    assert_eq!(client.add(40, 2).ok(), Some(42));
    let bad = PoolConfig::from_toml("[pool]\nmax_size = 2\nmin_idel = 1\n").unwrap_err();
    assert!(bad.to_string().contains("min_idel"), "{bad}");
}
