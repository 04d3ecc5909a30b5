//! Hand-written argument and result structs, as generated code would have
//! them, and in-memory wire helpers for the runtime's tests.

#![allow(dead_code)] // each test file uses a different part

use std::fmt;

use thriftgen_runtime::codec::{Decode, Decoder, Encode, Encoder};
use thriftgen_runtime::thrift::protocol::{
    TBinaryInputProtocol, TBinaryOutputProtocol, TFieldIdentifier, TInputProtocol,
    TMessageIdentifier, TMessageType, TOutputProtocol, TSerializable, TStructIdentifier, TType,
};
use thriftgen_runtime::thrift::transport::TBufferChannel;
use thriftgen_runtime::thrift::{self, ApplicationError};

/// `echo(1: string text)`.
#[derive(Debug, Clone, PartialEq)]
pub struct EchoArgs {
    pub text: String,
}

/// `exception Oops { 1: string why }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Oops {
    pub why: String,
}

impl fmt::Display for Oops {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "oops: {}", self.why)
    }
}

impl std::error::Error for Oops {}

/// `echo`'s result: `0: string success`, `1: Oops oops`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EchoResult {
    pub success: Option<String>,
    pub oops: Option<Oops>,
}

impl TSerializable for EchoArgs {
    fn read_from_in_protocol(i: &mut dyn TInputProtocol) -> thrift::Result<Self> {
        let mut text = String::new();
        read_fields(i, |i, id| match id {
            1 => {
                text = i.read_string()?;
                Ok(true)
            }
            _ => Ok(false),
        })?;
        Ok(EchoArgs { text })
    }

    fn write_to_out_protocol(&self, o: &mut dyn TOutputProtocol) -> thrift::Result<()> {
        o.write_struct_begin(&TStructIdentifier::new("EchoArgs"))?;
        write_string_field(o, 1, &self.text)?;
        o.write_field_stop()?;
        o.write_struct_end()
    }
}

impl TSerializable for Oops {
    fn read_from_in_protocol(i: &mut dyn TInputProtocol) -> thrift::Result<Self> {
        let mut why = String::new();
        read_fields(i, |i, id| match id {
            1 => {
                why = i.read_string()?;
                Ok(true)
            }
            _ => Ok(false),
        })?;
        Ok(Oops { why })
    }

    fn write_to_out_protocol(&self, o: &mut dyn TOutputProtocol) -> thrift::Result<()> {
        o.write_struct_begin(&TStructIdentifier::new("Oops"))?;
        write_string_field(o, 1, &self.why)?;
        o.write_field_stop()?;
        o.write_struct_end()
    }
}

impl TSerializable for EchoResult {
    fn read_from_in_protocol(i: &mut dyn TInputProtocol) -> thrift::Result<Self> {
        let mut result = EchoResult::default();
        read_fields(i, |i, id| match id {
            0 => {
                result.success = Some(i.read_string()?);
                Ok(true)
            }
            1 => {
                result.oops = Some(Oops::read_from_in_protocol(i)?);
                Ok(true)
            }
            _ => Ok(false),
        })?;
        Ok(result)
    }

    fn write_to_out_protocol(&self, o: &mut dyn TOutputProtocol) -> thrift::Result<()> {
        o.write_struct_begin(&TStructIdentifier::new("EchoResult"))?;
        if let Some(s) = &self.success {
            write_string_field(o, 0, s)?;
        }
        if let Some(e) = &self.oops {
            o.write_field_begin(&TFieldIdentifier::new("oops", TType::Struct, 1))?;
            e.write_to_out_protocol(o)?;
            o.write_field_end()?;
        }
        o.write_field_stop()?;
        o.write_struct_end()
    }
}

/// Reads a struct, calling `field` for each field id; fields it does not
/// take (returns false) are skipped.
fn read_fields(
    i: &mut dyn TInputProtocol,
    mut field: impl FnMut(&mut dyn TInputProtocol, i16) -> thrift::Result<bool>,
) -> thrift::Result<()> {
    i.read_struct_begin()?;
    loop {
        let ident = i.read_field_begin()?;
        if ident.field_type == TType::Stop {
            break;
        }
        if !field(i, ident.id.unwrap_or(i16::MIN))? {
            i.skip(ident.field_type)?;
        }
        i.read_field_end()?;
    }
    i.read_struct_end()
}

fn write_string_field(o: &mut dyn TOutputProtocol, id: i16, s: &str) -> thrift::Result<()> {
    o.write_field_begin(&TFieldIdentifier::new("f", TType::String, id))?;
    o.write_string(s)?;
    o.write_field_end()
}

