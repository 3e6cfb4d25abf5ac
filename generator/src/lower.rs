//! `openapiv3` model → [`crate::ir::Api`]: Rust names and every type decision.
//!
//! Component schemas get their names before anything is lowered (so forward and circular
//! references need no special case); inline schemas are named after their parent and property
//! (`RunObject` + `required_action` → `RunObjectRequiredAction`) in a fixed traversal order,
//! and a pass at the end boxes the references that close a cycle.

use crate::diag::{pointer_join, Diagnostics, Warning};
use crate::ir::*;
use crate::naming::{camel, snake, Scope};
use crate::select::Selected;
use crate::source::Document;
use openapiv3::{
    AdditionalProperties, OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, Schema,
    SchemaKind, StatusCode, Type, VariantOrUnknownOrEmpty,
};
use std::collections::{BTreeMap, BTreeSet};

/// A schema or a reference to one, whichever box it came in.
#[derive(Clone, Copy)]
enum RefOr<'a> {
    Ref(&'a str),
    Item(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for RefOr<'a> {
    fn from(r: &'a ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => RefOr::Ref(reference),
            ReferenceOr::Item(s) => RefOr::Item(s),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for RefOr<'a> {
    fn from(r: &'a ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => RefOr::Ref(reference),
            ReferenceOr::Item(s) => RefOr::Item(s),
        }
    }
}

/// The parts of an object schema, whichever kind `openapiv3` parsed it as.
struct ObjectParts<'a> {
    properties: Vec<(&'a String, RefOr<'a>)>,
    required: Vec<String>,
    additional: Option<&'a AdditionalProperties>,
    /// The schema's `x-required-one-of`/`x-required-any-of` (which `normalize` writes), and
    /// those of merged `allOf` members: each must hold.
    required_sets: Vec<RequiredSets>,
}

/// A union member after nested unions are flattened.
struct Leaf<'a> {
    schema: &'a Schema,
    component: Option<String>,
    pointer: String,
    /// The Rust name of the union an inline member was flattened out of: its type's name prefix.
    parent: Option<String>,
}

struct Lowerer<'a> {
    doc: &'a Document,
    api: &'a OpenAPI,
    diags: Diagnostics,
    warnings: Vec<Warning>,
    types: BTreeMap<String, TypeDef>,
    names: Scope,
    /// Schema name → Rust type name, for every component in the closure.
    components: BTreeMap<String, String>,
    /// Inline schemas already lowered, by pointer: a schema reached twice is one type.
    inline: BTreeMap<String, Ty>,
    /// Titled inline schemas already lowered, by their JSON: copies of one titled schema in
    /// several places are one type.
    titled: BTreeMap<String, Ty>,
}

/// Lowers the selected operations and the closure of schemas they reach.
pub fn lower(
    doc: &Document,
    api: &OpenAPI,
    ops: &[Selected],
    closure: &BTreeSet<String>,
    settings: &crate::ir::ClientSettings,
) -> Result<Api, Diagnostics> {
    let mut l = Lowerer {
        doc,
        api,
        diags: Diagnostics::default(),
        warnings: Vec::new(),
        types: BTreeMap::new(),
        // Type names the generated code uses unqualified: a schema may not shadow them.
        names: Scope::with_reserved(&[
            "Option", "Some", "None", "Result", "Ok", "Err", "String", "Vec", "Box", "Default",
            "From", "Into",
        ]),
        components: BTreeMap::new(),
        inline: BTreeMap::new(),
        titled: BTreeMap::new(),
    };
    for name in closure {
        let rust = l.names.claim(camel(name));
        l.components.insert(name.clone(), rust);
    }
    let schemas = api.components.as_ref().map(|c| &c.schemas);
    for (name, rust) in l.components.clone() {
        let pointer = pointer_join("#/components/schemas", &name);
        let Some(schema) = schemas.and_then(|s| s.get(&name)) else {
            continue;
        };
        let (kind, docs) = match schema {
            ReferenceOr::Reference { .. } => (
                TypeKind::Alias(l.ty_of(schema.into(), &rust, &pointer).0),
                Docs::default(),
            ),
            ReferenceOr::Item(s) => (l.define(s, &rust, &pointer), docs_of(s)),
        };
        l.types.insert(
            rust.clone(),
            TypeDef {
                name: rust,
                pointer,
                docs,
                kind,
            },
        );
    }
    let mut fn_names = Scope::default();
    let mut operations = Vec::new();
    for op in ops {
        if let Some(lowered) = l.operation(op, &mut fn_names) {
            operations.push(lowered);
        }
    }
    operations.sort_by(|a, b| a.fn_name.cmp(&b.fn_name));
    for op in &mut operations {
        l.stream_parts(op, settings.stream_flag.as_deref());
    }
    let mut types: Vec<TypeDef> = std::mem::take(&mut l.types).into_values().collect();
    newtype_alias_cycles(&mut types);
    box_cycles(&mut types);
    let base_url = l.base_url();
    // The selected operations that lowered, each with its pointer and its description.
    let lowered: Vec<(&Selected, &Operation)> = ops
        .iter()
        .filter_map(|op| Some((op, operations.iter().find(|o| o.id == op.id)?)))
        .collect();
    let requirements: Vec<(&str, &[Vec<String>])> = lowered
        .iter()
        .map(|(op, o)| (op.pointer.as_str(), o.security.as_slice()))
        .collect();
    let schemes = crate::security::schemes(doc, api, &requirements, settings, &mut l.diags);
    let declared: Vec<&openapiv3::Operation> = lowered
        .iter()
        .filter_map(|(op, _)| {
            let item = api.paths.paths.get(&op.path)?.as_item()?;
            item.iter().find(|(m, _)| *m == op.method).map(|(_, o)| o)
        })
        .collect();
    let error_body = crate::security::error_body(
        api,
        &declared,
        &l.components,
        settings.error_envelope.as_deref(),
    );
    // A schema reached from several places is checked once per place: one warning each.
    let mut warnings = std::mem::take(&mut l.warnings);
    warnings.sort();
    warnings.dedup();
    let api = Api {
        title: api.info.title.clone(),
        version: api.info.version.clone(),
        base_url,
        types,
        operations,
        warnings,
        schemes,
        error_body,
        client: settings.clone(),
    };
    l.diags.into_result(api)
}

impl<'a> Lowerer<'a> {
    /// The base URL from `servers`: the first server whose URL, each variable at its default,
    /// is an absolute `http`/`https` URL (a relative one, legal in OpenAPI, is relative to
    /// wherever the description is served, which the client cannot know). Every server's
    /// template is checked.
    fn base_url(&mut self) -> BaseUrl {
        let mut chosen: Option<BaseUrl> = None;
        let mut unusable: Option<(String, String)> = None;
        for (i, server) in self.api.servers.iter().enumerate() {
            let pointer = format!("#/servers/{i}");
            let Some((template, variables)) = self.server_template(server, &pointer) else {
                continue;
            };
            let url: String = template
                .iter()
                .map(|piece| match piece {
                    UrlPiece::Text(text) => text.as_str(),
                    UrlPiece::Variable(v) => variables[*v].default.as_str(),
                })
                .collect();
            let url = url.trim_end_matches('/').to_owned();
            if let Some(why) = not_absolute(&url) {
                self.warnings.push(Warning {
                    location: self.doc.locate(&pointer_join(&pointer, "url")),
                    message: format!(
                        "server URL `{url}` {why}: it is not a default base URL for the client"
                    ),
                });
                unusable.get_or_insert((url, why.to_owned()));
                continue;
            }
            if chosen.is_none() {
                chosen = Some(BaseUrl {
                    default: Some(url),
                    why_none: None,
                    template,
                    variables,
                    variables_type: String::new(),
                });
            }
        }
        match chosen {
            Some(mut base) => {
                if !base.variables.is_empty() {
                    // Claimed after the schemas, so a schema of that name keeps its name.
                    base.variables_type = self.names.claim("ServerVariables".to_owned());
                }
                base
            }
            None => BaseUrl {
                why_none: Some(match unusable {
                    Some((url, why)) => format!("The description's server URL `{url}` {why}."),
                    None => "The description names no server.".to_owned(),
                }),
                ..BaseUrl::default()
            },
        }
    }

    /// A server's URL template in pieces and the variables it uses; `None` (with errors) when
    /// the template names an undeclared variable or does not parse, or a default is not one of
    /// its variable's values.
    fn server_template(
        &mut self,
        server: &openapiv3::Server,
        pointer: &str,
    ) -> Option<(Vec<UrlPiece>, Vec<ServerVariable>)> {
        let url_pointer = pointer_join(pointer, "url");
        let declared: Vec<(&String, &openapiv3::ServerVariable)> =
            server.variables.iter().flatten().collect();
        let mut ok = true;
        for (name, variable) in &declared {
            if !variable.enumeration.is_empty() && !variable.enumeration.contains(&variable.default)
            {
                let at = pointer_join(
                    &pointer_join(&pointer_join(pointer, "variables"), name),
                    "default",
                );
                self.error(
                    &at,
                    format!(
                        "the default `{}` of server variable `{name}` is not one of its values ({})",
                        variable.default,
                        variable.enumeration.join(", ")
                    ),
                );
                ok = false;
            }
        }
        // The URL is a template like a path's: the same reader, the same messages.
        let (parts, problems) = template(&server.url, "the server URL");
        if !problems.is_empty() {
            for problem in problems {
                self.error(&url_pointer, problem);
            }
            return None;
        }
        // Each variable in the order the URL first names it.
        let mut used: Vec<&str> = Vec::new();
        let mut pieces = Vec::new();
        for part in &parts {
            let name = match part {
                PathPart::Literal(text) => {
                    pieces.push(UrlPiece::Text(text.clone()));
                    continue;
                }
                PathPart::Param(name) => name.as_str(),
            };
            if !declared
                .iter()
                .any(|(declared, _)| declared.as_str() == name)
            {
                self.error(
                    &url_pointer,
                    format!(
                        "the server URL names `{{{name}}}`, which its `variables` do not declare"
                    ),
                );
                ok = false;
                continue;
            }
            let index = match used.iter().position(|u| *u == name) {
                Some(index) => index,
                None => {
                    used.push(name);
                    used.len() - 1
                }
            };
            pieces.push(UrlPiece::Variable(index));
        }
        for (name, _) in &declared {
            if !used.contains(&name.as_str()) {
                self.warnings.push(Warning {
                    location: self.doc.locate(&pointer_join(&pointer_join(pointer, "variables"), name)),
                    message: format!(
                        "server variable `{name}` does not appear in the server URL; the client leaves it out"
                    ),
                });
            }
        }
        if !ok {
            return None;
        }
        // Names the variables type's own methods (and common traits' methods) have are taken.
        let mut fields = Scope::with_reserved(&[
            "new", "base_url", "default", "clone", "eq", "ne", "fmt", "to_owned",
        ]);
        let variables = used
            .iter()
            .map(|name| {
                let (_, variable) = declared
                    .iter()
                    .find(|(declared, _)| declared.as_str() == *name)
                    .expect("bug: only declared variables are used");
                ServerVariable {
                    name: (*name).to_owned(),
                    field: fields.claim(snake(name)),
                    default: variable.default.clone(),
                    values: variable.enumeration.clone(),
                    description: variable.description.clone(),
                }
            })
            .collect();
        Some((pieces, variables))
    }

