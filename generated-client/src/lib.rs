//! A typed Rust client for OpenAI's `POST /threads/runs` ("create a thread and run it in one
//! request").
//!
//! The request and response types in [`types`] and the operation methods on [`Client`] are
//! generated from OpenAI's OpenAPI description (and `spec/codegen.yaml`) by `cargo xtask
//! codegen`, as are [`Client`], [`ClientBuilder`] and [`Error`]; what they run on is the
//! `openapi-client-runtime` crate, the same for every API.
//!
//! # Usage
//!
//! ```no_run
//! use generated_client::types::{
//!     CreateMessageRequest, CreateMessageRequestRole, CreateThreadAndRunRequest,
//!     CreateThreadRequest,
//! };
//! use generated_client::Client;
//!
//! # async fn example() -> Result<(), generated_client::Error> {
//! // Reads OPENAI_API_KEY, and OPENAI_BASE_URL, OPENAI_ORG_ID, OPENAI_PROJECT_ID when set.
//! let client = Client::from_env()?;
//!
//! let request = CreateThreadAndRunRequest::new("asst_abc123").thread(
//!     CreateThreadRequest::new().messages(vec![CreateMessageRequest::new(
//!         CreateMessageRequestRole::User,
//!         "Explain deep learning to a 5 year old.",
//!     )]),
//! );
//! let run = client.create_thread_and_run(&request).await?;
//! println!("started run {}", run.id);
//! # Ok(())
//! # }
//! ```
//!
//! # Streaming
//!
//! `create_thread_and_run_stream` sets `stream: true` itself and returns a
//! [`stream::EventStream`] of typed [`types::AssistantStreamEvent`]s: one variant per event
//! name holding its data, `Unknown { event, data }` for an event this client does not know
//! yet, an `Err` item when the connection breaks off. [`RunAccumulator`] folds the events into
//! the final run and each message's text.
//!
//! # Retries, timeouts and per-call options
//!
//! Failed attempts are retried twice by default (408, 409, 429, 5xx, connection failures and
//! timeouts), after the wait the server asks for (`retry-after-ms`, `Retry-After`) or an
//! exponential backoff with jitter; each attempt is bounded by a timeout (600 s by default).
//! [`ClientBuilder`] sets both for the client, [`RequestOptions`] (through
//! [`Client::with_options`]) for some calls, along with extra headers, query parameters and
//! body fields. Each request is a `tracing` span (`generated_client.request`: operation, method, path,
//! attempt, status, request id); the API key never appears in logs, `Debug` output or errors.
//!
//! # Errors
//!
//! Every operation returns [`Error`]: [`Error::Api`] when the API answers with a non-2xx status
//! (with the OpenAI error object, the raw body and the `x-request-id`),
//! [`Error::Decode`] when a successful response does not match its type (with the path of the
//! field that failed), and [`Error::Http`] / [`Error::Timeout`] / [`Error::Stream`] for
//! transport failures. [`Error::kind`] tells the class of failure, [`Error::is_retryable`]
//! whether sending again may help. The `_with_response` methods return a [`Response`] that
//! also carries the status and headers (and so the request id) of a successful call.
//!
//! # Features
//!
//! - `blocking`: `blocking::Client`, the same operations for code that is not async.
//! - `rustls-tls` (default): TLS through rustls.
//! - `native-tls`: TLS through the platform's library.

#![forbid(unsafe_code)]

mod error_object;
#[rustfmt::skip]
mod generated;

pub use error_object::ApiErrorObject;

/// The request and response types, generated from the OpenAPI description (a re-export of the
/// generated module, not a glob: a description without types gives no unused import).
pub use generated::types;

// The client, generated from the description and the settings in `spec/codegen.yaml`.
pub use generated::{
    ApiError, Client, ClientBuilder, DecodeError, Error, ErrorKind, File, RequestOptions, Response,
    StreamError, BASE_URL,
};

/// The blocking client (feature `blocking`).
#[cfg(feature = "blocking")]
pub mod blocking {
    pub use crate::generated::blocking::{Client, EventIter};
}

/// Server-sent event streams: the typed items of a streamed answer.
pub mod stream {
    pub use crate::generated::{EventStream, ServerSentEvent};
}

/// The default base URL (the description's server), or empty when it names none.
pub const DEFAULT_BASE_URL: &str = match BASE_URL {
    Some(url) => url,
    None => "",
};

pub use openapi_client_runtime::validate;
pub use openapi_client_runtime::{
    DEFAULT_MAX_RESPONSE_SIZE, DEFAULT_MAX_RETRIES, DEFAULT_MAX_RETRY_WAIT, DEFAULT_TIMEOUT,
};

mod accumulate;
pub use accumulate::{MessageText, RunAccumulator};

/// The `reqwest` version this crate is built on, for [`ClientBuilder::http_client`].
pub use openapi_client_runtime::reqwest;
