//! The OpenAPI 3.0 document of the server, written to match the routes in `mod.rs`: every
//! parameter's schema states exactly the rule that [`super::params`] applies (its patterns are
//! built from the same constants), every status a route can answer is listed with its content
//! type, and every JSON answer has a schema. A test checks that every path it lists answers,
//! and schemathesis (tests/integration/schemathesis.rs) checks the rest against a live server.
//!
//! `POST /articles` is described as the server is configured: with an ingest token it needs a
//! bearer token (401 without the right one); without one every request is refused with 403.

use super::params::{self, MAX_ACTOR, MAX_Q};
use crate::pipeline::events::EventType;
use serde_json::{json, Value};

fn param(name: &str, desc: &str, schema: Value) -> Value {
    json!({"name": name, "in": "query", "required": false, "description": desc, "schema": schema, "style": "form", "explode": false})
}

fn type_names() -> Vec<&'static str> {
    EventType::ALL.iter().map(|t| t.as_str()).collect()
}

fn f_param(values: &[&str]) -> Value {
    param("f", "Response format", json!({"type": "string", "enum": values}))
}

fn filters() -> Vec<Value> {
    vec![
        param(
            "bbox",
            "minLon,minLat,maxLon,maxLat in degrees (WGS84), numbers as JSON writes them, without spaces; minLon > maxLon crosses the antimeridian. Longitudes lie in -180..180, latitudes in -90..90 and minLat ≤ maxLat (else 400).",
            json!({"type": "array", "minItems": 4, "maxItems": 4, "items": {"type": "number", "minimum": -180, "maximum": 180}}),
        ),
        param(
            "datetime",
            "A date (2016-12-08) or RFC 3339 date-time (2016-12-08T10:00:00Z), or an interval of them: a/b, ../b, a/.. (an empty end is open too). Dates that do not exist, years before 1 and intervals that end before they start are refused (400).",
            json!({"type": "string", "pattern": params::datetime_pattern()}),
        ),
        param(
            "type",
            "PLOVER event types, comma-separated, in any letter case; empty items are skipped, so an empty value means every type",
            json!({"type": "array", "items": {"type": "string", "pattern": params::type_item_pattern()}}),
        ),
        param("country", "Country of the event's place, ISO 3166-1 alpha-2", json!({"type": "string", "pattern": params::COUNTRY_PATTERN})),
        param(
            "actor",
            "An actor's country (ISO alpha-2) or words of its name; not blank",
            json!({"type": "string", "minLength": 1, "maxLength": MAX_ACTOR, "pattern": params::not_blank_pattern()}),
        ),
        param("q", "Full-text search over sentence, title, place and actors (blank: no search)", json!({"type": "string", "maxLength": MAX_Q})),
        param("min_fatalities", "Events with at least this many deaths", json!({"type": "integer", "minimum": 0, "maximum": u32::MAX})),
        param("precision", "Precision of the event's place", json!({"type": "string", "enum": ["city", "admin2", "admin1", "region", "country"]})),
        param("undated", "With datetime, also return events that have no date", json!({"type": "boolean"})),
        param("unlocated", "Also return events without a place (null geometry); exports include them unless a bbox is given", json!({"type": "boolean"})),
        f_param(params::F_EVENTS),
    ]
}

fn paging() -> Vec<Value> {
    vec![
        param(
            "limit",
            &format!("Page size (default {}; values above {} are clamped)", params::DEFAULT_LIMIT, params::MAX_LIMIT),
            json!({"type": "integer", "minimum": 1, "default": params::DEFAULT_LIMIT}),
        ),
        param("offset", "Items to skip", json!({"type": "integer", "minimum": 0, "default": 0})),
    ]
}

fn schema_ref(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

/// A 200 of `ctype` with the schema `schema`, and the 400 every operation can answer.
fn ok(desc: &str, ctype: &str, schema: Value) -> Value {
    json!({"200": {"description": desc, "content": {ctype: {"schema": schema}}}, "400": {"$ref": "#/components/responses/BadRequest"}})
}

fn ok_404(desc: &str, ctype: &str, schema: Value) -> Value {
    let mut r = ok(desc, ctype, schema);
    r["404"] = json!({"$ref": "#/components/responses/NotFound"});
    r
}

fn error(desc: &str) -> Value {
    json!({"description": desc, "content": {"application/json": {"schema": schema_ref("Error")}}})
}

fn nullable(t: &str) -> Value {
    json!({"type": t, "nullable": true})
}

fn point(nullable: bool) -> Value {
    json!({"type": "object", "nullable": nullable, "required": ["type", "coordinates"], "properties": {
        "type": {"type": "string", "enum": ["Point"]},
        "coordinates": {"type": "array", "minItems": 2, "maxItems": 2, "items": {"type": "number"}},
    }})
}

fn feature(id: Value, geometry: Value, properties: Value) -> Value {
    json!({"type": "object", "required": ["type", "geometry", "properties"], "properties": {
        "type": {"type": "string", "enum": ["Feature"]},
        "id": id,
        "geometry": geometry,
        "properties": properties,
        "links": {"type": "array", "items": schema_ref("Link")},
    }})
}

fn feature_collection(features: Value, required: &[&str]) -> Value {
    let mut req = vec!["type", "features"];
    req.extend_from_slice(required);
    json!({"type": "object", "required": req, "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "features": {"type": "array", "items": features},
        "numberMatched": {"type": "integer", "minimum": 0},
        "numberReturned": {"type": "integer", "minimum": 0},
        "timeStamp": {"type": "string", "format": "date-time"},
        "links": {"type": "array", "items": schema_ref("Link")},
    }})
}

