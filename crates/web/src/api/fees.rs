//! `/fees`: the ERAS fee of a plan of applications.

use axum::Json;
use axum::extract::RawQuery;

use super::{ApiError, checked};
use crate::fees::{FeeQuote, quote};
use crate::input::{self, QueryPairs};

/// The ERAS fee of applying to a number of programs in each of one or more specialties.
#[utoipa::path(
    get,
    path = "/api/v1/fees",
    tag = "fees",
    params(
        ("programs" = Vec<u32>, Query, description = "Programs in each specialty (0 to 1000 each, at most 8 specialties), repeated or comma-separated", explode = true),
        ("season" = Option<String>, Query, description = "ERAS season, e.g. 2025-2026 (default: the latest known)"),
    ),
    responses(
        (status = 200, description = "The fee per specialty and in total", body = FeeQuote),
        (status = 422, description = "Invalid parameters, each listed", body = super::ErrorBody),
    )
)]
pub async fn get_fees(RawQuery(raw): RawQuery) -> Result<Json<FeeQuote>, ApiError> {
    let pairs = QueryPairs::parse(raw.as_deref());
    let request = checked(pairs.refusals(&input::FEE_KEYS), input::parse_fees(&pairs))?;
    Ok(Json(quote(request.season, &request.programs)))
}
