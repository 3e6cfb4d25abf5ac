//! The blocking client (feature `blocking`): the same calls, options and errors as the async
//! one, with no runtime started by the caller, and streams as iterators. The mock server runs on
//! a runtime of the test's own; the client is called from plain test code.
#![cfg(feature = "blocking")]

mod common;

use common::versions::RunObjectStatus;
use common::{seed_request, seed_response, KEY, RUNS_PATH};
use generated_client::blocking::Client;
use generated_client::types::AssistantStreamEvent;
use generated_client::{Error, ErrorKind, RequestOptions};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A server on its own runtime, which must outlive the test's calls.
fn server(response: ResponseTemplate) -> (tokio::runtime::Runtime, MockServer) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let server = runtime.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path(RUNS_PATH))
            .and(header("openai-beta", "assistants=v2"))
            .respond_with(response)
            .mount(&server)
            .await;
        server
    });
    (runtime, server)
}

fn client(server: &MockServer) -> Client {
    let builder = generated_client::Client::builder()
        .api_key(KEY)
        .max_retries(0)
        .base_url(format!("{}/v1", server.uri()));
    Client::from_builder(builder).expect("a client")
}

#[test]
fn a_blocking_call_returns_the_run() {
    let (_runtime, server) = server(
        ResponseTemplate::new(200)
            .set_body_json(seed_response())
            .insert_header("x-request-id", "req_b"),
    );
    let client = client(&server);
    let run = client
        .create_thread_and_run(&seed_request())
        .expect("a run");
    assert_eq!(run.id, "run_abc123");
    assert_eq!(run.status, RunObjectStatus::Completed);
    let response = client
        .create_thread_and_run_with_response(&seed_request())
        .expect("a run");
    assert_eq!(response.request_id(), Some("req_b"));
}

#[test]
fn blocking_errors_are_the_same_errors() {
    let body = json!({"error": {"message": "No such assistant", "type": "invalid_request_error", "param": null, "code": null}});
    let (_runtime, server) = server(
        ResponseTemplate::new(404)
            .set_body_json(body)
            .insert_header("x-request-id", "req_404"),
    );
    let error = client(&server)
        .create_thread_and_run(&seed_request())
        .expect_err("a 404");
    assert_eq!(error.kind(), ErrorKind::NotFound);
    assert_eq!(error.request_id(), Some("req_404"));
    assert_eq!(
        error.api_error().map(|e| e.message.as_str()),
        Some("No such assistant")
    );
}

#[test]
fn blocking_calls_take_per_call_options() {
    let (runtime, server) = server(ResponseTemplate::new(200).set_body_json(seed_response()));
    let client = client(&server).with_options(
        RequestOptions::new()
            .query("trace", "1")
            .body_field("metadata", json!({"call": "1"})),
    );
    client
        .create_thread_and_run(&seed_request())
        .expect("a run");
    let requests = runtime.block_on(server.received_requests()).unwrap();
    assert_eq!(requests[0].url.query(), Some("trace=1"));
    let body: serde_json::Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(body["metadata"], json!({"call": "1"}));
}

#[test]
fn a_blocking_stream_is_an_iterator_of_events() {
    let run = seed_response();
    let transcript = format!(
        "event: thread.run.created\ndata: {run}\n\n: keepalive\n\nevent: thread.run.completed\ndata: {run}\n\nevent: done\ndata: [DONE]\n\n"
    );
    let (_runtime, server) =
        server(ResponseTemplate::new(200).set_body_raw(transcript, "text/event-stream"));
    let events: Vec<AssistantStreamEvent> = client(&server)
        .create_thread_and_run_stream(&seed_request())
        .expect("a stream")
        .collect::<Result<_, Error>>()
        .expect("every event decodes");
    let names: Vec<&str> = events.iter().map(AssistantStreamEvent::event).collect();
    assert_eq!(names, ["thread.run.created", "thread.run.completed"]);
}
