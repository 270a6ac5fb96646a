//! Generating the demo catalog's programs and tracks, one specialty at a time, each from its
//! own random stream.

use std::fmt::Write;

use catalog::{
    Fact, NrmpCode, Program, ProgramId, ProgramRequirements, ProgramType, Provenance, Requirement,
    ResidentMix, SpecialtyCode, Track, TrackType, UsceRequirement,
};
use rand::seq::SliceRandom;
use rand::{Rng, RngExt};

use crate::assumptions::{
    ATTACHED_TRACK_SIZE_SPREAD, ATTEMPT_LIMIT, ATTEMPT_LIMIT_ONE_SHARE, DO_FRACTION_SPREAD,
    ECFMG_AT_APPLICATION, RequirementGroup, RuleShares, SIGNAL_PARTICIPATION, STEP2_CUTOFF,
    STEP2_CUTOFF_BELOW_Q1, STEP2_CUTOFF_FLOOR, STEP3_FOR_H1B, UNKNOWN_REQUIREMENT_SHARE, USCE,
    USCE_HANDS_ON, USCE_MONTHS, YOG_LIMIT, YOG_LIMIT_YEARS,
};
use crate::fit::FittedParameters;
use crate::institutions::{Institution, type_index};
use crate::plan::{Attachment, SpecialtyPlan};
use crate::profile::SpecialtyProfile;
use crate::sampling::{apportion, split_by_shares, weighted_choice, weighted_subset};

/// The provenances the generated facts carry.
pub(crate) struct Provenances {
    /// Generated attributes (`demo-2025`).
    pub attributes: Provenance,
    /// Requirements drawn from assumptions (`demo-assumption`).
    pub requirements: Provenance,
}

/// The visas a program sponsors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Visas {
    J1Only,
    J1AndH1b,
    H1bOnly,
    Neither,
}

/// One program being built: where it is and which tracks it has.
struct ProgramSlot<'a> {
    institution: &'a Institution,
    size_weight: f64,
    tracks: Vec<(TrackType, u32)>,
}

impl ProgramSlot<'_> {
    fn positions_of(&self, track_type: TrackType) -> Option<u32> {
        self.tracks
            .iter()
            .find(|(t, _)| *t == track_type)
            .map(|(_, positions)| *positions)
    }
}

/// What generating one specialty needs besides its random stream.
pub(crate) struct SpecialtyInputs<'a> {
    /// The specialty's tracks and positions.
    pub plan: &'a SpecialtyPlan,
    /// Its figures.
    pub profile: &'a SpecialtyProfile,
    /// The fitted attribute distributions.
    pub fit: &'a FittedParameters,
    /// The institutions, by program type.
    pub institutions: &'a [Vec<Institution>; 3],
    /// The provenances of generated facts.
    pub provenances: &'a Provenances,
}

/// Generates one specialty's programs and their tracks, adding them to `programs` and
/// `tracks`.
pub(crate) fn generate_specialty<R: Rng>(
    rng: &mut R,
    inputs: &SpecialtyInputs<'_>,
    programs: &mut Vec<Program>,
    tracks: &mut Vec<Track>,
) {
    let SpecialtyInputs {
        plan,
        profile,
        fit,
        institutions,
        provenances,
    } = *inputs;
    let mut slots = place_programs(rng, plan, profile, fit, institutions);
    assign_tracks(rng, plan, &mut slots);
    let specialty = plan.specialty;
    let track_names: Vec<(TrackType, String)> = plan
        .tracks
        .iter()
        .map(|track| (track.track_type, track_name(specialty, track.track_type)))
        .collect();
    // One buffer for the text of every id and code, which the parsers copy.
    let mut text = String::with_capacity(16);
    for (index, slot) in slots.iter().enumerate() {
        text.clear();
        let _ = write!(text, "demo-{specialty}-{:04}", index + 1);
        let id = ProgramId::parse(&text).expect("demo program ids are lowercase digits and dashes");
        for (track_type, positions) in &slot.tracks {
            text.clear();
            let _ = write!(
                text,
                "{:04}{specialty}{}0",
                slot.institution.code,
                track_type.letter()
            );
            let code = NrmpCode::parse(&text).expect("demo track codes have the NRMP shape");
            let name = track_names
                .iter()
                .find(|(t, _)| t == track_type)
                .map(|(_, name)| name.clone())
                .expect("every track type of a program is planned");
            tracks.push(Track {
                code,
                name,
                institution_name: slot.institution.nrmp_name.clone(),
                state: Some(slot.institution.state),
                specialty,
                track_type: *track_type,
                positions: Some(u16::try_from(*positions).unwrap_or(u16::MAX)),
                positions_source: None,
                fill_history: Vec::new(),
                program: Some(id.clone()),
                source: provenances.attributes.source.clone(),
                as_of: provenances.attributes.as_of,
            });
        }
        programs.push(make_program(
            rng,
            id,
            specialty,
            slot,
            profile,
            fit,
            provenances,
        ));
    }
}

