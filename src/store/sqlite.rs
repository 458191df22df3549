//! The embedded store: one SQLite file in WAL mode, an R*Tree on event points, FTS5 on the
//! text. One writer connection and a few readers; blocking calls run on tokio's blocking pool.

use super::filter::{day_number, Filter};
use super::{Bin, Cluster, EventStore, PutOutcome, Stats, StoreError, StoredArticle, StoredEvent, Timeline};
use crate::pipeline::Processed;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Migrations, in order; the database's `user_version` says how many have run.
const MIGRATIONS: &[&str] = &[include_str!("sql/sqlite_001_init.sql")];

/// Reader connections for queries; more queries than this wait their turn.
const READERS: usize = 4;

/// Exports streaming at once, each on its own connection; more wait their turn.
const EXPORTS: usize = 8;

/// Day stored in the R*Tree for undated events: far outside any datetime interval.
const UNDATED_DAY: i64 = -1_000_000_000;

/// See the module documentation.
pub struct SqliteStore {
    path: PathBuf,
    writer: Arc<Mutex<Connection>>,
    readers: Arc<Mutex<Vec<Connection>>>,
    /// One permit per reader connection: queries beyond that wait here (asynchronously)
    /// instead of opening connections of their own, each with a cold page cache.
    permits: Arc<tokio::sync::Semaphore>,
    export_permits: Arc<tokio::sync::Semaphore>,
}

fn connect(path: &Path) -> Result<Connection, StoreError> {
    let open = |e| StoreError::Open { path: path.display().to_string(), source: e };
    let c = Connection::open(path).map_err(open)?;
    c.busy_timeout(std::time::Duration::from_secs(10)).map_err(open)?;
    c.execute_batch("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;")
        .map_err(open)?;
    Ok(c)
}

fn migrate(c: &mut Connection) -> Result<(), StoreError> {
    let version: i64 = c.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let known = MIGRATIONS.len() as i64;
    if version > known {
        return Err(StoreError::TooNew { found: version, known });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let tx = c.transaction()?;
        tx.execute_batch(sql)?;
        tx.execute_batch(&format!("PRAGMA user_version = {}", i + 1))?;
        tx.commit()?;
        tracing::info!(version = i + 1, "store schema migrated");
    }
    Ok(())
}

