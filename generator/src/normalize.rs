//! OpenAPI 3.1 → the 3.0 shapes that `openapiv3` models, on the document tree.
//!
//! Every rewrite keeps what changes generated code: the four spellings of nullability become
//! `nullable: true`, `type: 'null'` members leave their union and make it nullable, `const`
//! becomes a one-value `enum`, keys beside a `$ref` move beside an `allOf: [$ref]`, type arrays
//! lose their `null`, numeric exclusive bounds become 3.0 flags, and integer bounds beyond
//! `i64` (which no generated integer can reach anyway) clamp to `i64`. What cannot be
//! expressed is a located error.

use crate::diag::{pointer_join, Diagnostics};
use crate::source::Document;
use serde_json::{json, Map, Value};

const SCHEMA_CHILD_MAPS: [&str; 3] = ["properties", "patternProperties", "$defs"];
const SCHEMA_CHILD_LISTS: [&str; 4] = ["allOf", "anyOf", "oneOf", "prefixItems"];
const SCHEMA_CHILDREN: [&str; 4] = ["items", "additionalProperties", "not", "contains"];
/// Keys that only document a schema; they never decide its shape.
const DOC_KEYS: [&str; 6] = [
    "description",
    "title",
    "example",
    "examples",
    "deprecated",
    "externalDocs",
];

/// What a pass found: errors, and where rewrites moved nodes (new pointer → original).
#[derive(Default)]
struct Found {
    errors: Vec<(String, String)>,
    aliases: Vec<(String, String)>,
}

/// Checks the version and lowers the document in place to OpenAPI 3.0 form.
pub fn normalize(doc: &mut Document, diags: &mut Diagnostics) {
    let version = doc
        .value
        .get("openapi")
        .and_then(Value::as_str)
        .map(str::to_owned);
    match version.as_deref() {
        Some(v) if v.starts_with("3.0.") || v == "3.0" => {}
        Some(v) if v.starts_with("3.1.") || v == "3.1" => {
            doc.value["openapi"] = json!("3.0.3");
        }
        Some(v) => {
            diags.push(
                doc.locate("#/openapi"),
                format!(
                    "OpenAPI version `{v}` is not supported: this generator reads 3.0.x and 3.1.x"
                ),
            );
            return;
        }
        None if doc.value.get("swagger").is_some() => {
            diags.push(
                doc.locate("#/swagger"),
                "Swagger/OpenAPI 2.0 is not supported: convert the description to OpenAPI 3.x first",
            );
            return;
        }
        None => {
            let message = if doc.value.is_object() {
                "not an OpenAPI description: the `openapi` version field is missing"
            } else {
                "not an OpenAPI description: the document is not a mapping"
            };
            diags.push(doc.locate("#"), message);
            return;
        }
    }
    inline_path_items(doc, diags);
    let mut found = Found::default();
    let mut value = std::mem::take(&mut doc.value);
    walk(&mut value, "#", &mut found);
    doc.value = value;
    doc.aliases.extend(found.aliases);
    for (pointer, message) in found.errors {
        diags.push(doc.locate(&pointer), message);
    }
}

/// A path item given by a `$ref` into this document (3.1's `#/components/pathItems/…`) is
/// replaced by the item it names, keys written beside the `$ref` winning; errors inside it are
/// located at the item it names. (`bundle` has brought in those of other files.)
fn inline_path_items(doc: &mut Document, diags: &mut Diagnostics) {
    let Some(paths) = doc.value.get("paths").and_then(Value::as_object) else {
        return;
    };
    let mut replaced = Vec::new();
    for (path, item) in paths {
        let at = pointer_join("#/paths", path);
        let mut target = match item.get("$ref").and_then(Value::as_str) {
            Some(target) if target.starts_with('#') => target.to_owned(),
            _ => continue,
        };
        // A chain of references ends at an item without one.
        let mut hops = 0;
        let resolved = loop {
            match crate::source::resolve(&doc.value, &target) {
                Some(next) => match next.get("$ref").and_then(Value::as_str) {
                    Some(further) if further.starts_with('#') && hops < 16 => {
                        hops += 1;
                        target = further.to_owned();
                    }
                    Some(_) => break None,
                    None => break Some(next),
                },
                None => break None,
            }
        };
        match resolved.and_then(Value::as_object) {
            Some(named) => {
                let mut merged = named.clone();
                for (key, value) in item.as_object().into_iter().flatten() {
                    if key != "$ref" {
                        merged.insert(key.clone(), value.clone());
                    }
                }
                replaced.push((path.clone(), at, target, Value::Object(merged)));
            }
            None => diags.push(
                doc.locate(&pointer_join(&at, "$ref")),
                format!(
                    "the path item's `$ref: {target}` does not lead to a path item in this file"
                ),
            ),
        }
    }
    for (path, at, target, item) in replaced {
        doc.value["paths"][path.as_str()] = item;
        doc.aliases.push((at, target));
    }
}

