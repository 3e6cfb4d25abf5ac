//! The client against servers on 127.0.0.1 that misbehave on purpose: a connection reset
//! mid-body, truncated JSON, invalid UTF-8, a 100 MB body, an event stream that never ends,
//! a server that accepts and never answers, a slowloris trickle. Each ends in a typed error
//! within the configured timeout, memory stays bounded by the response size limit, and the API
//! key shows in none of the errors; header values from the configuration are validated.
//!
//! Every server is a hand-rolled HTTP/1.1 server (see `hostile_support`), stopped when its
//! test ends; every test runs under a guard timeout of its own, so that nothing can hang the
//! suite, and in real time (the client's timeouts are tokio timers racing real sockets).

mod hostile_support;

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use generated_client::types::AssistantStreamEvent;
use generated_client::{Client, Error, ErrorKind};
use hostile_support::{
    assert_no_secret, builder, chunk, client, request, serve, within, Conn, KEY, MIB,
};

/// The default response size limit (`DEFAULT_MAX_RESPONSE_SIZE`).
const DEFAULT_LIMIT: usize = 32 * MIB;

/// The body size of the "100 MB" servers.
const HUNDRED_MB: usize = 100 * 1000 * 1000;

/// How much later than its deadline a timeout may fire on a busy machine.
const SLACK: Duration = Duration::from_millis(700);

/// Calls `create_thread_and_run`, expecting an error, and checks that the error does not show
/// the key. Returns the error and how long the call took.
async fn fail(client: &Client) -> (Error, Duration) {
    let start = Instant::now();
    let error = client
        .create_thread_and_run(&request())
        .await
        .expect_err("a hostile server cannot produce a run");
    let elapsed = start.elapsed();
    assert_no_secret(&error);
    (error, elapsed)
}

fn client_for(server: &hostile_support::Server, timeout: Duration) -> Client {
    client(&server.base_url(), timeout)
}

fn assert_too_large(error: &Error, limit: usize) {
    match error {
        Error::TooLarge { limit: actual, .. } => assert_eq!(*actual, limit, "{error}"),
        other => panic!("expected Error::TooLarge, got {other:?}"),
    }
    assert_eq!(error.kind(), ErrorKind::TooLarge);
    assert!(!error.is_retryable());
}

// ---------------------------------------------------------------------------------------------
// A connection cut mid-body
// ---------------------------------------------------------------------------------------------

/// Headers announcing 1000 bytes, then 100 of them.
const PROMISES_1000: &[u8] = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
x-request-id: req_cut\r\ncontent-length: 1000\r\n\r\n";

#[tokio::test]
async fn a_connection_reset_mid_body_is_a_connection_error() {
    within(async {
        let server = serve(|mut conn: Conn| async move {
            conn.read_request().await?;
            conn.send(PROMISES_1000).await?;
            conn.send(&[b' '; 100]).await?;
            // Let the client read the head and those bytes, then reset (SO_LINGER 0: an RST,
            // not a FIN).
            tokio::time::sleep(Duration::from_millis(50)).await;
            conn.reset()
        })
        .await;
        let client = client(&server.base_url(), Duration::from_secs(3));
        let (error, elapsed) = fail(&client).await;
        assert!(matches!(error, Error::Http(_)), "{error:?}");
        assert_eq!(error.kind(), ErrorKind::Connection);
        assert!(error.is_retryable());
        assert!(elapsed < Duration::from_secs(1), "{elapsed:?}");
        assert!(server.wait_done(Duration::from_secs(1)).await);
    })
    .await;
}

#[tokio::test]
async fn a_connection_closed_mid_body_is_a_connection_error() {
    within(async {
        let server = serve(|mut conn: Conn| async move {
            conn.read_request().await?;
            conn.send(PROMISES_1000).await?;
            conn.send(&[b' '; 100]).await?;
            // A FIN after 100 of the 1000 bytes announced.
            conn.close().await
        })
        .await;
        let client = client(&server.base_url(), Duration::from_secs(3));
        let (error, elapsed) = fail(&client).await;
        assert!(matches!(error, Error::Http(_)), "{error:?}");
        assert_eq!(error.kind(), ErrorKind::Connection);
        assert!(elapsed < Duration::from_secs(1), "{elapsed:?}");
    })
    .await;
}

