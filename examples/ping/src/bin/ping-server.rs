//! Serves `RemotePingService` on `--host`/`--port` (port 0: any free
//! port); prints `listening on HOST:PORT` once ready.

use std::net::TcpListener;
use std::sync::Arc;
use std::thread;

use ping_example::Flags;
use ping_example::ping::{RemotePingServiceIface, RemotePingServiceProcessor};
use thriftgen_runtime::CallError;
use thriftgen_runtime::thrift::server::TProcessor;

struct Pinged;

impl RemotePingServiceIface for Pinged {
    fn ping(&self, length: i32) -> Result<(), CallError> {
        println!("ping of {length} bytes");
        Ok(())
    }
}

fn main() {
    let flags = Flags::parse(std::env::args().skip(1)).unwrap_or_else(|e| {
        eprintln!("ping-server: {e}");
        std::process::exit(2)
    });
    let listener = TcpListener::bind((flags.host.as_str(), flags.port)).unwrap_or_else(|e| {
        eprintln!(
            "ping-server: cannot listen on {}:{}: {e}",
            flags.host, flags.port
        );
        std::process::exit(1)
    });
    let address = listener
        .local_addr()
        .expect("a bound listener has an address");
    println!("listening on {address}");
    let processor = Arc::new(RemotePingServiceProcessor::new(Pinged));
    // One thread per connection, as `thrift::server::TServer` does; ours
    // binds the listener itself so port 0 can be reported.
    for stream in listener.incoming() {
        let Ok((mut input, mut output)) =
            stream.map_err(Into::into).and_then(ping_example::protocols)
        else {
            continue;
        };
        let processor = processor.clone();
        thread::spawn(move || while processor.process(&mut input, &mut output).is_ok() {});
    }
}
