//! The compact protocol on memory: [`CompactEncoder`] appends to a
//! `Vec<u8>`, [`CompactDecoder`] reads a `&[u8]`.
//!
//! Integers are zigzag varints, doubles little-endian; a field header
//! carries the id as a delta from the previous field's when it fits in a
//! nibble (hence the [`StructScope`] saving the enclosing struct's last
//! id), and a bool field's value lives in its header's type nibble.

use thrift::protocol::{TMessageType, TType};

use super::error::{bad_type, bad_version, invalid, size_limit};
use super::input::{Input, RawDecoder, checked_list_header, checked_map_header, skip, utf8};
use super::{Decoder, Encoder, FieldHeader, MessageHeader, StructScope};

const PROTOCOL_ID: u8 = 0x82;
const VERSION: u8 = 1;
const VERSION_MASK: u8 = 0x1f;

/// Writes the compact protocol to the end of a `Vec<u8>`.
#[derive(Debug)]
pub struct CompactEncoder<'a> {
    out: &'a mut Vec<u8>,
    last_id: i16,
    /// A bool field whose header waits for its value.
    pending_bool: Option<i16>,
}

impl<'a> CompactEncoder<'a> {
    pub fn new(out: &'a mut Vec<u8>) -> Self {
        CompactEncoder {
            out,
            last_id: 0,
            pending_bool: None,
        }
    }

    #[inline(always)]
    fn varint(&mut self, mut value: u64) {
        while value >= 0x80 {
            self.out.push(value as u8 | 0x80);
            value >>= 7;
        }
        self.out.push(value as u8);
    }

    #[inline(always)]
    fn field_header(&mut self, type_nibble: u8, id: i16) {
        let delta = i32::from(id) - i32::from(self.last_id);
        if (1..=15).contains(&delta) {
            self.out.push(((delta as u8) << 4) | type_nibble);
        } else {
            self.out.push(type_nibble);
            self.varint(u64::from(zigzag_32(i32::from(id))));
        }
        self.last_id = id;
    }

    #[inline(always)]
    fn len(&mut self, what: &str, len: usize) -> thrift::Result<u32> {
        match i32::try_from(len) {
            Ok(len) => Ok(len as u32),
            Err(_) => Err(size_limit(what, len)),
        }
    }

    #[inline(always)]
    fn collection_begin(&mut self, what: &str, element: TType, len: usize) -> thrift::Result<()> {
        let len = self.len(what, len)?;
        let element = type_nibble(element);
        if len < 15 {
            self.out.push(((len as u8) << 4) | element);
        } else {
            self.out.push(0xf0 | element);
            self.varint(u64::from(len));
        }
        Ok(())
    }
}

impl Encoder for CompactEncoder<'_> {
    fn write_message_begin(
        &mut self,
        name: &str,
        kind: TMessageType,
        sequence_id: i32,
    ) -> thrift::Result<()> {
        self.out.push(PROTOCOL_ID);
        self.out.push((u8::from(kind) << 5) | VERSION);
        // The sequence id is written as an unsigned varint, not zigzag.
        self.varint(u64::from(sequence_id as u32));
        self.write_string(name)
    }

    #[inline(always)]
    fn write_message_end(&mut self) -> thrift::Result<()> {
        Ok(())
    }

    #[inline(always)]
    fn write_struct_begin(&mut self) -> thrift::Result<StructScope> {
        let outer = self.last_id;
        self.last_id = 0;
        Ok(StructScope(outer))
    }

    #[inline(always)]
    fn write_struct_end(&mut self, scope: StructScope) -> thrift::Result<()> {
        self.last_id = scope.0;
        Ok(())
    }

    #[inline(always)]
    fn write_field_begin(&mut self, ttype: TType, id: i16) -> thrift::Result<()> {
        if ttype == TType::Bool {
            self.pending_bool = Some(id);
        } else {
            self.field_header(type_nibble(ttype), id);
        }
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
        let nibble = if value { 1 } else { 2 };
        match self.pending_bool.take() {
            Some(id) => self.field_header(nibble, id),
            None => self.out.push(nibble),
        }
        Ok(())
    }

    #[inline(always)]
    fn write_i8(&mut self, value: i8) -> thrift::Result<()> {
        self.out.push(value as u8);
        Ok(())
    }

    #[inline(always)]
    fn write_i16(&mut self, value: i16) -> thrift::Result<()> {
        self.varint(u64::from(zigzag_32(i32::from(value))));
        Ok(())
    }

    #[inline(always)]
    fn write_i32(&mut self, value: i32) -> thrift::Result<()> {
        self.varint(u64::from(zigzag_32(value)));
        Ok(())
    }

    #[inline(always)]
    fn write_i64(&mut self, value: i64) -> thrift::Result<()> {
        self.varint(zigzag_64(value));
        Ok(())
    }

    #[inline(always)]
    fn write_double(&mut self, value: f64) -> thrift::Result<()> {
        self.out.extend_from_slice(&value.to_le_bytes());
        Ok(())
    }

    #[inline(always)]
    fn write_string(&mut self, value: &str) -> thrift::Result<()> {
        self.write_bytes(value.as_bytes())
    }

    #[inline(always)]
    fn write_bytes(&mut self, value: &[u8]) -> thrift::Result<()> {
        let len = self.len("binary", value.len())?;
        self.varint(u64::from(len));
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
        self.collection_begin("list", element, len)
    }

    #[inline(always)]
    fn write_list_end(&mut self) -> thrift::Result<()> {
        Ok(())
    }

    #[inline(always)]
    fn write_set_begin(&mut self, element: TType, len: usize) -> thrift::Result<()> {
        self.collection_begin("set", element, len)
    }

    #[inline(always)]
    fn write_set_end(&mut self) -> thrift::Result<()> {
        Ok(())
    }

    #[inline(always)]
    fn write_map_begin(&mut self, key: TType, value: TType, len: usize) -> thrift::Result<()> {
        let len = self.len("map", len)?;
        self.varint(u64::from(len));
        if len != 0 {
            self.out.push((type_nibble(key) << 4) | type_nibble(value));
        }
        Ok(())
    }

    #[inline(always)]
    fn write_map_end(&mut self) -> thrift::Result<()> {
        Ok(())
    }
}

