//! The serde support generated types call: one-pass struct decoding (the `object` module),
//! open string enums, unions and event sets (the `union` module, then `kind`, `member`), and
//! `decode_json`, which decodes a whole body and names the failing field's path
//! (`tools[1].function.name`) from where in the text decoding stopped.
//!
//! Every generated type is decoded by one deserializer, serde_json's over a `&str`: a union
//! gathers its value's text and decodes its member from that text by the same deserializer
//! (or, a tagged object that starts with its tag, decodes the member in place), and no second,
//! path-tracking pass runs. Each type's decoder is therefore compiled once, where decoding
//! members from a buffered `serde_json::Value` and tracking paths with `serde_path_to_error`
//! compiled it up to seven times (`BENCHMARKS.md`, "The generated crate"). A union gathers its
//! value's text by writing back what any self-describing deserializer hands it, so it decodes
//! from a `serde_json::Value` or a reader too.

use std::fmt;

use serde::de::{self, DeserializeOwned};

mod object;
mod scan;
mod union;

pub use object::{extra, field, object, Key, Object};
pub use union::{tagged_union, union, TaggedUnion};

/// How an error inside a union's member (decoded from the member's own text) carries the path
/// inside it in its message, for the decoder of the whole to join onto its own.
const VARIANT_PATH_OPEN: &str = "at `";
const VARIANT_PATH_CLOSE: &str = "`: ";

/// A decode error whose message names `path` inside the value it was raised for, for the
/// decoder of the whole to join onto its own path (see [`split_variant_path`]).
fn marked_error(path: &str, message: &str) -> serde_json::Error {
    de::Error::custom(format_args!(
        "{VARIANT_PATH_OPEN}{path}{VARIANT_PATH_CLOSE}{message}"
    ))
}

/// The path a message names inside a union's member, and the message without it.
pub(crate) fn split_variant_path(message: &str) -> Option<(&str, &str)> {
    message
        .strip_prefix(VARIANT_PATH_OPEN)
        .and_then(|rest| rest.split_once(VARIANT_PATH_CLOSE))
}

/// `outer` then `inner`, two field paths (`.` for the root, `a.b`, `a[1]`).
fn join_path(outer: &str, inner: &str) -> String {
    if outer == "." {
        inner.to_owned()
    } else if inner == "." {
        outer.to_owned()
    } else if inner.starts_with('[') {
        format!("{outer}{inner}")
    } else {
        format!("{outer}.{inner}")
    }
}

/// Where in `text` decoding it failed with `error`, and why: the path of the value where
/// serde_json stopped, joined with the path a union's member named inside itself, and the
/// message without either (nor the line and column).
fn locate(text: &str, error: &serde_json::Error) -> (String, String) {
    let outer = scan::offset(text, error.line(), error.column())
        .map_or_else(|| ".".to_owned(), |at| scan::path_at(text, at));
    let mut message = error.to_string();
    if error.line() != 0 {
        let position = format!(" at line {} column {}", error.line(), error.column());
        if message.ends_with(&position) {
            message.truncate(message.len() - position.len());
        }
    }
    if let Some((inner, rest)) = split_variant_path(&message) {
        return (join_path(&outer, inner), rest.to_owned());
    }
    (outer, message)
}

/// Decodes a whole JSON body, returning the failing field's path and serde's error.
pub fn decode_json<R: DeserializeOwned>(bytes: &[u8]) -> Result<R, (String, serde_json::Error)> {
    match std::str::from_utf8(bytes) {
        Ok(text) => decode_json_str(text),
        // serde_json's own message for the bytes that are not UTF-8, with their position.
        Err(_) => Err((
            ".".to_owned(),
            serde_json::from_slice::<de::IgnoredAny>(bytes)
                .err()
                .unwrap_or_else(|| de::Error::custom("the body is not UTF-8")),
        )),
    }
}

/// [`decode_json`] of a text.
///
/// Every generated type is decoded from text by this one deserializer (serde_json's, over a
/// `&str`), unions' members included: each type's decoder is compiled once, not once per
/// deserializer it could meet. The failing field's path is read from the text at the place
/// where decoding stopped (the `scan` module), not tracked while decoding.
pub fn decode_json_str<R: DeserializeOwned>(text: &str) -> Result<R, (String, serde_json::Error)> {
    serde_json::from_str(text).map_err(|error| {
        let (path, _) = locate(text, &error);
        (path, error)
    })
}

