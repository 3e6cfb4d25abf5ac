//! Requests are checked against the description's rules before they are sent: every violation
//! is reported by field path, and a rejected request never reaches the server.

// 2024-03-27 (Assistants v1) has none of the request fields whose rules these tests break;
// `v1.rs` checks its own rules.
#![cfg(not(openai_spec = "2024-03-27"))]

mod common;

use common::{client, seed_request, seed_response, server_returning_json};
use generated_client::types::{
    AssistantToolsCode, CreateMessageRequest, CreateMessageRequestRole, CreateThreadAndRunRequest,
    CreateThreadRequest, TruncationObject,
};
use generated_client::validate::{Path, Validate, Violations};
use generated_client::{Error, ErrorKind, RequestOptions};

/// The violations of a request, as `path: rule` lines.
fn violations(request: &CreateThreadAndRunRequest) -> Vec<String> {
    let mut errors = Violations::default();
    request.validate(&Path::Root, &mut errors);
    let error = generated_client::validate::ValidationError::from_violations("t", errors);
    error
        .map(|e| e.violations().iter().map(ToString::to_string).collect())
        .unwrap_or_default()
}

fn message(text: &str) -> CreateMessageRequest {
    CreateMessageRequest::new(CreateMessageRequestRole::User, text)
}

#[test]
fn a_valid_request_has_no_violation() {
    assert!(violations(&seed_request()).is_empty());
    let edges = seed_request()
        .temperature(0.0)
        .top_p(1.0)
        .max_prompt_tokens(256)
        .max_completion_tokens(256);
    assert!(violations(&edges).is_empty(), "bounds are inclusive");
}

#[test]
fn numeric_ranges() {
    let request = seed_request()
        .temperature(2.5)
        .top_p(-0.1)
        .max_prompt_tokens(255);
    assert_eq!(
        violations(&request),
        [
            "max_prompt_tokens: at least 256 (is 255)",
            "temperature: at most 2 (is 2.5)",
            "top_p: at least 0 (is -0.1)",
        ]
    );
}

#[test]
fn item_counts_at_every_depth() {
    let tools: Vec<_> = (0..21).map(|_| AssistantToolsCode::new().into()).collect();
    let thread = CreateThreadRequest::new().messages(vec![
        message("hi"),
        CreateMessageRequest::new(CreateMessageRequestRole::User, Vec::new()),
    ]);
    let request = seed_request().tools(tools).thread(thread);
    assert_eq!(
        violations(&request),
        [
            "thread.messages[1].content: at least 1 item (has 0)",
            "tools: at most 20 items (has 21)",
        ]
    );
}

#[test]
fn nested_numeric_rules() {
    let truncation =
        TruncationObject::new(generated_client::types::TruncationObjectType::LastMessages)
            .last_messages(0);
    let request = seed_request().truncation_strategy(truncation);
    assert_eq!(
        violations(&request),
        ["truncation_strategy.last_messages: at least 1 (is 0)"]
    );
}

#[tokio::test]
async fn a_rejected_request_sends_nothing() {
    let server = server_returning_json(&seed_response()).await;
    let request = seed_request().temperature(9.0).tools(
        (0..21)
            .map(|_| AssistantToolsCode::new().into())
            .collect::<Vec<_>>(),
    );
    let error = client(&server)
        .create_thread_and_run(&request)
        .await
        .expect_err("refused");
    assert_eq!(error.kind(), ErrorKind::Invalid);
    let Error::Invalid(invalid) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(invalid.violations().len(), 2);
    let text = error.to_string();
    assert!(
        text.contains("temperature: at most 2 (is 9)")
            && text.contains("tools: at most 20 items (has 21)"),
        "{text}"
    );
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "the server saw nothing"
    );
}

#[tokio::test]
async fn extra_fields_on_a_closed_object_are_refused() {
    let server = server_returning_json(&seed_response()).await;
    let options = RequestOptions::new()
        .body_field("reasoning_effort", "low")
        .body_field("temperature", 0.5);
    let error = client(&server)
        .with_options(options)
        .create_thread_and_run(&seed_request())
        .await
        .expect_err("refused");
    let Error::Invalid(invalid) = &error else {
        panic!("{error:?}")
    };
    // A property the description names may be set this way; an unknown one may not.
    let rules: Vec<String> = invalid
        .violations()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(rules, ["`reasoning_effort` is not a property the description allows (additionalProperties: false)"]);
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_check_can_be_turned_off_per_client_and_per_call() {
    let server = server_returning_json(&seed_response()).await;
    let request = seed_request().temperature(9.0);
    // Per call.
    client(&server)
        .with_options(RequestOptions::new().validate(false))
        .create_thread_and_run(&request)
        .await
        .expect("sent");
    // Per client.
    let lenient = generated_client::Client::builder()
        .api_key(common::KEY)
        .max_retries(0)
        .validate_requests(false)
        .base_url(format!("{}/v1", server.uri()))
        .build()
        .unwrap();
    lenient.create_thread_and_run(&request).await.expect("sent");
    // And back on for one call of the lenient client.
    let error = lenient
        .with_options(RequestOptions::new().validate(true))
        .create_thread_and_run(&request)
        .await
        .expect_err("refused");
    assert_eq!(error.kind(), ErrorKind::Invalid);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}
