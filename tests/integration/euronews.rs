//! The article that defines the product, read from ../shared/fixtures (skipped when absent):
//! every place of its expected.json found with the right id, none of its `not_places`.

use dateline::pipeline::geoparse;
use dateline::Gazetteer;

#[test]
fn euronews_aleppo_places() {
    let (Some(txt), Some(exp)) = (
        super::util::shared("fixtures/alep-euronews-fr.txt"),
        super::util::shared("fixtures/alep-euronews-fr.expected.json"),
    ) else {
        return;
    };
    let text = std::fs::read_to_string(txt).unwrap();
    let exp: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(exp).unwrap()).unwrap();
    let parsed = geoparse(Gazetteer::embedded(), &text, "fr");
    let mut problems = Vec::new();
    for p in exp["places"].as_array().unwrap() {
        let name = p["name"].as_str().unwrap();
        let id = p["geonameid"].as_u64().unwrap() as u32;
        let hits: Vec<_> = parsed.places.iter().filter(|r| r.surface.ends_with(name)).collect();
        if hits.is_empty() {
            problems.push(format!("{name} not found"));
        }
        for h in hits {
            if h.place.id != id {
                problems.push(format!("{name} resolved to {} {}", h.place.id, h.place.name));
            }
        }
    }
    for n in exp["not_places"].as_array().unwrap() {
        let n = n.as_str().unwrap();
        if parsed.places.iter().any(|r| r.surface == n) {
            problems.push(format!("{n} reported as a place"));
        }
    }
    for (form, cc) in exp["demonyms"].as_object().unwrap() {
        match parsed.demonyms.iter().find(|d| d.surface == *form) {
            None => problems.push(format!("demonym {form} not found")),
            Some(d) => {
                if d.country.as_deref() != cc.as_str() {
                    problems.push(format!("demonym {form} gave {:?}", d.country));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
