//! Query parameters of the API: every parameter is known to its endpoint, every value is
//! checked, and a problem becomes a 400 that names the parameter.
//!
//! The checks here are the exact rules that the OpenAPI document ([`super::openapi`]) states
//! for each parameter (its patterns are built from the constants below), so that what the
//! document calls invalid the server refuses. A few rules that a schema cannot state (a date
//! that does not exist, an interval that ends before it starts, a bbox whose south edge is
//! north of its north edge) are checked afterwards by the store's own parsers.

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
/// Largest `offset` honoured; larger ones are clamped (they are past any store's end).
pub const MAX_OFFSET: u64 = 1 << 40;

/// The filter parameters every event endpoint takes.
pub const FILTER_PARAMS: &[&str] =
    &["bbox", "datetime", "type", "country", "actor", "q", "min_fatalities", "precision", "undated", "unlocated", "f"];

/// Values of `f` on the event endpoints, and on every other JSON endpoint.
pub const F_EVENTS: &[&str] = &["json", "geojson"];
pub const F_JSON: &[&str] = &["json"];

/// The characters Rust's `char::is_whitespace` (Unicode White_Space) accepts, as the body of a
/// regular-expression class: what `str::trim` removes. Spelled out because `\s` differs
/// between regex dialects (Python's includes U+001C–U+001F, ECMAScript's lacks U+0085).
pub const WHITESPACE_CLASS: &str = "\\t\\n\\u000b\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";

/// A value holding at least one character that is not whitespace (unanchored).
pub fn not_blank_pattern() -> String {
    format!("[^{WHITESPACE_CLASS}]")
}

/// One instant of `datetime`: a date, or an RFC 3339 date-time with its offset, each field in
/// its range (year 0001–9999, month 01–12, day 01–31, hour 00–23, minute 00–59, second 00–60).
const INSTANT: &str = concat!(
    "(?:[0-9]{3}[1-9]|[0-9]{2}[1-9][0-9]|[0-9][1-9][0-9]{2}|[1-9][0-9]{3})-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])",
    "(?:[Tt](?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\\.[0-9]+)?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9]))?",
);

/// The shape of `datetime`: an instant, or an interval with at least one end ("" or ".." open).
pub fn datetime_pattern() -> String {
    format!("^(?:{INSTANT}|{INSTANT}/(?:{INSTANT}|\\.\\.)?|(?:\\.\\.)?/{INSTANT})$")
}

/// One item of `type`: an event type in any letter case, with whitespace around it allowed, or
/// nothing but whitespace (an empty item is skipped).
pub fn type_item_pattern() -> String {
    let names: Vec<String> = EventType::ALL
        .iter()
        .map(|t| t.as_str().chars().map(|c| format!("[{}{}]", c.to_ascii_uppercase(), c.to_ascii_lowercase())).collect())
        .collect();
    format!("^[{WHITESPACE_CLASS}]*(?:{})?[{WHITESPACE_CLASS}]*$", names.join("|"))
}

/// A language tag of `geocode`: "fr", "en", "pt-BR".
pub const LANG_PATTERN: &str = "^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$";
/// Whether `s` matches [`LANG_PATTERN`].
pub fn is_lang(s: &str) -> bool {
    let (main, sub) = match s.split_once('-') {
        Some((a, b)) => (a, Some(b)),
        None => (s, None),
    };
    (2..=3).contains(&main.len())
        && main.bytes().all(|b| b.is_ascii_alphabetic())
        && sub.is_none_or(|t| (2..=8).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// An ISO 3166-1 alpha-2 code, in any letter case.
pub const COUNTRY_PATTERN: &str = "^[A-Za-z]{2}$";
/// Bounds of `actor` and `q`, in characters.
pub const MAX_ACTOR: usize = 100;
pub const MAX_Q: usize = 200;

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
            let name: String = k.chars().take(100).collect();
            return Err(ApiError::bad_request(&name, format!("unknown parameter {name:?}; this endpoint takes {}", allowed.join(", "))));
        }
        if out.insert(k.clone(), v).is_some() {
            return Err(ApiError::bad_request(&k, format!("parameter {k:?} is given more than once")));
        }
    }
    Ok(out)
}

/// Parses a query string that may hold only `f` (with one of `formats`).
pub fn parse_f_only(raw: Option<&str>, formats: &[&str]) -> Result<HashMap<String, String>, ApiError> {
    let p = parse_query(raw, &["f"])?;
    check_f(&p, formats)?;
    Ok(p)
}

/// `f`, if given, is one of `formats`.
pub fn check_f(p: &HashMap<String, String>, formats: &[&str]) -> Result<(), ApiError> {
    match p.get("f") {
        Some(v) if !formats.contains(&v.as_str()) => Err(bad("f", v, format!("expected {}", formats.join(" or ")))),
        _ => Ok(()),
    }
}

