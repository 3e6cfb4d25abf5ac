//! What the client needs beyond types and operations, read from the description: the security
//! schemes and each operation's requirements (`security`, global or its own), and the type of
//! the error responses' body.

use std::collections::BTreeMap;

use openapiv3::{APIKeyLocation, OpenAPI, ReferenceOr, SecurityScheme as Declared, StatusCode};

use crate::diag::Diagnostics;
use crate::ir::{ClientSettings, SchemeKind, SecurityScheme};
use crate::lower::{is_json_media, media_essence, response_item};
use crate::naming::snake;
use crate::source::Document;

/// The requirements of one operation: its own `security` when it has one (`[]` needs none),
/// else the description's. Alternatives in order, each a sorted set of scheme names; an empty
/// alternative (`{}`) makes credentials optional.
pub fn requirements(api: &OpenAPI, operation: &openapiv3::Operation) -> Vec<Vec<String>> {
    let declared = operation.security.as_ref().or(api.security.as_ref());
    declared
        .map(|alternatives| {
            alternatives
                .iter()
                .map(|requirement| requirement.keys().cloned().collect())
                .collect()
        })
        .unwrap_or_default()
}

/// The schemes the operations name, in the description's order, with the builder method (made
/// unique among the client's methods when it is emitted) and variable of each. OAuth 2 and
/// OpenID Connect schemes take an access token the caller obtained, sent as a bearer token. A
/// scheme the client cannot send (an HTTP scheme other than bearer and basic, or one the
/// description does not define) is an error at the requirement that names it, so that the
/// operation is skipped rather than sent without it.
pub fn schemes(
    doc: &Document,
    api: &OpenAPI,
    operations: &[(&str, &[Vec<String>])],
    settings: &ClientSettings,
    diags: &mut Diagnostics,
) -> Vec<SecurityScheme> {
    let declared = api
        .components
        .as_ref()
        .map(|c| &c.security_schemes)
        .cloned()
        .unwrap_or_default();
    let mut used: Vec<&str> = Vec::new();
    for &(pointer, alternatives) in operations {
        for name in alternatives.iter().flatten() {
            match declared.get(name) {
                Some(ReferenceOr::Item(scheme)) if kind_of(scheme).is_some() => {
                    if !used.contains(&name.as_str()) {
                        used.push(name);
                    }
                }
                Some(ReferenceOr::Item(_)) => diags.push(
                    doc.locate(pointer),
                    format!(
                        "security scheme `{name}` is not one the client can send (HTTP bearer, \
                         HTTP basic, OAuth 2 or OpenID Connect access token, or an API key in \
                         a header, query parameter or cookie)"
                    ),
                ),
                _ => diags.push(
                    doc.locate(pointer),
                    format!(
                        "security scheme `{name}` is not defined in `components.securitySchemes`"
                    ),
                ),
            }
        }
    }
    declared
        .iter()
        .filter(|(name, _)| used.contains(&name.as_str()))
        .filter_map(|(name, scheme)| {
            let scheme = scheme.as_item()?;
            let kind = kind_of(scheme)?;
            let setting = settings.auth.iter().find(|a| &a.scheme == name);
            let method = setting
                .and_then(|s| s.method.clone())
                .unwrap_or_else(|| format!("{}_auth", snake(name).trim_end_matches("_auth")));
            Some(SecurityScheme {
                name: name.clone(),
                kind,
                method,
                variable: setting.and_then(|s| s.variable.clone()),
                description: description_of(scheme),
            })
        })
        .collect()
}

fn kind_of(scheme: &Declared) -> Option<SchemeKind> {
    match scheme {
        Declared::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("bearer") => {
            Some(SchemeKind::Bearer)
        }
        Declared::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("basic") => {
            Some(SchemeKind::Basic)
        }
        // The client does not run OAuth flows or OpenID discovery: the caller brings the
        // access token, which is sent as RFC 6750 says, as a bearer token.
        Declared::OAuth2 { .. } | Declared::OpenIDConnect { .. } => Some(SchemeKind::Bearer),
        Declared::APIKey { location, name, .. } => Some(SchemeKind::ApiKey {
            location: match location {
                APIKeyLocation::Header => "header",
                APIKeyLocation::Query => "query",
                APIKeyLocation::Cookie => "cookie",
            }
            .to_owned(),
            name: name.clone(),
        }),
        _ => None,
    }
}

fn description_of(scheme: &Declared) -> Option<String> {
    match scheme {
        Declared::HTTP { description, .. }
        | Declared::APIKey { description, .. }
        | Declared::OAuth2 { description, .. }
        | Declared::OpenIDConnect { description, .. } => description.clone(),
    }
}

/// The Rust type of the error body: the named schema every operation's error responses
/// (`4XX`, `5XX`, `default`, an exact code from 400) give as their JSON body, when they agree
/// on one; `None` (raw JSON) when none declares one or two disagree.
pub fn error_body(
    api: &OpenAPI,
    operations: &[&openapiv3::Operation],
    components: &BTreeMap<String, String>,
    envelope: Option<&str>,
) -> Option<String> {
    let mut found: Option<String> = None;
    for operation in operations {
        let responses = &operation.responses;
        let errors = responses
            .responses
            .iter()
            .filter(|(code, _)| match code {
                StatusCode::Code(c) => *c >= 400,
                StatusCode::Range(r) => *r >= 4,
            })
            .map(|(_, r)| r)
            .chain(responses.default.iter());
        for response in errors.filter_map(|r| response_item(api, r)) {
            let schema = response
                .content
                .iter()
                .find(|(media, _)| is_json_media(&media_essence(media)))
                .and_then(|(_, content)| content.schema.as_ref());
            let Some(ReferenceOr::Reference { reference }) = schema else {
                continue;
            };
            let Some(name) = reference.strip_prefix("#/components/schemas/") else {
                continue;
            };
            let Some(name) = envelope_member(api, name, envelope) else {
                continue;
            };
            let Some(rust) = components.get(&name) else {
                continue;
            };
            match &found {
                None => found = Some(rust.clone()),
                Some(seen) if seen == rust => {}
                Some(_) => return None,
            }
        }
    }
    found
}

/// With an envelope setting, the schema of the envelope property of `name` (when `name` is
/// an object whose property of that name is a `$ref`); else `name` itself.
fn envelope_member(api: &OpenAPI, name: &str, envelope: Option<&str>) -> Option<String> {
    let Some(property) = envelope else {
        return Some(name.to_owned());
    };
    let schema = api.components.as_ref()?.schemas.get(name)?.as_item()?;
    let openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)) = &schema.schema_kind else {
        return None;
    };
    match object.properties.get(property)? {
        ReferenceOr::Reference { reference } => reference
            .strip_prefix("#/components/schemas/")
            .map(str::to_owned),
        ReferenceOr::Item(_) => None,
    }
}
