//! What the generated code calls: the description of a request, sending it and decoding the
//! answer. (The serde support generated types use is `openapi_client_runtime::de`.)

use bytes::Bytes;
use serde::de::DeserializeOwned;

use crate::de::{decode_json, decode_json_str};
use crate::error::{ApiError, DecodeError, ErrorBody};
use crate::options::Options;
use crate::{Client, Error};

/// What a `2xx` answer must be: a body, an event stream (asked for with `Accept`), or a
/// switch to the WebSocket protocol (asked for with this `Sec-WebSocket-Key`).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Expect<'k> {
    Body,
    Stream,
    Upgrade(&'k str),
}

/// What a generated operation asks the client to send.
#[derive(Debug)]
pub struct RequestSpec {
    /// The description's `operationId`, for error messages and the request's span.
    pub operation_id: &'static str,
    /// The HTTP method.
    pub method: reqwest::Method,
    /// Path below the base URL, already percent-encoded, starting with `/`.
    pub path: String,
    /// Headers the description fixes for this operation (a header parameter with one value).
    pub headers: &'static [(&'static str, &'static str)],
    /// Header parameters of this call.
    pub header_values: Vec<(&'static str, String)>,
    /// Query parameters of this call, encoded by the client.
    pub query: Vec<(std::borrow::Cow<'static, str>, String)>,
    /// The operation's security requirements: alternatives, each a set of scheme names (see
    /// the description's `security`); empty when it needs none.
    pub security: &'static [&'static [&'static str]],
    /// A body already encoded (a form, text, bytes) with its content type; JSON bodies are
    /// passed to the `send_*` methods instead.
    pub encoded_body: Option<(Bytes, String)>,
}

/// A successful answer: the decoded value with the response's status and headers.
///
/// Dereferences to the value, so `response.id` reads the value's field; `into_inner` takes it.
#[derive(Debug, Clone)]
pub struct Response<T> {
    pub(crate) value: T,
    pub(crate) status: reqwest::StatusCode,
    pub(crate) headers: reqwest::header::HeaderMap,
    pub(crate) request_id: Option<String>,
}

impl<T> Response<T> {
    /// The same response holding `f(value)`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            value: f(self.value),
            status: self.status,
            headers: self.headers,
            request_id: self.request_id,
        }
    }

    /// The decoded value.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// The HTTP status (a `2xx`).
    pub fn status(&self) -> reqwest::StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        &self.headers
    }

    /// The request id (the header the API names, `x-request-id` by default): quote it to
    /// the API's support.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

impl<T> std::ops::Deref for Response<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl Client {
    /// Sends `spec` with `body` encoded as JSON, and decodes a `2xx` JSON answer as `R`, with
    /// the response's status and headers.
    ///
    /// A non-`2xx` answer is [`Error::Api`]; a `2xx` one that is not an `R` is
    /// [`Error::Decode`], with the path of the field that failed. Failures the policy deems
    /// transient are retried first.
    ///
    /// # Errors
    ///
    /// Every [`Error`] but [`Error::Stream`].
    pub async fn send_json<T, R, B>(
        &self,
        spec: RequestSpec,
        body: Option<&T>,
    ) -> Result<Response<R>, Error<B>>
    where
        T: serde::Serialize + ?Sized,
        R: DeserializeOwned,
        B: ErrorBody,
    {
        let response = self.send_bytes(spec, body).await?;
        match decode_json(&response.value) {
            Ok(value) => Ok(response.map(|_| value)),
            Err((path, error)) => Err(Error::Decode(DecodeError::new(
                path,
                &error,
                response.status,
                response.request_id,
                &response.value,
            ))),
        }
    }

    /// Sends `spec` and returns a `2xx` body as bytes (files, audio, images), or nothing for
    /// an operation whose answers have no body.
    ///
    /// # Errors
    ///
    /// As [`Client::send_json`].
    pub async fn send_bytes<T, B>(
        &self,
        spec: RequestSpec,
        body: Option<&T>,
    ) -> Result<Response<Bytes>, Error<B>>
    where
        T: serde::Serialize + ?Sized,
        B: ErrorBody,
    {
        let limit = self.policy().max_response_size;
        let (status, headers, bytes) = self
            .send(spec, body, Expect::Body, |response| {
                self.read_body(response, limit)
            })
            .await?;
        let request_id = self.request_id(&headers);
        Ok(Response {
            value: bytes,
            status,
            headers,
            request_id,
        })
    }

    /// Sends `spec` and returns a `2xx` body as text (lossy UTF-8).
    ///
    /// # Errors
    ///
    /// As [`Client::send_json`].
    pub async fn send_text<T, B>(
        &self,
        spec: RequestSpec,
        body: Option<&T>,
    ) -> Result<Response<String>, Error<B>>
    where
        T: serde::Serialize + ?Sized,
        B: ErrorBody,
    {
        let response = self.send_bytes(spec, body).await?;
        Ok(response.map(|bytes| String::from_utf8_lossy(&bytes).into_owned()))
    }

    /// Sends `spec` with `body` encoded as JSON, asking for `text/event-stream`, and returns
    /// the stream of decoded events. A non-`2xx` answer is an error here, before any stream;
    /// only failures before the body starts are retried.
    ///
    /// # Errors
    ///
    /// As [`Client::send_json`], before the stream starts.
    pub async fn send_stream<T, E, B>(
        &self,
        spec: RequestSpec,
        body: Option<&T>,
        events: crate::stream::EventDecoder<E, B>,
    ) -> Result<crate::stream::EventStream<E, B>, Error<B>>
    where
        T: serde::Serialize + ?Sized,
        E: Send + 'static,
        B: ErrorBody + Send + 'static,
    {
        let response = self
            .send(spec, body, Expect::Stream, |response| async move {
                Ok(response)
            })
            .await?;
        let request_id = self.request_id(response.headers());
        Ok(crate::stream::decode(
            response,
            request_id,
            self.policy().max_response_size,
            events,
        ))
    }

