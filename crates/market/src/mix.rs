//! A program's resident mix where the catalog does not say: an estimate from what the NRMP
//! track list tells of its institution.
//!
//! FREIDA lists the share of IMG and DO residents of each Internal Medicine program; the track
//! list says nothing of residents. What it does say is how academic an institution is: whether
//! it sponsors the specialties found almost only at academic centres (Dermatology, Neurological
//! Surgery, Orthopaedic Surgery, Otolaryngology, Plastic Surgery, Radiation Oncology, Thoracic
//! and Vascular Surgery, Interventional Radiology) and how many of its specialties offer a
//! research track. Across the 469 FREIDA 2025 Internal Medicine programs with a resident mix
//! and an institution in the track list, that count predicts the share of IMG residents
//! (Spearman −0.44): a median of 59% at the 236 programs whose institution has none of it, 9%
//! where it has 6 to 9 and 4% where it has 10 or more. The estimate is a logistic line fitted
//! to those programs (least squares on the log-odds of the shares); the same is done for DO
//! residents.
//!
//! The market uses the estimate wherever a program's mix is unknown, so that how much a
//! program considers IMGs and how desirable applicants find it both follow the evidence; the
//! pages show it as an estimate with what it rests on.

use std::collections::{HashMap, HashSet};

use catalog::{Catalog, SpecialtyCode, Track};

use crate::sizes::program_institutions;

/// Specialties sponsored almost only by academic centres (NRMP specialty codes): Dermatology,
/// Neurological Surgery, Orthopaedic Surgery, Otolaryngology, Plastic Surgery (Integrated),
/// Radiation Oncology, Thoracic and Vascular Surgery (Integrated), Interventional Radiology
/// (Integrated).
pub const ACADEMIC_SPECIALTIES: [&str; 9] = [
    "080", "160", "260", "280", "362", "430", "461", "451", "416",
];

/// The log-odds of the IMG share of residents: intercept and slope per unit of academic
/// evidence, fitted on the 469 FREIDA 2025 Internal Medicine programs with a resident mix,
/// joined to the NRMP 2024 track list.
pub const IMG_SHARE_LOGIT: (f64, f64) = (0.230, -0.300);

/// The log-odds of the DO share of residents, fitted as [`IMG_SHARE_LOGIT`].
pub const DO_SHARE_LOGIT: (f64, f64) = (-1.523, -0.147);

/// What the track list says of one institution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct InstitutionEvidence {
    /// Specialties it sponsors tracks in.
    pub specialties: usize,
    /// Of those, specialties of [`ACADEMIC_SPECIALTIES`].
    pub academic_specialties: usize,
    /// Specialties in which it offers a research track (a track named for research or
    /// physician scientists).
    pub research_tracks: usize,
}

impl InstitutionEvidence {
    /// The units of academic evidence: academic specialties plus specialties with a research
    /// track.
    pub fn academic(&self) -> usize {
        self.academic_specialties + self.research_tracks
    }

    /// The estimated resident mix of a program of this institution.
    pub fn estimated_mix(&self) -> EstimatedMix {
        let units = self.academic() as f64;
        let share = |(intercept, slope): (f64, f64)| logistic(intercept + slope * units);
        EstimatedMix {
            img_share: share(IMG_SHARE_LOGIT),
            do_share: share(DO_SHARE_LOGIT),
            evidence: *self,
        }
    }

    /// What the estimate rests on, in words.
    pub fn describe(&self) -> String {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        format!(
            "the institution sponsors {}, {} of them found almost only at academic centres, \
             and offers research tracks in {}; estimated from the resident mix of 469 FREIDA \
             2025 Internal Medicine programs by the same evidence",
            plural(self.specialties, "specialty", "specialties"),
            self.academic_specialties,
            plural(self.research_tracks, "specialty", "specialties"),
        )
    }
}

/// A program's estimated resident mix with its evidence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EstimatedMix {
    /// Share of IMG residents, 0–1.
    pub img_share: f64,
    /// Share of DO residents, 0–1.
    pub do_share: f64,
    /// What it rests on.
    pub evidence: InstitutionEvidence,
}

fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// Whether a track is a research track: its name says research or physician scientist.
fn is_research_track(track: &Track) -> bool {
    let name = track.name.to_ascii_lowercase();
    name.contains("research") || name.contains("pstp") || name.contains("scientist")
}

/// Per institution code: what the track list says of it.
pub fn institution_evidence(tracks: &[Track]) -> HashMap<&str, InstitutionEvidence> {
    let academic: HashSet<SpecialtyCode> = ACADEMIC_SPECIALTIES
        .iter()
        .filter_map(|code| SpecialtyCode::parse(code).ok())
        .collect();
    let mut sets: HashMap<&str, (HashSet<SpecialtyCode>, HashSet<SpecialtyCode>)> = HashMap::new();
    for track in tracks {
        let (specialties, research) = sets.entry(track.code.institution_code()).or_default();
        specialties.insert(track.specialty);
        if is_research_track(track) {
            research.insert(track.specialty);
        }
    }
    sets.into_iter()
        .map(|(institution, (specialties, research))| {
            let evidence = InstitutionEvidence {
                specialties: specialties.len(),
                academic_specialties: specialties.intersection(&academic).count(),
                research_tracks: research.len(),
            };
            (institution, evidence)
        })
        .collect()
}

/// Every program's institution evidence, in catalog order (`None` where no track of the
/// program names its institution).
pub fn program_evidence(catalog: &Catalog) -> Vec<Option<InstitutionEvidence>> {
    let evidence = institution_evidence(&catalog.tracks);
    program_institutions(catalog)
        .into_iter()
        .map(|institution| institution.and_then(|institution| evidence.get(institution).copied()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_academic_evidence_means_fewer_img_and_do_residents() {
        let of = |academic_specialties, research_tracks| {
            InstitutionEvidence {
                specialties: 20,
                academic_specialties,
                research_tracks,
            }
            .estimated_mix()
        };
        let none = of(0, 0);
        let some = of(4, 2);
        let most = of(9, 6);
        // The fitted line at no evidence is near the median of such programs (59%).
        assert!((none.img_share - 0.557).abs() < 0.005, "{}", none.img_share);
        assert!(none.img_share > some.img_share && some.img_share > most.img_share);
        assert!(none.do_share > some.do_share && some.do_share > most.do_share);
        assert!(most.img_share > 0.0 && most.img_share < 0.02);
        assert!(
            some.evidence
                .describe()
                .contains("20 specialties, 4 of them")
        );
    }
}
