//! The server store: PostgreSQL with PostGIS, for many readers and writers and for GIS tools.
//!
//! Events carry a `geometry(Point, 4326)` with a GiST index, a `date` with a B-tree, and a
//! `tsvector` (words and their stems in the article's language, computed here by
//! `lexemes.rs`) with a GIN index; `events_geo` is a
//! view that QGIS and friends open directly. Connections come from a pool (deadpool), queries
//! are pipelined where two go together, exports read through a cursor in batches, and bulk
//! ingest writes whole batches of articles with binary COPY.

use super::filter::Filter;
use super::{Bin, Cluster, EventRow, EventStore, PutOutcome, Stats, StoreError, StoredArticle, StoredEvent, Timeline};
use crate::pipeline::Processed;
use deadpool_postgres::{Manager, ManagerConfig, Object, Pool, RecyclingMethod};
use std::collections::{HashMap, HashSet};
use tokio_postgres::binary_copy::BinaryCopyInWriter;
use tokio_postgres::types::{ToSql, Type};
use tokio_postgres::NoTls;

/// Migrations, in order; the table `dateline_schema` records which have run.
const MIGRATIONS: &[&str] = &[include_str!("sql/postgis_001_init.sql")];

/// Connections in the pool.
const POOL_SIZE: usize = 16;

/// Rows per batch of an export.
const EXPORT_BATCH: i32 = 1000;

/// Key of the advisory lock that serialises migrations between processes.
const MIGRATION_LOCK: i64 = 0x6461_7465_6c69_6e65; // "dateline"

/// See the module documentation.
pub struct PgStore {
    pool: Pool,
}

/// A store error from a PostgreSQL one, with the server's message, detail and hint.
fn pg(e: tokio_postgres::Error) -> StoreError {
    match e.as_db_error() {
        Some(db) => {
            let mut m = format!("{} ({})", db.message(), db.code().code());
            if let Some(d) = db.detail() {
                m.push_str(&format!("; {d}"));
            }
            if let Some(h) = db.hint() {
                m.push_str(&format!("; hint: {h}"));
            }
            StoreError::Postgres(m)
        }
        None => {
            let mut m = e.to_string();
            let mut src = std::error::Error::source(&e);
            while let Some(s) = src {
                m.push_str(&format!(": {s}"));
                src = s.source();
            }
            StoreError::Postgres(m)
        }
    }
}

fn is_unique_violation(e: &StoreError) -> bool {
    matches!(e, StoreError::Postgres(m) if m.contains("(23505)"))
}

/// A WHERE clause and its parameters, numbered as they are bound.
#[derive(Default)]
struct Sql {
    clauses: Vec<String>,
    params: Vec<Box<dyn ToSql + Sync + Send>>,
}

impl Sql {
    /// Binds `v` and returns its placeholder.
    fn bind<T: ToSql + Sync + Send + 'static>(&mut self, v: T) -> String {
        self.params.push(Box::new(v));
        format!("${}", self.params.len())
    }

    fn refs(&self) -> Vec<&(dyn ToSql + Sync)> {
        self.params.iter().map(|b| b.as_ref() as &(dyn ToSql + Sync)).collect()
    }

    fn where_(&self) -> String {
        if self.clauses.is_empty() {
            "TRUE".into()
        } else {
            self.clauses.join(" AND ")
        }
    }
}

