//! consentry audits contact lists before anyone contacts or imports them.
//!
//! The pipeline flows one way, one module per stage (see `../shared/design.md`):
//!
//! ```text
//! read ──> map columns ──> normalize & enrich ──> evaluate rules ──> decide ──> write
//! input     schema          normalize             (rules, engine)    (decide)   (report, output)
//! ```
//!
//! * [`input`] reads CSV/TSV, JSON, NDJSON, Parquet and XLSX into a text view of every cell,
//!   keeping each original record for the outputs.
//! * [`schema`] gives every column a role (phone, email, consent date, ...) by name and
//!   recognises the exporter that wrote the file.
//! * [`normalize`] holds pure normalizers (text folding today).
//! * [`enrich`] turns mapped columns into facts (contact points, jurisdiction, subject kind,
//!   personal data in free text) and joins consent ledgers, suppression lists and lexicons.
//! * [`rules`] loads and validates the policy packs; [`engine`] evaluates them in one polars
//!   plan over the canonical columns; [`decide`] turns fired rules into decisions.
//! * [`audit`] wires the stages, one part of the list at a time for a large CSV
//!   (`input::stream`), so memory is bounded by the part, not the file; [`report`] tallies the
//!   parts and [`output`] appends them to what people and pipelines read.
//! * [`mask`] masks personal data in everything a person reads.
//! * [`fuzzing`] holds the fuzz targets' bodies, so their corpora replay in `cargo test`.
//! * [`buckets`] is the linear, stable grouping by a small key that deciding and the duplicate
//!   index share.
//!
//! The binary (`main.rs`) only parses arguments and maps [`error::Error`] to exit codes.

pub mod audit;
pub mod buckets;
pub mod cli;
pub mod commands;
pub mod config;
pub mod decide;
pub mod engine;
pub mod enrich;
pub mod error;
pub mod fuzzing;
pub mod input;
pub mod mask;
pub mod normalize;
pub mod output;
pub mod report;
pub mod rules;
pub mod schema;
pub mod waivers;

use std::io::Write;

pub use error::{Error, Result};

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
        cli::Command::Audit(args) => commands::audit::run(args, cli.show_pii, out),
        cli::Command::Inspect(args) => {
            commands::inspect::run(args, cli.show_pii, out).map(|_| Outcome::Passed)
        }
        cli::Command::Hash(args) => commands::hash::run(args, out).map(|_| Outcome::Passed),
        cli::Command::Init(args) => commands::init::run(args, out).map(|_| Outcome::Passed),
        cli::Command::Fingerprint(args) => {
            commands::init::fingerprint(args, out).map(|_| Outcome::Passed)
        }
        cli::Command::Rules(args) => commands::rules::list(args, out).map(|_| Outcome::Passed),
        cli::Command::Rule(args) => commands::rules::show(args, out).map(|_| Outcome::Passed),
        cli::Command::CheckPack(args) => {
            commands::rules::check_pack(args, out).map(|_| Outcome::Passed)
        }
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
