//! The `consentry` binary: parse arguments, run the library, map errors to exit codes.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match consentry::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // clap prints help and version to stdout with success; real misuse is exit 2.
            let _ = error.print();
            return if error.use_stderr() {
                ExitCode::from(consentry::error::exit::USAGE_OR_INPUT as u8)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match consentry::run(&cli, &mut out) {
        Ok(consentry::Outcome::Passed) => ExitCode::SUCCESS,
        Ok(consentry::Outcome::GateFailed) => {
            ExitCode::from(consentry::error::exit::GATE_FAILED as u8)
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(error.exit_code() as u8)
        }
    }
}
