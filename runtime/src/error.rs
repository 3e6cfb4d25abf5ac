//! The errors every operation returns.

use std::fmt;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

/// Longest stretch of a raw response body shown in an error message.
const BODY_SNIPPET_CHARS: usize = 200;

/// Why an operation failed.
///
/// `B` is the API's error body: the type the description declares for its error responses
/// (see [`ErrorBody`]), or [`serde_json::Value`] when it declares none.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error<B = serde_json::Value> {
    /// The API answered with a status outside `2xx`.
    #[error(transparent)]
    Api(ApiError<B>),
    /// The API answered with a `2xx` status, but the body does not match the response type.
    #[error(transparent)]
    Decode(DecodeError),
    /// The request could not be sent or the response could not be read (connection refused,
    /// TLS failure, connection reset, ...).
    #[error(transparent)]
    Http(reqwest::Error),
    /// The request or the response took longer than the HTTP client allows.
    #[error("the request timed out")]
    Timeout,
    /// The client is misconfigured (missing credentials, invalid base URL or header), or a
    /// request cannot be expressed as a URL below the base URL.
    #[error("invalid client configuration: {0}")]
    Config(String),
    /// The request body could not be encoded as JSON.
    #[error("could not encode the request body as JSON: {0}")]
    Encode(serde_json::Error),
    /// An event stream broke off: it ended before its terminal event, or its bytes were not
    /// an event stream.
    #[error(transparent)]
    Stream(StreamError),
    /// The request breaks rules of the description; nothing was sent.
    #[error(transparent)]
    Invalid(Box<crate::validate::ValidationError>),
    /// The response (or one event of a stream) is larger than the client reads
    /// ([`ClientBuilder::max_response_size`](crate::ClientBuilder::max_response_size)).
    #[error("the response is larger than the {limit}-byte limit")]
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
        /// The request id of the response.
        request_id: Option<String>,
    },
    /// A WebSocket operation's connection was not switched to the protocol: the server
    /// answered another status below 400, or its answer does not complete the handshake.
    #[error("the connection was not switched to WebSocket: {0}")]
    Upgrade(String),
}

impl<B> Error<B> {
    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api(error) => Some(error.status()),
            Self::Decode(error) => Some(error.status()),
            Self::Http(error) => error.status(),
            _ => None,
        }
    }

    /// The request id of the response (the header the client is configured to read,
    /// `x-request-id` by default), when there was one: quote it to the API's support.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Api(error) => error.request_id(),
            Self::Decode(error) => error.request_id(),
            Self::Stream(error) => error.request_id(),
            Self::TooLarge { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// The typed error body of an [`Error::Api`], when its body held one.
    pub fn api_error(&self) -> Option<&B> {
        match self {
            Self::Api(error) => error.error(),
            _ => None,
        }
    }

    /// What kind of failure this is: one kind per class of HTTP status, plus connection,
    /// timeout, decode and the client's own.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Api(error) => match error.status().as_u16() {
                400 => ErrorKind::BadRequest,
                401 => ErrorKind::Authentication,
                403 => ErrorKind::PermissionDenied,
                404 => ErrorKind::NotFound,
                409 => ErrorKind::Conflict,
                422 => ErrorKind::UnprocessableEntity,
                429 => ErrorKind::RateLimit,
                500..=599 => ErrorKind::InternalServer,
                _ => ErrorKind::OtherStatus,
            },
            Self::Decode(_) => ErrorKind::Decode,
            Self::Http(_) => ErrorKind::Connection,
            Self::Timeout => ErrorKind::Timeout,
            Self::Stream(_) => ErrorKind::Connection,
            Self::Config(_) => ErrorKind::Config,
            Self::Encode(_) => ErrorKind::Encode,
            Self::TooLarge { .. } => ErrorKind::TooLarge,
            Self::Invalid(_) => ErrorKind::Invalid,
            Self::Upgrade(_) => ErrorKind::Connection,
        }
    }

    /// Whether sending the same request again may succeed: 408, 409, 429 and 5xx answers
    /// (unless the server said `x-should-retry: false`), connection failures and timeouts. The
    /// client has already retried such failures as often as it was configured to.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Api(error) => crate::retry::should_retry_status(error.status(), error.headers()),
            Self::Http(_) | Self::Timeout | Self::Stream(_) => true,
            _ => false,
        }
    }

    /// Attaches the request id of the response an error came from, when it has none yet.
    pub(crate) fn with_request_id(self, request_id: Option<String>) -> Self {
        match self {
            Self::Decode(error) => Self::Decode(error.with_request_id(request_id)),
            other => other,
        }
    }

    /// Maps an error of the event-stream reader: transport failures stay transport failures.
    pub(crate) fn from_stream(error: sse_stream::Error, request_id: Option<String>) -> Self {
        match error {
            sse_stream::Error::Body(source) => match source.downcast::<crate::stream::ChunkError>()
            {
                Ok(chunk) => match *chunk {
                    crate::stream::ChunkError::Http(error) => Self::from_reqwest(error),
                    crate::stream::ChunkError::TooLarge(limit) => {
                        Self::TooLarge { limit, request_id }
                    }
                },
                Err(source) => match source.downcast::<reqwest::Error>() {
                    Ok(error) => Self::from_reqwest(*error),
                    Err(source) => Self::Stream(StreamError::new(source.to_string(), request_id)),
                },
            },
            other => Self::Stream(StreamError::new(other.to_string(), request_id)),
        }
    }

    /// The stream ended without its terminal event: the connection was cut.
    pub(crate) fn stream_ended(request_id: Option<String>) -> Self {
        Self::Stream(StreamError::new(
            "the stream ended before its terminal event (the connection was cut)".to_owned(),
            request_id,
        ))
    }

    /// Maps a transport error, telling timeouts apart.
    pub(crate) fn from_reqwest(error: reqwest::Error) -> Self {
        if error.is_timeout() {
            Self::Timeout
        } else {
            Self::Http(error)
        }
    }
}

