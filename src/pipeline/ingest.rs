//! Reading articles. In: a file, a directory, a byte buffer or standard
//! input holding news in plain text, Markdown, JSON, JSON Lines, CSV, RSS,
//! Atom or HTML. Out: one `Result<Article, IngestError>` per record, where
//! an [`Article`] has a stable id, a title, a cleaned body (paragraphs
//! joined by blank lines, each traced back by a [`Part`]), the date, language
//! and address the input gave, and where it came from. Page furniture (share
//! buttons, advert labels, copyright lines, bylines) is dropped, and the
//! headlines listed after a teaser heading ("À découvrir également", "Read
//! more") become stub articles of their own whose `parent` is the page. One
//! bad record yields one error and never stops the others.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Utc};
use scraper::{ElementRef, Html, Node, Selector};
use sha2::{Digest, Sha256};
use thiserror::Error;
use tracing::{debug, warn};

/// Default largest input accepted per file: 50 MiB.
pub const DEFAULT_MAX_BYTES: u64 = 50 * 1024 * 1024;

/// Longest article text accepted, in bytes (title and body). The longest news articles run
/// to a few hundred kilobytes; the pipeline needs some 50 bytes of memory per byte of text, so
/// anything much longer is refused with a message rather than read.
pub const MAX_ARTICLE_BYTES: usize = 2 * 1024 * 1024;
/// Publication years outside this range are treated as absent.
pub const MIN_PUBLISHED_YEAR: i32 = 1800;
pub const MAX_PUBLISHED_YEAR: i32 = 2200;
/// XML nested deeper than this is refused before parsing.
const MAX_XML_DEPTH: usize = 512;
/// A first line longer than this is not taken whole as a title.
const MAX_TITLE_CHARS: usize = 300;

/// One article, or one teaser stub found on a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// First 16 hex digits of the SHA-256 of the url, or of title + "\n" + body.
    pub id: String,
    pub title: String,
    pub url: Option<String>,
    pub source: Option<String>,
    /// Publication day, as the input states it (in its own time zone).
    pub published: Option<NaiveDate>,
    /// Publication instant, when the input gives a time of day.
    pub published_at: Option<DateTime<Utc>>,
    /// ISO 639-1 code, when the input (or the options) says so.
    pub language: Option<String>,
    /// The text without the title; paragraphs separated by "\n\n".
    pub body: String,
    /// Where each paragraph of `body` lies and what it was.
    pub parts: Vec<Part>,
    pub origin: Origin,
    /// For a teaser stub: the id of the page it was listed on.
    pub parent: Option<String>,
}

/// What a piece of the body was in the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartKind {
    Paragraph,
    Heading,
    Quote,
    Caption,
    ListItem,
}

/// A byte range `start..end` of [`Article::body`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Part {
    pub start: usize,
    pub end: usize,
    pub kind: PartKind,
}

/// Where an article was read.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Origin {
    /// File path, or "<stdin>", or the name given to [`read_bytes`].
    pub path: String,
    /// Index (from 0) of the record in a multi-record file.
    pub record: Option<usize>,
    /// Line (from 1) where the record starts, when known.
    pub line: Option<usize>,
}

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Text,
    Markdown,
    Json,
    JsonLines,
    Csv,
    Rss,
    Atom,
    Html,
}

impl Format {
    /// The format a file extension stands for (case-insensitive).
    pub fn from_extension(ext: &str) -> Option<Format> {
        match ext.to_ascii_lowercase().as_str() {
            "txt" | "text" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            "csv" | "tsv" => Some(Format::Csv),
            "rss" | "xml" | "rdf" => Some(Format::Rss),
            "atom" => Some(Format::Atom),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            _ => None,
        }
    }

    /// Guesses the format from the first bytes of the content.
    pub fn sniff(bytes: &[u8]) -> Format {
        let head = &bytes[..bytes.len().min(4096)];
        let text = String::from_utf8_lossy(head);
        let text = text.trim_start_matches('\u{feff}').trim_start();
        let lower = text.to_ascii_lowercase();
        if lower.starts_with('<') {
            if lower.contains("<rss") || lower.contains("<rdf:rdf") {
                Format::Rss
            } else if lower.contains("<feed") {
                Format::Atom
            } else {
                Format::Html
            }
        } else if lower.starts_with('[') {
            Format::Json
        } else if lower.starts_with('{') {
            let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
            let first = lines.next().unwrap_or("");
            let second = lines.next();
            if first.ends_with('}') && second.map(|l| l.starts_with('{')).unwrap_or(false) {
                Format::JsonLines
            } else {
                Format::Json
            }
        } else if lower.starts_with("---") || lower.starts_with('#') {
            Format::Markdown
        } else {
            Format::Text
        }
    }
}

/// Names of the fields (JSON keys, CSV columns, front-matter keys) that
/// hold each value; the first name present wins, compared without case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldMap {
    pub title: Vec<String>,
    pub body: Vec<String>,
    pub url: Vec<String>,
    pub published: Vec<String>,
    pub lang: Vec<String>,
    pub source: Vec<String>,
}

impl Default for FieldMap {
    fn default() -> Self {
        let names = |list: &[&str]| list.iter().map(|s| s.to_string()).collect();
        FieldMap {
            title: names(&["title", "headline"]),
            body: names(&["text", "body", "content"]),
            url: names(&["url", "link"]),
            published: names(&["published", "date", "published_at", "datePublished"]),
            lang: names(&["lang", "language"]),
            source: names(&["source", "site"]),
        }
    }
}

/// How to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngestOptions {
    /// Forces the format instead of guessing from extension and content.
    pub format: Option<Format>,
    /// Language used when the input does not give one.
    pub lang: Option<String>,
    /// Publication date that replaces whatever the input says.
    pub published: Option<NaiveDate>,
    pub fields: FieldMap,
    /// Largest file accepted, in bytes.
    pub max_bytes: u64,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            format: None,
            lang: None,
            published: None,
            fields: FieldMap::default(),
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// The place an error refers to: a file and, where it applies, a record
/// (counted from 1), a line and a column.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    pub file: String,
    pub record: Option<usize>,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl Location {
    fn file(name: &str) -> Location {
        Location {
            file: name.to_string(),
            ..Location::default()
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(r) = self.record {
            write!(f, ", record {r}")?;
        }
        if let Some(l) = self.line {
            write!(f, ", line {l}")?;
        }
        if let Some(c) = self.column {
            write!(f, ", column {c}")?;
        }
        Ok(())
    }
}

/// Everything that can go wrong while reading; each names its place.
#[derive(Debug, Error)]
pub enum IngestError {
    #[error("{at}: cannot read: {source}")]
    Io {
        at: Location,
        #[source]
        source: std::io::Error,
    },
    #[error("{at}: invalid UTF-8 at byte {offset}")]
    InvalidUtf8 { at: Location, offset: usize },
    #[error("{at}: binary content (NUL byte at byte {offset})")]
    Binary { at: Location, offset: usize },
    #[error("{at}: empty file")]
    Empty { at: Location },
    #[error("{at}: file too large ({size} bytes, limit {max})")]
    TooLarge { at: Location, size: u64, max: u64 },
    #[error("{at}: article too long ({size} bytes of text, limit {max})")]
    TooLong { at: Location, size: usize, max: usize },
    #[error("{at}: unknown format ({detail})")]
    UnknownFormat { at: Location, detail: String },
    #[error("{at}: malformed JSON: {message}")]
    Json { at: Location, message: String },
    #[error("{at}: expected a JSON object, found {found}")]
    NotAnObject { at: Location, found: &'static str },
    #[error("{at}: bad CSV row: {message}")]
    Csv { at: Location, message: String },
    #[error("{at}: cannot parse feed: {message}")]
    Feed { at: Location, message: String },
    #[error("{at}: record has neither title nor text")]
    NoText { at: Location },
    #[error("{at}: {field}: cannot read date '{value}'")]
    BadDate {
        at: Location,
        field: String,
        value: String,
    },
    #[error("{at}: {field}: date '{value}' is outside {MIN_PUBLISHED_YEAR}–{MAX_PUBLISHED_YEAR}")]
    AbsurdDate {
        at: Location,
        field: String,
        value: String,
    },
}

impl IngestError {
    /// The place the error refers to.
    pub fn location(&self) -> &Location {
        match self {
            IngestError::Io { at, .. }
            | IngestError::InvalidUtf8 { at, .. }
            | IngestError::Binary { at, .. }
            | IngestError::Empty { at }
            | IngestError::TooLarge { at, .. }
            | IngestError::TooLong { at, .. }
            | IngestError::UnknownFormat { at, .. }
            | IngestError::Json { at, .. }
            | IngestError::NotAnObject { at, .. }
            | IngestError::Csv { at, .. }
            | IngestError::Feed { at, .. }
            | IngestError::NoText { at }
            | IngestError::BadDate { at, .. }
            | IngestError::AbsurdDate { at, .. } => at,
        }
    }
}

type Results = Vec<Result<Article, IngestError>>;

// ---------------------------------------------------------------------------
// Boilerplate data. One row per language; matching uses every row, since
// pages often mix languages in their furniture ("Copy to clipboard" on a
// French page). Phrases are compared in lower case with accents folded.

/// Page furniture and teaser headings of one language.
#[derive(Debug)]
pub struct Boilerplate {
    pub lang: &'static str,
    /// A line that is exactly one of these is dropped.
    pub exact: &'static [&'static str],
    /// A short line (up to [`FURNITURE_PREFIX_MAX_CHARS`]) that starts with
    /// one of these is dropped, whatever is glued after it.
    pub prefix: &'static [&'static str],
    /// A line that is one of these starts the list of other articles'
    /// headlines, up to the end of the text. Followed by ':' and more text
    /// on the same line, it announces a single headline.
    pub teaser: &'static [&'static str],
    /// Words that open a byline ("Par Euronews"); such short lines are dropped.
    pub byline: &'static [&'static str],
}

/// Longest line that a furniture prefix may remove.
pub const FURNITURE_PREFIX_MAX_CHARS: usize = 160;

