//! The async stack end to end over loopback TCP: the generated async
//! client, batch and callback calls against the runtime's async server
//! with the generated async processor; pipelining under stress with
//! cancellations; faults of a hostile or broken server; and the server's
//! own guarantees (idle connections, graceful shutdown, hostile bytes).
//! Every test binds 127.0.0.1:0 and stops by itself within seconds.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use service_tests::calculator::{
    CalculatorAsyncClient, CalculatorAsyncIface, CalculatorAsyncProcessor, CalculatorCheckError,
    CalculatorPingResult, InvalidOperation, Operation, ScientificCalculatorAsyncClient,
    ScientificCalculatorAsyncIface, ScientificCalculatorAsyncProcessor,
    ScientificCalculatorSqrtError, Work,
};
use service_tests::shared::{SharedServiceAsyncIface, SharedStruct};
use thriftgen_runtime::CallError;
use thriftgen_runtime::nonblocking::{
    AsyncConnection, AsyncService, ClientConfig, Multiplexed, Protocol, Server, ServerConfig,
    Shutdown, Transport, async_trait, from_callback, wire,
};
use thriftgen_runtime::thrift::protocol::TMessageType;
use thriftgen_runtime::thrift::{ApplicationErrorKind, TransportErrorKind};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

type Res<T, E = thriftgen_runtime::NoException> = Result<T, CallError<E>>;

/// The async handler: `calculate` sleeps `w.num1` ms and answers
/// `logid`; `many` echoes `c` and `g`; `explode` panics.
#[derive(Default)]
struct AsyncCalc {
    zipped: AtomicUsize,
}

#[async_trait]
impl SharedServiceAsyncIface for AsyncCalc {
    async fn get_struct(&self, key: i32) -> Res<SharedStruct> {
        Ok(SharedStruct {
            key,
            value: format!("value {key}"),
        })
    }
}

#[async_trait]
impl CalculatorAsyncIface for AsyncCalc {
    async fn ping(&self) -> Res<()> {
        Ok(())
    }

    async fn add(&self, num1: i32, num2: i32) -> Res<i32> {
        Ok(num1.wrapping_add(num2))
    }

    async fn calculate(
        &self,
        logid: i32,
        w: Work,
    ) -> Res<i32, service_tests::calculator::CalculatorCalculateError> {
        tokio::time::sleep(Duration::from_millis(w.num1.max(0) as u64)).await;
        if w.op == Operation::DIVIDE && w.num2 == 0 {
            return Err(InvalidOperation {
                what_op: w.op.0,
                why: "Cannot divide by 0".into(),
            }
            .into());
        }
        Ok(logid)
    }

    async fn check(&self, n: i32) -> Res<(), CalculatorCheckError> {
        let problem = InvalidOperation {
            what_op: n,
            why: "out of range".into(),
        };
        match n {
            n if n < 0 => Err(CallError::Declared(CalculatorCheckError::Low(problem))),
            n if n > 100 => Err(CallError::Declared(CalculatorCheckError::High(problem))),
            _ => Ok(()),
        }
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
        if c % 3 == 0 {
            tokio::task::yield_now().await;
        }
        Ok(format!("{c}:{g}"))
    }

    async fn r#type(
        &self,
        r#match: String,
        self_: Option<i32>,
        connection: String,
    ) -> Res<service_tests::calculator::Result> {
        let value = r#match.len() as i64 + i64::from(self_.unwrap_or(-1)) + connection.len() as i64;
        Ok(service_tests::calculator::Result { value })
    }

    async fn explode(&self, why: String) -> Res<i32> {
        panic!("{why}")
    }

    async fn zip(&self, _delay_ms: i32) -> Res<()> {
        self.zipped.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }
}

#[async_trait]
impl ScientificCalculatorAsyncIface for AsyncCalc {
    async fn sqrt(&self, x: f64) -> Res<f64, ScientificCalculatorSqrtError> {
        if x < 0.0 {
            return Err(InvalidOperation {
                what_op: 0,
                why: "negative".into(),
            }
            .into());
        }
        Ok(x.sqrt())
    }
}

