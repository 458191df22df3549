//! Events: what happened, who did it to whom, when, where, and how many died, one event per
//! sentence that has an event word.
//!
//! In: an article's text, its language and publication date, and its geoparse (places and
//! demonyms). Out: [`Event`]s with a PLOVER type, context flags, actors, casualties, a date with
//! its precision, a location chosen among the sentence's places, and provenance.
//!
//! The word lists live in `src/pipeline/lexicon/<lang>.tsv`, one file per language, written
//! from the PLOVER definitions; a language is added by adding a file and a line in
//! [`LEXICONS`], with no other code. Languages without a lexicon use the English one.

use super::dates::{self, DatePrecision};
use super::tokens::{self, Token};
use crate::gazetteer::normalize::normalize;
use super::lookups;
use crate::gazetteer::{word_is_first_name, word_zipfs_of, Feature, Gazetteer, Kind};
use super::Geoparsed;
use crate::model::{DemonymMention, PlaceRef, Precision, Resolved};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The 18 event types of the PLOVER ontology.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "UPPERCASE")]
pub enum EventType {
    Agree,
    Consult,
    Support,
    Concede,
    Cooperate,
    Aid,
    Retreat,
    Investigate,
    Demand,
    Disapprove,
    Reject,
    Threaten,
    Sanction,
    Protest,
    Mobilize,
    Coerce,
    Assault,
    Fight,
}

impl EventType {
    pub const ALL: [EventType; 18] = [
        EventType::Agree,
        EventType::Consult,
        EventType::Support,
        EventType::Concede,
        EventType::Cooperate,
        EventType::Aid,
        EventType::Retreat,
        EventType::Investigate,
        EventType::Demand,
        EventType::Disapprove,
        EventType::Reject,
        EventType::Threaten,
        EventType::Sanction,
        EventType::Protest,
        EventType::Mobilize,
        EventType::Coerce,
        EventType::Assault,
        EventType::Fight,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Agree => "AGREE",
            EventType::Consult => "CONSULT",
            EventType::Support => "SUPPORT",
            EventType::Concede => "CONCEDE",
            EventType::Cooperate => "COOPERATE",
            EventType::Aid => "AID",
            EventType::Retreat => "RETREAT",
            EventType::Investigate => "INVESTIGATE",
            EventType::Demand => "DEMAND",
            EventType::Disapprove => "DISAPPROVE",
            EventType::Reject => "REJECT",
            EventType::Threaten => "THREATEN",
            EventType::Sanction => "SANCTION",
            EventType::Protest => "PROTEST",
            EventType::Mobilize => "MOBILIZE",
            EventType::Coerce => "COERCE",
            EventType::Assault => "ASSAULT",
            EventType::Fight => "FIGHT",
        }
    }

    pub fn parse(s: &str) -> Option<EventType> {
        EventType::ALL.iter().copied().find(|t| t.as_str().eq_ignore_ascii_case(s))
    }

    /// PLOVER's quad class: verbal or material, cooperation or conflict.
    pub fn quad(self) -> &'static str {
        use EventType::*;
        match self {
            Agree | Consult | Support | Concede => "verbal cooperation",
            Cooperate | Aid | Retreat => "material cooperation",
            Investigate | Demand | Disapprove | Reject | Threaten => "verbal conflict",
            Sanction | Protest | Mobilize | Coerce | Assault | Fight => "material conflict",
        }
    }

    /// Types whose object is often the place itself ("bombarde la province d'Idlib").
    fn targets_places(self) -> bool {
        matches!(self, EventType::Assault | EventType::Fight | EventType::Coerce | EventType::Mobilize)
    }
}

/// Someone who acted or was acted on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// ISO 3166-1 alpha-2, when the actor belongs to a country.
    pub country: Option<String>,
    /// The words that named it ("la Russie", "armée syrienne", "Moscou").
    pub name: String,
}

/// One event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: String,
    pub article_id: String,
    #[serde(rename = "type")]
    pub event_type: EventType,
    pub trigger: String,
    pub confidence: f64,
    pub negated: bool,
    pub future: bool,
    pub hypothetical: bool,
    pub source_actors: Vec<Actor>,
    pub target_actors: Vec<Actor>,
    pub fatalities: Option<u32>,
    pub injured: Option<u32>,
    pub date: Option<NaiveDate>,
    pub date_precision: Option<DatePrecision>,
    pub date_approximate: bool,
    pub place: Option<PlaceRef>,
    pub precision: Option<Precision>,
    pub sentence: String,
    /// Character span of the sentence in the text the events were read from.
    pub sentence_start: usize,
    pub sentence_end: usize,
    /// Character span of the trigger within the sentence.
    pub trigger_start: usize,
    pub trigger_end: usize,
    /// Character span of the place within the sentence (None when the place came from the
    /// article's dateline rather than the sentence).
    pub place_start: Option<usize>,
    pub place_end: Option<usize>,
    /// The sentence's name for the place when the gazetteer does not know it ("Reshimbagh").
    pub place_text: Option<String>,
}

#[derive(Clone, Debug)]
struct Pat {
    word: String,
    prefix: bool,
}

impl Pat {
    /// The word with key `key` is this pattern's.
    #[inline]
    fn matches(&self, key: &str) -> bool {
        if self.prefix {
            key.starts_with(&self.word)
        } else {
            key == self.word
        }
    }
}

type Phrase = Vec<Pat>;

/// One section of a lexicon ("locative", "killed"…): its phrases, in the lexicon's order, and
/// its number among the sections, under which [`Words`] records where its phrases match.
#[derive(Debug)]
struct Phrases {
    list: Vec<Phrase>,
    sec: u8,
}

/// The number of a section left out of [`Lexicon::sections_mut`], which numbers them.
const UNNUMBERED: u8 = u8::MAX;

#[cold]
#[inline(never)]
fn unnumbered() -> ! {
    panic!("a lexicon section is missing from Lexicon::sections_mut")
}

impl Default for Phrases {
    fn default() -> Self {
        Phrases { list: Vec::new(), sec: UNNUMBERED }
    }
}

impl Phrases {
    fn push(&mut self, p: Phrase) {
        self.list.push(p);
    }

    /// The phrases that match at token `i`, in list order, with the tokens each covers.
    fn matches_at<'w>(&self, words: &'w Words<'_>, i: usize) -> impl Iterator<Item = (usize, usize)> + 'w {
        let sec = self.sec;
        if sec == UNNUMBERED {
            unnumbered();
        }
        words.marks_at(i).iter().filter(move |m| m.sec == sec).map(|m| (usize::from(m.phrase), usize::from(m.len)))
    }
}

/// Every phrase of every section of a lexicon, indexed by its first word, so that a token is
/// compared only with the phrases that can start with it, whatever the section.
#[derive(Debug, Default)]
struct PhraseIndex {
    /// (section, number in the section, phrase).
    all: Vec<(u8, u16, Phrase)>,
    /// The mark of each phrase of `all` where it matches, in 4 bytes: a phrase of one word
    /// matches wherever its first word does, and is marked from here without a look at the
    /// phrase itself (a trip to memory per candidate).
    heads: Vec<Mark>,
    first_words: FirstWords,
}

impl PhraseIndex {
    fn new(sections: &[&Phrases]) -> PhraseIndex {
        let mut all = Vec::new();
        let mut words = Vec::new();
        for ps in sections {
            for (pi, p) in ps.list.iter().enumerate() {
                let Some(w) = p.first() else { continue };
                words.push((w.word.as_bytes(), w.prefix, all.len() as u32));
                all.push((ps.sec, pi as u16, p.clone()));
            }
        }
        let first_words = FirstWords::new(&words);
        let heads = all.iter().map(|(sec, phrase, p)| Mark { sec: *sec, phrase: *phrase, len: p.len().min(255) as u8 }).collect();
        PhraseIndex { all, heads, first_words }
    }

