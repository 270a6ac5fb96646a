//! The endpoints for operators and the limits every request meets: liveness, readiness with
//! the catalog version, and the request body size limit.

mod support;

use axum::http::StatusCode;
use support::TestApp;

#[tokio::test]
async fn health_and_readiness_answer() {
    let app = TestApp::demo();
    let health = app.get("/healthz").await;
    assert_eq!(health.status, StatusCode::OK);
    assert_eq!(health.body.trim(), "ok");
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status, StatusCode::OK);
    let body = ready.json();
    assert_eq!(body["status"], "ready");
    assert_eq!(body["catalog_version"], 1);
    assert_eq!(body["fictional"], true);
    assert!(ready.headers.contains_key("content-security-policy"));
}

#[tokio::test]
async fn an_oversized_body_is_refused_before_it_is_read() {
    let app = TestApp::demo();
    let big = "x".repeat(web::MAX_BODY_BYTES + 1);
    let response = app
        .post_json(
            "/api/v1/pick",
            &serde_json::json!({ "applicant_type": big, "specialties": ["140"] }),
        )
        .await;
    assert_eq!(
        response.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        response.body
    );
    let form = app
        .post_form("/pick", &[("applicant_type", big.as_str())])
        .await;
    assert_eq!(form.status, StatusCode::PAYLOAD_TOO_LARGE);
    // A profile of ordinary size is still read.
    let small = app
        .post_json(
            "/api/v1/pick?plan=false",
            &serde_json::json!({
                "applicant_type": "us_md_senior",
                "specialties": ["140"],
                "exams": { "step2_ck": { "score": 240 } },
                "budget": { "applications": 10 }
            }),
        )
        .await;
    assert_eq!(small.status, StatusCode::OK, "{}", small.body);
}