impl<B> From<Box<crate::validate::ValidationError>> for Error<B> {
    fn from(error: Box<crate::validate::ValidationError>) -> Self {
        Self::Invalid(error)
    }
}

impl<B> From<serde_json::Error> for Error<B> {
    fn from(error: serde_json::Error) -> Self {
        Self::Encode(error)
    }
}

impl<B> From<DecodeError> for Error<B> {
    fn from(error: DecodeError) -> Self {
        Self::Decode(error)
    }
}

/// The body of an API's error responses, as the description declares it: what
/// [`Error::api_error`] gives. Generated for the declared type; [`serde_json::Value`] is the
/// body of an API that declares none.
pub trait ErrorBody: Sized {
    /// The error body a response's bytes hold, or `None` when they hold none (a plain-text
    /// body, a gateway's page, a shape the declared type does not match).
    fn from_body(body: &[u8]) -> Option<Self>;
}

impl ErrorBody for serde_json::Value {
    fn from_body(body: &[u8]) -> Option<Self> {
        serde_json::from_slice(body).ok()
    }
}

/// For generated [`ErrorBody`] impls: `T` decoded from the body, or from the value of its
/// `envelope` property when the API wraps its errors (`{"error": {...}}`).
pub fn decode_error_body<T: serde::de::DeserializeOwned>(
    body: &[u8],
    envelope: Option<&str>,
) -> Option<T> {
    // From text, as every response body: the generated types are compiled for that one
    // deserializer (`de::decode_json_str`).
    let text = std::str::from_utf8(body).ok()?;
    match envelope {
        None => serde_json::from_str(text).ok(),
        Some(name) => {
            let mut object: std::collections::BTreeMap<String, Box<serde_json::value::RawValue>> =
                serde_json::from_str(text).ok()?;
            serde_json::from_str(object.remove(name)?.get()).ok()
        }
    }
}

/// The kind of an [`Error`], for matching without looking at status codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// 400: the request is malformed.
    BadRequest,
    /// 401: the API key is missing, wrong or revoked.
    Authentication,
    /// 403: the key may not do this.
    PermissionDenied,
    /// 404: what the request names does not exist.
    NotFound,
    /// 409: the request conflicts with the state of the resource.
    Conflict,
    /// 422: the request is well-formed but cannot be processed.
    UnprocessableEntity,
    /// 429: too many requests, or the quota is spent.
    RateLimit,
    /// 5xx: the server failed.
    InternalServer,
    /// Another status outside `2xx`.
    OtherStatus,
    /// The connection failed, a stream broke off, or a WebSocket operation's connection was
    /// not switched to the protocol.
    Connection,
    /// An attempt took longer than the timeout.
    Timeout,
    /// A `2xx` body did not match the response type.
    Decode,
    /// The client is misconfigured.
    Config,
    /// The request body could not be encoded.
    Encode,
    /// The response is larger than the client reads.
    TooLarge,
    /// The request breaks rules of the description (checked before sending).
    Invalid,
}