/// The kinds of JSON value a union tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool,
    /// A number an `i64` or a `u64` holds.
    Integer,
    /// Any other number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

/// The kind of the JSON value `json`, from its first character (and a number's text).
pub fn kind(json: &str) -> Kind {
    match json.as_bytes().first() {
        Some(b'{') => Kind::Object,
        Some(b'[') => Kind::Array,
        Some(b'"') => Kind::String,
        Some(b't' | b'f') => Kind::Bool,
        Some(b'n') | None => Kind::Null,
        Some(_) if json.parse::<i64>().is_ok() || json.parse::<u64>().is_ok() => Kind::Integer,
        Some(_) => Kind::Number,
    }
}

/// For generated unions: decodes the JSON text `json` as the member `T`. An error names the
/// path inside the member (always, `.` for its root), for the decoder of the whole to join
/// onto the union's own.
pub fn member<T: DeserializeOwned>(json: &str) -> Result<T, serde_json::Error> {
    serde_json::from_str(json).map_err(|error| member_error(json, &error))
}

/// [`member`]'s error: kept out of line, off the path of values that decode.
#[cold]
fn member_error(json: &str, error: &serde_json::Error) -> serde_json::Error {
    let (path, message) = locate(json, error);
    marked_error(&path, &message)
}

/// For generated unions: `json` as the member `T`, or `None` when it is not one (members
/// tried in turn; the last one tried is decoded with [`member`], for its error).
pub fn try_member<T: DeserializeOwned>(json: &str) -> Option<T> {
    serde_json::from_str(json).ok()
}

/// For generated unions: a string value's text (borrowed from `json` when it has no escapes).
pub fn string(json: &str) -> Result<std::borrow::Cow<'_, str>, serde_json::Error> {
    if json.starts_with('"') {
        Ok(scan::unquote(json))
    } else {
        serde_json::from_str::<String>(json).map(std::borrow::Cow::Owned)
    }
}

/// For generated unions: a value no member takes, kept as it is.
pub fn unknown(json: &str) -> Result<serde_json::Value, serde_json::Error> {
    serde_json::from_str(json)
}

/// For generated event sets' `Deserialize`: splits `{<tag>: name, data: …}` into the event's
/// name and its data's JSON text (`null` when left out).
pub fn split_event(json: &str, tag: &str) -> Result<(String, String), serde_json::Error> {
    let mut parts: std::collections::BTreeMap<String, Box<serde_json::value::RawValue>> =
        serde_json::from_str(json).map_err(|_| {
            <serde_json::Error as de::Error>::custom(
                "an event must be an object with its name and data",
            )
        })?;
    let event = parts
        .remove(tag)
        .and_then(|name| serde_json::from_str::<String>(name.get()).ok())
        .ok_or_else(|| {
            <serde_json::Error as de::Error>::custom(format_args!(
                "an event needs a string `{tag}`"
            ))
        })?;
    let data = parts
        .remove("data")
        .map_or_else(|| "null".to_owned(), |data| data.get().to_owned());
    Ok((event, data))
}

/// For generated event sets: decodes an event's `data` text as `T`, an error naming the path
/// from the event (`data.…`).
pub fn event_data<T: DeserializeOwned>(data: &str) -> Result<T, serde_json::Error> {
    serde_json::from_str(data).map_err(|error| {
        let (path, message) = locate(data, &error);
        marked_error(&join_path("data", &path), &message)
    })
}

/// For generated open string enums: deserialize any JSON string, mapping it with `from`.
///
/// The string is read by one visitor shared by every enum (so serde_json's string reading is
/// compiled once, not once per enum), then mapped.
pub fn deserialize_open_enum<'de, D: serde::Deserializer<'de>, T>(
    deserializer: D,
    from: fn(&str) -> T,
) -> Result<T, D::Error> {
    let text = deserializer.deserialize_str(TextVisitor("a string"))?;
    Ok(from(&text))
}

/// Any JSON string, borrowed from the input when it can be; what it expects, for errors.
struct TextVisitor(&'static str);

impl<'de> de::Visitor<'de> for TextVisitor {
    type Value = std::borrow::Cow<'de, str>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.0)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(std::borrow::Cow::Owned(value.to_owned()))
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
        Ok(std::borrow::Cow::Borrowed(value))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
        Ok(std::borrow::Cow::Owned(value))
    }
}

