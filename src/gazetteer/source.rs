//! Reads the committed gazetteer sources in `gazetteer/` (see its README) into an
//! [`IndexInput`]: `places.tsv.gz`, `demonyms.tsv` and `commonwords/*.tsv.gz`.
//!
//! This file is also compiled into `build.rs`, so it uses only `std` and `flate2`.

use super::normalize::normalize;
use super::record::{word_lang_slot, DemonymRecord, Feature, Kind, PlaceRecord, WordEntry, WORD_FIRST_NAME, WORD_FLAGS};
use super::writer::IndexInput;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// A problem in a source file, with the file and line.
#[derive(Debug)]
pub struct SourceError {
    pub file: String,
    pub line: usize,
    pub reason: String,
}

impl std::fmt::Display for SourceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}: {}", self.file, self.line, self.reason)
        } else {
            write!(f, "{}: {}", self.file, self.reason)
        }
    }
}

impl std::error::Error for SourceError {}

fn open(path: &Path) -> Result<Box<dyn BufRead>, SourceError> {
    let file = std::fs::File::open(path).map_err(|e| SourceError {
        file: path.display().to_string(),
        line: 0,
        reason: e.to_string(),
    })?;
    let reader: Box<dyn Read> = if path.extension().is_some_and(|e| e == "gz") {
        Box::new(flate2::read::MultiGzDecoder::new(file))
    } else {
        Box::new(file)
    };
    Ok(Box::new(BufReader::with_capacity(1 << 20, reader)))
}

fn each_row(
    path: &Path,
    mut f: impl FnMut(usize, &[&str]) -> Result<(), String>,
) -> Result<(), SourceError> {
    let reader = open(path)?;
    for (i, line) in reader.split(b'\n').enumerate() {
        let err = |reason: String| SourceError { file: path.display().to_string(), line: i + 1, reason };
        let line = line.map_err(|e| err(e.to_string()))?;
        let line = String::from_utf8(line).map_err(|_| err("invalid UTF-8".into()))?;
        let line = line.trim_end_matches('\r');
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        f(i + 1, &fields).map_err(err)?;
    }
    Ok(())
}

/// Parses one row of `places.tsv`:
/// id, kind, lat, lon, population, country, admin1, admin2, fcode, name, names ('|'-joined).
pub fn parse_place_row(fields: &[&str]) -> Result<PlaceRecord, String> {
    if fields.len() < 10 {
        return Err(format!("expected at least 10 tab-separated fields, found {}", fields.len()));
    }
    let id: u32 = fields[0].parse().map_err(|_| format!("bad id {:?}", fields[0]))?;
    let kind = Kind::parse(fields[1]).ok_or_else(|| format!("unknown kind {:?}", fields[1]))?;
    let lat: f64 = fields[2].parse().map_err(|_| format!("bad latitude {:?}", fields[2]))?;
    let lon: f64 = fields[3].parse().map_err(|_| format!("bad longitude {:?}", fields[3]))?;
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return Err(format!("coordinates out of range: {lat}, {lon}"));
    }
    let population: u64 = if fields[4].is_empty() {
        0
    } else {
        fields[4].parse().map_err(|_| format!("bad population {:?}", fields[4]))?
    };
    let names = fields
        .get(10)
        .map(|s| s.split('|').filter(|n| !n.is_empty()).map(str::to_string).collect())
        .unwrap_or_default();
    Ok(PlaceRecord {
        id,
        kind,
        feature: Feature::from_code(fields[8]),
        lat,
        lon,
        population,
        country: fields[5].to_string(),
        admin1: fields[6].to_string(),
        admin2: fields[7].to_string(),
        name: fields[9].to_string(),
        names,
    })
}

/// Reads `places.tsv(.gz)`.
pub fn read_places(path: &Path) -> Result<Vec<PlaceRecord>, SourceError> {
    let mut out = Vec::with_capacity(300_000);
    each_row(path, |_, fields| {
        out.push(parse_place_row(fields)?);
        Ok(())
    })?;
    Ok(out)
}

