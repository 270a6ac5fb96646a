//! The web application driven in-process through its axum router with arbitrary request bodies,
//! query strings and path segments: whatever a client sends, the server answers with a status
//! below 500 (it refuses bad input with a 4xx) and never panics.
//!
//! Input layout: the first byte picks the route ([`ROUTES`], by its value modulo their number).
//! The rest is cut at its newlines into the route's parts, in the order the route lists them;
//! the last part takes everything after the previous newline, newlines included, and parts the
//! input does not reach are absent. A part is one of:
//!
//! - a query string, sent after `?` (absent: no `?`);
//! - a path segment, such as a share id or a program id, put in the route's `{}`;
//! - a body, sent as it is (JSON for the API, a form for the pages, anything for the admin API);
//! - a profile, the JSON of a Smart Pick profile that the results pages carry in their hidden
//!   `profile` field: it is encoded as the pages encode it and appended to the form body.
//!
//! Bytes that cannot stand in a URI are percent-encoded, `%` itself excepted, so that escapes
//! the input spells reach the server's own decoding. For example, `"\x00plan=false\n{}"`
//! posts `{}` to `/api/v1/pick?plan=false`, and `"\x07specialty=140&page=2"` asks
//! `/api/v1/programs?specialty=140&page=2`. The seeds in `fuzz/corpus/api_request/` pick their
//! route with a printable byte, from `8` (56, the first route) on.
#![no_main]

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use catalog::Catalog;
use http_body_util::BodyExt;
use libfuzzer_sys::fuzz_target;
use percent_encoding::{AsciiSet, CONTROLS, percent_encode};
use tower::ServiceExt;

use Part::{Body as B, Profile as P, Query as Q, Segment as S};

/// What one part of the input becomes in the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// The query string.
    Query,
    /// The path segment that replaces the route's `{}`.
    Segment,
    /// The body, as it is.
    Body,
    /// A profile's JSON, sent encoded in the form body's `profile` field.
    Profile,
}

/// The body's media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Media {
    /// No body is expected.
    None,
    /// `application/json`.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
}

/// A route the fuzzer can reach.
struct Route {
    method: Method,
    /// The path, with `{}` where a segment goes and `{shared}` for the id of the share made at
    /// start-up (so that the pages of an existing share are reached too); it may hold a fixed
    /// query string.
    path: &'static str,
    media: Media,
    parts: &'static [Part],
    /// The only statuses the route may answer, when it is stricter than "not 5xx".
    expected: Option<&'static [StatusCode]>,
}

/// A route held only to "not 5xx".
const fn route(method: Method, path: &'static str, media: Media, parts: &'static [Part]) -> Route {
    Route {
        method,
        path,
        media,
        parts,
        expected: None,
    }
}

impl Route {
    /// The route, allowed to answer only `expected`.
    const fn expecting(mut self, expected: &'static [StatusCode]) -> Route {
        self.expected = Some(expected);
        self
    }
}

