//! Failures of `create_thread_and_run`: error statuses with and without an OpenAI error
//! envelope, and 200 responses that do not match `RunObject`.

mod common;

use common::{client, decode, decode_raw, seed_request, seed_response, server_answering};
use generated_client::{ApiError, Error};
use serde_json::{json, Value};
use wiremock::ResponseTemplate;

/// The statuses the tests answer with, each with an error envelope the API could send.
fn envelopes() -> Vec<(u16, Value)> {
    vec![
        (
            400,
            json!({"error": {
                "message": "Missing required parameter: 'assistant_id'.",
                "type": "invalid_request_error",
                "param": "assistant_id",
                "code": "missing_required_parameter"
            }}),
        ),
        (
            401,
            json!({"error": {
                "message": "Incorrect API key provided: sk-test-***-key.",
                "type": "invalid_request_error",
                "param": null,
                "code": "invalid_api_key"
            }}),
        ),
        (
            404,
            json!({"error": {
                "message": "No assistant found with id 'asst_abc123'.",
                "type": "invalid_request_error",
                "param": null,
                "code": null
            }}),
        ),
        (
            429,
            json!({"error": {
                "message": "Rate limit reached for requests.",
                "type": "requests",
                "param": null,
                "code": "rate_limit_exceeded"
            }}),
        ),
        (
            500,
            json!({"error": {
                "message": "The server had an error while processing your request.",
                "type": "server_error",
                "param": null,
                "code": null
            }}),
        ),
    ]
}

/// Answers the seed request with `response` and returns the `Error::Api` it gives.
async fn api_error(response: ResponseTemplate) -> (Error, ApiError) {
    let server = server_answering(response).await;
    let error = client(&server)
        .create_thread_and_run(&seed_request())
        .await
        .expect_err("an error status");
    let Error::Api(api) = &error else {
        panic!("expected Error::Api, got {error:?}");
    };
    let api = api.clone();
    (error, api)
}

/// A JSON string as `Some(text)`; `None` for null.
fn text(value: &Value) -> Option<&str> {
    value.as_str()
}