/// One message as bytes of the strict binary protocol.
pub fn message(
    name: &str,
    kind: TMessageType,
    sequence_id: i32,
    body: impl FnOnce(&mut dyn TOutputProtocol) -> thrift::Result<()>,
) -> Vec<u8> {
    let channel = TBufferChannel::with_capacity(0, 4096);
    let mut o = TBinaryOutputProtocol::new(channel.clone(), true);
    o.write_message_begin(&TMessageIdentifier::new(name, kind, sequence_id))
        .unwrap();
    body(&mut o).unwrap();
    o.write_message_end().unwrap();
    o.flush().unwrap();
    channel.write_bytes()
}

/// A message of the strict binary protocol, decoded.
pub enum Decoded<R> {
    Reply(TMessageIdentifier, R),
    Exception(TMessageIdentifier, ApplicationError),
}

/// Decodes the one message in `bytes`; the body of a reply as `R`.
pub fn decode<R: TSerializable>(bytes: &[u8]) -> Decoded<R> {
    let mut channel = TBufferChannel::with_capacity(bytes.len(), 0);
    channel.set_readable_bytes(bytes);
    let mut i = TBinaryInputProtocol::new(channel, true);
    let ident = i.read_message_begin().unwrap();
    match ident.message_type {
        TMessageType::Reply => {
            let body = R::read_from_in_protocol(&mut i).unwrap();
            Decoded::Reply(ident, body)
        }
        TMessageType::Exception => {
            let e = thrift::Error::read_application_error_from_in_protocol(&mut i).unwrap();
            Decoded::Exception(ident, e)
        }
        other => panic!("unexpected message type {other:?}"),
    }
}

/// An in-memory binary protocol pair: the input reads `incoming`, the
/// returned channel shows what the output wrote.
pub fn protocols(
    incoming: &[u8],
) -> (
    TBinaryInputProtocol<TBufferChannel>,
    TBinaryOutputProtocol<TBufferChannel>,
    TBufferChannel,
) {
    let mut input = TBufferChannel::with_capacity(incoming.len(), 0);
    input.set_readable_bytes(incoming);
    let output = TBufferChannel::with_capacity(0, 4096);
    (
        TBinaryInputProtocol::new(input, true),
        TBinaryOutputProtocol::new(output.clone(), true),
        output,
    )
}

/// What the runtime's client reads replies with; the same fields as the
/// `TSerializable` reading above, through the codec's `Decoder`.
impl Decode for EchoResult {
    fn decode<D: Decoder>(decoder: &mut D) -> thrift::Result<Self> {
        let mut result = EchoResult::default();
        let scope = decoder.read_struct_begin()?;
        loop {
            let field = decoder.read_field_begin()?;
            match (field.id, field.ttype) {
                (_, TType::Stop) => break,
                (0, TType::String) => result.success = Some(decoder.read_string()?),
                (1, TType::Struct) => {
                    let inner = decoder.read_struct_begin()?;
                    let mut why = String::new();
                    loop {
                        let field = decoder.read_field_begin()?;
                        match (field.id, field.ttype) {
                            (_, TType::Stop) => break,
                            (1, TType::String) => why = decoder.read_string()?,
                            (_, ttype) => decoder.skip(ttype)?,
                        }
                    }
                    decoder.read_struct_end(inner)?;
                    result.oops = Some(Oops { why });
                }
                (_, ttype) => decoder.skip(ttype)?,
            }
        }
        decoder.read_struct_end(scope)?;
        Ok(result)
    }
}

/// What the runtime's processor reads arguments with.
impl Decode for EchoArgs {
    fn decode<D: Decoder>(decoder: &mut D) -> thrift::Result<Self> {
        let mut text = String::new();
        let scope = decoder.read_struct_begin()?;
        loop {
            let field = decoder.read_field_begin()?;
            match (field.id, field.ttype) {
                (_, TType::Stop) => break,
                (1, TType::String) => text = decoder.read_string()?,
                (_, ttype) => decoder.skip(ttype)?,
            }
        }
        decoder.read_struct_end(scope)?;
        Ok(EchoArgs { text })
    }
}

/// What the runtime's processor writes results with.
impl Encode for EchoResult {
    fn encode<E: Encoder>(&self, encoder: &mut E) -> thrift::Result<()> {
        let scope = encoder.write_struct_begin()?;
        if let Some(s) = &self.success {
            encoder.write_field_begin(TType::String, 0)?;
            encoder.write_string(s)?;
            encoder.write_field_end()?;
        }
        if let Some(e) = &self.oops {
            encoder.write_field_begin(TType::Struct, 1)?;
            let inner = encoder.write_struct_begin()?;
            encoder.write_field_begin(TType::String, 1)?;
            encoder.write_string(&e.why)?;
            encoder.write_field_end()?;
            encoder.write_field_stop()?;
            encoder.write_struct_end(inner)?;
            encoder.write_field_end()?;
        }
        encoder.write_field_stop()?;
        encoder.write_struct_end(scope)
    }
}
