//! What applies only to a client generated from `openai-2024-03-27.yaml`, the first Assistants
//! API (v1), whose `RunObject` and request differ from the newer ones that `responses.rs`,
//! `requests.rs` and `validation.rs` check (see `versions/mod.rs`). These tests exist only in
//! that build: `cargo xtask compile-check --spec ../shared/specs/openai-2024-03-27.yaml --test`.

#![cfg(openai_spec = "2024-03-27")]

mod common;

use common::versions::{RunObjectStatus, RunObjectToolsItem};
use common::{client, decode, read_example, seed_request, seed_response, server_returning_json};
use generated_client::types::{AssistantToolsCode, CreateThreadAndRunRequestToolsItem};
use generated_client::{Error, ErrorKind, RequestOptions};
use serde_json::json;

#[tokio::test]
#[cfg_attr(
    not(upstream_examples),
    ignore = "needs ../shared/specs/examples (test data beside the repository)"
)]
async fn the_2024_default_response_decodes_with_its_file_ids() {
    let folder = common::upstream_examples();
    let body = read_example(&folder, "2024-03-27/01-default.response.json");
    let run = decode(&body).await.expect("a run");
    assert_eq!(run.status, RunObjectStatus::Queued);
    assert_eq!(run.model, "gpt-4");
    assert_eq!(
        run.instructions.as_deref(),
        Some("You are a helpful assistant.")
    );
    // A v1 property, not an unknown one as for the newer clients.
    assert!(run.file_ids.is_empty());
    assert!(run.extra.is_empty(), "{:?}", run.extra);
    assert_eq!(
        serde_json::to_value(&run).expect("encodes")["file_ids"],
        json!([])
    );
}

#[tokio::test]
#[cfg_attr(
    not(upstream_examples),
    ignore = "needs ../shared/specs/examples (test data beside the repository)"
)]
async fn the_2024_run_object_example_has_a_retrieval_tool() {
    let folder = common::upstream_examples();
    let body = read_example(&folder, "2024-03-27/run-object.x-oaiMeta.example.json");
    let run = decode(&body).await.expect("a run");
    assert_eq!(run.status, RunObjectStatus::Completed);
    // `retrieval` is a known tool in v1 (the newer clients keep it as `Unknown`).
    assert!(
        matches!(run.tools[0], RunObjectToolsItem::AssistantToolsRetrieval(_)),
        "{:?}",
        run.tools
    );
    assert!(matches!(
        run.tools[1],
        RunObjectToolsItem::AssistantToolsCode(_)
    ));
    assert_eq!(run.usage.expect("usage").total_tokens, 579);
}

#[tokio::test]
async fn the_seed_response_decodes() {
    // The seed's response is a v2 run (with the v1 `file_ids` added, see `versions`): a v1
    // client keeps the fields it does not know.
    let run = decode(&seed_response()).await.expect("a run");
    assert_eq!(run.id, "run_abc123");
    for field in ["temperature", "tool_choice", "parallel_tool_calls"] {
        assert!(run.extra.contains_key(field), "{field}: {:?}", run.extra);
    }
}

#[tokio::test]
async fn the_v1_rules_are_checked_before_sending() {
    let server = server_returning_json(&seed_response()).await;
    let tools: Vec<CreateThreadAndRunRequestToolsItem> =
        (0..21).map(|_| AssistantToolsCode::new().into()).collect();
    let request = seed_request().tools(tools);
    let error = client(&server)
        .create_thread_and_run(&request)
        .await
        .expect_err("refused");
    assert_eq!(error.kind(), ErrorKind::Invalid);
    let Error::Invalid(invalid) = &error else {
        panic!("{error:?}")
    };
    let rules: Vec<String> = invalid
        .violations()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(rules, ["tools: at most 20 items (has 21)"]);
    // `temperature` is not a v1 request property, and the v1 request object is closed.
    let error = client(&server)
        .with_options(RequestOptions::new().body_field("temperature", 0.5))
        .create_thread_and_run(&seed_request())
        .await
        .expect_err("refused");
    assert_eq!(error.kind(), ErrorKind::Invalid, "{error}");
    assert!(server.received_requests().await.unwrap().is_empty());
}
