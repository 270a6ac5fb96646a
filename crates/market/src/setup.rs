//! What every season of one catalog shares, computed once: tracks with their positions and
//! program traits, specialties with their applicant pools, and the target rows they map to.

use std::collections::HashMap;

use serde::Serialize;

use catalog::{Catalog, NrmpCode, ProgramType, Requirement, SpecialtyCode, TrackType};
use targets::{
    ApplicantType, NRMP_2025_PGY1_BY_SPECIALTY, NonUsImgSpecialtySummary, Pgy1SpecialtyRow,
    UsMdMatchByStep2Band, UsMdStep2Quartiles,
};

use crate::BehaviourParameters;
use crate::assumptions::{
    ADVANCED_SPECIALTY_SHARE, BACKUP_SPECIALTIES, COMPETITIVENESS_SCALE, DEFAULT_DEMAND_RATIO,
    PROGRAM_TYPE_SCORE, STEP2_STANDARD_CENTRE, ScoreDistribution, applicants_per_position,
    step2_distribution,
};
use crate::evaluation::visa_ok;
use crate::mix::{InstitutionEvidence, program_evidence};
use crate::outcomes::SeasonOutcomes;
use crate::probe::VisaNeed;
use crate::sizes::track_sizes;
use crate::sponsorship::{Sponsorship, program_sponsorship};

/// One track's outcomes over simulated seasons.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrackOutcome {
    /// The track's NRMP code.
    pub code: NrmpCode,
    /// Positions offered each season (known or estimated).
    pub positions: u32,
    /// Percent of the seasons in which every position was filled.
    pub filled_pct: f64,
    /// Applicants matched to it per season, on average, by type.
    pub matched_per_season: MatchedByType,
}

/// A mean number of matched applicants per applicant type.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MatchedByType {
    /// US MD seniors.
    pub us_md_senior: f64,
    /// US DO seniors.
    pub us_do_senior: f64,
    /// US-citizen IMGs.
    pub us_img: f64,
    /// Non-US-citizen IMGs.
    pub non_us_img: f64,
}

/// A program's traits that screening and desirability use.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ProgramTraits {
    /// Share of residents who are IMGs, 0–1 (unknown: estimated, see [`crate::mix`]).
    pub img_share: f64,
    /// Share of residents who are DO graduates, 0–1 (unknown: as for IMGs).
    pub do_share: f64,
    /// University +1, affiliated 0, community −1.
    pub type_score: f64,
    /// Units of academic evidence of the program's institution (zero where unknown).
    pub academic: f64,
    /// Sponsors J-1 visas (unknown: drawn once per program with the estimated probability,
    /// see [`crate::sponsorship`]).
    pub sponsors_j1: bool,
    /// Sponsors H-1B visas (unknown: drawn as for J-1).
    pub sponsors_h1b: bool,
    /// Minimum Step 2 CK and whether strict.
    pub min_step2: Option<(u16, bool)>,
    /// Maximum exam attempts and whether strict.
    pub max_attempts: Option<(u8, bool)>,
    /// Maximum years since graduation and whether strict.
    pub max_years_since_graduation: Option<(u8, bool)>,
    /// USCE months, hands-on only, and whether strict.
    pub usce: Option<(u8, bool, bool)>,
}

impl ProgramTraits {
    /// A catalog program's traits; an unknown resident mix is estimated from its institution's
    /// evidence ([`crate::mix`]), other unknown facts take the values of [`Self::unknown`], and
    /// unknown sponsorship a fixed draw with its estimated probability.
    fn of(
        program: &catalog::Program,
        sponsorship: &Sponsorship,
        evidence: Option<InstitutionEvidence>,
    ) -> ProgramTraits {
        let unknown = ProgramTraits::unknown();
        let (img_share, do_share) = match (program.resident_mix.get(), evidence) {
            (Some(mix), _) => (
                (mix.img_pct / 100.0).clamp(0.0, 1.0),
                (mix.do_pct / 100.0).clamp(0.0, 1.0),
            ),
            (None, Some(evidence)) => {
                let estimate = evidence.estimated_mix();
                (estimate.img_share, estimate.do_share)
            }
            (None, None) => (unknown.img_share, unknown.do_share),
        };
        let (drawn_j1, drawn_h1b) = sponsorship.drawn(program.id.as_str());
        ProgramTraits {
            img_share,
            do_share,
            academic: evidence.map_or(0.0, |evidence| evidence.academic() as f64),
            type_score: match program.program_type.get() {
                Some(ProgramType::UniversityBased) => PROGRAM_TYPE_SCORE[0],
                Some(ProgramType::CommunityBased) => PROGRAM_TYPE_SCORE[2],
                _ => PROGRAM_TYPE_SCORE[1],
            },
            sponsors_j1: program.sponsors_j1.get().copied().unwrap_or(drawn_j1),
            sponsors_h1b: program.sponsors_h1b.get().copied().unwrap_or(drawn_h1b),
            min_step2: requirement(&program.requirements.min_step2_score),
            max_attempts: requirement(&program.requirements.max_exam_attempts),
            max_years_since_graduation: requirement(
                &program.requirements.max_years_since_graduation,
            ),
            usce: requirement(&program.requirements.usce).map(|(r, s)| (r.months, r.hands_on, s)),
        }
    }

