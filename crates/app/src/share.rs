//! Shareable Smart Pick links: a profile the applicant chose to share, stored under a 128-bit
//! id that is the link's secret, until it expires or the person who made it deletes it.
//! Nothing else about an applicant is ever stored.
//!
//! Deleting takes a second secret, the deletion key, shown once to whoever makes the link: the
//! link's id is the first half of the SHA-256 digest of the key, so holding the link does not
//! give the key, and the key proves itself without being stored.
//!
//! The key comes from the operating system's random source (it is a capability, not a
//! simulation draw, so it must not be reproducible); the time is passed in.

use sha2::{Digest, Sha256};
use smart_pick::ProfileInput;
use store::{SharedProfileRow, Store};

use crate::error::AppError;

/// Bytes of randomness in a share id.
const SHARE_ID_BYTES: usize = 16;

/// The id of a shared profile: 32 lowercase hexadecimal digits (128 random bits).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ShareId(String);

impl std::fmt::Debug for ShareId {
    // The id is the link's secret: logs and debug output show only its first digits.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ShareId({}..)", &self.0[..4])
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Reads 32 hexadecimal digits (either case), lowercased.
fn parse_hex(text: &str) -> Option<String> {
    (text.len() == 2 * SHARE_ID_BYTES && text.bytes().all(|byte| byte.is_ascii_hexdigit()))
        .then(|| text.to_ascii_lowercase())
}

/// The secret that deletes a shared link: 32 lowercase hexadecimal digits (128 random bits),
/// shown once to whoever made the link and never stored.
#[derive(Clone, PartialEq, Eq)]
pub struct DeleteKey(String);

impl std::fmt::Debug for DeleteKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DeleteKey(..)")
    }
}

impl DeleteKey {
    /// A new random key.
    pub fn random() -> Result<DeleteKey, AppError> {
        let mut bytes = [0_u8; SHARE_ID_BYTES];
        getrandom::fill(&mut bytes)
            .map_err(|_| AppError::Unexpected("the operating system's random source failed"))?;
        Ok(DeleteKey(hex(&bytes)))
    }

    /// Reads a key as typed; `None` unless it is 32 hexadecimal digits (either case).
    pub fn parse(text: &str) -> Option<DeleteKey> {
        parse_hex(text.trim()).map(DeleteKey)
    }

    /// The key as shown.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The id of the link this key deletes.
    pub fn share_id(&self) -> ShareId {
        let digest = Sha256::digest(self.0.as_bytes());
        ShareId(hex(&digest[..SHARE_ID_BYTES]))
    }
}

impl ShareId {
    /// A new random id (one whose deletion key nobody holds).
    pub fn random() -> Result<ShareId, AppError> {
        Ok(DeleteKey::random()?.share_id())
    }

    /// Reads an id from a link; `None` unless it is 32 hexadecimal digits (either case).
    pub fn parse(text: &str) -> Option<ShareId> {
        parse_hex(text).map(ShareId)
    }

    /// The id as it appears in links.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A profile shared as a link.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedProfile {
    /// The link's id.
    pub id: ShareId,
    /// When it was shared, in seconds since the Unix epoch.
    pub created_at: i64,
    /// When the link stops working and the profile is deleted, in seconds since the Unix epoch.
    pub expires_at: i64,
    /// The profile.
    pub profile: ProfileInput,
    /// The key that deletes the link: known only when the link was just made.
    pub delete_key: Option<DeleteKey>,
}

/// What a deletion did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deletion {
    /// The link is deleted.
    Deleted,
    /// The key is not this link's.
    WrongKey,
    /// No link has this id (mistyped, expired or already deleted).
    NotFound,
}

/// Stores `profile` under the id of a new random deletion key, kept for `retention_seconds`
/// from `now`.
pub async fn share_profile(
    store: &Store,
    profile: &ProfileInput,
    now: i64,
    retention_seconds: i64,
) -> Result<SharedProfile, AppError> {
    let key = DeleteKey::random()?;
    let id = key.share_id();
    let text = serde_json::to_string(profile)
        .map_err(|_| AppError::Unexpected("a profile could not be written as JSON"))?;
    let expires_at = now.saturating_add(retention_seconds.max(1));
    store
        .save_shared_profile(&SharedProfileRow {
            id: id.as_str().to_owned(),
            created_at: now,
            expires_at,
            profile: text,
        })
        .await?;
    Ok(SharedProfile {
        id,
        created_at: now,
        expires_at,
        profile: profile.clone(),
        delete_key: Some(key),
    })
}

