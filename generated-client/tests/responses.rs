//! Decoding `RunObject` responses: the seed's example, the upstream examples, values and
//! fields the description does not know, and nulls.
//!
//! # Defects of the example responses, and what these tests do about them
//!
//! Every JSON example response (the seed's 200 example, both `01-default.response.json` and
//! both `run-object.x-oaiMeta.example.json` files) decodes as published: none needs a repair,
//! and unknown fields are kept. The tests below decode each one unchanged and assert the
//! values these defects give. (The event-stream transcripts are `streaming.rs`'s concern.)
//! - `tool_resources` in `latest/01-default.response.json` and `file_ids` in both 2024-03-27
//!   examples are not `RunObject` properties: they are kept in `RunObject::extra`.
//! - `required_action` (required, nullable) is absent from both `run-object` examples and from
//!   the seed's response, and the 2024-03-27 examples also lack `incomplete_details`,
//!   `max_prompt_tokens`, `max_completion_tokens`, `truncation_strategy`, `tool_choice` and
//!   `response_format`: absent required-nullable fields decode to `None`.
//! - The 2024-03-27 `run-object` example lists a `{"type": "retrieval"}` tool, a kind the
//!   description no longer has: it decodes to `RunObjectToolsItem::Unknown`.
//! - `"instructions": null` in both `run-object.x-oaiMeta.example.json` files and in the
//!   seed's 200 example: the published description makes `RunObject.instructions` a
//!   non-nullable string, but the project's overlay (`spec/overlay.yaml`) makes it nullable,
//!   as the API sends it, so it decodes to `None`.
//! - `parallel_tool_calls` (required, not nullable, `default: true` in the current
//!   description; absent from the 2024-03-27 description) is missing from both 2024-03-27
//!   examples: a required field with a default decodes to it when left out, so `true`.

// These tests decode the v2 `RunObject`. A 2024-03-27 (Assistants v1) client has another
// `RunObject` (`file_ids`, no sampling, truncation, tool-choice or response-format fields):
// `v1.rs` checks what applies to it.
#![cfg(not(openai_spec = "2024-03-27"))]

mod common;

use common::versions::{RunObjectStatus, RunObjectToolsItem};
// A response whose every field is a known, non-null value, for edits by the tests below.
#[path = "support/complete_run.rs"]
mod complete_run;
use common::{decode, read_example, seed_response, upstream_examples};
use complete_run::complete_run;
use generated_client::types::{
    AssistantsApiResponseFormatOption, AssistantsApiToolChoiceOption,
    AssistantsNamedToolChoiceType, RunObject, RunObjectIncompleteDetailsReason,
    RunObjectLastErrorCode, RunObjectObject, RunObjectRequiredActionType, RunToolCallObjectType,
    TruncationObjectType,
};
use generated_client::Error;
use serde_json::{json, Value};

/// Decodes `body` through the client, panicking with the error when it does not decode.
async fn decoded(body: &Value) -> RunObject {
    decode(body)
        .await
        .unwrap_or_else(|error| panic!("expected a run, got {error:?}"))
}

