//! The errors decoders return, built out of line: they are the rare path,
//! and keeping them cold keeps the hot loops small.

use thrift::protocol::TType;
use thrift::{ProtocolError, ProtocolErrorKind, TransportError, TransportErrorKind};

/// Whether `error` means the input ended before the value did (as opposed
/// to bytes that can never be valid): more bytes may complete it.
pub fn is_truncated(error: &thrift::Error) -> bool {
    matches!(error, thrift::Error::Transport(e) if e.kind == TransportErrorKind::EndOfFile)
}

#[cold]
#[inline(never)]
pub(crate) fn truncated() -> thrift::Error {
    thrift::Error::Transport(TransportError::new(
        TransportErrorKind::EndOfFile,
        "input ended in the middle of a value",
    ))
}

#[cold]
#[inline(never)]
pub(crate) fn invalid(message: String) -> thrift::Error {
    protocol(ProtocolErrorKind::InvalidData, message)
}

#[cold]
#[inline(never)]
pub(crate) fn negative_size(what: &str, len: i64) -> thrift::Error {
    protocol(
        ProtocolErrorKind::NegativeSize,
        format!("negative {what} length {len}"),
    )
}

#[cold]
#[inline(never)]
pub(crate) fn too_long(what: &str, len: usize, remaining: usize) -> thrift::Error {
    // A length the rest of the input cannot hold: either truncated or a
    // lie; either way nothing is allocated for it.
    thrift::Error::Transport(TransportError::new(
        TransportErrorKind::EndOfFile,
        format!("{what} claims {len} elements or bytes but only {remaining} bytes remain"),
    ))
}

#[cold]
#[inline(never)]
pub(crate) fn size_limit(what: &str, len: usize) -> thrift::Error {
    protocol(
        ProtocolErrorKind::SizeLimit,
        format!("{what} of {len} bytes or elements is over the protocol's limit"),
    )
}

#[cold]
#[inline(never)]
pub(crate) fn depth_limit() -> thrift::Error {
    protocol(
        ProtocolErrorKind::DepthLimit,
        format!(
            "structs and containers nested more than {} deep",
            super::MAX_DEPTH
        ),
    )
}

#[cold]
#[inline(never)]
pub(crate) fn bad_type(byte: u8) -> thrift::Error {
    invalid(format!("unknown type byte {byte:#04x}"))
}

#[cold]
#[inline(never)]
pub(crate) fn wrong_element(container: &str, expected: TType, found: TType) -> thrift::Error {
    invalid(format!(
        "{container} of {found} where {expected} was expected"
    ))
}

#[cold]
#[inline(never)]
pub(crate) fn bad_utf8() -> thrift::Error {
    invalid("string is not valid UTF-8".to_owned())
}

#[cold]
#[inline(never)]
pub(crate) fn bad_version(message: String) -> thrift::Error {
    protocol(ProtocolErrorKind::BadVersion, message)
}

/// Refuses bytes left after a value that should have ended the input.
pub(crate) fn expect_end(remaining: usize) -> thrift::Result<()> {
    match remaining {
        0 => Ok(()),
        n => Err(invalid(format!("{n} bytes left after the value"))),
    }
}

fn protocol(kind: ProtocolErrorKind, message: String) -> thrift::Error {
    thrift::Error::Protocol(ProtocolError::new(kind, message))
}
