//! The client: configuration, authentication, and the HTTP requests it builds.

use std::env::VarError;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, USER_AGENT,
};
use reqwest::Url;

use crate::options::RequestOptions;
use crate::runtime::RequestSpec;
use crate::Error;

/// The base URL of the OpenAI API (the description's `servers` entry), used when
/// [`ClientBuilder::base_url`] is not called.
///
/// Each server variable is at its default. A description that names no absolute server URL
/// (none at all, or a relative one) has no default: this is then empty, and building a client
/// without a base URL is an [`Error::Config`].
pub const DEFAULT_BASE_URL: &str = match crate::generated::BASE_URL {
    Some(url) => url,
    None => "",
};

/// The `User-Agent` sent with every request.
const USER_AGENT_VALUE: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// How long the default HTTP client waits for a connection (as the official SDKs do).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// How long one attempt may take by default, response included (as the official SDKs do).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(600);

/// The largest response body the client reads by default (32 MiB), and the largest single
/// event of a stream: a longer one is an error, not an exhausted memory.
pub const DEFAULT_MAX_RESPONSE_SIZE: usize = 32 * 1024 * 1024;

/// How many times a failed attempt is retried by default (as the official SDKs do).
pub const DEFAULT_MAX_RETRIES: u32 = 2;

/// The longest wait a server may ask for (`Retry-After`) that the client still honours by
/// default; a longer one returns the error at once.
pub const DEFAULT_MAX_RETRY_WAIT: Duration = Duration::from_secs(60);

/// How long the default HTTP client waits for the next bytes of a response (as the official
/// SDKs do). A read timeout, not a total one, so long streamed responses are not cut.
const READ_TIMEOUT: Duration = Duration::from_secs(600);

const OPENAI_ORGANIZATION: HeaderName = HeaderName::from_static("openai-organization");
const OPENAI_PROJECT: HeaderName = HeaderName::from_static("openai-project");

/// A client for the OpenAI API.
///
/// Cheap to clone: clones share one connection pool and one configuration. The operation
/// methods (such as `create_thread_and_run`) are generated.
///
/// ```no_run
/// # fn example() -> Result<(), generated_client::Error> {
/// let client = generated_client::Client::builder()
///     .api_key("sk-...")
///     .project("proj_abc123")
///     .build()?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    /// Options for every call made through this handle (see [`Client::with_options`]).
    options: Option<Arc<Handle>>,
}

/// What a handle made by [`Client::with_options`] adds.
struct Handle {
    options: RequestOptions,
    /// An HTTP client with the handle's connect timeout, when it has one.
    http: Option<reqwest::Client>,
}

/// Timeouts and retries, as configured on the builder.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Policy {
    pub(crate) max_retries: u32,
    pub(crate) timeout: Duration,
    pub(crate) max_retry_wait: Duration,
    pub(crate) max_response_size: usize,
    pub(crate) validate: bool,
}

struct Inner {
    http: reqwest::Client,
    /// Whether the client made `http` itself (so a per-call connect timeout can be applied).
    own_http: bool,
    /// The validated base URL, without a trailing `/`.
    base_url: String,
    organization: Option<String>,
    project: Option<String>,
    /// Sent with every request, after (so overriding) an operation's fixed headers:
    /// authentication, organization and project, `Accept`, `User-Agent`, then the user's
    /// default headers.
    headers: HeaderMap,
    policy: Policy,
}

impl Client {
    /// A client for the OpenAI API with this API key and the default configuration.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the key is empty or is not a valid header value (for example,
    /// it ends with a line break); [`Error::Http`] when the HTTP client cannot be created.
    pub fn new(api_key: impl Into<String>) -> Result<Self, Error> {
        Self::builder().api_key(api_key).build()
    }

    /// A client configured from the environment, as the official SDKs are:
    /// `OPENAI_API_KEY` (required), `OPENAI_BASE_URL`, `OPENAI_ORG_ID` and
    /// `OPENAI_PROJECT_ID`. A variable set to the empty string counts as unset.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when `OPENAI_API_KEY` is unset, a variable is not valid Unicode, or
    /// a value is invalid (see [`ClientBuilder::build`]).
    pub fn from_env() -> Result<Self, Error> {
        ClientBuilder::from_env()?.build()
    }

