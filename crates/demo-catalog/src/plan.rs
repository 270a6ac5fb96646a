//! How many tracks and positions the demo catalog gives each specialty and track type, and
//! how tracks group into programs.
//!
//! For the 14 rows of the NRMP 2025 PGY-1 table (`targets::NRMP_2025_PGY1_BY_SPECIALTY`) the
//! demo has exactly the published number of tracks and positions. Other specialties take their
//! total positions from Charting Outcomes 2026 where it lists them, split between track types
//! by assumption; the rest are assumptions sized like the typical program of the specialty.
//! Advanced (PGY-2) tracks appear where a specialty usually starts at PGY-2, and reserved
//! (physician) tracks where they are common.
//!
//! A program has one or two *entry* tracks (categorical and/or advanced; preliminary for the
//! Transitional Year) and may have *attached* tracks beside one of them: Internal Medicine's
//! preliminary and primary-care tracks, Surgery's preliminary track, Anesthesiology's advanced
//! and reserved tracks.

use catalog::{SpecialtyCode, TrackType};
use targets::Pgy1SpecialtyRow;

/// Where a plan's figures come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanBasis {
    /// Exactly the NRMP 2025 PGY-1 table's programs and positions.
    Nrmp2025,
    /// Positions chosen so that the specialty's tracks add up to its Charting Outcomes 2026
    /// position count; the split between track types and the track count are assumptions.
    ChartingOutcomes2026,
    /// An assumption: a plausible number of tracks at the specialty's typical program size.
    Assumption,
}

/// How a track joins its program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attachment {
    /// One of the program's entry tracks: every program has one or two.
    Entry,
    /// Beside the program's track of this type (a subset of those programs has one).
    AttachedTo(TrackType),
}

/// The tracks of one type in one specialty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrackPlan {
    /// The track type.
    pub track_type: TrackType,
    /// How the tracks join programs.
    pub attachment: Attachment,
    /// How many tracks (one per program that has this type).
    pub tracks: u16,
    /// Their positions in total.
    pub positions: u32,
    /// Where the figures come from.
    pub basis: PlanBasis,
}

/// The tracks of one specialty and how they group into programs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecialtyPlan {
    /// The specialty.
    pub specialty: SpecialtyCode,
    /// Programs in the specialty.
    pub programs: u16,
    /// Programs that have both entry tracks (zero with a single entry track type).
    pub entry_overlap: u16,
    /// The track types, entry tracks first.
    pub tracks: Vec<TrackPlan>,
}

impl SpecialtyPlan {
    /// Positions over every track of the specialty.
    pub fn positions(&self) -> u32 {
        self.tracks.iter().map(|track| track.positions).sum()
    }

    /// The plan of one track type, if the specialty has it.
    pub fn track(&self, track_type: TrackType) -> Option<&TrackPlan> {
        self.tracks
            .iter()
            .find(|track| track.track_type == track_type)
    }
}

#[derive(Clone, Copy)]
enum Size {
    Nrmp,
    Given(u16, u32, PlanBasis),
}

#[derive(Clone, Copy)]
struct Row {
    track_type: TrackType,
    attachment: Attachment,
    size: Size,
}

const fn nrmp(track_type: TrackType, attachment: Attachment) -> Row {
    Row {
        track_type,
        attachment,
        size: Size::Nrmp,
    }
}

const fn entry(track_type: TrackType, tracks: u16, positions: u32, basis: PlanBasis) -> Row {
    Row {
        track_type,
        attachment: Entry,
        size: Size::Given(tracks, positions, basis),
    }
}

const fn attached(
    track_type: TrackType,
    to: TrackType,
    tracks: u16,
    positions: u32,
    basis: PlanBasis,
) -> Row {
    Row {
        track_type,
        attachment: Attachment::AttachedTo(to),
        size: Size::Given(tracks, positions, basis),
    }
}

