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
    /// Bounded ([`WRITE_QUEUE`]): callers wait for room, so a server that
    /// does not read cannot make the client buffer without limit.
    writer: mpsc::Sender<Outgoing>,
}

/// The reader's buffer to start with.
const READ_BUFFER: usize = 64 * 1024;

/// Messages (calls, or whole batches) queued for the writer task at most;
/// a caller finding it full waits.
const WRITE_QUEUE: usize = 1024;

/// Calls abandoned (dropped or timed out) whose reply is still expected,
/// at most; one more fails the connection (the server is not answering).
const MAX_ABANDONED: usize = if cfg!(test) { 64 } else { 65_536 };

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
    idle_timeout: Option<Duration>,
    late_reply_window: Duration,
    max_message_size: usize,
    state: Mutex<State>,
    stop: CancellationToken,
    runtime: tokio::runtime::Handle,
}

struct State {
    pending: HashMap<i32, Waiter>,
    next_sequence_id: i32,
    failure: Option<Failure>,
    last_used: Instant,
    /// Calls registered since abandoned slots were last looked for.
    since_sweep: usize,
}

type ReplySender = oneshot::Sender<Result<Bytes, Failure>>;

/// Who gets the reply with a sequence id.
enum Waiter {
    /// A caller (which may have gone since: its receiver is closed),
    /// waiting since the instant given (for the call timeout).
    Waiting(ReplySender, Instant),
    /// Nobody: the caller was found gone at this instant. The reply is
    /// discarded when it comes; after the late-reply window the id is
    /// forgotten.
    Abandoned(Instant),
}

/// Why the connection is unusable; every affected caller gets a
/// `thrift::Error` built from it.
#[derive(Debug, Clone)]
struct Failure {
    kind: TransportErrorKind,
    message: Arc<str>,
    /// Whether the connection failed (rather than this one call).
    connection: bool,
    /// The call got no reply within the call timeout (`message` says
    /// how long that is; the caller adds the method's name).
    timed_out: bool,
}

impl Failure {
    fn new(kind: TransportErrorKind, message: impl Into<Arc<str>>) -> Self {
        Failure {
            kind,
            message: message.into(),
            connection: true,
            timed_out: false,
        }
    }

