//! What a specialty guide's page shows: its tables and the layout of its charts (SVG
//! coordinates), made from the `resources` crate's guide (the published rows) and, for visa
//! sponsorship, from the served catalog.
//!
//! Charts follow the Smart Pick results page's approach: the template draws SVG from
//! coordinates computed here, with presentation attributes only (no style, no script), a title
//! and a description, and a table with the same numbers beside it. Every mark that encodes a
//! number carries it in `data-value`, and so does the table cell that shows it, so that a test
//! can check that a chart and its table agree. The charts are laid out 360 units wide, so that
//! at a phone's width their 12-unit text stays about 12 pixels high.

use std::collections::BTreeSet;

use catalog::{Catalog, Fact};
use resources::guides::{
    self, READING_ORDER, SpecialtyGuide,
    figures::{count, dollars, number, percent},
};
use targets::{
    ApplicantType, Distribution, ERAS_2025_APPLICATIONS, ERAS_FEE_SCHEDULES, FeeSchedule,
    STEP2_BANDS,
};

use crate::pick_view::Tick;

/// The width of every guide chart, in SVG units.
pub const CHART_WIDTH: f64 = 360.0;

/// The fill of each group of the "who fills the positions" chart, in the order of
/// [`READING_ORDER`] reversed (US MD seniors first), then the others: dark enough that white
/// text on them has a contrast of at least 4.5:1.
const GROUP_FILLS: [&str; 5] = ["#0b5cad", "#1d6b3a", "#8a4b00", "#6b3fa0", "#4a5360"];

/// One coloured part of a stacked bar.
#[derive(Debug, Clone)]
pub struct Segment {
    /// Left edge.
    pub x: f64,
    /// Width.
    pub width: f64,
    /// Fill colour.
    pub fill: &'static str,
    /// The share, in percent of filled positions.
    pub value: f64,
    /// The share as text.
    pub text: String,
    /// The group's name.
    pub group: &'static str,
    /// Where its label goes, when it fits inside the segment.
    pub text_x: f64,
    /// Whether the label fits inside the segment.
    pub labelled: bool,
}

/// One bar: a PGY-1 row of the NRMP table.
#[derive(Debug, Clone)]
pub struct StackedBar {
    /// The row's name.
    pub label: String,
    /// Baseline of the label.
    pub label_y: f64,
    /// Top of the bar.
    pub y: f64,
    /// Baseline of the labels inside the bar.
    pub text_y: f64,
    /// The parts, in the order of [`FillChart::groups`].
    pub segments: Vec<Segment>,
}

/// A group of the legend.
#[derive(Debug, Clone)]
pub struct LegendEntry {
    /// The group's name.
    pub name: &'static str,
    /// The CSS class of its swatch.
    pub swatch: String,
}

/// Who filled the positions: one stacked bar per PGY-1 row.
#[derive(Debug, Clone)]
pub struct FillChart {
    /// SVG height.
    pub height: f64,
    /// Height of each bar.
    pub bar_height: f64,
    /// The bars.
    pub bars: Vec<StackedBar>,
    /// The groups, in the order of each bar's segments.
    pub groups: Vec<LegendEntry>,
}

/// One row of the Step 2 CK range chart.
#[derive(Debug, Clone)]
pub struct RangeRow {
    /// Who the row describes.
    pub label: String,
    /// Baseline of the label.
    pub label_y: f64,
    /// Vertical middle of the marks.
    pub mid: f64,
    /// Least value, quartiles and greatest value, each with its x when published.
    pub min: Option<(f64, f64)>,
    /// First quartile.
    pub q1: Option<(f64, f64)>,
    /// Median.
    pub median: Option<(f64, f64)>,
    /// Third quartile.
    pub q3: Option<(f64, f64)>,
    /// Greatest value.
    pub max: Option<(f64, f64)>,
    /// The cells of the table row: min, Q1, median, Q3, max (text, and the number when
    /// published).
    pub cells: Vec<Cell>,
    /// Applicants counted, as text.
    pub n: String,
}