    /// Like [`Client::send_stream`], for streams whose events' data are JSON values of one
    /// type; the event whose data is `end_data` (when given) ends the stream.
    ///
    /// # Errors
    ///
    /// As [`Client::send_stream`].
    pub async fn send_data_stream<T, D, B>(
        &self,
        spec: RequestSpec,
        body: Option<&T>,
        end_data: Option<&'static str>,
    ) -> Result<crate::stream::EventStream<D, B>, Error<B>>
    where
        T: serde::Serialize + ?Sized,
        D: DeserializeOwned + Send + 'static,
        B: ErrorBody + Send + 'static,
    {
        let response = self
            .send(spec, body, Expect::Stream, |response| async move {
                Ok(response)
            })
            .await?;
        let request_id = self.request_id(response.headers());
        Ok(crate::stream::decode_data(
            response,
            request_id,
            self.policy().max_response_size,
            end_data,
        ))
    }

    /// Checks a request body against the description's rules (unless turned off), with the
    /// per-call extra body fields when the body's object is closed (`allowed` lists its
    /// properties).
    ///
    /// # Errors
    ///
    /// Every rule the body breaks (an [`Error::Invalid`] through `?`).
    pub fn check<T: crate::validate::Validate + ?Sized>(
        &self,
        operation: &'static str,
        body: &T,
        allowed: Option<&[&str]>,
    ) -> Result<(), Box<crate::validate::ValidationError>> {
        let options = self.options();
        if !options
            .and_then(|o| o.validate)
            .unwrap_or(self.policy().validate)
        {
            return Ok(());
        }
        let mut violations = crate::validate::Violations::default();
        let root = crate::validate::Path::Root;
        body.validate(&root, &mut violations);
        if let (Some(allowed), Some(options)) = (allowed, options) {
            let unknown = options
                .body
                .keys()
                .filter(|k| !allowed.contains(&k.as_str()));
            crate::validate::closed(&root, unknown, &mut violations);
        }
        match crate::validate::ValidationError::from_violations(operation, violations) {
            None => Ok(()),
            Some(error) => Err(Box::new(error)),
        }
    }

    /// Sends a request until an attempt succeeds or the retry policy gives up. `finish` reads
    /// what a `2xx` answer must give (the body, or nothing for a stream); a failure there is
    /// retried like one of the request.
    pub(crate) async fn send<T, R, F, Fut, B>(
        &self,
        spec: RequestSpec,
        body: Option<&T>,
        expect: Expect<'_>,
        finish: F,
    ) -> Result<R, Error<B>>
    where
        T: serde::Serialize + ?Sized,
        F: Fn(reqwest::Response) -> Fut,
        Fut: std::future::Future<Output = Result<R, Error<B>>>,
        B: ErrorBody,
    {
        use tracing::Instrument;

        let options = self.options();
        let policy = self.policy();
        let mut spec = spec;
        let body = match spec.encoded_body.take() {
            Some((bytes, content_type)) => Some((bytes, content_type)),
            None => encode_body(body, options)?.map(|bytes| (bytes, "application/json".to_owned())),
        };
        let max_retries = options
            .and_then(|o| o.max_retries)
            .unwrap_or(policy.max_retries);
        let timeout = options.and_then(|o| o.timeout).unwrap_or(policy.timeout);
        let span = (self.api().request_span)(spec.operation_id, &spec.method, &spec.path);
        async move {
            let mut retry: u32 = 0;
            loop {
                let span = tracing::Span::current();
                span.record("attempt", retry + 1);
                let mut request = self.build_request(&spec, body.clone())?;
                if let Some(options) = options {
                    apply_options(&mut request, options);
                }
                match expect {
                    Expect::Body => {}
                    Expect::Stream => {
                        request.headers_mut().insert(
                            reqwest::header::ACCEPT,
                            reqwest::header::HeaderValue::from_static("text/event-stream"),
                        );
                    }
                    Expect::Upgrade(key) => crate::upgrade::ask(&mut request, key),
                }
                let attempt = async {
                    let response = self.execute(request, expect).await.inspect_err(|error| {
                        // A non-2xx answer has a status and a request id too (the one to
                        // quote to support), though `execute` turned it into an error.
                        if let Error::Api(api) = error {
                            span.record("status", api.status().as_u16());
                            if let Some(id) = api.request_id() {
                                span.record("request_id", id);
                            }
                        }
                    })?;
                    span.record("status", response.status().as_u16());
                    if let Some(id) = self.request_id(response.headers()) {
                        span.record("request_id", id.as_str());
                    }
                    finish(response).await
                };
                // The whole attempt is bounded, body included; a stream only until it starts.
                let outcome = match tokio::time::timeout(timeout, attempt).await {
                    Ok(outcome) => outcome,
                    Err(_) => Err(Error::Timeout),
                };
                let error = match outcome {
                    Ok(value) => return Ok(value),
                    Err(error) => error,
                };
                let (retryable, headers) = match &error {
                    Error::Api(api) => (
                        crate::retry::should_retry_status(api.status(), api.headers()),
                        Some(api.headers()),
                    ),
                    Error::Http(_) | Error::Timeout => (true, None),
                    _ => (false, None),
                };
                let decision = crate::retry::decide(
                    retryable,
                    max_retries - retry.min(max_retries),
                    retry,
                    headers,
                    policy.max_retry_wait,
                    fastrand::f64(),
                );
                match decision {
                    crate::retry::Decision::GiveUp => {
                        tracing::debug!(error = %error, "request failed");
                        return Err(error);
                    }
                    crate::retry::Decision::RetryAfter(wait) => {
                        tracing::info!(error = %error, wait_ms = wait.as_millis() as u64, "retrying");
                        tokio::time::sleep(wait).await;
                        retry += 1;
                    }
                }
            }
        }
        .instrument(span)
        .await
    }

