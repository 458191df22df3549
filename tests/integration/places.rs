//! The geoparser on our own test articles (tests/fixtures/articles): every expected place
//! found and resolved to its GeoNames id, nothing in `not_places` reported as a place, and the
//! demonyms reported apart.

use dateline::pipeline::geoparse;
use dateline::gazetteer::Kind;
use dateline::Gazetteer;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize)]
struct Expected {
    lang: String,
    places: Vec<ExpectedPlace>,
    #[serde(default)]
    not_places: Vec<String>,
    #[serde(default)]
    demonyms: HashMap<String, Option<String>>,
}

#[derive(Deserialize)]
struct ExpectedPlace {
    name: String,
    geonameid: u32,
}

/// Checks one article against its expectations; returns the problems found.
pub fn check(text: &str, exp_json: &str) -> Vec<String> {
    let exp: Expected = serde_json::from_str(exp_json).expect("expected.json parses");
    let g = Gazetteer::embedded();
    let parsed = if exp.lang == "mul" {
        // A text in several languages: each paragraph in its own, offsets kept.
        let mut all = dateline::pipeline::Geoparsed::default();
        let mut offset = 0;
        for para in text.split("\n\n") {
            let lang = dateline::pipeline::language::detect(para).unwrap_or("");
            let mut p = geoparse(g, para, lang);
            for r in &mut p.places {
                r.start += offset;
                r.end += offset;
            }
            all.places.extend(p.places);
            all.demonyms.extend(p.demonyms);
            offset += para.len() + 2;
        }
        all
    } else {
        geoparse(g, text, &exp.lang)
    };
    let mut problems = Vec::new();
    for e in &exp.places {
        let hits: Vec<_> = parsed.places.iter().filter(|r| r.surface == e.name).collect();
        if hits.is_empty() {
            problems.push(format!("{:?} not found", e.name));
        }
        for r in hits {
            if r.place.id != e.geonameid {
                problems.push(format!(
                    "{:?} resolved to {} {} ({}), expected {}",
                    e.name, r.place.id, r.place.name, r.place.country, e.geonameid
                ));
            }
        }
    }
    for n in &exp.not_places {
        // Any reported place overlapping an occurrence of the phrase: "Hasan" inside
        // "Ahmed Hasan" counts, "Paris" elsewhere in the text does not.
        for (at, _) in text.match_indices(n.as_str()) {
            let end = at + n.len();
            let whole_word = !text[..at].chars().next_back().is_some_and(char::is_alphanumeric)
                && !text[end..].chars().next().is_some_and(char::is_alphanumeric);
            if !whole_word {
                continue;
            }
            if let Some(r) = parsed.places.iter().find(|r| r.start < end && at < r.end) {
                problems.push(format!("{:?} reported as a place ({} {})", n, r.place.id, r.place.name));
            }
        }
    }
    for (form, cc) in &exp.demonyms {
        match parsed.demonyms.iter().find(|d| d.surface == *form) {
            None => problems.push(format!("demonym {form:?} not reported")),
            Some(d) if d.country != *cc => problems.push(format!("demonym {form:?} gave {:?}, expected {cc:?}", d.country)),
            Some(_) => {}
        }
        if parsed.places.iter().any(|r| r.surface == *form) {
            problems.push(format!("demonym {form:?} reported as a place"));
        }
    }
    problems
}

fn check_fixture(stem: &str) {
    let dir = super::util::root().join("tests/fixtures/articles");
    let text = std::fs::read_to_string(dir.join(format!("{stem}.txt"))).unwrap();
    let exp = std::fs::read_to_string(dir.join(format!("{stem}.expected.json"))).unwrap();
    let problems = check(&text, &exp);
    assert!(problems.is_empty(), "{stem}:\n  {}", problems.join("\n  "));
}

#[test]
fn french_article_elision_qualifiers_people_and_clubs() {
    check_fixture("fr-geneve-reunion");
}

#[test]
fn english_local_news_containers_and_common_words() {
    check_fixture("en-local-news");
}

#[test]
fn english_dateline_and_qualifier_after_the_name() {
    check_fixture("en-dateline");
}

#[test]
fn spanish_german_italian_names_and_other_scripts() {
    check_fixture("es-de-it-names");
}

#[test]
fn french_homonyms_of_common_words() {
    check_fixture("fr-homonymes");
}

#[test]
fn sentence_initial_common_words_are_not_places() {
    let g = Gazetteer::embedded();
    let text = "Nice work by the team. Reading the report took an hour. Split decisions are rare. \
                Mobile phones were banned. Tours of the plant start at noon.";
    let parsed = geoparse(g, text, "en");
    assert!(parsed.places.is_empty(), "{:?}", parsed.places.iter().map(|p| &p.surface).collect::<Vec<_>>());
}

/// Asserts that the places found in `text` are exactly `want`: surface and GeoNames id, in order.
/// Asserts the places found in `text` as (surface, country code), in text order.
fn assert_countries(text: &str, lang: &str, want: &[(&str, &str)]) {
    let p = geoparse(Gazetteer::embedded(), text, lang).places;
    let got: Vec<_> = p.iter().map(|r| (r.surface.as_str(), r.place.country.as_str())).collect();
    assert_eq!(got, want, "{text}");
}

fn assert_places(text: &str, lang: &str, want: &[(&str, u32)], why: &str) {
    let p = geoparse(Gazetteer::embedded(), text, lang).places;
    let got: Vec<_> = p.iter().map(|r| (r.surface.as_str(), r.place.id)).collect();
    assert_eq!(got, want, "{why}");
}

#[test]
fn qualifiers_choose_the_kind() {
    let g = Gazetteer::embedded();
    let text = "Les frappes ont visé la province d'Idlib et la ville d'Idlib.";
    assert_places(text, "fr", &[("Idlib", 169387), ("Idlib", 169387)], "one sense per document keeps the first reading");
    let p = geoparse(g, "Shelling hit Idlib province overnight.", "en").places;
    assert_eq!(p[0].place.id, 169387);
    let p = geoparse(g, "The mayor of Paris, Texas, spoke on Monday.", "en").places;
    assert_eq!(p[0].place.id, 4717560);
    // German writes the qualifier before the name with no preposition, and capitalised.
    let text = "Die Armee hat am Donnerstag die Provinz Idlib bombardiert.";
    assert_places(text, "de", &[("Idlib", 169387)], "a capitalised qualifier is no given name");
}

#[test]
fn the_name_after_the_comma_is_the_container() {
    // "New York" alone is the city; after "Buffalo," it is the state that contains Buffalo.
    let g = Gazetteer::embedded();
    let p = geoparse(g, "A warehouse burned down in Buffalo, New York, on Tuesday night.", "en").places;
    let got: Vec<_> = p.iter().map(|r| (r.surface.as_str(), r.place.kind)).collect();
    assert_eq!(got, vec![("Buffalo", Kind::City), ("New York", Kind::Admin1)]);
    assert_eq!(p[0].place.admin1, p[1].place.admin1, "Buffalo lies in the state");
}