fn schemas() -> Value {
    let count = json!({"type": "integer", "minimum": 0});
    let mut m = serde_json::Map::new();
    m.insert("Error".into(), json!({"type": "object", "required": ["code", "description"], "properties": {
            "code": {"type": "string"}, "description": {"type": "string"}, "parameter": {"type": "string"}}}));
    m.insert("Link".into(), json!({"type": "object", "required": ["href", "rel"], "properties": {
            "href": {"type": "string"}, "rel": {"type": "string"}, "type": {"type": "string"}, "title": {"type": "string"}}}));
    m.insert("LandingPage".into(), json!({"type": "object", "required": ["links"], "properties": {
            "title": {"type": "string"}, "description": {"type": "string"}, "links": {"type": "array", "items": schema_ref("Link")}}}));
    m.insert("ConfClasses".into(), json!({"type": "object", "required": ["conformsTo"], "properties": {
            "conformsTo": {"type": "array", "items": {"type": "string"}}}}));
    m.insert("Collection".into(), json!({"type": "object", "required": ["id", "links"], "properties": {
            "id": {"type": "string"}, "title": {"type": "string"}, "description": {"type": "string"}, "itemType": {"type": "string"},
            "crs": {"type": "array", "items": {"type": "string"}}, "extent": {"type": "object"},
            "links": {"type": "array", "items": schema_ref("Link")}}}));
    m.insert("Collections".into(), json!({"type": "object", "required": ["links", "collections"], "properties": {
            "links": {"type": "array", "items": schema_ref("Link")}, "collections": {"type": "array", "items": schema_ref("Collection")}}}));
    m.insert("Actor".into(), json!({"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}, "country": nullable("string")}}));
    m.insert("EventProperties".into(), json!({"type": "object", "required": ["id", "type"], "properties": {
            "id": {"type": "string"},
            "type": {"type": "string", "enum": type_names()},
            "quad": {"type": "string"},
            "trigger": {"type": "string"},
            "confidence": {"type": "number"},
            "negated": {"type": "boolean"}, "future": {"type": "boolean"}, "hypothetical": {"type": "boolean"},
            "source_actors": {"type": "array", "items": schema_ref("Actor")},
            "target_actors": {"type": "array", "items": schema_ref("Actor")},
            "actors": {"type": "array", "items": {"type": "string"}},
            "fatalities": {"type": "integer", "minimum": 0, "nullable": true},
            "injured": {"type": "integer", "minimum": 0, "nullable": true},
            "date": nullable("string"), "date_precision": nullable("string"), "date_approximate": {"type": "boolean"},
            "place_id": nullable("integer"), "place_name": nullable("string"), "place_kind": nullable("string"),
            "place_text": nullable("string"), "country": nullable("string"), "precision": nullable("string"),
            "sentence": {"type": "string"},
            "trigger_start": {"type": "integer"}, "trigger_end": {"type": "integer"},
            "place_start": nullable("integer"), "place_end": nullable("integer"),
            "article_id": {"type": "string"}, "article_title": nullable("string"), "article_url": nullable("string"),
            "source": nullable("string"), "published": nullable("string"), "parent_article": nullable("string"),
        }}));
    m.insert("ArticleProperties".into(), json!({"type": "object", "required": ["id", "title", "events"], "properties": {
            "id": {"type": "string"}, "title": {"type": "string"}, "url": nullable("string"), "source": nullable("string"),
            "published": nullable("string"), "lang": nullable("string"), "parent": nullable("string"), "events": count,
        }}));
    m.insert("EventFeature".into(), json!(feature(json!({"type": "string"}), point(true), schema_ref("EventProperties"))));
    m.insert("ArticleFeature".into(), json!(feature(json!({"type": "string"}), point(true), schema_ref("ArticleProperties"))));
    m.insert("Items".into(), json!(feature_collection(json!({"anyOf": [schema_ref("EventFeature"), schema_ref("ArticleFeature")]}), &["numberMatched", "numberReturned", "timeStamp", "links"])));
    m.insert("Item".into(), json!({"anyOf": [schema_ref("EventFeature"), schema_ref("ArticleFeature")]}));
    m.insert("Export".into(), json!(feature_collection(schema_ref("EventFeature"), &[])));
    m.insert("Clusters".into(), json!(feature_collection(
            feature(json!({"type": "string"}), point(false), json!({"type": "object", "required": ["count"], "properties": {"count": {"type": "integer", "minimum": 1}}})),
            &[],
        )));
    m.insert("Places".into(), json!(feature_collection(
            feature(json!({"type": "integer"}), point(false), json!({"type": "object", "required": ["geonameid", "name", "kind", "country"], "properties": {
                "geonameid": {"type": "integer"}, "name": {"type": "string"}, "kind": {"type": "string"}, "country": {"type": "string"},
                "admin1": {"type": "string"}, "population": {"type": "integer", "minimum": 0}, "score": {"type": "number"}}})),
            &[],
        )));
    m.insert("Timeline".into(), json!({"type": "object", "required": ["bin", "bins", "undated", "total"], "properties": {
            "bin": {"type": "string", "enum": ["day", "week", "month"]},
            "bins": {"type": "array", "items": {"type": "object", "required": ["start", "count"], "properties": {"start": {"type": "string"}, "count": count}}},
            "undated": count, "total": count}}));
    m.insert("Config".into(), json!({"type": "object", "required": ["tiles", "attribution"], "properties": {"tiles": nullable("string"), "attribution": {"type": "string"}}}));
    m.insert("Stored".into(), json!({"type": "object", "required": ["articles"], "properties": {"articles": {"type": "array", "items": {
            "type": "object", "required": ["id", "outcome", "events"], "properties": {
                "id": {"type": "string"}, "outcome": {"type": "string", "enum": ["inserted", "replaced", "skipped"]}, "events": count}}}}}));
    // Any value is read for a field (a string as it is; a number, boolean or list of strings as
    // its text; anything else as absent), so the fields carry no type.
    m.insert("Article".into(), json!({"type": "object", "additionalProperties": true,
        "description": "An article. Each field may also be spelt as its alias, in any letter case: headline for title; body or content for text; link for url; date, published_at or datePublished for published; language for lang; site for source. A string is read as it is, a number, boolean or list of strings as its text, anything else as absent. It needs a title or some text (else 422).",
        "properties": {
            "title": {"description": "The headline"}, "text": {"description": "The body"}, "url": {"description": "Where it was published"},
            "published": {"description": "Publication date (YYYY-MM-DD or RFC 3339)"}, "lang": {"description": "Language code (fr, en…)"}, "source": {"description": "The publication"},
        }}));
    m.insert("OpenAPI".into(), json!({"type": "object", "required": ["openapi", "info", "paths"]}));
    Value::Object(m)
}

/// `POST /articles`, as the server is configured (with or without an ingest token).
fn post_articles(ingest: bool) -> Value {
    let body = json!({"required": true, "content": {
        "application/json": {"schema": {"oneOf": [schema_ref("Article"), {"type": "array", "minItems": 1, "items": schema_ref("Article")}]}},
        "text/plain": {"schema": {"type": "string", "description": "An article as text (text/markdown is read the same way, as Markdown): front matter or the first non-empty line gives the title"}},
    }});
    let too_large = error(&format!("The body is larger than {} bytes", super::MAX_BODY));
    if !ingest {
        return json!({
            "summary": "Ingest an article: off on this server (it was started without --ingest-token), so every request is refused",
            "requestBody": body,
            "responses": {"403": error("Ingest over HTTP is off"), "400": {"$ref": "#/components/responses/BadRequest"}, "413": too_large},
        });
    }
    json!({
        "summary": "Ingest articles (JSON: one article or a list of them; text: one article, its first line the title)",
        "security": [{"bearer": []}],
        "requestBody": body,
        "responses": {
            "201": {"description": "Stored", "content": {"application/json": {"schema": schema_ref("Stored")}}},
            "400": {"$ref": "#/components/responses/BadRequest"},
            "401": {"description": "No or wrong token", "headers": {"WWW-Authenticate": {"required": true, "schema": {"type": "string"}}},
                    "content": {"application/json": {"schema": schema_ref("Error")}}},
            "413": too_large,
            "415": error("Not application/json, text/plain or text/markdown"),
            "422": error("Not an article"),
        },
    })
}

/// The document, with `base` as the server URL; `ingest` tells whether `POST /articles` is on.
pub fn document(base: &str, ingest: bool) -> Value {
    let with = |mut a: Vec<Value>, b: Vec<Value>| {
        a.extend(b);
        Value::Array(a)
    };
    let f_json = || vec![f_param(params::F_JSON)];
    let cid = json!({"name": "cid", "in": "path", "required": true, "schema": {"type": "string", "enum": ["events", "articles"]}});
    let id = json!({"name": "id", "in": "path", "required": true, "schema": {"type": "string", "maxLength": 200}});
    let attachment = json!({"Content-Disposition": {"required": true, "description": "attachment; filename=…", "schema": {"type": "string"}}});
    let mut landing = ok_404("Landing page (HTML with f=html, or without f when Accept asks for text/html)", "application/json", schema_ref("LandingPage"));
    landing["200"]["content"]["text/html"] = json!({"schema": {"type": "string"}});
    let mut export_geojson = ok("GeoJSON", "application/geo+json", schema_ref("Export"));
    export_geojson["200"]["headers"] = attachment.clone();
    let mut export_csv = ok("CSV", "text/csv", json!({"type": "string"}));
    export_csv["200"]["headers"] = attachment;
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Dateline", "version": env!("CARGO_PKG_VERSION"), "description": "Events from news articles, as OGC API – Features. Every parameter is checked: an unknown or repeated one, or a bad value, is a 400 that names it."},
        "servers": [{"url": base}],
        "paths": {
            "/": {"get": {"summary": "Landing page", "parameters": [f_param(&["json", "html"])], "responses": landing}},
            "/conformance": {"get": {"summary": "Conformance classes", "parameters": f_json(), "responses": ok("Conformance", "application/json", schema_ref("ConfClasses"))}},
            "/api": {"get": {"summary": "This document", "parameters": f_json(), "responses": ok("OpenAPI", "application/vnd.oai.openapi+json;version=3.0", schema_ref("OpenAPI"))}},
            "/collections": {"get": {"summary": "Collections", "parameters": f_json(), "responses": ok("Collections", "application/json", schema_ref("Collections"))}},
            "/collections/{cid}": {"get": {"summary": "A collection", "parameters": with(vec![cid.clone()], f_json()), "responses": ok_404("Collection", "application/json", schema_ref("Collection"))}},
            "/collections/{cid}/items": {"get": {
                "summary": "Items of a collection (articles take only limit, offset and f)",
                "parameters": with(vec![cid.clone()], with(filters(), paging()).as_array().cloned().unwrap_or_default()),
                "responses": ok_404("Features", "application/geo+json", schema_ref("Items"))}},
            "/collections/{cid}/items/{id}": {"get": {"summary": "One item", "parameters": [cid, id, f_param(params::F_EVENTS)], "responses": ok_404("Feature", "application/geo+json", schema_ref("Item"))}},
            "/timeline": {"get": {"summary": "Event counts per day, week or month (datetime is ignored)", "parameters": with(filters(), vec![param("bin", "Bin size (chosen from the span when absent)", json!({"type": "string", "enum": ["day", "week", "month"]}))]), "responses": ok("Timeline", "application/json", schema_ref("Timeline"))}},
            "/clusters": {"get": {"summary": "Event counts on a grid for a zoom level", "parameters": with(filters(), vec![param("zoom", "Map zoom level (default 2)", json!({"type": "integer", "minimum": 0, "maximum": 22}))]), "responses": ok("Clusters", "application/geo+json", schema_ref("Clusters"))}},
            "/geocode": {"get": {"summary": "Places of the gazetteer for a name", "parameters": [
                {"name": "q", "in": "query", "required": true, "description": "A place name; not blank", "schema": {"type": "string", "minLength": 1, "maxLength": MAX_Q, "pattern": params::not_blank_pattern()}},
                param("lang", "Language of the name", json!({"type": "string", "pattern": params::LANG_PATTERN})),
                param("country", "ISO alpha-2 country", json!({"type": "string", "pattern": params::COUNTRY_PATTERN})),
                param("limit", "Candidates (default 10)", json!({"type": "integer", "minimum": 1, "maximum": 100})),
            ], "responses": ok("Candidates", "application/json", schema_ref("Places"))}},
            "/export.geojson": {"get": {"summary": "Every matching event, streamed as a GeoJSON download", "parameters": filters(), "responses": export_geojson}},
            "/export.csv": {"get": {"summary": "Every matching event, streamed as a CSV download", "parameters": filters(), "responses": export_csv}},
            "/config.json": {"get": {"summary": "Map configuration", "responses": ok("Configuration", "application/json", schema_ref("Config"))}},
            "/articles": {"post": post_articles(ingest)},
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": schemas(),
            "responses": {
                "BadRequest": {"description": "A parameter is unknown, repeated or has a bad value", "content": {"application/json": {"schema": schema_ref("Error")}}},
                "NotFound": {"description": "No such collection or item", "content": {"application/json": {"schema": schema_ref("Error")}}},
            }
        }
    })
}
