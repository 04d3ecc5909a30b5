//! The server side of a call: [`process`] reads one message and hands an
//! [`IncomingCall`] to the generated dispatch, which answers it with
//! [`IncomingCall::reply`], [`IncomingCall::oneway`] or
//! [`IncomingCall::unknown_method`]. All of it is generic over the codec:
//! a generated `TProcessor` runs it over the `thrift` crate's protocols
//! (through the `Dyn*` adapters), [`serve_framed`](crate::serve_framed)
//! over whole frames in memory.

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};

use thrift::protocol::{TMessageType, TType};
use thrift::{ApplicationError, ApplicationErrorKind};

use crate::CallError;
use crate::codec::{Decode, Decoder, Encode, Encoder, MessageHeader};

/// Reads one message from `input` and passes it to `dispatch`.
///
/// This is the body of every generated `TProcessor::process`. An `Err`
/// tells the server to drop the connection: the stream ended or is at an
/// unknown position. Failures of a single call that leave the stream
/// usable are answered with a `TApplicationException` and return `Ok`.
pub fn process<D: Decoder, E: Encoder>(
    input: &mut D,
    output: &mut E,
    dispatch: impl FnOnce(IncomingCall<'_, D, E>) -> thrift::Result<()>,
) -> thrift::Result<()> {
    let header = input.read_message_begin()?;
    dispatch(IncomingCall {
        header,
        input,
        output,
    })
}

/// What a generated processor offers servers other than `TServer`: one
/// call, read from any decoder and answered to any encoder.
pub trait Dispatch: Send + Sync {
    fn dispatch_call<D: Decoder, E: Encoder>(
        &self,
        call: IncomingCall<'_, D, E>,
    ) -> thrift::Result<()>;
}

/// A call whose message header has been read; its arguments have not.
pub struct IncomingCall<'a, D, E> {
    header: MessageHeader,
    input: &'a mut D,
    output: &'a mut E,
}

impl<D: Decoder, E: Encoder> IncomingCall<'_, D, E> {
    /// The method called, without any multiplexing prefix.
    pub fn method(&self) -> &str {
        &self.header.name
    }

    /// Runs a two-way method: reads the arguments `A`, calls `handle`,
    /// and replies with the result struct `make_result` builds from the
    /// value or declared exception.
    ///
    /// A `TApplicationException` from the handler is sent as is; any other
    /// error, or a panic of the handler, becomes `INTERNAL_ERROR`.
    pub fn reply<A, T, X, R>(
        self,
        handle: impl FnOnce(A) -> Result<T, CallError<X>>,
        make_result: impl FnOnce(Result<T, X>) -> R,
    ) -> thrift::Result<()>
    where
        A: Decode,
        R: Encode,
    {
        let IncomingCall {
            header,
            input,
            output,
        } = self;
        let args = read_args::<A, D, E>(&header, input, output)?;
        let outcome = match run_handler(&header.name, handle, args) {
            Ok(value) => Ok(value),
            Err(CallError::Declared(e)) => Err(e),
            Err(CallError::Thrift(e)) => {
                return write_exception(&header, &application_error(&header.name, e), output);
            }
        };
        output.write_message_begin(&header.name, TMessageType::Reply, header.sequence_id)?;
        make_result(outcome).encode(output)?;
        output.write_message_end()?;
        output.flush()
    }

    /// Runs a oneway method: reads the arguments and calls `handle`.
    /// Nothing is ever sent back, not even when the handler fails or
    /// panics, because the client does not read a reply.
    pub fn oneway<A, X>(
        self,
        handle: impl FnOnce(A) -> Result<(), CallError<X>>,
    ) -> thrift::Result<()>
    where
        A: Decode,
    {
        let IncomingCall {
            header,
            input,
            output,
        } = self;
        let args = read_args::<A, D, E>(&header, input, output)?;
        // The failure has nowhere to go; the server keeps serving.
        let _ = run_handler(&header.name, handle, args);
        Ok(())
    }

    /// Answers a method this service does not have: skips the arguments
    /// and replies `UNKNOWN_METHOD`, as Apache Thrift servers do.
    pub fn unknown_method(self) -> thrift::Result<()> {
        self.input.skip(TType::Struct)?;
        self.input.read_message_end()?;
        if self.header.kind == TMessageType::OneWay {
            return Ok(());
        }
        let error = ApplicationError::new(
            ApplicationErrorKind::UnknownMethod,
            format!("Invalid method name: '{}'", self.header.name),
        );
        write_exception(&self.header, &error, self.output)
    }
}

