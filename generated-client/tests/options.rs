//! Per-call options (`Client::with_options`: extra headers, query parameters and body fields),
//! the success metadata of `create_thread_and_run_with_response`, and `Error::kind` /
//! `Error::is_retryable`, checked on what a wiremock server on 127.0.0.1 receives and answers.

mod runtime_support;

use generated_client::types::RunObject;
use generated_client::{Error, ErrorKind, RequestOptions};
use runtime_support::versions::RunObjectStatus;
use runtime_support::{
    base_url, body_json, builder, client, failure, header, ok, request_count, requests,
    run_request, server_answering_in_turn, within, KEY,
};
use serde_json::json;
use wiremock::{MockServer, Request, ResponseTemplate};

/// A client without retries: each call is one request.
fn single_shot(server: &MockServer) -> generated_client::Client {
    builder(&base_url(server))
        .max_retries(0)
        .build()
        .expect("a client")
}

/// The one request the server received.
async fn only_request(server: &MockServer) -> Request {
    let mut requests = requests(server).await;
    assert_eq!(requests.len(), 1, "expected exactly one request");
    requests.remove(0)
}

// ---------------------------------------------------------------------------------------------
// Extra headers, query parameters and body fields
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn extra_headers_are_sent_and_override_the_clients() {
    within(async {
        let server = server_answering_in_turn(vec![ok()]).await;
        let client = builder(&base_url(&server))
            .default_header("X-Trace", "client")
            .build()
            .expect("a client");
        let options = RequestOptions::new()
            // The operation's fixed header.
            .header("OpenAI-Beta", "assistants=v9")
            .and_then(|o| o.header("x-trace", "call"))
            .and_then(|o| o.header("X-Extra", "1"))
            .expect("valid headers");
        client
            .with_options(options)
            .create_thread_and_run(&run_request())
            .await
            .expect("a 200");

        let request = only_request(&server).await;
        // `header` asserts each is sent once: replaced, not added.
        assert_eq!(header(&request, "openai-beta"), Some("assistants=v9"));
        assert_eq!(header(&request, "x-trace"), Some("call"));
        assert_eq!(header(&request, "x-extra"), Some("1"));
        let authorization = format!("Bearer {KEY}");
        assert_eq!(
            header(&request, "authorization"),
            Some(authorization.as_str())
        );
        assert_eq!(header(&request, "content-type"), Some("application/json"));
    })
    .await;
}

#[tokio::test]
async fn options_apply_only_to_the_handle_they_were_given_to() {
    within(async {
        let server = server_answering_in_turn(vec![ok()]).await;
        let client = client(&server);
        let with_options = client.with_options(
            RequestOptions::new()
                .header("X-Extra", "1")
                .expect("a valid header")
                .query("q", "1")
                .body_field("instructions", "from options"),
        );
        with_options
            .create_thread_and_run(&run_request())
            .await
            .expect("a 200");
        client
            .create_thread_and_run(&run_request())
            .await
            .expect("a 200");

        let requests = requests(&server).await;
        assert_eq!(requests.len(), 2);
        assert_eq!(header(&requests[0], "x-extra"), Some("1"));
        assert_eq!(requests[0].url.query(), Some("q=1"));
        assert_eq!(
            body_json(&requests[0])["instructions"],
            json!("from options")
        );
        assert_eq!(header(&requests[1], "x-extra"), None);
        assert_eq!(header(&requests[1], "openai-beta"), Some("assistants=v2"));
        assert_eq!(requests[1].url.query(), None);
        assert_eq!(
            body_json(&requests[1]),
            serde_json::to_value(run_request()).expect("json")
        );
    })
    .await;
}

