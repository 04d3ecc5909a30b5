//! The codec: Thrift values encoded into a byte buffer and decoded from a
//! byte slice, binary and compact, without going through the `thrift`
//! crate's `dyn` protocols.
//!
//! Generated types implement [`Encode`] and [`Decode`]: one write body and
//! one read body per type, generic over an [`Encoder`] or [`Decoder`], so
//! the compiler inlines the protocol into them. Four protocols implement
//! those traits:
//!
//! - [`BinaryEncoder`] / [`BinaryDecoder`] and [`CompactEncoder`] /
//!   [`CompactDecoder`]: straight on a `Vec<u8>` / `&[u8]`. This is the
//!   fast path, used by the RPC code wherever a whole message is in memory.
//! - [`DynEncoder`] / [`DynDecoder`]: adapters over the `thrift` crate's
//!   `TOutputProtocol` / `TInputProtocol`. Generated types implement
//!   `TSerializable` through them, so they keep working with the crate's
//!   processors, servers and any code written against it.
//!
//! For serialization alone: [`to_binary`] / [`from_binary`],
//! [`to_compact`] / [`from_compact`], and [`write_binary`] /
//! [`write_compact`] to append to a reused buffer.
//!
//! # Limits on what a peer can make us do
//!
//! Decoding untrusted bytes never panics and never allocates more than the
//! input can back: a string or binary is copied only after its bytes are
//! known to be there; a container's claimed length is refused when the
//! remaining input is too short to hold that many elements (every element
//! takes at least one byte), so reserving the claimed length is safe.
//! Structs and containers nest at most [`MAX_DEPTH`] deep, in values and
//! in skipped unknown fields alike. Errors are `thrift::Error`s: a
//! transport `EndOfFile` for truncated input, protocol errors otherwise.

mod binary;
mod compact;
mod dynamic;
mod error;
mod input;

pub use binary::{BinaryDecoder, BinaryEncoder};
pub use compact::{CompactDecoder, CompactEncoder};
pub use dynamic::{DynDecoder, DynEncoder};
pub use error::is_truncated;

pub use thrift::protocol::{TMessageType, TType};

/// How deep structs and containers may nest in a decoded value (and in
/// skipped data): Apache Thrift's default recursion limit.
pub const MAX_DEPTH: usize = 64;

/// A value that can be written with any [`Encoder`].
pub trait Encode {
    fn encode<E: Encoder>(&self, encoder: &mut E) -> thrift::Result<()>;
}

/// A value that can be read with any [`Decoder`].
pub trait Decode: Sized {
    fn decode<D: Decoder>(decoder: &mut D) -> thrift::Result<Self>;
}

impl<T: Encode + ?Sized> Encode for Box<T> {
    #[inline]
    fn encode<E: Encoder>(&self, encoder: &mut E) -> thrift::Result<()> {
        (**self).encode(encoder)
    }
}

/// What [`Encoder::write_struct_begin`] / [`Decoder::read_struct_begin`]
/// saved of the enclosing struct (the compact protocol's last field id),
/// handed back to the matching `*_struct_end`.
#[derive(Debug, Clone, Copy)]
#[must_use]
pub struct StructScope(i16);

/// A field header as read: its type ([`TType::Stop`] after the last
/// field) and id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldHeader {
    pub ttype: TType,
    pub id: i16,
}

/// A message header as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageHeader {
    pub name: String,
    pub kind: TMessageType,
    pub sequence_id: i32,
}

/// Writes Thrift values; the calls mirror `TOutputProtocol`'s.
pub trait Encoder {
    fn write_message_begin(
        &mut self,
        name: &str,
        kind: TMessageType,
        sequence_id: i32,
    ) -> thrift::Result<()>;
    fn write_message_end(&mut self) -> thrift::Result<()>;
    fn write_struct_begin(&mut self) -> thrift::Result<StructScope>;
    fn write_struct_end(&mut self, scope: StructScope) -> thrift::Result<()>;
    fn write_field_begin(&mut self, ttype: TType, id: i16) -> thrift::Result<()>;
    fn write_field_end(&mut self) -> thrift::Result<()>;
    fn write_field_stop(&mut self) -> thrift::Result<()>;
    fn write_bool(&mut self, value: bool) -> thrift::Result<()>;
    fn write_i8(&mut self, value: i8) -> thrift::Result<()>;
    fn write_i16(&mut self, value: i16) -> thrift::Result<()>;
    fn write_i32(&mut self, value: i32) -> thrift::Result<()>;
    fn write_i64(&mut self, value: i64) -> thrift::Result<()>;
    fn write_double(&mut self, value: f64) -> thrift::Result<()>;
    fn write_string(&mut self, value: &str) -> thrift::Result<()>;
    fn write_bytes(&mut self, value: &[u8]) -> thrift::Result<()>;
    fn write_uuid(&mut self, value: &uuid::Uuid) -> thrift::Result<()>;
    fn write_list_begin(&mut self, element: TType, len: usize) -> thrift::Result<()>;
    fn write_list_end(&mut self) -> thrift::Result<()>;
    fn write_set_begin(&mut self, element: TType, len: usize) -> thrift::Result<()>;
    fn write_set_end(&mut self) -> thrift::Result<()>;
    fn write_map_begin(&mut self, key: TType, value: TType, len: usize) -> thrift::Result<()>;
    fn write_map_end(&mut self) -> thrift::Result<()>;
    /// Sends what is buffered, where there is a stream behind (memory
    /// encoders have nothing to do).
    fn flush(&mut self) -> thrift::Result<()> {
        Ok(())
    }
}

