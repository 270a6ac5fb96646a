//! The command line: every command, its flags and help, and what each one does.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use app::FirstCatalog;
use app::{ImportKind, ImportOptions, Shrink};
use catalog::{
    Catalog, CensusRegion, Program, ProgramId, ProgramQuery, ProgramType, SpecialtyCode, UsState,
    VisaFilter,
};
use catalog_import::InvalidRows;
use catalog_import::format::CatalogFileFormat;
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use store::{Store, VersionSummary};

use crate::output::{UserError, shorten, write_table};

/// Residency Advisor: find US residency programs, and decide where to apply, signal and rank.
///
/// Without any database set up, commands use the real programs of the embedded NRMP track list
/// (2024-03-15, sizes estimated), stored on first use in your data directory; `--demo` starts a
/// new database with the fictional demo catalog instead.
#[derive(Debug, Parser)]
#[command(name = "residency-advisor", version, about, long_about = None)]
pub struct Cli {
    /// Where the catalog lives: sqlite://PATH or postgres://USER@HOST:PORT/DATABASE
    /// [default: sqlite file in your data directory]
    #[arg(
        long,
        global = true,
        env = "RESIDENCY_ADVISOR_DATABASE_URL",
        value_name = "URL",
        hide_env_values = true
    )]
    database: Option<String>,

    /// A TOML configuration file (database_url, and a `[serve]` table; see docs/configuration.md)
    /// [default: ~/.config/residency-advisor/config.toml if present]
    #[arg(
        long,
        global = true,
        env = "RESIDENCY_ADVISOR_CONFIG",
        value_name = "FILE"
    )]
    config: Option<PathBuf>,

    /// Start a new database with the fictional demo catalog instead of the real programs of
    /// the NRMP track list, for trying the tool out, tests and simulation studies (a database
    /// that already holds a catalog keeps it)
    #[arg(
        long,
        global = true,
        env = "RESIDENCY_ADVISOR_DEMO",
        value_parser = clap::builder::BoolishValueParser::new()
    )]
    demo: bool,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Search residency programs in the current catalog.
    ///
    /// Filters combine: a program must satisfy all of them. A filter on an attribute keeps only
    /// programs whose value is known to satisfy it (a program with unknown visa sponsorship is
    /// not listed by --visa).
    ///
    /// Example: residency-advisor programs --specialty 140 --state NY --visa h1b
    Programs(ProgramsArgs),
    /// Import a data file into a new catalog version, which becomes current.
    ///
    /// The import is all-or-nothing: one invalid row refuses the whole file (every bad row is
    /// listed with its line and column) and the current catalog stays as it was, unless
    /// --skip-invalid is given. An import that would leave no programs is refused, and so is
    /// one that would lose more than half of a real catalog's programs or tracks, unless
    /// --force is given.
    ///
    /// FREIDA and NRMP track imports are joined: importing one keeps the other from the current
    /// catalog, and a join report says how many programs were linked to their NRMP tracks.
    Import(ImportArgs),
    /// Write the current catalog in the catalog's own format (JSON or CSV), which
    /// `import catalog` reads back unchanged.
    Export(ExportArgs),
    /// Show the current catalog: its version, counts and last join report.
    Catalog(CatalogArgs),
    /// Simulate Match seasons of the current catalog's market and print the outcomes.
    ///
    /// Applicants are generated from published figures and behave as the calibrated model
    /// says (the committed calibration file is built in). With --profile, one applicant of
    /// your description is inserted into every season and their match frequency and
    /// interviews are reported.
    Simulate(SimulateArgs),
    /// Fit the market model's behavioural parameters to the published Match outcomes.
    ///
    /// Writes the calibration file and a report of every target, the simulated value and the
    /// error, with the held-out targets apart. --check instead re-simulates an existing file
    /// and prints its report.
    Calibrate(CalibrateArgs),
    /// Serve the web application: the program explorer, program pages, comparison, fee
    /// calculator, methodology and the JSON API under /api/v1, on the current catalog.
    ///
    /// A new current catalog version (after an import through any server's API or the command
    /// line, or a switch with `catalog --use`) is served within --reload-seconds, without a
    /// restart. Stop it with Ctrl-C.
    ///
    /// Example: residency-advisor serve --bind 127.0.0.1:8080
    Serve(ServeArgs),
    /// Run the NRMP matching algorithm on a market given as JSON and print the matching as JSON.
    ///
    /// Input: {"programs": [{"id": "P1", "quota": 2, "rank": ["A1"]}], "applicants": [{"id": "A1",
    /// "rank": ["P1"]}], "couples": [{"ids": ["A7", "A8"], "rank": [["P1", "P2"], ["P1", null]]}]}
    Match(MatchArgs),
    /// Smart Pick: the programs to apply to, your chances, where to signal, and what would
    /// help most, from your profile.
    ///
    /// The profile is a TOML file (or JSON when its name ends in .json); see
    /// examples/profiles/ for a US MD senior, a US DO senior, a US-citizen IMG and a non-US IMG
    /// needing a visa. With --rank, the tracks that interviewed you, in your rank order, are
    /// checked instead. With --batch, a CSV file of profiles (one per row) is run and the
    /// results are written to --out.
    ///
    /// Example: residency-advisor pick examples/profiles/non-us-img.toml
    Pick(crate::pick::PickArgs),
}

