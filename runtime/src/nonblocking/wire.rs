//! Messages as bytes: where one ends in a byte stream (framed or
//! buffered transport), encoding a call or reply into a buffer, and
//! decoding a reply, all with the slice codecs of [`crate::codec`].

use bytes::{Buf, Bytes, BytesMut};
use thrift::protocol::TMessageType;
use thrift::{ApplicationError, ApplicationErrorKind, TransportError, TransportErrorKind};

use super::scan::Scanner;
use super::{Protocol, Transport};
use crate::codec::{
    BinaryDecoder, CompactDecoder, Decode, Decoder, Encode, Encoder, MessageHeader,
};

/// Splits a byte stream into whole messages (without the frame header),
/// for `tokio_util::codec::FramedRead`.
///
/// Framed transport: a 4-byte big-endian length, then that many bytes.
/// Buffered (unframed) transport: there is no length, so the end of a
/// message is found by walking its struct over the bytes received so far;
/// the walk's state is kept between reads, so bytes already walked are
/// not walked again (a message arriving in many pieces costs linear, not
/// quadratic, time). Input that ends early means "wait for more bytes",
/// anything else is malformed. Either way a message longer than
/// `max_message_size` is refused before it is buffered whole (a length
/// that alone would exceed it, at once).
///
/// Framed transport reserves buffer space as bytes arrive, not for the
/// whole length a header announces, so a peer announcing big frames and
/// sending nothing costs no memory.
#[derive(Debug, Clone)]
pub struct MessageCodec {
    transport: Transport,
    protocol: Protocol,
    max_message_size: usize,
    scanner: Scanner,
}

impl MessageCodec {
    pub fn new(transport: Transport, protocol: Protocol, max_message_size: usize) -> Self {
        MessageCodec {
            transport,
            protocol,
            max_message_size,
            scanner: Scanner::default(),
        }
    }
}

impl tokio_util::codec::Decoder for MessageCodec {
    type Item = Bytes;
    type Error = thrift::Error;

    fn decode(&mut self, src: &mut BytesMut) -> thrift::Result<Option<Bytes>> {
        match self.transport {
            Transport::Framed => {
                let Some(header) = src.first_chunk::<4>() else {
                    return Ok(None);
                };
                let len = u32::from_be_bytes(*header) as usize;
                if len > self.max_message_size {
                    return Err(too_large(len, self.max_message_size));
                }
                if src.len() < 4 + len {
                    // Room for what is missing, but no more than a read's
                    // worth ahead of the bytes actually received.
                    src.reserve((4 + len - src.len()).min(RESERVE_AHEAD));
                    return Ok(None);
                }
                src.advance(4);
                Ok(Some(src.split_to(len).freeze()))
            }
            Transport::Buffered => {
                match self
                    .scanner
                    .scan(self.protocol, src, self.max_message_size)?
                {
                    Some(len) if len > self.max_message_size => {
                        Err(too_large(len, self.max_message_size))
                    }
                    Some(len) => {
                        self.scanner.reset();
                        Ok(Some(src.split_to(len).freeze()))
                    }
                    None if src.len() > self.max_message_size => {
                        Err(too_large_unframed(src.len(), self.max_message_size))
                    }
                    None => Ok(None),
                }
            }
        }
    }

    fn decode_eof(&mut self, src: &mut BytesMut) -> thrift::Result<Option<Bytes>> {
        match self.decode(src)? {
            Some(message) => Ok(Some(message)),
            None if src.is_empty() => Ok(None),
            None => Err(transport(
                TransportErrorKind::EndOfFile,
                format!(
                    "connection closed in the middle of a message ({} bytes received)",
                    src.len()
                ),
            )),
        }
    }
}

/// Where the first message in `bytes` ends, or `None` when `bytes` holds
/// only the start of one.
pub fn message_end(protocol: Protocol, bytes: &[u8]) -> thrift::Result<Option<usize>> {
    Scanner::default().scan(protocol, bytes, usize::MAX)
}

/// How far ahead of the bytes received a framed read reserves space.
const RESERVE_AHEAD: usize = 64 * 1024;

/// Appends a whole message (with its frame header for framed transport)
/// to `out`: the header, then `body` as the message's struct.
pub fn encode_message<T: Encode + ?Sized>(
    transport: Transport,
    protocol: Protocol,
    out: &mut Vec<u8>,
    header: (&str, TMessageType, i32),
    body: &T,
) -> thrift::Result<()> {
    crate::framed::encode_message(protocol, transport == Transport::Framed, out, header, body)
}

