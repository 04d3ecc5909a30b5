//! The body of `benches/codec.rs` (see there), built only when its subjects are.

use std::time::Duration;

use criterion::Criterion;
use thriftgen_codec_bench::harness::{self, CASES, Config, Operation, Stack, apache_bytes};
use thriftgen_codec_bench::stacks;

/// Each case of each stack on its own, one after the other: criterion's
/// statistics, but a change in machine load lands on whichever case runs
/// at the time (the alternating table does not have that problem).
fn criterion(stacks: &[&dyn Stack]) {
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    for (protocol, operation) in CASES {
        let bytes = apache_bytes(protocol);
        let group = format!("{}_{operation:?}", protocol.name()).to_lowercase();
        let mut group = c.benchmark_group(group);
        for &stack in stacks {
            if harness::check(stack, (protocol, operation)).is_err() {
                continue; // the table says why
            }
            match operation {
                Operation::Encode => {
                    let mut encode = stack.encoder(protocol);
                    group.bench_function(stack.name(), |b| b.iter(&mut encode));
                }
                Operation::Decode => {
                    let mut decode = stack.decoder(protocol, &bytes);
                    group.bench_function(stack.name(), |b| b.iter(&mut decode));
                }
            }
        }
        group.finish();
    }
    c.final_summary();
}

pub fn main() {
    let all = stacks::all();
    let stacks: Vec<&dyn Stack> = all.iter().map(|s| s.as_ref()).collect();
    let report = harness::run(&stacks, Config::from_env());
    println!("{}", report.markdown());
    if std::env::var("CODEC_BENCH_CRITERION").is_ok_and(|v| v == "1") {
        criterion(&stacks);
    }
}
