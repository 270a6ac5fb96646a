-- Results derived from a catalog version that are costly to compute and never change for it
-- (such as the survey of every track's cutoffs under a calibration), keyed by what they were
-- computed with. Deleted with their version.
CREATE TABLE model_cache (
    version_id INTEGER NOT NULL REFERENCES catalog_versions (id) ON DELETE CASCADE,
    cache_key TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    payload TEXT NOT NULL,
    PRIMARY KEY (version_id, cache_key)
);
