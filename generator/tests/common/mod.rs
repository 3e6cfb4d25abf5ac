//! Helpers shared by the integration tests: fixtures in, generated files out.
#![allow(dead_code)]

use generator::{Diagnostic, Diagnostics, Generated, Input, Options};
use std::path::{Path, PathBuf};

/// The generator crate's directory.
pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A file under `tests/fixtures/`.
pub fn fixture_path(name: &str) -> PathBuf {
    manifest_dir().join("tests/fixtures").join(name)
}

/// An input read from disk, named by its file name (as messages show it).
pub fn input(path: &Path) -> Input {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let file = path
        .file_name()
        .expect("a file path")
        .to_string_lossy()
        .into_owned();
    Input {
        file,
        text,
        path: Some(path.to_path_buf()),
    }
}

/// An input from a fixture.
pub fn fixture(name: &str) -> Input {
    input(&fixture_path(name))
}

/// Options for one description, its overlays and operations.
pub fn options(description: Input, overlays: Vec<Input>, operations: &[&str]) -> Options {
    Options {
        description,
        overlays,
        operations: operations.iter().map(|s| (*s).to_owned()).collect(),
        all_operations: false,
        client: Default::default(),
    }
}

/// Generates every operation of a fixture; panics with the diagnostics on failure.
pub fn generate_fixture(name: &str) -> Generated {
    let mut opts = options(fixture(name), Vec::new(), &[]);
    opts.all_operations = true;
    generator::generate(&opts).unwrap_or_else(|d| panic!("{name} does not generate:\n{d}"))
}

/// The text of one generated file.
pub fn file<'a>(generated: &'a Generated, path: &str) -> &'a str {
    generated
        .files
        .iter()
        .find(|(p, _)| p == path)
        .map(|(_, text)| text.as_str())
        .unwrap_or_else(|| panic!("no generated file {path}"))
}

/// The one diagnostic whose message contains `needle`.
pub fn find<'a>(diags: &'a Diagnostics, needle: &str) -> &'a Diagnostic {
    let found: Vec<&Diagnostic> = diags
        .0
        .iter()
        .filter(|d| d.message.contains(needle))
        .collect();
    match found.as_slice() {
        [one] => one,
        _ => panic!("expected one diagnostic containing {needle:?}, got:\n{diags}"),
    }
}

/// Why a test that reads the upstream descriptions is ignored on a machine without them (the
/// crate's build script sets the `upstream_specs` cfg when they are there, and fails under CI
/// when they are not).
pub const NEEDS_UPSTREAM: &str = "needs ../shared/specs (test data beside the repository)";

/// The upstream descriptions (`../../shared/specs/`). Only tests marked
/// `#[cfg_attr(not(upstream_specs), ignore = …)]` call it, so a missing folder is a failure
/// (with `--include-ignored` on a machine without the data), never a silent pass.
pub fn upstream_dir() -> PathBuf {
    let dir = manifest_dir().join("../../shared/specs");
    assert!(
        dir.is_dir(),
        "{} is absent: {NEEDS_UPSTREAM}",
        dir.display()
    );
    dir
}

/// The project's own description, overlay and operations, as `cargo xtask codegen` reads them.
pub fn project_options() -> Options {
    let spec = manifest_dir().join("../spec");
    let config_input = input(&spec.join("codegen.yaml"));
    let config = generator::Config::parse(&config_input.file, &config_input.text)
        .unwrap_or_else(|d| panic!("codegen.yaml: {d}"));
    Options {
        description: input(&spec.join(&config.description)),
        overlays: config
            .overlays
            .iter()
            .map(|o| input(&spec.join(o)))
            .collect(),
        operations: config.operations.clone(),
        all_operations: false,
        client: Default::default(),
    }
}
