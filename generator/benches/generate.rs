//! Generation end to end, to formatted source in memory: `createThreadAndRun` from `spec/`,
//! and every operation of the latest upstream description against the bare parse of the
//! same bytes, in the same run.
//!
//! `cargo bench -p generator --bench generate`. The upstream group is skipped (registering
//! nothing) when `../shared/specs/` is absent.

mod common;

use common::{bare_yaml, project_options, project_overlay, upstream};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use generator::Options;
use std::hint::black_box;
use std::time::Duration;

fn project(c: &mut Criterion) {
    let opts = project_options();
    let mut group = c.benchmark_group("generate/spec");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(8))
        .throughput(Throughput::Bytes(opts.description.text.len() as u64));
    group.bench_function(BenchmarkId::new("bare", "saphyr::Yaml"), |b| {
        b.iter(|| bare_yaml(black_box(&opts.description.text)))
    });
    group.bench_function(BenchmarkId::new("stage", "load"), |b| {
        b.iter(|| generator::load(black_box(&opts)).expect("loads"))
    });
    group.bench_function(BenchmarkId::new("stage", "lower_api"), |b| {
        b.iter(|| generator::lower_api(black_box(&opts)).expect("lowers"))
    });
    group.bench_function(
        BenchmarkId::new("ours", "generate createThreadAndRun"),
        |b| b.iter(|| generator::generate(black_box(&opts)).expect("generates")),
    );
    group.finish();
}

fn upstream_all(c: &mut Criterion) {
    let file = "openai-latest.yaml";
    let Some(description) = upstream(file) else {
        return;
    };
    let opts = Options {
        description,
        overlays: vec![project_overlay()],
        operations: Vec::new(),
        all_operations: true,
        client: Default::default(),
    };
    let generated = generator::generate(&opts).unwrap_or_else(|d| panic!("{file}:\n{d}"));
    eprintln!(
        "{file}: {} operations, {} types, {} skipped, {} bytes of source",
        generated.operations,
        generated.types,
        generated.skipped.len(),
        generated.files.iter().map(|(_, t)| t.len()).sum::<usize>()
    );
    let text = opts.description.text.clone();
    let mut group = c.benchmark_group(format!("generate/{file}"));
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10))
        .warm_up_time(Duration::from_secs(2))
        .throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function(BenchmarkId::new("bare", "saphyr::Yaml"), |b| {
        b.iter(|| bare_yaml(black_box(&text)))
    });
    group.bench_function(BenchmarkId::new("stage", "lower_api all operations"), |b| {
        b.iter(|| generator::lower_api(black_box(&opts)).expect("lowers"))
    });
    group.bench_function(BenchmarkId::new("ours", "generate all operations"), |b| {
        b.iter(|| generator::generate(black_box(&opts)).expect("generates"))
    });
    group.finish();
}

criterion_group!(benches, project, upstream_all);
criterion_main!(benches);
