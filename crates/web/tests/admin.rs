//! Catalog writes through the API: refused without the admin token (403 when the server has
//! none, 401 when it is missing or wrong), and with it an import makes a new version that the
//! server switches to, a refused file changes nothing, and a version switch goes back.

mod support;

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::json;
use support::{DEMO, StoredSite, TestApp, TestResponse};
use web::Settings;

const TOKEN: &str = "correct-horse-battery-staple-0123456789";

async fn admin_site() -> StoredSite {
    StoredSite::with_settings(Settings {
        admin_token: Some(app::config::Secret::new(TOKEN)),
        ..Settings::default()
    })
    .await
}

async fn send(
    app: &TestApp,
    method: &str,
    uri: &str,
    token: Option<&str>,
    body: Vec<u8>,
) -> TestResponse {
    let mut request = Request::builder().method(method).uri(uri);
    if method == "PUT" {
        request = request.header("content-type", "application/json");
    }
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    app.send(request.body(Body::from(body)).unwrap()).await
}

/// Posts a catalog file to import, with the admin token; `query` follows the `?`.
async fn import_catalog(app: &TestApp, query: &str, body: Vec<u8>) -> TestResponse {
    send(
        app,
        "POST",
        &format!("/api/v1/admin/imports/catalog?{query}"),
        Some(TOKEN),
        body,
    )
    .await
}

/// A small catalog file: the first Family Medicine programs of the demo and their tracks.
fn small_catalog_json() -> Vec<u8> {
    let mut catalog = DEMO.clone();
    catalog
        .programs
        .retain(|program| program.specialty.as_str() == "120");
    catalog.programs.truncate(12);
    let kept: std::collections::HashSet<_> = catalog
        .programs
        .iter()
        .map(|program| program.id.clone())
        .collect();
    catalog
        .tracks
        .retain(|track| track.program.as_ref().is_some_and(|id| kept.contains(id)));
    catalog.meta.label = "Twelve fictional Family Medicine programs".to_owned();
    app::export_catalog(&catalog, catalog_import::format::CatalogFileFormat::Json).into_bytes()
}

async fn served_version(app: &TestApp, wanted: i64) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let version = app.get("/readyz").await.json()["catalog_version"].as_i64();
        if version == Some(wanted) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "still serving {version:?}, not {wanted}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn without_a_configured_token_every_catalog_write_is_refused() {
    let stored = StoredSite::new().await;
    let app = stored.app();
    for (method, uri) in [
        ("GET", "/api/v1/admin/catalog/versions"),
        ("PUT", "/api/v1/admin/catalog/current"),
        ("GET", "/api/v1/admin/catalog/export"),
        ("POST", "/api/v1/admin/imports/catalog"),
    ] {
        let response = send(&app, method, uri, Some(TOKEN), b"{}".to_vec()).await;
        assert_eq!(response.status, StatusCode::FORBIDDEN, "{method} {uri}");
        assert!(response.body.contains("RESIDENCY_ADVISOR_ADMIN_TOKEN"));
    }
}

