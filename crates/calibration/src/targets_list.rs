//! The calibration targets drawn from the published tables, which of them are held out of
//! the fit, and how each is read from simulated outcomes.

use std::fmt;

use catalog::SpecialtyCode;
use market::SeasonOutcomes;
use serde::{Deserialize, Serialize};
use targets::{
    ApplicantType, CHARTING_OUTCOMES_2026_NON_US_IMG, NRMP_2025_MATCH_RATES,
    NRMP_2025_PGY1_BY_SPECIALTY, STEP2_BANDS, USMD_MATCH_BY_STEP2_BAND_2020_2024,
};

/// Non-US IMGs who preferred a specialty below which its match rate is too noisy to fit.
pub const MIN_NON_US_IMG_APPLICANTS: u32 = 50;
/// Scores behind a published Step 2 CK median below which the median is not used.
pub const MIN_STEP2_MEDIAN_N: u32 = 30;
/// US MD seniors in a Step 2 CK band below which its match rate is not used.
pub const MIN_US_MD_BAND_N: u32 = 30;

/// The family a target belongs to; summary errors are per family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetGroup {
    /// NRMP 2025 PGY-1 match rate by applicant type.
    MatchRateByType,
    /// NRMP 2025 fill rate of a PGY-1 specialty row.
    FillRate,
    /// NRMP 2025 share of a row's filled positions taken by one applicant type.
    ShareOfFilled,
    /// Charting Outcomes 2026: non-US IMG match rate in the preferred specialty.
    NonUsImgMatchRate,
    /// Charting Outcomes 2026: median Step 2 CK of matched or unmatched non-US IMGs.
    NonUsImgStep2Median,
    /// Charting Outcomes 2020–2024: US MD seniors' P(match | Step 2 CK band).
    UsMdBandMatchRate,
}

impl TargetGroup {
    /// A short label.
    pub fn label(self) -> &'static str {
        match self {
            TargetGroup::MatchRateByType => "match rate by type",
            TargetGroup::FillRate => "fill rate",
            TargetGroup::ShareOfFilled => "share of filled",
            TargetGroup::NonUsImgMatchRate => "non-US IMG match rate",
            TargetGroup::NonUsImgStep2Median => "non-US IMG Step 2 median",
            TargetGroup::UsMdBandMatchRate => "US MD P(match | Step 2 band)",
        }
    }
}

impl fmt::Display for TargetGroup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// How a target's simulated value is read from outcomes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TargetKind {
    /// Match rate of a type, percent.
    MatchRate(ApplicantType),
    /// Fill rate of row `n` of the NRMP table, percent.
    FillRate(usize),
    /// Share of row `n`'s filled positions taken by a type, percent.
    ShareOfFilled(usize, ApplicantType),
    /// Non-US IMG match rate in a preferred specialty, percent.
    NonUsImgMatchRate(SpecialtyCode),
    /// Median Step 2 CK of matched (true) or unmatched non-US IMGs of a specialty.
    NonUsImgStep2Median(SpecialtyCode, bool),
    /// US MD seniors' match rate in a specialty and band (index into [`STEP2_BANDS`]).
    UsMdBand(SpecialtyCode, usize),
}

/// One published figure to compare the simulation with.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// A readable name, unique in the list.
    pub name: String,
    /// Its family.
    pub group: TargetGroup,
    /// The published value.
    pub value: f64,
    /// Whether it is kept out of the fit and used only to validate.
    pub held_out: bool,
    /// How to read the simulated value.
    pub kind: TargetKind,
}