#[tokio::test]
async fn error_statuses_with_an_error_envelope() {
    for (status, envelope) in envelopes() {
        let mut response = ResponseTemplate::new(status)
            .insert_header("x-request-id", format!("req_{status}").as_str())
            .set_body_json(&envelope);
        if status == 429 {
            response = response.insert_header("retry-after", "20");
        }
        let (error, api) = api_error(response).await;
        let fields = &envelope["error"];

        // Through `Error`'s accessors.
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        let request_id = format!("req_{status}");
        assert_eq!(error.request_id(), Some(request_id.as_str()));
        let object = error.api_error().expect("the envelope is parsed");
        assert_eq!(Some(object.message.as_str()), text(&fields["message"]));
        assert_eq!(object.r#type.as_deref(), text(&fields["type"]), "{status}");
        assert_eq!(object.param.as_deref(), text(&fields["param"]), "{status}");
        assert_eq!(object.code.as_deref(), text(&fields["code"]), "{status}");

        // Through `ApiError`'s.
        assert_eq!(api.status().as_u16(), status);
        assert_eq!(api.message(), text(&fields["message"]));
        assert_eq!(api.code(), text(&fields["code"]));
        assert_eq!(
            serde_json::from_str::<Value>(api.body()).expect("the raw body"),
            envelope
        );
        let expected_retry_after = (status == 429).then_some("20");
        assert_eq!(api.retry_after(), expected_retry_after, "{status}");

        let shown = error.to_string();
        assert!(shown.starts_with(&status.to_string()), "{shown}");
        assert!(shown.contains(text(&fields["message"]).unwrap()), "{shown}");
        assert!(
            shown.contains(&format!("request id: req_{status}")),
            "{shown}"
        );
        assert!(!shown.contains(common::KEY), "{shown}");
    }
}

#[tokio::test]
async fn error_statuses_with_a_plain_text_body() {
    for status in [400, 401, 404, 429, 500] {
        let body = format!("upstream says {status}");
        let mut response = ResponseTemplate::new(status)
            .insert_header("x-request-id", "req_text")
            .insert_header("content-type", "text/plain")
            .set_body_string(body.clone());
        if status == 429 {
            response = response.insert_header("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT");
        }
        let (error, api) = api_error(response).await;

        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(error.request_id(), Some("req_text"));
        assert_eq!(error.api_error(), None, "{status}");
        assert_eq!(api.message(), None);
        assert_eq!(api.code(), None);
        assert_eq!(api.body(), body);
        assert_eq!(
            api.retry_after(),
            (status == 429).then_some("Wed, 21 Oct 2015 07:28:00 GMT")
        );
        let shown = error.to_string();
        assert!(shown.contains(&body), "{shown}");
        assert!(shown.contains("request id: req_text"), "{shown}");
    }
}

#[tokio::test]
async fn error_status_without_request_id_or_body() {
    let (error, api) = api_error(ResponseTemplate::new(503)).await;
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(error.request_id(), None);
    assert_eq!(error.api_error(), None);
    assert_eq!(api.body(), "");
    assert_eq!(error.to_string(), "503 Service Unavailable");
}

#[tokio::test]
async fn wrong_type_deep_inside_names_the_field_path() {
    let mut body = seed_response();
    body["usage"]["total_tokens"] = json!("many");
    let raw = body.to_string();

    let error = decode_raw(&raw).await.expect_err("not a run");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
    assert_eq!(error.request_id(), Some("req_decode"));
    assert_eq!(error.api_error(), None);
    let Error::Decode(decode_error) = &error else {
        panic!("expected Error::Decode, got {error:?}");
    };
    assert_eq!(decode_error.path(), "usage.total_tokens");
    assert!(
        decode_error
            .message()
            .starts_with(r#"invalid type: string "many", expected i64"#),
        "{}",
        decode_error.message()
    );
    assert_eq!(decode_error.body(), raw);
    let shown = error.to_string();
    assert!(shown.contains("`usage.total_tokens`"), "{shown}");
    assert!(shown.contains("req_decode"), "{shown}");
}

/// Inside a union's variant (decoded from a buffered value) the path still runs from the
/// body's root down to the failing field.
#[tokio::test]
async fn wrong_type_inside_a_union_variant_names_the_whole_path() {
    let mut body = seed_response();
    body["tools"] = json!([
        {"type": "code_interpreter"},
        {"type": "function", "function": {"name": 7}}
    ]);
    let error = match decode(&body).await {
        Err(Error::Decode(error)) => error,
        other => panic!("expected Error::Decode, got {other:?}"),
    };
    assert_eq!(error.path(), "tools[1].function.name");
    assert!(
        error.message().contains("invalid type: integer `7`"),
        "{}",
        error.message()
    );
    let shown = Error::Decode(error).to_string();
    assert!(shown.contains("`tools[1].function.name`"), "{shown}");
}

/// A union below a field rather than an array element: `response_format`'s `json_schema`
/// variant. (2024-03-27 has no `response_format`.)
#[cfg(not(openai_spec = "2024-03-27"))]
#[tokio::test]
async fn wrong_type_inside_a_union_below_a_field_names_the_whole_path() {
    let mut body = seed_response();
    body["response_format"] = json!({"type": "json_schema", "json_schema": {"name": false}});
    let error = match decode(&body).await {
        Err(Error::Decode(error)) => error,
        other => panic!("expected Error::Decode, got {other:?}"),
    };
    assert_eq!(error.path(), "response_format.json_schema.name");
    assert!(
        error.message().contains("invalid type: boolean `false`"),
        "{}",
        error.message()
    );
}

#[tokio::test]
async fn a_body_that_is_not_json() {
    let error = match decode_raw("<html>gateway</html>").await {
        Err(Error::Decode(error)) => error,
        other => panic!("expected Error::Decode, got {other:?}"),
    };
    assert_eq!(error.path(), ".");
    assert_eq!(error.body(), "<html>gateway</html>");
}

/// A union member is decoded straight from the body when its tag comes first, and from the
/// union's text gathered from the body when the tag comes later: both name the whole path of
/// a bad field, and both decode the same run when nothing is wrong.
#[tokio::test]
async fn union_members_decode_alike_whatever_the_place_of_their_tag() {
    let with_tools = |tools: &str| {
        let mut body = seed_response();
        body["tools"] = json!("TOOLS");
        body.to_string().replace("\"TOOLS\"", tools)
    };
    let tag_first = r#"[{"type": "function", "function": {"name": "f", "strict": true}, "x": 1}]"#;
    let tag_last = r#"[{"x": 1, "function": {"strict": true, "name": "f"}, "type": "function"}]"#;
    let first = decode_raw(&with_tools(tag_first)).await.expect("a run");
    let last = decode_raw(&with_tools(tag_last)).await.expect("a run");
    assert_eq!(first, last);
    assert_eq!(
        serde_json::to_value(&first.tools).expect("encodes"),
        json!([{"type": "function", "function": {"name": "f", "strict": true}, "x": 1}])
    );

    for tools in [
        r#"[{"type": "function", "function": {"name": 7}}]"#,
        r#"[{"function": {"name": 7}, "type": "function"}]"#,
    ] {
        let error = match decode_raw(&with_tools(tools)).await {
            Err(Error::Decode(error)) => error,
            other => panic!("expected Error::Decode, got {other:?}"),
        };
        assert_eq!(error.path(), "tools[0].function.name", "{tools}");
    }
}

/// Values are written with their one-value fields (`type`, `object`) first, as the API writes
/// them, so that a union reading a value back finds its tag first.
#[test]
fn values_are_written_tag_first() {
    let run: generated_client::types::RunObject =
        serde_json::from_value(seed_response()).expect("a run");
    let text = serde_json::to_string(&run).expect("encodes");
    assert!(text.starts_with(r#"{"object":"thread.run","#), "{text}");
    let tools = serde_json::to_string(&run.tools).expect("encodes");
    assert!(tools.starts_with(r#"[{"type":"#), "{tools}");
}
