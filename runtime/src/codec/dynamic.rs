//! [`DynEncoder`] / [`DynDecoder`]: the codec traits over the `thrift`
//! crate's `dyn TOutputProtocol` / `dyn TInputProtocol`, so that one
//! generated body serves both the fast path and `TSerializable` (any
//! transport, any protocol the crate has, its servers and processors).

use thrift::protocol::{
    TFieldIdentifier, TInputProtocol, TListIdentifier, TMapIdentifier, TMessageIdentifier,
    TMessageType, TOutputProtocol, TSetIdentifier, TStructIdentifier, TType, prealloc_size,
};

use super::error::{depth_limit, invalid, negative_size, size_limit};
use super::input::check_element;
use super::{Decoder, Encoder, FieldHeader, MAX_DEPTH, MessageHeader, StructScope};

/// Writes through a `thrift` crate output protocol.
pub struct DynEncoder<'a> {
    protocol: &'a mut dyn TOutputProtocol,
}

impl<'a> DynEncoder<'a> {
    pub fn new(protocol: &'a mut dyn TOutputProtocol) -> Self {
        DynEncoder { protocol }
    }
}

fn wire_len(what: &str, len: usize) -> thrift::Result<i32> {
    i32::try_from(len).map_err(|_| size_limit(what, len))
}

impl Encoder for DynEncoder<'_> {
    fn write_message_begin(
        &mut self,
        name: &str,
        kind: TMessageType,
        sequence_id: i32,
    ) -> thrift::Result<()> {
        self.protocol
            .write_message_begin(&TMessageIdentifier::new(name, kind, sequence_id))
    }

    fn write_message_end(&mut self) -> thrift::Result<()> {
        self.protocol.write_message_end()
    }

    fn write_struct_begin(&mut self) -> thrift::Result<StructScope> {
        // No name: neither binary nor compact puts it on the wire.
        self.protocol.write_struct_begin(&TStructIdentifier {
            name: String::new(),
        })?;
        Ok(StructScope(0))
    }

    fn write_struct_end(&mut self, _: StructScope) -> thrift::Result<()> {
        self.protocol.write_struct_end()
    }

    fn write_field_begin(&mut self, ttype: TType, id: i16) -> thrift::Result<()> {
        self.protocol.write_field_begin(&TFieldIdentifier {
            name: None,
            field_type: ttype,
            id: Some(id),
        })
    }

    fn write_field_end(&mut self) -> thrift::Result<()> {
        self.protocol.write_field_end()
    }

    fn write_field_stop(&mut self) -> thrift::Result<()> {
        self.protocol.write_field_stop()
    }

    fn write_bool(&mut self, value: bool) -> thrift::Result<()> {
        self.protocol.write_bool(value)
    }

    fn write_i8(&mut self, value: i8) -> thrift::Result<()> {
        self.protocol.write_i8(value)
    }

    fn write_i16(&mut self, value: i16) -> thrift::Result<()> {
        self.protocol.write_i16(value)
    }

    fn write_i32(&mut self, value: i32) -> thrift::Result<()> {
        self.protocol.write_i32(value)
    }

    fn write_i64(&mut self, value: i64) -> thrift::Result<()> {
        self.protocol.write_i64(value)
    }

    fn write_double(&mut self, value: f64) -> thrift::Result<()> {
        self.protocol.write_double(value)
    }

    fn write_string(&mut self, value: &str) -> thrift::Result<()> {
        wire_len("string", value.len())?;
        self.protocol.write_string(value)
    }

    fn write_bytes(&mut self, value: &[u8]) -> thrift::Result<()> {
        wire_len("binary", value.len())?;
        self.protocol.write_bytes(value)
    }

    fn write_uuid(&mut self, value: &uuid::Uuid) -> thrift::Result<()> {
        self.protocol.write_uuid(value)
    }

    fn write_list_begin(&mut self, element: TType, len: usize) -> thrift::Result<()> {
        let len = wire_len("list", len)?;
        self.protocol
            .write_list_begin(&TListIdentifier::new(element, len))
    }

    fn write_list_end(&mut self) -> thrift::Result<()> {
        self.protocol.write_list_end()
    }

    fn write_set_begin(&mut self, element: TType, len: usize) -> thrift::Result<()> {
        let len = wire_len("set", len)?;
        self.protocol
            .write_set_begin(&TSetIdentifier::new(element, len))
    }

    fn write_set_end(&mut self) -> thrift::Result<()> {
        self.protocol.write_set_end()
    }

    fn write_map_begin(&mut self, key: TType, value: TType, len: usize) -> thrift::Result<()> {
        let len = wire_len("map", len)?;
        self.protocol
            .write_map_begin(&TMapIdentifier::new(key, value, len))
    }

    fn write_map_end(&mut self) -> thrift::Result<()> {
        self.protocol.write_map_end()
    }

    fn flush(&mut self) -> thrift::Result<()> {
        self.protocol.flush()
    }
}

