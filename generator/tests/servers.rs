//! The client's base URL comes from the description's `servers`: server variables at their
//! defaults (and a generated type to set them), no default for a relative URL or none at all,
//! and located errors for a template that does not fit its variables.

mod common;

use common::{file, find, fixture, generate_fixture, options};
use generator::{Input, Location};

fn module(fixture: &str) -> String {
    file(&generate_fixture(fixture), "mod.rs").to_owned()
}

/// Text with its whitespace runs joined, so that assertions do not depend on line breaks.
fn joined(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[track_caller]
fn assert_contains(text: &str, needles: &[&str]) {
    let text = joined(text);
    for needle in needles {
        assert!(text.contains(needle), "expected {needle:?} in:\n{text}");
    }
}

fn located(file: &str, pointer: &str, line_col: (usize, usize)) -> Location {
    Location {
        file: file.to_owned(),
        pointer: Some(pointer.to_owned()),
        line_col: Some(line_col),
    }
}

#[test]
fn variables_take_their_defaults_and_get_a_setter_each() {
    let text = module("mapping/servers_variables.yaml");
    assert_contains(
        &text,
        &[
            // The relative first server is passed over; the trailing `/` is dropped.
            r#"pub const BASE_URL: Option<&str> = Some("https://eu.example.test/v2");"#,
            "pub struct ServerVariables { scheme: String, region: String, base_path: String, }",
            r#"scheme: "https".to_owned(), region: "eu".to_owned(), base_path: "v2".to_owned(),"#,
            "/// The protocol to use.",
            "/// Sets `{scheme}` (default `https`; one of `https`, `http`).",
            "pub fn scheme(mut self, value: impl Into<String>) -> Self",
            "/// Sets `{basePath}` (default `v2`).",
            "pub fn base_path(mut self, value: impl Into<String>) -> Self",
            r#"if !["https", "http"].contains(&self.scheme.as_str())"#,
            "url.push_str(&self.scheme); url.push_str(\"://\"); url.push_str(&self.region); \
             url.push_str(\".example.test/\"); url.push_str(&self.base_path); Ok(url)",
            "pub mod types { pub use super::ServerVariables; }",
        ],
    );
    // Only a variable with declared values is checked.
    assert!(!text.contains("&self.region.as_str()"), "{text}");
}

#[test]
fn a_skipped_relative_server_is_a_located_warning() {
    let generated = generate_fixture("mapping/servers_variables.yaml");
    let warnings: Vec<String> = generated.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(
        warnings,
        ["servers_variables.yaml:5:5: #/servers/0/url: warning: server URL `/fallback` is relative \
          (to where the description is served): it is not a default base URL for the client"],
    );
}

#[test]
fn a_relative_server_url_is_no_default() {
    let generated = generate_fixture("mapping/servers_relative.yaml");
    let text = file(&generated, "mod.rs");
    assert_contains(
        text,
        &[
            "/// No default base URL, so the client needs `ClientBuilder::base_url`. The \
             description's server URL `/api/v1` is relative",
            "pub const BASE_URL: Option<&str> = None;",
        ],
    );
    assert!(!text.contains("ServerVariables"), "{text}");
    assert_eq!(generated.warnings.len(), 1, "{:?}", generated.warnings);
    assert_eq!(
        generated.warnings[0].location,
        located("servers_relative.yaml", "#/servers/0/url", (4, 5))
    );
}

#[test]
fn no_servers_is_no_default() {
    let generated = generate_fixture("mapping/servers_none.yaml");
    assert_contains(
        file(&generated, "mod.rs"),
        &[
            "/// No default base URL, so the client needs `ClientBuilder::base_url`. The \
             description names no server.",
            "pub const BASE_URL: Option<&str> = None;",
        ],
    );
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
}

#[test]
fn a_plain_server_url_is_the_default_as_written() {
    let text = module("operations/operations.yaml");
    assert_contains(
        &text,
        &[
            "/// The base URL the description's `servers` names.",
            r#"pub const BASE_URL: Option<&str> = Some("https://api.example.com/v1");"#,
        ],
    );
    assert!(!text.contains("ServerVariables"), "{text}");
}

#[test]
fn templates_that_do_not_fit_their_variables_are_located_errors() {
    let opts = options(
        fixture("broken/server_variables.yaml"),
        Vec::new(),
        &["ping"],
    );
    let diags = generator::generate(&opts).expect_err("the servers are broken");
    assert_eq!(diags.0.len(), 4, "{diags}");
    let file = "server_variables.yaml";
    assert_eq!(
        find(
            &diags,
            "names `{tenant}`, which its `variables` do not declare"
        )
        .location,
        located(file, "#/servers/0/url", (4, 5))
    );
    assert_eq!(
        find(
            &diags,
            "the default `v3` of server variable `version` is not one of its values (v1, v2)"
        )
        .location,
        located(file, "#/servers/0/variables/version/default", (7, 9))
    );
    assert_eq!(
        find(&diags, "a `{` that is not closed").location,
        located(file, "#/servers/1/url", (9, 5))
    );
    assert_eq!(
        find(&diags, "a `}` that closes no `{`").location,
        located(file, "#/servers/2/url", (10, 5))
    );
}

#[test]
fn a_variable_without_a_default_is_a_located_error() {
    let opts = options(
        fixture("broken/server_variable_without_default.yaml"),
        Vec::new(),
        &["ping"],
    );
    let diags = generator::generate(&opts).expect_err("the default is missing");
    assert_eq!(
        find(&diags, "missing field `default`").location,
        located(
            "server_variable_without_default.yaml",
            "#/servers/0/variables/region",
            (6, 7)
        )
    );
}

fn generate_text(text: &str) -> generator::Generated {
    let input = Input {
        file: "inline.yaml".to_owned(),
        text: text.to_owned(),
        path: None,
    };
    let mut opts = options(input, Vec::new(), &[]);
    opts.all_operations = true;
    generator::generate(&opts).unwrap_or_else(|d| panic!("does not generate:\n{d}"))
}

#[test]
fn names_do_not_collide() {
    let generated = generate_text(
        "openapi: 3.0.3
info: {title: t, version: '1'}
servers:
  - url: 'https://{new}.example.test/{type}/{unused}'
    variables:
      new: {default: a}
      type: {default: b}
      unused: {default: c}
      other: {default: d}
paths:
  /things:
    get:
      operationId: listThings
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/ServerVariables'}
components:
  schemas:
    ServerVariables: {type: object, properties: {id: {type: string}}}
",
    );
    let text = file(&generated, "mod.rs");
    assert_contains(
        text,
        &[
            // A schema keeps its name; the variables type takes the next free one.
            "pub struct ServerVariables2 { new2: String, r#type: String, unused: String, }",
            "pub fn new2(mut self, value: impl Into<String>) -> Self",
            "pub fn r#type(mut self, value: impl Into<String>) -> Self",
            "pub use super::ServerVariables2;",
        ],
    );
    assert!(file(&generated, "structs.rs").contains("pub struct ServerVariables {"));
    // A declared variable the URL does not use has no setter, and a warning says so.
    assert!(!text.contains("other"), "{text}");
    let warnings: Vec<String> = generated.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(
        warnings,
        ["inline.yaml:9:7: #/servers/0/variables/other: warning: server variable `other` does not \
          appear in the server URL; the client leaves it out"]
    );
}