    /// A builder to configure every part of the client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests are sent below, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The organization sent as `OpenAI-Organization`, if any.
    pub fn organization(&self) -> Option<&str> {
        self.inner.organization.as_deref()
    }

    /// The project sent as `OpenAI-Project`, if any.
    pub fn project(&self) -> Option<&str> {
        self.inner.project.as_deref()
    }

    /// A handle to the same client whose calls use `options` (extra headers, query or body
    /// fields, a timeout, a retry budget). Cheap: it shares the connection pool.
    ///
    /// A connect timeout in the options takes an HTTP client of its own (with its own
    /// connections) and applies only when this client made its HTTP client itself.
    pub fn with_options(&self, options: RequestOptions) -> Client {
        let http = options
            .connect_timeout
            .filter(|_| self.inner.own_http)
            .and_then(|timeout| {
                reqwest::Client::builder()
                    .connect_timeout(timeout)
                    .read_timeout(READ_TIMEOUT)
                    .build()
                    .ok()
            });
        Client {
            inner: Arc::clone(&self.inner),
            options: Some(Arc::new(Handle { options, http })),
        }
    }

    /// The HTTP client requests are sent with.
    pub(crate) fn http(&self) -> &reqwest::Client {
        self.options
            .as_ref()
            .and_then(|h| h.http.as_ref())
            .unwrap_or(&self.inner.http)
    }

    /// The per-call options of this handle, if any.
    pub(crate) fn options(&self) -> Option<&RequestOptions> {
        self.options.as_deref().map(|h| &h.options)
    }

    /// Timeouts and retries.
    pub(crate) fn policy(&self) -> Policy {
        self.inner.policy
    }

    /// Builds the request for `spec` with an already-encoded JSON body.
    ///
    /// Takes the spec by reference and the body as [`Bytes`], so a request can be built again
    /// (for a retry) without encoding anything twice.
    pub(crate) fn build_request(
        &self,
        spec: &RequestSpec,
        body: Option<(Bytes, String)>,
    ) -> Result<reqwest::Request, Error> {
        let target = format!("{}{}", self.inner.base_url, spec.path);
        // A path that the URL parser would rewrite (a `..` segment, a stray `?`) would send
        // the request somewhere else: refuse it.
        let mut url = Url::parse(&target)
            .ok()
            .filter(|url| url.as_str() == target && url.query().is_none())
            .ok_or_else(|| {
                Error::Config(format!(
                    "{}: `{}` is not a percent-encoded, normalized URL path",
                    spec.operation_id, spec.path
                ))
            })?;
        if !spec.query.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(spec.query.iter().map(|(k, v)| (k.as_ref(), v.as_str())));
        }

        let mut request = reqwest::Request::new(spec.method.clone(), url);
        let headers = request.headers_mut();
        for &(name, value) in spec.headers {
            let invalid = || {
                Error::Config(format!(
                    "{}: invalid fixed header `{name}: {value}`",
                    spec.operation_id
                ))
            };
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
            let value = HeaderValue::from_str(value).map_err(|_| invalid())?;
            headers.insert(name, value);
        }
        headers.extend(self.inner.headers.clone());
        for (name, value) in &spec.header_values {
            let value = HeaderValue::from_str(value).map_err(|_| {
                Error::Config(format!(
                    "{}: the value of header parameter `{name}` is not a valid header value",
                    spec.operation_id
                ))
            })?;
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                Error::Config(format!(
                    "{}: invalid header name `{name}`",
                    spec.operation_id
                ))
            })?;
            headers.insert(name, value);
        }
        if let Some((body, content_type)) = body {
            let content_type = HeaderValue::from_str(&content_type).map_err(|_| {
                Error::Config(format!("{}: invalid content type", spec.operation_id))
            })?;
            headers.insert(CONTENT_TYPE, content_type);
            *request.body_mut() = Some(body.into());
        }
        Ok(request)
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let default_headers: Vec<&str> = self
            .inner
            .headers
            .keys()
            .filter(|name| *name != AUTHORIZATION)
            .map(HeaderName::as_str)
            .collect();
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("organization", &self.inner.organization)
            .field("project", &self.inner.project)
            .field("api_key", &"<redacted>")
            .field("headers", &default_headers)
            .finish_non_exhaustive()
    }
}

