//! `cargo bench -p thriftgen-pool-bench`: the pooled proxies against the
//! ways of calling a Thrift server they replace, on the standard 1 KiB
//! echo, in one run, scenario after scenario in alternating rounds (the
//! machine is noisy), each round `SECONDS` long; medians of the rounds and
//! their ratios. The server is the async server on its own thread.
//!
//! (a) a new connection per call; (a′) a connection of its own per
//! thread, kept (no pool, nothing shared: the most any sync pool can
//! reach); (b) one plain client shared behind its mutex; (c) the sync
//! pooled proxy; (d) the async pooled proxy (multiplexed, and exclusive
//! for comparison) and the async client on one connection, with 8 and 128
//! tasks, and at 128 tasks that client with the pool's call timeout too.
//! Then the pools' own cost: r2d2 and bb8 borrow + return with no I/O,
//! and a pooled call minus a direct call.
//!
//! `POOL_BENCH_SECONDS` (default 2) and `POOL_BENCH_ROUNDS` (default 3)
//! change the length.

#[cfg(pool_bench_unavailable)]
fn main() {
    eprintln!(
        "pool_compare: {}",
        thriftgen_pool_bench::UNAVAILABLE.unwrap_or("unavailable")
    );
}

#[cfg(not(pool_bench_unavailable))]
fn main() {
    bench::main();
}

#[cfg(not(pool_bench_unavailable))]
mod bench {
    use std::net::{SocketAddr, TcpStream};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
    use std::time::{Duration, Instant};

    use thriftgen_pool_bench::generated::echo::{
        EchoAsyncClient, EchoAsyncIface, EchoAsyncPooledClient, EchoClient, EchoIface,
        EchoPooledClient,
    };
    use thriftgen_pool_bench::server::EchoServer;
    use thriftgen_runtime::nonblocking::{AsyncConnection, ClientConfig};
    use thriftgen_runtime::pool::{PoolConfig, PoolMode};
    use thriftgen_runtime::{FramedChannel, WireProtocol};

    const THREADS: usize = 8;

    const A_NEW: &str = "(a) new connection per call, 8 threads";
    const A_OWN: &str = "(a′) a kept connection per thread (no pool), 8 threads";
    const C: &str = "(c) sync pooled proxy (max 8), 8 threads";

    fn env_or(name: &str, default: u64) -> u64 {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    }

    fn message() -> String {
        "x".repeat(1024)
    }

    fn pool_config(server: SocketAddr, max_size: u32, mode: PoolMode) -> PoolConfig {
        PoolConfig::new([server.to_string()])
            .max_size(max_size)
            .mode(mode)
    }

    /// Runs `call` from `THREADS` threads for `seconds`; calls per second.
    fn threads(seconds: Duration, call: impl Fn(&str) + Sync) -> f64 {
        threads_each(seconds, || (), |_, message| call(message))
    }

    /// As [`threads`], each thread calling with what `make` made for it.
    fn threads_each<T>(
        seconds: Duration,
        make: impl Fn() -> T + Sync,
        call: impl Fn(&mut T, &str) + Sync,
    ) -> f64 {
        let stop = AtomicBool::new(false);
        let calls = AtomicU64::new(0);
        let message = message();
        let started = Instant::now();
        std::thread::scope(|scope| {
            for _ in 0..THREADS {
                scope.spawn(|| {
                    let mut own = make();
                    let mut n = 0;
                    while !stop.load(Ordering::Relaxed) {
                        call(&mut own, &message);
                        n += 1;
                    }
                    calls.fetch_add(n, Ordering::Relaxed);
                });
            }
            std::thread::sleep(seconds);
            stop.store(true, Ordering::Relaxed);
        });
        calls.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64()
    }

