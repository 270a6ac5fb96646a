//! What the NRMP track list says about an institution, and the program traits it predicts
//! where no source gives them.
//!
//! The track list names, for every institution, each specialty it sponsors. Breadth (how many
//! specialties) is strong evidence of what its programs are like: broad institutions are
//! academic centres with large programs, few IMG residents and near-universal J-1 sponsorship;
//! narrow ones are mostly community hospitals whose residents are half IMGs. The figures below
//! were measured on the 545 FREIDA 2025 Internal Medicine programs joined to the NRMP 2024
//! track list (the project's join), by band of breadth. The resident mix and setting are the
//! model's estimates for any program of that band whose own facts are unknown, shown as such;
//! the sponsorship shares are shown for reference only, since a program's unknown sponsorship
//! decides whether Smart Pick may list it and is never guessed.

use std::collections::{HashMap, HashSet};

use catalog::{SpecialtyCode, Track};

/// The programs of institutions sponsoring a band of specialties, as FREIDA describes them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BreadthBand {
    /// The fewest specialties an institution of the band sponsors.
    pub min_specialties: usize,
    /// The most (inclusive).
    pub max_specialties: usize,
    /// FREIDA Internal Medicine programs measured in the band.
    pub programs: u32,
    /// Mean percent of residents who are IMGs.
    pub img_pct: f64,
    /// Mean percent of residents who are DO graduates.
    pub do_pct: f64,
    /// Share of programs that sponsor J-1 visas.
    pub sponsors_j1: f64,
    /// Share of programs that sponsor H-1B visas.
    pub sponsors_h1b: f64,
    /// Shares of university-based, university-affiliated community and community programs.
    pub type_shares: [f64; 3],
}

/// The bands, narrowest institutions first. Source: FREIDA 2025 Internal Medicine programs
/// (resident mix, visas, setting) joined to the NRMP 2024 track list (breadth).
pub const BREADTH_BANDS: [BreadthBand; 6] = [
    band(1, 2, 138, 54.1, 23.9, 0.65, 0.21, [5.0, 69.0, 63.0]),
    band(3, 5, 135, 53.9, 27.3, 0.68, 0.18, [7.0, 88.0, 39.0]),
    band(6, 10, 112, 49.6, 29.1, 0.79, 0.20, [19.0, 64.0, 29.0]),
    band(11, 14, 38, 38.4, 22.3, 0.82, 0.21, [13.0, 20.0, 3.0]),
    band(15, 20, 68, 23.5, 16.2, 0.96, 0.22, [53.0, 12.0, 3.0]),
    band(21, usize::MAX, 54, 16.3, 10.1, 1.00, 0.44, [43.0, 9.0, 1.0]),
];

#[allow(clippy::too_many_arguments)]
const fn band(
    min_specialties: usize,
    max_specialties: usize,
    programs: u32,
    img_pct: f64,
    do_pct: f64,
    sponsors_j1: f64,
    sponsors_h1b: f64,
    type_counts: [f64; 3],
) -> BreadthBand {
    let total = type_counts[0] + type_counts[1] + type_counts[2];
    BreadthBand {
        min_specialties,
        max_specialties,
        programs,
        img_pct,
        do_pct,
        sponsors_j1,
        sponsors_h1b,
        type_shares: [
            type_counts[0] / total,
            type_counts[1] / total,
            type_counts[2] / total,
        ],
    }
}

impl BreadthBand {
    /// The band of an institution sponsoring `specialties` specialties.
    pub fn of(specialties: usize) -> &'static BreadthBand {
        BREADTH_BANDS
            .iter()
            .find(|band| specialties <= band.max_specialties)
            .unwrap_or(&BREADTH_BANDS[BREADTH_BANDS.len() - 1])
    }

    /// What the model assumes from this band, and what that rests on, in words.
    pub fn describe(&self, specialties: usize) -> String {
        format!(
            "the institution sponsors {specialties} specialt{} in the NRMP track list, and FREIDA's {} Internal Medicine programs at institutions sponsoring {} average {:.0}% IMG and {:.0}% DO residents, so the model takes those shares and their mix of settings; {:.0}% of them sponsor J-1 and {:.0}% H-1B visas, but unknown sponsorship is not guessed (J-1 is taken as accepted, H-1B as not offered)",
            if specialties == 1 { "y" } else { "ies" },
            self.programs,
            if self.max_specialties == usize::MAX {
                format!("{} or more", self.min_specialties)
            } else {
                format!("{} to {}", self.min_specialties, self.max_specialties)
            },
            self.img_pct,
            self.do_pct,
            self.sponsors_j1 * 100.0,
            self.sponsors_h1b * 100.0
        )
    }
}

/// Per institution code: how many specialties it sponsors tracks in.
pub fn institution_breadth(tracks: &[Track]) -> HashMap<&str, usize> {
    let mut specialties: HashMap<&str, HashSet<SpecialtyCode>> = HashMap::new();
    for track in tracks {
        specialties
            .entry(track.code.institution_code())
            .or_default()
            .insert(track.specialty);
    }
    specialties
        .into_iter()
        .map(|(institution, set)| (institution, set.len()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_breadth_has_one_band_and_shares_add_up() {
        for specialties in 1..60 {
            let band = BreadthBand::of(specialties);
            assert!((band.min_specialties..=band.max_specialties).contains(&specialties));
            assert!((band.type_shares.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        }
        assert!(BreadthBand::of(30).img_pct < BreadthBand::of(2).img_pct);
    }
}