/// Step 2 CK of matched and unmatched applicants: a range plot (least to greatest value,
/// middle half as a box, median as a bar).
#[derive(Debug, Clone)]
pub struct RangeChart {
    /// SVG height.
    pub height: f64,
    /// Left of the plot.
    pub left: f64,
    /// Right of the plot.
    pub right: f64,
    /// Bottom of the plot (the axis).
    pub bottom: f64,
    /// Axis ticks.
    pub ticks: Vec<Tick>,
    /// The rows.
    pub rows: Vec<RangeRow>,
}

/// One point of the P(match) line.
#[derive(Debug, Clone)]
pub struct BandPoint {
    /// Centre x.
    pub x: f64,
    /// Centre y.
    pub y: f64,
    /// Percent matched.
    pub value: f64,
    /// As text.
    pub text: String,
    /// Baseline of its label.
    pub label_y: f64,
}

/// One row of the band table.
#[derive(Debug, Clone)]
pub struct BandRow {
    /// The band, e.g. `230-239`.
    pub band: &'static str,
    /// Seniors in the band, as text.
    pub applicants: String,
    /// Percent matched, when published, with its text.
    pub matched: Option<(f64, String)>,
}

/// US MD seniors' P(match) by Step 2 CK band: a line.
#[derive(Debug, Clone)]
pub struct BandChart {
    /// SVG height.
    pub height: f64,
    /// Left of the plot.
    pub left: f64,
    /// Right of the plot.
    pub right: f64,
    /// Bottom of the plot.
    pub bottom: f64,
    /// Percent ticks.
    pub y_ticks: Vec<Tick>,
    /// Band ticks.
    pub x_ticks: Vec<Tick>,
    /// The polyline's points.
    pub points_attr: String,
    /// The points.
    pub points: Vec<BandPoint>,
    /// The table.
    pub rows: Vec<BandRow>,
}

/// One row of a table of counts.
#[derive(Debug, Clone)]
pub struct FigureRow {
    /// What the row counts.
    pub label: String,
    /// Its cells.
    pub cells: Vec<String>,
}

/// Visa sponsorship among the served catalog's programs of the specialty.
#[derive(Debug, Clone)]
pub struct VisaCounts {
    /// Programs of the specialty in the catalog.
    pub programs: String,
    /// Rows: J-1, H-1B; cells: sponsor, do not, not stated.
    pub rows: Vec<FigureRow>,
    /// The sources of the sponsorship facts, each with its date.
    pub sources: Vec<String>,
    /// The catalog's label.
    pub catalog_label: String,
    /// Whether the catalog's programs are fictional.
    pub fictional: bool,
}

/// Everything a guide's page shows beyond its words.
#[derive(Debug, Clone)]
pub struct GuideFigures {
    /// Positions rows: row name, programs, positions, filled, fill rate.
    pub positions: Vec<FigureRow>,
    /// Who filled the positions.
    pub fill_chart: Option<FillChart>,
    /// Match rates by applicant type: in the specialty, and across every specialty.
    pub match_rates: Vec<FigureRow>,
    /// Charting Outcomes' positions and applicants who preferred the specialty.
    pub charting_positions: Option<(String, String)>,
    /// Step 2 CK of matched and unmatched applicants.
    pub step2_chart: Option<RangeChart>,
    /// US MD seniors' P(match) by band.
    pub band_chart: Option<BandChart>,
    /// Contiguous ranks and research output of non-US IMGs: measure, matched, not matched.
    pub ranks_and_research: Vec<FigureRow>,
    /// Signals: gold, silver.
    pub signals: Option<(String, String)>,
    /// ERAS fees: applicant group, mean applications, fee.
    pub fees: Vec<FigureRow>,
    /// The fee schedule's season and terms.
    pub fee_terms: String,
}

