//! Text-search lexemes computed in Rust, for the PostGIS store: each word of an event's text
//! as its Snowball stem in the article's language, folded (lowercase, no diacritics). Doing
//! this here instead of with PostgreSQL's `to_tsvector` takes the costliest step of a bulk
//! insert off the database server (its parser and stemmer ran at ~30 µs per event), and the
//! queries use the same code, so what is stored and what is asked always agree.

use crate::gazetteer::normalize::normalize;
use rust_stemmers::{Algorithm, Stemmer};

/// PostgreSQL refuses lexemes of 2 KB and more; words that long are not words anyway.
const MAX_WORD_BYTES: usize = 200;

/// Words a query may have; the rest are ignored.
const MAX_QUERY_WORDS: usize = 16;

/// Words at least this frequent (Zipf scale: 6.3 is about one word in 500) are function words
/// ("de", "la", "the", "of"): in nearly every event, they would bloat the index and select
/// nothing, so neither the index nor the queries keep them.
const STOP_ZIPF: f32 = 6.3;

fn is_stop(folded: &str, lang: &str) -> bool {
    crate::Gazetteer::embedded().word_zipf(folded, lang) >= STOP_ZIPF
}

fn is_stop_anywhere(folded: &str) -> bool {
    crate::Gazetteer::embedded().word_zipfs(folded).iter().any(|&z| z >= STOP_ZIPF)
}

/// The languages stemmed, by ISO 639-1 code.
const STEMMED: &[(&str, Algorithm)] = &[
    ("ar", Algorithm::Arabic),
    ("da", Algorithm::Danish),
    ("de", Algorithm::German),
    ("el", Algorithm::Greek),
    ("en", Algorithm::English),
    ("es", Algorithm::Spanish),
    ("fi", Algorithm::Finnish),
    ("fr", Algorithm::French),
    ("hu", Algorithm::Hungarian),
    ("it", Algorithm::Italian),
    ("nl", Algorithm::Dutch),
    ("no", Algorithm::Norwegian),
    ("pt", Algorithm::Portuguese),
    ("ro", Algorithm::Romanian),
    ("ru", Algorithm::Russian),
    ("sv", Algorithm::Swedish),
    ("tr", Algorithm::Turkish),
];

fn stemmer(lang: &str) -> Option<Stemmer> {
    STEMMED.iter().find(|(code, _)| *code == lang).map(|(_, a)| Stemmer::create(*a))
}

/// The words of a text: runs of letters and digits.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty() && w.len() <= MAX_WORD_BYTES)
}

/// The lexeme of one word: its folded Snowball stem, or the folded word in a language with no
/// stemmer. One lexeme per word keeps the index small; a query asks for every stem its words
/// may have, so it still finds each of them.
fn word_lexeme(word: &str, stemmer: Option<&Stemmer>) -> Option<String> {
    let lower = word.to_lowercase();
    let folded = match stemmer {
        Some(s) => normalize(&s.stem(&lower)),
        None => normalize(&lower),
    };
    (!folded.is_empty()).then_some(folded)
}

/// The sorted, distinct lexemes of a text in language `lang`.
pub fn lexemes(text: &str, lang: &str) -> Vec<String> {
    Lexer::new(lang).lexemes(text)
}

/// Lexemes of many texts in one language, remembering each word's lexeme: the texts of a
/// batch of events share most of their words (their article's title, to begin with).
pub struct Lexer {
    lang: String,
    stemmer: Option<Stemmer>,
    seen: std::collections::HashMap<String, Option<String>>,
}

impl Lexer {
    pub fn new(lang: &str) -> Lexer {
        Lexer { lang: lang.to_string(), stemmer: stemmer(lang), seen: std::collections::HashMap::new() }
    }

