//! Smart Pick through the router, in-process: the form, its errors beside their fields, the
//! results, sorting and filtering, the CSV, the print view, the shared link, editing, and the
//! JSON endpoints with their 422 answers.

mod support;

use axum::http::StatusCode;
use serde_json::json;
use support::{TestApp, hidden_profile};

/// The default form's fields, as a browser submits them.
fn default_form() -> Vec<(&'static str, &'static str)> {
    vec![
        ("applicant_type", "non_us_img"),
        ("graduation_year", "2023"),
        ("match_year", "2026"),
        ("visa", "j1"),
        ("ecfmg", "pending"),
        ("step1", "passed"),
        ("step1_attempts", "1"),
        ("step2_score", "240"),
        ("step2_attempts", "1"),
        ("step3", ""),
        ("step3_attempts", ""),
        ("comlex_score", ""),
        ("comlex_attempts", ""),
        ("usce_kind_1", "hands_on"),
        ("usce_months_1", "3"),
        ("usce_year_1", "2025"),
        ("usce_specialty_1", "140"),
        ("usce_letter_1", "yes"),
        ("usce_kind_2", ""),
        ("usce_months_2", ""),
        ("usce_year_2", ""),
        ("usce_specialty_2", ""),
        ("usce_kind_3", ""),
        ("usce_months_3", ""),
        ("usce_year_3", ""),
        ("usce_specialty_3", ""),
        ("publications", "1"),
        ("abstracts", "0"),
        ("presentations", "0"),
        ("specialty_1", "140"),
        ("specialty_2", ""),
        ("specialty_3", ""),
        ("pref_states", ""),
        ("ties", ""),
        ("other_weight", ""),
        ("applications", "80"),
        ("dollars", ""),
        ("signals_gold", ""),
        ("signals_silver", ""),
    ]
}

fn with(
    form: &[(&'static str, &'static str)],
    key: &str,
    value: &'static str,
) -> Vec<(&'static str, &'static str)> {
    form.iter()
        .map(|(k, v)| if *k == key { (*k, value) } else { (*k, *v) })
        .collect()
}

#[tokio::test]
async fn the_form_groups_every_field_with_defaults() {
    let response = TestApp::demo().get("/pick").await;
    assert_eq!(response.status, StatusCode::OK);
    for legend in [
        "<legend>You</legend>",
        "<legend>Exams</legend>",
        "<legend>US clinical experience</legend>",
        "<legend>Research</legend>",
        "<legend>Preferences</legend>",
        "<legend>Budget</legend>",
    ] {
        assert!(response.body.contains(legend), "{legend}");
    }
    for field in [
        "applicant_type",
        "graduation_year",
        "visa",
        "ecfmg",
        "caribbean_school",
        "step1",
        "step2_score",
        "step3",
        "comlex_score",
        "usce_kind_1",
        "usce_months_1",
        "usce_letter_1",
        "publications",
        "specialty_1",
        "specialty_2",
        "pref_states",
        "ties",
        "other_weight",
        "only_preferred",
        "include_preliminary",
        "applications",
        "dollars",
        "signals_gold",
    ] {
        assert!(
            response.body.contains(&format!("for=\"{field}\"")),
            "{field} has a label"
        );
    }
    // A new form answers nothing for the applicant: no score, no visa, no ECFMG status.
    assert!(
        !response.body.contains("value=\"240\""),
        "no score typed in"
    );
    for field in ["applicant_type", "visa", "ecfmg"] {
        let select = response
            .body
            .split(&format!("id=\"{field}\""))
            .nth(1)
            .unwrap();
        let first = select.split("</option>").next().unwrap();
        assert!(
            first.contains("<option value=\"\" selected>Choose"),
            "{field} starts unchosen: {first}"
        );
    }
    assert!(
        response.body.contains("id=\"ecfmg-help\"") && response.body.contains("id=\"visa-help\""),
        "the choices that change the result say how"
    );
    assert!(response.body.contains("<title>Smart Pick: your profile"));
}

