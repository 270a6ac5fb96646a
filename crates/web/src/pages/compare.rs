//! Two to four programs side by side, attribute by attribute, with the attributes in which
//! they differ marked; and the picker that chooses them by ticking, from a search or from
//! programs like the one already chosen.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use catalog::{Catalog, Program, ProgramId, ProgramQuery};

use super::{FormErrors, Layout};
use crate::input::{self, MAX_COMPARED, QueryPairs};
use crate::state::AppState;
use crate::views::{FieldView, program_fields, specialty_name};

/// Programs a search in the picker lists at most.
const CANDIDATES_SHOWN: usize = 20;

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
    /// Whether the programs' values are not all the same.
    differs: bool,
}

/// A program the picker offers, ticked when already chosen.
pub struct Choice {
    id: String,
    name: String,
    detail: String,
    ticked: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "compare.html")]
pub struct ComparePage {
    layout: Layout,
    errors: FormErrors,
    words: String,
    choices: Vec<Choice>,
    /// Why the picker lists what it lists (empty before any search).
    choices_note: String,
    columns: Vec<CompareColumn>,
    rows: Vec<CompareRow>,
}

impl ComparePage {
    fn differing(&self) -> usize {
        self.rows.iter().filter(|row| row.differs).count()
    }
}

fn choice(catalog: &Catalog, program: &Program, ticked: bool) -> Choice {
    let place = match (program.city.get(), program.state.get()) {
        (Some(city), Some(state)) => format!("{city}, {}", state.code()),
        (None, Some(state)) => state.code().to_owned(),
        _ => "place unknown".to_owned(),
    };
    Choice {
        id: program.id.to_string(),
        name: program.name.clone(),
        detail: format!("{}, {place}", specialty_name(catalog, program)),
        ticked,
    }
}

/// What the picker offers beside the chosen programs: the programs a search finds, or else,
/// with one program chosen, others of its specialty in its state.
fn candidates<'a>(
    catalog: &'a Catalog,
    chosen: &[&Program],
    words: &str,
) -> (Vec<&'a Program>, String) {
    let query = if !words.is_empty() {
        ProgramQuery {
            text: Some(words.to_owned()),
            ..ProgramQuery::default()
        }
    } else if let [only] = chosen {
        ProgramQuery {
            specialty: Some(only.specialty),
            states: only.state.get().copied().into_iter().collect(),
            ..ProgramQuery::default()
        }
    } else {
        return (Vec::new(), String::new());
    };
    let found: Vec<&Program> = catalog
        .programs
        .iter()
        .filter(|p| query.matches(p) && !chosen.iter().any(|c| c.id == p.id))
        .collect();
    let shown = found.len().min(CANDIDATES_SHOWN);
    let what = if words.is_empty() {
        "programs of the same specialty in the same state".to_owned()
    } else {
        format!("programs whose name, institution or city holds “{words}”")
    };
    let note = match found.len() {
        0 => format!("No other {what}."),
        n if n > shown => format!("The first {shown} of {n} {what}; add words to narrow them."),
        n => format!("{n} {what}."),
    };
    (found.into_iter().take(shown).collect(), note)
}

/// `GET /compare?ids=a&ids=b`: with two to four programs ticked, the comparison; with fewer,
/// or when `action=search`, the picker (`q`: words to find programs by); unknown or repeated
/// ids, or more than four, are refused with 422 and the picker.
pub async fn compare(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let pairs = QueryPairs::parse(raw.as_deref());
    let catalog = state.catalog();
    let words = pairs.first("q").unwrap_or("").trim().to_owned();
    let searching = pairs.first("action") == Some("search");
    let mut page = ComparePage {
        layout: Layout::new(&state, "Compare programs", "/compare"),
        errors: FormErrors::default(),
        words,
        choices: Vec::new(),
        choices_note: String::new(),
        columns: Vec::new(),
        rows: Vec::new(),
    };
    let ids = input::parse_compare(catalog, &pairs);
    // The programs ticked so far that the catalog has, whatever else is wrong.
    let ticked: Vec<&Program> = {
        let mut seen: Vec<ProgramId> = Vec::new();
        pairs
            .all("ids")
            .iter()
            .filter_map(|text| ProgramId::parse(text).ok())
            .filter_map(|id| catalog.program(&id))
            .filter(|p| {
                let new = !seen.contains(&p.id);
                seen.push(p.id.clone());
                new
            })
            .collect()
    };
    let mut status = StatusCode::OK;
    match ids {
        Ok(ids) if !searching => {
            let programs: Vec<&Program> = ids.iter().filter_map(|id| catalog.program(id)).collect();
            fill_comparison(&mut page, catalog, &programs);
        }
        Ok(_) => {}
        // Too few ticked is where choosing starts, not an error.
        Err(errors) if ticked.len() < 2 && errors.iter().all(|e| e.path == "ids") => {}
        Err(_) if searching && ticked.len() <= MAX_COMPARED => {}
        Err(errors) => {
            status = StatusCode::UNPROCESSABLE_ENTITY;
            page.errors = FormErrors(errors);
        }
    }
    let (found, note) = candidates(catalog, &ticked, &page.words);
    page.choices = ticked
        .iter()
        .map(|p| choice(catalog, p, true))
        .chain(found.iter().map(|p| choice(catalog, p, false)))
        .collect();
    page.choices_note = note;
    (status, page).into_response()
}

fn fill_comparison(page: &mut ComparePage, catalog: &Catalog, programs: &[&Program]) {
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
            .map(|index| {
                let cells: Vec<FieldView> = fields.iter().map(|f| f[index].clone()).collect();
                let differs = cells
                    .iter()
                    .any(|c| c.value != cells[0].value || c.rule != cells[0].rule);
                CompareRow {
                    label: first[index].label,
                    cells,
                    differs,
                }
            })
            .collect();
    }
}
