//! One case of one stack in a loop, for callgrind (instructions.sh):
//! `case <thriftgen|thriftgen-thrift|apache|pilota> <binary|compact> <encode|decode> [iterations]`.

use thriftgen_codec_bench::harness::{Stack, case_main};

fn main() {
    let all = thriftgen_pilota_bench::all();
    let stacks: Vec<&dyn Stack> = all.iter().map(|s| s.as_ref()).collect();
    std::process::exit(case_main(&stacks));
}
