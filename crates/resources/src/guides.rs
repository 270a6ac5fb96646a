//! Specialty guides: one per specialty that the published tables of the `targets` crate
//! describe, gathering its rows (NRMP 2025 PGY-1 positions, Charting Outcomes 2026 for non-US
//! IMGs, US MD seniors' Step 2 CK quartiles and P(match) by Step 2 CK band, ERAS signals) and
//! reading them for each applicant type.
//!
//! Guides are made from data, not written as articles: every number in their words is taken
//! from a table when the words are made, and every comparison ("higher", "the same") is
//! computed, so the words stay true when the tables are refreshed. A figure no table holds is
//! never stated; the guide says it is not published instead. The web application draws the
//! charts and tables; this module knows no HTML.

use std::sync::LazyLock;

use catalog::{SpecialtyCode, TrackType};
use targets::{
    ApplicantType, CHARTING_OUTCOMES_2026_NON_US_IMG, ERAS_2025_SIGNALS, MatchRate,
    NRMP_2025_MATCH_RATES, NRMP_2025_PGY1_BY_SPECIALTY, NonUsImgMeasures, NonUsImgSpecialtySummary,
    Pgy1SpecialtyRow, STEP2_BANDS, SignalAllotment, USMD_MATCH_BY_STEP2_BAND_2020_2024,
    USMD_STEP2_QUARTILES_2026, UsMdMatchByStep2Band, UsMdStep2Quartiles,
};

use crate::front_matter::ArticleDate;
use crate::paths;
use crate::render::slugify;

/// The category slug that search results and the feed give the guides.
pub const GUIDE_CATEGORY: &str = "specialties";
/// The name shown for that category.
pub const GUIDE_CATEGORY_NAME: &str = "Specialty guides";
/// The date of the guides' last substantive revision (of their words or of the tables they
/// read), for the feed and the sitemap.
pub const GUIDES_REVISED: ArticleDate = ArticleDate {
    year: 2026,
    month: 12,
    day: 8,
};

/// Numbers as the guides write them, shared by their words and the web pages' tables so that
/// a figure reads the same everywhere.
pub mod figures {
    /// A count with thousands separators: `10,941`.
    pub fn count(n: impl Into<u64>) -> String {
        let digits = n.into().to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        out
    }

    /// A published percentage with its one decimal: `96.7%`.
    pub fn percent(p: f64) -> String {
        format!("{p:.1}%")
    }

    /// A whole percentage: `81%`.
    pub fn whole_percent(p: u8) -> String {
        format!("{p}%")
    }

    /// A score, median or count as published: whole when it is whole (`243`), else with one
    /// decimal (`1.5`).
    pub fn number(x: f64) -> String {
        if x.fract() == 0.0 {
            format!("{x:.0}")
        } else {
            format!("{x:.1}")
        }
    }

    /// US dollars: `$2,670`.
    pub fn dollars(n: u32) -> String {
        format!("${}", count(n))
    }
}

use figures::{count, number, percent, whole_percent};

/// The published figures about one specialty.
#[derive(Debug, Clone, PartialEq)]
pub struct SpecialtyGuide {
    /// The catalog specialty.
    pub code: SpecialtyCode,
    /// Its name as the site shows it.
    pub name: &'static str,
    /// The guide's slug: its page is `/resources/specialties/<slug>`.
    pub slug: String,
    /// The page's title.
    pub title: String,
    /// One sentence for lists, search results and the feed.
    pub summary: String,
    /// NRMP 2025 PGY-1 rows of the specialty: the categorical (or only) row first, then a
    /// preliminary one.
    pub pgy1: Vec<&'static Pgy1SpecialtyRow>,
    /// Charting Outcomes 2026, non-US IMGs: the summary row.
    pub non_us_img: Option<&'static NonUsImgSpecialtySummary>,
    /// Charting Outcomes 2026, non-US IMGs: the distributions.
    pub non_us_img_measures: Option<&'static NonUsImgMeasures>,
    /// US MD seniors' P(match) by Step 2 CK band, pooled 2020–2024.
    pub usmd_bands: Option<&'static UsMdMatchByStep2Band>,
    /// US MD seniors' Step 2 CK quartiles, Charting Outcomes 2026.
    pub usmd_quartiles: Option<&'static UsMdStep2Quartiles>,
    /// ERAS 2025 preference signals.
    pub signals: Option<&'static SignalAllotment>,
}

