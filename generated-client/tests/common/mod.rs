//! Helpers shared by the integration tests: a wiremock server standing in for the API on
//! 127.0.0.1, a client pointed at it, the seed's example request and response, and the path
//! of the upstream examples in `../shared`.

// Each test file uses a different subset of these helpers.
#![allow(dead_code)]

use std::path::PathBuf;

use generated_client::types::{CreateThreadAndRunRequest, CreateThreadRequest, RunObject};
use generated_client::{Client, Error};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

#[path = "../versions/mod.rs"]
pub mod versions;
use versions::{run_request_for, user_message};

/// The API key the tests configure; it must never appear in an error message.
pub const KEY: &str = "sk-test-integration-key";

/// The operation's path below the server root, with the `/v1` of the base URL.
pub const RUNS_PATH: &str = "/v1/threads/runs";

/// A server that answers every `POST /v1/threads/runs` with `response`.
pub async fn server_answering(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(RUNS_PATH))
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

/// A server that answers `POST /v1/threads/runs` with `body` as a 200 JSON response.
pub async fn server_returning_json(body: &Value) -> MockServer {
    server_answering(ResponseTemplate::new(200).set_body_json(body)).await
}

/// A client for `server`, with the key and the `/v1` base URL, and no retries (retries have
/// tests of their own).
pub fn client(server: &MockServer) -> Client {
    Client::builder()
        .api_key(KEY)
        .max_retries(0)
        .base_url(format!("{}/v1", server.uri()))
        .build()
        .expect("a client")
}

/// Serves `body` (raw bytes, as JSON) with status 200 and sends the seed request to it.
pub async fn decode_raw(body: &str) -> Result<RunObject, Error> {
    let server = server_answering(
        ResponseTemplate::new(200)
            .insert_header("x-request-id", "req_decode")
            .set_body_raw(body.to_owned(), "application/json"),
    )
    .await;
    client(&server).create_thread_and_run(&seed_request()).await
}

/// [`decode_raw`] for a JSON value.
pub async fn decode(body: &Value) -> Result<RunObject, Error> {
    decode_raw(&body.to_string()).await
}

/// The one request the server received.
pub async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "expected exactly one request");
    requests.remove(0)
}

/// A request header as text (`None` when absent); asserts it is sent at most once.
pub fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    let values: Vec<_> = request.headers.get_all(name).iter().collect();
    assert!(values.len() <= 1, "{name} sent {} times", values.len());
    values
        .first()
        .map(|value| value.to_str().expect("a text header"))
}

/// The request body parsed as JSON.
pub fn body_json(request: &Request) -> Value {
    serde_json::from_slice(&request.body).expect("the request body is JSON")
}

/// The seed's example request: assistant `asst_abc123` and a thread with one user message.
pub fn seed_request() -> CreateThreadAndRunRequest {
    run_request_for("asst_abc123").thread(
        CreateThreadRequest::new()
            .messages(vec![user_message("Explain deep learning to a 5 year old.")]),
    )
}

/// The JSON the seed request encodes to.
pub fn seed_request_json() -> Value {
    #[cfg_attr(not(openai_spec = "2024-03-27"), allow(unused_mut))]
    let mut body = json!({
        "assistant_id": "asst_abc123",
        "thread": {
            "messages": [
                {"role": "user", "content": "Explain deep learning to a 5 year old."}
            ]
        }
    });
    // 2024-03-27: the `thread_id` its constructor takes (see `versions`).
    #[cfg(openai_spec = "2024-03-27")]
    body.as_object_mut()
        .expect("an object")
        .insert("thread_id".to_owned(), Value::Null);
    body
}

/// The seed's 200 example (`seed/threads-runs.pod.txt`, "Status Code: 200"), verbatim.
///
/// It has `"instructions": null`, which the published description does not allow; the
/// project's overlay (`spec/overlay.yaml`) makes `RunObject.instructions` nullable, so the
/// example decodes as it is.
pub fn seed_response() -> Value {
    versions::run_as_served(json!({
        "id": "run_abc123",
        "object": "thread.run",
        "created_at": 1698107661,
        "assistant_id": "asst_abc123",
        "thread_id": "thread_abc123",
        "status": "completed",
        "started_at": 1699073476,
        "expires_at": null,
        "cancelled_at": null,
        "failed_at": null,
        "completed_at": 1699073498,
        "last_error": null,
        "model": "gpt-4o",
        "instructions": null,
        "tools": [{"type": "file_search"}, {"type": "code_interpreter"}],
        "metadata": {},
        "incomplete_details": null,
        "usage": {"prompt_tokens": 123, "completion_tokens": 456, "total_tokens": 579},
        "temperature": 1.0,
        "top_p": 1.0,
        "max_prompt_tokens": 1000,
        "max_completion_tokens": 1000,
        "truncation_strategy": {"type": "auto", "last_messages": null},
        "response_format": "auto",
        "tool_choice": "auto",
        "parallel_tool_calls": true
    }))
}

/// The folder of upstream `createThreadAndRun` examples: `../shared/specs/examples`, or the
/// folder `OPENAI_SPEC_EXAMPLES` names (`cargo xtask compile-check` sets it for the copy it
/// builds under `target/`). Only tests marked `#[cfg_attr(not(upstream_examples), ignore = …)]`
/// call it (the build script sets that cfg when the folder is there), so a missing folder is
/// a failure, never a silent pass.
pub fn upstream_examples() -> PathBuf {
    let folder = std::env::var_os("OPENAI_SPEC_EXAMPLES")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs/examples")
        });
    assert!(
        folder.is_dir(),
        "{} is absent (the upstream examples live in ../shared)",
        folder.display()
    );
    folder
}

/// An upstream example file, parsed.
pub fn read_example(folder: &std::path::Path, name: &str) -> Value {
    let file = folder.join(name);
    let text = std::fs::read_to_string(&file)
        .unwrap_or_else(|error| panic!("{}: {error}", file.display()));
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{}: {error}", file.display()))
}
