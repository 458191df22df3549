//! Words that qualify a place name and choose its kind: "province d'Idlib", "Idlib province",
//! "gouvernorat de", "la ville de", "Orange County", "Paris, Texas".
//!
//! In: a normalised name, or the tokens around a name in a text. Out: the name without its
//! qualifier and the kind the qualifier asks for. The word lists are data, per language, in
//! [`PREFIXES`] and [`SUFFIXES`]; adding a language adds rows, not code.
//!
//! Also here: [`search`], the free-form lookup behind `dateline geocode`.

use crate::gazetteer::normalize::normalize;
use crate::gazetteer::{Candidate, Gazetteer, Kind, SearchOptions};

/// Which kind a qualifier asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wants {
    /// A first-order division (province, state, governorate), or failing that a second-order one.
    Admin,
    /// A second-order division (county, parish, district, département).
    Admin2,
    /// A populated place.
    City,
    /// A country.
    Country,
    /// What a place is said to lie in ("Buffalo, New York"; "Paris, France"): a country or a
    /// first-order division.
    Container,
    /// Anything but a town: a name after a definite article ("the Pacific", "the Sudan"),
    /// which English gives seas, regions and some countries, never a town.
    NotTown,
}

impl Wants {
    /// How well a kind satisfies the qualifier: 1 fits, 0.5 nearly, 0 not at all.
    pub fn fit(self, kind: Kind) -> f64 {
        match (self, kind) {
            (Wants::Admin, Kind::Admin1) => 1.0,
            (Wants::Admin, Kind::Admin2) | (Wants::Admin, Kind::Region) => 0.6,
            (Wants::Admin2, Kind::Admin2) => 1.0,
            (Wants::Admin2, Kind::Admin1) => 0.4,
            (Wants::City, Kind::City) => 1.0,
            (Wants::Country, Kind::Country) => 1.0,
            (Wants::Container, Kind::Country | Kind::Admin1) => 1.0,
            (Wants::NotTown, Kind::Country | Kind::Admin1 | Kind::Region) => 1.0,
            (Wants::NotTown, Kind::Admin2) => 0.6,
            _ => 0.0,
        }
    }
}

/// Qualifiers written before the name, normalised, with the connecting preposition where the
/// language has one ("province de", "province d", "city of").
pub const PREFIXES: &[(&str, &str, Wants)] = &[
    ("fr", "province de", Wants::Admin),
    ("fr", "province d", Wants::Admin),
    ("fr", "province du", Wants::Admin),
    ("fr", "gouvernorat de", Wants::Admin),
    ("fr", "gouvernorat d", Wants::Admin),
    ("fr", "region de", Wants::Admin),
    ("fr", "region d", Wants::Admin),
    ("fr", "etat de", Wants::Admin),
    ("fr", "etat d", Wants::Admin),
    ("fr", "oblast de", Wants::Admin),
    ("fr", "departement de", Wants::Admin2),
    ("fr", "departement d", Wants::Admin2),
    ("fr", "departement du", Wants::Admin2),
    ("fr", "comte de", Wants::Admin2),
    ("fr", "comte d", Wants::Admin2),
    ("fr", "district de", Wants::Admin2),
    ("fr", "district d", Wants::Admin2),
    ("fr", "ville de", Wants::City),
    ("fr", "ville d", Wants::City),
    ("fr", "village de", Wants::City),
    ("fr", "village d", Wants::City),
    ("fr", "commune de", Wants::City),
    ("fr", "commune d", Wants::City),
    ("fr", "localite de", Wants::City),
    ("en", "province of", Wants::Admin),
    ("en", "governorate of", Wants::Admin),
    ("en", "state of", Wants::Admin),
    ("en", "region of", Wants::Admin),
    ("en", "county of", Wants::Admin2),
    ("en", "district of", Wants::Admin2),
    ("en", "city of", Wants::City),
    ("en", "town of", Wants::City),
    ("en", "village of", Wants::City),
    ("es", "provincia de", Wants::Admin),
    ("es", "estado de", Wants::Admin),
    ("es", "region de", Wants::Admin),
    ("es", "ciudad de", Wants::City),
    ("es", "municipio de", Wants::City),
    ("it", "provincia di", Wants::Admin),
    ("it", "regione", Wants::Admin),
    ("it", "citta di", Wants::City),
    ("pt", "provincia de", Wants::Admin),
    ("pt", "estado de", Wants::Admin),
    ("pt", "cidade de", Wants::City),
    ("de", "provinz", Wants::Admin),
    ("de", "bundesland", Wants::Admin),
    ("de", "stadt", Wants::City),
];

/// Qualifiers written after the name ("Idlib province", "Rapides Parish").
pub const SUFFIXES: &[(&str, &str, Wants)] = &[
    ("en", "province", Wants::Admin),
    ("en", "governorate", Wants::Admin),
    ("en", "state", Wants::Admin),
    ("en", "oblast", Wants::Admin),
    ("en", "region", Wants::Admin),
    ("en", "county", Wants::Admin2),
    ("en", "parish", Wants::Admin2),
    ("en", "district", Wants::Admin2),
    ("en", "borough", Wants::Admin2),
    ("en", "city", Wants::City),
    ("en", "town", Wants::City),
    ("de", "provinz", Wants::Admin),
];

