//! What the demo catalog needs to know about a specialty beyond its size: how IMG-heavy it
//! is compared with Internal Medicine, its DO share, its score level, whether it uses
//! signals and how its programs split by type. Each figure comes from the `targets` tables
//! where they cover the specialty, and otherwise from [`crate::assumptions`].

use catalog::{SpecialtyCode, TrackType};
use targets::{NonUsImgSpecialtySummary, Pgy1SpecialtyRow, SignalAllotment, UsMdStep2Quartiles};

use crate::assumptions::{
    ACADEMIC_PROGRAM_TYPE_SHARES, ACADEMIC_SPECIALTIES, ASSUMED_DO_FRACTIONS, ASSUMED_IMG_RATIOS,
    COMBINED_COMPONENTS, DEFAULT_DO_FRACTION, DEFAULT_STEP2_Q1,
};
use crate::fit::FittedParameters;

/// A specialty's figures that shape its demo programs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpecialtyProfile {
    /// The specialty.
    pub specialty: SpecialtyCode,
    /// Its IMG ratio: IMG share of its positions over Internal Medicine's, at most one (see
    /// [`crate::assumptions`]).
    pub img_ratio: f64,
    /// Of residents who are not IMGs, the share who are DO graduates.
    pub do_fraction: f64,
    /// Step 2 CK first quartile of matched US MD seniors, around which cut-offs sit.
    pub step2_q1: u16,
    /// Whether the specialty uses ERAS preference signals.
    pub uses_signals: bool,
    /// Program type shares, in the order of [`catalog::ProgramType::ALL`].
    pub program_type_shares: [f64; 3],
}

impl SpecialtyProfile {
    /// The profile of a built-in specialty, given the fitted program type shares.
    pub fn of(specialty: SpecialtyCode, fit: &FittedParameters) -> SpecialtyProfile {
        let academic = ACADEMIC_SPECIALTIES.contains(&specialty.as_str());
        SpecialtyProfile {
            specialty,
            img_ratio: img_ratio(specialty),
            do_fraction: do_fraction(specialty),
            step2_q1: step2_q1(specialty),
            uses_signals: SignalAllotment::find(specialty).is_some(),
            program_type_shares: if academic {
                ACADEMIC_PROGRAM_TYPE_SHARES
            } else {
                fit.program_type_shares()
            },
        }
    }

    /// The probability that a program of this specialty takes IMGs (see
    /// [`crate::assumptions`]): the square root of the IMG ratio.
    pub fn img_open_probability(&self) -> f64 {
        self.img_ratio.sqrt()
    }
}

fn code(text: &str) -> SpecialtyCode {
    SpecialtyCode::parse(text).expect("assumption tables hold three-digit codes")
}

fn components(specialty: SpecialtyCode) -> Option<&'static [&'static str]> {
    COMBINED_COMPONENTS
        .iter()
        .find(|(combined, _)| *combined == specialty.as_str())
        .map(|(_, parts)| *parts)
}

/// The NRMP row that describes a specialty's residents: its categorical row, or the
/// Transitional Year's row.
fn nrmp_row(specialty: SpecialtyCode) -> Option<&'static Pgy1SpecialtyRow> {
    Pgy1SpecialtyRow::find(specialty, TrackType::Categorical)
        .or_else(|| Pgy1SpecialtyRow::find(specialty, TrackType::Preliminary))
}

/// A specialty's IMG share of positions over Internal Medicine's, capped at one: from the
/// NRMP 2025 table, else from Charting Outcomes 2026 non-US IMGs, else an assumption, else
/// the lowest of a combined specialty's components.
pub fn img_ratio(specialty: SpecialtyCode) -> f64 {
    let internal_medicine = code("140");
    let ratio = if let Some(row) = nrmp_row(specialty) {
        let reference = nrmp_row(internal_medicine).expect("the NRMP table has Internal Medicine");
        row.share_img() / reference.share_img()
    } else if let Some(row) = NonUsImgSpecialtySummary::find(specialty) {
        let reference = NonUsImgSpecialtySummary::find(internal_medicine)
            .expect("Charting Outcomes has Internal Medicine");
        row.matched_img_per_position() / reference.matched_img_per_position()
    } else if let Some((_, ratio)) = ASSUMED_IMG_RATIOS
        .iter()
        .find(|(assumed, _)| *assumed == specialty.as_str())
    {
        *ratio
    } else if let Some(parts) = components(specialty) {
        parts
            .iter()
            .map(|part| img_ratio(code(part)))
            .fold(f64::INFINITY, f64::min)
    } else {
        panic!("specialty {specialty} has no IMG ratio: add it to the assumptions")
    };
    ratio.min(1.0)
}

