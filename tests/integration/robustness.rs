//! The server's limits, over a real socket on loopback: body size (413), query length (400,
//! and a 4xx rather than a failure for a URI too long to read), `limit` clamped to 10,000, the
//! request timeout (408), CORS off unless `--cors-origin` is given, errors always JSON, and
//! loopback as the default address. (The same rules through the router alone are in api.rs.)

use serde_json::Value;
use std::io::{BufRead, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use super::util::Server;
use std::process::Stdio;

/// An empty store (the limits do not need events).
fn empty_db(dir: &std::path::Path) -> String {
    dir.join("robust.db").to_str().unwrap().to_string()
}

/// The samples, ingested.
fn sample_db(dir: &std::path::Path) -> String {
    let db = dir.join("samples.db").to_str().unwrap().to_string();
    let o = super::util::run(&["ingest", super::util::root().join("samples").to_str().unwrap(), "--db", &db]);
    assert!(o.status.success(), "{}", super::util::stderr(&o));
    db
}

pub struct Reply {
    pub status: u16,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
}

/// Sends `head` (request line and headers, without the blank line) and `body` on a fresh
/// connection, and reads the reply until the server closes it. Errors writing the body are
/// ignored: a server may answer and close before reading it all.
pub fn exchange(addr: &str, head: &str, body: &[u8], timeout: Duration) -> Reply {
    let mut s = TcpStream::connect(addr).expect("connect to the server");
    s.set_read_timeout(Some(timeout)).unwrap();
    s.set_write_timeout(Some(timeout)).unwrap();
    let _ = s.write_all(format!("{head}\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes());
    let _ = s.write_all(body);
    let mut raw = Vec::new();
    let mut buf = [0u8; 65536];
    loop {
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => raw.extend_from_slice(&buf[..n]),
            // A reset after the reply (the server closed with our body unread) ends it too.
            Err(_) if !raw.is_empty() => break,
            Err(e) => panic!("no reply from the server: {e}"),
        }
    }
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a complete reply head");
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut rest = raw[split + 4..].to_vec();
    let mut lines = head.split("\r\n");
    let status: u16 = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> =
        lines.filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string())).collect();
    if headers.iter().any(|(k, v)| k == "transfer-encoding" && v.contains("chunked")) {
        let mut out = Vec::new();
        while let Some(eol) = rest.windows(2).position(|w| w == b"\r\n") {
            let size = usize::from_str_radix(String::from_utf8_lossy(&rest[..eol]).split(';').next().unwrap().trim(), 16).unwrap_or(0);
            if size == 0 || rest.len() < eol + 2 + size {
                break;
            }
            out.extend_from_slice(&rest[eol + 2..eol + 2 + size]);
            rest.drain(..(eol + 2 + size + 2).min(rest.len()));
        }
        rest = out;
    }
    Reply { status, headers, body: rest }
}

fn get(addr: &str, target: &str, extra_headers: &str) -> Reply {
    let head = if extra_headers.is_empty() { format!("GET {target} HTTP/1.1") } else { format!("GET {target} HTTP/1.1\r\n{extra_headers}") };
    exchange(addr, &head, b"", Duration::from_secs(20))
}

/// Every error is an [`ApiError`](dateline::serve::error::ApiError) in JSON.
fn assert_json_error(r: &Reply, status: u16, what: &str) {
    assert_eq!(r.status, status, "{what}: {}", String::from_utf8_lossy(&r.body));
    assert!(r.header("content-type").is_some_and(|c| c.starts_with("application/json")), "{what}: {:?}", r.headers);
    assert!(r.json()["code"].is_string() && r.json()["description"].is_string(), "{what}: {}", String::from_utf8_lossy(&r.body));
}