/// For generated event sets: an unknown event's data, as JSON when it is JSON, else as text.
pub fn event_data_value(data: &str) -> serde_json::Value {
    serde_json::from_str(data).unwrap_or_else(|_| serde_json::Value::String(data.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, PartialEq)]
    enum Status {
        Queued,
        Other(String),
    }

    impl Status {
        fn from_wire(value: &str) -> Self {
            match value {
                "queued" => Self::Queued,
                other => Self::Other(other.to_owned()),
            }
        }
    }

    impl<'de> Deserialize<'de> for Status {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize_open_enum(deserializer, Self::from_wire)
        }
    }

    #[test]
    fn open_enums_accept_any_string() {
        // Borrowed, escaped (copied to scratch) and owned strings.
        let statuses: Vec<Status> =
            serde_json::from_str(r#"["queued", "incomplete", "que\u0075ed"]"#).expect("strings");
        assert_eq!(
            statuses,
            [
                Status::Queued,
                Status::Other("incomplete".into()),
                Status::Queued
            ]
        );
        let owned: Status = serde_json::from_value(json!("expired")).expect("a string");
        assert_eq!(owned, Status::Other("expired".into()));
        let from_reader: Status = serde_json::from_reader(&b"\"queued\""[..]).expect("a string");
        assert_eq!(from_reader, Status::Queued);

        let error = serde_json::from_str::<Status>("7").expect_err("not a string");
        assert!(error.to_string().contains("expected a string"), "{error}");
    }

    /// A union's member as generated: its tag a field that fills itself in.
    #[derive(Debug, PartialEq)]
    struct Variant {
        kind: String,
        function: VariantFunction,
        extra: serde_json::Map<String, serde_json::Value>,
    }

    fn variant_kind_default() -> String {
        "function".to_owned()
    }

    crate::object! {
        Variant, "a Variant object", extra;
        "type" => kind: (or variant_kind_default),
        "function" => function: required,
    }

    #[derive(Debug, PartialEq, Deserialize, serde::Serialize)]
    struct VariantFunction {
        name: String,
    }

    /// A union as generated: a variant by tag, any other value kept.
    #[derive(Debug, PartialEq)]
    enum Tool {
        Function(Variant),
        Unknown(serde_json::Value),
    }

    impl TaggedUnion for Tool {
        const TAG: &'static str = "type";

        fn from_json(json: &str, tag: Option<&str>) -> Result<Self, serde_json::Error> {
            match kind(json) {
                Kind::Object => match tag {
                    Some("function") => member(json).map(Self::Function),
                    _ => unknown(json).map(Self::Unknown),
                },
                _ => unknown(json).map(Self::Unknown),
            }
        }

        fn from_rest<'de, A: de::MapAccess<'de>>(
            value: &str,
            map: A,
        ) -> Result<Result<Self, A::Error>, A> {
            Ok(match value {
                "function" => Variant::decode_map(map, Some(Self::TAG)).map(Self::Function),
                _ => return Err(map),
            })
        }
    }

    impl<'de> Deserialize<'de> for Tool {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            tagged_union(deserializer)
        }
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Run {
        tools: Vec<Tool>,
    }

    #[test]
    fn unions_decode_by_tag_wherever_it_is() {
        let run: Run = decode_json_str(
            r#"{"tools": [{"function": {"name": "f"}, "type": "function"}, {"type": "x"}, 3]}"#,
        )
        .expect("a run");
        let f = |name: &str| {
            Tool::Function(Variant {
                kind: "function".into(),
                function: VariantFunction { name: name.into() },
                extra: Default::default(),
            })
        };
        assert_eq!(
            run.tools,
            [
                f("f"),
                Tool::Unknown(json!({"type": "x"})),
                Tool::Unknown(json!(3))
            ]
        );
        // The tag first: the member decoded in place, to the same value.
        let first: Tool =
            decode_json_str(r#"{"type": "function", "function": {"name": "f"}}"#).expect("a tool");
        assert_eq!(first, f("f"));
        // The tag first, a value no member holds as its one value, or not a string: written
        // back whole, and decoded from the text.
        for kept in [
            json!({"type": "x", "a": [1, {"b": null}]}),
            json!({"type": 7, "function": {"name": "f"}}),
            json!({"type": {"k": [1.5]}, "function": {"name": "f"}}),
            json!({}),
        ] {
            let tool: Tool = decode_json_str(&kept.to_string()).expect("a tool");
            assert_eq!(tool, Tool::Unknown(kept));
        }
        // A tag given twice is an error, whether it came first or not.
        for twice in [
            r#"{"type": "function", "function": {"name": "f"}, "type": "function"}"#,
            r#"{"function": {"name": "f"}, "type": "function", "type": "function"}"#,
        ] {
            let (_, error) = decode_json_str::<Tool>(twice).expect_err("a duplicate");
            assert!(
                error.to_string().contains("duplicate field `type`"),
                "{error}"
            );
        }
        // From a value and from a reader alike.
        let from_value: Tool =
            serde_json::from_value(json!({"type": "function", "function": {"name": "g"}}))
                .expect("a tool");
        assert_eq!(from_value, f("g"));
        let from_reader: Tool = serde_json::from_reader(&br#"{"type": "y"}"#[..]).expect("a tool");
        assert_eq!(from_reader, Tool::Unknown(json!({"type": "y"})));

        // A tag written with escapes is read as its value.
        let escaped: Tool =
            decode_json_str(r#"{"type": "functio\u006e", "function": {"name": "h"}}"#)
                .expect("a tool");
        assert_eq!(escaped, f("h"));

        // The value's text is written back whole: nesting, empty containers, escapes, numbers.
        let kept = json!({"type": "x", "a": [1, -2, 3.5, 1e300, 18446744073709551615u64, [], {}],
            "s": "q\"\n\u{1}é", "n": null, "b": true, "o": {"k\"": [false]}});
        let text = kept.to_string();
        for tool in [
            decode_json_str::<Tool>(&text).expect("a tool"),
            serde_json::from_value::<Tool>(kept.clone()).expect("a tool"),
        ] {
            assert_eq!(tool, Tool::Unknown(kept.clone()));
        }
    }

    #[test]
    fn errors_inside_a_union_member_name_the_whole_path() {
        let first = "{\"tools\": [{\"type\": \"function\", \"function\": {\"name\": \"f\"}},\n  ";
        for (second, starts, ends) in [
            // The member decoded from the union's text: its error names the path inside it.
            (
                "{\"function\": {\"name\": 1}, \"type\": \"function\"}]}",
                "at `function.name`: invalid type: integer `1`",
                "at line 2 column 47",
            ),
            // The member decoded in place (the tag first): serde_json stops where it failed.
            (
                "{\"type\": \"function\", \"function\": {\"name\": 1}}]}",
                "invalid type: integer `1`",
                "at line 2 column 45",
            ),
        ] {
            let (path, error) =
                decode_json_str::<Run>(&format!("{first}{second}")).expect_err("a mismatch");
            let message = error.to_string();
            assert_eq!(path, "tools[1].function.name", "{message}");
            assert!(message.starts_with(starts), "{message}");
            assert!(message.ends_with(ends), "{message}");
        }

        for missing in [
            r#"{"tools": [{"type": "function"}]}"#,
            r#"{"tools": [{"a": 1, "type": "function"}]}"#,
        ] {
            let (path, error) = decode_json_str::<Run>(missing).expect_err("a missing field");
            assert_eq!(path, "tools[0]", "{error}");
        }
        let (path, _) = decode_json::<Run>(b"{\"tools\": [\xff]}").expect_err("not UTF-8");
        assert_eq!(path, ".");
        let (path, _) = decode_json_str::<Run>(r#"{"tools": []} x"#).expect_err("trailing");
        assert_eq!(path, ".");
    }

    #[test]
    fn kinds_and_event_parts() {
        let kind_of = kind;
        assert_eq!(kind_of("12"), Kind::Integer);
        assert_eq!(kind_of("18446744073709551615"), Kind::Integer);
        assert_eq!(kind_of("-1.5e3"), Kind::Number);
        assert_eq!(kind_of("1e2"), Kind::Number);
        assert_eq!(kind_of("null"), Kind::Null);
        assert_eq!(kind_of("false"), Kind::Bool);
        assert_eq!(kind_of("\"s\""), Kind::String);
        assert_eq!(kind_of("[]"), Kind::Array);

        let event = r#"{"data": {"function": {"name": 2}}, "event": "e"}"#;
        let (name, data) = split_event(event, "event").expect("parts");
        assert_eq!(name, "e");
        let error = event_data::<Variant>(&data).expect_err("a mismatch");
        assert!(
            error
                .to_string()
                .starts_with("at `data.function.name`: invalid type"),
            "{error}"
        );
        assert_eq!(
            split_event(r#"{"event": "done"}"#, "event")
                .expect("parts")
                .1,
            "null"
        );
        assert!(split_event("[1]", "event").is_err());
    }
}
