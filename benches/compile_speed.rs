//! Compiler speed: the release `thriftgen` binary against Apache's
//! `thrift -r --gen rs`, whole process against whole process, on the same
//! files with the same `-I` directories (the method of
//! ../shared/corpus/BASELINE.md, plus `-r` so both generate the included
//! files).
//!
//! Run: `cargo build --release && cargo bench --bench compile_speed`
//! Env: `BENCH_CORPUS_RUNS` (default 3), `BENCH_FILE_RUNS` (default 20),
//! `THRIFT` (Apache compiler, default `thrift`).

#[path = "../tests/support/corpus.rs"]
mod corpus;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use corpus::Expect;

/// Single files measured on their own: the largest file of the corpus and
/// the ones BASELINE.md singles out.
const SINGLE_FILES: &[&str] = &[
    "evernote-thrift/src/NoteStore.thrift",
    "airavata/thrift-interface-descriptions/airavata-apis/airavata_api.thrift",
    "hive-metastore-clients/thrift/hive_metastore.thrift",
    "thrift/test/v0.16/ThriftTest.thrift",
];

#[derive(Clone, Copy)]
enum Tool {
    Thriftgen,
    Apache,
}

impl Tool {
    fn command(self, corpus: &Path, file: &str, out: &Path) -> Command {
        let includes = corpus::include_dirs_for(file)
            .iter()
            .map(|d| corpus.join(d));
        let mut command = match self {
            Tool::Thriftgen => {
                let mut c = Command::new(env!("CARGO_BIN_EXE_thriftgen"));
                for dir in includes {
                    c.arg("-I").arg(dir);
                }
                c.arg("-o").arg(out);
                c
            }
            Tool::Apache => {
                let mut c = Command::new(std::env::var("THRIFT").unwrap_or("thrift".into()));
                // `-r`: thriftgen always generates every included file
                // too (one module each), so Apache must do the same work.
                // BASELINE.md timed Apache without it.
                c.args(["-r", "--gen", "rs"]);
                for dir in includes {
                    c.arg("-I").arg(dir);
                }
                c.arg("-out").arg(out);
                c
            }
        };
        command
            .arg(corpus.join(file))
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        command
    }
}

/// User plus system CPU time of every waited-for child process so far.
/// Wall time is the target; CPU time shows what using both cores costs.
fn children_cpu_time() -> Duration {
    // SAFETY: `getrusage` only writes the struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage);
        usage
    };
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    time(usage.ru_utime) + time(usage.ru_stime)
}

/// Wall time and CPU time of one sequential pass, one process per file,
/// each writing into its own fresh output directory; plus how many
/// processes failed.
fn run_pass(tool: Tool, corpus: &Path, files: &[String]) -> (Duration, Duration, usize) {
    let scratch = tempfile::tempdir().expect("temp dir");
    let outs: Vec<PathBuf> = (0..files.len())
        .map(|i| {
            let dir = scratch.path().join(i.to_string());
            std::fs::create_dir(&dir).expect("output dir");
            dir
        })
        .collect();
    let cpu_before = children_cpu_time();
    let started = Instant::now();
    let failed = files
        .iter()
        .zip(&outs)
        .filter(|(file, out)| {
            let status = tool.command(corpus, file, out).status();
            !status.is_ok_and(|s| s.success())
        })
        .count();
    (started.elapsed(), children_cpu_time() - cpu_before, failed)
}

struct Measure {
    name: String,
    thriftgen: Vec<Duration>,
    apache: Vec<Duration>,
    /// Total CPU time over all runs, per tool.
    cpu: (Duration, Duration),
    failures: (usize, usize),
}

/// Alternates the two tools run by run so background load hits both alike.
fn measure(name: String, corpus: &Path, files: &[String], runs: usize) -> Measure {
    let mut m = Measure {
        name,
        thriftgen: Vec::new(),
        apache: Vec::new(),
        cpu: (Duration::ZERO, Duration::ZERO),
        failures: (0, 0),
    };
    for _ in 0..runs {
        let (time, cpu, failed) = run_pass(Tool::Thriftgen, corpus, files);
        m.thriftgen.push(time);
        m.cpu.0 += cpu;
        m.failures.0 = failed;
        let (time, cpu, failed) = run_pass(Tool::Apache, corpus, files);
        m.apache.push(time);
        m.cpu.1 += cpu;
        m.failures.1 = failed;
    }
    m
}

fn median(times: &[Duration]) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    sorted[sorted.len() / 2]
}

fn spread(times: &[Duration]) -> String {
    let min = times.iter().min().unwrap().as_secs_f64();
    let max = times.iter().max().unwrap().as_secs_f64();
    format!("{min:.3}–{max:.3}")
}

fn print_table(measures: &[Measure]) {
    println!(
        "| measure | runs | thriftgen median s (min–max) | apache median s (min–max) | thriftgen/apache (wall) | thriftgen/apache (CPU) | failing processes per pass (thriftgen, apache) |"
    );
    println!("|---|---:|---:|---:|---:|---:|---|");
    for m in measures {
        let (ours, theirs) = (median(&m.thriftgen), median(&m.apache));
        println!(
            "| {} | {} | {:.3} ({}) | {:.3} ({}) | {:.2} | {:.2} | {}, {} |",
            m.name,
            m.thriftgen.len(),
            ours.as_secs_f64(),
            spread(&m.thriftgen),
            theirs.as_secs_f64(),
            spread(&m.apache),
            ours.as_secs_f64() / theirs.as_secs_f64(),
            m.cpu.0.as_secs_f64() / m.cpu.1.as_secs_f64(),
            m.failures.0,
            m.failures.1,
        );
    }
}

fn runs_from_env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(default)
}

fn main() {
    // `cargo test --benches` runs this too; only time under `cargo bench`.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let corpus = corpus::corpus_dir();
    if corpus::skip_without_corpus(&corpus) {
        return;
    }
    let accepted: Vec<String> = corpus::expected_entries(&corpus)
        .expect("EXPECTED.tsv")
        .into_iter()
        .filter(|e| e.expect == Expect::Accept)
        .map(|e| e.path)
        .collect();
    let corpus_runs = runs_from_env("BENCH_CORPUS_RUNS", 3);
    let file_runs = runs_from_env("BENCH_FILE_RUNS", 20);

    let mut measures = vec![measure(
        format!(
            "whole accepted corpus ({} files, one process each)",
            accepted.len()
        ),
        &corpus,
        &accepted,
        corpus_runs,
    )];
    for file in SINGLE_FILES {
        measures.push(measure(
            format!("`{file}`"),
            &corpus,
            &[file.to_string()],
            file_runs,
        ));
    }
    print_table(&measures);
}
