//! The `pick` command: Smart Pick for one profile (table, JSON or CSV), a rank list check, or
//! a batch of profiles for an advising office.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context, Result};
use app::pick::{PickReport, load_model, model_note, pick_report};
use clap::Args;
use rayon::prelude::*;
use smart_pick::{ChanceModel, Profile, Tier};
use store::Store;

use crate::commands::{now, progress_bar, read_user_file, write_file_atomically};
use crate::output::{UserError, shorten, write_table};

#[derive(Debug, Args)]
pub struct PickArgs {
    /// The profile file: TOML, or JSON when the name ends in .json
    #[arg(value_name = "PROFILE", required_unless_present = "batch")]
    profile: Option<PathBuf>,
    /// Check a rank order list instead: the NRMP codes of the tracks that interviewed you, in
    /// your order, separated by commas
    #[arg(long, value_name = "CODES", conflicts_with = "batch")]
    rank: Option<String>,
    /// Run every profile of a CSV file (one per row; see docs/smart-pick.md for the columns)
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with = "profile",
        requires = "out"
    )]
    batch: Option<PathBuf>,
    /// With --batch: the folder for one JSON result per profile and summary.csv
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Print JSON
    #[arg(long, conflicts_with = "csv")]
    json: bool,
    /// With --json: also list every eligible track's chances (P(interview), P(match) without
    /// signals, tier, main factors), on the list or not
    #[arg(long, requires = "json", conflicts_with_all = ["batch", "rank"])]
    chances: bool,
    /// Print the list as CSV
    #[arg(long)]
    csv: bool,
    /// Also insert the profile with the chosen list into this many simulated seasons and show
    /// how often it matched beside the engine's P(match)
    #[arg(long, value_name = "SEASONS", value_parser = clap::value_parser!(u32).range(1..=100_000), conflicts_with_all = ["batch", "rank"])]
    verify: Option<u32>,
    /// A calibration file [default: the one built in]
    #[arg(long, value_name = "FILE")]
    calibration: Option<PathBuf>,
}

/// Seed of the seasons `--verify` simulates.
const VERIFY_SEED: u64 = 4242;

/// A probability to one decimal, never shown as certain or impossible: a model's chance is
/// an estimate, so the ends read ">99.9%" and "<0.1%".
fn percent(p: f64) -> String {
    if p >= 0.9995 {
        ">99.9%".to_owned()
    } else if p < 0.0005 {
        "<0.1%".to_owned()
    } else {
        format!("{:.1}%", 100.0 * p)
    }
}

