//! Finds the place names in a text: every span that the gazetteer knows as a name and that,
//! in context, is used as a place; and, separately, the demonyms.
//!
//! In: text and its language. Out: [`Found`]: [`Mention`]s (byte spans with their candidate
//! places, still unresolved) and [`DemonymMention`]s.
//!
//! How: the text is tokenised once; from each token the name automaton is walked token by
//! token (longest match first, up to [`MAX_NAME_TOKENS`] words), folding characters on the
//! fly so that nothing is allocated per token. Each match is then judged on its context:
//! case, position in the sentence, how common the word is in the language, whether it is part
//! of a longer proper name (a person, an organisation) or preceded by a title, and whether a
//! qualifier ("province d'", "County") or a container ("Paris, Texas") goes with it.

use super::lookups::{self, Lookups};
use super::qualifiers::{self, Wants};
use super::streets::{self, one_of, Street};
use super::tokens::{self, Sep, Token, CAP, DIGIT, LOWER, SENT_START, UPPER};
use crate::gazetteer::normalize::{fold_char, Folded};
use crate::gazetteer::{word_is_first_name, Gazetteer, Kind};
use crate::model::DemonymMention;
use fst::raw::Output;
use rustc_hash::{FxHashMap, FxHashSet};

/// Longest name, in words, that the matcher tries.
pub const MAX_NAME_TOKENS: usize = 7;

/// A place name found in a text, before resolution.
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    /// Byte span in the text.
    pub start: usize,
    pub end: usize,
    /// Value of the name automaton: decode with [`Gazetteer::postings`].
    pub value: u64,
    /// The kind a qualifier around the name asks for.
    pub wants: Option<Wants>,
    /// Index (in the same list) of a mention that contains this one: "Paris, Texas".
    pub container: Option<usize>,
    /// The mention is the article's dateline ("GENÈVE (AFP) –").
    pub dateline: bool,
    /// 0..1: how sure recognition is that this is a place name.
    pub score: f32,
}

impl Mention {
    pub fn surface<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

/// What [`find`] returns.
#[derive(Clone, Debug, Default)]
pub struct Found {
    pub mentions: Vec<Mention>,
    pub demonyms: Vec<DemonymMention>,
    /// Streets and roads ("rue de la Paix", "Memphis Street"): places the gazetteer does not
    /// hold, with no point. The place names inside them stay in `mentions`, as evidence of
    /// the region for resolution ("West Tyler Street" in a Texan town), and are dropped from
    /// what is reported after it ([`streets::drop_inside`]).
    pub streets: Vec<Street>,
}

/// Per-language word lists used by recognition. Data, not code: a new language is a new row.
struct Lexicon {
    /// Titles that announce a person's name ("M.", "President").
    titles: &'static [&'static str],
    /// Titles that announce a person's name even in lowercase, as French writes them ("le
    /// président Hollande", "la chancelière Merkel"): no word of these is also a common
    /// word that may stand before a place.
    lowercase_titles: &'static [&'static str],
    /// Words that may precede a place inside one name without making it a person's or an
    /// organisation's name ("North Carolina" is in the gazetteer; "northern Syria" is not).
    directions: &'static [&'static str],
    /// Words that turn a place name before them into a newspaper's or a club's name.
    media: &'static [&'static str],
    /// The language capitalises every noun (German), so a capital says less about names.
    capitalises_nouns: bool,
    /// The language writes demonym adjectives in lowercase (French "suisse", Spanish
    /// "suizo"), so a capitalised form that is also a country's name is the country.
    lowercase_demonyms: bool,
    /// Demonyms are always capitalised (English, German).
    capitalised_demonyms: bool,
    /// Nouns that head an organisation's name before a preposition and a place.
    organisation_heads: &'static [&'static str],
    /// Verbs that report speech ("said", "explique"): who says something is a person, or a
    /// capital speaking for its government.
    speech_verbs: &'static [&'static str],
    /// Nouns that make a place name before them ("West Nile virus", "Lassa fever") or after
    /// them ("virus Zika", "fièvre de Lassa") the name of a disease.
    diseases_after_name: &'static [&'static str],
    diseases_before_name: &'static [&'static str],
}

const DISEASES_EN: &[&str] = &["virus", "viruses", "fever", "flu", "influenza", "disease", "syndrome", "encephalitis", "hemorrhagic", "haemorrhagic"];
const DISEASES_ROMANCE: &[&str] =
    &["virus", "fievre", "grippe", "maladie", "syndrome", "encephalite", "fiebre", "febbre", "febre", "hemorragique", "hemorragica", "emorragica"];

/// Verbs of reported speech, as news writes them around a speaker's name ("Welch said",
/// "said Robertson.", "explique Dupont").
const SPEECH_VERBS_EN: &[&str] = &[
    "said", "says", "told", "added", "explained", "noted", "stated", "recalled", "testified",
    "replied", "insisted", "acknowledged", "wrote", "argued", "admitted",
];
const SPEECH_VERBS_FR: &[&str] = &[
    "declare", "affirme", "explique", "precise", "ajoute", "estime", "souligne", "indique",
    "raconte", "confie", "assure", "reconnait",
];

const TITLES_COMMON: &[&str] = &[
    "mr", "mrs", "ms", "dr", "sir", "lord", "lady", "president", "pres", "gen", "general", "sen",
    "senator", "rep", "gov", "governor", "mayor", "judge", "rev", "sgt", "capt", "col", "lt", "prof",
    "m", "mme", "mlle", "me", "president", "presidente", "ministre", "minister", "sheikh", "cheikh",
    "king", "roi", "queen", "reine", "prince", "princess", "pope", "pape", "st", "coach", "officer",
    "detective", "deputy", "chief", "herr", "frau", "senor", "sr", "sra", "don", "dona", "signor",
];

/// Titles written in lowercase before a name, folded: French writes every title so; English
/// capitalises them, but these few stay titles when a writer does not.
const LOWERCASE_TITLES_FR: &[&str] = &[
    "president", "presidente", "ministre", "general", "marechal", "chancelier", "chanceliere",
    "pape", "roi", "reine", "prince", "princesse", "senateur", "depute", "gouverneur", "cardinal",
    "colonel", "capitaine", "lieutenant", "commandant", "amiral", "docteur", "professeur", "abbe",
    "monseigneur", "cheikh", "emir", "sultan", "imam", "juge", "prefet", "ayatollah", "lord",
    "lady", "sir", "duc", "duchesse", "comte", "comtesse", "baron", "baronne", "marquis",
    "marquise", "vicomte", "archiduc", "empereur", "imperatrice", "tsar", "czar", "kaiser",
    "shah", "negus", "khedive",
];
const LOWERCASE_TITLES_EN: &[&str] = &[
    "president", "senator", "governor", "chancellor", "pope", "king", "queen", "prince",
    "princess", "sheikh", "emir", "sultan", "cardinal", "ayatollah",
];

const DIRECTIONS: &[&str] = &[
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
    "upper", "lower", "greater", "nord", "sud", "est", "ouest", "grand", "haute", "haut", "basse",
    "bas", "norte", "sur", "oeste", "este", "ost", "new", "old", "northeast", "northwest",
    "southeast", "southwest", "northeastern", "northwestern", "southeastern", "southwestern",
    "downtown", "metro", "suburban", "rural", "coastal", "nordeste", "sudeste",
];

/// English compass words, which alone name no one place (see `judge`).
const COMPASS_WORDS: &[&str] = &[
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
    "northeast", "northwest", "southeast", "southwest", "northeastern", "northwestern",
    "southeastern", "southwestern",
];

/// Words that, after a place name, make it the name of a newspaper or a club
/// ("Washington Post", "Ouest-France" is one word and needs none).
const MEDIA_AND_CLUBS: &[&str] = &[
    "post", "times", "herald", "tribune", "journal", "gazette", "chronicle", "daily", "observer",
    "globe", "courier", "examiner", "inquirer", "telegraph", "guardian", "express", "mirror",
    "dispatch", "sentinel", "bulletin", "register", "matin", "soir", "fc", "rovers", "wanderers",
    "athletic", "united", "hotspur", "lakers", "cowboys", "yankees",
];

/// Contractions of a preposition and an article, and the article they hide, per language:
/// "du Caire" → "Le Caire", "au Havre" → "Le Havre", "del Cairo" → "El Cairo".
const CONTRACTIONS: &[(&str, &str, &str)] = &[
    ("fr", "du", "le "),
    ("fr", "au", "le "),
    ("fr", "des", "les "),
    ("fr", "aux", "les "),
    ("es", "del", "el "),
    ("es", "al", "el "),
    ("pt", "do", "o "),
    ("pt", "no", "o "),
    ("pt", "da", "a "),
    ("pt", "na", "a "),
    ("it", "del", "il "),
    ("it", "al", "il "),
];

/// The longest word of [`CONTRACTIONS`], in bytes: a longer token hides no article.
const LONGEST_CONTRACTION: u32 = 3;

fn lexicon(lang: &str) -> Lexicon {
    Lexicon {
        titles: TITLES_COMMON,
        lowercase_titles: match lang {
            "fr" => LOWERCASE_TITLES_FR,
            "en" => LOWERCASE_TITLES_EN,
            _ => &[],
        },
        directions: DIRECTIONS,
        media: MEDIA_AND_CLUBS,
        capitalises_nouns: matches!(lang, "de" | "lb"),
        lowercase_demonyms: matches!(lang, "fr" | "es" | "it" | "pt" | "ca" | "ro" | "nl"),
        capitalised_demonyms: matches!(lang, "en" | "de"),
        organisation_heads: if lang == "fr" { ORGANISATION_HEADS } else { &[] },
        diseases_after_name: if matches!(lang, "en" | "de") { DISEASES_EN } else { &[] },
        diseases_before_name: if matches!(lang, "fr" | "es" | "it" | "pt") { DISEASES_ROMANCE } else { &[] },
        speech_verbs: match lang {
            "en" => SPEECH_VERBS_EN,
            "fr" => SPEECH_VERBS_FR,
            _ => &[],
        },
    }
}

