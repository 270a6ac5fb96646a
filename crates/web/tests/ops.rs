//! The endpoints for operators and the defences every request meets: liveness, readiness with
//! the catalog version, the request body size limit, per-client rate limits, request ids,
//! cross-site form posts refused, security headers, and hostile text escaped on every page.

mod support;

use axum::http::StatusCode;
use support::{TestApp, small_profile};

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
    // In the API's one error shape.
    assert_eq!(response.json()["error"], "too_large");
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

#[tokio::test]
async fn expensive_requests_are_rate_limited_and_cheap_ones_are_not() {
    let app = TestApp::from_site(web::Site::new(
        support::DEMO_STATE.clone(),
        None,
        web::Settings {
            expensive_per_minute: 1,
            expensive_burst: 2,
            ..web::Settings::default()
        },
    ));
    for _ in 0..2 {
        let allowed = app
            .post_json("/api/v1/pick?plan=false", &small_profile())
            .await;
        assert_eq!(allowed.status, StatusCode::OK);
    }
    let refused = app
        .post_json("/api/v1/pick?plan=false", &small_profile())
        .await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(refused.json()["error"], "rate_limited");
    let wait: u64 = refused.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    let page = app.post_form("/pick", &[("applicant_type", "x")]).await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(page.content_type().starts_with("text/html"));
    assert!(page.body.contains("Too many requests"));
    for cheap in ["/", "/programs?specialty=140", "/api/v1/programs", "/pick"] {
        assert_eq!(app.get(cheap).await.status, StatusCode::OK, "{cheap}");
    }
}

#[test]
fn the_expensive_requests_are_exactly_the_computations_and_shares() {
    use axum::http::Method;
    for (method, path) in [
        (Method::POST, "/pick"),
        (Method::POST, "/pick/results"),
        (Method::POST, "/pick/print"),
        (Method::POST, "/pick/export.csv"),
        (Method::POST, "/pick/share"),
        (Method::GET, "/pick/shared/0123"),
        (Method::POST, "/pick/shared/0123/delete"),
        (Method::POST, "/api/v1/pick"),
        (Method::POST, "/api/v1/rank-list-check"),
        (Method::POST, "/api/v1/shares"),
        (Method::GET, "/api/v1/shares/0123"),
        (Method::DELETE, "/api/v1/shares/0123"),
    ] {
        assert!(web::is_expensive(&method, path), "{method} {path}");
    }
    for (method, path) in [
        (Method::GET, "/pick"),
        (Method::POST, "/pick/edit"),
        (Method::GET, "/programs"),
        (Method::GET, "/api/v1/programs"),
        (Method::GET, "/healthz"),
        (Method::GET, "/resources/search"),
    ] {
        assert!(!web::is_expensive(&method, path), "{method} {path}");
    }
}

