//! Interview yields against applicants' own reports: for applicants who reported how many
//! programs they applied to and how many interviews they were offered, the model's expected
//! offers from as many applications chosen the way simulated applicants choose them, compared
//! overall (Spearman's rank correlation of the yields) and by group (median yields), with the
//! error on each fold of the file.
//!
//! The comparison is made by the caller (it needs Smart Pick's chances); this module holds the
//! statistics and the record the calibration file keeps, so that the report and the
//! methodology page read the same numbers.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use targets::SIGNAL_INTERVIEW_ODDS_RATIOS;

/// Folds the applicants are split into, by their order in the file.
pub const YIELD_FOLDS: usize = 5;

/// One applicant's reported and predicted interview yield (offers per application).
#[derive(Debug, Clone, PartialEq)]
pub struct YieldRecord {
    /// The groups the applicant counts in (e.g. `US MD senior`, `Step 2 CK 250 or more`).
    pub groups: Vec<String>,
    /// Interviews offered per application, as reported.
    pub reported: f64,
    /// Expected interview offers per application, as the model predicts.
    pub predicted: f64,
}

/// One group's median yields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YieldGroup {
    /// The group.
    pub group: String,
    /// Applicants in it.
    pub applicants: u32,
    /// Median reported yield, in percent.
    pub reported_median_pct: f64,
    /// Median predicted yield, in percent.
    pub predicted_median_pct: f64,
}

/// The comparison as the calibration file records it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InterviewYields {
    /// What the reports are (the file's name and season).
    pub source: String,
    /// Applicants compared.
    pub applicants: u32,
    /// Rows left out (no Step 2 CK, no applications or interviews reported, or a profile the
    /// model cannot take).
    pub skipped: u32,
    /// Spearman's rank correlation between predicted and reported yields.
    pub spearman: f64,
    /// Median absolute difference between predicted and reported yields, in points.
    pub median_abs_error_pts: f64,
    /// The same on each of [`YIELD_FOLDS`] folds of the file.
    pub fold_errors_pts: Vec<f64>,
    /// Median yields per group.
    pub groups: Vec<YieldGroup>,
    /// The model's odds ratio of an interview offer with a gold signal against without, pooled
    /// over the programs of these applicants' lists that take signals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signal_odds_ratio: Option<f64>,
}

impl InterviewYields {
    /// The statistics of `records`, groups in the order of `order` and then in the order they
    /// first appear.
    pub fn of(
        source: &str,
        records: &[YieldRecord],
        skipped: u32,
        order: &[&str],
    ) -> InterviewYields {
        let mut names: Vec<&str> = order
            .iter()
            .copied()
            .filter(|&name| records.iter().any(|r| r.groups.iter().any(|g| g == name)))
            .collect();
        for record in records {
            for group in &record.groups {
                if !names.contains(&group.as_str()) {
                    names.push(group);
                }
            }
        }
        let groups = names
            .iter()
            .map(|&name| {
                let members: Vec<&YieldRecord> = records
                    .iter()
                    .filter(|record| record.groups.iter().any(|group| group == name))
                    .collect();
                YieldGroup {
                    group: name.to_owned(),
                    applicants: members.len() as u32,
                    reported_median_pct: 100.0 * median(members.iter().map(|r| r.reported)),
                    predicted_median_pct: 100.0 * median(members.iter().map(|r| r.predicted)),
                }
            })
            .collect();
        let abs_error = |records: &mut dyn Iterator<Item = &YieldRecord>| {
            100.0 * median(records.map(|r| (r.predicted - r.reported).abs()))
        };
        InterviewYields {
            source: source.to_owned(),
            applicants: records.len() as u32,
            skipped,
            spearman: spearman(
                &records.iter().map(|r| r.predicted).collect::<Vec<_>>(),
                &records.iter().map(|r| r.reported).collect::<Vec<_>>(),
            ),
            median_abs_error_pts: abs_error(&mut records.iter()),
            fold_errors_pts: (0..YIELD_FOLDS)
                .map(|fold| {
                    abs_error(
                        &mut records
                            .iter()
                            .enumerate()
                            .filter(|(index, _)| index % YIELD_FOLDS == fold)
                            .map(|(_, record)| record),
                    )
                })
                .collect(),
            groups,
            signal_odds_ratio: None,
        }
    }

    /// The model's signal odds ratio beside the published ones, in words.
    pub fn signal_comparison(&self) -> Option<String> {
        let ratio = self.signal_odds_ratio?;
        let published: Vec<String> = SIGNAL_INTERVIEW_ODDS_RATIOS
            .iter()
            .map(|row| {
                let value = if row.low == row.high {
                    format!("{:.2}", row.low)
                } else {
                    format!("{:.2}–{:.2}", row.low, row.high)
                };
                format!("{} {value} ({})", row.specialty, row.season)
            })
            .collect();
        Some(format!(
            "The model's odds ratio of an interview offer with a gold signal against without, over \
             the programs of these lists: {ratio:.2} (the gold signal's bonus is fitted to the \
             Internal Medicine figure). Published: {}.",
            published.join("; ")
        ))
    }

