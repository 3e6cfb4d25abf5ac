//! Decoding generated unions and event sets: each gathers its value's JSON text and decodes
//! its member from that text (`from_json`), so that every member is decoded by one
//! deserializer, serde_json's over a `&str`, and compiled once. A tagged union whose object
//! starts with its tag decodes the member from the input in place instead.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::ops::Range;

use serde::de;

use super::{scan, Key};

/// For generated untagged unions' and event sets' `Deserialize`: reads the value's JSON text
/// from the input and decodes it with `from` (the type's `from_json`, which is not generic
/// over the deserializer and so compiled once; its members are decoded from the text by
/// serde_json).
///
/// The text is gathered inside the deserializer's own call for the value, so that an error
/// `from` returns is placed by serde_json just after the value, where `decode_json` reads
/// the path of the value that failed.
pub fn union<'de, D: serde::Deserializer<'de>, U>(
    deserializer: D,
    from: fn(&str) -> Result<U, serde_json::Error>,
) -> Result<U, D::Error> {
    // The visitor sees `from` only through `dyn`: serde_json's code for reading any value is
    // compiled once per deserializer, not once per union.
    decode_text(from, |visitor| deserializer.deserialize_any(visitor))
}

/// Visits a value with [`UnionVisitor`] (by `visit`) and decodes the text it gathers with
/// `from`.
fn decode_text<U, E: de::Error>(
    from: impl Fn(&str) -> Result<U, serde_json::Error>,
    visit: impl FnOnce(UnionVisitor<'_>) -> Result<(), E>,
) -> Result<U, E> {
    let mut decoded = None;
    visit(UnionVisitor {
        decode: &mut |json: &str| {
            decoded = Some(from(json)?);
            Ok(())
        },
    })?;
    decoded.ok_or_else(|| de::Error::custom("a union value was not decoded"))
}

/// A generated union whose object members carry a tag property (`type`), each with its own
/// value(s).
pub trait TaggedUnion: Sized {
    /// The tag property's name.
    const TAG: &'static str;

    /// Decodes a value from its JSON text, handed the tag's value when the value is an object
    /// whose tag is a string.
    fn from_json(json: &str, tag: Option<&str>) -> Result<Self, serde_json::Error>;

    /// Decodes the rest of an object whose first property was the tag, with the string
    /// `value`, as the member that value selects, when that member holds the tag as its one
    /// value (so that the tag read ahead is what it would have decoded itself); hands `map`
    /// back otherwise, untouched.
    fn from_rest<'de, A: de::MapAccess<'de>>(
        value: &str,
        map: A,
    ) -> Result<Result<Self, A::Error>, A>;
}

/// For generated tagged unions' `Deserialize`.
///
/// An object whose first property is the tag, as APIs write them, is decoded in place: the
/// member the tag selects reads the rest of the object from the input, and no text is
/// written (with serde_json over a `&str`, the member's decoder is the one it is compiled for
/// anyway). Any other value is gathered as text and decoded with `from_json`, which is handed
/// the tag's value, noted while the text was written, so that nothing reads the text again
/// to find it.
pub fn tagged_union<'de, D: serde::Deserializer<'de>, U: TaggedUnion>(
    deserializer: D,
) -> Result<U, D::Error> {
    deserializer.deserialize_any(TaggedVisitor(PhantomData))
}

struct TaggedVisitor<U>(PhantomData<fn() -> U>);

impl<'de, U: TaggedUnion> de::Visitor<'de> for TaggedVisitor<U> {
    type Value = U;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<U, A::Error> {
        let mut text = String::new();
        let mut tag_at = None;
        match map.next_key::<Key<'de>>()? {
            Some(key) if key.as_str() == U::TAG => {
                let value = map.next_value_seed(TagValue)?;
                if let Ok(value) = &value {
                    match U::from_rest(value, map) {
                        Ok(decoded) => return decoded,
                        Err(rest) => map = rest,
                    }
                }
                tag_at = begin_with_tag(&mut text, U::TAG, value);
            }
            Some(key) => begin_with(&mut text, key, &mut map)?,
            None => text.push('{'),
        }
        write_members(&mut text, map, Some(U::TAG), &mut tag_at)?;
        let tag = tag_at.map(|at| scan::unquote(&text[at]));
        U::from_json(&text, tag.as_deref()).map_err(de::Error::custom)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<U, A::Error> {
        by_text(|visitor| visitor.visit_seq(seq))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<U, E> {
        by_text(|visitor| visitor.visit_str(v))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<U, E> {
        by_text(|visitor| visitor.visit_bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<U, E> {
        by_text(|visitor| visitor.visit_i64(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<U, E> {
        by_text(|visitor| visitor.visit_u64(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<U, E> {
        by_text(|visitor| visitor.visit_f64(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<U, E> {
        by_text(|visitor| visitor.visit_unit())
    }

    fn visit_none<E: de::Error>(self) -> Result<U, E> {
        by_text(|visitor| visitor.visit_none())
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<U, D::Error> {
        deserializer.deserialize_any(self)
    }
}

/// A tagged union's value that is not an object, decoded with `from_json` by way of the
/// visitor of untagged ones (which is not generic over the union).
fn by_text<U: TaggedUnion, E: de::Error>(
    visit: impl FnOnce(UnionVisitor<'_>) -> Result<(), E>,
) -> Result<U, E> {
    decode_text(|json| U::from_json(json, None), visit)
}

/// A tag's value: a string, or the JSON text of anything else.
type TagText<'de> = Result<Cow<'de, str>, String>;

/// Reads a tag's value as [`TagText`].
struct TagValue;

impl TagValue {
    /// A value that is not a string, written as `WriteJson` writes it.
    fn written<'de, E>(
        write: impl FnOnce(WriteJson<'_>) -> Result<(), E>,
    ) -> Result<TagText<'de>, E> {
        let mut text = String::new();
        write(WriteJson(&mut text))?;
        Ok(Err(text))
    }
}

impl<'de> de::DeserializeSeed<'de> for TagValue {
    type Value = TagText<'de>;

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> de::Visitor<'de> for TagValue {
    type Value = TagText<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Ok(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Ok(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Ok(Cow::Owned(v)))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        Self::written(|text| de::Visitor::visit_map(text, map))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Self::written(|text| de::Visitor::visit_seq(text, seq))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Self::written(|text| text.visit_bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Self::written(|text| text.visit_i64(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Self::written(|text| text.visit_u64(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Self::written(|text| text.visit_f64(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Self::written(|text| text.visit_unit())
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Self::written(|text| text.visit_none())
    }

    fn visit_some<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

/// Starts an object's text with its tag property `tag` and the value read ahead; returns
/// where a string value was written.
fn begin_with_tag(text: &mut String, tag: &str, value: TagText<'_>) -> Option<Range<usize>> {
    text.reserve(256);
    text.push('{');
    write_string(text, tag);
    text.push(':');
    let start = text.len();
    match value {
        Ok(value) => {
            write_string(text, &value);
            Some(start..text.len())
        }
        Err(json) => {
            text.push_str(&json);
            None
        }
    }
}

/// Starts an object's text with its first property, `key` (whose value is next in `map`).
fn begin_with<'de, A: de::MapAccess<'de>>(
    text: &mut String,
    key: Key<'de>,
    map: &mut A,
) -> Result<(), A::Error> {
    text.reserve(256);
    text.push('{');
    write_string(text, key.as_str());
    text.push(':');
    map.next_value_seed(WriteJson(&mut *text))
}

/// Appends the rest of the object `map` to `text` (which holds its `{` and any properties
/// before), then its `}`; notes in `tag_at`, if it is not set yet, where the value of the
/// property `tag` was written, when that value is a string.
fn write_members<'de, A: de::MapAccess<'de>>(
    text: &mut String,
    mut map: A,
    tag: Option<&str>,
    tag_at: &mut Option<Range<usize>>,
) -> Result<(), A::Error> {
    while let Some(key) = map.next_key::<Key<'de>>()? {
        if !text.ends_with('{') {
            text.push(',');
        }
        write_string(text, key.as_str());
        text.push(':');
        let start = text.len();
        map.next_value_seed(WriteJson(&mut *text))?;
        if tag_at.is_none() && tag == Some(key.as_str()) && text[start..].starts_with('"') {
            *tag_at = Some(start..text.len());
        }
    }
    text.push('}');
    Ok(())
}

/// What the visitor of untagged unions hands the text it gathered to.
type DecodeText<'a> = dyn FnMut(&str) -> Result<(), serde_json::Error> + 'a;

struct UnionVisitor<'a> {
    decode: &'a mut DecodeText<'a>,
}

impl UnionVisitor<'_> {
    /// Writes a value that is not an object with `write` (as `WriteJson` does), then decodes it.
    fn write_then_decode<E: de::Error>(
        self,
        write: impl FnOnce(&mut String) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut text = String::with_capacity(64);
        write(&mut text)?;
        (self.decode)(&text).map_err(E::custom)
    }
}

/// Writes the JSON text of the value it is handed onto a buffer: how a union gathers its
/// value's text from any self-describing deserializer, with no allocation per property (as
/// capturing each as a `serde_json::value::RawValue` would make).
struct WriteJson<'a>(&'a mut String);

impl<'de> de::DeserializeSeed<'de> for WriteJson<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> de::Visitor<'de> for WriteJson<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        self.0.push('{');
        write_members(self.0, map, None, &mut None)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let text = self.0;
        text.push('[');
        let open = text.len();
        loop {
            let start = text.len();
            if start > open {
                text.push(',');
            }
            if seq.next_element_seed(WriteJson(&mut *text))?.is_none() {
                text.truncate(start);
                break;
            }
        }
        text.push(']');
        Ok(())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        write_string(self.0, v);
        Ok(())
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.0.push_str(if v { "true" } else { "false" });
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.0.push_str(itoa::Buffer::new().format(v));
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.0.push_str(itoa::Buffer::new().format(v));
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        // serde_json writes the shortest text that reads back as the same number, and `null`
        // for what JSON cannot hold.
        let number = serde_json::to_string(&v).map_err(E::custom)?;
        self.0.push_str(&number);
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.0.push_str("null");
        Ok(())
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.0.push_str("null");
        Ok(())
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

/// Appends `value` as a JSON string.
fn write_string(text: &mut String, value: &str) {
    if value.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
        // Escaping needed: serde_json writes it (a `String` always serializes).
        text.push_str(&serde_json::to_string(value).unwrap_or_default());
    } else {
        text.push('"');
        text.push_str(value);
        text.push('"');
    }
}

impl<'de> de::Visitor<'de> for UnionVisitor<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let mut text = String::with_capacity(256);
        text.push('{');
        write_members(&mut text, map, None, &mut None)?;
        (self.decode)(&text).map_err(de::Error::custom)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        self.write_then_decode(|text| de::Visitor::visit_seq(WriteJson(text), seq))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.write_then_decode(|text| WriteJson(text).visit_str(v))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.write_then_decode(|text| WriteJson(text).visit_bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.write_then_decode(|text| WriteJson(text).visit_i64(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.write_then_decode(|text| WriteJson(text).visit_u64(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.write_then_decode(|text| WriteJson(text).visit_f64(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.write_then_decode(|text| WriteJson(text).visit_unit())
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.write_then_decode(|text| WriteJson(text).visit_none())
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}
