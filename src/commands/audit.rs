//! `consentry audit FILE --out DIR`: resolves the settings (`config::settings`), runs the audit
//! part by part (`audit::stream`), tallies the report and fills the output files as each part
//! is done (`report::splits`), then prints the summary; the exit code says whether the gate
//! passed.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use serde_json::json;

use super::Outcome;
use crate::audit::{self, AuditOptions};
use crate::channel::Channel;
use crate::cli::{AuditArgs, ReportLang};
use crate::config::settings::Settings;
use crate::enrich::EnrichOptions;
use crate::error::{Error, Result};
use crate::l10n;
use crate::normalize::date;
use crate::report::splits::{write_outputs, Splits};
use crate::report::{self, html, GateOptions};

/// Runs the audit command.
pub fn run(args: &AuditArgs, show_pii: bool, out: &mut dyn Write) -> Result<Outcome> {
    run_observed(args, show_pii, out, None)
}

/// Runs the audit command, telling `observer` each stage as it starts (`consentry serve`).
pub fn run_observed(
    args: &AuditArgs,
    show_pii: bool,
    out: &mut dyn Write,
    observer: Option<audit::StageObserver>,
) -> Result<Outcome> {
    let settings = Settings::resolve(args)?;
    let registry = super::rules::load(&settings.packs)?;
    let as_of = args.as_of.unwrap_or_else(date::today);
    prepare_out_dir(&args.out)?;
    let options = AuditOptions {
        read: args.read.options(),
        map: settings.map.clone(),
        enrich: EnrichOptions {
            skip_text_scan: false,
            default_region: settings.region.clone(),
            default_jurisdiction: settings.jurisdiction.clone(),
        },
        channels: settings.channels.clone(),
        as_of,
        consent_files: settings.consent.clone(),
        suppress_files: settings.suppress.clone(),
        waivers: settings.waivers.clone(),
        fingerprint_key: settings.fingerprint_key.secret().to_string(),
        vocabularies: settings.vocabularies.clone(),
        progress: audit::Progress::new(
            args.progress || std::io::IsTerminal::is_terminal(&std::io::stderr()),
        )
        .observed_by(observer),
        part_bytes: Some(args.part_size),
    };
    // Each part is tallied for the report and appended to the split files as soon as it is
    // audited, so only one part of the list is in memory at a time.
    let mut tally = report::Tally::new(show_pii, settings.fingerprint_key.secret());
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
            tally = report::Tally::new(show_pii, settings.fingerprint_key.secret());
            splits = None;
            Ok(())
        }
    })?;
    // `stream` returns only after handing over at least one part, which creates them.
    let splits = splits
        .ok_or_else(|| Error::internal("the audit ended without auditing a part of the list"))?;
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
    // Which key made the report's fingerprints, by its public id (never the key).
    run_options.insert(
        "fingerprint_key_id".into(),
        json!(settings.fingerprint_key.id),
    );
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
    summary(out, &report, &written, &args.out, lang).or_else(super::ignore_broken_pipe)?;
    if let Some(notice) = settings.fingerprint_key.created_notice() {
        eprintln!("{notice}");
    }
    Ok(if report.gate.passed {
        Outcome::Passed
    } else {
        Outcome::GateFailed
    })
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

fn summary(
    out: &mut dyn Write,
    report: &report::Report,
    written: &[String],
    dir: &Path,
    lang: html::Lang,
) -> std::io::Result<()> {
    let n = |count: usize| report::group_thousands(count);
    let c = &report.counts;
    let counts = l10n::format(
        lang,
        "summary-counts",
        &[
            ("records", n(c.records)),
            ("keep", n(c.keep)),
            ("review", n(c.review)),
            ("exclude", n(c.exclude)),
            (
                "passed",
                if report.gate.passed { "yes" } else { "no" }.into(),
            ),
            (
                "fail_on",
                html::term(lang, &report.gate.fail_on).to_string(),
            ),
        ],
    );
    writeln!(out, "{counts}")?;
    let recommendation = match lang {
        html::Lang::En => report.recommendation.clone(),
        html::Lang::Ar => report::recommendation_ar(&report.counts, &report.by_rule),
    };
    writeln!(out, "{recommendation}")?;
    for c in &report.by_channel {
        let channel = match lang {
            // Padded so that the English counts line up.
            html::Lang::En => format!("{:<8}", c.channel),
            html::Lang::Ar => html::term(lang, c.channel).to_string(),
        };
        let line = l10n::format(
            lang,
            "summary-channel",
            &[
                ("channel", channel),
                ("keep", n(c.keep)),
                ("review", n(c.review)),
                ("exclude", n(c.exclude)),
                ("none", n(c.none)),
            ],
        );
        writeln!(out, "{line}")?;
    }
    if !report.rejected_records.is_empty() {
        let count = match lang {
            html::Lang::En => report.rejected_records.len().to_string(),
            html::Lang::Ar => n(report.rejected_records.len()),
        };
        let line = l10n::format(
            lang,
            "summary-rejected",
            &[("count", count), ("lines", rejected_lines(report))],
        );
        writeln!(out, "{line}")?;
    }
    for column in &report.personal_data_by_column {
        let what = match lang {
            html::Lang::En => column.summary.clone(),
            html::Lang::Ar => html::pii_summary_ar(&column.counts),
        };
        let line = l10n::format(
            lang,
            "summary-drop-column",
            &[("column", column.column.clone()), ("what", what)],
        );
        writeln!(out, "{line}")?;
    }
    let wrote = l10n::format(
        lang,
        "summary-wrote",
        &[
            ("files", written.join(", ")),
            ("dir", dir.display().to_string()),
        ],
    );
    writeln!(out, "{wrote}")
}

fn rejected_lines(report: &report::Report) -> String {
    let lines: Vec<String> = report
        .rejected_records
        .iter()
        .map(|r| r.line.to_string())
        .collect();
    lines.join(", ")
}
