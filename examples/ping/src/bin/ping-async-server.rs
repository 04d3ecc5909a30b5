//! The async twin of `ping-server`: serves `RemotePingService` with the
//! runtime's async server (binary protocol, buffered transport, as the
//! blocking binaries), same flags, same `listening on HOST:PORT` line.

use ping_example::Flags;
use ping_example::ping::{RemotePingServiceAsyncIface, RemotePingServiceAsyncProcessor};
use thriftgen_runtime::CallError;
use thriftgen_runtime::nonblocking::{Server, ServerConfig, Shutdown, Transport, async_trait};

struct Pinged;

#[async_trait]
impl RemotePingServiceAsyncIface for Pinged {
    async fn ping(&self, length: i32) -> Result<(), CallError> {
        println!("ping of {length} bytes");
        Ok(())
    }
}

fn main() {
    let flags = Flags::parse(std::env::args().skip(1)).unwrap_or_else(|e| {
        eprintln!("ping-async-server: {e}");
        std::process::exit(2)
    });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let served = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind((flags.host.as_str(), flags.port)).await?;
        println!("listening on {}", listener.local_addr()?);
        let config = ServerConfig::default().transport(Transport::Buffered);
        // Serves until the process is killed.
        Server::new(config, RemotePingServiceAsyncProcessor::new(Pinged))
            .serve(listener, Shutdown::new())
            .await
    });
    if let Err(e) = served {
        eprintln!(
            "ping-async-server: cannot serve on {}:{}: {e}",
            flags.host, flags.port
        );
        std::process::exit(1)
    }
}
