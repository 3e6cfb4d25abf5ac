//! What `create_thread_and_run` sends: method, path, headers and the exact JSON body.
//!
//! Bodies are compared as parsed JSON against a `json!` literal, so a field that should be
//! omitted and is sent (even as `null`) fails the test.

mod common;

use common::{
    body_json, client, header, only_request, seed_request, seed_request_json, seed_response,
    server_returning_json, KEY, RUNS_PATH,
};
// 2024-03-27 (Assistants v1) lacks the fields these tests set; they are left out there.
use generated_client::types::CreateThreadAndRunRequest;
#[cfg(not(openai_spec = "2024-03-27"))]
use generated_client::types::{
    AssistantsApiResponseFormatOption, AssistantsApiToolChoiceOption, AutoChunkingStrategy,
    CreateThreadAndRunRequestModel, CreateThreadRequest, CreateThreadRequestToolResources,
    CreateThreadRequestToolResourcesFileSearch,
};
use generated_client::Client;
use serde_json::{json, Value};
use wiremock::MockServer;

#[cfg(not(openai_spec = "2024-03-27"))]
#[path = "support/full_request.rs"]
mod full_request;
#[cfg(not(openai_spec = "2024-03-27"))]
use full_request::full_request;

/// A server answering with a valid run, and the client to call it.
async fn server_and_client() -> (MockServer, Client) {
    let server = server_returning_json(&seed_response()).await;
    let client = client(&server);
    (server, client)
}

#[cfg_attr(openai_spec = "2024-03-27", allow(dead_code))]
/// Sends `request` and returns the JSON body the server received, after checking the method,
/// the path and the headers every call carries.
async fn sent_body(request: &CreateThreadAndRunRequest) -> Value {
    let (server, client) = server_and_client().await;
    let run = client
        .create_thread_and_run(request)
        .await
        .expect("the server answers with a valid run");
    assert_eq!(run.id, "run_abc123");

    let received = only_request(&server).await;
    assert_eq!(received.method.as_str(), "POST");
    assert_eq!(received.url.path(), RUNS_PATH);
    assert_eq!(header(&received, "openai-beta"), Some("assistants=v2"));
    assert_eq!(header(&received, "content-type"), Some("application/json"));
    body_json(&received)
}

#[tokio::test]
async fn seed_request_method_path_headers_and_body() {
    let (server, client) = server_and_client().await;

    client
        .create_thread_and_run(&seed_request())
        .await
        .expect("a run");

    let received = only_request(&server).await;
    assert_eq!(received.method.as_str(), "POST");
    assert_eq!(received.url.path(), "/v1/threads/runs");
    assert_eq!(received.url.query(), None);
    let bearer = format!("Bearer {KEY}");
    assert_eq!(header(&received, "authorization"), Some(bearer.as_str()));
    assert_eq!(header(&received, "openai-beta"), Some("assistants=v2"));
    assert_eq!(header(&received, "content-type"), Some("application/json"));
    assert_eq!(header(&received, "accept"), Some("application/json"));
    assert_eq!(header(&received, "openai-organization"), None);
    assert_eq!(header(&received, "openai-project"), None);
    assert_eq!(body_json(&received), seed_request_json());
}

// 2024-03-27: its request also carries the `thread_id` that description requires.
#[cfg(not(openai_spec = "2024-03-27"))]
#[tokio::test]
#[cfg_attr(
    not(upstream_examples),
    ignore = "needs ../shared/specs/examples (test data beside the repository)"
)]
async fn seed_request_matches_the_upstream_example_request() {
    let folder = common::upstream_examples();
    let encoded = serde_json::to_value(seed_request()).expect("encodable");
    for version in ["latest", "2024-03-27"] {
        let example = common::read_example(&folder, &format!("{version}/01-default.request.json"));
        assert_eq!(encoded, example, "{version}");
    }
}

#[tokio::test]
async fn organization_and_project_headers_only_when_configured() {
    let configured = [
        (None, None),
        (Some("org_123"), None),
        (None, Some("proj_456")),
        (Some("org_123"), Some("proj_456")),
    ];
    for (organization, project) in configured {
        let server = server_returning_json(&seed_response()).await;
        let mut builder = Client::builder()
            .api_key(KEY)
            .base_url(format!("{}/v1", server.uri()));
        if let Some(organization) = organization {
            builder = builder.organization(organization);
        }
        if let Some(project) = project {
            builder = builder.project(project);
        }
        builder
            .build()
            .expect("a client")
            .create_thread_and_run(&seed_request())
            .await
            .expect("a run");

        let received = only_request(&server).await;
        assert_eq!(header(&received, "openai-organization"), organization);
        assert_eq!(header(&received, "openai-project"), project);
        let bearer = format!("Bearer {KEY}");
        assert_eq!(header(&received, "authorization"), Some(bearer.as_str()));
        assert_eq!(header(&received, "openai-beta"), Some("assistants=v2"));
        assert_eq!(body_json(&received), seed_request_json());
    }
}