    fn error(&mut self, pointer: &str, message: impl Into<String>) {
        self.diags.push(self.doc.locate(pointer), message);
    }

    /// The rules of the schema at `pointer` that its Rust type does not enforce, less any
    /// pattern the client could not compile: that one gets a warning and no check, so the
    /// generated code never holds a check that cannot run.
    fn checks(&mut self, schema: &Schema, pointer: &str) -> Vec<Check> {
        let mut checks = checks_of(schema);
        checks.retain(|check| {
            let Check::Pattern(pattern) = check else {
                return true;
            };
            let Err(e) = compile_pattern(pattern) else {
                return true;
            };
            self.warnings.push(Warning {
                location: self.doc.locate(&pointer_join(pointer, "pattern")),
                message: format!(
                    "pattern `{pattern}` is not an ECMA-262 regular expression ({e}); the client does not check it"
                ),
            });
            false
        });
        checks
    }

    /// The component a `$ref` names, with its schema.
    fn component(&self, reference: &str) -> Option<(String, &'a ReferenceOr<Schema>)> {
        let name = crate::source::decode_token(reference.strip_prefix("#/components/schemas/")?)?;
        let schema = self.api.components.as_ref()?.schemas.get(&name)?;
        Some((name, schema))
    }

    /// Follows references to a schema; `None` (and an error) when a reference leads nowhere.
    fn resolve(&mut self, s: RefOr<'a>, pointer: &str) -> Option<(&'a Schema, Option<String>)> {
        let mut current = s;
        let mut named = None;
        for _ in 0..64 {
            match current {
                // `allOf: [X]` (a `$ref` that had keys beside it) is X.
                RefOr::Item(schema)
                    if single_all_of(schema).is_some() && !schema.schema_data.nullable =>
                {
                    current = single_all_of(schema)
                        .expect("bug: checked in the guard")
                        .into();
                }
                RefOr::Item(schema) => return Some((schema, named)),
                RefOr::Ref(reference) => match self.component(reference) {
                    Some((name, next)) => {
                        named.get_or_insert(name);
                        current = next.into();
                    }
                    None => {
                        self.error(pointer, format!("`$ref: {reference}` does not name a schema in `#/components/schemas`"));
                        return None;
                    }
                },
            }
        }
        self.error(pointer, "`$ref` chain loops without reaching a schema");
        None
    }

    /// The Rust type of a schema used somewhere, and whether `null` is allowed there.
    fn ty_of(&mut self, s: RefOr<'a>, hint: &str, pointer: &str) -> (Ty, bool) {
        match s {
            RefOr::Ref(reference) => {
                let Some((name, _)) = self.component(reference) else {
                    self.error(
                        pointer,
                        format!(
                            "`$ref: {reference}` does not name a schema in `#/components/schemas`"
                        ),
                    );
                    return (Ty::Json, false);
                };
                let resolved = self.resolve(s, pointer).map(|(schema, _)| schema);
                // A component that only allows `null` is `()` wherever it is named, as one
                // written in place is: an optional field then says whether the object had it
                // (`Some(())`), which `Option<Alias>` could not (`null` reads as `None`).
                if resolved.is_some_and(null_only) {
                    return (Ty::Unit, false);
                }
                let nullable = resolved.is_some_and(|schema| schema.schema_data.nullable);
                match self.components.get(&name) {
                    Some(rust) => (Ty::named(rust), nullable),
                    None => {
                        self.error(
                            pointer,
                            format!("bug: `{name}` is missing from the closure"),
                        );
                        (Ty::Json, nullable)
                    }
                }
            }
            RefOr::Item(schema) => {
                let nullable = schema.schema_data.nullable || enum_allows_null(schema);
                if let Some((ty, inner_nullable)) = self.plain(schema, hint, pointer) {
                    return (ty, nullable || inner_nullable);
                }
                if let Some(ty) = self.inline.get(pointer) {
                    return (ty.clone(), nullable);
                }
                let shape_key = schema
                    .schema_data
                    .title
                    .is_some()
                    .then(|| serde_json::to_string(schema).unwrap_or_default());
                if let Some(ty) = shape_key.as_ref().and_then(|k| self.titled.get(k)) {
                    return (ty.clone(), nullable);
                }
                let name = self.names.claim(hint.to_owned());
                self.inline.insert(pointer.to_owned(), Ty::named(&name));
                if let Some(key) = shape_key {
                    self.titled.insert(key, Ty::named(&name));
                }
                let kind = self.define(schema, &name, pointer);
                self.types.insert(
                    name.clone(),
                    TypeDef {
                        name: name.clone(),
                        pointer: pointer.to_owned(),
                        docs: docs_of(schema),
                        kind,
                    },
                );
                (Ty::named(&name), nullable)
            }
        }
    }

