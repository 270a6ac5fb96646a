//! NRMP Results and Data 2025: national totals, PGY-1 match rates by applicant type, and PGY-1
//! positions by specialty.

use catalog::TrackType;

use crate::mapping::CatalogSpecialties;

/// The kinds of applicant the NRMP reports separately.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ApplicantType {
    /// A senior of a US MD-granting school.
    UsMdSenior,
    /// A senior of a US DO-granting school.
    UsDoSenior,
    /// An international medical graduate who is a US citizen.
    UsImg,
    /// An international medical graduate who is not a US citizen.
    NonUsImg,
}

impl ApplicantType {
    /// Every applicant type, in the NRMP's order.
    pub const ALL: [ApplicantType; 4] = [
        ApplicantType::UsMdSenior,
        ApplicantType::UsDoSenior,
        ApplicantType::UsImg,
        ApplicantType::NonUsImg,
    ];

    /// The position of the type in per-type arrays (the order of [`ApplicantType::ALL`]).
    pub const fn index(self) -> usize {
        match self {
            ApplicantType::UsMdSenior => 0,
            ApplicantType::UsDoSenior => 1,
            ApplicantType::UsImg => 2,
            ApplicantType::NonUsImg => 3,
        }
    }

    /// The short identifier used in files, e.g. `us_md_senior`.
    pub fn key(self) -> &'static str {
        match self {
            ApplicantType::UsMdSenior => "us_md_senior",
            ApplicantType::UsDoSenior => "us_do_senior",
            ApplicantType::UsImg => "us_img",
            ApplicantType::NonUsImg => "non_us_img",
        }
    }

    /// The name as shown to users.
    pub fn name(self) -> &'static str {
        match self {
            ApplicantType::UsMdSenior => "US MD senior",
            ApplicantType::UsDoSenior => "US DO senior",
            ApplicantType::UsImg => "US-citizen IMG",
            ApplicantType::NonUsImg => "Non-US-citizen IMG",
        }
    }
}

/// The Match's national totals for one year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NationalTotals {
    /// Applicants who registered for the Match.
    pub registered_applicants: u32,
    /// Applicants who certified a rank order list.
    pub active_applicants: u32,
    /// Positions offered, PGY-1 and PGY-2.
    pub positions_offered: u32,
    /// PGY-1 positions offered.
    pub pgy1_positions_offered: u32,
    /// Program tracks in the Match.
    pub program_tracks: u32,
    /// Percent of offered positions that were filled.
    pub positions_filled_pct: f64,
}

/// NRMP 2025 Main Residency Match national totals.
///
/// Source: NRMP 2025 Main Residency Match ("Totals: 52,498 registered, 47,208 active
/// applicants; 43,237 positions offered (40,041 PGY-1) in 6,626 program tracks; 94.3% of
/// positions filled").
pub const NRMP_2025_TOTALS: NationalTotals = NationalTotals {
    registered_applicants: 52_498,
    active_applicants: 47_208,
    positions_offered: 43_237,
    pgy1_positions_offered: 40_041,
    program_tracks: 6_626,
    positions_filled_pct: 94.3,
};

/// The PGY-1 match rate of one applicant type.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MatchRate {
    /// The applicant type.
    pub applicant_type: ApplicantType,
    /// Active applicants (who certified a rank order list).
    pub active_applicants: u32,
    /// Of those, matched to a PGY-1 position.
    pub matched_pgy1: u32,
    /// The match rate in percent, as published.
    pub match_rate_pct: f64,
}

/// NRMP 2025 Main Residency Match: PGY-1 match rate by applicant type (active applicants who
/// certified a rank list).
///
/// Source: NRMP 2025 Main Residency Match, PGY-1 match rate by applicant type.
pub const NRMP_2025_MATCH_RATES: [MatchRate; 4] = [
    MatchRate {
        applicant_type: ApplicantType::UsMdSenior,
        active_applicants: 20_368,
        matched_pgy1: 19_044,
        match_rate_pct: 93.5,
    },
    MatchRate {
        applicant_type: ApplicantType::UsDoSenior,
        active_applicants: 8_392,
        matched_pgy1: 7_773,
        match_rate_pct: 92.6,
    },
    MatchRate {
        applicant_type: ApplicantType::UsImg,
        active_applicants: 4_587,
        matched_pgy1: 3_108,
        match_rate_pct: 67.8,
    },
    MatchRate {
        applicant_type: ApplicantType::NonUsImg,
        active_applicants: 11_465,
        matched_pgy1: 6_653,
        match_rate_pct: 58.0,
    },
];

