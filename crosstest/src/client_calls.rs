//! The client's calls: every ThriftTest method with edge values, each result
//! checked. Written against the service trait, so the same checks run over
//! the network (the generated client) and in-process (the handler, in tests).

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use thriftgen_runtime::CallError;
use thriftgen_runtime::thrift::{self, ApplicationErrorKind};
use thriftgen_runtime::uuid::Uuid;

use crate::checks::{Checks, equal, same_double};
use crate::generated::thrift_test::{
    Insanity, Numberz, SecondServiceIface, ThriftTestIface, ThriftTestTestExceptionError,
    ThriftTestTestMultiExceptionError, Xception, Xception2, Xtruct, Xtruct2,
};
use crate::handler;

const ONE_MIB: usize = 1 << 20;
/// A oneway call only writes its request; anything slower waited for the server.
const ONEWAY_LIMIT: Duration = Duration::from_millis(500);

/// Calls every two-way method. `uuid`: whether the server knows testUuid.
pub fn check_all(client: &impl ThriftTestIface, checks: &mut Checks, uuid: bool) {
    check_scalars(client, checks);
    check_text_and_bytes(client, checks);
    if uuid {
        check_uuid(client, checks);
    }
    check_containers(client, checks);
    check_structs(client, checks);
    check_exceptions(client, checks);
}

fn check_scalars(client: &impl ThriftTestIface, checks: &mut Checks) {
    checks.expect_eq("testVoid", client.test_void(), &());
    for value in [true, false] {
        checks.expect_eq(
            &format!("testBool({value})"),
            client.test_bool(value),
            &value,
        );
    }
    for value in [i8::MIN, -1, 0, 1, i8::MAX] {
        checks.expect_eq(
            &format!("testByte({value})"),
            client.test_byte(value),
            &value,
        );
    }
    for value in [i32::MIN, -1, 0, 1, i32::MAX] {
        checks.expect_eq(&format!("testI32({value})"), client.test_i32(value), &value);
    }
    for value in [i64::MIN, -1, 0, 1, i64::MAX, (1 << 53) + 1] {
        checks.expect_eq(&format!("testI64({value})"), client.test_i64(value), &value);
        checks.expect_eq(
            &format!("testTypedef({value})"),
            client.test_typedef(value),
            &value,
        );
    }
    let doubles = [
        0.0,
        -0.0,
        1.5,
        -5.25,
        f64::MIN_POSITIVE,
        5e-324,
        f64::MAX,
        f64::MIN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
    ];
    for value in doubles {
        let outcome = equal(client.test_double(value), &value, same_double);
        checks.record(&format!("testDouble({value:e})"), outcome);
    }
    for value in Numberz::VALUES.iter().copied().chain([Numberz::from(42)]) {
        checks.expect_eq(
            &format!("testEnum({value})"),
            client.test_enum(value),
            &value,
        );
    }
}

fn check_text_and_bytes(client: &impl ThriftTestIface, checks: &mut Checks) {
    let strings = [
        String::new(),
        "Test".to_owned(),
        "Iñtërnâtiônàlizætiøn ☃ 𝄞 日本語".to_owned(),
        "\0nul".to_owned(),
        "x".repeat(ONE_MIB),
    ];
    for value in strings {
        let name = format!("testString(len {})", value.len());
        checks.expect_eq(&name, client.test_string(value.clone()), &value);
    }
    let every_byte: Vec<u8> = (0..=255).collect();
    let large: Vec<u8> = (0..ONE_MIB).map(|i| (i % 251) as u8).collect();
    for (name, value) in [
        ("every byte", every_byte),
        ("empty", Vec::new()),
        ("1 MiB", large),
    ] {
        let name = format!("testBinary({name})");
        checks.expect_eq(&name, client.test_binary(value.clone()), &value);
    }
}

