//! The model the emitter prints: every type and operation with its Rust name and every type
//! decision made. Lowering builds it; nothing here refers back to the description.

/// Documentation carried to rustdoc.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Docs {
    /// The description, as Markdown.
    pub text: Option<String>,
    /// Facts the types cannot hold (limits, defaults, formats), one line each.
    pub notes: Vec<String>,
    /// `deprecated: true` in the description.
    pub deprecated: bool,
}

/// A Rust type expression.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ty {
    /// A generated type; `boxed` where the reference closes a cycle.
    Named {
        name: String,
        boxed: bool,
    },
    String,
    Bool,
    I32,
    I64,
    F64,
    Vec(Box<Ty>),
    /// `BTreeMap<String, T>`.
    Map(Box<Ty>),
    /// `serde_json::Map<String, serde_json::Value>`: a free-form object.
    JsonObject,
    /// `serde_json::Value`: any JSON.
    Json,
    /// `bytes::Bytes`: a binary body.
    Bytes,
    /// `crate::File`: a file to upload (`format: binary` in a form).
    File,
    /// `()`: a value that can only be `null` (`type: 'null'`, `enum: [null]`). An optional
    /// field of this type is `Some(())` when the object has it (as `null`), `None` when not.
    Unit,
}

/// Whether every value of `ty` is one JSON scalar (string, number or boolean), so that it can
/// be written as text into a path, a query or a header: the plain types, string enums,
/// aliases of these, and unions whose members are all such (their `Display` writes the value).
/// `kind_of` finds a generated type by name.
pub fn is_scalar<'a>(ty: &Ty, kind_of: &dyn Fn(&str) -> Option<&'a TypeKind>) -> bool {
    scalar_within(ty, kind_of, 0)
}

fn scalar_within<'a>(
    ty: &Ty,
    kind_of: &dyn Fn(&str) -> Option<&'a TypeKind>,
    depth: usize,
) -> bool {
    // Scalar types do not nest deeply; the bound keeps a cycle of unions from looping.
    if depth > 16 {
        return false;
    }
    match ty {
        Ty::String | Ty::Bool | Ty::I32 | Ty::I64 | Ty::F64 => true,
        Ty::Named { name, .. } => match kind_of(name) {
            Some(TypeKind::Enum(_)) => true,
            Some(TypeKind::Alias(target)) => scalar_within(target, kind_of, depth + 1),
            Some(TypeKind::Union(u)) => u.variants.iter().all(|v| match &v.kind {
                UnionVariantKind::Literal(_) => true,
                UnionVariantKind::Shape { ty, .. } => scalar_within(ty, kind_of, depth + 1),
                UnionVariantKind::Tagged { .. } => false,
            }),
            _ => false,
        },
        _ => false,
    }
}

impl Ty {
    /// A reference to a generated type.
    pub fn named(name: &str) -> Ty {
        Ty::Named {
            name: name.to_owned(),
            boxed: false,
        }
    }
}

/// A generated type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub name: String,
    /// Where it comes from in the description.
    pub pointer: String,
    pub docs: Docs,
    pub kind: TypeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct(Struct),
    Enum(StringEnum),
    Union(Union),
    /// A union of `{event: <one value>, data}` objects: the events of a server-sent stream.
    Events(Events),
    /// `pub type Name = Ty;`
    Alias(Ty),
    /// `pub struct Name(pub Ty);`, serialized as the `Ty` it holds: an alias that would
    /// name itself (`A = Vec<A>`, or `A = Vec<B>`, `B = Map<A>`), which Rust refuses.
    Newtype(Ty),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// One-value (constant) fields first, then the others; each group sorted by wire name.
    pub fields: Vec<Field>,
    /// Constructor arguments: indices into `fields`, in the order of `required`.
    pub required: Vec<usize>,
    /// Value type of the map that keeps properties the description does not name.
    pub extra: Ty,
    /// Rust name of that map's field.
    pub extra_name: String,
    /// `additionalProperties: false`: properties the description does not name are refused
    /// in requests.
    pub closed: bool,
    /// Sets of properties of which exactly one (or at least one) must be set (`oneOf`/`anyOf`
    /// of members that only list `required` names), checked in requests; each rule holds.
    pub required_sets: Vec<RequiredSets>,
}

/// Which sets of properties must be set: each set by wire name.
#[derive(Debug, Clone, PartialEq)]
pub struct RequiredSets {
    /// `oneOf`: exactly one set; `anyOf`: at least one.
    pub exactly_one: bool,
    pub sets: Vec<Vec<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// `T`, always sent.
    Required,
    /// `Option<T>`, sent as `null` when `None`.
    RequiredNullable,
    /// `Option<T>`, left out when `None`.
    Optional,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub wire: String,
    pub ty: Ty,
    pub presence: Presence,
    pub docs: Docs,
    /// A one-value enum: the type fills it in itself (`Default`), the user never types it.
    pub constant: bool,
    /// For a required field: the description's `default`, used when a response leaves it out.
    pub default: Option<Literal>,
    /// Rules of the description the type cannot hold, checked before a request is sent.
    pub checks: Vec<Check>,
}

