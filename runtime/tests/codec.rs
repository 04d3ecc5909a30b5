//! The runtime's codec against the `thrift` crate's protocols on what the
//! generated types do not cover: message headers (strict and non-strict
//! binary, compact), every primitive, and the helpers' whole-input rule.
//! Generated types are covered by the property tests (`proptests/`).

use thriftgen_runtime::codec::{
    self, BinaryDecoder, BinaryEncoder, CompactDecoder, CompactEncoder, Decoder, Encoder,
    MessageHeader, TMessageType, TType,
};
use thriftgen_runtime::thrift::protocol::{
    TBinaryInputProtocol, TBinaryOutputProtocol, TCompactInputProtocol, TCompactOutputProtocol,
    TInputProtocol, TMessageIdentifier, TOutputProtocol,
};

const KINDS: [TMessageType; 4] = [
    TMessageType::Call,
    TMessageType::Reply,
    TMessageType::Exception,
    TMessageType::OneWay,
];

/// Writes a message header and one of every primitive through `encoder`.
fn write_sample(encoder: &mut impl Encoder, kind: TMessageType) {
    encoder.write_message_begin("testMethod", kind, -7).unwrap();
    encoder.write_bool(true).unwrap();
    encoder.write_bool(false).unwrap();
    encoder.write_i8(-8).unwrap();
    encoder.write_i16(-300).unwrap();
    encoder.write_i32(i32::MIN).unwrap();
    encoder.write_i64(i64::MAX).unwrap();
    encoder.write_double(-1.5e300).unwrap();
    encoder.write_string("héllo").unwrap();
    encoder.write_bytes(&[0, 255, 7]).unwrap();
    encoder.write_message_end().unwrap();
}

/// The same through a `thrift` crate protocol.
fn write_sample_thrift(protocol: &mut dyn TOutputProtocol, kind: TMessageType) {
    protocol
        .write_message_begin(&TMessageIdentifier::new("testMethod", kind, -7))
        .unwrap();
    protocol.write_bool(true).unwrap();
    protocol.write_bool(false).unwrap();
    protocol.write_i8(-8).unwrap();
    protocol.write_i16(-300).unwrap();
    protocol.write_i32(i32::MIN).unwrap();
    protocol.write_i64(i64::MAX).unwrap();
    protocol.write_double(-1.5e300).unwrap();
    protocol.write_string("héllo").unwrap();
    protocol.write_bytes(&[0, 255, 7]).unwrap();
    protocol.write_message_end().unwrap();
}

fn read_sample(decoder: &mut impl Decoder, kind: TMessageType) {
    let header = decoder.read_message_begin().unwrap();
    assert_eq!(
        header,
        MessageHeader {
            name: "testMethod".to_owned(),
            kind,
            sequence_id: -7
        }
    );
    assert!(decoder.read_bool().unwrap());
    assert!(!decoder.read_bool().unwrap());
    assert_eq!(decoder.read_i8().unwrap(), -8);
    assert_eq!(decoder.read_i16().unwrap(), -300);
    assert_eq!(decoder.read_i32().unwrap(), i32::MIN);
    assert_eq!(decoder.read_i64().unwrap(), i64::MAX);
    assert_eq!(decoder.read_double().unwrap(), -1.5e300);
    assert_eq!(decoder.read_string().unwrap(), "héllo");
    assert_eq!(decoder.read_bytes().unwrap(), [0, 255, 7]);
    decoder.read_message_end().unwrap();
}

#[test]
fn binary_writes_what_the_thrift_crate_writes_strict_and_not() {
    for kind in KINDS {
        for strict in [true, false] {
            let mut ours = Vec::new();
            let mut encoder = match strict {
                true => BinaryEncoder::new(&mut ours),
                false => BinaryEncoder::non_strict(&mut ours),
            };
            write_sample(&mut encoder, kind);
            let mut theirs = Vec::new();
            write_sample_thrift(&mut TBinaryOutputProtocol::new(&mut theirs, strict), kind);
            assert_eq!(ours, theirs, "{kind:?} strict={strict}");
            // Both forms read back, by us and by the thrift crate.
            let mut decoder = BinaryDecoder::new(&ours);
            read_sample(&mut decoder, kind);
            assert_eq!(decoder.remaining(), 0);
            let mut slice = &ours[..];
            let mut protocol = TBinaryInputProtocol::new(&mut slice, false);
            let ident = protocol.read_message_begin().unwrap();
            assert_eq!(
                (ident.name.as_str(), ident.message_type),
                ("testMethod", kind)
            );
        }
    }
}

