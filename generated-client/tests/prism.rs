//! Conformance against Prism, a mock server that checks each request against the OpenAPI
//! description and answers from it. `scripts/prism-conformance.sh` starts two Prism servers
//! (static examples at `PRISM_URL`, random responses with a fixed seed at
//! `PRISM_DYNAMIC_URL`) and runs this file's tests, which are `#[ignore]`d otherwise: a plain
//! `cargo test` counts them as ignored and does not need Prism; run with `--ignored` but
//! without those variables, they fail.

// Prism serves the newest description: a 2024-03-27 (Assistants v1) client does not speak it.
#![cfg(not(openai_spec = "2024-03-27"))]

mod common;
mod prism_support;

use common::seed_request;
use futures_util::stream::{self, StreamExt};
use generated_client::types::{CreateThreadAndRunRequest, RunObject};
use generated_client::validate::{Path, Validate, Violations};
use generated_client::{Client, Error, ErrorKind, RequestOptions};
use prism_support::{full_request, Gen};

/// Random requests sent to the static server, and requests sent to the dynamic one.
const RANDOM_REQUESTS: usize = 300;
const DYNAMIC_REQUESTS: usize = 300;
/// Requests in flight at once.
const CONCURRENCY: usize = 8;

/// The URL in `var`; a test run without it fails (scripts/prism-conformance.sh sets it).
fn prism_url(var: &str) -> String {
    match std::env::var(var) {
        Ok(url) if !url.is_empty() => url,
        _ => panic!("{var} is unset: run scripts/prism-conformance.sh, which starts Prism"),
    }
}

/// A client for Prism: Prism serves the description's paths at its root (no `/v1`).
fn client(url: &str) -> Client {
    Client::builder()
        .api_key("sk-prism")
        .max_retries(0)
        .base_url(url)
        .build()
        .expect("a client")
}

/// The client's own check of `request`, as `path: rule` lines.
fn violations(request: &CreateThreadAndRunRequest) -> Vec<String> {
    let mut errors = Violations::default();
    request.validate(&Path::Root, &mut errors);
    generated_client::validate::ValidationError::from_violations("createThreadAndRun", errors)
        .map(|error| error.violations().iter().map(ToString::to_string).collect())
        .unwrap_or_default()
}

/// Sends every request to `client` (a few at a time) and returns the number of distinct
/// responses (by run id and `created_at`) and the failures, with the request's index and
/// its JSON.
async fn send_all(
    client: &Client,
    requests: Vec<CreateThreadAndRunRequest>,
) -> (usize, Vec<String>) {
    let results: Vec<(usize, Result<RunObject, Error>, String)> =
        stream::iter(requests.into_iter().enumerate())
            .map(|(index, request)| async move {
                let result = client.create_thread_and_run(&request).await;
                let json = serde_json::to_string(&request).expect("encodes");
                (index, result, json)
            })
            .buffer_unordered(CONCURRENCY)
            .collect()
            .await;
    let mut distinct = std::collections::BTreeSet::new();
    let failures = results
        .into_iter()
        .filter_map(|(index, result, json)| match result {
            Ok(run) => {
                distinct.insert((run.id, run.created_at));
                None
            }
            Err(error) => {
                let body = match &error {
                    Error::Api(api) => api.body().to_owned(),
                    _ => String::new(),
                };
                Some(format!("#{index}: {error} {body}\n  request: {json}"))
            }
        })
        .collect();
    (distinct.len(), failures)
}

#[tokio::test]
#[ignore = "needs Prism: scripts/prism-conformance.sh starts it and runs these"]
async fn the_seed_request_is_accepted() {
    let url = prism_url("PRISM_URL");
    let run = client(&url)
        .create_thread_and_run(&seed_request())
        .await
        .expect("Prism accepts the seed request and its answer decodes");
    let _: &RunObject = &run;
}

#[tokio::test]
#[ignore = "needs Prism: scripts/prism-conformance.sh starts it and runs these"]
async fn the_every_field_request_is_accepted() {
    let url = prism_url("PRISM_URL");
    let request = full_request();
    assert_eq!(violations(&request), Vec::<String>::new());
    if let Err(error) = client(&url).create_thread_and_run(&request).await {
        let body = match &error {
            Error::Api(api) => api.body().to_owned(),
            _ => String::new(),
        };
        panic!("Prism refused the every-field request: {error} {body}");
    }
}

