//! Streets and roads named in a text: "rue de la Paix", "boulevard Haussmann", "Memphis
//! Street", "40th Avenue South", "County Road 43". A gazetteer of towns and regions does not
//! hold them, so they are found by their head noun, which French (and Spanish, Portuguese)
//! writes before the name and English after it, and reported without a point. A place name
//! inside a street's name ("Memphis" of "Memphis Street", "Rennes" of "rue de Rennes") names
//! the street, not the town: it counts as evidence of the region when places are resolved
//! (streets are often named after the towns they lead to), and [`drop_inside`] then takes it
//! out of the places reported.
//!
//! In: the tokens of a text. Out: [`Street`] spans, in text order.

use super::places::fold_into;
use super::tokens::{Sep, Shapes, Token, DIGIT, LOWER};
use crate::model::Resolved;

/// A street found in a text: its byte span, head noun and name together.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Street {
    pub start: usize,
    pub end: usize,
}

/// The words of one language that make a street of the name next to them. Data, not code: a
/// language is a new row of [`heads`].
struct Heads {
    /// Head nouns written before the name ("rue", "avenue", "calle").
    before: &'static [&'static str],
    /// Head nouns written after the name ("Street", "Road").
    after: &'static [&'static str],
    /// Abbreviated heads ("St", "bd"): a period after them does not end the sentence, and,
    /// after the name, a capitalised word after them is another name ("St. Louis").
    abbreviations: &'static [&'static str],
    /// Heads that are a road's whole name with a number ("Route 66", "Highway 61").
    numbered: &'static [&'static str],
    /// The words that may come before a numbered head ("County Road 43"); any other name
    /// there is the place the road runs through ("Douglas County Road 4").
    numbered_qualifiers: &'static [&'static str],
    /// Articles and prepositions that may stand between a head and the name ("rue de la
    /// Paix", "quai d'Orsay").
    particles: &'static [&'static str],
    /// Capitalised words that open a sentence or a phrase and are not part of the name
    /// before a head ("On Main Street", "The Elm Street house").
    not_names: &'static [&'static str],
    /// Directions that may follow the head ("40th Avenue South").
    suffixes: &'static [&'static str],
}

const FRENCH: Heads = Heads {
    before: &[
        "rue", "avenue", "av", "boulevard", "bd", "boul", "quai", "faubourg", "faub", "fg", "impasse", "square",
        "villa", "allee", "esplanade",
    ],
    after: &[],
    abbreviations: &["av", "bd", "boul", "faub", "fg"],
    numbered: &[],
    numbered_qualifiers: &[],
    particles: &["de", "du", "des", "la", "le", "les", "l", "d"],
    not_names: &[],
    suffixes: &[],
};

const ENGLISH: Heads = Heads {
    before: &[],
    after: &[
        "street", "st", "avenue", "ave", "road", "rd", "boulevard", "blvd", "lane", "ln", "drive", "parkway", "pkwy",
        "trail", "freeway", "expressway",
    ],
    abbreviations: &["st", "ave", "rd", "blvd", "ln", "hwy", "pkwy"],
    // "Highway" alone follows a state's name in its agencies' ("Florida Highway Patrol").
    numbered: &["road", "highway", "hwy", "route", "interstate"],
    numbered_qualifiers: &["county", "state", "us", "federal"],
    particles: &[],
    not_names: &[
        "the", "a", "an", "on", "at", "in", "of", "off", "and", "or", "from", "to", "near", "along", "by", "with", "for",
        "between", "across", "onto", "into", "down", "up", "past", "via", "when", "where", "after", "before",
    ],
    suffixes: &["north", "south", "east", "west", "ne", "nw", "se", "sw"],
};

const SPANISH: Heads = Heads {
    before: &["calle", "avenida", "paseo"],
    particles: &["de", "del", "la", "los", "las"],
    ..FRENCH
};

const PORTUGUESE: Heads = Heads {
    before: &["rua", "avenida", "travessa"],
    particles: &["de", "do", "da", "dos", "das"],
    ..FRENCH
};

fn heads(lang: &str) -> Option<&'static Heads> {
    match lang {
        "fr" => Some(&FRENCH),
        "en" => Some(&ENGLISH),
        "es" => Some(&SPANISH),
        "pt" => Some(&PORTUGUESE),
        _ => None,
    }
}

/// The language writes a street's head noun before its name ("rue de Rivoli"), and then
/// needs no preposition to say that something happened there ("ils ont défilé rue de Rivoli").
pub fn head_first(lang: &str) -> bool {
    heads(lang).is_some_and(|h| !h.before.is_empty())
}

