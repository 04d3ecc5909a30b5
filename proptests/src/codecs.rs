//! Every way generated code reads and writes memory, side by side: the
//! runtime's own codec (`thriftgen_runtime::codec`, straight on bytes) and
//! the `thrift` crate's protocols (through `TSerializable`), each in
//! binary and compact. Properties run over all four, so the two paths are
//! held to the same bytes and the same answers.

use thriftgen_runtime::codec::{self, Decode, Encode};
use thriftgen_runtime::thrift;
use thriftgen_runtime::thrift::protocol::TSerializable;

use crate::wire::{self, Protocol};

/// A codec under test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codec {
    /// `thriftgen_runtime::codec`, straight on bytes.
    Fast(Protocol),
    /// The `thrift` crate's protocols over memory.
    Thrift(Protocol),
}

impl Codec {
    pub const ALL: [Codec; 4] = [
        Codec::Fast(Protocol::Binary),
        Codec::Fast(Protocol::Compact),
        Codec::Thrift(Protocol::Binary),
        Codec::Thrift(Protocol::Compact),
    ];

    pub fn protocol(self) -> Protocol {
        match self {
            Codec::Fast(p) | Codec::Thrift(p) => p,
        }
    }

    /// The codec of the other path, same protocol.
    pub fn twin(self) -> Codec {
        match self {
            Codec::Fast(p) => Codec::Thrift(p),
            Codec::Thrift(p) => Codec::Fast(p),
        }
    }

    pub fn encode<T: Encode + TSerializable>(self, value: &T) -> thrift::Result<Vec<u8>> {
        match self {
            Codec::Fast(Protocol::Binary) => codec::to_binary(value),
            Codec::Fast(Protocol::Compact) => codec::to_compact(value),
            Codec::Thrift(protocol) => wire::encode(value, protocol),
        }
    }

    /// Decodes one `T` that must span all of `bytes` for the fast codec
    /// (the `thrift` crate's path reads from the start and ignores the
    /// rest).
    pub fn decode<T: Decode + TSerializable>(self, bytes: &[u8]) -> thrift::Result<T> {
        match self {
            Codec::Fast(Protocol::Binary) => codec::from_binary(bytes),
            Codec::Fast(Protocol::Compact) => codec::from_compact(bytes),
            Codec::Thrift(protocol) => wire::decode(bytes, protocol),
        }
    }
}