    /// Appends to `out` the phrases that match at each token of `keys`, and to `at` where each
    /// token's start in `out`; a token's are ordered by section, then by their order in it.
    fn marks(&self, keys: &[Key<'_>], out: &mut Vec<Mark>, at: &mut Vec<u32>) {
        let mut buf = Vec::new();
        for (i, key) in keys.iter().enumerate() {
            at.push(out.len() as u32);
            for &ix in self.first_words.starting(key.as_bytes(), &mut buf) {
                let head = self.heads[ix as usize];
                if head.len == 1 || match_from(&self.all[ix as usize].2, keys, i, 1).is_some() {
                    out.push(head);
                }
            }
        }
        at.push(out.len() as u32);
    }
}

/// The first words of a lexicon's phrases: the prefix patterns ("kill*") in a byte trie (under
/// a thousand nodes), which a token's key walks down to meet every pattern it starts with
/// (most fall off within a byte or two), and the exact words in a hash map, which a key finds
/// in one probe instead of a walk down to its last byte. An exact word's entry lists every
/// phrase it starts, the prefix patterns it meets included, in index order: a word of the
/// map ("the", "at", "said") costs that one probe and no walk.
#[derive(Debug, Default)]
struct FirstWords {
    /// Every phrase that each exact first word starts (its own, and the prefix patterns it
    /// meets), in index order, as a range of `phrases`: the words of more than eight bytes,
    /// keyed by their fingerprints.
    exact: super::lookups::Memo<(u32, u32)>,
    /// The same for the words of up to eight bytes, most of them, keyed by their bytes
    /// ([`packed`]): no fingerprint to compute.
    exact_short: rustc_hash::FxHashMap<u64, (u32, u32)>,
    /// The seed of `exact`'s fingerprints, drawn once per process.
    seed: foldhash::quality::RandomState,
    nodes: Vec<TrieNode>,
    /// Children of the nodes: their bytes, sorted within each node, and their nodes.
    edge_bytes: Vec<u8>,
    edge_nodes: Vec<u32>,
    /// The phrases of the nodes, by their number in [`PhraseIndex::all`].
    phrases: Vec<u32>,
    /// The root's child for each byte (0: none), so that the first step is one load.
    root: Vec<u32>,
    /// One bit per pair of first bytes: set when a key opening with them may start a prefix
    /// pattern. Most words start none, and the bit (in 8 KB) says so without a walk.
    pairs: Vec<u64>,
    /// One bit per pair of first bytes: set when a pattern of at most two bytes ("go*") ends
    /// within them.
    short: Vec<u64>,
    /// Bits for the first three bytes of keys, by a hash ([`triple_bit`]): set for every
    /// three-byte node of the trie. A key of three bytes or more whose pair holds no short
    /// pattern and whose bit is clear starts no pattern: the pairs of common words ("co",
    /// "re", "de") open some pattern, their triples mostly none.
    triples: Vec<u64>,
}

/// The bit of `triples` for a key's first three bytes.
#[inline]
fn triple_bit(a: u8, b: u8, c: u8) -> usize {
    let x = u32::from(a) << 16 | u32::from(b) << 8 | u32::from(c);
    (x.wrapping_mul(0x9E37_79B1) >> 16) as usize
}

/// A word of up to eight bytes as one integer: its bytes, then zeros. No key holds a zero
/// byte, so two words have the same integer only if they are the same word.
#[inline]
fn packed(w: &[u8]) -> Option<u64> {
    let n = w.len();
    let word = |b: &[u8]| u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    match n {
        // Two overlapping reads of four bytes: the bytes they share agree.
        4..=8 => Some(word(&w[..4]) | word(&w[n - 4..]) << (8 * (n - 4))),
        0..=3 => Some(w.iter().rev().fold(0u64, |v, &b| v << 8 | u64::from(b))),
        _ => None,
    }
}

fn bit(bits: &[u64], k: usize) -> bool {
    bits[k / 64] & (1 << (k % 64)) != 0
}

fn set_bit(bits: &mut [u64], k: usize) {
    bits[k / 64] |= 1 << (k % 64);
}

#[derive(Debug, Default, Clone, Copy)]
struct TrieNode {
    /// Range of `edge_bytes` and `edge_nodes`.
    edges: (u32, u32),
    /// Range of `phrases` whose first word is a prefix ending here.
    prefix: (u32, u32),
}

impl FirstWords {
    /// The trie of `words`: (first word's bytes, whether it is a prefix, phrase number).
    fn new(words: &[(&[u8], bool, u32)]) -> FirstWords {
        // Built as a map from each word to its phrases, then laid out in byte order.
        use std::collections::{BTreeMap, BTreeSet};
        let mut by_word: BTreeMap<&[u8], (Vec<u32>, Vec<u32>)> = BTreeMap::new();
        for &(w, prefix, ix) in words {
            let e = by_word.entry(w).or_default();
            if prefix { e.0.push(ix) } else { e.1.push(ix) }
        }
        let mut t = FirstWords { root: vec![0; 256], ..FirstWords::default() };
        // Every prefix of every prefix pattern is a node of the trie; a node's children are
        // the words one byte longer.
        let nodes: BTreeSet<&[u8]> = by_word
            .iter()
            .filter(|(_, (prefix, _))| !prefix.is_empty())
            .flat_map(|(w, _)| (0..=w.len()).map(|n| &w[..n]))
            .chain([&b""[..]])
            .collect();
        let order: Vec<&[u8]> = nodes.into_iter().collect();
        let number: BTreeMap<&[u8], u32> = order.iter().enumerate().map(|(k, w)| (*w, k as u32)).collect();
        for w in &order {
            let mut node = TrieNode::default();
            let prefix = by_word.get(w).map(|e| e.0.clone()).unwrap_or_default();
            node.prefix = (t.phrases.len() as u32, (t.phrases.len() + prefix.len()) as u32);
            t.phrases.extend(prefix);
            let start = t.edge_bytes.len() as u32;
            for (c, &n) in number.range::<[u8], _>((std::ops::Bound::Excluded(*w), std::ops::Bound::Unbounded)) {
                if !c.starts_with(w) {
                    break;
                }
                if c.len() == w.len() + 1 {
                    t.edge_bytes.push(c[w.len()]);
                    t.edge_nodes.push(n);
                }
            }
            node.edges = (start, t.edge_bytes.len() as u32);
            t.nodes.push(node);
        }
        // The root is the empty word, number 0.
        for k in t.nodes[0].edges.0 as usize..t.nodes[0].edges.1 as usize {
            t.root[usize::from(t.edge_bytes[k])] = t.edge_nodes[k];
        }
        // A pair's bit: some pattern ends within the pair's two bytes, or the trie goes on
        // past them.
        let mut all = Vec::new();
        t.pairs = vec![0; 65536 / 64];
        t.short = vec![0; 65536 / 64];
        for pair in 0..65536usize {
            let key = [(pair >> 8) as u8, pair as u8];
            t.walk(&key, &mut all);
            if !all.is_empty() {
                set_bit(&mut t.short, pair);
            }
            let goes_on = t.root[usize::from(key[0])] != 0 && {
                let node = t.nodes[t.root[usize::from(key[0])] as usize];
                t.edge_bytes[node.edges.0 as usize..node.edges.1 as usize].contains(&key[1])
            };
            if goes_on || !all.is_empty() {
                set_bit(&mut t.pairs, pair);
            }
        }
        t.triples = vec![0; 65536 / 64];
        for w in order.iter().filter(|w| w.len() == 3) {
            set_bit(&mut t.triples, triple_bit(w[0], w[1], w[2]));
        }
        // Each exact word with the prefix patterns its walk meets, sorted once here.
        for (w, (_, exact)) in by_word.iter().filter(|(_, (_, exact))| !exact.is_empty()) {
            t.walk(w, &mut all);
            all.extend(exact);
            all.sort_unstable();
            let range = (t.phrases.len() as u32, (t.phrases.len() + all.len()) as u32);
            match packed(w) {
                Some(k) => t.exact_short.insert(k, range),
                None => t.exact.insert(t.fingerprint(w), range),
            };
            t.phrases.extend(&all);
        }
        t
    }

    /// A word's fingerprint: a 64-bit hash of a seed drawn at random, so that no text can be
    /// written to make a word pass for another (the chance that two words share one is 2^-64).
    #[inline]
    fn fingerprint(&self, key: &[u8]) -> u64 {
        use std::hash::BuildHasher;
        self.seed.hash_one(key)
    }

    /// Fills `out` with the prefix patterns that `key` starts with, unsorted.
    fn walk(&self, key: &[u8], out: &mut Vec<u32>) {
        out.clear();
        let Some(root) = self.nodes.first() else { return };
        // Most nodes hold no pattern: nothing to copy, and no call to copy it.
        let mut take = |r: (u32, u32)| {
            if r.0 < r.1 {
                out.extend_from_slice(&self.phrases[r.0 as usize..r.1 as usize]);
            }
        };
        take(root.prefix);
        let mut node = root;
        let mut depth = 0;
        for &b in key {
            let next = if depth == 0 {
                self.root[usize::from(b)]
            } else {
                let (from, to) = (node.edges.0 as usize, node.edges.1 as usize);
                match self.edge_bytes[from..to].iter().position(|&c| c == b) {
                    Some(k) => self.edge_nodes[from + k],
                    None => 0,
                }
            };
            if next == 0 {
                // Fell off: no prefix pattern goes on.
                break;
            }
            node = &self.nodes[next as usize];
            depth += 1;
            take(node.prefix);
        }
    }

    /// The phrases whose first word matches `key`, in index order (in `buf` when they are
    /// gathered from the trie).
    #[inline]
    fn starting<'s>(&'s self, key: &[u8], buf: &'s mut Vec<u32>) -> &'s [u32] {
        let found = match packed(key) {
            Some(k) => self.exact_short.get(&k),
            None => self.exact.get(&self.fingerprint(key)),
        };
        if let Some(&(from, to)) = found {
            return &self.phrases[from as usize..to as usize];
        }
        if let [a, b, rest @ ..] = key {
            let pair = usize::from(*a) << 8 | usize::from(*b);
            let none = !bit(&self.pairs, pair) || rest.first().is_some_and(|&c| !bit(&self.short, pair) && !bit(&self.triples, triple_bit(*a, *b, c)));
            if none {
                buf.clear();
                return buf;
            }
        }
        self.walk(key, buf);
        if buf.len() > 1 {
            buf.sort_unstable();
        }
        buf
    }
}

/// A phrase of section `sec` that matches at some token, covering `len` tokens.
#[derive(Clone, Copy, Debug)]
struct Mark {
    sec: u8,
    phrase: u16,
    len: u8,
}

/// The words of a sentence: their keys (see [`token_key`]), and the lexicon phrases that
/// match at each, found once when the sentence is read, so that each later question ("is a
/// locative word at token 4?") is a look at a few marks.
#[derive(Default)]
struct Words<'t> {
    keys: Vec<Key<'t>>,
    marks: Vec<Mark>,
    /// Where each token's marks start in `marks` (one more entry than tokens).
    at: Vec<u32>,
}

impl<'t> std::ops::Deref for Words<'t> {
    type Target = [Key<'t>];
    fn deref(&self) -> &[Key<'t>] {
        &self.keys
    }
}

impl<'t> Words<'t> {
    /// Finds the marks of `lx`'s phrases over `self.keys`.
    fn mark(&mut self, lx: &Lexicon) {
        self.marks.clear();
        self.at.clear();
        lx.index.marks(&self.keys, &mut self.marks, &mut self.at);
    }

    /// The words of tokens `range` alone, as a sentence of their own.
    fn window(&self, lx: &Lexicon, range: std::ops::Range<usize>) -> Words<'t> {
        let mut w = Words { keys: self.keys[range].to_vec(), ..Words::default() };
        w.mark(lx);
        w
    }

    #[inline]
    fn marks_at(&self, i: usize) -> &[Mark] {
        match (self.at.get(i), self.at.get(i + 1)) {
            (Some(&a), Some(&b)) => &self.marks[a as usize..b as usize],
            _ => &[],
        }
    }
}

#[derive(Debug, Default)]
struct Lexicon {
    /// The language's code ("en"), for the stages this one borrows from (streets).
    lang: &'static str,
    triggers: Phrases,
    /// The event type and confidence of each phrase of `triggers`.
    trigger_meta: Vec<(EventType, f64)>,
    negation: Phrases,
    future: Phrases,
    promise: Phrases,
    /// Words that make the act after them an obligation ("must"): a demand.
    obligation: Phrases,
    /// Words that make a promise conditional ("unless", "à moins que"): a threat.
    condition: Phrases,
    /// A preposition and a determiner that make a trigger a noun complement ("for the").
    complement: Phrases,
    /// Words that open a subordinate clause ("which", "where", "after"): its triggers are
    /// background to the main clause's, and a promise does not reach across them.
    subordinate: Phrases,
    hypothetical: Phrases,
    forces: Phrases,
    /// The label of each phrase of `forces`.
    force_labels: Vec<String>,
    killed: Phrases,
    injured: Phrases,
    people: Phrases,
    /// Words that bound or round a number ("at least", "au moins"), between a casualty word
    /// and the number.
    hedge: Phrases,
    /// Words that end the link between a casualty word and a number after them ("and").
    conjunction: Phrases,
    /// Articles that may count one ("a", "une").
    article: Phrases,
    numbers: rustc_hash::FxHashMap<String, u32>,
    locative: Phrases,
    direction: Phrases,
    /// Words for kinds of place ("village", "district"), and the genitive words that make
    /// "the village of X".
    placenoun: Phrases,
    /// Which of the `placenoun` phrases name a town ("village", "ville"), as opposed to a part
    /// of one or a larger area ("district", "région").
    town_nouns: Vec<bool>,
    genitive: Phrases,
    /// Auxiliaries of the passive ("was", "a été").
    passive: Phrases,
    agent: Phrases,
    /// Prepositions that name whom an act is aimed at ("sanctions on Iran").
    object: Phrases,
    /// All the sections' phrases by their first word.
    index: PhraseIndex,
}

