//! Tallies of simulated seasons, kept as counts so that seasons merge by addition, and
//! accessors that return the same quantities as the published target tables.

use std::fmt::{self, Write as _};

use catalog::SpecialtyCode;
use serde::{Deserialize, Serialize};
use targets::{ApplicantType, NRMP_2025_PGY1_BY_SPECIALTY, STEP2_BANDS};

/// Lowest Step 2 CK score the histograms hold; lower scores count in the first bin.
pub const HISTOGRAM_MIN_SCORE: u16 = 180;
/// Bins of the Step 2 CK histograms: one per point from [`HISTOGRAM_MIN_SCORE`] to 290.
pub const HISTOGRAM_BINS: usize = 111;
/// Interview counts at or above this share the last bin.
pub const INTERVIEW_BINS: usize = 41;
/// Contiguous-rank counts at or above this share the last bin.
pub const CONTIGUOUS_BINS: usize = 31;

/// Counts about one applicant type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TypeTally {
    /// Applicants who entered the match.
    pub active: u64,
    /// Of those, matched to any track.
    pub matched: u64,
    /// Of those, matched in their preferred specialty.
    pub matched_preferred: u64,
    /// Applications sent.
    pub applications: u64,
    /// Applicants by number of interviews attended.
    pub interviews: Vec<u64>,
}

impl TypeTally {
    fn new() -> TypeTally {
        TypeTally {
            active: 0,
            matched: 0,
            matched_preferred: 0,
            applications: 0,
            interviews: vec![0; INTERVIEW_BINS],
        }
    }
}

/// Counts about one row of the NRMP 2025 PGY-1 table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowTally {
    /// Positions offered.
    pub positions_offered: u64,
    /// Positions filled.
    pub filled: u64,
    /// Positions filled by each applicant type.
    pub filled_by_type: [u64; 4],
}

/// Counts about one track of the market.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct TrackTally {
    /// Seasons in which every position was filled.
    pub filled_seasons: u64,
    /// Applicants matched to it, by type in [`ApplicantType::ALL`] order, summed over seasons.
    pub matched_by_type: [u64; 4],
}

/// Counts about applicants who prefer one specialty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpecialtyTally {
    /// The specialty.
    pub code: SpecialtyCode,
    /// Non-US IMGs who preferred it and matched in it.
    pub non_us_img_matched: u64,
    /// Non-US IMGs who preferred it and did not match in it.
    pub non_us_img_unmatched: u64,
    /// Step 2 CK histogram of the matched non-US IMGs.
    pub non_us_img_matched_step2: Vec<u64>,
    /// Step 2 CK histogram of the unmatched non-US IMGs.
    pub non_us_img_unmatched_step2: Vec<u64>,
    /// US MD seniors who preferred it, per band of [`STEP2_BANDS`].
    pub us_md_by_band: [u64; 7],
    /// Of those, matched in it.
    pub us_md_matched_by_band: [u64; 7],
}

/// Mergeable tallies of one or more simulated seasons.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeasonOutcomes {
    /// Seasons tallied.
    pub seasons: u64,
    /// Seasons whose match with couples did not settle and was rerun with couple members
    /// ranking alone.
    pub couples_unsettled_seasons: u64,
    /// Per applicant type, in [`ApplicantType::ALL`] order.
    pub by_type: Vec<TypeTally>,
    /// Per row of [`NRMP_2025_PGY1_BY_SPECIALTY`].
    pub rows: Vec<RowTally>,
    /// Per specialty of the market.
    pub specialties: Vec<SpecialtyTally>,
    /// By contiguous ranks in the preferred specialty: `[applicants, matched in it]`.
    pub contiguous_ranks: Vec<[u64; 2]>,
    /// Per track of the market, in [`crate::SeasonSetup`] order (see
    /// [`crate::SeasonSetup::track_outcomes`] for them by NRMP code, which is how they are
    /// written out).
    #[serde(skip)]
    pub tracks: Vec<TrackTally>,
}