/// The WHERE clause of a filter over `events e`.
fn where_clause(f: &Filter, with_datetime: bool) -> Sql {
    let mut s = Sql::default();
    if !f.include_unlocated {
        s.clauses.push("e.geom IS NOT NULL".into());
    }
    if let Some(b) = &f.bbox {
        let parts: Vec<String> = b
            .parts()
            .iter()
            .map(|p| {
                let (a, b, c, d) = (s.bind(p.min_lon), s.bind(p.min_lat), s.bind(p.max_lon), s.bind(p.max_lat));
                format!("e.geom && ST_MakeEnvelope({a}, {b}, {c}, {d}, 4326)")
            })
            .collect();
        s.clauses.push(format!("({})", parts.join(" OR ")));
    }
    if with_datetime {
        if let Some(d) = &f.datetime {
            let mut c = vec!["e.day IS NOT NULL".to_string()];
            if let Some(x) = d.start {
                c.push(format!("e.day >= {}", s.bind(x)));
            }
            if let Some(x) = d.end {
                c.push(format!("e.day <= {}", s.bind(x)));
            }
            let dated = format!("({})", c.join(" AND "));
            s.clauses.push(if f.include_undated { format!("({dated} OR e.day IS NULL)") } else { dated });
        }
    }
    if !f.types.is_empty() {
        let types: Vec<String> = f.types.iter().map(|t| t.as_str().to_string()).collect();
        let p = s.bind(types);
        s.clauses.push(format!("e.type = ANY({p})"));
    }
    if let Some(c) = &f.country {
        let p = s.bind(c.to_uppercase());
        s.clauses.push(format!("e.country = {p}"));
    }
    if let Some(a) = &f.actor {
        if a.len() == 2 && a.chars().all(|c| c.is_ascii_alphabetic()) {
            let p = s.bind(a.to_uppercase());
            s.clauses.push(format!("e.actors @> ARRAY[{p}::text]"));
        } else {
            let esc = a.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
            let p = s.bind(format!("%{esc}%"));
            s.clauses.push(format!("e.actor_names ILIKE {p} ESCAPE '\\'"));
        }
    }
    if let Some(q) = f.q.as_deref().and_then(super::lexemes::tsquery) {
        let p = s.bind(q);
        s.clauses.push(format!("e.tsv @@ {p}::text::tsquery"));
    }
    if let Some(n) = f.min_fatalities {
        let p = s.bind(n.min(i32::MAX as u32) as i32);
        s.clauses.push(format!("e.fatalities >= {p}"));
    }
    if let Some(pr) = f.precision {
        let p = s.bind(pr.as_str().to_string());
        s.clauses.push(format!("e.precision = {p}"));
    }
    s
}

fn to_event(r: &tokio_postgres::Row) -> Result<StoredEvent, StoreError> {
    let id: String = r.try_get(0).map_err(pg)?;
    let props: String = r.try_get(3).map_err(|e| StoreError::Corrupt(format!("event {id}: {e}")))?;
    let properties = super::Properties::from_stored(&id, props)?;
    Ok(StoredEvent { id, lon: r.try_get(1).map_err(pg)?, lat: r.try_get(2).map_err(pg)?, properties })
}

fn to_article(r: &tokio_postgres::Row) -> Result<StoredArticle, StoreError> {
    let published: Option<chrono::NaiveDate> = r.try_get(4).map_err(pg)?;
    Ok(StoredArticle {
        id: r.try_get(0).map_err(pg)?,
        title: r.try_get(1).map_err(pg)?,
        url: r.try_get(2).map_err(pg)?,
        source: r.try_get(3).map_err(pg)?,
        published: published.map(|d| d.to_string()),
        lang: r.try_get(5).map_err(pg)?,
        parent: r.try_get(6).map_err(pg)?,
        events: r.try_get::<_, i64>(7).map_err(pg)? as u64,
        lon: r.try_get(8).map_err(pg)?,
        lat: r.try_get(9).map_err(pg)?,
    })
}

const ARTICLE_COLUMNS: &str = "a.id, a.title, a.url, a.source, a.published, a.lang, a.parent,
    (SELECT COUNT(*) FROM events e WHERE e.article = a.seq), a.lon, a.lat";

/// What a batch does with each of its articles.
enum Plan {
    Insert,
    /// Replaces stored articles (their `seq`s).
    Replace,
    Skip,
    /// Replaced by a later article of the same batch.
    Superseded,
}

impl PgStore {
    /// Connects to the server a `postgres://` URL names, and creates or migrates the schema.
    pub async fn connect(url: &str) -> Result<PgStore, StoreError> {
        let mut cfg: tokio_postgres::Config =
            url.parse().map_err(|e| StoreError::Postgres(format!("the database URL is not valid: {e}")))?;
        if cfg.get_connect_timeout().is_none() {
            cfg.connect_timeout(std::time::Duration::from_secs(10));
        }
        if cfg.get_application_name().is_none() {
            cfg.application_name("dateline");
        }
        let mgr = Manager::from_config(cfg, NoTls, ManagerConfig { recycling_method: RecyclingMethod::Fast });
        let pool = Pool::builder(mgr)
            .max_size(POOL_SIZE)
            .build()
            .map_err(|e| StoreError::Postgres(format!("connection pool: {e}")))?;
        let store = PgStore { pool };
        store.migrate().await?;
        Ok(store)
    }

