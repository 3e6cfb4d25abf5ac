//! The API's client, in `mod.rs`: `Client` and `ClientBuilder` around the runtime's client
//! core, with one builder method per security scheme and per named header, `from_env` when
//! the settings name variables, the `Error` of the API's error body, and the blocking client.

use super::code::{close, lit, ln, open, Code};
use crate::ir::{Api, SchemeKind};
use crate::naming::snake;

/// Methods every client and builder has: a scheme or header method of the same name, or of
/// the same name as another scheme's or header's, gets `_` (the one place they are made unique).
const BUILDER_METHODS: &[&str] = &[
    "base_url",
    "http_client",
    "default_header",
    "max_retries",
    "timeout",
    "connect_timeout",
    "max_retry_wait",
    "max_response_size",
    "validate_requests",
    "build",
    "from_env",
    "runtime",
    "new",
    "builder",
    "with_options",
];

fn method_name(name: &str, taken: &mut Vec<String>) -> String {
    let mut method = snake(name);
    while BUILDER_METHODS.contains(&method.as_str()) || taken.contains(&method) {
        method.push('_');
    }
    taken.push(method.clone());
    method
}

pub(super) fn emit_client(code: &mut Code, api: &Api) {
    let settings = &api.client;
    // A type of the crate's own named by the settings (a path from the crate's root, the same
    // from every module), else the one the description declares, else JSON. (The path was
    // checked to be a Rust path when the settings were read.)
    let declared = api
        .error_body
        .as_deref()
        .filter(|_| settings.error_type.is_none());
    let error_body = match (&settings.error_type, declared) {
        (Some(path), _) => path.clone(),
        (None, Some(name)) => format!("types::{name}"),
        (None, None) => "serde_json::Value".to_owned(),
    };
    if let Some(name) = declared {
        let envelope = match &settings.error_envelope {
            Some(field) => format!("Some({})", lit(field)),
            None => "None".to_owned(),
        };
        open!(
            code,
            "impl openapi_client_runtime::ErrorBody for types::{name} {{"
        );
        open!(code, "fn from_body(body: &[u8]) -> Option<Self> {{");
        ln!(
            code,
            "openapi_client_runtime::decode_error_body(body, {envelope})"
        );
        close!(code);
        close!(code);
        ln!(code);
    }
    code.doc(&match (&settings.error_type, declared) {
        (Some(path), _) => format!(
            "Why an operation failed; [`Error::api_error`](openapi_client_runtime::Error::api_error) gives the API's error as a [`{path}`]."
        ),
        (None, Some(name)) => format!(
            "Why an operation failed; [`Error::api_error`](openapi_client_runtime::Error::api_error) gives the API's error as a [`types::{name}`]."
        ),
        (None, None) => "Why an operation failed; the description declares no error body, so [`Error::api_error`](openapi_client_runtime::Error::api_error) gives it as JSON.".to_owned(),
    });
    ln!(
        code,
        "pub type Error = openapi_client_runtime::Error<{error_body}>;"
    );
    ln!(code);
    code.doc("An answer with a status outside `2xx`, with the API's error body.");
    ln!(
        code,
        "pub type ApiError = openapi_client_runtime::ApiError<{error_body}>;"
    );
    ln!(code);
    code.doc("The error body, named once for the macro below and the `blocking` module.");
    ln!(code, "type EventErrorBody = {error_body};");
    ln!(code);
    code.block(
        "
        // `ServerSentEvent` and `EventStream`, this crate's own (see the macro's docs).
        openapi_client_runtime::event_stream!(EventErrorBody);

        /// Options for the calls made through [`Client::with_options`]: extra headers, query
        /// parameters and body fields, a timeout, a retry budget.
        ",
    );
    ln!(
        code,
        "pub type RequestOptions = openapi_client_runtime::RequestOptions<{error_body}>;"
    );
    ln!(code);
    ln!(
        code,
        "pub use openapi_client_runtime::{{DecodeError, ErrorKind, File, Response, StreamError}};"
    );
    ln!(code);

    let mut taken: Vec<String> = Vec::new();
    let schemes: Vec<(String, &crate::ir::SecurityScheme)> = api
        .schemes
        .iter()
        .map(|s| (method_name(&s.method, &mut taken), s))
        .collect();
    let headers: Vec<(String, &crate::ir::HeaderSetting)> = settings
        .headers
        .iter()
        .map(|h| (method_name(&h.method, &mut taken), h))
        .collect();
    let has_env = settings.base_url_variable.is_some()
        || schemes.iter().any(|(_, s)| s.variable.is_some())
        || headers.iter().any(|(_, h)| h.variable.is_some());
    let mut variables: Vec<String> = Vec::new();
    variables.extend(
        schemes
            .iter()
            .filter_map(|(_, s)| s.variable.as_ref().map(|v| format!("`{v}`"))),
    );
    variables.extend(settings.base_url_variable.iter().map(|v| format!("`{v}`")));
    variables.extend(
        headers
            .iter()
            .filter_map(|(_, h)| h.variable.as_ref().map(|v| format!("`{v}`"))),
    );
    let variables = variables.join(", ");

    emit_api(code, api, &schemes, &headers);
    ln!(code);
    code.block(
        r#"
        /// The span of one request, named after this crate.
        fn request_span(
            operation: &'static str,
            method: &openapi_client_runtime::reqwest::Method,
            path: &str,
        ) -> openapi_client_runtime::tracing::Span {
            openapi_client_runtime::tracing::info_span!(
                concat!(env!("CARGO_CRATE_NAME"), ".request"),
                operation,
                method = %method,
                path = %path,
                attempt = openapi_client_runtime::tracing::field::Empty,
                status = openapi_client_runtime::tracing::field::Empty,
                request_id = openapi_client_runtime::tracing::field::Empty,
            )
        }
        "#,
    );
    ln!(code);

    // `Client::new(credential)` when there is exactly one scheme and it takes one value.
    let single = match schemes.as_slice() {
        [(method, s)] if s.kind != SchemeKind::Basic => Some(method),
        _ => None,
    };
    code.doc(&format!("A client for {}.", api.title));
    code.block(
        "
        ///
        /// Cheap to clone: clones share one connection pool and one configuration. The
        /// operations are its methods.
        #[derive(Clone, Debug)]
        pub struct Client {
            inner: openapi_client_runtime::Client,
        }
        ",
    );
    ln!(code);
    open!(code, "impl Client {{");
    if let Some(method) = single {
        code.doc(&format!(
            "A client with this credential (see [`ClientBuilder::{method}`]) and the default configuration."
        ));
        code.block(
            "
            ///
            /// # Errors
            ///
            /// `Error::Config` when the credential is empty or is not a valid header value;
            /// `Error::Http` when the HTTP client cannot be created.
            ",
        );
        open!(
            code,
            "pub fn new(credential: impl Into<String>) -> Result<Self, Error> {{"
        );
        ln!(code, "Self::builder().{method}(credential).build()");
        close!(code);
        ln!(code);
    }
    if has_env {
        code.doc(&format!(
            "A client configured from the environment: {variables}. A variable set to the empty string counts as unset."
        ));
        code.block(
            "
            ///
            /// # Errors
            ///
            /// `Error::Config` when a variable is not valid Unicode, or the configuration is
            /// invalid (see [`ClientBuilder::build`]).
            pub fn from_env() -> Result<Self, Error> {
                ClientBuilder::from_env()?.build()
            }
            ",
        );
        ln!(code);
    }
    code.block(
        "
        /// A builder to configure every part of the client.
        pub fn builder() -> ClientBuilder {
            ClientBuilder { inner: openapi_client_runtime::ClientBuilder::new(&API) }
        }

        /// The base URL requests are sent below, without a trailing `/`.
        pub fn base_url(&self) -> &str {
            self.inner.base_url()
        }
        ",
    );
    for (method, h) in &headers {
        ln!(code);
        code.doc(&format!("The value sent as `{}`, if any.", h.name));
        open!(code, "pub fn {method}(&self) -> Option<&str> {{");
        ln!(code, "self.inner.setting({})", lit(&h.name));
        close!(code);
    }
    ln!(code);
    code.block(
        "
        /// A handle to the same client whose calls use `options` (extra headers, query or
        /// body fields, a timeout, a retry budget). Cheap: it shares the connection pool.
        pub fn with_options(&self, options: RequestOptions) -> Self {
            Self { inner: self.inner.with_options(options) }
        }

        /// The runtime's client core underneath.
        pub fn runtime(&self) -> &openapi_client_runtime::Client {
            &self.inner
        }
        ",
    );
    close!(code);
    ln!(code);

    code.block(
        "
        /// Configures a [`Client`]; [`ClientBuilder::build`] checks the configuration.
        #[derive(Clone, Debug)]
        pub struct ClientBuilder {
            inner: openapi_client_runtime::ClientBuilder,
        }
        ",
    );
    ln!(code);
    open!(code, "impl ClientBuilder {{");
    if has_env {
        code.doc(&format!(
            "A builder holding what the environment sets: {variables} (the empty string counts as unset). Later calls override these values."
        ));
        code.block(
            "
            ///
            /// # Errors
            ///
            /// `Error::Config` when a variable is set but not valid Unicode.
            pub fn from_env() -> Result<Self, Error> {
                Ok(Self { inner: openapi_client_runtime::ClientBuilder::from_env(&API)? })
            }
            ",
        );
        ln!(code);
    }
    for (method, s) in &schemes {
        let how = match &s.kind {
            SchemeKind::Bearer => "sent as `Authorization: Bearer <token>`".to_owned(),
            SchemeKind::Basic => "HTTP basic authentication".to_owned(),
            SchemeKind::ApiKey { location, name } => {
                format!("an API key sent as the {location} `{name}`")
            }
        };
        let mut doc = format!("The credential of the security scheme `{}`: {how}.", s.name);
        if let Some(v) = &s.variable {
            doc.push_str(&format!(
                " [`ClientBuilder::from_env`] reads it from `{v}`."
            ));
        }
        code.doc(&doc);
        if let Some(d) = &s.description {
            code.doc("");
            code.doc(d.lines().next().unwrap_or_default());
        }
        let name = lit(&s.name);
        match s.kind {
            SchemeKind::Basic => {
                open!(code, "pub fn {method}(self, username: impl Into<String>, password: impl Into<String>) -> Self {{");
                ln!(code, "Self {{ inner: self.inner.basic_credential({name}, username, Some(password.into())) }}");
            }
            _ => {
                open!(
                    code,
                    "pub fn {method}(self, credential: impl Into<String>) -> Self {{"
                );
                ln!(
                    code,
                    "Self {{ inner: self.inner.credential({name}, credential) }}"
                );
            }
        }
        close!(code);
        ln!(code);
    }
    for (method, h) in &headers {
        let mut doc = match &h.description {
            Some(d) => format!("{d} Sent as `{}`.", h.name),
            None => format!(
                "The value of the `{}` header, sent with every request.",
                h.name
            ),
        };
        if let Some(v) = &h.variable {
            doc.push_str(&format!(
                " [`ClientBuilder::from_env`] reads it from `{v}`."
            ));
        }
        code.doc(&doc);
        open!(
            code,
            "pub fn {method}(self, value: impl Into<String>) -> Self {{"
        );
        ln!(
            code,
            "Self {{ inner: self.inner.setting({}, value) }}",
            lit(&h.name)
        );
        close!(code);
        ln!(code);
    }
    code.block(
        "
        /// The URL requests are sent below (default: the description's server, [`BASE_URL`]),
        /// or a proxy's. A trailing `/` is ignored.
        pub fn base_url(self, base_url: impl Into<String>) -> Self {
            Self { inner: self.inner.base_url(base_url) }
        }

        /// The HTTP client to send requests with, to set proxies, timeouts or TLS yourself.
        pub fn http_client(self, http_client: openapi_client_runtime::reqwest::Client) -> Self {
            Self { inner: self.inner.http_client(http_client) }
        }

        /// A header to send with every request, overriding one the client would send.
        pub fn default_header(self, name: impl Into<String>, value: impl Into<String>) -> Self {
            Self { inner: self.inner.default_header(name, value) }
        }

        /// How many times a failed attempt is retried (default 2; 0 turns retries off).
        pub fn max_retries(self, max_retries: u32) -> Self {
            Self { inner: self.inner.max_retries(max_retries) }
        }

        /// The longest one attempt may take, response body included (default 600 s).
        pub fn timeout(self, timeout: std::time::Duration) -> Self {
            Self { inner: self.inner.timeout(timeout) }
        }

        /// The longest the client waits to connect (default 5 s).
        pub fn connect_timeout(self, connect_timeout: std::time::Duration) -> Self {
            Self { inner: self.inner.connect_timeout(connect_timeout) }
        }

        /// The longest wait before a retry that the client accepts from a server (default 60 s).
        pub fn max_retry_wait(self, max_retry_wait: std::time::Duration) -> Self {
            Self { inner: self.inner.max_retry_wait(max_retry_wait) }
        }

        /// The largest response body to read, in bytes (default 32 MiB); for a stream, the
        /// largest single event.
        pub fn max_response_size(self, bytes: usize) -> Self {
            Self { inner: self.inner.max_response_size(bytes) }
        }

        /// Whether requests are checked against the description's rules before they are
        /// sent (default `true`).
        pub fn validate_requests(self, validate: bool) -> Self {
            Self { inner: self.inner.validate_requests(validate) }
        }

        /// Checks the configuration and builds the client.
        ///
        /// # Errors
        ///
        /// `Error::Config` when the configuration is invalid (missing credentials or base
        /// URL, a value a header cannot carry); `Error::Http` when the HTTP client cannot
        /// be created.
        pub fn build(self) -> Result<Client, Error> {
            self.inner.build().map(|inner| Client { inner })
        }
        ",
    );
    close!(code);
    ln!(code);
    emit_blocking(code, single.is_some(), has_env);
}

