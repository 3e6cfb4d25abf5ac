//! `unions.rs`: `oneOf`/`anyOf` as enums, decoded by the JSON kind of the value, then by its
//! tag, trying the members that accept it in turn; what no member takes is kept.

use super::code::{close, lit, ln, open, ty, Code};
use super::structs::check_text;
use super::{empty_validate, kind_of, member_ty, open_validate, unaliased, Rules, VALIDATE};
use crate::ir::*;

/// Decodes `json` as the first of `candidates` that accepts it: statements, then the final
/// expression on its own line (no trailing punctuation).
fn write_chain(code: &mut Code, candidates: &[&UnionVariant], unknown: &str) {
    match candidates {
        [] => ln!(code, "de::unknown(json).map(Self::{unknown})"),
        [first @ .., last] => {
            for c in first {
                open!(code, "if let Some(decoded) = de::try_member(json) {{");
                ln!(code, "return Ok(Self::{}(decoded));", c.name);
                close!(code);
            }
            ln!(code, "de::member(json).map(Self::{})", last.name);
        }
    }
}

/// A match arm `pattern => …` that decodes `json` as the first of `candidates` taking it.
fn write_arm(code: &mut Code, pattern: &str, candidates: &[&UnionVariant], unknown: &str) {
    match candidates {
        [] => ln!(code, "{pattern} => de::unknown(json).map(Self::{unknown}),"),
        [only] => ln!(
            code,
            "{pattern} => de::member(json).map(Self::{}),",
            only.name
        ),
        _ => {
            open!(code, "{pattern} => {{");
            write_chain(code, candidates, unknown);
            close!(code);
        }
    }
}

pub(super) fn emit_union(code: &mut Code, api: &Api, t: &TypeDef, u: &Union, rules: &Rules) {
    let name = &t.name;
    let unknown = &u.unknown;
    code.docs(&t.docs);
    ln!(code, "#[derive(Debug, Clone, PartialEq)]");
    ln!(code, "#[non_exhaustive]");
    if u.variants.iter().any(|v| member_ty(v).is_some()) {
        ln!(code, "#[allow(clippy::large_enum_variant)]");
    }
    open!(code, "pub enum {name} {{");
    for v in &u.variants {
        match &v.kind {
            UnionVariantKind::Literal(wire) => {
                code.doc(&format!("`{wire}`"));
                ln!(code, "{},", v.name);
            }
            UnionVariantKind::Tagged { ty: t, .. } | UnionVariantKind::Shape { ty: t, .. } => {
                code.docs(&v.docs);
                ln!(code, "{}({}),", v.name, ty(t));
            }
        }
    }
    code.doc(
        "A value none of the variants above describes, kept as received and sent back unchanged.",
    );
    ln!(code, "{unknown}(serde_json::Value),");
    close!(code);
    ln!(code);

    open!(code, "impl serde::Serialize for {name} {{");
    open!(code, "fn serialize<__S: serde::Serializer>(&self, serializer: __S) -> Result<__S::Ok, __S::Error> {{");
    open!(code, "match self {{");
    for v in &u.variants {
        match &v.kind {
            UnionVariantKind::Literal(wire) => {
                ln!(
                    code,
                    "Self::{} => serializer.serialize_str({}),",
                    v.name,
                    lit(wire)
                );
            }
            _ => ln!(
                code,
                "Self::{}(value) => value.serialize(serializer),",
                v.name
            ),
        }
    }
    ln!(
        code,
        "Self::{unknown}(value) => value.serialize(serializer),"
    );
    close!(code);
    close!(code);
    close!(code);
    ln!(code);

    // Tag value → the members that carry it (two members may share one: tried in order);
    // values with the same members share an arm.
    let arms = tag_arms(u);
    // A union with tag arms is handed its tag's value beside the text (`de::tagged_union`).
    match u.tag.as_deref().filter(|_| !arms.is_empty()) {
        Some(tag) => {
            open!(code, "impl de::TaggedUnion for {} {{", t.name);
            ln!(code, "const TAG: &'static str = {};", lit(tag));
            ln!(code);
            emit_from_json(code, u, Some(tag), &arms);
            ln!(code);
            emit_from_rest(code, api, tag, &arms);
            close!(code);
            ln!(code);
            emit_deserialize(code, &t.name, Some(tag));
        }
        None => {
            open!(code, "impl {} {{", t.name);
            emit_from_json(code, u, None, &arms);
            close!(code);
            ln!(code);
            emit_deserialize(code, &t.name, None);
        }
    }
    emit_from_impls(code, api, t, u);
    emit_display(code, api, t, u);
    emit_validate(code, name, u, rules);
}

