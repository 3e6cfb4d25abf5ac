//! Server-sent event streams: the typed items of a `text/event-stream` answer.
//!
//! The bytes are split into events by `sse-stream` (the WHATWG event-stream format: `data`
//! spread over several lines, comments, LF/CR/CRLF line ends, a leading BOM, `id` and `retry`
//! fields, events split across network chunks anywhere). Each event is decoded into the
//! generated event type; the terminal event (or the data the API ends its streams with, such
//! as `[DONE]`) ends the stream cleanly, and a stream that ends without it — a connection cut mid-event or between events — ends with an
//! error item, never a hang or a silent end.

use std::fmt;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use futures_util::stream::FusedStream;

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use reqwest::header::HeaderMap;

use crate::error::ErrorBody;
use crate::Error;

/// How the events of one event set are decoded: a function from an event's name (the `event:`
/// field, `message` when absent) and data to the event, and what ends the stream.
///
/// A generated client builds one from its `ServerSentEvent` trait (see [`event_stream!`](crate::event_stream!)), so
/// that its users' own event types decode into its [`Error`] type.
pub struct EventDecoder<E, B = serde_json::Value> {
    /// Whether the event set has a terminal event, so that a stream ending without it was cut.
    pub has_terminal_event: bool,
    /// The data of the event that ends a stream whose event set declares no terminal event
    /// (`[DONE]` for some APIs); `None` when there is none.
    pub end_data: Option<&'static str>,
    /// Decodes one event from its name and data.
    pub decode: fn(&str, &str) -> Result<E, Error<B>>,
    /// Whether an event ends the stream.
    pub is_terminal: fn(&E) -> bool,
}

// By hand rather than derived: a derive would ask `E` and `B` to be `Clone` / `Copy` too.
impl<E, B> Clone for EventDecoder<E, B> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<E, B> Copy for EventDecoder<E, B> {}

impl<E, B> fmt::Debug for EventDecoder<E, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventDecoder")
            .field("has_terminal_event", &self.has_terminal_event)
            .field("end_data", &self.end_data)
            .finish_non_exhaustive()
    }
}

/// The events of a streamed answer, in order. Dropping it closes the connection.
///
/// Items are `Ok(event)` for each event, including an `error` event the server sends, and
/// `Err(..)` when an event does not decode or the connection fails; after a connection
/// failure the stream ends. Once it has ended it stays ended: polling it again yields `None`.
///
/// `B` is the API's error body, as in [`Error`].
pub struct EventStream<E, B = serde_json::Value> {
    inner: Pin<Box<dyn Stream<Item = Result<E, Error<B>>> + Send>>,
    /// Whether `inner` has ended (it is not polled again).
    ended: bool,
    request_id: Option<String>,
    headers: HeaderMap,
}

impl<E: Send + 'static, B: Send + 'static> EventStream<E, B> {
    /// Decodes events from any stream of byte chunks (a body read some other way, a file, a
    /// test), split anywhere.
    pub fn from_byte_stream<S, C, X>(chunks: S, decoder: EventDecoder<E, B>) -> Self
    where
        S: Stream<Item = Result<C, X>> + Send + Unpin + 'static,
        C: bytes::Buf + Send + 'static,
        X: std::error::Error + Send + Sync + 'static,
    {
        let blocks = sse_stream::SseByteStream::new(chunks);
        decode_blocks(blocks, None, HeaderMap::new(), typed_decoder(decoder))
    }
}

impl<E, B> EventStream<E, B> {
    /// The request id of the response, for support requests.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The headers of the response.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }
}

impl<E, B> fmt::Debug for EventStream<E, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("request_id", &self.request_id)
            .finish_non_exhaustive()
    }
}

impl<E, B> Stream for EventStream<E, B> {
    type Item = Result<E, Error<B>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.ended {
            return Poll::Ready(None);
        }
        let item = ready!(self.inner.as_mut().poll_next(cx));
        self.ended = item.is_none();
        Poll::Ready(item)
    }
}

