//! Fitting the demo catalog's program attributes to real programs: program type shares, and by
//! program type the residents' IMG share, visa sponsorship and program size; interviews per
//! position and ERAS participation.
//!
//! [`fit_freida`] is pure: it takes programs already parsed by the project's FREIDA importer.
//! Its output for the FREIDA Internal Medicine file is committed as
//! [`crate::FREIDA_2025_FIT`], so generating the demo catalog needs no file.

use std::fmt::Write;

use catalog::{Program, ProgramType};

/// An empirical distribution summarized by its deciles: the minimum, the 10th, 20th, ...,
/// 90th percentiles and the maximum (linear interpolation between order statistics, the
/// definition most statistics packages use by default).
///
/// Deciles are a simple, honest description of the skewed, zero- and hundred-heavy shapes of
/// these attributes; sampling draws a uniform percentile and interpolates between deciles.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quantiles {
    /// How many values the deciles were computed from.
    pub n: u32,
    /// The minimum, the nine inner deciles and the maximum, rounded to two decimals.
    pub deciles: [f64; 11],
}

impl Quantiles {
    /// The deciles of some values; all zero (with `n = 0`) when there are none.
    pub fn of(values: &[f64]) -> Quantiles {
        let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        sorted.sort_by(f64::total_cmp);
        let mut deciles = [0.0; 11];
        if !sorted.is_empty() {
            let last = (sorted.len() - 1) as f64;
            for (index, decile) in deciles.iter_mut().enumerate() {
                let position = last * index as f64 / 10.0;
                let below = position.floor() as usize;
                let above = position.ceil() as usize;
                let fraction = position - below as f64;
                let value = sorted[below] + fraction * (sorted[above] - sorted[below]);
                *decile = round_to(value, 2);
            }
        }
        Quantiles {
            n: sorted.len() as u32,
            deciles,
        }
    }

    /// The value at a percentile `p` in `[0, 1]`, interpolating linearly between deciles.
    pub fn value_at(&self, p: f64) -> f64 {
        let position = p.clamp(0.0, 1.0) * 10.0;
        let below = (position.floor() as usize).min(9);
        let fraction = position - below as f64;
        self.deciles[below] + fraction * (self.deciles[below + 1] - self.deciles[below])
    }

    /// The median.
    pub fn median(&self) -> f64 {
        self.deciles[5]
    }
}

/// Shares of programs by the visas they sponsor. The four shares add up to one (up to
/// rounding) when `n > 0`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VisaMix {
    /// How many programs the shares were computed from (those whose J-1 and H-1B sponsorship
    /// are both known).
    pub n: u32,
    /// Sponsor J-1 (through ECFMG) and not H-1B.
    pub j1_only: f64,
    /// Sponsor both J-1 and H-1B.
    pub j1_and_h1b: f64,
    /// Sponsor H-1B and not J-1.
    pub h1b_only: f64,
    /// Sponsor neither.
    pub neither: f64,
}

impl VisaMix {
    /// The share of programs that sponsor at least one visa.
    pub fn sponsors_any(&self) -> f64 {
        self.j1_only + self.j1_and_h1b + self.h1b_only
    }
}

/// What the fit found for one program type.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ProgramTypeFit {
    /// Programs of this type.
    pub programs: u32,
    /// Their share among programs whose type is one of the three.
    pub share: f64,
    /// Residents' IMG share in percent, among programs that report their resident mix.
    pub img_pct: Quantiles,
    /// Visa sponsorship.
    pub visa: VisaMix,
    /// First-year positions, among programs that report more than zero.
    pub first_year_positions: Quantiles,
}

/// Program attributes fitted to a set of real programs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FittedParameters {
    /// Programs given to the fit.
    pub programs: u32,
    /// University-based programs.
    pub university: ProgramTypeFit,
    /// Community-based, university-affiliated programs.
    pub community_affiliated: ProgramTypeFit,
    /// Community-based programs.
    pub community: ProgramTypeFit,
    /// Interviews conducted in a season per first-year position, among programs reporting
    /// both (and more than zero of each).
    pub interviews_per_position: Quantiles,
    /// Programs whose ERAS participation is known.
    pub eras_known: u32,
    /// Share of those that take applications through ERAS.
    pub eras_participation: f64,
}