/// A running server and how to stop it.
struct Running {
    addr: SocketAddr,
    shutdown: Shutdown,
    done: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Running {
    async fn stop(self) {
        self.shutdown.trigger();
        tokio::time::timeout(Duration::from_secs(10), self.done)
            .await
            .expect("server stops")
            .unwrap()
            .unwrap();
    }
}

async fn start(config: ServerConfig, service: impl AsyncService) -> Running {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let shutdown = Shutdown::new();
    let server = Server::new(config, service);
    let done = tokio::spawn(server.serve(listener, shutdown.clone()));
    Running {
        addr,
        shutdown,
        done,
    }
}

fn work(sleep_ms: i32) -> Work {
    Work {
        num1: sleep_ms,
        num2: 1,
        op: Operation::ADD,
        comment: None,
    }
}

fn client_config(protocol: Protocol, transport: Transport) -> ClientConfig {
    ClientConfig::default()
        .protocol(protocol)
        .transport(transport)
        .call_timeout(Some(Duration::from_secs(10)))
}

const COMBOS: [(Protocol, Transport); 4] = [
    (Protocol::Binary, Transport::Framed),
    (Protocol::Binary, Transport::Buffered),
    (Protocol::Compact, Transport::Framed),
    (Protocol::Compact, Transport::Buffered),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_protocol_and_transport_serves_every_kind_of_call() {
    for (protocol, transport) in COMBOS {
        let handler = Arc::new(AsyncCalc::default());
        let server = start(
            ServerConfig::default()
                .protocol(protocol)
                .transport(transport),
            ScientificCalculatorAsyncProcessor::from_arc(handler.clone()),
        )
        .await;
        let config = client_config(protocol, transport);
        let client = ScientificCalculatorAsyncClient::connect(server.addr, &config)
            .await
            .unwrap();
        let what = format!("{protocol:?}/{transport:?}");
        client.ping().await.expect(&what);
        assert_eq!(client.add(2, 3).await.unwrap(), 5, "{what}");
        assert_eq!(client.calculate(7, work(0)).await.unwrap(), 7);
        let divide = Work {
            op: Operation::DIVIDE,
            num2: 0,
            ..work(0)
        };
        assert!(client.calculate(1, divide).await.unwrap_err().is_declared());
        assert!(matches!(
            client.check(200).await,
            Err(CallError::Declared(CalculatorCheckError::High(_)))
        ));
        let t = client
            .r#type("ab".into(), Some(3), "xyz".into())
            .await
            .unwrap();
        assert_eq!(t.value, 8);
        let panicked = client.explode("boom".into()).await.unwrap_err();
        assert_eq!(
            panicked.application_error().map(|e| e.kind),
            Some(ApplicationErrorKind::InternalError),
            "{what}"
        );
        assert_eq!(client.get_struct(4).await.unwrap().value, "value 4");
        assert_eq!(client.sqrt(16.0).await.unwrap(), 4.0);
        assert!(client.sqrt(-1.0).await.unwrap_err().is_declared());
        client.zip(0).await.unwrap();
        // The connection survived a panic and a oneway call.
        assert_eq!(client.add(1, 1).await.unwrap(), 2);
        assert_eq!(handler.zipped.load(Ordering::SeqCst), 1);
        // Interchangeable behind the trait: the client and a local handler.
        let ifaces: Vec<Arc<dyn CalculatorAsyncIface>> =
            vec![Arc::new(client.clone()), handler.clone()];
        for iface in ifaces {
            assert_eq!(iface.add(20, 22).await.unwrap(), 42);
        }
        server.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_methods_and_multiplexed_services() {
    let service = Multiplexed::new()
        .register(
            "Calculator",
            CalculatorAsyncProcessor::new(AsyncCalc::default()),
        )
        .register(
            "Scientific",
            ScientificCalculatorAsyncProcessor::new(AsyncCalc::default()),
        );
    let server = start(ServerConfig::default(), service).await;
    let base = client_config(Protocol::Binary, Transport::Framed);
    let calc = CalculatorAsyncClient::connect(server.addr, &base.clone().multiplexed("Calculator"))
        .await
        .unwrap();
    let sci = ScientificCalculatorAsyncClient::connect(
        server.addr,
        &base.clone().multiplexed("Scientific"),
    )
    .await
    .unwrap();
    assert_eq!(calc.add(1, 2).await.unwrap(), 3);
    assert_eq!(sci.sqrt(9.0).await.unwrap(), 3.0);
    // Calculator does not serve sqrt; a service that is not registered.
    let wrong = ScientificCalculatorAsyncClient::new(calc.connection().clone());
    let e = wrong.sqrt(1.0).await.unwrap_err();
    assert_eq!(
        e.application_error().map(|e| e.kind),
        Some(ApplicationErrorKind::UnknownMethod)
    );
    let nobody = CalculatorAsyncClient::connect(server.addr, &base.multiplexed("Nobody"))
        .await
        .unwrap();
    let e = nobody.ping().await.unwrap_err();
    assert!(e.to_string().contains("Nobody"), "{e}");
    assert_eq!(calc.add(1, 2).await.unwrap(), 3);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_costs_the_slowest_call_and_keeps_every_result() {
    let server = start(
        ServerConfig::default(),
        CalculatorAsyncProcessor::new(AsyncCalc::default()),
    )
    .await;
    let client = CalculatorAsyncClient::connect(
        server.addr,
        &client_config(Protocol::Binary, Transport::Framed),
    )
    .await
    .unwrap();
    let started = Instant::now();
    let mut batch = client.batch();
    let slow: Vec<_> = (0..10)
        .map(|i| batch.calculate(i, work(50 + i * 5)))
        .collect();
    let failing = batch.check(-5);
    let sum = batch.add(40, 2);
    assert_eq!(batch.len(), 12);
    batch.send();
    for (i, reply) in slow.into_iter().enumerate() {
        assert_eq!(reply.await.unwrap(), i as i32);
    }
    assert!(matches!(
        failing.await,
        Err(CallError::Declared(CalculatorCheckError::Low(_)))
    ));
    assert_eq!(sum.await.unwrap(), 42);
    let elapsed = started.elapsed();
    // The slowest call sleeps 95 ms; in sequence they would take 725 ms.
    assert!(
        elapsed < Duration::from_millis(190),
        "batch took {elapsed:?}"
    );

    // The sync-facing form: blocking code sends and waits.
    let blocking_client = client.clone();
    let results = tokio::task::spawn_blocking(move || {
        let mut batch = blocking_client.batch();
        let replies: Vec<_> = (0..5).map(|i| batch.add(i, i)).collect();
        batch.send();
        replies.into_iter().map(|r| r.wait()).collect::<Vec<_>>()
    })
    .await
    .unwrap();
    let results: Vec<i32> = results.into_iter().map(Result::unwrap).collect();
    assert_eq!(results, vec![0, 2, 4, 6, 8]);

    // An unsent batch's replies say so instead of hanging.
    let mut unsent = client.batch();
    let reply = unsent.add(1, 1);
    drop(unsent);
    assert!(reply.await.is_err());
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn callback_calls_and_the_callback_adaptor() {
    let server = start(
        ServerConfig::default(),
        CalculatorAsyncProcessor::new(AsyncCalc::default()),
    )
    .await;
    let client = CalculatorAsyncClient::connect(
        server.addr,
        &client_config(Protocol::Binary, Transport::Framed),
    )
    .await
    .unwrap();
    // A callback-style call turned back into a future.
    let sum: Res<i32> = from_callback(|callback| client.add_with_callback(2, 2, callback)).await;
    assert_eq!(sum.unwrap(), 4);
    let (tx, rx) = tokio::sync::oneshot::channel();
    client.check_with_callback(-1, move |outcome: Res<(), CalculatorCheckError>| {
        let _ = tx.send(outcome.is_err());
    });
    assert!(rx.await.unwrap());
    server.stop().await;
}

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pipelined_stress_with_cancellations_gives_each_caller_its_own_reply() {
    const TASKS: usize = 8;
    const CALLS: usize = 10_000;
    let server = start(
        ServerConfig::default(),
        CalculatorAsyncProcessor::new(AsyncCalc::default()),
    )
    .await;
    let client = CalculatorAsyncClient::connect(
        server.addr,
        &client_config(Protocol::Binary, Transport::Framed),
    )
    .await
    .unwrap();
    let completed = Arc::new(AtomicUsize::new(0));
    let cancelled = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for task in 0..TASKS {
        let client = client.clone();
        let (completed, cancelled) = (completed.clone(), cancelled.clone());
        tasks.push(tokio::spawn(async move {
            let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ (task as u64 + 1));
            // Several calls of this task in flight at once.
            let mut inflight = futures_like::Window::new();
            for i in 0..CALLS {
                let n = rng.next();
                let len = (n % 200) as usize;
                let payload: String = (0..len)
                    .map(|k| char::from(b'a' + ((n >> (k % 50)) % 26) as u8))
                    .collect();
                let c = (task * CALLS + i) as i32;
                let expected = format!("{c}:{payload}");
                let call = client.clone();
                let cancel = n % 10 == 0;
                let completed = completed.clone();
                let cancelled = cancelled.clone();
                inflight
                    .push(tokio::spawn(async move {
                        let reply = call.many(
                            0,
                            0,
                            c,
                            0,
                            0.0,
                            false,
                            payload,
                            Vec::new(),
                            Vec::new(),
                            Default::default(),
                        );
                        if cancel {
                            // Dropped after at most a yield: sent or not.
                            tokio::select! {
                                _ = tokio::task::yield_now() => {
                                    cancelled.fetch_add(1, Ordering::Relaxed);
                                }
                                got = reply => {
                                    assert_eq!(got.unwrap(), expected);
                                    completed.fetch_add(1, Ordering::Relaxed);
                                }
                            }
                        } else {
                            assert_eq!(reply.await.unwrap(), expected);
                            completed.fetch_add(1, Ordering::Relaxed);
                        }
                    }))
                    .await;
            }
            inflight.drain().await;
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let (done, dropped) = (
        completed.load(Ordering::Relaxed),
        cancelled.load(Ordering::Relaxed),
    );
    assert_eq!(done + dropped, TASKS * CALLS);
    assert!(
        dropped > 0 && done > dropped,
        "{done} done, {dropped} cancelled"
    );
    // Still works afterwards, and every abandoned reply was drained.
    assert_eq!(client.add(1, 2).await.unwrap(), 3);
    let deadline = Instant::now() + Duration::from_secs(5);
    while client.connection().pending_calls() > 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(client.connection().pending_calls(), 0);
    server.stop().await;
}

/// Bounded windows of spawned calls.
mod futures_like {
    use std::collections::VecDeque;

    pub struct Window(VecDeque<tokio::task::JoinHandle<()>>);

    impl Window {
        pub fn new() -> Self {
            Window(VecDeque::new())
        }

        /// Adds a call; waits for the oldest while 16 are in flight.
        pub async fn push(&mut self, call: tokio::task::JoinHandle<()>) {
            self.0.push_back(call);
            if self.0.len() >= 16 {
                if let Some(oldest) = self.0.pop_front() {
                    oldest.await.unwrap();
                }
            }
        }

        pub async fn drain(&mut self) {
            while let Some(call) = self.0.pop_front() {
                call.await.unwrap();
            }
        }
    }
}

// ----- faults: a fake server doing one bad thing -----

/// A framed binary "server" that reads the first `wanted` requests and
/// then does `act` with the accepted stream and their sequence ids.
async fn fake_server<F, Fut>(wanted: usize, act: F) -> SocketAddr
where
    F: FnOnce(TcpStream, Vec<i32>) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut ids = Vec::new();
        while ids.len() < wanted {
            let len = stream.read_u32().await.unwrap() as usize;
            let mut message = vec![0; len];
            stream.read_exact(&mut message).await.unwrap();
            let id = wire::decode_message(Protocol::Binary, &message, HeaderOnly).unwrap();
            ids.push(id);
        }
        act(stream, ids).await;
    });
    addr
}

struct HeaderOnly;

impl wire::BodyReader<i32> for HeaderOnly {
    fn read<D: thriftgen_runtime::codec::Decoder>(
        self,
        header: thriftgen_runtime::codec::MessageHeader,
        _: &mut D,
    ) -> thriftgen_runtime::thrift::Result<i32> {
        Ok(header.sequence_id)
    }
}

fn ping_reply(sequence_id: i32) -> Vec<u8> {
    let mut out = Vec::new();
    wire::encode_message(
        Transport::Framed,
        Protocol::Binary,
        &mut out,
        ("ping", TMessageType::Reply, sequence_id),
        &CalculatorPingResult {},
    )
    .unwrap();
    out
}

async fn fault_client(addr: SocketAddr, timeout: Duration) -> CalculatorAsyncClient {
    let config = ClientConfig::default()
        .call_timeout(Some(timeout))
        .max_message_size(64 * 1024);
    CalculatorAsyncClient::connect(addr, &config).await.unwrap()
}

fn assert_unusable(client: &CalculatorAsyncClient) {
    assert!(!client.connection().is_usable());
}

#[tokio::test]
async fn the_server_closing_mid_batch_fails_every_pending_call() {
    let addr = fake_server(3, |mut stream, ids| async move {
        // Answers the first call, then hangs up.
        stream.write_all(&ping_reply(ids[0])).await.unwrap();
        stream.flush().await.unwrap();
    })
    .await;
    let client = fault_client(addr, Duration::from_secs(5)).await;
    let mut batch = client.batch();
    let replies = [batch.ping(), batch.ping(), batch.ping()];
    batch.send();
    let [first, second, third] = replies;
    first.await.unwrap();
    for reply in [second, third] {
        let e = reply.await.unwrap_err();
        assert!(e.to_string().contains("closed"), "{e}");
    }
    assert_unusable(&client);
    assert!(client.ping().await.is_err());
}

#[tokio::test]
async fn a_stalled_server_times_the_call_out() {
    let addr = fake_server(1, |stream, _| async move {
        tokio::time::sleep(Duration::from_secs(3)).await;
        drop(stream);
    })
    .await;
    let client = fault_client(addr, Duration::from_millis(200)).await;
    let started = Instant::now();
    let e = client.ping().await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    match e {
        CallError::Thrift(thriftgen_runtime::thrift::Error::Transport(t)) => {
            assert_eq!(t.kind, TransportErrorKind::TimedOut, "{}", t.message)
        }
        other => panic!("{other}"),
    }
}

#[tokio::test]
async fn a_reply_with_an_unknown_sequence_id_poisons_the_connection() {
    let addr = fake_server(2, |mut stream, ids| async move {
        let bogus = ids.iter().max().unwrap() + 1000;
        stream.write_all(&ping_reply(bogus)).await.unwrap();
        tokio::time::sleep(Duration::from_secs(3)).await;
    })
    .await;
    let client = fault_client(addr, Duration::from_secs(5)).await;
    let (a, b) = tokio::join!(client.ping(), client.ping());
    for e in [a.unwrap_err(), b.unwrap_err()] {
        assert!(e.to_string().contains("sequence id"), "{e}");
    }
    assert_unusable(&client);
    assert!(client.ping().await.is_err());
}

#[tokio::test]
async fn a_truncated_frame_fails_the_call() {
    let addr = fake_server(1, |mut stream, _| async move {
        let reply = ping_reply(1);
        stream.write_all(&reply[..reply.len() - 3]).await.unwrap();
    })
    .await;
    let client = fault_client(addr, Duration::from_secs(5)).await;
    let e = client.ping().await.unwrap_err();
    assert!(e.to_string().contains("middle of a message"), "{e}");
    assert_unusable(&client);
}

#[tokio::test]
async fn a_frame_over_the_cap_fails_the_call() {
    let addr = fake_server(1, |mut stream, _| async move {
        stream.write_all(&(1u32 << 30).to_be_bytes()).await.unwrap();
        tokio::time::sleep(Duration::from_secs(3)).await;
    })
    .await;
    let client = fault_client(addr, Duration::from_secs(5)).await;
    let e = client.ping().await.unwrap_err();
    assert!(e.to_string().contains("limit"), "{e}");
    assert_unusable(&client);
}

// ----- the server -----

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_connections_never_starve_a_new_caller() {
    let server = start(
        ServerConfig::default().max_concurrent_calls(16),
        CalculatorAsyncProcessor::new(AsyncCalc::default()),
    )
    .await;
    let mut idle = Vec::new();
    for _ in 0..64 {
        idle.push(TcpStream::connect(server.addr).await.unwrap());
    }
    let config = client_config(Protocol::Binary, Transport::Framed)
        .call_timeout(Some(Duration::from_secs(2)));
    let client = CalculatorAsyncClient::connect(server.addr, &config)
        .await
        .unwrap();
    assert_eq!(client.add(1, 2).await.unwrap(), 3);
    drop(idle);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_connections_are_closed() {
    let server = start(
        ServerConfig::default().idle_timeout(Some(Duration::from_millis(100))),
        CalculatorAsyncProcessor::new(AsyncCalc::default()),
    )
    .await;
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    let mut buf = [0; 1];
    let read = tokio::time::timeout(Duration::from_secs(3), stream.read(&mut buf)).await;
    assert!(
        matches!(read, Ok(Ok(0))),
        "the server closes an idle connection"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graceful_shutdown_finishes_the_calls_in_flight() {
    let server = start(
        ServerConfig::default(),
        CalculatorAsyncProcessor::new(AsyncCalc::default()),
    )
    .await;
    let client = CalculatorAsyncClient::connect(
        server.addr,
        &client_config(Protocol::Binary, Transport::Framed),
    )
    .await
    .unwrap();
    let calls: Vec<_> = (0..20)
        .map(|i| {
            let client = client.clone();
            tokio::spawn(async move { client.calculate(i, work(300)).await })
        })
        .collect();
    // Let every call reach the server, then shut down.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let Running {
        addr,
        shutdown,
        done,
    } = server;
    shutdown.trigger();
    for (i, call) in calls.into_iter().enumerate() {
        assert_eq!(call.await.unwrap().unwrap(), i as i32);
    }
    tokio::time::timeout(Duration::from_secs(5), done)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    // Not accepting any more.
    let again = AsyncConnection::connect(addr, &ClientConfig::default()).await;
    assert!(again.is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_bytes_never_crash_the_server() {
    let mut deep = Vec::new();
    // A call whose argument struct nests 10,000 structs deep.
    deep.extend_from_slice(&[0x80, 0x01, 0x00, 0x01, 0, 0, 0, 3]);
    deep.extend_from_slice(b"add");
    deep.extend_from_slice(&[0, 0, 0, 1]);
    for _ in 0..10_000 {
        deep.extend_from_slice(&[12, 0, 1]);
    }
    let framed_deep = [(deep.len() as u32).to_be_bytes().to_vec(), deep.clone()].concat();
    let mut huge_string = vec![0x80, 0x01, 0x00, 0x01, 0x7f, 0xff, 0xff, 0xff];
    huge_string.extend_from_slice(&[0; 16]);
    let framed_huge = [
        (huge_string.len() as u32).to_be_bytes().to_vec(),
        huge_string.clone(),
    ]
    .concat();
    let garbage: Vec<u8> = {
        let mut rng = Rng(42);
        (0..4096).map(|_| rng.next() as u8).collect()
    };
    let cases: Vec<(Transport, Vec<u8>)> = vec![
        (Transport::Framed, vec![0x7f, 0xff, 0xff, 0xff]),
        (Transport::Framed, vec![0xff, 0xff, 0xff, 0xf0, 1, 2, 3]),
        (Transport::Framed, framed_deep),
        (Transport::Framed, framed_huge),
        (Transport::Framed, garbage.clone()),
        (Transport::Buffered, deep),
        (Transport::Buffered, huge_string),
        (Transport::Buffered, garbage),
        // A string claiming 2 GiB, then more bytes than the cap.
        (
            Transport::Buffered,
            [
                &[0x80, 0x01, 0x00, 0x01, 0, 0, 0, 3][..],
                b"add",
                &[0, 0, 0, 1, 11, 0, 1, 0x7f, 0xff, 0xff, 0xff],
                &[b'x'; 100_000],
            ]
            .concat(),
        ),
    ];
    for transport in [Transport::Framed, Transport::Buffered] {
        let server = start(
            ServerConfig::default()
                .transport(transport)
                .max_message_size(64 * 1024)
                // A message must be whole within this, or the connection
                // closes (random bytes can claim a frame never sent).
                .idle_timeout(Some(Duration::from_millis(500))),
            CalculatorAsyncProcessor::new(AsyncCalc::default()),
        )
        .await;
        for (_, bytes) in cases.iter().filter(|(t, _)| *t == transport) {
            let mut stream = TcpStream::connect(server.addr).await.unwrap();
            // The server may close before everything is written.
            let _ = stream.write_all(bytes).await;
            let mut sink = Vec::new();
            let read = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut sink));
            assert!(read.await.is_ok(), "the server closes a hostile connection");
        }
        let client = CalculatorAsyncClient::connect(
            server.addr,
            &client_config(Protocol::Binary, transport),
        )
        .await
        .unwrap();
        assert_eq!(client.add(2, 2).await.unwrap(), 4);
        server.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_and_connections_are_bounded() {
    let server = start(
        ServerConfig::default()
            .max_concurrent_calls(2)
            .max_connections(1),
        CalculatorAsyncProcessor::new(AsyncCalc::default()),
    )
    .await;
    let config = client_config(Protocol::Binary, Transport::Framed);
    let first = CalculatorAsyncClient::connect(server.addr, &config)
        .await
        .unwrap();
    // Six 100 ms calls, two at a time: at least three rounds.
    let started = Instant::now();
    let calls: Vec<_> = (0..6)
        .map(|i| {
            let client = first.clone();
            tokio::spawn(async move { client.calculate(i, work(100)).await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    assert!(started.elapsed() >= Duration::from_millis(290));
    // A second connection waits (in the backlog) until the first closes.
    let second = CalculatorAsyncClient::connect(server.addr, &config)
        .await
        .unwrap();
    let waiting = tokio::spawn(async move { second.add(1, 1).await });
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(!waiting.is_finished(), "served past the connection cap");
    first.connection().close();
    drop(first);
    let served = tokio::time::timeout(Duration::from_secs(5), waiting).await;
    assert_eq!(served.unwrap().unwrap().unwrap(), 2);
    server.stop().await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_current_thread_server_runs_calls_in_place_until_they_wait() {
    // On a current-thread runtime the server runs each call in place and
    // spawns only calls that wait: pipelined on one connection, a slow
    // call is overtaken by quick ones, a panic is still answered, oneway
    // calls still run, and shutdown still waits for the slow one.
    let handler = Arc::new(AsyncCalc::default());
    let server = start(
        ServerConfig::default(),
        CalculatorAsyncProcessor::from_arc(handler.clone()),
    )
    .await;
    let client = CalculatorAsyncClient::connect(
        server.addr,
        &client_config(Protocol::Binary, Transport::Framed),
    )
    .await
    .unwrap();
    let slow = {
        let client = client.clone();
        tokio::spawn(async move { client.calculate(9, work(2000)).await })
    };
    tokio::time::sleep(Duration::from_millis(20)).await;
    for i in 0..200 {
        assert_eq!(client.add(i, 1).await.unwrap(), i + 1);
    }
    assert!(!slow.is_finished(), "quick calls overtake the slow one");
    let panicked = client.explode("boom".into()).await.unwrap_err();
    assert!(format!("{panicked:?}").contains("panicked"), "{panicked:?}");
    client.zip(0).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    while handler.zipped.load(Ordering::SeqCst) == 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert_eq!(handler.zipped.load(Ordering::SeqCst), 1);
    assert!(!slow.is_finished());
    server.shutdown.trigger();
    assert_eq!(slow.await.unwrap().unwrap(), 9);
    tokio::time::timeout(Duration::from_secs(10), server.done)
        .await
        .expect("server stops")
        .unwrap()
        .unwrap();
}
