//! Every assumption the market model makes beyond the published figures, with the reason for
//! each. Published figures themselves live in the `targets` crate and are only referred to here.
//!
//! Behavioural assumptions that calibration may change are parameters
//! ([`crate::BehaviourParameters`]); the ones here are fixed. Among them, structurally:
//!
//! - Applicants are US MD seniors, US DO seniors, US-citizen IMGs and non-US-citizen IMGs in
//!   NRMP 2025 proportions to positions; other applicants (prior graduates, Canadians) are
//!   left out. US MD seniors prefer specialties in proportion to the published counts times a
//!   fitted per-specialty demand factor
//!   ([`crate::BehaviourParameters::specialty_us_md_demand`]), which stands for the competitors
//!   left out where they crowd in.
//! - An applicant's strength is standardized Step 2 CK, plus USCE and minus years since
//!   graduation (IMGs) and exam failures, plus a latent factor standing for everything else
//!   programs see alike (research, letters, interview skill); research is not modelled apart.
//! - Applicants know their own strength without the latent factor and apply around their
//!   percentile in their preferred specialty; they know which programs sponsor visas and do
//!   not apply where they could not be trained.
//! - Programs screen by strict requirements (visa, Step 2 CK minimum, attempts, years since
//!   graduation and USCE for IMGs), and evaluate the rest by strength minus type penalties
//!   and missed preferences plus noise; they invite the best for interviews in rounds.
//! - Applicants to specialties that start at PGY-2 rank their preliminary interviews on a
//!   supplemental list; couples rank pairs from the product of their lists, bounded.
//! - A track's program is its program in the catalog; a track without one gets neutral
//!   traits (see `ProgramTraits::unknown`).

use catalog::SpecialtyCode;
use targets::{
    ApplicantType, NRMP_2025_MATCH_RATES, NRMP_2025_TOTALS, NonUsImgSpecialtySummary,
    UsMdStep2Quartiles,
};

/// Screening bonus of a gold (or single-tier) preference signal, in strength units, before a
/// calibration fits it: `calibrate --yields` sets it so that the model's odds ratio of an
/// interview with a signal, over the lists of applicants' own reports, equals the published
/// Internal Medicine figure ([`targets::SIGNAL_INTERVIEW_ODDS_RATIOS`]).
pub const SIGNAL_GOLD_BONUS: f64 = 0.8;
/// A silver signal's bonus as a share of the gold one (assumption: no published figure
/// separates the tiers).
pub const SIGNAL_SILVER_SHARE: f64 = 0.5;
/// Screening bonus of a silver signal before a calibration fits the gold one.
pub const SIGNAL_SILVER_BONUS: f64 = SIGNAL_GOLD_BONUS * SIGNAL_SILVER_SHARE;

/// Active applicants of each type per position offered: NRMP 2025 active applicants by type
/// (20,368 US MD, 8,392 US DO, 4,587 US IMG, 11,465 non-US IMG) over its 43,237 positions, so
/// that a catalog of another size gets a market of the same tightness. Other applicants (prior
/// US graduates, Canadians) are left out; they are about 5% of the active applicants.
pub fn applicants_per_position(applicant_type: ApplicantType) -> f64 {
    let active = NRMP_2025_MATCH_RATES
        .iter()
        .find(|rate| rate.applicant_type == applicant_type)
        .map_or(0, |rate| rate.active_applicants);
    f64::from(active) / f64::from(NRMP_2025_TOTALS.positions_offered)
}

/// A normal Step 2 CK distribution: mean and standard deviation in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoreDistribution {
    /// Mean score.
    pub mean: f64,
    /// Standard deviation.
    pub sd: f64,
}

