//! Where a buffered (unframed) message ends, found incrementally.
//!
//! Without a frame header, the end of a message is only known by walking
//! its struct. Re-running a skip over everything received on every read
//! costs O(n²) for a message that arrives in many pieces, so the walk's
//! state (an explicit stack instead of recursion) is kept between calls:
//! each call goes on from the last whole token it read, and every byte is
//! read about once. Only what is needed to find the end is checked (type
//! codes, lengths, nesting depth, the size cap); decoding the message
//! afterwards checks the rest.

use thrift::TransportErrorKind;

use super::Protocol;
use super::wire::transport;
use crate::codec::{BinaryDecoder, CompactDecoder, Decoder, MAX_DEPTH, is_truncated};

/// A value's wire kind, the same for both protocols.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Bool,
    Byte,
    I16,
    I32,
    I64,
    Double,
    Binary,
    Struct,
    Map,
    Set,
    List,
    Uuid,
}

#[derive(Debug, Clone, Copy)]
enum Frame {
    /// One value still to read.
    Value(Kind),
    /// Inside a struct: a field header (or the stop byte) comes next.
    Struct,
    /// Inside a list or set: `left` elements to go.
    Elements { kind: Kind, left: u64 },
    /// Inside a map: `left` keys and values to go (keys at even counts).
    Entries { key: Kind, value: Kind, left: u64 },
}

/// The state of the walk over the message at the start of a buffer.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scanner {
    /// Bytes of the message read so far (whole tokens only).
    pos: usize,
    started: bool,
    stack: Vec<Frame>,
    depth: usize,
}

