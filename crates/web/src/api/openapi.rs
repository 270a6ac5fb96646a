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
pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
