//! A 10,000-event `createThreadAndRun` stream through the client's SSE decoder into typed
//! `AssistantStreamEvent`s, against a bare scan of the same bytes for blank-line boundaries,
//! in the same run. Throughput is in bytes; events/s is 10,000 / time.
//!
//! `cargo bench -p generated-client --bench stream`.

use bytes::Bytes;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use futures_util::StreamExt;
use generated_client::stream::EventStream;
use generated_client::types::AssistantStreamEvent;
use std::hint::black_box;
use std::time::Duration;

/// Events in the transcript, `done` included.
const EVENTS: usize = 10_000;
/// The size of the chunks the bytes arrive in (a typical socket read).
const CHUNK: usize = 16 * 1024;

fn run(status: &str) -> String {
    format!(
        r#"{{"id":"run_123","object":"thread.run","created_at":1710348075,"assistant_id":"asst_123","thread_id":"thread_123","status":"{status}","started_at":1710348076,"expires_at":1710348675,"cancelled_at":null,"failed_at":null,"completed_at":null,"required_action":null,"last_error":null,"model":"gpt-4o","instructions":null,"tools":[],"metadata":{{}},"temperature":1.0,"top_p":1.0,"max_completion_tokens":null,"max_prompt_tokens":null,"truncation_strategy":{{"type":"auto","last_messages":null}},"incomplete_details":null,"usage":null,"response_format":"auto","tool_choice":"auto","parallel_tool_calls":true}}"#
    )
}

fn step(n: usize, status: &str) -> String {
    format!(
        r#"{{"id":"step_{n:04}","object":"thread.run.step","created_at":1710348076,"run_id":"run_123","assistant_id":"asst_123","thread_id":"thread_123","type":"message_creation","status":"{status}","cancelled_at":null,"completed_at":null,"expires_at":1710348675,"failed_at":null,"last_error":null,"step_details":{{"type":"message_creation","message_creation":{{"message_id":"msg_{n:04}"}}}},"usage":null}}"#
    )
}

fn message(n: usize, status: &str, text: &str) -> String {
    let content = if text.is_empty() {
        String::new()
    } else {
        format!(r#"{{"type":"text","text":{{"value":"{text}","annotations":[]}}}}"#)
    };
    format!(
        r#"{{"id":"msg_{n:04}","object":"thread.message","created_at":1710348076,"assistant_id":"asst_123","thread_id":"thread_123","run_id":"run_123","status":"{status}","incomplete_details":null,"incomplete_at":null,"completed_at":null,"role":"assistant","content":[{content}],"attachments":[],"metadata":{{}}}}"#
    )
}

fn delta(n: usize, text: &str) -> String {
    format!(
        r#"{{"id":"msg_{n:04}","object":"thread.message.delta","delta":{{"content":[{{"index":0,"type":"text","text":{{"value":"{text}"}}}}]}}}}"#
    )
}

/// A transcript as the API sends it: the thread and run, then messages (each in its own
/// step) of 40 text deltas, then the completed run and `done`; 10,000 events.
fn transcript() -> String {
    let words = [
        "Hello",
        " there",
        "!",
        " Deep",
        " learning",
        " is",
        " a",
        " way",
        " for",
        " computers",
    ];
    let mut events: Vec<(&str, String)> = vec![
        (
            "thread.created",
            r#"{"id":"thread_123","object":"thread","created_at":1710348075,"metadata":{}}"#
                .to_owned(),
        ),
        ("thread.run.created", run("queued")),
        ("thread.run.queued", run("queued")),
        ("thread.run.in_progress", run("in_progress")),
    ];
    let mut n = 0;
    'messages: loop {
        let block: Vec<(&str, String)> = vec![
            ("thread.run.step.created", step(n, "in_progress")),
            ("thread.run.step.in_progress", step(n, "in_progress")),
            ("thread.message.created", message(n, "in_progress", "")),
            ("thread.message.in_progress", message(n, "in_progress", "")),
        ];
        for event in block {
            if events.len() == EVENTS - 2 {
                break 'messages;
            }
            events.push(event);
        }
        for i in 0..40 {
            if events.len() == EVENTS - 2 {
                break 'messages;
            }
            events.push(("thread.message.delta", delta(n, words[i % words.len()])));
        }
        for event in [
            (
                "thread.message.completed",
                message(n, "completed", "Hello there! Deep learning is a way"),
            ),
            ("thread.run.step.completed", step(n, "completed")),
        ] {
            if events.len() == EVENTS - 2 {
                break 'messages;
            }
            events.push(event);
        }
        n += 1;
    }
    events.push(("thread.run.completed", run("completed")));
    events.push(("done", "[DONE]".to_owned()));
    assert_eq!(events.len(), EVENTS);
    let mut text = String::new();
    for (name, data) in events {
        text.push_str("event: ");
        text.push_str(name);
        text.push_str("\ndata: ");
        text.push_str(&data);
        text.push_str("\n\n");
    }
    text
}

