//! The OpenAPI document of the API, generated from the handlers' annotations and the response
//! types, so that it cannot drift from them.

use axum::Json;
use utoipa::OpenApi;

use super::{dto, fees, pick, programs};

/// The API's OpenAPI description.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Residency Advisor API",
        description = "Smart Pick for an applicant profile, the rank list check, residency programs with the source and date of every fact, comparisons and ERAS fees. Invalid input is answered with 422 and the path of each bad field.",
        version = "1"
    ),
    paths(
        programs::list_programs,
        programs::get_program,
        programs::compare_programs,
        fees::get_fees,
        pick::pick,
        pick::rank_list_check,
    ),
    components(schemas(
        super::ApiError,
        crate::input::FieldError,
        dto::ProgramsPage,
        dto::ProgramDetail,
        dto::Comparison,
        crate::fees::FeeQuote,
        pick::ProfileBody,
        pick::PickResponse,
        pick::RankListBody,
        pick::RankListResponse,
    )),
    tags(
        (name = "programs", description = "The program catalog"),
        (name = "fees", description = "ERAS application fees"),
        (name = "smart-pick", description = "Smart Pick and the rank list check"),
    )
)]
pub struct ApiDoc;

/// `GET /api/v1/openapi.json`.
pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
