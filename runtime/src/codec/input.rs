//! [`Input`]: the bytes a slice decoder has left, and how deep it is; and
//! [`skip`], shared by both slice decoders.

use thrift::protocol::TType;

use super::error::{depth_limit, too_long, truncated};
use super::{Decoder, MAX_DEPTH};

/// The unread rest of a slice decoder's input.
#[derive(Debug, Clone)]
pub(crate) struct Input<'a> {
    rest: &'a [u8],
    /// Structs entered and not yet left.
    depth: usize,
}

impl<'a> Input<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Input {
            rest: bytes,
            depth: 0,
        }
    }

    #[inline(always)]
    pub(crate) fn remaining(&self) -> usize {
        self.rest.len()
    }

    #[inline(always)]
    pub(crate) fn byte(&mut self) -> thrift::Result<u8> {
        let (&first, rest) = self.rest.split_first().ok_or_else(truncated)?;
        self.rest = rest;
        Ok(first)
    }

    #[inline(always)]
    pub(crate) fn array<const N: usize>(&mut self) -> thrift::Result<[u8; N]> {
        let (head, rest) = self.rest.split_first_chunk::<N>().ok_or_else(truncated)?;
        self.rest = rest;
        Ok(*head)
    }

    /// The unread bytes, for a reader that consumes them with
    /// [`advance`](Self::advance).
    #[inline(always)]
    pub(crate) fn rest(&self) -> &'a [u8] {
        self.rest
    }

    /// Consumes `len` bytes of [`rest`](Self::rest) (at most all of it).
    #[inline(always)]
    pub(crate) fn advance(&mut self, len: usize) {
        self.rest = self.rest.get(len..).unwrap_or_default();
    }

    /// The next `len` bytes, borrowed from the input.
    #[inline(always)]
    pub(crate) fn take(&mut self, len: usize) -> thrift::Result<&'a [u8]> {
        if len > self.rest.len() {
            return Err(too_long("string or binary", len, self.rest.len()));
        }
        let (head, rest) = self.rest.split_at(len);
        self.rest = rest;
        Ok(head)
    }

    /// Refuses a container of `len` elements of at least `min_size` bytes
    /// each that the rest of the input cannot hold.
    #[inline(always)]
    pub(crate) fn check_len(&self, what: &str, len: usize, min_size: usize) -> thrift::Result<()> {
        match len.checked_mul(min_size) {
            Some(bytes) if bytes <= self.rest.len() => Ok(()),
            _ => Err(too_long(what, len, self.rest.len())),
        }
    }

    #[inline(always)]
    pub(crate) fn enter(&mut self) -> thrift::Result<()> {
        if self.depth >= MAX_DEPTH {
            return Err(depth_limit());
        }
        self.depth += 1;
        Ok(())
    }

    #[inline(always)]
    pub(crate) fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    pub(crate) fn depth(&self) -> usize {
        self.depth
    }
}

/// `bytes` as text, refusing invalid UTF-8.
#[inline(always)]
pub(crate) fn utf8(bytes: &[u8]) -> thrift::Result<&str> {
    // Most Thrift strings are short and ASCII: the word-at-a-time ASCII
    // test costs a fraction of the general validator's set-up on them.
    if bytes.is_ascii() {
        // SAFETY: ASCII is valid UTF-8.
        return Ok(unsafe { std::str::from_utf8_unchecked(bytes) });
    }
    std::str::from_utf8(bytes).map_err(|_| super::error::bad_utf8())
}

/// What a slice decoder offers [`skip`] besides [`Decoder`]: headers
/// without the element-type check, and strings skipped without a copy.
pub(crate) trait RawDecoder: Decoder {
    fn depth(&self) -> usize;
    fn raw_list_header(&mut self) -> thrift::Result<(TType, usize)>;
    fn raw_map_header(&mut self) -> thrift::Result<(TType, TType, usize)>;
    fn skip_string(&mut self) -> thrift::Result<()>;
}

/// A list or set header of `element`s, refused when non-empty with
/// other elements; its length.
#[inline(always)]
pub(crate) fn checked_list_header<D: RawDecoder>(
    decoder: &mut D,
    container: &str,
    element: TType,
) -> thrift::Result<usize> {
    let (found, len) = decoder.raw_list_header()?;
    check_element(container, element, found, len)?;
    Ok(len)
}

/// A map header of `key` to `value`, refused when non-empty with other
/// types; its length.
#[inline(always)]
pub(crate) fn checked_map_header<D: RawDecoder>(
    decoder: &mut D,
    key: TType,
    value: TType,
) -> thrift::Result<usize> {
    let (found_key, found_value, len) = decoder.raw_map_header()?;
    check_element("map", key, found_key, len)?;
    check_element("map", value, found_value, len)?;
    Ok(len)
}

/// Refuses a non-empty container whose elements are not of the expected
/// type (an empty one says nothing about its types).
#[inline(always)]
pub(crate) fn check_element(
    container: &str,
    expected: TType,
    found: TType,
    len: usize,
) -> thrift::Result<()> {
    if found != expected && len != 0 {
        return Err(super::error::wrong_element(container, expected, found));
    }
    Ok(())
}

/// Skips one value of type `ttype`, nested at most [`MAX_DEPTH`] deep
/// counting from where the decoder is.
pub(crate) fn skip<D: RawDecoder>(decoder: &mut D, ttype: TType) -> thrift::Result<()> {
    let depth = decoder.depth();
    skip_at(decoder, ttype, depth)
}

fn skip_at<D: RawDecoder>(d: &mut D, ttype: TType, depth: usize) -> thrift::Result<()> {
    match ttype {
        TType::Bool => d.read_bool().map(drop),
        TType::I08 => d.read_i8().map(drop),
        TType::I16 => d.read_i16().map(drop),
        TType::I32 => d.read_i32().map(drop),
        TType::I64 => d.read_i64().map(drop),
        TType::Double => d.read_double().map(drop),
        TType::Uuid => d.read_uuid().map(drop),
        TType::String => d.skip_string(),
        TType::Struct => {
            let depth = nested(depth)?;
            let scope = d.read_struct_begin()?;
            loop {
                let field = d.read_field_begin()?;
                if field.ttype == TType::Stop {
                    break;
                }
                skip_at(d, field.ttype, depth)?;
                d.read_field_end()?;
            }
            d.read_struct_end(scope)
        }
        TType::List | TType::Set => {
            let depth = nested(depth)?;
            let (element, len) = d.raw_list_header()?;
            for _ in 0..len {
                skip_at(d, element, depth)?;
            }
            Ok(())
        }
        TType::Map => {
            let depth = nested(depth)?;
            let (key, value, len) = d.raw_map_header()?;
            for _ in 0..len {
                skip_at(d, key, depth)?;
                skip_at(d, value, depth)?;
            }
            Ok(())
        }
        TType::Stop | TType::Void | TType::Utf7 => Err(super::error::invalid(format!(
            "cannot skip a value of type {ttype}"
        ))),
    }
}

fn nested(depth: usize) -> thrift::Result<usize> {
    match depth < MAX_DEPTH {
        true => Ok(depth + 1),
        false => Err(depth_limit()),
    }
}
