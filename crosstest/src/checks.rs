//! Counts named checks and reports them as `N passed, M failed`.

use std::fmt::Debug;

#[derive(Debug, Default)]
pub struct Checks {
    pub passed: usize,
    pub failed: usize,
}

impl Checks {
    /// Records one check: `Ok(())` passes, `Err(why)` fails and is printed.
    pub fn record(&mut self, name: &str, outcome: Result<(), String>) {
        match outcome {
            Ok(()) => self.passed += 1,
            Err(why) => {
                self.failed += 1;
                println!("FAIL {name}: {why}");
            }
        }
    }

    /// Records that `got` equals `expected`, treating a call error as a failure.
    pub fn expect_eq<T, E>(&mut self, name: &str, got: Result<T, E>, expected: &T)
    where
        T: PartialEq + Debug,
        E: Debug,
    {
        self.record(name, equal(got, expected, |a, b| a == b));
    }

    /// Adds the counts of checks made elsewhere (another thread).
    pub fn absorb(&mut self, other: Checks) {
        self.passed += other.passed;
        self.failed += other.failed;
    }

    pub fn summary(&self) -> String {
        format!("{} passed, {} failed", self.passed, self.failed)
    }
}

/// Compares a call's result with `same`, describing any difference briefly
/// (values may be megabytes long).
pub fn equal<T: Debug, E: Debug>(
    got: Result<T, E>,
    expected: &T,
    same: impl Fn(&T, &T) -> bool,
) -> Result<(), String> {
    match got {
        Ok(value) if same(&value, expected) => Ok(()),
        Ok(value) => Err(format!(
            "got {}, expected {}",
            brief(&value),
            brief(expected)
        )),
        Err(error) => Err(format!("call failed: {}", brief(&error))),
    }
}

fn brief(value: &impl Debug) -> String {
    const LIMIT: usize = 200;
    let text = format!("{value:?}");
    match text.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("{}... ({} bytes)", &text[..cut], text.len()),
        None => text,
    }
}

/// Doubles compare bitwise (so -0.0 differs from 0.0); any NaN equals any NaN.
pub fn same_double(a: &f64, b: &f64) -> bool {
    (a.is_nan() && b.is_nan()) || a.to_bits() == b.to_bits()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_passes_and_failures() {
        let mut checks = Checks::default();
        checks.expect_eq::<i32, String>("same", Ok(1), &1);
        checks.expect_eq::<i32, String>("different", Ok(2), &1);
        checks.expect_eq::<i32, String>("error", Err("boom".into()), &1);
        assert_eq!(checks.summary(), "1 passed, 2 failed");
    }

    #[test]
    fn doubles_compare_nan_and_signed_zero() {
        assert!(same_double(&f64::NAN, &-f64::NAN));
        assert!(!same_double(&0.0, &-0.0));
        assert!(same_double(&f64::INFINITY, &f64::INFINITY));
        assert!(!same_double(&1.0, &f64::NAN));
    }

    #[test]
    fn long_values_are_cut() {
        let long = "x".repeat(10_000);
        let message =
            equal::<String, ()>(Ok(long.clone()), &String::new(), |a, b| a == b).unwrap_err();
        assert!(message.len() < 1_000, "{message}");
    }
}