    /// Schemas that need no type of their own: primitives, lists, maps, free-form JSON.
    fn plain(&mut self, schema: &'a Schema, hint: &str, pointer: &str) -> Option<(Ty, bool)> {
        let ty = match &schema.schema_kind {
            _ if null_only(schema) => Ty::Unit,
            SchemaKind::Type(Type::String(s)) if s.enumeration.iter().all(Option::is_none) => {
                match &s.format {
                    VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary) => Ty::File,
                    _ => Ty::String,
                }
            }
            SchemaKind::Type(Type::Integer(i)) => match &i.format {
                VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => Ty::I32,
                _ => Ty::I64,
            },
            SchemaKind::Type(Type::Number(_)) => Ty::F64,
            SchemaKind::Type(Type::Boolean(_)) => Ty::Bool,
            SchemaKind::Type(Type::Array(a)) => self.list(a.items.as_ref(), hint, pointer),
            SchemaKind::Type(Type::Object(o)) if o.properties.is_empty() => {
                self.map(o.additional_properties.as_ref(), hint, pointer)
            }
            _ if single_all_of(schema).is_some() => {
                let member = single_all_of(schema).expect("bug: checked in the guard");
                return Some(self.ty_of(member.into(), hint, &format!("{pointer}/allOf/0")));
            }
            SchemaKind::Any(a) => match a.typ.as_deref() {
                _ if !a.properties.is_empty() || !a.enumeration.is_empty() => return None,
                // `type: object` beside `oneOf`/`anyOf` adds nothing the members do not say.
                _ if (!a.one_of.is_empty() || !a.any_of.is_empty())
                    && a.all_of.is_empty()
                    && a.not.is_none() =>
                {
                    return None
                }
                _ if !a.one_of.is_empty()
                    || !a.any_of.is_empty()
                    || !a.all_of.is_empty()
                    || a.not.is_some() =>
                {
                    self.error(pointer, "a schema mixing `oneOf`/`anyOf`/`allOf`/`not` with other keywords cannot be expressed");
                    Ty::Json
                }
                Some("array") => self.list(a.items.as_ref(), hint, pointer),
                Some("object") | None if a.additional_properties.is_some() => {
                    self.map(a.additional_properties.as_ref(), hint, pointer)
                }
                Some("object") | None => Ty::Json,
                // Keywords of other types beside `type` (`minItems` on a string) do not apply.
                Some("string") => Ty::String,
                Some("integer") => Ty::I64,
                Some("number") => Ty::F64,
                Some("boolean") => Ty::Bool,
                Some(other) => {
                    self.error(
                        pointer,
                        format!("`type: {other}` is not a JSON Schema type"),
                    );
                    Ty::Json
                }
            },
            SchemaKind::Not { .. } => {
                self.error(pointer, "`not` cannot be expressed as a Rust type");
                Ty::Json
            }
            _ => return None,
        };
        Some((ty, false))
    }

    fn list(
        &mut self,
        items: Option<&'a ReferenceOr<Box<Schema>>>,
        hint: &str,
        pointer: &str,
    ) -> Ty {
        match items {
            Some(items) => {
                let (ty, _) = self.ty_of(
                    items.into(),
                    &format!("{hint}Item"),
                    &pointer_join(pointer, "items"),
                );
                Ty::Vec(Box::new(ty))
            }
            None => Ty::Vec(Box::new(Ty::Json)),
        }
    }

    fn map(
        &mut self,
        additional: Option<&'a AdditionalProperties>,
        hint: &str,
        pointer: &str,
    ) -> Ty {
        match additional {
            Some(AdditionalProperties::Schema(s)) => {
                let (ty, _) = self.ty_of(
                    s.as_ref().into(),
                    &format!("{hint}Value"),
                    &pointer_join(pointer, "additionalProperties"),
                );
                // A map of anything is a free-form object.
                if ty == Ty::Json {
                    Ty::Json
                } else {
                    Ty::Map(Box::new(ty))
                }
            }
            _ => Ty::Json,
        }
    }

    /// The type a named schema defines.
    fn define(&mut self, schema: &'a Schema, name: &str, pointer: &str) -> TypeKind {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) if s.enumeration.iter().any(Option::is_some) => {
                let values: Vec<String> = s.enumeration.iter().flatten().cloned().collect();
                let default = schema.schema_data.default.as_ref().and_then(|d| d.as_str());
                TypeKind::Enum(string_enum(&values, default))
            }
            SchemaKind::Any(a) if a.properties.is_empty() && !a.enumeration.is_empty() => {
                let values: Vec<String> = a
                    .enumeration
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect();
                if values.len() + a.enumeration.iter().filter(|v| v.is_null()).count()
                    != a.enumeration.len()
                {
                    self.error(
                        pointer,
                        "an `enum` mixing strings with other values cannot be expressed",
                    );
                }
                TypeKind::Enum(string_enum(&values, None))
            }
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
                let key = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) {
                    "oneOf"
                } else {
                    "anyOf"
                };
                self.union(schema, members, name, &pointer_join(pointer, key))
            }
            SchemaKind::Any(a) if a.properties.is_empty() && !a.one_of.is_empty() => {
                self.union(schema, &a.one_of, name, &pointer_join(pointer, "oneOf"))
            }
            SchemaKind::Any(a) if a.properties.is_empty() && !a.any_of.is_empty() => {
                self.union(schema, &a.any_of, name, &pointer_join(pointer, "anyOf"))
            }
            SchemaKind::AllOf { all_of } if all_of.len() > 1 => {
                self.merge(all_of, None, name, pointer)
            }
            SchemaKind::Any(a)
                if !a.all_of.is_empty() && a.one_of.is_empty() && a.any_of.is_empty() =>
            {
                self.merge(&a.all_of, object_parts_of_any(schema, a), name, pointer)
            }
            _ => match object_parts(schema) {
                Some(parts) => self.object(parts, name, pointer),
                None => match self.plain(schema, name, pointer) {
                    Some((ty, _)) => TypeKind::Alias(ty),
                    None => {
                        self.error(pointer, "this schema cannot be expressed as a Rust type");
                        TypeKind::Alias(Ty::Json)
                    }
                },
            },
        }
    }

    fn object(&mut self, parts: ObjectParts<'a>, name: &str, pointer: &str) -> TypeKind {
        let mut props = parts.properties;
        props.sort_by(|a, b| a.0.cmp(b.0));
        let mut scope = Scope::default();
        let mut fields = Vec::new();
        for (wire, prop) in props {
            let prop_pointer = pointer_join(&pointer_join(pointer, "properties"), wire);
            let (ty, nullable) = self.ty_of(prop, &format!("{name}{}", camel(wire)), &prop_pointer);
            let required = parts.required.iter().any(|r| r == wire);
            let one_value = match self.resolve(prop, &prop_pointer) {
                Some((s, _)) => one_value_enum(s),
                None => false,
            };
            let presence = match (required, nullable) {
                // `Option<()>` would say nothing `()` does not.
                (true, _) if ty == Ty::Unit => Presence::Required,
                (true, false) => Presence::Required,
                (true, true) => Presence::RequiredNullable,
                (false, _) => Presence::Optional,
            };
            let docs = match prop {
                RefOr::Item(s) => docs_of(s),
                RefOr::Ref(_) => Docs::default(),
            };
            let default_literal = self
                .resolve(prop, &prop_pointer)
                .and_then(|(s, _)| default_literal(s));
            let checks = match self.resolve(prop, &prop_pointer) {
                Some((s, component)) => {
                    self.checks(s, &component_pointer(component.as_deref(), &prop_pointer))
                }
                None => Vec::new(),
            };
            // `()` is a one-value type too: `null`, filled in, never an argument.
            let one_value = one_value || ty == Ty::Unit;
            fields.push(Field {
                name: scope.claim(snake(wire)),
                wire: wire.clone(),
                ty,
                presence,
                docs,
                constant: one_value && presence == Presence::Required,
                default: if presence == Presence::Required && !one_value {
                    default_literal
                } else {
                    None
                },
                checks,
            });
        }
        // A required name without a property schema: present, with any value (JSON Schema).
        for r in &parts.required {
            if !fields.iter().any(|f| &f.wire == r) {
                let mut docs = Docs::default();
                docs.notes
                    .push("Required by the description, which gives it no schema.".into());
                fields.push(Field {
                    name: scope.claim(snake(r)),
                    wire: r.clone(),
                    ty: Ty::Json,
                    presence: Presence::Required,
                    docs,
                    constant: false,
                    default: None,
                    checks: Vec::new(),
                });
            }
        }
        // One-value fields first (a union's tag is one): they are then written first, as
        // the API writes them, and a union reading the value back finds its tag before
        // anything else, so it decodes the member without holding properties back.
        fields.sort_by(|a, b| (!a.constant, &a.wire).cmp(&(!b.constant, &b.wire)));
        // Merged `allOf` members may list a name twice: one argument each.
        let mut required: Vec<usize> = Vec::new();
        for i in parts
            .required
            .iter()
            .filter_map(|r| fields.iter().position(|f| &f.wire == r))
        {
            if fields[i].presence == Presence::Required
                && !fields[i].constant
                && !required.contains(&i)
            {
                required.push(i);
            }
        }
        let extra = match parts.additional {
            Some(AdditionalProperties::Schema(s)) => {
                let (ty, _) = self.ty_of(
                    s.as_ref().into(),
                    &format!("{name}Value"),
                    &pointer_join(pointer, "additionalProperties"),
                );
                ty
            }
            _ => Ty::Json,
        };
        let extra_name = scope.claim("extra".into());
        let closed = matches!(parts.additional, Some(AdditionalProperties::Any(false)));
        TypeKind::Struct(Struct {
            fields,
            required,
            extra,
            extra_name,
            closed,
            required_sets: parts.required_sets,
        })
    }

    /// `allOf` of several object schemas: one struct with every member's properties.
    fn merge(
        &mut self,
        members: &'a [ReferenceOr<Schema>],
        own: Option<ObjectParts<'a>>,
        name: &str,
        pointer: &str,
    ) -> TypeKind {
        match self.merged_parts(members, own, pointer, 0) {
            Some(parts) => self.object(parts, name, pointer),
            None => TypeKind::Alias(Ty::Json),
        }
    }

    /// The properties of every `allOf` member (and the schema's own), later ones winning.
    fn merged_parts(
        &mut self,
        members: &'a [ReferenceOr<Schema>],
        own: Option<ObjectParts<'a>>,
        pointer: &str,
        depth: usize,
    ) -> Option<ObjectParts<'a>> {
        let mut merged = ObjectParts {
            properties: Vec::new(),
            required: Vec::new(),
            additional: None,
            required_sets: Vec::new(),
        };
        let add = |parts: ObjectParts<'a>, merged: &mut ObjectParts<'a>| {
            for (wire, prop) in parts.properties {
                if let Some(existing) = merged.properties.iter_mut().find(|(w, _)| *w == wire) {
                    existing.1 = prop;
                } else {
                    merged.properties.push((wire, prop));
                }
            }
            merged.required.extend(parts.required);
            merged.additional = merged.additional.or(parts.additional);
            merged.required_sets.extend(parts.required_sets);
        };
        for (i, member) in members.iter().enumerate() {
            let at = format!("{pointer}/allOf/{i}");
            let (schema, _) = self.resolve(member.into(), &at)?;
            match self.object_like(schema, &at, depth + 1) {
                Some(parts) => add(parts, &mut merged),
                None => {
                    self.error(
                        &at,
                        "`allOf` members must all be object schemas to be merged",
                    );
                    return None;
                }
            }
        }
        if let Some(own) = own {
            add(own, &mut merged);
        }
        Some(merged)
    }

    /// The properties of a schema that describes an object: directly, or as the merge of an
    /// `allOf` (an empty object schema counts, with no properties).
    fn object_like(
        &mut self,
        schema: &'a Schema,
        pointer: &str,
        depth: usize,
    ) -> Option<ObjectParts<'a>> {
        if let Some(parts) = object_parts(schema) {
            return Some(parts);
        }
        if depth > 16 {
            return None;
        }
        match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => self.merged_parts(all_of, None, pointer, depth),
            SchemaKind::Any(a)
                if !a.all_of.is_empty() && a.one_of.is_empty() && a.any_of.is_empty() =>
            {
                self.merged_parts(&a.all_of, object_parts_of_any(schema, a), pointer, depth)
            }
            SchemaKind::Type(Type::Object(o))
                if o.properties.is_empty()
                    && !matches!(
                        o.additional_properties,
                        Some(AdditionalProperties::Schema(_))
                    ) =>
            {
                Some(ObjectParts {
                    properties: Vec::new(),
                    required: o.required.clone(),
                    additional: None,
                    required_sets: Vec::new(),
                })
            }
            _ => None,
        }
    }

    /// Flattens nested unions whose members are all objects.
    fn leaves(
        &mut self,
        members: &'a [ReferenceOr<Schema>],
        pointer: &str,
        out: &mut Vec<Leaf<'a>>,
        depth: usize,
    ) {
        for (i, member) in members.iter().enumerate() {
            let at = pointer_join(pointer, &i.to_string());
            let Some((schema, component)) = self.resolve(member.into(), &at) else {
                continue;
            };
            let nested = match &schema.schema_kind {
                SchemaKind::OneOf { one_of: m } | SchemaKind::AnyOf { any_of: m }
                    if !schema.schema_data.nullable && depth < 8 =>
                {
                    Some(m)
                }
                _ => None,
            };
            if let Some(nested) = nested {
                let mut inner = Vec::new();
                self.leaves(
                    nested,
                    &format!(
                        "{}/{}",
                        component_pointer(component.as_deref(), &at),
                        union_key(schema)
                    ),
                    &mut inner,
                    depth + 1,
                );
                let mut all_objects = true;
                let mut all_strings = true;
                for leaf in &inner {
                    all_objects &= self.object_like(leaf.schema, &leaf.pointer, 0).is_some();
                    all_strings &=
                        matches!(leaf.schema.schema_kind, SchemaKind::Type(Type::String(_)));
                }
                if all_objects || all_strings {
                    let parent = component
                        .as_ref()
                        .and_then(|c| self.components.get(c).cloned());
                    for mut leaf in inner {
                        leaf.parent = leaf.parent.or_else(|| parent.clone());
                        out.push(leaf);
                    }
                    continue;
                }
            }
            out.push(Leaf {
                schema,
                component,
                pointer: at,
                parent: None,
            });
        }
    }

    fn union(
        &mut self,
        schema: &'a Schema,
        members: &'a [ReferenceOr<Schema>],
        name: &str,
        pointer: &str,
    ) -> TypeKind {
        let mut leaves = Vec::new();
        self.leaves(members, pointer, &mut leaves, 0);
        let mut literals: Vec<String> = Vec::new();
        let mut shaped: Vec<(Vec<Shape>, &Leaf<'a>)> = Vec::new();
        let mut objects: Vec<&Leaf<'a>> = Vec::new();
        for leaf in &leaves {
            match &leaf.schema.schema_kind {
                SchemaKind::Type(Type::String(s)) if s.enumeration.iter().any(Option::is_some) => {
                    literals.extend(s.enumeration.iter().flatten().cloned())
                }
                _ if self.object_like(leaf.schema, &leaf.pointer, 0).is_some() => {
                    objects.push(leaf)
                }
                _ => match self.json_shapes(leaf.schema, &leaf.pointer, 0) {
                    Some(shapes) => shaped.push((shapes, leaf)),
                    None => self.error(
                        &leaf.pointer,
                        "this union member has no JSON shape the generator can tell apart",
                    ),
                },
            }
        }
        literals.dedup();
        // Only strings: an open string enum (`model`: any id, the known ones named).
        if objects.is_empty()
            && shaped.iter().all(|(s, _)| *s == [Shape::String])
            && !literals.is_empty()
        {
            return TypeKind::Enum(string_enum(&literals, None));
        }
        let discriminator = schema.schema_data.discriminator.as_ref();
        let tag = match discriminator {
            Some(d) => Some(d.property_name.clone()),
            None if objects.len() > 1 => self.detect_tag(&objects),
            None => None,
        };
        // Several object members and no tag: they are tried in order when decoding.
        if let Some(tag) = &tag {
            if literals.is_empty() && shaped.is_empty() && !objects.is_empty() {
                if let Some(events) = self.events(tag, &objects, name) {
                    return TypeKind::Events(events);
                }
            }
        }
        let mut scope = Scope::default();
        let mut variants = Vec::new();
        for value in &literals {
            variants.push(UnionVariant {
                name: scope.claim(camel(value)),
                docs: Docs::default(),
                kind: UnionVariantKind::Literal(value.clone()),
                checks: Vec::new(),
            });
        }
        for (shape, leaf) in &shaped {
            let shape = shape.as_slice();
            let label = leaf
                .schema
                .schema_data
                .title
                .as_deref()
                .map(camel)
                .or_else(|| {
                    leaf.component
                        .as_ref()
                        .and_then(|c| self.components.get(c).cloned())
                })
                .unwrap_or_else(|| format!("{:?}", shape[0]));
            let variant = scope.claim(label);
            let ty = self.leaf_ty(leaf, &format!("{name}{variant}"));
            variants.push(UnionVariant {
                name: variant,
                docs: docs_of(leaf.schema),
                checks: self.checks(
                    leaf.schema,
                    &component_pointer(leaf.component.as_deref(), &leaf.pointer),
                ),
                kind: UnionVariantKind::Shape {
                    shapes: shape.to_vec(),
                    ty,
                },
            });
        }
        for leaf in &objects {
            let Some(tag) = &tag else {
                let variant = scope.claim(
                    leaf.component
                        .as_ref()
                        .and_then(|c| self.components.get(c).cloned())
                        .unwrap_or_else(|| "Object".into()),
                );
                let ty = self.leaf_ty(leaf, &format!("{name}{variant}"));
                variants.push(UnionVariant {
                    name: variant,
                    docs: docs_of(leaf.schema),
                    checks: self.checks(
                        leaf.schema,
                        &component_pointer(leaf.component.as_deref(), &leaf.pointer),
                    ),
                    kind: UnionVariantKind::Shape {
                        shapes: vec![Shape::Object],
                        ty,
                    },
                });
                continue;
            };
            let values = self.tag_values(leaf, tag, discriminator);
            if values.is_empty() {
                self.error(
                    &leaf.pointer,
                    format!("this union member has no value for the tag `{tag}`"),
                );
                continue;
            }
            let label = match &leaf.component {
                Some(c) => self.components.get(c).cloned().unwrap_or_else(|| camel(c)),
                None => camel(&values[0]),
            };
            let variant = scope.claim(label);
            let base = leaf.parent.as_deref().unwrap_or(name);
            let hint = leaf
                .schema
                .schema_data
                .title
                .as_deref()
                .map(camel)
                .unwrap_or_else(|| format!("{base}{variant}"));
            let ty = self.leaf_ty(leaf, &hint);
            variants.push(UnionVariant {
                name: variant,
                docs: docs_of(leaf.schema),
                checks: self.checks(
                    leaf.schema,
                    &component_pointer(leaf.component.as_deref(), &leaf.pointer),
                ),
                kind: UnionVariantKind::Tagged { values, ty },
            });
        }
        let unknown = scope.claim("Unknown".into());
        TypeKind::Union(Union {
            tag,
            variants,
            unknown,
        })
    }

    /// A union whose members are all `{<tag>: <one value>, data: …}` (both required) is a set
    /// of server-sent events: each variant holds its data directly.
    fn events(&mut self, tag: &str, objects: &[&Leaf<'a>], name: &str) -> Option<Events> {
        let mut shapes = Vec::new();
        for leaf in objects {
            let parts = self.object_like(leaf.schema, &leaf.pointer, 0)?;
            // Other, optional properties may sit beside them; an event stream has no place for them.
            let has = |n: &str| {
                parts.properties.iter().any(|(p, _)| p.as_str() == n)
                    && parts.required.iter().any(|r| r == n)
            };
            let others_optional = parts.required.iter().all(|r| r == tag || r == "data");
            if !has(tag) || !has("data") || !others_optional {
                return None;
            }
            let data = parts
                .properties
                .iter()
                .find(|(n, _)| n.as_str() == "data")
                .map(|(_, p)| *p)?;
            let values = self.tag_values(leaf, tag, None);
            if values.len() != 1 {
                return None;
            }
            shapes.push((leaf, values[0].clone(), data));
        }
        let mut scope = Scope::default();
        let mut variants = Vec::new();
        for (leaf, event, data) in shapes {
            let variant = scope.claim(camel(&event));
            let data_pointer = pointer_join(
                &pointer_join(
                    &component_pointer(leaf.component.as_deref(), &leaf.pointer),
                    "properties",
                ),
                "data",
            );
            let literal = self.resolve(data, &data_pointer).and_then(|(s, _)| {
                let values = string_values(s);
                (values.len() == 1).then(|| values[0].clone())
            });
            let data = match literal {
                Some(text) => EventData::Literal(text),
                None => {
                    let base = leaf.parent.as_deref().unwrap_or(name);
                    EventData::Json(
                        self.ty_of(data, &format!("{base}{variant}Data"), &data_pointer)
                            .0,
                    )
                }
            };
            variants.push(EventVariant {
                name: variant,
                event,
                data,
                docs: docs_of(leaf.schema),
            });
        }
        let unknown = scope.claim("Unknown".into());
        Some(Events {
            tag: tag.to_owned(),
            variants,
            unknown,
        })
    }

    /// The JSON kinds a schema accepts, when it says (a union: every member's).
    fn json_shapes(
        &mut self,
        schema: &'a Schema,
        pointer: &str,
        depth: usize,
    ) -> Option<Vec<Shape>> {
        if depth > 16 {
            return None;
        }
        if let Some(member) = single_all_of(schema) {
            let (inner, _) = self.resolve(member.into(), pointer)?;
            return self.json_shapes(inner, pointer, depth + 1);
        }
        let by_name = |t: &str| match t {
            "string" => Some(Shape::String),
            "integer" => Some(Shape::Integer),
            "number" => Some(Shape::Number),
            "boolean" => Some(Shape::Bool),
            "array" => Some(Shape::Array),
            "object" => Some(Shape::Object),
            _ => None,
        };
        let members = match &schema.schema_kind {
            SchemaKind::Type(Type::String(_)) => return Some(vec![Shape::String]),
            SchemaKind::Type(Type::Integer(_)) => return Some(vec![Shape::Integer]),
            SchemaKind::Type(Type::Number(_)) => return Some(vec![Shape::Number]),
            SchemaKind::Type(Type::Boolean(_)) => return Some(vec![Shape::Bool]),
            SchemaKind::Type(Type::Array(_)) => return Some(vec![Shape::Array]),
            SchemaKind::Type(Type::Object(_)) => return Some(vec![Shape::Object]),
            SchemaKind::OneOf { one_of: m } | SchemaKind::AnyOf { any_of: m } => m,
            SchemaKind::Any(a) if !a.one_of.is_empty() && a.properties.is_empty() => &a.one_of,
            SchemaKind::Any(a) if !a.any_of.is_empty() && a.properties.is_empty() => &a.any_of,
            SchemaKind::Any(a) => return a.typ.as_deref().and_then(by_name).map(|s| vec![s]),
            _ if self.object_like(schema, pointer, depth).is_some() => {
                return Some(vec![Shape::Object])
            }
            _ => return None,
        };
        let mut shapes = Vec::new();
        for (i, member) in members.iter().enumerate() {
            let at = format!("{pointer}/{i}");
            let (inner, _) = self.resolve(member.into(), &at)?;
            let inner_shapes = if self.object_like(inner, &at, depth + 1).is_some() {
                vec![Shape::Object]
            } else {
                self.json_shapes(inner, &at, depth + 1)?
            };
            for shape in inner_shapes {
                if !shapes.contains(&shape) {
                    shapes.push(shape);
                }
            }
        }
        Some(shapes)
    }

    fn leaf_ty(&mut self, leaf: &Leaf<'a>, hint: &str) -> Ty {
        match &leaf.component {
            Some(c) => self
                .components
                .get(c)
                .map(|n| Ty::named(n))
                .unwrap_or(Ty::Json),
            None => self.ty_of(RefOr::Item(leaf.schema), hint, &leaf.pointer).0,
        }
    }

    /// A property every object member requires, holding a string enum with values no two
    /// members share (`type`, `event`); `type` wins when several qualify.
    fn detect_tag(&mut self, objects: &[&Leaf<'a>]) -> Option<String> {
        let first = self.object_like(objects[0].schema, &objects[0].pointer, 0)?;
        let mut candidates: Vec<String> =
            first.properties.iter().map(|(n, _)| (*n).clone()).collect();
        candidates.sort();
        candidates.sort_by_key(|c| (c != "type", c != "event"));
        'candidate: for candidate in candidates {
            let mut seen = BTreeSet::new();
            for leaf in objects {
                let values = self.tag_values(leaf, &candidate, None);
                let parts = self.object_like(leaf.schema, &leaf.pointer, 0)?;
                if values.is_empty() || !parts.required.contains(&candidate) {
                    continue 'candidate;
                }
                for v in values {
                    if !seen.insert(v) {
                        continue 'candidate;
                    }
                }
            }
            return Some(candidate);
        }
        None
    }

    fn tag_values(
        &mut self,
        leaf: &Leaf<'a>,
        tag: &str,
        discriminator: Option<&openapiv3::Discriminator>,
    ) -> Vec<String> {
        if let (Some(d), Some(component)) = (discriminator, &leaf.component) {
            let target = format!("#/components/schemas/{component}");
            let mapped: Vec<String> = d
                .mapping
                .iter()
                .filter(|(_, v)| **v == target || *v == component)
                .map(|(k, _)| k.clone())
                .collect();
            if !mapped.is_empty() {
                return mapped;
            }
        }
        let from_property = self
            .object_like(leaf.schema, &leaf.pointer, 0)
            .and_then(|parts| {
                parts
                    .properties
                    .into_iter()
                    .find(|(n, _)| n.as_str() == tag)
            })
            .and_then(|(_, prop)| self.resolve(prop, &leaf.pointer))
            .map(|(s, _)| string_values(s))
            .unwrap_or_default();
        if from_property.is_empty() && discriminator.is_some() {
            return leaf.component.iter().cloned().collect();
        }
        from_property
    }

    fn operation(&mut self, op: &Selected, fn_names: &mut Scope) -> Option<Operation> {
        let item = match self.api.paths.paths.get(&op.path)? {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { .. } => {
                self.error(&op.pointer, "path items given by `$ref` are not supported");
                return None;
            }
        };
        let operation = item.iter().find(|(m, _)| *m == op.method).map(|(_, o)| o)?;
        let type_base = camel(&op.id);
        let mut lowered = Operation {
            id: op.id.clone(),
            fn_name: fn_names.claim_method(snake(&op.id)),
            method: op.method.to_uppercase(),
            // `/responses?beta=true`: the query part is fixed pairs.
            path: op
                .path
                .split_once('?')
                .map_or(op.path.as_str(), |(p, _)| p)
                .to_owned(),
            path_parts: Vec::new(),
            path_params: Vec::new(),
            query_params: Vec::new(),
            fixed_headers: Vec::new(),
            header_params: Vec::new(),
            fixed_query: op
                .path
                .split_once('?')
                .map(|(_, q)| {
                    q.split('&')
                        .filter(|pair| !pair.is_empty())
                        .map(|pair| match pair.split_once('=') {
                            Some((k, v)) => (k.to_owned(), v.to_owned()),
                            None => (pair.to_owned(), String::new()),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            response_kind: BodyKind::Json,
            stream_kind: StreamKind::Events,
            body: None,
            body_kind: RequestBodyKind::Json,
            body_closed: None,
            response: None,
            upgrade: false,
            stream_event: None,
            stream_flag: None,
            security: crate::security::requirements(self.api, operation),
            docs: Docs {
                text: join_docs(
                    operation.summary.as_deref(),
                    operation.description.as_deref(),
                ),
                notes: Vec::new(),
                deprecated: operation.deprecated,
            },
        };
        let item_pointer = op
            .pointer
            .rsplit_once('/')
            .map(|(p, _)| p.to_owned())
            .unwrap_or_default();
        let params = item
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (format!("{item_pointer}/parameters/{i}"), p, false))
            .chain(
                operation
                    .parameters
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (format!("{}/parameters/{i}", op.pointer), p, true)),
            );
        // (where, parameter, declared by the operation rather than its path item)
        let mut declared: Vec<(String, &'a Parameter, bool)> = Vec::new();
        for (at, param, own) in params {
            let param = match param {
                ReferenceOr::Item(p) => p,
                ReferenceOr::Reference { reference } => match reference
                    .strip_prefix("#/components/parameters/")
                    .and_then(|n| self.api.components.as_ref()?.parameters.get(n))
                {
                    Some(ReferenceOr::Item(p)) => p,
                    _ => {
                        self.error(&at, format!("`$ref: {reference}` does not name a parameter in `#/components/parameters`"));
                        continue;
                    }
                },
            };
            declared.push((at, param, own));
        }
        // An operation's parameter replaces its path item's of the same name and location
        // (OpenAPI 3): one argument, described as the operation describes it.
        let key = |p: &Parameter| {
            (
                p.parameter_data_ref().name.clone(),
                std::mem::discriminant(p),
            )
        };
        let overridden: Vec<_> = declared
            .iter()
            .filter(|(_, _, own)| *own)
            .map(|(_, p, _)| key(p))
            .collect();
        declared.retain(|(_, p, own)| *own || !overridden.contains(&key(p)));
        // The method's own locals (the request body, the query and header lists it fills,
        // the value being written, the request it builds) are not parameter names.
        let mut param_scope =
            Scope::with_reserved(&["request", "self", "query", "header_values", "value", "spec"]);
        for (at, param, _) in declared {
            self.parameter(param, &at, &type_base, &mut param_scope, &mut lowered);
        }
        if let Some(body) = &operation.request_body {
            let at = pointer_join(&op.pointer, "requestBody");
            let body = match body {
                ReferenceOr::Item(b) => Some(b),
                ReferenceOr::Reference { reference } => {
                    let found = reference
                        .strip_prefix("#/components/requestBodies/")
                        .and_then(|n| self.api.components.as_ref()?.request_bodies.get(n))
                        .and_then(|b| b.as_item());
                    if found.is_none() {
                        self.error(
                            &at,
                            format!("`$ref: {reference}` does not name a request body"),
                        );
                    }
                    found
                }
            };
            if let Some(body) = body {
                // JSON when offered; else a form (multipart, then urlencoded); else text or bytes.
                let pick = |want: &dyn Fn(&str, &openapiv3::MediaType) -> bool| {
                    body.content
                        .iter()
                        .find(|(m, content)| want(&media_essence(m), content))
                };
                let chosen = pick(&|m, _| is_json_media(m))
                    .map(|c| (c, RequestBodyKind::Json))
                    .or_else(|| {
                        pick(&|m, _| m == "multipart/form-data")
                            .map(|c| (c, RequestBodyKind::Multipart))
                    })
                    .or_else(|| {
                        pick(&|m, _| m == "application/x-www-form-urlencoded")
                            .map(|c| (c, RequestBodyKind::Form))
                    })
                    .or_else(|| {
                        pick(&|m, content| is_text_body(m, content.schema.as_ref()))
                            .map(|c| (c, RequestBodyKind::Text(media_essence(c.0))))
                    })
                    .or_else(|| {
                        body.content
                            .iter()
                            .next()
                            .map(|c| (c, RequestBodyKind::Binary(media_essence(c.0))))
                    });
                match chosen {
                    Some(((media, content), kind)) => {
                        let schema_at = format!(
                            "{at}/content/{}/schema",
                            media.replace('~', "~0").replace('/', "~1")
                        );
                        lowered.body = Some(match (&kind, &content.schema) {
                            (RequestBodyKind::Text(_), _) => Ty::String,
                            (RequestBodyKind::Binary(_), _) => Ty::Bytes,
                            (_, Some(schema)) => {
                                self.ty_of(
                                    schema.into(),
                                    &format!("{type_base}Request"),
                                    &schema_at,
                                )
                                .0
                            }
                            (_, None) => Ty::Json,
                        });
                        if matches!(kind, RequestBodyKind::Multipart | RequestBodyKind::Form)
                            && !matches!(&lowered.body, Some(Ty::Named { name, .. }) if matches!(self.types.get(name).map(|t| &t.kind), Some(TypeKind::Struct(_))))
                        {
                            self.error(
                                &schema_at,
                                "a form body needs an object schema with properties",
                            );
                        }
                        lowered.body_closed = match &lowered.body {
                            Some(Ty::Named { name, .. }) => {
                                match self.types.get(name).map(|t| &t.kind) {
                                    Some(TypeKind::Struct(s)) if s.closed => {
                                        Some(s.fields.iter().map(|f| f.wire.clone()).collect())
                                    }
                                    _ => None,
                                }
                            }
                            _ => None,
                        };
                        lowered.body_kind = kind;
                    }
                    None => self.error(
                        &pointer_join(&at, "content"),
                        "the request body has no media type",
                    ),
                }
            }
        }
        // Every `{name}` of the path template needs a path parameter, and the reverse. The
        // placeholders are filled by name, and the method takes the path arguments in the
        // template's order, whatever order the description declares them in.
        let (parts, problems) = path_template(&lowered.path);
        for problem in problems {
            self.error(&op.pointer, problem);
        }
        let placeholders: Vec<&str> = parts
            .iter()
            .filter_map(|part| match part {
                PathPart::Param(name) => Some(name.as_str()),
                PathPart::Literal(_) => None,
            })
            .collect();
        for name in &placeholders {
            if !lowered.path_params.iter().any(|p| p.wire == *name) {
                self.error(
                    &op.pointer,
                    format!(
                        "the path has `{{{name}}}` but no path parameter `{name}` is described"
                    ),
                );
            }
        }
        for (i, p) in lowered.path_params.iter().enumerate() {
            if !placeholders.contains(&p.wire.as_str()) {
                self.error(
                    &op.pointer,
                    format!(
                        "path parameter `{}` does not appear in the path `{}`",
                        p.wire, lowered.path
                    ),
                );
            } else if lowered.path_params[..i].iter().any(|q| q.wire == p.wire) {
                self.error(
                    &op.pointer,
                    format!("path parameter `{}` is described twice", p.wire),
                );
            }
        }
        lowered
            .path_params
            .sort_by_key(|p| placeholders.iter().position(|name| *name == p.wire));
        lowered.path_parts = parts;
        self.responses(operation, op, &type_base, &mut lowered);
        Some(lowered)
    }

    fn parameter(
        &mut self,
        param: &'a Parameter,
        at: &str,
        type_base: &str,
        scope: &mut Scope,
        op: &mut Operation,
    ) {
        let data = param.parameter_data_ref();
        // `content: {application/json: {schema}}` instead of `schema`: the value is sent as
        // its JSON text.
        let (schema, schema_at, as_json) = match &data.format {
            ParameterSchemaOrContent::Schema(s) => (s, pointer_join(at, "schema"), false),
            ParameterSchemaOrContent::Content(content) => {
                let json = content
                    .iter()
                    .find(|(media, m)| is_json_media(&media_essence(media)) && m.schema.is_some());
                match (json, param) {
                    (Some((media, m)), _) => (
                        m.schema.as_ref().expect("bug: checked in the find"),
                        pointer_join(&pointer_join(&pointer_join(at, "content"), media), "schema"),
                        true,
                    ),
                    (None, _) => {
                        self.error(
                            &pointer_join(at, "content"),
                            "a parameter described by `content` is sent as JSON; this one names no JSON media type with a schema",
                        );
                        return;
                    }
                }
            }
        };
        let docs = Docs {
            text: data.description.clone(),
            notes: Vec::new(),
            deprecated: data.deprecated.unwrap_or(false),
        };
        let resolved = self.resolve(schema.into(), &schema_at).map(|(s, _)| s);
        if let Parameter::Header { .. } = param {
            let fixed = resolved.and_then(|s| {
                let values = string_values(s);
                (values.len() == 1).then(|| values[0].clone())
            });
            if let (Some(value), true) = (fixed, data.required) {
                op.fixed_headers.push((data.name.clone(), value));
                return;
            }
        }
        let (ty, _) = self.ty_of(
            schema.into(),
            &format!("{type_base}{}", camel(&data.name)),
            &schema_at,
        );
        let simple = |l: &Self, ty: &Ty| is_scalar(ty, &|name| l.types.get(name).map(|t| &t.kind));
        let explode = data.explode.unwrap_or(!matches!(
            param,
            Parameter::Header { .. } | Parameter::Path { .. }
        ));
        let style = match &ty {
            _ if as_json => ParamStyle::Json,
            t if simple(self, t) => ParamStyle::Simple,
            Ty::Vec(item) if simple(self, item) => ParamStyle::List { explode },
            Ty::Named { .. } | Ty::Map(_) | Ty::Json
                if matches!(param, Parameter::Query { .. }) =>
            {
                let deep = matches!(
                    param,
                    Parameter::Query {
                        style: openapiv3::QueryStyle::DeepObject,
                        ..
                    }
                );
                ParamStyle::Object { deep }
            }
            _ => {
                self.error(
                    &schema_at,
                    format!(
                        "parameter `{}`: this kind of value cannot be written into the {} yet",
                        data.name,
                        match param {
                            Parameter::Path { .. } => "path",
                            Parameter::Header { .. } => "headers",
                            _ => "query",
                        }
                    ),
                );
                return;
            }
        };
        // A path segment holds one value: a scalar, or any value as its JSON text.
        if matches!(param, Parameter::Path { .. })
            && !matches!(style, ParamStyle::Simple | ParamStyle::Json)
        {
            self.error(
                &schema_at,
                format!(
                    "path parameter `{}`: only a single value can be written into the path",
                    data.name
                ),
            );
            return;
        }
        let lowered = Param {
            name: scope.claim(snake(&data.name)),
            wire: data.name.clone(),
            ty,
            required: data.required,
            docs,
            style,
        };
        match param {
            Parameter::Path { .. } => op.path_params.push(lowered),
            Parameter::Query { .. } => op.query_params.push(lowered),
            Parameter::Header { .. } => op.header_params.push(lowered),
            Parameter::Cookie { .. } => self.error(at, "cookie parameters are not supported"),
        }
    }

    fn responses(
        &mut self,
        operation: &'a openapiv3::Operation,
        op: &Selected,
        type_base: &str,
        lowered: &mut Operation,
    ) {
        let success = operation
            .responses
            .responses
            .iter()
            .find(|(code, _)| match code {
                StatusCode::Code(c) => (200..300).contains(c),
                StatusCode::Range(r) => *r == 2,
            });
        let Some((code, response)) = success else {
            let described = |low: u16, class: u16| {
                operation
                    .responses
                    .responses
                    .keys()
                    .find(|code| match code {
                        StatusCode::Code(c) => (low..low + 100).contains(c),
                        StatusCode::Range(r) => *r == class,
                    })
            };
            if described(100, 1).is_some() {
                // A protocol upgrade: what descriptions answer with 101 is a WebSocket (no
                // other protocol has a handshake a description can name). The method makes the
                // opening handshake and returns the switched connection.
                lowered.upgrade = true;
                lowered.docs.notes.push(
                    "Opens a WebSocket: the answer is `101 Switching Protocols`, and the method \
                     returns the switched connection to speak the protocol on."
                        .into(),
                );
            } else if described(300, 3).is_some() {
                // The client follows redirects (up to ten; `Authorization` and cookies are not
                // sent on to another host): the answer is the body of the response the
                // redirect leads to.
                lowered.response_kind = BodyKind::Binary;
                lowered.response = Some(Ty::Bytes);
                lowered.docs.notes.push(
                    "The description answers with a redirect; the client follows it and \
                     returns the body of the response it leads to."
                        .into(),
                );
            } else if operation.responses.default.is_none() {
                // Nothing says what a success holds (`responses: {}`, or errors only): its
                // body, as bytes.
                lowered.response_kind = BodyKind::Binary;
                lowered.response = Some(Ty::Bytes);
                lowered.docs.notes.push(
                    "The description does not say what a success answers; the method returns \
                     the body as bytes."
                        .into(),
                );
            }
            return;
        };
        let at = pointer_join(&pointer_join(&op.pointer, "responses"), &code.to_string());
        let response = match response_item(self.api, response) {
            Some(r) => r,
            None => {
                if let ReferenceOr::Reference { reference } = response {
                    self.error(&at, format!("`$ref: {reference}` does not name a response"));
                }
                return;
            }
        };
        // JSON when offered (`application/json`, `…+json`); else text (`text/*`, or a schema
        // that says string, see `is_text_body`) or bytes (audio, images, archives); an event
        // stream besides.
        let mut other: Option<BodyKind> = None;
        for (media, content) in &response.content {
            let schema_at = pointer_join(
                &pointer_join(&pointer_join(&at, "content"), media),
                "schema",
            );
            let essence = media_essence(media);
            let json = is_json_media(&essence);
            if essence == "text/event-stream" {
                lowered.stream_event = Some(match &content.schema {
                    Some(schema) => {
                        self.ty_of(schema.into(), &format!("{type_base}Event"), &schema_at)
                            .0
                    }
                    None => Ty::Json,
                });
            } else if json {
                lowered.response = Some(match &content.schema {
                    Some(schema) => {
                        self.ty_of(schema.into(), &format!("{type_base}Response"), &schema_at)
                            .0
                    }
                    None => Ty::Json,
                });
            } else {
                let kind = if is_text_body(&essence, content.schema.as_ref()) {
                    BodyKind::Text
                } else {
                    BodyKind::Binary
                };
                // Bytes serve every type when several are offered.
                other = Some(match other {
                    Some(previous) if previous != kind => BodyKind::Binary,
                    _ => kind,
                });
            }
        }
        if lowered.response.is_none() {
            if let Some(kind) = other {
                lowered.response_kind = kind;
                lowered.response = Some(if kind == BodyKind::Text {
                    Ty::String
                } else {
                    Ty::Bytes
                });
            }
        }
    }
}

impl Lowerer<'_> {
    /// Checks that a streamed response's schema is a set of events, and finds the request's
    /// boolean `stream` field.
    fn stream_parts(&mut self, op: &mut Operation, stream_flag: Option<&str>) {
        let Some(event) = &op.stream_event else {
            return;
        };
        if let Ty::Named { name, .. } = event {
            // A generated event set is selected by event name; any other type is each event's data.
            if !matches!(
                self.types.get(name).map(|t| &t.kind),
                Some(TypeKind::Events(_))
            ) {
                op.stream_kind = StreamKind::Data;
            }
        } else {
            op.stream_kind = StreamKind::Data;
        }
        let Some(Ty::Named { name: body, .. }) = &op.body else {
            return;
        };
        let Some(flag) = stream_flag else {
            return;
        };
        if let Some(TypeKind::Struct(s)) = self.types.get(body).map(|t| &t.kind) {
            op.stream_flag = s
                .fields
                .iter()
                .find(|f| f.wire == flag && f.ty == Ty::Bool)
                .map(|f| (f.name.clone(), f.presence));
        }
    }
}

fn component_pointer(component: Option<&str>, fallback: &str) -> String {
    match component {
        Some(c) => pointer_join("#/components/schemas", c),
        None => fallback.to_owned(),
    }
}

fn union_key(schema: &Schema) -> &'static str {
    if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) {
        "oneOf"
    } else {
        "anyOf"
    }
}

/// The one member of `allOf: [X]` (alone, or beside `type: object`): the schema is X.
fn single_all_of(schema: &Schema) -> Option<&ReferenceOr<Schema>> {
    match &schema.schema_kind {
        SchemaKind::AllOf { all_of } if all_of.len() == 1 => Some(&all_of[0]),
        // Beside it, an object type adds nothing; and a scalar narrowed to some of the values
        // of the one type it names (`{type: integer, enum: [1], allOf: [$ref: ChannelType]}`)
        // is that type: the `enum` only picks values the type already has.
        SchemaKind::Any(a)
            if a.all_of.len() == 1
                && a.properties.is_empty()
                && a.one_of.is_empty()
                && a.any_of.is_empty()
                && a.items.is_none()
                && match a.typ.as_deref() {
                    None | Some("object") => a.enumeration.is_empty(),
                    Some(t) => matches!(t, "string" | "integer" | "number" | "boolean"),
                } =>
        {
            Some(&a.all_of[0])
        }
        _ => None,
    }
}

/// The properties of a schema of no single type (`a` is its kind), when it has any: written
/// beside an `allOf`, or on their own.
fn object_parts_of_any<'a>(
    schema: &'a Schema,
    a: &'a openapiv3::AnySchema,
) -> Option<ObjectParts<'a>> {
    (!a.properties.is_empty()).then(|| ObjectParts {
        properties: a.properties.iter().map(|(n, p)| (n, p.into())).collect(),
        required: a.required.clone(),
        additional: a.additional_properties.as_ref(),
        required_sets: required_sets(&schema.schema_data),
    })
}

