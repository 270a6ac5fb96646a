//! The request log: every request is logged with its id, method, path and status, and never
//! with its query string or its body (which may carry a profile).
//!
//! This is its own test binary because the subscriber it installs is the thread's own: a
//! test running beside it on another thread could make tracing cache "nobody listens" for a
//! log statement first.

mod support;

use axum::http::StatusCode;
use support::TestApp;

/// Writes what the tracing subscriber logs into a buffer the test reads.
#[derive(Clone, Default)]
struct LogBuffer(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for LogBuffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn request_logs_name_the_request_but_never_its_profile_or_query() {
    let buffer = LogBuffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_max_level(tracing::Level::DEBUG)
        .json()
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let app = TestApp::demo();
    let marker_profile = serde_json::json!({
        "applicant_type": "us_md_senior",
        "specialties": ["140"],
        "exams": { "step2_ck": { "score": 251 } },
        "preferences": { "states": ["VT"] },
        "budget": { "applications": 17 }
    });
    let response = app
        .send(
            axum::http::Request::post("/api/v1/pick?plan=false")
                .header("content-type", "application/json")
                .header("x-request-id", "req-logged-7")
                .body(axum::body::Body::from(marker_profile.to_string()))
                .unwrap(),
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let programs = app.get("/programs?text=PRIVATE-QUERY-TEXT").await;
    assert_eq!(programs.status, StatusCode::OK);
    let logs = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("req-logged-7"), "{logs}");
    assert!(logs.contains("/api/v1/pick"), "{logs}");
    assert!(logs.contains("\"status\":200"), "{logs}");
    // The profile's own field names and words: short numbers would also turn up by chance in
    // timestamps, latencies and request ids.
    for private in [
        "step2_ck",
        "preferences",
        "applications",
        "us_md_senior",
        "plan=false",
        "PRIVATE-QUERY-TEXT",
    ] {
        assert!(!logs.contains(private), "the log shows {private}: {logs}");
    }
}
