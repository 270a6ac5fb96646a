//! The site in a real browser: Debian's headless Chromium driven through chromedriver
//! (WebDriver), against the server on a real socket. The explorer is filtered, paged, a program
//! opened and programs compared; the fee calculator is filled in; the Smart Pick form is filled
//! in (a mistake first), its results read and filtered, the CSV downloaded and the shareable
//! link opened in a second browser; and screenshots of every page
//! are saved at desktop (1280 px) and phone (390 px) widths under the target directory's
//! `tmp/browser-screenshots/`.
//!
//! A reader also follows a Smart Pick factor's link to the Resources article that explains it,
//! comes back with the browser's back button, and searches the Resources.
//!
//! Every page that is saved as a screenshot is first checked with axe-core, the accessibility
//! engine, in the browser: no serious or critical violation is allowed.
//!
//! Chromium and chromedriver come from Debian's packages (`scripts/ensure-chromium`), axe-core
//! from the npm registry (`scripts/ensure-axe`); the test fails, saying so, when they are
//! missing.

mod support;

use std::net::{SocketAddr, TcpListener as StdListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use tokio::net::TcpListener;

/// How long the test waits for the browser or a page to reach a state before calling it stuck:
/// generous, so that only a stuck browser fails, however loaded the machine.
const STUCK_AFTER: Duration = Duration::from_secs(60);

/// A chromedriver process, stopped when dropped.
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn start() -> Driver {
        let port = StdListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .map(|address| address.port())
            .unwrap();
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|error| {
                panic!(
                    "cannot start chromedriver ({error}); run scripts/ensure-chromium to install \
                     Debian's chromium and chromium-driver"
                )
            });
        let deadline = Instant::now() + STUCK_AFTER;
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "chromedriver did not listen on port {port} within {STUCK_AFTER:?}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Driver { child, port }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A fresh headless Chromium session; with `phone_width`, the page is laid out as on a phone of
/// that width.
async fn browser(driver: &Driver, profile: &tempfile::TempDir, phone_width: Option<u32>) -> Client {
    let mut args = vec![
        "--headless=new".to_owned(),
        "--no-sandbox".to_owned(),
        "--disable-gpu".to_owned(),
        "--disable-dev-shm-usage".to_owned(),
        "--disable-quic".to_owned(),
        "--no-first-run".to_owned(),
        "--disable-background-networking".to_owned(),
        "--disable-component-update".to_owned(),
        "--disable-sync".to_owned(),
        "--hide-scrollbars".to_owned(),
        format!("--user-data-dir={}", profile.path().display()),
    ];
    let downloads = profile.path().join("downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let mut options = json!({
        "binary": "/usr/bin/chromium",
        "prefs": {
            "download.default_directory": downloads.display().to_string(),
            "download.prompt_for_download": false
        }
    });
    match phone_width {
        Some(width) => {
            options["mobileEmulation"] = json!({
                "deviceMetrics": { "width": width, "height": 844, "pixelRatio": 1.0, "touch": true }
            });
        }
        None => args.push("--window-size=1280,900".to_owned()),
    }
    options["args"] = json!(args);
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("browserName".to_owned(), json!("chrome"));
    capabilities.insert("goog:chromeOptions".to_owned(), options);
    ClientBuilder::new(HttpConnector::new())
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a Chromium session through chromedriver")
}

fn screenshot_folder() -> PathBuf {
    let folder = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser-screenshots");
    std::fs::create_dir_all(&folder).unwrap();
    folder
}

/// axe-core's script, as `scripts/ensure-axe` installs it under the workspace's `target`.
fn axe_script() -> &'static str {
    static SCRIPT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SCRIPT.get_or_init(|| {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../target/axe-core/node_modules/axe-core/axe.min.js");
        std::fs::read_to_string(&path).unwrap_or_else(|error| {
            panic!(
                "axe-core is missing at {} ({error}): run scripts/ensure-axe",
                path.display()
            )
        })
    })
}

