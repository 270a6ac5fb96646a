//! The store on both backends: versions are saved whole and switched atomically, and read back
//! unchanged. Every test runs on SQLite (a temporary file) and on PostgreSQL (a fresh database
//! on the server named by `RESIDENCY_ADVISOR_TEST_POSTGRES_URL`, by default the local server).

mod support;

use catalog::CatalogOrigin;
use store::{Dataset, NewVersion, SharedProfileRow, Store, StoreError};
use support::{TestDatabase, sample_catalog};

async fn check_round_trip(store: &Store) {
    assert!(
        store.current_version().await.unwrap().is_none(),
        "a new store has no version"
    );
    let catalog = sample_catalog("first", 3);
    let id = store
        .save_version(NewVersion {
            catalog: &catalog,
            datasets: vec![Dataset {
                kind: "freida".to_owned(),
                file_name: "freida.csv".to_owned(),
                row_count: 3,
                payload: "[]".to_owned(),
            }],
            join_report: Some(serde_json::json!({"joined": 2})),
            notes: vec!["one note".to_owned()],
            created_at: 1_700_000_000,
        })
        .await
        .unwrap();
    let current = store.current_version().await.unwrap().unwrap();
    assert_eq!(
        (current.id, current.program_count, current.track_count),
        (id, 3, 3)
    );
    assert_eq!(current.origin, CatalogOrigin::Imported);
    assert_eq!(
        store.load_catalog(id).await.unwrap(),
        catalog,
        "a catalog reads back unchanged"
    );
    let details = store.version_details(id).await.unwrap();
    assert_eq!(details.join_report, Some(serde_json::json!({"joined": 2})));
    assert_eq!(details.notes, vec!["one note".to_owned()]);
    let dataset = store.load_dataset(id, "freida").await.unwrap().unwrap();
    assert_eq!(
        (dataset.file_name.as_str(), dataset.row_count),
        ("freida.csv", 3)
    );
    assert!(
        store
            .load_dataset(id, "nrmp-tracks")
            .await
            .unwrap()
            .is_none()
    );

    let second = sample_catalog("second", 450);
    let second_id = store
        .save_version(NewVersion {
            catalog: &second,
            datasets: vec![],
            join_report: None,
            notes: vec![],
            created_at: 1_700_000_100,
        })
        .await
        .unwrap();
    assert_eq!(
        store.current_version().await.unwrap().unwrap().id,
        second_id
    );
    assert_eq!(
        store.load_catalog(second_id).await.unwrap(),
        second,
        "multi-chunk inserts read back unchanged"
    );
    let versions = store.versions().await.unwrap();
    assert_eq!(
        versions
            .iter()
            .map(|v| (v.id, v.current))
            .collect::<Vec<_>>(),
        vec![(second_id, true), (id, false)]
    );

    store.switch_to(id).await.unwrap();
    assert_eq!(store.current_version().await.unwrap().unwrap().id, id);
    assert!(matches!(
        store.switch_to(999_999).await,
        Err(StoreError::NoSuchVersion(999_999))
    ));
    assert_eq!(
        store.current_version().await.unwrap().unwrap().id,
        id,
        "a failed switch changes nothing"
    );
}

async fn check_failed_save_changes_nothing(store: &Store) {
    let good = sample_catalog("good", 5);
    let good_id = store
        .save_version(NewVersion {
            catalog: &good,
            datasets: vec![],
            join_report: None,
            notes: vec![],
            created_at: 1,
        })
        .await
        .unwrap();
    // Two datasets of one kind violate the primary key after every program and track was
    // written: the transaction must roll back all of it.
    let dataset = Dataset {
        kind: "freida".to_owned(),
        file_name: "f.csv".to_owned(),
        row_count: 0,
        payload: "[]".to_owned(),
    };
    let bad = sample_catalog("bad", 300);
    let result = store
        .save_version(NewVersion {
            catalog: &bad,
            datasets: vec![dataset.clone(), dataset],
            join_report: None,
            notes: vec![],
            created_at: 2,
        })
        .await;
    assert!(result.is_err(), "the duplicate dataset must fail the save");
    let versions = store.versions().await.unwrap();
    assert_eq!(versions.len(), 1, "no half-written version is left behind");
    assert_eq!(store.current_version().await.unwrap().unwrap().id, good_id);
    assert_eq!(store.load_catalog(good_id).await.unwrap(), good);
}

