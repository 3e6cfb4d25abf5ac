//! The client core every generated client wraps: configuration, credentials, and the HTTP
//! requests it builds.

use std::env::VarError;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, COOKIE, USER_AGENT,
};
use reqwest::Url;

use crate::api::{Api, Location, SchemeKind};
use crate::options::{Options, RequestOptions};
use crate::send::RequestSpec;
use crate::Error;

/// How long the default HTTP client waits for a connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// How long one attempt may take by default, response included.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(600);

/// The largest response body the client reads by default (32 MiB), and the largest single
/// event of a stream: a longer one is an error, not an exhausted memory.
pub const DEFAULT_MAX_RESPONSE_SIZE: usize = 32 * 1024 * 1024;

/// How many times a failed attempt is retried by default.
pub const DEFAULT_MAX_RETRIES: u32 = 2;

/// The longest wait a server may ask for (`Retry-After`) that the client still honours by
/// default; a longer one returns the error at once.
pub const DEFAULT_MAX_RETRY_WAIT: Duration = Duration::from_secs(60);

/// How long the default HTTP client waits for the next bytes of a response. A read timeout,
/// not a total one, so long streamed responses are not cut.
pub(crate) const READ_TIMEOUT: Duration = Duration::from_secs(600);

/// The client core a generated client wraps: one API's base URL, credentials, headers,
/// timeouts and retries, and the connection pool.
///
/// Cheap to clone: clones share one connection pool and one configuration.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    /// Options for every call made through this handle (see [`Client::with_options`]).
    options: Option<Arc<Handle>>,
}

/// What a handle made by [`Client::with_options`] adds.
struct Handle {
    options: Options,
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

/// A credential as it goes on a request.
#[derive(Clone)]
enum Applied {
    /// A header (`Authorization`, or an API key's own header), marked sensitive.
    Header(HeaderName, HeaderValue),
    /// A query parameter.
    Query(&'static str, String),
    /// A cookie: `name=value`.
    Cookie(String),
}

struct Inner {
    api: &'static Api,
    http: reqwest::Client,
    /// Whether the client made `http` itself (so a per-call connect timeout can be applied).
    own_http: bool,
    /// The validated base URL, without a trailing `/`.
    base_url: String,
    /// The credential of each scheme that has one, by scheme name.
    credentials: Vec<(&'static str, Applied)>,
    /// The values of the API's named headers (organization, project, ...) that are set.
    settings: Vec<(&'static str, String)>,
    /// Sent with every request, after (so overriding) an operation's fixed headers: the
    /// named headers, `Accept`, `User-Agent`, then the user's default headers.
    headers: HeaderMap,
    request_id_header: HeaderName,
    policy: Policy,
}

impl Client {
    /// The API this client calls.
    pub fn api(&self) -> &'static Api {
        self.inner.api
    }

    /// The base URL requests are sent below, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The value of one of the API's named headers (see [`Env::headers`](crate::Env::headers)), if set.
    pub fn setting(&self, header: &str) -> Option<&str> {
        self.inner
            .settings
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(header))
            .map(|(_, value)| value.as_str())
    }

    /// Whether a credential is set for the security scheme `scheme`.
    pub fn has_credential(&self, scheme: &str) -> bool {
        self.inner
            .credentials
            .iter()
            .any(|(name, _)| *name == scheme)
    }

