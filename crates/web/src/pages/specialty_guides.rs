//! The specialty guides: `/resources/specialties`, the list of every specialty with published
//! figures, and `/resources/specialties/{slug}`, one specialty's figures as tables and charts
//! with what they mean for each applicant type, and the served catalog's visa sponsorship
//! counts labelled with their source and date.
//!
//! The guides and their words come from `resources::guides`; the tables and chart layouts from
//! `crate::guide_view`.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use resources::guides::{self, Reading};
use resources::paths;
use smart_pick::{Improvement, Profile};

use super::{Layout, PageError};
use crate::guide_view::{self, CHART_WIDTH, GuideFigures, VisaCounts};
use crate::state::{AppState, Site};

/// The guides' routes. They are more specific than `/resources/{slug}`, so the router sends
/// `/resources/specialties` here and never to an article.
pub fn routes() -> Router<Site> {
    Router::new()
        .route(paths::SPECIALTY_GUIDES, get(index))
        .route("/resources/specialties/{slug}", get(guide))
}

/// A guide in the list.
pub struct GuideLink {
    /// Its page.
    pub href: String,
    /// The specialty's name.
    pub name: String,
    /// Which published tables it draws on.
    pub tables: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "specialty_guides.html")]
struct IndexPage {
    layout: Layout,
    guides: Vec<GuideLink>,
}

/// `GET /resources/specialties`.
async fn index(State(state): State<AppState>) -> IndexPage {
    IndexPage {
        layout: Layout::new(&state, "Specialty guides", paths::INDEX),
        guides: guides::guides()
            .iter()
            .map(|guide| {
                let mut tables = Vec::new();
                if !guide.pgy1.is_empty() {
                    tables.push("NRMP 2025 positions");
                }
                if guide.non_us_img.is_some() {
                    tables.push("non-US IMGs (Charting Outcomes 2026)");
                }
                if guide.usmd_bands.is_some() || guide.usmd_quartiles.is_some() {
                    tables.push("US MD seniors' Step 2 CK");
                }
                if guide.signals.is_some() {
                    tables.push("ERAS signals");
                }
                GuideLink {
                    href: guide.url(),
                    name: guide.name.to_owned(),
                    tables: tables.join(", "),
                }
            })
            .collect(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "specialty_guide.html")]
struct GuidePage {
    layout: Layout,
    name: String,
    title: String,
    summary: String,
    readings: Vec<Reading>,
    figures: GuideFigures,
    visa: VisaCounts,
    chart_width: f64,
    programs_href: String,
}

/// `GET /resources/specialties/{slug}`.
async fn guide(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let Some(guide) = guides::guide(&slug) else {
        return Err(PageError::not_found(
            &state,
            "No specialty guide has this address. The list of specialty guides names every \
             specialty with published figures.",
        ));
    };
    Ok(GuidePage {
        layout: Layout::new(&state, guide.title.clone(), paths::INDEX),
        name: guide.name.to_owned(),
        title: guide.title.clone(),
        summary: guide.summary.clone(),
        readings: guide.readings(),
        figures: guide_view::figures(guide),
        visa: guide_view::visa_counts(state.catalog(), guide),
        chart_width: CHART_WIDTH,
        programs_href: format!("/programs?specialty={}", guide.code),
    }
    .into_response())
}

/// A link from Smart Pick's results to a specialty guide.
pub struct PickGuideLink {
    /// The guide's page.
    pub href: String,
    /// The specialty's name.
    pub name: &'static str,
    /// Whether it is the backup specialty the improvement plan suggests (not one the applicant
    /// chose).
    pub backup: bool,
}

/// The guides of the specialties the applicant chose, then of the backup specialty the plan
/// suggests when its suggestion is on the plan; specialties without a guide are left out.
pub fn pick_guide_links(profile: &Profile, plan: &[Improvement]) -> Vec<PickGuideLink> {
    let backup = plan
        .iter()
        .any(|change| change.key == "backup_specialty")
        .then(|| smart_pick::backup_specialty(profile))
        .flatten();
    profile
        .specialties()
        .iter()
        .map(|&code| (code, false))
        .chain(backup.map(|code| (code, true)))
        .filter_map(|(code, backup)| {
            let guide = guides::guide_for(code)?;
            Some(PickGuideLink {
                href: guide.url(),
                name: guide.name,
                backup,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROFILE: &str = r#"
applicant_type = "non_us_img"
graduation_year = 2022
ecfmg = "certified"
visa = "j1"
specialties = ["140", "400"]

[exams]
step1 = { passed = true, attempts = 1 }
step2_ck = { score = 241, attempts = 1 }

[budget]
applications = 120
"#;

    fn improvement(key: &'static str) -> Improvement {
        Improvement {
            key,
            change: String::new(),
            p_match: 0.5,
            gain: 0.1,
            cost_usd: 0,
        }
    }

    #[test]
    fn results_link_the_chosen_specialties_and_the_suggested_backup() {
        let profile = Profile::from_toml(PROFILE).unwrap();
        let names = |links: Vec<PickGuideLink>| -> Vec<(&'static str, bool)> {
            links.into_iter().map(|l| (l.name, l.backup)).collect()
        };
        assert_eq!(
            names(pick_guide_links(&profile, &[improvement("usce")])),
            [("Internal Medicine", false), ("Psychiatry", false)],
            "no backup unless the plan suggests one"
        );
        let backup = smart_pick::backup_specialty(&profile).unwrap();
        let links = pick_guide_links(&profile, &[improvement("backup_specialty")]);
        assert_eq!(links.len(), 3);
        assert!(links[2].backup);
        assert_eq!(links[2].href, guides::guide_for(backup).unwrap().url());
        assert_eq!(links[0].href, "/resources/specialties/internal-medicine");
    }
}