#[test]
fn a_list_of_countries_or_states_is_no_chain_of_containers() {
    // "Iraq" is also an other name of Arāk, a city of Iran: read as "Iraq inside Iran", the
    // list would put Iraq's mention in Iran.
    let text = "The agency asked the neighbours of Turkey, among them Armenia, Georgia, Iraq, Iran and Syria, to watch their borders.";
    let p = geoparse(Gazetteer::embedded(), text, "en").places;
    let got: Vec<_> = p.iter().map(|r| (r.surface.as_str(), r.place.kind, r.place.country.as_str())).collect();
    assert_eq!(
        got,
        vec![
            ("Turkey", Kind::Country, "TR"),
            ("Armenia", Kind::Country, "AM"),
            ("Georgia", Kind::Country, "GE"),
            ("Iraq", Kind::Country, "IQ"),
            ("Iran", Kind::Country, "IR"),
            ("Syria", Kind::Country, "SY"),
        ]
    );
    // "Illinois" is also an other name of Riverside, Missouri: each state of the list is a
    // state, and "Ontario, Canada" is still the province in its country.
    let text = "Cases were reported in Arizona, California, Illinois, Missouri, Oregon and Wisconsin, and in Ontario, Canada.";
    let p = geoparse(Gazetteer::embedded(), text, "en").places;
    let got: Vec<_> = p.iter().map(|r| (r.surface.as_str(), r.place.kind, r.place.country.as_str())).collect();
    let mut want: Vec<_> = ["Arizona", "California", "Illinois", "Missouri", "Oregon", "Wisconsin"].iter().map(|&s| (s, Kind::Admin1, "US")).collect();
    want.extend([("Ontario", Kind::Admin1, "CA"), ("Canada", Kind::Country, "CA")]);
    assert_eq!(got, want);
}

#[test]
fn a_given_name_after_a_comma_and_of_is_where_someone_lives() {
    // "Trenton" is a given name too; ", of Trenton" after a person is the town she lives in.
    let text = "Police said the driver, Anna Kowal, 41, of Trenton, was not hurt.";
    assert_places(text, "en", &[("Trenton", 5105496)], "a residence");
    let text = "Police said the driver was Trenton Kowal, who was not hurt.";
    assert_places(text, "en", &[], "a given name");
}

#[test]
fn who_says_something_is_a_person() {
    // Welch (West Virginia), Robertson (South Africa) and DuPont (Washington) are towns; as
    // the subject of "said", or named after the quotation it ends, each is a person.
    let text = "Welch said the bridge near Lincoln would reopen. \"We will rebuild,\" said Robertson.";
    assert_places(text, "en", &[("Lincoln", 5072006)], "speakers");
    let text = "Dupont explique que le pont rouvrira à Lyon. « Nous reconstruirons », affirme Dupont.";
    assert_places(text, "fr", &[("Lyon", 2996944)], "speakers");
    // A place that ends the speaker's description, or a capital speaking for its
    // government, stays a place.
    assert_places("A nurse in Welch said the clinic was full.", "en", &[("Welch", 4826660)], "a description");
    assert_places("Moscou affirme que le pont tiendra.", "fr", &[("Moscou", 524901)], "a government");
}

#[test]
fn a_place_that_names_a_disease_is_no_place() {
    // The diseases named after a river, a town or a valley say nothing of where they are.
    let text = "Cases of West Nile virus rose in Texas, and Lyme disease spread in Connecticut.";
    assert_places(text, "en", &[("Texas", 4736286), ("Connecticut", 4831725)], "diseases");
    let text = "Le virus Zika progresse au Brésil. La fièvre de Lassa touche le Nigeria.";
    assert_places(text, "fr", &[("Brésil", 3469034), ("Nigeria", 2328926)], "maladies");
    // Once the text has named the disease, the name alone is the disease too, but a locative
    // still makes it the town.
    let text = "Marburg haemorrhagic fever killed two travellers in Uganda. Imported Marburg is rare, said a doctor who trained in Marburg, Germany.";
    assert_countries(text, "en", &[("Uganda", "UG"), ("Marburg", "DE"), ("Germany", "DE")]);
}

#[test]
fn a_name_seen_in_a_person_s_is_a_place_after_in() {
    // "Benjamin Franklin" makes "Franklin" a surname; "in Franklin" says the text also
    // uses it as a place, and one name keeps one sense: both lone uses are the town.
    let text = "The town was named after Benjamin Franklin. Voters in Franklin approved the levy on Tuesday, \
                and the council of Franklin will build a school.";
    let p = geoparse(Gazetteer::embedded(), text, "en").places;
    let got: Vec<_> = p.iter().map(|r| (r.surface.as_str(), r.start, r.place.kind)).collect();
    assert_eq!(got, vec![("Franklin", 54, Kind::City), ("Franklin", 112, Kind::City)]);
    assert_eq!(p[0].place.id, p[1].place.id, "one sense");
    // Not where the name qualifies the noun after it: "in Flores' honor".
    let text = "Matthew Flores was shot in 1994. A tree was planted in Flores' honor, and Flores had no known enemies.";
    assert_places(text, "en", &[], "a possessive");
}

#[test]
fn a_given_name_in_a_list_of_places_is_a_place() {
    // "Trenton" is a given name; after "Monroe," it is the next town of the list, and the
    // two are read together, in Michigan.
    let text = "The new road will link Monroe, Trenton and Flat Rock.";
    let p = geoparse(Gazetteer::embedded(), text, "en").places;
    let got: Vec<_> = p.iter().map(|r| (r.surface.as_str(), r.place.admin1.as_str())).collect();
    assert_eq!(got, vec![("Monroe", "MI"), ("Trenton", "MI")]);
}

#[test]
fn a_country_s_letters_before_a_dollar_sign_are_its_currency() {
    let text = "The fund gave US$2 million to clinics in Kenya, and NZ$500,000 more.";
    assert_places(text, "en", &[("Kenya", 192950)], "currencies");
    assert_places("The US sent doctors to Kenya.", "en", &[("US", 6252001), ("Kenya", 192950)], "a country");
}

#[test]
fn a_container_speaks_for_the_mention_it_follows() {
    // The text is about the English town; one mention compares it with its namesake in
    // Massachusetts. That container is one voice among the name's four mentions, not enough
    // to move all of them across the Atlantic.
    let text = "Boston is a market town in Lincolnshire, England, on the river Witham. \
                Boston gave its name to Boston, Massachusetts, founded by settlers from the town. \
                Boston lies near the Wash, and its church tower can be seen across the fens.";
    let p = geoparse(Gazetteer::embedded(), text, "en").places;
    let bostons: Vec<_> = p.iter().filter(|r| r.surface == "Boston").map(|r| r.place.country.as_str()).collect();
    assert_eq!(bostons, vec!["GB"; 4], "{:?}", p.iter().map(|r| (&r.surface, &r.place.name, &r.place.country)).collect::<Vec<_>>());
}

#[test]
fn a_place_named_twice_is_no_evidence_for_itself() {
    // "Mexico" is also an alternate name of Mexico City; naming the city beside the country
    // must not pull the country's mention onto the city.
    let text = "Clinics in Mexico City ran out of vaccine, and the shortage spread across Mexico.";
    assert_places(text, "en", &[("Mexico City", 3530597), ("Mexico", 3996063)], "the country, not the city");
}