impl<E, B> FusedStream for EventStream<E, B> {
    fn is_terminated(&self) -> bool {
        self.ended
    }
}

/// The blocks of a stream, decoded one by one into items.
///
/// A `Stream` by hand rather than `stream::unfold`: an unfold moves its state, and the future
/// holding it, in and out on every item, and that copying was about a tenth of the
/// instructions spent per event.
struct Blocks<S, E, B> {
    /// `None` once the stream has ended: dropping the blocks drops the body, which closes the
    /// connection.
    blocks: Option<S>,
    request_id: Option<String>,
    decoder: Decoder<E, B>,
}

impl<S, E, B> Blocks<S, E, B> {
    /// Ends the stream (its connection closes) with its last item.
    fn end(&mut self, last: Option<Result<E, Error<B>>>) -> Poll<Option<Result<E, Error<B>>>> {
        self.blocks = None;
        Poll::Ready(last)
    }
}

impl<S, E, B> Stream for Blocks<S, E, B>
where
    S: Stream<Item = Result<sse_stream::Sse, sse_stream::Error>> + Unpin,
{
    type Item = Result<E, Error<B>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        // Every field is `Unpin` (the blocks are asked to be, the decoder is boxed).
        let this = self.get_mut();
        loop {
            let Some(blocks) = this.blocks.as_mut() else {
                return Poll::Ready(None);
            };
            match ready!(blocks.poll_next_unpin(cx)) {
                Some(Ok(block)) => {
                    // A block of comments or of `id`/`retry` alone carries no event.
                    let Some(data) = block.data else { continue };
                    // An absent or empty `event` field means the default type, `message`.
                    let name = match block.event.as_deref() {
                        None | Some("") => "message",
                        Some(name) => name,
                    };
                    return match (this.decoder.decode)(name, &data) {
                        Ok(None) => this.end(None),
                        Ok(Some(event)) => Poll::Ready(Some(Ok(event))),
                        Err(error) => {
                            let error = error.with_request_id(this.request_id.clone());
                            Poll::Ready(Some(Err(error)))
                        }
                    };
                }
                Some(Err(error)) => {
                    let error = Error::from_stream(error, this.request_id.clone());
                    return this.end(Some(Err(error)));
                }
                None if this.decoder.needs_terminal => {
                    let error = Error::stream_ended(this.request_id.clone());
                    return this.end(Some(Err(error)));
                }
                None => return this.end(None),
            }
        }
    }
}

/// Why the byte stream of an event stream failed: the connection, or an event too large.
#[derive(Debug)]
pub(crate) enum ChunkError {
    Http(reqwest::Error),
    /// One event grew past this many bytes.
    TooLarge(usize),
}

impl fmt::Display for ChunkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Http(error) => error.fmt(f),
            Self::TooLarge(limit) => write!(f, "an event is larger than the {limit}-byte limit"),
        }
    }
}

impl std::error::Error for ChunkError {}

/// Measures the events of a stream as its bytes arrive, and fails the byte stream once one
/// event passes `limit`: a server that never ends an event cannot exhaust memory, while any
/// number of events (or keepalive comments) within the limit pass, however the bytes are split
/// into chunks.
fn limited<S>(chunks: S, limit: usize) -> impl Stream<Item = Result<Bytes, ChunkError>>
where
    S: Stream<Item = Result<Bytes, reqwest::Error>>,
{
    let mut blocks = BlockSize::new();
    chunks.map(move |chunk| {
        let chunk = chunk.map_err(ChunkError::Http)?;
        if blocks.feed(&chunk) > limit {
            return Err(ChunkError::TooLarge(limit));
        }
        Ok(chunk)
    })
}

/// The size of the event-stream blocks (an event and its fields, or comments) in bytes fed
/// chunk by chunk: a block ends at a blank line, with LF, CR or CRLF line ends.
struct BlockSize {
    /// Bytes of the current block so far, line ends included (a CRLF as one).
    size: usize,
    /// Whether the last byte ended a line, so that a line end next ends the block.
    line_start: bool,
    /// Whether the last byte was a CR, so that an LF next completes that line end.
    after_cr: bool,
}