/// Decodes `body` through the client and returns the decode error's path and message.
async fn decode_failure(body: &Value) -> (String, String) {
    match decode(body).await {
        Err(Error::Decode(error)) => {
            assert_eq!(error.status().as_u16(), 200);
            assert_eq!(error.request_id(), Some("req_decode"));
            assert_eq!(
                serde_json::from_str::<Value>(error.body()).expect("the kept body is JSON"),
                *body
            );
            (error.path().to_owned(), error.message().to_owned())
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

/// The JSON a decoded run encodes back to.
fn encoded(run: &RunObject) -> Value {
    serde_json::to_value(run).expect("a run encodes")
}

#[tokio::test]
async fn seed_response_decodes_as_published() {
    let body = seed_response();
    assert_eq!(body["instructions"], Value::Null);
    let run = decoded(&body).await;

    assert_eq!(run.id, "run_abc123");
    // A one-value enum (a tag) is known, and reads as its value.
    assert_eq!(run.object, RunObjectObject::default());
    assert!(run.object.is_known());
    assert_eq!(run.object, "thread.run");
    assert_eq!(run.created_at, 1698107661);
    assert_eq!(run.assistant_id, "asst_abc123");
    assert_eq!(run.thread_id, "thread_abc123");
    assert_eq!(run.status, RunObjectStatus::Completed);
    assert_eq!(run.started_at, Some(1699073476));
    assert_eq!(run.completed_at, Some(1699073498));
    assert_eq!(run.model, "gpt-4o");
    // `"instructions": null`: nullable through the project's overlay.
    assert_eq!(run.instructions, None);
    assert!(run.parallel_tool_calls);

    // Nullable fields sent as null, and `required_action`, which the example leaves out.
    assert_eq!(run.expires_at, None);
    assert_eq!(run.cancelled_at, None);
    assert_eq!(run.failed_at, None);
    assert_eq!(run.last_error, None);
    assert_eq!(run.incomplete_details, None);
    assert_eq!(run.required_action, None);

    assert_eq!(run.tools.len(), 2);
    match &run.tools[0] {
        RunObjectToolsItem::AssistantToolsFileSearch(tool) => {
            assert_eq!(tool.file_search, None);
            assert!(tool.extra.is_empty());
        }
        other => panic!("expected a file_search tool, got {other:?}"),
    }
    assert!(
        matches!(&run.tools[1], RunObjectToolsItem::AssistantToolsCode(tool) if tool.extra.is_empty()),
        "{:?}",
        run.tools[1]
    );

    let usage = run.usage.as_ref().expect("usage");
    assert_eq!(
        (
            usage.prompt_tokens,
            usage.completion_tokens,
            usage.total_tokens
        ),
        (123, 456, 579)
    );
    assert_eq!(run.metadata, Some(Default::default()));
    assert_eq!(run.temperature, Some(1.0));
    assert_eq!(run.top_p, Some(1.0));
    assert_eq!(run.max_prompt_tokens, Some(1000));
    assert_eq!(run.max_completion_tokens, Some(1000));
    let truncation = run
        .truncation_strategy
        .as_ref()
        .expect("a truncation strategy");
    assert_eq!(truncation.r#type, TruncationObjectType::Auto);
    assert_eq!(truncation.last_messages, None);
    assert_eq!(
        run.response_format,
        Some(AssistantsApiResponseFormatOption::Auto)
    );
    assert_eq!(run.tool_choice, Some(AssistantsApiToolChoiceOption::Auto));
    assert!(run.extra.is_empty(), "{:?}", run.extra);

    // Encoding it back gives the same JSON (`instructions` included, as null), except that the
    // absent `required_action` is written as null (it is required) and `last_messages: null`
    // is left out (it is optional).
    let mut expected = body;
    expected["required_action"] = Value::Null;
    expected["truncation_strategy"] = json!({"type": "auto"});
    assert_eq!(encoded(&run), expected);
}

#[tokio::test]
async fn every_field_set_decodes_and_encodes_back() {
    let body = complete_run();
    let run = decoded(&body).await;

    assert_eq!(run.status, RunObjectStatus::RequiresAction);
    assert_eq!(
        run.instructions.as_deref(),
        Some("You are a helpful assistant.")
    );
    assert!(!run.parallel_tool_calls);
    let action = run.required_action.as_ref().expect("a required action");
    assert_eq!(action.r#type, RunObjectRequiredActionType::new());
    assert_eq!(action.r#type.as_str(), "submit_tool_outputs");
    let call = &action.submit_tool_outputs.tool_calls[0];
    assert_eq!(call.id, "call_1");
    assert_eq!(call.r#type, RunToolCallObjectType::new());
    assert_eq!(call.function.name, "get_weather");
    assert_eq!(call.function.arguments, r#"{"city":"Paris"}"#);
    let error = run.last_error.as_ref().expect("a last error");
    assert_eq!(error.code, RunObjectLastErrorCode::RateLimitExceeded);
    assert_eq!(error.message, "slow down");
    assert_eq!(
        run.incomplete_details
            .as_ref()
            .and_then(|d| d.reason.clone()),
        Some(RunObjectIncompleteDetailsReason::MaxPromptTokens)
    );
    assert_eq!(
        (run.expires_at, run.cancelled_at, run.failed_at),
        (Some(1699077392), Some(1699076900), Some(1699076950))
    );
    match &run.tools[1] {
        RunObjectToolsItem::AssistantToolsFileSearch(tool) => {
            let settings = tool.file_search.as_ref().expect("settings");
            assert_eq!(settings.max_num_results, Some(5));
            let ranking = settings.ranking_options.as_ref().expect("ranking options");
            assert_eq!(ranking.score_threshold, 0.5);
        }
        other => panic!("expected a file_search tool, got {other:?}"),
    }
    match &run.tools[2] {
        RunObjectToolsItem::AssistantToolsFunction(tool) => {
            assert_eq!(tool.function.name, "get_weather");
            assert_eq!(tool.function.strict, Some(false));
            let parameters = tool.function.parameters.as_ref().expect("parameters");
            assert_eq!(parameters["type"], json!("object"));
        }
        other => panic!("expected a function tool, got {other:?}"),
    }
    match &run.response_format {
        Some(AssistantsApiResponseFormatOption::ResponseFormatJsonSchema(format)) => {
            assert_eq!(format.json_schema.name, "answer");
            assert_eq!(format.json_schema.strict, Some(true));
        }
        other => panic!("expected a json_schema format, got {other:?}"),
    }
    match &run.tool_choice {
        Some(AssistantsApiToolChoiceOption::AssistantsNamedToolChoice(choice)) => {
            assert_eq!(choice.r#type, AssistantsNamedToolChoiceType::Function);
            assert_eq!(
                choice.function.as_ref().map(|f| f.name.as_str()),
                Some("get_weather")
            );
        }
        other => panic!("expected a named tool choice, got {other:?}"),
    }
    let truncation = run
        .truncation_strategy
        .as_ref()
        .expect("a truncation strategy");
    assert_eq!(truncation.r#type, TruncationObjectType::LastMessages);
    assert_eq!(truncation.last_messages, Some(3));
    assert_eq!(
        run.metadata.as_ref().map(|m| m["user"].as_str()),
        Some("u1")
    );

    assert_eq!(encoded(&run), body);
}

#[tokio::test]
async fn unknown_values_and_fields_are_kept_and_sent_back() {
    let mut body = complete_run();
    body["status"] = json!("paused");
    body["object"] = json!("thread.run.v3");
    body["tools"] = json!([
        {"type": "web_browser", "web_browser": {"allowed_domains": ["example.com"]}},
        {"type": "code_interpreter", "sandbox": "gpu"},
        "shell"
    ]);
    body["truncation_strategy"] = json!({"type": "sliding_window", "window": 5});
    body["response_format"] = json!({"type": "xml", "root": "answer"});
    body["tool_choice"] = json!("sometimes");
    body["last_error"] = json!({"code": "quota_exceeded", "message": "no credit"});
    body["incomplete_details"] = json!({"reason": "content_filter"});
    body["usage"]["prompt_token_details"] = json!({"cached_tokens": 4});
    body["reasoning_effort"] = json!("high");
    body["tool_resources"] = json!({"code_interpreter": {"file_ids": ["file_1"]}});

    let run = decoded(&body).await;

    assert_eq!(run.status, RunObjectStatus::Other("paused".to_owned()));
    assert_eq!(run.status.as_str(), "paused");
    // A tag's value the description does not name is kept too.
    assert_eq!(run.object.other(), Some("thread.run.v3"));
    assert_eq!(run.object, RunObjectObject::from("thread.run.v3"));
    assert_eq!(
        run.tools[0],
        RunObjectToolsItem::Unknown(
            json!({"type": "web_browser", "web_browser": {"allowed_domains": ["example.com"]}})
        )
    );
    match &run.tools[1] {
        RunObjectToolsItem::AssistantToolsCode(tool) => {
            assert_eq!(tool.extra.get("sandbox"), Some(&json!("gpu")));
        }
        other => panic!("expected a code_interpreter tool, got {other:?}"),
    }
    assert_eq!(run.tools[2], RunObjectToolsItem::Unknown(json!("shell")));
    let truncation = run
        .truncation_strategy
        .as_ref()
        .expect("a truncation strategy");
    assert_eq!(
        truncation.r#type,
        TruncationObjectType::Other("sliding_window".to_owned())
    );
    assert_eq!(truncation.extra.get("window"), Some(&json!(5)));
    assert_eq!(
        run.response_format,
        Some(AssistantsApiResponseFormatOption::Unknown(
            json!({"type": "xml", "root": "answer"})
        ))
    );
    assert_eq!(
        run.tool_choice,
        Some(AssistantsApiToolChoiceOption::Unknown(json!("sometimes")))
    );
    assert_eq!(
        run.last_error.as_ref().map(|e| e.code.clone()),
        Some(RunObjectLastErrorCode::Other("quota_exceeded".to_owned()))
    );
    assert_eq!(
        run.incomplete_details
            .as_ref()
            .and_then(|d| d.reason.clone()),
        Some(RunObjectIncompleteDetailsReason::Other(
            "content_filter".to_owned()
        ))
    );
    let usage = run.usage.as_ref().expect("usage");
    assert_eq!(
        usage.extra.get("prompt_token_details"),
        Some(&json!({"cached_tokens": 4}))
    );
    assert_eq!(run.extra.len(), 2, "{:?}", run.extra);
    assert_eq!(run.extra.get("reasoning_effort"), Some(&json!("high")));
    assert_eq!(
        run.extra.get("tool_resources"),
        Some(&json!({"code_interpreter": {"file_ids": ["file_1"]}}))
    );

    assert_eq!(encoded(&run), body);
}

#[tokio::test]
async fn every_nullable_field_may_be_null() {
    let mut body = complete_run();
    // The required-nullable fields of `RunObject` (`instructions` through the project's
    // overlay), and the two optional nullable ones.
    let required_nullable = [
        "instructions",
        "required_action",
        "last_error",
        "expires_at",
        "started_at",
        "cancelled_at",
        "failed_at",
        "completed_at",
        "metadata",
        "usage",
        "incomplete_details",
        "max_prompt_tokens",
        "max_completion_tokens",
        "truncation_strategy",
        "tool_choice",
        "response_format",
    ];
    for field in required_nullable.iter().chain(&["temperature", "top_p"]) {
        body[*field] = Value::Null;
    }

    let run = decoded(&body).await;

    assert_eq!(run.instructions, None);
    assert_eq!(run.required_action, None);
    assert_eq!(run.last_error, None);
    assert_eq!(run.expires_at, None);
    assert_eq!(run.started_at, None);
    assert_eq!(run.cancelled_at, None);
    assert_eq!(run.failed_at, None);
    assert_eq!(run.completed_at, None);
    assert_eq!(run.metadata, None);
    assert_eq!(run.usage, None);
    assert_eq!(run.incomplete_details, None);
    assert_eq!(run.max_prompt_tokens, None);
    assert_eq!(run.max_completion_tokens, None);
    assert_eq!(run.truncation_strategy, None);
    assert_eq!(run.tool_choice, None);
    assert_eq!(run.response_format, None);
    assert_eq!(run.temperature, None);
    assert_eq!(run.top_p, None);
    assert!(run.extra.is_empty(), "{:?}", run.extra);

    // Required-nullable fields are written back as null; the optional ones are left out.
    let mut expected = body.clone();
    let object = expected.as_object_mut().expect("an object");
    object.remove("temperature");
    object.remove("top_p");
    assert_eq!(encoded(&run), expected);

    // Leaving the required-nullable fields out altogether decodes the same way.
    let mut absent = body;
    for field in required_nullable.iter().chain(&["temperature", "top_p"]) {
        absent.as_object_mut().expect("an object").remove(*field);
    }
    assert_eq!(decoded(&absent).await, run);
}

#[tokio::test]
async fn non_nullable_fields_refuse_null() {
    for field in [
        "id",
        "created_at",
        "status",
        "model",
        "tools",
        // Its default is for a response that leaves it out, not for `null`.
        "parallel_tool_calls",
    ] {
        let mut body = complete_run();
        body[field] = Value::Null;
        let (path, message) = decode_failure(&body).await;
        assert_eq!(path, field, "{message}");
        assert!(
            message.starts_with("invalid type: null"),
            "{field}: {message}"
        );
    }
}

#[tokio::test]
async fn a_left_out_parallel_tool_calls_decodes_to_its_default() {
    // The description's default is `true`; the complete run sends `false`, so the value
    // below can only come from the default.
    let mut body = complete_run();
    assert_eq!(body["parallel_tool_calls"], json!(false));
    assert!(!decoded(&body).await.parallel_tool_calls);
    body.as_object_mut()
        .expect("an object")
        .remove("parallel_tool_calls");

    let run = decoded(&body).await;
    assert!(run.parallel_tool_calls);
    assert!(run.extra.is_empty(), "{:?}", run.extra);

    // It is required, so it is written back, with the default's value.
    body["parallel_tool_calls"] = json!(true);
    assert_eq!(encoded(&run), body);
}

#[tokio::test]
#[cfg_attr(
    not(upstream_examples),
    ignore = "needs ../shared/specs/examples (test data beside the repository)"
)]
async fn upstream_latest_default_response_decodes_as_published() {
    let folder = upstream_examples();
    let body = read_example(&folder, "latest/01-default.response.json");
    let run = decoded(&body).await;

    assert_eq!(run.id, "run_abc123");
    assert_eq!(run.status, RunObjectStatus::Queued);
    assert_eq!(run.started_at, None);
    assert_eq!(run.expires_at, Some(1699077392));
    assert_eq!(run.required_action, None);
    assert_eq!(
        run.instructions.as_deref(),
        Some("You are a helpful assistant.")
    );
    assert!(run.parallel_tool_calls);
    assert!(run.tools.is_empty());
    assert_eq!(run.usage, None);
    assert_eq!(run.max_completion_tokens, None);
    assert_eq!(
        run.response_format,
        Some(AssistantsApiResponseFormatOption::Auto)
    );
    assert_eq!(run.tool_choice, Some(AssistantsApiToolChoiceOption::Auto));
    assert_eq!(
        run.truncation_strategy.as_ref().map(|t| t.r#type.clone()),
        Some(TruncationObjectType::Auto)
    );
    // Defect tolerated: `tool_resources` is not a `RunObject` property; it is kept.
    assert_eq!(run.extra.len(), 1, "{:?}", run.extra);
    assert_eq!(run.extra.get("tool_resources"), Some(&json!({})));

    let mut expected = body;
    expected["truncation_strategy"] = json!({"type": "auto"});
    assert_eq!(encoded(&run), expected);
}

#[tokio::test]
#[cfg_attr(
    not(upstream_examples),
    ignore = "needs ../shared/specs/examples (test data beside the repository)"
)]
async fn upstream_run_object_examples_decode_as_published() {
    let folder = upstream_examples();
    for version in ["latest", "2024-03-27"] {
        let body = read_example(
            &folder,
            &format!("{version}/run-object.x-oaiMeta.example.json"),
        );
        assert!(body.get("required_action").is_none(), "{version}");
        assert_eq!(body["instructions"], Value::Null, "{version}");
        // Published with `parallel_tool_calls` only since it became required.
        assert_eq!(
            body.get("parallel_tool_calls"),
            (version == "latest").then_some(&json!(true)),
            "{version}"
        );

        let run = decoded(&body).await;
        assert_eq!(run.id, "run_abc123", "{version}");
        assert_eq!(run.status, RunObjectStatus::Completed, "{version}");
        // Defects tolerated: `"instructions": null` is None (nullable through the overlay),
        // the absent required-nullable `required_action` is None, and the absent
        // `parallel_tool_calls` of 2024-03-27 is its default.
        assert_eq!(run.instructions, None, "{version}");
        assert_eq!(run.required_action, None, "{version}");
        assert!(run.parallel_tool_calls, "{version}");
        let usage = run.usage.as_ref().expect("usage");
        assert_eq!(usage.total_tokens, 579, "{version}");
        assert_eq!(run.tools.len(), 2, "{version}");
        assert!(
            matches!(run.tools[1], RunObjectToolsItem::AssistantToolsCode(_)),
            "{version}: {:?}",
            run.tools[1]
        );
        if version == "latest" {
            assert!(
                matches!(
                    run.tools[0],
                    RunObjectToolsItem::AssistantToolsFileSearch(_)
                ),
                "{:?}",
                run.tools[0]
            );
            assert_eq!(run.max_prompt_tokens, Some(1000));
            assert_eq!(
                run.response_format,
                Some(AssistantsApiResponseFormatOption::Auto)
            );
            assert!(run.extra.is_empty(), "{:?}", run.extra);
        } else {
            // Defects tolerated: a tool kind that no longer exists, and `file_ids`.
            assert_eq!(
                run.tools[0],
                RunObjectToolsItem::Unknown(json!({"type": "retrieval"}))
            );
            assert_eq!(run.response_format, None);
            assert_eq!(run.truncation_strategy, None);
            assert_eq!(run.extra.get("file_ids"), Some(&json!([])));
            assert_eq!(run.extra.len(), 1, "{:?}", run.extra);
        }
    }
}

#[tokio::test]
#[cfg_attr(
    not(upstream_examples),
    ignore = "needs ../shared/specs/examples (test data beside the repository)"
)]
async fn upstream_2024_default_response_decodes_as_published() {
    let folder = upstream_examples();
    let body = read_example(&folder, "2024-03-27/01-default.response.json");
    assert!(body.get("parallel_tool_calls").is_none());

    let run = decoded(&body).await;
    assert_eq!(run.status, RunObjectStatus::Queued);
    assert_eq!(run.model, "gpt-4");
    assert_eq!(
        run.instructions.as_deref(),
        Some("You are a helpful assistant.")
    );
    // Defect tolerated: the absent `parallel_tool_calls` is its default.
    assert!(run.parallel_tool_calls);
    assert_eq!(run.usage, None);
    assert_eq!(run.incomplete_details, None);
    assert_eq!(run.tool_choice, None);
    assert_eq!(run.extra.get("file_ids"), Some(&json!([])));
    assert_eq!(run.extra.len(), 1, "{:?}", run.extra);
}