/// Words that may stand before a name without being part of it: articles, elided
/// prepositions and articles ("d'", "l'"), and locative prepositions.
pub const LEADING_WORDS: &[&str] = &[
    "d", "l", "de", "du", "des", "la", "le", "les", "a", "au", "aux", "en", "the", "in", "of", "el", "al",
];

fn lang_ok(q_lang: &str, lang: Option<&str>) -> bool {
    match lang {
        None => true,
        Some(l) => l == q_lang || q_lang == "en",
    }
}

/// Strips a qualifier from the front of a normalised name: `"province d idlib"` →
/// `("idlib", Admin)`.
pub fn strip_prefix<'a>(key: &'a str, lang: Option<&str>) -> Option<(&'a str, Wants)> {
    // "la province de", "the city of": an article may precede the qualifier.
    let key = ["la ", "le ", "the ", "l "]
        .iter()
        .find_map(|a| key.strip_prefix(a))
        .unwrap_or(key);
    PREFIXES.iter().filter(|(l, ..)| lang_ok(l, lang)).find_map(|(_, p, w)| {
        let rest = key.strip_prefix(p)?.strip_prefix(' ')?;
        (!rest.is_empty()).then_some((rest, *w))
    })
}

/// Strips a qualifier from the end of a normalised name: `"idlib province"` → `("idlib", Admin)`.
pub fn strip_suffix<'a>(key: &'a str, lang: Option<&str>) -> Option<(&'a str, Wants)> {
    SUFFIXES.iter().filter(|(l, ..)| lang_ok(l, lang)).find_map(|(_, s, w)| {
        let rest = key.strip_suffix(s)?.strip_suffix(' ')?;
        (!rest.is_empty()).then_some((rest, *w))
    })
}

/// The qualifier that a normalised word sequence ending just before a name forms, if any:
/// used by the text matcher on the words preceding a mention.
pub fn prefix_wants(words_before: &str, lang: Option<&str>) -> Option<Wants> {
    PREFIXES
        .iter()
        .filter(|(l, ..)| lang_ok(l, lang))
        .find(|(_, p, _)| words_before == *p || words_before.ends_with(&format!(" {p}")))
        .map(|(_, _, w)| *w)
}

/// The kind asked for by a qualifier of one word written before the name, without a
/// preposition (German "Provinz Idlib", "Stadt Köln").
pub fn one_word_prefix_wants(word: &str, lang: Option<&str>) -> Option<Wants> {
    PREFIXES.iter().find(|(l, p, _)| *p == word && lang_ok(l, lang)).map(|(_, _, w)| *w)
}

/// Qualifiers by word (the first word of a prefix, or a suffix), each with its languages and
/// kinds in table order, so that the text matcher looks a word up instead of scanning the tables.
type ByWord = rustc_hash::FxHashMap<&'static str, Vec<(&'static str, Wants)>>;

fn by_word(table: &'static [(&'static str, &'static str, Wants)], first_word: bool) -> ByWord {
    let mut m = ByWord::default();
    for (l, q, w) in table {
        let word = if first_word { q.split(' ').next().unwrap_or(q) } else { q };
        m.entry(word).or_default().push((l, *w));
    }
    m
}

/// The qualifier formed by the word right after a name, if any.
pub fn suffix_wants(word_after: &str, lang: Option<&str>) -> Option<Wants> {
    static SUFFIX_WORDS: std::sync::OnceLock<ByWord> = std::sync::OnceLock::new();
    let words = SUFFIX_WORDS.get_or_init(|| by_word(SUFFIXES, false));
    words.get(word_after)?.iter().find(|(l, _)| lang_ok(l, lang)).map(|(_, w)| *w)
}

/// Plural qualifiers after a list of names ("Barrow, Jackson and Madison counties").
pub const PLURAL_SUFFIXES: &[(&str, &str, Wants)] = &[
    ("en", "counties", Wants::Admin2),
    ("en", "parishes", Wants::Admin2),
    ("en", "boroughs", Wants::Admin2),
    ("en", "provinces", Wants::Admin),
    ("en", "governorates", Wants::Admin),
];

/// The kind a plural qualifier asks of every name of the list before it.
pub fn plural_suffix_wants(word_after: &str, lang: Option<&str>) -> Option<Wants> {
    PLURAL_SUFFIXES.iter().find(|(l, w, _)| *w == word_after && lang_ok(l, lang)).map(|(_, _, k)| *k)
}