/// Every route, indexed by the input's first byte modulo their number.
static ROUTES: [Route; 28] = [
    route(Method::POST, "/api/v1/pick", Media::Json, &[Q, B]),
    route(Method::POST, "/api/v1/pick?plan=false", Media::Json, &[B]),
    route(Method::POST, "/api/v1/rank-list-check", Media::Json, &[B]),
    route(Method::POST, "/api/v1/shares", Media::Json, &[B]),
    route(Method::GET, "/api/v1/shares/{}", Media::None, &[S, Q]),
    route(Method::DELETE, "/api/v1/shares/{}", Media::None, &[S]),
    route(Method::GET, "/api/v1/shares/{shared}", Media::None, &[Q]),
    route(Method::GET, "/api/v1/programs", Media::None, &[Q]),
    route(Method::GET, "/api/v1/programs/{}", Media::None, &[S, Q]),
    route(Method::GET, "/api/v1/compare", Media::None, &[Q]),
    route(Method::GET, "/api/v1/fees", Media::None, &[Q]),
    route(Method::GET, "/api/v1/resources/search", Media::None, &[Q]),
    route(Method::POST, "/pick", Media::Form, &[B]),
    route(Method::POST, "/pick/results", Media::Form, &[B, P]),
    route(Method::POST, "/pick/print", Media::Form, &[B, P]),
    route(Method::POST, "/pick/export.csv", Media::Form, &[B, P]),
    route(Method::POST, "/pick/edit", Media::Form, &[B, P]),
    route(Method::POST, "/pick/share", Media::Form, &[B, P]),
    route(Method::GET, "/pick/shared/{}", Media::None, &[S, Q]),
    route(Method::GET, "/pick/shared/{shared}", Media::None, &[Q]),
    route(Method::POST, "/pick/shared/{}/delete", Media::Form, &[S]),
    route(Method::GET, "/programs", Media::None, &[Q]),
    route(Method::GET, "/programs/{}", Media::None, &[S]),
    route(Method::GET, "/compare", Media::None, &[Q]),
    route(Method::GET, "/fees", Media::None, &[Q]),
    route(Method::GET, "/resources/search", Media::None, &[Q]),
    // No admin token is configured, so every admin request is refused, whatever it carries.
    route(
        Method::PUT,
        "/api/v1/admin/catalog/current",
        Media::Json,
        &[B],
    )
    .expecting(&[StatusCode::FORBIDDEN]),
    // An empty kind leaves the path unrouted, hence the 404.
    route(
        Method::POST,
        "/api/v1/admin/imports/{}",
        Media::None,
        &[S, Q, B],
    )
    .expecting(&[StatusCode::FORBIDDEN, StatusCode::NOT_FOUND]),
];

/// Bytes escaped in a query string: those a URI cannot hold. `&`, `=` and `%` stay, so that the
/// input can spell pairs and escapes.
const QUERY: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'[')
    .add(b']')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// Bytes escaped in a path segment: those of a query string and the ones that would end the
/// segment.
const SEGMENT: &AsciiSet = &QUERY.add(b'/').add(b'?');

/// Specialties the fuzzed catalog keeps: Internal Medicine (with preliminary tracks), Family
/// Medicine, and Anesthesiology (with advanced tracks).
const SPECIALTIES: [&str; 3] = ["140", "120", "040"];

/// Programs kept of each specialty: enough for lists, tiers and plans, few enough that Smart
/// Pick answers in milliseconds.
const PROGRAMS_PER_SPECIALTY: usize = 15;

/// The profile shared at start-up.
const SHARED_PROFILE: &str = r#"{"applicant_type":"us_img","graduation_year":2024,"exams":{"step1":{"passed":true},"step2_ck":{"score":235}},"usce":[{"kind":"hands_on","months":4}],"specialties":["120","140"],"budget":{"applications":20}}"#;

/// The application under test, built once per process.
struct Server {
    runtime: tokio::runtime::Runtime,
    router: Router,
    /// The id of the share made at start-up.
    shared: String,
}

static SERVER: LazyLock<Server> = LazyLock::new(start);

/// The demo catalog cut down to the first programs of a few specialties and their tracks,
/// since the full one takes seconds to survey.
fn small_catalog() -> Catalog {
    let mut catalog = demo_catalog::generate(app::DEMO_SEED);
    let mut kept: HashMap<String, usize> = HashMap::new();
    catalog.programs.retain(|program| {
        let code = program.specialty.as_str();
        if !SPECIALTIES.contains(&code) {
            return false;
        }
        let count = kept.entry(code.to_owned()).or_default();
        *count += 1;
        *count <= PROGRAMS_PER_SPECIALTY
    });
    let ids: HashSet<_> = catalog.programs.iter().map(|p| p.id.clone()).collect();
    catalog
        .tracks
        .retain(|track| track.program.as_ref().is_some_and(|id| ids.contains(id)));
    if let Err(problems) = catalog.validate() {
        panic!("the cut-down catalog is invalid: {problems:?}");
    }
    catalog
}