/// Reads the compact protocol from a byte slice.
#[derive(Debug, Clone)]
pub struct CompactDecoder<'a> {
    input: Input<'a>,
    last_id: i16,
    /// The value of a bool field, read with its header.
    pending_bool: Option<bool>,
}

impl<'a> CompactDecoder<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        CompactDecoder {
            input: Input::new(bytes),
            last_id: 0,
            pending_bool: None,
        }
    }

    /// Bytes not read yet.
    pub fn remaining(&self) -> usize {
        self.input.remaining()
    }

    #[inline(always)]
    fn varint(&mut self, max_bytes: usize) -> thrift::Result<u64> {
        // Straight over the slice: one end check per byte, none per read.
        let rest = self.input.rest();
        let mut value = 0u64;
        for (index, &byte) in rest.iter().take(max_bytes).enumerate() {
            value |= u64::from(byte & 0x7f) << (7 * index);
            if byte & 0x80 == 0 {
                self.input.advance(index + 1);
                return Ok(value);
            }
        }
        match rest.len() < max_bytes {
            true => Err(super::error::truncated()),
            false => Err(invalid(format!("varint longer than {max_bytes} bytes"))),
        }
    }

    #[inline(always)]
    fn varint32(&mut self) -> thrift::Result<u32> {
        // Five bytes hold 35 bits; the top ones are dropped as Apache does.
        Ok(self.varint(5)? as u32)
    }

    #[inline(always)]
    fn len(&mut self, what: &str) -> thrift::Result<usize> {
        let len = self.varint32()?;
        match i32::try_from(len) {
            Ok(len) => Ok(len as usize),
            Err(_) => Err(super::error::negative_size(what, i64::from(len as i32))),
        }
    }

    #[inline(always)]
    fn string_bytes(&mut self) -> thrift::Result<&'a [u8]> {
        let len = self.len("string")?;
        self.input.take(len)
    }
}

