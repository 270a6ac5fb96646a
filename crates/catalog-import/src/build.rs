//! Assembling a catalog from imported sources: FREIDA programs, NRMP tracks, or both joined.
//!
//! Nothing given is dropped. With both sources, the join links tracks to FREIDA programs and
//! names a joined program's institution after its categorical track. Tracks that no FREIDA
//! program took are grouped by institution and specialty into programs of their own
//! (`nrmp-<institution code>-<specialty code>`), so that a catalog built from the track list
//! alone can still be searched in every specialty.

use std::collections::BTreeMap;

use catalog::{
    Catalog, CatalogMeta, CatalogOrigin, Fact, NrmpCode, Program, ProgramId, Provenance, Source,
    SourceInfo, Specialty, SpecialtyCode, Track,
};
use chrono::NaiveDate;

use crate::freida::{self, unknown_requirements};
use crate::join::{JoinReport, JoinStatus, institution_name_without_state, join};
use crate::nrmp_tracks;

/// A catalog built from imported sources, with the join's report when there was a join.
#[derive(Debug, Clone, PartialEq)]
pub struct BuiltCatalog {
    /// The catalog.
    pub catalog: Catalog,
    /// What the FREIDA–NRMP join did; `None` unless both sources were given.
    pub report: Option<JoinReport>,
}

/// Builds a catalog from FREIDA programs, NRMP tracks, or both. `label` is the catalog's
/// human label.
///
/// - Both: every FREIDA program and every track is kept; tracks the join links point to
///   their FREIDA program, and the others make track-derived programs.
/// - Only FREIDA: the programs, no tracks, no report.
/// - Only tracks: one track-derived program per institution and specialty, no report.
pub fn build_imported(
    freida: Option<&[Program]>,
    tracks: Option<&[Track]>,
    label: &str,
) -> BuiltCatalog {
    let given_tracks = tracks;
    let mut programs: Vec<Program> = freida.map(<[Program]>::to_vec).unwrap_or_default();
    let mut tracks: Vec<Track> = given_tracks.map(<[Track]>::to_vec).unwrap_or_default();
    let sources = sources(&programs, &tracks);

    let report = match (freida, given_tracks) {
        (Some(freida), Some(given_tracks)) => {
            let outcome = join(freida, given_tracks);
            let links: BTreeMap<&NrmpCode, &ProgramId> =
                outcome.links.iter().map(|(code, id)| (code, id)).collect();
            for track in &mut tracks {
                track.program = links.get(&track.code).map(|id| (*id).clone());
            }
            let by_code: BTreeMap<&NrmpCode, &Track> =
                tracks.iter().map(|track| (&track.code, track)).collect();
            for (program, joined) in programs.iter_mut().zip(&outcome.programs) {
                if let JoinStatus::Joined { anchor } = &joined.status
                    && let Some(track) = by_code.get(&anchor.track)
                {
                    program.institution = Fact::known(
                        track.institution_name.clone(),
                        &Provenance::new(track.source.clone(), track.as_of),
                    );
                }
            }
            Some(outcome.report)
        }
        _ => None,
    };

    programs.extend(track_derived_programs(&mut tracks));
    BuiltCatalog {
        catalog: Catalog {
            meta: CatalogMeta {
                label: label.to_owned(),
                origin: CatalogOrigin::Imported,
                fictional: false,
                sources,
            },
            specialties: Specialty::builtin(),
            programs,
            tracks,
        },
        report,
    }
}