    /// The sorted, distinct lexemes of `text`.
    pub fn lexemes(&mut self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for w in words(text) {
            let lexeme = match self.seen.get(w) {
                Some(l) => l.clone(),
                None => {
                    let lower = w.to_lowercase();
                    let l = if is_stop(&normalize(&lower), &self.lang) { None } else { word_lexeme(w, self.stemmer.as_ref()) };
                    if self.seen.len() < 100_000 {
                        self.seen.insert(w.to_string(), l.clone());
                    }
                    l
                }
            };
            out.extend(lexeme);
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// A `tsquery` in PostgreSQL's text form for a user's search: every word must match, as
/// typed (folded, for languages with no stemmer) or as its stem in any stemmed language. Only letters and digits reach the
/// query, so no user text is query syntax. None when the search has no word.
pub fn tsquery(q: &str) -> Option<String> {
    let stemmers: Vec<Stemmer> = STEMMED.iter().map(|(_, a)| Stemmer::create(*a)).collect();
    let mut terms = Vec::new();
    let all: Vec<&str> = words(q).take(MAX_QUERY_WORDS).collect();
    // Function words are not indexed, so a query does not ask for them; a query of nothing
    // but function words keeps them, and finds nothing.
    let content: Vec<&str> = all.iter().copied().filter(|w| !is_stop_anywhere(&normalize(&w.to_lowercase()))).collect();
    for w in if content.is_empty() { all } else { content } {
        let mut alts: Vec<String> =
            std::iter::once(None).chain(stemmers.iter().map(Some)).filter_map(|s| word_lexeme(w, s)).collect();
        alts.sort_unstable();
        alts.dedup();
        if alts.is_empty() {
            continue;
        }
        let quoted: Vec<String> = alts.iter().map(|a| format!("'{}'", a.replace('\'', "''"))).collect();
        terms.push(format!("({})", quoted.join(" | ")));
    }
    (!terms.is_empty()).then(|| terms.join(" & "))
}

/// A `tsvector` value sent in PostgreSQL's binary format: the lexemes, without positions.
#[derive(Debug)]
pub struct TsVector(pub Vec<String>);

impl tokio_postgres::types::ToSql for TsVector {
    fn to_sql(
        &self,
        _ty: &tokio_postgres::types::Type,
        out: &mut bytes::BytesMut,
    ) -> Result<tokio_postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        use bytes::BufMut;
        // Lexeme count, then each lexeme NUL-terminated with its number of positions (none).
        // PostgreSQL wants them sorted bytewise and distinct, as `lexemes` gives them.
        out.put_i32(i32::try_from(self.0.len())?);
        for l in &self.0 {
            if l.contains('\0') {
                return Err("a lexeme contains NUL".into());
            }
            out.put_slice(l.as_bytes());
            out.put_u8(0);
            out.put_u16(0);
        }
        Ok(tokio_postgres::types::IsNull::No)
    }

    fn accepts(ty: &tokio_postgres::types::Type) -> bool {
        *ty == tokio_postgres::types::Type::TS_VECTOR
    }

    tokio_postgres::types::to_sql_checked!();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexemes_are_folded_stemmed_sorted_and_distinct() {
        let l = lexemes("Des manifestations à Genève ; les manifestants, Genève.", "fr");
        for want in ["manifest", "genev"] {
            assert!(l.contains(&want.to_string()), "{want} in {l:?}");
        }
        for stop in ["de", "le", "a"] {
            assert!(!l.contains(&stop.to_string()), "function word {stop} in {l:?}");
        }
        let mut sorted = l.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(l, sorted);
        assert!(lexemes("", "fr").is_empty());
        // A language with no stemmer keeps the plain words.
        assert_eq!(lexemes("Alep, Alep", "xx"), vec!["alep".to_string()]);
    }

    #[test]
    fn queries_match_words_and_stems_and_carry_no_syntax() {
        let q = tsquery("Manifestation Genève").unwrap();
        assert!(q.contains("'manifest'") && q.contains("'manifestation'") && q.contains("'geneve'"), "{q}");
        assert_eq!(q.matches(" & ").count(), 1);
        let hostile = tsquery("x' | !y <-> (z:* \\").unwrap();
        assert!(!hostile.contains('!') && !hostile.contains("<->") && !hostile.contains(":*"), "{hostile}");
        assert_eq!(tsquery(" *** "), None);
        // Function words are left out, unless nothing else is asked.
        assert_eq!(tsquery("the Geneva talks").unwrap().matches(" & ").count(), 1);
        assert!(tsquery("the").is_some());
    }
}
