//! Turns an OpenAPI description into the source of a typed Rust API client.
//!
//! The pipeline, one module a stage: [`source`] (YAML/JSON text → tree with positions) →
//! [`overlay`] (OAI Overlay 1.0 actions) → [`normalize`] (3.1 → the 3.0 shapes `openapiv3`
//! models) → `openapiv3` → [`select`] (operations and the closure of schemas they reach) →
//! [`lower`] (→ [`ir`], every Rust name and type decided) → [`emit`] (→ formatted files).
//! [`generate`] runs it all and does no I/O: it takes texts and returns files as strings.
//! Every input problem is a located [`Diagnostic`], all of a run's problems reported together.

pub mod bundle;
pub mod diag;
pub mod emit;
pub mod ir;
pub mod lower;
pub mod naming;
pub mod normalize;
pub mod overlay;
pub mod report;
pub mod security;
pub mod select;
pub mod source;
pub mod yaml;

pub use diag::{Diagnostic, Diagnostics, Location, Warning};

use serde_json::Value;
use source::Document;

/// One input file: its name (for messages), its text, and where it is on disk.
#[derive(Debug, Clone)]
pub struct Input {
    pub file: String,
    pub text: String,
    /// The file on disk, against which `$ref`s to other files are read; `None` for text that
    /// is no file (such references are then errors).
    pub path: Option<std::path::PathBuf>,
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    /// The OpenAPI description.
    pub description: Input,
    /// Overlays applied to it, in order.
    pub overlays: Vec<Input>,
    /// The operations to generate, by operationId.
    pub operations: Vec<String>,
    /// Generate every operation the description has instead.
    pub all_operations: bool,
    /// What the description cannot say about the client (`codegen.yaml`'s `client:`).
    pub client: ir::ClientSettings,
}

/// The generated files, by path relative to the output directory, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Generated {
    pub files: Vec<(String, String)>,
    /// The description's title (`info.title`).
    pub title: String,
    /// The operations asked for: with `all_operations`, every one the description has.
    pub total: usize,
    pub operations: usize,
    pub types: usize,
    /// With `all_operations`: the operations left out, each with what stopped it.
    pub skipped: Vec<Skipped>,
    /// What the generated code leaves out, each with where it is.
    pub warnings: Vec<Warning>,
}

/// An operation left out of an `all_operations` run because something in it cannot be
/// expressed yet.
#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    pub operation: String,
    pub reasons: Vec<Diagnostic>,
}

/// Settings read from `spec/codegen.yaml`.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Path of the description, relative to the settings file.
    pub description: String,
    /// Paths of the overlays, relative to the settings file.
    pub overlays: Vec<String>,
    pub operations: Vec<String>,
    /// The `client:` section: what the description cannot say about the client.
    pub client: ir::ClientSettings,
}

impl Config {
    /// Parses the settings file.
    pub fn parse(file: &str, text: &str) -> Result<Config, Diagnostics> {
        let doc = Document::parse(file, text)?;
        let mut diags = Diagnostics::default();
        let strings = |key: &str, diags: &mut Diagnostics| -> Vec<String> {
            match doc.value.get(key) {
                None => Vec::new(),
                Some(Value::Array(items)) if items.iter().all(Value::is_string) => items
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect(),
                Some(_) => {
                    diags.push(
                        doc.locate(&format!("#/{key}")),
                        format!("`{key}` must be a list of strings"),
                    );
                    Vec::new()
                }
            }
        };
        let description = match doc.value.get("description").and_then(Value::as_str) {
            Some(d) => d.to_owned(),
            None => {
                diags.push(
                    doc.locate("#/description"),
                    "`description` (the path of the OpenAPI file) is missing",
                );
                String::new()
            }
        };
        let overlays = strings("overlays", &mut diags);
        let operations = strings("operations", &mut diags);
        if operations.is_empty() {
            diags.push(
                doc.locate("#/operations"),
                "`operations` must list at least one operationId",
            );
        }
        let client = client_settings(&doc, &mut diags);
        diags.into_result(Config {
            description,
            overlays,
            operations,
            client,
        })
    }
}