    /// The report's section, in markdown.
    pub fn section(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "## Interview yields against applicants' own reports\n");
        let _ = writeln!(
            out,
            "{applicants} applicants of {source} ({skipped} rows left out). For each, the model's \
             expected interview offers from as many applications as they reported, chosen the way \
             simulated applicants choose, against the offers they reported. The model's yields \
             are not fitted to these reports: every row is held out.\n",
            applicants = self.applicants,
            source = self.source,
            skipped = self.skipped,
        );
        let folds: Vec<String> = self
            .fold_errors_pts
            .iter()
            .map(|error| format!("{error:.1}"))
            .collect();
        let _ = writeln!(
            out,
            "- Spearman between predicted and reported yields: {:.2}\n- Median absolute error of \
             the yield: {:.1} points (on each fifth of the file: {})\n",
            self.spearman,
            self.median_abs_error_pts,
            folds.join(", ")
        );
        if let Some(signals) = self.signal_comparison() {
            let _ = writeln!(out, "{signals}\n");
        }
        let _ = writeln!(
            out,
            "| group | applicants | reported median yield | predicted median yield |"
        );
        let _ = writeln!(out, "|---|---:|---:|---:|");
        for group in &self.groups {
            let _ = writeln!(
                out,
                "| {} | {} | {:.1}% | {:.1}% |",
                group.group,
                group.applicants,
                group.reported_median_pct,
                group.predicted_median_pct
            );
        }
        out
    }
}

/// The median (the mean of the middle two for an even count; 0 for none).
fn median(values: impl Iterator<Item = f64>) -> f64 {
    let mut values: Vec<f64> = values.collect();
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    if values.len() % 2 == 1 {
        values[middle]
    } else {
        (values[middle - 1] + values[middle]) / 2.0
    }
}

/// Ranks from 1, ties sharing their mean rank.
fn ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut ranks = vec![0.0; values.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && values[order[end]] == values[order[start]] {
            end += 1;
        }
        let rank = (start + end + 1) as f64 / 2.0;
        for &index in &order[start..end] {
            ranks[index] = rank;
        }
        start = end;
    }
    ranks
}

/// Spearman's rank correlation (Pearson's on the ranks); 0 when either side is constant.
pub fn spearman(a: &[f64], b: &[f64]) -> f64 {
    let (ra, rb) = (ranks(a), ranks(b));
    let n = ra.len().min(rb.len()) as f64;
    if n < 2.0 {
        return 0.0;
    }
    let (ma, mb) = (ra.iter().sum::<f64>() / n, rb.iter().sum::<f64>() / n);
    let (mut cov, mut va, mut vb) = (0.0, 0.0, 0.0);
    for (x, y) in ra.iter().zip(&rb) {
        cov += (x - ma) * (y - mb);
        va += (x - ma) * (x - ma);
        vb += (y - mb) * (y - mb);
    }
    if va == 0.0 || vb == 0.0 {
        0.0
    } else {
        cov / (va * vb).sqrt()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(groups: &[&str], reported: f64, predicted: f64) -> YieldRecord {
        YieldRecord {
            groups: groups.iter().map(|g| (*g).to_owned()).collect(),
            reported,
            predicted,
        }
    }

    #[test]
    fn spearman_handles_order_reversal_and_ties() {
        assert!((spearman(&[1.0, 2.0, 3.0], &[10.0, 20.0, 30.0]) - 1.0).abs() < 1e-12);
        assert!((spearman(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]) + 1.0).abs() < 1e-12);
        // Ties share their mean rank: ranks (1.5, 1.5, 3) against (1, 2, 3).
        let tied = spearman(&[5.0, 5.0, 7.0], &[1.0, 2.0, 3.0]);
        assert!((tied - 0.866_025).abs() < 1e-5, "{tied}");
        assert_eq!(spearman(&[1.0, 1.0], &[1.0, 2.0]), 0.0);
    }

    #[test]
    fn groups_medians_and_folds_by_hand() {
        let records = [
            record(&["A"], 0.10, 0.20),
            record(&["A", "B"], 0.30, 0.30),
            record(&["B"], 0.50, 0.40),
            record(&["A"], 0.20, 0.10),
            record(&["B"], 0.40, 0.60),
            record(&["A"], 0.60, 0.60),
        ];
        let yields = InterviewYields::of("a test", &records, 2, &["B", "C"]);
        assert_eq!(yields.applicants, 6);
        assert_eq!(yields.skipped, 2);
        // B is first by the order given, C is in no record, A follows.
        assert_eq!(yields.groups[0].group, "B");
        let a = &yields.groups[1];
        assert_eq!((a.group.as_str(), a.applicants), ("A", 4));
        // A's reported 0.1, 0.3, 0.2, 0.6: median 0.25; predicted 0.2, 0.3, 0.1, 0.6: 0.25.
        assert!((a.reported_median_pct - 25.0).abs() < 1e-9);
        assert!((a.predicted_median_pct - 25.0).abs() < 1e-9);
        // Absolute errors 10, 0, 10, 10, 20, 0 points: median 10.
        assert!((yields.median_abs_error_pts - 10.0).abs() < 1e-9);
        // Fold 0 holds rows 0 and 5 (errors 10 and 0), fold 1 row 1 (0).
        assert_eq!(yields.fold_errors_pts.len(), YIELD_FOLDS);
        assert!((yields.fold_errors_pts[0] - 5.0).abs() < 1e-9);
        assert!(yields.fold_errors_pts[1].abs() < 1e-9);
        assert!(yields.section().contains("| B | 3 | 40.0% | 40.0% |"));
    }
}
