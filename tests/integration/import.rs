//! `dateline gazetteer import` on small files in the official GeoNames dump formats.

use super::util::{run, stderr, stdout, write};

const MAIN: &str = "\
170063\tAleppo\tAleppo\tAlep,Halab,Haleb\t36.20124\t37.16117\tP\tPPLA\tSY\t\t09\t\t\t\t1602264\t\t390\tAsia/Damascus\t2023-01-01
169389\tIdlib\tIdlib\tIdleb\t35.93062\t36.63393\tP\tPPLA\tSY\t\t12\t\t\t\t128840\t\t451\tAsia/Damascus\t2023-01-01
169387\tIdlib Governorate\tIdlib Governorate\tMuhafazat Idlib\t35.8\t36.6\tA\tADM1\tSY\t\t12\t\t\t\t1501000\t\t400\tAsia/Damascus\t2023-01-01
163843\tSyria\tSyria\t\t35\t38\tA\tPCLI\tSY\t\t00\t\t\t\t22933531\t\t400\tAsia/Damascus\t2023-01-01
1234567\tSome Hotel\tSome Hotel\t\t35\t38\tS\tHTL\tSY\t\t00\t\t\t\t0\t\t400\tAsia/Damascus\t2023-01-01
999\tBroken\tBroken\t\tnot-a-number\t38\tP\tPPL\tSY\t\t00\t\t\t\t0\t\t400\tAsia/Damascus\t2023-01-01
";

const ALT: &str = "\
1\t163843\tfr\tSyrie\t1\t\t\t\t\t
2\t163843\tde\tSyrien\t\t\t\t\t\t
3\t169387\tfr\tgouvernorat d'Idleb\t\t\t\t\t\t
4\t170063\tlink\thttps://en.wikipedia.org/wiki/Aleppo\t\t\t\t\t\t
5\t170063\tpost\t12345\t\t\t\t\t\t
";

const ADMIN1: &str = "SY.09\tAleppo\tAleppo\t170062\nSY.12\tIdlib\tIdlib\t169387\n";

const COUNTRY_INFO: &str = "\
#ISO\tISO3\tISO-Numeric\tfips\tCountry\tCapital\tArea(in sq km)\tPopulation\tContinent\ttld\tCurrencyCode\tCurrencyName\tPhone\tPostal Code Format\tPostal Code Regex\tLanguages\tgeonameid\tneighbours\tEquivalentFipsCode
SY\tSYR\t760\tSY\tSyria\tDamascus\t185180\t22933531\tAS\t.sy\tSYP\tPound\t963\t\t\tar-SY,ku,hy,arc,fr,en\t163843\tIQ,JO,IL,TR,LB\t
";

#[test]
fn imports_dumps_and_answers_like_the_default_gazetteer() {
    let dir = tempfile::tempdir().unwrap();
    let main = write(dir.path(), "allCountries.txt", MAIN);
    let alt = write(dir.path(), "alternateNamesV2.txt", ALT);
    let adm = write(dir.path(), "admin1CodesASCII.txt", ADMIN1);
    let ci = write(dir.path(), "countryInfo.txt", COUNTRY_INFO);
    let out = dir.path().join("small.dlgz");
    let o = run(&[
        "gazetteer", "import", "--main", main.to_str().unwrap(), "--alternate-names", alt.to_str().unwrap(),
        "--admin1", adm.to_str().unwrap(), "--country-info", ci.to_str().unwrap(), "--out", out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("1 bad rows"), "the broken row is reported: {err}");
    assert!(err.contains("allCountries.txt:6"), "with its file and line: {err}");

    let g = out.to_str().unwrap();
    let o = run(&["--gazetteer", g, "geocode", "Alep", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v[0]["geonameid"], 170063);

    let o = run(&["--gazetteer", g, "geocode", "Syrie", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v[0]["geonameid"], 163843);
    assert_eq!(v[0]["kind"], "country");

    let o = run(&["--gazetteer", g, "geocode", "province d'Idlib", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v[0]["geonameid"], 169387);
    assert_eq!(v[0]["kind"], "admin1");

    // Links, postcodes and features other than places are left out.
    assert_eq!(run(&["--gazetteer", g, "geocode", "12345"]).status.code(), Some(1));
    assert_eq!(run(&["--gazetteer", g, "geocode", "Some Hotel"]).status.code(), Some(1));
    // Demonyms come along from the default gazetteer.
    let idx = dateline::Gazetteer::open(&out).unwrap();
    assert_eq!(idx.demonym("syrienne").first().map(|d| d.country), Some("SY"));
}

#[test]
fn a_file_that_is_not_a_dump_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let main = write(dir.path(), "notes.txt", "hello\nworld\n");
    let out = dir.path().join("x.dlgz");
    let o = run(&["gazetteer", "import", "--main", main.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("no usable place rows"), "{}", stderr(&o));
}