/// Finds the schemas of a document: every `schema` key, and `components/schemas`.
fn walk(value: &mut Value, pointer: &str, found: &mut Found) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                let child_pointer = pointer_join(pointer, key);
                if key == "schema" {
                    schema(child, &child_pointer, found);
                } else if key == "schemas" && pointer == "#/components" {
                    if let Value::Object(schemas) = child {
                        for (name, s) in schemas.iter_mut() {
                            let target = pointer_join(&child_pointer, name);
                            recursive_refs(s, &target);
                            schema(s, &target, found);
                        }
                    }
                } else if key.starts_with("x-") || key == "example" || key == "examples" {
                    // Extensions and examples hold no schemas.
                } else {
                    walk(child, &child_pointer, found);
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                walk(item, &pointer_join(pointer, &i.to_string()), found);
            }
        }
        _ => {}
    }
}

/// `$recursiveRef: '#'` (JSON Schema 2019-09) inside a component names that component.
fn recursive_refs(value: &mut Value, component: &str) {
    match value {
        Value::Object(map) => {
            if map.get("$recursiveRef").and_then(Value::as_str) == Some("#") {
                map.remove("$recursiveRef");
                map.insert("$ref".into(), json!(component));
            }
            for child in map.values_mut() {
                recursive_refs(child, component);
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| recursive_refs(item, component)),
        _ => {}
    }
}

/// Lowers one schema and, first, its subschemas.
fn schema(value: &mut Value, pointer: &str, found: &mut Found) {
    schema_at(value, pointer, found, 0);
}

/// Deepest nesting of schemas inside schemas accepted (OpenAI's descriptions go about ten
/// deep): deeper input is a located error, not a stack overflow in the stages after this one.
pub const MAX_SCHEMA_DEPTH: usize = 32;

fn schema_at(value: &mut Value, pointer: &str, found: &mut Found, depth: usize) {
    if depth > MAX_SCHEMA_DEPTH {
        found.errors.push((
            pointer.to_owned(),
            format!("schemas nested deeper than {MAX_SCHEMA_DEPTH} levels"),
        ));
        *value = json!({});
        return;
    }
    let map = match value {
        Value::Object(map) => map,
        Value::Bool(true) => {
            *value = json!({});
            return;
        }
        _ => {
            found.errors.push((
                pointer.to_owned(),
                "a schema must be a mapping (or `true`)".into(),
            ));
            return;
        }
    };
    // Keys beside a `$ref`: the reference becomes the single member of an `allOf`.
    if map.contains_key("$ref") && map.len() > 1 {
        let reference = map.remove("$ref").expect("bug: checked above");
        found
            .aliases
            .push((format!("{pointer}/allOf/0"), pointer.to_owned()));
        map.insert("allOf".into(), json!([{ "$ref": reference }]));
    }
    for key in SCHEMA_CHILD_MAPS {
        if let Some(Value::Object(children)) = map.get_mut(key) {
            for (name, child) in children.iter_mut() {
                schema_at(
                    child,
                    &pointer_join(&pointer_join(pointer, key), name),
                    found,
                    depth + 1,
                );
            }
        }
    }
    for key in SCHEMA_CHILD_LISTS {
        if let Some(Value::Array(children)) = map.get_mut(key) {
            for (i, child) in children.iter_mut().enumerate() {
                schema_at(
                    child,
                    &pointer_join(&pointer_join(pointer, key), &i.to_string()),
                    found,
                    depth + 1,
                );
            }
        }
    }
    for key in SCHEMA_CHILDREN {
        if let Some(child) = map.get_mut(key) {
            if !(key == "additionalProperties" && child.is_boolean()) {
                schema_at(child, &pointer_join(pointer, key), found, depth + 1);
            }
        }
    }
    type_array(map, pointer, found);
    if let Some(c) = map.remove("const") {
        if !map.contains_key("type") {
            if let Some(t) = json_type(&c) {
                map.insert("type".into(), json!(t));
            }
        }
        map.insert("enum".into(), json!([c]));
    }
    for (exclusive, inclusive) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(bound) = map.get(exclusive).filter(|v| v.is_number()).cloned() {
            map.insert(inclusive.into(), bound);
            map.insert(exclusive.into(), json!(true));
        }
    }
    if map.get("type").and_then(Value::as_str) == Some("integer") {
        for key in ["minimum", "maximum", "multipleOf"] {
            if let Some(Value::Number(n)) = map.get(key) {
                if n.as_i64().is_none() {
                    let f = n.as_f64().unwrap_or(0.0);
                    let clamped = if f >= i64::MAX as f64 {
                        i64::MAX
                    } else if f <= i64::MIN as f64 {
                        i64::MIN
                    } else if f.fract() == 0.0 {
                        f as i64
                    } else if key == "minimum" {
                        f.ceil() as i64
                    } else {
                        f.floor() as i64
                    };
                    map.insert(key.into(), json!(clamped));
                }
            }
        }
    }
    for key in ["anyOf", "oneOf"] {
        drop_null_members(map, key, pointer, found);
        constraint_only_members(map, key);
        value_only_members(map, key);
    }
    drop_nullable_only_members(map);
}