    /// A handle to the same client whose calls use `options` (extra headers, query or body
    /// fields, a timeout, a retry budget). Cheap: it shares the connection pool.
    ///
    /// A connect timeout in the options takes an HTTP client of its own (with its own
    /// connections) and applies only when this client made its HTTP client itself.
    pub fn with_options<B>(&self, options: RequestOptions<B>) -> Client {
        let options = options.options;
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
    pub(crate) fn options(&self) -> Option<&Options> {
        self.options.as_deref().map(|h| &h.options)
    }

    /// Timeouts and retries.
    pub(crate) fn policy(&self) -> Policy {
        self.inner.policy
    }

    /// The request id of a response, from the header the API names.
    pub(crate) fn request_id(&self, headers: &HeaderMap) -> Option<String> {
        headers
            .get(&self.inner.request_id_header)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
    }

    /// The credentials an operation's `security` asks for: the first alternative whose every
    /// scheme has a credential; none when the operation needs none, when an alternative is
    /// empty (security optional) and none is complete, or when no credential fits (the server
    /// then answers 401, which says more than the client could).
    fn credentials_for(&self, security: &[&[&str]]) -> Vec<&Applied> {
        for alternative in security {
            if alternative.is_empty() {
                continue;
            }
            let found: Vec<&Applied> = alternative
                .iter()
                .filter_map(|scheme| {
                    self.inner
                        .credentials
                        .iter()
                        .find(|(name, _)| name == scheme)
                        .map(|(_, applied)| applied)
                })
                .collect();
            if found.len() == alternative.len() {
                return found;
            }
        }
        Vec::new()
    }

    /// Builds the request for `spec` with an already-encoded body and its content type.
    ///
    /// Takes the spec by reference and the body as [`Bytes`], so a request can be built again
    /// (for a retry) without encoding anything twice.
    pub(crate) fn build_request<B>(
        &self,
        spec: &RequestSpec,
        body: Option<(Bytes, String)>,
    ) -> Result<reqwest::Request, Error<B>> {
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
        let credentials = self.credentials_for(spec.security);
        let query_credentials = credentials.iter().filter_map(|applied| match applied {
            Applied::Query(name, value) => Some((*name, value.as_str())),
            _ => None,
        });
        let query: Vec<(&str, &str)> = spec
            .query
            .iter()
            .map(|(k, v)| (k.as_ref(), v.as_str()))
            .chain(query_credentials)
            .collect();
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
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
        let mut cookies: Vec<&str> = Vec::new();
        for applied in &credentials {
            match applied {
                Applied::Header(name, value) => {
                    headers.insert(name.clone(), value.clone());
                }
                Applied::Cookie(cookie) => cookies.push(cookie),
                Applied::Query(..) => {}
            }
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
        if !cookies.is_empty() {
            let mut value = HeaderValue::from_str(&cookies.join("; ")).map_err(|_| {
                Error::Config(format!(
                    "{}: a cookie holds characters a header cannot carry",
                    spec.operation_id
                ))
            })?;
            value.set_sensitive(true);
            headers.insert(COOKIE, value);
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
        let credentials: Vec<(&str, &str)> = self
            .inner
            .credentials
            .iter()
            .map(|(scheme, _)| (*scheme, "<redacted>"))
            .collect();
        f.debug_struct("Client")
            .field("api", &self.inner.api.title)
            .field("base_url", &self.inner.base_url)
            .field("settings", &self.inner.settings)
            .field("credentials", &credentials)
            .field("headers", &default_headers)
            .finish_non_exhaustive()
    }
}

/// Configures a [`Client`]; [`ClientBuilder::build`] checks the configuration.
#[derive(Clone)]
pub struct ClientBuilder {
    api: &'static Api,
    /// By scheme: the token or key (for HTTP basic, the user name) and the basic password,
    /// before they are checked.
    credentials: Vec<(&'static str, String, Option<String>)>,
    base_url: Option<String>,
    settings: Vec<(&'static str, String)>,
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
    /// A builder for a client of `api`, with nothing set.
    pub fn new(api: &'static Api) -> Self {
        Self {
            api,
            credentials: Vec::new(),
            base_url: None,
            settings: Vec::new(),
            http_client: None,
            default_headers: Vec::new(),
            max_retries: None,
            timeout: None,
            connect_timeout: None,
            max_retry_wait: None,
            max_response_size: None,
            validate_requests: None,
        }
    }

    /// A builder holding what the environment sets, for the variables `api` names (see
    /// [`Api::env`]); the empty string counts as unset. Later calls override these values.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when a variable is set but not valid Unicode.
    pub fn from_env<B>(api: &'static Api) -> Result<Self, Error<B>> {
        Ok(Self::lookup(api, &|name| std::env::var(name))?)
    }

    /// [`ClientBuilder::from_env`] reading variables through `lookup` (for tests, or another
    /// source of settings).
    ///
    /// # Errors
    ///
    /// As [`ClientBuilder::from_env`].
    pub fn from_lookup<B>(
        api: &'static Api,
        lookup: impl Fn(&str) -> Result<String, VarError>,
    ) -> Result<Self, Error<B>> {
        Ok(Self::lookup(api, &lookup)?)
    }

    fn lookup(
        api: &'static Api,
        lookup: &dyn Fn(&str) -> Result<String, VarError>,
    ) -> Result<Self, ConfigError> {
        let var = |name: &str| match lookup(name) {
            Ok(value) if value.is_empty() => Ok(None),
            Ok(value) => Ok(Some(value)),
            Err(VarError::NotPresent) => Ok(None),
            Err(VarError::NotUnicode(_)) => Err(ConfigError::Config(format!(
                "the environment variable {name} is not valid Unicode"
            ))),
        };
        let mut builder = Self::new(api);
        if let Some(name) = api.env.base_url {
            builder.base_url = var(name)?;
        }
        for (scheme, name) in api.env.credentials {
            if let Some(value) = var(name)? {
                builder = match api.scheme(scheme).map(|s| &s.kind) {
                    Some(SchemeKind::Basic) => {
                        let (user, password) = match value.split_once(':') {
                            Some((user, password)) => (user.to_owned(), Some(password.to_owned())),
                            None => (value, None),
                        };
                        builder.basic_credential(scheme, user, password)
                    }
                    _ => builder.credential(scheme, value),
                };
            }
        }
        for (header, name) in api.env.headers {
            if let Some(value) = var(name)? {
                builder = builder.setting(header, value);
            }
        }
        Ok(builder)
    }

    /// The credential of the security scheme named `scheme`: a bearer token, or an API key
    /// (sent where the scheme says: a header, a query parameter or a cookie). For an HTTP
    /// basic scheme it is the user name, with no password.
    pub fn credential(self, scheme: &'static str, value: impl Into<String>) -> Self {
        self.basic_credential(scheme, value, None)
    }

    /// The user name and password of the HTTP basic scheme named `scheme` (for another
    /// scheme, the password is ignored).
    pub fn basic_credential(
        mut self,
        scheme: &'static str,
        username: impl Into<String>,
        password: Option<String>,
    ) -> Self {
        self.credentials.retain(|(name, ..)| *name != scheme);
        self.credentials.push((scheme, username.into(), password));
        self
    }

    /// Whether a credential is set for `scheme`.
    pub fn has_credential(&self, scheme: &str) -> bool {
        self.credentials.iter().any(|(name, ..)| *name == scheme)
    }

    /// The value of one of the API's named headers (see [`Env::headers`](crate::Env::headers)).
    pub fn setting(mut self, header: &'static str, value: impl Into<String>) -> Self {
        self.settings.retain(|(name, _)| *name != header);
        self.settings.push((header, value.into()));
        self
    }

    /// The URL requests are sent below (the API's default is [`Api::base_url`]), or a
    /// proxy's. A trailing `/` is ignored. Required when the API has no default.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
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
    /// It overrides a header of the same name the client would send, such as a header an
    /// operation fixes, and an earlier default header of that name.
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
    /// [`Error::Config`] when every operation needs credentials and none is set (or one is
    /// empty); no base URL is set and the API has none to default to; the base URL is not an
    /// absolute `http` or `https` URL, or has a query, a fragment or credentials; a header
    /// name is invalid; or a header value (a credential, a named header or a default header)
    /// holds characters a header cannot carry, such as a line break. [`Error::Http`] when the
    /// HTTP client cannot be created.
    pub fn build<B>(self) -> Result<Client, Error<B>> {
        Ok(self.build_client()?)
    }

    fn build_client(self) -> Result<Client, ConfigError> {
        let api = self.api;
        let mut credentials = Vec::new();
        for (scheme_name, value, password) in self.credentials {
            let Some(scheme) = api.scheme(scheme_name) else {
                return Err(ConfigError::Config(format!(
                    "`{scheme_name}` is not a security scheme of this API"
                )));
            };
            let applied = apply(scheme.what, &scheme.kind, value, password)?;
            credentials.push((scheme_name, applied));
        }
        if credentials.is_empty() {
            if let Some(missing) = api.credentials_required {
                return Err(ConfigError::Config(missing.to_owned()));
            }
        }
        let base_url = base_url_or(self.base_url.as_deref(), api.base_url, api.env.base_url)?;

        let mut headers = HeaderMap::new();
        for (header, value) in &self.settings {
            let name = HeaderName::from_bytes(header.as_bytes()).map_err(|_| {
                ConfigError::Config(format!("`{header}` is not a valid header name"))
            })?;
            let value = HeaderValue::from_str(value)
                .map_err(|_| invalid_value(&format!("the value of `{header}`")))?;
            headers.insert(name, value);
        }
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        let user_agent =
            HeaderValue::from_str(api.user_agent).map_err(|_| invalid_value("the user agent"))?;
        headers.insert(USER_AGENT, user_agent);
        for (name, value) in &self.default_headers {
            let header_name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| ConfigError::Config(format!("`{name}` is not a valid header name")))?;
            let value = HeaderValue::from_str(value)
                .map_err(|_| invalid_value(&format!("the default header `{name}`")))?;
            headers.insert(header_name, value);
        }
        let request_id_header =
            HeaderName::from_bytes(api.request_id_header.as_bytes()).map_err(|_| {
                ConfigError::Config(format!(
                    "`{}` is not a valid header name",
                    api.request_id_header
                ))
            })?;

        let own_http = self.http_client.is_none();
        let http = match self.http_client {
            Some(http) => http,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout.unwrap_or(CONNECT_TIMEOUT))
                .read_timeout(READ_TIMEOUT)
                .build()
                .map_err(ConfigError::Http)?,
        };

        Ok(Client {
            inner: Arc::new(Inner {
                api,
                http,
                own_http,
                base_url,
                credentials,
                settings: self.settings,
                headers,
                request_id_header,
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
        let credentials: Vec<(&str, &str)> = self
            .credentials
            .iter()
            .map(|(scheme, ..)| (*scheme, "<redacted>"))
            .collect();
        f.debug_struct("ClientBuilder")
            .field("api", &self.api.title)
            .field("credentials", &credentials)
            .field("base_url", &self.base_url)
            .field("settings", &self.settings)
            .field("http_client", &self.http_client.is_some())
            .field("default_headers", &default_headers)
            .finish()
    }
}

/// Checks a credential and turns it into what goes on a request. Messages name `what` (the
/// credential's name), never its value.
fn apply(
    what: &str,
    kind: &SchemeKind,
    value: String,
    password: Option<String>,
) -> Result<Applied, ConfigError> {
    if value.is_empty() {
        return Err(ConfigError::Config(format!("{what} is empty")));
    }
    let sensitive = |text: String| {
        HeaderValue::try_from(text)
            .map(|mut value| {
                value.set_sensitive(true);
                value
            })
            .map_err(|_| invalid_value(what))
    };
    Ok(match kind {
        SchemeKind::Bearer => Applied::Header(AUTHORIZATION, sensitive(format!("Bearer {value}"))?),
        SchemeKind::Basic => {
            use base64::Engine as _;
            let pair = format!("{value}:{}", password.unwrap_or_default());
            let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
            Applied::Header(AUTHORIZATION, sensitive(format!("Basic {encoded}"))?)
        }
        SchemeKind::ApiKey {
            location: Location::Header,
            name,
        } => {
            let header = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| ConfigError::Config(format!("`{name}` is not a valid header name")))?;
            Applied::Header(header, sensitive(value)?)
        }
        SchemeKind::ApiKey {
            location: Location::Query,
            name,
        } => Applied::Query(name, value),
        SchemeKind::ApiKey {
            location: Location::Cookie,
            name,
        } => {
            // A cookie value cannot hold `;`, `,`, whitespace or quotes (RFC 6265).
            if value
                .bytes()
                .any(|b| b.is_ascii_whitespace() || b.is_ascii_control() || b";,\\\"".contains(&b))
            {
                return Err(invalid_value(what));
            }
            Applied::Cookie(format!("{name}={value}"))
        }
    })
}

fn invalid_value(what: &str) -> ConfigError {
    ConfigError::Config(format!(
        "{what} holds characters an HTTP header cannot carry (such as a line break)"
    ))
}

/// The base URL given, or else the API's default, checked and without a trailing `/`.
fn base_url_or(
    given: Option<&str>,
    default: Option<&str>,
    variable: Option<&str>,
) -> Result<String, ConfigError> {
    let base_url = given.or(default).ok_or_else(|| {
        let or_variable = variable
            .map(|name| format!(" (or {name})"))
            .unwrap_or_default();
        ConfigError::Config(format!(
            "no base URL: the description names no absolute server URL, so one must be set \
             with ClientBuilder::base_url{or_variable}"
        ))
    })?;
    normalize_base_url(base_url)
}

/// Checks a base URL and returns it without a trailing `/`.
///
/// Error messages do not quote the URL, which may hold credentials.
fn normalize_base_url(base_url: &str) -> Result<String, ConfigError> {
    let invalid = |why: &str| ConfigError::Config(format!("the base URL {why}"));
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

/// What building a client can fail with. Not generic: the builder's checks are compiled once,
/// in this crate, where an [`Error<B>`] would compile them again in every client, for its `B`.
enum ConfigError {
    Config(String),
    Http(reqwest::Error),
}

impl<B> From<ConfigError> for Error<B> {
    fn from(error: ConfigError) -> Self {
        match error {
            ConfigError::Config(message) => Error::Config(message),
            ConfigError::Http(error) => Error::Http(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{Env, Scheme};

    fn span(operation: &'static str, method: &reqwest::Method, path: &str) -> tracing::Span {
        tracing::info_span!("test.request", operation, method = %method, path = %path)
    }

    /// One scheme of every kind; the key is needed unless an operation says otherwise.
    static API: Api = Api {
        title: "Test API",
        base_url: Some("https://api.example.com/v1"),
        schemes: &[
            Scheme {
                name: "token",
                what: "the token",
                kind: SchemeKind::Bearer,
            },
            Scheme {
                name: "login",
                what: "the login",
                kind: SchemeKind::Basic,
            },
            Scheme {
                name: "header_key",
                what: "the header key",
                kind: SchemeKind::ApiKey {
                    location: Location::Header,
                    name: "X-Api-Key",
                },
            },
            Scheme {
                name: "query_key",
                what: "the query key",
                kind: SchemeKind::ApiKey {
                    location: Location::Query,
                    name: "api_key",
                },
            },
            Scheme {
                name: "cookie_key",
                what: "the cookie key",
                kind: SchemeKind::ApiKey {
                    location: Location::Cookie,
                    name: "session",
                },
            },
        ],
        credentials_required: None,
        env: Env {
            base_url: Some("TEST_BASE_URL"),
            credentials: &[("token", "TEST_TOKEN"), ("login", "TEST_LOGIN")],
            headers: &[("X-Project", "TEST_PROJECT")],
        },
        request_id_header: "x-trace-id",
        user_agent: "runtime-tests/1",
        request_span: span,
    };

    fn spec(security: &'static [&'static [&'static str]]) -> RequestSpec {
        RequestSpec {
            operation_id: "op",
            method: reqwest::Method::GET,
            path: "/things".to_owned(),
            headers: &[],
            header_values: Vec::new(),
            query: vec![("limit".into(), "1".to_owned())],
            security,
            encoded_body: None,
        }
    }

    fn every_credential() -> Client {
        ClientBuilder::new(&API)
            .credential("token", "t0k")
            .basic_credential("login", "ann", Some("pw".to_owned()))
            .credential("header_key", "hk")
            .credential("query_key", "qk")
            .credential("cookie_key", "ck")
            .build::<()>()
            .expect("a client")
    }

    fn sent(client: &Client, security: &'static [&'static [&'static str]]) -> reqwest::Request {
        client
            .build_request::<()>(&spec(security), None)
            .expect("a request")
    }

    fn header<'a>(request: &'a reqwest::Request, name: &str) -> Option<&'a str> {
        request.headers().get(name).and_then(|v| v.to_str().ok())
    }

    #[test]
    fn each_scheme_puts_its_credential_in_its_place() {
        let client = every_credential();
        let request = sent(&client, &[&["token"]]);
        assert_eq!(header(&request, "authorization"), Some("Bearer t0k"));
        assert!(request.headers()[AUTHORIZATION].is_sensitive());
        let request = sent(&client, &[&["login"]]);
        // base64("ann:pw")
        assert_eq!(header(&request, "authorization"), Some("Basic YW5uOnB3"));
        let request = sent(&client, &[&["header_key"]]);
        assert_eq!(header(&request, "x-api-key"), Some("hk"));
        assert_eq!(header(&request, "authorization"), None);
        let request = sent(&client, &[&["query_key"]]);
        assert_eq!(request.url().query(), Some("limit=1&api_key=qk"));
        let request = sent(&client, &[&["cookie_key"]]);
        assert_eq!(header(&request, "cookie"), Some("session=ck"));
        // Two schemes at once (one requirement naming both).
        let request = sent(&client, &[&["token", "query_key"]]);
        assert_eq!(header(&request, "authorization"), Some("Bearer t0k"));
        assert_eq!(request.url().query(), Some("limit=1&api_key=qk"));
    }

    #[test]
    fn no_requirement_sends_no_credential_and_alternatives_take_the_first_complete_one() {
        let client = every_credential();
        let request = sent(&client, &[]);
        assert_eq!(header(&request, "authorization"), None);
        assert_eq!(header(&request, "cookie"), None);
        assert_eq!(request.url().query(), Some("limit=1"));

        let only_query = ClientBuilder::new(&API)
            .credential("query_key", "qk")
            .build::<()>()
            .expect("a client");
        // `token` is not set: the next alternative is used.
        let request = sent(&only_query, &[&["token"], &["query_key"]]);
        assert_eq!(header(&request, "authorization"), None);
        assert_eq!(request.url().query(), Some("limit=1&api_key=qk"));
        // Optional security (`{}`) with nothing set: nothing sent, no error.
        let request = sent(&only_query, &[&["token"], &[]]);
        assert_eq!(request.url().query(), Some("limit=1"));
    }

    #[test]
    fn credentials_are_checked_without_being_quoted() {
        let message = |builder: ClientBuilder| match builder.build::<()>() {
            Err(Error::Config(message)) => message,
            other => panic!("expected Error::Config, got {other:?}"),
        };
        let shown = message(ClientBuilder::new(&API).credential("token", "se\ncret"));
        assert!(
            shown.contains("the token") && !shown.contains("se\ncret"),
            "{shown}"
        );
        let shown = message(ClientBuilder::new(&API).credential("cookie_key", "a;b"));
        assert!(shown.contains("the cookie key"), "{shown}");
        let shown = message(ClientBuilder::new(&API).credential("token", ""));
        assert!(shown.contains("empty"), "{shown}");
        let shown = message(ClientBuilder::new(&API).credential("nope", "x"));
        assert!(shown.contains("`nope`"), "{shown}");
        let client = every_credential();
        let shown = format!("{client:?}");
        for secret in ["t0k", "pw", "hk", "qk", "ck"] {
            assert!(!shown.contains(secret), "{shown}");
        }
    }

    #[test]
    fn the_environment_sets_credentials_base_url_and_named_headers() {
        let vars = |name: &str| match name {
            "TEST_TOKEN" => Ok("t0k".to_owned()),
            "TEST_LOGIN" => Ok("ann:pw".to_owned()),
            "TEST_BASE_URL" => Ok("http://127.0.0.1:9/v2/".to_owned()),
            "TEST_PROJECT" => Ok("p1".to_owned()),
            _ => Err(VarError::NotPresent),
        };
        let client = ClientBuilder::from_lookup::<()>(&API, vars)
            .expect("a builder")
            .build::<()>()
            .expect("a client");
        assert_eq!(client.base_url(), "http://127.0.0.1:9/v2");
        assert_eq!(client.setting("x-project"), Some("p1"));
        assert!(client.has_credential("token") && client.has_credential("login"));
        let request = sent(&client, &[&["login"]]);
        assert_eq!(header(&request, "authorization"), Some("Basic YW5uOnB3"));
        assert_eq!(header(&request, "x-project"), Some("p1"));

        let not_unicode = |name: &str| match name {
            "TEST_PROJECT" => Err(VarError::NotUnicode("\u{FFFD}".into())),
            _ => Err(VarError::NotPresent),
        };
        match ClientBuilder::from_lookup::<()>(&API, not_unicode) {
            Err(Error::Config(message)) => assert!(message.contains("TEST_PROJECT")),
            other => panic!("expected Error::Config, got {other:?}"),
        }
    }

    #[test]
    fn the_base_url_is_checked_and_defaults_to_the_api_s() {
        let build = |url: &str| ClientBuilder::new(&API).base_url(url).build::<()>();
        assert_eq!(
            ClientBuilder::new(&API)
                .build::<()>()
                .expect("the default")
                .base_url(),
            "https://api.example.com/v1"
        );
        assert_eq!(
            build("HTTP://Example.COM:80/v1//")
                .expect("a URL")
                .base_url(),
            "http://example.com/v1"
        );
        for (url, why) in [
            ("api.example.com/v1", "absolute URL"),
            ("ftp://example.com", "http or https"),
            ("https://example.com/v1?x=1", "query"),
            ("https://user:hunter2@example.com/v1", "credentials"),
        ] {
            match build(url) {
                Err(Error::Config(message)) => {
                    assert!(message.contains(why), "{url}: {message}");
                    assert!(!message.contains("hunter2"), "{message}");
                }
                other => panic!("{url}: expected Error::Config, got {other:?}"),
            }
        }
        match base_url_or(None, None, Some("TEST_BASE_URL")).map_err(Error::<()>::from) {
            Err(Error::Config(message)) => assert!(message.contains("TEST_BASE_URL"), "{message}"),
            other => panic!("expected Error::Config, got {other:?}"),
        }
    }

    #[test]
    fn client_is_cheap_to_share() {
        fn assert_traits<T: Clone + Send + Sync + 'static>() {}
        assert_traits::<Client>();
        assert_eq!(
            std::mem::size_of::<Client>(),
            2 * std::mem::size_of::<usize>()
        );
    }
}
