//! ERAS application fees for a plan of applications: per specialty, the first tier of
//! programs at one price and every program beyond it at another, from the season's schedule.

use serde::Serialize;
use targets::FeeSchedule;
use utoipa::ToSchema;

/// The fee of the applications in one specialty.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct SpecialtyFee {
    /// Programs applied to in the specialty.
    pub programs: u32,
    /// How many of them are charged the first-tier price.
    pub first_tier_programs: u32,
    /// Their fee, US dollars.
    pub first_tier_usd: u32,
    /// How many are charged the later price.
    pub later_programs: u32,
    /// Their fee, US dollars.
    pub later_usd: u32,
    /// The specialty's fee, US dollars.
    pub fee_usd: u32,
}

/// The fee of a whole plan.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct FeeQuote {
    /// The ERAS season whose schedule was used.
    pub season: String,
    /// Programs per specialty covered by the first-tier price.
    pub first_tier_size: u32,
    /// US dollars per program within the first tier.
    pub first_tier_fee_usd: u32,
    /// US dollars per program beyond the first tier.
    pub later_fee_usd: u32,
    /// One entry per specialty, in the order asked.
    pub specialties: Vec<SpecialtyFee>,
    /// Programs in all specialties.
    pub total_programs: u32,
    /// The total fee, US dollars.
    pub total_usd: u32,
}

/// Prices programs per specialty with a season's schedule.
pub fn quote(schedule: &FeeSchedule, programs: &[u32]) -> FeeQuote {
    let specialties: Vec<SpecialtyFee> = programs
        .iter()
        .map(|&count| {
            let first = count.min(schedule.first_tier_programs);
            let later = count - first;
            SpecialtyFee {
                programs: count,
                first_tier_programs: first,
                first_tier_usd: first * schedule.first_tier_fee_usd,
                later_programs: later,
                later_usd: later * schedule.later_fee_usd,
                fee_usd: schedule.fee_for_programs(count),
            }
        })
        .collect();
    FeeQuote {
        season: schedule.season.to_owned(),
        first_tier_size: schedule.first_tier_programs,
        first_tier_fee_usd: schedule.first_tier_fee_usd,
        later_fee_usd: schedule.later_fee_usd,
        total_programs: programs.iter().sum(),
        total_usd: specialties.iter().map(|s| s.fee_usd).sum(),
        specialties,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_specialty_has_its_own_first_tier() {
        let schedule = FeeSchedule::for_season("2025-2026").unwrap();
        let quote = quote(schedule, &[40, 10]);
        assert_eq!(quote.specialties[0].first_tier_usd, 330);
        assert_eq!(quote.specialties[0].later_usd, 300);
        assert_eq!(quote.specialties[1].fee_usd, 110);
        assert_eq!(quote.total_usd, 740);
        assert_eq!(quote.total_programs, 50);
    }
}
