//! What the AsyncIface mechanism costs per call: `async_trait` (a boxed
//! `Send` future, dyn-compatible: what thriftgen generates) against a
//! native `async fn` in a trait (no box, but not usable as `dyn`), each
//! awaited in a loop on a current-thread runtime. Compare with a loopback
//! round trip (tens of microseconds; `rpc-client`).
//!
//! `cargo bench -p thriftgen-rpc-bench --bench dispatch`

use std::hint::black_box;
use std::sync::Arc;
use std::time::Instant;

use thriftgen_runtime::nonblocking::async_trait;

#[async_trait]
trait Boxed: Send + Sync {
    async fn echo(&self, msg: String) -> Result<String, ()>;
}

trait Native: Send + Sync {
    fn echo(&self, msg: String) -> impl Future<Output = Result<String, ()>> + Send;
}

struct Handler;

#[async_trait]
impl Boxed for Handler {
    async fn echo(&self, msg: String) -> Result<String, ()> {
        Ok(msg)
    }
}

impl Native for Handler {
    async fn echo(&self, msg: String) -> Result<String, ()> {
        Ok(msg)
    }
}

const CALLS: u32 = 5_000_000;

async fn boxed(handler: &Arc<dyn Boxed>) -> usize {
    let mut total = 0;
    for _ in 0..CALLS {
        total += black_box(handler)
            .echo(String::new())
            .await
            .map_or(0, |s| s.len() + 1);
    }
    total
}

async fn native<H: Native>(handler: &H) -> usize {
    let mut total = 0;
    for _ in 0..CALLS {
        total += black_box(handler)
            .echo(String::new())
            .await
            .map_or(0, |s| s.len() + 1);
    }
    total
}

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a tokio runtime");
    let dynamic: Arc<dyn Boxed> = Arc::new(Handler);
    for round in 1..=3 {
        let started = Instant::now();
        let n = runtime.block_on(boxed(&dynamic));
        let boxed_ns = started.elapsed().as_secs_f64() * 1e9 / f64::from(CALLS);
        let started = Instant::now();
        let m = runtime.block_on(native(&Handler));
        let native_ns = started.elapsed().as_secs_f64() * 1e9 / f64::from(CALLS);
        assert_eq!(n, m);
        println!(
            "round {round}: async_trait via dyn {boxed_ns:.1} ns/call, native async fn {native_ns:.1} ns/call"
        );
    }
}