// 2024-03-27 lacks most of these fields.
#[cfg(not(openai_spec = "2024-03-27"))]
#[tokio::test]
async fn every_field_set_recursively() {
    let body = sent_body(&full_request()).await;
    let expected = json!({
        "assistant_id": "asst_abc123",
        "instructions": "Answer briefly.",
        "max_completion_tokens": 1024,
        "max_prompt_tokens": 2048,
        "metadata": {"user": "u1", "purpose": "test"},
        "model": "gpt-4o",
        "parallel_tool_calls": false,
        "response_format": {
            "type": "json_schema",
            "json_schema": {
                "name": "answer",
                "description": "A short answer.",
                "schema": {"type": "object", "properties": {"text": {"type": "string"}}},
                "strict": true
            }
        },
        "stream": false,
        "temperature": 0.5,
        "thread": {
            "messages": [
                {
                    "role": "user",
                    "content": "Explain deep learning to a 5 year old.",
                    "attachments": [
                        {
                            "file_id": "file_doc",
                            "tools": [{"type": "code_interpreter"}, {"type": "file_search"}]
                        }
                    ],
                    "metadata": {"source": "test"}
                },
                {
                    "role": "assistant",
                    "content": [
                        {"type": "text", "text": "Here is a picture:"},
                        {"type": "image_file", "image_file": {"file_id": "file_img", "detail": "low"}},
                        {
                            "type": "image_url",
                            "image_url": {"url": "https://example.com/cat.png", "detail": "high"}
                        }
                    ]
                }
            ],
            "metadata": {"thread": "t1"},
            "tool_resources": {
                "code_interpreter": {"file_ids": ["file_code"]},
                "file_search": {
                    "vector_stores": [
                        {
                            "file_ids": ["file_a", "file_b"],
                            "metadata": {"store": "s1"},
                            "chunking_strategy": {
                                "type": "static",
                                "static": {"max_chunk_size_tokens": 800, "chunk_overlap_tokens": 400}
                            }
                        }
                    ]
                }
            }
        },
        "tool_choice": {"type": "function", "function": {"name": "get_weather"}},
        "tool_resources": {
            "code_interpreter": {"file_ids": ["file_run_code"]},
            "file_search": {"vector_store_ids": ["vs_run"]}
        },
        "tools": [
            {"type": "code_interpreter"},
            {
                "type": "file_search",
                "file_search": {
                    "max_num_results": 7,
                    "ranking_options": {"ranker": "default_2024_08_21", "score_threshold": 0.25}
                }
            },
            {
                "type": "function",
                "function": {
                    "name": "get_weather",
                    "description": "Current weather in a city.",
                    "parameters": {
                        "type": "object",
                        "properties": {"city": {"type": "string"}},
                        "required": ["city"]
                    },
                    "strict": true
                }
            }
        ],
        "top_p": 0.9,
        "truncation_strategy": {"type": "last_messages", "last_messages": 10}
    });
    assert_eq!(body, expected);

    // The request also decodes back to itself (the types are symmetric).
    let decoded: CreateThreadAndRunRequest =
        serde_json::from_value(expected).expect("the body decodes as a request");
    assert_eq!(decoded, full_request());
}