/// Chooses the programs' institutions: the specialty's programs split by program type in its
/// shares, each type's programs at distinct institutions of that type, favouring institutions
/// with larger weights. Programs are numbered in institution-code order.
fn place_programs<'a, R: Rng>(
    rng: &mut R,
    plan: &SpecialtyPlan,
    profile: &SpecialtyProfile,
    fit: &FittedParameters,
    institutions: &'a [Vec<Institution>; 3],
) -> Vec<ProgramSlot<'a>> {
    let counts = split_by_shares(u32::from(plan.programs), &profile.program_type_shares);
    let mut slots = Vec::with_capacity(usize::from(plan.programs));
    for program_type in ProgramType::ALL {
        let pool = &institutions[type_index(program_type)];
        let count = counts[type_index(program_type)] as usize;
        assert!(
            count <= pool.len(),
            "{}: {count} {} programs but only {} institutions of that type",
            plan.specialty,
            program_type.key(),
            pool.len()
        );
        let weights: Vec<f64> = pool.iter().map(|institution| institution.weight).collect();
        for index in weighted_subset(rng, &weights, count) {
            slots.push(ProgramSlot {
                institution: &pool[index],
                size_weight: 0.0,
                tracks: Vec::new(),
            });
        }
    }
    slots.sort_by_key(|slot| slot.institution.code);
    for slot in &mut slots {
        let sizes = &type_fit(fit, slot.institution.program_type).first_year_positions;
        slot.size_weight = sizes.value_at(rng.random()).max(1.0);
    }
    slots
}

