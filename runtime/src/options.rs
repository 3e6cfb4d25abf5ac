//! Per-call options: extra headers, query and body fields, a timeout and a retry budget.

use std::marker::PhantomData;
use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue};

use crate::Error;

/// Options for the calls made through a client handle's `with_options`: extra headers, query
/// parameters and body fields, a timeout, a retry budget.
///
/// `B` is the API's error body, as in [`Error`]: it only types the error [`RequestOptions::header`]
/// returns, so that `?` needs no conversion. A generated client names it once
/// (`pub type RequestOptions = openapi_client_runtime::RequestOptions<ItsErrorBody>;`).
///
/// ```
/// use std::time::Duration;
/// use openapi_client_runtime::RequestOptions;
///
/// # fn main() -> Result<(), openapi_client_runtime::Error> {
/// let options = RequestOptions::new()
///     .timeout(Duration::from_secs(20))
///     .max_retries(5)
///     .header("X-Trace", "on")?
///     .body_field("temperature", 0.2);
/// # Ok(()) }
/// ```
#[non_exhaustive]
pub struct RequestOptions<B = serde_json::Value> {
    pub(crate) options: Options,
    error_body: PhantomData<fn() -> B>,
}

/// What per-call options hold, whatever the error body: what a client handle keeps.
#[derive(Clone, Default)]
pub(crate) struct Options {
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) body: serde_json::Map<String, serde_json::Value>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) connect_timeout: Option<Duration>,
    pub(crate) max_retries: Option<u32>,
    pub(crate) validate: Option<bool>,
}

// By hand rather than derived: a derive would ask `B` to be `Clone` / `Default` too.
impl<B> Clone for RequestOptions<B> {
    fn clone(&self) -> Self {
        Self {
            options: self.options.clone(),
            error_body: PhantomData,
        }
    }
}

impl<B> Default for RequestOptions<B> {
    fn default() -> Self {
        Self {
            options: Options::default(),
            error_body: PhantomData,
        }
    }
}

impl<B> RequestOptions<B> {
    /// No extra options.
    pub fn new() -> Self {
        Self::default()
    }

    /// A header to send, replacing one of the same name the client would send.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the name or value cannot be a header (a line break in the value,
    /// say): nothing can smuggle a second header in. The message does not quote the value.
    pub fn header(mut self, name: &str, value: &str) -> Result<Self, Error<B>> {
        let header = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error::Config(format!("`{name}` is not a valid header name")))?;
        let mut value = HeaderValue::from_str(value).map_err(|_| {
            Error::Config(format!(
                "the value of header `{name}` is not a valid header value"
            ))
        })?;
        // Credentials stay out of `Debug` output and of HTTP/2 header compression tables.
        if is_secret(&header) {
            value.set_sensitive(true);
        }
        self.options.headers.push((header, value));
        Ok(self)
    }

    /// A query parameter to add to the URL.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options.query.push((name.into(), value.into()));
        self
    }

    /// A field to set in the JSON request body, for a parameter the API takes before this
    /// client's description knows it. It replaces a field of the same name.
    pub fn body_field(
        mut self,
        name: impl Into<String>,
        value: impl Into<serde_json::Value>,
    ) -> Self {
        self.options.body.insert(name.into(), value.into());
        self
    }

    /// The longest one attempt may take, response body included (streams: until the
    /// response headers arrive). Overrides the client's timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// Whether to check the request against the description's rules before sending it.
    /// Overrides the client's setting.
    pub fn validate(mut self, validate: bool) -> Self {
        self.options.validate = Some(validate);
        self
    }

    /// The longest to wait for a connection. Overrides the client's setting (with an HTTP
    /// client of its own; see [`Client::with_options`](crate::Client::with_options)).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.options.connect_timeout = Some(timeout);
        self
    }

    /// How many times a failed attempt may be retried. Overrides the client's setting.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.options.max_retries = Some(max_retries);
        self
    }
}

/// Whether a header carries credentials.
fn is_secret(name: &HeaderName) -> bool {
    matches!(
        name.as_str(),
        "authorization" | "proxy-authorization" | "api-key" | "x-api-key" | "cookie"
    )
}

impl<B> std::fmt::Debug for RequestOptions<B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .options
            .headers
            .iter()
            .map(|(name, value)| {
                let shown = if value.is_sensitive() {
                    "<redacted>"
                } else {
                    value.to_str().unwrap_or("<bytes>")
                };
                (name.as_str(), shown)
            })
            .collect();
        f.debug_struct("RequestOptions")
            .field("headers", &headers)
            .field("query", &self.options.query)
            .field("body", &self.options.body)
            .field("timeout", &self.options.timeout)
            .field("connect_timeout", &self.options.connect_timeout)
            .field("max_retries", &self.options.max_retries)
            .field("validate", &self.options.validate)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_in_per_call_headers_are_redacted() {
        let options = RequestOptions::<serde_json::Value>::new()
            .header("Authorization", "Bearer sk-test-SECRET")
            .unwrap()
            .header("X-Trace", "t1")
            .unwrap();
        let shown = format!("{options:?}");
        assert!(!shown.contains("SECRET"), "{shown}");
        assert!(
            shown.contains("<redacted>") && shown.contains("t1"),
            "{shown}"
        );
    }
}