/// Whether a capitalised word comes within the next few words of one name, asked of tokens in
/// increasing order: two cursors (the next capitalised token, the next token that ends a run
/// of joined words) move forward once over the text, instead of a scan ahead per word.
#[derive(Default)]
struct CapitalisedAhead {
    /// The first capitalised token after the last token asked about (`toks.len()` if none).
    next_cap: usize,
    /// The first token at or after the last one asked about that is not joined to the next,
    /// or `next_cap` if that comes first: the run of joined words reaches at least this far.
    next_stop: usize,
}

impl CapitalisedAhead {
    /// A capitalised word follows token `i` within [`MAX_NAME_TOKENS`] words, every word
    /// before it joined to the next. `i` never decreases from one call to the next.
    #[inline]
    fn at(&mut self, toks: &[Token], i: usize) -> bool {
        if self.next_cap <= i {
            self.next_cap = i + 1;
            while self.next_cap < toks.len() && !toks[self.next_cap].is_capitalised() {
                self.next_cap += 1;
            }
        }
        if self.next_stop < i {
            self.next_stop = i;
        }
        while self.next_stop < toks.len() && toks[self.next_stop].after == Sep::Join && self.next_stop < self.next_cap {
            self.next_stop += 1;
        }
        self.next_cap < toks.len() && self.next_cap <= i + MAX_NAME_TOKENS && self.next_cap <= self.next_stop
    }
}

/// The article hidden by a contraction before token `i`, if any.
fn hidden_article(text: &str, toks: &[Token], i: usize, lang: &str, kbuf: &mut String) -> Option<&'static str> {
    // Contractions are short words ([`LONGEST_CONTRACTION`]), in a few languages only.
    if i == 0 || toks[i - 1].after != Sep::Join || !toks[i - 1].is(LOWER) || toks[i - 1].end - toks[i - 1].start > LONGEST_CONTRACTION {
        return None;
    }
    if !CONTRACTIONS.iter().any(|(l, _, _)| *l == lang) {
        return None;
    }
    let key = key_of(toks[i - 1].text(text), kbuf);
    CONTRACTIONS.iter().find(|(l, c, _)| *l == lang && *c == key).map(|(_, _, a)| *a)
}

/// Roman numerals and ordinals written with them ("XIIIe", "XXth"): never places, though
/// some Paris arrondissements have them as alternate names.
fn is_roman_ordinal(word: &str) -> bool {
    let core = word.trim_end_matches(|c: char| c.is_lowercase());
    let suffix = &word[core.len()..];
    if core.is_empty() || !core.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C')) {
        return false;
    }
    // The numeral's value, for the English suffix it takes: "XXIst", "IInd", not "Ind".
    let digit = |c: char| match c {
        'I' => 1,
        'V' => 5,
        'X' => 10,
        'L' => 50,
        _ => 100,
    };
    let ds: Vec<i32> = core.chars().map(digit).collect();
    let n: i32 = ds.iter().enumerate().map(|(i, &d)| if ds.get(i + 1).is_some_and(|&e| e > d) { -d } else { d }).sum();
    let english = match (n % 10, n % 100) {
        (1, r) if r != 11 => "st",
        (2, r) if r != 12 => "nd",
        (3, r) if r != 13 => "rd",
        _ => "th",
    };
    let fits = match suffix {
        "" | "e" | "ème" | "eme" => true,
        "er" => n == 1,
        s => s == english,
    };
    fits && (core.len() > 1 || (matches!(core, "I" | "V" | "X") && !suffix.is_empty()))
}

/// Folds a token's characters into `buf` as name-key bytes (lowercase, no diacritics).
/// Returns false when the token holds nothing foldable.
#[inline]
pub(super) fn fold_into(word: &str, buf: &mut String) -> bool {
    let start = buf.len();
    if word.bytes().all(|b| b.is_ascii_alphanumeric()) {
        buf.push_str(word);
        buf[start..].make_ascii_lowercase();
        return buf.len() > start;
    }
    for c in word.chars() {
        if c.is_ascii_alphanumeric() {
            buf.push(c.to_ascii_lowercase());
        } else if let f @ Folded::Chars(..) = fold_char(c) {
            for &ch in f.chars() {
                buf.push(ch);
            }
        }
    }
    buf.len() > start
}

/// A name-automaton match: tokens `first..=last` and the automaton's value.
#[derive(Clone, Copy, Debug)]
struct Match {
    first: usize,
    last: usize,
    value: u64,
}

/// Every match that starts at token `i`, shortest first, into `out`.
fn matches_from(g: &Gazetteer, lk: &mut Lookups, text: &str, toks: &[Token], i: usize, out: &mut Vec<Match>) {
    matches_with_prefix(g, lk, text, toks, i, b"", out)
}

/// [`matches_from`], with the automaton first fed `prefix` (the article a contraction hides:
/// "du Caire" is "de" + "Le Caire").
fn matches_with_prefix(
    g: &Gazetteer,
    lk: &mut Lookups,
    text: &str,
    toks: &[Token],
    i: usize,
    prefix: &[u8],
    out: &mut Vec<Match>,
) {
    out.clear();
    let fst = g.names_fst();
    let (mut addr, mut acc) = (lk.root(), 0);
    if !prefix.is_empty() {
        let Some((a, out)) = lookups::walk(fst, fst.node(addr), Output::zero(), prefix) else { return };
        (addr, acc) = (a, out.value());
    }
    for j in i..(i + MAX_NAME_TOKENS).min(toks.len()) {
        if j > i && toks[j - 1].after != Sep::Join {
            return;
        }
        let Some(step) = lk.step(g, addr, j > i, toks[j].text(text)) else { return };
        addr = step.addr;
        acc += step.out;
        if let Some(end) = step.end {
            out.push(Match { first: i, last: j, value: acc + end });
        }
        if !step.more {
            return;
        }
    }
}

/// The normalised key of one token (for word lists), allocation-free: the word itself when it
/// is one already (ASCII lowercase letters and digits, as most words of running text are), or
/// folded into `buf`.
fn key_of<'b>(word: &'b str, buf: &'b mut String) -> &'b str {
    if word.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) {
        return word;
    }
    buf.clear();
    fold_into(word, buf);
    buf
}

/// Word frequency of a token's key: the larger of the document language and English (news
/// pages carry English furniture whatever their language).
fn zipf(g: &Gazetteer, lk: &mut Lookups, key: &str, lang: &str) -> (f32, f32) {
    zipf_of(lk.word(g, key), lang)
}

/// [`zipf`] of a word's frequency entry ([`Lookups::word`]), for a caller that holds it.
fn zipf_of(entry: Option<u64>, lang: &str) -> (f32, f32) {
    // Other languages count a little: a German "Montag" in a Spanish paragraph.
    let all = crate::gazetteer::word_zipfs_of(entry);
    let slot = crate::gazetteer::record::word_lang_slot(lang);
    let mut own = 0.0f32;
    let mut others = 0.0f32;
    for (i, z) in all.iter().enumerate() {
        if Some(i) == slot {
            own = *z;
        } else if i != 0 {
            others = others.max(*z);
        }
    }
    (own.max(others * 0.85), all[0])
}

/// A line set in title case ("Fire Destroys Home In Alexandria") or capitals: case says
/// little about names there.
fn title_case_lines(toks: &[Token], text: &str) -> Vec<bool> {
    let mut flags = vec![false; toks.len()];
    let bytes = text.as_bytes();
    // A newline between two tokens (one space, the commonest gap, is none).
    let newline_after = |t: &Token, next: &Token| {
        let gap = &bytes[t.end as usize..next.start as usize];
        gap.len() > 1 && gap.contains(&b'\n') || gap == b"\n"
    };
    let mut s = 0;
    while s < toks.len() {
        // A line runs to the next token whose separator contains a newline.
        let mut e = s;
        while e + 1 < toks.len() && !newline_after(&toks[e], &toks[e + 1]) {
            e += 1;
        }
        // Counted without a branch per word.
        let (mut long, mut caps) = (0, 0);
        for t in &toks[s..=e] {
            let counts = usize::from(t.end - t.start > 3) & usize::from(!t.is(DIGIT));
            long += counts;
            caps += counts & usize::from(t.is(CAP));
        }
        if long >= 4 && caps * 10 >= long * 9 {
            flags[s..=e].iter_mut().for_each(|f| *f = true);
        }
        s = e + 1;
    }
    flags
}

/// Finds the place names and demonyms of `text`, written in `lang` (ISO 639-1, or "" when
/// unknown).
pub fn find(g: &Gazetteer, text: &str, lang: &str) -> Found {
    find_in_tokens(g, text, lang, &tokens::tokens_of(text))
}

/// [`find`] over an already tokenised text.
pub fn find_in_tokens(g: &Gazetteer, text: &str, lang: &str, toks: &[Token]) -> Found {
    let mut found = find_names(g, text, lang, toks);
    found.streets = streets::find(text, lang, toks);
    // A name the gazetteer holds whole ("Blue Ridge Parkway") is a place, not only a street.
    let mentions = &found.mentions;
    found.streets.retain(|s| !mentions.iter().any(|m| m.start <= s.start && s.end <= m.end));
    found
}

