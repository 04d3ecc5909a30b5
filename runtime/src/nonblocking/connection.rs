//! [`AsyncConnection`]: many calls in flight on one connection, each
//! reply routed to its caller by sequence id.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_util::StreamExt;
use thrift::TransportErrorKind;
use thrift::protocol::TMessageType;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, BufWriter};
use tokio::net::{TcpStream, ToSocketAddrs};
use tokio::sync::{mpsc, oneshot};
use tokio_util::codec::FramedRead;
use tokio_util::sync::CancellationToken;

use super::wire::{self, HeaderOnly, MessageCodec, ReplyOf, transport};
use super::{ClientConfig, Protocol, Transport};
use crate::codec::{Decode, Encode};

/// One connection to a server, shared by every caller (clone it freely:
/// clones are handles to the same connection).
///
/// Requests are written as they are made, without waiting for earlier
/// replies, and each reply goes to the caller whose sequence id it
/// carries, so it works with servers that answer in order (every Apache
/// server) and with ones that do not. Once a transport or protocol error
/// happened (including a reply nobody asked for), every pending call
/// fails with that error, and so does every later call: make a new
/// connection. Dropping the last handle closes the connection.
#[derive(Clone)]
pub struct AsyncConnection {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for AsyncConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AsyncConnection")
            .field("protocol", &self.inner.core.protocol)
            .field("transport", &self.inner.core.transport)
            .field("failed", &self.failure())
            .finish()
    }
}

/// What the handles own; dropping the last one stops the tasks.
struct Inner {
    core: Arc<Core>,
    writer: mpsc::UnboundedSender<Outgoing>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.core.stop.cancel();
    }
}

/// What the handles and the two tasks share.
struct Core {
    protocol: Protocol,
    transport: Transport,
    service: Option<String>,
    call_timeout: Option<Duration>,
    idle_timeout: Option<Duration>,
    max_message_size: usize,
    state: Mutex<State>,
    stop: CancellationToken,
    runtime: tokio::runtime::Handle,
}

struct State {
    pending: HashMap<i32, oneshot::Sender<Result<Bytes, Failure>>>,
    next_sequence_id: i32,
    failure: Option<Failure>,
    last_used: Instant,
}

/// Why the connection is unusable; every affected caller gets a
/// `thrift::Error` built from it.
#[derive(Debug, Clone)]
struct Failure {
    kind: TransportErrorKind,
    message: Arc<str>,
    /// Whether the connection failed (rather than this one call).
    connection: bool,
}

impl Failure {
    fn new(kind: TransportErrorKind, message: impl Into<Arc<str>>) -> Self {
        Failure {
            kind,
            message: message.into(),
            connection: true,
        }
    }

    /// A failure of one call only (it could not be encoded).
    fn of_call(error: &thrift::Error) -> Self {
        Failure {
            connection: false,
            ..Failure::of(error)
        }
    }

    fn of(error: &thrift::Error) -> Self {
        let (kind, message) = match error {
            thrift::Error::Transport(e) => (e.kind, e.message.clone()),
            thrift::Error::Protocol(e) => (
                TransportErrorKind::Unknown,
                format!("protocol error: {}", e.message),
            ),
            other => (TransportErrorKind::Unknown, other.to_string()),
        };
        Failure::new(kind, message)
    }

    fn error(&self) -> thrift::Error {
        match self.connection {
            true => transport(self.kind, format!("connection unusable: {}", self.message)),
            false => transport(self.kind, self.message.to_string()),
        }
    }
}

/// Bytes for the writer task, already framed; `written` hears when they
/// are flushed (oneway calls wait for that).
struct Outgoing {
    bytes: Vec<u8>,
    written: Option<oneshot::Sender<Result<(), Failure>>>,
}

type Slot = oneshot::Receiver<Result<Bytes, Failure>>;

