//! Pings the server at `--host`/`--port` `--count` times and prints how
//! long each call took.

use std::net::TcpStream;
use std::time::Instant;

use ping_example::Flags;
use ping_example::ping::{RemotePingServiceClient, RemotePingServiceIface};

fn main() {
    let flags = Flags::parse(std::env::args().skip(1)).unwrap_or_else(|e| {
        eprintln!("ping-client: {e}");
        std::process::exit(2)
    });
    let client = TcpStream::connect((flags.host.as_str(), flags.port))
        .map_err(Into::into)
        .and_then(ping_example::protocols)
        .map(|(input, output)| RemotePingServiceClient::new(input, output))
        .unwrap_or_else(|e| {
            eprintln!(
                "ping-client: cannot connect to {}:{}: {e}",
                flags.host, flags.port
            );
            std::process::exit(1)
        });
    for n in 1..=flags.count {
        let started = Instant::now();
        match client.ping(64) {
            Ok(()) => println!("ping {n}: ok in {:?}", started.elapsed()),
            Err(e) => {
                eprintln!("ping {n}: {e}");
                std::process::exit(1)
            }
        }
    }
}
