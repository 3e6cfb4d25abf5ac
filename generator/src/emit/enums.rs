//! `enums.rs`: string enums, open to values the description does not list.

use super::code::{close, lit, ln, open, Code};
use crate::ir::*;

pub(super) fn emit_enum(code: &mut Code, t: &TypeDef, e: &StringEnum) {
    let name = &t.name;
    let other = &e.other;
    code.docs(&t.docs);
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