/// The bytes in `CHUNK`-sized pieces, as a stream (cheap: the pieces share one buffer).
fn chunks(bytes: &Bytes) -> futures_util::stream::Iter<std::vec::IntoIter<std::io::Result<Bytes>>> {
    let pieces: Vec<std::io::Result<Bytes>> = (0..bytes.len())
        .step_by(CHUNK)
        .map(|start| Ok(bytes.slice(start..(start + CHUNK).min(bytes.len()))))
        .collect();
    futures_util::stream::iter(pieces)
}

/// The baseline: the number of events, found by scanning for blank lines (`\n\n`).
fn bare_boundaries(bytes: &[u8]) -> usize {
    let mut count = 0;
    let mut previous = 0u8;
    for &byte in bytes {
        if byte == b'\n' && previous == b'\n' {
            count += 1;
        }
        previous = byte;
    }
    count
}

/// The baseline plus what any consumer must do: each event's data parsed as JSON
/// (`serde_json::Value`; `[DONE]` is not JSON and is left as it is).
fn bare_boundaries_and_json(text: &str) -> usize {
    let mut count = 0;
    for block in text.split("\n\n").filter(|b| !b.is_empty()) {
        let data = block
            .lines()
            .find_map(|line| line.strip_prefix("data: "))
            .expect("a data line");
        if data != "[DONE]" {
            black_box(serde_json::from_str::<serde_json::Value>(data).expect("JSON"));
        }
        count += 1;
    }
    count
}

fn stream(c: &mut Criterion) {
    let text = transcript();
    let bytes = Bytes::from(text.clone());
    eprintln!(
        "transcript: {EVENTS} events, {} bytes, in {CHUNK}-byte chunks",
        bytes.len()
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime");

    // The typed decode: `done` ends the stream and is not an item.
    let typed = |bytes: &Bytes| {
        runtime.block_on(async {
            let mut events = EventStream::<AssistantStreamEvent>::from_byte_stream(chunks(bytes));
            let mut count = 0;
            while let Some(event) = events.next().await {
                black_box(event.expect("an event"));
                count += 1;
            }
            count + 1
        })
    };
    // The framing alone: `sse-stream` (what the client splits events with), no decoding.
    let framing = |bytes: &Bytes| {
        runtime.block_on(async {
            let mut blocks = sse_stream::SseByteStream::new(chunks(bytes));
            let mut count = 0;
            while let Some(block) = blocks.next().await {
                black_box(block.expect("a block"));
                count += 1;
            }
            count
        })
    };
    assert_eq!(bare_boundaries(&bytes), EVENTS);
    assert_eq!(bare_boundaries_and_json(&text), EVENTS);
    assert_eq!(framing(&bytes), EVENTS);
    assert_eq!(typed(&bytes), EVENTS);

    let mut group = c.benchmark_group("stream/10000 events");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(8))
        .throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function(BenchmarkId::new("bare", "blank-line scan"), |b| {
        b.iter(|| bare_boundaries(black_box(&bytes)))
    });
    group.bench_function(BenchmarkId::new("stage", "sse-stream framing"), |b| {
        b.iter(|| framing(black_box(&bytes)))
    });
    group.bench_function(
        BenchmarkId::new("stage", "blank-line scan + serde_json::Value"),
        |b| b.iter(|| bare_boundaries_and_json(black_box(&text))),
    );
    group.bench_function(
        BenchmarkId::new("ours", "EventStream<AssistantStreamEvent>"),
        |b| b.iter(|| typed(black_box(&bytes))),
    );
    group.finish();
}

criterion_group!(benches, stream);
criterion_main!(benches);
