//! Reading bad bytes is an error, never a panic: arbitrary bytes,
//! truncated encodings and encodings with corrupted bytes, for every type
//! in idl/roundtrip.thrift, in both protocols.

use proptest::collection::vec;
use proptest::prelude::*;
use thriftgen_roundtrip::roundtrip::{
    BinaryOp, Containers, Defaults, Everything, Expr, LooseRecord, LooseShape, Oops, RecordV1,
    RecordV2, Scalars, Shape, Tree,
};
use thriftgen_roundtrip::strategies::everything;
use thriftgen_roundtrip::wire::{Protocol, decode, encode};

/// Reads `bytes` as every type in both protocols; any outcome but a panic
/// passes (proptest reports a panic as a failure).
fn read_as_every_type(bytes: &[u8]) {
    for protocol in Protocol::ALL {
        let _ = decode::<Scalars>(bytes, protocol);
        let _ = decode::<Defaults>(bytes, protocol);
        let _ = decode::<Containers>(bytes, protocol);
        let _ = decode::<Shape>(bytes, protocol);
        let _ = decode::<Oops>(bytes, protocol);
        let _ = decode::<Tree>(bytes, protocol);
        let _ = decode::<Expr>(bytes, protocol);
        let _ = decode::<BinaryOp>(bytes, protocol);
        let _ = decode::<Everything>(bytes, protocol);
        let _ = decode::<RecordV1>(bytes, protocol);
        let _ = decode::<RecordV2>(bytes, protocol);
        let _ = decode::<LooseRecord>(bytes, protocol);
        let _ = decode::<LooseShape>(bytes, protocol);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in vec(any::<u8>(), 0..256)) {
        read_as_every_type(&bytes);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn truncated_encodings_are_errors(value in everything(), cut in any::<prop::sample::Index>()) {
        for protocol in Protocol::ALL {
            let bytes = encode(&value, protocol).unwrap();
            // Every encoding ends with the outer struct's stop byte, so
            // any proper prefix lacks it.
            let prefix = &bytes[..cut.index(bytes.len())];
            prop_assert!(decode::<Everything>(prefix, protocol).is_err(), "{:?}", protocol);
            read_as_every_type(prefix);
        }
    }

    #[test]
    fn corrupted_encodings_never_panic(
        value in everything(),
        corruptions in vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
    ) {
        for protocol in Protocol::ALL {
            let mut bytes = encode(&value, protocol).unwrap();
            for (at, byte) in &corruptions {
                let at = at.index(bytes.len());
                bytes[at] = *byte;
            }
            read_as_every_type(&bytes);
        }
    }
}