#[test]
fn names_that_lie_together_are_read_together() {
    // Alone, Athens is in Greece and Richmond in Virginia; beside a county of the same name
    // around them, each is the town in that county.
    let text = "The Athens City Council met with Henderson County officials about the new jail.";
    assert_places(text, "en", &[("Athens", 4671545), ("Henderson County", 4697070)], "Athens, Texas");
    let text = "Students in Richmond and Madison County returned to class after the ice storm.";
    assert_places(text, "en", &[("Richmond", 4305974), ("Madison County", 4299665)], "Richmond, Kentucky");
}

#[test]
fn a_town_s_own_name_beats_a_country_s_other_name() {
    // "Columbia" is the name of towns in South Carolina and Missouri and only an alternate
    // spelling of Colombia: alone it is a town; beside Bogotá it is the country.
    let text = "The council in Columbia voted on Tuesday to repave the downtown streets.";
    let p = geoparse(Gazetteer::embedded(), text, "en").places;
    assert_eq!((p[0].place.country.as_str(), p[0].place.kind), ("US", dateline::gazetteer::Kind::City), "{:?}", p[0].place);
    let text = "Coffee prices rose after heavy rain in Columbia, and growers near Bogotá lost their crops.";
    assert_places(text, "en", &[("Columbia", 3686110), ("Bogotá", 3688689)], "the country when the text is about it");
}

#[test]
fn a_dated_dateline_is_a_place_though_it_is_a_given_name() {
    // "Nancy" is a given name; a correspondent's dateline, the name, a comma and a date,
    // makes it the town. The same name with an age after the comma is a person.
    let g = Gazetteer::embedded();
    assert_countries("Titre\n\nNancy, 14 janvier. — La banque a suspendu ses paiements ce matin.", "fr", &[("Nancy", "FR")]);
    let p = geoparse(g, "Titre\n\nNancy, 14 ans, a gagné le concours de piano de la ville.", "fr").places;
    assert!(p.is_empty(), "{:?}", p.iter().map(|r| &r.surface).collect::<Vec<_>>());
}

#[test]
fn a_place_that_completes_an_organisation_s_name_is_no_place() {
    // A bank, a gas company or a college named after a country or a town says nothing of
    // where things happen; the town itself, named apart, is a place.
    let text = "Titre\n\nLa Banque de France a relevé son taux, et le Crédit Foncier d'Algérie a suivi. \
                Les actions du Gaz de Paris ont monté. Le professeur au Collège de France est arrivé à Lyon.";
    assert_places(text, "fr", &[("Lyon", 2996944)], "only the town named apart");
}

#[test]
fn a_given_name_and_a_particle_make_a_surname() {
    // "Passos" and "Vinci" are towns; after a given name and a particle they are surnames,
    // and the text's later lone "Passos" is the writer. A country after them stays a place.
    let text = "Titre\n\nLe roman de John dos Passos paraît enfin en français. Passos y peint la foule \
                comme Leonardo da Vinci peignait les visages.";
    assert_places(text, "fr", &[], "surnames");
    let text = "Titre\n\nLa reine Marie de Roumanie est arrivée hier à Bucarest.";
    assert_places(text, "fr", &[("Roumanie", 798549), ("Bucarest", 683506)], "a country after a given name");
}

#[test]
fn words_that_are_only_alternate_names_of_small_places_are_words() {
    // "Taliban" is an alternate name of a Turkish village; in the news it is a movement.
    let g = Gazetteer::embedded();
    let p = geoparse(g, "Fighters of the Taliban attacked a checkpoint in Kunduz.", "en").places;
    let got: Vec<_> = p.iter().map(|r| r.surface.as_str()).collect();
    assert_eq!(got, vec!["Kunduz"]);
    // Nor does a town of some size make a frequent word its own by an alternate name: "Drug"
    // (Durg, India), "Tour" (Tours), "Gold" (Gold Coast), "Google" (Topeka, for a month of
    // 2010) are the words.
    let text = "The Food and Drug Administration recalled the spinach. He won the Tour de France \
                twice. Gold Circle Films bought it, and Google reported more searches in Denver.";
    let p = geoparse(g, text, "en").places;
    let got: Vec<_> = p.iter().map(|r| r.surface.as_str()).collect();
    assert_eq!(got, vec!["France", "Denver"]);
}

#[test]
fn old_newspaper_conventions() {
    // Scanned papers: words cut by a hyphenation mark, datelines run into the previous
    // sentence, headings set in capitals.
    let text = "Les exportations vers l'Alle¬magne ont repris.Lyon, 13 avril. — Les ouvriers \
                des tissages ont cessé le travail. LE PRIX DU PAIN AUGMENTE";
    assert_places(text, "fr", &[("Alle¬magne", 2921044), ("Lyon", 2996944)], "no DU in the heading");
}

#[test]
fn function_words_in_capitals_are_not_names() {
    // In a heading set in capitals, "DE" is a preposition, not a name word that would make
    // the place part of a person's or a firm's name; a small place there needs more than case.
    let text = "COURS DE LA BOURSE DE PARIS du 3 mars. Les rentes ont monté. LA POMMADE AU MASTIC DE MENTHE";
    assert_places(text, "fr", &[("PARIS", 2988507)], "Paris in the heading, no Mastic");
}

#[test]
fn a_title_and_a_particle_make_a_surname() {
    // "M. de Bismarck" is the chancellor, not the town in North Dakota; "de Lyon" after a
    // surname is still the city.
    let text = "Hier, M. de Bismarck a reçu l'ambassadeur. M. Dupont de Lyon est arrivé.";
    assert_places(text, "fr", &[("Lyon", 2996944)], "no Bismarck");
}

#[test]
fn a_short_alternate_name_written_as_a_word_is_the_word() {
    // "CAR" is the Central African Republic's acronym; "Car" opening a French sentence is
    // "because". A state's abbreviation keeps its period and stays a place.
    let text = "Il resta chez lui. Car, disait-il, la route est longue. Car il pleuvait.";
    assert_places(text, "fr", &[], "no Central African Republic");
    let p = geoparse(Gazetteer::embedded(), "Police in Frankfort, Ky., said the road was closed.", "en").places;
    assert!(p.iter().any(|r| r.surface == "Ky"), "{:?}", p.iter().map(|r| &r.surface).collect::<Vec<_>>());
}

#[test]
fn words_run_together_by_ocr_are_read_apart() {
    // A lost line break glues a place's name to the next word: read as the two when the
    // place is prominent, or when the text names it elsewhere. A surname that starts with a
    // place's name ("Lyonnet") is left alone. Only a text that runs other words together
    // ("12.500Le total") is searched for such names.
    let text = "Les troupes sont entrées dans la Pologneen silence. Né à Strasbourgde parents \
                alsaciens, il revint à Strasbourg en 1920. M. Lyonnet est venu de Lyon. \
                Les pertes atteignent 12.500Le total est connu.";
    let p = geoparse(Gazetteer::embedded(), text, "fr").places;
    let got: Vec<_> = p.iter().map(|r| (r.surface.as_str(), r.place.id)).collect();
    assert_eq!(
        got,
        [("Pologne", 798544), ("Strasbourg", 2973783), ("Strasbourg", 2973783), ("Lyon", 2996944)],
        "glued names split, the surname kept whole"
    );
    let clean = "Les troupes sont entrées dans la Pologneen silence.";
    assert!(geoparse(Gazetteer::embedded(), clean, "fr").places.is_empty(), "no OCR mark, no search");
}

