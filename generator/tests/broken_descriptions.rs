//! Broken input: every problem is a located diagnostic (file, JSON pointer, line:column where
//! the input is YAML), never a panic. Fixtures are under `tests/fixtures/broken/`.

mod common;

use common::{find, fixture, options};
use generator::{Diagnostic, Diagnostics, Location};

/// Generates every operation of a broken fixture; the diagnostics it fails with, or that the
/// operations it had to skip were skipped for (an `all_operations` run skips an operation it
/// cannot express instead of failing).
fn errors(name: &str) -> Diagnostics {
    let mut opts = options(fixture(&format!("broken/{name}")), Vec::new(), &[]);
    opts.all_operations = true;
    match generator::generate(&opts) {
        Ok(generated) if !generated.skipped.is_empty() => {
            let mut reasons: Vec<Diagnostic> = generated
                .skipped
                .into_iter()
                .flat_map(|s| s.reasons)
                .collect();
            reasons.sort();
            Diagnostics(reasons)
        }
        Ok(_) => panic!("{name} generated without error"),
        Err(d) => d,
    }
}

/// An operation the generator cannot express is skipped by name in an `all_operations` run,
/// and the others are generated.
#[test]
fn all_operations_skips_what_it_cannot_express() {
    let mut opts = options(fixture("broken/cookie_param.yaml"), Vec::new(), &[]);
    opts.all_operations = true;
    let generated = generator::generate(&opts).expect("the other operations generate");
    let skipped: Vec<&str> = generated
        .skipped
        .iter()
        .map(|s| s.operation.as_str())
        .collect();
    assert!(!skipped.is_empty(), "something is skipped");
    for s in &generated.skipped {
        assert!(
            !s.reasons.is_empty() && s.reasons[0].location.pointer.is_some(),
            "{s:?}"
        );
    }
    // Asked for by name, the same operation is an error.
    let opts = options(
        fixture("broken/cookie_param.yaml"),
        Vec::new(),
        &[skipped[0]],
    );
    assert!(generator::generate(&opts).is_err());
}

/// Generates `small.yaml` with overlays and operations; the diagnostics it fails with.
fn errors_with(overlays: &[&str], operations: &[&str]) -> Diagnostics {
    let overlays = overlays
        .iter()
        .map(|o| fixture(&format!("broken/{o}")))
        .collect();
    let opts = options(fixture("broken/small.yaml"), overlays, operations);
    match generator::generate(&opts) {
        Ok(_) => panic!("small.yaml with {operations:?} generated without error"),
        Err(d) => d,
    }
}

/// The only diagnostic, which must contain `needle`.
#[track_caller]
fn only<'a>(diags: &'a Diagnostics, needle: &str) -> &'a Diagnostic {
    assert_eq!(diags.0.len(), 1, "expected one diagnostic:\n{diags}");
    find(diags, needle)
}

#[track_caller]
fn assert_at(d: &Diagnostic, file: &str, pointer: Option<&str>, line_col: Option<(usize, usize)>) {
    let expected = Location {
        file: file.into(),
        pointer: pointer.map(str::to_owned),
        line_col,
    };
    assert_eq!(d.location, expected, "{d}");
}

#[test]
fn the_generator_itself_accepts_the_base_of_these_cases() {
    let opts = options(fixture("broken/small.yaml"), Vec::new(), &["getPet"]);
    generator::generate(&opts).unwrap_or_else(|d| panic!("{d}"));
}

#[test]
fn bad_yaml_syntax_has_line_and_column() {
    let diags = errors("bad_syntax.yaml");
    let d = only(&diags, "invalid YAML");
    // The flow sequence opened on line 4 is still open when `paths:` brings a `:` indicator.
    assert!(d.message.contains("':'"), "{d}");
    assert_at(d, "bad_syntax.yaml", None, Some((5, 6)));
}

#[test]
fn bad_json_syntax_has_line_and_column() {
    let diags = errors("bad_syntax.json");
    let d = only(&diags, "invalid JSON: key must be a string");
    // serde_json's own " at line L column C" is not repeated: the location says it.
    assert!(!d.message.contains(" at line "), "{d}");
    assert_at(d, "bad_syntax.json", None, Some((4, 13)));
}

