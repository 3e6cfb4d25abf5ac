//! Input text (YAML or JSON) → a document tree that remembers where each node came from.

use crate::diag::{Diagnostics, Location};
use crate::yaml::{self, Positions};
use serde_json::Value;

/// The largest input file read (OpenAI's full description is about 3 MiB).
pub const MAX_INPUT_BYTES: usize = 256 << 20;

/// A parsed input file.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file's name, as given.
    pub file: String,
    /// The tree.
    pub value: Value,
    /// Line and column by JSON pointer (YAML only: JSON readers do not keep them).
    pub positions: Positions,
    /// Where normalization moved nodes: (pointer now, pointer in the file). Locations are
    /// reported as they are in the file.
    pub aliases: Vec<(String, String)>,
    /// Parts brought in from other files by `$ref` (see `bundle`), where they are now and
    /// where they were: errors inside them name that file and its line.
    pub origins: Vec<Origin>,
}

/// A subtree that came from another file.
#[derive(Debug, Clone)]
pub struct Origin {
    /// Its pointer in this document.
    pub at: String,
    /// The file it came from, as shown.
    pub file: String,
    /// Its pointer in that file.
    pub pointer: String,
    /// That file's positions.
    pub positions: std::sync::Arc<Positions>,
}

impl Document {
    /// Parses YAML or JSON text (JSON when the first non-blank character is `{` or `[`).
    pub fn parse(file: &str, text: &str) -> Result<Document, Diagnostics> {
        if text.len() > MAX_INPUT_BYTES {
            let mut diags = Diagnostics::default();
            diags.push(
                Location {
                    file: file.to_owned(),
                    pointer: None,
                    line_col: None,
                },
                format!(
                    "the file is larger than {} MiB, the most this generator reads",
                    MAX_INPUT_BYTES >> 20
                ),
            );
            return diags.into_result(Document {
                file: file.to_owned(),
                value: Value::Null,
                positions: Positions::new(),
                aliases: Vec::new(),
                origins: Vec::new(),
            });
        }
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let looks_json = matches!(text.trim_start().as_bytes().first(), Some(b'{' | b'['));
        let mut diags = Diagnostics::default();
        if looks_json {
            match serde_json::from_str::<Value>(text) {
                Ok(value) => {
                    return Ok(Document {
                        file: file.to_owned(),
                        value,
                        positions: Positions::new(),
                        aliases: Vec::new(),
                        origins: Vec::new(),
                    })
                }
                Err(e) => diags.push(
                    Location {
                        file: file.to_owned(),
                        pointer: None,
                        line_col: Some((e.line(), e.column())),
                    },
                    format!("invalid JSON: {}", strip_position(&e.to_string())),
                ),
            }
        } else {
            match yaml::parse(text) {
                Ok((value, positions)) => {
                    return Ok(Document {
                        file: file.to_owned(),
                        value,
                        positions,
                        aliases: Vec::new(),
                        origins: Vec::new(),
                    })
                }
                Err(e) => diags.push(
                    Location {
                        file: file.to_owned(),
                        pointer: None,
                        line_col: Some((e.line, e.col)),
                    },
                    format!("invalid YAML: {}", e.message),
                ),
            }
        }
        diags.into_result(Document {
            file: file.to_owned(),
            value: Value::Null,
            positions: Positions::new(),
            aliases: Vec::new(),
            origins: Vec::new(),
        })
    }