/// `type: [X, 'null']` → `type: X, nullable: true`.
fn type_array(map: &mut Map<String, Value>, pointer: &str, found: &mut Found) {
    let Some(Value::Array(types)) = map.get("type") else {
        return;
    };
    let nullable = types.iter().any(|t| t == "null");
    let rest: Vec<Value> = types.iter().filter(|t| *t != "null").cloned().collect();
    match rest.as_slice() {
        [] => {
            map.insert("type".into(), json!("null"));
        }
        [one] => {
            map.insert("type".into(), one.clone());
        }
        _ => {
            found.errors.push((
                pointer_join(pointer, "type"),
                format!(
                    "a type array with several non-null types ({}) cannot be expressed; use `anyOf` with one schema per type",
                    rest.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(", ")
                ),
            ));
            return;
        }
    }
    if nullable {
        map.insert("nullable".into(), json!(true));
    }
}

fn json_type(value: &Value) -> Option<&'static str> {
    Some(match value {
        Value::String(_) => "string",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_f64() => "number",
        Value::Number(_) => "integer",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
        Value::Null => return None,
    })
}

/// Whether a schema admits only `null` (`type: 'null'`, `enum: [null]`), documentation aside.
pub fn is_null_schema(value: &Value) -> bool {
    let Value::Object(map) = value else {
        return false;
    };
    let only_null = match (map.get("type"), map.get("enum")) {
        (Some(t), None) => t == "null",
        (None, Some(Value::Array(e))) => e.len() == 1 && e[0].is_null(),
        (Some(t), Some(Value::Array(e))) => t == "null" && e.iter().all(Value::is_null),
        _ => false,
    };
    only_null
        && map.keys().all(|k| {
            k == "type" || k == "enum" || k == "nullable" || DOC_KEYS.contains(&k.as_str())
        })
}

/// `anyOf: [X, {type: 'null'}]` → X made nullable.
fn drop_null_members(map: &mut Map<String, Value>, key: &str, pointer: &str, found: &mut Found) {
    let Some(Value::Array(members)) = map.get_mut(key) else {
        return;
    };
    if !members.iter().any(is_null_schema) {
        return;
    }
    let kept = members.iter().position(|m| !is_null_schema(m));
    members.retain(|m| !is_null_schema(m));
    map.insert("nullable".into(), json!(true));
    let origin = format!("{pointer}/{key}/{}", kept.unwrap_or(0));
    collapse_single_member(map, key, &origin, pointer, found);
}