/// The place names and demonyms of a text, streets aside.
fn find_names(g: &Gazetteer, text: &str, lang: &str, toks: &[Token]) -> Found {
    lookups::with(g, |lk| {
        let mut ev = Evidence::default();
        let found = find_with(g, lk, text, lang, toks, &mut ev);
        let split = if runs_words_together(toks) { unglue(g, lk, text, lang, toks, &found) } else { None };
        (ev.confirmed, ev.defined) = names_mid_sentence(text, toks, &found);
        // A name the text defines as a place is read again wherever it stands alone.
        let recheck = !ev.defined.is_empty() || ev.doubted.iter().any(|k| ev.confirmed.contains(k));
        if split.is_none() && !recheck {
            return found;
        }
        find_with(g, lk, text, lang, split.as_deref().unwrap_or(toks), &mut ev)
    })
}

/// Some word of the text runs into a capitalised one with nothing between ("laFrance",
/// "547.888France"): the mark of a text whose spaces OCR lost, where a place may also have
/// swallowed the small word after it ("Francesans"). Other texts are not searched for that.
fn runs_words_together(toks: &[Token]) -> bool {
    toks.windows(2).any(|w| w[0].end == w[1].start && w[1].is(CAP))
}

/// What a first reading of the text tells the second.
#[derive(Default)]
struct Evidence {
    /// Keys of words turned down only because they open a sentence, where case says nothing.
    doubted: FxHashSet<String>,
    /// Keys of names the text uses as places in the middle of a sentence, capitalised.
    confirmed: FxHashSet<String>,
    /// Keys of names the text defines as places ("Parker is a city in…"): one of them is
    /// the place wherever it stands alone, though it is also a given name or an acronym.
    defined: FxHashSet<String>,
}

impl Evidence {
    /// Remembers a word turned down only for want of evidence, once.
    fn doubt(&mut self, key: String) {
        self.doubted.insert(key);
    }
}

/// Keys of the single-word places found away from a sentence's start: a word that the text
/// writes as a place there ("à Lille") is a place at the head of a sentence too ("Lille,
/// Musique symphonique"), though it is also a common word. Second, the keys of the names,
/// of one word or more, that the text defines as places ([`defined_as_place`]), which are
/// among the first too.
fn names_mid_sentence(text: &str, toks: &[Token], found: &Found) -> (FxHashSet<String>, FxHashSet<String>) {
    let mut out = FxHashSet::default();
    let mut defined = FxHashSet::default();
    let mut kbuf = String::new();
    for m in &found.mentions {
        let Ok(k) = toks.binary_search_by_key(&(m.start as u32), |t| t.start) else { continue };
        let t = toks[k];
        let last = toks[k..].iter().position(|x| x.end as usize == m.end).map(|d| k + d);
        let is_defined = last.is_some_and(|l| defined_as_place(text, toks, l, &mut kbuf));
        // A name of several words counts only when the text defines it as a place.
        if !is_defined && (t.end as usize != m.end || t.is(SENT_START)) {
            continue;
        }
        let key = key_of(m.surface(text), &mut kbuf);
        if is_defined && !defined.contains(key) {
            defined.insert(key.to_string());
        }
        if !out.contains(key) {
            out.insert(key.to_string());
        }
    }
    (out, defined)
}

/// Words run together where OCR lost a line break or a space: "Strasbourgde parents",
/// "la Francesans", "PARISdu". A capitalised token that is neither a name nor a word, made
/// of a place's name and a frequent lowercase word of the language, is read as the two
/// when the place is prominent or the text names it elsewhere (`found`). Returns the tokens
/// with such words split, or None when there are none (the usual case: nothing is copied).
fn unglue(g: &Gazetteer, lk: &mut Lookups, text: &str, lang: &str, toks: &[Token], found: &Found) -> Option<Vec<Token>> {
    let slot = crate::gazetteer::record::word_lang_slot(lang)?;
    let mut out: Option<Vec<Token>> = None;
    let mut kbuf = String::new();
    let mut named = Named { text, found, keys: None };
    for (i, t) in toks.iter().enumerate() {
        if let Some(at) = glued_at(g, lk, text, slot, t, &mut named, &mut kbuf) {
            tracing::trace!(target: "dateline::places", word = t.text(text), at = at - t.start as usize, "words run together");
            let v = out.get_or_insert_with(|| toks[..i].to_vec());
            let head = text[t.start as usize..at].chars().skip(1);
            let upper = head.clone().all(|c| !c.is_lowercase()) && head.count() >= 1;
            let mut name = Token { end: at as u32, after: Sep::Join, ..*t };
            name.flags = (t.flags & (CAP | SENT_START)) | if upper { UPPER } else { 0 };
            v.push(name);
            v.push(Token { start: at as u32, flags: LOWER, ..*t });
        } else if let Some(v) = out.as_mut() {
            v.push(*t);
        }
    }
    out
}

/// Where a glued token splits into a place's name and a frequent word (see [`unglue`]).
fn glued_at(g: &Gazetteer, lk: &mut Lookups, text: &str, slot: usize, t: &Token, named: &mut Named<'_>, kbuf: &mut String) -> Option<usize> {
    // Most tokens fail the first, cheap tests: short, lowercase, figures, known names.
    if !t.is(CAP) || t.is(DIGIT) || t.end - t.start < 5 {
        return None;
    }
    let word = t.text(text);
    if !word.ends_with(|c: char| c.is_lowercase()) || lk.name(g, word).is_some() {
        return None;
    }
    let zipfs = |lk: &mut Lookups, w: &str, kb: &mut String| crate::gazetteer::word_zipfs_of(lk.word(g, key_of(w, kb)));
    if zipfs(lk, word, kbuf).iter().any(|&z| z >= 2.5) {
        return None;
    }
    // An elided word ("jusqu'", "l'") is cut off by its apostrophe.
    let elided = text[t.end as usize..].starts_with(['\'', '’']);
    // From the shortest word at the end to the longest (a dozen letters).
    for (at, _) in word.char_indices().rev().take(12) {
        let (name, rest) = word.split_at(at);
        if name.chars().count() < 3 {
            break;
        }
        if !rest.chars().all(char::is_lowercase) {
            break;
        }
        // Glue words are function words: frequent, and of one letter only the most frequent
        // ("à", "a"), not an elided article or the end of a surname ("Girard", "Boni-n").
        // After a country or a capital, a common word of three letters or more too ("la
        // Franceentière", "à Parisbail"): such a prefix is rarely chance.
        let z = zipfs(lk, rest, kbuf)[slot];
        let one_letter = rest.chars().nth(1).is_none();
        let common = z >= 4.0 && rest.chars().nth(2).is_some();
        if !(z >= 5.0 || common) || (one_letter && (z < 7.0 || elided)) {
            continue;
        }
        let Some(v) = lk.name(g, name) else { continue };
        let Some(prominence) = lk.readings(g, v).prominence() else { continue };
        if prominence >= 7.0 || (z >= 5.0 && named.contains(key_of(name, kbuf))) {
            return Some(t.start as usize + at);
        }
    }
    None
}

/// The keys of the places a first reading found in a text, gathered when first asked for.
struct Named<'f> {
    text: &'f str,
    found: &'f Found,
    keys: Option<FxHashSet<String>>,
}

impl Named<'_> {
    /// The text names a place with this key.
    fn contains(&mut self, key: &str) -> bool {
        let (text, found) = (self.text, self.found);
        self.keys
            .get_or_insert_with(|| {
                let mut kb = String::new();
                found.mentions.iter().map(|m| key_of(m.surface(text), &mut kb).to_string()).collect()
            })
            .contains(key)
    }
}

