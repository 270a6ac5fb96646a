//! The OpenAPI document of the API, generated from the handlers' annotations and the response
//! types, so that it cannot drift from them.

use axum::Json;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{admin, dto, fees, pick, programs, resources, shares};

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

/// `GET /api/v1/openapi.json`.
pub async fn openapi_json() -> Json<serde_json::Value> {
    Json(document())
}

/// The OpenAPI document as served.
pub fn document() -> serde_json::Value {
    let mut document = serde_json::to_value(ApiDoc::openapi())
        .expect("the OpenAPI description serializes to JSON");
    nullable_unknowns(&mut document);
    document
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
