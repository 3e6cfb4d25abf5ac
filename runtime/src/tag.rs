//! One-value enums (`type: code_interpreter`, `object: thread.run`): one generic type.
//!
//! A description says most tags as a string enum with a single value. Each could be an open
//! enum of its own (the value, and `Other` for one the description does not know), but a
//! client of a whole API has hundreds of them (789 in OpenAI's), and the compiler checks each
//! enum's derives and impls again: measured, a quarter of the front end's time on that client.
//! [`Tag`] is written once, generic over a marker that names the value, so it is checked once;
//! a generated client declares one marker per distinct value ([`tags!`](crate::tags)) and
//! names each tag as an alias (`pub type AssistantToolsCodeType = Tag<tag::CodeInterpreter>`).

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A marker naming the one value of a [`Tag`]. Generated clients declare these with
/// [`tags!`](crate::tags).
pub trait TagValue {
    /// The value, as it is sent on the wire.
    const VALUE: &'static str;
}

/// A one-value enum: the value `M` names, or, kept as received and sent back unchanged, a value
/// this client does not know yet.
///
/// It is filled in by [`Default`] (or [`Tag::new`]): users never write it. It compares, hashes,
/// orders and prints as its string, and compares equal to that string.
pub struct Tag<M> {
    /// `None` for the known value.
    other: Option<Box<str>>,
    marker: PhantomData<fn() -> M>,
}

impl<M: TagValue> Tag<M> {
    /// The known value.
    pub const fn new() -> Self {
        Tag {
            other: None,
            marker: PhantomData,
        }
    }

    /// The value as it is sent on the wire.
    pub fn as_str(&self) -> &str {
        self.other.as_deref().unwrap_or(M::VALUE)
    }

    /// Whether this is the value the description names (not one received that it does not).
    pub fn is_known(&self) -> bool {
        self.other.is_none()
    }

    /// The value received, when it is not the one the description names.
    pub fn other(&self) -> Option<&str> {
        self.other.as_deref()
    }
}

impl<M: TagValue> Default for Tag<M> {
    fn default() -> Self {
        Self::new()
    }
}

impl<M> Clone for Tag<M> {
    fn clone(&self) -> Self {
        Tag {
            other: self.other.clone(),
            marker: PhantomData,
        }
    }
}

impl<M: TagValue> From<&str> for Tag<M> {
    fn from(value: &str) -> Self {
        Tag {
            other: (value != M::VALUE).then(|| value.into()),
            marker: PhantomData,
        }
    }
}

impl<M: TagValue> From<String> for Tag<M> {
    fn from(value: String) -> Self {
        Tag {
            other: (value != M::VALUE).then(|| value.into_boxed_str()),
            marker: PhantomData,
        }
    }
}

impl<M: TagValue> fmt::Debug for Tag<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.other {
            None => fmt::Debug::fmt(M::VALUE, f),
            Some(other) => f.debug_tuple("Other").field(other).finish(),
        }
    }
}

impl<M: TagValue> fmt::Display for Tag<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<M: TagValue> PartialEq for Tag<M> {
    fn eq(&self, other: &Self) -> bool {
        self.other == other.other
    }
}

impl<M: TagValue> Eq for Tag<M> {}

impl<M: TagValue> PartialEq<str> for Tag<M> {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl<M: TagValue> PartialEq<&str> for Tag<M> {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl<M: TagValue> Hash for Tag<M> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl<M: TagValue> PartialOrd for Tag<M> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<M: TagValue> Ord for Tag<M> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl<M: TagValue> Serialize for Tag<M> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de, M: TagValue> Deserialize<'de> for Tag<M> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::de::deserialize_open_enum(deserializer, |value| Self::from(value))
    }
}

impl<M> crate::validate::Validate for Tag<M> {}

/// Declares the markers of a client's [`Tag`]s, one per distinct value:
/// `tags! { CodeInterpreter = "code_interpreter", ThreadRun = "thread.run", }`.
#[macro_export]
macro_rules! tags {
    ($($marker:ident = $wire:literal,)*) => {
        $(
            #[doc = concat!("`", $wire, "`")]
            pub enum $marker {}

            impl $crate::TagValue for $marker {
                const VALUE: &'static str = $wire;
            }
        )*
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    enum Run {}
    impl TagValue for Run {
        const VALUE: &'static str = "thread.run";
    }
    type RunObject = Tag<Run>;

    #[test]
    fn the_known_value_is_the_default_and_any_other_is_kept() {
        let known = RunObject::default();
        assert!(known.is_known());
        assert_eq!(known.as_str(), "thread.run");
        assert_eq!(known.other(), None);
        assert_eq!(known, "thread.run");
        assert_eq!(RunObject::from("thread.run"), known);
        assert_eq!(RunObject::from("thread.run".to_owned()), known);

        let other = RunObject::from("thread.run.v2");
        assert!(!other.is_known());
        assert_eq!(other.other(), Some("thread.run.v2"));
        assert_eq!(other, "thread.run.v2");
        assert_ne!(other, known);
        assert_eq!(format!("{other} {known}"), "thread.run.v2 thread.run");
        assert_eq!(
            format!("{known:?} {other:?}"),
            r#""thread.run" Other("thread.run.v2")"#
        );
        assert!(known < other);
    }

    #[test]
    fn decodes_and_encodes_as_its_string() {
        // Borrowed, escaped and owned strings; any value, known or not.
        let tags: Vec<RunObject> =
            serde_json::from_str(r#"["thread.run", "thread.r\u0075n", "thread.run.v2"]"#)
                .expect("strings");
        assert!(tags[0].is_known() && tags[1].is_known());
        assert_eq!(tags[2].other(), Some("thread.run.v2"));
        assert_eq!(
            serde_json::to_value(&tags).expect("encodes"),
            json!(["thread.run", "thread.run", "thread.run.v2"])
        );
        let owned: RunObject = serde_json::from_value(json!("thread.run")).expect("a string");
        assert!(owned.is_known());
        let error = serde_json::from_str::<RunObject>("1").expect_err("not a string");
        assert!(error.to_string().contains("a string"), "{error}");
    }
}
