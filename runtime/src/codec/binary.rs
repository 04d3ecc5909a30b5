//! The binary protocol on memory: [`BinaryEncoder`] appends to a
//! `Vec<u8>`, [`BinaryDecoder`] reads a `&[u8]`.
//!
//! Integers and doubles are big-endian; strings, binaries and container
//! lengths are preceded by an `i32` length. Strict and non-strict differ
//! only in the message header: strict (what Apache writes by default)
//! starts with a version word, non-strict with the method name. The
//! decoder accepts both.

use thrift::protocol::{TMessageType, TType};

use super::error::{bad_type, bad_version, negative_size, size_limit};
use super::input::{Input, RawDecoder, checked_list_header, checked_map_header, skip, utf8};
use super::{Decoder, Encoder, FieldHeader, MessageHeader, StructScope};

const VERSION_1: u32 = 0x8001_0000;
const VERSION_MASK: u32 = 0xffff_0000;

/// Writes the binary protocol to the end of a `Vec<u8>`.
#[derive(Debug)]
pub struct BinaryEncoder<'a> {
    out: &'a mut Vec<u8>,
    strict: bool,
}

impl<'a> BinaryEncoder<'a> {
    /// A strict encoder (versioned message headers).
    pub fn new(out: &'a mut Vec<u8>) -> Self {
        BinaryEncoder { out, strict: true }
    }

    /// A non-strict encoder (message headers start with the name), for
    /// peers that only read that form.
    pub fn non_strict(out: &'a mut Vec<u8>) -> Self {
        BinaryEncoder { out, strict: false }
    }

    #[inline(always)]
    fn len(&mut self, what: &str, len: usize) -> thrift::Result<()> {
        let len = i32::try_from(len).map_err(|_| size_limit(what, len))?;
        self.out.extend_from_slice(&len.to_be_bytes());
        Ok(())
    }
}

impl Encoder for BinaryEncoder<'_> {
    fn write_message_begin(
        &mut self,
        name: &str,
        kind: TMessageType,
        sequence_id: i32,
    ) -> thrift::Result<()> {
        if self.strict {
            let version = VERSION_1 | u32::from(u8::from(kind));
            self.out.extend_from_slice(&version.to_be_bytes());
            self.write_string(name)?;
        } else {
            self.write_string(name)?;
            self.out.push(u8::from(kind));
        }
        self.out.extend_from_slice(&sequence_id.to_be_bytes());
        Ok(())
    }

    #[inline(always)]
    fn write_message_end(&mut self) -> thrift::Result<()> {
        Ok(())
    }

    #[inline(always)]
    fn write_struct_begin(&mut self) -> thrift::Result<StructScope> {
        Ok(StructScope(0))
    }

    #[inline(always)]
    fn write_struct_end(&mut self, _: StructScope) -> thrift::Result<()> {
        Ok(())
    }

    #[inline(always)]
    fn write_field_begin(&mut self, ttype: TType, id: i16) -> thrift::Result<()> {
        let [hi, lo] = id.to_be_bytes();
        self.out.extend_from_slice(&[type_byte(ttype), hi, lo]);
        Ok(())
    }

    #[inline(always)]
    fn write_field_end(&mut self) -> thrift::Result<()> {
        Ok(())
    }

    #[inline(always)]
    fn write_field_stop(&mut self) -> thrift::Result<()> {
        self.out.push(0);
        Ok(())
    }

    #[inline(always)]
    fn write_bool(&mut self, value: bool) -> thrift::Result<()> {
        self.out.push(u8::from(value));
        Ok(())
    }

    #[inline(always)]
    fn write_i8(&mut self, value: i8) -> thrift::Result<()> {
        self.out.push(value as u8);
        Ok(())
    }

    #[inline(always)]
    fn write_i16(&mut self, value: i16) -> thrift::Result<()> {
        self.out.extend_from_slice(&value.to_be_bytes());
        Ok(())
    }

    #[inline(always)]
    fn write_i32(&mut self, value: i32) -> thrift::Result<()> {
        self.out.extend_from_slice(&value.to_be_bytes());
        Ok(())
    }

    #[inline(always)]
    fn write_i64(&mut self, value: i64) -> thrift::Result<()> {
        self.out.extend_from_slice(&value.to_be_bytes());
        Ok(())
    }

    #[inline(always)]
    fn write_double(&mut self, value: f64) -> thrift::Result<()> {
        self.out.extend_from_slice(&value.to_be_bytes());
        Ok(())
    }

    #[inline(always)]
    fn write_string(&mut self, value: &str) -> thrift::Result<()> {
        self.write_bytes(value.as_bytes())
    }

    #[inline(always)]
    fn write_bytes(&mut self, value: &[u8]) -> thrift::Result<()> {
        self.len("binary", value.len())?;
        self.out.extend_from_slice(value);
        Ok(())
    }

    #[inline(always)]
    fn write_uuid(&mut self, value: &uuid::Uuid) -> thrift::Result<()> {
        self.out.extend_from_slice(value.as_bytes());
        Ok(())
    }

    #[inline(always)]
    fn write_list_begin(&mut self, element: TType, len: usize) -> thrift::Result<()> {
        self.out.push(type_byte(element));
        self.len("list", len)
    }

    #[inline(always)]
    fn write_list_end(&mut self) -> thrift::Result<()> {
        Ok(())
    }

    #[inline(always)]
    fn write_set_begin(&mut self, element: TType, len: usize) -> thrift::Result<()> {
        self.out.push(type_byte(element));
        self.len("set", len)
    }

    #[inline(always)]
    fn write_set_end(&mut self) -> thrift::Result<()> {
        Ok(())
    }

    #[inline(always)]
    fn write_map_begin(&mut self, key: TType, value: TType, len: usize) -> thrift::Result<()> {
        self.out
            .extend_from_slice(&[type_byte(key), type_byte(value)]);
        self.len("map", len)
    }

    #[inline(always)]
    fn write_map_end(&mut self) -> thrift::Result<()> {
        Ok(())
    }
}

