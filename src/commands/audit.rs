//! `consentry audit FILE --out DIR`: the whole audit, its outputs and the gate.
//!
//! Every output is first written to a temporary file in DIR and only renamed into place when
//! all of them are complete, so an interrupted run never leaves a half-written or half-replaced
//! set. Files are owner-only (0600). The exit code says whether the gate passed.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use rustc_hash::FxHashMap;
use serde_json::json;

use crate::audit::{self, Audit, AuditOptions};
use clap::ValueEnum;

use crate::cli::{AuditArgs, FailOn, PackArgs, ReportLang, SuppressSpec};
use crate::config;
use crate::decide::{Answer, Decision, RecordDecision};
use crate::enrich::suppress::ListKind;
use crate::enrich::EnrichOptions;
use crate::error::{Error, Result};
use crate::input::Format;
use crate::normalize::date;
use crate::output::{self, ExtraColumns};
use crate::report::{self, html, GateOptions};
use crate::rules::Channel;
use crate::schema::RoleOverride;
use crate::Outcome;

/// Runs the audit command.
pub fn run(args: &AuditArgs, show_pii: bool, out: &mut dyn Write) -> Result<Outcome> {
    let settings = Settings::resolve(args)?;
    let registry = super::rules::load(&settings.packs)?;
    let as_of = args.as_of.unwrap_or_else(date::today);
    prepare_out_dir(&args.out)?;
    let options = AuditOptions {
        read: args.read.options(),
        map: settings.map.clone(),
        enrich: EnrichOptions {
            default_region: settings.region.clone(),
            default_jurisdiction: settings.jurisdiction.clone(),
        },
        channels: settings.channels.clone(),
        as_of,
        consent_files: settings.consent.clone(),
        suppress_files: settings.suppress.clone(),
        waivers: settings.waivers.clone(),
        fingerprint_key: settings.fingerprint_key.clone(),
        vocabularies: settings.vocabularies.clone(),
        progress: audit::Progress::new(
            args.progress || std::io::IsTerminal::is_terminal(&std::io::stderr()),
        ),
        part_bytes: Some(args.part_size),
    };
    // Each part is tallied for the report and appended to the split files as soon as it is
    // audited, so only one part of the list is in memory at a time.
    let mut tally = report::Tally::new(show_pii, &settings.fingerprint_key);
    let mut splits: Option<Splits> = None;
    let by_channel: Vec<Channel> = if args.split_by_channel {
        settings.channels.clone()
    } else {
        Vec::new()
    };
    let result = audit::stream(&args.file, &registry, &options, &mut |event| match event {
        audit::Event::Part(part) => {
            let splits = match &mut splits {
                Some(splits) => splits,
                None => splits.insert(Splits::create(&args.out, part, &by_channel)?),
            };
            rayon::join(|| tally.add(part), || splits.write(part)).1
        }
        audit::Event::Restart => {
            // Dropping the staged files removes them.
            tally = report::Tally::new(show_pii, &settings.fingerprint_key);
            splits = None;
            Ok(())
        }
    })?;
    // `stream` returns only after handing over at least one part, which creates them.
    let splits = splits.ok_or_else(|| {
        Error::usage(
            "the audit ended without auditing a part of the list",
            "this is a bug in consentry; please report it",
        )
    })?;
    for list in result.lists.iter().filter(|l| !l.rejected_lines.is_empty()) {
        let lines: Vec<String> = list.rejected_lines.iter().map(|l| l.to_string()).collect();
        eprintln!(
            "warning: {}: {} line(s) are not a phone number, an e-mail or a hash and were skipped (lines {}); the other {} entries are used",
            list.name,
            lines.len(),
            lines.join(", "),
            list.entries
        );
    }
    let channels = settings.channels.clone();
    let gate = GateOptions {
        fail_on: settings.fail_on.as_str().to_string(),
        max_exclude_rate: settings.max_exclude_rate,
    };
    let mut run_options = BTreeMap::new();
    run_options.insert("fail_on".into(), json!(gate.fail_on));
    run_options.insert("max_exclude_rate".into(), json!(gate.max_exclude_rate));
    run_options.insert("region".into(), json!(settings.region));
    run_options.insert("jurisdiction".into(), json!(settings.jurisdiction));
    run_options.insert("select".into(), json!(settings.packs.select));
    run_options.insert("ignore".into(), json!(settings.packs.ignore));
    run_options.insert("show_pii".into(), json!(show_pii));
    run_options.insert("consent_files".into(), json!(file_names(&settings.consent)));
    let suppress: Vec<serde_json::Value> = settings
        .suppress
        .iter()
        .map(|s| {
            json!({
                "file": file_names(std::slice::from_ref(&s.path))[0],
                "checked_at": s.checked_at.map(date::format_date),
            })
        })
        .collect();
    run_options.insert("suppress_files".into(), json!(suppress));
    let mut report = report::build(
        &tally,
        &result,
        &registry.packs,
        &channels,
        as_of,
        run_options,
        &gate,
    );
    if let Some(path) = &settings.baseline {
        report.baseline = Some(report::baseline::compare(path, &report)?);
    }
    let lang = match settings.lang {
        ReportLang::En => html::Lang::En,
        ReportLang::Ar => html::Lang::Ar,
    };
    let written = write_outputs(&args.out, splits, &result, &report, lang)?;
    options.progress.stage("done");
    summary(out, &report, &written, &args.out).or_else(crate::ignore_broken_pipe)?;
    Ok(if report.gate.passed {
        Outcome::Passed
    } else {
        Outcome::GateFailed
    })
}

