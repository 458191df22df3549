//! The event store: articles and their events, kept across runs, queried the way the server
//! and the exports need.
//!
//! In: [`Processed`] articles (one transaction each: never half an article). Out: events as
//! [`StoredEvent`]s (GeoJSON-ready properties and a point), filtered by [`Filter`], counted per
//! day, week or month, aggregated on a grid, or streamed for export.
//!
//! [`EventStore`] is the boundary; `sqlite.rs` is the embedded default. Each backend keeps its
//! SQL in its own files; the trait says nothing about SQL. One test suite
//! (`tests/integration/store.rs`) runs against every backend.

pub mod filter;
pub mod lexemes;
pub mod postgis;
pub mod sqlite;

pub use filter::{Bbox, DateRange, Filter};

use crate::pipeline::Processed;
use serde::Serialize;

/// Errors at the store's boundary.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database {path}: {source}")]
    Open { path: String, source: rusqlite::Error },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A PostgreSQL error, with the server's message when there is one.
    #[error("PostgreSQL: {0}")]
    Postgres(String),
    #[error("the database schema is version {found}, newer than this program knows ({known}); upgrade Dateline")]
    TooNew { found: i64, known: i64 },
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
    #[error("{0}")]
    Other(String),
}

/// What happened to an article given to [`EventStore::put_article`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PutOutcome {
    /// New article, stored with its events.
    Inserted,
    /// Same url, new content: the old version and its events were replaced.
    Replaced,
    /// Same content already stored: nothing changed.
    Skipped,
}

/// One stored event: its id, its point (lon, lat) if it has one, and its properties as the
/// exports and the API show them (see [`crate::export::event_properties`]).
#[derive(Clone, Debug, PartialEq)]
pub struct StoredEvent {
    pub id: String,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
    pub properties: Properties,
}

/// An event's properties as the store holds them: JSON text, checked when read, parsed into a
/// [`serde_json::Value`] only when a field is asked for. Pages and exports write the text as
/// it is, without building and serialising a value per event.
#[derive(Clone, Debug)]
pub struct Properties {
    raw: Box<serde_json::value::RawValue>,
    parsed: std::sync::OnceLock<serde_json::Value>,
}

impl Properties {
    /// From the JSON text a store holds for event `id`; a text that is not JSON is a
    /// corrupt store.
    pub fn from_stored(id: &str, text: String) -> Result<Properties, StoreError> {
        let raw = serde_json::value::RawValue::from_string(text).map_err(|e| StoreError::Corrupt(format!("event {id}: {e}")))?;
        Ok(Properties { raw, parsed: std::sync::OnceLock::new() })
    }

    /// The properties, parsed (once).
    pub fn value(&self) -> &serde_json::Value {
        self.parsed.get_or_init(|| serde_json::from_str(self.raw.get()).unwrap_or(serde_json::Value::Null))
    }
}

impl PartialEq for Properties {
    fn eq(&self, other: &Properties) -> bool {
        self.raw.get() == other.raw.get() || self.value() == other.value()
    }
}

impl std::ops::Index<&str> for Properties {
    type Output = serde_json::Value;
    fn index(&self, key: &str) -> &serde_json::Value {
        &self.value()[key]
    }
}

impl std::fmt::Display for Properties {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.raw.get())
    }
}

impl Serialize for Properties {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.raw.serialize(s)
    }
}

impl StoredEvent {
    /// As a GeoJSON Feature, to edit.
    pub fn feature(&self) -> serde_json::Value {
        serde_json::to_value(self.feature_ref()).unwrap_or(serde_json::Value::Null)
    }

    /// As a GeoJSON Feature, to serialise: borrows the event instead of copying its
    /// properties (exports write a million of these).
    pub fn feature_ref(&self) -> FeatureRef<'_> {
        FeatureRef {
            kind: "Feature",
            id: &self.id,
            geometry: match (self.lon, self.lat) {
                (Some(x), Some(y)) => Some(PointRef { kind: "Point", coordinates: [x, y] }),
                _ => None,
            },
            properties: &self.properties,
        }
    }
}

/// A GeoJSON Feature borrowed from a [`StoredEvent`].
#[derive(Serialize)]
pub struct FeatureRef<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    id: &'a str,
    geometry: Option<PointRef>,
    properties: &'a Properties,
}

#[derive(Serialize)]
struct PointRef {
    #[serde(rename = "type")]
    kind: &'static str,
    coordinates: [f64; 2],
}

/// A stored article (without its body).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoredArticle {
    pub id: String,
    pub title: String,
    pub url: Option<String>,
    pub source: Option<String>,
    pub published: Option<String>,
    pub lang: Option<String>,
    pub parent: Option<String>,
    pub events: u64,
    /// Where the article is set (its most frequent event place), if anywhere.
    #[serde(skip)]
    pub lon: Option<f64>,
    #[serde(skip)]
    pub lat: Option<f64>,
}