#[test]
fn a_capitalised_function_word_is_no_name_word() {
    // Old print writes "A Paris" for "à Paris"; OCR loses the full stop before "Le Japon".
    // Neither "A" nor "Le" makes the place part of a person's name; an initial still does.
    let text = "Il est arrivé hier soir A Paris. Le total atteint 12.500Le Japon a refusé. \
                Le physicien P. A. Dirac a parlé.";
    assert_places(text, "fr", &[("Paris", 2988507), ("Japon", 1861060)], "no Dirac");
}

#[test]
fn a_word_the_text_uses_as_a_place_is_one_at_a_sentence_s_head_too() {
    // At the head of a sentence a word that is also common ("lille", "rennes") is doubted;
    // the text writing it as a place in mid-sentence settles it. Rennes, never named so, stays
    // doubted.
    let text = "Programme du soir. Lille, musique symphonique. Rennes, théâtre lyrique. \
                Le concert donné à Lille sera retransmis.";
    assert_places(text, "fr", &[("Lille", 2998324), ("Lille", 2998324)], "both Lilles, no Rennes");
}

#[test]
fn a_place_named_before_stays_a_place_after_a_longer_name() {
    // "Le Poste Toulouse" makes Toulouse part of a name there; the text has already written
    // Toulouse as a place, so the later "à Toulouse" is the same place, not a person.
    let text = "Les émissions reprennent à Toulouse. Le Poste Toulouse donne un concert. \
                Le soir, on danse à Toulouse.";
    assert_places(text, "fr", &[("Toulouse", 2972315), ("Toulouse", 2972315)], "the first and the last");
}

#[test]
fn countries_and_divisions_stand_at_their_area_centre() {
    // A country or a province is one point for a whole area: its middle, not its most
    // populous corner (the contiguous United States' centre is in Kansas; Ontario's lies far
    // north of Toronto).
    let g = Gazetteer::embedded();
    let km = |p: dateline::gazetteer::Place<'_>, lat: f64, lon: f64| dateline::model::distance_km(p.point, geo::Point::new(lon, lat));
    let us = g.by_id(6252001).expect("United States");
    assert!(km(us, 39.83, -98.58) < 100.0, "United States at {:?}", us.point);
    let ontario = g.by_id(6093943).expect("Ontario");
    assert!(ontario.point.y() > 46.0, "Ontario at {:?}", ontario.point);
    let australia = g.by_id(2077456).expect("Australia");
    assert!(km(australia, -25.6, 134.4) < 150.0, "Australia at {:?}", australia.point);
}

#[test]
fn spans_are_byte_offsets_of_the_surface() {
    let g = Gazetteer::embedded();
    let text = "Une réunion est prévue à Genève ce samedi.";
    let p = geoparse(g, text, "fr").places;
    assert_eq!(p.len(), 1);
    assert_eq!(&text[p[0].start..p[0].end], "Genève");
    assert!(p[0].confidence > 0.0 && p[0].confidence <= 1.0);
}

