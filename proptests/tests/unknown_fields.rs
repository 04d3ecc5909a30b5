//! A reader skips fields it does not know, whatever their type and nesting:
//! a `RecordV2` read as a `RecordV1` keeps the fields both declare.

use proptest::prelude::*;
use thriftgen_roundtrip::roundtrip::{RecordV1, RecordV2};
use thriftgen_roundtrip::strategies::record_v2;
use thriftgen_roundtrip::wire::{Protocol, decode, encode};

fn as_v1(v2: &RecordV2) -> RecordV1 {
    RecordV1 {
        id: v2.id,
        name: v2.name.clone(),
        trailer: v2.trailer.clone(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn v1_reads_what_v2_writes(v2 in record_v2()) {
        for protocol in Protocol::ALL {
            let bytes = encode(&v2, protocol).unwrap();
            let v1: RecordV1 = decode(&bytes, protocol)
                .map_err(|e| TestCaseError::fail(format!("{protocol:?}: {e}")))?;
            prop_assert_eq!(&v1, &as_v1(&v2), "{:?}", protocol);
        }
    }
}

#[test]
fn unknown_fields_are_skipped_not_kept() {
    // Writing back what a v1 read yields only v1's fields: a v2 reader
    // then finds every extra field absent.
    let v2 = RecordV2 {
        id: 7,
        extra_list: Some(vec![Default::default()]),
        name: Some("seven".into()),
        extra_tree: None,
        extra_map: None,
        extra_double: Some(1.5),
        extra_uuid: None,
        extra_oops: None,
        trailer: vec![1, 2, 3],
        extra_set: Some([vec!["a".to_string()]].into()),
        extra_bool: Some(true),
    };
    for protocol in Protocol::ALL {
        let v1: RecordV1 = decode(&encode(&v2, protocol).unwrap(), protocol).unwrap();
        let again: RecordV2 = decode(&encode(&v1, protocol).unwrap(), protocol).unwrap();
        assert_eq!(
            again,
            RecordV2 {
                extra_list: None,
                extra_double: None,
                extra_set: None,
                extra_bool: None,
                ..v2.clone()
            },
            "{protocol:?}"
        );
    }
}
