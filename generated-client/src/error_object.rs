//! OpenAI's error object, as [`Error::api_error`](crate::Error::api_error) gives it: read
//! tolerantly, so that an error answer is never lost to one field of an unexpected shape. This
//! is the error body `spec/codegen.yaml` names (`error_type`), in place of the description's
//! `Error` schema, which requires a `type` that gateways in front of the API leave out.

use serde::{Deserialize, Serialize};

/// The error object of an OpenAI error response (`{"error": {"message", "type", "param",
/// "code"}}`).
///
/// Decoding is tolerant: a missing field is empty, a field of an unexpected JSON type is
/// kept as its JSON text (a numeric `code` becomes `"429"`), so an error envelope never fails
/// to parse because of one field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ApiErrorObject {
    /// A human-readable description of the error.
    pub message: String,
    /// The error category, such as `invalid_request_error`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub r#type: Option<String>,
    /// The request parameter the error is about, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub param: Option<String>,
    /// A machine-readable code, such as `rate_limit_exceeded`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

impl ApiErrorObject {
    /// The error object of a body that is an OpenAI error envelope, else `None`.
    ///
    /// `{"error": "text"}` is read as an object with that message. `#[inline]`: compiled where
    /// an error answer is read, not in this crate whether or not one is.
    #[inline]
    fn from_envelope(body: &[u8]) -> Option<Self> {
        let envelope: serde_json::Value = serde_json::from_slice(body).ok()?;
        match envelope.get("error")? {
            serde_json::Value::String(message) => Some(Self {
                message: message.clone(),
                ..Self::default()
            }),
            object @ serde_json::Value::Object(_) => Self::deserialize(object).ok(),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for ApiErrorObject {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Lenient {
            #[serde(default)]
            message: serde_json::Value,
            #[serde(default, rename = "type")]
            r#type: serde_json::Value,
            #[serde(default)]
            param: serde_json::Value,
            #[serde(default)]
            code: serde_json::Value,
        }

        fn text(value: serde_json::Value) -> Option<String> {
            match value {
                serde_json::Value::Null => None,
                serde_json::Value::String(text) => Some(text),
                other => Some(other.to_string()),
            }
        }

        let lenient = Lenient::deserialize(deserializer)?;
        Ok(Self {
            message: text(lenient.message).unwrap_or_default(),
            r#type: text(lenient.r#type),
            param: text(lenient.param),
            code: text(lenient.code),
        })
    }
}

/// An error answer's body is this object when it is an OpenAI error envelope.
impl openapi_client_runtime::ErrorBody for ApiErrorObject {
    #[inline]
    fn from_body(body: &[u8]) -> Option<Self> {
        Self::from_envelope(body)
    }
}
