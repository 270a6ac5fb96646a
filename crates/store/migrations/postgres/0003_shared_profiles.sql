-- Profiles an applicant chose to share as a link. The id is the link's random 128-bit secret
-- (32 hexadecimal digits): whoever holds it may open or delete the row. Rows past expires_at
-- are never served and are deleted by the server's retention sweep.
CREATE TABLE shared_profiles (
    id TEXT PRIMARY KEY NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    profile TEXT NOT NULL
);
CREATE INDEX shared_profiles_expires_at ON shared_profiles (expires_at);
