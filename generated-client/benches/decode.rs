//! Decoding `RunObject` into the generated types against decoding the same bytes into
//! `serde_json::Value`, and encoding the every-field request against encoding the same JSON
//! held as a `Value`, in the same run.
//!
//! `cargo bench -p generated-client --bench decode`. The upstream example is skipped when
//! `../shared/specs/` is absent; the other inputs are built here.

mod common;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use generated_client::types::{CreateThreadAndRunRequest, RunObject};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::hint::black_box;
use std::time::Duration;

/// What the client does with a response body (`runtime::decode_json`): serde_json through
/// `serde_path_to_error`, so that a failure names the field, then a check for trailing bytes.
fn client_decode<T: DeserializeOwned>(bytes: &[u8]) -> T {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).expect("decodes");
    deserializer.end().expect("no trailing bytes");
    value
}

fn decode_group(c: &mut Criterion, name: &str, bytes: &[u8]) {
    // The inputs must decode, and into the type without anything left over.
    let run: RunObject = client_decode(bytes);
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
    group.bench_function(BenchmarkId::new("stage", "RunObject from_slice"), |b| {
        b.iter(|| serde_json::from_slice::<RunObject>(black_box(bytes)).expect("a run"))
    });
    group.bench_function(
        BenchmarkId::new("ours", "RunObject as the client decodes"),
        |b| b.iter(|| client_decode::<RunObject>(black_box(bytes))),
    );
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
}

fn encode(c: &mut Criterion) {
    let request: CreateThreadAndRunRequest = common::full_request();
    let as_value: Value = serde_json::to_value(&request).expect("encodes");
    let bytes = serde_json::to_vec(&request).expect("encodes");
    assert_eq!(serde_json::to_vec(&as_value).expect("encodes"), bytes);
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
