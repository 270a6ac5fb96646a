//! Fictional institution names, composed from word lists so that they read like US hospital
//! names without being the name of any real institution: invented place-like stems
//! ("Riverbend", "Cedarbrook"), saints' names rarely given to hospitals, and the usual
//! descriptors and kinds ("Regional Medical Center", "University School of Medicine").
//!
//! Each program type has its own name patterns, built from disjoint kind words, and names
//! are drawn without replacement from all combinations of a type's patterns, so every
//! institution's name is unique by construction.

use catalog::ProgramType;
use rand::Rng;
use rand::seq::index;

/// Invented, place-like words.
const STEMS: [&str; 80] = [
    "Riverbend",
    "Cedarbrook",
    "Stonegate",
    "Willowmere",
    "Ironwood",
    "Harborlight",
    "Brightwater",
    "Silverpine",
    "Amberfield",
    "Copperleaf",
    "Foxhollow",
    "Elmstead",
    "Maplecrest",
    "Thornbury",
    "Ashgrove",
    "Bellhaven",
    "Clearbrook",
    "Eastwick",
    "Fernhill",
    "Glenmoor",
    "Hollowell",
    "Juniper Ridge",
    "Kestrel Point",
    "Meadowlark",
    "Oakhaven",
    "Quarry Hill",
    "Redstone",
    "Sagebrook",
    "Tallgrass",
    "Upland Vale",
    "Westerly",
    "Wrenfield",
    "Yarrow Creek",
    "Cobblestone",
    "Driftwood",
    "Emberly",
    "Falconridge",
    "Greywater",
    "Heronwood",
    "Ivybridge",
    "Orchard Bay",
    "Prairie Rose",
    "Quillfeather",
    "Rosewater",
    "Saltmarsh",
    "Timberline",
    "Vinewood",
    "Whitlock",
    "Brambleton",
    "Crestmoor",
    "Evenstar",
    "Goldcrest",
    "Hartwell",
    "Kingsmere",
    "Lowmoor",
    "Mistvale",
    "Nettlefield",
    "Oldbridge",
    "Pebblebrook",
    "Ravensworth",
    "Starling Bay",
    "Windmere",
    "Alderbrook",
    "Birchlight",
    "Clovermere",
    "Dovecote",
    "Eaglemoor",
    "Fallowmere",
    "Graniteview",
    "Hawthorne Glen",
    "Indigo Bay",
    "Larkhaven",
    "Moonridge",
    "Northwind",
    "Oxbow Bend",
    "Palisade Reach",
    "Quietwater",
    "Rivermoor",
    "Sunhaven",
    "Thistlewood",
];

/// Saints' names, for "Saint ..." hospitals.
const SAINTS: [&str; 30] = [
    "Aurelia",
    "Ambrosine",
    "Cecilia",
    "Clementine",
    "Florian",
    "Isidore",
    "Leander",
    "Odile",
    "Perpetua",
    "Seraphina",
    "Sylvan",
    "Theodora",
    "Ursula",
    "Lucian",
    "Adelaide",
    "Benedicta",
    "Casimir",
    "Dorothea",
    "Eulalia",
    "Gervase",
    "Hilda",
    "Ignatia",
    "Justina",
    "Marcellus",
    "Ottilia",
    "Rosamund",
    "Severin",
    "Tobiah",
    "Valeria",
    "Wilfrid",
];

/// Words between a stem and the kind of institution; the empty one means none.
const DESCRIPTORS: [&str; 6] = ["", "Regional", "General", "Memorial", "Valley", "County"];

/// Patterns of university-based institutions, around a stem.
const UNIVERSITY_PATTERNS: [(&str, &str); 5] = [
    ("", " University School of Medicine"),
    ("", " University Medical Center"),
    ("", " University College of Medicine"),
    ("University of ", " Health Sciences"),
    ("", " University Hospitals"),
];

/// How many distinct names the patterns of a program type can make.
pub(crate) fn name_capacity(program_type: ProgramType) -> usize {
    match program_type {
        ProgramType::UniversityBased => UNIVERSITY_PATTERNS.len() * STEMS.len(),
        // The demo catalog makes only the three types of `ProgramType::ALL`; any other is
        // named like a community program.
        _ => STEMS.len() * DESCRIPTORS.len() + STEMS.len() + SAINTS.len(),
    }
}

/// The name with this index among all names of a program type.
fn name_at(program_type: ProgramType, index: usize) -> String {
    match program_type {
        ProgramType::UniversityBased => {
            let (before, after) = UNIVERSITY_PATTERNS[index / STEMS.len()];
            format!("{before}{}{after}", STEMS[index % STEMS.len()])
        }
        _ => {
            // Affiliated programs are medical centers and health systems; community programs
            // are hospitals and community health: the two never share a name.
            let (center, system) = if program_type == ProgramType::CommunityUniversityAffiliated {
                ("Medical Center", "Health System")
            } else {
                ("Hospital", "Community Health")
            };
            let described = STEMS.len() * DESCRIPTORS.len();
            if index < described {
                let stem = STEMS[index / DESCRIPTORS.len()];
                match DESCRIPTORS[index % DESCRIPTORS.len()] {
                    "" => format!("{stem} {center}"),
                    descriptor => format!("{stem} {descriptor} {center}"),
                }
            } else if index < described + STEMS.len() {
                format!("{} {system}", STEMS[index - described])
            } else {
                format!("Saint {} {center}", SAINTS[index - described - STEMS.len()])
            }
        }
    }
}

/// Draws `count` distinct institution names of a program type.
pub(crate) fn institution_names<R: Rng>(
    rng: &mut R,
    program_type: ProgramType,
    count: usize,
) -> Vec<String> {
    index::sample(rng, name_capacity(program_type), count)
        .into_iter()
        .map(|index| name_at(program_type, index))
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn every_name_of_every_type_is_distinct() {
        let mut seen = HashSet::new();
        for program_type in ProgramType::ALL {
            for index in 0..name_capacity(program_type) {
                let name = name_at(program_type, index);
                assert!(seen.insert(name.clone()), "{name} appears twice");
                assert!(!name.contains("  ") && name.trim() == name, "{name:?}");
            }
        }
    }

    #[test]
    fn names_read_like_institutions() {
        assert_eq!(
            name_at(ProgramType::CommunityUniversityAffiliated, 1),
            "Riverbend Regional Medical Center"
        );
        assert_eq!(
            name_at(ProgramType::UniversityBased, 3 * 80 + 1),
            "University of Cedarbrook Health Sciences"
        );
        assert_eq!(
            name_at(ProgramType::CommunityBased, 80 * 6 + 80),
            "Saint Aurelia Hospital"
        );
    }
}
