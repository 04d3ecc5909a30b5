//! pilota's binary cases pass the harness's check, and its binary encoding
//! has the workload's size (its bytes may still differ from Apache's: hash
//! maps and sets write their entries in another order).

use thriftgen_codec_bench::codec::Protocol;
use thriftgen_codec_bench::harness::{CASES, Stack, apache_bytes, check};
use thriftgen_pilota_bench::Pilota;

#[test]
fn binary_cases_are_right() {
    let pilota = Pilota::new();
    for case in CASES.into_iter().filter(|(p, _)| *p == Protocol::Binary) {
        assert_eq!(check(&pilota, case), Ok(()), "{case:?}");
    }
}

#[test]
fn binary_encoding_has_the_workloads_size() {
    let bytes = Pilota::new().encode(Protocol::Binary).unwrap();
    assert_eq!(bytes.len(), apache_bytes(Protocol::Binary).len());
    eprintln!(
        "pilota's binary bytes {} Apache's",
        if bytes == apache_bytes(Protocol::Binary) {
            "equal"
        } else {
            "differ from"
        }
    );
}
