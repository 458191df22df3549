//! Event dates from text. In: one sentence, the language code of the text
//! ("fr", "en", "fr-FR"…) and, when known, the publication date of the
//! article. Out: the calendar dates the sentence refers to, each an
//! [`EventDate`] with a precision (day, week, month, year), an
//! "approximate" flag and the byte span of the expression in the sentence.
//! Absolute expressions ("8 décembre 2016", "2016-12-08", "in 1986") need
//! no publication date; relative ones ("hier", "last Thursday", "il y a
//! près d'un mois") and dates without a year need one, and give nothing
//! without it. The words of each language are data (the [`LANGUAGES`]
//! table): adding a language means adding one row to it.

use std::sync::OnceLock;

use crate::gazetteer::normalize::normalize;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use thiserror::Error;
use tracing::debug;

/// Earliest year accepted for an event date.
pub const MIN_YEAR: i32 = 1000;
/// Latest year accepted for an event date.
pub const MAX_YEAR: i32 = 2200;

/// How exact a found date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    Day,
    Week,
    Month,
    Year,
}

impl DatePrecision {
    pub fn as_str(self) -> &'static str {
        match self {
            DatePrecision::Day => "day",
            DatePrecision::Week => "week",
            DatePrecision::Month => "month",
            DatePrecision::Year => "year",
        }
    }
}

/// A date found in a sentence.
///
/// For calendar periods ("last week", "en décembre 2016", "in 1986") `date`
/// is the first day of the period (Monday for weeks). For counted offsets
/// ("il y a un mois", "3 weeks ago") it is the publication date moved by
/// that amount, with the precision of the unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EventDate {
    pub date: NaiveDate,
    pub precision: DatePrecision,
    pub approximate: bool,
    /// Byte offset where the expression starts in the sentence.
    pub start: usize,
    /// Byte offset just past the expression.
    pub end: usize,
}

/// Why a date-like expression was rejected; logged at debug level.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum DateError {
    #[error("no such day: {year:04}-{month:02}-{day:02}")]
    ImpossibleDate { year: i32, month: u32, day: u32 },
    #[error("year {0} is outside {MIN_YEAR}..={MAX_YEAR}")]
    YearOutOfRange(i64),
    #[error("'{0}' is relative and there is no publication date")]
    NeedsPublication(String),
    #[error("moving the date by '{0}' leaves the calendar")]
    Overflow(String),
}

/// Which day a weekday name points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeekdayRef {
    /// The day of that name in the publication's ISO week (Monday first).
    ThisWeek,
    /// The most recent such day strictly before publication.
    Last,
    /// The first such day strictly after publication.
    Next,
}

/// Unit of a relative expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Day,
    Week,
    Month,
    Year,
}

/// Order of the fields in numeric dates written with slashes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlashOrder {
    DayMonthYear,
    MonthDayYear,
}

/// The words of one language. Every phrase is written in lower case, as it
/// appears in running text; apostrophes may be typographic or straight.
#[derive(Debug)]
pub struct LangWords {
    /// ISO 639-1 code.
    pub code: &'static str,
    /// Month names and abbreviations (an abbreviation may be followed by '.').
    pub months: &'static [(&'static str, u32)],
    /// Month names must start with a capital letter ("May" vs "may").
    pub capitalized_months: bool,
    pub weekdays: &'static [(&'static str, Weekday)],
    /// Words before a weekday name ("ce jeudi", "last Thursday").
    pub weekday_before: &'static [(&'static str, WeekdayRef)],
    /// Words after a weekday name ("jeudi dernier").
    pub weekday_after: &'static [(&'static str, WeekdayRef)],
    /// Words naming a day relative to publication, with the offset in days.
    pub day_words: &'static [(&'static str, i64)],
    /// Calendar periods relative to publication: phrase, unit, offset.
    pub periods: &'static [(&'static str, Unit, i64)],
    /// Words that open a counted offset ("il y a" → -1, "dans" → +1).
    pub offset_before: &'static [(&'static str, i64)],
    /// Words that close a counted offset ("ago" → -1, "later" → +1).
    pub offset_after: &'static [(&'static str, i64)],
    /// Words that make a counted offset approximate ("près d'", "nearly").
    pub approximators: &'static [&'static str],
    /// Number words: phrase, value, whether the number itself is vague.
    pub numbers: &'static [(&'static str, u32, bool)],
    pub units: &'static [(&'static str, Unit)],
    /// Suffixes written after a day number ("1er", "2nd").
    pub ordinals: &'static [&'static str],
    /// Words between a day number and a month ("8th of December").
    pub day_month_links: &'static [&'static str],
    /// Words that may stand before a month or a year ("en", "in").
    pub prepositions: &'static [&'static str],
    /// Words that may stand between a weekday and its date ("le", "the").
    pub articles: &'static [&'static str],
    pub slash_order: Option<SlashOrder>,
}

const FRENCH: LangWords = LangWords {
    code: "fr",
    months: &[
        ("janvier", 1), ("janv", 1), ("jan", 1),
        ("février", 2), ("fevrier", 2), ("févr", 2), ("fevr", 2), ("fév", 2),
        ("mars", 3),
        ("avril", 4), ("avr", 4),
        ("mai", 5),
        ("juin", 6),
        ("juillet", 7), ("juil", 7),
        ("août", 8), ("aout", 8),
        ("septembre", 9), ("sept", 9),
        ("octobre", 10), ("oct", 10),
        ("novembre", 11), ("nov", 11),
        ("décembre", 12), ("decembre", 12), ("déc", 12), ("dec", 12),
    ],
    capitalized_months: false,
    weekdays: &[
        ("lundi", Weekday::Mon), ("mardi", Weekday::Tue), ("mercredi", Weekday::Wed),
        ("jeudi", Weekday::Thu), ("vendredi", Weekday::Fri), ("samedi", Weekday::Sat),
        ("dimanche", Weekday::Sun),
    ],
    weekday_before: &[("ce", WeekdayRef::ThisWeek)],
    weekday_after: &[
        ("dernier", WeekdayRef::Last), ("passé", WeekdayRef::Last),
        ("prochain", WeekdayRef::Next),
    ],
    day_words: &[
        ("avant-hier", -2), ("hier", -1), ("aujourd'hui", 0), ("ce matin", 0),
        ("cet après-midi", 0), ("ce soir", 0), ("cette nuit", 0), ("demain", 1),
        ("après-demain", 2),
    ],
    periods: &[
        ("la semaine dernière", Unit::Week, -1), ("la semaine passée", Unit::Week, -1),
        ("cette semaine", Unit::Week, 0), ("la semaine prochaine", Unit::Week, 1),
        ("le mois dernier", Unit::Month, -1), ("le mois passé", Unit::Month, -1),
        ("ce mois-ci", Unit::Month, 0), ("le mois prochain", Unit::Month, 1),
        ("l'an dernier", Unit::Year, -1), ("l'année dernière", Unit::Year, -1),
        ("l'an passé", Unit::Year, -1), ("l'année passée", Unit::Year, -1),
        ("cette année", Unit::Year, 0),
        ("l'an prochain", Unit::Year, 1), ("l'année prochaine", Unit::Year, 1),
    ],
    offset_before: &[("il y a", -1), ("voici", -1), ("dans", 1)],
    offset_after: &[("plus tard", 1)],
    approximators: &[
        "près de", "près d'", "environ", "presque", "quelque", "à peu près", "plus de",
        "plus d'", "moins de", "moins d'", "un peu plus de", "un peu plus d'",
    ],
    numbers: &[
        ("un", 1, false), ("une", 1, false), ("deux", 2, false), ("trois", 3, false),
        ("quatre", 4, false), ("cinq", 5, false), ("six", 6, false), ("sept", 7, false),
        ("huit", 8, false), ("neuf", 9, false), ("dix", 10, false), ("onze", 11, false),
        ("douze", 12, false), ("quinze", 15, false), ("vingt", 20, false),
        ("trente", 30, false), ("quelques", 3, true),
    ],
    units: &[
        ("jour", Unit::Day), ("jours", Unit::Day), ("semaine", Unit::Week),
        ("semaines", Unit::Week), ("mois", Unit::Month), ("an", Unit::Year),
        ("ans", Unit::Year), ("année", Unit::Year), ("années", Unit::Year),
    ],
    ordinals: &["er", "re", "e"],
    day_month_links: &[],
    prepositions: &["en", "depuis"],
    articles: &["le"],
    slash_order: Some(SlashOrder::DayMonthYear),
};

