//! Encoding a generated struct, as `object!` writes its `Serialize`: the named fields in their
//! order, an optional one only when it is set, then the properties the description does not
//! name, all as one map.
//!
//! The struct's code is one call per field and no `?`: each `?` is a branch, a conversion and
//! a trait obligation for the compiler to check in every struct, where these helpers are
//! checked once. The first error stops the encoding as `?` would: later fields are skipped and
//! [`end`] returns it.

use serde::ser::{Serialize, SerializeMap, Serializer};

/// A map being written, and the first error writing it raised.
pub struct Map<M: SerializeMap> {
    map: M,
    error: Option<M::Error>,
}

/// Starts the map a struct is written as.
#[inline]
pub fn begin<S: Serializer>(serializer: S) -> Result<Map<S::SerializeMap>, S::Error> {
    Ok(Map {
        map: serializer.serialize_map(None)?,
        error: None,
    })
}

/// Writes `name: value`, unless an earlier entry failed.
#[inline]
pub fn field<M: SerializeMap, T: Serialize + ?Sized>(map: &mut Map<M>, name: &str, value: &T) {
    if map.error.is_none() {
        if let Err(error) = map.map.serialize_entry(name, value) {
            map.error = Some(error);
        }
    }
}

/// Writes `name: value` when the field is set; an unset optional field is left out.
#[inline]
pub fn optional<M: SerializeMap, T: Serialize>(map: &mut Map<M>, name: &str, value: &Option<T>) {
    if let Some(value) = value {
        field(map, name, value);
    }
}

/// Writes the properties kept in the struct's map of extra properties, then ends the map; or
/// returns the first error any entry raised.
#[inline]
pub fn end<'a, M, V, I>(mut map: Map<M>, extra: I) -> Result<M::Ok, M::Error>
where
    M: SerializeMap,
    V: Serialize + 'a,
    I: IntoIterator<Item = (&'a String, &'a V)>,
{
    for (name, value) in extra {
        field(&mut map, name, value);
    }
    match map.error {
        Some(error) => Err(error),
        None => map.map.end(),
    }
}

#[cfg(test)]
mod tests {
    use serde::ser::{self, Serialize, Serializer};

    struct Run {
        id: String,
        note: Option<String>,
        tries: Option<i64>,
        extra: serde_json::Map<String, serde_json::Value>,
    }

    impl Serialize for Run {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut map = super::begin(serializer)?;
            super::field(&mut map, "id", &self.id);
            super::optional(&mut map, "note", &self.note);
            super::field(&mut map, "tries", &self.tries);
            super::end(map, &self.extra)
        }
    }

    fn run() -> Run {
        let mut extra = serde_json::Map::new();
        extra.insert("more".to_owned(), serde_json::json!([1]));
        Run {
            id: "r".to_owned(),
            note: None,
            tries: None,
            extra,
        }
    }

    #[test]
    fn fields_in_order_an_unset_optional_left_out_a_required_null_kept_extras_last() {
        assert_eq!(
            serde_json::to_string(&run()).expect("encodes"),
            r#"{"id":"r","tries":null,"more":[1]}"#
        );
        let set = Run {
            note: Some("n".to_owned()),
            tries: Some(2),
            ..run()
        };
        assert_eq!(
            serde_json::to_value(&set).expect("encodes"),
            serde_json::json!({"id": "r", "note": "n", "tries": 2, "more": [1]})
        );
    }

    /// A serializer whose map refuses one key: the first error is the one returned, and no
    /// entry after it is written.
    #[test]
    fn the_first_error_stops_the_map() {
        #[derive(Debug)]
        struct Refused(String);
        impl std::fmt::Display for Refused {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl std::error::Error for Refused {}
        impl ser::Error for Refused {
            fn custom<T: std::fmt::Display>(message: T) -> Self {
                Refused(message.to_string())
            }
        }

        struct Keys<'a>(&'a mut Vec<String>, &'static str);
        impl ser::SerializeMap for Keys<'_> {
            type Ok = ();
            type Error = Refused;
            fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Refused> {
                let key = serde_json::to_value(key).expect("a key");
                let key = key.as_str().expect("a string key").to_owned();
                if key.starts_with(self.1) {
                    return Err(Refused(format!("refused {key}")));
                }
                self.0.push(key);
                Ok(())
            }
            fn serialize_value<T: Serialize + ?Sized>(&mut self, _: &T) -> Result<(), Refused> {
                Ok(())
            }
            fn end(self) -> Result<(), Refused> {
                self.0.push("end".to_owned());
                Ok(())
            }
        }

        for (refused, written, error) in [
            ("id", vec![], Some("refused id")),
            ("tries", vec!["id"], Some("refused tries")),
            ("more", vec!["id", "tries"], Some("refused more")),
            ("none", vec!["id", "tries", "more", "end"], None),
        ] {
            let mut keys = Vec::new();
            let mut map = super::Map {
                map: Keys(&mut keys, refused),
                error: None,
            };
            let value = run();
            super::field(&mut map, "id", &value.id);
            super::optional(&mut map, "note", &value.note);
            super::field(&mut map, "tries", &value.tries);
            let result = super::end(map, &value.extra);
            assert_eq!(result.err().map(|e| e.0), error.map(str::to_owned));
            assert_eq!(keys, written, "refusing {refused}");
        }
    }
}