pub const BOILERPLATE: &[Boilerplate] = &[
    Boilerplate {
        lang: "fr",
        exact: &[
            "publicité", "pub", "partager", "lien copié", "discussion", "fermer", "commenter",
            "commentaires", "imprimer", "s'abonner", "abonnez-vous", "newsletter",
            "contenu sponsorisé", "lire la vidéo", "écouter l'article", "envoyer par e-mail",
        ],
        prefix: &[
            "partager cet article", "partager sur", "partager la vidéo",
            "copier/coller le lien", "copier le lien", "tous droits réservés",
            "suivez-nous sur", "inscrivez-vous à", "abonnez-vous à", "nous utilisons des cookies",
            "ce site utilise des cookies", "accepter les cookies", "gérer les cookies",
            "paramétrer les cookies", "©", "crédit photo",
        ],
        teaser: &[
            "à découvrir également", "à découvrir aussi", "sur le même sujet", "lire aussi",
            "à lire aussi", "lire également", "à lire également", "voir aussi",
            "articles liés", "articles similaires", "dans la même rubrique",
            "nos articles sur le sujet", "à voir aussi", "ailleurs sur le web",
        ],
        byline: &["par", "avec"],
    },
    Boilerplate {
        lang: "en",
        exact: &[
            "advertisement", "advert", "ad", "sponsored", "share", "share this", "copied",
            "link copied", "copy link", "copy to clipboard", "close", "close button", "comments",
            "print", "email", "subscribe", "newsletter", "sponsored content", "skip advert",
        ],
        prefix: &[
            "share this article", "share on", "share this", "copy/paste the article",
            "copy the link", "copy to clipboard", "all rights reserved", "follow us on",
            "sign up for", "subscribe to", "we use cookies", "this site uses cookies",
            "accept cookies", "manage cookies", "cookie settings", "copyright ©", "©",
            "image caption", "image source", "getty images",
        ],
        teaser: &[
            "read more", "related", "related articles", "related stories", "related content",
            "more on this story", "more on this", "you may also like", "you might also like",
            "see also", "more stories", "recommended", "read next", "also read", "read also",
        ],
        byline: &["by"],
    },
];

/// Lower case, accents folded, typographic apostrophes straightened,
/// white space collapsed, trailing ':' and spaces removed.
fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.trim().chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        for l in c.to_lowercase() {
            match l {
                'à' | 'â' | 'ä' | 'á' | 'ã' => out.push('a'),
                'é' | 'è' | 'ê' | 'ë' => out.push('e'),
                'î' | 'ï' | 'í' | 'ì' => out.push('i'),
                'ô' | 'ö' | 'ó' | 'ò' | 'õ' => out.push('o'),
                'ù' | 'û' | 'ü' | 'ú' => out.push('u'),
                'ç' => out.push('c'),
                'ÿ' => out.push('y'),
                'ñ' => out.push('n'),
                'œ' => out.push_str("oe"),
                '’' | '‘' | 'ʼ' => out.push('\''),
                other => out.push(other),
            }
        }
    }
    while out.ends_with(':') || out.ends_with(' ') {
        out.pop();
    }
    out
}

/// The boilerplate tables, folded once.
struct FoldedBoilerplate {
    exact: Vec<String>,
    prefix: Vec<String>,
    teaser: Vec<String>,
    byline: Vec<String>,
}

fn boilerplate() -> &'static FoldedBoilerplate {
    static CELL: std::sync::OnceLock<FoldedBoilerplate> = std::sync::OnceLock::new();
    CELL.get_or_init(|| {
        let all = |pick: fn(&Boilerplate) -> &'static [&'static str]| -> Vec<String> {
            let mut v: Vec<String> = BOILERPLATE
                .iter()
                .flat_map(|b| pick(b).iter().map(|s| fold(s)))
                .collect();
            v.sort_by_key(|s| std::cmp::Reverse(s.len()));
            v.dedup();
            v
        };
        FoldedBoilerplate {
            exact: all(|b| b.exact),
            prefix: all(|b| b.prefix),
            teaser: all(|b| b.teaser),
            byline: all(|b| b.byline),
        }
    })
}

fn is_furniture(line: &str) -> bool {
    // Every phrase is short: long lines are never furniture.
    if line.len() > 4 * FURNITURE_PREFIX_MAX_CHARS {
        return false;
    }
    let f = fold(line);
    if f.is_empty() {
        return true;
    }
    let bp = boilerplate();
    if bp.exact.contains(&f) {
        return true;
    }
    line.chars().count() <= FURNITURE_PREFIX_MAX_CHARS
        && bp.prefix.iter().any(|p| f.starts_with(p.as_str()))
}

/// A short line "Par Euronews", "By Jane Doe": byline word, then at most
/// five capitalised-looking words and no sentence punctuation.
fn is_byline(line: &str) -> bool {
    let trimmed = line.trim();
    if trimmed.len() > 320 || trimmed.chars().count() > 80 || trimmed.ends_with(['.', '!', '?', ':', ';']) {
        return false;
    }
    let mut words = trimmed.split_whitespace();
    let first = match words.next() {
        Some(w) => fold(w),
        None => return false,
    };
    if !boilerplate().byline.contains(&first) {
        return false;
    }
    let rest: Vec<&str> = words.collect();
    !rest.is_empty()
        && rest.len() <= 5
        && rest[0].chars().next().map(char::is_uppercase).unwrap_or(false)
}

/// What a line is with respect to teasers.
enum Teaser {
    /// "À découvrir également": headlines follow on the next lines.
    Heading,
    /// "Lire aussi : <headline>" on one line.
    Inline(String),
}

fn teaser_of(line: &str) -> Option<Teaser> {
    let bp = boilerplate();
    if line.len() <= 200 && bp.teaser.iter().any(|t| *t == fold(line)) {
        return Some(Teaser::Heading);
    }
    // "Lire aussi : ..." — split at the first ':' of the original line.
    let colon = line
        .char_indices()
        .take_while(|(i, _)| *i < 80)
        .find(|(_, c)| *c == ':')?
        .0;
    let (head, tail) = (&line[..colon], &line[colon + 1..]);
    let head = fold(head);
    if bp.teaser.contains(&head) {
        let tail = tail.trim();
        if !tail.is_empty() {
            return Some(Teaser::Inline(tail.to_string()));
        }
    }
    None
}

// ---------------------------------------------------------------------------
// Dates of publication