fn find_with(g: &Gazetteer, lk: &mut Lookups, text: &str, lang: &str, toks: &[Token], ev: &mut Evidence) -> Found {
    let lex = lexicon(lang);
    let title_case = title_case_lines(toks, text);
    let mut found = Found::default();
    let mut kbuf = String::with_capacity(64);
    let mut matches: Vec<Match> = Vec::with_capacity(MAX_NAME_TOKENS);
    let mut jb = JudgeBufs::default();
    // Keys of words seen as parts of people's or organisations' names: a later lone
    // "Lavrov" is the same person.
    let mut name_parts: NameParts = person_name_parts(g, lk, text, lang, toks, &title_case);

    // Last token of the previous accepted mention, for "Paris, Texas".
    let mut last_match_end: Option<usize> = None;
    let mut caps_ahead = CapitalisedAhead::default();
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i];
        // Demonyms are single words; they are never places. A capitalised word that is also
        // a country's name is the country: French "Suisse" (la Suisse) against "suisse".
        let names_country = lex.lowercase_demonyms && t.is(CAP) && {
            lk.name(g, t.text(text)).is_some_and(|v| lk.readings(g, v).has_country(4))
        };
        // English and German write demonyms with a capital; elsewhere they may be lowercase.
        let demonym_case = |t: &Token| !t.is(DIGIT) && (t.is(CAP) || !lex.capitalised_demonyms);
        // Two words that are one demonym ("North Korean", "nord-coréen", "Costa Rican"): the
        // second alone would name another country, or none.
        if t.after == Sep::Join && !names_country && demonym_case(&t) && toks.get(i + 1).is_some_and(demonym_case) {
            let n = toks[i + 1];
            let d = lk
                .demonym_pair(g, t.text(text), n.text(text))
                .and_then(|v| demonym_mention(g, v, lang, t.start as usize, n.end as usize, text));
            if let Some(d) = d {
                // …unless they open a longer place name ("Central African Republic").
                matches_from(g, lk, text, toks, i, &mut matches);
                if !matches.iter().any(|m| m.last > i + 1) {
                    found.demonyms.push(d);
                    i += 2;
                    continue;
                }
            }
        }
        let may_be_demonym = t.end - t.start >= 3 && demonym_case(&t);
        let mut demonym = None;
        if may_be_demonym && !names_country {
            if let Some(v) = lk.demonym(g, t.text(text)) {
                demonym = demonym_mention(g, v, lang, t.start as usize, t.end as usize, text);
            }
        }
        // A demonym that opens a longer place name ("British Columbia", "French Guiana") is
        // that place's; otherwise it is a demonym.
        if let Some(d) = demonym.take() {
            matches_from(g, lk, text, toks, i, &mut matches);
            if matches.iter().any(|m| m.last > i) {
                demonym = Some(d);
            } else {
                found.demonyms.push(d);
                i += 1;
                continue;
            }
        }
        if t.is(DIGIT) {
            i += 1;
            continue;
        }
        // A name starting with a lowercase word ("bande de Gaza") ends with a capitalised
        // one; most lowercase words start no walk at all.
        // Of three letters, only a word rarer than the language's articles and prepositions
        // ("mer du Nord", "lac Léman", not "the Hague" or "les Amériques").
        if t.is(LOWER)
            && (t.end - t.start < 3
                || !caps_ahead.at(toks, i)
                || (t.end - t.start == 3 && zipf(g, lk, key_of(t.text(text), &mut kbuf), lang).0 >= 6.0))
        {
            i += 1;
            continue;
        }
        matches_from(g, lk, text, toks, i, &mut matches);
        if let Some(article) = hidden_article(text, toks, i, lang, &mut kbuf) {
            matches_with_prefix(g, lk, text, toks, i, article.as_bytes(), &mut jb.next);
            matches.extend_from_slice(&jb.next);
            matches.sort_by_key(|m| m.last);
        }
        // The name follows a place and a comma or a conjunction: the next of a list of places
        // ("Monroe, Trenton and Seven Mile"; "Darfur and Malakal").
        let in_list = last_match_end.is_some_and(|prev| {
            (prev + 1 == i && toks[prev].after == Sep::Comma)
                || (prev + 2 == i
                    && toks[prev].after != Sep::Break
                    && toks[prev].after != Sep::End
                    && toks[prev + 1].after == Sep::Join
                    && one_of(text, &toks[prev + 1], &["and", "or", "et", "ou", "und", "y", "e"], &mut kbuf))
        });
        let mut accepted = None;
        for m in matches.iter().rev() {
            if demonym.is_some() && m.last == i {
                break;
            }
            if let Some(score) = judge(g, lk, text, lang, toks, &title_case, m, &lex, &mut kbuf, &mut jb, &mut name_parts, ev, in_list) {
                accepted = Some((*m, score));
                break;
            }
        }
        let Some((m, score)) = accepted else {
            found.demonyms.extend(demonym);
            i += 1;
            continue;
        };
        // An elided article ("l’Iran", "d'Alep") is not part of the name as reported.
        let elided = m.last > m.first
            && toks[m.first].is(LOWER)
            && toks[m.first].end - toks[m.first].start == 1
            && text[toks[m.first].end as usize..].starts_with(['\'', '’']);
        let start = toks[m.first + usize::from(elided)].start as usize;
        let end = toks[m.last].end as usize;
        let wants = qualifier_before(text, toks, m.first, lang, &mut kbuf)
            .or_else(|| qualifier_after(text, toks, m.last, lang, &mut kbuf))
            .or_else(|| qualifier_ending(text, toks, &m, lang, &mut kbuf))
            .or_else(|| list_qualifier_after(text, toks, m.last, lang, &mut kbuf))
            .or_else(|| definite_article_before(g, lk, text, toks, &m, lang, &mut kbuf));
        // "the White House said": a name that only towns bear, after "the" and standing alone,
        // is no town (towns take no article); a building, a body or a team.
        // Not in a list or a comparison, where the article may belong to a noun further on
        // ("the Gainesville and Lindsay communities", "the Nice of Russia").
        let ends_there = |kbuf: &mut String| {
            toks[m.last].after != Sep::Comma
                && !toks.get(m.last + 1).is_some_and(|t| toks[m.last].after == Sep::Join && one_of(text, t, &["and", "or", "of", "nor"], kbuf))
        };
        if wants == Some(Wants::NotTown) && ends_there(&mut kbuf) && g.postings(m.value).iter().take(8).all(|p| g.kind(p.idx) == Kind::City) {
            tracing::trace!(target: "dateline::places", word = &text[start..end], "not a place: a town's name after \"the\"");
            found.demonyms.extend(demonym);
            i = m.last + 1;
            continue;
        }
        let dateline = m.first == 0 && {
            let rest = &text[end..];
            let rest = rest.trim_start_matches([' ', ',', '\u{00A0}']);
            rest.starts_with('(') || rest.starts_with('–') || rest.starts_with('—') || rest.starts_with("- ")
        } && toks[m.first].is(UPPER);
        // "Paris, Texas": a comma and then a country or first-order division.
        let container_of_prev = last_match_end
            .filter(|&prev_last| prev_last + 1 == m.first && toks[prev_last].after == Sep::Comma)
            .map(|_| found.mentions.len() - 1);
        last_match_end = Some(m.last);
        let idx = found.mentions.len();
        found.mentions.push(Mention { start, end, value: m.value, wants, container: None, dateline, score });
        if let Some(p) = container_of_prev {
            // After a place and a comma, a name that may be a country or first-order division
            // is read as one: what contains the place ("Paris, Texas"; "Ontario, Canada"), or
            // the next of a list of them ("Georgia, Iraq, Iran"; "Illinois, Missouri").
            if g.postings(m.value).iter().any(|p| matches!(g.kind(p.idx), Kind::Country | Kind::Admin1)) {
                found.mentions[idx].wants.get_or_insert(Wants::Container);
                // It contains the place only if it is larger than what the place's name
                // first means: two countries, or two states, are a list, whatever smaller
                // places share their names (Arāk, a city of Iran, is also called "Iraq").
                let larger = match lk.readings(g, found.mentions[p].value).top.map(|(k, _)| k) {
                    Some(Kind::Country) => &[][..],
                    Some(Kind::Admin1) => &[Kind::Country][..],
                    _ => &[Kind::Country, Kind::Admin1][..],
                };
                if g.postings(m.value).iter().any(|p| larger.contains(&g.kind(p.idx))) {
                    found.mentions[p].container = Some(idx);
                }
            }
        }
        i = m.last + 1;
    }
    found
}

/// The demonym at `start..end` of `text`, whose automaton value is `v`, if one of its forms is
/// of the text's language (or English, which news in every language quotes).
fn demonym_mention(g: &Gazetteer, v: u64, lang: &str, start: usize, end: usize, text: &str) -> Option<DemonymMention> {
    let rows: Vec<_> = g.demonym_rows(v).collect();
    if rows.is_empty() || !rows.iter().any(|d| lang.is_empty() || d.lang == lang || d.lang == "en") {
        return None;
    }
    // "American" names the United States more often than American Samoa: among the countries
    // a form can name, take the most populous.
    let best = rows
        .iter()
        .filter(|d| !d.country.is_empty())
        .max_by_key(|d| (d.lang == lang, d.place.is_none(), g.country(d.country).map_or(0, |c| c.population)));
    let country = best.map(|d| d.country.to_string());
    // "Texan", "Dagestani": a form of a place within a country, which a gazetteer of its own
    // (imported from GeoNames) may lack.
    let place = best.and_then(|d| d.place).filter(|&id| g.by_id(id).is_some());
    Some(DemonymMention { start, end, surface: text[start..end].to_string(), country, place })
}

/// Words that the document uses as parts of people's names: in "Tom Hughes" or "said Kristina
/// Hailey", a capitalised word (not a function word) followed by a rare capitalised word,
/// the pair not being a place name itself. A later lone "Hughes" is then the same person.
fn person_name_parts(g: &Gazetteer, lk: &mut Lookups, text: &str, lang: &str, toks: &[Token], title_case: &[bool]) -> NameParts {
    let mut parts = NameParts::default();
    let (mut a_buf, mut b_buf) = (String::new(), String::new());
    let mut ms = Vec::new();
    for i in 0..toks.len().saturating_sub(1) {
        let (a, b) = (toks[i], toks[i + 1]);
        if a.after != Sep::Join || !a.is(CAP) || !b.is(CAP) || a.is(UPPER) || b.is(UPPER) || title_case[i] {
            continue;
        }
        let a_key = key_of(a.text(text), &mut a_buf);
        let a_entry = lk.word(g, a_key);
        let a_given = word_is_first_name(a_entry);
        let (zl, ze) = zipf_of(a_entry, lang);
        // A direction or a qualifier ("Provinz Idlib") before a name makes no person's name.
        // Nor does a common word that is no given name ("Sunday Alexandria Police", "Joins
        // Sochi Mayor Race" in a headline run into the text).
        if (!a_given && zl.max(ze) >= 4.0)
            || DIRECTIONS.contains(&a_key)
            || qualifiers::one_word_prefix_wants(a_key, Some(lang)).is_some()
        {
            continue;
        }
        let b_key = key_of(b.text(text), &mut b_buf);
        let (zl, ze) = zipf(g, lk, b_key, lang);
        if (zl.max(ze) >= 4.0 && !a_given) || qualifiers::suffix_wants(b_key, None).is_some() {
            continue;
        }
        matches_from(g, lk, text, toks, i, &mut ms);
        if ms.iter().any(|m| m.last > i) {
            continue;
        }
        let a_is_place = ms.iter().any(|m| lk.readings(g, m.value).prominence().is_some_and(|p| p >= 4.5));
        if !a_is_place {
            remember_part(&mut parts, a_key, false);
        }
        remember_part(&mut parts, b_key, a_given);
    }
    parts
}