impl BlockSize {
    fn new() -> Self {
        Self {
            size: 0,
            line_start: true,
            after_cr: false,
        }
    }

    /// Feeds the next bytes; returns the size of the largest block they end or continue.
    fn feed(&mut self, bytes: &[u8]) -> usize {
        let mut largest = 0;
        let mut rest = bytes;
        while let Some(at) = rest.iter().position(|&b| b == b'\n' || b == b'\r') {
            if at > 0 {
                self.size += at;
                self.line_start = false;
                self.after_cr = false;
            }
            let end = rest[at];
            rest = &rest[at + 1..];
            if end == b'\n' && self.after_cr {
                // The LF of a CRLF: the line ended at its CR.
                self.after_cr = false;
                continue;
            }
            self.size += 1;
            if self.line_start {
                // A blank line: the block ends.
                largest = largest.max(self.size);
                self.size = 0;
            }
            self.line_start = true;
            self.after_cr = end == b'\r';
        }
        if !rest.is_empty() {
            self.size += rest.len();
            self.line_start = false;
            self.after_cr = false;
        }
        largest.max(self.size)
    }
}

/// Whether an event's data is the data that ends a stream.
fn is_end(data: &str, end_data: Option<&str>) -> bool {
    end_data.is_some_and(|end| data.trim() == end)
}

/// Decodes an event from its name and data; `Ok(None)` for the one that ends the stream.
type DecodeFn<E, B> = Box<dyn Fn(&str, &str) -> Result<Option<E>, Error<B>> + Send>;

/// How a stream turns one event into an item.
struct Decoder<E, B> {
    /// `Ok(None)` for the terminal event.
    decode: DecodeFn<E, B>,
    /// Whether the stream must end with a terminal event (else it was cut).
    needs_terminal: bool,
}

fn typed_decoder<E: 'static, B: 'static>(events: EventDecoder<E, B>) -> Decoder<E, B> {
    Decoder {
        decode: Box::new(move |name, data| {
            // An API may end its streams with a fixed data (`[DONE]`) that its description
            // leaves out of the event set: the stream ends there, instead of yielding it as an
            // unknown event.
            if !events.has_terminal_event && is_end(data, events.end_data) {
                return Ok(None);
            }
            let event = (events.decode)(name, data)?;
            Ok(if (events.is_terminal)(&event) {
                None
            } else {
                Some(event)
            })
        }),
        needs_terminal: events.has_terminal_event,
    }
}

fn data_decoder<T: serde::de::DeserializeOwned, B: 'static>(
    end_data: Option<&'static str>,
) -> Decoder<T, B> {
    Decoder {
        // Streams whose data is one JSON value each; `end_data` (`[DONE]`) ends them.
        decode: Box::new(move |_, data| {
            if is_end(data, end_data) {
                return Ok(None);
            }
            crate::send::decode_event_data(data)
                .map(Some)
                .map_err(Error::Decode)
        }),
        needs_terminal: false,
    }
}

/// Decodes the body of a `2xx` `text/event-stream` response into typed events.
pub(crate) fn decode<E, B>(
    response: reqwest::Response,
    request_id: Option<String>,
    limit: usize,
    events: EventDecoder<E, B>,
) -> EventStream<E, B>
where
    E: Send + 'static,
    B: ErrorBody + Send + 'static,
{
    decode_response(response, request_id, typed_decoder(events), limit)
}

/// Decodes the body of a `2xx` `text/event-stream` response whose events' data are JSON
/// values of one type (the event names do not matter).
pub(crate) fn decode_data<T, B>(
    response: reqwest::Response,
    request_id: Option<String>,
    limit: usize,
    end_data: Option<&'static str>,
) -> EventStream<T, B>
where
    T: serde::de::DeserializeOwned + Send + 'static,
    B: ErrorBody + Send + 'static,
{
    decode_response(response, request_id, data_decoder(end_data), limit)
}

