//! Events from our own articles and from the Euronews fixture: types, dates, places,
//! actors, casualties, and the teaser headlines that must stay undated.

use dateline::pipeline::{self, ingest};
use dateline::Gazetteer;

fn events_of(text: &str, lang: &str, published: Option<&str>) -> Vec<dateline::pipeline::events::Event> {
    let opts = ingest::IngestOptions {
        format: Some(ingest::Format::Text),
        lang: Some(lang.into()),
        published: published.map(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap()),
        ..Default::default()
    };
    ingest::read_bytes(text.as_bytes(), "t.txt", &opts)
        .into_iter()
        .flat_map(|a| pipeline::process(Gazetteer::embedded(), a.unwrap()).events)
        .collect()
}

fn find<'a>(evs: &'a [dateline::pipeline::events::Event], word: &str) -> &'a dateline::pipeline::events::Event {
    evs.iter().find(|e| e.sentence.contains(word)).unwrap_or_else(|| panic!("no event in a sentence with {word:?}: {evs:#?}"))
}

#[test]
fn french_dates_places_actors_casualties() {
    let text = "Titre du jour\n\nL'armée syrienne a bombardé mardi dernier la province d'Idlib. \
                Une frappe sur le consulat d'Iran à Damas tue 7 personnes. \
                Moscou dit vouloir une trêve. \
                Des diplomates russes et américains se rencontreront ce samedi à Genève. \
                Hier, vingt combattants kurdes ont été tués près d'Alep.";
    let evs = events_of(text, "fr", Some("2016-12-08"));
    let e = find(&evs, "province d'Idlib");
    assert_eq!(e.place.as_ref().unwrap().id, 169387);
    assert_eq!(e.date.unwrap().to_string(), "2016-12-06", "mardi dernier");
    assert!(e.source_actors.iter().any(|a| a.country.as_deref() == Some("SY")));
    let e = find(&evs, "consulat");
    assert_eq!(e.event_type.as_str(), "ASSAULT");
    assert_eq!(e.place.as_ref().unwrap().id, 170654, "in Damascus, not Iran");
    assert_eq!(e.fatalities, Some(7));
    let e = find(&evs, "Moscou dit");
    assert!(e.place.as_ref().is_none_or(|p| p.country != "RU"), "Moscow speaks; nothing happens there");
    let e = find(&evs, "Genève");
    assert_eq!(e.event_type.as_str(), "CONSULT");
    assert_eq!(e.place.as_ref().unwrap().id, 2660646);
    assert_eq!(e.date.unwrap().to_string(), "2016-12-10", "ce samedi");
    assert!(e.future);
    let codes: Vec<_> = e.source_actors.iter().chain(&e.target_actors).filter_map(|a| a.country.as_deref()).collect();
    assert!(codes.contains(&"RU") && codes.contains(&"US"), "{codes:?}");
    let e = find(&evs, "kurdes");
    assert_eq!(e.fatalities, Some(20));
    assert_eq!(e.date.unwrap().to_string(), "2016-12-07", "hier");
    assert_eq!(e.place.as_ref().unwrap().id, 170063);
}

#[test]
fn english_dates_and_negation() {
    let text = "Headline\n\nSeven people were killed on Thursday in Kharkiv. \
                Protesters marched last week in Dakar. \
                The government did not arrest anyone in Lagos.";
    let evs = events_of(text, "en", Some("2026-03-14"));
    let e = find(&evs, "Kharkiv");
    assert_eq!(e.fatalities, Some(7));
    assert_eq!(e.date.unwrap().to_string(), "2026-03-12");
    let e = find(&evs, "Dakar");
    assert_eq!(e.event_type.as_str(), "PROTEST");
    assert_eq!(e.place.as_ref().unwrap().country, "SN");
    let e = find(&evs, "Lagos");
    assert!(e.negated);
}