/// The audit's settings: command-line flags over `consentry.toml` over the defaults.
struct Settings {
    channels: Vec<Channel>,
    fail_on: FailOn,
    max_exclude_rate: Option<f64>,
    lang: ReportLang,
    region: Option<String>,
    jurisdiction: Option<String>,
    consent: Vec<std::path::PathBuf>,
    suppress: Vec<SuppressSpec>,
    packs: PackArgs,
    map: Vec<RoleOverride>,
    waivers: Vec<crate::waivers::Waiver>,
    fingerprint_key: String,
    baseline: Option<std::path::PathBuf>,
    vocabularies: crate::enrich::vocabulary::Vocabularies,
}

impl Settings {
    fn resolve(args: &AuditArgs) -> Result<Self> {
        let (config, config_path) = config::load(args.config.as_deref())?;
        let config_file = config_path.unwrap_or_default();
        let bad = |key: &str, e: String| {
            Error::input(
                &config_file,
                format!("[audit] {key}: {e}"),
                "fix the value or remove the key",
            )
        };
        let defaults = &config.audit;
        let mut channels = if !args.channels.is_empty() {
            args.channels.clone()
        } else if let Some(names) = &defaults.channels {
            names
                .iter()
                .map(|n| crate::cli::channel_from_str(n).map_err(|e| bad("channels", e)))
                .collect::<Result<_>>()?
        } else {
            Channel::ALL.to_vec()
        };
        channels.sort();
        channels.dedup();
        let fail_on = match (args.fail_on, defaults.fail_on.as_deref()) {
            (Some(f), _) => f,
            (None, Some(raw)) => FailOn::from_str(raw, true).map_err(|e| bad("fail_on", e))?,
            (None, None) => FailOn::Exclude,
        };
        let lang = match (args.lang, defaults.lang.as_deref()) {
            (Some(l), _) => l,
            (None, Some(raw)) => ReportLang::from_str(raw, true).map_err(|e| bad("lang", e))?,
            (None, None) => ReportLang::En,
        };
        let country =
            |cli: &Option<String>, key: &str, value: &Option<String>| -> Result<Option<String>> {
                match (cli, value) {
                    (Some(c), _) => Ok(Some(c.clone())),
                    (None, Some(raw)) => crate::cli::country_from_str(raw)
                        .map(Some)
                        .map_err(|e| bad(key, e)),
                    (None, None) => Ok(None),
                }
            };
        let region = country(&args.enrich.region, "region", &defaults.region)?;
        let jurisdiction = country(
            &args.enrich.jurisdiction,
            "jurisdiction",
            &defaults.jurisdiction,
        )?;
        let pick = |cli: &Vec<std::path::PathBuf>, file: &Vec<std::path::PathBuf>| {
            if cli.is_empty() {
                file.clone()
            } else {
                cli.clone()
            }
        };
        let mut suppress = args.suppress.clone();
        if suppress.is_empty() {
            suppress = defaults
                .suppress
                .iter()
                .map(|entry| {
                    let kind = entry
                        .registry
                        .as_deref()
                        .map(|raw| {
                            ListKind::parse(raw).ok_or_else(|| {
                                bad(
                                    "suppress.registry",
                                    format!("`{raw}` is not internal or a registry kind"),
                                )
                            })
                        })
                        .transpose()?;
                    let region = country(&None, "suppress.region", &entry.region)?;
                    Ok(SuppressSpec {
                        path: entry.file.clone(),
                        checked_at: entry.checked_at.as_ref().and_then(|d| d.date).map(|d| {
                            date::days_from_civil(
                                i64::from(d.year),
                                u32::from(d.month),
                                u32::from(d.day),
                            ) as i32
                        }),
                        kind,
                        region,
                    })
                })
                .collect::<Result<_>>()?;
        }
        let pick_strings = |cli: &Vec<String>, file: &Vec<String>| {
            if cli.is_empty() {
                file.clone()
            } else {
                cli.clone()
            }
        };
        let packs = PackArgs {
            rules: pick(&args.packs.rules, &defaults.rules),
            select: pick_strings(&args.packs.select, &defaults.select),
            ignore: pick_strings(&args.packs.ignore, &defaults.ignore),
        };
        let mut map: Vec<RoleOverride> = config
            .map
            .iter()
            .map(|(role, column)| {
                format!("{role}={column}")
                    .parse::<RoleOverride>()
                    .map_err(|e| {
                        Error::input(
                            &config_file,
                            format!("[map] {e}"),
                            "roles are listed in the README",
                        )
                    })
            })
            .collect::<Result<_>>()?;
        map.extend(args.read.map.iter().cloned());
        let vocabularies = config.vocabularies(&config_file)?;
        Ok(Settings {
            channels,
            fail_on,
            max_exclude_rate: args.max_exclude_rate.or(defaults.max_exclude_rate),
            lang,
            region,
            jurisdiction,
            consent: pick(&args.consent, &defaults.consent),
            suppress,
            packs,
            map,
            waivers: config.waivers.clone(),
            fingerprint_key: defaults
                .fingerprint_key
                .clone()
                .unwrap_or_else(|| crate::waivers::DEFAULT_KEY.to_string()),
            baseline: args.baseline.clone(),
            vocabularies,
        })
    }
}