fn check_uuid(client: &impl ThriftTestIface, checks: &mut Checks) {
    let values = [
        Uuid::nil(),
        Uuid::max(),
        Uuid::from_u128(0x0011_2233_4455_6677_8899_aabb_ccdd_eeff),
    ];
    for value in values {
        checks.expect_eq(
            &format!("testUuid({value})"),
            client.test_uuid(value),
            &value,
        );
    }
}

fn check_containers(client: &impl ThriftTestIface, checks: &mut Checks) {
    let maps: [BTreeMap<i32, i32>; 4] = [
        BTreeMap::new(),
        (0..5).map(|i| (i, i - 10)).collect(),
        BTreeMap::from([(i32::MIN, i32::MAX), (i32::MAX, i32::MIN)]),
        (0..10_000).map(|i| (i, i)).collect(),
    ];
    for value in maps {
        let name = format!("testMap({} entries)", value.len());
        checks.expect_eq(&name, client.test_map(value.clone()), &value);
    }
    let string_maps: [BTreeMap<String, String>; 3] = [
        BTreeMap::new(),
        [("a", "2"), ("b", "blah"), ("some", "thing")]
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .into(),
        BTreeMap::from([(String::new(), String::new()), ("☃".into(), "𝄞".into())]),
    ];
    for value in string_maps {
        let name = format!("testStringMap({} entries)", value.len());
        checks.expect_eq(&name, client.test_string_map(value.clone()), &value);
    }
    let sets: [BTreeSet<i32>; 4] = [
        BTreeSet::new(),
        (-2..=2).collect(),
        BTreeSet::from([i32::MIN, i32::MAX]),
        (0..10_000).collect(),
    ];
    for value in sets {
        let name = format!("testSet({} elements)", value.len());
        checks.expect_eq(&name, client.test_set(value.clone()), &value);
    }
    let lists: [Vec<i32>; 4] = [
        Vec::new(),
        (-2..=2).collect(),
        vec![3, 3, 1, 1],
        (0..100_000).collect(),
    ];
    for value in lists {
        let name = format!("testList({} elements)", value.len());
        checks.expect_eq(&name, client.test_list(value.clone()), &value);
    }
    checks.expect_eq("testMapMap", client.test_map_map(1), &handler::map_map());
}

fn check_structs(client: &impl ThriftTestIface, checks: &mut Checks) {
    let plain = Xtruct {
        string_thing: "Zero".to_owned(),
        byte_thing: 1,
        i32_thing: -3,
        i64_thing: -5,
    };
    let extremes = Xtruct {
        string_thing: "ünïcode".to_owned(),
        byte_thing: i8::MIN,
        i32_thing: i32::MAX,
        i64_thing: i64::MIN,
    };
    checks.expect_eq("testStruct", client.test_struct(plain.clone()), &plain);
    checks.expect_eq(
        "testStruct(extremes)",
        client.test_struct(extremes.clone()),
        &extremes,
    );
    let nest = Xtruct2 {
        byte_thing: 1,
        struct_thing: Some(plain.clone()),
        i32_thing: 5,
    };
    checks.expect_eq("testNest", client.test_nest(nest.clone()), &nest);
    let argument = Insanity {
        user_map: BTreeMap::from([(Numberz::FIVE, 5), (Numberz::EIGHT, 8)]),
        xtructs: vec![extremes, plain],
    };
    let expected = handler::insanity(argument.clone());
    checks.expect_eq("testInsanity", client.test_insanity(argument), &expected);
    let multi = client.test_multi(
        i8::MAX,
        i32::MIN,
        i64::MAX,
        BTreeMap::from([(1, "one".to_owned()), (-1, String::new())]),
        Numberz::FIVE,
        5,
    );
    let expected = Xtruct {
        string_thing: "Hello2".to_owned(),
        byte_thing: i8::MAX,
        i32_thing: i32::MIN,
        i64_thing: i64::MAX,
    };
    checks.expect_eq("testMulti", multi, &expected);
}

