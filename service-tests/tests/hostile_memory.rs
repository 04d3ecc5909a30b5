//! The async server under hostile bytes over many connections at once:
//! huge frame lengths, huge string/list/map lengths inside a frame, deep
//! nesting, garbage, truncated frames, for framed and buffered transport.
//! The server must stay up, answer a normal call afterwards, and its
//! memory (this process's VmRSS / VmHWM, the server running in it) must
//! stay bounded. Its own test binary, so no other test allocates
//! meanwhile. Loopback only; bounded in connections (a few hundred) and
//! time (seconds).

use std::net::SocketAddr;
use std::time::Duration;

use service_tests::calculator::{
    CalculatorAsyncClient, CalculatorAsyncIface, CalculatorAsyncProcessor, CalculatorCheckError,
    Work,
};
use service_tests::shared::{SharedServiceAsyncIface, SharedStruct};
use thriftgen_runtime::CallError;
use thriftgen_runtime::nonblocking::{
    ClientConfig, Server, ServerConfig, Shutdown, Transport, async_trait,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

type Res<T, E = thriftgen_runtime::NoException> = Result<T, CallError<E>>;

struct Calc;

#[async_trait]
impl SharedServiceAsyncIface for Calc {
    async fn get_struct(&self, key: i32) -> Res<SharedStruct> {
        Ok(SharedStruct {
            key,
            value: String::new(),
        })
    }
}

#[async_trait]
impl CalculatorAsyncIface for Calc {
    async fn ping(&self) -> Res<()> {
        Ok(())
    }

    async fn add(&self, num1: i32, num2: i32) -> Res<i32> {
        Ok(num1.wrapping_add(num2))
    }

    async fn calculate(
        &self,
        logid: i32,
        _: Work,
    ) -> Res<i32, service_tests::calculator::CalculatorCalculateError> {
        Ok(logid)
    }

    async fn check(&self, _: i32) -> Res<(), CalculatorCheckError> {
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    async fn many(
        &self,
        _a: i8,
        _b: i16,
        c: i32,
        _d: i64,
        _e: f64,
        _f: bool,
        g: String,
        _h: Vec<u8>,
        _i: Vec<i32>,
        _j: std::collections::BTreeMap<String, i32>,
    ) -> Res<String> {
        Ok(format!("{c}:{g}"))
    }

    async fn r#type(
        &self,
        _: String,
        _: Option<i32>,
        _: String,
    ) -> Res<service_tests::calculator::Result> {
        Ok(service_tests::calculator::Result { value: 0 })
    }

    async fn explode(&self, _: String) -> Res<i32> {
        Ok(0)
    }

    async fn zip(&self, _: i32) -> Res<()> {
        Ok(())
    }
}

/// `VmRSS` and `VmHWM` of this process, in KiB.
fn memory() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

/// A strict binary call header for `add`.
fn call_header() -> Vec<u8> {
    let mut m = vec![0x80, 0x01, 0x00, 0x01, 0, 0, 0, 3];
    m.extend_from_slice(b"add");
    m.extend_from_slice(&[0, 0, 0, 1]);
    m
}

fn framed(body: &[u8]) -> Vec<u8> {
    [(body.len() as u32).to_be_bytes().to_vec(), body.to_vec()].concat()
}

/// What a hostile peer sends, and whether it then stays connected
/// without sending more (a stall the server must not pay for).
struct Case {
    bytes: Vec<u8>,
    stall: bool,
}

fn cases(transport: Transport) -> Vec<Case> {
    let with = |tail: &[u8]| [call_header(), tail.to_vec()].concat();
    // Inside the message: a string claiming 2 GiB, a list of 2^31 i64s,
    // a map of 2^31 entries, structs nested 100,000 deep.
    let huge_string = with(&[11, 0, 1, 0x7f, 0xff, 0xff, 0xff, b'x', b'y']);
    let huge_list = with(&[15, 0, 1, 10, 0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 0]);
    let huge_map = with(&[13, 0, 1, 11, 11, 0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 1]);
    let deep = with(&[12, 0, 1].repeat(100_000));
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let garbage: Vec<u8> = (0..8192)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as u8
        })
        .collect();
    let mut cases = Vec::new();
    let inside = [huge_string, huge_list, huge_map, deep];
    match transport {
        Transport::Framed => {
            // Frames announcing the most the server accepts (16,384,000
            // bytes) and more, with only a little sent.
            for len in [16_384_000u32, 0x7fff_ffff, 0xffff_ffff] {
                let mut bytes = len.to_be_bytes().to_vec();
                bytes.extend_from_slice(&call_header());
                bytes.extend_from_slice(&[0; 1000]);
                cases.push(Case { bytes, stall: true });
            }
            for body in &inside {
                cases.push(Case {
                    bytes: framed(body),
                    stall: false,
                });
            }
            // Truncated: the frame says 100 bytes, 50 come, then EOF.
            let mut truncated = 100u32.to_be_bytes().to_vec();
            truncated.extend_from_slice(&with(&[0; 37]));
            cases.push(Case {
                bytes: truncated,
                stall: false,
            });
        }
        Transport::Buffered => {
            for body in inside {
                cases.push(Case {
                    bytes: body,
                    stall: false,
                });
            }
            // A call cut short, left open.
            cases.push(Case {
                bytes: with(&[8, 0, 1, 0, 0]),
                stall: true,
            });
        }
    }
    cases.push(Case {
        bytes: garbage,
        stall: false,
    });
    cases
}

