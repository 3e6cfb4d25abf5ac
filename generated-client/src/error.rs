//! The errors every operation returns.

use std::fmt;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::{Deserialize, Serialize};

/// Longest stretch of a raw response body shown in an error message.
const BODY_SNIPPET_CHARS: usize = 200;

/// Why an operation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with a status outside `2xx`.
    #[error(transparent)]
    Api(ApiError),
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
    /// The client is misconfigured (missing API key, invalid base URL or header), or a request
    /// cannot be expressed as a URL below the base URL.
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
        /// The `x-request-id` of the response.
        request_id: Option<String>,
    },
}

impl Error {
    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api(error) => Some(error.status()),
            Self::Decode(error) => Some(error.status()),
            Self::Http(error) => error.status(),
            _ => None,
        }
    }

    /// The `x-request-id` of the response, when there was one: quote it to OpenAI support.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Api(error) => error.request_id(),
            Self::Decode(error) => error.request_id(),
            Self::Stream(error) => error.request_id(),
            Self::TooLarge { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// The OpenAI error object of an [`Error::Api`], when its body held one.
    pub fn api_error(&self) -> Option<&ApiErrorObject> {
        match self {
            Self::Api(error) => error.error(),
            _ => None,
        }
    }

    /// What kind of failure this is: one kind per class of HTTP status, as the official SDKs
    /// have one exception per class, plus connection, timeout, decode and the client's own.
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
    /// The connection failed, or a stream broke off.
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

    /// The `x-request-id` of the streamed response.
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
/// <id>)`; the accessors give every part, the raw body and the response headers.
#[derive(Clone)]
pub struct ApiError(Box<ApiErrorParts>);

#[derive(Clone)]
struct ApiErrorParts {
    status: StatusCode,
    request_id: Option<String>,
    error: Option<ApiErrorObject>,
    body: String,
    headers: HeaderMap,
}

impl ApiError {
    /// Builds the error from a response's status, headers and body.
    pub(crate) fn new(status: StatusCode, headers: HeaderMap, body: &[u8]) -> Self {
        Self(Box::new(ApiErrorParts {
            status,
            request_id: request_id(&headers),
            error: ApiErrorObject::from_envelope(body),
            body: String::from_utf8_lossy(body).into_owned(),
            headers,
        }))
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.0.status
    }

    /// The `x-request-id` response header.
    pub fn request_id(&self) -> Option<&str> {
        self.0.request_id.as_deref()
    }

    /// The error object, when the body is an OpenAI error envelope (`{"error": {...}}`).
    pub fn error(&self) -> Option<&ApiErrorObject> {
        self.0.error.as_ref()
    }

    /// The error object's message, when there is a non-empty one.
    pub fn message(&self) -> Option<&str> {
        self.error()
            .map(|error| error.message.as_str())
            .filter(|message| !message.is_empty())
    }

    /// The error object's machine-readable code (such as `rate_limit_exceeded`).
    pub fn code(&self) -> Option<&str> {
        self.error().and_then(|error| error.code.as_deref())
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

impl fmt::Display for ApiError {
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

impl fmt::Debug for ApiError {
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

impl std::error::Error for ApiError {}

/// The error object of an OpenAI error response (`{"error": {"message", "type", "param",
/// "code"}}`).
///
/// Decoding is tolerant: a missing field is empty, a field of an unexpected JSON type is
/// kept as its JSON text (a numeric `code` becomes `"429"`), so an error envelope never fails
/// to parse because of one field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ApiErrorObject {
    /// A human-readable description of the error.
    pub message: String,
    /// The error category, such as `invalid_request_error`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub r#type: Option<String>,
    /// The request parameter the error is about, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub param: Option<String>,
    /// A machine-readable code, such as `rate_limit_exceeded`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

impl ApiErrorObject {
    /// The error object of a body that is an OpenAI error envelope, else `None`.
    ///
    /// `{"error": "text"}` is read as an object with that message.
    pub(crate) fn from_envelope(body: &[u8]) -> Option<Self> {
        let envelope: serde_json::Value = serde_json::from_slice(body).ok()?;
        match envelope.get("error")? {
            serde_json::Value::String(message) => Some(Self {
                message: message.clone(),
                ..Self::default()
            }),
            object @ serde_json::Value::Object(_) => Self::deserialize(object).ok(),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for ApiErrorObject {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Lenient {
            #[serde(default)]
            message: serde_json::Value,
            #[serde(default, rename = "type")]
            r#type: serde_json::Value,
            #[serde(default)]
            param: serde_json::Value,
            #[serde(default)]
            code: serde_json::Value,
        }

        fn text(value: serde_json::Value) -> Option<String> {
            match value {
                serde_json::Value::Null => None,
                serde_json::Value::String(text) => Some(text),
                other => Some(other.to_string()),
            }
        }

        let lenient = Lenient::deserialize(deserializer)?;
        Ok(Self {
            message: text(lenient.message).unwrap_or_default(),
            r#type: text(lenient.r#type),
            param: text(lenient.param),
            code: text(lenient.code),
        })
    }
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
        let message = match message
            .strip_prefix("at `")
            .and_then(|rest| rest.split_once("`: "))
        {
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

    /// The `x-request-id` response header.
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

/// The `x-request-id` header of a response.
pub(crate) fn request_id(headers: &HeaderMap) -> Option<String> {
    header_str(headers, "x-request-id").map(str::to_owned)
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

    #[test]
    fn error_object_is_tolerant_of_field_types() {
        let object = ApiErrorObject::from_envelope(
            br#"{"error": {"message": null, "type": 7, "param": ["a"], "code": 429, "extra": 1}}"#,
        )
        .expect("an envelope");
        assert_eq!(object.message, "");
        assert_eq!(object.r#type.as_deref(), Some("7"));
        assert_eq!(object.param.as_deref(), Some(r#"["a"]"#));
        assert_eq!(object.code.as_deref(), Some("429"));
    }

    #[test]
    fn error_object_accepts_missing_fields_and_a_string_error() {
        let object = ApiErrorObject::from_envelope(br#"{"error": {}}"#).expect("an envelope");
        assert_eq!(object, ApiErrorObject::default());
        let object = ApiErrorObject::from_envelope(br#"{"error": "overloaded"}"#).expect("text");
        assert_eq!(object.message, "overloaded");
    }

    #[test]
    fn non_envelopes_have_no_error_object() {
        for body in [
            &b""[..],
            b"Bad gateway",
            b"[]",
            br#"{"message": "x"}"#,
            br#"{"error": 1}"#,
        ] {
            assert_eq!(ApiErrorObject::from_envelope(body), None, "{body:?}");
        }
    }

    #[test]
    fn api_error_display_is_human_first() {
        let body = br#"{"error": {"message": "Rate limit reached.", "type": "requests", "param": null, "code": "rate_limit_exceeded"}}"#;
        let error = ApiError::new(StatusCode::TOO_MANY_REQUESTS, headers(Some("req_1")), body);
        assert_eq!(
            error.to_string(),
            "429 Too Many Requests: Rate limit reached. (code: rate_limit_exceeded, request id: req_1)"
        );

        let error = ApiError::new(StatusCode::BAD_GATEWAY, headers(None), b"upstream\nerror\n");
        assert_eq!(error.to_string(), "502 Bad Gateway: upstream error");

        let error = ApiError::new(StatusCode::NOT_FOUND, headers(Some("req_2")), b"");
        assert_eq!(error.to_string(), "404 Not Found (request id: req_2)");
    }

    #[test]
    fn api_error_display_shortens_long_bodies() {
        let body = "x".repeat(BODY_SNIPPET_CHARS + 50);
        let error = ApiError::new(StatusCode::BAD_GATEWAY, headers(None), body.as_bytes());
        let shown = error.to_string();
        assert!(shown.ends_with('…'), "{shown}");
        assert!(shown.len() < body.len(), "{shown}");
        assert_eq!(error.body(), body, "the full body stays available");
    }

    #[test]
    fn decode_error_display_names_the_path() {
        type Target = std::collections::BTreeMap<String, std::collections::BTreeMap<String, u32>>;
        let json = br#"{"outer": {"n": "x"}}"#;
        let mut de = serde_json::Deserializer::from_slice(json);
        let error = serde_path_to_error::deserialize::<_, Target>(&mut de).expect_err("mismatch");
        let path = error.path().to_string();
        let error = DecodeError::new(
            path,
            error.inner(),
            StatusCode::OK,
            Some("req_3".into()),
            json,
        );
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
        let error = Error::Api(ApiError::new(
            StatusCode::NOT_FOUND,
            headers(Some("req_4")),
            body,
        ));
        assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
        assert_eq!(error.request_id(), Some("req_4"));
        assert_eq!(
            error.api_error().map(|e| e.message.as_str()),
            Some("No such thread")
        );
        assert_eq!(Error::Timeout.status(), None);
        assert_eq!(Error::Timeout.api_error(), None);
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