    /// A call's timeout (the connection is fine).
    fn timed_out(limit: Duration) -> Self {
        Failure {
            kind: TransportErrorKind::TimedOut,
            message: format!("no reply within {limit:?}").into(),
            connection: false,
            timed_out: true,
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
        let (writer, outgoing) = mpsc::channel(WRITE_QUEUE);
        let core = Arc::new(Core {
            protocol: config.protocol,
            transport: config.transport,
            service: config.service.clone(),
            idle_timeout: config.idle_timeout,
            late_reply_window: config.late_reply_window,
            max_message_size: config.max_message_size,
            state: Mutex::new(State {
                pending: HashMap::new(),
                next_sequence_id: 0,
                failure: None,
                last_used: Instant::now(),
                since_sweep: 0,
            }),
            stop: CancellationToken::new(),
            runtime: tokio::runtime::Handle::current(),
        });
        let codec = MessageCodec::new(config.transport, config.protocol, config.max_message_size);
        // One connection carries every caller's replies: read them in big
        // pieces (the default 8 KiB takes several reads for 8 replies of
        // 1 KiB).
        let replies = FramedRead::with_capacity(read, codec, READ_BUFFER);
        tokio::spawn(read_replies(replies, core.clone()));
        tokio::spawn(write_requests(write, outgoing, core.clone()));
        if let Some(limit) = config.call_timeout {
            tokio::spawn(time_out_calls(core.clone(), limit));
        }
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
    /// reply will be discarded, until their late-reply window passes).
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
        let permit = self.reserve().await?;
        let slot = self.start(method, args, permit)?;
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
        let permit = self.reserve().await?;
        let sequence_id = {
            let mut state = core.usable()?;
            state.next_id()
        };
        let mut bytes = Vec::new();
        self.encode(&mut bytes, method, TMessageType::OneWay, sequence_id, args)?;
        let (written, done) = oneshot::channel();
        permit.send(Outgoing {
            bytes,
            written: Some(written),
        });
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

    /// Waits for room in the write queue (cancel-safe: nothing is
    /// queued or registered yet).
    async fn reserve(&self) -> thrift::Result<mpsc::Permit<'_, Outgoing>> {
        self.inner
            .writer
            .reserve()
            .await
            .map_err(|_| self.inner.core.closed_error())
    }

    /// Registers a reply slot, encodes and queues the request into the
    /// room reserved. Nothing in here awaits, so a call is either wholly
    /// queued or not at all.
    fn start<A: Encode + ?Sized>(
        &self,
        method: &str,
        args: &A,
        permit: mpsc::Permit<'_, Outgoing>,
    ) -> thrift::Result<Slot> {
        let core = &self.inner.core;
        let (tx, rx) = oneshot::channel();
        let sequence_id = core.register(tx).map_err(|(_, e)| e)?;
        let mut bytes = Vec::new();
        if let Err(e) = self.encode(&mut bytes, method, TMessageType::Call, sequence_id, args) {
            core.lock().pending.remove(&sequence_id);
            return Err(e);
        }
        permit.send(Outgoing {
            bytes,
            written: None,
        });
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
                .filter_map(|waiter| match waiter {
                    Waiter::Waiting(tx, _) => Some(tx),
                    Waiter::Abandoned(_) => None,
                })
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
        if let Some(Waiter::Waiting(tx, _)) = slot {
            let _ = tx.send(Err(failure));
        }
    }

    /// Registers `tx` for a new sequence id (or gives it back with the
    /// error); fails the connection when too many abandoned calls still
    /// wait for a reply.
    fn register(&self, tx: ReplySender) -> Result<i32, (ReplySender, thrift::Error)> {
        let registered = match self.usable() {
            Ok(mut state) => state.register(tx, self.late_reply_window),
            Err(e) => return Err((tx, e)),
        };
        registered.map_err(|(tx, failure)| {
            self.fail(failure.clone());
            (tx, failure.error())
        })
    }

    fn closed_error(&self) -> thrift::Error {
        match &self.lock().failure {
            Some(failure) => failure.error(),
            None => transport(TransportErrorKind::NotOpen, "connection closed".into()),
        }
    }

    /// The reply to a call; within the call timeout, which
    /// [`time_out_calls`] enforces.
    async fn wait(&self, method: &str, slot: Slot) -> thrift::Result<Bytes> {
        match slot.await {
            Ok(Ok(message)) => Ok(message),
            Ok(Err(failure)) if failure.timed_out => Err(transport(
                failure.kind,
                format!("{method}: {}", failure.message),
            )),
            Ok(Err(failure)) => Err(failure.error()),
            Err(_) => Err(self.closed_error()),
        }
    }

    /// Fails every call waiting for `limit` or longer at `now` with a
    /// timeout; their slots are abandoned (a late reply is discarded).
    fn time_out(&self, now: Instant, limit: Duration) {
        let expired: Vec<ReplySender> = {
            let mut state = self.lock();
            let mut expired = Vec::new();
            for waiter in state.pending.values_mut() {
                if let Waiter::Waiting(_, since) = waiter
                    && now.saturating_duration_since(*since) >= limit
                    && let Waiter::Waiting(tx, _) =
                        std::mem::replace(waiter, Waiter::Abandoned(now))
                {
                    expired.push(tx);
                }
            }
            expired
        };
        if expired.is_empty() {
            return;
        }
        let failure = Failure::timed_out(limit);
        for tx in expired {
            let _ = tx.send(Err(failure.clone()));
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
            Some(Waiter::Waiting(tx, _)) => {
                let _ = tx.send(Ok(message));
                Ok(())
            }
            Some(Waiter::Abandoned(_)) => Ok(()),
            None => Err(Failure::new(
                TransportErrorKind::Unknown,
                format!(
                    "reply to `{}` with sequence id {}, which no call is waiting for \
                     (or whose caller left more than {:?} before)",
                    header.name, header.sequence_id, self.late_reply_window
                ),
            )),
        }
    }

    /// Whether nothing is pending and nothing happened for `limit`.
    fn idle_for(&self, limit: Duration) -> bool {
        let state = self.lock();
        let waiting = state.pending.values().any(|waiter| match waiter {
            Waiter::Waiting(tx, _) => !tx.is_closed(),
            Waiter::Abandoned(_) => false,
        });
        !waiting && state.last_used.elapsed() >= limit
    }
}

impl State {
    fn next_id(&mut self) -> i32 {
        self.next_sequence_id = self.next_sequence_id.wrapping_add(1);
        self.last_used = Instant::now();
        self.next_sequence_id
    }

