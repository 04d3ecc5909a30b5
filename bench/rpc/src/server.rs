//! `rpc-server --port P`: serves `Echo` on 127.0.0.1:P (0 picks a port;
//! the line `listening on 127.0.0.1:PORT` says which), framed strict
//! binary, on a current-thread tokio runtime, until SIGTERM or SIGINT.

use crate::generated::echo::{EchoAsyncIface, EchoAsyncProcessor, Payload};
use clap::Parser;
use thriftgen_runtime::CallError;
use thriftgen_runtime::nonblocking::{Server, ServerConfig, Shutdown, async_trait};

#[derive(Parser)]
struct Args {
    #[arg(long)]
    port: u16,
}

struct Echo;

#[async_trait]
impl EchoAsyncIface for Echo {
    async fn echo(&self, msg: String) -> Result<String, CallError> {
        Ok(msg)
    }

    async fn roundtrip(&self, p: Payload) -> Result<Payload, CallError> {
        Ok(p)
    }
}

/// The command.
pub fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", args.port)).await?;
        println!("listening on {}", listener.local_addr()?);
        let shutdown = Shutdown::new();
        let signal = shutdown.clone();
        tokio::spawn(async move {
            use tokio::signal::unix::{SignalKind, signal as on};
            let (Ok(mut term), Ok(mut int)) =
                (on(SignalKind::terminate()), on(SignalKind::interrupt()))
            else {
                return;
            };
            tokio::select! {
                _ = term.recv() => {}
                _ = int.recv() => {}
            }
            signal.trigger();
        });
        let config = ServerConfig::default().idle_timeout(None);
        Server::new(config, EchoAsyncProcessor::new(Echo))
            .serve(listener, shutdown)
            .await
    })
}
