//! `cross-client`: calls every ThriftTest method through thriftgen's
//! generated client (see `crosstest::client`).

fn main() -> std::process::ExitCode {
    crosstest::client::main()
}