/// Decodes a whole message: its header and what `body` reads after it.
pub fn decode_message<T>(
    protocol: Protocol,
    bytes: &[u8],
    body: impl BodyReader<T>,
) -> thrift::Result<T> {
    match protocol {
        Protocol::Binary => {
            let mut d = BinaryDecoder::new(bytes);
            let header = d.read_message_begin()?;
            body.read(header, &mut d)
        }
        Protocol::Compact => {
            let mut d = CompactDecoder::new(bytes);
            let header = d.read_message_begin()?;
            body.read(header, &mut d)
        }
    }
}

/// What follows a message header, read with whichever decoder the
/// protocol has.
pub trait BodyReader<T> {
    fn read<D: Decoder>(self, header: MessageHeader, decoder: &mut D) -> thrift::Result<T>;
}

/// Just the header.
pub(crate) struct HeaderOnly;

impl BodyReader<MessageHeader> for HeaderOnly {
    fn read<D: Decoder>(self, header: MessageHeader, _: &mut D) -> thrift::Result<MessageHeader> {
        Ok(header)
    }
}

/// A value of type `T` after the header, then the message end.
pub(crate) struct Value<T>(std::marker::PhantomData<T>);

impl<T> Value<T> {
    pub(crate) fn new() -> Self {
        Value(std::marker::PhantomData)
    }
}

impl<T: Decode> BodyReader<(MessageHeader, T)> for Value<T> {
    fn read<D: Decoder>(
        self,
        header: MessageHeader,
        decoder: &mut D,
    ) -> thrift::Result<(MessageHeader, T)> {
        let value = T::decode(decoder)?;
        decoder.read_message_end()?;
        Ok((header, value))
    }
}

/// The reply to a call of `method`: the result struct `R`, or the
/// `TApplicationException` the server sent.
pub(crate) struct ReplyOf<'a, R> {
    pub(crate) method: &'a str,
    pub(crate) result: std::marker::PhantomData<R>,
}

impl<R: Decode> BodyReader<R> for ReplyOf<'_, R> {
    fn read<D: Decoder>(self, header: MessageHeader, d: &mut D) -> thrift::Result<R> {
        let method = self.method;
        // A multiplexing server may answer with or without the prefix.
        let name_ok = header.name == method
            || header
                .name
                .rsplit_once(':')
                .is_some_and(|(_, m)| m == method);
        if !name_ok {
            return Err(ApplicationError::new(
                ApplicationErrorKind::WrongMethodName,
                format!(
                    "{method} failed: wrong method name in reply: {}",
                    header.name
                ),
            )
            .into());
        }
        crate::client::read_reply_body(d, header.kind, method)
    }
}

/// A `TApplicationException` as a struct: `1: string message, 2: i32 type`.
pub(crate) struct AppError(pub(crate) ApplicationError);

impl Encode for AppError {
    fn encode<E: Encoder>(&self, e: &mut E) -> thrift::Result<()> {
        crate::write_application_error(e, &self.0)
    }
}

impl Decode for AppError {
    fn decode<D: Decoder>(d: &mut D) -> thrift::Result<Self> {
        crate::read_application_error(d).map(AppError)
    }
}

pub(crate) fn transport(kind: TransportErrorKind, message: String) -> thrift::Error {
    thrift::Error::Transport(TransportError::new(kind, message))
}

fn too_large(len: usize, max: usize) -> thrift::Error {
    transport(
        TransportErrorKind::SizeLimit,
        format!("message of {len} bytes is over the {max}-byte limit"),
    )
}

