//! The standard workload's `Payload` (../shared/bench/README.md): `text` of
//! 100 ASCII characters, `blob` of 256 bytes, 20 `items`, `by_name` with 10
//! entries, 16 `tags`; every `Inner` has 8 `values` and 4 `scores`.
//!
//! The README fixes the counts and the encoded sizes (strict binary 5,394
//! bytes, compact 3,825), not the values; the values here are chosen so the
//! sizes match (tests/fixture.rs asserts both): names of 9 characters,
//! score keys of 33 characters in all, ids and values whose compact
//! varints take 4 and 2 bytes, tags that take 9.
//!
//! The content is described once ([`Spec`]) and built for each stack.

use crate::apache_echo as apache;
use crate::thriftgen_echo::echo as thriftgen;

const TEXT_LEN: usize = 100;
const ITEMS: usize = 20;
const BY_NAME: usize = 10;
const TAGS: i64 = 16;
const SCORE_KEYS: [&str; 4] = ["accuracy", "precision", "recall", "throughput"];

/// One `Inner`, independent of either stack's types.
#[derive(Debug, Clone, PartialEq)]
pub struct InnerSpec {
    pub id: i64,
    pub name: String,
    pub values: Vec<i32>,
    pub scores: Vec<(String, f64)>,
}

/// The whole `Payload`, independent of either stack's types.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    pub text: String,
    pub blob: Vec<u8>,
    pub items: Vec<InnerSpec>,
    /// Key and value, in key order; each key is its inner's own name.
    pub by_name: Vec<(String, InnerSpec)>,
    pub tags: Vec<i64>,
}

/// The standard workload's content.
pub fn spec() -> Spec {
    let inners: Vec<InnerSpec> = (0..ITEMS + BY_NAME).map(inner_spec).collect();
    let (items, by_name) = inners.split_at(ITEMS);
    Spec {
        text: "The quick brown fox jumps over the lazy dog. "
            .chars()
            .cycle()
            .take(TEXT_LEN)
            .collect(),
        blob: (0..=255u8).collect(),
        items: items.to_vec(),
        by_name: by_name
            .iter()
            .map(|s| (s.name.clone(), s.clone()))
            .collect(),
        // Ids of the 2^56 range: 9 bytes each as compact varints.
        tags: (0..TAGS).map(|k| (1i64 << 56) + k * 7919).collect(),
    }
}

fn inner_spec(i: usize) -> InnerSpec {
    let n = i as i32;
    InnerSpec {
        id: 2_000_000 + i64::from(n),
        name: format!("inner-{i:03}"),
        values: (1..=8).map(|j| j * 100 + n).collect(),
        scores: SCORE_KEYS
            .iter()
            .zip(0..)
            .map(|(key, j)| {
                (
                    key.to_string(),
                    0.5 + f64::from(n) / 100.0 + f64::from(j) / 10.0,
                )
            })
            .collect(),
    }
}

/// Defines, for one stack's generated module, the function building the
/// workload's `Payload` and the one describing a `Payload` as a [`Spec`].
/// The stacks' types have the same fields; only their doubles differ
/// (Apache's are `OrderedFloat`), hence `wrap`/`unwrap`.
macro_rules! conversions {
    ($stack:ident, $build:ident, $describe:ident, wrap: $wrap:expr, unwrap: $unwrap:expr) => {
        #[doc = concat!("The workload as `", stringify!($stack), "::Payload`.")]
        pub fn $build() -> $stack::Payload {
            let spec = spec();
            let inner = |s: &InnerSpec| $stack::Inner {
                id: s.id,
                name: s.name.clone(),
                values: Some(s.values.clone()),
                scores: Some(s.scores.iter().map(|(k, v)| (k.clone(), $wrap(*v))).collect()),
            };
            $stack::Payload {
                text: spec.text,
                blob: spec.blob,
                items: spec.items.iter().map(inner).collect(),
                by_name: spec.by_name.iter().map(|(k, s)| (k.clone(), inner(s))).collect(),
                tags: Some(spec.tags.iter().copied().collect()),
            }
        }

        #[doc = concat!("A `", stringify!($stack), "::Payload` described as a [`Spec`], to compare content across stacks.")]
        pub fn $describe(p: &$stack::Payload) -> Spec {
            let inner = |i: &$stack::Inner| InnerSpec {
                id: i.id,
                name: i.name.clone(),
                values: i.values.clone().unwrap_or_default(),
                scores: i.scores.iter().flatten().map(|(k, v)| (k.clone(), $unwrap(*v))).collect(),
            };
            Spec {
                text: p.text.clone(),
                blob: p.blob.clone(),
                items: p.items.iter().map(inner).collect(),
                by_name: p.by_name.iter().map(|(k, i)| (k.clone(), inner(i))).collect(),
                tags: p.tags.iter().flatten().copied().collect(),
            }
        }
    };
}

conversions!(thriftgen, thriftgen_payload, spec_of_thriftgen, wrap: |v: f64| v, unwrap: |v: f64| v);
conversions!(
    apache,
    apache_payload,
    spec_of_apache,
    wrap: thrift::OrderedFloat,
    unwrap: |v: thrift::OrderedFloat<f64>| v.0
);

/// The first way `actual` differs from `expected`, in words (`None` when
/// equal): the correctness check's explanation.
pub fn difference(expected: &Spec, actual: &Spec) -> Option<String> {
    fn first<T: PartialEq + std::fmt::Debug>(what: &str, e: &[T], a: &[T]) -> Option<String> {
        if e.len() != a.len() {
            return Some(format!(
                "{what}: {} entries instead of {}",
                a.len(),
                e.len()
            ));
        }
        let (i, (e, a)) = e.iter().zip(a).enumerate().find(|(_, (e, a))| e != a)?;
        Some(format!("{what}[{i}]: {a:?} instead of {e:?}"))
    }
    fn inner(what: &str, e: &InnerSpec, a: &InnerSpec) -> Option<String> {
        if (e.id, &e.name) != (a.id, &a.name) {
            return Some(format!(
                "{what}: id and name {} {:?} instead of {} {:?}",
                a.id, a.name, e.id, e.name
            ));
        }
        first(&format!("{what}.values"), &e.values, &a.values)
            .or_else(|| first(&format!("{what}.scores"), &e.scores, &a.scores))
    }
    /// Keyed inners: `by_name`, or `items` keyed by index.
    fn inners(what: &str, e: &[(String, InnerSpec)], a: &[(String, InnerSpec)]) -> Option<String> {
        if e.len() != a.len() {
            return Some(format!(
                "{what}: {} entries instead of {}",
                a.len(),
                e.len()
            ));
        }
        e.iter()
            .zip(a)
            .find_map(|((ek, e), (ak, a))| match ek == ak {
                true => inner(&format!("{what}[{ek}]"), e, a),
                false => Some(format!("{what}: key {ak:?} instead of {ek:?}")),
            })
    }
    let numbered = |items: &[InnerSpec]| -> Vec<(String, InnerSpec)> {
        items
            .iter()
            .cloned()
            .enumerate()
            .map(|(i, s)| (i.to_string(), s))
            .collect()
    };
    if expected.text != actual.text {
        return Some(format!(
            "text {:?} instead of {:?}",
            actual.text, expected.text
        ));
    }
    first("blob", &expected.blob, &actual.blob)
        .or_else(|| {
            inners(
                "items",
                &numbered(&expected.items),
                &numbered(&actual.items),
            )
        })
        .or_else(|| inners("by_name", &expected.by_name, &actual.by_name))
        .or_else(|| first("tags", &expected.tags, &actual.tags))
}
