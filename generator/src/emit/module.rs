//! `mod.rs`: the modules, the base URL (and the type that sets the server variables, when the
//! server URL has any), the `types` re-export, and the client.

use super::code::{close, lit, ln, open, Code};
use crate::ir::*;

/// `mod.rs`, re-exporting the type files in `used` (those that hold any type; every file is
/// declared, so that the set of files never depends on the input).
pub(super) fn emit_module(api: &Api, used: &[&str]) -> String {
    let mut code = Code::new();
    code.inner_doc(&format!(
        "Client for {} (version {}).",
        api.title, api.version
    ));
    code.block(
        "
        #![allow(
            deprecated,
            rustdoc::bare_urls,
            rustdoc::broken_intra_doc_links,
            rustdoc::invalid_html_tags
        )]

        mod enums;
        mod events;
        mod operations;
        mod structs;
        mod unions;
        ",
    );
    ln!(code);
    let base_url = &api.base_url;
    match &base_url.default {
        Some(url) => {
            if base_url.variables.is_empty() {
                code.doc("The base URL the description's `servers` names.");
            } else {
                code.doc(&format!(
                    "The base URL the description's `servers` names, each server variable at its default (see [`types::{}`]).",
                    base_url.variables_type
                ));
            }
            ln!(
                code,
                "pub const BASE_URL: Option<&str> = Some({});",
                lit(url)
            );
        }
        None => {
            code.doc(&format!(
                "No default base URL, so the client needs `ClientBuilder::base_url`. {}",
                base_url.why_none.as_deref().unwrap_or_default()
            ));
            ln!(code, "pub const BASE_URL: Option<&str> = None;");
        }
    }
    emit_server_variables(&mut code, base_url);
    ln!(code);
    code.doc("The request and response types of the description.");
    open!(code, "pub mod types {{");
    if !base_url.variables.is_empty() {
        ln!(code, "pub use super::{};", base_url.variables_type);
    }
    for file in used {
        ln!(code, "pub use super::{}::*;", file.trim_end_matches(".rs"));
    }
    close!(code);
    ln!(code);
    super::client::emit_client(&mut code, api);
    code.finish()
}

/// The type that sets the variables of the server URL (`{scheme}://…`): one setter per
/// variable, each at its default until set, and `base_url()`, which checks each value against
/// the variable's declared values and fills in the template. Nothing when there are none.
fn emit_server_variables(code: &mut Code, base_url: &BaseUrl) {
    if base_url.variables.is_empty() {
        return;
    }
    let name = &base_url.variables_type;
    let template: String = base_url
        .template
        .iter()
        .map(|piece| match piece {
            UrlPiece::Text(text) => text.clone(),
            UrlPiece::Variable(v) => format!("{{{}}}", base_url.variables[*v].name),
        })
        .collect();
    ln!(code);
    code.doc(&format!(
        "The variables of the server URL `{template}`, each at its default until set. Pass [`{name}::base_url`] to `ClientBuilder::base_url`."
    ));
    ln!(code, "#[derive(Debug, Clone, PartialEq, Eq)]");
    open!(code, "pub struct {name} {{");
    for v in &base_url.variables {
        ln!(code, "{}: String,", v.field);
    }
    close!(code);
    ln!(code);
    open!(code, "impl Default for {name} {{");
    open!(code, "fn default() -> Self {{");
    open!(code, "Self {{");
    for v in &base_url.variables {
        ln!(code, "{}: {}.to_owned(),", v.field, lit(&v.default));
    }
    close!(code);
    close!(code);
    close!(code);
    ln!(code);
    open!(code, "impl {name} {{");
    code.block(
        "
        /// Every variable at its default.
        pub fn new() -> Self {
            <Self as Default>::default()
        }
        ",
    );
    for v in &base_url.variables {
        let mut note = format!("Sets `{{{}}}` (default `{}`", v.name, v.default);
        if !v.values.is_empty() {
            let values: Vec<String> = v.values.iter().map(|value| format!("`{value}`")).collect();
            note.push_str(&format!("; one of {}", values.join(", ")));
        }
        note.push_str(").");
        ln!(code);
        code.docs(&Docs {
            text: v.description.clone(),
            notes: vec![note],
            deprecated: false,
        });
        open!(
            code,
            "pub fn {}(mut self, value: impl Into<String>) -> Self {{",
            v.field
        );
        ln!(code, "self.{} = value.into();", v.field);
        ln!(code, "self");
        close!(code);
    }
    ln!(code);
    code.block(
        "
        /// The base URL with these values.
        ///
        /// # Errors
        ///
        /// `Error::Config` when a variable holds a value outside its declared values.
        ",
    );
    open!(code, "pub fn base_url(&self) -> Result<String, Error> {{");
    for v in base_url.variables.iter().filter(|v| !v.values.is_empty()) {
        let values: Vec<String> = v.values.iter().map(|value| lit(value)).collect();
        code.list(
            "if ![",
            &values,
            &format!("].contains(&self.{}.as_str()) {{", v.field),
        );
        open!(code, "return Err(Error::Config(format!(");
        ln!(
            code,
            "\"server variable `{{}}` is `{{}}`, not one of: {{}}\","
        );
        ln!(code, "{},", lit(&v.name));
        ln!(code, "self.{},", v.field);
        ln!(code, "{},", lit(&v.values.join(", ")));
        close!(code, ")));");
        close!(code);
    }
    ln!(code, "let mut url = String::new();");
    // The URL is built without a trailing `/`, as the default is.
    let last = base_url.template.len().saturating_sub(1);
    for (i, piece) in base_url.template.iter().enumerate() {
        match piece {
            UrlPiece::Text(text) => {
                let text = if i == last {
                    text.trim_end_matches('/')
                } else {
                    text
                };
                let mut chars = text.chars();
                match (chars.next(), chars.next()) {
                    (None, _) => {}
                    (Some(c), None) => ln!(code, "url.push({c:?});"),
                    _ => ln!(code, "url.push_str({});", lit(text)),
                }
            }
            UrlPiece::Variable(v) => {
                ln!(
                    code,
                    "url.push_str(&self.{});",
                    base_url.variables[*v].field
                );
            }
        }
    }
    ln!(code, "Ok(url)");
    close!(code);
    close!(code);
}