/// `oneOf: [{required: [a]}, {required: [b]}]` beside `properties` constrains which properties
/// are present; it adds no shape. It moves to `x-required-one-of` (a documented rule). Members
/// that narrow the object in other ways too (values of its properties, its property count)
/// add no shape either: they are dropped, and the client does not check them.
fn constraint_only_members(map: &mut Map<String, Value>, key: &str) {
    let Some(Value::Array(members)) = map.get(key) else {
        return;
    };
    let only_required = |m: &Value| {
        m.as_object().is_some_and(|o| {
            o.contains_key("required")
                && o.keys()
                    .all(|k| k == "required" || DOC_KEYS.contains(&k.as_str()))
        })
    };
    let Some(Value::Object(properties)) = map.get("properties") else {
        return;
    };
    // A member that only narrows the object: which properties it needs, values of properties
    // the object already has, the count of properties, extra properties allowed.
    let narrows = |m: &Value| {
        m.as_object().is_some_and(|o| {
            o.iter().all(|(k, v)| match k.as_str() {
                "required" | "minProperties" | "maxProperties" => true,
                "type" => v == "object",
                "additionalProperties" => v == &json!(true),
                "properties" => v
                    .as_object()
                    .is_some_and(|p| p.keys().all(|name| properties.contains_key(name))),
                other => DOC_KEYS.contains(&other),
            })
        })
    };
    if members.is_empty() || !members.iter().all(narrows) {
        return;
    }
    if !members.iter().all(only_required) {
        // The object's own shape holds every member; what each narrows is not checked.
        map.remove(key);
        return;
    }
    let sets: Vec<Value> = members.iter().map(|m| m["required"].clone()).collect();
    map.remove(key);
    let rule = if key == "oneOf" {
        "x-required-one-of"
    } else {
        "x-required-any-of"
    };
    map.insert(rule.into(), Value::Array(sets));
}

/// `oneOf: [{const: 1, title: DM}, {const: 3, title: GROUP_DM}]`, members that are values and
/// their documentation, is the `enum` of those values (a union of `i64`s would decode every
/// value as its first member); each member's title and description go to the schema's
/// description, so the names stay in the documentation.
fn value_only_members(map: &mut Map<String, Value>, key: &str) {
    let Some(Value::Array(members)) = map.get(key) else {
        return;
    };
    let values_of = |m: &Value| -> Option<Vec<Value>> {
        let o = m.as_object()?;
        let only_values = o
            .keys()
            .all(|k| k == "enum" || k == "type" || DOC_KEYS.contains(&k.as_str()));
        match o.get("enum") {
            Some(Value::Array(values)) if only_values && !values.is_empty() => Some(values.clone()),
            _ => None,
        }
    };
    let Some(per_member) = members.iter().map(values_of).collect::<Option<Vec<_>>>() else {
        return;
    };
    let kind = |v: &Value| match json_type(v) {
        Some("number") => Some("integer"),
        other => other,
    };
    let all: Vec<&Value> = per_member.iter().flatten().collect();
    let Some(first) = all.first().and_then(|v| kind(v)) else {
        return;
    };
    if !matches!(first, "string" | "integer" | "boolean")
        || all.iter().any(|v| kind(v) != Some(first))
    {
        return;
    }
    let mut lines = Vec::new();
    for (member, values) in members.iter().zip(&per_member) {
        let text = |k: &str| {
            member
                .get(k)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|t| !t.is_empty())
        };
        let shown: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
        let about = match (text("title"), text("description")) {
            (Some(t), Some(d)) => format!(": {t} ({d})"),
            (Some(t), None) => format!(": {t}"),
            (None, Some(d)) => format!(": {d}"),
            (None, None) => String::new(),
        };
        lines.push(format!("- {}{about}", shown.join(", ")));
    }
    let mut values: Vec<Value> = Vec::new();
    for v in all {
        if !values.contains(v) {
            values.push(v.clone());
        }
    }
    let is_number = values.iter().any(|v| json_type(v) == Some("number"));
    map.remove(key);
    if !map.contains_key("type") {
        let t = if first == "integer" && is_number {
            "number"
        } else {
            first
        };
        map.insert("type".into(), json!(t));
    }
    map.insert("enum".into(), Value::Array(values));
    let list = format!("Values:\n{}", lines.join("\n"));
    let description = match map.get("description").and_then(Value::as_str) {
        Some(d) if !d.trim().is_empty() => format!("{}\n\n{list}", d.trim_end()),
        _ => list,
    };
    map.insert("description".into(), json!(description));
}

/// `allOf: [X, {nullable: true}]` → X made nullable.
fn drop_nullable_only_members(map: &mut Map<String, Value>) {
    let Some(Value::Array(members)) = map.get_mut("allOf") else {
        return;
    };
    let is_flag = |m: &Value| {
        m.as_object().is_some_and(|o| {
            o.get("nullable") == Some(&json!(true))
                && o.keys()
                    .all(|k| k == "nullable" || DOC_KEYS.contains(&k.as_str()))
        })
    };
    if !members.iter().any(is_flag) {
        return;
    }
    members.retain(|m| !is_flag(m));
    map.insert("nullable".into(), json!(true));
}