/// `static API`: what the runtime needs to know of the API (its schemes, the variables
/// `from_env` reads, the request id header).
fn emit_api(
    code: &mut Code,
    api: &Api,
    schemes: &[(String, &crate::ir::SecurityScheme)],
    headers: &[(String, &crate::ir::HeaderSetting)],
) {
    let settings = &api.client;
    open!(
        code,
        "static API: openapi_client_runtime::Api = openapi_client_runtime::Api {{"
    );
    ln!(code, "title: {},", lit(&api.title));
    ln!(code, "base_url: BASE_URL,");
    open!(code, "schemes: &[");
    for (_, s) in schemes {
        open!(code, "openapi_client_runtime::Scheme {{");
        ln!(code, "name: {},", lit(&s.name));
        ln!(
            code,
            "what: {},",
            lit(&format!("the `{}` credential", s.name))
        );
        match &s.kind {
            SchemeKind::Bearer => ln!(code, "kind: openapi_client_runtime::SchemeKind::Bearer,"),
            SchemeKind::Basic => ln!(code, "kind: openapi_client_runtime::SchemeKind::Basic,"),
            SchemeKind::ApiKey { location, name } => {
                let location = match location.as_str() {
                    "query" => "Query",
                    "cookie" => "Cookie",
                    _ => "Header",
                };
                open!(code, "kind: openapi_client_runtime::SchemeKind::ApiKey {{");
                ln!(
                    code,
                    "location: openapi_client_runtime::Location::{location},"
                );
                ln!(code, "name: {},", lit(name));
                close!(code, "}},");
            }
        }
        close!(code, "}},");
    }
    close!(code, "],");
    // Credentials are required when every operation needs one (no `security: []`, no `{}`).
    let required = !api.operations.is_empty()
        && !schemes.is_empty()
        && api
            .operations
            .iter()
            .all(|op| !op.security.is_empty() && op.security.iter().all(|a| !a.is_empty()));
    if required {
        let ways: Vec<String> = schemes
            .iter()
            .map(|(method, s)| match &s.variable {
                Some(variable) => format!("ClientBuilder::{method} (or set {variable})"),
                None => format!("ClientBuilder::{method}"),
            })
            .collect();
        let message = format!("no credentials: call {}", ways.join(" or "));
        ln!(code, "credentials_required: Some({}),", lit(&message));
    } else {
        ln!(code, "credentials_required: None,");
    }
    open!(code, "env: openapi_client_runtime::Env {{");
    match &settings.base_url_variable {
        Some(v) => ln!(code, "base_url: Some({}),", lit(v)),
        None => ln!(code, "base_url: None,"),
    }
    let pairs = |pairs: Vec<(&String, &String)>| -> Vec<String> {
        pairs
            .into_iter()
            .map(|(name, variable)| format!("({}, {})", lit(name), lit(variable)))
            .collect()
    };
    let credentials = pairs(
        schemes
            .iter()
            .filter_map(|(_, s)| Some((&s.name, s.variable.as_ref()?)))
            .collect(),
    );
    code.list("credentials: &[", &credentials, "],");
    let env_headers = pairs(
        headers
            .iter()
            .filter_map(|(_, h)| Some((&h.name, h.variable.as_ref()?)))
            .collect(),
    );
    code.list("headers: &[", &env_headers, "],");
    close!(code, "}},");
    ln!(
        code,
        "request_id_header: {},",
        lit(&settings.request_id_header)
    );
    ln!(
        code,
        "user_agent: concat!(env!(\"CARGO_PKG_NAME\"), \"/\", env!(\"CARGO_PKG_VERSION\")),"
    );
    ln!(code, "request_span,");
    close!(code, "}};");
}

