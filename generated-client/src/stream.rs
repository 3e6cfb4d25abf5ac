//! Server-sent event streams: the typed items of a `text/event-stream` answer.
//!
//! The bytes are split into events by `sse-stream` (the WHATWG event-stream format: `data`
//! spread over several lines, comments, LF/CR/CRLF line ends, a leading BOM, `id` and `retry`
//! fields, events split across network chunks anywhere). Each event is decoded into the
//! generated event type; the terminal event (`data: [DONE]`) ends the stream cleanly, and a
//! stream that ends without it — a connection cut mid-event or between events — ends with an
//! error item, never a hang or a silent end.

use std::fmt;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use futures_util::stream::FusedStream;
use futures_util::{Stream, StreamExt};
use reqwest::header::HeaderMap;

use crate::error::request_id;
use crate::Error;

/// An event type a stream decodes into; generated for each event set of the description.
pub trait ServerSentEvent: Sized {
    /// Whether the event set has a terminal event, so that a stream ending without it was cut.
    const HAS_TERMINAL_EVENT: bool;

    /// Decodes one event from its name (the `event:` field, `message` when absent) and data.
    fn from_sse(event: &str, data: &str) -> Result<Self, Error>;

    /// Whether this event ends the stream.
    fn is_terminal(&self) -> bool;
}

/// The events of a streamed answer, in order. Dropping it closes the connection.
///
/// Items are `Ok(event)` for each event, including an `error` event the server sends, and
/// `Err(..)` when an event does not decode or the connection fails; after a connection
/// failure the stream ends. Once it has ended it stays ended: polling it again yields `None`.
pub struct EventStream<E> {
    inner: Pin<Box<dyn Stream<Item = Result<E, Error>> + Send>>,
    /// Whether `inner` has ended; it must not be polled again (an ended `unfold` panics).
    ended: bool,
    request_id: Option<String>,
    headers: HeaderMap,
}

impl<E: ServerSentEvent + Send + 'static> EventStream<E> {
    /// Decodes events from any stream of byte chunks (a body read some other way, a file, a
    /// test), split anywhere.
    pub fn from_byte_stream<S, B, X>(chunks: S) -> Self
    where
        S: Stream<Item = Result<B, X>> + Send + Unpin + 'static,
        B: bytes::Buf + Send + 'static,
        X: std::error::Error + Send + Sync + 'static,
    {
        let blocks = sse_stream::SseByteStream::new(chunks);
        decode_blocks(blocks, None, HeaderMap::new())
    }
}

impl<E> EventStream<E> {
    /// The `x-request-id` of the response, for support requests.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The headers of the response.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }
}

impl<E> fmt::Debug for EventStream<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("request_id", &self.request_id)
            .finish_non_exhaustive()
    }
}

impl<E> Stream for EventStream<E> {
    type Item = Result<E, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.ended {
            return Poll::Ready(None);
        }
        let item = ready!(self.inner.as_mut().poll_next(cx));
        self.ended = item.is_none();
        Poll::Ready(item)
    }
}

impl<E> FusedStream for EventStream<E> {
    fn is_terminated(&self) -> bool {
        self.ended
    }
}

struct State<S> {
    blocks: S,
    finished: bool,
    request_id: Option<String>,
}

/// Decodes the body of a `2xx` `text/event-stream` response.
pub(crate) fn decode<E>(response: reqwest::Response) -> EventStream<E>
where
    E: ServerSentEvent + Send + 'static,
{
    let headers = response.headers().clone();
    let request_id = request_id(&headers);
    let blocks = sse_stream::SseByteStream::new(response.bytes_stream());
    decode_blocks(blocks, request_id, headers)
}

/// Decodes SSE blocks (split out so that tests can feed bytes without a server).
pub(crate) fn decode_blocks<E, S>(
    blocks: S,
    request_id: Option<String>,
    headers: HeaderMap,
) -> EventStream<E>
where
    E: ServerSentEvent + Send + 'static,
    S: Stream<Item = Result<sse_stream::Sse, sse_stream::Error>> + Send + Unpin + 'static,
{
    let state = State {
        blocks,
        finished: false,
        request_id: request_id.clone(),
    };
    let inner = futures_util::stream::unfold(state, |mut state| async move {
        if state.finished {
            return None;
        }
        loop {
            match state.blocks.next().await {
                Some(Ok(block)) => {
                    // A block of comments or of `id`/`retry` alone carries no event.
                    let Some(data) = block.data else { continue };
                    // An absent or empty `event` field means the default type, `message`.
                    let name = match block.event.as_deref() {
                        None | Some("") => "message",
                        Some(name) => name,
                    };
                    return match E::from_sse(name, &data) {
                        // Ending the unfold here drops the body: the connection closes.
                        Ok(event) if event.is_terminal() => None,
                        Ok(event) => Some((Ok(event), state)),
                        Err(error) => {
                            let error = error.with_request_id(state.request_id.clone());
                            Some((Err(error), state))
                        }
                    };
                }
                Some(Err(error)) => {
                    state.finished = true;
                    return Some((
                        Err(Error::from_stream(error, state.request_id.clone())),
                        state,
                    ));
                }
                None => {
                    state.finished = true;
                    if E::HAS_TERMINAL_EVENT {
                        let error = Error::stream_ended(state.request_id.clone());
                        return Some((Err(error), state));
                    }
                    return None;
                }
            }
        }
    });
    EventStream {
        inner: Box::pin(inner),
        ended: false,
        request_id,
        headers,
    }
}
