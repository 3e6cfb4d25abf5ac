//! `structs.rs`: objects (the struct, its constructor and setters, its one-pass `Deserialize`
//! and its `Validate`), aliases and newtypes.

use super::code::{close, lit, lit_f64, ln, open, ty, Code};
use super::{article, empty_validate, open_validate, Rules, VALIDATE};
use crate::ir::*;

pub(super) fn emit_alias(code: &mut Code, t: &TypeDef, target: &Ty) {
    code.docs(&t.docs);
    ln!(code, "pub type {} = {};", t.name, ty(target));
}

/// A newtype serialized as the value it holds, checked as that value is.
pub(super) fn emit_newtype(code: &mut Code, t: &TypeDef, inner: &Ty, rules: &Rules) {
    let name = &t.name;
    let inner = ty(inner);
    code.docs(&t.docs);
    ln!(
        code,
        "#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]"
    );
    ln!(code, "#[serde(transparent)]");
    ln!(code, "pub struct {name}(pub {inner});");
    ln!(code);
    open!(code, "impl From<{inner}> for {name} {{");
    open!(code, "fn from(value: {inner}) -> Self {{");
    ln!(code, "Self(value)");
    close!(code);
    close!(code);
    if rules.has_rules(name) {
        open_validate(code, name);
        ln!(code, "{VALIDATE}::validate(&self.0, path, errors);");
        close!(code);
        close!(code);
    } else {
        empty_validate(code, name, rules);
    }
}

fn field_ty(f: &Field) -> String {
    match f.presence {
        Presence::Required => ty(&f.ty),
        Presence::RequiredNullable | Presence::Optional => format!("Option<{}>", ty(&f.ty)),
    }
}

/// Methods a generated struct has besides its setters: its constructor and those of the traits
/// it implements or derives.
const TYPE_METHODS: &[&str] = &[
    "new",
    "default",
    "clone",
    "clone_from",
    "eq",
    "ne",
    "fmt",
    "serialize",
    "deserialize",
    "validate",
];