/// The sets of properties of which exactly one (`x-required-one-of`) or at least one
/// (`x-required-any-of`) must be set, as `normalize` writes them.
fn required_sets(data: &openapiv3::SchemaData) -> Vec<RequiredSets> {
    [("x-required-one-of", true), ("x-required-any-of", false)]
        .into_iter()
        .filter_map(|(key, exactly_one)| {
            let sets = data.extensions.get(key)?.as_array()?;
            Some(RequiredSets {
                exactly_one,
                sets: sets
                    .iter()
                    .map(|set| {
                        set.as_array()
                            .into_iter()
                            .flatten()
                            .filter_map(|n| n.as_str().map(str::to_owned))
                            .collect()
                    })
                    .collect(),
            })
        })
        .collect()
}

/// A schema that only allows `null` (`type: 'null'`, `enum: [null]`): the Rust type `()`.
fn null_only(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            !s.enumeration.is_empty() && s.enumeration.iter().all(Option::is_none)
        }
        SchemaKind::Any(a) => {
            a.typ.as_deref() == Some("null")
                || (!a.enumeration.is_empty()
                    && a.enumeration.iter().all(serde_json::Value::is_null))
        }
        _ => false,
    }
}

fn object_parts(schema: &Schema) -> Option<ObjectParts<'_>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) if !o.properties.is_empty() => Some(ObjectParts {
            properties: o.properties.iter().map(|(n, p)| (n, p.into())).collect(),
            required: o.required.clone(),
            additional: o.additional_properties.as_ref(),
            required_sets: required_sets(&schema.schema_data),
        }),
        SchemaKind::Any(a) if a.one_of.is_empty() && a.any_of.is_empty() && a.all_of.is_empty() => {
            object_parts_of_any(schema, a)
        }
        _ => None,
    }
}

