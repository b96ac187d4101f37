//! The audit pipeline, from a file to decisions: read, map, enrich, join, evaluate, decide.
//!
//! This is the one place that wires the stages together; the `audit` command and the tests
//! call it, so what is tested is what runs. A large list is audited a part at a time
//! (`input::stream`): each part goes through every stage and is handed to the caller to tally
//! and write before the next is audited, while the part after it is read and enriched (which
//! needs nothing from the parts before it). What spans parts (duplicates, waiver counts, record
//! numbers) is carried in compact form and applied in order.

use std::path::{Path, PathBuf};

use crate::channel::Channel;
use crate::decide::{self, RecordDecision};
use crate::engine::{self, Context, Fired};
use crate::enrich::categories::Lexicon;
use crate::enrich::consent::{self, Ledger};
use crate::enrich::duplicates::DuplicateIndex;
use crate::enrich::provenance::{self, Provenance};
use crate::enrich::record_columns::{self, RecordColumns};
use crate::enrich::suppress::{self, SuppressionList};
use crate::enrich::vocabulary::Vocabularies;
use crate::enrich::{self, EnrichOptions, Enriched};
use crate::error::{Error, Result};
use crate::input::stream::Next;
use crate::input::{self, Dataset, ReadOptions};
use crate::rules::{Registry, Rule};
use crate::schema::{self, RoleOverride, Schema};

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
    pub suppress_files: Vec<suppress::SuppressSpec>,
    pub waivers: Vec<crate::waivers::Waiver>,
    /// Key of waiver fingerprints.
    pub fingerprint_key: String,
    /// How source and consent values are read: the built-in lexicons plus the user's own.
    pub vocabularies: Vocabularies,
    /// Stage timings on stderr (the CLI enables them with `--progress` or a terminal).
    pub progress: Progress,
    /// Read files larger than this in parts of about this many bytes (`--part-size`);
    /// `None` reads every file whole.
    pub part_bytes: Option<usize>,
}

/// Stage-by-stage progress on stderr, with elapsed time. Names stages only, never data.
#[derive(Clone, Debug)]
pub struct Progress {
    enabled: bool,
    start: std::time::Instant,
    observer: Option<StageObserver>,
}

/// Told each stage's name as it starts (`consentry serve` shows it on the page); stage names
/// never hold data.
#[derive(Clone)]
pub struct StageObserver(pub std::sync::Arc<dyn Fn(&str) + Send + Sync>);

impl std::fmt::Debug for StageObserver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StageObserver")
    }
}

impl Progress {
    /// Progress timed from now; silent unless `enabled`.
    pub fn new(enabled: bool) -> Self {
        Progress {
            enabled,
            start: std::time::Instant::now(),
            observer: None,
        }
    }

    /// The same progress, also telling `observer` each stage as it starts.
    pub fn observed_by(self, observer: Option<StageObserver>) -> Self {
        Progress { observer, ..self }
    }

    /// Prints a line as it is, when enabled.
    pub fn note(&self, line: &str) {
        if self.enabled {
            eprintln!("{line}");
        }
    }

    /// Prints the elapsed time, the memory in use and its peak so far, and the stage that
    /// starts now.
    pub fn stage(&self, what: &str) {
        if let Some(observer) = &self.observer {
            (observer.0)(what);
        }
        if self.enabled {
            let (rss, peak) = memory_mb();
            eprintln!(
                "[{:>7.2}s] {what} (memory {rss} MB, peak so far {peak} MB)",
                self.start.elapsed().as_secs_f64()
            );
        }
    }
}

/// Wall time spent in each stage, summed over the parts of a list, for `--progress`: where
/// the time goes (the README's performance profile comes from it).
#[derive(Debug, Default)]
pub struct StageTimes {
    /// (stage, seconds), in pipeline order.
    spent: Vec<(&'static str, f64)>,
}

impl StageTimes {
    /// Runs `work` and adds its wall time to `stage`.
    pub fn time<T>(&mut self, stage: &'static str, work: impl FnOnce() -> T) -> T {
        let start = std::time::Instant::now();
        let result = work();
        self.add(stage, start.elapsed().as_secs_f64());
        result
    }

