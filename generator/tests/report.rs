//! The change report: what a regeneration changes for users of the crate, on small hand-made
//! pairs of descriptions (one per rule) and on the real history of `createThreadAndRun`.

mod common;

use generator::report::{compare, Impact, Report};
use generator::{Input, Options};

/// Generates one description (the operations of `ops`) into files.
fn generate(text: &str, ops: &[&str]) -> Vec<(String, String)> {
    let options = Options {
        description: Input {
            file: "t.yaml".into(),
            text: text.into(),
            path: None,
        },
        overlays: Vec::new(),
        operations: ops.iter().map(|o| (*o).to_owned()).collect(),
        all_operations: false,
        client: Default::default(),
    };
    generator::generate(&options)
        .unwrap_or_else(|e| panic!("{e}"))
        .files
}

/// A description with one `getRun` operation returning `Run`, whose schema is `run`.
fn doc(run: &str, extra_ops: &str) -> String {
    format!(
        "openapi: 3.1.0
info: {{title: t, version: '1'}}
paths:
  /runs:
    get:
      operationId: getRun
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/Run'}}
{extra_ops}components:
  schemas:
    Run:
{run}"
    )
}

const RUN: &str = "      type: object
      required: [id, status]
      properties:
        id: {type: string}
        note: {type: string}
        status: {type: string, enum: [queued, done, failed]}
";

fn lines(report: &Report) -> Vec<String> {
    report.changes.iter().map(ToString::to_string).collect()
}

fn report(old: &str, new: &str, old_ops: &[&str], new_ops: &[&str]) -> Report {
    compare(&generate(old, old_ops), &generate(new, new_ops)).expect("both parse")
}

#[test]
fn an_added_enum_value_is_additive() {
    let new_run = RUN.replace(
        "[queued, done, failed]",
        "[queued, done, failed, incomplete]",
    );
    let r = report(&doc(RUN, ""), &doc(&new_run, ""), &["getRun"], &["getRun"]);
    assert_eq!(lines(&r), ["additive: variant RunStatus.Incomplete: added"]);
    assert_eq!(r.next_version("0.1.0"), "0.1.1");
}

#[test]
fn a_removed_enum_value_is_breaking() {
    let new_run = RUN.replace("[queued, done, failed]", "[queued, failed]");
    let r = report(&doc(RUN, ""), &doc(&new_run, ""), &["getRun"], &["getRun"]);
    assert_eq!(lines(&r), ["breaking: variant RunStatus.Done: removed"]);
    assert_eq!(r.next_version("0.1.0"), "0.2.0");
}

#[test]
fn an_optional_field_added_is_additive_and_removed_is_breaking() {
    let added = format!("{RUN}        label: {{type: string}}\n");
    let r = report(&doc(RUN, ""), &doc(&added, ""), &["getRun"], &["getRun"]);
    assert_eq!(
        lines(&r),
        ["additive: field Run.label: added Option<String>"]
    );
    let removed = RUN.replace("        note: {type: string}\n", "");
    let r = report(&doc(RUN, ""), &doc(&removed, ""), &["getRun"], &["getRun"]);
    assert_eq!(lines(&r), ["breaking: field Run.note: removed"]);
}

#[test]
fn a_type_change_or_a_new_required_field_is_breaking() {
    let retyped = RUN.replace("note: {type: string}", "note: {type: integer}");
    let r = report(&doc(RUN, ""), &doc(&retyped, ""), &["getRun"], &["getRun"]);
    assert_eq!(
        lines(&r),
        ["breaking: field Run.note: type Option<String> → Option<i64>"]
    );
    let required = RUN.replace("required: [id, status]", "required: [id, status, note]");
    let r = report(&doc(RUN, ""), &doc(&required, ""), &["getRun"], &["getRun"]);
    assert!(
        r.changes.iter().all(|c| c.impact == Impact::Breaking),
        "{r:?}"
    );
    assert!(
        lines(&r).contains(&"breaking: field Run.note: type Option<String> → String".to_owned()),
        "{r:?}"
    );
    assert!(r.changes.iter().any(|c| c.kind == "constructor"), "{r:?}");
}

#[test]
fn becoming_nullable_is_breaking_for_a_required_field() {
    let nullable = RUN.replace("id: {type: string}", "id: {type: [string, 'null']}");
    let r = report(&doc(RUN, ""), &doc(&nullable, ""), &["getRun"], &["getRun"]);
    assert!(
        lines(&r).contains(&"breaking: field Run.id: type String → Option<String>".to_owned()),
        "{r:?}"
    );
}

