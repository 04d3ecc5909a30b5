//! `process` / `IncomingCall`: every way a call can end, checked on the
//! bytes the processor writes.

mod common;

use std::sync::Mutex;
use thriftgen_runtime::codec::{Decoder, DynDecoder, DynEncoder, Encoder};

use common::{Decoded, EchoArgs, EchoResult, Oops, decode, message, protocols};
use thriftgen_runtime::thrift::protocol::{TMessageType, TSerializable};
use thriftgen_runtime::thrift::{self, ApplicationError, ApplicationErrorKind};
use thriftgen_runtime::{CallError, IncomingCall, process};

/// What a handler does, chosen by the text it is sent.
fn echo(args: EchoArgs) -> Result<String, CallError<Oops>> {
    match args.text.as_str() {
        "oops" => Err(CallError::Declared(Oops {
            why: "asked".into(),
        })),
        "app" => Err(ApplicationError::new(ApplicationErrorKind::InvalidTransform, "nope").into()),
        "transport" => Err(thrift::Error::Transport(thrift::TransportError::new(
            thrift::TransportErrorKind::TimedOut,
            "backend timed out",
        ))
        .into()),
        "panic" => panic!("handler exploded"),
        _ => Ok(format!("{} back", args.text)),
    }
}

fn echo_result(outcome: Result<String, Oops>) -> EchoResult {
    match outcome {
        Ok(success) => EchoResult {
            success: Some(success),
            oops: None,
        },
        Err(oops) => EchoResult {
            success: None,
            oops: Some(oops),
        },
    }
}

/// A service with `echo` and `oneway void notify(1: string text)`; notify
/// records its argument (and panics on "panic").
struct Service {
    notified: Mutex<Vec<String>>,
}

impl Service {
    fn new() -> Self {
        Service {
            notified: Mutex::new(Vec::new()),
        }
    }

    fn dispatch<D: Decoder, E: Encoder>(&self, call: IncomingCall<'_, D, E>) -> thrift::Result<()> {
        match call.method() {
            "echo" => call.reply(echo, echo_result),
            "notify" => call.oneway(|args: EchoArgs| -> Result<(), CallError> {
                assert_ne!(args.text, "panic", "oneway handler exploded");
                self.notified.lock().unwrap().push(args.text);
                Ok(())
            }),
            _ => call.unknown_method(),
        }
    }

    /// Processes every message in `incoming`; returns the bytes written
    /// and the outcome of each `process` call.
    fn run(&self, incoming: &[u8], calls: usize) -> (Vec<u8>, Vec<thrift::Result<()>>) {
        let (mut i, mut o, written) = protocols(incoming);
        let outcomes = (0..calls)
            .map(|_| {
                process(
                    &mut DynDecoder::new(&mut i),
                    &mut DynEncoder::new(&mut o),
                    |call| self.dispatch(call),
                )
            })
            .collect();
        (written.write_bytes(), outcomes)
    }
}

fn call(name: &str, kind: TMessageType, sequence_id: i32, text: &str) -> Vec<u8> {
    message(name, kind, sequence_id, |o| {
        EchoArgs { text: text.into() }.write_to_out_protocol(o)
    })
}

fn expect_exception(bytes: &[u8]) -> (i32, ApplicationError) {
    match decode::<EchoResult>(bytes) {
        Decoded::Exception(ident, e) => (ident.sequence_number, e),
        Decoded::Reply(_, r) => panic!("expected an exception, got {r:?}"),
    }
}

#[test]
fn ok_is_a_reply_with_success() {
    let (out, outcomes) = Service::new().run(&call("echo", TMessageType::Call, 5, "hi"), 1);
    assert!(outcomes[0].is_ok());
    match decode::<EchoResult>(&out) {
        Decoded::Reply(ident, result) => {
            assert_eq!((ident.name.as_str(), ident.sequence_number), ("echo", 5));
            assert_eq!(result.success.as_deref(), Some("hi back"));
            assert_eq!(result.oops, None);
        }
        Decoded::Exception(_, e) => panic!("unexpected exception {e:?}"),
    }
}

#[test]
fn declared_exception_is_a_reply_with_the_exception_field() {
    let (out, _) = Service::new().run(&call("echo", TMessageType::Call, 1, "oops"), 1);
    match decode::<EchoResult>(&out) {
        Decoded::Reply(_, result) => {
            assert_eq!(result.success, None);
            assert_eq!(
                result.oops,
                Some(Oops {
                    why: "asked".into()
                })
            );
        }
        Decoded::Exception(_, e) => panic!("unexpected exception {e:?}"),
    }
}

