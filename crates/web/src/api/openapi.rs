//! The OpenAPI document of the API, generated from the handlers' annotations and the response
//! types, so that it cannot drift from them.

use axum::Json;
use utoipa::OpenApi;

use super::{dto, fees, pick, programs, resources};

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
        resources::list_resources,
        resources::get_resource,
        resources::search_resources,
    ),
    components(schemas(
        super::ApiError,
        crate::input::FieldError,
        dto::ProgramsPage,
        dto::ProgramDetail,
        dto::Comparison,
        crate::fees::FeeQuote,
        smart_pick::ProfileInput,
        pick::PickResponse,
        pick::RankListBody,
        pick::RankListResponse,
        resources::ResourcesIndex,
        resources::ArticleDto,
        resources::SearchResults,
    )),
    tags(
        (name = "programs", description = "The program catalog"),
        (name = "fees", description = "ERAS application fees"),
        (name = "smart-pick", description = "Smart Pick and the rank list check"),
        (name = "resources", description = "The Resources articles for applicants: categories, articles and search"),
    )
)]
pub struct ApiDoc;

/// `GET /api/v1/openapi.json`.
pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