fn fill_groups() -> Vec<(&'static str, Option<ApplicantType>)> {
    let mut groups: Vec<(&'static str, Option<ApplicantType>)> = READING_ORDER
        .iter()
        .rev()
        .map(|&t| (t.name(), Some(t)))
        .collect();
    groups.push(("Other applicants", None));
    groups
}

/// Lays out who filled the positions of each PGY-1 row.
pub fn fill_chart(guide: &SpecialtyGuide) -> Option<FillChart> {
    if guide.pgy1.is_empty() {
        return None;
    }
    let (left, right) = (4.0, CHART_WIDTH - 4.0);
    let bar_height = 28.0;
    let row_height = 18.0 + bar_height + 14.0;
    let groups = fill_groups();
    let bars: Vec<StackedBar> = guide
        .pgy1
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let top = 6.0 + row_height * i as f64;
            let mut x = left;
            let segments = groups
                .iter()
                .zip(GROUP_FILLS)
                .map(|(&(group, applicant_type), fill)| {
                    let value = match applicant_type {
                        Some(t) => guides::share(row, t),
                        None => guides::other_share(row),
                    };
                    let width = (right - left) * value / 100.0;
                    let segment = Segment {
                        x,
                        width,
                        fill,
                        value,
                        text: percent(value),
                        group,
                        text_x: x + width / 2.0,
                        labelled: width >= 40.0,
                    };
                    x += width;
                    segment
                })
                .collect();
            StackedBar {
                label: row.specialty.to_owned(),
                label_y: top + 13.0,
                y: top + 18.0,
                text_y: top + 18.0 + bar_height / 2.0 + 4.5,
                segments,
            }
        })
        .collect();
    Some(FillChart {
        height: 6.0 + row_height * bars.len() as f64,
        bar_height,
        bars,
        groups: groups
            .iter()
            .enumerate()
            .map(|(i, (name, _))| LegendEntry {
                name,
                swatch: format!("swatch swatch-{i}"),
            })
            .collect(),
    })
}

/// A cell of a table beside a chart: its text, and the number when one is published.
type Cell = (String, Option<f64>);

fn distribution_cells(d: &Distribution) -> Vec<Cell> {
    [d.min, d.q1, d.median, d.q3, d.max]
        .into_iter()
        .map(|v| match v {
            Some(v) => (number(v), Some(v)),
            None => ("not published".to_owned(), None),
        })
        .collect()
}

