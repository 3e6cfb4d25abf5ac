//! Descriptions split over files: every `$ref` to a relative local file (`pet.yaml`,
//! `../common.json#/components/schemas/Error`) is brought into the entry document, so that the
//! stages after this one see a single document with local references only.
//!
//! - A schema referenced from another file becomes a component of the entry document
//!   (`#/components/schemas/<name>`, named after the pointer's last token, else the file's
//!   name; numbered if the name is taken) and the reference points there. Schemas are placed
//!   once per (file, pointer), before their own references are followed, so cycles across
//!   files end.
//! - Anything else (a path item, a parameter, a response, a request body…) replaces the
//!   reference where it stands, its own references followed in turn.
//! - Inside a file brought in, `#/…` is that file's own pointer.
//!
//! Each part brought in is recorded as a `source::Origin`: an error inside it names its file
//! and line. URLs are refused with a message; a missing file or pointer is a located error.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;

use crate::diag::{pointer_join, Diagnostics};
use crate::source::{resolve, Document, Origin};

/// Keys under which a value is a schema.
const SCHEMA_KEYS: [&str; 7] = [
    "schema",
    "items",
    "additionalProperties",
    "not",
    "contains",
    "propertyNames",
    "if",
];
/// Keys holding lists of schemas.
const SCHEMA_LISTS: [&str; 4] = ["allOf", "anyOf", "oneOf", "prefixItems"];
/// Keys holding maps of schemas.
const SCHEMA_MAPS: [&str; 4] = ["properties", "patternProperties", "$defs", "definitions"];
/// How deep non-schema parts may bring in one another (a loop of path items has no end).
const MAX_DEPTH: usize = 32;

/// One file read: its document, where it is, and how it is shown.
struct Loaded {
    doc: Document,
    positions: Arc<crate::yaml::Positions>,
}

struct Bundler<'a> {
    /// Where the entry file is (its folder resolves its references).
    entry: PathBuf,
    /// Files read, by lexically normalized path.
    files: BTreeMap<PathBuf, Loaded>,
    /// Schemas placed: (file, pointer) → component name.
    placed: BTreeMap<(PathBuf, String), String>,
    /// Schemas to add to `components/schemas`.
    schemas: Vec<(String, Value)>,
    /// Component names taken (those of the entry document and those given).
    taken: std::collections::BTreeSet<String>,
    origins: Vec<Origin>,
    diags: &'a mut Diagnostics,
    entry_doc: &'a Document,
}

/// Brings every part of other files that `doc` references into it. `path` is where `doc` is
/// on disk; without it, a reference to another file is an error.
pub fn bundle(doc: &mut Document, path: Option<&Path>, diags: &mut Diagnostics) {
    let mut refs = Vec::new();
    crate::select::collect_refs(&doc.value, "#", &mut refs);
    // `''` is this document too (its root, refused later like `#`).
    refs.retain(|(_, target)| !target.is_empty() && !target.starts_with('#'));
    if refs.is_empty() {
        return;
    }
    let Some(path) = path else {
        for (at, target) in &refs {
            let message = if is_url(target) {
                format!("`$ref: {target}` is a URL; only files beside the description are read")
            } else {
                format!("`$ref: {target}` names another file, but this description was not read from a file")
            };
            diags.push(doc.locate(at), message);
        }
        return;
    };
    let taken = doc
        .value
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    let snapshot = doc.clone();
    let mut value = std::mem::take(&mut doc.value);
    let mut bundler = Bundler {
        entry: normalize(path),
        files: BTreeMap::new(),
        placed: BTreeMap::new(),
        schemas: Vec::new(),
        taken,
        origins: Vec::new(),
        diags,
        entry_doc: &snapshot,
    };
    let entry = bundler.entry.clone();
    bundler.walk(&mut value, &entry, "#", false, 0, &snapshot.file);
    let Bundler {
        schemas, origins, ..
    } = bundler;
    if !schemas.is_empty() {
        if !value.get("components").is_some_and(Value::is_object) {
            value["components"] = Value::Object(Default::default());
        }
        if !value["components"]
            .get("schemas")
            .is_some_and(Value::is_object)
        {
            value["components"]["schemas"] = Value::Object(Default::default());
        }
    }
    for (name, schema) in schemas {
        value["components"]["schemas"][name.as_str()] = schema;
    }
    doc.origins.extend(origins);
    doc.value = value;
}