pub async fn run_pick(store: &Store, first: app::FirstCatalog, args: PickArgs) -> Result<()> {
    let profile = match &args.profile {
        Some(path) => {
            let text = read_user_file(path)?;
            Some(
                Profile::from_file_text(&path.display().to_string(), &text)
                    .map_err(|error| UserError(format!("{}: {error}", path.display())))?,
            )
        }
        None => None,
    };
    let batch = match &args.batch {
        Some(path) => {
            let bytes = std::fs::read(path)
                .map_err(|e| UserError(format!("cannot read {}: {e}", path.display())))?;
            Some(
                smart_pick::batch::read_batch(&bytes)
                    .map_err(|error| UserError(format!("{}: {error}", path.display())))?,
            )
        }
        None => None,
    };
    let current = app::current_catalog(store, first, now()).await?;
    let calibration = match &args.calibration {
        Some(path) => {
            let text = read_user_file(path)?;
            app::model::load_calibration(Some((&path.display().to_string(), &text)))?
        }
        None => app::model::load_calibration(None)?,
    };
    let bar = progress_bar(
        u64::from(app::pick::SURVEY_SEASONS),
        "Surveying the catalog's market (once per catalog version)",
    );
    let model = load_model(store, current, &calibration, now(), |_| bar.inc(1)).await?;
    bar.finish_and_clear();

    if let Some(rows) = batch {
        let out = args
            .out
            .as_deref()
            .expect("clap requires --out with --batch");
        return run_batch(&model, &calibration, rows, out);
    }
    let profile = profile.expect("clap requires a profile without --batch");
    let mut out = io::stdout().lock();
    if let Some(codes) = &args.rank {
        let codes: Vec<String> = codes.split(',').map(|c| c.trim().to_owned()).collect();
        let check = model
            .check_rank_list(&profile, &codes)
            .map_err(|error| UserError(format!("--rank: {error}")))?;
        if args.json {
            serde_json::to_writer_pretty(&mut out, &check)?;
            writeln!(out)?;
            return Ok(());
        }
        writeln!(
            out,
            "P(match) with this rank order list: {}",
            percent(check.p_match)
        )?;
        let rows: Vec<Vec<String>> = check
            .ranks
            .iter()
            .enumerate()
            .map(|(i, r)| {
                vec![
                    (i + 1).to_string(),
                    r.track.clone(),
                    shorten(&r.name, 48),
                    percent(r.p_match_here),
                    percent(r.p_match_by_here),
                ]
            })
            .collect();
        write_table(
            &mut out,
            &["Rank", "Track", "Program", "Match here", "By here"],
            &rows,
        )?;
        if let Some(rank) = check.most_likely {
            writeln!(out, "\nMost likely to match at rank {rank}.")?;
        }
        for note in &check.notes {
            writeln!(out, "Note: {note}")?;
        }
        return Ok(());
    }
    let report = pick_report(&model, &calibration, &profile)?;
    let verification = match args.verify {
        Some(seasons) => {
            let bar = progress_bar(u64::from(seasons), "Simulating seasons with your list");
            let check = model
                .verify_pick(&profile, &report.pick, VERIFY_SEED, seasons, |_| bar.inc(1))
                .map_err(|error| UserError(error.to_string()))?;
            bar.finish_and_clear();
            Some(check)
        }
        None => None,
    };
    if args.json {
        let mut document = serde_json::to_value(&report)?;
        if let Some(check) = &verification {
            document["verification"] = serde_json::to_value(check)?;
        }
        if args.chances {
            let chances = model
                .program_chances(&profile)
                .map_err(|error| UserError(error.to_string()))?;
            document["chances"] = serde_json::to_value(chances)?;
        }
        serde_json::to_writer_pretty(&mut out, &document)?;
        writeln!(out)?;
    } else if args.csv {
        write_list_csv(&mut out, &report)?;
    } else {
        write_report(&mut out, &report)?;
        if let Some(check) = &verification {
            writeln!(
                out,
                "\nSimulated: over {} seasons with this list and these signals you matched in {} (± {:.1} points); the engine says {}. Interviews: {:.1} simulated, {:.1} expected.",
                check.seasons,
                percent(check.simulated_p_match),
                100.0 * check.standard_error,
                percent(check.engine_p_match),
                check.simulated_interviews,
                check.engine_interviews
            )?;
        }
    }
    Ok(())
}

fn write_list_csv(out: &mut impl Write, report: &PickReport) -> Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record([
        "track",
        "program",
        "institution",
        "city",
        "state",
        "specialty",
        "tier",
        "p_interview",
        "p_match",
        "fit_score",
        "signal",
        "risks",
        "fictional",
    ])?;
    for c in &report.pick.list {
        writer.write_record([
            c.track.as_str(),
            &c.name,
            &c.institution,
            c.city.as_deref().unwrap_or(""),
            c.state.as_deref().unwrap_or(""),
            &c.specialty,
            c.tier.name(),
            &format!("{:.4}", c.p_interview),
            &format!("{:.4}", c.p_match),
            &c.fit_score.to_string(),
            match c.signal {
                Some(market::SignalTier::Gold) => "gold",
                Some(market::SignalTier::Silver) => "silver",
                None => "",
            },
            &c.risks.join("; "),
            if report.model.fictional { "yes" } else { "no" },
        ])?;
    }
    writer.flush()?;
    Ok(())
}

