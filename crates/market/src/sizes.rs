//! Track sizes: the positions a track offers as its source says, or an estimate where no
//! source says.
//!
//! The NRMP track list has no sizes, so a catalog built from it knows none. Each track whose
//! size is unknown belongs to a group with a published total: the NRMP 2025 specialty row it
//! falls in, or else the rest of the PGY-1 or PGY-2 positions of the national totals. A group's
//! positions, less what its known tracks offer, are shared among its unknown tracks by the
//! breadth of their institutions (how many specialties the institution sponsors), or by their
//! program's size where a source gives it (FREIDA's first-year positions), breadth being a strong
//! predictor of program size: across Internal Medicine programs, first-year positions grow
//! about as breadth to the power [`BREADTH_EXPONENT`]. A catalog that holds only part of a
//! group (an excerpt, a test fixture) gets the group's mean size per track instead of its whole
//! total. Estimates are never facts: each carries its [`SizeBasis`], and the pages say so.

use std::collections::{HashMap, HashSet};

use catalog::{Catalog, ProgramId, SpecialtyCode, Track};
use targets::{NRMP_2025_PGY1_BY_SPECIALTY, NRMP_2025_TOTALS};

/// How program size grows with the breadth of the institution: first-year positions ∝
/// (specialties the institution sponsors)^0.43. Fitted (least squares on logarithms) on the
/// 625 FREIDA 2025 Internal Medicine programs with known positions joined to the NRMP 2024
/// track list: a median of 12.5 positions at institutions sponsoring one or two specialties,
/// 17 at six to ten, 53 at more than twenty.
pub const BREADTH_EXPONENT: f64 = 0.43;

/// First-year positions of a program at an institution sponsoring one specialty, in the same
/// fit as [`BREADTH_EXPONENT`] (its intercept: 8.84): the scale that turns a program's known
/// size (FREIDA's first-year positions) into a weight beside the breadth of the others.
pub const POSITIONS_AT_BREADTH_ONE: f64 = 8.84;

/// The weight of an institution's further track of a specialty and type (a second site, a
/// research or primary care pathway; track number 1 and up) against its first one. An
/// assumption: such tracks are usually a few positions carved out beside the main track.
pub const FURTHER_TRACK_WEIGHT: f64 = 0.5;

/// The share of a group's published programs a catalog must hold for the group's whole total
/// to be shared among them; below it, the catalog is taken to be an excerpt and each unknown
/// track gets the group's mean size. The NRMP 2024 track list holds 88% (Internal Medicine) to
/// 105% (Medicine-Preliminary) of each 2025 row's programs.
pub const COMPLETE_GROUP_SHARE: f64 = 0.5;

/// What a track's size rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SizeBasis {
    /// The catalog's source gives it.
    Source,
    /// Estimated: a share of the NRMP 2025 positions of the specialty row (its index in
    /// [`NRMP_2025_PGY1_BY_SPECIALTY`]), by institution breadth.
    NrmpRow(u8),
    /// Estimated: a share of the NRMP 2025 PGY-1 positions outside the published rows.
    OtherPgy1,
    /// Estimated: a share of the NRMP 2025 PGY-2 positions (advanced and reserved tracks).
    Pgy2,
}

impl SizeBasis {
    /// Whether the size is an estimate.
    pub fn is_estimate(self) -> bool {
        self != SizeBasis::Source
    }

    /// What the size rests on, in words.
    pub fn describe(self) -> String {
        match self {
            SizeBasis::Source => "the catalog's source".to_owned(),
            SizeBasis::NrmpRow(row) => format!(
                "the NRMP 2025 positions of {}, shared among its tracks by the breadth of their institutions",
                NRMP_2025_PGY1_BY_SPECIALTY[usize::from(row)].specialty
            ),
            SizeBasis::OtherPgy1 => "the NRMP 2025 PGY-1 positions outside the largest \
                                     specialties, shared among their tracks by the breadth of \
                                     their institutions"
                .to_owned(),
            SizeBasis::Pgy2 => "the NRMP 2025 PGY-2 positions (advanced and reserved tracks), \
                                shared among them by the breadth of their institutions"
                .to_owned(),
        }
    }
}