#[tokio::test]
async fn a_missing_or_wrong_token_is_refused() {
    let stored = admin_site().await;
    let app = stored.app();
    for token in [
        None,
        Some("wrong"),
        Some(&TOKEN[..TOKEN.len() - 1]),
        Some(""),
    ] {
        let response = send(&app, "GET", "/api/v1/admin/catalog/versions", token, vec![]).await;
        assert_eq!(response.status, StatusCode::UNAUTHORIZED, "{token:?}");
        assert!(
            response.headers["www-authenticate"]
                .to_str()
                .unwrap()
                .starts_with("Bearer")
        );
        assert_eq!(response.json()["error"], "unauthorized");
    }
    let basic = app
        .send(
            Request::get("/api/v1/admin/catalog/versions")
                .header("authorization", format!("Basic {TOKEN}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(basic.status, StatusCode::UNAUTHORIZED);
    let right = send(
        &app,
        "GET",
        "/api/v1/admin/catalog/versions",
        Some(TOKEN),
        vec![],
    )
    .await;
    assert_eq!(right.status, StatusCode::OK, "{}", right.body);
    assert_eq!(right.json()["versions"][0]["id"], 1);
    assert_eq!(right.json()["served"], 1);
    // The scheme's name is case-insensitive.
    for scheme in ["bearer", "BEARER", "BeArEr"] {
        let response = app
            .send(
                Request::get("/api/v1/admin/catalog/versions")
                    .header("authorization", format!("{scheme} {TOKEN}"))
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(response.status, StatusCode::OK, "{scheme}");
    }
}

#[tokio::test]
async fn import_switch_and_refusals_through_the_api() {
    let stored = admin_site().await;
    let app = stored.app();

    // A file with a bad row is refused whole, naming the line; nothing changes.
    let mut broken: serde_json::Value = serde_json::from_slice(&small_catalog_json()).unwrap();
    broken["catalog"]["programs"][0]["specialty"] = json!("not a code");
    let refused = import_catalog(
        &app,
        "file_name=broken.json",
        serde_json::to_vec(&broken).unwrap(),
    )
    .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert_eq!(refused.json()["error"], "invalid_file");
    assert!(
        refused.json()["message"]
            .as_str()
            .unwrap()
            .contains("nothing was imported")
    );
    assert_eq!(stored.store.versions().await.unwrap().len(), 1);

    let bad_parameters = send(
        &app,
        "POST",
        "/api/v1/admin/imports/spreadsheet?skip_invalid=perhaps&as_of=yesterday&colour=red",
        Some(TOKEN),
        vec![],
    )
    .await;
    assert_eq!(bad_parameters.status, StatusCode::UNPROCESSABLE_ENTITY);
    let paths: Vec<String> = bad_parameters.json()["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|error| error["path"].as_str().unwrap().to_owned())
        .collect();
    for path in ["colour", "kind", "as_of", "skip_invalid"] {
        assert!(paths.iter().any(|p| p == path), "{path} in {paths:?}");
    }

    // A good file becomes version 2, and this server serves it.
    let imported = import_catalog(&app, "file_name=small.json", small_catalog_json()).await;
    assert_eq!(imported.status, StatusCode::CREATED, "{}", imported.body);
    assert_eq!(imported.json()["version"]["id"], 2);
    assert_eq!(imported.json()["version"]["program_count"], 12);
    served_version(&app, 2).await;
    let programs = app.get("/api/v1/programs?per_page=100").await.json();
    assert_eq!(programs["total"], 12, "{programs}");

    // The catalog file to edit comes back in either format.
    let csv = send(
        &app,
        "GET",
        "/api/v1/admin/catalog/export?format=csv",
        Some(TOKEN),
        vec![],
    )
    .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.body
            .starts_with("record,id,field,value,rule,source,as_of")
    );
    let unknown = send(
        &app,
        "GET",
        "/api/v1/admin/catalog/export?format=xml",
        Some(TOKEN),
        vec![],
    )
    .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Back to version 1; an unknown version is refused.
    let missing = send(
        &app,
        "PUT",
        "/api/v1/admin/catalog/current",
        Some(TOKEN),
        br#"{"version": 99}"#.to_vec(),
    )
    .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let malformed = send(
        &app,
        "PUT",
        "/api/v1/admin/catalog/current",
        Some(TOKEN),
        br#"{"version": "one"}"#.to_vec(),
    )
    .await;
    assert_eq!(malformed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(malformed.json()["errors"][0]["path"], "version");
    let switched = send(
        &app,
        "PUT",
        "/api/v1/admin/catalog/current",
        Some(TOKEN),
        br#"{"version": 1}"#.to_vec(),
    )
    .await;
    assert_eq!(switched.status, StatusCode::OK, "{}", switched.body);
    served_version(&app, 1).await;
}

#[tokio::test]
async fn an_import_that_would_empty_or_halve_the_catalog_is_refused_unless_forced() {
    let stored = admin_site().await;
    let app = stored.app();
    let imported = import_catalog(&app, "file_name=small.json", small_catalog_json()).await;
    assert_eq!(imported.status, StatusCode::CREATED, "{}", imported.body);
    served_version(&app, 2).await;

    // Every record invalid and skipped: no programs would be left, forced or not.
    let csv = send(
        &app,
        "GET",
        "/api/v1/admin/catalog/export?format=csv",
        Some(TOKEN),
        vec![],
    )
    .await;
    let all_bad = csv
        .body
        .replace(",specialty,120,", ",specialty,not a code,");
    assert_ne!(all_bad, csv.body);
    for force in ["false", "true"] {
        let refused = import_catalog(
            &app,
            &format!("file_name=bad.csv&skip_invalid=true&force={force}"),
            all_bad.clone().into_bytes(),
        )
        .await;
        assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
        assert_eq!(refused.json()["error"], "import_refused");
        let message = refused.json()["message"].as_str().unwrap().to_owned();
        assert!(
            message.contains("no programs") && message.contains("catalog version 2 stays current"),
            "{message}"
        );
    }
    assert_eq!(stored.store.versions().await.unwrap().len(), 2);

    // An edited catalog file (no longer the demo's): replacing it with three of its twelve
    // programs is refused as a loss of more than half, unless forced.
    let mut twelve: serde_json::Value = serde_json::from_slice(&small_catalog_json()).unwrap();
    twelve["catalog"]["meta"]["origin"] = json!({"kind": "catalog_file"});
    let edited = import_catalog(
        &app,
        "file_name=edited.json",
        serde_json::to_vec(&twelve).unwrap(),
    )
    .await;
    assert_eq!(edited.status, StatusCode::CREATED, "{}", edited.body);
    let mut three = twelve.clone();
    let programs = three["catalog"]["programs"].as_array_mut().unwrap();
    programs.truncate(3);
    let kept: Vec<serde_json::Value> = programs.iter().map(|p| p["id"].clone()).collect();
    three["catalog"]["tracks"]
        .as_array_mut()
        .unwrap()
        .retain(|track| kept.contains(&track["program"]));
    let body = serde_json::to_vec(&three).unwrap();
    let refused = import_catalog(&app, "file_name=three.json", body.clone()).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    assert!(
        refused.json()["message"]
            .as_str()
            .unwrap()
            .contains("programs from 12 to 3"),
        "{}",
        refused.body
    );
    assert_eq!(stored.store.versions().await.unwrap().len(), 3);
    let forced = import_catalog(&app, "file_name=three.json&force=true", body).await;
    assert_eq!(forced.status, StatusCode::CREATED, "{}", forced.body);
    assert_eq!(forced.json()["version"]["program_count"], 3);
}

#[tokio::test]
async fn an_import_larger_than_an_ordinary_body_is_accepted_and_the_limit_still_holds() {
    let stored = admin_site().await;
    let app = stored.app();
    // Padding inside the JSON document makes it larger than the 64 KiB any other request
    // may send, without changing what it holds.
    let mut file = small_catalog_json();
    file.extend(std::iter::repeat_n(b' ', web::MAX_BODY_BYTES));
    let imported = import_catalog(&app, "file_name=padded.json", file).await;
    assert_eq!(imported.status, StatusCode::CREATED, "{}", imported.body);
    let too_big = import_catalog(
        &app,
        "file_name=huge.json",
        vec![b' '; web::MAX_IMPORT_BYTES + 1],
    )
    .await;
    assert_eq!(too_big.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(too_big.json()["error"], "too_large");
    // Without the token, the large body is not even read.
    let anonymous = send(
        &app,
        "POST",
        "/api/v1/admin/imports/catalog",
        None,
        vec![b' '; web::MAX_BODY_BYTES * 4],
    )
    .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn program_results_posted_to_a_demo_site_start_from_the_real_track_list() {
    let stored = admin_site().await;
    let app = stored.app();
    let results = "Program Code,2024 Quota,2024 Matched\n9001140C0,12,11\n"
        .as_bytes()
        .to_vec();
    let response = send(
        &app,
        "POST",
        "/api/v1/admin/imports/nrmp-results?file_name=results.csv",
        Some(TOKEN),
        results,
    )
    .await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.body);
    let versions = stored.store.versions().await.unwrap();
    let current = versions.iter().find(|version| version.current).unwrap();
    assert!(
        !current.fictional,
        "the results are applied to real programs"
    );
    let catalog = stored.store.load_catalog(current.id).await.unwrap();
    // The demo's track code is not in the real list, so the results add it.
    assert_eq!(catalog.tracks.len(), 6264);
    let added = catalog
        .tracks
        .iter()
        .find(|track| track.code.as_str() == "9001140C0")
        .unwrap();
    assert_eq!(added.positions, Some(12));
    assert_eq!(added.fill_history[0].matched, 11);
}
