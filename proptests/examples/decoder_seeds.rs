//! Writes a seed corpus for the `decoders` fuzz target: values drawn from
//! the property tests' strategies, encoded in both protocols, each file
//! prefixed with the selector byte the target reads (type and protocol).
//!
//! `cargo run -p thriftgen-roundtrip --example decoder_seeds -- fuzz/corpus/decoders`

use std::path::PathBuf;

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, TestRunner};
use thriftgen_roundtrip::codecs::Codec;
use thriftgen_roundtrip::strategies::{
    binary_op, containers, defaults, everything, expr, loose_shape, oops, record_v2, scalars,
    shape, tree,
};
use thriftgen_roundtrip::wire::Protocol;
use thriftgen_runtime::codec::Encode;
use thriftgen_runtime::thrift::protocol::TSerializable;

const PER_TYPE: usize = 16;

fn main() {
    let out = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| {
        eprintln!("usage: decoder_seeds <output directory>");
        std::process::exit(2)
    }));
    std::fs::create_dir_all(&out).expect("create the output directory");
    let mut runner = TestRunner::new(Config::default());
    let mut written = 0;
    let mut seed = |index: u8, encode: &dyn Fn(Codec) -> Vec<u8>| {
        for (bit, protocol) in [(0, Protocol::Binary), (1, Protocol::Compact)] {
            let mut bytes = vec![(index << 1) | bit];
            bytes.extend(encode(Codec::Fast(protocol)));
            std::fs::write(out.join(format!("seed-{index}-{bit}-{written}")), bytes)
                .expect("write a seed");
            written += 1;
        }
    };
    // Indices follow the target's type selector.
    macro_rules! seeds {
        ($index:expr, $strategy:expr) => {
            for _ in 0..PER_TYPE {
                let value = $strategy.new_tree(&mut runner).expect("a value").current();
                seed($index, &|codec| encoded(codec, &value));
            }
        };
    }
    seeds!(0, scalars());
    seeds!(1, defaults());
    seeds!(2, containers());
    seeds!(3, shape());
    seeds!(4, oops());
    seeds!(5, tree());
    seeds!(6, expr());
    seeds!(7, binary_op());
    seeds!(8, everything());
    seeds!(10, record_v2());
    seeds!(12, loose_shape());
    println!("wrote {written} seeds to {}", out.display());
}

fn encoded<T: Encode + TSerializable>(codec: Codec, value: &T) -> Vec<u8> {
    codec.encode(value).expect("generated values encode")
}
