//! `consentry subject find|export|erase`: one person's requests across every list.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::json;

use crate::cli::{ReportLang, SubjectArgs, SubjectCommand, SubjectEraseArgs, SubjectExportArgs};
use crate::config::key::FingerprintKey;
use crate::enrich::{consent, suppress};
use crate::error::{Error, Result};
use crate::input::ReadOptions;
use crate::mask;
use crate::normalize::date;
use crate::output::atomic;
use crate::report::html::Lang;
use crate::subject::access::AccessReport;
use crate::subject::{self, erase, Person, SearchOptions, Target, Visit};

/// Part size for large CSVs, as the audit's default: memory is bounded by it.
const PART_BYTES: usize = 64 << 20;

/// Runs a subject command.
pub fn run(command: &SubjectCommand, show_pii: bool, out: &mut dyn Write) -> Result<()> {
    match command {
        SubjectCommand::Find(args) => find(args, show_pii, out),
        SubjectCommand::Export(args) => export(args, out),
        SubjectCommand::Erase(args) => erase_files(args, out),
    }
}

/// The person, the files to search and how, from the shared arguments.
/// `set_aside_unreadable`: search past unreadable records (find, export), or not (erase).
fn prepare(
    args: &SubjectArgs,
    set_aside_unreadable: bool,
) -> Result<(Person, Vec<PathBuf>, SearchOptions)> {
    let (config, _) = crate::config::load(args.config.as_deref())?;
    let key = FingerprintKey::resolve(config.audit.fingerprint_key.as_deref())?;
    if let Some(notice) = key.created_notice() {
        eprintln!("{notice}");
    }
    let person = subject::person(&args.values, args.region.as_deref(), key.secret())?;
    let files = subject::list_files(&args.paths)?;
    let options = SearchOptions {
        read: ReadOptions::default(),
        region: args.region.clone(),
        part_bytes: Some(PART_BYTES),
        set_aside_unreadable,
    };
    Ok((person, files, options))
}

/// Runs `search` on every file; with `--keep-going` an unreadable file is reported and the
/// others searched. Returns the error to end with (exit code 2) once the caller has written
/// what it found.
fn each_file(
    args: &SubjectArgs,
    files: &[PathBuf],
    mut search: impl FnMut(&Path) -> Result<()>,
) -> Result<Option<Error>> {
    let mut failed = 0;
    for file in files {
        match search(file) {
            Ok(()) => {}
            Err(error) if args.keep_going => {
                eprintln!("error: {error}");
                failed += 1;
            }
            Err(error) => return Err(error),
        }
    }
    Ok((failed > 0).then(|| {
        Error::usage(
            format!("{failed} of {} files could not be read", files.len()),
            "fix or remove the files named above; the others were searched",
        )
    }))
}

/// Ends a command: the keep-going error if any file could not be read.
fn end(unread: Option<Error>) -> Result<()> {
    unread.map_or(Ok(()), Err)
}

fn find(args: &SubjectArgs, show_pii: bool, out: &mut dyn Write) -> Result<()> {
    let (person, files, options) = prepare(args, true)?;
    // A contact point as `mask` shows any (masked unless --show-pii).
    let show = |value: &str| -> String {
        if show_pii {
            value.to_string()
        } else {
            mask::mask_text(value)
        }
    };
    let (mut records, mut in_files) = (0usize, 0usize);
    let mut lines = Vec::new();
    let unread = each_file(args, &files, |file| {
        let mut found_here = false;
        let lines_before = lines.len();
        subject::search_file(file, &person, &options, &mut |visit| {
            let (dataset, hits) = match visit {
                Visit::Part(dataset, _schema, hits) => (dataset, hits),
                Visit::Restart => {
                    records -= lines.len() - lines_before;
                    lines.truncate(lines_before);
                    found_here = false;
                    return Ok(());
                }
                Visit::Unreadable { line, mentions } => {
                    let values: Vec<String> = mentions.iter().map(|(_, c)| show(c)).collect();
                    lines.push(format!(
                        "{}: line {line} (an unreadable record, searched as text) [{}]",
                        file.display(),
                        values.join(", ")
                    ));
                    records += 1;
                    found_here = true;
                    return Ok(());
                }
            };
            let headers = dataset.table.headers();
            for hit in hits {
                let mut where_: Vec<String> =
                    hit.columns.iter().map(|&c| headers[c].clone()).collect();
                where_.extend(
                    hit.mentions
                        .iter()
                        .map(|(c, _)| format!("text in {}", headers[*c])),
                );
                where_.dedup();
                let line = hit.line.map(|l| format!(" (line {l})")).unwrap_or_default();
                let values: Vec<String> = hit.found.iter().map(|v| show(v)).collect();
                lines.push(format!(
                    "{}: record {}{line}: {} [{}]",
                    file.display(),
                    hit.record,
                    where_.join(", "),
                    values.join(", ")
                ));
                records += 1;
                found_here = true;
            }
            Ok(())
        })?;
        in_files += usize::from(found_here);
        Ok(())
    })?;
    let mut text = lines.join("\n");
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(&format!(
        "found in {records} record(s) of {in_files} file(s); {} file(s) searched\n",
        files.len()
    ));
    out.write_all(text.as_bytes())
        .or_else(super::ignore_broken_pipe)?;
    end(unread)
}

