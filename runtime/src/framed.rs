//! [`FramedChannel`]: the blocking client's fast path. Over the framed
//! transport a whole message sits in one frame, so a call is encoded into
//! one buffer and written with one `write`, and a reply is read whole and
//! decoded from memory by the runtime's codec, with no `dyn` protocol in
//! between. [`serve_framed`] is the same on the server side.

use std::io::{Read, Write};
use std::sync::{Mutex, MutexGuard};

use thrift::protocol::{TMessageType, TSerializable};
use thrift::{TransportError, TransportErrorKind};

use crate::client::{Channel, read_reply};
use crate::codec::{
    BinaryDecoder, BinaryEncoder, CompactDecoder, CompactEncoder, Decode, Encode, Encoder,
};
use crate::processor::{Dispatch, process};

/// The wire protocol messages are encoded in (inside frames, or back to
/// back).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(
    feature = "pool",
    derive(serde::Deserialize),
    serde(rename_all = "lowercase")
)]
pub enum WireProtocol {
    /// Strict binary (`TBinaryProtocol`, what Apache writes by default).
    #[default]
    Binary,
    /// The compact protocol (`TCompactProtocol`).
    Compact,
}

/// How messages are delimited on the stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(
    feature = "pool",
    derive(serde::Deserialize),
    serde(rename_all = "lowercase")
)]
pub enum WireTransport {
    /// Each message after its 4-byte big-endian length (`TFramedTransport`).
    #[default]
    Framed,
    /// Messages back to back (`TBufferedTransport`), as many Apache
    /// servers speak.
    Buffered,
}

/// Apache's default cap on a frame (`TFramedTransport`, 16,384,000
/// bytes): a larger length is refused before anything is allocated.
pub const DEFAULT_MAX_FRAME: usize = 16_384_000;

/// A blocking client channel over a framed stream (`TcpStream`, or
/// anything `Read + Write`): one call at a time, behind a mutex.
///
/// A connection that failed in the middle of a frame, or that received a
/// reply to another call, is never used again: later calls fail at once
/// with a clear error (reconnect by building a new channel).
#[derive(Debug)]
pub struct FramedChannel<S> {
    state: Mutex<State<S>>,
}

#[derive(Debug)]
struct State<S> {
    stream: S,
    protocol: WireProtocol,
    /// `Service:` for the multiplexed protocol, empty otherwise.
    prefix: String,
    max_frame: usize,
    sequence_id: i32,
    /// Why the stream can no longer be trusted, once it cannot.
    broken: Option<String>,
    buffer: Vec<u8>,
}

impl<S: Read + Write> FramedChannel<S> {
    pub fn new(stream: S, protocol: WireProtocol) -> Self {
        FramedChannel {
            state: Mutex::new(State {
                stream,
                protocol,
                prefix: String::new(),
                max_frame: DEFAULT_MAX_FRAME,
                sequence_id: 0,
                broken: None,
                buffer: Vec::new(),
            }),
        }
    }

    /// Calls go to `service` of a multiplexed server (`service:method`).
    pub fn multiplexed(self, service: &str) -> Self {
        self.configure(|state| state.prefix = format!("{service}:"))
    }

    /// Refuses replies whose frame is longer than `bytes`.
    pub fn max_frame(self, bytes: usize) -> Self {
        self.configure(|state| state.max_frame = bytes)
    }

    fn configure(self, change: impl FnOnce(&mut State<S>)) -> Self {
        let mut state = self
            .state
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        change(&mut state);
        FramedChannel {
            state: Mutex::new(state),
        }
    }

    /// Whether an earlier failure (mid-frame I/O, an oversized frame, a
    /// reply to another call) left the stream unusable.
    pub fn is_broken(&self) -> bool {
        match self.state.lock() {
            Ok(state) => state.broken.is_some(),
            Err(_) => true,
        }
    }

    /// Gives the stream back.
    pub fn into_inner(self) -> S {
        self.state
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .stream
    }

