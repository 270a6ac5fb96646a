//! The program page: every attribute with its source and date, and the program's NRMP tracks.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use catalog::ProgramId;

use super::{Layout, PageError};
use crate::state::AppState;
use crate::views::{FieldView, TrackRow, program_fields, specialty_name, track_row};

#[derive(Template, WebTemplate)]
#[template(path = "program.html")]
pub struct ProgramPage {
    layout: Layout,
    id: String,
    name: String,
    specialty: String,
    fields: Vec<FieldView>,
    tracks: Vec<TrackRow>,
    /// What the tracks' estimated sizes rest on, each once.
    size_notes: Vec<String>,
}

/// `GET /programs/{id}`.
pub async fn program(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let catalog = state.catalog();
    let Some(program) = ProgramId::parse(&id)
        .ok()
        .and_then(|id| catalog.program(&id))
    else {
        return Err(PageError::not_found(
            &state,
            "No program in the catalog has this id. The program explorer lists every program.",
        ));
    };
    let tracks: Vec<TrackRow> = catalog
        .tracks_of(&program.id)
        .map(|track| track_row(track, state.track_size(track)))
        .collect();
    Ok(ProgramPage {
        layout: Layout::new(&state, program.name.clone(), "/programs"),
        id: program.id.to_string(),
        name: program.name.clone(),
        specialty: specialty_name(catalog, program),
        fields: program_fields(program),
        size_notes: size_notes(&tracks),
        tracks,
    }
    .into_response())
}

/// The bases of the tracks' estimated sizes, each once, in track order.
fn size_notes(tracks: &[TrackRow]) -> Vec<String> {
    let mut notes: Vec<String> = Vec::new();
    for track in tracks {
        if !track.positions_basis.is_empty() && !notes.contains(&track.positions_basis) {
            notes.push(track.positions_basis.clone());
        }
    }
    notes
}
