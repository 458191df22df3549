//! Scores the geoparser against corpora in the JSON Lines format of `shared/eval/README.md`.
//!
//! In: a corpus file. Out: an [`EvalReport`] with recognition precision, recall and F1 (exact
//! and lenient), end-to-end Acc@161, and, given the gold spans, resolution Acc@161, mean and
//! median error in km and the AUC of the error curve (Gritta et al. 2018). A prediction whose
//! GeoNames id equals the gold one counts as 0 km off, whatever its point.
//!
//! Spans in the corpora count characters; they are converted to bytes here and only here.

use crate::gazetteer::normalize::normalize;
use crate::gazetteer::{Gazetteer, SearchOptions};
use crate::model::distance_km;
use crate::pipeline::places::{self, Found, Mention};
use crate::pipeline::resolve::{self, Context, Weights};
use geo::Point;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::io::BufRead;
use std::path::Path;

/// Errors at the evaluation's boundary.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("cannot read {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{path}:{line}: {reason}")]
    Format { path: String, line: usize, reason: String },
    #[error("cannot write the details: {0}")]
    Write(String),
}

/// One gold toponym.
#[derive(Clone, Debug, Deserialize)]
pub struct GoldToponym {
    pub start: usize,
    pub end: usize,
    #[serde(default)]
    pub name: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub geonameid: Option<u64>,
}

/// One document of a corpus.
#[derive(Clone, Debug, Deserialize)]
pub struct GoldDoc {
    pub id: String,
    #[serde(default)]
    pub lang: String,
    pub text: String,
    #[serde(default)]
    pub toponyms: Vec<GoldToponym>,
}

/// Reads a corpus. A line that is not a document is an error naming the line.
pub fn read_corpus(path: &Path) -> Result<Vec<GoldDoc>, EvalError> {
    let f = std::fs::File::open(path)
        .map_err(|source| EvalError::Io { path: path.display().to_string(), source })?;
    let mut docs = Vec::new();
    for (i, line) in std::io::BufReader::new(f).lines().enumerate() {
        let line = line.map_err(|source| EvalError::Io { path: path.display().to_string(), source })?;
        if line.trim().is_empty() {
            continue;
        }
        let doc: GoldDoc = serde_json::from_str(&line).map_err(|e| EvalError::Format {
            path: path.display().to_string(),
            line: i + 1,
            reason: e.to_string(),
        })?;
        docs.push(doc);
    }
    Ok(docs)
}

/// The figures of one run, with the keys `dateline eval --json` prints.
#[derive(Clone, Debug, Default, Serialize)]
pub struct EvalReport {
    pub docs: usize,
    pub gold: usize,
    pub predicted: usize,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub f1: Option<f64>,
    pub precision_lenient: Option<f64>,
    pub recall_lenient: Option<f64>,
    pub f1_lenient: Option<f64>,
    pub acc161_end_to_end: Option<f64>,
    pub acc161: Option<f64>,
    pub mean_km: Option<f64>,
    pub median_km: Option<f64>,
    pub auc: Option<f64>,
    /// Gold toponyms with coordinates (the denominator of the resolution figures).
    pub gold_with_coordinates: usize,
    /// Predictions counted right because their GeoNames id equals the gold one.
    pub decided_by_id: usize,
    /// Gold spans (with `--gold-spans`) for which the gazetteer had no candidate at all.
    pub unresolvable: usize,
}

/// Per-document detail for error analysis.
#[derive(Clone, Debug, Serialize)]
pub struct DocDetail {
    pub id: String,
    pub missed: Vec<String>,
    pub spurious: Vec<String>,
    /// Resolution errors: (name, predicted id, predicted name, km off).
    pub wrong: Vec<(String, u32, String, f64)>,
}

/// Maximum error (half the Earth's circumference), given to names that cannot be resolved.
pub const MAX_ERROR_KM: f64 = 20039.0;

/// Byte offset of every character index (plus the end).
fn char_to_byte(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    v.push(text.len());
    v
}