/// The other shapes of the union- and enum-typed fields: a custom model id through `Other`,
/// `response_format: "auto"`, `tool_choice` as a string mode, `vector_store_ids` on the
/// thread, and the `json_object` / `text` response formats.
// 2024-03-27 has no `response_format` or `tool_choice`, and `model` is a plain string.
#[cfg(not(openai_spec = "2024-03-27"))]
#[tokio::test]
async fn string_forms_of_model_response_format_and_tool_choice() {
    let request = CreateThreadAndRunRequest::new("asst_abc123")
        .model(CreateThreadAndRunRequestModel::Other(
            "my-fine-tuned-model".to_owned(),
        ))
        .response_format(AssistantsApiResponseFormatOption::Auto)
        .tool_choice(AssistantsApiToolChoiceOption::Required)
        .thread(
            CreateThreadRequest::new().tool_resources(
                CreateThreadRequestToolResources::new().file_search(
                    CreateThreadRequestToolResourcesFileSearch::new()
                        .vector_store_ids(vec!["vs_thread".to_owned()]),
                ),
            ),
        );
    assert_eq!(
        sent_body(&request).await,
        json!({
            "assistant_id": "asst_abc123",
            "model": "my-fine-tuned-model",
            "response_format": "auto",
            "tool_choice": "required",
            "thread": {"tool_resources": {"file_search": {"vector_store_ids": ["vs_thread"]}}}
        })
    );

    // The string modes and formats, without a server round trip each.
    for (choice, wire) in [
        (AssistantsApiToolChoiceOption::None, "none"),
        (AssistantsApiToolChoiceOption::Auto, "auto"),
        (AssistantsApiToolChoiceOption::Required, "required"),
    ] {
        assert_eq!(
            serde_json::to_value(&choice).expect("encodable"),
            json!(wire)
        );
    }
    for (format, wire) in [
        (
            AssistantsApiResponseFormatOption::from(
                generated_client::types::ResponseFormatText::new(),
            ),
            json!({"type": "text"}),
        ),
        (
            generated_client::types::ResponseFormatJsonObject::new().into(),
            json!({"type": "json_object"}),
        ),
    ] {
        assert_eq!(serde_json::to_value(&format).expect("encodable"), wire);
    }
}

// 2024-03-27: `model` is a plain string there.
#[cfg(not(openai_spec = "2024-03-27"))]
#[tokio::test]
async fn model_ids_known_and_custom() {
    // A known id from a string becomes its variant; an unknown one stays `Other`.
    assert_eq!(
        CreateThreadAndRunRequestModel::from("gpt-4o-mini"),
        CreateThreadAndRunRequestModel::Gpt4oMini
    );
    assert_eq!(
        CreateThreadAndRunRequestModel::from("ft:gpt-4o:acme::abc"),
        CreateThreadAndRunRequestModel::Other("ft:gpt-4o:acme::abc".to_owned())
    );

    let known = CreateThreadAndRunRequest::new("asst_abc123")
        .model(CreateThreadAndRunRequestModel::Gpt35Turbo16k0613);
    assert_eq!(
        sent_body(&known).await,
        json!({"assistant_id": "asst_abc123", "model": "gpt-3.5-turbo-16k-0613"})
    );
    let custom = CreateThreadAndRunRequest::new("asst_abc123").model("ft:gpt-4o:acme::abc");
    assert_eq!(
        sent_body(&custom).await,
        json!({"assistant_id": "asst_abc123", "model": "ft:gpt-4o:acme::abc"})
    );
}

// 2024-03-27: the request also carries the `thread_id` that description requires.
#[cfg(not(openai_spec = "2024-03-27"))]
#[tokio::test]
async fn only_the_assistant_id_when_nothing_else_is_set() {
    let body = sent_body(&CreateThreadAndRunRequest::new("asst_only")).await;
    assert_eq!(body, json!({"assistant_id": "asst_only"}));
}

#[tokio::test]
async fn extra_properties_are_sent_as_given() {
    let mut request = seed_request();
    request
        .extra
        .insert("reasoning_effort".to_owned(), json!("low"));
    let mut expected = seed_request_json();
    expected["reasoning_effort"] = json!("low");
    // The request object is closed (`additionalProperties: false`): the check before sending
    // refuses the property unless it is turned off, as for a parameter the API takes before
    // the description knows it.
    let (server, client) = server_and_client().await;
    let refused = client
        .create_thread_and_run(&request)
        .await
        .expect_err("refused");
    assert_eq!(refused.kind(), generated_client::ErrorKind::Invalid);
    client
        .with_options(generated_client::RequestOptions::new().validate(false))
        .create_thread_and_run(&request)
        .await
        .expect("sent");
    assert_eq!(body_json(&only_request(&server).await), expected);
}

// 2024-03-27 has no chunking strategies.
#[cfg(not(openai_spec = "2024-03-27"))]
#[test]
fn the_auto_chunking_strategy_is_its_tag_alone() {
    let strategy: generated_client::types::CreateThreadRequestToolResourcesFileSearchVectorStoresItemChunkingStrategy =
        AutoChunkingStrategy::new().into();
    assert_eq!(
        serde_json::to_value(strategy).unwrap(),
        json!({"type": "auto"})
    );
}