impl StoredArticle {
    /// As a GeoJSON Feature.
    pub fn feature(&self) -> serde_json::Value {
        let geometry = match (self.lon, self.lat) {
            (Some(x), Some(y)) => serde_json::json!({"type": "Point", "coordinates": [x, y]}),
            _ => serde_json::Value::Null,
        };
        serde_json::json!({"type": "Feature", "id": self.id, "geometry": geometry, "properties": self})
    }
}

/// Time bins of the timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bin {
    Day,
    Week,
    Month,
}

impl Bin {
    pub fn parse(s: &str) -> Option<Bin> {
        Some(match s {
            "day" => Bin::Day,
            "week" => Bin::Week,
            "month" => Bin::Month,
            _ => return None,
        })
    }
}

/// Event counts over time.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Timeline {
    pub bin: Bin,
    /// (first day of the bin, count), in time order.
    pub bins: Vec<TimelineBin>,
    pub undated: u64,
    pub total: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimelineBin {
    pub start: String,
    pub count: u64,
}

/// A grid cell of events for a zoomed-out map.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cluster {
    pub lon: f64,
    pub lat: f64,
    pub count: u64,
}

/// What a store holds.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Stats {
    pub articles: u64,
    pub events: u64,
    pub located: u64,
    pub dated: u64,
}

/// The store: see the module documentation. Methods are async so that a networked backend
/// fits; the embedded one runs its blocking calls on tokio's blocking pool.
#[async_trait::async_trait]
pub trait EventStore: Send + Sync {
    /// Stores an article and its events in one transaction.
    async fn put_article(&self, p: &Processed) -> Result<PutOutcome, StoreError>;
    /// Stores many articles, each whole, with the outcomes [`put_article`](Self::put_article)
    /// would give called on each in order. A backend may write them in fewer transactions.
    async fn put_articles(&self, ps: &[Processed]) -> Vec<Result<PutOutcome, StoreError>> {
        let mut out = Vec::with_capacity(ps.len());
        for p in ps {
            out.push(self.put_article(p).await);
        }
        out
    }
    /// Events matching `f`, newest first, and how many match in all.
    async fn query(&self, f: &Filter, limit: u64, offset: u64) -> Result<(Vec<StoredEvent>, u64), StoreError>;
    async fn get(&self, id: &str) -> Result<Option<StoredEvent>, StoreError>;
    /// Counts per bin; `f.datetime` is ignored so that the histogram shows the whole span.
    async fn timeline(&self, f: &Filter, bin: Option<Bin>) -> Result<Timeline, StoreError>;
    /// Counts on a grid of cells `cell_deg` degrees wide.
    async fn clusters(&self, f: &Filter, cell_deg: f64) -> Result<Vec<Cluster>, StoreError>;
    /// Streams every matching event into `tx`, in batches, with flat memory. Stops early
    /// when the receiver is dropped.
    async fn export(&self, f: &Filter, tx: tokio::sync::mpsc::Sender<Vec<StoredEvent>>) -> Result<(), StoreError>;
    async fn articles(&self, limit: u64, offset: u64) -> Result<(Vec<StoredArticle>, u64), StoreError>;
    async fn article(&self, id: &str) -> Result<Option<StoredArticle>, StoreError>;
    async fn stats(&self) -> Result<Stats, StoreError>;
}

/// Opens the store a `--db` value names: a `postgres://` (or `postgresql://`) URL for PostGIS,
/// anything else is a SQLite file path.
pub async fn open(db: &str) -> Result<std::sync::Arc<dyn EventStore>, StoreError> {
    if is_postgres_url(db) {
        return Ok(std::sync::Arc::new(postgis::PgStore::connect(db).await?));
    }
    Ok(std::sync::Arc::new(sqlite::SqliteStore::open(std::path::Path::new(db))?))
}

/// Whether a `--db` value names a PostgreSQL server rather than a file.
pub fn is_postgres_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

/// The identity of an article's content: re-ingesting the same title and body is a no-op.
pub(crate) fn content_hash(a: &crate::pipeline::ingest::Article) -> String {
    use sha2::Digest;
    let d = sha2::Sha256::digest(format!("{}\n{}", a.title, a.body).as_bytes());
    d[..16].iter().map(|x| format!("{x:02x}")).collect()
}

