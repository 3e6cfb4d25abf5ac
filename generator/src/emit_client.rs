//! The API's client, in `mod.rs`: `Client` and `ClientBuilder` around the runtime's client
//! core, with one builder method per security scheme and per named header, `from_env` when
//! the settings name variables, the `Error` of the API's error body, and the blocking client.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::ident;
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

pub(crate) fn emit_client(api: &Api) -> TokenStream {
    let settings = &api.client;
    // A type of the crate's own named by the settings (a path from the crate's root, the same
    // from every module), else the one the description declares, else JSON.
    let own_type = settings.error_type.as_deref().map(|path| {
        syn::parse_str::<syn::Path>(path).expect("checked when the settings were read")
    });
    let declared = api.error_body.as_deref().filter(|_| own_type.is_none());
    let error_body = match (&own_type, declared) {
        (Some(path), _) => quote! { #path },
        (None, Some(name)) => {
            let name = ident(name);
            quote! { types::#name }
        }
        (None, None) => quote! { serde_json::Value },
    };
    let error_body_impl = declared.map(|name| {
        let name = ident(name);
        let envelope = match &settings.error_envelope {
            Some(field) => quote! { Some(#field) },
            None => quote! { None },
        };
        quote! {
            impl openapi_client_runtime::ErrorBody for types::#name {
                fn from_body(body: &[u8]) -> Option<Self> {
                    openapi_client_runtime::decode_error_body(body, #envelope)
                }
            }
        }
    });
    let error_doc = match (&settings.error_type, declared) {
        (Some(path), _) => format!(
            " Why an operation failed; [`Error::api_error`](openapi_client_runtime::Error::api_error) gives the API's error as a [`{path}`]."
        ),
        (None, Some(name)) => format!(
            " Why an operation failed; [`Error::api_error`](openapi_client_runtime::Error::api_error) gives the API's error as a [`types::{name}`]."
        ),
        (None, None) => " Why an operation failed; the description declares no error body, so [`Error::api_error`](openapi_client_runtime::Error::api_error) gives it as JSON.".to_owned(),
    };

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

    let scheme_entries = schemes.iter().map(|(_, s)| {
        let name = &s.name;
        let what = format!("the `{}` credential", s.name);
        let kind = match &s.kind {
            SchemeKind::Bearer => quote! { openapi_client_runtime::SchemeKind::Bearer },
            SchemeKind::Basic => quote! { openapi_client_runtime::SchemeKind::Basic },
            SchemeKind::ApiKey { location, name } => {
                let location = match location.as_str() {
                    "query" => quote! { openapi_client_runtime::Location::Query },
                    "cookie" => quote! { openapi_client_runtime::Location::Cookie },
                    _ => quote! { openapi_client_runtime::Location::Header },
                };
                quote! { openapi_client_runtime::SchemeKind::ApiKey { location: #location, name: #name } }
            }
        };
        quote! { openapi_client_runtime::Scheme { name: #name, what: #what, kind: #kind } }
    });
    // Credentials are required when every operation needs one (no `security: []`, no `{}`).
    let required = !api.operations.is_empty()
        && !schemes.is_empty()
        && api
            .operations
            .iter()
            .all(|op| !op.security.is_empty() && op.security.iter().all(|a| !a.is_empty()));
    let credentials_required = if required {
        let ways: Vec<String> = schemes
            .iter()
            .map(|(method, s)| match &s.variable {
                Some(variable) => format!("ClientBuilder::{method} (or set {variable})"),
                None => format!("ClientBuilder::{method}"),
            })
            .collect();
        let message = format!("no credentials: call {}", ways.join(" or "));
        quote! { Some(#message) }
    } else {
        quote! { None }
    };
    let env_base_url = match &settings.base_url_variable {
        Some(v) => quote! { Some(#v) },
        None => quote! { None },
    };
    let env_credentials = schemes.iter().filter_map(|(_, s)| {
        let variable = s.variable.as_ref()?;
        let name = &s.name;
        Some(quote! { (#name, #variable) })
    });
    let env_headers = headers.iter().filter_map(|(_, h)| {
        let variable = h.variable.as_ref()?;
        let name = &h.name;
        Some(quote! { (#name, #variable) })
    });
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
    let title = &api.title;
    let request_id_header = &settings.request_id_header;

    let scheme_methods = schemes.iter().map(|(method, s)| {
        let m = ident(method);
        let name = &s.name;
        let how = match &s.kind {
            SchemeKind::Bearer => "sent as `Authorization: Bearer <token>`".to_owned(),
            SchemeKind::Basic => "HTTP basic authentication".to_owned(),
            SchemeKind::ApiKey { location, name } => format!("an API key sent as the {location} `{name}`"),
        };
        let mut doc = format!(" The credential of the security scheme `{name}`: {how}.");
        if let Some(v) = &s.variable {
            doc.push_str(&format!(" [`ClientBuilder::from_env`] reads it from `{v}`."));
        }
        let description = s
            .description
            .as_deref()
            .map(|d| format!(" {}", d.lines().next().unwrap_or_default()));
        let description = description.map(|d| quote! { #[doc = ""] #[doc = #d] });
        match s.kind {
            SchemeKind::Basic => quote! {
                #[doc = #doc]
                #description
                pub fn #m(self, username: impl Into<String>, password: impl Into<String>) -> Self {
                    Self { inner: self.inner.basic_credential(#name, username, Some(password.into())) }
                }
            },
            _ => quote! {
                #[doc = #doc]
                #description
                pub fn #m(self, credential: impl Into<String>) -> Self {
                    Self { inner: self.inner.credential(#name, credential) }
                }
            },
        }
    });
    let header_methods = headers.iter().map(|(method, h)| {
        let m = ident(method);
        let name = &h.name;
        let mut doc = format!(" The value of the `{name}` header, sent with every request.");
        if let Some(d) = &h.description {
            doc = format!(" {d} Sent as `{name}`.");
        }
        if let Some(v) = &h.variable {
            doc.push_str(&format!(
                " [`ClientBuilder::from_env`] reads it from `{v}`."
            ));
        }
        quote! {
            #[doc = #doc]
            pub fn #m(self, value: impl Into<String>) -> Self {
                Self { inner: self.inner.setting(#name, value) }
            }
        }
    });
    let header_getters = headers.iter().map(|(method, h)| {
        let m = ident(method);
        let name = &h.name;
        let doc = format!(" The value sent as `{name}`, if any.");
        quote! {
            #[doc = #doc]
            pub fn #m(&self) -> Option<&str> {
                self.inner.setting(#name)
            }
        }
    });
    // `Client::new(credential)` when there is exactly one scheme and it takes one value.
    let single = match schemes.as_slice() {
        [(method, s)] if s.kind != SchemeKind::Basic => Some(ident(method)),
        _ => None,
    };
    let new = single.as_ref().map(|method| {
        let doc = format!(
            " A client with this credential (see [`ClientBuilder::{method}`]) and the default configuration."
        );
        quote! {
            #[doc = #doc]
            ///
            /// # Errors
            ///
            /// `Error::Config` when the credential is empty or is not a valid header value;
            /// `Error::Http` when the HTTP client cannot be created.
            pub fn new(credential: impl Into<String>) -> Result<Self, Error> {
                Self::builder().#method(credential).build()
            }
        }
    });
    let from_env_doc = format!(" A client configured from the environment: {variables}. A variable set to the empty string counts as unset.");
    let from_env = has_env.then(|| {
        quote! {
            #[doc = #from_env_doc]
            ///
            /// # Errors
            ///
            /// `Error::Config` when a variable is not valid Unicode, or the configuration is
            /// invalid (see [`ClientBuilder::build`]).
            pub fn from_env() -> Result<Self, Error> {
                ClientBuilder::from_env()?.build()
            }
        }
    });
    let builder_from_env_doc = format!(" A builder holding what the environment sets: {variables} (the empty string counts as unset). Later calls override these values.");
    let builder_from_env = has_env.then(|| {
        quote! {
            #[doc = #builder_from_env_doc]
            ///
            /// # Errors
            ///
            /// `Error::Config` when a variable is set but not valid Unicode.
            pub fn from_env() -> Result<Self, Error> {
                Ok(Self { inner: openapi_client_runtime::ClientBuilder::from_env(&API)? })
            }
        }
    });
    let blocking_new = single.as_ref().map(|_| {
        quote! {
            /// A blocking client with this credential and the default configuration.
            ///
            /// # Errors
            ///
            /// As [`super::Client::new`], and `Error::Config` when the runtime cannot start.
            pub fn new(credential: impl Into<String>) -> Result<Self, super::Error> {
                Self::from_async(super::Client::new(credential)?)
            }
        }
    });
    let blocking_from_env = has_env.then(|| {
        quote! {
            /// A blocking client configured from the environment, as [`super::Client::from_env`].
            ///
            /// # Errors
            ///
            /// As [`super::Client::from_env`], and `Error::Config` when the runtime cannot start.
            pub fn from_env() -> Result<Self, super::Error> {
                Self::from_async(super::Client::from_env()?)
            }
        }
    });
    let client_doc = format!(" A client for {title}.");

    quote! {
        #error_body_impl

        #[doc = #error_doc]
        pub type Error = openapi_client_runtime::Error<#error_body>;

        /// An answer with a status outside `2xx`, with the API's error body.
        pub type ApiError = openapi_client_runtime::ApiError<#error_body>;

        /// The error body, named once for the macro below and the `blocking` module.
        type EventErrorBody = #error_body;

        // `ServerSentEvent` and `EventStream`, this crate's own (see the macro's docs).
        openapi_client_runtime::event_stream!(EventErrorBody);

        /// Options for the calls made through [`Client::with_options`]: extra headers, query
        /// parameters and body fields, a timeout, a retry budget.
        pub type RequestOptions = openapi_client_runtime::RequestOptions<#error_body>;

        pub use openapi_client_runtime::{DecodeError, ErrorKind, File, Response, StreamError};

        static API: openapi_client_runtime::Api = openapi_client_runtime::Api {
            title: #title,
            base_url: BASE_URL,
            schemes: &[#(#scheme_entries),*],
            credentials_required: #credentials_required,
            env: openapi_client_runtime::Env {
                base_url: #env_base_url,
                credentials: &[#(#env_credentials),*],
                headers: &[#(#env_headers),*],
            },
            request_id_header: #request_id_header,
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")),
            request_span,
        };

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

        #[doc = #client_doc]
        ///
        /// Cheap to clone: clones share one connection pool and one configuration. The
        /// operations are its methods.
        #[derive(Clone, Debug)]
        pub struct Client {
            inner: openapi_client_runtime::Client,
        }

        impl Client {
            #new

            #from_env

            /// A builder to configure every part of the client.
            pub fn builder() -> ClientBuilder {
                ClientBuilder { inner: openapi_client_runtime::ClientBuilder::new(&API) }
            }

            /// The base URL requests are sent below, without a trailing `/`.
            pub fn base_url(&self) -> &str {
                self.inner.base_url()
            }

            #(#header_getters)*

            /// A handle to the same client whose calls use `options` (extra headers, query or
            /// body fields, a timeout, a retry budget). Cheap: it shares the connection pool.
            pub fn with_options(&self, options: RequestOptions) -> Self {
                Self { inner: self.inner.with_options(options) }
            }

            /// The runtime's client core underneath.
            pub fn runtime(&self) -> &openapi_client_runtime::Client {
                &self.inner
            }
        }

        /// Configures a [`Client`]; [`ClientBuilder::build`] checks the configuration.
        #[derive(Clone, Debug)]
        pub struct ClientBuilder {
            inner: openapi_client_runtime::ClientBuilder,
        }

        impl ClientBuilder {
            #builder_from_env

            #(#scheme_methods)*

            #(#header_methods)*

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
        }

        /// The blocking client (feature `blocking`): the same operations for code that is not
        /// async.
        #[cfg(feature = "blocking")]
        pub mod blocking {
            /// A blocking client: cheap to clone, `Send + Sync`. Do not call it from inside an
            /// async runtime.
            #[derive(Clone, Debug)]
            pub struct Client {
                inner: super::Client,
                runtime: openapi_client_runtime::blocking::Runtime,
            }

            /// The events of a streamed answer, one by one.
            pub type EventIter<E> = openapi_client_runtime::blocking::EventIter<E, super::EventErrorBody>;

            impl Client {
                #blocking_new

                #blocking_from_env

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
            }
        }
    }
}