/// The mean US MD senior Step 2 CK where no specialty row exists (Charting Outcomes 2026 puts
/// most specialties' matched medians between 245 and 255).
pub const DEFAULT_US_MD_MEAN: f64 = 248.0;
/// The standard deviation of US MD seniors' Step 2 CK within a specialty.
pub const DEFAULT_US_MD_SD: f64 = 14.0;
/// How far below the US MD mean of a specialty DO seniors score (assumption: DO students take
/// COMLEX and those who also take Step 2 CK score a little lower on average).
pub const DO_STEP2_OFFSET: f64 = -6.0;
/// The non-US IMG mean where Charting Outcomes has no usable row.
pub const DEFAULT_NON_US_IMG_MEAN: f64 = 236.0;
/// The non-US IMG standard deviation where no quartiles are published.
pub const DEFAULT_NON_US_IMG_SD: f64 = 15.0;
/// How far below non-US IMGs US-citizen IMGs score (assumption: no published table; US IMGs
/// from Caribbean schools report slightly lower scores on average).
pub const US_IMG_STEP2_OFFSET: f64 = -5.0;
/// Applicants to a specialty spread wider than its matched applicants, whose interquartile
/// range Charting Outcomes publishes; this widens that range's normal SD.
pub const APPLICANT_SD_WIDENING: f64 = 1.15;

/// The Step 2 CK distribution of applicants of a type who prefer a specialty.
///
/// US MD seniors: the matched median and interquartile range of Charting Outcomes 2026
/// Table 5, the mean lowered by a quarter of an SD because applicants include the unmatched.
/// Non-US IMGs: the matched and unmatched medians of Charting Outcomes 2026 weighted by their
/// counts, the SD from the matched interquartile range. DO seniors and US IMGs: offsets above.
pub fn step2_distribution(
    applicant_type: ApplicantType,
    specialty: SpecialtyCode,
) -> ScoreDistribution {
    match applicant_type {
        ApplicantType::UsMdSenior | ApplicantType::UsDoSenior => {
            let base = match UsMdStep2Quartiles::find(specialty) {
                Some(row) => {
                    let sd =
                        f64::from(row.matched_q3 - row.matched_q1) / 1.349 * APPLICANT_SD_WIDENING;
                    ScoreDistribution {
                        mean: f64::from(row.matched_median) - 0.25 * sd,
                        sd,
                    }
                }
                None => ScoreDistribution {
                    mean: DEFAULT_US_MD_MEAN,
                    sd: DEFAULT_US_MD_SD,
                },
            };
            if applicant_type == ApplicantType::UsDoSenior {
                ScoreDistribution {
                    mean: base.mean + DO_STEP2_OFFSET,
                    sd: base.sd,
                }
            } else {
                base
            }
        }
        ApplicantType::UsImg | ApplicantType::NonUsImg => {
            let base = non_us_img_distribution(specialty);
            if applicant_type == ApplicantType::UsImg {
                ScoreDistribution {
                    mean: base.mean + US_IMG_STEP2_OFFSET,
                    sd: base.sd,
                }
            } else {
                base
            }
        }
    }
}

fn non_us_img_distribution(specialty: SpecialtyCode) -> ScoreDistribution {
    let Some(row) = NonUsImgSpecialtySummary::find(specialty) else {
        return ScoreDistribution {
            mean: DEFAULT_NON_US_IMG_MEAN,
            sd: DEFAULT_NON_US_IMG_SD,
        };
    };
    let (Some(matched), Some(unmatched)) = (row.step2_matched.median, row.step2_not_matched.median)
    else {
        return ScoreDistribution {
            mean: DEFAULT_NON_US_IMG_MEAN,
            sd: DEFAULT_NON_US_IMG_SD,
        };
    };
    let matched_n = f64::from(row.step2_matched.n.max(1));
    let unmatched_n = f64::from(row.step2_not_matched.n.max(1));
    let mean = (f64::from(matched) * matched_n + f64::from(unmatched) * unmatched_n)
        / (matched_n + unmatched_n);
    let sd = match (row.step2_matched.q1, row.step2_matched.q3) {
        (Some(q1), Some(q3)) if q3 > q1 => f64::from(q3 - q1) / 1.349 * APPLICANT_SD_WIDENING,
        _ => DEFAULT_NON_US_IMG_SD,
    };
    ScoreDistribution { mean, sd }
}

/// Scores are kept within the range Step 2 CK reports.
pub const STEP2_RANGE: (f64, f64) = (180.0, 290.0);

/// Share of IMGs (both kinds) with any US clinical experience, and of those, the share whose
/// experience is hands-on (assumption from applicant surveys: most IMGs get some USCE, about
/// half of it observerships).
pub const IMG_USCE_SHARE: f64 = 0.75;
/// Of IMGs with USCE, the share whose experience is hands-on.
pub const IMG_USCE_HANDS_ON_SHARE: f64 = 0.5;
/// Months of USCE for an IMG who has some: uniform over 1 to this many months.
pub const IMG_USCE_MAX_MONTHS: u8 = 9;