fn too_large_unframed(buffered: usize, max: usize) -> thrift::Error {
    transport(
        TransportErrorKind::SizeLimit,
        format!("message still incomplete after {buffered} bytes, over the {max}-byte limit"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use thrift::protocol::TType;
    use tokio_util::codec::Decoder as _;

    struct Strings(Vec<String>);

    impl Encode for Strings {
        fn encode<E: Encoder>(&self, e: &mut E) -> thrift::Result<()> {
            let scope = e.write_struct_begin()?;
            e.write_field_begin(TType::List, 1)?;
            e.write_list_begin(TType::String, self.0.len())?;
            for s in &self.0 {
                e.write_string(s)?;
            }
            e.write_list_end()?;
            e.write_field_end()?;
            e.write_field_stop()?;
            e.write_struct_end(scope)
        }
    }

    fn message(transport: Transport, protocol: Protocol) -> Vec<u8> {
        let mut out = Vec::new();
        let body = Strings(vec!["a".into(), "bcd".repeat(50)]);
        encode_message(
            transport,
            protocol,
            &mut out,
            ("echo", TMessageType::Call, 7),
            &body,
        )
        .unwrap();
        out
    }

    #[test]
    fn buffered_messages_are_found_byte_by_byte() {
        for protocol in [Protocol::Binary, Protocol::Compact] {
            let one = message(Transport::Buffered, protocol);
            let two = [one.clone(), one.clone()].concat();
            let mut codec = MessageCodec::new(Transport::Buffered, protocol, 1 << 20);
            let mut buf = BytesMut::new();
            let mut found = Vec::new();
            for byte in two {
                buf.extend_from_slice(&[byte]);
                while let Some(m) = codec.decode(&mut buf).unwrap() {
                    found.push(m);
                }
            }
            assert_eq!(found.len(), 2, "{protocol:?}");
            assert!(found.iter().all(|m| m[..] == one[..]));
            assert!(buf.is_empty());
        }
    }

    #[test]
    fn framed_messages_lose_their_header() {
        let framed = message(Transport::Framed, Protocol::Compact);
        let mut codec = MessageCodec::new(Transport::Framed, Protocol::Compact, 1 << 20);
        let mut buf = BytesMut::from(&framed[..framed.len() - 1]);
        assert!(codec.decode(&mut buf).unwrap().is_none());
        buf.extend_from_slice(&framed[framed.len() - 1..]);
        let m = codec.decode(&mut buf).unwrap().unwrap();
        assert_eq!(&m[..], &framed[4..]);
        let header = decode_message(Protocol::Compact, &m, HeaderOnly).unwrap();
        assert_eq!((header.name.as_str(), header.sequence_id), ("echo", 7));
    }

    #[test]
    fn oversized_and_garbage_input_is_refused() {
        let mut codec = MessageCodec::new(Transport::Framed, Protocol::Binary, 100);
        let mut buf = BytesMut::from(&[0x7f, 0xff, 0xff, 0xff][..]);
        let e = codec.decode(&mut buf).unwrap_err();
        assert!(e.to_string().contains("limit") || format!("{e:?}").contains("limit"));

        let mut codec = MessageCodec::new(Transport::Buffered, Protocol::Binary, 100);
        let mut buf = BytesMut::from(&[0x80, 0x01, 0x00, 0x01, 0, 0, 0, 1, b'x', 0, 0, 0, 1][..]);
        // A string field claiming 2 GiB: refused as soon as its length is in.
        buf.extend_from_slice(&[11, 0, 1, 0x7f, 0xff]);
        assert!(codec.decode(&mut buf).unwrap().is_none());
        buf.extend_from_slice(&[0xff, 0xff]);
        assert!(codec.decode(&mut buf).is_err());

        // Incomplete (a list of small structs, each under the cap alone)
        // until the bytes buffered are over the cap.
        let mut codec = MessageCodec::new(Transport::Buffered, Protocol::Binary, 100);
        let mut buf = BytesMut::from(&[0x80, 0x01, 0x00, 0x01, 0, 0, 0, 1, b'x', 0, 0, 0, 1][..]);
        buf.extend_from_slice(&[15, 0, 1, 12, 0, 0, 0, 50]);
        assert!(codec.decode(&mut buf).unwrap().is_none());
        let element = [8, 0, 1, 0, 0, 0, 7, 0];
        buf.extend_from_slice(&element.repeat(5));
        assert!(codec.decode(&mut buf).unwrap().is_none());
        buf.extend_from_slice(&element.repeat(8));
        assert!(codec.decode(&mut buf).is_err());

        let mut codec = MessageCodec::new(Transport::Buffered, Protocol::Compact, 100);
        let mut buf = BytesMut::from(&b"GET / HTTP/1.1\r\n"[..]);
        assert!(codec.decode(&mut buf).is_err());
    }

    #[test]
    fn truncated_stream_end_is_an_error() {
        let framed = message(Transport::Framed, Protocol::Binary);
        let mut codec = MessageCodec::new(Transport::Framed, Protocol::Binary, 1 << 20);
        let mut buf = BytesMut::from(&framed[..10]);
        assert!(codec.decode_eof(&mut buf).is_err());
        assert!(codec.decode_eof(&mut BytesMut::new()).unwrap().is_none());
    }
}