/// Nouns that head the name of a company or an institution named after a place, in French:
/// "Banque de France", "Gaz de Paris", "Crédit foncier d'Algérie", "Collège de France".
/// Buildings ("Théâtre de Paris", "Gare de Lyon") are places of their own and not listed.
const ORGANISATION_HEADS: &[&str] = &[
    "banque", "credit", "caisse", "comptoir", "compagnie", "cie", "societe", "ste", "soc", "gaz",
    "electricite", "elect", "federation", "union", "syndicat", "college", "faculte", "universite",
    "academie", "institut", "journal", "gazette", "tribunal", "cour", "chambre", "prefecture",
    "archeveche", "eveche", "moulins", "forges", "acieries", "mines", "chemins", "omnibus",
];

/// True when the name at token `first` completes an organisation's name: a capitalised head
/// noun (or one followed by a capitalised adjective, "Crédit Foncier") and a preposition
/// ("de", "d'", "du", "de la") before it.
fn in_organisation_name(text: &str, toks: &[Token], first: usize, lex: &Lexicon, kbuf: &mut String) -> bool {
    if lex.organisation_heads.is_empty() {
        return false;
    }
    let joined = |k: usize| toks[k].after == Sep::Join;
    let mut k = first;
    // The preposition, and the article after it ("de la Seine").
    if k == 0 || !joined(k - 1) {
        return false;
    }
    k -= 1;
    if matches!(key_of(toks[k].text(text), kbuf), "la" | "l") && k > 0 && joined(k - 1) {
        k -= 1;
    }
    if !matches!(key_of(toks[k].text(text), kbuf), "de" | "d" | "du" | "des") || k == 0 || !joined(k - 1) {
        return false;
    }
    // The head noun, right before the preposition ("Banque de") or before a capitalised
    // word that qualifies it ("Crédit Foncier d'").
    let mut head = |j: usize| toks[j].is_capitalised() && lex.organisation_heads.contains(&key_of(toks[j].text(text), kbuf));
    head(k - 1) || (k >= 2 && toks[k - 1].is_capitalised() && joined(k - 2) && head(k - 2))
}

/// Civil titles that go before a surname with a nobiliary particle ("M. de Bismarck"). Not
/// ranks such as "duc" or "reine": "la reine d'Espagne" names the country too.
const CIVIL_TITLES: &[&str] = &["m", "mm", "mme", "mmes", "mlle", "mlles", "mr", "mrs", "herr", "frau"];

/// Nobiliary particles, lowercase, between a title and a surname.
const PARTICLES: &[&str] = &["de", "d", "du", "des", "von", "van", "dos", "da", "di", "del", "della"];

/// Words that introduce a place ("in", "à", "near"), in the languages Dateline reads.
const LOCATIVES: &[&str] = &[
    "in", "at", "near", "from", "to", "outside", "a", "en", "dans", "pres", "vers", "depuis", "nach",
    "bei", "aus", "desde", "em", "na", "no", "nel", "nella", "da",
];

/// The [`LOCATIVES`] that introduce only places, never persons ("to" and "from", "à", take
/// both): after one of them a name taken for part of a person's name is the place.
const PLACE_ONLY_LOCATIVES: &[&str] = &["in", "at", "near", "outside", "dans", "pres", "en"];

/// True when token `first` stands between "the" and a lowercase word, as a noun's modifier
/// ("the Augusta psychiatric hospital", "the Madison area"): a place or a body, not a person.
fn attributive(text: &str, toks: &[Token], first: usize, kbuf: &mut String) -> bool {
    toks[first].after == Sep::Join && toks.get(first + 1).is_some_and(|t| t.is(LOWER)) && word_before(text, toks, first, kbuf) == Some("the")
}

/// True when a locative word stands right before token `first`.
fn after_locative(text: &str, toks: &[Token], first: usize, kbuf: &mut String) -> bool {
    word_before(text, toks, first, kbuf).is_some_and(|k| LOCATIVES.contains(&k))
}

/// The name `m` says something: a verb of speech right after it, or right before it when
/// the name ends the clause ("…," said Welch.; « … », explique Dupont.), not when it
/// qualifies what follows ("said Avondale Mayor Ed Rieker").
fn speaks(text: &str, toks: &[Token], m: &Match, lex: &Lexicon, kbuf: &mut String) -> bool {
    if lex.speech_verbs.is_empty() {
        return false;
    }
    let verb_after = toks[m.last].after == Sep::Join && toks.get(m.last + 1).is_some_and(|n| one_of(text, n, lex.speech_verbs, kbuf));
    let ends_clause = toks[m.last].after != Sep::Join;
    verb_after || (ends_clause && word_before(text, toks, m.first, kbuf).is_some_and(|k| lex.speech_verbs.contains(&k)))
}

/// The name `m` is part of a disease's name: "West Nile virus", "Rift Valley fever" (a
/// noun after it), "virus Zika", "fièvre de Lassa", "maladie de Lyme" (a noun before it,
/// with or without a preposition).
fn names_disease(text: &str, toks: &[Token], m: &Match, lex: &Lexicon, kbuf: &mut String) -> bool {
    let after = toks[m.last].after == Sep::Join && toks.get(m.last + 1).is_some_and(|n| one_of(text, n, lex.diseases_after_name, kbuf));
    if after || lex.diseases_before_name.is_empty() {
        return after;
    }
    let joined_before = |k: usize| k > 0 && toks[k - 1].after == Sep::Join;
    let mut k = m.first;
    if joined_before(k) && one_of(text, &toks[k - 1], &["de", "du", "d", "del", "di", "do", "da"], kbuf) {
        k -= 1;
    }
    joined_before(k) && one_of(text, &toks[k - 1], lex.diseases_before_name, kbuf)
}

/// "Michael Durr, of Trenton", "Jane Roe, 34, of Flemington": after a comma, English "of"
/// says where the person named before it lives.
fn residence_after_comma(text: &str, toks: &[Token], first: usize, kbuf: &mut String) -> bool {
    first >= 2 && toks[first - 2].after == Sep::Comma && word_before(text, toks, first, kbuf) == Some("of")
}

/// Lowercase words that link the parts of a place's name ("Bouches-du-Rhône", "Rio de
/// Janeiro", "Stratford-upon-Avon", "Frankfurt am Main"). Not the English "of": "City of
/// Richmond" is better read as the qualifier "city of" and the name.
const NAME_LINKS: &[&str] = &[
    "de", "du", "des", "d", "la", "le", "les", "l", "et", "sur", "sous", "en", "lez",
    "aux", "au", "upon", "y", "del", "di", "da", "do", "dos", "das", "am", "im", "an", "der",
    "den", "bei", "ob",
];

/// Verbs "to be", in the languages Dateline reads, as they define what a name is ("Clinton
/// is a city", "Oloron est une commune").
const COPULAS: &[&str] = &["is", "was", "est", "etait", "es", "ist", "war", "e"];

/// Articles that may open the definition.
const DEFINITION_ARTICLES: &[&str] = &["a", "an", "the", "un", "une", "la", "le", "el", "una", "ein", "eine", "uno", "um", "uma"];

/// Nouns that say a name is a place, after a copula and an article.
const PLACE_NOUNS: &[&str] = &[
    "city", "town", "village", "hamlet", "municipality", "borough", "township", "county", "parish",
    "district", "region", "province", "state", "country", "island", "commune", "community",
    "suburb", "neighborhood", "neighbourhood", "settlement", "port", "capital", "locality",
    "resort", "ville", "localite", "bourg", "hameau", "departement", "ile", "capitale", "cite",
    "ciudad", "pueblo", "municipio", "localidad", "stadt", "gemeinde", "dorf", "citta", "comune",
    "cidade", "vila", "freguesia", "seat",
];

/// Words that may follow the place noun of a definition, which they complete ("a city in",
/// "a town of", "une commune située"); any other word makes the noun a modifier ("a city boy").
const AFTER_PLACE_NOUN: &[&str] = &[
    "in", "of", "on", "near", "located", "situated", "at", "and", "with", "that", "which", "within",
    "founded", "along", "about", "north", "south", "east", "west", "northeast", "northwest",
    "southeast", "southwest", "de", "du", "des", "d", "dans", "situee", "situe", "en", "a", "pres",
    "au", "et", "qui", "del", "im", "am", "der", "di", "da", "do", "della", "y", "e", "und",
];

/// Most words of an apposition between the name and its definition.
const APPOSITION_TOKENS: usize = 16;

/// Most words between the article and the place noun ("a small census-designated", "a
/// fifth class").
const DEFINITION_WORDS: usize = 4;

/// Token `t` is a copula that a definition goes on after. Copulas are short lowercase words:
/// most words are ruled out before they are folded.
fn is_copula(text: &str, t: &Token, kbuf: &mut String) -> bool {
    t.is(LOWER) && t.end - t.start <= 5 && t.after == Sep::Join && COPULAS.contains(&key_of(t.text(text), kbuf))
}