/// An event stream that broke off.
#[derive(Debug, Clone)]
pub struct StreamError(Box<(String, Option<String>)>);

impl StreamError {
    fn new(message: String, request_id: Option<String>) -> Self {
        Self(Box::new((message, request_id)))
    }

    /// What went wrong.
    pub fn message(&self) -> &str {
        &self.0 .0
    }

    /// The request id of the streamed response.
    pub fn request_id(&self) -> Option<&str> {
        self.0 .1.as_deref()
    }
}

impl fmt::Display for StreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "event stream broke off: {}", self.message())?;
        if let Some(id) = self.request_id() {
            write!(f, " (request id: {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for StreamError {}

/// A response with a status outside `2xx`.
///
/// Its [`Display`](fmt::Display) reads `400 Bad Request: <message> (code: <code>, request id:
/// <id>)`; the accessors give every part, the typed error body, the raw body and the response
/// headers.
#[derive(Clone)]
pub struct ApiError<B = serde_json::Value>(Box<ApiErrorParts<B>>);

#[derive(Clone)]
struct ApiErrorParts<B> {
    status: StatusCode,
    request_id: Option<String>,
    error: Option<B>,
    message: Option<String>,
    code: Option<String>,
    body: String,
    headers: HeaderMap,
}

impl<B> ApiError<B> {
    /// Builds the error from a response's status, headers and body; `request_id` is the
    /// request id header's value.
    pub(crate) fn new(
        status: StatusCode,
        headers: HeaderMap,
        request_id: Option<String>,
        body: &[u8],
    ) -> Self
    where
        B: ErrorBody,
    {
        let (message, code) = message_and_code(body);
        Self(Box::new(ApiErrorParts {
            status,
            request_id,
            error: B::from_body(body),
            message,
            code,
            body: String::from_utf8_lossy(body).into_owned(),
            headers,
        }))
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.0.status
    }

    /// The request id response header.
    pub fn request_id(&self) -> Option<&str> {
        self.0.request_id.as_deref()
    }

    /// The typed error body, when the body is one.
    pub fn error(&self) -> Option<&B> {
        self.0.error.as_ref()
    }

    /// The error's message, when the body is a JSON object with a non-empty `message` (at
    /// its top level, or in its `error` object), or `{"error": "<message>"}`.
    pub fn message(&self) -> Option<&str> {
        self.0.message.as_deref()
    }

    /// The error's machine-readable code (such as `rate_limit_exceeded`), read beside the
    /// message; a number is given as its text.
    pub fn code(&self) -> Option<&str> {
        self.0.code.as_deref()
    }

    /// The raw response body (invalid UTF-8 replaced by U+FFFD).
    pub fn body(&self) -> &str {
        &self.0.body
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.0.headers
    }

    /// The `Retry-After` response header, as sent (seconds or an HTTP date).
    pub fn retry_after(&self) -> Option<&str> {
        header_str(&self.0.headers, "retry-after")
    }
}

impl<B> fmt::Display for ApiError<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.status())?;
        match self.message() {
            Some(message) => write!(f, ": {message}")?,
            None => {
                let snippet = snippet(self.body());
                if !snippet.is_empty() {
                    write!(f, ": {snippet}")?;
                }
            }
        }
        let details = [("code", self.code()), ("request id", self.request_id())];
        let mut details = details
            .iter()
            .filter_map(|(label, value)| value.map(|value| (label, value)))
            .peekable();
        if details.peek().is_some() {
            f.write_str(" (")?;
            for (index, (label, value)) in details.enumerate() {
                if index > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{label}: {value}")?;
            }
            f.write_str(")")?;
        }
        Ok(())
    }
}

impl<B: fmt::Debug> fmt::Debug for ApiError<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.0.status)
            .field("request_id", &self.0.request_id)
            .field("error", &self.0.error)
            .field("body", &self.0.body)
            .field("headers", &self.0.headers)
            .finish()
    }
}

impl<B: fmt::Debug> std::error::Error for ApiError<B> {}

