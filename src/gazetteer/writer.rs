//! Packs place records, demonyms and word frequencies into the binary index that
//! [`super::Gazetteer`] maps into memory.
//!
//! In: [`PlaceRecord`]s, [`DemonymRecord`]s, word frequencies. Out: one byte buffer laid out as
//! [`super::format`] describes. Each name of each place becomes a key of an `fst` map (its
//! normalised form); the key's value is either one posting inline or the offset of a posting
//! list, ordered by the prior so the first candidate is the most likely place.
//!
//! This file is also compiled into `build.rs`, so it uses only `std` and `fst`.

use super::format::*;
use super::normalize::normalize;
use super::record::{prior_score, DemonymRecord, PlaceRecord, WordEntry};
use std::collections::BTreeMap;

/// Everything the writer needs.
#[derive(Default)]
pub struct IndexInput {
    pub places: Vec<PlaceRecord>,
    pub demonyms: Vec<DemonymRecord>,
    /// word (normalised) → zipf frequency ×10 per language slot, and flags (see [`WordEntry`]).
    pub words: BTreeMap<String, WordEntry>,
    /// Free text that says where the data came from, stored in the index.
    pub description: String,
}

/// Why an index could not be written.
#[derive(Debug)]
pub struct WriteError(pub String);

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WriteError {}

struct Strings {
    buf: Vec<u8>,
    seen: std::collections::HashMap<String, u32>,
}

impl Strings {
    fn new() -> Strings {
        // Offset 0 is the empty string.
        Strings { buf: vec![0], seen: Default::default() }
    }
    fn add(&mut self, s: &str) -> u32 {
        if s.is_empty() {
            return 0;
        }
        if let Some(&off) = self.seen.get(s) {
            return off;
        }
        let mut end = s.len().min(255);
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        let off = self.buf.len() as u32;
        self.buf.push(end as u8);
        self.buf.extend_from_slice(&s.as_bytes()[..end]);
        self.seen.insert(s.to_string(), off);
        off
    }
}