/// A track's size and what it rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrackSize {
    /// First-year positions.
    pub positions: u32,
    /// What the number rests on.
    pub basis: SizeBasis,
}

/// Every track's size, in the catalog's track order.
pub fn track_sizes(catalog: &Catalog) -> Vec<TrackSize> {
    let breadth = institution_breadth(&catalog.tracks);
    let groups: Vec<SizeBasis> = catalog.tracks.iter().map(group_of).collect();
    let mut sizes: Vec<TrackSize> = catalog
        .tracks
        .iter()
        .zip(&groups)
        .map(|(track, &group)| TrackSize {
            positions: track.positions.map_or(0, u32::from),
            basis: if track.positions.is_some() {
                SizeBasis::Source
            } else {
                group
            },
        })
        .collect();
    let mut members: HashMap<SizeBasis, Vec<usize>> = HashMap::new();
    for (index, &group) in groups.iter().enumerate() {
        members.entry(group).or_default().push(index);
    }
    let program_positions: HashMap<&ProgramId, u16> = catalog
        .programs
        .iter()
        .filter_map(|program| Some((&program.id, *program.first_year_positions.get()?)))
        .filter(|&(_, positions)| positions > 0)
        .collect();
    let mut tracks_in_group: HashMap<(&ProgramId, SizeBasis), usize> = HashMap::new();
    for (track, &group) in catalog.tracks.iter().zip(&groups) {
        if let Some(id) = &track.program {
            *tracks_in_group.entry((id, group)).or_default() += 1;
        }
    }
    let held = |group: SizeBasis| -> usize {
        match group {
            SizeBasis::OtherPgy1 | SizeBasis::Pgy2 => [SizeBasis::OtherPgy1, SizeBasis::Pgy2]
                .iter()
                .map(|other| members.get(other).map_or(0, Vec::len))
                .sum(),
            _ => members.get(&group).map_or(0, Vec::len),
        }
    };
    for (&group, members) in &members {
        let (known, unknown): (Vec<usize>, Vec<usize>) = members
            .iter()
            .partition(|&&index| catalog.tracks[index].positions.is_some());
        if unknown.is_empty() {
            continue;
        }
        let target = GroupTarget::of(group);
        let total = if held(group) as f64 >= COMPLETE_GROUP_SHARE * f64::from(target.programs) {
            let known_positions: u32 = known.iter().map(|&index| sizes[index].positions).sum();
            target.positions.saturating_sub(known_positions)
        } else {
            (target.mean_size * unknown.len() as f64).round() as u32
        };
        let weights: Vec<f64> = unknown
            .iter()
            .map(|&index| {
                let track = &catalog.tracks[index];
                // A program whose size a source gives (FREIDA) shares it among its tracks of
                // the group; the others go by their institution's breadth.
                let known = track.program.as_ref().and_then(|id| {
                    let positions = *program_positions.get(id)?;
                    let tracks = tracks_in_group.get(&(id, group))?;
                    Some(f64::from(positions) / POSITIONS_AT_BREADTH_ONE / *tracks as f64)
                });
                known.unwrap_or_else(|| weight(track, &breadth))
            })
            .collect();
        for (&index, positions) in unknown.iter().zip(apportion(total, &weights)) {
            sizes[index].positions = positions;
        }
    }
    sizes
}

/// The group whose published total a track's estimate shares.
fn group_of(track: &Track) -> SizeBasis {
    match NRMP_2025_PGY1_BY_SPECIALTY.iter().position(|row| {
        row.catalog
            .includes_track(track.specialty, track.track_type)
    }) {
        Some(row) => SizeBasis::NrmpRow(row as u8),
        None if track.track_type.starts_at_pgy1() => SizeBasis::OtherPgy1,
        None => SizeBasis::Pgy2,
    }
}