    async fn client(&self) -> Result<Object, StoreError> {
        self.pool.get().await.map_err(|e| match e {
            deadpool_postgres::PoolError::Backend(e) => pg(e),
            e => StoreError::Postgres(format!("connection pool: {e}")),
        })
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        let mut c = self.client().await?;
        let tx = c.transaction().await.map_err(pg)?;
        // One process migrates at a time; the others wait here and then find it done.
        tx.query_one("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK]).await.map_err(pg)?;
        // PostGIS first. Creating an extension needs rights a plain user may not have, so
        // look before asking.
        let has: bool = tx
            .query_one("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'postgis')", &[])
            .await
            .map_err(pg)?
            .get(0);
        if !has {
            tx.batch_execute("CREATE EXTENSION IF NOT EXISTS postgis").await.map_err(|e| {
                StoreError::Postgres(format!(
                    "PostGIS is not enabled in this database and could not be enabled ({}); \
                     install PostGIS on the server (Debian: postgresql-15-postgis-3) and have an \
                     administrator run CREATE EXTENSION postgis in it",
                    match pg(e) {
                        StoreError::Postgres(m) => m,
                        other => other.to_string(),
                    }
                ))
            })?;
        }
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS dateline_schema (
                 version integer PRIMARY KEY,
                 applied_at timestamptz NOT NULL DEFAULT now())",
        )
        .await
        .map_err(pg)?;
        let version: i32 =
            tx.query_one("SELECT COALESCE(MAX(version), 0) FROM dateline_schema", &[]).await.map_err(pg)?.get(0);
        let known = MIGRATIONS.len() as i64;
        if version as i64 > known {
            return Err(StoreError::TooNew { found: version as i64, known });
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            tx.batch_execute(sql).await.map_err(pg)?;
            tx.execute("INSERT INTO dateline_schema (version) VALUES ($1)", &[&(i as i32 + 1)]).await.map_err(pg)?;
            tracing::info!(version = i + 1, "PostGIS store schema migrated");
        }
        tx.commit().await.map_err(pg)
    }

    /// Stores a batch of articles in one transaction: whole articles only, each inserted,
    /// replacing an older version, or skipped as already stored, exactly as one
    /// [`EventStore::put_article`] call each would, in order. Rows go in by binary COPY.
    pub async fn put_batch(&self, ps: &[Processed]) -> Result<Vec<PutOutcome>, StoreError> {
        // Two writers may race to store the same article: the loser's unique violation rolls
        // its batch back, and the batch is planned again against what the winner stored.
        let mut tries = 0;
        loop {
            match self.try_put_batch(ps).await {
                Err(e) if is_unique_violation(&e) && tries < 3 => tries += 1,
                r => return r,
            }
        }
    }