/// A rule of the description that the Rust type does not enforce.
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    /// A number's bounds (value, exclusive).
    Range {
        min: Option<(f64, bool)>,
        max: Option<(f64, bool)>,
    },
    /// A list's length.
    Items {
        min: Option<usize>,
        max: Option<usize>,
    },
    /// A string's length in characters.
    Length {
        min: Option<usize>,
        max: Option<usize>,
    },
    /// A string's pattern.
    Pattern(String),
}

/// A scalar value written in the description (a `default`).
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
}

/// A string enum; unknown values are kept in the `other` variant and sent back unchanged.
#[derive(Debug, Clone, PartialEq)]
pub struct StringEnum {
    pub variants: Vec<Variant>,
    pub other: String,
    /// Index of the variant that is the default (one-value enums, or a `default` in the description).
    pub default: Option<usize>,
}

impl StringEnum {
    /// The value of a one-value enum (a tag, `type: function`), which is a constant rather
    /// than a choice: generated as the runtime's `Tag`.
    pub fn tag(&self) -> Option<&str> {
        match &self.variants[..] {
            [only] => Some(&only.wire),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub name: String,
    pub wire: String,
}

/// `oneOf`/`anyOf`: decoded by JSON shape, then by tag; anything else kept in `Unknown`.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// The property whose value selects an object member.
    pub tag: Option<String>,
    pub variants: Vec<UnionVariant>,
    /// Name of the variant that keeps what no member matches.
    pub unknown: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    pub name: String,
    pub docs: Docs,
    pub kind: UnionVariantKind,
    /// Rules of the member's schema (an array's item count, a string's length…).
    pub checks: Vec<Check>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum UnionVariantKind {
    /// A unit variant sent as this string.
    Literal(String),
    /// An object selected by the union's tag having one of these values.
    Tagged { values: Vec<String>, ty: Ty },
    /// The member for these JSON shapes (several members of one shape are tried in order).
    Shape { shapes: Vec<Shape>, ty: Ty },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Shape {
    String,
    Integer,
    Number,
    Bool,
    Array,
    Object,
}

/// Server-sent events: one variant per event name, holding the event's typed data.
#[derive(Debug, Clone, PartialEq)]
pub struct Events {
    /// The property naming the event (`event`).
    pub tag: String,
    pub variants: Vec<EventVariant>,
    /// The variant that keeps an event this client does not know, as `{ event, data }`.
    pub unknown: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EventVariant {
    pub name: String,
    /// The event's name on the wire (`thread.run.created`).
    pub event: String,
    pub data: EventData,
    pub docs: Docs,
}

#[derive(Debug, Clone, PartialEq)]
pub enum EventData {
    /// JSON data of this type.
    Json(Ty),
    /// Data that is always this text (`[DONE]`): a unit variant.
    Literal(String),
}

/// One HTTP operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    pub id: String,
    pub fn_name: String,
    /// Upper case (`POST`).
    pub method: String,
    /// Path template (`/threads/{thread_id}/runs`).
    pub path: String,
    /// The path template as literal text and placeholders; every placeholder names one of
    /// `path_params`.
    pub path_parts: Vec<PathPart>,
    /// In the order their placeholders first appear in the template.
    pub path_params: Vec<Param>,
    pub query_params: Vec<Param>,
    /// Headers with a single allowed value: sent by the client itself.
    pub fixed_headers: Vec<(String, String)>,
    /// Header parameters the caller gives.
    pub header_params: Vec<Param>,
    /// Query pairs written into the path template (`/responses?beta=true`).
    pub fixed_query: Vec<(String, String)>,
    /// How the success body is read.
    pub response_kind: BodyKind,
    /// How the events of a streamed success response are decoded.
    pub stream_kind: StreamKind,
    pub body: Option<Ty>,
    /// How the request body is encoded.
    pub body_kind: RequestBodyKind,
    /// When the body's object is closed (`additionalProperties: false`): its property names.
    pub body_closed: Option<Vec<String>>,
    /// The JSON body of the success response, `None` when it has none.
    pub response: Option<Ty>,
    /// Answered by `101 Switching Protocols`: the method opens a WebSocket and returns the
    /// switched connection.
    pub upgrade: bool,
    /// The event type of a `text/event-stream` success response, when one is offered.
    pub stream_event: Option<Ty>,
    /// The request body's boolean `stream` field, which the streaming method sets itself.
    pub stream_flag: Option<(String, Presence)>,
    /// The security requirements: alternatives, each a set of scheme names; empty when the
    /// operation needs none.
    pub security: Vec<Vec<String>>,
    pub docs: Docs,
}

/// One piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    /// Text written as it is.
    Literal(String),
    /// `{name}`: the value of the path parameter with this wire name, as one encoded segment.
    Param(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub name: String,
    pub wire: String,
    pub ty: Ty,
    pub required: bool,
    pub docs: Docs,
    pub style: ParamStyle,
}

/// How a parameter's value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// One value, as text.
    Simple,
    /// A list: one pair per item (`explode`), or the items joined with commas.
    List { explode: bool },
    /// An object: `name[key]=value` pairs (`deep`), or `key=value` pairs.
    Object { deep: bool },
    /// Any value as its JSON text: a parameter described by `content: {application/json}`.
    Json,
}

/// How a request body is encoded.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum RequestBodyKind {
    #[default]
    Json,
    /// `multipart/form-data`: one part per field, files as file parts.
    Multipart,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// Text of this media type (`text/plain`, or a string schema: `application/sdp`).
    Text(String),
    /// Bytes of this media type.
    Binary(String),
}

/// How a success body is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BodyKind {
    #[default]
    Json,
    Text,
    Binary,
}

