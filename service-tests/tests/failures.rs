//! Every way a call fails, end to end: declared exceptions (typed and
//! matchable), unknown methods, handler panics, oneway calls, and a
//! server answering with the wrong sequence id.

mod support;

use std::net::TcpListener;
use std::sync::Arc;
use std::time::{Duration, Instant};

use service_tests::calculator::{
    CalculatorAddResult, CalculatorCalculateError, CalculatorCheckError, CalculatorClient,
    CalculatorIface, CalculatorProcessor, InvalidOperation, Operation, Overloaded,
    ScientificCalculatorClient, ScientificCalculatorIface, ScientificCalculatorSqrtError, Work,
};
use service_tests::shared::SharedServiceIface;
use support::{ALL_WIRES, Calc, Input, Output, connect_in_process, connect_tcp, serve_tcp};
use thriftgen_runtime::thrift::protocol::{
    TBinaryInputProtocol, TBinaryOutputProtocol, TInputProtocol, TMessageIdentifier, TMessageType,
    TOutputProtocol, TSerializable, TType,
};
use thriftgen_runtime::thrift::transport::{
    TBufferedReadTransport, TBufferedWriteTransport, TIoChannel, TTcpChannel,
};
use thriftgen_runtime::thrift::{self, ApplicationErrorKind};
use thriftgen_runtime::{CallError, ClientConnection};

fn calculator(wire: support::Wire) -> CalculatorClient<ClientConnection<Input, Output>> {
    let (i, o) = connect_in_process(Arc::new(CalculatorProcessor::new(Calc::new().0)), wire);
    CalculatorClient::new(i, o)
}

fn application_kind<T: std::fmt::Debug, E: std::fmt::Debug>(
    result: Result<T, CallError<E>>,
) -> ApplicationErrorKind {
    match result {
        Err(CallError::Thrift(thrift::Error::Application(e))) => e.kind,
        other => panic!("expected an application error, got {other:?}"),
    }
}

#[test]
fn declared_exceptions_come_back_typed_and_matchable() {
    for wire in ALL_WIRES {
        let client = calculator(wire);
        let divide = Work {
            num1: 1,
            num2: 0,
            op: Operation::DIVIDE,
            comment: Some("by zero".into()),
        };
        match client.calculate(1, divide) {
            Err(CallError::Declared(CalculatorCalculateError::Ouch(InvalidOperation {
                what_op,
                why,
            }))) => {
                assert_eq!(what_op, Operation::DIVIDE.0);
                assert_eq!(why, "Cannot divide by 0");
            }
            other => panic!("{wire:?}: expected Ouch, got {other:?}"),
        }
        let overloaded = client.calculate(-250, Work::default());
        assert!(matches!(
            overloaded,
            Err(CallError::Declared(CalculatorCalculateError::Busy(
                Overloaded {
                    retry_after_ms: 250
                }
            )))
        ));
        // Two exceptions of one type stay apart.
        assert!(matches!(
            client.check(-1),
            Err(CallError::Declared(CalculatorCheckError::Low(e))) if e.why == "too low"
        ));
        assert!(matches!(
            client.check(101),
            Err(CallError::Declared(CalculatorCheckError::High(e))) if e.why == "too high"
        ));
        // And the connection is still good.
        assert_eq!(client.add(1, 1).unwrap(), 2);
    }
}

#[test]
fn declared_exception_of_a_derived_service() {
    let (i, o) = connect_in_process(
        Arc::new(service_tests::calculator::ScientificCalculatorProcessor::new(Calc::new().0)),
        ALL_WIRES[2],
    );
    let client = ScientificCalculatorClient::new(i, o);
    let error = client.sqrt(-1.0).unwrap_err();
    assert!(error.is_declared());
    assert!(matches!(
        error,
        CallError::Declared(ScientificCalculatorSqrtError::Ouch(ref e)) if e.why == "negative"
    ));
}

#[test]
fn unknown_method_is_unknown_method_and_the_connection_survives() {
    for wire in ALL_WIRES {
        // A ScientificCalculator client talking to a plain Calculator.
        let (i, o) = connect_in_process(Arc::new(CalculatorProcessor::new(Calc::new().0)), wire);
        let client = ScientificCalculatorClient::new(i, o);
        assert_eq!(
            application_kind(client.sqrt(4.0)),
            ApplicationErrorKind::UnknownMethod,
            "{wire:?}"
        );
        assert_eq!(client.add(2, 3).unwrap(), 5);
        assert_eq!(client.get_struct(2).unwrap().key, 2);
    }
}

