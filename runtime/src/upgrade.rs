//! Operations answered by `101 Switching Protocols`: the WebSocket opening handshake (RFC 6455
//! §4), after which the connection is the caller's to speak the protocol on.

use base64::Engine as _;
use sha1::{Digest, Sha1};

use crate::error::ErrorBody;
use crate::send::{Expect, RequestSpec, Response};
use crate::{Client, Error};

/// A connection switched to another protocol, read and written as bytes (tokio's `AsyncRead`
/// and `AsyncWrite`). For WebSocket frames, hand it to a WebSocket library as an established
/// client connection (with tokio-tungstenite:
/// `WebSocketStream::from_raw_socket(connection, Role::Client, None)`).
pub use reqwest::Upgraded;

/// What RFC 6455 appends to the key before hashing it into `Sec-WebSocket-Accept`.
const WEBSOCKET_GUID: &str = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/// A fresh `Sec-WebSocket-Key`: 16 random bytes, base64.
fn new_key() -> String {
    let bytes: [u8; 16] = std::array::from_fn(|_| fastrand::u8(..));
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The `Sec-WebSocket-Accept` a server answers `key` with.
fn accept_for(key: &str) -> String {
    let mut hash = Sha1::new();
    hash.update(key.as_bytes());
    hash.update(WEBSOCKET_GUID.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(hash.finalize())
}

/// Adds the opening handshake's headers to a request.
pub(crate) fn ask(request: &mut reqwest::Request, key: &str) {
    use reqwest::header::{
        HeaderValue, CONNECTION, SEC_WEBSOCKET_KEY, SEC_WEBSOCKET_VERSION, UPGRADE,
    };
    let headers = request.headers_mut();
    headers.insert(CONNECTION, HeaderValue::from_static("Upgrade"));
    headers.insert(UPGRADE, HeaderValue::from_static("websocket"));
    headers.insert(SEC_WEBSOCKET_VERSION, HeaderValue::from_static("13"));
    if let Ok(key) = HeaderValue::from_str(key) {
        headers.insert(SEC_WEBSOCKET_KEY, key);
    }
}

impl Client {
    /// Sends `spec` as a WebSocket opening handshake and returns the connection once the server
    /// has switched protocols: status `101`, `Upgrade: websocket`, and the
    /// `Sec-WebSocket-Accept` that answers this request's key. Failures before the switch are
    /// retried as for any request; the timeout bounds the handshake, not the connection.
    ///
    /// # Errors
    ///
    /// [`Error::Api`] for an answer of 400 or more; [`Error::Upgrade`] for another answer, or a
    /// switch that does not answer the key; and the transport's errors, as for
    /// [`Client::send_json`].
    pub async fn send_upgrade<T, B>(
        &self,
        spec: RequestSpec,
        body: Option<&T>,
    ) -> Result<Response<Upgraded>, Error<B>>
    where
        T: serde::Serialize + ?Sized,
        B: ErrorBody,
    {
        let key = new_key();
        let expected = accept_for(&key);
        self.send(spec, body, Expect::Upgrade(&key), |response| {
            let expected = &expected;
            async move {
                let status = response.status();
                let headers = response.headers().clone();
                let header = |name| headers.get(name).and_then(|v| v.to_str().ok());
                if !header(reqwest::header::UPGRADE)
                    .is_some_and(|v| v.eq_ignore_ascii_case("websocket"))
                {
                    return Err(Error::Upgrade(
                        "the answer does not switch to `Upgrade: websocket`".into(),
                    ));
                }
                if header(reqwest::header::SEC_WEBSOCKET_ACCEPT) != Some(expected.as_str()) {
                    return Err(Error::Upgrade(
                        "the answer's `Sec-WebSocket-Accept` does not answer the request's key"
                            .into(),
                    ));
                }
                let request_id = self.request_id(&headers);
                let value = response.upgrade().await.map_err(Error::from_reqwest)?;
                Ok(Response {
                    value,
                    status,
                    headers,
                    request_id,
                })
            }
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_accept_value_is_rfc_6455_s_example() {
        // RFC 6455 §1.3: the key `dGhlIHNhbXBsZSBub25jZQ==` is answered with this value.
        assert_eq!(
            accept_for("dGhlIHNhbXBsZSBub25jZQ=="),
            "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
        );
    }

    #[test]
    fn keys_are_sixteen_random_bytes() {
        let key = new_key();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(&key)
            .expect("base64");
        assert_eq!(bytes.len(), 16);
        assert_ne!(key, new_key());
    }
}
