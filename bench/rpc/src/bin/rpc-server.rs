//! `rpc-server`: see `thriftgen_rpc_bench::server`.

#[cfg(not(rpc_bench_unavailable))]
fn main() -> std::io::Result<()> {
    thriftgen_rpc_bench::server::main()
}

#[cfg(rpc_bench_unavailable)]
fn main() -> std::process::ExitCode {
    thriftgen_rpc_bench::refuse("rpc-server")
}
