//! Filters on events, shared by the server, the exports and every store backend, and the
//! parsing of their text forms (`bbox=…`, `datetime=…`), which checks every value and says
//! what is wrong with it.

use crate::model::Precision;
use crate::pipeline::events::EventType;
use chrono::NaiveDate;

/// A bounding box in degrees: min lon, min lat, max lon, max lat. A box whose min lon is
/// greater than its max lon crosses the antimeridian.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bbox {
    pub min_lon: f64,
    pub min_lat: f64,
    pub max_lon: f64,
    pub max_lat: f64,
}

impl Bbox {
    /// Parses "minLon,minLat,maxLon,maxLat".
    pub fn parse(s: &str) -> Result<Bbox, String> {
        let parts: Vec<&str> = s.split(',').map(str::trim).collect();
        if parts.len() != 4 {
            return Err(format!("expected 4 comma-separated numbers, found {}", parts.len()));
        }
        let mut v = [0f64; 4];
        for (i, p) in parts.iter().enumerate() {
            v[i] = p.parse::<f64>().map_err(|_| format!("{p:?} is not a number"))?;
            if !v[i].is_finite() {
                return Err(format!("{p:?} is not a finite number"));
            }
        }
        let b = Bbox { min_lon: v[0], min_lat: v[1], max_lon: v[2], max_lat: v[3] };
        if !(-180.0..=180.0).contains(&b.min_lon) || !(-180.0..=180.0).contains(&b.max_lon) {
            return Err("longitudes must lie between -180 and 180".into());
        }
        if !(-90.0..=90.0).contains(&b.min_lat) || !(-90.0..=90.0).contains(&b.max_lat) {
            return Err("latitudes must lie between -90 and 90".into());
        }
        if b.min_lat > b.max_lat {
            return Err("the minimum latitude is greater than the maximum".into());
        }
        Ok(b)
    }

    /// The box as one or two boxes that do not cross the antimeridian.
    pub fn parts(&self) -> Vec<Bbox> {
        if self.min_lon <= self.max_lon {
            vec![*self]
        } else {
            vec![
                Bbox { max_lon: 180.0, ..*self },
                Bbox { min_lon: -180.0, ..*self },
            ]
        }
    }
}

/// A closed or half-open interval of days; None on a side means open.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct DateRange {
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
}

fn parse_instant(s: &str) -> Result<NaiveDate, String> {
    // Dates, or RFC 3339 date-times (the day is what events carry).
    let day = s.get(..10).unwrap_or(s);
    let d = NaiveDate::parse_from_str(day, "%Y-%m-%d").map_err(|_| format!("{s:?} is not a date (YYYY-MM-DD) or an RFC 3339 date-time"))?;
    if s.len() > 10 && chrono::DateTime::parse_from_rfc3339(s).is_err() {
        return Err(format!("{s:?} is not an RFC 3339 date-time"));
    }
    use chrono::Datelike;
    if !(1..=9999).contains(&d.year()) {
        return Err(format!("{s:?} is out of range"));
    }
    Ok(d)
}

impl DateRange {
    /// Parses an OGC API `datetime`: an instant, "a/b", "../b", "a/..".
    pub fn parse(s: &str) -> Result<DateRange, String> {
        match s.split_once('/') {
            None => {
                let d = parse_instant(s)?;
                Ok(DateRange { start: Some(d), end: Some(d) })
            }
            Some((a, b)) => {
                let open = |x: &str| x.is_empty() || x == "..";
                let start = if open(a) { None } else { Some(parse_instant(a)?) };
                let end = if open(b) { None } else { Some(parse_instant(b)?) };
                if start.is_none() && end.is_none() {
                    return Err("an interval needs at least one end".into());
                }
                if let (Some(x), Some(y)) = (start, end) {
                    if x > y {
                        return Err("the interval ends before it starts".into());
                    }
                }
                Ok(DateRange { start, end })
            }
        }
    }
}

/// Which events to select.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    pub bbox: Option<Bbox>,
    pub datetime: Option<DateRange>,
    /// With a datetime, also keep events that have no date.
    pub include_undated: bool,
    /// Also keep events that have no place (and so no geometry).
    pub include_unlocated: bool,
    pub types: Vec<EventType>,
    /// The country of the event's place (ISO alpha-2).
    pub country: Option<String>,
    /// An actor: an ISO alpha-2 code, or words of an actor's name.
    pub actor: Option<String>,
    /// Full-text search over sentence, title, place and actors.
    pub q: Option<String>,
    pub min_fatalities: Option<u32>,
    pub precision: Option<Precision>,
}

/// Days since 1970-01-01.
pub fn day_number(d: NaiveDate) -> i64 {
    (d - NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid epoch")).num_days()
}

/// The date of a day number.
pub fn from_day_number(n: i64) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(1970, 1, 1)?.checked_add_signed(chrono::Duration::days(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bbox_parsing() {
        let b = Bbox::parse("170,-10,-170,10").unwrap();
        assert_eq!(b.parts().len(), 2, "crosses the antimeridian");
        assert!(Bbox::parse("1,2,3").unwrap_err().contains("4 comma-separated"));
        assert!(Bbox::parse("1,2,3,x").unwrap_err().contains("not a number"));
        assert!(Bbox::parse("1,95,3,96").unwrap_err().contains("latitudes"));
        assert!(Bbox::parse("1,NaN,3,4").is_err());
    }

    #[test]
    fn datetime_parsing() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(DateRange::parse("2016-12-08").unwrap(), DateRange { start: Some(d("2016-12-08")), end: Some(d("2016-12-08")) });
        assert_eq!(DateRange::parse("../2016-12-08").unwrap().start, None);
        assert_eq!(DateRange::parse("2016-12-01/..").unwrap().end, None);
        assert_eq!(DateRange::parse("2016-12-01T10:00:00Z/2016-12-31T00:00:00Z").unwrap().end, Some(d("2016-12-31")));
        assert!(DateRange::parse("2016-12-31/2016-12-01").is_err());
        assert!(DateRange::parse("../..").is_err());
        assert!(DateRange::parse("0000-01-01").is_err());
        assert!(DateRange::parse("yesterday").is_err());
        assert_eq!(from_day_number(day_number(d("2016-12-08"))), Some(d("2016-12-08")));
    }
}