/// One program for each institution and specialty whose tracks no program took, linking
/// those tracks to it. Everything the track list does not say is unknown, with the track
/// list as the source that left it so.
pub(crate) fn track_derived_programs(tracks: &mut [Track]) -> Vec<Program> {
    let mut groups: BTreeMap<(String, SpecialtyCode), Vec<usize>> = BTreeMap::new();
    for (index, track) in tracks.iter().enumerate() {
        if track.program.is_none() {
            groups
                .entry((track.code.institution_code().to_owned(), track.specialty))
                .or_default()
                .push(index);
        }
    }
    let mut programs = Vec::with_capacity(groups.len());
    for ((institution_code, specialty), members) in groups {
        let first = &tracks[members[0]];
        let as_of = members
            .iter()
            .map(|index| tracks[*index].as_of)
            .max()
            .expect("a group has a track");
        let provenance = Provenance::new(first.source.clone(), as_of);
        let state = members.iter().find_map(|index| tracks[*index].state);
        let institution = first.institution_name.clone();
        let specialty_name = specialty
            .builtin_name()
            .map_or_else(|| format!("specialty {specialty}"), str::to_owned);
        let id = ProgramId::parse(&format!("nrmp-{institution_code}-{specialty}"))
            .expect("digits and hyphens make a valid program id");
        let program = Program {
            id: id.clone(),
            acgme_id: Fact::unknown(&provenance),
            name: format!(
                "{} {specialty_name}",
                institution_name_without_state(&institution, state)
            ),
            institution: Fact::known(institution, &provenance),
            specialty,
            city: Fact::unknown(&provenance),
            state: Fact::maybe(state, &provenance),
            program_type: Fact::unknown(&provenance),
            first_year_positions: Fact::unknown(&provenance),
            interviews_per_year: Fact::unknown(&provenance),
            resident_mix: Fact::unknown(&provenance),
            sponsors_j1: Fact::unknown(&provenance),
            sponsors_h1b: Fact::unknown(&provenance),
            participates_in_eras: Fact::unknown(&provenance),
            accepts_signals: Fact::unknown(&provenance),
            requirements: unknown_requirements(&provenance),
        };
        for index in members {
            tracks[index].program = Some(id.clone());
        }
        programs.push(program);
    }
    programs
}

/// The data sources the records cite, each with the latest date its records describe.
fn sources(programs: &[Program], tracks: &[Track]) -> Vec<SourceInfo> {
    let mut latest: BTreeMap<Source, NaiveDate> = BTreeMap::new();
    let cited = programs
        .iter()
        .map(|program| (&program.acgme_id.source, program.acgme_id.as_of))
        .chain(tracks.iter().map(|track| (&track.source, track.as_of)));
    for (source, as_of) in cited {
        let entry = latest.entry(source.clone()).or_insert(as_of);
        *entry = (*entry).max(as_of);
    }
    latest
        .into_iter()
        .map(|(id, as_of)| SourceInfo {
            description: describe(&id).to_owned(),
            id,
            as_of,
        })
        .collect()
}

