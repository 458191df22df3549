//! The offline gazetteer: every place Dateline knows, under all its names, behind a name
//! index that maps straight into memory.
//!
//! In: a binary index (the default one is built from `gazetteer/` at compile time and embedded
//! in the binary; others come from `dateline gazetteer build` or `import` and are
//! memory-mapped). Out: [`Place`]s, ranked candidates for a name ([`Gazetteer::lookup`],
//! [`Gazetteer::search`]), demonyms, and word frequencies used to tell common words from names.
//!
//! Opening an index reads its header and checks the section bounds; it parses nothing else, so
//! a cold start costs microseconds plus the page faults of the lookups that follow.

pub mod format;
pub mod import;
pub mod normalize;
pub mod record;
pub mod source;
pub mod writer;

use format::*;
use record::WordEntry;
use geo::Point;
pub use record::{Feature, Kind};
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// Errors at the gazetteer's boundary.
#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    #[error("cannot read gazetteer {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("gazetteer {path} is corrupt: {reason}")]
    Corrupt { path: String, reason: String },
    #[error("{0}")]
    Source(#[from] source::SourceError),
    #[error("cannot build the index: {0}")]
    Write(#[from] writer::WriteError),
    #[error("GeoNames import: {0}")]
    Import(String),
}

static EMBEDDED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.dlgz"));

enum Data {
    Static(&'static [u8]),
    Mapped(memmap2::Mmap),
    Owned(Vec<u8>),
}

impl AsRef<[u8]> for Data {
    fn as_ref(&self) -> &[u8] {
        match self {
            Data::Static(b) => b,
            Data::Mapped(m) => m,
            Data::Owned(v) => v,
        }
    }
}

/// A window on the index bytes that an `fst` map can own.
#[derive(Clone)]
pub struct Section {
    data: Arc<Data>,
    start: usize,
    end: usize,
}

impl AsRef<[u8]> for Section {
    fn as_ref(&self) -> &[u8] {
        &(*self.data).as_ref()[self.start..self.end]
    }
}

/// Index of a place in the gazetteer's table (not its GeoNames id).
pub type PlaceIdx = u32;

/// One place, read from the index.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Place<'g> {
    pub idx: PlaceIdx,
    /// GeoNames id (or Dateline's own id above 4,000,000,000 for curated regions).
    pub id: u32,
    pub kind: Kind,
    pub feature: Feature,
    /// x = longitude, y = latitude, degrees.
    pub point: Point<f64>,
    pub population: u64,
    pub country: &'g str,
    pub admin1: &'g str,
    pub admin2: &'g str,
    pub name: &'g str,
}

impl Place<'_> {
    /// The prior used when nothing in the text decides: kind, feature and population.
    pub fn prior(&self) -> f64 {
        record::prior_score(self.kind, self.feature, self.population)
    }
}

/// What resolution weighs of a place, read without decoding its names: kind, point, prior,
/// and its country and first-order division as keys that compare in one instruction.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Brief {
    pub idx: PlaceIdx,
    pub kind: Kind,
    /// x = longitude, y = latitude, degrees (as [`Place::point`]).
    pub point: Point<f64>,
    pub population: u64,
    /// [`Place::prior`].
    pub prior: f64,
    /// The ISO 3166-1 alpha-2 code's two bytes ([`country_key`]); zero for a place in no
    /// country.
    pub country: u16,
    /// The first-order division's code as a key of this index: two places have the same
    /// key exactly when their codes are equal; zero for none.
    pub admin1: u32,
}

/// The key [`Brief::country`] holds for an ISO 3166-1 alpha-2 code ("SY"); zero for "".
pub fn country_key(code: &str) -> u16 {
    let b = code.as_bytes();
    u16::from_le_bytes([b.first().copied().unwrap_or(0), b.get(1).copied().unwrap_or(0)])
}

/// One entry of a name's posting list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Posting {
    pub idx: PlaceIdx,
    /// The name is the place's primary name (not only an alternate one).
    pub primary: bool,
}

/// The candidates for one name, best prior first.
#[derive(Clone, Copy)]
pub struct Postings<'g> {
    inline: Option<u32>,
    list: &'g [u8],
}

