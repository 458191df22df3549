//! The HTTP server: OGC API – Features (Part 1: core, GeoJSON, OpenAPI 3.0) over the event
//! store, the timeline and cluster aggregates the web map needs, streamed exports, a geocoder,
//! an ingest endpoint behind a token, and the web map itself.
//!
//! In: an [`EventStore`], the gazetteer and a [`ServeConfig`]. Out: an axum [`Router`]. Every
//! request is checked ([`params`]); a bad one is a 400 that names the parameter, an unknown id
//! a 404; nothing a client sends makes a 500. Every error has a JSON body ([`ApiError`]), and
//! the OpenAPI document ([`openapi`]) states each parameter's rule and each answer, which
//! schemathesis checks in the tests.

pub mod error;
pub mod openapi;
pub mod params;

use crate::gazetteer::{Gazetteer, SearchOptions};
use crate::pipeline::{self, ingest};
use crate::store::{Bin, EventStore, StoredEvent};
use axum::body::{Body, Bytes};
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use futures::StreamExt;
use error::ApiError;
use params::{check_f, filter, paging, parse_f_only, parse_query, F_EVENTS, F_JSON, FILTER_PARAMS};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// Largest article body `POST /articles` accepts.
pub const MAX_BODY: usize = 2 * 1024 * 1024;
/// Longest a request may take.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// What the server is told at start.
#[derive(Clone, Debug, Default)]
pub struct ServeConfig {
    /// A raster tile URL template for users who have a tile server.
    pub tiles: Option<String>,
    pub tiles_attribution: Option<String>,
    /// Token that `POST /articles` requires; ingest is off without one.
    pub ingest_token: Option<String>,
    /// Serve the web map from this folder instead of the copy embedded in the binary.
    pub web_dir: Option<PathBuf>,
    /// Origins allowed by CORS; none by default.
    pub cors_origins: Vec<String>,
}

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn EventStore>,
    pub gazetteer: &'static Gazetteer,
    pub config: Arc<ServeConfig>,
}

#[derive(rust_embed::Embed)]
#[folder = "web/"]
#[exclude = "node_modules/*"]
#[exclude = "package.json"]
#[exclude = "package-lock.json"]
#[exclude = "*.sh"]
#[exclude = ".gitignore"]
struct WebAssets;

const GEOJSON: &str = "application/geo+json";

/// The router, with limits, a timeout and request logging.
pub fn router(state: AppState) -> Router {
    use tower_http::limit::RequestBodyLimitLayer;
    let cors = if state.config.cors_origins.is_empty() {
        None
    } else {
        let origins: Vec<HeaderValue> = state.config.cors_origins.iter().filter_map(|o| o.parse().ok()).collect();
        Some(tower_http::cors::CorsLayer::new().allow_origin(origins).allow_methods([axum::http::Method::GET]))
    };
    let r = Router::new()
        .route("/", get(landing))
        .route("/conformance", get(conformance))
        .route("/api", get(api))
        .route("/collections", get(collections))
        .route("/collections/{cid}", get(collection))
        .route("/collections/{cid}/items", get(items))
        .route("/collections/{cid}/items/{id}", get(item))
        .route("/timeline", get(timeline))
        .route("/clusters", get(clusters))
        .route("/geocode", get(geocode))
        .route("/export.geojson", get(export_geojson))
        .route("/export.csv", get(export_csv))
        .route("/config.json", get(config_json))
        .route("/health", get(|| async { "ok" }))
        .route("/articles", axum::routing::post(post_article))
        .fallback(static_file)
        .with_state(state)
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY))
        .layer(RequestBodyLimitLayer::new(MAX_BODY))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT))
        .layer(axum::middleware::map_response(json_errors))
        .layer(tower_http::trace::TraceLayer::new_for_http());
    match cors {
        Some(c) => r.layer(c),
        None => r,
    }
}