    fn lock(&self) -> thrift::Result<MutexGuard<'_, State<S>>> {
        let state = self
            .state
            .lock()
            .map_err(|_| unusable("a previous call panicked"))?;
        match &state.broken {
            Some(why) => Err(unusable(why)),
            None => Ok(state),
        }
    }
}

impl<S: Read + Write> State<S> {
    /// Encodes and writes one call; returns its sequence id.
    fn send<A: Encode>(
        &mut self,
        method: &str,
        kind: TMessageType,
        args: &A,
    ) -> thrift::Result<i32> {
        self.sequence_id = self.sequence_id.wrapping_add(1);
        let mut buffer = std::mem::take(&mut self.buffer);
        buffer.clear();
        let name = match self.prefix.is_empty() {
            true => std::borrow::Cow::Borrowed(method),
            false => std::borrow::Cow::Owned(format!("{}{method}", self.prefix)),
        };
        let header = (&*name, kind, self.sequence_id);
        let encoded = encode_message(self.protocol, true, &mut buffer, header, args);
        let written = encoded.and_then(|()| {
            // Nothing was sent if encoding failed; a failed write leaves
            // part of a frame on the wire.
            self.io(|stream| stream.write_all(&buffer).and_then(|()| stream.flush()))
        });
        self.buffer = buffer;
        written.map(|()| self.sequence_id)
    }

    /// Reads one frame and decodes the reply to `sequence_id` from it.
    fn receive<R: Decode>(&mut self, method: &str, sequence_id: i32) -> thrift::Result<R> {
        let mut header = [0u8; 4];
        self.io(|stream| stream.read_exact(&mut header))?;
        let len = u32::from_be_bytes(header) as usize;
        if len > self.max_frame {
            let why = format!(
                "reply frame of {len} bytes is over the {} byte cap",
                self.max_frame
            );
            self.broken = Some(why.clone());
            return Err(frame_error(why));
        }
        let mut buffer = std::mem::take(&mut self.buffer);
        buffer.clear();
        // Grows with the bytes that arrive, not with the length claimed.
        let read = self.io(|stream| {
            let got = stream.take(len as u64).read_to_end(&mut buffer)?;
            match got == len {
                true => Ok(()),
                false => Err(std::io::ErrorKind::UnexpectedEof.into()),
            }
        });
        let reply = read.and_then(|()| match self.protocol {
            WireProtocol::Binary => {
                read_reply(&mut BinaryDecoder::new(&buffer), method, sequence_id)
            }
            WireProtocol::Compact => {
                read_reply(&mut CompactDecoder::new(&buffer), method, sequence_id)
            }
        });
        self.buffer = buffer;
        if let Err(thrift::Error::Application(e)) = &reply {
            if e.kind == thrift::ApplicationErrorKind::BadSequenceId {
                // A reply to some other call: what is next on the wire is
                // anyone's guess.
                self.broken = Some(e.message.clone());
            }
        }
        reply
    }

    /// Runs an I/O step; a failure leaves the stream mid-frame, so the
    /// channel is marked broken.
    fn io(&mut self, step: impl FnOnce(&mut S) -> std::io::Result<()>) -> thrift::Result<()> {
        step(&mut self.stream).map_err(|e| {
            self.broken = Some(format!("an earlier call failed on the connection: {e}"));
            thrift::Error::from(e)
        })
    }
}

/// Appends a whole message to `out`: with `framed`, its 4-byte length
/// first; then the header and `body` as the message's struct. Shared by
/// the blocking channel and the async stack.
pub(crate) fn encode_message<T: Encode + ?Sized>(
    protocol: WireProtocol,
    framed: bool,
    out: &mut Vec<u8>,
    header: (&str, TMessageType, i32),
    body: &T,
) -> thrift::Result<()> {
    let start = out.len();
    if framed {
        out.extend_from_slice(&[0; 4]);
    }
    let (name, kind, sequence_id) = header;
    match protocol {
        WireProtocol::Binary => {
            encode_body(&mut BinaryEncoder::new(out), name, kind, sequence_id, body)?
        }
        WireProtocol::Compact => {
            encode_body(&mut CompactEncoder::new(out), name, kind, sequence_id, body)?
        }
    }
    if framed {
        let len = out.len() - start - 4;
        let len = u32::try_from(len)
            .map_err(|_| frame_error(format!("a {len}-byte message is too long for a frame")))?;
        out[start..start + 4].copy_from_slice(&len.to_be_bytes());
    }
    Ok(())
}