/// A media type's essence: without parameters, trimmed, lower case (`application/json`).
pub(crate) fn media_essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Whether a body of this media type (its essence) and schema is text, a `String`: a `text/*`
/// type, or a schema written in place that says it is a string of no particular format
/// (`type: string`, no `format`): an SDP offer as `application/sdp`, YAML as
/// `application/yaml`. `format: binary` / `byte`, or no schema, leave other types bytes.
pub(crate) fn is_text_body(essence: &str, schema: Option<&ReferenceOr<Schema>>) -> bool {
    essence.starts_with("text/")
        || matches!(
            schema,
            Some(ReferenceOr::Item(Schema {
                schema_kind: SchemaKind::Type(Type::String(s)),
                ..
            })) if matches!(s.format, VariantOrUnknownOrEmpty::Empty)
        )
}

/// Whether an essence is JSON: `application/json` or a `…+json` type.
pub(crate) fn is_json_media(essence: &str) -> bool {
    essence == "application/json" || essence.ends_with("+json")
}

/// A response, or the component response its `$ref` names (`None` when it names none).
pub(crate) fn response_item<'a>(
    api: &'a OpenAPI,
    response: &'a ReferenceOr<openapiv3::Response>,
) -> Option<&'a openapiv3::Response> {
    match response {
        ReferenceOr::Item(r) => Some(r),
        ReferenceOr::Reference { reference } => reference
            .strip_prefix("#/components/responses/")
            .and_then(|n| api.components.as_ref()?.responses.get(n))
            .and_then(|r| r.as_item()),
    }
}