/// What the figures say to one applicant type: a heading and its sentences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// The applicant type.
    pub applicant_type: ApplicantType,
    /// The heading, e.g. `Non-US-citizen IMGs`.
    pub heading: &'static str,
    /// The sentences, each with its figures filled in from the tables.
    pub sentences: Vec<String>,
}

/// The guide slug of a specialty: its built-in name in lowercase words joined by hyphens
/// (`internal-medicine`). The one place a specialty's slug is made.
pub fn slug(code: SpecialtyCode) -> Option<String> {
    code.builtin_name().map(slugify)
}

static GUIDES: LazyLock<Vec<SpecialtyGuide>> = LazyLock::new(build_guides);

/// Every guide, in the order of the specialties' names.
pub fn guides() -> &'static [SpecialtyGuide] {
    &GUIDES
}

/// The guide with this slug.
pub fn guide(slug: &str) -> Option<&'static SpecialtyGuide> {
    guides().iter().find(|guide| guide.slug == slug)
}

/// The guide of a catalog specialty, if the tables describe it.
pub fn guide_for(code: SpecialtyCode) -> Option<&'static SpecialtyGuide> {
    guides().iter().find(|guide| guide.code == code)
}

/// Every catalog specialty with a row in an outcome table (positions, Charting Outcomes, US MD
/// seniors' scores), each with every row that describes it.
fn build_guides() -> Vec<SpecialtyGuide> {
    let mut codes: Vec<SpecialtyCode> = NRMP_2025_PGY1_BY_SPECIALTY
        .iter()
        .map(|row| row.catalog)
        .chain(
            CHARTING_OUTCOMES_2026_NON_US_IMG
                .iter()
                .map(|row| row.catalog),
        )
        .chain(
            USMD_MATCH_BY_STEP2_BAND_2020_2024
                .iter()
                .map(|row| row.catalog),
        )
        .chain(USMD_STEP2_QUARTILES_2026.iter().map(|row| row.catalog))
        .flat_map(|mapping| mapping.specialty_codes().collect::<Vec<_>>())
        .collect();
    codes.sort();
    codes.dedup();
    let mut guides: Vec<SpecialtyGuide> = codes
        .into_iter()
        .filter_map(|code| {
            let name = code.builtin_name()?;
            let mut pgy1: Vec<&'static Pgy1SpecialtyRow> = NRMP_2025_PGY1_BY_SPECIALTY
                .iter()
                .filter(|row| row.catalog.includes_specialty(code))
                .collect();
            pgy1.sort_by_key(|row| row.catalog.track_type != Some(TrackType::Categorical));
            let non_us_img = NonUsImgSpecialtySummary::find(code);
            Some(SpecialtyGuide {
                code,
                name,
                slug: slug(code)?,
                title: format!("{name}: the published figures for each applicant type"),
                summary: format!(
                    "Positions in {name}, who fills them, match rates and Step 2 CK of \
                     matched and unmatched applicants, signals and fees, from NRMP and AAMC \
                     figures, read for each applicant type."
                ),
                pgy1,
                non_us_img,
                non_us_img_measures: non_us_img
                    .and_then(|row| NonUsImgMeasures::find(row.specialty)),
                usmd_bands: UsMdMatchByStep2Band::find(code),
                usmd_quartiles: UsMdStep2Quartiles::find(code),
                signals: ERAS_2025_SIGNALS
                    .iter()
                    .find(|row| row.catalog.includes_specialty(code)),
            })
        })
        .collect();
    guides.sort_by(|a, b| a.name.cmp(b.name));
    guides
}