fn file_names(paths: &[std::path::PathBuf]) -> Vec<String> {
    paths
        .iter()
        .map(|p| {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .collect()
}

fn prepare_out_dir(dir: &Path) -> Result<()> {
    if dir.exists() && !dir.is_dir() {
        return Err(Error::input(
            dir,
            "--out names a file, not a directory",
            "give --out a directory; it is created if missing",
        ));
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::io(dir, e, "choose an --out directory you can write to"))?;
    let probe = tempfile::Builder::new()
        .prefix(".consentry-probe-")
        .tempfile_in(dir);
    probe.map(|_| ()).map_err(|e| {
        Error::io(
            dir,
            e,
            "the --out directory is not writable; choose another",
        )
    })
}

/// The extension of the split files: the input's own format where we can write it byte for
/// byte, else CSV of the cell texts.
fn split_extension(audit: &Audit) -> &'static str {
    match audit.dataset.info.format {
        Format::Delimited if audit.dataset.info.delimiter == Some(b'\t') => "tsv",
        Format::Delimited => "csv",
        Format::Json => "json",
        Format::Ndjson => "ndjson",
        Format::Parquet | Format::Spreadsheet => "csv",
    }
}

/// The per-record outputs, staged and filled part by part: `decisions.csv`, `findings.csv`,
/// the keep, review and exclude splits, and with `--split-by-channel` one keep file per
/// channel of the run.
struct Splits {
    dir: std::path::PathBuf,
    files: Vec<Staged>,
}

struct Staged {
    name: String,
    what: PerRecord,
    writer: std::io::BufWriter<tempfile::NamedTempFile>,
    /// Records written so far (split files).
    records: usize,
    /// How much has been handed to the kernel to write to disk (`atomic::write_back`).
    written_back: output::atomic::WrittenBack,
}

/// What a per-record output holds.
#[derive(Clone, Copy)]
enum PerRecord {
    Decisions,
    Findings,
    /// The records with this decision, in the input's format.
    Split(Decision),
    /// The records answered `keep` on this channel, in the input's format.
    ChannelKeep(Channel),
    /// The lines set aside as unreadable (`--on-bad-record quarantine`), as they were.
    Rejected,
}

/// The columns added to review and exclude records.
const EXTRA_COLUMNS: [&str; 4] = [
    "consentry_decision",
    "consentry_risk",
    "consentry_codes",
    "consentry_reasons",
];

impl Splits {
    /// Stages the files in `dir` and writes their headers from the first part; `by_channel`
    /// adds a keep file for each of those channels.
    fn create(dir: &Path, first: &Audit, by_channel: &[Channel]) -> Result<Splits> {
        let ext = split_extension(first);
        let mut outputs = vec![
            ("decisions.csv".to_string(), PerRecord::Decisions),
            ("findings.csv".to_string(), PerRecord::Findings),
        ];
        for decision in [Decision::Keep, Decision::Review, Decision::Exclude] {
            outputs.push((
                format!("{}.{ext}", decision.as_str()),
                PerRecord::Split(decision),
            ));
        }
        for &channel in by_channel {
            outputs.push((
                format!("keep.{channel}.{ext}"),
                PerRecord::ChannelKeep(channel),
            ));
        }
        // Unreadable records are set aside only when a file is read whole, in its one part.
        if !first.dataset.rejected.is_empty() {
            outputs.push((format!("rejected.{ext}"), PerRecord::Rejected));
        }
        let extra: Vec<String> = EXTRA_COLUMNS.map(String::from).to_vec();
        let mut files = Vec::new();
        for (name, what) in outputs {
            let failed = write_failed(dir, &name);
            let mut writer = output::atomic::create(dir).map_err(&failed)?;
            match what {
                PerRecord::Split(decision) => {
                    let names = (decision != Decision::Keep).then_some(extra.as_slice());
                    output::write_head(&first.dataset, names, &mut writer).map_err(&failed)?;
                }
                PerRecord::ChannelKeep(_) | PerRecord::Rejected => {
                    output::write_head(&first.dataset, None, &mut writer).map_err(&failed)?;
                }
                PerRecord::Decisions | PerRecord::Findings => {}
            }
            drop(failed);
            files.push(Staged {
                name,
                what,
                writer,
                records: 0,
                written_back: Default::default(),
            });
        }
        Ok(Splits {
            dir: dir.to_path_buf(),
            files,
        })
    }

    /// Appends one audited part to every file, each on its own thread.
    fn write(&mut self, part: &Audit) -> Result<()> {
        use rayon::prelude::*;
        let dir = &self.dir;
        self.files
            .par_iter_mut()
            .map(|file| {
                let written = match file.what {
                    PerRecord::Decisions => report::csv::write_decisions(part, &mut file.writer),
                    PerRecord::Findings => report::csv::write_findings(part, &mut file.writer),
                    PerRecord::Split(decision) => write_split(part, decision, file),
                    PerRecord::ChannelKeep(channel) => write_channel_keep(part, channel, file),
                    PerRecord::Rejected => part
                        .dataset
                        .rejected
                        .iter()
                        .try_for_each(|r| file.writer.write_all(r.text.as_bytes())),
                };
                written
                    .and_then(|()| {
                        output::atomic::write_back(&mut file.writer, &mut file.written_back)
                    })
                    .map_err(write_failed(dir, &file.name))
            })
            .collect::<Vec<Result<()>>>()
            .into_iter()
            .collect()
    }

    /// Ends the split files and syncs every file to disk, in parallel; results in file order.
    fn finish(self, last: &Audit) -> Result<Vec<(tempfile::NamedTempFile, String)>> {
        use rayon::prelude::*;
        let dir = self.dir;
        self.files
            .into_par_iter()
            .map(|mut file| {
                let failed = write_failed(&dir, &file.name);
                if matches!(file.what, PerRecord::Split(_) | PerRecord::ChannelKeep(_)) {
                    output::write_tail(&last.dataset, file.records, &mut file.writer)
                        .map_err(&failed)?;
                }
                let temp = output::atomic::finish(file.writer).map_err(failed)?;
                Ok((temp, file.name))
            })
            .collect::<Vec<Result<_>>>()
            .into_iter()
            .collect()
    }
}

/// Appends the part's records answered `keep` on `channel`, unchanged, to a channel's keep file.
fn write_channel_keep(part: &Audit, channel: Channel, file: &mut Staged) -> std::io::Result<()> {
    let rows: Vec<usize> = (0..part.decisions.len())
        .filter(|&i| part.decisions[i].channels[channel as usize] == Answer::Keep)
        .collect();
    output::write_rows(&part.dataset, &rows, None, file.records, &mut file.writer)?;
    file.records += rows.len();
    Ok(())
}

/// The error for an output file that could not be written.
fn write_failed<'a>(dir: &'a Path, name: &'a str) -> impl Fn(std::io::Error) -> Error + 'a {
    move |e| {
        Error::io(
            &dir.join(name),
            e,
            "check free space and permissions of the --out directory",
        )
    }
}

/// Appends the part's records with `decision` to a split file; review and exclude records get
/// the decision, risk, codes and reasons as extra columns.
fn write_split(part: &Audit, decision: Decision, file: &mut Staged) -> std::io::Result<()> {
    let rows: Vec<usize> = (0..part.decisions.len())
        .filter(|&i| part.decisions[i].decision == decision)
        .collect();
    // The added cells depend only on the rules that fired (in code order; the decision and the
    // risk follow from them), and a list has few such combinations: each is formatted once, and
    // each record points at its combination.
    let mut index: FxHashMap<FiredRules, usize> = FxHashMap::default();
    let mut combinations: Vec<Vec<String>> = Vec::new();
    let combination_of: Vec<usize> = rows
        .iter()
        .map(|&row| {
            let d = &part.decisions[row];
            *index
                .entry(FiredRules::of(d, part.rules.len()))
                .or_insert_with(|| {
                    let mut codes = String::new();
                    report::csv::push_codes(&mut codes, d, &part.rules);
                    let reasons: Vec<&str> = d
                        .findings
                        .iter()
                        .map(|f| part.rules[f.rule].message.as_str())
                        .collect();
                    combinations.push(vec![
                        d.decision.as_str().to_string(),
                        d.risk.to_string(),
                        codes,
                        reasons.join(" "),
                    ]);
                    combinations.len() - 1
                })
        })
        .collect();
    let extra = ExtraColumns {
        names: EXTRA_COLUMNS.map(String::from).to_vec(),
        sets: &combinations,
        set_of: &combination_of,
    };
    let extra = (decision != Decision::Keep).then_some(&extra);
    output::write_rows(&part.dataset, &rows, extra, file.records, &mut file.writer)?;
    file.records += rows.len();
    Ok(())
}

/// The rules that fired for a record, as a hash key: a bit set while the rules are few (the
/// built-in packs have 40), so a record's key is not a Vec allocated and freed.
#[derive(PartialEq, Eq, Hash)]
enum FiredRules {
    Few(u128),
    Many(Vec<usize>),
}

impl FiredRules {
    fn of(decision: &RecordDecision, rules: usize) -> FiredRules {
        if rules <= 128 {
            FiredRules::Few(
                decision
                    .findings
                    .iter()
                    .fold(0, |set, f| set | 1u128 << f.rule),
            )
        } else {
            FiredRules::Many(decision.findings.iter().map(|f| f.rule).collect())
        }
    }
}

type Writer = Box<dyn FnOnce(&mut dyn Write) -> std::io::Result<()> + Send>;

/// Completes the split files, writes the three reports, and publishes all eight together.
fn write_outputs(
    dir: &Path,
    splits: Splits,
    last: &Audit,
    report: &report::Report,
    lang: html::Lang,
) -> Result<Vec<String>> {
    let json = report::to_json(report);
    let markdown = report::markdown::render(report);
    let page = html::render(report, lang);
    let reports: Vec<(String, Writer)> = vec![
        (
            "report.json".into(),
            Box::new(move |w: &mut dyn Write| w.write_all(json.as_bytes())),
        ),
        (
            "report.md".into(),
            Box::new(move |w: &mut dyn Write| w.write_all(markdown.as_bytes())),
        ),
        (
            "report.html".into(),
            Box::new(move |w: &mut dyn Write| w.write_all(page.as_bytes())),
        ),
    ];
    // The files are independent: finish and sync them in parallel. Results come back in the
    // list's order, so the first error reported is the same at any thread count.
    use rayon::prelude::*;
    let (splits, reports) = rayon::join(
        || splits.finish(last),
        || {
            reports
                .into_par_iter()
                .map(|(name, fill)| {
                    let temp =
                        output::atomic::stage(dir, fill).map_err(write_failed(dir, &name))?;
                    Ok((temp, name))
                })
                .collect::<Vec<Result<_>>>()
        },
    );
    let mut staged = Vec::new();
    let mut names = Vec::new();
    for result in splits?.into_iter().map(Ok).chain(reports) {
        let (temp, name) = result?;
        staged.push((temp, dir.join(&name)));
        names.push(name);
    }
    output::atomic::publish(staged)
        .map_err(|(target, e)| Error::io(&target, e, "check permissions of the --out directory"))?;
    Ok(names)
}

fn summary(
    out: &mut dyn Write,
    report: &report::Report,
    written: &[String],
    dir: &Path,
) -> std::io::Result<()> {
    let c = &report.counts;
    writeln!(
        out,
        "consentry: {} records: {} keep, {} review, {} exclude. Gate {} (fail on {}).",
        report::group_thousands(c.records),
        report::group_thousands(c.keep),
        report::group_thousands(c.review),
        report::group_thousands(c.exclude),
        if report.gate.passed {
            "passed"
        } else {
            "FAILED"
        },
        report.gate.fail_on
    )?;
    writeln!(out, "{}", report.recommendation)?;
    for c in &report.by_channel {
        writeln!(
            out,
            "  {:<8} {} keep, {} review, {} exclude, {} no contact point",
            c.channel,
            report::group_thousands(c.keep),
            report::group_thousands(c.review),
            report::group_thousands(c.exclude),
            report::group_thousands(c.none)
        )?;
    }
    if !report.rejected_records.is_empty() {
        let lines: Vec<String> = report
            .rejected_records
            .iter()
            .map(|r| r.line.to_string())
            .collect();
        writeln!(
            out,
            "Set aside {} unreadable record(s) into rejected.* (lines {}); they were not audited.",
            report.rejected_records.len(),
            lines.join(", ")
        )?;
    }
    for column in &report.personal_data_by_column {
        writeln!(out, "Drop column `{}`: {}.", column.column, column.summary)?;
    }
    writeln!(out, "Wrote {} in {}", written.join(", "), dir.display())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decide::{Channels, Finding, RecordDecision};

    fn fired(rules: &[usize]) -> RecordDecision {
        RecordDecision {
            decision: Decision::Exclude,
            risk: 90,
            findings: rules
                .iter()
                .map(|&rule| Finding {
                    rule,
                    channels: Channels::default(),
                })
                .collect(),
            channels: Default::default(),
        }
    }

    #[test]
    fn records_with_the_same_fired_rules_share_a_key_in_small_and_large_packs() {
        for rules in [40, 128, 300] {
            let key = |fired_rules: &[usize]| FiredRules::of(&fired(fired_rules), rules);
            assert!(key(&[0, 5, 39]) == key(&[0, 5, 39]), "{rules} rules");
            assert!(key(&[0, 5, 39]) != key(&[0, 5]), "{rules} rules");
            assert!(key(&[]) != key(&[0]), "{rules} rules");
            assert!(matches!(key(&[1]), FiredRules::Few(_)) == (rules <= 128));
        }
        // Past 128 rules the key is the list itself: rule 130 is not rule 2 (130 mod 128).
        let many = |fired_rules: &[usize]| FiredRules::of(&fired(fired_rules), 300);
        assert!(many(&[2]) != many(&[130]));
        assert!(many(&[127, 299]) == many(&[127, 299]));
    }
}
