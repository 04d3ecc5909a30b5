//! Runs the ThriftTest server on a `thrift::server::TServer` and announces
//! `listening on HOST:PORT` once connections are accepted.

use std::net::{TcpListener, TcpStream};
use std::process::ExitCode;
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use thrift::server::{TMultiplexedProcessor, TProcessor, TServer};
use thriftgen_runtime::thrift;
use thriftgen_runtime::{DEFAULT_MAX_FRAME, WireProtocol, serve_framed};

use clap::Parser;

use crate::cli::{Args, Protocol, Transport};
use crate::connection::server_factories;
use crate::generated::thrift_test::{SecondServiceProcessor, ThriftTestProcessor};
use crate::handler::{SecondHandler, TestHandler};
use crate::{SECOND_SERVICE_NAME, SERVICE_NAME};

/// Enough workers that a sleeping testOneway never starves other clients.
const WORKERS: usize = 8;
const STARTUP_LIMIT: Duration = Duration::from_secs(10);
const BIND_ATTEMPTS: usize = 3;
const BIND_GRACE: Duration = Duration::from_millis(100);

/// The `cross-server` command.
pub fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("cross-server: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Serves until the process is killed; returns only on failure.
pub fn run(args: &Args) -> Result<(), String> {
    if args.use_async {
        return run_async(args);
    }
    // A port picked for `--port 0` may be taken before TServer binds it
    // again; then another free port is tried.
    let attempts = if args.port == 0 { BIND_ATTEMPTS } else { 1 };
    let mut last_failure = String::new();
    for _ in 0..attempts {
        let mut args = args.clone();
        if args.port == 0 {
            args.port = free_port(&args.host)?;
        }
        match start(&args)? {
            Started::Serving(failure) => {
                println!("listening on {}", args.address());
                // Registered once it accepts; deregistered when the
                // process ends (its ZooKeeper session closes or expires).
                let _registered = match &args.registry {
                    Some(url) => {
                        let registered =
                            crate::discovery::register_blocking(url, &args, args.port)?;
                        println!("registered as {SERVICE_NAME} in {url}");
                        Some(registered)
                    }
                    None => None,
                };
                return failure
                    .recv()
                    .unwrap_or_else(|_| Err("server thread ended without a result".to_owned()));
            }
            Started::Failed(why) => last_failure = why,
        }
    }
    Err(last_failure)
}

enum Started {
    /// Accepting connections; the receiver reports why serving stopped.
    Serving(mpsc::Receiver<Result<(), String>>),
    /// The server stopped before accepting (e.g. the port was taken).
    Failed(String),
}

fn start(args: &Args) -> Result<Started, String> {
    let address = args.address();
    // The readiness probe below cannot tell our listener from another
    // process's on the same port, so a taken port is detected up front.
    if let Err(e) = TcpListener::bind(&address) {
        return Ok(Started::Failed(format!(
            "server failed: cannot bind {address}: {e}"
        )));
    }
    let (failed, failure) = mpsc::channel();
    let serving = args.clone();
    thread::spawn(move || {
        let outcome = match (serving.multiplexed, serving.transport) {
            (true, _) => multiplexed_processor().and_then(|p| serve(p, &serving)),
            (false, Transport::Framed) => serve_fast(&serving),
            (false, Transport::Buffered) => serve(ThriftTestProcessor::new(TestHandler), &serving),
        };
        let _ = failed.send(outcome.map_err(|e| format!("server failed: {e}")));
    });
    let start = Instant::now();
    while start.elapsed() < STARTUP_LIMIT {
        if let Ok(outcome) = failure.try_recv() {
            let why = outcome.err().unwrap_or_else(|| "server stopped".to_owned());
            return Ok(Started::Failed(why));
        }
        if TcpStream::connect(&address).is_ok() {
            // Someone may have taken the port between the check and
            // TServer's bind; that bind failure arrives at once.
            return Ok(match failure.recv_timeout(BIND_GRACE) {
                Ok(outcome) => Started::Failed(outcome.err().unwrap_or_default()),
                Err(_) => Started::Serving(failure),
            });
        }
        thread::sleep(Duration::from_millis(20));
    }
    Err(format!(
        "server did not accept on {address} within {STARTUP_LIMIT:?}"
    ))
}

/// Framed and not multiplexed: the runtime's fast server
/// (`serve_framed`: whole frames decoded by the codec), a thread per
/// connection.
fn serve_fast(args: &Args) -> thrift::Result<()> {
    let listener = TcpListener::bind(args.address())?;
    let processor = Arc::new(ThriftTestProcessor::new(TestHandler));
    let protocol = match args.protocol {
        Protocol::Binary => WireProtocol::Binary,
        Protocol::Compact => WireProtocol::Compact,
    };
    for stream in listener.incoming() {
        let stream = stream?;
        let processor = Arc::clone(&processor);
        thread::spawn(move || {
            // A connection that fails is dropped; the server goes on.
            let _ = serve_framed(&*processor, stream, protocol, DEFAULT_MAX_FRAME);
        });
    }
    Ok(())
}

fn multiplexed_processor() -> thrift::Result<TMultiplexedProcessor> {
    let mut processor = TMultiplexedProcessor::new();
    processor.register(
        SERVICE_NAME,
        Box::new(ThriftTestProcessor::new(TestHandler)),
        false,
    )?;
    processor.register(
        SECOND_SERVICE_NAME,
        Box::new(SecondServiceProcessor::new(SecondHandler)),
        false,
    )?;
    Ok(processor)
}

fn serve<P>(processor: P, args: &Args) -> thrift::Result<()>
where
    P: TProcessor + Send + Sync + 'static,
{
    let factories = server_factories(args.protocol, args.transport);
    let mut server = TServer::new(
        factories.read_transport,
        factories.input_protocol,
        factories.write_transport,
        factories.output_protocol,
        processor,
        WORKERS,
    );
    server.listen(args.address())
}

/// TServer binds by address and cannot report the port it got, so port 0
/// is resolved here: bind, read the port, release it for TServer.
fn free_port(host: &str) -> Result<u16, String> {
    let listener =
        TcpListener::bind((host, 0)).map_err(|e| format!("cannot bind {host}:0: {e}"))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| format!("no local address: {e}"))
}