/// Reads `client:` of the settings file:
///
/// ```yaml
/// client:
///   base_url_variable: OPENAI_BASE_URL
///   auth:                      # per security scheme: builder method, variable
///     ApiKeyAuth: { method: api_key, variable: OPENAI_API_KEY }
///   headers:                   # sent with every request when set
///     - { name: OpenAI-Project, method: project, variable: OPENAI_PROJECT_ID }
///   request_id_header: x-request-id
///   error_envelope: error      # error bodies are {"error": <the error type>}
///   error_type: crate::ApiErrorObject  # a type of your own (implementing ErrorBody) instead
///   stream_end_data: "[DONE]"  # the data that ends a stream (null: none)
///   stream_flag: stream        # the boolean body property a streaming call sets (null: none)
/// ```
fn client_settings(doc: &Document, diags: &mut Diagnostics) -> ir::ClientSettings {
    let mut settings = ir::ClientSettings::default();
    let Some(client) = doc.value.get("client") else {
        return settings;
    };
    let text = |value: Option<&Value>, at: &str, diags: &mut Diagnostics| -> Option<String> {
        match value {
            None | Some(Value::Null) => None,
            Some(Value::String(text)) if !text.is_empty() => Some(text.clone()),
            Some(_) => {
                diags.push(doc.locate(at), "expected a non-empty string");
                None
            }
        }
    };
    let Some(client) = client.as_object() else {
        diags.push(doc.locate("#/client"), "`client` must be a mapping");
        return settings;
    };
    for key in client.keys() {
        if !matches!(
            key.as_str(),
            "base_url_variable"
                | "auth"
                | "headers"
                | "request_id_header"
                | "error_envelope"
                | "error_type"
                | "stream_end_data"
                | "stream_flag"
        ) {
            diags.push(
                doc.locate(&diag::pointer_join("#/client", key)),
                format!("unknown setting `{key}`"),
            );
        }
    }
    settings.base_url_variable = text(
        client.get("base_url_variable"),
        "#/client/base_url_variable",
        diags,
    );
    if let Some(header) = text(
        client.get("request_id_header"),
        "#/client/request_id_header",
        diags,
    ) {
        settings.request_id_header = header;
    }
    settings.error_envelope = text(
        client.get("error_envelope"),
        "#/client/error_envelope",
        diags,
    );
    settings.error_type =
        text(client.get("error_type"), "#/client/error_type", diags).filter(|path| {
            let valid = syn::parse_str::<syn::Path>(path).is_ok();
            if !valid {
                diags.push(
                    doc.locate("#/client/error_type"),
                    format!("`{path}` is not a Rust type path (such as `crate::ApiError`)"),
                );
            }
            valid
        });
    if client.contains_key("stream_end_data") {
        settings.stream_end_data = text(
            client.get("stream_end_data"),
            "#/client/stream_end_data",
            diags,
        );
    }
    if client.contains_key("stream_flag") {
        settings.stream_flag = text(client.get("stream_flag"), "#/client/stream_flag", diags);
    }
    match client.get("auth") {
        None => {}
        Some(Value::Object(auth)) => {
            for (scheme, entry) in auth {
                let at = diag::pointer_join("#/client/auth", scheme);
                settings.auth.push(ir::AuthSetting {
                    scheme: scheme.clone(),
                    method: text(entry.get("method"), &format!("{at}/method"), diags),
                    variable: text(entry.get("variable"), &format!("{at}/variable"), diags),
                });
            }
        }
        Some(_) => diags.push(doc.locate("#/client/auth"), "`auth` must be a mapping"),
    }
    match client.get("headers") {
        None => {}
        Some(Value::Array(headers)) => {
            for (i, entry) in headers.iter().enumerate() {
                let at = format!("#/client/headers/{i}");
                let name = text(entry.get("name"), &format!("{at}/name"), diags);
                let method = text(entry.get("method"), &format!("{at}/method"), diags);
                match (name, method) {
                    (Some(name), Some(method)) => settings.headers.push(ir::HeaderSetting {
                        name,
                        method,
                        variable: text(entry.get("variable"), &format!("{at}/variable"), diags),
                        description: text(
                            entry.get("description"),
                            &format!("{at}/description"),
                            diags,
                        ),
                    }),
                    _ => diags.push(doc.locate(&at), "a header needs a `name` and a `method`"),
                }
            }
        }
        Some(_) => diags.push(doc.locate("#/client/headers"), "`headers` must be a list"),
    }
    settings
}

/// Loads, overlays and normalizes the description, then parses it into `openapiv3`'s model.
pub fn load(options: &Options) -> Result<(Document, openapiv3::OpenAPI), Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut doc = Document::parse(&options.description.file, &options.description.text)?;
    for overlay in &options.overlays {
        match Document::parse(&overlay.file, &overlay.text) {
            Ok(o) => overlay::apply(&mut doc, &o, &mut diags),
            Err(e) => diags.extend(e),
        }
    }
    bundle::bundle(&mut doc, options.description.path.as_deref(), &mut diags);
    normalize::normalize(&mut doc, &mut diags);
    if !diags.is_empty() {
        return diags.into_result((doc, openapiv3::OpenAPI::default()));
    }
    match serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&doc.value) {
        Ok(api) => Ok((doc, api)),
        Err(e) => {
            let mut pointer = String::from("#");
            for segment in e.path().iter() {
                use serde_path_to_error::Segment;
                match segment {
                    Segment::Map { key } => pointer = diag::pointer_join(&pointer, key),
                    Segment::Seq { index } => {
                        pointer = diag::pointer_join(&pointer, &index.to_string())
                    }
                    Segment::Enum { .. } | Segment::Unknown => {}
                }
            }
            diags.push(
                doc.locate(&pointer),
                format!("not a valid OpenAPI 3 document here: {}", e.inner()),
            );
            diags.into_result((doc, openapiv3::OpenAPI::default()))
        }
    }
}

