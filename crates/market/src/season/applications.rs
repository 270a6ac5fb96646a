//! The applications stage: programs' desirability this season, each applicant's choice of
//! tracks around their own standing, and each program's screening evaluation of every
//! application (the one screening function plus noise), grouped by track.

use rand::{Rng, RngExt};
use rayon::prelude::*;

use crate::assumptions::BACKUP_PERCENTILE_SHIFT;
use crate::evaluation::{TrackScreening, is_img, mean_desirability, standardized_step2, visa_slot};
use crate::probe::{ProbeList, SignalTier};
use crate::season::Season;
use crate::season::applicants::{self, Applicant, kind_of_index};
use crate::season::keys::{descending_key, evaluation_key};
use crate::season::streams::{Entity, Stage, StreamRng, standard_normal};

/// Applicants per chunk: each chunk's applications are grouped by track on their own, and the
/// chunks run in parallel.
const APPLICATION_CHUNK: usize = 2048;

/// Programs as applicants see them this season.
pub(crate) struct Programs {
    /// Per program: desirability this season (observed traits plus the latent factor).
    pub desirability: Vec<f64>,
    /// Per visa need (none, J-1, H-1B only) and bucket (specialties, then the preliminary
    /// tracks): the tracks that can take such an applicant, most desirable first.
    sorted_buckets: [Vec<Vec<u32>>; 3],
    /// The bucket of preliminary and transitional tracks.
    preliminary_bucket: usize,
}

impl Programs {
    /// Draws each program's latent desirability and sorts the tracks by it.
    pub(crate) fn draw(season: &Season<'_>) -> Programs {
        let (setup, params) = (season.setup, season.params);
        let desirability: Vec<f64> = setup
            .programs
            .iter()
            .enumerate()
            .map(|(index, program)| {
                let mut rng = season
                    .streams
                    .rng(Stage::ProgramLatent, Entity::Program(index as u32));
                mean_desirability(params, program)
                    + params.program_latent_sd * standard_normal(&mut rng)
            })
            .collect();
        let mut buckets: Vec<Vec<u32>> = setup
            .specialties
            .iter()
            .map(|s| s.main_tracks.clone())
            .collect();
        buckets.push(setup.preliminary_tracks.clone());
        let of_track = |track: u32| desirability[setup.tracks[track as usize].program as usize];
        for bucket in &mut buckets {
            bucket.sort_by(|a, b| of_track(*b).total_cmp(&of_track(*a)).then(a.cmp(b)));
        }
        let sorted_buckets = [0, 1, 2].map(|slot| {
            let allowed = &setup.visa_allowed[slot];
            buckets
                .iter()
                .map(|bucket| {
                    bucket
                        .iter()
                        .copied()
                        .filter(|&track| allowed[track as usize])
                        .collect()
                })
                .collect()
        });
        Programs {
            desirability,
            sorted_buckets,
            preliminary_bucket: buckets.len() - 1,
        }
    }

    /// The desirability of a track's program this season.
    pub(crate) fn of_track(&self, season: &Season<'_>, track: u32) -> f64 {
        self.desirability[season.setup.tracks[track as usize].program as usize]
    }
}

/// A chunk of applicants' screened applications, grouped by track.
pub(crate) struct ScreenedChunk {
    /// Per track: how many of the chunk's applications passed its screening.
    pub counts: Vec<u32>,
    /// The applications as evaluation keys (see [`evaluation_key`]), track after track, each
    /// track's in applicant order.
    pub keys: Vec<u64>,
}

impl ScreenedChunk {
    fn group(passed: &[(u32, u64)], track_count: usize) -> ScreenedChunk {
        let mut counts = vec![0u32; track_count];
        for &(track, _) in passed {
            counts[track as usize] += 1;
        }
        let mut next = Vec::with_capacity(track_count);
        let mut start = 0;
        for &count in &counts {
            next.push(start);
            start += count as usize;
        }
        let mut keys = vec![0u64; passed.len()];
        for &(track, key) in passed {
            let at = &mut next[track as usize];
            keys[*at] = key;
            *at += 1;
        }
        ScreenedChunk { counts, keys }
    }
}

/// The outcome of the applications stage.
pub(crate) struct Applications {
    /// Every applicant, the probes last.
    pub applicants: Vec<Applicant>,
    /// Per applicant: applications sent.
    pub sent: Vec<u32>,
    /// The applications that passed screening, chunk after chunk of applicants.
    pub chunks: Vec<ScreenedChunk>,
}

