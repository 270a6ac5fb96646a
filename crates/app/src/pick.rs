//! Smart Pick as a use case: building the chance model of the current catalog from the
//! calibration, and one profile's full report (the pick and the improvement plan) with what
//! the reader needs to weigh it (the catalog's label and the model's measured error).

use calibration::CalibrationFile;
use catalog::Catalog;
use serde::Serialize;
use smart_pick::{ChanceModel, Improvement, Pick, Profile};

use crate::CurrentCatalog;
use crate::error::AppError;

/// Seasons simulated to survey every track's cutoffs when a model is built.
pub const SURVEY_SEASONS: u32 = 16;
/// Seed of the survey's seasons (the same catalog and calibration give the same model).
pub const SURVEY_SEED: u64 = 2026;

/// Builds the chance model of a catalog with a calibration; `on_done` is called per surveyed
/// season (the survey is most of the time: about a second for the full catalog on two cores).
pub fn build_model(
    catalog: Catalog,
    calibration: &CalibrationFile,
    on_done: impl Fn(u32) + Sync,
) -> ChanceModel {
    ChanceModel::survey_and_build(
        catalog,
        calibration.parameters.clone(),
        SURVEY_SEED,
        SURVEY_SEASONS,
        on_done,
    )
    .0
}

/// The key under which a version's cutoff survey is cached: the survey's settings, a digest
/// of the calibrated parameters and a digest of how this build's simulator behaves with them,
/// so that another calibration, survey setting or simulator never reads a stale survey.
pub fn survey_cache_key(calibration: &CalibrationFile) -> String {
    let parameters = fnv1a(&toml::to_string(&calibration.parameters).unwrap_or_default());
    let behaviour = simulator_fingerprint(&calibration.parameters);
    format!(
        "cutoff-survey/v1/seed-{SURVEY_SEED}/seasons-{SURVEY_SEASONS}/{parameters:016x}/{behaviour:016x}"
    )
}

/// A digest of the simulator's behaviour: every tally of one season of a small fixed market
/// (the demo catalog's Neurology) with these parameters. Any change to how seasons are
/// simulated changes it, so a survey saved by an earlier build is simulated again.
fn simulator_fingerprint(parameters: &market::BehaviourParameters) -> u64 {
    let catalog = demo_catalog::generate_with(&demo_catalog::DemoOptions {
        seed: SURVEY_SEED,
        only_specialties: Some(vec![
            catalog::SpecialtyCode::parse("180").expect("a specialty code"),
        ]),
    });
    let setup = market::SeasonSetup::from_catalog(&catalog);
    let outcomes = market::simulate_season(&setup, parameters, SURVEY_SEED, 0);
    fnv1a(&format!("{outcomes:?}"))
}

/// FNV-1a of a text: a stable digest (the standard library's hasher may change between
/// releases).
fn fnv1a(text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// The chance model of the current catalog: the cutoff survey is read from the store when a
/// previous run saved it for this version and calibration, and otherwise simulated
/// (`on_done` is called per season) and saved for the next run and for other servers.
pub async fn load_model(
    store: &store::Store,
    current: CurrentCatalog,
    calibration: &CalibrationFile,
    now_epoch_seconds: i64,
    on_done: impl Fn(u32) + Sync,
) -> Result<ChanceModel, AppError> {
    let key = survey_cache_key(calibration);
    let version = current.version.id;
    if let Some(payload) = store.load_cached(version, &key).await?
        && let Ok(survey) = serde_json::from_str::<market::CutoffSurvey>(&payload)
        && let Ok(model) = ChanceModel::new(
            current.catalog.clone(),
            calibration.parameters.clone(),
            &survey,
        )
    {
        return Ok(model);
    }
    let (model, survey) = ChanceModel::survey_and_build(
        current.catalog,
        calibration.parameters.clone(),
        SURVEY_SEED,
        SURVEY_SEASONS,
        on_done,
    );
    let payload = serde_json::to_string(&survey)
        .map_err(|_| AppError::Unexpected("the cutoff survey cannot be written as JSON"))?;
    store
        .save_cached(version, &key, &payload, now_epoch_seconds)
        .await?;
    Ok(model)
}

/// What the reader needs to weigh the numbers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelNote {
    /// The catalog's label.
    pub catalog: String,
    /// Whether the catalog is fictional (the demo).
    pub fictional: bool,
    /// The calibration's date.
    pub calibration_date: String,
    /// Mean absolute error, in percentage points, of the calibrated model on published
    /// outcomes it was fitted to.
    pub fitted_error_points: f64,
    /// The same on published outcomes held out of the fit: how far to trust a new number.
    pub held_out_error_points: f64,
    /// Seasons the cutoffs were surveyed over.
    pub survey_seasons: u32,
}

/// One profile's report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PickReport {
    /// The model behind the numbers.
    pub model: ModelNote,
    /// The pick.
    pub pick: Pick,
    /// The improvement plan.
    pub plan: Vec<Improvement>,
}

/// Runs Smart Pick and the improvement plan for a profile.
pub fn pick_report(
    model: &ChanceModel,
    calibration: &CalibrationFile,
    profile: &Profile,
) -> Result<PickReport, AppError> {
    let pick = model
        .pick(profile)
        .map_err(|error| AppError::Input(error.to_string()))?;
    let plan = model
        .improvement_plan(profile, pick.p_match)
        .map_err(|error| AppError::Input(error.to_string()))?;
    Ok(PickReport {
        model: model_note(model, calibration),
        pick,
        plan,
    })
}

