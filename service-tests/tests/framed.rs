//! `FramedChannel` when the server misbehaves: a reply frame over the cap,
//! a connection closed in the middle of a frame, a reply to another call.
//! Each call gets a clear error, and a connection whose stream can no
//! longer be trusted is never used again. Loopback only; every fake
//! server answers one connection and stops.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::thread;
use std::time::Duration;

use service_tests::calculator::{CalculatorClient, CalculatorIface};
use thriftgen_runtime::codec::{BinaryEncoder, Encoder, TMessageType};
use thriftgen_runtime::thrift::{self, ApplicationErrorKind};
use thriftgen_runtime::{CallError, FramedChannel, WireProtocol};

/// A server that reads one request frame per entry of `replies` and
/// answers it with those bytes (already framed, or not), then hangs up.
fn fake_server(replies: Vec<Vec<u8>>) -> std::net::SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        for reply in replies {
            let mut len = [0u8; 4];
            if stream.read_exact(&mut len).is_err() {
                return;
            }
            let mut request = vec![0u8; u32::from_be_bytes(len) as usize];
            if stream.read_exact(&mut request).is_err() {
                return;
            }
            let _ = stream.write_all(&reply);
        }
    });
    address
}

fn client(address: std::net::SocketAddr) -> CalculatorClient<FramedChannel<TcpStream>> {
    let stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    CalculatorClient::with_channel(FramedChannel::new(stream, WireProtocol::Binary).max_frame(1024))
}

/// A framed `add` reply (`i32` success) with `sequence_id`.
fn add_reply(sequence_id: i32, value: i32) -> Vec<u8> {
    let mut body = Vec::new();
    let mut encoder = BinaryEncoder::new(&mut body);
    encoder
        .write_message_begin("add", TMessageType::Reply, sequence_id)
        .unwrap();
    let scope = encoder.write_struct_begin().unwrap();
    encoder
        .write_field_begin(thriftgen_runtime::codec::TType::I32, 0)
        .unwrap();
    encoder.write_i32(value).unwrap();
    encoder.write_field_end().unwrap();
    encoder.write_field_stop().unwrap();
    encoder.write_struct_end(scope).unwrap();
    let mut frame = (body.len() as u32).to_be_bytes().to_vec();
    frame.extend(body);
    frame
}

/// The transport error of a failed call, as text.
fn transport_error(outcome: Result<i32, CallError<thriftgen_runtime::NoException>>) -> String {
    match outcome {
        Err(CallError::Thrift(thrift::Error::Transport(e))) => e.message,
        other => panic!("expected a transport error, got {other:?}"),
    }
}

#[test]
fn replies_are_matched_and_the_connection_reused() {
    let address = fake_server(vec![add_reply(1, 3), add_reply(2, 7)]);
    let client = client(address);
    assert_eq!(client.add(1, 2).unwrap(), 3);
    assert_eq!(client.add(3, 4).unwrap(), 7);
}

#[test]
fn a_frame_over_the_cap_is_refused_and_the_connection_dropped() {
    let address = fake_server(vec![(1_000_000u32).to_be_bytes().to_vec()]);
    let client = client(address);
    let first = transport_error(client.add(1, 2));
    assert!(first.contains("over the 1024 byte cap"), "{first}");
    let second = transport_error(client.add(1, 2));
    assert!(second.contains("connection unusable"), "{second}");
}

#[test]
fn a_connection_closed_mid_frame_fails_the_call_and_is_not_reused() {
    let mut truncated = add_reply(1, 3);
    truncated.truncate(truncated.len() - 3);
    let address = fake_server(vec![truncated]);
    let client = client(address);
    let first = transport_error(client.add(1, 2));
    assert!(!first.contains("connection unusable"), "{first}");
    let second = transport_error(client.add(1, 2));
    assert!(second.contains("connection unusable"), "{second}");
}

#[test]
fn a_reply_to_another_call_is_an_error_and_the_connection_dropped() {
    let address = fake_server(vec![add_reply(41, 3), add_reply(2, 7)]);
    let client = client(address);
    match client.add(1, 2) {
        Err(CallError::Thrift(thrift::Error::Application(e))) => {
            assert_eq!(e.kind, ApplicationErrorKind::BadSequenceId, "{e:?}");
        }
        other => panic!("expected BadSequenceId, got {other:?}"),
    }
    let second = transport_error(client.add(1, 2));
    assert!(second.contains("connection unusable"), "{second}");
}
