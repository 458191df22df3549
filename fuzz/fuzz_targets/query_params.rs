//! The server's query-parameter parsing on arbitrary strings, as the handlers chain it:
//! `parse_query` (URL decoding, unknown and repeated names), then `filter` (bbox, datetime,
//! type, country, actor, q, …) and `paging`; the text-search query built from `q`; the
//! geocoder's query; and `Bbox::parse` / `DateRange::parse` straight on the raw input.
#![no_main]

use dateline::gazetteer::SearchOptions;
use dateline::serve::params::{filter, paging, parse_query, FILTER_PARAMS, MAX_LIMIT};
use dateline::store::lexemes::tsquery;
use dateline::store::{Bbox, DateRange};
use dateline::Gazetteer;
use libfuzzer_sys::fuzz_target;

fn check_bbox(b: &Bbox) {
    for lon in [b.min_lon, b.max_lon] {
        assert!((-180.0..=180.0).contains(&lon), "{b:?}");
    }
    assert!(-90.0 <= b.min_lat && b.min_lat <= b.max_lat && b.max_lat <= 90.0, "{b:?}");
    for part in b.parts() {
        assert!(part.min_lon <= part.max_lon, "part {part:?} of {b:?} crosses the antimeridian");
    }
}

fn check_range(r: &DateRange) {
    assert!(r.start.is_some() || r.end.is_some(), "{r:?}");
    if let (Some(a), Some(b)) = (r.start, r.end) {
        assert!(a <= b, "{r:?}");
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else { return };

    if let Ok(b) = Bbox::parse(raw) {
        check_bbox(&b);
    }
    if let Ok(r) = DateRange::parse(raw) {
        check_range(&r);
    }

    // /collections/events/items: every filter parameter, limit and offset.
    let allowed: Vec<&str> = FILTER_PARAMS.iter().copied().chain(["limit", "offset"]).collect();
    match parse_query(Some(raw), &allowed) {
        Ok(p) => {
            assert!(p.keys().all(|k| allowed.contains(&k.as_str())), "unknown parameter accepted: {p:?}");
            match filter(&p) {
                Ok(f) => {
                    if let Some(b) = &f.bbox {
                        check_bbox(b);
                    }
                    if let Some(r) = &f.datetime {
                        check_range(r);
                    }
                    if let Some(c) = &f.country {
                        assert!(c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()), "country {c:?}");
                    }
                    if let Some(q) = &f.q {
                        if let Some(ts) = tsquery(q) {
                            // Only words reach the query, each quoted: no user text is syntax.
                            assert!(
                                ts.chars().all(|c| c.is_alphanumeric() || "'()|& ".contains(c)),
                                "tsquery {ts:?} from {q:?}"
                            );
                        }
                    }
                }
                Err(e) => assert!(e.status == 400 && e.parameter.is_some(), "{e:?}"),
            }
            match paging(&p) {
                Ok((limit, offset)) => {
                    assert!((1..=MAX_LIMIT).contains(&limit), "limit {limit}");
                    assert!(offset <= 1 << 40, "offset {offset}");
                }
                Err(e) => assert!(e.status == 400 && e.parameter.is_some(), "{e:?}"),
            }
        }
        Err(e) => assert!(e.status == 400 && e.parameter.is_some(), "{e:?}"),
    }

    // /geocode: the same checks the handler makes, then a search of the gazetteer.
    if let Ok(p) = parse_query(Some(raw), &["q", "lang", "country", "limit"]) {
        if let Some(q) = p.get("q").filter(|q| !q.trim().is_empty() && q.chars().count() <= 200) {
            let opts = SearchOptions { lang: p.get("lang").cloned(), country: p.get("country").cloned(), kind: None, limit: 10 };
            let found = Gazetteer::embedded().search(q, &opts);
            assert!(found.len() <= 10, "{} results for a limit of 10", found.len());
            assert!(found.iter().all(|c| c.score.is_finite()), "score not finite");
        }
    }
});