/// Reads a publication date in RFC 3339, RFC 2822, "YYYY-MM-DD",
/// "YYYY-MM-DD HH:MM[:SS]" (taken as UTC) or "DD/MM/YYYY". Returns the day
/// as written and the instant when a time is given.
pub fn parse_published(value: &str) -> Option<(NaiveDate, Option<DateTime<Utc>>)> {
    let v = value.trim();
    if v.is_empty() || v.len() > 64 {
        return None;
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(v) {
        return Some((dt.date_naive(), Some(dt.with_timezone(&Utc))));
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(v) {
        return Some((dt.date_naive(), Some(dt.with_timezone(&Utc))));
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S%.f%z", "%Y-%m-%dT%H:%M%z"] {
        if let Ok(dt) = DateTime::parse_from_str(v, fmt) {
            return Some((dt.date_naive(), Some(dt.with_timezone(&Utc))));
        }
    }
    for fmt in [
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(ndt) = NaiveDateTime::parse_from_str(v, fmt) {
            return Some((ndt.date(), Some(ndt.and_utc())));
        }
    }
    for fmt in ["%Y-%m-%d", "%d/%m/%Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(v, fmt) {
            return Some((d, None));
        }
    }
    None
}

fn published_year_ok(d: NaiveDate) -> bool {
    (MIN_PUBLISHED_YEAR..=MAX_PUBLISHED_YEAR).contains(&d.year())
}

/// A date written at the start or the end of a teaser headline, split
/// from it by a dash, bar, bullet or comma, or in parentheses.
fn headline_date(line: &str) -> Option<(String, NaiveDate)> {
    const SEPS: &[&str] = &[" - ", " – ", " — ", " | ", " · ", " • ", ", "];
    let trimmed = line.trim();
    // (12/08/2016) at the end
    if let Some(open) = trimmed.rfind('(') {
        if trimmed.ends_with(')') {
            let inner = &trimmed[open + 1..trimmed.len() - 1];
            if let Some((d, _)) = parse_published(inner).filter(|(d, _)| published_year_ok(*d)) {
                return Some((trimmed[..open].trim().to_string(), d));
            }
        }
    }
    for sep in SEPS {
        if let Some((head, tail)) = trimmed.split_once(sep) {
            if let Some((d, _)) = parse_published(head).filter(|(d, _)| published_year_ok(*d)) {
                return Some((tail.trim().to_string(), d));
            }
        }
        if let Some((head, tail)) = trimmed.rsplit_once(sep) {
            if let Some((d, _)) = parse_published(tail).filter(|(d, _)| published_year_ok(*d)) {
                return Some((head.trim().to_string(), d));
            }
        }
    }
    None
}

// ---------------------------------------------------------------------------
// From records to articles

/// A paragraph-sized piece of text before cleaning.
#[derive(Debug, Clone)]
struct Block {
    text: String,
    kind: PartKind,
}

/// What one record said, before cleaning.
#[derive(Debug, Default)]
struct Draft {
    title: Option<String>,
    url: Option<String>,
    source: Option<String>,
    published: Option<String>,
    published_at: Option<DateTime<Utc>>,
    lang: Option<String>,
    blocks: Vec<Block>,
}

fn hash_id(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

fn article_id(url: Option<&str>, title: &str, body: &str) -> String {
    match url {
        Some(u) => hash_id(u),
        None => hash_id(&format!("{title}\n{body}")),
    }
}

/// "fr-FR" → "fr"; names and codes that are not two letters give None.
fn language_code(value: &str) -> Option<String> {
    let primary = value.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    let code = match primary.as_str() {
        "french" | "français" | "francais" => "fr".to_string(),
        "english" | "anglais" => "en".to_string(),
        p if p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic()) => p.to_string(),
        _ => return None,
    };
    Some(code)
}

/// Collapses runs of white space inside a line and trims it.
fn squeeze(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(|c: char| c.is_whitespace() && c != '\u{a0}' && c != '\u{202f}') {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.trim().to_string()
}

/// Cuts a long first line to a title of at most ~120 characters.
fn short_title(line: &str) -> String {
    let mut end = 0;
    for (count, (i, c)) in line.char_indices().enumerate() {
        if count >= 120 {
            break;
        }
        if c.is_whitespace() {
            end = i;
        }
        if count == 119 && end == 0 {
            end = i + c.len_utf8();
        }
    }
    let cut = if end == 0 { line } else { &line[..end] };
    format!("{}…", cut.trim_end())
}

struct Context<'a> {
    opts: &'a IngestOptions,
    at: Location,
    origin: Origin,
}

impl<'a> Context<'a> {
    /// The context of record `i` (0-based) of file `name`, at `line` when known.
    fn record(opts: &'a IngestOptions, name: &str, i: usize, line: Option<usize>) -> Context<'a> {
        Context {
            opts,
            at: Location { record: Some(i + 1), line, ..Location::file(name) },
            origin: Origin { path: name.to_string(), record: Some(i), line },
        }
    }
}

/// Cleans a draft and returns the article followed by its teaser stubs.
fn finish(mut draft: Draft, ctx: &Context) -> Results {
    // NUL characters (from escapes such as JSON's \u0000) carry no text, and some stores
    // (PostgreSQL's text and jsonb) cannot hold them.
    let no_nul = |s: &mut String| {
        if s.contains('\0') {
            s.retain(|c| c != '\0');
        }
    };
    for f in [&mut draft.title, &mut draft.url, &mut draft.source, &mut draft.published, &mut draft.lang].into_iter().flatten() {
        no_nul(f);
    }
    for b in &mut draft.blocks {
        no_nul(&mut b.text);
    }
    // Publication date: the options win, then a parsed instant, then text.
    let (published, published_at) = if let Some(d) = ctx.opts.published {
        let at = draft.published_at.filter(|t| t.date_naive() == d);
        (Some(d), at)
    } else if let Some(t) = draft.published_at {
        (Some(t.date_naive()), Some(t))
    } else if let Some(raw) = draft.published.as_deref().filter(|s| !s.trim().is_empty()) {
        match parse_published(raw) {
            Some((d, t)) if published_year_ok(d) => (Some(d), t),
            Some(_) => {
                let e = IngestError::AbsurdDate {
                    at: ctx.at.clone(),
                    field: "published".into(),
                    value: raw.trim().to_string(),
                };
                warn!("{e}");
                (None, None)
            }
            None => {
                let e = IngestError::BadDate {
                    at: ctx.at.clone(),
                    field: "published".into(),
                    value: raw.trim().to_string(),
                };
                warn!("{e}");
                (None, None)
            }
        }
    } else {
        (None, None)
    };
    let (published, published_at) = match published {
        Some(d) if !published_year_ok(d) => {
            warn!("{}: published: year {} is outside {MIN_PUBLISHED_YEAR}–{MAX_PUBLISHED_YEAR}", ctx.at, d.year());
            (None, None)
        }
        other => (other, published_at),
    };

    let language = draft
        .lang
        .as_deref()
        .and_then(language_code)
        .or_else(|| ctx.opts.lang.as_deref().and_then(language_code));
    let url = draft.url.map(|u| u.trim().to_string()).filter(|u| !u.is_empty());
    let source = draft.source.map(|s| squeeze(&s)).filter(|s| !s.is_empty());

    // Squeeze blocks, drop empty ones.
    let blocks: Vec<Block> = std::mem::take(&mut draft.blocks)
        .into_iter()
        .map(|b| Block {
            text: squeeze(&b.text),
            kind: b.kind,
        })
        .filter(|b| !b.text.is_empty())
        .collect();

    // Title: given, else the first line that is not furniture.
    let mut title = draft.title.map(|t| squeeze(&t)).filter(|t| !t.is_empty());
    let mut skip_first: Option<usize> = None;
    if title.is_none() {
        if let Some((i, b)) = blocks
            .iter()
            .enumerate()
            .find(|(_, b)| {
                // A line of nothing but '#' marks ("###") would make an empty title.
                !is_furniture(&b.text) && teaser_of(&b.text).is_none() && !b.text.trim_start_matches('#').trim().is_empty()
            })
        {
            let line = b.text.trim_start_matches('#').trim();
            if line.chars().count() <= MAX_TITLE_CHARS {
                title = Some(line.to_string());
                skip_first = Some(i);
            } else {
                title = Some(short_title(line));
            }
        }
    }
    let title_folded = title.as_deref().map(fold);

    // Sort lines into body, furniture and teaser headlines.
    let mut kept: Vec<Block> = Vec::new();
    let mut headlines: Vec<String> = Vec::new();
    let mut in_teasers = false;
    for (i, block) in blocks.into_iter().enumerate() {
        if Some(i) == skip_first {
            continue;
        }
        if is_furniture(&block.text) {
            debug!(at = %ctx.at, line = %block.text, "dropped furniture");
            continue;
        }
        match teaser_of(&block.text) {
            Some(Teaser::Heading) => {
                in_teasers = true;
                continue;
            }
            Some(Teaser::Inline(h)) => {
                headlines.push(h);
                continue;
            }
            None => {}
        }
        if in_teasers {
            let h = block
                .text
                .trim_start_matches(['•', '*', '-', '–', '·', '>'])
                .trim()
                .to_string();
            if !h.is_empty() {
                headlines.push(h);
            }
            continue;
        }
        if is_byline(&block.text) {
            debug!(at = %ctx.at, line = %block.text, "dropped byline");
            continue;
        }
        if let Some(t) = title_folded.as_deref() {
            if block.text.len() <= 2 * t.len() + 16 && fold(&block.text) == t {
                continue;
            }
        }
        kept.push(block);
    }

    let title = match title {
        Some(t) => t,
        None => {
            return vec![Err(IngestError::NoText { at: ctx.at.clone() })];
        }
    };

    let (mut body, mut parts) = assemble(&kept);
    if title.len() + body.len() > MAX_ARTICLE_BYTES {
        return vec![Err(IngestError::TooLong {
            at: ctx.at.clone(),
            size: title.len() + body.len(),
            max: MAX_ARTICLE_BYTES,
        })];
    }
    if body.is_empty() {
        body = title.clone();
        parts = vec![Part {
            start: 0,
            end: body.len(),
            kind: PartKind::Heading,
        }];
    }
    let id = article_id(url.as_deref(), &title, &body);
    let mut out: Results = Vec::with_capacity(1 + headlines.len());
    for h in headlines {
        let (headline, date) = match headline_date(&h) {
            Some((text, d)) if !text.is_empty() => (text, Some(d)),
            _ => (h, None),
        };
        let stub_body = headline.clone();
        out.push(Ok(Article {
            id: article_id(None, &headline, &stub_body),
            parts: vec![Part {
                start: 0,
                end: stub_body.len(),
                kind: PartKind::Heading,
            }],
            title: headline,
            url: None,
            source: source.clone(),
            published: date,
            published_at: None,
            language: language.clone(),
            body: stub_body,
            origin: ctx.origin.clone(),
            parent: Some(id.clone()),
        }));
    }
    out.insert(
        0,
        Ok(Article {
            id,
            title,
            url,
            source,
            published,
            published_at,
            language,
            body,
            parts,
            origin: ctx.origin.clone(),
            parent: None,
        }),
    );
    out
}

fn assemble(blocks: &[Block]) -> (String, Vec<Part>) {
    let mut body = String::new();
    let mut parts = Vec::with_capacity(blocks.len());
    for b in blocks {
        if !body.is_empty() {
            body.push_str("\n\n");
        }
        let start = body.len();
        body.push_str(&b.text);
        parts.push(Part {
            start,
            end: body.len(),
            kind: b.kind,
        });
    }
    (body, parts)
}

// ---------------------------------------------------------------------------
// Plain text and Markdown

/// Strips Markdown inline marks: links keep their text, images go,
/// emphasis marks and back-quotes go unless inside a word.
fn markdown_inline(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        // ![alt](src) and [text](url)
        if c == '[' || (c == '!' && chars.get(i + 1) == Some(&'[')) {
            let open = if c == '!' { i + 1 } else { i };
            // Bounded look-ahead keeps hostile lines ("[[[[…") linear.
            let limit = |from: usize, span: usize| from..chars.len().min(from.saturating_add(span));
            if let Some(close) = limit(open + 1, 1000).find(|&k| chars[k] == ']') {
                if chars.get(close + 1) == Some(&'(') {
                    if let Some(end) = limit(close + 2, 2000).find(|&k| chars[k] == ')') {
                        if c != '!' {
                            out.extend(&chars[open + 1..close]);
                        }
                        i = end + 1;
                        continue;
                    }
                }
            }
        }
        if matches!(c, '*' | '_' | '`') {
            let before = i.checked_sub(1).map(|k| chars[k].is_alphanumeric()).unwrap_or(false);
            let after = chars.get(i + 1).map(|n| n.is_alphanumeric()).unwrap_or(false);
            if !(before && after) {
                i += 1;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Splits a key: value line of front matter.
fn front_matter_pair(line: &str) -> Option<(String, String)> {
    let (k, v) = line.split_once(':')?;
    let v = v.trim();
    let v = v
        .strip_prefix('"')
        .and_then(|x| x.strip_suffix('"'))
        .or_else(|| v.strip_prefix('\'').and_then(|x| x.strip_suffix('\'')))
        .unwrap_or(v);
    Some((k.trim().to_ascii_lowercase(), v.to_string()))
}

fn field_named<'v>(pairs: &'v [(String, String)], names: &[String]) -> Option<&'v str> {
    names.iter().find_map(|n| {
        pairs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(n))
            .map(|(_, v)| v.as_str())
    })
}

/// Does a text line end a sentence (so the next line is a new paragraph)?
fn ends_sentence(line: &str) -> bool {
    line.trim_end()
        .chars()
        .last()
        .map(|c| ".!?:;»\"”…)]*_".contains(c))
        .unwrap_or(true)
}

/// Turns lines of text into blocks. Plain text: every line is a
/// paragraph, except a line that continues a sentence in lower case.
/// Markdown: lines of a block join; headings, quotes, items stand alone.
fn text_blocks<'a>(lines: impl Iterator<Item = &'a str>, markdown: bool) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut open = false; // the last block may take a continuation line
    let mut in_code = false;
    for raw in lines {
        let line = raw.trim();
        if markdown && line.starts_with("```") {
            in_code = !in_code;
            open = false;
            continue;
        }
        if in_code {
            continue;
        }
        if line.is_empty() {
            open = false;
            continue;
        }
        if markdown && line.len() >= 3 && line.chars().all(|c| matches!(c, '-' | '*' | '_' | ' ')) {
            open = false;
            continue;
        }
        let (kind, content) = if let Some(rest) = line.strip_prefix('#') {
            (PartKind::Heading, rest.trim_start_matches('#').trim())
        } else if let Some(rest) = line.strip_prefix('>') {
            (PartKind::Quote, rest.trim())
        } else if let Some(rest) = ["• ", "- ", "* ", "+ ", "· "]
            .iter()
            .find_map(|b| line.strip_prefix(b))
        {
            (PartKind::ListItem, rest.trim())
        } else {
            (PartKind::Paragraph, line)
        };
        let content = if markdown {
            markdown_inline(content)
        } else {
            content.to_string()
        };
        if kind == PartKind::Paragraph && open {
            if let Some(last) = blocks.last_mut() {
                let joins = if markdown {
                    last.kind == PartKind::Paragraph
                } else {
                    !ends_sentence(&last.text)
                        && content.chars().next().map(char::is_lowercase).unwrap_or(false)
                };
                if joins {
                    last.text.push(' ');
                    last.text.push_str(&content);
                    continue;
                }
            }
        }
        blocks.push(Block { text: content, kind });
        open = kind == PartKind::Paragraph || kind == PartKind::Quote;
    }
    blocks
}