/// Reading tokens from `bytes` at `pos`; `None` means "not all here yet".
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let end = self.pos.checked_add(n)?;
        let taken = self.bytes.get(self.pos..end)?;
        self.pos = end;
        Some(taken)
    }

    fn byte(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }

    fn i32_be(&mut self) -> Option<i32> {
        self.take(4)
            .map(|b| i32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn varint(&mut self) -> thrift::Result<Option<u64>> {
        let mut value = 0u64;
        for shift in (0..70).step_by(7) {
            let Some(byte) = self.byte() else {
                return Ok(None);
            };
            value |= u64::from(byte & 0x7f) << shift.min(63);
            if byte & 0x80 == 0 {
                return Ok(Some(value));
            }
        }
        Err(malformed("a varint longer than 10 bytes"))
    }
}

fn malformed(what: &str) -> thrift::Error {
    thrift::Error::Protocol(thrift::ProtocolError::new(
        thrift::ProtocolErrorKind::InvalidData,
        format!("not a Thrift message: {what}"),
    ))
}

fn binary_kind(code: u8) -> thrift::Result<Kind> {
    Ok(match code {
        2 => Kind::Bool,
        3 => Kind::Byte,
        4 => Kind::Double,
        6 => Kind::I16,
        8 => Kind::I32,
        10 => Kind::I64,
        11 => Kind::Binary,
        12 => Kind::Struct,
        13 => Kind::Map,
        14 => Kind::Set,
        15 => Kind::List,
        16 => Kind::Uuid,
        other => return Err(malformed(&format!("binary type code {other}"))),
    })
}

fn compact_kind(code: u8) -> thrift::Result<Kind> {
    Ok(match code {
        1 | 2 => Kind::Bool,
        3 => Kind::Byte,
        4 => Kind::I16,
        5 => Kind::I32,
        6 => Kind::I64,
        7 => Kind::Double,
        8 => Kind::Binary,
        9 => Kind::List,
        10 => Kind::Set,
        11 => Kind::Map,
        12 => Kind::Struct,
        13 => Kind::Uuid,
        other => return Err(malformed(&format!("compact type code {other}"))),
    })
}

/// The fewest bytes one value of `kind` takes.
fn min_size(protocol: Protocol, kind: Kind) -> u64 {
    match (protocol, kind) {
        (_, Kind::Bool | Kind::Byte | Kind::Struct) => 1,
        (_, Kind::Double) => 8,
        (_, Kind::Uuid) => 16,
        (Protocol::Compact, _) => 1,
        (Protocol::Binary, Kind::I16) => 2,
        (Protocol::Binary, Kind::I32 | Kind::Binary) => 4,
        (Protocol::Binary, Kind::I64) => 8,
        (Protocol::Binary, Kind::List | Kind::Set) => 5,
        (Protocol::Binary, Kind::Map) => 5,
    }
}

impl Scanner {
    /// Forgets the message scanned: the next one starts at offset 0.
    pub(crate) fn reset(&mut self) {
        self.pos = 0;
        self.started = false;
        self.stack.clear();
        self.depth = 0;
    }

    /// Goes on walking the message at the start of `bytes` (which holds
    /// at least what earlier calls saw): `Some(len)` once `bytes[..len]`
    /// is the whole message, `None` while more bytes are needed. A
    /// length that alone would take the message over `max` is refused at
    /// once.
    pub(crate) fn scan(
        &mut self,
        protocol: Protocol,
        bytes: &[u8],
        max: usize,
    ) -> thrift::Result<Option<usize>> {
        if !self.started {
            // A non-strict binary header starts with the name's length.
            if let (Protocol::Binary, Some(first)) = (protocol, bytes.first_chunk::<4>()) {
                let first = i32::from_be_bytes(*first);
                check_size(4, first.max(0) as u64, 1, max as u64)?;
            }
            let header = match protocol {
                Protocol::Binary => {
                    let mut d = BinaryDecoder::new(bytes);
                    d.read_message_begin().map(|_| bytes.len() - d.remaining())
                }
                Protocol::Compact => {
                    let mut d = CompactDecoder::new(bytes);
                    d.read_message_begin().map(|_| bytes.len() - d.remaining())
                }
            };
            self.pos = match header {
                Ok(len) => len,
                Err(e) if is_truncated(&e) => return Ok(None),
                Err(e) => return Err(e),
            };
            self.started = true;
            self.stack.push(Frame::Value(Kind::Struct));
        }
        let limit = max as u64;
        loop {
            let mut r = Reader {
                bytes,
                pos: self.pos,
            };
            let Some(top) = self.stack.last_mut() else {
                return Ok(Some(self.pos));
            };
            match *top {
                Frame::Struct => {
                    let field = match protocol {
                        Protocol::Binary => match r.byte() {
                            None => return Ok(None),
                            Some(0) => None,
                            Some(code) => {
                                let kind = binary_kind(code)?;
                                if r.take(2).is_none() {
                                    return Ok(None);
                                }
                                Some(Some(kind))
                            }
                        },
                        Protocol::Compact => match r.byte() {
                            None => return Ok(None),
                            Some(0) => None,
                            Some(header) => {
                                let kind = compact_kind(header & 0x0f)?;
                                if header >> 4 == 0 && r.varint()?.is_none() {
                                    return Ok(None);
                                }
                                // A bool field's value is in its header.
                                Some((kind != Kind::Bool).then_some(kind))
                            }
                        },
                    };
                    self.pos = r.pos;
                    match field {
                        None => {
                            self.stack.pop();
                            self.depth -= 1;
                        }
                        Some(Some(kind)) => self.stack.push(Frame::Value(kind)),
                        Some(None) => {}
                    }
                }
                Frame::Elements { kind, left } => match left {
                    0 => {
                        self.stack.pop();
                        self.depth -= 1;
                    }
                    _ => {
                        *top = Frame::Elements {
                            kind,
                            left: left - 1,
                        };
                        self.stack.push(Frame::Value(kind));
                    }
                },
                Frame::Entries { key, value, left } => match left {
                    0 => {
                        self.stack.pop();
                        self.depth -= 1;
                    }
                    _ => {
                        *top = Frame::Entries {
                            key,
                            value,
                            left: left - 1,
                        };
                        let next = if left % 2 == 0 { key } else { value };
                        self.stack.push(Frame::Value(next));
                    }
                },
                Frame::Value(kind) => {
                    let next = match kind {
                        Kind::Struct => Some(Frame::Struct),
                        Kind::List | Kind::Set => {
                            let (element, count) = match protocol {
                                Protocol::Binary => {
                                    let (Some(code), Some(count)) = (r.byte(), r.i32_be()) else {
                                        return Ok(None);
                                    };
                                    (binary_kind(code)?, count_of(i64::from(count))?)
                                }
                                Protocol::Compact => {
                                    let Some(header) = r.byte() else {
                                        return Ok(None);
                                    };
                                    let count = match header >> 4 {
                                        15 => match r.varint()? {
                                            Some(count) => count,
                                            None => return Ok(None),
                                        },
                                        short => u64::from(short),
                                    };
                                    (compact_kind(header & 0x0f)?, count_of(count as i64)?)
                                }
                            };
                            check_size(r.pos, count, min_size(protocol, element), limit)?;
                            Some(Frame::Elements {
                                kind: element,
                                left: count,
                            })
                        }
                        Kind::Map => {
                            let entry = match protocol {
                                Protocol::Binary => {
                                    let (Some(k), Some(v), Some(count)) =
                                        (r.byte(), r.byte(), r.i32_be())
                                    else {
                                        return Ok(None);
                                    };
                                    let count = count_of(i64::from(count))?;
                                    (count > 0)
                                        .then(|| {
                                            Ok::<_, thrift::Error>((
                                                binary_kind(k)?,
                                                binary_kind(v)?,
                                                count,
                                            ))
                                        })
                                        .transpose()?
                                }
                                Protocol::Compact => {
                                    let count = match r.varint()? {
                                        Some(count) => count_of(count as i64)?,
                                        None => return Ok(None),
                                    };
                                    match count {
                                        0 => None,
                                        _ => {
                                            let Some(types) = r.byte() else {
                                                return Ok(None);
                                            };
                                            let key = compact_kind(types >> 4)?;
                                            Some((key, compact_kind(types & 0x0f)?, count))
                                        }
                                    }
                                }
                            };
                            match entry {
                                None => Some(Frame::Entries {
                                    key: Kind::Byte,
                                    value: Kind::Byte,
                                    left: 0,
                                }),
                                Some((key, value, count)) => {
                                    let each = min_size(protocol, key) + min_size(protocol, value);
                                    check_size(r.pos, count, each, limit)?;
                                    Some(Frame::Entries {
                                        key,
                                        value,
                                        left: count * 2,
                                    })
                                }
                            }
                        }
                        Kind::Binary => {
                            let len = match protocol {
                                Protocol::Binary => match r.i32_be() {
                                    Some(len) => count_of(i64::from(len))?,
                                    None => return Ok(None),
                                },
                                Protocol::Compact => match r.varint()? {
                                    Some(len) => count_of(len as i64)?,
                                    None => return Ok(None),
                                },
                            };
                            check_size(r.pos, len, 1, limit)?;
                            if r.take(len as usize).is_none() {
                                return Ok(None);
                            }
                            None
                        }
                        Kind::Byte | Kind::Bool => match r.take(1) {
                            Some(_) => None,
                            None => return Ok(None),
                        },
                        Kind::Double => match r.take(8) {
                            Some(_) => None,
                            None => return Ok(None),
                        },
                        Kind::Uuid => match r.take(16) {
                            Some(_) => None,
                            None => return Ok(None),
                        },
                        Kind::I16 | Kind::I32 | Kind::I64 => {
                            let complete = match (protocol, kind) {
                                (Protocol::Compact, _) => r.varint()?.is_some(),
                                (_, Kind::I16) => r.take(2).is_some(),
                                (_, Kind::I32) => r.take(4).is_some(),
                                _ => r.take(8).is_some(),
                            };
                            if !complete {
                                return Ok(None);
                            }
                            None
                        }
                    };
                    self.pos = r.pos;
                    match next {
                        Some(container) => {
                            if self.depth >= MAX_DEPTH {
                                return Err(malformed(&format!(
                                    "nested more than {MAX_DEPTH} deep"
                                )));
                            }
                            self.depth += 1;
                            *self.stack.last_mut().expect("the value's frame") = container;
                        }
                        None => {
                            self.stack.pop();
                        }
                    }
                }
            }
        }
    }
}

/// A length or count read off the wire, refused when negative.
fn count_of(value: i64) -> thrift::Result<u64> {
    u64::try_from(value).map_err(|_| malformed(&format!("negative length {value}")))
}

/// Refuses `count` values of at least `each` bytes after `pos` bytes when
/// that alone would be over `limit`.
fn check_size(pos: usize, count: u64, each: u64, limit: u64) -> thrift::Result<()> {
    let least = count.saturating_mul(each).saturating_add(pos as u64);
    match least > limit {
        true => Err(transport(
            TransportErrorKind::SizeLimit,
            format!(
                "message of at least {least} bytes (a length of {count}) is over the \
                 {limit}-byte limit"
            ),
        )),
        false => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::{Encode, Encoder};
    use crate::nonblocking::Transport;
    use crate::nonblocking::wire::encode_message;
    use thrift::protocol::{TMessageType, TType};

    /// A struct with a field of every kind, nested, with empty and
    /// non-empty containers.
    struct AllKinds {
        items: usize,
        nested: usize,
    }

    impl Encode for AllKinds {
        fn encode<E: Encoder>(&self, e: &mut E) -> thrift::Result<()> {
            let scope = e.write_struct_begin()?;
            e.write_field_begin(TType::Bool, 1)?;
            e.write_bool(true)?;
            e.write_field_begin(TType::I08, 2)?;
            e.write_i8(-3)?;
            e.write_field_begin(TType::I16, 3)?;
            e.write_i16(-300)?;
            e.write_field_begin(TType::I32, 40)?;
            e.write_i32(1 << 20)?;
            e.write_field_begin(TType::I64, 41)?;
            e.write_i64(-1 << 40)?;
            e.write_field_begin(TType::Double, 42)?;
            e.write_double(0.5)?;
            e.write_field_begin(TType::String, 43)?;
            e.write_string(&"é".repeat(40))?;
            e.write_field_begin(TType::Uuid, 44)?;
            e.write_uuid(&uuid::Uuid::from_u128(7))?;
            e.write_field_begin(TType::List, 45)?;
            e.write_list_begin(TType::Bool, self.items)?;
            for i in 0..self.items {
                e.write_bool(i % 3 == 0)?;
            }
            e.write_list_end()?;
            e.write_field_begin(TType::Set, 46)?;
            e.write_set_begin(TType::I64, self.items)?;
            for i in 0..self.items {
                e.write_i64(i as i64 * 1_000_003)?;
            }
            e.write_set_end()?;
            e.write_field_begin(TType::Map, 47)?;
            e.write_map_begin(TType::String, TType::List, self.items)?;
            for i in 0..self.items {
                e.write_string(&i.to_string())?;
                e.write_list_begin(TType::I32, i % 4)?;
                for j in 0..i % 4 {
                    e.write_i32(j as i32)?;
                }
                e.write_list_end()?;
            }
            e.write_map_end()?;
            e.write_field_begin(TType::Map, 48)?;
            e.write_map_begin(TType::I32, TType::I32, 0)?;
            e.write_map_end()?;
            if self.nested > 0 {
                e.write_field_begin(TType::Struct, 49)?;
                AllKinds {
                    items: self.items / 2,
                    nested: self.nested - 1,
                }
                .encode(e)?;
            }
            e.write_field_stop()?;
            e.write_struct_end(scope)
        }
    }

    fn message(protocol: Protocol, body: &impl Encode) -> Vec<u8> {
        let mut out = Vec::new();
        encode_message(
            Transport::Buffered,
            protocol,
            &mut out,
            ("method", TMessageType::Call, 9),
            body,
        )
        .unwrap();
        out
    }

    #[test]
    fn finds_the_end_of_every_kind_in_any_pieces() {
        for protocol in [Protocol::Binary, Protocol::Compact] {
            let one = message(
                protocol,
                &AllKinds {
                    items: 20,
                    nested: 3,
                },
            );
            let mut two = one.clone();
            two.extend_from_slice(&one);
            assert_eq!(
                Scanner::default().scan(protocol, &two, usize::MAX).unwrap(),
                Some(one.len()),
                "{protocol:?}"
            );
            // Every prefix is incomplete, fed in pieces of every size.
            for piece in [1, 2, 3, 7, 64] {
                let mut scanner = Scanner::default();
                let mut end = None;
                let mut fed = 0;
                while end.is_none() {
                    fed = (fed + piece).min(two.len());
                    end = scanner.scan(protocol, &two[..fed], usize::MAX).unwrap();
                    if end.is_none() {
                        assert!(fed < one.len(), "{protocol:?} {piece}");
                    }
                }
                assert_eq!(end, Some(one.len()), "{protocol:?} {piece}");
            }
        }
    }

    #[test]
    fn goes_on_where_it_stopped() {
        // A big message fed in small pieces: each call starts where the
        // last whole token ended, never from the start of the message.
        for protocol in [Protocol::Binary, Protocol::Compact] {
            let bytes = message(
                protocol,
                &AllKinds {
                    items: 5000,
                    nested: 0,
                },
            );
            let mut scanner = Scanner::default();
            let mut fed = 0;
            loop {
                fed = (fed + 100).min(bytes.len());
                let found = scanner.scan(protocol, &bytes[..fed], usize::MAX).unwrap();
                if let Some(len) = found {
                    assert_eq!(len, bytes.len());
                    break;
                }
                // What is left unscanned is at most one token (the
                // longest here: a string of 80 bytes and its length).
                assert!(
                    fed - scanner.pos <= 85,
                    "{protocol:?}: {} of {fed}",
                    scanner.pos
                );
            }
        }
    }

    #[test]
    fn refuses_what_cannot_be_a_message() {
        let empty = message(
            Protocol::Binary,
            &AllKinds {
                items: 0,
                nested: 0,
            },
        );
        let header = empty[..18].to_vec();
        let with = |body: &[u8]| [&header[..], body].concat();
        let scan = |bytes: &[u8], max| Scanner::default().scan(Protocol::Binary, bytes, max);
        // An unknown type code, a negative length, a list too long for the cap.
        assert!(scan(&with(&[99, 0, 1]), 1 << 20).is_err());
        assert!(scan(&with(&[11, 0, 1, 0xff, 0xff, 0xff, 0xfe]), 1 << 20).is_err());
        assert!(scan(&with(&[15, 0, 1, 8, 0, 1, 0, 0]), 1 << 16).is_err());
        // Structs nested past the depth limit, even before the end.
        let mut deep = Vec::new();
        for _ in 0..=MAX_DEPTH {
            deep.extend_from_slice(&[12, 0, 1]);
        }
        assert!(scan(&with(&deep), 1 << 20).is_err());
        deep.truncate(3 * (MAX_DEPTH - 1));
        assert_eq!(scan(&with(&deep), 1 << 20).unwrap(), None);
        // Not Thrift at all.
        assert!(scan(b"GET / HTTP/1.1\r\n", 1 << 20).is_err());
    }
}