    /// Runs `tasks` tasks calling `client` for `seconds` on a
    /// current-thread runtime (one core, as `rpc-client` runs).
    fn tasks<C>(seconds: Duration, tasks: usize, make: impl FnOnce() -> C) -> f64
    where
        C: EchoAsyncIface + Clone + 'static,
    {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime");
        runtime.block_on(async {
            let client = make();
            let stop = Arc::new(AtomicBool::new(false));
            let message = Arc::new(message());
            let started = Instant::now();
            let running: Vec<_> = (0..tasks)
                .map(|_| {
                    let (client, stop, message) = (client.clone(), stop.clone(), message.clone());
                    tokio::spawn(async move {
                        let mut n = 0u64;
                        while !stop.load(Ordering::Relaxed) {
                            let reply = client.echo(String::clone(&message)).await;
                            assert_eq!(reply.map(|r| r.len()).ok(), Some(1024), "echo");
                            n += 1;
                        }
                        n
                    })
                })
                .collect();
            tokio::time::sleep(seconds).await;
            stop.store(true, Ordering::Relaxed);
            let mut calls = 0;
            for task in running {
                calls += task.await.expect("a caller task");
            }
            calls as f64 / started.elapsed().as_secs_f64()
        })
    }

    /// The median of `samples` (not empty).
    fn median(samples: &[f64]) -> f64 {
        let mut sorted = samples.to_vec();
        sorted.sort_by(f64::total_cmp);
        sorted[sorted.len() / 2]
    }

    fn check(reply: Result<String, thriftgen_runtime::CallError>) {
        assert_eq!(reply.map(|r| r.len()).ok(), Some(1024), "echo");
    }

    fn framed(server: SocketAddr) -> EchoClient<FramedChannel<TcpStream>> {
        let stream = TcpStream::connect(server).expect("connect");
        stream.set_nodelay(true).expect("nodelay");
        EchoClient::with_channel(FramedChannel::new(stream, WireProtocol::Binary))
    }

    type Scenario<'a> = (&'a str, Box<dyn Fn(Duration) -> f64 + 'a>);

