//! Tracing and redaction: the `generated_client.request` span (named after the crate) and the retry event a request emits, read
//! from a `tracing_subscriber::fmt` subscriber that writes into memory, and the API key absent
//! from the log, from `Debug` of the client and its builder, and from `Debug` and `Display` of
//! every kind of error.
//!
//! The subscriber is the thread's default for the test (`set_default`); `#[tokio::test]` runs
//! the client and its connection tasks on that one thread. wiremock serves from a thread of its
//! own, whose events this subscriber does not see.

mod runtime_support;

use std::io::{self, Write};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use generated_client::{Client, Error, ErrorKind};
use runtime_support::{
    base_url, builder, client, failure, ok, refused_base_url, request_count, run_request,
    server_answering_in_turn, silent_server, within, KEY,
};
use tracing::subscriber::DefaultGuard;
use tracing_subscriber::fmt::format::FmtSpan;

/// Log output, shared between the subscriber and the test.
#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Buffer {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().expect("not poisoned").clone()).expect("UTF-8 log")
    }
}

impl Write for Buffer {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0
            .lock()
            .expect("not poisoned")
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Installs a subscriber logging everything (span closes included, with their fields) into a
/// buffer, as this thread's default until the guard drops.
fn capture() -> (Buffer, DefaultGuard) {
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .finish();
    (buffer, tracing::subscriber::set_default(subscriber))
}

/// Asserts that `text` does not hold the key, nor the header it is sent in.
fn assert_no_key(what: &str, text: &str) {
    assert!(!text.contains(KEY), "{what} shows the key:\n{text}");
    assert!(
        !text.contains("SECRET"),
        "{what} shows part of the key:\n{text}"
    );
    assert!(
        !text.contains("Bearer"),
        "{what} shows the authorization:\n{text}"
    );
}

#[tokio::test]
async fn a_retried_request_logs_its_span_and_the_retry_without_the_key() {
    let (buffer, _guard) = capture();
    within(async {
        let server = server_answering_in_turn(vec![failure(503), ok()]).await;
        let run = client(&server)
            .create_thread_and_run(&run_request())
            .await
            .expect("the retry succeeds");
        assert_eq!(run.id, "run_abc123");
        assert_eq!(request_count(&server).await, 2);
    })
    .await;

    let log = buffer.text();
    // The span, with the fields known from the start and those recorded on the way.
    for expected in [
        "generated_client.request",
        "createThreadAndRun",
        "method=POST",
        "path=/threads/runs",
        "attempt=1",
        "status=503",
        "request_id=\"req_503\"",
        "attempt=2",
        "status=200",
        "request_id=\"req_ok\"",
        // The span's close event (`FmtSpan::CLOSE`).
        "close",
    ] {
        assert!(log.contains(expected), "no `{expected}` in the log:\n{log}");
    }
    // The retry event, with the error it retries and the wait.
    let retry = log
        .lines()
        .find(|line| line.contains("retrying"))
        .unwrap_or_else(|| panic!("no retry event in the log:\n{log}"));
    assert!(retry.contains("INFO"), "{retry}");
    assert!(retry.contains("503"), "{retry}");
    assert!(retry.contains("wait_ms=0"), "{retry}");
    assert!(retry.contains("generated_client.request"), "{retry}");
    assert_no_key("the log", &log);
}

#[tokio::test]
async fn a_request_that_gives_up_logs_why_without_the_key() {
    let (buffer, _guard) = capture();
    within(async {
        let server = server_answering_in_turn(vec![failure(401)]).await;
        let error = client(&server)
            .create_thread_and_run(&run_request())
            .await
            .expect_err("a 401");
        assert_eq!(error.kind(), ErrorKind::Authentication);
    })
    .await;

    let log = buffer.text();
    assert!(log.contains("request failed"), "{log}");
    assert!(log.contains("status=401"), "{log}");
    assert!(log.contains("request_id=\"req_401\""), "{log}");
    assert!(log.contains("attempt=1"), "{log}");
    assert!(!log.contains("retrying"), "{log}");
    assert_no_key("the log", &log);
}

#[tokio::test]
async fn the_client_and_its_builder_never_show_the_key() {
    let builder = Client::builder()
        .api_key(KEY)
        .organization("org_1")
        .default_header("X-Trace", "on");
    for shown in [format!("{builder:?}"), format!("{builder:#?}")] {
        assert_no_key("the builder", &shown);
    }
    let client = builder.build().expect("a client");
    for shown in [format!("{client:?}"), format!("{client:#?}")] {
        assert_no_key("the client", &shown);
        assert!(shown.contains("org_1"), "{shown}");
    }

    // A key that cannot be a header value is refused without being quoted.
    let error = Client::new(format!("{KEY}\r\nX-Evil: 1")).expect_err("refused");
    assert!(matches!(error, Error::Config(_)), "{error:?}");
    assert_no_key("a configuration error", &error.to_string());
    assert_no_key("a configuration error", &format!("{error:?}"));
}

#[tokio::test]
async fn errors_of_every_kind_never_show_the_key() {
    let (buffer, _guard) = capture();
    let errors = within(async {
        let mut errors = Vec::new();

        // An answer outside 2xx.
        let server = server_answering_in_turn(vec![failure(503)]).await;
        let api = builder(&base_url(&server))
            .max_retries(0)
            .build()
            .expect("a client")
            .create_thread_and_run(&run_request())
            .await
            .expect_err("a 503");
        assert!(matches!(api, Error::Api(_)), "{api:?}");
        errors.push(api);

        // A refused connection.
        let http = builder(&refused_base_url())
            .max_retries(0)
            .build()
            .expect("a client")
            .create_thread_and_run(&run_request())
            .await
            .expect_err("nothing listens");
        assert!(matches!(http, Error::Http(_)), "{http:?}");
        errors.push(http);

        // No answer in time.
        let silent = silent_server().await;
        let timeout = builder(&silent.base_url())
            .max_retries(0)
            .timeout(Duration::from_millis(100))
            .build()
            .expect("a client")
            .create_thread_and_run(&run_request())
            .await
            .expect_err("no answer");
        assert!(matches!(timeout, Error::Timeout), "{timeout:?}");
        errors.push(timeout);

        errors
    })
    .await;

    for error in &errors {
        for shown in [
            error.to_string(),
            format!("{error:?}"),
            format!("{error:#?}"),
        ] {
            assert_no_key(&format!("{:?}", error.kind()), &shown);
        }
    }
    assert_no_key("the log", &buffer.text());
}