/// Lays out Step 2 CK of matched and unmatched applicants: non-US IMGs (Charting Outcomes
/// 2026, least value to greatest) and US MD seniors (quartiles of the matched, median of the
/// unmatched).
pub fn step2_chart(guide: &SpecialtyGuide) -> Option<RangeChart> {
    // Each row: who, the cells (min, Q1, median, Q3, max), applicants counted.
    let mut rows: Vec<(String, Vec<Cell>, u32)> = Vec::new();
    if let Some(measures) = guide.non_us_img_measures {
        let step2 = &measures.step2ck;
        for (label, d) in [
            ("Non-US IMGs who matched", &step2.matched),
            ("Non-US IMGs who did not match", &step2.not_matched),
        ] {
            if d.median.is_some() {
                rows.push((label.to_owned(), distribution_cells(d), d.n));
            }
        }
    }
    if let Some(q) = guide.usmd_quartiles {
        let unpublished = || ("not published".to_owned(), None);
        let cell = |v: u16| (v.to_string(), Some(f64::from(v)));
        rows.push((
            "US MD seniors who matched".to_owned(),
            vec![
                unpublished(),
                cell(q.matched_q1),
                cell(q.matched_median),
                cell(q.matched_q3),
                unpublished(),
            ],
            q.matched_n,
        ));
        if let (Some(median), Some(n)) = (q.not_matched_median, q.not_matched_n) {
            rows.push((
                "US MD seniors who did not match".to_owned(),
                vec![
                    unpublished(),
                    unpublished(),
                    cell(median),
                    unpublished(),
                    unpublished(),
                ],
                n,
            ));
        }
    }
    if rows.is_empty() {
        return None;
    }
    let values: Vec<f64> = rows
        .iter()
        .flat_map(|(_, cells, _)| cells.iter().filter_map(|(_, v)| *v))
        .collect();
    let low = (values.iter().copied().fold(f64::INFINITY, f64::min) / 10.0).floor() * 10.0;
    let high = (values.iter().copied().fold(f64::NEG_INFINITY, f64::max) / 10.0).ceil() * 10.0;
    let high = if high <= low { low + 10.0 } else { high };
    let (left, right) = (16.0, CHART_WIDTH - 16.0);
    let x = |v: f64| left + (right - left) * (v - low) / (high - low);
    let row_height = 46.0;
    let laid_out: Vec<RangeRow> = rows
        .into_iter()
        .enumerate()
        .map(|(i, (label, cells, n))| {
            let top = 4.0 + row_height * i as f64;
            let at = |k: usize| cells[k].1.map(|v| (v, x(v)));
            RangeRow {
                label,
                label_y: top + 13.0,
                mid: top + 30.0,
                min: at(0),
                q1: at(1),
                median: at(2),
                q3: at(3),
                max: at(4),
                cells,
                n: count(n),
            }
        })
        .collect();
    let bottom = 4.0 + row_height * laid_out.len() as f64 + 4.0;
    let step = if high - low > 60.0 { 20.0 } else { 10.0 };
    let mut ticks = Vec::new();
    let mut v = low;
    while v <= high + 0.01 {
        ticks.push(Tick {
            at: x(v),
            label: number(v),
        });
        v += step;
    }
    Some(RangeChart {
        height: bottom + 24.0,
        left,
        right,
        bottom,
        ticks,
        rows: laid_out,
    })
}

/// Lays out US MD seniors' P(match) by Step 2 CK band.
pub fn band_chart(guide: &SpecialtyGuide) -> Option<BandChart> {
    let bands = guide.usmd_bands?;
    let (left, right, top, bottom) = (40.0, CHART_WIDTH - 12.0, 20.0, 196.0);
    let slot = (right - left) / STEP2_BANDS.len() as f64;
    let x = |i: usize| left + slot * (i as f64 + 0.5);
    let y = |pct: f64| bottom - (bottom - top) * pct / 100.0;
    let points: Vec<BandPoint> = bands
        .match_pct
        .iter()
        .enumerate()
        .filter_map(|(i, pct)| {
            let pct = f64::from(pct.filter(|_| bands.applicants[i] > 0)?);
            Some(BandPoint {
                x: x(i),
                y: y(pct),
                value: pct,
                text: format!("{pct:.0}%"),
                label_y: y(pct) - 8.0,
            })
        })
        .collect();
    let rows = STEP2_BANDS
        .iter()
        .enumerate()
        .map(|(i, band)| BandRow {
            band: band.label,
            applicants: count(bands.applicants[i]),
            matched: bands.match_pct[i]
                .filter(|_| bands.applicants[i] > 0)
                .map(|p| (f64::from(p), format!("{p}%"))),
        })
        .collect();
    Some(BandChart {
        height: bottom + 44.0,
        left,
        right,
        bottom,
        y_ticks: [0.0, 25.0, 50.0, 75.0, 100.0]
            .into_iter()
            .map(|v| Tick {
                at: y(v),
                label: format!("{v:.0}%"),
            })
            .collect(),
        x_ticks: STEP2_BANDS
            .iter()
            .enumerate()
            .map(|(i, band)| Tick {
                at: x(i),
                label: short_band_label(band.label),
            })
            .collect(),
        points_attr: points
            .iter()
            .map(|p| format!("{:.1},{:.1}", p.x, p.y))
            .collect::<Vec<_>>()
            .join(" "),
        points,
        rows,
    })
}

