//! Pinning a worker thread to a CPU, on Linux; elsewhere nothing is
//! pinned and the scheduler places the workers (see the parent module
//! for why they are pinned).
//!
//! Both calls are best effort: a worker left unpinned still works.

use std::thread::JoinHandle;

/// The CPUs this process may run on, but the one the calling thread is
/// on; `None` when there is no other or they cannot be read.
pub(super) fn cpus_but_current() -> Option<Vec<usize>> {
    imp::cpus_but_current()
}

/// Keeps the thread of `handle` on `cpu`.
pub(super) fn pin<T>(handle: &JoinHandle<T>, cpu: usize) {
    imp::pin(handle, cpu);
}

#[cfg(target_os = "linux")]
mod imp {
    use std::mem::size_of;
    use std::os::unix::thread::JoinHandleExt;
    use std::thread::JoinHandle;

    /// The CPUs the calling thread may run on.
    pub(super) fn allowed() -> Option<libc::cpu_set_t> {
        // SAFETY: a zeroed `cpu_set_t` is an empty set; `sched_getaffinity`
        // writes at most `size_of::<cpu_set_t>()` bytes into it.
        unsafe {
            let mut allowed: libc::cpu_set_t = std::mem::zeroed();
            let status = libc::sched_getaffinity(0, size_of::<libc::cpu_set_t>(), &mut allowed);
            (status == 0).then_some(allowed)
        }
    }

    /// The CPU the calling thread is on.
    pub(super) fn current() -> Option<usize> {
        // SAFETY: takes nothing.
        usize::try_from(unsafe { libc::sched_getcpu() }).ok()
    }

    pub(super) fn cpus_but_current() -> Option<Vec<usize>> {
        let (allowed, current) = (allowed()?, current());
        let cpus: Vec<usize> = (0..libc::CPU_SETSIZE as usize)
            // SAFETY: `cpu` is below CPU_SETSIZE, the set's size in bits.
            .filter(|&cpu| unsafe { libc::CPU_ISSET(cpu, &allowed) } && Some(cpu) != current)
            .collect();
        (!cpus.is_empty()).then_some(cpus)
    }

    pub(super) fn pin<T>(handle: &JoinHandle<T>, cpu: usize) {
        if cpu >= libc::CPU_SETSIZE as usize {
            return;
        }
        // SAFETY: `cpu` is below CPU_SETSIZE; the thread of a live
        // `JoinHandle` has not been joined, so its `pthread_t` is valid.
        unsafe {
            let mut set: libc::cpu_set_t = std::mem::zeroed();
            libc::CPU_SET(cpu, &mut set);
            libc::pthread_setaffinity_np(handle.as_pthread_t(), size_of::<libc::cpu_set_t>(), &set);
        }
    }
}

#[cfg(not(target_os = "linux"))]
mod imp {
    use std::thread::JoinHandle;

    pub(super) fn cpus_but_current() -> Option<Vec<usize>> {
        None
    }

    pub(super) fn pin<T>(_handle: &JoinHandle<T>, _cpu: usize) {}
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn a_pinned_thread_may_run_on_its_cpu_only() {
        let Some(cpus) = cpus_but_current() else {
            eprintln!("skipped: this process may run on one CPU only");
            return;
        };
        let cpu = cpus[0];
        let (go, wait) = std::sync::mpsc::channel::<()>();
        let handle = std::thread::spawn(move || {
            wait.recv().expect("the test thread sends once");
            let allowed = imp::allowed().expect("a thread may read its own CPUs");
            // SAFETY: `cpu` is below CPU_SETSIZE (it came from such a set).
            let (count, includes_cpu) =
                unsafe { (libc::CPU_COUNT(&allowed), libc::CPU_ISSET(cpu, &allowed)) };
            (count, includes_cpu, imp::current())
        });
        pin(&handle, cpu);
        go.send(()).expect("the thread waits for this");
        let (count, includes_cpu, ran_on) = handle.join().expect("the thread does not panic");
        assert_eq!((count, includes_cpu), (1, true), "allowed CPUs: only {cpu}");
        assert_eq!(ran_on, Some(cpu));
    }
}