    fn add(&mut self, stage: &'static str, seconds: f64) {
        match self.spent.iter_mut().find(|(s, _)| *s == stage) {
            Some((_, total)) => *total += seconds,
            None => self.spent.push((stage, seconds)),
        }
    }

    /// Adds the times of `other`.
    pub fn merge(&mut self, other: StageTimes) {
        for (stage, seconds) in other.spent {
            self.add(stage, seconds);
        }
    }

    /// `reading 1.2 s; normalizing 3.4 s; ...`.
    pub fn summary(&self) -> String {
        self.spent
            .iter()
            .map(|(stage, seconds)| format!("{stage} {seconds:.2} s"))
            .collect::<Vec<_>>()
            .join("; ")
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

/// One part of an audited list (the whole list when it was read in one part), with the run's
/// constant facts, for the writers and the report.
pub struct Audit {
    /// The part's records; `info.sha256` is set on the last part only.
    pub dataset: Dataset,
    /// The record (0-based in the whole list) that the part's first record is; every
    /// per-record vector below is indexed from it.
    pub first_record: usize,
    pub schema: Schema,
    pub enriched: Enriched,
    pub ledger: Ledger,
    pub lists: Vec<SuppressionList>,
    /// The rules evaluated, in registry order; `Fired::rule` indexes this.
    pub rules: Vec<Rule>,
    pub fired: Vec<Fired>,
    pub decisions: Vec<RecordDecision>,
    /// What each waiver did in the parts so far (the whole list's, on the last part).
    pub waivers: Vec<crate::waivers::WaiverUse>,
    /// What each record's source and consent columns say, and the values not understood.
    pub provenance: Provenance,
}

/// The parts of a run that do not change from one part of the list to the next.
struct Shared {
    schema: Schema,
    ledger: Ledger,
    lists: Vec<SuppressionList>,
    rules: Vec<Rule>,
}

/// Audits a whole file read in one part (tests, and callers that need every record at once).
pub fn run(path: &Path, registry: &Registry, options: &AuditOptions) -> Result<Audit> {
    let whole = AuditOptions {
        part_bytes: None,
        ..options.clone()
    };
    stream(path, registry, &whole, &mut |_| Ok(()))
}

/// What `stream` hands its caller.
pub enum Event<'a> {
    /// The next part, audited.
    Part(&'a Audit),
    /// Forget the parts handed so far: the file turned out not to be UTF-8 text, and is
    /// audited again from the start, read whole.
    Restart,
}

fn restart(
    path: &Path,
    registry: &Registry,
    options: &AuditOptions,
    each: &mut (dyn FnMut(Event<'_>) -> Result<()> + Send),
) -> Result<Audit> {
    each(Event::Restart)?;
    let whole = AuditOptions {
        part_bytes: None,
        ..options.clone()
    };
    stream(path, registry, &whole, each)
}

/// Audits a file part by part (`options.part_bytes`), handing each audited part to `each` in
/// order (or telling it to start over, see [`Event::Restart`]); returns the last part, which
/// carries the file's checksum and the waivers' totals.
/// At most two parts are in memory: the one being audited and written, and the next one being
/// read and enriched. What spans parts (duplicates, waiver counts) is carried in compact form.
pub fn stream(
    path: &Path,
    registry: &Registry,
    options: &AuditOptions,
    each: &mut (dyn FnMut(Event<'_>) -> Result<()> + Send),
) -> Result<Audit> {
    let progress = &options.progress;
    progress.stage("reading the list");
    let mut times = StageTimes::default();
    let mut source = times.time("opening", || {
        input::stream::Source::open(path, &options.read, options.part_bytes)
    })?;
    let no_records = || {
        Error::input(
            path,
            "the file has no records",
            "export the list again with its rows; there is nothing to audit",
        )
    };
    let mut reading = StageTimes::default();
    let dataset = match reading.time("reading", || source.next_part())? {
        Next::Part(dataset) => *dataset,
        Next::End => return Err(no_records()),
        Next::ReadWhole => return restart(path, registry, options, each),
    };
    let mut schema = schema::map_columns(dataset.table.headers(), &options.map)?;
    let (sample, sample_rows) = source
        .content_sample()
        .unwrap_or((&dataset.table, dataset.content_sample_rows()));
    schema::content::refine(
        &mut schema,
        sample,
        sample_rows,
        options.enrich.default_region.as_deref(),
    );
    // The schema the reading side enriches each next part with (the audited part holds the
    // run's own copy meanwhile).
    let reading_schema = schema.clone();
    let lexicon = Lexicon::builtin();
    let mut prepared = reading.time(ENRICHING, || {
        prepare(dataset, &reading_schema, &lexicon, options)
    });
    let region = options.enrich.default_region.as_deref();
    let mut shared = Shared {
        schema,
        ledger: consent::load_ledgers(
            &options.consent_files,
            region,
            &options.vocabularies.consent_values,
        )?,
        lists: suppress::load_lists(&options.suppress_files, region, options.as_of)?,
        rules: registry.rules().cloned().collect(),
    };
    let rule_refs: Vec<&Rule> = shared.rules.iter().collect();
    let parts = PartAuditor {
        compiled: engine::Compiled::new(&rule_refs, options.as_of).map_err(engine_error)?,
        covered: crate::rules::covered_countries(registry.rules()),
        screens: suppress::Screens::new(&shared.lists, options.as_of),
        options,
    };
    drop(rule_refs);
    let mut carry = Carry {
        duplicates: DuplicateIndex::default(),
        first_record: 0,
        times: StageTimes::default(),
    };
    let mut waivers = crate::waivers::initial_uses(&options.waivers, options.as_of);
    let mut previous: Option<Spent> = None;
    loop {
        // The next part is read, parsed and enriched while this one is audited and written:
        // the reading side fills the gaps the other stages leave on the cores, above all the
        // stretch where one thread copies the written outputs into the page cache.
        let (audited, next) = rayon::join(
            || -> Result<Audit> {
                // The previous part is freed here, beside the reading of the next one when a
                // second thread takes that up, instead of before both.
                drop(previous.take());
                let audit = audit_part(prepared, shared, waivers, &parts, &mut carry)?;
                carry
                    .times
                    .time("report tally and writing", || each(Event::Part(&audit)))?;
                Ok(audit)
            },
            || -> Result<Upcoming> {
                Ok(match reading.time("reading", || source.next_part())? {
                    Next::Part(dataset) => {
                        Upcoming::Part(Box::new(reading.time(ENRICHING, || {
                            prepare(*dataset, &reading_schema, &lexicon, options)
                        })))
                    }
                    Next::ReadWhole => Upcoming::ReadWhole,
                    Next::End => Upcoming::End,
                })
            },
        );
        let audit = audited?;
        match next? {
            Upcoming::ReadWhole => return restart(path, registry, options, each),
            Upcoming::Part(part) => {
                prepared = *part;
                let Audit {
                    dataset: mut done,
                    first_record: _,
                    schema,
                    enriched,
                    ledger,
                    lists,
                    rules,
                    fired,
                    decisions,
                    waivers: uses,
                    provenance,
                } = audit;
                waivers = uses;
                source.recycle(done.table.take_buffer());
                shared = Shared {
                    schema,
                    ledger,
                    lists,
                    rules,
                };
                previous = Some(Spent {
                    _dataset: done,
                    _per_record: (enriched, fired, decisions, provenance),
                });
            }
            Upcoming::End => {
                let mut audit = audit;
                audit.dataset.info = source.info().clone();
                times.merge(carry.times);
                times.merge(reading);
                progress.note(&format!(
                    "time by stage (reading overlaps the others): {}",
                    times.summary()
                ));
                progress.stage("building the report and writing outputs");
                return Ok(audit);
            }
        }
    }
}

/// What is left of an audited and written part once the run's shared facts and its text buffer
/// are taken back: millions of small allocations, freed as the part after it is audited.
struct Spent {
    _dataset: Dataset,
    _per_record: (Enriched, Vec<Fired>, Vec<RecordDecision>, Provenance),
}

/// What auditing each part needs that is the same for every part.
struct PartAuditor<'o> {
    compiled: engine::Compiled,
    covered: Vec<String>,
    screens: suppress::Screens,
    options: &'o AuditOptions,
}

/// What carries from one part of a list to the next.
struct Carry {
    duplicates: DuplicateIndex,
    /// The record (0-based in the list) the next part starts with.
    first_record: usize,
    times: StageTimes,
}

/// The stage name under which parts are normalized and enriched.
const ENRICHING: &str = "normalizing and enriching";

/// What the reading side hands over: the next part, read and enriched, or why there is none.
enum Upcoming {
    Part(Box<Prepared>),
    ReadWhole,
    End,
}

/// A part read and enriched: everything about it that does not depend on the parts before it.
struct Prepared {
    dataset: Dataset,
    enriched: Enriched,
    provenance: Provenance,
    record_columns: Vec<RecordColumns>,
}

/// Normalizes and enriches one part. Runs beside the audit and writing of the part before,
/// so it takes nothing from it: duplicates across parts are marked later, in order.
fn prepare(
    dataset: Dataset,
    schema: &Schema,
    lexicon: &Lexicon,
    options: &AuditOptions,
) -> Prepared {
    let enriched = enrich::enrich(&dataset.table, schema, &options.enrich);
    let record_columns = record_columns::read(&dataset.table, schema, &enriched, lexicon);
    let provenance = provenance::read(
        &dataset.table,
        schema,
        &options.vocabularies,
        schema.detection.exporter.is_maps_scraper(),
    );
    Prepared {
        dataset,
        enriched,
        provenance,
        record_columns,
    }
}

/// Audits one enriched part: duplicates across parts, the rules, waivers and decisions.
/// The run's constant facts and the waiver counts move into the part's `Audit` and are taken
/// back for the next part.
fn audit_part(
    prepared: Prepared,
    shared: Shared,
    mut waivers: Vec<crate::waivers::WaiverUse>,
    parts: &PartAuditor<'_>,
    carry: &mut Carry,
) -> Result<Audit> {
    let Prepared {
        dataset,
        enriched,
        provenance,
        record_columns,
    } = prepared;
    let options = parts.options;
    let records = dataset.table.len();
    let first_record = carry.first_record;
    options.progress.stage(&format!(
        "auditing records {}-{} ({} rules)",
        first_record + 1,
        first_record + records,
        parts.compiled.len()
    ));
    let duplicates = &mut carry.duplicates;
    let duplicate_of = carry.times.time("finding duplicates", || {
        duplicates.mark(&enriched, first_record)
    });
    let context = Context {
        enriched: &enriched,
        record_columns: &record_columns,
        ledger: &shared.ledger,
        lists: &shared.lists,
        screens: &parts.screens,
        provenance: &provenance,
        as_of: options.as_of,
        channels: &options.channels,
        covered: &parts.covered,
        first_record,
        duplicates: &duplicate_of,
    };
    let (fired, decisions) = carry.times.time("joins, rules and decisions", || {
        let fired = engine::evaluate_table(&context, &parts.compiled).map_err(engine_error)?;
        let fired = crate::waivers::apply(
            fired,
            &shared.rules,
            &enriched,
            &mut waivers,
            &options.fingerprint_key,
        );
        let rule_refs: Vec<&Rule> = shared.rules.iter().collect();
        let reach: Vec<enrich::Reach> = enriched.records.iter().map(|f| f.reachable).collect();
        let decisions = decide::decide(records, &fired, &rule_refs, &reach, &options.channels);
        Ok::<_, Error>((fired, decisions))
    })?;
    carry.first_record += records;
    Ok(Audit {
        dataset,
        first_record,
        schema: shared.schema,
        enriched,
        ledger: shared.ledger,
        lists: shared.lists,
        rules: shared.rules,
        fired,
        decisions,
        waivers,
        provenance,
    })
}

fn engine_error(error: polars::prelude::PolarsError) -> Error {
    Error::internal(format!(
        "the rule engine failed: {error} (if you use your own packs, `consentry check-pack` them first)"
    ))
}
