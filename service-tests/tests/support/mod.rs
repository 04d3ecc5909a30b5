//! A handler for the suite's services, and wiring: every protocol and
//! transport, over loopback TCP (port 0) or an in-process socket pair.

#![allow(dead_code)] // each test file uses a different part

use std::net::{SocketAddr, TcpListener};
use std::os::unix::net::UnixStream;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use service_tests::calculator::{
    CalculatorCheckError, CalculatorIface, InvalidOperation, Operation, Overloaded,
    ScientificCalculatorIface, Work,
};
use service_tests::shared::{SharedServiceIface, SharedStruct};
use thriftgen_runtime::CallError;
use thriftgen_runtime::thrift::protocol::{
    TBinaryInputProtocol, TBinaryOutputProtocol, TCompactInputProtocol, TCompactOutputProtocol,
    TInputProtocol, TOutputProtocol,
};
use thriftgen_runtime::thrift::server::TProcessor;
use thriftgen_runtime::thrift::transport::{
    TBufferedReadTransport, TBufferedWriteTransport, TFramedReadTransport, TFramedWriteTransport,
    TIoChannel, TTcpChannel,
};

pub type Input = Box<dyn TInputProtocol + Send>;
pub type Output = Box<dyn TOutputProtocol + Send>;

/// The handler: arithmetic, plus switches for every failure.
pub struct Calc {
    zipped: Mutex<Sender<i32>>,
}

impl Calc {
    /// The handler and the receiving end of what `zip` was sent.
    pub fn new() -> (Calc, Receiver<i32>) {
        let (tx, rx) = channel();
        (
            Calc {
                zipped: Mutex::new(tx),
            },
            rx,
        )
    }
}

type Res<T, E = thriftgen_runtime::NoException> = Result<T, CallError<E>>;

impl SharedServiceIface for Calc {
    fn get_struct(&self, key: i32) -> Res<SharedStruct> {
        Ok(SharedStruct {
            key,
            value: format!("value {key}"),
        })
    }
}

impl CalculatorIface for Calc {
    fn ping(&self) -> Res<()> {
        Ok(())
    }

    /// `num2 == -1` makes a slow call: it sleeps `num1` ms and answers
    /// `num1`.
    fn add(&self, num1: i32, num2: i32) -> Res<i32> {
        if num2 == -1 {
            thread::sleep(Duration::from_millis(num1.max(0) as u64));
            return Ok(num1);
        }
        Ok(num1.wrapping_add(num2))
    }

    fn calculate(
        &self,
        logid: i32,
        w: Work,
    ) -> Res<i32, service_tests::calculator::CalculatorCalculateError> {
        if logid < 0 {
            return Err(Overloaded {
                retry_after_ms: -logid,
            }
            .into());
        }
        match w.op {
            Operation::ADD => Ok(w.num1 + w.num2),
            Operation::SUBTRACT => Ok(w.num1 - w.num2),
            Operation::MULTIPLY => Ok(w.num1 * w.num2),
            Operation::DIVIDE if w.num2 == 0 => Err(InvalidOperation {
                what_op: w.op.0,
                why: "Cannot divide by 0".into(),
            }
            .into()),
            Operation::DIVIDE => Ok(w.num1 / w.num2),
            other => Err(InvalidOperation {
                what_op: other.0,
                why: "Invalid operation".into(),
            }
            .into()),
        }
    }

    fn check(&self, n: i32) -> Res<(), CalculatorCheckError> {
        let problem = |why: &str| InvalidOperation {
            what_op: n,
            why: why.into(),
        };
        match n {
            n if n < 0 => Err(CallError::Declared(CalculatorCheckError::Low(problem(
                "too low",
            )))),
            n if n > 100 => Err(CallError::Declared(CalculatorCheckError::High(problem(
                "too high",
            )))),
            _ => Ok(()),
        }
    }

    fn many(
        &self,
        a: i8,
        b: i16,
        c: i32,
        d: i64,
        e: f64,
        f: bool,
        g: String,
        h: Vec<u8>,
        i: Vec<i32>,
        j: std::collections::BTreeMap<String, i32>,
    ) -> Res<String> {
        Ok(format!("{a} {b} {c} {d} {e} {f} {g} {h:?} {i:?} {j:?}"))
    }