async fn hostile_connection(addr: SocketAddr, case: &Case) {
    let Ok(mut stream) = TcpStream::connect(addr).await else {
        return;
    };
    // The server may close before everything is written.
    let _ = stream.write_all(&case.bytes).await;
    if !case.stall {
        let _ = stream.shutdown().await;
    }
    // Until the server closes (it must: refused bytes, or the idle
    // timeout for a stall), bounded here in any case.
    let mut sink = [0u8; 4096];
    let _ = tokio::time::timeout(Duration::from_secs(10), async {
        while let Ok(1..) = stream.read(&mut sink).await {}
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_bytes_on_many_connections_keep_the_server_up_and_small() {
    const CONNECTIONS_PER_CASE: usize = 40;
    const BOUND_KIB: u64 = 64 * 1024;
    for transport in [Transport::Framed, Transport::Buffered] {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let shutdown = Shutdown::new();
        let config = ServerConfig::default()
            .transport(transport)
            // Stalled connections are closed after this.
            .idle_timeout(Some(Duration::from_millis(1500)));
        let server = tokio::spawn(
            Server::new(config, CalculatorAsyncProcessor::new(Calc))
                .serve(listener, shutdown.clone()),
        );
        let client_config = ClientConfig::default()
            .transport(transport)
            .call_timeout(Some(Duration::from_secs(10)));
        // Warm up (first allocations of the runtime, the client, the
        // server's buffers), then measure.
        let client = CalculatorAsyncClient::connect(addr, &client_config)
            .await
            .unwrap();
        assert_eq!(client.add(1, 2).await.unwrap(), 3);
        let before = memory();

        let cases = std::sync::Arc::new(cases(transport));
        let mut peers = tokio::task::JoinSet::new();
        for round in 0..CONNECTIONS_PER_CASE {
            for i in 0..cases.len() {
                let cases = cases.clone();
                peers.spawn(async move {
                    // Spread the connections out a little.
                    tokio::time::sleep(Duration::from_millis((round % 10) as u64)).await;
                    hostile_connection(addr, &cases[i]).await
                });
            }
        }
        let connections = peers.len();
        // While they are all open, the server still answers.
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(client.add(20, 22).await.unwrap(), 42, "{transport:?}");
        let during = memory();
        let all_closed = tokio::time::timeout(Duration::from_secs(30), async {
            while peers.join_next().await.is_some() {}
        })
        .await;
        assert!(
            all_closed.is_ok(),
            "{transport:?}: the server closes every hostile connection"
        );
        assert!(!server.is_finished(), "{transport:?}: the server stays up");

        // A new caller is served normally afterwards.
        let fresh = CalculatorAsyncClient::connect(addr, &client_config)
            .await
            .unwrap();
        assert_eq!(fresh.add(2, 2).await.unwrap(), 4, "{transport:?}");
        let after = memory();

        match (before, during, after) {
            (Some((rss0, hwm0)), Some((rss1, _)), Some((rss2, hwm2))) => {
                eprintln!(
                    "{transport:?}: {connections} hostile connections; VmRSS {rss0} -> {rss1} \
                     (all open) -> {rss2} KiB, VmHWM {hwm0} -> {hwm2} KiB"
                );
                assert!(
                    hwm2.saturating_sub(rss0) < BOUND_KIB,
                    "{transport:?}: peak memory grew by {} KiB",
                    hwm2 - rss0
                );
                assert!(
                    rss2.saturating_sub(rss0) < BOUND_KIB,
                    "{transport:?}: memory grew by {} KiB",
                    rss2 - rss0
                );
            }
            _ => eprintln!("no /proc/self/status here: memory not checked"),
        }
        shutdown.trigger();
        let stopped = tokio::time::timeout(Duration::from_secs(10), server).await;
        assert!(
            matches!(stopped, Ok(Ok(Ok(())))),
            "{transport:?}: {stopped:?}"
        );
    }
}
