//! The [`Stack`]s this crate can build: thriftgen's generated code on its
//! own codec, and thriftgen's and Apache's through the `thrift` crate's
//! protocols.

use std::hint::black_box;

use thrift::protocol::TSerializable;

use crate::apache_echo as apache;
use crate::codec::{Protocol, decode_exact, encode, encode_into};
use crate::fixture::{Spec, apache_payload, spec_of_apache, spec_of_thriftgen, thriftgen_payload};
use crate::harness::Stack;
use crate::thriftgen_echo::echo as thriftgen;

/// Generated types run through the `thrift` crate's protocols
/// ([`encode_into`], [`decode`](crate::codec::decode)).
pub struct ThriftCrate<T> {
    name: &'static str,
    payload: T,
    describe: fn(&T) -> Spec,
}

/// Apache's generated code (`thrift --gen rs` 0.17) on the `thrift` crate.
pub fn apache() -> ThriftCrate<apache::Payload> {
    ThriftCrate {
        name: "apache",
        payload: apache_payload(),
        describe: spec_of_apache,
    }
}

/// thriftgen's generated types on the `thrift` crate's protocols
/// (`TSerializable`), the path before thriftgen had its own codec.
pub fn thriftgen_thrift() -> ThriftCrate<thriftgen::Payload> {
    ThriftCrate {
        name: "thriftgen-thrift",
        payload: thriftgen_payload(),
        describe: spec_of_thriftgen,
    }
}

impl<T: TSerializable> Stack for ThriftCrate<T> {
    fn name(&self) -> &str {
        self.name
    }

    fn encode(&self, protocol: Protocol) -> Result<Vec<u8>, String> {
        encode(&self.payload, protocol).map_err(|e| e.to_string())
    }

    fn decode(&self, protocol: Protocol, bytes: &[u8]) -> Result<Spec, String> {
        let value: T = decode_exact(bytes, protocol).map_err(|e| e.to_string())?;
        Ok((self.describe)(&value))
    }

    fn encoder(&self, protocol: Protocol) -> Box<dyn FnMut() -> usize + '_> {
        let mut buf = Vec::with_capacity(8 * 1024);
        Box::new(move || {
            encode_into(black_box(&self.payload), protocol, &mut buf).expect("encodes");
            buf.len()
        })
    }

    fn decoder<'a>(&'a self, protocol: Protocol, bytes: &'a [u8]) -> Box<dyn FnMut() + 'a> {
        Box::new(move || {
            let value: T = crate::codec::decode(black_box(bytes), protocol).expect("decodes");
            drop(black_box(value));
        })
    }
}

/// thriftgen's generated types on thriftgen's own codec
/// (`thriftgen_runtime::codec`).
pub struct ThriftgenCodec {
    payload: thriftgen::Payload,
}

pub fn thriftgen_codec() -> ThriftgenCodec {
    ThriftgenCodec {
        payload: thriftgen_payload(),
    }
}

impl Stack for ThriftgenCodec {
    fn name(&self) -> &str {
        "thriftgen"
    }

    fn encode(&self, protocol: Protocol) -> Result<Vec<u8>, String> {
        let mut buf = Vec::new();
        crate::codec::fast_encode_into(&self.payload, protocol, &mut buf)
            .map_err(|e| e.to_string())?;
        Ok(buf)
    }

    fn decode(&self, protocol: Protocol, bytes: &[u8]) -> Result<Spec, String> {
        let value: thriftgen::Payload =
            crate::codec::fast_decode(bytes, protocol).map_err(|e| e.to_string())?;
        Ok(spec_of_thriftgen(&value))
    }

    fn encoder(&self, protocol: Protocol) -> Box<dyn FnMut() -> usize + '_> {
        let mut buf = Vec::with_capacity(8 * 1024);
        Box::new(move || {
            crate::codec::fast_encode_into(black_box(&self.payload), protocol, &mut buf)
                .expect("encodes");
            buf.len()
        })
    }

    fn decoder<'a>(&'a self, protocol: Protocol, bytes: &'a [u8]) -> Box<dyn FnMut() + 'a> {
        Box::new(move || {
            let value: thriftgen::Payload =
                crate::codec::fast_decode(black_box(bytes), protocol).expect("decodes");
            drop(black_box(value));
        })
    }
}

/// Every stack of this crate, in table order.
pub fn all() -> Vec<Box<dyn Stack>> {
    vec![
        Box::new(thriftgen_codec()),
        Box::new(thriftgen_thrift()),
        Box::new(apache()),
    ]
}
