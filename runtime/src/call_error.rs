//! [`CallError`]: how a service call fails, as seen by both sides.

use std::error::Error;
use std::fmt;

/// Why a service call did not return a value.
///
/// `E` is the method's declared exceptions (the generated
/// `<Service><Method>Error` enum), or [`NoException`] for a method without
/// `throws`. Handlers return it to the processor; clients return it to the
/// caller, so both sides match on the same type.
#[derive(Debug)]
pub enum CallError<E = NoException> {
    /// One of the exceptions the IDL declares for the method.
    Declared(E),
    /// Everything else: transport or protocol failures, and
    /// `TApplicationException`s (`thrift::Error::Application`) such as an
    /// unknown method or an internal error of the server.
    Thrift(thrift::Error),
}

impl<E> CallError<E> {
    /// Whether this is one of the method's declared exceptions.
    pub fn is_declared(&self) -> bool {
        matches!(self, CallError::Declared(_))
    }

    /// The declared exception, if this is one.
    pub fn declared(&self) -> Option<&E> {
        match self {
            CallError::Declared(e) => Some(e),
            CallError::Thrift(_) => None,
        }
    }

    /// The `TApplicationException` the other side sent or should send, if
    /// this is one.
    pub fn application_error(&self) -> Option<&thrift::ApplicationError> {
        match self {
            CallError::Thrift(thrift::Error::Application(e)) => Some(e),
            _ => None,
        }
    }

    /// Changes the declared exception type, for example to forward a call
    /// to a method that declares different exceptions.
    pub fn map_declared<F>(self, f: impl FnOnce(E) -> F) -> CallError<F> {
        match self {
            CallError::Declared(e) => CallError::Declared(f(e)),
            CallError::Thrift(e) => CallError::Thrift(e),
        }
    }

    /// Turns this into a plain `thrift::Error`; a declared exception
    /// becomes `thrift::Error::User`, so `?` works in functions returning
    /// `thrift::Result`.
    pub fn into_thrift(self) -> thrift::Error
    where
        E: Error + Send + Sync + 'static,
    {
        match self {
            CallError::Declared(e) => thrift::Error::User(Box::new(e)),
            CallError::Thrift(e) => e,
        }
    }
}

impl<E> From<thrift::Error> for CallError<E> {
    fn from(e: thrift::Error) -> Self {
        CallError::Thrift(e)
    }
}

impl<E> From<thrift::ApplicationError> for CallError<E> {
    fn from(e: thrift::ApplicationError) -> Self {
        CallError::Thrift(thrift::Error::Application(e))
    }
}

impl<E: fmt::Display> fmt::Display for CallError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallError::Declared(e) => write!(f, "declared exception: {e}"),
            CallError::Thrift(e) => write!(f, "thrift error: {}", ThriftErrorText(e)),
        }
    }
}

/// A `thrift::Error` with its message: the crate's own `Display` prints
/// only the kind ("bad data"), hiding what went wrong ("missing required
/// field `Point.x`").
struct ThriftErrorText<'a>(&'a thrift::Error);

impl fmt::Display for ThriftErrorText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = match self.0 {
            thrift::Error::Transport(e) => &e.message,
            thrift::Error::Protocol(e) => &e.message,
            thrift::Error::Application(e) => &e.message,
            thrift::Error::User(_) => return write!(f, "{}", self.0),
        };
        if message.is_empty() {
            write!(f, "{}", self.0)
        } else {
            write!(f, "{}: {message}", self.0)
        }
    }
}

impl<E: Error + 'static> Error for CallError<E> {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            CallError::Declared(e) => Some(e),
            CallError::Thrift(e) => Some(e),
        }
    }
}

/// The declared exceptions of a method without `throws`: there are none,
/// so `CallError<NoException>::Declared` can never be built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NoException {}

impl fmt::Display for NoException {
    fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {}
    }
}

impl Error for NoException {}

#[cfg(test)]
mod tests {
    use super::*;
    use thrift::{ApplicationError, ApplicationErrorKind};

    #[derive(Debug, PartialEq)]
    struct Oops;

    #[test]
    fn display_keeps_the_message_the_thrift_crate_hides() {
        let error: CallError =
            CallError::Thrift(thrift::Error::Protocol(thrift::ProtocolError::new(
                thrift::ProtocolErrorKind::InvalidData,
                "missing required field `Point.x`",
            )));
        assert_eq!(
            error.to_string(),
            "thrift error: bad data: missing required field `Point.x`"
        );
        let bare: CallError = CallError::Thrift(thrift::Error::Protocol(
            thrift::ProtocolError::new(thrift::ProtocolErrorKind::InvalidData, ""),
        ));
        assert_eq!(bare.to_string(), "thrift error: bad data");
    }

    impl fmt::Display for Oops {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("oops")
        }
    }

    impl Error for Oops {}

    #[test]
    fn declared_is_matchable_and_reported() {
        let e: CallError<Oops> = CallError::Declared(Oops);
        assert!(e.is_declared());
        assert_eq!(e.declared(), Some(&Oops));
        assert_eq!(e.to_string(), "declared exception: oops");
        assert_eq!(e.source().map(ToString::to_string), Some("oops".into()));
        assert!(matches!(e.into_thrift(), thrift::Error::User(u) if u.to_string() == "oops"));
    }

    #[test]
    fn thrift_errors_convert_in_and_out() {
        let app = ApplicationError::new(ApplicationErrorKind::InternalError, "boom");
        let e: CallError = thrift::Error::Application(app).into();
        assert!(!e.is_declared());
        assert_eq!(
            e.application_error().map(|a| a.kind),
            Some(ApplicationErrorKind::InternalError)
        );
        assert!(e.to_string().starts_with("thrift error: "));
        let back = e.into_thrift();
        assert!(matches!(back, thrift::Error::Application(a) if a.message == "boom"));
    }

    #[test]
    fn map_declared_changes_only_declared() {
        let e: CallError<Oops> = CallError::Declared(Oops);
        assert!(matches!(e.map_declared(|_| 7), CallError::Declared(7)));
        let e: CallError<Oops> = thrift::Error::from("x").into();
        assert!(matches!(e.map_declared(|_| 7), CallError::Thrift(_)));
    }
}