    fn unknown() -> ProgramTraits {
        ProgramTraits {
            img_share: 0.2,
            do_share: 0.2,
            type_score: 0.0,
            academic: 0.0,
            sponsors_j1: true,
            sponsors_h1b: false,
            min_step2: None,
            max_attempts: None,
            max_years_since_graduation: None,
            usce: None,
        }
    }
}

/// A program's requirements, flattened for screening millions of applications: one bit
/// per requirement in `present` and `strict`, in the order of the constants below.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ScreeningRequirements {
    pub min_step2: u16,
    pub max_attempts: u8,
    pub max_years_since_graduation: u8,
    pub usce_months: u8,
    pub usce_hands_on: bool,
    /// Which requirements the program states.
    pub present: u8,
    /// Which of the stated requirements are strict (the rest are preferences).
    pub strict: u8,
    /// Bit `visa_slot` is set when the program can take an applicant with that visa need.
    pub visa_allowed: u8,
}

impl ScreeningRequirements {
    pub const MIN_STEP2: u8 = 1;
    pub const MAX_ATTEMPTS: u8 = 2;
    pub const MAX_YEARS_SINCE_GRADUATION: u8 = 4;
    pub const USCE: u8 = 8;

    fn of(program: &ProgramTraits) -> ScreeningRequirements {
        let mut requirements = ScreeningRequirements {
            min_step2: 0,
            max_attempts: 0,
            max_years_since_graduation: 0,
            usce_months: 0,
            usce_hands_on: false,
            present: 0,
            strict: 0,
            visa_allowed: 1
                | u8::from(program.sponsors_j1 || program.sponsors_h1b) << 1
                | u8::from(program.sponsors_h1b) << 2,
        };
        let mut state = |bit: u8, strict: bool| {
            requirements.present |= bit;
            if strict {
                requirements.strict |= bit;
            }
        };
        if let Some((min, strict)) = program.min_step2 {
            state(Self::MIN_STEP2, strict);
            requirements.min_step2 = min;
        }
        if let Some((max, strict)) = program.max_attempts {
            state(Self::MAX_ATTEMPTS, strict);
            requirements.max_attempts = max;
        }
        if let Some((max, strict)) = program.max_years_since_graduation {
            state(Self::MAX_YEARS_SINCE_GRADUATION, strict);
            requirements.max_years_since_graduation = max;
        }
        if let Some((months, hands_on, strict)) = program.usce {
            state(Self::USCE, strict);
            requirements.usce_months = months;
            requirements.usce_hands_on = hands_on;
        }
        requirements
    }
}

/// One track of the simulated market.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SimTrack {
    /// Index into [`SeasonSetup::specialties`].
    pub specialty: u16,
    /// Preliminary or transitional (PGY-1 only) track.
    pub preliminary: bool,
    /// Starts at PGY-2 (advanced or reserved).
    pub pgy2: bool,
    /// Positions offered.
    pub positions: u32,
    /// Index into [`SeasonSetup::programs`]; tracks of one program share its latent factor.
    pub program: u32,
    /// The NRMP 2025 PGY-1 row the track counts in.
    pub nrmp_row: Option<u8>,
}

/// One specialty of the simulated market.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SimSpecialty {
    /// The catalog code.
    pub code: SpecialtyCode,
    /// Tracks that are not preliminary: what applicants preferring the specialty apply to.
    pub main_tracks: Vec<u32>,
    /// Whether most of its positions start at PGY-2, so its applicants need a PGY-1 year too.
    pub advanced: bool,
    /// Step 2 CK of its applicants, by type.
    pub step2: [ScoreDistribution; 4],
    /// How competitive the specialty is: (matched US MD seniors' median Step 2 CK − 245) / 10
    /// from Charting Outcomes 2026, zero where unpublished.
    pub competitiveness: f64,
}

