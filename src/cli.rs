//! The command line: subcommands, their flags, and how their results are printed. Results go
//! to stdout, logs and progress to stderr, so output can be piped.

use anyhow::{bail, Context as _, Result};
use clap::{Parser, Subcommand, ValueEnum};
use dateline::eval;
use dateline::gazetteer::import::{self, ImportFiles};
use dateline::gazetteer::{Gazetteer, Kind, SearchOptions};
use dateline::model::CharCounter;
use dateline::pipeline::{self, ingest};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(name = "dateline", version, about = "News articles in, a map of events out")]
struct Cli {
    /// A gazetteer index built by `dateline gazetteer build` or `import` (default: the one
    /// built into this binary).
    #[arg(long, global = true, env = "DATELINE_GAZETTEER")]
    gazetteer: Option<PathBuf>,
    /// Log level for messages on stderr (error, warn, info, debug, trace).
    #[arg(long, global = true, default_value = "warn", env = "DATELINE_LOG")]
    log: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Ranked candidate places for a name.
    Geocode(GeocodeArgs),
    /// Every place name found in text files, resolved.
    Places(PlacesArgs),
    /// Score the geoparser on a corpus (JSON Lines, see shared/eval/README.md).
    Eval(EvalArgs),
    /// Events from article files (text, Markdown, JSON, JSONL, CSV, RSS, Atom, HTML, folders).
    Extract(ExtractArgs),
    /// Read articles into the event store.
    Ingest(IngestArgs),
    /// Ingest any paths given, then serve the API and the web map.
    Serve(ServeArgs),
    /// Write the events of the store that match the filters.
    Export(ExportArgs),
    /// Fill a store with synthetic events, for load tests and benchmarks.
    #[command(hide = true)]
    Synth(SynthArgs),
    /// Build, import or describe gazetteer indexes.
    #[command(subcommand)]
    Gazetteer(GazetteerCmd),
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
enum GeocodeFormat {
    Table,
    Json,
    Geojson,
}

#[derive(clap::Args, Debug)]
struct GeocodeArgs {
    /// The name to look up ("Alep", "province d'Idlib", "Paris, Texas").
    name: String,
    /// Language of the name, for qualifier words such as "province de".
    #[arg(long)]
    lang: Option<String>,
    /// Only places in this country (ISO 3166-1 alpha-2).
    #[arg(long)]
    country: Option<String>,
    /// Only places of this kind: country, admin1, admin2, city, region.
    #[arg(long)]
    kind: Option<String>,
    #[arg(long, default_value_t = 5)]
    limit: usize,
    #[arg(long, value_enum, default_value_t = GeocodeFormat::Table)]
    format: GeocodeFormat,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
enum PlacesFormat {
    Jsonl,
    Geojson,
}

#[derive(clap::Args, Debug)]
struct PlacesArgs {
    /// Text files ("-" for standard input).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Language of the texts (detected when not given).
    #[arg(long)]
    lang: Option<String>,
    #[arg(long, value_enum, default_value_t = PlacesFormat::Jsonl)]
    format: PlacesFormat,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
enum ExtractFormat {
    Geojson,
    Jsonl,
    Csv,
}

#[derive(clap::Args, Debug)]
struct ExtractArgs {
    /// Files or folders ("-" for standard input).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Publication date to use for every article (YYYY-MM-DD), overriding the files'.
    #[arg(long)]
    published: Option<String>,
    /// Language of the articles, when they do not say (detected otherwise).
    #[arg(long)]
    lang: Option<String>,
    #[arg(long, value_enum, default_value_t = ExtractFormat::Geojson)]
    format: ExtractFormat,
}

#[derive(clap::Args, Debug, Clone)]
struct StoreArgs {
    /// The store: a SQLite file.
    #[arg(long, default_value = "dateline.db", env = "DATELINE_DATABASE_URL")]
    db: String,
}

#[derive(clap::Args, Debug)]
struct IngestArgs {
    /// Files or folders ("-" for standard input).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    store: StoreArgs,
    #[arg(long)]
    lang: Option<String>,
    #[arg(long)]
    published: Option<String>,
}

#[derive(clap::Args, Debug)]
struct ServeArgs {
    /// Files or folders to ingest before serving.
    paths: Vec<PathBuf>,
    #[command(flatten)]
    store: StoreArgs,
    /// Address to listen on (loopback unless told otherwise).
    #[arg(long, default_value = "127.0.0.1:8080")]
    bind: std::net::SocketAddr,
    /// A raster tile URL template ({z}/{x}/{y}) to draw under the events.
    #[arg(long)]
    tiles: Option<String>,
    /// Attribution text of the tiles.
    #[arg(long)]
    tiles_attribution: Option<String>,
    /// Token that POST /articles requires (ingest over HTTP is off without one).
    #[arg(long, env = "DATELINE_INGEST_TOKEN", hide_env_values = true)]
    ingest_token: Option<String>,
    /// Serve the web map from this folder instead of the embedded copy (for development).
    #[arg(long)]
    web_dir: Option<PathBuf>,
    /// Allow cross-origin GET requests from this origin (repeatable). CORS is off by default.
    #[arg(long = "cors-origin")]
    cors_origins: Vec<String>,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
enum ExportFormat {
    Geojson,
    Csv,
}

#[derive(clap::Args, Debug)]
struct ExportArgs {
    #[command(flatten)]
    store: StoreArgs,
    #[arg(long, value_enum, default_value_t = ExportFormat::Geojson)]
    format: ExportFormat,
    /// minLon,minLat,maxLon,maxLat
    #[arg(long, allow_hyphen_values = true)]
    bbox: Option<String>,
    /// An instant or an interval (a/b, ../b, a/..).
    #[arg(long)]
    datetime: Option<String>,
    /// PLOVER types, comma-separated.
    #[arg(long = "type")]
    types: Option<String>,
    #[arg(long)]
    country: Option<String>,
    #[arg(long)]
    actor: Option<String>,
    #[arg(long)]
    q: Option<String>,
    #[arg(long)]
    min_fatalities: Option<String>,
    #[arg(long)]
    precision: Option<String>,
}

#[derive(clap::Args, Debug)]
struct SynthArgs {
    #[command(flatten)]
    store: StoreArgs,
    #[arg(long, default_value_t = 100_000)]
    events: usize,
}

#[derive(clap::Args, Debug)]
struct EvalArgs {
    corpus: PathBuf,
    /// Score event locations (corpus in the format of event_location.jsonl).
    #[arg(long, conflicts_with_all = ["gold_spans", "event_types"])]
    events: bool,
    /// Score event types and actors (corpus in the format of plover_gsr.jsonl).
    #[arg(long, conflicts_with = "gold_spans")]
    event_types: bool,
    /// Also score resolution given the gold spans.
    #[arg(long)]
    gold_spans: bool,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
    /// Write per-document errors (missed, spurious, wrongly resolved) to this JSONL file.
    #[arg(long)]
    details: Option<PathBuf>,
    /// Resolver weights as JSON (for tuning; see `pipeline::resolve::Weights`).
    #[arg(long, hide = true)]
    weights: Option<String>,
    /// Score only the first N documents.
    #[arg(long)]
    limit: Option<usize>,
}

#[derive(Subcommand, Debug)]
enum GazetteerCmd {
    /// Build an index from a directory of sources laid out like `gazetteer/`.
    Build {
        #[arg(long, default_value = "gazetteer")]
        from: PathBuf,
        #[arg(long)]
        out: PathBuf,
    },
    /// Build an index from official GeoNames dumps.
    Import {
        /// allCountries.txt or citiesN.txt.
        #[arg(long)]
        main: PathBuf,
        /// alternateNamesV2.txt (or alternateNames.txt).
        #[arg(long)]
        alternate_names: Option<PathBuf>,
        /// admin1CodesASCII.txt.
        #[arg(long)]
        admin1: Option<PathBuf>,
        /// countryInfo.txt.
        #[arg(long)]
        country_info: Option<PathBuf>,
        #[arg(long)]
        out: PathBuf,
    },
    /// Describe the gazetteer in use.
    Info,
}

fn load_gazetteer(path: &Option<PathBuf>) -> Result<&'static Gazetteer> {
    match path {
        None => Ok(Gazetteer::embedded()),
        Some(p) => {
            let g = Gazetteer::open(p)?;
            Ok(Box::leak(Box::new(g)))
        }
    }
}

/// Runs the command line; the exit code says whether everything went well.
pub fn run() -> Result<ExitCode> {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_new(&cli.log).unwrap_or_else(|_| "warn".into()))
        .with_writer(std::io::stderr)
        // Colours only on a terminal: logs written to files or pipes stay plain text.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    match &cli.command {
        Command::Geocode(a) => geocode(load_gazetteer(&cli.gazetteer)?, a),
        Command::Places(a) => places(load_gazetteer(&cli.gazetteer)?, a),
        Command::Eval(a) => eval_cmd(load_gazetteer(&cli.gazetteer)?, a),
        Command::Extract(a) => extract(load_gazetteer(&cli.gazetteer)?, a),
        Command::Ingest(a) => runtime()?.block_on(ingest_cmd(load_gazetteer(&cli.gazetteer)?, a)),
        Command::Serve(a) => runtime()?.block_on(serve_cmd(load_gazetteer(&cli.gazetteer)?, a)),
        Command::Export(a) => runtime()?.block_on(export_cmd(a)),
        Command::Synth(a) => synth(load_gazetteer(&cli.gazetteer)?, a),
        Command::Gazetteer(c) => gazetteer_cmd(&cli.gazetteer, c),
    }
}

fn geocode(g: &Gazetteer, a: &GeocodeArgs) -> Result<ExitCode> {
    let kind = match &a.kind {
        Some(k) => Some(Kind::parse(k).with_context(|| {
            format!("unknown kind {k:?}: use country, admin1, admin2, city or region")
        })?),
        None => None,
    };
    let opts = SearchOptions {
        lang: a.lang.clone(),
        country: a.country.clone(),
        kind,
        limit: a.limit.max(1),
    };
    let found = g.search(&a.name, &opts);
    if found.is_empty() {
        eprintln!("dateline: no place named {:?} in the gazetteer{}", a.name, match (&a.country, &a.kind) {
            (Some(c), _) => format!(" in country {c}"),
            (None, Some(k)) => format!(" of kind {k}"),
            _ => String::new(),
        });
        return Ok(ExitCode::from(1));
    }
    let mut out = std::io::stdout().lock();
    match a.format {
        GeocodeFormat::Table => {
            writeln!(out, "{:>10}  {:<8} {:<28} {:>2} {:<6} {:>10} {:>9} {:>10} {:>6}", "geonameid", "kind", "name", "cc", "admin1", "population", "lat", "lon", "score")?;
            for c in &found {
                let p = c.place;
                writeln!(
                    out,
                    "{:>10}  {:<8} {:<28} {:>2} {:<6} {:>10} {:>9.4} {:>10.4} {:>6.2}",
                    p.id, p.kind.as_str(), p.name, p.country, p.admin1, p.population, p.point.y(), p.point.x(), c.score
                )?;
            }
        }
        GeocodeFormat::Json => {
            let v: Vec<_> = found.iter().map(|c| candidate_json(c)).collect();
            serde_json::to_writer_pretty(&mut out, &v)?;
            writeln!(out)?;
        }
        GeocodeFormat::Geojson => {
            let features: Vec<_> = found
                .iter()
                .map(|c| {
                    serde_json::json!({
                        "type": "Feature",
                        "geometry": {"type": "Point", "coordinates": [c.place.point.x(), c.place.point.y()]},
                        "properties": candidate_json(c),
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &serde_json::json!({"type": "FeatureCollection", "features": features}))?;
            writeln!(out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn candidate_json(c: &dateline::gazetteer::Candidate<'_>) -> serde_json::Value {
    let p = c.place;
    serde_json::json!({
        "geonameid": p.id, "name": p.name, "kind": p.kind.as_str(), "feature": p.feature.as_str(),
        "country": p.country, "admin1": p.admin1, "admin2": p.admin2, "population": p.population,
        "lat": p.point.y(), "lon": p.point.x(), "score": (c.score * 1000.0).round() / 1000.0,
    })
}

fn read_input(path: &PathBuf) -> Result<String> {
    let bytes = if path.as_os_str() == "-" {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut v).context("reading standard input")?;
        v
    } else {
        std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?
    };
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => bail!("{}: invalid UTF-8 at byte {}", path.display(), e.utf8_error().valid_up_to()),
    }
}

fn places(g: &Gazetteer, a: &PlacesArgs) -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    let mut failed = 0;
    let mut features = Vec::new();
    for path in &a.paths {
        let text = match read_input(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("dateline: {e:#}");
                failed += 1;
                continue;
            }
        };
        let lang = a.lang.clone().or_else(|| pipeline::language::detect(&text).map(str::to_string)).unwrap_or_default();
        let parsed = pipeline::geoparse(g, &text, &lang);
        let mut chars = CharCounter::new(&text);
        // Places and streets in text order; a street has no point, so its GeoJSON Feature has
        // a null geometry (RFC 7946, 3.2).
        let mut rows: Vec<(usize, usize, serde_json::Value, serde_json::Value)> = parsed
            .places
            .iter()
            .map(|r| {
                let props = serde_json::json!({
                    "name": r.surface, "geonameid": r.place.id, "place": r.place.name, "kind": r.place.kind.as_str(),
                    "precision": r.precision.as_str(), "lat": r.place.point.y(), "lon": r.place.point.x(),
                    "country": r.place.country, "admin1": r.place.admin1, "confidence": r.confidence,
                    "alternatives": r.alternatives.iter().map(|(p, c)| serde_json::json!({"geonameid": p.id, "name": p.name, "country": p.country, "kind": p.kind.as_str(), "confidence": c})).collect::<Vec<_>>(),
                });
                let geometry = serde_json::json!({"type": "Point", "coordinates": [r.place.point.x(), r.place.point.y()]});
                (r.start, r.end, props, geometry)
            })
            .chain(parsed.streets.iter().map(|st| {
                let props = serde_json::json!({
                    "name": &text[st.start..st.end], "geonameid": null, "kind": "street", "precision": "street",
                    "lat": null, "lon": null,
                });
                (st.start, st.end, props, serde_json::Value::Null)
            }))
            .collect();
        rows.sort_by_key(|r| r.0);
        for (start, end, mut props, geometry) in rows {
            let (s, e) = chars.span(start, end);
            props["file"] = path.display().to_string().into();
            props["start"] = s.into();
            props["end"] = e.into();
            match a.format {
                PlacesFormat::Jsonl => {
                    serde_json::to_writer(&mut out, &props)?;
                    writeln!(out)?;
                }
                PlacesFormat::Geojson => features.push(serde_json::json!({"type": "Feature", "geometry": geometry, "properties": props})),
            }
        }
    }
    if a.format == PlacesFormat::Geojson {
        serde_json::to_writer(&mut out, &serde_json::json!({"type": "FeatureCollection", "features": features}))?;
        writeln!(out)?;
    }
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn fmt_opt(v: Option<f64>, pct: bool) -> String {
    match v {
        None => "—".into(),
        Some(x) if pct => format!("{:.1}%", x * 100.0),
        Some(x) => format!("{x:.3}"),
    }
}

/// Reads the articles of `paths` (files, folders, "-"), reporting each failure on stderr.
/// Returns the articles and the number of failures.
pub fn read_articles(paths: &[PathBuf], opts: &ingest::IngestOptions) -> (Vec<ingest::Article>, usize) {
    let mut articles = Vec::new();
    let mut failed = 0;
    for path in paths {
        let results = if path.as_os_str() == "-" { ingest::read_stdin(opts) } else { ingest::read_path(path, opts) };
        for r in results {
            match r {
                Ok(a) => articles.push(a),
                Err(e) => {
                    eprintln!("dateline: {e}");
                    failed += 1;
                }
            }
        }
    }
    (articles, failed)
}

fn ingest_options(lang: &Option<String>, published: &Option<String>) -> Result<ingest::IngestOptions> {
    let published = match published {
        Some(d) => Some(
            chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .with_context(|| format!("--published {d:?}: expected a date as YYYY-MM-DD"))?,
        ),
        None => None,
    };
    Ok(ingest::IngestOptions { lang: lang.clone(), published, ..Default::default() })
}

fn extract(g: &Gazetteer, a: &ExtractArgs) -> Result<ExitCode> {
    let opts = ingest_options(&a.lang, &a.published)?;
    let (articles, failed) = read_articles(&a.paths, &opts);
    let processed: Vec<pipeline::Processed> = articles.into_iter().map(|art| pipeline::process(g, art)).collect();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match a.format {
        ExtractFormat::Geojson => {
            let features: Vec<_> = processed
                .iter()
                .flat_map(|p| p.events.iter().map(|e| dateline::export::event_feature(e, &p.article)))
                .collect();
            serde_json::to_writer(&mut out, &serde_json::json!({"type": "FeatureCollection", "features": features}))?;
            writeln!(out)?;
        }
        ExtractFormat::Jsonl => {
            for p in &processed {
                for e in &p.events {
                    let mut v = dateline::export::event_properties(e, &p.article);
                    v["lon"] = e.place.as_ref().map(|x| x.point.x()).into();
                    v["lat"] = e.place.as_ref().map(|x| x.point.y()).into();
                    serde_json::to_writer(&mut out, &v)?;
                    writeln!(out)?;
                }
            }
        }
        ExtractFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(dateline::export::CSV_COLUMNS)?;
            for p in &processed {
                for e in &p.events {
                    w.write_record(dateline::export::csv_row(e, &p.article))?;
                }
            }
            w.flush()?;
        }
    }
    let n: usize = processed.iter().map(|p| p.events.len()).sum();
    tracing::info!(articles = processed.len(), events = n, failed, "extracted");
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Synthetic events: real places of the gazetteer (the most populous cities), random types,
/// dates over three years, a few undated, every property the API shows.
fn synth(g: &Gazetteer, a: &SynthArgs) -> Result<ExitCode> {
    use dateline::pipeline::events::EventType;
    if dateline::store::is_postgres_url(&a.store.db) {
        anyhow::bail!("synth writes SQLite files only; to fill PostgreSQL, see `cargo bench --bench postgis`");
    }
    let rt = runtime()?;
    rt.block_on(async { dateline::store::open(&a.store.db).await.map(|_| ()) })?;
    let mut c = rusqlite_open(&a.store.db)?;
    let mut cities: Vec<dateline::gazetteer::Place<'_>> = Vec::new();
    for name in ["Paris", "London", "Cairo", "Lagos", "Delhi", "Tokyo", "Lima", "Kyiv", "Aleppo", "Damascus", "Nairobi", "Dakar", "Manila", "Jakarta", "Houston", "Bogota", "Tehran", "Baghdad", "Kabul", "Moscow", "Beijing", "Sydney", "Mexico City", "Sao Paulo", "Istanbul", "Berlin", "Madrid", "Rome", "Dhaka", "Karachi", "Khartoum", "Bamako", "Kinshasa", "Addis Ababa", "Gaza", "Beirut", "Sanaa", "Tripoli", "Caracas", "Havana"] {
        if let Some(c) = g.search(name, &Default::default()).first() {
            cities.push(c.place);
        }
    }
    let mut seed: u64 = 0x2545f4914f6cdd1d;
    let mut rnd = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let tx = c.transaction()?;
    tx.execute("INSERT OR IGNORE INTO articles (id, hash, title, body, ingested_at) VALUES ('synthetic', 'synthetic', 'Synthetic events', '', datetime('now'))", [])?;
    let art: i64 = tx.query_row("SELECT rowid FROM articles WHERE id = 'synthetic'", [], |r| r.get(0))?;
    {
        let mut ins = tx.prepare("INSERT INTO events (id, article, type, day, lon, lat, country, precision, fatalities, actors, actor_names, props) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'city', ?8, ?9, ?10, ?11)")?;
        let mut rtree = tx.prepare("INSERT INTO events_rtree (id, minx, maxx, miny, maxy, mind, maxd) VALUES (?1, ?2, ?2, ?3, ?3, ?4, ?4)")?;
        let mut fts = tx.prepare("INSERT INTO events_fts (rowid, text) VALUES (?1, ?2)")?;
        for i in 0..a.events {
            let city = cities[(rnd() % cities.len() as u64) as usize];
            let lon = city.point.x() + ((rnd() % 2000) as f64 / 1000.0 - 1.0) * 0.5;
            let lat = city.point.y() + ((rnd() % 2000) as f64 / 1000.0 - 1.0) * 0.5;
            let ty = EventType::ALL[(rnd() % 18) as usize];
            let day: Option<i64> = if rnd() % 50 == 0 { None } else { Some(19_723 + (rnd() % 1000) as i64) };
            let date = day.and_then(dateline::store::filter::from_day_number).map(|d| d.to_string());
            let fat = if matches!(ty, EventType::Assault | EventType::Fight) { Some((rnd() % 12) as i64) } else { None };
            let id = format!("synthetic-{i}");
            let sentence = format!("Synthetic {} event number {i} near {}.", ty.as_str().to_lowercase(), city.name);
            let props = serde_json::json!({
                "id": id, "type": ty.as_str(), "quad": ty.quad(), "trigger": ty.as_str().to_lowercase(), "confidence": 0.7,
                "negated": false, "future": false, "hypothetical": false,
                "source_actors": [{"country": city.country, "name": city.country}], "target_actors": [],
                "actors": [city.country], "fatalities": fat, "injured": null,
                "date": date, "date_precision": date.as_ref().map(|_| "day"), "date_approximate": false,
                "place_id": city.id, "place_name": city.name, "place_kind": "city", "country": city.country, "precision": "city",
                "sentence": sentence, "trigger_start": 10, "trigger_end": 14, "place_start": null, "place_end": null,
                "article_id": "synthetic", "article_title": "Synthetic events", "article_url": null, "source": "synth",
                "published": null, "parent_article": null,
            });
            ins.execute(rusqlite::params![id, art, ty.as_str(), day, lon, lat, city.country, fat, format!(" {} ", city.country), city.country, props.to_string()])?;
            let rowid = tx.last_insert_rowid();
            rtree.execute(rusqlite::params![rowid, lon, lat, day.unwrap_or(-1_000_000_000)])?;
            fts.execute(rusqlite::params![rowid, sentence])?;
        }
    }
    tx.commit()?;
    eprintln!("dateline: {} synthetic events written to {}", a.events, a.store.db);
    Ok(ExitCode::SUCCESS)
}

fn rusqlite_open(db: &str) -> Result<rusqlite::Connection> {
    Ok(rusqlite::Connection::open(db)?)
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread().enable_all().build()?)
}

/// What an ingest did.
#[derive(Debug, Default)]
struct IngestSummary {
    read: usize,
    inserted: usize,
    replaced: usize,
    skipped: usize,
    failed: usize,
    events: usize,
}

/// Reads, processes and stores the articles of `paths`, reporting progress on stderr.
async fn ingest_paths(
    g: &'static Gazetteer,
    store: &std::sync::Arc<dyn dateline::store::EventStore>,
    paths: &[PathBuf],
    opts: &ingest::IngestOptions,
) -> Result<IngestSummary> {
    use std::io::IsTerminal;
    let (articles, failed) = read_articles(paths, opts);
    let mut sum = IngestSummary { read: articles.len(), failed, ..Default::default() };
    let bar = if std::io::stderr().is_terminal() {
        let b = indicatif::ProgressBar::new(articles.len() as u64);
        b.set_style(indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} articles  {msg}").unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()));
        Some(b)
    } else {
        None
    };
    // Process in parallel chunks; store each chunk in order, whole articles only (the
    // backend chooses how many transactions), while the next chunk is processed.
    type Stored = (Vec<pipeline::Processed>, Vec<Result<dateline::store::PutOutcome, dateline::store::StoreError>>);
    let mut done = 0usize;
    let mut tally = |(processed, outcomes): Stored, sum: &mut IngestSummary| {
        for (p, outcome) in processed.iter().zip(outcomes) {
            match outcome {
                Ok(dateline::store::PutOutcome::Inserted) => {
                    sum.inserted += 1;
                    sum.events += p.events.len();
                }
                Ok(dateline::store::PutOutcome::Replaced) => {
                    sum.replaced += 1;
                    sum.events += p.events.len();
                }
                Ok(dateline::store::PutOutcome::Skipped) => sum.skipped += 1,
                Err(e) => {
                    eprintln!("dateline: {} ({}): {e}", p.article.origin.path, p.article.title.chars().take(60).collect::<String>());
                    sum.failed += 1;
                }
            }
            done += 1;
            match &bar {
                Some(b) => b.set_position(done as u64),
                None if done % 1000 == 0 => eprintln!("dateline: {done}/{} articles", sum.read),
                None => {}
            }
        }
    };
    let mut storing: Option<tokio::task::JoinHandle<Stored>> = None;
    for chunk in articles.chunks(256) {
        let chunk = chunk.to_vec();
        let processed: Vec<pipeline::Processed> = tokio::task::spawn_blocking(move || {
            use rayon::prelude::*;
            chunk.into_par_iter().map(|a| pipeline::process(g, a)).collect()
        })
        .await?;
        if let Some(h) = storing.take() {
            tally(h.await?, &mut sum);
        }
        let store = store.clone();
        storing = Some(tokio::spawn(async move {
            let outcomes = store.put_articles(&processed).await;
            (processed, outcomes)
        }));
    }
    if let Some(h) = storing.take() {
        tally(h.await?, &mut sum);
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    eprintln!(
        "dateline: {} articles read: {} stored, {} replaced, {} skipped as duplicates, {} failed; {} events stored",
        sum.read, sum.inserted, sum.replaced, sum.skipped, sum.failed, sum.events
    );
    Ok(sum)
}

async fn ingest_cmd(g: &'static Gazetteer, a: &IngestArgs) -> Result<ExitCode> {
    let store = dateline::store::open(&a.store.db).await?;
    let opts = ingest_options(&a.lang, &a.published)?;
    let sum = ingest_paths(g, &store, &a.paths, &opts).await?;
    Ok(if sum.failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

async fn serve_cmd(g: &'static Gazetteer, a: &ServeArgs) -> Result<ExitCode> {
    let store = dateline::store::open(&a.store.db).await?;
    if !a.paths.is_empty() {
        ingest_paths(g, &store, &a.paths, &Default::default()).await?;
    }
    let stats = store.stats().await?;
    let config = dateline::serve::ServeConfig {
        tiles: a.tiles.clone(),
        tiles_attribution: a.tiles_attribution.clone(),
        ingest_token: a.ingest_token.clone().filter(|t| !t.is_empty()),
        web_dir: a.web_dir.clone(),
        cors_origins: a.cors_origins.clone(),
    };
    let state = dateline::serve::AppState { store, gazetteer: g, config: std::sync::Arc::new(config) };
    let listener = tokio::net::TcpListener::bind(a.bind).await.with_context(|| format!("cannot listen on {}", a.bind))?;
    eprintln!(
        "dateline: {} events from {} articles in {}; the map is at http://{}/",
        stats.events, stats.articles, a.store.db, listener.local_addr()?
    );
    axum::serve(listener, dateline::serve::router(state))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(ExitCode::SUCCESS)
}

async fn export_cmd(a: &ExportArgs) -> Result<ExitCode> {
    let mut p = std::collections::HashMap::new();
    for (k, v) in [("bbox", &a.bbox), ("datetime", &a.datetime), ("type", &a.types), ("country", &a.country), ("actor", &a.actor), ("q", &a.q), ("min_fatalities", &a.min_fatalities), ("precision", &a.precision)] {
        if let Some(v) = v {
            p.insert(k.to_string(), v.clone());
        }
    }
    let mut f = dateline::serve::params::filter(&p).map_err(|e| anyhow::anyhow!("{}", e.description))?;
    // Like the server's exports: events without a place too, unless a bbox is given.
    f.include_unlocated = f.bbox.is_none();
    let store = dateline::store::open(&a.store.db).await?;
    let (tx, mut rx) = tokio::sync::mpsc::channel(4);
    let s2 = store.clone();
    let f2 = f.clone();
    let job = tokio::spawn(async move { s2.export(&f2, tx).await });
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut n = 0usize;
    match a.format {
        ExportFormat::Geojson => {
            out.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[\n")?;
            while let Some(batch) = rx.recv().await {
                for e in batch {
                    if n > 0 {
                        out.write_all(b",\n")?;
                    }
                    serde_json::to_writer(&mut out, &e.feature_ref())?;
                    n += 1;
                }
            }
            out.write_all(b"\n]}\n")?;
        }
        ExportFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(dateline::export::CSV_COLUMNS)?;
            while let Some(batch) = rx.recv().await {
                for e in batch {
                    w.write_record(dateline::export::csv_row_from_properties(e.lon, e.lat, e.properties.value()))?;
                    n += 1;
                }
            }
            w.flush()?;
        }
    }
    job.await??;
    tracing::info!(events = n, "exported");
    Ok(ExitCode::SUCCESS)
}

fn eval_cmd(g: &Gazetteer, a: &EvalArgs) -> Result<ExitCode> {
    if a.events || a.event_types {
        let report = if a.events {
            let mut file = match &a.details {
                Some(p) => Some(std::io::BufWriter::new(std::fs::File::create(p).with_context(|| format!("cannot write {}", p.display()))?)),
                None => None,
            };
            let report = eval::evaluate_event_locations(g, &a.corpus, file.as_mut().map(|f| f as &mut dyn Write))?;
            if let Some(f) = file.as_mut() {
                f.flush()?;
            }
            serde_json::to_value(report)?
        } else {
            serde_json::to_value(eval::evaluate_event_types(g, &a.corpus)?)?
        };
        let mut out = std::io::stdout().lock();
        if a.json {
            serde_json::to_writer(&mut out, &report)?;
            writeln!(out)?;
        } else {
            for (k, v) in report.as_object().into_iter().flatten() {
                writeln!(out, "{k:<22} {v}")?;
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    let mut docs = eval::read_corpus(&a.corpus)?;
    if let Some(n) = a.limit {
        docs.truncate(n);
    }
    let weights: dateline::pipeline::resolve::Weights = match &a.weights {
        Some(w) => serde_json::from_str(w).context("--weights")?,
        None => Default::default(),
    };
    let (r, details) = eval::evaluate(g, &docs, a.gold_spans, a.details.is_some(), &weights);
    if let Some(p) = &a.details {
        let mut f = std::io::BufWriter::new(std::fs::File::create(p).with_context(|| format!("cannot write {}", p.display()))?);
        for d in &details {
            serde_json::to_writer(&mut f, d)?;
            writeln!(f)?;
        }
    }
    let mut out = std::io::stdout().lock();
    if a.json {
        serde_json::to_writer(&mut out, &r)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(out, "corpus      {}", a.corpus.display())?;
    writeln!(out, "documents   {}   gold toponyms {}   predicted {}", r.docs, r.gold, r.predicted)?;
    writeln!(out, "recognition exact    P {}  R {}  F1 {}", fmt_opt(r.precision, false), fmt_opt(r.recall, false), fmt_opt(r.f1, false))?;
    writeln!(out, "recognition lenient  P {}  R {}  F1 {}", fmt_opt(r.precision_lenient, false), fmt_opt(r.recall_lenient, false), fmt_opt(r.f1_lenient, false))?;
    writeln!(out, "end-to-end Acc@161   {}  (over {} gold toponyms with coordinates)", fmt_opt(r.acc161_end_to_end, true), r.gold_with_coordinates)?;
    if a.gold_spans {
        writeln!(out, "gold spans Acc@161   {}  mean {} km  median {} km  AUC {}", fmt_opt(r.acc161, true), fmt_opt(r.mean_km.map(|x| x.round()), false), fmt_opt(r.median_km.map(|x| x.round()), false), fmt_opt(r.auc, false))?;
        writeln!(out, "                     {} decided by GeoNames id, {} with no candidate", r.decided_by_id, r.unresolvable)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn gazetteer_cmd(custom: &Option<PathBuf>, c: &GazetteerCmd) -> Result<ExitCode> {
    match c {
        GazetteerCmd::Build { from, out } => {
            let bytes = Gazetteer::build_from_dir(from)?;
            std::fs::write(out, &bytes).with_context(|| format!("cannot write {}", out.display()))?;
            let g = Gazetteer::open(out)?;
            eprintln!("wrote {} ({} places, {} names, {:.1} MB)", out.display(), g.len(), g.name_count(), bytes.len() as f64 / 1e6);
        }
        GazetteerCmd::Import { main, alternate_names, admin1, country_info, out } => {
            let files = ImportFiles {
                main: main.clone(),
                alternate_names: alternate_names.clone(),
                admin1_codes: admin1.clone(),
                country_info: country_info.clone(),
            };
            let (mut input, report) = import::import(&files)?;
            // Demonyms and word frequencies are not in GeoNames: carry over the default ones.
            let (dem, words) = Gazetteer::embedded().lexicon_records();
            input.demonyms = dem;
            input.words = words;
            let bytes = dateline::gazetteer::writer::write_index(input)?;
            std::fs::write(out, &bytes).with_context(|| format!("cannot write {}", out.display()))?;
            eprintln!(
                "wrote {}: {} places, {} alternate names added, {} rows of other feature classes skipped, {} bad rows",
                out.display(), report.places, report.alternate_names, report.skipped_features, report.bad_row_count
            );
            for b in &report.bad_rows {
                eprintln!("  {b}");
            }
        }
        GazetteerCmd::Info => {
            let g = load_gazetteer(custom)?;
            println!("places  {}\nnames   {}\nabout   {}", g.len(), g.name_count(), g.about());
        }
    }
    Ok(ExitCode::SUCCESS)
}