/// A union left with one member becomes that member (a `$ref` stays as `allOf: [$ref]`).
fn collapse_single_member(
    map: &mut Map<String, Value>,
    key: &str,
    origin: &str,
    pointer: &str,
    found: &mut Found,
) {
    let Some(Value::Array(members)) = map.get(key) else {
        return;
    };
    if members.len() != 1 {
        if members.is_empty() {
            // Only `null` was allowed.
            map.remove(key);
            map.insert("type".into(), json!("null"));
        }
        return;
    }
    let member = members[0].clone();
    map.remove(key);
    let inline = member.as_object().filter(|m| !m.contains_key("$ref"));
    let parent_is_plain = map.keys().all(|k| {
        k == "nullable" || k == "default" || DOC_KEYS.contains(&k.as_str()) || k.starts_with("x-")
    });
    match inline {
        Some(member) if parent_is_plain => {
            for (k, v) in member {
                // The outer documentation describes the use; keep it.
                if !map.contains_key(k) {
                    map.insert(k.clone(), v.clone());
                    found
                        .aliases
                        .push((pointer_join(pointer, k), pointer_join(origin, k)));
                }
            }
        }
        _ => match map.get_mut("allOf") {
            Some(Value::Array(all)) => {
                found
                    .aliases
                    .push((format!("{pointer}/allOf/{}", all.len()), origin.to_owned()));
                all.push(member);
            }
            _ => {
                found
                    .aliases
                    .push((format!("{pointer}/allOf/0"), origin.to_owned()));
                map.insert("allOf".into(), json!([member]));
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(schema: Value) -> Value {
        let mut doc = Document {
            file: "t.yaml".into(),
            value: json!({"openapi": "3.1.0", "components": {"schemas": {"S": schema}}}),
            positions: Default::default(),
            aliases: Vec::new(),
            origins: Vec::new(),
        };
        let mut diags = Diagnostics::default();
        normalize(&mut doc, &mut diags);
        assert!(diags.is_empty(), "{diags}");
        assert_eq!(doc.value["openapi"], "3.0.3");
        doc.value["components"]["schemas"]["S"].take()
    }

    #[test]
    fn any_of_with_null_becomes_nullable() {
        assert_eq!(
            norm(json!({"anyOf": [{"type": "string"}, {"type": "null"}], "description": "d"})),
            json!({"type": "string", "nullable": true, "description": "d"})
        );
        assert_eq!(
            norm(json!({"anyOf": [{"$ref": "#/components/schemas/T"}, {"type": "null"}]})),
            json!({"allOf": [{"$ref": "#/components/schemas/T"}], "nullable": true})
        );
    }

    #[test]
    fn all_of_with_nullable_flag_becomes_nullable() {
        assert_eq!(
            norm(json!({"allOf": [{"$ref": "#/components/schemas/T"}, {"nullable": true}]})),
            json!({"allOf": [{"$ref": "#/components/schemas/T"}], "nullable": true})
        );
    }

    #[test]
    fn keys_beside_ref_move_beside_all_of() {
        assert_eq!(
            norm(json!({"$ref": "#/components/schemas/T", "nullable": true})),
            json!({"allOf": [{"$ref": "#/components/schemas/T"}], "nullable": true})
        );
    }

    #[test]
    fn type_arrays_lose_null() {
        assert_eq!(
            norm(json!({"type": ["string", "null"]})),
            json!({"type": "string", "nullable": true})
        );
    }

    #[test]
    fn a_union_of_values_is_an_enum_with_the_names_in_its_description() {
        assert_eq!(
            norm(json!({"type": "integer", "oneOf": [
                {"title": "DM", "description": "between two", "const": 1},
                {"title": "GROUP", "const": 3},
                {"const": 0}
            ]})),
            json!({"type": "integer", "enum": [1, 3, 0],
                   "description": "Values:\n- `1`: DM (between two)\n- `3`: GROUP\n- `0`"})
        );
        // Strings too, and the schema's own description comes first.
        assert_eq!(
            norm(json!({"description": "Mode.", "anyOf": [{"const": "a"}, {"enum": ["b", "c"]}]})),
            json!({"type": "string", "enum": ["a", "b", "c"],
                   "description": "Mode.\n\nValues:\n- `\"a\"`\n- `\"b\"`, `\"c\"`"})
        );
        // Values of different kinds, or a member that is more than values, stay a union.
        let mixed = json!({"oneOf": [{"const": 1}, {"const": "a"}]});
        assert!(norm(mixed).get("oneOf").is_some());
        let shaped = json!({"oneOf": [{"const": 1}, {"type": "integer", "minimum": 5}]});
        assert!(norm(shaped).get("oneOf").is_some());
    }

    #[test]
    fn const_becomes_single_value_enum() {
        assert_eq!(
            norm(json!({"const": "function"})),
            json!({"type": "string", "enum": ["function"]})
        );
    }

    #[test]
    fn members_that_only_narrow_the_object_are_dropped() {
        let narrowed = json!({"type": "object", "properties": {"status": {"type": "string"}, "c": {}},
        "oneOf": [
            {"properties": {"status": {"enum": ["completed"]}}, "required": ["status", "c"],
             "additionalProperties": true},
            {"type": "object", "maxProperties": 0}
        ]});
        let out = norm(narrowed);
        assert!(out.get("oneOf").is_none(), "{out}");
        assert!(out.get("x-required-one-of").is_none(), "{out}");
        // A member that brings a property of its own is a shape: it stays.
        let shaped = json!({"type": "object", "properties": {"a": {}},
            "oneOf": [{"properties": {"b": {"type": "string"}}}, {"required": ["a"]}]});
        assert!(norm(shaped).get("oneOf").is_some());
    }

    #[test]
    fn constraint_only_one_of_becomes_a_rule() {
        assert_eq!(
            norm(
                json!({"type": "object", "properties": {"a": {}, "b": {}}, "oneOf": [{"required": ["a"]}, {"required": ["b"]}]})
            ),
            json!({"type": "object", "properties": {"a": {}, "b": {}}, "x-required-one-of": [["a"], ["b"]]})
        );
    }

    #[test]
    fn recursive_ref_names_its_component() {
        let s = norm(
            json!({"type": "object", "properties": {"filters": {"type": "array", "items": {"$recursiveRef": "#"}}}}),
        );
        assert_eq!(
            s["properties"]["filters"]["items"],
            json!({"$ref": "#/components/schemas/S"})
        );
    }

    #[test]
    fn exclusive_bounds_become_flags() {
        assert_eq!(
            norm(json!({"type": "number", "exclusiveMinimum": 0})),
            json!({"type": "number", "minimum": 0, "exclusiveMinimum": true})
        );
    }

    #[test]
    fn integer_bounds_beyond_i64_clamp() {
        let s = norm(
            json!({"type": "integer", "minimum": -9.223372036854776e18, "maximum": 9.223372036854776e18}),
        );
        assert_eq!(
            s,
            json!({"type": "integer", "minimum": i64::MIN, "maximum": i64::MAX})
        );
    }

    #[test]
    fn nested_schemas_are_normalized() {
        let s = norm(
            json!({"type": "object", "properties": {"a": {"type": ["integer", "null"]}},
            "items": {"const": 1}}),
        );
        assert_eq!(
            s["properties"]["a"],
            json!({"type": "integer", "nullable": true})
        );
        assert_eq!(s["items"], json!({"type": "integer", "enum": [1]}));
    }

    #[test]
    fn versions_outside_3_0_and_3_1_are_errors() {
        for (doc, needle) in [
            (json!({"swagger": "2.0"}), "2.0"),
            (json!({"openapi": "3.2.0"}), "`3.2.0` is not supported"),
            (json!({"info": {}}), "missing"),
        ] {
            let mut doc = Document {
                file: "t.yaml".into(),
                value: doc,
                positions: Default::default(),
                aliases: Vec::new(),
                origins: Vec::new(),
            };
            let mut diags = Diagnostics::default();
            normalize(&mut doc, &mut diags);
            assert!(diags.0[0].message.contains(needle), "{diags}");
        }
    }

    #[test]
    fn several_non_null_types_are_an_error_with_pointer() {
        let mut doc = Document {
            file: "t.yaml".into(),
            value: json!({"openapi": "3.1.0", "components": {"schemas": {"S": {"type": ["string", "integer"]}}}}),
            positions: Default::default(),
            aliases: Vec::new(),
            origins: Vec::new(),
        };
        let mut diags = Diagnostics::default();
        normalize(&mut doc, &mut diags);
        assert_eq!(
            diags.0[0].location.pointer.as_deref(),
            Some("#/components/schemas/S/type")
        );
    }
}
