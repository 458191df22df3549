//! Passes of one pipeline stage over the LGL texts, for profilers and A/B timing.
//!
//! `cargo build --release --example passes`, then
//! `target/release/examples/passes REPS MODE [TEXTS]` from the repository's root, where MODE is
//! `find` (place names), `geoparse` (find + resolve), `cold` (find + resolve, the memory of
//! word lookups emptied before each pass, as a stream of new articles finds it) or `events`
//! (text to events, one
//! tokenisation shared by both stages, as `pipeline::process` does). One pass over the texts
//! warms the memory of word lookups first; then REPS passes are timed and their MB/s printed.
//! Under a profiler, `passes::measure` holds the timed passes alone, e.g.
//! `valgrind --tool=callgrind --collect-atstart=no --toggle-collect=passes::measure ...`.
//! BENCHMARKS.md says how its figures were taken with it.

use dateline::gazetteer::Gazetteer;
use dateline::pipeline;
use std::process::ExitCode;

const CORPUS: &str = "../shared/eval/lgl.jsonl";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let usage = || {
        eprintln!("usage: passes REPS find|geoparse|cold|events [TEXTS]");
        ExitCode::FAILURE
    };
    let (Some(reps), Some(mode)) = (args.get(1).and_then(|r| r.parse::<usize>().ok()), args.get(2).map(String::as_str)) else {
        return usage();
    };
    if !matches!(mode, "find" | "geoparse" | "cold" | "events") {
        return usage();
    }
    let n = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(usize::MAX);
    let texts: Vec<String> = match dateline::eval::read_corpus(std::path::Path::new(CORPUS)) {
        Ok(docs) => docs.into_iter().take(n).map(|d| d.text).collect(),
        Err(e) => {
            eprintln!("{CORPUS}: {e} (run from the repository's root, with ../shared beside it)");
            return ExitCode::FAILURE;
        }
    };
    let g = Gazetteer::embedded();
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    warm(g, &texts, mode);
    let t0 = std::time::Instant::now();
    let mut items = 0;
    for _ in 0..reps {
        items += measure(g, &texts, mode);
    }
    let s = t0.elapsed().as_secs_f64();
    eprintln!(
        "{mode}: {} texts ({bytes} bytes) x {reps}, {items} items, {:.1} MB/s, {:.0} texts/s",
        texts.len(),
        (bytes * reps) as f64 / s / 1e6,
        (texts.len() * reps) as f64 / s
    );
    ExitCode::SUCCESS
}

#[inline(never)]
fn warm(g: &Gazetteer, texts: &[String], mode: &str) -> usize {
    one_pass(g, texts, mode)
}

#[inline(never)]
fn measure(g: &Gazetteer, texts: &[String], mode: &str) -> usize {
    std::hint::black_box(one_pass(g, texts, mode))
}

fn one_pass(g: &Gazetteer, texts: &[String], mode: &str) -> usize {
    if mode == "cold" {
        pipeline::lookups::forget();
    }
    texts
        .iter()
        .map(|t| match mode {
            "find" => pipeline::places::find(g, t, "en").mentions.len(),
            "geoparse" | "cold" => pipeline::geoparse(g, t, "en").places.len(),
            _ => {
                let mut toks = Vec::new();
                pipeline::tokens::tokenize(t, &mut toks);
                let geo = pipeline::geoparse_for_events(g, t, "en", &toks);
                let ctx = pipeline::events::ArticleContext { article_id: "passes", lang: "en", published: None, focus: None };
                pipeline::events::extract_in_tokens(g, t, Some(&toks), &geo, &ctx).len()
            }
        })
        .sum()
}