/// One specialty row of the NRMP PGY-1 table: programs, positions, fill rate and who filled
/// the positions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pgy1SpecialtyRow {
    /// The row's name as published, e.g. `Medicine-Preliminary`.
    pub specialty: &'static str,
    /// The catalog specialty and track type the row counts.
    pub catalog: CatalogSpecialties,
    /// Programs (tracks) offering positions.
    pub programs: u16,
    /// PGY-1 positions offered.
    pub positions_offered: u32,
    /// PGY-1 positions filled in the Match.
    pub positions_filled: u32,
    /// Percent of offered positions filled.
    pub fill_pct: f64,
    /// Percent of filled positions taken by US MD seniors.
    pub share_us_md_senior: f64,
    /// Percent of filled positions taken by US DO seniors.
    pub share_us_do_senior: f64,
    /// Percent of filled positions taken by US-citizen IMGs.
    pub share_us_img: f64,
    /// Percent of filled positions taken by non-US-citizen IMGs.
    pub share_non_us_img: f64,
}

impl Pgy1SpecialtyRow {
    /// Percent of filled positions taken by international medical graduates of either kind.
    pub fn share_img(&self) -> f64 {
        self.share_us_img + self.share_non_us_img
    }

    /// The row for a specialty and track type, if the table has one.
    pub fn find(
        specialty: catalog::SpecialtyCode,
        track_type: TrackType,
    ) -> Option<&'static Pgy1SpecialtyRow> {
        NRMP_2025_PGY1_BY_SPECIALTY
            .iter()
            .find(|row| row.catalog.includes_track(specialty, track_type))
    }
}

