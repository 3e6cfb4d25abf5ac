//! Hostile input: broken, malicious or merely strange descriptions. Each one ends in valid code
//! (every generated file parses with `syn`) or in located diagnostics (a JSON pointer or a
//! line:column, and a message), never in a panic, a stack overflow, a hang or unbounded memory.
//! Fixtures are under `tests/fixtures/hostile/`; the big inputs are built here at run time.
//!
//! Every case runs on a thread with a 2 MiB stack (what `cargo test` gives a test thread), so a
//! stack overflow shows as one, and under a wall-clock limit, so a hang shows as a failure.
//!
//! The bounds the generator enforces, each tested below:
//! - an input file over 256 MiB is refused before it is read (`source::MAX_INPUT_BYTES`);
//! - YAML nesting deeper than 200 collections is refused (`yaml::MAX_DEPTH`); saphyr-parser may
//!   refuse first, with "recursion limit exceeded";
//! - a YAML document that expands to more than 5,000,000 nodes, aliases included, is refused
//!   (`yaml::MAX_NODES`): an alias bomb stops there;
//! - JSON nesting is bounded by serde_json's recursion limit (128);
//! - a `$ref` chain is followed at most 64 steps (63 `$ref`s and the schema they reach);
//! - `allOf` merging and the JSON shapes of nested unions stop 17 levels down (`depth > 16` in
//!   lower.rs), union flattening 8 down, so `$ref` cycles through them end in errors.
//!
//! - an alias counts the depth of the tree it inserts against the same 200 levels;
//! - schemas nested in schemas deeper than 32 levels are a located error
//!   (`normalize::MAX_SCHEMA_DEPTH`), which keeps the recursive stages after it within a 2 MiB
//!   stack (`cargo xtask` itself runs the generator on a 256 MiB stack);
//! - boxing recursive references takes linear time (strongly connected components), so a chain
//!   of 10,000 schemas generates.

mod common;

use generator::{Diagnostic, Diagnostics, Generated, Input, Options};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The stack of a `cargo test` thread.
const STACK: usize = 2 << 20;
/// How long one `generate` may take.
const LIMIT: Duration = Duration::from_secs(10);

/// The limit for inputs of tens of megabytes: the 10 s budget holds for optimized builds; debug
/// builds of saphyr-parser and syn are many times slower.
fn heavy_limit() -> Duration {
    if cfg!(debug_assertions) {
        Duration::from_secs(120)
    } else {
        LIMIT
    }
}

/// Runs `generate` on a 2 MiB stack; fails the test on a panic or when `limit` passes first.
fn generate_bounded(options: Options, limit: Duration) -> Result<Generated, Diagnostics> {
    let file = options.description.file.clone();
    let (tx, rx) = mpsc::channel();
    let worker = std::thread::Builder::new()
        .name(format!("generate {file}"))
        .stack_size(STACK)
        .spawn(move || {
            let started = Instant::now();
            let result = generator::generate(&options);
            // The receiver is gone only when the test already failed on the time limit.
            let _ = tx.send((result, started.elapsed()));
        })
        .expect("a thread starts");
    match rx.recv_timeout(limit) {
        Ok((result, elapsed)) => {
            worker.join().expect("the worker finished");
            assert!(elapsed < limit, "{file}: took {elapsed:?}");
            result
        }
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("{file}: generate did not finish within {limit:?} (a hang, or unbounded work)")
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            let payload = worker.join().expect_err("the worker died without a result");
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            panic!("{file}: generate panicked: {message}")
        }
    }
}

