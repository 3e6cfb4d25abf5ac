//! Inputs shared by the client's benchmarks: request and response bodies, an SSE transcript.
#![allow(dead_code)]

use serde_json::{json, Value};
use std::path::PathBuf;

#[path = "../../tests/support/full_request.rs"]
mod full_request;
pub use full_request::full_request;
#[path = "../../tests/support/complete_run.rs"]
mod complete_run;
pub use complete_run::complete_run;

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