/// Gives every error response a JSON body ([`ApiError`]): those of the layers (413 from the
/// body limit, 408 from the timeout) and of axum itself (405, a body it could not read) come as
/// plain text or empty. Headers such as `Allow` are kept.
async fn json_errors(r: Response) -> Response {
    let status = r.status();
    let is_json = r.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return r;
    }
    let (mut parts, _) = r.into_parts();
    let fresh = ApiError::for_status(status).into_response();
    let (fresh_parts, body) = fresh.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    for (k, v) in fresh_parts.headers.iter() {
        parts.headers.insert(k.clone(), v.clone());
    }
    Response::from_parts(parts, body)
}

/// A path that cannot be read (not UTF-8 once decoded) names no resource: a 404.
fn path_error(e: PathRejection) -> ApiError {
    ApiError::not_found(format!("no such resource ({})", e.body_text().chars().take(200).collect::<String>()))
}

fn base_url(headers: &HeaderMap) -> String {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    // Only characters a host header may hold, so that links cannot carry anything else.
    let host: String = host.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '-' | '[' | ']')).collect();
    format!("http://{host}")
}

/// HTML for `f=html`, JSON for `f=json`; without `f`, HTML when the Accept header asks for it.
fn wants_html(headers: &HeaderMap, f: Option<&str>) -> bool {
    match f {
        Some(f) => f == "html",
        None => headers.get(header::ACCEPT).and_then(|h| h.to_str().ok()).is_some_and(|a| a.contains("text/html")),
    }
}

async fn landing(State(s): State<AppState>, headers: HeaderMap, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let p = parse_f_only(q.as_deref(), &["json", "html"])?;
    if wants_html(&headers, p.get("f").map(String::as_str)) {
        return Ok(asset(&s, "index.html").await.unwrap_or_else(|| ApiError::not_found("the web map is not built in").into_response()));
    }
    let b = base_url(&headers);
    Ok(Json(json!({
        "title": "Dateline",
        "description": "Events extracted from news articles, located with an offline gazetteer.",
        "links": [
            {"href": format!("{b}/"), "rel": "self", "type": "application/json", "title": "This document"},
            {"href": format!("{b}/api"), "rel": "service-desc", "type": "application/vnd.oai.openapi+json;version=3.0", "title": "The API definition"},
            {"href": format!("{b}/conformance"), "rel": "conformance", "type": "application/json", "title": "Conformance classes"},
            {"href": format!("{b}/collections"), "rel": "data", "type": "application/json", "title": "Collections"},
            {"href": format!("{b}/"), "rel": "alternate", "type": "text/html", "title": "The web map"},
        ]
    }))
    .into_response())
}

async fn conformance(RawQuery(q): RawQuery) -> Result<Json<Value>, ApiError> {
    parse_f_only(q.as_deref(), F_JSON)?;
    Ok(Json(json!({"conformsTo": [
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    ]})))
}

async fn api(State(s): State<AppState>, headers: HeaderMap, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    parse_f_only(q.as_deref(), F_JSON)?;
    let mut r = Json(openapi::document(&base_url(&headers), s.config.ingest_token.is_some())).into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/vnd.oai.openapi+json;version=3.0"));
    Ok(r)
}

fn collection_json(b: &str, cid: &str) -> Value {
    let (title, desc) = match cid {
        "events" => ("Events", "Events extracted from the articles: type, actors, date, place, casualties."),
        _ => ("Articles", "The articles the events come from, placed where they are set (their most frequent event place)."),
    };
    json!({
        "id": cid, "title": title, "description": desc,
        "itemType": "feature",
        "crs": ["http://www.opengis.net/def/crs/OGC/1.3/CRS84"],
        "extent": {"spatial": {"bbox": [[-180.0, -90.0, 180.0, 90.0]], "crs": "http://www.opengis.net/def/crs/OGC/1.3/CRS84"}},
        "links": [
            {"href": format!("{b}/collections/{cid}"), "rel": "self", "type": "application/json"},
            {"href": format!("{b}/collections/{cid}/items"), "rel": "items", "type": GEOJSON},
        ]
    })
}

async fn collections(headers: HeaderMap, RawQuery(q): RawQuery) -> Result<Json<Value>, ApiError> {
    parse_f_only(q.as_deref(), F_JSON)?;
    let b = base_url(&headers);
    Ok(Json(json!({
        "links": [{"href": format!("{b}/collections"), "rel": "self", "type": "application/json"}],
        "collections": [collection_json(&b, "events"), collection_json(&b, "articles")],
    })))
}