#[tokio::test]
async fn an_empty_form_lists_every_missing_answer_in_a_summary_linked_to_its_field() {
    let app = TestApp::demo();
    let response = app
        .post_form(
            "/pick",
            &[("applicant_type", "non_us_img"), ("step2_score", "2x0")],
        )
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = &response.body;
    assert!(
        body.contains("<title>Error: Smart Pick: your profile"),
        "the title says so"
    );
    let summary = body.split("class=\"error-summary\"").nth(1).unwrap();
    let summary = summary.split("</div>").next().unwrap();
    assert!(
        summary.contains("autofocus"),
        "focus moves to the summary: {summary}"
    );
    assert!(
        summary.contains("There is a problem with 4 answers"),
        "{summary}"
    );
    for (field, label) in [
        ("step2_score", "Step 2 CK score"),
        ("specialty_1", "Specialty"),
        ("ecfmg", "ECFMG certification"),
        ("visa", "Visa"),
    ] {
        assert!(
            summary.contains(&format!("<a href=\"#{field}\">{label}: ")),
            "{field} linked from the summary: {summary}"
        );
        assert!(
            body.contains(&format!("id=\"{field}-error\"")),
            "{field} beside its field"
        );
        assert!(
            body.contains(&format!("id=\"{field}\"")),
            "{field}'s anchor exists"
        );
    }
}

#[tokio::test]
async fn a_submitted_profile_gets_results() {
    let app = TestApp::demo();
    let response = app.post_form("/pick", &default_form()).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    assert_eq!(response.headers["cache-control"], "no-store");
    let body = &response.body;
    assert!(body.contains("Chance of matching: <span id=\"p-match\">"));
    assert!(body.contains("id=\"uncertainty\""));
    assert!(body.contains("<svg viewBox"), "the chart");
    assert!(body.contains("<polyline"));
    assert!(body.contains("id=\"pick-list\""));
    assert!(body.matches("<tr class=\"tier-").count() > 10);
    assert!(body.contains("Where to signal"));
    assert!(body.contains("What would help most"));
    assert!(body.contains("Programs that cannot consider you"));
    assert!(
        !body.contains("/pick/shared"),
        "a site without a store offers no shared link"
    );
    assert!(body.contains("action=\"/pick/export.csv\""));
    assert!(
        body.contains("id=\"diminishing-returns\""),
        "the point said apart"
    );
    assert!(
        body.contains("id=\"typical-comparison\""),
        "the typical-list baseline"
    );
    assert!(
        body.contains("id=\"chart-signals-note\""),
        "the chart says it leaves signals out, unlike the headline"
    );
    // Excluded programs are counted by reason before they are listed.
    let reasons = body.split("id=\"excluded-reasons\">").nth(1).unwrap();
    let reasons = reasons.split("</ul>").next().unwrap();
    assert!(reasons.matches("<li>").count() >= 1, "{reasons}");
}

#[tokio::test]
async fn the_list_stops_at_diminishing_returns_when_asked_and_the_form_keeps_the_choice() {
    let app = TestApp::demo();
    let strong = with(
        &with(&default_form(), "applicant_type", "us_md_senior"),
        "step2_score",
        "258",
    );
    let strong = with(&with(&strong, "visa", ""), "ecfmg", "");
    let strong = with(&strong, "graduation_year", "2026");
    let filled = app.post_form("/pick", &strong).await;
    assert_eq!(filled.status, StatusCode::OK, "{}", filled.body);
    let rows = |body: &str| body.matches("<tr class=\"tier-").count();
    assert_eq!(rows(&filled.body), 80, "the budget is filled");
    assert!(filled.body.contains("the most sought-after programs"));

    let mut asked = strong.clone();
    asked.push(("diminishing_returns", "yes"));
    let stopped = app.post_form("/pick", &asked).await;
    assert_eq!(stopped.status, StatusCode::OK, "{}", stopped.body);
    assert!(rows(&stopped.body) < 80, "{}", rows(&stopped.body));
    let edit = app
        .post_form("/pick/edit", &[("profile", &hidden_profile(&stopped.body))])
        .await;
    assert!(
        edit.body
            .contains("name=\"diminishing_returns\" value=\"yes\" aria-describedby=\"diminishing_returns-help\" checked"),
        "the choice is kept"
    );
}

