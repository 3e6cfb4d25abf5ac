//! A `createThreadAndRun` round trip through the client against a server on 127.0.0.1,
//! against the same request sent with bare `reqwest` + `serde_json`, in the same run.
//!
//! The server is a minimal HTTP/1.1 keep-alive loop on its own thread (no routing, no
//! matching) answering every request with the same `RunObject`, so that the measured time is
//! the two clients' and the loopback's. Both clients keep their connection open between
//! iterations. `cargo bench -p generated-client --bench roundtrip`.

mod common;

use criterion::{criterion_group, BenchmarkId, Criterion};
use generated_client::types::{CreateThreadAndRunRequest, RunObject};
use generated_client::Client;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, USER_AGENT};
use std::hint::black_box;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const KEY: &str = "sk-bench";

/// Connections the server has accepted (both clients must keep theirs open).
static CONNECTIONS: AtomicUsize = AtomicUsize::new(0);

/// Serves one connection: reads each request (headers, then `Content-Length` bytes of body)
/// and writes the fixed response.
async fn serve(mut socket: TcpStream, response: std::sync::Arc<Vec<u8>>) {
    socket.set_nodelay(true).ok();
    let mut buffer: Vec<u8> = Vec::with_capacity(16 * 1024);
    let mut chunk = vec![0u8; 16 * 1024];
    loop {
        // Headers.
        let end = loop {
            if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                break at + 4;
            }
            match socket.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        };
        let head = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
        let length: usize = head
            .lines()
            .find_map(|line| line.strip_prefix("content-length:"))
            .map(|v| v.trim().parse().expect("a length"))
            .unwrap_or(0);
        while buffer.len() < end + length {
            match socket.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        }
        buffer.drain(..end + length);
        if socket.write_all(&response).await.is_err() {
            return;
        }
    }
}

/// Starts the server on its own thread and runtime; returns its address.
fn start_server(body: Vec<u8>) -> SocketAddr {
    let mut response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nx-request-id: req_bench\r\n\r\n",
        body.len()
    )
    .into_bytes();
    response.extend_from_slice(&body);
    let response = std::sync::Arc::new(response);
    let std_listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    std_listener.set_nonblocking(true).expect("non-blocking");
    let addr = std_listener.local_addr().expect("an address");
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        runtime.block_on(async move {
            let listener = TcpListener::from_std(std_listener).expect("a listener");
            loop {
                let (socket, _) = listener.accept().await.expect("a connection");
                CONNECTIONS.fetch_add(1, Ordering::Relaxed);
                tokio::spawn(serve(socket, response.clone()));
            }
        });
    });
    addr
}

/// The baseline: the same request with bare reqwest — same headers, the body encoded by
/// serde_json from the same typed request, the answer decoded by serde_json into the same
/// `RunObject` — without the client's retry loop, span, size limit or error mapping.
async fn bare<T: serde::de::DeserializeOwned>(
    http: &reqwest::Client,
    url: &str,
    request: &CreateThreadAndRunRequest,
) -> T {
    let body = serde_json::to_vec(request).expect("encodes");
    let response = http
        .post(url)
        .header(AUTHORIZATION, format!("Bearer {KEY}"))
        .header("OpenAI-Beta", "assistants=v2")
        .header(ACCEPT, "application/json")
        .header(USER_AGENT, "bench")
        .header(CONTENT_TYPE, "application/json")
        .body(body)
        .send()
        .await
        .expect("an answer")
        .error_for_status()
        .expect("a 2xx");
    let bytes = response.bytes().await.expect("a body");
    serde_json::from_slice(&bytes).expect("a run")
}

/// The client as the bench measures it: no retries, the server at `base`.
fn builder(base: &str) -> generated_client::ClientBuilder {
    Client::builder().api_key(KEY).base_url(base).max_retries(0)
}

/// A server on 127.0.0.1 answering with the every-field run; its base URL and the full URL
/// of the operation.
fn server() -> (String, String) {
    let body = serde_json::to_vec(&common::complete_run()).expect("encodes");
    let base = format!("http://{}", start_server(body));
    let url = format!("{base}/threads/runs");
    (base, url)
}

