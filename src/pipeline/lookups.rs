//! A per-thread memory of the gazetteer lookups that place recognition makes for each word:
//! the walk of the name automaton over it, its demonym entry and its word frequencies; and,
//! for resolution, the summaries of each name's candidates.
//!
//! News text repeats the same few thousand words ("The", "President", "Texas", "said"), and
//! each lookup decodes automaton nodes byte by byte. Remembering each distinct word's answer
//! makes a repeated word cost one hash probe. The memory belongs to one thread (no locks), is
//! keyed by a 64-bit fingerprint of the word as written (so a hit costs no folding, and a slot
//! no room for the word), follows the gazetteer it was filled from, and is emptied when it
//! grows past [`MAX_ENTRIES`], so that it stays bounded whatever the input.

use super::places::fold_into;
use super::resolve::MAX_CANDIDATES;
use crate::gazetteer::{Brief, Gazetteer, Kind};
use fst::raw::{Fst, Output};
use rustc_hash::FxHashMap;
use std::cell::RefCell;

/// Entries kept per table before it is emptied (at most some 30 MB for the four tables, slots of
/// 24 to 32 bytes, and 8 MB of candidates' summaries).
const MAX_ENTRIES: usize = 1 << 17;

/// Where the name automaton is after a word: its node and the output gathered on the way
/// (relative to the node it started from), and the node's final output if a name ends there.
#[derive(Clone, Copy, Debug)]
pub struct Step {
    pub addr: usize,
    pub out: u64,
    pub end: Option<u64>,
    /// Some name goes on from here with another word (the node has a transition on the
    /// space between words): without it, the next word need not be looked up.
    pub more: bool,
}

/// A `Step` in 24 bytes instead of 40 (the address in 32 bits); None when the address does
/// not fit, and the step is then not remembered.
#[derive(Clone, Copy)]
struct Packed {
    addr: u32,
    /// 1: no name ends here; 2: a name ends here; 4 added when a name goes on with another
    /// word.
    kind: u8,
    out: u64,
    end: u64,
}

impl Packed {
    fn pack(s: Step) -> Option<Packed> {
        Some(Packed {
            addr: u32::try_from(s.addr).ok()?,
            kind: 1 + u8::from(s.end.is_some()) + 4 * u8::from(s.more),
            out: s.out,
            end: s.end.unwrap_or(0),
        })
    }

    #[inline]
    fn unpack(self) -> Step {
        Step {
            addr: self.addr as usize,
            out: self.out,
            end: (self.kind & 3 == 2).then_some(self.end),
            more: self.kind & 4 != 0,
        }
    }
}

/// What place recognition asks of a name's readings (its postings, in the index's order: the
/// most prominent first), read once from the place table. The postings and the records they
/// point to lie anywhere in megabytes of index; a name's summary is one probe of a table that
/// holds only the names the text has used.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Readings {
    /// The first reading's kind and prominence ([`Gazetteer::kind_prior`]).
    pub top: Option<(Kind, f64)>,
    /// The first reading is under the place's primary name.
    pub top_primary: bool,
    /// Some reading among the first eight is under a primary name.
    pub any_primary: bool,
    /// Position of the first country among the first eight readings, 8 when there is none.
    pub country_at: u8,
}

impl Readings {
    fn of(g: &Gazetteer, value: u64) -> Readings {
        let postings = g.postings(value);
        let top = postings.get(0);
        Readings {
            top: top.map(|p| g.kind_prior(p.idx)),
            top_primary: top.is_some_and(|p| p.primary),
            any_primary: postings.iter().take(8).any(|p| p.primary),
            country_at: postings.iter().take(8).position(|p| g.kind(p.idx) == Kind::Country).unwrap_or(8) as u8,
        }
    }

    /// The first reading's prominence, if the name has one.
    pub fn prominence(&self) -> Option<f64> {
        self.top.map(|(_, p)| p)
    }

    /// A country is among the first `n` readings (at most eight).
    pub fn has_country(&self, n: u8) -> bool {
        self.country_at < n.min(8)
    }
}

