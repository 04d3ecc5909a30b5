//! An echo server on its own thread: the async server on a current-thread
//! runtime (as `rpc-server` runs it), framed strict binary on 127.0.0.1.

use std::net::SocketAddr;

use thriftgen_runtime::CallError;
use thriftgen_runtime::nonblocking::{Server, ServerConfig, Shutdown, async_trait};

use crate::generated::echo::{EchoAsyncIface, EchoAsyncProcessor, Payload};

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

/// A running server; stops when dropped.
pub struct EchoServer {
    pub address: SocketAddr,
    shutdown: Shutdown,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl EchoServer {
    pub fn start() -> std::io::Result<EchoServer> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
        let address = listener.local_addr()?;
        let shutdown = Shutdown::new();
        let signal = shutdown.clone();
        let config = ServerConfig::default().max_connections(100_000);
        let thread = std::thread::spawn(move || {
            let server = Server::new(config, EchoAsyncProcessor::new(Echo));
            if let Err(e) = runtime.block_on(server.serve(listener, signal)) {
                eprintln!("echo server: {e}");
            }
        });
        Ok(EchoServer {
            address,
            shutdown,
            thread: Some(thread),
        })
    }
}

impl Drop for EchoServer {
    fn drop(&mut self) {
        self.shutdown.trigger();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
