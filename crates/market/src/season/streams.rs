//! The season's random streams: one per stage and entity.
//!
//! Every draw of a season comes from a stream that belongs to one stage and one entity (an
//! applicant, a probe, a program, a track, or the season itself), seeded from the season's seed,
//! its number, the stage and the entity. A stream is never shared: no draw depends on how many
//! words another entity or stage consumed, nor on the order in which threads ran. So a season
//! is the same on any number of threads, stages can run their entities in parallel without
//! positioning anything, and inserting probes (whose streams are their own) leaves every other
//! applicant's draws as they were (common random numbers across probes).
//!
//! [`Streams`] is the only way the season's code obtains a generator, which is what keeps the
//! rule: a stage asks for the stream of `(stage, entity)` and draws from it alone.

use std::sync::LazyLock;

use normal::QuantileTable;
use rand::{Rng, RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

/// A stream's generator: xoshiro256++ (a documented, portable algorithm, so seasons are the
/// same on every platform and release of the crate), seeded through SplitMix64.
pub(crate) type StreamRng = Xoshiro256PlusPlus;

/// A stage of the season that draws random numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stage {
    /// Programs' latent desirability (per program).
    ProgramLatent,
    /// An applicant's traits, choice of programs and the screening noise of their
    /// applications (per applicant).
    Applications,
    /// An applicant's preference draws for the invitations of one round (per applicant).
    InterviewRound(u32),
    /// A track's interview-day noise for everyone it interviewed (per track).
    ProgramRanking,
    /// Who forms a couple (once per season).
    Couples,
}

impl Stage {
    fn key(self) -> u64 {
        match self {
            Stage::ProgramLatent => 1,
            Stage::Applications => 2,
            Stage::ProgramRanking => 3,
            Stage::Couples => 4,
            Stage::InterviewRound(round) => 16 + u64::from(round),
        }
    }
}

/// Whose stream it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Entity {
    /// A simulated applicant, by index among the simulated applicants.
    Applicant(u32),
    /// An inserted probe, by its position among the probes.
    Probe(u32),
    /// A program, by index in the market.
    Program(u32),
    /// A track, by index in the market.
    Track(u32),
    /// The season as a whole.
    Season,
}

impl Entity {
    fn key(self) -> u64 {
        let (kind, index) = match self {
            Entity::Applicant(i) => (1, i),
            Entity::Probe(i) => (2, i),
            Entity::Program(i) => (3, i),
            Entity::Track(i) => (4, i),
            Entity::Season => (5, 0),
        };
        (kind << 32) | u64::from(index)
    }
}

/// The streams of one season.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Streams {
    seed: u64,
    season: u32,
}

impl Streams {
    pub(crate) fn new(seed: u64, season: u32) -> Streams {
        Streams { seed, season }
    }

    /// The stream of an entity in a stage, at its start.
    pub(crate) fn rng(&self, stage: Stage, entity: Entity) -> StreamRng {
        let mut key = mix(self.seed);
        key = mix(key ^ u64::from(self.season));
        key = mix(key ^ stage.key());
        key = mix(key ^ entity.key());
        StreamRng::seed_from_u64(key)
    }
}

/// The SplitMix64 finalizer: a bijection of 64-bit words whose outputs for nearby inputs look
/// unrelated, so that the streams' seeds do.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The logarithm of a standard exponential draw, from one word of the stream (tabulated; see
/// [`normal::QuantileTable`]).
#[inline(always)]
pub(crate) fn log_exponential(rng: &mut impl Rng) -> f64 {
    static TABLE: LazyLock<QuantileTable> =
        LazyLock::new(|| QuantileTable::new(|p| (-(-p).ln_1p()).ln()));
    TABLE.draw(rng.random())
}

/// A standard normal draw from one word of the stream.
#[inline(always)]
pub(crate) fn standard_normal(rng: &mut impl Rng) -> f64 {
    normal::normal_from_bits(rng.random())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_words(rng: &mut StreamRng) -> [u64; 4] {
        std::array::from_fn(|_| rng.random())
    }

    #[test]
    fn a_stream_depends_only_on_its_season_stage_and_entity() {
        let streams = Streams::new(7, 3);
        let mut a = streams.rng(Stage::Applications, Entity::Applicant(5));
        // Draws of other streams in between change nothing.
        let mut other = streams.rng(Stage::Applications, Entity::Applicant(4));
        let _: [u64; 4] = first_words(&mut other);
        let mut b = Streams::new(7, 3).rng(Stage::Applications, Entity::Applicant(5));
        assert_eq!(first_words(&mut a), first_words(&mut b));
    }

    #[test]
    fn streams_of_different_keys_differ() {
        let streams = Streams::new(7, 3);
        let keys = [
            (
                Streams::new(7, 3),
                Stage::Applications,
                Entity::Applicant(5),
            ),
            (
                Streams::new(8, 3),
                Stage::Applications,
                Entity::Applicant(5),
            ),
            (
                Streams::new(7, 4),
                Stage::Applications,
                Entity::Applicant(5),
            ),
            (streams, Stage::InterviewRound(0), Entity::Applicant(5)),
            (streams, Stage::InterviewRound(1), Entity::Applicant(5)),
            (streams, Stage::Applications, Entity::Probe(5)),
            (streams, Stage::Applications, Entity::Applicant(6)),
            (streams, Stage::ProgramRanking, Entity::Track(5)),
            (streams, Stage::ProgramLatent, Entity::Program(5)),
            (streams, Stage::Couples, Entity::Season),
        ];
        let words: Vec<[u64; 4]> = keys
            .iter()
            .map(|(streams, stage, entity)| first_words(&mut streams.rng(*stage, *entity)))
            .collect();
        for i in 0..words.len() {
            for j in i + 1..words.len() {
                assert_ne!(words[i], words[j], "streams {i} and {j}");
            }
        }
    }
}
