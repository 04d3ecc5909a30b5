//! Arbitrary bytes into the runtime's decoders, as every generated type of
//! the property tests' IDL (`proptests/idl/roundtrip.thrift`), binary and
//! compact: the first byte picks the type and protocol, the rest is the
//! input. Decoding may fail, never panic or run away with memory; what
//! decodes must encode, decode again and encode to the same bytes, and the
//! `thrift` crate's protocols must read the input the same way.
#![no_main]

use libfuzzer_sys::fuzz_target;
use thriftgen_roundtrip::codecs::Codec;
use thriftgen_roundtrip::roundtrip::{
    BinaryOp, Containers, Defaults, Everything, Expr, LooseRecord, LooseShape, Oops, RecordV1,
    RecordV2, Scalars, Shape, Tree,
};
use thriftgen_roundtrip::wire::Protocol;
use thriftgen_runtime::codec::{Decode, Encode};
use thriftgen_runtime::thrift::protocol::TSerializable;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let protocol = match selector & 1 {
        0 => Protocol::Binary,
        _ => Protocol::Compact,
    };
    match (selector >> 1) % 13 {
        0 => check::<Scalars>(bytes, protocol),
        1 => check::<Defaults>(bytes, protocol),
        2 => check::<Containers>(bytes, protocol),
        3 => check::<Shape>(bytes, protocol),
        4 => check::<Oops>(bytes, protocol),
        5 => check::<Tree>(bytes, protocol),
        6 => check::<Expr>(bytes, protocol),
        7 => check::<BinaryOp>(bytes, protocol),
        8 => check::<Everything>(bytes, protocol),
        9 => check::<RecordV1>(bytes, protocol),
        10 => check::<RecordV2>(bytes, protocol),
        11 => check::<LooseRecord>(bytes, protocol),
        _ => check::<LooseShape>(bytes, protocol),
    }
});

fn check<T: Encode + Decode + TSerializable>(bytes: &[u8], protocol: Protocol) {
    let fast = Codec::Fast(protocol);
    let Ok(value) = fast.decode::<T>(bytes) else {
        return;
    };
    // Bytes, not values, are compared: a NaN is not equal to itself, and
    // sets and maps drop repeated keys on the first read.
    let encoded = fast.encode(&value).expect("a decoded value encodes");
    let again: T = fast.decode(&encoded).expect("re-encoded bytes decode");
    assert!(
        fast.encode(&again).expect("encodes") == encoded,
        "re-encoding is not stable"
    );
    let thrift = fast.twin();
    let theirs: T = thrift
        .decode(bytes)
        .expect("the thrift crate reads what the runtime's codec read");
    assert!(
        thrift.encode(&theirs).expect("encodes") == encoded,
        "the thrift crate read the input differently"
    );
}