#[test]
fn bodies_over_the_limit_are_413() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start_with(&empty_db(dir.path()), &["--ingest-token", "robust-token"]);
    let max = dateline::serve::MAX_BODY;
    // Announced too large: refused from the header, before a byte of the body is read.
    let r = exchange(
        &server.addr(),
        &format!("POST /articles HTTP/1.1\r\nAuthorization: Bearer robust-token\r\nContent-Type: text/plain\r\nContent-Length: {}", max + 1),
        b"",
        Duration::from_secs(20),
    );
    assert_json_error(&r, 413, "Content-Length over the limit");
    // Streamed without a length: refused once the limit is passed.
    let mut chunked = Vec::new();
    let chunk = vec![b'a'; 256 * 1024];
    for _ in 0..(max / chunk.len() + 2) {
        chunked.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        chunked.extend_from_slice(&chunk);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let r = exchange(
        &server.addr(),
        "POST /articles HTTP/1.1\r\nAuthorization: Bearer robust-token\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked",
        &chunked,
        Duration::from_secs(20),
    );
    assert_json_error(&r, 413, "chunked body over the limit");
}

#[test]
fn long_query_strings_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start_with(&empty_db(dir.path()), &[]);
    let max = dateline::serve::params::MAX_QUERY;
    let r = get(&server.addr(), &format!("/collections/events/items?q={}", "a".repeat(max)), "");
    assert_json_error(&r, 400, "query over MAX_QUERY");
    assert_eq!(r.json()["parameter"], "query");
    // Far past what the HTTP layer reads: still a 4xx, and the server keeps serving.
    let r = get(&server.addr(), &format!("/collections/events/items?q={}", "a".repeat(200_000)), "");
    assert!((400..500).contains(&r.status), "a 200 KB URI: {}", r.status);
    assert_eq!(get(&server.addr(), "/health", "").status, 200);
}

#[test]
fn limit_is_clamped_to_ten_thousand() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start_with(&sample_db(dir.path()), &[]);
    assert_eq!(dateline::serve::params::MAX_LIMIT, 10_000);
    for limit in ["10001", "1000000", "99999999999999999999999999"] {
        let r = get(&server.addr(), &format!("/collections/events/items?limit={limit}"), "");
        assert_eq!(r.status, 200, "limit={limit}: {}", String::from_utf8_lossy(&r.body));
        let v = r.json();
        let me = v["links"].as_array().unwrap().iter().find(|l| l["rel"] == "self").unwrap()["href"].as_str().unwrap().to_string();
        assert!(me.contains("limit=10000"), "limit={limit}: self link {me}");
        assert!(v["numberReturned"].as_u64().unwrap() <= 10_000);
    }
    for bad in ["0", "-1", "%2B5", "1.5", ""] {
        let r = get(&server.addr(), &format!("/collections/events/items?limit={bad}"), "");
        assert_json_error(&r, 400, &format!("limit={bad}"));
        assert_eq!(r.json()["parameter"], "limit");
    }
}

#[test]
fn slow_requests_time_out() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start_with(&empty_db(dir.path()), &["--ingest-token", "robust-token"]);
    let limit = dateline::serve::REQUEST_TIMEOUT;
    assert!(limit <= Duration::from_secs(60));
    // A body announced and never sent: the request is abandoned after the timeout.
    let started = Instant::now();
    let r = exchange(
        &server.addr(),
        "POST /articles HTTP/1.1\r\nAuthorization: Bearer robust-token\r\nContent-Type: text/plain\r\nContent-Length: 100",
        b"only part of it",
        limit + Duration::from_secs(30),
    );
    let took = started.elapsed();
    assert_json_error(&r, 408, "a stalled body");
    assert!(took >= limit - Duration::from_secs(1) && took < limit + Duration::from_secs(15), "answered after {took:?}");
}

