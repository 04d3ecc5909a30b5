//! `rpc-client`: see `thriftgen_rpc_bench::client`.

#[cfg(not(rpc_bench_unavailable))]
fn main() -> std::process::ExitCode {
    thriftgen_rpc_bench::client::main()
}

#[cfg(rpc_bench_unavailable)]
fn main() -> std::process::ExitCode {
    thriftgen_rpc_bench::refuse("rpc-client")
}