#[tokio::test]
#[ignore = "needs Prism: scripts/prism-conformance.sh starts it and runs these"]
async fn random_valid_requests_are_accepted() {
    let url = prism_url("PRISM_URL");
    let mut generator = Gen::new(20_261_127);
    let requests: Vec<_> = (0..RANDOM_REQUESTS).map(|_| generator.request()).collect();
    for (index, request) in requests.iter().enumerate() {
        let found = violations(request);
        assert!(
            found.is_empty(),
            "request #{index} breaks the client's own check: {found:?}\n  {}",
            serde_json::to_string(request).unwrap()
        );
    }
    let total = requests.len();
    let (_, failures) = send_all(&client(&url), requests).await;
    eprintln!(
        "random requests: {total} sent, {} accepted, {} refused",
        total - failures.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {total} random valid requests were refused:\n{}",
        failures.len(),
        failures
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Prism does check request bodies: an unknown field (the request schema is closed) is
/// refused with 422. Without this, the tests above would pass against a Prism whose
/// validation had quietly been turned off.
#[tokio::test]
#[ignore = "needs Prism: scripts/prism-conformance.sh starts it and runs these"]
async fn prism_refuses_an_invalid_request() {
    let url = prism_url("PRISM_URL");
    let options = RequestOptions::new()
        .validate(false)
        .body_field("bogus_field", 1);
    let error = client(&url)
        .with_options(options)
        .create_thread_and_run(&seed_request())
        .await
        .expect_err("Prism refuses an unknown field");
    match &error {
        Error::Api(api) => assert_eq!(api.status().as_u16(), 422, "{}", api.body()),
        other => panic!("expected a 422 from Prism, got {other:?}"),
    }
    assert_eq!(error.kind(), ErrorKind::UnprocessableEntity);

    // A value out of range, with the client's own check off, is refused too.
    let error = client(&url)
        .with_options(RequestOptions::new().validate(false))
        .create_thread_and_run(&seed_request().temperature(9.0))
        .await
        .expect_err("Prism refuses temperature 9");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(422), "{error}");
}

#[tokio::test]
#[ignore = "needs Prism: scripts/prism-conformance.sh starts it and runs these"]
async fn a_429_from_prism_is_a_rate_limit_error() {
    let url = prism_url("PRISM_URL");
    let options = RequestOptions::new()
        .header("Prefer", "code=429")
        .expect("a valid header");
    let error = client(&url)
        .with_options(options)
        .create_thread_and_run(&seed_request())
        .await
        .expect_err("Prism answers 429 when asked to");
    assert!(matches!(error, Error::Api(_)), "{error:?}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(error.kind(), ErrorKind::RateLimit);
}

/// Random responses decode into `RunObject`. Prism started with `--seed 1` is deterministic
/// but, seeding its generator afresh for each request, sends the same random body every time;
/// so the same requests also go to the static server with `Prefer: dynamic=true`, whose
/// unseeded generator gives a different body each time (the failures print what was sent).
#[tokio::test]
#[ignore = "needs Prism: scripts/prism-conformance.sh starts it and runs these"]
async fn random_responses_decode() {
    let url = prism_url("PRISM_DYNAMIC_URL");
    let static_url = prism_url("PRISM_URL");
    let mut generator = Gen::new(7);
    let mut requests = vec![seed_request(), full_request()];
    requests.extend((2..DYNAMIC_REQUESTS).map(|_| generator.request()));
    let total = requests.len();
    let varied = client(&static_url).with_options(
        RequestOptions::new()
            .header("Prefer", "dynamic=true")
            .expect("a valid header"),
    );
    let (seeded_distinct, mut failures) = send_all(&client(&url), requests.clone()).await;
    let (varied_distinct, varied_failures) = send_all(&varied, requests).await;
    failures.extend(varied_failures);
    eprintln!(
        "random responses: {} received, {} decoded, {} failed; distinct: {seeded_distinct} \
         (--seed 1), {varied_distinct} (Prefer: dynamic=true)",
        2 * total,
        2 * total - failures.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} random responses did not decode:\n{}",
        failures.len(),
        2 * total,
        failures
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(
        varied_distinct > total / 2,
        "Prefer: dynamic=true gave only {varied_distinct} distinct responses of {total}"
    );
}