/// The message and code of an error body, read tolerantly whatever the API's error type: a
/// JSON object's `message` and `code` (strings, or other values as their JSON text), at the top
/// level or inside its `error` property; `{"error": "text"}` is a message.
fn message_and_code(body: &[u8]) -> (Option<String>, Option<String>) {
    fn text(value: Option<&serde_json::Value>) -> Option<String> {
        match value? {
            serde_json::Value::Null => None,
            serde_json::Value::String(text) => Some(text.clone()),
            other => Some(other.to_string()),
        }
    }
    let Ok(serde_json::Value::Object(top)) = serde_json::from_slice(body) else {
        return (None, None);
    };
    let object = match top.get("error") {
        Some(serde_json::Value::String(message)) => {
            return (Some(message.clone()).filter(|m| !m.is_empty()), None)
        }
        Some(serde_json::Value::Object(inner)) => inner,
        _ => &top,
    };
    (
        text(object.get("message")).filter(|m| !m.is_empty()),
        text(object.get("code")),
    )
}

/// A `2xx` response whose body does not match the response type.
///
/// Its [`Display`](fmt::Display) names the field that failed (`tools[0].function.name`) and
/// the reason; the raw body is kept for inspection.
#[derive(Clone)]
pub struct DecodeError(Box<DecodeErrorParts>);

#[derive(Clone)]
struct DecodeErrorParts {
    path: String,
    message: String,
    body: String,
    status: StatusCode,
    request_id: Option<String>,
}

impl DecodeError {
    /// Builds the error from where and why decoding failed, and the response it was decoding.
    /// Sets the request id when the error does not know it yet.
    pub(crate) fn with_request_id(mut self, request_id: Option<String>) -> Self {
        if self.0.request_id.is_none() {
            self.0.request_id = request_id;
        }
        self
    }

    pub(crate) fn new(
        path: String,
        error: &serde_json::Error,
        status: StatusCode,
        request_id: Option<String>,
        body: &[u8],
    ) -> Self {
        // A union's variant names its inner path in the message; the path already holds it.
        let message = error.to_string();
        let message = match crate::de::split_variant_path(&message) {
            Some((_, rest)) => rest.to_owned(),
            None => message,
        };
        Self(Box::new(DecodeErrorParts {
            path,
            message,
            body: String::from_utf8_lossy(body).into_owned(),
            status,
            request_id,
        }))
    }

    /// Where in the body decoding failed, such as `tools[0].function.name`; `.` is the root.
    pub fn path(&self) -> &str {
        &self.0.path
    }

    /// Why decoding failed, with the line and column in the body.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// The raw response body (invalid UTF-8 replaced by U+FFFD).
    pub fn body(&self) -> &str {
        &self.0.body
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> StatusCode {
        self.0.status
    }

    /// The request id response header.
    pub fn request_id(&self) -> Option<&str> {
        self.0.request_id.as_deref()
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("could not decode the response")?;
        if self.path() != "." {
            write!(f, " at `{}`", self.path())?;
        }
        write!(f, ": {}", self.message())?;
        if let Some(id) = self.request_id() {
            write!(f, " (request id: {id})")?;
        }
        Ok(())
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("path", &self.0.path)
            .field("message", &self.0.message)
            .field("status", &self.0.status)
            .field("request_id", &self.0.request_id)
            .field("body", &self.0.body)
            .finish()
    }
}

impl std::error::Error for DecodeError {}

fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

/// The start of a raw body on one line, for an error message.
fn snippet(body: &str) -> String {
    let body = body.trim();
    let mut snippet: String = body
        .chars()
        .take(BODY_SNIPPET_CHARS)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if body.chars().nth(BODY_SNIPPET_CHARS).is_some() {
        snippet.push('…');
    }
    snippet
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(request_id: Option<&'static str>) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Some(id) = request_id {
            headers.insert("x-request-id", HeaderValue::from_static(id));
        }
        headers
    }

    fn api_error(status: StatusCode, request_id: Option<&'static str>, body: &[u8]) -> ApiError {
        ApiError::new(
            status,
            headers(request_id),
            request_id.map(str::to_owned),
            body,
        )
    }