#[derive(Debug, Args)]
struct ProgramsArgs {
    /// Specialty, by code (140) or name ("internal medicine")
    #[arg(long, short = 's')]
    specialty: Option<String>,
    /// State postal code; repeat for several (--state NY --state NJ)
    #[arg(long = "state", value_name = "STATE")]
    states: Vec<String>,
    /// Census region: northeast, midwest, south, west or territories; repeatable
    #[arg(long = "region", value_name = "REGION")]
    regions: Vec<String>,
    /// Only programs known to sponsor this visa: j1, h1b or any
    #[arg(long)]
    visa: Option<String>,
    /// Program type: university, community-affiliated, community, military or other
    #[arg(long = "program-type", value_name = "TYPE")]
    program_type: Option<String>,
    /// Only programs with at least this many first-year positions
    #[arg(long = "min-positions", value_name = "N")]
    min_positions: Option<u16>,
    /// Only programs whose residents are at least this percent IMGs
    #[arg(long = "min-img-share", value_name = "PERCENT")]
    min_img_share: Option<f64>,
    /// Words that must all appear in the program's name, institution or city
    #[arg(long, short = 't')]
    text: Option<String>,
    /// Show at most N programs (0 for all) [default: 50 for the table, all for --json and --csv]
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
    #[command(flatten)]
    output: OutputFormatArgs,
}

#[derive(Debug, Args)]
struct OutputFormatArgs {
    /// Print JSON
    #[arg(long, conflicts_with = "csv")]
    json: bool,
    /// Print CSV
    #[arg(long)]
    csv: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ImportKindArg {
    /// The FREIDA-style program CSV (ACGME ids, sizes, resident mix, visas)
    Freida,
    /// The NRMP program-track list (NRMP codes, institutions, track types)
    NrmpTracks,
    /// The NRMP Program Results (Program Code, and YYYY Quota / YYYY Matched per year):
    /// track sizes and fill history, applied to the current catalog
    NrmpResults,
    /// The catalog's own format, .json or .csv (see docs/catalog-format.md)
    Catalog,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    /// JSON document
    Json,
    /// CSV fact table
    Csv,
}

impl From<FormatArg> for CatalogFileFormat {
    fn from(format: FormatArg) -> Self {
        match format {
            FormatArg::Json => CatalogFileFormat::Json,
            FormatArg::Csv => CatalogFileFormat::Csv,
        }
    }
}

#[derive(Debug, Args)]
struct ImportArgs {
    /// What kind of file
    #[arg(value_enum)]
    kind: ImportKindArg,
    /// The file to read
    file: PathBuf,
    /// Skip invalid rows (each one is listed) instead of refusing the file
    #[arg(long)]
    skip_invalid: bool,
    /// Import even if the catalog would lose more than half of its programs or tracks (an
    /// import that would leave no programs is refused all the same)
    #[arg(long)]
    force: bool,
    /// The date the NRMP track list describes, YYYY-MM-DD [default: today]
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    /// The catalog file's format [default: from the file extension]
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
}

#[derive(Debug, Args)]
struct ExportArgs {
    /// Output format [default: from --out's extension, else json]
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
    /// Write to this file instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    out: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct CatalogArgs {
    /// Per-specialty programs and positions beside the NRMP 2025 figures
    #[arg(long, conflicts_with_all = ["versions", "use_version"])]
    summary: bool,
    /// List every stored catalog version
    #[arg(long, conflicts_with = "use_version")]
    versions: bool,
    /// Make a stored version current again (e.g. to undo an import)
    #[arg(long = "use", value_name = "VERSION")]
    use_version: Option<i64>,
    /// Print JSON
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct SimulateArgs {
    /// Number of seasons
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    seasons: u32,
    /// Random seed (the same seed gives the same outcomes)
    #[arg(long, default_value_t = 2025)]
    seed: u64,
    /// An applicant to follow, as TOML (applicant type, specialty, Step 2 CK, USCE, years since
    /// graduation, visa need, applications); see examples/simulate-profile.toml
    #[arg(long, value_name = "FILE")]
    profile: Option<PathBuf>,
    /// A calibration file [default: the one built in]
    #[arg(long, value_name = "FILE")]
    calibration: Option<PathBuf>,
    /// Print JSON
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct CalibrateArgs {
    /// Where to write the calibration file
    #[arg(
        long,
        default_value = "calibration/calibration-v1.toml",
        value_name = "FILE"
    )]
    out: PathBuf,
    /// Where to write the report
    #[arg(long, default_value = "calibration/report.md", value_name = "FILE")]
    report: PathBuf,
    /// Seed of the fit's seasons
    #[arg(long, default_value_t = 2025)]
    seed: u64,
    /// Seasons simulated per evaluation of the fit
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u32).range(1..=1000))]
    seasons_per_evaluation: u32,
    /// Most evaluations (bounds the time)
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    max_evaluations: u32,
    /// Seasons of the final simulation the report is made from
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    report_seasons: u32,
    /// Re-simulate this calibration file and print its report instead of fitting
    #[arg(long, value_name = "FILE", conflicts_with_all = ["out", "report", "start"])]
    check: Option<PathBuf>,
    /// Start the fit from this calibration file's parameters instead of the model's defaults
    /// (e.g. to refit after a change to the simulator); the file records where it started
    #[arg(long, value_name = "FILE")]
    start: Option<PathBuf>,
    /// Compare the model's interview yields with applicants' own reports in this CSV file
    /// (one Internal Medicine season, e.g.
    /// ../shared/data/real/im_applicants_selfreported_2024_half_a.csv); the comparison goes
    /// into the calibration file and its report
    #[arg(long, value_name = "FILE")]
    yields: Option<PathBuf>,
}

