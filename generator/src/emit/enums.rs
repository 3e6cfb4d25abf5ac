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
    // The two impls that list the values are written out, one line per value; the rest every
    // open enum has (`From<String>`, `Display`, serde, `Validate`) is one runtime macro.
    open!(code, "impl {name} {{");
    code.doc("The value as it is sent on the wire.");
    open!(code, "pub fn as_str(&self) -> &str {{");
    open!(code, "match self {{");
    for v in &e.variants {
        ln!(code, "Self::{} => {},", v.name, lit(&v.wire));
    }
    ln!(code, "Self::{other}(value) => value,");
    close!(code);
    close!(code);
    close!(code);
    ln!(code);
    open!(code, "impl From<&str> for {name} {{");
    open!(code, "fn from(value: &str) -> Self {{");
    open!(code, "match value {{");
    for v in &e.variants {
        ln!(code, "{} => Self::{},", lit(&v.wire), v.name);
    }
    ln!(code, "other => Self::{other}(other.to_owned()),");
    close!(code);
    close!(code);
    close!(code);
    ln!(code);
    ln!(code, "openapi_client_runtime::open_enum!({name}, {other});");
}
