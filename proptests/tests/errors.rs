//! Wire data that breaks the IDL's rules is an error naming what is wrong,
//! not a panic: missing required fields, unions with zero or several
//! fields. And absent default fields read as their IDL defaults.

use proptest::prelude::*;
use thriftgen_roundtrip::roundtrip::{
    BinaryOp, Color, Defaults, LooseRecord, LooseShape, RecordV1, Shape,
};
use thriftgen_roundtrip::strategies::loose_shape;
use thriftgen_roundtrip::wire::{Protocol, decode, encode};
use thriftgen_runtime::thrift;
use thriftgen_runtime::thrift::protocol::{
    TBinaryOutputProtocol, TCompactOutputProtocol, TFieldIdentifier, TOutputProtocol,
    TStructIdentifier, TType,
};

/// A struct holding only the given fields, written field by field.
fn struct_with(protocol: Protocol, fields: &[(i16, bool)]) -> Vec<u8> {
    let mut buf = Vec::new();
    let write = |o_prot: &mut dyn TOutputProtocol| -> thrift::Result<()> {
        o_prot.write_struct_begin(&TStructIdentifier::new("Partial"))?;
        for &(id, value) in fields {
            o_prot.write_field_begin(&TFieldIdentifier::new("f", TType::Bool, id))?;
            o_prot.write_bool(value)?;
            o_prot.write_field_end()?;
        }
        o_prot.write_field_stop()?;
        o_prot.write_struct_end()
    };
    match protocol {
        Protocol::Binary => write(&mut TBinaryOutputProtocol::new(&mut buf, true)),
        Protocol::Compact => write(&mut TCompactOutputProtocol::new(&mut buf)),
    }
    .unwrap();
    buf
}

/// The message of the protocol error `result` must be. (The `thrift`
/// crate's `Display` of a protocol error shows only its kind, so the
/// message is read from the error itself.)
fn error_text<T: std::fmt::Debug>(result: thrift::Result<T>) -> String {
    match result {
        Err(thrift::Error::Protocol(e)) => e.message,
        other => panic!("expected a protocol error, got {other:?}"),
    }
}

#[test]
fn missing_required_field_is_an_error_naming_it() {
    let without_id = LooseRecord {
        id: None,
        name: Some("x".into()),
    };
    for protocol in Protocol::ALL {
        let bytes = encode(&without_id, protocol).unwrap();
        let message = error_text(decode::<RecordV1>(&bytes, protocol));
        assert!(message.contains("RecordV1.id"), "{protocol:?}: {message}");
    }
}

#[test]
fn required_fields_of_the_wrong_wire_type_count_as_missing() {
    // Fields 1 to 3 of BinaryOp (a string and two unions) sent as bools:
    // skipped as unknown, so the required `operator` is missing.
    for protocol in Protocol::ALL {
        let bytes = struct_with(protocol, &[(1, true), (2, false), (3, true)]);
        let message = error_text(decode::<BinaryOp>(&bytes, protocol));
        assert!(
            message.contains("BinaryOp.operator"),
            "{protocol:?}: {message}"
        );
    }
}

#[test]
fn union_with_no_field_is_an_error() {
    let none = LooseShape {
        radius: None,
        sides: None,
        name: None,
    };
    for protocol in Protocol::ALL {
        let bytes = encode(&none, protocol).unwrap();
        error_text(decode::<Shape>(&bytes, protocol));
    }
}

#[test]
fn union_with_two_fields_is_an_error() {
    let two = LooseShape {
        radius: Some(1.0),
        sides: None,
        name: Some("circle".into()),
    };
    for protocol in Protocol::ALL {
        let bytes = encode(&two, protocol).unwrap();
        error_text(decode::<Shape>(&bytes, protocol));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// A union reads fine exactly when one of its fields is on the wire.
    #[test]
    fn union_reads_exactly_one_field(loose in loose_shape()) {
        let expected = match (&loose.radius, &loose.sides, &loose.name) {
            (Some(r), None, None) => Some(Shape::Radius(*r)),
            (None, Some(s), None) => Some(Shape::Sides(s.clone())),
            (None, None, Some(n)) => Some(Shape::Name(n.clone())),
            _ => None,
        };
        for protocol in Protocol::ALL {
            let read = decode::<Shape>(&encode(&loose, protocol).unwrap(), protocol);
            prop_assert_eq!(read.ok(), expected.clone(), "{:?}", protocol);
        }
    }
}

#[test]
fn absent_default_fields_read_as_idl_defaults() {
    // Only `5: required bool flag` on the wire.
    for protocol in Protocol::ALL {
        let read: Defaults = decode(&struct_with(protocol, &[(5, true)]), protocol).unwrap();
        assert_eq!(read.count, 7, "{protocol:?}");
        assert_eq!(read.label, "none", "{protocol:?}");
        assert_eq!(read.shade, Color::GREEN, "{protocol:?}");
        assert!(read.flag, "{protocol:?}");
        assert_eq!(read.maybe, None, "{protocol:?}");
        assert!(read.names.is_empty(), "{protocol:?}");
        assert_eq!(read.default_nested, None, "{protocol:?}");
    }
}

#[test]
fn missing_required_flag_of_defaults_is_an_error_naming_it() {
    for protocol in Protocol::ALL {
        let message = error_text(decode::<Defaults>(&struct_with(protocol, &[]), protocol));
        assert!(message.contains("Defaults.flag"), "{protocol:?}: {message}");
    }
}