fn check_collection(cid: &str) -> Result<(), ApiError> {
    match cid {
        "events" | "articles" => Ok(()),
        _ => Err(ApiError::not_found(format!("no collection {cid:?}; there are events and articles"))),
    }
}

async fn collection(cid: Result<Path<String>, PathRejection>, headers: HeaderMap, RawQuery(q): RawQuery) -> Result<Json<Value>, ApiError> {
    let Path(cid) = cid.map_err(path_error)?;
    check_collection(&cid)?;
    parse_f_only(q.as_deref(), F_JSON)?;
    Ok(Json(collection_json(&base_url(&headers), &cid)))
}

fn geojson(v: Value) -> Response {
    let mut r = Json(v).into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(GEOJSON));
    r
}

fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The query string without offset, to build paging links.
fn link_query(p: &std::collections::HashMap<String, String>, offset: u64, limit: u64) -> String {
    let mut pairs: Vec<(String, String)> = p.iter().filter(|(k, _)| k.as_str() != "offset" && k.as_str() != "limit").map(|(k, v)| (k.clone(), v.clone())).collect();
    pairs.sort();
    pairs.push(("limit".into(), limit.to_string()));
    pairs.push(("offset".into(), offset.to_string()));
    serde_urlencoded::to_string(pairs).unwrap_or_default()
}

async fn items(State(s): State<AppState>, cid: Result<Path<String>, PathRejection>, headers: HeaderMap, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let Path(cid) = cid.map_err(path_error)?;
    check_collection(&cid)?;
    let b = base_url(&headers);
    if cid == "articles" {
        let p = parse_query(q.as_deref(), &["limit", "offset", "f"])?;
        check_f(&p, F_EVENTS)?;
        let (limit, offset) = paging(&p)?;
        let (arts, total) = s.store.articles(limit, offset).await?;
        let features: Vec<Value> = arts.iter().map(|a| a.feature()).collect();
        let n = features.len() as u64;
        let mut links = vec![json!({"href": format!("{b}/collections/articles/items?{}", link_query(&p, offset, limit)), "rel": "self", "type": GEOJSON})];
        if offset + n < total {
            links.push(json!({"href": format!("{b}/collections/articles/items?{}", link_query(&p, offset + n, limit)), "rel": "next", "type": GEOJSON}));
        }
        if offset > 0 {
            links.push(json!({"href": format!("{b}/collections/articles/items?{}", link_query(&p, offset.saturating_sub(limit), limit)), "rel": "prev", "type": GEOJSON}));
        }
        return Ok(geojson(json!({"type": "FeatureCollection", "features": features, "numberMatched": total, "numberReturned": n, "timeStamp": now_rfc3339(), "links": links})));
    }
    let allowed: Vec<&str> = FILTER_PARAMS.iter().copied().chain(["limit", "offset"]).collect();
    let p = parse_query(q.as_deref(), &allowed)?;
    let f = filter(&p)?;
    let (limit, offset) = paging(&p)?;
    let (events, matched) = s.store.query(&f, limit, offset).await?;
    let n = events.len() as u64;
    let features: Vec<_> = events.iter().map(StoredEvent::feature_ref).collect();
    let here = |off: u64| format!("{b}/collections/events/items?{}", link_query(&p, off, limit));
    let mut links = vec![
        json!({"href": here(offset), "rel": "self", "type": GEOJSON, "title": "This page"}),
        json!({"href": format!("{b}/export.geojson?{}", serde_urlencoded::to_string(p.iter().filter(|(k, _)| !matches!(k.as_str(), "limit" | "offset" | "f")).collect::<Vec<_>>()).unwrap_or_default()), "rel": "alternate", "type": GEOJSON, "title": "Every matching event, as a download"}),
    ];
    if offset + n < matched {
        links.push(json!({"href": here(offset + n), "rel": "next", "type": GEOJSON, "title": "Next page"}));
    }
    if offset > 0 {
        links.push(json!({"href": here(offset.saturating_sub(limit)), "rel": "prev", "type": GEOJSON, "title": "Previous page"}));
    }
    Ok(geojson(json!({
        "type": "FeatureCollection",
        "features": features,
        "numberMatched": matched,
        "numberReturned": n,
        "timeStamp": now_rfc3339(),
        "links": links,
    })))
}

