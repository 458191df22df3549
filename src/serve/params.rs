//! Query parameters of the API: every parameter is known to its endpoint, every value is
//! checked, and a problem becomes a 400 that names the parameter.

use super::error::ApiError;
use crate::model::Precision;
use crate::pipeline::events::EventType;
use crate::store::{Bbox, DateRange, Filter};
use std::collections::HashMap;

/// Longest query string accepted.
pub const MAX_QUERY: usize = 8 * 1024;
/// Default and maximum page sizes of `items`.
pub const DEFAULT_LIMIT: u64 = 100;
pub const MAX_LIMIT: u64 = 10_000;

/// The filter parameters every event endpoint takes.
pub const FILTER_PARAMS: &[&str] =
    &["bbox", "datetime", "type", "country", "actor", "q", "min_fatalities", "precision", "undated", "unlocated", "f"];

/// Parses a query string, refusing unknown and repeated parameters.
pub fn parse_query(raw: Option<&str>, allowed: &[&str]) -> Result<HashMap<String, String>, ApiError> {
    let raw = raw.unwrap_or("");
    if raw.len() > MAX_QUERY {
        return Err(ApiError::bad_request("query", format!("the query string is longer than {MAX_QUERY} bytes")));
    }
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw)
        .map_err(|e| ApiError::bad_request("query", format!("the query string cannot be decoded: {e}")))?;
    let mut out = HashMap::new();
    for (k, v) in pairs {
        if !allowed.contains(&k.as_str()) {
            return Err(ApiError::bad_request(&k, format!("unknown parameter {k:?}; this endpoint takes {}", allowed.join(", "))));
        }
        if out.insert(k.clone(), v).is_some() {
            return Err(ApiError::bad_request(&k, format!("parameter {k:?} is given more than once")));
        }
    }
    Ok(out)
}

fn bad(name: &str, value: &str, why: impl std::fmt::Display) -> ApiError {
    ApiError::bad_request(name, format!("invalid {name} {value:?}: {why}"))
}

/// The event filter from parsed parameters.
pub fn filter(p: &HashMap<String, String>) -> Result<Filter, ApiError> {
    let mut f = Filter::default();
    if let Some(v) = p.get("bbox") {
        f.bbox = Some(Bbox::parse(v).map_err(|e| bad("bbox", v, e))?);
    }
    if let Some(v) = p.get("datetime") {
        f.datetime = Some(DateRange::parse(v).map_err(|e| bad("datetime", v, e))?);
    }
    if let Some(v) = p.get("type") {
        for t in v.split(',').map(str::trim).filter(|t| !t.is_empty()) {
            let ty = EventType::parse(t).ok_or_else(|| bad("type", t, "not a PLOVER event type (AGREE … FIGHT)"))?;
            if !f.types.contains(&ty) {
                f.types.push(ty);
            }
        }
    }
    if let Some(v) = p.get("country") {
        if v.len() != 2 || !v.chars().all(|c| c.is_ascii_alphabetic()) {
            return Err(bad("country", v, "expected an ISO 3166-1 alpha-2 code such as SY"));
        }
        f.country = Some(v.to_uppercase());
    }
    if let Some(v) = p.get("actor") {
        let v = v.trim();
        if v.is_empty() || v.chars().count() > 100 {
            return Err(bad("actor", v, "expected a country code or up to 100 characters of a name"));
        }
        f.actor = Some(v.to_string());
    }
    if let Some(v) = p.get("q") {
        if v.chars().count() > 200 {
            return Err(bad("q", v, "longer than 200 characters"));
        }
        if !v.trim().is_empty() {
            f.q = Some(v.clone());
        }
    }
    if let Some(v) = p.get("min_fatalities") {
        f.min_fatalities = Some(v.parse::<u32>().map_err(|_| bad("min_fatalities", v, "expected a whole number ≥ 0"))?);
    }
    if let Some(v) = p.get("precision") {
        f.precision = Some(Precision::parse(v).ok_or_else(|| bad("precision", v, "expected city, admin2, admin1, region or country"))?);
    }
    if let Some(v) = p.get("undated") {
        f.include_undated = parse_bool("undated", v)?;
    }
    if let Some(v) = p.get("unlocated") {
        f.include_unlocated = parse_bool("unlocated", v)?;
    }
    if let Some(v) = p.get("f") {
        if !matches!(v.as_str(), "json" | "geojson") {
            return Err(bad("f", v, "expected json"));
        }
    }
    Ok(f)
}

pub fn parse_bool(name: &str, v: &str) -> Result<bool, ApiError> {
    match v {
        "true" | "1" => Ok(true),
        "false" | "0" => Ok(false),
        _ => Err(bad(name, v, "expected true or false")),
    }
}

/// `limit` (clamped to [`MAX_LIMIT`], not refused) and `offset`.
pub fn paging(p: &HashMap<String, String>) -> Result<(u64, u64), ApiError> {
    let limit = match p.get("limit") {
        Some(v) => {
            let n: u64 = v.parse().map_err(|_| bad("limit", v, "expected a whole number ≥ 1"))?;
            if n == 0 {
                return Err(bad("limit", v, "expected a whole number ≥ 1"));
            }
            n.min(MAX_LIMIT)
        }
        None => DEFAULT_LIMIT,
    };
    let offset = match p.get("offset") {
        Some(v) => v.parse::<u64>().map_err(|_| bad("offset", v, "expected a whole number ≥ 0"))?.min(1 << 40),
        None => 0,
    };
    Ok((limit, offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_and_repeated_parameters_are_refused() {
        let e = parse_query(Some("bbox=1,2,3,4&colour=red"), FILTER_PARAMS).unwrap_err();
        assert!(e.description.contains("colour"));
        let e = parse_query(Some("q=a&q=b"), FILTER_PARAMS).unwrap_err();
        assert!(e.description.contains("more than once"));
    }

    #[test]
    fn values_are_checked() {
        let q = |s: &str| parse_query(Some(s), &["bbox", "datetime", "type", "min_fatalities", "limit", "offset", "country"]).unwrap();
        assert!(filter(&q("type=FIGHT,assault")).unwrap().types.len() == 2);
        assert!(filter(&q("type=PARTY")).unwrap_err().description.contains("PARTY"));
        assert!(filter(&q("min_fatalities=-1")).is_err());
        assert!(filter(&q("country=Syria")).is_err());
        assert_eq!(paging(&q("limit=50000")).unwrap().0, MAX_LIMIT);
        assert!(paging(&q("limit=0")).is_err());
        assert!(paging(&q("offset=x")).is_err());
    }
}
