//! Helpers of the runtime tests (`retries.rs`, `options.rs`, `logging.rs`): the request and
//! response they exchange, clients pointed at a local server, wiremock sequences, and raw TCP
//! servers for the faults wiremock cannot script (a dropped connection, a server that never
//! answers, a refused port).
//!
//! Every server listens on 127.0.0.1 and every test runs in real time: each attempt of the
//! client is bounded by a tokio timer, so with a paused clock the runtime would advance to that
//! deadline whenever it sits idle waiting for a real socket, and time the attempt out.

// Each test file uses a different subset of these helpers.
#![allow(dead_code)]

use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use generated_client::types::{CreateThreadAndRunRequest, CreateThreadRequest};
use generated_client::{Client, ClientBuilder};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[path = "../versions/mod.rs"]
pub mod versions;
use versions::{run_request_for, user_message};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// The API key of these tests: distinctive, so that finding it anywhere is unambiguous.
pub const KEY: &str = "sk-test-SECRET-123";

/// The operation's path below the server root (the base URL ends in `/v1`).
pub const RUNS_PATH: &str = "/v1/threads/runs";

/// The longest any one test may take: a guard against hangs, well above what a test needs
/// even on a loaded machine (this is no timing assertion).
const LIMIT: Duration = Duration::from_secs(30);

/// Runs `test`, failing it when it takes longer than [`LIMIT`] (a hang fails, it does not
/// block the run).
pub async fn within<F: Future>(test: F) -> F::Output {
    tokio::time::timeout(LIMIT, test)
        .await
        .expect("the test did not finish in time: something hangs")
}

/// A small request: assistant `asst_abc123` and a thread with one user message.
pub fn run_request() -> CreateThreadAndRunRequest {
    run_request_for("asst_abc123")
        .thread(CreateThreadRequest::new().messages(vec![user_message("Hello")]))
}

/// A `RunObject` body (the seed's 200 example).
pub fn run_json() -> Value {
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
        "tools": [],
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

/// A 200 answer with the run.
pub fn ok() -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header("x-request-id", "req_ok")
        .set_body_json(run_json())
}

/// An error answer with an OpenAI error envelope, asking for no wait before a retry (so a
/// retry is immediate and a test is fast).
pub fn failure(status: u16) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("retry-after-ms", "0")
        .insert_header("x-request-id", format!("req_{status}").as_str())
        .set_body_json(json!({"error": {
            "message": format!("failure {status}"),
            "type": "server_error",
            "param": null,
            "code": null,
        }}))
}

/// A server answering `POST /v1/threads/runs` with `answers` in turn, the last one for every
/// request after.
pub async fn server_answering_in_turn(answers: Vec<ResponseTemplate>) -> MockServer {
    let server = MockServer::start().await;
    let last = answers.len().saturating_sub(1);
    for (index, answer) in answers.into_iter().enumerate() {
        let mock = Mock::given(method("POST"))
            .and(path(RUNS_PATH))
            .respond_with(answer)
            // Earlier answers first; each serves one request, the last any number.
            .with_priority(u8::try_from(index + 1).expect("few answers"));
        let mock = if index < last {
            mock.up_to_n_times(1)
        } else {
            mock
        };
        mock.mount(&server).await;
    }
    server
}

/// The base URL of a wiremock server.
pub fn base_url(server: &MockServer) -> String {
    format!("{}/v1", server.uri())
}

/// A builder with the key and `base_url`, the default retry policy otherwise.
pub fn builder(base_url: &str) -> ClientBuilder {
    Client::builder().api_key(KEY).base_url(base_url)
}

/// A client for `server` with the default retry policy.
pub fn client(server: &MockServer) -> Client {
    builder(&base_url(server)).build().expect("a client")
}

/// Every request the server received.
pub async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording is on")
}

/// How many requests the server received.
pub async fn request_count(server: &MockServer) -> usize {
    requests(server).await.len()
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

/// A raw TCP server on 127.0.0.1 and the number of connections it has accepted.
pub struct RawServer {
    pub address: SocketAddr,
    accepted: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl RawServer {
    /// The base URL of the server.
    pub fn base_url(&self) -> String {
        format!("http://{}/v1", self.address)
    }

    /// How many connections it has accepted.
    pub fn accepted(&self) -> usize {
        self.accepted.load(Ordering::SeqCst)
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A server that closes each of its first `drops` connections as soon as it accepts it, and
/// answers the next ones with a 200 and a `RunObject`, written by hand.
pub async fn dropping_server(drops: usize) -> RawServer {
    raw_server(move |connection, index| async move {
        if index < drops {
            drop(connection);
        } else {
            answer_ok(connection).await;
        }
    })
    .await
}

/// A server that accepts connections, reads the request and never answers.
pub async fn silent_server() -> RawServer {
    raw_server(|mut connection, _| async move {
        let _ = read_request(&mut connection).await;
        // Hold the connection open (the task ends when the client closes it).
        let mut rest = [0u8; 64];
        while matches!(connection.read(&mut rest).await, Ok(n) if n > 0) {}
    })
    .await
}

/// A server running `serve(connection, index)` for every connection it accepts.
async fn raw_server<F, Fut>(serve: F) -> RawServer
where
    F: Fn(TcpStream, usize) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let address = listener.local_addr().expect("an address");
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&accepted);
    let task = tokio::spawn(async move {
        loop {
            let Ok((connection, _)) = listener.accept().await else {
                return;
            };
            let index = counter.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(serve(connection, index));
        }
    });
    RawServer {
        address,
        accepted,
        task,
    }
}

/// Reads one HTTP/1.1 request (headers, then a `Content-Length` body); `None` when the
/// connection closes first.
pub async fn read_request(connection: &mut TcpStream) -> Option<Vec<u8>> {
    let mut received = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = find(&received, b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&received[..end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|line| line.strip_prefix("content-length:"))
                .map_or(0, |value| value.trim().parse::<usize>().expect("a length"));
            if received.len() >= end + 4 + length {
                return Some(received);
            }
        }
        match connection.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => received.extend_from_slice(&chunk[..n]),
        }
    }
}

/// Reads the request and answers it with a 200 holding a `RunObject`, then closes.
async fn answer_ok(mut connection: TcpStream) {
    if read_request(&mut connection).await.is_none() {
        return;
    }
    let body = run_json().to_string();
    let response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-request-id: req_raw\r\n\
         content-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = connection.write_all(response.as_bytes()).await;
    let _ = connection.shutdown().await;
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// A base URL nothing listens at: a port bound, then released.
pub fn refused_base_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let address = listener.local_addr().expect("an address");
    drop(listener);
    format!("http://{address}/v1")
}
