//! One alternating measurement of several codec stacks on the standard
//! workload, in one process.
//!
//! Each [`Stack`] offers the four cases (binary and compact, encode and
//! decode). [`run`] first checks every case against Apache's code (what a
//! stack writes, Apache's code must read back as the workload's content;
//! what Apache's code writes, the stack must read as that content); a case
//! that fails the check is reported, not timed. Then it times the rest in
//! rounds: in each round every stack runs one batch of every case, in an
//! order rotated from round to round, so a change in machine load (a
//! shared 2-core machine) hits all stacks alike. A `memcpy` of the same
//! bytes runs in the rotation too, as the floor to compare against.
//!
//! Allocations are counted by [`CountingAlloc`] when the binary installs
//! it as its `#[global_allocator]`; it counts only while [`run`] asks it
//! to, outside the timed batches.

use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt::Write as _;
use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
use std::time::{Duration, Instant};

use crate::apache_echo as apache;
use crate::codec::{Protocol, decode_exact, encode};
use crate::fixture::{Spec, apache_payload, difference, spec, spec_of_apache};

/// The stack every ratio is relative to.
pub const BASELINE: &str = "apache";

/// What is timed: one operation in one protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// The workload's value encoded into a reused buffer.
    Encode,
    /// The workload's bytes (as Apache's code writes them) decoded, and the
    /// value dropped.
    Decode,
}

/// The four cases, in table order.
pub const CASES: [(Protocol, Operation); 4] = [
    (Protocol::Binary, Operation::Encode),
    (Protocol::Binary, Operation::Decode),
    (Protocol::Compact, Operation::Encode),
    (Protocol::Compact, Operation::Decode),
];

fn case_name((protocol, operation): (Protocol, Operation)) -> String {
    let operation = match operation {
        Operation::Encode => "encode",
        Operation::Decode => "decode",
    };
    format!("{} {operation}", protocol.name())
}

/// One codec stack: generated code plus the protocols it runs on.
///
/// `encode` and `decode` serve the correctness check; `encoder` and
/// `decoder` return what is timed, with any buffers they reuse set up
/// beforehand. The timed closures may panic on errors: they only run for
/// cases whose check passed.
pub trait Stack {
    fn name(&self) -> &str;
    /// The workload's value (built once by the stack) encoded.
    fn encode(&self, protocol: Protocol) -> Result<Vec<u8>, String>;
    /// `bytes` decoded, described as a [`Spec`] (maps in key order).
    fn decode(&self, protocol: Protocol, bytes: &[u8]) -> Result<Spec, String>;
    /// Encodes the workload's value once into a buffer it reuses; returns
    /// the encoded length.
    fn encoder(&self, protocol: Protocol) -> Box<dyn FnMut() -> usize + '_>;
    /// Decodes `bytes` once and drops the value.
    fn decoder<'a>(&'a self, protocol: Protocol, bytes: &'a [u8]) -> Box<dyn FnMut() + 'a>;
}

/// The workload's bytes as Apache's code writes them (the decode input of
/// every stack).
pub fn apache_bytes(protocol: Protocol) -> Vec<u8> {
    encode(&apache_payload(), protocol).expect("Apache's code encodes the workload")
}

/// Whether `stack` gets a case right. `Err` is the table cell explaining
/// why not: `fails: <error>` or `wrong bytes: <what differs>`.
pub fn check(
    stack: &dyn Stack,
    (protocol, operation): (Protocol, Operation),
) -> Result<(), String> {
    let expected = spec();
    match operation {
        // Content, not bytes: a stack with hash maps writes entries in
        // another order than Apache's sorted maps, and that is valid.
        Operation::Encode => {
            let bytes = stack.encode(protocol).map_err(|e| format!("fails: {e}"))?;
            let read: apache::Payload = decode_exact(&bytes, protocol)
                .map_err(|e| format!("wrong bytes: Apache's code cannot read them: {e}"))?;
            match difference(&expected, &spec_of_apache(&read)) {
                None => Ok(()),
                Some(diff) => Err(format!("wrong bytes: Apache's code reads {diff}")),
            }
        }
        Operation::Decode => {
            let read = stack
                .decode(protocol, &apache_bytes(protocol))
                .map_err(|e| format!("fails: {e}"))?;
            match difference(&expected, &read) {
                None => Ok(()),
                Some(diff) => Err(format!("wrong value: {diff}")),
            }
        }
    }
}

/// A global allocator counting allocations (`alloc`, `alloc_zeroed` and
/// `realloc` calls) while counting is on; otherwise it is `System` plus
/// one relaxed load, so it barely touches the timed batches.
///
/// ```ignore
/// #[global_allocator]
/// static ALLOC: thriftgen_codec_bench::harness::CountingAlloc = thriftgen_codec_bench::harness::CountingAlloc;
/// ```
pub struct CountingAlloc;

