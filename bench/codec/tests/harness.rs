//! The harness's correctness check passes the stacks of this crate and
//! reports, rather than times, a stack that gets a case wrong.

#![cfg(not(codec_bench_unavailable))] // tests/inputs.rs says why

use std::time::Duration;

use thriftgen_codec_bench::codec::Protocol;
use thriftgen_codec_bench::fixture::{Spec, spec};
use thriftgen_codec_bench::harness::{self, CASES, Config, Stack, apache_bytes};
use thriftgen_codec_bench::stacks;

#[test]
fn every_stack_gets_every_case_right() {
    for stack in stacks::all() {
        for case in CASES {
            let checked = harness::check(stack.as_ref(), case);
            assert_eq!(checked, Ok(()), "{} {case:?}", stack.name());
        }
    }
}

/// Writes Apache's bytes with the last tag changed; decodes to a spec
/// without its first item.
struct Broken;

impl Stack for Broken {
    fn name(&self) -> &str {
        "broken"
    }
    fn encode(&self, protocol: Protocol) -> Result<Vec<u8>, String> {
        let mut bytes = apache_bytes(protocol);
        // The last byte is the Payload's stop; the one before, the end of
        // the last tag (big-endian i64 or varint, either way a change).
        let n = bytes.len();
        bytes[n - 2] ^= 0x02;
        Ok(bytes)
    }
    fn decode(&self, _: Protocol, _: &[u8]) -> Result<Spec, String> {
        let mut spec = spec();
        spec.items.remove(0);
        Ok(spec)
    }
    fn encoder(&self, _: Protocol) -> Box<dyn FnMut() -> usize + '_> {
        panic!("a wrong case must not be timed")
    }
    fn decoder<'a>(&'a self, _: Protocol, _: &'a [u8]) -> Box<dyn FnMut() + 'a> {
        panic!("a wrong case must not be timed")
    }
}

#[test]
fn wrong_cases_are_reported_not_timed() {
    let apache = stacks::apache();
    let config = Config {
        rounds: 1,
        batch: Duration::from_micros(100),
    };
    let report = harness::run(&[&apache, &Broken], config);
    let table = report.markdown();
    let row = table
        .lines()
        .find(|l| l.starts_with("| broken |"))
        .expect("a row for the broken stack");
    assert!(
        row.contains("wrong bytes: Apache's code reads tags"),
        "{row}"
    );
    assert!(
        row.contains("wrong value: items: 19 entries instead of 20"),
        "{row}"
    );
    assert!(report.median_ns("apache", 0).is_some());
}
