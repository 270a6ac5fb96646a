//! Server time of every page and API endpoint on the full demo catalog, measured in-process
//! through the router (no network): the median and slowest of repeated renders, and a failure
//! when any page's median exceeds the 50 ms budget.
//!
//! Run with `cargo bench -p web --bench page_render`.

use std::io::Write;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// The budget for one page's server time.
const BUDGET: Duration = Duration::from_millis(50);
/// Renders per page.
const RUNS: usize = 30;

/// Builds one of the measured requests afresh for each run.
type MakeRequest = Box<dyn Fn() -> Request<Body>>;

fn post(uri: &str, content_type: &str, body: &str) -> Request<Body> {
    Request::post(uri)
        .header("content-type", content_type)
        .body(Body::from(body.to_owned()))
        .unwrap()
}

/// A long address cut to fit the table.
fn shorten(uri: &str) -> String {
    if uri.len() > 78 {
        format!("{}…", &uri[..77])
    } else {
        uri.to_owned()
    }
}

fn main() -> std::process::ExitCode {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let catalog = demo_catalog::generate(app::DEMO_SEED);
    let compare_ids: Vec<String> = catalog
        .programs
        .iter()
        .filter(|p| p.specialty.as_str() == "140")
        .take(4)
        .map(|p| p.id.to_string())
        .collect();
    let program = compare_ids[0].clone();
    let pages_of_all = catalog.programs.len().div_ceil(100);
    // A site with a store of its own, for the shared link's page, and rate limits high enough
    // that the repeated requests measure the pages rather than the limiter.
    let folder = tempfile::tempdir().expect("a temporary folder");
    let store = runtime
        .block_on(store::Store::open(&store::DatabaseUrl::sqlite_file(
            &folder.path().join("catalog.sqlite"),
        )))
        .expect("a store");
    let state = web::AppState::from_catalog(catalog, 1);
    let site = web::Site::new(
        state.clone(),
        Some(store),
        web::Settings {
            expensive_per_minute: u32::MAX,
            expensive_burst: u32::MAX,
            clock: web::Clock::fixed(1_788_220_800),
            ..web::Settings::default()
        },
    );
    let router = web::router(site);
    let form = "applicant_type=non_us_img&graduation_year=2023&visa=j1&ecfmg=pending&step1=passed&step2_score=240&usce_kind_1=hands_on&usce_months_1=3&specialty_1=140&applications=80";
    let pick_json = r#"{"applicant_type":"us_img","graduation_year":2024,"exams":{"step2_ck":{"score":235}},"usce":[{"kind":"hands_on","months":4}],"specialties":["120"]}"#;
    let shared = runtime.block_on(async {
        let response = router
            .clone()
            .oneshot(post("/api/v1/shares", "application/json", pick_json))
            .await
            .unwrap();
        response.headers()["location"]
            .to_str()
            .expect("a shared link's address")
            .to_owned()
    });
    let uris = [
        "/".to_owned(),
        "/programs".to_owned(),
        format!("/programs?per_page=100&page={pages_of_all}"),
        "/programs?specialty=140&region=northeast&visa=any&min_img_share=20&text=medical"
            .to_owned(),
        format!("/programs/{program}"),
        format!("/compare?ids={}", compare_ids.join(",")),
        "/fees?programs=60&programs=20".to_owned(),
        "/methodology".to_owned(),
        "/pick".to_owned(),
        "/no-such-page".to_owned(),
        "/api/v1/programs?per_page=100".to_owned(),
        "/api/v1/programs?text=zzz".to_owned(),
        format!("/api/v1/programs/{program}"),
        format!("/api/v1/compare?ids={}", compare_ids.join(",")),
        "/api/v1/fees?programs=45".to_owned(),
        "/api/v1/openapi.json".to_owned(),
        "/pick".to_owned(),
        shared,
    ];
    let posts = [
        (
            "POST /pick",
            "/pick",
            "application/x-www-form-urlencoded",
            form,
        ),
        (
            "POST /api/v1/pick",
            "/api/v1/pick",
            "application/json",
            pick_json,
        ),
    ];
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{:<80} {:>10} {:>10}", "page", "median", "slowest");
    let mut over_budget = false;
    let requests: Vec<(String, MakeRequest)> = uris
        .iter()
        .map(|uri| {
            let owned = uri.clone();
            let make: MakeRequest =
                Box::new(move || Request::get(owned.as_str()).body(Body::empty()).unwrap());
            (shorten(uri), make)
        })
        .chain(posts.iter().map(|&(name, uri, content_type, body)| {
            let make: MakeRequest = Box::new(move || post(uri, content_type, body));
            (name.to_owned(), make)
        }))
        .collect();
    for (uri, make) in &requests {
        let mut times: Vec<Duration> = (0..RUNS)
            .map(|_| {
                runtime.block_on(async {
                    let start = Instant::now();
                    let response = router.clone().oneshot(make()).await.unwrap();
                    let status = response.status();
                    let body = response.into_body().collect().await.unwrap().to_bytes();
                    let elapsed = start.elapsed();
                    assert!(
                        status == StatusCode::OK || status == StatusCode::NOT_FOUND,
                        "{uri}: {status}"
                    );
                    assert!(!body.is_empty());
                    elapsed
                })
            })
            .collect();
        times.sort();
        let median = times[RUNS / 2];
        let slowest = times[RUNS - 1];
        over_budget |= median > BUDGET;
        let _ = writeln!(
            out,
            "{uri:<80} {:>8.2}ms {:>8.2}ms{}",
            median.as_secs_f64() * 1e3,
            slowest.as_secs_f64() * 1e3,
            if median > BUDGET { "  OVER BUDGET" } else { "" }
        );
    }
    // The engine alone, without HTTP or HTML: one pick, and the improvement plan after it.
    let profile = smart_pick::Profile::from_json(pick_json).expect("a valid profile");
    let mut pick_times = Vec::new();
    let mut plan_times = Vec::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        let pick = state.model().pick(&profile).expect("a pick");
        pick_times.push(start.elapsed());
        let start = Instant::now();
        let _ = state.model().improvement_plan(&profile, pick.p_match);
        plan_times.push(start.elapsed());
    }
    pick_times.sort();
    plan_times.sort();
    let _ = writeln!(
        out,
        "engine: pick {:.2} ms, improvement plan {:.2} ms (medians)",
        pick_times[RUNS / 2].as_secs_f64() * 1e3,
        plan_times[RUNS / 2].as_secs_f64() * 1e3
    );
    if over_budget {
        let _ = writeln!(out, "some page took longer than {} ms", BUDGET.as_millis());
        std::process::ExitCode::FAILURE
    } else {
        let _ = writeln!(out, "every page within {} ms", BUDGET.as_millis());
        std::process::ExitCode::SUCCESS
    }
}
