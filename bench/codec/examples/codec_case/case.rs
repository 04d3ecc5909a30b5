//! The body of `examples/codec_case.rs` (see there), built only when its subjects are.

use thriftgen_codec_bench::harness::{Stack, case_main};
use thriftgen_codec_bench::stacks;

pub fn main() {
    let all = stacks::all();
    let stacks: Vec<&dyn Stack> = all.iter().map(|s| s.as_ref()).collect();
    std::process::exit(case_main(&stacks));
}