#[tokio::test]
async fn errors_show_beside_their_fields_and_keep_what_was_typed() {
    let app = TestApp::demo();
    let typo = with(&default_form(), "step2_score", "two forty");
    let response = app.post_form("/pick", &typo).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.body.contains("id=\"step2_score-error\""));
    assert!(response.body.contains("value=\"two forty\""));
    assert!(
        response.body.contains("value=\"2023\""),
        "other fields stay"
    );

    let out_of_range = with(&default_form(), "step2_score", "120");
    let response = app.post_form("/pick", &out_of_range).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        response.body.contains("id=\"step2_score-error\""),
        "{}",
        response.body
    );
    assert!(response.body.contains("outside the Step 2 CK scale"));

    let months = with(&default_form(), "usce_months_1", "0");
    let response = app.post_form("/pick", &months).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.body.contains("id=\"usce_months_1-error\""));

    let no_specialty = with(&default_form(), "specialty_1", "");
    let response = app.post_form("/pick", &no_specialty).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.body.contains("id=\"specialty_1-error\""));

    let several = with(
        &with(&out_of_range, "usce_months_1", "0"),
        "graduation_year",
        "2030",
    );
    let response = app.post_form("/pick", &several).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["step2_score", "usce_months_1", "graduation_year"] {
        assert!(
            response.body.contains(&format!("id=\"{field}-error\"")),
            "every bad field is shown at once: {field}"
        );
    }

    let unknown_visa = with(&default_form(), "visa", "f1");
    let response = app.post_form("/pick", &unknown_visa).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.body.contains("id=\"visa-error\""));
    assert!(
        response.body.contains("No visa needed"),
        "the engine's labels"
    );
}

#[tokio::test]
async fn results_sort_filter_export_print_and_edit() {
    let app = TestApp::demo();
    let results = app.post_form("/pick", &default_form()).await;
    let profile = hidden_profile(&results.body);

    let likely = app
        .post_form(
            "/pick/results",
            &[("profile", &profile), ("sort", "name"), ("tier", "reach")],
        )
        .await;
    assert_eq!(likely.status, StatusCode::OK);
    assert!(!likely.body.contains("<tr class=\"tier-likely\""));
    assert!(!likely.body.contains("<tr class=\"tier-target\""));
    assert!(likely.body.contains("<option value=\"name\" selected>"));

    let csv = app
        .post_form("/pick/export.csv", &[("profile", &profile)])
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.content_type().starts_with("text/csv"));
    assert!(
        csv.headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    let mut lines = csv.body.lines();
    assert!(lines.next().unwrap().starts_with("rank,nrmp_track"));
    assert_eq!(
        csv.body.lines().count() - 1,
        results.body.matches("<tr class=\"tier-").count()
    );

    let print = app.post_form("/pick/print", &[("profile", &profile)]).await;
    assert_eq!(print.status, StatusCode::OK);
    assert!(print.body.contains("laid out for printing"));
    assert!(!print.body.contains("id=\"download-csv\""));

    let edit = app.post_form("/pick/edit", &[("profile", &profile)]).await;
    assert_eq!(edit.status, StatusCode::OK);
    assert!(
        edit.body.contains("value=\"80\""),
        "the budget typed before"
    );

    // Reopened without the form (bookmarked, or back after printing): a page that says
    // results are not kept and offers to start again, not a bare 405.
    for path in [
        "/pick/results",
        "/pick/print",
        "/pick/export.csv",
        "/pick/edit",
    ] {
        let reopened = app.get(path).await;
        assert_eq!(reopened.status, StatusCode::OK, "{path}");
        assert!(
            reopened.body.contains("Your results are not kept")
                && reopened.body.contains("href=\"/pick\""),
            "{path}: {}",
            reopened.body
        );
    }

    let broken = app
        .post_form("/pick/results", &[("profile", "garbage")])
        .await;
    assert_eq!(broken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(broken.body.contains("cannot be read"));
}

fn api_profile() -> serde_json::Value {
    json!({
        "applicant_type": "us_img",
        "graduation_year": 2024,
        "exams": { "step1": { "passed": true }, "step2_ck": { "score": 235 } },
        "usce": [{ "kind": "hands_on", "months": 4 }],
        "specialties": ["Family Medicine"],
        "budget": { "applications": 60 }
    })
}

#[tokio::test]
async fn the_pick_api_answers_a_profile() {
    let response = TestApp::demo()
        .post_json("/api/v1/pick", &api_profile())
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let body = response.json();
    let p = body["pick"]["p_match"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&p));
    assert!(body["pick"]["list"].as_array().unwrap().len() <= 60);
    assert!(body["pick"]["curve"].as_array().unwrap().len() > 10);
    assert!(body["plan"].is_array());
    assert_eq!(body["model"]["fictional"], true);
    assert!(
        body.get("chances").is_none(),
        "every track's chances only on request"
    );
    assert!(body["pick"]["typical"]["p_match"].is_number());
    assert!(body["pick"]["enough_applications"].is_number());
}

