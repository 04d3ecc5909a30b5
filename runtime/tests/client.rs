//! `ClientConnection` against scripted server replies.

mod common;

use common::{Decoded, EchoArgs, EchoResult, Oops, decode, message, protocols};
use thriftgen_runtime::ClientConnection;
use thriftgen_runtime::thrift::protocol::{TMessageType, TSerializable};
use thriftgen_runtime::thrift::{self, ApplicationError, ApplicationErrorKind};

fn args() -> EchoArgs {
    EchoArgs { text: "hi".into() }
}

fn reply(name: &str, sequence_id: i32, result: &EchoResult) -> Vec<u8> {
    message(name, TMessageType::Reply, sequence_id, |o| {
        result.write_to_out_protocol(o)
    })
}

fn application_kind(result: thrift::Result<EchoResult>) -> ApplicationErrorKind {
    match result {
        Err(thrift::Error::Application(e)) => e.kind,
        other => panic!("expected an application error, got {other:?}"),
    }
}

#[test]
fn call_sends_the_call_and_reads_the_result() {
    let expected = EchoResult {
        success: Some("hi back".into()),
        oops: None,
    };
    let (i, o, sent) = protocols(&reply("echo", 1, &expected));
    let client = ClientConnection::new(i, o);
    let got: EchoResult = client.call("echo", &args()).unwrap();
    assert_eq!(got, expected);

    let mut i = thrift::protocol::TBinaryInputProtocol::new(
        {
            let mut c = thrift::transport::TBufferChannel::with_capacity(4096, 0);
            c.set_readable_bytes(&sent.write_bytes());
            c
        },
        true,
    );
    use thrift::protocol::TInputProtocol;
    let ident = i.read_message_begin().unwrap();
    assert_eq!(
        (
            ident.name.as_str(),
            ident.message_type,
            ident.sequence_number
        ),
        ("echo", TMessageType::Call, 1)
    );
    assert_eq!(EchoArgs::read_from_in_protocol(&mut i).unwrap(), args());
}

#[test]
fn declared_exception_arrives_in_the_result_struct() {
    let expected = EchoResult {
        success: None,
        oops: Some(Oops { why: "no".into() }),
    };
    let (i, o, _) = protocols(&reply("echo", 1, &expected));
    let got: EchoResult = ClientConnection::new(i, o).call("echo", &args()).unwrap();
    assert_eq!(got, expected);
}

#[test]
fn sequence_ids_increase_per_call() {
    let ok = EchoResult {
        success: Some("x".into()),
        oops: None,
    };
    let mut replies = reply("echo", 1, &ok);
    replies.extend(reply("echo", 2, &ok));
    let (i, o, sent) = protocols(&replies);
    let client = ClientConnection::new(i, o);
    for _ in 0..2 {
        let _: EchoResult = client.call("echo", &args()).unwrap();
    }
    // The second call message starts after the first: decode both.
    let bytes = sent.write_bytes();
    let first_len = message("echo", TMessageType::Call, 1, |o| {
        args().write_to_out_protocol(o)
    })
    .len();
    assert_eq!(bytes.len(), 2 * first_len);
    let second = message("echo", TMessageType::Call, 2, |o| {
        args().write_to_out_protocol(o)
    });
    assert_eq!(&bytes[first_len..], &second[..]);
}

#[test]
fn application_exception_reply_becomes_application_error() {
    let bytes = message("echo", TMessageType::Exception, 1, |o| {
        thrift::Error::write_application_error_to_out_protocol(
            &ApplicationError::new(ApplicationErrorKind::InternalError, "boom"),
            o,
        )
    });
    let (i, o, _) = protocols(&bytes);
    let result: thrift::Result<EchoResult> = ClientConnection::new(i, o).call("echo", &args());
    match result {
        Err(thrift::Error::Application(e)) => {
            assert_eq!(e.kind, ApplicationErrorKind::InternalError);
            assert_eq!(e.message, "boom");
        }
        other => panic!("expected InternalError, got {other:?}"),
    }
}

#[test]
fn wrong_sequence_id_is_bad_sequence_id() {
    let ok = EchoResult {
        success: Some("x".into()),
        oops: None,
    };
    let (i, o, _) = protocols(&reply("echo", 7, &ok));
    let result = ClientConnection::new(i, o).call("echo", &args());
    assert_eq!(
        application_kind(result),
        ApplicationErrorKind::BadSequenceId
    );
}

#[test]
fn wrong_method_name_is_wrong_method_name() {
    let ok = EchoResult {
        success: Some("x".into()),
        oops: None,
    };
    let (i, o, _) = protocols(&reply("other", 1, &ok));
    let result = ClientConnection::new(i, o).call("echo", &args());
    assert_eq!(
        application_kind(result),
        ApplicationErrorKind::WrongMethodName
    );
}

#[test]
fn call_message_type_in_reply_is_invalid_message_type() {
    let bytes = message("echo", TMessageType::Call, 1, |o| {
        args().write_to_out_protocol(o)
    });
    let (i, o, _) = protocols(&bytes);
    let result = ClientConnection::new(i, o).call("echo", &args());
    assert_eq!(
        application_kind(result),
        ApplicationErrorKind::InvalidMessageType
    );
}

#[test]
fn oneway_sends_without_reading() {
    // Nothing to read: a client that waited would fail with end of file.
    let (i, o, sent) = protocols(&[]);
    let client = ClientConnection::new(i, o);
    client.call_oneway("echo", &args()).unwrap();
    let expected = message("echo", TMessageType::OneWay, 1, |o| {
        args().write_to_out_protocol(o)
    });
    assert_eq!(sent.write_bytes(), expected);
}

#[test]
fn closed_connection_is_a_transport_error() {
    let (i, o, _) = protocols(&[]);
    let result: thrift::Result<EchoResult> = ClientConnection::new(i, o).call("echo", &args());
    assert!(
        matches!(result, Err(thrift::Error::Transport(_))),
        "{result:?}"
    );
}

#[test]
fn decode_helper_reads_back_a_reply() {
    // Guards the helper the processor tests rely on.
    let ok = EchoResult {
        success: Some("x".into()),
        oops: None,
    };
    match decode::<EchoResult>(&reply("echo", 3, &ok)) {
        Decoded::Reply(ident, body) => {
            assert_eq!(ident.sequence_number, 3);
            assert_eq!(body, ok);
        }
        Decoded::Exception(..) => panic!("decoded a reply as an exception"),
    }
}
