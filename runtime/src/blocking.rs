//! The blocking call style (feature `blocking`): what a generated blocking client runs its
//! calls on. Each call runs on a small runtime the client owns, so the caller starts none; a
//! stream is an [`Iterator`] of events.
//!
//! Do not call a blocking client from inside an async runtime (its runtime cannot nest there).

use std::sync::Arc;

use futures_util::StreamExt;

use crate::stream::EventStream;
use crate::Error;

/// The runtime a blocking client runs its calls on: cheap to clone, `Send + Sync`.
#[derive(Clone, Debug)]
pub struct Runtime(Arc<tokio::runtime::Runtime>);

impl Runtime {
    /// Starts a runtime of one thread, the caller's.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the runtime cannot start.
    pub fn new<B>() -> Result<Self, Error<B>> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| {
                Error::Config(format!("cannot start the blocking client's runtime: {e}"))
            })?;
        Ok(Self(Arc::new(runtime)))
    }

    /// Runs a call of the async client to completion.
    pub fn block_on<F: std::future::Future>(&self, future: F) -> F::Output {
        self.0.block_on(future)
    }

    /// An iterator over a stream's events.
    pub fn iter<E, B>(&self, stream: EventStream<E, B>) -> EventIter<E, B> {
        EventIter {
            stream,
            runtime: Arc::clone(&self.0),
        }
    }
}

/// The events of a streamed answer, one by one; dropping it closes the connection.
pub struct EventIter<E, B = serde_json::Value> {
    stream: EventStream<E, B>,
    runtime: Arc<tokio::runtime::Runtime>,
}

impl<E, B> EventIter<E, B> {
    /// The request id of the response.
    pub fn request_id(&self) -> Option<&str> {
        self.stream.request_id()
    }
}

impl<E, B> std::fmt::Debug for EventIter<E, B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventIter")
            .field("stream", &self.stream)
            .finish()
    }
}

impl<E, B> Iterator for EventIter<E, B> {
    type Item = Result<E, Error<B>>;

    fn next(&mut self) -> Option<Self::Item> {
        self.runtime.block_on(self.stream.next())
    }
}
