//! The runtime of the clients `openapi-client-gen` generates: what generated code calls by this
//! crate's path, the same for every API (as `prost` beside `prost-build`). It names no API.
//!
//! - [`de`]: the serde support generated types use. Structs decode in one pass with no
//!   buffering and keep properties they do not know; tagged unions decode the member their
//!   tag names straight from the input; a failing body is decoded again only to name the
//!   failing field's path.
//! - [`validate`]: the description's rules that Rust types cannot hold (ranges, item counts,
//!   lengths, ECMA-262 patterns, closed objects), checked before a request is sent, every
//!   violation reported by field path.
//!
//! The client itself (sending, retries, streams, errors) still lives in each generated crate;
//! it moves here next.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod de;
pub mod validate;
