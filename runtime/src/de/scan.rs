//! Reading JSON text without decoding it: the field path of a place in it
//! (`tools[1].function.name`, from the line and column serde_json gives an error).
//!
//! Naming the failing field by reading the text up to where the decoder stopped needs no
//! second, path-tracking decode (`serde_path_to_error`), which compiled every generated type
//! once more for its own deserializer. No crate answers "which value holds this offset", so
//! this small tokenizer is written here. It is only handed text serde_json has read up to
//! the offset, and never fails.

use std::borrow::Cow;

/// One open container while scanning.
enum Frame {
    /// An object: the key whose value is being read (`None` before the first key, and
    /// between a comma and the next key), and whether the next string is a key.
    Object { key: Option<String>, at_key: bool },
    /// An array: the element being read, and whether one has begun.
    Array { index: usize, begun: bool },
}

/// The byte offset of serde_json's `line` (from 1) and `column` (bytes from the line's start)
/// in `text`; `None` for an error that carries no position (line 0).
pub(crate) fn offset(text: &str, line: usize, column: usize) -> Option<usize> {
    if line == 0 {
        return None;
    }
    let start = if line == 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2)?.0 + 1
    };
    Some((start + column).min(text.len()))
}

/// The path of the value being read at byte `offset` of `text`: `.` for the root, `a.b`,
/// `a[1].b`, as `serde_path_to_error` writes them. A value that has just ended (the decoder
/// stops after the token it rejects) is still the one named.
pub(crate) fn path_at(text: &str, offset: usize) -> String {
    let bytes = &text.as_bytes()[..offset.min(text.len())];
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    // A value begins: an array's element is under way.
    fn begin(stack: &mut [Frame]) {
        if let Some(Frame::Array { begun, .. }) = stack.last_mut() {
            *begun = true;
        }
    }
    while i < bytes.len() {
        match bytes[i] {
            b'{' => {
                begin(&mut stack);
                stack.push(Frame::Object {
                    key: None,
                    at_key: true,
                });
            }
            b'[' => {
                begin(&mut stack);
                stack.push(Frame::Array {
                    index: 0,
                    begun: false,
                });
            }
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { key, at_key }) => {
                    *key = None;
                    *at_key = true;
                }
                Some(Frame::Array { index, begun }) => {
                    *index += 1;
                    *begun = false;
                }
                None => {}
            },
            b':' => {
                if let Some(Frame::Object { at_key, .. }) = stack.last_mut() {
                    *at_key = false;
                }
            }
            b'"' => {
                let end = string_end(bytes, i);
                match stack.last_mut() {
                    // A key read whole (the offset is not inside it).
                    Some(Frame::Object { key, at_key: true })
                        if bytes[end - 1] == b'"' && end > i + 1 =>
                    {
                        *key = Some(unquote(&text[i..end]).into_owned());
                    }
                    _ => begin(&mut stack),
                }
                i = end;
                continue;
            }
            b' ' | b'\t' | b'\r' | b'\n' => {}
            _ => begin(&mut stack),
        }
        i += 1;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object { key: Some(key), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Array { index, begun: true } => {
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
            }
            _ => break,
        }
    }
    if path.is_empty() {
        path.push('.');
    }
    path
}

/// The index just past the string that opens at `start` (a `"`).
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() && bytes[i] != b'"' {
        i += if bytes[i] == b'\\' { 2 } else { 1 };
    }
    (i + 1).min(bytes.len())
}

/// A JSON string's value from its text, quotes included (borrowed when it has no escapes).
pub(super) fn unquote(quoted: &str) -> Cow<'_, str> {
    let inner = &quoted[1..quoted.len().saturating_sub(1).max(1)];
    if inner.contains('\\') {
        Cow::Owned(serde_json::from_str(quoted).unwrap_or_else(|_| inner.to_owned()))
    } else {
        Cow::Borrowed(inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The path where serde_json stops on `text` decoded as `T`.
    fn failing<T: serde::de::DeserializeOwned + std::fmt::Debug>(text: &str) -> String {
        let error = serde_json::from_str::<T>(text).expect_err("a failure");
        path_at(
            text,
            offset(text, error.line(), error.column()).expect("a position"),
        )
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Run {
        usage: Usage,
        tools: Vec<Tool>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Usage {
        total_tokens: i64,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Tool {
        name: String,
    }

    #[test]
    fn names_the_value_where_decoding_stopped() {
        assert_eq!(
            failing::<Run>(r#"{"usage": {"total_tokens": "many"}, "tools": []}"#),
            "usage.total_tokens"
        );
        assert_eq!(
            failing::<Run>(
                "{\"usage\": {\"total_tokens\": 1},\n \"tools\": [{\"name\": \"a\"},\n {\"name\": 7}]}"
            ),
            "tools[1].name"
        );
        // A missing field is the object's: serde_json stops after its `}`.
        assert_eq!(failing::<Run>(r#"{"usage": {}, "tools": []}"#), "usage");
        assert_eq!(failing::<Run>(r#"{"tools": []}"#), ".");
        assert_eq!(failing::<Run>("[1]"), "[0]");
        assert_eq!(failing::<Vec<Vec<i64>>>("[[1], [2, true]]"), "[1][1]");
        // Escaped keys are named decoded; commas and colons inside strings are text.
        assert_eq!(
            failing::<std::collections::BTreeMap<String, i64>>(r#"{"a,\"b\":": 1, "c": "x"}"#),
            "c"
        );
        assert_eq!(
            failing::<std::collections::BTreeMap<String, i64>>(r#"{"a\"b": "x"}"#),
            "a\"b"
        );
    }

    #[test]
    fn offsets_follow_serde_jsons_lines_and_columns() {
        assert_eq!(offset("ab\ncd", 0, 3), None);
        assert_eq!(offset("ab\ncd", 1, 2), Some(2));
        assert_eq!(offset("ab\ncd", 2, 1), Some(4));
        assert_eq!(offset("ab\ncd", 2, 9), Some(5));
    }
}