/// Of a specialty's residents who are not IMGs, the share who are DO graduates: from the
/// NRMP 2025 table, else an assumption, else the mean of a combined specialty's components,
/// else [`DEFAULT_DO_FRACTION`].
pub fn do_fraction(specialty: SpecialtyCode) -> f64 {
    if let Some(row) = nrmp_row(specialty) {
        row.share_us_do_senior / (row.share_us_md_senior + row.share_us_do_senior)
    } else if let Some((_, fraction)) = ASSUMED_DO_FRACTIONS
        .iter()
        .find(|(assumed, _)| *assumed == specialty.as_str())
    {
        *fraction
    } else if let Some(parts) = components(specialty) {
        parts
            .iter()
            .map(|part| do_fraction(code(part)))
            .sum::<f64>()
            / parts.len() as f64
    } else {
        DEFAULT_DO_FRACTION
    }
}

/// The Step 2 CK first quartile of matched US MD seniors (Charting Outcomes 2026), else the
/// highest of a combined specialty's components, else [`DEFAULT_STEP2_Q1`].
pub fn step2_q1(specialty: SpecialtyCode) -> u16 {
    if let Some(row) = UsMdStep2Quartiles::find(specialty) {
        row.matched_q1
    } else if let Some(parts) = components(specialty) {
        parts
            .iter()
            .filter_map(|part| UsMdStep2Quartiles::find(code(part)))
            .map(|row| row.matched_q1)
            .max()
            .unwrap_or(DEFAULT_STEP2_Q1)
    } else {
        DEFAULT_STEP2_Q1
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;
    use crate::FREIDA_2025_FIT;

    #[test]
    fn profiles_of_every_built_in_specialty() {
        let mut table = String::new();
        for (code_text, name) in catalog::SPECIALTIES {
            let profile = SpecialtyProfile::of(code(code_text), &FREIDA_2025_FIT);
            table.push_str(&format!(
                "{code_text} r={:.3} do={:.2} q1={} signals={} university={:.2} {name}\n",
                profile.img_ratio,
                profile.do_fraction,
                profile.step2_q1,
                u8::from(profile.uses_signals),
                profile.program_type_shares[0],
            ));
        }
        expect![[r#"
            040 r=0.169 do=0.19 q1=247 signals=1 university=0.22 Anesthesiology
            080 r=0.028 do=0.20 q1=251 signals=1 university=0.60 Dermatology
            110 r=0.338 do=0.44 q1=240 signals=1 university=0.22 Emergency Medicine
            120 r=0.618 do=0.50 q1=233 signals=1 university=0.22 Family Medicine
            140 r=1.000 do=0.33 q1=243 signals=1 university=0.22 Internal Medicine
            160 r=0.184 do=0.20 q1=249 signals=1 university=0.60 Neurological Surgery
            180 r=0.667 do=0.24 q1=242 signals=1 university=0.22 Neurology
            185 r=0.367 do=0.20 q1=240 signals=1 university=0.60 Child Neurology
            186 r=0.367 do=0.20 q1=240 signals=0 university=0.60 Neurodevelopmental Disabilities
            200 r=0.500 do=0.20 q1=240 signals=0 university=0.60 Nuclear Medicine
            220 r=0.139 do=0.22 q1=244 signals=0 university=0.22 Obstetrics and Gynecology
            260 r=0.056 do=0.15 q1=250 signals=1 university=0.60 Orthopaedic Surgery
            275 r=0.050 do=0.95 q1=240 signals=0 university=0.22 Osteopathic Neuromusculoskeletal Medicine
            280 r=0.060 do=0.20 q1=250 signals=1 university=0.60 Otolaryngology
            300 r=0.838 do=0.18 q1=240 signals=1 university=0.22 Pathology (Anatomic and Clinical)
            320 r=0.620 do=0.30 q1=239 signals=1 university=0.22 Pediatrics
            340 r=0.120 do=0.20 q1=241 signals=1 university=0.22 Physical Medicine and Rehabilitation
            362 r=0.075 do=0.20 q1=250 signals=0 university=0.60 Plastic Surgery (Integrated)
            380 r=0.163 do=0.20 q1=240 signals=1 university=0.60 Preventive Medicine
            400 r=0.333 do=0.27 q1=236 signals=1 university=0.22 Psychiatry
            416 r=0.196 do=0.20 q1=246 signals=1 university=0.60 Interventional Radiology (Integrated)
            420 r=0.276 do=0.20 q1=249 signals=1 university=0.60 Diagnostic Radiology
            430 r=0.330 do=0.20 q1=238 signals=1 university=0.60 Radiation Oncology
            440 r=0.278 do=0.19 q1=245 signals=1 university=0.22 General Surgery
            451 r=0.125 do=0.20 q1=248 signals=0 university=0.60 Vascular Surgery (Integrated)
            461 r=0.122 do=0.20 q1=256 signals=1 university=0.60 Thoracic Surgery (Integrated)
            700 r=0.068 do=0.32 q1=246 signals=0 university=0.60 Internal Medicine/Pediatrics
            705 r=0.338 do=0.39 q1=243 signals=0 university=0.60 Internal Medicine/Emergency Medicine
            715 r=0.333 do=0.30 q1=243 signals=1 university=0.60 Internal Medicine/Psychiatry
            720 r=0.333 do=0.39 q1=236 signals=0 university=0.60 Psychiatry/Family Medicine
            725 r=0.338 do=0.37 q1=240 signals=0 university=0.60 Pediatrics/Emergency Medicine
            726 r=0.169 do=0.25 q1=247 signals=0 university=0.60 Pediatrics/Anesthesiology
            730 r=0.333 do=0.29 q1=239 signals=0 university=0.60 Pediatrics/Psychiatry/Child and Adolescent Psychiatry
            735 r=0.120 do=0.25 q1=241 signals=0 university=0.60 Pediatrics/Physical Medicine and Rehabilitation
            742 r=0.169 do=0.26 q1=247 signals=0 university=0.60 Internal Medicine/Anesthesiology
            751 r=0.163 do=0.27 q1=243 signals=0 university=0.60 Internal Medicine/Preventive Medicine
            752 r=0.163 do=0.35 q1=233 signals=0 university=0.60 Family Medicine/Preventive Medicine
            753 r=0.050 do=0.72 q1=233 signals=0 university=0.60 Family Medicine/Osteopathic Neuromusculoskeletal Medicine
            755 r=0.333 do=0.26 q1=242 signals=0 university=0.60 Psychiatry/Neurology
            765 r=0.620 do=0.30 q1=239 signals=0 university=0.60 Pediatrics/Medical Genetics
            766 r=1.000 do=0.33 q1=243 signals=0 university=0.60 Internal Medicine/Medical Genetics
            770 r=0.276 do=0.20 q1=249 signals=0 university=0.60 Diagnostic Radiology/Nuclear Medicine/Nuclear Radiology
            785 r=0.028 do=0.27 q1=251 signals=0 university=0.60 Internal Medicine/Dermatology
            795 r=0.338 do=0.47 q1=240 signals=0 university=0.60 Emergency Medicine/Family Medicine
            796 r=0.169 do=0.32 q1=247 signals=0 university=0.60 Emergency Medicine/Anesthesiology
            999 r=0.243 do=0.10 q1=240 signals=1 university=0.22 Transitional Year
        "#]].assert_eq(&table);
    }
}