impl AsyncConnection {
    /// Connects over TCP (with `TCP_NODELAY`) within the configured
    /// connect timeout.
    pub async fn connect(
        addr: impl ToSocketAddrs,
        config: &ClientConfig,
    ) -> thrift::Result<AsyncConnection> {
        let connecting = TcpStream::connect(addr);
        let stream = match config.connect_timeout {
            Some(limit) => tokio::time::timeout(limit, connecting).await.map_err(|_| {
                transport(
                    TransportErrorKind::TimedOut,
                    format!("no connection within {limit:?}"),
                )
            })?,
            None => connecting.await,
        }?;
        stream.set_nodelay(true)?;
        Ok(AsyncConnection::over(stream, config))
    }

    /// Runs the connection over any byte stream (a `TcpStream`, a
    /// `tokio::io::duplex` in tests). Must be called inside a tokio
    /// runtime: it spawns the reader and writer tasks there.
    pub fn over<S>(stream: S, config: &ClientConfig) -> AsyncConnection
    where
        S: AsyncRead + AsyncWrite + Send + 'static,
    {
        let (read, write) = tokio::io::split(stream);
        let (writer, outgoing) = mpsc::unbounded_channel();
        let core = Arc::new(Core {
            protocol: config.protocol,
            transport: config.transport,
            service: config.service.clone(),
            call_timeout: config.call_timeout,
            idle_timeout: config.idle_timeout,
            max_message_size: config.max_message_size,
            state: Mutex::new(State {
                pending: HashMap::new(),
                next_sequence_id: 0,
                failure: None,
                last_used: Instant::now(),
            }),
            stop: CancellationToken::new(),
            runtime: tokio::runtime::Handle::current(),
        });
        let codec = MessageCodec::new(config.transport, config.protocol, config.max_message_size);
        tokio::spawn(read_replies(FramedRead::new(read, codec), core.clone()));
        tokio::spawn(write_requests(write, outgoing, core.clone()));
        AsyncConnection {
            inner: Arc::new(Inner { core, writer }),
        }
    }

    pub fn protocol(&self) -> Protocol {
        self.inner.core.protocol
    }

    pub fn transport(&self) -> Transport {
        self.inner.core.transport
    }

    /// Why the connection can no longer be used, if it cannot.
    pub fn failure(&self) -> Option<thrift::Error> {
        self.inner.core.lock().failure.as_ref().map(Failure::error)
    }

    /// Whether calls can still be made.
    pub fn is_usable(&self) -> bool {
        self.inner.core.lock().failure.is_none()
    }

    /// Calls with a reply still expected (including abandoned ones whose
    /// reply will be discarded).
    pub fn pending_calls(&self) -> usize {
        self.inner.core.lock().pending.len()
    }

    /// Closes the connection: pending and later calls fail.
    pub fn close(&self) {
        self.inner.core.fail(Failure::new(
            TransportErrorKind::NotOpen,
            "closed by the client",
        ));
    }

    /// Calls `method` with `args` and decodes the reply's result struct.
    ///
    /// Dropping the future (or the call timing out) abandons the call
    /// without harming the connection: its reply is read and discarded.
    pub async fn call<A, R>(&self, method: &str, args: &A) -> thrift::Result<R>
    where
        A: Encode + ?Sized,
        R: Decode,
    {
        let slot = self.start(method, args)?;
        let message = self.inner.core.wait(method, slot).await?;
        self.decode_reply(method, &message)
    }