/// A band's label short enough for seven to sit side by side at a phone's width: a band of
/// ten points by its decade (`200-209` is `200s`); the open bands as published (`<200`, `250+`).
fn short_band_label(label: &str) -> String {
    match label.split_once('-') {
        Some((low, _)) => format!("{low}s"),
        None => label.to_owned(),
    }
}

fn median_with_range(d: &Distribution) -> String {
    match (d.median, d.q1, d.q3) {
        (Some(m), Some(q1), Some(q3)) => {
            format!("{} (middle half {}–{})", number(m), number(q1), number(q3))
        }
        (Some(m), _, _) => number(m),
        _ => "not published".to_owned(),
    }
}

/// The ERAS fee schedule the guides quote: the latest season's.
pub fn fee_schedule() -> &'static FeeSchedule {
    ERAS_FEE_SCHEDULES
        .last()
        .expect("the ERAS table has a fee schedule")
}

/// The figures of a guide, in the order the page shows them.
pub fn figures(guide: &SpecialtyGuide) -> GuideFigures {
    let positions = guide
        .pgy1
        .iter()
        .map(|row| FigureRow {
            label: row.specialty.to_owned(),
            cells: vec![
                count(u32::from(row.programs)),
                count(row.positions_offered),
                count(row.positions_filled),
                percent(row.fill_pct),
            ],
        })
        .collect();
    let match_rates = READING_ORDER
        .iter()
        .map(|&t| {
            let national = guides::national_match_rate(t);
            let in_specialty = match (t, guide.non_us_img) {
                (ApplicantType::NonUsImg, Some(row)) => format!(
                    "{} ({} of {}, Charting Outcomes 2026)",
                    percent(row.img_match_rate_pct),
                    count(row.img_matched),
                    count(row.img_total())
                ),
                (ApplicantType::UsMdSenior, _) if guide.usmd_bands.is_some() => {
                    "by Step 2 CK band, below".to_owned()
                }
                _ => "not published for this specialty".to_owned(),
            };
            FigureRow {
                label: t.name().to_owned(),
                cells: vec![in_specialty, percent(national.match_rate_pct)],
            }
        })
        .collect();
    let ranks_and_research = guide
        .non_us_img_measures
        .map(|m| {
            [
                (
                    "Programs ranked in a row (contiguous ranks)",
                    &m.contiguous_ranks,
                ),
                ("Research experiences", &m.research),
                ("Publications", &m.publications),
                ("Abstracts", &m.abstracts),
                ("Presentations", &m.presentations),
            ]
            .into_iter()
            .map(|(label, measure)| FigureRow {
                label: label.to_owned(),
                cells: vec![
                    median_with_range(&measure.matched),
                    median_with_range(&measure.not_matched),
                ],
            })
            .collect()
        })
        .unwrap_or_default();
    let schedule = fee_schedule();
    let fees = [
        (
            "US MD applicants",
            ERAS_2025_APPLICATIONS.mean_per_us_md_applicant,
        ),
        (
            "US DO applicants",
            ERAS_2025_APPLICATIONS.mean_per_us_do_applicant,
        ),
        (
            "International medical graduates",
            ERAS_2025_APPLICATIONS.mean_per_img_applicant,
        ),
    ]
    .into_iter()
    .map(|(label, mean)| FigureRow {
        label: label.to_owned(),
        cells: vec![
            mean.to_string(),
            dollars(schedule.fee_for_programs(u32::from(mean))),
        ],
    })
    .collect();
    GuideFigures {
        positions,
        fill_chart: fill_chart(guide),
        match_rates,
        charting_positions: guide
            .non_us_img
            .map(|row| (count(row.positions), count(row.all_applicants))),
        step2_chart: step2_chart(guide),
        band_chart: band_chart(guide),
        ranks_and_research,
        signals: guide
            .signals
            .map(|s| (s.gold.to_string(), s.silver.to_string())),
        fees,
        fee_terms: format!(
            "{} season: {} per program for the first {} programs of a specialty, {} for each \
             program after that",
            schedule.season,
            dollars(schedule.first_tier_fee_usd),
            schedule.first_tier_programs,
            dollars(schedule.later_fee_usd)
        ),
    }
}