/// What the NRMP 2025 figures say of a group.
struct GroupTarget {
    /// Positions offered.
    positions: u32,
    /// Programs (tracks) of the group, or of all the tracks outside the rows for the two groups
    /// outside them, whose PGY-1 and PGY-2 tracks are not counted apart.
    programs: u32,
    /// Positions per program (track).
    mean_size: f64,
}

impl GroupTarget {
    fn of(group: SizeBasis) -> GroupTarget {
        let rows = &NRMP_2025_PGY1_BY_SPECIALTY;
        if let SizeBasis::NrmpRow(row) = group {
            let row = &rows[usize::from(row)];
            return GroupTarget {
                positions: row.positions_offered,
                programs: u32::from(row.programs),
                mean_size: f64::from(row.positions_offered) / f64::from(row.programs),
            };
        }
        let row_positions: u32 = rows.iter().map(|row| row.positions_offered).sum();
        let row_programs: u32 = rows.iter().map(|row| u32::from(row.programs)).sum();
        let totals = &NRMP_2025_TOTALS;
        let programs = totals.program_tracks - row_programs;
        GroupTarget {
            positions: if group == SizeBasis::Pgy2 {
                totals.positions_offered - totals.pgy1_positions_offered
            } else {
                totals.pgy1_positions_offered - row_positions
            },
            programs,
            mean_size: f64::from(totals.positions_offered - row_positions) / f64::from(programs),
        }
    }
}

/// Every program's institution code, in catalog order: that of the first track of the program
/// (`None` for a program without tracks).
pub(crate) fn program_institutions(catalog: &Catalog) -> Vec<Option<&str>> {
    let mut institution_of: HashMap<&str, &str> = HashMap::new();
    for track in &catalog.tracks {
        if let Some(program) = &track.program {
            institution_of
                .entry(program.as_str())
                .or_insert(track.code.institution_code());
        }
    }
    catalog
        .programs
        .iter()
        .map(|program| institution_of.get(program.id.as_str()).copied())
        .collect()
}

/// Per institution code: how many specialties it sponsors tracks in.
pub(crate) fn institution_breadth(tracks: &[Track]) -> HashMap<&str, usize> {
    let mut specialties: HashMap<&str, HashSet<SpecialtyCode>> = HashMap::new();
    for track in tracks {
        specialties
            .entry(track.code.institution_code())
            .or_default()
            .insert(track.specialty);
    }
    specialties
        .into_iter()
        .map(|(institution, set)| (institution, set.len()))
        .collect()
}

/// How large a track is expected to be against the others of its group.
fn weight(track: &Track, breadth: &HashMap<&str, usize>) -> f64 {
    let sponsored = breadth
        .get(track.code.institution_code())
        .copied()
        .unwrap_or(1)
        .max(1);
    let further = if track.code.track_number() > 0 {
        FURTHER_TRACK_WEIGHT
    } else {
        1.0
    };
    (sponsored as f64).powf(BREADTH_EXPONENT) * further
}

/// Shares `total` whole positions in proportion to `weights`, at least one each: each gets the
/// whole part of its share, and what is left goes one by one to the largest remainders.
fn apportion(total: u32, weights: &[f64]) -> Vec<u32> {
    let sum: f64 = weights.iter().sum();
    let shares: Vec<f64> = weights
        .iter()
        .map(|weight| f64::from(total) * weight / sum.max(f64::MIN_POSITIVE))
        .collect();
    let mut given: Vec<u32> = shares
        .iter()
        .map(|share| (share.floor() as u32).max(1))
        .collect();
    let mut left = total.saturating_sub(given.iter().sum());
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| {
        let remainder = |i: usize| shares[i] - shares[i].floor();
        remainder(b).total_cmp(&remainder(a)).then(a.cmp(&b))
    });
    for index in order.into_iter().cycle() {
        if left == 0 {
            break;
        }
        given[index] += 1;
        left -= 1;
    }
    given
}

#[cfg(test)]
mod tests {
    use super::*;
    use catalog::TrackType;

    fn internal_medicine(track: &Track) -> bool {
        track.specialty.as_str() == "140" && track.track_type == TrackType::Categorical
    }

