//! Shared Smart Pick links through the router: made only when asked, stored under a random id,
//! opened by anyone with the link, deleted only with the key shown once to whoever made it,
//! gone after the retention period; the same through the API. Profiles never appear in an
//! address.

mod support;

use axum::http::StatusCode;
use serde_json::json;
use support::{StoredSite, TestApp, hidden_profile, shown_p_match as p_match};

fn form() -> Vec<(&'static str, &'static str)> {
    vec![
        ("applicant_type", "non_us_img"),
        ("graduation_year", "2023"),
        ("visa", "j1"),
        ("ecfmg", "pending"),
        ("step1", "passed"),
        ("step2_score", "238"),
        ("usce_kind_1", "hands_on"),
        ("usce_months_1", "4"),
        ("specialty_1", "140"),
        ("applications", "60"),
    ]
}

fn api_profile() -> serde_json::Value {
    json!({
        "applicant_type": "us_md_senior",
        "exams": { "step2_ck": { "score": 245 } },
        "specialties": ["140"],
        "budget": { "applications": 20 }
    })
}

#[tokio::test]
async fn a_shared_link_opens_until_deleted_or_expired() {
    let stored = StoredSite::new().await;
    let app = stored.app();
    let results = app.post_form("/pick", &form()).await;
    assert_eq!(results.status, StatusCode::OK, "{}", results.body);
    assert!(results.body.contains("id=\"share-button\""));
    assert!(results.body.contains("for 30 days"));
    assert!(
        !results.body.contains("profile="),
        "no address on the page carries the profile"
    );
    assert_eq!(
        stored.store.shared_profile_count().await.unwrap(),
        0,
        "nothing is stored unless asked"
    );

    let profile = hidden_profile(&results.body);
    let share = |profile: String| {
        let app = &app;
        async move {
            let shared = app.post_form("/pick/share", &[("profile", &profile)]).await;
            assert_eq!(shared.status, StatusCode::OK, "{}", shared.body);
            assert_eq!(shared.headers["cache-control"], "no-store");
            let between = |body: &str, start: &str, end: &str| -> String {
                body.split(start)
                    .nth(1)
                    .unwrap()
                    .split(end)
                    .next()
                    .unwrap()
                    .to_owned()
            };
            let address = between(
                &shared.body,
                "id=\"share-address\" type=\"text\" readonly value=\"",
                "\"",
            );
            let key = between(&shared.body, "<code id=\"delete-key\">", "<");
            (shared, address, key)
        }
    };
    let (shared, address, key) = share(profile.clone()).await;
    assert!(shared.body.contains("Your shareable link is ready"));
    assert_eq!(p_match(&shared.body), p_match(&results.body));
    // Requests through the router name no host: the address is the path.
    let link = address.clone();
    let id = link.strip_prefix("/pick/shared/").unwrap().to_owned();
    assert_eq!(id.len(), 32);
    assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_eq!(key.len(), 32);
    assert_ne!(key, id);
    assert_eq!(stored.store.shared_profile_count().await.unwrap(), 1);

    let opened = app.get(&link).await;
    assert_eq!(opened.status, StatusCode::OK);
    assert_eq!(opened.headers["cache-control"], "no-store");
    assert_eq!(p_match(&opened.body), p_match(&results.body));
    assert!(opened.body.contains("This is a shared link"));
    assert!(!opened.body.contains(&key), "the key is shown only once");
    assert!(
        opened.body.contains("until October 1, 2026"),
        "retention shown"
    );
    assert!(
        opened
            .body
            .contains(&format!("action=\"/pick/shared/{id}/delete\""))
    );

    // A second link, kept past its retention: not served, then swept away.
    let (_, other_link, _) = share(profile.clone()).await;
    assert_ne!(other_link, link, "every link has its own id");

    // The link alone does not delete it; its key does.
    let refused = app.post_form(&format!("{link}/delete"), &[]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let wrong = app
        .post_form(&format!("{link}/delete"), &[("key", &"0".repeat(32))])
        .await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get(&link).await.status, StatusCode::OK);
    let deleted = app
        .post_form(&format!("{link}/delete"), &[("key", &key)])
        .await;
    assert_eq!(deleted.status, StatusCode::OK);
    assert!(deleted.body.contains("The shared link was deleted"));
    let gone = app.get(&link).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    assert!(gone.body.contains("This shared link does not work"));
    let again = app
        .post_form(&format!("{link}/delete"), &[("key", &key)])
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);

    stored.clock.advance_days(29);
    assert_eq!(app.get(&other_link).await.status, StatusCode::OK);
    stored.clock.advance_days(2);
    assert_eq!(app.get(&other_link).await.status, StatusCode::NOT_FOUND);
    assert_eq!(stored.store.shared_profile_count().await.unwrap(), 1);
    assert_eq!(stored.site.sweep().await.unwrap(), 1);
    assert_eq!(stored.store.shared_profile_count().await.unwrap(), 0);
}