fn string_values(schema: &Schema) -> Vec<String> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => s.enumeration.iter().flatten().cloned().collect(),
        SchemaKind::Any(a) => a
            .enumeration
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

/// Compiles a JSON Schema `pattern` as the client does: an ECMA-262 regular expression with
/// the `u` flag (JSON Schema asks for Unicode support), by `regress`, the client's engine.
fn compile_pattern(pattern: &str) -> Result<regress::Regex, regress::Error> {
    regress::Regex::with_flags(pattern, "u")
}

/// The rules of a schema that its Rust type does not enforce.
fn checks_of(schema: &Schema) -> Vec<Check> {
    let mut checks = Vec::new();
    let bound = |v: Option<f64>, exclusive: bool| v.map(|v| (v, exclusive));
    match &schema.schema_kind {
        SchemaKind::Type(Type::Integer(i)) => {
            let (min, max) = (
                bound(i.minimum.map(|v| v as f64), i.exclusive_minimum),
                bound(i.maximum.map(|v| v as f64), i.exclusive_maximum),
            );
            // The bounds of the integer type itself are no rule.
            let min = min.filter(|(v, _)| *v > i64::MIN as f64);
            let max = max.filter(|(v, _)| *v < i64::MAX as f64);
            if min.is_some() || max.is_some() {
                checks.push(Check::Range { min, max });
            }
        }
        SchemaKind::Type(Type::Number(n)) => {
            let (min, max) = (
                bound(n.minimum, n.exclusive_minimum),
                bound(n.maximum, n.exclusive_maximum),
            );
            if min.is_some() || max.is_some() {
                checks.push(Check::Range { min, max });
            }
        }
        SchemaKind::Type(Type::String(s)) => {
            if s.min_length.is_some() || s.max_length.is_some() {
                checks.push(Check::Length {
                    min: s.min_length,
                    max: s.max_length,
                });
            }
            if let Some(pattern) = &s.pattern {
                checks.push(Check::Pattern(pattern.clone()));
            }
        }
        SchemaKind::Type(Type::Array(a)) if a.min_items.is_some() || a.max_items.is_some() => {
            checks.push(Check::Items {
                min: a.min_items,
                max: a.max_items,
            });
        }
        _ => {}
    }
    checks
}

