//! The serde support generated types call: one-pass struct decoding (`Key`, `field`, `extra`),
//! open string enums, unions decoded by tag straight from the input (`TaggedUnion`) or tried
//! member by member (`decode_variant`), event sets (`split_event`), and `decode_json`, which
//! decodes a whole body and, only when it fails, decodes it again to name the failing field's
//! path (`tools[1].function.name`), through unions and held-back properties alike.

use std::fmt;

use serde::de::{self, DeserializeOwned};

/// How `decode_variant` marks the path inside a union's variant in its message.
const VARIANT_PATH_OPEN: &str = "at `";
const VARIANT_PATH_CLOSE: &str = "`: ";

/// An error at `path` inside a value a union decodes apart from the input, marked so that
/// `decode_json` joins the path onto the one it tracked.
fn variant_error<E: de::Error>(path: &str, error: impl fmt::Display) -> E {
    if path == "." {
        E::custom(error)
    } else {
        E::custom(format_args!(
            "{VARIANT_PATH_OPEN}{path}{VARIANT_PATH_CLOSE}{error}"
        ))
    }
}

/// `outer` then `inner`, two field paths as `serde_path_to_error` writes them (`.` for the
/// root, `a.b`, `a[1]`).
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

/// Decodes a whole JSON body, returning the failing field's path and serde's error.
pub fn decode_json<R: DeserializeOwned>(bytes: &[u8]) -> Result<R, (String, serde_json::Error)> {
    // The plain decode first (tracking paths costs about a third more); only a body that
    // fails is decoded again, for the path of the failing field.
    if let Ok(value) = serde_json::from_slice(bytes) {
        return Ok(value);
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let _tracking = TrackingPaths::start();
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let mut path = error.path().to_string();
        let error = error.into_inner();
        // A union decodes its variant from a buffered value: join the inner path on.
        let message = error.to_string();
        if let Some(rest) = message.strip_prefix(VARIANT_PATH_OPEN) {
            if let Some((inner, _)) = rest.split_once(VARIANT_PATH_CLOSE) {
                path = join_path(&path, inner);
            }
        }
        (path, error)
    })?;
    deserializer
        .end()
        .map_err(|error| (".".to_owned(), error))?;
    Ok(value)
}

/// For generated open string enums: deserialize any JSON string, mapping it with `from`.
pub fn deserialize_open_enum<'de, D: serde::Deserializer<'de>, T>(
    deserializer: D,
    from: fn(&str) -> T,
) -> Result<T, D::Error> {
    struct OpenEnumVisitor<T> {
        from: fn(&str) -> T,
    }

    impl<T> de::Visitor<'_> for OpenEnumVisitor<T> {
        type Value = T;

        fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
            formatter.write_str("a string")
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
            Ok((self.from)(value))
        }

        fn visit_borrowed_str<E: de::Error>(self, value: &str) -> Result<T, E> {
            Ok((self.from)(value))
        }

        fn visit_string<E: de::Error>(self, value: String) -> Result<T, E> {
            Ok((self.from)(&value))
        }
    }

    deserializer.deserialize_str(OpenEnumVisitor { from })
}

/// For generated unions: decode one variant from an already-buffered JSON value, the error
/// message naming the field path inside the variant (serde_path_to_error).
pub fn decode_variant<T: DeserializeOwned, E: de::Error>(value: serde_json::Value) -> Result<T, E> {
    // The message carries the path inside the variant in a form `decode_json` recognizes,
    // so that a decode error names the whole path (`tools[1].function.name`). The plain decode
    // runs first; a failure is decoded again for its path only while `decode_json` looks
    // for it (members tried in turn fail often, and cheaply).
    let error = match T::deserialize(&value) {
        Ok(decoded) => return Ok(decoded),
        Err(error) => error,
    };
    if !TRACKING_PATHS.with(std::cell::Cell::get) {
        return Err(E::custom(error));
    }
    serde_path_to_error::deserialize(value)
        .map_err(|error| variant_error(&error.path().to_string(), error.into_inner()))
}

/// For generated structs' `Deserialize`: an object's key, borrowed from the input when it can
/// be, so that matching it against the field names allocates nothing.
pub struct Key<'de>(std::borrow::Cow<'de, str>);

impl Key<'_> {
    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> de::Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a property name")
            }
            fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Borrowed(key)))
            }
            fn visit_str<E: de::Error>(self, key: &str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(key.to_owned())))
            }
            fn visit_string<E: de::Error>(self, key: String) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(key)))
            }
        }
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