/// The server's flags. Each may also be given by its environment variable or in the
/// configuration file's `[serve]` table; the admin token only by `RESIDENCY_ADVISOR_ADMIN_TOKEN`
/// or the file, never a flag (other users of the machine can read command lines).
#[derive(Debug, Args)]
struct ServeArgs {
    /// The address and port to listen on (port 0 picks a free one) [default: 127.0.0.1:8080]
    #[arg(long, env = "RESIDENCY_ADVISOR_BIND", value_name = "ADDRESS:PORT")]
    bind: Option<std::net::SocketAddr>,
    /// Days a shared result is kept before it is deleted [default: 30]
    #[arg(
        long,
        env = "RESIDENCY_ADVISOR_SHARE_RETENTION_DAYS",
        value_name = "DAYS"
    )]
    share_retention_days: Option<u32>,
    /// Smart Pick, rank list and sharing requests each client may make per minute [default: 60]
    #[arg(long, env = "RESIDENCY_ADVISOR_EXPENSIVE_PER_MINUTE", value_name = "N")]
    expensive_per_minute: Option<u32>,
    /// How many of those requests a client may make at once [default: 20]
    #[arg(long, env = "RESIDENCY_ADVISOR_EXPENSIVE_BURST", value_name = "N")]
    expensive_burst: Option<u32>,
    /// Seconds between looks for a new current catalog in the store [default: 5]
    #[arg(long, env = "RESIDENCY_ADVISOR_RELOAD_SECONDS", value_name = "SECONDS")]
    reload_seconds: Option<u64>,
    /// Log lines as text or json [default: text]
    #[arg(long, env = "RESIDENCY_ADVISOR_LOG_FORMAT", value_name = "FORMAT")]
    log_format: Option<app::config::LogFormat>,
    /// Reverse proxies whose Forwarded / X-Forwarded-For headers name the client, for the
    /// per-client limits: comma-separated addresses or networks (e.g. 127.0.0.1,10.0.0.0/8)
    /// [default: none, the peer address is the client]
    #[arg(long, env = "RESIDENCY_ADVISOR_TRUSTED_PROXIES", value_name = "LIST")]
    trusted_proxies: Option<String>,
}

/// The environment variable holding the admin token.
const ADMIN_TOKEN_VARIABLE: &str = "RESIDENCY_ADVISOR_ADMIN_TOKEN";

impl Cli {
    /// The environment variables and flags, for `app::config::resolve`.
    fn overrides(&self) -> app::config::Overrides {
        let mut overrides = app::config::Overrides {
            database_url: self.database.clone(),
            admin_token: std::env::var(ADMIN_TOKEN_VARIABLE)
                .ok()
                .filter(|token| !token.is_empty())
                .map(app::config::Secret::new),
            ..app::config::Overrides::default()
        };
        if let Command::Serve(args) = &self.command {
            overrides.bind = args.bind;
            overrides.share_retention_days = args.share_retention_days;
            overrides.expensive_per_minute = args.expensive_per_minute;
            overrides.expensive_burst = args.expensive_burst;
            overrides.reload_seconds = args.reload_seconds;
            overrides.log_format = args.log_format;
            overrides.trusted_proxies = args.trusted_proxies.clone();
        }
        overrides
    }
}

#[derive(Debug, Args)]
struct MatchArgs {
    /// The market file (JSON)
    market: PathBuf,
}

/// Runs a parsed command line.
pub async fn run(cli: Cli) -> Result<()> {
    if let Command::Match(args) = &cli.command {
        // The match engine needs no catalog, so no database is opened.
        return run_match(args);
    }
    let config = app::config::resolve(cli.config.as_deref(), cli.overrides())?;
    let store = Store::open(&config.database_url).await?;
    let first = if cli.demo {
        FirstCatalog::Demo
    } else {
        FirstCatalog::Real
    };
    let result = match cli.command {
        Command::Programs(args) => run_programs(&store, first, args).await,
        Command::Import(args) => run_import(&store, first, args).await,
        Command::Export(args) => run_export(&store, first, args).await,
        Command::Catalog(args) => run_catalog(&store, first, args).await,
        Command::Simulate(args) => run_simulate(&store, first, args).await,
        Command::Calibrate(args) => run_calibrate(&store, first, args).await,
        Command::Pick(args) => crate::pick::run_pick(&store, first, args).await,
        Command::Serve(_) => run_serve(&store, first, &config.serve).await,
        Command::Match(_) => unreachable!("handled above"),
    };
    store.close().await;
    result
}

