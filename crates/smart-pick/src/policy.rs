//! Smart Pick's own numbers: thresholds of the list and its tiers, budgets, and the changes
//! the improvement plan tries, each with its reason. Quantities the market model owns (its
//! weights, its backup specialties) are taken from the market crate, never typed again.

use market::assumptions::{BACKUP_SPECIALTIES, OBSERVERSHIP_WEIGHT};

/// The ERAS season whose fees apply: the one open for the default Match year.
pub const FEE_SEASON: &str = "2025-2026";
/// The curve of P(match) against applications runs to at least this many applications: past
/// the ERAS means (58 to 129), so that every applicant type sees where its curve flattens.
pub const CURVE_TO: u32 = 100;
/// P(interview) at or above which a program is "likely": an even chance or better.
pub const LIKELY_INTERVIEW: f64 = 0.5;
/// P(interview) at or above which a program is a "target" (below: a "reach"): one interview
/// in five applications, the product's convention for a long shot.
pub const TARGET_INTERVIEW: f64 = 0.2;

/// The most applications a profile may budget for, and what a dollar budget alone allows: about
/// three times the ERAS 2025 mean for IMGs (129), so that no realistic budget is refused.
pub const MAX_APPLICATIONS: u32 = 400;
/// What matching at a program that meets none of the applicant's preferences is worth against
/// a preferred one, unless the profile says: a preference that matters without ruling out.
pub const DEFAULT_OTHER_WEIGHT: f64 = 0.6;
/// The most specialties a profile may list, the preferred one and backups: applicants who
/// apply to more are rare, and each adds a full search of the catalog.
pub const MAX_SPECIALTIES: usize = 4;
/// The most US clinical experiences a profile may list: far more rotations and positions than
/// an application shows, so that only a mistaken or hostile input is refused.
pub const MAX_USCE_ENTRIES: usize = 30;
/// The most months of US clinical experience a profile may total (ten years); one experience
/// may last up to 60 months.
pub const MAX_USCE_TOTAL_MONTHS: u32 = 120;

/// Observership months per month of credited US clinical experience when the applicant also
/// has hands-on months: the inverse of the weight the market's strength term gives
/// observerships ([`market::assumptions::OBSERVERSHIP_WEIGHT`]), so the probe applicant is
/// credited as simulated applicants are.
pub const OBSERVERSHIP_MONTHS_PER_CREDITED_MONTH: u32 = (1.0 / OBSERVERSHIP_WEIGHT) as u32;

/// Most steps the improvement plan shows: enough to compare, few enough to act on.
pub const PLAN_STEPS: usize = 5;
/// Plan steps that gain less than this in P(match) (0.1 points) are left out: below the
/// model's precision, they would be noise.
pub const PLAN_MIN_GAIN: f64 = 0.001;
/// The plan suggests more hands-on US clinical experience while the applicant has fewer
/// recent hands-on months than this: a year of it is as much as programs ask for.
pub const PLAN_USCE_BELOW_MONTHS: u32 = 12;
/// Months of hands-on US clinical experience the plan adds: one more rotation block of the
/// length clerkships and externships commonly run (three one-month rotations).
pub const PLAN_USCE_ADDED_MONTHS: u8 = 3;
/// The plan's larger budget: half again as many applications ...
pub const PLAN_APPLICATIONS_GROWTH: (u32, u32) = (3, 2);
/// ... and at least this many more, so that small budgets grow noticeably.
pub const PLAN_APPLICATIONS_ADDED_AT_LEAST: u32 = 5;
/// US dollars the plan adds to a dollar budget: about sixteen more applications at the
/// 2025-2026 ERAS fee for programs beyond the 30th ($30).
pub const PLAN_DOLLARS_ADDED: u32 = 500;
/// Backup specialties the plan suggests, in order, the first one the profile lacks: the two
/// largest of the market's backup specialties (Internal Medicine, Family Medicine).
pub const PLAN_BACKUP_SPECIALTIES: [&str; 2] = [BACKUP_SPECIALTIES[0], BACKUP_SPECIALTIES[1]];