    #[test]
    fn message_and_code_are_read_tolerantly() {
        let error = api_error(
            StatusCode::BAD_REQUEST,
            None,
            br#"{"error": {"message": null, "type": 7, "code": 429, "extra": 1}}"#,
        );
        assert_eq!(error.message(), None);
        assert_eq!(error.code(), Some("429"));
        let error = api_error(StatusCode::BAD_REQUEST, None, br#"{"error": "overloaded"}"#);
        assert_eq!(error.message(), Some("overloaded"));
        // A message at the top level, as many APIs send it.
        let error = api_error(
            StatusCode::NOT_FOUND,
            None,
            br#"{"message": "Not Found", "code": "missing"}"#,
        );
        assert_eq!(error.message(), Some("Not Found"));
        assert_eq!(error.code(), Some("missing"));
        for body in [&b""[..], b"Bad gateway", b"[]", br#"{"error": 1}"#] {
            let error = api_error(StatusCode::BAD_GATEWAY, None, body);
            assert_eq!((error.message(), error.code()), (None, None), "{body:?}");
        }
    }

    #[test]
    fn the_typed_body_is_decoded_plain_or_from_an_envelope() {
        #[derive(Debug, serde::Deserialize, PartialEq)]
        struct Failure {
            message: String,
        }
        let body = br#"{"error": {"message": "no"}}"#;
        assert_eq!(
            decode_error_body::<Failure>(body, Some("error")),
            Some(Failure {
                message: "no".into()
            })
        );
        assert_eq!(decode_error_body::<Failure>(body, None), None);
        assert_eq!(decode_error_body::<Failure>(b"text", Some("error")), None);
        let error = api_error(StatusCode::BAD_REQUEST, None, body);
        assert_eq!(
            error.error(),
            Some(&serde_json::json!({"error": {"message": "no"}}))
        );
    }

    #[test]
    fn api_error_display_is_human_first() {
        let body = br#"{"error": {"message": "Rate limit reached.", "type": "requests", "param": null, "code": "rate_limit_exceeded"}}"#;
        let error = api_error(StatusCode::TOO_MANY_REQUESTS, Some("req_1"), body);
        assert_eq!(
            error.to_string(),
            "429 Too Many Requests: Rate limit reached. (code: rate_limit_exceeded, request id: req_1)"
        );

        let error = api_error(StatusCode::BAD_GATEWAY, None, b"upstream\nerror\n");
        assert_eq!(error.to_string(), "502 Bad Gateway: upstream error");

        let error = api_error(StatusCode::NOT_FOUND, Some("req_2"), b"");
        assert_eq!(error.to_string(), "404 Not Found (request id: req_2)");
    }

    #[test]
    fn api_error_display_shortens_long_bodies() {
        let body = "x".repeat(BODY_SNIPPET_CHARS + 50);
        let error = api_error(StatusCode::BAD_GATEWAY, None, body.as_bytes());
        let shown = error.to_string();
        assert!(shown.ends_with('…'), "{shown}");
        assert!(shown.len() < body.len(), "{shown}");
        assert_eq!(error.body(), body, "the full body stays available");
    }

    #[test]
    fn decode_error_display_names_the_path() {
        type Target = std::collections::BTreeMap<String, std::collections::BTreeMap<String, u32>>;
        let json = br#"{"outer": {"n": "x"}}"#;
        let (path, error) = crate::de::decode_json::<Target>(json).expect_err("mismatch");
        let error = DecodeError::new(path, &error, StatusCode::OK, Some("req_3".into()), json);
        assert_eq!(error.path(), "outer.n");
        let shown = error.to_string();
        assert!(
            shown.starts_with("could not decode the response at `outer.n`: invalid type"),
            "{shown}"
        );
        assert!(shown.ends_with("(request id: req_3)"), "{shown}");
    }

    #[test]
    fn error_accessors() {
        let body = br#"{"error": {"message": "No such thread", "code": null}}"#;
        let error: Error = Error::Api(api_error(StatusCode::NOT_FOUND, Some("req_4"), body));
        assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
        assert_eq!(error.request_id(), Some("req_4"));
        assert_eq!(
            error.api_error().map(|e| e["error"]["message"].as_str()),
            Some(Some("No such thread"))
        );
        assert_eq!(Error::<()>::Timeout.status(), None);
        assert_eq!(Error::<()>::Timeout.api_error(), None);
    }

    #[test]
    fn errors_stay_small() {
        assert!(
            std::mem::size_of::<Error>() <= 32,
            "{}",
            std::mem::size_of::<Error>()
        );
    }
}
