//! A small change to the description gives a small change to the generated code: names never
//! depend on position, so a field added changes only the lines about it. The project's own
//! description is generated as it is and with one optional property added to `RunObject`, and
//! the two outputs are compared line by line.

mod common;

use common::project_options;
use similar::{ChangeTag, TextDiff};

/// Lines added (`+`) or removed (`-`), over every generated file, between two generations.
fn changed_lines(
    before: &generator::Generated,
    after: &generator::Generated,
) -> Vec<(char, String)> {
    let mut changed = Vec::new();
    for (name, new) in &after.files {
        let old = before
            .files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, text)| text.as_str())
            .unwrap_or("");
        for change in TextDiff::from_lines(old, new).iter_all_changes() {
            let sign = match change.tag() {
                ChangeTag::Equal => continue,
                ChangeTag::Delete => '-',
                ChangeTag::Insert => '+',
            };
            changed.push((sign, format!("{name}: {sign}{}", change.value().trim_end())));
        }
    }
    changed
}

#[test]
fn one_optional_field_added_to_run_object_changes_at_most_fifteen_lines() {
    let options = project_options();
    let before = generator::generate(&options).expect("spec/ generates");

    let mut changed = options.clone();
    let text = &mut changed.description.text;
    let object = text
        .find("\n    RunObject:\n")
        .expect("spec/openapi.yaml declares RunObject");
    let properties = object
        + text[object..]
            .find("\n      properties:\n")
            .expect("RunObject has properties");
    let at = properties + "\n      properties:\n".len();
    text.insert_str(
        at,
        "        priority:\n          type: integer\n          description: Where the run stands in the queue.\n",
    );
    let after = generator::generate(&changed).expect("the changed description generates");

    let changed = changed_lines(&before, &after);
    let lines: Vec<&str> = changed.iter().map(|(_, line)| line.as_str()).collect();
    println!("{} lines changed:\n{}", lines.len(), lines.join("\n"));
    assert!(
        lines
            .iter()
            .any(|l| l.contains("pub priority: Option<i64>,")),
        "the field was not added:\n{}",
        lines.join("\n")
    );
    assert!(
        changed.iter().all(|(sign, _)| *sign == '+'),
        "a line was removed:\n{}",
        lines.join("\n")
    );
    assert!(
        lines.len() <= 15,
        "{} lines changed:\n{}",
        lines.len(),
        lines.join("\n")
    );
}