impl Target {
    /// The simulated value, if the outcomes have one.
    pub fn simulated(&self, outcomes: &SeasonOutcomes) -> Option<f64> {
        match self.kind {
            TargetKind::MatchRate(applicant_type) => outcomes.match_rate_pct(applicant_type),
            TargetKind::FillRate(row) => outcomes.nrmp_row(row).map(|r| r.fill_pct),
            TargetKind::ShareOfFilled(row, applicant_type) => outcomes
                .nrmp_row(row)
                .map(|r| r.share_pct[applicant_type.index()]),
            TargetKind::NonUsImgMatchRate(code) => {
                outcomes.non_us_img(code).map(|r| r.match_rate_pct)
            }
            TargetKind::NonUsImgStep2Median(code, matched) => {
                outcomes.non_us_img(code).and_then(|r| {
                    if matched {
                        r.matched_median
                    } else {
                        r.unmatched_median
                    }
                })
            }
            TargetKind::UsMdBand(code, band) => outcomes
                .us_md_band_match_pct(code, band)
                .map(|(pct, _)| pct),
        }
    }
}

/// Every calibration target, in report order.
///
/// Held out of the fit (validation only): all shares of filled positions, all non-US IMG
/// Step 2 CK medians, and US MD P(match | band) of every second specialty of the published
/// table (the 2nd, 4th, …). Fitted: match rates by type, fill rates, non-US IMG match rates,
/// and the other half of the US MD band rates.
pub fn calibration_targets() -> Vec<Target> {
    let mut list = Vec::new();
    for rate in NRMP_2025_MATCH_RATES {
        list.push(Target {
            name: format!("match rate: {}", rate.applicant_type.name()),
            group: TargetGroup::MatchRateByType,
            value: rate.match_rate_pct,
            held_out: false,
            kind: TargetKind::MatchRate(rate.applicant_type),
        });
    }
    for (index, row) in NRMP_2025_PGY1_BY_SPECIALTY.iter().enumerate() {
        list.push(Target {
            name: format!("fill rate: {}", row.specialty),
            group: TargetGroup::FillRate,
            value: row.fill_pct,
            held_out: false,
            kind: TargetKind::FillRate(index),
        });
        let shares = [
            row.share_us_md_senior,
            row.share_us_do_senior,
            row.share_us_img,
            row.share_non_us_img,
        ];
        for (applicant_type, share) in ApplicantType::ALL.into_iter().zip(shares) {
            list.push(Target {
                name: format!(
                    "share of filled: {}, {}",
                    row.specialty,
                    applicant_type.name()
                ),
                group: TargetGroup::ShareOfFilled,
                value: share,
                held_out: true,
                kind: TargetKind::ShareOfFilled(index, applicant_type),
            });
        }
    }
    for row in CHARTING_OUTCOMES_2026_NON_US_IMG {
        let Some(code) = row.catalog.specialty_codes().next() else {
            continue;
        };
        if row.img_total() >= MIN_NON_US_IMG_APPLICANTS {
            list.push(Target {
                name: format!("non-US IMG match rate: {}", row.specialty),
                group: TargetGroup::NonUsImgMatchRate,
                value: row.img_match_rate_pct,
                held_out: false,
                kind: TargetKind::NonUsImgMatchRate(code),
            });
        }
        for (summary, matched, label) in [
            (row.step2_matched, true, "matched"),
            (row.step2_not_matched, false, "unmatched"),
        ] {
            if let Some(median) = summary.median
                && summary.n >= MIN_STEP2_MEDIAN_N
            {
                list.push(Target {
                    name: format!("non-US IMG Step 2 median, {label}: {}", row.specialty),
                    group: TargetGroup::NonUsImgStep2Median,
                    value: f64::from(median),
                    held_out: true,
                    kind: TargetKind::NonUsImgStep2Median(code, matched),
                });
            }
        }
    }
    for (index, row) in USMD_MATCH_BY_STEP2_BAND_2020_2024.iter().enumerate() {
        let Some(code) = row.catalog.specialty_codes().next() else {
            continue;
        };
        for (band, step2_band) in STEP2_BANDS.iter().enumerate() {
            if let Some(pct) = row.match_pct[band]
                && row.applicants[band] >= MIN_US_MD_BAND_N
            {
                list.push(Target {
                    name: format!("US MD P(match | {}): {}", step2_band.label, row.specialty),
                    group: TargetGroup::UsMdBandMatchRate,
                    value: f64::from(pct),
                    held_out: index % 2 == 1,
                    kind: TargetKind::UsMdBand(code, band),
                });
            }
        }
    }
    list
}
