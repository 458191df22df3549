//! Events as the outside world reads them: GeoJSON features (RFC 7946: longitude first, no
//! `crs`), flat JSON records and CSV rows. One place decides the property names, so the CLI
//! and the server export the same thing.
//!
//! CSV cells that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a
//! tab or a carriage return) are prefixed with a single quote.

use crate::pipeline::events::Event;
use crate::pipeline::ingest::Article;
use serde_json::{json, Value};

/// The properties of an event, with its article's provenance.
pub fn event_properties(e: &Event, a: &Article) -> Value {
    let actors: Vec<&str> = e
        .source_actors
        .iter()
        .chain(&e.target_actors)
        .filter_map(|x| x.country.as_deref())
        .collect();
    json!({
        "id": e.id,
        "type": e.event_type.as_str(),
        "quad": e.event_type.quad(),
        "trigger": e.trigger,
        "confidence": e.confidence,
        "negated": e.negated,
        "future": e.future,
        "hypothetical": e.hypothetical,
        "source_actors": e.source_actors,
        "target_actors": e.target_actors,
        "actors": actors,
        "fatalities": e.fatalities,
        "injured": e.injured,
        "date": e.date.map(|d| d.to_string()),
        "date_precision": e.date_precision.map(|p| p.as_str()),
        "date_approximate": e.date_approximate,
        "place_id": e.place.as_ref().map(|p| p.id),
        "place_name": e.place.as_ref().map(|p| p.name.clone()),
        "place_kind": e.place.as_ref().map(|p| p.kind.as_str()),
        "place_text": e.place_text,
        "country": e.place.as_ref().map(|p| p.country.clone()),
        "precision": e.precision.map(|p| p.as_str()),
        "sentence": e.sentence,
        "trigger_start": e.trigger_start,
        "trigger_end": e.trigger_end,
        "place_start": e.place_start,
        "place_end": e.place_end,
        "article_id": a.id,
        "article_title": a.title,
        "article_url": a.url,
        "source": a.source,
        "published": a.published.map(|d| d.to_string()),
        "parent_article": a.parent,
    })
}

/// A GeoJSON Feature for an event; an event with no place has a null geometry.
pub fn event_feature(e: &Event, a: &Article) -> Value {
    let geometry = match &e.place {
        Some(p) => json!({"type": "Point", "coordinates": [p.point.x(), p.point.y()]}),
        None => Value::Null,
    };
    json!({"type": "Feature", "id": e.id, "geometry": geometry, "properties": event_properties(e, a)})
}

/// The CSV columns, in order.
pub const CSV_COLUMNS: &[&str] = &[
    "id", "type", "quad", "trigger", "confidence", "negated", "future", "hypothetical", "actors",
    "source_actors", "target_actors", "fatalities", "injured", "date", "date_precision",
    "date_approximate", "lon", "lat", "place_id", "place_name", "country", "precision", "sentence",
    "article_id", "article_title", "article_url", "published",
];

/// Guards a cell against formula injection in spreadsheets.
pub fn csv_safe(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// One CSV row for an event, in [`CSV_COLUMNS`] order.
pub fn csv_row(e: &Event, a: &Article) -> Vec<String> {
    csv_row_from_properties(e.place.as_ref().map(|p| p.point.x()), e.place.as_ref().map(|p| p.point.y()), &event_properties(e, a))
}

/// One CSV row from an event's GeoJSON properties (as the store keeps them).
pub fn csv_row_from_properties(lon: Option<f64>, lat: Option<f64>, p: &Value) -> Vec<String> {
    let text = |k: &str| match &p[k] {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        v => v.to_string(),
    };
    let actors = |k: &str| {
        p[k].as_array()
            .map(|v| {
                v.iter()
                    .map(|a| a["country"].as_str().or(a["name"].as_str()).unwrap_or("").to_string())
                    .collect::<Vec<_>>()
                    .join(";")
            })
            .unwrap_or_default()
    };
    let codes = p["actors"].as_array().map(|v| v.iter().filter_map(|x| x.as_str()).collect::<Vec<_>>().join(";")).unwrap_or_default();
    let row = vec![
        text("id"),
        text("type"),
        text("quad"),
        text("trigger"),
        text("confidence"),
        text("negated"),
        text("future"),
        text("hypothetical"),
        codes,
        actors("source_actors"),
        actors("target_actors"),
        text("fatalities"),
        text("injured"),
        text("date"),
        text("date_precision"),
        text("date_approximate"),
        lon.map(|x| x.to_string()).unwrap_or_default(),
        lat.map(|x| x.to_string()).unwrap_or_default(),
        text("place_id"),
        text("place_name"),
        text("country"),
        text("precision"),
        text("sentence"),
        text("article_id"),
        text("article_title"),
        text("article_url"),
        text("published"),
    ];
    row.iter().map(|c| csv_safe(c)).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn formulas_are_defused() {
        assert_eq!(super::csv_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(super::csv_safe("-2+3"), "'-2+3");
        assert_eq!(super::csv_safe("@SUM"), "'@SUM");
        assert_eq!(super::csv_safe("Alep"), "Alep");
    }
}