    /// Sends a request and returns the response when its status is `2xx` (`101` for an
    /// upgrade); otherwise reads the body into an [`Error::Api`] (for an upgrade answered
    /// below 400, an [`Error::Upgrade`]).
    async fn execute<B: ErrorBody>(
        &self,
        request: reqwest::Request,
        expect: Expect<'_>,
    ) -> Result<reqwest::Response, Error<B>> {
        let mut response = self
            .http()
            .execute(request)
            .await
            .map_err(Error::from_reqwest)?;
        let status = response.status();
        match expect {
            Expect::Upgrade(_) if status == reqwest::StatusCode::SWITCHING_PROTOCOLS => {
                return Ok(response)
            }
            Expect::Upgrade(_) if status.as_u16() < 400 => {
                return Err(Error::Upgrade(format!(
                    "the server answered {status}, not 101 Switching Protocols"
                )))
            }
            Expect::Upgrade(_) => {}
            Expect::Body | Expect::Stream if status.is_success() => return Ok(response),
            Expect::Body | Expect::Stream => {}
        }
        let headers = std::mem::take(response.headers_mut());
        // A body cut short still leaves the status and the headers worth reporting; a huge one
        // is cut at the response size limit.
        let limit = self.policy().max_response_size;
        let mut body = Vec::new();
        while let Ok(Some(chunk)) = response.chunk().await {
            let room = limit.saturating_sub(body.len());
            body.extend_from_slice(&chunk[..chunk.len().min(room)]);
            if chunk.len() > room {
                break;
            }
        }
        let request_id = self.request_id(&headers);
        Err(Error::Api(ApiError::new(
            status, headers, request_id, &body,
        )))
    }

    /// Reads a `2xx` body, refusing one longer than `limit` bytes (checked against the
    /// announced length first, then as the bytes arrive) so that a hostile or broken server
    /// cannot exhaust memory.
    async fn read_body<B>(
        &self,
        mut response: reqwest::Response,
        limit: usize,
    ) -> Result<(reqwest::StatusCode, reqwest::header::HeaderMap, Bytes), Error<B>> {
        let status = response.status();
        let headers = response.headers().clone();
        let too_large = || Error::TooLarge {
            limit,
            request_id: self.request_id(&headers),
        };
        if response.content_length().is_some_and(|n| n > limit as u64) {
            return Err(too_large());
        }
        let mut body = Vec::with_capacity(response.content_length().unwrap_or(0) as usize);
        while let Some(chunk) = response.chunk().await.map_err(Error::from_reqwest)? {
            if body.len() + chunk.len() > limit {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok((status, headers, Bytes::from(body)))
    }
}

/// A `multipart/form-data` body being written: parts separated by a boundary drawn once, so
/// every attempt sends the same bytes. Written by hand (RFC 7578) rather than with reqwest's
/// multipart form, whose random boundary would change the body between retries.
pub struct Multipart {
    boundary: String,
    bytes: Vec<u8>,
}

impl Multipart {
    fn new() -> Self {
        let boundary: String = std::iter::repeat_with(fastrand::alphanumeric)
            .take(32)
            .collect();
        Self {
            boundary: format!("----openapi-client-{boundary}"),
            bytes: Vec::new(),
        }
    }

    fn header(&mut self, name: &str, file_name: Option<&str>, content_type: Option<&str>) {
        // Quotes and line breaks cannot end the header early: one rule for names and file
        // names, WHATWG's (HTML's form encoding, what browsers send): `"` → `%22`, CR → `%0D`,
        // LF → `%0A`, everything else as it is (a backslash included).
        let escape = |text: &str| {
            text.replace('"', "%22")
                .replace('\r', "%0D")
                .replace('\n', "%0A")
        };
        self.bytes
            .extend_from_slice(format!("--{}\r\n", self.boundary).as_bytes());
        let mut disposition = format!("Content-Disposition: form-data; name=\"{}\"", escape(name));
        if let Some(file_name) = file_name {
            disposition.push_str(&format!("; filename=\"{}\"", escape(file_name)));
        }
        self.bytes.extend_from_slice(disposition.as_bytes());
        self.bytes.extend_from_slice(b"\r\n");
        if let Some(content_type) = content_type {
            self.bytes
                .extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
        }
        self.bytes.extend_from_slice(b"\r\n");
    }

    /// A file part.
    pub fn file(&mut self, name: &str, file: &crate::File) {
        let content_type = file
            .media_type()
            .unwrap_or("application/octet-stream")
            .to_owned();
        self.header(name, Some(file.name()), Some(&content_type));
        self.bytes.extend_from_slice(file.bytes());
        self.bytes.extend_from_slice(b"\r\n");
    }

    /// A text part: strings as they are, numbers and booleans as text, the rest as JSON; a
    /// null has no part.
    ///
    /// # Errors
    ///
    /// A value that cannot be written as JSON (an [`Error::Encode`] through `?`, naming the
    /// field), rather than a part silently left out.
    pub fn value<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        let text = match serde_json::to_value(value) {
            Ok(serde_json::Value::String(text)) => text,
            Ok(serde_json::Value::Null) => return Ok(()),
            Ok(other) => other.to_string(),
            Err(e) => {
                return Err(serde::ser::Error::custom(format!(
                    "multipart field `{name}`: {e}"
                )))
            }
        };
        self.header(name, None, None);
        self.bytes.extend_from_slice(text.as_bytes());
        self.bytes.extend_from_slice(b"\r\n");
        Ok(())
    }

    fn finish(mut self) -> (Bytes, String) {
        self.bytes
            .extend_from_slice(format!("--{}--\r\n", self.boundary).as_bytes());
        (
            Bytes::from(self.bytes),
            format!("multipart/form-data; boundary={}", self.boundary),
        )
    }
}

/// A request type sent as `multipart/form-data`; generated for such bodies.
pub trait MultipartBody {
    /// Writes one part per property that is set.
    ///
    /// # Errors
    ///
    /// A property that cannot be written as JSON.
    fn write_parts(&self, form: &mut Multipart) -> Result<(), serde_json::Error>;
}

/// Encodes a form body once, with its content type.
///
/// # Errors
///
/// A property that cannot be written as JSON.
pub fn multipart<T: MultipartBody + ?Sized>(
    body: &T,
) -> Result<(Bytes, String), serde_json::Error> {
    let mut form = Multipart::new();
    body.write_parts(&mut form)?;
    Ok(form.finish())
}

/// Encodes an `application/x-www-form-urlencoded` body: one pair per field (strings as they
/// are, the rest as JSON), nulls left out.
///
/// # Errors
///
/// A body that cannot be written as JSON.
pub fn form_urlencoded<T: serde::Serialize + ?Sized>(
    body: &T,
) -> Result<(Bytes, String), serde_json::Error> {
    let pairs = query_object("body", body, false)?;
    let text = ::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs.iter().map(|(k, v)| (k.as_ref(), v.as_str())))
        .finish();
    Ok((
        Bytes::from(text),
        "application/x-www-form-urlencoded".to_owned(),
    ))
}

/// Encodes the request body once (every attempt sends these same bytes), with the per-call
/// extra fields merged in.
fn encode_body<T: serde::Serialize + ?Sized, B>(
    body: Option<&T>,
    options: Option<&Options>,
) -> Result<Option<Bytes>, Error<B>> {
    let extra = options.map(|o| &o.body).filter(|b| !b.is_empty());
    let Some(body) = body else {
        return match extra {
            Some(extra) => serde_json::to_vec(extra)
                .map(|b| Some(Bytes::from(b)))
                .map_err(Error::Encode),
            None => Ok(None),
        };
    };
    let bytes = match extra {
        None => serde_json::to_vec(body).map_err(Error::Encode)?,
        Some(extra) => {
            // Written, then read back as a value: `serde_json::to_value` would compile every
            // request type's `Serialize` once more, for the value serializer.
            let written = serde_json::to_vec(body).map_err(Error::Encode)?;
            let mut value: serde_json::Value =
                serde_json::from_slice(&written).map_err(Error::Encode)?;
            let Some(object) = value.as_object_mut() else {
                return Err(Error::Config(
                    "extra body fields need a JSON object body".to_owned(),
                ));
            };
            for (name, field) in extra {
                object.insert(name.clone(), field.clone());
            }
            serde_json::to_vec(&value).map_err(Error::Encode)?
        }
    };
    Ok(Some(Bytes::from(bytes)))
}

/// Adds the per-call headers (replacing the client's) and query parameters.
fn apply_options(request: &mut reqwest::Request, options: &Options) {
    for (name, value) in &options.headers {
        request.headers_mut().insert(name.clone(), value.clone());
    }
    if !options.query.is_empty() {
        request
            .url_mut()
            .query_pairs_mut()
            .extend_pairs(&options.query);
    }
}

/// An object-valued query parameter as pairs: `name[key]=value` (`deepObject`) or
/// `key=value` (`form`, exploded). Strings go as they are, other values as JSON; nulls are left
/// out. A value that is not an object is one pair.
///
/// # Errors
///
/// A value that cannot be written as JSON.
pub fn query_object<T: serde::Serialize + ?Sized>(
    name: &'static str,
    value: &T,
    deep: bool,
) -> Result<Vec<(std::borrow::Cow<'static, str>, String)>, serde_json::Error> {
    let text = |value: &serde_json::Value| match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    Ok(match serde_json::to_value(value)? {
        serde_json::Value::Object(map) => map
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(key, v)| {
                let key = if deep {
                    format!("{name}[{key}]")
                } else {
                    key.clone()
                };
                (std::borrow::Cow::Owned(key), text(v))
            })
            .collect(),
        serde_json::Value::Null => Vec::new(),
        other => vec![(std::borrow::Cow::Borrowed(name), text(&other))],
    })
}