use Attachment::Entry;
use PlanBasis::{Assumption, ChartingOutcomes2026 as Co};
use TrackType::{
    Advanced as A, Categorical as C, Preliminary as P, PrimaryCare as M, Reserved as R,
};

/// One specialty's rows and how many programs have both entry tracks.
type SpecialtyRows = (&'static str, u16, &'static [Row]);

/// The plan of every built-in specialty. Totals (checked by tests): about 6,540 tracks and
/// 43,700 positions, against the NRMP 2025 national 6,626 tracks and 43,237 positions; the
/// specialties outside the NRMP table are sized to the Charting Outcomes 2026 counts, which
/// for a few specialties count more positions than the NRMP table's PGY-1 rows.
const PLANS: [SpecialtyRows; 46] = [
    // Anesthesiology: NRMP categorical, plus advanced and reserved tracks at some of the same
    // programs, so that the specialty totals Charting Outcomes' 2,290 positions.
    (
        "040",
        0,
        &[
            nrmp(C, Entry),
            attached(A, C, 50, 300, Co),
            attached(R, C, 55, 185, Co),
        ],
    ),
    // Dermatology starts at PGY-2: advanced tracks, a few programs also offering a categorical
    // track with the preliminary year included, and some reserved tracks (602 positions).
    (
        "080",
        12,
        &[
            entry(C, 12, 36, Co),
            entry(A, 140, 520, Co),
            attached(R, A, 14, 46, Co),
        ],
    ),
    ("110", 0, &[nrmp(C, Entry)]),
    ("120", 0, &[nrmp(C, Entry)]),
    // Internal Medicine: NRMP categorical and preliminary tracks, and primary-care tracks so
    // that categorical and primary care total Charting Outcomes' 11,632 positions.
    (
        "140",
        0,
        &[
            nrmp(C, Entry),
            nrmp(P, Attachment::AttachedTo(C)),
            attached(M, C, 90, 691, Co),
        ],
    ),
    ("160", 0, &[entry(C, 116, 280, Co)]),
    // Neurology: NRMP categorical, with advanced and reserved tracks to reach Charting
    // Outcomes' 1,260 positions.
    (
        "180",
        0,
        &[
            nrmp(C, Entry),
            attached(A, C, 40, 260, Co),
            attached(R, C, 17, 68, Co),
        ],
    ),
    (
        "185",
        0,
        &[
            entry(C, 78, 200, Co),
            attached(A, C, 4, 8, Co),
            attached(R, C, 20, 35, Co),
        ],
    ),
    ("186", 0, &[entry(C, 5, 7, Assumption)]),
    ("200", 0, &[entry(A, 3, 5, Assumption)]),
    // Obstetrics and Gynecology: NRMP categorical, and a few preliminary tracks to reach
    // Charting Outcomes' 1,638 positions.
    ("220", 0, &[nrmp(C, Entry), attached(P, C, 15, 51, Co)]),
    ("260", 0, &[nrmp(C, Entry)]),
    ("275", 0, &[entry(C, 7, 12, Assumption)]),
    ("280", 0, &[entry(C, 136, 403, Co)]),
    ("300", 0, &[nrmp(C, Entry)]),
    // Pediatrics: NRMP categorical, with primary-care and preliminary tracks to reach Charting
    // Outcomes' 3,185 positions.
    (
        "320",
        0,
        &[
            nrmp(C, Entry),
            attached(M, C, 11, 35, Co),
            attached(P, C, 12, 15, Co),
        ],
    ),
    // Physical Medicine and Rehabilitation: categorical-only, advanced-only and both kinds
    // of program (601 positions).
    (
        "340",
        18,
        &[
            entry(C, 50, 226, Co),
            entry(A, 68, 330, Co),
            attached(R, A, 13, 45, Co),
        ],
    ),
    ("362", 0, &[entry(C, 91, 230, Co)]),
    // Preventive Medicine starts after a clinical year (Charting Outcomes' "Public Health and
    // Preventive Medicine", 63 positions).
    ("380", 0, &[entry(A, 20, 63, Co)]),
    ("400", 0, &[nrmp(C, Entry)]),
    // Interventional Radiology (Integrated): mostly advanced, some categorical (245).
    (
        "416",
        15,
        &[
            entry(C, 27, 68, Co),
            entry(A, 68, 170, Co),
            attached(R, A, 3, 7, Co),
        ],
    ),
    // Diagnostic Radiology: mostly advanced, some categorical, some reserved (1,268).
    (
        "420",
        25,
        &[
            entry(C, 36, 190, Co),
            entry(A, 170, 1010, Co),
            attached(R, A, 18, 68, Co),
        ],
    ),
    // Radiation Oncology starts at PGY-2 almost everywhere (187).
    (
        "430",
        2,
        &[
            entry(C, 4, 8, Co),
            entry(A, 84, 160, Co),
            attached(R, A, 11, 19, Co),
        ],
    ),
    // General Surgery: NRMP categorical and preliminary tracks.
    (
        "440",
        0,
        &[nrmp(C, Entry), nrmp(P, Attachment::AttachedTo(C))],
    ),
    ("451", 0, &[entry(C, 75, 110, Co)]),
    ("461", 0, &[entry(C, 36, 56, Co)]),
    ("700", 0, &[entry(C, 78, 404, Co)]),
    // The small combined specialties: a handful of programs of two or three positions each.
    ("705", 0, &[entry(C, 12, 30, Assumption)]),
    ("715", 0, &[entry(C, 13, 30, Assumption)]),
    ("720", 0, &[entry(C, 6, 12, Assumption)]),
    ("725", 0, &[entry(C, 4, 6, Assumption)]),
    ("726", 0, &[entry(C, 5, 7, Assumption)]),
    ("730", 0, &[entry(C, 10, 22, Assumption)]),
    ("735", 0, &[entry(C, 3, 4, Assumption)]),
    ("742", 0, &[entry(C, 2, 4, Assumption)]),
    ("751", 0, &[entry(C, 4, 5, Assumption)]),
    ("752", 0, &[entry(C, 2, 4, Assumption)]),
    ("753", 0, &[entry(C, 2, 3, Assumption)]),
    ("755", 0, &[entry(C, 4, 6, Assumption)]),
    ("765", 0, &[entry(C, 19, 22, Assumption)]),
    ("766", 0, &[entry(C, 5, 6, Assumption)]),
    ("770", 0, &[entry(A, 2, 2, Assumption)]),
    ("785", 0, &[entry(C, 5, 6, Assumption)]),
    ("795", 0, &[entry(C, 3, 6, Assumption)]),
    ("796", 0, &[entry(C, 1, 2, Assumption)]),
    // The Transitional Year: the NRMP lists its tracks as preliminary (P).
    ("999", 0, &[nrmp(P, Entry)]),
];