/// Everything a season needs from the catalog, computed once.
#[derive(Debug, Clone, PartialEq)]
pub struct SeasonSetup {
    pub(crate) tracks: Vec<SimTrack>,
    pub(crate) programs: Vec<ProgramTraits>,
    pub(crate) specialties: Vec<SimSpecialty>,
    /// Every preliminary and transitional track.
    pub(crate) preliminary_tracks: Vec<u32>,
    /// Cumulative specialty choice weights by type, normalized to end at one.
    pub(crate) specialty_choice: [Vec<f64>; 4],
    /// Applicants of each type in a season.
    pub(crate) applicant_counts: [u32; 4],
    /// Per track: its program's requirements, where screening reads them without following
    /// the track to its program.
    pub(crate) track_requirements: Vec<ScreeningRequirements>,
    /// Per visa need (none, J-1, H-1B only), whether each track's program can take the
    /// applicant.
    pub(crate) visa_allowed: [Vec<bool>; 3],
    /// The backup specialties (Internal Medicine, Family Medicine, Pediatrics) that are in the
    /// market, with their non-preliminary positions: applicants pick one by positions.
    pub(crate) backup_specialties: Vec<(u16, f64)>,
    /// Per track: its NRMP code in the catalog.
    pub(crate) track_codes: Vec<NrmpCode>,
    /// Track index by NRMP code.
    pub(crate) track_by_code: HashMap<NrmpCode, u32>,
}

/// Cumulative shares of the specialties applicants of a type prefer: positions weighted by the
/// type's affinity for each specialty.
fn specialty_choice(
    applicant_type: ApplicantType,
    specialties: &[SimSpecialty],
    main_positions: &[f64],
) -> Vec<f64> {
    let mut cumulative = Vec::with_capacity(specialties.len());
    let mut total = 0.0;
    for (index, specialty) in specialties.iter().enumerate() {
        total += main_positions[index] * type_affinity(applicant_type, specialty.code);
        cumulative.push(total);
    }
    if total > 0.0 {
        for value in &mut cumulative {
            *value /= total;
        }
    }
    cumulative
}

fn requirement<T: Copy>(fact: &catalog::Fact<Requirement<T>>) -> Option<(T, bool)> {
    match fact.get() {
        Some(Requirement::Strict(value)) => Some((*value, true)),
        Some(Requirement::Preference(value)) => Some((*value, false)),
        _ => None,
    }
}

