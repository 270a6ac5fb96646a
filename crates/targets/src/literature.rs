//! Published effects of preference signals on interview offers, as odds ratios (an interview
//! with a signal against without), from the studies listed in
//! `signal_geography_effects_literature.csv`.

/// One published range of the odds ratio of an interview offer with a signal.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SignalOddsRatio {
    /// The specialty as the source names it (`all (9 specialties)` for the pooled analysis).
    pub specialty: &'static str,
    /// The lowest reported value.
    pub low: f64,
    /// The highest reported value.
    pub high: f64,
    /// The season or seasons measured.
    pub season: &'static str,
    /// The source, briefly.
    pub source: &'static str,
}

/// Odds ratios of an interview with a signal against without.
pub const SIGNAL_INTERVIEW_ODDS_RATIOS: [SignalOddsRatio; 3] = [
    SignalOddsRatio {
        specialty: "all (9 specialties)",
        low: 2.71,
        high: 9.07,
        season: "2022-2023 ERAS (supplemental application)",
        source: "multi-specialty analysis of the ERAS supplemental application; the range across the 9 participating specialties",
    },
    SignalOddsRatio {
        specialty: "Internal Medicine",
        low: 2.95,
        high: 2.95,
        season: "2022-2023",
        source: "survey of Internal Medicine programs in North Carolina (a single state)",
    },
    SignalOddsRatio {
        specialty: "Emergency Medicine",
        low: 3.79,
        high: 4.40,
        season: "2023 and 2024 Match",
        source: "program signaling in Emergency Medicine, 2023 and 2024 Match",
    },
];

impl SignalOddsRatio {
    /// The row for a specialty by its published name, if any.
    pub fn find(specialty: &str) -> Option<&'static SignalOddsRatio> {
        SIGNAL_INTERVIEW_ODDS_RATIOS
            .iter()
            .find(|row| row.specialty == specialty)
    }
}
