//! `dateline eval` on corpora we write: the metrics follow their definitions.

use super::util::{run, stderr, stdout, write};

// Gold: "Geneva" (chars 14..20) and "Aleppo" (28..34); "Springfield" is not annotated.
const CORPUS: &str = r#"{"id": "a", "lang": "en", "text": "Talks held in Geneva about Aleppo ended.", "toponyms": [{"start": 14, "end": 20, "name": "Geneva", "lat": 46.20222, "lon": 6.14569, "geonameid": 2660646}, {"start": 27, "end": 33, "name": "Aleppo", "lat": 36.2, "lon": 37.16, "geonameid": null}]}
{"id": "b", "lang": "en", "text": "Nothing happened.", "toponyms": []}
"#;

#[test]
fn json_report_has_the_documented_keys_and_values() {
    let dir = tempfile::tempdir().unwrap();
    let c = write(dir.path(), "c.jsonl", CORPUS);
    let o = run(&["eval", c.to_str().unwrap(), "--gold-spans", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    for k in ["docs", "gold", "predicted", "precision", "recall", "f1", "precision_lenient", "recall_lenient", "f1_lenient", "acc161_end_to_end", "acc161", "mean_km", "median_km", "auc"] {
        assert!(v.get(k).is_some(), "missing key {k}");
    }
    assert_eq!(v["docs"], 2);
    assert_eq!(v["gold"], 2);
    assert_eq!(v["predicted"], 2);
    assert_eq!(v["precision"], 1.0);
    assert_eq!(v["recall"], 1.0);
    assert_eq!(v["acc161_end_to_end"], 1.0);
    assert_eq!(v["acc161"], 1.0);
    assert!(v["auc"].as_f64().unwrap() < 0.05);
    // Geneva is decided by its id; Aleppo (no id in gold) by distance.
    assert_eq!(v["decided_by_id"], 1);
}

#[test]
fn without_gold_spans_resolution_keys_are_null() {
    let dir = tempfile::tempdir().unwrap();
    let c = write(dir.path(), "c.jsonl", CORPUS);
    let o = run(&["eval", c.to_str().unwrap(), "--json"]);
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert!(v["acc161"].is_null());
    assert!(v["auc"].is_null());
}

#[test]
fn a_wrong_point_counts_against_accuracy() {
    // Gold puts "Paris" in Texas with no context to say so: the resolver picks France,
    // about 7,900 km away, so Acc@161 is 0 and the error shows in the mean.
    let corpus = r#"{"id": "p", "lang": "en", "text": "We flew to Paris.", "toponyms": [{"start": 11, "end": 16, "name": "Paris", "lat": 33.66, "lon": -95.56, "geonameid": 4717560}]}"#;
    let dir = tempfile::tempdir().unwrap();
    let c = write(dir.path(), "c.jsonl", corpus);
    let o = run(&["eval", c.to_str().unwrap(), "--gold-spans", "--json"]);
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(v["acc161"], 0.0);
    assert!(v["mean_km"].as_f64().unwrap() > 7000.0);
}

#[test]
fn gold_spans_keep_what_the_text_says_around_them() {
    // Resolution given gold spans still reads the text around each span: the name after the
    // comma contains the town ("Paris, Texas") and a qualifier chooses the kind ("Idlib
    // province"), as they do when Dateline finds the names itself.
    let corpus = r#"{"id": "p", "lang": "en", "text": "We flew to Paris, Texas, and on to Dallas.", "toponyms": [{"start": 11, "end": 16, "name": "Paris", "lat": 33.66, "lon": -95.56, "geonameid": 4717560}]}
{"id": "i", "lang": "en", "text": "Shelling hit Idlib province overnight.", "toponyms": [{"start": 13, "end": 18, "name": "Idlib", "lat": 35.83, "lon": 36.67, "geonameid": 169387}]}"#;
    let dir = tempfile::tempdir().unwrap();
    let c = write(dir.path(), "c.jsonl", corpus);
    let o = run(&["eval", c.to_str().unwrap(), "--gold-spans", "--json"]);
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(v["acc161"], 1.0, "{v}");
    assert_eq!(v["decided_by_id"], 2, "{v}");
}

#[test]
fn a_malformed_line_is_reported_with_its_number() {
    let dir = tempfile::tempdir().unwrap();
    let c = write(dir.path(), "c.jsonl", "{\"id\": \"a\", \"text\": \"x\"}\nnot json\n");
    let o = run(&["eval", c.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("c.jsonl:2"), "{}", stderr(&o));
}

#[test]
fn development_corpora_meet_their_floors() {
    // Regression floors a little under the figures in the README, so that a change that
    // makes the geoparser worse fails here. Skipped when the corpora are absent.
    let floors = [
        ("lgl.jsonl", "f1_lenient", 0.74),
        ("lgl.jsonl", "acc161", 0.85),
        ("geovirus.jsonl", "f1_lenient", 0.85),
        ("geovirus.jsonl", "acc161", 0.77),
        ("wiktor.jsonl", "acc161", 0.70),
    ];
    for (file, key, floor) in floors {
        let Some(p) = super::util::shared(&format!("eval/{file}")) else { continue };
        let o = run(&["eval", p.to_str().unwrap(), "--gold-spans", "--json"]);
        let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
        let got = v[key].as_f64().unwrap();
        assert!(got >= floor, "{file} {key} = {got:.3}, floor {floor}");
    }
}

// Three event records: the first located right ("in Lyon"), the second with no gold location,
// the third with a gold span that cuts a word (token indices where characters belong).
const EVENTS: &str = r#"{"id": "e1", "lang": "en", "text": "Police arrested two men in Lyon on Monday.", "event": {"start": 7, "end": 15}, "toponyms": [{"start": 27, "end": 31, "name": "Lyon"}]}
{"id": "e2", "lang": "en", "text": "The minister resigned after the vote.", "event": {"start": 13, "end": 21}, "toponyms": []}
{"id": "e3", "lang": "en", "text": "Troops clashed with rebels near Kandahar.", "event": {"start": 7, "end": 14}, "toponyms": [{"start": 5, "end": 6, "name": "s"}]}
"#;

#[test]
fn event_locations_leave_malformed_gold_out_and_write_details() {
    let dir = tempfile::tempdir().unwrap();
    let c = write(dir.path(), "ev.jsonl", EVENTS);
    let details = dir.path().join("d.jsonl");
    let o = run(&["eval", c.to_str().unwrap(), "--events", "--json", "--details", details.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(v["records"], 3);
    assert_eq!(v["with_gold_location"], 1);
    assert_eq!(v["malformed_gold"], 1);
    assert_eq!(v["location_acc"], 1.0);
    assert_eq!(v["location_acc_all"], 0.5);
    assert_eq!(v["none_when_gold_none"], 1.0);
    let rows: Vec<serde_json::Value> = std::fs::read_to_string(&details).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["chosen"], "Lyon");
    assert_eq!(rows[0]["event"], "arrested");
    assert_eq!(rows[2]["malformed"], true);
    assert_eq!(rows[2]["chosen"], "Kandahar");
    assert_eq!(rows[2]["right"], false);
}

#[test]
fn event_corpora_meet_their_floors() {
    // Skipped when the corpora are absent.
    let floors = [
        ("event_location.jsonl", "--events", "location_acc", 0.75),
        ("plover_gsr.jsonl", "--event-types", "type_acc", 0.78),
        ("plover_gsr.jsonl", "--event-types", "source_acc", 0.62),
    ];
    for (file, mode, key, floor) in floors {
        let Some(p) = super::util::shared(&format!("eval/{file}")) else { continue };
        let o = run(&["eval", p.to_str().unwrap(), mode, "--json"]);
        let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
        let got = v[key].as_f64().unwrap();
        assert!(got >= floor, "{file} {key} = {got:.3}, floor {floor}");
    }
}