impl Lexicon {
    /// Every section, in the order of their numbers.
    fn sections_mut(&mut self) -> [&mut Phrases; 23] {
        [
            &mut self.triggers,
            &mut self.negation,
            &mut self.future,
            &mut self.promise,
            &mut self.obligation,
            &mut self.condition,
            &mut self.complement,
            &mut self.subordinate,
            &mut self.hypothetical,
            &mut self.forces,
            &mut self.killed,
            &mut self.injured,
            &mut self.people,
            &mut self.hedge,
            &mut self.conjunction,
            &mut self.article,
            &mut self.locative,
            &mut self.direction,
            &mut self.placenoun,
            &mut self.genitive,
            &mut self.passive,
            &mut self.agent,
            &mut self.object,
        ]
    }
}

/// The lexicon files, by language.
pub const LEXICONS: &[(&str, &str)] = &[("en", include_str!("lexicon/en.tsv")), ("fr", include_str!("lexicon/fr.tsv"))];

fn phrase(s: &str) -> Phrase {
    let mut out = Vec::new();
    for w in s.split_whitespace() {
        let prefix = w.ends_with('*');
        let w = w.trim_end_matches('*');
        if w.is_empty() {
            out.push(Pat { word: String::new(), prefix: true });
            continue;
        }
        // The tokeniser splits "sit-in" and "co-operate" at the hyphen: so does the pattern,
        // one word per token, the trailing '*' applying to the last.
        let parts: Vec<String> = normalize(w).split(' ').map(str::to_string).collect();
        let last = parts.len() - 1;
        out.extend(parts.into_iter().enumerate().map(|(k, word)| Pat { word, prefix: prefix && k == last }));
    }
    out
}

fn parse_lexicon(src: &str) -> Lexicon {
    let mut lx = Lexicon::default();
    for line in src.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        match (f[0], f.len()) {
            ("trigger", 4) => {
                if let (Some(t), Ok(c)) = (EventType::parse(f[1]), f[3].parse::<f64>()) {
                    lx.triggers.push(phrase(f[2]));
                    lx.trigger_meta.push((t, c));
                }
            }
            ("negation", _) => lx.negation.push(phrase(f[1])),
            ("future", _) => lx.future.push(phrase(f[1])),
            ("promise", _) => lx.promise.push(phrase(f[1])),
            ("obligation", _) => lx.obligation.push(phrase(f[1])),
            ("condition", _) => lx.condition.push(phrase(f[1])),
            ("complement", _) => lx.complement.push(phrase(f[1])),
            ("subordinate", _) => lx.subordinate.push(phrase(f[1])),
            ("hypothetical", _) => lx.hypothetical.push(phrase(f[1])),
            ("force", 3) => {
                lx.forces.push(phrase(f[1]));
                lx.force_labels.push(f[2].to_string());
            }
            ("killed", _) => lx.killed.push(phrase(f[1])),
            ("hedge", _) => lx.hedge.push(phrase(f[1])),
            ("conjunction", _) => lx.conjunction.push(phrase(f[1])),
            ("article", _) => lx.article.push(phrase(f[1])),
            ("injured", _) => lx.injured.push(phrase(f[1])),
            ("people", _) => lx.people.push(phrase(f[1])),
            ("number", 3) => {
                if let Ok(n) = f[2].parse() {
                    lx.numbers.insert(normalize(f[1]), n);
                }
            }
            ("locative", _) => lx.locative.push(phrase(f[1])),
            ("direction", _) => lx.direction.push(phrase(f[1])),
            ("placenoun", _) => {
                lx.placenoun.push(phrase(f[1]));
                lx.town_nouns.push(f.get(2) == Some(&"town"));
            }
            ("genitive", _) => lx.genitive.push(phrase(f[1])),
            ("passive", _) => lx.passive.push(phrase(f[1])),
            ("agent", _) => lx.agent.push(phrase(f[1])),
            ("object", _) => lx.object.push(phrase(f[1])),
            _ => tracing::warn!(line, "unreadable lexicon line"),
        }
    }
    let mut sections = lx.sections_mut();
    for (k, ps) in sections.iter_mut().enumerate() {
        ps.sec = k as u8;
    }
    let sections = sections.map(|ps| &*ps);
    lx.index = PhraseIndex::new(&sections);
    lx
}

fn lexicon(lang: &str) -> &'static Lexicon {
    static ALL: OnceLock<HashMap<&'static str, Lexicon>> = OnceLock::new();
    let all = ALL.get_or_init(|| LEXICONS.iter().map(|(l, src)| (*l, Lexicon { lang: l, ..parse_lexicon(src) })).collect());
    all.get(lang).or_else(|| all.get("en")).expect("the English lexicon is built in")
}

/// Number of tokens of `p` matched at `keys[i..]`, if it matches, its first `known` words
/// being known to match already.
fn match_from(p: &Phrase, keys: &[Key<'_>], i: usize, known: usize) -> Option<usize> {
    if p.is_empty() || i + p.len() > keys.len() {
        return None;
    }
    p.iter().zip(&keys[i..]).skip(known).all(|(pat, key)| pat.matches(key)).then_some(p.len())
}

fn any_at(ps: &Phrases, keys: &Words<'_>, i: usize) -> Option<usize> {
    ps.matches_at(keys, i).map(|(_, n)| n).max()
}

/// A token's normalised key (see [`normalize`]). `lower` is the token's text with its ASCII
/// letters in lowercase (the same bytes of a copy of the whole text lowercased so): an ASCII
/// token's key, as its characters are letters and digits, is that, borrowed, so that most
/// tokens cost no allocation.
type Key<'t> = Cow<'t, str>;

fn token_key<'t>(word: &str, lower: &'t str) -> Key<'t> {
    if word.is_ascii() {
        Cow::Borrowed(lower)
    } else {
        Cow::Owned(normalize(word))
    }
}

/// A sentence of a text: byte span.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
}

/// Longest sentence, in bytes: a "sentence" longer than this (a page with no full stops, a
/// hostile line of millions of characters) is cut at the next space, or anywhere after twice
/// this length, so that the work per sentence stays bounded.
const MAX_SENTENCE_BYTES: usize = 2_000;

/// Splits text into sentences: at line breaks, and after '.', '!' or '?' followed by a space
/// and a capital (not after a short capitalised abbreviation such as "M." or "St."); and
/// anything longer than [`MAX_SENTENCE_BYTES`] in pieces.
pub fn sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // Nothing happens before a byte that can end a sentence, until a sentence grows long
        // enough to be cut: skip there.
        let calm_until = (start + MAX_SENTENCE_BYTES).min(b.len());
        i = next_stop(b, i, calm_until);
        if i == b.len() {
            break;
        }
        let c = b[i];
        let end_here = if c == b'\n' {
            // Not where a printed column only wrapped its line ("à l'hôpital de\nGenève").
            !tokens::wraps_at(text, i)
        } else if matches!(c, b'.' | b'!' | b'?') {
            let next_is_space = b.get(i + 1).is_some_and(|x| *x == b' ');
            let after = text[i + 1..].trim_start_matches([' ', '"', '\u{00A0}']);
            let next_cap = after.chars().next().is_some_and(|ch| ch.is_uppercase() || ch == '«' || ch == '“');
            let word_before = text[start..i].rsplit(|ch: char| !ch.is_alphanumeric()).next().unwrap_or("");
            let abbrev = c == b'.' && word_before.chars().count() <= 2 && word_before.chars().next().is_some_and(char::is_uppercase);
            next_is_space && next_cap && !abbrev
        } else {
            false
        };
        let len = i - start;
        let cut_at_space = !end_here && len >= MAX_SENTENCE_BYTES && c == b' ';
        let cut_anywhere = !end_here && !cut_at_space && len >= 2 * MAX_SENTENCE_BYTES && text.is_char_boundary(i);
        if end_here || cut_at_space {
            let e = if c == b'\n' || cut_at_space { i } else { i + 1 };
            push_sentence(text, start, e, &mut out);
            start = i + 1;
        } else if cut_anywhere {
            push_sentence(text, start, i, &mut out);
            start = i;
        }
        i += 1;
    }
    push_sentence(text, start, text.len(), &mut out);
    out
}

/// The first byte of `b[from..to]` that may end a sentence (a line break, '.', '!' or '?'),
/// or `to`: a vectorised search, as most of a text's bytes are not those.
fn next_stop(b: &[u8], from: usize, to: usize) -> usize {
    if from >= to {
        return from;
    }
    let hay = &b[from..to];
    let stop = memchr::memchr3(b'\n', b'.', b'?', hay).unwrap_or(hay.len());
    // '!' is rare: looked for only before the first of the others.
    from + memchr::memchr(b'!', &hay[..stop]).unwrap_or(stop)
}

fn push_sentence(text: &str, s: usize, e: usize, out: &mut Vec<Sentence>) {
    let raw = &text[s..e];
    let lead = raw.len() - raw.trim_start().len();
    let trail = raw.len() - raw.trim_end().len();
    if raw.trim().chars().any(char::is_alphanumeric) {
        out.push(Sentence { start: s + lead, end: e - trail });
    }
}

/// What the extractor needs to know about the article.
#[derive(Clone, Debug, Default)]
pub struct ArticleContext<'a> {
    pub article_id: &'a str,
    pub lang: &'a str,
    pub published: Option<NaiveDate>,
    /// Where the article as a whole is set (its dateline, or the place that opens its title),
    /// for sentences that name no place of their own.
    pub focus: Option<&'a Resolved>,
}

/// A sentence, tokenised, with its places and demonyms.
struct Parsed<'t> {
    text: &'t str,
    /// The sentence is ASCII: its characters are its bytes, no counting needed.
    ascii: bool,
    toks: Vec<Token>,
    keys: Words<'t>,
    places: Vec<(usize, usize, &'t Resolved)>,
    /// First and last token of each demonym, and the demonym.
    demonyms: Vec<(usize, usize, &'t DemonymMention)>,
    /// First and last token of each street ([`super::streets`], found over the whole text).
    streets: Vec<(usize, usize)>,
}

impl Parsed<'_> {
    /// Token `i` is part of a demonym ("Sri Lankan").
    fn in_demonym(&self, i: usize) -> bool {
        self.demonyms.iter().any(|&(first, last, _)| first <= i && i <= last)
    }
}

/// Tokenises sentence `s` of `text` into the vectors `toks` and `keys` (reused from the
/// previous sentence, so that a text costs a few allocations, not a few per sentence). With
/// the tokens of the whole text, the sentence's are copied from them instead.
#[allow(clippy::too_many_arguments)]
fn parse_sentence<'t>(
    text: &'t str,
    s: Sentence,
    geo: &'t Geoparsed,
    text_toks: Option<&[Token]>,
    lx: &Lexicon,
    lower: &'t str,
    toks: Vec<Token>,
    keys: Words<'t>,
) -> Parsed<'t> {
    let mut p = read_sentence(text, s, text_toks, lx, lower, toks, keys);
    p.find_places(geo, s);
    p
}