#[tokio::test]
async fn the_pick_api_lists_every_eligible_tracks_chances_on_request() {
    let app = TestApp::demo();
    let response = app
        .post_json("/api/v1/pick?plan=false&chances=true", &api_profile())
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let body = response.json();
    let chances = body["chances"].as_array().unwrap();
    let listed = body["pick"]["list"].as_array().unwrap();
    assert!(
        chances.len() > listed.len(),
        "{} {}",
        chances.len(),
        listed.len()
    );
    assert_eq!(
        chances.len() as u64,
        body["pick"]["eligible"].as_u64().unwrap()
    );
    for chance in chances {
        let (i, m) = (
            chance["p_interview"].as_f64().unwrap(),
            chance["p_match"].as_f64().unwrap(),
        );
        assert!((0.0..=1.0).contains(&i) && m <= i + 1e-9, "{chance}");
        assert!(chance["factors"].is_array());
    }
    assert!(
        chances
            .iter()
            .any(|c| !c["factors"].as_array().unwrap().is_empty())
    );

    let response = app
        .post_json("/api/v1/pick?chances=maybe", &api_profile())
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(response.json()["errors"][0]["path"], "chances");
}

#[tokio::test]
async fn the_pick_api_names_bad_fields() {
    let app = TestApp::demo();
    let mut bad = api_profile();
    bad["exams"]["step2_ck"]["score"] = json!(400);
    let response = app.post_json("/api/v1/pick", &bad).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(response.json()["errors"][0]["path"], "exams.step2_ck.score");

    let mut several = api_profile();
    several["exams"]["step2_ck"]["score"] = json!(400);
    several["budget"] = json!({ "applications": 0 });
    several["specialties"] = json!(["nonsense"]);
    let response = app.post_json("/api/v1/pick", &several).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    let paths: Vec<String> = response.json()["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        paths,
        [
            "exams.step2_ck.score",
            "specialties[0]",
            "budget.applications"
        ]
    );

    let mut kind = api_profile();
    kind["usce"][0]["kind"] = json!("shadowing");
    let response = app.post_json("/api/v1/pick", &kind).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(response.json()["errors"][0]["path"], "usce[0].kind");
    assert!(response.body.contains("hands_on"), "{}", response.body);

    let mut typed = api_profile();
    typed["usce"][0]["months"] = json!("four");
    let response = app.post_json("/api/v1/pick", &typed).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(response.json()["errors"][0]["path"], "usce[0].months");

    let mut unknown = api_profile();
    unknown["favourite_colour"] = json!("blue");
    let response = app.post_json("/api/v1/pick", &unknown).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.body.contains("favourite_colour"));
}

#[tokio::test]
async fn the_rank_list_check_weighs_a_list() {
    let app = TestApp::demo();
    let tracks: Vec<String> = support::DEMO
        .tracks
        .iter()
        .filter(|t| t.specialty.as_str() == "120")
        .take(5)
        .map(|t| t.code.to_string())
        .collect();
    let response = app
        .post_json(
            "/api/v1/rank-list-check",
            &json!({ "profile": api_profile(), "rank": tracks }),
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let body = response.json();
    assert_eq!(body["check"]["ranks"].as_array().unwrap().len(), 5);
    let bad = app
        .post_json(
            "/api/v1/rank-list-check",
            &json!({ "profile": api_profile(), "rank": ["not-a-code"] }),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.json()["errors"][0]["path"], "rank[0]");
}

#[tokio::test]
async fn the_improvement_plan_can_be_left_out() {
    let app = TestApp::demo();
    let fast = app
        .post_json("/api/v1/pick?plan=false", &api_profile())
        .await;
    assert_eq!(fast.status, StatusCode::OK);
    assert_eq!(fast.json()["plan"], json!([]));
    let bad = app
        .post_json("/api/v1/pick?plan=maybe", &api_profile())
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.json()["errors"][0]["path"], "plan");
}

