//! The async twin of `ping-client`: sends `--count` pings at once over one
//! connection (pipelined), then prints how long each took.

use std::time::Instant;

use ping_example::Flags;
use ping_example::ping::{RemotePingServiceAsyncClient, RemotePingServiceAsyncIface};
use thriftgen_runtime::nonblocking::{ClientConfig, Transport};

fn main() {
    let flags = Flags::parse(std::env::args().skip(1)).unwrap_or_else(|e| {
        eprintln!("ping-async-client: {e}");
        std::process::exit(2)
    });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        let config = ClientConfig::default().transport(Transport::Buffered);
        let client =
            RemotePingServiceAsyncClient::connect((flags.host.as_str(), flags.port), &config)
                .await
                .unwrap_or_else(|e| {
                    eprintln!(
                        "ping-async-client: cannot connect to {}:{}: {e}",
                        flags.host, flags.port
                    );
                    std::process::exit(1)
                });
        let started = Instant::now();
        let pings = (1..=flags.count).map(|n| {
            let client = client.clone();
            async move { (n, client.ping(64).await, started.elapsed()) }
        });
        let mut tasks = Vec::new();
        for ping in pings {
            tasks.push(tokio::spawn(ping));
        }
        for task in tasks {
            match task.await {
                Ok((n, Ok(()), took)) => println!("ping {n}: ok in {took:?}"),
                Ok((n, Err(e), _)) => {
                    eprintln!("ping {n}: {e}");
                    std::process::exit(1)
                }
                Err(e) => {
                    eprintln!("ping: {e}");
                    std::process::exit(1)
                }
            }
        }
    });
}