/// How many of the catalog's programs of the specialty state that they sponsor J-1 and H-1B
/// visas, that they do not, or neither, with the sources of those facts.
pub fn visa_counts(catalog: &Catalog, guide: &SpecialtyGuide) -> VisaCounts {
    let programs: Vec<_> = catalog
        .programs
        .iter()
        .filter(|p| p.specialty == guide.code)
        .collect();
    let mut sources = BTreeSet::new();
    let mut row = |label: &str, fact: &dyn Fn(&catalog::Program) -> &Fact<bool>| {
        let (mut yes, mut no, mut unknown) = (0u32, 0u32, 0u32);
        for program in &programs {
            let fact = fact(program);
            match fact.get() {
                Some(true) => yes += 1,
                Some(false) => no += 1,
                None => unknown += 1,
            }
            let described = catalog
                .meta
                .sources
                .iter()
                .find(|s| s.id == fact.source)
                .map_or_else(
                    || fact.source.as_str().to_owned(),
                    |s| s.description.clone(),
                );
            sources.insert(format!("{described}, as of {}", fact.as_of));
        }
        FigureRow {
            label: label.to_owned(),
            cells: vec![count(yes), count(no), count(unknown)],
        }
    };
    let rows = vec![
        row("J-1 (through ECFMG)", &|p| &p.sponsors_j1),
        row("H-1B", &|p| &p.sponsors_h1b),
    ];
    VisaCounts {
        programs: count(u32::try_from(programs.len()).unwrap_or(u32::MAX)),
        rows,
        sources: sources.into_iter().collect(),
        catalog_label: catalog.meta.label.clone(),
        fictional: catalog.meta.fictional,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The WCAG contrast ratio of two `#rrggbb` colours.
    fn contrast(a: &str, b: &str) -> f64 {
        let luminance = |hex: &str| {
            let channel = |i: usize| {
                let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
                if c <= 0.03928 {
                    c / 12.92
                } else {
                    ((c + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
        };
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn white_labels_on_every_group_fill_are_legible() {
        for fill in GROUP_FILLS {
            let ratio = contrast(fill, "#ffffff");
            assert!(ratio >= 4.5, "{fill}: {ratio:.2}");
        }
        assert!(contrast("#1b1f24", "#ffffff") >= 4.5);
    }

    #[test]
    fn band_labels_are_short() {
        assert_eq!(short_band_label("230-239"), "230s");
        assert_eq!(short_band_label("<200"), "<200");
        assert_eq!(short_band_label("250+"), "250+");
    }

    #[test]
    fn shares_fill_each_bar_and_segments_sit_side_by_side() {
        for guide in guides::guides() {
            let Some(chart) = fill_chart(guide) else {
                continue;
            };
            for bar in &chart.bars {
                let last = bar.segments.last().unwrap();
                let end = last.x + last.width;
                assert!(end <= CHART_WIDTH - 3.9, "{}: {end}", guide.name);
                for pair in bar.segments.windows(2) {
                    assert!((pair[0].x + pair[0].width - pair[1].x).abs() < 1e-9);
                }
            }
        }
    }

    #[test]
    fn range_marks_stay_inside_the_plot_in_order() {
        for guide in guides::guides() {
            let Some(chart) = step2_chart(guide) else {
                continue;
            };
            for row in &chart.rows {
                let xs: Vec<f64> = [row.min, row.q1, row.median, row.q3, row.max]
                    .into_iter()
                    .flatten()
                    .map(|(_, x)| x)
                    .collect();
                assert!(xs.windows(2).all(|w| w[0] <= w[1]), "{}", guide.name);
                assert!(xs.iter().all(|&x| x >= chart.left && x <= chart.right));
            }
        }
    }
}