async fn run_serve(
    store: &Store,
    first: FirstCatalog,
    config: &app::config::ServeConfig,
) -> Result<()> {
    crate::logging::init(config.log_format);
    let current = app::current_catalog(store, first, now()).await?;
    let label = current.catalog.meta.label.clone();
    let fictional = current.catalog.meta.fictional;
    eprintln_progress("Preparing Smart Pick's chance model of the catalog...");
    let version = current.version.id;
    let calibration = web::embedded_calibration();
    let model = app::pick::load_model(store, current, &calibration, now(), |_| {}).await?;
    let state = web::AppState::with_model(model, calibration, version);
    let settings = web::Settings::from_config(config, web::Clock::new(now));
    let site = web::Site::new(state, Some(store.clone()), settings);
    let listener = tokio::net::TcpListener::bind(config.bind)
        .await
        .map_err(|error| {
            UserError(format!(
                "--bind {}: cannot listen there: {error}",
                config.bind
            ))
        })?;
    let address = listener.local_addr()?;
    {
        let mut out = io::stdout().lock();
        writeln!(out, "Serving on http://{address}/ (Ctrl-C to stop)")?;
        writeln!(out, "Catalog: {label}")?;
        if fictional {
            writeln!(
                out,
                "Every program in it is fictional, generated for demonstration."
            )?;
        }
        out.flush()?;
    }
    tracing::info!(
        %address,
        catalog_version = version,
        config = ?config,
        "serving"
    );
    let housekeeping = tokio::spawn(housekeeping(site.clone(), config.reload_interval));
    let served = web::serve(listener, site, shutdown_signal()).await;
    housekeeping.abort();
    tracing::info!("stopped after finishing the requests in flight");
    served.context("the web server stopped with an error")?;
    Ok(())
}

/// Resolves on Ctrl-C (SIGINT) or SIGTERM, whichever comes first; the server then stops
/// accepting connections and finishes the requests in flight.
async fn shutdown_signal() {
    let interrupt = async {
        // If a handler cannot be installed, that signal is simply not awaited.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => tracing::info!("interrupted; finishing the requests in flight"),
        () = terminate => tracing::info!("asked to stop; finishing the requests in flight"),
    }
}

/// Every `interval`: serve the store's current catalog version if another server (or an
/// import) changed it, delete shared profiles past their retention, and forget idle clients'
/// rate limits. A failure is logged and tried again next time: a database that is down for a
/// while costs nothing but fresh data.
async fn housekeeping(site: web::Site, interval: std::time::Duration) {
    let mut ticks = tokio::time::interval(interval);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    ticks.tick().await;
    loop {
        ticks.tick().await;
        match site.reload().await {
            Ok(web::Reload::Switched { from, to }) => {
                tracing::info!(from, to, "now serving a new catalog version");
            }
            Ok(web::Reload::Unchanged(_)) => {}
            Err(error) => {
                tracing::warn!(error = %anyhow::Error::new(error), "could not check for a new catalog version")
            }
        }
        match site.sweep().await {
            Ok(0) => {}
            Ok(deleted) => tracing::info!(deleted, "expired shared profiles deleted"),
            Err(error) => {
                tracing::warn!(error = %anyhow::Error::new(error), "could not delete expired shared profiles")
            }
        }
    }
}

/// A progress message on standard error, which the data on standard output never mixes with.
fn eprintln_progress(message: &str) {
    let _ = writeln!(io::stderr().lock(), "{message}");
}

pub(crate) fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

async fn run_programs(store: &Store, first: FirstCatalog, args: ProgramsArgs) -> Result<()> {
    let current = app::current_catalog(store, first, now()).await?;
    let catalog = &current.catalog;
    let query = program_query(catalog, &args)?;
    let matching: Vec<&Program> = catalog
        .programs
        .iter()
        .filter(|program| query.matches(program))
        .collect();
    let limit = match args.limit {
        Some(0) => usize::MAX,
        Some(limit) => limit,
        None if args.output.json || args.output.csv => usize::MAX,
        None => 50,
    };
    let shown: Vec<&Program> = matching.iter().take(limit).copied().collect();
    let mut out = io::stdout().lock();
    if args.output.json {
        let document = serde_json::json!({
            "catalog": { "version": current.version.id, "label": catalog.meta.label, "fictional": catalog.meta.fictional },
            "total": matching.len(),
            "programs": shown,
        });
        serde_json::to_writer_pretty(&mut out, &document)?;
        writeln!(out)?;
    } else if args.output.csv {
        write_programs_csv(&mut out, catalog, &shown)?;
    } else {
        if catalog.meta.fictional {
            writeln!(
                out,
                "{}: every program listed is fictional, generated for demonstration.",
                catalog.meta.label
            )?;
        } else {
            writeln!(
                out,
                "{} (catalog version {})",
                catalog.meta.label, current.version.id
            )?;
        }
        // A program whose size no source gives shows the sum of its tracks' sizes, marked ~
        // when any of them is an estimate.
        let mut estimated: HashMap<&ProgramId, (u32, bool)> = HashMap::new();
        for (track, size) in catalog
            .tracks
            .iter()
            .zip(market::sizes::track_sizes(catalog))
        {
            if let Some(program) = &track.program {
                let entry = estimated.entry(program).or_default();
                entry.0 += size.positions;
                entry.1 |= size.basis.is_estimate();
            }
        }
        let rows: Vec<Vec<String>> = shown
            .iter()
            .map(|program| program_row(program, estimated.get(&program.id).copied()))
            .collect();
        let any_estimate = shown.iter().any(|program| {
            program.first_year_positions.get().is_none()
                && estimated
                    .get(&program.id)
                    .is_some_and(|&(_, estimate)| estimate)
        });
        write_table(
            &mut out,
            &[
                "ID", "PROGRAM", "CITY", "ST", "TYPE", "PGY-1", "IMG %", "VISA",
            ],
            &rows,
        )?;
        if matching.len() > shown.len() {
            writeln!(
                out,
                "... {} more; --limit 0 shows all.",
                matching.len() - shown.len()
            )?;
        }
        writeln!(out, "{} program(s) found.", matching.len())?;
        if any_estimate {
            writeln!(
                out,
                "PGY-1 ~N: an estimate (no source gives the size): see `catalog --summary`."
            )?;
        }
    }
    Ok(())
}

