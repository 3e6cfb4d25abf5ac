//! `events.rs`: a set of server-sent events as an enum, one variant per event name holding the
//! event's typed data, and one that keeps events this client does not know.

use super::code::{close, lit, ln, open, ty, Code};
use super::{empty_validate, Rules};
use crate::ir::*;

pub(super) fn emit_events(
    code: &mut Code,
    t: &TypeDef,
    e: &Events,
    end_data: Option<&str>,
    rules: &Rules,
) {
    let name = &t.name;
    let unknown = &e.unknown;
    code.docs(&t.docs);
    ln!(code, "#[derive(Debug, Clone, PartialEq)]");
    ln!(code, "#[non_exhaustive]");
    if e.variants
        .iter()
        .any(|v| matches!(v.data, EventData::Json(_)))
    {
        ln!(code, "#[allow(clippy::large_enum_variant)]");
    }
    open!(code, "pub enum {name} {{");
    for v in &e.variants {
        code.doc(&format!("Event `{}`.", v.event));
        code.docs(&v.docs);
        match &v.data {
            EventData::Json(t) => ln!(code, "{}({}),", v.name, ty(t)),
            EventData::Literal(_) => ln!(code, "{},", v.name),
        }
    }
    code.doc("An event this client does not know yet, with its data as received");
    code.doc("(parsed as JSON when it is JSON, else kept as a string).");
    open!(code, "{unknown} {{");
    code.doc("The event's name.");
    ln!(code, "event: String,");
    code.doc("The event's data.");
    ln!(code, "data: serde_json::Value,");
    close!(code, "}},");
    close!(code);
    ln!(code);

    open!(code, "impl {name} {{");
    code.doc("The event's name, as sent in the stream's `event:` field.");
    // `#[inline]`: compiled where it is called (see `open_validate`).
    ln!(code, "#[inline]");
    open!(code, "pub fn event(&self) -> &str {{");
    open!(code, "match self {{");
    for v in &e.variants {
        let event = lit(&v.event);
        match &v.data {
            EventData::Json(_) => ln!(code, "Self::{}(_) => {event},", v.name),
            EventData::Literal(_) => ln!(code, "Self::{} => {event},", v.name),
        }
    }
    ln!(code, "Self::{unknown} {{ event, .. }} => event,");
    close!(code);
    close!(code);
    ln!(code);
    code.doc("Decodes one server-sent event from its name and its `data` text.");
    // Compiled where it is called, like serde's derived (generic) code: see `unions.rs`.
    ln!(code, "#[inline]");
    open!(
        code,
        "pub fn from_sse(event: &str, data: &str) -> Result<Self, super::Error> {{"
    );
    open!(code, "Ok(match event {{");
    for v in &e.variants {
        let event = lit(&v.event);
        match &v.data {
            EventData::Json(_) => ln!(
                code,
                "{event} => Self::{}(openapi_client_runtime::decode_event_data(data)?),",
                v.name
            ),
            EventData::Literal(_) => ln!(code, "{event} => Self::{},", v.name),
        }
    }
    open!(code, "_ => Self::{unknown} {{");
    ln!(code, "event: event.to_owned(),");
    ln!(code, "data: de::event_data_value(data),");
    close!(code, "}},");
    close!(code, "}})");
    close!(code);
    close!(code);
    // An event set has nothing to check.
    empty_validate(code, name, rules);
    ln!(code);

    let terminals: Vec<String> = e
        .variants
        .iter()
        .filter(|v| matches!(v.data, EventData::Literal(_)))
        .map(|v| format!("Self::{}", v.name))
        .collect();
    open!(code, "impl super::ServerSentEvent for {name} {{");
    ln!(
        code,
        "const HAS_TERMINAL_EVENT: bool = {};",
        !terminals.is_empty()
    );
    if let Some(end) = end_data {
        ln!(
            code,
            "const END_DATA: Option<&'static str> = Some({});",
            lit(end)
        );
    }
    ln!(code);
    ln!(code, "#[inline]");
    open!(
        code,
        "fn from_sse(event: &str, data: &str) -> Result<Self, super::Error> {{"
    );
    ln!(code, "Self::from_sse(event, data)");
    close!(code);
    ln!(code);
    open!(code, "fn is_terminal(&self) -> bool {{");
    if terminals.is_empty() {
        ln!(code, "false");
    } else {
        ln!(code, "matches!(self, {})", terminals.join(" | "));
    }
    close!(code);
    close!(code);
    ln!(code);

    let tag = lit(&e.tag);
    open!(code, "impl serde::Serialize for {name} {{");
    open!(code, "fn serialize<__S: serde::Serializer>(&self, serializer: __S) -> Result<__S::Ok, __S::Error> {{");
    ln!(code, "use serde::ser::SerializeMap;");
    ln!(code, "let mut map = serializer.serialize_map(Some(2))?;");
    ln!(code, "map.serialize_entry({tag}, self.event())?;");
    open!(code, "match self {{");
    for v in &e.variants {
        match &v.data {
            EventData::Json(_) => {
                ln!(
                    code,
                    "Self::{}(data) => map.serialize_entry(\"data\", data)?,",
                    v.name
                );
            }
            EventData::Literal(text) => {
                ln!(
                    code,
                    "Self::{} => map.serialize_entry(\"data\", {})?,",
                    v.name,
                    lit(text)
                );
            }
        }
    }
    ln!(
        code,
        "Self::{unknown} {{ data, .. }} => map.serialize_entry(\"data\", data)?,"
    );
    close!(code);
    ln!(code, "map.end()");
    close!(code);
    close!(code);
    ln!(code);

    super::unions::emit_deserialize(code, name, None);
    ln!(code);
    open!(code, "impl {name} {{");
    code.doc(&format!(
        "Decodes an event from its JSON form, `{{\"{}\": name, \"data\": …}}`.",
        e.tag
    ));
    ln!(code, "#[inline]");
    open!(
        code,
        "fn from_json(json: &str) -> Result<Self, serde_json::Error> {{"
    );
    ln!(code, "let (event, data) = de::split_event(json, {tag})?;");
    open!(code, "match event.as_str() {{");
    for v in &e.variants {
        let event = lit(&v.event);
        match &v.data {
            EventData::Json(_) => ln!(
                code,
                "{event} => de::event_data(&data).map(Self::{}),",
                v.name
            ),
            EventData::Literal(_) => ln!(code, "{event} => Ok(Self::{}),", v.name),
        }
    }
    ln!(
        code,
        "_ => Ok(Self::{unknown} {{ data: de::unknown(&data)?, event }}),"
    );
    close!(code);
    close!(code);
    close!(code);
}