#[test]
fn places_command_prints_character_offsets() {
    let dir = tempfile::tempdir().unwrap();
    let f = super::util::write(dir.path(), "a.txt", "Déjà à Genève.");
    let o = super::util::run(&["places", f.to_str().unwrap(), "--lang", "fr"]);
    assert!(o.status.success(), "{}", super::util::stderr(&o));
    let line: serde_json::Value = serde_json::from_str(super::util::stdout(&o).lines().next().unwrap()).unwrap();
    assert_eq!(line["start"], 7);
    assert_eq!(line["end"], 13);
    assert_eq!(line["geonameid"], 2660646);
    let o = super::util::run(&["places", f.to_str().unwrap(), "--format", "geojson"]);
    let v: serde_json::Value = serde_json::from_str(&super::util::stdout(&o)).unwrap();
    assert_eq!(v["features"][0]["properties"]["kind"], "city");
    let missing = dir.path().join("missing.txt");
    let o = super::util::run(&["places", missing.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(super::util::stderr(&o).contains("missing.txt"));
}

#[test]
fn a_demonym_of_two_words_names_its_own_country() {
    let g = Gazetteer::embedded();
    let p = geoparse(g, "North Korean troops fired on South Korean boats, the South African envoy said.", "en");
    let got: Vec<_> = p.demonyms.iter().map(|d| (d.surface.as_str(), d.country.as_deref())).collect();
    assert_eq!(got, [("North Korean", Some("KP")), ("South Korean", Some("KR")), ("South African", Some("ZA"))]);
    assert!(p.places.is_empty(), "no place in {:?}", p.places.iter().map(|r| &r.surface).collect::<Vec<_>>());
    let p = geoparse(g, "Troops of the Central African Republic and Central African officials met.", "en");
    assert_eq!(p.places.iter().map(|r| r.place.country.as_str()).collect::<Vec<_>>(), ["CF"], "the two words open a country's name");
    assert_eq!(p.demonyms.iter().map(|d| d.surface.as_str()).collect::<Vec<_>>(), ["Central African"]);
    let p = geoparse(g, "Des soldats nord-coréens ont franchi la frontière.", "fr");
    assert_eq!(p.demonyms.iter().map(|d| d.country.as_deref()).collect::<Vec<_>>(), [Some("KP")]);
}

#[test]
fn a_demonym_that_opens_a_place_name_is_the_place() {
    let text = "Voters in British Columbia and the Czech Republic went to the polls; British and Czech officials watched.";
    assert_places(text, "en", &[("British Columbia", 5909050), ("Czech Republic", 3077311)], "the longer name is the place");
    let p = geoparse(Gazetteer::embedded(), text, "en");
    let forms: Vec<_> = p.demonyms.iter().map(|d| d.surface.as_str()).collect();
    assert_eq!(forms, ["British", "Czech"]);
}

#[test]
fn a_place_that_names_a_street_is_the_street() {
    // "Memphis Street" in a Tennessee town is a street, not the city; the town around it and
    // the street are both reported, the street without a point.
    let g = Gazetteer::embedded();
    let text = "A fire broke out on Memphis Street in Jackson, Tennessee, on Monday night.";
    let parsed = geoparse(g, text, "en");
    let got: Vec<_> = parsed.places.iter().map(|r| r.surface.as_str()).collect();
    assert_eq!(got, ["Jackson", "Tennessee"]);
    let streets: Vec<_> = parsed.streets.iter().map(|s| &text[s.start..s.end]).collect();
    assert_eq!(streets, ["Memphis Street"]);
    // The same in French, head before the name: the street leads to Rennes, it is not there.
    let text = "Les manifestants ont défilé rue de Rennes, à Paris, jusqu'au boulevard Saint-Germain.";
    let parsed = geoparse(g, text, "fr");
    let got: Vec<_> = parsed.places.iter().map(|r| (r.surface.as_str(), r.place.id)).collect();
    assert_eq!(got, [("Paris", 2988507)]);
    let streets: Vec<_> = parsed.streets.iter().map(|s| &text[s.start..s.end]).collect();
    assert_eq!(streets, ["rue de Rennes", "boulevard Saint-Germain"]);
}

#[test]
fn places_command_prints_streets_without_a_point() {
    let dir = tempfile::tempdir().unwrap();
    let f = super::util::write(dir.path(), "a.txt", "Il habite 10, rue de la Paix, à Paris.");
    let o = super::util::run(&["places", f.to_str().unwrap(), "--lang", "fr", "--format", "geojson"]);
    assert!(o.status.success(), "{}", super::util::stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&super::util::stdout(&o)).unwrap();
    let street = v["features"].as_array().unwrap().iter().find(|f| f["properties"]["kind"] == "street").expect("a street");
    assert_eq!(street["geometry"], serde_json::Value::Null);
    assert_eq!(street["properties"]["name"], "rue de la Paix");
    assert_eq!((street["properties"]["start"].as_u64(), street["properties"]["end"].as_u64()), (Some(14), Some(28)));
}

#[test]
fn seas_islands_and_parts_of_continents_are_places_of_their_own() {
    // Each of these names contains a shorter place name ("England", "Africa", "Java" is also
    // a village in Georgia): the whole name is the region, ocean or island.
    let g = Gazetteer::embedded();
    let text = "Fishermen from New England sailed to West Africa, then crossed the Indian Ocean \
                to Java and the Bay of Bengal.";
    let p = geoparse(g, text, "en").places;
    let got: Vec<_> = p.iter().map(|r| (r.surface.as_str(), r.place.name.as_str(), r.place.kind)).collect();
    assert_eq!(
        got,
        vec![
            ("New England", "New England", Kind::Region),
            ("West Africa", "West Africa", Kind::Region),
            ("Indian Ocean", "Indian Ocean", Kind::Region),
            ("Java", "Java", Kind::Region),
            ("Bay of Bengal", "Bay of Bengal", Kind::Region),
        ]
    );
    let text = "Le navire a quitté la mer du Nord pour l'Afrique de l'Ouest, via l'océan Atlantique.";
    let p = geoparse(g, text, "fr").places;
    let got: Vec<_> = p.iter().map(|r| r.place.name.as_str()).collect();
    assert_eq!(got, vec!["North Sea", "West Africa", "Atlantic Ocean"]);
    // A division's point lies among its towns: Heilongjiang's, not out in Xinjiang where
    // GeoNames files a few of them.
    let h = geoparse(g, "Floods hit Heilongjiang.", "en").places;
    let pt = h[0].place.point;
    assert!(pt.x() > 120.0 && pt.y() > 44.0, "{pt:?}");
}

#[test]
fn a_county_named_with_a_common_word_is_the_county() {
    // "Walker", "Henry" and "Anderson" are common words or given names, but before "County"
    // they name the county; and "state" after a name asks for the state, not the capital.
    let text = "The burn ban issued for Walker County was lifted Monday. Henry County stands to \
                receive about $36,000 in damages.";
    let p = geoparse(Gazetteer::embedded(), text, "en").places;
    let got: Vec<_> = p.iter().map(|r| (r.surface.as_str(), r.place.kind)).collect();
    assert_eq!(got, vec![("Walker County", Kind::Admin2), ("Henry County", Kind::Admin2)]);
    let p = geoparse(Gazetteer::embedded(), "The cow was found on a Washington state farm.", "en").places;
    assert_eq!(p.iter().map(|r| (r.place.kind, r.place.admin1.as_str())).collect::<Vec<_>>(), vec![(Kind::Admin1, "WA")]);
}

#[test]
fn a_place_that_names_a_local_body_is_still_the_place() {
    // "Police" is also a town in Poland, and "Fairgrounds" a rare word: neither makes the name
    // before it a club's or a person's.
    let text = "According to a release from Gainesville Police, two women were hurt. \
                Take a stroll around the Walker County Fairgrounds.";
    let p = geoparse(Gazetteer::embedded(), text, "en").places;
    let got: Vec<_> = p.iter().map(|r| r.surface.as_str()).collect();
    assert_eq!(got, vec!["Gainesville", "Walker County"]);
    // Two place names side by side are still a club's name.
    assert!(geoparse(Gazetteer::embedded(), "Le Paris Saint-Germain a gagné hier soir.", "fr").places.is_empty());
}

#[test]
fn a_common_word_before_a_place_makes_no_person_s_name() {
    // "Sunday Alexandria" is no given name and surname: the text's first mention of the town,
    // before that pair, stays a place (a pair that is a person's name would have made the
    // word a part of it throughout the text).
    let text = "Two people from Alexandria were arrested. Around 7 p.m. Sunday Alexandria Police went to the house.";
    let p = geoparse(Gazetteer::embedded(), text, "en").places;
    assert_eq!(p.first().map(|r| r.surface.as_str()), Some("Alexandria"), "{:?}", p.iter().map(|r| &r.surface).collect::<Vec<_>>());
    // A given name does: "Tom Hughes" makes a later lone "Hughes" the person.
    let text = "Tom Hughes spoke first. Hughes said the road would reopen.";
    assert!(geoparse(Gazetteer::embedded(), text, "en").places.is_empty());
}

#[test]
fn state_abbreviations_after_a_town() {
    // "Ind." is no Roman ordinal, and the dash after "W.Va." ends the dateline before the
    // reporter's subject ("Jim") can make the state a surname.
    let text = "Officers received a tip in South Bend, Ind., that a suspect was hiding.\n\
                CHARLESTON, W.Va. - Jim McMillon won first prize.";
    let p = geoparse(Gazetteer::embedded(), text, "en").places;
    let got: Vec<_> = p.iter().map(|r| (r.surface.as_str(), r.place.admin1.as_str())).collect();
    assert_eq!(got, vec![("South Bend", "IN"), ("Ind", "IN"), ("CHARLESTON", "WV"), ("W.Va", "WV")]);
}

#[test]
fn given_names_that_name_counties_and_places_in_attributive_use() {
    // "Jackson" and "Madison" are given names; before "counties" each is a county, and
    // between "the" and a noun "Augusta" is the town.
    let text = "School boards in Barrow, Jackson and Madison counties tweaked their policies. \
                He has been held at the Augusta psychiatric hospital since May.";
    let p = geoparse(Gazetteer::embedded(), text, "en").places;
    let got: Vec<_> = p.iter().map(|r| (r.surface.as_str(), r.place.kind)).collect();
    assert_eq!(
        got,
        vec![("Barrow", Kind::Admin2), ("Jackson", Kind::Admin2), ("Madison", Kind::Admin2), ("Augusta", Kind::City)]
    );
    // Alone, a given name is still a person.
    assert!(geoparse(Gazetteer::embedded(), "Madison said the policy would change.", "en").places.is_empty());
}

#[test]
fn a_french_division_named_by_a_common_word_keeps_its_article() {
    // "somme" (a sum) and "marne" (marl) are common words; capitalised after "la" they are the
    // départements. Without the article the common word is still the word.
    let text = "Les combats ont repris entre la Somme et la Marne. Une Somme de 300 francs a été versée.";
    let p = geoparse(Gazetteer::embedded(), text, "fr").places;
    let got: Vec<_> = p.iter().map(|r| (r.surface.as_str(), r.place.kind)).collect();
    assert_eq!(got, vec![("Somme", Kind::Admin2), ("Marne", Kind::Admin2)]);
}

#[test]
fn a_name_after_the_is_no_town_unless_it_modifies_a_noun() {
    // Among places in Missouri and Louisiana, "Pacific" and "Atlantic" are also small towns
    // nearby; after "the", standing alone, they are the oceans. Before a noun ("the Atlanta
    // suburbs") the name is a modifier and keeps its town.
    let text = "The storm moved from Texas across Louisiana and Missouri toward the Atlantic. \
                Boats in the Pacific were warned, and the Atlanta suburbs lost power.";
    let p = geoparse(Gazetteer::embedded(), text, "en").places;
    let got: Vec<_> = p.iter().map(|r| (r.surface.as_str(), r.place.kind)).collect();
    assert_eq!(
        got,
        vec![
            ("Texas", Kind::Admin1),
            ("Louisiana", Kind::Admin1),
            ("Missouri", Kind::Admin1),
            ("Atlantic", Kind::Region),
            ("Pacific", Kind::Region),
            ("Atlanta", Kind::City)
        ]
    );
}

#[test]
fn kinds_of_place_and_compass_words_alone_are_no_names() {
    // "City" is among the other names of a Yemeni governorate, "East" and "Central" name
    // divisions in Cameroon and Uganda: alone, they are a kind of place and directions.
    let text = "Members of the City Council voted on Monday. The Region will pay. \
                He works at East Central Regional Hospital in Augusta, and moved from the North.";
    let p = geoparse(Gazetteer::embedded(), text, "en").places;
    let got: Vec<_> = p.iter().map(|r| r.surface.as_str()).collect();
    assert_eq!(got, vec!["Augusta"]);
    // In French "le Nord" is a département, and stays one.
    let p = geoparse(Gazetteer::embedded(), "Les inondations ont touché le Nord et la Somme.", "fr").places;
    assert!(p.iter().any(|r| r.surface == "Nord" && r.place.kind == Kind::Admin2), "{p:?}");
}

#[test]
fn a_word_in_capitals_amid_lowercase_is_an_acronym_unless_it_opens_a_dateline() {
    // "Nato" is a town of the Philippines; "NATO" amid lowercase words is the alliance.
    let text = "The NATO summit in Lisbon ended on Friday.";
    assert_places(text, "en", &[("Lisbon", 2267057)], "an acronym");
    // Local papers set the town of their dateline in capitals, before a dash.
    let p = geoparse(Gazetteer::embedded(), "March 30, 2009 AMHERST -- The council voted on Monday.", "en").places;
    assert_eq!(p.iter().map(|r| r.surface.as_str()).collect::<Vec<_>>(), vec!["AMHERST"], "a dateline");
}

#[test]
fn a_name_only_towns_bear_after_the_and_standing_alone_is_no_town() {
    // White House is a town of Tennessee; "the White House" that says something is not it.
    let text = "Talks resumed in Geneva, and the White House said on Monday that it welcomed them.";
    assert_places(text, "en", &[("Geneva", 2660646)], "a building and a body, not a town");
    // In a list, or as a modifier, the article belongs to the noun further on.
    let p = geoparse(Gazetteer::embedded(), "Dealers thanked the Gainesville and Lindsay communities for their support.", "en").places;
    assert_eq!(p.iter().map(|r| r.surface.as_str()).collect::<Vec<_>>(), vec!["Gainesville", "Lindsay"], "a list of modifiers");
}

#[test]
fn a_state_s_press_abbreviation_in_capitals_is_the_state_unless_it_is_a_word() {
    let p = geoparse(Gazetteer::embedded(), "Racing resumed in NSW and Queensland on Saturday.", "en").places;
    let got: Vec<_> = p.iter().map(|r| (r.surface.as_str(), r.place.kind)).collect();
    assert_eq!(got, vec![("NSW", Kind::Admin1), ("Queensland", Kind::Admin1)]);
    // "ACT" is also a word: the test, not the Australian Capital Territory.
    assert_places("Her ACT scores rose sharply in Perth this year.", "en", &[("Perth", 2063523)], "a word");
}

#[test]
fn a_contracted_verb_is_no_place() {
    // The Don is a river of Russia; "Don't" is a verb and its negation.
    assert_places("Don't forget the fair in Lyon on Sunday. Don’t be late.", "en", &[("Lyon", 2996944)], "contractions");
}

#[test]
fn french_press_names_of_states_and_regions_are_in_the_gazetteer() {
    // "Grande-Bretagne" is what French papers call the United Kingdom, "la Hollande" the
    // Netherlands; old regions and provinces keep their names in print.
    let text = "La Grande-Bretagne, la Hollande et la Catalogne ont protesté, comme la Rhénanie et l'Auvergne.";
    assert_countries(text, "fr", &[("Grande-Bretagne", "GB"), ("Hollande", "NL"), ("Catalogne", "ES"), ("Rhénanie", "DE"), ("Auvergne", "FR")]);
}

#[test]
fn former_first_order_divisions_and_renamed_ones_are_in_the_gazetteer() {
    // Kenya's provinces went in 2013, DR Congo's Katanga in 2015, France's old regions in
    // 2016, Orissa became Odisha in 2011: news and archives still name them.
    let text = "Aid reaches the Rift Valley\n\nFloods in Rift Valley Province and in Nyanza Province displaced thousands, while in Katanga miners went on strike and Orissa braced for a cyclone.";
    assert_places(
        text,
        "en",
        &[("Rift Valley", 4000000356), ("Rift Valley Province", 4000000356), ("Nyanza Province", 4000000357), ("Katanga", 4000000363), ("Orissa", 1261029)],
        "former provinces and a renamed state",
    );
    let text = "Élections régionales\n\nEn Rhône-Alpes comme en Midi-Pyrénées, la gauche recule ; dans le Nord-Pas-de-Calais, elle tient.";
    assert_countries(text, "fr", &[("Rhône-Alpes", "FR"), ("Midi-Pyrénées", "FR"), ("Nord-Pas-de-Calais", "FR")]);
}

#[test]
fn islands_and_camps_where_news_sets_events_are_in_the_gazetteer() {
    let text = "Storm season\n\nTourists left Mallorca and Lombok after the storms, while aid reached families in Zaatari and in Kibera.";
    assert_places(
        text,
        "en",
        &[("Mallorca", 4000000395), ("Lombok", 4000000440), ("Zaatari", 4000000520), ("Kibera", 4000000531)],
        "islands, a refugee camp, a settlement",
    );
    let text = "Incendies\n\nLes pompiers luttent à Majorque, sur l'île de Rügen et en Corse.";
    assert_countries(text, "fr", &[("Majorque", "ES"), ("île de Rügen", "DE"), ("Corse", "FR")]);
}

#[test]
fn districts_where_news_sets_events_are_in_the_gazetteer() {
    // Heliopolis was a town of Algeria and Molenbeek a Flemish village before these rows.
    let text = "Night of strikes\n\nShells fell on Bustan al-Qasr in Aleppo and on Dahieh, while police in Molenbeek and in Heliopolis made arrests.";
    assert_countries(text, "en", &[("Bustan al-Qasr", "SY"), ("Aleppo", "SY"), ("Dahieh", "LB"), ("Molenbeek", "BE"), ("Heliopolis", "EG")]);
}

#[test]
fn a_surname_that_is_only_another_name_of_a_country_is_the_person() {
    // "Hollande" names the Netherlands; after "François Hollande" it is the president.
    let text = "François Hollande a reçu Angela Merkel à Paris. Hollande a déclaré que la France resterait ferme.";
    assert_places(text, "fr", &[("Paris", 2988507), ("France", 3017382)], "a given name before the surname");
    // French writes titles in lowercase: "le président", "le général".
    let text = "Le président Hollande est arrivé à Marseille avec le général Nancy.";
    assert_places(text, "fr", &[("Marseille", 2995469)], "a lowercase title");
    // A country's own name still outweighs a namesake.
    assert_places("Michael Jordan flew to Jordan on Monday.", "en", &[("Jordan", 248816)], "the country's primary name");
}

#[test]
fn a_correspondent_s_dateline_without_a_comma_is_a_place_and_a_weekday_is_not() {
    // Old print sets the dateline as "Lyon 14 janvier. —", with no comma after the town.
    let p = geoparse(Gazetteer::embedded(), "Sports.\nLyon 14 janvier. — Un marinier est tombé dans le canal.", "fr").places;
    assert_eq!(p.iter().map(|r| (r.surface.as_str(), r.place.id)).collect::<Vec<_>>(), vec![("Lyon", 2996944)]);
    // A weekday before the date is the day (Mardi is also a town).
    assert_places("Mardi 14 janvier. — La séance a été levée.", "fr", &[], "a weekday");
}

#[test]
fn a_french_text_leans_to_the_french_one_of_two_like_towns_until_the_text_says_otherwise() {
    // Orléans of the Loire and Orléans of Ontario have about as many people.
    assert_places("Le train pour Orléans part à midi.", "fr", &[("Orléans", 2989317)], "the language's home country");
    assert_places("Le train pour Orléans part à midi.", "en", &[("Orléans", 8556295)], "no home country for English");
    let p = geoparse(Gazetteer::embedded(), "À Ottawa et à Orléans, la neige est tombée.", "fr").places;
    assert_eq!(p.iter().map(|r| r.place.id).collect::<Vec<_>>(), vec![6094817, 8556295], "a neighbour outweighs the language");
}

#[test]
fn a_name_on_the_next_line_of_a_wrapped_sentence_is_no_sentence_start() {
    // Print columns break lines inside sentences: "du\nLocle" is "du Locle" (Le Locle), and
    // "de\nGenève" does not open a sentence.
    let text = "Avis officiels\n\nLes créances seront reçues au greffe du tribunal du\nLocle. Le blessé fut conduit à l'hôpital de\nGenève où il est mort.";
    assert_countries(text, "fr", &[("Locle", "CH"), ("Genève", "CH")]);
}

#[test]
fn a_capital_after_a_semicolon_opens_no_sentence() {
    // A timetable of my own: "Tours" is a French plural noun too, but no sentence opens after
    // a semicolon, so the capital marks the town.
    let text = "Horaires d'hiver\n\nLes trains desservent Vierzon ; Tours à Poitiers ; Tours à Angers.";
    assert_countries(text, "fr", &[("Vierzon", "FR"), ("Tours", "FR"), ("Poitiers", "FR"), ("Tours", "FR"), ("Angers", "FR")]);
}

#[test]
fn a_town_run_into_a_heading_in_capitals_is_found() {
    // OCR joins a heading to the next line's first word; the heading is mine.
    let text = "Cours du jour\n\nMARCHÉS AUX BESTIAUXChartres, 3 février. — Les bœufs se vendent bien.";
    assert_countries(text, "fr", &[("Chartres", "FR")]);
}

#[test]
fn french_ranks_and_a_title_at_the_end_of_a_line_announce_a_person() {
    // Derby and Kellogg are towns; "lord Derby" and "M.\nKellogg" are men.
    let text = "Affaires étrangères\n\nLord Malmesbury, lord Derby et le prix remis à M.\nKellogg ont occupé Londres.";
    assert_places(text, "fr", &[("Londres", 2643743)], "a lowercase rank, a title before a line break");
}

#[test]
fn a_name_the_text_defines_as_a_place_is_one_at_the_head_of_a_sentence() {
    // Encyclopaedic text opens with the name, a copula and what the place is; "Clinton" is
    // also a given name and "Santa Maria" two common words at a sentence's start.
    let p = geoparse(Gazetteer::embedded(), "Clinton is a city in Custer County, Oklahoma, United States.", "en").places;
    assert_eq!(p.first().map(|r| (r.surface.as_str(), r.place.admin1.as_str())), Some(("Clinton", "OK")), "{p:?}");
    let text = "Santa Maria (formerly Imelda) is a fifth class municipality in the province of Romblon, Philippines.";
    let p = geoparse(Gazetteer::embedded(), text, "en").places;
    assert_eq!(p.first().map(|r| (r.surface.as_str(), r.place.country.as_str())), Some(("Santa Maria", "PH")), "{p:?}");
    // Defined once, the name is the place wherever it opens a sentence, though it is a
    // given name too.
    let text = "Parker is a city in Turner County, South Dakota. Parker was established in 1879 as county seat.";
    let p = geoparse(Gazetteer::embedded(), text, "en").places;
    let parkers: Vec<_> = p.iter().filter(|r| r.surface == "Parker").map(|r| r.place.admin1.as_str()).collect();
    assert_eq!(parkers, vec!["SD", "SD"], "{p:?}");
    // An apposition may stand between the name and its definition.
    let text = "Gloria, officially the Municipality of Gloria, is a third-class municipality in Oriental Mindoro, Philippines.";
    let p = geoparse(Gazetteer::embedded(), text, "en").places;
    assert_eq!(p.first().map(|r| (r.surface.as_str(), r.start)), Some(("Gloria", 0)), "{p:?}");
    // A place noun that qualifies another noun defines nothing.
    assert_places("Clinton is a city boy at heart.", "en", &[], "a modifier, not a definition");
}

#[test]
fn a_linking_word_inside_a_name_does_not_make_it_a_common_phrase() {
    let text = "Incendies\n\nLes incendies ont touché les Bouches-du-Rhône et le Var.";
    assert_places(text, "fr", &[("Bouches-du-Rhône", 3031359), ("Var", 2970749)], "du inside a département's name");
}

#[test]
fn squares_and_monuments_where_news_sets_events_are_places() {
    let text = "Manifestations\n\nDes milliers de manifestants se sont rassemblés place Tahrir, puis sur les Champs-Elysées et près de la tour Eiffel.";
    let p = geoparse(Gazetteer::embedded(), text, "fr").places;
    let got: Vec<_> = p.iter().map(|r| (r.surface.as_str(), r.place.name.as_str(), r.place.country.as_str())).collect();
    assert_eq!(got, vec![("place Tahrir", "Tahrir Square", "EG"), ("Champs-Elysées", "Champs-Élysées", "FR"), ("tour Eiffel", "Eiffel Tower", "FR")]);
}

#[test]
fn a_country_run_into_a_common_word_by_ocr_is_the_country() {
    // OCR loses spaces: "laSuisse", and "Franceentière" for "France entière".
    let text = "Commerce\n\nLe commerce avec laSuisse reprend, mais les commandes reçues de la Franceentière restent rares.";
    assert_countries(text, "fr", &[("Suisse", "CH"), ("France", "FR")]);
}

#[test]
fn an_island_or_a_district_lies_in_a_first_order_division_that_the_text_can_name() {
    // Long Island's row lies in New York State, so the state's towns speak for it against
    // Long Island City, a neighbourhood of Queens that has the name as its own.
    let text = "Ferries from Long Island stopped as the storm reached Albany and Buffalo, New York.";
    let p = geoparse(Gazetteer::embedded(), text, "en").places;
    let li = p.iter().find(|r| r.surface == "Long Island").expect("Long Island found");
    assert_eq!(li.place.id, 4000000492, "{li:?}");
    assert_eq!(li.place.admin1, "NY", "the island's division: {li:?}");
    assert_eq!(li.precision, dateline::model::Precision::Region, "an island stays a region: {li:?}");
}

/// A demonym as the tests compare it: surface, country, and the name and kind of the place
/// within the country that it names, if any.
type DemonymPlace = (String, String, Option<(String, &'static str)>);

/// The demonyms of an English text.
fn demonym_places(text: &str) -> Vec<DemonymPlace> {
    let g = Gazetteer::embedded();
    geoparse(g, text, "en")
        .demonyms
        .iter()
        .map(|d| {
            let place = d.place.and_then(|id| g.by_id(id)).map(|p| (p.name.to_string(), p.kind.as_str()));
            (d.surface.clone(), d.country.clone().unwrap_or_default(), place)
        })
        .collect()
}

#[test]
fn the_people_of_a_state_a_republic_or_a_city_name_that_place_within_their_country() {
    let g = Gazetteer::embedded();
    let got = demonym_places("Texans and Ontarians lined up for the ballot, while Dagestani police guarded Londoners abroad.");
    let got: Vec<_> = got.into_iter().map(|(s, c, p)| (s, c, p.map(|(name, _)| name))).collect();
    let want = [
        ("Texans", "US", Some("Texas")),
        ("Ontarians", "CA", Some("Ontario")),
        ("Dagestani", "RU", Some("Dagestan, Respublika")),
        ("Londoners", "GB", Some("London")),
    ];
    let want: Vec<_> = want.iter().map(|(s, c, p)| (s.to_string(), c.to_string(), p.map(str::to_string))).collect();
    assert_eq!(got, want);
    // A country's people name no place within it.
    let d = geoparse(g, "Les Texans et les Syriens ont voté.", "fr").demonyms;
    assert_eq!(d.iter().map(|d| (d.country.as_deref(), d.place.is_some())).collect::<Vec<_>>(), vec![(Some("US"), true), (Some("SY"), false)]);
}

#[test]
fn the_people_of_a_breakaway_region_name_it_within_the_country_it_belongs_to() {
    let got = demonym_places("Abkhaz officials and Transnistrian customs men met Sinhalese traders in the port.");
    let got: Vec<_> = got.into_iter().map(|(s, c, p)| (s, c, p.map(|(_, kind)| kind))).collect();
    let want = [("Abkhaz", "GE", Some("admin1")), ("Transnistrian", "MD", Some("admin1")), ("Sinhalese", "LK", None)];
    let want: Vec<_> = want.iter().map(|(s, c, k)| (s.to_string(), c.to_string(), *k)).collect();
    assert_eq!(got, want);
}

#[test]
fn a_port_after_an_abbreviated_flag_and_a_comma_is_a_place() {
    // Shipping news lists each ship, its flag abbreviated, and its port of call: the period
    // of "esp." with a comma after it ends no sentence, so the port is no sentence-initial
    // word to doubt.
    let text = "Mouvement des ports\n\nArrivées du 12 janvier. Santa-Rita, esp., Marseille. Hermine, ang., Marseille. Orion, fr., Lyon.";
    let p = geoparse(Gazetteer::embedded(), text, "fr").places;
    let marseille: Vec<u32> = p.iter().filter(|r| r.surface == "Marseille").map(|r| r.place.id).collect();
    assert_eq!(marseille, vec![2995469, 2995469], "{:?}", p.iter().map(|r| &r.surface).collect::<Vec<_>>());
    // An abbreviation, a comma and a number ("Pop., 307") make no correspondent's dateline.
    let p = geoparse(Gazetteer::embedded(), "Acres, 1, 247. Pop., 307. Houses, 77.", "en").places;
    assert!(p.iter().all(|r| r.surface != "Pop"), "{:?}", p.iter().map(|r| &r.surface).collect::<Vec<_>>());
}

#[test]
fn a_people_named_by_a_noun_is_a_demonym_and_no_place() {
    // "Serb", "Croats", "Saudis", "Welsh": nouns and adjectives for a country's (or a part of
    // a country's) people; "Welsh" was read as a place of its own.
    let got = demonym_places("Serb and Croat leaders met Saudis and Welsh ministers, with Kazakh and Uzbek envoys.");
    let got: Vec<_> = got.into_iter().map(|(s, c, p)| (s, c, p.map(|(name, _)| name))).collect();
    let want = [
        ("Serb", "RS", None),
        ("Croat", "HR", None),
        ("Saudis", "SA", None),
        ("Welsh", "GB", Some("Wales")),
        ("Kazakh", "KZ", None),
        ("Uzbek", "UZ", None),
    ];
    let want: Vec<_> = want.iter().map(|(s, c, p)| (s.to_string(), c.to_string(), p.map(str::to_string))).collect();
    assert_eq!(got, want);
    let p = geoparse(Gazetteer::embedded(), "The Welsh team trained in Cardiff.", "en").places;
    assert_eq!(p.iter().map(|r| r.surface.as_str()).collect::<Vec<_>>(), vec!["Cardiff"]);
}

/// The event pipeline's geoparse reads the same places, with the same confidence, as the
/// full one; only the runners-up, which it never reads, are left out.
#[test]
fn the_event_pipeline_s_places_are_the_full_geoparse_s_without_runners_up() {
    let g = Gazetteer::embedded();
    let mut with_runners_up = 0;
    for name in ["fr-geneve-reunion", "en-local-news", "fr-homonymes", "en-dateline"] {
        let text = std::fs::read_to_string(format!("tests/fixtures/articles/{name}.txt")).unwrap();
        let lang = if name.starts_with("fr") { "fr" } else { "en" };
        let toks = dateline::pipeline::tokens::tokens_of(&text);
        let full = dateline::pipeline::geoparse_in_tokens(g, &text, lang, &toks);
        let lean = dateline::pipeline::geoparse_for_events(g, &text, lang, &toks);
        assert_eq!(full.places.len(), lean.places.len(), "{name}");
        for (a, b) in full.places.iter().zip(&lean.places) {
            assert_eq!((a.start, a.end, a.place.id, a.confidence), (b.start, b.end, b.place.id, b.confidence), "{name}");
            assert!(b.alternatives.is_empty(), "{name}: {}", b.surface);
            with_runners_up += usize::from(!a.alternatives.is_empty());
        }
        assert_eq!(full.demonyms, lean.demonyms, "{name}");
    }
    assert!(with_runners_up > 5, "the full geoparse gives runners-up ({with_runners_up} places have some)");
}