/// For generated structs' `Deserialize`: decodes the value of the known property `name` into
/// its slot; a property given twice is an error, as with `#[derive(Deserialize)]`.
pub fn field<'de, A: de::MapAccess<'de>, T: serde::Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// For generated structs' `Deserialize`: keeps a property the description does not name in
/// the struct's map of them (a `serde_json::Map`, or a `BTreeMap` of the described type).
pub fn extra<'de, A, V, M>(map: &mut A, extra: &mut M, key: Key<'de>) -> Result<(), A::Error>
where
    A: de::MapAccess<'de>,
    V: serde::Deserialize<'de>,
    M: Extend<(String, V)>,
{
    extra.extend([(key.0.into_owned(), map.next_value()?)]);
    Ok(())
}

thread_local! {
    /// Whether this thread is decoding a body again to find the path of its failing field
    /// (`decode_json`): only then do the properties a union held back before its tag track
    /// their paths, which costs on every value.
    static TRACKING_PATHS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Sets [`TRACKING_PATHS`] until dropped.
struct TrackingPaths(bool);

impl TrackingPaths {
    fn start() -> Self {
        Self(TRACKING_PATHS.with(|tracking| tracking.replace(true)))
    }
}

impl Drop for TrackingPaths {
    fn drop(&mut self) {
        TRACKING_PATHS.with(|tracking| tracking.set(self.0));
    }
}

/// A generated union whose object members carry a tag property (`type`): it is decoded
/// straight from the input, without first buffering the whole value, when its tag names one
/// member. Properties that come before the tag are held until it is read, then replayed.
pub trait TaggedUnion: Sized {
    /// The tag's property name.
    const TAG: &'static str;
    /// What the union expects, for error messages.
    const EXPECTING: &'static str;
    /// Decodes an object whose tag is `tag`.
    fn from_tagged<'de, A: de::MapAccess<'de>>(
        tag: &str,
        object: TaggedObject<'de, A>,
    ) -> Result<Self, A::Error>;
    /// Decodes any other value (not an object, or an object without a string tag).
    fn from_value<E: de::Error>(value: serde_json::Value) -> Result<Self, E>;
}

/// For generated tagged unions' `Deserialize`.
pub fn deserialize_tagged<'de, D: serde::Deserializer<'de>, U: TaggedUnion>(
    deserializer: D,
) -> Result<U, D::Error> {
    deserializer.deserialize_any(TaggedVisitor(std::marker::PhantomData))
}

/// An object being decoded whose tag has been read: the properties before it, the tag, then
/// the rest of the input's map.
pub struct TaggedObject<'de, A: de::MapAccess<'de>> {
    before: std::vec::IntoIter<(String, serde_json::Value)>,
    /// The key just handed out from `before`, and its value.
    pending: Option<(String, serde_json::Value)>,
    rest: A,
    marker: std::marker::PhantomData<&'de ()>,
}

impl<'de, A: de::MapAccess<'de>> TaggedObject<'de, A> {
    /// Decodes the object as `T`, reading the rest of it from the input.
    pub fn decode<T: serde::Deserialize<'de>>(self) -> Result<T, A::Error> {
        T::deserialize(de::value::MapAccessDeserializer::new(self))
    }

    /// The whole object as a JSON value, for members that must be tried in turn.
    pub fn into_value(mut self) -> Result<serde_json::Value, A::Error> {
        let mut object: serde_json::Map<String, serde_json::Value> = self.before.collect();
        while let Some((key, value)) = self.rest.next_entry::<String, serde_json::Value>()? {
            object.insert(key, value);
        }
        Ok(serde_json::Value::Object(object))
    }
}

impl<'de, A: de::MapAccess<'de>> de::MapAccess<'de> for TaggedObject<'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        match self.before.next() {
            Some((key, value)) => {
                self.pending = Some((key.clone(), value));
                seed.deserialize(de::value::StringDeserializer::<A::Error>::new(key))
                    .map(Some)
            }
            None => self.rest.next_key_seed(seed),
        }
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, A::Error> {
        match self.pending.take() {
            // A held value is no longer part of the input: its failing field's path is carried
            // in the message, as `decode_variant` does, for `decode_json` to join on.
            Some((_, value)) if !TRACKING_PATHS.with(std::cell::Cell::get) => {
                seed.deserialize(value).map_err(de::Error::custom)
            }
            Some((key, value)) => {
                let mut track = serde_path_to_error::Track::new();
                seed.deserialize(serde_path_to_error::Deserializer::new(value, &mut track))
                    .map_err(|error| {
                        variant_error(&join_path(&key, &track.path().to_string()), error)
                    })
            }
            None => self.rest.next_value_seed(seed),
        }
    }
}

