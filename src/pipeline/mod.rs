//! The pipeline, one module per stage, in the order the data flows:
//! language → places (find names) → resolve (pick the place) → events.
//! `tokens` and `qualifiers` are shared helpers of the place stages.

pub mod language;
pub mod places;
pub mod qualifiers;
pub mod resolve;
pub mod tokens;

use crate::gazetteer::Gazetteer;
use crate::model::{DemonymMention, Resolved};

/// The places and demonyms of one text, found and resolved.
#[derive(Clone, Debug, Default)]
pub struct Geoparsed {
    pub places: Vec<Resolved>,
    pub demonyms: Vec<DemonymMention>,
}

/// Finds and resolves the places of `text` in one call.
pub fn geoparse(g: &Gazetteer, text: &str, lang: &str) -> Geoparsed {
    let found = places::find(g, text, lang);
    let places = resolve::resolve(g, text, &found, &resolve::Context::default());
    Geoparsed { places, demonyms: found.demonyms }
}