impl Decoder for CompactDecoder<'_> {
    fn read_message_begin(&mut self) -> thrift::Result<MessageHeader> {
        let id = self.input.byte()?;
        if id != PROTOCOL_ID {
            return Err(bad_version(format!(
                "not a compact protocol message (first byte {id:#04x})"
            )));
        }
        let kind_and_version = self.input.byte()?;
        if kind_and_version & VERSION_MASK != VERSION {
            return Err(bad_version(format!(
                "compact protocol version {} is not supported",
                kind_and_version & VERSION_MASK
            )));
        }
        let kind = TMessageType::try_from(kind_and_version >> 5)?;
        let sequence_id = self.varint32()? as i32;
        let name = self.read_string()?;
        self.last_id = 0;
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
        let outer = self.last_id;
        self.last_id = 0;
        Ok(StructScope(outer))
    }

    #[inline(always)]
    fn read_struct_end(&mut self, scope: StructScope) -> thrift::Result<()> {
        self.input.leave();
        self.last_id = scope.0;
        Ok(())
    }

    #[inline(always)]
    fn read_field_begin(&mut self) -> thrift::Result<FieldHeader> {
        let byte = self.input.byte()?;
        let ttype = match byte & 0x0f {
            0 => {
                return Ok(FieldHeader {
                    ttype: TType::Stop,
                    id: 0,
                });
            }
            1 => {
                self.pending_bool = Some(true);
                TType::Bool
            }
            2 => {
                self.pending_bool = Some(false);
                TType::Bool
            }
            nibble => nibble_type(nibble).ok_or_else(|| bad_type(nibble))?,
        };
        let delta = byte >> 4;
        let id = if delta != 0 {
            self.last_id
                .checked_add(i16::from(delta))
                .ok_or_else(|| invalid("field id overflows i16".to_owned()))?
        } else {
            self.read_i16()?
        };
        self.last_id = id;
        Ok(FieldHeader { ttype, id })
    }

    #[inline(always)]
    fn read_field_end(&mut self) -> thrift::Result<()> {
        Ok(())
    }

    #[inline(always)]
    fn read_bool(&mut self) -> thrift::Result<bool> {
        if let Some(value) = self.pending_bool.take() {
            return Ok(value);
        }
        match self.input.byte()? {
            1 => Ok(true),
            // 0 is what some old writers put in collections.
            0 | 2 => Ok(false),
            other => Err(invalid(format!("{other:#04x} is not a compact bool"))),
        }
    }

    #[inline(always)]
    fn read_i8(&mut self) -> thrift::Result<i8> {
        Ok(self.input.byte()? as i8)
    }

    #[inline(always)]
    fn read_i16(&mut self) -> thrift::Result<i16> {
        Ok(unzigzag_32(self.varint32()?) as i16)
    }

    #[inline(always)]
    fn read_i32(&mut self) -> thrift::Result<i32> {
        Ok(unzigzag_32(self.varint32()?))
    }

    #[inline(always)]
    fn read_i64(&mut self) -> thrift::Result<i64> {
        Ok(unzigzag_64(self.varint(10)?))
    }

    #[inline(always)]
    fn read_double(&mut self) -> thrift::Result<f64> {
        Ok(f64::from_le_bytes(self.input.array()?))
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

impl RawDecoder for CompactDecoder<'_> {
    fn depth(&self) -> usize {
        self.input.depth()
    }

    #[inline(always)]
    fn raw_list_header(&mut self) -> thrift::Result<(TType, usize)> {
        let header = self.input.byte()?;
        let element = element_type(header & 0x0f)?;
        let len = match header >> 4 {
            15 => self.len("list")?,
            short => usize::from(short),
        };
        self.input.check_len("list", len, 1)?;
        Ok((element, len))
    }

    #[inline(always)]
    fn raw_map_header(&mut self) -> thrift::Result<(TType, TType, usize)> {
        let len = self.len("map")?;
        if len == 0 {
            // An empty map has no type byte.
            return Ok((TType::Stop, TType::Stop, 0));
        }
        let types = self.input.byte()?;
        let key = element_type(types >> 4)?;
        let value = element_type(types & 0x0f)?;
        self.input.check_len("map", len, 2)?;
        Ok((key, value, len))
    }

    fn skip_string(&mut self) -> thrift::Result<()> {
        self.string_bytes().map(drop)
    }
}

#[inline(always)]
fn zigzag_32(value: i32) -> u32 {
    ((value << 1) ^ (value >> 31)) as u32
}

#[inline(always)]
fn zigzag_64(value: i64) -> u64 {
    ((value << 1) ^ (value >> 63)) as u64
}

#[inline(always)]
fn unzigzag_32(value: u32) -> i32 {
    ((value >> 1) as i32) ^ -((value & 1) as i32)
}

#[inline(always)]
fn unzigzag_64(value: u64) -> i64 {
    ((value >> 1) as i64) ^ -((value & 1) as i64)
}

/// The type nibble of a field or element; bools are 1 (true) in
/// containers, and 1 or 2 (the value) in a field header.
#[inline(always)]
fn type_nibble(ttype: TType) -> u8 {
    match ttype {
        TType::Stop => 0x00,
        TType::Bool => 0x01,
        TType::I08 => 0x03,
        TType::I16 => 0x04,
        TType::I32 => 0x05,
        TType::I64 => 0x06,
        TType::Double => 0x07,
        TType::String | TType::Utf7 => 0x08,
        TType::List => 0x09,
        TType::Set => 0x0a,
        TType::Map => 0x0b,
        TType::Struct => 0x0c,
        TType::Uuid => 0x0d,
        // Nothing is ever written as void; a stop is the closest thing.
        TType::Void => 0x00,
    }
}

/// The type of a non-bool field nibble.
#[inline(always)]
fn nibble_type(nibble: u8) -> Option<TType> {
    Some(match nibble {
        0x03 => TType::I08,
        0x04 => TType::I16,
        0x05 => TType::I32,
        0x06 => TType::I64,
        0x07 => TType::Double,
        0x08 => TType::String,
        0x09 => TType::List,
        0x0a => TType::Set,
        0x0b => TType::Map,
        0x0c => TType::Struct,
        0x0d => TType::Uuid,
        _ => return None,
    })
}

/// The type of a container element nibble (bools are 1 or 2).
#[inline(always)]
fn element_type(nibble: u8) -> thrift::Result<TType> {
    match nibble {
        0x01 | 0x02 => Ok(TType::Bool),
        other => nibble_type(other).ok_or_else(|| bad_type(other)),
    }
}
