//! The server-rendered pages: each is a typed struct rendered by a compile-time template into
//! the shared layout, and each handler extracts, parses, asks the catalog and renders.
//!
//! A page whose query parameters are wrong answers 422 and shows its form again with each
//! message beside its field and the values as typed.

mod compare;
mod error;
mod explorer;
mod fees;
mod home;
mod methodology;
mod pick;
mod program;
mod rank_list;
pub mod resource_pages;
pub mod specialty_guides;

use axum::Router;
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

pub use self::error::{PageError, PageProblem, message};
use crate::api;
use crate::input::FieldError;
use crate::state::{AppState, Site};

/// The page routes.
pub fn routes() -> Router<Site> {
    Router::new()
        .route("/", get(home::home))
        .route("/pick", get(pick::pick_form).post(pick::submit_pick))
        .route("/pick/results", get(pick::not_kept).post(pick::resort))
        .route("/pick/share", post(pick::share))
        .route("/pick/shared/{id}", get(pick::shared))
        .route("/pick/shared/{id}/delete", post(pick::delete_shared))
        .route("/pick/print", get(pick::not_kept).post(pick::print))
        .route(
            "/pick/export.csv",
            get(pick::not_kept).post(pick::export_csv),
        )
        .route("/pick/edit", get(pick::not_kept).post(pick::edit))
        .route(
            "/pick/rank-list",
            get(pick::not_kept).post(rank_list::rank_list),
        )
        .route("/programs", get(explorer::explorer))
        .route("/programs/{id}", get(program::program))
        .route("/compare", get(compare::compare))
        .route("/fees", get(fees::fees))
        .route("/methodology", get(methodology::methodology))
}

/// One entry of the main navigation.
pub struct NavItem {
    /// Where it goes.
    pub href: &'static str,
    /// Its text.
    pub label: &'static str,
    /// Whether it is the page being shown.
    pub current: bool,
}

/// What the shared layout shows around every page.
pub struct Layout {
    /// The page's title.
    pub title: String,
    /// Which navigation entry is current (its href), if any.
    pub current: &'static str,
    /// Whether the catalog is the fictional demo catalog.
    pub fictional: bool,
    /// The catalog's label.
    pub catalog_label: String,
    /// The catalog's version.
    pub catalog_version: i64,
}

impl Layout {
    /// The layout of a page of this state's catalog.
    pub fn new(state: &AppState, title: impl Into<String>, current: &'static str) -> Layout {
        Layout {
            title: title.into(),
            current,
            fictional: state.catalog().meta.fictional,
            catalog_label: state.catalog().meta.label.clone(),
            catalog_version: state.version(),
        }
    }

    /// The main navigation.
    pub fn nav(&self) -> Vec<NavItem> {
        [
            ("/", "Home"),
            ("/pick", "Smart Pick"),
            ("/programs", "Programs"),
            ("/compare", "Compare"),
            ("/fees", "Fees"),
            ("/methodology", "Methodology"),
            (::resources::paths::INDEX, "Resources"),
        ]
        .into_iter()
        .map(|(href, label)| NavItem {
            href,
            label,
            current: href == self.current,
        })
        .collect()
    }
}

/// An option of a `<select>`.
#[derive(Debug, Clone)]
pub struct SelectOption {
    /// The submitted value.
    pub value: String,
    /// The text shown.
    pub label: String,
    /// Whether it is selected.
    pub selected: bool,
}

impl SelectOption {
    /// Options from (value, label) pairs, with the one equal to `chosen` selected (ignoring
    /// case) and an empty "any" option first when `any` is given.
    pub fn list(
        any: Option<&str>,
        options: impl IntoIterator<Item = (String, String)>,
        chosen: &str,
    ) -> Vec<SelectOption> {
        let mut list: Vec<SelectOption> = any
            .map(|label| SelectOption {
                value: String::new(),
                label: label.to_owned(),
                selected: chosen.is_empty(),
            })
            .into_iter()
            .collect();
        list.extend(options.into_iter().map(|(value, label)| SelectOption {
            selected: !chosen.is_empty() && value.eq_ignore_ascii_case(chosen.trim()),
            value,
            label,
        }));
        list
    }
}

/// The errors of a submitted form, looked up by field.
#[derive(Debug, Clone, Default)]
pub struct FormErrors(pub Vec<FieldError>);

impl FormErrors {
    /// The message for a field (its path, or the path of one of its repeated values), if any.
    pub fn get(&self, path: &str) -> Option<String> {
        let messages: Vec<String> = self
            .0
            .iter()
            .filter(|error| {
                error.path == path
                    || error
                        .path
                        .strip_prefix(path)
                        .is_some_and(|rest| rest.starts_with('['))
            })
            .map(FieldError::message)
            .collect();
        (!messages.is_empty()).then(|| messages.join(" "))
    }

    /// Whether there is any error.
    pub fn any(&self) -> bool {
        !self.0.is_empty()
    }
}

/// Whole numbers with thousands separators.
pub fn thousands(n: usize) -> String {
    resources::guides::figures::count(u64::try_from(n).unwrap_or(u64::MAX))
}

/// Anything no route answers: a JSON 404 under `/api/`, the 404 page elsewhere.
pub async fn not_found_fallback(
    axum::extract::State(state): axum::extract::State<AppState>,
    uri: Uri,
) -> Response {
    if uri.path().starts_with("/api/") {
        api::ApiError::NotFound("no such API endpoint; see /api/v1/openapi.json".to_owned())
            .into_response()
    } else {
        PageError::not_found(&state, "There is no page at this address.").into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(6600), "6,600");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
