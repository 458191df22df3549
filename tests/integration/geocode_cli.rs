//! `dateline geocode` as a user runs it: formats, filters, exit codes.

use super::util::{run, stderr, stdout};

#[test]
fn json_format_lists_ranked_candidates() {
    let o = run(&["geocode", "Alep", "--format", "json", "--limit", "3"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let a = v.as_array().unwrap();
    assert!(!a.is_empty() && a.len() <= 3);
    assert_eq!(a[0]["geonameid"], 170063);
    assert_eq!(a[0]["country"], "SY");
}

#[test]
fn geojson_format_is_a_feature_collection_in_lon_lat_order() {
    let o = run(&["geocode", "Genève", "--format", "geojson", "--limit", "1"]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["type"], "FeatureCollection");
    let c = &v["features"][0]["geometry"]["coordinates"];
    assert!((c[0].as_f64().unwrap() - 6.14).abs() < 0.1, "longitude first: {c}");
    assert!((c[1].as_f64().unwrap() - 46.2).abs() < 0.1);
}

#[test]
fn table_and_filters() {
    let o = run(&["geocode", "Idlib", "--kind", "admin1"]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("169387"));
    let o = run(&["geocode", "Paris", "--country", "US", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(v.as_array().unwrap().iter().all(|c| c["country"] == "US"));
}

#[test]
fn unknown_name_exits_non_zero_with_a_message() {
    let o = run(&["geocode", "Xqzzyville"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no place named \"Xqzzyville\""), "{}", stderr(&o));
    let o = run(&["geocode", "Paris", "--kind", "planet"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("unknown kind"));
}

#[test]
fn corrupt_gazetteer_file_is_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let bad = super::util::write(dir.path(), "bad.dlgz", "this is not an index");
    let o = run(&["--gazetteer", bad.to_str().unwrap(), "geocode", "Alep"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("corrupt"), "{}", stderr(&o));
}
