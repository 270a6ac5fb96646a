//! Simulated outcomes against the targets: one comparison per target, and the summary errors
//! the calibration goals are stated in.

use std::collections::BTreeMap;
use std::fmt;

use market::SeasonOutcomes;
use serde::{Deserialize, Serialize};

use crate::targets_list::{Target, TargetGroup};

/// One target beside its simulated value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetComparison {
    /// The target's name.
    pub name: String,
    /// Its family.
    pub group: TargetGroup,
    /// The published value.
    pub target: f64,
    /// The simulated value, when the simulation produced one.
    pub simulated: Option<f64>,
    /// Simulated minus target.
    pub error: Option<f64>,
    /// Whether the target was kept out of the fit.
    pub held_out: bool,
}

/// Compares outcomes with every target.
pub fn compare(outcomes: &SeasonOutcomes, targets: &[Target]) -> Vec<TargetComparison> {
    targets
        .iter()
        .map(|target| {
            let simulated = target.simulated(outcomes);
            TargetComparison {
                name: target.name.clone(),
                group: target.group,
                target: target.value,
                simulated,
                error: simulated.map(|value| value - target.value),
                held_out: target.held_out,
            }
        })
        .collect()
}

/// The errors the calibration goals are stated in, in percentage points (Step 2 medians in
/// score points).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorSummary {
    /// Largest absolute error of the match rates by applicant type (goal ≤ 2).
    pub match_rate_max_abs_error: f64,
    /// Mean absolute error of the per-specialty non-US IMG match rates (goal ≤ 5).
    pub non_us_img_match_rate_mae: f64,
    /// Mean absolute error of the fitted US MD P(match | band) cells (goal ≤ 5).
    pub us_md_band_fitted_mae: f64,
    /// Mean absolute error of the held-out US MD P(match | band) cells.
    pub us_md_band_held_out_mae: f64,
    /// Mean absolute error of the fill rates.
    pub fill_rate_mae: f64,
    /// Mean absolute error of the held-out shares of filled positions.
    pub share_of_filled_mae: f64,
    /// Mean absolute error of the held-out non-US IMG Step 2 CK medians (score points).
    pub step2_median_mae: f64,
    /// Mean absolute error over every fitted target.
    pub fitted_mae: f64,
    /// Mean absolute error over every held-out target.
    pub held_out_mae: f64,
    /// Targets without a simulated value.
    pub missing: u32,
}

fn mae<'a>(rows: impl Iterator<Item = &'a TargetComparison>) -> f64 {
    let (sum, n) = rows
        .filter_map(|row| row.error)
        .fold((0.0, 0u32), |(sum, n), error| (sum + error.abs(), n + 1));
    if n == 0 { 0.0 } else { sum / f64::from(n) }
}

/// The summary errors of a comparison.
pub fn summarize(comparisons: &[TargetComparison]) -> ErrorSummary {
    let of = |group: TargetGroup| comparisons.iter().filter(move |row| row.group == group);
    ErrorSummary {
        match_rate_max_abs_error: of(TargetGroup::MatchRateByType)
            .filter_map(|row| row.error)
            .fold(0.0, |max: f64, error| max.max(error.abs())),
        non_us_img_match_rate_mae: mae(of(TargetGroup::NonUsImgMatchRate)),
        us_md_band_fitted_mae: mae(of(TargetGroup::UsMdBandMatchRate).filter(|r| !r.held_out)),
        us_md_band_held_out_mae: mae(of(TargetGroup::UsMdBandMatchRate).filter(|r| r.held_out)),
        fill_rate_mae: mae(of(TargetGroup::FillRate)),
        share_of_filled_mae: mae(of(TargetGroup::ShareOfFilled)),
        step2_median_mae: mae(of(TargetGroup::NonUsImgStep2Median)),
        fitted_mae: mae(comparisons.iter().filter(|r| !r.held_out)),
        held_out_mae: mae(comparisons.iter().filter(|r| r.held_out)),
        missing: comparisons.iter().filter(|r| r.simulated.is_none()).count() as u32,
    }
}

/// The errors of one family of targets, fitted and held-out apart.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupErrors {
    /// The family.
    pub group: TargetGroup,
    /// Targets of the family used by the fit.
    pub fitted: usize,
    /// Mean absolute error of the fitted targets with a simulated value, if any has one.
    pub fitted_mae: Option<f64>,
    /// Targets of the family held out of the fit.
    pub held_out: usize,
    /// Mean absolute error of the held-out targets with a simulated value, if any has one.
    pub held_out_mae: Option<f64>,
}