async fn check_cache(store: &Store) {
    let catalog = sample_catalog("cached", 3);
    let id = store
        .save_version(NewVersion {
            catalog: &catalog,
            datasets: vec![],
            join_report: None,
            notes: vec![],
            created_at: 1,
        })
        .await
        .unwrap();
    assert_eq!(store.load_cached(id, "survey-a").await.unwrap(), None);
    store.save_cached(id, "survey-a", "first", 5).await.unwrap();
    // A second save under the same key (another server, the same inputs) keeps the first.
    store
        .save_cached(id, "survey-a", "second", 6)
        .await
        .unwrap();
    store.save_cached(id, "survey-b", "other", 6).await.unwrap();
    assert_eq!(
        store.load_cached(id, "survey-a").await.unwrap().as_deref(),
        Some("first")
    );
    assert_eq!(
        store.load_cached(id, "survey-b").await.unwrap().as_deref(),
        Some("other")
    );
    assert_eq!(store.load_cached(id + 1, "survey-a").await.unwrap(), None);
}

async fn check_shared_profiles(store: &Store) {
    let row = |id: &str, created_at: i64, expires_at: i64| SharedProfileRow {
        id: id.to_owned(),
        created_at,
        expires_at,
        profile: format!("{{\"for\":\"{id}\"}}"),
    };
    store
        .save_shared_profile(&row("aa", 100, 200))
        .await
        .unwrap();
    store
        .save_shared_profile(&row("bb", 100, 300))
        .await
        .unwrap();
    store
        .save_shared_profile(&row("cc", 150, 400))
        .await
        .unwrap();
    assert!(
        store.save_shared_profile(&row("aa", 1, 2)).await.is_err(),
        "an id is never reused"
    );
    assert_eq!(
        store.load_shared_profile("aa", 199).await.unwrap(),
        Some(row("aa", 100, 200))
    );
    assert_eq!(
        store.load_shared_profile("aa", 200).await.unwrap(),
        None,
        "an expired share is not served even before the sweep"
    );
    assert_eq!(store.load_shared_profile("zz", 0).await.unwrap(), None);
    assert!(store.delete_shared_profile("bb").await.unwrap());
    assert!(!store.delete_shared_profile("bb").await.unwrap());
    assert_eq!(store.load_shared_profile("bb", 150).await.unwrap(), None);
    assert_eq!(store.shared_profile_count().await.unwrap(), 2);
    assert_eq!(store.delete_expired_shared_profiles(250).await.unwrap(), 1);
    assert_eq!(store.shared_profile_count().await.unwrap(), 1);
    assert_eq!(
        store.load_shared_profile("cc", 250).await.unwrap(),
        Some(row("cc", 150, 400)),
        "the sweep keeps shares still valid"
    );
}

#[tokio::test]
async fn sqlite_shared_profiles() {
    let database = TestDatabase::sqlite();
    check_shared_profiles(&database.open().await).await;
}

#[tokio::test]
async fn postgres_shared_profiles() {
    let database = TestDatabase::postgres().await;
    check_shared_profiles(&database.open().await).await;
    database.drop().await;
}

async fn check_first_version_is_stored_once(store: &Store) {
    let a = sample_catalog("first-a", 40);
    let b = sample_catalog("first-b", 40);
    let new = |catalog| NewVersion {
        catalog,
        datasets: vec![],
        join_report: None,
        notes: vec![],
        created_at: 1,
    };
    // Two servers starting together on a new database.
    let (first, second) = tokio::join!(
        store.save_first_version(new(&a)),
        store.save_first_version(new(&b))
    );
    let saved: Vec<i64> = [first.unwrap(), second.unwrap()]
        .into_iter()
        .flatten()
        .collect();
    assert_eq!(saved.len(), 1, "exactly one first version wins");
    let versions = store.versions().await.unwrap();
    assert_eq!(versions.len(), 1, "the loser left nothing behind");
    assert_eq!(versions[0].id, saved[0]);
    assert!(versions[0].current);
    assert_eq!(
        store.save_first_version(new(&a)).await.unwrap(),
        None,
        "a store with a current version takes no first version"
    );
}

