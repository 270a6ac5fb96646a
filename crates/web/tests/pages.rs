//! Every page through the router, in-process: what it shows, and how it answers bad input.

mod support;

use axum::http::StatusCode;
use support::{DEMO, TestApp, demo_program_ids};

fn assert_page(response: &support::TestResponse, status: StatusCode) {
    assert_eq!(response.status, status, "{}", response.body);
    assert!(
        response.content_type().starts_with("text/html"),
        "{}",
        response.content_type()
    );
    assert!(response.body.contains("<main id=\"main\""));
    assert!(response.body.contains("href=\"#main\""), "skip link");
}

#[tokio::test]
async fn home_says_what_the_site_does_and_that_the_demo_is_fictional() {
    let app = TestApp::demo();
    let response = app.get("/").await;
    assert_page(&response, StatusCode::OK);
    assert!(response.body.contains("href=\"/pick\""), "start button");
    for tool in [
        "/programs",
        "/compare",
        "/fees",
        "/resources",
        "/methodology",
    ] {
        assert!(
            response.body.contains(&format!("<dt><a href=\"{tool}\">")),
            "{tool}"
        );
    }
    assert!(response.body.contains("Fictional demo catalog"));
    assert!(response.body.contains("International medical graduates"));
    let csp = response.headers["content-security-policy"]
        .to_str()
        .unwrap();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
    assert_eq!(response.headers["x-content-type-options"], "nosniff");
    assert!(!response.body.contains("<script"), "no script on any page");
    assert!(!response.body.contains("style="), "no inline style");
}

#[tokio::test]
async fn a_real_catalog_has_no_demo_notice() {
    let mut catalog = DEMO.clone();
    catalog.meta.fictional = false;
    catalog.meta.label = "Imported catalog".to_owned();
    let response = TestApp::with_catalog(catalog).get("/").await;
    assert_page(&response, StatusCode::OK);
    assert!(!response.body.contains("Fictional demo catalog"));
}

#[tokio::test]
async fn explorer_lists_a_page_of_programs_with_links() {
    let app = TestApp::demo();
    let response = app.get("/programs").await;
    assert_page(&response, StatusCode::OK);
    assert_eq!(response.body.matches("name=\"ids\"").count(), 25);
    assert!(response.body.contains("id=\"next-page\""));
    assert!(!response.body.contains("id=\"previous-page\""));
    assert!(response.body.contains("Page 1 of"));
}

#[tokio::test]
async fn explorer_filters_combine_and_pagination_keeps_them() {
    let app = TestApp::demo();
    let response = app
        .get("/programs?specialty=internal+medicine&region=northeast&visa=j1&per_page=10&page=2")
        .await;
    assert_page(&response, StatusCode::OK);
    assert!(response.body.contains("Page 2 of"));
    assert!(
        response
            .body
            .contains("href=\"/programs?specialty=internal+medicine&#38;region=northeast&#38;visa=j1&#38;per_page=10&#38;page=1\""),
        "the previous link keeps the filters"
    );
    assert!(
        response.body.contains("<option value=\"140\" selected>"),
        "a specialty typed by name selects its option"
    );
    let rows = response
        .body
        .matches("<td data-label=\"Specialty\">Internal Medicine</td>")
        .count();
    assert_eq!(rows, 10);
}

#[tokio::test]
async fn explorer_shows_errors_beside_their_fields_and_keeps_what_was_typed() {
    let app = TestApp::demo();
    let response = app
        .get("/programs?min_img_share=lots&state=XX&text=river")
        .await;
    assert_page(&response, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.body.contains("id=\"min_img_share-error\""));
    assert!(response.body.contains("a percentage from 0 to 100"));
    assert!(response.body.contains("id=\"state-error\""));
    assert!(
        response.body.contains("value=\"lots\""),
        "the typed value stays"
    );
    assert!(response.body.contains("value=\"river\""));
    assert!(response.body.contains("aria-invalid=\"true\""));
}