/// Reusable buffers of one chunk's work.
struct Scratch {
    /// Per track: the last applicant (plus one) who chose it.
    stamp: Vec<u32>,
    chosen: Vec<u32>,
    keyed: Vec<u128>,
    passed: Vec<(u32, u64)>,
}

/// Draws every applicant, lets them choose where to apply, and screens their applications.
pub(crate) fn apply(season: &Season<'_>, programs: &Programs) -> Applications {
    let total = season.applicant_count();
    let track_count = season.setup.tracks.len();
    let chunks: Vec<(Vec<Applicant>, Vec<u32>, ScreenedChunk)> = (0..total
        .div_ceil(APPLICATION_CHUNK))
        .into_par_iter()
        .map(|chunk| {
            let range = chunk * APPLICATION_CHUNK..((chunk + 1) * APPLICATION_CHUNK).min(total);
            let mut scratch = Scratch {
                stamp: vec![0; track_count],
                chosen: Vec::new(),
                keyed: Vec::new(),
                passed: Vec::new(),
            };
            let mut applicants = Vec::with_capacity(range.len());
            let mut sent = Vec::with_capacity(range.len());
            for index in range {
                let (applicant, count) = one_applicant(season, programs, index, &mut scratch);
                applicants.push(applicant);
                sent.push(count);
            }
            let screened = ScreenedChunk::group(&scratch.passed, track_count);
            (applicants, sent, screened)
        })
        .collect();
    let mut applications = Applications {
        applicants: Vec::with_capacity(total),
        sent: Vec::with_capacity(total),
        chunks: Vec::with_capacity(chunks.len()),
    };
    for (applicants, sent, screened) in chunks {
        applications.applicants.extend(applicants);
        applications.sent.extend(sent);
        applications.chunks.push(screened);
    }
    applications
}

/// Draws applicant `index` (a probe from [`Season::first_probe`] on), chooses their tracks and
/// screens the applications; returns the applicant and the number of applications sent.
fn one_applicant(
    season: &Season<'_>,
    programs: &Programs,
    index: usize,
    scratch: &mut Scratch,
) -> (Applicant, u32) {
    let (setup, params) = (season.setup, season.params);
    let mut rng = season.applicant_rng(Stage::Applications, index);
    let (applicant, list) = match season.probe_number(index) {
        Some(number) => {
            let probe = &season.probes[number];
            let applicant = applicants::from_probe(&mut rng, setup, params, probe);
            (applicant, probe.list.as_ref())
        }
        None => {
            let kind = kind_of_index(setup, index);
            let choice = season.specialty_choice(kind);
            (
                applicants::generate(&mut rng, setup, params, kind, choice),
                None,
            )
        }
    };
    let stamp_value = index as u32 + 1;
    scratch.chosen.clear();
    match list {
        Some(list) => {
            for &track in &list.tracks {
                if scratch.stamp[track as usize] != stamp_value {
                    scratch.stamp[track as usize] = stamp_value;
                    scratch.chosen.push(track);
                }
            }
        }
        None => choose_tracks(season, programs, &applicant, &mut rng, stamp_value, scratch),
    }
    screen_applications(season, &applicant, index, list, &mut rng, scratch);
    (applicant, scratch.chosen.len() as u32)
}

/// An applicant's choice of tracks: most in their preferred specialty around their standing,
/// some in a backup specialty, some preliminary.
fn choose_tracks(
    season: &Season<'_>,
    programs: &Programs,
    applicant: &Applicant,
    rng: &mut StreamRng,
    stamp_value: u32,
    scratch: &mut Scratch,
) {
    let (setup, params) = (season.setup, season.params);
    let kind = applicant.kind().index();
    let specialty = &setup.specialties[usize::from(applicant.specialty)];
    let reference = params.step2_weight * standardized_step2(specialty.step2[0].mean);
    let mut percentile =
        normal::normal_cdf(applicant.known_strength - reference) - params.target_shift;
    if is_img(applicant.kind()) {
        percentile -= params.img_target_shift;
    }
    let total = f64::from(applicant.applications);
    let preliminary_share = if specialty.advanced {
        params.preliminary_share_advanced
    } else {
        params.preliminary_share[kind]
    };
    let backup = pick_backup(&setup.backup_specialties, applicant.specialty, rng);
    let backup_count = match backup {
        Some(_) => (total * params.backup_share[kind]).round() as usize,
        None => 0,
    };
    let preliminary_count = (total * preliminary_share).round() as usize;
    let preferred_count = (applicant.applications as usize)
        .saturating_sub(backup_count + preliminary_count)
        .max(1);
    let buckets = &programs.sorted_buckets[visa_slot(applicant.file.visa)];
    let mut choose = |bucket: usize, percentile: f64, count: usize| {
        let chooser = Chooser {
            tracks: &buckets[bucket],
            spread: params.target_spread.max(1e-3),
            stamp_value,
        };
        chooser.choose(rng, percentile, count, scratch);
    };
    choose(
        usize::from(applicant.specialty),
        percentile,
        preferred_count,
    );
    if let Some(backup) = backup {
        choose(
            usize::from(backup),
            percentile + BACKUP_PERCENTILE_SHIFT,
            backup_count,
        );
    }
    choose(programs.preliminary_bucket, percentile, preliminary_count);
}

