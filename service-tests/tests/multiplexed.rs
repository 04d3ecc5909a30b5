//! Generated processors inside `TMultiplexedProcessor`, clients through
//! `TMultiplexedOutputProtocol`.

mod support;

use std::sync::Arc;

use service_tests::calculator::{
    CalculatorClient, CalculatorIface, CalculatorProcessor, ScientificCalculatorClient,
    ScientificCalculatorIface, ScientificCalculatorProcessor,
};
use service_tests::shared::{SharedServiceClient, SharedServiceIface, SharedServiceProcessor};
use support::{ALL_WIRES, Calc, connect_tcp, serve_tcp};
use thriftgen_runtime::CallError;
use thriftgen_runtime::thrift::protocol::TMultiplexedOutputProtocol;
use thriftgen_runtime::thrift::server::TMultiplexedProcessor;
use thriftgen_runtime::thrift::{self, ApplicationErrorKind};

fn multiplexer() -> TMultiplexedProcessor {
    let calc = Arc::new(Calc::new().0);
    let mut mux = TMultiplexedProcessor::new();
    mux.register(
        "Calculator",
        Box::new(CalculatorProcessor::new(calc.clone())),
        false,
    )
    .unwrap();
    mux.register(
        "Scientific",
        Box::new(ScientificCalculatorProcessor::new(calc.clone())),
        false,
    )
    .unwrap();
    mux.register("Shared", Box::new(SharedServiceProcessor::new(calc)), true)
        .unwrap();
    mux
}

#[test]
fn each_service_is_reached_by_its_name_over_every_wire() {
    for wire in ALL_WIRES {
        let address = serve_tcp(Arc::new(multiplexer()), wire, 4);

        let (i, o) = connect_tcp(address, wire);
        let calculator = CalculatorClient::new(i, TMultiplexedOutputProtocol::new("Calculator", o));
        assert_eq!(calculator.add(3, 4).unwrap(), 7, "{wire:?}");
        assert_eq!(calculator.get_struct(5).unwrap().key, 5);

        let (i, o) = connect_tcp(address, wire);
        let scientific =
            ScientificCalculatorClient::new(i, TMultiplexedOutputProtocol::new("Scientific", o));
        assert_eq!(scientific.sqrt(25.0).unwrap(), 5.0);
        assert_eq!(scientific.add(1, 1).unwrap(), 2);

        // Without a prefix, the default processor answers.
        let (i, o) = connect_tcp(address, wire);
        assert_eq!(SharedServiceClient::new(i, o).get_struct(9).unwrap().key, 9);

        // A method the named service lacks is UNKNOWN_METHOD, not a hang.
        let (i, o) = connect_tcp(address, wire);
        let wrong =
            ScientificCalculatorClient::new(i, TMultiplexedOutputProtocol::new("Calculator", o));
        match wrong.sqrt(1.0) {
            Err(CallError::Thrift(thrift::Error::Application(e))) => {
                assert_eq!(e.kind, ApplicationErrorKind::UnknownMethod)
            }
            other => panic!("{wire:?}: expected UnknownMethod, got {other:?}"),
        }
        assert_eq!(wrong.add(2, 2).unwrap(), 4);
    }
}
