//! The cost of a discovering client over a fixed-address one: 1 KiB echo
//! over loopback, blocking framed, one caller thread then four.
//!
//! `cargo run --release -p thriftgen-runtime --features registry --example registry_overhead`

#[path = "../tests/common/mod.rs"]
mod common;

use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{EchoArgs, EchoResult, Oops};
use thriftgen_runtime::codec::{Decoder, Encode, Encoder};
use thriftgen_runtime::registry::{
    DiscoveringChannel, DiscoveryConfig, Endpoint, FramedConnector, Registry, StaticRegistry,
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
    let text = "x".repeat(1024);
    let started = Instant::now();
    std::thread::scope(|scope| {
        for channel in &channels {
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

fn main() {
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
    let calls = 20_000;
    println!("| callers | fixed FramedChannel | DiscoveringChannel | overhead |");
    println!("|---|---|---|---|");
    for threads in [1, 4] {
        let mut a = Vec::new();
        let mut b = Vec::new();
        for _ in 0..5 {
            a.push(run(fixed(threads), calls));
            b.push(run(discovering(threads), calls));
        }
        a.sort();
        b.sort();
        let (a, b) = (a[2], b[2]);
        let overhead = (b.as_secs_f64() / a.as_secs_f64() - 1.0) * 100.0;
        println!("| {threads} | {a:.1?}/call | {b:.1?}/call | {overhead:+.1}% |");
    }
}
