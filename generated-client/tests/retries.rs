//! Retries, waits and timeouts of `create_thread_and_run`, against real servers on 127.0.0.1:
//! wiremock for scripted answers (a sequence is several mocks, each serving once, in priority
//! order), raw TCP servers for dropped connections and a server that never answers, and a
//! released port for a refused connection.
//!
//! Everything runs in real time (see `runtime_support`): error answers ask for no wait
//! (`retry-after-ms: 0`) unless a test measures a wait, and timeouts are a few hundred
//! milliseconds. The tests that measure the backoff, `Retry-After` and timeouts take about a
//! second each.

mod runtime_support;

use std::time::{Duration, Instant, SystemTime};

use futures_util::StreamExt;
use generated_client::types::AssistantStreamEvent;
use generated_client::{Error, ErrorKind, RequestOptions};
use runtime_support::{
    body_json, builder, client, dropping_server, failure, header, ok, refused_base_url,
    request_count, requests, run_request, server_answering_in_turn, silent_server, within,
};
use serde_json::json;
use wiremock::ResponseTemplate;

/// The first backoff with the most jitter (0.5 s less 25 %).
const LEAST_FIRST_BACKOFF: Duration = Duration::from_millis(375);
/// The longest first backoff (0.5 s, no jitter).
const LONGEST_FIRST_BACKOFF: Duration = Duration::from_millis(500);

