//! How a published row about a specialty maps onto the catalog's specialty codes and tracks.

use catalog::{SpecialtyCode, TrackType};

/// The catalog specialties a published row describes.
///
/// Published tables name specialties in their own words ("Medicine-Preliminary",
/// "Diagnostic Radiology / Interventional Radiology"); this says which catalog specialty codes
/// the row covers and, when the row counts only one kind of track, which track type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CatalogSpecialties {
    /// The 3-digit specialty codes, as text so that the tables can be constants. Every entry is
    /// a code of [`catalog::SPECIALTIES`] (a test checks it).
    pub codes: &'static [&'static str],
    /// The track type the row counts, or `None` when it is about the specialty as a whole.
    pub track_type: Option<TrackType>,
}

impl CatalogSpecialties {
    /// A row about the whole of one or more specialties, whatever the track type.
    pub const fn whole(codes: &'static [&'static str]) -> CatalogSpecialties {
        CatalogSpecialties {
            codes,
            track_type: None,
        }
    }

    /// A row about one track type of one specialty.
    pub const fn tracks(
        code: &'static [&'static str],
        track_type: TrackType,
    ) -> CatalogSpecialties {
        CatalogSpecialties {
            codes: code,
            track_type: Some(track_type),
        }
    }

    /// The specialty codes as catalog values.
    pub fn specialty_codes(&self) -> impl Iterator<Item = SpecialtyCode> + '_ {
        self.codes.iter().map(|code| {
            SpecialtyCode::parse(code).expect("the tables hold three-digit specialty codes")
        })
    }

    /// Whether the row is about this specialty (any track type).
    pub fn includes_specialty(&self, specialty: SpecialtyCode) -> bool {
        self.codes.iter().any(|code| *code == specialty.as_str())
    }

    /// Whether the row counts tracks of this specialty and type.
    pub fn includes_track(&self, specialty: SpecialtyCode, track_type: TrackType) -> bool {
        self.includes_specialty(specialty) && self.track_type.is_none_or(|t| t == track_type)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_track_row_covers_only_its_track_type() {
        let medicine_preliminary = CatalogSpecialties::tracks(&["140"], TrackType::Preliminary);
        let internal_medicine = SpecialtyCode::parse("140").unwrap();
        assert!(medicine_preliminary.includes_track(internal_medicine, TrackType::Preliminary));
        assert!(!medicine_preliminary.includes_track(internal_medicine, TrackType::Categorical));
        let radiology = CatalogSpecialties::whole(&["420", "416"]);
        let codes: Vec<String> = radiology.specialty_codes().map(|c| c.to_string()).collect();
        assert_eq!(codes, ["420", "416"]);
        assert!(
            radiology.includes_track(SpecialtyCode::parse("416").unwrap(), TrackType::Advanced)
        );
    }
}
