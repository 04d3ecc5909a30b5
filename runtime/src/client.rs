//! [`Channel`]: how a generated client reaches its server, so each
//! generated method is a few lines; [`ClientConnection`] is the channel
//! over any `thrift` crate protocol pair, [`FramedChannel`](crate::FramedChannel)
//! the fast one over a framed stream. Both check replies with
//! [`read_reply`].

use std::sync::{Mutex, MutexGuard};

use thrift::protocol::{
    TInputProtocol, TMessageIdentifier, TMessageType, TOutputProtocol, TSerializable, TType,
};
use thrift::{ApplicationError, ApplicationErrorKind, TransportError, TransportErrorKind};

use crate::codec::{Decode, Decoder, DynDecoder, Encode, FieldHeader};

/// Sends calls and returns their replies for a generated client.
///
/// Implementations take calls one at a time or many at once as they
/// like; they must be shareable between threads (`Arc<dyn FooIface>`).
pub trait Channel: Send + Sync {
    /// Sends `args` as a call of `method` and reads the reply's result
    /// struct. A `TApplicationException` reply, a reply to another method
    /// or with another sequence id come back as
    /// `thrift::Error::Application`, with the kinds Apache Thrift clients
    /// use.
    fn call<A, R>(&self, method: &str, args: &A) -> thrift::Result<R>
    where
        A: Encode + TSerializable,
        R: Decode + TSerializable;

    /// Sends `args` as a oneway call of `method`; returns once the message
    /// is sent, without waiting for the server.
    fn call_oneway<A>(&self, method: &str, args: &A) -> thrift::Result<()>
    where
        A: Encode + TSerializable;
}

/// A protocol pair shared by every call of one client.
///
/// Calls are serialised by a mutex: one call is on the wire at a time and
/// its reply is read before the next call is sent, so a client can be
/// shared between threads (`Arc<dyn FooIface>`).
#[derive(Debug)]
pub struct ClientConnection<IP, OP> {
    state: Mutex<State<IP, OP>>,
}

#[derive(Debug)]
struct State<IP, OP> {
    input: IP,
    output: OP,
    sequence_id: i32,
}

impl<IP, OP> ClientConnection<IP, OP>
where
    IP: TInputProtocol,
    OP: TOutputProtocol,
{
    pub fn new(input: IP, output: OP) -> Self {
        ClientConnection {
            state: Mutex::new(State {
                input,
                output,
                sequence_id: 0,
            }),
        }
    }

    /// Gives the protocols back.
    pub fn into_protocols(self) -> (IP, OP) {
        let state = self
            .state
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        (state.input, state.output)
    }

    /// Sends `args` as a call of `method` and reads the reply's result
    /// struct.
    ///
    /// A `TApplicationException` reply, a reply to another method or with
    /// another sequence id come back as `thrift::Error::Application`, with
    /// the kinds Apache Thrift clients use.
    pub fn call<A, R>(&self, method: &str, args: &A) -> thrift::Result<R>
    where
        A: TSerializable,
        R: Decode,
    {
        let mut state = self.lock()?;
        let sequence_id = state.send(method, TMessageType::Call, args)?;
        state.receive(method, sequence_id)
    }

    /// Sends `args` as a oneway call of `method`; returns once the message
    /// is flushed, without waiting for the server.
    pub fn call_oneway<A: TSerializable>(&self, method: &str, args: &A) -> thrift::Result<()> {
        let mut state = self.lock()?;
        state.send(method, TMessageType::OneWay, args).map(drop)
    }

    fn lock(&self) -> thrift::Result<MutexGuard<'_, State<IP, OP>>> {
        // A panic while the lock was held (inside a protocol) leaves the
        // stream at an unknown position: refuse rather than misread.
        self.state.lock().map_err(|_| {
            thrift::Error::Transport(TransportError::new(
                TransportErrorKind::Unknown,
                "connection unusable: a previous call panicked",
            ))
        })
    }
}

impl<IP, OP> State<IP, OP>
where
    IP: TInputProtocol,
    OP: TOutputProtocol,
{
    fn send<A: TSerializable>(
        &mut self,
        method: &str,
        kind: TMessageType,
        args: &A,
    ) -> thrift::Result<i32> {
        self.sequence_id = self.sequence_id.wrapping_add(1);
        let ident = TMessageIdentifier::new(method, kind, self.sequence_id);
        self.output.write_message_begin(&ident)?;
        args.write_to_out_protocol(&mut self.output)?;
        self.output.write_message_end()?;
        self.output.flush()?;
        Ok(self.sequence_id)
    }

    fn receive<R: Decode>(&mut self, method: &str, sequence_id: i32) -> thrift::Result<R> {
        read_reply(&mut DynDecoder::new(&mut self.input), method, sequence_id)
    }
}

