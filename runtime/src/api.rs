//! What a generated client tells the runtime about its API, once, as a `static`: the default
//! base URL, the security schemes, the environment variables `from_env` reads, the header
//! carrying a response's request id, the user agent.

/// An API, as its description (and the generator's settings) give it.
#[derive(Debug)]
pub struct Api {
    /// The description's title, for `Debug` output.
    pub title: &'static str,
    /// The absolute URL of the description's first server with every variable at its
    /// default; `None` when it names none (a client then needs a base URL set).
    pub base_url: Option<&'static str>,
    /// The security schemes operations may ask for.
    pub schemes: &'static [Scheme],
    /// When every operation needs credentials: the message of the configuration error a
    /// client built without any gets (naming the builder methods and variables that set them).
    pub credentials_required: Option<&'static str>,
    /// The environment variables `from_env` reads.
    pub env: Env,
    /// The response header holding the request id (`x-request-id` by default).
    pub request_id_header: &'static str,
    /// The `User-Agent` sent with every request.
    pub user_agent: &'static str,
    /// Makes the `tracing` span of one request from its operation id, method and path; the
    /// generated client names it after its crate (`<crate>.request`), with the fields
    /// `operation`, `method`, `path`, `attempt`, `status` and `request_id`.
    pub request_span: fn(&'static str, &reqwest::Method, &str) -> tracing::Span,
}

impl Api {
    /// The scheme named `name`.
    pub fn scheme(&self, name: &str) -> Option<&Scheme> {
        self.schemes.iter().find(|scheme| scheme.name == name)
    }
}

/// A security scheme of the description (`components.securitySchemes`).
#[derive(Debug)]
pub struct Scheme {
    /// Its name in the description.
    pub name: &'static str,
    /// What its credential is called in messages ("the API key"); never its value.
    pub what: &'static str,
    /// How its credential is sent.
    pub kind: SchemeKind,
}

/// How a scheme's credential is sent.
#[derive(Debug)]
pub enum SchemeKind {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `Authorization: Basic <base64 of user:password>`.
    Basic,
    /// An API key in a header, a query parameter or a cookie of this name.
    ApiKey {
        /// Where it goes.
        location: Location,
        /// The header, parameter or cookie name.
        name: &'static str,
    },
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// The environment variables a client's `from_env` reads; all empty when the generator's
/// settings name none.
#[derive(Debug)]
pub struct Env {
    /// The variable holding a base URL that replaces the default.
    pub base_url: Option<&'static str>,
    /// `(scheme, variable)`: the variable holding a scheme's credential (for HTTP basic,
    /// `user:password`).
    pub credentials: &'static [(&'static str, &'static str)],
    /// `(header, variable)`: the variable holding a named header's value.
    pub headers: &'static [(&'static str, &'static str)],
}

impl Env {
    /// No variables.
    pub const NONE: Env = Env {
        base_url: None,
        credentials: &[],
        headers: &[],
    };
}