/// [`parse_sentence`] without the places, demonyms and streets, which only a sentence with an
/// event needs ([`Parsed::find_places`]).
fn read_sentence<'t>(
    text: &'t str,
    s: Sentence,
    text_toks: Option<&[Token]>,
    lx: &Lexicon,
    lower: &'t str,
    mut toks: Vec<Token>,
    mut keys: Words<'t>,
) -> Parsed<'t> {
    let st = &text[s.start..s.end];
    match text_toks.and_then(|all| sentence_tokens(all, s)) {
        Some(inside) => copy_sentence_tokens(inside, s, &mut toks),
        None => tokens::tokenize(st, &mut toks),
    }
    keys.keys.clear();
    let lower = &lower[s.start..s.end];
    let ascii = st.is_ascii();
    if ascii {
        // Most sentences: every key is the lowercased text, with no token to check.
        keys.keys.extend(toks.iter().map(|t| Cow::Borrowed(t.text(lower))));
    } else {
        keys.keys.extend(toks.iter().map(|t| token_key(t.text(st), t.text(lower))));
    }
    keys.mark(lx);
    Parsed { text: st, ascii, toks, keys, places: Vec::new(), demonyms: Vec::new(), streets: Vec::new() }
}

impl<'t> Parsed<'t> {
    /// Finds the places, demonyms and streets of `geo` (over the whole text) inside this
    /// sentence, `s` of the text.
    fn find_places(&mut self, geo: &'t Geoparsed, s: Sentence) {
        let toks = &self.toks;
        self.places = spans_in(toks, s, &geo.places, |r| (r.start, r.end));
        self.demonyms = spans_in(toks, s, &geo.demonyms, |d| (d.start, d.end));
        self.streets = spans_in(toks, s, &geo.streets, |x| (x.start, x.end)).into_iter().map(|(first, last, _)| (first, last)).collect();
    }
}

/// The items of `all` (sorted by where they start in the text; `span` gives their byte span)
/// that lie inside sentence `s`, with their first and last token among the sentence's `toks`.
fn spans_in<'g, T>(toks: &[Token], s: Sentence, all: &'g [T], span: impl Fn(&T) -> (usize, usize)) -> Vec<(usize, usize, &'g T)> {
    let tok_at = |b: usize| toks.iter().position(|t| t.start as usize <= b && b < t.end as usize);
    let lo = all.partition_point(|x| span(x).0 < s.start);
    let hi = all.partition_point(|x| span(x).0 < s.end);
    all[lo..hi.max(lo)]
        .iter()
        .filter_map(|x| {
            let (start, end) = span(x);
            if start < s.start || end > s.end {
                return None;
            }
            Some((tok_at(start - s.start)?, tok_at(end - s.start - 1)?, x))
        })
        .collect()
}

/// The tokens of the whole text that make sentence `s`, if no token crosses its edges (a
/// sentence cut inside a very long word is tokenised on its own).
fn sentence_tokens(all: &[Token], s: Sentence) -> Option<&[Token]> {
    let lo = all.partition_point(|t| (t.end as usize) <= s.start);
    let hi = all.partition_point(|t| (t.start as usize) < s.end);
    let inside = &all[lo..hi.max(lo)];
    let clean = inside.first().is_none_or(|t| t.start as usize >= s.start) && inside.last().is_none_or(|t| t.end as usize <= s.end);
    clean.then_some(inside)
}

/// Copies a sentence's tokens of the whole text into `out` as tokenising the sentence alone
/// gives them: offsets from the sentence's start, the first token starting a sentence, the
/// last one ending it.
fn copy_sentence_tokens(inside: &[Token], s: Sentence, out: &mut Vec<Token>) {
    out.clear();
    let base = s.start as u32;
    out.extend(inside.iter().map(|t| Token { start: t.start - base, end: t.end - base, ..*t }));
    if let Some(first) = out.first_mut() {
        first.flags |= tokens::SENT_START;
    }
    if let Some(last) = out.last_mut() {
        last.after = tokens::Sep::End;
    }
}

/// Token `i` is a participle joined by a hyphen to the word before it, a name or a word of
/// four letters or more ("long-threatened", "Israeli-occupied", "rebel-held"), not a prefix
/// ("re-elected", "co-signed"), and a word follows it.
fn compound_participle(text: &str, keys: &Words<'_>, toks: &[Token], i: usize) -> bool {
    if i == 0 || i + 1 >= toks.len() || toks[i].after != tokens::Sep::Join {
        return false;
    }
    let (prev, t) = (toks[i - 1], toks[i]);
    let hyphen = text.get(prev.end as usize..t.start as usize) == Some("-");
    let key = &*keys[i];
    let participle = key.ends_with("ed") || matches!(key, "led" | "held" | "run" | "hit");
    let head = prev.is(tokens::CAP) || (prev.end - prev.start >= 4 && !matches!(&*keys[i - 1], "self" | "over" | "under" | "counter" | "anti" | "semi" | "post" | "inter"));
    hyphen && participle && head
}

/// The best trigger of a sentence: (token, length, type, confidence).
/// `toks` are the tokens of `keys`, for the punctuation between them; their offsets are in `text`.
fn best_trigger(lx: &Lexicon, text: &str, keys: &Words<'_>, toks: &[Token]) -> Option<(usize, usize, EventType, f64)> {
    let mut best: Option<(usize, usize, EventType, f64)> = None;
    // The surest protest, for a demand that only states what the protest was for.
    let mut protest: Option<(usize, usize, EventType, f64)> = None;
    // Inside a subordinate clause ("…, where 24 people were killed", "after clashes there"),
    // from the word that opens it to the next punctuation: the act there is background.
    let mut subordinate = false;
    for i in 0..keys.len() {
        if i > 0 && toks[i - 1].after != tokens::Sep::Join {
            subordinate = false;
        }
        let in_subordinate = subordinate;
        subordinate = subordinate || any_at(&lx.subordinate, keys, i).is_some();
        // A noun after "for the", "after a" is the complement of another act ("blamed Israel
        // for the bombing"); looked for once per token, when a trigger matches there.
        let mut complement: Option<bool> = None;
        let mut governed: Option<bool> = None;
        for (ci, n) in lx.triggers.matches_at(keys, i) {
            let (t, c) = &lx.trigger_meta[ci];
            let complement = *complement.get_or_insert_with(|| {
                (i.saturating_sub(4)..i).any(|j| any_at(&lx.complement, keys, j).is_some_and(|m| j + m <= i && j + m + 2 >= i))
            });
            // Longer phrases are surer than single words; the main verb tends to come
            // before the words of subordinate clauses; a verb that a promise governs
            // ("will support", "would meet") is the act the sentence reports.
            // A participle that ends a hyphenated modifier ("its long-threatened invasion",
            // "US-backed forces") qualifies the noun after it, which is the act.
            let modifier = n == 1 && compound_participle(text, keys, toks, i);
            let c = c + 0.02 * (n as f64 - 1.0) - 0.004 * i as f64 - if complement { 0.2 } else { 0.0 } - if modifier { 0.5 } else { 0.0 }
                + if *governed.get_or_insert_with(|| promise_governs(lx, keys, i)) { 0.2 } else { 0.0 }
                - if in_subordinate { SUBORDINATE_PENALTY } else { 0.0 };
            if best.is_none_or(|b| c > b.3) {
                best = Some((i, n, *t, c));
            }
            if *t == EventType::Protest && protest.is_none_or(|b| c > b.3) {
                protest = Some((i, n, *t, c));
            }
        }
    }
    let (i, n, t, c) = best?;
    // A demand made by a protest, a strike or a blockade ("demonstrated to demand reforms",
    // "rioted, demanding a referendum") is what the act was for: PLOVER codes the act.
    if t == EventType::Demand {
        if let Some(m) = protest.filter(|m| m.0 < i) {
            return Some(m);
        }
    }
    // An act someone must do is demanded of them ("must agree to changes", "must reach an
    // agreement"): PLOVER codes the demand.
    if t != EventType::Demand && in_clause_of(&lx.obligation, lx, keys, toks, i) {
        return Some((i, n, EventType::Demand, c));
    }
    // An agreement refused is a rejection ("will not accept", "failed to reach agreement").
    if t == EventType::Agree && (i.saturating_sub(3)..i).any(|j| any_at(&lx.negation, keys, j).is_some()) {
        return Some((i, n, EventType::Reject, c));
    }
    let promised = promise_governs(lx, keys, i);
    if promised {
        // A promise made on a condition ("will withdraw unless…") or a promise of force,
        // a sanction or a protest ("would boycott", "vowed to fight") is a threat.
        let conditional = (0..keys.len()).any(|j| any_at(&lx.condition, keys, j).is_some());
        if conditional || t.quad() == "material conflict" {
            return Some((i, n, EventType::Threaten, c));
        }
        // A promise of a cooperative act is an agreement (PLOVER AGREE): "will release",
        // "offered to withdraw", "va retirer".
        let cooperative = matches!(t.quad(), "verbal cooperation" | "material cooperation");
        if cooperative && t != EventType::Agree {
            return Some((i, n, EventType::Agree, c));
        }
    }
    // A cooperative act further on in the clause of a promise is what was promised, its verb
    // being no trigger ("will give Tanzania a grant", "promised to continue military aid").
    if t.quad().ends_with("cooperation") && t != EventType::Agree && in_clause_of(&lx.promise, lx, keys, toks, i) {
        return Some((i, n, EventType::Agree, c));
    }
    Some((i, n, t, c))
}

/// A promise governs the trigger at `i`: right before it, or with one word between ("will
/// soon withdraw"), not a verb away ("will release the detained").
fn promise_governs(lx: &Lexicon, keys: &Words<'_>, i: usize) -> bool {
    (i.saturating_sub(3)..i).any(|j| any_at(&lx.promise, keys, j).is_some_and(|m| j + m <= i && j + m + 1 >= i))
}

/// How much less sure a trigger in a subordinate clause is than one in the main clause.
const SUBORDINATE_PENALTY: f64 = 0.25;

/// How far a promise or an obligation reaches into its clause, in tokens.
const MODAL_REACH: usize = 6;

/// One of `modals` (a promise, an obligation) stands at most [`MODAL_REACH`] tokens before the
/// trigger at `i`, with no comma or word that opens another clause between them.
fn in_clause_of(modals: &Phrases, lx: &Lexicon, keys: &Words<'_>, toks: &[Token], i: usize) -> bool {
    let from = i.saturating_sub(MODAL_REACH + 1);
    (from..i).rev().take_while(|&j| !clause_break(lx, keys, toks, j)).any(|j| any_at(modals, keys, j).is_some_and(|m| j + m <= i))
}

/// Token `j` opens another clause ("which", "where"…) or punctuation follows it.
fn clause_break(lx: &Lexicon, keys: &Words<'_>, toks: &[Token], j: usize) -> bool {
    toks[j].after != tokens::Sep::Join || any_at(&lx.subordinate, keys, j).is_some()
}

/// Extracts the events of `text` (one per sentence with an event word).
pub fn extract(g: &Gazetteer, text: &str, geo: &Geoparsed, ctx: &ArticleContext<'_>) -> Vec<Event> {
    extract_in_tokens(g, text, None, geo, ctx)
}

