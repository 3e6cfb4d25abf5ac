//! Every Rust name the generator prints: case conversion, keywords, digits, and collisions.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Words that are keywords in some Rust edition (2015–2024).
const KEYWORDS: [&str; 51] = [
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where",
];
/// Keywords that cannot be raw identifiers.
const NOT_RAW: [&str; 4] = ["self", "Self", "super", "crate"];

/// Keeps letters and digits, turning everything else into word breaks.
/// Keeps ASCII letters and digits, turning everything else (non-ASCII letters included) into
/// word breaks before any case conversion, so that no letter outside ASCII can decide the
/// case of a name and leave a lower-case keyword behind (`étype` → `Type`, not `type`).
fn words(raw: &str) -> String {
    raw.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// An `UpperCamelCase` name for a type or variant (`thread.run.created` → `ThreadRunCreated`).
pub fn camel(raw: &str) -> String {
    let mut name: String = words(raw).to_upper_camel_case();
    name.retain(|c| c.is_ascii_alphanumeric() || c == '_');
    if name.is_empty() {
        return "Empty".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if name == "Self" {
        // `Self_` would trip `non_camel_case_types` once a collision numbers it.
        name = "SelfType".into();
    }
    name
}

/// A `snake_case` name for a field, parameter or function, escaped when it is a keyword.
pub fn snake(raw: &str) -> String {
    let mut name = words(raw).to_snake_case();
    name.retain(|c| c.is_ascii_alphanumeric() || c == '_');
    if name.is_empty() {
        return "value".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    escape_keyword(name)
}

/// `type` → `r#type`; `self` → `self_`.
pub fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// Hands out names unique within one scope; a taken name gets the smallest free number.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// A scope where `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Scope {
        Scope {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// `name`, or `name2`, `name3`… when it is taken.
    pub fn claim(&mut self, name: String) -> String {
        if self.taken.insert(name.clone()) {
            return name;
        }
        let base = name.strip_prefix("r#").unwrap_or(&name).to_owned();
        (2..)
            .map(|i| format!("{base}{i}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("bug: unbounded search ends")
    }

    /// Claims `name`, `name_with_response` and `name_stream` together (the methods generated
    /// for one operation), numbering all three when any is taken.
    pub fn claim_method(&mut self, name: String) -> String {
        let base = name.strip_prefix("r#").unwrap_or(&name).to_owned();
        let free = |scope: &Scope, candidate: &str| {
            let bare = candidate.strip_prefix("r#").unwrap_or(candidate);
            [
                candidate.to_owned(),
                format!("{bare}_with_response"),
                format!("{bare}_stream"),
            ]
            .iter()
            .all(|n| !scope.taken.contains(n))
        };
        let mut candidate = name.clone();
        let mut i = 1;
        while !free(self, &candidate) {
            i += 1;
            candidate = format!("{base}{i}");
        }
        let bare = candidate
            .strip_prefix("r#")
            .unwrap_or(&candidate)
            .to_owned();
        self.taken.insert(format!("{bare}_with_response"));
        self.taken.insert(format!("{bare}_stream"));
        self.taken.insert(candidate.clone());
        candidate
    }

    /// Whether a name is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_cases() {
        for (raw, want) in [
            ("thread.run.created", "ThreadRunCreated"),
            ("gpt-4o-2024-11-20", "Gpt4o20241120"),
            ("gpt-4.5-preview", "Gpt45Preview"),
            ("in_progress", "InProgress"),
            ("[DONE]", "Done"),
            ("2024-03-27", "V20240327"),
            ("Self", "SelfType"),
            ("", "Empty"),
            // Letters outside ASCII break words and never decide the case.
            ("émoji ✓", "Moji"),
            ("étype", "Type"),
            ("RunObject", "RunObject"),
        ] {
            assert_eq!(camel(raw), want, "{raw}");
        }
    }

    #[test]
    fn snake_cases_and_every_keyword() {
        assert_eq!(snake("assistantId"), "assistant_id");
        assert_eq!(snake("OpenAI-Beta"), "open_ai_beta");
        assert_eq!(snake("2fa"), "_2fa");
        assert_eq!(snake(""), "value");
        assert_eq!(snake("ü ü"), "value");
        for kw in KEYWORDS {
            let escaped = snake(kw);
            if kw == "Self" {
                assert_eq!(escaped, "self_");
            } else if NOT_RAW.contains(&kw) {
                assert_eq!(escaped, format!("{kw}_"));
            } else {
                assert_eq!(escaped, format!("r#{kw}"));
            }
            // Every escaped form parses as an identifier.
            syn::parse_str::<syn::Ident>(&escaped).unwrap_or_else(|e| panic!("{escaped}: {e}"));
        }
    }

    #[test]
    fn scope_resolves_collisions_in_order() {
        let mut scope = Scope::with_reserved(&["Other"]);
        assert_eq!(scope.claim("Other".into()), "Other2");
        assert_eq!(scope.claim("A".into()), "A");
        assert_eq!(scope.claim("A".into()), "A2");
        assert_eq!(scope.claim("A".into()), "A3");
        assert_eq!(scope.claim("r#type".into()), "r#type");
        assert_eq!(scope.claim("r#type".into()), "type2");
    }
}