#[test]
fn the_spelling_of_nullability_changes_nothing() {
    let spellings = [
        "        parent: {type: string, nullable: true}\n",
        "        parent: {type: [string, 'null']}\n",
        "        parent:\n          anyOf: [{type: string}, {type: 'null'}]\n",
    ];
    let base = RUN.replace("required: [id, status]", "required: [id, status, parent]");
    let files: Vec<_> = spellings
        .iter()
        .map(|s| generate(&doc(&format!("{base}{s}"), ""), &["getRun"]))
        .collect();
    for other in &files[1..] {
        let r = compare(&files[0], other).unwrap();
        assert!(r.changes.is_empty(), "{r:?}");
    }
}

#[test]
fn operations_added_and_removed() {
    let extra = "  /runs/{id}:
    delete:
      operationId: deleteRun
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '204': {description: gone}
";
    let r = report(
        &doc(RUN, ""),
        &doc(RUN, extra),
        &["getRun"],
        &["getRun", "deleteRun"],
    );
    assert_eq!(
        lines(&r),
        [
            "additive: operation delete_run: added",
            "additive: operation delete_run_with_response: added"
        ]
    );
    assert!(!r.is_breaking());
    let r = report(
        &doc(RUN, extra),
        &doc(RUN, ""),
        &["getRun", "deleteRun"],
        &["getRun"],
    );
    assert!(r.is_breaking());
    assert!(lines(&r).contains(&"breaking: operation delete_run: removed".to_owned()));
}

/// One hand-written file of generated code, for the rules on trait impls and derives.
fn rust(source: &str) -> Vec<(String, String)> {
    vec![("unions.rs".into(), source.into())]
}

/// A union with two members and what the generator writes for it; `{derive}` and `{froms}`
/// are the parts each rule changes.
fn union(derive: &str, froms: &str) -> Vec<(String, String)> {
    rust(&format!(
        "#[derive({derive})]
         #[non_exhaustive]
         pub enum Content {{ Text(String), Parts(Vec<Part>), Unknown(serde_json::Value) }}
         #[derive(Debug, Clone, PartialEq)]
         pub struct Part {{ pub text: String }}
         impl serde::Serialize for Content {{}}
         impl<'de> serde::Deserialize<'de> for Content {{}}
         {froms}
         struct Helper;
         impl Default for Helper {{ fn default() -> Self {{ Helper }} }}"
    ))
}

const FROMS: &str = "impl From<String> for Content { fn from(v: String) -> Self { Self::Text(v) } }
     impl From<Vec<Part>> for Content { fn from(v: Vec<Part>) -> Self { Self::Parts(v) } }";
const DERIVE: &str = "Debug, Clone, PartialEq";

#[test]
fn a_trait_impl_removed_is_breaking() {
    // The union gained a second `String` member: no `From<String>` can pick between them.
    let old = union(DERIVE, FROMS);
    let new = union(
        DERIVE,
        "impl From<Vec<Part>> for Content { fn from(v: Vec<Part>) -> Self { Self::Parts(v) } }",
    );
    let r = compare(&old, &new).unwrap();
    assert_eq!(
        lines(&r),
        ["breaking: impl From<String> for Content: removed"]
    );
    assert_eq!(r.next_version("0.1.0"), "0.2.0");
}

#[test]
fn a_trait_impl_added_is_additive() {
    let old = union(DERIVE, FROMS);
    let new = union(
        DERIVE,
        &format!("{FROMS} impl From<&str> for Content {{ fn from(v: &str) -> Self {{ Self::Text(v.into()) }} }}"),
    );
    let r = compare(&old, &new).unwrap();
    assert_eq!(lines(&r), ["additive: impl From<&str> for Content: added"]);
    assert_eq!(r.next_version("0.1.0"), "0.1.1");
    // Impls of a type the files keep private are no part of the API.
    let hidden = |body: &str| {
        rust(&format!(
            "pub struct Run {{}} struct Helper; impl Clone for Helper {{ {body} }}"
        ))
    };
    assert!(compare(&hidden(""), &rust("pub struct Run {}"))
        .unwrap()
        .changes
        .is_empty());
    assert!(
        compare(&hidden(""), &hidden("fn clone(&self) -> Self { Helper }"))
            .unwrap()
            .changes
            .is_empty()
    );
}

#[test]
fn a_derive_removed_is_breaking() {
    let old = union(DERIVE, FROMS);
    let new = union("Debug, Clone", FROMS);
    let r = compare(&old, &new).unwrap();
    assert_eq!(
        lines(&r),
        ["breaking: derive PartialEq for Content: removed"]
    );
}