/// The quantities of one NRMP PGY-1 row, simulated.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RowRates {
    /// Positions offered per season.
    pub positions_offered: f64,
    /// Percent of offered positions filled.
    pub fill_pct: f64,
    /// Percent of filled positions taken by each type, in [`ApplicantType::ALL`] order.
    pub share_pct: [f64; 4],
}

/// The quantities of one Charting Outcomes non-US IMG row, simulated.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NonUsImgRates {
    /// Non-US IMGs preferring the specialty per season.
    pub applicants: f64,
    /// Percent of them matched in it.
    pub match_rate_pct: f64,
    /// Median Step 2 CK of the matched.
    pub matched_median: Option<f64>,
    /// Median Step 2 CK of the unmatched.
    pub unmatched_median: Option<f64>,
}

fn pct(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| 100.0 * part as f64 / whole as f64)
}

/// The median of a one-point histogram starting at [`HISTOGRAM_MIN_SCORE`].
pub fn histogram_median(histogram: &[u64]) -> Option<f64> {
    let total: u64 = histogram.iter().sum();
    if total == 0 {
        return None;
    }
    let half = total.div_ceil(2);
    let mut seen = 0;
    for (bin, count) in histogram.iter().enumerate() {
        seen += count;
        if seen >= half {
            return Some(f64::from(HISTOGRAM_MIN_SCORE) + bin as f64);
        }
    }
    None
}

fn add(into: &mut [u64], from: &[u64]) {
    for (a, b) in into.iter_mut().zip(from) {
        *a += b;
    }
}

impl SeasonOutcomes {
    /// Empty tallies for a market with these specialties and this many tracks.
    pub fn empty(specialties: &[SpecialtyCode], tracks: usize) -> SeasonOutcomes {
        SeasonOutcomes {
            seasons: 0,
            couples_unsettled_seasons: 0,
            by_type: (0..4).map(|_| TypeTally::new()).collect(),
            rows: NRMP_2025_PGY1_BY_SPECIALTY
                .iter()
                .map(|_| RowTally {
                    positions_offered: 0,
                    filled: 0,
                    filled_by_type: [0; 4],
                })
                .collect(),
            specialties: specialties
                .iter()
                .map(|code| SpecialtyTally {
                    code: *code,
                    non_us_img_matched: 0,
                    non_us_img_unmatched: 0,
                    non_us_img_matched_step2: vec![0; HISTOGRAM_BINS],
                    non_us_img_unmatched_step2: vec![0; HISTOGRAM_BINS],
                    us_md_by_band: [0; 7],
                    us_md_matched_by_band: [0; 7],
                })
                .collect(),
            contiguous_ranks: vec![[0; 2]; CONTIGUOUS_BINS],
            tracks: vec![TrackTally::default(); tracks],
        }
    }

    /// Adds another tally of the same market. Addition is associative and commutative, so
    /// seasons can be merged in any grouping and order.
    ///
    /// # Panics
    ///
    /// If the two tallies are of markets with different specialties or tracks.
    pub fn merge(mut self, other: &SeasonOutcomes) -> SeasonOutcomes {
        assert_eq!(
            self.specialties.len(),
            other.specialties.len(),
            "outcomes of different markets cannot be merged"
        );
        self.seasons += other.seasons;
        self.couples_unsettled_seasons += other.couples_unsettled_seasons;
        for (a, b) in self.by_type.iter_mut().zip(&other.by_type) {
            a.active += b.active;
            a.matched += b.matched;
            a.matched_preferred += b.matched_preferred;
            a.applications += b.applications;
            add(&mut a.interviews, &b.interviews);
        }
        for (a, b) in self.rows.iter_mut().zip(&other.rows) {
            a.positions_offered += b.positions_offered;
            a.filled += b.filled;
            add(&mut a.filled_by_type, &b.filled_by_type);
        }
        for (a, b) in self.specialties.iter_mut().zip(&other.specialties) {
            assert_eq!(
                a.code, b.code,
                "outcomes of different markets cannot be merged"
            );
            a.non_us_img_matched += b.non_us_img_matched;
            a.non_us_img_unmatched += b.non_us_img_unmatched;
            add(&mut a.non_us_img_matched_step2, &b.non_us_img_matched_step2);
            add(
                &mut a.non_us_img_unmatched_step2,
                &b.non_us_img_unmatched_step2,
            );
            add(&mut a.us_md_by_band, &b.us_md_by_band);
            add(&mut a.us_md_matched_by_band, &b.us_md_matched_by_band);
        }
        for (a, b) in self
            .contiguous_ranks
            .iter_mut()
            .zip(&other.contiguous_ranks)
        {
            a[0] += b[0];
            a[1] += b[1];
        }
        assert_eq!(
            self.tracks.len(),
            other.tracks.len(),
            "outcomes of different markets cannot be merged"
        );
        for (a, b) in self.tracks.iter_mut().zip(&other.tracks) {
            a.filled_seasons += b.filled_seasons;
            add(&mut a.matched_by_type, &b.matched_by_type);
        }
        self
    }

