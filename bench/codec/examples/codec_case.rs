//! Runs one benchmark case in a loop, for profilers whose counts do not
//! depend on machine load (`valgrind --tool=callgrind`, `perf stat -e
//! instructions`):
//!
//! `cargo run --release -p thriftgen-codec-bench --example codec_case -- <thriftgen|thriftgen-thrift|apache> <binary|compact> <encode|decode> [iterations]`
//!
//! The case is checked first (`harness::check`); a case the stack gets
//! wrong exits with status 3 and the reason. `instructions.sh` runs it.

#[cfg(not(codec_bench_unavailable))]
#[path = "codec_case/case.rs"]
mod case;

fn main() {
    #[cfg(not(codec_bench_unavailable))]
    case::main();
    #[cfg(codec_bench_unavailable)]
    eprintln!(
        "codec_case: nothing to measure: {}",
        thriftgen_codec_bench::UNAVAILABLE.unwrap_or("unknown reason")
    );
}