    async fn try_put_batch(&self, ps: &[Processed]) -> Result<Vec<PutOutcome>, StoreError> {
        if ps.is_empty() {
            return Ok(Vec::new());
        }
        let mut c = self.client().await?;
        let tx = c.transaction().await.map_err(pg)?;
        let hashes: Vec<String> = ps.iter().map(|p| super::content_hash(&p.article)).collect();
        let urls: Vec<String> = ps.iter().filter_map(|p| p.article.url.clone()).collect();
        let ids: Vec<String> = ps.iter().map(|p| p.article.id.clone()).collect();
        let stored_hashes: HashSet<String> = tx
            .query("SELECT hash FROM articles WHERE hash = ANY($1)", &[&hashes])
            .await
            .map_err(pg)?
            .iter()
            .map(|r| r.get(0))
            .collect();
        let mut by_url: HashMap<String, i64> = HashMap::new();
        let mut by_id: HashMap<String, i64> = HashMap::new();
        for r in tx
            .query("SELECT seq, url, id FROM articles WHERE url = ANY($1) OR id = ANY($2)", &[&urls, &ids])
            .await
            .map_err(pg)?
        {
            let seq: i64 = r.get(0);
            if let Some(u) = r.get::<_, Option<String>>(1) {
                by_url.insert(u, seq);
            }
            by_id.insert(r.get(2), seq);
        }

        // Plan each article in order, against the store and the batch's earlier articles.
        let mut plans: Vec<Plan> = Vec::with_capacity(ps.len());
        let mut doomed: Vec<i64> = Vec::new();
        let mut seen_hash: HashSet<&str> = HashSet::new();
        let mut seen_key: HashMap<&str, usize> = HashMap::new();
        for (i, p) in ps.iter().enumerate() {
            let a = &p.article;
            if stored_hashes.contains(&hashes[i]) || !seen_hash.insert(&hashes[i]) {
                plans.push(Plan::Skip);
                continue;
            }
            let mut replaces = false;
            for key in a.url.iter().chain(std::iter::once(&a.id)) {
                if let Some(j) = seen_key.insert(key.as_str(), i) {
                    if matches!(plans[j], Plan::Insert | Plan::Replace) {
                        plans[j] = Plan::Superseded;
                        replaces = true;
                    }
                }
            }
            let stored = a.url.as_ref().and_then(|u| by_url.get(u)).into_iter().chain(by_id.get(&a.id));
            for &seq in stored {
                doomed.push(seq);
                replaces = true;
            }
            plans.push(if replaces { Plan::Replace } else { Plan::Insert });
        }
        if !doomed.is_empty() {
            tx.execute("DELETE FROM events WHERE article = ANY($1)", &[&doomed]).await.map_err(pg)?;
            tx.execute("DELETE FROM articles WHERE seq = ANY($1)", &[&doomed]).await.map_err(pg)?;
        }
        let writing: Vec<usize> =
            plans.iter().enumerate().filter(|(_, p)| matches!(p, Plan::Insert | Plan::Replace)).map(|(i, _)| i).collect();
        if !writing.is_empty() {
            let seqs: Vec<i64> = tx
                .query(
                    "SELECT nextval(pg_get_serial_sequence('articles', 'seq')) FROM generate_series(1, $1)",
                    &[&(writing.len() as i32)],
                )
                .await
                .map_err(pg)?
                .iter()
                .map(|r| r.get(0))
                .collect();
            copy_articles(&tx, ps, &writing, &seqs, &hashes).await?;
            copy_events(&tx, ps, &writing, &seqs).await?;
        }
        tx.commit().await.map_err(pg)?;
        Ok(plans
            .iter()
            .map(|p| match p {
                Plan::Insert => PutOutcome::Inserted,
                Plan::Replace => PutOutcome::Replaced,
                // A superseded article was stored and then replaced within the batch; as
                // separate calls it would have been inserted.
                Plan::Superseded => PutOutcome::Inserted,
                Plan::Skip => PutOutcome::Skipped,
            })
            .collect())
    }
}

async fn copy_articles(
    tx: &deadpool_postgres::Transaction<'_>,
    ps: &[Processed],
    writing: &[usize],
    seqs: &[i64],
    hashes: &[String],
) -> Result<(), StoreError> {
    let sink = tx
        .copy_in("COPY articles (seq, id, url, hash, title, source, published, lang, parent, body, lon, lat) FROM STDIN BINARY")
        .await
        .map_err(pg)?;
    let types = [
        Type::INT8,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::DATE,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::FLOAT8,
        Type::FLOAT8,
    ];
    let w = BinaryCopyInWriter::new(sink, &types);
    futures::pin_mut!(w);
    for (&i, seq) in writing.iter().zip(seqs) {
        let p = &ps[i];
        let a = &p.article;
        let spot = super::article_spot(p);
        let (lon, lat) = (spot.map(|s| s.0), spot.map(|s| s.1));
        w.as_mut()
            .write(&[seq, &a.id, &a.url, &hashes[i], &a.title, &a.source, &a.published, &p.lang, &a.parent, &a.body, &lon, &lat])
            .await
            .map_err(pg)?;
    }
    w.finish().await.map_err(pg)?;
    Ok(())
}

