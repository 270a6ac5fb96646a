//! Runs the match on a market file and prints the report, standing in for
//! `residency-advisor match MARKET.json` until the command line tool carries it.
//!
//! Usage: `match_json MARKET.json [--timing]`. With `--timing`, the time spent in the match
//! itself (not reading, checking or writing) goes to standard error as `solve_seconds=…`, so
//! that comparisons with other solvers time the same thing.

use std::io::Write as _;
use std::process::ExitCode;
use std::time::Instant;

use match_engine::json::parse_market;
use match_engine::run_match;

fn main() -> ExitCode {
    let mut stderr = std::io::stderr().lock();
    let mut paths = Vec::new();
    let mut timing = false;
    for argument in std::env::args().skip(1) {
        match argument.as_str() {
            "--timing" => timing = true,
            _ => paths.push(argument),
        }
    }
    let [path] = paths.as_slice() else {
        let _ = writeln!(stderr, "usage: match_json MARKET.json [--timing]");
        return ExitCode::from(2);
    };
    let input = match std::fs::read_to_string(path) {
        Ok(input) => input,
        Err(error) => {
            let _ = writeln!(stderr, "cannot read {path}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let parsed = match parse_market(&input) {
        Ok(parsed) => parsed,
        Err(error) => {
            let _ = writeln!(stderr, "{path}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let started = Instant::now();
    let outcome = run_match(&parsed.market);
    let solve_seconds = started.elapsed().as_secs_f64();
    let report = parsed.report(outcome.matching());
    let text = match serde_json::to_string_pretty(&report) {
        Ok(text) => text,
        Err(error) => {
            let _ = writeln!(stderr, "cannot write the report: {error}");
            return ExitCode::FAILURE;
        }
    };
    if timing {
        let _ = writeln!(stderr, "solve_seconds={solve_seconds:.6}");
    }
    let mut stdout = std::io::stdout().lock();
    match writeln!(stdout, "{text}") {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (the reader stopped early) is not the market's fault.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            let _ = writeln!(stderr, "cannot print the report: {error}");
            ExitCode::FAILURE
        }
    }
}