#[test]
fn english_locations_through_possessives_and_invaded_countries() {
    let text = "Headline\n\nProtesters marched through Hong Kong's streets on Sunday. \
                Senegal's capital was shelled by rebels on Monday. \
                Rebel columns invaded Mali from the north. \
                Norway's prime minister said the talks would go on.";
    let evs = events_of(text, "en", Some("2026-03-14"));
    let e = find(&evs, "Hong Kong");
    assert_eq!(e.place.as_ref().map(|p| p.country.as_str()), Some("HK"), "marched through Hong Kong's streets: {e:?}");
    let e = find(&evs, "Senegal");
    assert_eq!(e.place.as_ref().map(|p| p.country.as_str()), Some("SN"), "a possessive before 'capital' says where: {e:?}");
    assert!(!e.source_actors.iter().any(|a| a.country.as_deref() == Some("SN")), "Senegal is not the shelling's subject: {e:?}");
    let e = find(&evs, "Mali");
    assert_eq!(e.place.as_ref().map(|p| p.country.as_str()), Some("ML"), "an invaded country is where the fight is: {e:?}");
    let e = find(&evs, "Norway");
    assert!(e.source_actors.iter().any(|a| a.country.as_deref() == Some("NO")), "Norway's minister speaks for Norway: {e:?}");
    assert!(e.place.is_none(), "nothing happens in Norway: {e:?}");
}

#[test]
fn places_the_gazetteer_lacks_named_by_a_kind_of_place() {
    let text = "Headline\n\nGunmen shot two farmers near the village of Dorvasti on Monday. \
                A bomb wounded four people in Baghdad's western Qalbani district. \
                Police arrested six men outside Hartwell's warehouse in Leeds. \
                Gunmen attacked the CRPF camp in Srinagar overnight. \
                Government troops shelled Kharbeshin at dawn. \
                A driver was shot twice in Iraq by al-Wardani gunmen on Friday.";
    let evs = events_of(text, "en", Some("2026-03-14"));
    let e = find(&evs, "Wardani");
    assert_eq!(e.place_text, None, "who an agent's word names acts; it is no place: {e:?}");
    assert_eq!(e.place.as_ref().map(|p| p.country.as_str()), Some("IQ"), "{e:?}");
    let e = find(&evs, "Dorvasti");
    assert_eq!(e.place_text.as_deref(), Some("Dorvasti"), "the village of Dorvasti: {e:?}");
    let e = find(&evs, "Qalbani");
    assert_eq!(e.place_text.as_deref(), Some("Qalbani"), "a district named inside a known city is the finer place: {e:?}");
    let e = find(&evs, "Hartwell");
    assert_ne!(e.place_text.as_deref(), Some("Hartwell"), "a name that owns a warehouse is no place: {e:?}");
    assert_eq!(e.place.as_ref().map(|p| p.country.as_str()), Some("GB"), "{e:?}");
    let e = find(&evs, "Kharbeshin");
    assert_eq!(e.place_text.as_deref(), Some("Kharbeshin"), "what an assault is aimed at: {e:?}");
    let e = find(&evs, "CRPF");
    assert_ne!(e.place_text.as_deref(), Some("CRPF"), "an acronym is an organisation: {e:?}");
    assert_eq!(e.place.as_ref().map(|p| p.country.as_str()), Some("IN"), "{e:?}");
}

#[test]
fn passive_subjects_are_where_not_who() {
    let text = "Headline\n\nPortugal is blockaded by two navies this winter. \
                Kosovo was shelled by artillery on Monday.";
    let evs2 = events_of(text, "en", Some("2026-03-14"));
    let e = find(&evs2, "Portugal");
    assert_eq!(e.place.as_ref().map(|p| p.country.as_str()), Some("PT"), "the subject of a passive is where: {e:?}");
    assert!(!e.source_actors.iter().any(|a| a.country.as_deref() == Some("PT")), "not who: {e:?}");
    let e = find(&evs2, "Kosovo");
    assert_eq!(e.place.as_ref().map(|p| p.country.as_str()), Some("XK"), "{e:?}");
    let evs3 = events_of("Titre\n\nAlep a été bombardée mardi par l'aviation.", "fr", Some("2016-12-08"));
    let e = find(&evs3, "Alep");
    assert_eq!(e.place.as_ref().map(|p| p.id), Some(170063), "{e:?}");
    // "is providing" is the progressive, not a passive: its subject acts.
    let evs4 = events_of("Headline\n\nGhana is providing radar equipment to Togo.", "en", Some("2026-03-14"));
    let e = find(&evs4, "radar");
    assert!(e.source_actors.iter().any(|a| a.country.as_deref() == Some("GH")), "{e:?}");
}