fn decode_response<E: Send + 'static, B: Send + 'static>(
    response: reqwest::Response,
    request_id: Option<String>,
    decoder: Decoder<E, B>,
    limit: usize,
) -> EventStream<E, B> {
    let headers = response.headers().clone();
    let chunks = Box::pin(limited(response.bytes_stream(), limit));
    let blocks = sse_stream::SseByteStream::new(chunks);
    decode_blocks(blocks, request_id, headers, decoder)
}

/// Decodes SSE blocks (split out so that tests can feed bytes without a server).
fn decode_blocks<E, S, B>(
    blocks: S,
    request_id: Option<String>,
    headers: HeaderMap,
    decoder: Decoder<E, B>,
) -> EventStream<E, B>
where
    E: Send + 'static,
    B: Send + 'static,
    S: Stream<Item = Result<sse_stream::Sse, sse_stream::Error>> + Send + Unpin + 'static,
{
    let inner = Blocks {
        blocks: Some(blocks),
        request_id: request_id.clone(),
        decoder,
    };
    EventStream {
        inner: Box::pin(inner),
        ended: false,
        request_id,
        headers,
    }
}

#[cfg(test)]
mod tests {
    use super::BlockSize;

    /// The largest block `chunks` reach into, fed in turn.
    fn largest(chunks: &[&str]) -> usize {
        let mut blocks = BlockSize::new();
        chunks
            .iter()
            .map(|chunk| blocks.feed(chunk.as_bytes()))
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn blocks_end_at_blank_lines_of_any_line_end() {
        assert_eq!(largest(&["data: 1\n\n"]), 9);
        assert_eq!(largest(&["data: 1\r\n\r\n"]), 9);
        assert_eq!(largest(&["data: 1\r\r"]), 9);
        assert_eq!(largest(&["data: 1\n\r\n"]), 9);
        // Many small blocks in one chunk: each is measured alone.
        assert_eq!(largest(&[&"data: 1\n\n".repeat(100)]), 9);
        assert_eq!(largest(&[&": keepalive\r\n\r\n".repeat(100)]), 13);
    }

    #[test]
    fn blocks_split_across_chunks_are_summed() {
        assert_eq!(largest(&["data: 1", "23\n", "\n"]), 11);
        // A CRLF split between chunks is one line end, then the blank line ends the block.
        assert_eq!(largest(&["data: 1\r", "\n\r", "\n", "data: 2\n\n"]), 9);
        // A block that never ends keeps growing.
        let mut blocks = BlockSize::new();
        blocks.feed(b"data: ");
        for _ in 0..10 {
            blocks.feed(&[b'x'; 100]);
        }
        assert_eq!(blocks.feed(b"x"), 1007);
    }

    /// An event set that declares no terminal event: every event is its name and data.
    #[derive(Debug, PartialEq)]
    struct Named(String, String);

    const NAMED: super::EventDecoder<Named> = super::EventDecoder {
        has_terminal_event: false,
        end_data: Some("[DONE]"),
        decode: |event, data| Ok(Named(event.to_owned(), data.to_owned())),
        is_terminal: |_| false,
    };

    async fn events_of(text: &'static str) -> Vec<Named> {
        let chunks =
            futures_util::stream::iter([Ok::<_, std::io::Error>(bytes::Bytes::from(text))]);
        let stream = super::EventStream::from_byte_stream(chunks, NAMED);
        let items: Vec<_> = futures_util::StreamExt::collect::<Vec<_>>(stream).await;
        items
            .into_iter()
            .map(|item| item.expect("an event"))
            .collect()
    }

    #[tokio::test]
    async fn done_data_ends_a_stream_whose_events_declare_no_terminal_one() {
        let events =
            events_of("event: a\ndata: 1\n\nevent: done\ndata: [DONE]\n\nevent: b\ndata: 2\n\n")
                .await;
        assert_eq!(events, [Named("a".into(), "1".into())]);
        // Without it the stream ends where the body ends, with no error.
        let events = events_of("event: a\ndata: 1\n\nevent: b\ndata: 2\n\n").await;
        assert_eq!(events.len(), 2);
    }
}