fn byte_to_char(map: &[usize], b: usize) -> usize {
    map.partition_point(|&x| x < b)
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn ratio(a: usize, b: usize) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

fn gold_point(t: &GoldToponym) -> Option<Point<f64>> {
    Some(Point::new(t.lon?, t.lat?))
}

/// Error in km of a prediction against a gold toponym (0 when the ids agree).
fn error_km(t: &GoldToponym, id: u32, point: Point<f64>) -> Option<(f64, bool)> {
    let gp = gold_point(t)?;
    if t.geonameid == Some(id as u64) {
        return Some((0.0, true));
    }
    Some((distance_km(gp, point), false))
}

#[derive(Default)]
struct DocScore {
    gold: usize,
    predicted: usize,
    exact: usize,
    lenient_pred: usize,
    lenient_gold: usize,
    with_coords: usize,
    e2e_right: usize,
    errors: Vec<f64>,
    by_id: usize,
    unresolvable: usize,
    detail: Option<DocDetail>,
}

/// The place a demonym names: the place within its country ("Texan": Texas), else its country
/// ("American": the United States).
fn demonym_place<'g>(g: &'g Gazetteer, d: &crate::model::DemonymMention) -> Option<crate::gazetteer::Place<'g>> {
    d.place.and_then(|id| g.by_id(id)).or_else(|| d.country.as_deref().and_then(|c| g.country(c)))
}

/// Builds a mention for a gold span: the place of the demonym the reading of the text found
/// there, else the span's own name, else the name that the reading found inside it, else the
/// name without qualifier or leading article, else the longest known name inside the span.
fn gold_mention(g: &Gazetteer, text: &str, start: usize, end: usize, found: &Found) -> Option<Mention> {
    let surface = &text[start..end];
    let key = normalize(surface);
    // "Canadian officials": the demonym's country, not Canadian, Texas; "Texan": Texas.
    if let Some(d) = found.demonyms.iter().find(|d| d.start == start && d.end == end) {
        if let Some(v) = demonym_place(g, d).and_then(|p| g.name_value(&normalize(p.name))) {
            return Some(Mention { start, end, value: v, wants: None, container: None, dateline: false, score: 1.0 });
        }
    }
    if let Some(v) = g.name_value(&key) {
        return Some(Mention { start, end, value: v, wants: None, container: None, dateline: false, score: 1.0 });
    }
    // What Dateline reads there ("Congo" in "Republic of Congo", "Dallas" in "North
    // Dallas"): the recognizer has weighed the words around it, which a search of the span's
    // words alone ("Republic", "North") cannot.
    if let Some(m) = found.mentions.iter().filter(|m| start <= m.start && m.end <= end).max_by_key(|m| m.end - m.start) {
        return Some(Mention { start, end, value: m.value, wants: None, container: None, dateline: false, score: m.score });
    }
    let opts = SearchOptions { limit: 1, ..Default::default() };
    if let Some(c) = g.search(surface, &opts).first() {
        if let Some(v) = g.name_value(&c.matched) {
            return Some(Mention { start, end, value: v, wants: None, container: None, dateline: false, score: 1.0 });
        }
    }
    // A demonym names its country.
    if let Some(c) = g.demonym(surface).iter().find(|d| !d.country.is_empty()).and_then(|d| g.country(d.country)) {
        if let Some(v) = g.name_value(&normalize(c.name)) {
            return Some(Mention { start, end, value: v, wants: None, container: None, dateline: false, score: 1.0 });
        }
    }
    // Longest sub-sequence of words that is a name.
    let words: Vec<&str> = key.split(' ').collect();
    for len in (1..words.len()).rev() {
        for s in 0..=words.len() - len {
            let sub = words[s..s + len].join(" ");
            if let Some(v) = g.name_value(&sub) {
                return Some(Mention { start, end, value: v, wants: None, container: None, dateline: false, score: 0.5 });
            }
        }
    }
    None
}