/// What a fixture must give.
#[derive(Debug, Clone, Copy)]
enum Expect {
    /// Every operation is generated, and every file parses.
    Valid,
    /// An `all_operations` run generates without the operations it cannot express, one of them
    /// for a reason containing this; asked for by name, they fail with it.
    Skipped(&'static str),
    /// The run fails; one diagnostic contains this.
    Error(&'static str),
}

fn options(file: &str, text: String, operations: Vec<String>) -> Options {
    Options {
        description: Input {
            file: file.to_owned(),
            text,
            path: None,
        },
        overlays: Vec::new(),
        all_operations: operations.is_empty(),
        operations,
        client: Default::default(),
    }
}

/// Every diagnostic says where (a pointer or a line:column in the named file) and what.
#[track_caller]
fn assert_located(file: &str, diags: &[Diagnostic]) {
    assert!(!diags.is_empty(), "{file}: no diagnostics");
    for d in diags {
        assert_eq!(d.location.file, file, "{d}");
        assert!(
            d.location.pointer.is_some() || d.location.line_col.is_some(),
            "{file}: a diagnostic without a location: {d}"
        );
        assert!(
            !d.message.trim().is_empty(),
            "{file}: an empty message: {d}"
        );
    }
}

#[track_caller]
fn assert_contains(file: &str, diags: &[Diagnostic], needle: &str) {
    assert!(
        diags.iter().any(|d| d.message.contains(needle)),
        "{file}: expected a diagnostic containing {needle:?}, got:\n{}",
        Diagnostics(diags.to_vec())
    );
}

#[track_caller]
fn assert_parses(file: &str, generated: &Generated) {
    for (path, text) in &generated.files {
        if let Err(e) = syn::parse_file(text) {
            panic!("{file}: generated {path} does not parse: {e}");
        }
    }
}

/// The operationIds of a description, when it gets as far as having any.
fn operation_ids(file: &str, text: &str) -> Vec<String> {
    let Ok(doc) = generator::source::Document::parse(file, text) else {
        return Vec::new();
    };
    let mut ignored = Diagnostics::default();
    generator::select::operations(&doc, &mut ignored)
        .by_id
        .into_keys()
        .collect()
}

/// Generates a description every way and checks the outcome against `expect`.
#[track_caller]
fn check_text(file: &str, text: String, expect: Expect, limit: Duration) {
    let ids = operation_ids(file, &text);
    // Every operation, as `all_operations` asks.
    match (
        expect,
        generate_bounded(options(file, text.clone(), Vec::new()), limit),
    ) {
        (Expect::Valid, Ok(generated)) => {
            assert!(
                generated.skipped.is_empty(),
                "{file}: skipped {:?}",
                generated.skipped
            );
            assert_parses(file, &generated);
        }
        (Expect::Skipped(needle), Ok(generated)) => {
            assert!(!generated.skipped.is_empty(), "{file}: nothing was skipped");
            let reasons: Vec<Diagnostic> = generated
                .skipped
                .iter()
                .flat_map(|s| s.reasons.iter().cloned())
                .collect();
            assert_located(file, &reasons);
            assert_contains(file, &reasons, needle);
            assert_parses(file, &generated);
        }
        (Expect::Error(needle), Err(diags)) => {
            assert_located(file, &diags.0);
            assert_contains(file, &diags.0, needle);
        }
        (expect, Ok(generated)) => panic!(
            "{file}: expected {expect:?}, generated {} operations, skipped {:?}",
            generated.operations, generated.skipped
        ),
        (expect, Err(diags)) => panic!("{file}: expected {expect:?}, failed:\n{diags}"),
    }
    // The same operations, asked for by name.
    if ids.is_empty() {
        return;
    }
    match (expect, generate_bounded(options(file, text, ids), limit)) {
        (Expect::Valid, Ok(generated)) => assert_parses(file, &generated),
        (Expect::Skipped(needle) | Expect::Error(needle), Err(diags)) => {
            assert_located(file, &diags.0);
            assert_contains(file, &diags.0, needle);
        }
        (expect, Ok(_)) => panic!("{file}: by name, expected {expect:?}, generated"),
        (expect, Err(diags)) => panic!("{file}: by name, expected {expect:?}, failed:\n{diags}"),
    }
}

#[track_caller]
fn check(name: &str, expect: Expect) {
    let input = common::fixture(&format!("hostile/{name}"));
    check_text(&input.file, input.text, expect, LIMIT);
}

/// One test a fixture, and the list of them.
macro_rules! fixtures {
    ($($(#[$attr:meta])* $test:ident: $file:literal => $expect:expr;)*) => {
        $(
            #[test]
            $(#[$attr])*
            fn $test() {
                check($file, $expect);
            }
        )*
        /// Every fixture the table covers.
        const FIXTURES: &[&str] = &[$($file),*];
    };
}

use Expect::{Error, Skipped, Valid};

fixtures! {
    // Truncated and malformed text.
    truncated_flow_yaml: "truncated_flow.yaml" =>
        Error("invalid YAML: while parsing a flow mapping");
    truncated_quoted_yaml: "truncated_quoted.yaml" =>
        Error("invalid YAML: while scanning a quoted scalar, found unexpected end of stream");
    truncated_json: "truncated.json" => Error("invalid JSON: EOF while parsing a string");
    truncated_close_json: "truncated_close.json" =>
        Error("invalid JSON: EOF while parsing an object");
    json_trailing_garbage: "json_trailing_garbage.json" =>
        Error("invalid JSON: trailing characters");
    empty_file: "empty.yaml" => Error("not an OpenAPI description: the document is not a mapping");
    yaml_duplicate_key: "yaml_duplicate_key.yaml" => Error("duplicate key `/x`");
    yaml_two_documents: "yaml_two_documents.yaml" =>
        Error("more than one YAML document in the file");
    yaml_complex_key: "yaml_complex_key.yaml" => Error("a mapping key must be a plain string");
    yaml_unknown_alias: "yaml_unknown_alias.yaml" => Error("unknown anchor");
    yaml_control_chars: "yaml_control_chars.yaml" =>
        Error("invalid YAML: found unprintable character");
    // Tags are read as the core schema says; `!!null` leaves `description` without a string.
    yaml_tags: "yaml_tags.yaml" => Error("invalid type: null, expected a string");
    // One anchored operation under two paths: its operationId twice.
    yaml_anchors_reused: "yaml_anchors_reused.yaml" => Error("operationId `getX` is used twice");

    // Wrong types, from the root down.
    wrong_root_list: "wrong_root_list.yaml" => Error("the document is not a mapping");
    wrong_root_scalar: "wrong_root_scalar.yaml" => Error("the document is not a mapping");
    // `openapi: 3.1` is a number; the message calls the field missing.
    wrong_openapi_number: "wrong_openapi_number.yaml" => Error("`openapi`");
    swagger_and_openapi: "swagger_and_openapi.json" => Error("Swagger/OpenAPI 2.0 is not supported");
    wrong_info_string: "wrong_info_string.yaml" => Error("expected struct Info");
    wrong_paths_list: "wrong_paths_list.yaml" => Error("invalid type: sequence, expected struct Paths");
    wrong_operation_string: "wrong_operation_string.yaml" => Error("expected struct Operation");
    wrong_operation_id_number: "wrong_operation_id_number.yaml" =>
        Error("invalid type: integer `42`, expected a string");
    wrong_parameters_map: "wrong_parameters_map.json" =>
        Error("invalid type: map, expected a sequence");
    wrong_parameter_in: "wrong_parameter_in.yaml" => Error("unknown variant `body`");
    wrong_responses_number: "wrong_responses_number.yaml" => Error("expected struct Responses");
    wrong_response_code_list: "wrong_response_code_list.yaml" => Error("expected struct Response");
    wrong_content_string: "wrong_content_string.yaml" =>
        Error("invalid type: string \"application/json\", expected a map");
    wrong_schema_number: "wrong_schema_number.yaml" => Error("a schema must be a mapping");
    wrong_schema_false: "wrong_schema_false.yaml" => Error("a schema must be a mapping");
    wrong_properties_list: "wrong_properties_list.yaml" =>
        Error("invalid type: sequence, expected a map");
    wrong_property_schema_string: "wrong_property_schema_string.yaml" =>
        Error("a schema must be a mapping");
    wrong_required_string: "wrong_required_string.yaml" =>
        Error("invalid type: string \"x\", expected a sequence");
    wrong_enum_number: "wrong_enum_number.yaml" =>
        Error("invalid type: integer `3`, expected a sequence");
    wrong_type_number: "wrong_type_number.yaml" =>
        Error("invalid type: integer `5`, expected a string");
    wrong_items_string: "wrong_items_string.yaml" => Error("a schema must be a mapping");
    wrong_all_of_map: "wrong_all_of_map.yaml" => Error("invalid type: map, expected a sequence");
    wrong_max_length_negative: "wrong_max_length_negative.yaml" =>
        Error("invalid value: integer `-1`, expected usize");
    wrong_components_list: "wrong_components_list.json" =>
        Error("invalid type: sequence, expected struct Components");
    wrong_types_everywhere_json: "json_wrong_types_everywhere.json" =>
        Error("a schema must be a mapping");
    // `1e400` is beyond `f64`: it stays a string, where a number belongs.
    numbers_out_of_range: "numbers_out_of_range.yaml" => Error("expected a JSON number");

    // `$ref`s to nowhere, outside the file, or to what is not a schema.
    ref_nowhere_in_property: "ref_nowhere_in_property.yaml" =>
        Error("`$ref: #/components/schemas/Missing` points to nothing");
    ref_external_file: "ref_external_file.yaml" =>
        Error("`$ref: common.yaml#/components/schemas/B` names another file, but this description was not read from a file");
    ref_url: "ref_url.yaml" =>
        Error("`$ref: https://example.com/openapi.yaml#/components/schemas/B` is a URL; only files beside the description are read");
    ref_empty: "ref_empty.yaml" => Error("points outside this file");
    ref_to_root: "ref_to_root.yaml" => Error("`$ref: #`");
    ref_to_non_schema: "ref_to_non_schema.yaml" =>
        Skipped("`$ref: #/info` does not name a schema");
    // openapiv3 reads `{$ref: 5}` as a schema with an unknown key: any JSON value.
    ref_not_string: "ref_not_string.yaml" => Valid;

    // `$ref` cycles, directly and through every composition keyword.
    cycle_self_ref: "cycle_self_ref.yaml" => Skipped("`$ref` chain loops without reaching a schema");
    cycle_two_step_ref: "cycle_two_step_ref.yaml" =>
        Skipped("`$ref` chain loops without reaching a schema");
    cycle_all_of_single: "cycle_all_of_single.yaml" =>
        Skipped("`$ref` chain loops without reaching a schema");
    cycle_all_of_two_step: "cycle_all_of_two_step.yaml" =>
        Skipped("`allOf` members must all be object schemas to be merged");
    cycle_any_of: "cycle_any_of.yaml" => Skipped("no JSON shape the generator can tell apart");
    cycle_one_of_self: "cycle_one_of_self.yaml" => Skipped("no JSON shape the generator can tell apart");
    cycle_one_of_two_step: "cycle_one_of_two_step.yaml" =>
        Skipped("no JSON shape the generator can tell apart");
    cycle_not: "cycle_not.yaml" => Skipped("`not` cannot be expressed as a Rust type");
    // `pub type A = Vec<A>;` parses, though rustc refuses a recursive alias.
    cycle_items: "cycle_items.yaml" => Valid;
    // `pub type A = BTreeMap<String, A>;`: as above.
    cycle_additional_properties: "cycle_additional_properties.yaml" => Valid;
    cycle_properties: "cycle_properties.yaml" => Valid;
    cycle_mixed_keywords: "cycle_mixed_keywords.yaml" => Valid;

    // JSON-pointer escapes in `$ref`s.
    pointer_escapes_valid: "pointer_escapes_valid.yaml" => Valid;
    pointer_escapes_percent: "pointer_escapes_percent.yaml" => Valid;
    pointer_escapes_wrong: "pointer_escapes_wrong.yaml" =>
        Error("`$ref: #/components/schemas/a/b` points to nothing");
    pointer_escapes_bad_tilde: "pointer_escapes_bad_tilde.yaml" =>
        Error("`$ref: #/components/schemas/c~2d` points to nothing");
    pointer_escapes_bad_percent: "pointer_escapes_bad_percent.yaml" =>
        Error("`$ref: #/components/schemas/e%zzf` points to nothing");

    // operationIds and names.
    duplicate_operation_id_same_path: "duplicate_operation_id_same_path.yaml" =>
        Error("operationId `thing` is used twice (also at #/paths/~1x/get)");
    operation_ids_collide_after_case: "operation_ids_collide_after_case.yaml" => Valid;
    names_collide_after_case: "names_collide_after_case.yaml" => Valid;
    names_rust_keywords: "names_rust_keywords.yaml" => Valid;
    names_non_ascii: "names_non_ascii.yaml" => Valid;
    names_empty_and_digits: "names_empty_and_digits.yaml" => Valid;
    // A schema called `String`, `Vec` or `Option` is named so; the code parses (see the report
    // on shadowing the prelude).
    names_std_types: "names_std_types.yaml" => Valid;
    names_strip_to_keyword: "names_strip_to_keyword.yaml" => Valid;
    names_enum_value_strips_to_keyword: "names_enum_value_strips_to_keyword.yaml" => Valid;
    names_field_strips_to_underscore: "names_field_strips_to_underscore.yaml" => Valid;
    // Quotes, comment ends, code fences, bidi controls and NULs in every text that is printed.
    code_injection_strings: "code_injection_strings.yaml" => Valid;
    path_param_mismatch: "path_param_mismatch.yaml" =>
        Skipped("the path has `{missing}` but no path parameter `missing` is described");
}

#[test]
fn every_fixture_is_in_the_table() {
    let dir = common::fixture_path("hostile");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .expect("the hostile fixtures")
        .map(|e| {
            e.expect("a directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = FIXTURES.iter().map(|s| (*s).to_owned()).collect();
    listed.sort();
    assert_eq!(on_disk, listed, "fixtures on disk and in the table differ");
    assert!(listed.len() >= 40, "{} fixtures", listed.len());
}

// ---------------------------------------------------------------------------------------------
// Big and deep inputs, built at run time.

/// A description whose one operation returns component `A`; `schemas` follows, indented four.
const HEAD: &str = "openapi: 3.1.0
info: {title: T, version: '1'}
paths:
  /x:
    get:
      operationId: getX
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/A'}
components:
  schemas:
";

/// The run fails with one diagnostic containing one of `needles`, at a line and column.
#[track_caller]
fn fails_at_line(file: &str, text: String, needles: &[&str], limit: Duration) -> Diagnostic {
    let diags = match generate_bounded(options(file, text, Vec::new()), limit) {
        Ok(_) => panic!("{file}: generated"),
        Err(d) => d,
    };
    assert_located(file, &diags.0);
    let found = diags
        .0
        .iter()
        .find(|d| needles.iter().any(|n| d.message.contains(n)))
        .unwrap_or_else(|| panic!("{file}: expected one of {needles:?}, got:\n{diags}"));
    assert!(found.location.line_col.is_some(), "{found}");
    found.clone()
}

#[test]
fn yaml_flow_nesting_10_000_deep_is_refused() {
    let text = format!("a: {}", "[".repeat(10_000));
    fails_at_line(
        "deep_flow.yaml",
        text,
        &["nesting deeper than 200 levels", "recursion limit exceeded"],
        LIMIT,
    );
}

#[test]
fn yaml_flow_mapping_nesting_10_000_deep_is_refused() {
    let text = format!("a: {}{}", "{a: ".repeat(10_000), "}".repeat(10_000));
    fails_at_line(
        "deep_flow_map.yaml",
        text,
        &["nesting deeper than 200 levels", "recursion limit exceeded"],
        LIMIT,
    );
}

#[test]
fn yaml_block_nesting_10_000_deep_is_refused_at_level_201() {
    let mut text = String::new();
    for i in 0..10_000 {
        text.push_str(&" ".repeat(i));
        text.push_str("a:\n");
    }
    let d = fails_at_line(
        "deep_block.yaml",
        text,
        &["nesting deeper than 200 levels"],
        LIMIT,
    );
    assert_eq!(d.location.line_col, Some((201, 201)), "{d}");
}

#[test]
fn yaml_nesting_bound_is_200_levels() {
    // The root mapping and 199 sequences: read (and refused as a description, not as YAML).
    let text = format!("a: {}{}", "[".repeat(199), "]".repeat(199));
    let diags = generate_bounded(options("deep200.yaml", text, Vec::new()), LIMIT)
        .expect_err("not a description");
    assert_contains(
        "deep200.yaml",
        &diags.0,
        "the `openapi` version field is missing",
    );
    // One more level is refused.
    let text = format!("a: {}{}", "[".repeat(200), "]".repeat(200));
    fails_at_line(
        "deep201.yaml",
        text,
        &["nesting deeper than 200 levels"],
        LIMIT,
    );
}

#[test]
fn json_nesting_10_000_deep_is_refused() {
    let text = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    fails_at_line(
        "deep.json",
        text,
        &["invalid JSON: recursion limit exceeded"],
        LIMIT,
    );
    let text = format!("{{\"openapi\": {}", "{\"a\": ".repeat(10_000));
    fails_at_line(
        "deep_object.json",
        text,
        &["invalid JSON: recursion limit exceeded"],
        LIMIT,
    );
}

#[test]
fn json_nesting_bound_is_serde_json_recursion_limit() {
    // An object and 126 arrays: read (and refused as a description).
    let text = format!(
        "{{\"openapi\": \"3.1.0\", \"x-deep\": {}{}}}",
        "[".repeat(126),
        "]".repeat(126)
    );
    let diags =
        generate_bounded(options("deep127.json", text, Vec::new()), LIMIT).expect_err("no `info`");
    assert_contains("deep127.json", &diags.0, "missing field `info`");
    let text = format!(
        "{{\"openapi\": \"3.1.0\", \"x-deep\": {}{}}}",
        "[".repeat(128),
        "]".repeat(128)
    );
    fails_at_line(
        "deep129.json",
        text,
        &["invalid JSON: recursion limit exceeded"],
        LIMIT,
    );
}

/// `a0` holds 10 scalars and each next anchor ten aliases of the one before: 10^10 nodes.
#[test]
fn yaml_alias_bomb_is_refused() {
    let mut text = String::from("openapi: 3.1.0\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let p = i - 1;
        let aliases = vec![format!("*a{p}"); 10].join(", ");
        text.push_str(&format!("a{i}: &a{i} [{aliases}]\n"));
    }
    fails_at_line(
        "alias_bomb.yaml",
        text,
        &["aliases expand to more than 5000000 nodes"],
        LIMIT,
    );
}

/// The same with mappings, which cost more to copy than scalars.
#[test]
fn yaml_alias_bomb_of_mappings_is_refused() {
    let mut text =
        String::from("openapi: 3.1.0\nm0: &m0 {a: x, b: x, c: x, d: x, e: x, f: x, g: x, h: x}\n");
    for i in 1..10 {
        let p = i - 1;
        text.push_str(&format!(
            "m{i}: &m{i} {{a: *m{p}, b: *m{p}, c: *m{p}, d: *m{p}, e: *m{p}, f: *m{p}, g: *m{p}, h: *m{p}}}\n"
        ));
    }
    fails_at_line(
        "alias_bomb_maps.yaml",
        text,
        &["aliases expand to more than 5000000 nodes"],
        heavy_limit(),
    );
}

#[test]
fn yaml_over_5_million_nodes_without_aliases_is_refused() {
    let mut text = String::with_capacity(10_000_100);
    text.push_str("openapi: 3.1.0\nx-many: [");
    for _ in 0..5_000_001 {
        text.push_str("0,");
    }
    text.push_str("0]\n");
    fails_at_line(
        "many_nodes.yaml",
        text,
        &["the document has more than 5000000 nodes"],
        heavy_limit(),
    );
}

/// Each anchor holds an alias of the one before, one level deeper: no collection in the text is
/// nested more than 3 deep, yet the tree is 1,000 deep (and 500,000 nodes, within the budget).
#[test]
fn yaml_aliases_nesting_deeper_than_the_bound_are_refused() {
    let mut text = String::from(
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\nx-deep:\n  l0: &l0 [x]\n",
    );
    for i in 1..1_000 {
        text.push_str(&format!("  l{i}: &l{i} [*l{}]\n", i - 1));
    }
    fails_at_line(
        "alias_deep.yaml",
        text,
        &["nesting deeper than 200 levels"],
        LIMIT,
    );
}

/// The schema keywords that nest, as flow YAML: a level's opening and closing, and the innermost
/// schema.
const NESTINGS: [(&str, &str, &str, &str); 5] = [
    (
        "properties",
        "{type: object, properties: {p: ",
        "}}",
        "{type: string}",
    ),
    ("items", "{type: array, items: ", "}", "{type: string}"),
    (
        "additionalProperties",
        "{type: object, additionalProperties: ",
        "}",
        "{type: string}",
    ),
    (
        "allOf",
        "{allOf: [{type: object, properties: {a: {type: string}}}, ",
        "]}",
        "{type: object, properties: {b: {type: string}}}",
    ),
    (
        "oneOf",
        "{oneOf: [{type: integer}, ",
        "]}",
        "{type: string}",
    ),
];

fn nested_schema(keyword: &str, levels: usize) -> String {
    let (_, open, close, leaf) = NESTINGS
        .iter()
        .find(|n| n.0 == keyword)
        .expect("a keyword of NESTINGS");
    let mut text = String::from(HEAD);
    text.push_str("    A: ");
    text.push_str(&open.repeat(levels));
    text.push_str(leaf);
    text.push_str(&close.repeat(levels));
    text.push('\n');
    text
}

#[test]
fn schemas_nested_30_deep_generate_or_stop_at_the_bounds() {
    for (keyword, ..) in NESTINGS {
        let file = format!("nested_{keyword}_30.yaml");
        let expect = match keyword {
            "allOf" => Skipped("`allOf` members must all be object schemas to be merged"),
            "oneOf" => Skipped("this union member has no JSON shape the generator can tell apart"),
            _ => Valid,
        };
        check_text(&file, nested_schema(keyword, 30), expect, LIMIT);
    }
}

/// `allOf` merging and the shapes of nested unions stop 17 levels down.
#[test]
fn all_of_and_union_nesting_is_depth_bounded() {
    for (keyword, message) in [
        (
            "allOf",
            "`allOf` members must all be object schemas to be merged",
        ),
        (
            "oneOf",
            "this union member has no JSON shape the generator can tell apart",
        ),
    ] {
        let file = format!("nested_{keyword}_17.yaml");
        check_text(&file, nested_schema(keyword, 17), Valid, LIMIT);
        let file = format!("nested_{keyword}_18.yaml");
        check_text(&file, nested_schema(keyword, 18), Skipped(message), LIMIT);
    }
}

/// As deep as the YAML bound lets each keyword nest (each level is one or two collections).
#[test]
fn schemas_nested_to_the_yaml_bound_give_code_or_a_located_error() {
    for (keyword, _, close, _) in NESTINGS {
        // Each level nests `close.len()` collections.
        let levels = yaml_levels_available() / close.len();
        let file = format!("nested_{keyword}_{levels}.yaml");
        let text = nested_schema(keyword, levels);
        match generate_bounded(options(&file, text, Vec::new()), LIMIT) {
            Ok(generated) => assert_parses(&file, &generated),
            Err(diags) => {
                assert_located(&file, &diags.0);
                assert!(
                    !diags.to_string().contains("nesting deeper"),
                    "{file}: the test nests too deep for the YAML bound:\n{diags}"
                );
            }
        }
    }
}

/// Collections left under `yaml::MAX_DEPTH` for the nesting in `components/schemas/A`: the
/// root, `components` and `schemas` take three, the innermost `allOf` member three more.
fn yaml_levels_available() -> usize {
    generator::yaml::MAX_DEPTH - 7
}

#[test]
fn input_over_256_mib_is_refused_before_reading() {
    let text = " ".repeat(generator::source::MAX_INPUT_BYTES + 1);
    let diags =
        generate_bounded(options("huge.yaml", text, Vec::new()), LIMIT).expect_err("refused");
    assert_eq!(diags.0.len(), 1, "{diags}");
    let d = &diags.0[0];
    assert!(
        d.message
            .contains("the file is larger than 256 MiB, the most this generator reads"),
        "{d}"
    );
    // The whole file is the location: no pointer or line.
    assert_eq!(d.location.file, "huge.yaml");
}

/// 50 MiB in an extension: read, and ignored.
#[test]
fn string_of_50_mib_in_an_extension_is_read() {
    let big = "a".repeat(50 << 20);
    let mut text = String::from(HEAD);
    text.push_str(&format!(
        "    A:\n      type: object\n      x-big: '{big}'\n      properties:\n        x: {{type: string}}\n"
    ));
    check_text("big_string_extension.yaml", text, Valid, heavy_limit());
}

/// 50 MiB in a description: printed as documentation, and the file still parses.
#[test]
fn string_of_50_mib_in_a_description_is_printed() {
    let big = "a".repeat(50 << 20);
    let text = format!(
        r##"{{"openapi": "3.1.0", "info": {{"title": "T", "version": "1"}},
"paths": {{"/x": {{"get": {{"operationId": "getX", "responses": {{"200": {{"description": "ok",
"content": {{"application/json": {{"schema": {{"$ref": "#/components/schemas/A"}}}}}}}}}}}}}}}},
"components": {{"schemas": {{"A": {{"type": "object", "description": "{big}",
"properties": {{"x": {{"type": "string"}}}}}}}}}}}}"##
    );
    let generated = generate_bounded(
        options("big_string_description.json", text, Vec::new()),
        heavy_limit(),
    )
    .unwrap_or_else(|d| panic!("{d}"));
    let structs = common::file(&generated, "structs.rs");
    assert!(structs.len() > 50 << 20, "the description is printed");
    assert_parses("big_string_description.json", &generated);
}

/// A chain of `$ref`s, `A` → `S1` → … → a string; `hops` counts the response's own `$ref`.
fn ref_chain(hops: usize) -> String {
    let mut text = String::from(HEAD);
    let name = |i: usize| {
        if i == 0 {
            "A".to_owned()
        } else {
            format!("S{i}")
        }
    };
    for i in 0..hops - 1 {
        text.push_str(&format!(
            "    {}: {{$ref: '#/components/schemas/{}'}}\n",
            name(i),
            name(i + 1)
        ));
    }
    text.push_str(&format!("    {}: {{type: string}}\n", name(hops - 1)));
    text
}

#[test]
fn ref_chains_are_followed_64_steps() {
    check_text("ref_chain_63.yaml", ref_chain(63), Valid, LIMIT);
    check_text(
        "ref_chain_65.yaml",
        ref_chain(65),
        Skipped("`$ref` chain loops without reaching a schema"),
        LIMIT,
    );
}

/// `A` → `S1` → … → `S{n}` through one property each.
fn property_chain(n: usize) -> String {
    let mut text = String::from(HEAD);
    for i in 0..n {
        let name = if i == 0 {
            "A".to_owned()
        } else {
            format!("S{i}")
        };
        text.push_str(&format!(
            "    {name}: {{type: object, properties: {{next: {{$ref: '#/components/schemas/S{}'}}}}}}\n",
            i + 1
        ));
    }
    text.push_str(&format!("    S{n}: {{type: string}}\n"));
    text
}

#[test]
fn a_chain_of_500_schemas_generates() {
    check_text("chain_500.yaml", property_chain(500), Valid, LIMIT);
}

#[test]
fn a_chain_of_10_000_schemas_generates_in_time() {
    check_text(
        "chain_10000.yaml",
        property_chain(10_000),
        Valid,
        heavy_limit(),
    );
}
