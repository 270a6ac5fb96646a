//! The program page: every attribute with its source and date, and the program's NRMP tracks.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use catalog::{Program, ProgramId};
use market::VisaNeed;
use market::mix::EstimatedMix;
use market::sponsorship::Sponsorship;

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
    /// The estimate of a visa sponsorship the catalog does not state, if any.
    sponsorship_note: Option<String>,
    /// The estimate of a resident mix the catalog does not state, if any.
    mix_note: Option<String>,
    /// What Smart Pick takes for a signal participation the catalog does not state, if any.
    signals_note: Option<String>,
    /// The page of the specialty's guide, if it has one.
    specialty_guide: Option<String>,
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
        .map(|track| track_row(track, state.track_size(track), state.model_fill(track)))
        .collect();
    Ok(ProgramPage {
        layout: Layout::new(&state, program.name.clone(), "/programs"),
        id: program.id.to_string(),
        name: program.name.clone(),
        specialty: specialty_name(catalog, program),
        fields: program_fields(program),
        sponsorship_note: sponsorship_note(&state.sponsorship(program)),
        mix_note: state.estimated_mix(program).map(|mix| mix_note(&mix)),
        signals_note: signals_note(program),
        size_notes: size_notes(&tracks),
        tracks,
        specialty_guide: resources::guides::guide_for(program.specialty).map(|g| g.url()),
    }
    .into_response())
}

/// What the estimate of a sponsorship the catalog does not state says, and rests on.
fn sponsorship_note(sponsorship: &Sponsorship) -> Option<String> {
    let estimated = [
        (
            VisaNeed::J1,
            "an applicant who needs a J-1 (a J-1 or an H-1B sponsor)",
        ),
        (VisaNeed::H1b, "an applicant who needs an H-1B"),
    ]
    .into_iter()
    .filter(|(visa, _)| sponsorship.is_estimate(*visa))
    .map(|(visa, who)| format!("{who}: ~{:.0}%", 100.0 * sponsorship.for_visa(visa)))
    .collect::<Vec<_>>();
    (!estimated.is_empty()).then(|| {
        format!(
            "Visa sponsorship the catalog does not state is estimated, not a fact: the chance that the program can take {}. Estimated from: {}. Smart Pick weighs its chances here by these estimates; confirm with the program.",
            estimated.join("; "),
            sponsorship.basis.describe()
        )
    })
}

/// What the estimate of a resident mix the catalog does not state says, and rests on.
fn mix_note(mix: &EstimatedMix) -> String {
    format!(
        "The resident mix is not stated; the model takes it to be about {:.0}% IMG and {:.0}% DO \
         residents, an estimate, not a fact. It sets how open the program is taken to be to IMG \
         and DO applicants, and how sought after. Estimated from: {}.",
        100.0 * mix.img_share,
        100.0 * mix.do_share,
        mix.evidence.describe()
    )
}

/// What Smart Pick takes for a signal participation the catalog does not state.
fn signals_note(program: &Program) -> Option<String> {
    if program.accepts_signals.is_known() {
        return None;
    }
    Some(if smart_pick::takes_signals(program) {
        "Whether the program takes ERAS preference signals is not stated; its specialty uses \
         signals in ERAS, so Smart Pick takes it that it does (Internal Medicine programs all \
         take them from the 2025–26 season). Confirm in ERAS before you signal."
            .to_owned()
    } else {
        "Whether the program takes ERAS preference signals is not stated; its specialty has no \
         signals in ERAS 2025, so Smart Pick places none there."
            .to_owned()
    })
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
