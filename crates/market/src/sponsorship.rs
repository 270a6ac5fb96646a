//! Visa sponsorship where the catalog does not say: a probability from evidence.
//!
//! FREIDA lists the visas each Internal Medicine program accepts; the NRMP track list says
//! nothing about visas. A program whose sponsorship is unknown gets the share of FREIDA
//! Internal Medicine programs that sponsor, among those at institutions of the same breadth
//! (how many specialties the institution sponsors): J-1 sponsorship rises from two thirds of
//! programs at institutions sponsoring one or two specialties to all of them at institutions
//! sponsoring more than twenty, and H-1B sponsorship from about a fifth to over two fifths.
//! These are the only measured shares at hand, so they stand for every specialty.
//!
//! Smart Pick multiplies its chances at such a program by the probability; the simulated
//! market decides once per program, from a hash of its id, whether it sponsors, so that the
//! share of sponsoring programs in the market is the estimated one.

use catalog::Catalog;

use crate::probe::VisaNeed;
use crate::sizes::{institution_breadth, program_institutions};

/// The visa sponsorship of Internal Medicine programs by the breadth of their institution:
/// FREIDA (2025-03-28) joined to the NRMP 2024 track list, 545 programs with their visas listed
/// and their institution in the track list.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BreadthSponsorship {
    /// The least number of specialties an institution of this band sponsors.
    pub min_specialties: usize,
    /// Programs of the band in the count.
    pub programs: u16,
    /// Of those, programs that sponsor J-1 or H-1B visas (can take an applicant who needs a
    /// J-1).
    pub j1_or_h1b_sponsors: u16,
    /// Of those, programs that sponsor H-1B visas.
    pub h1b_sponsors: u16,
}

/// The bands, narrowest institutions first.
pub const SPONSORSHIP_BY_BREADTH: [BreadthSponsorship; 5] = [
    BreadthSponsorship {
        min_specialties: 1,
        programs: 138,
        j1_or_h1b_sponsors: 91,
        h1b_sponsors: 29,
    },
    BreadthSponsorship {
        min_specialties: 3,
        programs: 135,
        j1_or_h1b_sponsors: 93,
        h1b_sponsors: 24,
    },
    BreadthSponsorship {
        min_specialties: 6,
        programs: 112,
        j1_or_h1b_sponsors: 90,
        h1b_sponsors: 22,
    },
    BreadthSponsorship {
        min_specialties: 11,
        programs: 106,
        j1_or_h1b_sponsors: 96,
        h1b_sponsors: 23,
    },
    BreadthSponsorship {
        min_specialties: 21,
        programs: 54,
        j1_or_h1b_sponsors: 54,
        h1b_sponsors: 24,
    },
];

/// All 545 programs of [`SPONSORSHIP_BY_BREADTH`] together: the shares for a program whose
/// institution is not known.
pub const SPONSORSHIP_OF_ALL: BreadthSponsorship = BreadthSponsorship {
    min_specialties: 0,
    programs: 545,
    j1_or_h1b_sponsors: 424,
    h1b_sponsors: 122,
};

impl BreadthSponsorship {
    /// The band of an institution sponsoring `specialties` specialties.
    pub fn of_breadth(specialties: usize) -> &'static BreadthSponsorship {
        SPONSORSHIP_BY_BREADTH
            .iter()
            .rev()
            .find(|band| specialties >= band.min_specialties)
            .unwrap_or(&SPONSORSHIP_BY_BREADTH[0])
    }

    /// The probability that a program of the band sponsors J-1 or H-1B visas.
    pub fn j1_or_h1b(&self) -> f64 {
        laplace(self.j1_or_h1b_sponsors, self.programs)
    }

    /// The probability that a program of the band sponsors H-1B visas.
    pub fn h1b(&self) -> f64 {
        laplace(self.h1b_sponsors, self.programs)
    }
}

/// The rule of succession, (k + 1) / (n + 2): a share of a finite count that is never quite 0
/// or 1 (all 54 programs of the broadest band sponsor J-1, which is no certainty for the next).
fn laplace(count: u16, of: u16) -> f64 {
    (f64::from(count) + 1.0) / (f64::from(of) + 2.0)
}

/// What a program's sponsorship estimate rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SponsorshipBasis {
    /// The catalog's source states it.
    Source,
    /// Estimated from the breadth of the program's institution (the specialties it sponsors).
    Breadth(usize),
    /// Estimated from all Internal Medicine programs (the institution is not known).
    AllPrograms,
}

impl SponsorshipBasis {
    /// What the estimate rests on, in words.
    pub fn describe(self) -> String {
        match self {
            SponsorshipBasis::Source => "the catalog's source".to_owned(),
            SponsorshipBasis::Breadth(specialties) => {
                let band = BreadthSponsorship::of_breadth(specialties);
                format!(
                    "the institution sponsors {specialties} {}; among {} FREIDA 2025 Internal \
                     Medicine programs at institutions of {}, that share sponsor",
                    if specialties == 1 {
                        "specialty"
                    } else {
                        "specialties"
                    },
                    band.programs,
                    band_words(band)
                )
            }
            SponsorshipBasis::AllPrograms => format!(
                "the share of all {} FREIDA 2025 Internal Medicine programs that sponsor",
                SPONSORSHIP_OF_ALL.programs
            ),
        }
    }
}

fn band_words(band: &BreadthSponsorship) -> String {
    let next = SPONSORSHIP_BY_BREADTH
        .iter()
        .find(|b| b.min_specialties > band.min_specialties)
        .map(|b| b.min_specialties - 1);
    match next {
        Some(last) => format!("{} to {last} specialties", band.min_specialties),
        None => format!("{} or more specialties", band.min_specialties),
    }
}