impl FittedParameters {
    /// The fit for one of the three program types of [`ProgramType::ALL`]; `None` for
    /// military and other programs, which the fit leaves out (too few to describe).
    pub fn by_type(&self, program_type: ProgramType) -> Option<&ProgramTypeFit> {
        match program_type {
            ProgramType::UniversityBased => Some(&self.university),
            ProgramType::CommunityUniversityAffiliated => Some(&self.community_affiliated),
            ProgramType::CommunityBased => Some(&self.community),
            ProgramType::MilitaryBased | ProgramType::Other => None,
        }
    }

    /// The fit for each type of [`ProgramType::ALL`], in that order.
    pub fn by_types(&self) -> [(ProgramType, &ProgramTypeFit); 3] {
        [
            (ProgramType::UniversityBased, &self.university),
            (
                ProgramType::CommunityUniversityAffiliated,
                &self.community_affiliated,
            ),
            (ProgramType::CommunityBased, &self.community),
        ]
    }

    /// The program type shares, in the order of [`ProgramType::ALL`].
    pub fn program_type_shares(&self) -> [f64; 3] {
        self.by_types().map(|(_, fit)| fit.share)
    }

    /// These parameters as the Rust source of a constant named `name`, for committing a new
    /// fit (see `fitted.rs`).
    pub fn to_rust_source(&self, name: &str) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "pub const {name}: FittedParameters = FittedParameters {{"
        );
        let _ = writeln!(out, "    programs: {},", self.programs);
        for (field, fit) in [
            ("university", &self.university),
            ("community_affiliated", &self.community_affiliated),
            ("community", &self.community),
        ] {
            let _ = writeln!(out, "    {field}: ProgramTypeFit {{");
            let _ = writeln!(out, "        programs: {},", fit.programs);
            let _ = writeln!(out, "        share: {:?},", fit.share);
            let _ = writeln!(out, "        img_pct: {},", quantiles_source(&fit.img_pct));
            let visa = &fit.visa;
            let _ = writeln!(
                out,
                "        visa: VisaMix {{ n: {}, j1_only: {:?}, j1_and_h1b: {:?}, h1b_only: {:?}, neither: {:?} }},",
                visa.n, visa.j1_only, visa.j1_and_h1b, visa.h1b_only, visa.neither
            );
            let _ = writeln!(
                out,
                "        first_year_positions: {},",
                quantiles_source(&fit.first_year_positions)
            );
            let _ = writeln!(out, "    }},");
        }
        let _ = writeln!(
            out,
            "    interviews_per_position: {},",
            quantiles_source(&self.interviews_per_position)
        );
        let _ = writeln!(out, "    eras_known: {},", self.eras_known);
        let _ = writeln!(
            out,
            "    eras_participation: {:?},",
            self.eras_participation
        );
        let _ = writeln!(out, "}};");
        out
    }

    /// Whether two fits agree, floats within `tolerance`; the names of the fields that differ
    /// otherwise.
    pub fn differences(&self, other: &FittedParameters, tolerance: f64) -> Vec<String> {
        let mut differences = Vec::new();
        let mut float = |name: String, a: f64, b: f64| {
            if (a - b).abs() > tolerance {
                differences.push(format!("{name}: {a} vs {b}"));
            }
        };
        float(
            "programs".into(),
            self.programs.into(),
            other.programs.into(),
        );
        for ((program_type, a), (_, b)) in self.by_types().into_iter().zip(other.by_types()) {
            let key = program_type.key();
            float(
                format!("{key}.programs"),
                a.programs.into(),
                b.programs.into(),
            );
            float(format!("{key}.share"), a.share, b.share);
            for (what, qa, qb) in [
                ("img_pct", &a.img_pct, &b.img_pct),
                (
                    "first_year_positions",
                    &a.first_year_positions,
                    &b.first_year_positions,
                ),
            ] {
                float(format!("{key}.{what}.n"), qa.n.into(), qb.n.into());
                for (index, (x, y)) in qa.deciles.iter().zip(&qb.deciles).enumerate() {
                    float(format!("{key}.{what}.deciles[{index}]"), *x, *y);
                }
            }
            float(format!("{key}.visa.n"), a.visa.n.into(), b.visa.n.into());
            float(
                format!("{key}.visa.j1_only"),
                a.visa.j1_only,
                b.visa.j1_only,
            );
            float(
                format!("{key}.visa.j1_and_h1b"),
                a.visa.j1_and_h1b,
                b.visa.j1_and_h1b,
            );
            float(
                format!("{key}.visa.h1b_only"),
                a.visa.h1b_only,
                b.visa.h1b_only,
            );
            float(
                format!("{key}.visa.neither"),
                a.visa.neither,
                b.visa.neither,
            );
        }
        let (qa, qb) = (
            &self.interviews_per_position,
            &other.interviews_per_position,
        );
        float("interviews_per_position.n".into(), qa.n.into(), qb.n.into());
        for (index, (x, y)) in qa.deciles.iter().zip(&qb.deciles).enumerate() {
            float(format!("interviews_per_position.deciles[{index}]"), *x, *y);
        }
        float(
            "eras_known".into(),
            self.eras_known.into(),
            other.eras_known.into(),
        );
        float(
            "eras_participation".into(),
            self.eras_participation,
            other.eras_participation,
        );
        differences
    }
}

