//! Loading an upstream description — parse, overlay, normalize, `openapiv3` model — against
//! the bare parse of the same bytes into a generic tree, in the same run.
//!
//! `cargo bench -p generator --bench load`. Skips (registering nothing) when
//! `../shared/specs/` is absent.

mod common;

use common::{bare_yaml, project_overlay, upstream};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use generator::source::Document;
use generator::Options;
use std::hint::black_box;
use std::time::Duration;

fn options(description: generator::Input) -> Options {
    Options {
        description,
        overlays: vec![project_overlay()],
        operations: vec!["createThreadAndRun".to_owned()],
        all_operations: false,
        client: Default::default(),
    }
}

fn load(c: &mut Criterion) {
    for file in ["openai-latest.yaml", "openai-latest.json"] {
        let Some(input) = upstream(file) else {
            continue;
        };
        let json = file.ends_with(".json");
        let opts = options(input);
        let text = opts.description.text.clone();
        let mut group = c.benchmark_group(format!("load/{file}"));
        group
            .sample_size(10)
            .measurement_time(Duration::from_secs(8))
            .warm_up_time(Duration::from_secs(2))
            .throughput(Throughput::Bytes(text.len() as u64));

        // Baselines: the plainest full parse of the bytes into a generic tree.
        if json {
            group.bench_function(BenchmarkId::new("bare", "serde_json::Value"), |b| {
                b.iter(|| {
                    serde_json::from_slice::<serde_json::Value>(black_box(text.as_bytes()))
                        .expect("valid JSON")
                })
            });
        } else {
            group.bench_function(BenchmarkId::new("bare", "saphyr::Yaml"), |b| {
                b.iter(|| bare_yaml(black_box(&text)))
            });
            // The generator's reader alone: the same events into `serde_json::Value`, with
            // the position of every node.
            group.bench_function(BenchmarkId::new("stage", "yaml::parse"), |b| {
                b.iter(|| generator::yaml::parse(black_box(&text)).expect("valid YAML"))
            });
        }
        group.bench_function(BenchmarkId::new("stage", "Document::parse"), |b| {
            b.iter(|| Document::parse(file, black_box(&text)).expect("parses"))
        });
        // Everything `generator::load` does: parse, overlay, normalize, `openapiv3` model.
        group.bench_function(BenchmarkId::new("ours", "load"), |b| {
            b.iter(|| generator::load(black_box(&opts)).expect("loads"))
        });
        group.finish();
    }
}

criterion_group!(benches, load);
criterion_main!(benches);
