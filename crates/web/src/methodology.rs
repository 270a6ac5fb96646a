//! The model's calibration as the methodology page shows it: the committed calibration file
//! (its summary errors and fit record) and the committed report's table of every target,
//! published value, simulated value and error, with the held-out targets marked.
//!
//! Both files are built into the binary, so the page always describes the parameters the
//! binary uses.

use calibration::{CalibrationFile, ErrorSummary};

/// The committed calibration report (Markdown), whose "Every target" table the page shows.
const EMBEDDED_REPORT: &str = include_str!("../../../calibration/report.md");

/// One row of the report's table.
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
    /// Simulated minus published.
    pub error: String,
    /// Whether the target was held out of the fit (validation only).
    pub held_out: bool,
}

/// Errors of one family of targets.
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
    /// Every target of the report.
    pub rows: Vec<CalibrationRow>,
    /// Errors per family of targets.
    pub groups: Vec<GroupErrors>,
}

impl Methodology {
    /// The calibration built into the binary.
    pub fn embedded() -> Methodology {
        let file = app::model::load_calibration(None).ok();
        let rows = parse_report_table(EMBEDDED_REPORT);
        let groups = group_errors(&rows);
        Methodology { file, rows, groups }
    }

    /// The headline errors, when the file was read.
    pub fn summary(&self) -> Option<&ErrorSummary> {
        self.file.as_ref().map(|file| &file.summary)
    }
}

/// Reads the "Every target" table of a calibration report. Cells may contain escaped pipes
/// (`\|`).
pub fn parse_report_table(report: &str) -> Vec<CalibrationRow> {
    let mut rows = Vec::new();
    let mut in_table = false;
    for line in report.lines() {
        if line.starts_with("## ") {
            in_table = line.trim() == "## Every target";
            continue;
        }
        if !in_table || !line.starts_with('|') || line.starts_with("|---") {
            continue;
        }
        let unescaped = line.replace("\\|", "\u{1}");
        let cells: Vec<String> = unescaped
            .trim()
            .trim_matches('|')
            .split('|')
            .map(|cell| cell.trim().replace('\u{1}', "|"))
            .collect();
        if cells.len() != 6 || cells[0] == "target" {
            continue;
        }
        rows.push(CalibrationRow {
            name: cells[0].clone(),
            group: cells[1].clone(),
            published: cells[2].clone(),
            simulated: cells[3].clone(),
            error: cells[4].clone(),
            held_out: cells[5] == "yes",
        });
    }
    rows
}

fn group_errors(rows: &[CalibrationRow]) -> Vec<GroupErrors> {
    let mut groups: Vec<String> = Vec::new();
    for row in rows {
        if !groups.contains(&row.group) {
            groups.push(row.group.clone());
        }
    }
    let mae = |selected: Vec<&CalibrationRow>| -> (usize, String) {
        let errors: Vec<f64> = selected
            .iter()
            .filter_map(|row| row.error.parse::<f64>().ok())
            .collect();
        let text = if errors.is_empty() {
            "–".to_owned()
        } else {
            format!(
                "{:.2}",
                errors.iter().map(|e| e.abs()).sum::<f64>() / errors.len() as f64
            )
        };
        (selected.len(), text)
    };
    groups
        .into_iter()
        .map(|group| {
            let (fitted, fitted_mae) = mae(rows
                .iter()
                .filter(|row| row.group == group && !row.held_out)
                .collect());
            let (held_out, held_out_mae) = mae(rows
                .iter()
                .filter(|row| row.group == group && row.held_out)
                .collect());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_report_has_fitted_and_held_out_targets() {
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
            "escaped pipes are read back: {:?}",
            methodology.groups
        );
    }

    #[test]
    fn table_rows_keep_escaped_pipes() {
        let report = "## Every target\n\n| target | group | published | simulated | error | held out |\n|---|---|---:|---:|---:|:---:|\n| a | P(x \\| y) | 1.0 | 2.0 | +1.0 | yes |\n\n## Next\n| b | c | 1 | 2 | 3 | |\n";
        let rows = parse_report_table(report);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].group, "P(x | y)");
        assert!(rows[0].held_out);
    }
}
