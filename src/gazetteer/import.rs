//! Import of the official GeoNames dumps, so that users with more data than the committed
//! gazetteer (up to the full 12 million places of `allCountries.txt`) get the same index.
//!
//! In: a main table (`allCountries.txt` or `citiesN.txt`, 19 tab-separated columns), and
//! optionally `alternateNamesV2.txt`, `admin1CodesASCII.txt`, `countryInfo.txt`. Out: an
//! [`IndexInput`] for [`super::writer::write_index`]. Rows that cannot be read are counted and
//! reported with their file and line, and the import goes on.

use super::record::{Feature, Kind, PlaceRecord};
use super::writer::IndexInput;
use super::GazetteerError;
use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

/// The dump files to read.
#[derive(Clone, Debug, Default)]
pub struct ImportFiles {
    /// allCountries.txt, cities500.txt, … (required).
    pub main: PathBuf,
    pub alternate_names: Option<PathBuf>,
    pub admin1_codes: Option<PathBuf>,
    pub country_info: Option<PathBuf>,
}

/// What an import read and skipped.
#[derive(Clone, Debug, Default)]
pub struct ImportReport {
    pub places: usize,
    pub alternate_names: usize,
    pub skipped_features: usize,
    /// Rows that could not be read: "file:line: reason" (the first 100).
    pub bad_rows: Vec<String>,
    pub bad_row_count: usize,
}

impl ImportReport {
    fn bad(&mut self, file: &Path, line: usize, reason: impl std::fmt::Display) {
        self.bad_row_count += 1;
        if self.bad_rows.len() < 100 {
            self.bad_rows.push(format!("{}:{line}: {reason}", file.display()));
        }
    }
}

fn lines(path: &Path) -> Result<impl Iterator<Item = (usize, std::io::Result<Vec<u8>>)>, GazetteerError> {
    let f = std::fs::File::open(path)
        .map_err(|source| GazetteerError::Io { path: path.display().to_string(), source })?;
    Ok(BufReader::with_capacity(1 << 20, f).split(b'\n').enumerate().map(|(i, l)| (i + 1, l)))
}

/// The kind Dateline gives a GeoNames feature class and code, or None to leave it out.
pub fn kind_of(class: &str, code: &str) -> Option<Kind> {
    match (class, code) {
        ("P", _) => Some(Kind::City),
        ("A", "ADM1") => Some(Kind::Admin1),
        ("A", "ADM2") => Some(Kind::Admin2),
        ("A", c) if c.starts_with("PCL") => Some(Kind::Country),
        ("A", "TERR") => Some(Kind::Country),
        ("L", "RGN" | "RGNE" | "CONT" | "AREA" | "PRK") => Some(Kind::Region),
        ("T", "ISL" | "ISLS" | "PEN" | "MTS" | "DSRT" | "PLAT") => Some(Kind::Region),
        ("H", "SEA" | "GULF" | "OCN" | "BAY" | "LK" | "STRT") => Some(Kind::Region),
        _ => None,
    }
}

fn parse_main_row(fields: &[&str]) -> Result<Option<PlaceRecord>, String> {
    if fields.len() < 15 {
        return Err(format!("expected 19 tab-separated columns, found {}", fields.len()));
    }
    let id: u32 = fields[0].parse().map_err(|_| format!("bad geonameid {:?}", fields[0]))?;
    let Some(kind) = kind_of(fields[6], fields[7]) else { return Ok(None) };
    let lat: f64 = fields[4].parse().map_err(|_| format!("bad latitude {:?}", fields[4]))?;
    let lon: f64 = fields[5].parse().map_err(|_| format!("bad longitude {:?}", fields[5]))?;
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return Err(format!("coordinates out of range: {lat}, {lon}"));
    }
    let population = fields[14].parse::<u64>().unwrap_or(0);
    let mut names: Vec<String> = Vec::new();
    if fields[2] != fields[1] && !fields[2].is_empty() {
        names.push(fields[2].to_string());
    }
    names.extend(fields[3].split(',').filter(|n| !n.is_empty() && usable_name(n)).map(str::to_string));
    Ok(Some(PlaceRecord {
        id,
        kind,
        feature: Feature::from_code(fields[7]),
        lat,
        lon,
        population,
        country: fields[8].to_string(),
        admin1: fields[10].to_string(),
        admin2: fields[11].to_string(),
        name: fields[1].to_string(),
        names,
    }))
}

