//! OAI Overlay 1.0 documents applied to a description tree.
//!
//! Targets are RFC 9535 JSONPath expressions (evaluated by `serde_json_path`); `update` merges
//! an object into every node it selects (objects recursively, arrays appended to, other values
//! replaced) and `remove: true` deletes the nodes. A target that selects nothing is an error
//! that names the action, so an overlay that no longer fits a newer description never yields a
//! different client in silence. Overlays are applied to the document as published, before
//! normalization, so that their targets read like the file the user opens.

use crate::diag::{pointer_join, Diagnostics};
use crate::source::Document;
use serde_json::Value;
use serde_json_path::JsonPath;

/// Applies every action of `overlay` to `doc`, in order.
pub fn apply(doc: &mut Document, overlay: &Document, diags: &mut Diagnostics) {
    match overlay.value.get("overlay").and_then(Value::as_str) {
        Some(v) if v.starts_with("1.") => {}
        Some(v) => {
            diags.push(
                overlay.locate("#/overlay"),
                format!("overlay version `{v}` is not supported: this generator applies 1.x"),
            );
            return;
        }
        None => {
            diags.push(
                overlay.locate("#"),
                "not an overlay: the `overlay` version field is missing",
            );
            return;
        }
    }
    let Some(actions) = overlay.value.get("actions").and_then(Value::as_array) else {
        diags.push(
            overlay.locate("#/actions"),
            "an overlay needs an `actions` list",
        );
        return;
    };
    for (i, action) in actions.iter().enumerate() {
        let at = pointer_join("#/actions", &i.to_string());
        let Some(target) = action.get("target").and_then(Value::as_str) else {
            diags.push(overlay.locate(&at), "an action needs a `target` JSONPath");
            continue;
        };
        let path = match JsonPath::parse(target) {
            Ok(path) => path,
            Err(e) => {
                diags.push(
                    overlay.locate(&pointer_join(&at, "target")),
                    format!("invalid JSONPath `{target}`: {e}"),
                );
                continue;
            }
        };
        let mut pointers: Vec<String> = path
            .query_located(&doc.value)
            .locations()
            .map(|l| l.to_json_pointer())
            .collect();
        if pointers.is_empty() {
            diags.push(
                overlay.locate(&pointer_join(&at, "target")),
                format!("target `{target}` selects nothing in {}: the overlay no longer fits this description", doc.file),
            );
            continue;
        }
        let remove = action
            .get("remove")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        if remove {
            // Deepest and last first, so earlier removals do not shift later array indices.
            pointers.sort();
            for pointer in pointers.iter().rev() {
                remove_at(&mut doc.value, pointer);
            }
        } else if let Some(update) = action.get("update") {
            for pointer in &pointers {
                if let Some(node) = doc.value.pointer_mut(pointer) {
                    merge(node, update);
                }
            }
        } else {
            diags.push(
                overlay.locate(&at),
                "an action needs `update` or `remove: true`",
            );
        }
    }
}

fn remove_at(root: &mut Value, pointer: &str) {
    let Some(split) = pointer.rfind('/') else {
        *root = Value::Null;
        return;
    };
    let (parent, last) = (&pointer[..split], &pointer[split + 1..]);
    let key = last.replace("~1", "/").replace("~0", "~");
    match root.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.remove(&key);
        }
        Some(Value::Array(items)) => {
            if let Ok(i) = key.parse::<usize>() {
                if i < items.len() {
                    items.remove(i);
                }
            }
        }
        _ => {}
    }
}

/// Overlay merge: objects recursively, arrays appended to, anything else replaced.
fn merge(target: &mut Value, update: &Value) {
    match (target, update) {
        (Value::Object(t), Value::Object(u)) => {
            for (key, value) in u {
                match t.get_mut(key) {
                    Some(existing) => merge(existing, value),
                    None => {
                        t.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (Value::Array(t), Value::Array(u)) => t.extend(u.iter().cloned()),
        (Value::Array(t), u) => t.push(u.clone()),
        (t, u) => *t = u.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(value: Value) -> Document {
        Document {
            file: "d.yaml".into(),
            value,
            positions: Default::default(),
            aliases: Vec::new(),
            origins: Vec::new(),
        }
    }

    #[test]
    fn update_merges_and_appends() {
        let mut d = doc(
            json!({"paths": {"/a": {"post": {"parameters": [{"name": "x"}], "summary": "s"}}}}),
        );
        let o = doc(json!({"overlay": "1.0.0", "actions": [
            {"target": "$.paths['/a'].post", "update": {"parameters": [{"name": "y"}], "summary": "t"}}
        ]}));
        let mut diags = Diagnostics::default();
        apply(&mut d, &o, &mut diags);
        assert!(diags.is_empty(), "{diags}");
        assert_eq!(
            d.value["paths"]["/a"]["post"],
            json!({"parameters": [{"name": "x"}, {"name": "y"}], "summary": "t"})
        );
    }

    #[test]
    fn remove_deletes_every_match() {
        let mut d = doc(json!({"a": [{"x": 1}, {"x": 2}, {"y": 3}]}));
        let o =
            doc(json!({"overlay": "1.0.0", "actions": [{"target": "$.a[?@.x]", "remove": true}]}));
        let mut diags = Diagnostics::default();
        apply(&mut d, &o, &mut diags);
        assert!(diags.is_empty(), "{diags}");
        assert_eq!(d.value, json!({"a": [{"y": 3}]}));
    }

    #[test]
    fn a_target_that_selects_nothing_is_named() {
        let mut d = doc(json!({"paths": {}}));
        let o = doc(
            json!({"overlay": "1.0.0", "actions": [{"target": "$.paths['/gone']", "update": {}}]}),
        );
        let mut diags = Diagnostics::default();
        apply(&mut d, &o, &mut diags);
        let e = &diags.0[0];
        assert_eq!(e.location.pointer.as_deref(), Some("#/actions/0/target"));
        assert!(
            e.message.contains("$.paths['/gone']") && e.message.contains("selects nothing"),
            "{}",
            e.message
        );
    }

    #[test]
    fn bad_jsonpath_is_located() {
        let mut d = doc(json!({}));
        let o = doc(json!({"overlay": "1.0.0", "actions": [{"target": "$[", "remove": true}]}));
        let mut diags = Diagnostics::default();
        apply(&mut d, &o, &mut diags);
        assert!(diags.0[0].message.contains("invalid JSONPath"), "{diags}");
    }
}