/// [`extract`] with the tokens of the whole text, when the place stage already made them
/// ([`super::tokens::tokenize`] over `text`): the text is then not tokenised again.
pub fn extract_in_tokens(g: &Gazetteer, text: &str, text_toks: Option<&[Token]>, geo: &Geoparsed, ctx: &ArticleContext<'_>) -> Vec<Event> {
    let lx = lexicon(ctx.lang);
    let mut out = Vec::new();
    let mut char_pos = 0usize;
    let mut byte_pos = 0usize;
    let (mut toks, mut keys) = (Vec::new(), Words::default());
    // The text with its ASCII letters in lowercase, at the same offsets: the keys of most
    // words, borrowed.
    let lower = text.to_ascii_lowercase();
    // In an ASCII text (most English news), a character's offset is its byte's.
    let ascii = text.is_ascii();
    for (si, s) in sentences(text).into_iter().enumerate() {
        char_pos += if ascii { s.start - byte_pos } else { text[byte_pos..s.start].chars().count() };
        byte_pos = s.start;
        let sentence_start = char_pos;
        let mut p = read_sentence(text, s, text_toks, lx, &lower, toks, keys);
        // Most sentences have no trigger at all, which their marks say at once.
        let has_trigger = p.keys.marks.iter().any(|m| m.sec == lx.triggers.sec);
        if let Some((ti, tn, ty, conf)) = has_trigger.then(|| best_trigger(lx, p.text, &p.keys, &p.toks)).flatten() {
            p.find_places(geo, s);
            out.push(build_event(g, lx, &p, ti, tn, ty, conf, ctx, si, sentence_start));
        }
        (toks, keys) = (p.toks, p.keys);
    }
    out
}

/// An event's id: its article's and the number of its sentence ("a1-3"), written without the
/// formatting machinery, which cost more than the rest of the event's strings.
fn event_id(article_id: &str, sentence: usize) -> String {
    let mut n = itoa::Buffer::new();
    let n = n.format(sentence);
    let mut id = String::with_capacity(article_id.len() + 1 + n.len());
    id.push_str(article_id);
    id.push('-');
    id.push_str(n);
    id
}

#[allow(clippy::too_many_arguments)]
fn build_event(
    g: &Gazetteer,
    lx: &Lexicon,
    p: &Parsed<'_>,
    ti: usize,
    tn: usize,
    ty: EventType,
    conf: f64,
    ctx: &ArticleContext<'_>,
    si: usize,
    sentence_start: usize,
) -> Event {
    let st = p.text;
    let trig_b = (p.toks[ti].start as usize, p.toks[ti + tn - 1].end as usize);
    let chars = |b: usize| if p.ascii { b } else { st[..b].chars().count() };

    // Context flags.
    let before = |ps: &Phrases, window: usize| (ti.saturating_sub(window)..ti).any(|i| any_at(ps, &p.keys, i).is_some());
    // A negated agreement was already read as a rejection, which is not negated.
    let refused_agreement = ty == EventType::Reject
        && lx.triggers.matches_at(&p.keys, ti).any(|(ci, n)| lx.trigger_meta[ci].0 == EventType::Agree && n == tn);
    let negated = !refused_agreement
        && (before(&lx.negation, 3)
            || (ctx.lang == "fr" && before(&lx.negation, 3) && (ti..(ti + tn + 2).min(p.keys.len())).any(|i| p.keys[i] == "pas")));
    let hypothetical = before(&lx.hypothetical, ti);
    let mut future = before(&lx.future, ti);

    // Date.
    let has_digit = p.toks.iter().any(|t| t.is(tokens::DIGIT));
    let found_date = dates::find_dates_in_words(st, ctx.lang, ctx.published, p.keys.iter().map(|k| &**k), has_digit).into_iter().next();
    let (date, date_precision, date_approximate) = match (&found_date, ctx.published) {
        (Some(d), _) => (Some(d.date), Some(d.precision), d.approximate),
        (None, Some(pubd)) => (Some(pubd), Some(DatePrecision::Day), true),
        (None, None) => (None, None, false),
    };
    if let (Some(d), Some(pubd)) = (date, ctx.published) {
        if d > pubd {
            future = true;
        }
    }

    // Actors and the places that are actors rather than locations.
    let (mut sources, mut targets, actor_places) = actors(g, lx, p, ti, tn);
    sources.dedup();
    targets.retain(|t| !sources.contains(t));
    targets.dedup();

    // Location.
    let excluded = actor_places.excluded(ty);
    let loc = choose_location(g, lx, p, ti, tn, ty, &excluded);
    // A place the gazetteer does not know gives the event its name but no point: the point is
    // then the article's setting, if it has one.
    let (place, span, place_text) = match loc {
        Some(Loc::Known(k)) => {
            let (f, l, r) = p.places[k];
            (Some(r), Some((f, l)), None)
        }
        Some(Loc::Unknown(f, l)) => {
            (ctx.focus, Some((f, l)), Some(st[p.toks[f].start as usize..p.toks[l].end as usize].to_string()))
        }
        // A street's point is the town the sentence names, else the article's setting.
        Some(Loc::Street(f, l)) => {
            let town = p.places.iter().enumerate().find(|&(k, &(_, _, r))| r.precision == Precision::City && !excluded.contains(&k));
            (town.map(|(_, &(_, _, r))| r).or(ctx.focus), Some((f, l)), Some(st[p.toks[f].start as usize..p.toks[l].end as usize].to_string()))
        }
        None => (ctx.focus, None, None),
    };
    let (place_start, place_end) = match span {
        Some((f, l)) => (Some(chars(p.toks[f].start as usize)), Some(chars(p.toks[l].end as usize))),
        None => (None, None),
    };

    let (fatalities, injured) = casualties(lx, p);

    Event {
        id: event_id(ctx.article_id, si),
        article_id: ctx.article_id.to_string(),
        event_type: ty,
        trigger: st[trig_b.0..trig_b.1].to_string(),
        confidence: (conf * 1000.0).round() / 1000.0,
        negated,
        future,
        hypothetical,
        source_actors: sources,
        target_actors: targets,
        fatalities,
        injured,
        date,
        date_precision,
        date_approximate,
        precision: place.map(|r| r.precision),
        place: place.map(|r| r.place.clone()),
        sentence: st.to_string(),
        sentence_start,
        sentence_end: sentence_start + chars(st.len()),
        trigger_start: chars(trig_b.0),
        trigger_end: chars(trig_b.1),
        place_start,
        place_end,
        place_text,
    }
}

/// Looks back from token `first` for a locative word ("dans", "in") that introduces the
/// place, over direction words ("l'est d'", "eastern", "the city of"), other place names
/// ("in the West Bank city of Nablus", "in Iraq's northern Nineveh province") and up to two
/// other lowercase words ("in this major Ivory Coast city").
fn introduced_by_locative(lx: &Lexicon, p: &Parsed<'_>, first: usize) -> bool {
    let keys = &p.keys;
    let mut i = first;
    let mut steps = 0;
    let mut free = 2;
    while i > 0 && steps < 8 {
        i -= 1;
        steps += 1;
        if locative_at(lx, p, i) {
            return true;
        }
        // "the East Ghouta region of rural Damascus": a locative before the region does not
        // reach the place that contains it.
        if let Some(introduces) = genitive_of_place_noun(lx, p, i) {
            return introduces;
        }
        // "in the Togolese capital Lome": a demonym qualifies the noun, as a direction does.
        if any_at(&lx.direction, keys, i).is_some() || keys[i] == "s" || p.in_demonym(i) {
            continue;
        }
        // "in Iraq by al-Qaida militants": what an agent's word introduces acts, wherever.
        if any_at(&lx.agent, keys, i).is_some() {
            return false;
        }
        if p.places.iter().any(|&(f, l, _)| f <= i && i <= l) {
            continue;
        }
        if free > 0 && p.toks[i].is(tokens::LOWER) {
            free -= 1;
            continue;
        }
        return false;
    }
    false
}

/// A locative word opens at token `i`. French "a", the verb ("a appelé Moscou"), folds to
/// the key of "à": written without its accent in lowercase it is the verb.
fn locative_at(lx: &Lexicon, p: &Parsed<'_>, i: usize) -> bool {
    any_at(&lx.locative, &p.keys, i).is_some() && !(lx.lang == "fr" && p.toks[i].text(p.text) == "a")
}

/// Token `i` is a genitive word right after a word for a kind of place ("the village of",
/// "le quartier de"; in lowercase: in "the Suleimaniyeh District of Aleppo" the district is in
/// Aleppo, not Aleppo in it). Says whether it introduces the place that follows ("the village
/// of X": true) or the place that contains a named one (false); `None` if it is no such word.
///
/// A name before a word for a part of a place, or for an area, is that part's name, and what
/// the genitive introduces contains it: "the Kadhimiya neighborhood of Baghdad", "the East
/// Ghouta region of rural Damascus" are in Kadhimiya and East Ghouta. Before a word for a town
/// the name is the larger area, and the town is what follows ("the Gaza Strip town of Beit
/// Hanoun").
fn genitive_of_place_noun(lx: &Lexicon, p: &Parsed<'_>, i: usize) -> Option<bool> {
    any_at(&lx.genitive, &p.keys, i)?;
    let mut found = None;
    for j in i.saturating_sub(3)..i {
        if !p.toks[j].is(tokens::LOWER) {
            continue;
        }
        for (pi, n) in lx.placenoun.matches_at(&p.keys, j) {
            if j + n == i {
                let introduces = lx.town_nouns[pi] || !named_before(lx, p, j);
                found = Some(found.unwrap_or(false) || introduces);
            }
        }
    }
    found
}

/// The place that ends at token `last` contains the part a word for a part of a place and a
/// genitive introduce after it: "the Aleppo neighbourhood of Karm Tarrab".
fn contains_the_part_after(lx: &Lexicon, p: &Parsed<'_>, last: usize) -> bool {
    let j = last + 1;
    j < p.keys.len()
        && p.toks[j].is(tokens::LOWER)
        && lx.placenoun.matches_at(&p.keys, j).any(|(pi, n)| !lx.town_nouns[pi] && j + n < p.keys.len() && any_at(&lx.genitive, &p.keys, j + n).is_some())
        && !named_before(lx, p, j)
}

/// A capitalised name, not an article, a direction or a demonym, comes right before token `j`,
/// and it is not a known country, first-order division or city: those contain what the
/// genitive after `j` introduces ("the Syria province of Daraa", "the Homs neighbourhood of
/// Baba Amr"), where a smaller town names its district ("the Kokrajhar district of Assam").
fn named_before(lx: &Lexicon, p: &Parsed<'_>, j: usize) -> bool {
    /// A city this large has named parts; a smaller town's name is its district's.
    const CITY_OF_PARTS: u64 = 200_000;
    let Some(k) = j.checked_sub(1) else { return false };
    let container = p.places.iter().any(|&(f, l, r)| {
        f <= k
            && k <= l
            && match r.place.kind {
                Kind::Country | Kind::Admin1 => true,
                Kind::City => r.place.population >= CITY_OF_PARTS,
                Kind::Admin2 | Kind::Region => false,
            }
    });
    p.toks[k].is(tokens::CAP)
        && !container
        && !matches!(&*p.keys[k], "the" | "la" | "le" | "les" | "l")
        && any_at(&lx.direction, &p.keys, k).is_none()
        && !p.in_demonym(k)
}

