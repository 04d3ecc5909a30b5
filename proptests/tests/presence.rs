//! `DefaultFields::Optional`: fields of default requiredness are
//! `Option<T>`, so what a reader did not receive it does not write back.
//! Its types read what the default mapping writes (which writes every
//! such field) and write the same bytes again; fields left unset are not
//! written, and a reader with the default mapping fills them with their
//! IDL defaults.

use proptest::prelude::*;
use thriftgen_roundtrip::codecs::Codec;
use thriftgen_roundtrip::presence::roundtrip as presence;
use thriftgen_roundtrip::roundtrip as filled;
use thriftgen_roundtrip::strategies::{defaults, everything};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn presence_types_read_and_rewrite_what_the_default_mapping_writes(value in everything()) {
        for codec in Codec::ALL {
            let bytes = codec.encode(&value).unwrap();
            let read: presence::Everything = codec.decode(&bytes).unwrap();
            prop_assert_eq!(codec.encode(&read).unwrap(), bytes, "{:?}", codec);
        }
    }

    #[test]
    fn unset_fields_are_not_written_and_stay_unset(
        value in defaults(),
        unset in any::<[bool; 5]>(),
    ) {
        for codec in Codec::ALL {
            let mut record: presence::Defaults = codec.decode(&codec.encode(&value).unwrap()).unwrap();
            prop_assert_eq!(record.count, Some(value.count));
            let [count, label, names, nested, shade] = unset;
            if count { record.count = None; }
            if label { record.label = None; }
            if names { record.names = None; }
            if nested { record.default_nested = None; }
            if shade { record.shade = None; }
            let bytes = codec.encode(&record).unwrap();
            let again: presence::Defaults = codec.decode(&bytes).unwrap();
            prop_assert_eq!(&codec.encode(&again).unwrap(), &bytes, "{:?}", codec);
            prop_assert_eq!(again.count.is_none(), count);
            prop_assert_eq!(again.label.is_none(), label);
            prop_assert_eq!(again.names.is_none(), names);
            prop_assert_eq!(again.default_nested.is_none(), nested || value.default_nested.is_none());
            prop_assert_eq!(again.shade.is_none(), shade);
            // The default mapping fills what was not sent.
            let as_filled: filled::Defaults = codec.decode(&bytes).unwrap();
            if count { prop_assert_eq!(as_filled.count, 7); }
            if label { prop_assert_eq!(as_filled.label.as_str(), "none"); }
            if names { prop_assert!(as_filled.names.is_empty()); }
            if shade { prop_assert_eq!(as_filled.shade, filled::Color::GREEN); }
        }
    }
}

#[test]
fn an_empty_record_is_written_as_just_its_required_field() {
    let record = presence::Defaults {
        count: None,
        label: None,
        maybe: None,
        ratio: None,
        flag: true,
        names: None,
        color: None,
        nested: None,
        default_nested: None,
        shade: None,
    };
    for codec in Codec::ALL {
        let bytes = codec.encode(&record).unwrap();
        let only_flag = filled_flag_only(codec);
        assert_eq!(bytes, only_flag, "{codec:?}");
    }
}

/// `Defaults { 5: flag = true }` and nothing else, by hand.
fn filled_flag_only(codec: Codec) -> Vec<u8> {
    match codec.protocol() {
        // bool field 5, value 1, stop
        thriftgen_roundtrip::wire::Protocol::Binary => vec![2, 0, 5, 1, 0],
        // field delta 5, type "bool true", stop
        thriftgen_roundtrip::wire::Protocol::Compact => vec![0x51, 0],
    }
}