    /// Sends a oneway call; returns once it is written. No reply slot is
    /// taken: the server sends nothing back.
    pub async fn call_oneway<A: Encode + ?Sized>(
        &self,
        method: &str,
        args: &A,
    ) -> thrift::Result<()> {
        let core = &self.inner.core;
        let sequence_id = {
            let mut state = core.usable()?;
            state.next_id()
        };
        let mut bytes = Vec::new();
        self.encode(&mut bytes, method, TMessageType::OneWay, sequence_id, args)?;
        let (written, done) = oneshot::channel();
        self.send(Outgoing {
            bytes,
            written: Some(written),
        })?;
        match done.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(failure)) => Err(failure.error()),
            Err(_) => Err(core.closed_error()),
        }
    }

    /// A batch of calls to send together.
    pub fn batch(&self) -> Batch {
        Batch {
            connection: self.clone(),
            calls: Vec::new(),
        }
    }

    /// Registers a reply slot, encodes and queues the request. Nothing in
    /// here awaits, so a call is either wholly queued or not at all.
    fn start<A: Encode + ?Sized>(&self, method: &str, args: &A) -> thrift::Result<Slot> {
        let core = &self.inner.core;
        let (tx, rx) = oneshot::channel();
        let sequence_id = core.usable()?.register(tx);
        let mut bytes = Vec::new();
        let queued = self
            .encode(&mut bytes, method, TMessageType::Call, sequence_id, args)
            .and_then(|()| {
                self.send(Outgoing {
                    bytes,
                    written: None,
                })
            });
        if let Err(e) = queued {
            core.lock().pending.remove(&sequence_id);
            return Err(e);
        }
        Ok(rx)
    }

    fn encode<A: Encode + ?Sized>(
        &self,
        out: &mut Vec<u8>,
        method: &str,
        kind: TMessageType,
        sequence_id: i32,
        args: &A,
    ) -> thrift::Result<()> {
        let core = &self.inner.core;
        let start = out.len();
        let name = match &core.service {
            Some(service) => std::borrow::Cow::Owned(format!("{service}:{method}")),
            None => std::borrow::Cow::Borrowed(method),
        };
        wire::encode_message(
            core.transport,
            core.protocol,
            out,
            (&name, kind, sequence_id),
            args,
        )?;
        let len = out.len() - start;
        if len > core.max_message_size {
            out.truncate(start);
            return Err(transport(
                TransportErrorKind::SizeLimit,
                format!(
                    "{method}: request of {len} bytes is over the {}-byte limit",
                    core.max_message_size
                ),
            ));
        }
        Ok(())
    }

    fn send(&self, outgoing: Outgoing) -> thrift::Result<()> {
        self.inner
            .writer
            .send(outgoing)
            .map_err(|_| self.inner.core.closed_error())
    }

    fn decode_reply<R: Decode>(&self, method: &str, message: &[u8]) -> thrift::Result<R> {
        wire::decode_message(
            self.inner.core.protocol,
            message,
            ReplyOf {
                method,
                result: std::marker::PhantomData,
            },
        )
    }
}

impl Core {
    fn lock(&self) -> MutexGuard<'_, State> {
        // Nothing panics while holding it; a poisoned lock still holds
        // consistent data.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The state, if the connection has not failed.
    fn usable(&self) -> thrift::Result<MutexGuard<'_, State>> {
        let state = self.lock();
        match &state.failure {
            Some(failure) => Err(failure.error()),
            None => Ok(state),
        }
    }

    /// Fails every pending call and stops both tasks; the first failure
    /// is the one every later call reports.
    fn fail(&self, failure: Failure) {
        let pending = {
            let mut state = self.lock();
            let failure = state.failure.get_or_insert(failure).clone();
            std::mem::take(&mut state.pending)
                .into_values()
                .map(move |tx| (tx, failure.clone()))
                .collect::<Vec<_>>()
        };
        for (tx, failure) in pending {
            let _ = tx.send(Err(failure));
        }
        self.stop.cancel();
    }

    /// Fails the pending call `id` alone.
    fn answer(&self, id: i32, failure: Failure) {
        let slot = self.lock().pending.remove(&id);
        if let Some(tx) = slot {
            let _ = tx.send(Err(failure));
        }
    }

    fn closed_error(&self) -> thrift::Error {
        match &self.lock().failure {
            Some(failure) => failure.error(),
            None => transport(TransportErrorKind::NotOpen, "connection closed".into()),
        }
    }

    async fn wait(&self, method: &str, slot: Slot) -> thrift::Result<Bytes> {
        let reply = match self.call_timeout {
            Some(limit) => tokio::time::timeout(limit, slot).await.map_err(|_| {
                transport(
                    TransportErrorKind::TimedOut,
                    format!("{method}: no reply within {limit:?}"),
                )
            })?,
            None => slot.await,
        };
        match reply {
            Ok(Ok(message)) => Ok(message),
            Ok(Err(failure)) => Err(failure.error()),
            Err(_) => Err(self.closed_error()),
        }
    }

    /// Hands a reply to its caller; a reply nobody is waiting for is an
    /// error (the stream cannot be trusted).
    fn deliver(&self, message: Bytes) -> Result<(), Failure> {
        let header = wire::decode_message(self.protocol, &message, HeaderOnly)
            .map_err(|e| Failure::of(&e))?;
        let slot = {
            let mut state = self.lock();
            state.last_used = Instant::now();
            state.pending.remove(&header.sequence_id)
        };
        match slot {
            // The caller may have gone (cancelled, timed out): discard.
            Some(tx) => {
                let _ = tx.send(Ok(message));
                Ok(())
            }
            None => Err(Failure::new(
                TransportErrorKind::Unknown,
                format!(
                    "reply to `{}` with sequence id {}, which no call is waiting for",
                    header.name, header.sequence_id
                ),
            )),
        }
    }

    /// Whether nothing is pending and nothing happened for `limit`.
    fn idle_for(&self, limit: Duration) -> bool {
        let state = self.lock();
        state.pending.is_empty() && state.last_used.elapsed() >= limit
    }
}

