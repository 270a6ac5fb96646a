//! The JSON API through the router, in-process: shapes, filters, pagination, the OpenAPI
//! document, and 422 answers naming each bad field.

mod support;

use axum::http::StatusCode;
use serde_json::{Value, json};
use support::{TestApp, demo_program_ids};

fn paths(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn programs_are_filtered_and_paginated() {
    let app = TestApp::demo();
    let response = app
        .get("/api/v1/programs?specialty=140&state=NY,NJ&visa=any&per_page=5&page=2")
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    assert!(response.content_type().starts_with("application/json"));
    let body = response.json();
    assert_eq!(body["catalog"]["fictional"], true);
    assert_eq!(body["page"], 2);
    assert_eq!(body["per_page"], 5);
    let total = body["total"].as_u64().unwrap();
    assert!(total > 5, "{total}");
    let programs = body["programs"].as_array().unwrap();
    assert_eq!(programs.len(), 5);
    for program in programs {
        assert_eq!(program["specialty"]["code"], "140");
        let state = program["state"]["value"].as_str().unwrap();
        assert!(state == "NY" || state == "NJ", "{state}");
        let j1 = program["sponsors_j1"]["value"] == true;
        let h1b = program["sponsors_h1b"]["value"] == true;
        assert!(j1 || h1b);
        assert!(program["state"]["source"].is_string());
        assert!(program["state"]["as_of"].is_string());
        assert!(program["requirements"]["min_step2_score"]["source"].is_string());
    }
}

#[tokio::test]
async fn bad_filters_are_answered_with_422_and_every_path() {
    let app = TestApp::demo();
    let response = app
        .get("/api/v1/programs?specialty=999x&min_img_share=150&per_page=0&colour=blue")
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = response.json();
    assert_eq!(body["error"], "invalid_input");
    assert_eq!(
        paths(&body),
        ["colour", "specialty", "min_img_share", "per_page"]
    );
    assert_eq!(body["errors"][2]["expected"], "a percentage from 0 to 100");
    assert_eq!(body["errors"][2]["found"], "150");

    // A name is read whole or by whole words of one name, never by a letter.
    for (text, status) in [
        ("y", StatusCode::UNPROCESSABLE_ENTITY),
        ("transitional", StatusCode::OK),
        ("transitional%20year", StatusCode::OK),
    ] {
        let response = app.get(&format!("/api/v1/programs?specialty={text}")).await;
        assert_eq!(response.status, status, "{text}: {}", response.body);
    }
}

#[tokio::test]
async fn empty_parameters_text_after_a_json_body_and_other_content_types_are_refused() {
    let app = TestApp::demo();
    let response = app
        .get("/api/v1/programs?limit=&page=&min_img_share=&state=NY")
        .await;
    assert_eq!(
        response.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        response.body
    );
    assert_eq!(paths(&response.json()), ["limit", "page", "min_img_share"]);

    let profile = r#"{"applicant_type": "us_md_senior", "graduation_year": 2026, "specialties": ["140"], "exams": {"step2_ck": {"score": 245}}}"#;
    let pick = |content_type: Option<&str>, body: String| {
        let mut request = axum::http::Request::post("/api/v1/pick?plan=false");
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        app.send(request.body(axum::body::Body::from(body)).unwrap())
    };
    let json = Some("application/json");
    for extra in ["xyz", " {}", "[1]"] {
        let response = pick(json, format!("{profile}{extra}")).await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{extra}");
        assert_eq!(paths(&response.json()), ["body"], "{extra}");
    }
    // A body not sent as JSON is refused before it is read.
    for content_type in [
        None,
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
    ] {
        let response = pick(content_type, profile.to_owned()).await;
        assert_eq!(
            response.status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{content_type:?}"
        );
        assert_eq!(response.json()["error"], "unsupported_media_type");
    }
    // White space after the object is fine, and so is a charset.
    for (content_type, body) in [
        ("Application/JSON; charset=utf-8", profile.to_owned()),
        ("application/json", format!("{profile} \n")),
    ] {
        let response = pick(Some(content_type), body).await;
        assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    }
}

#[tokio::test]
async fn one_program_with_its_tracks() {
    let app = TestApp::demo();
    let id = &demo_program_ids("140", 1)[0];
    let response = app.get(&format!("/api/v1/programs/{id}")).await;
    assert_eq!(response.status, StatusCode::OK);
    let body = response.json();
    assert_eq!(body["program"]["id"], id.as_str());
    assert!(!body["tracks"].as_array().unwrap().is_empty());
    assert!(body["tracks"][0]["code"].as_str().unwrap().len() >= 9);
    let missing = app.get("/api/v1/programs/no-such-program").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.json()["error"], "not_found");
}

