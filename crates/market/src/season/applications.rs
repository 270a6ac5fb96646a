//! The applications stage: programs' desirability this season, each applicant's choice of
//! tracks around their own standing, and each program's screening evaluation of every
//! application (the one screening function plus noise), grouped by track.

use rand::{Rng, RngExt};
use rayon::prelude::*;

use crate::assumptions::BACKUP_PERCENTILE_SHIFT;
use crate::evaluation::{TrackScreening, is_img, mean_desirability, standardized_step2, visa_slot};
use crate::params::BehaviourParameters;
use crate::probe::ProbeApplicant;
use crate::probe::{ProbeList, SignalTier};
use crate::season::Season;
use crate::season::applicants::{self, Applicant, kind_of_index, probe_without_latent};
use crate::season::keys::{ascending_key32, evaluation_key};
use crate::season::streams::{Entity, Stage, StreamRng, Streams, log_exponential, standard_normal};
use crate::setup::SeasonSetup;

/// Applicants per chunk: the chunks run in parallel, each with buffers of its own.
const APPLICATION_CHUNK: usize = 2048;

/// Programs as applicants see them this season.
pub(crate) struct Programs {
    /// Per track: its program's desirability this season (observed traits plus the latent
    /// factor).
    desirability: Vec<f64>,
    /// Per visa need (none, J-1, H-1B only) and bucket (specialties, then the preliminary
    /// tracks): the tracks that can take such an applicant, most desirable first.
    sorted_buckets: [Vec<Bucket>; 3],
    /// The bucket of preliminary and transitional tracks.
    preliminary_bucket: usize,
}

impl Programs {
    /// Draws each program's latent desirability and sorts the tracks by it.
    pub(crate) fn draw(season: &Season<'_>) -> Programs {
        let (setup, params) = (season.setup, season.params);
        let of_program: Vec<f64> = setup
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
        Programs::of_desirability(setup, &of_program)
    }

    /// Programs as applicants see them on average, without a season's latent factors.
    fn mean(setup: &SeasonSetup, params: &BehaviourParameters) -> Programs {
        let of_program: Vec<f64> = setup
            .programs
            .iter()
            .map(|program| mean_desirability(params, program))
            .collect();
        Programs::of_desirability(setup, &of_program)
    }