impl<'g> Postings<'g> {
    fn empty() -> Self {
        Postings { inline: None, list: &[] }
    }
    pub fn len(&self) -> usize {
        if self.inline.is_some() {
            1
        } else {
            self.list.len() / 4
        }
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    pub fn get(&self, i: usize) -> Option<Posting> {
        let raw = match self.inline {
            Some(v) if i == 0 => v,
            Some(_) => return None,
            None => u32::from_le_bytes(self.list.get(i * 4..i * 4 + 4)?.try_into().ok()?),
        };
        Some(Posting { idx: raw & IDX_MASK, primary: (raw >> IDX_BITS) & FLAG_PRIMARY != 0 })
    }
    pub fn iter(&self) -> impl Iterator<Item = Posting> + 'g {
        let me = *self;
        (0..me.len()).filter_map(move |i| me.get(i))
    }
}

/// A demonym found in the index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Demonym<'g> {
    /// ISO 3166-1 alpha-2, or "" for a people without a state.
    pub country: &'g str,
    pub lang: &'g str,
    /// The place within the country the form names ("Texan": Texas), if not the country.
    pub place: Option<u32>,
}

/// The gazetteer: see the module documentation.
pub struct Gazetteer {
    data: Arc<Data>,
    sections: [(usize, usize); SECTION_COUNT],
    len: u32,
    names: fst::Map<Section>,
    demonyms: fst::Map<Section>,
    words: fst::Map<Section>,
    origin: String,
    countries: OnceLock<std::collections::HashMap<[u8; 2], PlaceIdx>>,
    /// Unique to this opening of an index, so that caches of lookups can tell indexes apart.
    uid: u64,
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gazetteer").field("places", &self.len).field("origin", &self.origin).finish()
    }
}

/// Options of [`Gazetteer::search`].
#[derive(Clone, Debug, Default)]
pub struct SearchOptions {
    /// Language of the query, for its qualifier words ("province de", "county").
    pub lang: Option<String>,
    /// Keep only places in this country (ISO alpha-2).
    pub country: Option<String>,
    /// Keep only places of this kind.
    pub kind: Option<Kind>,
    pub limit: usize,
}

/// A ranked answer of [`Gazetteer::search`].
#[derive(Clone, Debug)]
pub struct Candidate<'g> {
    pub place: Place<'g>,
    pub score: f64,
    /// The name as matched in the index (normalised).
    pub matched: String,
}

/// Zipf frequencies per language of a word entry ([`Gazetteer::word_entry`]); zeros for none.
pub fn word_zipfs_of(entry: Option<u64>) -> [f32; 6] {
    let mut out = [0.0f32; 6];
    if let Some(v) = entry {
        for (slot, z) in out.iter_mut().enumerate() {
            *z = ((v >> (8 * slot)) & 0xff) as f32 / 10.0;
        }
    }
    out
}

/// Whether a word entry ([`Gazetteer::word_entry`]) is a common given name.
pub fn word_is_first_name(entry: Option<u64>) -> bool {
    entry.is_some_and(|v| (v >> (8 * record::WORD_FLAGS)) as u8 & record::WORD_FIRST_NAME != 0)
}

/// The kind of a place record.
#[inline]
fn record_kind(r: &[u8]) -> Kind {
    Kind::from_u8(r[30]).unwrap_or(Kind::City)
}

/// The kind and prior of a place record ([`Place::prior`]).
#[inline]
fn record_kind_prior(r: &[u8]) -> (Kind, f64) {
    let kind = record_kind(r);
    (kind, record::prior_score(kind, Feature::from_u8(r[31]), read_u32(r, 12) as u64))
}

/// A coordinate of a place record: stored as f32 (about 1 m of precision), rounded to 5
/// decimals so that printed coordinates read as the source wrote them.
#[inline]
fn coordinate(r: &[u8], at: usize) -> f64 {
    let v = f32::from_le_bytes([r[at], r[at + 1], r[at + 2], r[at + 3]]) as f64;
    (v * 1e5).round() / 1e5
}

fn read_u32(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}
fn read_u64(b: &[u8], at: usize) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(a)
}

