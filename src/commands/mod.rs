//! The commands: `run` dispatches a parsed command line to one module per subcommand, each of
//! which turns its arguments into library calls and output.

pub mod audit;
pub mod hash;
pub mod init;
pub mod inspect;
pub mod rules;
pub mod serve;
pub mod subject;

use std::io::Write;

use crate::cli;
use crate::error::{Error, Result};

/// What a successful run asks the process to exit with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Passed,
    GateFailed,
}

/// Runs a parsed command line, writing normal output to `out`.
pub fn run(cli: &cli::Cli, out: &mut dyn Write) -> Result<Outcome> {
    if let Some(threads) = cli.threads {
        configure_threads(threads)?;
    }
    match &cli.command {
        cli::Command::Audit(args) => audit::run(args, cli.show_pii, out),
        cli::Command::Inspect(args) => {
            inspect::run(args, cli.show_pii, out).map(|_| Outcome::Passed)
        }
        cli::Command::Hash(args) => hash::run(args, out).map(|_| Outcome::Passed),
        cli::Command::Init(args) => init::run(args, out).map(|_| Outcome::Passed),
        cli::Command::Fingerprint(args) => init::fingerprint(args, out).map(|_| Outcome::Passed),
        cli::Command::Rules(args) => rules::list(args, out).map(|_| Outcome::Passed),
        cli::Command::Rule(args) => rules::show(args, out).map(|_| Outcome::Passed),
        cli::Command::CheckPack(args) => rules::check_pack(args, out).map(|_| Outcome::Passed),
        cli::Command::Subject(command) => {
            subject::run(command, cli.show_pii, out).map(|_| Outcome::Passed)
        }
        cli::Command::Serve(args) => serve::run(args, out).map(|_| Outcome::Passed),
    }
}

fn configure_threads(threads: usize) -> Result<()> {
    if threads == 0 {
        return Err(Error::usage(
            "--threads must be at least 1",
            "omit --threads to use every core",
        ));
    }
    // polars reads its own setting before its pool starts; set it for the whole process.
    std::env::set_var("POLARS_MAX_THREADS", threads.to_string());
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build_global()
        .map_err(|e| {
            Error::usage(
                format!("cannot start {threads} threads: {e}"),
                "use fewer threads",
            )
        })
}

/// A closed pipe (`consentry inspect x.csv | head`) is not an error: stop quietly.
pub fn ignore_broken_pipe(error: std::io::Error) -> Result<()> {
    if error.kind() == std::io::ErrorKind::BrokenPipe {
        Ok(())
    } else {
        Err(Error::io(
            std::path::Path::new("<stdout>"),
            error,
            "check where the output goes",
        ))
    }
}
