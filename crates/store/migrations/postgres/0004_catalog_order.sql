-- Each program's and track's place in its catalog, so that a catalog reads back in the order
-- it was saved: the market simulator draws its random numbers in catalog order, so the same
-- catalog in another order simulates a different season. Rows saved before this column
-- existed all hold 0 and read back in key order, as they always did.
ALTER TABLE catalog_programs ADD COLUMN catalog_position BIGINT NOT NULL DEFAULT 0;
ALTER TABLE catalog_tracks ADD COLUMN catalog_position BIGINT NOT NULL DEFAULT 0;
