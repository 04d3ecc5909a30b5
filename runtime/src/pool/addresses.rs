//! [`Addresses`]: the servers a pool connects to, taken in turn so new
//! connections spread over them; one that refuses is skipped for the next.

use std::sync::atomic::{AtomicUsize, Ordering};

#[derive(Debug)]
pub(crate) struct Addresses {
    list: Vec<String>,
    next: AtomicUsize,
}

impl Addresses {
    pub fn new(list: Vec<String>) -> Self {
        Addresses {
            list,
            next: AtomicUsize::new(0),
        }
    }

    /// Every address once, starting at the next in turn.
    pub fn in_turn(&self) -> impl Iterator<Item = &str> {
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        let n = self.list.len();
        (0..n).map(move |i| self.list[(start + i) % n].as_str())
    }

    /// `a, b, c` for messages.
    pub fn describe(&self) -> String {
        self.list.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_turn_starts_one_further() {
        let a = Addresses::new(vec!["a:1".into(), "b:1".into(), "c:1".into()]);
        let turn = |a: &Addresses| a.in_turn().collect::<Vec<_>>().join(" ");
        assert_eq!(turn(&a), "a:1 b:1 c:1");
        assert_eq!(turn(&a), "b:1 c:1 a:1");
        assert_eq!(turn(&a), "c:1 a:1 b:1");
        assert_eq!(turn(&a), "a:1 b:1 c:1");
    }
}