/// A sentence about a source, for the catalog's description.
fn describe(source: &Source) -> &'static str {
    match source.as_str() {
        freida::SOURCE => {
            "AMA FREIDA program listing: ACGME id, name, city, state, size, interviews, resident mix, setting, ERAS participation and visas"
        }
        nrmp_tracks::SOURCE => {
            "NRMP Main Residency Match program-track list: NRMP code, track name, institution, specialty and track type"
        }
        _ => "Imported records",
    }
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};

    use super::*;
    use crate::join::fixtures;

    const PROGRAMS: &str = "
        1400000001 | Lakeview University Medical Center Program | Lakeview | NY
        1400000002 | Saint Ottilie Hospital Program | Ridge | NY";

    const TRACKS: &str = "
        9901140C0 | Internal Medicine | Lakeview Univ Med Ctr-NY
        9901140P0 | Medicine-Preliminary | Lakeview Univ Med Ctr-NY
        9901120C0 | Family Medicine | Lakeview Univ Med Ctr-NY
        9902140C0 | Internal Medicine | Juniper Med Ctr-NY
        9902140P0 | Medicine-Preliminary | Juniper Med Ctr-NY
        9903440C0 | Surgery-General | Birch Hosp-Tulsa";

    /// Builds a catalog and shows its sources, programs (id, name, institution and its
    /// source, state) and tracks (code and program), after checking that it validates.
    fn check(freida: Option<&str>, tracks: Option<&str>, expected: Expect) {
        let programs = freida.map(fixtures::programs);
        let tracks = tracks.map(fixtures::tracks);
        let built = build_imported(programs.as_deref(), tracks.as_deref(), "Test import");
        built
            .catalog
            .validate()
            .expect("the built catalog validates");
        let catalog = &built.catalog;
        let mut lines = vec![format!(
            "{} | {:?} fictional={} | report: {}",
            catalog.meta.label,
            catalog.meta.origin,
            catalog.meta.fictional,
            built
                .report
                .as_ref()
                .map_or("none".to_owned(), |report| format!(
                    "{} of {} joined",
                    report.joined, report.programs
                ))
        )];
        lines.extend(
            catalog
                .meta
                .sources
                .iter()
                .map(|source| format!("source {} as of {}", source.id, source.as_of)),
        );
        lines.extend(catalog.programs.iter().map(|program| {
            format!(
                "{} {:?} | institution {:?} from {} | {:?}",
                program.id,
                program.name,
                program.institution.get(),
                program.institution.source,
                program.state.get().map(|state| state.code()),
            )
        }));
        lines.extend(catalog.tracks.iter().map(|track| {
            format!(
                "  {} -> {}",
                track.code,
                track
                    .program
                    .as_ref()
                    .map_or("none".to_owned(), ToString::to_string)
            )
        }));
        expected.assert_eq(&lines.join("\n"));
    }

    #[test]
    fn both_sources_join_and_unlinked_tracks_make_programs() {
        check(
            Some(PROGRAMS),
            Some(TRACKS),
            expect![[r#"
                Test import | Imported fictional=false | report: 1 of 2 joined
                source freida as of 2025-03-28
                source nrmp-tracks as of 2024-03-15
                acgme-1400000001 "Lakeview University Medical Center Program" | institution Some("Lakeview Univ Med Ctr-NY") from nrmp-tracks | Some("NY")
                acgme-1400000002 "Saint Ottilie Hospital Program" | institution None from freida | Some("NY")
                nrmp-9901-120 "Lakeview Univ Med Ctr Family Medicine" | institution Some("Lakeview Univ Med Ctr-NY") from nrmp-tracks | Some("NY")
                nrmp-9902-140 "Juniper Med Ctr Internal Medicine" | institution Some("Juniper Med Ctr-NY") from nrmp-tracks | Some("NY")
                nrmp-9903-440 "Birch Hosp-Tulsa General Surgery" | institution Some("Birch Hosp-Tulsa") from nrmp-tracks | None
                  9901140C0 -> acgme-1400000001
                  9901140P0 -> acgme-1400000001
                  9901120C0 -> nrmp-9901-120
                  9902140C0 -> nrmp-9902-140
                  9902140P0 -> nrmp-9902-140
                  9903440C0 -> nrmp-9903-440"#]],
        );
    }

    #[test]
    fn freida_alone_gives_its_programs_only() {
        check(
            Some(PROGRAMS),
            None,
            expect![[r#"
            Test import | Imported fictional=false | report: none
            source freida as of 2025-03-28
            acgme-1400000001 "Lakeview University Medical Center Program" | institution None from freida | Some("NY")
            acgme-1400000002 "Saint Ottilie Hospital Program" | institution None from freida | Some("NY")"#]],
        );
    }

    #[test]
    fn tracks_alone_give_a_program_per_institution_and_specialty() {
        check(
            None,
            Some(TRACKS),
            expect![[r#"
                Test import | Imported fictional=false | report: none
                source nrmp-tracks as of 2024-03-15
                nrmp-9901-120 "Lakeview Univ Med Ctr Family Medicine" | institution Some("Lakeview Univ Med Ctr-NY") from nrmp-tracks | Some("NY")
                nrmp-9901-140 "Lakeview Univ Med Ctr Internal Medicine" | institution Some("Lakeview Univ Med Ctr-NY") from nrmp-tracks | Some("NY")
                nrmp-9902-140 "Juniper Med Ctr Internal Medicine" | institution Some("Juniper Med Ctr-NY") from nrmp-tracks | Some("NY")
                nrmp-9903-440 "Birch Hosp-Tulsa General Surgery" | institution Some("Birch Hosp-Tulsa") from nrmp-tracks | None
                  9901140C0 -> nrmp-9901-140
                  9901140P0 -> nrmp-9901-140
                  9901120C0 -> nrmp-9901-120
                  9902140C0 -> nrmp-9902-140
                  9902140P0 -> nrmp-9902-140
                  9903440C0 -> nrmp-9903-440"#]],
        );
    }

    #[test]
    fn nothing_gives_an_empty_catalog() {
        check(
            None,
            None,
            expect!["Test import | Imported fictional=false | report: none"],
        );
    }

    #[test]
    fn nothing_is_dropped() {
        let programs = fixtures::programs(PROGRAMS);
        let tracks = fixtures::tracks(TRACKS);
        let built = build_imported(Some(&programs), Some(&tracks), "Test import");
        for program in &programs {
            assert!(
                built.catalog.program(&program.id).is_some(),
                "{}",
                program.id
            );
        }
        for track in &tracks {
            assert!(
                built
                    .catalog
                    .tracks
                    .iter()
                    .any(|kept| kept.code == track.code),
                "{}",
                track.code
            );
        }
        assert_eq!(built.catalog.tracks.len(), tracks.len());
        assert!(
            built
                .catalog
                .tracks
                .iter()
                .all(|track| track.program.is_some())
        );
    }
}