    pub fn main() {
        let seconds = Duration::from_secs(env_or("POOL_BENCH_SECONDS", 2));
        let rounds = env_or("POOL_BENCH_ROUNDS", 3) as usize;
        let server = EchoServer::start().expect("echo server");
        let at = server.address;
        let shared = framed(at);
        let pooled = EchoPooledClient::pooled(&pool_config(at, 8, PoolMode::Multiplexed))
            .expect("pool config");
        let scenarios: Vec<Scenario> = vec![
            (
                A_NEW,
                // A quarter of the time: each call leaves a socket in
                // TIME_WAIT, and the ephemeral ports must last.
                Box::new(|s| threads(s / 4, |m| check(framed(at).echo(m.to_owned())))),
            ),
            (
                A_OWN,
                Box::new(|s| {
                    threads_each(s, || framed(at), |own, m| check(own.echo(m.to_owned())))
                }),
            ),
            (
                "(b) one shared client, 8 threads",
                Box::new(|s| threads(s, |m| check(shared.echo(m.to_owned())))),
            ),
            (
                C,
                Box::new(|s| threads(s, |m| check(pooled.echo(m.to_owned())))),
            ),
            (
                "async client, one connection, 8 tasks",
                Box::new(move |s| tasks(s, 8, || one_connection(at))),
            ),
            (
                "(d) async pooled (multiplexed, max 8), 8 tasks",
                Box::new(move |s| tasks(s, 8, || async_pooled(at, PoolMode::Multiplexed))),
            ),
            (
                "async pooled (exclusive, max 8), 8 tasks",
                Box::new(move |s| tasks(s, 8, || async_pooled(at, PoolMode::Exclusive))),
            ),
            (
                "async client, one connection, 128 tasks",
                Box::new(move |s| tasks(s, 128, || one_connection(at))),
            ),
            (
                "async client, one connection, 30 s call timeout (as pooled), 128 tasks",
                Box::new(move |s| tasks(s, 128, || one_connection_timed(at))),
            ),
            (
                "(d) async pooled (multiplexed, max 8), 128 tasks",
                Box::new(move |s| tasks(s, 128, || async_pooled(at, PoolMode::Multiplexed))),
            ),
            (
                "async pooled (exclusive, max 8), 128 tasks",
                Box::new(move |s| tasks(s, 128, || async_pooled(at, PoolMode::Exclusive))),
            ),
        ];
        let mut figures = vec![Vec::new(); scenarios.len()];
        for round in 0..rounds {
            for (i, (name, run)) in scenarios.iter().enumerate() {
                let rate = run(seconds);
                eprintln!("round {round}: {name}: {rate:.0} calls/s");
                figures[i].push(rate);
            }
        }
        let medians: Vec<f64> = figures.iter().map(|f| median(f)).collect();
        println!("\n| scenario | calls/s (median of {rounds}) | rounds |");
        println!("|---|---|---|");
        for ((name, _), (m, all)) in scenarios.iter().zip(medians.iter().zip(&figures)) {
            let all: Vec<String> = all.iter().map(|r| format!("{:.1}k", r / 1e3)).collect();
            println!("| {name} | {:.1}k | {} |", m / 1e3, all.join(", "));
        }
        let of = |name: &str| {
            let i = scenarios.iter().position(|(n, _)| *n == name);
            medians[i.expect("a scenario of that name")]
        };
        let (a, a_own) = (of(A_NEW), of(A_OWN));
        let (b, c) = (of("(b) one shared client, 8 threads"), of(C));
        println!();
        println!("(c)/(a) = {:.1}", c / a);
        println!(
            "(a′)/(a) = {:.1} (the most any sync pool could reach)",
            a_own / a
        );
        println!("(c)/(a′) = {:.2}", c / a_own);
        println!("(c)/(b) = {:.2}", c / b);
        let one_8 = of("async client, one connection, 8 tasks");
        let one_128 = of("async client, one connection, 128 tasks");
        let pooled_8 = of("(d) async pooled (multiplexed, max 8), 8 tasks");
        let pooled_128 = of("(d) async pooled (multiplexed, max 8), 128 tasks");
        let timed_128 =
            of("async client, one connection, 30 s call timeout (as pooled), 128 tasks");
        println!("(d) 8 tasks / one connection = {:.2}", pooled_8 / one_8);
        println!(
            "(d) 128 tasks / one connection = {:.2}",
            pooled_128 / one_128
        );
        println!(
            "(d) 128 tasks / one connection with the same call timeout = {:.2}",
            pooled_128 / timed_128
        );
        println!(
            "one connection with / without a call timeout, 128 tasks = {:.2}",
            timed_128 / one_128
        );
        println!(
            "exclusive / multiplexed at 128 tasks = {:.2}",
            of("async pooled (exclusive, max 8), 128 tasks") / pooled_128
        );
        pool_cost(&pooled, at);
    }

    /// The async client on one connection; inside the caller's runtime
    /// (`AsyncConnection::over` spawns its tasks there).
    fn one_connection(at: SocketAddr) -> EchoAsyncClient {
        one_connection_with(at, &ClientConfig::default())
    }

    /// As [`one_connection`], with the call timeout a pooled connection
    /// has by default (`connection.read_timeout`): a timer per call.
    fn one_connection_timed(at: SocketAddr) -> EchoAsyncClient {
        let pooled = PoolConfig::new([at.to_string()]);
        let config = ClientConfig::default().call_timeout(pooled.connection.read_timeout);
        one_connection_with(at, &config)
    }

    fn one_connection_with(at: SocketAddr, config: &ClientConfig) -> EchoAsyncClient {
        let stream = std::net::TcpStream::connect(at).expect("connect");
        stream.set_nodelay(true).expect("nodelay");
        stream.set_nonblocking(true).expect("nonblocking");
        let stream = tokio::net::TcpStream::from_std(stream).expect("tokio stream");
        EchoAsyncClient::new(AsyncConnection::over(stream, config))
    }

