//! The API's response bodies: the catalog's domain types as JSON, every attribute with its
//! source and as-of date, unknown values as `null`.

use catalog::{Catalog, Fact, Program, Requirement, Track, UsceRequirement};
use market::mix::EstimatedMix;
use market::sizes::TrackSize;
use market::sponsorship::{Sponsorship, SponsorshipBasis};
use serde::Serialize;
use utoipa::ToSchema;

use crate::state::AppState;
use crate::views::ModelFill;

/// Which catalog answered.
#[derive(Debug, Serialize, ToSchema)]
pub struct CatalogInfo {
    /// The catalog version in the store.
    pub version: i64,
    /// The catalog's label.
    pub label: String,
    /// Whether every program is fictional (the demo catalog).
    pub fictional: bool,
}

impl CatalogInfo {
    /// The catalog the state serves.
    pub fn of(state: &AppState) -> CatalogInfo {
        CatalogInfo {
            version: state.version(),
            label: state.catalog().meta.label.clone(),
            fictional: state.catalog().meta.fictional,
        }
    }
}

/// A value with its provenance; `value` is `null` when the source does not know it.
#[derive(Debug, Serialize, ToSchema)]
pub struct FactDto<T> {
    /// The value, or null for unknown.
    pub value: Option<T>,
    /// The data source's identifier.
    pub source: String,
    /// The date the source describes (YYYY-MM-DD).
    pub as_of: String,
}

fn fact<T, U>(fact: &Fact<T>, convert: impl Fn(&T) -> U) -> FactDto<U> {
    FactDto {
        value: fact.get().map(convert),
        source: fact.source.to_string(),
        as_of: fact.as_of.to_string(),
    }
}

/// A program requirement with its provenance. `rule` is `none`, `strict` (a cut-off) or
/// `preference`, and `null` when it is unknown whether the program has the requirement.
#[derive(Debug, Serialize, ToSchema)]
pub struct RequirementDto<T> {
    /// `none`, `strict`, `preference`, or null for unknown.
    pub rule: Option<String>,
    /// The threshold of a strict or preferred requirement (null when there is none or it is
    /// unknown).
    pub threshold: Option<T>,
    /// The data source's identifier.
    pub source: String,
    /// The date the source describes (YYYY-MM-DD).
    pub as_of: String,
}

fn requirement<T, U>(
    fact: &Fact<Requirement<T>>,
    convert: impl Fn(&T) -> Option<U>,
) -> RequirementDto<U> {
    RequirementDto {
        rule: fact.get().map(|r| r.rule_name().to_owned()),
        threshold: fact.get().and_then(|r| r.threshold()).and_then(convert),
        source: fact.source.to_string(),
        as_of: fact.as_of.to_string(),
    }
}

/// The residents' backgrounds, percent.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResidentMixDto {
    /// Percent graduates of US MD schools.
    pub us_md_pct: f64,
    /// Percent graduates of US DO schools.
    pub do_pct: f64,
    /// Percent international medical graduates.
    pub img_pct: f64,
}

/// A US clinical experience requirement.
#[derive(Debug, Serialize, ToSchema)]
pub struct UsceDto {
    /// Minimum months.
    pub months: u8,
    /// Whether only hands-on experience counts.
    pub hands_on: bool,
}

/// A specialty.
#[derive(Debug, Serialize, ToSchema)]
pub struct SpecialtyDto {
    /// The 3-digit ACGME/NRMP code.
    pub code: String,
    /// The name.
    pub name: String,
}

/// What a program asks of applicants.
#[derive(Debug, Serialize, ToSchema)]
pub struct RequirementsDto {
    /// Minimum USMLE Step 2 CK score.
    pub min_step2_score: RequirementDto<u16>,
    /// Most attempts at any USMLE/COMLEX exam.
    pub max_exam_attempts: RequirementDto<u8>,
    /// Most years since medical school graduation.
    pub max_years_since_graduation: RequirementDto<u8>,
    /// US clinical experience.
    pub usce: RequirementDto<UsceDto>,
    /// ECFMG certification at application (no threshold).
    pub ecfmg_certification: RequirementDto<u8>,
    /// USMLE Step 3 passed for applicants needing an H-1B (no threshold).
    pub step3_for_h1b: RequirementDto<u8>,
}