    /// Sorts every bucket's tracks by their program's desirability.
    fn of_desirability(setup: &SeasonSetup, of_program: &[f64]) -> Programs {
        let desirability: Vec<f64> = setup
            .tracks
            .iter()
            .map(|track| of_program[track.program as usize])
            .collect();
        let mut buckets: Vec<Vec<u32>> = setup
            .specialties
            .iter()
            .map(|s| s.main_tracks.clone())
            .collect();
        buckets.push(setup.preliminary_tracks.clone());
        let of_track = |track: u32| desirability[track as usize];
        for bucket in &mut buckets {
            bucket.sort_by(|a, b| of_track(*b).total_cmp(&of_track(*a)).then(a.cmp(b)));
        }
        let sorted_buckets = [0, 1, 2].map(|slot| {
            let allowed = &setup.visa_allowed[slot];
            buckets
                .iter()
                .map(|bucket| {
                    let tracks: Vec<u32> = bucket
                        .iter()
                        .copied()
                        .filter(|&track| allowed[track as usize])
                        .collect();
                    Bucket::new(tracks, |track| setup.tracks[track as usize].positions)
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
    pub(crate) fn of_track(&self, track: u32) -> f64 {
        self.desirability[track as usize]
    }
}

/// The applications that passed screening, grouped by track: each track's in applicant order.
#[derive(Default)]
pub(crate) struct Screened {
    /// The applications as evaluation keys (see [`evaluation_key`]), track after track.
    pub keys: Vec<u64>,
    /// Where each track's applications start in `keys` (one more entry than tracks).
    pub start: Vec<usize>,
}

impl Screened {
    /// Groups the chunks' passed applications by track, chunk after chunk: one counting sort.
    fn group(&mut self, scratches: &[Scratch], track_count: usize) {
        let start = &mut self.start;
        start.clear();
        start.resize(track_count + 1, 0);
        for scratch in scratches {
            for (track, &count) in scratch.counts.iter().enumerate() {
                start[track + 1] += count as usize;
            }
        }
        for track in 0..track_count {
            start[track + 1] += start[track];
        }
        self.keys.clear();
        self.keys.resize(start[track_count], 0);
        let mut fill = start.clone();
        for scratch in scratches {
            let mut passed = scratch.passed.iter();
            for (applicant, &count) in (scratch.first..).zip(&scratch.passed_per_applicant) {
                for &(track, evaluation) in passed.by_ref().take(usize::from(count)) {
                    let at = &mut fill[track as usize];
                    self.keys[*at] = evaluation_key(evaluation, applicant as u32);
                    *at += 1;
                }
            }
        }
    }
}

/// The outcome of the applications stage.
pub(crate) struct Applications {
    /// Every applicant, the probes last.
    pub applicants: Vec<Applicant>,
    /// Per applicant: applications sent.
    pub sent: Vec<u32>,
}

/// The buffers of one chunk of applicants' work.
#[derive(Default)]
pub(crate) struct Scratch {
    /// Per track: the last probe (plus one) whose list named it.
    stamp: Vec<u32>,
    chosen: Vec<u32>,
    /// The positions of a bucket already chosen, as bits.
    taken: Vec<u64>,
    /// The positions first drawn for the picks of a bucket.
    drawn: Vec<usize>,
    /// The screening noise of each chosen track.
    noise: Vec<f64>,
    keyed: Vec<u64>,
    /// The first applicant of the chunk.
    first: usize,
    /// The applications that passed screening, applicant after applicant, as track and
    /// evaluation.
    passed: Vec<(u32, f32)>,
    /// Per applicant of the chunk: applications in `passed`.
    passed_per_applicant: Vec<u16>,
    /// Per track: applications in `passed`.
    counts: Vec<u32>,
}

impl Scratch {
    /// Empties the buffers for a chunk from applicant `first` of a market of `track_count`
    /// tracks.
    fn reset(&mut self, first: usize, track_count: usize) {
        self.first = first;
        self.passed_per_applicant.clear();
        for per_track in [&mut self.stamp, &mut self.counts] {
            per_track.clear();
            per_track.resize(track_count, 0);
        }
        self.passed.clear();
    }
}

/// Draws every applicant, lets them choose where to apply, and screens their applications into
/// `screened`; `scratches` are the chunks' buffers.
pub(crate) fn apply(
    season: &Season<'_>,
    programs: &Programs,
    scratches: &mut Vec<Scratch>,
    screened: &mut Screened,
) -> Applications {
    let total = season.applicant_count();
    let track_count = season.setup.tracks.len();
    let chunk_count = total.div_ceil(APPLICATION_CHUNK);
    scratches.resize_with(chunk_count, Scratch::default);
    let chunks: Vec<(Vec<Applicant>, Vec<u32>)> = scratches
        .par_iter_mut()
        .enumerate()
        .map(|(chunk, scratch)| {
            let range = chunk * APPLICATION_CHUNK..((chunk + 1) * APPLICATION_CHUNK).min(total);
            scratch.reset(range.start, track_count);
            let mut applicants = Vec::with_capacity(range.len());
            let mut sent = Vec::with_capacity(range.len());
            for index in range {
                let (applicant, count) = one_applicant(season, programs, index, scratch);
                applicants.push(applicant);
                sent.push(count);
            }
            (applicants, sent)
        })
        .collect();
    let mut applications = Applications {
        applicants: Vec::with_capacity(total),
        sent: Vec::with_capacity(total),
    };
    for (applicants, sent) in chunks {
        applications.applicants.extend(applicants);
        applications.sent.extend(sent);
    }
    screened.group(scratches, track_count);
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
        None => choose_tracks(setup, params, programs, &applicant, &mut rng, scratch),
    }
    screen_applications(season, &applicant, list, &mut rng, scratch);
    (applicant, scratch.chosen.len() as u32)
}

/// An applicant's choice of tracks: most in their preferred specialty around their standing,
/// some in a backup specialty, some preliminary.
fn choose_tracks(
    setup: &SeasonSetup,
    params: &BehaviourParameters,
    programs: &Programs,
    applicant: &Applicant,
    rng: &mut StreamRng,
    scratch: &mut Scratch,
) {
    let kind = applicant.kind().index();
    let specialty = &setup.specialties[usize::from(applicant.specialty)];
    let percentile = standing(setup, params, applicant);
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
    let mut choose = |bucket: usize, percentile: f64, count: usize| {
        Chooser::of(params, programs, applicant, bucket).choose(rng, percentile, count, scratch);
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

/// Where an applicant aims among a specialty's programs, most desirable first: the
/// percentile of their known strength against the specialty's typical US MD applicant,
/// lowered by the shifts with which applicants (IMGs more) aim below their standing.
fn standing(setup: &SeasonSetup, params: &BehaviourParameters, applicant: &Applicant) -> f64 {
    let specialty = &setup.specialties[usize::from(applicant.specialty)];
    let reference = params.step2_weight * standardized_step2(specialty.step2[0].mean);
    let mut percentile =
        normal::normal_cdf(applicant.known_strength - reference) - params.target_shift;
    if is_img(applicant.kind()) {
        percentile -= params.img_target_shift;
    }
    percentile
}

/// The lists an applicant would send if they chose as the simulated applicants do: the
/// programs of the market ranked by their mean desirability (no season's latent factors),
/// prepared once.
pub struct TypicalLists {
    programs: Programs,
}

impl TypicalLists {
    /// Ranks the market's programs by their mean desirability.
    pub fn new(setup: &SeasonSetup, params: &BehaviourParameters) -> TypicalLists {
        TypicalLists {
            programs: Programs::mean(setup, params),
        }
    }

    /// Lists of tracks (market indices) the probe would send to its preferred specialty,
    /// around its own standing: `samples` lists of its number of applications, each from its
    /// own stream of `seed`. The probe's own list, if any, is ignored.
    pub fn lists(
        &self,
        setup: &SeasonSetup,
        params: &BehaviourParameters,
        probe: &ProbeApplicant,
        samples: u32,
        seed: u64,
    ) -> Vec<Vec<u32>> {
        let probe = ProbeApplicant {
            list: None,
            ..probe.clone()
        };
        let applicant = probe_without_latent(setup, params, &probe);
        let percentile = standing(setup, params, &applicant);
        let bucket = usize::from(applicant.specialty);
        let chooser = Chooser::of(params, &self.programs, &applicant, bucket);
        let streams = Streams::new(seed, 0);
        let mut scratch = Scratch::default();
        (0..samples)
            .map(|sample| {
                let mut rng = streams.rng(Stage::Applications, Entity::Probe(sample));
                scratch.chosen.clear();
                let count = applicant.applications as usize;
                chooser.choose(&mut rng, percentile, count, &mut scratch);
                scratch.chosen.clone()
            })
            .collect()
    }
}

/// Screens the applications in `scratch.chosen`, one noise draw each, and keeps those that
/// pass as track and evaluation key.
fn screen_applications(
    season: &Season<'_>,
    applicant: &Applicant,
    list: Option<&ProbeList>,
    rng: &mut StreamRng,
    scratch: &mut Scratch,
) {
    let screening: &[TrackScreening] = season.screening.for_type(applicant.kind());
    let noise_sd = season.params.interview_offer_noise_sd;
    let before = scratch.passed.len();
    // The noise draws are made up front, which lets the processor overlap them with the
    // evaluations.
    scratch.noise.clear();
    scratch.noise.extend(
        scratch
            .chosen
            .iter()
            .map(|_| noise_sd * standard_normal(rng)),
    );
    for (&track, &noise) in scratch.chosen.iter().zip(&scratch.noise) {
        let signal = list.and_then(|list| signal_at(list, track));
        if let Some(terms) = season.screening.terms(
            &applicant.file,
            applicant.standardized_step2,
            &screening[track as usize],
            signal,
        ) {
            let evaluation = applicant.strength + terms.total() + noise;
            scratch.passed.push((track, evaluation as f32));
            scratch.counts[track as usize] += 1;
        }
    }
    // At most 400 applications each.
    scratch
        .passed_per_applicant
        .push((scratch.passed.len() - before) as u16);
}

/// The signal a probe's list sends to a track, if any.
fn signal_at(list: &ProbeList, track: u32) -> Option<SignalTier> {
    list.signals
        .iter()
        .find(|(t, _)| *t == track)
        .map(|&(_, tier)| tier)
}

/// Steps of the lookup from a point of the percentile axis to a bucket's track.
const BUCKET_LOOKUP: usize = 1024;

/// A bucket's tracks, most desirable first, laid along the axis of standing by their
/// positions: each track takes a slice as wide as its share of the bucket's positions, so that
/// applicants aiming around a standing spread their applications over positions rather than
/// over programs, and a program twice the size of another at the same desirability draws
/// twice its applications.
pub(crate) struct Bucket {
    tracks: Vec<u32>,
    /// Per track: where its slice ends, from the most desirable end (the last ends at 1).
    slice_end: Vec<f64>,
    /// Per track: the middle of its slice.
    slice_middle: Vec<f64>,
    /// Per track: the natural logarithm of its slice's width.
    ln_width: Vec<f64>,
    /// For each of [`BUCKET_LOOKUP`] equal steps of the axis, the first track whose slice
    /// reaches into it.
    lookup: Vec<u32>,
}

impl Bucket {
    /// Lays out `tracks` (most desirable first) by their positions.
    fn new(tracks: Vec<u32>, positions: impl Fn(u32) -> u32) -> Bucket {
        let sizes: Vec<f64> = tracks
            .iter()
            .map(|&track| f64::from(positions(track).max(1)))
            .collect();
        let total: f64 = sizes.iter().sum();
        let mut slice_end = Vec::with_capacity(tracks.len());
        let mut slice_middle = Vec::with_capacity(tracks.len());
        let mut ln_width = Vec::with_capacity(tracks.len());
        let mut end = 0.0;
        for size in &sizes {
            let width = size / total;
            slice_middle.push(end + width / 2.0);
            end += width;
            slice_end.push(end);
            ln_width.push(width.ln());
        }
        if let Some(last) = slice_end.last_mut() {
            *last = 1.0;
        }
        let mut lookup = Vec::with_capacity(BUCKET_LOOKUP);
        let mut track = 0;
        for step in 0..BUCKET_LOOKUP {
            let at = step as f64 / BUCKET_LOOKUP as f64;
            while track + 1 < slice_end.len() && slice_end[track] <= at {
                track += 1;
            }
            lookup.push(track as u32);
        }
        Bucket {
            tracks,
            slice_end,
            slice_middle,
            ln_width,
            lookup,
        }
    }

    /// The position of the track whose slice holds `at` (0 is the most desirable end, 1 the
    /// least).
    #[inline(always)]
    fn position_at(&self, at: f64) -> usize {
        let step = ((at * BUCKET_LOOKUP as f64) as usize).min(BUCKET_LOOKUP - 1);
        let mut position = self.lookup[step] as usize;
        while position + 1 < self.slice_end.len() && self.slice_end[position] <= at {
            position += 1;
        }
        position
    }
}

/// Chooses tracks of one bucket (sorted most desirable first) around a percentile of standing.
/// An applicant chooses from a bucket once, and a track is in one bucket only, so the tracks
/// already chosen are those of this choice.
struct Chooser<'a> {
    bucket: &'a Bucket,
    tracks: &'a [u32],
    /// How widely choices spread around the percentile.
    spread: f64,
}

impl<'a> Chooser<'a> {
    /// The chooser of a bucket of the tracks that can take the applicant's visa need.
    fn of(
        params: &BehaviourParameters,
        programs: &'a Programs,
        applicant: &Applicant,
        bucket: usize,
    ) -> Chooser<'a> {
        let bucket = &programs.sorted_buckets[visa_slot(applicant.file.visa)][bucket];
        Chooser {
            bucket,
            tracks: &bucket.tracks,
            spread: params.target_spread.max(1e-3),
        }
    }

    /// Chooses up to `count` tracks and appends them to `scratch.chosen`.
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
        scratch.taken.clear();
        scratch.taken.resize(n.div_ceil(64), 0);
        // Every pick's first draw is made up front, which lets the processor overlap the draws
        // with the checks; a pick whose drawn track is taken draws again afterwards.
        scratch.drawn.clear();
        scratch
            .drawn
            .extend((0..count).map(|_| self.position(percentile, standard_normal(rng))));
        for at in 0..count {
            let mut position = scratch.drawn[at];
            if !is_free(&scratch.taken, position) {
                match self.one_free(rng, percentile, &scratch.taken) {
                    Some(free) => position = free,
                    None => continue,
                }
            }
            scratch.taken[position / 64] |= 1 << (position % 64);
            scratch.chosen.push(self.tracks[position]);
        }
    }

    /// The position a normal draw `z` points to around the percentile. Reflecting at the ends
    /// keeps the spread there instead of piling every draw onto the first or last track.
    #[inline(always)]
    fn position(&self, percentile: f64, z: f64) -> usize {
        let mut target = percentile + self.spread * z;
        if target < 0.0 {
            target = -target;
        }
        if target > 1.0 {
            target = 2.0 - target;
        }
        self.bucket.position_at(1.0 - target.clamp(0.0, 1.0))
    }

    /// The position of one free track near a position drawn around the percentile: redrawing
    /// when the drawn track is taken keeps the choice close to the intended distribution and
    /// cheap; a nearest-free search is the fallback.
    fn one_free(&self, rng: &mut StreamRng, percentile: f64, taken: &[u64]) -> Option<usize> {
        // Redraws before the nearest free track is searched for.
        const REDRAWS: usize = 8;
        let n = self.tracks.len();
        let mut centre = 0;
        for _ in 0..REDRAWS {
            centre = self.position(percentile, standard_normal(rng));
            if is_free(taken, centre) {
                return Some(centre);
            }
        }
        (1..n)
            .flat_map(|radius| [centre.checked_add(radius), centre.checked_sub(radius)])
            .flatten()
            .find(|&position| position < n && is_free(taken, position))
    }

    /// Weighted sampling without replacement of up to `count` tracks, weighted by their
    /// slice's width and its closeness to `percentile` (a normal curve of width `spread`),
    /// appended in order of choice: an exponential race, each track's key being the logarithm
    /// of an exponential arrival time over its weight, the earliest arrivals chosen
    /// (Efraimidis–Spirakis).
    fn weighted_sample(
        &self,
        rng: &mut StreamRng,
        percentile: f64,
        count: usize,
        scratch: &mut Scratch,
    ) {
        let curvature = 0.5 / (self.spread * self.spread);
        let keyed = &mut scratch.keyed;
        keyed.clear();
        let bucket = self.bucket;
        for (position, &track) in self.tracks.iter().enumerate() {
            let gap = 1.0 - bucket.slice_middle[position] - percentile;
            let key = gap * gap * curvature - bucket.ln_width[position] + log_exponential(rng);
            // Key ascending, then track ascending, as one integer.
            keyed.push(u64::from(ascending_key32(key as f32)) << 32 | u64::from(track));
        }
        // The keys with the track as tie-break are a total order, so selecting the best
        // `count` and sorting only them gives the same tracks in the same order as a full
        // sort.
        if count < keyed.len() {
            keyed.select_nth_unstable(count);
            keyed.truncate(count);
        }
        keyed.sort_unstable();
        scratch.chosen.extend(keyed.iter().map(|&key| key as u32));
    }
}

/// Whether the position's bit is clear.
#[inline(always)]
fn is_free(taken: &[u64], position: usize) -> bool {
    taken[position / 64] >> (position % 64) & 1 == 0
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
    fn a_bucket_gives_each_track_a_slice_as_wide_as_its_share_of_positions() {
        // Sizes 1, 3 and 4 of 8 positions: slices [0, 1/8), [1/8, 1/2), [1/2, 1].
        let bucket = Bucket::new(vec![7, 8, 9], |track| [1, 3, 4][track as usize - 7]);
        let at = |x: f64| bucket.position_at(x);
        assert_eq!(
            [at(0.0), at(0.12), at(0.13), at(0.49), at(0.5), at(1.0)],
            [0, 0, 1, 1, 2, 2]
        );
        assert!((bucket.slice_middle[1] - 0.3125).abs() < 1e-12);
        assert!((bucket.ln_width[2] - 0.5f64.ln()).abs() < 1e-12);
        // Every lookup step agrees with a scan from the start.
        for step in 0..1000 {
            let x = step as f64 / 1000.0;
            let scan = bucket
                .slice_end
                .iter()
                .position(|&end| end > x)
                .unwrap_or(2);
            assert_eq!(at(x), scan, "{x}");
        }
    }

    #[test]
    fn choosing_never_repeats_a_track_and_stops_at_the_bucket() {
        let bucket = Bucket::new((0..10).collect(), |track| 1 + track % 3);
        let chooser = Chooser {
            bucket: &bucket,
            tracks: &bucket.tracks,
            spread: 0.25,
        };
        let mut rng = StreamRng::seed_from_u64(3);
        for count in [1, 2, 3, 4, 9, 10, 30] {
            let mut scratch = Scratch::default();
            scratch.reset(0, 10);
            chooser.choose(&mut rng, 0.5, count, &mut scratch);
            let mut chosen = scratch.chosen.clone();
            chosen.sort_unstable();
            chosen.dedup();
            assert_eq!(chosen.len(), scratch.chosen.len(), "count {count}");
            assert_eq!(chosen.len(), count.min(10), "count {count}");
        }
    }
}