#[test]
fn handler_panic_is_internal_error_and_the_server_keeps_serving() {
    for wire in ALL_WIRES {
        let address = serve_tcp(Arc::new(CalculatorProcessor::new(Calc::new().0)), wire, 2);
        let (i, o) = connect_tcp(address, wire);
        let client = CalculatorClient::new(i, o);
        match client.explode("on purpose".into()) {
            Err(CallError::Thrift(thrift::Error::Application(e))) => {
                assert_eq!(e.kind, ApplicationErrorKind::InternalError);
                assert!(e.message.contains("on purpose"), "{}", e.message);
            }
            other => panic!("{wire:?}: expected InternalError, got {other:?}"),
        }
        // Same connection, and a new one.
        assert_eq!(client.add(20, 22).unwrap(), 42);
        let (i, o) = connect_tcp(address, wire);
        assert_eq!(CalculatorClient::new(i, o).add(1, 2).unwrap(), 3);
    }
}

#[test]
fn oneway_returns_without_waiting_for_the_handler() {
    let (calc, zipped) = Calc::new();
    let wire = ALL_WIRES[1];
    let address = serve_tcp(Arc::new(CalculatorProcessor::new(calc)), wire, 1);
    let (i, o) = connect_tcp(address, wire);
    let client = CalculatorClient::new(i, o);
    let started = Instant::now();
    client.zip(800).unwrap();
    let returned_after = started.elapsed();
    assert!(
        returned_after < Duration::from_millis(400),
        "oneway call waited {returned_after:?}"
    );
    // The handler did run, later.
    assert_eq!(zipped.recv_timeout(Duration::from_secs(10)), Ok(800));
    assert!(started.elapsed() >= Duration::from_millis(800));
    // No reply was sent: the next call reads its own reply.
    assert_eq!(client.add(1, 2).unwrap(), 3);
}

/// A server that answers `add` with the given sequence id and method name
/// whatever the call said.
fn fake_server(
    answer_sequence_id: impl Fn(i32) -> i32 + Send + 'static,
    name: &'static str,
) -> std::net::SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let (r, w) = TTcpChannel::with_stream(stream).split().unwrap();
        let mut i = TBinaryInputProtocol::new(TBufferedReadTransport::new(r), true);
        let mut o = TBinaryOutputProtocol::new(TBufferedWriteTransport::new(w), true);
        let call = i.read_message_begin().unwrap();
        i.skip(TType::Struct).unwrap();
        i.read_message_end().unwrap();
        let reply = TMessageIdentifier::new(
            name,
            TMessageType::Reply,
            answer_sequence_id(call.sequence_number),
        );
        o.write_message_begin(&reply).unwrap();
        CalculatorAddResult { success: Some(3) }
            .write_to_out_protocol(&mut o)
            .unwrap();
        o.write_message_end().unwrap();
        o.flush().unwrap();
    });
    address
}

#[test]
fn wrong_sequence_id_is_detected() {
    let wire = ALL_WIRES[0];
    let (i, o) = connect_tcp(fake_server(|seq| seq + 1, "add"), wire);
    let client = CalculatorClient::new(i, o);
    assert_eq!(
        application_kind(client.add(1, 2)),
        ApplicationErrorKind::BadSequenceId
    );
}

#[test]
fn wrong_method_name_is_detected() {
    let wire = ALL_WIRES[0];
    let (i, o) = connect_tcp(fake_server(|seq| seq, "ping"), wire);
    let client = CalculatorClient::new(i, o);
    assert_eq!(
        application_kind(client.add(1, 2)),
        ApplicationErrorKind::WrongMethodName
    );
}

#[test]
fn fake_server_with_right_ids_is_accepted() {
    // Guards the two tests above: the fake server is otherwise correct.
    let (i, o) = connect_tcp(fake_server(|seq| seq, "add"), ALL_WIRES[0]);
    assert_eq!(CalculatorClient::new(i, o).add(1, 2).unwrap(), 3);
}

#[test]
fn server_hanging_up_is_a_transport_error() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let hang_up = std::thread::spawn(move || drop(listener.accept().unwrap()));
    let (i, o) = connect_tcp(address, ALL_WIRES[0]);
    hang_up.join().unwrap();
    let client = CalculatorClient::new(i, o);
    assert!(matches!(
        client.add(1, 2),
        Err(CallError::Thrift(thrift::Error::Transport(_)))
    ));
}
