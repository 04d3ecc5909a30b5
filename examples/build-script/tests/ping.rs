//! The code build.rs generated works: a client calls a server through the
//! generated `RemotePingService` over TCP.

use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;

use thriftgen_example_build::generated::ping::{
    RemotePingServiceClient, RemotePingServiceIface, RemotePingServiceProcessor,
};
use thriftgen_runtime::CallError;
use thriftgen_runtime::thrift::protocol::{TBinaryInputProtocol, TBinaryOutputProtocol};
use thriftgen_runtime::thrift::server::TProcessor;
use thriftgen_runtime::thrift::transport::{
    TBufferedReadTransport, TBufferedWriteTransport, TIoChannel, TTcpChannel,
};

/// Records the length of every ping it receives.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<i32>>>);

impl RemotePingServiceIface for Recorder {
    fn ping(&self, length: i32) -> Result<(), CallError> {
        self.0.lock().unwrap().push(length);
        Ok(())
    }
}

/// Serves one connection until the client hangs up.
fn serve_one(listener: TcpListener, processor: RemotePingServiceProcessor<Recorder>) {
    let (stream, _) = listener.accept().unwrap();
    let (read, write) = TTcpChannel::with_stream(stream).split().unwrap();
    let mut input = TBinaryInputProtocol::new(TBufferedReadTransport::new(read), true);
    let mut output = TBinaryOutputProtocol::new(TBufferedWriteTransport::new(write), true);
    while processor.process(&mut input, &mut output).is_ok() {}
}

#[test]
fn a_client_pings_a_server_through_the_generated_code() {
    let recorder = Recorder::default();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let processor = RemotePingServiceProcessor::new(recorder.clone());
    let server = thread::spawn(move || serve_one(listener, processor));

    let stream = TcpStream::connect(address).unwrap();
    let (read, write) = TTcpChannel::with_stream(stream).split().unwrap();
    let client = RemotePingServiceClient::new(
        TBinaryInputProtocol::new(TBufferedReadTransport::new(read), true),
        TBinaryOutputProtocol::new(TBufferedWriteTransport::new(write), true),
    );
    client.ping(64).unwrap();
    client.ping(1024).unwrap();
    drop(client);
    server.join().unwrap();

    assert_eq!(*recorder.0.lock().unwrap(), [64, 1024]);
}