/// Merges `aliases.tsv` (id, names '|'-joined, source) into the places: extra names that the
/// upstream data lacks, such as the AP abbreviations of US states.
pub fn add_aliases(path: &Path, places: &mut [PlaceRecord]) -> Result<(), SourceError> {
    let mut by_id: std::collections::HashMap<u32, usize> = std::collections::HashMap::new();
    for (i, p) in places.iter().enumerate() {
        by_id.insert(p.id, i);
    }
    each_row(path, |_, fields| {
        if fields.len() < 2 {
            return Err("expected id and names".into());
        }
        let id: u32 = fields[0].parse().map_err(|_| format!("bad id {:?}", fields[0]))?;
        let i = *by_id.get(&id).ok_or_else(|| format!("no place with id {id}"))?;
        places[i].names.extend(fields[1].split('|').filter(|n| !n.is_empty()).map(str::to_string));
        Ok(())
    })
}

/// Reads `demonyms.tsv`: form, lang, country[, gender_number[, place id]].
pub fn read_demonyms(path: &Path) -> Result<Vec<DemonymRecord>, SourceError> {
    let mut out = Vec::new();
    each_row(path, |_, fields| {
        if fields.len() < 3 {
            return Err(format!("expected form, lang, country; found {} fields", fields.len()));
        }
        out.push(DemonymRecord {
            form: fields[0].to_string(),
            lang: fields[1].to_string(),
            country: fields[2].to_string(),
            place: match fields.get(4).filter(|f| !f.is_empty()) {
                Some(f) => f.parse().map_err(|_| format!("place id {f:?} is not a number"))?,
                None => 0,
            },
        });
        Ok(())
    })?;
    Ok(out)
}

/// Reads one `commonwords/LANG.tsv.gz` (word, zipf) into `words`.
pub fn read_words(
    path: &Path,
    lang: &str,
    words: &mut std::collections::BTreeMap<String, WordEntry>,
) -> Result<(), SourceError> {
    let Some(slot) = word_lang_slot(lang) else { return Ok(()) };
    each_row(path, |_, fields| {
        if fields.len() < 2 {
            return Err("expected word and zipf frequency".into());
        }
        let zipf: f64 = fields[1].parse().map_err(|_| format!("bad frequency {:?}", fields[1]))?;
        let key = normalize(fields[0]);
        if key.is_empty() || key.contains(' ') {
            return Ok(());
        }
        let v = (zipf * 10.0).round().clamp(0.0, 255.0) as u8;
        let e = words.entry(key).or_insert([0; 7]);
        e[slot] = e[slot].max(v);
        Ok(())
    })
}

/// Reads `firstnames.tsv` (name, source) and flags each name in `words`.
pub fn read_first_names(path: &Path, words: &mut std::collections::BTreeMap<String, WordEntry>) -> Result<(), SourceError> {
    each_row(path, |_, fields| {
        let key = normalize(fields[0]);
        if !key.is_empty() && !key.contains(' ') {
            words.entry(key).or_insert([0; 7])[WORD_FLAGS] |= WORD_FIRST_NAME;
        }
        Ok(())
    })
}

/// Reads every source in a gazetteer directory. Missing optional files (demonyms, word
/// lists) are skipped; a missing `places.tsv.gz` is an error.
pub fn read_dir(dir: &Path) -> Result<IndexInput, SourceError> {
    let mut input = IndexInput::default();
    let places = dir.join("places.tsv.gz");
    input.places = read_places(&places)?;
    let aliases = dir.join("aliases.tsv");
    if aliases.exists() {
        add_aliases(&aliases, &mut input.places)?;
    }
    let dem = dir.join("demonyms.tsv");
    if dem.exists() {
        input.demonyms = read_demonyms(&dem)?;
    }
    for lang in super::record::WORD_LANGS {
        let p = dir.join("commonwords").join(format!("{lang}.tsv.gz"));
        if p.exists() {
            read_words(&p, lang, &mut input.words)?;
        }
    }
    let names = dir.join("firstnames.tsv");
    if names.exists() {
        read_first_names(&names, &mut input.words)?;
    }
    input.description = format!(
        "Dateline default gazetteer: {} places from GeoNames (CC BY 4.0) and curated sources; see gazetteer/README.md",
        input.places.len()
    );
    Ok(input)
}