/// `blocking`: the blocking client (feature `blocking`), whose operations are in
/// `operations.rs` beside the async ones.
fn emit_blocking(code: &mut Code, single: bool, has_env: bool) {
    code.block(
        "
        /// The blocking client (feature `blocking`): the same operations for code that is not
        /// async.
        #[cfg(feature = \"blocking\")]
        ",
    );
    open!(code, "pub mod blocking {{");
    code.block(
        "
        /// A blocking client: cheap to clone, `Send + Sync`. Do not call it from inside an
        /// async runtime.
        #[derive(Clone, Debug)]
        pub struct Client {
            inner: super::Client,
            runtime: openapi_client_runtime::blocking::Runtime,
        }

        /// The events of a streamed answer, one by one.
        pub type EventIter<E> = openapi_client_runtime::blocking::EventIter<E, super::EventErrorBody>;
        ",
    );
    ln!(code);
    open!(code, "impl Client {{");
    if single {
        code.block(
            "
            /// A blocking client with this credential and the default configuration.
            ///
            /// # Errors
            ///
            /// As [`super::Client::new`], and `Error::Config` when the runtime cannot start.
            pub fn new(credential: impl Into<String>) -> Result<Self, super::Error> {
                Self::from_async(super::Client::new(credential)?)
            }
            ",
        );
        ln!(code);
    }
    if has_env {
        code.block(
            "
            /// A blocking client configured from the environment, as [`super::Client::from_env`].
            ///
            /// # Errors
            ///
            /// As [`super::Client::from_env`], and `Error::Config` when the runtime cannot start.
            pub fn from_env() -> Result<Self, super::Error> {
                Self::from_async(super::Client::from_env()?)
            }
            ",
        );
        ln!(code);
    }
    code.block(
        "
        /// A blocking client built from a builder.
        ///
        /// # Errors
        ///
        /// As [`super::ClientBuilder::build`], and `Error::Config` when the runtime
        /// cannot start.
        pub fn from_builder(builder: super::ClientBuilder) -> Result<Self, super::Error> {
            Self::from_async(builder.build()?)
        }

        /// The blocking face of an async client (sharing its connection pool).
        ///
        /// # Errors
        ///
        /// `Error::Config` when the runtime cannot start.
        pub fn from_async(inner: super::Client) -> Result<Self, super::Error> {
            Ok(Self { inner, runtime: openapi_client_runtime::blocking::Runtime::new()? })
        }

        /// A handle whose calls use `options`.
        pub fn with_options(&self, options: super::RequestOptions) -> Self {
            Self { inner: self.inner.with_options(options), runtime: self.runtime.clone() }
        }

        /// The async client underneath.
        pub fn as_async(&self) -> &super::Client {
            &self.inner
        }

        #[allow(dead_code)]
        pub(crate) fn block_on<F: std::future::Future>(&self, future: F) -> F::Output {
            self.runtime.block_on(future)
        }

        #[allow(dead_code)]
        pub(crate) fn iter<E>(&self, stream: super::EventStream<E>) -> EventIter<E> {
            self.runtime.iter(stream.into_inner())
        }
        ",
    );
    close!(code);
    close!(code);
}