#[test]
fn threats_protests_and_their_demands() {
    let text = "Headline\n\nFishermen said they would blockade the port of Dakar unless the tax was cut. \
                Miners vowed to fight any eviction from their valley. \
                Nurses demonstrated outside the ministry in Nairobi, demanding better pay. \
                The council reneged on its pledge to rebuild the market. \
                Soldiers demolished a dozen shops near Hebron on Monday. \
                The army will release two journalists on Friday.";
    let evs = events_of(text, "en", Some("2026-03-14"));
    let ty = |word: &str| find(&evs, word).event_type.as_str();
    assert_eq!(ty("blockade"), "THREATEN", "a promise on a condition is a threat");
    assert_eq!(ty("vowed"), "THREATEN", "a promise of force is a threat");
    assert_eq!(ty("Nurses"), "PROTEST", "the demand is what the protest is for");
    assert_eq!(ty("reneged"), "REJECT");
    assert_eq!(ty("demolished"), "COERCE");
    assert_eq!(ty("release"), "AGREE", "a promise of a cooperative act is an agreement");
    let text = "Headline\n\nThe union blamed the police for the shooting of a picket in Leeds. \
                Ministers failed to reach agreement on the fishing quotas. \
                Farmers are suing the province over the new dam.";
    let evs = events_of(text, "en", Some("2026-03-14"));
    let e = find(&evs, "blamed");
    assert_eq!(e.event_type.as_str(), "DISAPPROVE", "the shooting is what the blame is for: {e:?}");
    let e = find(&evs, "agreement");
    assert_eq!(e.event_type.as_str(), "REJECT", "an agreement not reached: {e:?}");
    assert!(!e.negated, "the rejection itself is not negated: {e:?}");
    assert_eq!(find(&evs, "suing").event_type.as_str(), "DISAPPROVE");
    let text = "Titre\n\nLes chauffeurs vont manifester devant le ministère à moins que le gouvernement renonce à sa réforme.";
    let evs = events_of(text, "fr", Some("2026-03-14"));
    assert_eq!(find(&evs, "chauffeurs").event_type.as_str(), "THREATEN", "{evs:?}");
}

/// The type of the one event of each sentence, by a word of that sentence.
fn types_of(text: &str, lang: &str) -> impl Fn(&str) -> String {
    let evs = events_of(&format!("Headline\n\n{text}"), lang, Some("2026-03-14"));
    move |word: &str| find(&evs, word).event_type.as_str().to_string()
}

#[test]
fn hyphenated_triggers_match() {
    let ty = types_of("Dockers staged a sit-in at the harbour office on Tuesday.", "en");
    assert_eq!(ty("Dockers"), "PROTEST", "'sit-in' is one trigger of two tokens");
    // A participle at the end of a hyphenated modifier qualifies the act after it.
    let ty = types_of("Portugal began its long-threatened blockade of the harbour.", "en");
    assert_eq!(ty("blockade"), "COERCE", "the blockade, not the threat");
}

#[test]
fn types_follow_the_plover_definitions() {
    let ty = types_of(
        "The two ministers signed a fisheries treaty on Monday. \
         Rebels freed three foreign engineers on Sunday. \
         The finance minister resigned on Friday. \
         The carrier suspended its flights to the island. \
         The navy lifted its blockade of the port on Tuesday. \
         The embassy lodged a formal protest with the foreign ministry. \
         Jets carried out air strikes on the ridge overnight.",
        "en",
    );
    assert_eq!(ty("treaty"), "SUPPORT", "signing an agreement is SUPPORT");
    assert_eq!(ty("engineers"), "RETREAT", "an actual release is RETREAT");
    assert_eq!(ty("finance"), "RETREAT", "a resignation is RETREAT");
    assert_eq!(ty("flights"), "SANCTION", "suspending links reduces relations");
    assert_eq!(ty("navy"), "RETREAT", "lifting a blockade is RETREAT");
    assert_eq!(ty("embassy"), "DISAPPROVE", "a formal protest is a complaint, not a demonstration");
    assert_eq!(ty("Jets"), "FIGHT", "aerial weapons are FIGHT");
    let ty = types_of(
        "Les deux pays ont signé un traité de pêche lundi. \
         Le ministre des finances a démissionné vendredi. \
         La compagnie a suspendu ses vols vers l'île. \
         Les rebelles ont libéré trois ingénieurs étrangers dimanche.",
        "fr",
    );
    assert_eq!(ty("traité"), "SUPPORT");
    assert_eq!(ty("finances"), "RETREAT");
    assert_eq!(ty("compagnie"), "SANCTION");
    assert_eq!(ty("rebelles"), "RETREAT");
}