/// What a path parameter's value has encoded. RFC 3986 lets a segment hold `pchar`s as they
/// are: unreserved characters, sub-delims (`!$&'()*+,;=`), `:` and `@`. Only the unreserved
/// ones (letters, digits, `-._~`) are kept here: servers give some of the others a meaning
/// inside a segment (`;` starts matrix parameters, `+` is read as a space), and a value is
/// data. `%` is encoded too, so a value is never read as an escape.
const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes one path segment (RFC 3986 unreserved kept, UTF-8 bytes otherwise).
pub fn encode_path_segment(value: &str) -> String {
    percent_encoding::utf8_percent_encode(value, PATH_SEGMENT).to_string()
}

/// For generated event sets: decodes one server-sent event's `data` text as `T`, the error
/// naming the field path inside the data and keeping the text.
///
/// # Errors
///
/// Data that is not a `T`.
pub fn decode_event_data<T: DeserializeOwned>(data: &str) -> Result<T, DecodeError> {
    decode_json_str(data).map_err(|(path, error)| {
        DecodeError::new(path, &error, reqwest::StatusCode::OK, None, data.as_bytes())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Client;
    use serde::Deserialize;
    use serde_json::{json, Value};
    use std::time::Duration;
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, Request, ResponseTemplate};

    const KEY: &str = "sk-test-secret-123";

    fn span(operation: &'static str, method: &reqwest::Method, path: &str) -> tracing::Span {
        tracing::info_span!("test.request", operation, method = %method, path = %path)
    }

    /// An API as a generated client describes it: one bearer scheme every operation needs.
    static API: crate::Api = crate::Api {
        title: "Test API",
        base_url: None,
        schemes: &[crate::Scheme {
            name: "bearer",
            what: "the token",
            kind: crate::SchemeKind::Bearer,
        }],
        credentials_required: Some("no credentials"),
        env: crate::Env::NONE,
        request_id_header: "x-request-id",
        user_agent: "runtime-tests/1",
        request_span: span,
    };

    fn builder() -> crate::ClientBuilder {
        crate::ClientBuilder::new(&API).credential("bearer", KEY)
    }

    fn spec(method: reqwest::Method, path: &str) -> RequestSpec {
        RequestSpec {
            operation_id: "testOperation",
            method,
            path: path.to_owned(),
            headers: &[("X-Beta", "v2")],
            header_values: Vec::new(),
            query: Vec::new(),
            security: &[&["bearer"]],
            encoded_body: None,
        }
    }

    fn client(server: &MockServer) -> Client {
        // Retries have tests of their own.
        builder()
            .max_retries(0)
            .base_url(format!("{}/v1", server.uri()))
            .build::<Value>()
            .expect("a client")
    }

    async fn respond_with(response: ResponseTemplate) -> MockServer {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/v1/threads/runs"))
            .respond_with(response)
            .mount(&server)
            .await;
        server
    }

    async fn post(client: &Client, body: &Value) -> Result<Value, Error> {
        let spec = spec(reqwest::Method::POST, "/threads/runs");
        client
            .send_json::<Value, Value, Value>(spec, Some(body))
            .await
            .map(Response::into_inner)
    }

    async fn only_request(server: &MockServer) -> Request {
        let mut requests = server.received_requests().await.expect("recording is on");
        assert_eq!(requests.len(), 1, "{requests:?}");
        requests.remove(0)
    }

    fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
        request
            .headers
            .get(name)
            .and_then(|value| value.to_str().ok())
    }

    #[tokio::test]
    async fn sends_method_path_headers_and_body() {
        let server =
            respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "run_1"}))).await;
        let body = json!({"assistant_id": "asst_abc123", "thread": {"messages": []}});

        let answer = post(&client(&server), &body).await.expect("a 200");
        assert_eq!(answer, json!({"id": "run_1"}));

        let request = only_request(&server).await;
        assert_eq!(request.method.as_str(), "POST");
        assert_eq!(request.url.path(), "/v1/threads/runs");
        assert_eq!(request.url.query(), None);
        let authorization = format!("Bearer {KEY}");
        assert_eq!(
            header(&request, "authorization"),
            Some(authorization.as_str())
        );
        assert_eq!(header(&request, "x-beta"), Some("v2"));
        assert_eq!(header(&request, "content-type"), Some("application/json"));
        assert_eq!(header(&request, "accept"), Some("application/json"));
        let user_agent = header(&request, "user-agent").expect("a user agent");
        assert!(user_agent.starts_with("runtime-tests/"), "{user_agent}");
        assert_eq!(header(&request, "x-org"), None);
        assert_eq!(header(&request, "x-project"), None);
        assert_eq!(request.body, serde_json::to_vec(&body).expect("json"));
    }

    #[tokio::test]
    async fn sends_organization_project_and_default_headers() {
        let server = respond_with(ResponseTemplate::new(200).set_body_json(json!({}))).await;
        let client = builder()
            .base_url(format!("{}/v1/", server.uri()))
            .setting("X-Org", "org_1")
            .setting("X-Project", "proj_1")
            .default_header("X-Beta", "v3")
            .default_header("X-Trace", "on")
            .build::<Value>()
            .expect("a client");

        post(&client, &json!({})).await.expect("a 200");

        let request = only_request(&server).await;
        assert_eq!(request.url.path(), "/v1/threads/runs");
        assert_eq!(header(&request, "x-org"), Some("org_1"));
        assert_eq!(header(&request, "x-project"), Some("proj_1"));
        assert_eq!(header(&request, "x-beta"), Some("v3"));
        assert_eq!(request.headers.get_all("x-beta").iter().count(), 1);
        assert_eq!(header(&request, "x-trace"), Some("on"));
    }

    #[tokio::test]
    async fn bodiless_requests_send_no_content_type_and_encode_the_query() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/v1/threads/a%2Fb/runs"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": []})))
            .mount(&server)
            .await;
        let mut spec = spec(
            reqwest::Method::GET,
            &format!("/threads/{}/runs", encode_path_segment("a/b")),
        );
        spec.query = vec![
            ("limit".into(), "20".to_owned()),
            ("after".into(), "run 1&x".to_owned()),
        ];

        let answer = client(&server)
            .send_json::<Value, Value, Value>(spec, None)
            .await
            .expect("a 200");
        assert_eq!(*answer, json!({"data": []}));

        let request = only_request(&server).await;
        assert_eq!(request.url.query(), Some("limit=20&after=run+1%26x"));
        assert_eq!(header(&request, "content-type"), None);
        assert!(request.body.is_empty());
    }

    #[tokio::test]
    async fn paths_that_would_leave_the_operation_are_refused() {
        let server = MockServer::start().await;
        let client = client(&server);
        for path in [
            format!("/threads/{}", encode_path_segment("..")),
            "/threads/../files".to_owned(),
            "/threads?x=1".to_owned(),
            "/threads/a b".to_owned(),
        ] {
            let spec = spec(reqwest::Method::GET, &path);
            match client.send_json::<Value, Value, Value>(spec, None).await {
                Err(Error::Config(message)) => {
                    assert!(message.contains("testOperation"), "{message}")
                }
                other => panic!("{path}: expected Error::Config, got {other:?}"),
            }
        }
        assert!(server
            .received_requests()
            .await
            .expect("recording")
            .is_empty());
    }

    #[tokio::test]
    async fn error_statuses_with_an_error_envelope() {
        for status in [400, 401, 404, 429, 500] {
            let body = json!({"error": {
                "message": format!("failure {status}"),
                "type": "invalid_request_error",
                "param": "assistant_id",
                "code": null,
            }});
            let server = respond_with(
                ResponseTemplate::new(status)
                    .insert_header("x-request-id", "req_123")
                    .insert_header("retry-after", "2")
                    .set_body_json(&body),
            )
            .await;

            let error = match post(&client(&server), &json!({})).await {
                Err(Error::Api(error)) => error,
                other => panic!("{status}: expected Error::Api, got {other:?}"),
            };
            assert_eq!(error.status().as_u16(), status);
            assert_eq!(error.request_id(), Some("req_123"));
            assert_eq!(error.retry_after(), Some("2"));
            let object = error.error().expect("an error object");
            assert_eq!(object["error"]["type"], "invalid_request_error");
            assert_eq!(error.message(), Some(format!("failure {status}").as_str()));
            assert_eq!(error.code(), None);
            assert_eq!(serde_json::from_str::<Value>(error.body()).ok(), Some(body));
            let shown = Error::Api(error).to_string();
            assert!(shown.contains(&format!("failure {status}")), "{shown}");
            assert!(shown.contains("request id: req_123"), "{shown}");
            assert!(!shown.contains(KEY), "{shown}");
        }
    }

    #[tokio::test]
    async fn error_statuses_with_a_plain_text_body() {
        for status in [400, 401, 404, 429, 500] {
            let server = respond_with(
                ResponseTemplate::new(status)
                    .insert_header("x-request-id", "req_456")
                    .set_body_string("upstream connect error"),
            )
            .await;

            let error = post(&client(&server), &json!({}))
                .await
                .expect_err("an error");
            assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
            assert_eq!(error.request_id(), Some("req_456"));
            assert_eq!(error.api_error(), None);
            let Error::Api(api) = &error else {
                panic!("expected Error::Api, got {error:?}");
            };
            assert_eq!(api.body(), "upstream connect error");
            assert!(
                error.to_string().contains("upstream connect error"),
                "{error}"
            );
        }
    }

    #[tokio::test]
    async fn error_envelope_with_a_numeric_code_still_parses() {
        let server =
            respond_with(ResponseTemplate::new(429).set_body_json(
                json!({"error": {"message": "slow down", "code": 429, "type": null}}),
            ))
            .await;
        let error = post(&client(&server), &json!({}))
            .await
            .expect_err("an error");
        let Error::Api(api) = &error else {
            panic!("{error:?}")
        };
        assert_eq!(api.message(), Some("slow down"));
        assert_eq!(api.code(), Some("429"));
    }

    #[derive(Debug, Deserialize)]
    struct Run {
        id: String,
        tools: Vec<Tool>,
    }

    #[derive(Debug, Deserialize)]
    struct Tool {
        function: Function,
    }

    #[derive(Debug, Deserialize)]
    struct Function {
        name: String,
    }

    #[tokio::test]
    async fn a_body_that_does_not_match_gives_the_field_path() {
        let body = r#"{"id": "run_1", "tools": [{"function": {"name": 7}}]}"#;
        let server = respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-request-id", "req_789")
                .set_body_raw(body, "application/json"),
        )
        .await;

        let spec = spec(reqwest::Method::POST, "/threads/runs");
        let result = client(&server)
            .send_json::<Value, Run, Value>(spec, Some(&json!({})))
            .await;
        let error = match result {
            Err(Error::Decode(error)) => error,
            other => panic!("expected Error::Decode, got {other:?}"),
        };
        assert_eq!(error.path(), "tools[0].function.name");
        assert!(
            error.message().starts_with("invalid type: integer `7`"),
            "{}",
            error.message()
        );
        assert_eq!(error.body(), body);
        assert_eq!(error.status().as_u16(), 200);
        assert_eq!(error.request_id(), Some("req_789"));
        assert!(
            error.to_string().contains("`tools[0].function.name`"),
            "{error}"
        );
    }

    #[tokio::test]
    async fn a_matching_body_decodes_and_trailing_data_does_not() {
        let server = respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"id": "run_1", "unknown": true, "tools": [{"function": {"name": "f", "new": 1}}]}"#,
            "application/json",
        ))
        .await;
        let spec = spec(reqwest::Method::POST, "/threads/runs");
        let run = client(&server)
            .send_json::<Value, Run, Value>(spec, Some(&json!({})))
            .await
            .expect("a run");
        assert_eq!(run.id, "run_1");
        assert_eq!(run.tools[0].function.name, "f");

        let server = respond_with(
            ResponseTemplate::new(200).set_body_raw(r#"{"id": "run_1"} {}"#, "application/json"),
        )
        .await;
        match post(&client(&server), &json!({})).await {
            Err(Error::Decode(error)) => assert_eq!(error.path(), "."),
            other => panic!("expected Error::Decode, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn connection_failures_are_http_errors_without_the_key() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
        let address = listener.local_addr().expect("an address");
        drop(listener);
        let client = builder()
            .base_url(format!("http://{address}/v1"))
            .build::<Value>()
            .expect("a client");

        let error = post(&client, &json!({})).await.expect_err("no server");
        assert!(matches!(error, Error::Http(_)), "{error:?}");
        for shown in [error.to_string(), format!("{error:?}")] {
            assert!(!shown.contains(KEY), "{shown}");
        }
    }

    #[tokio::test]
    async fn slow_answers_are_timeouts() {
        let server = respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({}))
                .set_delay(Duration::from_secs(5)),
        )
        .await;
        let http = reqwest::Client::builder()
            .timeout(Duration::from_millis(100))
            .build()
            .expect("an HTTP client");
        let client = builder()
            .base_url(server.uri())
            .http_client(http)
            .build::<Value>()
            .expect("a client");
        let spec = spec(reqwest::Method::POST, "/v1/threads/runs");
        let error = client
            .send_json::<Value, Value, Value>(spec, Some(&json!({})))
            .await
            .expect_err("too slow");
        assert!(matches!(error, Error::Timeout), "{error:?}");
    }

    #[test]
    fn bodies_that_cannot_be_json_are_encode_errors() {
        let mut map = std::collections::BTreeMap::new();
        map.insert(vec![1u8], 1);
        let spec = spec(reqwest::Method::POST, "/threads/runs");
        let client = builder()
            .base_url("http://127.0.0.1:1")
            .build::<Value>()
            .expect("a client");
        let future = client.send_json::<_, Value, Value>(spec, Some(&map));
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a runtime");
        let error = runtime.block_on(future).expect_err("not encodable");
        assert!(matches!(error, Error::Encode(_)), "{error:?}");
    }

    #[test]
    fn path_segments_keep_only_unreserved_characters() {
        for (raw, encoded) in [
            ("thread_abc-123.~", "thread_abc-123.~"),
            ("a/b", "a%2Fb"),
            ("a b?c#d%e", "a%20b%3Fc%23d%25e"),
            // pchar characters beyond the unreserved ones are encoded as well.
            ("!$&'()*+,;=:@", "%21%24%26%27%28%29%2A%2B%2C%3B%3D%3A%40"),
            ("\u{0}\u{7f}", "%00%7F"),
            ("é", "%C3%A9"),
            ("", ""),
        ] {
            assert_eq!(encode_path_segment(raw), encoded, "{raw}");
        }
    }

    /// A hand-written form body, as the generator writes them: a file, text fields, a list
    /// (one part an item), values that are not strings, and a null.
    struct Upload {
        file: crate::File,
        purpose: String,
        tags: Vec<String>,
        size: i64,
        flag: bool,
        meta: Value,
        missing: Option<String>,
    }

    impl MultipartBody for Upload {
        fn write_parts(&self, form: &mut Multipart) -> Result<(), serde_json::Error> {
            form.file("file", &self.file);
            form.value("purpose", &self.purpose)?;
            for tag in &self.tags {
                form.value("tags", tag)?;
            }
            form.value("size", &self.size)?;
            form.value("flag", &self.flag)?;
            form.value("meta", &self.meta)?;
            form.value("missing", &self.missing)?;
            form.value("say \\ \"hi\"\r\n", "quoted")?;
            form.file("raw", &crate::File::new("a\"b\\\n.bin", vec![0u8, 255]));
            Ok(())
        }
    }

    fn upload() -> Upload {
        Upload {
            file: crate::File::new("notes.txt", "hello\r\nworld").content_type("text/plain"),
            purpose: "fine-tune \"x\"".into(),
            tags: vec!["a".into(), "b c".into()],
            size: 42,
            flag: true,
            meta: json!({"k": [1, "v"]}),
            missing: None,
        }
    }

    /// The boundary a `multipart/form-data` content type names.
    fn boundary(content_type: &str) -> &str {
        content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap_or_else(|| panic!("not a multipart content type: {content_type}"))
    }

    #[test]
    fn multipart_bodies_are_laid_out_part_by_part() {
        let (bytes, content_type) = multipart(&upload()).expect("encodable");
        let boundary = boundary(&content_type);
        // A fixed prefix and 32 random letters and digits: never in the parts by chance.
        let random = boundary
            .strip_prefix("----openapi-client-")
            .expect("the boundary's prefix");
        assert_eq!(random.len(), 32, "{boundary}");
        assert!(
            random.chars().all(|c| c.is_ascii_alphanumeric()),
            "{boundary}"
        );

        let text = |name: &str, value: &str| {
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
        };
        let mut expected: Vec<u8> = Vec::new();
        // A file part: name, file name and the file's media type, then its bytes as they are.
        expected.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\nworld\r\n"
            )
            .bytes(),
        );
        // Strings as they are (quotes inside a value need no escaping).
        expected.extend(text("purpose", "fine-tune \"x\"").bytes());
        expected.extend(text("tags", "a").bytes());
        expected.extend(text("tags", "b c").bytes());
        // Numbers and booleans as their text, other values as JSON; the null has no part.
        expected.extend(text("size", "42").bytes());
        expected.extend(text("flag", "true").bytes());
        expected.extend(text("meta", r#"{"k":[1,"v"]}"#).bytes());
        // A quote or a line break in a name or a file name cannot end the header early: both
        // are escaped by WHATWG's one rule (`"`, CR, LF percent-encoded; a backslash kept).
        expected.extend(text("say \\ %22hi%22%0D%0A", "quoted").bytes());
        // A file with no media type is sent as `application/octet-stream`.
        expected.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"raw\"; filename=\"a%22b\\%0A.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .bytes(),
        );
        expected.extend([0u8, 255]);
        expected.extend(b"\r\n");
        expected.extend(format!("--{boundary}--\r\n").bytes());
        assert_eq!(bytes, expected, "got:\n{}", String::from_utf8_lossy(&bytes));
    }

    /// A form body with a field serde_json cannot write (a map with non-string keys).
    struct Unencodable {
        note: String,
        counts: std::collections::BTreeMap<Vec<u8>, i64>,
    }

    impl MultipartBody for Unencodable {
        fn write_parts(&self, form: &mut Multipart) -> Result<(), serde_json::Error> {
            form.value("note", &self.note)?;
            form.value("counts", &self.counts)?;
            Ok(())
        }
    }

    #[test]
    fn a_multipart_field_that_cannot_be_encoded_is_an_error_naming_it() {
        let body = Unencodable {
            note: "kept".into(),
            counts: [(vec![1u8], 1)].into_iter().collect(),
        };
        match multipart(&body) {
            Err(e) => assert!(
                e.to_string().starts_with("multipart field `counts`: "),
                "{e}"
            ),
            Ok((bytes, _)) => panic!(
                "the field was dropped without an error:\n{}",
                String::from_utf8_lossy(&bytes)
            ),
        }
    }

    #[test]
    fn each_encoding_draws_its_own_boundary_and_keeps_it() {
        let body = upload();
        let (first, first_type) = multipart(&body).expect("encodable");
        let (second, second_type) = multipart(&body).expect("encodable");
        assert_ne!(boundary(&first_type), boundary(&second_type));
        // Same parts, different boundary: the bytes differ only there.
        let first_text = String::from_utf8_lossy(&first).replace(boundary(&first_type), "B");
        let second_text = String::from_utf8_lossy(&second).replace(boundary(&second_type), "B");
        assert_eq!(first_text, second_text);
        // One encoding's boundary is the one its parts use, every time it is read.
        assert!(first_text.starts_with("--B\r\n"), "{first_text}");
        assert!(first_text.ends_with("\r\n--B--\r\n"), "{first_text}");
    }

    #[derive(serde::Serialize)]
    struct Form {
        // Declared in alphabetical order: the pairs come out in this order whether or not
        // serde_json keeps insertion order.
        count: i64,
        nested: Value,
        nothing: Option<String>,
        ratio: f64,
        text: String,
        yes: bool,
    }

    #[test]
    fn urlencoded_forms_write_one_pair_per_field() {
        let form = Form {
            count: 3,
            nested: json!({"a": 1}),
            nothing: None,
            ratio: 0.5,
            text: "a b&c=d/é+".into(),
            yes: false,
        };
        let (bytes, content_type) = form_urlencoded(&form).expect("encodable");
        assert_eq!(content_type, "application/x-www-form-urlencoded");
        // Strings as they are, numbers and booleans as text, objects as JSON, the null left
        // out; every pair percent-encoded (spaces as `+`).
        assert_eq!(
            std::str::from_utf8(&bytes).expect("ASCII"),
            "count=3&nested=%7B%22a%22%3A1%7D&ratio=0.5&text=a+b%26c%3Dd%2F%C3%A9%2B&yes=false"
        );
    }

    #[test]
    fn object_query_parameters_deep_and_not() {
        let value = json!({"color": "dark red", "size": 2, "gone": null, "tags": ["a"]});
        let pairs = |deep: bool| -> Vec<(String, String)> {
            query_object("filter", &value, deep)
                .expect("encodable")
                .into_iter()
                .map(|(k, v)| (k.into_owned(), v))
                .collect()
        };
        let owned = |list: &[(&str, &str)]| -> Vec<(String, String)> {
            list.iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect()
        };
        // `style: deepObject`: `filter[key]=value`.
        assert_eq!(
            pairs(true),
            owned(&[
                ("filter[color]", "dark red"),
                ("filter[size]", "2"),
                ("filter[tags]", r#"["a"]"#),
            ])
        );
        // `style: form`, exploded: `key=value`.
        assert_eq!(
            pairs(false),
            owned(&[("color", "dark red"), ("size", "2"), ("tags", r#"["a"]"#)])
        );
        // Not an object: one pair under the parameter's name; null: nothing.
        let one = query_object("n", &7, true).expect("encodable");
        assert_eq!(one, [(std::borrow::Cow::Borrowed("n"), "7".to_owned())]);
        assert!(query_object("n", &Value::Null, false)
            .expect("encodable")
            .is_empty());
    }

    #[test]
    fn files_show_their_length_not_their_bytes() {
        let file = crate::File::new("secret.bin", vec![7u8; 1000]);
        assert_eq!(file.name(), "secret.bin");
        assert_eq!(file.media_type(), None);
        assert_eq!(file.bytes().len(), 1000);
        assert_eq!(
            format!("{file:?}"),
            r#"File { name: "secret.bin", content_type: None, len: 1000 }"#
        );
        let typed = file.clone().content_type("image/png");
        assert_eq!(typed.media_type(), Some("image/png"));
        assert_eq!(
            format!("{typed:?}"),
            r#"File { name: "secret.bin", content_type: Some("image/png"), len: 1000 }"#
        );
        assert_ne!(typed, file);
        assert_eq!(crate::File::default().name(), "");
    }

    #[test]
    fn files_in_json_are_their_names() {
        let file = crate::File::new("a.txt", "content").content_type("text/plain");
        assert_eq!(
            serde_json::to_value(&file).expect("a string"),
            json!("a.txt")
        );
        let read: crate::File = serde_json::from_value(json!("b.txt")).expect("a name");
        assert_eq!(read, crate::File::new("b.txt", bytes::Bytes::new()));
        assert_eq!(read.media_type(), None);
        assert!(read.bytes().is_empty());
        assert!(serde_json::from_value::<crate::File>(json!(1)).is_err());
    }

    #[tokio::test]
    async fn encoded_bodies_are_sent_as_they_are_and_the_same_on_a_retry() {
        let server = MockServer::start().await;
        // The first attempt fails in a way that is retried at once; the second succeeds.
        Mock::given(method("POST"))
            .and(path("/v1/uploads"))
            .respond_with(ResponseTemplate::new(500).insert_header("retry-after-ms", "0"))
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path("/v1/uploads"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "up_1"})))
            .mount(&server)
            .await;
        let client = builder()
            .max_retries(1)
            .base_url(format!("{}/v1", server.uri()))
            .build::<Value>()
            .expect("a client");
        let (bytes, content_type) = multipart(&upload()).expect("encodable");
        let mut spec = spec(reqwest::Method::POST, "/uploads");
        spec.encoded_body = Some((bytes.clone(), content_type.clone()));

        let answer = client
            .send_json::<(), Value, Value>(spec, None)
            .await
            .expect("a 200 after one retry");
        assert_eq!(*answer, json!({"id": "up_1"}));

        let requests = server.received_requests().await.expect("recording is on");
        assert_eq!(requests.len(), 2, "{requests:?}");
        for request in &requests {
            assert_eq!(request.body, bytes.as_ref());
            assert_eq!(header(request, "content-type"), Some(content_type.as_str()));
        }
    }
}
