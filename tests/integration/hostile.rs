//! Hostile input, through `dateline ingest` as a user would run it: one batch holding good
//! articles and every kind of bad file. Each bad file gets a message naming it and what is
//! wrong; the good articles are stored; memory stays bounded; the store holds exactly what the
//! good files alone give.

use super::util::{dateline, stderr, write};
use std::path::Path;

/// Runs `dateline` with `args` to the end and returns (exit code, stderr, peak resident KB).
fn run_measured(args: &[&str]) -> (i32, String, i64) {
    use std::io::Read;
    let mut child = dateline()
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start dateline");
    let mut err = String::new();
    let mut pipe = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let _ = pipe.read_to_string(&mut err);
        err
    });
    // wait4 gives this child's own peak memory (getrusage of all children would mix in the
    // other tests' processes).
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid, "wait4");
    let code = if libc::WIFEXITED(status) { libc::WEXITSTATUS(status) } else { -1 };
    (code, reader.join().unwrap(), usage.ru_maxrss)
}

const GOOD_TXT: &str = "Manifestation à Lyon\n\nDes milliers de personnes ont manifesté ce samedi à Lyon contre la réforme.\n";
const GOOD_JSONL: &str = r#"{"title": "Floods in Dhaka", "text": "Aid workers delivered food on Monday to families in Dhaka after the floods.", "url": "https://example.org/h/dhaka", "published": "2026-07-06", "lang": "en"}
"#;

/// The bad files, each with what its message must say.
fn hostile_files(dir: &Path) -> Vec<(&'static str, &'static str)> {
    let mut bad = Vec::new();
    let mut put = |name: &'static str, bytes: Vec<u8>, says: &'static str| {
        std::fs::write(dir.join(name), bytes).unwrap();
        bad.push((name, says));
    };
    put("latin1.txt", b"Caf\xe9 \xe0 Gen\xe8ve\n\nDes gens ont manifest\xe9.".to_vec(), "invalid UTF-8");
    put("image.txt", [&b"\x89PNG\r\n\x1a\n"[..], &[0u8; 64], b"IHDR"].concat(), "binary");
    put("empty.txt", Vec::new(), "empty");
    put("blank.md", b"  \n\n \t\n".to_vec(), "empty");
    // 50 MB: over the file limit, refused before it is read.
    put("huge.txt", [b"Un article immense\n\n".to_vec(), b"Des combats ont eu lieu \xc3\xa0 Alep. ".repeat(1_700_000)].concat(), "too large");
    // One line of ten million characters: under the file limit, over the article limit.
    put("longline.txt", [b"Une ligne sans fin\n\n".to_vec(), b"des habitants de Lyon ont manifest\xc3\xa9, ".repeat(250_000)].concat(), "too long");
    put("nested.json", b"[".repeat(200_000), "malformed JSON");
    put("notobject.jsonl", b"[1, 2, 3]\n".to_vec(), "expected a JSON object");
    put("nofields.csv", b"colour,size\nred,3\n".to_vec(), "neither title nor text");
    let mut laughs = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY a \"aaaaaaaaaa\">\n");
    for i in 1..12 {
        let prev = if i == 1 { "a".to_string() } else { format!("a{}", i - 1) };
        laughs.push_str(&format!("<!ENTITY a{i} \"{}\">\n", format!("&{prev};").repeat(10)));
    }
    laughs.push_str("]>\n<rss version=\"2.0\"><channel><title>t</title><item><title>&a11;</title>");
    put("laughs.rss", laughs.into_bytes(), "laughs.rss");
    put("page.pdf", b"%PDF-1.7\n".to_vec(), "unknown format");
    bad
}