fn program_query(catalog: &Catalog, args: &ProgramsArgs) -> Result<ProgramQuery> {
    let specialty = args
        .specialty
        .as_deref()
        .map(|text| specialty_arg(catalog, text))
        .transpose()?;
    let states = args
        .states
        .iter()
        .map(|text| UsState::parse(text).map_err(|error| UserError(format!("--state: {error}"))))
        .collect::<Result<_, _>>()?;
    let regions = args
        .regions
        .iter()
        .map(|text| {
            CensusRegion::parse(text).map_err(|error| UserError(format!("--region: {error}")))
        })
        .collect::<Result<_, _>>()?;
    let visa = args
        .visa
        .as_deref()
        .map(|text| VisaFilter::parse(text).map_err(|error| UserError(format!("--visa: {error}"))))
        .transpose()?;
    let program_type = args
        .program_type
        .as_deref()
        .map(|text| {
            ProgramType::parse(text).map_err(|error| UserError(format!("--program-type: {error}")))
        })
        .transpose()?;
    if let Some(share) = args.min_img_share
        && !(0.0..=100.0).contains(&share)
    {
        return Err(UserError(format!(
            "--min-img-share: expected a percentage from 0 to 100, found {share}"
        ))
        .into());
    }
    Ok(ProgramQuery {
        specialty,
        states,
        regions,
        visa,
        program_type,
        min_positions: args.min_positions,
        min_img_share: args.min_img_share,
        text: args.text.clone(),
    })
}

/// A specialty of the catalog by code, name, NRMP track-list name, short form or a part of its
/// name that identifies one specialty, read by [`catalog::parse_specialty`].
fn specialty_arg(catalog: &Catalog, text: &str) -> Result<SpecialtyCode> {
    match catalog::parse_specialty(text, &catalog.specialties) {
        Ok(code) if catalog.specialty(code).is_some() => Ok(code),
        Ok(code) => Err(UserError(format!(
            "--specialty: the catalog has no specialty {code} ({text:?})"
        ))
        .into()),
        Err(error) => Err(UserError(format!("--specialty: {error}")).into()),
    }
}

