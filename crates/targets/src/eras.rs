//! AAMC ERAS figures: applications per applicant, the fee schedule, interviews per position,
//! and the preference signals each specialty allots.

use catalog::SpecialtyCode;

use crate::mapping::CatalogSpecialties;

/// Mean applications per applicant, by applicant group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErasApplications {
    /// US MD applicants.
    pub mean_per_us_md_applicant: u16,
    /// US DO applicants.
    pub mean_per_us_do_applicant: u16,
    /// International medical graduates.
    pub mean_per_img_applicant: u16,
}

/// Mean applications per applicant in the ERAS 2025 cycle.
///
/// Source: ERAS application facts (AAMC), ERAS 2025 cycle preliminary (mid-October).
pub const ERAS_2025_APPLICATIONS: ErasApplications = ErasApplications {
    mean_per_us_md_applicant: 58,
    mean_per_us_do_applicant: 72,
    mean_per_img_applicant: 129,
};

/// The ERAS application fee schedule of one season. Fees are charged per specialty: the first
/// tier of programs in a specialty costs one price each, every program beyond it another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeeSchedule {
    /// The ERAS season, e.g. `2025-2026`.
    pub season: &'static str,
    /// How many programs per specialty the first price covers.
    pub first_tier_programs: u32,
    /// US dollars per program within the first tier.
    pub first_tier_fee_usd: u32,
    /// US dollars per program beyond the first tier.
    pub later_fee_usd: u32,
}

impl FeeSchedule {
    /// The schedule of a season, if known.
    pub fn for_season(season: &str) -> Option<&'static FeeSchedule> {
        ERAS_FEE_SCHEDULES
            .iter()
            .find(|schedule| schedule.season == season)
    }

    /// The fee in US dollars for applying to this many programs in one specialty.
    pub fn fee_for_programs(&self, programs: u32) -> u32 {
        let first = programs.min(self.first_tier_programs);
        let later = programs - first;
        first * self.first_tier_fee_usd + later * self.later_fee_usd
    }
}

/// ERAS fee schedules by season.
///
/// Source: ERAS application facts (AAMC): $11 per program for the first 30 per specialty, $30
/// for each program beyond the 30th, from the 2025-2026 ERAS season.
pub const ERAS_FEE_SCHEDULES: [FeeSchedule; 1] = [FeeSchedule {
    season: "2025-2026",
    first_tier_programs: 30,
    first_tier_fee_usd: 11,
    later_fee_usd: 30,
}];

/// Interviews a program conducts per PGY-1 position.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InterviewsPerPosition {
    /// Programs the figures were computed from.
    pub programs: u32,
    /// First quartile.
    pub q1: f64,
    /// Median.
    pub median: f64,
    /// Third quartile.
    pub q3: f64,
}

/// Internal Medicine interviews per PGY-1 position, median and interquartile range.
///
/// Source: ERAS application facts, computed from 668 IM programs (FREIDA 2025 interviews
/// conducted last year / first-year positions); IQR 9.1-14.7.
pub const INTERVIEWS_PER_POSITION_IM_2025: InterviewsPerPosition = InterviewsPerPosition {
    programs: 668,
    q1: 9.1,
    median: 11.4,
    q3: 14.7,
};

/// The preference signals an applicant may send in one specialty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignalAllotment {
    /// The specialty's name as published.
    pub specialty: &'static str,
    /// The catalog specialties the allotment applies to (shared between them where one
    /// allotment covers two, as for Diagnostic and Interventional Radiology).
    pub catalog: CatalogSpecialties,
    /// Gold (first-tier) signals.
    pub gold: u8,
    /// Silver (second-tier) signals; zero where the specialty has one tier.
    pub silver: u8,
}

impl SignalAllotment {
    /// Every signal of either tier.
    pub fn total(&self) -> u8 {
        self.gold + self.silver
    }

    /// The allotment of a catalog specialty, if it uses signals.
    pub fn find(specialty: SpecialtyCode) -> Option<&'static SignalAllotment> {
        ERAS_2025_SIGNALS
            .iter()
            .find(|row| row.catalog.includes_specialty(specialty))
    }
}

const fn signals(
    specialty: &'static str,
    codes: &'static [&'static str],
    gold: u8,
    silver: u8,
) -> SignalAllotment {
    SignalAllotment {
        specialty,
        catalog: CatalogSpecialties::whole(codes),
        gold,
        silver,
    }
}

/// ERAS preference signals per specialty, 2025 season. Signals go to programs (institution
/// level within a specialty), and only to programs that take part in signaling; Emergency
/// Medicine asks applicants not to signal their home or away-rotation programs.
///
/// Source: AAMC program signaling table, ERAS 2025 season.
pub const ERAS_2025_SIGNALS: [SignalAllotment; 21] = [
    signals("Anesthesiology", &["040"], 5, 10),
    signals("Child Neurology", &["185"], 3, 0),
    signals("Dermatology", &["080"], 3, 25),
    signals(
        "Diagnostic Radiology / Interventional Radiology",
        &["420", "416"],
        6,
        6,
    ),
    signals("Emergency Medicine", &["110"], 5, 0),
    signals("Family Medicine", &["120"], 5, 0),
    signals("General Surgery", &["440"], 15, 0),
    signals("Internal Medicine", &["140"], 3, 12),
    signals("Internal Medicine/Psychiatry", &["715"], 2, 0),
    signals("Neurological Surgery", &["160"], 25, 0),
    signals("Neurology", &["180"], 8, 0),
    signals("Orthopaedic Surgery", &["260"], 30, 0),
    signals("Otolaryngology", &["280"], 25, 0),
    signals("Pathology", &["300"], 5, 0),
    signals("Pediatrics", &["320"], 5, 0),
    signals("Physical Medicine and Rehabilitation", &["340"], 8, 0),
    signals(
        "Public Health and General Preventive Medicine",
        &["380"],
        3,
        0,
    ),
    signals("Psychiatry", &["400"], 10, 0),
    signals("Radiation Oncology", &["430"], 4, 0),
    signals("Thoracic Surgery", &["461"], 3, 0),
    signals("Transitional Year", &["999"], 12, 0),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fees_step_up_after_the_thirtieth_program() {
        let schedule = FeeSchedule::for_season("2025-2026").unwrap();
        assert_eq!(schedule.fee_for_programs(0), 0);
        assert_eq!(schedule.fee_for_programs(30), 330);
        assert_eq!(schedule.fee_for_programs(31), 360);
        assert_eq!(schedule.fee_for_programs(60), 1230);
        assert!(FeeSchedule::for_season("2019-2020").is_none());
    }

    #[test]
    fn radiology_signals_cover_both_radiology_specialties() {
        for code in ["420", "416"] {
            let specialty = SpecialtyCode::parse(code).unwrap();
            assert_eq!(SignalAllotment::find(specialty).unwrap().total(), 12);
        }
        assert!(SignalAllotment::find(SpecialtyCode::parse("451").unwrap()).is_none());
    }
}
