//! The demo catalog's attribute distributions, as fitted to real programs.

use crate::fit::{FittedParameters, ProgramTypeFit, Quantiles, VisaMix};

/// The output of [`crate::fit_freida`] on the FREIDA Internal Medicine file (AMA FREIDA,
/// updated 2025-03-28: 689 rows, one an exact repeat, so 688 programs as the project's FREIDA
/// importer reads them). Program type shares count the 655 programs that describe themselves
/// as university-based, community-based university-affiliated or community-based.
///
/// Committed so that generating the demo catalog needs no file; the integration test
/// `freida_fit` re-runs the fit on the file and fails, printing the new constant, if the two
/// ever differ.
pub const FREIDA_2025_FIT: FittedParameters = FittedParameters {
    programs: 688,
    university: ProgramTypeFit {
        programs: 145,
        share: 0.2214,
        img_pct: Quantiles {
            n: 139,
            deciles: [
                0.0, 1.0, 2.22, 3.74, 5.7, 8.8, 14.22, 21.66, 45.02, 68.24, 100.0,
            ],
        },
        visa: VisaMix {
            n: 145,
            j1_only: 0.6414,
            j1_and_h1b: 0.3241,
            h1b_only: 0.0,
            neither: 0.0345,
        },
        first_year_positions: Quantiles {
            n: 144,
            deciles: [
                6.0, 16.0, 22.0, 26.0, 31.0, 34.5, 39.0, 44.0, 53.4, 60.0, 95.0,
            ],
        },
    },
    community_affiliated: ProgramTypeFit {
        programs: 324,
        share: 0.4947,
        img_pct: Quantiles {
            n: 264,
            deciles: [
                0.0, 4.12, 15.42, 35.63, 48.64, 62.05, 77.42, 86.32, 91.58, 96.2, 100.0,
            ],
        },
        visa: VisaMix {
            n: 324,
            j1_only: 0.5586,
            j1_and_h1b: 0.1914,
            h1b_only: 0.0123,
            neither: 0.2377,
        },
        first_year_positions: Quantiles {
            n: 320,
            deciles: [
                2.0, 8.0, 10.0, 12.0, 13.0, 15.0, 17.0, 20.0, 23.2, 30.0, 75.0,
            ],
        },
    },
    community: ProgramTypeFit {
        programs: 186,
        share: 0.284,
        img_pct: Quantiles {
            n: 115,
            deciles: [
                0.0, 7.48, 16.36, 25.42, 33.78, 41.0, 51.94, 67.58, 82.26, 92.9, 100.0,
            ],
        },
        visa: VisaMix {
            n: 186,
            j1_only: 0.4839,
            j1_and_h1b: 0.1129,
            h1b_only: 0.0,
            neither: 0.4032,
        },
        first_year_positions: Quantiles {
            n: 182,
            deciles: [4.0, 6.0, 8.0, 9.3, 10.0, 12.0, 13.0, 15.0, 16.0, 20.0, 39.0],
        },
    },
    interviews_per_position: Quantiles {
        n: 624,
        deciles: [
            1.0, 7.13, 8.57, 9.41, 10.33, 11.35, 12.48, 13.67, 15.56, 18.37, 40.0,
        ],
    },
    eras_known: 688,
    eras_participation: 0.9637,
};