/// A word for a kind of place follows tokens `..=last`: "the Amriya district", "Sibaya and
/// Chiri villages".
fn before_place_noun(lx: &Lexicon, p: &Parsed<'_>, last: usize) -> bool {
    last + 1 < p.keys.len() && p.toks[last].after == tokens::Sep::Join && any_at(&lx.placenoun, &p.keys, last + 1).is_some()
}

/// The place names the actor of the sentence: it opens the sentence (after at most an article)
/// and a lowercase word, a verb, follows it: "Moscou dit…", "La Russie a annoncé…",
/// "Washington said…".
fn is_subject(lx: &Lexicon, p: &Parsed<'_>, first: usize, last: usize) -> bool {
    // It opens the sentence, or a clause after a comma or a word that opens one ("Under the
    // plan, Israel will evacuate…", "said that Russia would…"), after at most an article.
    let article = |i: usize| matches!(&*p.keys[i], "la" | "le" | "l" | "les" | "the");
    let head = (first.saturating_sub(2)..first).rev().take_while(|&i| article(i)).last().unwrap_or(first);
    let opens = head == 0
        || p.toks[head - 1].after == tokens::Sep::Comma
        || (head.saturating_sub(2)..head).any(|j| any_at(&lx.subordinate, &p.keys, j).is_some_and(|n| j + n == head));
    // "Chechnya's towns were destroyed": it is where, not who ("Russia's foreign minister
    // said" keeps Russia as the subject).
    let verb_next = p.toks.get(last + 1).is_some_and(|t| t.is(tokens::LOWER)) && !possessive_part(lx, p, last);
    opens && verb_next
}

/// The place ending at token `last` is the subject of the trigger at `ti` in the passive: what
/// the act was done to ("Portugal is patrolled by…", "Somalia's waters are being patrolled",
/// "Alep a été bombardée").
fn passive_subject(lx: &Lexicon, p: &Parsed<'_>, last: usize, ti: usize) -> bool {
    // "is providing" is the progressive, in the active voice: its subject acts.
    let progressive = p.keys[ti].ends_with("ing");
    !progressive
        && last < ti
        && ti <= last + 5
        && (last + 1..ti).any(|j| any_at(&lx.passive, &p.keys, j).is_some_and(|n| j + n == ti))
        && (last + 1..ti).all(|j| !p.toks[j].is(tokens::CAP))
}

/// The place ending at token `last` is followed by a possessive and, within two words, a word
/// for part of a place: "Senegal's capital", "Iraq's northern Nineveh province".
fn possessive_part(lx: &Lexicon, p: &Parsed<'_>, last: usize) -> bool {
    p.keys.get(last + 1).is_some_and(|k| k == "s")
        && p.toks[last].after == tokens::Sep::Join
        && (last + 2..(last + 4).min(p.keys.len())).any(|i| any_at(&lx.direction, &p.keys, i).is_some())
}

/// The place opens the sentence and a colon follows it ("Syrie : …", "Alep : …").
fn is_headline_prefix(p: &Parsed<'_>, first: usize, last: usize) -> bool {
    first == 0 && p.text[p.toks[last].end as usize..].trim_start().starts_with(':')
}

/// Index (in `p.places`) of the place where the event happened, if the sentence names one.
/// Where an event happened: a place of the gazetteer (index in `p.places`), or a capitalised
/// name the gazetteer does not know, introduced as a place ("in Reshimbagh", "the district of
/// La Presa"): tokens `first..=last`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Loc {
    Known(usize),
    Unknown(usize, usize),
    /// A street (tokens first..=last): its own name, and the point of the town around it.
    Street(usize, usize),
}

/// Capitalised names that a locative word introduces but that are no known place: runs of up to
/// four capitalised words (with "al", "el", "de", "la" between them) right after a locative
/// (or after "city of", "district of" …), not starting a sentence, not a person's given name.
fn unknown_places(g: &Gazetteer, lx: &Lexicon, p: &Parsed<'_>, object_at: Option<usize>) -> Vec<(usize, usize, bool)> {
    let mut out = Vec::new();
    let n = p.toks.len();
    // The frequency slots of the sentence's language and of English (see below).
    let slot = |lang: &str| crate::gazetteer::record::word_lang_slot(lang);
    let (own_slot, english_slot) = (slot(lx.lang), slot("en"));
    let mut i = 0;
    while i < n {
        let t = p.toks[i];
        // "Al-Bayaa", "el-Fasher": an Arabic article joined to the name starts it.
        let article = matches!(&*p.keys[i], "al" | "el" | "ad" | "ash" | "as" | "ar" | "an")
            && i + 1 < n
            && p.toks[i].after == tokens::Sep::Join
            && p.toks[i + 1].is(tokens::CAP);
        let known = p.places.iter().any(|&(f, l, _)| f <= i && i <= l);
        if !t.is(tokens::CAP) || t.is(tokens::SENT_START) || known || i == 0 {
            i += 1;
            continue;
        }
        // Given names, acronyms ("NATO", "CRPF": organisations), demonyms ("Yugoslav") and
        // words that are common in lowercase ("March", "Monday", "Parliament") are not
        // unknown places.
        let entry = lookups::with(g, |lk| lk.word(g, &p.keys[i]));
        // How common the word is in the sentence's language, or in English, which news in
        // every language quotes; not in a third language ("Tal" is a Spanish word, "La" a
        // French one: in "the village of Tal Bizam" they start names).
        let zs = word_zipfs_of(entry);
        let z = [own_slot, english_slot].into_iter().flatten().map(|k| zs[k]).fold(0.0f32, f32::max);
        let z = if article { 0.0 } else { z };
        // Words that qualify a place noun ("Sunni", "Shiite") are no names either, nor is a
        // word for a kind of place, which after a known name is that name's ("the Deir Ezzor
        // Governorate": the place is Deir Ezzor, not a "Governorate" the gazetteer lacks), nor
        // a force or an armed group ("the Hezbollah positions", "Free Syrian Army").
        let demonym = p.in_demonym(i)
            || any_at(&lx.direction, &p.keys, i).is_some()
            || any_at(&lx.placenoun, &p.keys, i).is_some()
            || any_at(&lx.forces, &p.keys, i).is_some();
        let given_name = !article && word_is_first_name(entry);
        if given_name || t.is(tokens::UPPER) || demonym || z >= 3.5 {
            i += 1;
            continue;
        }
        let mut last = i;
        while last + 1 < n && last < i + 3 && p.toks[last].after == tokens::Sep::Join {
            let nx = p.toks[last + 1];
            let connector = matches!(&*p.keys[last + 1], "al" | "el" | "de" | "la" | "del" | "ad" | "as" | "ash" | "ar");
            if nx.is(tokens::CAP) || (connector && last + 2 < n && p.toks[last + 2].is(tokens::CAP)) {
                last += 1;
            } else {
                break;
            }
        }
        // Introduced as a place: by a locative ("in Reshimbagh"), or by a word for a kind of
        // place before or after it ("the village of Sousan", "the Amriya district",
        // "Al-Manishiyah District"); after a fairly common word, that word says what the
        // place is like, not what it is called ("a Shiite neighborhood").
        let named_kind = (before_place_noun(lx, p, last) && z < 3.0) || (last > i && any_at(&lx.placenoun, &p.keys, last).is_some());
        // Or as what an attack or a capture is aimed at, right after its verb ("stormed Tal
        // Rifa'at", "to enter the Jazal Mountains").
        let object = object_at.is_some_and(|o| i == o || (i == o + 1 && matches!(&*p.keys[o], "the" | "la" | "le" | "l" | "les")));
        if !named_kind && !object && !introduced_by_locative(lx, p, i) {
            i = last + 1;
            continue;
        }
        // An unknown name that owns a thing ("outside Patten's hotel", "ChevronTexaco's
        // terminal") is a person's or a company's, unless the thing is part of a place
        // ("Yala's Yaha district" is handled by the place after it).
        let owner = p.keys.get(last + 1).is_some_and(|k| k == "s") && p.toks[last].after == tokens::Sep::Join && !possessive_part(lx, p, last);
        if !owner && !p.places.iter().any(|&(f, l, _)| f <= last && i <= l) {
            // Whether a word for a kind of place names it ("the town of Zorvan").
            let named = named_kind || (i > 0 && genitive_of_place_noun(lx, p, i - 1) == Some(true));
            out.push((i, last, named));
        }
        i = last + 1;
    }
    out
}

/// Where the event whose trigger is tokens `ti..ti+tn` happened, if the sentence says.
fn choose_location(
    g: &Gazetteer,
    lx: &Lexicon,
    p: &Parsed<'_>,
    ti: usize,
    tn: usize,
    ty: EventType,
    actor_places: &[usize],
) -> Option<Loc> {
    let mut best: Option<(Loc, f64)> = None;
    let consider = |loc: Loc, first: usize, last: usize, base: f64, best: &mut Option<(Loc, f64)>| {
        let mut s = base;
        let locative = introduced_by_locative(lx, p, first);
        if locative {
            s += 3.0;
        }
        // "Senegal's capital was shelled": a possessive and a word for part of a place say the
        // event is in that place (when no locative already says so: "in Iraq's northern
        // Nineveh province" is in Nineveh).
        if !locative && possessive_part(lx, p, last) {
            s += 1.5;
        }
        // "Syrie : une frappe…": the place that opens a headline before a colon.
        if is_headline_prefix(p, first, last) {
            s += 3.0;
        }
        // "le consulat d'Iran", "the embassy of Iran": a place in the genitive of a noun. The
        // words are those of every language at once, not the lexicon's `genitive` of the
        // text's: names carry "de" in English text too ("Sergio Vieira de Mello").
        if !locative && first >= 2 {
            let prev = &p.keys[first - 1];
            let genitive = matches!(&**prev, "d" | "de" | "du" | "des" | "of");
            let noun_before = any_at(&lx.direction, &p.keys, first - 2).is_none();
            if genitive && noun_before {
                s -= 2.0;
            }
        }
        // "the Qaboun neighbourhood of (rural) Damascus": the place that contains a named part
        // is less likely where it happened than the part, but is where it happened when the
        // part's name is no place ("the French Hill neighborhood of northern Jerusalem").
        if !locative && (first.saturating_sub(2)..first).any(|j| genitive_of_place_noun(lx, p, j) == Some(false)) {
            s -= 0.6;
        }
        // So is a town or a division before the word for its part ("on the Aleppo
        // neighbourhood of Karm Tarrab").
        if contains_the_part_after(lx, p, last) {
            s -= 0.6;
        }
        // The object of the verb is where it happened ("entered Syria", "captured Zaire"),
        // all the more for an attack ("bombarde la province d'Idlib").
        let after_trigger = first > ti + tn - 1;
        // So is the subject of the verb in the passive ("Portugal is patrolled by…").
        let passive = passive_subject(lx, p, last, ti);
        if (after_trigger && first <= ti + tn + 3 && !locative) || passive {
            s += 1.0;
        }
        if (after_trigger || passive) && ty.targets_places() {
            s += 1.0;
        }
        // "the Amriya district": a name the gazetteer does not know, which the text says is a
        // kind of place, is a finer place than the known one it lies in ("in Baghdad's
        // western Amriya district").
        if matches!(loc, Loc::Unknown(..)) && before_place_noun(lx, p, last) {
            s += 0.5;
        }
        // Nearer the trigger is likelier.
        let dist = if last < ti { ti - last } else { first.saturating_sub(ti + tn - 1) };
        s -= 0.05 * dist as f64;
        if best.is_none_or(|b| s > b.1) {
            *best = Some((loc, s));
        }
    };
    for (k, &(first, last, r)) in p.places.iter().enumerate() {
        if actor_places.contains(&k) {
            continue;
        }
        let base = match r.precision {
            Precision::City => 3.0,
            Precision::Admin2 => 2.7,
            Precision::Admin1 => 2.5,
            Precision::Region => 2.1,
            Precision::Country => 1.4,
        };
        consider(Loc::Known(k), first, last, base, &mut best);
    }
    // A name no gazetteer holds, introduced as a place, is a finer place than a known country
    // or region, and a little less sure than a known city, unless a word for a kind of place
    // names it ("the town of Zorvan, near Hama").
    let object_at = ty.targets_places().then_some(ti + tn);
    for (first, last, named) in unknown_places(g, lx, p, object_at) {
        consider(Loc::Unknown(first, last), first, last, if named { 3.0 } else { 2.8 }, &mut best);
    }
    // A street is finer than the town it is in ("on Haifa Street in Baghdad"). Where the
    // head noun comes first, it says "there" as a locative would ("défilé rue de Rivoli").
    let head_first = super::streets::head_first(lx.lang);
    for &(first, last) in &p.streets {
        let base = if head_first && !introduced_by_locative(lx, p, first) { 6.2 } else { 3.2 };
        consider(Loc::Street(first, last), first, last, base, &mut best);
    }
    best.filter(|b| b.1 >= 2.2).map(|b| b.0)
}