fn score_doc(g: &Gazetteer, doc: &GoldDoc, gold_spans: bool, detail: bool, w: &Weights, demonyms_are_toponyms: bool) -> DocScore {
    let text = &doc.text;
    let c2b = char_to_byte(text);
    let nchars = c2b.len() - 1;
    let lang = if doc.lang.is_empty() { crate::pipeline::language::detect(text).unwrap_or("") } else { &doc.lang };
    let found = places::find(g, text, lang);
    let mut resolved = resolve::resolve_with(g, text, &found.mentions, &found, &Context::for_language(lang), w);
    crate::pipeline::streets::drop_inside(&found.streets, &mut resolved);
    // Some corpora (LGL, GeoVirus) annotate adjectival forms ("American", "Palestinian") as
    // toponyms of their country, others (HIPE, NewsEye) do not. Dateline reports them as
    // demonyms; they count as predictions of their country where the corpus annotates them.
    for d in found.demonyms.iter().filter(|_| demonyms_are_toponyms) {
        if let Some(c) = demonym_place(g, d) {
            resolved.push(crate::model::Resolved {
                start: d.start,
                end: d.end,
                surface: d.surface.clone(),
                precision: crate::model::Precision::of_place(c.kind, c.feature),
                place: c.into(),
                confidence: 0.5,
                alternatives: vec![],
            });
        }
    }
    // Streets are recognised places too, with no point: they count for recognition only.
    let pred: Vec<(usize, usize)> = resolved
        .iter()
        .map(|r| (r.start, r.end))
        .chain(found.streets.iter().map(|s| (s.start, s.end)))
        .map(|(s, e)| (byte_to_char(&c2b, s), byte_to_char(&c2b, e)))
        .collect();
    let gold: Vec<&GoldToponym> = doc.toponyms.iter().filter(|t| t.start < t.end && t.end <= nchars).collect();
    let overlaps = |a: (usize, usize), b: (usize, usize)| a.0 < b.1 && b.0 < a.1;
    let mut s = DocScore { gold: gold.len(), predicted: pred.len(), ..Default::default() };
    let mut d = DocDetail { id: doc.id.clone(), missed: vec![], spurious: vec![], wrong: vec![] };
    for t in &gold {
        let span = (t.start, t.end);
        if pred.contains(&span) {
            s.exact += 1;
        }
        if pred.iter().any(|&p| overlaps(p, span)) {
            s.lenient_gold += 1;
        } else if detail {
            d.missed.push(t.name.clone());
        }
        if gold_point(t).is_some() {
            s.with_coords += 1;
            let right = resolved.iter().zip(&pred).any(|(r, &p)| {
                overlaps(p, span)
                    && error_km(t, r.place.id, r.place.point).is_some_and(|(km, _)| km <= 161.0)
            });
            if right {
                s.e2e_right += 1;
            }
        }
    }
    for (i, &p) in pred.iter().enumerate() {
        if gold.iter().any(|t| overlaps(p, (t.start, t.end))) {
            s.lenient_pred += 1;
        } else if detail {
            d.spurious.push(resolved.get(i).map_or_else(|| text[c2b[p.0]..c2b[p.1]].to_string(), |r| r.surface.clone()));
        }
    }

    if gold_spans {
        // Gold spans as mentions, plus the recognised names elsewhere as context.
        let mut mentions: Vec<Mention> = Vec::new();
        let mut gold_idx: Vec<Option<usize>> = Vec::new();
        for t in &gold {
            if gold_point(t).is_none() {
                continue;
            }
            let (bs, be) = (c2b[t.start], c2b[t.end]);
            match gold_mention(g, text, bs, be, &found) {
                Some(m) => {
                    gold_idx.push(Some(mentions.len()));
                    mentions.push(m);
                }
                None => gold_idx.push(None),
            }
        }
        let n_gold_mentions = mentions.len();
        // Where each name the reading found went among these mentions: onto the gold span it
        // overlaps, or after the gold spans as context.
        let mut placed: Vec<usize> = Vec::with_capacity(found.mentions.len());
        for m in &found.mentions {
            let over = |g: &Mention| g.start < m.end && m.start < g.end;
            let at = match mentions[..n_gold_mentions].iter().position(over) {
                Some(gi) => {
                    // A gold span keeps what the text says around the name found there: its
                    // qualifier ("province d'Idlib") and whether it opens the article.
                    let gm = &mut mentions[gi];
                    gm.wants = gm.wants.or(m.wants);
                    gm.dateline |= m.dateline;
                    gi
                }
                None => {
                    // Its container is an index among the found names; set below.
                    mentions.push(Mention { container: None, ..m.clone() });
                    mentions.len() - 1
                }
            };
            placed.push(at);
        }
        // …and what contains it ("Buffalo, New York"), between the mentions as placed.
        for (fi, m) in found.mentions.iter().enumerate() {
            if let Some(b) = m.container.map(|c| placed[c]) {
                let a = placed[fi];
                if a != b {
                    mentions[a].container = Some(b);
                }
            }
        }
        let found_ctx = Found { demonyms: found.demonyms.clone(), ..Found::default() };
        let res = resolve::resolve_with(g, text, &mentions, &found_ctx, &Context::for_language(lang), w);
        // resolve_with returns one entry per mention that has candidates, in order.
        let by_start: std::collections::HashMap<(usize, usize), &crate::model::Resolved> =
            res.iter().map(|r| ((r.start, r.end), r)).collect();
        let mut k = 0;
        for t in &gold {
            if gold_point(t).is_none() {
                continue;
            }
            let gi = gold_idx[k];
            k += 1;
            let r = gi.and_then(|i| by_start.get(&(mentions[i].start, mentions[i].end)));
            match r.and_then(|r| error_km(t, r.place.id, r.place.point).map(|e| (e, r))) {
                Some(((km, by_id), r)) => {
                    s.errors.push(km);
                    if by_id {
                        s.by_id += 1;
                    }
                    if detail && km > 161.0 {
                        d.wrong.push((t.name.clone(), r.place.id, r.place.name.clone(), km.round()));
                    }
                }
                None => {
                    s.unresolvable += 1;
                    s.errors.push(MAX_ERROR_KM);
                    if detail {
                        d.wrong.push((t.name.clone(), 0, String::new(), MAX_ERROR_KM));
                    }
                }
            }
        }
    }
    if detail {
        s.detail = Some(d);
    }
    s
}