#[tokio::test]
async fn sqlite_first_version_is_stored_once() {
    let database = TestDatabase::sqlite();
    check_first_version_is_stored_once(&database.open().await).await;
}

#[tokio::test]
async fn postgres_first_version_is_stored_once() {
    let database = TestDatabase::postgres().await;
    check_first_version_is_stored_once(&database.open().await).await;
    database.drop().await;
}

#[tokio::test]
async fn sqlite_cache() {
    let database = TestDatabase::sqlite();
    check_cache(&database.open().await).await;
}

#[tokio::test]
async fn postgres_cache() {
    let database = TestDatabase::postgres().await;
    check_cache(&database.open().await).await;
    database.drop().await;
}

#[tokio::test]
async fn sqlite_round_trip() {
    let database = TestDatabase::sqlite();
    check_round_trip(&database.open().await).await;
}

#[tokio::test]
async fn postgres_round_trip() {
    let database = TestDatabase::postgres().await;
    check_round_trip(&database.open().await).await;
    database.drop().await;
}

#[tokio::test]
async fn sqlite_failed_save_changes_nothing() {
    let database = TestDatabase::sqlite();
    check_failed_save_changes_nothing(&database.open().await).await;
}

#[tokio::test]
async fn postgres_failed_save_changes_nothing() {
    let database = TestDatabase::postgres().await;
    check_failed_save_changes_nothing(&database.open().await).await;
    database.drop().await;
}

#[tokio::test]
async fn sqlite_store_reopens_with_its_data() {
    let database = TestDatabase::sqlite();
    let catalog = sample_catalog("kept", 2);
    {
        let store = database.open().await;
        store
            .save_version(NewVersion {
                catalog: &catalog,
                datasets: vec![],
                join_report: None,
                notes: vec![],
                created_at: 5,
            })
            .await
            .unwrap();
        store.close().await;
    }
    let store = database.open().await;
    let current = store.current_version().await.unwrap().unwrap();
    assert_eq!(store.load_catalog(current.id).await.unwrap(), catalog);
}

#[test]
fn migrations_of_both_backends_are_in_step() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let names = |backend: &str| {
        let mut names: Vec<String> = std::fs::read_dir(root.join(backend))
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    assert_eq!(
        names("sqlite"),
        names("postgres"),
        "every migration exists for both backends"
    );
    for name in names("sqlite") {
        let tables = |backend: &str| {
            let text = std::fs::read_to_string(root.join(backend).join(&name)).unwrap();
            text.lines()
                .filter_map(|line| {
                    line.trim()
                        .strip_prefix("CREATE TABLE ")
                        .or_else(|| line.trim().strip_prefix("CREATE INDEX "))
                })
                .map(|rest| rest.split_whitespace().next().unwrap_or("").to_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            tables("sqlite"),
            tables("postgres"),
            "{name} creates the same tables on both backends"
        );
    }
}

/// The demo catalog, as a first run stores it, reads back exactly as generated: the same
/// programs and tracks in the same order, with the same numbers. The market simulator draws
/// its random numbers in catalog order, so a catalog read back in another order would simulate
/// other seasons than the one generated in code.
async fn check_demo_catalog_reads_back_as_generated(store: &Store) {
    let generated = demo_catalog::generate(demo_catalog::DEFAULT_SEED);
    let id = store
        .save_first_version(NewVersion {
            catalog: &generated,
            datasets: vec![],
            join_report: None,
            notes: vec![],
            created_at: 1_700_000_000,
        })
        .await
        .unwrap()
        .expect("a new store takes the demo as its first version");
    let stored = store.load_catalog(id).await.unwrap();
    let codes = |catalog: &catalog::Catalog| {
        catalog
            .tracks
            .iter()
            .map(|track| track.code.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(codes(&stored), codes(&generated), "tracks keep their order");
    assert!(stored == generated, "the demo catalog reads back unchanged");
}

#[tokio::test]
async fn sqlite_demo_catalog_reads_back_as_generated() {
    let database = TestDatabase::sqlite();
    check_demo_catalog_reads_back_as_generated(&database.open().await).await;
}

#[tokio::test]
async fn postgres_demo_catalog_reads_back_as_generated() {
    let database = TestDatabase::postgres().await;
    check_demo_catalog_reads_back_as_generated(&database.open().await).await;
    database.drop().await;
}
