//! NRMP Charting Outcomes: the non-US IMG summary per specialty (2026 edition), US MD
//! seniors' chance of matching by Step 2 CK band (pooled 2020–2024), and US MD seniors' Step 2
//! CK quartiles (2026 edition).

use catalog::SpecialtyCode;

use crate::mapping::CatalogSpecialties;

/// A score distribution as published: the number of applicants and, where the report gives
/// them, the quartiles. A blank (suppressed) figure is `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScoreSummary {
    /// Applicants with a score.
    pub n: u32,
    /// First quartile.
    pub q1: Option<u16>,
    /// Median.
    pub median: Option<u16>,
    /// Third quartile.
    pub q3: Option<u16>,
}

/// Charting Outcomes 2026 for non-US IMGs: one specialty.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NonUsImgSpecialtySummary {
    /// The specialty's name as published.
    pub specialty: &'static str,
    /// The catalog specialty. The report counts the specialty's positions as a whole, so the
    /// track type is not given.
    pub catalog: CatalogSpecialties,
    /// Positions in the specialty.
    pub positions: u32,
    /// Applicants of every type who preferred the specialty.
    pub all_applicants: u32,
    /// Non-US IMGs who preferred the specialty and matched in it.
    pub img_matched: u32,
    /// Non-US IMGs who preferred the specialty and did not match in it.
    pub img_not_matched: u32,
    /// The non-US IMGs' match rate in percent, as published.
    pub img_match_rate_pct: f64,
    /// Step 2 CK of the matched non-US IMGs.
    pub step2_matched: ScoreSummary,
    /// Step 2 CK of the non-US IMGs who did not match (the report gives only the median).
    pub step2_not_matched: ScoreSummary,
    /// Median number of contiguous ranks in the specialty, matched applicants.
    pub contiguous_ranks_matched_median: Option<f64>,
    /// Median number of contiguous ranks in the specialty, applicants who did not match.
    pub contiguous_ranks_not_matched_median: Option<f64>,
}

impl NonUsImgSpecialtySummary {
    /// Non-US IMGs who preferred the specialty.
    pub fn img_total(&self) -> u32 {
        self.img_matched + self.img_not_matched
    }

    /// Matched non-US IMGs per position: the share of the specialty's positions they took.
    pub fn matched_img_per_position(&self) -> f64 {
        f64::from(self.img_matched) / f64::from(self.positions)
    }

    /// The row for a catalog specialty, if the report has one.
    pub fn find(specialty: SpecialtyCode) -> Option<&'static NonUsImgSpecialtySummary> {
        CHARTING_OUTCOMES_2026_NON_US_IMG
            .iter()
            .find(|row| row.catalog.includes_specialty(specialty))
    }
}

