//! write -> read gives back an equal value, in binary and compact, for
//! every kind of type in idl/roundtrip.thrift; and reading is faithful
//! enough that writing again gives the same bytes.

use std::fmt::Debug;

use proptest::prelude::*;
use thriftgen_roundtrip::roundtrip::{Color, Shape};
use thriftgen_roundtrip::strategies::{
    binary_op, containers, defaults, everything, expr, oops, scalars, shape, tree,
};
use thriftgen_roundtrip::wire::{Protocol, decode, encode};
use thriftgen_runtime::thrift::protocol::TSerializable;

fn assert_round_trips<T: TSerializable + PartialEq + Debug>(
    value: &T,
) -> Result<(), TestCaseError> {
    for protocol in Protocol::ALL {
        let bytes = encode(value, protocol)
            .map_err(|e| TestCaseError::fail(format!("{protocol:?} write: {e}")))?;
        let read: T = decode(&bytes, protocol)
            .map_err(|e| TestCaseError::fail(format!("{protocol:?} read: {e}")))?;
        prop_assert_eq!(&read, value, "{:?}", protocol);
        let rewritten = encode(&read, protocol)
            .map_err(|e| TestCaseError::fail(format!("{protocol:?} rewrite: {e}")))?;
        prop_assert_eq!(rewritten, bytes, "{:?}", protocol);
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