/// Runs every stage up to the model the emitter prints.
pub fn lower_api(options: &Options) -> Result<ir::Api, Diagnostics> {
    lower_api_skipping(options).map(|(api, _)| api)
}

/// Like [`lower_api`]; with `all_operations`, an operation that cannot be expressed is left
/// out (with its reasons) instead of failing the run.
pub fn lower_api_skipping(options: &Options) -> Result<(ir::Api, Vec<Skipped>), Diagnostics> {
    lower_counted(options).map(|(api, skipped, _)| (api, skipped))
}

/// Like [`lower_api_skipping`], with how many operations were asked for (with
/// `all_operations`, how many the description has).
fn lower_counted(options: &Options) -> Result<(ir::Api, Vec<Skipped>, usize), Diagnostics> {
    let (doc, api) = load(options)?;
    let mut diags = Diagnostics::default();
    let found = select::operations(&doc, &mut diags);
    let all = &found.by_id;
    let wanted: Vec<String> = if options.all_operations {
        all.keys().cloned().collect()
    } else {
        options.operations.clone()
    };
    let mut ops = select::select(&doc, all, &wanted, &mut diags);
    let total = if options.all_operations {
        found.total()
    } else {
        ops.len()
    };
    let closure = select::closure(&doc, &ops, &mut diags);
    if !diags.is_empty() {
        return diags.into_result((ir::Api::default(), Vec::new(), total));
    }
    if !options.all_operations {
        return lower::lower(&doc, &api, &ops, &closure, &options.client)
            .map(|api| (api, Vec::new(), total));
    }
    // Which component schemas each operation reaches, to tell whom an error concerns
    // (computed once, and only when something fails).
    let mut reach: Option<Vec<(select::Selected, std::collections::BTreeSet<String>)>> = None;
    let mut skipped: Vec<Skipped> = Vec::new();
    loop {
        let closure = select::closure(&doc, &ops, &mut diags);
        match lower::lower(&doc, &api, &ops, &closure, &options.client) {
            Ok(lowered) => {
                skipped.sort_by(|a, b| a.operation.cmp(&b.operation));
                return Ok((lowered, skipped, total));
            }
            Err(errors) => {
                let reach = reach.get_or_insert_with(|| {
                    ops.iter()
                        .map(|op| {
                            let mut ignored = Diagnostics::default();
                            (
                                op.clone(),
                                select::closure(&doc, std::slice::from_ref(op), &mut ignored),
                            )
                        })
                        .collect()
                });
                let mut hit = false;
                for (op, schemas) in reach.iter() {
                    if !ops.iter().any(|o| o.id == op.id) {
                        continue;
                    }
                    let item = op.pointer.rsplit_once('/').map(|(p, _)| p).unwrap_or("");
                    let reasons: Vec<Diagnostic> = errors
                        .0
                        .iter()
                        .filter(|d| {
                            let Some(pointer) = d.location.pointer.as_deref() else {
                                return false;
                            };
                            let within = |prefix: &str| {
                                pointer == prefix || pointer.starts_with(&format!("{prefix}/"))
                            };
                            within(&op.pointer)
                                || within(&format!("{item}/parameters"))
                                || schemas
                                    .iter()
                                    .any(|s| within(&diag::pointer_join("#/components/schemas", s)))
                        })
                        .cloned()
                        .collect();
                    if !reasons.is_empty() {
                        hit = true;
                        ops.retain(|o| o.id != op.id);
                        skipped.push(Skipped {
                            operation: op.id.clone(),
                            reasons,
                        });
                    }
                }
                if !hit {
                    return Err(errors);
                }
            }
        }
    }
}

/// Generates the client's files.
///
/// No operation vanishes: with `all_operations`, every operation of the description is either
/// generated or skipped with its reasons (`operations + skipped.len() == total`, checked here);
/// otherwise every requested one is generated or the run fails.
pub fn generate(options: &Options) -> Result<Generated, Diagnostics> {
    let (api, skipped, total) = lower_counted(options)?;
    if api.operations.len() + skipped.len() != total {
        let mut diags = Diagnostics::default();
        diags.push(
            diag::Location {
                file: options.description.file.clone(),
                pointer: Some("#/paths".to_owned()),
                line_col: None,
            },
            format!(
                "bug: the description has {total} operations, but {} were generated and {} skipped",
                api.operations.len(),
                skipped.len()
            ),
        );
        return Err(diags);
    }
    let files = emit::emit(&api);
    Ok(Generated {
        files,
        title: api.title.clone(),
        total,
        operations: api.operations.len(),
        types: api.types.len(),
        skipped,
        warnings: api.warnings,
    })
}