struct TaggedVisitor<U>(std::marker::PhantomData<U>);

impl<'de, U: TaggedUnion> de::Visitor<'de> for TaggedVisitor<U> {
    type Value = U;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(U::EXPECTING)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<U, A::Error> {
        let mut before = Vec::new();
        let mut tag = None;
        while let Some(key) = map.next_key::<Key<'de>>()? {
            let value: serde_json::Value = map.next_value()?;
            let is_tag = key.as_str() == U::TAG;
            if is_tag {
                tag = value.as_str().map(str::to_owned);
            }
            before.push((key.0.into_owned(), value));
            if is_tag {
                break;
            }
        }
        let object = TaggedObject {
            before: before.into_iter(),
            pending: None,
            rest: map,
            marker: std::marker::PhantomData,
        };
        match tag {
            Some(tag) => U::from_tagged(&tag, object),
            // No string tag: the whole object, decoded as a value.
            None => object.into_value().and_then(U::from_value),
        }
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<U, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<serde_json::Value>()? {
            items.push(item);
        }
        U::from_value(serde_json::Value::Array(items))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<U, E> {
        U::from_value(serde_json::Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<U, E> {
        U::from_value(serde_json::Value::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<U, E> {
        U::from_value(serde_json::Value::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<U, E> {
        U::from_value(serde_json::Value::from(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<U, E> {
        U::from_value(serde_json::Value::String(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<U, E> {
        U::from_value(serde_json::Value::String(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<U, E> {
        U::from_value(serde_json::Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<U, E> {
        U::from_value(serde_json::Value::Null)
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<U, D::Error> {
        serde::Deserialize::deserialize(deserializer).and_then(U::from_value)
    }
}

/// For generated event sets: an unknown event's data, as JSON when it is JSON, else as text.
pub fn event_data_value(data: &str) -> serde_json::Value {
    serde_json::from_str(data).unwrap_or_else(|_| serde_json::Value::String(data.to_owned()))
}

/// For generated event sets: splits `{<tag>: name, data: …}` into the name and the data.
pub fn split_event<E: de::Error>(
    value: serde_json::Value,
    tag: &str,
) -> Result<(String, serde_json::Value), E> {
    let serde_json::Value::Object(mut map) = value else {
        return Err(E::custom(
            "an event must be an object with its name and data",
        ));
    };
    let event = match map.remove(tag) {
        Some(serde_json::Value::String(name)) => name,
        _ => return Err(E::custom(format_args!("an event needs a string `{tag}`"))),
    };
    let data = map.remove("data").unwrap_or(serde_json::Value::Null);
    Ok((event, data))
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

    #[derive(Debug, PartialEq, Deserialize)]
    struct Variant {
        function: VariantFunction,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct VariantFunction {
        name: String,
    }

    #[test]
    fn variants_decode_with_the_path_in_the_message() {
        let variant: Result<Variant, serde_json::Error> =
            decode_variant(json!({"function": {"name": "f"}}));
        assert_eq!(
            variant.expect("a variant"),
            Variant {
                function: VariantFunction { name: "f".into() }
            }
        );

        // The path is looked for only while `decode_json` decodes a failed body again.
        let error = decode_variant::<Variant, serde_json::Error>(json!({"function": {"name": 1}}))
            .expect_err("a mismatch");
        assert!(error.to_string().starts_with("invalid type"), "{error}");
        let tracking = TrackingPaths::start();
        let error = decode_variant::<Variant, serde_json::Error>(json!({"function": {"name": 1}}))
            .expect_err("a mismatch");
        drop(tracking);
        assert!(
            error
                .to_string()
                .starts_with("at `function.name`: invalid type"),
            "{error}"
        );
        assert!(!TRACKING_PATHS.with(std::cell::Cell::get));

        let error =
            decode_variant::<Variant, serde_json::Error>(json!("f")).expect_err("not an object");
        assert!(
            error.to_string().starts_with("invalid type: string"),
            "{error}"
        );
    }
}