#[tokio::test]
async fn compare_returns_programs_in_the_order_asked() {
    let app = TestApp::demo();
    let ids = demo_program_ids("400", 2);
    let response = app
        .get(&format!("/api/v1/compare?ids={},{}", ids[1], ids[0]))
        .await;
    assert_eq!(response.status, StatusCode::OK);
    let body = response.json();
    assert_eq!(body["programs"][0]["id"], ids[1].as_str());
    assert_eq!(body["programs"][1]["id"], ids[0].as_str());
    let bad = app
        .get(&format!("/api/v1/compare?ids={}&ids=Bad%20Id", ids[0]))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(paths(&bad.json()), ["ids[1]"]);
    let none = app.get("/api/v1/compare").await;
    assert_eq!(none.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(paths(&none.json()), ["ids"]);
    // A program asked for twice is refused, as the schema's `uniqueItems` says.
    let ids = demo_program_ids("140", 2);
    let twice = app
        .get(&format!(
            "/api/v1/compare?ids={},{},{}",
            ids[0], ids[1], ids[0]
        ))
        .await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(paths(&twice.json()), ["ids[2]"]);
}

#[tokio::test]
async fn fees_per_specialty_and_in_total() {
    let app = TestApp::demo();
    let response = app.get("/api/v1/fees?programs=31,30").await;
    assert_eq!(response.status, StatusCode::OK);
    let body = response.json();
    assert_eq!(body["season"], "2025-2026");
    assert_eq!(body["specialties"][0]["fee_usd"], 360);
    assert_eq!(body["specialties"][1]["fee_usd"], 330);
    assert_eq!(body["total_usd"], 690);
    let bad = app.get("/api/v1/fees?programs=-3&season=1990-1991").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(paths(&bad.json()), ["season", "programs[0]"]);
    let missing = app.get("/api/v1/fees").await;
    assert_eq!(paths(&missing.json()), ["programs"]);
}

#[tokio::test]
async fn openapi_document_describes_every_endpoint_and_parameter() {
    let app = TestApp::demo();
    let response = app.get("/api/v1/openapi.json").await;
    assert_eq!(response.status, StatusCode::OK);
    let document = response.json();
    assert!(document["openapi"].as_str().unwrap().starts_with('3'));
    let paths = document["paths"].as_object().unwrap();
    for path in [
        "/api/v1/programs",
        "/api/v1/programs/{id}",
        "/api/v1/compare",
        "/api/v1/fees",
        "/api/v1/pick",
        "/api/v1/rank-list-check",
    ] {
        assert!(paths.contains_key(path), "{path}");
    }
    // Every schema the document refers to is in it: the profile's nested parts included.
    let text = response.body.as_str();
    let schemas = document["components"]["schemas"].as_object().unwrap();
    for reference in text.split("\"#/components/schemas/").skip(1) {
        let name = reference.split('"').next().unwrap();
        assert!(schemas.contains_key(name), "missing schema {name}");
    }
    let error = &schemas["ApiError"]["properties"];
    for field in ["error", "message", "errors"] {
        assert!(error.get(field).is_some(), "ApiError.{field}");
    }
    let profile = &schemas["ProfileInput"]["properties"];
    for field in ["exams", "usce", "preferences", "budget", "specialties"] {
        assert!(profile.get(field).is_some(), "ProfileInput.{field}");
    }
    // The profile's choices are listed with the values the engine accepts.
    let values = |schema: &str| -> Vec<String> {
        schemas[schema]["enum"]
            .as_array()
            .unwrap_or_else(|| panic!("{schema} lists its values"))
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        values("ApplicantTypeKey"),
        targets::ApplicantType::ALL.map(|t| t.key())
    );
    assert_eq!(values("Visa"), smart_pick::Visa::ALL.map(|v| v.key()));
    assert_eq!(values("Ecfmg"), smart_pick::Ecfmg::ALL.map(|e| e.key()));
    assert_eq!(
        values("UsceKind"),
        smart_pick::UsceKind::ALL.map(|k| k.key())
    );
    let documented: Vec<&str> = paths["/api/v1/programs"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(documented, web_explorer_keys());
    // The order is one of a closed list, which the document names (so clients send only those).
    let sort = paths["/api/v1/programs"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "sort")
        .unwrap();
    assert_eq!(
        sort["schema"]["enum"],
        json!(["catalog", "name", "state", "positions", "img_share"])
    );
    let responses = paths["/api/v1/programs"]["get"]["responses"]
        .as_object()
        .unwrap();
    assert!(responses.contains_key("422"));
}

fn web_explorer_keys() -> Vec<&'static str> {
    vec![
        "specialty",
        "state",
        "region",
        "visa",
        "program_type",
        "min_positions",
        "min_img_share",
        "text",
        "page",
        "per_page",
        "sort",
    ]
}

#[tokio::test]
async fn unknown_api_paths_answer_json_404() {
    let response = TestApp::demo().get("/api/v1/nothing-here").await;
    assert_eq!(response.status, StatusCode::NOT_FOUND);
    assert_eq!(response.json()["error"], "not_found");
}

#[tokio::test]
async fn unknown_facts_and_thresholds_are_nullable_in_the_openapi_document() {
    let document = TestApp::demo().get("/api/v1/openapi.json").await.json();
    let schemas = document["components"]["schemas"].as_object().unwrap();
    let accepts_null = |schema: &Value| {
        let text = schema.to_string();
        text.contains("\"null\"") || schema["nullable"] == true
    };
    let mut checked = 0;
    for (name, schema) in schemas {
        let field = if name.starts_with("FactDto") {
            "value"
        } else if name.starts_with("RequirementDto") {
            "threshold"
        } else {
            continue;
        };
        let property = &schema["properties"][field];
        assert!(accepts_null(property), "{name}.{field}: {property}");
        checked += 1;
    }
    assert!(checked >= 6, "{checked} schemas checked");
}

#[tokio::test]
async fn the_openapi_document_states_the_limits_the_api_enforces() {
    let app = TestApp::demo();
    let document = app.get("/api/v1/openapi.json").await.json();
    let schemas = &document["components"]["schemas"];
    let exams = &schemas["ExamsInput"]["properties"];
    let step2 = &exams["step2_ck"]["oneOf"][0]["properties"]["score"];
    assert_eq!(
        (&step2["minimum"], &step2["maximum"]),
        (&json!(150), &json!(300))
    );
    let comlex = &exams["comlex_level2"]["oneOf"][0]["properties"]["score"];
    assert_eq!(
        (&comlex["minimum"], &comlex["maximum"]),
        (&json!(200), &json!(999))
    );
    let profile = &schemas["ProfileInput"]["properties"];
    assert_eq!(profile["specialties"]["minItems"], 1);
    assert_eq!(profile["specialties"]["maxItems"], 4);
    assert_eq!(
        schemas["BudgetInput"]["properties"]["applications"]["maximum"],
        400
    );
    let parameter = |path: &str, method: &str, name: &str| {
        document["paths"][path][method]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|parameter| parameter["name"] == name)
            .unwrap()["schema"]
            .clone()
    };
    assert_eq!(
        parameter("/api/v1/admin/imports/{kind}", "post", "kind")["enum"],
        json!(["freida", "nrmp-tracks", "nrmp-results", "catalog"])
    );
    assert_eq!(parameter("/api/v1/compare", "get", "ids")["maxItems"], 4);
    assert_eq!(
        parameter("/api/v1/fees", "get", "programs")["items"]["maximum"],
        1000
    );

    // A profile at the limits is accepted, and one just past them is refused.
    let at_limits = json!({
        "applicant_type": "non_us_img",
        "graduation_year": 2020,
        "exams": {"step2_ck": {"score": 300, "attempts": 6}},
        "specialties": ["140"],
        "budget": {"applications": 400, "dollars": 20000}
    });
    let accepted = app.post_json("/api/v1/pick?plan=false", &at_limits).await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.body);
    let mut past = at_limits.clone();
    past["exams"]["step2_ck"]["score"] = json!(301);
    let refused = app.post_json("/api/v1/pick?plan=false", &past).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn answers_from_the_layers_in_front_of_the_handlers_have_the_api_error_shape() {
    let app = TestApp::demo();
    // A method the path does not take.
    let wrong_method = app.delete("/api/v1/programs").await;
    assert_eq!(wrong_method.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(wrong_method.content_type().starts_with("application/json"));
    assert_eq!(wrong_method.json()["error"], "method_not_allowed");
    assert!(wrong_method.headers.contains_key("allow"));
    assert!(wrong_method.headers.contains_key("content-security-policy"));
    // A cross-site post.
    let request = axum::http::Request::post("/api/v1/pick?plan=false")
        .header("content-type", "application/json")
        .header("sec-fetch-site", "cross-site")
        .body(axum::body::Body::from(
            json!({"applicant_type": "us_md_senior", "specialties": ["140"]}).to_string(),
        ))
        .unwrap();
    let cross_site = app.send(request).await;
    assert_eq!(cross_site.status, StatusCode::FORBIDDEN);
    assert_eq!(
        cross_site.json()["error"],
        "forbidden",
        "{}",
        cross_site.body
    );
    // A page keeps its own answer.
    let page = app.delete("/programs").await;
    assert_eq!(page.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(!page.content_type().starts_with("application/json"));
}

#[tokio::test]
async fn the_openapi_document_lists_every_status_an_operation_can_answer() {
    let document = TestApp::demo().get("/api/v1/openapi.json").await.json();
    let responses = |path: &str, method: &str| {
        let responses = document["paths"][path][method]["responses"]
            .as_object()
            .unwrap();
        for (status, response) in responses {
            if status.starts_with('4') || status.starts_with('5') {
                let schema = &response["content"]["application/json"]["schema"]["$ref"];
                assert_eq!(schema, "#/components/schemas/ApiError", "{path} {status}");
            }
        }
        responses.keys().cloned().collect::<Vec<String>>()
    };
    let pick = responses("/api/v1/pick", "post");
    for status in ["200", "403", "408", "413", "415", "422", "429", "500"] {
        assert!(
            pick.iter().any(|s| s == status),
            "pick: {status} in {pick:?}"
        );
    }
    let share = responses("/api/v1/shares/{id}", "get");
    for status in ["404", "408", "422", "429", "503"] {
        assert!(
            share.iter().any(|s| s == status),
            "share: {status} in {share:?}"
        );
    }
    let versions = responses("/api/v1/admin/catalog/versions", "get");
    for status in ["401", "403", "503"] {
        assert!(
            versions.iter().any(|s| s == status),
            "{status} in {versions:?}"
        );
    }
    let programs = responses("/api/v1/programs", "get");
    assert!(
        !programs.iter().any(|s| s == "429" || s == "413"),
        "{programs:?}"
    );
}

#[tokio::test]
async fn a_body_with_many_fields_of_the_wrong_type_lists_them_all_in_plain_words() {
    let app = TestApp::demo();
    let body = json!({
        "applicant_type": "resident",
        "graduation_year": "last year",
        "exams": {"step2_ck": {"score": "two forty", "attempts": -1}},
        "usce": [{"kind": "hands_on", "months": 2}, {"kind": "hands_on", "months": 1.5}],
        "specialties": "140",
        "visa": "j2",
        "budget": {"applications": true}
    });
    let response = app.post_json("/api/v1/pick?plan=false", &body).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    let document = response.json();
    let errors = document["errors"].as_array().unwrap();
    let paths: Vec<&str> = errors.iter().map(|e| e["path"].as_str().unwrap()).collect();
    for path in [
        "applicant_type",
        "graduation_year",
        "exams.step2_ck.score",
        "exams.step2_ck.attempts",
        "usce[1].months",
        "specialties",
        "visa",
        "budget.applications",
    ] {
        assert!(paths.contains(&path), "{path} in {paths:?}");
    }
    let text = document.to_string();
    for internal in ["u16", "u8", "struct", "?", "with 13 elements"] {
        assert!(!text.contains(internal), "`{internal}` in {text}");
    }
    assert!(text.contains("expected a list, found the text"), "{text}");
    // Fields of the right type that the profile's checks refuse are listed beside them.
    let mixed = json!({
        "applicant_type": "non_us_img",
        "graduation_year": 2015,
        "exams": {"step2_ck": {"score": 340}, "step1": {"passed": "yes"}},
        "specialties": ["140"],
        "budget": {"applications": 0, "dollars": "many"}
    });
    let response = app.post_json("/api/v1/pick?plan=false", &mixed).await;
    let document = response.json();
    let mixed_paths: Vec<&str> = document["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    for path in [
        "exams.step1.passed",
        "budget.dollars",
        "exams.step2_ck.score",
        "budget.applications",
    ] {
        assert!(mixed_paths.contains(&path), "{path} in {mixed_paths:?}");
    }
    // A field of the wrong type that is also required is named once.
    assert_eq!(
        paths
            .iter()
            .filter(|path| **path == "applicant_type")
            .count(),
        1,
        "{paths:?}"
    );
}