fn export(args: &SubjectExportArgs, out: &mut dyn Write) -> Result<()> {
    let (person, files, options) = prepare(&args.subject, true)?;
    let as_of = args.as_of.unwrap_or_else(date::today);
    let mut report = AccessReport {
        schema_version: "1.0",
        as_of: date::format_date(as_of),
        files_searched: files.len(),
        ..AccessReport::default()
    };
    let unread = each_file(&args.subject, &files, |file| {
        let name = file.display().to_string();
        subject::search_file(file, &person, &options, &mut |visit| {
            match visit {
                Visit::Part(dataset, schema, hits) => report.add_part(&name, dataset, schema, hits),
                Visit::Restart => report.files.retain(|f| f.file != name),
                Visit::Unreadable { line, mentions } => {
                    report.add_unreadable(&name, line, &mentions)
                }
            }
            Ok(())
        })
        .map(|_| ())
    })?;
    let region = args.subject.region.as_deref();
    let ledger = consent::load_ledgers(
        &args.consent,
        region,
        crate::enrich::vocabulary::builtin_consent_values(),
    )?;
    let lists = suppress::load_lists(&args.suppress, region, as_of)?;
    let given: Vec<String> = person
        .targets
        .iter()
        .filter_map(|t| match t {
            Target::Phone(v) | Target::Email(v) => Some(v.clone()),
            Target::Fingerprint(_) => None,
        })
        .collect();
    report.add_ledgers(&ledger, &lists, &given);
    let lang = match args.lang {
        ReportLang::En => Lang::En,
        ReportLang::Ar => Lang::Ar,
    };
    let documents = [
        ("access.json", report.to_json()),
        ("access.md", report.to_markdown(lang)),
        ("access.html", report.to_html(lang)),
    ];
    publish(&args.out, documents.iter().map(|(n, t)| (*n, t.as_bytes())))?;
    let records: usize = report.files.iter().map(|f| f.records.len()).sum();
    writeln!(
        out,
        "access report: {records} record(s) in {} file(s), {} consent record(s), {} suppression entr(ies); wrote access.json, access.md, access.html in {} (unmasked: it is for the person)",
        report.files.len(),
        report.consent.len(),
        report.suppression.len(),
        args.out.display()
    )
    .or_else(super::ignore_broken_pipe)?;
    end(unread)
}

