//! Cross-implementation proof: what thriftgen's code writes, Apache's code
//! reads back to the same content, and the other way round, in both
//! protocols; both write the same bytes; and so does the runtime's own
//! codec, which reads them back.

#![cfg(not(codec_bench_unavailable))] // tests/inputs.rs says why

use thriftgen_codec_bench::apache_echo as apache;
use thriftgen_codec_bench::codec::{Protocol, decode, encode, fast_decode, fast_encode_into};
use thriftgen_codec_bench::fixture::{
    apache_payload, spec, spec_of_apache, spec_of_thriftgen, thriftgen_payload,
};
use thriftgen_codec_bench::thriftgen_echo::echo as thriftgen;

#[test]
fn apache_reads_what_thriftgen_writes() {
    for protocol in Protocol::ALL {
        let bytes = encode(&thriftgen_payload(), protocol).unwrap();
        let read: apache::Payload = decode(&bytes, protocol).unwrap();
        assert_eq!(spec_of_apache(&read), spec(), "{protocol:?}");
    }
}

#[test]
fn thriftgen_reads_what_apache_writes() {
    for protocol in Protocol::ALL {
        let bytes = encode(&apache_payload(), protocol).unwrap();
        let read: thriftgen::Payload = decode(&bytes, protocol).unwrap();
        assert_eq!(spec_of_thriftgen(&read), spec(), "{protocol:?}");
        assert_eq!(read, thriftgen_payload(), "{protocol:?}");
    }
}

#[test]
fn both_stacks_write_the_same_bytes() {
    // Both write fields in id order and containers in BTree order, so
    // their encodings of the same content are identical.
    for protocol in Protocol::ALL {
        let ours = encode(&thriftgen_payload(), protocol).unwrap();
        let theirs = encode(&apache_payload(), protocol).unwrap();
        assert!(ours == theirs, "{protocol:?}: encodings differ");
    }
}

#[test]
fn the_runtime_codec_writes_apaches_bytes_and_reads_them() {
    let mut ours = Vec::new();
    for protocol in Protocol::ALL {
        fast_encode_into(&thriftgen_payload(), protocol, &mut ours).unwrap();
        let theirs = encode(&apache_payload(), protocol).unwrap();
        assert!(ours == theirs, "{protocol:?}: encodings differ");
        let read: thriftgen::Payload = fast_decode(&theirs, protocol).unwrap();
        assert_eq!(read, thriftgen_payload(), "{protocol:?}");
    }
}