/// Reads the argument struct and the message end. Undecodable arguments
/// are answered with `PROTOCOL_ERROR` (for a two-way call) and the error
/// is returned, since the rest of the stream cannot be trusted.
fn read_args<A: Decode, D: Decoder, E: Encoder>(
    header: &MessageHeader,
    input: &mut D,
    output: &mut E,
) -> thrift::Result<A> {
    let read = A::decode(input).and_then(|args| {
        input.read_message_end()?;
        Ok(args)
    });
    match read {
        Ok(args) => Ok(args),
        Err(e @ thrift::Error::Transport(_)) => Err(e),
        Err(e) => {
            if header.kind != TMessageType::OneWay {
                let error = ApplicationError::new(
                    ApplicationErrorKind::ProtocolError,
                    format!("{}: cannot read arguments: {}", header.name, describe(&e)),
                );
                // The connection is dropped either way; the original error
                // says why.
                let _ = write_exception(header, &error, output);
            }
            Err(e)
        }
    }
}

/// Calls the handler, turning a panic into an `INTERNAL_ERROR` so one bad
/// call does not take the connection (or the server thread) down.
fn run_handler<A, T, E>(
    method: &str,
    handle: impl FnOnce(A) -> Result<T, CallError<E>>,
    args: A,
) -> Result<T, CallError<E>> {
    catch_unwind(AssertUnwindSafe(|| handle(args))).unwrap_or_else(|payload| {
        Err(CallError::from(ApplicationError::new(
            ApplicationErrorKind::InternalError,
            format!(
                "internal error processing {method}: handler panicked: {}",
                panic_message(&*payload)
            ),
        )))
    })
}

fn panic_message(payload: &(dyn Any + Send)) -> &str {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s
    } else {
        "(no message)"
    }
}

/// What the client is told about a handler's non-declared error: an
/// application error as it is, anything else as `INTERNAL_ERROR`.
pub(crate) fn application_error(method: &str, error: thrift::Error) -> ApplicationError {
    match error {
        thrift::Error::Application(e) => e,
        other => ApplicationError::new(
            ApplicationErrorKind::InternalError,
            format!("internal error processing {method}: {}", describe(&other)),
        ),
    }
}

/// The thrift crate's `Display` of transport and protocol errors shows
/// only the kind; the message says what happened.
pub(crate) fn describe(error: &thrift::Error) -> String {
    match error {
        thrift::Error::Transport(e) => format!("{e}: {}", e.message),
        thrift::Error::Protocol(e) => format!("{e}: {}", e.message),
        other => other.to_string(),
    }
}

fn write_exception<E: Encoder>(
    header: &MessageHeader,
    error: &ApplicationError,
    output: &mut E,
) -> thrift::Result<()> {
    output.write_message_begin(&header.name, TMessageType::Exception, header.sequence_id)?;
    write_application_error(output, error)?;
    output.write_message_end()?;
    output.flush()
}

/// Writes a `TApplicationException` struct: `1: string message, 2: i32
/// type`.
pub fn write_application_error<E: Encoder>(
    output: &mut E,
    error: &ApplicationError,
) -> thrift::Result<()> {
    let scope = output.write_struct_begin()?;
    output.write_field_begin(TType::String, 1)?;
    output.write_string(&error.message)?;
    output.write_field_end()?;
    output.write_field_begin(TType::I32, 2)?;
    output.write_i32(error.kind as i32)?;
    output.write_field_end()?;
    output.write_field_stop()?;
    output.write_struct_end(scope)
}