#[test]
fn ref_to_nowhere_points_at_the_ref() {
    let diags = errors("ref_to_nowhere.yaml");
    let d = only(
        &diags,
        "`$ref: #/components/schemas/Missing` points to nothing",
    );
    assert_at(
        d,
        "ref_to_nowhere.yaml",
        Some("#/paths/~1pets/get/responses/200/content/application~1json/schema/$ref"),
        Some((13, 17)),
    );
}

#[test]
fn a_missing_file_is_refused_at_the_ref() {
    let diags = errors("external_ref.yaml");
    let d = only(&diags, "cannot read other.yaml");
    assert_at(
        d,
        "external_ref.yaml",
        Some("#/paths/~1pets/get/responses/200/content/application~1json/schema/$ref"),
        Some((13, 17)),
    );
}

#[test]
fn unknown_operation_ids_are_named_with_near_names() {
    let diags = errors_with(&[], &["getpet", "deletePet"]);
    assert_eq!(diags.0.len(), 2, "{diags}");
    let near = find(
        &diags,
        "no operation has operationId `getpet` (did you mean getPet?)",
    );
    // The whole `paths` is where to look; no single line is to blame.
    assert_at(near, "small.yaml", Some("#/paths"), None);
    let far = find(&diags, "no operation has operationId `deletePet`");
    assert!(!far.message.contains("did you mean"), "{far}");
    assert_at(far, "small.yaml", Some("#/paths"), None);
}

#[test]
fn duplicate_operation_id_points_at_the_second_use() {
    let diags = errors("duplicate_operation_id.yaml");
    let d = only(&diags, "operationId `getThing` is used twice");
    assert!(d.message.contains("(also at #/paths/~1a/get)"), "{d}");
    assert_at(
        d,
        "duplicate_operation_id.yaml",
        Some("#/paths/~1b/get/operationId"),
        Some((11, 7)),
    );
}

#[test]
fn openapi_2_is_refused() {
    let diags = errors("swagger2.yaml");
    let d = only(&diags, "Swagger/OpenAPI 2.0 is not supported");
    assert_at(d, "swagger2.yaml", Some("#/swagger"), Some((1, 1)));
}

#[test]
fn openapi_3_2_is_refused() {
    let diags = errors("openapi32.yaml");
    let d = only(&diags, "OpenAPI version `3.2.0` is not supported");
    assert!(d.message.contains("3.0.x and 3.1.x"), "{d}");
    assert_at(d, "openapi32.yaml", Some("#/openapi"), Some((2, 1)));
}

#[test]
fn missing_openapi_field_is_refused() {
    let diags = errors("missing_openapi.yaml");
    let d = only(&diags, "the `openapi` version field is missing");
    assert_at(d, "missing_openapi.yaml", Some("#"), Some((1, 1)));
}

