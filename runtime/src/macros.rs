//! The stream types a generated client declares in its own crate.

/// Declares, in a generated client's crate, its `ServerSentEvent` trait and its `EventStream`
/// type for the API whose error body is the given type.
///
/// They are the crate's own, not aliases of this crate's: an event type a user writes
/// implements the client's `ServerSentEvent`, whose `from_sse` returns the client's `Error`
/// (`openapi_client_runtime::Error<Body>`), and the client's `EventStream::from_byte_stream`
/// needs no decoder argument. Underneath, the stream is [`stream::EventStream`](crate::stream::EventStream)
/// driven by an [`EventDecoder`](crate::stream::EventDecoder) built from the trait.
///
/// ```
/// openapi_client_runtime::event_stream!(serde_json::Value);
///
/// struct Line(String);
///
/// impl ServerSentEvent for Line {
///     const HAS_TERMINAL_EVENT: bool = false;
///     const END_DATA: Option<&'static str> = Some("[DONE]");
///     fn from_sse(_event: &str, data: &str) -> Result<Self, openapi_client_runtime::Error> {
///         Ok(Line(data.to_owned()))
///     }
///     fn is_terminal(&self) -> bool {
///         false
///     }
/// }
///
/// let chunks = futures_util::stream::iter([Ok::<_, std::io::Error>(&b"data: hi\n\n"[..])]);
/// let stream = EventStream::<Line>::from_byte_stream(chunks);
/// # drop(stream);
/// ```
#[macro_export]
macro_rules! event_stream {
    ($body:ty) => {
        /// An event type a stream decodes into; implemented by each event set of the
        /// description, and open to event types of your own.
        pub trait ServerSentEvent: Sized {
            /// Whether the event set has a terminal event, so that a stream ending without it
            /// was cut.
            const HAS_TERMINAL_EVENT: bool;

            /// The data of the event that ends a stream whose event set declares no terminal
            /// event (`[DONE]` for some APIs); `None` when there is none.
            const END_DATA: ::core::option::Option<&'static str> = ::core::option::Option::None;

            /// Decodes one event from its name (the `event:` field, `message` when absent) and
            /// data.
            ///
            /// # Errors
            ///
            /// Data that does not match the event's type.
            fn from_sse(
                event: &str,
                data: &str,
            ) -> ::core::result::Result<Self, $crate::Error<$body>>;

            /// Whether this event ends the stream.
            fn is_terminal(&self) -> bool;
        }

        /// The runtime's decoder for the events of `E`.
        fn event_decoder<E: ServerSentEvent>() -> $crate::stream::EventDecoder<E, $body> {
            $crate::stream::EventDecoder {
                has_terminal_event: E::HAS_TERMINAL_EVENT,
                end_data: E::END_DATA,
                decode: E::from_sse,
                is_terminal: E::is_terminal,
            }
        }

        /// The events of a streamed answer, in order. Dropping it closes the connection.
        ///
        /// Items are `Ok(event)` for each event, including an `error` event the server sends,
        /// and `Err(..)` when an event does not decode or the connection fails; after a
        /// connection failure the stream ends. Once it has ended it stays ended.
        pub struct EventStream<E>($crate::stream::EventStream<E, $body>);

        impl<E: ServerSentEvent + ::core::marker::Send + 'static> EventStream<E> {
            /// Decodes events from any stream of byte chunks (a body read some other way, a
            /// file, a test), split anywhere.
            pub fn from_byte_stream<S, C, X>(chunks: S) -> Self
            where
                S: $crate::__macro_support::Stream<Item = ::core::result::Result<C, X>>
                    + ::core::marker::Send
                    + ::core::marker::Unpin
                    + 'static,
                C: $crate::bytes::Buf + ::core::marker::Send + 'static,
                X: ::std::error::Error + ::core::marker::Send + ::core::marker::Sync + 'static,
            {
                Self($crate::stream::EventStream::from_byte_stream(
                    chunks,
                    event_decoder::<E>(),
                ))
            }
        }

        impl<E> EventStream<E> {
            /// The request id of the response, for support requests.
            pub fn request_id(&self) -> ::core::option::Option<&str> {
                self.0.request_id()
            }

            /// The headers of the response.
            pub fn headers(&self) -> &$crate::reqwest::header::HeaderMap {
                self.0.headers()
            }

            /// The runtime's stream underneath.
            pub fn into_inner(self) -> $crate::stream::EventStream<E, $body> {
                self.0
            }
        }

        impl<E> ::core::convert::From<$crate::stream::EventStream<E, $body>> for EventStream<E> {
            fn from(inner: $crate::stream::EventStream<E, $body>) -> Self {
                Self(inner)
            }
        }

        impl<E> ::core::fmt::Debug for EventStream<E> {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Debug::fmt(&self.0, f)
            }
        }

        impl<E> $crate::__macro_support::Stream for EventStream<E> {
            type Item = ::core::result::Result<E, $crate::Error<$body>>;

            fn poll_next(
                mut self: ::core::pin::Pin<&mut Self>,
                cx: &mut ::core::task::Context<'_>,
            ) -> ::core::task::Poll<::core::option::Option<Self::Item>> {
                $crate::__macro_support::Stream::poll_next(::core::pin::Pin::new(&mut self.0), cx)
            }
        }

        impl<E> $crate::__macro_support::FusedStream for EventStream<E> {
            fn is_terminated(&self) -> bool {
                $crate::__macro_support::FusedStream::is_terminated(&self.0)
            }
        }
    };
}