#[tokio::test]
async fn bad_links_and_bad_profiles_store_nothing() {
    let stored = StoredSite::new().await;
    let app = stored.app();
    for link in [
        "/pick/shared/nothex",
        "/pick/shared/00000000000000000000000000000000",
        "/pick/shared/..%2F..%2Fetc%2Fpasswd",
    ] {
        let response = app.get(link).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{link}");
    }
    let garbage = app
        .post_form("/pick/share", &[("profile", "not a profile")])
        .await;
    assert_eq!(garbage.status, StatusCode::UNPROCESSABLE_ENTITY);
    let invalid = app
        .post_json(
            "/api/v1/shares",
            &json!({"applicant_type": "us_md_senior", "specialties": ["140"], "exams": {"step2_ck": {"score": 400}}}),
        )
        .await;
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(invalid.json()["errors"][0]["path"], "exams.step2_ck.score");
    assert_eq!(stored.store.shared_profile_count().await.unwrap(), 0);
}

#[tokio::test]
async fn shares_through_the_api() {
    let stored = StoredSite::new().await;
    let app = stored.app();
    let created = app.post_json("/api/v1/shares", &api_profile()).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let body = created.json();
    let id = body["id"].as_str().unwrap().to_owned();
    assert_eq!(body["url"], format!("/pick/shared/{id}"));
    assert_eq!(created.headers["location"], format!("/pick/shared/{id}"));
    assert_eq!(body["created_at"], "2026-09-01T00:00:00Z");
    assert_eq!(body["expires_at"], "2026-10-01T00:00:00Z");

    let opened = app.get(&format!("/api/v1/shares/{id}?plan=false")).await;
    assert_eq!(opened.status, StatusCode::OK, "{}", opened.body);
    let direct = app
        .post_json("/api/v1/pick?plan=false", &api_profile())
        .await;
    assert_eq!(
        opened.json()["pick"]["p_match"],
        direct.json()["pick"]["p_match"]
    );
    let bad_parameter = app.get(&format!("/api/v1/shares/{id}?plan=maybe")).await;
    assert_eq!(bad_parameter.status, StatusCode::UNPROCESSABLE_ENTITY);

    let key = body["delete_key"].as_str().unwrap().to_owned();
    assert_eq!(key.len(), 32);
    let uri = format!("/api/v1/shares/{id}");
    let without = app.delete(&uri).await;
    assert_eq!(without.status, StatusCode::FORBIDDEN);
    assert_eq!(without.json()["error"], "forbidden");
    let wrong = app
        .delete_with(&uri, ("Share-Delete-Key", &"a".repeat(32)))
        .await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.delete_with(&uri, ("Share-Delete-Key", &key))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.delete_with(&uri, ("Share-Delete-Key", &key))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let gone = app.get(&format!("/api/v1/shares/{id}")).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    assert_eq!(gone.json()["error"], "not_found");
}

#[tokio::test]
async fn a_site_without_a_store_says_it_keeps_no_links() {
    let app = TestApp::demo();
    let response = app.post_json("/api/v1/shares", &api_profile()).await;
    assert_eq!(response.status, StatusCode::SERVICE_UNAVAILABLE);
    let page = app
        .get("/pick/shared/00000000000000000000000000000000")
        .await;
    assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE);
}