impl SeasonSetup {
    /// Precomputes the market of a catalog. Tracks whose positions are unknown get an
    /// estimate ([`crate::sizes`]); tracks with zero positions are left out.
    pub fn from_catalog(catalog: &Catalog) -> SeasonSetup {
        let mut program_index: HashMap<&catalog::ProgramId, u32> = HashMap::new();
        let mut programs = Vec::with_capacity(catalog.programs.len() + 1);
        let sponsorship = program_sponsorship(catalog);
        let evidence = program_evidence(catalog);
        for ((program, sponsorship), evidence) in
            catalog.programs.iter().zip(&sponsorship).zip(evidence)
        {
            let traits = ProgramTraits::of(program, sponsorship, evidence);
            program_index.insert(&program.id, programs.len() as u32);
            programs.push(traits);
        }
        let unknown_program = programs.len() as u32;
        programs.push(ProgramTraits::unknown());

        let mut specialty_index: HashMap<SpecialtyCode, u16> = HashMap::new();
        let mut specialties: Vec<SimSpecialty> = Vec::new();
        let mut tracks = Vec::with_capacity(catalog.tracks.len());
        let mut preliminary_tracks = Vec::new();
        let mut track_codes = Vec::with_capacity(catalog.tracks.len());
        let mut main_positions: Vec<f64> = Vec::new();
        let mut pgy2_positions: Vec<f64> = Vec::new();
        for (track, size) in catalog.tracks.iter().zip(track_sizes(catalog)) {
            let positions = size.positions;
            if positions == 0 {
                continue;
            }
            let specialty = *specialty_index.entry(track.specialty).or_insert_with(|| {
                specialties.push(SimSpecialty {
                    code: track.specialty,
                    main_tracks: Vec::new(),
                    advanced: false,
                    step2: ApplicantType::ALL
                        .map(|applicant_type| step2_distribution(applicant_type, track.specialty)),
                    competitiveness: UsMdStep2Quartiles::find(track.specialty).map_or(0.0, |row| {
                        (f64::from(row.matched_median) - STEP2_STANDARD_CENTRE)
                            / COMPETITIVENESS_SCALE
                    }),
                });
                main_positions.push(0.0);
                pgy2_positions.push(0.0);
                (specialties.len() - 1) as u16
            });
            let preliminary = track.track_type == TrackType::Preliminary;
            let index = tracks.len() as u32;
            track_codes.push(track.code.clone());
            if preliminary {
                preliminary_tracks.push(index);
            } else {
                specialties[usize::from(specialty)].main_tracks.push(index);
                main_positions[usize::from(specialty)] += f64::from(positions);
                if !track.track_type.starts_at_pgy1() {
                    pgy2_positions[usize::from(specialty)] += f64::from(positions);
                }
            }
            tracks.push(SimTrack {
                specialty,
                preliminary,
                pgy2: !track.track_type.starts_at_pgy1(),
                positions,
                program: track
                    .program
                    .as_ref()
                    .and_then(|id| program_index.get(id).copied())
                    .unwrap_or(unknown_program),
                nrmp_row: NRMP_2025_PGY1_BY_SPECIALTY
                    .iter()
                    .position(|row| {
                        row.catalog
                            .includes_track(track.specialty, track.track_type)
                    })
                    .map(|row| row as u8),
            });
        }
        for (index, specialty) in specialties.iter_mut().enumerate() {
            specialty.advanced = main_positions[index] > 0.0
                && pgy2_positions[index] / main_positions[index] >= ADVANCED_SPECIALTY_SHARE;
        }

        let specialty_choice = ApplicantType::ALL
            .map(|applicant_type| specialty_choice(applicant_type, &specialties, &main_positions));
        let total_positions: f64 = tracks.iter().map(|t| f64::from(t.positions)).sum();
        let applicant_counts = ApplicantType::ALL.map(|applicant_type| {
            (applicants_per_position(applicant_type) * total_positions).round() as u32
        });
        let find = |code: &str| {
            SpecialtyCode::parse(code)
                .ok()
                .and_then(|code| specialty_index.get(&code).copied())
        };
        let visa_allowed = [VisaNeed::None, VisaNeed::J1, VisaNeed::H1b].map(|visa| {
            tracks
                .iter()
                .map(|t| visa_ok(visa, &programs[t.program as usize]))
                .collect()
        });
        let track_requirements = tracks
            .iter()
            .map(|t| ScreeningRequirements::of(&programs[t.program as usize]))
            .collect();
        let track_by_code = track_codes
            .iter()
            .enumerate()
            .map(|(index, code)| (code.clone(), index as u32))
            .collect();
        SeasonSetup {
            track_codes,
            track_by_code,
            visa_allowed,
            track_requirements,
            backup_specialties: BACKUP_SPECIALTIES
                .iter()
                .filter_map(|code| find(code))
                .map(|index| (index, main_positions[usize::from(index)]))
                .collect(),
            tracks,
            programs,
            specialties,
            preliminary_tracks,
            specialty_choice,
            applicant_counts,
        }
    }

    /// Tracks in the simulated market.
    pub fn track_count(&self) -> usize {
        self.tracks.len()
    }

    /// The index of the track with this NRMP code, if it is in the market (tracks without
    /// positions are not).
    pub fn track_index(&self, code: &NrmpCode) -> Option<u32> {
        self.track_by_code.get(code).copied()
    }

    /// Every track's outcomes over the seasons `outcomes` tallies, in market order.
    pub fn track_outcomes(&self, outcomes: &SeasonOutcomes) -> Vec<TrackOutcome> {
        let seasons = outcomes.seasons.max(1) as f64;
        self.tracks
            .iter()
            .zip(&self.track_codes)
            .zip(&outcomes.tracks)
            .map(|((track, code), tally)| TrackOutcome {
                code: code.clone(),
                positions: track.positions,
                filled_pct: 100.0 * tally.filled_seasons as f64 / seasons,
                matched_per_season: MatchedByType {
                    us_md_senior: tally.matched_by_type[0] as f64 / seasons,
                    us_do_senior: tally.matched_by_type[1] as f64 / seasons,
                    us_img: tally.matched_by_type[2] as f64 / seasons,
                    non_us_img: tally.matched_by_type[3] as f64 / seasons,
                },
            })
            .collect()
    }

