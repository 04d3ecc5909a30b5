//! The fixture is the standard workload: the counts of
//! ../shared/bench/README.md, and the encoded sizes it states, by both
//! stacks.

#![cfg(not(codec_bench_unavailable))] // tests/inputs.rs says why

use thriftgen_codec_bench::codec::{Protocol, encode};
use thriftgen_codec_bench::fixture::{apache_payload, spec, thriftgen_payload};

const STRICT_BINARY_SIZE: usize = 5_394;
const COMPACT_SIZE: usize = 3_825;

fn expected_size(protocol: Protocol) -> usize {
    match protocol {
        Protocol::Binary => STRICT_BINARY_SIZE,
        Protocol::Compact => COMPACT_SIZE,
    }
}

#[test]
fn fixture_has_the_workloads_counts() {
    let spec = spec();
    assert_eq!(spec.text.len(), 100);
    assert!(spec.text.is_ascii());
    assert_eq!(spec.blob.len(), 256);
    assert_eq!(spec.items.len(), 20);
    assert_eq!(spec.by_name.len(), 10);
    assert_eq!(spec.tags.len(), 16);
    let inners = spec.items.iter().chain(spec.by_name.iter().map(|(_, i)| i));
    for inner in inners {
        assert_eq!(inner.values.len(), 8, "{inner:?}");
        assert_eq!(inner.scores.len(), 4, "{inner:?}");
    }
    // Map keys and set elements are distinct, so nothing collapses when
    // built into BTreeMap/BTreeSet.
    let payload = thriftgen_payload();
    assert_eq!(payload.by_name.len(), 10);
    assert_eq!(payload.tags.as_ref().map(|t| t.len()), Some(16));
}

#[test]
fn thriftgen_encoding_has_the_workloads_sizes() {
    let payload = thriftgen_payload();
    for protocol in Protocol::ALL {
        let bytes = encode(&payload, protocol).unwrap();
        assert_eq!(bytes.len(), expected_size(protocol), "{protocol:?}");
    }
}

#[test]
fn apache_encoding_has_the_workloads_sizes() {
    let payload = apache_payload();
    for protocol in Protocol::ALL {
        let bytes = encode(&payload, protocol).unwrap();
        assert_eq!(bytes.len(), expected_size(protocol), "{protocol:?}");
    }
}
