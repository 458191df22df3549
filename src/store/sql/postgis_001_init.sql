-- Dateline store, PostgreSQL with PostGIS, schema version 1.
-- The extension itself is created (or found) by the program before this runs.

CREATE TABLE articles (
    seq         bigserial PRIMARY KEY,
    id          text NOT NULL UNIQUE,
    url         text UNIQUE,
    hash        text NOT NULL UNIQUE,
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
CREATE INDEX articles_published ON articles (published DESC NULLS LAST, seq);

CREATE TABLE events (
    seq         bigserial PRIMARY KEY,
    id          text NOT NULL UNIQUE,
    article     bigint NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
    type        text NOT NULL,
    day         date,                 -- NULL when undated
    lon         double precision,
    lat         double precision,
    geom        geometry(Point, 4326) GENERATED ALWAYS AS
                    (CASE WHEN lon IS NULL OR lat IS NULL THEN NULL
                          ELSE ST_SetSRID(ST_MakePoint(lon, lat), 4326) END) STORED,
    country     text,
    precision   text,
    fatalities  integer,
    actors      text[] NOT NULL,      -- ISO alpha-2 codes of source and target actors
    actor_names text NOT NULL,
    lang        text,
    search      text NOT NULL,        -- sentence, title, place, actors and trigger
    -- Stemmed in the article's language where PostgreSQL has a configuration for it, plus the
    -- plain words, so a query matches whatever the language it is typed in.
    tsv         tsvector GENERATED ALWAYS AS (
                    to_tsvector(CASE lang
                        WHEN 'fr' THEN 'french'::regconfig  WHEN 'en' THEN 'english'::regconfig
                        WHEN 'de' THEN 'german'::regconfig  WHEN 'es' THEN 'spanish'::regconfig
                        WHEN 'it' THEN 'italian'::regconfig WHEN 'pt' THEN 'portuguese'::regconfig
                        WHEN 'nl' THEN 'dutch'::regconfig   WHEN 'ru' THEN 'russian'::regconfig
                        WHEN 'ar' THEN 'arabic'::regconfig  WHEN 'tr' THEN 'turkish'::regconfig
                        ELSE 'simple'::regconfig END, search)
                    || to_tsvector('simple'::regconfig, search)) STORED,
    props       jsonb NOT NULL        -- the GeoJSON properties
);
CREATE INDEX events_geom ON events USING gist (geom);
CREATE INDEX events_day ON events (day DESC NULLS LAST, seq);
CREATE INDEX events_type_day ON events (type, day);
CREATE INDEX events_country ON events (country);
CREATE INDEX events_actors ON events USING gin (actors);
CREATE INDEX events_tsv ON events USING gin (tsv);
CREATE INDEX events_article ON events (article);

-- For GIS tools (QGIS, GeoServer, pg_featureserv): one row per located event, with the same
-- properties as the GeoJSON as plain columns.
CREATE VIEW events_geo AS
SELECT e.seq, e.id, e.geom, e.type,
       e.props->>'quad' AS quad,
       e.day AS date,
       e.props->>'date_precision' AS date_precision,
       e.props->>'place_name' AS place_name,
       e.props->>'place_kind' AS place_kind,
       e.country, e.precision, e.fatalities,
       (e.props->>'injured')::integer AS injured,
       array_to_string(e.actors, ' ') AS actors,
       e.actor_names,
       e.props->>'trigger' AS trigger,
       e.props->>'sentence' AS sentence,
       a.id AS article_id, a.title AS article_title, a.url AS article_url, a.source, a.published
FROM events e JOIN articles a ON a.seq = e.article
WHERE e.geom IS NOT NULL;