#[test]
fn a_derive_added_is_additive() {
    let old = union(DERIVE, FROMS);
    let new = union("Debug, Clone, PartialEq, Eq, Hash", FROMS);
    let r = compare(&old, &new).unwrap();
    assert_eq!(
        lines(&r),
        [
            "additive: derive Eq for Content: added",
            "additive: derive Hash for Content: added",
        ]
    );
    assert!(!r.is_breaking());
}

#[test]
fn a_from_whose_type_changes_is_breaking() {
    // The member's type was renamed upstream: `Content::from(parts)` no longer compiles.
    let old = union(DERIVE, FROMS);
    let new = union(
        DERIVE,
        &FROMS.replace("From<Vec<Part>>", "From<Vec<Segment>>"),
    );
    let r = compare(&old, &new).unwrap();
    assert_eq!(
        lines(&r),
        ["breaking: impl From<Vec<Part>> for Content: now From<Vec<Segment>>"]
    );
    // Two `From`s replaced by two others are each removed and added.
    let new = union(
        DERIVE,
        &FROMS
            .replace("From<Vec<Part>>", "From<Vec<Segment>>")
            .replace("From<String>", "From<Box<str>>"),
    );
    assert_eq!(
        lines(&compare(&old, &new).unwrap()),
        [
            "breaking: impl From<String> for Content: removed",
            "breaking: impl From<Vec<Part>> for Content: removed",
            "additive: impl From<Box<str>> for Content: added",
            "additive: impl From<Vec<Segment>> for Content: added",
        ]
    );
}

#[test]
fn impls_and_derives_of_a_removed_or_added_type_are_not_listed_again() {
    let old = union(DERIVE, FROMS);
    let new = rust("#[derive(Debug)] pub struct Part { pub text: String }");
    let r = compare(&old, &new).unwrap();
    assert_eq!(
        lines(&r),
        [
            "breaking: derive Clone for Part: removed",
            "breaking: derive PartialEq for Part: removed",
            "breaking: type Content: enum removed",
        ]
    );
    let r = compare(&new, &old).unwrap();
    assert!(
        lines(&r).contains(&"additive: type Content: enum added".to_owned())
            && !r.changes.iter().any(|c| c.item.ends_with("for Content")),
        "{r:?}"
    );
}

/// The history of `createThreadAndRun` in the upstream descriptions, with our overlay.
#[test]
#[cfg_attr(
    not(upstream_specs),
    ignore = "needs ../shared/specs (test data beside the repository)"
)]
fn the_real_history_of_create_thread_and_run() {
    let specs = common::upstream_dir();
    let version = |file: &str| {
        let mut options = common::project_options();
        options.description = Input {
            file: file.into(),
            text: std::fs::read_to_string(specs.join(file)).expect("readable"),
            path: None,
        };
        generator::generate(&options)
            .unwrap_or_else(|e| panic!("{file}: {e}"))
            .files
    };
    let v2024 = version("openai-2024-03-27.yaml");
    let v2025_04 = version("openai-2025-04-29.yaml");
    let v2025_11 = version("openai-2025-11-12.yaml");
    let latest = version("openai-latest.yaml");

    // 2024 → 2025-04: `file_ids` left the run (breaking); runs gained `incomplete` (additive,
    // thanks to the catch-all variant); `parallel_tool_calls` appeared.
    let r = compare(&v2024, &v2025_04).unwrap();
    let l = lines(&r);
    assert!(
        l.contains(&"breaking: field RunObject.file_ids: removed".to_owned()),
        "{l:#?}"
    );
    assert!(
        l.contains(&"additive: variant RunObjectStatus.Incomplete: added".to_owned()),
        "{l:#?}"
    );
    assert!(
        l.iter()
            .any(|c| c.starts_with("additive: field RunObject.parallel_tool_calls: added")),
        "{l:#?}"
    );
    assert_eq!(r.next_version("0.1.0"), "0.2.0");

    // 2025-04 (OpenAPI 3.0) → 2025-11 (3.1): nullability is spelled anew everywhere, and no
    // field changes for it: the nullable run fields keep their types.
    let r = compare(&v2025_04, &v2025_11).unwrap();
    for field in [
        "required_action",
        "last_error",
        "expires_at",
        "incomplete_details",
        "truncation_strategy",
        "tool_choice",
        "response_format",
        "usage",
    ] {
        let item = format!("RunObject.{field}");
        assert!(
            !r.changes.iter().any(|c| c.item == item),
            "{item} changed: {:#?}",
            lines(&r)
        );
    }

    // 2025-11 → latest: new model ids are additive.
    let r = compare(&v2025_11, &latest).unwrap();
    assert!(r
        .changes
        .iter()
        .filter(|c| c.kind == "variant" && c.item.starts_with("CreateThreadAndRunRequestModel."))
        .all(|c| c.impact == Impact::Additive));
}
