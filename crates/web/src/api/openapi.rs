//! The OpenAPI document of the API, generated from the handlers' annotations and the response
//! types, so that it cannot drift from them.

use axum::Json;
use axum::extract::State;
use catalog::{Catalog, CensusRegion, ProgramType, UsState};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{admin, dto, fees, pick, programs, resources, shares};
use crate::state::AppState;

/// Declares the admin endpoints' bearer token.
struct AdminToken;

impl Modify for AdminToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "admin_token",
                SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
            );
        }
    }
}

/// The API's OpenAPI description.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Residency Advisor API",
        description = "Smart Pick for an applicant profile, the rank list check, residency programs with the source and date of every fact, comparisons, ERAS fees, and the Resources articles with their search. Invalid input is answered with 422 and the path of each bad field.",
        version = "1"
    ),
    paths(
        programs::list_programs,
        programs::get_program,
        programs::compare_programs,
        fees::get_fees,
        pick::pick,
        pick::rank_list_check,
        shares::create_share,
        shares::get_share,
        shares::delete_share,
        admin::list_versions,
        admin::switch_version,
        admin::export,
        admin::import,
        resources::list_resources,
        resources::get_resource,
        resources::search_resources,
    ),
    components(schemas(
        super::ErrorBody,
        crate::input::FieldError,
        dto::ProgramsPage,
        dto::ProgramDetail,
        dto::Comparison,
        crate::fees::FeeQuote,
        smart_pick::ProfileInput,
        pick::PickResponse,
        pick::RankListBody,
        pick::RankListResponse,
        shares::ShareResponse,
        admin::VersionList,
        admin::SwitchBody,
        admin::ImportResponse,
        resources::ResourcesIndex,
        resources::ArticleDto,
        resources::SearchResults,
    )),
    tags(
        (name = "programs", description = "The program catalog"),
        (name = "fees", description = "ERAS application fees"),
        (name = "smart-pick", description = "Smart Pick, the rank list check and shared links"),
        (name = "admin", description = "Catalog writes for the site's operator, with the admin token"),
        (name = "resources", description = "The Resources articles for applicants: categories, articles and search"),
    ),
    modifiers(&AdminToken)
)]
pub struct ApiDoc;

/// `GET /api/v1/openapi.json`: the document of this server, whose catalog says which
/// specialties can be asked for.
pub async fn openapi_json(State(state): State<AppState>) -> Json<serde_json::Value> {
    Json(document(state.catalog()))
}

/// The OpenAPI document as served for `catalog`.
pub fn document(catalog: &Catalog) -> serde_json::Value {
    let mut document = serde_json::to_value(ApiDoc::openapi())
        .expect("the OpenAPI description serializes to JSON");
    nullable_unknowns(&mut document);
    input_limits(&mut document);
    input_values(&mut document, catalog);
    profile_rules(&mut document);
    every_status(&mut document);
    document
}