impl SqliteStore {
    /// Opens (creating and migrating if needed) the database at `path`.
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        let mut w = connect(path)?;
        migrate(&mut w)?;
        let mut readers = Vec::new();
        for _ in 0..READERS {
            readers.push(connect(path)?);
        }
        Ok(SqliteStore {
            path: path.to_path_buf(),
            writer: Arc::new(Mutex::new(w)),
            readers: Arc::new(Mutex::new(readers)),
            permits: Arc::new(tokio::sync::Semaphore::new(READERS)),
            export_permits: Arc::new(tokio::sync::Semaphore::new(EXPORTS)),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` with a reader connection on the blocking pool.
    async fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        self.read_on(&self.permits, true, f).await
    }

    /// Runs a long read (an export, which lasts as long as its client reads) on a connection
    /// of its own, so that slow downloads never hold the pool's readers; at most
    /// [`EXPORTS`] run at once.
    async fn read_long<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        self.read_on(&self.export_permits, false, f).await
    }

    async fn read_on<T: Send + 'static>(
        &self,
        permits: &Arc<tokio::sync::Semaphore>,
        pooled: bool,
        f: impl FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let permit = permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| StoreError::Other("reader pool closed".into()))?;
        let pool = self.readers.clone();
        let path = self.path.clone();
        // If the caller goes away (a client disconnects, a request times out), the query is
        // interrupted instead of running on for nobody.
        let (htx, hrx) = std::sync::mpsc::channel::<rusqlite::InterruptHandle>();
        let task = tokio::task::spawn_blocking(move || {
            let conn = if pooled { pool.lock().map_err(|_| StoreError::Other("reader pool poisoned".into()))?.pop() } else { None };
            let conn = match conn {
                Some(c) => c,
                None => connect(&path)?,
            };
            let _ = htx.send(conn.get_interrupt_handle());
            let out = f(&conn);
            if let (true, Ok(mut p)) = (pooled, pool.lock()) {
                if p.len() < READERS {
                    p.push(conn);
                }
            }
            drop(permit);
            out
        });
        struct InterruptOnDrop(std::sync::mpsc::Receiver<rusqlite::InterruptHandle>, bool);
        impl Drop for InterruptOnDrop {
            fn drop(&mut self) {
                if !self.1 {
                    if let Ok(h) = self.0.try_recv() {
                        h.interrupt();
                    }
                }
            }
        }
        let mut guard = InterruptOnDrop(hrx, false);
        let out = task.await.map_err(|e| StoreError::Other(format!("store task failed: {e}")));
        guard.1 = true;
        out?
    }

    /// Stores an article synchronously (used by the async wrapper and by bulk ingest).
    pub fn put_blocking(conn: &mut Connection, p: &Processed) -> Result<PutOutcome, StoreError> {
        let a = &p.article;
        let hash = super::content_hash(a);
        let tx = conn.transaction()?;
        if tx.query_row("SELECT 1 FROM articles WHERE hash = ?1", [&hash], |_| Ok(())).optional()?.is_some() {
            return Ok(PutOutcome::Skipped);
        }
        let mut outcome = PutOutcome::Inserted;
        let old: Option<i64> = match &a.url {
            Some(u) => tx.query_row("SELECT rowid FROM articles WHERE url = ?1", [u], |r| r.get(0)).optional()?,
            None => None,
        };
        let old = match old {
            Some(r) => Some(r),
            None => tx.query_row("SELECT rowid FROM articles WHERE id = ?1", [&a.id], |r| r.get(0)).optional()?,
        };
        if let Some(old) = old {
            delete_article(&tx, old)?;
            outcome = PutOutcome::Replaced;
        }
        let spot = super::article_spot(p);
        tx.execute(
            "INSERT INTO articles (id, url, hash, title, source, published, lang, parent, body, lon, lat, ingested_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, datetime('now'))",
            params![
                a.id,
                a.url,
                hash,
                a.title,
                a.source,
                a.published.map(|d| d.to_string()),
                p.lang,
                a.parent,
                a.body,
                spot.map(|s| s.0),
                spot.map(|s| s.1)
            ],
        )?;
        let art = tx.last_insert_rowid();
        {
            let mut ins = tx.prepare_cached(
                "INSERT INTO events (id, article, type, day, lon, lat, country, precision, fatalities, actors, actor_names, props)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?;
            let mut rt = tx.prepare_cached(
                "INSERT INTO events_rtree (id, minx, maxx, miny, maxy, mind, maxd) VALUES (?1, ?2, ?2, ?3, ?3, ?4, ?4)",
            )?;
            let mut fts = tx.prepare_cached("INSERT INTO events_fts (rowid, text) VALUES (?1, ?2)")?;
            for e in &p.events {
                let r = super::EventRow::new(e, a);
                ins.execute(params![
                    r.id,
                    art,
                    r.event_type,
                    r.day.map(day_number),
                    r.lon,
                    r.lat,
                    r.country,
                    r.precision,
                    r.fatalities,
                    format!(" {} ", r.actor_codes.join(" ")),
                    r.actor_names.join(" | "),
                    r.props.to_string(),
                ])?;
                let rowid = tx.last_insert_rowid();
                if let (Some(x), Some(y)) = (r.lon, r.lat) {
                    rt.execute(params![rowid, x, y, r.day.map(day_number).unwrap_or(UNDATED_DAY)])?;
                }
                fts.execute(params![rowid, r.search])?;
            }
        }
        tx.commit()?;
        Ok(outcome)
    }
}

fn delete_article(tx: &rusqlite::Transaction<'_>, rowid: i64) -> Result<(), StoreError> {
    tx.execute("DELETE FROM events_rtree WHERE id IN (SELECT rowid FROM events WHERE article = ?1)", [rowid])?;
    tx.execute("DELETE FROM events_fts WHERE rowid IN (SELECT rowid FROM events WHERE article = ?1)", [rowid])?;
    tx.execute("DELETE FROM events WHERE article = ?1", [rowid])?;
    tx.execute("DELETE FROM articles WHERE rowid = ?1", [rowid])?;
    Ok(())
}

/// An FTS5 query from user words: each word quoted, so no user text is FTS syntax.
fn fts_query(q: &str) -> Option<String> {
    let words: Vec<String> = q
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(16)
        .map(|w| format!("\"{w}\""))
        .collect();
    (!words.is_empty()).then(|| words.join(" AND "))
}

type Sql = (String, Vec<rusqlite::types::Value>);

/// The datetime interval is checked in the R*Tree (its third dimension) with the bbox.
fn datetime_in_rtree(f: &Filter, with_datetime: bool) -> bool {
    f.bbox.is_some() && with_datetime && f.datetime.is_some() && !f.include_undated
}

/// The R*Tree condition of a filter's bbox (and datetime, when it goes there): parameters
/// are pushed on `v`. None without a bbox.
fn rtree_condition(f: &Filter, with_datetime: bool, v: &mut Vec<rusqlite::types::Value>) -> Option<String> {
    use rusqlite::types::Value as V;
    let b = f.bbox.as_ref()?;
    let mut days = String::new();
    if datetime_in_rtree(f, with_datetime) {
        if let Some(d) = &f.datetime {
            if let Some(s) = d.start {
                days.push_str(&format!(" AND maxd >= {}", day_number(s)));
            }
            if let Some(e) = d.end {
                days.push_str(&format!(" AND mind <= {}", day_number(e)));
            }
            if d.start.is_none() {
                days.push_str(&format!(" AND maxd > {UNDATED_DAY}"));
            }
        }
    }
    let parts: Vec<String> = b
        .parts()
        .iter()
        .map(|p| {
            v.extend([V::Real(p.max_lon), V::Real(p.min_lon), V::Real(p.max_lat), V::Real(p.min_lat)]);
            format!("(minx <= ? AND maxx >= ? AND miny <= ? AND maxy >= ?{days})")
        })
        .collect();
    Some(parts.join(" OR "))
}

/// A filter that the R*Tree answers alone: a bbox and at most a datetime interval. The
/// R*Tree holds exactly the located events, with their day, so counting and ordering need
/// no event row at all.
fn rtree_only(f: &Filter, with_datetime: bool) -> bool {
    f.bbox.is_some()
        && !f.include_unlocated
        && (!with_datetime || f.datetime.is_none() || datetime_in_rtree(f, true))
        && f.types.is_empty()
        && f.country.is_none()
        && f.actor.is_none()
        && f.q.as_deref().and_then(fts_query).is_none()
        && f.min_fatalities.is_none()
        && f.precision.is_none()
}

/// The WHERE clause of a filter over `events e`.
fn where_clause(f: &Filter, with_datetime: bool) -> Sql {
    use rusqlite::types::Value as V;
    let mut w: Vec<String> = vec!["1=1".into()];
    let mut v: Vec<V> = Vec::new();
    if !f.include_unlocated {
        w.push("e.lon IS NOT NULL".into());
    }
    // A bbox, with the datetime interval when there is one, is one R*Tree lookup.
    let dt_in_rtree = datetime_in_rtree(f, with_datetime);
    if let Some(cond) = rtree_condition(f, with_datetime, &mut v) {
        w.push(format!("e.rowid IN (SELECT id FROM events_rtree WHERE {cond})"));
    }
    if with_datetime && !dt_in_rtree {
        if let Some(d) = &f.datetime {
            let mut c = Vec::new();
            if let Some(s) = d.start {
                c.push("e.day >= ?".to_string());
                v.push(V::Integer(day_number(s)));
            }
            if let Some(e) = d.end {
                c.push("e.day <= ?".to_string());
                v.push(V::Integer(day_number(e)));
            }
            let dated = format!("(e.day IS NOT NULL AND {})", c.join(" AND "));
            w.push(if f.include_undated { format!("({dated} OR e.day IS NULL)") } else { dated });
        }
    }
    if !f.types.is_empty() {
        w.push(format!("e.type IN ({})", vec!["?"; f.types.len()].join(",")));
        v.extend(f.types.iter().map(|t| V::Text(t.as_str().to_string())));
    }
    if let Some(c) = &f.country {
        w.push("e.country = ?".into());
        v.push(V::Text(c.to_uppercase()));
    }
    if let Some(a) = &f.actor {
        if a.len() == 2 && a.chars().all(|c| c.is_ascii_alphabetic()) {
            w.push("e.actors LIKE ?".into());
            v.push(V::Text(format!("% {} %", a.to_uppercase())));
        } else {
            w.push("e.actor_names LIKE ? ESCAPE '\\'".into());
            let esc = a.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
            v.push(V::Text(format!("%{esc}%")));
        }
    }
    if let Some(q) = f.q.as_deref().and_then(fts_query) {
        w.push("e.rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)".into());
        v.push(V::Text(q));
    }
    if let Some(n) = f.min_fatalities {
        w.push("e.fatalities >= ?".into());
        v.push(V::Integer(n as i64));
    }
    if let Some(p) = f.precision {
        w.push("e.precision = ?".into());
        v.push(V::Text(p.as_str().to_string()));
    }
    (w.join(" AND "), v)
}

fn row_event(r: &rusqlite::Row<'_>) -> rusqlite::Result<(String, Option<f64>, Option<f64>, String)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
}

fn to_event((id, lon, lat, props): (String, Option<f64>, Option<f64>, String)) -> Result<StoredEvent, StoreError> {
    let properties = super::Properties::from_stored(&id, props)?;
    Ok(StoredEvent { id, lon, lat, properties })
}

/// Events matching a filter, newest first, and how many match. The order and the page are
/// taken on row ids alone (the sorter then holds two numbers per match, not the JSON of every
/// matching event); the page's rows are read afterwards.
fn query_blocking(c: &Connection, f: &Filter, limit: u64, offset: u64) -> Result<(Vec<StoredEvent>, u64), StoreError> {
    let page = format!("LIMIT {} OFFSET {}", limit.min(i64::MAX as u64), offset.min(i64::MAX as u64));
    let (count_sql, v) = count_sql(f);
    let (page_sql, pv) = ordered_ids_sql(f, &page);
    // One read transaction: the count, the page and its rows see the same snapshot.
    let tx = c.unchecked_transaction()?;
    let matched: u64 = tx.query_row(&count_sql, params_from_iter(v.iter()), |r| r.get(0))?;
    let mut st = tx.prepare(&page_sql)?;
    let rowids = st.query_map(params_from_iter(pv.iter()), |r| r.get::<_, i64>(0))?.collect::<Result<Vec<_>, _>>()?;
    drop(st);
    let rows = rows_by_rowid(&tx, &rowids)?;
    Ok((rows, matched))
}

/// SQL over the events matching a filter, with its parameters: made by `on_rtree` from an
/// R*Tree condition when the R*Tree alone answers the filter, by `on_events` from a WHERE
/// clause over `events e` otherwise.
fn matching_sql(f: &Filter, with_datetime: bool, on_rtree: impl FnOnce(&str) -> String, on_events: impl FnOnce(&str) -> String) -> Sql {
    if rtree_only(f, with_datetime) {
        let mut v = Vec::new();
        let cond = rtree_condition(f, with_datetime, &mut v).unwrap_or_else(|| "1=1".into());
        (on_rtree(&cond), v)
    } else {
        let (w, v) = where_clause(f, with_datetime);
        (on_events(&w), v)
    }
}

/// The SQL that counts the events matching a filter.
fn count_sql(f: &Filter) -> Sql {
    matching_sql(
        f,
        true,
        |cond| format!("SELECT COUNT(*) FROM events_rtree WHERE {cond}"),
        |w| format!("SELECT COUNT(*) FROM events e WHERE {w}"),
    )
}

/// The SQL of the row ids of the events matching a filter, newest first (undated last, then
/// by row id), followed by `tail` (a LIMIT).
fn ordered_ids_sql(f: &Filter, tail: &str) -> Sql {
    matching_sql(
        f,
        true,
        // Undated events sit at the bottom of the R*Tree's day axis, so "day descending" puts
        // them last, as in the general order.
        |cond| format!("SELECT id FROM events_rtree WHERE {cond} ORDER BY maxd DESC, id {tail}"),
        |w| format!("SELECT e.rowid FROM events e WHERE {w} ORDER BY e.day IS NULL, e.day DESC, e.rowid {tail}"),
    )
}

/// The events with these row ids, in the same order.
fn rows_by_rowid(c: &Connection, rowids: &[i64]) -> Result<Vec<StoredEvent>, StoreError> {
    let mut st = c.prepare_cached("SELECT id, lon, lat, props FROM events WHERE rowid = ?1")?;
    let mut out = Vec::with_capacity(rowids.len());
    for &r in rowids {
        if let Some(row) = st.query_row([r], row_event).optional()? {
            out.push(to_event(row)?);
        }
    }
    Ok(out)
}

#[async_trait::async_trait]
impl EventStore for SqliteStore {
    async fn put_article(&self, p: &Processed) -> Result<PutOutcome, StoreError> {
        let w = self.writer.clone();
        let p = p.clone();
        tokio::task::spawn_blocking(move || {
            let mut c = w.lock().map_err(|_| StoreError::Other("writer poisoned".into()))?;
            SqliteStore::put_blocking(&mut c, &p)
        })
        .await
        .map_err(|e| StoreError::Other(format!("store task failed: {e}")))?
    }

    async fn query(&self, f: &Filter, limit: u64, offset: u64) -> Result<(Vec<StoredEvent>, u64), StoreError> {
        let f = f.clone();
        self.read(move |c| query_blocking(c, &f, limit, offset)).await
    }

    async fn get(&self, id: &str) -> Result<Option<StoredEvent>, StoreError> {
        let id = id.to_string();
        self.read(move |c| {
            let r = c.query_row("SELECT id, lon, lat, props FROM events WHERE id = ?1", [&id], row_event).optional()?;
            r.map(to_event).transpose()
        })
        .await
    }

    async fn timeline(&self, f: &Filter, bin: Option<Bin>) -> Result<Timeline, StoreError> {
        let f = f.clone();
        self.read(move |c| {
            let (sql, v) = matching_sql(
                &f,
                false,
                |cond| format!("SELECT CAST(maxd AS INTEGER) AS d, COUNT(*) FROM events_rtree WHERE {cond} GROUP BY d"),
                |w| format!("SELECT e.day, COUNT(*) FROM events e WHERE {w} GROUP BY e.day"),
            );
            let mut st = c.prepare(&sql)?;
            let rows = st.query_map(params_from_iter(v.iter()), |r| {
                let day = r.get::<_, Option<i64>>(0)?.filter(|&d| d != UNDATED_DAY);
                Ok((day, r.get::<_, u64>(1)?))
            })?;
            Ok(super::timeline_from_days(bin, rows.collect::<Result<Vec<_>, _>>()?))
        })
        .await
    }

    async fn clusters(&self, f: &Filter, cell_deg: f64) -> Result<Vec<Cluster>, StoreError> {
        let f = f.clone();
        let cell = if cell_deg.is_finite() && cell_deg > 1e-6 { cell_deg } else { 1.0 };
        self.read(move |c| {
            let (w, v) = where_clause(&f, true);
            let mut st = c.prepare(&format!(
                "SELECT AVG(e.lon), AVG(e.lat), COUNT(*) FROM events e WHERE {w} AND e.lon IS NOT NULL
                 GROUP BY CAST((e.lon + 180) / {cell} AS INTEGER), CAST((e.lat + 90) / {cell} AS INTEGER)"
            ))?;
            let rows = st.query_map(params_from_iter(v.iter()), |r| Ok(Cluster { lon: r.get(0)?, lat: r.get(1)?, count: r.get(2)? }))?;
            rows.collect::<Result<Vec<_>, _>>().map_err(StoreError::from)
        })
        .await
    }

    async fn export(&self, f: &Filter, tx: tokio::sync::mpsc::Sender<Vec<StoredEvent>>) -> Result<(), StoreError> {
        let f = f.clone();
        self.read_long(move |c| {
            // The order is taken on row ids (8 bytes per match), then the rows are read in
            // batches: the sorter never holds the events' JSON.
            let snapshot = c.unchecked_transaction()?;
            let (sql, v) = ordered_ids_sql(&f, "");
            let mut st = snapshot.prepare(&sql)?;
            let rowids = st.query_map(params_from_iter(v.iter()), |r| r.get::<_, i64>(0))?.collect::<Result<Vec<_>, _>>()?;
            drop(st);
            for chunk in rowids.chunks(1000) {
                if tx.blocking_send(rows_by_rowid(&snapshot, chunk)?).is_err() {
                    return Ok(());
                }
            }
            Ok(())
        })
        .await
    }

    async fn articles(&self, limit: u64, offset: u64) -> Result<(Vec<StoredArticle>, u64), StoreError> {
        self.read(move |c| {
            let total: u64 = c.query_row("SELECT COUNT(*) FROM articles", [], |r| r.get(0))?;
            let mut st = c.prepare(&format!(
                "SELECT a.id, a.title, a.url, a.source, a.published, a.lang, a.parent,
                        (SELECT COUNT(*) FROM events e WHERE e.article = a.rowid), a.lon, a.lat
                 FROM articles a ORDER BY a.published IS NULL, a.published DESC, a.rowid LIMIT {} OFFSET {}",
                limit.min(i64::MAX as u64),
                offset.min(i64::MAX as u64)
            ))?;
            let rows = st.query_map([], article_row)?;
            Ok((rows.collect::<Result<Vec<_>, _>>()?, total))
        })
        .await
    }

    async fn article(&self, id: &str) -> Result<Option<StoredArticle>, StoreError> {
        let id = id.to_string();
        self.read(move |c| {
            Ok(c.query_row(
                "SELECT a.id, a.title, a.url, a.source, a.published, a.lang, a.parent,
                        (SELECT COUNT(*) FROM events e WHERE e.article = a.rowid), a.lon, a.lat
                 FROM articles a WHERE a.id = ?1",
                [&id],
                article_row,
            )
            .optional()?)
        })
        .await
    }

    async fn stats(&self) -> Result<Stats, StoreError> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT (SELECT COUNT(*) FROM articles), COUNT(*), COUNT(lon), COUNT(day) FROM events",
                [],
                |r| Ok(Stats { articles: r.get(0)?, events: r.get(1)?, located: r.get(2)?, dated: r.get(3)? }),
            )?)
        })
        .await
    }
}

fn article_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredArticle> {
    Ok(StoredArticle {
        id: r.get(0)?,
        title: r.get(1)?,
        url: r.get(2)?,
        source: r.get(3)?,
        published: r.get(4)?,
        lang: r.get(5)?,
        parent: r.get(6)?,
        events: r.get(7)?,
        lon: r.get(8)?,
        lat: r.get(9)?,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn fts_queries_are_quoted_words() {
        assert_eq!(super::fts_query("Alep \"OR\" NEAR(x"), Some("\"Alep\" AND \"OR\" AND \"NEAR\" AND \"x\"".into()));
        assert_eq!(super::fts_query("  ***  "), None);
    }
}