#[tokio::test]
async fn a_program_page_leads_to_the_applicants_chances_there() {
    let app = TestApp::demo();
    let id = &support::demo_program_ids("140", 1)[0];
    let program = app.get(&format!("/programs/{id}")).await;
    assert!(
        program
            .body
            .contains(&format!("href=\"/pick?program={id}\""))
    );
    let form = app.get(&format!("/pick?program={id}")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("id=\"focus-note\""));
    assert!(
        form.body
            .contains(&format!("name=\"program\" value=\"{id}\""))
    );
    let specialty = form.body.split("id=\"specialty_1\"").nth(1).unwrap();
    assert!(
        specialty
            .split("</select>")
            .next()
            .unwrap()
            .contains("<option value=\"140\" selected>")
    );

    let mut profile = default_form();
    profile.push(("program", id.as_str()));
    let results = app.post_form("/pick", &profile).await;
    assert_eq!(results.status, StatusCode::OK, "{}", results.body);
    let focus = results
        .body
        .split("id=\"focus\"")
        .nth(1)
        .expect("the program's chances come first");
    let focus = focus.split("</section>").next().unwrap();
    assert!(
        focus.contains("data-label=\"Interview\"") || focus.contains("cannot consider you"),
        "{focus}"
    );
    // Re-sorting keeps it.
    assert!(results.body.contains(&format!(
        "<input type=\"hidden\" name=\"program\" value=\"{id}\">"
    )));

    // A program outside the profile's specialties says so.
    let other = &support::demo_program_ids("120", 1)[0];
    let mut profile = default_form();
    profile.push(("program", other.as_str()));
    let results = app.post_form("/pick", &profile).await;
    assert!(
        results
            .body
            .contains("Smart Pick looked only at the specialties you chose")
    );
}

