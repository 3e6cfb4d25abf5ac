//! A typed Rust client for OpenAI's `POST /threads/runs` ("create a thread and run it in one
//! request").
//!
//! The request and response types in [`types`] and the operation methods on [`Client`] are
//! generated from OpenAI's OpenAPI description by `cargo xtask codegen`; the client, its
//! configuration and its errors are written by hand.
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
//! # Errors
//!
//! Every operation returns [`Error`]: [`Error::Api`] when the API answers with a non-2xx status
//! (with the parsed OpenAI error object, the raw body and the `x-request-id`),
//! [`Error::Decode`] when a successful response does not match its type (with the path of the
//! field that failed), and [`Error::Http`] / [`Error::Timeout`] for transport failures.
//!
//! # Features
//!
//! - `rustls-tls` (default): TLS through rustls.
//! - `native-tls`: TLS through the platform's library.

#![forbid(unsafe_code)]

#[rustfmt::skip]
mod generated;

pub mod types {
    //! The request and response types, generated from the OpenAPI description.

    pub use crate::generated::types::*;
}

mod client;
mod error;
pub(crate) mod runtime;
pub mod stream;

pub use client::{Client, ClientBuilder, DEFAULT_BASE_URL};
pub use error::{ApiError, ApiErrorObject, DecodeError, Error, StreamError};

/// The `reqwest` version this crate is built on, for [`ClientBuilder::http_client`].
pub use reqwest;
