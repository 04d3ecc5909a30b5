//! The README's async example, compiled and run as it is printed there
//! (keep the two in step).

use ping_example::ping::{
    RemotePingServiceAsyncClient, RemotePingServiceAsyncIface, RemotePingServiceAsyncProcessor,
};
use thriftgen_runtime::CallError;
use thriftgen_runtime::nonblocking::{
    ClientConfig, Server, ServerConfig, Shutdown, async_trait, from_callback,
};

struct Pinged;

#[async_trait]
impl RemotePingServiceAsyncIface for Pinged {
    async fn ping(&self, _length: i32) -> Result<(), CallError> {
        Ok(())
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The server: every connection and every call is a task.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let shutdown = Shutdown::new();
    let processor = RemotePingServiceAsyncProcessor::new(Pinged);
    let serving = tokio::spawn(
        Server::new(ServerConfig::default(), processor).serve(listener, shutdown.clone()),
    );

    // The client: any number of calls in flight on one connection.
    let client = RemotePingServiceAsyncClient::connect(addr, &ClientConfig::default()).await?;
    client.ping(64).await?;

    // A batch: queued, sent in one write, each result collected.
    let mut batch = client.batch();
    let replies: Vec<_> = (0..3).map(|n| batch.ping(n)).collect();
    batch.send();
    for reply in replies {
        reply.await?;
    }

    // A callback-style call, turned back into a future by the adaptor.
    let outcome: Result<(), CallError> =
        from_callback(|callback| client.ping_with_callback(1, callback)).await;
    outcome?;

    // Graceful shutdown: stop accepting, finish calls in flight, return.
    shutdown.trigger();
    serving.await??;
    Ok(())
}

#[test]
fn readme_async_example_runs() {
    main().unwrap();
}