/// The shared profile behind a link, unless it was deleted or has expired at `now`.
pub async fn open_shared_profile(
    store: &Store,
    id: &ShareId,
    now: i64,
) -> Result<Option<SharedProfile>, AppError> {
    let Some(row) = store.load_shared_profile(id.as_str(), now).await? else {
        return Ok(None);
    };
    let profile = serde_json::from_str(&row.profile)
        .map_err(|_| AppError::Unexpected("a stored shared profile cannot be read"))?;
    Ok(Some(SharedProfile {
        id: id.clone(),
        created_at: row.created_at,
        expires_at: row.expires_at,
        profile,
        delete_key: None,
    }))
}

/// Deletes a shared profile when `key` is its deletion key.
pub async fn delete_shared_profile(
    store: &Store,
    id: &ShareId,
    key: &DeleteKey,
) -> Result<Deletion, AppError> {
    if key.share_id() != *id {
        // Whether the link exists is not said to someone without its key beyond what the
        // link itself already opens.
        return Ok(Deletion::WrongKey);
    }
    Ok(if store.delete_shared_profile(id.as_str()).await? {
        Deletion::Deleted
    } else {
        Deletion::NotFound
    })
}

/// Deletes every shared profile expired at `now` (the retention sweep); how many.
pub async fn delete_expired_shared_profiles(store: &Store, now: i64) -> Result<u64, AppError> {
    Ok(store.delete_expired_shared_profiles(now).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_random_hex_and_parse_back() {
        let a = ShareId::random().unwrap();
        let b = ShareId::random().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.as_str().len(), 32);
        assert_eq!(ShareId::parse(a.as_str()), Some(a.clone()));
        assert_eq!(
            ShareId::parse(&a.as_str().to_ascii_uppercase()),
            Some(a.clone())
        );
        for bad in [
            "",
            "abc",
            &"g".repeat(32),
            &"a".repeat(33),
            "../../etc/passwd",
        ] {
            assert_eq!(ShareId::parse(bad), None, "{bad:?}");
        }
        assert!(!format!("{a:?}").contains(&a.as_str()[4..]));
    }

    #[tokio::test]
    async fn a_share_opens_until_it_expires_or_is_deleted() {
        let folder = tempfile::tempdir().unwrap();
        let store = Store::open(&store::DatabaseUrl::sqlite_file(
            &folder.path().join("s.sqlite"),
        ))
        .await
        .unwrap();
        let profile: ProfileInput = toml::from_str(
            "applicant_type = \"us_md_senior\"\nspecialties = [\"Internal Medicine\"]\n",
        )
        .unwrap();
        let shared = share_profile(&store, &profile, 1_000, 60).await.unwrap();
        assert_eq!(shared.expires_at, 1_060);
        let opened = open_shared_profile(&store, &shared.id, 1_059)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(opened.profile, profile);
        assert!(
            open_shared_profile(&store, &shared.id, 1_060)
                .await
                .unwrap()
                .is_none()
        );
        assert_eq!(
            delete_expired_shared_profiles(&store, 1_060).await.unwrap(),
            1
        );
        let again = share_profile(&store, &profile, 2_000, 60).await.unwrap();
        let key = again.delete_key.clone().unwrap();
        let other = DeleteKey::random().unwrap();
        assert_eq!(
            delete_shared_profile(&store, &again.id, &other)
                .await
                .unwrap(),
            Deletion::WrongKey,
            "the link alone does not delete it"
        );
        assert_eq!(
            delete_shared_profile(&store, &again.id, &key)
                .await
                .unwrap(),
            Deletion::Deleted
        );
        assert_eq!(
            delete_shared_profile(&store, &again.id, &key)
                .await
                .unwrap(),
            Deletion::NotFound
        );
        assert_eq!(DeleteKey::parse(key.as_str()).unwrap().share_id(), again.id);
        assert!(!format!("{key:?}").contains(&key.as_str()[..4]));
        assert!(
            open_shared_profile(&store, &again.id, 2_001)
                .await
                .unwrap()
                .is_none()
        );
    }
}
