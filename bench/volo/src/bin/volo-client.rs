//! `volo-client --port P --callers N --seconds S --warmup W [--msg-bytes B]
//! [--multiplex]`: N concurrent callers (tasks on a current-thread tokio
//! runtime) share one volo client to `volo-server`, each with one `echo`
//! call in flight at a time and every reply checked; pooled (volo's
//! default: a connection per call in flight) or, with `--multiplex`, all
//! on one connection. Counts the calls that start and end within the S
//! seconds after the W-second warm-up, and prints as its last line
//! `calls_per_sec=<float> p50_us=<float> p99_us=<float> errors=<int>`;
//! exits non-zero if any call failed.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use thriftgen_volo_bench::volo_gen::echo::EchoClientBuilder;
use thriftgen_volo_bench::{Args, percentile};
use volo_thrift::codec::default::DefaultMakeCodec;

fn main() -> ExitCode {
    let args = Args::from_env();
    let port: u16 = args.value("--port", None);
    let callers: usize = args.value("--callers", Some(1));
    let seconds: f64 = args.value("--seconds", Some(10.0));
    let warmup: f64 = args.value("--warmup", Some(1.0));
    let msg_bytes: usize = args.value("--msg-bytes", Some(1024));
    let multiplex = args.flag("--multiplex");
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("volo-client: cannot start tokio: {e}");
            return ExitCode::FAILURE;
        }
    };
    let (mut latencies, errors) = runtime.block_on(async move {
        let addr: SocketAddr = ([127, 0, 0, 1], port).into();
        let client = EchoClientBuilder::new("echo")
            .address(addr)
            .make_codec(DefaultMakeCodec::framed())
            .multiplex(multiplex)
            .rpc_timeout(Some(Duration::from_secs(10)))
            .build();
        let start = Instant::now();
        let window_start = start + Duration::from_secs_f64(warmup);
        let window_end = window_start + Duration::from_secs_f64(seconds);
        let msg = pilota::FastStr::from_string("x".repeat(msg_bytes));
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..callers.max(1) {
            let (client, msg) = (client.clone(), msg.clone());
            tasks.spawn(async move {
                let mut latencies = Vec::new();
                let mut errors = 0usize;
                let mut first_error = None;
                loop {
                    let began = Instant::now();
                    if began >= window_end {
                        break;
                    }
                    match client.echo(msg.clone()).await {
                        Ok(reply) if reply == msg => {}
                        Ok(_) => errors += 1,
                        Err(e) => {
                            errors += 1;
                            first_error.get_or_insert(e.to_string());
                        }
                    }
                    let ended = Instant::now();
                    if began >= window_start && ended <= window_end {
                        latencies.push((ended - began).as_secs_f64() * 1e6);
                    }
                }
                (latencies, errors, first_error)
            });
        }
        let mut all = Vec::new();
        let mut errors = 0;
        while let Some(done) = tasks.join_next().await {
            match done {
                Ok((latencies, failed, first)) => {
                    all.extend(latencies);
                    errors += failed;
                    if let Some(e) = first {
                        eprintln!("volo-client: a call failed: {e}");
                    }
                }
                Err(e) => {
                    eprintln!("volo-client: a caller failed: {e}");
                    errors += 1;
                }
            }
        }
        (all, errors)
    });
    latencies.sort_by(f64::total_cmp);
    println!(
        "calls_per_sec={:.1} p50_us={:.1} p99_us={:.1} errors={errors}",
        latencies.len() as f64 / seconds,
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99),
    );
    match errors {
        0 => ExitCode::SUCCESS,
        _ => ExitCode::FAILURE,
    }
}