/// The sentence defines the name ending at token `last` as a place: a copula, an article
/// and a place noun follow it, with at most a few lowercase words or figures between them
/// ("Santa Maria is a third-class municipality", "Clinton (Oklahoma) is a city in…",
/// "Gloria, officially the Municipality of Gloria, is a…", "Oloron est une commune").
/// Encyclopaedic writing opens so; no person or common word is defined so.
fn defined_as_place(text: &str, toks: &[Token], last: usize, kbuf: &mut String) -> bool {
    let mut k = last + 1;
    // A parenthesis right after the name ("Santa Maria (formerly Imelda) is…").
    let after = &text[toks[last].end as usize..];
    if after.starts_with(" (") || after.starts_with('(') {
        let Some(close) = after.get(..after.len().min(300)).and_then(|a| a.find(')')) else { return false };
        let close = toks[last].end as usize + close;
        k = toks[k..].iter().position(|t| t.start as usize > close).map_or(toks.len(), |d| k + d);
    } else if toks[last].after == Sep::Comma {
        // An apposition between commas ("Gloria, officially the Municipality of Gloria, is…").
        let end = toks.len().min(k + APPOSITION_TOKENS);
        let close = (k..end).find(|&j| toks[j].after == Sep::Comma && toks.get(j + 1).is_some_and(|c| is_copula(text, c, kbuf)));
        let Some(close) = close else { return false };
        k = close + 1;
    } else if toks[last].after != Sep::Join {
        return false;
    }
    if !toks.get(k).is_some_and(|cop| is_copula(text, cop, kbuf)) {
        return false;
    }
    k += 1;
    if toks.get(k).is_some_and(|t| t.is(LOWER) && DEFINITION_ARTICLES.contains(&key_of(t.text(text), kbuf))) {
        k += 1;
    } else {
        return false;
    }
    for j in k..toks.len().min(k + DEFINITION_WORDS + 2) {
        let t = toks[j];
        if !(t.is(LOWER) || t.is(DIGIT)) {
            return false;
        }
        if PLACE_NOUNS.contains(&key_of(t.text(text), kbuf)) {
            let next = toks.get(j + 1).filter(|_| t.after == Sep::Join);
            if next.is_none_or(|n| AFTER_PLACE_NOUN.contains(&key_of(n.text(text), kbuf))) {
                return true;
            }
        }
        if t.after != Sep::Join {
            return false;
        }
    }
    false
}

/// The key of the word right before token `first`, when nothing but a space (or a joining
/// mark) stands between them.
fn word_before<'b>(text: &'b str, toks: &[Token], first: usize, kbuf: &'b mut String) -> Option<&'b str> {
    let prev = toks[..first].last().filter(|t| t.after == Sep::Join)?;
    Some(key_of(prev.text(text), kbuf))
}

fn is_title(key: &str, lex: &Lexicon) -> bool {
    lex.titles.contains(&key)
}

/// Buffers the judge reuses from one match to the next, so that judging allocates nothing.
#[derive(Default)]
struct JudgeBufs {
    /// The key of the word being judged, or of the word before it.
    key: String,
    /// The matches that start after the name (or, before judging, with a hidden article).
    next: Vec<Match>,
}