/// The national PGY-1 match rate of an applicant type (NRMP 2025, every specialty).
pub fn national_match_rate(applicant_type: ApplicantType) -> &'static MatchRate {
    NRMP_2025_MATCH_RATES
        .iter()
        .find(|rate| rate.applicant_type == applicant_type)
        .expect("the NRMP table has every applicant type")
}

/// The published share of filled positions an applicant type took in a PGY-1 row.
pub fn share(row: &Pgy1SpecialtyRow, applicant_type: ApplicantType) -> f64 {
    match applicant_type {
        ApplicantType::UsMdSenior => row.share_us_md_senior,
        ApplicantType::UsDoSenior => row.share_us_do_senior,
        ApplicantType::UsImg => row.share_us_img,
        ApplicantType::NonUsImg => row.share_non_us_img,
    }
}

/// The part of filled positions the four published shares leave (other applicants, such as
/// prior graduates of US schools), computed as 100 minus their sum and never below zero.
pub fn other_share(row: &Pgy1SpecialtyRow) -> f64 {
    let four: f64 = ApplicantType::ALL
        .iter()
        .map(|&applicant_type| share(row, applicant_type))
        .sum();
    ((100.0 - four) * 10.0).round().max(0.0) / 10.0
}

/// The fewest US MD seniors a Step 2 CK band must hold for the words to quote its rate, so that
/// a rate in a sentence never rests on one or two people; the chart and the table show every
/// band with its number of seniors.
pub const BAND_QUOTED_MIN_APPLICANTS: u32 = 20;

/// The applicant types in the order the guides read them: international graduates first,
/// since the guides are written for them above all.
pub const READING_ORDER: [ApplicantType; 4] = [
    ApplicantType::NonUsImg,
    ApplicantType::UsImg,
    ApplicantType::UsDoSenior,
    ApplicantType::UsMdSenior,
];

fn plural_heading(applicant_type: ApplicantType) -> &'static str {
    match applicant_type {
        ApplicantType::NonUsImg => "Non-US-citizen IMGs",
        ApplicantType::UsImg => "US-citizen IMGs",
        ApplicantType::UsDoSenior => "US DO seniors",
        ApplicantType::UsMdSenior => "US MD seniors",
    }
}

/// A band's label in words: `<200` is "below 200", `250+` "250 or more", `230-239` "230 to
/// 239".
fn band_words(label: &str) -> String {
    if let Some(top) = label.strip_prefix('<') {
        format!("below {top}")
    } else if let Some(bottom) = label.strip_suffix('+') {
        format!("{bottom} or more")
    } else if let Some((low, high)) = label.split_once('-') {
        format!("{low} to {high}")
    } else {
        label.to_owned()
    }
}

fn comparison(matched: f64, not_matched: f64) -> String {
    let difference = matched - not_matched;
    let points = |d: f64| {
        if d == 1.0 {
            "1 point".to_owned()
        } else {
            format!("{} points", number(d))
        }
    };
    if difference > 0.0 {
        format!("the matched median is {} higher", points(difference))
    } else if difference < 0.0 {
        format!(
            "the median of those who did not match is {} higher",
            points(-difference)
        )
    } else {
        "the two medians are the same".to_owned()
    }
}

impl SpecialtyGuide {
    /// The guide's page.
    pub fn url(&self) -> String {
        paths::specialty_guide(&self.slug)
    }

