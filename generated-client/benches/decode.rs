//! Decoding `RunObject` into the generated types against decoding the same bytes into
//! `serde_json::Value`, and encoding the every-field request against encoding the same JSON
//! held as a `Value`, in the same run.
//!
//! `cargo bench -p generated-client --bench decode`. The upstream example is skipped when
//! `../shared/specs/` is absent; the other inputs are built here.

mod common;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use generated_client::types::{CreateThreadAndRunRequest, RunObject};
use serde_json::Value;
use std::hint::black_box;
use std::time::Duration;

/// The JSON text of `value` with each object's `type` first, as the API orders its objects
/// (`serde_json` sorts keys, which puts `type` after most others: the slower case for a
/// union, which then holds back what comes before the tag).
fn tag_first(value: &Value) -> Vec<u8> {
    fn write(value: &Value, out: &mut Vec<u8>) {
        let Value::Object(map) = value else {
            if let Value::Array(items) = value {
                out.push(b'[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    write(item, out);
                }
                out.push(b']');
            } else {
                out.extend(serde_json::to_vec(value).expect("encodes"));
            }
            return;
        };
        out.push(b'{');
        let first = map.get_key_value("type");
        let rest = map.iter().filter(|(key, _)| *key != "type");
        for (i, (key, value)) in first.into_iter().chain(rest).enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend(serde_json::to_vec(key).expect("encodes"));
            out.push(b':');
            write(value, out);
        }
        out.push(b'}');
    }
    let mut out = Vec::new();
    write(value, &mut out);
    out
}

fn decode_group(c: &mut Criterion, name: &str, bytes: &[u8]) {
    // The inputs must decode, and into the type without anything left over.
    let run: RunObject = serde_json::from_slice(bytes).expect("a run");
    assert!(
        run.extra.is_empty(),
        "{name}: unknown fields {:?}",
        run.extra
    );
    let mut group = c.benchmark_group(format!("decode/{name}"));
    group
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function(BenchmarkId::new("bare", "serde_json::Value"), |b| {
        b.iter(|| serde_json::from_slice::<Value>(black_box(bytes)).expect("JSON"))
    });
    // What the client does with a body: `runtime::de::decode_json` (the bytes checked as
    // UTF-8 once, then decoded from the text).
    group.bench_function(BenchmarkId::new("ours", "RunObject"), |b| {
        b.iter(|| {
            openapi_client_runtime::de::decode_json::<RunObject>(black_box(bytes)).expect("a run")
        })
    });
    group.finish();
}

fn decode(c: &mut Criterion) {
    if let Some(example) = common::upstream_run_example() {
        decode_group(c, "upstream example", &example);
    }
    let complete = serde_json::to_vec(&common::complete_run()).expect("encodes");
    decode_group(c, "every field", &complete);
    let large = serde_json::to_vec(&common::large_run()).expect("encodes");
    decode_group(c, "large run", &large);
    let large = tag_first(&common::large_run());
    assert_eq!(
        serde_json::from_slice::<Value>(&large).expect("JSON"),
        common::large_run()
    );
    decode_group(c, "large run, tags first", &large);
}

fn encode(c: &mut Criterion) {
    let request: CreateThreadAndRunRequest = common::full_request();
    let as_value: Value = serde_json::to_value(&request).expect("encodes");
    let bytes = serde_json::to_vec(&request).expect("encodes");
    // The same JSON, and the same length (the request writes `type` first, a `Value` sorts).
    let from_value = serde_json::to_vec(&as_value).expect("encodes");
    assert_eq!(from_value.len(), bytes.len());
    assert_eq!(
        serde_json::from_slice::<Value>(&from_value).expect("JSON"),
        serde_json::from_slice::<Value>(&bytes).expect("JSON")
    );
    let mut group = c.benchmark_group("encode/every-field request");
    group
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function(BenchmarkId::new("bare", "serde_json::Value"), |b| {
        b.iter(|| serde_json::to_vec(black_box(&as_value)).expect("encodes"))
    });
    group.bench_function(BenchmarkId::new("ours", "CreateThreadAndRunRequest"), |b| {
        b.iter(|| serde_json::to_vec(black_box(&request)).expect("encodes"))
    });
    group.finish();
}

criterion_group!(benches, decode, encode);
criterion_main!(benches);