/// Decides whether a match is a place name here; Some(confidence) if it is.
#[allow(clippy::too_many_arguments)]
fn judge(
    g: &Gazetteer,
    lk: &mut Lookups,
    text: &str,
    lang: &str,
    toks: &[Token],
    title_case: &[bool],
    m: &Match,
    lex: &Lexicon,
    kbuf: &mut String,
    jb: &mut JudgeBufs,
    name_parts: &mut NameParts,
    ev: &mut Evidence,
    in_list: bool,
) -> Option<f32> {
    let first = toks[m.first];
    let last = toks[m.last];
    let single = m.first == m.last;
    let readings = lk.readings(g, m.value);
    let (top_kind, prominence) = readings.top?;
    let has_country = readings.has_country(8);
    let in_title_line = title_case[m.first];

    // Case.
    if first.is(LOWER) {
        // "bande de Gaza", "plateau du Golan": lowercase head, capitalised name, a region.
        let ok = !single
            && last.is_capitalised()
            && matches!(top_kind, Kind::Region | Kind::Admin1 | Kind::Admin2 | Kind::Country);
        if !ok {
            return None;
        }
    }
    if !first.is_capitalised() && !first.is(LOWER) {
        return None;
    }
    let word = first.text(text);
    // "US$2 million", "HK$", "NZ$": a country's letters before a dollar sign are its currency.
    let rest = &text[last.end as usize..];
    if rest.starts_with('$') {
        return reject("a currency", word);
    }
    // "Don't", "Won’t": a verb before its negation, contracted.
    let negation = rest.strip_prefix("'t").or_else(|| rest.strip_prefix("’t"));
    if single && negation.is_some_and(|after| !after.starts_with(char::is_alphanumeric)) {
        return reject("a contracted verb", word);
    }
    // A word in capitals beside another ("PRIX DU PAIN").
    let caps_around = || (m.first > 0 && toks[m.first - 1].is(UPPER)) || toks.get(m.first + 1).is_some_and(|t| t.is(UPPER));
    if single && first.is(UPPER) && word.chars().count() <= 3 {
        // Acronyms: only countries ("US", "UK", "RDC") and states are taken, and not among
        // words set in capitals, where "DU" is a word.
        let key = key_of(word, kbuf).to_string();
        if (in_title_line || caps_around()) && g.word_zipf(&key, lang) >= 4.0 {
            return reject("word in a line of capitals", word);
        }
        // A state's press abbreviation ("NSW", "QLD") is the state, unless it is also a word
        // ("ACT", the French "EST", "VA").
        let state = top_kind == Kind::Admin1 && prominence >= 6.0 && zipf(g, lk, &key, lang).0 < 4.0;
        return if has_country || state { Some(0.8) } else { reject("acronym", word) };
    }
    // A word in capitals amid lowercase text is an organisation's acronym ("NATO", "OPEC",
    // "UNICEF") unless it names a prominent place, or opens a line or a dateline
    // ("MORGANTOWN, W.Va.", "NEWARK --"), where news sets town names in capitals.
    if single
        && first.is(UPPER)
        && !first.is(SENT_START)
        && !in_title_line
        && first.after != Sep::Comma
        && !rest.trim_start().starts_with(['-', '–', '—', '\u{97}', '('])
        && !caps_around()
        && prominence < 6.0
    {
        return reject("an acronym in capitals", word);
    }
    // "Clinton is a city in…": the text itself says what the name is.
    if defined_as_place(text, toks, m.last, kbuf) {
        return Some(0.8);
    }
    if single && is_roman_ordinal(word) {
        return reject("roman numeral", word);
    }
    // A single letter is never a place name by itself.
    if single && word.chars().count() < 2 {
        return None;
    }

    if names_disease(text, toks, m, lex, kbuf) {
        // The disease goes on alone ("imported Marburg"): one name, one sense.
        if single {
            remember_part(name_parts, key_of(word, kbuf), false);
        }
        return reject("the name of a disease", word);
    }

    // Common words. Word frequencies count every use of a word, the place's own included,
    // so they are weighed against how prominent the place is: "Texas" is frequent because the
    // state is; "Thursday", "Council" and "Hall" are frequent whatever the places so named.
    if single {
        let key: &str = key_of(word, &mut jb.key);
        // A kind of place alone ("the City Council", "the Region") is no name, whatever
        // place lists it among its other names; nor, in English, a bare compass word ("the
        // North", "East Central Regional Hospital"), which names a direction or a part of
        // something, not one place (French writes "le Nord" for its département).
        if qualifiers::suffix_wants(key, None).is_some() || qualifiers::prefix_head_wants(key, None).is_some() {
            return reject("a kind of place, not a name", word);
        }
        if lang == "en" && COMPASS_WORDS.contains(&key) {
            return reject("a compass word", word);
        }
        let entry = lk.word(g, key);
        let (z_lang, z_en) = zipf_of(entry, lang);
        let z = z_lang.max(z_en * 0.9) as f64;
        let sentence_initial = first.is(SENT_START) || in_title_line;
        // Words as frequent as "de", "car" or "us": only the primary name of a prominent
        // place ("France") survives.
        let top_primary = readings.top_primary;
        if z >= 6.0 && !(top_primary && prominence >= z + 2.0) {
            return reject("function word", word);
        }
        // A short alternate name is mostly an acronym ("CAR" for the Central African
        // Republic): written as a word ("Car, il y aura", "Car bombs"), it is the word. An
        // abbreviation ("Ky.", "Pa.") is written with its period.
        let abbreviation = text[first.end as usize..].starts_with('.');
        if !top_primary && !first.is(UPPER) && !abbreviation && word.chars().count() <= 3 && z >= 3.0 && !ev.defined.contains(key) {
            return reject("an acronym written as a word", word);
        }
        // A correspondent's dateline inside the text ("Lyon, 13 avril. —", "Marseille, 14
        // janvier") opens a sentence with the place, a comma and a day.
        // Some print it with no comma ("Lyon 14 janvier. —").
        let day_month = || {
            first.after == Sep::Join
                && toks.get(m.first + 1).is_some_and(|t| t.is(DIGIT) && t.end - t.start <= 2 && t.after == Sep::Join)
                && toks.get(m.first + 2).is_some_and(|t| super::dates::is_month(t.text(text)))
                && !super::dates::is_weekday(word)
        };
        // An abbreviation before the comma ("Pop., 307") is no place's.
        let dateline = (first.after == Sep::Comma && text[first.end as usize..].starts_with(',') && toks.get(m.first + 1).is_some_and(|t| t.is(DIGIT)))
            || day_month();
        if sentence_initial && !dateline && z >= 4.0 && prominence < z + 2.0 && !ev.confirmed.contains(key) {
            ev.doubt(key.to_string());
            return reject("common word at sentence start", word);
        }
        // A division or region named by a common word keeps its capital and its article in
        // French ("dans la Somme", "la Marne", "la Manche"): there it is the division.
        let article_division = |kbuf: &mut String| {
            lang == "fr"
                && !first.is(UPPER)
                && matches!(top_kind, Kind::Admin1 | Kind::Admin2 | Kind::Region)
                && matches!(word_before(text, toks, m.first, kbuf), Some("la" | "le" | "les"))
        };
        if !sentence_initial && z >= 4.4 && prominence < z && !article_division(kbuf) {
            return reject("common word", word);
        }
        // A word in use ("Taliban", "Drug", "Tour") that names only a town, and only as one of
        // its alternate names, means the word. Towns of up to a few hundred thousand people
        // count here (Durg, Tours); a city more prominent than that keeps its other names.
        let any_primary = readings.any_primary;
        if !any_primary && z >= 3.0 && prominence < (z + 1.0).min(6.0) {
            return reject("a word that is only an alternate name", word);
        }
        // Unless the text itself writes the word as a place elsewhere: one name, one sense.
        // A locative word before it ("near Esperance", after "Esperance Lakes" was read as
        // a person's name) says it is the place here, and so, one name one sense, wherever
        // else the text uses it alone.
        // The name must be what the word introduces, not a possessive that qualifies the
        // noun after it ("in Flores' honor").
        let ends_phrase = !text[last.end as usize..].starts_with(['\'', '’']);
        let located = ends_phrase && word_before(text, toks, m.first, kbuf).is_some_and(|k| PLACE_ONLY_LOCATIVES.contains(&k));
        // A prominent place outweighs a namesake ("Michael Jordan"), unless the name is
        // only another name of a country, borne by someone a given name or a title
        // introduced ("François Hollande").
        let namesake = name_parts.get(key).is_some_and(|&surname| {
            prominence < 7.0 || (surname && !top_primary && top_kind == Kind::Country)
        });
        if namesake && !ev.confirmed.contains(key) && !located && !in_list {
            ev.doubt(key.to_string());
            return reject("seen as part of a person's name", word);
        }
        // A lone given name ("Gaston a dit", "Kristina said") is a person unless the place is
        // prominent or a locative word introduces it ("in Florence").
        // A correspondent's dateline ("Nancy, 14 janvier. —") names a place too.
        let dated = dateline
            && toks[m.first + 1].after == Sep::Join
            && toks.get(m.first + 2).is_some_and(|t| super::dates::is_month(t.text(text)));
        // Nor is it one before a plural qualifier ("Jackson and Madison counties") or between
        // "the" and a noun it qualifies ("the Augusta psychiatric hospital").
        if word_is_first_name(entry)
            && prominence < 5.5
            && !ev.defined.contains(key)
            && !dated
            && !after_locative(text, toks, m.first, kbuf)
            && !residence_after_comma(text, toks, m.first, kbuf)
            && !in_list
            && !attributive(text, toks, m.first, kbuf)
            && list_qualifier_after(text, toks, m.last, lang, kbuf).is_none()
        {
            return reject("a given name", word);
        }
        // Who says something ("Robertson said", "said Welch.", "explique Dupont") is a
        // person, unless the place is a division or a city prominent enough to speak for
        // its government ("Tessin déclare", "Moscou affirme", "Washington said"), or ends the
        // speaker's description ("a nurse in Austin told", "the mayor of Tyler said").
        if prominence < 5.5
            && matches!(top_kind, Kind::City | Kind::Admin2)
            && !after_locative(text, toks, m.first, kbuf)
            && !matches!(word_before(text, toks, m.first, kbuf), Some("of" | "de" | "d"))
            && speaks(text, toks, m, lex, kbuf)
        {
            return reject("a speaker", word);
        }
    }

    // Names made of common words ("The City", "White House", "Main Street") need the
    // place to be more prominent than its words are common.
    // Not so when the last word is the kind of place the name is ("Walker County", "Jefferson
    // Parish"): a word before "County" is the county's name, however common.
    let qualified = qualifier_ending(text, toks, m, lang, kbuf).is_some_and(|w| w.fit(top_kind) >= 1.0);
    if !single && !qualified {
        let mut min_z = f64::MAX;
        let mut any_lower = false;
        for t in &toks[m.first..=m.last] {
            let key = key_of(t.text(text), kbuf);
            let (zl, ze) = zipf(g, lk, key, lang);
            min_z = min_z.min(zl.max(ze * 0.9) as f64);
            // A linking word inside a name ("Bouches-du-Rhône", "Stratford-upon-Avon") is
            // how the name is written, not a sign of a common phrase.
            any_lower |= t.is(LOWER) && !NAME_LINKS.contains(&key);
        }
        let weak_case = first.is(SENT_START) || in_title_line || any_lower;
        if min_z >= 4.0 && weak_case && prominence < min_z + 2.0 {
            return reject("common words at sentence start", word);
        }
        if min_z >= 4.4 && prominence < min_z {
            return reject("common words", word);
        }
    }

    // Titles before: "M. Lavrov", "President Assad", "Gov. Jindal".
    if m.first > 0 && toks[m.first - 1].after == Sep::Join {
        let prev_key: &str = key_of(toks[m.first - 1].text(text), &mut jb.key);
        let prev = toks[m.first - 1];
        let titled = (prev.is_capitalised() && is_title(prev_key, lex)) || ((prev.is(LOWER) || prev.is(SENT_START)) && lex.lowercase_titles.contains(&prev_key));
        if titled {
            remember_name(text, toks, m, kbuf, name_parts, true);
            return reject("after a title", word);
        }
        // "M. de Bismarck", "Mme de Staël", "Mr. van Buren": a civil title and a nobiliary
        // particle make a surname of the name that follows.
        if m.first > 1 && PARTICLES.contains(&prev_key) && toks[m.first - 2].after == Sep::Join {
            let title = toks[m.first - 2];
            if title.is(CAP) && CIVIL_TITLES.contains(&key_of(title.text(text), kbuf)) {
                remember_name(text, toks, m, kbuf, name_parts, true);
                return reject("after a title and a particle", word);
            }
            // A given name and a particle do too ("John dos Passos", "Leonardo da Vinci"),
            // unless the name is a country's: "Marie de Roumanie" names Romania as well.
            let given = title.is(CAP) && !title.is(UPPER) && toks[m.first - 1].is(LOWER);
            if given && !has_country && prominence < 7.0 && word_is_first_name(lk.word(g, key_of(title.text(text), kbuf))) {
                remember_name(text, toks, m, kbuf, name_parts, true);
                return reject("after a given name and a particle", word);
            }
        }
        if in_organisation_name(text, toks, m.first, lex, kbuf) {
            return reject("in an organisation's name", word);
        }
    }

    // Part of a longer proper name. A capitalised word before the name makes it a person's
    // or an organisation's name ("Sergueï Lavrov", "Brita Hali Hasan"), unless it is a
    // direction ("Northeast Georgia"). A capitalised word after it is either a rare word (a
    // surname: not a place) or a common noun that the place qualifies ("Texas Department of
    // Health", "Paris High School": still a place); a second place name right after it
    // ("Paris Saint-Germain") makes both a club's name.
    if !in_title_line {
        // The word's key is left in `kb`.
        let name_word = |k: usize, kb: &mut String, lk: &mut Lookups| -> Option<f64> {
            let n = toks[k];
            if !n.is(CAP) || n.is(DIGIT) {
                return None;
            }
            kb.clear();
            fold_into(n.text(text), kb);
            let key = kb.as_str();
            let entry = lk.word(g, key);
            // A given name makes what follows a person's name ("Tom Hughes", "Maria Lima").
            if word_is_first_name(entry) && !lex.directions.contains(&key) {
                return Some(0.0);
            }
            let (zl, ze) = zipf_of(entry, lang);
            let z = zl.max(ze) as f64;
            // A sentence-initial function word ("In Aleppo", "Selon Moscou") is not a name,
            // nor is a very frequent word of the language anywhere: OCR loses the stop before
            // "Le Japon", and old print writes "A Paris" for "à Paris". An initial ("A.
            // Dirac") is a name word; words in capitals are seen to below.
            let initial = n.text(text).chars().nth(1).is_none() && text[n.end as usize..].starts_with('.');
            if (n.is(SENT_START) && z >= 5.0) || (zl >= 6.0 && !n.is(UPPER) && !initial) {
                return None;
            }
            Some(z)
        };
        if m.first > 0 && toks[m.first - 1].after == Sep::Join {
            // Nor is a function word in a run of capitals ("BOURSE DE PARIS"), where case
            // says nothing: there only a prominent place or a name of several words is taken
            // ("AU MASTIC DE CHIO" is no place).
            let heading_word = m.first > 1
                && toks[m.first - 1].is(UPPER)
                && toks[m.first - 2].is(UPPER)
                && toks[m.first - 2].after == Sep::Join
                && (!single || prominence >= 6.0)
                && {
                    let (zl, ze) = zipf(g, lk, key_of(toks[m.first - 1].text(text), kbuf), lang);
                    zl.max(ze) >= 5.0
                };
            if let Some(z) = name_word(m.first - 1, &mut jb.key, lk).filter(|_| !heading_word) {
                // German capitalises every noun: only a rare word there is a name.
                let noun = lex.capitalises_nouns && z >= 3.5;
                if !lex.directions.contains(&jb.key.as_str()) && !noun {
                    let given = word_is_first_name(lk.word(g, key_of(toks[m.first - 1].text(text), kbuf)));
                    remember_name(text, toks, m, kbuf, name_parts, given);
                    return reject("after a capitalised word", word);
                }
            }
        }
        if m.last + 1 < toks.len() && last.after == Sep::Join {
            if let Some(z) = name_word(m.last + 1, &mut jb.key, lk) {
                if lex.media.contains(&jb.key.as_str()) {
                    return reject("name of a newspaper or a club", word);
                }
                let qualifier = qualifiers::suffix_wants(&jb.key, None).is_some();
                let next_matches = &mut jb.next;
                matches_from(g, lk, text, toks, m.last + 1, next_matches);
                // A common word that is also some town's name ("Gainesville Police") is the
                // word.
                let next_is_place = !qualifier
                    && next_matches.iter().any(|nm| {
                        nm.last > nm.first
                            || (z < 4.4 && lk.readings(g, nm.value).prominence().is_some_and(|p| p >= 4.5))
                    });
                if next_is_place {
                    return reject("next to another place name", word);
                }
                // No surname follows a division's full name ("Walker County Fairgrounds").
                if !qualifier && !qualified && z < 4.0 && !(lex.capitalises_nouns && z >= 3.0) {
                    remember_name(text, toks, m, kbuf, name_parts, false);
                    return reject("before a rare capitalised word", word);
                }
            }
        }
    }

    let mut score: f32 = 0.6;
    if !single {
        score += 0.2;
    }
    if prominence > 6.0 {
        score += 0.15;
    }
    if first.is(SENT_START) {
        score -= 0.1;
    }
    Some(score.clamp(0.05, 0.99))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cursors_answer_as_a_scan_ahead_of_each_word_does() {
        let text = "the mayor of the city of New York and a man from paris, then Lyon. it was in the \
                    north of a land far away from anything at all Berlin; x y Z\nnew line";
        let toks = tokens::tokens_of(text);
        let scan = |i: usize| {
            let mut j = i;
            while j + 1 < toks.len() && j < i + MAX_NAME_TOKENS && toks[j].after == Sep::Join {
                j += 1;
                if toks[j].is_capitalised() {
                    return true;
                }
            }
            false
        };
        // Every token in turn, and tokens skipped as the matcher skips past a name.
        for step in [1, 2, 3, 5] {
            let mut ahead = CapitalisedAhead::default();
            for i in (0..toks.len()).step_by(step) {
                assert_eq!(ahead.at(&toks, i), scan(i), "token {i} ({}), every {step}", toks[i].text(text));
            }
        }
        assert!((0..toks.len()).any(scan) && !(0..toks.len()).all(scan));
    }

    #[test]
    fn a_word_s_key_is_the_word_when_it_is_one_already() {
        let mut buf = String::new();
        let word = "said";
        assert!(std::ptr::eq(key_of(word, &mut buf), word));
        assert_eq!(key_of("Genève", &mut buf), "geneve");
        assert_eq!(key_of("B52", &mut buf), "b52");
        assert_eq!(key_of("1986", &mut buf), "1986");
    }

    #[test]
    fn roman_ordinals() {
        assert!(super::is_roman_ordinal("XIIIe"));
        assert!(super::is_roman_ordinal("XX"));
        assert!(super::is_roman_ordinal("IVth"));
        assert!(!super::is_roman_ordinal("Vic"));
        assert!(!super::is_roman_ordinal("I"));
        assert!(!super::is_roman_ordinal("Lille"));
        assert!(!super::is_roman_ordinal("Le"));
        assert!(!super::is_roman_ordinal("Ce"));
        assert!(super::is_roman_ordinal("IInd") && super::is_roman_ordinal("XXIst") && super::is_roman_ordinal("Ier"));
        assert!(!super::is_roman_ordinal("Ind"), "Indiana's abbreviation");
        assert!(!super::is_roman_ordinal("XIst"));
    }

    #[test]
    fn no_contraction_is_longer_than_the_bound_that_skips_long_words() {
        for (_, word, _) in super::CONTRACTIONS {
            assert!(word.len() as u32 <= super::LONGEST_CONTRACTION, "{word}");
        }
    }
}