    /// The main PGY-1 row (categorical, or the only one).
    pub fn main_pgy1(&self) -> Option<&'static Pgy1SpecialtyRow> {
        self.pgy1.first().copied()
    }

    /// What the figures say to each applicant type, in [`READING_ORDER`].
    pub fn readings(&self) -> Vec<Reading> {
        READING_ORDER
            .iter()
            .map(|&applicant_type| Reading {
                applicant_type,
                heading: plural_heading(applicant_type),
                sentences: self.sentences(applicant_type),
            })
            .collect()
    }

    /// Every sentence of every reading, as one text (for search).
    pub fn text(&self) -> String {
        self.readings()
            .iter()
            .map(|reading| format!("{}. {}", reading.heading, reading.sentences.join(" ")))
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn sentences(&self, applicant_type: ApplicantType) -> Vec<String> {
        let mut sentences = Vec::new();
        let who = plural_heading(applicant_type).replace("Non-US", "non-US");
        // Where the NRMP table has no row, the positions section says so once; the readings
        // keep to what is published.
        if let Some(row) = self.main_pgy1() {
            sentences.push(format!(
                "In the 2025 Match, {who} took {} of the filled PGY-1 positions of {} ({} of \
                 {} positions were filled).",
                percent(share(row, applicant_type)),
                row.specialty,
                count(row.positions_filled),
                count(row.positions_offered)
            ));
        }
        match applicant_type {
            ApplicantType::NonUsImg => self.non_us_img_sentences(&mut sentences),
            ApplicantType::UsMdSenior => self.us_md_sentences(&mut sentences),
            ApplicantType::UsImg | ApplicantType::UsDoSenior => {}
        }
        if applicant_type != ApplicantType::NonUsImg {
            let national = national_match_rate(applicant_type);
            let specialty_rate =
                if applicant_type == ApplicantType::UsMdSenior && self.usmd_bands.is_some() {
                    "is published only by Step 2 CK band"
                } else {
                    "is not published"
                };
            sentences.push(format!(
                "Their match rate in this specialty {specialty_rate}; across every specialty, \
                 {} of {} {who} who certified a rank list in 2025 matched to a PGY-1 position \
                 ({}).",
                count(national.matched_pgy1),
                count(national.active_applicants),
                percent(national.match_rate_pct)
            ));
        }
        sentences
    }

    fn non_us_img_sentences(&self, sentences: &mut Vec<String>) {
        let Some(row) = self.non_us_img else {
            sentences.push(
                "Charting Outcomes 2026 publishes no figures for non-US IMGs in this \
                 specialty."
                    .to_owned(),
            );
            let national = national_match_rate(ApplicantType::NonUsImg);
            sentences.push(format!(
                "Across every specialty, {} of non-US-citizen IMGs who certified a rank list \
                 in 2025 matched to a PGY-1 position.",
                percent(national.match_rate_pct)
            ));
            return;
        };
        sentences.push(format!(
            "In Charting Outcomes 2026, {} of the {} non-US IMGs who preferred {} matched in \
             it ({}).",
            count(row.img_matched),
            count(row.img_total()),
            row.specialty,
            percent(row.img_match_rate_pct)
        ));
        match (row.step2_matched.median, row.step2_not_matched.median) {
            (Some(matched), Some(not_matched)) => sentences.push(format!(
                "Their median Step 2 CK was {matched} if they matched and {not_matched} if \
                 they did not: {}.",
                comparison(f64::from(matched), f64::from(not_matched))
            )),
            _ => sentences.push(
                "Their Step 2 CK is not published for this specialty (too few applicants)."
                    .to_owned(),
            ),
        }
        if let (Some(matched), Some(not_matched)) = (
            row.contiguous_ranks_matched_median,
            row.contiguous_ranks_not_matched_median,
        ) {
            sentences.push(format!(
                "Those who matched ranked a median of {} programs of the specialty in a row \
                 before any other specialty; those who did not, {}.",
                number(matched),
                number(not_matched)
            ));
        }
    }

    fn us_md_sentences(&self, sentences: &mut Vec<String>) {
        match self.usmd_quartiles {
            Some(row) => {
                let unmatched = match row.not_matched_median {
                    Some(median) => format!("the median of those who did not match was {median}"),
                    None => "the median of those who did not match is not published (too few)"
                        .to_owned(),
                };
                sentences.push(format!(
                    "In Charting Outcomes 2026, seniors who matched had a median Step 2 CK of \
                     {} (middle half {} to {}); {unmatched}.",
                    row.matched_median, row.matched_q1, row.matched_q3
                ));
            }
            None => sentences
                .push("Their Step 2 CK quartiles are not published for this specialty.".to_owned()),
        }
        if let Some(bands) = self.usmd_bands {
            let published: Vec<(usize, u8)> = bands
                .match_pct
                .iter()
                .enumerate()
                .filter_map(|(i, pct)| {
                    pct.filter(|_| bands.applicants[i] >= BAND_QUOTED_MIN_APPLICANTS)
                        .map(|p| (i, p))
                })
                .collect();
            if let (Some(&(low, low_pct)), Some(&(high, high_pct))) =
                (published.first(), published.last())
                && low != high
            {
                sentences.push(format!(
                    "Pooled over 2020–2024, {} of the {} seniors whose Step 2 CK was {} matched \
                     in the specialty they preferred, and {} of the {} whose score was {}.",
                    whole_percent(low_pct),
                    count(bands.applicants[low]),
                    band_words(STEP2_BANDS[low].label),
                    whole_percent(high_pct),
                    count(bands.applicants[high]),
                    band_words(STEP2_BANDS[high].label)
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_specialty_with_an_outcome_row_has_one_guide_with_a_unique_slug() {
        let guides = guides();
        for row in &NRMP_2025_PGY1_BY_SPECIALTY {
            for code in row.catalog.specialty_codes() {
                assert!(guide_for(code).is_some(), "{}", row.specialty);
            }
        }
        for row in &CHARTING_OUTCOMES_2026_NON_US_IMG {
            for code in row.catalog.specialty_codes() {
                assert!(guide_for(code).is_some(), "{}", row.specialty);
            }
        }
        let mut slugs: Vec<&str> = guides.iter().map(|g| g.slug.as_str()).collect();
        slugs.sort();
        slugs.dedup();
        assert_eq!(slugs.len(), guides.len());
        let im = guide("internal-medicine").unwrap();
        assert_eq!(im.code.as_str(), "140");
        assert_eq!(im.pgy1.len(), 2, "categorical and preliminary");
        assert_eq!(im.pgy1[0].catalog.track_type, Some(TrackType::Categorical));
        assert_eq!(im.url(), "/resources/specialties/internal-medicine");
    }

    #[test]
    fn words_carry_the_tables_figures() {
        let psychiatry = guide("psychiatry").unwrap();
        let text = psychiatry.text();
        let row = psychiatry.non_us_img.unwrap();
        assert!(text.contains(&format!("{} of the {}", row.img_matched, row.img_total())));
        assert!(text.contains(&percent(row.img_match_rate_pct)));
        let transitional = guide_for(SpecialtyCode::TRANSITIONAL_YEAR).unwrap();
        assert!(
            transitional
                .text()
                .contains("Charting Outcomes 2026 publishes no figures for non-US IMGs")
        );
        // No band table, so no claim that one is published.
        assert!(transitional.usmd_bands.is_none());
        assert!(!transitional.text().contains("by Step 2 CK band"));
    }

    #[test]
    fn bands_read_as_words() {
        assert_eq!(band_words("<200"), "below 200");
        assert_eq!(band_words("250+"), "250 or more");
        assert_eq!(band_words("230-239"), "230 to 239");
    }

    #[test]
    fn comparisons_follow_the_numbers() {
        assert_eq!(
            comparison(243.0, 240.0),
            "the matched median is 3 points higher"
        );
        assert_eq!(comparison(240.0, 240.0), "the two medians are the same");
        assert!(comparison(230.0, 231.0).contains("did not match is 1 point higher"));
    }

    #[test]
    fn figures_read_as_published() {
        assert_eq!(count(10_941_u32), "10,941");
        assert_eq!(percent(96.7), "96.7%");
        assert_eq!(percent(100.0), "100.0%");
        assert_eq!(number(243.0), "243");
        assert_eq!(number(1.5), "1.5");
        assert_eq!(figures::dollars(2670), "$2,670");
    }
}