#[tokio::test]
async fn explorer_sorts_by_img_share_positions_name_and_state() {
    let app = TestApp::demo();
    let column = |body: &str, class: &str| -> Vec<String> {
        body.split("<tbody>")
            .nth(1)
            .unwrap()
            .split("<tr>")
            .skip(1)
            .map(|row| {
                let cell = row.split(&format!("<td class=\"{class}\"")).nth(1).unwrap();
                let cell = cell.split_once('>').unwrap().1;
                cell.split("</td>").next().unwrap().to_owned()
            })
            .collect()
    };
    let number = |text: &str| -> f64 {
        let digits: String = text
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        digits.parse().unwrap_or(-1.0)
    };
    let by_img = app
        .get("/programs?specialty=140&sort=img_share&per_page=50")
        .await;
    assert_page(&by_img, StatusCode::OK);
    assert!(
        by_img
            .body
            .contains("<option value=\"img_share\" selected>")
    );
    let shares: Vec<f64> = column(&by_img.body, "num img")
        .iter()
        .map(|t| number(t))
        .collect();
    assert_eq!(shares.len(), 50);
    assert!(shares.windows(2).all(|w| w[0] >= w[1]), "{shares:?}");
    let by_size = app.get("/programs?sort=positions&per_page=50").await;
    let sizes: Vec<f64> = column(&by_size.body, "num positions")
        .iter()
        .map(|t| number(t))
        .collect();
    assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "{sizes:?}");
    let by_name = app.get("/programs?sort=name&per_page=50").await;
    let names: Vec<String> = by_name
        .body
        .split("<th scope=\"row\"><a href=\"/programs/")
        .skip(1)
        .map(|row| {
            row.split('>')
                .nth(1)
                .unwrap()
                .split('<')
                .next()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert!(names.windows(2).all(|w| w[0] <= w[1]), "{names:?}");
    let bad = app.get("/programs?sort=fame").await;
    assert_page(&bad, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("id=\"sort-error\""));
    let api = app
        .get("/api/v1/programs?sort=img_share&specialty=140")
        .await;
    assert_eq!(api.status, StatusCode::OK);
    let bad_api = app.get("/api/v1/programs?sort=fame").await;
    assert_eq!(bad_api.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn explorer_says_when_nothing_matches() {
    let response = TestApp::demo().get("/programs?text=zzzqqq").await;
    assert_page(&response, StatusCode::OK);
    assert!(response.body.contains("0 programs found"));
}

#[tokio::test]
async fn program_page_shows_every_fact_with_source_and_date() {
    let app = TestApp::demo();
    let id = &demo_program_ids("140", 1)[0];
    let program = DEMO
        .programs
        .iter()
        .find(|p| &p.id.to_string() == id)
        .unwrap();
    let response = app.get(&format!("/programs/{id}")).await;
    assert_page(&response, StatusCode::OK);
    assert!(response.body.contains(&program.name.replace('&', "&amp;")));
    for label in [
        "Institution",
        "First-year positions",
        "Sponsors J-1 visas",
        "Minimum Step 2 CK score",
        "US clinical experience",
    ] {
        assert!(response.body.contains(label), "{label}");
    }
    let source = program.sponsors_j1.source.to_string();
    assert!(response.body.contains(&format!("<code>{source}</code>")));
    assert!(
        response
            .body
            .contains(&program.sponsors_j1.as_of.to_string())
    );
    assert!(response.body.contains("NRMP tracks"));
}

#[tokio::test]
async fn unknown_values_are_shown_as_unknown() {
    let mut catalog = DEMO.clone();
    let id = catalog.programs[0].id.to_string();
    let before = TestApp::with_catalog(catalog.clone())
        .get(&format!("/programs/{id}"))
        .await;
    let program = &mut catalog.programs[0];
    program.sponsors_h1b.value = None;
    program.requirements.min_step2_score.value = None;
    let response = TestApp::with_catalog(catalog)
        .get(&format!("/programs/{id}"))
        .await;
    assert_page(&response, StatusCode::OK);
    assert!(response.body.contains("<td class=\"unknown\">unknown</td>"));
    assert_eq!(
        response.body.matches(">unknown</td>").count(),
        before.body.matches(">unknown</td>").count() + 2
    );
}

#[tokio::test]
async fn missing_programs_and_pages_get_the_friendly_404() {
    let app = TestApp::demo();
    for uri in [
        "/programs/no-such-program",
        "/programs/Not%20An%20Id",
        "/nowhere",
    ] {
        let response = app.get(uri).await;
        assert_page(&response, StatusCode::NOT_FOUND);
        assert!(response.body.contains("Page not found"), "{uri}");
        assert!(response.body.contains("href=\"/programs\""));
    }
}

#[tokio::test]
async fn compare_shows_programs_side_by_side_and_marks_where_they_differ() {
    let app = TestApp::demo();
    let ids = demo_program_ids("120", 3);
    let empty = app.get("/compare").await;
    assert_page(&empty, StatusCode::OK);
    assert!(empty.body.contains("Choose two to four programs"));
    assert!(!empty.body.contains("Program ids"), "no ids to type");
    let response = app
        .get(&format!(
            "/compare?ids={}&ids={}&ids={}",
            ids[0], ids[1], ids[2]
        ))
        .await;
    assert_page(&response, StatusCode::OK);
    for id in &ids {
        assert!(response.body.contains(&format!("href=\"/programs/{id}\"")));
        assert!(
            response
                .body
                .contains(&format!("value=\"{id}\" id=\"choose-{id}\" checked")),
            "the picker keeps {id} ticked"
        );
    }
    assert!(response.body.contains("Sponsors H-1B visas"));
    let marked = response.body.matches("<tr class=\"differs\">").count();
    assert!(marked >= 1, "the names differ at least");
    assert!(
        response
            .body
            .contains(&format!("The {marked} rows where the programs differ")),
        "the count is said"
    );
}

#[tokio::test]
async fn compare_picks_programs_by_ticking_from_a_search_or_from_a_program_page() {
    let app = TestApp::demo();
    let ids = demo_program_ids("120", 2);
    // From a program page: the program ticked, and others like it offered.
    let one = app.get(&format!("/compare?ids={}", ids[0])).await;
    assert_page(&one, StatusCode::OK);
    assert!(
        one.body
            .contains(&format!("id=\"choose-{}\" checked", ids[0]))
    );
    assert!(one.body.contains("id=\"choices-note\""));
    // A search keeps what is ticked and offers what it finds, unticked.
    let program = app.get(&format!("/programs/{}", ids[1])).await;
    let name = program
        .body
        .split("<h1>")
        .nth(1)
        .unwrap()
        .split("</h1>")
        .next()
        .unwrap();
    let word = name.split_whitespace().next().unwrap();
    let found = app
        .get(&format!("/compare?ids={}&q={word}&action=search", ids[0]))
        .await;
    assert_page(&found, StatusCode::OK);
    assert!(
        found
            .body
            .contains(&format!("id=\"choose-{}\" checked", ids[0]))
    );
    assert!(
        found.body.contains("whose name, institution or city holds"),
        "{}",
        found.body
    );
    assert!(found.body.matches("name=\"ids\"").count() >= 2);
    // Searching with two ticked stays in the picker; comparing them compares.
    let searching = app
        .get(&format!(
            "/compare?ids={}&ids={}&action=search&q=a",
            ids[0], ids[1]
        ))
        .await;
    assert!(!searching.body.contains("class=\"comparison\""));
    let compared = app
        .get(&format!(
            "/compare?ids={}&ids={}&action=compare",
            ids[0], ids[1]
        ))
        .await;
    assert!(compared.body.contains("class=\"comparison\""));
}

#[tokio::test]
async fn compare_refuses_too_many_or_unknown_ids() {
    let app = TestApp::demo();
    let ids = demo_program_ids("120", 5);
    let five = app.get(&format!("/compare?ids={}", ids.join(","))).await;
    assert_page(&five, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(five.body.contains("two to 4 different program ids"));
    let unknown = app
        .get(&format!("/compare?ids={},demo-999-9999", ids[0]))
        .await;
    assert_page(&unknown, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.body.contains("id=\"ids-error\""));
    assert!(
        unknown.body.contains("demo-999-9999"),
        "the bad id is named"
    );
}

#[tokio::test]
async fn fee_calculator_prices_each_specialty() {
    let app = TestApp::demo();
    let form = app.get("/fees").await;
    assert_page(&form, StatusCode::OK);
    assert!(form.body.contains("value=\"40\""), "a sensible default");
    let response = app
        .get("/fees?season=2025-2026&programs=40&programs=12&programs=&programs=")
        .await;
    assert_page(&response, StatusCode::OK);
    // 30 × $11 + 10 × $30 = $630, and 12 × $11 = $132.
    assert!(
        response.body.contains("Total: $762 for 52 programs"),
        "{}",
        response.body
    );
    assert!(response.body.contains("$630"));
    // Thousands are separated.
    let large = app.get("/fees?season=2025-2026&programs=120").await;
    assert!(
        large.body.contains("Total: $3,030 for 120 programs"),
        "{}",
        large.body
    );
}

#[tokio::test]
async fn fee_calculator_shows_errors_beside_the_field() {
    let response = TestApp::demo().get("/fees?programs=40&programs=many").await;
    assert_page(&response, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.body.contains("id=\"programs-2-error\""));
    assert!(!response.body.contains("id=\"programs-1-error\""));
    assert!(response.body.contains("value=\"many\""));
}

#[tokio::test]
async fn methodology_shows_the_calibration_table_and_sources() {
    let response = TestApp::demo().get("/methodology").await;
    assert_page(&response, StatusCode::OK);
    for text in [
        "How the model works",
        "id=\"calibration-summary\"",
        "id=\"calibration-targets\"",
        "Held-out error",
        "match rate: US MD senior",
        "Limitations",
        "NRMP Results and Data, 2025",
        // The calibration was fitted on the real programs, and this server serves the demo.
        "so its errors describe that market rather than this one",
        // The committed calibration compares interview yields with applicants' own reports.
        "id=\"calibration-yields\"",
        "Interview yields against applicants",
        "US MD senior</th>",
        "with a gold signal against without",
    ] {
        assert!(response.body.contains(text), "{text}");
    }
    let source = &DEMO.meta.sources[0];
    assert!(response.body.contains(source.id.as_str()));
    assert!(response.body.contains(&source.as_of.to_string()));
    // It opens in plain words: what a percentage means and how far off it has been for each
    // kind of applicant, before any table.
    let opening = response.body.split("id=\"meaning\"").nth(1).unwrap();
    let opening = opening.split("</section>").next().unwrap();
    assert!(
        response.body.find("id=\"meaning\"") < response.body.find("<table"),
        "the plain words come first"
    );
    assert!(opening.contains("percentage\n  points") || opening.contains("percentage points"));
    for who in [
        "US MD senior",
        "US DO senior",
        "US-citizen IMG",
        "Non-US-citizen IMG",
    ] {
        let line = opening.split(&format!("<dt>{who}</dt>")).nth(1).expect(who);
        let line = line.split("</dd>").next().unwrap();
        assert!(line.contains("matched in the 2025 Match"), "{who}: {line}");
        assert!(
            line.contains("reported their Internal Medicine applications"),
            "{who}: {line}"
        );
    }
}

#[tokio::test]
async fn stylesheets_are_served() {
    let app = TestApp::demo();
    for uri in ["/static/site.css", "/static/print.css"] {
        let css = app.get(uri).await;
        assert_eq!(css.status, StatusCode::OK);
        assert!(css.content_type().starts_with("text/css"));
    }
    assert!(app.get("/static/site.css").await.body.contains("@media"));
}

#[tokio::test]
async fn every_navigation_link_answers() {
    let app = TestApp::demo();
    let home = app.get("/").await;
    let links: Vec<&str> = home
        .body
        .split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|href| href.starts_with('/'))
        .collect();
    assert!(links.len() >= 8, "{links:?}");
    for link in links {
        let response = app.get(&link.replace("&#38;", "&")).await;
        assert_eq!(response.status, StatusCode::OK, "{link}");
    }
}

#[tokio::test]
async fn a_track_without_a_known_size_shows_an_estimate_marked_as_such() {
    let mut catalog = DEMO.clone();
    let track = catalog
        .tracks
        .iter_mut()
        .find(|track| track.specialty.as_str() == "140" && track.program.is_some())
        .unwrap();
    track.positions = None;
    let (code, program_id) = (track.code.to_string(), track.program.clone().unwrap());
    let program = catalog
        .programs
        .iter_mut()
        .find(|program| program.id == program_id)
        .unwrap();
    program.first_year_positions.value = None;
    let app = TestApp::with_catalog(catalog);

    let page = app.get(&format!("/programs/{program_id}")).await;
    assert_page(&page, StatusCode::OK);
    assert!(page.body.contains("(estimated)"), "{}", page.body);
    assert!(
        page.body.contains(
            "Positions marked ~ are estimates, not figures from a source: the NRMP 2025 positions"
        ),
        "{}",
        page.body
    );

    let api = app.get(&format!("/api/v1/programs/{program_id}")).await;
    let document = api.json();
    let tracks = document["tracks"].as_array().unwrap();
    let track = tracks.iter().find(|track| track["code"] == code).unwrap();
    assert!(track["positions"].is_null(), "{track}");
    assert!(
        track["estimated_positions"].as_u64().unwrap() > 0,
        "{track}"
    );
    assert!(
        track["estimate_basis"]
            .as_str()
            .unwrap()
            .starts_with("the NRMP 2025 positions of Internal Medicine"),
        "{track}"
    );
    let explorer = app.get("/programs?specialty=140&per_page=100").await;
    assert!(
        explorer.body.contains("(estimated)"),
        "the explorer marks the estimate"
    );
}

#[tokio::test]
async fn a_program_of_unknown_sponsorship_and_mix_shows_its_estimates_and_what_they_rest_on() {
    let mut catalog = DEMO.clone();
    let program = catalog
        .programs
        .iter_mut()
        .find(|program| program.specialty.as_str() == "140")
        .unwrap();
    program.sponsors_j1.value = None;
    program.sponsors_h1b.value = None;
    program.accepts_signals.value = None;
    program.resident_mix.value = None;
    let id = program.id.to_string();
    let known = catalog.programs[1].id.to_string();
    let app = TestApp::with_catalog(catalog);

    let page = app.get(&format!("/programs/{id}")).await;
    assert_page(&page, StatusCode::OK);
    assert!(
        page.body
            .contains("Visa sponsorship the catalog does not state is estimated, not a fact")
            && page.body.contains("an applicant who needs an H-1B: ~")
            && page.body.contains("FREIDA 2025 Internal Medicine programs")
            && page.body.contains("Smart Pick takes it that it does")
            && page
                .body
                .contains("The resident mix is not stated; the model takes it to be about")
            && page.body.contains("found almost only at academic centres"),
        "{}",
        page.body
    );
    let document = app.get(&format!("/api/v1/programs/{id}")).await.json();
    let estimate = &document["program"]["estimated_sponsorship"];
    let h1b = estimate["h1b"].as_f64().unwrap();
    assert!(
        h1b > 0.1 && h1b < estimate["j1_or_h1b"].as_f64().unwrap(),
        "{estimate}"
    );
    assert!(
        estimate["basis"].as_str().unwrap().contains("sponsor"),
        "{estimate}"
    );
    let mix = &document["program"]["estimated_resident_mix"];
    let img = mix["img_pct"].as_f64().unwrap();
    assert!(img > 0.0 && img < 100.0, "{mix}");
    assert!(
        mix["basis"].as_str().unwrap().contains("academic centres"),
        "{mix}"
    );
    assert!(
        document["program"]["resident_mix"]["value"].is_null(),
        "{document}"
    );

    let page = app.get(&format!("/programs/{known}")).await;
    assert!(!page.body.contains("is estimated, not a fact"));
    assert!(!page.body.contains("The resident mix is not stated"));
    let document = app.get(&format!("/api/v1/programs/{known}")).await.json();
    assert!(document["program"]["estimated_sponsorship"].is_null());
    assert!(document["program"]["estimated_resident_mix"].is_null());
}

#[tokio::test]
async fn a_track_with_program_results_shows_its_past_matches_and_their_source() {
    let mut catalog = DEMO.clone();
    let said = catalog::Provenance::new(
        catalog::Source::parse("nrmp-results").unwrap(),
        chrono::NaiveDate::from_ymd_opt(2024, 3, 15).unwrap(),
    );
    let track = catalog
        .tracks
        .iter_mut()
        .find(|track| track.program.is_some())
        .unwrap();
    track.positions = Some(12);
    track.positions_source = Some(said);
    track.fill_history = vec![
        catalog::FillRecord {
            year: 2023,
            quota: 10,
            matched: 10,
        },
        catalog::FillRecord {
            year: 2024,
            quota: 12,
            matched: 11,
        },
    ];
    let (code, program_id) = (track.code.to_string(), track.program.clone().unwrap());
    let app = TestApp::with_catalog(catalog);
    let page = app.get(&format!("/programs/{program_id}")).await;
    assert_page(&page, StatusCode::OK);
    assert!(
        page.body
            .contains("2024: 11 of 12 filled; 2023: 10 of 10 filled")
            && page.body.contains("(nrmp-results, 2024-03-15)"),
        "{}",
        page.body
    );
    let document = app
        .get(&format!("/api/v1/programs/{program_id}"))
        .await
        .json();
    let track = document["tracks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|track| track["code"] == code)
        .unwrap();
    assert_eq!(
        track["positions_source"]["source"], "nrmp-results",
        "{track}"
    );
    assert_eq!(track["fill_history"][1]["matched"], 11, "{track}");

    // Beside the record, how often the model's seasons filled the track, as an estimate.
    let fill = track["model_fill_pct"].as_f64().unwrap();
    assert!((0.0..=100.0).contains(&fill), "{track}");
    let seasons = track["model_seasons"].as_u64().unwrap();
    assert!(seasons > 0, "{track}");
    let said = format!("of {seasons} simulated seasons");
    assert!(
        page.body.contains(&said) && page.body.contains("not a record"),
        "{said}: {}",
        page.body
    );
}