    /// Percent of active applicants of a type who matched (NRMP's PGY-1 match rate).
    pub fn match_rate_pct(&self, applicant_type: ApplicantType) -> Option<f64> {
        let tally = &self.by_type[applicant_type.index()];
        pct(tally.matched, tally.active)
    }

    /// Percent of active applicants of a type who matched in their preferred specialty.
    pub fn preferred_match_rate_pct(&self, applicant_type: ApplicantType) -> Option<f64> {
        let tally = &self.by_type[applicant_type.index()];
        pct(tally.matched_preferred, tally.active)
    }

    /// Mean interviews attended per applicant of a type.
    pub fn mean_interviews(&self, applicant_type: ApplicantType) -> Option<f64> {
        let tally = &self.by_type[applicant_type.index()];
        let total: u64 = tally.interviews.iter().sum();
        let sum: u64 = tally
            .interviews
            .iter()
            .enumerate()
            .map(|(count, n)| count as u64 * n)
            .sum();
        (total > 0).then(|| sum as f64 / total as f64)
    }

    /// The simulated quantities of row `index` of [`NRMP_2025_PGY1_BY_SPECIALTY`].
    pub fn nrmp_row(&self, index: usize) -> Option<RowRates> {
        let row = self.rows.get(index)?;
        if row.positions_offered == 0 || self.seasons == 0 {
            return None;
        }
        Some(RowRates {
            positions_offered: row.positions_offered as f64 / self.seasons as f64,
            fill_pct: 100.0 * row.filled as f64 / row.positions_offered as f64,
            share_pct: row
                .filled_by_type
                .map(|filled| pct(filled, row.filled).unwrap_or(0.0)),
        })
    }

    fn specialty(&self, code: SpecialtyCode) -> Option<&SpecialtyTally> {
        self.specialties.iter().find(|s| s.code == code)
    }

    /// The simulated quantities of a Charting Outcomes non-US IMG row.
    pub fn non_us_img(&self, code: SpecialtyCode) -> Option<NonUsImgRates> {
        let tally = self.specialty(code)?;
        let total = tally.non_us_img_matched + tally.non_us_img_unmatched;
        Some(NonUsImgRates {
            applicants: total as f64 / self.seasons.max(1) as f64,
            match_rate_pct: pct(tally.non_us_img_matched, total)?,
            matched_median: histogram_median(&tally.non_us_img_matched_step2),
            unmatched_median: histogram_median(&tally.non_us_img_unmatched_step2),
        })
    }

    /// Percent of US MD seniors in a Step 2 CK band (index into [`STEP2_BANDS`]) who matched in
    /// the specialty they preferred, and how many such seniors were simulated.
    pub fn us_md_band_match_pct(&self, code: SpecialtyCode, band: usize) -> Option<(f64, u64)> {
        let tally = self.specialty(code)?;
        let total = *tally.us_md_by_band.get(band)?;
        Some((pct(tally.us_md_matched_by_band[band], total)?, total))
    }