impl Gazetteer {
    /// The default gazetteer compiled into the binary, opened once per process.
    pub fn embedded() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| {
            Gazetteer::from_data(Arc::new(Data::Static(EMBEDDED)), "(embedded)".into(), false)
                .expect("the embedded gazetteer is checked when it is built")
        })
    }

    /// Opens the embedded index anew, without the process-wide cache (for benchmarks of the
    /// cold open).
    pub fn embedded_uncached() -> Result<Gazetteer, GazetteerError> {
        Gazetteer::from_data(Arc::new(Data::Static(EMBEDDED)), "(embedded)".into(), false)
    }

    /// The demonyms and word frequencies of this index as records, so that an index imported
    /// from GeoNames (which has neither) can carry them over.
    pub fn lexicon_records(&self) -> (Vec<record::DemonymRecord>, std::collections::BTreeMap<String, WordEntry>) {
        use fst::Streamer;
        let mut dem = Vec::new();
        let mut s = self.demonyms.stream();
        while let Some((k, v)) = s.next() {
            let form = String::from_utf8_lossy(k).into_owned();
            for d in self.demonym_rows(v) {
                dem.push(record::DemonymRecord {
                    form: form.clone(),
                    lang: d.lang.into(),
                    country: d.country.into(),
                    place: d.place.unwrap_or(0),
                });
            }
        }
        let mut words = std::collections::BTreeMap::new();
        let mut s = self.words.stream();
        while let Some((k, v)) = s.next() {
            let mut f = [0u8; 7];
            for (slot, x) in f.iter_mut().enumerate() {
                *x = ((v >> (8 * slot)) & 0xff) as u8;
            }
            words.insert(String::from_utf8_lossy(k).into_owned(), f);
        }
        (dem, words)
    }

    /// Opens an index file by mapping it into memory, after checking its checksum.
    pub fn open(path: &Path) -> Result<Gazetteer, GazetteerError> {
        let shown = path.display().to_string();
        let file = std::fs::File::open(path)
            .map_err(|source| GazetteerError::Io { path: shown.clone(), source })?;
        // SAFETY: the map is read-only; a file changed underneath us could give wrong answers,
        // which the checksum at open time catches for the common case of a damaged file.
        let map = unsafe { memmap2::Mmap::map(&file) }
            .map_err(|source| GazetteerError::Io { path: shown.clone(), source })?;
        Gazetteer::from_data(Arc::new(Data::Mapped(map)), shown, true)
    }

    /// Opens an index held in memory (checked like a file).
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Gazetteer, GazetteerError> {
        Gazetteer::from_data(Arc::new(Data::Owned(bytes)), "(memory)".into(), true)
    }

    /// Builds an index from a directory of sources laid out like `gazetteer/`.
    pub fn build_from_dir(dir: &Path) -> Result<Vec<u8>, GazetteerError> {
        let input = source::read_dir(dir)?;
        Ok(writer::write_index(input)?)
    }

    fn from_data(data: Arc<Data>, origin: String, verify: bool) -> Result<Gazetteer, GazetteerError> {
        let corrupt = |reason: String| GazetteerError::Corrupt { path: origin.clone(), reason };
        let bytes = (*data).as_ref();
        if bytes.len() < HEADER_SIZE {
            return Err(corrupt(format!("{} bytes is shorter than the header", bytes.len())));
        }
        if &bytes[..4] != MAGIC {
            return Err(corrupt("not a Dateline gazetteer index (bad magic number)".into()));
        }
        let version = read_u32(bytes, 4);
        if version != VERSION {
            return Err(corrupt(format!("format version {version}, expected {VERSION}")));
        }
        let len = read_u32(bytes, 8);
        let mut sections = [(0usize, 0usize); SECTION_COUNT];
        for (i, s) in sections.iter_mut().enumerate() {
            let off = read_u64(bytes, 16 + i * 16);
            let l = read_u64(bytes, 16 + i * 16 + 8);
            let end = off.checked_add(l).filter(|&e| e <= bytes.len() as u64);
            match end {
                Some(end) if off >= HEADER_SIZE as u64 => *s = (off as usize, end as usize),
                _ => return Err(corrupt(format!("section {i} lies outside the file"))),
            }
        }
        if (sections[SEC_PLACES].1 - sections[SEC_PLACES].0) != len as usize * PLACE_SIZE {
            return Err(corrupt("place table size does not match the place count".into()));
        }
        if verify {
            let want = read_u64(bytes, HEADER_SIZE - 8);
            if fnv1a(&bytes[HEADER_SIZE..]) != want {
                return Err(corrupt("checksum mismatch (truncated or damaged file)".into()));
            }
        }
        let fst_of = |i: usize| -> Result<fst::Map<Section>, GazetteerError> {
            let s = Section { data: data.clone(), start: sections[i].0, end: sections[i].1 };
            fst::Map::new(s).map_err(|e| GazetteerError::Corrupt {
                path: origin.clone(),
                reason: format!("section {i}: {e}"),
            })
        };
        let names = fst_of(SEC_NAMES)?;
        let demonyms = fst_of(SEC_DEMONYM_FST)?;
        let words = fst_of(SEC_WORDS)?;
        static OPENED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let uid = OPENED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(Gazetteer { data: data.clone(), sections, len, names, demonyms, words, origin, countries: OnceLock::new(), uid })
    }

    fn section(&self, i: usize) -> &[u8] {
        &(*self.data).as_ref()[self.sections[i].0..self.sections[i].1]
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        self.len as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Number of distinct name keys.
    pub fn name_count(&self) -> usize {
        self.names.len()
    }

    /// Where the data came from, as recorded in the index.
    pub fn about(&self) -> &str {
        std::str::from_utf8(self.section(SEC_ABOUT)).unwrap_or("")
    }

    fn string(&self, off: u32) -> &str {
        let s = self.section(SEC_STRINGS);
        let off = off as usize;
        let Some(&len) = s.get(off) else { return "" };
        s.get(off + 1..off + 1 + len as usize).and_then(|b| std::str::from_utf8(b).ok()).unwrap_or("")
    }

    /// The record of the place at a table index. Panics if `idx >= len()`; indices come from
    /// this index's own postings.
    #[inline]
    fn record(&self, idx: PlaceIdx) -> &[u8] {
        let at = idx as usize * PLACE_SIZE;
        &self.section(SEC_PLACES)[at..at + PLACE_SIZE]
    }

    /// The place at a table index. Panics if `idx >= len()`; indices come from this index's
    /// own postings.
    pub fn place(&self, idx: PlaceIdx) -> Place<'_> {
        let r = self.record(idx);
        let country = std::str::from_utf8(&r[28..30]).unwrap_or("").trim_end_matches('\0');
        Place {
            idx,
            id: read_u32(r, 0),
            point: Point::new(coordinate(r, 8), coordinate(r, 4)),
            population: read_u32(r, 12) as u64,
            name: self.string(read_u32(r, 16)),
            admin1: self.string(read_u32(r, 20)),
            admin2: self.string(read_u32(r, 24)),
            country,
            kind: record_kind(r),
            feature: Feature::from_u8(r[31]),
        }
    }

    /// The [`Brief`] of a place: its numeric fields, without its strings.
    #[inline]
    pub fn brief(&self, idx: PlaceIdx) -> Brief {
        let r = self.record(idx);
        let (kind, prior) = record_kind_prior(r);
        Brief {
            idx,
            kind,
            point: Point::new(coordinate(r, 8), coordinate(r, 4)),
            population: read_u32(r, 12) as u64,
            prior,
            country: u16::from_le_bytes([r[28], r[29]]),
            // Strings are stored once each, so equal codes share an offset.
            admin1: read_u32(r, 20),
        }
    }

    /// The kind of a place, reading one byte of its record (for hot paths).
    #[inline]
    pub fn kind(&self, idx: PlaceIdx) -> Kind {
        record_kind(self.record(idx))
    }

    /// Kind and prior of a place, reading only its numeric fields (for hot paths).
    #[inline]
    pub fn kind_prior(&self, idx: PlaceIdx) -> (Kind, f64) {
        record_kind_prior(self.record(idx))
    }

    /// The place with a GeoNames id.
    pub fn by_id(&self, id: u32) -> Option<Place<'_>> {
        let (mut lo, mut hi) = (0usize, self.len());
        let t = self.section(SEC_PLACES);
        while lo < hi {
            let mid = (lo + hi) / 2;
            let v = read_u32(t, mid * PLACE_SIZE);
            match v.cmp(&id) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(self.place(mid as PlaceIdx)),
            }
        }
        None
    }

    /// The country with an ISO 3166-1 alpha-2 code (the most populous record of kind country,
    /// should an index hold several).
    pub fn country(&self, code: &str) -> Option<Place<'_>> {
        let map = self.countries.get_or_init(|| {
            let mut m: std::collections::HashMap<[u8; 2], PlaceIdx> = std::collections::HashMap::new();
            let t = self.section(SEC_PLACES);
            for i in 0..self.len() {
                let r = &t[i * PLACE_SIZE..(i + 1) * PLACE_SIZE];
                if r[30] == Kind::Country as u8 {
                    let cc = [r[28], r[29]];
                    let better = m.get(&cc).is_none_or(|&o| self.place(o).population < read_u32(r, 12) as u64);
                    if better {
                        m.insert(cc, i as PlaceIdx);
                    }
                }
            }
            m
        });
        let b = code.as_bytes();
        if b.len() != 2 {
            return None;
        }
        map.get(&[b[0].to_ascii_uppercase(), b[1].to_ascii_uppercase()]).map(|&i| self.place(i))
    }

    /// Decodes an fst value of the name index into its postings.
    pub fn postings(&self, value: u64) -> Postings<'_> {
        if value & LIST_TAG == 0 {
            return Postings { inline: Some(value as u32), list: &[] };
        }
        let p = self.section(SEC_POSTINGS);
        let off = (value & (LIST_TAG - 1)) as usize * 4;
        let Some(n) = p.get(off..off + 4).map(|b| read_u32(b, 0) as usize) else {
            return Postings::empty();
        };
        match p.get(off + 4..off + 4 + n * 4) {
            Some(list) => Postings { inline: None, list },
            None => Postings::empty(),
        }
    }

    /// The candidates for an already normalised key.
    pub fn lookup_key(&self, key: &str) -> Postings<'_> {
        match self.names.get(key) {
            Some(v) => self.postings(v),
            None => Postings::empty(),
        }
    }

    /// The automaton value of a normalised key (decode with [`Gazetteer::postings`]).
    pub fn name_value(&self, key: &str) -> Option<u64> {
        self.names.get(key)
    }

    /// The candidates for a name as written (normalised here).
    pub fn lookup(&self, name: &str) -> Postings<'_> {
        self.lookup_key(&normalize::normalize(name))
    }

    /// The raw name automaton, for matchers that walk it character by character.
    pub fn names_fst(&self) -> &fst::raw::Fst<Section> {
        self.names.as_fst()
    }

    /// The raw demonym automaton.
    pub fn demonyms_fst(&self) -> &fst::raw::Fst<Section> {
        self.demonyms.as_fst()
    }

    /// Decodes a value of the demonym automaton.
    pub fn demonym_rows(&self, value: u64) -> impl Iterator<Item = Demonym<'_>> + '_ {
        let first = (value >> 8) as usize;
        let n = (value & 0xff) as usize;
        let t = self.section(SEC_DEMONYMS);
        (first..first + n).filter_map(move |i| {
            let r = t.get(i * DEMONYM_SIZE..i * DEMONYM_SIZE + DEMONYM_SIZE)?;
            Some(Demonym {
                country: std::str::from_utf8(&r[0..2]).ok()?.trim_end_matches('\0'),
                lang: std::str::from_utf8(&r[2..4]).ok()?.trim_end_matches('\0'),
                place: Some(u32::from_le_bytes([r[4], r[5], r[6], r[7]])).filter(|&id| id != 0),
            })
        })
    }

    /// The demonyms spelled like `form`.
    pub fn demonym(&self, form: &str) -> Vec<Demonym<'_>> {
        let mut rows: Vec<Demonym<'_>> = match self.demonyms.get(normalize::normalize(form)) {
            Some(v) => self.demonym_rows(v).collect(),
            None => Vec::new(),
        };
        // Most populous country first: "American" is the United States before American Samoa.
        rows.sort_by_key(|d| std::cmp::Reverse(self.country(d.country).map_or(0, |c| c.population)));
        rows
    }

    /// Zipf frequency (log10 of occurrences per billion words) of a normalised word in a
    /// language, 0 when the word is not among that language's frequent words.
    pub fn word_zipf(&self, key: &str, lang: &str) -> f32 {
        let Some(slot) = record::word_lang_slot(lang) else { return 0.0 };
        word_zipfs_of(self.word_entry(key))[slot]
    }

    /// Zipf frequencies of a normalised word in every language of
    /// [`record::WORD_LANGS`], in one lookup.
    pub fn word_zipfs(&self, key: &str) -> [f32; 6] {
        word_zipfs_of(self.word_entry(key))
    }

    /// True when a normalised word is a common given name ("maria", "tom").
    pub fn is_first_name(&self, key: &str) -> bool {
        word_is_first_name(self.word_entry(key))
    }

    /// The packed frequency entry of a normalised word (decode with [`word_zipfs_of`] and
    /// [`word_is_first_name`]), for callers that keep entries.
    pub fn word_entry(&self, key: &str) -> Option<u64> {
        self.words.get(key)
    }

    /// Identifies this opening of the index among all opened in the process.
    pub fn uid(&self) -> u64 {
        self.uid
    }

    /// The raw word-frequency automaton (values: zipf×10 per language byte).
    pub fn words_fst(&self) -> &fst::raw::Fst<Section> {
        self.words.as_fst()
    }

    /// Ranked candidates for a free-form query such as "province d'Idlib", "Paris, Texas",
    /// "l’Iran" or "Idlib" with a kind filter. See [`crate::pipeline::qualifiers`] for the
    /// qualifier words understood.
    pub fn search(&self, query: &str, opts: &SearchOptions) -> Vec<Candidate<'_>> {
        crate::pipeline::qualifiers::search(self, query, opts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Gazetteer {
        let mut input = writer::IndexInput::default();
        let rec = |id, kind, name: &str, names: &[&str], pop, cc: &str| record::PlaceRecord {
            id,
            kind,
            feature: Feature::Ppl,
            lat: 10.0,
            lon: 20.0,
            population: pop,
            country: cc.into(),
            admin1: "01".into(),
            admin2: String::new(),
            name: name.into(),
            names: names.iter().map(|s| s.to_string()).collect(),
        };
        input.places = vec![
            rec(2, Kind::City, "Paris", &["Parigi"], 2_000_000, "FR"),
            rec(1, Kind::City, "Paris", &[], 25_000, "US"),
            rec(3, Kind::City, "Genève", &["Geneva", "Genf"], 200_000, "CH"),
        ];
        input.demonyms = vec![record::DemonymRecord { form: "suisse".into(), lang: "fr".into(), country: "CH".into(), place: 0 }];
        Gazetteer::from_bytes(writer::write_index(input).unwrap()).unwrap()
    }

    #[test]
    fn round_trips_places_and_names() {
        let g = tiny();
        assert_eq!(g.len(), 3);
        let paris: Vec<_> = g.lookup("PARIS").iter().map(|p| g.place(p.idx).id).collect();
        assert_eq!(paris, vec![2, 1], "larger Paris first");
        let gen = g.lookup("geneve").get(0).unwrap();
        assert_eq!(g.place(gen.idx).name, "Genève");
        assert!(gen.primary);
        assert!(!g.lookup("Genf").get(0).unwrap().primary);
        assert_eq!(g.by_id(3).unwrap().country, "CH");
        assert!(g.by_id(4).is_none());
        assert_eq!(g.demonym("Suisse")[0].country, "CH");
        let p = g.by_id(1).unwrap();
        assert!((p.point.x() - 20.0).abs() < 1e-5 && (p.point.y() - 10.0).abs() < 1e-5);
    }

    #[test]
    fn rejects_damaged_bytes() {
        let mut input = writer::IndexInput::default();
        input.description = "x".into();
        let mut bytes = writer::write_index(input).unwrap();
        let n = bytes.len();
        bytes[n - 1] ^= 0xff;
        let err = Gazetteer::from_bytes(bytes).unwrap_err().to_string();
        assert!(err.contains("checksum"), "{err}");
        let err = Gazetteer::from_bytes(b"hello".to_vec()).unwrap_err().to_string();
        assert!(err.contains("shorter than the header"), "{err}");
    }
}