fn quantiles_source(quantiles: &Quantiles) -> String {
    let deciles: Vec<String> = quantiles.deciles.iter().map(|d| format!("{d:?}")).collect();
    format!(
        "Quantiles {{ n: {}, deciles: [{}] }}",
        quantiles.n,
        deciles.join(", ")
    )
}

/// Rounds to a number of decimals, so that a fit reads cleanly and compares exactly once
/// committed.
fn round_to(value: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (value * scale).round() / scale
}

fn share(count: u32, total: u32) -> f64 {
    if total == 0 {
        0.0
    } else {
        round_to(f64::from(count) / f64::from(total), 4)
    }
}

/// Fits the demo catalog's attribute distributions to programs, typically the FREIDA
/// Internal Medicine programs as parsed by the project's importer.
///
/// Each figure uses only the programs for which it is known: program type shares count the
/// three program types of [`ProgramType::ALL`] (military programs, programs described
/// otherwise and programs not described at all are left out of the per-type figures); the IMG
/// share needs a known resident mix; visa sponsorship needs both J-1 and H-1B known; program
/// size needs more than zero first-year positions; interviews per position need both counts
/// above zero. Shares are rounded to four decimals and deciles to two.
pub fn fit_freida(programs: &[Program]) -> FittedParameters {
    let typed: Vec<(ProgramType, &Program)> = programs
        .iter()
        .filter_map(|program| program.program_type.get().map(|t| (*t, program)))
        .filter(|(program_type, _)| ProgramType::ALL.contains(program_type))
        .collect();
    let typed_count = typed.len() as u32;
    let fit_type = |program_type: ProgramType| -> ProgramTypeFit {
        let of_type: Vec<&Program> = typed
            .iter()
            .filter(|(t, _)| *t == program_type)
            .map(|(_, program)| *program)
            .collect();
        let img: Vec<f64> = of_type
            .iter()
            .filter_map(|program| program.resident_mix.get().map(|mix| mix.img_pct))
            .collect();
        let sizes: Vec<f64> = of_type
            .iter()
            .filter_map(|program| program.first_year_positions.get())
            .filter(|positions| **positions > 0)
            .map(|positions| f64::from(*positions))
            .collect();
        let mut visa_counts = [0u32; 4];
        for program in &of_type {
            if let (Some(j1), Some(h1b)) = (program.sponsors_j1.get(), program.sponsors_h1b.get()) {
                let index = match (j1, h1b) {
                    (true, false) => 0,
                    (true, true) => 1,
                    (false, true) => 2,
                    (false, false) => 3,
                };
                visa_counts[index] += 1;
            }
        }
        let visa_n: u32 = visa_counts.iter().sum();
        ProgramTypeFit {
            programs: of_type.len() as u32,
            share: share(of_type.len() as u32, typed_count),
            img_pct: Quantiles::of(&img),
            visa: VisaMix {
                n: visa_n,
                j1_only: share(visa_counts[0], visa_n),
                j1_and_h1b: share(visa_counts[1], visa_n),
                h1b_only: share(visa_counts[2], visa_n),
                neither: share(visa_counts[3], visa_n),
            },
            first_year_positions: Quantiles::of(&sizes),
        }
    };
    let interviews_per_position: Vec<f64> = programs
        .iter()
        .filter_map(|program| {
            let interviews = *program.interviews_per_year.get()?;
            let positions = *program.first_year_positions.get()?;
            (interviews > 0 && positions > 0).then(|| f64::from(interviews) / f64::from(positions))
        })
        .collect();
    let eras: Vec<bool> = programs
        .iter()
        .filter_map(|program| program.participates_in_eras.get().copied())
        .collect();
    let eras_known = eras.len() as u32;
    let eras_yes = eras.iter().filter(|participates| **participates).count() as u32;
    FittedParameters {
        programs: programs.len() as u32,
        university: fit_type(ProgramType::UniversityBased),
        community_affiliated: fit_type(ProgramType::CommunityUniversityAffiliated),
        community: fit_type(ProgramType::CommunityBased),
        interviews_per_position: Quantiles::of(&interviews_per_position),
        eras_known,
        eras_participation: share(eras_yes, eras_known),
    }
}

