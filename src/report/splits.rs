//! Writing an audit's files: the per-record outputs (`decisions.csv`, `findings.csv`, the keep,
//! review and exclude splits in the input's format, one keep file per channel), filled part by
//! part as the audit goes, and the three reports; all staged in the output directory and
//! published together, so an interrupted run never leaves a half-written or half-replaced set.
//! Files are owner-only (0600).

use std::io::Write;
use std::path::Path;

use rustc_hash::FxHashMap;

use crate::audit::Audit;
use crate::channel::Channel;
use crate::decide::{Answer, Decision, RecordDecision};
use crate::error::{Error, Result};
use crate::input::Format;
use crate::output::{self, ExtraColumns};
use crate::report::{self, html};

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
pub struct Splits {
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
    pub fn create(dir: &Path, first: &Audit, by_channel: &[Channel]) -> Result<Splits> {
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
    /// Appends an audited part to every per-record output.
    pub fn write(&mut self, part: &Audit) -> Result<()> {
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
pub fn write_outputs(
    dir: &Path,
    splits: Splits,
    last: &Audit,
    report: &report::Report,
    lang: html::Lang,
) -> Result<Vec<String>> {
    let json = report::to_json(report);
    let markdown = report::markdown::render(report, lang);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decide::{Channels, Finding};

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