const ENGLISH: LangWords = LangWords {
    code: "en",
    months: &[
        ("january", 1), ("jan", 1), ("february", 2), ("feb", 2), ("march", 3), ("mar", 3),
        ("april", 4), ("apr", 4), ("may", 5), ("june", 6), ("jun", 6), ("july", 7),
        ("jul", 7), ("august", 8), ("aug", 8), ("september", 9), ("sept", 9), ("sep", 9),
        ("october", 10), ("oct", 10), ("november", 11), ("nov", 11), ("december", 12),
        ("dec", 12),
    ],
    capitalized_months: true,
    weekdays: &[
        ("monday", Weekday::Mon), ("tuesday", Weekday::Tue), ("wednesday", Weekday::Wed),
        ("thursday", Weekday::Thu), ("friday", Weekday::Fri), ("saturday", Weekday::Sat),
        ("sunday", Weekday::Sun),
    ],
    weekday_before: &[
        ("last", WeekdayRef::Last), ("next", WeekdayRef::Next), ("this", WeekdayRef::ThisWeek),
        ("on", WeekdayRef::ThisWeek),
    ],
    weekday_after: &[],
    day_words: &[
        ("the day before yesterday", -2), ("yesterday", -1), ("today", 0),
        ("this morning", 0), ("this afternoon", 0), ("this evening", 0), ("tonight", 0),
        ("the day after tomorrow", 2), ("tomorrow", 1),
    ],
    periods: &[
        ("last week", Unit::Week, -1), ("this week", Unit::Week, 0),
        ("next week", Unit::Week, 1), ("last month", Unit::Month, -1),
        ("this month", Unit::Month, 0), ("next month", Unit::Month, 1),
        ("last year", Unit::Year, -1), ("this year", Unit::Year, 0),
        ("next year", Unit::Year, 1),
    ],
    offset_before: &[("in", 1)],
    offset_after: &[("ago", -1), ("earlier", -1), ("later", 1)],
    approximators: &[
        "nearly", "almost", "about", "around", "roughly", "some", "more than", "less than",
        "over", "just over", "just under",
    ],
    numbers: &[
        ("a", 1, false), ("an", 1, false), ("one", 1, false), ("two", 2, false),
        ("three", 3, false), ("four", 4, false), ("five", 5, false), ("six", 6, false),
        ("seven", 7, false), ("eight", 8, false), ("nine", 9, false), ("ten", 10, false),
        ("eleven", 11, false), ("twelve", 12, false), ("fifteen", 15, false),
        ("twenty", 20, false), ("thirty", 30, false), ("a few", 3, true),
        ("several", 3, true),
    ],
    units: &[
        ("day", Unit::Day), ("days", Unit::Day), ("week", Unit::Week),
        ("weeks", Unit::Week), ("month", Unit::Month), ("months", Unit::Month),
        ("year", Unit::Year), ("years", Unit::Year),
    ],
    ordinals: &["st", "nd", "rd", "th"],
    day_month_links: &["of"],
    prepositions: &["in", "since"],
    articles: &["the"],
    slash_order: None,
};

/// Words used when the language is not in the table: only numeric ISO
/// dates are found.
const NEUTRAL: LangWords = LangWords {
    code: "",
    months: &[],
    capitalized_months: false,
    weekdays: &[],
    weekday_before: &[],
    weekday_after: &[],
    day_words: &[],
    periods: &[],
    offset_before: &[],
    offset_after: &[],
    approximators: &[],
    numbers: &[],
    units: &[],
    ordinals: &[],
    day_month_links: &[],
    prepositions: &[],
    articles: &[],
    slash_order: None,
};

/// Every language the module knows. Add a row to support another one.
pub const LANGUAGES: &[LangWords] = &[FRENCH, ENGLISH];

/// Whether a word, as written, is a month's name or abbreviation in a language Dateline
/// reads ("janvier", "Aug").
pub fn is_month(word: &str) -> bool {
    let w = word.to_lowercase();
    LANGUAGES.iter().any(|l| l.months.iter().any(|(m, _)| *m == w))
}

/// Whether a word, as written, is a day of the week in a language Dateline reads ("mardi",
/// "Tuesday").
pub fn is_weekday(word: &str) -> bool {
    let w = word.to_lowercase();
    LANGUAGES.iter().any(|l| l.weekdays.iter().any(|(d, _)| *d == w))
}

// ---------------------------------------------------------------------------
// Tokens

#[derive(Debug, Clone, PartialEq, Eq)]
struct Token<'a> {
    /// Lower-cased text; apostrophes and hyphens normalised. Borrowed from the sentence when
    /// it is that already (most words), so that most tokens cost no allocation.
    text: std::borrow::Cow<'a, str>,
    start: usize,
    end: usize,
    /// The original text starts with an upper-case letter.
    upper: bool,
}