/// The errors per family of targets, families in the order they first appear.
pub fn group_errors(comparisons: &[TargetComparison]) -> Vec<GroupErrors> {
    let mut groups: Vec<TargetGroup> = Vec::new();
    for row in comparisons {
        if !groups.contains(&row.group) {
            groups.push(row.group);
        }
    }
    let part = |group: TargetGroup, held_out: bool| {
        let rows: Vec<&TargetComparison> = comparisons
            .iter()
            .filter(|row| row.group == group && row.held_out == held_out)
            .collect();
        let with_value = rows.iter().filter(|row| row.error.is_some()).count();
        let error = (with_value > 0).then(|| mae(rows.iter().copied()));
        (rows.len(), error)
    };
    groups
        .into_iter()
        .map(|group| {
            let (fitted, fitted_mae) = part(group, false);
            let (held_out, held_out_mae) = part(group, true);
            GroupErrors {
                group,
                fitted,
                fitted_mae,
                held_out,
                held_out_mae,
            }
        })
        .collect()
}

/// The weight of a family of fitted targets in [`loss`]: the families the calibration goals
/// are stated in count more (the match rates by type, the headline figures with the tightest
/// goal, most), the fill rates, which the market cannot reach in total because it leaves out
/// the applicants who are neither seniors nor IMGs, count once.
pub fn group_weight(group: TargetGroup) -> f64 {
    match group {
        TargetGroup::MatchRateByType => 20.0,
        TargetGroup::UsMdBandMatchRate => 2.0,
        _ => 1.0,
    }
}

/// The objective the fit minimizes: per family of fitted targets, the mean squared error,
/// weighted by [`group_weight`].
pub fn loss(comparisons: &[TargetComparison]) -> f64 {
    let mut by_group: BTreeMap<TargetGroup, (f64, u32)> = BTreeMap::new();
    for row in comparisons.iter().filter(|row| !row.held_out) {
        // A missing value counts as a large error so the fit never prefers losing a target.
        let error = row.error.unwrap_or(25.0);
        let entry = by_group.entry(row.group).or_default();
        entry.0 += error * error;
        entry.1 += 1;
    }
    by_group
        .iter()
        .map(|(group, (sum, n))| group_weight(*group) * sum / f64::from((*n).max(1)))
        .sum()
}

impl fmt::Display for ErrorSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "- Match rate by applicant type, max abs error: {:.2} points (goal ≤ 2)",
            self.match_rate_max_abs_error
        )?;
        writeln!(
            f,
            "- Non-US IMG match rate per specialty, MAE: {:.2} points (goal ≤ 5)",
            self.non_us_img_match_rate_mae
        )?;
        writeln!(
            f,
            "- US MD P(match | Step 2 band), fitted half, MAE: {:.2} points (goal ≤ 5)",
            self.us_md_band_fitted_mae
        )?;
        writeln!(
            f,
            "- US MD P(match | Step 2 band), held-out half, MAE: {:.2} points",
            self.us_md_band_held_out_mae
        )?;
        writeln!(
            f,
            "- Fill rate per NRMP row, MAE: {:.2} points",
            self.fill_rate_mae
        )?;
        writeln!(
            f,
            "- Share of filled positions by type (held out), MAE: {:.2} points",
            self.share_of_filled_mae
        )?;
        writeln!(
            f,
            "- Non-US IMG Step 2 CK medians (held out), MAE: {:.2} score points",
            self.step2_median_mae
        )?;
        writeln!(f, "- All fitted targets, MAE: {:.2}", self.fitted_mae)?;
        writeln!(f, "- All held-out targets, MAE: {:.2}", self.held_out_mae)?;
        writeln!(f, "- Targets without a simulated value: {}", self.missing)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(group: TargetGroup, error: Option<f64>, held_out: bool) -> TargetComparison {
        TargetComparison {
            name: format!("{group} {error:?} {held_out}"),
            group,
            target: 50.0,
            simulated: error.map(|e| 50.0 + e),
            error,
            held_out,
        }
    }

    #[test]
    fn group_errors_part_fitted_from_held_out_in_first_seen_order() {
        let rows = [
            row(TargetGroup::FillRate, Some(-2.0), false),
            row(TargetGroup::MatchRateByType, Some(1.0), false),
            row(TargetGroup::FillRate, Some(4.0), false),
            row(TargetGroup::FillRate, None, true),
        ];
        let groups = group_errors(&rows);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].group, TargetGroup::FillRate);
        assert_eq!((groups[0].fitted, groups[0].fitted_mae), (2, Some(3.0)));
        assert_eq!((groups[0].held_out, groups[0].held_out_mae), (1, None));
        assert_eq!(groups[1].group, TargetGroup::MatchRateByType);
        assert_eq!((groups[1].held_out, groups[1].held_out_mae), (0, None));
    }
}