/// A scalar `default` of a boolean, number or string schema.
fn default_literal(schema: &Schema) -> Option<Literal> {
    let value = schema.schema_data.default.as_ref()?;
    match &schema.schema_kind {
        SchemaKind::Type(Type::Boolean(_)) => value.as_bool().map(Literal::Bool),
        SchemaKind::Type(Type::Integer(_)) => value.as_i64().map(Literal::Int),
        SchemaKind::Type(Type::Number(_)) => value.as_f64().map(Literal::Float),
        SchemaKind::Type(Type::String(_)) => value.as_str().map(|s| Literal::Str(s.to_owned())),
        _ => None,
    }
}

fn one_value_enum(schema: &Schema) -> bool {
    string_values(schema).len() == 1
}

fn enum_allows_null(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => s.enumeration.iter().any(Option::is_none),
        _ => false,
    }
}

fn string_enum(values: &[String], default: Option<&str>) -> StringEnum {
    let mut scope = Scope::default();
    let mut variants: Vec<Variant> = Vec::new();
    for value in values {
        if variants.iter().any(|v| &v.wire == value) {
            continue;
        }
        variants.push(Variant {
            name: scope.claim(camel(value)),
            wire: value.clone(),
        });
    }
    let default = match default {
        Some(d) => variants.iter().position(|v| v.wire == d),
        None if variants.len() == 1 => Some(0),
        None => None,
    };
    StringEnum {
        variants,
        other: scope.claim("Other".into()),
        default,
    }
}

fn join_docs(summary: Option<&str>, description: Option<&str>) -> Option<String> {
    match (
        summary.map(str::trim).filter(|s| !s.is_empty()),
        description.map(str::trim).filter(|s| !s.is_empty()),
    ) {
        (Some(s), Some(d)) if s != d => Some(format!("{s}\n\n{d}")),
        (Some(s), _) => Some(s.to_owned()),
        (None, Some(d)) => Some(d.to_owned()),
        (None, None) => None,
    }
}

/// Rustdoc for a schema: its description, and the facts no Rust type holds.
fn docs_of(schema: &Schema) -> Docs {
    let data = &schema.schema_data;
    let mut notes = Vec::new();
    let bound = |min: Option<String>,
                 max: Option<String>,
                 ex_min: bool,
                 ex_max: bool,
                 notes: &mut Vec<String>| {
        if let Some(min) = min {
            notes.push(format!(
                "Minimum: {min}{}.",
                if ex_min { " (exclusive)" } else { "" }
            ));
        }
        if let Some(max) = max {
            notes.push(format!(
                "Maximum: {max}{}.",
                if ex_max { " (exclusive)" } else { "" }
            ));
        }
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::Integer(i)) => {
            bound(
                i.minimum.map(|v| v.to_string()),
                i.maximum.map(|v| v.to_string()),
                i.exclusive_minimum,
                i.exclusive_maximum,
                &mut notes,
            );
            if let VariantOrUnknownOrEmpty::Unknown(f) = &i.format {
                notes.push(if f == "unixtime" {
                    "Unix timestamp, in seconds.".to_owned()
                } else {
                    format!("Format: `{f}`.")
                });
            }
        }
        SchemaKind::Type(Type::Number(n)) => bound(
            n.minimum.map(|v| v.to_string()),
            n.maximum.map(|v| v.to_string()),
            n.exclusive_minimum,
            n.exclusive_maximum,
            &mut notes,
        ),
        SchemaKind::Type(Type::String(s)) => {
            if let Some(n) = s.min_length {
                notes.push(format!("Minimum length: {n}."));
            }
            if let Some(n) = s.max_length {
                notes.push(format!("Maximum length: {n}."));
            }
            if let Some(p) = &s.pattern {
                if compile_pattern(p).is_ok() {
                    notes.push(format!("Pattern: `{p}`."));
                } else {
                    notes.push(format!(
                        "Pattern: `{p}` (not checked: not an ECMA-262 regular expression)."
                    ));
                }
            }
            match &s.format {
                VariantOrUnknownOrEmpty::Item(f) => {
                    notes.push(format!("Format: `{}`.", format!("{f:?}").to_lowercase()))
                }
                VariantOrUnknownOrEmpty::Unknown(f) => notes.push(format!("Format: `{f}`.")),
                VariantOrUnknownOrEmpty::Empty => {}
            }
        }
        SchemaKind::Type(Type::Array(a)) => {
            if let Some(n) = a.min_items {
                notes.push(format!("Minimum items: {n}."));
            }
            if let Some(n) = a.max_items {
                notes.push(format!("Maximum items: {n}."));
            }
        }
        SchemaKind::Type(Type::Object(o)) => {
            if let Some(n) = o.max_properties {
                notes.push(format!("Maximum properties: {n}."));
            }
        }
        _ => {}
    }
    for (key, word) in [
        ("x-required-one-of", "Exactly one"),
        ("x-required-any-of", "At least one"),
    ] {
        if let Some(serde_json::Value::Array(sets)) = data.extensions.get(key) {
            let sets: Vec<String> = sets
                .iter()
                .map(|set| {
                    let names: Vec<String> = set
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|n| n.as_str())
                        .map(|n| format!("`{n}`"))
                        .collect();
                    names.join(" + ")
                })
                .collect();
            notes.push(format!("{word} of these must be set: {}.", sets.join(", ")));
        }
    }
    if let Some(default) = &data.default {
        notes.push(format!("Default: `{default}`."));
    }
    Docs {
        text: data
            .description
            .as_ref()
            .map(|d| d.trim().to_owned())
            .filter(|d| !d.is_empty()),
        notes,
        deprecated: data.deprecated,
    }
}