async fn copy_events(
    tx: &deadpool_postgres::Transaction<'_>,
    ps: &[Processed],
    writing: &[usize],
    seqs: &[i64],
) -> Result<(), StoreError> {
    let sink = tx
        .copy_in(
            "COPY events (id, article, type, day, lon, lat, country, precision, fatalities, actors, actor_names, tsv, props)
             FROM STDIN BINARY",
        )
        .await
        .map_err(pg)?;
    let types = [
        Type::TEXT,
        Type::INT8,
        Type::TEXT,
        Type::DATE,
        Type::FLOAT8,
        Type::FLOAT8,
        Type::TEXT,
        Type::TEXT,
        Type::INT4,
        Type::TEXT_ARRAY,
        Type::TEXT,
        Type::TS_VECTOR,
        Type::JSON,
    ];
    let w = BinaryCopyInWriter::new(sink, &types);
    futures::pin_mut!(w);
    let mut lexers: HashMap<&str, super::lexemes::Lexer> = HashMap::new();
    for (&i, seq) in writing.iter().zip(seqs) {
        let p = &ps[i];
        let lexer = lexers.entry(p.lang.as_str()).or_insert_with(|| super::lexemes::Lexer::new(&p.lang));
        for e in &p.events {
            let r = EventRow::new(e, &p.article);
            let fatalities = r.fatalities.map(|n| n.min(i32::MAX as u32) as i32);
            let names = r.actor_names.join(" | ");
            w.as_mut()
                .write(&[
                    &r.id,
                    seq,
                    &r.event_type,
                    &r.day,
                    &r.lon,
                    &r.lat,
                    &r.country,
                    &r.precision,
                    &fatalities,
                    &r.actor_codes,
                    &names,
                    &super::lexemes::TsVector(lexer.lexemes(&r.search)),
                    &r.props,
                ])
                .await
                .map_err(pg)?;
        }
    }
    w.finish().await.map_err(pg)?;
    Ok(())
}

#[async_trait::async_trait]
impl EventStore for PgStore {
    async fn put_article(&self, p: &Processed) -> Result<PutOutcome, StoreError> {
        let out = self.put_batch(std::slice::from_ref(p)).await?;
        out.into_iter().next().ok_or_else(|| StoreError::Other("no outcome for the article".into()))
    }

    async fn put_articles(&self, ps: &[Processed]) -> Vec<Result<PutOutcome, StoreError>> {
        match self.put_batch(ps).await {
            Ok(out) => out.into_iter().map(Ok).collect(),
            // One bad article spoils its batch; store them one by one so the others land and
            // the bad one is reported on its own.
            Err(e) => {
                tracing::debug!("batch of {} articles failed ({e}); storing them one by one", ps.len());
                let mut out = Vec::with_capacity(ps.len());
                for p in ps {
                    out.push(self.put_article(p).await);
                }
                out
            }
        }
    }

    async fn query(&self, f: &Filter, limit: u64, offset: u64) -> Result<(Vec<StoredEvent>, u64), StoreError> {
        let c = self.client().await?;
        let s = where_clause(f, true);
        let w = s.where_();
        let count_sql = format!("SELECT COUNT(*) FROM events e WHERE {w}");
        let rows_sql = format!(
            "SELECT e.id, e.lon, e.lat, e.props::text FROM events e WHERE {w}
             ORDER BY e.day DESC NULLS LAST, e.seq LIMIT {} OFFSET {}",
            limit.min(i64::MAX as u64),
            offset.min(i64::MAX as u64)
        );
        let params = s.refs();
        // Both statements go down the one connection together (pipelined).
        let (count, rows) = futures::try_join!(c.query_one(&count_sql, &params), c.query(&rows_sql, &params)).map_err(pg)?;
        let matched: i64 = count.get(0);
        let events = rows.iter().map(to_event).collect::<Result<Vec<_>, _>>()?;
        Ok((events, matched as u64))
    }

    async fn get(&self, id: &str) -> Result<Option<StoredEvent>, StoreError> {
        let c = self.client().await?;
        let r = c.query_opt("SELECT id, lon, lat, props::text FROM events WHERE id = $1", &[&id]).await.map_err(pg)?;
        r.as_ref().map(to_event).transpose()
    }

    async fn timeline(&self, f: &Filter, bin: Option<Bin>) -> Result<Timeline, StoreError> {
        let c = self.client().await?;
        let s = where_clause(f, false);
        let w = s.where_();
        let params = s.refs();
        let d = "(e.day - DATE '1970-01-01')";
        let rows = c
            .query(&format!("SELECT {d}, COUNT(*) FROM events e WHERE {w} GROUP BY e.day"), &params)
            .await
            .map_err(pg)?;
        let days = rows.iter().map(|r| (r.get::<_, Option<i32>>(0).map(i64::from), r.get::<_, i64>(1) as u64)).collect();
        Ok(super::timeline_from_days(bin, days))
    }