#[tokio::test]
async fn the_rank_list_page_checks_the_order_typed_and_names_every_bad_rank() {
    let app = TestApp::demo();
    let results = app.post_form("/pick", &default_form()).await;
    assert!(results.body.contains("action=\"/pick/rank-list\""));
    let profile = hidden_profile(&results.body);
    let form = app
        .post_form("/pick/rank-list", &[("profile", &profile)])
        .await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let codes: Vec<String> = form
        .body
        .split("name=\"rank_")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_owned())
        .collect();
    assert!(
        codes.len() >= 3,
        "the list's programs are offered: {}",
        codes.len()
    );
    assert!(!form.body.contains("id=\"rank-result\""));

    let first = format!("rank_{}", codes[0]);
    let second = format!("rank_{}", codes[1]);
    let third = format!("rank_{}", codes[2]);
    let checked = app
        .post_form(
            "/pick/rank-list",
            &[
                ("profile", profile.as_str()),
                (first.as_str(), "2"),
                (second.as_str(), "1"),
                ("action", "check"),
            ],
        )
        .await;
    assert_eq!(checked.status, StatusCode::OK, "{}", checked.body);
    let outcome = checked.body.split("id=\"rank-outcomes\"").nth(1).unwrap();
    let outcome = outcome.split("</table>").next().unwrap();
    let ranked: Vec<&str> = outcome
        .split("<span class=\"muted\">")
        .skip(1)
        .map(|rest| rest.split('<').next().unwrap())
        .collect();
    assert_eq!(
        ranked,
        [codes[1].as_str(), codes[0].as_str()],
        "ranked by the numbers typed"
    );
    let chance = checked.body.split("id=\"rank-p-match\">").nth(1).unwrap();
    assert!(chance.split('<').next().unwrap().ends_with('%'));
    assert!(checked.body.contains("value=\"2\""), "the numbers stay");

    let bad = app
        .post_form(
            "/pick/rank-list",
            &[
                ("profile", profile.as_str()),
                (first.as_str(), "1"),
                (second.as_str(), "1"),
                (third.as_str(), "first"),
                ("others", "zzzz no such program"),
                ("action", "check"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in [second.as_str(), third.as_str(), "others"] {
        assert!(
            bad.body.contains(&format!("href=\"#{field}\"")),
            "{field} in the summary"
        );
        assert!(
            bad.body.contains(&format!("id=\"{field}-error\"")),
            "{field} beside its field"
        );
    }
    let empty = app
        .post_form(
            "/pick/rank-list",
            &[("profile", profile.as_str()), ("action", "check")],
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let reopened = app.get("/pick/rank-list").await;
    assert_eq!(reopened.status, StatusCode::OK);
    assert!(reopened.body.contains("not kept"));
}

#[tokio::test]
async fn results_show_the_eligible_programs_left_off_the_list_and_find_any_program() {
    let app = TestApp::demo();
    let short = with(&default_form(), "applications", "5");
    let results = app.post_form("/pick", &short).await;
    assert_eq!(results.status, StatusCode::OK, "{}", results.body);
    let left_out = results.body.split("id=\"left-out\"").nth(1).unwrap();
    let left_out = left_out.split("</section>").next().unwrap();
    assert!(
        left_out.contains("your budget went to programs that add more to your chance"),
        "a budget of 5 leaves programs out for the budget"
    );
    let rows = left_out.matches("<tr><th scope=\"row\">").count();
    assert!(rows > 10, "{rows}");

    // Finding a program by words, then choosing it, shows the chances there first.
    let profile = hidden_profile(&results.body);
    let id = &support::demo_program_ids("140", 1)[0];
    let program = app.get(&format!("/programs/{id}")).await;
    let name = program
        .body
        .split("<h1>")
        .nth(1)
        .unwrap()
        .split("</h1>")
        .next()
        .unwrap();
    let found = app
        .post_form(
            "/pick/results",
            &[("profile", profile.as_str()), ("find", name)],
        )
        .await;
    assert_eq!(found.status, StatusCode::OK);
    assert!(
        found
            .body
            .contains(&format!("name=\"program\" value=\"{id}\"")),
        "{name}"
    );
    let chosen = app
        .post_form(
            "/pick/results",
            &[("profile", profile.as_str()), ("program", id.as_str())],
        )
        .await;
    assert!(chosen.body.contains("id=\"focus\""));
    let none = app
        .post_form(
            "/pick/results",
            &[("profile", profile.as_str()), ("find", "zzqqxx")],
        )
        .await;
    assert!(none.body.contains("id=\"found-none\""));
}

#[tokio::test]
async fn a_programs_tracks_are_grouped_in_the_list() {
    let app = TestApp::demo();
    let strong = with(
        &with(
            &with(&default_form(), "applicant_type", "us_md_senior"),
            "visa",
            "",
        ),
        "ecfmg",
        "",
    );
    let strong = with(
        &with(&strong, "graduation_year", "2026"),
        "step2_score",
        "243",
    );
    let results = app.post_form("/pick", &strong).await;
    assert_eq!(results.status, StatusCode::OK, "{}", results.body);
    let list = results.body.split("id=\"pick-list\"").nth(1).unwrap();
    let list = list.split("</table>").next().unwrap();
    let mut seen: Vec<String> = Vec::new();
    let mut continued = 0;
    for row in list.split("<tr class=\"tier-").skip(1) {
        let head = row.split('>').next().unwrap();
        if head.contains("continued") {
            continued += 1;
            assert!(!seen.is_empty(), "a continued track follows its program");
            assert!(row.contains("Same program, another track"));
            continue;
        }
        let program = row
            .split("href=\"/programs/")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_owned();
        assert!(
            !seen.contains(&program),
            "{program} is shown once, its tracks under it"
        );
        seen.push(program);
    }
    assert!(continued >= 1, "this list holds a program with two tracks");
}