/// Runs axe-core on the page as it is (injected by the driver, so the site's script policy
/// stays as strict as it is) and fails on any serious or critical violation, naming each rule
/// and the first elements that break it.
async fn accessible(client: &Client, name: &str) {
    client
        .execute(&format!("{}\nreturn true;", axe_script()), vec![])
        .await
        .unwrap();
    let violations = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { resultTypes: ['violations'] }).then(result => done(
               result.violations
                 .filter(v => v.impact === 'serious' || v.impact === 'critical')
                 .map(v => v.impact + ' ' + v.id + ': ' + v.help + ' at '
                   + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))));",
            vec![],
        )
        .await
        .unwrap();
    let violations = violations.as_array().expect("axe-core's violations");
    assert!(
        violations.is_empty(),
        "{name}: accessibility violations:\n{}",
        violations
            .iter()
            .map(|v| v.as_str().unwrap_or_default())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Checks the page with axe-core, then saves its screenshot.
async fn screenshot(client: &Client, name: &str) {
    accessible(client, name).await;
    let png = client.screenshot().await.unwrap();
    assert!(png.starts_with(b"\x89PNG"), "{name} is a PNG");
    std::fs::write(screenshot_folder().join(format!("{name}.png")), png).unwrap();
}

async fn text(client: &Client, css: &str) -> String {
    client
        .find(Locator::Css(css))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// Clicks an element that navigates (a link, or a form's button even when the address stays
/// the same), and waits until the new page has loaded.
/// Fills form fields by id: a select takes the value, an input the text typed after clearing.
async fn fill(client: &Client, fields: &[(&str, &str)]) {
    for (id, value) in fields {
        let field = client.find(Locator::Id(id)).await.unwrap();
        if field.tag_name().await.unwrap() == "select" {
            field.select_by_value(value).await.unwrap();
        } else {
            field.clear().await.unwrap();
            field.send_keys(value).await.unwrap();
        }
    }
}

/// A non-US IMG in Internal Medicine who needs a J-1, as the form's tests fill it in.
const NON_US_IMG: [(&str, &str); 6] = [
    ("applicant_type", "non_us_img"),
    ("graduation_year", "2023"),
    ("visa", "j1"),
    ("ecfmg", "pending"),
    ("specialty_1", "140"),
    ("step2_score", "245"),
];

async fn click_and_wait(client: &Client, element: fantoccini::elements::Element) {
    let old_page = client.find(Locator::Css("html")).await.unwrap();
    element.click().await.unwrap();
    wait_for_new_page(client, old_page).await;
}

/// Waits until `old_page` (the previous page's root element) is gone and the new page loaded.
async fn wait_for_new_page(client: &Client, old_page: fantoccini::elements::Element) {
    let deadline = Instant::now() + STUCK_AFTER;
    loop {
        let gone = old_page.attr("lang").await.is_err();
        if gone {
            let ready = client
                .execute("return document.readyState;", vec![])
                .await
                .unwrap();
            if ready == json!("complete") {
                return;
            }
        }
        assert!(Instant::now() < deadline, "the page did not change");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The server on a real socket, with a store of its own (for shared links), until the sender
/// is used or dropped.
async fn start_server() -> (
    SocketAddr,
    tokio::sync::oneshot::Sender<()>,
    support::StoredSite,
) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let stored = support::StoredSite::new().await;
    tokio::spawn(web::serve(listener, stored.site.clone(), async {
        let _ = stopped.await;
    }));
    (address, stop, stored)
}

async fn explore_compare_and_price(client: &Client, base: &str) {
    // The explorer: filter by specialty and visa, then page forward.
    client.goto(&format!("{base}/programs")).await.unwrap();
    screenshot(client, "explorer-1280").await;
    client
        .find(Locator::Id("specialty"))
        .await
        .unwrap()
        .select_by_value("140")
        .await
        .unwrap();
    client
        .find(Locator::Id("visa"))
        .await
        .unwrap()
        .select_by_value("any")
        .await
        .unwrap();
    click_and_wait(client, client.find(Locator::Id("search")).await.unwrap()).await;
    let url = client.current_url().await.unwrap();
    assert!(url.as_str().contains("specialty=140"), "{url}");
    assert!(
        text(client, "#results-heading")
            .await
            .contains("programs found")
    );
    let specialties = client
        .find_all(Locator::Css("table.programs tbody td:nth-child(3)"))
        .await
        .unwrap();
    assert_eq!(specialties.len(), 25);
    for cell in specialties {
        assert_eq!(cell.text().await.unwrap(), "Internal Medicine");
    }
    click_and_wait(client, client.find(Locator::Id("next-page")).await.unwrap()).await;
    assert!(text(client, "#results-range").await.contains("page 2 of"));
    let url = client.current_url().await.unwrap();
    assert!(
        url.as_str().contains("visa=any"),
        "paging keeps filters: {url}"
    );

    // Open a program.
    let link = client
        .find(Locator::Css("table.programs tbody th a"))
        .await
        .unwrap();
    let name = link.text().await.unwrap();
    click_and_wait(client, link).await;
    assert_eq!(text(client, "h1").await, name);
    assert!(
        text(client, "table.facts")
            .await
            .contains("Sponsors J-1 visas")
    );
    screenshot(client, "program-1280").await;

    // Back to the list, tick two programs and compare them.
    let program_page = client.find(Locator::Css("html")).await.unwrap();
    client.back().await.unwrap();
    wait_for_new_page(client, program_page).await;
    let boxes = client
        .find_all(Locator::Css("input[name=ids]"))
        .await
        .unwrap();
    boxes[0].click().await.unwrap();
    boxes[1].click().await.unwrap();
    click_and_wait(
        client,
        client.find(Locator::Id("compare-selected")).await.unwrap(),
    )
    .await;
    let headings = client
        .find_all(Locator::Css("table.comparison thead th"))
        .await
        .unwrap();
    assert_eq!(headings.len(), 3, "an attribute column and two programs");
    assert!(
        headings[1].text().await.unwrap().contains(&name),
        "the program opened first is compared first"
    );
    screenshot(client, "compare-1280").await;

    // The fee calculator: 45 programs in one specialty and 10 in another.
    client.goto(&format!("{base}/fees")).await.unwrap();
    let first = client.find(Locator::Id("programs-1")).await.unwrap();
    first.clear().await.unwrap();
    first.send_keys("45").await.unwrap();
    client
        .find(Locator::Id("programs-2"))
        .await
        .unwrap()
        .send_keys("10")
        .await
        .unwrap();
    click_and_wait(client, client.find(Locator::Id("calculate")).await.unwrap()).await;
    // 30 × $11 + 15 × $30 = $780, plus 10 × $11 = $110.
    assert_eq!(
        text(client, "#fee-heading").await,
        "Total: $890 for 55 programs"
    );
    screenshot(client, "fees-1280").await;

    // A mistake is shown beside its field, with what was typed kept.
    let second = client.find(Locator::Id("programs-2")).await.unwrap();
    second.clear().await.unwrap();
    second.send_keys("ten").await.unwrap();
    click_and_wait(client, client.find(Locator::Id("calculate")).await.unwrap()).await;
    assert!(
        text(client, "#programs-2-error")
            .await
            .contains("whole number")
    );
    let kept = client
        .find(Locator::Id("programs-2"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(kept.as_deref(), Some("ten"));

    // The skip link is the first thing the keyboard reaches.
    client.goto(&format!("{base}/")).await.unwrap();
    client
        .find(Locator::Css("body"))
        .await
        .unwrap()
        .send_keys("\u{E004}")
        .await
        .unwrap();
    let focused = client.active_element().await.unwrap();
    assert_eq!(
        focused.attr("class").await.unwrap().as_deref(),
        Some("skip-link")
    );
    screenshot(client, "home-1280").await;
    client.goto(&format!("{base}/methodology")).await.unwrap();
    screenshot(client, "methodology-1280").await;
}

/// Fills the Smart Pick form, reads the results, downloads the CSV and returns the shareable
/// link and the chance it showed.
/// The desktop's Smart Pick session; answers the shared link's full address, its deletion key
/// and the chance shown.
async fn smart_pick(
    client: &Client,
    base: &str,
    downloads: &std::path::Path,
) -> (String, String, String) {
    client.goto(&format!("{base}/pick")).await.unwrap();
    screenshot(client, "pick-form-1280").await;
    // The form starts empty: submitted with one bad score, every problem is listed at once
    // in a summary that takes the focus, names the title, and links to each field.
    let score = client.find(Locator::Id("step2_score")).await.unwrap();
    score.send_keys("abc").await.unwrap();
    click_and_wait(
        client,
        client.find(Locator::Id("submit-pick")).await.unwrap(),
    )
    .await;
    assert!(client.title().await.unwrap().starts_with("Error: "));
    let focused = client
        .execute("return document.activeElement.id", vec![])
        .await
        .unwrap();
    assert_eq!(focused, "form-errors", "the summary has the focus");
    screenshot(client, "pick-form-errors-1280").await;
    let links = client
        .find_all(Locator::Css("#form-errors li a"))
        .await
        .unwrap();
    assert!(links.len() >= 3, "{} errors listed", links.len());
    assert!(
        text(client, "#step2_score-error")
            .await
            .contains("Step 2 CK score")
    );
    client
        .find(Locator::Css("#form-errors a[href='#step2_score']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let focused = client
        .execute("return document.activeElement.id", vec![])
        .await
        .unwrap();
    assert_eq!(
        focused, "step2_score",
        "the summary's link reaches its field"
    );
    let score = client.find(Locator::Id("step2_score")).await.unwrap();
    assert_eq!(score.prop("value").await.unwrap().as_deref(), Some("abc"));
    fill(client, &NON_US_IMG).await;
    client
        .find(Locator::Id("applications"))
        .await
        .unwrap()
        .send_keys("60")
        .await
        .unwrap();
    client
        .find(Locator::Id("region-northeast"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    click_and_wait(
        client,
        client.find(Locator::Id("submit-pick")).await.unwrap(),
    )
    .await;
    let chance = text(client, "#p-match").await;
    assert!(chance.ends_with('%'), "{chance}");
    assert!(
        text(client, "#uncertainty")
            .await
            .contains("percentage points")
    );
    let rows = client
        .find_all(Locator::Css("#pick-list tbody tr"))
        .await
        .unwrap();
    assert!(!rows.is_empty() && rows.len() <= 60, "{} rows", rows.len());
    assert!(
        client
            .find(Locator::Css("#curve-chart polyline"))
            .await
            .is_ok()
    );
    screenshot(client, "pick-results-1280").await;

    client
        .find(Locator::Id("download-csv"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let file = downloads.join("smart-pick-list.csv");
    let deadline = Instant::now() + STUCK_AFTER;
    while !file.exists() {
        assert!(Instant::now() < deadline, "the CSV did not download");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let csv = std::fs::read_to_string(&file).unwrap();
    assert!(csv.starts_with("rank,nrmp_track"), "{csv}");
    assert_eq!(csv.lines().count(), rows.len() + 1);

    // Filtering the list to one tier keeps only that tier.
    client
        .find(Locator::Id("tier"))
        .await
        .unwrap()
        .select_by_value("reach")
        .await
        .unwrap();
    click_and_wait(
        client,
        client.find(Locator::Id("apply-view")).await.unwrap(),
    )
    .await;
    for badge in client
        .find_all(Locator::Css("#pick-list tbody .tier"))
        .await
        .unwrap()
    {
        assert_eq!(badge.text().await.unwrap(), "reach");
    }
    // Asking for a shareable link stores the profile and shows the link's full address and,
    // once, the key that deletes it.
    click_and_wait(
        client,
        client.find(Locator::Id("share-button")).await.unwrap(),
    )
    .await;
    let link = client
        .find(Locator::Id("share-address"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .unwrap();
    assert!(link.starts_with(&format!("{base}/pick/shared/")), "{link}");
    let key = text(client, "#delete-key").await;
    assert_eq!(key.len(), 32, "{key}");
    assert!(
        !client
            .current_url()
            .await
            .unwrap()
            .as_str()
            .contains("profile"),
        "no profile in the address"
    );
    (link, key, chance)
}

async fn phone_layout(client: &Client, base: &str) {
    let id = &support::demo_program_ids("140", 1)[0];
    let ids = support::demo_program_ids("140", 2).join(",");
    for (path, name) in [
        ("/".to_owned(), "home-390"),
        ("/programs?specialty=140".to_owned(), "explorer-390"),
        (format!("/programs/{id}"), "program-390"),
        (format!("/compare?ids={ids}"), "compare-390"),
        ("/fees?programs=45&programs=10".to_owned(), "fees-390"),
        ("/methodology".to_owned(), "methodology-390"),
        ("/pick".to_owned(), "pick-form-390"),
    ] {
        client.goto(&format!("{base}{path}")).await.unwrap();
        let width = client
            .execute("return window.innerWidth;", vec![])
            .await
            .unwrap();
        assert_eq!(width, json!(390), "laid out at phone width");
        let overflow = client
            .execute(
                "return document.documentElement.scrollWidth - window.innerWidth;",
                vec![],
            )
            .await
            .unwrap();
        assert!(
            overflow.as_i64().unwrap() <= 0,
            "{path} scrolls sideways by {overflow} px at phone width"
        );
        // Lists shown as cards fit the screen: no column is hidden off to the side.
        let cards_fit = client
            .execute(
                "return [...document.querySelectorAll('.cards-on-phone')]
                   .every(t => t.scrollWidth <= window.innerWidth);",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(
            cards_fit,
            json!(true),
            "{path}: a card list is wider than the screen"
        );
        screenshot(client, name).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn explorer_compare_and_fees_in_chromium_at_desktop_and_phone_widths() {
    let driver = Driver::start();
    let (address, stop, _stored) = start_server().await;
    let base = format!("http://{address}");

    let desktop_profile = tempfile::tempdir().unwrap();
    let desktop = browser(&driver, &desktop_profile, None).await;
    let downloads = desktop_profile.path().join("downloads");
    let desktop_result = tokio::spawn({
        let desktop = desktop.clone();
        let base = base.clone();
        async move {
            explore_compare_and_price(&desktop, &base).await;
            smart_pick(&desktop, &base, &downloads).await
        }
    })
    .await;
    desktop.close().await.unwrap();
    let (shared_link, delete_key, chance) = match desktop_result {
        Ok(outcome) => outcome,
        Err(panic) => std::panic::resume_unwind(panic.into_panic()),
    };

    let phone_profile = tempfile::tempdir().unwrap();
    let phone = browser(&driver, &phone_profile, Some(390)).await;
    let phone_result = tokio::spawn({
        let phone = phone.clone();
        let base = base.clone();
        async move {
            phone_layout(&phone, &base).await;
            // The shared link, opened in another browser, shows the same results.
            phone.goto(&shared_link).await.unwrap();
            assert_eq!(text(&phone, "#p-match").await, chance);
            let overflow = phone
                .execute(
                    "return document.documentElement.scrollWidth - window.innerWidth;",
                    vec![],
                )
                .await
                .unwrap();
            assert!(overflow.as_i64().unwrap() <= 0, "results scroll sideways");
            // The list reads as cards: each program a block no wider than the screen, each
            // value with its column's name.
            let cards = phone
                .execute(
                    "const list = document.getElementById('pick-list');
                     const row = list.querySelector('tbody tr');
                     const cell = row.querySelector('td[data-label=\"Interview\"]');
                     return [getComputedStyle(row).display, list.scrollWidth <= window.innerWidth,
                             getComputedStyle(cell, '::before').content];",
                    vec![],
                )
                .await
                .unwrap();
            // The chart's text is at least 11 px high on the phone.
            let text_px = phone
                .execute(
                    "const svg = document.getElementById('curve-chart');
                     const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
                     const sizes = [...svg.querySelectorAll('text')]
                       .map(t => parseFloat(t.getAttribute('font-size')) * scale);
                     return Math.min(...sizes);",
                    vec![],
                )
                .await
                .unwrap();
            assert!(text_px.as_f64().unwrap() >= 11.0, "chart text {text_px} px");
            assert_eq!(cards[0], json!("block"), "{cards}");
            assert_eq!(cards[1], json!(true), "{cards}");
            assert!(cards[2].as_str().unwrap().contains("Interview"), "{cards}");
            screenshot(&phone, "pick-results-390").await;
            // After interviews: the rank list check, numbered on the phone.
            click_and_wait(
                &phone,
                phone.find(Locator::Id("rank-list-check")).await.unwrap(),
            )
            .await;
            phone
                .find(Locator::Css(".rank-inputs input"))
                .await
                .unwrap()
                .send_keys("1")
                .await
                .unwrap();
            click_and_wait(
                &phone,
                phone.find(Locator::Id("check-ranks")).await.unwrap(),
            )
            .await;
            assert!(text(&phone, "#rank-p-match").await.ends_with('%'));
            let overflow = phone
                .execute(
                    "return document.documentElement.scrollWidth - window.innerWidth;",
                    vec![],
                )
                .await
                .unwrap();
            assert!(
                overflow.as_i64().unwrap() <= 0,
                "the rank list check scrolls sideways"
            );
            screenshot(&phone, "rank-list-390").await;
            phone.goto(&shared_link).await.unwrap();
            // Whoever made the link can delete it with its key; then it opens nothing.
            phone
                .find(Locator::Id("delete-key-input"))
                .await
                .unwrap()
                .send_keys(&delete_key)
                .await
                .unwrap();
            click_and_wait(
                &phone,
                phone.find(Locator::Id("delete-share")).await.unwrap(),
            )
            .await;
            assert!(text(&phone, "h1").await.contains("deleted"));
            phone.goto(&shared_link).await.unwrap();
            assert!(text(&phone, "h1").await.contains("does not work"));
        }
    })
    .await;
    phone.close().await.unwrap();
    if let Err(panic) = phone_result {
        std::panic::resume_unwind(panic.into_panic());
    }
    let _ = stop.send(());
}

/// From a Smart Pick result to the article that explains one of its factors and back, then a
/// search of the Resources; at desktop width.
async fn pick_to_article_and_search(client: &Client, base: &str) {
    // A non-US IMG whose only US clinical experience is an observership.
    client.goto(&format!("{base}/pick")).await.unwrap();
    fill(
        client,
        &[
            NON_US_IMG.as_slice(),
            &[("usce_kind_1", "observership"), ("usce_months_1", "3")],
        ]
        .concat(),
    )
    .await;
    click_and_wait(
        client,
        client.find(Locator::Id("submit-pick")).await.unwrap(),
    )
    .await;
    let chance = text(client, "#p-match").await;
    let usce = resources::article_for_topic("usce").unwrap();
    let factor = client
        .find(Locator::Css(&format!(
            "#pick-list a.factor-guide[href=\"{}\"]",
            usce.url()
        )))
        .await
        .expect("the USCE factor links to its article");
    assert!(
        factor
            .text()
            .await
            .unwrap()
            .contains("US clinical experience")
    );
    let list = client.find(Locator::Css("#pick-list tbody")).await.unwrap();
    let png = list.screenshot().await.unwrap();
    assert!(png.starts_with(b"\x89PNG"));
    std::fs::write(
        screenshot_folder().join("pick-results-guides-1280.png"),
        png,
    )
    .unwrap();

    // The guide opens in a new tab, so the results (a posted form that browsers do not keep)
    // stay open in this one.
    let results_window = client.window().await.unwrap();
    factor.click().await.unwrap();
    let deadline = Instant::now() + STUCK_AFTER;
    let article_window = loop {
        let windows = client.windows().await.unwrap();
        if let Some(window) = windows.into_iter().find(|w| *w != results_window) {
            break window;
        }
        assert!(Instant::now() < deadline, "the guide did not open");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    client.switch_to_window(article_window).await.unwrap();
    let deadline = Instant::now() + STUCK_AFTER;
    while client.find(Locator::Id("article-title")).await.is_err() {
        assert!(Instant::now() < deadline, "the article did not load");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(text(client, "h1").await, usce.title);
    assert!(
        text(client, "nav.breadcrumbs")
            .await
            .contains("IMG essentials")
    );
    assert!(text(client, "#article-meta").await.contains("min read"));
    let back_link = client
        .find(Locator::Css("#back-to-pick a[href=\"/pick\"]"))
        .await
        .expect("a link back to Smart Pick");
    assert_eq!(back_link.text().await.unwrap(), "Back to Smart Pick");
    screenshot(client, "resources-article-1280").await;

    // Closing the guide returns to the same results.
    client.close_window().await.unwrap();
    client.switch_to_window(results_window).await.unwrap();
    assert_eq!(text(client, "#p-match").await, chance);

    // Within the Resources, the browser's back button returns from an article to its list.
    client
        .goto(&format!("{base}/resources/tag/usce"))
        .await
        .unwrap();
    let listed = client
        .find(Locator::Css(&format!("a[href=\"{}\"]", usce.url())))
        .await
        .unwrap();
    click_and_wait(client, listed).await;
    assert_eq!(text(client, "h1").await, usce.title);
    let article_page = client.find(Locator::Css("html")).await.unwrap();
    client.back().await.unwrap();
    wait_for_new_page(client, article_page).await;
    assert!(text(client, "h1").await.contains("usce"));

    // The Resources from the main navigation, then a search.
    let nav = client
        .find(Locator::Css("nav.site-nav a[href=\"/resources\"]"))
        .await
        .unwrap();
    click_and_wait(client, nav).await;
    assert_eq!(text(client, "h1").await, "Resources for applicants");
    screenshot(client, "resources-1280").await;
    let search_box = client.find(Locator::Id("q")).await.unwrap();
    search_box.send_keys("J-1 waiver").await.unwrap();
    click_and_wait(
        client,
        client.find(Locator::Id("search-submit")).await.unwrap(),
    )
    .await;
    let first = client
        .find(Locator::Css("#search-results li h3 a"))
        .await
        .unwrap();
    assert_eq!(
        first.attr("href").await.unwrap().as_deref(),
        Some("/resources/visas-j1-h1b")
    );
    assert!(
        !client
            .find_all(Locator::Css("#search-results mark"))
            .await
            .unwrap()
            .is_empty(),
        "the words found are marked"
    );
    screenshot(client, "resources-search-1280").await;
    click_and_wait(client, first).await;
    assert_eq!(
        text(client, "h1").await,
        resources::library().article("visas-j1-h1b").unwrap().title
    );
}

/// The Resources pages at phone width: nothing scrolls sideways.
async fn resources_at_phone_width(client: &Client, base: &str) {
    for (path, name) in [
        ("/resources".to_owned(), "resources-390"),
        (
            "/resources/category/img-essentials".to_owned(),
            "resources-category-390",
        ),
        (
            "/resources/us-clinical-experience".to_owned(),
            "resources-article-390",
        ),
        (
            "/resources/how-the-match-works".to_owned(),
            "resources-match-article-390",
        ),
        (
            "/resources/search?q=observership".to_owned(),
            "resources-search-390",
        ),
        ("/resources/specialties".to_owned(), "specialty-guides-390"),
        (
            "/resources/specialties/internal-medicine".to_owned(),
            "guide-internal-medicine-390",
        ),
        (
            "/resources/specialties/pathology-anatomic-and-clinical".to_owned(),
            "guide-pathology-390",
        ),
    ] {
        client.goto(&format!("{base}{path}")).await.unwrap();
        let width = client
            .execute("return window.innerWidth;", vec![])
            .await
            .unwrap();
        assert_eq!(width, json!(390), "laid out at phone width");
        let overflow = client
            .execute(
                "return document.documentElement.scrollWidth - window.innerWidth;",
                vec![],
            )
            .await
            .unwrap();
        assert!(
            overflow.as_i64().unwrap() <= 0,
            "{path} scrolls sideways by {overflow} px at phone width"
        );
        if path.starts_with("/resources/specialties/") {
            let smallest = smallest_chart_text_px(client).await;
            assert!(
                smallest >= 11.0,
                "{path}: chart text {smallest} px high at phone width"
            );
        }
        screenshot(client, name).await;
    }
}

/// The smallest text of the page's guide charts, in CSS pixels as drawn: each text's font size
/// times its chart's scale (drawn width over viewBox width).
async fn smallest_chart_text_px(client: &Client) -> f64 {
    let smallest = client
        .execute(
            "let smallest = Infinity, charts = 0;
             for (const svg of document.querySelectorAll('.guide-chart svg')) {
               charts += 1;
               const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
               for (const text of svg.querySelectorAll('text')) {
                 smallest = Math.min(smallest, parseFloat(text.getAttribute('font-size')) * scale);
               }
             }
             return charts > 0 ? smallest : -1;",
            vec![],
        )
        .await
        .unwrap();
    let smallest = smallest.as_f64().unwrap();
    assert!(smallest > 0.0, "the page has guide charts with text");
    smallest
}

/// The specialty guides at desktop width: the list leads to a guide, whose charts draw.
async fn specialty_guides_at_desktop_width(client: &Client, base: &str) {
    client
        .goto(&format!("{base}/resources/specialties"))
        .await
        .unwrap();
    let link = client
        .find(Locator::Css(
            "a[href='/resources/specialties/internal-medicine']",
        ))
        .await
        .unwrap();
    click_and_wait(client, link).await;
    assert!(text(client, "h1").await.starts_with("Internal Medicine"));
    for chart in ["#fill-chart svg", "#step2-chart svg", "#band-chart svg"] {
        let drawn = client
            .execute(
                &format!(
                    "return document.querySelector('{chart}').getBoundingClientRect().height;"
                ),
                vec![],
            )
            .await
            .unwrap();
        assert!(drawn.as_f64().unwrap() > 50.0, "{chart} is drawn");
    }
    screenshot(client, "guide-internal-medicine-1280").await;
    client
        .goto(&format!(
            "{base}/resources/specialties/pathology-anatomic-and-clinical"
        ))
        .await
        .unwrap();
    screenshot(client, "guide-pathology-1280").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn from_a_smart_pick_factor_to_its_article_and_back_then_a_search_in_chromium() {
    let driver = Driver::start();
    let (address, stop, _stored) = start_server().await;
    let base = format!("http://{address}");

    let desktop_profile = tempfile::tempdir().unwrap();
    let desktop = browser(&driver, &desktop_profile, None).await;
    let desktop_result = tokio::spawn({
        let desktop = desktop.clone();
        let base = base.clone();
        async move {
            pick_to_article_and_search(&desktop, &base).await;
            specialty_guides_at_desktop_width(&desktop, &base).await;
        }
    })
    .await;
    desktop.close().await.unwrap();
    if let Err(panic) = desktop_result {
        std::panic::resume_unwind(panic.into_panic());
    }

    let phone_profile = tempfile::tempdir().unwrap();
    let phone = browser(&driver, &phone_profile, Some(390)).await;
    let phone_result = tokio::spawn({
        let phone = phone.clone();
        let base = base.clone();
        async move { resources_at_phone_width(&phone, &base).await }
    })
    .await;
    phone.close().await.unwrap();
    if let Err(panic) = phone_result {
        std::panic::resume_unwind(panic.into_panic());
    }
    let _ = stop.send(());
}

/// The results of the four example profiles (`examples/profiles/`), as a person reads them at
/// desktop and phone widths: checked with axe-core, no sideways scroll, and saved as
/// screenshots of the whole page for review.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_four_example_profiles_results_at_desktop_and_phone_widths() {
    use base64::Engine as _;
    let driver = Driver::start();
    let (address, stop, _stored) = start_server().await;
    let base = format!("http://{address}");
    for width in [None, Some(390)] {
        let profile_folder = tempfile::tempdir().unwrap();
        let client = browser(&driver, &profile_folder, width).await;
        let outcome = tokio::spawn({
            let client = client.clone();
            let base = base.clone();
            async move {
                for name in ["us-md-senior", "us-do-senior", "us-img", "non-us-img"] {
                    let file = std::fs::read_to_string(format!(
                        "{}/../../examples/profiles/{name}.toml",
                        env!("CARGO_MANIFEST_DIR")
                    ))
                    .unwrap();
                    let input: smart_pick::ProfileInput = toml::from_str(&file).unwrap();
                    let blob = base64::engine::general_purpose::URL_SAFE_NO_PAD
                        .encode(serde_json::to_vec(&input).unwrap());
                    client.goto(&format!("{base}/pick")).await.unwrap();
                    let old = client.find(Locator::Css("html")).await.unwrap();
                    // The results page is what a posted profile answers; post it as the
                    // results page's own re-sort form does.
                    client
                        .execute(
                            "const form = document.createElement('form');
                             form.method = 'post'; form.action = '/pick/results';
                             const field = document.createElement('input');
                             field.type = 'hidden'; field.name = 'profile'; field.value = arguments[0];
                             form.appendChild(field); document.body.appendChild(form); form.submit();",
                            vec![json!(blob)],
                        )
                        .await
                        .unwrap();
                    wait_for_new_page(&client, old).await;
                    assert!(text(&client, "#p-match").await.ends_with('%'), "{name}");
                    let overflow = client
                        .execute(
                            "return document.documentElement.scrollWidth - window.innerWidth;",
                            vec![],
                        )
                        .await
                        .unwrap();
                    assert!(overflow.as_i64().unwrap() <= 0, "{name} scrolls sideways");
                    let label = match width {
                        Some(w) => format!("example-{name}-{w}"),
                        None => format!("example-{name}-1280"),
                    };
                    accessible(&client, &label).await;
                    full_page_screenshot(&client, &label).await;
                    if width.is_none() {
                        // Printed on US Letter, the list takes about a page per 15 programs,
                        // after a page of the headline, chart, signals and plan; the programs
                        // left out are summarized, not listed.
                        let rows = client
                            .find_all(Locator::Css("#pick-list tbody tr"))
                            .await
                            .unwrap()
                            .len();
                        click_and_wait(
                            &client,
                            client.find(Locator::Id("print-view")).await.unwrap(),
                        )
                        .await;
                        let pdf = client
                            .print(
                                fantoccini::wd::PrintConfiguration::builder()
                                    .size(fantoccini::wd::PrintSize::US_LETTER)
                                    .build()
                                    .unwrap(),
                            )
                            .await
                            .unwrap();
                        let pages = pdf_pages(&pdf);
                        let allowed = 2 + rows.div_ceil(15);
                        assert!(pages <= allowed, "{name}: {rows} programs on {pages} pages");
                    }
                }
            }
        })
        .await;
        client.close().await.unwrap();
        if let Err(panic) = outcome {
            std::panic::resume_unwind(panic.into_panic());
        }
    }
    let _ = stop.send(());
}

/// A screenshot of the whole page, not only the window: the window is stretched to the page's
/// height for it (up to 16,000 px), then set back. A phone's emulated screen cannot stretch, so
/// there the page is saved a screen at a time (`name-1`, `name-2`, …, at most 12).
async fn full_page_screenshot(client: &Client, name: &str) {
    let page_height = client
        .execute("return document.documentElement.scrollHeight;", vec![])
        .await
        .unwrap()
        .as_u64()
        .unwrap()
        .min(16_000) as u32;
    let (width, height) = client.get_window_size().await.unwrap();
    let (width, height) = (width as u32, height as u32);
    client
        .set_window_size(width, page_height + 200)
        .await
        .unwrap();
    let inner = client
        .execute("return window.innerHeight;", vec![])
        .await
        .unwrap()
        .as_u64()
        .unwrap() as u32;
    if inner >= page_height {
        let png = client.screenshot().await.unwrap();
        assert!(png.starts_with(b"\x89PNG"), "{name} is a PNG");
        std::fs::write(screenshot_folder().join(format!("{name}.png")), png).unwrap();
    } else {
        for part in 0..page_height.div_ceil(inner.max(1)).min(12) {
            client
                .execute(&format!("window.scrollTo(0, {});", part * inner), vec![])
                .await
                .unwrap();
            let png = client.screenshot().await.unwrap();
            std::fs::write(
                screenshot_folder().join(format!("{name}-{}.png", part + 1)),
                png,
            )
            .unwrap();
        }
        client
            .execute("window.scrollTo(0, 0);", vec![])
            .await
            .unwrap();
    }
    client.set_window_size(width, height).await.unwrap();
}

/// The number of pages of a PDF (its page objects).
fn pdf_pages(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    text.matches("/Type /Page").count() - text.matches("/Type /Pages").count()
}