    async fn clusters(&self, f: &Filter, cell_deg: f64) -> Result<Vec<Cluster>, StoreError> {
        let c = self.client().await?;
        let cell = if cell_deg.is_finite() && cell_deg > 1e-6 { cell_deg } else { 1.0 };
        let mut s = where_clause(f, true);
        let w = s.where_();
        let p = s.bind(cell);
        let rows = c
            .query(
                &format!(
                    "SELECT AVG(e.lon), AVG(e.lat), COUNT(*) FROM events e WHERE {w} AND e.lon IS NOT NULL
                     GROUP BY floor((e.lon + 180) / {p}), floor((e.lat + 90) / {p})"
                ),
                &s.refs(),
            )
            .await
            .map_err(pg)?;
        Ok(rows
            .iter()
            .map(|r| Cluster { lon: r.get(0), lat: r.get(1), count: r.get::<_, i64>(2) as u64 })
            .collect())
    }

    async fn export(&self, f: &Filter, tx: tokio::sync::mpsc::Sender<Vec<StoredEvent>>) -> Result<(), StoreError> {
        let mut c = self.client().await?;
        let s = where_clause(f, true);
        let sql = format!(
            "SELECT e.id, e.lon, e.lat, e.props::text FROM events e WHERE {} ORDER BY e.day DESC NULLS LAST, e.seq",
            s.where_()
        );
        // A portal in a read-only transaction: the server hands rows over a batch at a time,
        // so memory stays flat however many events match.
        let t = c.build_transaction().read_only(true).start().await.map_err(pg)?;
        let stmt = t.prepare(&sql).await.map_err(pg)?;
        let portal = t.bind(&stmt, &s.refs()).await.map_err(pg)?;
        loop {
            let rows = t.query_portal(&portal, EXPORT_BATCH).await.map_err(pg)?;
            let n = rows.len();
            if n == 0 {
                break;
            }
            let batch = rows.iter().map(to_event).collect::<Result<Vec<_>, _>>()?;
            if tx.send(batch).await.is_err() || n < EXPORT_BATCH as usize {
                break;
            }
        }
        t.commit().await.map_err(pg)
    }

    async fn articles(&self, limit: u64, offset: u64) -> Result<(Vec<StoredArticle>, u64), StoreError> {
        let c = self.client().await?;
        let sql = format!(
            "SELECT {ARTICLE_COLUMNS} FROM articles a ORDER BY a.published DESC NULLS LAST, a.seq LIMIT {} OFFSET {}",
            limit.min(i64::MAX as u64),
            offset.min(i64::MAX as u64)
        );
        let (total, rows) =
            futures::try_join!(c.query_one("SELECT COUNT(*) FROM articles", &[]), c.query(&sql, &[])).map_err(pg)?;
        let list = rows.iter().map(to_article).collect::<Result<Vec<_>, _>>()?;
        Ok((list, total.get::<_, i64>(0) as u64))
    }

    async fn article(&self, id: &str) -> Result<Option<StoredArticle>, StoreError> {
        let c = self.client().await?;
        let r = c
            .query_opt(&format!("SELECT {ARTICLE_COLUMNS} FROM articles a WHERE a.id = $1"), &[&id])
            .await
            .map_err(pg)?;
        r.as_ref().map(to_article).transpose()
    }

    async fn stats(&self) -> Result<Stats, StoreError> {
        let c = self.client().await?;
        let r = c
            .query_one("SELECT (SELECT COUNT(*) FROM articles), COUNT(*), COUNT(geom), COUNT(day) FROM events", &[])
            .await
            .map_err(pg)?;
        let n = |i: usize| r.get::<_, i64>(i) as u64;
        Ok(Stats { articles: n(0), events: n(1), located: n(2), dated: n(3) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_bind_every_user_value() {
        let f = Filter {
            q: Some("x'; DROP TABLE events; --".into()),
            actor: Some("50%_off".into()),
            country: Some("sy".into()),
            ..Filter::default()
        };
        let s = where_clause(&f, true);
        let w = s.where_();
        assert!(!w.contains("DROP") && !w.contains("50%"), "{w}");
        assert_eq!(s.params.len(), 3);
        assert!(w.contains("e.geom IS NOT NULL"));
    }
}