/// Charting Outcomes 2026 for non-US IMGs, one row per specialty.
///
/// Source: NRMP Charting Outcomes in the Match 2026, non-US IMGs (the per-specialty summary:
/// positions, applicants, matched and unmatched non-US IMGs, Step 2 CK and contiguous ranks).
pub const CHARTING_OUTCOMES_2026_NON_US_IMG: [NonUsImgSpecialtySummary; 24] = [
    NonUsImgSpecialtySummary {
        specialty: "Pediatrics",
        catalog: CatalogSpecialties::whole(&["320"]),
        positions: 3185,
        all_applicants: 3023,
        img_matched: 542,
        img_not_matched: 249,
        img_match_rate_pct: 68.5,
        step2_matched: ScoreSummary {
            n: 422,
            q1: Some(232),
            median: Some(240),
            q3: Some(252),
        },
        step2_not_matched: ScoreSummary {
            n: 182,
            q1: None,
            median: Some(233),
            q3: None,
        },
        contiguous_ranks_matched_median: Some(6.0),
        contiguous_ranks_not_matched_median: Some(1.0),
    },
    NonUsImgSpecialtySummary {
        specialty: "Public Health and Preventive Medicine",
        catalog: CatalogSpecialties::whole(&["380"]),
        positions: 63,
        all_applicants: 61,
        img_matched: 3,
        img_not_matched: 2,
        img_match_rate_pct: 60.0,
        step2_matched: ScoreSummary {
            n: 3,
            q1: None,
            median: None,
            q3: None,
        },
        step2_not_matched: ScoreSummary {
            n: 2,
            q1: None,
            median: None,
            q3: None,
        },
        contiguous_ranks_matched_median: None,
        contiguous_ranks_not_matched_median: None,
    },
    NonUsImgSpecialtySummary {
        specialty: "Psychiatry",
        catalog: CatalogSpecialties::whole(&["400"]),
        positions: 2516,
        all_applicants: 2873,
        img_matched: 219,
        img_not_matched: 156,
        img_match_rate_pct: 58.4,
        step2_matched: ScoreSummary {
            n: 171,
            q1: Some(229),
            median: Some(241),
            q3: Some(255),
        },
        step2_not_matched: ScoreSummary {
            n: 126,
            q1: None,
            median: Some(237),
            q3: None,
        },
        contiguous_ranks_matched_median: Some(5.0),
        contiguous_ranks_not_matched_median: Some(2.0),
    },
    NonUsImgSpecialtySummary {
        specialty: "Radiology-Diagnostic",
        catalog: CatalogSpecialties::whole(&["420"]),
        positions: 1268,
        all_applicants: 1419,
        img_matched: 102,
        img_not_matched: 73,
        img_match_rate_pct: 58.3,
        step2_matched: ScoreSummary {
            n: 75,
            q1: Some(243),
            median: Some(250),
            q3: Some(262),
        },
        step2_not_matched: ScoreSummary {
            n: 52,
            q1: None,
            median: Some(251),
            q3: None,
        },
        contiguous_ranks_matched_median: Some(5.0),
        contiguous_ranks_not_matched_median: Some(1.5),
    },
    NonUsImgSpecialtySummary {
        specialty: "Emergency Medicine",
        catalog: CatalogSpecialties::whole(&["110"]),
        positions: 3198,
        all_applicants: 3224,
        img_matched: 80,
        img_not_matched: 68,
        img_match_rate_pct: 54.1,
        step2_matched: ScoreSummary {
            n: 60,
            q1: Some(234),
            median: Some(243),
            q3: Some(256),
        },
        step2_not_matched: ScoreSummary {
            n: 53,
            q1: None,
            median: Some(236),
            q3: None,
        },
        contiguous_ranks_matched_median: Some(4.0),
        contiguous_ranks_not_matched_median: Some(1.0),
    },
    NonUsImgSpecialtySummary {
        specialty: "Family Medicine",
        catalog: CatalogSpecialties::whole(&["120"]),
        positions: 5491,
        all_applicants: 4685,
        img_matched: 599,
        img_not_matched: 513,
        img_match_rate_pct: 53.9,
        step2_matched: ScoreSummary {
            n: 446,
            q1: Some(222),
            median: Some(230),
            q3: Some(239),
        },
        step2_not_matched: ScoreSummary {
            n: 387,
            q1: None,
            median: Some(231),
            q3: None,
        },
        contiguous_ranks_matched_median: Some(3.0),
        contiguous_ranks_not_matched_median: Some(1.0),
    },
    NonUsImgSpecialtySummary {
        specialty: "Physical Medicine and Rehabilitation",
        catalog: CatalogSpecialties::whole(&["340"]),
        positions: 601,
        all_applicants: 828,
        img_matched: 21,
        img_not_matched: 18,
        img_match_rate_pct: 53.8,
        step2_matched: ScoreSummary {
            n: 15,
            q1: Some(230),
            median: Some(240),
            q3: Some(249),
        },
        step2_not_matched: ScoreSummary {
            n: 14,
            q1: None,
            median: Some(240),
            q3: None,
        },
        contiguous_ranks_matched_median: Some(5.0),
        contiguous_ranks_not_matched_median: Some(1.5),
    },
    NonUsImgSpecialtySummary {
        specialty: "Child Neurology",
        catalog: CatalogSpecialties::whole(&["185"]),
        positions: 243,
        all_applicants: 249,
        img_matched: 26,
        img_not_matched: 24,
        img_match_rate_pct: 52.0,
        step2_matched: ScoreSummary {
            n: 18,
            q1: Some(234),
            median: Some(238),
            q3: Some(250),
        },
        step2_not_matched: ScoreSummary {
            n: 20,
            q1: None,
            median: Some(235),
            q3: None,
        },
        contiguous_ranks_matched_median: Some(4.0),
        contiguous_ranks_not_matched_median: Some(1.0),
    },
    NonUsImgSpecialtySummary {
        specialty: "Radiation Oncology",
        catalog: CatalogSpecialties::whole(&["430"]),
        positions: 187,
        all_applicants: 222,
        img_matched: 18,
        img_not_matched: 17,
        img_match_rate_pct: 51.4,
        step2_matched: ScoreSummary {
            n: 12,
            q1: Some(240),
            median: Some(249),
            q3: Some(254),
        },
        step2_not_matched: ScoreSummary {
            n: 13,
            q1: None,
            median: Some(244),
            q3: None,
        },
        contiguous_ranks_matched_median: Some(11.0),
        contiguous_ranks_not_matched_median: Some(2.0),
    },
    NonUsImgSpecialtySummary {
        specialty: "Internal Medicine",
        catalog: CatalogSpecialties::whole(&["140"]),
        positions: 11632,
        all_applicants: 14734,
        img_matched: 3392,
        img_not_matched: 3600,
        img_match_rate_pct: 48.5,
        step2_matched: ScoreSummary {
            n: 2649,
            q1: Some(240),
            median: Some(251),
            q3: Some(259),
        },
        step2_not_matched: ScoreSummary {
            n: 2730,
            q1: None,
            median: Some(243),
            q3: None,
        },
        contiguous_ranks_matched_median: Some(5.0),
        contiguous_ranks_not_matched_median: Some(2.0),
    },
    NonUsImgSpecialtySummary {
        specialty: "Interventional Radiology (Integrated)",
        catalog: CatalogSpecialties::whole(&["416"]),
        positions: 245,
        all_applicants: 276,
        img_matched: 14,
        img_not_matched: 15,
        img_match_rate_pct: 48.3,
        step2_matched: ScoreSummary {
            n: 11,
            q1: Some(253),
            median: Some(260),
            q3: Some(266),
        },
        step2_not_matched: ScoreSummary {
            n: 10,
            q1: None,
            median: Some(250),
            q3: None,
        },
        contiguous_ranks_matched_median: Some(2.0),
        contiguous_ranks_not_matched_median: Some(1.0),
    },
    NonUsImgSpecialtySummary {
        specialty: "Pathology-Anatomic and Clinical",
        catalog: CatalogSpecialties::whole(&["300"]),
        positions: 636,
        all_applicants: 957,
        img_matched: 169,
        img_not_matched: 206,
        img_match_rate_pct: 45.1,
        step2_matched: ScoreSummary {
            n: 128,
            q1: Some(232),
            median: Some(244),
            q3: Some(253),
        },
        step2_not_matched: ScoreSummary {
            n: 156,
            q1: None,
            median: Some(235),
            q3: None,
        },
        contiguous_ranks_matched_median: Some(7.0),
        contiguous_ranks_not_matched_median: Some(3.0),
    },
    NonUsImgSpecialtySummary {
        specialty: "Neurology",
        catalog: CatalogSpecialties::whole(&["180"]),
        positions: 1260,
        all_applicants: 1689,
        img_matched: 215,
        img_not_matched: 298,
        img_match_rate_pct: 41.9,
        step2_matched: ScoreSummary {
            n: 166,
            q1: Some(240),
            median: Some(252),
            q3: Some(262),
        },
        step2_not_matched: ScoreSummary {
            n: 231,
            q1: None,
            median: Some(244),
            q3: None,
        },
        contiguous_ranks_matched_median: Some(6.0),
        contiguous_ranks_not_matched_median: Some(2.0),
    },
    NonUsImgSpecialtySummary {
        specialty: "Otolaryngology",
        catalog: CatalogSpecialties::whole(&["280"]),
        positions: 403,
        all_applicants: 580,
        img_matched: 7,
        img_not_matched: 10,
        img_match_rate_pct: 41.2,
        step2_matched: ScoreSummary {
            n: 3,
            q1: None,
            median: None,
            q3: None,
        },
        step2_not_matched: ScoreSummary {
            n: 8,
            q1: None,
            median: Some(249),
            q3: None,
        },
        contiguous_ranks_matched_median: None,
        contiguous_ranks_not_matched_median: Some(1.5),
    },
    NonUsImgSpecialtySummary {
        specialty: "Anesthesiology",
        catalog: CatalogSpecialties::whole(&["040"]),
        positions: 2290,
        all_applicants: 2988,
        img_matched: 89,
        img_not_matched: 141,
        img_match_rate_pct: 38.7,
        step2_matched: ScoreSummary {
            n: 76,
            q1: Some(243),
            median: Some(255),
            q3: Some(262),
        },
        step2_not_matched: ScoreSummary {
            n: 108,
            q1: None,
            median: Some(247),
            q3: None,
        },
        contiguous_ranks_matched_median: Some(4.0),
        contiguous_ranks_not_matched_median: Some(2.0),
    },
    NonUsImgSpecialtySummary {
        specialty: "Internal Medicine/Pediatrics",
        catalog: CatalogSpecialties::whole(&["700"]),
        positions: 404,
        all_applicants: 468,
        img_matched: 8,
        img_not_matched: 16,
        img_match_rate_pct: 33.3,
        step2_matched: ScoreSummary {
            n: 5,
            q1: Some(230),
            median: Some(252),
            q3: Some(252),
        },
        step2_not_matched: ScoreSummary {
            n: 15,
            q1: None,
            median: Some(245),
            q3: None,
        },
        contiguous_ranks_matched_median: Some(1.0),
        contiguous_ranks_not_matched_median: Some(1.0),
    },
    NonUsImgSpecialtySummary {
        specialty: "Obstetrics and Gynecology",
        catalog: CatalogSpecialties::whole(&["220"]),
        positions: 1638,
        all_applicants: 2140,
        img_matched: 44,
        img_not_matched: 90,
        img_match_rate_pct: 32.8,
        step2_matched: ScoreSummary {
            n: 38,
            q1: Some(238),
            median: Some(242),
            q3: Some(256),
        },
        step2_not_matched: ScoreSummary {
            n: 76,
            q1: None,
            median: Some(239),
            q3: None,
        },
        contiguous_ranks_matched_median: Some(3.5),
        contiguous_ranks_not_matched_median: Some(2.0),
    },
    NonUsImgSpecialtySummary {
        specialty: "Surgery-General",
        catalog: CatalogSpecialties::whole(&["440"]),
        positions: 1807,
        all_applicants: 2760,
        img_matched: 124,
        img_not_matched: 309,
        img_match_rate_pct: 28.6,
        step2_matched: ScoreSummary {
            n: 102,
            q1: Some(244),
            median: Some(256),
            q3: Some(264),
        },
        step2_not_matched: ScoreSummary {
            n: 230,
            q1: None,
            median: Some(247),
            q3: None,
        },
        contiguous_ranks_matched_median: Some(3.0),
        contiguous_ranks_not_matched_median: Some(1.0),
    },
    NonUsImgSpecialtySummary {
        specialty: "Thoracic Surgery (Integrated)",
        catalog: CatalogSpecialties::whole(&["461"]),
        positions: 56,
        all_applicants: 89,
        img_matched: 2,
        img_not_matched: 5,
        img_match_rate_pct: 28.6,
        step2_matched: ScoreSummary {
            n: 2,
            q1: None,
            median: None,
            q3: None,
        },
        step2_not_matched: ScoreSummary {
            n: 3,
            q1: None,
            median: None,
            q3: None,
        },
        contiguous_ranks_matched_median: None,
        contiguous_ranks_not_matched_median: None,
    },
    NonUsImgSpecialtySummary {
        specialty: "Neurological Surgery",
        catalog: CatalogSpecialties::whole(&["160"]),
        positions: 280,
        all_applicants: 480,
        img_matched: 15,
        img_not_matched: 43,
        img_match_rate_pct: 25.9,
        step2_matched: ScoreSummary {
            n: 8,
            q1: Some(245),
            median: Some(254),
            q3: Some(264),
        },
        step2_not_matched: ScoreSummary {
            n: 34,
            q1: None,
            median: Some(252),
            q3: None,
        },
        contiguous_ranks_matched_median: Some(3.5),
        contiguous_ranks_not_matched_median: Some(2.0),
    },
    NonUsImgSpecialtySummary {
        specialty: "Orthopaedic Surgery",
        catalog: CatalogSpecialties::whole(&["260"]),
        positions: 963,
        all_applicants: 1598,
        img_matched: 5,
        img_not_matched: 17,
        img_match_rate_pct: 22.7,
        step2_matched: ScoreSummary {
            n: 2,
            q1: None,
            median: None,
            q3: None,
        },
        step2_not_matched: ScoreSummary {
            n: 14,
            q1: None,
            median: Some(244),
            q3: None,
        },
        contiguous_ranks_matched_median: None,
        contiguous_ranks_not_matched_median: Some(3.0),
    },
    NonUsImgSpecialtySummary {
        specialty: "Plastic Surgery (Integrated)",
        catalog: CatalogSpecialties::whole(&["362"]),
        positions: 230,
        all_applicants: 406,
        img_matched: 5,
        img_not_matched: 22,
        img_match_rate_pct: 18.5,
        step2_matched: ScoreSummary {
            n: 2,
            q1: None,
            median: None,
            q3: None,
        },
        step2_not_matched: ScoreSummary {
            n: 20,
            q1: None,
            median: Some(251),
            q3: None,
        },
        contiguous_ranks_matched_median: None,
        contiguous_ranks_not_matched_median: Some(2.0),
    },
    NonUsImgSpecialtySummary {
        specialty: "Dermatology",
        catalog: CatalogSpecialties::whole(&["080"]),
        positions: 602,
        all_applicants: 1099,
        img_matched: 5,
        img_not_matched: 25,
        img_match_rate_pct: 16.7,
        step2_matched: ScoreSummary {
            n: 4,
            q1: None,
            median: None,
            q3: None,
        },
        step2_not_matched: ScoreSummary {
            n: 19,
            q1: None,
            median: Some(253),
            q3: None,
        },
        contiguous_ranks_matched_median: None,
        contiguous_ranks_not_matched_median: Some(1.0),
    },
    NonUsImgSpecialtySummary {
        specialty: "Vascular Surgery (Integrated)",
        catalog: CatalogSpecialties::whole(&["451"]),
        positions: 110,
        all_applicants: 165,
        img_matched: 4,
        img_not_matched: 24,
        img_match_rate_pct: 14.3,
        step2_matched: ScoreSummary {
            n: 3,
            q1: None,
            median: None,
            q3: None,
        },
        step2_not_matched: ScoreSummary {
            n: 19,
            q1: None,
            median: Some(247),
            q3: None,
        },
        contiguous_ranks_matched_median: None,
        contiguous_ranks_not_matched_median: Some(1.0),
    },
];

