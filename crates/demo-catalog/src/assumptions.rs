//! Every assumption the demo catalog rests on, in plain words, with the figures the generator
//! uses. Facts come from the `targets` crate (published figures) and from
//! [`crate::FREIDA_2025_FIT`] (fitted to FREIDA Internal Medicine programs); everything else
//! is here.
//!
//! Requirements drawn from these assumptions carry the source `demo-assumption`: no program
//! publishes them, so the demo catalog invents them, correlated sensibly with the program.
//!
//! # Attributes of specialties other than Internal Medicine
//!
//! FREIDA describes Internal Medicine programs only. For another specialty, a program's IMG
//! share and visa sponsorship are scaled by the specialty's *IMG ratio* `r`: its share of
//! positions filled by IMGs divided by Internal Medicine's (NRMP 2025: 43.2% of filled
//! categorical IM positions went to US or non-US IMGs). Where the NRMP table lacks the
//! specialty, `r` is its matched non-US IMGs per position over Internal Medicine's, from
//! Charting Outcomes 2026; combined specialties take the lowest ratio of their components;
//! the few left are in [`ASSUMED_IMG_RATIOS`].
//!
//! The ratio is split evenly in logarithm between how many programs take IMGs and how many
//! IMGs those programs take: a program is *IMG-open* with probability `√r`; an open program
//! draws its IMG share from the Internal Medicine distribution of its program type, multiplied
//! by `√r`, and its visa sponsorship from the Internal Medicine mix of its type; a program that
//! is not open has no IMG residents and sponsors no visa. The specialty's expected IMG share
//! is then `r` times Internal Medicine's, its visa sponsorship `√r` times, and in Internal
//! Medicine itself (`r = 1`) the fitted distributions are reproduced unchanged.
//!
//! Interviews per position and ERAS participation have no published figure outside Internal
//! Medicine either: every specialty draws them from the fitted Internal Medicine figures.
//!
//! # Sizes of specialties
//!
//! The number of tracks and positions of each specialty and track type are in
//! [`crate::plan`]: the NRMP 2025 figures where the NRMP table has them, Charting Outcomes
//! 2026 positions for other specialties, and stated assumptions for the rest.

use catalog::ProgramType;

/// The group a program falls in for requirement assumptions: university-based programs, and
/// community programs (affiliated or not) split by their residents' IMG share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RequirementGroup {
    /// University-based programs.
    University,
    /// Community programs whose residents are less than [`IMG_HEAVY_PCT`] percent IMGs.
    Community,
    /// Community programs whose residents are at least [`IMG_HEAVY_PCT`] percent IMGs.
    ImgHeavyCommunity,
}

impl RequirementGroup {
    /// Every group.
    pub const ALL: [RequirementGroup; 3] = [
        RequirementGroup::University,
        RequirementGroup::Community,
        RequirementGroup::ImgHeavyCommunity,
    ];

    /// The group of a program with this type and resident IMG share (percent).
    pub fn of(program_type: ProgramType, img_pct: f64) -> RequirementGroup {
        match program_type {
            ProgramType::UniversityBased => RequirementGroup::University,
            _ if img_pct >= IMG_HEAVY_PCT => RequirementGroup::ImgHeavyCommunity,
            _ => RequirementGroup::Community,
        }
    }
}

/// A community program is *IMG-heavy* when at least this percent of its residents are IMGs.
pub const IMG_HEAVY_PCT: f64 = 50.0;

/// One figure per requirement group.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ByGroup<T> {
    /// University-based programs.
    pub university: T,
    /// Community programs with fewer IMGs.
    pub community: T,
    /// IMG-heavy community programs.
    pub img_heavy_community: T,
}

impl<T> ByGroup<T> {
    /// The figure for a group.
    pub fn get(&self, group: RequirementGroup) -> &T {
        match group {
            RequirementGroup::University => &self.university,
            RequirementGroup::Community => &self.community,
            RequirementGroup::ImgHeavyCommunity => &self.img_heavy_community,
        }
    }
}

/// How often a program has a requirement, and how often it is strict.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RuleShares {
    /// Share of programs (whose requirement is known) that have the requirement at all.
    pub applies: f64,
    /// Share of those whose requirement is a strict cut-off rather than a preference.
    pub strict: f64,
}

impl RuleShares {
    /// Share of programs (whose requirement is known) with a strict cut-off.
    pub fn strict_share(&self) -> f64 {
        self.applies * self.strict
    }
}

