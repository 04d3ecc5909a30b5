//! The body of `examples/codec_case.rs` (see there), built only when its subjects are.

use std::hint::black_box;

use thriftgen_codec_bench::apache_echo as apache;
use thriftgen_codec_bench::codec::{Protocol, decode, encode, encode_into};
use thriftgen_codec_bench::fixture::{apache_payload, thriftgen_payload};
use thriftgen_codec_bench::thriftgen_echo::echo as thriftgen;

const USAGE: &str =
    "usage: codec_case <thriftgen|apache> <binary|compact> <encode|decode> [iterations]";

pub fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [stack, protocol, operation] = [0, 1, 2].map(|i| args.get(i).map(String::as_str));
    let protocol = match protocol {
        Some("binary") => Protocol::Binary,
        Some("compact") => Protocol::Compact,
        _ => exit_with_usage(),
    };
    let iterations: u64 = match args.get(3) {
        Some(n) => n.parse().unwrap_or_else(|_| exit_with_usage()),
        None => 10_000,
    };
    let bytes = encode(&thriftgen_payload(), protocol).expect("the fixture encodes");
    let mut buf = Vec::with_capacity(8 * 1024);
    match (stack, operation) {
        (Some("thriftgen"), Some("encode")) => {
            let value = thriftgen_payload();
            for _ in 0..iterations {
                encode_into(black_box(&value), protocol, &mut buf).expect("encodes");
            }
        }
        (Some("apache"), Some("encode")) => {
            let value = apache_payload();
            for _ in 0..iterations {
                encode_into(black_box(&value), protocol, &mut buf).expect("encodes");
            }
        }
        (Some("thriftgen"), Some("decode")) => {
            for _ in 0..iterations {
                black_box(
                    decode::<thriftgen::Payload>(black_box(&bytes), protocol).expect("decodes"),
                );
            }
        }
        (Some("apache"), Some("decode")) => {
            for _ in 0..iterations {
                black_box(decode::<apache::Payload>(black_box(&bytes), protocol).expect("decodes"));
            }
        }
        _ => exit_with_usage(),
    }
}

fn exit_with_usage() -> ! {
    eprintln!("{USAGE}");
    std::process::exit(2)
}