/// Years since graduation of IMGs: (years, share). Charting Outcomes reports most non-US IMG
/// applicants graduated within five years; US graduates apply as seniors (zero years).
pub const IMG_YEARS_SINCE_GRADUATION: [(u8, f64); 6] = [
    (0, 0.20),
    (1, 0.25),
    (2, 0.20),
    (3, 0.15),
    (5, 0.12),
    (8, 0.08),
];

/// Visa need of non-US IMGs: (none, J-1 or H-1B, H-1B only). Most need a visa; J-1 through
/// ECFMG is the common route; a few (permanent residents) need none.
pub const NON_US_IMG_VISA_SHARES: [f64; 3] = [0.15, 0.75, 0.10];

/// Share of applicants with one failed exam attempt, by type (assumption: failures are rare
/// among US seniors and more common among IMGs).
pub const EXAM_FAILURE_SHARE: [f64; 4] = [0.02, 0.04, 0.12, 0.08];

/// Preferred specialties whose first year is mostly an advanced (PGY-2) track: applicants to
/// them also apply to preliminary and transitional tracks. Recognized from the catalog when
/// at least this share of a specialty's positions start at PGY-2.
pub const ADVANCED_SPECIALTY_SHARE: f64 = 0.5;

/// How many applicants prefer a specialty per position, relative to the market as a whole,
/// where Charting Outcomes has no row: one.
pub const DEFAULT_DEMAND_RATIO: f64 = 1.0;

/// Desirability of a program by type: university +1, university-affiliated 0, community −1.
/// The weight is [`crate::BehaviourParameters::program_type_desirability`].
pub const PROGRAM_TYPE_SCORE: [f64; 3] = [1.0, 0.0, -1.0];

/// Specialties applicants apply to as a backup to their preferred one (assumption: the large
/// primary-care specialties with many programs open to a broad range of applicants). Each
/// applicant picks one, other than their own, with probability proportional to positions.
pub const BACKUP_SPECIALTIES: [&str; 3] = ["140", "120", "320"];

/// The Step 2 CK score that standardizes to zero in every evaluation: about the median of
/// matched US MD seniors across specialties (Charting Outcomes 2026 puts most specialties'
/// matched medians between 240 and 255).
pub const STEP2_STANDARD_CENTRE: f64 = 245.0;
/// Step 2 CK points per standardized unit: about the standard deviation of first-taker Step 2
/// CK scores the USMLE reports (15 points).
pub const STEP2_STANDARD_SCALE: f64 = 15.0;
/// USCE months beyond which more experience adds nothing to an IMG's strength (assumption:
/// programs look for a few months of recent US experience, and six is the common ask).
pub const USCE_SATURATION_MONTHS: u8 = 6;
/// How much an observership counts against a hands-on month (assumption: programs value
/// observerships, which involve no patient care, about half as much as hands-on experience).
pub const OBSERVERSHIP_WEIGHT: f64 = 0.5;
/// The percentile a simulated applicant aims at in a backup specialty lies this much above
/// the one in their preferred specialty (assumption: applicants apply more safely there).
pub const BACKUP_PERCENTILE_SHIFT: f64 = 0.2;
/// Step 2 CK points of a specialty's matched US MD median above the standardizing score per
/// unit of the specialty's competitiveness (assumption: ten points separate the most sought
/// specialties, with medians near 255, from the middle of the table).
pub const COMPETITIVENESS_SCALE: f64 = 10.0;
/// Applicants to specialties that start at PGY-2 attend preliminary interviews on an allowance
/// of their own: this fraction of the interview limit (assumption: they need one preliminary
/// year and interview for it alongside, at about half the rate).
pub const PRELIMINARY_ALLOWANCE_SHARE: f64 = 0.5;
/// Desirability per unit of an institution's academic evidence (assumption: applicants share a
/// strong preference for academic centres; ten units, the evidence of the broadest centres,
/// count about as much as four standard deviations of a season's latent factor).
pub const ACADEMIC_DESIRABILITY: f64 = 0.2;
