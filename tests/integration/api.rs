//! The HTTP API, through the router without opening a port: OGC API rules, filters, errors,
//! exports, ingest with its token, and the static files.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use dateline::serve::{router, AppState, ServeConfig};
use dateline::Gazetteer;
use http_body_util::BodyExt;
use serde_json::Value;
use std::sync::Arc;
use tower::ServiceExt;

/// The store behind the API under test.
pub enum Backend<'a> {
    Sqlite,
    Postgis(&'a super::pg::PgCluster),
}

/// A router over a fresh store of the backend holding the test articles (and the folder that
/// holds it, for SQLite).
async fn app(b: &Backend<'_>, token: Option<&str>) -> (axum::Router, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let db = match b {
        Backend::Sqlite => dir.path().join("api.db").to_str().unwrap().to_string(),
        Backend::Postgis(c) => c.fresh_db().await,
    };
    let store = dateline::store::open(&db).await.unwrap();
    for p in super::store::processed(super::store::ARTICLES) {
        store.put_article(&p).await.unwrap();
    }
    let config = ServeConfig { ingest_token: token.map(str::to_string), ..Default::default() };
    (router(AppState { store, gazetteer: Gazetteer::embedded(), config: Arc::new(config) }), dir)
}

async fn send(app: &axum::Router, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let r = app.clone().oneshot(req).await.unwrap();
    let status = r.status();
    let headers = r.headers().clone();
    let body = r.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, headers, body)
}

async fn get(app: &axum::Router, uri: &str) -> (StatusCode, Value) {
    let (s, _, b) = send(app, Request::get(uri).body(Body::empty()).unwrap()).await;
    (s, serde_json::from_slice(&b).unwrap_or(Value::Null))
}

pub async fn ogc_core_documents(b: &Backend<'_>) {
    let (app, _d) = app(b, None).await;
    let (s, v) = get(&app, "/").await;
    assert_eq!(s, StatusCode::OK);
    assert!(v["links"].as_array().unwrap().iter().any(|l| l["rel"] == "service-desc"));
    let (_, v) = get(&app, "/conformance").await;
    assert!(v["conformsTo"].as_array().unwrap().iter().any(|c| c.as_str().unwrap().ends_with("/conf/geojson")));
    let (_, v) = get(&app, "/collections").await;
    assert_eq!(v["collections"].as_array().unwrap().len(), 2);
    let (s, _) = get(&app, "/collections/nope").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // Every path of the OpenAPI document answers (with its path parameters filled in).
    let (_, api) = get(&app, "/api").await;
    for (path, item) in api["paths"].as_object().unwrap() {
        if item.get("get").is_none() {
            continue;
        }
        let uri = path.replace("{cid}", "events").replace("{id}", "x");
        let uri = if uri == "/geocode" { "/geocode?q=Alep".to_string() } else { uri };
        let (s, _, _) = send(&app, Request::get(&uri).body(Body::empty()).unwrap()).await;
        assert!(s == StatusCode::OK || (uri.ends_with("/x") && s == StatusCode::NOT_FOUND), "{uri}: {s}");
    }
}

pub async fn items_follow_the_rules(b: &Backend<'_>) {
    let (app, _d) = app(b, None).await;
    let (s, headers, body) = send(&app, Request::get("/collections/events/items?limit=2").body(Body::empty()).unwrap()).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "application/geo+json");
    let v: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(v["type"], "FeatureCollection");
    assert_eq!(v["numberReturned"], 2);
    assert!(v["numberMatched"].as_u64().unwrap() > 2);
    assert!(v["timeStamp"].is_string());
    let rels: Vec<&str> = v["links"].as_array().unwrap().iter().map(|l| l["rel"].as_str().unwrap()).collect();
    for r in ["self", "next", "alternate"] {
        assert!(rels.contains(&r), "{rels:?}");
    }
    // Coordinates are lon, lat.
    let (_, v) = get(&app, "/collections/events/items?country=SY").await;
    let c = &v["features"][0]["geometry"]["coordinates"];
    assert!((c[0].as_f64().unwrap() - 37.16).abs() < 0.5 && (c[1].as_f64().unwrap() - 36.2).abs() < 0.5, "{c}");
    // An item by id; an unknown id is a 404.
    let id = v["features"][0]["id"].as_str().unwrap().to_string();
    let (s, one) = get(&app, &format!("/collections/events/items/{id}")).await;
    assert_eq!((s, one["id"].as_str()), (StatusCode::OK, Some(id.as_str())));
    let (s, e) = get(&app, "/collections/events/items/nope").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(e["description"].as_str().unwrap().contains("nope"));
    // Large limits are clamped, not refused.
    let (s, _) = get(&app, "/collections/events/items?limit=1000000").await;
    assert_eq!(s, StatusCode::OK);
    // Articles are a collection too.
    let (_, a) = get(&app, "/collections/articles/items").await;
    assert_eq!(a["numberMatched"], 4);
}