/// Each requirement of each program is unknown with this probability, independently: public
/// program pages often leave requirements out, and the catalog must show that as unknown.
pub const UNKNOWN_REQUIREMENT_SHARE: f64 = 0.15;

/// Step 2 CK cut-offs. Half of community programs and two thirds of IMG-heavy ones screen by
/// score, mostly strictly; university programs use scores less often and more often as a
/// preference in a holistic review.
pub const STEP2_CUTOFF: ByGroup<RuleShares> = ByGroup {
    university: RuleShares {
        applies: 0.40,
        strict: 0.50,
    },
    community: RuleShares {
        applies: 0.55,
        strict: 0.60,
    },
    img_heavy_community: RuleShares {
        applies: 0.65,
        strict: 0.70,
    },
};

/// A cut-off sits this many points below the specialty's matched first quartile of US MD
/// seniors (Charting Outcomes 2026), one of the listed offsets with equal chance, rounded to
/// the nearest 5: university programs close to the quartile, IMG-heavy community programs
/// further below it.
pub const STEP2_CUTOFF_BELOW_Q1: ByGroup<[u16; 4]> = ByGroup {
    university: [0, 0, 5, 10],
    community: [5, 10, 15, 20],
    img_heavy_community: [10, 15, 20, 25],
};

/// No cut-off is below this score (the passing score is 218).
pub const STEP2_CUTOFF_FLOOR: u16 = 220;

/// The matched first quartile used for specialties without a published one (Transitional
/// Year, preventive and nuclear medicine, and the small combined specialties whose
/// components have none).
pub const DEFAULT_STEP2_Q1: u16 = 240;

/// Limits on exam attempts. IMG-heavy community programs most often ask for first-attempt
/// passes.
pub const ATTEMPT_LIMIT: ByGroup<RuleShares> = ByGroup {
    university: RuleShares {
        applies: 0.35,
        strict: 0.60,
    },
    community: RuleShares {
        applies: 0.50,
        strict: 0.70,
    },
    img_heavy_community: RuleShares {
        applies: 0.65,
        strict: 0.80,
    },
};

/// Of the attempt limits, this share allow one attempt per exam; the rest allow two.
pub const ATTEMPT_LIMIT_ONE_SHARE: f64 = 0.6;

/// Year-of-graduation limits. 40% of IMG-heavy community programs set a strict YOG limit
/// (60% have one, two thirds of those strict); fewer other programs limit YOG at all.
pub const YOG_LIMIT: ByGroup<RuleShares> = ByGroup {
    university: RuleShares {
        applies: 0.25,
        strict: 0.40,
    },
    community: RuleShares {
        applies: 0.40,
        strict: 0.50,
    },
    img_heavy_community: RuleShares {
        applies: 0.60,
        strict: 2.0 / 3.0,
    },
};

/// The YOG limit in years, with its probability: IMG-heavy community programs mostly ask
/// for graduation within 3 or 5 years; others allow longer.
pub const YOG_LIMIT_YEARS: ByGroup<[(u8, f64); 4]> = ByGroup {
    university: [(3, 0.10), (5, 0.40), (7, 0.20), (10, 0.30)],
    community: [(3, 0.15), (5, 0.45), (7, 0.15), (10, 0.25)],
    img_heavy_community: [(3, 0.40), (5, 0.40), (7, 0.10), (10, 0.10)],
};

/// US clinical experience requirements. IMG-heavy community programs most often require it.
pub const USCE: ByGroup<RuleShares> = ByGroup {
    university: RuleShares {
        applies: 0.30,
        strict: 0.50,
    },
    community: RuleShares {
        applies: 0.45,
        strict: 0.55,
    },
    img_heavy_community: RuleShares {
        applies: 0.70,
        strict: 0.70,
    },
};

/// Of the USCE requirements, the share that count only hands-on experience (not
/// observerships).
pub const USCE_HANDS_ON: ByGroup<f64> = ByGroup {
    university: 0.40,
    community: 0.50,
    img_heavy_community: 0.75,
};

/// Months of USCE required, with their probability.
pub const USCE_MONTHS: [(u8, f64); 4] = [(1, 0.20), (2, 0.30), (3, 0.35), (6, 0.15)];

/// ECFMG certification at the time of application (rather than by the rank order list
/// deadline, which every IMG must meet anyway).
pub const ECFMG_AT_APPLICATION: ByGroup<RuleShares> = ByGroup {
    university: RuleShares {
        applies: 0.30,
        strict: 0.50,
    },
    community: RuleShares {
        applies: 0.40,
        strict: 0.60,
    },
    img_heavy_community: RuleShares {
        applies: 0.50,
        strict: 0.70,
    },
};