    #[test]
    fn a_whole_row_without_sizes_shares_the_published_total_by_breadth() {
        let mut catalog = demo_catalog::generate(2025);
        for track in catalog.tracks.iter_mut().filter(|t| internal_medicine(t)) {
            track.positions = None;
        }
        for program in &mut catalog.programs {
            program.first_year_positions.value = None;
        }
        let sizes = track_sizes(&catalog);
        let row: Vec<(&Track, TrackSize)> = catalog
            .tracks
            .iter()
            .zip(sizes)
            .filter(|(track, _)| internal_medicine(track))
            .collect();
        assert!(
            row.iter()
                .all(|(_, size)| size.basis == SizeBasis::NrmpRow(0))
        );
        let total: u32 = row.iter().map(|(_, size)| size.positions).sum();
        assert_eq!(
            total, 10_941,
            "NRMP 2025: 10,941 Internal Medicine positions"
        );
        // A broader institution's first track is estimated at least as large.
        let breadth = institution_breadth(&catalog.tracks);
        let key = |track: &Track| {
            (
                breadth[track.code.institution_code()],
                track.code.track_number() == 0,
            )
        };
        for (a, size_a) in &row {
            for (b, size_b) in &row {
                let (breadth_a, first_a) = key(a);
                let (breadth_b, first_b) = key(b);
                if breadth_a > breadth_b && first_a && first_b {
                    assert!(
                        size_a.positions + 1 >= size_b.positions,
                        "{} {}",
                        a.code,
                        b.code
                    );
                }
            }
        }
    }

    #[test]
    fn a_program_size_a_source_gives_leads_its_tracks_estimate() {
        let mut catalog = demo_catalog::generate(2025);
        for track in catalog.tracks.iter_mut().filter(|t| internal_medicine(t)) {
            track.positions = None;
        }
        let sizes = track_sizes(&catalog);
        let positions = |id: &ProgramId| {
            catalog
                .programs
                .iter()
                .find(|program| &program.id == id)
                .and_then(|program| program.first_year_positions.get().copied())
        };
        let mut pairs: Vec<(u16, u32)> = catalog
            .tracks
            .iter()
            .zip(&sizes)
            .filter(|(track, _)| internal_medicine(track))
            .filter_map(|(track, size)| Some((positions(track.program.as_ref()?)?, size.positions)))
            .collect();
        pairs.sort_unstable();
        let (smallest, largest) = (pairs[0], pairs[pairs.len() - 1]);
        assert!(largest.1 > smallest.1 * 2, "{smallest:?} {largest:?}");
        let total: u32 = pairs.iter().map(|pair| pair.1).sum();
        assert!(total <= 10_941);
    }

    #[test]
    fn an_excerpt_gets_the_mean_size_and_known_sizes_stay() {
        let mut catalog = demo_catalog::generate(2025);
        let keep: Vec<Track> = catalog
            .tracks
            .iter()
            .filter(|t| internal_medicine(t))
            .take(11)
            .cloned()
            .collect();
        catalog.tracks = keep;
        let known = catalog.tracks[10].positions;
        for track in &mut catalog.tracks[..10] {
            track.positions = None;
        }
        let sizes = track_sizes(&catalog);
        let estimated: u32 = sizes[..10].iter().map(|size| size.positions).sum();
        // NRMP 2025: 10,941 positions in 758 programs, 14.4 each.
        assert_eq!(estimated, 144);
        assert_eq!(sizes[10].basis, SizeBasis::Source);
        assert_eq!(Some(sizes[10].positions), known.map(u32::from));
    }

    #[test]
    fn apportioning_meets_the_total_and_gives_everyone_a_position() {
        let given = apportion(10, &[1.0, 1.0, 2.0]);
        assert_eq!(given.iter().sum::<u32>(), 10);
        assert_eq!(given[2], 5);
        assert_eq!(apportion(2, &[1.0, 1.0, 1.0]), [1, 1, 1]);
        assert_eq!(apportion(7, &[0.0, 0.0]).iter().sum::<u32>(), 7);
    }
}