#[test]
fn type_array_with_two_non_null_types_is_refused() {
    let diags = errors("type_array.yaml");
    let d = only(&diags, "a type array with several non-null types");
    assert!(d.message.contains(r#"("string", "integer")"#), "{d}");
    assert!(d.message.contains("use `anyOf`"), "{d}");
    assert_at(
        d,
        "type_array.yaml",
        Some("#/components/schemas/Id/type"),
        Some((7, 7)),
    );
}

#[test]
fn overlay_target_that_selects_nothing_is_named() {
    let diags = errors_with(&["overlay_misses.yaml"], &["getPet"]);
    // The first action fits; only the second is reported.
    let d = only(&diags, "selects nothing");
    assert!(d.message.contains("target `$.paths['/gone'].post`"), "{d}");
    assert!(d.message.contains("in small.yaml"), "{d}");
    assert_at(
        d,
        "overlay_misses.yaml",
        Some("#/actions/1/target"),
        Some((6, 5)),
    );
}

#[test]
fn overlay_with_invalid_jsonpath_is_located() {
    let diags = errors_with(&["overlay_bad_path.yaml"], &["getPet"]);
    let d = only(&diags, "invalid JSONPath `$.paths[?`");
    assert_at(
        d,
        "overlay_bad_path.yaml",
        Some("#/actions/0/target"),
        Some((4, 5)),
    );
}

#[test]
fn cookie_parameters_are_refused() {
    let diags = errors("cookie_param.yaml");
    let d = only(&diags, "cookie parameters are not supported");
    assert_at(
        d,
        "cookie_param.yaml",
        Some("#/paths/~1session/get/parameters/0"),
        Some((8, 11)),
    );
}

#[test]
fn not_schema_is_refused() {
    let diags = errors("not_schema.yaml");
    let d = only(&diags, "`not` cannot be expressed as a Rust type");
    assert_at(
        d,
        "not_schema.yaml",
        Some("#/components/schemas/Pet/properties/name"),
        Some((18, 9)),
    );
}

#[test]
fn several_errors_are_reported_together() {
    let diags = errors("several_errors.yaml");
    assert!(diags.0.len() >= 2, "{diags}");
    let body = find(&diags, "a form body needs an object schema with properties");
    assert_at(
        body,
        "several_errors.yaml",
        Some("#/paths/~1files/post/requestBody/content/multipart~1form-data/schema"),
        Some((10, 13)),
    );
    let not = find(&diags, "`not` cannot be expressed");
    assert_at(
        not,
        "several_errors.yaml",
        Some("#/components/schemas/Upload/properties/id"),
        Some((22, 9)),
    );
}

#[test]
fn display_is_file_line_col_pointer_error_message() {
    let diags = errors("several_errors.yaml");
    let text = diags.to_string();
    let mut lines: Vec<&str> = text.lines().collect();
    // A count closes the report.
    assert_eq!(lines.pop(), Some("2 errors"), "{text}");
    lines.sort_unstable();
    assert_eq!(
        lines,
        [
            "several_errors.yaml:10:13: #/paths/~1files/post/requestBody/content/multipart~1form-data/schema: error: a form body needs an object schema with properties",
            "several_errors.yaml:22:9: #/components/schemas/Upload/properties/id: error: `not` cannot be expressed as a Rust type",
        ]
    );
    // Parts of the location that are unknown are left out, not printed empty.
    assert_eq!(
        errors("bad_syntax.json").to_string(),
        "bad_syntax.json:4:13: error: invalid JSON: key must be a string\n1 error"
    );
    assert_eq!(
        errors_with(&[], &["deletePet"]).to_string(),
        "small.yaml: #/paths: error: no operation has operationId `deletePet`\n1 error"
    );
}

/// Errors in schemas that normalization rewrote are reported where they stand in the file.
#[test]
fn locations_survive_the_3_1_rewrites() {
    let text = "openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /pets:
    get:
      operationId: getPet
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Missing'
                description: a pet
components:
  schemas:
    Pet:
      type: object
      properties:
        p:
          anyOf:
            - type: object
              properties:
                x:
                  not: {type: integer}
            - type: 'null'
";
    let options = generator::Options {
        description: generator::Input {
            file: "t.yaml".into(),
            text: text.into(),
            path: None,
        },
        overlays: Vec::new(),
        operations: vec!["getPet".into()],
        all_operations: false,
        client: Default::default(),
    };
    let errors = generator::generate(&options).unwrap_err().to_string();
    assert!(
        errors.contains("t.yaml:13:17: #/paths/~1pets/get/responses/200/content/application~1json/schema/$ref: error:"),
        "{errors}"
    );
    let options = generator::Options {
        description: generator::Input {
            file: "t.yaml".into(),
            text: text.replace(
                "$ref: '#/components/schemas/Missing'",
                "$ref: '#/components/schemas/Pet'",
            ),
            path: None,
        },
        ..options
    };
    let errors = generator::generate(&options).unwrap_err().to_string();
    assert!(
        errors.contains(
            "t.yaml:24:17: #/components/schemas/Pet/properties/p/anyOf/0/properties/x: error:"
        ),
        "{errors}"
    );
}
