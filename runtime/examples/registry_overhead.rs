//! The cost of a discovering client over a fixed-address one: 1 KiB echo
//! over loopback, blocking framed, one caller thread then four; a fixed
//! `FramedChannel` against the built-in `FramedConnector`, and a fixed
//! `PooledChannel` against the `PooledConnector` (one shared channel).
//!
//! `cargo run --release -p thriftgen-runtime --features registry,pool --example registry_overhead`

#[path = "../tests/common/mod.rs"]
mod common;

use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{EchoArgs, EchoResult, Oops};
use thriftgen_runtime::codec::{Decoder, Encode, Encoder};
use thriftgen_runtime::pool::{PoolConfig, PooledChannel};
use thriftgen_runtime::registry::{
    DiscoveringChannel, DiscoveryConfig, Endpoint, FramedConnector, PooledConnector, Registry,
    StaticRegistry,
};
use thriftgen_runtime::thrift::protocol::TType;
use thriftgen_runtime::{
    CallError, Channel, DEFAULT_MAX_FRAME, Dispatch, FramedChannel, IncomingCall, WireProtocol,
    serve_framed, thrift,
};

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

struct Echo;

impl Dispatch for Echo {
    fn dispatch_call<D: Decoder, E: Encoder>(
        &self,
        call: IncomingCall<'_, D, E>,
    ) -> thrift::Result<()> {
        call.reply(
            |args: EchoArgs| Ok::<_, CallError<Oops>>(args.text),
            |outcome: Result<String, Oops>| EchoResult {
                success: outcome.ok(),
                oops: None,
            },
        )
    }
}

/// Time per call with each channel in `channels` driven by its own
/// thread.
fn run<C: Channel>(channels: Vec<C>, calls: usize) -> Duration {
    run_on(&channels, calls)
}

/// As [`run`], the channels borrowed (clones of a shared one, say).
fn run_on<C: Channel>(channels: &[C], calls: usize) -> Duration {
    let text = "x".repeat(1024);
    let started = Instant::now();
    std::thread::scope(|scope| {
        for channel in channels {
            let text = &text;
            scope.spawn(move || {
                for _ in 0..calls {
                    let args = EchoArgs { text: text.clone() };
                    let reply: EchoResult = channel.call("echo", &args).expect("echo");
                    assert_eq!(reply.success.as_deref(), Some(text.as_str()));
                }
            });
        }
    });
    started.elapsed() / (calls * channels.len()) as u32
}

/// A channel with no I/O: every call decodes the same prepared reply
/// (what is left of a call once the network is taken away).
struct Canned(Vec<u8>);

impl Channel for Canned {
    fn call<A, R>(&self, _: &str, _: &A) -> thrift::Result<R>
    where
        A: Encode + thriftgen_runtime::thrift::protocol::TSerializable,
        R: thriftgen_runtime::codec::Decode + thriftgen_runtime::thrift::protocol::TSerializable,
    {
        R::decode(&mut thriftgen_runtime::codec::BinaryDecoder::new(&self.0))
    }

    fn call_oneway<A>(&self, _: &str, _: &A) -> thrift::Result<()>
    where
        A: Encode + thriftgen_runtime::thrift::protocol::TSerializable,
    {
        Ok(())
    }
}

struct CannedConnector(Vec<u8>);

impl thriftgen_runtime::registry::EndpointConnector for CannedConnector {
    type Channel = Canned;

    fn channel(&self, _: &Endpoint) -> thrift::Result<Canned> {
        Ok(Canned(self.0.clone()))
    }
}

/// The balancer's own cost per call: a canned channel alone and behind
/// a discovering channel with three endpoints, one thread.
fn without_io() {
    let mut reply = Vec::new();
    EchoResult {
        success: Some("x".repeat(1024)),
        oops: None,
    }
    .encode(&mut thriftgen_runtime::codec::BinaryEncoder::new(
        &mut reply,
    ))
    .expect("encode");
    let registry = StaticRegistry::new((0..3).map(|i| Endpoint::new("Echo", "127.0.0.1", i)));
    let direct = Canned(reply.clone());
    let discovering = DiscoveringChannel::new(
        "Echo",
        registry.watch("Echo"),
        DiscoveryConfig::default(),
        CannedConnector(reply),
    );
    let calls = 1_000_000u32;
    let time = |channel: &dyn Fn() -> EchoResult| {
        let started = Instant::now();
        for _ in 0..calls {
            std::hint::black_box(channel());
        }
        started.elapsed() / calls
    };
    let args = EchoArgs {
        text: "x".repeat(1024),
    };
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        a.push(time(&|| direct.call("echo", &args).expect("call")));
        b.push(time(&|| discovering.call("echo", &args).expect("call")));
    }
    a.sort();
    b.sort();
    println!(
        "without I/O (decoding a 1 KiB reply): {:?}/call alone, {:?}/call discovering: {} ns added",
        a[2],
        b[2],
        b[2].as_nanos() as i128 - a[2].as_nanos() as i128
    );
}

fn main() {
    without_io();
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("address").port();
    std::thread::spawn(move || {
        let echo = Arc::new(Echo);
        for stream in listener.incoming().flatten() {
            let _ = stream.set_nodelay(true);
            let echo = echo.clone();
            std::thread::spawn(move || {
                let _ = serve_framed(&*echo, stream, WireProtocol::Binary, DEFAULT_MAX_FRAME);
            });
        }
    });
    let registry = StaticRegistry::new([Endpoint::new("Echo", "127.0.0.1", port)]);
    let fixed = |n: usize| -> Vec<FramedChannel<TcpStream>> {
        (0..n)
            .map(|_| {
                let stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
                stream.set_nodelay(true).expect("nodelay");
                FramedChannel::new(stream, WireProtocol::Binary)
            })
            .collect()
    };
    let discovering = |n: usize| -> Vec<DiscoveringChannel<FramedConnector>> {
        (0..n)
            .map(|_| {
                DiscoveringChannel::new(
                    "Echo",
                    registry.watch("Echo"),
                    DiscoveryConfig::default(),
                    FramedConnector::default(),
                )
            })
            .collect()
    };
    let template = PoolConfig::new([format!("127.0.0.1:{port}")]).max_size(4);
    let pooled = PooledChannel::new(&template).expect("pool");
    let discovering_pooled = DiscoveringChannel::new(
        "Echo",
        registry.watch("Echo"),
        DiscoveryConfig::default(),
        PooledConnector::new(template),
    );
    let calls = 20_000;
    println!("| callers | fixed | discovering | overhead |");
    println!("|---|---|---|---|");
    let report = |what: &str, threads: usize, a: &mut Vec<Duration>, b: &mut Vec<Duration>| {
        a.sort();
        b.sort();
        let (a, b) = (a[a.len() / 2], b[b.len() / 2]);
        let overhead = (b.as_secs_f64() / a.as_secs_f64() - 1.0) * 100.0;
        println!("| {what}, {threads} | {a:.1?}/call | {b:.1?}/call | {overhead:+.1}% |");
    };
    for threads in [1, 4] {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        for _ in 0..5 {
            a.push(run(fixed(threads), calls));
            b.push(run(discovering(threads), calls));
        }
        report("framed", threads, &mut a, &mut b);
        let (mut a, mut b) = (Vec::new(), Vec::new());
        for _ in 0..5 {
            a.push(run_on(&vec![pooled.clone(); threads], calls));
            b.push(run_on(&vec![discovering_pooled.clone(); threads], calls));
        }
        report("pooled", threads, &mut a, &mut b);
    }
}