/// A residency program.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgramDto {
    /// The catalog's id.
    pub id: String,
    /// The program's name.
    pub name: String,
    /// The specialty.
    pub specialty: SpecialtyDto,
    /// The 10-digit ACGME id.
    pub acgme_id: FactDto<String>,
    /// The sponsoring institution.
    pub institution: FactDto<String>,
    /// The city.
    pub city: FactDto<String>,
    /// The state's two-letter postal code.
    pub state: FactDto<String>,
    /// The census region, when the state is known.
    pub region: Option<String>,
    /// `university`, `community-affiliated`, `community`, `military` or `other`.
    pub program_type: FactDto<String>,
    /// First-year positions.
    pub first_year_positions: FactDto<u16>,
    /// Interviews conducted last season.
    pub interviews_per_year: FactDto<u16>,
    /// The residents' backgrounds.
    pub resident_mix: FactDto<ResidentMixDto>,
    /// Sponsors J-1 visas.
    pub sponsors_j1: FactDto<bool>,
    /// Sponsors H-1B visas.
    pub sponsors_h1b: FactDto<bool>,
    /// The project's estimate of the sponsorship the catalog does not state (null when both
    /// `sponsors_j1` and `sponsors_h1b` are known).
    pub estimated_sponsorship: Option<SponsorshipEstimateDto>,
    /// The project's estimate of the resident mix the catalog does not state (null when
    /// `resident_mix` is known or the track list does not name the program's institution).
    pub estimated_resident_mix: Option<MixEstimateDto>,
    /// Takes applications through ERAS.
    pub participates_in_eras: FactDto<bool>,
    /// Takes ERAS preference signals.
    pub accepts_signals: FactDto<bool>,
    /// What the program asks of applicants.
    pub requirements: RequirementsDto,
}

/// Estimated probabilities that a program can take applicants who need a visa.
#[derive(Debug, Serialize, ToSchema)]
pub struct SponsorshipEstimateDto {
    /// That it sponsors J-1 or H-1B visas (can take an applicant who needs a J-1), 0–1.
    pub j1_or_h1b: f64,
    /// That it sponsors H-1B visas, 0–1.
    pub h1b: f64,
    /// What the estimate rests on.
    pub basis: String,
}

/// A program's estimated resident mix.
#[derive(Debug, Serialize, ToSchema)]
pub struct MixEstimateDto {
    /// Share of IMG residents, percent.
    pub img_pct: f64,
    /// Share of DO residents, percent.
    pub do_pct: f64,
    /// What the estimate rests on.
    pub basis: String,
}

impl ProgramDto {
    /// A program of the served catalog as JSON, with the sponsorship and resident mix the
    /// model takes for it.
    pub fn of(state: &AppState, program: &Program) -> ProgramDto {
        ProgramDto::new(
            state.catalog(),
            program,
            &state.sponsorship(program),
            state.estimated_mix(program),
        )
    }

    /// A program of the catalog as JSON, with its sponsorship (known or estimated) and the
    /// estimate of its resident mix where the catalog does not state it.
    fn new(
        catalog: &Catalog,
        program: &Program,
        sponsorship: &Sponsorship,
        mix: Option<EstimatedMix>,
    ) -> ProgramDto {
        let r = &program.requirements;
        ProgramDto {
            id: program.id.to_string(),
            name: program.name.clone(),
            specialty: SpecialtyDto {
                code: program.specialty.to_string(),
                name: crate::views::specialty_name(catalog, program),
            },
            acgme_id: fact(&program.acgme_id, ToString::to_string),
            institution: fact(&program.institution, Clone::clone),
            city: fact(&program.city, Clone::clone),
            state: fact(&program.state, |s| s.code().to_owned()),
            region: program.region().map(|r| r.name().to_lowercase()),
            program_type: fact(&program.program_type, |t| t.key().to_owned()),
            first_year_positions: fact(&program.first_year_positions, |n| *n),
            interviews_per_year: fact(&program.interviews_per_year, |n| *n),
            resident_mix: fact(&program.resident_mix, |m| ResidentMixDto {
                us_md_pct: m.us_md_pct,
                do_pct: m.do_pct,
                img_pct: m.img_pct,
            }),
            sponsors_j1: fact(&program.sponsors_j1, |b| *b),
            sponsors_h1b: fact(&program.sponsors_h1b, |b| *b),
            estimated_sponsorship: (sponsorship.basis != SponsorshipBasis::Source).then(|| {
                SponsorshipEstimateDto {
                    j1_or_h1b: sponsorship.j1_or_h1b,
                    h1b: sponsorship.h1b,
                    basis: sponsorship.basis.describe(),
                }
            }),
            estimated_resident_mix: mix.map(|mix| MixEstimateDto {
                img_pct: 100.0 * mix.img_share,
                do_pct: 100.0 * mix.do_share,
                basis: mix.evidence.describe(),
            }),
            participates_in_eras: fact(&program.participates_in_eras, |b| *b),
            accepts_signals: fact(&program.accepts_signals, |b| *b),
            requirements: RequirementsDto {
                min_step2_score: requirement(&r.min_step2_score, |n| Some(*n)),
                max_exam_attempts: requirement(&r.max_exam_attempts, |n| Some(*n)),
                max_years_since_graduation: requirement(&r.max_years_since_graduation, |n| {
                    Some(*n)
                }),
                usce: requirement(&r.usce, |u: &UsceRequirement| {
                    Some(UsceDto {
                        months: u.months,
                        hands_on: u.hands_on,
                    })
                }),
                ecfmg_certification: requirement(&r.ecfmg_certification, |()| None),
                step3_for_h1b: requirement(&r.step3_for_h1b, |()| None),
            },
        }
    }
}