/// Reads the binary protocol from a byte slice.
#[derive(Debug, Clone)]
pub struct BinaryDecoder<'a> {
    input: Input<'a>,
}

impl<'a> BinaryDecoder<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        BinaryDecoder {
            input: Input::new(bytes),
        }
    }

    /// Bytes not read yet.
    pub fn remaining(&self) -> usize {
        self.input.remaining()
    }

    #[inline(always)]
    fn len(&mut self, what: &str) -> thrift::Result<usize> {
        let len = i32::from_be_bytes(self.input.array()?);
        usize::try_from(len).map_err(|_| negative_size(what, i64::from(len)))
    }

    #[inline(always)]
    fn ttype(&mut self) -> thrift::Result<TType> {
        let byte = self.input.byte()?;
        byte_type(byte).ok_or_else(|| bad_type(byte))
    }

    #[inline(always)]
    fn string_bytes(&mut self) -> thrift::Result<&'a [u8]> {
        let len = self.len("string")?;
        self.input.take(len)
    }
}

impl Decoder for BinaryDecoder<'_> {
    fn read_message_begin(&mut self) -> thrift::Result<MessageHeader> {
        let first = i32::from_be_bytes(self.input.array()?);
        let (name, kind) = if first < 0 {
            let word = first as u32;
            if word & VERSION_MASK != VERSION_1 {
                return Err(bad_version(format!(
                    "bad binary protocol version {:#010x}",
                    word & VERSION_MASK
                )));
            }
            let kind = TMessageType::try_from(word as u8)?;
            (self.read_string()?, kind)
        } else {
            // Non-strict: `first` was the name's length.
            let name = self.input.take(first as usize)?;
            let name = utf8(name)?.to_owned();
            (name, TMessageType::try_from(self.input.byte()?)?)
        };
        let sequence_id = self.read_i32()?;
        Ok(MessageHeader {
            name,
            kind,
            sequence_id,
        })
    }

    #[inline(always)]
    fn read_message_end(&mut self) -> thrift::Result<()> {
        Ok(())
    }

    #[inline(always)]
    fn read_struct_begin(&mut self) -> thrift::Result<StructScope> {
        self.input.enter()?;
        Ok(StructScope(0))
    }

    #[inline(always)]
    fn read_struct_end(&mut self, _: StructScope) -> thrift::Result<()> {
        self.input.leave();
        Ok(())
    }

    #[inline(always)]
    fn read_field_begin(&mut self) -> thrift::Result<FieldHeader> {
        let byte = self.input.byte()?;
        if byte == 0 {
            return Ok(FieldHeader {
                ttype: TType::Stop,
                id: 0,
            });
        }
        let ttype = byte_type(byte).ok_or_else(|| bad_type(byte))?;
        let id = i16::from_be_bytes(self.input.array()?);
        Ok(FieldHeader { ttype, id })
    }

    #[inline(always)]
    fn read_field_end(&mut self) -> thrift::Result<()> {
        Ok(())
    }

    #[inline(always)]
    fn read_bool(&mut self) -> thrift::Result<bool> {
        Ok(self.input.byte()? != 0)
    }

    #[inline(always)]
    fn read_i8(&mut self) -> thrift::Result<i8> {
        Ok(self.input.byte()? as i8)
    }

    #[inline(always)]
    fn read_i16(&mut self) -> thrift::Result<i16> {
        Ok(i16::from_be_bytes(self.input.array()?))
    }

    #[inline(always)]
    fn read_i32(&mut self) -> thrift::Result<i32> {
        Ok(i32::from_be_bytes(self.input.array()?))
    }

    #[inline(always)]
    fn read_i64(&mut self) -> thrift::Result<i64> {
        Ok(i64::from_be_bytes(self.input.array()?))
    }

    #[inline(always)]
    fn read_double(&mut self) -> thrift::Result<f64> {
        Ok(f64::from_be_bytes(self.input.array()?))
    }

    #[inline(always)]
    fn read_string(&mut self) -> thrift::Result<String> {
        let bytes = self.string_bytes()?;
        Ok(utf8(bytes)?.to_owned())
    }

    #[inline(always)]
    fn read_bytes(&mut self) -> thrift::Result<Vec<u8>> {
        Ok(self.string_bytes()?.to_vec())
    }

    #[inline(always)]
    fn read_uuid(&mut self) -> thrift::Result<uuid::Uuid> {
        Ok(uuid::Uuid::from_bytes(self.input.array()?))
    }

    #[inline(always)]
    fn read_list_begin(&mut self, element: TType) -> thrift::Result<usize> {
        checked_list_header(self, "list", element)
    }

    #[inline(always)]
    fn read_list_end(&mut self) -> thrift::Result<()> {
        Ok(())
    }

    #[inline(always)]
    fn read_set_begin(&mut self, element: TType) -> thrift::Result<usize> {
        checked_list_header(self, "set", element)
    }

    #[inline(always)]
    fn read_set_end(&mut self) -> thrift::Result<()> {
        Ok(())
    }

    #[inline(always)]
    fn read_map_begin(&mut self, key: TType, value: TType) -> thrift::Result<usize> {
        checked_map_header(self, key, value)
    }

    #[inline(always)]
    fn read_map_end(&mut self) -> thrift::Result<()> {
        Ok(())
    }

    fn skip(&mut self, ttype: TType) -> thrift::Result<()> {
        skip(self, ttype)
    }

    #[inline(always)]
    fn capacity(&self, len: usize) -> usize {
        // Checked against the remaining input when the header was read.
        len
    }
}