/// A Step 2 CK band of the Charting Outcomes P(match) table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step2Band {
    /// The band's label as published, e.g. `230-239`.
    pub label: &'static str,
    /// The lowest score in the band.
    pub min: u16,
    /// The highest score in the band, `None` for the open top band.
    pub max: Option<u16>,
}

impl Step2Band {
    /// Whether a score falls in the band.
    pub fn contains(&self, score: u16) -> bool {
        score >= self.min && self.max.is_none_or(|max| score <= max)
    }
}

/// The Step 2 CK bands of [`USMD_MATCH_BY_STEP2_BAND_2020_2024`], lowest first.
pub const STEP2_BANDS: [Step2Band; 7] = [
    Step2Band {
        label: "<200",
        min: 0,
        max: Some(199),
    },
    Step2Band {
        label: "200-209",
        min: 200,
        max: Some(209),
    },
    Step2Band {
        label: "210-219",
        min: 210,
        max: Some(219),
    },
    Step2Band {
        label: "220-229",
        min: 220,
        max: Some(229),
    },
    Step2Band {
        label: "230-239",
        min: 230,
        max: Some(239),
    },
    Step2Band {
        label: "240-249",
        min: 240,
        max: Some(249),
    },
    Step2Band {
        label: "250+",
        min: 250,
        max: None,
    },
];

