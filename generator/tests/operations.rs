//! Operations beyond a JSON body and a JSON answer: list and object query parameters, header
//! parameters, a query written into the path, form, text and binary bodies, text and binary
//! answers, a stream of JSON data, and an operation that cannot be expressed (skipped).
//! One fixture, `tests/fixtures/operations/operations.yaml`, one snapshot of the generated
//! `operations.rs`, and `contains` assertions that state each rule in the test itself.
//!
//! That the generated code compiles and behaves is checked by hand, not by this suite (it would
//! shell out to cargo): see `tests/fixtures/operations/behaviour.rs`.
//!
//! Review a changed snapshot with `cargo insta review`, or rerun with `INSTA_UPDATE=always`
//! and read `git diff generator/tests/snapshots/`.

mod common;

use common::{file, fixture, generate_fixture, options};
use generator::ir::{BodyKind, Operation, ParamStyle, PathPart, RequestBodyKind, StreamKind, Ty};
use generator::Generated;

const FIXTURE: &str = "operations/operations.yaml";

fn generated() -> Generated {
    generate_fixture(FIXTURE)
}

fn operations_rs() -> String {
    file(&generated(), "operations.rs").to_owned()
}

/// The lowered model of every operation the fixture can express.
fn lowered() -> Vec<Operation> {
    let mut opts = options(fixture(FIXTURE), Vec::new(), &[]);
    opts.all_operations = true;
    let (api, _) = generator::lower_api_skipping(&opts)
        .unwrap_or_else(|d| panic!("{FIXTURE} does not lower:\n{d}"));
    api.operations
}

fn operation(id: &str) -> Operation {
    lowered()
        .into_iter()
        .find(|op| op.id == id)
        .unwrap_or_else(|| panic!("no operation {id}"))
}

/// Asserts that `text` contains every needle, printing the text when one is missing.
#[track_caller]
fn assert_contains(text: &str, needles: &[&str]) {
    for needle in needles {
        assert!(
            text.contains(needle),
            "expected the generated text to contain {needle:?}; it is:\n{text}"
        );
    }
}

/// The text of one generated method, from its `pub async fn` line to the next method's.
fn method<'a>(text: &'a str, name: &str) -> &'a str {
    let open = format!("pub async fn {name}(");
    let start = text
        .find(&open)
        .unwrap_or_else(|| panic!("no method {name} in:\n{text}"));
    let rest = &text[start + open.len()..];
    let end = rest.find("pub async fn ").unwrap_or(rest.len());
    &text[start..start + open.len() + end]
}

#[test]
fn snapshot_of_the_operations() {
    insta::assert_snapshot!("operations", operations_rs());
}

#[test]
fn every_generated_file_parses_as_rust() {
    for (path, text) in &generated().files {
        if let Err(e) = syn::parse_file(text) {
            panic!("{path} is not a Rust file: {e}\n{text}");
        }
    }
}

#[test]
fn path_parameters_are_percent_encoded_into_the_template() {
    let text = operations_rs();
    let m = method(&text, "list_item_parts_with_response");
    // A path parameter is a required `&str`, written in as one encoded segment.
    assert_contains(m, &["item_id: &str,"]);
    assert_contains(
        &m.split_whitespace().collect::<String>(),
        &[
            r#"format!("/items/{}",openapi_client_runtime::encode_path_segment(&item_id.to_string()),)"#,
        ],
    );
}