#[cfg(test)]
mod tests {
    use catalog::{
        Fact, ProgramId, ProgramRequirements, Provenance, ResidentMix, Source, SpecialtyCode,
    };
    use chrono::NaiveDate;
    use expect_test::expect;

    use super::*;

    /// A hand-made program with only the attributes the fit reads.
    fn program(
        program_type: Option<ProgramType>,
        img_pct: Option<f64>,
        visas: Option<(bool, bool)>,
        positions: Option<u16>,
        interviews: Option<u16>,
        eras: Option<bool>,
    ) -> Program {
        let provenance = Provenance::new(
            Source::parse("test").unwrap(),
            NaiveDate::from_ymd_opt(2025, 3, 28).unwrap(),
        );
        let p = &provenance;
        Program {
            id: ProgramId::parse("test-program").unwrap(),
            acgme_id: Fact::unknown(p),
            name: "Test Program".to_owned(),
            institution: Fact::unknown(p),
            specialty: SpecialtyCode::parse("140").unwrap(),
            city: Fact::unknown(p),
            state: Fact::unknown(p),
            program_type: Fact::maybe(program_type, p),
            first_year_positions: Fact::maybe(positions, p),
            interviews_per_year: Fact::maybe(interviews, p),
            resident_mix: Fact::maybe(
                img_pct.map(|img| ResidentMix::new(100.0 - img, 0.0, img).unwrap()),
                p,
            ),
            sponsors_j1: Fact::maybe(visas.map(|(j1, _)| j1), p),
            sponsors_h1b: Fact::maybe(visas.map(|(_, h1b)| h1b), p),
            participates_in_eras: Fact::maybe(eras, p),
            accepts_signals: Fact::unknown(p),
            requirements: ProgramRequirements {
                min_step2_score: Fact::unknown(p),
                max_exam_attempts: Fact::unknown(p),
                max_years_since_graduation: Fact::unknown(p),
                usce: Fact::unknown(p),
                ecfmg_certification: Fact::unknown(p),
                step3_for_h1b: Fact::unknown(p),
            },
        }
    }

    #[test]
    fn deciles_interpolate_between_order_statistics() {
        let quantiles = Quantiles::of(&[
            0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0, 100.0,
        ]);
        assert_eq!(quantiles.n, 11);
        assert_eq!(
            quantiles.deciles,
            [
                0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0, 100.0
            ]
        );
        let two = Quantiles::of(&[3.0, 1.0]);
        assert_eq!(two.deciles[0], 1.0);
        assert_eq!(two.deciles[5], 2.0);
        assert_eq!(two.deciles[10], 3.0);
        assert_eq!(two.value_at(0.25), 1.5);
        assert_eq!(two.value_at(1.0), 3.0);
        assert_eq!(Quantiles::of(&[]).n, 0);
        assert_eq!(Quantiles::of(&[7.0]).deciles, [7.0; 11]);
    }