fn read_text(text: &str, markdown: bool, ctx: &Context) -> Results {
    let mut lines: Vec<&str> = text.lines().collect();
    let mut draft = Draft::default();
    // Front matter between two '---' lines at the very top.
    if lines.first().map(|l| l.trim() == "---").unwrap_or(false) {
        if let Some(close) = lines
            .iter()
            .enumerate()
            .skip(1)
            .take(200)
            .find(|(_, l)| matches!(l.trim(), "---" | "..."))
            .map(|(i, _)| i)
        {
            let pairs: Vec<(String, String)> = lines[1..close]
                .iter()
                .filter_map(|l| front_matter_pair(l))
                .collect();
            let f = &ctx.opts.fields;
            draft.title = field_named(&pairs, &f.title).map(str::to_string);
            draft.url = field_named(&pairs, &f.url).map(str::to_string);
            draft.published = field_named(&pairs, &f.published).map(str::to_string);
            draft.lang = field_named(&pairs, &f.lang).map(str::to_string);
            draft.source = field_named(&pairs, &f.source).map(str::to_string);
            lines.drain(..=close);
        }
    }
    // Without a title in front matter, the first non-empty line is the title.
    if draft.title.is_none() {
        if let Some(pos) = lines.iter().position(|l| !l.trim().is_empty()) {
            let first = lines[pos].trim().trim_start_matches('#').trim();
            let first = if markdown { markdown_inline(first) } else { first.to_string() };
            if first.chars().count() <= MAX_TITLE_CHARS {
                draft.title = Some(first);
                lines.remove(pos);
            } else {
                draft.title = Some(short_title(&first));
            }
        }
    }
    draft.blocks = text_blocks(lines.into_iter(), markdown);
    finish(draft, ctx)
}

// ---------------------------------------------------------------------------
// JSON, JSON Lines, CSV

fn json_text(v: &serde_json::Value) -> Option<String> {
    use serde_json::Value;
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Array(items) => {
            let parts: Vec<String> = items
                .iter()
                .filter_map(|i| i.as_str().map(str::to_string))
                .collect();
            if parts.is_empty() {
                None
            } else {
                Some(parts.join("\n\n"))
            }
        }
        _ => None,
    }
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    use serde_json::Value;
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A record given as named fields (JSON object or CSV row).
fn record_draft(get: &dyn Fn(&[String]) -> Option<String>, fields: &FieldMap) -> Draft {
    let body = get(&fields.body).unwrap_or_default();
    Draft {
        title: get(&fields.title),
        url: get(&fields.url),
        source: get(&fields.source),
        published: get(&fields.published),
        published_at: None,
        lang: get(&fields.lang),
        blocks: text_blocks(body.lines(), false),
    }
}

fn json_object(v: &serde_json::Value, ctx: &Context) -> Results {
    let obj = match v.as_object() {
        Some(o) => o,
        None => {
            return vec![Err(IngestError::NotAnObject {
                at: ctx.at.clone(),
                found: json_kind(v),
            })]
        }
    };
    let get = |names: &[String]| -> Option<String> {
        names.iter().find_map(|n| {
            obj.get(n.as_str())
                .or_else(|| {
                    obj.iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case(n))
                        .map(|(_, v)| v)
                })
                .and_then(json_text)
        })
    };
    finish(record_draft(&get, &ctx.opts.fields), ctx)
}

fn json_error(e: &serde_json::Error, mut at: Location, line_base: usize) -> IngestError {
    at.line = Some(e.line() + line_base);
    at.column = Some(e.column());
    IngestError::Json {
        at,
        message: e.to_string(),
    }
}

fn read_json(text: &str, name: &str, opts: &IngestOptions) -> Results {
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => return vec![Err(json_error(&e, Location::file(name), 0))],
    };
    match value {
        serde_json::Value::Array(items) => items
            .iter()
            .enumerate()
            .flat_map(|(i, item)| {
                let ctx = Context::record(opts, name, i, None);
                json_object(item, &ctx)
            })
            .collect(),
        other => {
            let ctx = Context {
                opts,
                at: Location::file(name),
                origin: Origin {
                    path: name.to_string(),
                    record: Some(0),
                    line: Some(1),
                },
            };
            json_object(&other, &ctx)
        }
    }
}

fn read_json_lines(text: &str, name: &str, opts: &IngestOptions) -> Results {
    let mut out = Vec::new();
    let mut record = 0;
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = Location {
            record: Some(record + 1),
            line: Some(n + 1),
            ..Location::file(name)
        };
        match serde_json::from_str::<serde_json::Value>(line) {
            Ok(v) => {
                let ctx = Context {
                    opts,
                    at,
                    origin: Origin {
                        path: name.to_string(),
                        record: Some(record),
                        line: Some(n + 1),
                    },
                };
                out.extend(json_object(&v, &ctx));
            }
            Err(e) => {
                let mut at = at;
                at.column = Some(e.column());
                out.push(Err(IngestError::Json {
                    at,
                    message: e.to_string(),
                }));
            }
        }
        record += 1;
    }
    out
}

fn read_csv(text: &str, name: &str, opts: &IngestOptions) -> Results {
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if name.to_ascii_lowercase().ends_with(".tsv")
        || (first_line.contains('\t') && !first_line.contains(','))
    {
        b'\t'
    } else if first_line.matches(';').count() > first_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(false)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
        Err(e) => {
            return vec![Err(IngestError::Csv {
                at: Location {
                    line: Some(1),
                    ..Location::file(name)
                },
                message: format!("cannot read header: {e}"),
            })]
        }
    };
    let mut out = Vec::new();
    for (i, row) in reader.records().enumerate() {
        match row {
            Ok(row) => {
                let line = row.position().map(|p| p.line() as usize);
                let ctx = Context::record(opts, name, i, line);
                let get = |names: &[String]| -> Option<String> {
                    names.iter().find_map(|n| {
                        headers
                            .iter()
                            .position(|h| h.eq_ignore_ascii_case(n))
                            .and_then(|col| row.get(col))
                            .map(str::to_string)
                            .filter(|v| !v.trim().is_empty())
                    })
                };
                out.extend(finish(record_draft(&get, &opts.fields), &ctx));
            }
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize);
                let message = match e.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => format!("{len} fields where the header has {expected_len}"),
                    _ => e.to_string(),
                };
                out.push(Err(IngestError::Csv {
                    at: Location {
                        record: Some(i + 1),
                        line,
                        ..Location::file(name)
                    },
                    message,
                }));
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------
// HTML

fn selector(css: &str) -> Option<Selector> {
    Selector::parse(css).ok()
}

fn first_attr(doc: &Html, css: &str, attr: &str) -> Option<String> {
    let sel = selector(css)?;
    doc.select(&sel)
        .filter_map(|e| e.value().attr(attr))
        .map(str::trim)
        .find(|v| !v.is_empty())
        .map(str::to_string)
}

fn first_text(doc: &Html, css: &str) -> Option<String> {
    let sel = selector(css)?;
    doc.select(&sel)
        .map(|e| squeeze(&e.text().collect::<String>()))
        .find(|t| !t.is_empty())
}

const SKIPPED_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "button", "svg", "iframe", "select", "input", "textarea", "object", "embed", "canvas",
    "video", "audio", "head", "title", "meta", "link",
];
const SKIPPED_WORDS: &[&str] = &[
    "share", "social", "cookie", "consent", "newsletter", "advert", "promo", "related",
    "embed", "sponsor", "outbrain", "taboola", "paywall", "subscribe", "comment",
];
const BLOCK_TAGS: &[&str] = &[
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul",
    "ol", "blockquote", "figcaption", "caption", "figure", "pre", "table", "tr", "td", "th",
    "dl", "dt", "dd", "br", "hr", "body",
];

fn skipped(el: &scraper::node::Element) -> bool {
    let name = el.name();
    if SKIPPED_TAGS.contains(&name) {
        return true;
    }
    if el.attr("hidden").is_some() || el.attr("aria-hidden") == Some("true") {
        return true;
    }
    if matches!(el.attr("role"), Some("navigation" | "banner" | "contentinfo" | "complementary")) {
        return true;
    }
    let marks = format!(
        "{} {}",
        el.attr("class").unwrap_or(""),
        el.attr("id").unwrap_or("")
    )
    .to_ascii_lowercase();
    SKIPPED_WORDS.iter().any(|w| marks.contains(w))
}

fn kind_of_tag(name: &str) -> Option<PartKind> {
    match name {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Some(PartKind::Heading),
        "figcaption" | "caption" => Some(PartKind::Caption),
        "blockquote" | "q" => Some(PartKind::Quote),
        "li" | "dt" | "dd" => Some(PartKind::ListItem),
        _ => None,
    }
}

/// Text blocks of an element, walked without recursion so that deep
/// nesting cannot exhaust the stack.
fn html_blocks(root: ElementRef) -> Vec<Block> {
    use ego_tree::iter::Edge;
    let mut blocks = Vec::new();
    let mut buf = String::new();
    let mut kinds: Vec<PartKind> = Vec::new();
    let mut skip_depth = 0usize;
    let flush = |buf: &mut String, kinds: &[PartKind], blocks: &mut Vec<Block>| {
        let text = squeeze(buf);
        buf.clear();
        if text.is_empty() {
            return;
        }
        let kind = [PartKind::Heading, PartKind::Caption, PartKind::Quote, PartKind::ListItem]
            .into_iter()
            .find(|k| kinds.contains(k))
            .unwrap_or(PartKind::Paragraph);
        blocks.push(Block { text, kind });
    };
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(el) => {
                    if skip_depth > 0 || skipped(el) {
                        skip_depth += 1;
                        continue;
                    }
                    let name = el.name();
                    if BLOCK_TAGS.contains(&name) {
                        flush(&mut buf, &kinds, &mut blocks);
                    }
                    if let Some(k) = kind_of_tag(name) {
                        kinds.push(k);
                    }
                }
                Node::Text(t) if skip_depth == 0 => buf.push_str(t),
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(el) = node.value() {
                    if skip_depth > 0 {
                        skip_depth -= 1;
                        continue;
                    }
                    let name = el.name();
                    if BLOCK_TAGS.contains(&name) {
                        flush(&mut buf, &kinds, &mut blocks);
                    }
                    if kind_of_tag(name).is_some() {
                        kinds.pop();
                    }
                }
            }
        }
    }
    flush(&mut buf, &kinds, &mut blocks);
    blocks
}

