-- Catalog versions. An import writes a whole new version and makes it current in one
-- transaction, so a failed or interrupted import leaves the previous version current.
CREATE TABLE catalog_versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at INTEGER NOT NULL,
    label TEXT NOT NULL,
    origin TEXT NOT NULL,
    fictional INTEGER NOT NULL,
    meta TEXT NOT NULL,
    specialties TEXT NOT NULL,
    program_count INTEGER NOT NULL,
    track_count INTEGER NOT NULL,
    join_report TEXT,
    notes TEXT NOT NULL
);

-- The one current version (a single row).
CREATE TABLE catalog_current (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    version_id INTEGER NOT NULL REFERENCES catalog_versions (id)
);

-- Programs of each version, as catalog-format JSON records, with the columns searches use.
CREATE TABLE catalog_programs (
    version_id INTEGER NOT NULL REFERENCES catalog_versions (id) ON DELETE CASCADE,
    program_id TEXT NOT NULL,
    specialty TEXT NOT NULL,
    state TEXT,
    name TEXT NOT NULL,
    record TEXT NOT NULL,
    PRIMARY KEY (version_id, program_id)
);

-- NRMP tracks of each version.
CREATE TABLE catalog_tracks (
    version_id INTEGER NOT NULL REFERENCES catalog_versions (id) ON DELETE CASCADE,
    nrmp_code TEXT NOT NULL,
    program_id TEXT,
    record TEXT NOT NULL,
    PRIMARY KEY (version_id, nrmp_code)
);

-- The source records (before joining) each version was built from, so that importing one
-- source can keep the others.
CREATE TABLE catalog_datasets (
    version_id INTEGER NOT NULL REFERENCES catalog_versions (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    row_count INTEGER NOT NULL,
    payload TEXT NOT NULL,
    PRIMARY KEY (version_id, kind)
);

CREATE INDEX catalog_programs_specialty ON catalog_programs (version_id, specialty);
