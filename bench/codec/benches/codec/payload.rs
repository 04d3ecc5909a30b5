//! The body of `benches/codec.rs` (see there), built only when its subjects are.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::Criterion;
use thrift::protocol::TSerializable;
use thriftgen_codec_bench::apache_echo as apache;
use thriftgen_codec_bench::codec::{Protocol, decode, encode, encode_into};
use thriftgen_codec_bench::fixture::{apache_payload, thriftgen_payload};
use thriftgen_codec_bench::thriftgen_echo::echo as thriftgen;

const STACKS: [&str; 2] = ["thriftgen", "apache"];
const OPERATIONS: [&str; 2] = ["encode", "decode"];

fn bench_encode<T: TSerializable>(
    c: &mut Criterion,
    group: &str,
    stack: &str,
    value: &T,
    protocol: Protocol,
) {
    let mut buf = Vec::with_capacity(8 * 1024);
    c.benchmark_group(group).bench_function(stack, |b| {
        b.iter(|| {
            encode_into(black_box(value), protocol, &mut buf).unwrap();
            black_box(buf.len())
        })
    });
}

fn bench_decode<T: TSerializable>(
    c: &mut Criterion,
    group: &str,
    stack: &str,
    bytes: &[u8],
    protocol: Protocol,
) {
    c.benchmark_group(group).bench_function(stack, |b| {
        // `iter` drops each returned value inside the timed loop.
        b.iter(|| decode::<T>(black_box(bytes), protocol).unwrap())
    });
}

fn group_name(protocol: Protocol, operation: &str) -> String {
    format!("{}_{operation}", protocol.name())
}

fn run(c: &mut Criterion) {
    let ours = thriftgen_payload();
    let theirs = apache_payload();
    for protocol in Protocol::ALL {
        let encode_group = group_name(protocol, "encode");
        bench_encode(c, &encode_group, "thriftgen", &ours, protocol);
        bench_encode(c, &encode_group, "apache", &theirs, protocol);
        let bytes = encode(&ours, protocol).unwrap();
        let decode_group = group_name(protocol, "decode");
        bench_decode::<thriftgen::Payload>(c, &decode_group, "thriftgen", &bytes, protocol);
        bench_decode::<apache::Payload>(c, &decode_group, "apache", &bytes, protocol);
    }
}

/// `target/criterion`, found from this executable (`target/<profile>/deps/codec-*`)
/// so the summary reads what criterion wrote wherever the target dir is.
fn criterion_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the running benchmark has a path");
    let target = exe
        .ancestors()
        .nth(3)
        .expect("bench executables live in target/<profile>/deps");
    target.join("criterion")
}

/// The median of the last run of one benchmark, in nanoseconds.
fn median_ns(dir: &Path, group: &str, stack: &str) -> Option<f64> {
    let path = dir.join(group).join(stack).join("new/estimates.json");
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(path).ok()?).ok()?;
    json["median"]["point_estimate"].as_f64()
}

fn print_ratios(dir: &Path) {
    println!("\nmedian per operation, thriftgen vs Apache (ratio < 1: thriftgen faster)");
    println!(
        "| case | {} | {} | thriftgen/apache |",
        STACKS[0], STACKS[1]
    );
    println!("|---|---|---|---|");
    for protocol in Protocol::ALL {
        for operation in OPERATIONS {
            let group = group_name(protocol, operation);
            let [ours, theirs] = STACKS.map(|stack| median_ns(dir, &group, stack));
            match (ours, theirs) {
                (Some(ours), Some(theirs)) => println!(
                    "| {group} | {:.2} µs | {:.2} µs | {:.2} |",
                    ours / 1000.0,
                    theirs / 1000.0,
                    ours / theirs
                ),
                _ => println!("| {group} | (not run) | | |"),
            }
        }
    }
}

/// Rounds of the paired measurement; each times a batch of each stack.
const ROUNDS: usize = 31;
const BATCH: u32 = 200;

/// Median ns per call of `ours` and `theirs`, and the median of their
/// per-round ratio, alternating which goes first.
fn paired(mut ours: impl FnMut(), mut theirs: impl FnMut()) -> [f64; 3] {
    let time = |f: &mut dyn FnMut()| {
        let start = Instant::now();
        for _ in 0..BATCH {
            f();
        }
        start.elapsed().as_nanos() as f64 / f64::from(BATCH)
    };
    let mut rounds: Vec<[f64; 2]> = (0..ROUNDS)
        .map(|round| {
            if round % 2 == 0 {
                let a = time(&mut ours);
                [a, time(&mut theirs)]
            } else {
                let b = time(&mut theirs);
                [time(&mut ours), b]
            }
        })
        .collect();
    let mut median = |key: &dyn Fn(&[f64; 2]) -> f64| {
        rounds.sort_by(|x, y| key(x).total_cmp(&key(y)));
        key(&rounds[ROUNDS / 2])
    };
    [
        median(&|r| r[0]),
        median(&|r| r[1]),
        median(&|r| r[0] / r[1]),
    ]
}

fn print_paired() {
    println!("\npaired: {ROUNDS} alternating rounds of {BATCH} calls per stack; medians");
    println!("| case | thriftgen | apache | thriftgen/apache |");
    println!("|---|---|---|---|");
    let ours = thriftgen_payload();
    let theirs = apache_payload();
    for protocol in Protocol::ALL {
        let mut buf_ours = Vec::with_capacity(8 * 1024);
        let mut buf_theirs = Vec::with_capacity(8 * 1024);
        let encoded = paired(
            || encode_into(black_box(&ours), protocol, &mut buf_ours).unwrap(),
            || encode_into(black_box(&theirs), protocol, &mut buf_theirs).unwrap(),
        );
        let bytes = encode(&ours, protocol).unwrap();
        let decoded = paired(
            || {
                drop(black_box(
                    decode::<thriftgen::Payload>(black_box(&bytes), protocol).unwrap(),
                ))
            },
            || {
                drop(black_box(
                    decode::<apache::Payload>(black_box(&bytes), protocol).unwrap(),
                ))
            },
        );
        for (operation, [a, b, ratio]) in OPERATIONS.into_iter().zip([encoded, decoded]) {
            let group = group_name(protocol, operation);
            println!(
                "| {group} | {:.2} µs | {:.2} µs | {ratio:.2} |",
                a / 1000.0,
                b / 1000.0
            );
        }
    }
}

pub fn main() {
    let dir = criterion_dir();
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .output_directory(&dir)
        .configure_from_args();
    run(&mut c);
    c.final_summary();
    print_ratios(&dir);
    print_paired();
}