/// US MD seniors' chance of matching their preferred specialty by Step 2 CK band.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UsMdMatchByStep2Band {
    /// The specialty's name as published.
    pub specialty: &'static str,
    /// The report's abbreviation, e.g. `ORTHO`.
    pub abbreviation: &'static str,
    /// The catalog specialty.
    pub catalog: CatalogSpecialties,
    /// Applicant-weighted mean Step 2 CK of matched seniors (the open top band counted at its
    /// midpoint, 257).
    pub matched_mean_step2: u16,
    /// Percent matched, per band of [`STEP2_BANDS`]; `None` where the band had no applicants.
    pub match_pct: [Option<u8>; 7],
    /// US MD seniors in each band of [`STEP2_BANDS`], pooled over the five years.
    pub applicants: [u32; 7],
}

impl UsMdMatchByStep2Band {
    /// The row for a catalog specialty, if the report has one.
    pub fn find(specialty: SpecialtyCode) -> Option<&'static UsMdMatchByStep2Band> {
        USMD_MATCH_BY_STEP2_BAND_2020_2024
            .iter()
            .find(|row| row.catalog.includes_specialty(specialty))
    }
}

/// US MD seniors: probability of matching the preferred specialty by Step 2 CK band, 22
/// specialties, pooled 2020–2024, with the number of seniors per band. The Step 2 CK passing
/// score is 218.
///
/// Source: NRMP Charting Outcomes in the Match, U.S. MD Seniors, pooled 2020-2024, transcribed.
pub const USMD_MATCH_BY_STEP2_BAND_2020_2024: [UsMdMatchByStep2Band; 22] = [
    UsMdMatchByStep2Band {
        specialty: "Dermatology",
        abbreviation: "DERM",
        catalog: CatalogSpecialties::whole(&["080"]),
        matched_mean_step2: 253,
        match_pct: [
            None,
            Some(0),
            Some(39),
            Some(43),
            Some(59),
            Some(67),
            Some(81),
        ],
        applicants: [0, 1, 18, 44, 103, 291, 1171],
    },
    UsMdMatchByStep2Band {
        specialty: "Orthopaedic Surgery",
        abbreviation: "ORTHO",
        catalog: CatalogSpecialties::whole(&["260"]),
        matched_mean_step2: 253,
        match_pct: [
            None,
            Some(0),
            Some(21),
            Some(33),
            Some(56),
            Some(66),
            Some(81),
        ],
        applicants: [0, 1, 34, 93, 243, 605, 2247],
    },
    UsMdMatchByStep2Band {
        specialty: "Otolaryngology",
        abbreviation: "ENT",
        catalog: CatalogSpecialties::whole(&["280"]),
        matched_mean_step2: 253,
        match_pct: [
            None,
            Some(0),
            Some(31),
            Some(38),
            Some(51),
            Some(70),
            Some(81),
        ],
        applicants: [0, 1, 13, 29, 93, 260, 984],
    },
    UsMdMatchByStep2Band {
        specialty: "Plastic Surgery",
        abbreviation: "PLASTICS",
        catalog: CatalogSpecialties::whole(&["362"]),
        matched_mean_step2: 253,
        match_pct: [None, None, Some(0), Some(52), Some(37), Some(62), Some(80)],
        applicants: [0, 0, 9, 29, 68, 133, 549],
    },
    UsMdMatchByStep2Band {
        specialty: "Diagnostic Radiology",
        abbreviation: "RADS",
        catalog: CatalogSpecialties::whole(&["420"]),
        matched_mean_step2: 251,
        match_pct: [
            None,
            Some(0),
            Some(58),
            Some(58),
            Some(75),
            Some(84),
            Some(94),
        ],
        applicants: [0, 1, 36, 111, 342, 683, 1767],
    },
    UsMdMatchByStep2Band {
        specialty: "Interventional Radiology",
        abbreviation: "IR",
        catalog: CatalogSpecialties::whole(&["416"]),
        matched_mean_step2: 251,
        match_pct: [None, None, Some(40), Some(71), Some(79), Some(77), Some(85)],
        applicants: [0, 0, 5, 24, 61, 81, 341],
    },
    UsMdMatchByStep2Band {
        specialty: "Neurological Surgery",
        abbreviation: "NSGY",
        catalog: CatalogSpecialties::whole(&["160"]),
        matched_mean_step2: 251,
        match_pct: [
            None,
            Some(100),
            Some(43),
            Some(59),
            Some(63),
            Some(71),
            Some(84),
        ],
        applicants: [0, 1, 7, 34, 112, 182, 511],
    },
    UsMdMatchByStep2Band {
        specialty: "General Surgery",
        abbreviation: "SURGERY",
        catalog: CatalogSpecialties::whole(&["440"]),
        matched_mean_step2: 250,
        match_pct: [
            Some(100),
            Some(0),
            Some(27),
            Some(45),
            Some(69),
            Some(86),
            Some(94),
        ],
        applicants: [1, 1, 77, 261, 684, 1040, 2108],
    },
    UsMdMatchByStep2Band {
        specialty: "Vascular Surgery",
        abbreviation: "VASC",
        catalog: CatalogSpecialties::whole(&["451"]),
        matched_mean_step2: 250,
        match_pct: [None, None, Some(50), Some(46), Some(79), Some(76), Some(95)],
        applicants: [0, 0, 8, 13, 38, 82, 155],
    },
    UsMdMatchByStep2Band {
        specialty: "Internal Medicine/Pediatrics",
        abbreviation: "MED-PEDS",
        catalog: CatalogSpecialties::whole(&["700"]),
        matched_mean_step2: 249,
        match_pct: [None, None, Some(73), Some(74), Some(80), Some(91), Some(95)],
        applicants: [0, 0, 22, 78, 197, 293, 671],
    },
    UsMdMatchByStep2Band {
        specialty: "Radiation Oncology",
        abbreviation: "RAD ONC",
        catalog: CatalogSpecialties::whole(&["430"]),
        matched_mean_step2: 249,
        match_pct: [
            None,
            None,
            Some(88),
            Some(100),
            Some(100),
            Some(100),
            Some(99),
        ],
        applicants: [0, 0, 8, 20, 42, 81, 205],
    },
    UsMdMatchByStep2Band {
        specialty: "Anesthesiology",
        abbreviation: "ANES",
        catalog: CatalogSpecialties::whole(&["040"]),
        matched_mean_step2: 248,
        match_pct: [
            Some(0),
            Some(29),
            Some(44),
            Some(66),
            Some(81),
            Some(89),
            Some(96),
        ],
        applicants: [1, 7, 133, 379, 874, 1403, 2441],
    },
    UsMdMatchByStep2Band {
        specialty: "Internal Medicine",
        abbreviation: "IM",
        catalog: CatalogSpecialties::whole(&["140"]),
        matched_mean_step2: 248,
        match_pct: [
            Some(0),
            Some(71),
            Some(82),
            Some(94),
            Some(98),
            Some(99),
            Some(99),
        ],
        applicants: [1, 21, 329, 923, 1807, 2877, 6749],
    },
    UsMdMatchByStep2Band {
        specialty: "Obstetrics and Gynecology",
        abbreviation: "OB/GYN",
        catalog: CatalogSpecialties::whole(&["220"]),
        matched_mean_step2: 248,
        match_pct: [
            Some(0),
            Some(40),
            Some(48),
            Some(69),
            Some(81),
            Some(87),
            Some(92),
        ],
        applicants: [1, 5, 87, 298, 720, 1196, 2217],
    },
    UsMdMatchByStep2Band {
        specialty: "Emergency Medicine",
        abbreviation: "EM",
        catalog: CatalogSpecialties::whole(&["110"]),
        matched_mean_step2: 247,
        match_pct: [
            None,
            Some(38),
            Some(74),
            Some(87),
            Some(94),
            Some(95),
            Some(97),
        ],
        applicants: [0, 8, 135, 453, 965, 1477, 2602],
    },
    UsMdMatchByStep2Band {
        specialty: "Child Neurology",
        abbreviation: "CHILD NEURO",
        catalog: CatalogSpecialties::whole(&["185"]),
        matched_mean_step2: 246,
        match_pct: [None, None, Some(85), Some(89), Some(96), Some(99), Some(99)],
        applicants: [0, 0, 13, 38, 77, 115, 180],
    },
    UsMdMatchByStep2Band {
        specialty: "Neurology",
        abbreviation: "NEURO",
        catalog: CatalogSpecialties::whole(&["180"]),
        matched_mean_step2: 246,
        match_pct: [
            None,
            Some(100),
            Some(83),
            Some(88),
            Some(96),
            Some(98),
            Some(99),
        ],
        applicants: [0, 2, 64, 189, 337, 492, 856],
    },
    UsMdMatchByStep2Band {
        specialty: "Pediatrics",
        abbreviation: "PEDS",
        catalog: CatalogSpecialties::whole(&["320"]),
        matched_mean_step2: 245,
        match_pct: [
            Some(33),
            Some(100),
            Some(95),
            Some(97),
            Some(99),
            Some(100),
            Some(100),
        ],
        applicants: [3, 6, 205, 590, 1056, 1441, 2462],
    },
    UsMdMatchByStep2Band {
        specialty: "Pathology",
        abbreviation: "PATH",
        catalog: CatalogSpecialties::whole(&["300"]),
        matched_mean_step2: 244,
        match_pct: [
            None,
            Some(100),
            Some(84),
            Some(92),
            Some(95),
            Some(98),
            Some(99),
        ],
        applicants: [0, 1, 37, 101, 141, 177, 287],
    },
    UsMdMatchByStep2Band {
        specialty: "Physical Medicine and Rehabilitation",
        abbreviation: "PM&R",
        catalog: CatalogSpecialties::whole(&["340"]),
        matched_mean_step2: 244,
        match_pct: [
            None,
            Some(50),
            Some(61),
            Some(78),
            Some(85),
            Some(89),
            Some(94),
        ],
        applicants: [0, 4, 44, 161, 232, 285, 351],
    },
    UsMdMatchByStep2Band {
        specialty: "Psychiatry",
        abbreviation: "PSYCH",
        catalog: CatalogSpecialties::whole(&["400"]),
        matched_mean_step2: 243,
        match_pct: [
            Some(0),
            Some(53),
            Some(76),
            Some(83),
            Some(88),
            Some(94),
            Some(96),
        ],
        applicants: [2, 17, 242, 627, 1025, 1221, 1397],
    },
    UsMdMatchByStep2Band {
        specialty: "Family Medicine",
        abbreviation: "FM",
        catalog: CatalogSpecialties::whole(&["120"]),
        matched_mean_step2: 241,
        match_pct: [
            Some(67),
            Some(75),
            Some(94),
            Some(97),
            Some(99),
            Some(99),
            Some(100),
        ],
        applicants: [6, 20, 347, 847, 1168, 1220, 1493],
    },
];

