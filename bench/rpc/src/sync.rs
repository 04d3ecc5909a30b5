//! The baseline users have today, for the same workload: the `thrift`
//! crate's blocking `TServer` (a worker thread per connection) serving
//! the generated `EchoProcessor`, and the generated blocking `EchoClient`
//! over the runtime's `FramedChannel`, one connection (and thread) per
//! caller. Framed strict binary on 127.0.0.1, like `rpc-server` /
//! `rpc-client`, with the same command lines and summary line.

use std::net::TcpStream;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use crate::generated::echo::{EchoClient, EchoIface, EchoProcessor, Payload};
use crate::{ClientArgs, Summary};
use clap::Parser;
use thriftgen_runtime::thrift::protocol::{
    TBinaryInputProtocolFactory, TBinaryOutputProtocolFactory,
};
use thriftgen_runtime::thrift::server::TServer;
use thriftgen_runtime::thrift::transport::{
    TFramedReadTransportFactory, TFramedWriteTransportFactory,
};
use thriftgen_runtime::{CallError, FramedChannel, WireProtocol};

#[derive(Parser)]
struct ServerArgs {
    #[arg(long)]
    port: u16,
    /// Worker threads: each serves one connection for its whole life.
    #[arg(long, default_value_t = 256)]
    workers: usize,
}

struct Echo;

impl EchoIface for Echo {
    fn echo(&self, msg: String) -> Result<String, CallError> {
        Ok(msg)
    }

    fn roundtrip(&self, p: Payload) -> Result<Payload, CallError> {
        Ok(p)
    }
}

/// `sync-server --port P [--workers N]`: `TServer` with N workers (256 by
/// default) on 127.0.0.1:P (0 picks a free port); prints
/// `listening on 127.0.0.1:PORT` once it accepts connections, then
/// serves until killed (SIGTERM's default action ends it).
pub fn server_main() -> ExitCode {
    let args = ServerArgs::parse();
    // TServer binds inside `listen` and never says where: find a port
    // first, then wait until it answers before saying so.
    let port = match args.port {
        0 => match std::net::TcpListener::bind(("127.0.0.1", 0)).and_then(|l| l.local_addr()) {
            Ok(addr) => addr.port(),
            Err(e) => {
                eprintln!("sync-server: no free port: {e}");
                return ExitCode::FAILURE;
            }
        },
        port => port,
    };
    let workers = args.workers.max(1);
    let serving = std::thread::spawn(move || {
        let mut server = TServer::new(
            TFramedReadTransportFactory::new(),
            TBinaryInputProtocolFactory::new(),
            TFramedWriteTransportFactory::new(),
            TBinaryOutputProtocolFactory::new(),
            EchoProcessor::new(Echo),
            workers,
        );
        server.listen(("127.0.0.1", port))
    });
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if serving.is_finished() || Instant::now() > deadline {
            let why = match serving.join() {
                Ok(Err(e)) => e.to_string(),
                _ => "it did not start listening".to_owned(),
            };
            eprintln!("sync-server: cannot serve on 127.0.0.1:{port}: {why}");
            return ExitCode::FAILURE;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    println!("listening on 127.0.0.1:{port}");
    match serving.join() {
        Ok(Err(e)) => eprintln!("sync-server: {e}"),
        _ => eprintln!("sync-server: stopped"),
    }
    ExitCode::FAILURE
}

/// `sync-client --port P --callers N --seconds S --warmup W [--msg-bytes B]`:
/// N threads, each with its own connection and one call at a time.
pub fn client_main() -> ExitCode {
    let args = ClientArgs::parse();
    let start = Instant::now();
    let window_start = start + Duration::from_secs_f64(args.warmup);
    let window_end = window_start + Duration::from_secs_f64(args.seconds);
    let msg: String = "x".repeat(args.msg_bytes);
    let mut clients = Vec::new();
    for _ in 0..args.callers.max(1) {
        let stream = match TcpStream::connect(("127.0.0.1", args.port)) {
            Ok(stream) => stream,
            Err(e) => {
                eprintln!(
                    "sync-client: cannot connect to 127.0.0.1:{}: {e}",
                    args.port
                );
                return Summary::failed().print();
            }
        };
        let _ = stream.set_nodelay(true);
        let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
        clients.push(EchoClient::with_channel(FramedChannel::new(
            stream,
            WireProtocol::Binary,
        )));
    }
    let callers: Vec<_> = clients
        .into_iter()
        .map(|client| {
            let msg = msg.clone();
            std::thread::spawn(move || {
                let mut latencies = Vec::new();
                let mut errors = 0;
                loop {
                    let began = Instant::now();
                    if began >= window_end {
                        break;
                    }
                    match client.echo(msg.clone()) {
                        Ok(reply) if reply == msg => {}
                        _ => errors += 1,
                    }
                    let ended = Instant::now();
                    if began >= window_start && ended <= window_end {
                        latencies.push((ended - began).as_secs_f64() * 1e6);
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    let mut summary = Summary::new(args.seconds);
    for caller in callers {
        match caller.join() {
            Ok((latencies, errors)) => summary.add(latencies, errors),
            Err(_) => summary.add(Vec::new(), 1),
        }
    }
    summary.print()
}
