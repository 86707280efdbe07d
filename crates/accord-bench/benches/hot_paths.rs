//! Criterion benches of the hot paths, on generated records: parsing with spans, schema
//! validation, the record rules, the whole per-file check, aggregation, and the overview a
//! watcher renders after every edit. Run with
//! `cargo bench -p accord-bench`; CI builds them (`cargo bench --no-run`) so they cannot rot.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use accord_lint::Linter;
use accord_schema::date::Day;
use accord_schema::{Record, Vocabularies};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// The allocator `accord` itself runs with, so that the figures are the command's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const TODAY: Day = Day {
    year: 2026,
    month: 1,
    day: 1,
};

fn corpus() -> Vec<accord_bench::GeneratedRecord> {
    accord_bench::generate(200, 42, 0.0)
}

fn bytes(corpus: &[accord_bench::GeneratedRecord]) -> u64 {
    corpus.iter().map(|r| r.text.len() as u64).sum()
}

fn parse(c: &mut Criterion) {
    let corpus = corpus();
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Bytes(bytes(&corpus)));
    group.bench_function("yaml with spans, 200 records", |b| {
        b.iter(|| {
            for r in &corpus {
                black_box(accord_yaml::parse(black_box(&r.text)).is_ok());
            }
        });
    });
    // The general reader alone (saphyr), which `parse` uses only for what the common-layout
    // reader leaves: the gap between the two is what the common reader buys.
    group.bench_function("yaml with spans, general reader only, 200 records", |b| {
        b.iter(|| {
            for r in &corpus {
                black_box(accord_yaml::parse_general(black_box(&r.text)).is_ok());
            }
        });
    });
    group.finish();
}

fn check(c: &mut Criterion) {
    let corpus = corpus();
    let linter = Linter::new(Vocabularies::builtin().clone(), TODAY).expect("linter");
    let docs: Vec<serde_json::Value> = corpus
        .iter()
        .map(|r| accord_yaml::parse(&r.text).expect("valid YAML").value)
        .collect();
    let schema = accord_schema::schema::compile(&accord_schema::schema::record_schema(
        Vocabularies::builtin(),
    ))
    .expect("schema");
    let mut group = c.benchmark_group("check");
    group.throughput(Throughput::Bytes(bytes(&corpus)));
    group.bench_function("schema validation only, 200 records", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(schema.is_valid(black_box(d)));
            }
        });
    });
    group.bench_function(
        "whole per-file check (parse, schema, rules), 200 records",
        |b| {
            b.iter(|| {
                for r in &corpus {
                    let report =
                        linter.check_source(PathBuf::from(&r.path), Arc::from(r.text.as_str()));
                    black_box(report.diagnostics.len());
                }
            });
        },
    );
    let parsed: Vec<_> = corpus
        .iter()
        .map(|r| accord_yaml::parse(&r.text).expect("valid YAML"))
        .collect();
    group.bench_function("record rules only, 200 records", |b| {
        let mut out = Vec::new();
        b.iter(|| {
            for (r, doc) in corpus.iter().zip(&parsed) {
                out.clear();
                linter.check_record(doc, &r.text, Some(Path::new(&r.path)), &mut out);
                black_box(out.len());
            }
        });
    });
    let mut reports: Vec<_> = corpus
        .iter()
        .map(|r| linter.check_source(PathBuf::from(&r.path), Arc::from(r.text.as_str())))
        .collect();
    group.bench_function("rules across records, 200 records", |b| {
        b.iter(|| {
            linter.check_across(black_box(&mut reports));
            for r in &mut reports {
                r.diagnostics.retain(|d| !d.rule.code.starts_with("A3"));
            }
        });
    });
    group.finish();
}

/// The events of `count` generated records.
fn events(count: usize) -> Vec<Arc<accord_summary::Event>> {
    let vocabularies = Vocabularies::builtin();
    let mut events = Vec::new();
    for r in accord_bench::generate(count, 42, 0.0) {
        let value = accord_yaml::parse(&r.text).expect("valid").value;
        let record: Record = serde_json::from_value(value).expect("a record");
        if let Some(e) = accord_summary::model::event(r.path, record, vocabularies, TODAY, None) {
            events.push(Arc::new(e));
        }
    }
    events
}