/// The places of a sentence (indices in `p.places`) that name actors.
#[derive(Debug, Default)]
struct ActorPlaces {
    /// Subjects and agents ("Moscou dit…", "par la Russie"): never where the event happened.
    sources: Vec<usize>,
    /// Countries acted on ("une frappe sur le consulat d'Iran"): where an attack, a fight or
    /// an occupation happened may be the country it is aimed at ("entered Syria", "captured
    /// 70 percent of Bosnia"), so those event types may still choose them.
    targets: Vec<usize>,
}

impl ActorPlaces {
    /// The places that cannot be the location of an event of type `ty`.
    fn excluded(&self, ty: EventType) -> Vec<usize> {
        let mut v = self.sources.clone();
        if !ty.targets_places() {
            v.extend(&self.targets);
        }
        v
    }
}

/// Sources, targets, and the places that name actors rather than locations.
fn actors(g: &Gazetteer, lx: &Lexicon, p: &Parsed<'_>, ti: usize, tn: usize) -> (Vec<Actor>, Vec<Actor>, ActorPlaces) {
    let mut sources = Vec::new();
    let mut targets = Vec::new();
    let mut actor_places = ActorPlaces::default();
    let agent_before = |first: usize| (first.saturating_sub(3)..first).any(|i| any_at(&lx.agent, &p.keys, i).is_some());
    for (k, &(first, last, r)) in p.places.iter().enumerate() {
        if is_headline_prefix(p, first, last) {
            continue;
        }
        let locative = introduced_by_locative(lx, p, first);
        let is_country = r.place.kind == Kind::Country;
        let capital = r.place.kind == Kind::City && g.by_id(r.place.id).is_some_and(|pl| pl.feature == Feature::PplC);
        let agent = agent_before(first);
        let subject = last < ti && !locative && is_subject(lx, p, first, last) && !passive_subject(lx, p, last, ti);
        let name = p.text[p.toks[first].start as usize..p.toks[last].end as usize].to_string();
        if (is_country || capital) && (agent || subject) {
            // "New Delhi police shot…": a city's police act in the city, which stays a place
            // the event may be in (a country's troops, or a capital's, act anywhere).
            let own_force = !is_country && lx.forces.matches_at(&p.keys, last + 1).any(|(fi, _)| lx.force_labels[fi] == "police");
            if !own_force {
                actor_places.sources.push(k);
            }
            sources.push(Actor { country: Some(r.place.country.clone()), name });
        } else if (is_country || capital) && (!locative || aimed_at(lx, p, first)) && first > ti + tn - 1 {
            // "une frappe sur le consulat d'Iran": a country after the trigger, not where it
            // happened, is acted on.
            actor_places.targets.push(k);
            targets.push(Actor { country: Some(r.place.country.clone()), name });
        }
    }
    for &(i, _, d) in &p.demonyms {
        // "l'armée syrienne", "combattants kurdes", "Russian officials".
        let force = (i.saturating_sub(2)..(i + 2).min(p.keys.len()))
            .find_map(|j| lx.forces.matches_at(&p.keys, j).next().map(|(fi, _)| lx.force_labels[fi].clone()));
        let name = match &force {
            Some(f) => format!("{f} ({})", d.surface),
            None => d.surface.clone(),
        };
        let a = Actor { country: d.country.clone(), name };
        let agent = agent_before(i);
        if i < ti || agent {
            sources.push(a);
        } else {
            targets.push(a);
        }
    }
    // Armed forces or groups named without a country ("les rebelles").
    for i in 0..p.keys.len() {
        if p.demonyms.iter().any(|(j, _, _)| j.abs_diff(i) <= 2) {
            continue;
        }
        let Some((fi, n)) = lx.forces.matches_at(&p.keys, i).next() else { continue };
        let label = &lx.force_labels[fi];
        // "Rebels in the Ivory Coast dismissed…", "Security forces in Guinea have…": a force
        // or group placed in a country right after its name is that country's.
        let at = i + n;
        let home = (at < p.keys.len() && locative_at(lx, p, at))
            .then(|| p.places.iter().find(|&&(f, _, r)| (at + 1..=at + 2).contains(&f) && r.place.kind == Kind::Country))
            .flatten()
            .map(|&(_, _, r)| r.place.country.clone());
        // Groups are actors even without a country, and so is a group named by its own name
        // ("Hezbollah", whose label is capitalised); a government's bodies only with a country.
        let named = label.starts_with(char::is_uppercase);
        let group = named
            || matches!(label.as_str(), "rebels" | "rebelles" | "insurgents" | "insurgés" | "militants" | "jihadists" | "djihadistes" | "gunmen" | "militia" | "milice" | "protesters" | "manifestants");
        if group || home.is_some() {
            let a = Actor { country: home, name: label.clone() };
            if i < ti { sources.push(a) } else { targets.push(a) }
        }
    }
    (sources, targets, actor_places)
}

/// The words before token `first` say the act is aimed at it: an `object` preposition right
/// before it, or before an article ("sanctions on Iran", "des sanctions contre l'Iran").
fn aimed_at(lx: &Lexicon, p: &Parsed<'_>, first: usize) -> bool {
    (first.saturating_sub(4)..first).any(|j| {
        any_at(&lx.object, &p.keys, j).is_some_and(|n| j + n == first || (j + n + 1 == first && p.keys[j + n].len() <= 3))
    })
}

/// Parses the number that starts at token `i` ("7", "150 000", "vingt", "seven").
fn number_at(lx: &Lexicon, p: &Parsed<'_>, i: usize) -> Option<(u32, usize)> {
    let k = &p.keys[i];
    let digits = |j: usize| !p.keys[j].is_empty() && p.keys[j].bytes().all(|b| b.is_ascii_digit());
    // "150 000", "30,000", "30.000": groups of three digits after a space or a mark.
    let grouped = |j: usize| {
        p.keys[j].len() == 3 && digits(j) && digits(j - 1) && matches!(&p.text[p.toks[j - 1].end as usize..p.toks[j].start as usize], " " | "\u{00A0}" | "\u{202F}" | "," | ".")
    };
    if digits(i) {
        // The tail of a longer number is no number of its own.
        if i > 0 && grouped(i) {
            return None;
        }
        let mut v: u64 = k.parse().ok()?;
        let mut n = 1;
        while i + n < p.keys.len() && grouped(i + n) {
            // A run of digits too long for a count is no count (checked: no overflow).
            v = v.checked_mul(1000)?.checked_add(p.keys[i + n].parse::<u64>().ok()?)?;
            n += 1;
        }
        return u32::try_from(v).ok().map(|v| (v, n));
    }
    lx.numbers.get(&**k).copied().or_else(|| (any_at(&lx.article, &p.keys, i) == Some(1)).then_some(1)).map(|v| (v, 1))
}

/// Where the hedge words before the number at `i` begin ("at least" in "killed at least 12"),
/// or `i` when there are none.
fn hedge_start(lx: &Lexicon, p: &Parsed<'_>, i: usize) -> usize {
    let mut start = i;
    'back: loop {
        for k in start.saturating_sub(4)..start {
            if lx.hedge.matches_at(&p.keys, k).any(|(_, n)| k + n == start) {
                start = k;
                continue 'back;
            }
        }
        return start;
    }
}

/// Deaths and injuries reported in the sentence.
fn casualties(lx: &Lexicon, p: &Parsed<'_>) -> (Option<u32>, Option<u32>) {
    let mut killed: Option<u32> = None;
    let mut injured: Option<u32> = None;
    let n = p.keys.len();
    for i in 0..n {
        let Some((v, len)) = number_at(lx, p, i) else { continue };
        // Years are not casualties.
        if (1800..=2100).contains(&v) && len == 1 && p.keys[i].len() == 4 {
            continue;
        }
        let after = i + len;
        // NUMBER [people-noun] [adjective] killed-word: "20 combattants kurdes tués",
        // "seven people were killed", "8 morts".
        let window = after..(after + 6).min(n);
        let people_near = window.clone().any(|j| any_at(&lx.people, &p.keys, j).is_some());
        // "a" and "une" are articles as often as numbers: "Une frappe a tué…" counts no one,
        // "a soldier was killed" one.
        if !people_near && any_at(&lx.article, &p.keys, i) == Some(1) {
            continue;
        }
        let kill_after = window.clone().any(|j| any_at(&lx.killed, &p.keys, j).is_some());
        let hurt_after = window.clone().any(|j| any_at(&lx.injured, &p.keys, j).is_some());
        // killed-word [people] [hedge] NUMBER: "tue 7 personnes", "killing 8 people", "killed
        // at least 12".
        let bare = hedge_start(lx, p, i);
        let linked = bare > 0 && p.toks[bare - 1].after == tokens::Sep::Join && any_at(&lx.conjunction, &p.keys, bare - 1).is_none();
        let before = if linked { bare.saturating_sub(2)..bare } else { bare..bare };
        let kill_before = before.clone().any(|j| any_at(&lx.killed, &p.keys, j).is_some());
        let hurt_before = before.clone().any(|j| any_at(&lx.injured, &p.keys, j).is_some());
        // A number right after the verb is its object ("wounded 20 in Mahmudiyah"); one a word
        // further needs a noun for people or the end of the sentence to be sure.
        let direct = |ps: &Phrases| linked && any_at(ps, &p.keys, bare - 1) == Some(1);
        let counted = people_near || after == n;
        if kill_after || (kill_before && (counted || direct(&lx.killed))) {
            killed = Some(killed.map_or(v, |k| k.max(v)));
        } else if hurt_after || (hurt_before && (counted || direct(&lx.injured))) {
            injured = Some(injured.map_or(v, |k| k.max(v)));
        }
    }
    (killed, injured)
}

