//! `volo-server --port P [--multiplex]`: volo-thrift's server for `Echo`
//! on 127.0.0.1:P (0 picks a port; the line `listening on 127.0.0.1:PORT`
//! says which), framed binary, on a current-thread tokio runtime, until
//! killed. `--multiplex` turns on volo's multiplexing (pipelined calls on
//! one connection, answered as they finish), which its multiplexed client
//! needs.

use thriftgen_volo_bench::Args;
use thriftgen_volo_bench::volo_gen::echo::{Echo, EchoServer, Payload};
use volo_thrift::codec::default::DefaultMakeCodec;

struct Handler;

impl Echo for Handler {
    async fn echo(
        &self,
        msg: pilota::FastStr,
    ) -> Result<pilota::FastStr, volo_thrift::ServerError> {
        Ok(msg)
    }

    async fn roundtrip(&self, p: Payload) -> Result<Payload, volo_thrift::ServerError> {
        Ok(p)
    }
}

fn main() -> std::io::Result<()> {
    let args = Args::from_env();
    let port: u16 = args.value("--port", None);
    let multiplex = args.flag("--multiplex");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
        println!("listening on {}", listener.local_addr()?);
        let incoming = volo::net::incoming::DefaultIncoming::from(listener);
        EchoServer::new(Handler)
            .make_codec(DefaultMakeCodec::framed())
            .multiplex(multiplex)
            .run(incoming)
            .await
            .map_err(|e| std::io::Error::other(e.to_string()))
    })
}