static COUNTING: AtomicBool = AtomicBool::new(false);
static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static ALLOCATED_BYTES: AtomicU64 = AtomicU64::new(0);

impl CountingAlloc {
    fn count(size: usize) {
        if COUNTING.load(Relaxed) {
            ALLOCATIONS.fetch_add(1, Relaxed);
            ALLOCATED_BYTES.fetch_add(size as u64, Relaxed);
        }
    }

    /// Allocations and bytes requested while running `f`, or `None` when
    /// this allocator is not the program's global allocator.
    pub fn measure(f: impl FnOnce()) -> Option<(u64, u64)> {
        let before = (ALLOCATIONS.load(Relaxed), ALLOCATED_BYTES.load(Relaxed));
        COUNTING.store(true, Relaxed);
        // Proves the allocator is installed: this allocation must count.
        drop(black_box(Box::new(0u8)));
        f();
        COUNTING.store(false, Relaxed);
        let after = (ALLOCATIONS.load(Relaxed), ALLOCATED_BYTES.load(Relaxed));
        let probe = (1, 1);
        match after.0 - before.0 {
            0 => None,
            n => Some((n - probe.0, after.1 - before.1 - probe.1)),
        }
    }
}

// SAFETY: every call is forwarded unchanged to `System`.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        Self::count(layout.size());
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        Self::count(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        Self::count(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// How long to measure.
#[derive(Debug, Clone, Copy)]
pub struct Config {
    /// Rounds; each times one batch of every case of every stack.
    pub rounds: usize,
    /// About how long one batch takes (its size is calibrated per case).
    pub batch: Duration,
}

impl Config {
    /// 61 rounds of 5 ms batches, or `$CODEC_BENCH_ROUNDS` and
    /// `$CODEC_BENCH_BATCH_MS`.
    pub fn from_env() -> Config {
        let var = |name: &str, default: u64| {
            std::env::var(name)
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(default)
        };
        Config {
            rounds: var("CODEC_BENCH_ROUNDS", 61).max(1) as usize,
            batch: Duration::from_millis(var("CODEC_BENCH_BATCH_MS", 5).max(1)),
        }
    }
}

/// One row of the measurement: a stack, or the memcpy reference.
struct Row<'a> {
    name: String,
    /// Per case: the timed operation, or why the case is not timed.
    cases: Vec<Result<Box<dyn FnMut() + 'a>, String>>,
    /// Per case: allocations and bytes per operation, when counted.
    allocations: Vec<Option<(f64, f64)>>,
    /// Per case: ns per operation of each round.
    samples: Vec<Vec<f64>>,
}

/// The measurement's result, printable as markdown ([`Report::markdown`]).
pub struct Report {
    config: Config,
    rows: Vec<(String, Vec<Cell>)>,
    memcpy: Vec<Vec<f64>>,
    allocations_counted: bool,
}

struct Cell {
    outcome: Result<Vec<f64>, String>,
    allocations: Option<(f64, f64)>,
}

/// Calls of `f` that take about `target`.
fn calibrate(f: &mut dyn FnMut(), target: Duration) -> u32 {
    // Warm-up (caches, buffers grown to size), then one timed guess.
    for _ in 0..3 {
        f();
    }
    let calls = 10;
    let start = Instant::now();
    for _ in 0..calls {
        f();
    }
    let per_call = start.elapsed().as_secs_f64() / f64::from(calls);
    (target.as_secs_f64() / per_call.max(1e-9)).clamp(1.0, 1e6) as u32
}

fn time_batch(f: &mut dyn FnMut(), calls: u32) -> f64 {
    let start = Instant::now();
    for _ in 0..calls {
        f();
    }
    start.elapsed().as_nanos() as f64 / f64::from(calls)
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted[sorted.len() / 2]
}

/// Checks, then measures, `stacks` (one of them named [`BASELINE`] for the
/// ratios) alternating, as `config` says. Progress goes to stderr.
pub fn run(stacks: &[&dyn Stack], config: Config) -> Report {
    let inputs: Vec<Vec<u8>> = Protocol::ALL.into_iter().map(apache_bytes).collect();
    let input = |protocol: Protocol| &inputs[protocol as usize];
    let mut rows: Vec<Row> = Vec::new();
    for &stack in stacks {
        let mut row = Row {
            name: stack.name().to_owned(),
            cases: Vec::new(),
            allocations: Vec::new(),
            samples: vec![Vec::new(); CASES.len()],
        };
        for case in CASES {
            let checked = check(stack, case).map(|()| {
                let (protocol, operation) = case;
                let timed: Box<dyn FnMut()> = match operation {
                    Operation::Encode => {
                        let mut encode = stack.encoder(protocol);
                        Box::new(move || {
                            black_box(encode());
                        })
                    }
                    Operation::Decode => stack.decoder(protocol, input(protocol)),
                };
                timed
            });
            if let Err(why) = &checked {
                eprintln!("{} {}: {why}", stack.name(), case_name(case));
            }
            row.cases.push(checked);
        }
        rows.push(row);
    }
    // The floor: the same bytes copied into a reused buffer, once per case
    // so each case's column has its own reference from the same rounds.
    let mut memcpy = Row {
        name: "memcpy".to_owned(),
        cases: Vec::new(),
        allocations: Vec::new(),
        samples: vec![Vec::new(); CASES.len()],
    };
    for (protocol, _) in CASES {
        let source = input(protocol);
        let mut copy = vec![0u8; source.len()];
        memcpy.cases.push(Ok(Box::new(move || {
            copy.copy_from_slice(black_box(source));
            black_box(&mut copy);
        })));
    }
    rows.push(memcpy);

    // Allocations per operation, outside any timing.
    const COUNTED: u32 = 16;
    let mut counted = false;
    for row in &mut rows {
        for case in &mut row.cases {
            let per_op = case.as_mut().ok().and_then(|f| {
                f(); // warm (buffers reach their size)
                let (calls, bytes) = CountingAlloc::measure(|| {
                    for _ in 0..COUNTED {
                        f();
                    }
                })?;
                Some((
                    calls as f64 / f64::from(COUNTED),
                    bytes as f64 / f64::from(COUNTED),
                ))
            });
            counted |= per_op.is_some();
            row.allocations.push(per_op);
        }
    }

    let batches: Vec<Vec<u32>> = rows
        .iter_mut()
        .map(|row| {
            row.cases
                .iter_mut()
                .map(|case| case.as_mut().map_or(0, |f| calibrate(f, config.batch)))
                .collect()
        })
        .collect();
    eprintln!(
        "timing {} rows x {} cases, {} rounds of ~{:?} batches",
        rows.len(),
        CASES.len(),
        config.rounds,
        config.batch
    );
    for round in 0..config.rounds {
        for (case, _) in CASES.iter().enumerate() {
            for k in 0..rows.len() {
                // Rotated per round and per case: no row is always first.
                let r = (k + round + case) % rows.len();
                let row = &mut rows[r];
                if let Ok(f) = &mut row.cases[case] {
                    let ns = time_batch(f, batches[r][case]);
                    row.samples[case].push(ns);
                }
            }
        }
    }

    let memcpy = rows.pop().expect("the memcpy row").samples;
    Report {
        config,
        allocations_counted: counted,
        memcpy,
        rows: rows
            .into_iter()
            .map(|row| {
                let cells = row
                    .cases
                    .into_iter()
                    .zip(row.samples)
                    .zip(row.allocations)
                    .map(|((case, samples), allocations)| Cell {
                        outcome: case.map(|_| samples),
                        allocations,
                    })
                    .collect();
                (row.name, cells)
            })
            .collect(),
    }
}

fn thousands(n: f64) -> String {
    let digits = format!("{:.0}", n);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Markdown table cells may not contain `|` or newlines.
fn cell_text(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

impl Report {
    /// Median ns per operation of `stack` in case `case` (an index into
    /// [`CASES`]), when it was timed.
    pub fn median_ns(&self, stack: &str, case: usize) -> Option<f64> {
        let (_, cells) = self.rows.iter().find(|(name, _)| name == stack)?;
        cells[case].outcome.as_ref().ok().map(|s| median(s))
    }

    /// Median over rounds of `stack`'s time divided by `other`'s in the
    /// same round: the load both saw cancels out.
    fn paired_ratio(&self, a: &[f64], b: &[f64]) -> f64 {
        let ratios: Vec<f64> = a.iter().zip(b).map(|(a, b)| a / b).collect();
        median(&ratios)
    }

    fn samples(&self, stack: &str, case: usize) -> Option<&[f64]> {
        let (_, cells) = self.rows.iter().find(|(name, _)| name == stack)?;
        cells[case].outcome.as_deref().ok()
    }

    /// Tables of ns per operation with ratios to Apache, multiples of a
    /// memcpy of the same bytes, and allocations per operation.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let header = |out: &mut String, first: &str| {
            let names: Vec<String> = CASES.into_iter().map(case_name).collect();
            let _ = writeln!(out, "| {first} | {} |", names.join(" | "));
            let _ = writeln!(out, "|---|{}", "---|".repeat(CASES.len()));
        };
        let _ = writeln!(
            out,
            "ns per operation, median of {} alternating rounds (~{:?} batches); \
             in parentheses the median per-round ratio to {BASELINE} (< 1: faster)\n",
            self.config.rounds, self.config.batch
        );
        header(&mut out, "stack");
        for (name, cells) in &self.rows {
            let row: Vec<String> = cells
                .iter()
                .enumerate()
                .map(|(case, cell)| match &cell.outcome {
                    Err(why) => cell_text(why),
                    Ok(samples) => match self.samples(BASELINE, case) {
                        Some(base) => format!(
                            "{} ({:.2})",
                            thousands(median(samples)),
                            self.paired_ratio(samples, base)
                        ),
                        None => thousands(median(samples)),
                    },
                })
                .collect();
            let _ = writeln!(out, "| {name} | {} |", row.join(" | "));
        }
        let sizes: Vec<String> = CASES
            .into_iter()
            .zip(&self.memcpy)
            .map(|((protocol, _), samples)| {
                format!(
                    "{} ({} B)",
                    thousands(median(samples)),
                    thousands(apache_bytes(protocol).len() as f64)
                )
            })
            .collect();
        let _ = writeln!(out, "| memcpy of the bytes | {} |", sizes.join(" | "));

        let _ = writeln!(
            out,
            "\ntimes a memcpy of the same bytes (median per-round ratio)\n"
        );
        header(&mut out, "stack");
        for (name, cells) in &self.rows {
            let row: Vec<String> = cells
                .iter()
                .zip(&self.memcpy)
                .map(|(cell, memcpy)| match &cell.outcome {
                    Err(_) => "—".to_owned(),
                    Ok(samples) => format!("{:.0}×", self.paired_ratio(samples, memcpy)),
                })
                .collect();
            let _ = writeln!(out, "| {name} | {} |", row.join(" | "));
        }

        let _ = writeln!(out, "\nallocations per operation (bytes requested)\n");
        if !self.allocations_counted {
            let _ = writeln!(
                out,
                "(not counted: the binary does not install harness::CountingAlloc)"
            );
            return out;
        }
        header(&mut out, "stack");
        for (name, cells) in &self.rows {
            let row: Vec<String> = cells
                .iter()
                .map(|cell| match (&cell.outcome, cell.allocations) {
                    (Ok(_), Some((calls, bytes))) => {
                        format!("{calls:.0} ({} B)", thousands(bytes))
                    }
                    _ => "—".to_owned(),
                })
                .collect();
            let _ = writeln!(out, "| {name} | {} |", row.join(" | "));
        }
        out
    }
}

/// The body of a profiling binary (`examples/codec_case`,
/// `bench/pilota`'s `case`): runs one case of one of `stacks` in a loop,
/// for counters that do not depend on machine load (`valgrind
/// --tool=callgrind`, `perf stat -e instructions`). Arguments:
/// `<stack> <binary|compact> <encode|decode> [iterations, default 10000]`.
///
/// Returns the exit code: 0, 2 for bad arguments, 3 when the stack gets
/// the case wrong (the check runs first, with 0 iterations too, so it
/// cancels out of a difference of two runs).
pub fn case_main(stacks: &[&dyn Stack]) -> i32 {
    let names: Vec<&str> = stacks.iter().map(|s| s.name()).collect();
    let usage = format!(
        "usage: <{}> <binary|compact> <encode|decode> [iterations]",
        names.join("|")
    );
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize| args.get(i).map(String::as_str);
    let stack = stacks.iter().find(|s| Some(s.name()) == arg(0));
    let protocol = match arg(1) {
        Some("binary") => Some(Protocol::Binary),
        Some("compact") => Some(Protocol::Compact),
        _ => None,
    };
    let operation = match arg(2) {
        Some("encode") => Some(Operation::Encode),
        Some("decode") => Some(Operation::Decode),
        _ => None,
    };
    let iterations: Option<u64> = match arg(3) {
        Some(n) => n.parse().ok(),
        None => Some(10_000),
    };
    if let (Some(name), None) = (arg(0), stack) {
        eprintln!(
            "no stack {name} in this binary (it has {})",
            names.join(", ")
        );
        return 2;
    }
    let (Some(stack), Some(protocol), Some(operation), Some(iterations)) =
        (stack, protocol, operation, iterations)
    else {
        eprintln!("{usage}");
        return 2;
    };
    if let Err(why) = check(*stack, (protocol, operation)) {
        eprintln!(
            "{} {}: {why}",
            stack.name(),
            case_name((protocol, operation))
        );
        return 3;
    }
    let bytes = apache_bytes(protocol);
    let mut run: Box<dyn FnMut()> = match operation {
        Operation::Encode => {
            let mut encode = stack.encoder(protocol);
            Box::new(move || {
                black_box(encode());
            })
        }
        Operation::Decode => stack.decoder(protocol, &bytes),
    };
    for _ in 0..iterations {
        run();
    }
    0
}