/// Configures a [`Client`]; [`ClientBuilder::build`] checks the configuration.
#[derive(Clone, Default)]
pub struct ClientBuilder {
    api_key: Option<String>,
    base_url: Option<String>,
    organization: Option<String>,
    project: Option<String>,
    http_client: Option<reqwest::Client>,
    default_headers: Vec<(String, String)>,
    max_retries: Option<u32>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    max_retry_wait: Option<Duration>,
    max_response_size: Option<usize>,
    validate_requests: Option<bool>,
}

impl ClientBuilder {
    /// A builder holding what the environment sets: `OPENAI_API_KEY`, `OPENAI_BASE_URL`,
    /// `OPENAI_ORG_ID` and `OPENAI_PROJECT_ID` (the empty string counts as unset). Later calls
    /// override these values.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when a variable is set but not valid Unicode.
    pub fn from_env() -> Result<Self, Error> {
        Self::from_lookup(|name| std::env::var(name))
    }

    /// [`ClientBuilder::from_env`] reading variables through `lookup`.
    fn from_lookup(lookup: impl Fn(&str) -> Result<String, VarError>) -> Result<Self, Error> {
        let var = |name: &str| match lookup(name) {
            Ok(value) if value.is_empty() => Ok(None),
            Ok(value) => Ok(Some(value)),
            Err(VarError::NotPresent) => Ok(None),
            Err(VarError::NotUnicode(_)) => Err(Error::Config(format!(
                "the environment variable {name} is not valid Unicode"
            ))),
        };
        Ok(Self {
            api_key: var("OPENAI_API_KEY")?,
            base_url: var("OPENAI_BASE_URL")?,
            organization: var("OPENAI_ORG_ID")?,
            project: var("OPENAI_PROJECT_ID")?,
            ..Self::default()
        })
    }

