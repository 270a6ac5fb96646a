//! `/programs`, `/programs/{id}` and `/compare`.

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use catalog::ProgramId;

use super::dto::{CatalogInfo, Comparison, ProgramDetail, ProgramDto, ProgramsPage, TrackDto};
use super::{ApiError, checked};
use crate::input::{self, QueryPairs};
use crate::state::AppState;

/// Programs matching the filters, a page at a time.
#[utoipa::path(
    get,
    path = "/api/v1/programs",
    tag = "programs",
    params(
        ("specialty" = Option<String>, Query, description = "Specialty code (140) or name (internal medicine)"),
        ("state" = Option<Vec<String>>, Query, description = "Two-letter state codes, repeated or comma-separated; any of them", explode = true),
        ("region" = Option<Vec<String>>, Query, description = "Census regions (northeast, midwest, south, west, territories), repeated or comma-separated", explode = true),
        ("visa" = Option<String>, Query, description = "Only programs known to sponsor this visa: j1, h1b or any"),
        ("program_type" = Option<String>, Query, description = "university, community-affiliated, community, military or other"),
        ("min_positions" = Option<u16>, Query, description = "At least this many first-year positions (0 to 500)", maximum = 500),
        ("min_img_share" = Option<f64>, Query, description = "At least this percent of residents are IMGs (0 to 100)", minimum = 0, maximum = 100),
        ("text" = Option<String>, Query, description = "Words that must all appear in the name, institution or city", max_length = 200),
        ("page" = Option<usize>, Query, description = "Page, from 1", minimum = 1),
        ("per_page" = Option<usize>, Query, description = "Programs per page, 1 to 100 (default 25)", minimum = 1, maximum = 100),
        ("sort" = inline(Option<input::ProgramSort>), Query, description = "Order: catalog (default), name, state, positions (most first) or img_share (highest first, unknown last)"),
    ),
    responses(
        (status = 200, description = "A page of programs", body = ProgramsPage),
        (status = 422, description = "Invalid parameters, each listed", body = super::ErrorBody),
    )
)]
pub async fn list_programs(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<ProgramsPage>, ApiError> {
    let pairs = QueryPairs::parse(raw.as_deref());
    let request = checked(
        pairs.refusals(&input::EXPLORER_KEYS),
        input::parse_explorer(state.catalog(), &pairs),
    )?;
    let matching = state.search_programs(&request);
    let programs = matching
        .iter()
        .skip((request.page - 1).saturating_mul(request.per_page))
        .take(request.per_page)
        .map(|program| ProgramDto::of(&state, program))
        .collect();
    Ok(Json(ProgramsPage {
        catalog: CatalogInfo::of(&state),
        total: matching.len(),
        page: request.page,
        per_page: request.per_page,
        pages: matching.len().div_ceil(request.per_page).max(1),
        programs,
    }))
}

/// One program, every attribute with its source and date, and its NRMP tracks.
#[utoipa::path(
    get,
    path = "/api/v1/programs/{id}",
    tag = "programs",
    params(("id" = String, Path, description = "The program's catalog id")),
    responses(
        (status = 200, description = "The program", body = ProgramDetail),
        (status = 404, description = "No program has this id", body = super::ErrorBody),
    )
)]
pub async fn get_program(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<ProgramDetail>, ApiError> {
    let catalog = state.catalog();
    let program = ProgramId::parse(&id)
        .ok()
        .and_then(|id| catalog.program(&id))
        .ok_or_else(|| ApiError::NotFound("no program in the catalog has this id".to_owned()))?;
    Ok(Json(ProgramDetail {
        catalog: CatalogInfo::of(&state),
        program: ProgramDto::of(&state, program),
        tracks: catalog
            .tracks_of(&program.id)
            .map(|track| TrackDto::new(track, state.track_size(track), state.model_fill(track)))
            .collect(),
    }))
}

/// Two to four programs side by side.
#[utoipa::path(
    get,
    path = "/api/v1/compare",
    tag = "programs",
    params(
        ("ids" = Vec<String>, Query, description = "Two to four program ids, repeated or comma-separated", explode = true),
    ),
    responses(
        (status = 200, description = "The programs in the order asked", body = Comparison),
        (status = 422, description = "Too few or too many ids, or ids not in the catalog", body = super::ErrorBody),
    )
)]
pub async fn compare_programs(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Comparison>, ApiError> {
    let pairs = QueryPairs::parse(raw.as_deref());
    let catalog = state.catalog();
    let ids = checked(
        pairs.refusals(&["ids"]),
        input::parse_compare(catalog, &pairs),
    )?;
    Ok(Json(Comparison {
        catalog: CatalogInfo::of(&state),
        programs: ids
            .iter()
            .filter_map(|id| catalog.program(id))
            .map(|program| ProgramDto::of(&state, program))
            .collect(),
    }))
}
