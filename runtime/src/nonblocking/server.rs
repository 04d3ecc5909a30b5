//! [`Server`]: serves [`AsyncService`]s over tokio TCP.

use std::collections::HashMap;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::Arc;
use std::task::Poll;
use std::time::Duration;

use bytes::Bytes;
use futures_util::{FutureExt, StreamExt};
use thrift::protocol::TMessageType;
use thrift::{ApplicationError, ApplicationErrorKind};
use tokio::io::{AsyncWrite, AsyncWriteExt, BufWriter};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc};
use tokio_util::codec::FramedRead;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use super::wire::{self, AppError, HeaderOnly, MessageCodec, Value};
use super::{DEFAULT_MAX_MESSAGE_SIZE, Protocol, Transport};
use crate::CallError;
use crate::codec::{Decode, Encode, MessageHeader};
use crate::processor::{application_error, describe};

/// The future an [`AsyncService`] answers a call with: the whole reply
/// message (framed as the connection is), or `None` for a oneway call.
pub type ReplyFuture<'a> = Pin<Box<dyn Future<Output = Option<Vec<u8>>> + Send + 'a>>;

/// Something that answers calls: a generated `<Service>AsyncProcessor`,
/// or [`Multiplexed`] holding several.
pub trait AsyncService: Send + Sync + 'static {
    fn call(&self, call: IncomingCall) -> ReplyFuture<'_>;
}

impl<S: AsyncService + ?Sized> AsyncService for Arc<S> {
    fn call(&self, call: IncomingCall) -> ReplyFuture<'_> {
        (**self).call(call)
    }
}

/// A call received whole; the generated dispatch answers it with
/// [`IncomingCall::reply`], [`IncomingCall::oneway`] or
/// [`IncomingCall::unknown_method`].
#[derive(Debug)]
pub struct IncomingCall {
    header: MessageHeader,
    message: Bytes,
    protocol: Protocol,
    transport: Transport,
}

impl IncomingCall {
    /// A call in `message` (a whole message, without frame header).
    pub fn new(
        message: Bytes,
        protocol: Protocol,
        transport: Transport,
    ) -> thrift::Result<IncomingCall> {
        let header = wire::decode_message(protocol, &message, HeaderOnly)?;
        Ok(IncomingCall {
            header,
            message,
            protocol,
            transport,
        })
    }

    /// The method called (without the service prefix once
    /// [`Multiplexed`] has routed it).
    pub fn method(&self) -> &str {
        &self.header.name
    }

    pub fn sequence_id(&self) -> i32 {
        self.header.sequence_id
    }

    pub fn is_oneway(&self) -> bool {
        self.header.kind == TMessageType::OneWay
    }

    /// Runs a two-way method: decodes the arguments `A`, awaits `handle`
    /// and replies with the result struct `make_result` builds.
    ///
    /// Undecodable arguments are answered with `PROTOCOL_ERROR`; a
    /// `TApplicationException` from the handler is sent as is, any other
    /// non-declared error becomes `INTERNAL_ERROR` (so does a panic,
    /// caught by the server).
    pub async fn reply<A, T, E, R, F>(
        self,
        handle: impl FnOnce(A) -> F,
        make_result: impl FnOnce(Result<T, E>) -> R,
    ) -> Option<Vec<u8>>
    where
        A: Decode,
        R: Encode,
        F: Future<Output = Result<T, CallError<E>>>,
    {
        let args = match self.args::<A>() {
            Ok(args) => args,
            Err(error) => return Some(self.exception(&error)),
        };
        let outcome = match handle(args).await {
            Ok(value) => Ok(value),
            Err(CallError::Declared(e)) => Err(e),
            Err(CallError::Thrift(e)) => {
                return Some(self.exception(&application_error(&self.header.name, e)));
            }
        };
        let mut out = Vec::new();
        let written = wire::encode_message(
            self.transport,
            self.protocol,
            &mut out,
            (
                &self.header.name,
                TMessageType::Reply,
                self.header.sequence_id,
            ),
            &make_result(outcome),
        );
        match written {
            Ok(()) => Some(out),
            Err(e) => Some(self.exception(&ApplicationError::new(
                ApplicationErrorKind::InternalError,
                format!(
                    "internal error processing {}: cannot encode the reply: {}",
                    self.header.name,
                    describe(&e)
                ),
            ))),
        }
    }