    /// The API key, sent as `Authorization: Bearer <key>`. Required.
    pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
        self.api_key = Some(api_key.into());
        self
    }

    /// The URL requests are sent below, such as `https://api.openai.com/v1` (the default,
    /// [`DEFAULT_BASE_URL`]) or a proxy's. A trailing `/` is ignored. Required when the
    /// description has no default; when its server URL has variables, `ServerVariables` in
    /// [`crate::types`] sets them and gives the URL to pass here.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// The organization to send as `OpenAI-Organization`.
    pub fn organization(mut self, organization: impl Into<String>) -> Self {
        self.organization = Some(organization.into());
        self
    }

    /// The project to send as `OpenAI-Project`.
    pub fn project(mut self, project: impl Into<String>) -> Self {
        self.project = Some(project.into());
        self
    }

    /// The HTTP client to send requests with, to set proxies, timeouts or TLS yourself.
    ///
    /// Without one the client builds its own, with a 5 s connect timeout and a 600 s read
    /// timeout. A client you pass is used as it is.
    pub fn http_client(mut self, http_client: reqwest::Client) -> Self {
        self.http_client = Some(http_client);
        self
    }

    /// A header to send with every request.
    ///
    /// It overrides a header of the same name the client would send, such as the
    /// `OpenAI-Beta` header an operation fixes, and an earlier default header of that name.
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.default_headers.push((name.into(), value.into()));
        self
    }

    /// How many times a failed attempt is retried: 408, 409, 429 and 5xx answers, connection
    /// failures and timeouts (default 2; 0 turns retries off).
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = Some(max_retries);
        self
    }

    /// The longest one attempt may take, response body included (default 600 s). For a
    /// stream it bounds the wait for the response to start; the stream itself may run longer.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The longest the client waits to connect (default 5 s). Applies to the HTTP client the
    /// builder creates, not to one passed with [`ClientBuilder::http_client`].
    pub fn connect_timeout(mut self, connect_timeout: Duration) -> Self {
        self.connect_timeout = Some(connect_timeout);
        self
    }

    /// The longest wait before a retry that the client accepts from a server's
    /// `retry-after-ms` / `Retry-After` (default 60 s); when a server asks for more, the error
    /// is returned at once instead.
    pub fn max_retry_wait(mut self, max_retry_wait: Duration) -> Self {
        self.max_retry_wait = Some(max_retry_wait);
        self
    }

    /// The largest response body to read, in bytes (default 32 MiB); for a stream, the
    /// largest single event. A larger one ends the call with [`Error::TooLarge`].
    pub fn max_response_size(mut self, bytes: usize) -> Self {
        self.max_response_size = Some(bytes);
        self
    }

    /// Whether requests are checked against the description's rules before they are sent
    /// (default `true`); see [`crate::validate`].
    pub fn validate_requests(mut self, validate: bool) -> Self {
        self.validate_requests = Some(validate);
        self
    }

    /// Checks the configuration and builds the client.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the API key is missing or empty; no base URL is set and the
    /// description has none to default to (see [`DEFAULT_BASE_URL`]); the base URL is not an
    /// absolute `http` or `https` URL, or has a query, a fragment or credentials; a header
    /// name is invalid; or a header value (the API key, organization, project or a default
    /// header) holds characters a header cannot carry, such as a line break.
    /// [`Error::Http`] when the HTTP client cannot be created.
    pub fn build(self) -> Result<Client, Error> {
        let api_key = self.api_key.filter(|key| !key.is_empty()).ok_or_else(|| {
            Error::Config(
                "no API key: set OPENAI_API_KEY or call ClientBuilder::api_key".to_owned(),
            )
        })?;
        let base_url = base_url_or(self.base_url.as_deref(), crate::generated::BASE_URL)?;

        let mut headers = HeaderMap::new();
        // The message must not quote the key.
        let mut authorization = HeaderValue::try_from(format!("Bearer {api_key}"))
            .map_err(|_| invalid_value("the API key"))?;
        authorization.set_sensitive(true);
        headers.insert(AUTHORIZATION, authorization);
        if let Some(organization) = &self.organization {
            let value = HeaderValue::from_str(organization)
                .map_err(|_| invalid_value("the organization"))?;
            headers.insert(OPENAI_ORGANIZATION, value);
        }
        if let Some(project) = &self.project {
            let value = HeaderValue::from_str(project).map_err(|_| invalid_value("the project"))?;
            headers.insert(OPENAI_PROJECT, value);
        }
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(USER_AGENT, HeaderValue::from_static(USER_AGENT_VALUE));
        for (name, value) in &self.default_headers {
            let header_name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::Config(format!("`{name}` is not a valid header name")))?;
            let value = HeaderValue::from_str(value)
                .map_err(|_| invalid_value(&format!("the default header `{name}`")))?;
            headers.insert(header_name, value);
        }

        let own_http = self.http_client.is_none();
        let http = match self.http_client {
            Some(http) => http,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout.unwrap_or(CONNECT_TIMEOUT))
                .read_timeout(READ_TIMEOUT)
                .build()
                .map_err(Error::Http)?,
        };

        Ok(Client {
            inner: Arc::new(Inner {
                http,
                own_http,
                base_url,
                organization: self.organization,
                project: self.project,
                headers,
                policy: Policy {
                    max_retries: self.max_retries.unwrap_or(DEFAULT_MAX_RETRIES),
                    timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
                    max_retry_wait: self.max_retry_wait.unwrap_or(DEFAULT_MAX_RETRY_WAIT),
                    max_response_size: self.max_response_size.unwrap_or(DEFAULT_MAX_RESPONSE_SIZE),
                    validate: self.validate_requests.unwrap_or(true),
                },
            }),
            options: None,
        })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let default_headers: Vec<&str> = self
            .default_headers
            .iter()
            .map(|(name, _)| name.as_str())
            .collect();
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("base_url", &self.base_url)
            .field("organization", &self.organization)
            .field("project", &self.project)
            .field("http_client", &self.http_client.is_some())
            .field("default_headers", &default_headers)
            .finish()
    }
}

fn invalid_value(what: &str) -> Error {
    Error::Config(format!(
        "{what} holds characters an HTTP header cannot carry (such as a line break)"
    ))
}