/// `from_json`: by the value's JSON kind, then its tag, trying the members that accept it in
/// turn.
fn emit_from_json(code: &mut Code, u: &Union, tag: Option<&str>, arms: &[TagArm<'_>]) {
    let unknown = &u.unknown;
    // The members that accept a JSON kind, in order; several are tried one after another.
    let accepting = |kind: Shape| -> Vec<&UnionVariant> {
        u.variants
            .iter()
            .filter(|v| matches!(&v.kind, UnionVariantKind::Shape { shapes, .. } if shapes.contains(&kind)))
            .collect()
    };
    code.doc("Decodes a value from its JSON text: by its kind, then its tag, trying the");
    code.doc("members that accept it in turn.");
    let tag_param = if tag.is_some() {
        ", tag: Option<&str>"
    } else {
        ""
    };
    // `#[inline]`: compiled in the crate that decodes the union, not in the client's. Every
    // other decoder is generic (a `Deserialize` impl), and so compiled only where it is used;
    // this one is not, and without the mark each union would compile its members' decoders,
    // and theirs, into the client crate whether or not anything decodes them (measured: five
    // sixths of the LLVM IR of OpenAI's every-operation client).
    ln!(code, "#[inline]");
    open!(
        code,
        "fn from_json(json: &str{tag_param}) -> Result<Self, serde_json::Error> {{"
    );
    open!(code, "match de::kind(json) {{");
    let literals: Vec<(&String, &String)> = u
        .variants
        .iter()
        .filter_map(|v| match &v.kind {
            UnionVariantKind::Literal(wire) => Some((wire, &v.name)),
            _ => None,
        })
        .collect();
    let strings = accepting(Shape::String);
    if literals.is_empty() {
        if !strings.is_empty() {
            write_arm(code, "de::Kind::String", &strings, unknown);
        }
    } else {
        open!(code, "de::Kind::String => {{");
        ln!(code, "let text = de::string(json)?;");
        open!(code, "match text.as_ref() {{");
        for (wire, variant) in literals {
            ln!(code, "{} => Ok(Self::{variant}),", lit(wire));
        }
        if strings.is_empty() {
            ln!(
                code,
                "_ => Ok(Self::{unknown}(serde_json::Value::String(text.into_owned()))),"
            );
        } else {
            open!(code, "_ => {{");
            write_chain(code, &strings, unknown);
            close!(code);
        }
        close!(code);
        close!(code);
    }
    // Objects: by tag, else the object members in order.
    let objects = accepting(Shape::Object);
    match tag {
        Some(_) => {
            open!(code, "de::Kind::Object => match tag {{");
            for (values, members) in arms {
                let pattern: Vec<String> =
                    values.iter().map(|v| format!("Some({})", lit(v))).collect();
                write_arm(code, &pattern.join(" | "), members, unknown);
            }
            write_arm(code, "_", &objects, unknown);
            close!(code, "}},");
        }
        _ if !objects.is_empty() => write_arm(code, "de::Kind::Object", &objects, unknown),
        _ => {}
    }
    let arrays = accepting(Shape::Array);
    if !arrays.is_empty() {
        write_arm(code, "de::Kind::Array", &arrays, unknown);
    }
    let bools = accepting(Shape::Bool);
    if !bools.is_empty() {
        write_arm(code, "de::Kind::Bool", &bools, unknown);
    }
    let integers = accepting(Shape::Integer);
    let numbers = accepting(Shape::Number);
    if !integers.is_empty() {
        let both: Vec<&UnionVariant> = integers.iter().chain(&numbers).copied().collect();
        write_arm(code, "de::Kind::Integer", &both, unknown);
    }
    if !numbers.is_empty() {
        let pattern = if integers.is_empty() {
            "de::Kind::Integer | de::Kind::Number"
        } else {
            "de::Kind::Number"
        };
        write_arm(code, pattern, &numbers, unknown);
    }
    ln!(code, "_ => de::unknown(json).map(Self::{unknown}),");
    close!(code);
    close!(code);
}

/// `from_rest`: the rest of an object whose first property was the tag, decoded in place as
/// the member the tag's value selects, when that member is a struct whose tag field holds
/// that value as its one value (so that the default it fills in is the value read ahead).
/// Every other value, and a tag two members share, hands the object back to be read as text.
fn emit_from_rest(code: &mut Code, api: &Api, tag: &str, arms: &[TagArm<'_>]) {
    let in_place: Vec<(&String, &UnionVariant, bool)> = arms
        .iter()
        .filter_map(|(values, members)| match members[..] {
            [only] => Some((values, only)),
            _ => None,
        })
        .flat_map(|(values, member)| values.iter().map(move |value| (*value, member)))
        .filter_map(|(value, member)| {
            holds_tag(api, member, tag, value).map(|boxed| (value, member, boxed))
        })
        .collect();
    let value = if in_place.is_empty() { "_" } else { "value" };
    open!(
        code,
        "fn from_rest<'de, A: serde::de::MapAccess<'de>>({value}: &str, map: A) -> Result<Result<Self, A::Error>, A> {{"
    );
    if in_place.is_empty() {
        ln!(code, "Err(map)");
    } else {
        open!(code, "Ok(match value {{");
        for (value, member, boxed) in in_place {
            let wrap = if boxed {
                format!("|member| Self::{}(Box::new(member))", member.name)
            } else {
                format!("Self::{}", member.name)
            };
            ln!(
                code,
                "{} => de::Object::decode_map(map, Some(Self::TAG)).map({wrap}),",
                lit(value)
            );
        }
        ln!(code, "_ => return Err(map),");
        close!(code, "}})");
    }
    close!(code);
}

/// Whether `member` is a struct (through aliases) whose field `tag` is a one-value enum of
/// `value`, filled in by default; `Some(boxed)` if so.
fn holds_tag(api: &Api, member: &UnionVariant, tag: &str, value: &str) -> Option<bool> {
    let UnionVariantKind::Tagged { ty, .. } = &member.kind else {
        return None;
    };
    let boxed = matches!(ty, Ty::Named { boxed: true, .. });
    let Ty::Named { name, .. } = unaliased(api, ty) else {
        return None;
    };
    let Some(TypeKind::Struct(s)) = kind_of(api, name) else {
        return None;
    };
    let field = s.fields.iter().find(|f| f.wire == tag && f.constant)?;
    let Ty::Named {
        name: enum_name, ..
    } = unaliased(api, &field.ty)
    else {
        return None;
    };
    match kind_of(api, enum_name) {
        Some(TypeKind::Enum(e)) if e.tag() == Some(value) => Some(boxed),
        _ => None,
    }
}

/// Tag values, and the members that carry them, in order.
type TagArm<'a> = (Vec<&'a String>, Vec<&'a UnionVariant>);

/// The tag's arms: each list of tag values with the members that carry them, in order.
fn tag_arms(u: &Union) -> Vec<TagArm<'_>> {
    let mut by_value: Vec<(&String, Vec<&UnionVariant>)> = Vec::new();
    for v in &u.variants {
        if let UnionVariantKind::Tagged { values, .. } = &v.kind {
            for value in values {
                match by_value.iter_mut().find(|(known, _)| *known == value) {
                    Some((_, members)) => members.push(v),
                    None => by_value.push((value, vec![v])),
                }
            }
        }
    }
    let mut arms: Vec<TagArm<'_>> = Vec::new();
    for (value, members) in by_value {
        let same = |other: &Vec<&UnionVariant>| {
            other.len() == members.len()
                && other.iter().zip(&members).all(|(a, b)| a.name == b.name)
        };
        match arms.iter_mut().find(|(_, m)| same(m)) {
            Some((values, _)) => values.push(value),
            None => arms.push((vec![value], members)),
        }
    }
    arms
}

/// `Deserialize` of a union or an event set: the value's JSON text, handed to `from_json`; a
/// tagged union's through its `TaggedUnion` impl (`from_rest`, then `from_json`).
pub(super) fn emit_deserialize(code: &mut Code, name: &str, tag: Option<&str>) {
    open!(code, "impl<'de> serde::Deserialize<'de> for {name} {{");
    open!(code, "fn deserialize<__D: serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {{");
    match tag {
        Some(_) => ln!(code, "de::tagged_union(deserializer)"),
        None => ln!(code, "de::union(deserializer, Self::from_json)"),
    }
    close!(code);
    close!(code);
}

/// `From` each member's type (and `From<&str>` for a string member), through the runtime's
/// `union_from!`, unless two members hold one Rust type (two aliases of `String`): then
/// neither gets one.
fn emit_from_impls(code: &mut Code, api: &Api, t: &TypeDef, u: &Union) {
    let mut members = Vec::new();
    let mut text = None;
    for v in &u.variants {
        let Some(member) = member_ty(v) else { continue };
        let same = u
            .variants
            .iter()
            .filter_map(member_ty)
            .filter(|x| unaliased(api, x) == unaliased(api, member))
            .count();
        if same > 1 {
            continue;
        }
        members.push(format!("{}({}),", v.name, ty(member)));
        if *unaliased(api, member) == Ty::String {
            text = Some(&v.name);
        }
    }
    if members.is_empty() {
        return;
    }
    ln!(code);
    open!(code, "openapi_client_runtime::union_from! {{");
    ln!(code, "{};", t.name);
    for member in members {
        code.text(&member);
    }
    if let Some(variant) = text {
        ln!(code, "&str => {variant},");
    }
    close!(code);
}

/// A union of scalars is written as text (into a path, a query or a header) by `Display`: the
/// value as the API reads it, a string without quotes.
fn emit_display(code: &mut Code, api: &Api, t: &TypeDef, u: &Union) {
    let scalar = crate::ir::is_scalar(&Ty::named(&t.name), &|n| {
        if n == t.name {
            Some(&t.kind)
        } else {
            kind_of(api, n)
        }
    });
    if !scalar {
        return;
    }
    let unknown = &u.unknown;
    ln!(code);
    open!(code, "impl std::fmt::Display for {} {{", t.name);
    open!(
        code,
        "fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {{"
    );
    open!(code, "match self {{");
    for v in &u.variants {
        match &v.kind {
            UnionVariantKind::Literal(wire) => {
                ln!(code, "Self::{} => f.write_str({}),", v.name, lit(wire));
            }
            _ => ln!(
                code,
                "Self::{}(value) => std::fmt::Display::fmt(value, f),",
                v.name
            ),
        }
    }
    ln!(
        code,
        "Self::{unknown}(serde_json::Value::String(text)) => f.write_str(text),"
    );
    ln!(
        code,
        "Self::{unknown}(other) => std::fmt::Display::fmt(other, f),"
    );
    close!(code);
    close!(code);
    close!(code);
}

/// `Validate`: the rules of the member the value holds, and the generated types inside it.
fn emit_validate(code: &mut Code, name: &str, u: &Union, rules: &Rules) {
    let validated: Vec<(&String, Vec<String>)> = u
        .variants
        .iter()
        .filter_map(|v| {
            let t = member_ty(v)?;
            let mut body: Vec<String> = v
                .checks
                .iter()
                .filter_map(|c| check_text(c, t, "path"))
                .collect();
            if rules.holds_rules(t) {
                body.push(format!("{VALIDATE}::validate(value, path, errors);"));
            }
            (!body.is_empty()).then_some((&v.name, body))
        })
        .collect();
    if validated.is_empty() {
        empty_validate(code, name, rules);
        return;
    }
    open_validate(code, name);
    if let [(only, body)] = validated.as_slice() {
        open!(code, "if let Self::{only}(value) = self {{");
        for statement in body {
            code.text(statement);
        }
        close!(code);
    } else {
        open!(code, "match self {{");
        for (variant, body) in &validated {
            if let [statement] = body.as_slice() {
                ln!(
                    code,
                    "Self::{variant}(value) => {},",
                    statement.trim_end_matches(';')
                );
                continue;
            }
            open!(code, "Self::{variant}(value) => {{");
            for statement in body {
                code.text(statement);
            }
            close!(code);
        }
        ln!(code, "_ => {{}}");
        close!(code);
    }
    close!(code);
    close!(code);
}
