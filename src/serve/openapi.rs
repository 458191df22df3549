//! The OpenAPI 3.0 document of the server, written to match the routes in `mod.rs` (a test
//! checks that every path it lists answers and that every parameter is accepted).

use serde_json::{json, Value};

fn param(name: &str, desc: &str, schema: Value) -> Value {
    json!({"name": name, "in": "query", "required": false, "description": desc, "schema": schema, "style": "form", "explode": false})
}

fn filters() -> Vec<Value> {
    vec![
        param("bbox", "minLon,minLat,maxLon,maxLat in degrees (WGS84); minLon > maxLon crosses the antimeridian", json!({"type": "array", "minItems": 4, "maxItems": 4, "items": {"type": "number"}})),
        param("datetime", "An instant (2016-12-08), a closed interval (a/b) or an open one (../b, a/..)", json!({"type": "string"})),
        param("type", "PLOVER event types, comma-separated", json!({"type": "array", "items": {"type": "string", "enum": ["AGREE","CONSULT","SUPPORT","CONCEDE","COOPERATE","AID","RETREAT","INVESTIGATE","DEMAND","DISAPPROVE","REJECT","THREATEN","SANCTION","PROTEST","MOBILIZE","COERCE","ASSAULT","FIGHT"]}})),
        param("country", "Country of the event's place, ISO 3166-1 alpha-2", json!({"type": "string", "pattern": "^[A-Za-z]{2}$"})),
        param("actor", "An actor's country (ISO alpha-2) or words of its name", json!({"type": "string", "minLength": 1, "maxLength": 100})),
        param("q", "Full-text search over sentence, title, place and actors", json!({"type": "string", "maxLength": 200})),
        param("min_fatalities", "Events with at least this many deaths", json!({"type": "integer", "minimum": 0, "maximum": 4294967295u64})),
        param("precision", "Precision of the event's place", json!({"type": "string", "enum": ["city", "admin2", "admin1", "region", "country"]})),
        param("undated", "With datetime, also return events that have no date", json!({"type": "boolean"})),
        param("unlocated", "Also return events without a place (null geometry); exports include them unless a bbox is given", json!({"type": "boolean"})),
        param("f", "Response format", json!({"type": "string", "enum": ["json"]})),
    ]
}

fn paging() -> Vec<Value> {
    vec![
        param("limit", "Page size (default 100; values above 10000 are clamped)", json!({"type": "integer", "minimum": 1, "default": 100})),
        param("offset", "Items to skip", json!({"type": "integer", "minimum": 0, "default": 0})),
    ]
}

fn f_only() -> Vec<Value> {
    vec![param("f", "Response format", json!({"type": "string", "enum": ["json"]}))]
}

fn ok(desc: &str, ctype: &str) -> Value {
    json!({"200": {"description": desc, "content": {ctype: {"schema": {"type": "object"}}}}, "400": {"$ref": "#/components/responses/BadRequest"}})
}

fn ok_404(desc: &str, ctype: &str) -> Value {
    let mut r = ok(desc, ctype);
    r["404"] = json!({"$ref": "#/components/responses/NotFound"});
    r
}

/// The document, with `base` as the server URL.
pub fn document(base: &str) -> Value {
    let with = |mut a: Vec<Value>, b: Vec<Value>| {
        a.extend(b);
        Value::Array(a)
    };
    let cid = json!({"name": "cid", "in": "path", "required": true, "schema": {"type": "string", "enum": ["events", "articles"]}});
    let id = json!({"name": "id", "in": "path", "required": true, "schema": {"type": "string", "maxLength": 200}});
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Dateline", "version": env!("CARGO_PKG_VERSION"), "description": "Events from news articles, as OGC API – Features."},
        "servers": [{"url": base}],
        "paths": {
            "/": {"get": {"summary": "Landing page", "parameters": f_only(), "responses": ok("Landing page", "application/json")}},
            "/conformance": {"get": {"summary": "Conformance classes", "parameters": f_only(), "responses": ok("Conformance", "application/json")}},
            "/api": {"get": {"summary": "This document", "parameters": f_only(), "responses": ok("OpenAPI", "application/vnd.oai.openapi+json;version=3.0")}},
            "/collections": {"get": {"summary": "Collections", "parameters": f_only(), "responses": ok("Collections", "application/json")}},
            "/collections/{cid}": {"get": {"summary": "A collection", "parameters": with(vec![cid.clone()], f_only()), "responses": ok_404("Collection", "application/json")}},
            "/collections/{cid}/items": {"get": {"summary": "Items of a collection (articles take only limit, offset and f)", "parameters": with(vec![cid.clone()], with(filters(), paging()).as_array().cloned().unwrap_or_default()), "responses": ok_404("Features", "application/geo+json")}},
            "/collections/{cid}/items/{id}": {"get": {"summary": "One item", "parameters": with(vec![cid, id], f_only()), "responses": ok_404("Feature", "application/geo+json")}},
            "/timeline": {"get": {"summary": "Event counts per day, week or month (datetime is ignored)", "parameters": with(filters(), vec![param("bin", "Bin size (chosen from the span when absent)", json!({"type": "string", "enum": ["day", "week", "month"]}))]), "responses": ok("Timeline", "application/json")}},
            "/clusters": {"get": {"summary": "Event counts on a grid for a zoom level", "parameters": with(filters(), vec![param("zoom", "Map zoom level", json!({"type": "integer", "minimum": 0, "maximum": 22}))]), "responses": ok("Clusters", "application/geo+json")}},
            "/geocode": {"get": {"summary": "Places of the gazetteer for a name", "parameters": [
                {"name": "q", "in": "query", "required": true, "schema": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "\\S"}},
                param("lang", "Language of the name", json!({"type": "string", "maxLength": 8})),
                param("country", "ISO alpha-2 country", json!({"type": "string", "maxLength": 2})),
                param("limit", "Candidates", json!({"type": "integer", "minimum": 1, "maximum": 100})),
            ], "responses": ok("Candidates", "application/json")}},
            "/export.geojson": {"get": {"summary": "Every matching event, streamed as a GeoJSON download", "parameters": filters(), "responses": ok("GeoJSON", "application/geo+json")}},
            "/export.csv": {"get": {"summary": "Every matching event, streamed as a CSV download", "parameters": filters(), "responses": {"200": {"description": "CSV", "content": {"text/csv": {"schema": {"type": "string"}}}}, "400": {"$ref": "#/components/responses/BadRequest"}}}},
            "/config.json": {"get": {"summary": "Map configuration", "responses": {"200": {"description": "Configuration", "content": {"application/json": {"schema": {"type": "object"}}}}}}},
            "/articles": {"post": {"summary": "Ingest an article (needs the server's ingest token)", "security": [{"bearer": []}],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object"}}, "text/plain": {"schema": {"type": "string"}}}},
                "responses": {"201": {"description": "Stored", "content": {"application/json": {"schema": {"type": "object"}}}},
                              "403": {"description": "No or wrong token", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                              "413": {"description": "Body too large"},
                              "415": {"description": "Unsupported media type", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                              "422": {"description": "Not an article", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                              "400": {"$ref": "#/components/responses/BadRequest"}}}},
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Error": {"type": "object", "required": ["code", "description"], "properties": {"code": {"type": "string"}, "description": {"type": "string"}, "parameter": {"type": "string"}}}},
            "responses": {
                "BadRequest": {"description": "A parameter is unknown or has a bad value", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                "NotFound": {"description": "No such item", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            }
        }
    })
}
