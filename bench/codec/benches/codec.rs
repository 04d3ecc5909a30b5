//! Codec benchmark on the standard workload: the stacks this workspace can
//! build (thriftgen's own codec, thriftgen through the `thrift` crate,
//! Apache's generated code), encode and decode, binary and compact, into a
//! reused in-memory buffer; decode includes dropping the value.
//!
//! `cargo bench -p thriftgen-codec-bench` prints the alternating
//! measurement of `thriftgen_codec_bench::harness` (ns per operation,
//! ratios to Apache, multiples of a memcpy, allocations per operation);
//! `$CODEC_BENCH_ROUNDS` and `$CODEC_BENCH_BATCH_MS` size it. With
//! `CODEC_BENCH_CRITERION=1` criterion then measures each case on its own
//! too (its flags after `--bench codec --`).

#[cfg(not(codec_bench_unavailable))]
#[path = "codec/payload.rs"]
mod payload;

#[cfg(not(codec_bench_unavailable))]
#[global_allocator]
static ALLOC: thriftgen_codec_bench::harness::CountingAlloc =
    thriftgen_codec_bench::harness::CountingAlloc;

fn main() {
    #[cfg(not(codec_bench_unavailable))]
    payload::main();
    #[cfg(codec_bench_unavailable)]
    eprintln!(
        "codec bench: nothing to measure: {}",
        thriftgen_codec_bench::UNAVAILABLE.unwrap_or("unknown reason")
    );
}
