//! The async stack on tokio (feature `async`): a client connection with
//! many calls in flight, an async server, batches, and adaptors between
//! callbacks and futures.
//!
//! The module is `nonblocking` rather than `async` (a keyword, so
//! `r#async` at every use) or `tokio` (which would shadow the tokio crate
//! inside this one); the blocking API at the crate root stays as it is.
//!
//! # How the pieces fit
//!
//! - [`wire`]: messages as bytes. The `thrift` crate has no async I/O, so
//!   every message is encoded into a buffer and decoded from a complete
//!   message with the slice codecs of [`crate::codec`].
//!   [`MessageCodec`](wire::MessageCodec) cuts a byte stream into messages
//!   for framed transport (a 4-byte length) and buffered transport (the
//!   end found by skipping over the bytes received so far), with a size
//!   cap.
//! - [`AsyncConnection`]: one TCP connection shared by any number of
//!   callers. A writer task sends requests as they come (coalescing what
//!   is queued into one write) and a reader task hands each reply to the
//!   caller waiting for its sequence id, so callers never wait for each
//!   other's replies. A dropped or timed-out call leaves its slot, so its
//!   late reply is read and thrown away (within
//!   [`ClientConfig::late_reply_window`]; slots of calls never answered
//!   are forgotten after it); a transport or protocol error fails every
//!   pending call and the connection is never used again. The write
//!   queue is bounded: callers wait for room.
//!   [`Batch`] queues typed calls and sends them in one write.
//! - [`Server`]: accepts connections and runs each call as its own task
//!   (on a current-thread runtime once it has to wait: a call answered at
//!   once is run in place; calls pipelined on one connection run
//!   concurrently), under a bound on calls in
//!   flight and on connections; closes idle connections; serves several
//!   services on one port (multiplexed `Service:method` names); shuts down
//!   gracefully. It runs [`AsyncService`]s, which the generated
//!   `<Service>AsyncProcessor` is, through [`IncomingCall`].
//! - [`callback`]: [`AsyncMethodCallback`] (`on_complete` / `on_error`),
//!   [`spawn_with_callback`] (a future reported to a callback) and
//!   [`from_callback`] (a callback-style operation as a future).
//!
//! Generated code (thriftgen's `--async`, or `Builder::generate_async`)
//! adds per service a `<Service>AsyncIface` trait (dyn-compatible through
//! [`async_trait`](macro@async_trait)), a `<Service>AsyncClient` over an [`AsyncConnection`],
//! a `<Service>AsyncBatch` and a `<Service>AsyncProcessor`.

pub mod callback;
mod channel;
mod connection;
mod scan;
mod server;
pub mod wire;

use std::time::Duration;

pub use async_trait::async_trait;
pub use callback::{AsyncMethodCallback, from_callback, spawn_with_callback};
pub use channel::AsyncChannel;
pub use connection::{AsyncConnection, Batch, BatchReply};
pub use server::{
    AsyncService, IncomingCall, Multiplexed, ReplyFuture, Server, ServerConfig, Shutdown,
};
pub use tokio::net::ToSocketAddrs;

/// Default cap on one message (frame): Apache's `TFramedTransport`
/// default, the same as the blocking [`FramedChannel`](crate::FramedChannel).
pub const DEFAULT_MAX_MESSAGE_SIZE: usize = crate::DEFAULT_MAX_FRAME;

/// How messages are encoded: the blocking side's [`WireProtocol`](crate::WireProtocol).
pub use crate::WireProtocol as Protocol;

/// How messages are delimited on the stream: the blocking side's
/// [`WireTransport`](crate::WireTransport).
pub use crate::WireTransport as Transport;

/// How an [`AsyncConnection`] talks to its server.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    pub protocol: Protocol,
    pub transport: Transport,
    /// For a multiplexing server: the service name sent as
    /// `Service:method`.
    pub service: Option<String>,
    /// How long connecting may take (default 10 s).
    pub connect_timeout: Option<Duration>,
    /// How long each call may wait for its reply (default: no limit).
    /// One timer per connection enforces it, looking every quarter of
    /// the limit (1 ms to 1 s), so a call fails at most that much later.
    pub call_timeout: Option<Duration>,
    /// Close the connection after this long with no call pending
    /// (default: never).
    pub idle_timeout: Option<Duration>,
    /// The largest message sent or accepted, in bytes.
    pub max_message_size: usize,
    /// How long the reply to a dropped or timed-out call is still
    /// expected (and discarded when it comes). After that its sequence id
    /// is forgotten, so slots of calls the server never answers do not
    /// pile up; a reply arriving later fails the connection as one nobody
    /// asked for (default 60 s).
    pub late_reply_window: Duration,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            protocol: Protocol::Binary,
            transport: Transport::Framed,
            service: None,
            connect_timeout: Some(Duration::from_secs(10)),
            call_timeout: None,
            idle_timeout: None,
            max_message_size: DEFAULT_MAX_MESSAGE_SIZE,
            late_reply_window: Duration::from_secs(60),
        }
    }
}

impl ClientConfig {
    pub fn protocol(mut self, protocol: Protocol) -> Self {
        self.protocol = protocol;
        self
    }

    pub fn transport(mut self, transport: Transport) -> Self {
        self.transport = transport;
        self
    }

    /// Sends method names as `service:method`, for a multiplexing server.
    pub fn multiplexed(mut self, service: impl Into<String>) -> Self {
        self.service = Some(service.into());
        self
    }

    pub fn connect_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.connect_timeout = timeout;
        self
    }

    pub fn call_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.call_timeout = timeout;
        self
    }

    pub fn idle_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.idle_timeout = timeout;
        self
    }

    pub fn max_message_size(mut self, bytes: usize) -> Self {
        self.max_message_size = bytes;
        self
    }

    pub fn late_reply_window(mut self, window: Duration) -> Self {
        self.late_reply_window = window;
        self
    }
}