#[test]
fn application_error_is_sent_as_is() {
    let (out, outcomes) = Service::new().run(&call("echo", TMessageType::Call, 2, "app"), 1);
    assert!(outcomes[0].is_ok());
    let (seq, e) = expect_exception(&out);
    assert_eq!(seq, 2);
    assert_eq!(e.kind, ApplicationErrorKind::InvalidTransform);
    assert_eq!(e.message, "nope");
}

#[test]
fn other_errors_are_internal_error() {
    let (out, outcomes) = Service::new().run(&call("echo", TMessageType::Call, 3, "transport"), 1);
    assert!(outcomes[0].is_ok());
    let (_, e) = expect_exception(&out);
    assert_eq!(e.kind, ApplicationErrorKind::InternalError);
    assert!(e.message.contains("backend timed out"), "{}", e.message);
}

#[test]
fn panic_is_internal_error_and_the_next_call_is_served() {
    let mut incoming = call("echo", TMessageType::Call, 1, "panic");
    incoming.extend(call("echo", TMessageType::Call, 2, "after"));
    let (out, outcomes) = Service::new().run(&incoming, 2);
    assert!(outcomes.iter().all(Result::is_ok), "{outcomes:?}");

    let (seq, e) = expect_exception(&out);
    assert_eq!(seq, 1);
    assert_eq!(e.kind, ApplicationErrorKind::InternalError);
    assert!(e.message.contains("handler exploded"), "{}", e.message);

    let exception_len = message("echo", TMessageType::Exception, 1, |o| {
        thrift::Error::write_application_error_to_out_protocol(&e, o)
    })
    .len();
    match decode::<EchoResult>(&out[exception_len..]) {
        Decoded::Reply(ident, result) => {
            assert_eq!(ident.sequence_number, 2);
            assert_eq!(result.success.as_deref(), Some("after back"));
        }
        Decoded::Exception(_, e) => panic!("second call failed: {e:?}"),
    }
}

#[test]
fn unknown_method_skips_args_and_answers_unknown_method() {
    let mut incoming = call("nosuch", TMessageType::Call, 9, "x");
    incoming.extend(call("echo", TMessageType::Call, 10, "next"));
    let (out, outcomes) = Service::new().run(&incoming, 2);
    assert!(outcomes.iter().all(Result::is_ok), "{outcomes:?}");
    let (seq, e) = expect_exception(&out);
    assert_eq!(seq, 9);
    assert_eq!(e.kind, ApplicationErrorKind::UnknownMethod);
    assert!(e.message.contains("nosuch"));
    // The arguments were skipped: the next call was read correctly.
    let exception_len = message("nosuch", TMessageType::Exception, 9, |o| {
        thrift::Error::write_application_error_to_out_protocol(&e, o)
    })
    .len();
    assert!(matches!(
        decode::<EchoResult>(&out[exception_len..]),
        Decoded::Reply(ident, _) if ident.sequence_number == 10
    ));
}

#[test]
fn oneway_runs_the_handler_and_never_replies() {
    let service = Service::new();
    let mut incoming = call("notify", TMessageType::OneWay, 1, "first");
    incoming.extend(call("notify", TMessageType::OneWay, 2, "panic"));
    incoming.extend(call("notify", TMessageType::OneWay, 3, "third"));
    incoming.extend(call("nosuch", TMessageType::OneWay, 4, "x"));
    let (out, outcomes) = service.run(&incoming, 4);
    assert!(outcomes.iter().all(Result::is_ok), "{outcomes:?}");
    assert!(out.is_empty(), "oneway calls wrote {} bytes", out.len());
    assert_eq!(*service.notified.lock().unwrap(), ["first", "third"]);
}

#[test]
fn undecodable_args_answer_protocol_error_and_drop_the_connection() {
    // A string field whose length is negative.
    let bytes = message("echo", TMessageType::Call, 4, |o| {
        use thriftgen_runtime::thrift::protocol::{TFieldIdentifier, TStructIdentifier, TType};
        o.write_struct_begin(&TStructIdentifier::new("EchoArgs"))?;
        o.write_field_begin(&TFieldIdentifier::new("text", TType::String, 1))?;
        o.write_i32(-5)
    });
    let (out, outcomes) = Service::new().run(&bytes, 1);
    assert!(outcomes[0].is_err());
    let (seq, e) = expect_exception(&out);
    assert_eq!(seq, 4);
    assert_eq!(e.kind, ApplicationErrorKind::ProtocolError);
}

#[test]
fn end_of_input_is_an_error_for_the_server() {
    let (out, outcomes) = Service::new().run(&[], 1);
    assert!(matches!(outcomes[0], Err(thrift::Error::Transport(_))));
    assert!(out.is_empty());
}