#[inline]
fn reject(why: &str, word: &str) -> Option<f32> {
    tracing::trace!(target: "dateline::places", word, why, "not a place");
    None
}

/// The words of the text seen in persons' names, each with whether a given name or a title
/// stood right before it ("François Hollande", "le président Hollande"): such a word is a
/// surname for sure.
type NameParts = FxHashMap<String, bool>;

fn remember_part(parts: &mut NameParts, key: &str, surname: bool) {
    match parts.get_mut(key) {
        Some(s) => *s |= surname,
        None => {
            parts.insert(key.to_string(), surname);
        }
    }
}

fn remember_name(text: &str, toks: &[Token], m: &Match, kbuf: &mut String, name_parts: &mut NameParts, surname: bool) {
    for t in &toks[m.first..=m.last] {
        remember_part(name_parts, key_of(t.text(text), kbuf), surname);
    }
}

/// A qualifier in the three words before token `first`: "province d'", "la province
/// rebelle d'", "la ville de".
fn qualifier_before(text: &str, toks: &[Token], first: usize, lang: &str, kbuf: &mut String) -> Option<Wants> {
    let lang = (!lang.is_empty()).then_some(lang);
    for back in 1..=3 {
        if first < back {
            break;
        }
        let k = first - back;
        if toks[k].after == Sep::End || toks[k].after == Sep::Break {
            break;
        }
        // A qualifier's first word within three words before the name ("province d'",
        // "la province rebelle d'").
        if let Some(w) = qualifiers::prefix_head_wants(key_of(toks[k].text(text), kbuf), lang) {
            return Some(w);
        }
    }
    None
}

/// The division a name of several words ends with: "Walker County", "Washington state". Not
/// "City", which belongs to the name of the place itself as often as not ("Dublin City" is the
/// Irish council area, "Kansas City" no Kansas).
fn qualifier_ending(text: &str, toks: &[Token], m: &Match, lang: &str, kbuf: &mut String) -> Option<Wants> {
    if m.first == m.last {
        return None;
    }
    qualifiers::suffix_wants(key_of(toks[m.last].text(text), kbuf), (!lang.is_empty()).then_some(lang)).filter(|w| *w != Wants::City)
}

/// A plural qualifier after the list that the name at token `last` belongs to: "Barrow,
/// Jackson and Madison counties" makes each of the three a county.
fn list_qualifier_after(text: &str, toks: &[Token], last: usize, lang: &str, kbuf: &mut String) -> Option<Wants> {
    let lang = (!lang.is_empty()).then_some(lang);
    let mut k = last;
    for _ in 0..16 {
        let next = toks.get(k + 1)?;
        match toks[k].after {
            Sep::Join => {
                let key = key_of(next.text(text), kbuf);
                if let Some(w) = qualifiers::plural_suffix_wants(key, lang) {
                    return Some(w);
                }
                let and = next.is(LOWER) && matches!(key, "and" | "or") && toks[k].is_capitalised();
                if !and && !next.is_capitalised() {
                    return None;
                }
            }
            Sep::Comma if next.is_capitalised() => {}
            _ => return None,
        }
        k += 1;
    }
    None
}

/// English "the" right before a name that stands alone, not as a noun's modifier: "toward
/// the Atlantic.", "in the Pacific and", "the Sudan is": seas, regions, rivers and some
/// countries take the article, towns never do (a town's "The" belongs to its name, "The
/// Hague"). A modifier is left alone: "the Atlanta area", "the Paris attacks" are the towns.
/// The word after the name is a modifier's noun unless it is a frequent function word.
fn definite_article_before(g: &Gazetteer, lk: &mut Lookups, text: &str, toks: &[Token], m: &Match, lang: &str, kbuf: &mut String) -> Option<Wants> {
    if lang != "en" || !toks[m.first].is_capitalised() || word_before(text, toks, m.first, kbuf) != Some("the") {
        return None;
    }
    // A name that opens with its own kind of place ("the City of Norfolk") says what it is.
    if m.last > m.first && qualifiers::prefix_head_wants(key_of(toks[m.first].text(text), kbuf), Some(lang)).is_some() {
        return None;
    }
    let alone = match toks.get(m.last + 1) {
        None => true,
        Some(_) if toks[m.last].after != Sep::Join => true,
        Some(next) => next.is(LOWER) && zipf(g, lk, key_of(next.text(text), kbuf), lang).1 >= FUNCTION_WORD_ZIPF,
    };
    alone.then_some(Wants::NotTown)
}

/// English words at least this frequent (Zipf scale) are function words and auxiliaries
/// ("and", "of", "was", "has"), which follow a name but do not make it a modifier; nouns
/// that do ("area", "city", "state") are rarer.
const FUNCTION_WORD_ZIPF: f32 = 6.0;

/// A qualifier right after token `last`: "Idlib province", "Rapides Parish".
fn qualifier_after(text: &str, toks: &[Token], last: usize, lang: &str, kbuf: &mut String) -> Option<Wants> {
    if last + 1 >= toks.len() || toks[last].after != Sep::Join {
        return None;
    }
    let key = key_of(toks[last + 1].text(text), kbuf).to_string();
    qualifiers::suffix_wants(&key, (!lang.is_empty()).then_some(lang))
}