#[test]
fn promises_of_cooperative_acts_are_agreements() {
    let ty = types_of(
        "The ministry will send emergency medical supplies to the flooded province. \
         The king would pardon the officers accused of spying.",
        "en",
    );
    assert_eq!(ty("supplies"), "AGREE", "aid promised further on in the clause of 'will'");
    assert_eq!(ty("pardon"), "AGREE", "the promised verb, not the participle after it, is the act");
    let ty = types_of("Le ministère va envoyer une aide d'urgence à la province inondée.", "fr");
    assert_eq!(ty("ministère"), "AGREE");
}

#[test]
fn acts_of_subordinate_clauses_are_background() {
    let ty = types_of(
        "Students marched in the capital, where police had arrested three organisers last week. \
         The governor lifted the state of emergency that followed deadly clashes in the valley. \
         After bombings in the north, the parties resumed talks in Accra.",
        "en",
    );
    assert_eq!(ty("Students"), "PROTEST", "the arrests are where the march went, not the act");
    assert_eq!(ty("governor"), "CONCEDE", "the clashes are what the emergency followed");
    assert_eq!(ty("Accra"), "CONSULT", "an opening 'after' clause ends at its comma");
    let ty = types_of("Les étudiants ont défilé devant le commissariat qui avait interpellé trois organisateurs la veille.", "fr");
    assert_eq!(ty("étudiants"), "PROTEST");
}

#[test]
fn families_of_the_plover_definitions() {
    let ty = types_of(
        "Police stepped up patrols around the stadium on Saturday. \
         Farmers blocked the motorway with tractors on Monday. \
         Two members blocked the draft resolution on Gaza. \
         Bus drivers stopped work at noon over unpaid wages. \
         Guards beat up two inmates in the yard. \
         Soldiers opened fire on a crowd near the bridge, wounding four. \
         The government withdrew its ambassador from Oslo. \
         The ministry accepted the demands of the striking nurses. \
         The newspaper flouted a court ban on naming the suspects. \
         Lawyers praised the detainees' families. \
         Inmates rioted at the jail on Sunday.",
        "en",
    );
    assert_eq!(ty("stadium"), "MOBILIZE", "police patrols");
    assert_eq!(ty("motorway"), "PROTEST", "obstructing passage");
    assert_eq!(ty("resolution"), "REJECT", "blocking a text is rejecting it");
    assert_eq!(ty("drivers"), "PROTEST", "stopping work");
    assert_eq!(ty("Guards"), "ASSAULT");
    assert_eq!(ty("crowd"), "FIGHT", "opening fire is the act, the wounds its outcome");
    assert_eq!(ty("ambassador"), "SANCTION", "withdrawing an envoy reduces relations");
    assert_eq!(ty("nurses"), "CONCEDE", "acceding to demands");
    assert_eq!(ty("flouted"), "REJECT", "defying a ban");
    assert_eq!(ty("Lawyers"), "SUPPORT", "'detainees' are people, not a detention");
    assert_eq!(ty("Inmates"), "PROTEST", "'the jail' is a place, not a jailing");
    let ty = types_of(
        "Les policiers ont ouvert le feu sur la foule près du pont. \
         Le gouvernement a retiré son ambassadeur d'Oslo. \
         Les chauffeurs ont cessé le travail à midi. \
         Les sénateurs ont bloqué le projet de loi sur l'eau. \
         Le ministère a accepté les revendications des infirmières.",
        "fr",
    );
    assert_eq!(ty("foule"), "FIGHT");
    assert_eq!(ty("ambassadeur"), "SANCTION");
    assert_eq!(ty("chauffeurs"), "PROTEST");
    assert_eq!(ty("sénateurs"), "REJECT");
    assert_eq!(ty("infirmières"), "CONCEDE");
}

#[test]
fn acts_someone_must_do_are_demands() {
    let ty = types_of(
        "The envoy said the militia must soon withdraw from the villages. \
         Donors said the regime has to accept independent monitors.",
        "en",
    );
    assert_eq!(ty("militia"), "DEMAND", "what the militia must do is demanded of it");
    assert_eq!(ty("Donors"), "DEMAND");
    let ty = types_of("L'ONU a dit que le régime doit accepter des observateurs.", "fr");
    assert_eq!(ty("régime"), "DEMAND");
}

