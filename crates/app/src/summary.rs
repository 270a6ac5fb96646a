//! The catalog beside the published NRMP 2025 figures, per specialty.

use catalog::{Catalog, SpecialtyCode};
use market::sizes::{TrackSize, track_sizes};
use targets::NRMP_2025_PGY1_BY_SPECIALTY;

/// One line of the per-specialty summary.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SpecialtySummaryRow {
    /// The specialty (and track type) as the NRMP names it, or the catalog's specialty name.
    pub specialty: String,
    /// Tracks (for rows compared with the NRMP) or programs (for the others) in the catalog.
    pub catalog_programs: usize,
    /// Positions of those tracks (known or estimated, see `market::sizes`), or of those
    /// programs when every one of them has its size known.
    pub catalog_positions: Option<u64>,
    /// How many of `catalog_positions` are estimates rather than figures from a source.
    pub estimated_positions: u64,
    /// NRMP 2025 programs, when published.
    pub target_programs: Option<u32>,
    /// NRMP 2025 positions offered, when published.
    pub target_positions: Option<u32>,
}

impl SpecialtySummaryRow {
    /// Catalog programs minus the target, in percent of the target.
    pub fn programs_difference_pct(&self) -> Option<f64> {
        self.target_programs
            .map(|target| percent_difference(self.catalog_programs as f64, f64::from(target)))
    }

    /// Catalog positions minus the target, in percent of the target.
    pub fn positions_difference_pct(&self) -> Option<f64> {
        Some(percent_difference(
            self.catalog_positions? as f64,
            f64::from(self.target_positions?),
        ))
    }
}

fn percent_difference(value: f64, target: f64) -> f64 {
    if target == 0.0 {
        0.0
    } else {
        (value - target) / target * 100.0
    }
}

/// Per-specialty programs and positions: first the NRMP 2025 PGY-1 rows, each compared with the
/// catalog's tracks of that specialty and track type, then every other specialty the catalog
/// holds, with its programs and first-year positions.
pub fn specialty_summary(catalog: &Catalog) -> Vec<SpecialtySummaryRow> {
    let sizes = track_sizes(catalog);
    let mut rows = Vec::new();
    let mut compared: Vec<SpecialtyCode> = Vec::new();
    for target in &NRMP_2025_PGY1_BY_SPECIALTY {
        let tracks: Vec<TrackSize> = catalog
            .tracks
            .iter()
            .zip(&sizes)
            .filter(|(track, _)| {
                target
                    .catalog
                    .includes_track(track.specialty, track.track_type)
            })
            .map(|(_, size)| *size)
            .collect();
        let (positions, estimated) = totals(&tracks);
        rows.push(SpecialtySummaryRow {
            specialty: target.specialty.to_owned(),
            catalog_programs: tracks.len(),
            catalog_positions: (!tracks.is_empty()).then_some(positions),
            estimated_positions: estimated,
            target_programs: Some(u32::from(target.programs)),
            target_positions: Some(target.positions_offered),
        });
        compared.extend(target.catalog.specialty_codes());
    }
    for (code, counts) in catalog.counts_by_specialty() {
        if compared.contains(&code) || counts.programs == 0 {
            continue;
        }
        let name = catalog
            .specialty(code)
            .map(|specialty| specialty.name.clone())
            .unwrap_or_else(|| code.to_string());
        let tracks: Vec<TrackSize> = catalog
            .tracks
            .iter()
            .zip(&sizes)
            .filter(|(track, _)| track.specialty == code)
            .map(|(_, size)| *size)
            .collect();
        let (catalog_positions, estimated_positions) = if tracks.is_empty() {
            let known = (counts.programs_with_positions == counts.programs)
                .then_some(counts.first_year_positions);
            (known, 0)
        } else {
            let (positions, estimated) = totals(&tracks);
            (Some(positions), estimated)
        };
        rows.push(SpecialtySummaryRow {
            specialty: name,
            catalog_programs: counts.programs,
            catalog_positions,
            estimated_positions,
            target_programs: None,
            target_positions: None,
        });
    }
    rows
}

/// The positions of some tracks, and how many of them are estimates.
fn totals(sizes: &[TrackSize]) -> (u64, u64) {
    let sum = |estimated: bool| -> u64 {
        sizes
            .iter()
            .filter(|size| size.basis.is_estimate() == estimated)
            .map(|size| u64::from(size.positions))
            .sum()
    };
    let estimated = sum(true);
    (sum(false) + estimated, estimated)
}
