-- Schema 1: the first release. Offsets are char_start/char_end (START/END are SQL keywords).
-- Full-text search: generated tsvector columns with GIN indexes (the SQLite store uses FTS5).
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT
);

CREATE TABLE IF NOT EXISTS raw (
    sha256 TEXT PRIMARY KEY,
    data BYTEA,
    media_type TEXT,
    encoding TEXT,
    size INTEGER
);

CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    url TEXT,
    outlet TEXT,
    title TEXT,
    authors TEXT,
    published TEXT,
    updated TEXT,
    fetched TEXT,
    language TEXT,
    text TEXT,
    raw_sha256 TEXT REFERENCES raw (sha256),
    source_path TEXT,
    source_locator TEXT,
    input_kind TEXT,
    story TEXT,
    ingested_at TEXT,
    extractor TEXT,
    -- insertion order (SQLite's rowid): breaks ties between documents ingested in the same second
    seq BIGINT GENERATED ALWAYS AS IDENTITY,
    search TSVECTOR GENERATED ALWAYS AS (
        to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(text, ''))
    ) STORED
);
CREATE INDEX IF NOT EXISTS documents_story ON documents (story);
CREATE INDEX IF NOT EXISTS documents_search ON documents USING GIN (search);

CREATE TABLE IF NOT EXISTS attributions (
    id TEXT PRIMARY KEY,
    doc_id TEXT REFERENCES documents (id),
    kind TEXT,
    source_text TEXT,
    source_start INTEGER,
    source_end INTEGER,
    speaker TEXT,
    speaker_kind TEXT,
    speaker_entity_id TEXT,
    cue_text TEXT,
    cue_start INTEGER,
    cue_end INTEGER,
    content_text TEXT,
    content TEXT,
    channel TEXT,
    verification_status TEXT,
    verification_text TEXT,
    verification_start INTEGER,
    verification_end INTEGER,
    polarity TEXT,
    char_start INTEGER,
    char_end INTEGER,
    search TSVECTOR GENERATED ALWAYS AS (
        to_tsvector('simple', coalesce(speaker, '') || ' ' || coalesce(content_text, ''))
    ) STORED
);
CREATE INDEX IF NOT EXISTS attributions_doc_id ON attributions (doc_id);
CREATE INDEX IF NOT EXISTS attributions_search ON attributions USING GIN (search);

CREATE TABLE IF NOT EXISTS entities (
    id TEXT PRIMARY KEY,
    doc_id TEXT REFERENCES documents (id),
    name TEXT,
    type TEXT,
    role TEXT,
    aliases TEXT,
    mentions TEXT
);
CREATE INDEX IF NOT EXISTS entities_doc_id ON entities (doc_id);

CREATE TABLE IF NOT EXISTS quantities (
    id TEXT PRIMARY KEY,
    doc_id TEXT REFERENCES documents (id),
    value DOUBLE PRECISION,
    low DOUBLE PRECISION,
    high DOUBLE PRECISION,
    qualifier TEXT,
    category TEXT,
    text TEXT,
    char_start INTEGER,
    char_end INTEGER,
    attribution_id TEXT
);
CREATE INDEX IF NOT EXISTS quantities_doc_id ON quantities (doc_id);

CREATE TABLE IF NOT EXISTS failures (
    id TEXT PRIMARY KEY,
    source TEXT,
    locator TEXT,
    input_kind TEXT,
    code TEXT,
    message TEXT,
    first_seen TEXT,
    last_seen TEXT,
    attempts INTEGER
);