#[test]
fn euronews_events() {
    let Some(path) = super::util::shared("fixtures/alep-euronews-fr.txt") else { return };
    let opts = ingest::IngestOptions {
        lang: Some("fr".into()),
        published: Some(chrono::NaiveDate::from_ymd_opt(2016, 12, 8).unwrap()),
        ..Default::default()
    };
    let arts: Vec<_> = ingest::read_path(&path, &opts).into_iter().map(|r| r.unwrap()).collect();
    assert_eq!(arts.len(), 4, "the page and three teaser headlines");
    let processed: Vec<_> = arts.into_iter().map(|a| pipeline::process(Gazetteer::embedded(), a)).collect();
    let all: Vec<_> = processed.iter().flat_map(|p| p.events.iter().map(move |e| (p, e))).collect();
    let has = |types: &[&str], place: u32, date: Option<&str>| {
        all.iter().any(|(_, e)| {
            types.contains(&e.event_type.as_str())
                && e.place.as_ref().map(|p| p.id) == Some(place)
                && e.date.map(|d| d.to_string()).as_deref() == date
        })
    };
    assert!(has(&["RETREAT", "AGREE"], 170063, Some("2016-12-08")), "suspension of the offensive in eastern Aleppo");
    assert!(has(&["CONSULT"], 2660646, Some("2016-12-10")), "meeting in Geneva on Saturday");
    assert!(has(&["ASSAULT"], 170654, None), "strike in Damascus, undated teaser");
    assert!(has(&["ASSAULT", "FIGHT"], 169387, None), "Idlib province, undated teaser");
    let kurds = all.iter().find(|(_, e)| e.sentence.contains("kurdes")).unwrap().1;
    assert_eq!(kurds.fatalities, Some(20));
    assert_eq!(kurds.place.as_ref().unwrap().country, "SY");
    assert!(kurds.date.is_none());
    let damas = all.iter().find(|(_, e)| e.sentence.contains("Damas")).unwrap().1;
    assert_eq!(damas.fatalities, Some(7));
    // Never located in Moscow, Russia, Iran, Switzerland as a country, or the United States.
    for (_, e) in &all {
        if let Some(p) = &e.place {
            assert!(![524901, 2017370, 130758, 2658434, 6252001].contains(&p.id), "{} located at {}", e.sentence, p.name);
        }
    }
    // Teasers carry no date of their own.
    for (p, e) in &all {
        if p.article.parent.is_some() {
            assert!(e.date.is_none(), "teaser {:?} took a date", e.sentence);
        }
    }
}