/// The base URL given, or else the description's default, checked and without a trailing `/`.
fn base_url_or(given: Option<&str>, default: Option<&str>) -> Result<String, Error> {
    let base_url = given.or(default).ok_or_else(|| {
        Error::Config(
            "no base URL: the description names no absolute server URL, so one must be set with \
             ClientBuilder::base_url (or OPENAI_BASE_URL)"
                .to_owned(),
        )
    })?;
    normalize_base_url(base_url)
}

/// Checks a base URL and returns it without a trailing `/`.
///
/// Error messages do not quote the URL, which may hold credentials.
fn normalize_base_url(base_url: &str) -> Result<String, Error> {
    let invalid = |why: &str| Error::Config(format!("the base URL {why}"));
    let url = Url::parse(base_url)
        .map_err(|error| invalid(&format!("is not an absolute URL: {error}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("must use http or https"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid("must not contain credentials"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("must not have a query or a fragment"));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "sk-test-secret-123";

    fn env(
        vars: &'static [(&'static str, &'static str)],
    ) -> impl Fn(&str) -> Result<String, VarError> {
        move |name| {
            vars.iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
                .ok_or(VarError::NotPresent)
        }
    }

    fn config_message(result: Result<Client, Error>) -> String {
        match result {
            Err(Error::Config(message)) => message,
            other => panic!("expected Error::Config, got {other:?}"),
        }
    }

    #[test]
    fn a_per_call_connect_timeout_takes_its_own_http_client() {
        let client = Client::new("sk-test").unwrap();
        let plain = client.with_options(RequestOptions::new().max_retries(1));
        assert!(
            std::ptr::eq(plain.http(), client.http()),
            "no connect timeout: the shared client"
        );
        let quick =
            client.with_options(RequestOptions::new().connect_timeout(Duration::from_millis(50)));
        assert!(
            !std::ptr::eq(quick.http(), client.http()),
            "a client of its own"
        );
        // A client passed in by the user is used as it is.
        let given = Client::builder()
            .api_key("sk-test")
            .http_client(reqwest::Client::new())
            .build()
            .unwrap();
        let handle =
            given.with_options(RequestOptions::new().connect_timeout(Duration::from_millis(50)));
        assert!(std::ptr::eq(handle.http(), given.http()));
    }

    #[test]
    fn client_is_cheap_to_share() {
        fn assert_traits<T: Clone + Send + Sync + 'static>() {}
        assert_traits::<Client>();
        // Two shared pointers: the configuration, and the per-call options of a handle.
        assert_eq!(
            std::mem::size_of::<Client>(),
            2 * std::mem::size_of::<usize>()
        );
    }

    #[test]
    fn without_a_default_the_base_url_must_be_set() {
        let message = match base_url_or(None, None) {
            Err(Error::Config(message)) => message,
            other => panic!("expected Error::Config, got {other:?}"),
        };
        assert!(message.contains("ClientBuilder::base_url"), "{message}");
        assert_eq!(
            base_url_or(Some("http://127.0.0.1:1/v1/"), None).expect("a URL"),
            "http://127.0.0.1:1/v1"
        );
        assert_eq!(
            base_url_or(None, Some("https://api.example.com/")).expect("the default"),
            "https://api.example.com"
        );
    }

    #[test]
    fn defaults() {
        let client = Client::new(KEY).expect("a client");
        assert_eq!(client.base_url(), DEFAULT_BASE_URL);
        assert_eq!(client.organization(), None);
        assert_eq!(client.project(), None);
    }

    #[test]
    fn env_reads_the_four_variables() {
        let builder = ClientBuilder::from_lookup(env(&[
            ("OPENAI_API_KEY", KEY),
            ("OPENAI_BASE_URL", "http://127.0.0.1:8080/v1/"),
            ("OPENAI_ORG_ID", "org_1"),
            ("OPENAI_PROJECT_ID", "proj_1"),
        ]))
        .expect("a builder");
        let client = builder.build().expect("a client");
        assert_eq!(client.base_url(), "http://127.0.0.1:8080/v1");
        assert_eq!(client.organization(), Some("org_1"));
        assert_eq!(client.project(), Some("proj_1"));
    }

    #[test]
    fn env_requires_the_key_and_treats_empty_as_unset() {
        let builder = ClientBuilder::from_lookup(env(&[])).expect("a builder");
        assert!(config_message(builder.build()).contains("OPENAI_API_KEY"));

        let builder = ClientBuilder::from_lookup(env(&[
            ("OPENAI_API_KEY", KEY),
            ("OPENAI_BASE_URL", ""),
            ("OPENAI_ORG_ID", ""),
        ]))
        .expect("a builder");
        let client = builder.build().expect("a client");
        assert_eq!(client.base_url(), DEFAULT_BASE_URL);
        assert_eq!(client.organization(), None);

        let builder = ClientBuilder::from_lookup(env(&[("OPENAI_API_KEY", "")])).expect("ok");
        assert!(config_message(builder.build()).contains("no API key"));
    }

    #[test]
    fn env_rejects_non_unicode_values() {
        let lookup = |name: &str| match name {
            "OPENAI_PROJECT_ID" => Err(VarError::NotUnicode("\u{FFFD}".into())),
            _ => Err(VarError::NotPresent),
        };
        match ClientBuilder::from_lookup(lookup) {
            Err(Error::Config(message)) => assert!(message.contains("OPENAI_PROJECT_ID")),
            other => panic!("expected Error::Config, got {other:?}"),
        }
    }

    #[test]
    fn builder_overrides_env() {
        let client = ClientBuilder::from_lookup(env(&[
            ("OPENAI_API_KEY", KEY),
            ("OPENAI_ORG_ID", "org_env"),
        ]))
        .expect("a builder")
        .organization("org_code")
        .build()
        .expect("a client");
        assert_eq!(client.organization(), Some("org_code"));
    }

    #[test]
    fn base_url_is_validated_and_normalized() {
        let build = |url: &str| Client::builder().api_key(KEY).base_url(url).build();
        for (url, expected) in [
            ("https://example.com", "https://example.com"),
            ("https://example.com/", "https://example.com"),
            (
                "https://example.com/openai/v1//",
                "https://example.com/openai/v1",
            ),
            ("HTTP://Example.COM:80/v1", "http://example.com/v1"),
        ] {
            assert_eq!(build(url).expect(url).base_url(), expected);
        }
        for (url, why) in [
            ("api.openai.com/v1", "absolute URL"),
            ("ftp://example.com", "http or https"),
            ("https://example.com/v1?x=1", "query"),
            ("https://example.com/v1#top", "fragment"),
            ("https://user:hunter2@example.com/v1", "credentials"),
        ] {
            let message = config_message(build(url));
            assert!(message.contains(why), "{url}: {message}");
            assert!(!message.contains("hunter2"), "{message}");
        }
    }

    #[test]
    fn header_values_are_validated_without_quoting_the_key() {
        let message = config_message(Client::new("sk-secret\r\nX-Evil: 1"));
        assert!(message.contains("API key"), "{message}");
        assert!(!message.contains("sk-secret"), "{message}");

        let message = config_message(Client::builder().api_key(KEY).organization("org\n").build());
        assert!(message.contains("organization"), "{message}");
        let message = config_message(Client::builder().api_key(KEY).project("p\r").build());
        assert!(message.contains("project"), "{message}");
        let message = config_message(
            Client::builder()
                .api_key(KEY)
                .default_header("X-Trace", "a\nb")
                .build(),
        );
        assert!(message.contains("X-Trace"), "{message}");
        let message = config_message(
            Client::builder()
                .api_key(KEY)
                .default_header("Bad Name", "v")
                .build(),
        );
        assert!(message.contains("Bad Name"), "{message}");
    }

    #[test]
    fn debug_never_shows_the_key() {
        let builder = Client::builder()
            .api_key(KEY)
            .organization("org_1")
            .default_header("X-Trace", "on");
        let shown = format!("{builder:?}");
        assert!(!shown.contains(KEY), "{shown}");
        assert!(shown.contains("<redacted>"), "{shown}");

        let client = builder.build().expect("a client");
        for shown in [format!("{client:?}"), format!("{client:#?}")] {
            assert!(!shown.contains(KEY), "{shown}");
            assert!(
                shown.contains("org_1") && shown.contains("x-trace"),
                "{shown}"
            );
        }
    }
}