/// Whether a corpus follows the convention of annotating demonyms as toponyms: at least 1%
/// of its gold toponyms are demonyms. This reads the annotation guidelines off the corpus as a
/// whole; no document's answers are consulted.
pub fn annotates_demonyms(g: &Gazetteer, docs: &[GoldDoc]) -> bool {
    let (mut n, mut dem) = (0usize, 0usize);
    for d in docs {
        for t in &d.toponyms {
            n += 1;
            if !g.demonym(&t.name).is_empty() && g.lookup(&t.name).is_empty() {
                dem += 1;
            }
        }
    }
    n > 0 && dem * 100 >= n
}

/// Scores `docs`. With `gold_spans`, also scores resolution given the gold spans. With
/// `detail`, returns per-document errors too.
pub fn evaluate(
    g: &Gazetteer,
    docs: &[GoldDoc],
    gold_spans: bool,
    detail: bool,
    w: &Weights,
) -> (EvalReport, Vec<DocDetail>) {
    let demonyms = annotates_demonyms(g, docs);
    let scores: Vec<DocScore> =
        docs.par_iter().map(|d| score_doc(g, d, gold_spans, detail, w, demonyms)).collect();
    let sum = |f: &dyn Fn(&DocScore) -> usize| scores.iter().map(f).sum::<usize>();
    let gold = sum(&|s| s.gold);
    let predicted = sum(&|s| s.predicted);
    let exact = sum(&|s| s.exact);
    let lp = sum(&|s| s.lenient_pred);
    let lg = sum(&|s| s.lenient_gold);
    let with_coords = sum(&|s| s.with_coords);
    let mut r = EvalReport { docs: docs.len(), gold, predicted, gold_with_coordinates: with_coords, ..Default::default() };
    if gold > 0 {
        let p = if predicted > 0 { exact as f64 / predicted as f64 } else { 0.0 };
        let rc = exact as f64 / gold as f64;
        r.precision = Some(p);
        r.recall = Some(rc);
        r.f1 = Some(f1(p, rc));
        let p = if predicted > 0 { lp as f64 / predicted as f64 } else { 0.0 };
        let rc = lg as f64 / gold as f64;
        r.precision_lenient = Some(p);
        r.recall_lenient = Some(rc);
        r.f1_lenient = Some(f1(p, rc));
    }
    r.acc161_end_to_end = ratio(sum(&|s| s.e2e_right), with_coords);
    if gold_spans {
        let mut errors: Vec<f64> = scores.iter().flat_map(|s| s.errors.iter().copied()).collect();
        r.decided_by_id = sum(&|s| s.by_id);
        r.unresolvable = sum(&|s| s.unresolvable);
        if !errors.is_empty() {
            let n = errors.len() as f64;
            r.acc161 = Some(errors.iter().filter(|&&e| e <= 161.0).count() as f64 / n);
            r.mean_km = Some(errors.iter().sum::<f64>() / n);
            errors.sort_by(f64::total_cmp);
            let m = errors.len();
            r.median_km = Some(if m % 2 == 1 { errors[m / 2] } else { (errors[m / 2 - 1] + errors[m / 2]) / 2.0 });
            r.auc = Some(
                errors.iter().map(|e| (1.0 + e).ln() / (1.0 + MAX_ERROR_KM).ln()).sum::<f64>() / n,
            );
        }
    }
    let details = scores.into_iter().filter_map(|s| s.detail).collect();
    (r, details)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_byte_maps_agree() {
        let t = "à Genève, Alep";
        let m = char_to_byte(t);
        assert_eq!(&t[m[2]..m[8]], "Genève");
        assert_eq!(byte_to_char(&m, t.find("Alep").unwrap()), 10);
    }

    #[test]
    fn a_span_that_cuts_a_word_or_is_empty_is_malformed() {
        let t = " McCoy was captured in Las Vegas, Nev.";
        let at = |w: &str| t.find(w).unwrap();
        assert!(!malformed_span(t, at("Las"), at("Las") + "Las Vegas".len()));
        assert!(!malformed_span(t, at("Nev"), at("Nev") + 3));
        assert!(malformed_span(t, 7, 8), "{:?} cuts McCoy", &t[7..8]);
        assert!(malformed_span(t, 15, 15));
        assert!(malformed_span(t, at(","), at(",") + 1));
        assert!(malformed_span(t, at("Vegas") + 1, at("Vegas") + 5));
    }

    #[test]
    fn f1_of_zero_is_zero() {
        assert_eq!(f1(0.0, 0.0), 0.0);
        assert!((f1(0.5, 1.0) - 2.0 / 3.0).abs() < 1e-12);
    }
}