/// Lists the values the API takes where it takes only some: in queries, this catalog's
/// specialties (by code; whole names and whole words of one name are accepted too) and programs, states, regions, program types,
/// visas and fee seasons; in a profile, states, regions and program types; and says that a
/// text parameter, when given, is not blank.
fn input_values(document: &mut serde_json::Value, catalog: &Catalog) {
    use serde_json::json;
    let specialties: Vec<String> = catalog
        .specialties
        .iter()
        .map(|specialty| specialty.code)
        .filter(|code| catalog.tracks.iter().any(|track| track.specialty == *code))
        .map(|code| code.as_str().to_owned())
        .collect();
    let states: Vec<&str> = UsState::all().map(UsState::code).collect();
    let regions: Vec<String> = CensusRegion::ALL
        .iter()
        .map(|region| region.name().to_lowercase())
        .collect();
    let program_types: Vec<&str> = ProgramType::ALL.iter().map(|t| t.key()).collect();
    let program_ids: Vec<String> = catalog
        .programs
        .iter()
        .map(|program| program.id.to_string())
        .collect();
    let seasons: Vec<&str> = targets::ERAS_FEE_SCHEDULES
        .iter()
        .map(|schedule| schedule.season)
        .collect();
    let schemas = &mut document["components"]["schemas"];
    let profile = &mut schemas["ProfileInput"]["properties"];
    // A profile names specialties by code or by name, so its lists are not held to the codes.
    merge(
        &mut profile["specialties"],
        json!({"uniqueItems": true, "items": {"type": "string", "pattern": NOT_BLANK}}),
    );
    let preferences = &mut schemas["PreferencesInput"]["properties"];
    for (field, values) in [
        ("states", json!(states)),
        ("ties", json!(states)),
        ("regions", json!(regions)),
        ("program_types", json!(program_types)),
    ] {
        merge(
            &mut preferences[field],
            json!({"items": {"type": "string", "enum": values}}),
        );
    }
    merge(
        &mut schemas["RankListBody"]["properties"]["rank"],
        json!({
            "minItems": 1,
            "uniqueItems": true,
            "items": {"type": "string", "pattern": "^[0-9]{7}[CPARM][0-9]$"}
        }),
    );
    let Some(paths) = document["paths"].as_object_mut() else {
        return;
    };
    for (path, operations) in paths.iter_mut() {
        let Some(operations) = operations.as_object_mut() else {
            continue;
        };
        for operation in operations.values_mut() {
            let Some(parameters) = operation
                .get_mut("parameters")
                .and_then(serde_json::Value::as_array_mut)
            else {
                continue;
            };
            for parameter in parameters {
                let name = parameter["name"].as_str().unwrap_or_default().to_owned();
                let values = match (path.as_str(), name.as_str()) {
                    ("/api/v1/programs", "specialty") => Some(json!(specialties)),
                    ("/api/v1/programs", "state") => Some(json!(states)),
                    ("/api/v1/programs", "region") => Some(json!(regions)),
                    ("/api/v1/programs", "program_type") => Some(json!(program_types)),
                    ("/api/v1/programs", "visa") => Some(json!(["j1", "h1b", "any"])),
                    ("/api/v1/fees", "season") => Some(json!(seasons)),
                    ("/api/v1/compare", "ids") => Some(json!(program_ids)),
                    _ => None,
                };
                let schema = &mut parameter["schema"];
                let array = schema["type"] == "array";
                let target = if array { &mut schema["items"] } else { schema };
                match values {
                    Some(values) => merge(target, json!({"enum": values})),
                    None if target["type"] == "string" && target.get("enum").is_none() => {
                        // Given, a text parameter has something in it (an empty or blank one
                        // is refused, as leaving it out is the way to say nothing).
                        merge(target, json!({"minLength": 1, "pattern": NOT_BLANK}));
                    }
                    None => {}
                }
            }
        }
    }
    // The export answers in the format asked for.
    let export = &mut document["paths"]["/api/v1/admin/catalog/export"]["get"]["responses"]["200"]
        ["content"];
    if let Some(content) = export.as_object_mut() {
        content.insert("text/csv".to_owned(), json!({"schema": {"type": "string"}}));
    }
}

/// The rules of a profile across its fields that a schema can state exactly: only a
/// non-US-citizen IMG needs a visa; IMGs give their graduation year; a Step 2 CK score or a
/// COMLEX Level 2-CE score is given; applying only where preferred needs a preference. Rules
/// relative to the Match year, and totals across entries, stay in the descriptions: a schema
/// that tried to state them would refuse some profiles the API takes.
fn profile_rules(document: &mut serde_json::Value) {
    use serde_json::json;
    let schemas = &mut document["components"]["schemas"];
    let profile = &mut schemas["ProfileInput"];
    if let Some(required) = profile["required"].as_array_mut() {
        required.push(json!("exams"));
    }
    profile["allOf"] = json!([
        {
            "if": {"properties": {"applicant_type": {"const": "non_us_img"}}},
            "else": {"properties": {"visa": {"enum": ["none", null]}}}
        },
        {
            "if": {"properties": {"applicant_type": {"enum": ["us_img", "non_us_img"]}}},
            "then": {
                "required": ["graduation_year"],
                "properties": {"graduation_year": {"type": "integer"}}
            }
        }
    ]);
    let some = |field: &str| json!({"required": [field], "properties": {field: {"not": {"type": "null"}}}});
    schemas["ExamsInput"]["anyOf"] = json!([some("step2_ck"), some("comlex_level2")]);
    schemas["PreferencesInput"]["allOf"] = json!([{
        "if": {
            "required": ["only_preferred"],
            "properties": {"only_preferred": {"const": true}}
        },
        "then": {"anyOf": [
            {"required": ["states"], "properties": {"states": {"minItems": 1}}},
            {"required": ["regions"], "properties": {"regions": {"minItems": 1}}},
            {"required": ["program_types"], "properties": {"program_types": {"minItems": 1}}}
        ]}
    }]);
}

