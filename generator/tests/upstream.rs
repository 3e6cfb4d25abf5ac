//! OpenAI's published descriptions (`../shared/specs/`, beside the repository; test data that
//! is not part of it): the `createThreadAndRun` closure of each loads and lowers with the
//! project's overlay, and the latest one generates what the project's own description does.
//! On a machine without that folder each test is ignored (see `build.rs`); under CI the build
//! fails instead.

mod common;

use common::{input, manifest_dir, options, project_options, upstream_dir};
use generator::Generated;

/// Generates `createThreadAndRun` from one upstream file with `spec/overlay.yaml`.
fn generate_upstream(file: &str) -> Generated {
    let dir = upstream_dir();
    let overlay = input(&manifest_dir().join("../spec/overlay.yaml"));
    let opts = options(
        input(&dir.join(file)),
        vec![overlay],
        &["createThreadAndRun"],
    );
    let generated =
        generator::generate(&opts).unwrap_or_else(|d| panic!("{file} does not generate:\n{d}"));
    generated
}

#[track_caller]
fn assert_plausible(file: &str) {
    let g = generate_upstream(file);
    assert_eq!(g.operations, 1, "{file}");
    assert!(g.types > 100, "{file}: only {} types", g.types);
    let operations = g
        .files
        .iter()
        .find(|(p, _)| p == "operations.rs")
        .map(|(_, t)| t.as_str())
        .unwrap_or_default();
    assert!(
        operations.contains("pub async fn create_thread_and_run("),
        "{file}:\n{operations}"
    );
}

#[test]
#[cfg_attr(
    not(upstream_specs),
    ignore = "needs ../shared/specs (test data beside the repository)"
)]
fn latest_yaml_generates() {
    assert_plausible("openai-latest.yaml");
}

#[test]
#[cfg_attr(
    not(upstream_specs),
    ignore = "needs ../shared/specs (test data beside the repository)"
)]
fn latest_json_generates() {
    assert_plausible("openai-latest.json");
}

#[test]
#[cfg_attr(
    not(upstream_specs),
    ignore = "needs ../shared/specs (test data beside the repository)"
)]
fn documented_2025_11_12_generates() {
    assert_plausible("openai-2025-11-12.yaml");
}

#[test]
#[cfg_attr(
    not(upstream_specs),
    ignore = "needs ../shared/specs (test data beside the repository)"
)]
fn last_openapi_3_0_2025_04_29_generates() {
    assert_plausible("openai-2025-04-29.yaml");
}

#[test]
#[cfg_attr(
    not(upstream_specs),
    ignore = "needs ../shared/specs (test data beside the repository)"
)]
fn first_with_stream_2024_03_27_generates() {
    assert_plausible("openai-2024-03-27.yaml");
}

/// The text without documentation: `///` and `//!` lines and `#![doc = ...]` attributes.
fn without_docs(text: &str) -> String {
    text.lines()
        .filter(|line| {
            let t = line.trim_start();
            // The API's title, shown by the client's `Debug`, is documentation too.
            !(t.starts_with("///")
                || t.starts_with("//!")
                || t.starts_with("#![doc")
                || t.starts_with("title: \""))
        })
        .map(|line| format!("{line}\n"))
        .collect()
}

/// A short report of where two texts part: the first differing lines, with some context.
fn short_diff(left: &str, right: &str) -> String {
    let l: Vec<&str> = left.lines().collect();
    let r: Vec<&str> = right.lines().collect();
    let first = l
        .iter()
        .zip(&r)
        .position(|(a, b)| a != b)
        .unwrap_or(l.len().min(r.len()));
    let from = first.saturating_sub(3);
    let mut out = format!("first difference at line {} (docs stripped):\n", first + 1);
    for line in &l[from..first] {
        out.push_str(&format!("  {line}\n"));
    }
    for line in l.iter().skip(first).take(8) {
        out.push_str(&format!("- {line}\n"));
    }
    for line in r.iter().skip(first).take(8) {
        out.push_str(&format!("+ {line}\n"));
    }
    out.push_str(&format!("({} lines against {})", l.len(), r.len()));
    out
}

#[test]
#[cfg_attr(
    not(upstream_specs),
    ignore = "needs ../shared/specs (test data beside the repository)"
)]
fn latest_upstream_generates_what_the_project_description_generates_docs_aside() {
    let upstream = generate_upstream("openai-latest.yaml");
    let ours = generator::generate(&project_options())
        .unwrap_or_else(|d| panic!("the project does not generate:\n{d}"));
    let names = |g: &Generated| g.files.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&ours), names(&upstream));
    let mut failures = Vec::new();
    for ((path, mine), (_, theirs)) in ours.files.iter().zip(&upstream.files) {
        let (mine, theirs) = (without_docs(mine), without_docs(theirs));
        if mine != theirs {
            failures.push(format!(
                "{path}: spec/openapi.yaml (-) and openai-latest.yaml (+) differ; {}",
                short_diff(&mine, &theirs)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert_eq!(ours.types, upstream.types);
}