#[derive(Deserialize)]
struct Span {
    start: usize,
    end: usize,
}

#[derive(Deserialize)]
struct EventDoc {
    #[serde(default)]
    id: String,
    #[serde(default)]
    lang: String,
    text: String,
    event: Span,
    #[serde(default)]
    toponyms: Vec<GoldToponym>,
}

/// Event-location figures, with the keys `eval --events --json` prints.
#[derive(Clone, Debug, Default, Serialize)]
pub struct EventLocationReport {
    pub records: usize,
    /// Records with a well-formed gold location span.
    pub with_gold_location: usize,
    /// Share of records with a well-formed gold location whose chosen place overlaps one.
    pub location_acc: Option<f64>,
    /// Share of records without a gold location where no place is chosen.
    pub none_when_gold_none: Option<f64>,
    /// Records whose gold location spans are all malformed (see [`malformed_span`]): they are
    /// counted in neither share above.
    pub malformed_gold: usize,
    /// `location_acc` with the malformed records counted as wrong, over all records that have
    /// a gold span.
    pub location_acc_all: Option<f64>,
}

/// One record of `eval --events --details`.
#[derive(Serialize)]
pub struct EventLocationDetail<'a> {
    pub id: &'a str,
    pub event: &'a str,
    /// The gold location names; empty when the record has none.
    pub gold: Vec<&'a str>,
    pub chosen: Option<&'a str>,
    /// Every place the geoparser found in the sentence.
    pub places: Vec<&'a str>,
    pub right: bool,
    /// Whether the gold spans are all malformed (the record is left out of `location_acc`).
    pub malformed: bool,
}