    /// The location of a node: its pointer, and the position of it or its nearest ancestor.
    pub fn locate(&self, pointer: &str) -> Location {
        let original = self.original_pointer(pointer);
        let within =
            |prefix: &str| original == prefix || original.starts_with(&format!("{prefix}/"));
        let origin = self
            .origins
            .iter()
            .filter(|o| within(&o.at))
            .max_by_key(|o| o.at.len());
        let (file, pointer, positions) = match origin {
            Some(o) => {
                let rest = &original[o.at.len()..];
                let pointer = format!("{}{rest}", o.pointer);
                (o.file.clone(), pointer, &*o.positions)
            }
            None => (self.file.clone(), original.clone(), &self.positions),
        };
        let mut probe = pointer.as_str();
        let line_col = loop {
            if let Some(pos) = positions.get(probe) {
                break Some(*pos);
            }
            match probe.rfind('/') {
                Some(i) => probe = &probe[..i],
                None => break None,
            }
        };
        Location {
            file,
            pointer: Some(pointer),
            line_col,
        }
    }
}

impl Document {
    /// Undoes normalization's moves, innermost last, so that a pointer names the file's node.
    fn original_pointer(&self, pointer: &str) -> String {
        let mut current = pointer.to_owned();
        for _ in 0..64 {
            let step = self
                .aliases
                .iter()
                .filter(|(now, _)| current == *now || current.starts_with(&format!("{now}/")))
                .max_by_key(|(now, _)| now.len());
            match step {
                Some((now, then)) => current = format!("{then}{}", &current[now.len()..]),
                None => break,
            }
        }
        current
    }
}

/// serde_json appends " at line L column C"; the location already says it.
fn strip_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => message,
    }
}

/// Resolves a JSON pointer (`#/a/b`) in a tree.
pub fn resolve<'a>(root: &'a Value, pointer: &str) -> Option<&'a Value> {
    let path = pointer.strip_prefix('#')?;
    if path.is_empty() {
        return Some(root);
    }
    let decoded = percent_decode(path)?;
    root.pointer(&decoded)
}

/// One reference token of a `$ref` as the key it names: percent-decoded (RFC 3986), then
/// `~1` → `/` and `~0` → `~` (RFC 6901).
pub fn decode_token(token: &str) -> Option<String> {
    Some(percent_decode(token)?.replace("~1", "/").replace("~0", "~"))
}

/// `$ref` values may percent-encode characters (RFC 3986 fragment); decode before lookup.
/// `None` when a `%` is not followed by two hex digits (not a valid fragment) or the bytes are
/// not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let well_formed = bytes.iter().enumerate().all(|(i, &b)| {
        b != b'%'
            || bytes
                .get(i + 1..i + 3)
                .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    if !well_formed {
        return None;
    }
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .ok()
        .map(String::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_syntax_error_has_line_and_column() {
        let e = Document::parse("x.json", "{\n  \"a\": [1,\n}").unwrap_err();
        let d = &e.0[0];
        assert_eq!(d.location.line_col, Some((3, 1)));
        assert!(d.message.starts_with("invalid JSON"), "{}", d.message);
    }

    #[test]
    fn locate_falls_back_to_the_nearest_ancestor() {
        let doc = Document::parse("x.yaml", "a:\n  b: 1\n").unwrap();
        assert_eq!(doc.locate("#/a/b/c").line_col, Some((2, 3)));
        assert_eq!(doc.locate("#/a/b/c").pointer.as_deref(), Some("#/a/b/c"));
    }

    #[test]
    fn resolve_handles_escapes() {
        let doc = Document::parse("x.yaml", "paths:\n  /a~b:\n    x%y: 1\n").unwrap();
        assert_eq!(
            resolve(&doc.value, "#/paths/~1a~0b/x%25y"),
            Some(&serde_json::json!(1))
        );
    }

    #[test]
    fn percent_decoding_needs_two_hex_digits_and_utf8() {
        assert_eq!(percent_decode("a%2Fb%c3%A9"), Some("a/bé".to_owned()));
        assert_eq!(percent_decode("plain"), Some("plain".to_owned()));
        // A sign is no hex digit, though `u8::from_str_radix` would take `+1`.
        for broken in ["%", "%4", "%zz", "%+1", "a%-1", "%é", "%ff"] {
            assert_eq!(percent_decode(broken), None, "{broken}");
        }
    }
}