    #[test]
    fn fit_counts_each_figure_over_the_programs_that_know_it() {
        use ProgramType::*;
        let programs = vec![
            program(
                Some(UniversityBased),
                Some(10.0),
                Some((true, true)),
                Some(40),
                Some(400),
                Some(true),
            ),
            program(
                Some(UniversityBased),
                None,
                Some((true, false)),
                Some(20),
                Some(300),
                Some(true),
            ),
            program(
                Some(CommunityBased),
                Some(80.0),
                Some((true, false)),
                Some(10),
                Some(120),
                Some(true),
            ),
            program(
                Some(CommunityBased),
                Some(60.0),
                Some((false, false)),
                Some(0),
                None,
                Some(false),
            ),
            program(
                Some(CommunityBased),
                Some(90.0),
                None,
                Some(8),
                Some(0),
                None,
            ),
            program(
                Some(CommunityUniversityAffiliated),
                Some(50.0),
                Some((false, true)),
                None,
                Some(100),
                Some(true),
            ),
            program(
                Some(MilitaryBased),
                Some(0.0),
                Some((false, false)),
                Some(12),
                Some(120),
                Some(true),
            ),
            program(
                None,
                Some(30.0),
                Some((true, false)),
                Some(10),
                Some(100),
                Some(true),
            ),
        ];
        let fit = fit_freida(&programs);
        expect![[r#"
            pub const TEST_FIT: FittedParameters = FittedParameters {
                programs: 8,
                university: ProgramTypeFit {
                    programs: 2,
                    share: 0.3333,
                    img_pct: Quantiles { n: 1, deciles: [10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0] },
                    visa: VisaMix { n: 2, j1_only: 0.5, j1_and_h1b: 0.5, h1b_only: 0.0, neither: 0.0 },
                    first_year_positions: Quantiles { n: 2, deciles: [20.0, 22.0, 24.0, 26.0, 28.0, 30.0, 32.0, 34.0, 36.0, 38.0, 40.0] },
                },
                community_affiliated: ProgramTypeFit {
                    programs: 1,
                    share: 0.1667,
                    img_pct: Quantiles { n: 1, deciles: [50.0, 50.0, 50.0, 50.0, 50.0, 50.0, 50.0, 50.0, 50.0, 50.0, 50.0] },
                    visa: VisaMix { n: 1, j1_only: 0.0, j1_and_h1b: 0.0, h1b_only: 1.0, neither: 0.0 },
                    first_year_positions: Quantiles { n: 0, deciles: [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0] },
                },
                community: ProgramTypeFit {
                    programs: 3,
                    share: 0.5,
                    img_pct: Quantiles { n: 3, deciles: [60.0, 64.0, 68.0, 72.0, 76.0, 80.0, 82.0, 84.0, 86.0, 88.0, 90.0] },
                    visa: VisaMix { n: 2, j1_only: 0.5, j1_and_h1b: 0.0, h1b_only: 0.0, neither: 0.5 },
                    first_year_positions: Quantiles { n: 2, deciles: [8.0, 8.2, 8.4, 8.6, 8.8, 9.0, 9.2, 9.4, 9.6, 9.8, 10.0] },
                },
                interviews_per_position: Quantiles { n: 5, deciles: [10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.8, 11.6, 12.6, 13.8, 15.0] },
                eras_known: 7,
                eras_participation: 0.8571,
            };
        "#]]
        .assert_eq(&fit.to_rust_source("TEST_FIT"));
        assert!(fit.differences(&fit, 0.0).is_empty());
        let mut changed = fit;
        changed.community.visa.neither = 0.6;
        assert_eq!(
            fit.differences(&changed, 1e-9),
            vec!["community.visa.neither: 0.5 vs 0.6".to_owned()]
        );
    }
}