fn roundtrip(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let (base, url) = server();
    let request = common::full_request();

    let client = builder(&base).build().expect("a client");
    let http = reqwest::Client::builder().build().expect("a client");
    // The client around the very reqwest client the baseline uses: what the client adds
    // on top of reqwest, without its reqwest settings (connect and read timeouts).
    let over_bare = builder(&base)
        .http_client(http.clone())
        .build()
        .expect("a client");

    // Both work, and agree.
    let (ours, theirs) = runtime.block_on(async {
        let ours = client.create_thread_and_run(&request).await.expect("a run");
        let theirs: RunObject = bare(&http, &url, &request).await;
        (ours, theirs)
    });
    assert_eq!(ours, theirs);

    let mut group = c.benchmark_group("roundtrip/createThreadAndRun");
    group
        .sample_size(50)
        .measurement_time(Duration::from_secs(8));
    group.bench_function(
        BenchmarkId::new("bare", "reqwest + serde_json RunObject"),
        |b| b.iter(|| runtime.block_on(bare::<RunObject>(&http, &url, black_box(&request)))),
    );
    group.bench_function(
        BenchmarkId::new("stage", "reqwest + serde_json::Value"),
        |b| {
            b.iter(|| runtime.block_on(bare::<serde_json::Value>(&http, &url, black_box(&request))))
        },
    );
    group.bench_function(
        BenchmarkId::new("ours", "Client::create_thread_and_run"),
        |b| {
            b.iter(|| {
                runtime
                    .block_on(client.create_thread_and_run(black_box(&request)))
                    .expect("a run")
            })
        },
    );
    group.bench_function(
        BenchmarkId::new("stage", "Client over the bare reqwest::Client"),
        |b| {
            b.iter(|| {
                runtime
                    .block_on(over_bare.create_thread_and_run(black_box(&request)))
                    .expect("a run")
            })
        },
    );
    group.finish();

    // The same on a current-thread runtime: the connection task and the caller share one
    // thread, so the time does not depend on which worker the connection lands on (on a
    // busy 2-core machine the multi-threaded figures above swing between two modes).
    let local = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let (client, http) = local.block_on(async {
        let client = builder(&base).build().expect("a client");
        (
            client,
            reqwest::Client::builder().build().expect("a client"),
        )
    });
    let mut group = c.benchmark_group("roundtrip/createThreadAndRun, current-thread runtime");
    group
        .sample_size(50)
        .measurement_time(Duration::from_secs(6));
    group.bench_function(
        BenchmarkId::new("bare", "reqwest + serde_json RunObject"),
        |b| b.iter(|| local.block_on(bare::<RunObject>(&http, &url, black_box(&request)))),
    );
    group.bench_function(
        BenchmarkId::new("ours", "Client::create_thread_and_run"),
        |b| {
            b.iter(|| {
                local
                    .block_on(client.create_thread_and_run(black_box(&request)))
                    .expect("a run")
            })
        },
    );
    group.finish();
    eprintln!(
        "connections accepted: {}",
        CONNECTIONS.load(Ordering::Relaxed)
    );
}

/// `calls` calls of one client (`bare` or `ours`) on a current-thread runtime, for counting
/// instructions per call: run under `valgrind --tool=callgrind` with two counts and divide the
/// difference (start-up cancels out). See BENCHMARKS.md.
fn count(calls: usize, which: &str) {
    let (base, url) = server();
    let request = common::full_request();
    let local = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    local.block_on(async {
        match which {
            "bare" => {
                let http = reqwest::Client::builder().build().expect("a client");
                for _ in 0..calls {
                    black_box(bare::<RunObject>(&http, &url, black_box(&request)).await);
                }
            }
            "ours" => {
                let client = builder(&base).build().expect("a client");
                for _ in 0..calls {
                    black_box(
                        client
                            .create_thread_and_run(black_box(&request))
                            .await
                            .expect("a run"),
                    );
                }
            }
            other => panic!("ROUNDTRIP_CLIENT={other}: `bare` or `ours`"),
        }
    });
}

criterion_group!(benches, roundtrip);

fn main() {
    if let Ok(calls) = std::env::var("ROUNDTRIP_COUNT") {
        let which = std::env::var("ROUNDTRIP_CLIENT").unwrap_or_else(|_| "ours".to_owned());
        count(calls.parse().expect("ROUNDTRIP_COUNT is a number"), &which);
        return;
    }
    benches();
    criterion::Criterion::default()
        .configure_from_args()
        .final_summary();
}
