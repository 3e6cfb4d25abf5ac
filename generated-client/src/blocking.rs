//! The blocking call style (feature `blocking`): the same operations and options as the async
//! [`Client`](crate::Client), for code that is not async. Each call runs on a small runtime the
//! client owns, so the caller starts none; a stream is an [`Iterator`] of events.
//!
//! The operation methods are generated beside the async ones, from the same operation model.
//! Do not call a blocking client from inside an async runtime (its runtime cannot nest there).

use std::sync::Arc;

use futures_util::StreamExt;

use crate::{ClientBuilder, Error, RequestOptions};

/// A blocking client: cheap to clone, `Send + Sync`.
///
/// ```no_run
/// # fn main() -> Result<(), generated_client::Error> {
/// use generated_client::types::{CreateMessageRequest, CreateMessageRequestRole, CreateThreadAndRunRequest, CreateThreadRequest};
///
/// let client = generated_client::blocking::Client::from_env()?;
/// let request = CreateThreadAndRunRequest::new("asst_abc123").thread(
///     CreateThreadRequest::new().messages(vec![CreateMessageRequest::new(CreateMessageRequestRole::User, "Hello")]),
/// );
/// let run = client.create_thread_and_run(&request)?;
/// println!("{}", run.id);
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct Client {
    inner: crate::Client,
    runtime: Arc<tokio::runtime::Runtime>,
}

impl Client {
    /// A blocking client with this API key and the default configuration.
    ///
    /// # Errors
    ///
    /// As [`crate::Client::new`], and [`Error::Config`] when the runtime cannot start.
    pub fn new(api_key: impl Into<String>) -> Result<Self, Error> {
        Self::from_async(crate::Client::new(api_key)?)
    }

    /// A blocking client configured from the environment, as [`crate::Client::from_env`].
    ///
    /// # Errors
    ///
    /// As [`crate::Client::from_env`], and [`Error::Config`] when the runtime cannot start.
    pub fn from_env() -> Result<Self, Error> {
        Self::from_async(crate::Client::from_env()?)
    }

    /// A blocking client built from a builder, as [`ClientBuilder::build`].
    ///
    /// # Errors
    ///
    /// As [`ClientBuilder::build`], and [`Error::Config`] when the runtime cannot start.
    pub fn from_builder(builder: ClientBuilder) -> Result<Self, Error> {
        Self::from_async(builder.build()?)
    }

    /// The blocking face of an async client (sharing its connection pool and configuration).
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the runtime cannot start.
    pub fn from_async(inner: crate::Client) -> Result<Self, Error> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| {
                Error::Config(format!("cannot start the blocking client's runtime: {e}"))
            })?;
        Ok(Self {
            inner,
            runtime: Arc::new(runtime),
        })
    }

    /// A handle whose calls use `options`, as [`crate::Client::with_options`].
    pub fn with_options(&self, options: RequestOptions) -> Client {
        Client {
            inner: self.inner.with_options(options),
            runtime: Arc::clone(&self.runtime),
        }
    }

    /// The async client underneath.
    pub fn as_async(&self) -> &crate::Client {
        &self.inner
    }

    /// Runs a call of the async client to completion.
    pub(crate) fn block_on<F: std::future::Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }

    /// An iterator over a stream's events.
    pub(crate) fn iter<E>(&self, stream: crate::stream::EventStream<E>) -> EventIter<E> {
        EventIter {
            stream,
            runtime: Arc::clone(&self.runtime),
        }
    }
}

/// The events of a streamed answer, one by one; dropping it closes the connection.
pub struct EventIter<E> {
    stream: crate::stream::EventStream<E>,
    runtime: Arc<tokio::runtime::Runtime>,
}

impl<E> EventIter<E> {
    /// The `x-request-id` of the response.
    pub fn request_id(&self) -> Option<&str> {
        self.stream.request_id()
    }
}

impl<E> std::fmt::Debug for EventIter<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventIter")
            .field("stream", &self.stream)
            .finish()
    }
}

impl<E> Iterator for EventIter<E> {
    type Item = Result<E, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        self.runtime.block_on(self.stream.next())
    }
}
