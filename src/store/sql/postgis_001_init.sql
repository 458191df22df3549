-- Dateline store, PostgreSQL with PostGIS, schema version 1.
-- The extension itself is created (or found) by the program before this runs.

-- Keys compare bytewise (COLLATE "C"): they are identifiers, and a locale's collation would
-- make every index insert slower for nothing.
CREATE TABLE articles (
    seq         bigserial PRIMARY KEY,
    id          text COLLATE "C" NOT NULL UNIQUE,
    url         text COLLATE "C" UNIQUE,
    hash        text COLLATE "C" NOT NULL UNIQUE,
    title       text NOT NULL,
    source      text,
    published   date,
    lang        text,
    parent      text,
    body        text NOT NULL,
    lon         double precision,     -- where the article is set: its most frequent event place
    lat         double precision,
    geom        geometry(Point, 4326) GENERATED ALWAYS AS
                    (CASE WHEN lon IS NULL OR lat IS NULL THEN NULL
                          ELSE ST_SetSRID(ST_MakePoint(lon, lat), 4326) END) STORED,
    ingested_at timestamptz NOT NULL DEFAULT now()
);
-- Bodies compress with lz4 where the server has it: cheaper to write than the default pglz.
DO $$ BEGIN
    IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
        ALTER TABLE articles ALTER COLUMN body SET COMPRESSION lz4;
    END IF;
END $$;
CREATE INDEX articles_published ON articles (published DESC NULLS LAST, seq);

CREATE TABLE events (
    -- The event's own id is the key; seq only orders events stored the same day (it needs no
    -- index of its own: one fewer B-tree to maintain on every insert).
    id          text COLLATE "C" PRIMARY KEY,
    seq         bigserial NOT NULL,
    -- The article's seq. No foreign key: its per-row check cost an eighth of bulk-insert time;
    -- the store writes and deletes an article with its events in one transaction instead.
    article     bigint NOT NULL,
    type        text COLLATE "C" NOT NULL,
    day         date,                 -- NULL when undated
    lon         double precision,
    lat         double precision,
    geom        geometry(Point, 4326) GENERATED ALWAYS AS
                    (CASE WHEN lon IS NULL OR lat IS NULL THEN NULL
                          ELSE ST_SetSRID(ST_MakePoint(lon, lat), 4326) END) STORED,
    country     text COLLATE "C",
    precision   text,
    fatalities  integer,
    actors      text[] NOT NULL,      -- ISO alpha-2 codes of source and target actors
    actor_names text NOT NULL,
    -- Words of the sentence, title, place, actors and trigger, as their stems in the article's
    -- language, folded; computed by Dateline (store/lexemes.rs), which builds the queries too.
    tsv         tsvector NOT NULL,
    props       json NOT NULL         -- the GeoJSON properties, as written (json: no re-encoding)
);
CREATE INDEX events_geom ON events USING gist (geom);
CREATE INDEX events_day ON events (day DESC NULLS LAST, seq);
CREATE INDEX events_type_day ON events (type, day);
CREATE INDEX events_country ON events (country);
CREATE INDEX events_actors ON events USING gin (actors);
-- A large pending list lets bulk inserts add to the inverted index in batches.
CREATE INDEX events_tsv ON events USING gin (tsv) WITH (gin_pending_list_limit = 32768);
-- Events arrive in article order, so a block-range index finds an article's events (to
-- replace them) at almost no cost per insert.
CREATE INDEX events_article ON events USING brin (article);

-- For GIS tools (QGIS, GeoServer, pg_featureserv): one row per located event, with every
-- property of the GeoJSON as a plain column (actor lists as JSON text).
CREATE VIEW events_geo AS
SELECT e.seq, e.id, e.geom, e.type,
       e.props->>'quad' AS quad,
       e.props->>'trigger' AS trigger,
       (e.props->>'confidence')::double precision AS confidence,
       (e.props->>'negated')::boolean AS negated,
       (e.props->>'future')::boolean AS future,
       (e.props->>'hypothetical')::boolean AS hypothetical,
       array_to_string(e.actors, ' ') AS actors,
       (e.props->'source_actors')::text AS source_actors,
       (e.props->'target_actors')::text AS target_actors,
       e.fatalities,
       (e.props->>'injured')::integer AS injured,
       e.day AS date,
       e.props->>'date_precision' AS date_precision,
       (e.props->>'date_approximate')::boolean AS date_approximate,
       (e.props->>'place_id')::bigint AS place_id,
       e.props->>'place_name' AS place_name,
       e.props->>'place_kind' AS place_kind,
       e.props->>'place_text' AS place_text,
       e.country, e.precision,
       e.props->>'sentence' AS sentence,
       a.id AS article_id, a.title AS article_title, a.url AS article_url, a.source, a.published,
       a.parent AS parent_article
FROM events e JOIN articles a ON a.seq = e.article
WHERE e.geom IS NOT NULL;