impl RawDecoder for BinaryDecoder<'_> {
    fn depth(&self) -> usize {
        self.input.depth()
    }

    #[inline(always)]
    fn raw_list_header(&mut self) -> thrift::Result<(TType, usize)> {
        let element = self.ttype()?;
        let len = self.len("list")?;
        self.input.check_len("list", len, 1)?;
        Ok((element, len))
    }

    #[inline(always)]
    fn raw_map_header(&mut self) -> thrift::Result<(TType, TType, usize)> {
        let key = self.ttype()?;
        let value = self.ttype()?;
        let len = self.len("map")?;
        self.input.check_len("map", len, 2)?;
        Ok((key, value, len))
    }

    fn skip_string(&mut self) -> thrift::Result<()> {
        self.string_bytes().map(drop)
    }
}

#[inline(always)]
fn type_byte(ttype: TType) -> u8 {
    match ttype {
        TType::Stop => 0,
        TType::Void => 1,
        TType::Bool => 2,
        TType::I08 => 3,
        TType::Double => 4,
        TType::I16 => 6,
        TType::Utf7 => 7,
        TType::I32 => 8,
        TType::I64 => 10,
        TType::String => 11,
        TType::Struct => 12,
        TType::Map => 13,
        TType::Set => 14,
        TType::List => 15,
        TType::Uuid => 16,
    }
}

/// The type of a type byte; `None` for bytes no value can have (stop and
/// the unused void and UTF-7 codes among them).
#[inline(always)]
fn byte_type(byte: u8) -> Option<TType> {
    Some(match byte {
        2 => TType::Bool,
        3 => TType::I08,
        4 => TType::Double,
        6 => TType::I16,
        8 => TType::I32,
        10 => TType::I64,
        11 => TType::String,
        12 => TType::Struct,
        13 => TType::Map,
        14 => TType::Set,
        15 => TType::List,
        16 => TType::Uuid,
        _ => return None,
    })
}
