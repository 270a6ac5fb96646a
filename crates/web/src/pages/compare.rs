//! Two to four programs side by side, attribute by attribute.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::{FormErrors, Layout};
use crate::input::{self, QueryPairs};
use crate::state::AppState;
use crate::views::{FieldView, program_fields, specialty_name};

/// A compared program's heading.
pub struct CompareColumn {
    id: String,
    name: String,
    specialty: String,
}

/// One attribute across the compared programs.
pub struct CompareRow {
    label: &'static str,
    cells: Vec<FieldView>,
}

#[derive(Template, WebTemplate)]
#[template(path = "compare.html")]
pub struct ComparePage {
    layout: Layout,
    ids_text: String,
    errors: FormErrors,
    columns: Vec<CompareColumn>,
    rows: Vec<CompareRow>,
}

/// `GET /compare?ids=a&ids=b`: without ids, how to choose programs; with two to four, the
/// comparison; otherwise 422 with the form.
pub async fn compare(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let pairs = QueryPairs::parse(raw.as_deref());
    let ids_text = pairs.all("ids").join(", ");
    let mut page = ComparePage {
        layout: Layout::new(&state, "Compare programs", "/compare"),
        ids_text,
        errors: FormErrors::default(),
        columns: Vec::new(),
        rows: Vec::new(),
    };
    if pairs.raw_all("ids").is_empty() {
        return page.into_response();
    }
    let catalog = state.catalog();
    let ids = match input::parse_compare(catalog, &pairs) {
        Ok(ids) => ids,
        Err(errors) => {
            page.errors = FormErrors(errors);
            return (StatusCode::UNPROCESSABLE_ENTITY, page).into_response();
        }
    };
    let programs: Vec<_> = ids.iter().filter_map(|id| catalog.program(id)).collect();
    let fields: Vec<Vec<FieldView>> = programs.iter().map(|p| program_fields(p)).collect();
    page.columns = programs
        .iter()
        .map(|program| CompareColumn {
            id: program.id.to_string(),
            name: program.name.clone(),
            specialty: specialty_name(catalog, program),
        })
        .collect();
    if let Some(first) = fields.first() {
        page.rows = (0..first.len())
            .map(|index| CompareRow {
                label: first[index].label,
                cells: fields.iter().map(|f| f[index].clone()).collect(),
            })
            .collect();
    }
    page.into_response()
}
