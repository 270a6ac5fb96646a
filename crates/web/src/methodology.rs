//! The model's calibration as the methodology page shows it: the committed calibration file's
//! summary errors, fit record and every target (published value, simulated value, error,
//! held-out targets marked), read as data from the file and put into words for the page.
//!
//! The file is built into the binary, so the page always describes the parameters the binary
//! uses.

use calibration::{CalibrationFile, ErrorSummary, TargetComparison};

/// One target as the page shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct CalibrationRow {
    /// What the target is.
    pub name: String,
    /// The family of targets it belongs to.
    pub group: String,
    /// The published value.
    pub published: String,
    /// The simulated value (`–` when the simulation produced none).
    pub simulated: String,
    /// Simulated minus published (`–` when there is no simulated value).
    pub error: String,
    /// Whether the target was held out of the fit (validation only).
    pub held_out: bool,
}

/// Errors of one family of targets as the page shows them.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupErrors {
    /// The family.
    pub group: String,
    /// Targets fitted.
    pub fitted: usize,
    /// Mean absolute error of the fitted targets, as text (`–` when none).
    pub fitted_mae: String,
    /// Targets held out.
    pub held_out: usize,
    /// Mean absolute error of the held-out targets, as text (`–` when none).
    pub held_out_mae: String,
}

/// What the methodology page knows of the calibration.
#[derive(Debug, Clone)]
pub struct Methodology {
    /// The calibration file, when it could be read.
    pub file: Option<CalibrationFile>,
    /// Every target of the calibration's report simulation.
    pub rows: Vec<CalibrationRow>,
    /// Errors per family of targets.
    pub groups: Vec<GroupErrors>,
}

impl Methodology {
    /// The calibration built into the binary.
    pub fn embedded() -> Methodology {
        Methodology::of(app::model::load_calibration(None).ok())
    }

    /// The page's view of a calibration file (empty tables without one).
    pub fn of(file: Option<CalibrationFile>) -> Methodology {
        let targets: &[TargetComparison] = file.as_ref().map_or(&[], |file| &file.targets);
        let rows = targets.iter().map(row).collect();
        let groups = calibration::group_errors(targets)
            .into_iter()
            .map(|group| GroupErrors {
                group: group.group.label().to_owned(),
                fitted: group.fitted,
                fitted_mae: mae_cell(group.fitted_mae),
                held_out: group.held_out,
                held_out_mae: mae_cell(group.held_out_mae),
            })
            .collect();
        Methodology { file, rows, groups }
    }

    /// The headline errors, when the file was read.
    pub fn summary(&self) -> Option<&ErrorSummary> {
        self.file.as_ref().map(|file| &file.summary)
    }
}

/// A target's row, with the precision of the calibration report (one decimal).
fn row(target: &TargetComparison) -> CalibrationRow {
    CalibrationRow {
        name: target.name.clone(),
        group: target.group.label().to_owned(),
        published: format!("{:.1}", target.target),
        simulated: target
            .simulated
            .map_or_else(|| "–".to_owned(), |value| format!("{value:.1}")),
        error: target
            .error
            .map_or_else(|| "–".to_owned(), |error| format!("{error:+.1}")),
        held_out: target.held_out,
    }
}

/// A family's mean absolute error, to two decimals.
fn mae_cell(mae: Option<f64>) -> String {
    mae.map_or_else(|| "–".to_owned(), |mae| format!("{mae:.2}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_calibration_has_fitted_and_held_out_targets() {
        let methodology = Methodology::embedded();
        assert!(methodology.file.is_some(), "the calibration file reads");
        assert!(
            methodology.rows.len() > 20,
            "{} rows",
            methodology.rows.len()
        );
        assert!(methodology.rows.iter().any(|row| row.held_out));
        assert!(methodology.rows.iter().any(|row| !row.held_out));
        assert!(
            methodology
                .groups
                .iter()
                .any(|group| group.group == "US MD P(match | Step 2 band)"),
            "{:?}",
            methodology.groups
        );
    }

    #[test]
    fn rows_are_the_committed_reports_rows() {
        let report = include_str!("../../../calibration/report.md");
        for row in Methodology::embedded().rows {
            let line = format!(
                "| {} | {} | {} | {} | {} | {} |",
                row.name.replace('|', "\\|"),
                row.group.replace('|', "\\|"),
                row.published,
                row.simulated,
                row.error,
                if row.held_out { "yes" } else { "" }
            );
            assert!(report.contains(&line), "{line}");
        }
    }

    #[test]
    fn a_target_without_a_simulated_value_shows_dashes() {
        let target = TargetComparison {
            name: "fill rate: X".to_owned(),
            group: calibration::TargetGroup::FillRate,
            target: 92.04,
            simulated: None,
            error: None,
            held_out: true,
        };
        let shown = row(&target);
        assert_eq!(
            (
                shown.published.as_str(),
                shown.simulated.as_str(),
                shown.error.as_str()
            ),
            ("92.0", "–", "–")
        );
        let methodology = Methodology::of(None);
        assert!(methodology.rows.is_empty() && methodology.groups.is_empty());
    }
}
