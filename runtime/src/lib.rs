//! The runtime of the clients `openapi-client-gen` generates: what generated code calls by this
//! crate's path, the same for every API (as `prost` beside `prost-build`). It names no API.
//!
//! - [`de`]: the serde support generated types use. Structs decode in one pass with no
//!   buffering and keep properties they do not know; unions decode the member their tag or
//!   shape names; a failing body's error names the failing field's path, read from the text.
//! - [`Tag`]: a one-value enum (`type: function`), one generic type for all of them.
//! - [`validate`]: the description's rules that Rust types cannot hold (ranges, item counts,
//!   lengths, ECMA-262 patterns, closed objects), checked before a request is sent, every
//!   violation reported by field path.
//!
//! - [`Client`] and [`ClientBuilder`]: the client core a generated client wraps (one per
//!   API, described by an [`Api`] static): base URL, credentials from the security schemes,
//!   sending with retries, timeouts and size limits, per-call [`RequestOptions`].
//! - [`Error`]: every failure, generic over the API's error body ([`ErrorBody`]).
//! - [`stream`]: typed server-sent event streams, and [`event_stream!`], the stream types a
//!   generated client declares in its own crate.
//! - [`Multipart`], [`form_urlencoded()`], [`query_object`], [`encode_path_segment`]: the
//!   encodings requests use.
//! - `blocking` (feature `blocking`): what a blocking client runs its calls on.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod api;
#[cfg(feature = "blocking")]
pub mod blocking;
mod client;
pub mod de;
mod error;
mod file;
mod macros;
mod options;
mod retry;
mod send;
pub mod ser;
pub mod stream;
mod tag;
mod upgrade;
pub mod validate;

pub use api::{Api, Env, Location, Scheme, SchemeKind};
pub use client::{
    Client, ClientBuilder, DEFAULT_MAX_RESPONSE_SIZE, DEFAULT_MAX_RETRIES, DEFAULT_MAX_RETRY_WAIT,
    DEFAULT_TIMEOUT,
};
pub use error::{
    decode_error_body, ApiError, DecodeError, Error, ErrorBody, ErrorKind, StreamError,
};
pub use file::File;
pub use options::RequestOptions;
pub use send::{
    decode_event_data, encode_path_segment, form_urlencoded, multipart, query_object, Multipart,
    MultipartBody, RequestSpec, Response,
};
pub use tag::{Tag, TagValue};
pub use upgrade::Upgraded;

/// The `bytes` version binary bodies are held in.
pub use bytes;
/// The `reqwest` version the client is built on (for `ClientBuilder::http_client`).
pub use reqwest;
/// What [`event_stream!`] and [`open_enum!`] expand to needs; not part of the API.
#[doc(hidden)]
pub mod __macro_support {
    pub use futures_util::stream::{FusedStream, Stream};
    pub use serde;
}

/// The `tracing` version requests are logged with (generated clients name their spans with it).
pub use tracing;