/// Reads Thrift values; the calls mirror `TInputProtocol`'s.
///
/// Container reads take the element types the reader expects and refuse
/// a non-empty container of other types, so a schema mismatch is an error
/// rather than misread data.
pub trait Decoder {
    fn read_message_begin(&mut self) -> thrift::Result<MessageHeader>;
    fn read_message_end(&mut self) -> thrift::Result<()>;
    fn read_struct_begin(&mut self) -> thrift::Result<StructScope>;
    fn read_struct_end(&mut self, scope: StructScope) -> thrift::Result<()>;
    fn read_field_begin(&mut self) -> thrift::Result<FieldHeader>;
    fn read_field_end(&mut self) -> thrift::Result<()>;
    fn read_bool(&mut self) -> thrift::Result<bool>;
    fn read_i8(&mut self) -> thrift::Result<i8>;
    fn read_i16(&mut self) -> thrift::Result<i16>;
    fn read_i32(&mut self) -> thrift::Result<i32>;
    fn read_i64(&mut self) -> thrift::Result<i64>;
    fn read_double(&mut self) -> thrift::Result<f64>;
    fn read_string(&mut self) -> thrift::Result<String>;
    fn read_bytes(&mut self) -> thrift::Result<Vec<u8>>;
    fn read_uuid(&mut self) -> thrift::Result<uuid::Uuid>;
    /// Reads a list header of `element`s; returns its length.
    fn read_list_begin(&mut self, element: TType) -> thrift::Result<usize>;
    fn read_list_end(&mut self) -> thrift::Result<()>;
    /// Reads a set header of `element`s; returns its length.
    fn read_set_begin(&mut self, element: TType) -> thrift::Result<usize>;
    fn read_set_end(&mut self) -> thrift::Result<()>;
    /// Reads a map header of `key` to `value`; returns its length.
    fn read_map_begin(&mut self, key: TType, value: TType) -> thrift::Result<usize>;
    fn read_map_end(&mut self) -> thrift::Result<()>;
    /// Skips a value of type `ttype` (an unknown field).
    fn skip(&mut self, ttype: TType) -> thrift::Result<()>;
    /// How many elements to reserve for a container whose header claimed
    /// `len`: all of them where the decoder checked that the input can
    /// hold them, fewer where it cannot know.
    fn capacity(&self, len: usize) -> usize;
}

/// Appends `value` to `out` in the strict binary protocol.
pub fn write_binary<T: Encode + ?Sized>(value: &T, out: &mut Vec<u8>) -> thrift::Result<()> {
    value.encode(&mut BinaryEncoder::new(out))
}

/// Appends `value` to `out` in the compact protocol.
pub fn write_compact<T: Encode + ?Sized>(value: &T, out: &mut Vec<u8>) -> thrift::Result<()> {
    value.encode(&mut CompactEncoder::new(out))
}

/// `value` in the strict binary protocol.
pub fn to_binary<T: Encode + ?Sized>(value: &T) -> thrift::Result<Vec<u8>> {
    let mut out = Vec::new();
    write_binary(value, &mut out)?;
    Ok(out)
}

/// `value` in the compact protocol.
pub fn to_compact<T: Encode + ?Sized>(value: &T) -> thrift::Result<Vec<u8>> {
    let mut out = Vec::new();
    write_compact(value, &mut out)?;
    Ok(out)
}

/// Decodes `bytes`, which must hold exactly one `T`, in the binary
/// protocol.
pub fn from_binary<T: Decode>(bytes: &[u8]) -> thrift::Result<T> {
    let mut decoder = BinaryDecoder::new(bytes);
    let value = T::decode(&mut decoder)?;
    error::expect_end(decoder.remaining())?;
    Ok(value)
}

/// Decodes `bytes`, which must hold exactly one `T`, in the compact
/// protocol.
pub fn from_compact<T: Decode>(bytes: &[u8]) -> thrift::Result<T> {
    let mut decoder = CompactDecoder::new(bytes);
    let value = T::decode(&mut decoder)?;
    error::expect_end(decoder.remaining())?;
    Ok(value)
}

/// Writes `value` to a `thrift` crate protocol: the body of every
/// generated `TSerializable::write_to_out_protocol`.
pub fn encode_dyn<T: Encode + ?Sized>(
    value: &T,
    protocol: &mut dyn thrift::protocol::TOutputProtocol,
) -> thrift::Result<()> {
    value.encode(&mut DynEncoder::new(protocol))
}

/// Reads a `T` from a `thrift` crate protocol: the body of every
/// generated `TSerializable::read_from_in_protocol`.
pub fn decode_dyn<T: Decode>(
    protocol: &mut dyn thrift::protocol::TInputProtocol,
) -> thrift::Result<T> {
    T::decode(&mut DynDecoder::new(protocol))
}
