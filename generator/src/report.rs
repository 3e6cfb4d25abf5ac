//! What a regeneration changes for the users of the generated crate: the public API of the
//! old files against the new, read back from the Rust source with `syn` (so it compares what
//! is checked in, whatever generated it), each change classed breaking or additive, and the
//! version it implies.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use quote::ToTokens;

/// How a change affects code that uses the crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Impact {
    /// Code that compiled may not compile any more, or may mean something else.
    Breaking,
    /// Only new things; code that compiled still does.
    Additive,
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    pub impact: Impact,
    /// `operation`, `type`, `field`, `variant`, `constructor`, `impl`, `derive`.
    pub kind: &'static str,
    /// What changed: `RunObject.status`, `create_thread_and_run`, `From<String> for Tag`.
    pub item: String,
    /// How, in words: `added`, `removed`, `type String → Option<String>`.
    pub what: String,
}

/// Every change between two versions of the generated files.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    pub changes: Vec<Change>,
}

/// The public surface of the generated files.
#[derive(Debug, Default)]
struct Surface {
    /// Type name → its shape.
    types: BTreeMap<String, Shape>,
    /// Client method name → signature.
    operations: BTreeMap<String, String>,
    /// Type name → constructor signature.
    constructors: BTreeMap<String, String>,
    /// Type (as written after `for`) → the traits it implements by hand, with their generic
    /// arguments (`From<String>`): what `?`, `.into()` and generic bounds rely on.
    impls: BTreeMap<String, BTreeSet<String>>,
    /// Type name → the traits its `#[derive(...)]` lists.
    derives: BTreeMap<String, BTreeSet<String>>,
}

#[derive(Debug, PartialEq)]
enum Shape {
    Struct(BTreeMap<String, String>),
    Enum(BTreeMap<String, String>),
    Alias(String),
}

impl Shape {
    fn word(&self) -> &'static str {
        match self {
            Shape::Struct(_) => "struct",
            Shape::Enum(_) => "enum",
            Shape::Alias(_) => "type alias",
        }
    }
}

/// Tokens as compact text: `Option<Vec<String>>`. A trailing comma before a closing `>` or `)`
/// (how a long type may be laid out) is left out: it names the same type.
fn text(tokens: impl ToTokens) -> String {
    let raw = tokens.to_token_stream().to_string();
    let mut out = String::with_capacity(raw.len());
    for part in raw.split(' ') {
        let glue = out.is_empty()
            || out.ends_with(['<', '&', '('])
            || out.ends_with("::")
            || part.starts_with(['<', '>', ':', ',', ')']);
        if !glue {
            out.push(' ');
        }
        out.push_str(part);
    }
    out.replace(",>", ">").replace(",)", ")")
}

/// A variant's fields, types only (documentation attributes left out).
fn fields_text(fields: &syn::Fields) -> String {
    match fields {
        syn::Fields::Unit => String::new(),
        syn::Fields::Unnamed(f) => {
            let types: Vec<String> = f.unnamed.iter().map(|f| text(&f.ty)).collect();
            format!("({})", types.join(", "))
        }
        syn::Fields::Named(f) => {
            let fields: Vec<String> = f
                .named
                .iter()
                .map(|f| {
                    format!(
                        "{}: {}",
                        f.ident
                            .as_ref()
                            .map(ToString::to_string)
                            .unwrap_or_default(),
                        text(&f.ty)
                    )
                })
                .collect();
            format!("{{ {} }}", fields.join(", "))
        }
    }
}

/// The traits a `#[derive(...)]` among `attrs` lists.
fn derives(attrs: &[syn::Attribute]) -> BTreeSet<String> {
    let mut traits = BTreeSet::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let listed = attr.parse_args_with(
            syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
        );
        // A derive that does not parse as paths is no Rust the generator writes; it lists
        // nothing rather than failing the whole report.
        if let Ok(paths) = listed {
            traits.extend(paths.iter().map(text));
        }
    }
    traits
}

