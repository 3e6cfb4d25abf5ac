//! What differs between the upstream descriptions these tests also run against.
//!
//! `cargo xtask compile-check --spec <file> --test` generates a client from an older OpenAI
//! description and runs this crate's tests against it; `build.rs` then sets the cfg
//! `openai_spec` to that description's date. Names that changed are mapped here, so a test
//! reads the same for every version; a test that does not apply to a version is marked
//! `#[cfg(not(openai_spec = "…"))]` where it is written, with what the version lacks.
//!
//! - `2025-11-12` names some schemas that the newer files write inline: the run's status is
//!   `RunStatus`, the tool union `AssistantTool`, the delta content union
//!   `MessageContentDelta`. Its `AssistantStreamEvent` leaves out the `done` event, so there
//!   `done` arrives as `AssistantStreamEvent::Unknown`.
//! - `2025-04-29` has the same names as the newest file.
//! - `2024-03-27` is the first Assistants API (v1): no `tool_resources`, `file_search`,
//!   `attachments`, sampling or truncation settings, `response_format`, `tool_choice`,
//!   `incomplete_details`; messages are always from the user; and it marks `thread_id`
//!   required on `CreateThreadAndRunRequest` without declaring it, so the generated
//!   constructor takes it (as a JSON value).

#![allow(dead_code, unused_imports)]

#[cfg(openai_spec = "2025-11-12")]
pub use generated_client::types::{
    AssistantTool as RunObjectToolsItem, MessageContentDelta as MessageDeltaObjectDeltaContentItem,
    RunStatus as RunObjectStatus,
};
#[cfg(not(openai_spec = "2025-11-12"))]
pub use generated_client::types::{
    MessageDeltaObjectDeltaContentItem, RunObjectStatus, RunObjectToolsItem,
};

#[cfg(openai_spec = "2025-11-12")]
pub use generated_client::types::AssistantTool as CreateThreadAndRunRequestToolsItem;
#[cfg(not(any(openai_spec = "2025-11-12", openai_spec = "2024-03-27")))]
pub use generated_client::types::CreateThreadAndRunRequestToolsItem;

use generated_client::types::{CreateMessageRequest, CreateThreadAndRunRequest};

/// `CreateThreadAndRunRequest::new` for the assistant `assistant_id`.
pub fn run_request_for(assistant_id: &str) -> CreateThreadAndRunRequest {
    #[cfg(not(openai_spec = "2024-03-27"))]
    return CreateThreadAndRunRequest::new(assistant_id);
    // `thread_id`: declared required but not a property (see above); a JSON null.
    #[cfg(openai_spec = "2024-03-27")]
    return CreateThreadAndRunRequest::new(serde_json::Value::Null, assistant_id);
}

/// A user message with `text` as its content.
pub fn user_message(text: &str) -> CreateMessageRequest {
    #[cfg(not(openai_spec = "2024-03-27"))]
    return CreateMessageRequest::new(
        generated_client::types::CreateMessageRequestRole::User,
        text,
    );
    #[cfg(openai_spec = "2024-03-27")]
    return CreateMessageRequest::new(text);
}

/// A run object as this version's API sends it: the tests' run bodies are v2 runs, and a v1
/// run also has the required `file_ids` (2024-03-27).
pub fn run_as_served(run: serde_json::Value) -> serde_json::Value {
    #[cfg(openai_spec = "2024-03-27")]
    let run = {
        let mut run = run;
        if let Some(fields) = run.as_object_mut() {
            fields
                .entry("file_ids")
                .or_insert_with(|| serde_json::json!([]));
        }
        run
    };
    run
}
