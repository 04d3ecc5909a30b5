//! The server-side handlers, answering as Apache's reference test servers do
//! (test/cpp/src/TestServer.cpp, test/py/TestServer.py).

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use thriftgen_runtime::CallError;
use thriftgen_runtime::thrift::{self, ApplicationError, ApplicationErrorKind};
use thriftgen_runtime::uuid::Uuid;

use crate::generated::thrift_test::{
    Insanity, Numberz, SecondServiceIface, ThriftTestIface, ThriftTestTestExceptionError,
    ThriftTestTestMultiExceptionError, UserId, Xception, Xception2, Xtruct, Xtruct2,
};

/// Handles every ThriftTest method.
#[derive(Debug, Default)]
pub struct TestHandler;

/// Handles SecondService, registered next to ThriftTest when multiplexed.
#[derive(Debug, Default)]
pub struct SecondHandler;

/// What testMapMap returns whatever its argument.
pub fn map_map() -> BTreeMap<i32, BTreeMap<i32, i32>> {
    BTreeMap::from([
        (-4, (-4..=-1).map(|n| (n, n)).collect()),
        (4, (1..=4).map(|n| (n, n)).collect()),
    ])
}

/// What testInsanity returns for `argument`.
pub fn insanity(argument: Insanity) -> BTreeMap<UserId, BTreeMap<Numberz, Insanity>> {
    BTreeMap::from([
        (
            1,
            BTreeMap::from([(Numberz::TWO, argument.clone()), (Numberz::THREE, argument)]),
        ),
        (2, BTreeMap::from([(Numberz::SIX, Insanity::default())])),
    ])
}

/// What testMultiException answers.
pub fn multi_exception(
    arg0: &str,
    arg1: String,
) -> Result<Xtruct, ThriftTestTestMultiExceptionError> {
    match arg0 {
        "Xception" => Err(ThriftTestTestMultiExceptionError::Err1(Xception {
            error_code: 1001,
            message: "This is an Xception".to_owned(),
        })),
        "Xception2" => Err(ThriftTestTestMultiExceptionError::Err2(Xception2 {
            error_code: 2002,
            struct_thing: Some(Xtruct {
                string_thing: "This is an Xception2".to_owned(),
                ..Xtruct::default()
            }),
        })),
        _ => Ok(Xtruct {
            string_thing: arg1,
            ..Xtruct::default()
        }),
    }
}

impl ThriftTestIface for TestHandler {
    fn test_void(&self) -> Result<(), CallError> {
        Ok(())
    }

    fn test_string(&self, thing: String) -> Result<String, CallError> {
        Ok(thing)
    }

    fn test_bool(&self, thing: bool) -> Result<bool, CallError> {
        Ok(thing)
    }

    fn test_byte(&self, thing: i8) -> Result<i8, CallError> {
        Ok(thing)
    }

    fn test_i32(&self, thing: i32) -> Result<i32, CallError> {
        Ok(thing)
    }

    fn test_i64(&self, thing: i64) -> Result<i64, CallError> {
        Ok(thing)
    }

    fn test_double(&self, thing: f64) -> Result<f64, CallError> {
        Ok(thing)
    }

    fn test_binary(&self, thing: Vec<u8>) -> Result<Vec<u8>, CallError> {
        Ok(thing)
    }

    fn test_uuid(&self, thing: Uuid) -> Result<Uuid, CallError> {
        Ok(thing)
    }

    fn test_struct(&self, thing: Xtruct) -> Result<Xtruct, CallError> {
        Ok(thing)
    }

    fn test_nest(&self, thing: Xtruct2) -> Result<Xtruct2, CallError> {
        Ok(thing)
    }

    fn test_map(&self, thing: BTreeMap<i32, i32>) -> Result<BTreeMap<i32, i32>, CallError> {
        Ok(thing)
    }

    fn test_string_map(
        &self,
        thing: BTreeMap<String, String>,
    ) -> Result<BTreeMap<String, String>, CallError> {
        Ok(thing)
    }

    fn test_set(&self, thing: BTreeSet<i32>) -> Result<BTreeSet<i32>, CallError> {
        Ok(thing)
    }