/// How the events of a stream are decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StreamKind {
    /// A generated event set: the event name selects the variant.
    #[default]
    Events,
    /// Each event's data is one JSON value of the stream's type.
    Data,
}

/// Everything that is generated.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Api {
    pub title: String,
    pub version: String,
    /// The base URL from the description's `servers`.
    pub base_url: BaseUrl,
    /// Sorted by name.
    pub types: Vec<TypeDef>,
    /// Sorted by function name.
    pub operations: Vec<Operation>,
    /// What the generated code leaves out (a pattern it cannot check), sorted.
    pub warnings: Vec<crate::diag::Warning>,
    /// The security schemes the operations use, in the description's order.
    pub schemes: Vec<SecurityScheme>,
    /// The Rust type of the error responses' body, when every operation that declares one
    /// declares the same named type.
    pub error_body: Option<String>,
    /// What the description cannot say about the client (from `codegen.yaml`).
    pub client: ClientSettings,
}

/// A security scheme (`components.securitySchemes`) and the builder method that sets its
/// credential.
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityScheme {
    /// Its name in the description.
    pub name: String,
    pub kind: SchemeKind,
    /// The builder method (and the client's `new` argument, when it is the only scheme).
    pub method: String,
    /// The environment variable `from_env` reads it from.
    pub variable: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeKind {
    Bearer,
    Basic,
    /// An API key: where (`header`, `query`, `cookie`) and its name there.
    ApiKey {
        location: String,
        name: String,
    },
}

/// What the description cannot say about the client, from `codegen.yaml`'s `client:` section.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientSettings {
    /// The variable `from_env` reads a base URL from.
    pub base_url_variable: Option<String>,
    /// Per scheme name: the builder method and the variable of its credential.
    pub auth: Vec<AuthSetting>,
    /// Headers sent with every request when set (an organization, a project): each with a
    /// builder method, a getter, and a variable.
    pub headers: Vec<HeaderSetting>,
    /// The response header holding the request id.
    pub request_id_header: String,
    /// The property error bodies wrap their error object in (`{"error": {...}}`), when the
    /// error type is that object.
    pub error_envelope: Option<String>,
    /// A type of the client's own crate (a Rust path, `crate::ApiErrorObject`) that implements
    /// `openapi_client_runtime::ErrorBody`, used as the error body instead of the type the
    /// description's error responses declare.
    pub error_type: Option<String>,
    /// The data of the event that ends a stream whose events declare no terminal one.
    pub stream_end_data: Option<String>,
    /// The boolean request-body property that asks for a streamed answer: the streaming
    /// method sets it to `true` itself.
    pub stream_flag: Option<String>,
}

impl Default for ClientSettings {
    fn default() -> Self {
        Self {
            base_url_variable: None,
            auth: Vec::new(),
            headers: Vec::new(),
            request_id_header: "x-request-id".to_owned(),
            error_envelope: None,
            error_type: None,
            stream_end_data: Some("[DONE]".to_owned()),
            stream_flag: Some("stream".to_owned()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct AuthSetting {
    pub scheme: String,
    pub method: Option<String>,
    pub variable: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct HeaderSetting {
    /// The header's name.
    pub name: String,
    /// The builder method and the client's getter.
    pub method: String,
    pub variable: Option<String>,
    /// One line for the docs of the method.
    pub description: Option<String>,
}

/// The base URL the client defaults to, and the variables of the server URL it came from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BaseUrl {
    /// The first absolute server URL with every variable at its default, without a trailing
    /// `/`; `None` when the description names no absolute server URL.
    pub default: Option<String>,
    /// Why there is no default, one sentence for the docs (`None` when there is one).
    pub why_none: Option<String>,
    /// The URL template of the server `default` came from, in pieces.
    pub template: Vec<UrlPiece>,
    /// That server's variables, in the order the description declares them (empty: no
    /// variables type is generated).
    pub variables: Vec<ServerVariable>,
    /// The Rust name of the type that sets the variables.
    pub variables_type: String,
}

/// A piece of a server URL template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlPiece {
    Text(String),
    /// `{name}`: the index of the variable in [`BaseUrl::variables`].
    Variable(usize),
}

/// One variable of a server URL (`{scheme}`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ServerVariable {
    /// The name in the description.
    pub name: String,
    /// The Rust name of its field and setter.
    pub field: String,
    pub default: String,
    /// The values it may take; empty when any value is allowed.
    pub values: Vec<String>,
    pub description: Option<String>,
}