    fn async_pooled(at: SocketAddr, mode: PoolMode) -> EchoAsyncPooledClient {
        EchoAsyncPooledClient::pooled(&pool_config(at, 8, mode)).expect("pool config")
    }

    /// The pool's own cost per call: r2d2 borrow + return of a connection
    /// that does no I/O, and a pooled call minus a direct call, one thread.
    fn pool_cost(pooled: &EchoPooledClient, at: SocketAddr) {
        #[derive(Debug)]
        struct Nothing;
        impl r2d2::ManageConnection for Nothing {
            type Connection = ();
            type Error = std::io::Error;
            fn connect(&self) -> std::io::Result<()> {
                Ok(())
            }
            fn is_valid(&self, _: &mut ()) -> std::io::Result<()> {
                Ok(())
            }
            fn has_broken(&self, _: &mut ()) -> bool {
                false
            }
        }
        let pool = r2d2::Pool::builder()
            .max_size(8)
            .test_on_check_out(false)
            .build(Nothing)
            .expect("pool");
        let n = 1_000_000;
        let started = Instant::now();
        for _ in 0..n {
            drop(pool.get().expect("borrow"));
        }
        let borrow = started.elapsed().as_nanos() as f64 / n as f64;
        println!("r2d2 borrow + return, no I/O: {borrow:.0} ns");
        println!(
            "bb8 borrow + return, no I/O (what a multiplexed call skipped before the lease): {:.0} ns",
            bb8_borrow_ns(n)
        );

        let direct = framed(at);
        let message = message();
        let per_call = |call: &dyn Fn()| {
            let n = 20_000;
            let started = Instant::now();
            for _ in 0..n {
                call();
            }
            started.elapsed().as_nanos() as f64 / n as f64
        };
        let (mut pooled_ns, mut direct_ns) = (Vec::new(), Vec::new());
        for _ in 0..5 {
            direct_ns.push(per_call(&|| check(direct.echo(message.clone()))));
            pooled_ns.push(per_call(&|| check(pooled.echo(message.clone()))));
        }
        let (p, d) = (median(&pooled_ns), median(&direct_ns));
        println!(
            "one thread: pooled call {:.1} us, direct call {:.1} us, difference {:.2} us",
            p / 1e3,
            d / 1e3,
            (p - d) / 1e3
        );
    }

    /// bb8 borrow + return of a connection that does no I/O, as the async
    /// pool is configured (check on borrow, lifetimes, LIFO), on a
    /// current-thread runtime; ns each.
    fn bb8_borrow_ns(n: u32) -> f64 {
        #[derive(Debug)]
        struct Nothing;
        impl bb8::ManageConnection for Nothing {
            type Connection = ();
            type Error = std::io::Error;
            async fn connect(&self) -> std::io::Result<()> {
                Ok(())
            }
            async fn is_valid(&self, _: &mut ()) -> std::io::Result<()> {
                Ok(())
            }
            fn has_broken(&self, _: &mut ()) -> bool {
                false
            }
        }
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime");
        runtime.block_on(async {
            let limits = PoolConfig::new(["unused:1"]).pool;
            let pool = bb8::Pool::builder()
                .max_size(8)
                .connection_timeout(limits.max_wait)
                .idle_timeout(limits.idle_timeout)
                .max_lifetime(limits.max_lifetime)
                .test_on_check_out(limits.test_on_borrow)
                .queue_strategy(bb8::QueueStrategy::Lifo)
                .build_unchecked(Nothing);
            drop(pool.get().await.expect("borrow"));
            let started = Instant::now();
            for _ in 0..n {
                drop(pool.get().await.expect("borrow"));
            }
            started.elapsed().as_nanos() as f64 / f64::from(n)
        })
    }
}