impl Bundler<'_> {
    /// Follows the references below `node`, which is in `file` (its references are relative
    /// to it) at `pointer` of the entry document; `schema` says whether `node` is a schema.
    fn walk(
        &mut self,
        node: &mut Value,
        file: &Path,
        pointer: &str,
        schema: bool,
        depth: usize,
        shown: &str,
    ) {
        match node {
            Value::Object(map) => {
                if let Some(Value::String(target)) = map.get("$ref") {
                    let target = target.clone();
                    let in_entry = file == self.entry;
                    if !(in_entry && (target.is_empty() || target.starts_with('#'))) {
                        let at = pointer_join(pointer, "$ref");
                        if let Some(replacement) =
                            self.follow(&target, file, &at, schema, depth, shown)
                        {
                            match replacement {
                                Followed::Pointer(local) => {
                                    map.insert("$ref".into(), Value::String(local));
                                }
                                Followed::Inline(value) => {
                                    // Keys beside the reference win over the part's own.
                                    let mut merged = match value {
                                        Value::Object(m) => m,
                                        other => {
                                            *node = other;
                                            return;
                                        }
                                    };
                                    for (k, v) in map.iter() {
                                        if k != "$ref" {
                                            merged.insert(k.clone(), v.clone());
                                        }
                                    }
                                    *map = merged;
                                    return;
                                }
                            }
                        }
                    }
                }
                for (key, child) in map.iter_mut() {
                    if key.starts_with("x-") || key == "example" || key == "examples" {
                        continue;
                    }
                    let child_pointer = pointer_join(pointer, key);
                    // `properties`, `components/schemas`…: a map whose values are schemas.
                    let map_of_schemas = (schema && SCHEMA_MAPS.contains(&key.as_str()))
                        || (pointer == "#/components" && key == "schemas");
                    if let (true, Value::Object(members)) = (map_of_schemas, &mut *child) {
                        for (name, member) in members.iter_mut() {
                            let at = pointer_join(&child_pointer, name);
                            self.walk(member, file, &at, true, depth, shown);
                        }
                        continue;
                    }
                    // A list of schemas is walked as schemas item by item.
                    let child_schema = SCHEMA_KEYS.contains(&key.as_str())
                        || (schema && SCHEMA_LISTS.contains(&key.as_str()));
                    self.walk(child, file, &child_pointer, child_schema, depth, shown);
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    let at = pointer_join(pointer, &i.to_string());
                    self.walk(item, file, &at, schema, depth, shown);
                }
            }
            _ => {}
        }
    }

    /// What a reference from `file` becomes in the entry document; `None` (with an error at
    /// `at`) when it leads nowhere.
    fn follow(
        &mut self,
        target: &str,
        file: &Path,
        at: &str,
        schema: bool,
        depth: usize,
        shown: &str,
    ) -> Option<Followed> {
        let locate = |this: &Self| this.locate(at);
        if is_url(target) {
            let location = locate(self);
            self.diags.push(
                location,
                format!("`$ref: {target}` is a URL; only files beside the description are read"),
            );
            return None;
        }
        let (path_part, fragment) = target.split_once('#').unwrap_or((target, ""));
        let pointer = format!("#{fragment}");
        let (target_file, target_shown) = if path_part.is_empty() {
            (file.to_path_buf(), shown.to_owned())
        } else {
            let decoded = percent_encoding::percent_decode_str(path_part).decode_utf8_lossy();
            (
                normalize(
                    &file
                        .parent()
                        .unwrap_or(Path::new(""))
                        .join(decoded.as_ref()),
                ),
                shown_path(shown, &decoded),
            )
        };
        // Back into the entry file: its own pointer.
        if target_file == self.entry {
            return Some(Followed::Pointer(pointer));
        }
        if !self.load(&target_file, &target_shown, at) {
            return None;
        }
        let loaded = &self.files[&target_file];
        let Some(found) = resolve(&loaded.doc.value, &pointer).cloned() else {
            let location = locate(self);
            self.diags.push(
                location,
                format!("`$ref: {target}`: `{pointer}` is not in {target_shown}"),
            );
            return None;
        };
        let positions = loaded.positions.clone();
        let target_shown = loaded.doc.file.clone();
        if schema {
            let key = (target_file.clone(), pointer.clone());
            if let Some(name) = self.placed.get(&key) {
                return Some(Followed::Pointer(pointer_join(
                    "#/components/schemas",
                    name,
                )));
            }
            let base = schema_name(&pointer, &target_file);
            let mut name = base.clone();
            let mut n = 1;
            while self.taken.contains(&name) {
                n += 1;
                name = format!("{base}{n}");
            }
            self.taken.insert(name.clone());
            self.placed.insert(key, name.clone());
            let at_now = pointer_join("#/components/schemas", &name);
            let origin = Origin {
                at: at_now.clone(),
                file: target_shown,
                pointer,
                positions,
            };
            let found = self.bring(found, origin, &target_file, true, depth);
            self.schemas.push((name, found));
            return Some(Followed::Pointer(at_now));
        }
        if depth >= MAX_DEPTH {
            let location = locate(self);
            self.diags.push(
                location,
                format!("`$ref: {target}`: references across files nest deeper than {MAX_DEPTH}; is there a loop?"),
            );
            return None;
        }
        // The part stands where the reference was: the object holding `$ref`.
        let origin = Origin {
            at: at.strip_suffix("/$ref").unwrap_or(at).to_owned(),
            file: target_shown,
            pointer,
            positions,
        };
        Some(Followed::Inline(self.bring(
            found,
            origin,
            &target_file,
            false,
            depth + 1,
        )))
    }

    /// A part of `file` as it will stand at `origin.at`, its own references followed; the
    /// origin is recorded first, so that errors inside the part name its file.
    fn bring(
        &mut self,
        mut part: Value,
        origin: Origin,
        file: &Path,
        schema: bool,
        depth: usize,
    ) -> Value {
        let (at, shown) = (origin.at.clone(), origin.file.clone());
        self.origins.push(origin);
        self.walk(&mut part, file, &at, schema, depth, &shown);
        part
    }

    /// Reads `path` once; `false` (with an error at the reference) when it cannot be read.
    fn load(&mut self, path: &Path, shown: &str, at: &str) -> bool {
        if self.files.contains_key(path) {
            return true;
        }
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) => {
                let location = self.locate(at);
                self.diags
                    .push(location, format!("cannot read {shown}: {e}"));
                return false;
            }
        };
        match Document::parse(shown, &text) {
            Ok(doc) => {
                let positions = Arc::new(doc.positions.clone());
                self.files
                    .insert(path.to_path_buf(), Loaded { doc, positions });
                true
            }
            Err(errors) => {
                self.diags.extend(errors);
                false
            }
        }
    }

    /// Where a pointer of the entry document is: in the entry file, or in the file a part
    /// standing there came from.
    fn locate(&self, at: &str) -> crate::diag::Location {
        let mut doc = self.entry_doc.clone();
        doc.origins.extend(self.origins.iter().cloned());
        doc.locate(at)
    }
}

/// Whether a reference is a URL (`https://…`, `//host/…`) rather than a file path.
fn is_url(target: &str) -> bool {
    target.contains("://") || target.starts_with("//")
}

enum Followed {
    /// The reference now points here, in the entry document.
    Pointer(String),
    /// The part itself, to stand where the reference was.
    Inline(Value),
}

/// A component name for a schema from another file: the pointer's last token, else the file's
/// name without its extension.
fn schema_name(pointer: &str, file: &Path) -> String {
    let token = pointer
        .rsplit('/')
        .next()
        .filter(|t| !t.is_empty() && *t != "#")
        .and_then(crate::source::decode_token);
    token.unwrap_or_else(|| {
        file.file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("Schema")
            .to_owned()
    })
}

/// `a/./b/../c` → `a/c`, without touching the file system (the files need not be canonical,
/// only the same file must get the same key).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// How a file referenced from the file shown as `from` is shown: beside it.
fn shown_path(from: &str, relative: &str) -> String {
    normalize(
        &Path::new(from)
            .parent()
            .unwrap_or(Path::new(""))
            .join(relative),
    )
    .display()
    .to_string()
}
