//! `sync-client`: see `thriftgen_rpc_bench::sync`.

#[cfg(not(rpc_bench_unavailable))]
fn main() -> std::process::ExitCode {
    thriftgen_rpc_bench::sync::client_main()
}

#[cfg(rpc_bench_unavailable)]
fn main() -> std::process::ExitCode {
    thriftgen_rpc_bench::refuse("sync-client")
}
