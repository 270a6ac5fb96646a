//! The program explorer: filters, text search, pagination, and a selection to compare.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use catalog::{CensusRegion, ProgramType, UsState};

use super::{FormErrors, Layout, SelectOption, thousands};
use crate::input::{self, DEFAULT_PER_PAGE, ProgramSort, QueryPairs};
use crate::state::AppState;
use crate::views::{ProgramRow, program_row};

/// Every program type a search can ask for, in display order.
pub const PROGRAM_TYPES: [ProgramType; 5] = [
    ProgramType::UniversityBased,
    ProgramType::CommunityUniversityAffiliated,
    ProgramType::CommunityBased,
    ProgramType::MilitaryBased,
    ProgramType::Other,
];

/// The explorer's form as typed.
pub struct ExplorerForm {
    specialty: Vec<SelectOption>,
    state: Vec<SelectOption>,
    region: Vec<SelectOption>,
    visa: Vec<SelectOption>,
    program_type: Vec<SelectOption>,
    per_page: Vec<SelectOption>,
    sort: Vec<SelectOption>,
    min_positions: String,
    min_img_share: String,
    text: String,
    /// The specialty guide of the specialty filtered on (its page and name), if it has one.
    specialty_guide: Option<(String, &'static str)>,
}

impl ExplorerForm {
    fn new(state: &AppState, pairs: &QueryPairs) -> ExplorerForm {
        let catalog = state.catalog();
        let value = |key: &str| pairs.first(key).unwrap_or("").to_owned();
        // A specialty typed by name shows as the matching option when it resolves.
        let specialty = pairs
            .first("specialty")
            .map(|text| {
                input::parse_specialty(catalog, text)
                    .map_or_else(|_| text.to_owned(), |code| code.to_string())
            })
            .unwrap_or_default();
        let specialty_guide = catalog::SpecialtyCode::parse(&specialty)
            .ok()
            .and_then(resources::guides::guide_for)
            .map(|guide| (guide.url(), guide.name));
        ExplorerForm {
            specialty_guide,
            specialty: SelectOption::list(
                Some("Any specialty"),
                catalog
                    .specialties
                    .iter()
                    .map(|s| (s.code.to_string(), format!("{} ({})", s.name, s.code))),
                &specialty,
            ),
            state: SelectOption::list(
                Some("Any state"),
                UsState::all()
                    .map(|s| (s.code().to_owned(), format!("{} ({})", s.name(), s.code()))),
                &value("state"),
            ),
            region: SelectOption::list(
                Some("Any region"),
                CensusRegion::ALL
                    .iter()
                    .map(|r| (r.name().to_lowercase(), r.name().to_owned())),
                &value("region"),
            ),
            visa: SelectOption::list(
                Some("No visa filter"),
                [
                    ("any", "Sponsors J-1 or H-1B"),
                    ("j1", "Sponsors J-1"),
                    ("h1b", "Sponsors H-1B"),
                ]
                .map(|(v, l)| (v.to_owned(), l.to_owned())),
                &value("visa"),
            ),
            program_type: SelectOption::list(
                Some("Any type"),
                PROGRAM_TYPES.map(|t| (t.key().to_owned(), t.name().to_owned())),
                &value("program_type"),
            ),
            per_page: SelectOption::list(
                None,
                [10usize, 25, 50, 100].map(|n| (n.to_string(), n.to_string())),
                &pairs
                    .first("per_page")
                    .map_or_else(|| DEFAULT_PER_PAGE.to_string(), str::to_owned),
            ),
            sort: SelectOption::list(
                None,
                ProgramSort::ALL.map(|s| (s.key().to_owned(), s.label().to_owned())),
                pairs.first("sort").unwrap_or("catalog"),
            ),
            min_positions: value("min_positions"),
            min_img_share: value("min_img_share"),
            text: value("text"),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "explorer.html")]
pub struct ExplorerPage {
    layout: Layout,
    form: ExplorerForm,
    errors: FormErrors,
    rows: Vec<ProgramRow>,
    total: String,
    page: usize,
    pages: usize,
    first_shown: usize,
    last_shown: usize,
    previous_link: Option<String>,
    next_link: Option<String>,
}

/// The query string of the same search on another page.
fn page_link(pairs: &QueryPairs, page: usize) -> String {
    let mut serializer = form_urlencoded::Serializer::new(String::new());
    for key in input::EXPLORER_KEYS {
        if key == "page" {
            continue;
        }
        for value in pairs.all(key) {
            serializer.append_pair(key, &value);
        }
    }
    serializer.append_pair("page", &page.to_string());
    format!("/programs?{}", serializer.finish())
}

/// `GET /programs`: the filtered, paginated list.
pub async fn explorer(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let pairs = QueryPairs::parse(raw.as_deref());
    let form = ExplorerForm::new(&state, &pairs);
    let layout = Layout::new(&state, "Program explorer", "/programs");
    let request = match input::parse_explorer(state.catalog(), &pairs) {
        Ok(request) => request,
        Err(errors) => {
            let page = ExplorerPage {
                layout,
                form,
                errors: FormErrors(errors),
                rows: Vec::new(),
                total: "0".to_owned(),
                page: 1,
                pages: 1,
                first_shown: 0,
                last_shown: 0,
                previous_link: None,
                next_link: None,
            };
            return (StatusCode::UNPROCESSABLE_ENTITY, page).into_response();
        }
    };
    let catalog = state.catalog();
    let matching = state.search_programs(&request);
    let pages = matching.len().div_ceil(request.per_page).max(1);
    let page = request.page.min(pages);
    let start = (page - 1) * request.per_page;
    let rows: Vec<ProgramRow> = matching
        .iter()
        .skip(start)
        .take(request.per_page)
        .map(|program| program_row(catalog, program, state.program_positions(program)))
        .collect();
    ExplorerPage {
        layout,
        form,
        errors: FormErrors::default(),
        first_shown: if rows.is_empty() { 0 } else { start + 1 },
        last_shown: start + rows.len(),
        rows,
        total: thousands(matching.len()),
        page,
        pages,
        previous_link: (page > 1).then(|| page_link(&pairs, page - 1)),
        next_link: (page < pages).then(|| page_link(&pairs, page + 1)),
    }
    .into_response()
}
