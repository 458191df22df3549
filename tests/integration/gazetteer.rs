//! The default gazetteer: names in many languages resolve to the right GeoNames id first.

use dateline::gazetteer::{Gazetteer, Kind, SearchOptions};

fn first(name: &str, opts: SearchOptions) -> (u32, Kind, String) {
    let g = Gazetteer::embedded();
    let c = g.search(name, &opts);
    let top = c.first().unwrap_or_else(|| panic!("no candidate for {name:?}"));
    (top.place.id, top.place.kind, top.place.country.to_string())
}

fn top_id(name: &str) -> u32 {
    first(name, SearchOptions::default()).0
}

#[test]
fn issue_examples_rank_first() {
    assert_eq!(top_id("Alep"), 170063);
    assert_eq!(top_id("Damas"), 170654);
    assert_eq!(top_id("Genève"), 2660646);
    assert_eq!(top_id("Moscou"), 524901);
    let (id, kind, _) = first("Syrie", SearchOptions::default());
    assert_eq!((id, kind), (163843, Kind::Country));
    assert_eq!(top_id("province d'Idlib"), 169387);
    let opts = SearchOptions { kind: Some(Kind::Admin1), ..Default::default() };
    assert_eq!(first("Idlib", opts).0, 169387);
    let opts = SearchOptions { country: Some("US".into()), ..Default::default() };
    let (_, kind, cc) = first("Paris", opts);
    assert_eq!((kind, cc.as_str()), (Kind::City, "US"));
}

#[test]
fn press_abbreviations_of_states_and_provinces() {
    for (name, id) in [("N.Y.", 5128638), ("NSW", 2155400), ("Qld", 2152274), ("B.C.", 5909050), ("U.K.", 2635167)] {
        assert_eq!(top_id(name), id, "{name}");
    }
    // Abbreviations that are words of their own are not names: French "ont", Spanish "que".
    let g = Gazetteer::embedded();
    for word in ["Ont.", "Que."] {
        assert!(g.search(word, &SearchOptions::default()).iter().all(|c| c.place.country != "CA"), "{word}");
    }
}

#[test]
fn french_and_english_names() {
    let cases = [
        ("Le Caire", 360630),        // Cairo
        ("Abou Dhabi", 292968),      // Abu Dhabi
        ("Londres", 2643743),        // London
        ("New York", 5128581),       // New York City, not the state
        ("États-Unis", 6252001),
        ("Etats-Unis", 6252001),
        ("Allemagne", 2921044),
        ("Russie", 2017370),
        ("Turquie", 298795),
        ("l’Iran", 130758),
        ("bande de Gaza", 281132),
        ("Cisjordanie", 285153),
        ("Rapides Parish", 4338356),
        ("Alexandria, Louisiana", 4314550),
        ("Paris, Texas", 4717560),
        ("Geneve", 2660646),         // without its accent
        ("GENÈVE", 2660646),         // in capitals
    ];
    for (name, id) in cases {
        assert_eq!(top_id(name), id, "{name}");
    }
}

#[test]
fn other_languages_and_scripts() {
    let cases = [
        ("Ginebra", 2660646),   // es
        ("Múnich", 2867714),    // es
        ("Nueva York", 5128581),
        ("Genf", 2660646),      // de
        ("Köln", 2886242),
        ("Mailand", 3173435),   // de: Milan
        ("Москва", 524901),     // Cyrillic
        ("Angleterre", 6269131),
    ];
    for (name, id) in cases {
        assert_eq!(top_id(name), id, "{name}");
    }
    // Arabic script: the city of Aleppo or its governorate, both in Syria.
    let (_, _, cc) = first("حلب", SearchOptions::default());
    assert_eq!(cc, "SY");
}

#[test]
fn saint_denis_spelled_either_way() {
    assert_eq!(top_id("Saint-Denis"), top_id("Saint Denis"));
    let opts = SearchOptions { country: Some("FR".into()), ..Default::default() };
    assert_eq!(first("Saint-Denis", opts).0, 2980916);
}

#[test]
fn demonyms_map_to_countries() {
    let g = Gazetteer::embedded();
    for (form, cc) in [("russe", "RU"), ("russes", "RU"), ("syrienne", "SY"), ("américains", "US"), ("israélienne", "IL"), ("Russian", "RU"), ("American", "US")] {
        let d = g.demonym(form);
        assert_eq!(d.first().map(|d| d.country), Some(cc), "{form}");
    }
    assert!(g.demonym("kurdes").iter().all(|d| d.country.is_empty()));
    assert!(g.demonym("Genève").is_empty());
}

#[test]
fn unknown_names_have_no_candidate() {
    let g = Gazetteer::embedded();
    assert!(g.search("Xqzzyville", &SearchOptions::default()).is_empty());
    assert!(g.lookup("").is_empty());
}

#[test]
fn the_index_is_big_enough() {
    let g = Gazetteer::embedded();
    assert!(g.len() > 280_000, "{} places", g.len());
    assert!(g.name_count() > 1_000_000, "{} names", g.name_count());
}
