//! Speed of the gazetteer and the geoparser. Run with `cargo bench --bench pipeline`;
//! BENCHMARKS.md records the figures and the method.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use dateline::gazetteer::Gazetteer;
use dateline::pipeline;
use std::hint::black_box;

fn gazetteer(c: &mut Criterion) {
    c.bench_function("gazetteer/open_embedded", |b| {
        b.iter(|| black_box(Gazetteer::embedded_uncached().unwrap().len()))
    });
    let g = Gazetteer::embedded();
    let names = ["Alep", "Genève", "Damas", "Moscou", "Syrie", "New York", "Saint-Denis", "Springfield", "Alexandria", "Nowhereville"];
    c.bench_function("gazetteer/lookup_10_names", |b| {
        b.iter(|| {
            let mut n = 0;
            for name in names {
                n += g.lookup(black_box(name)).len();
            }
            n
        })
    });
}

fn corpus_texts() -> Vec<String> {
    let path = std::path::Path::new("../shared/eval/lgl.jsonl");
    match dateline::eval::read_corpus(path) {
        Ok(docs) => docs.into_iter().map(|d| d.text).collect(),
        Err(_) => {
            eprintln!("{} not found: benchmarking on the repository's own sample text", path.display());
            vec![include_str!("../tests/fixtures/articles/fr-geneve-reunion.txt").repeat(200)]
        }
    }
}

fn geoparse(c: &mut Criterion) {
    let g = Gazetteer::embedded();
    let texts = corpus_texts();
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    let mut group = c.benchmark_group("geoparse");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_with_input(BenchmarkId::new("find", "lgl"), &texts, |b, texts| {
        b.iter(|| texts.iter().map(|t| pipeline::places::find(g, t, "en").mentions.len()).sum::<usize>())
    });
    group.bench_with_input(BenchmarkId::new("find+resolve", "lgl"), &texts, |b, texts| {
        b.iter(|| texts.iter().map(|t| pipeline::geoparse(g, t, "en").places.len()).sum::<usize>())
    });
    // The same with the per-thread memory of word lookups emptied before each pass over the
    // corpus: what one pass over 1.1 MB of news costs from a cold start.
    group.bench_with_input(BenchmarkId::new("find+resolve-cold", "lgl"), &texts, |b, texts| {
        b.iter(|| {
            pipeline::lookups::forget();
            texts.iter().map(|t| pipeline::geoparse(g, t, "en").places.len()).sum::<usize>()
        })
    });
    // All the articles as one text: a long text must cost what its parts cost (work that
    // grows with the square of the text's length shows here first).
    let one = texts.join("\n\n");
    group.bench_with_input(BenchmarkId::new("find+resolve", "lgl-as-one-text"), &one, |b, one| {
        b.iter(|| pipeline::geoparse(g, one, "en").places.len())
    });
    group.bench_with_input(BenchmarkId::new("text-to-events", "lgl"), &texts, |b, texts| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| {
                    // As `pipeline::process` does: one tokenisation for both stages.
                    let mut toks = Vec::new();
                    pipeline::tokens::tokenize(t, &mut toks);
                    let geo = pipeline::geoparse_for_events(g, t, "en", &toks);
                    let ctx = pipeline::events::ArticleContext { article_id: "b", lang: "en", published: None, focus: None };
                    pipeline::events::extract_in_tokens(g, t, Some(&toks), &geo, &ctx).len()
                })
                .sum::<usize>()
        })
    });
    group.finish();

    // A long run: one pass over every English corpus in ../shared/eval (about 12 MB of news,
    // Wikipedia and newswire sentences), starting with an empty memory of word lookups, as an
    // ingest of many new articles would.
    let stream: Vec<String> = ["lgl", "geovirus", "wiktor", "event_location"]
        .iter()
        .filter_map(|c| dateline::eval::read_corpus(std::path::Path::new(&format!("../shared/eval/{c}.jsonl"))).ok())
        .flatten()
        .map(|d| d.text)
        .collect();
    if !stream.is_empty() {
        let bytes: usize = stream.iter().map(|t| t.len()).sum();
        let mut group = c.benchmark_group("stream");
        group.throughput(Throughput::Bytes(bytes as u64));
        group.sample_size(10);
        group.bench_with_input(BenchmarkId::new("find+resolve", "english-corpora"), &stream, |b, texts| {
            b.iter(|| {
                pipeline::lookups::forget();
                texts.iter().map(|t| pipeline::geoparse(g, t, "en").places.len()).sum::<usize>()
            })
        });
        group.finish();
    }
}

criterion_group!(benches, gazetteer, geoparse);
criterion_main!(benches);
