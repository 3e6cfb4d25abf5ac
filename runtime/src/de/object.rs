//! Decoding a generated struct: the [`Object`] that `object!` implements (one pass
//! over the object's properties), the one visitor every struct is read with, and the helpers
//! its code calls for each property.

use std::fmt;
use std::marker::PhantomData;

use serde::de;

use super::TextVisitor;

/// A generated struct's decoder, as `object!` writes it: the object's properties read
/// from `map` in one pass.
pub trait Object: Sized {
    /// Decodes the properties left in `map`. `seen` names a property already read by the
    /// caller (a tagged union's tag, whose one value the field holds by default), so that the
    /// name given again is an error, as any property given twice is.
    fn decode_map<'de, A: de::MapAccess<'de>>(
        map: A,
        seen: Option<&'static str>,
    ) -> Result<Self, A::Error>;
}

/// For generated structs' `Deserialize`: reads an object as `T`; `expecting` names it in
/// errors ("an AssistantToolsCode object").
///
/// One visitor type for every struct, what it expects given at run time: a visitor written
/// out per struct is one more type, impl and `expecting` for the compiler to check in each.
pub fn object<'de, D: serde::Deserializer<'de>, T: Object>(
    deserializer: D,
    expecting: &'static str,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(expecting, PhantomData))
}

struct ObjectVisitor<T>(&'static str, PhantomData<fn() -> T>);

impl<'de, T: Object> de::Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::decode_map(map, None)
    }
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
        deserializer
            .deserialize_identifier(TextVisitor("a property name"))
            .map(Key)
    }
}

/// For generated structs' `Deserialize`: decodes the value of the known property `name` into
/// its slot; a property given twice (or already read by the caller, `seen`) is an error, as
/// with `#[derive(Deserialize)]`.
pub fn field<'de, A: de::MapAccess<'de>, T: serde::Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
    seen: Option<&'static str>,
) -> Result<(), A::Error> {
    if slot.is_some() || seen == Some(name) {
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