fn surface(files: &[(String, String)]) -> Result<Surface, String> {
    let mut surface = Surface::default();
    // Types the files declare but do not export: their impls are no part of the API.
    let mut private = BTreeSet::new();
    for (name, source) in files {
        let file = syn::parse_file(source).map_err(|e| format!("{name}: not Rust source: {e}"))?;
        for item in file.items {
            match item {
                syn::Item::Struct(s) if !matches!(s.vis, syn::Visibility::Public(_)) => {
                    private.insert(s.ident.to_string());
                }
                syn::Item::Enum(e) if !matches!(e.vis, syn::Visibility::Public(_)) => {
                    private.insert(e.ident.to_string());
                }
                syn::Item::Struct(s) => {
                    surface
                        .derives
                        .insert(s.ident.to_string(), derives(&s.attrs));
                    let fields = s
                        .fields
                        .iter()
                        .filter(|f| matches!(f.vis, syn::Visibility::Public(_)))
                        .filter_map(|f| Some((f.ident.as_ref()?.to_string(), text(&f.ty))))
                        .collect();
                    surface
                        .types
                        .insert(s.ident.to_string(), Shape::Struct(fields));
                }
                syn::Item::Enum(e) => {
                    surface
                        .derives
                        .insert(e.ident.to_string(), derives(&e.attrs));
                    let variants = e
                        .variants
                        .iter()
                        .map(|v| (v.ident.to_string(), fields_text(&v.fields)))
                        .collect();
                    surface
                        .types
                        .insert(e.ident.to_string(), Shape::Enum(variants));
                }
                syn::Item::Type(t) if matches!(t.vis, syn::Visibility::Public(_)) => {
                    surface
                        .types
                        .insert(t.ident.to_string(), Shape::Alias(text(&t.ty)));
                }
                syn::Item::Impl(syn::ItemImpl {
                    trait_: Some((negative, path, _)),
                    self_ty,
                    ..
                }) => {
                    let bang = if negative.is_some() { "!" } else { "" };
                    // A trait by its last segment (`Validate<…>`, not the path it is reached
                    // by): a trait that moves to another crate and is re-exported is the same.
                    let name = path.segments.last().map_or_else(|| text(&path), text);
                    surface
                        .impls
                        .entry(text(&self_ty))
                        .or_default()
                        .insert(format!("{bang}{name}"));
                }
                syn::Item::Impl(block) => {
                    let owner = text(&block.self_ty);
                    for item in &block.items {
                        let syn::ImplItem::Fn(f) = item else { continue };
                        if !matches!(f.vis, syn::Visibility::Public(_)) {
                            continue;
                        }
                        let output = text(&f.sig.output);
                        let inputs = text(&f.sig.inputs);
                        let inputs = inputs.trim_end_matches(',');
                        let signature = format!(
                            "({inputs}){}{output}",
                            if output.is_empty() { "" } else { " " }
                        );
                        if owner == "crate::Client" || owner == "super::Client" {
                            surface
                                .operations
                                .insert(f.sig.ident.to_string(), signature);
                        } else if f.sig.ident == "new" {
                            surface.constructors.insert(owner.clone(), signature);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    surface.impls.retain(|owner, _| !private.contains(owner));
    Ok(surface)
}

/// Compares two versions of the generated files (name, text).
pub fn compare(old: &[(String, String)], new: &[(String, String)]) -> Result<Report, String> {
    let (old, new) = (surface(old)?, surface(new)?);
    let mut changes = Vec::new();
    let mut push = |impact, kind, item: String, what: String| {
        changes.push(Change {
            impact,
            kind,
            item,
            what,
        })
    };
    for (name, signature) in &old.operations {
        match new.operations.get(name) {
            None => push(
                Impact::Breaking,
                "operation",
                name.clone(),
                "removed".into(),
            ),
            Some(now) if now != signature => push(
                Impact::Breaking,
                "operation",
                name.clone(),
                format!("signature {signature} → {now}"),
            ),
            Some(_) => {}
        }
    }
    for name in new
        .operations
        .keys()
        .filter(|n| !old.operations.contains_key(*n))
    {
        push(Impact::Additive, "operation", name.clone(), "added".into());
    }
    let none = BTreeSet::new();
    for (name, shape) in &old.types {
        let Some(now) = new.types.get(name) else {
            push(
                Impact::Breaking,
                "type",
                name.clone(),
                format!("{} removed", shape.word()),
            );
            continue;
        };
        match (shape, now) {
            (Shape::Struct(before), Shape::Struct(after)) => {
                members(&mut push, "field", name, before, after)
            }
            (Shape::Enum(before), Shape::Enum(after)) => {
                members(&mut push, "variant", name, before, after)
            }
            (Shape::Alias(before), Shape::Alias(after)) if before != after => push(
                Impact::Breaking,
                "type",
                name.clone(),
                format!("now {after}, was {before}"),
            ),
            (Shape::Alias(_), Shape::Alias(_)) => {}
            (before, after) => push(
                Impact::Breaking,
                "type",
                name.clone(),
                format!("now a {}, was a {}", after.word(), before.word()),
            ),
        }
        if let (Some(before), Some(after)) =
            (old.constructors.get(name), new.constructors.get(name))
        {
            if before != after {
                push(
                    Impact::Breaking,
                    "constructor",
                    format!("{name}::new"),
                    format!("arguments {before} → {after}"),
                );
            }
        }
        // A derived trait removed is breaking (code may clone, compare or print the type).
        let before = old.derives.get(name).unwrap_or(&none);
        let after = new.derives.get(name).unwrap_or(&none);
        for t in before.difference(after) {
            push(
                Impact::Breaking,
                "derive",
                format!("{t} for {name}"),
                "removed".into(),
            );
        }
        for t in after.difference(before) {
            push(
                Impact::Additive,
                "derive",
                format!("{t} for {name}"),
                "added".into(),
            );
        }
    }
    // Trait impls of the types both versions have (a type added or removed is reported as
    // such), and of types the files do not declare (`impl From<Run> for serde_json::Value`).
    let owners: BTreeSet<&String> = old.impls.keys().chain(new.impls.keys()).collect();
    for owner in owners {
        let declared = |s: &Surface| s.types.contains_key(owner);
        if declared(&old) != declared(&new) {
            continue;
        }
        let before = old.impls.get(owner).unwrap_or(&none);
        let after = new.impls.get(owner).unwrap_or(&none);
        // By trait: the one impl of a trait replaced by one with other arguments (`From<A>`
        // now `From<B>`) is one change.
        let mut by_trait: BTreeMap<&str, (Vec<&String>, Vec<&String>)> = BTreeMap::new();
        for t in before.difference(after) {
            by_trait.entry(trait_name(t)).or_default().0.push(t);
        }
        for t in after.difference(before) {
            by_trait.entry(trait_name(t)).or_default().1.push(t);
        }
        for (removed, added) in by_trait.into_values() {
            if let ([was], [now]) = (removed.as_slice(), added.as_slice()) {
                push(
                    Impact::Breaking,
                    "impl",
                    format!("{was} for {owner}"),
                    format!("now {now}"),
                );
                continue;
            }
            for t in removed {
                push(
                    Impact::Breaking,
                    "impl",
                    format!("{t} for {owner}"),
                    "removed".into(),
                );
            }
            for t in added {
                push(
                    Impact::Additive,
                    "impl",
                    format!("{t} for {owner}"),
                    "added".into(),
                );
            }
        }
    }
    for (name, shape) in new
        .types
        .iter()
        .filter(|(n, _)| !old.types.contains_key(*n))
    {
        push(
            Impact::Additive,
            "type",
            name.clone(),
            format!("{} added", shape.word()),
        );
    }
    changes.sort();
    Ok(Report { changes })
}

/// A trait without its generic arguments: `From` for `From<String>`.
fn trait_name(t: &str) -> &str {
    t.split('<').next().unwrap_or(t)
}

/// Fields and variants: removed or changed is breaking; added is additive (structs and enums
/// are `#[non_exhaustive]`, built with constructors, matched with a catch-all).
fn members(
    push: &mut impl FnMut(Impact, &'static str, String, String),
    kind: &'static str,
    owner: &str,
    before: &BTreeMap<String, String>,
    after: &BTreeMap<String, String>,
) {
    for (name, ty) in before {
        let item = format!("{owner}.{name}");
        match after.get(name) {
            None => push(Impact::Breaking, kind, item, "removed".into()),
            Some(now) if now != ty => {
                push(Impact::Breaking, kind, item, format!("type {ty} → {now}"))
            }
            Some(_) => {}
        }
    }
    for (name, ty) in after.iter().filter(|(n, _)| !before.contains_key(*n)) {
        let shown = if ty.is_empty() {
            String::new()
        } else {
            format!(" {ty}")
        };
        push(
            Impact::Additive,
            kind,
            format!("{owner}.{name}"),
            format!("added{shown}"),
        );
    }
}

impl Report {
    /// Whether anything breaks code that uses the crate.
    pub fn is_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.impact == Impact::Breaking)
    }

    /// The version these changes imply after `current` (semver; below 1.0 a breaking change
    /// bumps the minor number and an additive one the patch number).
    pub fn next_version(&self, current: &str) -> String {
        let mut parts = current.split('.').map(|p| p.parse::<u64>().unwrap_or(0));
        let (major, minor, patch) = (
            parts.next().unwrap_or(0),
            parts.next().unwrap_or(0),
            parts.next().unwrap_or(0),
        );
        let (breaking, additive) = (self.is_breaking(), !self.changes.is_empty());
        match (major, breaking, additive) {
            (_, false, false) => current.to_owned(),
            (0, true, _) => format!("0.{}.0", minor + 1),
            (0, false, true) => format!("0.{minor}.{}", patch + 1),
            (_, true, _) => format!("{}.0.0", major + 1),
            (_, false, true) => format!("{major}.{}.0", minor + 1),
        }
    }

    /// The report as Markdown, for a pull request description.
    pub fn markdown(&self, current: &str) -> String {
        let mut out = String::from("## API changes of `generated-client`\n\n");
        if self.changes.is_empty() {
            out.push_str("No change to the public API.\n");
            return out;
        }
        let breaking = self
            .changes
            .iter()
            .filter(|c| c.impact == Impact::Breaking)
            .count();
        out.push_str(&format!(
            "{} changes, {breaking} breaking: version {current} → **{}**.\n\n| impact | kind | item | change |\n|---|---|---|---|\n",
            self.changes.len(),
            self.next_version(current)
        ));
        for c in &self.changes {
            let impact = if c.impact == Impact::Breaking {
                "**breaking**"
            } else {
                "additive"
            };
            out.push_str(&format!(
                "| {impact} | {} | `{}` | {} |\n",
                c.kind,
                c.item,
                c.what.replace('|', "\\|")
            ));
        }
        out
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let impact = if self.impact == Impact::Breaking {
            "breaking"
        } else {
            "additive"
        };
        write!(f, "{impact}: {} {}: {}", self.kind, self.item, self.what)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(source: &str) -> Vec<(String, String)> {
        vec![("structs.rs".into(), source.into())]
    }

    #[test]
    fn each_kind_of_change_is_classed() {
        let old = files(
            "pub struct A { pub x: String, pub gone: i64 }
             impl A { pub fn new(x: impl Into<String>) -> Self { todo() } }
             pub enum S { Queued, Done, Other(String) }
             pub type M = i64;
             pub struct Removed {}
             impl crate::Client { pub async fn run(&self, r: &A) -> Result<A, crate::Error> { todo() } pub async fn old(&self) {} }",
        );
        let new = files(
            "pub struct A { pub x: Option<String>, pub added: bool }
             impl A { pub fn new() -> Self { todo() } }
             pub enum S { Queued, Done, Incomplete, Other(String) }
             pub type M = String;
             pub struct Fresh {}
             impl crate::Client { pub async fn run(&self, r: &A) -> Result<A, crate::Error> { todo() } pub async fn new_op(&self) {} }",
        );
        let report = compare(&old, &new).unwrap();
        let lines: Vec<String> = report.changes.iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                "breaking: constructor A::new: arguments (x: impl Into<String>) -> Self → () -> Self",
                "breaking: field A.gone: removed",
                "breaking: field A.x: type String → Option<String>",
                "breaking: operation old: removed",
                "breaking: type M: now String, was i64",
                "breaking: type Removed: struct removed",
                "additive: field A.added: added bool",
                "additive: operation new_op: added",
                "additive: type Fresh: struct added",
                "additive: variant S.Incomplete: added",
            ]
        );
        assert!(report.is_breaking());
        assert_eq!(report.next_version("0.1.0"), "0.2.0");
        assert_eq!(report.next_version("1.4.2"), "2.0.0");
        assert!(report
            .markdown("0.1.0")
            .contains("| **breaking** | field | `A.gone` | removed |"));
    }

    #[test]
    fn a_type_laid_out_over_lines_is_the_same_type() {
        let old =
            files("pub struct A { pub x: Option<\n    Vec<String>,\n>, pub y: (i64, bool,) }");
        let new = files("pub struct A { pub x: Option<Vec<String>>, pub y: (i64, bool) }");
        assert!(compare(&old, &new).unwrap().changes.is_empty());
    }

    #[test]
    fn additive_only_and_unchanged_versions() {
        let old = files("pub enum S { A, Other(String) }");
        let new = files("pub enum S { A, B, Other(String) }");
        let report = compare(&old, &new).unwrap();
        assert!(!report.is_breaking());
        assert_eq!(report.next_version("0.1.0"), "0.1.1");
        assert_eq!(report.next_version("1.4.2"), "1.5.0");
        let same = compare(&old, &old).unwrap();
        assert!(same.changes.is_empty());
        assert_eq!(same.next_version("0.1.0"), "0.1.0");
        assert_eq!(
            same.markdown("0.1.0"),
            "## API changes of `generated-client`\n\nNo change to the public API.\n"
        );
    }
}