#[tokio::test]
async fn extra_query_parameters_are_encoded_into_the_url() {
    within(async {
        let server = server_answering_in_turn(vec![ok()]).await;
        let options = RequestOptions::new()
            .query("api-version", "2024-10-01")
            .query("note", "a b&c=d");
        client(&server)
            .with_options(options)
            .create_thread_and_run(&run_request())
            .await
            .expect("a 200");

        let request = only_request(&server).await;
        assert_eq!(request.url.path(), "/v1/threads/runs");
        assert_eq!(
            request.url.query(),
            Some("api-version=2024-10-01&note=a+b%26c%3Dd")
        );
        let pairs: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
        assert_eq!(
            pairs,
            [
                ("api-version".to_owned(), "2024-10-01".to_owned()),
                ("note".to_owned(), "a b&c=d".to_owned()),
            ]
        );
    })
    .await;
}

#[tokio::test]
async fn extra_body_fields_join_and_replace_the_typed_ones() {
    within(async {
        let server = server_answering_in_turn(vec![ok()]).await;
        let request = run_request().instructions("typed");
        // `reasoning_effort` is not in the description, whose request object is closed: the
        // check before sending is turned off for this call, as for a parameter the API takes
        // before the description knows it (tests/validation.rs has the check itself).
        let options = RequestOptions::new()
            .body_field("instructions", "replaced")
            .body_field("reasoning_effort", "low")
            .body_field("metadata", json!({"source": "options"}))
            .validate(false);
        client(&server)
            .with_options(options)
            .create_thread_and_run(&request)
            .await
            .expect("a 200");

        let sent = body_json(&only_request(&server).await);
        let mut expected = serde_json::to_value(&request).expect("json");
        assert_eq!(expected["instructions"], json!("typed"));
        expected["instructions"] = json!("replaced");
        expected["reasoning_effort"] = json!("low");
        expected["metadata"] = json!({"source": "options"});
        assert_eq!(sent, expected);
        // Each name once: a replaced field is not sent twice.
        let text = String::from_utf8(only_request(&server).await.body).expect("UTF-8");
        assert_eq!(text.matches("\"instructions\"").count(), 1, "{text}");
    })
    .await;
}