#[test]
fn path_parameters_are_filled_by_name_and_taken_in_template_order() {
    // Declared `[user, org]`, the template says `/orgs/{org}/users/{user}`.
    let op = operation("getOrgUser");
    let params: Vec<&str> = op.path_params.iter().map(|p| p.wire.as_str()).collect();
    assert_eq!(params, ["org", "user"]);
    // The path item declares `org` too; the operation's own replaces it.
    assert_eq!(
        op.path_params[0].docs.text.as_deref(),
        Some("The operation's org.")
    );
    assert_eq!(
        op.path_parts,
        [
            PathPart::Literal("/orgs/".into()),
            PathPart::Param("org".into()),
            PathPart::Literal("/users/".into()),
            PathPart::Param("user".into()),
        ]
    );
    let text = operations_rs();
    let m = method(&text, "get_org_user_with_response");
    assert_contains(
        m,
        &["org: &str,
        user: &str,"],
    );
    assert_contains(
        &m.split_whitespace().collect::<String>(),
        &[concat!(
            r#"format!("/orgs/{}/users/{}","#,
            r#"openapi_client_runtime::encode_path_segment(&org.to_string()),"#,
            r#"openapi_client_runtime::encode_path_segment(&user.to_string()),)"#
        )],
    );
}

#[test]
fn list_query_parameters_are_repeated_pairs_or_one_comma_joined_pair() {
    let op = operation("listItemParts");
    let styles: Vec<(&str, ParamStyle)> = op
        .query_params
        .iter()
        .map(|p| (p.wire.as_str(), p.style))
        .collect();
    assert_eq!(
        styles,
        [
            // `explode` defaults to true for a query parameter.
            ("include", ParamStyle::List { explode: true }),
            ("ids", ParamStyle::List { explode: false }),
            ("metadata", ParamStyle::Object { deep: true }),
            ("page", ParamStyle::Object { deep: false }),
        ]
    );
    let text = operations_rs();
    let m = method(&text, "list_item_parts_with_response");
    // Lists are slices; optional ones `Option<&[T]>`.
    assert_contains(m, &["include: Option<&[String]>,", "ids: Option<&[i64]>,"]);
    // Exploded: one pair an item.
    assert_contains(
        m,
        &["for item in value {\n                query.push((\"include\".into(), item.to_string()));"],
    );
    // Not exploded: the items joined with commas, one pair.
    assert_contains(
        m,
        &["query.push((\"ids\".into(), value.iter().map(ToString::to_string).collect::<Vec<_>>().join(\",\")));"],
    );
}

#[test]
fn object_query_parameters_go_through_query_object() {
    let text = operations_rs();
    let m = method(&text, "list_item_parts_with_response");
    // Objects are borrowed; `style: deepObject` writes `metadata[key]=v` (deep = true), the
    // exploded form style `key=v` (deep = false).
    assert_contains(
        m,
        &[
            "metadata: Option<&Metadata>,",
            "page: Option<&Page>,",
            r#"query.extend(openapi_client_runtime::query_object("metadata", value, true)?);"#,
            r#"query.extend(openapi_client_runtime::query_object("page", value, false)?);"#,
        ],
    );
}

#[test]
fn header_parameters_are_given_by_the_caller_unless_they_have_one_required_value() {
    let op = operation("listItemParts");
    // A required header with one allowed value is sent by the client itself.
    assert_eq!(
        op.fixed_headers,
        [("OpenAI-Beta".to_owned(), "parts=v1".to_owned())]
    );
    let headers: Vec<&str> = op.header_params.iter().map(|p| p.wire.as_str()).collect();
    assert_eq!(headers, ["X-Trace-Id"]);
    let text = operations_rs();
    let m = method(&text, "list_item_parts_with_response");
    assert_contains(
        m,
        &[
            // Optional: the caller may leave it out, and then nothing is sent.
            "x_trace_id: Option<&str>,",
            "let mut header_values: Vec<(&'static str, String)> = Vec::new();",
            "if let Some(value) = x_trace_id {\n            header_values.push((\"X-Trace-Id\".into(), value.to_string()));",
            "headers: &[(\"OpenAI-Beta\", \"parts=v1\")],",
            "header_values,\n",
        ],
    );
    // The fixed header is no argument.
    assert!(!m.contains("open_ai_beta"), "{m}");
}

#[test]
fn a_query_in_the_path_is_fixed_pairs() {
    let op = operation("createBetaResponse");
    assert_eq!(op.path, "/responses");
    assert_eq!(op.fixed_query, [("beta".to_owned(), "true".to_owned())]);
    let text = operations_rs();
    let m = method(&text, "create_beta_response_with_response");
    assert_contains(
        m,
        &[
            "query.push((\"beta\".into(), \"true\".to_owned()));",
            "path: String::from(\"/responses\"),",
            "query,\n",
        ],
    );
    assert!(!m.contains("?beta"), "{m}");
}

#[test]
fn multipart_bodies_encode_files_lists_and_values() {
    let op = operation("createUpload");
    assert_eq!(op.body_kind, RequestBodyKind::Multipart);
    let text = operations_rs();
    let m = method(&text, "create_upload_with_response");
    // Encoded once, before sending: every retry sends the same bytes and boundary.
    assert_contains(
        m,
        &[
            "request: &CreateUploadRequest,",
            "self.inner.send_json(spec, None::<&()>).await",
        ],
    );
    // The generated `MultipartBody`: the file as a file part, each list item as a part of
    // its own, optional fields only when set, and the unnamed extra properties last.
    assert_contains(
        &text,
        &[
            "impl openapi_client_runtime::MultipartBody for CreateUploadRequest {",
            "if let Some(value) = &self.chunk_size {\n            form.value(\"chunk_size\", value)?;",
            "let value = &self.file;\n            form.file(\"file\", value);",
            "let value = &self.purpose;\n            form.value(\"purpose\", value)?;",
            "if let Some(value) = &self.tags {\n            for item in value {\n                form.value(\"tags\", item)?;",
            "if let Some(value) = &self.extra {\n            form.value(\"extra\", value)?;",
            "for (name, value) in &self.extra2 {\n            form.value(name, value)?;",
        ],
    );
    // A field that cannot be encoded is an error, not a part left out.
    assert_contains(
        m,
        &["encoded_body: Some(openapi_client_runtime::multipart(request)?),"],
    );
    // `format: binary` is a `openapi_client_runtime::File`; the property `extra` keeps its name and the map of
    // unknown properties takes the next free one.
    let structs = file(&generated(), "structs.rs").to_owned();
    assert_contains(
        &structs,
        &[
            "pub file: openapi_client_runtime::File,",
            "pub extra: Option<String>,",
            "pub extra2: serde_json::Map<String, serde_json::Value>,",
        ],
    );
}

#[test]
fn urlencoded_bodies_go_through_form_urlencoded() {
    let op = operation("submitForm");
    assert_eq!(op.body_kind, RequestBodyKind::Form);
    let text = operations_rs();
    let m = method(&text, "submit_form_with_response");
    assert_contains(
        m,
        &[
            "request: &SubmitFormRequest,",
            "encoded_body: Some(openapi_client_runtime::form_urlencoded(request)?),",
        ],
    );
}

#[test]
fn a_string_schema_makes_a_body_of_another_media_type_text() {
    // `application/sdp` is no `text/*` type, but its schema says a string of no format.
    let op = operation("createSession");
    assert_eq!(
        op.body_kind,
        RequestBodyKind::Text("application/sdp".into())
    );
    assert_eq!(op.response_kind, BodyKind::Text);
    // `format: binary` keeps a body bytes.
    assert_eq!(operation("downloadFile").response_kind, BodyKind::Binary);
}

#[test]
fn text_bodies_are_str_and_text_answers_are_string() {
    let op = operation("createNote");
    assert_eq!(op.body_kind, RequestBodyKind::Text("text/plain".into()));
    assert_eq!(op.response_kind, BodyKind::Text);
    let text = operations_rs();
    let m = method(&text, "create_note_with_response");
    assert_contains(
        m,
        &[
            "request: &str,",
            "-> Result<super::Response<String>, super::Error>",
            "openapi_client_runtime::bytes::Bytes::from(request.to_owned()),",
            "self.inner.send_text(spec, None::<&()>).await",
        ],
    );
}

#[test]
fn binary_answers_are_bytes() {
    let op = operation("downloadFile");
    assert_eq!(op.response_kind, BodyKind::Binary);
    assert_eq!(op.response, Some(Ty::Bytes));
    let text = operations_rs();
    let m = method(&text, "download_file_with_response");
    assert_contains(
        m,
        &[
            "-> Result<super::Response<openapi_client_runtime::bytes::Bytes>, super::Error>",
            "self.inner.send_bytes(spec, None::<&()>).await",
        ],
    );
}

#[test]
fn a_stream_of_plain_objects_decodes_each_event_as_json_data() {
    let op = operation("streamTicks");
    // `Tick` is an object, not a set of `{event, data}` members: each event's data is a `Tick`.
    assert_eq!(op.stream_kind, StreamKind::Data);
    assert_eq!(op.stream_event, Some(Ty::named("Tick")));
    let text = operations_rs();
    let m = method(&text, "stream_ticks_stream");
    assert_contains(
        m,
        &[
            "-> Result<super::EventStream<Tick>, super::Error>",
            "self.inner.send_data_stream(spec, None::<&()>, Some(\"[DONE]\")).await.map(super::EventStream::from)",
        ],
    );
}

#[test]
fn a_path_parameter_described_by_content_is_written_as_its_json_text() {
    let op = operation("searchByPath");
    assert_eq!(op.path_params[0].style, ParamStyle::Json);
    let text = operations_rs();
    let m = method(&text, "search_by_path_with_response");
    assert_contains(m, &["filter: &Filter,"]);
    assert_contains(
        &m.split_whitespace().collect::<String>(),
        &[r#"openapi_client_runtime::encode_path_segment(&serde_json::to_string(filter)?)"#],
    );
}

#[test]
fn members_that_only_list_required_names_are_checked_in_requests() {
    let g = generated();
    let structs = &g
        .files
        .iter()
        .find(|(name, _)| name == "structs.rs")
        .expect("structs.rs")
        .1;
    let start = structs
        .find("impl openapi_client_runtime::validate::Validate for CheckRequest {")
        .expect("CheckRequest's checks");
    assert_contains(
        &structs[start..].split_whitespace().collect::<String>(),
        &[concat!(
            "openapi_client_runtime::validate::required_sets(path,",
            "&[self.status.is_some(),self.conclusion.is_some()],true,",
            r#""`status`,`conclusion`",errors,);"#
        )],
    );
}

#[test]
fn a_placeholder_without_a_path_parameter_skips_the_operation() {
    let g = generated();
    assert_eq!(g.operations, 16);
    assert_eq!(g.skipped.len(), 2, "{:?}", g.skipped);
    assert_eq!(g.total, 18);
    let skipped = g
        .skipped
        .iter()
        .find(|s| s.operation == "getOrphan")
        .expect("getOrphan is skipped");
    let [reason] = skipped.reasons.as_slice() else {
        panic!("expected one reason: {:?}", skipped.reasons);
    };
    assert_eq!(
        reason.message,
        "the path has `{id}` but no path parameter `id` is described"
    );
    assert_eq!(reason.location.file, "operations.yaml");
    assert_eq!(
        reason.location.pointer.as_deref(),
        Some("#/paths/~1orphans~1{id}/get")
    );
    assert!(reason.location.line_col.is_some(), "{reason}");
    // Left out of the client, and only it.
    assert!(!operations_rs().contains("get_orphan"));

    // Asked for by name, the same problem fails the run.
    let errors = generator::generate(&options(fixture(FIXTURE), Vec::new(), &["getOrphan"]))
        .expect_err("getOrphan cannot be generated");
    common::find(&errors, "no path parameter `id`");
}

#[test]
fn a_path_parameter_missing_from_the_template_skips_the_operation() {
    let g = generated();
    let skipped = g
        .skipped
        .iter()
        .find(|s| s.operation == "getStray")
        .unwrap_or_else(|| panic!("getStray is not skipped: {:?}", g.skipped));
    let [reason] = skipped.reasons.as_slice() else {
        panic!("expected one reason: {:?}", skipped.reasons);
    };
    assert_eq!(
        reason.message,
        "path parameter `id` does not appear in the path `/strays`"
    );
    assert_eq!(
        reason.location.pointer.as_deref(),
        Some("#/paths/~1strays/get")
    );
    assert!(reason.location.line_col.is_some(), "{reason}");
    assert!(!operations_rs().contains("get_stray"));
}

/// Every operation is counted: path items given by `$ref` are followed (3.1's
/// `components/pathItems` through a chain, and one in another file), and an operation without
/// an operationId is known by its method and path. Generated + skipped = total.
#[test]
fn path_items_by_ref_and_operations_without_ids_are_generated_and_counted() {
    let generated = generate_fixture("paths/path_items.yaml");
    assert_eq!(generated.total, 4);
    assert_eq!(generated.operations, 4);
    assert!(generated.skipped.is_empty(), "{:?}", generated.skipped);
    let operations = file(&generated, "operations.rs");
    for method in [
        "pub async fn list_pets(",
        "pub async fn get_pet(&self, id: i64)",
        "pub async fn get_owners(",
        "pub async fn list_toys(",
    ] {
        assert!(operations.contains(method), "{method} in\n{operations}");
    }
    assert!(
        operations.contains(r#"operation_id: "GET /owners""#),
        "{operations}"
    );
}

/// An operation answered only by a redirect returns the body the redirect leads to (the client
/// follows it; `behaviour.rs` checks that against a server), one with no response described
/// returns the body as bytes, and one answered by a protocol upgrade (101) is skipped with the
/// reason, at the response.
#[test]
fn redirects_are_followed_and_upgrades_open_a_websocket() {
    let g = generated();
    let text = operations_rs();
    let m = method(&text, "download_archive");
    assert_contains(
        m,
        &["-> Result<openapi_client_runtime::bytes::Bytes, super::Error>"],
    );
    assert!(text.contains("the client follows it"), "{text}");
    // With no response described, the body is returned as bytes.
    assert_contains(
        method(&text, "get_output"),
        &["-> Result<openapi_client_runtime::bytes::Bytes, super::Error>"],
    );
    assert!(
        text.contains("does not say what a success answers"),
        "{text}"
    );
    // A 101 answer: the method makes the WebSocket handshake and returns the connection.
    assert!(
        !g.skipped.iter().any(|s| s.operation == "consoleStream"),
        "{:?}",
        g.skipped
    );
    assert!(operation("consoleStream").upgrade);
    assert_contains(
        method(&text, "console_stream_with_response"),
        &[
            "-> Result<super::Response<openapi_client_runtime::Upgraded>, super::Error>",
            "self.inner.send_upgrade(spec, None::<&()>).await",
        ],
    );
    // The blocking client has none: the connection is read and written asynchronously.
    assert!(!text.contains("pub fn console_stream"), "{text}");
}

/// A parameter described by `content: {application/json: {schema}}` is typed by that schema
/// and sent as its JSON text (`behaviour.rs` checks the query a server receives).
#[test]
fn a_parameter_described_by_content_is_sent_as_json() {
    let g = generated();
    assert!(
        !g.skipped.iter().any(|s| s.operation == "search"),
        "{:?}",
        g.skipped
    );
    let text = operations_rs();
    let m = method(&text, "search_with_response");
    assert_contains(
        m,
        &[
            "filter: &Filter",
            r#"query.push(("filter".into(), serde_json::to_string(&value)?));"#,
        ],
    );
}