async fn item(State(s): State<AppState>, path: Result<Path<(String, String)>, PathRejection>, headers: HeaderMap, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let Path((cid, id)) = path.map_err(path_error)?;
    check_collection(&cid)?;
    parse_f_only(q.as_deref(), F_EVENTS)?;
    let b = base_url(&headers);
    let links = json!([
        {"href": format!("{b}/collections/{cid}/items/{id}"), "rel": "self", "type": GEOJSON},
        {"href": format!("{b}/collections/{cid}"), "rel": "collection", "type": "application/json"},
    ]);
    if id.len() > 200 {
        return Err(ApiError::not_found(format!("no {cid} item with that id")));
    }
    if cid == "articles" {
        let a = s.store.article(&id).await?.ok_or_else(|| ApiError::not_found(format!("no article {id:?}")))?;
        let mut f = a.feature();
        f["links"] = links;
        return Ok(geojson(f));
    }
    let e = s.store.get(&id).await?.ok_or_else(|| ApiError::not_found(format!("no event {id:?}")))?;
    let mut f = e.feature();
    f["links"] = links;
    Ok(geojson(f))
}

async fn timeline(State(s): State<AppState>, RawQuery(q): RawQuery) -> Result<Json<Value>, ApiError> {
    let allowed: Vec<&str> = FILTER_PARAMS.iter().copied().chain(["bin"]).collect();
    let p = parse_query(q.as_deref(), &allowed)?;
    let f = filter(&p)?;
    let bin = match p.get("bin") {
        Some(v) => Some(Bin::parse(v).ok_or_else(|| ApiError::bad_request("bin", format!("invalid bin {v:?}: expected day, week or month")))?),
        None => None,
    };
    let t = s.store.timeline(&f, bin).await?;
    Ok(Json(serde_json::to_value(t).map_err(ApiError::internal)?))
}

async fn clusters(State(s): State<AppState>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let allowed: Vec<&str> = FILTER_PARAMS.iter().copied().chain(["zoom"]).collect();
    let p = parse_query(q.as_deref(), &allowed)?;
    let f = filter(&p)?;
    let zoom = params::bounded(&p, "zoom", 0, 22)?.unwrap_or(2) as u32;
    // About four cells per 256-pixel tile.
    let cell = 360.0 / f64::from(1u32 << zoom) / 4.0;
    let cs = s.store.clusters(&f, cell).await?;
    let features: Vec<Value> = cs
        .iter()
        .map(|c| json!({"type": "Feature", "geometry": {"type": "Point", "coordinates": [c.lon, c.lat]}, "properties": {"count": c.count}}))
        .collect();
    Ok(geojson(json!({"type": "FeatureCollection", "features": features})))
}

async fn geocode(State(s): State<AppState>, RawQuery(q): RawQuery) -> Result<Json<Value>, ApiError> {
    let p = parse_query(q.as_deref(), &["q", "lang", "country", "limit"])?;
    let name = p.get("q").filter(|v| !v.trim().is_empty()).ok_or_else(|| ApiError::bad_request("q", "the parameter q (a place name) is required"))?;
    if name.chars().count() > params::MAX_Q {
        return Err(ApiError::bad_request("q", format!("q is longer than {} characters", params::MAX_Q)));
    }
    if let Some(l) = p.get("lang") {
        if !params::is_lang(l) {
            return Err(ApiError::bad_request("lang", "invalid lang: expected a language code such as fr or pt-BR"));
        }
    }
    if let Some(c) = p.get("country") {
        if c.len() != 2 || !c.chars().all(|c| c.is_ascii_alphabetic()) {
            return Err(ApiError::bad_request("country", "invalid country: expected an ISO 3166-1 alpha-2 code such as SY"));
        }
    }
    let limit = params::bounded(&p, "limit", 1, 100)?.unwrap_or(10) as usize;
    let opts = SearchOptions { lang: p.get("lang").cloned(), country: p.get("country").cloned(), kind: None, limit };
    let found = s.gazetteer.search(name, &opts);
    let features: Vec<Value> = found
        .iter()
        .map(|c| {
            let pl = c.place;
            json!({"type": "Feature", "id": pl.id, "geometry": {"type": "Point", "coordinates": [pl.point.x(), pl.point.y()]},
                   "properties": {"geonameid": pl.id, "name": pl.name, "kind": pl.kind.as_str(), "country": pl.country, "admin1": pl.admin1, "population": pl.population, "score": (c.score * 1000.0).round() / 1000.0}})
        })
        .collect();
    Ok(Json(json!({"type": "FeatureCollection", "features": features})))
}