/// The name of an administrative area without its type word: "Idlib Governorate" → "Idlib".
pub fn bare_admin_name(name: &str) -> Option<&str> {
    const TYPES: &[&str] = &[
        " Governorate", " Province", " Region", " State", " County", " Parish", " District", " Oblast",
        " Prefecture", " Department", " Municipality", " Voivodeship", " Krai", " Canton", " Emirate",
    ];
    TYPES.iter().find_map(|t| name.strip_suffix(t)).filter(|b| !b.trim().is_empty())
}

/// Alternate names that are codes rather than names: postcodes, IATA/ICAO codes, links.
fn usable_name(n: &str) -> bool {
    !(n.contains("://") || n.bytes().any(|b| b.is_ascii_digit()))
}

/// Reads the dumps named in `files`.
pub fn import(files: &ImportFiles) -> Result<(IndexInput, ImportReport), GazetteerError> {
    let mut report = ImportReport::default();
    let mut places: Vec<PlaceRecord> = Vec::new();
    for (line, row) in lines(&files.main)? {
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                report.bad(&files.main, line, e);
                continue;
            }
        };
        let Ok(text) = std::str::from_utf8(&row) else {
            report.bad(&files.main, line, "invalid UTF-8");
            continue;
        };
        let text = text.trim_end_matches('\r');
        if text.is_empty() || text.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = text.split('\t').collect();
        match parse_main_row(&fields) {
            Ok(Some(p)) => places.push(p),
            Ok(None) => report.skipped_features += 1,
            Err(e) => report.bad(&files.main, line, e),
        }
    }
    if places.is_empty() {
        return Err(GazetteerError::Import(format!(
            "{} holds no usable place rows (is it a GeoNames main table?)",
            files.main.display()
        )));
    }
    let mut by_id: HashMap<u32, usize> = places.iter().enumerate().map(|(i, p)| (p.id, i)).collect();

    if let Some(alt) = &files.alternate_names {
        for (line, row) in lines(alt)? {
            let Ok(row) = row else { continue };
            let Ok(text) = std::str::from_utf8(&row) else {
                report.bad(alt, line, "invalid UTF-8");
                continue;
            };
            let f: Vec<&str> = text.trim_end_matches('\r').split('\t').collect();
            if f.len() < 4 {
                if !text.trim().is_empty() {
                    report.bad(alt, line, format!("expected at least 4 columns, found {}", f.len()));
                }
                continue;
            }
            // Links, postcodes, IATA/ICAO codes and abbreviations are not names in prose.
            if matches!(f[2], "link" | "post" | "iata" | "icao" | "faac" | "fr_1793" | "abbr" | "wkdt" | "unlc") {
                continue;
            }
            let Ok(id) = f[1].parse::<u32>() else {
                report.bad(alt, line, format!("bad geonameid {:?}", f[1]));
                continue;
            };
            if let Some(&i) = by_id.get(&id) {
                if usable_name(f[3]) && !places[i].names.iter().any(|n| n == f[3]) {
                    places[i].names.push(f[3].to_string());
                    report.alternate_names += 1;
                }
            }
        }
    }

    if let Some(info) = &files.country_info {
        for (line, row) in lines(info)? {
            let Ok(row) = row else { continue };
            let text = String::from_utf8_lossy(&row);
            if text.starts_with('#') || text.trim().is_empty() {
                continue;
            }
            let f: Vec<&str> = text.trim_end_matches('\r').split('\t').collect();
            if f.len() < 17 {
                report.bad(info, line, format!("expected 19 columns, found {}", f.len()));
                continue;
            }
            let Ok(id) = f[16].parse::<u32>() else { continue };
            let population = f[7].parse::<u64>().unwrap_or(0);
            if let Some(&i) = by_id.get(&id) {
                let p = &mut places[i];
                p.kind = Kind::Country;
                p.feature = Feature::Pcl;
                p.population = p.population.max(population);
                continue;
            }
            // The country is not in the main table (a cities file): place it at the mean of
            // its populated places.
            let (mut n, mut lat, mut lon) = (0.0, 0.0, 0.0);
            for p in places.iter().filter(|p| p.country == f[0]) {
                n += 1.0;
                lat += p.lat;
                lon += p.lon;
            }
            if n == 0.0 {
                continue;
            }
            by_id.insert(id, places.len());
            places.push(PlaceRecord {
                id,
                kind: Kind::Country,
                feature: Feature::Pcl,
                lat: lat / n,
                lon: lon / n,
                population,
                country: f[0].to_string(),
                admin1: String::new(),
                admin2: String::new(),
                name: f[4].to_string(),
                names: vec![f[1].to_string()],
            });
        }
    }

    if let Some(adm) = &files.admin1_codes {
        for (line, row) in lines(adm)? {
            let Ok(row) = row else { continue };
            let text = String::from_utf8_lossy(&row);
            let f: Vec<&str> = text.trim_end_matches('\r').split('\t').collect();
            if f.len() < 4 {
                if !text.trim().is_empty() {
                    report.bad(adm, line, format!("expected 4 columns, found {}", f.len()));
                }
                continue;
            }
            let Some((cc, code)) = f[0].split_once('.') else {
                report.bad(adm, line, format!("bad admin1 code {:?}", f[0]));
                continue;
            };
            let Ok(id) = f[3].parse::<u32>() else {
                report.bad(adm, line, format!("bad geonameid {:?}", f[3]));
                continue;
            };
            if by_id.contains_key(&id) {
                continue;
            }
            let members: Vec<&PlaceRecord> =
                places.iter().filter(|p| p.country == cc && p.admin1 == code && p.kind == Kind::City).collect();
            if members.is_empty() {
                continue;
            }
            let n = members.len() as f64;
            let lat = members.iter().map(|p| p.lat).sum::<f64>() / n;
            let lon = members.iter().map(|p| p.lon).sum::<f64>() / n;
            let population = members.iter().map(|p| p.population).sum();
            by_id.insert(id, places.len());
            let mut names = Vec::new();
            if f[2] != f[1] {
                names.push(f[2].to_string());
            }
            places.push(PlaceRecord {
                id,
                kind: Kind::Admin1,
                feature: Feature::Adm1,
                lat,
                lon,
                population,
                country: cc.to_string(),
                admin1: code.to_string(),
                admin2: String::new(),
                name: f[1].to_string(),
                names,
            });
        }
    }

    // "Idlib Governorate", "Rapides Parish": the bare name is how news names them too.
    for p in places.iter_mut().filter(|p| matches!(p.kind, Kind::Admin1 | Kind::Admin2)) {
        let mut extra = Vec::new();
        for n in std::iter::once(&p.name).chain(p.names.iter()) {
            if let Some(bare) = bare_admin_name(n) {
                if !p.names.iter().any(|x| x == bare) && bare != p.name {
                    extra.push(bare.to_string());
                }
            }
        }
        p.names.extend(extra);
    }
    report.places = places.len();
    let input = IndexInput {
        description: format!(
            "Imported from GeoNames dumps ({}): {} places, CC BY 4.0 GeoNames",
            files.main.display(),
            places.len()
        ),
        places,
        ..Default::default()
    };
    Ok((input, report))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_follow_feature_codes() {
        assert_eq!(kind_of("P", "PPLC"), Some(Kind::City));
        assert_eq!(kind_of("A", "ADM1"), Some(Kind::Admin1));
        assert_eq!(kind_of("A", "PCLI"), Some(Kind::Country));
        assert_eq!(kind_of("S", "HTL"), None);
    }

    #[test]
    fn usable_names_exclude_codes() {
        assert!(usable_name("Alep"));
        assert!(!usable_name("75001"));
        assert!(!usable_name("https://en.wikipedia.org/wiki/Aleppo"));
    }
}
