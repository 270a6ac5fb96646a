//! The demo catalog's fictional sponsoring institutions: a name, a real US city, a program
//! type, a fictional NRMP institution code, and a weight that makes some institutions host
//! many programs and others few.

use catalog::{ProgramType, UsState};
use rand::{Rng, RngExt};

use crate::assumptions::{FIRST_INSTITUTION_CODE, INSTITUTIONS_BY_TYPE};
use crate::names::institution_names;
use crate::places::CITIES;
use crate::sampling::weighted_index;

/// A fictional sponsoring institution.
#[derive(Debug, Clone)]
pub(crate) struct Institution {
    /// The 4-digit NRMP institution code, from the fictional range.
    pub code: u32,
    /// The institution's name.
    pub name: String,
    /// The name of its programs: the institution's name and "Program", as FREIDA names them.
    pub program_name: String,
    /// The name in NRMP listings: the institution's name and its state, such as
    /// `Riverbend Medical Center-OH`.
    pub nrmp_name: String,
    /// Its city.
    pub city: &'static str,
    /// Its state.
    pub state: UsState,
    /// The program type of every program it sponsors.
    pub program_type: ProgramType,
    /// How strongly it attracts programs, relative to others of its type.
    pub weight: f64,
}

/// Every institution, grouped by program type in the order of [`ProgramType::ALL`].
pub(crate) fn institution_pool<R: Rng>(rng: &mut R) -> [Vec<Institution>; 3] {
    let city_weights: Vec<f64> = CITIES.iter().map(|(_, _, weight)| *weight).collect();
    let mut next_code = FIRST_INSTITUTION_CODE;
    ProgramType::ALL.map(|program_type| {
        let count = INSTITUTIONS_BY_TYPE[type_index(program_type)] as usize;
        institution_names(rng, program_type, count)
            .into_iter()
            .map(|name| {
                let (city, state, _) = CITIES[weighted_index(rng, &city_weights)];
                // An exponential weight gives a long tail: a few institutions sponsor
                // programs in most specialties, many sponsor only a few.
                let weight = 0.2 - rng.random::<f64>().max(f64::MIN_POSITIVE).ln();
                let code = next_code;
                next_code += 1;
                let state = UsState::parse(state).expect("the city table holds valid states");
                Institution {
                    code,
                    program_name: format!("{name} Program"),
                    nrmp_name: format!("{name}-{}", state.code()),
                    name,
                    city,
                    state,
                    program_type,
                    weight,
                }
            })
            .collect()
    })
}

/// The position of a program type in [`ProgramType::ALL`].
pub(crate) fn type_index(program_type: ProgramType) -> usize {
    ProgramType::ALL
        .iter()
        .position(|t| *t == program_type)
        .expect("every program type is listed")
}