/// USMLE Step 3 passed for applicants who need an H-1B visa: most programs that sponsor H-1B
/// ask for it (the visa needs it by the start of training), usually strictly. Programs that do
/// not sponsor H-1B have no such requirement.
pub const STEP3_FOR_H1B: RuleShares = RuleShares {
    applies: 0.75,
    strict: 0.85,
};

/// In a specialty that uses ERAS preference signals (the `targets` signals table), this share
/// of its ERAS programs take part in signaling.
pub const SIGNAL_PARTICIPATION: f64 = 0.92;

/// Specialties whose programs are mostly university-based: the small, competitive and
/// combined specialties. The FREIDA program type shares describe Internal Medicine, where
/// community programs are common; these specialties use [`ACADEMIC_PROGRAM_TYPE_SHARES`]
/// instead.
pub const ACADEMIC_SPECIALTIES: [&str; 33] = [
    "080", "160", "185", "186", "200", "260", "280", "362", "380", "416", "420", "430", "451",
    "461", "700", "705", "715", "720", "725", "726", "730", "735", "742", "751", "752", "753",
    "755", "765", "766", "770", "785", "795", "796",
];

/// Program type shares of [`ACADEMIC_SPECIALTIES`], in the order of [`ProgramType::ALL`]
/// (university-based, community affiliated, community).
pub const ACADEMIC_PROGRAM_TYPE_SHARES: [f64; 3] = [0.60, 0.30, 0.10];

/// The specialties each combined specialty joins, for figures the published tables give
/// only for single specialties. Neurodevelopmental Disabilities follows Child Neurology.
pub const COMBINED_COMPONENTS: [(&str, &[&str]); 20] = [
    ("186", &["185"]),
    ("705", &["140", "110"]),
    ("715", &["140", "400"]),
    ("720", &["400", "120"]),
    ("725", &["320", "110"]),
    ("726", &["320", "040"]),
    ("730", &["320", "400"]),
    ("735", &["320", "340"]),
    ("742", &["140", "040"]),
    ("751", &["140", "380"]),
    ("752", &["120", "380"]),
    ("753", &["120", "275"]),
    ("755", &["400", "180"]),
    ("765", &["320"]),
    ("766", &["140"]),
    ("770", &["420", "200"]),
    ("785", &["140", "080"]),
    ("795", &["110", "120"]),
    ("796", &["110", "040"]),
    ("700", &["140", "320"]),
];

/// IMG ratios (see the module documentation) of specialties that no published table covers
/// and that are not combined: Nuclear Medicine, assumed half as IMG-heavy as Internal
/// Medicine, and Osteopathic Neuromusculoskeletal Medicine, which trains DO graduates.
pub const ASSUMED_IMG_RATIOS: [(&str, f64); 2] = [("200", 0.5), ("275", 0.05)];

/// Of a program's residents who are not IMGs, the share who are DO graduates, for
/// specialties without an NRMP row (which gives the split of filled positions).
pub const DEFAULT_DO_FRACTION: f64 = 0.2;

/// Osteopathic Neuromusculoskeletal Medicine programs train DO graduates almost only.
pub const ASSUMED_DO_FRACTIONS: [(&str, f64); 1] = [("275", 0.95)];

/// A program's DO fraction varies around its specialty's: the specialty's figure times a
/// uniform factor between these bounds (capped at one).
pub const DO_FRACTION_SPREAD: (f64, f64) = (0.5, 1.5);

/// The size of an attached track (a preliminary, primary-care, advanced or reserved track
/// beside a program's main track) follows the size of the track it is attached to, times a
/// uniform factor between these bounds, before the specialty's total is shared out.
pub const ATTACHED_TRACK_SIZE_SPREAD: (f64, f64) = (0.5, 1.5);

/// Sponsoring institutions of the demo catalog, by program type (university, community
/// affiliated, community). Programs of one specialty are spread over distinct institutions
/// of their type, so each count is at least the largest number of programs of that type in
/// any specialty (Family Medicine's).
pub const INSTITUTIONS_BY_TYPE: [u32; 3] = [240, 450, 280];

/// Fictional NRMP institution codes start here; published NRMP institution codes are below
/// 4000, so the ranges never meet.
pub const FIRST_INSTITUTION_CODE: u32 = 8000;