/// Longest name of a street, in tokens, head excluded ("Montagne-Sainte-Geneviève").
const MAX_NAME_TOKENS: usize = 5;

/// The streets of `text`, written in `lang`, over its tokens `toks`.
pub fn find(text: &str, lang: &str, toks: &[Token]) -> Vec<Street> {
    let Some(h) = heads(lang) else { return Vec::new() };
    let mut out: Vec<Street> = Vec::new();
    let mut buf = String::new();
    let shapes = Shapes::of(h.before.iter().chain(h.after).chain(h.numbered).copied());
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        // Most tokens are turned away by their first letter and length before any compare.
        // Heads after a name are capitalised ("Street"); those before it need not be ("rue").
        let may_head = if h.before.is_empty() { names(t) } else { !t.is(DIGIT) };
        if !may_head || !shapes.admits(t.text(text)) {
            i += 1;
            continue;
        }
        let found = if one_of(text, t, h.before, &mut buf) {
            name_after(text, toks, i, h, &mut buf)
        } else if one_of(text, t, h.after, &mut buf) || one_of(text, t, h.numbered, &mut buf) {
            name_before(text, toks, i, h, &mut buf)
        } else {
            None
        };
        match found {
            Some((first, last)) if out.last().is_none_or(|s| s.end <= toks[first].start as usize) => {
                out.push(Street { start: toks[first].start as usize, end: toks[last].end as usize });
                i = last + 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// Drops the resolved places that are words of a street's name.
pub fn drop_inside(streets: &[Street], places: &mut Vec<Resolved>) {
    if !streets.is_empty() {
        places.retain(|r| !streets.iter().any(|s| s.start <= r.start && r.end <= s.end));
    }
}


/// The token is one of the words of `list` (keys: lowercase, no diacritics), whatever its
/// case; `buf` holds the key of a word that is not plain ASCII.
pub(super) fn one_of(text: &str, t: &Token, list: &[&str], buf: &mut String) -> bool {
    let w = t.text(text);
    if w.is_ascii() {
        return list.iter().any(|x| x.eq_ignore_ascii_case(w));
    }
    buf.clear();
    fold_into(w, buf);
    list.contains(&buf.as_str())
}

/// What separates token `i` from the next lets a name go on: spaces, a hyphen, an
/// apostrophe, or the period of an abbreviated head.
fn joins(text: &str, toks: &[Token], i: usize, abbreviated: bool) -> bool {
    match toks[i].after {
        Sep::Join => true,
        Sep::End if abbreviated => i + 1 < toks.len() && text[toks[i].end as usize..toks[i + 1].start as usize].trim() == ".",
        _ => false,
    }
}

/// Token `i` and the next are words of one name: one space, a hyphen or an apostrophe
/// between them, or an initial's period ("S. Seventh Street"); not a dash between spaced
/// words ("Twin Lakes - Highway 10").
fn tight(text: &str, toks: &[Token], i: usize) -> bool {
    toks[i].after == Sep::Join
        && i + 1 < toks.len()
        && matches!(&text[toks[i].end as usize..toks[i + 1].start as usize], " " | "-" | "'" | "’" | ". " | "." | "\u{a0}")
}

/// A capitalised word, or a word in capitals: a name's word.
fn names(t: &Token) -> bool {
    t.is_capitalised() && !t.is(DIGIT)
}

/// The tokens of a street whose head, at `i`, comes before its name: "rue de la Paix".
fn name_after(text: &str, toks: &[Token], i: usize, h: &Heads, buf: &mut String) -> Option<(usize, usize)> {
    let abbreviated = one_of(text, &toks[i], h.abbreviations, buf);
    if !joins(text, toks, i, abbreviated) {
        return None;
    }
    // The particles, then the name's first word, which must be capitalised.
    let mut j = i + 1;
    while j < toks.len() && toks[j].is(LOWER) && one_of(text, &toks[j], h.particles, buf) {
        if toks[j].after != Sep::Join || j > i + 3 {
            return None;
        }
        j += 1;
    }
    if j >= toks.len() || !names(&toks[j]) {
        return None;
    }
    // The name goes on over capitalised words, and over particles between them
    // ("Montagne-Sainte-Geneviève", "Louis-le-Grand").
    let mut last = j;
    let mut k = j;
    while k + 1 < toks.len() && k < j + MAX_NAME_TOKENS && tight(text, toks, k) {
        let next = &toks[k + 1];
        if names(next) {
            last = k + 1;
        } else if !(next.is(LOWER) && one_of(text, next, h.particles, buf)) {
            break;
        }
        k += 1;
    }
    Some((i, last))
}

/// The tokens of a street whose head, at `i`, comes after its name ("Memphis Street"), or of
/// a numbered road ("County Road 43", "Interstate 35").
fn name_before(text: &str, toks: &[Token], i: usize, h: &Heads, buf: &mut String) -> Option<(usize, usize)> {
    // The head is capitalised: a lowercase "street" is a common noun.
    if !names(&toks[i]) {
        return None;
    }
    let abbreviated = one_of(text, &toks[i], h.abbreviations, buf);
    let mut last = i;
    let numbered = toks[i].after == Sep::Join && toks.get(i + 1).is_some_and(|n| n.is(DIGIT)) && one_of(text, &toks[i], h.numbered, buf);
    if numbered {
        last = i + 1;
    } else if !one_of(text, &toks[i], h.after, buf) {
        return None;
    } else if abbreviated && joins(text, toks, i, true) && toks.get(i + 1).is_some_and(names) {
        // "St. Louis": the abbreviation is the name that follows's, not a street's head.
        return None;
    }
    // The name: capitalised words and ordinals ("40th") before the head.
    let mut first = i;
    while first > 0 && i - first < MAX_NAME_TOKENS && tight(text, toks, first - 1) {
        let w = &toks[first - 1];
        let ordinal = w.is(DIGIT) && w.text(text).ends_with(|c: char| c.is_ascii_alphabetic());
        if !(names(w) || ordinal) || one_of(text, w, h.not_names, buf) || (numbered && !one_of(text, w, h.numbered_qualifiers, buf)) {
            break;
        }
        first -= 1;
    }
    if first == i && !numbered {
        return None;
    }
    // A direction after the head ends the name: "40th Avenue South".
    if !numbered && joins(text, toks, i, abbreviated) {
        if let Some(n) = toks.get(i + 1) {
            let ends = n.after != Sep::Join || toks.get(i + 2).is_none_or(|m| !names(m));
            if names(n) && ends && one_of(text, n, h.suffixes, buf) {
                last = i + 1;
            }
        }
    }
    Some((first, last))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::tokens::tokens_of;

    fn streets<'t>(text: &'t str, lang: &str) -> Vec<&'t str> {
        find(text, lang, &tokens_of(text)).iter().map(|s| &text[s.start..s.end]).collect()
    }

    #[test]
    fn french_streets_are_named_after_their_head() {
        assert_eq!(
            streets("Il habitait 16, rue La Boétie, puis quai d'Orsay et boulevard Saint-Germain.", "fr"),
            ["rue La Boétie", "quai d'Orsay", "boulevard Saint-Germain"]
        );
        assert_eq!(streets("Le cortège partit de la rue de la Montagne-Sainte-Geneviève vers le bd. Haussmann.", "fr"), [
            "rue de la Montagne-Sainte-Geneviève",
            "bd. Haussmann"
        ]);
        // A common noun: no capitalised name follows.
        assert!(streets("Ils sont descendus dans la rue pour manifester, avenue après avenue.", "fr").is_empty());
        assert!(streets("La rue des écoles est fermée.", "fr").is_empty());
        assert_eq!(streets("Ils se retrouvent allée Darius-Milhaud.", "fr"), ["allée Darius-Milhaud"]);
    }

    #[test]
    fn english_streets_are_named_before_their_head() {
        assert_eq!(
            streets("On Main Street, a fire spread to 40th Avenue South and to the Elm St. house.", "en"),
            ["Main Street", "40th Avenue South", "Elm St"]
        );
        assert_eq!(streets("Traffic on County Road 43 and Interstate 35 was stopped.", "en"), ["County Road 43", "Interstate 35"]);
        // The county a numbered road runs through is a place of its own; so is the town
        // before a dash.
        assert_eq!(streets("Douglas County Road 4 and Twin Lakes - Highway 10 were closed.", "en"), ["County Road 4", "Highway 10"]);
        // "St." before a name is a saint; a lowercase head is a common noun; a road with no
        // name is no street.
        assert!(streets("They drove from St. Louis down the main street to the Road.", "en").is_empty());
        // "Highway" without a number follows a state's name in its agencies' names.
        assert!(streets("The Florida Highway Patrol closed the bridge.", "en").is_empty());
    }

    #[test]
    fn languages_without_heads_find_nothing() {
        assert!(streets("Die Hauptstraße in Berlin.", "de").is_empty());
    }
}