pub async fn bad_requests_are_400s_that_name_the_parameter(b: &Backend<'_>) {
    let (app, _d) = app(b, None).await;
    for (q, param) in [
        ("colour=red", "colour"),
        ("bbox=1,2,3", "bbox"),
        ("bbox=a,b,c,d", "bbox"),
        ("datetime=yesterday", "datetime"),
        ("datetime=2026-05-01/2026-01-01", "datetime"),
        ("datetime=0000-01-01", "datetime"),
        ("limit=-3", "limit"),
        ("limit=abc", "limit"),
        ("offset=-1", "offset"),
        ("type=PARTY", "type"),
        ("min_fatalities=lots", "min_fatalities"),
        ("precision=street", "precision"),
        ("country=Syria", "country"),
        ("q=a&q=b", "q"),
        ("undated=maybe", "undated"),
    ] {
        let (s, v) = get(&app, &format!("/collections/events/items?{q}")).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{q}");
        assert_eq!(v["parameter"], param, "{q}: {v}");
    }
    let (s, v) = get(&app, "/timeline?bin=year").await;
    assert_eq!((s, v["parameter"].as_str()), (StatusCode::BAD_REQUEST, Some("bin")));
    let (s, _) = get(&app, "/geocode").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let long = "q=".to_string() + &"a".repeat(10_000);
    let (s, _) = get(&app, &format!("/collections/events/items?{long}")).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}

pub async fn timeline_clusters_geocode(b: &Backend<'_>) {
    let (app, _d) = app(b, None).await;
    let (_, t) = get(&app, "/timeline?bin=month").await;
    assert_eq!(t["bin"], "month");
    let sum: u64 = t["bins"].as_array().unwrap().iter().map(|b| b["count"].as_u64().unwrap()).sum();
    assert_eq!(sum + t["undated"].as_u64().unwrap(), t["total"].as_u64().unwrap());
    let (_, c) = get(&app, "/clusters?zoom=1").await;
    assert!(!c["features"].as_array().unwrap().is_empty());
    let (_, g) = get(&app, "/geocode?q=Alep&limit=1").await;
    assert_eq!(g["features"][0]["properties"]["geonameid"], 170063);
}

