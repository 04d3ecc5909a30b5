//! Every method of the suite, own and inherited, client -> processor over
//! every protocol and transport, in process and over loopback TCP.

mod support;

use std::collections::BTreeMap;
use std::sync::Arc;

use service_tests::calculator::{
    CalculatorClient, CalculatorIface, CalculatorProcessor, Operation, ScientificCalculatorClient,
    ScientificCalculatorIface, ScientificCalculatorProcessor, Work,
};
use service_tests::shared::{SharedServiceIface, SharedStruct};
use support::{
    ALL_WIRES, Calc, Protocol, Transport, Wire, connect_in_process, connect_tcp, serve_tcp,
};
use thriftgen_runtime::{Channel, DEFAULT_MAX_FRAME, FramedChannel, WireProtocol, serve_framed};

fn work(op: Operation, num1: i32, num2: i32) -> Work {
    Work {
        num1,
        num2,
        op,
        comment: None,
    }
}

/// Every Calculator method that succeeds, and the inherited one.
fn exercise_calculator<CH: Channel>(client: &CalculatorClient<CH>, wire: Wire) {
    client.ping().unwrap();
    assert_eq!(client.add(2, 40).unwrap(), 42, "{wire:?}");
    assert_eq!(
        client
            .calculate(1, work(Operation::MULTIPLY, 6, 7))
            .unwrap(),
        42
    );
    client.check(50).unwrap();
    let map = BTreeMap::from([("k".to_owned(), 1)]);
    assert_eq!(
        client
            .many(
                -1,
                -2,
                3,
                1 << 40,
                0.5,
                true,
                "g".into(),
                vec![0, 255],
                vec![9, 8],
                map
            )
            .unwrap(),
        "-1 -2 3 1099511627776 0.5 true g [0, 255] [9, 8] {\"k\": 1}"
    );
    // Keyword and prelude names: `type`, `match`, `self`, `Result`.
    assert_eq!(
        client
            .r#type("abc".into(), Some(10), "xy".into())
            .unwrap()
            .value,
        15
    );
    // An absent optional argument arrives as `None`.
    assert_eq!(client.r#type("".into(), None, "".into()).unwrap().value, -1);
    assert_eq!(
        client.get_struct(7).unwrap(),
        SharedStruct {
            key: 7,
            value: "value 7".into()
        }
    );
}

#[test]
fn every_method_over_every_wire_in_process() {
    for wire in ALL_WIRES {
        let (calc, _) = Calc::new();
        let (i, o) = connect_in_process(Arc::new(CalculatorProcessor::new(calc)), wire);
        exercise_calculator(&CalculatorClient::new(i, o), wire);
    }
}

#[test]
fn every_method_over_every_wire_over_tcp() {
    for wire in ALL_WIRES {
        let (calc, _) = Calc::new();
        let address = serve_tcp(Arc::new(CalculatorProcessor::new(calc)), wire, 1);
        let (i, o) = connect_tcp(address, wire);
        exercise_calculator(&CalculatorClient::new(i, o), wire);
    }
}

#[test]
fn every_method_over_the_framed_fast_path() {
    // FramedChannel (the runtime's codec straight on frames) against the
    // thrift crate's framed server.
    for (wire, protocol) in [
        (
            Wire(Protocol::Binary, Transport::Framed),
            WireProtocol::Binary,
        ),
        (
            Wire(Protocol::Compact, Transport::Framed),
            WireProtocol::Compact,
        ),
    ] {
        let (handler, _) = Calc::new();
        let address = serve_tcp(Arc::new(CalculatorProcessor::new(handler)), wire, 1);
        let stream = std::net::TcpStream::connect(address).unwrap();
        let client = CalculatorClient::with_channel(FramedChannel::new(stream, protocol));
        exercise_calculator(&client, wire);
    }
}

#[test]
fn every_method_through_the_framed_fast_server() {
    // serve_framed (requests decoded from whole frames by the runtime's
    // codec), called by the thrift crate's framed client and by
    // FramedChannel.
    for (wire, protocol) in [
        (
            Wire(Protocol::Binary, Transport::Framed),
            WireProtocol::Binary,
        ),
        (
            Wire(Protocol::Compact, Transport::Framed),
            WireProtocol::Compact,
        ),
    ] {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let server = std::thread::spawn(move || {
            let (handler, _) = Calc::new();
            let processor = CalculatorProcessor::new(handler);
            for stream in listener.incoming().take(2) {
                serve_framed(&processor, stream.unwrap(), protocol, DEFAULT_MAX_FRAME).unwrap();
            }
        });
        let (i, o) = connect_tcp(address, wire);
        exercise_calculator(&CalculatorClient::new(i, o), wire);
        let stream = std::net::TcpStream::connect(address).unwrap();
        exercise_calculator(
            &CalculatorClient::with_channel(FramedChannel::new(stream, protocol)),
            wire,
        );
        server.join().unwrap();
    }
}

#[test]
fn two_levels_of_inheritance_dispatch_to_every_ancestor() {
    let wire = ALL_WIRES[0];
    let (calc, _) = Calc::new();
    let (i, o) = connect_in_process(Arc::new(ScientificCalculatorProcessor::new(calc)), wire);
    let client = ScientificCalculatorClient::new(i, o);
    assert_eq!(client.sqrt(16.0).unwrap(), 4.0);
    assert_eq!(client.add(1, 1).unwrap(), 2);
    assert_eq!(client.get_struct(1).unwrap().key, 1);
}

#[test]
fn client_works_behind_arc_dyn_iface_from_many_threads() {
    let wire = ALL_WIRES[3];
    let (calc, _) = Calc::new();
    let (i, o) = connect_in_process(Arc::new(CalculatorProcessor::new(calc)), wire);
    let client: Arc<dyn CalculatorIface> = Arc::new(CalculatorClient::new(i, o));
    // The client of a derived service is a client of its base, too.
    let (i, o) = connect_in_process(Arc::new(CalculatorProcessor::new(Calc::new().0)), wire);
    let as_base: Arc<dyn SharedServiceIface> = Arc::new(CalculatorClient::new(i, o));
    assert_eq!(as_base.get_struct(3).unwrap().key, 3);
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let client = client.clone();
            std::thread::spawn(move || {
                for n in 0..25 {
                    assert_eq!(client.add(t, n).unwrap(), t + n);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
}

#[test]
fn processor_accepts_a_shared_handler() {
    // `Arc<Handler>` implements the Iface, so one handler can back several
    // processors.
    let (calc, _) = Calc::new();
    let calc = Arc::new(calc);
    let wire = ALL_WIRES[0];
    let a = connect_in_process(Arc::new(CalculatorProcessor::new(calc.clone())), wire);
    let b = connect_in_process(Arc::new(ScientificCalculatorProcessor::new(calc)), wire);
    assert_eq!(CalculatorClient::new(a.0, a.1).add(1, 2).unwrap(), 3);
    assert_eq!(
        ScientificCalculatorClient::new(b.0, b.1).sqrt(9.0).unwrap(),
        3.0
    );
}