fn aggregate(c: &mut Criterion) {
    let vocabularies = Vocabularies::builtin();
    let events = events(2000);
    let mut dataset =
        accord_summary::Dataset::of(TODAY, events.clone(), accord_summary::LeftOut::default());
    let mut group = c.benchmark_group("summaries");
    group.bench_function("aggregate 2000 events from scratch", |b| {
        b.iter(|| {
            black_box(accord_summary::Dataset::of(
                TODAY,
                events.iter().cloned(),
                accord_summary::LeftOut::default(),
            ))
        });
    });
    group.bench_function("replace one event of 2000 and read the aggregates", |b| {
        let one = Arc::clone(&events[events.len() / 2]);
        b.iter(|| {
            dataset.remove(one.id());
            dataset.insert(Arc::clone(&one));
            black_box(accord_summary::Aggregates::of(&dataset, vocabularies))
        });
    });
    group.bench_function("render the overview, 2000 events", |b| {
        b.iter(|| {
            black_box(accord_summary::render_overview(
                &dataset,
                vocabularies,
                &accord_summary::SiteInfo::default(),
            ))
        });
    });
    group.bench_function("render every output, 2000 events", |b| {
        b.iter(|| {
            black_box(accord_summary::render_all(
                &dataset,
                vocabularies,
                &accord_summary::SiteInfo::default(),
            ))
        });
    });
    group.finish();
}

/// What `accord watch` renders after every edit of a large tree, whatever the edit: the
/// overview (the aggregates read out, `summary.md`, `index.html`), at 100,000 events.
fn overview(c: &mut Criterion) {
    let vocabularies = Vocabularies::builtin();
    let dataset =
        accord_summary::Dataset::of(TODAY, events(100_000), accord_summary::LeftOut::default());
    let agg = accord_summary::Aggregates::of(&dataset, vocabularies);
    let mut group = c.benchmark_group("overview of 100000 events");
    group.bench_function("read the aggregates", |b| {
        b.iter(|| black_box(accord_summary::Aggregates::of(&dataset, vocabularies)));
    });
    group.bench_function("summary.md", |b| {
        b.iter(|| black_box(accord_summary::markdown::render(&dataset, &agg)));
    });
    group.bench_function("index.html", |b| {
        b.iter(|| {
            black_box(accord_summary::html::render(
                &dataset,
                &agg,
                &accord_summary::SiteInfo::default(),
            ))
        });
    });
    group.finish();
}

/// What a build writes per event and per list: the event pages, the browse pages (and feeds) of
/// every party, area and year, and the year files, each rendered whole, at 2,000 events. The
/// browse pages are measured as the watcher renders them again: each event's row, made at its
/// first listing and kept with it, is made in the first round only.
fn pages(c: &mut Criterion) {
    let vocabularies = Vocabularies::builtin();
    let events = events(2000);
    let dataset =
        accord_summary::Dataset::of(TODAY, events.clone(), accord_summary::LeftOut::default());
    let site = accord_summary::SiteInfo::default();
    let has_page = |id: &str| dataset.get(id).is_some();
    let bytes = |texts: &mut dyn Iterator<Item = usize>| texts.sum::<usize>() as u64;
    let mut group = c.benchmark_group("pages of 2000 events");
    let page_bytes = bytes(
        &mut events
            .iter()
            .map(|e| accord_summary::page::render(e, &site, TODAY, &has_page).len()),
    );
    group.throughput(Throughput::Bytes(page_bytes));
    group.bench_function("event pages", |b| {
        b.iter(|| {
            for e in &events {
                black_box(accord_summary::page::render(e, &site, TODAY, &has_page));
            }
        });
    });
    let keys: Vec<_> = dataset.keys().map(|(k, _)| k.clone()).collect();
    let browse_bytes = bytes(&mut keys.iter().flat_map(|k| {
        accord_summary::browse::render_key(k, &dataset, vocabularies, &site)
            .into_iter()
            .map(|(_, text)| text.len())
    }));
    group.throughput(Throughput::Bytes(browse_bytes));
    group.bench_function("browse pages and feeds", |b| {
        b.iter(|| {
            for key in &keys {
                black_box(accord_summary::browse::render_key(
                    key,
                    &dataset,
                    vocabularies,
                    &site,
                ));
            }
        });
    });
    let years: Vec<i32> = dataset.years().keys().copied().collect();
    let year_bytes = bytes(&mut years.iter().flat_map(|&y| {
        accord_summary::render_year(&dataset, y, &accord_summary::Fresh)
            .into_iter()
            .map(|(_, pieces)| pieces.parts().map(str::len).sum::<usize>())
    }));
    group.throughput(Throughput::Bytes(year_bytes));
    group.bench_function("year files", |b| {
        b.iter(|| {
            for &year in &years {
                black_box(accord_summary::render_year(
                    &dataset,
                    year,
                    &accord_summary::Fresh,
                ));
            }
        });
    });
    group.finish();
}

// The macro generates an undocumented public function.
#[allow(missing_docs)]
mod group {
    use super::*;
    criterion_group!(benches, parse, check, aggregate, overview, pages);
}
use group::benches;
criterion_main!(benches);