fn normalise_char(c: char) -> char {
    match c {
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`' | '\u{00B4}' => '\'',
        '\u{2010}' | '\u{2011}' => '-',
        _ => c,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum CharClass {
    Letter,
    Digit,
    Space,
    Other,
}

fn class_of(c: char) -> CharClass {
    if c.is_numeric() && c.is_ascii_digit() {
        CharClass::Digit
    } else if c.is_alphanumeric() {
        CharClass::Letter
    } else if c.is_whitespace() {
        CharClass::Space
    } else {
        CharClass::Other
    }
}

/// [`class_of`] for an ASCII byte.
#[inline]
fn ascii_class(b: u8) -> CharClass {
    match b {
        b'0'..=b'9' => CharClass::Digit,
        b'a'..=b'z' | b'A'..=b'Z' => CharClass::Letter,
        b'\t'..=b'\r' | b' ' => CharClass::Space,
        _ => CharClass::Other,
    }
}

/// A text with its ASCII letters in lowercase: the keys [`tokenize`] gives its tokens, at the
/// same offsets.
fn lowercase_ascii(text: &str) -> String {
    text.to_ascii_lowercase()
}

/// Splits text into runs of letters, runs of ASCII digits, and single
/// punctuation characters; white space separates tokens and is dropped.
fn tokenize<'a>(text: &'a str) -> Vec<Token<'a>> {
    // Punctuation is a token of its own here: about one token every four bytes.
    let mut tokens: Vec<Token<'a>> = Vec::with_capacity(text.len() / 4 + 4);
    // The run being read: its class, start, end, and whether its first char is uppercase.
    let mut run: Option<(CharClass, usize, usize, bool)> = None;
    fn push<'a>(text: &'a str, tokens: &mut Vec<Token<'a>>, (class, start, end, upper): (CharClass, usize, usize, bool)) {
        let raw = &text[start..end];
        let plain = raw.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase());
        let text = if plain {
            std::borrow::Cow::Borrowed(raw)
        } else if raw.is_ascii() && class != CharClass::Other {
            std::borrow::Cow::Owned(raw.to_ascii_lowercase())
        } else if class == CharClass::Other {
            std::borrow::Cow::Owned(raw.chars().map(normalise_char).flat_map(char::to_lowercase).collect())
        } else {
            std::borrow::Cow::Owned(raw.chars().flat_map(char::to_lowercase).collect())
        };
        tokens.push(Token { text, start, end, upper });
    }
    let mut step = |class: CharClass, offset: usize, end: usize, upper: bool, tokens: &mut Vec<Token<'a>>| {
        if let Some((cur_class, _, cur_end, _)) = run.as_mut() {
            if *cur_class == class && class != CharClass::Other {
                *cur_end = end;
                return;
            }
        }
        if let Some(r) = run.take() {
            push(text, tokens, r);
        }
        if class != CharClass::Space {
            run = Some((class, offset, end, upper));
        }
    };
    // ASCII is read run by run, each byte classed as `class_of` classes its character; other
    // characters one by one.
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        if b[i].is_ascii() {
            let class = ascii_class(b[i]);
            i += 1;
            if matches!(class, CharClass::Letter | CharClass::Digit) {
                while i < b.len() && ascii_class(b[i]) == class {
                    i += 1;
                }
            }
            step(class, start, i, b[start].is_ascii_uppercase(), &mut tokens);
        } else {
            let raw = text[i..].chars().next().unwrap_or(char::REPLACEMENT_CHARACTER);
            i += raw.len_utf8();
            let c = normalise_char(raw);
            step(class_of(c), start, i, c.is_uppercase(), &mut tokens);
        }
    }
    if let Some(r) = run {
        push(text, &mut tokens, r);
    }
    tokens
}

/// A phrase of the word tables, split like running text.
type Phrase = Vec<String>;

fn phrase(text: &str) -> Phrase {
    tokenize(text).into_iter().map(|t| t.text.into_owned()).collect()
}

/// Word tables turned into token sequences once.
struct Compiled {
    words: &'static LangWords,
    /// Month phrases with the month number and whether the phrase is an
    /// abbreviation (a longer name of the same month starts with it).
    months: Vec<(Phrase, (u32, bool))>,
    weekdays: Vec<(Phrase, Weekday)>,
    weekday_before: Vec<(Phrase, WeekdayRef)>,
    weekday_after: Vec<(Phrase, WeekdayRef)>,
    day_words: Vec<(Phrase, i64)>,
    periods: Vec<(Phrase, Unit, i64)>,
    offset_before: Vec<(Phrase, i64)>,
    offset_after: Vec<(Phrase, i64)>,
    approximators: Vec<Phrase>,
    numbers: Vec<(Phrase, u32, bool)>,
    units: Vec<(Phrase, Unit)>,
    day_month_links: Vec<Phrase>,
    prepositions: Vec<Phrase>,
    articles: Vec<Phrase>,
    /// The first token of every phrase above, with the lists ([`List`]) whose phrases it
    /// starts, one bit each: a date expression starts with one of these or with digits, so
    /// matching is tried only there, and a list is scanned only at the tokens that start
    /// some phrase of it.
    starters: rustc_hash::FxHashMap<String, u32>,
    /// One word of each month, weekday, day word, period and unit phrase (its longest). Every
    /// date expression has digits or one of these phrases, so a sentence with neither digits
    /// nor any of these words has no date, and is not tokenised at all.
    anchors: rustc_hash::FxHashSet<String>,
    /// Some such phrase has no word (it would be all punctuation): no sentence can be ruled
    /// out.
    unanchored: bool,
    /// The anchors as name keys ([`normalize`]: "decembre"), to check a sentence's words as
    /// the event stage already holds them.
    anchor_keys: rustc_hash::FxHashSet<String>,
    /// The first letters and lengths of `anchor_keys`: a word of another shape is no anchor,
    /// and is not looked up.
    anchor_shapes: super::tokens::Shapes,
}

impl Compiled {
    /// `key` (a name key) is one of the anchors.
    fn is_anchor_key(&self, key: &str) -> bool {
        self.anchor_shapes.admits(key) && self.anchor_keys.contains(key)
    }
}

/// Sorts the longest phrases first so that "avant-hier" wins over "hier".
fn by_length<T>(mut v: Vec<(Phrase, T)>) -> Vec<(Phrase, T)> {
    v.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
    v
}

fn compile(words: &'static LangWords) -> Compiled {
    let mut c = compile_phrases(words);
    let firsts = |ps: &mut dyn Iterator<Item = &Phrase>| ps.filter_map(|p| p.first().cloned()).collect::<Vec<_>>();
    let mut starters: rustc_hash::FxHashMap<String, u32> = rustc_hash::FxHashMap::default();
    let mut add = |which: List, ps: &mut dyn Iterator<Item = &Phrase>| {
        for w in firsts(ps) {
            *starters.entry(w).or_default() |= which as u32;
        }
    };
    add(List::Months, &mut c.months.iter().map(|x| &x.0));
    add(List::Weekdays, &mut c.weekdays.iter().map(|x| &x.0));
    add(List::WeekdayBefore, &mut c.weekday_before.iter().map(|x| &x.0));
    add(List::WeekdayAfter, &mut c.weekday_after.iter().map(|x| &x.0));
    add(List::DayWords, &mut c.day_words.iter().map(|x| &x.0));
    add(List::Periods, &mut c.periods.iter().map(|x| &x.0));
    add(List::OffsetBefore, &mut c.offset_before.iter().map(|x| &x.0));
    add(List::OffsetAfter, &mut c.offset_after.iter().map(|x| &x.0));
    add(List::Numbers, &mut c.numbers.iter().map(|x| &x.0));
    add(List::Units, &mut c.units.iter().map(|x| &x.0));
    add(List::Approximators, &mut c.approximators.iter());
    add(List::DayMonthLinks, &mut c.day_month_links.iter());
    add(List::Prepositions, &mut c.prepositions.iter());
    add(List::Articles, &mut c.articles.iter());
    c.starters = starters;
    let anchor_lists = [
        c.months.iter().map(|x| &x.0).collect::<Vec<_>>(),
        c.weekdays.iter().map(|x| &x.0).collect(),
        c.day_words.iter().map(|x| &x.0).collect(),
        c.periods.iter().map(|x| &x.0).collect(),
        c.units.iter().map(|x| &x.0).collect(),
    ];
    for p in anchor_lists.iter().flatten() {
        let word = p.iter().filter(|w| w.chars().all(|ch| class_of(ch) == CharClass::Letter)).max_by_key(|w| w.len());
        match word {
            Some(w) => {
                c.anchors.insert(w.clone());
                c.anchor_keys.insert(normalize(w));
            }
            None => c.unanchored = true,
        }
    }
    c.anchor_shapes = super::tokens::Shapes::of(c.anchor_keys.iter().map(String::as_str));
    c
}

/// Whether `sentence` may hold a date: it has a year ([`has_year`]), or a run of letters (as
/// the date tokenizer splits them, lowercased) that is one of the table's anchors.
fn may_hold_date(sentence: &str, t: &Compiled) -> bool {
    if t.unanchored || has_year(sentence) {
        return true;
    }
    let mut word = String::with_capacity(32);
    for raw in sentence.chars() {
        if raw.is_ascii_alphabetic() {
            word.push(raw.to_ascii_lowercase());
            continue;
        }
        let c = normalise_char(raw);
        if class_of(c) == CharClass::Letter {
            word.extend(c.to_lowercase());
            continue;
        }
        if !word.is_empty() {
            if t.anchors.contains(word.as_str()) {
                return true;
            }
            word.clear();
        }
    }
    !word.is_empty() && t.anchors.contains(word.as_str())
}

fn compile_phrases(words: &'static LangWords) -> Compiled {
    let plain = |list: &[&str]| -> Vec<Phrase> {
        let mut v: Vec<Phrase> = list.iter().map(|s| phrase(s)).collect();
        v.sort_by_key(|p| std::cmp::Reverse(p.len()));
        v
    };
    Compiled {
        words,
        months: by_length(
            words
                .months
                .iter()
                .map(|(s, m)| {
                    let abbreviation = words
                        .months
                        .iter()
                        .any(|(other, n)| n == m && other.len() > s.len() && other.starts_with(s));
                    (phrase(s), (*m, abbreviation))
                })
                .collect(),
        ),
        weekdays: by_length(words.weekdays.iter().map(|(s, d)| (phrase(s), *d)).collect()),
        weekday_before: by_length(
            words.weekday_before.iter().map(|(s, r)| (phrase(s), *r)).collect(),
        ),
        weekday_after: by_length(
            words.weekday_after.iter().map(|(s, r)| (phrase(s), *r)).collect(),
        ),
        day_words: by_length(words.day_words.iter().map(|(s, n)| (phrase(s), *n)).collect()),
        periods: {
            let mut v: Vec<(Phrase, Unit, i64)> =
                words.periods.iter().map(|(s, u, n)| (phrase(s), *u, *n)).collect();
            v.sort_by_key(|(p, _, _)| std::cmp::Reverse(p.len()));
            v
        },
        offset_before: by_length(
            words.offset_before.iter().map(|(s, n)| (phrase(s), *n)).collect(),
        ),
        offset_after: by_length(words.offset_after.iter().map(|(s, n)| (phrase(s), *n)).collect()),
        approximators: plain(words.approximators),
        numbers: {
            let mut v: Vec<(Phrase, u32, bool)> =
                words.numbers.iter().map(|(s, n, a)| (phrase(s), *n, *a)).collect();
            v.sort_by_key(|(p, _, _)| std::cmp::Reverse(p.len()));
            v
        },
        units: by_length(words.units.iter().map(|(s, u)| (phrase(s), *u)).collect()),
        day_month_links: plain(words.day_month_links),
        prepositions: plain(words.prepositions),
        articles: plain(words.articles),
        starters: rustc_hash::FxHashMap::default(),
        anchors: rustc_hash::FxHashSet::default(),
        unanchored: false,
        anchor_keys: rustc_hash::FxHashSet::default(),
        anchor_shapes: super::tokens::Shapes::default(),
    }
}

struct Tables {
    languages: Vec<Compiled>,
    neutral: Compiled,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| Tables {
        languages: LANGUAGES.iter().map(compile).collect(),
        neutral: compile(&NEUTRAL),
    })
}

/// The table of a language code; "fr-FR" and "FR" find "fr".
fn table_for(lang: &str) -> &'static Compiled {
    let primary = lang.split(['-', '_']).next().unwrap_or("").trim();
    let all = tables();
    all.languages
        .iter()
        .find(|t| t.words.code.eq_ignore_ascii_case(primary))
        .unwrap_or(&all.neutral)
}

// ---------------------------------------------------------------------------
// Matching helpers

/// The lists of phrases of a [`Compiled`] table, as bits of [`Compiled::starters`].
#[derive(Clone, Copy)]
enum List {
    Months = 1,
    Weekdays = 1 << 1,
    WeekdayBefore = 1 << 2,
    WeekdayAfter = 1 << 3,
    DayWords = 1 << 4,
    Periods = 1 << 5,
    OffsetBefore = 1 << 6,
    OffsetAfter = 1 << 7,
    Numbers = 1 << 8,
    Units = 1 << 9,
    Approximators = 1 << 10,
    DayMonthLinks = 1 << 11,
    Prepositions = 1 << 12,
    Articles = 1 << 13,
}

struct Ctx<'a> {
    toks: &'a [Token<'a>],
    /// The lists whose phrases each token starts ([`Compiled::starters`]).
    starts: Vec<u32>,
    t: &'static Compiled,
    published: Option<NaiveDate>,
}

/// What a pattern consumed: tokens `[from, to)` and the date, if valid.
struct Hit {
    from: usize,
    to: usize,
    result: Result<(NaiveDate, DatePrecision, bool), DateError>,
}

impl<'a> Ctx<'a> {
    fn tok(&self, i: usize) -> Option<&'a Token<'a>> {
        self.toks.get(i)
    }

    /// Tokens `i` and `i + 1` touch (no space between them).
    fn adjacent(&self, i: usize) -> bool {
        match (self.toks.get(i), self.toks.get(i + 1)) {
            (Some(a), Some(b)) => a.end == b.start,
            _ => false,
        }
    }

    /// Does `p` match at `i`? Returns the index after it.
    fn phrase_at(&self, i: usize, p: &Phrase) -> Option<usize> {
        if p.is_empty() {
            return None;
        }
        for (k, word) in p.iter().enumerate() {
            match self.toks.get(i + k) {
                Some(tok) if tok.text == *word => {}
                _ => return None,
            }
        }
        Some(i + p.len())
    }

    /// Token `i` starts some phrase of list `which`.
    fn may_start(&self, i: usize, which: List) -> bool {
        self.starts.get(i).is_some_and(|s| s & which as u32 != 0)
    }

    fn first_of<T: Copy>(&self, i: usize, list: &[(Phrase, T)], which: List) -> Option<(usize, T)> {
        if !self.may_start(i, which) {
            return None;
        }
        list.iter()
            .find_map(|(p, v)| self.phrase_at(i, p).map(|j| (j, *v)))
    }

    fn any_of(&self, i: usize, list: &[Phrase], which: List) -> Option<usize> {
        if !self.may_start(i, which) {
            return None;
        }
        list.iter().find_map(|p| self.phrase_at(i, p))
    }

    fn is_punct(&self, i: usize, s: &str) -> bool {
        self.tok(i).map(|t| t.text == s).unwrap_or(false)
    }

    /// A day number 1–31, with an optional glued ordinal suffix.
    fn day_at(&self, i: usize) -> Option<(usize, u32)> {
        let tok = self.tok(i)?;
        if !is_digits(&tok.text, 1, 2) {
            return None;
        }
        let day: u32 = tok.text.parse().ok()?;
        if !(1..=31).contains(&day) {
            return None;
        }
        let mut j = i + 1;
        if self.adjacent(i) {
            if let Some(next) = self.tok(j) {
                if self.t.words.ordinals.contains(&&*next.text) {
                    j += 1;
                }
            }
        }
        Some((j, day))
    }

    /// A month name or abbreviation, with an optional '.' after it.
    fn month_at(&self, i: usize) -> Option<(usize, u32)> {
        let tok = self.tok(i)?;
        if self.t.words.capitalized_months && !tok.upper {
            return None;
        }
        let (mut j, (month, abbreviation)) = self.first_of(i, &self.t.months, List::Months)?;
        if abbreviation && self.is_punct(j, ".") && self.adjacent(j - 1) {
            j += 1;
        }
        Some((j, month))
    }

    /// A four-digit year.
    fn year_at(&self, i: usize) -> Option<(usize, i64)> {
        let tok = self.tok(i)?;
        if !is_digits(&tok.text, 4, 4) {
            return None;
        }
        let y: i64 = tok.text.parse().ok()?;
        Some((i + 1, y))
    }

    /// A counted amount: digits or a number word.
    fn count_at(&self, i: usize) -> Option<(usize, u32, bool)> {
        let tok = self.tok(i)?;
        if is_digits(&tok.text, 1, 4) {
            let n: u32 = tok.text.parse().ok()?;
            return Some((i + 1, n, false));
        }
        if !self.may_start(i, List::Numbers) {
            return None;
        }
        self.t
            .numbers
            .iter()
            .find_map(|(p, n, vague)| self.phrase_at(i, p).map(|j| (j, *n, *vague)))
    }

    /// The publication date, which the expression of tokens `from..to` needs (written out
    /// only for the error).
    fn need_pub(&self, from: usize, to: usize) -> Result<NaiveDate, DateError> {
        self.published.ok_or_else(|| DateError::NeedsPublication(self.text(from, to)))
    }

    fn text(&self, from: usize, to: usize) -> String {
        self.toks[from..to.min(self.toks.len())]
            .iter()
            .map(|t| &*t.text)
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn is_digits(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

fn check_year(year: i64) -> Result<i32, DateError> {
    if (MIN_YEAR as i64..=MAX_YEAR as i64).contains(&year) {
        Ok(year as i32)
    } else {
        Err(DateError::YearOutOfRange(year))
    }
}

fn ymd(year: i64, month: u32, day: u32) -> Result<NaiveDate, DateError> {
    let y = check_year(year)?;
    NaiveDate::from_ymd_opt(y, month, day).ok_or(DateError::ImpossibleDate {
        year: y,
        month,
        day,
    })
}

/// A day and month without a year: the latest such date that is not more
/// than seven days after publication.
fn infer_year(month: u32, day: u32, published: NaiveDate) -> Result<NaiveDate, DateError> {
    let limit = published
        .checked_add_days(Days::new(7))
        .unwrap_or(published);
    let base = published.year();
    for y in (base - 4..=base + 1).rev() {
        if let Some(d) = NaiveDate::from_ymd_opt(y, month, day) {
            if d <= limit {
                check_year(d.year() as i64)?;
                return Ok(d);
            }
        }
    }
    Err(DateError::ImpossibleDate {
        year: base,
        month,
        day,
    })
}

fn week_start(d: NaiveDate) -> NaiveDate {
    d.checked_sub_days(Days::new(d.weekday().num_days_from_monday() as u64))
        .unwrap_or(d)
}

/// `what` is the expression, written out only for an error.
fn shift(d: NaiveDate, unit: Unit, amount: i64, what: &dyn Fn() -> String) -> Result<NaiveDate, DateError> {
    let overflow = || DateError::Overflow(what());
    let out = match unit {
        Unit::Day | Unit::Week => {
            let days = if unit == Unit::Week { amount.checked_mul(7) } else { Some(amount) }
                .ok_or_else(overflow)?;
            if days >= 0 {
                d.checked_add_days(Days::new(days as u64))
            } else {
                d.checked_sub_days(Days::new(days.unsigned_abs()))
            }
        }
        Unit::Month | Unit::Year => {
            let months = if unit == Unit::Year { amount.checked_mul(12) } else { Some(amount) }
                .ok_or_else(overflow)?;
            let m = u32::try_from(months.unsigned_abs()).map_err(|_| overflow())?;
            if months >= 0 {
                d.checked_add_months(Months::new(m))
            } else {
                d.checked_sub_months(Months::new(m))
            }
        }
    }
    .ok_or_else(overflow)?;
    check_year(out.year() as i64)?;
    Ok(out)
}

fn precision_of(unit: Unit) -> DatePrecision {
    match unit {
        Unit::Day => DatePrecision::Day,
        Unit::Week => DatePrecision::Week,
        Unit::Month => DatePrecision::Month,
        Unit::Year => DatePrecision::Year,
    }
}

fn resolve_weekday(
    published: NaiveDate,
    day: Weekday,
    which: WeekdayRef,
) -> Result<NaiveDate, DateError> {
    let target = day.num_days_from_monday() as i64;
    let here = published.weekday().num_days_from_monday() as i64;
    let delta = match which {
        WeekdayRef::ThisWeek => target - here,
        WeekdayRef::Last => {
            let back = (here - target).rem_euclid(7);
            -(if back == 0 { 7 } else { back })
        }
        WeekdayRef::Next => {
            let fwd = (target - here).rem_euclid(7);
            if fwd == 0 {
                7
            } else {
                fwd
            }
        }
    };
    let moved = if delta >= 0 {
        published.checked_add_days(Days::new(delta as u64))
    } else {
        published.checked_sub_days(Days::new(delta.unsigned_abs()))
    };
    moved.ok_or_else(|| DateError::Overflow(format!("{which:?} {day}")))
}

// ---------------------------------------------------------------------------
// Patterns. Each looks at token `i` and returns what it consumed.

/// Dates precise to the day: ISO, slashes, "8 décembre [2016]",
/// "December 8[, 2016]".
fn absolute_day(c: &Ctx, i: usize) -> Option<Hit> {
    // 2016-12-08
    if let Some((j, year)) = c.year_at(i) {
        if c.is_punct(j, "-") {
            if let (Some(m), true, Some(d)) = (c.tok(j + 1), c.is_punct(j + 2, "-"), c.tok(j + 3)) {
                if is_digits(&m.text, 1, 2) && is_digits(&d.text, 1, 2) {
                    let month: u32 = m.text.parse().unwrap_or(0);
                    let day: u32 = d.text.parse().unwrap_or(0);
                    let result = ymd(year, month, day).map(|d| (d, DatePrecision::Day, false));
                    return Some(Hit { from: i, to: j + 4, result });
                }
            }
        }
    }
    // 08/12/2016
    if let Some(order) = c.t.words.slash_order {
        if let (Some(a), true, Some(b), true) =
            (c.tok(i), c.is_punct(i + 1, "/"), c.tok(i + 2), c.is_punct(i + 3, "/"))
        {
            if is_digits(&a.text, 1, 2) && is_digits(&b.text, 1, 2) {
                if let Some((to, year)) = c.year_at(i + 4) {
                    let x: u32 = a.text.parse().unwrap_or(0);
                    let y: u32 = b.text.parse().unwrap_or(0);
                    let (day, month) = match order {
                        SlashOrder::DayMonthYear => (x, y),
                        SlashOrder::MonthDayYear => (y, x),
                    };
                    let result = ymd(year, month, day).map(|d| (d, DatePrecision::Day, false));
                    return Some(Hit { from: i, to, result });
                }
            }
        }
    }
    // 8 décembre 2016 / 8th of December / 8 Dec 2016
    if let Some((mut j, day)) = c.day_at(i) {
        if let Some(k) = c.any_of(j, &c.t.day_month_links, List::DayMonthLinks) {
            j = k;
        }
        if let Some((j, month)) = c.month_at(j) {
            let (to, year) = match c.year_at(j) {
                Some((to, y)) => (to, Some(y)),
                None => (j, None),
            };
            return Some(Hit { from: i, to, result: day_month(c, day, month, year, i, to) });
        }
    }
    // December 8, 2016 / Dec. 8
    if let Some((j, month)) = c.month_at(i) {
        if let Some((j, day)) = c.day_at(j) {
            // A four-digit number right after the month is a year, not a day.
            let (to, year) = {
                let after_comma = if c.is_punct(j, ",") { j + 1 } else { j };
                match c.year_at(after_comma) {
                    Some((to, y)) => (to, Some(y)),
                    None => (j, None),
                }
            };
            return Some(Hit { from: i, to, result: day_month(c, day, month, year, i, to) });
        }
    }
    None
}

fn day_month(
    c: &Ctx,
    day: u32,
    month: u32,
    year: Option<i64>,
    from: usize,
    to: usize,
) -> Result<(NaiveDate, DatePrecision, bool), DateError> {
    let date = match year {
        Some(y) => ymd(y, month, day)?,
        None => {
            // Reject 31 February even when the year is unknown.
            if NaiveDate::from_ymd_opt(2000, month, day).is_none() {
                return Err(DateError::ImpossibleDate { year: 2000, month, day });
            }
            infer_year(month, day, c.need_pub(from, to)?)?
        }
    };
    Ok((date, DatePrecision::Day, false))
}

/// "[en] décembre 2016", "[in] December", "en 1986".
fn month_or_year(c: &Ctx, i: usize) -> Option<Hit> {
    let (j, has_prep) = match c.any_of(i, &c.t.prepositions, List::Prepositions) {
        Some(j) => (j, true),
        None => (i, false),
    };
    if let Some((k, month)) = c.month_at(j) {
        if let Some((to, year)) = c.year_at(k) {
            let result = ymd(year, month, 1).map(|d| (d, DatePrecision::Month, false));
            return Some(Hit { from: i, to, result });
        }
        if has_prep {
            let result = (|| -> Result<(NaiveDate, DatePrecision, bool), DateError> {
                let published = c.need_pub(i, k)?;
                let limit = published.checked_add_days(Days::new(7)).unwrap_or(published);
                let mut d = ymd(published.year() as i64, month, 1)?;
                if d > limit {
                    d = ymd(published.year() as i64 - 1, month, 1)?;
                }
                Ok((d, DatePrecision::Month, false))
            })();
            return Some(Hit { from: i, to: k, result });
        }
    }
    if has_prep {
        if let Some((to, year)) = c.year_at(j) {
            // "en 2016-12-08" is a day, found by the day pattern instead.
            if c.is_punct(to, "-") || c.is_punct(to, "/") {
                return None;
            }
            let result = ymd(year, 1, 1).map(|d| (d, DatePrecision::Year, false));
            return Some(Hit { from: i, to, result });
        }
    }
    None
}

/// A weekday, with words before or after it, possibly followed by an
/// explicit date ("jeudi 8 décembre") which then wins.
fn weekday(c: &Ctx, i: usize) -> Option<Hit> {
    let (j, before) = match c.first_of(i, &c.t.weekday_before, List::WeekdayBefore) {
        Some((j, r)) => (j, Some(r)),
        None => (i, None),
    };
    let (k, day) = c.first_of(j, &c.t.weekdays, List::Weekdays)?;
    // An explicit date right after the weekday.
    let mut d = k;
    if c.is_punct(d, ",") {
        d += 1;
    }
    if let Some(a) = c.any_of(d, &c.t.articles, List::Articles) {
        d = a;
    }
    if let Some(hit) = absolute_day(c, d) {
        return Some(Hit { from: i, ..hit });
    }
    let (to, after) = match c.first_of(k, &c.t.weekday_after, List::WeekdayAfter) {
        Some((to, r)) => (to, Some(r)),
        None => (k, None),
    };
    let which = after.or(before).unwrap_or(WeekdayRef::ThisWeek);
    let result = c.need_pub(i, to).and_then(|p| {
        let d = resolve_weekday(p, day, which)?;
        check_year(d.year() as i64)?;
        Ok((d, DatePrecision::Day, false))
    });
    Some(Hit { from: i, to, result })
}

fn day_word(c: &Ctx, i: usize) -> Option<Hit> {
    let (to, offset) = c.first_of(i, &c.t.day_words, List::DayWords)?;
    let result = c
        .need_pub(i, to)
        .and_then(|p| shift(p, Unit::Day, offset, &|| c.text(i, to)))
        .map(|d| (d, DatePrecision::Day, false));
    Some(Hit { from: i, to, result })
}

fn period(c: &Ctx, i: usize) -> Option<Hit> {
    if !c.may_start(i, List::Periods) {
        return None;
    }
    let (to, unit, offset) = c
        .t
        .periods
        .iter()
        .find_map(|(p, u, n)| c.phrase_at(i, p).map(|j| (j, *u, *n)))?;
    let result = c.need_pub(i, to).and_then(|p| {
        let start = match unit {
            Unit::Day => p,
            Unit::Week => week_start(p),
            Unit::Month => p.with_day(1).unwrap_or(p),
            Unit::Year => p.with_ordinal(1).unwrap_or(p),
        };
        let d = shift(start, unit, offset, &|| c.text(i, to))?;
        Ok((d, precision_of(unit), false))
    });
    Some(Hit { from: i, to, result })
}

/// "il y a [près d'] un mois", "[nearly] a month ago", "in 3 days".
fn counted(c: &Ctx, i: usize) -> Option<Hit> {
    let (j, sign_before) = match c.first_of(i, &c.t.offset_before, List::OffsetBefore) {
        Some((j, s)) => (j, Some(s)),
        None => (i, None),
    };
    let (j, approx) = match c.any_of(j, &c.t.approximators, List::Approximators) {
        Some(k) => (k, true),
        None => (j, false),
    };
    let (j, n, vague) = c.count_at(j)?;
    let (j, unit) = c.first_of(j, &c.t.units, List::Units)?;
    let (to, sign) = match sign_before {
        Some(s) => (j, s),
        None => match c.first_of(j, &c.t.offset_after, List::OffsetAfter) {
            Some((to, s)) => (to, s),
            None => return None,
        },
    };
    let result = c.need_pub(i, to).and_then(|p| {
        let d = shift(p, unit, sign * n as i64, &|| c.text(i, to))?;
        Ok((d, precision_of(unit), approx || vague))
    });
    Some(Hit { from: i, to, result })
}

fn match_at(c: &Ctx, i: usize) -> Option<Hit> {
    weekday(c, i)
        .or_else(|| absolute_day(c, i))
        .or_else(|| month_or_year(c, i))
        .or_else(|| counted(c, i))
        .or_else(|| period(c, i))
        .or_else(|| day_word(c, i))
}

/// All dates in a sentence, in text order.
pub fn find_dates(sentence: &str, lang: &str, published: Option<NaiveDate>) -> Vec<EventDate> {
    let t = table_for(lang);
    if !may_hold_date(sentence, t) {
        return Vec::new();
    }
    dates_in(sentence, t, published)
}

/// [`find_dates`] for a caller that already holds the sentence's words as name keys
/// ([`normalize`]) and knows whether it has a digit: the sentence is ruled out from those,
/// without a scan of its own. A word run of the date tokenizer that is an anchor is, folded,
/// one of these keys, or lies in a word with a digit.
pub fn find_dates_in_words<'k>(
    sentence: &str,
    lang: &str,
    published: Option<NaiveDate>,
    keys: impl IntoIterator<Item = &'k str>,
    has_digit: bool,
) -> Vec<EventDate> {
    let t = table_for(lang);
    if !((has_digit && has_year(sentence)) || t.unanchored || keys.into_iter().any(|k| t.is_anchor_key(k))) {
        return Vec::new();
    }
    dates_in(sentence, t, published)
}

/// Whether `sentence` has a run of exactly four ASCII digits: a year, perhaps. Every date
/// expression written with figures and no anchor word (no month, weekday, day word, period
/// or unit) has one ("in 1986", "2016-12-08", "08/12/2016"), so a sentence whose only figures
/// are counts ("7 people", "$2 million") is ruled out without being tokenised.
fn has_year(sentence: &str) -> bool {
    let b = sentence.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i - start == 4 {
            return true;
        }
    }
    false
}

fn dates_in(sentence: &str, t: &'static Compiled, published: Option<NaiveDate>) -> Vec<EventDate> {
    // The sentence with its ASCII letters lowercased once, so that no capitalised word needs
    // a key of its own; the offsets stay those of the sentence, and so do the characters
    // outside ASCII, whose case the tokens read there.
    let lowered = lowercase_ascii(sentence);
    let mut toks = tokenize(&lowered);
    for tok in &mut toks {
        let first = sentence.as_bytes()[tok.start];
        if first.is_ascii() {
            tok.upper = first.is_ascii_uppercase();
        }
    }
    let starts = toks.iter().map(|tok| t.starters.get(&*tok.text).copied().unwrap_or(0)).collect();
    let ctx = Ctx { toks: &toks, starts, t, published };
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        // A match must start at a word boundary: skip tokens glued to a
        // preceding letter or digit (the "12" of "A12").
        let glued = i > 0 && toks[i - 1].end == toks[i].start && {
            let prev = &toks[i - 1].text;
            prev.chars().all(char::is_alphanumeric)
        };
        let starts = ctx.starts[i] != 0 || toks[i].text.bytes().all(|b| b.is_ascii_digit());
        let hit = if glued || !starts { None } else { match_at(&ctx, i) };
        match hit {
            Some(hit) if hit.to > i => {
                let (start, end) = (toks[hit.from].start, toks[hit.to - 1].end);
                match hit.result {
                    Ok((date, precision, approximate)) => out.push(EventDate {
                        date,
                        precision,
                        approximate,
                        start,
                        end,
                    }),
                    Err(e) => debug!(expression = &sentence[start..end], "date ignored: {e}"),
                }
                i = hit.to;
            }
            _ => i += 1,
        }
    }
    out
}

/// The first date in a sentence.
pub fn find_date(sentence: &str, lang: &str, published: Option<NaiveDate>) -> Option<EventDate> {
    find_dates(sentence, lang, published).into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pub_day() -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2016, 12, 8)
    }

    /// The tokens of `text` read character by character, with [`class_of`] for every
    /// character: what [`tokenize`]'s reading of ASCII runs must give.
    fn tokenize_by_chars(text: &str) -> Vec<(String, usize, usize, bool)> {
        let mut out: Vec<(String, usize, usize, bool)> = Vec::new();
        let mut run: Option<(CharClass, usize, usize, bool)> = None;
        let flush = |r: (CharClass, usize, usize, bool), out: &mut Vec<(String, usize, usize, bool)>| {
            let raw = &text[r.1..r.2];
            let key = if r.0 == CharClass::Other { raw.chars().map(normalise_char).flat_map(char::to_lowercase).collect() } else { raw.to_lowercase() };
            out.push((if raw.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) { raw.to_string() } else { key }, r.1, r.2, r.3));
        };
        for (at, raw) in text.char_indices() {
            let c = normalise_char(raw);
            let (class, end) = (class_of(c), at + raw.len_utf8());
            match run.as_mut() {
                Some(r) if r.0 == class && class != CharClass::Other => r.2 = end,
                _ => {
                    if let Some(r) = run.take() {
                        flush(r, &mut out);
                    }
                    if class != CharClass::Space {
                        run = Some((class, at, end, c.is_uppercase()));
                    }
                }
            }
        }
        if let Some(r) = run {
            flush(r, &mut out);
        }
        out
    }

    #[test]
    fn text_tokenises_as_read_character_by_character() {
        // Every ASCII character once, and words around them, with and without characters
        // outside ASCII among them.
        let all: String = (1u8..128).map(char::from).collect();
        for s in [
            all.as_str(),
            "On Dec. 8,\x0b`Last Thursday' at 10:30\tin NEW-YORK (AFP)!",
            "  12mai 2016 ",
            "Le 8 Décembre 2016, à GENÈVE ‘hier’ – l’ÉTÉ 1986…",
            "Ｔｏｋｙｏ 2016年12月8日 Straße ǅemal",
        ] {
            let got: Vec<_> = tokenize(s).iter().map(|t| (t.text.to_string(), t.start, t.end, t.upper)).collect();
            assert_eq!(got, tokenize_by_chars(s), "{s:?}");
        }
    }

    #[test]
    fn a_sentence_with_its_ascii_lowercased_tokenises_as_the_sentence_does() {
        for s in [
            "On Dec. 8, `Last Thursday' the O'Neill-Smith talks in NEW YORK ended at 10:30.",
            "Le JEUDI 8 Décembre, à GENÈVE, l'Élysée a dit « Hier » – ÉTÉ 1986.",
        ] {
            let lowered = lowercase_ascii(s);
            let direct = tokenize(s);
            let via = tokenize(&lowered);
            assert_eq!(direct.len(), via.len());
            for (a, b) in direct.iter().zip(&via) {
                assert_eq!((&*a.text, a.start, a.end), (&*b.text, b.start, b.end));
                // As `dates_in` sets it: from the sentence for an ASCII first byte.
                let first = s.as_bytes()[b.start];
                let upper = if first.is_ascii() { first.is_ascii_uppercase() } else { b.upper };
                assert_eq!(a.upper, upper, "{}", a.text);
            }
        }
    }

    #[test]
    fn sentences_without_digits_or_date_words_are_ruled_out() {
        let fr = table_for("fr");
        let en = table_for("en");
        assert!(!may_hold_date("La réunion a eu lieu à Genève.", fr));
        assert!(!may_hold_date("The talks went on in Geneva.", en));
        for s in ["Il est arrivé avant-hier.", "Il y a près d'un mois.", "Ce JEUDI, à Genève.", "En 1986."] {
            assert!(may_hold_date(s, fr), "{s}");
            assert!(!find_dates(s, "fr", pub_day()).is_empty(), "{s}");
        }
        for s in ["They met last week.", "It happened Yesterday.", "On Dec. 8 they met."] {
            assert!(may_hold_date(s, en), "{s}");
            assert!(!find_dates(s, "en", pub_day()).is_empty(), "{s}");
        }
        // The same from the words as the event stage holds them (folded keys).
        for (s, lang) in [("Il est arrivé avant-hier.", "fr"), ("En décembre, à Alep.", "fr"), ("La réunion a eu lieu.", "fr"), ("They met on Monday.", "en")] {
            let mut toks = Vec::new();
            crate::pipeline::tokens::tokenize(s, &mut toks);
            let keys: Vec<String> = toks.iter().map(|t| normalize(t.text(s))).collect();
            let digit = toks.iter().any(|t| t.is(crate::pipeline::tokens::DIGIT));
            let by_words = find_dates_in_words(s, lang, pub_day(), keys.iter().map(String::as_str), digit);
            assert_eq!(by_words, find_dates(s, lang, pub_day()), "{s}");
            assert_eq!(by_words.is_empty(), s.starts_with("La "), "{s}");
        }
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    /// Finds exactly one date and checks it, its precision and that the
    /// span covers `expr`.
    fn check(lang: &str, sentence: &str, expr: &str, want: NaiveDate, p: DatePrecision, approx: bool) {
        let found = find_dates(sentence, lang, pub_day());
        assert_eq!(found.len(), 1, "{sentence:?} → {found:?}");
        let e = found[0];
        assert_eq!(e.date, want, "{sentence:?}");
        assert_eq!(e.precision, p, "{sentence:?}");
        assert_eq!(e.approximate, approx, "{sentence:?}");
        assert_eq!(&sentence[e.start..e.end], expr, "{sentence:?}");
    }

    use DatePrecision::*;

    #[test]
    fn french_weekdays() {
        check("fr", "La Russie a annoncé ce jeudi une suspension.", "ce jeudi", d(2016, 12, 8), Day, false);
        check("fr", "Une réunion ce samedi à Genève.", "ce samedi", d(2016, 12, 10), Day, false);
        check("fr", "Il est arrivé jeudi à Alep.", "jeudi", d(2016, 12, 8), Day, false);
        check("fr", "Il est arrivé lundi.", "lundi", d(2016, 12, 5), Day, false);
        check("fr", "Jeudi dernier, rien.", "Jeudi dernier", d(2016, 12, 1), Day, false);
        check("fr", "Mardi dernier, rien.", "Mardi dernier", d(2016, 12, 6), Day, false);
        check("fr", "La réunion de samedi dernier.", "samedi dernier", d(2016, 12, 3), Day, false);
        check("fr", "Lundi prochain, on vote.", "Lundi prochain", d(2016, 12, 12), Day, false);
        check("fr", "Jeudi prochain, on vote.", "Jeudi prochain", d(2016, 12, 15), Day, false);
        check("fr", "ce jeudi 8 décembre 2016", "ce jeudi 8 décembre 2016", d(2016, 12, 8), Day, false);
    }

    #[test]
    fn english_weekdays() {
        check("en", "Russia announced on Thursday a pause.", "on Thursday", d(2016, 12, 8), Day, false);
        check("en", "They meet on Saturday in Geneva.", "on Saturday", d(2016, 12, 10), Day, false);
        check("en", "It happened last Thursday.", "last Thursday", d(2016, 12, 1), Day, false);
        check("en", "It happened last Monday.", "last Monday", d(2016, 12, 5), Day, false);
        check("en", "Talks resume next Monday.", "next Monday", d(2016, 12, 12), Day, false);
        check("en", "Talks resume next Thursday.", "next Thursday", d(2016, 12, 15), Day, false);
        check("en", "On Thursday, Dec. 8, they met.", "On Thursday, Dec. 8", d(2016, 12, 8), Day, false);
    }

    #[test]
    fn french_relative_days() {
        check("fr", "Hier, trois morts.", "Hier", d(2016, 12, 7), Day, false);
        check("fr", "Avant-hier, trois morts.", "Avant-hier", d(2016, 12, 6), Day, false);
        check("fr", "Il l’a dit aujourd’hui.", "aujourd’hui", d(2016, 12, 8), Day, false);
        check("fr", "Il l'a dit aujourd'hui.", "aujourd'hui", d(2016, 12, 8), Day, false);
        check("fr", "Il partira demain.", "demain", d(2016, 12, 9), Day, false);
        check("fr", "Un raid ce matin.", "ce matin", d(2016, 12, 8), Day, false);
        check("fr", "Un raid ce soir.", "ce soir", d(2016, 12, 8), Day, false);
        check("fr", "Il partira après-demain.", "après-demain", d(2016, 12, 10), Day, false);
    }

    #[test]
    fn english_relative_days() {
        check("en", "Yesterday, three died.", "Yesterday", d(2016, 12, 7), Day, false);
        check("en", "He said so today.", "today", d(2016, 12, 8), Day, false);
        check("en", "He leaves tomorrow.", "tomorrow", d(2016, 12, 9), Day, false);
        check("en", "A raid this morning.", "this morning", d(2016, 12, 8), Day, false);
        check("en", "A raid the day before yesterday.", "the day before yesterday", d(2016, 12, 6), Day, false);
    }

    #[test]
    fn french_periods_and_offsets() {
        check("fr", "L’offensive a été engagée il y a près d’un mois par l’armée.", "il y a près d’un mois", d(2016, 11, 8), Month, true);
        check("fr", "Il y a trois jours, un raid.", "Il y a trois jours", d(2016, 12, 5), Day, false);
        check("fr", "il y a 3 jours", "il y a 3 jours", d(2016, 12, 5), Day, false);
        check("fr", "il y a deux semaines", "il y a deux semaines", d(2016, 11, 24), Week, false);
        check("fr", "il y a 2 mois", "il y a 2 mois", d(2016, 10, 8), Month, false);
        check("fr", "il y a 5 ans", "il y a 5 ans", d(2011, 12, 8), Year, false);
        check("fr", "il y a environ 10 jours", "il y a environ 10 jours", d(2016, 11, 28), Day, true);
        check("fr", "il y a quelques jours", "il y a quelques jours", d(2016, 12, 5), Day, true);
        check("fr", "La semaine dernière, un raid.", "La semaine dernière", d(2016, 11, 28), Week, false);
        check("fr", "Le mois dernier, un raid.", "Le mois dernier", d(2016, 11, 1), Month, false);
        check("fr", "L'an dernier, un raid.", "L'an dernier", d(2015, 1, 1), Year, false);
        check("fr", "L’année dernière, un raid.", "L’année dernière", d(2015, 1, 1), Year, false);
        check("fr", "La semaine prochaine, un vote.", "La semaine prochaine", d(2016, 12, 12), Week, false);
        check("fr", "dans trois jours", "dans trois jours", d(2016, 12, 11), Day, false);
    }

    #[test]
    fn english_periods_and_offsets() {
        check("en", "The offensive began nearly a month ago.", "nearly a month ago", d(2016, 11, 8), Month, true);
        check("en", "Three days ago, a raid.", "Three days ago", d(2016, 12, 5), Day, false);
        check("en", "It began 3 days ago.", "3 days ago", d(2016, 12, 5), Day, false);
        check("en", "It began 2 weeks ago.", "2 weeks ago", d(2016, 11, 24), Week, false);
        check("en", "It began a year ago.", "a year ago", d(2015, 12, 8), Year, false);
        check("en", "It began a few days ago.", "a few days ago", d(2016, 12, 5), Day, true);
        check("en", "Last week, a raid.", "Last week", d(2016, 11, 28), Week, false);
        check("en", "Last month, a raid.", "Last month", d(2016, 11, 1), Month, false);
        check("en", "Last year, a raid.", "Last year", d(2015, 1, 1), Year, false);
        check("en", "The vote is in 3 days.", "in 3 days", d(2016, 12, 11), Day, false);
    }

    #[test]
    fn french_absolute() {
        check("fr", "Le 8 décembre 2016, un raid.", "8 décembre 2016", d(2016, 12, 8), Day, false);
        check("fr", "Il est arrivé le 8 décembre.", "8 décembre", d(2016, 12, 8), Day, false);
        check("fr", "Le 1er décembre, un raid.", "1er décembre", d(2016, 12, 1), Day, false);
        check("fr", "Le 3 janv. 2016, un raid.", "3 janv. 2016", d(2016, 1, 3), Day, false);
        check("fr", "Le 12 déc. un raid.", "12 déc.", d(2016, 12, 12), Day, false);
        // More than a week after publication: the year before.
        check("fr", "Le 20 décembre, un raid.", "20 décembre", d(2015, 12, 20), Day, false);
        check("fr", "Le 2016-12-08 au soir.", "2016-12-08", d(2016, 12, 8), Day, false);
        check("fr", "Le 08/12/2016 au soir.", "08/12/2016", d(2016, 12, 8), Day, false);
        check("fr", "C'était en décembre 2016.", "en décembre 2016", d(2016, 12, 1), Month, false);
        check("fr", "C'était en mai.", "en mai", d(2016, 5, 1), Month, false);
        check("fr", "classée en 1986 par l’Unesco", "en 1986", d(1986, 1, 1), Year, false);
        check("fr", "jeudi 8 décembre", "jeudi 8 décembre", d(2016, 12, 8), Day, false);
    }

    #[test]
    fn english_absolute() {
        check("en", "On Dec. 8 a raid.", "Dec. 8", d(2016, 12, 8), Day, false);
        check("en", "It was December 8, 2016.", "December 8, 2016", d(2016, 12, 8), Day, false);
        check("en", "It was 8 Dec 2016.", "8 Dec 2016", d(2016, 12, 8), Day, false);
        check("en", "It was the 8th of December.", "8th of December", d(2016, 12, 8), Day, false);
        check("en", "It was 2016-12-08.", "2016-12-08", d(2016, 12, 8), Day, false);
        check("en", "It was in December 2016.", "in December 2016", d(2016, 12, 1), Month, false);
        check("en", "It was listed in 1986.", "in 1986", d(1986, 1, 1), Year, false);
        check("en", "It was December 2016.", "December 2016", d(2016, 12, 1), Month, false);
    }

    #[test]
    fn absolute_dates_need_no_publication() {
        let e = find_date("Le 8 décembre 2016, un raid.", "fr", None).expect("a date");
        assert_eq!(e.date, d(2016, 12, 8));
        let e = find_date("in 1986", "en", None).expect("a date");
        assert_eq!(e.precision, Year);
        let e = find_date("2016-12-08", "de", None).expect("ISO works in any language");
        assert_eq!(e.date, d(2016, 12, 8));
    }

    #[test]
    fn relative_dates_need_publication() {
        for (lang, s) in [
            ("fr", "ce jeudi"),
            ("fr", "hier"),
            ("fr", "il y a près d'un mois"),
            ("fr", "le 8 décembre"),
            ("fr", "la semaine dernière"),
            ("en", "last Thursday"),
            ("en", "yesterday"),
            ("en", "nearly a month ago"),
            ("en", "Dec. 8"),
        ] {
            assert_eq!(find_date(s, lang, None), None, "{s}");
        }
    }

    #[test]
    fn impossible_dates_are_rejected() {
        for (lang, s) in [
            ("fr", "le 31 février 2016"),
            ("fr", "le 31 février"),
            ("fr", "le 30 février"),
            ("fr", "0000-12-08"),
            ("fr", "le 8 décembre 9999"),
            ("fr", "en 9999"),
            ("fr", "en 0000"),
            ("en", "February 30, 2016"),
            ("en", "2016-13-45"),
            ("fr", "31/02/2016"),
            ("fr", "il y a 9999 ans"),
        ] {
            assert_eq!(find_date(s, lang, pub_day()), None, "{s}");
        }
        // 29 February exists in leap years only.
        assert_eq!(find_date("le 29 février 2015", "fr", None), None);
        assert_eq!(find_date("le 29 février 2016", "fr", None).map(|e| e.date), Some(d(2016, 2, 29)));
    }

    #[test]
    fn no_false_dates() {
        for (lang, s) in [
            ("fr", "Moscou table sur une évacuation de quelque 8000 civils."),
            ("fr", "On estime à 150 000 le nombre de personnes."),
            ("fr", "Ces derniers mois, les trêves n’avaient pas permis des évacuations."),
            ("fr", "La citadelle datant du XIIIe siècle."),
            ("en", "You may go now."),
            ("en", "Soldiers march on."),
            ("en", "Some 8000 civilians."),
            ("fr", "La route A12 est fermée."),
        ] {
            assert_eq!(find_dates(s, lang, pub_day()), vec![], "{s}");
        }
    }

    #[test]
    fn a_sentence_whose_figures_are_counts_is_ruled_out_and_one_with_a_year_is_read() {
        assert!(!has_year("7 people died and 20 were hurt; $2.5 million, 150 000 civils"));
        assert!(!has_year("Some 12345 civilians, route A12"));
        assert!(has_year("in 1986"));
        assert!(has_year("le 08/12/2016"));
        assert!(has_year("2016-12-08"));
        // A sentence with no anchor word and a year is still read, from the words the event
        // stage holds as from the text.
        let s = "The plant closed in 1986 and 40 people lost their jobs.";
        let keys: Vec<String> = s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(normalize).collect();
        let found = find_dates_in_words(s, "en", pub_day(), keys.iter().map(String::as_str), true);
        assert_eq!(found.iter().map(|e| (e.date, e.precision)).collect::<Vec<_>>(), vec![(d(1986, 1, 1), DatePrecision::Year)]);
        assert_eq!(find_dates(s, "en", pub_day()).len(), 1);
        let s = "Forty people lost their jobs and 12 shops closed.";
        let keys: Vec<String> = s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(normalize).collect();
        assert!(find_dates_in_words(s, "en", pub_day(), keys.iter().map(String::as_str), true).is_empty());
    }

    #[test]
    fn several_dates_in_order() {
        let s = "Annoncé ce jeudi, la réunion aura lieu ce samedi à Genève.";
        let found = find_dates(s, "fr", pub_day());
        let dates: Vec<NaiveDate> = found.iter().map(|e| e.date).collect();
        assert_eq!(dates, vec![d(2016, 12, 8), d(2016, 12, 10)]);
        assert_eq!(find_date(s, "fr", pub_day()).map(|e| e.date), Some(d(2016, 12, 8)));
    }

    #[test]
    fn region_subtags_and_unknown_languages() {
        assert!(find_date("hier", "fr-FR", pub_day()).is_some());
        assert!(find_date("yesterday", "EN_gb", pub_day()).is_some());
        assert!(find_date("yesterday", "xx", pub_day()).is_none());
        assert!(find_date("", "fr", pub_day()).is_none());
    }

    #[test]
    fn year_inference_near_new_year() {
        // Published 30 December: "3 janvier" is within a week ahead.
        let p = NaiveDate::from_ymd_opt(2016, 12, 30);
        let e = find_date("le 3 janvier", "fr", p).expect("a date");
        assert_eq!(e.date, d(2017, 1, 3));
        // Published 8 December: "3 janvier" is last January.
        let e = find_date("le 3 janvier", "fr", pub_day()).expect("a date");
        assert_eq!(e.date, d(2016, 1, 3));
    }

    #[test]
    fn hostile_text_does_not_panic() {
        let long = "8 ".repeat(100_000);
        let _ = find_dates(&long, "fr", pub_day());
        let _ = find_dates("il y a 4294967295 jours", "fr", pub_day());
        let _ = find_dates("il y a 9999 semaines", "fr", pub_day());
        let _ = find_dates("\u{0}\u{ffff}é’-/", "fr", pub_day());
        let p = NaiveDate::from_ymd_opt(2200, 12, 31);
        let _ = find_dates("demain, la semaine prochaine, l'an prochain", "fr", p);
        assert_eq!(find_date("demain", "fr", p), None, "year 2201 is out of range");
        let p = NaiveDate::MAX;
        let _ = find_dates("demain lundi prochain", "fr", Some(p));
    }
}
