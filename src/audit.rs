//! The audit pipeline, from a file to decisions: read, map, enrich, join, evaluate, decide.
//!
//! This is the one place that wires the stages together; the `audit` command and the tests
//! call it, so what is tested is what runs.

use std::path::{Path, PathBuf};

use crate::decide::{self, RecordDecision};
use crate::engine::{self, Context, Fired};
use crate::enrich::categories::Lexicon;
use crate::enrich::consent::{self, Ledger};
use crate::enrich::provenance::SourceLexicon;
use crate::enrich::suppress::{self, SuppressionList};
use crate::enrich::{self, EnrichOptions, Enriched};
use crate::error::{Error, Result};
use crate::input::{self, Dataset, ReadOptions};
use crate::rules::{Channel, Registry, Rule};
use crate::schema::{self, Exporter, RoleOverride, Schema};

/// What an audit needs besides the input file.
#[derive(Clone, Debug)]
pub struct AuditOptions {
    pub read: ReadOptions,
    pub map: Vec<RoleOverride>,
    pub enrich: EnrichOptions,
    pub channels: Vec<Channel>,
    /// Days since 1970-01-01.
    pub as_of: i32,
    pub consent_files: Vec<PathBuf>,
    pub suppress_files: Vec<crate::cli::SuppressSpec>,
    pub waivers: Vec<crate::waivers::Waiver>,
    /// Key of waiver fingerprints.
    pub fingerprint_key: String,
    /// Stage timings on stderr (the CLI enables them with `--progress` or a terminal).
    pub progress: Progress,
}

/// Stage-by-stage progress on stderr, with elapsed time. Names stages only, never data.
#[derive(Clone, Copy, Debug)]
pub struct Progress {
    enabled: bool,
    start: std::time::Instant,
}

impl Progress {
    /// Progress timed from now; silent unless `enabled`.
    pub fn new(enabled: bool) -> Self {
        Progress {
            enabled,
            start: std::time::Instant::now(),
        }
    }

    /// Prints the elapsed time, the memory in use and its peak so far, and the stage that
    /// starts now.
    pub fn stage(&self, what: &str) {
        if self.enabled {
            let (rss, peak) = memory_mb();
            eprintln!(
                "[{:>7.2}s] {what} (memory {rss} MB, peak so far {peak} MB)",
                self.start.elapsed().as_secs_f64()
            );
        }
    }
}

/// Resident memory now and its peak, in MB, from `/proc/self/status` (0 where unavailable).
/// Also used by the normalizer benchmark.
pub fn memory_mb() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<u64>().ok())
            .map_or(0, |kb| kb / 1024)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Everything an audit produced, for the writers.
pub struct Audit {
    pub dataset: Dataset,
    pub schema: Schema,
    pub enriched: Enriched,
    pub ledger: Ledger,
    pub lists: Vec<SuppressionList>,
    /// The rules evaluated, in registry order; `Fired::rule` indexes this.
    pub rules: Vec<Rule>,
    pub fired: Vec<Fired>,
    pub decisions: Vec<RecordDecision>,
    pub waivers: Vec<crate::waivers::WaiverUse>,
    /// Each record's source kind (scraped, purchased, first_party, unknown).
    pub source_kinds: Vec<&'static str>,
}

/// Runs the whole audit of one file.
pub fn run(path: &Path, registry: &Registry, options: &AuditOptions) -> Result<Audit> {
    let progress = options.progress;
    progress.stage("reading the list");
    let dataset = input::read(path, &options.read)?;
    progress.stage(&format!("normalizing {} records", dataset.table.len()));
    let schema = schema::map_columns(dataset.table.headers(), &options.map)?;
    let enriched = enrich::enrich(&dataset.table, &schema, &options.enrich);
    let region = options.enrich.default_region.as_deref();
    let ledger = consent::load_ledgers(&options.consent_files, region)?;
    let lists = suppress::load_lists(&options.suppress_files, region)?;
    let lexicon = Lexicon::builtin();
    let source_kinds = crate::enrich::provenance::source_kinds(
        &dataset.table,
        &schema,
        SourceLexicon::builtin(),
        is_maps_scraper(schema.detection.exporter),
    );
    let rules: Vec<Rule> = registry.rules().cloned().collect();
    let rule_refs: Vec<&Rule> = rules.iter().collect();
    let context = Context {
        table: &dataset.table,
        schema: &schema,
        enriched: &enriched,
        ledger: &ledger,
        lists: &lists,
        lexicon: &lexicon,
        source_kinds: &source_kinds,
        as_of: options.as_of,
        channels: &options.channels,
    };
    progress.stage(&format!(
        "joining consent, suppression lists and lexicons; evaluating {} rules",
        rule_refs.len()
    ));
    let fired =
        engine::evaluate_dataset(&context, &rule_refs, options.as_of).map_err(engine_error)?;
    let (fired, waivers) = crate::waivers::apply(
        fired,
        &rules,
        &enriched,
        &options.waivers,
        &options.fingerprint_key,
        options.as_of,
    );
    let decisions = decide::decide(dataset.table.len(), &fired, &rule_refs);
    progress.stage("building the report and writing outputs");
    Ok(Audit {
        dataset,
        schema,
        enriched,
        ledger,
        lists,
        rules,
        fired,
        decisions,
        waivers,
        source_kinds,
    })
}

/// Google Maps extractors: a record from them is scraped unless a source column says else.
pub fn is_maps_scraper(exporter: Exporter) -> bool {
    matches!(
        exporter,
        Exporter::Outscraper
            | Exporter::Apify
            | Exporter::GMapsExtractor
            | Exporter::PhantomBuster
            | Exporter::Gosom
            | Exporter::OmkarCloud
            | Exporter::Zubdata
    )
}

fn engine_error(error: polars::prelude::PolarsError) -> Error {
    Error::usage(
        format!("the rule engine failed: {error}"),
        "this is a bug in consentry or in a rule pack's `when`; run `consentry check-pack` on your packs and report the issue",
    )
}