/// `datePublished` anywhere in a JSON-LD value, searched without recursion.
fn json_ld_date(v: &serde_json::Value) -> Option<String> {
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        match v {
            serde_json::Value::Object(map) => {
                if let Some(d) = map.get("datePublished").and_then(|d| d.as_str()) {
                    return Some(d.to_string());
                }
                stack.extend(map.values());
            }
            serde_json::Value::Array(items) => stack.extend(items.iter()),
            _ => {}
        }
    }
    None
}

/// Elements that never hold others, or that the parser closes by itself
/// when a sibling opens; they do not count towards nesting depth.
const FLAT_TAGS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr", "param", "p", "li", "td", "th", "tr", "option", "dt", "dd", "!doctype",
];
/// HTML nested deeper than this is read by stripping tags: the tree
/// builder's cost grows with the square of the depth.
const MAX_HTML_DEPTH: usize = 1000;

/// HTML whose tags, each weighted by the depth it opens at, sum beyond this is read by
/// stripping tags too: the tree builder checks the stack of open elements at every tag, so
/// a page 999 deep with thousands of tags inside is as slow as one nested far deeper. Real
/// pages (tens of levels, tens of thousands of tags) stay well under it.
const MAX_HTML_COST: usize = 4_000_000;

/// Rough nesting depth of HTML and the tree builder's work: the sum, over tags, of the depth
/// each one meets (comments and script/style text skipped).
fn html_shape(text: &str) -> (usize, usize) {
    let lower = text.to_ascii_lowercase();
    let (mut depth, mut max, mut i, mut cost) = (0usize, 0usize, 0usize, 0usize);
    while let Some(k) = lower[i..].find('<') {
        i += k;
        let rest = &lower[i..];
        if rest.starts_with("<!--") {
            i += rest.find("-->").map(|k| k + 3).unwrap_or(rest.len());
            continue;
        }
        let closing = rest.starts_with("</");
        let name_start = if closing { 2 } else { 1 };
        let name: String = rest[name_start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
            .collect();
        let end = rest.find('>').unwrap_or(rest.len());
        i += end.max(1);
        if !name.is_empty() {
            cost = cost.saturating_add(depth);
        }
        if name.is_empty() || FLAT_TAGS.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else if !rest[..end].ends_with('/') {
            if name == "script" || name == "style" {
                let close = format!("</{name}");
                i += lower[i..].find(&close).unwrap_or(lower.len() - i);
                continue;
            }
            depth += 1;
            max = max.max(depth);
        }
    }
    (max, cost)
}

/// Text of HTML with tags removed, one line per block-level tag; script
/// and style contents dropped. Used for pathologically deep pages.
fn strip_tags(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len() / 2);
    let mut i = 0;
    while let Some(k) = lower[i..].find('<') {
        out.push_str(&text[i..i + k]);
        i += k;
        // Jump over the contents of script-like elements to their end tag.
        if let Some(skip) = ["<script", "<style", "<noscript"]
            .iter()
            .find(|t| lower[i..].starts_with(*t))
        {
            let close = format!("</{}", &skip[1..]);
            i += lower[i..].find(&close).unwrap_or(lower.len() - i);
        }
        let rest = &lower[i..];
        let end = rest.find('>').map(|e| e + 1).unwrap_or(rest.len());
        let tag = &rest[..end];
        if ["<p", "<div", "<br", "<li", "<h", "</p", "</div", "</li", "</h", "<tr", "<blockquote"]
            .iter()
            .any(|t| tag.starts_with(t))
        {
            out.push('\n');
        }
        i += end;
    }
    out.push_str(&text[i..]);
    out.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn read_html(text: &str, ctx: &Context) -> Results {
    let (depth, cost) = html_shape(text);
    if depth > MAX_HTML_DEPTH || cost > MAX_HTML_COST {
        warn!("{}: HTML nested about {depth} deep over {cost} tag levels; reading it as text", ctx.at);
        let plain = strip_tags(text);
        let draft = Draft {
            blocks: text_blocks(plain.lines(), false),
            ..Draft::default()
        };
        return finish(draft, ctx);
    }
    let doc = Html::parse_document(text);
    let title = first_attr(&doc, r#"meta[property="og:title"]"#, "content")
        .or_else(|| first_text(&doc, "title"))
        .or_else(|| first_text(&doc, "h1"));
    let url = first_attr(&doc, r#"link[rel="canonical"]"#, "href")
        .or_else(|| first_attr(&doc, r#"meta[property="og:url"]"#, "content"));
    let json_ld = || {
        let sel = selector(r#"script[type="application/ld+json"]"#)?;
        doc.select(&sel).find_map(|s| {
            let raw: String = s.text().collect();
            serde_json::from_str::<serde_json::Value>(&raw)
                .ok()
                .and_then(|v| json_ld_date(&v))
        })
    };
    let published = first_attr(&doc, r#"meta[property="article:published_time"]"#, "content")
        .or_else(|| first_attr(&doc, "article time[datetime]", "datetime"))
        .or_else(|| first_attr(&doc, "time[datetime]", "datetime"))
        .or_else(json_ld);
    let lang = first_attr(&doc, "html[lang]", "lang");
    let source = first_attr(&doc, r#"meta[property="og:site_name"]"#, "content");

    // The article text: the fullest <article>, else <main>, else <body>.
    let candidates = |css: &str| -> Vec<ElementRef> {
        selector(css)
            .map(|s| doc.select(&s).collect())
            .unwrap_or_default()
    };
    let text_len = |e: &ElementRef| e.text().map(str::len).sum::<usize>();
    let root = candidates("article")
        .into_iter()
        .max_by_key(text_len)
        .or_else(|| candidates("main, [role=main]").into_iter().next())
        .or_else(|| candidates("body").into_iter().next())
        .unwrap_or_else(|| doc.root_element());
    let draft = Draft {
        title,
        url,
        source,
        published,
        published_at: None,
        lang,
        blocks: html_blocks(root),
    };
    finish(draft, ctx)
}

// ---------------------------------------------------------------------------
// RSS and Atom

/// Depth of XML element nesting, counted cheaply before parsing.
fn xml_depth(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut depth, mut max, mut i) = (0usize, 0usize, 0usize);
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        let rest = &text[i..];
        if rest.starts_with("<!--") {
            i += rest.find("-->").map(|k| k + 3).unwrap_or(rest.len());
        } else if rest.starts_with("<![CDATA[") {
            i += rest.find("]]>").map(|k| k + 3).unwrap_or(rest.len());
        } else if rest.starts_with("<!") || rest.starts_with("<?") {
            i += rest.find('>').map(|k| k + 1).unwrap_or(rest.len());
        } else if rest.starts_with("</") {
            depth = depth.saturating_sub(1);
            i += 2;
        } else {
            let end = rest.find('>').unwrap_or(rest.len());
            if !rest[..end].ends_with('/') {
                depth += 1;
                max = max.max(depth);
            }
            i += end.max(1);
        }
    }
    max
}

fn looks_like_html(s: &str) -> bool {
    s.contains('<') && s.contains('>')
}

fn html_fragment_blocks(s: &str) -> Vec<Block> {
    let frag = Html::parse_fragment(s);
    html_blocks(frag.root_element())
}

fn plain_of(s: &str) -> String {
    if looks_like_html(s) {
        html_fragment_blocks(s)
            .into_iter()
            .map(|b| b.text)
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        s.to_string()
    }
}

fn read_feed(text: &str, name: &str, opts: &IngestOptions) -> Results {
    let at = Location::file(name);
    let depth = xml_depth(text);
    if depth > MAX_XML_DEPTH {
        return vec![Err(IngestError::Feed {
            at,
            message: format!("elements nested {depth} deep (limit {MAX_XML_DEPTH})"),
        })];
    }
    let feed = match feed_rs::parser::Builder::new().build().parse(text.as_bytes()) {
        Ok(f) => f,
        Err(e) => {
            return vec![Err(IngestError::Feed {
                at,
                message: e.to_string(),
            })]
        }
    };
    let source = feed.title.as_ref().map(|t| plain_of(&t.content));
    let mut out = Vec::new();
    for (i, entry) in feed.entries.iter().enumerate() {
        let ctx = Context::record(opts, name, i, None);
        let link = entry
            .links
            .iter()
            .find(|l| matches!(l.rel.as_deref(), None | Some("alternate")))
            .or_else(|| entry.links.first())
            .map(|l| l.href.clone());
        let raw_body = entry
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .or_else(|| entry.summary.as_ref().map(|s| s.content.clone()))
            .unwrap_or_default();
        let blocks = if looks_like_html(&raw_body) {
            html_fragment_blocks(&raw_body)
        } else {
            text_blocks(raw_body.lines(), false)
        };
        let draft = Draft {
            title: entry.title.as_ref().map(|t| plain_of(&t.content)),
            url: link,
            source: source.clone(),
            published: None,
            published_at: entry.published.or(entry.updated),
            lang: entry.language.clone().or_else(|| feed.language.clone()),
            blocks,
        };
        out.extend(finish(draft, &ctx));
    }
    out
}

// ---------------------------------------------------------------------------
// Entry points

fn extension_of(name: &str) -> Option<String> {
    Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

fn decode<'b>(bytes: &'b [u8], name: &str, opts: &IngestOptions) -> Result<&'b str, IngestError> {
    let at = || Location::file(name);
    if bytes.len() as u64 > opts.max_bytes {
        return Err(IngestError::TooLarge {
            at: at(),
            size: bytes.len() as u64,
            max: opts.max_bytes,
        });
    }
    let (bom, body) = match bytes.strip_prefix(b"\xef\xbb\xbf") {
        Some(rest) => (3, rest),
        None => (0, bytes),
    };
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(IngestError::Empty { at: at() });
    }
    if let Some(offset) = body.iter().position(|&b| b == 0) {
        return Err(IngestError::Binary {
            at: at(),
            offset: offset + bom,
        });
    }
    std::str::from_utf8(body).map_err(|e| IngestError::InvalidUtf8 {
        at: at(),
        offset: e.valid_up_to() + bom,
    })
}

/// Reads articles from bytes; `name` is used for messages, origins and, by
/// its extension, to choose the format.
pub fn read_bytes(bytes: &[u8], name: &str, opts: &IngestOptions) -> Results {
    let text = match decode(bytes, name, opts) {
        Ok(t) => t,
        Err(e) => return vec![Err(e)],
    };
    let format = match opts.format {
        Some(f) => f,
        None => match extension_of(name) {
            None => Format::sniff(bytes),
            Some(ext) => match Format::from_extension(&ext) {
                // An .xml file may be anything; look inside.
                Some(Format::Rss) if ext == "xml" => match Format::sniff(bytes) {
                    f @ (Format::Rss | Format::Atom | Format::Html) => f,
                    _ => Format::Rss,
                },
                Some(f) => f,
                None => {
                    return vec![Err(IngestError::UnknownFormat {
                        at: Location::file(name),
                        detail: format!("extension '.{ext}' is not one of txt, md, json, jsonl, csv, tsv, rss, atom, xml, html"),
                    })]
                }
            },
        },
    };
    debug!(file = name, ?format, "reading");
    let whole = || Context {
        opts,
        at: Location::file(name),
        origin: Origin {
            path: name.to_string(),
            record: None,
            line: Some(1),
        },
    };
    match format {
        Format::Text => read_text(text, false, &whole()),
        Format::Markdown => read_text(text, true, &whole()),
        Format::Json => read_json(text, name, opts),
        Format::JsonLines => read_json_lines(text, name, opts),
        Format::Csv => read_csv(text, name, opts),
        Format::Rss | Format::Atom => read_feed(text, name, opts),
        Format::Html => read_html(text, &Context {
            origin: Origin {
                line: None,
                ..whole().origin
            },
            ..whole()
        }),
    }
}

fn read_limited(reader: impl Read, name: &str, opts: &IngestOptions) -> Result<Vec<u8>, IngestError> {
    let mut buf = Vec::new();
    reader
        .take(opts.max_bytes.saturating_add(1))
        .read_to_end(&mut buf)
        .map_err(|source| IngestError::Io {
            at: Location::file(name),
            source,
        })?;
    if buf.len() as u64 > opts.max_bytes {
        return Err(IngestError::TooLarge {
            at: Location::file(name),
            size: buf.len() as u64,
            max: opts.max_bytes,
        });
    }
    Ok(buf)
}

fn read_file(path: &Path, opts: &IngestOptions) -> Results {
    let name = path.display().to_string();
    let io = |source| IngestError::Io {
        at: Location::file(&name),
        source,
    };
    let size = match std::fs::metadata(path) {
        Ok(m) => m.len(),
        Err(e) => return vec![Err(io(e))],
    };
    if size > opts.max_bytes {
        return vec![Err(IngestError::TooLarge {
            at: Location::file(&name),
            size,
            max: opts.max_bytes,
        })];
    }
    let bytes = match std::fs::File::open(path)
        .map_err(io)
        .and_then(|f| read_limited(f, &name, opts))
    {
        Ok(b) => b,
        Err(e) => return vec![Err(e)],
    };
    read_bytes(&bytes, &name, opts)
}

fn hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .map(|n| n.starts_with('.'))
        .unwrap_or(false)
}

/// Files under a directory, sorted, without hidden entries; directories
/// reached through symbolic links are not entered (no loops).
fn walk(dir: &Path, errors: &mut Results) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        let entries = match std::fs::read_dir(&d) {
            Ok(e) => e,
            Err(source) => {
                errors.push(Err(IngestError::Io {
                    at: Location::file(&d.display().to_string()),
                    source,
                }));
                continue;
            }
        };
        for entry in entries.flatten() {
            let p = entry.path();
            if hidden(&p) {
                continue;
            }
            match entry.file_type() {
                Ok(t) if t.is_dir() => pending.push(p),
                Ok(t) if t.is_file() => files.push(p),
                Ok(t) if t.is_symlink() && p.is_file() => files.push(p),
                _ => {}
            }
        }
    }
    files.sort();
    files
}

/// Reads a file, or every file under a directory (recursively, in sorted
/// order, skipping hidden entries and files whose extension names no known
/// format). A file given by name whose extension is unknown is an error;
/// one with no extension has its format guessed from its content.
pub fn read_path(path: &Path, opts: &IngestOptions) -> Results {
    if !path.is_dir() {
        return read_file(path, opts);
    }
    let mut out = Vec::new();
    for file in walk(path, &mut out) {
        let known = file
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| Format::from_extension(e).is_some())
            .unwrap_or(true);
        if !known && opts.format.is_none() {
            // Folders hold other files too (images, PDFs); say which were left out.
            warn!("{}: skipped: unknown format (not one of txt, md, json, jsonl, csv, tsv, rss, atom, xml, html)", file.display());
            continue;
        }
        out.extend(read_file(&file, opts));
    }
    out
}

