//! The `residency-advisor` binary: parse the command line, run it, turn the outcome into an
//! exit code (0 success, 1 a fault, 2 the user's input was wrong).

mod commands;
mod logging;
mod output;
mod pick;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = commands::Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            output::report_error(
                &anyhow::Error::new(error).context("cannot start the async runtime"),
                false,
            );
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(commands::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if output::is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            let user_error = output::is_user_error(&error);
            output::report_error(&error, user_error);
            ExitCode::from(if user_error { 2 } else { 1 })
        }
    }
}