    /// Runs a oneway method; nothing is ever sent back.
    pub async fn oneway<A, E, F>(self, handle: impl FnOnce(A) -> F) -> Option<Vec<u8>>
    where
        A: Decode,
        F: Future<Output = Result<(), CallError<E>>>,
    {
        if let Ok(args) = self.args::<A>() {
            // The failure has nowhere to go.
            let _ = handle(args).await;
        }
        None
    }

    /// Answers a method this service does not have with `UNKNOWN_METHOD`.
    pub fn unknown_method(self) -> Option<Vec<u8>> {
        let error = ApplicationError::new(
            ApplicationErrorKind::UnknownMethod,
            format!("Invalid method name: '{}'", self.header.name),
        );
        Some(self.exception(&error))
    }

    fn args<A: Decode>(&self) -> Result<A, ApplicationError> {
        wire::decode_message(self.protocol, &self.message, Value::<A>::new())
            .map(|(_, args)| args)
            .map_err(|e| {
                ApplicationError::new(
                    ApplicationErrorKind::ProtocolError,
                    format!(
                        "{}: cannot read arguments: {}",
                        self.header.name,
                        describe(&e)
                    ),
                )
            })
    }

    /// A `TApplicationException` reply (nothing for a oneway call).
    fn exception(&self, error: &ApplicationError) -> Vec<u8> {
        if self.is_oneway() {
            return Vec::new();
        }
        let mut out = Vec::new();
        let written = wire::encode_message(
            self.transport,
            self.protocol,
            &mut out,
            (
                &self.header.name,
                TMessageType::Exception,
                self.header.sequence_id,
            ),
            &AppError(ApplicationError::new(error.kind, error.message.clone())),
        );
        match written {
            Ok(()) => out,
            // A message too long for a frame header: say less.
            Err(_) => self.exception(&ApplicationError::new(error.kind, "error")),
        }
    }
}

/// Several services on one port: a call named `Service:method` goes to
/// the service registered as `Service`, as Apache's
/// `TMultiplexedProcessor` does; a name without a prefix goes to the
/// default service, if there is one.
#[derive(Default)]
pub struct Multiplexed {
    services: HashMap<String, Arc<dyn AsyncService>>,
    default: Option<Arc<dyn AsyncService>>,
}

impl Multiplexed {
    pub fn new() -> Self {
        Multiplexed::default()
    }

    /// Serves `service` under `name`.
    pub fn register(mut self, name: impl Into<String>, service: impl AsyncService) -> Self {
        self.services.insert(name.into(), Arc::new(service));
        self
    }

    /// Serves `service` for calls without a `Service:` prefix.
    pub fn default_service(mut self, service: impl AsyncService) -> Self {
        self.default = Some(Arc::new(service));
        self
    }
}

impl std::fmt::Debug for Multiplexed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut names: Vec<&String> = self.services.keys().collect();
        names.sort();
        f.debug_struct("Multiplexed")
            .field("services", &names)
            .field("default", &self.default.is_some())
            .finish()
    }
}

impl AsyncService for Multiplexed {
    fn call(&self, mut call: IncomingCall) -> ReplyFuture<'_> {
        let routed = match call.header.name.split_once(':') {
            Some((service, method)) => match self.services.get(service) {
                Some(s) => {
                    let method = method.to_owned();
                    call.header.name = method;
                    Ok(s)
                }
                None => Err(format!("Service name not found: {service}")),
            },
            None => self
                .default
                .as_ref()
                .ok_or_else(|| format!("No service prefix in `{}`", call.header.name)),
        };
        match routed {
            Ok(service) => service.call(call),
            Err(message) => {
                let error = ApplicationError::new(ApplicationErrorKind::UnknownMethod, message);
                let reply = (!call.is_oneway()).then(|| call.exception(&error));
                Box::pin(std::future::ready(reply))
            }
        }
    }
}

