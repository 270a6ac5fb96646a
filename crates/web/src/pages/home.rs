//! The home page, and the Smart Pick entry page.

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

#[derive(Template, WebTemplate)]
#[template(path = "pick_unavailable.html")]
pub struct PickUnavailablePage {
    layout: Layout,
}

/// `GET /pick`: the Smart Pick entry point. This build serves the explorer, fees and
/// methodology; the page says so and points to them.
pub async fn pick(State(state): State<AppState>) -> PickUnavailablePage {
    PickUnavailablePage {
        layout: Layout::new(&state, "Smart Pick", "/pick"),
    }
}
