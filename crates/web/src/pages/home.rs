//! The home page.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;

use super::{Layout, thousands};
use crate::state::AppState;

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub struct HomePage {
    layout: Layout,
    programs: String,
    specialties: String,
    tracks: String,
}

/// `GET /`: what the site does, for whom, and where to start.
pub async fn home(State(state): State<AppState>) -> HomePage {
    let catalog = state.catalog();
    HomePage {
        layout: Layout::new(&state, "Decide where to apply for residency", "/"),
        programs: thousands(catalog.programs.len()),
        specialties: thousands(catalog.specialties.len()),
        tracks: thousands(catalog.tracks.len()),
    }
}