/// Implements, for a generated string enum with a catch-all variant holding any other value,
/// `From<String>`, `Display`, `Serialize` / `Deserialize` as its string (an unknown value is
/// kept, never an error) and `Validate` (nothing to check), from the enum's own `as_str` and
/// `From<&str>`. Given the values after a `;`, one `Variant = "wire",` a line, it writes
/// `as_str` and `From<&str>` too: a value added or removed changes one line.
///
/// ```
/// #[derive(Debug, Clone, PartialEq)]
/// pub enum Status {
///     Queued,
///     InProgress,
///     Other(String),
/// }
///
/// openapi_client_runtime::open_enum! {
///     Status, Other;
///     Queued = "queued",
///     InProgress = "in_progress",
/// }
///
/// assert_eq!(Status::InProgress.as_str(), "in_progress");
/// assert_eq!(Status::from("queued"), Status::Queued);
/// assert_eq!(serde_json::from_str::<Status>("\"paused\"").unwrap(), Status::Other("paused".into()));
/// ```
///
/// Without the values, the enum writes `as_str` and `From<&str>` itself:
///
/// ```
/// #[derive(Debug, Clone, PartialEq)]
/// pub enum Role {
///     User,
///     Other(String),
/// }
///
/// impl Role {
///     pub fn as_str(&self) -> &str {
///         match self {
///             Self::User => "user",
///             Self::Other(value) => value,
///         }
///     }
/// }
///
/// impl From<&str> for Role {
///     fn from(value: &str) -> Self {
///         match value {
///             "user" => Self::User,
///             other => Self::Other(other.to_owned()),
///         }
///     }
/// }
///
/// openapi_client_runtime::open_enum!(Role, Other);
///
/// assert_eq!(Role::from(String::from("user")), Role::User);
/// assert_eq!(Role::from("tool").to_string(), "tool");
/// assert_eq!(serde_json::to_string(&Role::User).unwrap(), "\"user\"");
/// assert_eq!(serde_json::from_str::<Role>("\"x\"").unwrap(), Role::Other("x".into()));
/// ```
#[macro_export]
macro_rules! open_enum {
    // Each function is `#[inline]`: compiled in the crate that calls it, when it does, rather
    // than in the client's crate for every enum.
    ($name:ident, $other:ident; $($variant:ident = $wire:literal,)*) => {
        impl $name {
            /// The value as it is sent on the wire.
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::$other(value) => value,
                }
            }
        }

        impl ::core::convert::From<&str> for $name {
            #[inline]
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    other => Self::$other(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }

        $crate::open_enum!($name, $other);
    };
    ($name:ident, $other:ident) => {
        impl ::core::convert::From<::std::string::String> for $name {
            #[inline]
            fn from(value: ::std::string::String) -> Self {
                match Self::from(value.as_str()) {
                    Self::$other(_) => Self::$other(value),
                    known => known,
                }
            }
        }

        impl ::core::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::__macro_support::serde::Serialize for $name {
            fn serialize<__S: $crate::__macro_support::serde::Serializer>(
                &self,
                serializer: __S,
            ) -> ::core::result::Result<__S::Ok, __S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__macro_support::serde::Deserialize<'de> for $name {
            fn deserialize<__D: $crate::__macro_support::serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> ::core::result::Result<Self, __D::Error> {
                $crate::de::deserialize_open_enum(deserializer, |value: &str| Self::from(value))
            }
        }

        impl $crate::validate::Validate for $name {}
    };
}

