//! What a description cannot say about its client comes from `codegen.yaml`'s `client:`
//! section; what it can say (security schemes, error responses) comes from the description.
//! Each setting and each rule is checked here on a small description.

mod common;

use common::{file, options};
use generator::ir::{AuthSetting, ClientSettings, HeaderSetting};
use generator::{Config, Input};

fn input(text: &str) -> Input {
    Input {
        file: "api.yaml".to_owned(),
        text: text.to_owned(),
        path: None,
    }
}

/// Text with its whitespace runs joined, so that assertions do not depend on line breaks.
fn joined(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

const API: &str = "openapi: 3.0.3
info: {title: Demo, version: '1'}
servers: [{url: 'https://demo.example/v1'}]
security: [{token: []}]
paths:
  /runs:
    post:
      operationId: createRun
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              properties:
                stream: {type: boolean}
                live: {type: boolean}
      responses:
        '200':
          description: ok
          content:
            application/json: {schema: {type: object}}
            text/event-stream: {schema: {type: object}}
        default:
          description: failed
          content:
            application/json: {schema: {$ref: '#/components/schemas/Envelope'}}
  /health:
    get:
      operationId: health
      security: []
      responses:
        '200': {description: ok}
        '500':
          description: failed
          content:
            application/json: {schema: {$ref: '#/components/schemas/Envelope'}}
  /digest:
    get:
      operationId: withDigest
      security: [{digest: []}]
      responses:
        '200': {description: ok}
components:
  securitySchemes:
    token: {type: http, scheme: bearer}
    digest: {type: http, scheme: digest}
  schemas:
    Envelope:
      type: object
      properties:
        error: {$ref: '#/components/schemas/Failure'}
    Failure:
      type: object
      properties:
        message: {type: string}
";

fn generate(client: ClientSettings, operations: &[&str]) -> generator::Generated {
    let mut opts = options(input(API), Vec::new(), operations);
    opts.client = client;
    generator::generate(&opts).unwrap_or_else(|d| panic!("does not generate:\n{d}"))
}

fn module(client: ClientSettings) -> String {
    joined(file(&generate(client, &["createRun", "health"]), "mod.rs"))
}

fn operations(client: ClientSettings) -> String {
    joined(file(
        &generate(client, &["createRun", "health"]),
        "operations.rs",
    ))
}

#[test]
fn the_settings_file_reads_the_client_section_and_locates_its_mistakes() {
    let text = "description: openapi.yaml
operations: [createRun]
client:
  base_url_variable: DEMO_URL
  auth:
    token: {method: api_key, variable: DEMO_KEY}
  headers:
    - {name: Demo-Project, method: project, variable: DEMO_PROJECT}
  request_id_header: x-demo-id
  error_envelope: error
  error_type: crate::DemoError
  stream_end_data: null
  stream_flag: live
";
    let config = Config::parse("codegen.yaml", text).expect("valid settings");
    let client = config.client;
    assert_eq!(client.base_url_variable.as_deref(), Some("DEMO_URL"));
    assert_eq!(
        client.auth,
        [AuthSetting {
            scheme: "token".into(),
            method: Some("api_key".into()),
            variable: Some("DEMO_KEY".into()),
        }]
    );
    assert_eq!(
        client.headers,
        [HeaderSetting {
            name: "Demo-Project".into(),
            method: "project".into(),
            variable: Some("DEMO_PROJECT".into()),
            description: None,
        }]
    );
    assert_eq!(client.request_id_header, "x-demo-id");
    assert_eq!(client.error_envelope.as_deref(), Some("error"));
    assert_eq!(client.error_type.as_deref(), Some("crate::DemoError"));
    assert_eq!(client.stream_end_data, None);
    assert_eq!(client.stream_flag.as_deref(), Some("live"));

    let text = "description: openapi.yaml
operations: [createRun]
client:
  nope: 1
  headers:
    - {name: Demo-Project}
  error_type: not a path
";
    let errors = Config::parse("codegen.yaml", text)
        .expect_err("mistakes")
        .to_string();
    assert!(
        errors.contains("codegen.yaml:4:3: #/client/nope: error: unknown setting `nope`"),
        "{errors}"
    );
    assert!(
        errors.contains("#/client/headers/0: error: a header needs a `name` and a `method`"),
        "{errors}"
    );
    assert!(
        errors.contains(
            "codegen.yaml:7:3: #/client/error_type: error: `not a path` is not a Rust type path"
        ),
        "{errors}"
    );
}

#[test]
fn without_settings_each_scheme_gets_a_method_and_there_is_no_from_env() {
    let text = module(ClientSettings::default());
    assert!(text.contains("pub fn token_auth(self, credential: impl Into<String>) -> Self"));
    assert!(
        text.contains("pub fn new(credential: impl Into<String>)"),
        "{text}"
    );
    assert!(!text.contains("fn from_env"), "{text}");
    // `health` needs no credential, so a client may be built without one.
    assert!(text.contains("credentials_required: None"), "{text}");
    // The error responses agree on `Envelope`.
    assert!(
        text.contains("pub type Error = openapi_client_runtime::Error<types::Envelope>;"),
        "{text}"
    );
    assert!(
        text.contains("openapi_client_runtime::decode_error_body(body, None)"),
        "{text}"
    );
    let ops = operations(ClientSettings::default());
    assert!(ops.contains(r#"security: &[&["token"]]"#), "{ops}");
    assert!(ops.contains("security: &[]"), "{ops}");
}

#[test]
fn settings_name_the_methods_variables_headers_and_the_error_envelope() {
    let client = ClientSettings {
        base_url_variable: Some("DEMO_URL".into()),
        auth: vec![AuthSetting {
            scheme: "token".into(),
            method: Some("api_key".into()),
            variable: Some("DEMO_KEY".into()),
        }],
        headers: vec![HeaderSetting {
            name: "Demo-Project".into(),
            method: "project".into(),
            variable: Some("DEMO_PROJECT".into()),
            description: None,
        }],
        request_id_header: "x-demo-id".into(),
        error_envelope: Some("error".into()),
        ..ClientSettings::default()
    };
    let text = module(client);
    for expected in [
        "pub fn api_key(self, credential: impl Into<String>) -> Self",
        "pub fn project(self, value: impl Into<String>) -> Self",
        "pub fn project(&self) -> Option<&str>",
        "pub fn from_env() -> Result<Self, Error>",
        r#"base_url: Some("DEMO_URL")"#,
        r#"credentials: &[("token", "DEMO_KEY")]"#,
        r#"headers: &[("Demo-Project", "DEMO_PROJECT")]"#,
        r#"request_id_header: "x-demo-id""#,
        // The error type is the object inside the envelope.
        "pub type Error = openapi_client_runtime::Error<types::Failure>;",
        r#"openapi_client_runtime::decode_error_body(body, Some("error"))"#,
    ] {
        assert!(text.contains(expected), "no {expected:?} in:\n{text}");
    }
}

#[test]
fn an_error_type_of_the_crate_replaces_the_declared_error_body() {
    let client = ClientSettings {
        error_envelope: Some("error".into()),
        error_type: Some("crate::DemoError".into()),
        ..ClientSettings::default()
    };
    let text = module(client);
    for expected in [
        "pub type Error = openapi_client_runtime::Error<crate::DemoError>;",
        "pub type ApiError = openapi_client_runtime::ApiError<crate::DemoError>;",
        "pub type RequestOptions = openapi_client_runtime::RequestOptions<crate::DemoError>;",
        "type EventErrorBody = crate::DemoError;",
        "openapi_client_runtime::event_stream!(EventErrorBody);",
    ] {
        assert!(text.contains(expected), "no {expected:?} in:\n{text}");
    }
    // The type is the crate's: the declared one gets no `ErrorBody` impl to clash with it.
    assert!(
        !text.contains("impl openapi_client_runtime::ErrorBody"),
        "{text}"
    );
}

#[test]
fn the_stream_flag_is_a_setting() {
    let ops = operations(ClientSettings::default());
    assert!(ops.contains("request.stream = Some(true);"), "{ops}");
    let ops = operations(ClientSettings {
        stream_flag: Some("live".into()),
        ..ClientSettings::default()
    });
    assert!(ops.contains("request.live = Some(true);"), "{ops}");
    assert!(!ops.contains("request.stream ="), "{ops}");
    let ops = operations(ClientSettings {
        stream_flag: None,
        ..ClientSettings::default()
    });
    assert!(!ops.contains("= Some(true);"), "{ops}");
}

#[test]
fn an_operation_needing_a_scheme_the_client_cannot_send_is_skipped_with_the_reason() {
    let mut opts = options(input(API), Vec::new(), &[]);
    opts.all_operations = true;
    let generated = generator::generate(&opts).expect("the others generate");
    assert_eq!(generated.operations, 2);
    let skipped: Vec<String> = generated
        .skipped
        .iter()
        .map(|s| format!("{}: {}", s.operation, s.reasons[0]))
        .collect();
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert!(
        skipped[0].starts_with("withDigest: api.yaml:")
            && skipped[0].contains("security scheme `digest` is not one the client can send"),
        "{skipped:?}"
    );
}

#[test]
fn oauth2_and_openid_connect_send_their_access_token_as_a_bearer_token() {
    const OAUTH: &str = r#"openapi: 3.0.3
info: {title: Tokens, version: '1'}
servers: [{url: 'https://tokens.example'}]
paths:
  /a:
    get:
      operationId: withOauth
      security: [{oauth: [read]}]
      responses:
        '200': {description: ok}
  /b:
    get:
      operationId: withOpenId
      security: [{oidc: []}]
      responses:
        '200': {description: ok}
components:
  securitySchemes:
    oauth:
      type: oauth2
      flows: {clientCredentials: {tokenUrl: 'https://tokens.example/token', scopes: {read: reads}}}
    oidc: {type: openIdConnect, openIdConnectUrl: 'https://tokens.example/.well-known/openid-configuration'}
"#;
    let mut opts = options(input(OAUTH), Vec::new(), &[]);
    opts.all_operations = true;
    let generated = generator::generate(&opts).expect("both generate");
    assert_eq!(generated.operations, 2);
    assert!(generated.skipped.is_empty(), "{:?}", generated.skipped);
    let module = file(&generated, "mod.rs");
    assert!(
        module.contains("pub fn oauth_auth(self, credential: impl Into<String>) -> Self"),
        "{module}"
    );
    assert!(
        module.contains("pub fn oidc_auth(self, credential: impl Into<String>) -> Self"),
        "{module}"
    );
    assert_eq!(
        module
            .matches("kind: openapi_client_runtime::SchemeKind::Bearer")
            .count(),
        2,
        "{module}"
    );
}