/// Where an article is set: the place its events name most often, else the first place its
/// text names.
pub(crate) fn article_spot(p: &Processed) -> Option<(f64, f64)> {
    let mut counts: std::collections::HashMap<u32, (usize, f64, f64)> = std::collections::HashMap::new();
    for e in &p.events {
        if let Some(pl) = &e.place {
            counts.entry(pl.id).or_insert((0, pl.point.x(), pl.point.y())).0 += 1;
        }
    }
    counts
        .values()
        .max_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)))
        .map(|&(_, x, y)| (x, y))
        .or_else(|| p.geo.places.first().map(|r| (r.place.point.x(), r.place.point.y())))
}

/// What every backend stores of one event, computed once from the pipeline's output.
pub(crate) struct EventRow<'a> {
    pub id: &'a str,
    pub event_type: &'static str,
    pub day: Option<chrono::NaiveDate>,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
    pub country: Option<&'a str>,
    pub precision: Option<&'static str>,
    pub fatalities: Option<u32>,
    /// ISO alpha-2 codes of the source and target actors.
    pub actor_codes: Vec<&'a str>,
    /// Names of the source and target actors.
    pub actor_names: Vec<&'a str>,
    /// The text that full-text search looks in: sentence, title, place, actors and trigger.
    pub search: String,
    pub props: serde_json::Value,
}

impl<'a> EventRow<'a> {
    pub fn new(e: &'a crate::pipeline::events::Event, a: &'a crate::pipeline::ingest::Article) -> EventRow<'a> {
        let actors = || e.source_actors.iter().chain(&e.target_actors);
        let actor_names: Vec<&str> = actors().map(|x| x.name.as_str()).collect();
        let search = format!(
            "{} {} {} {} {}",
            e.sentence,
            a.title,
            e.place.as_ref().map(|p| p.name.as_str()).unwrap_or(""),
            actor_names.join(" "),
            e.trigger
        );
        EventRow {
            id: &e.id,
            event_type: e.event_type.as_str(),
            day: e.date,
            lon: e.place.as_ref().map(|p| p.point.x()),
            lat: e.place.as_ref().map(|p| p.point.y()),
            country: e.place.as_ref().map(|p| p.country.as_str()),
            precision: e.precision.map(|p| p.as_str()),
            fatalities: e.fatalities,
            actor_codes: actors().filter_map(|x| x.country.as_deref()).collect(),
            actor_names,
            search,
            props: crate::export::event_properties(e, a),
        }
    }
}

/// The bin a timeline uses when none is asked for: days up to three months, weeks up to two
/// years, months beyond.
pub(crate) fn default_bin(min_day: Option<i64>, max_day: Option<i64>) -> Bin {
    let span = match (min_day, max_day) {
        (Some(a), Some(b)) => b - a,
        _ => 0,
    };
    if span <= 92 {
        Bin::Day
    } else if span <= 730 {
        Bin::Week
    } else {
        Bin::Month
    }
}

/// The day number that starts the bin of day number `d`; months are merged by [`merge_bins`].
fn bin_key(bin: Bin, d: i64) -> i64 {
    match bin {
        // Monday-start weeks: 1970-01-01 was a Thursday, so (d + 3) mod 7 days since Monday.
        Bin::Week => d - (d + 3).rem_euclid(7),
        Bin::Day | Bin::Month => d,
    }
}

/// A timeline from per-day counts (`None`: undated events), in any order: both backends
/// count by day in one pass over the matching events, and the bins are made here.
pub(crate) fn timeline_from_days(bin: Option<Bin>, mut days: Vec<(Option<i64>, u64)>) -> Timeline {
    days.sort_unstable_by_key(|(d, _)| *d);
    let total = days.iter().map(|(_, n)| n).sum();
    let undated = days.iter().filter(|(d, _)| d.is_none()).map(|(_, n)| n).sum();
    let dated: Vec<(i64, u64)> = days.into_iter().filter_map(|(d, n)| Some((d?, n))).collect();
    let bin = bin.unwrap_or_else(|| default_bin(dated.first().map(|d| d.0), dated.last().map(|d| d.0)));
    let bins = merge_bins(bin, dated.into_iter().map(|(d, n)| (bin_key(bin, d), n)));
    Timeline { bin, bins, undated, total }
}

fn merge_bins(bin: Bin, rows: impl IntoIterator<Item = (i64, u64)>) -> Vec<TimelineBin> {
    let mut bins: Vec<TimelineBin> = Vec::new();
    for (k, n) in rows {
        let Some(d) = filter::from_day_number(k) else { continue };
        let start = match bin {
            Bin::Month => format!("{}-01", &d.to_string()[..7]),
            _ => d.to_string(),
        };
        match bins.last_mut() {
            Some(b) if b.start == start => b.count += n,
            _ => bins.push(TimelineBin { start, count: n }),
        }
    }
    bins
}