/// The status of an error that must be an [`Error::Api`].
fn api_status(error: &Error) -> u16 {
    match error {
        Error::Api(api) => api.status().as_u16(),
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Which failures are retried
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_rate_limit_then_success() {
    within(async {
        let server = server_answering_in_turn(vec![failure(429), ok()]).await;
        let run = client(&server)
            .create_thread_and_run(&run_request())
            .await
            .expect("the retry succeeds");
        assert_eq!(run.id, "run_abc123");
        assert_eq!(request_count(&server).await, 2);
    })
    .await;
}

#[tokio::test]
async fn two_unavailable_then_success() {
    within(async {
        let server = server_answering_in_turn(vec![failure(503), failure(503), ok()]).await;
        let response = client(&server)
            .create_thread_and_run_with_response(&run_request())
            .await
            .expect("the second retry succeeds");
        assert_eq!(response.request_id(), Some("req_ok"));
        assert_eq!(request_count(&server).await, 3);
    })
    .await;
}

#[tokio::test]
async fn always_unavailable_gives_up_after_two_retries() {
    within(async {
        let server = server_answering_in_turn(vec![failure(503)]).await;
        let error = client(&server)
            .create_thread_and_run(&run_request())
            .await
            .expect_err("always 503");
        assert_eq!(api_status(&error), 503);
        assert_eq!(error.kind(), ErrorKind::InternalServer);
        assert!(error.is_retryable());
        assert_eq!(error.request_id(), Some("req_503"));
        // One attempt and the two retries of the default policy.
        assert_eq!(request_count(&server).await, 3);
    })
    .await;
}

#[tokio::test]
async fn server_errors_timeouts_and_conflicts_are_retried() {
    within(async {
        for status in [500, 502, 504, 408, 409] {
            let server = server_answering_in_turn(vec![failure(status), ok()]).await;
            let run = client(&server).create_thread_and_run(&run_request()).await;
            assert_eq!(
                run.map(|run| run.id).ok().as_deref(),
                Some("run_abc123"),
                "{status}"
            );
            assert_eq!(request_count(&server).await, 2, "{status}");
        }
    })
    .await;
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    within(async {
        for status in [400, 401, 403, 404, 422] {
            let server = server_answering_in_turn(vec![failure(status), ok()]).await;
            let error = client(&server)
                .create_thread_and_run(&run_request())
                .await
                .expect_err("not retried");
            assert_eq!(api_status(&error), status);
            assert!(!error.is_retryable(), "{status}");
            assert_eq!(request_count(&server).await, 1, "{status}");
        }
    })
    .await;
}

#[tokio::test]
async fn x_should_retry_false_stops_a_retry() {
    within(async {
        let server = server_answering_in_turn(vec![
            failure(503).insert_header("x-should-retry", "false"),
            ok(),
        ])
        .await;
        let error = client(&server)
            .create_thread_and_run(&run_request())
            .await
            .expect_err("the server said not to retry");
        assert_eq!(api_status(&error), 503);
        assert!(!error.is_retryable());
        assert_eq!(request_count(&server).await, 1);
    })
    .await;
}

#[tokio::test]
async fn x_should_retry_true_retries_a_bad_request() {
    within(async {
        let server = server_answering_in_turn(vec![
            failure(400).insert_header("x-should-retry", "true"),
            ok(),
        ])
        .await;
        let run = client(&server)
            .create_thread_and_run(&run_request())
            .await
            .expect("the server said to retry");
        assert_eq!(run.id, "run_abc123");
        assert_eq!(request_count(&server).await, 2);
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// How long the client waits
// ---------------------------------------------------------------------------------------------

/// A 503 asking for a wait with `name: value` (and nothing else).
fn unavailable_asking(name: &str, value: &str) -> ResponseTemplate {
    ResponseTemplate::new(503)
        .insert_header(name, value)
        .set_body_json(json!({"error": {"message": "busy"}}))
}

/// Sends the request to a server answering `first`, then a 200; returns how long it took.
async fn elapsed_until_success(first: ResponseTemplate) -> Duration {
    let server = server_answering_in_turn(vec![first, ok()]).await;
    let client = client(&server);
    let started = Instant::now();
    client
        .create_thread_and_run(&run_request())
        .await
        .expect("the retry succeeds");
    let elapsed = started.elapsed();
    assert_eq!(request_count(&server).await, 2);
    elapsed
}

#[tokio::test]
async fn retry_after_ms_is_honoured() {
    within(async {
        // Longer than any first backoff (at most 500 ms), so only the header explains it.
        let elapsed = elapsed_until_success(
            unavailable_asking("retry-after-ms", "700")
                // `retry-after-ms` wins over `Retry-After`.
                .insert_header("retry-after", "3"),
        )
        .await;
        assert!(elapsed >= Duration::from_millis(700), "{elapsed:?}");
        assert!(elapsed < Duration::from_millis(2500), "{elapsed:?}");
    })
    .await;
}

#[tokio::test]
async fn retry_after_in_seconds_is_honoured() {
    within(async {
        let elapsed = elapsed_until_success(unavailable_asking("retry-after", "1")).await;
        assert!(elapsed >= Duration::from_secs(1), "{elapsed:?}");
        assert!(elapsed < Duration::from_millis(2500), "{elapsed:?}");
    })
    .await;
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured() {
    within(async {
        // An HTTP date has whole seconds: two seconds ahead, truncated, is between one and two
        // seconds ahead.
        let date = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2));
        let elapsed = elapsed_until_success(unavailable_asking("retry-after", &date)).await;
        // Well past any first backoff: the date was honoured.
        assert!(elapsed >= Duration::from_millis(900), "{elapsed:?}");
        assert!(elapsed < Duration::from_millis(3000), "{elapsed:?}");
    })
    .await;
}

#[tokio::test]
async fn a_wait_above_the_cap_returns_the_error_at_once() {
    within(async {
        let server =
            server_answering_in_turn(vec![unavailable_asking("retry-after", "30"), ok()]).await;
        let client = builder(&runtime_support::base_url(&server))
            .max_retry_wait(Duration::from_secs(1))
            .build()
            .expect("a client");
        let started = Instant::now();
        let error = client
            .create_thread_and_run(&run_request())
            .await
            .expect_err("the wait asked for is too long");
        let elapsed = started.elapsed();
        assert_eq!(api_status(&error), 503);
        let Error::Api(api) = &error else {
            unreachable!()
        };
        assert_eq!(api.retry_after(), Some("30"));
        assert!(elapsed < LEAST_FIRST_BACKOFF, "{elapsed:?}");
        assert_eq!(request_count(&server).await, 1);
    })
    .await;
}

#[tokio::test]
async fn an_enormous_wait_is_above_the_cap_not_a_panic() {
    within(async {
        // Finite numbers, but past what a `Duration` holds.
        for (name, value) in [("retry-after", "1e20"), ("retry-after-ms", "1e30")] {
            let server =
                server_answering_in_turn(vec![unavailable_asking(name, value), ok()]).await;
            let started = Instant::now();
            let error = client(&server)
                .create_thread_and_run(&run_request())
                .await
                .expect_err("the wait asked for is too long");
            assert_eq!(api_status(&error), 503, "{name}");
            assert!(started.elapsed() < LEAST_FIRST_BACKOFF, "{name}");
            assert_eq!(request_count(&server).await, 1, "{name}");
        }
    })
    .await;
}

#[tokio::test]
async fn without_a_server_delay_the_backoff_doubles() {
    within(async {
        let unavailable =
            || ResponseTemplate::new(503).set_body_json(json!({"error": {"message": "busy"}}));
        let server = server_answering_in_turn(vec![unavailable(), unavailable(), ok()]).await;
        let client = client(&server);
        let started = Instant::now();
        client
            .create_thread_and_run(&run_request())
            .await
            .expect("the second retry succeeds");
        let elapsed = started.elapsed();
        assert_eq!(request_count(&server).await, 3);
        // 0.5 s then 1 s, each less at most 25 % of jitter.
        assert!(
            elapsed >= LEAST_FIRST_BACKOFF + 2 * LEAST_FIRST_BACKOFF,
            "{elapsed:?}"
        );
        assert!(
            elapsed < 3 * LONGEST_FIRST_BACKOFF + Duration::from_millis(800),
            "{elapsed:?}"
        );
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// Transport failures and timeouts
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_dropped_connection_is_retried() {
    within(async {
        let server = dropping_server(1).await;
        let client = builder(&server.base_url()).build().expect("a client");
        let response = client
            .create_thread_and_run_with_response(&run_request())
            .await
            .expect("the retry succeeds");
        assert_eq!(response.id, "run_abc123");
        assert_eq!(response.request_id(), Some("req_raw"));
        assert_eq!(server.accepted(), 2);
    })
    .await;
}

#[tokio::test]
async fn a_refused_connection_is_retried_then_a_connection_error() {
    within(async {
        let client = builder(&refused_base_url()).build().expect("a client");
        let started = Instant::now();
        let error = client
            .create_thread_and_run(&run_request())
            .await
            .expect_err("nothing listens");
        let elapsed = started.elapsed();
        assert!(matches!(error, Error::Http(_)), "{error:?}");
        assert_eq!(error.kind(), ErrorKind::Connection);
        assert!(error.is_retryable());
        assert_eq!(error.status(), None);
        // A refused connection fails at once: the time is the two backoffs of two retries.
        assert!(
            elapsed >= LEAST_FIRST_BACKOFF + 2 * LEAST_FIRST_BACKOFF,
            "{elapsed:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_server_that_never_answers_times_out_and_is_retried() {
    within(async {
        let server = silent_server().await;
        let client = builder(&server.base_url())
            .timeout(Duration::from_millis(200))
            .max_retries(1)
            .build()
            .expect("a client");
        let started = Instant::now();
        let error = client
            .create_thread_and_run(&run_request())
            .await
            .expect_err("no answer");
        let elapsed = started.elapsed();
        assert!(matches!(error, Error::Timeout), "{error:?}");
        assert_eq!(error.kind(), ErrorKind::Timeout);
        assert!(error.is_retryable());
        // The attempt and its retry, each on a new connection (the first one was abandoned).
        assert_eq!(server.accepted(), 2);
        assert!(
            elapsed >= 2 * Duration::from_millis(200) + LEAST_FIRST_BACKOFF,
            "{elapsed:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_per_call_timeout_overrides_the_clients() {
    within(async {
        // Shorter than the client's: the call times out.
        let slow = ok().set_delay(Duration::from_secs(3));
        let server = server_answering_in_turn(vec![slow]).await;
        let client = builder(&runtime_support::base_url(&server))
            .timeout(Duration::from_secs(10))
            .build()
            .expect("a client");
        let started = Instant::now();
        let error = client
            .with_options(
                RequestOptions::new()
                    .timeout(Duration::from_millis(150))
                    .max_retries(0),
            )
            .create_thread_and_run(&run_request())
            .await
            .expect_err("too slow for the call's timeout");
        assert!(matches!(error, Error::Timeout), "{error:?}");
        assert!(started.elapsed() < Duration::from_secs(1));
        assert_eq!(request_count(&server).await, 1);

        // Longer than the client's: the call succeeds where the client alone times out.
        let server =
            server_answering_in_turn(vec![ok().set_delay(Duration::from_millis(300))]).await;
        let client = builder(&runtime_support::base_url(&server))
            .timeout(Duration::from_millis(100))
            .max_retries(0)
            .build()
            .expect("a client");
        let error = client
            .create_thread_and_run(&run_request())
            .await
            .expect_err("too slow for the client's timeout");
        assert!(matches!(error, Error::Timeout), "{error:?}");
        let run = client
            .with_options(RequestOptions::new().timeout(Duration::from_secs(3)))
            .create_thread_and_run(&run_request())
            .await
            .expect("in time for the call's timeout");
        assert_eq!(run.id, "run_abc123");
        assert_eq!(request_count(&server).await, 2);
    })
    .await;
}

#[tokio::test]
async fn per_call_max_retries_overrides_the_clients() {
    within(async {
        let server = server_answering_in_turn(vec![failure(503), failure(503), ok()]).await;
        // The client retries; this call does not.
        let error = client(&server)
            .with_options(RequestOptions::new().max_retries(0))
            .create_thread_and_run(&run_request())
            .await
            .expect_err("not retried");
        assert_eq!(api_status(&error), 503);
        assert_eq!(request_count(&server).await, 1);

        // The client does not retry; this call does, as often as it needs.
        let server = server_answering_in_turn(vec![failure(503), failure(503), ok()]).await;
        let client = builder(&runtime_support::base_url(&server))
            .max_retries(0)
            .build()
            .expect("a client");
        let run = client
            .with_options(RequestOptions::new().max_retries(2))
            .create_thread_and_run(&run_request())
            .await
            .expect("retried twice");
        assert_eq!(run.id, "run_abc123");
        assert_eq!(request_count(&server).await, 3);
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// What a retry sends
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn every_attempt_sends_the_same_request() {
    within(async {
        let server = server_answering_in_turn(vec![failure(503), failure(500), ok()]).await;
        let options = RequestOptions::new()
            .body_field("metadata", json!({"call": "1"}))
            .query("trace", "1")
            .header("X-Call", "call-1")
            .expect("a valid header");
        client(&server)
            .with_options(options)
            .create_thread_and_run(&run_request())
            .await
            .expect("the second retry succeeds");

        let requests = requests(&server).await;
        assert_eq!(requests.len(), 3);
        let first = &requests[0];
        let mut expected = serde_json::to_value(run_request()).expect("json");
        expected["metadata"] = json!({"call": "1"});
        assert_eq!(body_json(first), expected);
        for (attempt, request) in requests.iter().enumerate() {
            assert_eq!(request.body, first.body, "attempt {attempt}");
            assert_eq!(request.url, first.url, "attempt {attempt}");
            for name in ["authorization", "openai-beta", "content-type", "x-call"] {
                assert_eq!(
                    header(request, name),
                    header(first, name),
                    "attempt {attempt}: {name}"
                );
            }
        }
        assert_eq!(first.url.query(), Some("trace=1"));
    })
    .await;
}

#[tokio::test]
async fn a_stream_is_retried_before_its_body_starts() {
    within(async {
        let thread = r#"{"id":"thread_1","object":"thread","created_at":1,"metadata":{}}"#;
        let text = format!(
            "event: thread.created\ndata: {thread}\n\n\
             event: thread.run.created\ndata: {}\n\n\
             event: done\ndata: [DONE]\n\n",
            runtime_support::run_json()
        );
        let events = ResponseTemplate::new(200)
            .insert_header("x-request-id", "req_sse")
            .set_body_raw(text.into_bytes(), "text/event-stream");
        let server = server_answering_in_turn(vec![failure(503), events]).await;

        let stream = client(&server)
            .create_thread_and_run_stream(&run_request())
            .await
            .expect("the retry starts the stream");
        assert_eq!(stream.request_id(), Some("req_sse"));
        let items: Vec<_> = stream.collect().await;
        assert_eq!(items.len(), 2, "{items:?}");
        assert!(
            matches!(&items[0], Ok(AssistantStreamEvent::ThreadCreated(thread)) if thread.id == "thread_1"),
            "{items:?}"
        );
        assert!(
            matches!(&items[1], Ok(AssistantStreamEvent::ThreadRunCreated(run)) if run.id == "run_abc123"),
            "{items:?}"
        );

        let requests = requests(&server).await;
        assert_eq!(requests.len(), 2);
        for request in &requests {
            assert_eq!(header(request, "accept"), Some("text/event-stream"));
            assert_eq!(body_json(request)["stream"], json!(true));
            assert_eq!(request.body, requests[0].body);
        }
    })
    .await;
}