/// How a [`Server`] runs.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    pub protocol: Protocol,
    pub transport: Transport,
    /// Connections served at once; further ones wait in the listen
    /// backlog (default 10,000).
    pub max_connections: usize,
    /// Calls running at once over all connections; a connection whose
    /// next call finds no room waits before reading further (default
    /// 1,024). A call counts until its reply is written.
    pub max_concurrent_calls: usize,
    /// Close a connection with no call in flight that has not completed a
    /// message for this long (default 60 s); this also bounds how long a
    /// peer may take to send one message.
    pub idle_timeout: Option<Duration>,
    /// The largest message accepted; a larger one closes the connection.
    pub max_message_size: usize,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            protocol: Protocol::Binary,
            transport: Transport::Framed,
            max_connections: 10_000,
            max_concurrent_calls: 1024,
            idle_timeout: Some(Duration::from_secs(60)),
            max_message_size: DEFAULT_MAX_MESSAGE_SIZE,
        }
    }
}

impl ServerConfig {
    pub fn protocol(mut self, protocol: Protocol) -> Self {
        self.protocol = protocol;
        self
    }

    pub fn transport(mut self, transport: Transport) -> Self {
        self.transport = transport;
        self
    }

    pub fn max_connections(mut self, n: usize) -> Self {
        self.max_connections = n.max(1);
        self
    }

    pub fn max_concurrent_calls(mut self, n: usize) -> Self {
        self.max_concurrent_calls = n.max(1);
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
}

/// Tells a [`Server`] to shut down gracefully: stop accepting, stop
/// reading new calls, finish the calls in flight and write their
/// replies, then return from [`Server::serve`]. Clones are the same
/// signal.
#[derive(Debug, Clone, Default)]
pub struct Shutdown(CancellationToken);

impl Shutdown {
    pub fn new() -> Self {
        Shutdown::default()
    }

    pub fn trigger(&self) {
        self.0.cancel();
    }

    pub fn is_triggered(&self) -> bool {
        self.0.is_cancelled()
    }

    /// Completes once triggered.
    pub async fn triggered(&self) {
        self.0.cancelled().await
    }
}

/// An async Thrift server: every connection is a task (an idle one costs
/// no worker), and every call is a task of its own (on a current-thread
/// runtime, only once it has to wait: one answered at once is run in
/// place), so calls pipelined on one connection run concurrently and
/// replies go out as they finish.
pub struct Server {
    config: ServerConfig,
    service: Arc<dyn AsyncService>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("config", &self.config)
            .finish()
    }
}

impl Server {
    pub fn new(config: ServerConfig, service: impl AsyncService) -> Self {
        Server {
            config,
            service: Arc::new(service),
        }
    }

    /// Serves connections from `listener` until `shutdown` is triggered,
    /// then finishes the calls in flight and returns.
    pub async fn serve(self, listener: TcpListener, shutdown: Shutdown) -> std::io::Result<()> {
        let connections = Arc::new(Semaphore::new(self.config.max_connections));
        let calls = Arc::new(Semaphore::new(self.config.max_concurrent_calls));
        let tracker = TaskTracker::new();
        let config = Arc::new(self.config);
        loop {
            let permit = tokio::select! {
                _ = shutdown.triggered() => break,
                permit = connections.clone().acquire_owned() => permit,
            };
            let Ok(permit) = permit else { break };
            let accepted = tokio::select! {
                _ = shutdown.triggered() => break,
                accepted = listener.accept() => accepted,
            };
            let stream = match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors and the like: pass, retry.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                }
            };
            let _ = stream.set_nodelay(true);
            tracker.spawn(serve_connection(
                stream,
                self.service.clone(),
                config.clone(),
                calls.clone(),
                shutdown.clone(),
                permit,
            ));
        }
        drop(listener);
        tracker.close();
        tracker.wait().await;
        Ok(())
    }
}

