//! Reading bad bytes is an error, never a panic: arbitrary bytes,
//! truncated encodings and encodings with corrupted bytes, for every type
//! in idl/roundtrip.thrift, in both protocols, through the runtime's codec
//! and the thrift crate's protocols alike; lengths that claim more than
//! the input holds are refused before anything is allocated for them.

use proptest::collection::vec;
use proptest::prelude::*;
use thriftgen_roundtrip::codecs::Codec;
use thriftgen_roundtrip::roundtrip::{
    BinaryOp, Containers, Defaults, Everything, Expr, LooseRecord, LooseShape, Oops, RecordV1,
    RecordV2, Scalars, Shape, Tree,
};
use thriftgen_roundtrip::strategies::everything;
use thriftgen_roundtrip::wire::Protocol;
use thriftgen_runtime::codec::is_truncated;
use thriftgen_runtime::thrift;

/// Reads `bytes` as every type in both protocols; any outcome but a panic
/// passes (proptest reports a panic as a failure).
fn read_as_every_type(bytes: &[u8]) {
    for codec in Codec::ALL {
        let _ = codec.decode::<Scalars>(bytes);
        let _ = codec.decode::<Defaults>(bytes);
        let _ = codec.decode::<Containers>(bytes);
        let _ = codec.decode::<Shape>(bytes);
        let _ = codec.decode::<Oops>(bytes);
        let _ = codec.decode::<Tree>(bytes);
        let _ = codec.decode::<Expr>(bytes);
        let _ = codec.decode::<BinaryOp>(bytes);
        let _ = codec.decode::<Everything>(bytes);
        let _ = codec.decode::<RecordV1>(bytes);
        let _ = codec.decode::<RecordV2>(bytes);
        let _ = codec.decode::<LooseRecord>(bytes);
        let _ = codec.decode::<LooseShape>(bytes);
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
        for codec in Codec::ALL {
            let bytes = codec.encode(&value).unwrap();
            // Every encoding ends with the outer struct's stop byte, so
            // any proper prefix lacks it.
            let prefix = &bytes[..cut.index(bytes.len())];
            let read = codec.decode::<Everything>(prefix);
            prop_assert!(read.is_err(), "{:?}", codec);
            if let (Codec::Fast(_), Err(e)) = (codec, read) {
                // ...and the runtime's codec says so (what a reader
                // waiting for more bytes relies on).
                prop_assert!(is_truncated(&e), "{:?}: {:?}", codec, e);
            }
            read_as_every_type(prefix);
        }
    }

    #[test]
    fn every_truncation_of_an_encoding_is_an_error(value in everything()) {
        for codec in [Codec::Fast(Protocol::Binary), Codec::Fast(Protocol::Compact)] {
            let bytes = codec.encode(&value).unwrap();
            for cut in 0..bytes.len() {
                let read = codec.decode::<Everything>(&bytes[..cut]);
                prop_assert!(
                    matches!(&read, Err(e) if is_truncated(e)),
                    "{:?} cut at {}: {:?}", codec, cut, read
                );
            }
        }
    }

    #[test]
    fn corrupted_encodings_never_panic(
        value in everything(),
        corruptions in vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
    ) {
        for codec in Codec::ALL {
            let mut bytes = codec.encode(&value).unwrap();
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
        for codec in [Codec::Fast(protocol), Codec::Thrift(protocol)] {
            let error = match type_name {
                "Tree" => codec.decode::<Tree>(&bytes).map(drop),
                _ => codec.decode::<Expr>(&bytes).map(drop),
            };
            assert_depth_error(error, &format!("{type_name} {codec:?}"));
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
    for codec in Codec::ALL {
        let read: Tree = codec.decode(&codec.encode(&tree).unwrap()).unwrap();
        assert_eq!(read, tree, "{codec:?}");
    }
}

fn assert_depth_error(outcome: thrift::Result<()>, case: &str) {
    match outcome {
        Err(thrift::Error::Protocol(e)) => assert_eq!(
            e.kind,
            thrift::ProtocolErrorKind::DepthLimit,
            "{case}: {e:?}"
        ),
        other => panic!("{case}: expected a depth error, got {other:?}"),
    }
}

#[test]
fn deeply_nested_unknown_fields_are_an_error_when_skipped() {
    const LEVELS: usize = 100_000;
    // Field 99 of Scalars is unknown and skipped: a list of lists of ...
    // (binary: type 15, element type 15, length 1; compact: field header
    // type 9 with a long id, then lists of one list, header 0x19).
    let mut binary = vec![15, 0, 99];
    binary.extend([15, 0, 0, 0, 1].repeat(LEVELS));
    let mut compact = vec![0x09, 0xc6, 0x01];
    compact.extend([0x19].repeat(LEVELS));
    for (protocol, bytes) in [(Protocol::Binary, binary), (Protocol::Compact, compact)] {
        for codec in [Codec::Fast(protocol), Codec::Thrift(protocol)] {
            assert_depth_error(
                codec.decode::<Scalars>(&bytes).map(drop),
                &format!("{codec:?}"),
            );
        }
    }
}

/// Each case claims far more than it carries: a string, a list, a set and
/// a map with i32::MAX elements or bytes, in both protocols.
fn huge_claims() -> Vec<(&'static str, Codec, Vec<u8>)> {
    let fast_binary = Codec::Fast(Protocol::Binary);
    let fast_compact = Codec::Fast(Protocol::Compact);
    vec![
        // Scalars.text (field 7, string)
        (
            "string",
            fast_binary,
            vec![11, 0, 7, 0x7f, 0xff, 0xff, 0xff, b'x'],
        ),
        (
            "string",
            fast_compact,
            vec![0x78, 0xff, 0xff, 0xff, 0xff, 0x07, b'x'],
        ),
        // Defaults.names (field 6, list<string>)
        (
            "list",
            fast_binary,
            vec![15, 0, 6, 11, 0x7f, 0xff, 0xff, 0xff, 0],
        ),
        (
            "list",
            fast_compact,
            vec![0x69, 0xf8, 0xff, 0xff, 0xff, 0xff, 0x07, 0],
        ),
        // Containers.words (field 2, set<string>)
        (
            "set",
            fast_binary,
            vec![14, 0, 2, 11, 0x7f, 0xff, 0xff, 0xff, 0],
        ),
        (
            "set",
            fast_compact,
            vec![0x2a, 0xf8, 0xff, 0xff, 0xff, 0xff, 0x07, 0],
        ),
        // Containers.index (field 3, map<string, list<i64>>)
        (
            "map",
            fast_binary,
            vec![13, 0, 3, 11, 15, 0x7f, 0xff, 0xff, 0xff, 0],
        ),
        (
            "map",
            fast_compact,
            vec![0x3b, 0xff, 0xff, 0xff, 0xff, 0x07, 0x89, 0],
        ),
    ]
}

#[test]
fn lengths_the_input_cannot_hold_are_refused_at_once() {
    for (what, codec, bytes) in huge_claims() {
        let outcome = match what {
            "string" => codec.decode::<Scalars>(&bytes).map(drop),
            "list" => codec.decode::<Defaults>(&bytes).map(drop),
            _ => codec.decode::<Containers>(&bytes).map(drop),
        };
        match outcome {
            Err(e) => {
                assert!(is_truncated(&e), "{what} {codec:?}: {e:?}");
                assert!(
                    e.to_string().contains("claims") || format!("{e:?}").contains("claims"),
                    "{what} {codec:?}: {e:?}"
                );
            }
            Ok(()) => panic!("{what} {codec:?}: a huge claim decoded"),
        }
    }
}
