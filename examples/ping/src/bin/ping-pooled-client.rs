//! Pings through the generated pooled proxy, `--count` pings spread over
//! four threads and a pool of at most two connections: `--config FILE`
//! (TOML, as `config/ping-pool.toml`) says where and how, `--host`/`--port`
//! override its address.
//!
//! The application code below `service()` holds only
//! `Arc<dyn RemotePingServiceIface>`: a local handler or a plain client
//! would do as well.

use std::sync::Arc;
use std::time::Instant;

use ping_example::ping::{RemotePingServiceIface, RemotePingServicePooledClient};
use thriftgen_runtime::WireTransport;
use thriftgen_runtime::pool::PoolConfig;

/// The configuration in, the service interface out.
fn service(config: &PoolConfig) -> Result<Arc<dyn RemotePingServiceIface>, String> {
    let client = RemotePingServicePooledClient::pooled(config).map_err(|e| e.to_string())?;
    Ok(Arc::new(client))
}

fn main() {
    let fail = |e: String| -> ! {
        eprintln!("ping-pooled-client: {e}");
        std::process::exit(2)
    };
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let config_file = match args.iter().position(|a| a == "--config") {
        Some(at) if at + 1 < args.len() => Some(args.drain(at..at + 2).nth(1).unwrap_or_default()),
        Some(_) => fail("--config needs a value".into()),
        None => None,
    };
    let explicit_address = args.iter().any(|a| a == "--host" || a == "--port");
    let flags = ping_example::Flags::parse(args).unwrap_or_else(|e| fail(e));
    let mut config = match &config_file {
        Some(path) => PoolConfig::from_file(path).unwrap_or_else(|e| fail(e.to_string())),
        // The example server's wire: binary protocol, buffered transport.
        None => PoolConfig::default()
            .transport(WireTransport::Buffered)
            .max_size(2),
    };
    if explicit_address || config_file.is_none() {
        config.connection.addresses = vec![format!("{}:{}", flags.host, flags.port)];
    }
    let pinger = service(&config).unwrap_or_else(|e| fail(e));
    const THREADS: u32 = 4;
    let failed = thriftgen_runtime::pool::join_all((0..THREADS).map(|thread| {
        let pinger = pinger.clone();
        move || {
            (1..=flags.count)
                .filter(|n| n % THREADS == thread)
                .filter(|n| {
                    let started = Instant::now();
                    match pinger.ping(64) {
                        Ok(()) => {
                            println!("ping {n}: ok in {:?}", started.elapsed());
                            false
                        }
                        Err(e) => {
                            eprintln!("ping {n}: {e}");
                            true
                        }
                    }
                })
                .count()
        }
    }))
    .into_iter()
    .sum::<usize>();
    if failed > 0 {
        std::process::exit(1)
    }
}