pub async fn exports_hold_exactly_the_filtered_events(b: &Backend<'_>) {
    let (app, _d) = app(b, None).await;
    let (_, items) = get(&app, "/collections/events/items?type=PROTEST,AID&unlocated=true&limit=1000").await;
    let (s, h, b) = send(&app, Request::get("/export.geojson?type=PROTEST,AID").body(Body::empty()).unwrap()).await;
    assert_eq!(s, StatusCode::OK);
    assert!(h[header::CONTENT_DISPOSITION].to_str().unwrap().starts_with("attachment; filename="));
    let fc: Value = serde_json::from_slice(&b).unwrap();
    let ids = |v: &Value| {
        let mut x: Vec<String> = v["features"].as_array().unwrap().iter().map(|f| f["id"].as_str().unwrap().to_string()).collect();
        x.sort();
        x
    };
    assert!(!ids(&fc).is_empty());
    assert_eq!(ids(&fc), ids(&items));
    let (s, h, b) = send(&app, Request::get("/export.csv?type=PROTEST,AID").body(Body::empty()).unwrap()).await;
    assert_eq!(s, StatusCode::OK);
    assert!(h[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/csv"));
    let mut r = csv::Reader::from_reader(&b[..]);
    assert_eq!(r.records().count(), ids(&items).len());
}

pub async fn ingest_needs_its_token(b: &Backend<'_>) {
    let (open, _d) = app(b, None).await;
    let post = |token: Option<&str>, body: &str, ctype: &str| {
        let mut r = Request::post("/articles").header(header::CONTENT_TYPE, ctype);
        if let Some(t) = token {
            r = r.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        r.body(Body::from(body.to_string())).unwrap()
    };
    let article = r#"{"title": "Manifestation à Lyon", "text": "Des milliers de personnes ont manifesté ce samedi à Lyon.", "published": "2026-06-06", "lang": "fr"}"#;
    let (s, _, _) = send(&open, post(Some("x"), article, "application/json")).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "no token configured: ingest is off");
    let (app, _d2) = app(b, Some("s3cret-token")).await;
    let (s, h, _) = send(&app, post(None, article, "application/json")).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert!(h[header::WWW_AUTHENTICATE].to_str().unwrap().starts_with("Bearer"));
    let (s, _, _) = send(&app, post(Some("s3cret-tokem"), article, "application/json")).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, _, b) = send(&app, post(Some("s3cret-token"), article, "application/json")).await;
    assert_eq!(s, StatusCode::CREATED, "{}", String::from_utf8_lossy(&b));
    let (_, v) = get(&app, "/collections/events/items?q=Lyon").await;
    assert!(v["numberMatched"].as_u64().unwrap() >= 1);
    let (s, _, _) = send(&app, post(Some("s3cret-token"), "{not json", "application/json")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _, _) = send(&app, post(Some("s3cret-token"), "x", "application/pdf")).await;
    assert_eq!(s, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let big = "a".repeat(dateline::serve::MAX_BODY + 10);
    let (s, _, _) = send(&app, post(Some("s3cret-token"), &big, "text/plain")).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
}

pub async fn static_files_stay_inside_the_web_folder(b: &Backend<'_>) {
    let (app, _d) = app(b, None).await;
    let (s, h, _) = send(&app, Request::get("/").header(header::ACCEPT, "text/html").body(Body::empty()).unwrap()).await;
    assert_eq!(s, StatusCode::OK);
    assert!(h[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/html"));
    let (s, h, _) = send(&app, Request::get("/app.js").body(Body::empty()).unwrap()).await;
    assert_eq!(s, StatusCode::OK);
    assert!(h[header::CONTENT_TYPE].to_str().unwrap().contains("javascript"));
    for p in ["/../Cargo.toml", "/%2e%2e/Cargo.toml", "/..%2fCargo.toml", "/node_modules/x", "/package.json", "/.gitignore", "/vendor/../../Cargo.toml"] {
        let (s, _, _) = send(&app, Request::get(p).body(Body::empty()).unwrap()).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{p}");
    }
}

/// Every check above, for a backend.
pub async fn all_checks(b: &Backend<'_>) {
    ogc_core_documents(b).await;
    items_follow_the_rules(b).await;
    bad_requests_are_400s_that_name_the_parameter(b).await;
    timeline_clusters_geocode(b).await;
    exports_hold_exactly_the_filtered_events(b).await;
    ingest_needs_its_token(b).await;
    static_files_stay_inside_the_web_folder(b).await;
}

/// The checks on the embedded SQLite store, one test each.
mod on_sqlite {
    use super::Backend;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn ogc_core_documents() {
        super::ogc_core_documents(&Backend::Sqlite).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn items_follow_the_rules() {
        super::items_follow_the_rules(&Backend::Sqlite).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn bad_requests_are_400s_that_name_the_parameter() {
        super::bad_requests_are_400s_that_name_the_parameter(&Backend::Sqlite).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn timeline_clusters_geocode() {
        super::timeline_clusters_geocode(&Backend::Sqlite).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn exports_hold_exactly_the_filtered_events() {
        super::exports_hold_exactly_the_filtered_events(&Backend::Sqlite).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn ingest_needs_its_token() {
        super::ingest_needs_its_token(&Backend::Sqlite).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn static_files_stay_inside_the_web_folder() {
        super::static_files_stay_inside_the_web_folder(&Backend::Sqlite).await;
    }
}