/// `--async`: the runtime's async server with the generated async
/// processors, the blocking handlers adapted.
fn run_async(args: &Args) -> Result<(), String> {
    use std::sync::Arc;

    use thriftgen_runtime::nonblocking::{Multiplexed, Server, ServerConfig, Shutdown};
    use thriftgen_runtime::registry::Registry;

    use crate::async_adapters::AsyncHandler;
    use crate::generated::thrift_test::{SecondServiceAsyncProcessor, ThriftTestAsyncProcessor};

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start tokio: {e}"))?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(args.address())
            .await
            .map_err(|e| format!("server failed: cannot bind {}: {e}", args.address()))?;
        let port = listener.local_addr().map_err(|e| e.to_string())?.port();
        println!("listening on {}:{port}", args.host);
        let config = ServerConfig::default()
            .protocol(args.protocol.nonblocking())
            .transport(args.transport.nonblocking());
        let test = ThriftTestAsyncProcessor::new(AsyncHandler(Arc::new(TestHandler)));
        let server = match args.multiplexed {
            true => Server::new(
                config,
                Multiplexed::new().register(SERVICE_NAME, test).register(
                    SECOND_SERVICE_NAME,
                    SecondServiceAsyncProcessor::new(AsyncHandler(Arc::new(SecondHandler))),
                ),
            ),
            false => Server::new(config, test),
        };
        // Serves until killed; registered once it accepts.
        let serving = tokio::spawn(server.serve(listener, Shutdown::new()));
        let _registered = match &args.registry {
            Some(url) => {
                let registry = crate::discovery::registry(url)?;
                let registration = registry
                    .register(crate::discovery::endpoint(args, port))
                    .await
                    .map_err(|e| format!("cannot register in {url}: {e}"))?;
                println!("registered as {SERVICE_NAME} in {url}");
                Some((registry, registration))
            }
            None => None,
        };
        serving
            .await
            .map_err(|e| format!("server failed: {e}"))?
            .map_err(|e| format!("server failed: {e}"))
    })
}