fn attachment(name: &str, content_type: &'static str, body: Body) -> Response {
    let mut r = Response::new(body);
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

/// Starts a streamed export: batches of events arrive on the returned receiver.
fn start_export(s: &AppState, f: crate::store::Filter) -> tokio::sync::mpsc::Receiver<Vec<StoredEvent>> {
    let (tx, rx) = tokio::sync::mpsc::channel(4);
    let store = s.store.clone();
    tokio::spawn(async move {
        if let Err(e) = store.export(&f, tx).await {
            tracing::error!(error = %e, "export failed");
        }
    });
    rx
}

/// Exports keep events without a place unless a bbox is given or `unlocated=false`.
fn export_filter(p: &std::collections::HashMap<String, String>) -> Result<crate::store::Filter, ApiError> {
    let mut f = filter(p)?;
    if !p.contains_key("unlocated") && f.bbox.is_none() {
        f.include_unlocated = true;
    }
    Ok(f)
}

async fn export_geojson(State(s): State<AppState>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let p = parse_query(q.as_deref(), FILTER_PARAMS)?;
    let f = export_filter(&p)?;
    let rx = start_export(&s, f);
    let head = futures::stream::once(async { Ok::<Bytes, std::io::Error>(Bytes::from_static(b"{\"type\":\"FeatureCollection\",\"features\":[\n")) });
    let mut first = true;
    let body = tokio_stream::wrappers::ReceiverStream::new(rx).map(move |batch| {
        let mut buf = Vec::with_capacity(batch.len() * 600);
        for e in batch {
            if !first {
                buf.extend_from_slice(b",\n");
            }
            first = false;
            // Serialising a JSON value cannot fail.
            let _ = serde_json::to_writer(&mut buf, &e.feature_ref());
        }
        Ok::<Bytes, std::io::Error>(Bytes::from(buf))
    });
    let tail = futures::stream::once(async { Ok::<Bytes, std::io::Error>(Bytes::from_static(b"\n]}\n")) });
    let stream = head.chain(body).chain(tail);
    Ok(attachment("dateline-events.geojson", GEOJSON, Body::from_stream(stream)))
}


async fn export_csv(State(s): State<AppState>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let p = parse_query(q.as_deref(), FILTER_PARAMS)?;
    let f = export_filter(&p)?;
    let rx = start_export(&s, f);
    let mut header = csv::Writer::from_writer(Vec::new());
    let _ = header.write_record(crate::export::CSV_COLUMNS);
    let head_bytes = header.into_inner().unwrap_or_default();
    let head = futures::stream::once(async move { Ok::<Bytes, std::io::Error>(Bytes::from(head_bytes)) });
    let body = tokio_stream::wrappers::ReceiverStream::new(rx).map(|batch| {
        let mut w = csv::Writer::from_writer(Vec::with_capacity(batch.len() * 400));
        for e in batch {
            let _ = w.write_record(crate::export::csv_row_from_properties(e.lon, e.lat, e.properties.value()));
        }
        Ok::<Bytes, std::io::Error>(Bytes::from(w.into_inner().unwrap_or_default()))
    });
    Ok(attachment("dateline-events.csv", "text/csv; charset=utf-8", Body::from_stream(head.chain(body))))
}

async fn config_json(State(s): State<AppState>, RawQuery(q): RawQuery) -> Result<Json<Value>, ApiError> {
    parse_query(q.as_deref(), &[])?;
    Ok(Json(json!({
        "tiles": s.config.tiles,
        "attribution": s.config.tiles_attribution.clone().unwrap_or_default(),
    })))
}

async fn post_article(State(s): State<AppState>, headers: HeaderMap, RawQuery(q): RawQuery, body: Result<Bytes, BytesRejection>) -> Result<Response, ApiError> {
    use subtle::ConstantTimeEq;
    // A body over the limit is a 413 before anything else; one that could not be read, a 400.
    let body = body.map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::for_status(StatusCode::PAYLOAD_TOO_LARGE),
        _ => ApiError::bad_request("body", "the request body could not be read"),
    })?;
    parse_query(q.as_deref(), &[])?;
    let Some(token) = &s.config.ingest_token else {
        return Err(ApiError::forbidden("ingest over HTTP is off: start the server with --ingest-token"));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.strip_prefix("Bearer "))
        .unwrap_or("");
    // Constant-time comparison of equal-length byte strings; a length mismatch fails too.
    let ok = given.len() == token.len() && bool::from(given.as_bytes().ct_eq(token.as_bytes()));
    if !ok {
        let mut r = ApiError::unauthorized("missing or wrong ingest token (Authorization: Bearer …)").into_response();
        r.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"dateline\""));
        return Ok(r);
    }
    let ctype = headers.get(header::CONTENT_TYPE).and_then(|h| h.to_str().ok()).unwrap_or("");
    let format = if ctype.starts_with("application/json") {
        ingest::Format::Json
    } else if ctype.starts_with("text/plain") || ctype.starts_with("text/markdown") {
        ingest::Format::Markdown
    } else {
        return Err(ApiError::unsupported("send application/json or text/plain"));
    };
    let opts = ingest::IngestOptions { format: Some(format), ..Default::default() };
    let results = ingest::read_bytes(&body, "request", &opts);
    if results.is_empty() {
        return Err(ApiError::unprocessable("the request holds no article"));
    }
    let mut stored = Vec::new();
    for r in results {
        let a = r.map_err(|e| ApiError::unprocessable(e.to_string()))?;
        let id = a.id.clone();
        let g = s.gazetteer;
        let processed = tokio::task::spawn_blocking(move || pipeline::process(g, a)).await.map_err(ApiError::internal)?;
        let events = processed.events.len();
        let outcome = s.store.put_article(&processed).await?;
        stored.push(json!({"id": id, "outcome": outcome, "events": events}));
    }
    Ok((StatusCode::CREATED, Json(json!({"articles": stored}))).into_response())
}