async fn serve_connection(
    stream: TcpStream,
    service: Arc<dyn AsyncService>,
    config: Arc<ServerConfig>,
    call_permits: Arc<Semaphore>,
    shutdown: Shutdown,
    _connection: OwnedSemaphorePermit,
) {
    let (read, write) = stream.into_split();
    let codec = MessageCodec::new(config.transport, config.protocol, config.max_message_size);
    let mut messages = FramedRead::new(read, codec);
    let (replies, outgoing) = mpsc::unbounded_channel();
    let writer = tokio::spawn(write_replies(write, outgoing));
    let calls = TaskTracker::new();
    let in_place = tokio::runtime::Handle::current().runtime_flavor()
        == tokio::runtime::RuntimeFlavor::CurrentThread;
    loop {
        let next = async {
            match config.idle_timeout {
                Some(limit) => tokio::time::timeout(limit, messages.next()).await.ok(),
                None => Some(messages.next().await),
            }
        };
        let next = tokio::select! {
            biased;
            _ = shutdown.triggered() => break,
            next = next => next,
        };
        let message = match next {
            // Idle only when no call is running either.
            None if calls.is_empty() => break,
            None => continue,
            // Closed, or bytes that cannot be a message: nothing more can
            // be read from this stream.
            Some(None | Some(Err(_))) => break,
            Some(Some(Ok(message))) => message,
        };
        let Ok(call) = IncomingCall::new(message, config.protocol, config.transport) else {
            break;
        };
        // Received calls are served even if shutdown starts meanwhile.
        let Ok(permit) = call_permits.clone().acquire_owned().await else {
            break;
        };
        let service = service.clone();
        let replies = replies.clone();
        let mut call = Box::pin(async move {
            let oneway = call.is_oneway();
            let (name, sequence_id) = (call.header.name.clone(), call.header.sequence_id);
            let (protocol, transport) = (call.protocol, call.transport);
            let reply = AssertUnwindSafe(service.call(call)).catch_unwind().await;
            let reply = reply.unwrap_or_else(|_| {
                (!oneway).then(|| {
                    let call = IncomingCall {
                        header: MessageHeader {
                            name: name.clone(),
                            kind: TMessageType::Call,
                            sequence_id,
                        },
                        message: Bytes::new(),
                        protocol,
                        transport,
                    };
                    call.exception(&ApplicationError::new(
                        ApplicationErrorKind::InternalError,
                        format!("internal error processing {name}: handler panicked"),
                    ))
                })
            });
            match reply {
                // The permit is released once the reply is written.
                Some(bytes) if !bytes.is_empty() => {
                    let _ = replies.send((bytes, permit));
                }
                _ => drop(permit),
            }
        });
        // On a current-thread runtime, run the call here as far as it
        // goes without waiting: one that is answered at once (most are)
        // costs no task of its own and no trip through the scheduler; one
        // that waits goes on as a task, so the connection reads on
        // meanwhile. On a multi-thread runtime every call is a task, so
        // calls of one connection can run on several cores at once.
        let waits = !in_place
            || std::future::poll_fn(|cx| Poll::Ready(call.as_mut().poll(cx).is_pending())).await;
        if waits {
            calls.spawn(call);
        }
    }
    drop(messages);
    calls.close();
    calls.wait().await;
    drop(replies);
    let _ = writer.await;
}

async fn write_replies<W: AsyncWrite + Unpin>(
    write: W,
    mut replies: mpsc::UnboundedReceiver<(Vec<u8>, OwnedSemaphorePermit)>,
) {
    let mut write = BufWriter::with_capacity(64 * 1024, write);
    let mut permits = Vec::new();
    while let Some(first) = replies.recv().await {
        let mut next = Some(first);
        while let Some((bytes, permit)) = next {
            if write.write_all(&bytes).await.is_err() {
                return;
            }
            permits.push(permit);
            next = replies.try_recv().ok();
        }
        if write.flush().await.is_err() {
            return;
        }
        permits.clear();
    }
    let _ = write.shutdown().await;
}