    fn r#type(
        &self,
        r#match: String,
        self_: Option<i32>,
        connection: String,
    ) -> Res<service_tests::calculator::Result> {
        let value = r#match.len() as i64 + i64::from(self_.unwrap_or(-1)) + connection.len() as i64;
        Ok(service_tests::calculator::Result { value })
    }

    fn explode(&self, why: String) -> Res<i32> {
        panic!("{why}")
    }

    fn zip(&self, delay_ms: i32) -> Res<()> {
        thread::sleep(Duration::from_millis(delay_ms as u64));
        let _ = self.zipped.lock().unwrap().send(delay_ms);
        Ok(())
    }
}

impl ScientificCalculatorIface for Calc {
    fn sqrt(&self, x: f64) -> Res<f64, service_tests::calculator::ScientificCalculatorSqrtError> {
        if x < 0.0 {
            return Err(InvalidOperation {
                what_op: 0,
                why: "negative".into(),
            }
            .into());
        }
        Ok(x.sqrt())
    }
}

#[derive(Debug, Clone, Copy)]
pub enum Protocol {
    Binary,
    Compact,
}

#[derive(Debug, Clone, Copy)]
pub enum Transport {
    Buffered,
    Framed,
}

#[derive(Debug, Clone, Copy)]
pub struct Wire(pub Protocol, pub Transport);

pub const ALL_WIRES: [Wire; 4] = [
    Wire(Protocol::Binary, Transport::Buffered),
    Wire(Protocol::Binary, Transport::Framed),
    Wire(Protocol::Compact, Transport::Buffered),
    Wire(Protocol::Compact, Transport::Framed),
];

/// The protocol pair for one end of `channel`.
pub fn protocols<C: TIoChannel + Send + 'static>(channel: C, wire: Wire) -> (Input, Output) {
    let (r, w) = channel.split().expect("channel splits");
    let (read, write): (
        Box<dyn std::io::Read + Send>,
        Box<dyn std::io::Write + Send>,
    ) = match wire.1 {
        Transport::Buffered => (
            Box::new(TBufferedReadTransport::new(r)),
            Box::new(TBufferedWriteTransport::new(w)),
        ),
        Transport::Framed => (
            Box::new(TFramedReadTransport::new(r)),
            Box::new(TFramedWriteTransport::new(w)),
        ),
    };
    match wire.0 {
        Protocol::Binary => (
            Box::new(TBinaryInputProtocol::new(read, true)),
            Box::new(TBinaryOutputProtocol::new(write, true)),
        ),
        Protocol::Compact => (
            Box::new(TCompactInputProtocol::new(read)),
            Box::new(TCompactOutputProtocol::new(write)),
        ),
    }
}

pub type SharedProcessor = Arc<dyn TProcessor + Send + Sync>;

/// Serves one connection until the peer hangs up, as `TServer` does.
pub fn serve_connection(processor: SharedProcessor, mut input: Input, mut output: Output) {
    while processor.process(&mut *input, &mut *output).is_ok() {}
}

/// Listens on a free loopback port and serves `connections` connections,
/// each on its own thread; then stops listening.
pub fn serve_tcp(processor: SharedProcessor, wire: Wire, connections: usize) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let address = listener.local_addr().expect("bound address");
    thread::spawn(move || {
        for stream in listener.incoming().take(connections) {
            let Ok(stream) = stream else { continue };
            let (input, output) = protocols(TTcpChannel::with_stream(stream), wire);
            let processor = processor.clone();
            thread::spawn(move || serve_connection(processor, input, output));
        }
    });
    address
}

/// A client protocol pair connected to `address`.
pub fn connect_tcp(address: SocketAddr, wire: Wire) -> (Input, Output) {
    let mut channel = TTcpChannel::new();
    channel.open(address).expect("connect to loopback server");
    protocols(channel, wire)
}

/// A client protocol pair talking to `processor` over an in-process
/// socket pair (no network).
pub fn connect_in_process(processor: SharedProcessor, wire: Wire) -> (Input, Output) {
    let (client, server) = UnixStream::pair().expect("socket pair");
    let (input, output) = protocols(server, wire);
    thread::spawn(move || serve_connection(processor, input, output));
    protocols(client, wire)
}
