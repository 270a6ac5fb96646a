//! A first run stores the demo catalog and reads it back exactly as generated, so that the
//! command line and the web server simulate the same seasons as code that generates the demo
//! itself (the calibration report, its tests).

use app::{DEMO_SEED, current_catalog};
use store::{DatabaseUrl, Store};

#[tokio::test]
async fn the_first_run_demo_catalog_is_the_generated_one() {
    let folder = tempfile::tempdir().unwrap();
    let store = Store::open(&DatabaseUrl::sqlite_file(
        &folder.path().join("catalog.sqlite"),
    ))
    .await
    .unwrap();
    let stored = current_catalog(&store, app::FirstCatalog::Demo, 1_700_000_000)
        .await
        .unwrap()
        .catalog;
    let generated = demo_catalog::generate(DEMO_SEED);
    assert!(stored == generated, "the stored demo reads back unchanged");
}