/// The plan of every built-in specialty, in code order.
pub fn specialty_plans() -> Vec<SpecialtyPlan> {
    PLANS
        .iter()
        .map(|(code, entry_overlap, rows)| {
            let specialty = SpecialtyCode::parse(code).expect("plan codes are three digits");
            let tracks: Vec<TrackPlan> = rows
                .iter()
                .map(|row| {
                    let (tracks, positions, basis) = match row.size {
                        Size::Nrmp => {
                            let published = Pgy1SpecialtyRow::find(specialty, row.track_type)
                                .unwrap_or_else(|| {
                                    panic!("no NRMP 2025 row for {code} {:?}", row.track_type)
                                });
                            (
                                published.programs,
                                published.positions_offered,
                                PlanBasis::Nrmp2025,
                            )
                        }
                        Size::Given(tracks, positions, basis) => (tracks, positions, basis),
                    };
                    TrackPlan {
                        track_type: row.track_type,
                        attachment: row.attachment,
                        tracks,
                        positions,
                        basis,
                    }
                })
                .collect();
            let entry_tracks: u16 = tracks
                .iter()
                .filter(|track| track.attachment == Entry)
                .map(|track| track.tracks)
                .sum();
            SpecialtyPlan {
                specialty,
                programs: entry_tracks - entry_overlap,
                entry_overlap: *entry_overlap,
                tracks,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use targets::{NRMP_2025_PGY1_BY_SPECIALTY, NonUsImgSpecialtySummary};

    use super::*;

    #[test]
    fn every_built_in_specialty_has_one_plan() {
        let planned: Vec<String> = specialty_plans()
            .iter()
            .map(|plan| plan.specialty.to_string())
            .collect();
        let built_in: Vec<String> = catalog::SPECIALTIES
            .iter()
            .map(|(code, _)| (*code).to_owned())
            .collect();
        assert_eq!(planned, built_in);
    }

    #[test]
    fn plans_are_consistent() {
        for plan in specialty_plans() {
            let code = plan.specialty;
            let entries: Vec<&TrackPlan> = plan
                .tracks
                .iter()
                .filter(|track| track.attachment == Entry)
                .collect();
            assert!(
                (1..=2).contains(&entries.len()),
                "{code}: one or two entry track types"
            );
            assert!(
                entries.iter().all(|track| track.tracks <= plan.programs),
                "{code}"
            );
            assert!(
                entries.len() == 2 || plan.entry_overlap == 0,
                "{code}: overlap needs two entry types"
            );
            let mut types = BTreeSet::new();
            for track in &plan.tracks {
                assert!(types.insert(track.track_type), "{code}: type listed twice");
                assert!(
                    track.positions >= u32::from(track.tracks),
                    "{code}: every track has a position"
                );
                if let Attachment::AttachedTo(anchor) = track.attachment {
                    let anchor_tracks = plan.track(anchor).map_or(0, |anchor| anchor.tracks);
                    assert!(
                        track.tracks <= anchor_tracks,
                        "{code}: more {:?} tracks than {anchor:?} tracks",
                        track.track_type
                    );
                }
            }
        }
    }

    #[test]
    fn nrmp_rows_are_planned_exactly() {
        let plans = specialty_plans();
        for row in &NRMP_2025_PGY1_BY_SPECIALTY {
            let track_type = row
                .catalog
                .track_type
                .expect("PGY-1 rows are per track type");
            for specialty in row.catalog.specialty_codes() {
                let plan = plans
                    .iter()
                    .find(|plan| plan.specialty == specialty)
                    .unwrap();
                let track = plan.track(track_type).unwrap();
                assert_eq!(
                    (track.tracks, track.positions, track.basis),
                    (row.programs, row.positions_offered, PlanBasis::Nrmp2025),
                    "{}",
                    row.specialty
                );
            }
        }
    }

    #[test]
    fn specialties_sized_by_charting_outcomes_total_its_positions() {
        for plan in specialty_plans() {
            let uses_charting_outcomes = plan
                .tracks
                .iter()
                .any(|track| track.basis == PlanBasis::ChartingOutcomes2026);
            if !uses_charting_outcomes {
                continue;
            }
            let published = NonUsImgSpecialtySummary::find(plan.specialty)
                .unwrap_or_else(|| panic!("{} is not in Charting Outcomes", plan.specialty));
            // Charting Outcomes counts a specialty's own positions, not the preliminary year
            // its programs offer to applicants bound for other specialties (the NRMP's
            // Medicine-Preliminary row).
            let own_positions: u32 = plan
                .tracks
                .iter()
                .filter(|track| {
                    !(track.basis == PlanBasis::Nrmp2025
                        && track.track_type == TrackType::Preliminary
                        && track.attachment != Entry)
                })
                .map(|track| track.positions)
                .sum();
            assert_eq!(own_positions, published.positions, "{}", plan.specialty);
        }
    }
}
