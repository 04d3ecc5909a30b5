//! `batch-bench`: see `thriftgen_rpc_bench::batch`.

#[cfg(not(rpc_bench_unavailable))]
fn main() -> std::process::ExitCode {
    thriftgen_rpc_bench::batch::main()
}

#[cfg(rpc_bench_unavailable)]
fn main() -> std::process::ExitCode {
    thriftgen_rpc_bench::refuse("batch-bench")
}
