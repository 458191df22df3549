//! The domain types that travel along the pipeline: places found in text, the places they
//! resolve to, and how precise a location is.
//!
//! Spans are byte offsets into the article text inside Rust; formats that count characters
//! convert with [`char_span`] at the edge.

use crate::gazetteer::{Feature, Kind, Place};
use geo::Point;
use serde::{Deserialize, Serialize};

/// How precise a location is: what kind of place it names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    City,
    Admin2,
    Admin1,
    Region,
    Country,
}

impl Precision {
    pub fn of(kind: Kind) -> Precision {
        match kind {
            Kind::Country => Precision::Country,
            Kind::Admin1 => Precision::Admin1,
            Kind::Admin2 => Precision::Admin2,
            Kind::City => Precision::City,
            Kind::Region => Precision::Region,
        }
    }

    /// The precision of a place: a region row for a spot within a town (a district, a camp, a
    /// building) is as precise as a town.
    pub fn of_place(kind: Kind, feature: Feature) -> Precision {
        match (kind, feature) {
            (Kind::Region, Feature::Spot) => Precision::City,
            _ => Precision::of(kind),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Precision::City => "city",
            Precision::Admin2 => "admin2",
            Precision::Admin1 => "admin1",
            Precision::Region => "region",
            Precision::Country => "country",
        }
    }

    pub fn parse(s: &str) -> Option<Precision> {
        Some(match s {
            "city" => Precision::City,
            "admin2" => Precision::Admin2,
            "admin1" => Precision::Admin1,
            "region" => Precision::Region,
            "country" => Precision::Country,
            _ => return None,
        })
    }
}

/// A place as the rest of the pipeline keeps it: owned, detached from the gazetteer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlaceRef {
    /// GeoNames id (Dateline's own above 4,000,000,000 for curated regions).
    pub id: u32,
    pub name: String,
    pub kind: Kind,
    /// x = longitude, y = latitude, degrees.
    #[serde(with = "point_lonlat")]
    pub point: Point<f64>,
    pub country: String,
    pub admin1: String,
    pub population: u64,
}

impl From<Place<'_>> for PlaceRef {
    fn from(p: Place<'_>) -> PlaceRef {
        PlaceRef {
            id: p.id,
            name: p.name.to_string(),
            kind: p.kind,
            point: p.point,
            country: p.country.to_string(),
            admin1: p.admin1.to_string(),
            population: p.population,
        }
    }
}

impl Serialize for Kind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Kind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Kind, D::Error> {
        let s = String::deserialize(d)?;
        Kind::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("unknown place kind {s:?}")))
    }
}

mod point_lonlat {
    use geo::Point;
    use serde::{Deserialize, Deserializer, Serializer};
    pub fn serialize<S: Serializer>(p: &Point<f64>, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq([p.x(), p.y()])
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Point<f64>, D::Error> {
        let [x, y] = <[f64; 2]>::deserialize(d)?;
        Ok(Point::new(x, y))
    }
}

/// A place name found in a text and resolved to one place.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Resolved {
    /// Byte span in the text.
    pub start: usize,
    pub end: usize,
    /// The text as written.
    pub surface: String,
    pub place: PlaceRef,
    pub precision: Precision,
    /// 0..1: how sure the resolver is that this is the place meant.
    pub confidence: f64,
    /// The next best places, best first, with their confidence.
    pub alternatives: Vec<(PlaceRef, f64)>,
}

/// A demonym found in a text ("syrienne", "Russian"): a country as actor or attribute.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemonymMention {
    pub start: usize,
    pub end: usize,
    pub surface: String,
    /// ISO 3166-1 alpha-2; None for peoples without a state ("kurde").
    pub country: Option<String>,
    /// The place within the country it names, if not the country ("Texan": Texas's GeoNames id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<u32>,
}

/// Converts a byte span of `text` into a character span.
pub fn char_span(text: &str, start: usize, end: usize) -> (usize, usize) {
    let s = text[..start].chars().count();
    let e = s + text[start..end].chars().count();
    (s, e)
}

/// Converts byte offsets of one text into character offsets, counting on from the last
/// offset asked for: spans asked for in text order cost one pass over the text in all,
/// where [`char_span`] for each would count from the start every time.
pub struct CharCounter<'t> {
    text: &'t str,
    byte: usize,
    chars: usize,
}

impl<'t> CharCounter<'t> {
    pub fn new(text: &'t str) -> Self {
        CharCounter { text, byte: 0, chars: 0 }
    }

    /// The character offset of byte offset `b` (a char boundary of the text).
    pub fn at(&mut self, b: usize) -> usize {
        if b < self.byte {
            (self.byte, self.chars) = (0, 0);
        }
        self.chars += self.text[self.byte..b].chars().count();
        self.byte = b;
        self.chars
    }

    /// [`char_span`], counted on.
    pub fn span(&mut self, start: usize, end: usize) -> (usize, usize) {
        (self.at(start), self.at(end))
    }
}

/// Great-circle distance in kilometres (haversine, Earth radius 6371 km).
pub fn distance_km(a: Point<f64>, b: Point<f64>) -> f64 {
    let (lat1, lat2) = (a.y().to_radians(), b.y().to_radians());
    let dlat = lat2 - lat1;
    let dlon = (b.x() - a.x()).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn haversine_paris_geneva() {
        let d = distance_km(Point::new(2.3522, 48.8566), Point::new(6.1432, 46.2044));
        assert!((d - 410.0).abs() < 5.0, "{d}");
    }

    #[test]
    fn counted_on_char_spans_equal_counted_afresh() {
        let t = "Alep, l’est d’Alep — Genève; 東京 and Zürich";
        let bounds: Vec<usize> = (0..=t.len()).filter(|&b| t.is_char_boundary(b)).collect();
        let mut c = CharCounter::new(t);
        // In order, backwards, and repeated.
        for w in bounds.windows(2).chain(bounds.windows(2).rev()).chain(bounds.windows(2)) {
            assert_eq!(c.span(w[0], w[1]), char_span(t, w[0], w[1]));
        }
    }

    #[test]
    fn char_spans_count_characters() {
        let t = "à Genève";
        let s = t.find("Genève").unwrap();
        assert_eq!(char_span(t, s, t.len()), (2, 8));
    }
}
