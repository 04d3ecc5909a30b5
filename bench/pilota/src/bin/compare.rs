//! The alternating measurement of all four stacks in one process:
//! `cargo run --release --bin compare` (see README.md).

use thriftgen_codec_bench::harness::{self, Config, CountingAlloc, Stack};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

fn main() {
    let all = thriftgen_pilota_bench::all();
    let stacks: Vec<&dyn Stack> = all.iter().map(|s| s.as_ref()).collect();
    println!("{}", harness::run(&stacks, Config::from_env()).markdown());
}
