//! The gazetteer's records as they are built (from the committed TSV files or from GeoNames
//! dumps) before they are packed into the binary index, and the enums shared by the index
//! writer and reader.
//!
//! This file is also compiled into `build.rs`, so it uses only `std`.

/// What kind of place a record is. The order is the one used when nothing else decides:
/// a country outranks a region of the same name, which outranks a city, and so on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Kind {
    Country = 0,
    Admin1 = 1,
    Admin2 = 2,
    City = 3,
    Region = 4,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Country => "country",
            Kind::Admin1 => "admin1",
            Kind::Admin2 => "admin2",
            Kind::City => "city",
            Kind::Region => "region",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "country" => Kind::Country,
            "admin1" => Kind::Admin1,
            "admin2" => Kind::Admin2,
            "city" | "populated place" | "ppl" => Kind::City,
            "region" => Kind::Region,
            _ => return None,
        })
    }

    pub fn from_u8(v: u8) -> Option<Kind> {
        Some(match v {
            0 => Kind::Country,
            1 => Kind::Admin1,
            2 => Kind::Admin2,
            3 => Kind::City,
            4 => Kind::Region,
            _ => return None,
        })
    }
}

/// A coarse GeoNames feature code: enough to tell capitals and seats of government from
/// ordinary populated places, which matters for ranking.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Feature {
    Other = 0,
    /// PPL and other populated places.
    Ppl = 1,
    /// Seat of a first-order division (PPLA).
    PplA = 2,
    /// Seat of a lower division (PPLA2..PPLA4).
    PplA2 = 3,
    /// Capital of a country (PPLC, PPLG).
    PplC = 4,
    /// Independent political entity (PCLI and kin).
    Pcl = 5,
    Adm1 = 6,
    Adm2 = 7,
    /// A region, area or other named extent (RGN, CONT, ISL, SEA …).
    Rgn = 8,
    /// A place within a town, as fine as a town or finer: a district, a camp, a building, a
    /// square (PPLX, CMPRF, BDG, MNMT, SQR …).
    Spot = 9,
}

impl Feature {
    pub fn from_code(code: &str) -> Feature {
        match code {
            "PPLC" | "PPLG" => Feature::PplC,
            "PPLA" => Feature::PplA,
            "PPLA2" | "PPLA3" | "PPLA4" | "PPLA5" => Feature::PplA2,
            "PPLX" | "CMPRF" | "BDG" | "MNMT" | "MSQE" | "CH" | "PAL" | "SQR" | "STDM" | "PSTB" | "ANS" => Feature::Spot,
            c if c.starts_with("PPL") => Feature::Ppl,
            c if c.starts_with("PCL") => Feature::Pcl,
            "ADM1" | "ADM1H" => Feature::Adm1,
            "ADM2" | "ADM2H" => Feature::Adm2,
            "" => Feature::Other,
            c if c.starts_with("ADM") => Feature::Other,
            _ => Feature::Rgn,
        }
    }

    pub fn from_u8(v: u8) -> Feature {
        match v {
            1 => Feature::Ppl,
            2 => Feature::PplA,
            3 => Feature::PplA2,
            4 => Feature::PplC,
            5 => Feature::Pcl,
            6 => Feature::Adm1,
            7 => Feature::Adm2,
            8 => Feature::Rgn,
            9 => Feature::Spot,
            _ => Feature::Other,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Feature::Other => "",
            Feature::Ppl => "PPL",
            Feature::PplA => "PPLA",
            Feature::PplA2 => "PPLA2",
            Feature::PplC => "PPLC",
            Feature::Pcl => "PCLI",
            Feature::Adm1 => "ADM1",
            Feature::Adm2 => "ADM2",
            Feature::Rgn => "RGN",
            Feature::Spot => "PPLX",
        }
    }
}

/// One place with all its names, as read from a source.
#[derive(Clone, Debug, PartialEq)]
pub struct PlaceRecord {
    pub id: u32,
    pub kind: Kind,
    pub feature: Feature,
    /// Degrees, WGS84.
    pub lat: f64,
    /// Degrees, WGS84.
    pub lon: f64,
    pub population: u64,
    /// ISO 3166-1 alpha-2, uppercase; empty for places in no single country.
    pub country: String,
    pub admin1: String,
    pub admin2: String,
    pub name: String,
    /// Alternate names (the primary name need not be repeated).
    pub names: Vec<String>,
}

/// A word that names the people of a country ("syrienne", "Russian").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemonymRecord {
    pub form: String,
    pub lang: String,
    /// ISO 3166-1 alpha-2; empty for peoples without a state ("kurde").
    pub country: String,
    /// The place within the country the form names ("Texan": Texas), 0 for the country.
    pub place: u32,
}

/// The languages whose word frequencies the index keeps, in slot order.
pub const WORD_LANGS: [&str; 6] = ["en", "fr", "de", "es", "it", "pt"];

/// Per word: zipf×10 in each language of [`WORD_LANGS`], then a byte of flags
/// ([`WORD_FIRST_NAME`]).
pub type WordEntry = [u8; 7];

/// Flag byte slot of a [`WordEntry`].
pub const WORD_FLAGS: usize = 6;
/// The word is a common given name.
pub const WORD_FIRST_NAME: u8 = 1;

/// The slot of a language in [`WORD_LANGS`].
pub fn word_lang_slot(lang: &str) -> Option<usize> {
    WORD_LANGS.iter().position(|l| *l == lang)
}

/// A ranking of places that share a name when nothing else is known: kind and feature first,
/// population second. Higher is better. Used to order each name's candidates in the index and
/// as the resolver's prior.
pub fn prior_score(kind: Kind, feature: Feature, population: u64) -> f64 {
    let pop = (population as f64 + 1.0).log10();
    let kind_bonus = match kind {
        Kind::Country => 3.0,
        Kind::Admin1 => 1.5,
        Kind::Region => 1.5,
        Kind::Admin2 => 0.0,
        Kind::City => 0.0,
    };
    let feature_bonus = match feature {
        Feature::PplC => 1.5,
        Feature::PplA => 0.8,
        Feature::PplA2 => 0.3,
        _ => 0.0,
    };
    // Admin areas carry the summed population of their places, which overstates them
    // against the city of the same name; damp it.
    let pop_weight = match kind {
        Kind::Admin1 | Kind::Admin2 => 0.8,
        _ => 1.0,
    };
    // Regions (continents, seas, named areas) have no population; the ones a gazetteer keeps
    // are the ones people talk about, so they rank like a large city.
    let pop = if kind == Kind::Region && population == 0 { 6.0 } else { pop };
    pop * pop_weight + kind_bonus + feature_bonus
}
