//! YAML text → `serde_json::Value`, with the line and column of every node.
//!
//! Written over `saphyr-parser`'s event stream rather than a serde YAML crate because the
//! generator needs two things those crates do not give: the position of every node (so that a
//! semantic error deep in a description still says `line:column`), and integers beyond `i64`
//! (OpenAI's descriptions hold `minimum: -9223372036854776000`), which libyaml-based readers
//! refuse. Scalars resolve by the YAML 1.2 core schema, so the keys `n` and `y` stay strings.
//! Aliases are expanded under a node budget and nesting is bounded, so hostile input ends in
//! an error instead of exhausting memory or the stack.

use crate::diag::pointer_join;
use saphyr_parser::{Event, Parser, ScalarStyle};
use serde_json::{Map, Number, Value};
use std::collections::HashMap;

/// Deepest nesting accepted, in collections.
pub const MAX_DEPTH: usize = 200;
/// Most nodes one document may expand to, aliases included (OpenAI's full description has
/// about half a million): an alias bomb stops here, at a few hundred MB at most.
pub const MAX_NODES: usize = 5_000_000;

/// A syntax or structure error with its 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

/// Positions of nodes, by JSON pointer (`#/a/b`), 1-based line and column.
pub type Positions = HashMap<String, (usize, usize)>;

enum Frame {
    Seq {
        items: Vec<Value>,
        anchor: usize,
        pointer: String,
    },
    Map {
        map: Map<String, Value>,
        key: Option<String>,
        anchor: usize,
        pointer: String,
    },
}