impl<IP, OP> Channel for ClientConnection<IP, OP>
where
    IP: TInputProtocol + Send,
    OP: TOutputProtocol + Send,
{
    fn call<A, R>(&self, method: &str, args: &A) -> thrift::Result<R>
    where
        A: Encode + TSerializable,
        R: Decode + TSerializable,
    {
        ClientConnection::call(self, method, args)
    }

    fn call_oneway<A>(&self, method: &str, args: &A) -> thrift::Result<()>
    where
        A: Encode + TSerializable,
    {
        ClientConnection::call_oneway(self, method, args)
    }
}

/// Reads the reply to call `sequence_id` of `method` and its result
/// struct `R`.
///
/// A `TApplicationException` reply, a reply to another method or with
/// another sequence id come back as `thrift::Error::Application`, with the
/// kinds Apache Thrift clients use. After a mismatch the rest of the
/// message is skipped (best effort).
pub fn read_reply<D: Decoder, R: Decode>(
    decoder: &mut D,
    method: &str,
    sequence_id: i32,
) -> thrift::Result<R> {
    let header = decoder.read_message_begin()?;
    let mismatch = if header.sequence_id != sequence_id {
        Some(ApplicationError::new(
            ApplicationErrorKind::BadSequenceId,
            format!(
                "{method} failed: out of sequence response (expected {sequence_id}, got {})",
                header.sequence_id
            ),
        ))
    } else if header.name != method {
        Some(ApplicationError::new(
            ApplicationErrorKind::WrongMethodName,
            format!(
                "{method} failed: wrong method name in reply: {}",
                header.name
            ),
        ))
    } else {
        None
    };
    if let Some(error) = mismatch {
        // Best effort to leave the stream after this message; the error
        // to report is the mismatch whatever happens here.
        let _ = decoder
            .skip(TType::Struct)
            .and_then(|()| decoder.read_message_end());
        return Err(error.into());
    }
    read_reply_body(decoder, header.kind, method)
}

/// The rest of a reply to `method` whose header (of kind `kind`) was read
/// and matched to its call: the result struct `R`, or the
/// `TApplicationException` the server sent, as an error.
pub fn read_reply_body<D: Decoder, R: Decode>(
    decoder: &mut D,
    kind: TMessageType,
    method: &str,
) -> thrift::Result<R> {
    match kind {
        TMessageType::Reply => {
            let result = R::decode(decoder)?;
            decoder.read_message_end()?;
            Ok(result)
        }
        TMessageType::Exception => {
            let error = read_application_error(decoder)?;
            decoder.read_message_end()?;
            Err(error.into())
        }
        other => {
            let _ = decoder.skip(TType::Struct);
            Err(ApplicationError::new(
                ApplicationErrorKind::InvalidMessageType,
                format!("{method} failed: unexpected message type {other:?} in reply"),
            )
            .into())
        }
    }
}

/// Reads a `TApplicationException` struct: `1: string message, 2: i32
/// type`, unknown fields skipped.
pub fn read_application_error<D: Decoder>(decoder: &mut D) -> thrift::Result<ApplicationError> {
    let scope = decoder.read_struct_begin()?;
    let mut message = "general remote error".to_owned();
    let mut kind = ApplicationErrorKind::Unknown;
    loop {
        let field: FieldHeader = decoder.read_field_begin()?;
        match (field.id, field.ttype) {
            (_, TType::Stop) => break,
            (1, TType::String) => message = decoder.read_string()?,
            (2, TType::I32) => {
                kind = ApplicationErrorKind::try_from(decoder.read_i32()?)
                    .unwrap_or(ApplicationErrorKind::Unknown);
            }
            (_, ttype) => decoder.skip(ttype)?,
        }
        decoder.read_field_end()?;
    }
    decoder.read_struct_end(scope)?;
    Ok(ApplicationError::new(kind, message))
}

/// The error a client returns when a reply carries neither a value nor a
/// declared exception for a method that returns a value.
pub fn missing_result(method: &str) -> thrift::Error {
    ApplicationError::new(
        ApplicationErrorKind::MissingResult,
        format!("{method} failed: unknown result"),
    )
    .into()
}