    /// A sequence id no pending call has, with `tx` as its slot. Every
    /// so often (once the registrations since the last time outnumber
    /// the slots that were left then, so the cost per call stays
    /// constant) slots whose caller has gone are
    /// marked abandoned, and abandoned ones older than `window` are
    /// forgotten; too many abandoned ones are a failure.
    fn register(
        &mut self,
        tx: ReplySender,
        window: Duration,
    ) -> Result<i32, (ReplySender, Failure)> {
        self.since_sweep += 1;
        // pending ≤ (left at the last sweep) + since_sweep.
        if 2 * self.since_sweep > self.pending.len().max(128) {
            self.since_sweep = 0;
            let abandoned = self.sweep(Instant::now(), window);
            if abandoned > MAX_ABANDONED {
                let failure = Failure::new(
                    TransportErrorKind::Unknown,
                    format!(
                        "{abandoned} abandoned calls are still without a reply: the server \
                         is not answering"
                    ),
                );
                return Err((tx, failure));
            }
        }
        let mut id = self.next_id();
        while self.pending.contains_key(&id) {
            id = self.next_id();
        }
        // `next_id` has just read the clock.
        self.pending.insert(id, Waiter::Waiting(tx, self.last_used));
        Ok(id)
    }

    /// Marks slots whose caller has gone as abandoned at `now`, forgets
    /// abandoned ones older than `window`; returns how many are left.
    fn sweep(&mut self, now: Instant, window: Duration) -> usize {
        let mut abandoned = 0;
        self.pending.retain(|_, waiter| {
            if let Waiter::Waiting(tx, _) = waiter
                && tx.is_closed()
            {
                *waiter = Waiter::Abandoned(now);
            }
            match waiter {
                Waiter::Waiting(..) => true,
                Waiter::Abandoned(since) if now.duration_since(*since) >= window => false,
                Waiter::Abandoned(_) => {
                    abandoned += 1;
                    true
                }
            }
        });
        abandoned
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

/// Enforces the call timeout: one timer for the connection, looking at
/// the waiting calls every quarter of `limit` (1 ms to 1 s), rather than
/// a timer per call (which costs a call as much again as a pooled
/// client's own work). A call times out at most a tick after `limit`.
async fn time_out_calls(core: Arc<Core>, limit: Duration) {
    let tick = (limit / 4).clamp(Duration::from_millis(1), Duration::from_secs(1));
    let mut ticks = tokio::time::interval(tick);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = core.stop.cancelled() => break,
            _ = ticks.tick() => core.time_out(Instant::now(), limit),
        }
    }
}

async fn write_requests<W>(write: W, mut outgoing: mpsc::Receiver<Outgoing>, core: Arc<Core>)
where
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
    slot: ReplySender,
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
            let id = match core.register(call.slot) {
                Ok(id) => id,
                Err((slot, e)) => {
                    let _ = slot.send(Err(Failure::of(&e)));
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
        let outgoing = Outgoing {
            bytes,
            written: None,
        };
        match connection.inner.writer.try_send(outgoing) {
            Ok(()) => {}
            // No room: wait for it on the connection's runtime, so this
            // stays a non-blocking call.
            Err(mpsc::error::TrySendError::Full(outgoing)) => {
                let writer = connection.inner.writer.clone();
                let core = core.clone();
                core.runtime.clone().spawn(async move {
                    if writer.send(outgoing).await.is_err() {
                        let failure = Failure::of(&core.closed_error());
                        for id in ids {
                            core.answer(id, failure.clone());
                        }
                    }
                });
            }
            Err(mpsc::error::TrySendError::Closed(_)) => {
                let failure = Failure::of(&core.closed_error());
                for id in ids {
                    core.answer(id, failure.clone());
                }
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

impl<T: Send> BatchReply<T> {
    /// Blocks the thread until the result is in, for code outside the
    /// async world.
    ///
    /// On a worker thread of a multi-thread tokio runtime it works too
    /// (it blocks that worker meanwhile, like any blocking call there: the
    /// reply is awaited on a helper thread). On a thread running a
    /// current-thread runtime it panics with a message saying so: waiting
    /// there would block the very thread the connection's tasks need,
    /// forever. Await the reply there instead.
    pub fn wait(self) -> T {
        use tokio::runtime::{Handle, RuntimeFlavor};
        match Handle::try_current().map(|h| h.runtime_flavor()) {
            Err(_) => self.runtime.block_on(self.future),
            Ok(RuntimeFlavor::CurrentThread) => panic!(
                "BatchReply::wait called on a thread running a current-thread tokio runtime: \
                 it would block the thread the connection needs, forever; await the \
                 BatchReply instead"
            ),
            Ok(_) => {
                let BatchReply { runtime, future } = self;
                std::thread::scope(|scope| {
                    scope
                        .spawn(move || runtime.block_on(future))
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::{Decoder, Encoder};
    use crate::nonblocking::wire::{Value, encode_message};
    use thrift::protocol::TType;
    use tokio::io::{AsyncReadExt, DuplexStream};

    /// A struct with one string field (as arguments and as result).
    #[derive(Debug, Clone, PartialEq)]
    struct Text(String);

    impl Encode for Text {
        fn encode<E: Encoder>(&self, e: &mut E) -> thrift::Result<()> {
            let scope = e.write_struct_begin()?;
            e.write_field_begin(TType::String, 0)?;
            e.write_string(&self.0)?;
            e.write_field_end()?;
            e.write_field_stop()?;
            e.write_struct_end(scope)
        }
    }

    impl Decode for Text {
        fn decode<D: Decoder>(d: &mut D) -> thrift::Result<Self> {
            let scope = d.read_struct_begin()?;
            let mut text = String::new();
            loop {
                let field = d.read_field_begin()?;
                match field.ttype {
                    TType::Stop => break,
                    TType::String => text = d.read_string()?,
                    other => d.skip(other)?,
                }
                d.read_field_end()?;
            }
            d.read_struct_end(scope)?;
            Ok(Text(text))
        }
    }

    fn config() -> ClientConfig {
        ClientConfig::default()
    }

    /// A server that answers every call with its own text, unless
    /// `answer` says to stay silent for it.
    fn echo_server(stream: DuplexStream, answer: impl Fn(&str) -> bool + Send + 'static) {
        tokio::spawn(async move {
            let (read, mut write) = tokio::io::split(stream);
            let codec = MessageCodec::new(Transport::Framed, Protocol::Binary, 1 << 20);
            let mut calls = FramedRead::new(read, codec);
            while let Some(Ok(call)) = calls.next().await {
                let (header, Text(text)) =
                    wire::decode_message(Protocol::Binary, &call, Value::<Text>::new()).unwrap();
                if !answer(&text) {
                    continue;
                }
                let mut out = Vec::new();
                encode_message(
                    Transport::Framed,
                    Protocol::Binary,
                    &mut out,
                    (&header.name, TMessageType::Reply, header.sequence_id),
                    &Text(text),
                )
                .unwrap();
                if write.write_all(&out).await.is_err() {
                    break;
                }
            }
        });
    }

    fn message(e: &thrift::Error) -> String {
        match e {
            thrift::Error::Transport(e) => e.message.clone(),
            other => other.to_string(),
        }
    }

    async fn call(connection: &AsyncConnection, text: &str) -> thrift::Result<String> {
        connection
            .call::<_, Text>("echo", &Text(text.into()))
            .await
            .map(|t| t.0)
    }

    #[tokio::test]
    async fn abandoned_calls_are_forgotten_after_the_late_reply_window() {
        let (ours, theirs) = tokio::io::duplex(64 * 1024);
        echo_server(theirs, |text| !text.starts_with("silent"));
        let connection = AsyncConnection::over(
            ours,
            &config()
                .call_timeout(Some(Duration::from_millis(2)))
                .late_reply_window(Duration::ZERO),
        );
        for i in 0..300 {
            let e = call(&connection, &format!("silent {i}")).await.unwrap_err();
            assert!(message(&e).contains("no reply within"), "{e:?}");
        }
        // Never answered, yet their slots do not pile up.
        assert!(
            connection.pending_calls() < 150,
            "{}",
            connection.pending_calls()
        );
        assert_eq!(
            call(&connection, "still works").await.unwrap(),
            "still works"
        );
    }

    #[tokio::test]
    async fn a_call_times_out_while_other_calls_on_the_connection_are_answered() {
        let (ours, theirs) = tokio::io::duplex(64 * 1024);
        echo_server(theirs, |text| text != "silent");
        let connection = AsyncConnection::over(
            ours,
            &config().call_timeout(Some(Duration::from_millis(20))),
        );
        let silent = tokio::spawn({
            let connection = connection.clone();
            async move { call(&connection, "silent").await }
        });
        // Replies keep coming meanwhile; the silent call's clock is its own.
        let mut answered = 0;
        while !silent.is_finished() && answered < 1_000_000 {
            let text = format!("call {answered}");
            assert_eq!(call(&connection, &text).await.unwrap(), text);
            answered += 1;
        }
        let e = silent.await.unwrap().unwrap_err();
        assert_eq!(message(&e), "echo: no reply within 20ms");
        assert!(
            matches!(&e, thrift::Error::Transport(t) if t.kind == TransportErrorKind::TimedOut)
        );
        assert!(
            connection.is_usable(),
            "a call's timeout leaves the connection usable"
        );
        assert_eq!(call(&connection, "after").await.unwrap(), "after");
    }

    #[tokio::test]
    async fn too_many_unanswered_calls_fail_the_connection() {
        let (ours, theirs) = tokio::io::duplex(64 * 1024);
        echo_server(theirs, |_| false);
        let connection =
            AsyncConnection::over(ours, &config().call_timeout(Some(Duration::from_millis(1))));
        let mut failed = None;
        for i in 0..10 * MAX_ABANDONED {
            match call(&connection, &format!("{i}")).await {
                Err(e) if !message(&e).contains("no reply within") => {
                    failed = Some(e);
                    break;
                }
                _ => {}
            }
        }
        let e = failed.expect("the connection fails");
        assert!(message(&e).contains("abandoned calls"), "{e:?}");
        assert!(!connection.is_usable());
        assert_eq!(connection.pending_calls(), 0);
    }

    #[tokio::test]
    async fn a_late_reply_within_the_window_is_discarded() {
        let (ours, theirs) = tokio::io::duplex(64 * 1024);
        // Replies come, but only after the caller gave up.
        let (ours_server, server) = tokio::io::duplex(64 * 1024);
        echo_server(server, |_| true);
        tokio::spawn(async move {
            let (mut from_client, mut to_client) = tokio::io::split(theirs);
            let (mut from_server, mut to_server) = tokio::io::split(ours_server);
            tokio::spawn(async move { tokio::io::copy(&mut from_client, &mut to_server).await });
            let mut buf = vec![0; 64 * 1024];
            while let Ok(n @ 1..) = from_server.read(&mut buf).await {
                tokio::time::sleep(Duration::from_millis(30)).await;
                if to_client.write_all(&buf[..n]).await.is_err() {
                    break;
                }
            }
        });
        let connection =
            AsyncConnection::over(ours, &config().call_timeout(Some(Duration::from_millis(5))));
        for i in 0..100 {
            assert!(call(&connection, &format!("late {i}")).await.is_err());
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        while connection.pending_calls() > 0 && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        // Every late reply was read and thrown away.
        assert_eq!(connection.pending_calls(), 0);
        assert!(connection.is_usable(), "{:?}", connection.failure());
    }

    #[tokio::test]
    async fn the_write_queue_is_bounded() {
        // A server that never reads: the stream fills, then the queue.
        let (ours, theirs) = tokio::io::duplex(256);
        let connection = AsyncConnection::over(ours, &config());
        let mut calls = tokio::task::JoinSet::new();
        for i in 0..WRITE_QUEUE + 2000 {
            let connection = connection.clone();
            calls.spawn(async move { call(&connection, &format!("{i:0>100}")).await });
        }
        for _ in 0..50 {
            tokio::task::yield_now().await;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        // Registered calls are queued or in the writer's 64 KiB buffer
        // (~130 bytes each): no more.
        let pending = connection.pending_calls();
        assert!(pending <= WRITE_QUEUE + 64 * 1024 / 100 + 2, "{pending}");
        assert!(pending >= WRITE_QUEUE / 2, "{pending}");
        drop(theirs);
        while let Some(done) = calls.join_next().await {
            assert!(done.unwrap().is_err());
        }
    }

    #[test]
    #[should_panic(expected = "current-thread tokio runtime")]
    fn batch_wait_on_a_current_thread_runtime_says_why_it_cannot() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let (ours, theirs) = tokio::io::duplex(64 * 1024);
            echo_server(theirs, |_| true);
            let connection = AsyncConnection::over(ours, &config());
            let mut batch = connection.batch();
            let reply = batch.push("echo", Text("hi".into()), |r: thrift::Result<Text>| r);
            batch.send();
            let _ = reply.wait();
        });
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn batch_wait_works_on_a_multi_thread_worker() {
        let (ours, theirs) = tokio::io::duplex(64 * 1024);
        echo_server(theirs, |_| true);
        let connection = AsyncConnection::over(ours, &config());
        let mut batch = connection.batch();
        let replies: Vec<_> = (0..3)
            .map(|i| batch.push("echo", Text(format!("{i}")), |r: thrift::Result<Text>| r))
            .collect();
        batch.send();
        // Straight on this worker thread, no spawn_blocking.
        let got: Vec<String> = replies.into_iter().map(|r| r.wait().unwrap().0).collect();
        assert_eq!(got, ["0", "1", "2"]);
    }
}