impl State {
    fn next_id(&mut self) -> i32 {
        self.next_sequence_id = self.next_sequence_id.wrapping_add(1);
        self.last_used = Instant::now();
        self.next_sequence_id
    }

    /// A sequence id no pending call has, with `tx` as its slot.
    fn register(&mut self, tx: oneshot::Sender<Result<Bytes, Failure>>) -> i32 {
        let mut id = self.next_id();
        while self.pending.contains_key(&id) {
            id = self.next_id();
        }
        self.pending.insert(id, tx);
        id
    }
}

async fn read_replies<R>(mut replies: FramedRead<R, MessageCodec>, core: Arc<Core>)
where
    R: AsyncRead + Unpin,
{
    let failure = loop {
        let next = async {
            match core.idle_timeout {
                Some(limit) => tokio::time::timeout(limit, replies.next()).await.ok(),
                None => Some(replies.next().await),
            }
        };
        let next = tokio::select! {
            _ = core.stop.cancelled() => break None,
            next = next => next,
        };
        match next {
            None => {
                let limit = core.idle_timeout.unwrap_or_default();
                if core.idle_for(limit) {
                    break Some(Failure::new(
                        TransportErrorKind::NotOpen,
                        format!("closed after being idle for {limit:?}"),
                    ));
                }
            }
            Some(None) => {
                break Some(Failure::new(
                    TransportErrorKind::EndOfFile,
                    "the server closed the connection",
                ));
            }
            Some(Some(Err(e))) => break Some(Failure::of(&e)),
            Some(Some(Ok(message))) => {
                if let Err(failure) = core.deliver(message) {
                    break Some(failure);
                }
            }
        }
    };
    core.fail(
        failure.unwrap_or_else(|| Failure::new(TransportErrorKind::NotOpen, "connection closed")),
    );
}

async fn write_requests<W>(
    write: W,
    mut outgoing: mpsc::UnboundedReceiver<Outgoing>,
    core: Arc<Core>,
) where
    W: AsyncWrite + Unpin,
{
    let mut write = BufWriter::with_capacity(64 * 1024, write);
    let mut acks = Vec::new();
    loop {
        let first = tokio::select! {
            _ = core.stop.cancelled() => break,
            first = outgoing.recv() => first,
        };
        let Some(first) = first else { break };
        // Everything queued meanwhile goes out in the same write.
        let mut next = Some(first);
        let mut result = Ok(());
        while let Some(message) = next {
            if result.is_ok() {
                result = write.write_all(&message.bytes).await;
            }
            acks.extend(message.written);
            next = outgoing.try_recv().ok();
        }
        if result.is_ok() {
            result = write.flush().await;
        }
        let outcome = result.map_err(|e| {
            Failure::new(
                TransportErrorKind::Unknown,
                format!("cannot write to the server: {e}"),
            )
        });
        for ack in acks.drain(..) {
            let _ = ack.send(outcome.clone());
        }
        if let Err(failure) = outcome {
            core.fail(failure);
            break;
        }
    }
    let _ = write.shutdown().await;
}