/// The remembered lookups, for one gazetteer.
#[derive(Default)]
pub struct Lookups {
    gazetteer: u64,
    /// Key: a 64-bit fingerprint ([`Lookups::fingerprint`]) of the start node's address,
    /// whether a space joins the word to what came before, and the word as written. The
    /// fingerprint stands for the key itself: a slot is 32 bytes, two to a cache line, where
    /// slots holding whole words did not fit a long run of text's table (some 27,000 steps
    /// for LGL's 1.1 MB) in a core's second-level cache. Only steps where a name goes on.
    steps: Memo<Packed>,
    /// The keys of the steps where no name goes on, kept apart from `steps`: three in four of
    /// a text's steps (a capitalised word that starts no name), held here in 9 bytes a slot
    /// instead of 33, so that the two tables take half the room of one, and more of them
    /// stays in cache.
    no_steps: std::collections::HashSet<u64, std::hash::BuildHasherDefault<Mixed>>,
    /// The seed of the fingerprints, drawn once per thread: two keys share a fingerprint
    /// with a chance of about one in 2^64 per pair, and no text can be written to make them.
    seed: foldhash::quality::RandomState,
    /// Key: the fingerprint of the word as written, or of two words and a space between them.
    demonyms: Memo<Option<u64>>,
    /// Key: the fingerprint of the normalised word.
    words: Memo<Option<u64>>,
    /// Key: a value of the name automaton.
    readings: FxHashMap<u64, Readings>,
    /// Key: a value of the name automaton; value: where its first candidates'
    /// summaries are in `brief_list`, one after the other, so that resolving a name read before
    /// copies one run of memory instead of reading a record per candidate, each anywhere in
    /// the gazetteer.
    briefs: FxHashMap<u64, (u32, u32)>,
    /// Candidates' summaries, and whether each is under the place's primary name.
    brief_list: Vec<(Brief, bool)>,
    /// Which words may be demonyms, for the gazetteer followed.
    demonym_filter: Option<Filter>,
    /// The address of the name automaton's root (decoding the root node, which has a
    /// transition for most bytes, costs more than a step).
    root: usize,
    fold: String,
}

/// A table of answers keyed by fingerprints.
pub(crate) type Memo<V> = std::collections::HashMap<u64, V, std::hash::BuildHasherDefault<Mixed>>;

/// The table a fingerprint is of, mixed into it: the same bytes asked of two tables are two
/// keys.
#[derive(Clone, Copy)]
enum Table {
    Steps = 1,
    Demonyms = 2,
    Words = 3,
}

/// The hasher of a table keyed by fingerprints, which are hashes already: it passes them on.
#[derive(Default)]
pub(crate) struct Mixed(u64);