#[test]
fn a_batch_of_hostile_files_fails_each_clearly_and_stores_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    write(&input, "good.txt", GOOD_TXT);
    write(&input, "good.jsonl", GOOD_JSONL);
    // Files that are awkward but fine: ragged CSV with a quoted newline, HTML whose scripts and
    // styles must not become text, absurd publication dates that must not date the events.
    write(&input, "ragged.csv", "title,text,lang\n\"Grève à Marseille\",\"Les dockers ont fait grève ce mardi à Marseille.\nLe port est fermé.\",fr\nshort row\n\"Protest in Lagos\",\"Students protested on Friday in Lagos.\",en,extra,cells\n");
    write(&input, "page.html", "<html><head><title>Clashes in Goma</title><style>p{color:red}</style><script>alert('x')</script></head><body><article><h1>Clashes in Goma</h1><p>Rebels attacked an army post near Goma on Sunday.</p><script>document.write('injected sentence about Paris')</script></article></body></html>");
    write(&input, "dates.jsonl", "{\"title\": \"Talks in Oslo\", \"text\": \"Diplomats met on Thursday in Oslo.\", \"published\": \"0000-01-01\", \"lang\": \"en\"}\n{\"title\": \"Talks in Bern\", \"text\": \"Diplomats met on Thursday in Bern.\", \"published\": \"9999-12-31\", \"lang\": \"en\"}\n");
    let bad = hostile_files(&input);

    let db = dir.path().join("hostile.db");
    let (code, err, rss_kb) = run_measured(&["ingest", input.to_str().unwrap(), "--db", db.to_str().unwrap()]);
    assert_eq!(code, 1, "failures give exit code 1:\n{err}");
    for (name, says) in &bad {
        let line = err.lines().find(|l| l.contains(name)).unwrap_or_else(|| panic!("no message names {name}:\n{err}"));
        assert!(line.to_lowercase().contains(&says.to_lowercase()), "{name}: {line:?} should say {says:?}");
    }
    assert!(rss_kb < 600 * 1024, "peak memory {} MB", rss_kb / 1024);

    // The store holds exactly what the good files give on their own.
    let good = dir.path().join("good");
    std::fs::create_dir(&good).unwrap();
    for f in ["good.txt", "good.jsonl", "ragged.csv", "page.html", "dates.jsonl"] {
        std::fs::copy(input.join(f), good.join(f)).unwrap();
    }
    let clean = dir.path().join("clean.db");
    let o = dateline().args(["ingest", good.to_str().unwrap(), "--db", clean.to_str().unwrap()]).output().unwrap();
    let clean_err = stderr(&o);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let a = dateline::store::open(db.to_str().unwrap()).await.unwrap();
        let b = dateline::store::open(clean.to_str().unwrap()).await.unwrap();
        let (sa, sb) = (a.stats().await.unwrap(), b.stats().await.unwrap());
        assert_eq!(sa, sb, "{clean_err}");
        assert!(sa.articles >= 6, "{sa:?}");
        let all = dateline::store::Filter { include_unlocated: true, ..Default::default() };
        let (events, _) = a.query(&all, 1000, 0).await.unwrap();
        let text = serde_json::to_string(&events.iter().map(|e| &e.properties).collect::<Vec<_>>()).unwrap();
        assert!(!text.contains("alert(") && !text.contains("injected sentence") && !text.contains("color:red"), "script or style became text");
        assert!(text.contains("Goma") && text.contains("Marseille") && text.contains("Dhaka"), "{text}");
        // Year 0 and 9999 are not publication dates: those articles are undated, not dated
        // to an impossible Thursday.
        for e in events.iter().filter(|e| matches!(e.properties["article_title"].as_str(), Some("Talks in Oslo" | "Talks in Bern"))) {
            assert!(e.properties["published"].is_null() && e.properties["date"].is_null(), "{}", e.properties);
        }
    });
    // Ragged CSV rows are refused one by one, with their record and line (the quoted newline
    // counted), and the whole rows around them are read.
    assert!(err.contains("ragged.csv, record 2, line 4: bad CSV row: 1 fields where the header has 3"), "{err}");
    assert!(err.contains("ragged.csv, record 3, line 5: bad CSV row: 5 fields"), "{err}");
    // The absurd dates are reported, with their file.
    assert!(err.contains("dates.jsonl") && err.contains("0000-01-01"), "{err}");
}

#[test]
fn an_import_with_coordinates_out_of_range_names_the_rows() {
    let dir = tempfile::tempdir().unwrap();
    let row = |id: u32, name: &str, lat: &str, lon: &str| {
        format!("{id}\t{name}\t{name}\t\t{lat}\t{lon}\tP\tPPL\tFR\t\t84\t69\t\t\t50000\t\t170\tEurope/Paris\t2024-01-01\n")
    };
    let main = [row(1, "Goodtown", "45.7", "4.8"), row(2, "Northpole", "95.0", "4.8"), row(3, "Eastend", "45.0", "200.5"), row(4, "Nowhere", "NaN", "1")].concat();
    let path = write(dir.path(), "allCountries.txt", &main);
    let out = dir.path().join("g.dlgz");
    let o = dateline().args(["gazetteer", "import", "--main", path.to_str().unwrap(), "--out", out.to_str().unwrap()]).output().unwrap();
    let err = stderr(&o);
    assert!(o.status.success(), "the good row is imported: {err}");
    assert!(err.contains("allCountries.txt:2") && err.contains("allCountries.txt:3"), "{err}");
    assert!(err.contains("out of range"), "{err}");
    assert!(err.contains("allCountries.txt:4"), "NaN is refused too: {err}");
}