fn write_report(out: &mut impl Write, report: &PickReport) -> Result<()> {
    let pick = &report.pick;
    let model = &report.model;
    if model.fictional {
        writeln!(
            out,
            "Catalog: {} — the programs are fictional.\n",
            model.catalog
        )?;
    } else {
        writeln!(out, "Catalog: {}\n", model.catalog)?;
    }
    writeln!(
        out,
        "P(match) with this list: {} (the model misses published outcomes it was not fitted to by {:.1} points on average)",
        percent(pick.p_match),
        model.held_out_error_points
    )?;
    if pick.weighted {
        writeln!(
            out,
            "Expected worth of the match (1 = a preferred program): {:.3}",
            pick.expected_worth
        )?;
    }
    writeln!(
        out,
        "Applications: {}, ERAS fees ${}, expected interviews {:.1}; {} of {} programs considered can take you.\n",
        pick.list.len(),
        pick.cost_usd,
        pick.expected_interviews,
        pick.eligible,
        pick.considered
    )?;
    writeln!(out, "{}", pick.typical_comparison())?;
    if let Some(line) = pick.diminishing_returns() {
        writeln!(out, "{line}")?;
    }
    writeln!(out)?;
    let rows: Vec<Vec<String>> = pick
        .list
        .iter()
        .enumerate()
        .map(|(i, c)| {
            vec![
                (i + 1).to_string(),
                c.tier.name().to_owned(),
                percent(c.p_interview),
                percent(c.p_match),
                c.fit_score.to_string(),
                match c.signal {
                    Some(market::SignalTier::Gold) => "gold".to_owned(),
                    Some(market::SignalTier::Silver) => "silver".to_owned(),
                    None => String::new(),
                },
                c.track.clone(),
                shorten(&c.name, 44),
                c.state.clone().unwrap_or_default(),
                c.factors
                    .first()
                    .map(|f| format!("{} ({:+.0} pts)", shorten(&f.label, 40), f.effect_points))
                    .unwrap_or_default(),
            ]
        })
        .collect();
    write_table(
        out,
        &[
            "#",
            "Tier",
            "Interview",
            "Match",
            "Fit",
            "Signal",
            "Track",
            "Program",
            "State",
            "Main factor",
        ],
        &rows,
    )?;
    let tiers = [Tier::Reach, Tier::Target, Tier::Likely]
        .map(|t| pick.list.iter().filter(|c| c.tier == t).count());
    writeln!(
        out,
        "\nReach {}, target {}, likely {}.",
        tiers[0], tiers[1], tiers[2]
    )?;

    writeln!(out, "\nP(match) by number of applications:")?;
    for point in pick
        .curve
        .iter()
        .filter(|p| p.applications % 10 == 0 || p.applications as usize == pick.list.len())
    {
        writeln!(
            out,
            "  {:>3} applications  {:>6}  ${}",
            point.applications,
            percent(point.p_match),
            point.cost_usd
        )?;
    }
    for advice in &pick.signals {
        let tiers = if advice.silver_available > 0 {
            format!(
                "{} gold, {} silver",
                advice.gold_available, advice.silver_available
            )
        } else {
            format!("{}", advice.gold_available)
        };
        writeln!(out, "\n{} signals ({tiers}):", advice.specialty_name)?;
        if !advice.gold.is_empty() {
            writeln!(out, "  gold to {}", advice.gold.join(", "))?;
        }
        if !advice.silver.is_empty() {
            writeln!(out, "  silver to {}", advice.silver.join(", "))?;
        }
        writeln!(
            out,
            "  P(match) {} without signals, {} with them.",
            percent(advice.p_match_without),
            percent(advice.p_match_with)
        )?;
        for note in &advice.notes {
            writeln!(out, "  {note}")?;
        }
    }
    if !report.plan.is_empty() {
        writeln!(out, "\nWhat would help most:")?;
        for step in &report.plan {
            writeln!(
                out,
                "  {} → P(match) {} (+{:.1} pts)",
                step.change,
                percent(step.p_match),
                100.0 * step.gain
            )?;
        }
    }
    if !pick.excluded.is_empty() {
        let reasons = pick.excluded_by_reason();
        writeln!(
            out,
            "\n{} programs cannot consider you:",
            pick.excluded.len()
        )?;
        for (reason, count) in reasons.iter().take(8) {
            writeln!(out, "  {count:>4}  {reason}")?;
        }
    }
    for note in &pick.notes {
        writeln!(out, "\nNote: {note}")?;
    }
    Ok(())
}

