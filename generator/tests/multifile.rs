//! Descriptions split over files: `$ref`s to relative files (YAML or JSON, any depth, cycles
//! across files, pointers into them) are followed, and errors inside a part name its file.

mod common;

use common::{file, generate_fixture, options};
use generator::Input;
use std::path::{Path, PathBuf};

/// A folder of its own under the target directory, emptied first.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("multifile")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    dir
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("folders");
    std::fs::write(path, text).expect("written");
}

/// Generates every operation of `dir/api.yaml`, read as a file.
fn generate_at(dir: &Path) -> Result<generator::Generated, generator::Diagnostics> {
    let path = dir.join("api.yaml");
    let input = Input {
        file: "api.yaml".into(),
        text: std::fs::read_to_string(&path).expect("the entry file"),
        path: Some(path),
    };
    let mut opts = options(input, Vec::new(), &[]);
    opts.all_operations = true;
    generator::generate(&opts)
}

const ENTRY: &str = r#"openapi: 3.0.3
info: {title: Parts, version: '1'}
paths:
  /a:
    get:
      operationId: getA
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: 'part.yaml#/A'}
"#;

#[test]
fn operations_path_items_parameters_responses_and_schemas_in_other_files() {
    let generated = generate_fixture("multifile/api.yaml");
    assert_eq!(generated.total, 3);
    assert_eq!(generated.operations, 3, "{:?}", generated.skipped);
    let structs = file(&generated, "structs.rs");
    // A whole file as a schema is named after the file; two files that refer to each other
    // (pet.yaml ↔ owner.yaml) end; a part refers back into the entry file (Tag).
    for wanted in [
        "pub struct Pet {",
        "pub struct Owner {",
        "pub struct Tag {",
        "pub struct Error {",
        "pub tags: Option<Vec<Tag>>,",
        "pub pets: Option<Vec<Pet>>,",
    ] {
        assert!(structs.contains(wanted), "{wanted} in\n{structs}");
    }
    let operations = file(&generated, "operations.rs");
    for wanted in [
        "pub async fn list_pets(&self, limit: Option<i64>)",
        "pub async fn create_pet(&self, request: &Pet)",
        "pub async fn get_pet(&self, id: &str)",
    ] {
        assert!(operations.contains(wanted), "{wanted} in\n{operations}");
    }
    // The error response of another file types the error body.
    let module = file(&generated, "mod.rs");
    assert!(
        module.contains("pub type Error = openapi_client_runtime::Error<types::Error>;"),
        "{module}"
    );
}

#[test]
fn an_error_inside_a_part_names_its_file_and_line() {
    let dir = scratch("error_in_part");
    write(&dir, "api.yaml", ENTRY);
    write(
        &dir,
        "part.yaml",
        "A:\n  type: object\n  properties:\n    n:\n      $ref: '#/Nowhere'\n",
    );
    let errors = generate_at(&dir).expect_err("the part's $ref leads nowhere");
    let text = errors.to_string();
    assert!(text.contains("part.yaml:5:"), "{text}");
    assert!(text.contains("`#/Nowhere` is not in part.yaml"), "{text}");
}

#[test]
fn a_missing_file_a_url_and_text_without_a_file_are_located_errors() {
    let dir = scratch("missing");
    write(&dir, "api.yaml", ENTRY);
    let text = generate_at(&dir)
        .expect_err("part.yaml is absent")
        .to_string();
    assert!(text.contains("api.yaml:12:"), "{text}");
    assert!(text.contains("cannot read part.yaml"), "{text}");

    let dir = scratch("url");
    write(
        &dir,
        "api.yaml",
        &ENTRY.replace("part.yaml#/A", "https://example.com/a.yaml"),
    );
    let text = generate_at(&dir).expect_err("a URL").to_string();
    assert!(
        text.contains("is a URL; only files beside the description are read"),
        "{text}"
    );

    let mut opts = options(
        Input {
            file: "api.yaml".into(),
            text: ENTRY.into(),
            path: None,
        },
        Vec::new(),
        &[],
    );
    opts.all_operations = true;
    let text = generator::generate(&opts).expect_err("no file").to_string();
    assert!(text.contains("was not read from a file"), "{text}");
}
