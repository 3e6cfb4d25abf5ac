//! The generated files depend on the description's content only: not on the run, and not on
//! the order of keys in its mappings.

mod common;

use common::project_options;
use generator::source::Document;
use generator::{Generated, Input};
use serde_json::Value;

fn generate(options: &generator::Options) -> Generated {
    generator::generate(options).unwrap_or_else(|d| panic!("the project does not generate:\n{d}"))
}

/// JSON text of a tree with the keys of every object written in the reverse of the order the
/// tree iterates them; arrays keep their order (theirs is meaningful).
///
/// Written by hand rather than through `serde_json::Map`: without serde_json's
/// `preserve_order` feature (this workspace does not enable it) a `Map` is sorted, so
/// reordering one in memory would change nothing.
fn reversed_json(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            out.push('{');
            for (i, (key, child)) in map.iter().rev().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                reversed_json(child, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                reversed_json(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// The input with its mappings' keys reversed, as JSON text under a `.json` name.
fn reordered(input: &Input) -> Input {
    let doc = Document::parse(&input.file, &input.text).unwrap_or_else(|d| panic!("{d}"));
    let mut text = String::new();
    reversed_json(&doc.value, &mut text);
    Input {
        file: format!("{}.reversed.json", input.file),
        text,
        path: None,
    }
}

/// The top-level keys of a JSON or YAML text, in the order the text writes them.
fn top_level_keys_in_text_order(text: &str) -> Vec<String> {
    let doc = Document::parse("t", text).expect("parses");
    let mut keys: Vec<(usize, String)> = doc
        .value
        .as_object()
        .expect("a mapping")
        .keys()
        .map(|k| {
            let quoted = Value::String(k.clone()).to_string();
            let at = text
                .find(&format!("\n{k}:"))
                .or_else(|| text.find(&format!("{quoted}:")))
                .unwrap_or_else(|| panic!("key {k} not found in the text"));
            (at, k.clone())
        })
        .collect();
    keys.sort();
    keys.into_iter().map(|(_, k)| k).collect()
}

#[track_caller]
fn assert_same_files(a: &Generated, b: &Generated, what: &str) {
    let names = |g: &Generated| g.files.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(a), names(b), "{what}: different files");
    for ((path, left), (_, right)) in a.files.iter().zip(&b.files) {
        if left != right {
            let line = left
                .lines()
                .zip(right.lines())
                .position(|(l, r)| l != r)
                .unwrap_or_else(|| left.lines().count().min(right.lines().count()));
            panic!(
                "{what}: {path} differs from line {}:\n- {}\n+ {}",
                line + 1,
                left.lines().nth(line).unwrap_or("<end of file>"),
                right.lines().nth(line).unwrap_or("<end of file>"),
            );
        }
    }
    assert_eq!(a.operations, b.operations, "{what}: operation count");
    assert_eq!(a.types, b.types, "{what}: type count");
}

#[test]
fn two_runs_give_identical_bytes() {
    let options = project_options();
    let first = generate(&options);
    let second = generate(&options);
    assert_same_files(&first, &second, "second run");
    assert!(first.types > 0 && first.operations == options.operations.len());
}

#[test]
fn reordering_every_mapping_changes_nothing() {
    let options = project_options();
    let original = generate(&options);

    let mut shuffled = options.clone();
    shuffled.description = reordered(&options.description);
    shuffled.overlays = options.overlays.iter().map(reordered).collect();
    // The reordered text really is in another order than the original.
    let before = top_level_keys_in_text_order(&options.description.text);
    let after = top_level_keys_in_text_order(&shuffled.description.text);
    assert_ne!(before, after, "the reordering changed no key order");
    let mut sorted = after.clone();
    sorted.sort();
    sorted.reverse();
    assert_eq!(after, sorted, "keys are written in reverse order");

    let from_reordered = generate(&shuffled);
    assert_same_files(&original, &from_reordered, "reordered description");
}

#[test]
fn the_reversing_writer_keeps_content() {
    let text = r#"{"b": [3, {"z": null, "a": "x\"y"}], "a": 1.5, "c": true}"#;
    let value: Value = serde_json::from_str(text).unwrap();
    let mut out = String::new();
    reversed_json(&value, &mut out);
    assert_eq!(out, r#"{"c":true,"b":[3,{"z":null,"a":"x\"y"}],"a":1.5}"#);
    assert_eq!(serde_json::from_str::<Value>(&out).unwrap(), value);
}