/// A generated struct's `Serialize`, `Deserialize` and [`de::Object`](crate::de::Object)
/// (through which a tagged union decodes the rest of an object it read the tag of), from one
/// line per field: its name on the wire, the field, and its kind.
///
/// Decoding is one pass over the object's entries, each known name decoded into its field and
/// every other entry into the map of extra properties. A name given twice is an error, as with
/// the derive; a field left out takes what its kind says:
///
/// - `default`: `None`, or the type's default (a one-value enum);
/// - `optional`: `None`; and an unset field is left out when the struct is written;
/// - `present`: the field is `Option<()>`, `Some(())` when the name was there (left out when
///   written unset, as `optional`);
/// - `required`: an error naming the field;
/// - `(or f)`: the description's default, `f()`.
///
/// Encoding writes the fields in their order, then the extra properties, as one map (see
/// [`ser`](crate::ser)).
///
/// (`#[derive(Deserialize)]` with a `#[serde(flatten)]` map would first buffer the whole
/// object, which makes every response decode about half as fast again; the derived
/// `Serialize` is a `?` and an `if` per field, each more code for the compiler to check in
/// every struct.) One line per field, so that a field added or removed changes only its own
/// line.
///
/// ```
/// #[derive(Debug, PartialEq)]
/// pub struct Run {
///     pub id: String,
///     pub r#type: Option<String>,
///     pub note: Option<String>,
///     pub tries: i64,
///     pub extra: serde_json::Map<String, serde_json::Value>,
/// }
///
/// fn run_tries_default() -> i64 {
///     3
/// }
///
/// openapi_client_runtime::object! {
///     Run, "a Run object", extra;
///     "id" => id: required,
///     "type" => r#type: default,
///     "note" => note: optional,
///     "tries" => tries: (or run_tries_default),
/// }
///
/// let run: Run = serde_json::from_str(r#"{"id": "r", "type": "x", "more": 1}"#).unwrap();
/// assert_eq!((run.id.as_str(), run.r#type.as_deref(), run.tries), ("r", Some("x"), 3));
/// assert_eq!(run.extra["more"], 1);
/// assert_eq!(
///     serde_json::to_string(&run).unwrap(),
///     r#"{"id":"r","type":"x","tries":3,"more":1}"#
/// );
/// let missing = serde_json::from_str::<Run>("{}").unwrap_err();
/// assert!(missing.to_string().contains("missing field `id`"), "{missing}");
/// let twice = serde_json::from_str::<Run>(r#"{"id": "a", "id": "b"}"#).unwrap_err();
/// assert!(twice.to_string().contains("duplicate field `id`"), "{twice}");
/// ```
#[macro_export]
macro_rules! object {
    // The value a field gets from what was read: a `match` rather than a `?` for a required
    // one, which would be a conversion and a trait obligation more, in every struct.
    (@value $field:ident, $wire:literal, required) => {
        match $field {
            ::core::option::Option::Some(value) => value,
            ::core::option::Option::None => {
                return ::core::result::Result::Err(
                    $crate::__macro_support::serde::de::Error::missing_field($wire),
                )
            }
        }
    };
    (@value $field:ident, $wire:literal, present) => {
        $field
    };
    (@value $field:ident, $wire:literal, (or $default:path)) => {
        $field.unwrap_or_else($default)
    };
    (@value $field:ident, $wire:literal, $how:tt) => {
        $field.unwrap_or_default()
    };
    (@encode $map:ident, $wire:literal, $value:expr, optional) => {
        $crate::ser::optional(&mut $map, $wire, $value)
    };
    (@encode $map:ident, $wire:literal, $value:expr, present) => {
        $crate::ser::optional(&mut $map, $wire, $value)
    };
    (@encode $map:ident, $wire:literal, $value:expr, $how:tt) => {
        $crate::ser::field(&mut $map, $wire, $value)
    };
    ($name:ident, $expecting:literal, $extra:ident; $($wire:literal => $field:ident: $how:tt,)*) => {
        impl $crate::__macro_support::serde::Serialize for $name {
            fn serialize<__S: $crate::__macro_support::serde::Serializer>(
                &self,
                serializer: __S,
            ) -> ::core::result::Result<__S::Ok, __S::Error> {
                let mut map = $crate::ser::begin(serializer)?;
                $($crate::object!(@encode map, $wire, &self.$field, $how);)*
                $crate::ser::end(map, &self.$extra)
            }
        }

        impl $crate::de::Object for $name {
            fn decode_map<'de, __A: $crate::__macro_support::serde::de::MapAccess<'de>>(
                mut map: __A,
                seen: ::core::option::Option<&'static str>,
            ) -> ::core::result::Result<Self, __A::Error> {
                $(let mut $field = ::core::option::Option::None;)*
                let mut extra = ::core::default::Default::default();
                while let ::core::option::Option::Some(key) = map.next_key::<$crate::de::Key<'de>>()? {
                    // One `?` for the whole match, not one per field: each is more code for
                    // the compiler to check, in every struct.
                    match key.as_str() {
                        $($wire => $crate::de::field(&mut map, &mut $field, $wire, seen),)*
                        _ => $crate::de::extra(&mut map, &mut extra, key),
                    }?
                }
                ::core::result::Result::Ok($name {
                    $($field: $crate::object!(@value $field, $wire, $how),)*
                    $extra: extra,
                })
            }
        }

        impl<'de> $crate::__macro_support::serde::Deserialize<'de> for $name {
            fn deserialize<__D: $crate::__macro_support::serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> ::core::result::Result<Self, __D::Error> {
                $crate::de::object(deserializer, $expecting)
            }
        }
    };
}