fn check_exceptions(client: &impl ThriftTestIface, checks: &mut Checks) {
    let outcome = match client.test_exception("Xception".to_owned()) {
        Err(CallError::Declared(ThriftTestTestExceptionError::Err1(Xception {
            error_code: 1001,
            message,
        }))) if message == "Xception" => Ok(()),
        other => Err(format!("{other:?}")),
    };
    checks.record("testException(Xception)", outcome);
    let outcome = match client.test_exception("TException".to_owned()) {
        Err(CallError::Thrift(thrift::Error::Application(e)))
            if e.kind == ApplicationErrorKind::InternalError =>
        {
            Ok(())
        }
        other => Err(format!("expected an INTERNAL_ERROR, got {other:?}")),
    };
    checks.record("testException(TException)", outcome);
    checks.expect_eq(
        "testException(success)",
        client.test_exception("success".to_owned()),
        &(),
    );
    let outcome = match client.test_multi_exception("Xception".into(), "ignored".into()) {
        Err(CallError::Declared(ThriftTestTestMultiExceptionError::Err1(Xception {
            error_code: 1001,
            message,
        }))) if message == "This is an Xception" => Ok(()),
        other => Err(format!("{other:?}")),
    };
    checks.record("testMultiException(Xception)", outcome);
    let outcome = match client.test_multi_exception("Xception2".into(), "ignored".into()) {
        Err(CallError::Declared(ThriftTestTestMultiExceptionError::Err2(Xception2 {
            error_code: 2002,
            struct_thing: Some(thing),
        }))) if thing.string_thing == "This is an Xception2" => Ok(()),
        other => Err(format!("{other:?}")),
    };
    checks.record("testMultiException(Xception2)", outcome);
    let outcome = match client.test_multi_exception("Normal".into(), "Hello".into()) {
        Ok(thing) if thing.string_thing == "Hello" => Ok(()),
        other => Err(format!("{other:?}")),
    };
    checks.record("testMultiException(success)", outcome);
}

/// testOneway must return without waiting for the server's sleep, and the
/// connection must still work afterwards.
pub fn check_oneway(client: &impl ThriftTestIface, checks: &mut Checks) {
    let start = Instant::now();
    let sent = client.test_oneway(1);
    let elapsed = start.elapsed();
    let outcome = match sent {
        Ok(()) if elapsed < ONEWAY_LIMIT => Ok(()),
        Ok(()) => Err(format!("took {elapsed:?}")),
        Err(error) => Err(format!("call failed: {error:?}")),
    };
    checks.record("testOneway returns at once", outcome);
    checks.expect_eq("call after testOneway", client.test_i32(-1), &-1);
}

pub fn check_second_service(client: &impl SecondServiceIface, checks: &mut Checks) {
    let got = client.secondtest_string("multiplexed".to_owned());
    let expected = "testString(\"multiplexed\")".to_owned();
    checks.expect_eq("SecondService.secondtestString", got, &expected);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handler::{SecondHandler, TestHandler};

    /// The checks accept exactly what the reference handler answers.
    #[test]
    fn every_check_passes_against_the_handler() {
        let mut checks = Checks::default();
        check_all(&TestHandler, &mut checks, true);
        check_second_service(&SecondHandler, &mut checks);
        assert_eq!(checks.failed, 0, "{}", checks.summary());
        assert!(checks.passed > 70, "{}", checks.summary());
    }

    /// A handler that answers wrongly is caught.
    #[test]
    fn a_wrong_answer_fails() {
        struct OffByOne;
        impl SecondServiceIface for OffByOne {
            fn secondtest_string(&self, thing: String) -> Result<String, CallError> {
                Ok(thing)
            }
        }
        let mut checks = Checks::default();
        check_second_service(&OffByOne, &mut checks);
        assert_eq!(checks.summary(), "0 passed, 1 failed");
    }
}