#[tokio::test]
async fn every_response_has_a_request_id_and_a_client_id_is_kept() {
    let app = TestApp::demo();
    let first = app.get("/").await;
    let second = app.get("/").await;
    let id = |response: &support::TestResponse| {
        response.headers["x-request-id"]
            .to_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(id(&first).len(), 36, "a UUID");
    assert_ne!(id(&first), id(&second));
    let given = app
        .send(
            axum::http::Request::get("/api/v1/programs")
                .header("x-request-id", "from-the-load-balancer-42")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(id(&given), "from-the-load-balancer-42");
}

#[tokio::test]
async fn cross_site_form_posts_are_refused_and_same_site_ones_pass() {
    let app = TestApp::demo();
    let post = |site: &'static str| {
        axum::http::Request::post("/pick/edit")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("sec-fetch-site", site)
            .body(axum::body::Body::from("profile=x"))
            .unwrap()
    };
    assert_eq!(
        app.send(post("cross-site")).await.status,
        StatusCode::FORBIDDEN
    );
    // The same post from the site itself reaches the form (which finds the profile unreadable).
    assert_eq!(
        app.send(post("same-origin")).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::demo();
    for path in [
        "/",
        "/pick",
        "/api/v1/programs",
        "/no-such-page",
        "/static/site.css",
    ] {
        let response = app.get(path).await;
        let header = |name: &str| {
            response
                .headers
                .get(name)
                .and_then(|value| value.to_str().ok())
                .unwrap_or_else(|| panic!("{path} lacks {name}"))
                .to_owned()
        };
        let csp = header("content-security-policy");
        assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert_eq!(header("x-content-type-options"), "nosniff");
        assert_eq!(header("referrer-policy"), "no-referrer");
        assert_eq!(header("x-frame-options"), "DENY");
    }
}

#[tokio::test]
async fn hostile_text_in_every_field_comes_back_escaped() {
    const HOSTILE: &str = "\"'><script>alert(1)</script><img src=x onerror=alert(2)>";
    let app = TestApp::demo();
    let fields = [
        "applicant_type",
        "graduation_year",
        "match_year",
        "visa",
        "ecfmg",
        "step1",
        "step1_attempts",
        "step2_score",
        "step2_attempts",
        "step3",
        "step3_attempts",
        "comlex_score",
        "comlex_attempts",
        "usce_kind_1",
        "usce_months_1",
        "usce_year_1",
        "usce_specialty_1",
        "usce_letter_1",
        "publications",
        "abstracts",
        "presentations",
        "specialty_1",
        "specialty_2",
        "pref_states",
        "ties",
        "other_weight",
        "applications",
        "dollars",
        "signals_gold",
        "signals_silver",
    ];
    let mut responses = Vec::new();
    let all: Vec<(&str, &str)> = fields.iter().map(|field| (*field, HOSTILE)).collect();
    responses.push(("pick form, every field", app.post_form("/pick", &all).await));
    for field in fields {
        responses.push((field, app.post_form("/pick", &[(field, HOSTILE)]).await));
    }
    for path in [
        "/pick/results",
        "/pick/print",
        "/pick/edit",
        "/pick/export.csv",
        "/pick/share",
    ] {
        responses.push((path, app.post_form(path, &[("profile", HOSTILE)]).await));
    }
    let encoded: String = form_urlencoded::byte_serialize(HOSTILE.as_bytes()).collect();
    for query in [
        "/programs?text=",
        "/programs?specialty=",
        "/programs?state=",
        "/programs?region=",
        "/programs?visa=",
        "/programs?program_type=",
        "/programs?min_img_share=",
        "/programs?page=",
        "/programs?per_page=",
        "/compare?ids=",
        "/fees?programs=",
        "/fees?season=",
        "/resources/search?q=",
        "/resources/tags/",
        "/resources/",
        "/programs/",
        "/pick/shared/",
        "/api/v1/programs?text=",
        "/api/v1/programs?state=",
        "/api/v1/compare?ids=",
        "/api/v1/resources/search?q=",
    ] {
        responses.push((query, app.get(&format!("{query}{encoded}")).await));
    }
    let mut hostile_profile = serde_json::json!({
        "applicant_type": HOSTILE,
        "specialties": [HOSTILE],
    });
    responses.push((
        "api pick",
        app.post_json("/api/v1/pick", &hostile_profile).await,
    ));
    hostile_profile["applicant_type"] = serde_json::json!("us_md_senior");
    responses.push((
        "api pick specialty",
        app.post_json("/api/v1/pick", &hostile_profile).await,
    ));
    responses.push((
        "api rank list",
        app.post_json(
            "/api/v1/rank-list-check",
            &serde_json::json!({"profile": hostile_profile, "rank": [HOSTILE]}),
        )
        .await,
    ));
    for (what, response) in &responses {
        assert!(
            response.status.is_client_error() || response.status.is_success(),
            "{what}: {} {}",
            response.status,
            response.body
        );
        // JSON may hold the text as it was sent: it is served as JSON with `nosniff`, so no
        // browser renders it as a page. HTML must never hold it unescaped.
        if response.content_type().starts_with("application/json") {
            assert_eq!(response.headers["x-content-type-options"], "nosniff");
            continue;
        }
        assert!(
            response.content_type().starts_with("text/html"),
            "{what}: {}",
            response.content_type()
        );
        for raw in ["<script>alert(1)", "<img src=x onerror"] {
            assert!(
                !response.body.contains(raw),
                "{what} echoes markup unescaped: {}",
                response.body
            );
        }
    }
    // Where the hostile text is echoed into a page, it is there escaped.
    let (_, explorer) = responses
        .iter()
        .find(|(what, _)| *what == "/programs?text=")
        .unwrap();
    assert!(
        explorer
            .body
            .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
            || explorer.body.contains("&#60;script&#62;"),
        "{}",
        explorer.body
    );
}
