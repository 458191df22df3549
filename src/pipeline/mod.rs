//! The pipeline, one module per stage, in the order the data flows:
//! language → places (find names, and streets) → resolve (pick the place) → events.
//! `tokens` and `qualifiers` are shared helpers of the place stages.

pub mod dates;
pub mod events;
pub mod ingest;
pub mod language;
pub mod lookups;
pub mod places;
pub mod qualifiers;
pub mod resolve;
pub mod streets;
pub mod tokens;

use crate::gazetteer::Gazetteer;
use crate::model::{DemonymMention, Resolved};

/// The places and demonyms of one text, found and resolved.
#[derive(Clone, Debug, Default)]
pub struct Geoparsed {
    pub places: Vec<Resolved>,
    pub demonyms: Vec<DemonymMention>,
    /// Streets and roads, which have no point ([`streets`]).
    pub streets: Vec<streets::Street>,
}

/// Finds and resolves the places of `text` in one call.
pub fn geoparse(g: &Gazetteer, text: &str, lang: &str) -> Geoparsed {
    geoparse_in_tokens(g, text, lang, &tokens::tokens_of(text))
}

/// [`geoparse`] over the tokens of `text` ([`tokens::tokenize`]), which the event stage can
/// then use too.
pub fn geoparse_in_tokens(g: &Gazetteer, text: &str, lang: &str, toks: &[tokens::Token]) -> Geoparsed {
    geoparse_with(g, text, lang, toks, resolve::Context::for_language(lang))
}

/// [`geoparse_in_tokens`] for the event stage, which reads each place's chosen reading and
/// never its runners-up: those are left empty, and their names not decoded.
pub fn geoparse_for_events(g: &Gazetteer, text: &str, lang: &str, toks: &[tokens::Token]) -> Geoparsed {
    geoparse_with(g, text, lang, toks, resolve::Context { chosen_only: true, ..resolve::Context::for_language(lang) })
}

fn geoparse_with(g: &Gazetteer, text: &str, lang: &str, toks: &[tokens::Token], ctx: resolve::Context) -> Geoparsed {
    let found = places::find_in_tokens(g, text, lang, toks);
    let mut places = resolve::resolve(g, text, &found, &ctx);
    streets::drop_inside(&found.streets, &mut places);
    Geoparsed { places, demonyms: found.demonyms, streets: found.streets }
}

/// An article read, geoparsed and turned into events.
#[derive(Clone, Debug)]
pub struct Processed {
    pub article: ingest::Article,
    /// The text the spans refer to: the title, a blank line, then the body (just the body for
    /// a headline stub, whose body is its title).
    pub text: String,
    pub lang: String,
    /// The places, demonyms and streets, as [`geoparse_for_events`] gives them: each place's
    /// runners-up are left empty.
    pub geo: Geoparsed,
    pub events: Vec<events::Event>,
}

/// The text of an article as the pipeline reads it.
pub fn article_text(a: &ingest::Article) -> String {
    if a.title.is_empty() || a.body.trim() == a.title.trim() {
        a.body.clone()
    } else if a.body.is_empty() {
        a.title.clone()
    } else {
        format!("{}\n\n{}", a.title, a.body)
    }
}

/// Runs the whole pipeline on one article: language, places, resolution, events.
pub fn process(g: &Gazetteer, article: ingest::Article) -> Processed {
    let text = article_text(&article);
    let lang = article
        .language
        .clone()
        .or_else(|| language::detect(&text).map(str::to_string))
        .unwrap_or_else(|| "en".to_string());
    let toks = tokens::tokens_of(&text);
    let geo = geoparse_for_events(g, &text, &lang, &toks);
    // Where the article is set: its dateline, or the place that opens its title before a colon
    // ("Alep : la Russie annonce…"). Headline stubs of other articles have none.
    let focus = if article.parent.is_some() {
        None
    } else {
        let title_end = text.find('\n').unwrap_or(text.len());
        geo.places.iter().find(|r| {
            r.start < title_end
                && (text[r.end..title_end].trim_start().starts_with(':') && text[..r.start].trim().is_empty())
        })
    };
    let ctx = events::ArticleContext { article_id: &article.id, lang: &lang, published: article.published, focus };
    let events = events::extract_in_tokens(g, &text, Some(&toks), &geo, &ctx);
    Processed { article, text, lang, geo, events }
}