fn encode_body<E: Encoder, T: Encode + ?Sized>(
    encoder: &mut E,
    name: &str,
    kind: TMessageType,
    sequence_id: i32,
    body: &T,
) -> thrift::Result<()> {
    encoder.write_message_begin(name, kind, sequence_id)?;
    body.encode(encoder)?;
    encoder.write_message_end()
}

impl<S: Read + Write + Send> Channel for FramedChannel<S> {
    fn call<A, R>(&self, method: &str, args: &A) -> thrift::Result<R>
    where
        A: Encode + TSerializable,
        R: Decode + TSerializable,
    {
        let mut state = self.lock()?;
        let sequence_id = state.send(method, TMessageType::Call, args)?;
        state.receive(method, sequence_id)
    }

    fn call_oneway<A>(&self, method: &str, args: &A) -> thrift::Result<()>
    where
        A: Encode + TSerializable,
    {
        let mut state = self.lock()?;
        state.send(method, TMessageType::OneWay, args).map(drop)
    }
}

fn unusable(why: &str) -> thrift::Error {
    thrift::Error::Transport(TransportError::new(
        TransportErrorKind::Unknown,
        format!("connection unusable: {why}"),
    ))
}

fn frame_error(why: String) -> thrift::Error {
    thrift::Error::Transport(TransportError::new(TransportErrorKind::SizeLimit, why))
}

/// Serves one framed connection with `processor` until the peer hangs up:
/// the blocking server side of the fast path. Each request frame is read
/// whole (refused over `max_frame`), decoded from memory by the runtime's
/// codec, and its reply encoded into one buffer and written with one
/// write; a oneway call writes nothing.
///
/// Returns `Ok` when the peer closes the connection between calls, and
/// the error otherwise (after which the connection must be dropped).
pub fn serve_framed<P: Dispatch, S: Read + Write>(
    processor: &P,
    mut stream: S,
    protocol: WireProtocol,
    max_frame: usize,
) -> thrift::Result<()> {
    let mut request = Vec::new();
    let mut reply = Vec::new();
    loop {
        let mut header = [0u8; 4];
        match stream.read_exact(&mut header) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(()),
            Err(e) => return Err(e.into()),
        }
        let len = u32::from_be_bytes(header) as usize;
        if len > max_frame {
            return Err(frame_error(format!(
                "request frame of {len} bytes is over the {max_frame} byte cap"
            )));
        }
        request.clear();
        if Read::by_ref(&mut stream)
            .take(len as u64)
            .read_to_end(&mut request)?
            != len
        {
            return Err(std::io::Error::from(std::io::ErrorKind::UnexpectedEof).into());
        }
        reply.clear();
        reply.extend_from_slice(&[0; 4]);
        let processed = match protocol {
            WireProtocol::Binary => process(
                &mut BinaryDecoder::new(&request),
                &mut BinaryEncoder::new(&mut reply),
                |call| processor.dispatch_call(call),
            ),
            WireProtocol::Compact => process(
                &mut CompactDecoder::new(&request),
                &mut CompactEncoder::new(&mut reply),
                |call| processor.dispatch_call(call),
            ),
        };
        // Whatever was answered (a reply, or the exception for
        // undecodable arguments) goes out before an error drops the
        // connection.
        if reply.len() > 4 {
            let body = u32::try_from(reply.len() - 4)
                .map_err(|_| frame_error(format!("a {}-byte reply is too long", reply.len())))?;
            reply[..4].copy_from_slice(&body.to_be_bytes());
            stream.write_all(&reply)?;
            stream.flush()?;
        }
        processed?;
    }
}
