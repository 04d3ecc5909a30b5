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

/// `levels` copies of one nesting step (a field header opening a struct):
/// data nested far deeper than any stack allows to recurse.
fn nested(step: &[u8], levels: usize) -> Vec<u8> {
    step.repeat(levels)
}

#[test]
fn absurdly_deep_nesting_is_an_error_not_a_stack_overflow() {
    const LEVELS: usize = 200_000;
    // Tree.left (field 3) and Expr.op / BinaryOp.left (field 2), each a
    // struct: binary writes type 12 then the id; compact one byte, the id
    // delta in the high nibble and type 12 in the low.
    let cases: [(&str, Protocol, Vec<u8>); 4] = [
        ("Tree", Protocol::Binary, nested(&[12, 0, 3], LEVELS)),
        ("Tree", Protocol::Compact, nested(&[0x3C], LEVELS)),
        ("Expr", Protocol::Binary, nested(&[12, 0, 2], LEVELS)),
        ("Expr", Protocol::Compact, nested(&[0x2C], LEVELS)),
    ];
    for (type_name, protocol, bytes) in cases {
        let error = match type_name {
            "Tree" => decode::<Tree>(&bytes, protocol).map(drop),
            _ => decode::<Expr>(&bytes, protocol).map(drop),
        };
        match error {
            Err(thriftgen_runtime::thrift::Error::Protocol(e)) => assert_eq!(
                e.kind,
                thriftgen_runtime::thrift::ProtocolErrorKind::DepthLimit,
                "{type_name} {protocol:?}: {e:?}"
            ),
            other => panic!("{type_name} {protocol:?}: expected a depth error, got {other:?}"),
        }
    }
}

#[test]
fn deep_but_reasonable_nesting_round_trips() {
    // Well within the thrift crate's default recursion limit of 64.
    let mut tree = Tree {
        value: 0,
        children: Vec::new(),
        left: None,
    };
    // A chain 50 deep, alternating between nesting through `children` and
    // through `left`.
    for value in 1..50 {
        tree = match value % 2 {
            0 => Tree {
                value,
                children: vec![tree],
                left: None,
            },
            _ => Tree {
                value,
                children: Vec::new(),
                left: Some(Box::new(tree)),
            },
        };
    }
    for protocol in Protocol::ALL {
        let read: Tree = decode(&encode(&tree, protocol).unwrap(), protocol).unwrap();
        assert_eq!(read, tree, "{protocol:?}");
    }
}