/// Calls queued to be sent together: one write, all in flight at once,
/// so the batch takes about as long as its slowest call. Each queued call
/// returns a [`BatchReply`] to collect its result from after
/// [`Batch::send`]; one call's failure does not affect the others'.
///
/// The generated `<Service>AsyncBatch` wraps this with a typed method per
/// service method.
#[must_use = "a batch does nothing until sent"]
pub struct Batch {
    connection: AsyncConnection,
    calls: Vec<Queued>,
}

type EncodeFn = Box<dyn FnOnce(&AsyncConnection, &mut Vec<u8>, i32) -> thrift::Result<()> + Send>;

struct Queued {
    encode: EncodeFn,
    slot: oneshot::Sender<Result<Bytes, Failure>>,
}

impl Batch {
    /// Queues a call of `method`; `convert` turns its decoded result
    /// struct (or the error) into what the [`BatchReply`] yields.
    pub fn push<A, R, T>(
        &mut self,
        method: &'static str,
        args: A,
        convert: impl FnOnce(thrift::Result<R>) -> T + Send + 'static,
    ) -> BatchReply<T>
    where
        A: Encode + Send + 'static,
        R: Decode + Send + 'static,
        T: Send + 'static,
    {
        let (tx, rx) = oneshot::channel();
        self.calls.push(Queued {
            encode: Box::new(move |connection, out, sequence_id| {
                connection.encode(out, method, TMessageType::Call, sequence_id, &args)
            }),
            slot: tx,
        });
        let connection = self.connection.clone();
        BatchReply {
            runtime: connection.inner.core.runtime.clone(),
            future: Box::pin(async move {
                let result = match connection.inner.core.wait(method, rx).await {
                    Ok(message) => connection.decode_reply::<R>(method, &message),
                    Err(e) => Err(e),
                };
                convert(result)
            }),
        }
    }

    /// How many calls are queued.
    pub fn len(&self) -> usize {
        self.calls.len()
    }

    pub fn is_empty(&self) -> bool {
        self.calls.is_empty()
    }

    /// Sends every queued call in one write. Does not wait: collect the
    /// results from the [`BatchReply`]s. A call that cannot be encoded
    /// fails alone; a connection that cannot be used fails them all.
    /// (Not `async`, so blocking code can send a batch too.)
    pub fn send(self) {
        let Batch { connection, calls } = self;
        let core = &connection.inner.core;
        let mut bytes = Vec::new();
        let mut ids = Vec::with_capacity(calls.len());
        for call in calls {
            let id = match core.usable() {
                Ok(mut state) => state.register(call.slot),
                Err(e) => {
                    let _ = call.slot.send(Err(Failure::of(&e)));
                    continue;
                }
            };
            let start = bytes.len();
            match (call.encode)(&connection, &mut bytes, id) {
                Ok(()) => ids.push(id),
                Err(e) => {
                    bytes.truncate(start);
                    core.answer(id, Failure::of_call(&e));
                }
            }
        }
        if ids.is_empty() {
            return;
        }
        if connection
            .send(Outgoing {
                bytes,
                written: None,
            })
            .is_err()
        {
            let failure = Failure::of(&core.closed_error());
            for id in ids {
                core.answer(id, failure.clone());
            }
        }
    }
}

/// The result of one call of a [`Batch`]: a future, or
/// [`BatchReply::wait`] from blocking code.
#[must_use]
pub struct BatchReply<T> {
    runtime: tokio::runtime::Handle,
    future: Pin<Box<dyn Future<Output = T> + Send>>,
}

impl<T> BatchReply<T> {
    /// Blocks the thread until the result is in, for code outside the
    /// async world. Panics if called from inside a tokio runtime's worker
    /// (as any blocking wait there would): await the reply there instead.
    pub fn wait(self) -> T {
        self.runtime.block_on(self.future)
    }
}

impl<T> Future for BatchReply<T> {
    type Output = T;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        self.future.as_mut().poll(cx)
    }
}

impl<T> std::fmt::Debug for BatchReply<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BatchReply")
    }
}
