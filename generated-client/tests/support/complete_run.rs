//! A `RunObject` response with every field set to a known, non-null value, shared by the
//! response tests and the benchmarks (`#[path]`-included by each).

use serde_json::{json, Value};

/// A response whose every field is a known, non-null value.
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