#[tokio::test]
async fn header_values_with_line_breaks_are_refused_and_nothing_is_sent() {
    within(async {
        let server = server_answering_in_turn(vec![ok()]).await;
        for value in ["a\r\nX-Evil: 1", "a\nX-Evil: 1", "a\rb", "nul\0"] {
            let result = RequestOptions::new().header("X-Note", value);
            let error = result.expect_err("not a header value");
            assert!(matches!(error, Error::Config(_)), "{error:?}");
            assert_eq!(error.kind(), ErrorKind::Config);
            let message = error.to_string();
            assert!(message.contains("X-Note"), "{message}");
            assert!(!message.contains("X-Evil"), "{message}");
        }
        let error = RequestOptions::new()
            .header("Bad Name", "v")
            .expect_err("not a header name");
        assert!(matches!(error, Error::Config(_)), "{error:?}");

        // A call built with `?` stops at the refusal, before any request.
        async fn call(server: &MockServer) -> Result<RunObject, Error> {
            let options = RequestOptions::new().header("X-Note", "a\r\nX-Evil: 1")?;
            client(server)
                .with_options(options)
                .create_thread_and_run(&run_request())
                .await
        }
        let error = call(&server).await.expect_err("refused");
        assert!(matches!(error, Error::Config(_)), "{error:?}");
        assert_eq!(request_count(&server).await, 0);

        // The same for a client's default header.
        let error = builder(&base_url(&server))
            .default_header("X-Note", "a\r\nX-Evil: 1")
            .build()
            .expect_err("refused");
        assert!(matches!(error, Error::Config(_)), "{error:?}");
        assert_eq!(request_count(&server).await, 0);
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// Success metadata
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_response_carries_status_headers_and_request_id() {
    within(async {
        let answer = ResponseTemplate::new(200)
            .insert_header("x-request-id", "req_meta_1")
            .insert_header("openai-processing-ms", "42")
            .set_body_json(runtime_support::run_json());
        let server = server_answering_in_turn(vec![answer]).await;
        let client = client(&server);

        let response = client
            .create_thread_and_run_with_response(&run_request())
            .await
            .expect("a 200");
        assert_eq!(response.request_id(), Some("req_meta_1"));
        assert_eq!(response.status().as_u16(), 200);
        assert_eq!(
            response
                .headers()
                .get("openai-processing-ms")
                .and_then(|v| v.to_str().ok()),
            Some("42")
        );
        assert_eq!(
            response
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok()),
            Some("application/json")
        );
        // Deref reads the run's fields.
        assert_eq!(response.id, "run_abc123");
        assert_eq!(response.status, RunObjectStatus::Completed);
        assert_eq!(response.thread_id, "thread_abc123");
        let fields: &RunObject = &response;
        assert_eq!(fields.assistant_id, "asst_abc123");

        let plain = client
            .create_thread_and_run(&run_request())
            .await
            .expect("a 200");
        let status = response.status();
        let mapped = response.clone().map(|run| run.id);
        assert_eq!(*mapped, "run_abc123");
        assert_eq!(mapped.status(), status);
        assert_eq!(mapped.request_id(), Some("req_meta_1"));
        assert_eq!(response.into_inner(), plain);
    })
    .await;
}

#[tokio::test]
async fn a_response_without_a_request_id() {
    within(async {
        let answer = ResponseTemplate::new(201).set_body_json(runtime_support::run_json());
        let server = server_answering_in_turn(vec![answer]).await;
        let response = client(&server)
            .create_thread_and_run_with_response(&run_request())
            .await
            .expect("a 201");
        assert_eq!(response.request_id(), None);
        assert_eq!(response.status().as_u16(), 201);
        assert_eq!(response.into_inner().id, "run_abc123");
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// Error kinds
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn error_kinds_by_status() {
    within(async {
        for (status, kind, retryable) in [
            (400, ErrorKind::BadRequest, false),
            (401, ErrorKind::Authentication, false),
            (403, ErrorKind::PermissionDenied, false),
            (404, ErrorKind::NotFound, false),
            (409, ErrorKind::Conflict, true),
            (422, ErrorKind::UnprocessableEntity, false),
            (429, ErrorKind::RateLimit, true),
            (500, ErrorKind::InternalServer, true),
            (503, ErrorKind::InternalServer, true),
            (418, ErrorKind::OtherStatus, false),
        ] {
            let server = server_answering_in_turn(vec![failure(status)]).await;
            let error = single_shot(&server)
                .create_thread_and_run(&run_request())
                .await
                .expect_err("an error status");
            assert!(matches!(error, Error::Api(_)), "{status}: {error:?}");
            assert_eq!(error.kind(), kind, "{status}");
            assert_eq!(error.is_retryable(), retryable, "{status}");
            assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
            assert_eq!(error.request_id(), Some(format!("req_{status}").as_str()));
            let message = error.api_error().map(|object| object.message.as_str());
            assert_eq!(message, Some(format!("failure {status}").as_str()));
            assert_eq!(request_count(&server).await, 1, "{status}");
        }
    })
    .await;
}

#[tokio::test]
async fn the_server_decides_what_is_retryable() {
    within(async {
        for (status, should_retry, retryable) in [(429, "false", false), (400, "true", true)] {
            let answer = failure(status).insert_header("x-should-retry", should_retry);
            let server = server_answering_in_turn(vec![answer]).await;
            let error = single_shot(&server)
                .create_thread_and_run(&run_request())
                .await
                .expect_err("an error status");
            assert_eq!(error.is_retryable(), retryable, "{status}");
        }
    })
    .await;
}

#[tokio::test]
async fn a_success_body_that_does_not_decode_is_a_decode_error() {
    within(async {
        let answer = ResponseTemplate::new(200)
            .insert_header("x-request-id", "req_bad")
            .set_body_json(json!({"id": 7}));
        let server = server_answering_in_turn(vec![answer]).await;
        let error = client(&server)
            .create_thread_and_run(&run_request())
            .await
            .expect_err("not a run");
        assert_eq!(error.kind(), ErrorKind::Decode);
        assert!(!error.is_retryable());
        assert_eq!(error.request_id(), Some("req_bad"));
        // A decode failure is not retried.
        assert_eq!(request_count(&server).await, 1);
    })
    .await;
}