#[tokio::test]
async fn a_reset_is_retried_like_any_connection_failure() {
    within(async {
        let server = serve(|mut conn: Conn| async move {
            conn.read_request().await?;
            conn.send(PROMISES_1000).await?;
            conn.send(&[b' '; 100]).await?;
            conn.reset()
        })
        .await;
        let client = builder(&server.base_url())
            .max_retries(1)
            .timeout(Duration::from_secs(3))
            .build()
            .expect("a client");
        let (error, _) = fail(&client).await;
        assert_eq!(error.kind(), ErrorKind::Connection, "{error:?}");
        assert_eq!(server.connections(), 2, "the attempt and one retry");
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// Bodies that are not what they claim
// ---------------------------------------------------------------------------------------------

/// A complete response with `status`, `head` lines (each ending in CRLF) and `body`.
fn response(status: &str, head: &[u8], body: &[u8]) -> Vec<u8> {
    let mut bytes = format!("HTTP/1.1 {status}\r\ncontent-type: application/json\r\n").into_bytes();
    bytes.extend_from_slice(head);
    bytes.extend_from_slice(format!("content-length: {}\r\n\r\n", body.len()).as_bytes());
    bytes.extend_from_slice(body);
    bytes
}

/// A server answering every request with `bytes`, then closing.
async fn answering(bytes: Vec<u8>) -> hostile_support::Server {
    serve(move |mut conn: Conn| {
        let bytes = bytes.clone();
        async move {
            conn.read_request().await?;
            conn.send(&bytes).await?;
            conn.close().await
        }
    })
    .await
}

#[tokio::test]
async fn truncated_json_is_a_decode_error_keeping_the_body() {
    within(async {
        let body = r#"{"id": "run_1", "obj"#;
        let server = answering(response(
            "200 OK",
            b"x-request-id: req_trunc\r\n",
            body.as_bytes(),
        ))
        .await;
        let (error, _) = fail(&client(&server.base_url(), Duration::from_secs(3))).await;
        let Error::Decode(decode) = &error else {
            panic!("expected Error::Decode, got {error:?}");
        };
        assert_eq!(decode.body(), body);
        assert_eq!(decode.status().as_u16(), 200);
        assert_eq!(decode.request_id(), Some("req_trunc"));
        assert!(decode.message().contains("EOF"), "{}", decode.message());
        assert_eq!(error.kind(), ErrorKind::Decode);
        assert!(!error.is_retryable());
    })
    .await;
}

#[tokio::test]
async fn invalid_utf8_in_a_success_body_is_a_decode_error() {
    within(async {
        let body = b"{\"id\": \"run_\xff\xfe\", \"object\": \"thread.run\"}";
        let server = answering(response("200 OK", b"", body)).await;
        let (error, _) = fail(&client(&server.base_url(), Duration::from_secs(3))).await;
        let Error::Decode(decode) = &error else {
            panic!("expected Error::Decode, got {error:?}");
        };
        assert!(decode
            .body()
            .starts_with("{\"id\": \"run_\u{FFFD}\u{FFFD}\""));
        assert!(!error.to_string().is_empty());
    })
    .await;
}

#[tokio::test]
async fn invalid_utf8_in_an_error_body_is_an_api_error_with_a_lossy_body() {
    within(async {
        for body in [
            &b"{\"error\": {\"message\": \"bad \xff request\"}}"[..],
            b"\xff\xfe\x00\x01 not even text \xc3",
        ] {
            let server = answering(response("400 Bad Request", b"", body)).await;
            let (error, _) = fail(&client(&server.base_url(), Duration::from_secs(3))).await;
            let Error::Api(api) = &error else {
                panic!("expected Error::Api, got {error:?}");
            };
            assert_eq!(api.status().as_u16(), 400);
            assert_eq!(api.body(), String::from_utf8_lossy(body));
            assert!(api.body().contains('\u{FFFD}'), "{}", api.body());
            // JSON text must be UTF-8: the envelope does not parse.
            assert!(api.error().is_none());
            assert!(error.to_string().starts_with("400 Bad Request"), "{error}");
        }
    })
    .await;
}

#[tokio::test]
async fn an_invalid_utf8_request_id_is_left_out() {
    within(async {
        let server = answering(response(
            "400 Bad Request",
            b"x-request-id: req_\xff\r\n",
            b"{}",
        ))
        .await;
        let (error, _) = fail(&client(&server.base_url(), Duration::from_secs(3))).await;
        // Bytes above 0x7f are allowed in a header value (obs-text), but are not text.
        let Error::Api(api) = &error else {
            panic!("expected Error::Api, got {error:?}");
        };
        assert_eq!(api.request_id(), None);
        assert_eq!(error.request_id(), None);
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// Bodies too large to hold
// ---------------------------------------------------------------------------------------------

/// The peak resident set size of this process (`VmHWM`), when the platform tells it.
fn peak_rss() -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kib: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// A server streaming `total` bytes of body in 64 KiB chunks, chunked, after the head of
/// `status`, until the client goes away.
async fn streaming_huge(status: &'static str, total: usize) -> hostile_support::Server {
    serve(move |mut conn: Conn| async move {
        conn.read_request().await?;
        conn.send(
            format!(
                "HTTP/1.1 {status}\r\ncontent-type: application/json\r\n\
                 x-request-id: req_huge\r\ntransfer-encoding: chunked\r\n\r\n"
            )
            .as_bytes(),
        )
        .await?;
        let block = vec![b'x'; 64 * 1024];
        let mut sent = 0;
        while sent < total {
            conn.send(&chunk(&block)).await?;
            sent += block.len();
        }
        conn.send(b"0\r\n\r\n").await?;
        conn.close().await
    })
    .await
}

#[tokio::test]
async fn a_100_mb_body_is_refused_with_bounded_memory() {
    within(async {
        // Chunked, no length announced: refused once 32 MiB have arrived.
        let peak_before = peak_rss();
        let server = streaming_huge("200 OK", HUNDRED_MB).await;
        let (error, elapsed) = fail(&client_for(&server, Duration::from_secs(8))).await;
        assert_too_large(&error, DEFAULT_LIMIT);
        assert_eq!(error.request_id(), Some("req_huge"));
        assert!(elapsed < Duration::from_secs(6), "{elapsed:?}");
        // The refusal closed the connection: the server's writes fail.
        assert!(server.wait_done(Duration::from_secs(2)).await);
        // What the kernel buffered beyond what the client read (4 to 8 MiB measured).
        let written = server.written();
        assert!(
            written < DEFAULT_LIMIT + 24 * MIB,
            "the server wrote {written} bytes"
        );
        assert!(written > DEFAULT_LIMIT, "the server wrote {written} bytes");
        if let (Some(before), Some(after)) = (peak_before, peak_rss()) {
            let growth = after.saturating_sub(before);
            // The 32 MiB read so far (about 40 MiB measured, with the connection's buffers),
            // with room for the allocator copying as the buffer grows; never the 100 MB sent.
            assert!(
                growth < 2 * DEFAULT_LIMIT,
                "the peak RSS grew by {} MiB",
                growth / MIB
            );
        }

        // 100 MB announced: refused on the head, before any of the body is read.
        let server = serve(|mut conn: Conn| async move {
            conn.read_request().await?;
            conn.send(
                format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                     content-length: {HUNDRED_MB}\r\n\r\n"
                )
                .as_bytes(),
            )
            .await?;
            let block = vec![b'x'; 64 * 1024];
            loop {
                conn.send(&block).await?;
            }
        })
        .await;
        let (error, elapsed) = fail(&client_for(&server, Duration::from_secs(8))).await;
        assert_too_large(&error, DEFAULT_LIMIT);
        assert!(elapsed < Duration::from_secs(1), "{elapsed:?}");
        assert!(server.wait_done(Duration::from_secs(2)).await);
        let written = server.written();
        assert!(written < 16 * MIB, "the server wrote {written} bytes");
    })
    .await;
}

#[tokio::test]
async fn a_configured_limit_refuses_a_2_kb_body() {
    within(async {
        let body = format!("{{\"id\": \"{}\"}}", "x".repeat(2048));
        // Announced.
        let server = answering(response("200 OK", b"", body.as_bytes())).await;
        let client = builder(&server.base_url())
            .max_response_size(1024)
            .build()
            .expect("a client");
        let (error, _) = fail(&client).await;
        assert_too_large(&error, 1024);
        assert!(error.to_string().contains("1024-byte limit"), "{error}");

        // Chunked, no length.
        let server = streaming_huge("200 OK", 2048).await;
        let client = builder(&server.base_url())
            .max_response_size(1024)
            .build()
            .expect("a client");
        let (error, _) = fail(&client).await;
        assert_too_large(&error, 1024);

        // A body of exactly the limit is read.
        let server = answering(response("200 OK", b"", &[b' '; 1024])).await;
        let client = builder(&server.base_url())
            .max_response_size(1024)
            .build()
            .expect("a client");
        let (error, _) = fail(&client).await;
        assert_eq!(error.kind(), ErrorKind::Decode, "{error:?}");
    })
    .await;
}

#[tokio::test]
async fn a_huge_error_body_is_cut_at_the_limit() {
    within(async {
        let server = streaming_huge("400 Bad Request", HUNDRED_MB).await;
        let client = builder(&server.base_url())
            .max_response_size(4096)
            .build()
            .expect("a client");
        let (error, elapsed) = fail(&client).await;
        let Error::Api(api) = &error else {
            panic!("expected Error::Api, got {error:?}");
        };
        assert_eq!(api.status().as_u16(), 400);
        assert_eq!(api.body().len(), 4096);
        assert!(elapsed < Duration::from_secs(1), "{elapsed:?}");
        assert!(server.wait_done(Duration::from_secs(2)).await);
        assert!(server.written() < 16 * MIB, "{}", server.written());
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// Event streams that never end
// ---------------------------------------------------------------------------------------------

/// The head of a chunked event-stream answer.
const STREAM_HEAD: &[u8] = b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n\
x-request-id: req_sse\r\ntransfer-encoding: chunked\r\n\r\n";

const THREAD: &str = r#"{"id":"thread_1","object":"thread","created_at":1,"metadata":{}}"#;
const DONE: &str = "event: done\ndata: [DONE]\n\n";

fn thread_created() -> String {
    format!("event: thread.created\ndata: {THREAD}\n\n")
}

#[tokio::test]
async fn an_event_that_never_ends_is_refused_at_the_limit() {
    within(async {
        let server = serve(|mut conn: Conn| async move {
            conn.read_request().await?;
            conn.send(STREAM_HEAD).await?;
            conn.send(&chunk(b"event: thread.created\ndata: ")).await?;
            let block = vec![b'x'; 4096];
            loop {
                conn.send(&chunk(&block)).await?;
            }
        })
        .await;
        let client = builder(&server.base_url())
            .max_response_size(64 * 1024)
            .build()
            .expect("a client");
        let mut stream = client
            .create_thread_and_run_stream(&request())
            .await
            .expect("the stream starts");
        let item = stream.next().await.expect("an item");
        let error = item.expect_err("the event is too large");
        assert_no_secret(&error);
        assert_too_large(&error, 64 * 1024);
        assert_eq!(error.request_id(), Some("req_sse"));
        assert!(stream.next().await.is_none(), "the stream ends");
        drop(stream);
        assert!(server.wait_done(Duration::from_secs(2)).await);
        let written = server.written();
        assert!(written < 16 * MIB, "the server wrote {written} bytes");
    })
    .await;
}

#[tokio::test]
async fn endless_keepalives_are_bounded_by_the_caller_and_dropping_closes() {
    within(async {
        let server = serve(|mut conn: Conn| async move {
            conn.read_request().await?;
            conn.send(STREAM_HEAD).await?;
            loop {
                conn.send(&chunk(b": keepalive\n\n")).await?;
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        })
        .await;
        // The timeout bounds the wait for the stream to start, not the stream.
        let client = client(&server.base_url(), Duration::from_millis(300));
        let mut stream = client
            .create_thread_and_run_stream(&request())
            .await
            .expect("the stream starts");
        let waited = tokio::time::timeout(Duration::from_millis(600), stream.next()).await;
        assert!(
            waited.is_err(),
            "keepalives carry no event: {:?}",
            waited.map(|item| item.map(|item| item.map(|_| ())))
        );
        assert!(!server.is_done(), "the server is still writing");
        drop(stream);
        assert!(
            server.wait_done(Duration::from_secs(1)).await,
            "dropping the stream closes the connection"
        );
    })
    .await;
}

#[tokio::test]
async fn keepalives_do_not_count_toward_the_event_limit() {
    within(async {
        let server = serve(|mut conn: Conn| async move {
            conn.read_request().await?;
            conn.send(STREAM_HEAD).await?;
            // 300 keepalives (3.9 KB): far more than the limit, but no event.
            for _ in 0..300 {
                conn.send(&chunk(b": keepalive\n\n")).await?;
            }
            conn.send(&chunk(thread_created().as_bytes())).await?;
            conn.send(&chunk(DONE.as_bytes())).await?;
            conn.send(b"0\r\n\r\n").await?;
            conn.close().await
        })
        .await;
        let client = builder(&server.base_url())
            .max_response_size(1024)
            .build()
            .expect("a client");
        let stream = client
            .create_thread_and_run_stream(&request())
            .await
            .expect("the stream starts");
        let items: Vec<_> = stream.collect().await;
        assert_eq!(items.len(), 1, "{items:?}");
        assert!(
            matches!(items[0], Ok(AssistantStreamEvent::ThreadCreated(_))),
            "{items:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn many_small_events_in_one_chunk_fit_a_small_limit() {
    within(async {
        let server = serve(|mut conn: Conn| async move {
            conn.read_request().await?;
            conn.send(STREAM_HEAD).await?;
            // 40 events of about 100 bytes in one 4 KB chunk; the limit is 1 KiB per event.
            let mut events = thread_created().repeat(40);
            events.push_str(DONE);
            conn.send(&chunk(events.as_bytes())).await?;
            conn.send(b"0\r\n\r\n").await?;
            conn.close().await
        })
        .await;
        let client = builder(&server.base_url())
            .max_response_size(1024)
            .build()
            .expect("a client");
        let stream = client
            .create_thread_and_run_stream(&request())
            .await
            .expect("the stream starts");
        let items: Vec<_> = stream.collect().await;
        assert_eq!(items.len(), 40, "{items:?}");
        assert!(items
            .iter()
            .all(|item| matches!(item, Ok(AssistantStreamEvent::ThreadCreated(_)))));
    })
    .await;
}

#[tokio::test]
async fn an_event_just_over_the_limit_is_refused_even_in_one_chunk() {
    within(async {
        let server = serve(|mut conn: Conn| async move {
            conn.read_request().await?;
            conn.send(STREAM_HEAD).await?;
            let big = format!("event: thread.created\ndata: {}\n\n", "x".repeat(2048));
            let events = format!("{}{big}{DONE}", thread_created());
            conn.send(&chunk(events.as_bytes())).await?;
            conn.send(b"0\r\n\r\n").await?;
            conn.close().await
        })
        .await;
        let client = builder(&server.base_url())
            .max_response_size(1024)
            .build()
            .expect("a client");
        let stream = client
            .create_thread_and_run_stream(&request())
            .await
            .expect("the stream starts");
        let items: Vec<_> = stream.collect().await;
        assert!(
            matches!(items.last(), Some(Err(Error::TooLarge { limit: 1024, .. }))),
            "{items:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn invalid_utf8_in_an_event_ends_the_stream_with_an_error() {
    within(async {
        let server = serve(|mut conn: Conn| async move {
            conn.read_request().await?;
            conn.send(STREAM_HEAD).await?;
            conn.send(&chunk(
                b"event: thread.created\ndata: {\"id\": \"\xff\"}\n\n",
            ))
            .await?;
            conn.send(&chunk(DONE.as_bytes())).await?;
            conn.send(b"0\r\n\r\n").await?;
            conn.close().await
        })
        .await;
        let client = client(&server.base_url(), Duration::from_secs(3));
        let stream = client
            .create_thread_and_run_stream(&request())
            .await
            .expect("the stream starts");
        let items: Vec<_> = stream.collect().await;
        assert_eq!(items.len(), 1, "{items:?}");
        let error = items[0].as_ref().expect_err("not UTF-8");
        assert_no_secret(error);
        assert!(matches!(error, Error::Stream(_)), "{error:?}");
        assert_eq!(error.request_id(), Some("req_sse"));
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// Servers that take forever
// ---------------------------------------------------------------------------------------------

const TIMEOUT: Duration = Duration::from_millis(300);

fn assert_timed_out(error: &Error, elapsed: Duration) {
    assert!(matches!(error, Error::Timeout), "{error:?}");
    assert_eq!(error.kind(), ErrorKind::Timeout);
    assert!(elapsed >= TIMEOUT, "{elapsed:?}: before the timeout");
    assert!(
        elapsed < TIMEOUT + SLACK,
        "{elapsed:?}: long after the timeout"
    );
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    within(async {
        let server = serve(|mut conn: Conn| async move {
            conn.read_request().await?;
            conn.hold().await
        })
        .await;
        let client = client(&server.base_url(), TIMEOUT);
        let (error, elapsed) = fail(&client).await;
        assert_timed_out(&error, elapsed);

        // A stream too: the timeout bounds the wait for the response to start.
        let start = Instant::now();
        let error = client
            .create_thread_and_run_stream(&request())
            .await
            .expect_err("no answer");
        assert_timed_out(&error, start.elapsed());
    })
    .await;
}

#[tokio::test]
async fn a_server_that_never_reads_times_out() {
    within(async {
        let server = serve(|conn: Conn| async move { conn.hold_unread().await }).await;
        let client = client(&server.base_url(), TIMEOUT);
        let (error, elapsed) = fail(&client).await;
        assert_timed_out(&error, elapsed);
    })
    .await;
}

#[tokio::test]
async fn a_slowloris_body_times_out() {
    within(async {
        let server = serve(|mut conn: Conn| async move {
            conn.read_request().await?;
            conn.send(PROMISES_1000).await?;
            loop {
                conn.send(b" ").await?;
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        })
        .await;
        let client = client(&server.base_url(), TIMEOUT);
        let (error, elapsed) = fail(&client).await;
        assert_timed_out(&error, elapsed);
        // The attempt gave up: the connection is closed.
        assert!(server.wait_done(Duration::from_secs(1)).await);
    })
    .await;
}

#[tokio::test]
async fn a_slowloris_head_times_out() {
    within(async {
        let server = serve(|mut conn: Conn| async move {
            conn.read_request().await?;
            for &byte in PROMISES_1000.iter().cycle() {
                conn.send(&[byte]).await?;
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            Ok(())
        })
        .await;
        let client = client(&server.base_url(), TIMEOUT);
        let (error, elapsed) = fail(&client).await;
        assert_timed_out(&error, elapsed);
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// Secrets and configuration
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn the_key_is_sent_but_never_shown() {
    within(async {
        let server = answering(response("401 Unauthorized", b"", b"{}")).await;
        let builder = builder(&server.base_url())
            .organization("org_1")
            .default_header("X-Trace", "on");
        for shown in [format!("{builder:?}"), format!("{builder:#?}")] {
            assert!(!shown.contains(KEY) && !shown.contains("SECRET"), "{shown}");
        }
        let client = builder.build().expect("a client");
        for shown in [format!("{client:?}"), format!("{client:#?}")] {
            assert!(!shown.contains(KEY) && !shown.contains("SECRET"), "{shown}");
        }
        let (error, _) = fail(&client).await;
        assert_eq!(error.kind(), ErrorKind::Authentication);
        // The key did go out, so that the errors above had it to leak.
        let head = server.request_head();
        assert!(
            head.to_ascii_lowercase().contains(&format!(
                "authorization: bearer {}",
                KEY.to_ascii_lowercase()
            )),
            "{head}"
        );
    })
    .await;
}

/// Log output, shared between a subscriber and the test.
#[derive(Clone, Default)]
struct LogBuffer(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for LogBuffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .expect("not poisoned")
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn hostile_failures_log_without_the_key() {
    let buffer = LogBuffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .finish();
    // `#[tokio::test]` runs the client on this thread: the thread's default sees its events.
    let _guard = tracing::subscriber::set_default(subscriber);
    within(async {
        let reset = serve(|mut conn: Conn| async move {
            conn.read_request().await?;
            conn.send(PROMISES_1000).await?;
            conn.reset()
        })
        .await;
        let truncated = answering(response("200 OK", b"", br#"{"id": "#)).await;
        let huge = streaming_huge("200 OK", 4096).await;
        let silent = serve(|mut conn: Conn| async move {
            conn.read_request().await?;
            conn.hold().await
        })
        .await;
        for server in [&reset, &truncated, &huge, &silent] {
            let client = builder(&server.base_url())
                .max_retries(1)
                .max_response_size(1024)
                .timeout(Duration::from_millis(200))
                .build()
                .expect("a client");
            fail(&client).await;
        }
    })
    .await;
    let log = String::from_utf8_lossy(&buffer.0.lock().expect("not poisoned")).into_owned();
    assert!(log.contains("request failed"), "{log}");
    assert!(
        !log.contains(KEY) && !log.contains("SECRET") && !log.contains("Bearer"),
        "{log}"
    );
}

#[test]
fn header_values_with_line_breaks_are_refused_without_echo() {
    let cases = [
        (
            Client::builder().api_key("sk-x\r\nX-Evil: 1").build(),
            "sk-x",
        ),
        (
            Client::builder().api_key(KEY).organization("a\nb").build(),
            "a\nb",
        ),
        (
            Client::builder()
                .api_key(KEY)
                .project("p\r\nX-Evil: 1")
                .build(),
            "X-Evil",
        ),
        (
            Client::builder()
                .api_key(KEY)
                .default_header("X", "a\r\nb")
                .build(),
            "a\r\nb",
        ),
        (
            Client::builder()
                .api_key(KEY)
                .default_header("X", "v\0")
                .build(),
            "v\0",
        ),
    ];
    for (result, value) in cases {
        let error = result.expect_err("a line break in a header value");
        let Error::Config(message) = &error else {
            panic!("expected Error::Config, got {error:?}");
        };
        for shown in [message.clone(), error.to_string(), format!("{error:?}")] {
            assert!(!shown.contains(value), "{shown:?} echoes {value:?}");
            assert!(!shown.contains("Evil") && !shown.contains(KEY), "{shown:?}");
        }
        assert_eq!(error.kind(), ErrorKind::Config);
    }
    // Per-call headers are checked the same way.
    let error = generated_client::RequestOptions::new()
        .header("X-Trace", "a\r\nX-Evil: 1")
        .expect_err("a line break");
    assert!(matches!(error, Error::Config(_)), "{error:?}");
    assert!(!error.to_string().contains("Evil"), "{error}");
}

#[test]
fn the_crate_forbids_unsafe_code() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/lib.rs");
    let source = std::fs::read_to_string(path).expect("lib.rs");
    assert!(
        source
            .lines()
            .any(|line| line.trim() == "#![forbid(unsafe_code)]"),
        "lib.rs must keep #![forbid(unsafe_code)]"
    );
}