/// The kind asked for by the first qualifier (in table order, for the language) whose first
/// word is `head` ("province" of "province d'", "la" of "la ville de").
pub fn prefix_head_wants(head: &str, lang: Option<&str>) -> Option<Wants> {
    static PREFIX_HEADS: std::sync::OnceLock<ByWord> = std::sync::OnceLock::new();
    let heads = PREFIX_HEADS.get_or_init(|| by_word(PREFIXES, true));
    heads.get(head)?.iter().find(|(l, _)| lang_ok(l, lang)).map(|(_, w)| *w)
}

/// When a city shares its name with a division it lies in ("Genève", "New York", "Alep"),
/// the division's score (prior, plus 0.5 for a primary name): a bare name then means the city.
pub fn namesake_division_score(g: &Gazetteer, key: &str, city: &crate::gazetteer::Place<'_>) -> Option<f64> {
    g.lookup_key(key)
        .iter()
        .take(48)
        .filter_map(|p| {
            let o = g.place(p.idx);
            let same = matches!(o.kind, Kind::Admin1 | Kind::Admin2) && o.country == city.country && o.admin1 == city.admin1;
            same.then(|| o.prior() + if p.primary { 0.5 } else { 0.0 })
        })
        .reduce(f64::max)
}

/// Free-form lookup: see [`Gazetteer::search`].
pub fn search<'g>(g: &'g Gazetteer, query: &str, opts: &SearchOptions) -> Vec<Candidate<'g>> {
    let lang = opts.lang.as_deref();
    let (name, within) = match query.rsplit_once(',') {
        Some((a, b)) if !normalize(a).is_empty() && !normalize(b).is_empty() => (a, Some(b)),
        _ => (query, None),
    };
    let key = normalize(name);
    // (key to look up, what the qualifier wants, penalty for having rewritten the query)
    let mut variants: Vec<(String, Option<Wants>, f64)> = vec![(key.clone(), None, 0.0)];
    let push_stripped = |k: &str, w: Option<Wants>, pen: f64, variants: &mut Vec<_>| {
        variants.push((k.to_string(), w, pen));
        let mut rest = k;
        while let Some((first, tail)) = rest.split_once(' ') {
            if !LEADING_WORDS.contains(&first) {
                break;
            }
            rest = tail;
            variants.push((rest.to_string(), w, pen + 0.5));
        }
    };
    if let Some((rest, w)) = strip_prefix(&key, lang) {
        push_stripped(rest, Some(w), 0.0, &mut variants);
    }
    if let Some((rest, w)) = strip_suffix(&key, lang) {
        push_stripped(rest, Some(w), 0.0, &mut variants);
    }
    push_stripped(&key, None, 0.0, &mut variants);

    // "Paris, Texas": the part after the comma names the country or first-order division.
    let container = within.and_then(|w| {
        g.lookup(w)
            .iter()
            .map(|p| g.place(p.idx))
            .find(|p| matches!(p.kind, Kind::Country | Kind::Admin1))
    });

    let mut out: Vec<Candidate<'g>> = Vec::new();
    for (k, wants, penalty) in &variants {
        for posting in g.lookup_key(k).iter() {
            let place = g.place(posting.idx);
            if let Some(c) = &opts.country {
                if !place.country.eq_ignore_ascii_case(c) {
                    continue;
                }
            }
            if let Some(kind) = opts.kind {
                if place.kind != kind {
                    continue;
                }
            }
            let mut score = place.prior() - penalty;
            if posting.primary {
                score += 0.5;
            }
            if let Some(w) = wants {
                score += 4.0 * w.fit(place.kind);
            } else if place.kind == Kind::City {
                // Just enough to outrank the namesake division the city lies in.
                if let Some(division) = namesake_division_score(g, k, &place) {
                    score += (division - score + 0.2).clamp(0.0, 2.0);
                }
            }
            if let Some(c) = &container {
                let inside = c.country == place.country
                    && (c.kind == Kind::Country || c.admin1 == place.admin1)
                    && c.idx != place.idx;
                if inside {
                    score += 10.0;
                }
            }
            match out.iter_mut().find(|c| c.place.idx == place.idx) {
                Some(c) if c.score >= score => {}
                Some(c) => {
                    c.score = score;
                    c.matched = k.clone();
                }
                None => out.push(Candidate { place, score, matched: k.clone() }),
            }
        }
    }
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.place.id.cmp(&b.place.id)));
    out.truncate(if opts.limit == 0 { 10 } else { opts.limit });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_qualifiers() {
        assert_eq!(strip_prefix("province d idlib", Some("fr")), Some(("idlib", Wants::Admin)));
        assert_eq!(strip_prefix("la ville de paris", None), Some(("paris", Wants::City)));
        assert_eq!(strip_suffix("idlib province", None), Some(("idlib", Wants::Admin)));
        assert_eq!(strip_suffix("rapides parish", None), Some(("rapides", Wants::Admin2)));
        assert_eq!(strip_suffix("province", None), None);
        assert_eq!(prefix_wants("la province d", Some("fr")), Some(Wants::Admin));
        assert_eq!(suffix_wants("county", Some("en")), Some(Wants::Admin2));
    }
}