    /// The NRMP code of a track of the market.
    pub fn track_code(&self, track: u32) -> &NrmpCode {
        &self.track_codes[track as usize]
    }

    /// Positions in the simulated market.
    pub fn position_count(&self) -> u64 {
        self.tracks.iter().map(|t| u64::from(t.positions)).sum()
    }

    /// Applicants of each type per season, in [`ApplicantType::ALL`] order.
    pub fn applicant_counts(&self) -> [u32; 4] {
        self.applicant_counts
    }

    /// The specialty codes in the order outcome tallies use.
    pub fn specialty_codes(&self) -> Vec<SpecialtyCode> {
        self.specialties.iter().map(|s| s.code).collect()
    }

    /// The cumulative specialty choice weights of US MD seniors after the per-specialty demand
    /// factors of [`BehaviourParameters::specialty_us_md_demand`], or `None` when there are no
    /// factors (the published weights apply unchanged).
    pub(crate) fn us_md_specialty_choice(&self, params: &BehaviourParameters) -> Option<Vec<f64>> {
        if params.specialty_us_md_demand.is_empty() {
            return None;
        }
        let published = &self.specialty_choice[0];
        let mut cumulative = Vec::with_capacity(published.len());
        let mut total = 0.0;
        let mut previous = 0.0;
        for (specialty, &value) in self.specialties.iter().zip(published) {
            let factor = params
                .specialty_us_md_demand
                .get(specialty.code.as_str())
                .copied()
                .unwrap_or(1.0)
                .max(0.0);
            total += (value - previous) * factor;
            previous = value;
            cumulative.push(total);
        }
        if total > 0.0 {
            for value in &mut cumulative {
                *value /= total;
            }
        }
        Some(cumulative)
    }

    pub(crate) fn specialty_of(&self, code: SpecialtyCode) -> Option<u16> {
        self.specialties
            .iter()
            .position(|s| s.code == code)
            .map(|i| i as u16)
    }
}

/// How strongly applicants of a type lean towards a specialty, per position.
///
/// Non-US IMGs: the Charting Outcomes 2026 count of non-US IMGs who preferred the specialty,
/// per position. US MD seniors: the Charting Outcomes count of US MD seniors who preferred it
/// (pooled 2020–2024, per year), per position. Otherwise, and for DO seniors and US IMGs: the
/// specialty's demand (Charting Outcomes 2026 applicants per position) times the type's NRMP
/// 2025 share of filled positions, or market-wide shares where the NRMP table has no row.
fn type_affinity(applicant_type: ApplicantType, code: SpecialtyCode) -> f64 {
    let outcomes_row = NonUsImgSpecialtySummary::find(code);
    let demand = outcomes_row.map_or(DEFAULT_DEMAND_RATIO, |row| {
        f64::from(row.all_applicants) / f64::from(row.positions.max(1))
    });
    if applicant_type == ApplicantType::NonUsImg
        && let Some(row) = outcomes_row
    {
        return (f64::from(row.img_total()) / f64::from(row.positions.max(1))).max(0.005);
    }
    if applicant_type == ApplicantType::UsMdSenior
        && let (Some(bands), Some(row)) = (UsMdMatchByStep2Band::find(code), outcomes_row)
    {
        let per_year = f64::from(bands.applicants.iter().sum::<u32>()) / 5.0;
        return (per_year / f64::from(row.positions.max(1))).max(0.005);
    }
    let nrmp = Pgy1SpecialtyRow::find(code, TrackType::Categorical);
    let img_applicant_share =
        outcomes_row.map(|row| f64::from(row.img_total()) / f64::from(row.all_applicants.max(1)));
    let share = match applicant_type {
        ApplicantType::NonUsImg => nrmp
            .map(|row| row.share_non_us_img / 100.0)
            .or(img_applicant_share)
            .unwrap_or(0.05),
        ApplicantType::UsImg => nrmp
            .map(|row| row.share_us_img / 100.0)
            .or(img_applicant_share.map(|s| s * 0.5))
            .unwrap_or(0.03),
        ApplicantType::UsMdSenior | ApplicantType::UsDoSenior => {
            let (md, us_do) = nrmp.map_or((0.75, 0.15), |row| {
                (
                    row.share_us_md_senior / 100.0,
                    row.share_us_do_senior / 100.0,
                )
            });
            if applicant_type == ApplicantType::UsMdSenior {
                md
            } else {
                us_do
            }
        }
    };
    // A small floor keeps every specialty reachable by every type.
    demand * share.max(0.005)
}
