-- Dateline store, SQLite, schema version 1.
CREATE TABLE articles (
    rowid       INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    url         TEXT UNIQUE,
    hash        TEXT NOT NULL UNIQUE,
    title       TEXT NOT NULL,
    source      TEXT,
    published   TEXT,
    lang        TEXT,
    parent      TEXT,
    body        TEXT NOT NULL,
    lon         REAL,               -- where the article is set: its most frequent event place
    lat         REAL,
    ingested_at TEXT NOT NULL
);

CREATE TABLE events (
    rowid       INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    article     INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
    type        TEXT NOT NULL,
    day         INTEGER,            -- days since 1970-01-01, NULL when undated
    lon         REAL,
    lat         REAL,
    country     TEXT,
    precision   TEXT,
    fatalities  INTEGER,
    actors      TEXT NOT NULL,      -- ' RU US ' : codes between spaces, for LIKE '% RU %'
    actor_names TEXT NOT NULL,
    props       TEXT NOT NULL       -- the GeoJSON properties, as JSON
);
-- Covering indexes for the timeline and the commonest filters (lon: located or not).
CREATE INDEX events_day ON events(day, lon);
CREATE INDEX events_type_day ON events(type, day, lon);
CREATE INDEX events_country ON events(country);
CREATE INDEX events_article ON events(article);

-- Located events in space and time (rowid = events.rowid): x = lon, y = lat, d = day, so a
-- bbox and a datetime interval are one index lookup. Undated events get d = -1e9.
CREATE VIRTUAL TABLE events_rtree USING rtree(id, minx, maxx, miny, maxy, mind, maxd);

-- Full text of sentence, title, place and actors (rowid = events.rowid).
CREATE VIRTUAL TABLE events_fts USING fts5(text, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');