/// For evaluation: the location chosen for the event whose trigger covers the byte span
/// `trigger` of `text` (one sentence). Returns the byte span of the chosen place.
pub fn location_for_trigger(
    g: &Gazetteer,
    text: &str,
    lang: &str,
    geo: &Geoparsed,
    trigger: (usize, usize),
) -> Option<(usize, usize)> {
    let lx = lexicon(lang);
    let s = Sentence { start: 0, end: text.len() };
    let lower = text.to_ascii_lowercase();
    let p = parse_sentence(text, s, geo, None, lx, &lower, Vec::new(), Words::default());
    let ti = p.toks.iter().position(|t| (t.start as usize) < trigger.1 && trigger.0 < t.end as usize)?;
    let tn = p.toks.iter().filter(|t| (t.start as usize) < trigger.1 && trigger.0 < t.end as usize).count().max(1);
    let ty = best_trigger(lx, p.text, &p.keys.window(lx, ti..ti + tn), &p.toks[ti..ti + tn]).map(|b| b.2).unwrap_or(EventType::Assault);
    let (_, _, actor_places) = actors(g, lx, &p, ti, tn);
    match choose_location(g, lx, &p, ti, tn, ty, &actor_places.excluded(ty))? {
        Loc::Known(k) => Some((p.places[k].2.start, p.places[k].2.end)),
        Loc::Unknown(f, l) | Loc::Street(f, l) => Some((p.toks[f].start as usize, p.toks[l].end as usize)),
    }
}

/// For evaluation: the main event of one sentence: its type and source and target countries.
pub fn main_event(g: &Gazetteer, text: &str, lang: &str, geo: &Geoparsed) -> Option<Event> {
    let ctx = ArticleContext { article_id: "eval", lang, published: None, focus: None };
    let lx = lexicon(lang);
    let s = Sentence { start: 0, end: text.len() };
    let lower = text.to_ascii_lowercase();
    let p = parse_sentence(text, s, geo, None, lx, &lower, Vec::new(), Words::default());
    let (ti, tn, ty, conf) = best_trigger(lx, p.text, &p.keys, &p.toks)?;
    Some(build_event(g, lx, &p, ti, tn, ty, conf, &ctx, 0, 0))
}

/// ISO 3166-1 alpha-3 code of an alpha-2 code.
pub fn iso3(alpha2: &str) -> Option<&'static str> {
    static MAP: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    MAP.get_or_init(|| {
        include_str!("lexicon/iso3.tsv")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .collect()
    })
    .get(alpha2)
    .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_id_is_its_article_s_and_its_sentence_number() {
        assert_eq!(event_id("a1", 0), "a1-0");
        assert_eq!(event_id("lgl/38", 1234567), "lgl/38-1234567");
        assert_eq!(event_id("", usize::MAX), format!("-{}", usize::MAX));
    }

    #[test]
    fn a_short_word_packs_to_its_bytes_padded_with_zeros() {
        let mut seen = std::collections::HashMap::new();
        for w in ["", "a", "at", "the", "kill", "attack", "fighting", "protests", "ab", "ba", "aba"] {
            let mut b = [0u8; 8];
            b[..w.len()].copy_from_slice(w.as_bytes());
            let p = packed(w.as_bytes()).expect(w);
            assert_eq!(p, u64::from_le_bytes(b), "{w}");
            assert_eq!(seen.insert(p, w), None, "{w}");
        }
        assert_eq!(packed(b"negotiated"), None);
    }

    #[test]
    fn a_wrapped_line_does_not_end_a_sentence() {
        let t = "Le blessé fut conduit à l'hôpital de\nGenève où il mourut.\nLes obsèques auront lieu jeudi.";
        let got: Vec<_> = sentences(t).iter().map(|s| &t[s.start..s.end]).collect();
        assert_eq!(got, ["Le blessé fut conduit à l'hôpital de\nGenève où il mourut.", "Les obsèques auront lieu jeudi."]);
        let t = "Le prix est attribué à M.\nKellogg pour la paix.\nPARIS, 15 mai.";
        let got: Vec<_> = sentences(t).iter().map(|s| &t[s.start..s.end]).collect();
        assert_eq!(got, ["Le prix est attribué à M.\nKellogg pour la paix.", "PARIS, 15 mai."]);
    }

    #[test]
    fn splits_sentences() {
        let t = "Le président a parlé. M. Dupont a répondu. Puis:\nSyrie : une frappe tue 7 personnes";
        let s: Vec<&str> = sentences(t).iter().map(|s| &t[s.start..s.end]).collect();
        assert_eq!(s, vec!["Le président a parlé.", "M. Dupont a répondu.", "Puis:", "Syrie : une frappe tue 7 personnes"]);
    }

    #[test]
    fn a_sentence_s_share_of_the_text_tokens_is_its_own_tokenisation() {
        let long = "x".repeat(5 * MAX_SENTENCE_BYTES);
        let t = format!("St. Louis, Mo. — Rain fell.\nGENÈVE (AFP) – La réunion, ce samedi? Oui. {long} fin");
        let mut all = Vec::new();
        tokens::tokenize(&t, &mut all);
        for s in sentences(&t) {
            let mut alone = Vec::new();
            tokens::tokenize(&t[s.start..s.end], &mut alone);
            match sentence_tokens(&all, s) {
                Some(inside) => {
                    let mut copied = Vec::new();
                    copy_sentence_tokens(inside, s, &mut copied);
                    assert_eq!(copied, alone, "{:?}", &t[s.start..s.end.min(s.start + 40)]);
                }
                // Only a sentence cut inside a word has no share of its own.
                None => assert!(s.end - s.start >= MAX_SENTENCE_BYTES, "{:?}", &t[s.start..s.end.min(s.start + 40)]),
            }
        }
    }

    #[test]
    fn endless_sentences_are_cut_into_bounded_pieces() {
        // No full stop in 100,000 words, then one long word of multi-byte letters.
        let t = "des combats à Alep, ".repeat(5_000) + &"é".repeat(10_000);
        let parts = sentences(&t);
        assert!(parts.len() > 40, "{}", parts.len());
        for s in &parts {
            assert!(s.end - s.start <= 2 * MAX_SENTENCE_BYTES, "{}", s.end - s.start);
            assert!(t.is_char_boundary(s.start) && t.is_char_boundary(s.end));
        }
        // Nothing is lost but the spaces at the cuts.
        let kept: usize = parts.iter().map(|s| s.end - s.start).sum();
        assert!(kept + parts.len() >= t.trim_end().len() - parts.len(), "{kept} of {}", t.len());
    }

    #[test]
    fn each_sentence_s_marks_are_the_phrases_that_match_there() {
        // Every section of both lexicons, over the repository's own articles and a few
        // sentences with multi-word phrases: the marks read at each token must be what
        // comparing the token with every phrase of the section gives.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/articles");
        let mut texts: Vec<String> = std::fs::read_dir(&dir)
            .expect("the test articles")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .map(|p| std::fs::read_to_string(p).expect("readable"))
            .collect();
        texts.push("At least 12 people were killed and dozens others wounded; it will not accept the deal.".into());
        texts.push("Au moins 12 personnes ont été tuées, à moins que l'armée ne se retire de la ville de Homs.".into());
        let mut checked = 0;
        for (lang, src) in LEXICONS {
            let mut own = parse_lexicon(src);
            let sections: Vec<Phrases> = own.sections_mut().iter().map(|ps| Phrases { list: ps.list.clone(), sec: ps.sec }).collect();
            let lx = lexicon(lang);
            let none = Geoparsed::default();
            for text in &texts {
                for s in sentences(text) {
                    let lower = text.to_ascii_lowercase();
                    let p = parse_sentence(text, s, &none, None, lx, &lower, Vec::new(), Words::default());
                    for ps in &sections {
                        for i in 0..p.keys.len() {
                            let want: Vec<(usize, usize)> =
                                ps.list.iter().enumerate().filter_map(|(pi, ph)| match_from(ph, &p.keys, i, 0).map(|n| (pi, n))).collect();
                            let got: Vec<(usize, usize)> = ps.matches_at(&p.keys, i).collect();
                            assert_eq!(got, want, "{lang}, section {}, {:?} at {:?}", ps.sec, &text[s.start..s.end], &*p.keys[i]);
                            checked += want.len();
                        }
                    }
                }
            }
        }
        assert!(checked > 200, "only {checked} matches were compared");
    }

    #[test]
    fn first_words_find_every_phrase_a_key_starts_and_no_other() {
        for (lang, src) in LEXICONS {
            let ix = &lexicon(lang).index;
            // Every first word of the lexicon, its prefixes and longer forms, and other words.
            let mut keys: Vec<String> = src
                .lines()
                .flat_map(|l| l.split('\t').filter_map(|f| f.split(' ').next()).map(|w| w.trim_end_matches('*').to_string()))
                .collect();
            let more: Vec<String> = keys.iter().flat_map(|k| [format!("{k}s"), format!("{k}ed"), k.chars().take(2).collect()]).collect();
            keys.extend(more);
            keys.extend(["the", "a", "said", "killed", "kill", "x", "zz", "é", "qq", "genève"].map(String::from));
            let mut buf = Vec::new();
            for key in &keys {
                let slow: Vec<u32> = (0..ix.all.len() as u32).filter(|&i| ix.all[i as usize].2.first().is_some_and(|p| p.matches(key))).collect();
                assert_eq!(ix.first_words.starting(key.as_bytes(), &mut buf), &slow[..], "{lang} {key:?}");
            }
        }
    }

    #[test]
    fn lexicons_parse() {
        for (lang, _) in LEXICONS {
            let lx = lexicon(lang);
            let types: std::collections::HashSet<_> = lx.trigger_meta.iter().map(|t| t.0).collect();
            assert_eq!(types.len(), 18, "{lang} covers every PLOVER type");
            assert!(!lx.numbers.is_empty());
            // Every phrase of the file is in the index: no section was left unnumbered.
            let src = LEXICONS.iter().find(|(l, _)| l == lang).map(|(_, s)| *s).unwrap_or_default();
            let phrases = src.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty() && !l.starts_with("number\t")).count();
            assert_eq!(lx.index.all.len(), phrases, "{lang}");
        }
    }

    #[test]
    fn iso3_codes() {
        assert_eq!(iso3("SY"), Some("SYR"));
        assert_eq!(iso3("US"), Some("USA"));
        assert_eq!(iso3("XX"), None);
    }
}
