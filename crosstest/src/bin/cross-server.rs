//! `cross-server`: the ThriftTest server built on thriftgen's generated code
//! (see `crosstest::server`).

fn main() -> std::process::ExitCode {
    crosstest::server::main()
}