#[test]
fn compact_writes_what_the_thrift_crate_writes() {
    for kind in KINDS {
        let mut ours = Vec::new();
        write_sample(&mut CompactEncoder::new(&mut ours), kind);
        let mut theirs = Vec::new();
        write_sample_thrift(&mut TCompactOutputProtocol::new(&mut theirs), kind);
        assert_eq!(ours, theirs, "{kind:?}");
        let mut decoder = CompactDecoder::new(&ours);
        read_sample(&mut decoder, kind);
        assert_eq!(decoder.remaining(), 0);
        let mut slice = &ours[..];
        let ident = TCompactInputProtocol::new(&mut slice)
            .read_message_begin()
            .unwrap();
        assert_eq!(ident.sequence_number, -7);
    }
}

#[test]
fn bad_message_headers_are_protocol_errors() {
    // A strict version word other than version 1, and a compact header
    // with another protocol id or version.
    let cases: [(&str, Vec<u8>, bool); 3] = [
        (
            "binary version 2",
            vec![0x80, 0x02, 0x00, 0x01, 0, 0, 0, 0],
            true,
        ),
        ("compact id", vec![0x83, 0x21, 0, 0], false),
        ("compact version", vec![0x82, 0x22, 0, 0], false),
    ];
    for (case, bytes, binary) in cases {
        let outcome = match binary {
            true => BinaryDecoder::new(&bytes).read_message_begin(),
            false => CompactDecoder::new(&bytes).read_message_begin(),
        };
        let error = outcome.expect_err(case);
        assert!(!codec::is_truncated(&error), "{case}: {error:?}");
    }
}

#[test]
fn truncation_is_told_apart_from_garbage() {
    let mut bytes = Vec::new();
    write_sample(&mut BinaryEncoder::new(&mut bytes), TMessageType::Call);
    for cut in 0..bytes.len() {
        let mut decoder = BinaryDecoder::new(&bytes[..cut]);
        let outcome = decoder
            .read_message_begin()
            .and_then(|_| decoder.skip(TType::Bool))
            .and_then(|()| decoder.skip(TType::Bool))
            .and_then(|()| decoder.skip(TType::I08))
            .and_then(|()| decoder.skip(TType::I16))
            .and_then(|()| decoder.skip(TType::I32))
            .and_then(|()| decoder.skip(TType::I64))
            .and_then(|()| decoder.skip(TType::Double))
            .and_then(|()| decoder.skip(TType::String))
            .and_then(|()| decoder.skip(TType::String));
        let error = outcome.expect_err("a prefix is incomplete");
        assert!(codec::is_truncated(&error), "cut at {cut}: {error:?}");
    }
}

#[test]
fn helpers_refuse_bytes_after_the_value() {
    // An empty struct is one stop byte; a second byte is left over.
    struct Empty;
    impl codec::Decode for Empty {
        fn decode<D: Decoder>(decoder: &mut D) -> thriftgen_runtime::thrift::Result<Self> {
            let scope = decoder.read_struct_begin()?;
            let field = decoder.read_field_begin()?;
            assert_eq!(field.ttype, TType::Stop);
            decoder.read_struct_end(scope)?;
            Ok(Empty)
        }
    }
    assert!(codec::from_binary::<Empty>(&[0]).is_ok());
    assert!(codec::from_compact::<Empty>(&[0]).is_ok());
    assert!(codec::from_binary::<Empty>(&[0, 0]).is_err());
    assert!(codec::from_compact::<Empty>(&[0, 0]).is_err());
}