/// Reads articles from standard input, named "<stdin>".
pub fn read_stdin(opts: &IngestOptions) -> Results {
    let name = "<stdin>";
    match read_limited(std::io::stdin().lock(), name, opts) {
        Ok(bytes) => read_bytes(&bytes, name, opts),
        Err(e) => vec![Err(e)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, name: &str) -> Results {
        read_bytes(text.as_bytes(), name, &IngestOptions::default())
    }

    fn ok(results: Results) -> Vec<Article> {
        results
            .into_iter()
            .map(|r| r.unwrap_or_else(|e| panic!("unexpected error: {e}")))
            .collect()
    }

    fn one(text: &str, name: &str) -> Article {
        let mut v = ok(read(text, name));
        assert_eq!(v.len(), 1, "{v:#?}");
        v.remove(0)
    }

    fn err(text: &[u8], name: &str) -> IngestError {
        let mut v = read_bytes(text, name, &IngestOptions::default());
        assert_eq!(v.len(), 1);
        match v.remove(0) {
            Err(e) => e,
            Ok(a) => panic!("expected an error, got {a:#?}"),
        }
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    fn check_parts(a: &Article) {
        for p in &a.parts {
            assert!(p.start <= p.end && p.end <= a.body.len());
            assert!(a.body.is_char_boundary(p.start) && a.body.is_char_boundary(p.end));
        }
        let joined: Vec<&str> = a.parts.iter().map(|p| &a.body[p.start..p.end]).collect();
        assert_eq!(joined.join("\n\n"), a.body);
    }

    const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/fixtures/alep-euronews-fr.txt");

    #[test]
    fn euronews_fixture() {
        if let Err(e) = std::fs::metadata(FIXTURE) {
            eprintln!("SKIPPED euronews_fixture: cannot read {FIXTURE} (the shared folder beside the repository): {e}");
            return;
        }
        let opts = IngestOptions {
            lang: Some("fr".into()),
            published: Some(date(2016, 12, 8)),
            ..IngestOptions::default()
        };
        let all = ok(read_path(Path::new(FIXTURE), &opts));
        assert_eq!(all.len(), 4, "{all:#?}");
        let page = &all[0];
        assert_eq!(page.parent, None);
        assert!(page.title.starts_with("Alep : la Russie annonce"));
        assert_eq!(page.published, Some(date(2016, 12, 8)));
        assert_eq!(page.language.as_deref(), Some("fr"));
        check_parts(page);
        for line in page.body.lines() {
            for bad in ["Partager", "PUBLICITÉ", "embed", "Copy to clipboard", "Tous droits", "Par Euronews", "découvrir"] {
                assert!(!line.contains(bad), "furniture left in body: {line:?}");
            }
        }
        assert!(!page.body.contains(&page.title), "title must not be in the body");
        assert!(page.body.contains("La Russie a annoncé ce jeudi"));
        assert!(page.body.contains("classée en 1986"));
        let stubs = &all[1..];
        let titles: Vec<&str> = stubs.iter().map(|a| a.title.as_str()).collect();
        assert!(titles[0].starts_with("Syrie : une frappe israélienne"));
        assert!(titles[1].starts_with("Syrie : 20 combattants kurdes"));
        assert!(titles[2].starts_with("L'armée syrienne bombarde"));
        for s in stubs {
            assert!(!page.body.contains(&s.title), "headline left in page body: {}", s.title);
            assert_eq!(s.parent.as_deref(), Some(page.id.as_str()));
            assert_eq!(s.published, None);
            assert_eq!(s.published_at, None);
            assert_eq!(s.body, s.title);
            assert_eq!(s.language.as_deref(), Some("fr"));
            assert_ne!(s.id, page.id);
        }
        // Ids are stable from one read to the next.
        let again = ok(read_path(Path::new(FIXTURE), &opts));
        assert_eq!(again[0].id, page.id);
        assert_eq!(page.id.len(), 16);
    }

    #[test]
    fn plain_text_title_and_paragraphs() {
        let a = one("# Big news\n\nFirst paragraph.\nSecond paragraph.\n\nthird\ncontinued here\n", "a.txt");
        assert_eq!(a.title, "Big news");
        assert_eq!(a.body, "First paragraph.\n\nSecond paragraph.\n\nthird continued here");
        assert_eq!(a.parts.len(), 3);
        check_parts(&a);
        assert_eq!(a.origin.path, "a.txt");
    }

    #[test]
    fn markdown_front_matter() {
        let md = "---\ntitle: \"Alep : trêve\"\nurl: https://example.org/a\npublished: 2016-12-08T10:30:00+01:00\nlang: fr-FR\nsource: 'Exemple'\n---\n# Alep : trêve\n\nUn **premier** paragraphe\nsur deux lignes avec [un lien](http://x).\n\n## Sous-titre\n\n> Une citation.\n\n- un point\n";
        let a = one(md, "a.md");
        assert_eq!(a.title, "Alep : trêve");
        assert_eq!(a.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(a.published, Some(date(2016, 12, 8)));
        assert_eq!(a.published_at.map(|t| t.to_rfc3339()), Some("2016-12-08T09:30:00+00:00".to_string()));
        assert_eq!(a.language.as_deref(), Some("fr"));
        assert_eq!(a.source.as_deref(), Some("Exemple"));
        assert_eq!(a.body, "Un premier paragraphe sur deux lignes avec un lien.\n\nSous-titre\n\nUne citation.\n\nun point");
        let kinds: Vec<PartKind> = a.parts.iter().map(|p| p.kind).collect();
        assert_eq!(kinds, vec![PartKind::Paragraph, PartKind::Heading, PartKind::Quote, PartKind::ListItem]);
        assert_eq!(a.id, hash_id("https://example.org/a"));
    }

    #[test]
    fn bad_and_absurd_dates_keep_the_article() {
        let a = one("---\ntitle: T\npublished: 2016-13-45\n---\nBody.\n", "a.md");
        assert_eq!(a.published, None);
        assert_eq!(a.body, "Body.");
        let a = one("---\ntitle: T\npublished: 1700-01-01\n---\nBody.\n", "a.md");
        assert_eq!(a.published, None);
        let a = one("---\ntitle: T\npublished: 2999-01-01\n---\nBody.\n", "a.md");
        assert_eq!(a.published, None);
        let e = IngestError::BadDate {
            at: Location { record: Some(2), ..Location::file("x.jsonl") },
            field: "published".into(),
            value: "2016-13-45".into(),
        };
        assert_eq!(e.to_string(), "x.jsonl, record 2: published: cannot read date '2016-13-45'");
    }

    #[test]
    fn date_formats() {
        let cases = [
            ("2016-12-08T23:30:00-05:00", date(2016, 12, 8), true),
            ("Thu, 08 Dec 2016 10:00:00 +0000", date(2016, 12, 8), true),
            ("2016-12-08", date(2016, 12, 8), false),
            ("2016-12-08 10:15", date(2016, 12, 8), true),
            ("2016-12-08 10:15:42", date(2016, 12, 8), true),
            ("08/12/2016", date(2016, 12, 8), false),
        ];
        for (s, d, has_time) in cases {
            let (got, at) = parse_published(s).unwrap_or_else(|| panic!("cannot read {s}"));
            assert_eq!(got, d, "{s}");
            assert_eq!(at.is_some(), has_time, "{s}");
        }
        for s in ["2016-13-45", "31/02/2016", "yesterday", "", "12/2016"] {
            assert_eq!(parse_published(s), None, "{s}");
        }
        // The day is the one written, in its own offset.
        let (_, at) = parse_published("2016-12-08T23:30:00-05:00").expect("valid");
        assert_eq!(at.map(|t| t.date_naive()), Some(date(2016, 12, 9)));
    }

    #[test]
    fn json_lines_records_and_errors() {
        let text = "{\"title\":\"A\",\"text\":\"Alpha.\",\"date\":\"2016-12-08\",\"language\":\"en\"}\n\n{\"title\":\"B\",\"body\":\"Beta.\"\n{\"title\":\"C\",\"text\":[\"One.\",\"Two.\"],\"extra\":1}\n[1]\n{\"other\":1}\n";
        let v = read(text, "in.jsonl");
        assert_eq!(v.len(), 5);
        let a = v[0].as_ref().expect("first record");
        assert_eq!((a.title.as_str(), a.body.as_str()), ("A", "Alpha."));
        assert_eq!(a.published, Some(date(2016, 12, 8)));
        assert_eq!(a.language.as_deref(), Some("en"));
        assert_eq!(a.origin.line, Some(1));
        match &v[1] {
            Err(e @ IngestError::Json { at, .. }) => {
                assert_eq!(at.line, Some(3));
                assert!(e.to_string().starts_with("in.jsonl, record 2, line 3"), "{e}");
            }
            other => panic!("{other:?}"),
        }
        let c = v[2].as_ref().expect("third record");
        assert_eq!(c.body, "One.\n\nTwo.");
        assert!(matches!(v[3], Err(IngestError::NotAnObject { .. })));
        assert!(matches!(v[4], Err(IngestError::NoText { .. })));
    }

    #[test]
    fn json_array_single_object_and_field_map() {
        let v = ok(read(r#"[{"title":"A","text":"a."},{"title":"B","text":"b."}]"#, "x.json"));
        assert_eq!(v.len(), 2);
        assert_eq!(v[1].origin.record, Some(1));
        let a = one(r#"{"title":"Solo","text":"s.","url":"http://e/x"}"#, "x.json");
        assert_eq!(a.url.as_deref(), Some("http://e/x"));
        let mut opts = IngestOptions::default();
        opts.fields.title = vec!["headline_fr".into()];
        opts.fields.body = vec!["corps".into()];
        let v = ok(read_bytes(br#"{"headline_fr":"Titre","corps":"Texte."}"#, "x.json", &opts));
        assert_eq!((v[0].title.as_str(), v[0].body.as_str()), ("Titre", "Texte."));
        // Text without title: the first line becomes the title.
        let a = one(r#"{"text":"Headline here\nThe story."}"#, "x.json");
        assert_eq!((a.title.as_str(), a.body.as_str()), ("Headline here", "The story."));
        // Title without text: the body is the title.
        let a = one(r#"{"title":"Only a title"}"#, "x.json");
        assert_eq!(a.body, "Only a title");
    }

    #[test]
    fn malformed_json_names_line_and_column() {
        match err(b"[\n{\"title\": \"a\",\n  oops}\n]", "bad.json") {
            IngestError::Json { at, .. } => {
                assert_eq!(at.file, "bad.json");
                assert_eq!(at.line, Some(3));
                assert!(at.column.is_some());
            }
            other => panic!("{other}"),
        }
    }

    #[test]
    fn fuzz_records_of_only_heading_marks_have_no_text() {
        // Found with the fuzz targets' article checks: a record whose only text is a line of
        // '#' marks became an article with an empty title and an empty body.
        for (text, name) in [(r##"{"text": "# #"}"##, "a.json"), ("title,text\n,# #\n", "a.csv"), ("<p>###</p>", "a.html")] {
            let results = read(text, name);
            assert_eq!(results.len(), 1, "{name}");
            assert!(matches!(results[0], Err(IngestError::NoText { .. })), "{name}: {:?}", results[0]);
        }
        // The marks do not hide a title that follows them.
        let a = one("{\"text\": \"###\\nFloods in Dhaka\\nStreets are under water.\"}", "a.json");
        assert_eq!(a.title, "Floods in Dhaka");
        assert!(!a.body.is_empty());
    }

    #[test]
    fn deeply_nested_json_does_not_overflow() {
        let deep = "[".repeat(100_000);
        assert!(matches!(err(deep.as_bytes(), "deep.json"), IngestError::Json { .. }));
        let deep_lines = format!("{}\n{{\"title\":\"ok\",\"text\":\"fine.\"}}\n", "[".repeat(100_000));
        let v = read(&deep_lines, "deep.jsonl");
        assert_eq!(v.len(), 2);
        assert!(v[0].is_err() && v[1].is_ok());
        let obj = "{\"a\":".repeat(100_000);
        assert!(matches!(err(obj.as_bytes(), "deep.json"), IngestError::Json { .. }));
    }

    #[test]
    fn csv_rows_ragged_and_multiline() {
        let csv = "title,text,url,published\nA,\"Line one.\nLine two.\",http://e/a,2016-12-08\nB,too,many,fields,here\nC,\"Gamma, with comma.\",,08/12/2016\n";
        let v = read(csv, "in.csv");
        assert_eq!(v.len(), 3, "{v:#?}");
        let a = v[0].as_ref().expect("row A");
        assert_eq!(a.body, "Line one.\n\nLine two.");
        assert_eq!(a.url.as_deref(), Some("http://e/a"));
        match &v[1] {
            Err(e @ IngestError::Csv { at, .. }) => {
                assert_eq!(at.record, Some(2));
                assert_eq!(at.line, Some(4));
                assert!(e.to_string().contains("5 fields where the header has 4"), "{e}");
            }
            other => panic!("{other:?}"),
        }
        let c = v[2].as_ref().expect("row C");
        assert_eq!(c.url, None);
        assert_eq!(c.published, Some(date(2016, 12, 8)));
        // Semicolon-separated, with another header name.
        let v = ok(read("Title;Text\nX;Y.\n", "s.csv"));
        assert_eq!(v[0].body, "Y.");
        assert_eq!(v[0].title, "X");
    }

    #[test]
    fn rss_and_atom() {
        let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><language>en-us</language>
<item><title>First &amp; foremost</title><link>http://e/1</link><pubDate>Thu, 08 Dec 2016 10:00:00 +0000</pubDate>
<description>&lt;p&gt;Hello &lt;b&gt;world&lt;/b&gt;.&lt;/p&gt;&lt;script&gt;evil()&lt;/script&gt;&lt;p&gt;Second.&lt;/p&gt;</description></item>
<item><title>Second</title><description>Plain text.</description></item>
</channel></rss>"#;
        let v = ok(read(rss, "feed.rss"));
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].title, "First & foremost");
        assert_eq!(v[0].url.as_deref(), Some("http://e/1"));
        assert_eq!(v[0].body, "Hello world.\n\nSecond.");
        assert_eq!(v[0].published, Some(date(2016, 12, 8)));
        assert!(v[0].published_at.is_some());
        assert_eq!(v[0].source.as_deref(), Some("Wire"));
        assert_eq!(v[0].language.as_deref(), Some("en"));
        assert_eq!(v[1].origin.record, Some(1));
        let atom = r#"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>x</id><updated>2016-12-08T00:00:00Z</updated>
<entry><title>Entry one</title><id>e1</id><link href="http://e/e1"/><updated>2016-12-07T08:00:00Z</updated><content type="html">&lt;p&gt;Body one.&lt;/p&gt;</content></entry></feed>"#;
        let v = ok(read(atom, "feed.atom"));
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].body, "Body one.");
        assert_eq!(v[0].published, Some(date(2016, 12, 7)));
        // Sniffed without extension.
        assert_eq!(ok(read(atom, "<stdin>")).len(), 1);
    }

    #[test]
    fn rss_billion_laughs_stays_small() {
        let mut dtd = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY lol \"lol\">\n");
        for i in 1..10 {
            let prev = if i == 1 { "lol".to_string() } else { format!("lol{}", i - 1) };
            dtd.push_str(&format!("<!ENTITY lol{i} \"{}\">\n", format!("&{prev};").repeat(10)));
        }
        dtd.push_str("]>\n<rss version=\"2.0\"><channel><title>t</title><item><title>&lol9;</title><description>&lol9; text</description></item></channel></rss>");
        // feed-rs resolves only the five predefined entities and leaves
        // the others as written: the bomb stays a few bytes long.
        let v = ok(read(&dtd, "bomb.rss"));
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].title, "&lol9;");
        assert_eq!(v[0].body, "&lol9; text");
    }

    #[test]
    fn deeply_nested_xml_is_refused() {
        let xml = format!("<rss><channel>{}{}</channel></rss>", "<a>".repeat(100_000), "</a>".repeat(100_000));
        assert!(matches!(err(xml.as_bytes(), "deep.rss"), IngestError::Feed { .. }));
        // A truncated feed must not panic, whatever feed-rs makes of it.
        let _ = read("<rss><channel><item><title>x", "broken.rss");
        assert!(matches!(err(b"<nope/>", "x.rss"), IngestError::Feed { .. }));
    }

    #[test]
    fn html_page() {
        let html = r#"<!doctype html><html lang="fr-FR"><head>
<title>Fallback title</title>
<meta property="og:title" content="Alep : trêve annoncée">
<meta property="og:site_name" content="Exemple">
<link rel="canonical" href="https://example.org/alep">
<meta property="article:published_time" content="2016-12-08T09:00:00+01:00">
<style>.x { color: red } STYLETEXT</style>
<script>var SCRIPTTEXT = 1;</script>
</head><body>
<header>HEADERTEXT</header><nav>NAVTEXT</nav>
<main><article>
<h1>Alep : trêve annoncée</h1>
<p>La Russie a annoncé <b>ce jeudi</b> une suspension.</p>
<script>document.write("INLINE SCRIPT")</script>
<div class="social-share">SHARETEXT</div>
<figure><img src="x.jpg"><figcaption>Une photo d'Alep.</figcaption></figure>
<blockquote><p>Nous sommes parvenus à un accord.</p></blockquote>
<ul><li>Premier point</li></ul>
<p>PUBLICITÉ</p>
<aside>ASIDETEXT</aside>
<form><button>BUTTONTEXT</button></form>
<div id="cookie-consent">COOKIETEXT</div>
</article></main>
<footer>FOOTERTEXT</footer>
</body></html>"#;
        let a = one(html, "page.html");
        assert_eq!(a.title, "Alep : trêve annoncée");
        assert_eq!(a.url.as_deref(), Some("https://example.org/alep"));
        assert_eq!(a.published, Some(date(2016, 12, 8)));
        assert_eq!(a.language.as_deref(), Some("fr"));
        assert_eq!(a.source.as_deref(), Some("Exemple"));
        for bad in ["STYLETEXT", "SCRIPTTEXT", "INLINE SCRIPT", "HEADERTEXT", "NAVTEXT", "SHARETEXT", "ASIDETEXT", "BUTTONTEXT", "COOKIETEXT", "FOOTERTEXT", "PUBLICITÉ", "color"] {
            assert!(!a.body.contains(bad), "{bad} leaked into {:?}", a.body);
        }
        assert_eq!(
            a.body,
            "La Russie a annoncé ce jeudi une suspension.\n\nUne photo d'Alep.\n\nNous sommes parvenus à un accord.\n\nPremier point"
        );
        let kinds: Vec<PartKind> = a.parts.iter().map(|p| p.kind).collect();
        assert_eq!(kinds, vec![PartKind::Paragraph, PartKind::Caption, PartKind::Quote, PartKind::ListItem]);
        check_parts(&a);
    }

    #[test]
    fn html_fallbacks_time_and_json_ld() {
        let a = one("<html><body><h1>Head</h1><p>Text <time datetime=\"2016-12-08\">jeudi</time>.</p></body></html>", "p.htm");
        assert_eq!(a.title, "Head");
        assert_eq!(a.published, Some(date(2016, 12, 8)));
        assert_eq!(a.body, "Text jeudi.");
        let a = one(r#"<html><head><title>T</title><script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","datePublished":"2016-12-07T10:00:00Z"}]}</script></head><body><p>x.</p></body></html>"#, "p.html");
        assert_eq!(a.published, Some(date(2016, 12, 7)));
        // Deep nesting neither overflows the stack nor takes minutes.
        let deep = format!("<html><body><script>x</script>{}Deep text.{}</body></html>", "<div>".repeat(50_000), "</div>".repeat(50_000));
        let started = std::time::Instant::now();
        let a = one(&deep, "deep.html");
        assert_eq!(a.title, "Deep text.");
        assert!(started.elapsed().as_secs() < 20);
        let depth = format!("<html><body>{}<p>x{}</body></html>", "<div>".repeat(999), "</div>".repeat(999));
        assert!(html_shape(&depth).0 < MAX_HTML_DEPTH + 5);
        let many_p = format!("<html><body>{}</body></html>", "<p>para".repeat(5000));
        assert!(html_shape(&many_p).0 < 10);
        // Just under the depth limit, with thousands of tags inside: read as text, quickly.
        let wide = format!("<html><body>{}{}{}</body></html>", "<div>".repeat(999), "<p>Deep paragraph.</p>".repeat(7000), "</div>".repeat(999));
        assert!(html_shape(&wide).1 > MAX_HTML_COST);
        let started = std::time::Instant::now();
        let a = one(&wide, "wide.html");
        assert!(a.body.starts_with("Deep paragraph."), "{}", &a.body[..40.min(a.body.len())]);
        assert!(started.elapsed().as_secs() < 5);
        // An ordinary large page is parsed as HTML.
        let big = format!("<html><body>{}</body></html>", "<div><div><p>Text <a href=x>link</a>.</p></div></div>".repeat(20_000));
        assert!(html_shape(&big).1 < MAX_HTML_COST / 4);
    }

    #[test]
    fn english_teasers_and_furniture() {
        let text = "Storm hits coast\nBy Jane Doe\nAdvertisement\nShare this article\nThe storm made landfall.\nAll rights reserved\nRead also: Floods in the north - 2016-12-01\n\nRelated\n\n• Earlier storm kills 3\nPower cut in the city (07/12/2016)\n";
        let v = ok(read(text, "s.txt"));
        assert_eq!(v.len(), 4, "{v:#?}");
        assert_eq!(v[0].body, "The storm made landfall.");
        let stubs: Vec<(&str, Option<NaiveDate>)> = v[1..].iter().map(|a| (a.title.as_str(), a.published)).collect();
        assert_eq!(
            stubs,
            vec![
                ("Floods in the north", Some(date(2016, 12, 1))),
                ("Earlier storm kills 3", None),
                ("Power cut in the city", Some(date(2016, 12, 7))),
            ]
        );
        for s in &v[1..] {
            assert_eq!(s.parent.as_deref(), Some(v[0].id.as_str()));
        }
    }

    #[test]
    fn bylines_and_lookalikes() {
        assert!(is_byline("Par Euronews"));
        assert!(is_byline("By Jane Doe"));
        assert!(!is_byline("Par ailleurs, la ville est calme"));
        assert!(!is_byline("By noon the city was calm."));
        assert!(is_furniture("Partager cet articleDiscussion"));
        assert!(is_furniture("PUBLICITE"));
        assert!(!is_furniture("Publicité mensongère : une entreprise condamnée à Lyon"));
        assert!(matches!(teaser_of("A découvrir également"), Some(Teaser::Heading)));
        assert!(matches!(teaser_of("À lire aussi :"), Some(Teaser::Heading)));
        assert!(teaser_of("Relatedness of events").is_none());
    }

    #[test]
    fn hostile_bytes() {
        assert!(matches!(err(b"abc\xff\xfedef", "x.txt"), IngestError::InvalidUtf8 { offset: 3, .. }));
        assert!(matches!(err(b"\xef\xbb\xbfab\xc3", "x.txt"), IngestError::InvalidUtf8 { offset: 5, .. }));
        assert!(matches!(err(b"\x00\x01\x02\x03binary", "x.txt"), IngestError::Binary { offset: 0, .. }));
        assert!(matches!(err(b"", "x.txt"), IngestError::Empty { .. }));
        assert!(matches!(err(b"  \n\n\t", "x.json"), IngestError::Empty { .. }));
        assert!(matches!(err(b"text", "x.pdf"), IngestError::UnknownFormat { .. }));
        let e = err(b"abc\xff", "x.txt");
        assert_eq!(e.to_string(), "x.txt: invalid UTF-8 at byte 3");
        let small = IngestOptions { max_bytes: 10, ..IngestOptions::default() };
        let v = read_bytes(b"0123456789ABC", "x.txt", &small);
        assert!(matches!(v[0], Err(IngestError::TooLarge { size: 13, max: 10, .. })));
    }

    #[test]
    fn hostile_markdown_and_teaser_lines() {
        let a = one(&format!("T\n{}\n", "[".repeat(200_000)), "x.md");
        assert_eq!(a.body.len(), 200_000);
        // A multi-byte character around byte 80 does not hide the colon.
        let line = format!("Lire aussi : {}", "é".repeat(100));
        assert!(matches!(teaser_of(&line), Some(Teaser::Inline(_))));
        let line = format!("{}: x", "é".repeat(45));
        assert!(teaser_of(&line).is_none());
    }

    #[test]
    fn ten_million_character_line() {
        // Reading a line of ten million characters is fast and bounded; the article is then
        // refused as too long for the pipeline, with its size.
        let mut text = String::from("Title\n");
        text.push_str(&"a".repeat(10_000_000));
        text.push('\n');
        match err(text.as_bytes(), "big.txt") {
            IngestError::TooLong { size, max, .. } => assert_eq!((size, max), (10_000_005, MAX_ARTICLE_BYTES)),
            e => panic!("{e}"),
        }
        // Just under the limit, it is read, and as the only line it is not taken whole as a
        // title.
        let a = one(&"word ".repeat(400_000), "big.txt");
        assert!(a.title.chars().count() <= 121);
        assert_eq!(a.body.len(), 1_999_999);
    }

    #[test]
    fn directory_walk() {
        let dir = std::env::temp_dir().join(format!("ingest-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let sub = dir.join("sub");
        std::fs::create_dir_all(&sub).expect("temp dir");
        std::fs::write(dir.join("b.txt"), "B title\nB body.").expect("write");
        std::fs::write(sub.join("a.md"), "# A title\nA body.").expect("write");
        std::fs::write(dir.join(".hidden.txt"), "Hidden\nno.").expect("write");
        std::fs::write(dir.join("image.png"), b"\x89PNG\x00").expect("write");
        std::fs::write(dir.join("empty.txt"), "").expect("write");
        let v = read_path(&dir, &IngestOptions::default());
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(v.len(), 3, "{v:#?}");
        assert_eq!(v[0].as_ref().map(|a| a.title.as_str()).ok(), Some("B title"));
        assert!(matches!(v[1], Err(IngestError::Empty { .. })));
        assert_eq!(v[2].as_ref().map(|a| a.title.as_str()).ok(), Some("A title"));
        let missing = read_path(Path::new("/nonexistent/ingest/x.txt"), &IngestOptions::default());
        assert!(matches!(missing[0], Err(IngestError::Io { .. })));
    }

    #[test]
    fn sniffing() {
        assert_eq!(Format::sniff(b"<rss version='2.0'>"), Format::Rss);
        assert_eq!(Format::sniff(b"<?xml version='1.0'?><feed>"), Format::Atom);
        assert_eq!(Format::sniff(b"<!DOCTYPE html><html>"), Format::Html);
        assert_eq!(Format::sniff(b"[{}]"), Format::Json);
        assert_eq!(Format::sniff(b"{\"a\":1}\n{\"a\":2}\n"), Format::JsonLines);
        assert_eq!(Format::sniff(b"{\n\"a\": 1\n}"), Format::Json);
        assert_eq!(Format::sniff(b"---\ntitle: x\n---\n"), Format::Markdown);
        assert_eq!(Format::sniff(b"Just words"), Format::Text);
    }
}