#[test]
fn cors_is_off_unless_an_origin_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let preflight = "OPTIONS /collections HTTP/1.1\r\nOrigin: https://map.example.org\r\nAccess-Control-Request-Method: GET";
    {
        let off = Server::start_with(&db, &[]);
        let r = get(&off.addr(), "/collections", "Origin: https://map.example.org");
        assert_eq!(r.status, 200);
        assert!(r.headers.iter().all(|(k, _)| !k.starts_with("access-control-")), "{:?}", r.headers);
        let r = exchange(&off.addr(), preflight, b"", Duration::from_secs(20));
        assert!(r.headers.iter().all(|(k, _)| !k.starts_with("access-control-")), "{:?}", r.headers);
    }
    let on = Server::start_with(&db, &["--cors-origin", "https://map.example.org"]);
    let r = get(&on.addr(), "/collections", "Origin: https://map.example.org");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("access-control-allow-origin"), Some("https://map.example.org"));
    let r = exchange(&on.addr(), preflight, b"", Duration::from_secs(20));
    assert_eq!(r.header("access-control-allow-origin"), Some("https://map.example.org"), "{:?}", r.headers);
    assert!(r.header("access-control-allow-methods").is_some_and(|m| m.contains("GET")), "{:?}", r.headers);
    // Another origin gets nothing.
    let r = get(&on.addr(), "/collections", "Origin: https://evil.example.com");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("access-control-allow-origin"), None);
}

#[test]
fn errors_are_json_with_their_headers() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let server = Server::start_with(&db, &["--ingest-token", "robust-token"]);
    // A method a path does not take: 405 with Allow.
    let r = exchange(&server.addr(), "DELETE /collections HTTP/1.1", b"", Duration::from_secs(20));
    assert_json_error(&r, 405, "DELETE /collections");
    assert!(r.header("allow").is_some_and(|a| a.contains("GET")), "{:?}", r.headers);
    // A path segment that is not UTF-8 once decoded names nothing.
    assert_json_error(&get(&server.addr(), "/collections/%FF%FE/items", ""), 404, "non-UTF-8 collection");
    assert_json_error(&get(&server.addr(), "/collections/events/items/%C0%AF", ""), 404, "non-UTF-8 id");
    // Ingest without the token: 401 with the scheme to use.
    let r = exchange(&server.addr(), "POST /articles HTTP/1.1\r\nContent-Type: text/plain\r\nContent-Length: 2", b"hi", Duration::from_secs(20));
    assert_json_error(&r, 401, "POST without a token");
    assert!(r.header("www-authenticate").is_some_and(|a| a.starts_with("Bearer")), "{:?}", r.headers);
    // Bad values name their parameter, on every endpoint that takes it.
    for target in ["/?f=xml", "/conformance?f=null", "/collections/events?f=html", "/collections/articles/items?f=csv", "/geocode?q=Paris&lang=%2A%2A", "/geocode?q=Paris&country=FRA", "/clusters?zoom=%2B3", "/timeline?datetime=2016-1-8"] {
        let r = get(&server.addr(), target, "");
        assert_json_error(&r, 400, target);
        assert!(r.json()["parameter"].is_string(), "{target}");
    }
    // The document says which: with a token, POST /articles needs it and answers 401.
    let api = get(&server.addr(), "/api", "").json();
    let post = &api["paths"]["/articles"]["post"];
    assert_eq!(post["security"][0]["bearer"], serde_json::json!([]));
    assert!(post["responses"]["401"].is_object());
    drop(server);
    // Without a token, ingest is off: 403 whatever is sent, and the document says so.
    let off = Server::start_with(&db, &[]);
    let api = get(&off.addr(), "/api", "").json();
    let post = &api["paths"]["/articles"]["post"];
    assert!(post.get("security").is_none() && post["responses"]["403"].is_object() && post["responses"].get("201").is_none(), "{post}");
    let r = exchange(&off.addr(), "POST /articles HTTP/1.1\r\nAuthorization: Bearer x\r\nContent-Type: text/plain\r\nContent-Length: 2", b"hi", Duration::from_secs(20));
    assert_json_error(&r, 403, "POST with ingest off");
}

#[test]
fn serve_binds_to_loopback_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = super::util::dateline()
        .args(["serve", "--db", &empty_db(dir.path())])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("start dateline serve");
    // Either it listens (and says where) or the default port is taken (and it says which
    // address it tried): both name the default address.
    let mut said = String::new();
    for line in std::io::BufReader::new(child.stderr.take().unwrap()).lines() {
        let line = line.unwrap();
        if line.contains("the map is at ") || line.contains("cannot listen on ") {
            said = line;
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(said.contains("http://127.0.0.1:") || said.contains("cannot listen on 127.0.0.1:"), "{said}");
}