/// A gold span that cannot name a place: empty, without a letter, or cutting a word in two.
/// Some converted records of event_location.jsonl carry token indices where character offsets
/// belong (" McCoy was captured in March in Las Vegas." has its location at 7..8, "w"); no
/// span can overlap such an annotation by chance only, so scoring them says nothing.
fn malformed_span(text: &str, start: usize, end: usize) -> bool {
    let inside = |i: usize| {
        let (a, b) = (text[..i].chars().next_back(), text[i..].chars().next());
        matches!((a, b), (Some(a), Some(b)) if a.is_alphanumeric() && b.is_alphanumeric())
    };
    end <= start || !text[start..end].chars().any(char::is_alphabetic) || inside(start) || inside(end)
}

fn read_jsonl<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Vec<T>, EvalError> {
    let text = std::fs::read_to_string(path)
        .map_err(|source| EvalError::Io { path: path.display().to_string(), source })?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| EvalError::Format {
                path: path.display().to_string(),
                line: i + 1,
                reason: e.to_string(),
            })
        })
        .collect()
}

/// Scores where events happened (corpus like `event_location.jsonl`): the event to locate is
/// the one whose trigger is the record's `event` span. With `details`, one line per record is
/// written there.
pub fn evaluate_event_locations(
    g: &Gazetteer,
    path: &Path,
    details: Option<&mut dyn std::io::Write>,
) -> Result<EventLocationReport, EvalError> {
    #[derive(Clone, Copy, PartialEq)]
    enum Gold {
        None,
        Malformed,
        Spans,
    }
    let docs: Vec<EventDoc> = read_jsonl(path)?;
    type Found = Vec<(usize, usize)>;
    let results: Vec<(Gold, bool, Option<(usize, usize)>, Found)> = docs
        .par_iter()
        .map(|d| {
            let c2b = char_to_byte(&d.text);
            let n = c2b.len() - 1;
            let lang = if d.lang.is_empty() { "en" } else { &d.lang };
            let parsed = crate::pipeline::geoparse(g, &d.text, lang);
            let trig = (c2b[d.event.start.min(n)], c2b[d.event.end.min(n)]);
            let chosen = crate::pipeline::events::location_for_trigger(g, &d.text, lang, &parsed, trig);
            let spans = d.toponyms.iter().map(|t| (c2b[t.start.min(n)], c2b[t.end.min(n).max(t.start.min(n))]));
            let gold = if d.toponyms.is_empty() {
                Gold::None
            } else if spans.clone().all(|(s, e)| malformed_span(&d.text, s, e)) {
                Gold::Malformed
            } else {
                Gold::Spans
            };
            let right = match chosen {
                Some((s, e)) => spans.clone().any(|(gs, ge)| gs < e && s < ge),
                None => gold == Gold::None,
            };
            (gold, right, chosen, parsed.places.iter().map(|r| (r.start, r.end)).collect())
        })
        .collect();
    if let Some(w) = details {
        for (d, (gold, right, chosen, found)) in docs.iter().zip(&results) {
            let (gold, right, chosen) = (*gold, *right, *chosen);
            let c2b = char_to_byte(&d.text);
            let n = c2b.len() - 1;
            let detail = EventLocationDetail {
                id: &d.id,
                event: &d.text[c2b[d.event.start.min(n)]..c2b[d.event.end.min(n).max(d.event.start.min(n))]],
                gold: d.toponyms.iter().map(|t| t.name.as_str()).collect(),
                chosen: chosen.map(|(s, e)| &d.text[s..e]),
                places: found.iter().map(|&(s, e)| &d.text[s..e]).collect(),
                right,
                malformed: gold == Gold::Malformed,
            };
            serde_json::to_writer(&mut *w, &detail).map_err(|e| EvalError::Write(e.to_string()))?;
            writeln!(w).map_err(|e| EvalError::Write(e.to_string()))?;
        }
    }
    let count = |gold: Gold, right: bool| results.iter().filter(|r| r.0 == gold && (!right || r.1)).count();
    let with = count(Gold::Spans, false);
    let malformed = count(Gold::Malformed, false);
    Ok(EventLocationReport {
        records: results.len(),
        with_gold_location: with,
        location_acc: ratio(count(Gold::Spans, true), with),
        none_when_gold_none: ratio(count(Gold::None, true), count(Gold::None, false)),
        malformed_gold: malformed,
        location_acc_all: ratio(count(Gold::Spans, true), with + malformed),
    })
}