/// Screens the applications in `scratch.chosen`, one noise draw each, and keeps those that
/// pass as track and evaluation key.
fn screen_applications(
    season: &Season<'_>,
    applicant: &Applicant,
    index: usize,
    list: Option<&ProbeList>,
    rng: &mut StreamRng,
    scratch: &mut Scratch,
) {
    let screening: &[TrackScreening] = season.screening.for_type(applicant.kind());
    let noise_sd = season.params.interview_offer_noise_sd;
    for &track in &scratch.chosen {
        let noise = noise_sd * standard_normal(rng);
        let signal = list.and_then(|list| signal_at(list, track));
        if let Some(terms) = season.screening.terms(
            &applicant.file,
            applicant.standardized_step2,
            &screening[track as usize],
            signal,
        ) {
            let evaluation = applicant.strength + terms.total() + noise;
            scratch
                .passed
                .push((track, evaluation_key(evaluation as f32, index as u32)));
        }
    }
}

/// The signal a probe's list sends to a track, if any.
fn signal_at(list: &ProbeList, track: u32) -> Option<SignalTier> {
    list.signals
        .iter()
        .find(|(t, _)| *t == track)
        .map(|&(_, tier)| tier)
}

/// Chooses tracks of one bucket (sorted most desirable first) around a percentile of standing.
struct Chooser<'a> {
    tracks: &'a [u32],
    /// How widely choices spread around the percentile.
    spread: f64,
    /// The applicant's mark in the scratch stamps.
    stamp_value: u32,
}

impl Chooser<'_> {
    /// Chooses up to `count` tracks the applicant has not chosen yet and appends them to
    /// `scratch.chosen`.
    fn choose(&self, rng: &mut StreamRng, percentile: f64, count: usize, scratch: &mut Scratch) {
        let n = self.tracks.len();
        if n == 0 || count == 0 {
            return;
        }
        if count.saturating_mul(3) >= n {
            // Near saturation, probing for a free track costs O(n) per pick, so weighted
            // sampling without replacement is used instead.
            self.weighted_sample(rng, percentile, count, scratch);
            return;
        }
        for _ in 0..count {
            if let Some(track) = self.one_free(rng, percentile, &scratch.stamp) {
                scratch.stamp[track as usize] = self.stamp_value;
                scratch.chosen.push(track);
            }
        }
    }

    /// One free track near a position drawn around the percentile: redrawing when the drawn
    /// track is taken keeps the choice close to the intended distribution and cheap; a
    /// nearest-free search is the fallback.
    fn one_free(&self, rng: &mut StreamRng, percentile: f64, stamp: &[u32]) -> Option<u32> {
        // Redraws before the nearest free track is searched for.
        const REDRAWS: usize = 8;
        let n = self.tracks.len();
        let free = |index: usize| stamp[self.tracks[index] as usize] != self.stamp_value;
        let mut centre = 0;
        for _ in 0..REDRAWS {
            // Reflecting at the ends keeps the spread there instead of piling every draw onto
            // the first or last track.
            let mut target = percentile + self.spread * standard_normal(rng);
            if target < 0.0 {
                target = -target;
            }
            if target > 1.0 {
                target = 2.0 - target;
            }
            centre = round_non_negative((1.0 - target.clamp(0.0, 1.0)) * (n - 1) as f64);
            if free(centre) {
                return Some(self.tracks[centre]);
            }
        }
        (1..n)
            .flat_map(|radius| [centre.checked_add(radius), centre.checked_sub(radius)])
            .flatten()
            .find(|&index| index < n && free(index))
            .map(|index| self.tracks[index])
    }

    /// Weighted sampling without replacement (Efraimidis–Spirakis keys) of up to `count` free
    /// tracks, weighted by closeness to `percentile`, appended in order of choice.
    fn weighted_sample(
        &self,
        rng: &mut StreamRng,
        percentile: f64,
        count: usize,
        scratch: &mut Scratch,
    ) {
        let n = self.tracks.len();
        let keyed = &mut scratch.keyed;
        keyed.clear();
        for (position, &track) in self.tracks.iter().enumerate() {
            if scratch.stamp[track as usize] == self.stamp_value {
                continue;
            }
            let standing = 1.0 - position as f64 / (n - 1).max(1) as f64;
            let distance = ((standing - percentile) / self.spread).powi(2).min(600.0);
            let u: f64 = 1.0 - rng.random::<f64>();
            let key = u.ln() * (0.5 * distance).exp();
            // Key descending, then track ascending, as one integer.
            keyed.push(u128::from(descending_key(key)) << 32 | u128::from(track));
        }
        // The keys with the track as tie-break are a total order, so selecting the best
        // `count` and sorting only them gives the same tracks in the same order as a full
        // sort.
        if count < keyed.len() {
            keyed.select_nth_unstable(count);
            keyed.truncate(count);
        }
        keyed.sort_unstable();
        for &key in keyed.iter() {
            let track = key as u32;
            scratch.stamp[track as usize] = self.stamp_value;
            scratch.chosen.push(track);
        }
    }
}