/// Parses one YAML document.
pub fn parse(text: &str) -> Result<(Value, Positions), YamlError> {
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Frame> = Vec::new();
    // Anchor → (value, node count, nesting depth).
    let mut anchors: HashMap<usize, (Value, usize, usize)> = HashMap::new();
    let mut positions = Positions::new();
    let mut root: Option<Value> = None;
    let mut nodes: usize = 0;
    let mut documents = 0;
    let err = |line: usize, col: usize, message: String| YamlError { line, col, message };

    while let Some(event) = parser.next_event() {
        let (event, span) =
            event.map_err(|e| err(e.marker().line(), e.marker().col() + 1, e.info().to_owned()))?;
        let (line, col) = (span.start.line(), span.start.col() + 1);
        // The pointer of the node this event starts, when it starts one.
        let child_pointer = |stack: &[Frame]| -> Option<String> {
            match stack.last() {
                None => Some("#".to_owned()),
                Some(Frame::Seq { items, pointer, .. }) => {
                    Some(pointer_join(pointer, &items.len().to_string()))
                }
                Some(Frame::Map {
                    key: Some(k),
                    pointer,
                    ..
                }) => Some(pointer_join(pointer, k)),
                Some(Frame::Map { key: None, .. }) => None,
            }
        };
        let completed: Option<(Value, usize, usize, usize)> = match event {
            Event::StreamStart | Event::Nothing | Event::DocumentEnd => None,
            Event::StreamEnd => break,
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(err(
                        line,
                        col,
                        "more than one YAML document in the file".into(),
                    ));
                }
                None
            }
            Event::Alias(id) => {
                let Some((value, size, depth)) = anchors.get(&id) else {
                    return Err(err(line, col, "alias to an unknown anchor".into()));
                };
                // An alias inserts a whole tree: its depth counts where it lands.
                if stack.len() + depth > MAX_DEPTH {
                    return Err(err(
                        line,
                        col,
                        format!("nesting deeper than {MAX_DEPTH} levels (through an alias)"),
                    ));
                }
                nodes += size;
                if nodes > MAX_NODES {
                    return Err(err(
                        line,
                        col,
                        format!("aliases expand to more than {MAX_NODES} nodes"),
                    ));
                }
                Some((value.clone(), 0, *size, *depth))
            }
            Event::Scalar(text, style, anchor, tag) => {
                nodes += 1;
                let in_key_position = matches!(stack.last(), Some(Frame::Map { key: None, .. }));
                if in_key_position {
                    // Keys keep their source text: `200:` is the key "200".
                    let Some(Frame::Map {
                        map, key, pointer, ..
                    }) = stack.last_mut()
                    else {
                        unreachable!("bug: checked above")
                    };
                    if map.contains_key(text.as_ref()) {
                        return Err(err(line, col, format!("duplicate key `{text}`")));
                    }
                    positions.insert(pointer_join(pointer, &text), (line, col));
                    *key = Some(text.into_owned());
                    continue;
                }
                let plain = matches!(style, ScalarStyle::Plain);
                let tag = tag.map(|t| format!("{}{}", t.handle, t.suffix));
                let value =
                    resolve_scalar(&text, plain, tag.as_deref()).map_err(|m| err(line, col, m))?;
                Some((value, anchor, 1, 0))
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                nodes += 1;
                if stack.len() >= MAX_DEPTH {
                    return Err(err(
                        line,
                        col,
                        format!("nesting deeper than {MAX_DEPTH} levels"),
                    ));
                }
                let Some(pointer) = child_pointer(&stack) else {
                    return Err(err(
                        line,
                        col,
                        "a mapping key must be a plain string".into(),
                    ));
                };
                positions.entry(pointer.clone()).or_insert((line, col));
                stack.push(if matches!(event, Event::SequenceStart(..)) {
                    Frame::Seq {
                        items: Vec::new(),
                        anchor,
                        pointer,
                    }
                } else {
                    Frame::Map {
                        map: Map::new(),
                        key: None,
                        anchor,
                        pointer,
                    }
                });
                None
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (value, anchor) = match stack.pop() {
                    Some(Frame::Seq { items, anchor, .. }) => (Value::Array(items), anchor),
                    Some(Frame::Map { map, anchor, .. }) => (Value::Object(map), anchor),
                    None => return Err(err(line, col, "unbalanced collection end".into())),
                };
                let (size, depth) = if anchor == 0 {
                    (0, 0)
                } else {
                    (count_nodes(&value), depth_of(&value))
                };
                Some((value, anchor, size, depth))
            }
        };
        if nodes > MAX_NODES {
            return Err(err(
                line,
                col,
                format!("the document has more than {MAX_NODES} nodes"),
            ));
        }
        let Some((value, anchor, size, depth)) = completed else {
            continue;
        };
        if anchor != 0 {
            anchors.insert(anchor, (value.clone(), size, depth));
        }
        if let Some(pointer) = child_pointer(&stack) {
            positions.entry(pointer).or_insert((line, col));
        }
        match stack.last_mut() {
            None => root = Some(value),
            Some(Frame::Seq { items, .. }) => items.push(value),
            Some(Frame::Map { map, key, .. }) => match key.take() {
                Some(k) => {
                    map.insert(k, value);
                }
                None => {
                    return Err(err(
                        line,
                        col,
                        "a mapping key must be a plain string".into(),
                    ))
                }
            },
        }
    }
    Ok((root.unwrap_or(Value::Null), positions))
}

/// Nesting depth of a tree built within the bounds (so the recursion is bounded too).
fn depth_of(value: &Value) -> usize {
    match value {
        Value::Array(items) => 1 + items.iter().map(depth_of).max().unwrap_or(0),
        Value::Object(map) => 1 + map.values().map(depth_of).max().unwrap_or(0),
        _ => 0,
    }
}

fn count_nodes(value: &Value) -> usize {
    match value {
        Value::Array(items) => 1 + items.iter().map(count_nodes).sum::<usize>(),
        Value::Object(map) => 1 + map.values().map(count_nodes).sum::<usize>(),
        _ => 1,
    }
}

/// Resolves a scalar by the YAML 1.2 core schema (explicit core tags honoured).
fn resolve_scalar(text: &str, plain: bool, tag: Option<&str>) -> Result<Value, String> {
    match tag {
        Some("tag:yaml.org,2002:str") | Some("!!str") => return Ok(Value::String(text.to_owned())),
        Some("!") => return Ok(Value::String(text.to_owned())),
        None => {}
        Some(_) if !plain => return Ok(Value::String(text.to_owned())),
        Some(_) => {}
    }
    if !plain {
        return Ok(Value::String(text.to_owned()));
    }
    Ok(match text {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        _ => match number(text) {
            Some(n) => Value::Number(n),
            None => Value::String(text.to_owned()),
        },
    })
}