/// The probability that a program can take an applicant of each visa need.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sponsorship {
    /// It sponsors J-1 or H-1B visas.
    pub j1_or_h1b: f64,
    /// It sponsors H-1B visas.
    pub h1b: f64,
    /// What the unknown parts rest on ([`SponsorshipBasis::Source`] when nothing is unknown).
    pub basis: SponsorshipBasis,
}

impl Sponsorship {
    /// The probability that the program can take an applicant with this visa need.
    pub fn for_visa(&self, visa: VisaNeed) -> f64 {
        match visa {
            VisaNeed::None => 1.0,
            VisaNeed::J1 => self.j1_or_h1b,
            VisaNeed::H1b => self.h1b,
        }
    }

    /// Whether the probability for this visa need is an estimate (neither 0 nor 1 by fact).
    pub fn is_estimate(&self, visa: VisaNeed) -> bool {
        let p = self.for_visa(visa);
        p > 0.0 && p < 1.0
    }

    /// A program's sponsorship from its facts; the unknown parts from the band.
    fn of(program: &catalog::Program, band: &BreadthSponsorship, basis: SponsorshipBasis) -> Self {
        let j1 = program.sponsors_j1.get().copied();
        let h1b = program.sponsors_h1b.get().copied();
        let h1b_p = h1b.map_or(band.h1b(), f64::from);
        let j1_or_h1b = match (j1, h1b) {
            (Some(true), _) | (_, Some(true)) => 1.0,
            (Some(false), Some(false)) => 0.0,
            // Known not to sponsor J-1: only an H-1B sponsor can take the applicant.
            (Some(false), None) => band.h1b(),
            (None, _) => band.j1_or_h1b().max(h1b_p),
        };
        let known = j1.is_some() && h1b.is_some();
        Sponsorship {
            j1_or_h1b,
            h1b: h1b_p,
            basis: if known {
                SponsorshipBasis::Source
            } else {
                basis
            },
        }
    }

    /// Whether the program sponsors in the simulated market: a fixed draw per program (from
    /// its id), so that each program keeps its answer and the share of sponsors is the
    /// estimated one. Returns (J-1 or H-1B, H-1B); an H-1B sponsor takes J-1 applicants too.
    pub(crate) fn drawn(&self, program_id: &str) -> (bool, bool) {
        let u = unit_hash(program_id);
        let h1b = u < self.h1b;
        (h1b || u < self.j1_or_h1b, h1b)
    }
}

/// Every program's sponsorship, in catalog order.
pub fn program_sponsorship(catalog: &Catalog) -> Vec<Sponsorship> {
    let breadth = institution_breadth(&catalog.tracks);
    catalog
        .programs
        .iter()
        .zip(program_institutions(catalog))
        .map(|(program, institution)| {
            let specialties = institution.and_then(|institution| breadth.get(institution).copied());
            match specialties {
                Some(specialties) => Sponsorship::of(
                    program,
                    BreadthSponsorship::of_breadth(specialties),
                    SponsorshipBasis::Breadth(specialties),
                ),
                None => {
                    Sponsorship::of(program, &SPONSORSHIP_OF_ALL, SponsorshipBasis::AllPrograms)
                }
            }
        })
        .collect()
}

/// A number in [0, 1) fixed by the text: FNV-1a, then the SplitMix64 finalizer.
fn unit_hash(text: &str) -> f64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash = hash.wrapping_add(0x9E37_79B9_7F4A_7C15);
    hash = (hash ^ (hash >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    hash = (hash ^ (hash >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    hash ^= hash >> 31;
    (hash >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_follow_breadth_and_cover_every_institution() {
        assert_eq!(BreadthSponsorship::of_breadth(0).min_specialties, 1);
        assert_eq!(BreadthSponsorship::of_breadth(2).min_specialties, 1);
        assert_eq!(BreadthSponsorship::of_breadth(5).min_specialties, 3);
        assert_eq!(BreadthSponsorship::of_breadth(20).min_specialties, 11);
        assert_eq!(BreadthSponsorship::of_breadth(40).min_specialties, 21);
        let total: u16 = SPONSORSHIP_BY_BREADTH.iter().map(|b| b.programs).sum();
        assert_eq!(total, SPONSORSHIP_OF_ALL.programs);
        for band in SPONSORSHIP_BY_BREADTH {
            assert!(band.h1b() <= band.j1_or_h1b() && band.j1_or_h1b() < 1.0);
        }
        assert!(
            SponsorshipBasis::Breadth(23)
                .describe()
                .contains("21 or more specialties")
        );
        assert!(
            SponsorshipBasis::Breadth(4)
                .describe()
                .contains("3 to 5 specialties")
        );
    }

    #[test]
    fn drawn_sponsors_follow_the_probability_and_h1b_implies_j1() {
        let sponsorship = Sponsorship {
            j1_or_h1b: 0.7,
            h1b: 0.2,
            basis: SponsorshipBasis::AllPrograms,
        };
        let draws: Vec<(bool, bool)> = (0..10_000)
            .map(|i| sponsorship.drawn(&format!("nrmp-{i}-140")))
            .collect();
        let share = |pick: fn(&(bool, bool)) -> bool| {
            draws.iter().filter(|d| pick(d)).count() as f64 / draws.len() as f64
        };
        assert!((share(|d| d.0) - 0.7).abs() < 0.02);
        assert!((share(|d| d.1) - 0.2).abs() < 0.02);
        assert!(draws.iter().all(|&(j1, h1b)| j1 || !h1b));
        assert_eq!(sponsorship.drawn("a"), sponsorship.drawn("a"));
    }
}