/// Reads through a `thrift` crate input protocol, counting struct nesting
/// so a recursive type cannot recurse without bound.
pub struct DynDecoder<'a> {
    protocol: &'a mut dyn TInputProtocol,
    depth: usize,
}

impl<'a> DynDecoder<'a> {
    pub fn new(protocol: &'a mut dyn TInputProtocol) -> Self {
        DynDecoder { protocol, depth: 0 }
    }
}

fn usize_len(what: &str, len: i32) -> thrift::Result<usize> {
    usize::try_from(len).map_err(|_| negative_size(what, i64::from(len)))
}

impl Decoder for DynDecoder<'_> {
    fn read_message_begin(&mut self) -> thrift::Result<MessageHeader> {
        let ident = self.protocol.read_message_begin()?;
        Ok(MessageHeader {
            name: ident.name,
            kind: ident.message_type,
            sequence_id: ident.sequence_number,
        })
    }

    fn read_message_end(&mut self) -> thrift::Result<()> {
        self.protocol.read_message_end()
    }

    fn read_struct_begin(&mut self) -> thrift::Result<StructScope> {
        if self.depth >= MAX_DEPTH {
            return Err(depth_limit());
        }
        self.depth += 1;
        self.protocol.read_struct_begin()?;
        Ok(StructScope(0))
    }

    fn read_struct_end(&mut self, _: StructScope) -> thrift::Result<()> {
        self.depth = self.depth.saturating_sub(1);
        self.protocol.read_struct_end()
    }

    fn read_field_begin(&mut self) -> thrift::Result<FieldHeader> {
        let field = self.protocol.read_field_begin()?;
        match (field.field_type, field.id) {
            (TType::Stop, _) => Ok(FieldHeader {
                ttype: TType::Stop,
                id: 0,
            }),
            (ttype, Some(id)) => Ok(FieldHeader { ttype, id }),
            (ttype, None) => Err(invalid(format!("{ttype} field without an id"))),
        }
    }

    fn read_field_end(&mut self) -> thrift::Result<()> {
        self.protocol.read_field_end()
    }

    fn read_bool(&mut self) -> thrift::Result<bool> {
        self.protocol.read_bool()
    }

    fn read_i8(&mut self) -> thrift::Result<i8> {
        self.protocol.read_i8()
    }

    fn read_i16(&mut self) -> thrift::Result<i16> {
        self.protocol.read_i16()
    }

    fn read_i32(&mut self) -> thrift::Result<i32> {
        self.protocol.read_i32()
    }

    fn read_i64(&mut self) -> thrift::Result<i64> {
        self.protocol.read_i64()
    }

    fn read_double(&mut self) -> thrift::Result<f64> {
        self.protocol.read_double()
    }

    fn read_string(&mut self) -> thrift::Result<String> {
        self.protocol.read_string()
    }

    fn read_bytes(&mut self) -> thrift::Result<Vec<u8>> {
        self.protocol.read_bytes()
    }

    fn read_uuid(&mut self) -> thrift::Result<uuid::Uuid> {
        self.protocol.read_uuid()
    }

    fn read_list_begin(&mut self, element: TType) -> thrift::Result<usize> {
        let ident = self.protocol.read_list_begin()?;
        let len = usize_len("list", ident.size)?;
        check_element("list", element, ident.element_type, len)?;
        Ok(len)
    }

    fn read_list_end(&mut self) -> thrift::Result<()> {
        self.protocol.read_list_end()
    }

    fn read_set_begin(&mut self, element: TType) -> thrift::Result<usize> {
        let ident = self.protocol.read_set_begin()?;
        let len = usize_len("set", ident.size)?;
        check_element("set", element, ident.element_type, len)?;
        Ok(len)
    }

    fn read_set_end(&mut self) -> thrift::Result<()> {
        self.protocol.read_set_end()
    }

    fn read_map_begin(&mut self, key: TType, value: TType) -> thrift::Result<usize> {
        let ident = self.protocol.read_map_begin()?;
        let len = usize_len("map", ident.size)?;
        if len != 0 {
            let (Some(found_key), Some(found_value)) = (ident.key_type, ident.value_type) else {
                return Err(invalid("map header without element types".to_owned()));
            };
            check_element("map", key, found_key, len)?;
            check_element("map", value, found_value, len)?;
        }
        Ok(len)
    }

    fn read_map_end(&mut self) -> thrift::Result<()> {
        self.protocol.read_map_end()
    }

    fn skip(&mut self, ttype: TType) -> thrift::Result<()> {
        // The crate's skip has its own depth limit (64).
        self.protocol.skip(ttype)
    }

    fn capacity(&self, len: usize) -> usize {
        // A stream's remaining length is unknown: reserve at most what the
        // `thrift` crate allows, whatever the peer claims.
        prealloc_size(i32::try_from(len).unwrap_or(i32::MAX))
    }
}
