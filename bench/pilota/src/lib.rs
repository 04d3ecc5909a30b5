//! pilota (volo's Thrift codec) as a [`Stack`] of thriftgen's codec
//! benchmark: `pilota-build`'s code for the standard workload
//! (`../shared/bench/echo.thrift`), on pilota's default (safe) binary and
//! compact protocols over in-memory buffers.
//!
//! pilota reads from a `Bytes` and writes into a `BytesMut` (not `&[u8]`
//! and `Vec<u8>`): the decoder copies the input into a `Bytes` once,
//! outside the timed loop, and each decode reads a clone of it (a reference
//! count, as volo reads a frame); strings and binaries decode as views into
//! that buffer (`FastStr`, `Bytes`) rather than copies, which is pilota's
//! design. The encoder reuses one `BytesMut`.

use std::hint::black_box;

use pilota::thrift::binary::TBinaryProtocol;
use pilota::thrift::compact::{TCompactInputProtocol, TCompactOutputProtocol};
use pilota::thrift::{Message, ThriftException};
use pilota::{AHashMap, AHashSet, Bytes, BytesMut, FastStr};
use thriftgen_codec_bench::codec::Protocol;
use thriftgen_codec_bench::fixture::{InnerSpec, Spec, spec};
use thriftgen_codec_bench::harness::Stack;

/// pilota's code for `echo.thrift`.
#[allow(clippy::all)]
pub mod pilota_echo {
    include!(concat!(env!("OUT_DIR"), "/echo.rs"));
}

use pilota_echo::echo::echo;

/// The workload as pilota's `Payload`.
pub fn pilota_payload() -> echo::Payload {
    let spec = spec();
    let inner = |s: &InnerSpec| echo::Inner {
        id: s.id,
        name: FastStr::new(&s.name),
        values: Some(s.values.clone()),
        scores: Some(
            s.scores
                .iter()
                .map(|(k, v)| (FastStr::new(k), *v))
                .collect::<AHashMap<_, _>>(),
        ),
    };
    echo::Payload {
        text: FastStr::new(&spec.text),
        blob: Bytes::from(spec.blob),
        items: spec.items.iter().map(inner).collect(),
        by_name: spec
            .by_name
            .iter()
            .map(|(k, s)| (FastStr::new(k), inner(s)))
            .collect(),
        tags: Some(spec.tags.iter().copied().collect::<AHashSet<_>>()),
    }
}

/// A pilota `Payload` described as a [`Spec`]; hash maps and sets sorted,
/// as the spec (and Apache's `BTreeMap`s) have them.
pub fn spec_of_pilota(p: &echo::Payload) -> Spec {
    let inner = |i: &echo::Inner| {
        let mut scores: Vec<(String, f64)> = i
            .scores
            .iter()
            .flatten()
            .map(|(k, v)| (k.to_string(), *v))
            .collect();
        scores.sort_by(|a, b| a.0.cmp(&b.0));
        InnerSpec {
            id: i.id,
            name: i.name.to_string(),
            values: i.values.clone().unwrap_or_default(),
            scores,
        }
    };
    let mut by_name: Vec<(String, InnerSpec)> = p
        .by_name
        .iter()
        .map(|(k, i)| (k.to_string(), inner(i)))
        .collect();
    by_name.sort_by(|a, b| a.0.cmp(&b.0));
    let mut tags: Vec<i64> = p.tags.iter().flatten().copied().collect();
    tags.sort_unstable();
    Spec {
        text: p.text.to_string(),
        blob: p.blob.to_vec(),
        items: p.items.iter().map(inner).collect(),
        by_name,
        tags,
    }
}

/// `value` encoded into `buf` (cleared first, capacity kept).
fn encode_into(
    value: &echo::Payload,
    protocol: Protocol,
    buf: &mut BytesMut,
) -> Result<(), ThriftException> {
    buf.clear();
    match protocol {
        Protocol::Binary => value.encode(&mut TBinaryProtocol::new(&mut *buf, false)),
        Protocol::Compact => value.encode(&mut TCompactOutputProtocol::new(&mut *buf, false)),
    }
}

/// One `Payload` from the start of `bytes` (which it advances).
fn decode(bytes: &mut Bytes, protocol: Protocol) -> Result<echo::Payload, ThriftException> {
    match protocol {
        Protocol::Binary => echo::Payload::decode(&mut TBinaryProtocol::new(bytes, false)),
        Protocol::Compact => echo::Payload::decode(&mut TCompactInputProtocol::new(bytes)),
    }
}

/// pilota's generated code on its default (safe) protocols.
pub struct Pilota {
    payload: echo::Payload,
}

impl Pilota {
    pub fn new() -> Pilota {
        Pilota {
            payload: pilota_payload(),
        }
    }
}

impl Default for Pilota {
    fn default() -> Self {
        Self::new()
    }
}

impl Stack for Pilota {
    fn name(&self) -> &str {
        "pilota"
    }

    fn encode(&self, protocol: Protocol) -> Result<Vec<u8>, String> {
        let mut buf = BytesMut::new();
        encode_into(&self.payload, protocol, &mut buf).map_err(|e| e.to_string())?;
        Ok(buf.to_vec())
    }

    fn decode(&self, protocol: Protocol, bytes: &[u8]) -> Result<Spec, String> {
        let mut input = Bytes::copy_from_slice(bytes);
        let value = decode(&mut input, protocol).map_err(|e| e.to_string())?;
        match input.len() {
            0 => Ok(spec_of_pilota(&value)),
            n => Err(format!("{n} bytes left after the value")),
        }
    }

    fn encoder(&self, protocol: Protocol) -> Box<dyn FnMut() -> usize + '_> {
        let mut buf = BytesMut::with_capacity(8 * 1024);
        Box::new(move || {
            encode_into(black_box(&self.payload), protocol, &mut buf).expect("encodes");
            buf.len()
        })
    }

    fn decoder<'a>(&'a self, protocol: Protocol, bytes: &'a [u8]) -> Box<dyn FnMut() + 'a> {
        let input = Bytes::copy_from_slice(bytes);
        Box::new(move || {
            let mut bytes = black_box(&input).clone();
            drop(black_box(decode(&mut bytes, protocol).expect("decodes")));
        })
    }
}

/// The four stacks, in table order: thriftgen's own codec (when
/// thriftgen-codec-bench has it), thriftgen through the `thrift` crate,
/// Apache's generated code, pilota.
pub fn all() -> Vec<Box<dyn Stack>> {
    let mut stacks = thriftgen_codec_bench::stacks::all();
    stacks.push(Box::new(Pilota::new()));
    stacks
}
