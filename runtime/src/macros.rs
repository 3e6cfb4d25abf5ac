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
/// what every such enum has beyond its own `as_str` and `From<&str>` (which list its values):
/// `From<String>`, `Display`, `Serialize` / `Deserialize` as its string (an unknown value is
/// kept, never an error) and `Validate` (nothing to check). One line per enum instead of the
/// same five impls written out each time.
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
    ($name:ident, $other:ident) => {
        impl ::core::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                match Self::from(value.as_str()) {
                    Self::$other(_) => Self::$other(value),
                    known => known,
                }
            }
        }

        impl ::core::fmt::Display for $name {
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