/// The note on the model behind the numbers.
pub fn model_note(model: &ChanceModel, calibration: &CalibrationFile) -> ModelNote {
    let meta = &model.catalog().meta;
    ModelNote {
        catalog: meta.label.clone(),
        fictional: meta.fictional,
        calibration_date: calibration.date.clone(),
        fitted_error_points: calibration.summary.fitted_mae,
        held_out_error_points: calibration.summary.held_out_mae,
        survey_seasons: model.survey_seasons(),
    }
}

/// Interview yields against applicants' own reports (see [`smart_pick::reported`]), with the
/// gold signal's screening bonus fitted to the published odds ratio: the model of `catalog`
/// with `calibration` gives each reported applicant the expected offers of as many
/// applications chosen the way simulated applicants choose them. Returns the comparison and
/// the fitted bonus.
pub fn interview_yields(
    catalog: Catalog,
    calibration: &CalibrationFile,
    reports: &[u8],
    source: &str,
) -> Result<(calibration::InterviewYields, f64), AppError> {
    let reported = smart_pick::reported::read_self_reported(reports)
        .map_err(|error| AppError::Input(format!("{source}: {error}")))?;
    let model = build_model(catalog, calibration, |_| {});
    let offers_of = |bonus: f64| -> Vec<Option<smart_pick::TypicalOffers>> {
        reported
            .applicants
            .iter()
            .map(|applicant| {
                model
                    .typical_offers(&applicant.profile, applicant.applications, bonus)
                    .ok()
            })
            .collect()
    };
    let pooled = |offers: &[Option<smart_pick::TypicalOffers>]| {
        let mut total = smart_pick::TypicalOffers::default();
        for one in offers.iter().flatten() {
            total.add(one);
        }
        total
    };
    let bonus = fit_signal_bonus(|bonus| pooled(&offers_of(bonus)).signal_odds_ratio());
    let offers = offers_of(bonus);
    let mut records = Vec::with_capacity(offers.len());
    let mut skipped = reported.skipped.len() as u32;
    for (applicant, offers) in reported.applicants.iter().zip(&offers) {
        match offers {
            Some(offers) => records.push(calibration::YieldRecord {
                groups: applicant.groups.clone(),
                reported: f64::from(applicant.interviews) / f64::from(applicant.applications),
                predicted: offers.offers / f64::from(applicant.applications),
            }),
            None => skipped += 1,
        }
    }
    let mut yields = calibration::InterviewYields::of(
        source,
        &records,
        skipped,
        &smart_pick::reported::YIELD_GROUPS,
    );
    yields.signal_odds_ratio = pooled(&offers).signal_odds_ratio();
    Ok((yields, bonus))
}

/// The gold signal's screening bonus at which the model's odds ratio of an interview with a
/// signal equals the published Internal Medicine figure (the reports are of Internal Medicine
/// applicants), by bisection; the odds ratio rises with the bonus.
fn fit_signal_bonus(odds_ratio: impl Fn(f64) -> Option<f64>) -> f64 {
    let target = targets::SignalOddsRatio::find("Internal Medicine")
        .map_or(3.0, |row| (row.low + row.high) / 2.0);
    let (mut low, mut high) = (0.0, 4.0);
    for _ in 0..20 {
        let middle = (low + high) / 2.0;
        match odds_ratio(middle) {
            Some(ratio) if ratio < target => low = middle,
            Some(_) => high = middle,
            None => return market::assumptions::SIGNAL_GOLD_BONUS,
        }
    }
    (low + high) / 2.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_survey_key_follows_the_parameters_and_the_simulators_behaviour() {
        let calibration = crate::model::load_calibration(None).unwrap();
        let key = survey_cache_key(&calibration);
        assert_eq!(key, survey_cache_key(&calibration), "the key is stable");
        let mut other = calibration.clone();
        other.parameters.interview_offer_noise_sd += 0.25;
        let other_key = survey_cache_key(&other);
        assert_ne!(key, other_key);
        // The last part is the simulator's: other parameters make it behave otherwise too.
        assert_ne!(key.rsplit('/').next(), other_key.rsplit('/').next());
    }

    #[test]
    fn the_signal_bonus_is_fitted_to_the_published_internal_medicine_odds_ratio() {
        // A model whose odds ratio is e^bonus is fitted at ln 2.95.
        let bonus = fit_signal_bonus(|bonus| Some(bonus.exp()));
        assert!((bonus - 2.95f64.ln()).abs() < 1e-4, "{bonus}");
        // Without programs taking signals there is nothing to fit.
        assert_eq!(
            fit_signal_bonus(|_| None),
            market::assumptions::SIGNAL_GOLD_BONUS
        );
    }

    #[test]
    fn reported_yields_are_compared_on_a_catalog() {
        let catalog = demo_catalog::generate(crate::DEMO_SEED);
        let calibration = crate::model::load_calibration(None).unwrap();
        let reports = "graduateType,medicalDegree,step2Score,yearOfGraduation,monthsOfUSCE,\
                       ecfmgCertified,visaRequired,numApplications,numInterviews\n\
                       US,US MD,250,,,,,40,14\n\
                       US,US MD,232,,,,,60,9\n\
                       IMG,,246,2021,4,Certified,Yes,150,5\n\
                       IMG,,,2021,4,Certified,Yes,150,5\n";
        let (yields, bonus) =
            interview_yields(catalog, &calibration, reports.as_bytes(), "a test file").unwrap();
        assert_eq!((yields.applicants, yields.skipped), (3, 1));
        assert_eq!(yields.groups[0].group, "US MD senior");
        assert_eq!(yields.groups[0].applicants, 2);
        assert!(yields.groups.iter().all(|g| g.predicted_median_pct > 0.0));
        assert!(bonus > 0.0);
        let ratio = yields.signal_odds_ratio.unwrap();
        assert!((ratio - 2.95).abs() < 0.01, "{ratio}");
    }
}