/// Documents every status an operation can answer beyond those its handler declares: the
/// layers in front of every handler answer 408 (too slow), 500 (a fault) and, for requests
/// that change something, 403 (cross-site); bodies can be 413 and, when JSON, 415; the
/// expensive endpoints answer 429; the admin API 401 and 403; endpoints backed by the database
/// 503 when it is out of reach; anything with parameters or a body 422. All in the one error
/// shape.
fn every_status(document: &mut serde_json::Value) {
    use serde_json::json;
    let error = |description: &str| {
        json!({
            "description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ApiError"}}}
        })
    };
    let Some(paths) = document["paths"].as_object_mut() else {
        return;
    };
    for (path, operations) in paths.iter_mut() {
        let Some(operations) = operations.as_object_mut() else {
            continue;
        };
        for (method, operation) in operations.iter_mut() {
            let changes = method != "get";
            let body = operation.get("requestBody").is_some();
            let json_body = operation["requestBody"]["content"]
                .get("application/json")
                .is_some();
            let has_input = body
                || operation["parameters"]
                    .as_array()
                    .is_some_and(|parameters| !parameters.is_empty());
            let expensive = method
                .to_uppercase()
                .parse::<axum::http::Method>()
                .is_ok_and(|method| crate::is_expensive(&method, path));
            let admin = path.starts_with("/api/v1/admin/");
            let stored = admin || path.starts_with("/api/v1/shares");
            let statuses = [
                (true, "408", "The request took too long and was stopped"),
                (true, "500", "A fault on the server, logged"),
                (
                    changes,
                    "403",
                    "A cross-site request that would change something, refused",
                ),
                (body, "413", "The body is larger than the endpoint accepts"),
                (json_body, "415", "The body is not sent as JSON"),
                (
                    has_input,
                    "422",
                    "Invalid parameters or body, every bad field listed",
                ),
                (
                    expensive,
                    "429",
                    "Too many requests from this address; see Retry-After",
                ),
                (admin, "401", "The admin token is missing or wrong"),
                (
                    admin,
                    "403",
                    "Refused: no admin token is configured, or a cross-site request",
                ),
                (
                    stored,
                    "503",
                    "The database cannot be reached just now; see Retry-After",
                ),
            ];
            let Some(responses) = operation["responses"].as_object_mut() else {
                continue;
            };
            for (applies, status, description) in statuses {
                if applies && !responses.contains_key(status) {
                    responses.insert(status.to_owned(), error(description));
                }
            }
        }
    }
}

/// A pattern a text matches when it holds a character other than white space, white space
/// being what `str::trim` takes off (Unicode's `White_Space`, listed, since regular expression
/// dialects disagree on `\s`).
const NOT_BLANK: &str = "[^\\u0009-\\u000d\\u0020\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";

