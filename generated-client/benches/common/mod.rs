//! Inputs shared by the client's benchmarks: request and response bodies, an SSE transcript.
#![allow(dead_code)]

use serde_json::{json, Value};
use std::path::PathBuf;

#[path = "../../tests/support/full_request.rs"]
mod full_request;
pub use full_request::full_request;

/// The upstream `RunObject` example (`../../shared/specs/examples/latest/`), byte for byte;
/// `None`, after saying so, when that folder is absent.
pub fn upstream_run_example() -> Option<Vec<u8>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/specs/examples/latest/run-object.x-oaiMeta.example.json");
    match std::fs::read(&path) {
        Ok(bytes) => Some(bytes),
        Err(_) => {
            eprintln!("skipped: {} is absent", path.display());
            None
        }
    }
}

/// A run with every field set, nothing null (as the response tests use).
pub fn complete_run() -> Value {
    json!({
        "id": "run_full",
        "object": "thread.run",
        "created_at": 1699076792,
        "assistant_id": "asst_abc123",
        "thread_id": "thread_abc123",
        "status": "requires_action",
        "required_action": {
            "type": "submit_tool_outputs",
            "submit_tool_outputs": {
                "tool_calls": [{
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": "get_weather", "arguments": "{\"city\":\"Paris\"}"}
                }]
            }
        },
        "last_error": {"code": "rate_limit_exceeded", "message": "slow down"},
        "expires_at": 1699077392,
        "started_at": 1699076800,
        "cancelled_at": 1699076900,
        "failed_at": 1699076950,
        "completed_at": 1699077000,
        "incomplete_details": {"reason": "max_prompt_tokens"},
        "model": "gpt-4o",
        "instructions": "You are a helpful assistant.",
        "tools": [
            {"type": "code_interpreter"},
            {
                "type": "file_search",
                "file_search": {
                    "max_num_results": 5,
                    "ranking_options": {"ranker": "auto", "score_threshold": 0.5}
                }
            },
            {
                "type": "function",
                "function": {
                    "name": "get_weather",
                    "description": "Weather in a city.",
                    "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
                    "strict": false
                }
            }
        ],
        "metadata": {"user": "u1"},
        "usage": {"prompt_tokens": 10, "completion_tokens": 20, "total_tokens": 30},
        "temperature": 0.5,
        "top_p": 0.25,
        "max_prompt_tokens": 2000,
        "max_completion_tokens": 1000,
        "truncation_strategy": {"type": "last_messages", "last_messages": 3},
        "response_format": {
            "type": "json_schema",
            "json_schema": {"name": "answer", "schema": {"type": "object"}, "strict": true}
        },
        "tool_choice": {"type": "function", "function": {"name": "get_weather"}},
        "parallel_tool_calls": false
    })
}

/// A large run: 20 tools (18 functions with parameter schemas, code interpreter, file
/// search), 16 KiB of instructions, metadata at the API's limit (16 pairs, 64-character keys,
/// 512-character values), and 20 pending tool calls.
pub fn large_run() -> Value {
    let mut run = complete_run();
    let sentence =
        "Answer in the user's language, cite the file you used, and never guess a number. ";
    let mut instructions = String::new();
    while instructions.len() < 16 * 1024 {
        instructions.push_str(sentence);
    }
    run["instructions"] = Value::String(instructions);
    let mut tools = vec![
        json!({"type": "code_interpreter"}),
        json!({
            "type": "file_search",
            "file_search": {
                "max_num_results": 20,
                "ranking_options": {"ranker": "default_2024_08_21", "score_threshold": 0.25}
            }
        }),
    ];
    let mut calls = Vec::new();
    for i in 0..18 {
        tools.push(json!({
            "type": "function",
            "function": {
                "name": format!("tool_number_{i}"),
                "description": format!("Looks up record kind {i} by its id, in the region and at the date given; returns the record as JSON."),
                "parameters": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string", "description": "The record's id."},
                        "region": {"type": "string", "enum": ["eu", "us", "apac"]},
                        "date": {"type": "string", "format": "date"},
                        "limit": {"type": "integer", "minimum": 1, "maximum": 100},
                        "fields": {"type": "array", "items": {"type": "string"}}
                    },
                    "required": ["id", "region"],
                    "additionalProperties": false
                },
                "strict": true
            }
        }));
        calls.push(json!({
            "id": format!("call_{i:04}"),
            "type": "function",
            "function": {
                "name": format!("tool_number_{i}"),
                "arguments": format!("{{\"id\":\"rec_{i}\",\"region\":\"eu\",\"limit\":{i}}}")
            }
        }));
    }
    for i in 18..20 {
        calls.push(json!({
            "id": format!("call_{i:04}"),
            "type": "function",
            "function": {"name": "tool_number_0", "arguments": "{\"id\":\"rec_x\",\"region\":\"us\"}"}
        }));
    }
    run["tools"] = Value::Array(tools);
    run["required_action"]["submit_tool_outputs"]["tool_calls"] = Value::Array(calls);
    let metadata: serde_json::Map<String, Value> = (0..16)
        .map(|i| {
            let key = format!("{i:02}-{}", "k".repeat(61));
            let value = format!("{i:02}:{}", "v".repeat(509));
            (key, Value::String(value))
        })
        .collect();
    run["metadata"] = Value::Object(metadata);
    run
}
