//! Codec benchmark on the standard workload: thriftgen's generated code
//! against Apache's, encode and decode, binary and compact, into a reused
//! in-memory buffer. Decode includes dropping the value.
//!
//! `cargo bench -p thriftgen-codec-bench` (1 s warm-up, 3 s measurement
//! per case; criterion's flags, e.g. `-- --measurement-time 10`, override).
//! Ends with two tables of thriftgen/Apache ratios: criterion's medians
//! (each case measured after the other), and a paired measurement that
//! alternates the stacks batch by batch, so a change in machine load (other
//! builds on a shared 2-core machine) hits both stacks alike.

#[cfg(not(codec_bench_unavailable))]
#[path = "codec/payload.rs"]
mod payload;

fn main() {
    #[cfg(not(codec_bench_unavailable))]
    payload::main();
    #[cfg(codec_bench_unavailable)]
    eprintln!(
        "codec bench: nothing to measure: {}",
        thriftgen_codec_bench::UNAVAILABLE.unwrap_or("unknown reason")
    );
}