    fn test_list(&self, thing: Vec<i32>) -> Result<Vec<i32>, CallError> {
        Ok(thing)
    }

    fn test_enum(&self, thing: Numberz) -> Result<Numberz, CallError> {
        Ok(thing)
    }

    fn test_typedef(&self, thing: UserId) -> Result<UserId, CallError> {
        Ok(thing)
    }

    fn test_map_map(&self, _hello: i32) -> Result<BTreeMap<i32, BTreeMap<i32, i32>>, CallError> {
        Ok(map_map())
    }

    fn test_insanity(
        &self,
        argument: Insanity,
    ) -> Result<BTreeMap<UserId, BTreeMap<Numberz, Insanity>>, CallError> {
        Ok(insanity(argument))
    }

    fn test_multi(
        &self,
        arg0: i8,
        arg1: i32,
        arg2: i64,
        _arg3: BTreeMap<i16, String>,
        _arg4: Numberz,
        _arg5: UserId,
    ) -> Result<Xtruct, CallError> {
        Ok(Xtruct {
            string_thing: "Hello2".to_owned(),
            byte_thing: arg0,
            i32_thing: arg1,
            i64_thing: arg2,
        })
    }

    fn test_exception(&self, arg: String) -> Result<(), CallError<ThriftTestTestExceptionError>> {
        match arg.as_str() {
            "Xception" => Err(CallError::Declared(ThriftTestTestExceptionError::Err1(
                Xception {
                    error_code: 1001,
                    message: arg,
                },
            ))),
            // An undeclared failure: the client must see an application error.
            "TException" => Err(CallError::Thrift(thrift::Error::Application(
                ApplicationError::new(ApplicationErrorKind::InternalError, "This is a TException"),
            ))),
            _ => Ok(()),
        }
    }

    fn test_multi_exception(
        &self,
        arg0: String,
        arg1: String,
    ) -> Result<Xtruct, CallError<ThriftTestTestMultiExceptionError>> {
        multi_exception(&arg0, arg1).map_err(CallError::Declared)
    }

    fn test_oneway(&self, seconds_to_sleep: i32) -> Result<(), CallError> {
        let seconds = u64::try_from(seconds_to_sleep).unwrap_or(0);
        std::thread::sleep(Duration::from_secs(seconds));
        Ok(())
    }
}

impl SecondServiceIface for SecondHandler {
    fn secondtest_string(&self, thing: String) -> Result<String, CallError> {
        Ok(format!("testString(\"{thing}\")"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_map_matches_apache() {
        let expected: BTreeMap<i32, BTreeMap<i32, i32>> = BTreeMap::from([
            (-4, BTreeMap::from([(-4, -4), (-3, -3), (-2, -2), (-1, -1)])),
            (4, BTreeMap::from([(1, 1), (2, 2), (3, 3), (4, 4)])),
        ]);
        assert_eq!(map_map(), expected);
    }

    #[test]
    fn insanity_copies_the_argument_twice_and_adds_an_empty_one() {
        let argument = Insanity {
            user_map: BTreeMap::from([(Numberz::FIVE, 5)]),
            xtructs: vec![Xtruct::default()],
        };
        let result = insanity(argument.clone());
        assert_eq!(result[&1][&Numberz::TWO], argument);
        assert_eq!(result[&1][&Numberz::THREE], argument);
        assert_eq!(result[&2][&Numberz::SIX], Insanity::default());
        assert_eq!(result.len(), 2);
    }

    #[test]
    fn multi_exception_picks_the_declared_exception() {
        assert!(matches!(
            multi_exception("Xception", String::new()),
            Err(ThriftTestTestMultiExceptionError::Err1(Xception {
                error_code: 1001,
                ..
            }))
        ));
        assert!(matches!(
            multi_exception("Xception2", String::new()),
            Err(ThriftTestTestMultiExceptionError::Err2(Xception2 {
                error_code: 2002,
                ..
            }))
        ));
        assert_eq!(
            multi_exception("other", "echo".to_owned()).map(|x| x.string_thing),
            Ok("echo".to_owned())
        );
    }
}