fn bad(name: &str, value: &str, why: impl std::fmt::Display) -> ApiError {
    let shown: String = value.chars().take(200).collect();
    ApiError::bad_request(name, format!("invalid {name} {shown:?}: {why}"))
}

/// A whole number in plain decimal digits (no sign, no spaces), saturating at `u64::MAX`.
fn digits(v: &str) -> Option<u64> {
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(v.parse::<u64>().unwrap_or(u64::MAX))
}

/// Whether `s` is a number as JSON writes one ("-12", "3.5", "1e-7").
fn is_json_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let run = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i > start
    };
    if b.first() == Some(&b'-') {
        i += 1;
    }
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            run(&mut i);
        }
        _ => return false,
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !run(&mut i) {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !run(&mut i) {
            return false;
        }
    }
    i == b.len()
}

fn parse_bbox(v: &str) -> Result<Bbox, String> {
    let parts: Vec<&str> = v.split(',').collect();
    if parts.len() != 4 {
        return Err(format!("expected 4 comma-separated numbers, found {}", parts.len()));
    }
    for p in &parts {
        if !is_json_number(p) {
            return Err(format!("{p:?} is not a number (digits, an optional sign, point and exponent; no spaces)"));
        }
        if !p.parse::<f64>().is_ok_and(|x| (-180.0..=180.0).contains(&x)) {
            return Err(format!("{p:?} is outside -180 to 180"));
        }
    }
    Bbox::parse(v)
}

/// Whether `s` matches [`INSTANT`].
fn is_instant(s: &str) -> bool {
    let b = s.as_bytes();
    // The number in b[r], if every byte there is a digit.
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let x = b.get(r)?;
        x.iter().all(u8::is_ascii_digit).then(|| x.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    };
    let in_range = |r: std::ops::Range<usize>, lo: u32, hi: u32| num(r).is_some_and(|n| (lo..=hi).contains(&n));
    let date = b.len() >= 10 && in_range(0..4, 1, 9999) && b[4] == b'-' && in_range(5..7, 1, 12) && b[7] == b'-' && in_range(8..10, 1, 31);
    if !date {
        return false;
    }
    if b.len() == 10 {
        return true;
    }
    let time = b.len() >= 19
        && matches!(b[10], b'T' | b't')
        && in_range(11..13, 0, 23)
        && b[13] == b':'
        && in_range(14..16, 0, 59)
        && b[16] == b':'
        && in_range(17..19, 0, 60);
    if !time {
        return false;
    }
    let mut i = 19;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    match b.get(i) {
        Some(b'Z' | b'z') => i + 1 == b.len(),
        Some(b'+' | b'-') => b.len() == i + 6 && in_range(i + 1..i + 3, 0, 23) && b[i + 3] == b':' && in_range(i + 4..i + 6, 0, 59),
        _ => false,
    }
}

fn parse_datetime(v: &str) -> Result<DateRange, String> {
    let shape_ok = match v.split_once('/') {
        None => is_instant(v),
        Some((a, b)) => {
            let open = |x: &str| x.is_empty() || x == "..";
            (open(a) || is_instant(a)) && (open(b) || is_instant(b)) && !(open(a) && open(b))
        }
    };
    if !shape_ok {
        return Err("expected a date (2016-12-08), an RFC 3339 date-time (2016-12-08T10:00:00Z) or an interval of them (a/b, ../b, a/..)".into());
    }
    DateRange::parse(v)
}