fn run_batch(
    model: &ChanceModel,
    calibration: &calibration::CalibrationFile,
    rows: Vec<smart_pick::batch::BatchRow>,
    out: &Path,
) -> Result<()> {
    std::fs::create_dir_all(out)
        .map_err(|e| UserError(format!("cannot create {}: {e}", out.display())))?;
    let bar = progress_bar(rows.len() as u64, "Profiles");
    let failed = AtomicUsize::new(0);
    let results: Vec<(String, u64, Result<PickReport, String>)> = rows
        .into_par_iter()
        .map(|row| {
            let result = match row.profile {
                Ok(profile) => pick_report(model, calibration, &profile).map_err(|e| e.to_string()),
                Err(error) => Err(error.to_string()),
            };
            if result.is_err() {
                failed.fetch_add(1, Ordering::Relaxed);
            }
            bar.inc(1);
            (row.id, row.line, result)
        })
        .collect();
    bar.finish_and_clear();
    let mut summary = csv::Writer::from_writer(Vec::new());
    summary.write_record([
        "id",
        "line",
        "status",
        "p_match",
        "applications",
        "cost_usd",
        "expected_interviews",
        "typical_p_match",
        "typical_expected_interviews",
        "error",
    ])?;
    let mut used_names = std::collections::HashSet::new();
    for (id, line, result) in &results {
        match result {
            Ok(report) => {
                let mut name: String = id
                    .chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                            c
                        } else {
                            '_'
                        }
                    })
                    .collect();
                if !used_names.insert(name.clone()) {
                    name = format!("{name}-line{line}");
                    used_names.insert(name.clone());
                }
                let path = out.join(format!("{name}.json"));
                let text = serde_json::to_string_pretty(report)?;
                write_file_atomically(&path, text.as_bytes())
                    .with_context(|| format!("cannot write {}", path.display()))?;
                summary.write_record([
                    id.as_str(),
                    &line.to_string(),
                    "ok",
                    &format!("{:.4}", report.pick.p_match),
                    &report.pick.list.len().to_string(),
                    &report.pick.cost_usd.to_string(),
                    &format!("{:.1}", report.pick.expected_interviews),
                    &format!("{:.4}", report.pick.typical.p_match),
                    &format!("{:.1}", report.pick.typical.expected_interviews),
                    "",
                ])?;
            }
            Err(error) => {
                summary.write_record([
                    id.as_str(),
                    &line.to_string(),
                    "error",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    error,
                ])?;
                let _ = writeln!(io::stderr(), "line {line} ({id}): {error} — skipped");
            }
        }
    }
    let bytes = summary
        .into_inner()
        .map_err(|e| anyhow::anyhow!(e.to_string()))?;
    write_file_atomically(&out.join("summary.csv"), &bytes)?;
    let note = model_note(model, calibration);
    let ok = results.len() - failed.load(Ordering::Relaxed);
    let mut stdout = io::stdout().lock();
    writeln!(
        stdout,
        "{ok} of {} profiles done, {} skipped; results in {} (summary.csv and one JSON file per profile). Catalog: {}{}",
        results.len(),
        results.len() - ok,
        out.display(),
        note.catalog,
        if note.fictional {
            " (fictional programs)"
        } else {
            ""
        }
    )?;
    Ok(())
}