/// Turns every alias that reaches itself through aliases alone (at any depth of `Vec` and
/// maps: `A = Vec<A>`, or `A = Vec<B>` with `B = Map<A>`) into a newtype. Rust expands aliases
/// eagerly and refuses such a cycle; a cycle that passes through a struct or a union is fine.
fn newtype_alias_cycles(types: &mut [TypeDef]) {
    fn named(ty: &Ty, out: &mut Vec<String>) {
        match ty {
            Ty::Named { name, .. } => out.push(name.clone()),
            Ty::Vec(inner) | Ty::Map(inner) => named(inner, out),
            _ => {}
        }
    }
    let aliases: BTreeSet<String> = types
        .iter()
        .filter(|t| matches!(t.kind, TypeKind::Alias(_)))
        .map(|t| t.name.clone())
        .collect();
    let mut edges: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for t in types.iter() {
        if let TypeKind::Alias(ty) = &t.kind {
            let mut out = Vec::new();
            named(ty, &mut out);
            out.retain(|n| aliases.contains(n));
            edges.insert(t.name.clone(), out);
        }
    }
    let component = strongly_connected(&edges);
    let mut size: BTreeMap<usize, usize> = BTreeMap::new();
    for c in component.values() {
        *size.entry(*c).or_default() += 1;
    }
    let cyclic = |name: &String| {
        edges[name].contains(name) || component.get(name).is_some_and(|c| size[c] > 1)
    };
    let cyclic: BTreeSet<String> = edges.keys().filter(|n| cyclic(n)).cloned().collect();
    for t in types.iter_mut() {
        if cyclic.contains(&t.name) {
            if let TypeKind::Alias(ty) = &t.kind {
                t.kind = TypeKind::Newtype(ty.clone());
            }
        }
    }
}

/// Boxes every reference that sits directly (not behind `Vec` or a map) on a cycle.
fn box_cycles(types: &mut [TypeDef]) {
    fn direct(ty: &Ty, out: &mut Vec<String>) {
        if let Ty::Named { name, .. } = ty {
            out.push(name.clone());
        }
    }
    let mut edges: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for t in types.iter() {
        let mut out = Vec::new();
        match &t.kind {
            TypeKind::Struct(s) => s.fields.iter().for_each(|f| direct(&f.ty, &mut out)),
            TypeKind::Union(u) => u.variants.iter().for_each(|v| match &v.kind {
                UnionVariantKind::Tagged { ty, .. } | UnionVariantKind::Shape { ty, .. } => {
                    direct(ty, &mut out)
                }
                UnionVariantKind::Literal(_) => {}
            }),
            TypeKind::Alias(ty) => direct(ty, &mut out),
            // A newtype of a named type holds it directly (`A(B)`); of a `Vec` or map, not.
            TypeKind::Newtype(ty) => direct(ty, &mut out),
            TypeKind::Events(e) => e.variants.iter().for_each(|v| {
                if let EventData::Json(ty) = &v.data {
                    direct(ty, &mut out)
                }
            }),
            TypeKind::Enum(_) => {}
        }
        edges.insert(t.name.clone(), out);
    }
    // An edge closes a cycle when both ends are in one strongly connected component
    // (computed once, iteratively: long chains neither take quadratic time nor the stack).
    let component = strongly_connected(&edges);
    let mut to_box: BTreeSet<(String, String)> = BTreeSet::new();
    for (from, targets) in &edges {
        for to in targets {
            if component.contains_key(from) && component.get(from) == component.get(to) {
                to_box.insert((from.clone(), to.clone()));
            }
        }
    }
    let mark = |owner: &str, ty: &mut Ty| {
        if let Ty::Named { name, boxed } = ty {
            if to_box.contains(&(owner.to_owned(), name.clone())) {
                *boxed = true;
            }
        }
    };
    for t in types.iter_mut() {
        let owner = t.name.clone();
        match &mut t.kind {
            TypeKind::Struct(s) => s.fields.iter_mut().for_each(|f| mark(&owner, &mut f.ty)),
            TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| match &mut v.kind {
                UnionVariantKind::Tagged { ty, .. } | UnionVariantKind::Shape { ty, .. } => {
                    mark(&owner, ty)
                }
                UnionVariantKind::Literal(_) => {}
            }),
            TypeKind::Alias(ty) | TypeKind::Newtype(ty) => mark(&owner, ty),
            TypeKind::Events(e) => e.variants.iter_mut().for_each(|v| {
                if let EventData::Json(ty) = &mut v.data {
                    mark(&owner, ty)
                }
            }),
            TypeKind::Enum(_) => {}
        }
    }
}

/// Kosaraju's algorithm, both passes iterative: node → its component's number.
fn strongly_connected(edges: &BTreeMap<String, Vec<String>>) -> BTreeMap<String, usize> {
    let names: Vec<&String> = edges.keys().collect();
    let index: BTreeMap<&String, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let forward: Vec<Vec<usize>> = names
        .iter()
        .map(|n| {
            edges[*n]
                .iter()
                .filter_map(|t| index.get(t).copied())
                .collect()
        })
        .collect();
    let mut backward: Vec<Vec<usize>> = vec![Vec::new(); names.len()];
    for (from, targets) in forward.iter().enumerate() {
        for &to in targets {
            backward[to].push(from);
        }
    }
    // First pass: the order in which nodes finish.
    let mut seen = vec![false; names.len()];
    let mut order = Vec::with_capacity(names.len());
    for start in 0..names.len() {
        if seen[start] {
            continue;
        }
        seen[start] = true;
        let mut stack = vec![(start, 0usize)];
        while let Some((node, next)) = stack.pop() {
            if let Some(&to) = forward[node].get(next) {
                stack.push((node, next + 1));
                if !seen[to] {
                    seen[to] = true;
                    stack.push((to, 0));
                }
            } else {
                order.push(node);
            }
        }
    }
    // Second pass, on the reversed edges, latest finisher first.
    let mut component = vec![usize::MAX; names.len()];
    let mut count = 0;
    for &start in order.iter().rev() {
        if component[start] != usize::MAX {
            continue;
        }
        component[start] = count;
        let mut stack = vec![start];
        while let Some(node) = stack.pop() {
            for &from in &backward[node] {
                if component[from] == usize::MAX {
                    component[from] = count;
                    stack.push(from);
                }
            }
        }
        count += 1;
    }
    names
        .iter()
        .enumerate()
        .map(|(i, n)| ((*n).clone(), component[i]))
        .collect()
}

/// A path template as literal text and `{name}` placeholders; see [`template`].
fn path_template(path: &str) -> (Vec<PathPart>, Vec<String>) {
    template(path, &format!("the path `{path}`"))
}

/// A URL template (a path, a server URL) as literal text and `{name}` placeholders (RFC 6570
/// level 1, all either may hold), with a message, about `subject`, for each unclosed, empty or
/// nested `{` and each `}` that closes nothing; such text is kept as literal text, so the
/// placeholders around it are still checked.
fn template(path: &str, subject: &str) -> (Vec<PathPart>, Vec<String>) {
    let mut parts = Vec::new();
    let mut problems = Vec::new();
    let mut literal = String::new();
    let mut rest = path;
    while let Some(at) = rest.find(['{', '}']) {
        literal.push_str(&rest[..at]);
        if rest[at..].starts_with('}') {
            problems.push(format!("{subject} has a `}}` that closes no `{{`"));
            literal.push('}');
            rest = &rest[at + 1..];
            continue;
        }
        let after = &rest[at + 1..];
        match after.find(['{', '}']) {
            Some(close) if after[close..].starts_with('}') && close > 0 => {
                if !literal.is_empty() {
                    parts.push(PathPart::Literal(std::mem::take(&mut literal)));
                }
                parts.push(PathPart::Param(after[..close].to_owned()));
                rest = &after[close + 1..];
            }
            Some(0) if after.starts_with('}') => {
                problems.push(format!("{subject} has an empty `{{}}`"));
                literal.push_str("{}");
                rest = &after[1..];
            }
            _ => {
                problems.push(format!("{subject} has a `{{` that is not closed"));
                literal.push('{');
                rest = after;
            }
        }
    }
    literal.push_str(rest);
    if !literal.is_empty() {
        parts.push(PathPart::Literal(literal));
    }
    (parts, problems)
}

/// Why a server URL cannot be the client's base URL: `None` when it is an absolute `http` or
/// `https` URL with a host.
fn not_absolute(url: &str) -> Option<&'static str> {
    let lower = url.to_ascii_lowercase();
    let Some(after) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    else {
        return Some(if lower.contains("://") {
            "is not an http or https URL"
        } else {
            "is relative (to where the description is served)"
        });
    };
    after
        .split(['/', '?', '#'])
        .next()
        .is_none_or(str::is_empty)
        .then_some("has no host")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literal(text: &str) -> PathPart {
        PathPart::Literal(text.to_owned())
    }

    fn param(name: &str) -> PathPart {
        PathPart::Param(name.to_owned())
    }

    #[test]
    fn path_templates_split_into_text_and_placeholders() {
        assert_eq!(
            path_template("/orgs/{org}/users/{user}"),
            (
                vec![
                    literal("/orgs/"),
                    param("org"),
                    literal("/users/"),
                    param("user")
                ],
                vec![]
            )
        );
        assert_eq!(
            path_template("/{a}{b}.json"),
            (
                vec![literal("/"), param("a"), param("b"), literal(".json")],
                vec![]
            )
        );
        assert_eq!(path_template("/plain"), (vec![literal("/plain")], vec![]));
        assert_eq!(path_template(""), (vec![], vec![]));
    }

    #[test]
    fn broken_path_templates_are_reported_and_the_rest_still_read() {
        for (path, parts, message) in [
            (
                "/a/{id}/{b",
                vec![literal("/a/"), param("id"), literal("/{b")],
                "the path `/a/{id}/{b` has a `{` that is not closed",
            ),
            (
                "/a/{x{y}",
                vec![literal("/a/{x"), param("y")],
                "the path `/a/{x{y}` has a `{` that is not closed",
            ),
            (
                "/a/id}/{b}",
                vec![literal("/a/id}/"), param("b")],
                "the path `/a/id}/{b}` has a `}` that closes no `{`",
            ),
            (
                "/a/{}",
                vec![literal("/a/{}")],
                "the path `/a/{}` has an empty `{}`",
            ),
        ] {
            assert_eq!(
                path_template(path),
                (parts, vec![message.to_owned()]),
                "{path}"
            );
        }
    }
}