#[derive(Deserialize)]
struct PloverDoc {
    #[serde(default)]
    id: String,
    #[serde(default)]
    lang: String,
    text: String,
    event_type: String,
    #[serde(default)]
    source: Vec<String>,
    #[serde(default)]
    target: Vec<String>,
}

/// Event-type figures, with the keys `eval --event-types --json` prints.
#[derive(Clone, Debug, Default, Serialize)]
pub struct EventTypeReport {
    pub records: usize,
    /// Share of sentences whose main event has the gold type.
    pub type_acc: Option<f64>,
    /// Over sentences whose gold source is a country: share where a source actor's country
    /// is one of the gold ones.
    pub source_acc: Option<f64>,
    /// The same for targets.
    pub target_acc: Option<f64>,
}

/// Scores event types and actors (corpus like `plover_gsr.jsonl`).
pub fn evaluate_event_types(g: &Gazetteer, path: &Path) -> Result<EventTypeReport, EvalError> {
    use crate::pipeline::events;
    let docs: Vec<PloverDoc> = read_jsonl(path)?;
    let is_country = |c: &String| c.len() == 3 && c.chars().all(|x| x.is_ascii_uppercase()) && c != "IGO";
    let rows: Vec<(bool, Option<bool>, Option<bool>)> = docs
        .par_iter()
        .map(|d| {
            let lang = if d.lang.is_empty() { "en" } else { &d.lang };
            let parsed = crate::pipeline::geoparse(g, &d.text, lang);
            let ev = events::main_event(g, &d.text, lang, &parsed);
            let type_ok = ev.as_ref().is_some_and(|e| e.event_type.as_str() == d.event_type);
            let hit = |gold: &Vec<String>, got: Option<&Vec<events::Actor>>| -> Option<bool> {
                if !gold.iter().any(is_country) {
                    return None;
                }
                Some(got.is_some_and(|v| {
                    v.iter().filter_map(|a| a.country.as_deref().and_then(events::iso3)).any(|c| gold.iter().any(|x| x == c))
                }))
            };
            let src = hit(&d.source, ev.as_ref().map(|e| &e.source_actors));
            let tgt = hit(&d.target, ev.as_ref().map(|e| &e.target_actors));
            if std::env::var_os("DATELINE_EVAL_TRACE").is_some() {
                let got = ev.as_ref().map(|e| (e.event_type.as_str(), e.trigger.as_str()));
                tracing::warn!(id = %d.id, gold = %d.event_type, ?got, ?src, ?tgt, text = %d.text, "event type");
            }
            (type_ok, src, tgt)
        })
        .collect();
    let n = rows.len();
    let (src_n, src_ok) = (rows.iter().filter(|r| r.1.is_some()).count(), rows.iter().filter(|r| r.1 == Some(true)).count());
    let (tgt_n, tgt_ok) = (rows.iter().filter(|r| r.2.is_some()).count(), rows.iter().filter(|r| r.2 == Some(true)).count());
    Ok(EventTypeReport {
        records: n,
        type_acc: ratio(rows.iter().filter(|r| r.0).count(), n),
        source_acc: ratio(src_ok, src_n),
        target_acc: ratio(tgt_ok, tgt_n),
    })
}
