//! Speed of the PostGIS store: bulk ingest (events per second through `put_articles`, the
//! path `dateline ingest` takes, against one article per call), then the server's queries over
//! what was loaded. Needs a PostgreSQL server with PostGIS: set DATELINE_BENCH_PG to the URL of
//! an empty database (DATELINE_BENCH_EVENTS, default 1,000,000, sets how many events to load).
//! BENCHMARKS.md records the figures and the method.

mod common;
use common::pct;

use dateline::pipeline::{self, ingest, Processed};
use dateline::store::{Bbox, DateRange, Filter};
use std::time::Instant;

/// The sample articles, processed once.
fn samples() -> Vec<Processed> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let opts = ingest::IngestOptions::default();
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        for a in ingest::read_path(&e.path(), &opts).into_iter().flatten() {
            out.push(pipeline::process(dateline::Gazetteer::embedded(), a));
        }
    }
    out
}

/// Copy `n` of the samples, made a distinct article (id, url, body and event ids).
fn copy(p: &Processed, n: usize) -> Processed {
    let mut p = p.clone();
    let id = format!("{}c{n}", p.article.id);
    p.article.url = Some(format!("https://bench.example/{id}"));
    p.article.body.push_str(&format!("\n\n[copy {n}]"));
    for (k, e) in p.events.iter_mut().enumerate() {
        e.id = format!("{id}-{k}");
        e.article_id = id.clone();
    }
    p.article.id = id;
    p
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let Ok(url) = std::env::var("DATELINE_BENCH_PG") else {
        eprintln!("postgis bench skipped: set DATELINE_BENCH_PG=postgres://user@127.0.0.1/emptydb (a server with PostGIS)");
        return;
    };
    let target: usize = std::env::var("DATELINE_BENCH_EVENTS").ok().and_then(|s| s.parse().ok()).unwrap_or(1_000_000);
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    rt.block_on(async {
        let store = dateline::store::open(&url).await.expect("open the PostGIS store");
        assert_eq!(store.stats().await.unwrap().events, 0, "DATELINE_BENCH_PG must name an empty database");
        let base: Vec<Processed> = samples().into_iter().filter(|p| !p.events.is_empty()).collect();
        let per_round: usize = base.iter().map(|p| p.events.len()).sum();
        eprintln!("{} sample articles with {per_round} events", base.len());

        // One article per call (one transaction each), for comparison.
        let singles: Vec<Processed> = (0..10).flat_map(|r| base.iter().map(move |p| copy(p, r))).collect();
        let n_single: usize = singles.iter().map(|p| p.events.len()).sum();
        let t = Instant::now();
        for p in &singles {
            store.put_article(p).await.unwrap();
        }
        let s = t.elapsed().as_secs_f64();
        println!("put_article, one per transaction: {} articles, {n_single} events in {s:.2} s: {:.0} events/s", singles.len(), n_single as f64 / s);

        // Batches of 256 articles, as `dateline ingest` sends them, from several writers at once
        // (one connection each; DATELINE_BENCH_WRITERS, default 2), as several ingest processes
        // would.
        let writers: usize = std::env::var("DATELINE_BENCH_WRITERS").ok().and_then(|s| s.parse().ok()).unwrap_or(2);
        let mut round = 10;
        let mut make = || -> Vec<Vec<Processed>> {
            (0..writers)
                .map(|_| {
                    (0..8)
                        .flat_map(|_| {
                            round += 1;
                            let r = round;
                            base.iter().map(move |p| copy(p, r))
                        })
                        .take(256)
                        .collect()
                })
                .collect()
        };
        // The copies are made before the clock starts: this measures the store alone.
        let mut rounds = Vec::new();
        let (mut loaded, mut articles) = (0usize, 0usize);
        while loaded < target {
            let r = make();
            loaded += r.iter().flatten().map(|p| p.events.len()).sum::<usize>();
            articles += r.iter().map(Vec::len).sum::<usize>();
            rounds.push(r);
        }
        let t = Instant::now();
        for r in rounds {
            let jobs: Vec<_> = r
                .into_iter()
                .map(|batch| {
                    let s = store.clone();
                    tokio::spawn(async move {
                        for o in s.put_articles(&batch).await {
                            o.unwrap();
                        }
                    })
                })
                .collect();
            for j in jobs {
                j.await.unwrap();
            }
        }
        let busy = t.elapsed().as_secs_f64();
        println!("put_articles, batches of 256 (binary COPY), {writers} writers: {articles} articles, {loaded} events in {busy:.1} s: {:.0} events/s", loaded as f64 / busy);

        // Queries over what is loaded.
        let stats = store.stats().await.unwrap();
        println!("store: {} articles, {} events, {} located", stats.articles, stats.events, stats.located);
        let boxes = ["-10,35,30,60", "30,25,50,40", "-80,35,-70,45", "100,-10,140,10"];
        let mut times = Vec::new();
        for i in 0..200 {
            let f = Filter {
                bbox: Some(Bbox::parse(boxes[i % boxes.len()]).unwrap()),
                datetime: Some(DateRange::parse(["2026-01-01/2026-01-31", "2026-02-01/2026-02-28", "2026-03-01/2026-03-31"][i % 3]).unwrap()),
                ..Filter::default()
            };
            let t = Instant::now();
            store.query(&f, 1000, 0).await.unwrap();
            times.push(t.elapsed().as_secs_f64() * 1e3);
        }
        println!("items (bbox + month, limit 1000, with numberMatched): p50 {:.1} ms, p99 {:.1} ms", pct(&mut times, 0.5), pct(&mut times, 0.99));
        let mut times = Vec::new();
        for i in 0..50 {
            let f = Filter { bbox: Some(Bbox::parse(boxes[i % boxes.len()]).unwrap()), ..Filter::default() };
            let t = Instant::now();
            store.timeline(&f, None).await.unwrap();
            times.push(t.elapsed().as_secs_f64() * 1e3);
        }
        println!("timeline (bbox): p50 {:.1} ms, p99 {:.1} ms", pct(&mut times, 0.5), pct(&mut times, 0.99));
        let (tx, mut rx) = tokio::sync::mpsc::channel(4);
        let s2 = store.clone();
        let t = Instant::now();
        let job = tokio::spawn(async move { s2.export(&Filter { include_unlocated: true, ..Filter::default() }, tx).await });
        let mut n = 0;
        while let Some(b) = rx.recv().await {
            n += b.len();
        }
        job.await.unwrap().unwrap();
        let s = t.elapsed().as_secs_f64();
        println!("export (every event, in-process): {n} events in {s:.1} s: {:.0} events/s", n as f64 / s);
    });
}