fn visa_text(program: &Program) -> String {
    let describe = |fact: &catalog::Fact<bool>, name: &str| match fact.get() {
        Some(true) => Some(name.to_owned()),
        Some(false) => None,
        None => Some(format!("{name}?")),
    };
    let parts: Vec<String> = [
        describe(&program.sponsors_j1, "J-1"),
        describe(&program.sponsors_h1b, "H-1B"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if parts.is_empty() {
        "none".to_owned()
    } else {
        parts.join(" ")
    }
}

fn unknown_or<T: ToString>(value: Option<T>) -> String {
    value
        .map(|value| value.to_string())
        .unwrap_or_else(|| "unknown".to_owned())
}

/// A program as a table row; `tracks` is the sum of its tracks' sizes and whether any is an
/// estimate, shown when no source gives the program's size.
fn program_row(program: &Program, tracks: Option<(u32, bool)>) -> Vec<String> {
    vec![
        program.id.to_string(),
        shorten(&program.name, 48),
        shorten(&unknown_or(program.city.get()), 18),
        unknown_or(program.state.get()),
        unknown_or(program.program_type.get().map(|kind| kind.key())),
        match (program.first_year_positions.get(), tracks) {
            (Some(known), _) => known.to_string(),
            (None, Some((positions, true))) => format!("~{positions}"),
            (None, Some((positions, false))) => positions.to_string(),
            (None, None) => "unknown".to_owned(),
        },
        unknown_or(
            program
                .resident_mix
                .get()
                .map(|mix| format!("{:.0}", mix.img_pct)),
        ),
        visa_text(program),
    ]
}

fn write_programs_csv(
    out: &mut impl Write,
    catalog: &Catalog,
    programs: &[&Program],
) -> Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record([
        "id",
        "acgme_id",
        "name",
        "specialty",
        "city",
        "state",
        "region",
        "program_type",
        "first_year_positions",
        "interviews_per_year",
        "img_pct",
        "sponsors_j1",
        "sponsors_h1b",
        "nrmp_codes",
        "fictional",
    ])?;
    let text = |value: Option<String>| value.unwrap_or_default();
    // One pass over the tracks, rather than a scan of every track per program.
    let mut codes_by_program: HashMap<&ProgramId, Vec<String>> = HashMap::new();
    for track in &catalog.tracks {
        if let Some(program) = &track.program {
            codes_by_program
                .entry(program)
                .or_default()
                .push(track.code.to_string());
        }
    }
    for program in programs {
        let codes = codes_by_program.remove(&program.id).unwrap_or_default();
        writer.write_record([
            program.id.to_string(),
            text(program.acgme_id.get().map(ToString::to_string)),
            program.name.clone(),
            program.specialty.to_string(),
            text(program.city.get().cloned()),
            text(program.state.get().map(ToString::to_string)),
            text(program.region().map(|region| region.name().to_owned())),
            text(program.program_type.get().map(|kind| kind.key().to_owned())),
            text(program.first_year_positions.get().map(ToString::to_string)),
            text(program.interviews_per_year.get().map(ToString::to_string)),
            text(
                program
                    .resident_mix
                    .get()
                    .map(|mix| mix.img_pct.to_string()),
            ),
            text(program.sponsors_j1.get().map(ToString::to_string)),
            text(program.sponsors_h1b.get().map(ToString::to_string)),
            codes.join(" "),
            catalog.meta.fictional.to_string(),
        ])?;
    }
    writer.flush()?;
    Ok(())
}

async fn run_import(store: &Store, first: FirstCatalog, args: ImportArgs) -> Result<()> {
    let bytes = std::fs::read(&args.file)
        .map_err(|error| UserError(format!("cannot read {}: {error}", args.file.display())))?;
    let file_name = args
        .file
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let as_of = match &args.as_of {
        Some(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
            UserError(format!(
                "--as-of: expected a date such as 2024-03-15, found {text:?}"
            ))
        })?,
        None => chrono::Utc::now().date_naive(),
    };
    let kind = match args.kind {
        ImportKindArg::Freida => ImportKind::Freida,
        ImportKindArg::NrmpTracks => ImportKind::NrmpTracks,
        ImportKindArg::NrmpResults => ImportKind::NrmpResults,
        ImportKindArg::Catalog => ImportKind::Catalog,
    };
    let options = ImportOptions {
        invalid_rows: if args.skip_invalid {
            InvalidRows::Skip
        } else {
            InvalidRows::Reject
        },
        shrink: if args.force {
            Shrink::Allow
        } else {
            Shrink::Refuse
        },
        as_of,
        format: args.format.map(Into::into),
    };
    // A first import on a new database starts from the default catalog, so that FREIDA joins
    // the real track list and the version history starts where every other command's does.
    app::ensure_catalog(store, first, now()).await?;
    let summary = app::import_file(store, kind, &bytes, &file_name, options, now()).await?;
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "Imported {} record(s) from {file_name}: catalog version {} is now current ({} programs, {} tracks).",
        summary.records_read,
        summary.version.id,
        summary.version.program_count,
        summary.version.track_count
    )?;
    if let Some(kept) = &summary.kept {
        writeln!(out, "Also {kept}.")?;
    }
    for note in &summary.notes {
        writeln!(out, "Note: {note}")?;
    }
    if !summary.skipped.is_empty() {
        writeln!(out, "Skipped {} invalid row(s):", summary.skipped.len())?;
        for row in &summary.skipped {
            writeln!(out, "  {row}")?;
        }
    }
    if let Some(report) = &summary.join_report {
        writeln!(out, "\n{report}")?;
    }
    Ok(())
}