/// The name of a field without its raw-identifier prefix (`r#type` → `type`).
fn bare(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

pub(super) fn emit_struct(code: &mut Code, t: &TypeDef, s: &Struct, rules: &Rules) {
    let name = &t.name;
    for f in &s.fields {
        emit_default_fn(code, t, f);
    }
    code.docs(&t.docs);
    let required: Vec<&Field> = s.required.iter().map(|&i| &s.fields[i]).collect();
    let derive_default = if required.is_empty() { ", Default" } else { "" };
    ln!(code, "#[derive(Debug, Clone, PartialEq{derive_default})]");
    ln!(code, "#[non_exhaustive]");
    open!(code, "pub struct {name} {{");
    for f in &s.fields {
        code.docs(&f.docs);
        ln!(code, "pub {}: {},", f.name, field_ty(f));
    }
    let extra = &s.extra_name;
    let extra_ty = match &s.extra {
        Ty::Json => "serde_json::Map<String, serde_json::Value>".to_owned(),
        other => format!("std::collections::BTreeMap<String, {}>", ty(other)),
    };
    code.doc("Properties the description does not name, kept as received and sent back unchanged.");
    ln!(code, "pub {extra}: {extra_ty},");
    close!(code);
    ln!(code);

    open!(code, "impl {name} {{");
    if required.is_empty() {
        code.doc(
            "Creates a value with every field unset; set the ones you need with the methods below.",
        );
        ln!(code, "#[inline]");
        open!(code, "pub fn new() -> Self {{");
        ln!(code, "<Self as Default>::default()");
        close!(code);
    } else {
        code.doc("Creates a value from its required fields; the optional ones start unset.");
        if required.len() > 7 {
            ln!(code, "#[allow(clippy::too_many_arguments)]");
        }
        ln!(code, "#[inline]");
        let args: Vec<String> = required
            .iter()
            .map(|f| format!("{}: impl Into<{}>", f.name, ty(&f.ty)))
            .collect();
        code.list("pub fn new(", &args, ") -> Self {");
        open!(code, "Self {{");
        for f in &s.fields {
            if required.iter().any(|r| r.name == f.name) {
                ln!(code, "{0}: {0}.into(),", f.name);
            } else {
                ln!(code, "{}: Default::default(),", f.name);
            }
        }
        ln!(code, "{extra}: Default::default(),");
        close!(code);
        close!(code);
    }
    // A setter named like a method the type already has (its constructor, or a method of a
    // trait it implements) would hide that method from callers: it is named `with_<name>`.
    // Fields keep their own names first; a `with_` name yields to a field that has it.
    let optional: Vec<&Field> = s
        .fields
        .iter()
        .filter(|f| f.presence != Presence::Required)
        .collect();
    let mut setter_names = crate::naming::Scope::with_reserved(TYPE_METHODS);
    for f in &optional {
        if !TYPE_METHODS.contains(&bare(&f.name)) {
            setter_names.claim(bare(&f.name).to_owned());
        }
    }
    for f in optional {
        let setter = if TYPE_METHODS.contains(&bare(&f.name)) {
            setter_names.claim(format!("with_{}", bare(&f.name)))
        } else {
            f.name.clone()
        };
        ln!(code);
        code.doc(&format!("Sets `{}`.", f.wire));
        open!(
            code,
            "pub fn {setter}(mut self, value: impl Into<{}>) -> Self {{",
            ty(&f.ty)
        );
        ln!(code, "self.{} = Some(value.into());", f.name);
        ln!(code, "self");
        close!(code);
    }
    close!(code);
    ln!(code);
    emit_struct_codec(code, t, s);
    emit_struct_validate(code, name, s, rules);
}

/// The function that gives a required field its described default, when it has one.
fn emit_default_fn(code: &mut Code, t: &TypeDef, f: &Field) {
    let Some(default) = &f.default else { return };
    let value = match default {
        Literal::Bool(b) => b.to_string(),
        Literal::Int(i) => match f.ty {
            Ty::I32 => match i32::try_from(*i) {
                Ok(v) => format!("{v}i32"),
                Err(_) => return,
            },
            Ty::F64 => lit_f64(*i as f64),
            _ => format!("{i}i64"),
        },
        Literal::Float(x) => lit_f64(*x),
        Literal::Str(text) => format!("From::from({})", lit(text)),
    };
    code.doc(&format!(
        "The description's default for `{}.{}`.",
        t.name, f.wire
    ));
    open!(code, "fn {}() -> {} {{", default_fn(&t.name, f), ty(&f.ty));
    ln!(code, "{value}");
    close!(code);
    ln!(code);
}

/// A struct's `Serialize` and `Deserialize`: the runtime's `object!`, one line per field,
/// naming how a field left out is filled in: `None`, or its type's default (a one-value enum);
/// `Some(())` when a field that can only be `null` was there; the description's default; or,
/// for a required one, an error. An `optional` (or `present`) field is also left out when the
/// struct is written with it unset.
fn emit_struct_codec(code: &mut Code, t: &TypeDef, s: &Struct) {
    let name = &t.name;
    open!(code, "openapi_client_runtime::object! {{");
    ln!(
        code,
        "{name}, \"{} {name} object\", {};",
        article(name),
        s.extra_name
    );
    for f in &s.fields {
        let how = match f.presence {
            Presence::Optional if f.ty == Ty::Unit => "present".to_owned(),
            Presence::Optional => "optional".to_owned(),
            Presence::RequiredNullable => "default".to_owned(),
            Presence::Required if f.constant => "default".to_owned(),
            // `self::`: a field of the same name as the function would hide it.
            Presence::Required if f.default.is_some() => {
                format!("(or self::{})", default_fn(name, f))
            }
            Presence::Required => "required".to_owned(),
        };
        ln!(code, "{} => {}: {how},", lit(&f.wire), f.name);
    }
    close!(code);
}

/// Name of the function that gives a required field its described default.
fn default_fn(type_name: &str, f: &Field) -> String {
    format!(
        "{}_{}_default",
        crate::naming::snake(type_name),
        bare(&f.name)
    )
}

/// The statement that checks one rule on `value` (of type `ty`) at `at`; `None` when the rule
/// does not apply to that type.
pub(super) fn check_text(check: &Check, ty: &Ty, at: &str) -> Option<String> {
    let opt_f64 = |b: &Option<(f64, bool)>| match b {
        Some((v, exclusive)) => format!("Some(({}, {exclusive}))", lit_f64(*v)),
        None => "None".to_owned(),
    };
    let opt_usize = |b: &Option<usize>| match b {
        Some(v) => format!("Some({v}usize)"),
        None => "None".to_owned(),
    };
    const V: &str = "openapi_client_runtime::validate";
    Some(match (check, ty) {
        (Check::Range { min, max }, Ty::F64) => {
            format!(
                "{V}::range({at}, *value, {}, {}, errors);",
                opt_f64(min),
                opt_f64(max)
            )
        }
        (Check::Range { min, max }, Ty::I32 | Ty::I64) => format!(
            "{V}::range({at}, *value as f64, {}, {}, errors);",
            opt_f64(min),
            opt_f64(max)
        ),
        (Check::Items { min, max }, Ty::Vec(_)) => format!(
            "{V}::items({at}, value.len(), {}, {}, errors);",
            opt_usize(min),
            opt_usize(max)
        ),
        (Check::Length { min, max }, Ty::String) => format!(
            "{V}::length({at}, value, {}, {}, errors);",
            opt_usize(min),
            opt_usize(max)
        ),
        (Check::Pattern(pattern), Ty::String) => {
            format!("{V}::pattern({at}, value, {}, errors);", lit(pattern))
        }
        _ => return None,
    })
}

/// `Validate` for a struct: each field's rules, then the generated types inside it; an empty
/// impl for a request body with nothing to check, and none for any other such struct.
fn emit_struct_validate(code: &mut Code, name: &str, s: &Struct, rules: &Rules) {
    // Each field with something to check: its rules' statements, and whether a generated
    // type inside it has rules too.
    let fields: Vec<(&Field, Vec<String>, bool)> = s
        .fields
        .iter()
        .map(|f| {
            let checks: Vec<String> = f
                .checks
                .iter()
                .filter_map(|c| check_text(c, &f.ty, "&at"))
                .collect();
            (f, checks, rules.holds_rules(&f.ty))
        })
        .filter(|(_, checks, inner)| !checks.is_empty() || *inner)
        .collect();
    if fields.is_empty() && !s.closed && s.required_sets.is_empty() {
        empty_validate(code, name, rules);
        return;
    }
    open_validate(code, name);
    for (f, checks, inner) in fields {
        let wire = lit(&f.wire);
        // Only the generated types inside: one line (`Option`'s `Validate` skips `None`).
        if checks.is_empty() {
            ln!(
                code,
                "{VALIDATE}::validate(&self.{}, &path.field({wire}), errors);",
                f.name
            );
            continue;
        }
        match f.presence {
            Presence::Required => {
                open!(code, "{{");
                ln!(code, "let at = path.field({wire});");
                ln!(code, "let value = &self.{};", f.name);
            }
            _ => {
                open!(code, "if let Some(value) = &self.{} {{", f.name);
                ln!(code, "let at = path.field({wire});");
            }
        }
        for statement in &checks {
            code.text(statement);
        }
        if inner {
            ln!(code, "{VALIDATE}::validate(value, &at, errors);");
        }
        close!(code);
    }
    if s.closed {
        ln!(
            code,
            "openapi_client_runtime::validate::closed(path, self.{}.keys(), errors);",
            s.extra_name
        );
    }
    for rule in &s.required_sets {
        emit_required_sets(code, s, rule);
    }
    close!(code);
    close!(code);
}

/// The check that exactly one (or at least one) of the sets of properties is set: a set is
/// when each of its properties is (a required field always is; one the description gives no
/// field is set when the `extra` map holds it).
fn emit_required_sets(code: &mut Code, s: &Struct, rule: &RequiredSets) {
    let set = |wire: &String| match s.fields.iter().find(|f| &f.wire == wire) {
        Some(f) if f.presence == Presence::Required => "true".to_owned(),
        Some(f) => format!("self.{}.is_some()", f.name),
        None => format!("self.{}.contains_key({})", s.extra_name, lit(wire)),
    };
    let satisfied: Vec<String> = rule
        .sets
        .iter()
        .map(|names| match names.as_slice() {
            [] => "true".to_owned(),
            _ => names.iter().map(set).collect::<Vec<_>>().join(" && "),
        })
        .collect();
    let described: Vec<String> = rule
        .sets
        .iter()
        .map(|names| {
            let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            names.join(" + ")
        })
        .collect();
    code.list(
        "openapi_client_runtime::validate::required_sets(",
        &[
            "path".to_owned(),
            format!("&[{}]", satisfied.join(", ")),
            rule.exactly_one.to_string(),
            lit(&described.join(", ")),
            "errors".to_owned(),
        ],
        ");",
    );
}
