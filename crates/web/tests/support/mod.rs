//! What the web tests share: the application over the full demo catalog, built once per test
//! binary, and helpers to send it requests in-process.

#![allow(
    dead_code,
    reason = "each test binary uses a different part of the helpers"
)]

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, LazyLock};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use catalog::Catalog;
use http_body_util::BodyExt;
use tower::ServiceExt;
use web::{AppState, Clock, Settings, Site};

/// The full demo catalog, generated once.
pub static DEMO: LazyLock<Catalog> = LazyLock::new(|| demo_catalog::generate(app::DEMO_SEED));

/// Seasons the tests' chance model surveys: fewer than the server's, to build quickly.
pub const TEST_SURVEY_SEASONS: u32 = 4;

/// The application state over the demo catalog, built once.
pub static DEMO_STATE: LazyLock<AppState> =
    LazyLock::new(|| AppState::with_survey(DEMO.clone(), 1, TEST_SURVEY_SEASONS));

/// A response, read whole.
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl TestResponse {
    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|error| panic!("not JSON ({error}): {}", self.body))
    }

    /// The content type.
    pub fn content_type(&self) -> &str {
        self.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

/// A clock the test moves by hand, starting at 2026-09-01 (seconds since the Unix epoch).
#[derive(Clone)]
pub struct HandClock(Arc<AtomicI64>);

impl HandClock {
    pub fn new() -> HandClock {
        HandClock(Arc::new(AtomicI64::new(1_788_220_800)))
    }

    pub fn clock(&self) -> Clock {
        let now = self.0.clone();
        Clock::new(move || now.load(Ordering::SeqCst))
    }

    pub fn advance_days(&self, days: i64) {
        self.0.fetch_add(days * 86_400, Ordering::SeqCst);
    }
}

/// A site over the demo catalog with a store of its own (a temporary SQLite file, deleted with
/// it) and a clock moved by hand.
pub struct StoredSite {
    pub site: Site,
    pub store: store::Store,
    pub clock: HandClock,
    _folder: tempfile::TempDir,
}

impl StoredSite {
    /// With the default settings but for the clock.
    pub async fn new() -> StoredSite {
        StoredSite::with_settings(Settings::default()).await
    }

    /// With `settings` (their clock is replaced by the hand clock).
    pub async fn with_settings(settings: Settings) -> StoredSite {
        let folder = tempfile::tempdir().unwrap();
        let url = store::DatabaseUrl::sqlite_file(&folder.path().join("catalog.sqlite"));
        let store = store::Store::open(&url).await.unwrap();
        // The store holds what the site serves, as version 1.
        store
            .save_version(store::NewVersion {
                catalog: &DEMO,
                datasets: vec![],
                join_report: None,
                notes: vec![],
                created_at: 0,
            })
            .await
            .unwrap();
        let clock = HandClock::new();
        let site = Site::new(
            DEMO_STATE.clone(),
            Some(store.clone()),
            Settings {
                clock: clock.clock(),
                ..settings
            },
        );
        StoredSite {
            site,
            store,
            clock,
            _folder: folder,
        }
    }

    pub fn app(&self) -> TestApp {
        TestApp::from_site(self.site.clone())
    }
}

/// The application under test.
pub struct TestApp {
    router: Router,
}

impl TestApp {
    /// The application serving the demo catalog.
    pub fn demo() -> TestApp {
        TestApp {
            router: web::router(DEMO_STATE.clone()),
        }
    }

    /// The application of a site.
    pub fn from_site(site: Site) -> TestApp {
        TestApp {
            router: web::router(site),
        }
    }

    /// The application serving a given catalog (its chance model surveyed over one season).
    pub fn with_catalog(catalog: Catalog) -> TestApp {
        TestApp {
            router: web::router(AppState::with_survey(catalog, 1, 1)),
        }
    }

    /// Sends `GET uri` and reads the whole response.
    pub async fn get(&self, uri: &str) -> TestResponse {
        self.send(Request::get(uri).body(Body::empty()).unwrap())
            .await
    }

    /// Sends `POST uri` with a form body.
    pub async fn post_form(&self, uri: &str, form: &[(&str, &str)]) -> TestResponse {
        let mut body = form_urlencoded::Serializer::new(String::new());
        for (key, value) in form {
            body.append_pair(key, value);
        }
        self.send(
            Request::post(uri)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Body::from(body.finish()))
                .unwrap(),
        )
        .await
    }

    /// Sends `POST uri` with a JSON body.
    pub async fn post_json(&self, uri: &str, body: &serde_json::Value) -> TestResponse {
        self.send(
            Request::post(uri)
                .header("content-type", "application/json")
                .body(Body::from(body.to_string()))
                .unwrap(),
        )
        .await
    }

    /// Sends `DELETE uri`.
    pub async fn delete(&self, uri: &str) -> TestResponse {
        self.send(Request::delete(uri).body(Body::empty()).unwrap())
            .await
    }

    /// Sends `DELETE uri` with one header.
    pub async fn delete_with(&self, uri: &str, header: (&str, &str)) -> TestResponse {
        self.send(
            Request::delete(uri)
                .header(header.0, header.1)
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    /// Sends any request.
    pub async fn send(&self, request: Request<Body>) -> TestResponse {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        TestResponse {
            status,
            headers,
            body: String::from_utf8(bytes.to_vec()).unwrap(),
        }
    }
}

/// The ids of the first `n` programs of a specialty in the demo catalog.
pub fn demo_program_ids(specialty: &str, n: usize) -> Vec<String> {
    DEMO.programs
        .iter()
        .filter(|p| p.specialty.as_str() == specialty)
        .take(n)
        .map(|p| p.id.to_string())
        .collect()
}

/// The encoded profile a results page carries in its hidden fields.
pub fn hidden_profile(body: &str) -> String {
    body.split("name=\"profile\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the results carry the profile in a hidden field")
        .to_owned()
}

/// The P(match) a results page shows.
pub fn shown_p_match(body: &str) -> String {
    body.split("<span id=\"p-match\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .expect("the results show P(match)")
        .to_owned()
}

/// A small profile for the JSON API: quick to answer.
pub fn small_profile() -> serde_json::Value {
    serde_json::json!({
        "applicant_type": "us_md_senior",
        "specialties": ["140"],
        "exams": { "step2_ck": { "score": 240 } },
        "budget": { "applications": 10 }
    })
}
