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
    pub properties: serde_json::Value,
}

impl StoredEvent {
    /// As a GeoJSON Feature.
    pub fn feature(&self) -> serde_json::Value {
        let geometry = match (self.lon, self.lat) {
            (Some(x), Some(y)) => serde_json::json!({"type": "Point", "coordinates": [x, y]}),
            _ => serde_json::Value::Null,
        };
        serde_json::json!({"type": "Feature", "id": self.id, "geometry": geometry, "properties": self.properties})
    }
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

/// Opens the store a `--db` value names: a file path for SQLite.
pub async fn open(db: &str) -> Result<std::sync::Arc<dyn EventStore>, StoreError> {
    if db.starts_with("postgres://") || db.starts_with("postgresql://") {
        return Err(StoreError::Other(
            "PostgreSQL/PostGIS is not built into this version of Dateline yet; use a SQLite file".into(),
        ));
    }
    Ok(std::sync::Arc::new(sqlite::SqliteStore::open(std::path::Path::new(db))?))
}