/// A folder for this process's database. A process libFuzzer ends never removes its own, so
/// the folders of processes no longer running are removed first (on Linux, where `/proc`
/// says which are).
fn database_folder() -> PathBuf {
    let root = std::env::temp_dir().join("residency-advisor-fuzz-api_request");
    if Path::new("/proc/self").exists()
        && let Ok(entries) = std::fs::read_dir(&root)
    {
        for entry in entries.flatten() {
            if !Path::new("/proc").join(entry.file_name()).exists() {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
    let folder = root.join(std::process::id().to_string());
    // A folder with this process's id is a leftover of an earlier process that had it.
    let _ = std::fs::remove_dir_all(&folder);
    folder
}

/// Builds the site as the server does: the catalog stored as version 1 and served with its
/// chance model, sharing on, and rate limits too generous to refuse anything.
fn start() -> Server {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime");
    let catalog = small_catalog();
    let (router, shared) = runtime.block_on(async {
        let url = store::DatabaseUrl::sqlite_file(&database_folder().join("catalog.sqlite"));
        let store = store::Store::open(&url).await.expect("the store opens");
        store
            .save_version(store::NewVersion {
                catalog: &catalog,
                datasets: vec![],
                join_report: None,
                notes: vec![],
                created_at: 0,
            })
            .await
            .expect("the catalog is stored");
        let state = web::AppState::with_survey(catalog, 1, 1);
        let settings = web::Settings {
            expensive_per_minute: u32::MAX,
            expensive_burst: u32::MAX,
            clock: web::Clock::fixed(1_788_220_800),
            ..web::Settings::default()
        };
        let router = web::router(web::Site::new(state, Some(store), settings));
        let request = Request::post("/api/v1/shares")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(SHARED_PROFILE))
            .expect("a valid request");
        let response = router.clone().oneshot(request).await.expect("infallible");
        assert_eq!(
            response.status(),
            StatusCode::CREATED,
            "sharing at start-up"
        );
        let location = response.headers()[header::LOCATION]
            .to_str()
            .expect("an ASCII location");
        let shared = location
            .strip_prefix("/pick/shared/")
            .expect("a share's link")
            .to_owned();
        (router, shared)
    });
    Server {
        runtime,
        router,
        shared,
    }
}

/// The request `route` makes of `parts`, or `None` when they do not make a valid URI (too
/// long, for instance).
fn request(route: &Route, parts: &[Option<&[u8]>], shared: &str) -> Option<Request<Body>> {
    let part = |kind: Part| {
        route
            .parts
            .iter()
            .position(|p| *p == kind)
            .and_then(|index| parts[index])
    };
    let mut uri = route.path.replace("{shared}", shared);
    if let Some(segment) = part(Part::Segment) {
        uri = uri.replace("{}", &percent_encode(segment, SEGMENT).to_string());
    }
    if let Some(query) = part(Part::Query) {
        uri.push('?');
        uri.push_str(&percent_encode(query, QUERY).to_string());
    }
    let mut body = part(Part::Body).unwrap_or_default().to_vec();
    if let Some(profile) = part(Part::Profile) {
        if !body.is_empty() {
            body.push(b'&');
        }
        body.extend_from_slice(b"profile=");
        body.extend_from_slice(URL_SAFE_NO_PAD.encode(profile).as_bytes());
    }
    let mut builder = Request::builder().method(route.method.clone()).uri(uri);
    match route.media {
        Media::None => {}
        Media::Json => builder = builder.header(header::CONTENT_TYPE, "application/json"),
        Media::Form => {
            builder = builder.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        }
    }
    builder.body(Body::from(body)).ok()
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let route = &ROUTES[usize::from(selector) % ROUTES.len()];
    let mut pieces = rest.splitn(route.parts.len(), |&b| b == b'\n');
    let parts: Vec<Option<&[u8]>> = route.parts.iter().map(|_| pieces.next()).collect();
    let server = &*SERVER;
    let Some(request) = request(route, &parts, &server.shared) else {
        return;
    };
    let described = format!("{} {}", request.method(), request.uri());
    let (status, body) = server.runtime.block_on(async {
        let response = server
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("the router is infallible");
        let status = response.status();
        let body = match response.into_body().collect().await {
            Ok(collected) => collected.to_bytes(),
            Err(error) => panic!("{described}: the body of a {status} failed: {error}"),
        };
        (status, body)
    });
    let text = String::from_utf8_lossy(&body);
    let text: String = text.chars().take(4000).collect();
    assert!(
        !status.is_server_error(),
        "{described} answered {status}: {text}"
    );
    if let Some(expected) = route.expected {
        assert!(
            expected.contains(&status),
            "{described} answered {status}, expected one of {expected:?}: {text}"
        );
    }
});
