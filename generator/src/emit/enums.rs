//! `enums.rs`: string enums, open to values the description does not list; and one-value
//! enums (tags), each an alias of the runtime's generic `Tag` with a marker naming its value.

use super::code::{close, lit, ln, open, Code};
use crate::ir::*;
use crate::naming::camel;
use std::collections::BTreeMap;

/// The module of the tags' markers, beside the enums.
const TAG_MODULE: &str = "tag";

pub(super) fn emit_enum(code: &mut Code, t: &TypeDef, e: &StringEnum, markers: &TagMarkers) {
    let name = &t.name;
    code.docs(&t.docs);
    if let Some(wire) = e.tag() {
        let marker = &markers.0[wire];
        ln!(
            code,
            "pub type {name} = openapi_client_runtime::Tag<{TAG_MODULE}::{marker}>;"
        );
        return;
    }
    let other = &e.other;
    let derive_default = if e.default.is_some() { ", Default" } else { "" };
    ln!(
        code,
        "#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord{derive_default})]"
    );
    ln!(code, "#[non_exhaustive]");
    open!(code, "pub enum {name} {{");
    for (i, v) in e.variants.iter().enumerate() {
        code.doc(&format!("`{}`", v.wire));
        if e.default == Some(i) {
            ln!(code, "#[default]");
        }
        ln!(code, "{},", v.name);
    }
    code.doc("A value this client does not know yet, kept as received and sent back unchanged.");
    ln!(code, "{other}(String),");
    close!(code);
    ln!(code);
    // `as_str`, `From<&str>` and the rest every open enum has (`From<String>`, `Display`,
    // serde, `Validate`) are the runtime's macro; its values one a line.
    open!(code, "openapi_client_runtime::open_enum! {{");
    ln!(code, "{name}, {other};");
    for v in &e.variants {
        ln!(code, "{} = {},", v.name, lit(&v.wire));
    }
    close!(code);
}

/// The marker type of each tag value of the API (by value), one per distinct value however
/// many tags share it.
pub(super) struct TagMarkers(BTreeMap<String, String>);

impl TagMarkers {
    /// A marker is named after its value (`thread.run` → `ThreadRun`), so that no marker's name
    /// depends on what else the description holds, except where two values would share a name
    /// (`thread.run`, `thread_run`): those are told apart by their bytes in hex.
    pub(super) fn of(api: &Api) -> TagMarkers {
        let mut by_name: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        for t in &api.types {
            if let TypeKind::Enum(e) = &t.kind {
                if let Some(wire) = e.tag() {
                    let values = by_name.entry(camel(wire)).or_default();
                    if !values.contains(&wire) {
                        values.push(wire);
                    }
                }
            }
        }
        let mut markers = BTreeMap::new();
        for (name, values) in by_name {
            if let [wire] = values[..] {
                markers.insert(wire.to_owned(), name);
                continue;
            }
            for wire in values {
                let hex: String = wire.bytes().map(|b| format!("{b:02x}")).collect();
                markers.insert(wire.to_owned(), format!("{name}X{hex}"));
            }
        }
        TagMarkers(markers)
    }

    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The module declaring the markers, in the order of their names.
    pub(super) fn emit(&self) -> String {
        let mut code = Code::new();
        code.doc("The values of the one-value enums (tags), one marker type each.");
        open!(code, "pub mod {TAG_MODULE} {{");
        open!(code, "openapi_client_runtime::tags! {{");
        let mut by_marker: Vec<(&String, &String)> =
            self.0.iter().map(|(wire, marker)| (marker, wire)).collect();
        by_marker.sort();
        for (marker, wire) in by_marker {
            ln!(code, "{marker} = {},", lit(wire));
        }
        close!(code);
        close!(code);
        code.finish()
    }
}