fn number(text: &str) -> Option<Number> {
    let bytes = text.as_bytes();
    let digits = bytes
        .strip_prefix(b"-")
        .or_else(|| bytes.strip_prefix(b"+"))
        .unwrap_or(bytes);
    if digits.is_empty() {
        return None;
    }
    if let Some(hex) = text.strip_prefix("0x") {
        return i64::from_str_radix(hex, 16).ok().map(Number::from);
    }
    if let Some(oct) = text.strip_prefix("0o") {
        return i64::from_str_radix(oct, 8).ok().map(Number::from);
    }
    if digits.iter().all(u8::is_ascii_digit) {
        if let Ok(i) = text.parse::<i64>() {
            return Some(Number::from(i));
        }
        if let Ok(u) = text.parse::<u64>() {
            return Some(Number::from(u));
        }
        // Beyond 64 bits: kept as the nearest float, as JSON readers do.
        return text.parse::<f64>().ok().and_then(Number::from_f64);
    }
    let is_float = digits
        .iter()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'))
        && digits.iter().any(u8::is_ascii_digit)
        && (digits[0].is_ascii_digit() || digits[0] == b'.');
    if is_float {
        return text.parse::<f64>().ok().and_then(Number::from_f64);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn core_schema_scalars() {
        let (v, _) =
            parse("a: 1\nb: -2.5\nc: true\nd: ~\ne: n\nf: y\ng: '1'\nh: 0x1F\ni: 1e3\nj: no\n")
                .unwrap();
        assert_eq!(
            v,
            json!({"a": 1, "b": -2.5, "c": true, "d": null, "e": "n", "f": "y", "g": "1", "h": 31, "i": 1000.0, "j": "no"})
        );
    }

    #[test]
    fn integers_beyond_i64_become_floats() {
        let (v, _) = parse("min: -9223372036854776000\nmax: 9223372036854776000\n").unwrap();
        assert_eq!(v["min"].as_f64(), Some(-9.223372036854776e18));
        assert_eq!(v["max"].as_f64(), Some(9.223372036854776e18));
    }

    #[test]
    fn positions_of_nodes() {
        let (_, pos) = parse("a:\n  b:\n    - x\n    - y: 1\n").unwrap();
        assert_eq!(pos["#/a"], (1, 1));
        assert_eq!(pos["#/a/b"], (2, 3));
        assert_eq!(pos["#/a/b/0"], (3, 7));
        assert_eq!(pos["#/a/b/1/y"], (4, 7));
    }

    #[test]
    fn keys_keep_their_text_and_escape_in_pointers() {
        let (v, pos) = parse("200: ok\n/threads/runs: 1\n").unwrap();
        assert_eq!(v, json!({"200": "ok", "/threads/runs": 1}));
        assert!(pos.contains_key("#/~1threads~1runs"));
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let e = parse("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!((e.line, e.col), (3, 1));
        assert!(e.message.contains("duplicate key `a`"), "{}", e.message);
    }

    #[test]
    fn syntax_errors_have_positions() {
        let e = parse("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(e.line >= 1, "{e:?}");
    }

    #[test]
    fn aliases_expand_and_bombs_stop() {
        let (v, _) = parse("a: &x [1, 2]\nb: *x\n").unwrap();
        assert_eq!(v["b"], json!([1, 2]));
        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            bomb.push_str(&format!("a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"));
        }
        let e = parse(&bomb).unwrap_err();
        assert!(e.message.contains("nodes"), "{}", e.message);
    }

    #[test]
    fn deep_nesting_is_an_error() {
        let text = "[".repeat(10_000);
        let e = parse(&text).unwrap_err();
        assert!(
            e.message.contains("nesting") || e.message.contains("recursion"),
            "{}",
            e.message
        );
    }

    #[test]
    fn block_scalar_with_only_whitespace() {
        let (v, _) = parse("a: |+\n  \n\nb: 1\n").unwrap();
        assert!(v["a"].is_string());
        assert_eq!(v["b"], json!(1));
    }
}
