//! Encoding and decoding through the `thrift` crate's protocols, over plain
//! memory: a reused `Vec<u8>` to write, a byte slice to read. Both stacks
//! implement the same `TSerializable`, so both go through these functions.
//! (Also the round-trip property tests' wire helper, via `#[path]`.)

use thriftgen_runtime::thrift;
use thriftgen_runtime::thrift::protocol::{
    TBinaryInputProtocol, TBinaryOutputProtocol, TCompactInputProtocol, TCompactOutputProtocol,
    TSerializable,
};

/// A wire protocol of the benchmark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// Strict binary (versioned message headers; fields as Apache writes them).
    Binary,
    Compact,
}

impl Protocol {
    pub const ALL: [Protocol; 2] = [Protocol::Binary, Protocol::Compact];

    pub fn name(self) -> &'static str {
        match self {
            Protocol::Binary => "binary",
            Protocol::Compact => "compact",
        }
    }
}

/// Replaces `buf`'s contents with `value` encoded; `buf` keeps its
/// capacity, so a warmed-up buffer never reallocates.
pub fn encode_into<T: TSerializable>(
    value: &T,
    protocol: Protocol,
    buf: &mut Vec<u8>,
) -> thrift::Result<()> {
    buf.clear();
    match protocol {
        Protocol::Binary => value.write_to_out_protocol(&mut TBinaryOutputProtocol::new(buf, true)),
        Protocol::Compact => value.write_to_out_protocol(&mut TCompactOutputProtocol::new(buf)),
    }
}

/// `value` encoded into a new buffer.
pub fn encode<T: TSerializable>(value: &T, protocol: Protocol) -> thrift::Result<Vec<u8>> {
    let mut buf = Vec::new();
    encode_into(value, protocol, &mut buf)?;
    Ok(buf)
}

/// Decodes one `T` from the start of `bytes`.
pub fn decode<T: TSerializable>(mut bytes: &[u8], protocol: Protocol) -> thrift::Result<T> {
    match protocol {
        Protocol::Binary => {
            T::read_from_in_protocol(&mut TBinaryInputProtocol::new(&mut bytes, true))
        }
        Protocol::Compact => T::read_from_in_protocol(&mut TCompactInputProtocol::new(&mut bytes)),
    }
}

/// Decodes one `T` that must fill `bytes` exactly (trailing bytes are an
/// error): the correctness check's reader.
pub fn decode_exact<T: TSerializable>(mut bytes: &[u8], protocol: Protocol) -> thrift::Result<T> {
    let value = match protocol {
        Protocol::Binary => {
            T::read_from_in_protocol(&mut TBinaryInputProtocol::new(&mut bytes, true))
        }
        Protocol::Compact => T::read_from_in_protocol(&mut TCompactInputProtocol::new(&mut bytes)),
    }?;
    match bytes.len() {
        0 => Ok(value),
        n => Err(thrift::Error::Protocol(thrift::ProtocolError::new(
            thrift::ProtocolErrorKind::InvalidData,
            format!("{n} bytes left after the value"),
        ))),
    }
}

/// thriftgen's own codec (`thriftgen_runtime::codec`, no `thrift` crate
/// protocols), the same shape as [`encode_into`] and [`decode`].
mod fast {
    use super::Protocol;
    use thriftgen_runtime::codec::{
        Decode, Encode, from_binary, from_compact, write_binary, write_compact,
    };
    use thriftgen_runtime::thrift;

    /// Replaces `buf`'s contents with `value` encoded, keeping its capacity.
    pub fn fast_encode_into<T: Encode + ?Sized>(
        value: &T,
        protocol: Protocol,
        buf: &mut Vec<u8>,
    ) -> thrift::Result<()> {
        buf.clear();
        match protocol {
            Protocol::Binary => write_binary(value, buf),
            Protocol::Compact => write_compact(value, buf),
        }
    }

    /// Decodes one `T` filling `bytes` exactly.
    pub fn fast_decode<T: Decode>(bytes: &[u8], protocol: Protocol) -> thrift::Result<T> {
        match protocol {
            Protocol::Binary => from_binary(bytes),
            Protocol::Compact => from_compact(bytes),
        }
    }
}
pub use fast::{fast_decode, fast_encode_into};
