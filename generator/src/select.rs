//! Operations by operationId, and the closure of component schemas they reach.

use crate::diag::{pointer_join, Diagnostics};
use crate::source::{resolve, Document};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// A selected operation: its path, method and JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selected {
    pub id: String,
    pub path: String,
    pub method: String,
    pub pointer: String,
}

/// The operations of a document: each path item's methods, by operationId.
#[derive(Debug, Default)]
pub struct Operations {
    pub by_id: BTreeMap<String, Selected>,
}

impl Operations {
    /// How many operations the description has.
    pub fn total(&self) -> usize {
        self.by_id.len()
    }
}

/// Every operation of the document by operationId (duplicates are errors). One without an
/// operationId is known by its method and path (`GET /pets/{id}`), which also names its method.
pub fn operations(doc: &Document, diags: &mut Diagnostics) -> Operations {
    let mut found = Operations::default();
    let Some(paths) = doc.value.get("paths").and_then(Value::as_object) else {
        return found;
    };
    for (path, item) in paths {
        let item_pointer = pointer_join("#/paths", path);
        // Path items given by `$ref` were replaced by what they name (`bundle` brings in
        // other files' ones, `normalize` this file's).
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let pointer = pointer_join(&item_pointer, method);
            let id = match op.get("operationId").and_then(Value::as_str) {
                Some(id) => id.to_owned(),
                None => format!("{} {path}", method.to_uppercase()),
            };
            if let Some(first) = found.by_id.get(&id) {
                diags.push(
                    doc.locate(&pointer_join(&pointer, "operationId")),
                    format!(
                        "operationId `{id}` is used twice (also at {})",
                        first.pointer
                    ),
                );
                continue;
            }
            found.by_id.insert(
                id.clone(),
                Selected {
                    id,
                    path: path.clone(),
                    method: method.to_owned(),
                    pointer,
                },
            );
        }
    }
    found
}

/// Picks the requested operations; an unknown id is an error that suggests near names.
pub fn select(
    doc: &Document,
    all: &BTreeMap<String, Selected>,
    wanted: &[String],
    diags: &mut Diagnostics,
) -> Vec<Selected> {
    let mut picked = Vec::new();
    for id in wanted {
        match all.get(id) {
            Some(op) => picked.push(op.clone()),
            None => {
                let lower = id.to_lowercase();
                let near: Vec<&str> = all
                    .keys()
                    .filter(|k| k.to_lowercase() == lower || k.to_lowercase().contains(&lower))
                    .map(String::as_str)
                    .take(5)
                    .collect();
                let hint = if near.is_empty() {
                    String::new()
                } else {
                    format!(" (did you mean {}?)", near.join(", "))
                };
                let mut location = doc.locate("#/paths");
                location.line_col = None;
                diags.push(
                    location,
                    format!("no operation has operationId `{id}`{hint}"),
                );
            }
        }
    }
    picked.sort_by(|a, b| a.id.cmp(&b.id));
    picked.dedup_by(|a, b| a.id == b.id);
    picked
}

/// The component schemas reachable from the operations, through any `$ref`.
pub fn closure(doc: &Document, ops: &[Selected], diags: &mut Diagnostics) -> BTreeSet<String> {
    let mut schemas = BTreeSet::new();
    let mut seen_refs = BTreeSet::new();
    let mut queue: Vec<(String, String)> = Vec::new(); // (pointer of a subtree to scan, its origin)
    for op in ops {
        queue.push((op.pointer.clone(), op.pointer.clone()));
        // Parameters declared once for the whole path apply to each of its operations.
        let item = op
            .pointer
            .rsplit_once('/')
            .map(|(p, _)| p.to_owned())
            .unwrap_or_default();
        queue.push((pointer_join(&item, "parameters"), item));
    }
    while let Some((pointer, _)) = queue.pop() {
        let Some(node) = resolve(&doc.value, &pointer) else {
            continue;
        };
        let mut refs = Vec::new();
        collect_refs(node, &pointer, &mut refs);
        for (at, target) in refs {
            if !target.starts_with("#/") {
                diags.push(doc.locate(&at), format!("`$ref: {target}` points outside this file; only local references (`#/...`) are supported"));
                continue;
            }
            if resolve(&doc.value, &target).is_none() {
                diags.push(
                    doc.locate(&at),
                    format!("`$ref: {target}` points to nothing"),
                );
                continue;
            }
            if !seen_refs.insert(target.clone()) {
                continue;
            }
            if let Some(name) = target.strip_prefix("#/components/schemas/") {
                if let (false, Some(name)) = (name.contains('/'), crate::source::decode_token(name))
                {
                    schemas.insert(name);
                }
            }
            queue.push((target.clone(), at));
        }
    }
    schemas
}

/// Every `$ref` below a node, with the pointer where it stands (examples and extensions skipped).
pub fn collect_refs(node: &Value, pointer: &str, out: &mut Vec<(String, String)>) {
    // One pointer buffer for the whole walk, grown and cut back at each level: the pointer
    // string is built only for the `$ref`s found (this walk visits every node of the closure).
    let mut path = pointer.to_owned();
    walk_refs(node, &mut path, out);
}

fn walk_refs(node: &Value, path: &mut String, out: &mut Vec<(String, String)>) {
    let push = |path: &mut String, token: &str| {
        path.push('/');
        if token.contains(['~', '/']) {
            path.push_str(&token.replace('~', "~0").replace('/', "~1"));
        } else {
            path.push_str(token);
        }
    };
    match node {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                out.push((pointer_join(path, "$ref"), target.clone()));
            }
            // Inside `properties`, keys are property names, not keywords.
            let names = path.ends_with("/properties");
            for (key, child) in map {
                if !names && (key.starts_with("x-") || key == "example" || key == "examples") {
                    continue;
                }
                let len = path.len();
                push(path, key);
                walk_refs(child, path, out);
                path.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                push(path, &i.to_string());
                walk_refs(item, path, out);
                path.truncate(len);
            }
        }
        _ => {}
    }
}