/// NRMP 2025 Main Residency Match, PGY-1 positions by specialty: the 14 largest PGY-1
/// specialties. The `share_*` columns are percent of *filled* positions.
///
/// Source: NRMP Results and Data 2025 (first 14 rows of the PGY-1 results table, via public
/// reproductions).
pub const NRMP_2025_PGY1_BY_SPECIALTY: [Pgy1SpecialtyRow; 14] = [
    Pgy1SpecialtyRow {
        specialty: "Internal Medicine (Categorical)",
        catalog: CatalogSpecialties::tracks(&["140"], TrackType::Categorical),
        programs: 758,
        positions_offered: 10_941,
        positions_filled: 10_584,
        fill_pct: 96.7,
        share_us_md_senior: 34.6,
        share_us_do_senior: 17.2,
        share_us_img: 10.5,
        share_non_us_img: 32.7,
    },
    Pgy1SpecialtyRow {
        specialty: "Family Medicine",
        catalog: CatalogSpecialties::tracks(&["120"], TrackType::Categorical),
        programs: 817,
        positions_offered: 5_357,
        positions_filled: 4_552,
        fill_pct: 85.0,
        share_us_md_senior: 28.0,
        share_us_do_senior: 27.7,
        share_us_img: 11.7,
        share_non_us_img: 15.0,
    },
    Pgy1SpecialtyRow {
        specialty: "Pediatrics (Categorical)",
        catalog: CatalogSpecialties::tracks(&["320"], TrackType::Categorical),
        programs: 250,
        positions_offered: 3_135,
        positions_filled: 2_988,
        fill_pct: 95.3,
        share_us_md_senior: 47.5,
        share_us_do_senior: 20.4,
        share_us_img: 8.0,
        share_non_us_img: 18.8,
    },
    Pgy1SpecialtyRow {
        specialty: "Emergency Medicine",
        catalog: CatalogSpecialties::tracks(&["110"], TrackType::Categorical),
        programs: 292,
        positions_offered: 3_068,
        positions_filled: 3_003,
        fill_pct: 97.9,
        share_us_md_senior: 44.9,
        share_us_do_senior: 35.1,
        share_us_img: 10.3,
        share_non_us_img: 4.3,
    },
    Pgy1SpecialtyRow {
        specialty: "Psychiatry",
        catalog: CatalogSpecialties::tracks(&["400"], TrackType::Categorical),
        programs: 404,
        positions_offered: 2_388,
        positions_filled: 2_380,
        fill_pct: 99.7,
        share_us_md_senior: 60.0,
        share_us_do_senior: 22.7,
        share_us_img: 6.4,
        share_non_us_img: 8.0,
    },
    Pgy1SpecialtyRow {
        // Transitional Year tracks are listed by the NRMP with track type P.
        specialty: "Transitional (PGY-1)",
        catalog: CatalogSpecialties::tracks(&["999"], TrackType::Preliminary),
        programs: 236,
        positions_offered: 1_860,
        positions_filled: 1_617,
        fill_pct: 86.9,
        share_us_md_senior: 56.6,
        share_us_do_senior: 6.5,
        share_us_img: 4.8,
        share_non_us_img: 5.7,
    },
    Pgy1SpecialtyRow {
        specialty: "Anesthesiology",
        catalog: CatalogSpecialties::tracks(&["040"], TrackType::Categorical),
        programs: 189,
        positions_offered: 1_805,
        positions_filled: 1_804,
        fill_pct: 99.9,
        share_us_md_senior: 72.1,
        share_us_do_senior: 17.1,
        share_us_img: 2.6,
        share_non_us_img: 4.7,
    },
    Pgy1SpecialtyRow {
        specialty: "Surgery (Categorical)",
        catalog: CatalogSpecialties::tracks(&["440"], TrackType::Categorical),
        programs: 377,
        positions_offered: 1_778,
        positions_filled: 1_774,
        fill_pct: 99.8,
        share_us_md_senior: 62.5,
        share_us_do_senior: 14.7,
        share_us_img: 5.6,
        share_non_us_img: 6.4,
    },
    Pgy1SpecialtyRow {
        specialty: "Medicine-Preliminary",
        catalog: CatalogSpecialties::tracks(&["140"], TrackType::Preliminary),
        programs: 329,
        positions_offered: 1_600,
        positions_filled: 1_455,
        fill_pct: 90.9,
        share_us_md_senior: 69.3,
        share_us_do_senior: 2.3,
        share_us_img: 3.3,
        share_non_us_img: 8.7,
    },
    Pgy1SpecialtyRow {
        specialty: "Obstetrics-Gynecology",
        catalog: CatalogSpecialties::tracks(&["220"], TrackType::Categorical),
        programs: 295,
        positions_offered: 1_587,
        positions_filled: 1_586,
        fill_pct: 99.9,
        share_us_md_senior: 69.9,
        share_us_do_senior: 19.8,
        share_us_img: 3.2,
        share_non_us_img: 2.8,
    },
    Pgy1SpecialtyRow {
        specialty: "Surgery-Preliminary",
        catalog: CatalogSpecialties::tracks(&["440"], TrackType::Preliminary),
        programs: 261,
        positions_offered: 1_194,
        positions_filled: 673,
        fill_pct: 56.4,
        share_us_md_senior: 22.3,
        share_us_do_senior: 5.4,
        share_us_img: 7.4,
        share_non_us_img: 20.1,
    },
    Pgy1SpecialtyRow {
        specialty: "Neurology",
        catalog: CatalogSpecialties::tracks(&["180"], TrackType::Categorical),
        programs: 159,
        positions_offered: 932,
        positions_filled: 925,
        fill_pct: 99.2,
        share_us_md_senior: 52.8,
        share_us_do_senior: 16.5,
        share_us_img: 4.9,
        share_non_us_img: 23.9,
    },
    Pgy1SpecialtyRow {
        specialty: "Orthopaedic Surgery",
        catalog: CatalogSpecialties::tracks(&["260"], TrackType::Categorical),
        programs: 216,
        positions_offered: 929,
        positions_filled: 929,
        fill_pct: 100.0,
        share_us_md_senior: 77.9,
        share_us_do_senior: 14.1,
        share_us_img: 0.9,
        share_non_us_img: 1.5,
    },
    Pgy1SpecialtyRow {
        specialty: "Pathology",
        catalog: CatalogSpecialties::tracks(&["300"], TrackType::Categorical),
        programs: 175,
        positions_offered: 622,
        positions_filled: 619,
        fill_pct: 99.5,
        share_us_md_senior: 42.1,
        share_us_do_senior: 9.2,
        share_us_img: 9.2,
        share_non_us_img: 27.0,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn match_rates_agree_with_their_counts() {
        for rate in NRMP_2025_MATCH_RATES {
            let computed = 100.0 * f64::from(rate.matched_pgy1) / f64::from(rate.active_applicants);
            assert!(
                (computed - rate.match_rate_pct).abs() < 0.05,
                "{}: {computed:.2} vs {}",
                rate.applicant_type.key(),
                rate.match_rate_pct
            );
        }
    }

    #[test]
    fn rows_are_found_by_specialty_and_track_type() {
        let surgery = catalog::SpecialtyCode::parse("440").unwrap();
        assert_eq!(
            Pgy1SpecialtyRow::find(surgery, TrackType::Preliminary).map(|row| row.programs),
            Some(261)
        );
        assert_eq!(
            Pgy1SpecialtyRow::find(surgery, TrackType::Categorical).map(|row| row.programs),
            Some(377)
        );
        assert!(Pgy1SpecialtyRow::find(surgery, TrackType::Advanced).is_none());
    }
}
