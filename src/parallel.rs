//! Independent jobs on every core, results in input order.
//!
//! The jobs run on one pool of worker threads (rayon's), kept for the
//! whole process, with the calling thread working beside them. A run of
//! the compiler has two parallel phases (parsing, then laying out code)
//! of a few milliseconds each, and a worker started for each phase, or
//! woken up on its own, was first queued on the CPU of the thread that
//! started it: it began 1 to 4 ms late, by when the caller had done much
//! of the work alone. Each worker is therefore pinned to a CPU other than
//! the caller's ([`affinity`]), and wakes there at once (README, *Compiler
//! speed*, has the figures). A pinned worker on a busy CPU costs little:
//! jobs are taken one at a time, so the caller takes the jobs a slow
//! worker does not get to.

mod affinity;

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock, PoisonError};
use std::thread;

/// `items.iter().map(job).collect()`, with the jobs shared out among the
/// machine's cores. Workers take the next job when they finish one, so a
/// few large jobs among many small ones still keep every core busy.
/// A panic in a job is re-raised here, as it would be without threads.
pub fn map<T, R, F>(items: &[T], job: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    map_in_order(items, None, job)
}

/// As [`map`], but the jobs start in order of decreasing `weight` (an
/// estimate of their cost; ties keep input order); the results still come
/// back in input order. A large job taken last keeps one core busy while
/// the others wait, so the large ones go first.
pub fn map_heaviest_first<T, R, F>(items: &[T], weight: impl Fn(&T) -> usize, job: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    let order = heaviest_first(items, weight);
    map_in_order(items, Some(&order), job)
}

/// The indices of `items` by decreasing weight; equal weights keep input
/// order.
fn heaviest_first<T>(items: &[T], weight: impl Fn(&T) -> usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&index| std::cmp::Reverse(weight(&items[index])));
    order
}

/// Runs `job` on `items[order[0]]`, `items[order[1]]`, ... (or in input
/// order); results in input order.
fn map_in_order<T, R, F>(items: &[T], order: Option<&[usize]>, job: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    let Some(pool) = pool().filter(|_| items.len() > 1) else {
        return items.iter().map(job).collect();
    };
    // The pool's workers and this thread.
    let workers = (pool.current_num_threads() + 1).min(items.len());
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let taken = next.fetch_add(1, Ordering::Relaxed);
            if taken >= items.len() {
                return done;
            }
            let index = order.map_or(taken, |order| order[taken]);
            done.push((index, job(&items[index])));
        }
    };
    let finished = Mutex::new(Vec::with_capacity(workers));
    let keep = |done| {
        (finished.lock())
            .unwrap_or_else(PoisonError::into_inner)
            .push(done)
    };
    // A job's panic reaches the caller once every worker has stopped.
    pool.in_place_scope(|scope| {
        for _ in 1..workers {
            scope.spawn(|_| keep(work()));
        }
        // This thread works too instead of waiting.
        keep(work());
    });
    let mut slots: Vec<Option<R>> = items.iter().map(|_| None).collect();
    let finished = finished
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner);
    for (index, result) in finished.into_iter().flatten() {
        slots[index] = Some(result);
    }
    slots
        .into_iter()
        .map(|slot| slot.expect("every index below items.len() is taken exactly once"))
        .collect()
}

/// The process's worker pool: one worker per core but the caller's; none
/// on one core, or if no thread could be started (the jobs then run on
/// the caller).
fn pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    POOL.get_or_init(|| {
        // Asked once: the answer comes from reading cgroup files.
        let cores = thread::available_parallelism().map_or(1, NonZeroUsize::get);
        let helpers = cores.checked_sub(1).filter(|&n| n > 0)?;
        // Chosen on the thread that builds the pool, the first caller.
        let cpus = affinity::cpus_but_current();
        rayon::ThreadPoolBuilder::new()
            .num_threads(helpers)
            .spawn_handler(move |worker| {
                let index = worker.index();
                let handle = thread::Builder::new()
                    .name(format!("thriftgen-worker-{index}"))
                    .spawn(move || worker.run())?;
                if let Some(cpus) = &cpus {
                    affinity::pin(&handle, cpus[index % cpus.len()]);
                }
                Ok(())
            })
            .build()
            .ok()
    })
    .as_ref()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_input_order() {
        let items: Vec<u64> = (0..1000).collect();
        // Uneven job sizes, so workers finish out of order.
        let squares = map(&items, |&n| {
            if n % 97 == 0 {
                thread::sleep(std::time::Duration::from_millis(2));
            }
            n * n
        });
        assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
    }

    #[test]
    fn heavy_jobs_go_first_and_ties_keep_input_order() {
        let weights = [1, 5, 1, 9, 5, 1];
        assert_eq!(heaviest_first(&weights, |&w| w), vec![3, 1, 4, 0, 2, 5]);
    }

    #[test]
    fn heaviest_first_results_come_back_in_input_order() {
        let items: Vec<u64> = (0..500).collect();
        let squares = map_heaviest_first(&items, |&n| (n % 7) as usize, |&n| n * n);
        assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
    }

    #[test]
    fn empty_and_single_inputs() {
        assert_eq!(map(&[] as &[i32], |n| n + 1), Vec::<i32>::new());
        assert_eq!(map(&[41], |n| n + 1), vec![42]);
    }

    #[test]
    fn a_panicking_job_panics_the_caller() {
        let items: Vec<u32> = (0..64).collect();
        let outcome = std::panic::catch_unwind(|| {
            map(&items, |&n| {
                assert!(n != 33, "job 33 fails");
                n
            })
        });
        assert!(outcome.is_err());
    }
}