impl std::hash::Hasher for Mixed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` is used; any other key is folded in, not lost.
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

/// A Bloom filter of the demonym automaton's keys, in a few KB that stay in cache: most
/// capitalised words are no demonym, and the filter says so without a trip to the large
/// memory of answers. It holds the keys' bytes, which for a word of ASCII letters and digits
/// are the word in lowercase; other words are always looked up.
struct Filter {
    bits: Vec<u64>,
    mask: u64,
}

impl Filter {
    fn of(fst: &Fst<impl AsRef<[u8]>>) -> Filter {
        use fst::Streamer;
        let n = fst.len().max(1);
        // About 16 bits a key and two probes: some 0.5% of other words pass.
        let nbits = (n * 16).next_power_of_two().max(64);
        let mut f = Filter { bits: vec![0; nbits / 64], mask: nbits as u64 - 1 };
        let mut keys = fst.stream();
        while let Some((k, _)) = keys.next() {
            let h = hash_lower(&[k], false).unwrap_or(0);
            f.set(h);
            f.set(h >> 32);
        }
        f
    }

    fn set(&mut self, h: u64) {
        let b = h & self.mask;
        self.bits[(b >> 6) as usize] |= 1 << (b & 63);
    }

    fn get(&self, h: u64) -> bool {
        let b = h & self.mask;
        self.bits[(b >> 6) as usize] & (1 << (b & 63)) != 0
    }

    /// Whether some key of the automaton may be `words` joined by spaces; None when a word
    /// holds a byte other than an ASCII letter or digit, which the filter cannot say.
    fn may_hold(&self, words: &[&[u8]]) -> Option<bool> {
        let h = hash_lower(words, true)?;
        Some(self.get(h) && self.get(h >> 32))
    }
}

/// A hash of `parts` in ASCII lowercase, joined by spaces (FNV-1a, then mixed). With `plain`,
/// None as soon as a byte is not an ASCII letter or digit: the check and the hash are one
/// pass over the bytes.
#[inline]
fn hash_lower(parts: &[&[u8]], plain: bool) -> Option<u64> {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h = (h ^ u64::from(b' ')).wrapping_mul(0x0100_0000_01b3);
        }
        for &b in *p {
            if plain && !b.is_ascii_alphanumeric() {
                return None;
            }
            h = (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0100_0000_01b3);
        }
    }
    h ^= h >> 29;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    Some(h ^ (h >> 32))
}

thread_local! {
    static LOOKUPS: RefCell<Lookups> = RefCell::new(Lookups::default());
}

/// Runs `f` with this thread's lookups for `g` (a fresh, empty memory if the thread's own is
/// already in use further up the stack).
pub fn with<R>(g: &Gazetteer, f: impl FnOnce(&mut Lookups) -> R) -> R {
    LOOKUPS.with(|cell| match cell.try_borrow_mut() {
        Ok(mut lk) => {
            lk.follow(g);
            f(&mut lk)
        }
        Err(_) => {
            let mut lk = Lookups::default();
            lk.follow(g);
            f(&mut lk)
        }
    })
}

/// Empties this thread's memory (for benchmarks of a cold start).
pub fn forget() {
    LOOKUPS.with(|cell| {
        if let Ok(mut lk) = cell.try_borrow_mut() {
            *lk = Lookups::default();
        }
    })
}

/// Walks an automaton from `node` over `bytes`; None when it falls off.
#[inline]
pub fn walk<'f, D: AsRef<[u8]>>(
    fst: &'f Fst<D>,
    mut node: fst::raw::Node<'f>,
    mut out: Output,
    bytes: &[u8],
) -> Option<(usize, Output)> {
    for &b in bytes {
        let i = node.find_input(b)?;
        let t = node.transition(i);
        out = out.cat(t.out);
        node = fst.node(t.addr);
    }
    Some((node.addr(), out))
}

impl Lookups {
    fn follow(&mut self, g: &Gazetteer) {
        let full = [self.steps.len(), self.no_steps.len(), self.words.len(), self.demonyms.len(), self.readings.len(), self.brief_list.len()].iter().any(|&n| n > MAX_ENTRIES);
        if self.gazetteer != g.uid() || full {
            self.steps.clear();
            self.no_steps.clear();
            self.demonyms.clear();
            self.words.clear();
            self.readings.clear();
            self.briefs.clear();
            self.brief_list.clear();
        }
        if self.gazetteer != g.uid() || self.demonym_filter.is_none() {
            self.demonym_filter = Some(Filter::of(g.demonyms_fst()));
            self.root = g.names_fst().root().addr();
            self.gazetteer = g.uid();
        }
    }

    /// The name automaton's step over `word` from the node at `addr`, after a space when
    /// `spaced` (the next word of a multi-word name). None when no name continues so.
    pub fn step(&mut self, g: &Gazetteer, addr: usize, spaced: bool, word: &str) -> Option<Step> {
        let key = self.fingerprint(Table::Steps, addr as u64 | u64::from(spaced) << 63, &[word.as_bytes()]);
        if let Some(s) = self.steps.get(&key) {
            return Some(s.unpack());
        }
        if self.no_steps.contains(&key) {
            return None;
        }
        self.fold.clear();
        if spaced {
            self.fold.push(' ');
        }
        let fst = g.names_fst();
        let step = if fold_into(word, &mut self.fold) {
            walk(fst, fst.node(addr), Output::zero(), self.fold.as_bytes()).map(|(a, out)| {
                let node = fst.node(a);
                Step {
                    addr: a,
                    out: out.value(),
                    end: node.is_final().then(|| node.final_output().value()),
                    more: node.find_input(b' ').is_some(),
                }
            })
        } else {
            None
        };
        match step {
            None => {
                self.no_steps.insert(key);
            }
            Some(s) => {
                if let Some(p) = Packed::pack(s) {
                    self.steps.insert(key, p);
                }
            }
        }
        step
    }

    /// The fingerprint of a key of `table`: a number (a step's node and whether a space came
    /// before) and bytes, several parts joined by spaces.
    #[inline]
    fn fingerprint(&self, table: Table, n: u64, parts: &[&[u8]]) -> u64 {
        use std::hash::{BuildHasher, Hasher};
        let mut h = self.seed.build_hasher();
        h.write_u64(n ^ (table as u64) << 56);
        for (i, p) in parts.iter().enumerate() {
            if i > 0 {
                h.write_u8(b' ');
            }
            h.write(p);
        }
        h.finish()
    }

    /// The address of the name automaton's root node.
    pub fn root(&self) -> usize {
        self.root
    }

    /// The value of the name automaton for a single word, if the word is a whole name.
    pub fn name(&mut self, g: &Gazetteer, word: &str) -> Option<u64> {
        self.step(g, self.root, false, word).and_then(|s| s.end.map(|e| s.out + e))
    }

    /// The demonym automaton's value for a word as written.
    pub fn demonym(&mut self, g: &Gazetteer, word: &str) -> Option<u64> {
        self.demonym_of(g, &[word])
    }

    /// The demonym automaton's value for two words as one form ("North Korean", "nord-coréen").
    /// Remembered with the single words, under both words and a space (which no single word
    /// holds).
    pub fn demonym_pair(&mut self, g: &Gazetteer, a: &str, b: &str) -> Option<u64> {
        self.demonym_of(g, &[a, b])
    }

    /// The demonym automaton's value for `words` joined by spaces.
    fn demonym_of(&mut self, g: &Gazetteer, words: &[&str]) -> Option<u64> {
        if let (Some(f), 1..=2) = (&self.demonym_filter, words.len()) {
            let parts = [words[0].as_bytes(), words.get(1).map_or(&[][..], |w| w.as_bytes())];
            if f.may_hold(&parts[..words.len()]) == Some(false) {
                return None;
            }
        }
        let key = match words {
            [a] => Some(self.fingerprint(Table::Demonyms, 1, &[a.as_bytes()])),
            [a, b] => Some(self.fingerprint(Table::Demonyms, 2, &[a.as_bytes(), b.as_bytes()])),
            _ => None,
        };
        if let Some(v) = key.and_then(|k| self.demonyms.get(&k)) {
            return *v;
        }
        self.fold.clear();
        let mut folded = true;
        for (i, w) in words.iter().enumerate() {
            if i > 0 {
                self.fold.push(' ');
            }
            folded = folded && fold_into(w, &mut self.fold);
        }
        let v = if folded {
            let fst = g.demonyms_fst();
            walk(fst, fst.root(), Output::zero(), self.fold.as_bytes()).and_then(|(addr, out)| {
                let node = fst.node(addr);
                node.is_final().then(|| out.cat(node.final_output()).value())
            })
        } else {
            None
        };
        if let Some(k) = key {
            self.demonyms.insert(k, v);
        }
        v
    }

    /// The summary of the readings of a name-automaton value.
    pub fn readings(&mut self, g: &Gazetteer, value: u64) -> Readings {
        *self.readings.entry(value).or_insert_with(|| Readings::of(g, value))
    }

    /// The summaries of the first [`MAX_CANDIDATES`] candidates of a name-automaton value, in
    /// the gazetteer's order, each with whether it is under the place's primary name.
    pub fn briefs(&mut self, g: &Gazetteer, value: u64) -> &[(Brief, bool)] {
        let list = &mut self.brief_list;
        let &mut (from, n) = self.briefs.entry(value).or_insert_with(|| {
            let from = list.len() as u32;
            list.extend(g.postings(value).iter().take(MAX_CANDIDATES).map(|p| (g.brief(p.idx), p.primary)));
            (from, list.len() as u32 - from)
        });
        &self.brief_list[from as usize..(from + n) as usize]
    }

    /// The word-frequency entry of a normalised word ([`Gazetteer::word_entry`]).
    pub fn word(&mut self, g: &Gazetteer, key: &str) -> Option<u64> {
        let k = self.fingerprint(Table::Words, 0, &[key.as_bytes()]);
        if let Some(v) = self.words.get(&k) {
            return *v;
        }
        let v = g.word_entry(key);
        self.words.insert(k, v);
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_s_remembered_candidates_are_the_gazetteer_s() {
        let g = Gazetteer::embedded();
        let mut lk = Lookups::default();
        lk.follow(g);
        for name in ["paris", "springfield", "alep", "washington", "san jose"] {
            let value = g.names_fst().get(name.as_bytes()).map(|o| o.value()).expect(name);
            let want: Vec<(Brief, bool)> = g.postings(value).iter().take(MAX_CANDIDATES).map(|p| (g.brief(p.idx), p.primary)).collect();
            assert!(!want.is_empty(), "{name}");
            // Asked twice: the first answer is read from the gazetteer, the second remembered.
            assert_eq!(lk.briefs(g, value), &want[..], "{name}");
            assert_eq!(lk.briefs(g, value), &want[..], "{name}");
        }
    }

    #[test]
    fn the_demonym_filter_lets_every_demonym_through() {
        use fst::Streamer;
        let g = Gazetteer::embedded();
        let f = Filter::of(g.demonyms_fst());
        let (mut keys, mut checked) = (g.demonyms_fst().stream(), 0);
        while let Some((k, _)) = keys.next() {
            let parts: Vec<&[u8]> = k.split(|&b| b == b' ').collect();
            // A key with other bytes than letters and digits is never turned away: the
            // filter does not answer for it.
            assert_ne!(f.may_hold(&parts), Some(false), "{:?}", String::from_utf8_lossy(k));
            checked += 1;
        }
        assert!(checked > 1000, "{checked} demonyms");
        // Written with capitals, as in text.
        assert_eq!((f.may_hold(&[b"Syrian"]), f.may_hold(&[b"North", b"Korean"])), (Some(true), Some(true)));
        assert_eq!(f.may_hold(&["nord-coréen".as_bytes()]), None);
        // And it turns most other words away.
        let words = ["Table", "Monday", "President", "Texas", "Obama", "Street", "County", "Senate", "Police", "School"];
        let passed = words.iter().filter(|w| f.may_hold(&[w.as_bytes()]) != Some(false)).count();
        assert!(passed <= 2, "{passed} of {} words that are no demonyms pass", words.len());
    }

    #[test]
    fn remembered_answers_equal_fresh_lookups() {
        let g = Gazetteer::embedded();
        for _ in 0..2 {
            with(g, |lk| {
                assert_eq!(lk.name(g, "Genève"), g.name_value("geneve"));
                assert_eq!(lk.name(g, "GENÈVE"), g.name_value("geneve"));
                assert_eq!(lk.name(g, "Nowhereville"), None);
                let root = g.names_fst().root().addr();
                let new = lk.step(g, root, false, "New").expect("names start with 'new'");
                let york = lk.step(g, new.addr, true, "York").expect("new york");
                assert_eq!(york.end.map(|e| new.out + york.out + e), g.name_value("new york"));
                assert_eq!(lk.word(g, "the"), g.word_entry("the"));
                let v = g.name_value("georgia").expect("georgia is a name");
                let r = lk.readings(g, v);
                assert_eq!(lk.readings(g, v), r);
                let first = g.postings(v).get(0).unwrap();
                assert_eq!(r.top, Some(g.kind_prior(first.idx)));
                assert_eq!(r.top_primary, first.primary);
                // The country and the state: both readings are among the first.
                assert!(r.has_country(8) && r.country_at < 2, "{r:?}");
                assert!(lk.demonym(g, "Syrian").is_some());
                assert!(lk.demonym(g, "Table").is_none());
                assert!(lk.demonym_pair(g, "North", "Korean").is_some());
                assert!(lk.demonym_pair(g, "nord", "coréen").is_some());
                assert!(lk.demonym_pair(g, "North", "Carolina").is_none());
                // A long word is kept like a short one, and asked again gives the same answer.
                let long = "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch";
                for _ in 0..2 {
                    assert_eq!(lk.name(g, long), g.name_value(&crate::gazetteer::normalize::normalize(long)));
                    assert_eq!(lk.word(g, long), g.word_entry(long));
                }
                // The same bytes asked of two tables, or as one word and as two, are two keys.
                assert_eq!(lk.word(g, "syrian"), g.word_entry("syrian"));
                assert!(lk.demonym(g, "Syrian").is_some());
                assert!(lk.demonym_pair(g, "Sy", "rian").is_none());
            });
        }
    }
}