/// `x.round() as usize` for `0 ≤ x < 2^52`, without the call to the C library's `round` that
/// `f64::round` compiles to on baseline x86-64 (it showed in the season's profile). `x − ⌊x⌋`
/// is exact in binary floating point, so halves round away from zero as `round` does.
fn round_non_negative(x: f64) -> usize {
    let whole = x as i64;
    (whole + i64::from(x - whole as f64 >= 0.5)) as usize
}

/// One backup specialty other than the preferred one, with probability proportional to its
/// positions.
fn pick_backup(pool: &[(u16, f64)], preferred: u16, rng: &mut impl Rng) -> Option<u16> {
    let total: f64 = pool
        .iter()
        .filter(|(index, _)| *index != preferred)
        .map(|(_, weight)| weight)
        .sum();
    let mut u = rng.random::<f64>() * total;
    let mut last = None;
    for &(index, weight) in pool.iter().filter(|(index, _)| *index != preferred) {
        last = Some(index);
        if u < weight {
            return Some(index);
        }
        u -= weight;
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn a_backup_is_never_the_preferred_specialty_and_follows_the_weights() {
        let pool = [(0u16, 1.0), (1, 3.0), (2, 0.0)];
        let mut rng = StreamRng::seed_from_u64(1);
        let mut counts = [0u32; 3];
        for _ in 0..4000 {
            let backup = pick_backup(&pool, 0, &mut rng).unwrap();
            counts[usize::from(backup)] += 1;
        }
        assert_eq!(counts[0], 0);
        assert_eq!(counts[2], 0);
        assert_eq!(counts[1], 4000);
        assert_eq!(pick_backup(&[(0, 1.0)], 0, &mut rng), None);
    }

    #[test]
    fn rounding_matches_the_library_on_non_negative_numbers() {
        for x in [0.0, 0.49, 0.5, 1.5, 2.5, 7.499_999, 1e12 + 0.5] {
            assert_eq!(round_non_negative(x), x.round() as usize, "{x}");
        }
    }

    #[test]
    fn choosing_never_repeats_a_track_and_stops_at_the_bucket() {
        let tracks: Vec<u32> = (0..10).collect();
        let chooser = Chooser {
            tracks: &tracks,
            spread: 0.25,
            stamp_value: 1,
        };
        let mut rng = StreamRng::seed_from_u64(3);
        for count in [1, 2, 3, 4, 9, 10, 30] {
            let mut scratch = Scratch {
                stamp: vec![0; 10],
                chosen: Vec::new(),
                keyed: Vec::new(),
                passed: Vec::new(),
            };
            chooser.choose(&mut rng, 0.5, count, &mut scratch);
            let mut chosen = scratch.chosen.clone();
            chosen.sort_unstable();
            chosen.dedup();
            assert_eq!(chosen.len(), scratch.chosen.len(), "count {count}");
            assert_eq!(chosen.len(), count.min(10), "count {count}");
        }
    }
}
