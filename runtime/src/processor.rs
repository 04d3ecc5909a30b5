//! The server side of a call: [`process`] reads one message and hands an
//! [`IncomingCall`] to the generated dispatch, which answers it with
//! [`IncomingCall::reply`], [`IncomingCall::oneway`] or
//! [`IncomingCall::unknown_method`].

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};

use thrift::protocol::{
    TInputProtocol, TMessageIdentifier, TMessageType, TOutputProtocol, TSerializable, TType,
};
use thrift::{ApplicationError, ApplicationErrorKind};

use crate::CallError;

/// Reads one message from `input` and passes it to `dispatch`.
///
/// This is the body of every generated `TProcessor::process`. An `Err`
/// tells the server to drop the connection: the stream ended or is at an
/// unknown position. Failures of a single call that leave the stream
/// usable are answered with a `TApplicationException` and return `Ok`.
pub fn process(
    input: &mut dyn TInputProtocol,
    output: &mut dyn TOutputProtocol,
    dispatch: impl FnOnce(IncomingCall<'_>) -> thrift::Result<()>,
) -> thrift::Result<()> {
    let ident = input.read_message_begin()?;
    dispatch(IncomingCall {
        ident,
        input,
        output,
    })
}

/// A call whose message header has been read; its arguments have not.
pub struct IncomingCall<'a> {
    ident: TMessageIdentifier,
    input: &'a mut dyn TInputProtocol,
    output: &'a mut dyn TOutputProtocol,
}

impl IncomingCall<'_> {
    /// The method called, without any multiplexing prefix.
    pub fn method(&self) -> &str {
        &self.ident.name
    }

    /// Runs a two-way method: reads the arguments `A`, calls `handle`,
    /// and replies with the result struct `make_result` builds from the
    /// value or declared exception.
    ///
    /// A `TApplicationException` from the handler is sent as is; any other
    /// error, or a panic of the handler, becomes `INTERNAL_ERROR`.
    pub fn reply<A, T, E, R>(
        self,
        handle: impl FnOnce(A) -> Result<T, CallError<E>>,
        make_result: impl FnOnce(Result<T, E>) -> R,
    ) -> thrift::Result<()>
    where
        A: TSerializable,
        R: TSerializable,
    {
        let IncomingCall {
            ident,
            input,
            output,
        } = self;
        let args = read_args::<A>(&ident, input, output)?;
        let outcome = match run_handler(&ident.name, handle, args) {
            Ok(value) => Ok(value),
            Err(CallError::Declared(e)) => Err(e),
            Err(CallError::Thrift(e)) => {
                return write_exception(&ident, &application_error(&ident.name, e), output);
            }
        };
        let reply = TMessageIdentifier::new(
            ident.name.clone(),
            TMessageType::Reply,
            ident.sequence_number,
        );
        output.write_message_begin(&reply)?;
        make_result(outcome).write_to_out_protocol(output)?;
        output.write_message_end()?;
        output.flush()
    }

    /// Runs a oneway method: reads the arguments and calls `handle`.
    /// Nothing is ever sent back, not even when the handler fails or
    /// panics, because the client does not read a reply.
    pub fn oneway<A, E>(
        self,
        handle: impl FnOnce(A) -> Result<(), CallError<E>>,
    ) -> thrift::Result<()>
    where
        A: TSerializable,
    {
        let IncomingCall {
            ident,
            input,
            output,
        } = self;
        let args = read_args::<A>(&ident, input, output)?;
        // The failure has nowhere to go; the server keeps serving.
        let _ = run_handler(&ident.name, handle, args);
        Ok(())
    }

    /// Answers a method this service does not have: skips the arguments
    /// and replies `UNKNOWN_METHOD`, as Apache Thrift servers do.
    pub fn unknown_method(self) -> thrift::Result<()> {
        self.input.skip(TType::Struct)?;
        self.input.read_message_end()?;
        if self.ident.message_type == TMessageType::OneWay {
            return Ok(());
        }
        let error = ApplicationError::new(
            ApplicationErrorKind::UnknownMethod,
            format!("Invalid method name: '{}'", self.ident.name),
        );
        write_exception(&self.ident, &error, self.output)
    }
}

/// Reads the argument struct and the message end. Undecodable arguments
/// are answered with `PROTOCOL_ERROR` (for a two-way call) and the error
/// is returned, since the rest of the stream cannot be trusted.
fn read_args<A: TSerializable>(
    ident: &TMessageIdentifier,
    input: &mut dyn TInputProtocol,
    output: &mut dyn TOutputProtocol,
) -> thrift::Result<A> {
    let read = A::read_from_in_protocol(input).and_then(|args| {
        input.read_message_end()?;
        Ok(args)
    });
    match read {
        Ok(args) => Ok(args),
        Err(e @ thrift::Error::Transport(_)) => Err(e),
        Err(e) => {
            if ident.message_type != TMessageType::OneWay {
                let error = ApplicationError::new(
                    ApplicationErrorKind::ProtocolError,
                    format!("{}: cannot read arguments: {}", ident.name, describe(&e)),
                );
                // The connection is dropped either way; the original error
                // says why.
                let _ = write_exception(ident, &error, output);
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
fn application_error(method: &str, error: thrift::Error) -> ApplicationError {
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
fn describe(error: &thrift::Error) -> String {
    match error {
        thrift::Error::Transport(e) => format!("{e}: {}", e.message),
        thrift::Error::Protocol(e) => format!("{e}: {}", e.message),
        other => other.to_string(),
    }
}

fn write_exception(
    ident: &TMessageIdentifier,
    error: &ApplicationError,
    output: &mut dyn TOutputProtocol,
) -> thrift::Result<()> {
    let reply = TMessageIdentifier::new(
        ident.name.clone(),
        TMessageType::Exception,
        ident.sequence_number,
    );
    output.write_message_begin(&reply)?;
    thrift::Error::write_application_error_to_out_protocol(error, output)?;
    output.write_message_end()?;
    output.flush()
}