/// Gives programs their tracks and positions. The first entry track type goes to one end of
/// a random order of programs and the second to the other, so that exactly the planned
/// number have both; attached tracks go to a subset of the programs with their anchor track,
/// favouring larger ones. Positions are shared out in proportion to program size, so every
/// track type totals its planned positions exactly.
fn assign_tracks<R: Rng>(rng: &mut R, plan: &SpecialtyPlan, slots: &mut [ProgramSlot<'_>]) {
    let mut order: Vec<usize> = (0..slots.len()).collect();
    order.shuffle(rng);
    let mut entry_seen = 0;
    for track_plan in &plan.tracks {
        let holders: Vec<usize> = match track_plan.attachment {
            Attachment::Entry => {
                let count = usize::from(track_plan.tracks);
                entry_seen += 1;
                if entry_seen == 1 {
                    order[..count].to_vec()
                } else {
                    order[order.len() - count..].to_vec()
                }
            }
            Attachment::AttachedTo(anchor) => {
                let anchors: Vec<usize> = (0..slots.len())
                    .filter(|&index| slots[index].positions_of(anchor).is_some())
                    .collect();
                let weights: Vec<f64> = anchors
                    .iter()
                    .map(|&index| f64::from(slots[index].positions_of(anchor).unwrap_or(1)))
                    .collect();
                let mut chosen: Vec<usize> =
                    weighted_subset(rng, &weights, usize::from(track_plan.tracks))
                        .into_iter()
                        .map(|position| anchors[position])
                        .collect();
                chosen.sort_unstable();
                chosen
            }
        };
        let weights: Vec<f64> = holders
            .iter()
            .map(|&index| match track_plan.attachment {
                Attachment::Entry => slots[index].size_weight,
                Attachment::AttachedTo(anchor) => {
                    let (low, high) = ATTACHED_TRACK_SIZE_SPREAD;
                    f64::from(slots[index].positions_of(anchor).unwrap_or(1))
                        * rng.random_range(low..high)
                }
            })
            .collect();
        let positions = apportion(track_plan.positions, &weights);
        for (index, positions) in holders.into_iter().zip(positions) {
            slots[index].tracks.push((track_plan.track_type, positions));
        }
    }
    for slot in slots.iter_mut() {
        slot.tracks.sort_by_key(|(track_type, _)| *track_type);
    }
}

/// The fit of a program type the demo catalog makes (one of [`ProgramType::ALL`]).
fn type_fit(fit: &FittedParameters, program_type: ProgramType) -> &crate::fit::ProgramTypeFit {
    fit.by_type(program_type)
        .expect("demo programs have one of the three fitted program types")
}

/// The NRMP-style name of a track.
fn track_name(specialty: SpecialtyCode, track_type: TrackType) -> String {
    let name = specialty.builtin_name().unwrap_or("Specialty");
    match (specialty.as_str(), track_type) {
        (_, TrackType::Categorical) => name.to_owned(),
        ("140", TrackType::Preliminary) => "Medicine-Preliminary".to_owned(),
        ("440", TrackType::Preliminary) => "Surgery-Preliminary".to_owned(),
        ("999", TrackType::Preliminary) => "Transitional Year".to_owned(),
        ("140", TrackType::PrimaryCare) => "Medicine-Primary".to_owned(),
        (_, TrackType::Preliminary) => format!("{name}-Preliminary"),
        (_, TrackType::PrimaryCare) => format!("{name}-Primary"),
        (_, TrackType::Advanced) => format!("{name} (Advanced)"),
        (_, TrackType::Reserved) => format!("{name} (Physician)"),
    }
}

fn round_to_tenth(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

fn make_program<R: Rng>(
    rng: &mut R,
    id: ProgramId,
    specialty: SpecialtyCode,
    slot: &ProgramSlot<'_>,
    profile: &SpecialtyProfile,
    fit: &FittedParameters,
    provenances: &Provenances,
) -> Program {
    let institution = slot.institution;
    let program_type = institution.program_type;
    let type_fit = type_fit(fit, program_type);
    let attributes = &provenances.attributes;

    // A program whose only tracks start at PGY-2 reports those positions as its first-year
    // positions: they are the positions its first year of training offers.
    let pgy1: u32 = slot
        .tracks
        .iter()
        .filter(|(track_type, _)| track_type.starts_at_pgy1())
        .map(|(_, positions)| positions)
        .sum();
    let first_year_positions = if pgy1 > 0 {
        pgy1
    } else {
        slot.tracks.iter().map(|(_, positions)| positions).sum()
    };

    let img_open = rng.random_bool(profile.img_open_probability());
    let img_pct = if img_open {
        round_to_tenth(type_fit.img_pct.value_at(rng.random()) * profile.img_ratio.sqrt())
            .clamp(0.0, 100.0)
    } else {
        0.0
    };
    let visas = if img_open {
        let mix = &type_fit.visa;
        weighted_choice(
            rng,
            &[
                (Visas::J1Only, mix.j1_only),
                (Visas::J1AndH1b, mix.j1_and_h1b),
                (Visas::H1bOnly, mix.h1b_only),
                (Visas::Neither, mix.neither),
            ],
        )
    } else {
        Visas::Neither
    };
    let (low, high) = DO_FRACTION_SPREAD;
    let do_fraction = (profile.do_fraction * rng.random_range(low..high)).min(1.0);
    let do_pct = round_to_tenth((100.0 - img_pct) * do_fraction);
    let us_md_pct = round_to_tenth(100.0 - img_pct - do_pct).max(0.0);
    let resident_mix = ResidentMix::new(us_md_pct, do_pct, img_pct)
        .expect("generated percentages lie between 0 and 100");

    let interviews_per_position = fit.interviews_per_position.value_at(rng.random());
    let interviews = (f64::from(first_year_positions) * interviews_per_position).round();
    let participates_in_eras = rng.random_bool(fit.eras_participation);
    let accepts_signals =
        profile.uses_signals && participates_in_eras && rng.random_bool(SIGNAL_PARTICIPATION);
    let sponsors_j1 = matches!(visas, Visas::J1Only | Visas::J1AndH1b);
    let sponsors_h1b = matches!(visas, Visas::J1AndH1b | Visas::H1bOnly);

    let group = RequirementGroup::of(program_type, img_pct);
    let requirements = draw_requirements(rng, group, profile, sponsors_h1b, provenances);

    Program {
        id,
        acgme_id: Fact::unknown(attributes),
        name: institution.program_name.clone(),
        institution: Fact::known(institution.name.clone(), attributes),
        specialty,
        city: Fact::known(institution.city.to_owned(), attributes),
        state: Fact::known(institution.state, attributes),
        program_type: Fact::known(program_type, attributes),
        first_year_positions: Fact::known(
            u16::try_from(first_year_positions).unwrap_or(u16::MAX),
            attributes,
        ),
        interviews_per_year: Fact::known(interviews.min(f64::from(u16::MAX)) as u16, attributes),
        resident_mix: Fact::known(resident_mix, attributes),
        sponsors_j1: Fact::known(sponsors_j1, attributes),
        sponsors_h1b: Fact::known(sponsors_h1b, attributes),
        participates_in_eras: Fact::known(participates_in_eras, attributes),
        accepts_signals: Fact::known(accepts_signals, attributes),
        requirements,
    }
}

/// A requirement drawn from its assumption: unknown with the assumed share, otherwise absent,
/// strict or a preference, with a threshold drawn only when there is one.
fn draw_requirement<R: Rng, T>(
    rng: &mut R,
    shares: &RuleShares,
    provenance: &Provenance,
    threshold: impl FnOnce(&mut R) -> T,
) -> Fact<Requirement<T>> {
    if rng.random_bool(UNKNOWN_REQUIREMENT_SHARE) {
        return Fact::unknown(provenance);
    }
    if !rng.random_bool(shares.applies) {
        return Fact::known(Requirement::None, provenance);
    }
    let value = threshold(rng);
    let requirement = if rng.random_bool(shares.strict) {
        Requirement::Strict(value)
    } else {
        Requirement::Preference(value)
    };
    Fact::known(requirement, provenance)
}

fn draw_requirements<R: Rng>(
    rng: &mut R,
    group: RequirementGroup,
    profile: &SpecialtyProfile,
    sponsors_h1b: bool,
    provenances: &Provenances,
) -> ProgramRequirements {
    let provenance = &provenances.requirements;
    let min_step2_score = draw_requirement(rng, STEP2_CUTOFF.get(group), provenance, |rng| {
        let offsets = STEP2_CUTOFF_BELOW_Q1.get(group);
        let offset = offsets[rng.random_range(0..offsets.len())];
        let below_q1 = profile.step2_q1.saturating_sub(offset);
        // Programs state round numbers.
        let rounded = (below_q1 + 2) / 5 * 5;
        rounded.max(STEP2_CUTOFF_FLOOR)
    });
    let max_exam_attempts = draw_requirement(rng, ATTEMPT_LIMIT.get(group), provenance, |rng| {
        if rng.random_bool(ATTEMPT_LIMIT_ONE_SHARE) {
            1
        } else {
            2
        }
    });
    let max_years_since_graduation =
        draw_requirement(rng, YOG_LIMIT.get(group), provenance, |rng| {
            weighted_choice(rng, YOG_LIMIT_YEARS.get(group))
        });
    let usce = draw_requirement(rng, USCE.get(group), provenance, |rng| UsceRequirement {
        months: weighted_choice(rng, &USCE_MONTHS),
        hands_on: rng.random_bool(*USCE_HANDS_ON.get(group)),
    });
    let ecfmg_certification =
        draw_requirement(rng, ECFMG_AT_APPLICATION.get(group), provenance, |_| ());
    // Programs that do not sponsor H-1B visas have no Step 3 rule for them.
    let step3_shares = if sponsors_h1b {
        STEP3_FOR_H1B
    } else {
        RuleShares {
            applies: 0.0,
            strict: 0.0,
        }
    };
    let step3_for_h1b = draw_requirement(rng, &step3_shares, provenance, |_| ());
    ProgramRequirements {
        min_step2_score,
        max_exam_attempts,
        max_years_since_graduation,
        usce,
        ecfmg_certification,
        step3_for_h1b,
    }
}
