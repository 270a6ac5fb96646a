//! How a page refuses or fails: one error type, [`PageError`], that page handlers return with
//! `?` and that answers as an HTML page in the site's layout (the friendly 404, a page that
//! says why, the form again with its errors, or 503/500 for a database out of reach or a
//! fault, logged with its cause chain and nothing of it shown).

use askama::Template;
use askama_web::WebTemplate;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use thiserror::Error;

use super::Layout;
use crate::state::AppState;

/// What went wrong on a page.
#[derive(Debug, Error)]
pub enum PageProblem {
    /// Nothing is at this address (404).
    #[error("not found: {0}")]
    NotFound(String),
    /// The request cannot be done, for a reason the page states.
    #[error("{heading}")]
    Refused {
        /// The status answered.
        status: StatusCode,
        /// The page's heading.
        heading: String,
        /// Why, in a sentence or two.
        text: String,
    },
    /// The submitted form is wrong: the form page again (422), its errors beside their fields.
    #[error("the form has invalid fields")]
    Invalid(Box<Response>),
    /// A use case failed: the database out of reach (503) or a fault (500).
    #[error(transparent)]
    App(#[from] app::AppError),
    /// A fault: a computation panicked, or the answer could not be written (500, logged).
    #[error("{0}")]
    Fault(String),
}

/// A page's refusal or failure, with the state whose layout the answer is drawn in.
#[derive(Debug, Error)]
#[error("{problem}")]
pub struct PageError {
    state: AppState,
    #[source]
    problem: PageProblem,
}

impl PageError {
    /// A problem answered in `state`'s layout.
    pub fn new(state: &AppState, problem: impl Into<PageProblem>) -> PageError {
        PageError {
            state: state.clone(),
            problem: problem.into(),
        }
    }

    /// The friendly 404 page.
    pub fn not_found(state: &AppState, what: impl Into<String>) -> PageError {
        PageError::new(state, PageProblem::NotFound(what.into()))
    }

    /// A page that says why the request was refused.
    pub fn refused(
        state: &AppState,
        status: StatusCode,
        heading: impl Into<String>,
        text: impl Into<String>,
    ) -> PageError {
        PageError::new(
            state,
            PageProblem::Refused {
                status,
                heading: heading.into(),
                text: text.into(),
            },
        )
    }

    /// The form page again, already rendered with its errors.
    pub fn invalid(state: &AppState, form_page: Response) -> PageError {
        PageError::new(state, PageProblem::Invalid(Box::new(form_page)))
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "not_found.html")]
struct NotFoundPage {
    layout: Layout,
    what: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "message.html")]
struct MessagePage {
    layout: Layout,
    heading: String,
    text: String,
}

/// A page that only says something: why a request was refused, or that something was done.
pub fn message(
    state: &AppState,
    status: StatusCode,
    heading: impl Into<String>,
    text: impl Into<String>,
) -> Response {
    let heading = heading.into();
    (
        status,
        MessagePage {
            layout: Layout::new(state, heading.clone(), ""),
            heading,
            text: text.into(),
        },
    )
        .into_response()
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let state = &self.state;
        match self.problem {
            PageProblem::NotFound(what) => (
                StatusCode::NOT_FOUND,
                NotFoundPage {
                    layout: Layout::new(state, "Not found", ""),
                    what,
                },
            )
                .into_response(),
            PageProblem::Refused {
                status,
                heading,
                text,
            } => message(state, status, heading, text),
            PageProblem::Invalid(page) => *page,
            PageProblem::App(error) => {
                crate::errors::log_fault(&error);
                if error.is_unavailable() {
                    message(
                        state,
                        StatusCode::SERVICE_UNAVAILABLE,
                        "Please try again in a moment",
                        "The site's database cannot be reached just now. Nothing you entered was lost: go back and send the form again in a few seconds.",
                    )
                } else {
                    internal(state)
                }
            }
            PageProblem::Fault(fault) => {
                tracing::error!(error = %fault, "request failed");
                internal(state)
            }
        }
    }
}

/// The 500 page: the fault is logged, nothing of it is shown.
fn internal(state: &AppState) -> Response {
    message(
        state,
        StatusCode::INTERNAL_SERVER_ERROR,
        "Something went wrong",
        "The server could not do this; the problem has been logged.",
    )
}