    /// Percent matched in the preferred specialty by contiguous ranks in it (index = ranks,
    /// the last bin holds more).
    pub fn match_pct_by_contiguous_ranks(&self) -> Vec<Option<f64>> {
        self.contiguous_ranks
            .iter()
            .map(|[total, matched]| pct(*matched, *total))
            .collect()
    }

    /// The outcome tables as plain text, for a terminal.
    pub fn to_table(&self) -> String {
        self.to_string()
    }
}

fn opt(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| format!("{v:.1}"))
}

impl fmt::Display for SeasonOutcomes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "Simulated seasons: {} (couples rerun alone in {})",
            self.seasons, self.couples_unsettled_seasons
        );
        let _ = writeln!(out, "\nMatch rate by applicant type");
        let _ = writeln!(
            out,
            "{:<22} {:>10} {:>9} {:>11} {:>11}",
            "applicant type", "active/yr", "match %", "preferred %", "interviews"
        );
        for applicant_type in ApplicantType::ALL {
            let tally = &self.by_type[applicant_type.index()];
            let _ = writeln!(
                out,
                "{:<22} {:>10.0} {:>9} {:>11} {:>11}",
                applicant_type.name(),
                tally.active as f64 / self.seasons.max(1) as f64,
                opt(self.match_rate_pct(applicant_type)),
                opt(self.preferred_match_rate_pct(applicant_type)),
                opt(self.mean_interviews(applicant_type)),
            );
        }
        let _ = writeln!(out, "\nPGY-1 positions by NRMP specialty row");
        let _ = writeln!(
            out,
            "{:<34} {:>9} {:>7} {:>7} {:>7} {:>7} {:>7}",
            "row", "positions", "fill %", "MD %", "DO %", "USIMG %", "IMG %"
        );
        for (index, row) in NRMP_2025_PGY1_BY_SPECIALTY.iter().enumerate() {
            if let Some(rates) = self.nrmp_row(index) {
                let _ = writeln!(
                    out,
                    "{:<34} {:>9.0} {:>7.1} {:>7.1} {:>7.1} {:>7.1} {:>7.1}",
                    row.specialty,
                    rates.positions_offered,
                    rates.fill_pct,
                    rates.share_pct[0],
                    rates.share_pct[1],
                    rates.share_pct[2],
                    rates.share_pct[3]
                );
            }
        }
        let _ = writeln!(out, "\nNon-US IMGs by preferred specialty");
        let _ = writeln!(
            out,
            "{:<10} {:>12} {:>8} {:>15} {:>17}",
            "specialty", "applicants/yr", "match %", "Step 2 matched", "Step 2 unmatched"
        );
        for tally in &self.specialties {
            if let Some(rates) = self.non_us_img(tally.code) {
                let _ = writeln!(
                    out,
                    "{:<10} {:>12.1} {:>8.1} {:>15} {:>17}",
                    tally.code.as_str(),
                    rates.applicants,
                    rates.match_rate_pct,
                    opt(rates.matched_median),
                    opt(rates.unmatched_median)
                );
            }
        }
        let _ = writeln!(
            out,
            "\nUS MD seniors: % matched in preferred specialty by Step 2 CK band"
        );
        let _ = write!(out, "{:<10}", "specialty");
        for band in STEP2_BANDS {
            let _ = write!(out, " {:>8}", band.label);
        }
        let _ = writeln!(out);
        for tally in &self.specialties {
            if tally.us_md_by_band.iter().sum::<u64>() == 0 {
                continue;
            }
            let _ = write!(out, "{:<10}", tally.code.as_str());
            for band in 0..STEP2_BANDS.len() {
                let cell = self
                    .us_md_band_match_pct(tally.code, band)
                    .map(|(pct, _)| pct);
                let _ = write!(out, " {:>8}", opt(cell));
            }
            let _ = writeln!(out);
        }
        f.write_str(&out)
    }
}
