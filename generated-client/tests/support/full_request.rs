//! The request with every field of `CreateThreadAndRunRequest` set, recursively, shared by the
//! request tests, the Prism conformance tests and the benchmarks (`#[path]`-included by each).

use generated_client::types::{
    AssistantToolsCode, AssistantToolsFileSearch, AssistantToolsFileSearchFileSearch,
    AssistantToolsFileSearchTypeOnly, AssistantToolsFunction, AssistantsNamedToolChoice,
    AssistantsNamedToolChoiceFunction, AssistantsNamedToolChoiceType, CreateMessageRequest,
    CreateMessageRequestAttachmentsItem, CreateMessageRequestContentArrayOfContentPartsItem,
    CreateMessageRequestRole, CreateThreadAndRunRequest, CreateThreadAndRunRequestModel,
    CreateThreadAndRunRequestToolResources, CreateThreadAndRunRequestToolResourcesCodeInterpreter,
    CreateThreadAndRunRequestToolResourcesFileSearch, CreateThreadRequest,
    CreateThreadRequestToolResources, CreateThreadRequestToolResourcesCodeInterpreter,
    CreateThreadRequestToolResourcesFileSearch,
    CreateThreadRequestToolResourcesFileSearchVectorStoresItem, FileSearchRanker,
    FileSearchRankingOptions, FunctionObject, MessageContentImageFileObject,
    MessageContentImageFileObjectImageFile, MessageContentImageFileObjectImageFileDetail,
    MessageContentImageUrlObject, MessageContentImageUrlObjectImageUrl,
    MessageContentImageUrlObjectImageUrlDetail, MessageRequestContentTextObject, Metadata,
    ResponseFormatJsonSchema, ResponseFormatJsonSchemaJsonSchema, StaticChunkingStrategy,
    StaticChunkingStrategyStatic, TruncationObject, TruncationObjectType,
};
use serde_json::json;

fn metadata(pairs: &[(&str, &str)]) -> Metadata {
    pairs
        .iter()
        .map(|(key, value)| (key.to_string(), value.to_string()))
        .collect()
}

/// Every field of `CreateThreadAndRunRequest` set, recursively: known model id,
/// `json_schema` response format, a named tool choice, `vector_stores` on the thread (the one
/// store the description allows).
pub fn full_request() -> CreateThreadAndRunRequest {
    let text_message = CreateMessageRequest::new(
        CreateMessageRequestRole::User,
        "Explain deep learning to a 5 year old.",
    )
    .attachments(vec![CreateMessageRequestAttachmentsItem::new()
        .file_id("file_doc")
        .tools(vec![
            AssistantToolsCode::new().into(),
            AssistantToolsFileSearchTypeOnly::new().into(),
        ])])
    .metadata(metadata(&[("source", "test")]));
    let parts_message = CreateMessageRequest::new(
        CreateMessageRequestRole::Assistant,
        vec![
            CreateMessageRequestContentArrayOfContentPartsItem::from(
                MessageRequestContentTextObject::new("Here is a picture:"),
            ),
            MessageContentImageFileObject::new(
                MessageContentImageFileObjectImageFile::new("file_img")
                    .detail(MessageContentImageFileObjectImageFileDetail::Low),
            )
            .into(),
            MessageContentImageUrlObject::new(
                MessageContentImageUrlObjectImageUrl::new("https://example.com/cat.png")
                    .detail(MessageContentImageUrlObjectImageUrlDetail::High),
            )
            .into(),
        ],
    );
    let thread = CreateThreadRequest::new()
        .messages(vec![text_message, parts_message])
        .metadata(metadata(&[("thread", "t1")]))
        .tool_resources(
            CreateThreadRequestToolResources::new()
                .code_interpreter(
                    CreateThreadRequestToolResourcesCodeInterpreter::new()
                        .file_ids(vec!["file_code".to_owned()]),
                )
                .file_search(
                    CreateThreadRequestToolResourcesFileSearch::new().vector_stores(vec![
                        CreateThreadRequestToolResourcesFileSearchVectorStoresItem::new()
                            .file_ids(vec!["file_a".to_owned(), "file_b".to_owned()])
                            .metadata(metadata(&[("store", "s1")]))
                            .chunking_strategy(StaticChunkingStrategy::new(
                                StaticChunkingStrategyStatic::new(800, 400),
                            )),
                    ]),
                ),
        );
    let function = FunctionObject::new("get_weather")
        .description("Current weather in a city.")
        // Free-form JSON Schema objects take a `json!` value as it is.
        .parameters(json!({
            "type": "object",
            "properties": {"city": {"type": "string"}},
            "required": ["city"],
        }))
        .strict(true);

    CreateThreadAndRunRequest::new("asst_abc123")
        .instructions("Answer briefly.")
        .max_completion_tokens(1024)
        .max_prompt_tokens(2048)
        .metadata(metadata(&[("user", "u1"), ("purpose", "test")]))
        .model(CreateThreadAndRunRequestModel::Gpt4o)
        .parallel_tool_calls(false)
        .response_format(ResponseFormatJsonSchema::new(
            ResponseFormatJsonSchemaJsonSchema::new("answer")
                .description("A short answer.")
                .schema(json!({
                    "type": "object",
                    "properties": {"text": {"type": "string"}},
                }))
                .strict(true),
        ))
        .stream(false)
        .temperature(0.5)
        .thread(thread)
        .tool_choice(
            AssistantsNamedToolChoice::new(AssistantsNamedToolChoiceType::Function)
                .function(AssistantsNamedToolChoiceFunction::new("get_weather")),
        )
        .tool_resources(
            CreateThreadAndRunRequestToolResources::new()
                .code_interpreter(
                    CreateThreadAndRunRequestToolResourcesCodeInterpreter::new()
                        .file_ids(vec!["file_run_code".to_owned()]),
                )
                .file_search(
                    CreateThreadAndRunRequestToolResourcesFileSearch::new()
                        .vector_store_ids(vec!["vs_run".to_owned()]),
                ),
        )
        .tools(vec![
            AssistantToolsCode::new().into(),
            AssistantToolsFileSearch::new()
                .file_search(
                    AssistantToolsFileSearchFileSearch::new()
                        .max_num_results(7)
                        .ranking_options(
                            FileSearchRankingOptions::new(0.25)
                                .ranker(FileSearchRanker::Default20240821),
                        ),
                )
                .into(),
            AssistantToolsFunction::new(function).into(),
        ])
        .top_p(0.9)
        .truncation_strategy(
            TruncationObject::new(TruncationObjectType::LastMessages).last_messages(10),
        )
}