/// `From` each member's type for a generated union (a `oneOf`/`anyOf` enum), one member a
/// line, and `From<&str>` for its string member when it has one (after `&str =>`).
///
/// ```
/// #[derive(Debug, PartialEq)]
/// pub enum Content {
///     Text(String),
///     Parts(Vec<String>),
/// }
///
/// openapi_client_runtime::union_from! {
///     Content;
///     Text(String),
///     Parts(Vec<String>),
///     &str => Text,
/// }
///
/// assert_eq!(Content::from("hi"), Content::Text("hi".into()));
/// assert_eq!(Content::from(vec![]), Content::Parts(vec![]));
/// ```
#[macro_export]
macro_rules! union_from {
    // `#[inline]`, as in `open_enum!`: compiled where a conversion is used.
    ($name:ident; $($variant:ident($ty:ty),)* $(&str => $text:ident,)?) => {
        $(
            impl ::core::convert::From<$ty> for $name {
                #[inline]
                fn from(value: $ty) -> Self {
                    Self::$variant(value)
                }
            }
        )*
        $(
            impl ::core::convert::From<&str> for $name {
                #[inline]
                fn from(value: &str) -> Self {
                    Self::$text(::std::borrow::ToOwned::to_owned(value))
                }
            }
        )?
    };
}