/// Builds the index bytes.
pub fn write_index(mut input: IndexInput) -> Result<Vec<u8>, WriteError> {
    let mut places = std::mem::take(&mut input.places);
    places.sort_by_key(|p| p.id);
    places.dedup_by_key(|p| p.id);
    if places.len() as u64 > MAX_PLACES as u64 {
        return Err(WriteError(format!(
            "{} places is more than the index format holds ({MAX_PLACES})",
            places.len()
        )));
    }

    // Places table and strings.
    let mut strings = Strings::new();
    let mut table = Vec::with_capacity(places.len() * PLACE_SIZE);
    for p in &places {
        let lat = if p.lat.is_finite() { p.lat.clamp(-90.0, 90.0) } else { 0.0 };
        let lon = if p.lon.is_finite() { p.lon.clamp(-180.0, 180.0) } else { 0.0 };
        table.extend_from_slice(&p.id.to_le_bytes());
        table.extend_from_slice(&(lat as f32).to_le_bytes());
        table.extend_from_slice(&(lon as f32).to_le_bytes());
        table.extend_from_slice(&(p.population.min(u32::MAX as u64) as u32).to_le_bytes());
        table.extend_from_slice(&strings.add(&p.name).to_le_bytes());
        table.extend_from_slice(&strings.add(&p.admin1).to_le_bytes());
        table.extend_from_slice(&strings.add(&p.admin2).to_le_bytes());
        let cc = p.country.as_bytes();
        table.push(*cc.first().unwrap_or(&0));
        table.push(*cc.get(1).unwrap_or(&0));
        table.push(p.kind as u8);
        table.push(p.feature as u8);
    }

    // Name keys → postings.
    let mut pairs: Vec<(String, u32, u32)> = Vec::new();
    for (idx, p) in places.iter().enumerate() {
        let primary = normalize(&p.name);
        let mut push = |key: String, flags: u32| {
            if key.is_empty() || key.len() > MAX_KEY_LEN {
                return;
            }
            pairs.push((key, idx as u32, flags));
        };
        push(primary.clone(), FLAG_PRIMARY);
        for n in &p.names {
            let k = normalize(n);
            if k != primary {
                push(k, 0);
            }
        }
    }
    let prior: Vec<f64> =
        places.iter().map(|p| prior_score(p.kind, p.feature, p.population)).collect();
    pairs.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| prior[b.1 as usize].total_cmp(&prior[a.1 as usize]))
            .then_with(|| a.1.cmp(&b.1))
    });

    let mut postings: Vec<u32> = Vec::new();
    let mut names = fst::MapBuilder::memory();
    let mut i = 0;
    while i < pairs.len() {
        let mut j = i;
        let mut entries: Vec<u32> = Vec::new();
        while j < pairs.len() && pairs[j].0 == pairs[i].0 {
            let entry = pairs[j].1 | (pairs[j].2 << IDX_BITS);
            match entries.iter_mut().find(|e| **e & IDX_MASK == pairs[j].1) {
                Some(e) => *e |= entry,
                None => entries.push(entry),
            }
            j += 1;
        }
        let value = if entries.len() == 1 {
            entries[0] as u64
        } else {
            let off = postings.len() as u64;
            postings.push(entries.len() as u32);
            postings.extend_from_slice(&entries);
            LIST_TAG | off
        };
        names.insert(&pairs[i].0, value).map_err(|e| WriteError(e.to_string()))?;
        i = j;
    }
    let names = names.into_inner().map_err(|e| WriteError(e.to_string()))?;

    // Demonyms: a table sorted by key, and an fst from key to (first row, count).
    let mut dem: Vec<(String, &DemonymRecord)> =
        input.demonyms.iter().map(|d| (normalize(&d.form), d)).filter(|(k, _)| !k.is_empty()).collect();
    dem.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.lang.cmp(&b.1.lang)));
    dem.dedup_by(|a, b| a.0 == b.0 && a.1.lang == b.1.lang && a.1.country == b.1.country && a.1.place == b.1.place);
    let mut dem_table = Vec::with_capacity(dem.len() * DEMONYM_SIZE);
    let mut dem_fst = fst::MapBuilder::memory();
    let mut i = 0;
    while i < dem.len() {
        let mut j = i;
        while j < dem.len() && dem[j].0 == dem[i].0 {
            j += 1;
        }
        dem_fst
            .insert(&dem[i].0, ((i as u64) << 8) | (j - i).min(255) as u64)
            .map_err(|e| WriteError(e.to_string()))?;
        i = j;
    }
    for (_, d) in &dem {
        let cc = d.country.as_bytes();
        let lang = d.lang.as_bytes();
        dem_table.extend_from_slice(&[
            *cc.first().unwrap_or(&0),
            *cc.get(1).unwrap_or(&0),
            *lang.first().unwrap_or(&0),
            *lang.get(1).unwrap_or(&0),
        ]);
        dem_table.extend_from_slice(&d.place.to_le_bytes());
    }
    let dem_fst = dem_fst.into_inner().map_err(|e| WriteError(e.to_string()))?;

    // Word frequencies: key → 6 bytes packed in a u64.
    let mut words = fst::MapBuilder::memory();
    for (w, freqs) in &input.words {
        let mut v = 0u64;
        for (slot, f) in freqs.iter().enumerate() {
            v |= (*f as u64) << (8 * slot);
        }
        words.insert(w, v).map_err(|e| WriteError(e.to_string()))?;
    }
    let words = words.into_inner().map_err(|e| WriteError(e.to_string()))?;

    let mut postings_bytes = Vec::with_capacity(postings.len() * 4);
    for p in &postings {
        postings_bytes.extend_from_slice(&p.to_le_bytes());
    }

    let sections: [&[u8]; SECTION_COUNT] = [
        &table,
        &strings.buf,
        &postings_bytes,
        &names,
        &dem_table,
        &dem_fst,
        &words,
        input.description.as_bytes(),
    ];
    let mut out = vec![0u8; HEADER_SIZE];
    let mut entries = Vec::new();
    for s in sections {
        // Keep sections 8-byte aligned; nothing relies on it but it is free.
        while !out.len().is_multiple_of(8) {
            out.push(0);
        }
        entries.push((out.len() as u64, s.len() as u64));
        out.extend_from_slice(s);
    }
    let checksum = fnv1a(&out[HEADER_SIZE..]);
    let mut h = Vec::with_capacity(HEADER_SIZE);
    h.extend_from_slice(MAGIC);
    h.extend_from_slice(&VERSION.to_le_bytes());
    h.extend_from_slice(&(places.len() as u32).to_le_bytes());
    h.extend_from_slice(&0u32.to_le_bytes());
    for (off, len) in entries {
        h.extend_from_slice(&off.to_le_bytes());
        h.extend_from_slice(&len.to_le_bytes());
    }
    h.extend_from_slice(&checksum.to_le_bytes());
    debug_assert_eq!(h.len(), HEADER_SIZE);
    out[..HEADER_SIZE].copy_from_slice(&h);
    Ok(out)
}