/// Puts the limits the API enforces into the schema, read from the constants that enforce
/// them, so that a client (or a fuzzer) that follows the schema sends what the API accepts.
/// Rules across fields (an IMG's graduation year, a senior's) stay in the descriptions.
fn input_limits(document: &mut serde_json::Value) {
    use serde_json::json;
    use smart_pick::policy::{
        MAX_APPLICATIONS, MAX_SPECIALTIES, MAX_USCE_ENTRIES, MAX_USCE_TOTAL_MONTHS,
    };
    use smart_pick::profile::{
        COMLEX_SCALE, ERAS_BUDGET_DOLLARS, EXAM_ATTEMPTS, MATCH_YEARS, MAX_YEARS_BEFORE_MATCH,
        STEP2_SCALE, USCE_ENTRY_MONTHS,
    };
    let range = |low: u32, high: u32| json!({"minimum": low, "maximum": high});
    let schemas = &mut document["components"]["schemas"];
    let profile = &mut schemas["ProfileInput"]["properties"];
    merge(
        &mut profile["match_year"],
        range((*MATCH_YEARS.start()).into(), (*MATCH_YEARS.end()).into()),
    );
    merge(
        &mut profile["graduation_year"],
        range(
            (MATCH_YEARS.start() - MAX_YEARS_BEFORE_MATCH).into(),
            (*MATCH_YEARS.end()).into(),
        ),
    );
    merge(
        &mut profile["specialties"],
        json!({"minItems": 1, "maxItems": MAX_SPECIALTIES}),
    );
    merge(&mut profile["usce"], json!({"maxItems": MAX_USCE_ENTRIES}));
    // One score schema serves both exams; each exam gets its own copy with its scale.
    let score = schemas["ScoreInput"].clone();
    for (exam, scale) in [("step2_ck", &STEP2_SCALE), ("comlex_level2", &COMLEX_SCALE)] {
        let mut scored = score.clone();
        merge(
            &mut scored["properties"]["score"],
            range((*scale.start()).into(), (*scale.end()).into()),
        );
        merge(
            &mut scored["properties"]["attempts"],
            range(
                (*EXAM_ATTEMPTS.start()).into(),
                (*EXAM_ATTEMPTS.end()).into(),
            ),
        );
        let property = &mut schemas["ExamsInput"]["properties"][exam];
        if let Some(variants) = property["oneOf"].as_array_mut() {
            let description = variants[0]["description"].clone();
            variants[0] = scored;
            variants[0]["description"] = description;
        }
    }
    merge(
        &mut schemas["PassFailInput"]["properties"]["attempts"],
        range(
            (*EXAM_ATTEMPTS.start()).into(),
            (*EXAM_ATTEMPTS.end()).into(),
        ),
    );
    merge(
        &mut schemas["UsceInput"]["properties"]["months"],
        range(
            (*USCE_ENTRY_MONTHS.start()).into(),
            u32::from(*USCE_ENTRY_MONTHS.end()).min(MAX_USCE_TOTAL_MONTHS),
        ),
    );
    merge(
        &mut schemas["BudgetInput"]["properties"]["applications"],
        range(1, MAX_APPLICATIONS),
    );
    merge(
        &mut schemas["BudgetInput"]["properties"]["dollars"],
        range(*ERAS_BUDGET_DOLLARS.start(), *ERAS_BUDGET_DOLLARS.end()),
    );
    merge(
        &mut schemas["PreferencesInput"]["properties"]["other_weight"],
        json!({"minimum": 0.0, "maximum": 1.0}),
    );
    // Counts the profile keeps in small whole numbers.
    for field in ["publications", "abstracts", "presentations"] {
        merge(
            &mut schemas["ResearchInput"]["properties"][field],
            json!({"maximum": u16::MAX}),
        );
    }
    for field in ["gold", "silver"] {
        merge(
            &mut schemas["SignalsInput"]["properties"][field],
            json!({"maximum": u8::MAX}),
        );
    }

    let kinds: Vec<&str> = admin::IMPORT_KINDS.iter().map(|(name, _)| *name).collect();
    let formats = admin::CATALOG_FORMATS;
    for (path, method, name, limits) in [
        (
            "/api/v1/admin/imports/{kind}",
            "post",
            "kind",
            json!({"enum": kinds}),
        ),
        (
            "/api/v1/admin/imports/{kind}",
            "post",
            "format",
            json!({"enum": formats}),
        ),
        (
            "/api/v1/admin/imports/{kind}",
            "post",
            "as_of",
            json!({"format": "date"}),
        ),
        (
            "/api/v1/admin/catalog/export",
            "get",
            "format",
            json!({"enum": formats}),
        ),
        (
            "/api/v1/compare",
            "get",
            "ids",
            json!({"minItems": 2, "maxItems": crate::input::MAX_COMPARED, "uniqueItems": true}),
        ),
        (
            "/api/v1/programs",
            "get",
            "page",
            json!({"maximum": crate::input::MAX_PAGE}),
        ),
        (
            "/api/v1/fees",
            "get",
            "programs",
            json!({
                "minItems": 1,
                "maxItems": crate::input::MAX_FEE_SPECIALTIES,
                "items": {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": crate::input::MAX_PROGRAMS_PER_SPECIALTY
                }
            }),
        ),
    ] {
        let parameters = document["paths"][path][method]["parameters"].as_array_mut();
        if let Some(parameter) = parameters
            .into_iter()
            .flatten()
            .find(|parameter| parameter["name"] == name)
        {
            merge(&mut parameter["schema"], limits);
        }
    }
}

/// Adds `extra`'s keys to the object `target` (replacing those it has).
fn merge(target: &mut serde_json::Value, extra: serde_json::Value) {
    if let (Some(target), serde_json::Value::Object(extra)) = (target.as_object_mut(), extra) {
        target.extend(extra);
    }
}

/// Marks as nullable the values of facts and the thresholds of requirements, which are `null`
/// when unknown: their types are generic, and the generator leaves a generic `Option` field
/// non-nullable.
fn nullable_unknowns(document: &mut serde_json::Value) {
    let Some(schemas) = document["components"]["schemas"].as_object_mut() else {
        return;
    };
    for (name, schema) in schemas.iter_mut() {
        let field = if name.starts_with("FactDto") {
            "value"
        } else if name.starts_with("RequirementDto") {
            "threshold"
        } else {
            continue;
        };
        let Some(property) = schema["properties"].get_mut(field) else {
            continue;
        };
        match property.get("type").cloned() {
            Some(serde_json::Value::String(kind)) if kind != "object" => {
                property["type"] = serde_json::json!([kind, "null"]);
            }
            _ => {
                let description = property
                    .as_object_mut()
                    .and_then(|object| object.remove("description"));
                let mut nullable = serde_json::json!({
                    "oneOf": [property.clone(), {"type": "null"}]
                });
                if let Some(description) = description {
                    nullable["description"] = description;
                }
                *property = nullable;
            }
        }
    }
}