async fn run_export(store: &Store, first: FirstCatalog, args: ExportArgs) -> Result<()> {
    let format = match (args.format, &args.out) {
        (Some(format), _) => format.into(),
        (None, Some(path)) => CatalogFileFormat::from_file_name(&path.to_string_lossy())
            .unwrap_or(CatalogFileFormat::Json),
        (None, None) => CatalogFileFormat::Json,
    };
    let current = app::current_catalog(store, first, now()).await?;
    let text = app::export_catalog(&current.catalog, format);
    match &args.out {
        Some(path) => write_file_atomically(path, text.as_bytes())?,
        None => io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(())
}

/// Writes a file through a temporary file and a rename, so that a failure never leaves half a
/// file where a complete one was expected.
pub(crate) fn write_file_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let folder = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let temporary = folder.join(format!(
        ".{}.partial",
        path.file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_else(|| "export".to_owned())
    ));
    std::fs::write(&temporary, bytes)
        .with_context(|| format!("cannot write {}", temporary.display()))?;
    std::fs::rename(&temporary, path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

async fn run_catalog(store: &Store, first: FirstCatalog, args: CatalogArgs) -> Result<()> {
    let mut out = io::stdout().lock();
    if let Some(version) = args.use_version {
        store.switch_to(version).await?;
        writeln!(out, "Catalog version {version} is now current.")?;
        return Ok(());
    }
    let current = app::current_catalog(store, first, now()).await?;
    if args.versions {
        let versions = store.versions().await?;
        if args.json {
            serde_json::to_writer_pretty(&mut out, &versions)?;
            writeln!(out)?;
            return Ok(());
        }
        let rows: Vec<Vec<String>> = versions.iter().map(version_row).collect();
        write_table(
            &mut out,
            &[
                "VERSION",
                "CREATED (UTC)",
                "PROGRAMS",
                "TRACKS",
                "LABEL",
                "",
            ],
            &rows,
        )?;
        return Ok(());
    }
    if args.summary {
        let rows = app::specialty_summary(&current.catalog);
        if args.json {
            serde_json::to_writer_pretty(&mut out, &rows)?;
            writeln!(out)?;
            return Ok(());
        }
        writeln!(out, "{}", current.catalog.meta.label)?;
        writeln!(
            out,
            "Per specialty, beside NRMP Results and Data 2025 (PGY-1 positions offered):"
        )?;
        let percent = |value: Option<f64>| {
            value
                .map(|value| format!("{value:+.1}%"))
                .unwrap_or_default()
        };
        let table: Vec<Vec<String>> = rows
            .iter()
            .map(|row| {
                vec![
                    row.specialty.clone(),
                    row.catalog_programs.to_string(),
                    row.target_programs
                        .map(|n| n.to_string())
                        .unwrap_or_else(|| "—".to_owned()),
                    percent(row.programs_difference_pct()),
                    match row.catalog_positions {
                        Some(positions) if row.estimated_positions == positions => {
                            format!("~{positions} (est.)")
                        }
                        Some(positions) if row.estimated_positions > 0 => {
                            format!("~{positions} ({} est.)", row.estimated_positions)
                        }
                        other => unknown_or(other),
                    },
                    row.target_positions
                        .map(|n| n.to_string())
                        .unwrap_or_else(|| "—".to_owned()),
                    percent(row.positions_difference_pct()),
                ]
            })
            .collect();
        write_table(
            &mut out,
            &[
                "SPECIALTY",
                "PROGRAMS",
                "NRMP 2025",
                "DIFF",
                "POSITIONS",
                "NRMP 2025",
                "DIFF",
            ],
            &table,
        )?;
        writeln!(
            out,
            "Rows with an NRMP figure count tracks of that specialty and track type; the others count programs."
        )?;
        let catalog = &current.catalog;
        let sizes = market::sizes::track_sizes(catalog);
        let positions: u64 = sizes.iter().map(|size| u64::from(size.positions)).sum();
        let estimated = sizes.iter().filter(|size| size.basis.is_estimate()).count();
        let totals = targets::NRMP_2025_TOTALS;
        writeln!(
            out,
            "All specialties: {} tracks (NRMP 2025: {}), {positions} positions (NRMP 2025: {}).",
            catalog.tracks.len(),
            totals.program_tracks,
            totals.positions_offered
        )?;
        if estimated > 0 {
            writeln!(
                out,
                "~ marks estimates: {estimated} track(s) have no size in the catalog's sources, so \
                 their positions are the NRMP 2025 totals shared by the breadth of their \
                 institutions."
            )?;
        }
        return Ok(());
    }
    let details = store.version_details(current.version.id).await?;
    if args.json {
        let document = serde_json::json!({
            "version": details.summary,
            "specialties": current.catalog.counts_by_specialty().iter().filter(|(_, counts)| counts.programs > 0).count(),
            "join_report": details.join_report,
            "notes": details.notes,
        });
        serde_json::to_writer_pretty(&mut out, &document)?;
        writeln!(out)?;
        return Ok(());
    }
    let version = &details.summary;
    writeln!(
        out,
        "Catalog version {} (current): {}",
        version.id, version.label
    )?;
    if version.fictional {
        writeln!(
            out,
            "The programs of this catalog are fictional, generated for demonstration."
        )?;
    }
    writeln!(out, "Created {}", created_text(version.created_at))?;
    writeln!(
        out,
        "{} programs, {} tracks",
        version.program_count, version.track_count
    )?;
    for source in &current.catalog.meta.sources {
        writeln!(
            out,
            "Source {}: {} (as of {})",
            source.id, source.description, source.as_of
        )?;
    }
    for note in &details.notes {
        writeln!(out, "Note: {note}")?;
    }
    match details.join_report {
        Some(report) => match serde_json::from_value::<catalog_import::join::JoinReport>(report) {
            Ok(report) => writeln!(out, "\n{report}")?,
            Err(_) => writeln!(out, "The stored join report could not be read.")?,
        },
        None => writeln!(
            out,
            "No join report: this version was not joined from FREIDA and NRMP sources."
        )?,
    }
    Ok(())
}

fn created_text(epoch_seconds: i64) -> String {
    chrono::DateTime::from_timestamp(epoch_seconds, 0)
        .map(|time| time.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|| epoch_seconds.to_string())
}

fn version_row(version: &VersionSummary) -> Vec<String> {
    vec![
        version.id.to_string(),
        created_text(version.created_at),
        version.program_count.to_string(),
        version.track_count.to_string(),
        shorten(&version.label, 60),
        if version.current {
            "current".to_owned()
        } else {
            String::new()
        },
    ]
}

pub(crate) fn progress_bar(length: u64, message: &'static str) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(length);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({eta} left)")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message(message);
    bar
}

pub(crate) fn read_user_file(path: &Path) -> Result<String> {
    std::fs::read_to_string(path)
        .map_err(|error| UserError(format!("cannot read {}: {error}", path.display())).into())
}

async fn run_simulate(store: &Store, first: FirstCatalog, args: SimulateArgs) -> Result<()> {
    let current = app::current_catalog(store, first, now()).await?;
    let calibration_text = args
        .calibration
        .as_deref()
        .map(read_user_file)
        .transpose()?;
    let calibration_name = args
        .calibration
        .as_ref()
        .map(|path| path.display().to_string());
    let calibration =
        app::model::load_calibration(calibration_name.as_deref().zip(calibration_text.as_deref()))?;
    let probe = match &args.profile {
        Some(path) => Some(
            market::ProbeApplicant::from_toml(&read_user_file(path)?)
                .map_err(|error| UserError(format!("{}: {error}", path.display())))?,
        ),
        None => None,
    };
    let bar = progress_bar(u64::from(args.seasons), "Simulating seasons");
    let simulation = app::model::simulate(
        &current.catalog,
        &calibration.parameters,
        args.seed,
        args.seasons,
        probe.as_ref(),
        |_| bar.inc(1),
    )?;
    bar.finish_and_clear();
    let mut out = io::stdout().lock();
    if args.json {
        let document = serde_json::json!({
            "catalog": { "label": current.catalog.meta.label, "fictional": current.catalog.meta.fictional },
            "seasons": args.seasons,
            "seed": args.seed,
            "calibration_date": calibration.date,
            "outcomes": simulation.outcomes,
            "tracks": simulation.tracks,
            "profile": simulation.probe,
        });
        serde_json::to_writer_pretty(&mut out, &document)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(
        out,
        "{} simulated season(s) of {} (seed {}), calibration of {}.\n",
        args.seasons, current.catalog.meta.label, args.seed, calibration.date
    )?;
    writeln!(out, "{}", simulation.outcomes)?;
    let [always, sometimes, never] = simulation.fill_summary();
    writeln!(
        out,
        "\nTracks: {always} filled in every season, {sometimes} in some, {never} in none (--json lists each track's fill rate and matched applicants by type)."
    )?;
    if let Some(probe) = &simulation.probe {
        writeln!(out, "\nYour profile, inserted into every season:\n{probe}")?;
    }
    Ok(())
}

async fn run_calibrate(store: &Store, first: FirstCatalog, args: CalibrateArgs) -> Result<()> {
    let current = app::current_catalog(store, first, now()).await?;
    let mut out = io::stdout().lock();
    if let Some(path) = &args.check {
        let file = app::model::load_calibration(Some((
            &path.display().to_string(),
            &read_user_file(path)?,
        )))?;
        let file = with_yields(&current.catalog, file, args.yields.as_deref())?;
        let (_, report) = app::model::check_calibration(&current.catalog, &file);
        write!(out, "{report}")?;
        return Ok(());
    }
    let start = match &args.start {
        Some(path) => Some(app::model::load_calibration(Some((
            &path.display().to_string(),
            &read_user_file(path)?,
        )))?),
        None => None,
    };
    let mut options = calibration::CalibrationOptions {
        seed: args.seed,
        seasons_per_evaluation: args.seasons_per_evaluation,
        max_evaluations: args.max_evaluations,
        report_seasons: args.report_seasons,
        ..calibration::CalibrationOptions::default()
    };
    if let Some(start) = &start {
        options.start = start.parameters.clone();
    }
    let bar = progress_bar(u64::from(args.max_evaluations), "Fitting");
    let date = chrono::Utc::now().date_naive().to_string();
    let result = app::model::calibrate(
        &current.catalog,
        &options,
        &date,
        start.as_ref(),
        |progress| match progress {
            calibration::CalibrationProgress::Evaluated {
                evaluation,
                best_loss,
                ..
            } => {
                bar.set_position(u64::from(evaluation));
                bar.set_message(if best_loss.is_finite() {
                    "Fitting"
                } else {
                    "Fitting (no value yet)"
                });
            }
            calibration::CalibrationProgress::Reporting => bar.set_message("Simulating the report"),
        },
    );
    bar.finish_and_clear();
    let (file_text, report) = match args.yields.as_deref() {
        Some(yields) => {
            let file =
                app::model::load_calibration(Some(("the new calibration", &result.file_text)))?;
            let file = with_yields(&current.catalog, file, Some(yields))?;
            let report = calibration::write_report(&file, &file.targets);
            (file.to_toml(), report)
        }
        None => (result.file_text, result.report),
    };
    write_file_atomically(&args.out, file_text.as_bytes())?;
    write_file_atomically(&args.report, report.as_bytes())?;
    writeln!(out, "{}", result.result.summary)?;
    writeln!(
        out,
        "Wrote {} and {}.",
        args.out.display(),
        args.report.display()
    )?;
    Ok(())
}

/// The calibration with its interview yields compared with the reports in `yields`, if given,
/// and its signal bonuses fitted to the published odds ratio over the same reports.
fn with_yields(
    catalog: &Catalog,
    mut file: calibration::CalibrationFile,
    yields: Option<&Path>,
) -> Result<calibration::CalibrationFile> {
    if let Some(path) = yields {
        let bytes = std::fs::read(path)
            .map_err(|error| UserError(format!("cannot read {}: {error}", path.display())))?;
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let source = format!("{name} (self-reported Internal Medicine applicants)");
        let (yields, gold) = app::pick::interview_yields(catalog.clone(), &file, &bytes, &source)?;
        file.parameters.signal_gold_bonus = gold;
        file.parameters.signal_silver_bonus = gold * market::assumptions::SIGNAL_SILVER_SHARE;
        file.interview_yields = Some(yields);
    }
    Ok(file)
}

fn run_match(args: &MatchArgs) -> Result<()> {
    let text = std::fs::read_to_string(&args.market)
        .map_err(|error| UserError(format!("cannot read {}: {error}", args.market.display())))?;
    let output = match_engine::json::run_market_json(&text)
        .map_err(|error| UserError(format!("{}: {error}", args.market.display())))?;
    let mut out = io::stdout().lock();
    writeln!(out, "{output}")?;
    Ok(())
}