async fn asset(s: &AppState, path: &str) -> Option<Response> {
    // Only plain relative paths inside the web folder: no "..", no absolute paths, no
    // backslashes, nothing hidden.
    let clean = path.trim_start_matches('/');
    let ok = !clean.is_empty()
        && clean.split('/').all(|seg| !seg.is_empty() && seg != ".." && seg != "." && !seg.starts_with('.'))
        && !clean.contains('\\')
        && !clean.contains('\0');
    if !ok {
        return None;
    }
    let bytes: Vec<u8> = match &s.config.web_dir {
        Some(dir) => {
            let full = dir.join(clean);
            let canon = tokio::fs::canonicalize(&full).await.ok()?;
            let root = tokio::fs::canonicalize(dir).await.ok()?;
            if !canon.starts_with(&root) {
                return None;
            }
            tokio::fs::read(&canon).await.ok()?
        }
        None => WebAssets::get(clean)?.data.into_owned(),
    };
    let mime = mime_guess::from_path(clean).first_or_octet_stream();
    let mut r = Response::new(Body::from(bytes));
    if let Ok(v) = HeaderValue::from_str(mime.as_ref()) {
        r.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    r.headers_mut().insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    Some(r)
}

async fn static_file(State(s): State<AppState>, uri: axum::http::Uri) -> Response {
    match asset(&s, uri.path()).await {
        Some(r) => r,
        None => ApiError::not_found(format!("nothing at {}", uri.path().chars().take(200).collect::<String>())).into_response(),
    }
}

/// Serves until Ctrl-C.
pub async fn run(state: AppState, bind: std::net::SocketAddr) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(bind).await?;
    tracing::info!(%bind, "serving");
    axum::serve(listener, router(state))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