/// US MD seniors' Step 2 CK in one specialty: quartiles of those who matched, median of those
/// who did not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UsMdStep2Quartiles {
    /// The specialty's name as published.
    pub specialty: &'static str,
    /// The catalog specialty.
    pub catalog: CatalogSpecialties,
    /// Matched seniors who ranked the specialty first.
    pub matched_n: u32,
    /// First quartile of the matched.
    pub matched_q1: u16,
    /// Median of the matched.
    pub matched_median: u16,
    /// Third quartile of the matched.
    pub matched_q3: u16,
    /// Seniors who ranked the specialty first and did not match (`None` when suppressed, n<5).
    pub not_matched_n: Option<u32>,
    /// Their median (`None` when suppressed).
    pub not_matched_median: Option<u16>,
}

impl UsMdStep2Quartiles {
    /// The row for a catalog specialty, if the report has one.
    pub fn find(specialty: SpecialtyCode) -> Option<&'static UsMdStep2Quartiles> {
        USMD_STEP2_QUARTILES_2026
            .iter()
            .find(|row| row.catalog.includes_specialty(specialty))
    }
}

/// US MD seniors' Step 2 CK quartiles of matched applicants and median of unmatched ones, 23
/// specialties.
///
/// Source: NRMP Charting Outcomes in the Match 2026, U.S. MD Seniors, Table 5 (pp. 17-19),
/// transcribed.
pub const USMD_STEP2_QUARTILES_2026: [UsMdStep2Quartiles; 23] = [
    UsMdStep2Quartiles {
        specialty: "Anesthesiology",
        catalog: CatalogSpecialties::whole(&["040"]),
        matched_n: 1219,
        matched_q1: 247,
        matched_median: 255,
        matched_q3: 263,
        not_matched_n: Some(167),
        not_matched_median: Some(239),
    },
    UsMdStep2Quartiles {
        specialty: "Child Neurology",
        catalog: CatalogSpecialties::whole(&["185"]),
        matched_n: 111,
        matched_q1: 240,
        matched_median: 251,
        matched_q3: 260,
        not_matched_n: None,
        not_matched_median: None,
    },
    UsMdStep2Quartiles {
        specialty: "Dermatology",
        catalog: CatalogSpecialties::whole(&["080"]),
        matched_n: 356,
        matched_q1: 251,
        matched_median: 258,
        matched_q3: 266,
        not_matched_n: Some(181),
        not_matched_median: Some(252),
    },
    UsMdStep2Quartiles {
        specialty: "Emergency Medicine",
        catalog: CatalogSpecialties::whole(&["110"]),
        matched_n: 1176,
        matched_q1: 240,
        matched_median: 249,
        matched_q3: 258,
        not_matched_n: Some(41),
        not_matched_median: Some(229),
    },
    UsMdStep2Quartiles {
        specialty: "Family Medicine",
        catalog: CatalogSpecialties::whole(&["120"]),
        matched_n: 1148,
        matched_q1: 233,
        matched_median: 244,
        matched_q3: 254,
        not_matched_n: Some(11),
        not_matched_median: Some(230),
    },
    UsMdStep2Quartiles {
        specialty: "Internal Medicine",
        catalog: CatalogSpecialties::whole(&["140"]),
        matched_n: 3236,
        matched_q1: 243,
        matched_median: 254,
        matched_q3: 262,
        not_matched_n: Some(84),
        not_matched_median: Some(233),
    },
    UsMdStep2Quartiles {
        specialty: "Internal Medicine/Pediatrics",
        catalog: CatalogSpecialties::whole(&["700"]),
        matched_n: 264,
        matched_q1: 246,
        matched_median: 255,
        matched_q3: 262,
        not_matched_n: Some(29),
        not_matched_median: Some(249),
    },
    UsMdStep2Quartiles {
        specialty: "Interventional Radiology (Integrated)",
        catalog: CatalogSpecialties::whole(&["416"]),
        matched_n: 128,
        matched_q1: 246,
        matched_median: 255,
        matched_q3: 264,
        not_matched_n: Some(15),
        not_matched_median: Some(252),
    },
    UsMdStep2Quartiles {
        specialty: "Neurological Surgery",
        catalog: CatalogSpecialties::whole(&["160"]),
        matched_n: 192,
        matched_q1: 249,
        matched_median: 256,
        matched_q3: 264,
        not_matched_n: Some(72),
        not_matched_median: Some(244),
    },
    UsMdStep2Quartiles {
        specialty: "Neurology",
        catalog: CatalogSpecialties::whole(&["180"]),
        matched_n: 571,
        matched_q1: 242,
        matched_median: 252,
        matched_q3: 261,
        not_matched_n: Some(36),
        not_matched_median: Some(232),
    },
    UsMdStep2Quartiles {
        specialty: "Obstetrics and Gynecology",
        catalog: CatalogSpecialties::whole(&["220"]),
        matched_n: 942,
        matched_q1: 244,
        matched_median: 253,
        matched_q3: 261,
        not_matched_n: Some(135),
        not_matched_median: Some(245),
    },
    UsMdStep2Quartiles {
        specialty: "Orthopaedic Surgery",
        catalog: CatalogSpecialties::whole(&["260"]),
        matched_n: 628,
        matched_q1: 250,
        matched_median: 259,
        matched_q3: 266,
        not_matched_n: Some(245),
        not_matched_median: Some(251),
    },
    UsMdStep2Quartiles {
        specialty: "Otolaryngology",
        catalog: CatalogSpecialties::whole(&["280"]),
        matched_n: 289,
        matched_q1: 250,
        matched_median: 261,
        matched_q3: 266,
        not_matched_n: Some(74),
        not_matched_median: Some(249),
    },
    UsMdStep2Quartiles {
        specialty: "Pathology (Anatomic and Clinical)",
        catalog: CatalogSpecialties::whole(&["300"]),
        matched_n: 210,
        matched_q1: 240,
        matched_median: 247,
        matched_q3: 258,
        not_matched_n: Some(16),
        not_matched_median: Some(237),
    },
    UsMdStep2Quartiles {
        specialty: "Pediatrics",
        catalog: CatalogSpecialties::whole(&["320"]),
        matched_n: 1127,
        matched_q1: 239,
        matched_median: 249,
        matched_q3: 259,
        not_matched_n: Some(6),
        not_matched_median: Some(243),
    },
    UsMdStep2Quartiles {
        specialty: "Physical Medicine and Rehabilitation",
        catalog: CatalogSpecialties::whole(&["340"]),
        matched_n: 235,
        matched_q1: 241,
        matched_median: 251,
        matched_q3: 259,
        not_matched_n: Some(45),
        not_matched_median: Some(237),
    },
    UsMdStep2Quartiles {
        specialty: "Plastic Surgery (Integrated)",
        catalog: CatalogSpecialties::whole(&["362"]),
        matched_n: 159,
        matched_q1: 250,
        matched_median: 259,
        matched_q3: 265,
        not_matched_n: Some(82),
        not_matched_median: Some(251),
    },
    UsMdStep2Quartiles {
        specialty: "Psychiatry",
        catalog: CatalogSpecialties::whole(&["400"]),
        matched_n: 1075,
        matched_q1: 236,
        matched_median: 247,
        matched_q3: 256,
        not_matched_n: Some(74),
        not_matched_median: Some(234),
    },
    UsMdStep2Quartiles {
        specialty: "Radiation Oncology",
        catalog: CatalogSpecialties::whole(&["430"]),
        matched_n: 108,
        matched_q1: 238,
        matched_median: 251,
        matched_q3: 261,
        not_matched_n: None,
        not_matched_median: None,
    },
    UsMdStep2Quartiles {
        specialty: "Radiology (Diagnostic)",
        catalog: CatalogSpecialties::whole(&["420"]),
        matched_n: 629,
        matched_q1: 249,
        matched_median: 257,
        matched_q3: 265,
        not_matched_n: Some(37),
        not_matched_median: Some(242),
    },
    UsMdStep2Quartiles {
        specialty: "Surgery (General)",
        catalog: CatalogSpecialties::whole(&["440"]),
        matched_n: 882,
        matched_q1: 245,
        matched_median: 255,
        matched_q3: 262,
        not_matched_n: Some(202),
        not_matched_median: Some(238),
    },
    UsMdStep2Quartiles {
        specialty: "Thoracic Surgery (Integrated)",
        catalog: CatalogSpecialties::whole(&["461"]),
        matched_n: 40,
        matched_q1: 256,
        matched_median: 260,
        matched_q3: 265,
        not_matched_n: Some(22),
        not_matched_median: Some(257),
    },
    UsMdStep2Quartiles {
        specialty: "Vascular Surgery (Integrated)",
        catalog: CatalogSpecialties::whole(&["451"]),
        matched_n: 64,
        matched_q1: 248,
        matched_median: 256,
        matched_q3: 264,
        not_matched_n: Some(8),
        not_matched_median: Some(235),
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_cover_every_score_once() {
        for score in 150..=300u16 {
            let bands = STEP2_BANDS
                .iter()
                .filter(|band| band.contains(score))
                .count();
            assert_eq!(bands, 1, "score {score}");
        }
    }

    #[test]
    fn rows_are_found_by_catalog_specialty() {
        let radiology = SpecialtyCode::parse("420").unwrap();
        assert_eq!(
            NonUsImgSpecialtySummary::find(radiology).map(|row| row.specialty),
            Some("Radiology-Diagnostic")
        );
        assert_eq!(
            UsMdStep2Quartiles::find(radiology).map(|row| row.matched_q1),
            Some(249)
        );
        assert_eq!(
            UsMdMatchByStep2Band::find(radiology).map(|row| row.abbreviation),
            Some("RADS")
        );
    }
}
