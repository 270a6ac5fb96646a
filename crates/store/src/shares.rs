//! Shared profiles: the rows behind shareable Smart Pick links. The store keeps the id, the
//! times and the profile text it is handed; what the id looks like and how long a link lives
//! are the caller's rules.

use sqlx::Row;

use crate::{Store, StoreError};

/// A shared profile as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedProfileRow {
    /// The link's secret id.
    pub id: String,
    /// When it was shared, in seconds since the Unix epoch.
    pub created_at: i64,
    /// When it stops being served, in seconds since the Unix epoch.
    pub expires_at: i64,
    /// The profile, as the caller encoded it.
    pub profile: String,
}

impl Store {
    /// Saves a shared profile. An id already taken is an error (ids are random, so this only
    /// happens by a fault).
    pub async fn save_shared_profile(&self, row: &SharedProfileRow) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO shared_profiles (id, created_at, expires_at, profile) VALUES ($1, $2, $3, $4)",
        )
        .bind(row.id.clone())
        .bind(row.created_at)
        .bind(row.expires_at)
        .bind(row.profile.clone())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The shared profile with this id, unless it is absent or expired at `now`.
    pub async fn load_shared_profile(
        &self,
        id: &str,
        now: i64,
    ) -> Result<Option<SharedProfileRow>, StoreError> {
        let row = sqlx::query(
            "SELECT id, created_at, expires_at, profile FROM shared_profiles WHERE id = $1 AND expires_at > $2",
        )
        .bind(id)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            Ok(SharedProfileRow {
                id: row.try_get("id")?,
                created_at: row.try_get("created_at")?,
                expires_at: row.try_get("expires_at")?,
                profile: row.try_get("profile")?,
            })
        })
        .transpose()
    }

    /// Deletes a shared profile; whether there was one to delete.
    pub async fn delete_shared_profile(&self, id: &str) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM shared_profiles WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Deletes every shared profile expired at `now`; how many were deleted.
    pub async fn delete_expired_shared_profiles(&self, now: i64) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM shared_profiles WHERE expires_at <= $1")
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    /// Number of shared profiles stored, expired ones included (for operators and tests).
    pub async fn shared_profile_count(&self) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM shared_profiles")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("n")?)
    }
}