fn erase_files(args: &SubjectEraseArgs, out: &mut dyn Write) -> Result<()> {
    let (person, files, options) = prepare(&args.subject, false)?;
    let as_of = args.as_of.unwrap_or_else(date::today);
    prepare_dir(&args.out)?;
    let mut staged = Vec::new();
    let mut erased = Vec::new();
    let mut found = std::collections::BTreeSet::new();
    let mut names = std::collections::BTreeSet::new();
    let unread = each_file(&args.subject, &files, |file| {
        // Two lists with one name (in different folders) get distinct copies. Parquet and
        // spreadsheets are written as CSV (as the audit's split files are), and named so.
        let mut base = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "list".into());
        let binary = ["parquet", "xlsx", "xls", "xlsm", "ods"];
        if let Some(ext) = file.extension().and_then(|e| e.to_str()) {
            if binary.contains(&ext.to_ascii_lowercase().as_str()) {
                base = format!("{}.csv", base.trim_end_matches(ext).trim_end_matches('.'));
            }
        }
        let mut name = base.clone();
        let mut n = 2;
        while names.contains(&name) {
            name = format!("{n}-{base}");
            n += 1;
        }
        if let Some((temp, entry)) =
            erase::erase_file(file, &person, &options, &args.out, &name, &mut found)
                .map_err(strict_read_help)?
        {
            names.insert(name.clone());
            staged.push((temp, args.out.join(&name)));
            erased.push(entry);
        }
        Ok(())
    })?;
    let mut canonical: Vec<String> = person
        .targets
        .iter()
        .filter_map(|t| match t {
            Target::Phone(v) | Target::Email(v) => Some(v.clone()),
            Target::Fingerprint(_) => None,
        })
        .chain(found)
        .collect();
    canonical.sort();
    canonical.dedup();
    let fingerprints: Vec<String> = canonical.iter().map(|c| person.fingerprint(c)).collect();
    let receipt = json!({
        "receipt_version": "1.0",
        "erased_on": date::format_date(as_of),
        "person": { "fingerprints": fingerprints },
        "files_searched": files.len(),
        "files": erased,
        "suppress_into": args.suppress_into.as_ref().and_then(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned()),
    });
    let receipt = serde_json::to_string_pretty(&receipt).expect("the receipt serializes") + "\n";
    let temp = atomic::stage(&args.out, |w| w.write_all(receipt.as_bytes()))
        .map_err(|e| Error::io(&args.out, e, "check free space and permissions of --out"))?;
    staged.push((temp, args.out.join("receipt.json")));
    atomic::publish(staged)
        .map_err(|(target, e)| Error::io(&target, e, "check permissions of the --out folder"))?;
    let added = match &args.suppress_into {
        Some(list) => erase::suppress_into(list, &canonical)?,
        None => 0,
    };
    let removed: usize = erased.iter().map(|e| e.records_removed).sum();
    let masked: usize = erased.iter().map(|e| e.mentions_masked).sum();
    writeln!(
        out,
        "erased {removed} record(s) and masked {masked} mention(s) in {} of {} file(s); wrote the copies and receipt.json in {}{}",
        erased.len(),
        files.len(),
        args.out.display(),
        match &args.suppress_into {
            Some(list) => format!("; {added} hash(es) added to {}", list.display()),
            None => String::new(),
        }
    )
    .or_else(super::ignore_broken_pipe)?;
    end(unread)
}

fn prepare_dir(dir: &Path) -> Result<()> {
    if dir.exists() && !dir.is_dir() {
        return Err(Error::input(
            dir,
            "--out names a file, not a folder",
            "give --out a folder; it is created if missing",
        ));
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::io(dir, e, "choose an --out folder you can write to"))
}

/// Erasure writes each list back whole, so an unreadable record stops it; the reader's help
/// (about the audit's quarantine) is replaced by what to do here.
fn strict_read_help(error: Error) -> Error {
    match error {
        Error::Input {
            file,
            line: Some(line),
            message,
            ..
        } => Error::Input {
            file,
            line: Some(line),
            message,
            help: "erase writes each list back whole, so every record must be readable: fix or re-export that record, then erase again (`consentry subject find` searches past it)".into(),
            words: None,
        },
        other => other,
    }
}

/// Writes documents into `dir`, staged and published together, owner-only.
fn publish<'a>(dir: &Path, documents: impl Iterator<Item = (&'a str, &'a [u8])>) -> Result<()> {
    prepare_dir(dir)?;
    let mut staged = Vec::new();
    for (name, bytes) in documents {
        let temp = atomic::stage(dir, |w| w.write_all(bytes))
            .map_err(|e| Error::io(dir, e, "check free space and permissions of --out"))?;
        staged.push((temp, dir.join(name)));
    }
    atomic::publish(staged)
        .map_err(|(target, e)| Error::io(&target, e, "check permissions of the --out folder"))
}