/// The event filter from parsed parameters.
pub fn filter(p: &HashMap<String, String>) -> Result<Filter, ApiError> {
    let mut f = Filter::default();
    if let Some(v) = p.get("bbox") {
        f.bbox = Some(parse_bbox(v).map_err(|e| bad("bbox", v, e))?);
    }
    if let Some(v) = p.get("datetime") {
        f.datetime = Some(parse_datetime(v).map_err(|e| bad("datetime", v, e))?);
    }
    if let Some(v) = p.get("type") {
        // Empty items are skipped: an empty value means every type.
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
        if v.trim().is_empty() || v.chars().count() > MAX_ACTOR {
            return Err(bad("actor", v, format!("expected a country code or up to {MAX_ACTOR} characters of a name")));
        }
        f.actor = Some(v.trim().to_string());
    }
    if let Some(v) = p.get("q") {
        if v.chars().count() > MAX_Q {
            return Err(bad("q", v, format!("longer than {MAX_Q} characters")));
        }
        if !v.trim().is_empty() {
            f.q = Some(v.clone());
        }
    }
    if let Some(v) = p.get("min_fatalities") {
        let n = digits(v).filter(|n| *n <= u64::from(u32::MAX)).ok_or_else(|| bad("min_fatalities", v, format!("expected a whole number from 0 to {}", u32::MAX)))?;
        f.min_fatalities = Some(n as u32);
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
    check_f(p, F_EVENTS)?;
    Ok(f)
}

pub fn parse_bool(name: &str, v: &str) -> Result<bool, ApiError> {
    match v {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(bad(name, v, "expected true or false")),
    }
}

/// A whole number from `min` to `max` in plain digits, for parameter `name`.
pub fn bounded(p: &HashMap<String, String>, name: &str, min: u64, max: u64) -> Result<Option<u64>, ApiError> {
    match p.get(name) {
        None => Ok(None),
        Some(v) => digits(v).filter(|n| (min..=max).contains(n)).map(Some).ok_or_else(|| bad(name, v, format!("expected a whole number from {min} to {max}"))),
    }
}

/// `limit` (clamped to [`MAX_LIMIT`], not refused) and `offset` (clamped to [`MAX_OFFSET`]).
pub fn paging(p: &HashMap<String, String>) -> Result<(u64, u64), ApiError> {
    let limit = match p.get("limit") {
        Some(v) => digits(v).filter(|n| *n >= 1).ok_or_else(|| bad("limit", v, "expected a whole number ≥ 1"))?.min(MAX_LIMIT),
        None => DEFAULT_LIMIT,
    };
    let offset = match p.get("offset") {
        Some(v) => digits(v).ok_or_else(|| bad("offset", v, "expected a whole number ≥ 0"))?.min(MAX_OFFSET),
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
        let q = |s: &str| parse_query(Some(s), &["bbox", "datetime", "type", "min_fatalities", "limit", "offset", "country", "actor", "f"]).unwrap();
        assert!(filter(&q("type=FIGHT,assault")).unwrap().types.len() == 2);
        assert!(filter(&q("type=PARTY")).unwrap_err().description.contains("PARTY"));
        assert!(filter(&q("type=")).unwrap().types.is_empty());
        assert_eq!(filter(&q("type=FIGHT,%20,aid")).unwrap().types.len(), 2);
        assert!(filter(&q("min_fatalities=-1")).is_err());
        assert!(filter(&q("min_fatalities=%2B1")).is_err());
        assert!(filter(&q("min_fatalities=4294967296")).is_err());
        assert_eq!(filter(&q("min_fatalities=4294967295")).unwrap().min_fatalities, Some(u32::MAX));
        assert!(filter(&q("country=Syria")).is_err());
        assert!(filter(&q("actor=%20")).is_err());
        assert!(filter(&q("f=null")).is_err());
        assert!(filter(&q("f=geojson")).is_ok());
        assert_eq!(paging(&q("limit=50000")).unwrap().0, MAX_LIMIT);
        assert_eq!(paging(&q("limit=99999999999999999999999")).unwrap().0, MAX_LIMIT);
        assert!(paging(&q("limit=0")).is_err());
        assert!(paging(&q("limit=%2B5")).is_err());
        assert!(paging(&q("offset=x")).is_err());
    }

    #[test]
    fn bbox_and_datetime_have_one_shape() {
        for ok in ["1,2,3,4", "-180,-90,180,90", "1.5,-0.25,1e1,2E-3", "170,0,-170,10"] {
            assert!(parse_bbox(ok).is_ok(), "{ok}");
        }
        for no in ["1,2,3", "1, 2,3,4", "+1,2,3,4", ".5,2,3,4", "1.,2,3,4", "01,2,3,4", "NaN,2,3,4", "1,2,3,4,5", "200,0,0,0", "0,10,0,5"] {
            assert!(parse_bbox(no).is_err(), "{no}");
        }
        for ok in ["2016-12-08", "2016-12-08T10:00:00Z", "2016-12-08t10:00:00.5+02:00", "2016-01-01/2016-02-01", "../2016-01-01", "/2016-01-01", "2016-01-01/..", "2016-01-01/"] {
            assert!(parse_datetime(ok).is_ok(), "{ok}");
        }
        for no in ["", "/", "../..", "..", "2016-1-8", "2016-12-08T10:00:00", "2016-12-08 10:00:00Z", "+2016-12-08", "2016-13-01", "2016-00-10", "2016-01-32", "2016-01-01T24:00:00Z", "2016-01-01T10:00:00+24:00", "2016-02-01/2016-01-01", "0000-01-01", "2016-01-01/2016-02-01/2016-03-01"] {
            assert!(parse_datetime(no).is_err(), "{no}");
        }
    }
}