/// Where a value comes from.
#[derive(Debug, Serialize, ToSchema)]
pub struct SourcedDto {
    /// The data source's identifier.
    pub source: String,
    /// The date the source describes (YYYY-MM-DD).
    pub as_of: String,
}

/// One year of a track in the Match.
#[derive(Debug, Serialize, ToSchema)]
pub struct FillDto {
    /// The Match year.
    pub year: u16,
    /// Positions offered.
    pub quota: u16,
    /// Positions matched.
    pub matched: u16,
}

/// An NRMP track.
#[derive(Debug, Serialize, ToSchema)]
pub struct TrackDto {
    /// The NRMP code, e.g. `9903140C0`.
    pub code: String,
    /// The track's name.
    pub name: String,
    /// `C`, `P`, `A`, `R` or `M`.
    pub track_type: String,
    /// First-year positions, when the source gives them.
    pub positions: Option<u16>,
    /// The project's estimate of the positions when the source does not give them (null when
    /// it does): never a figure from a source.
    pub estimated_positions: Option<u32>,
    /// What `estimated_positions` rests on (null when there is no estimate).
    pub estimate_basis: Option<String>,
    /// The source of `positions` when it is not the track's own (the NRMP Program Results, an
    /// operator's figure), as `source` and `as_of`; null otherwise.
    pub positions_source: Option<SourcedDto>,
    /// Past Matches, oldest first: the quota and positions matched each year (empty when
    /// unknown).
    pub fill_history: Vec<FillDto>,
    /// Percent of the seasons the chance model simulated in which the track filled every
    /// position: the model's estimate, not a record (null when it offers no positions).
    pub model_fill_pct: Option<f64>,
    /// Seasons the chance model simulated.
    pub model_seasons: u32,
    /// The data source's identifier.
    pub source: String,
    /// The date the source describes (YYYY-MM-DD).
    pub as_of: String,
}

impl TrackDto {
    /// A track as JSON, with its size (known or estimated) and how often the model fills it.
    pub fn new(track: &Track, size: TrackSize, fill: Option<ModelFill>) -> TrackDto {
        let estimated = size.basis.is_estimate();
        TrackDto {
            code: track.code.to_string(),
            name: track.name.clone(),
            track_type: track.track_type.letter().to_string(),
            positions: track.positions,
            estimated_positions: estimated.then_some(size.positions),
            estimate_basis: estimated.then(|| size.basis.describe()),
            positions_source: track.positions_source.as_ref().map(|said| SourcedDto {
                source: said.source.to_string(),
                as_of: said.as_of.to_string(),
            }),
            fill_history: track
                .fill_history
                .iter()
                .map(|record| FillDto {
                    year: record.year,
                    quota: record.quota,
                    matched: record.matched,
                })
                .collect(),
            model_fill_pct: fill.map(|fill| (1000.0 * fill.share).round() / 10.0),
            model_seasons: fill.map_or(0, |fill| fill.seasons),
            source: track.source.to_string(),
            as_of: track.as_of.to_string(),
        }
    }
}

/// A page of programs.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgramsPage {
    /// Which catalog answered.
    pub catalog: CatalogInfo,
    /// Programs matching every filter.
    pub total: usize,
    /// This page, from 1.
    pub page: usize,
    /// Programs per page.
    pub per_page: usize,
    /// Pages in all (at least 1).
    pub pages: usize,
    /// The programs of this page.
    pub programs: Vec<ProgramDto>,
}

/// One program with its tracks.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgramDetail {
    /// Which catalog answered.
    pub catalog: CatalogInfo,
    /// The program.
    pub program: ProgramDto,
    /// Its NRMP tracks.
    pub tracks: Vec<TrackDto>,
}

/// Programs side by side.
#[derive(Debug, Serialize, ToSchema)]
pub struct Comparison {
    /// Which catalog answered.
    pub catalog: CatalogInfo,
    /// The programs, in the order asked.
    pub programs: Vec<ProgramDto>,
}