#[test]
fn extract_command_formats_and_failures() {
    let dir = tempfile::tempdir().unwrap();
    let good = super::util::write(dir.path(), "a.md", "---\ntitle: Grève\npublished: 2026-03-05\nlang: fr\n---\nLes dockers ont manifesté ce jeudi à Marseille.\n");
    let bad = dir.path().join("b.txt");
    std::fs::write(&bad, [0xff, 0xfe, 0x00, 0x41]).unwrap();
    let o = super::util::run(&["extract", good.to_str().unwrap(), bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "a bad input is reported in the exit code");
    assert!(super::util::stderr(&o).contains("b.txt"), "{}", super::util::stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let f = v["features"].as_array().unwrap().iter().find(|f| f["properties"]["sentence"].as_str().unwrap().contains("Marseille")).unwrap();
    assert_eq!(f["properties"]["type"], "PROTEST");
    assert_eq!(f["properties"]["date"], "2026-03-05");
    let c = &f["geometry"]["coordinates"];
    assert!((c[0].as_f64().unwrap() - 5.37).abs() < 0.2, "lon first: {c}");
    assert!(v.get("crs").is_none());
    let o = super::util::run(&["extract", good.to_str().unwrap(), "--format", "csv"]);
    assert!(super::util::stdout(&o).starts_with("id,type,"));
    let o = super::util::run(&["extract", good.to_str().unwrap(), "--published", "2026-13-45"]);
    assert!(!o.status.success());
}

#[test]
fn casualties_behind_hedges_articles_and_thousands() {
    // (sentence, fatalities, injured): each sentence is its own article, so that each is read
    // in the language given.
    let cases = [
        ("en", "Air strikes killed at least 12 people in Rafah on Tuesday.", Some(12), None),
        ("en", "The quake has killed more than 30,000 people in the region.", Some(30_000), None),
        ("en", "The attack killed 8 people and wounded 20.", Some(8), Some(20)),
        ("en", "Shelling killed nine people and wounded 20 in Mahmudiyah.", Some(9), Some(20)),
        ("en", "A soldier was killed and one civilian was wounded near Kandahar.", Some(1), Some(1)),
        ("en", "A car bomb killed five people in Mosul.", Some(5), None),
        ("fr", "Une frappe a tué au moins 12 personnes à Rafah.", Some(12), None),
        ("fr", "La frappe a tué 3 personnes et blessé 12 autres à Gaza.", Some(3), Some(12)),
        ("fr", "Un soldat a été tué et une femme blessée à Kidal.", Some(1), Some(1)),
    ];
    for (lang, sentence, killed, hurt) in cases {
        let evs = events_of(&format!("Titre\n\n{sentence}"), lang, Some("2024-03-14"));
        let e = find(&evs, &sentence[..12]);
        assert_eq!((e.fatalities, e.injured), (killed, hurt), "{sentence}");
    }
}

#[test]
fn a_run_of_digits_too_long_for_a_count_is_no_count() {
    // Seventeen digits, then a group of three: read as one number it would be past u64; the
    // run is not a count (found by the fuzzer: it overflowed, a panic in a debug build).
    let evs = events_of("Wire\n\nProtesters clashed with police: 99999999999999999 999 were killed in Lima.", "en", Some("2024-03-14"));
    let e = find(&evs, "killed");
    assert!(e.fatalities.is_none_or(|n| n <= 999), "{:?}", e.fatalities);
    let evs = events_of("Wire\n\nThe attack killed 4 294 967 296 people in Lima.", "en", Some("2024-03-14"));
    assert_eq!(find(&evs, "killed").fatalities, None, "a count past u32 is no count");
}

#[test]
fn a_country_an_act_is_aimed_at_is_its_target_not_its_place() {
    let text = "Wire\n\nThe United States imposed new sanctions on Russia on Monday.";
    let evs = events_of(text, "en", Some("2024-03-14"));
    let e = find(&evs, "sanctions");
    assert_eq!(e.event_type.as_str(), "SANCTION");
    assert!(e.place.is_none(), "sanctions on Russia do not happen in Russia: {:?}", e.place);
    assert_eq!(e.target_actors.iter().filter_map(|a| a.country.as_deref()).collect::<Vec<_>>(), ["RU"]);
    let evs = events_of("Dépêche\n\nLa France a décidé lundi des sanctions contre l'Iran.", "fr", Some("2024-03-14"));
    let e = find(&evs, "sanctions");
    assert!(e.place.is_none(), "{:?}", e.place);
    assert!(e.target_actors.iter().any(|a| a.country.as_deref() == Some("IR")));
    // A march on a place goes there.
    let evs = events_of("Wire\n\nThousands of women marched on the parliament in Cape Town.", "en", Some("2024-03-14"));
    assert_eq!(find(&evs, "marched").place.as_ref().map(|p| p.country.as_str()), Some("ZA"));
}

#[test]
fn a_street_named_after_a_town_is_not_where_the_event_is() {
    // The shooting is in Jackson, on a street named after Memphis; the march is in Paris,
    // on a street that leads to Rennes.
    let evs = events_of("Two people were killed in a shooting on Memphis Street in Jackson on Monday.", "en", Some("2024-03-05"));
    let e = find(&evs, "shooting");
    assert_eq!(e.place.as_ref().map(|p| p.name.as_str()), Some("Jackson"), "{e:#?}");
    // The street is named as the finer place, at the town's point.
    assert_eq!(e.place_text.as_deref(), Some("Memphis Street"));
    let evs = events_of("Des milliers de personnes ont manifesté rue de Rennes, à Paris, ce samedi.", "fr", Some("2024-03-05"));
    let e = find(&evs, "manifesté");
    assert_eq!(e.place.as_ref().map(|p| p.id), Some(2988507), "{e:#?}");
}

#[test]
fn who_acts_a_country_opening_a_clause_and_a_group_placed_in_a_country() {
    let text = "Headline\n\nUnder the new plan, Portugal will evacuate two outposts in the spring. \
                The minister said that Ghana would send aid to Togo. \
                On Friday, Leeds police arrested four men after a fight.";
    let evs = events_of(text, "en", Some("2026-03-14"));
    let e = find(&evs, "Portugal");
    assert!(e.source_actors.iter().any(|a| a.country.as_deref() == Some("PT")), "after a comma: {e:?}");
    let e = find(&evs, "Ghana");
    assert!(e.source_actors.iter().any(|a| a.country.as_deref() == Some("GH")), "after \"that\": {e:?}");
    // A group placed in a country right after its name is that country's.
    let evs2 = events_of("Headline\n\nRebels in Togo rejected the offer of talks on Monday.", "en", Some("2026-03-14"));
    let e = find(&evs2, "Rebels");
    assert!(e.source_actors.iter().any(|a| a.country.as_deref() == Some("TG") && a.name == "rebels"), "{e:?}");
    let evs4 = events_of("Headline\n\nSecurity forces in Ghana arrested twelve traders on Monday.", "en", Some("2026-03-14"));
    let e = find(&evs4, "Security");
    assert!(e.source_actors.iter().any(|a| a.country.as_deref() == Some("GH") && a.name == "armed forces"), "{e:?}");
    let evs3 = events_of("Titre\n\nLes rebelles en Syrie ont rejeté l'offre mardi.", "fr", Some("2016-12-08"));
    let e = find(&evs3, "rebelles");
    assert!(e.source_actors.iter().any(|a| a.country.as_deref() == Some("SY")), "{e:?}");
    // A city's police act in the city: it is still where the arrest was.
    let e = find(&evs, "Leeds");
    assert_eq!(e.place.as_ref().map(|p| p.name.as_str()), Some("Leeds"), "{e:?}");
}

#[test]
fn a_capital_after_the_act_is_who_it_is_aimed_at_and_a_demonym_does_not_break_a_locative() {
    // "appelé Moscou à…": Moscow is addressed, not where Ankara condemned anything.
    let evs = events_of("Titre\n\nAnkara a condamné les frappes et a appelé Moscou à respecter la trêve.", "fr", Some("2016-12-08"));
    let e = find(&evs, "Ankara");
    assert_ne!(e.place.as_ref().map(|p| p.country.as_str()), Some("RU"), "{e:?}");
    assert!(e.target_actors.iter().any(|a| a.country.as_deref() == Some("RU")), "{e:?}");
    // "in the Togolese capital Lome": the demonym qualifies "capital"; "in" still reaches Lomé.
    let evs = events_of("Headline\n\nThousands of people demonstrated in the Togolese capital Lome against the new law.", "en", Some("2026-03-14"));
    let e = find(&evs, "Lome");
    assert_eq!(e.place.as_ref().map(|p| p.country.as_str()), Some("TG"), "{e:?}");
}

#[test]
fn a_named_part_of_a_place_is_where_the_event_is_and_what_contains_it_is_not() {
    let text = "Headline\n\nMortars hit the Qaboun neighbourhood of Damascus on Monday, killing three people. \
                Rebels attacked the Zorvani district of rural Mosul overnight. \
                Two guards were shot in the Shiite district of Jadriya in Baghdad. \
                Gunmen killed four farmers in the northern Syria province of Hama. \
                Shells fell on the Aleppo neighbourhood of Karm Tarrab at dawn. \
                A bomb exploded near the South Korean embassy in Manila.";
    let evs = events_of(text, "en", Some("2026-03-14"));
    let e = find(&evs, "Qaboun");
    assert_eq!(e.place.as_ref().map(|p| p.name.as_str()), Some("Qaboun"), "a district the gazetteer holds, before its city: {e:?}");
    assert_eq!(e.precision, Some(dateline::model::Precision::City), "a district is as precise as a town: {e:?}");
    let e = find(&evs, "Zorvani");
    assert_eq!(e.place_text.as_deref(), Some("Zorvani"), "a district it lacks, before its region: {e:?}");
    let e = find(&evs, "Jadriya");
    assert_eq!(e.place.as_ref().map(|p| p.name.as_str()), Some("Jadriya"), "a word for a community qualifies the noun: {e:?}");
    let e = find(&evs, "Hama");
    assert_eq!(e.place.as_ref().map(|p| p.kind.as_str()), Some("admin1"), "a country before the noun contains the province: {e:?}");
    let e = find(&evs, "Tarrab");
    assert_eq!(e.place_text.as_deref(), Some("Karm Tarrab"), "a large city before the noun contains the district: {e:?}");
    let e = find(&evs, "Manila");
    assert_eq!(e.place.as_ref().map(|p| p.name.as_str()), Some("Manila"), "the words of a demonym are no place: {e:?}");
}

#[test]
fn a_name_a_word_for_a_place_introduces_is_as_sure_as_a_known_town() {
    let text = "Headline\n\nJets bombed the town of Zorvan, near Hama, on Tuesday. \
                Rebels shelled the village of Kafr Dorvan in northern Aleppo overnight.";
    let evs = events_of(text, "en", Some("2026-03-14"));
    let e = find(&evs, "Zorvan");
    assert_eq!(e.place_text.as_deref(), Some("Zorvan"), "the town of Zorvan, near a known town: {e:?}");
    let e = find(&evs, "Dorvan");
    assert_eq!(e.place_text.as_deref(), Some("Kafr Dorvan"), "the village of Kafr Dorvan, in a known region: {e:?}");
}

#[test]
fn a_word_for_a_kind_of_place_after_a_name_is_that_place_s_and_a_movement_is_no_place() {
    // "in the Deir Ezzor Governorate": the event is in Deir Ezzor, which the gazetteer knows,
    // not in a "Governorate" it lacks.
    let evs = events_of("Headline\n\nRebels launched an offensive in the Deir Ezzor Governorate on Sunday.", "en", Some("2017-03-06"));
    let e = find(&evs, "offensive");
    assert_eq!(e.place_text, None, "{e:?}");
    let place = e.place.as_ref().expect("a known place");
    assert_eq!(place.country, "SY", "{place:?}");
    assert!(place.name.contains("Deir") || place.name.contains("Dayr"), "{place:?}");
    // "the Islamist defenses at Zorvani": the village, a name the gazetteer lacks, not
    // "Islamist", a word for a movement; nor is "the Islamist fighters" a place.
    let evs = events_of(
        "Headline\n\nThe army launched an assault on the Islamist defenses at Zorvani. Villagers threw stones at the Islamist fighters.",
        "en",
        Some("2017-03-06"),
    );
    let e = find(&evs, "assault");
    assert_eq!(e.place_text.as_deref(), Some("Zorvani"), "{e:?}");
    let e = find(&evs, "stones");
    assert_eq!(e.place_text, None, "{e:?}");
    // The people of a country are its actors, not a place: "Serbs" in a sentence that names
    // the town they took.
    let evs = events_of("Headline\n\nRebel Serbs captured the town of Drvar on Tuesday.", "en", Some("2017-03-06"));
    let e = find(&evs, "captured");
    assert!(e.source_actors.iter().any(|a| a.country.as_deref() == Some("RS")), "{:?}", e.source_actors);
    assert_ne!(e.place_text.as_deref(), Some("Serbs"), "{e:?}");
}

#[test]
fn a_name_s_first_word_common_only_in_another_language_still_starts_a_name() {
    // "Tal" (a hill, in Arabic place names) is a common Spanish word: in an English sentence
    // it opens the village's name. "stormed" is an attack.
    let evs = events_of("Headline\n\nTroops stormed the small village of Tal Zorvan on Monday.", "en", Some("2017-03-06"));
    let e = find(&evs, "stormed");
    assert_eq!(e.trigger, "stormed");
    assert_eq!(e.place_text.as_deref(), Some("Tal Zorvan"), "{e:?}");
    // The people of a region are actors, not a place: "Basque" is Spain's, in the Basque
    // Country.
    let evs = events_of("Headline\n\nBasque separatists bombed a bank in Zorvana.", "en", Some("2017-03-06"));
    let e = find(&evs, "bombed");
    assert!(e.source_actors.iter().any(|a| a.country.as_deref() == Some("ES")), "{:?}", e.source_actors);
    assert_eq!(e.place_text.as_deref(), Some("Zorvana"), "{e:?}");
}

#[test]
fn an_armed_group_named_by_its_own_name_acts_and_is_no_place() {
    // "the Hezbollah positions in the town of Zorvan": the town is where it happened; the
    // group is acted on, not a place the gazetteer lacks.
    let evs = events_of("Headline\n\nArmy jets bombed the Hezbollah positions near the village of Zorvan.", "en", Some("2017-03-06"));
    let e = find(&evs, "bombed");
    assert_eq!(e.place_text.as_deref(), Some("Zorvan"), "{e:?}");
    assert!(e.target_actors.iter().any(|a| a.name == "Hezbollah" && a.country.is_none()), "{:?}", e.target_actors);
    // "in al-Qaida training camps": an organisation, not where the capture was.
    let evs = events_of("Headline\n\nThe suspect, who spent months in al-Qaida training camps, was captured in Zorvana.", "en", Some("2017-03-06"));
    let e = find(&evs, "captured");
    assert_eq!(e.place_text.as_deref(), Some("Zorvana"), "{e:?}");
}
