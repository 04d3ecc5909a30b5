//! write -> read gives back an equal value, in binary and compact, for
//! every kind of type in idl/roundtrip.thrift; reading is faithful enough
//! that writing again gives the same bytes; and the runtime's codec and
//! the thrift crate's protocols write identical bytes and read each
//! other's.

use std::fmt::Debug;

use proptest::prelude::*;
use thriftgen_roundtrip::codecs::Codec;
use thriftgen_roundtrip::roundtrip::{Color, Shape};
use thriftgen_roundtrip::strategies::{
    binary_op, containers, defaults, everything, expr, oops, scalars, shape, tree,
};
use thriftgen_runtime::codec::{Decode, Encode};
use thriftgen_runtime::thrift::protocol::TSerializable;

fn assert_round_trips<T: Encode + Decode + TSerializable + PartialEq + Debug>(
    value: &T,
) -> Result<(), TestCaseError> {
    for codec in Codec::ALL {
        let bytes = codec
            .encode(value)
            .map_err(|e| TestCaseError::fail(format!("{codec:?} write: {e}")))?;
        let read: T = codec
            .decode(&bytes)
            .map_err(|e| TestCaseError::fail(format!("{codec:?} read: {e}")))?;
        prop_assert_eq!(&read, value, "{:?}", codec);
        let rewritten = codec
            .encode(&read)
            .map_err(|e| TestCaseError::fail(format!("{codec:?} rewrite: {e}")))?;
        prop_assert_eq!(&rewritten, &bytes, "{:?}", codec);
        // The runtime's codec and the thrift crate's protocols write the
        // same bytes and read each other's.
        let twin = codec.twin();
        let theirs = twin
            .encode(value)
            .map_err(|e| TestCaseError::fail(format!("{twin:?} write: {e}")))?;
        prop_assert_eq!(&theirs, &bytes, "{:?} and {:?} differ", codec, twin);
        let read_by_twin: T = twin
            .decode(&bytes)
            .map_err(|e| TestCaseError::fail(format!("{twin:?} reads {codec:?}: {e}")))?;
        prop_assert_eq!(&read_by_twin, value, "{:?} reads {:?}", twin, codec);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn scalars_round_trip(value in scalars()) {
        assert_round_trips(&value)?;
    }

    #[test]
    fn defaults_round_trip(value in defaults()) {
        assert_round_trips(&value)?;
    }

    #[test]
    fn unions_round_trip(value in shape()) {
        assert_round_trips(&value)?;
    }

    #[test]
    fn exceptions_round_trip(value in oops()) {
        assert_round_trips(&value)?;
    }

    #[test]
    fn recursive_structs_round_trip(value in tree()) {
        assert_round_trips(&value)?;
    }

    #[test]
    fn mutually_recursive_union_and_struct_round_trip(value in expr(), op in binary_op()) {
        assert_round_trips(&value)?;
        assert_round_trips(&op)?;
    }

    #[test]
    fn unknown_enum_values_survive(number in any::<i32>(), mut value in scalars(), mut holder in containers()) {
        value.color = Color(number);
        holder.by_color.insert(Color(number), value.clone());
        holder.shapes.push(Shape::Color(Color(number)));
        assert_round_trips(&value)?;
        assert_round_trips(&holder)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn nested_containers_round_trip(value in containers()) {
        assert_round_trips(&value)?;
    }

    #[test]
    fn everything_round_trips(value in everything()) {
        assert_round_trips(&value)?;
    }
}
