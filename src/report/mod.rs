//! The risk report: one model built from an audit, and one writer per format.
//!
//! `Report` holds everything a person or a script reads about a run, already masked (unless
//! `--show-pii`) and sorted, so every writer (JSON, Markdown, HTML) renders the same facts and
//! the output is byte-identical across runs and thread counts. No timestamps other than the
//! `--as-of` date go into a report.

pub mod baseline;
pub mod csv;
pub mod html;
pub mod markdown;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::audit::Audit;
use crate::decide::Decision;
use crate::enrich::PiiKind;
use crate::mask;
use crate::normalize::date::format_date;
use crate::rules::{Channel, Reference};

/// Version of the report.json contract (`schema/report.schema.json`).
pub const SCHEMA_VERSION: &str = "1.0";

/// How many worst records the report lists.
const WORST_RECORDS: usize = 20;

#[derive(Debug, Serialize)]
pub struct Report {
    pub schema_version: &'static str,
    pub tool: Tool,
    pub run: Run,
    pub input: InputFacts,
    pub packs: Vec<PackFacts>,
    pub counts: Counts,
    pub by_rule: Vec<RuleCount>,
    pub by_jurisdiction: Vec<GroupCount>,
    pub by_exporter: Vec<GroupCount>,
    pub by_source: Vec<GroupCount>,
    pub by_subject_kind: Vec<GroupCount>,
    pub personal_data_by_column: Vec<ColumnPii>,
    pub suppression_lists: Vec<ListFacts>,
    pub consent_ledgers: Vec<String>,
    pub worst_records: Vec<WorstRecord>,
    pub waivers: Vec<crate::waivers::WaiverUse>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<baseline::BaselineDiff>,
    pub recommendation: String,
    pub gate: Gate,
}

#[derive(Debug, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

#[derive(Debug, Serialize)]
pub struct Run {
    pub as_of: String,
    pub channels: Vec<&'static str>,
    pub options: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Serialize)]
pub struct InputFacts {
    pub file: String,
    pub size_bytes: u64,
    pub sha256: String,
    pub format: String,
    pub encoding: Option<String>,
    pub records: usize,
    pub exporter: String,
}

#[derive(Debug, Serialize)]
pub struct PackFacts {
    pub name: String,
    pub file: String,
    pub sha256: String,
    pub rules: usize,
}

#[derive(Debug, Default, Serialize, Clone, Copy)]
pub struct Counts {
    pub records: usize,
    pub keep: usize,
    pub review: usize,
    pub exclude: usize,
}

impl Counts {
    fn add(&mut self, decision: Decision) {
        self.records += 1;
        match decision {
            Decision::Keep => self.keep += 1,
            Decision::Review => self.review += 1,
            Decision::Exclude => self.exclude += 1,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct RuleCount {
    pub code: String,
    pub name: String,
    pub pack: String,
    pub severity: &'static str,
    pub action: &'static str,
    pub records: usize,
    pub message: String,
    pub docs: String,
    pub references: Vec<Reference>,
}

#[derive(Debug, Serialize)]
pub struct GroupCount {
    pub group: String,
    #[serde(flatten)]
    pub counts: Counts,
}

#[derive(Debug, Serialize)]
pub struct ColumnPii {
    pub column: String,
    pub role: String,
    pub counts: BTreeMap<String, u64>,
    pub summary: String,
    /// The column holds personal data the list does not need: drop it before import.
    pub drop: bool,
}

#[derive(Debug, Serialize)]
pub struct ListFacts {
    pub name: String,
    pub entries: usize,
    pub rejected_lines: Vec<usize>,
    pub matched_records: usize,
}

#[derive(Debug, Serialize)]
pub struct WorstRecord {
    pub record: usize,
    pub decision: &'static str,
    pub risk: u8,
    pub codes: Vec<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// Waiver fingerprints of the record's contact points (keyed hashes, not contact data).
    pub fingerprints: Vec<String>,
}

#[derive(Debug, Serialize, Clone)]
pub struct Gate {
    pub fail_on: String,
    pub max_exclude_rate: Option<f64>,
    pub passed: bool,
}

/// Gate settings (`--fail-on`, `--max-exclude-rate`).
#[derive(Debug, Clone)]
pub struct GateOptions {
    pub fail_on: String,
    pub max_exclude_rate: Option<f64>,
}

/// Whether the gate passes for these counts.
pub fn gate_passes(counts: &Counts, gate: &GateOptions) -> bool {
    let total = counts.records.max(1) as f64;
    let failing = match gate.fail_on.as_str() {
        "never" => 0,
        "review" => counts.review + counts.exclude,
        _ => counts.exclude,
    };
    match gate.max_exclude_rate {
        Some(rate) => (failing as f64 / total) <= rate,
        None => failing == 0,
    }
}

/// Builds the report of an audit. `options` are the run's settings as shown in the report.
pub fn build(
    audit: &Audit,
    packs: &[crate::rules::Pack],
    channels: &[Channel],
    as_of: i32,
    options: BTreeMap<String, serde_json::Value>,
    gate: &GateOptions,
    show_pii: bool,
) -> Report {
    let table = &audit.dataset.table;
    let info = &audit.dataset.info;
    let mut counts = Counts::default();
    for d in &audit.decisions {
        counts.add(d.decision);
    }
    let mut rule_records = vec![0usize; audit.rules.len()];
    for d in &audit.decisions {
        for f in &d.findings {
            rule_records[f.rule] += 1;
        }
    }
    let mut by_rule: Vec<RuleCount> = audit
        .rules
        .iter()
        .enumerate()
        .filter(|(i, _)| rule_records[*i] > 0)
        .map(|(i, r)| RuleCount {
            code: r.code.clone(),
            name: r.name.clone(),
            pack: r.pack.clone(),
            severity: r.severity.as_str(),
            action: r.action.as_str(),
            records: rule_records[i],
            message: r.message.clone(),
            docs: r.docs.trim().to_string(),
            references: r.references.clone(),
        })
        .collect();
    by_rule.sort_by(|a, b| b.records.cmp(&a.records).then_with(|| a.code.cmp(&b.code)));

    let facts = &audit.enriched.records;
    let by_jurisdiction = group_counts(&audit.decisions, |row| {
        facts[row].jurisdiction.as_deref().unwrap_or("unknown")
    });
    let exporter_id = audit.schema.detection.exporter.id();
    let by_exporter = group_counts(&audit.decisions, |_| exporter_id);
    let by_subject_kind = group_counts(&audit.decisions, |row| facts[row].subject.as_str());
    let by_source = group_counts(&audit.decisions, |row| audit.source_kinds[row]);

    let personal_data_by_column = audit
        .schema
        .columns
        .iter()
        .zip(&audit.enriched.column_pii)
        .filter(|(_, pii)| pii.total() > 0)
        .map(|(column, pii)| {
            let counts: BTreeMap<String, u64> = PiiKind::ALL
                .iter()
                .filter(|k| pii.counts[**k as usize] > 0)
                .map(|k| (k.as_str().to_string(), pii.counts[*k as usize]))
                .collect();
            let summary = PiiKind::ALL
                .iter()
                .filter(|k| pii.counts[**k as usize] > 0)
                .map(|k| {
                    format!(
                        "{} {}",
                        group_thousands(pii.counts[*k as usize] as usize),
                        k.plural()
                    )
                })
                .collect::<Vec<_>>()
                .join(", ");
            ColumnPii {
                column: column.header.clone(),
                role: column.role.as_str().to_string(),
                counts,
                summary,
                drop: true,
            }
        })
        .collect();

    let suppression_lists = audit
        .lists
        .iter()
        .map(|list| ListFacts {
            name: list.name.clone(),
            entries: list.entries,
            rejected_lines: list.rejected_lines.clone(),
            matched_records: (0..audit.decisions.len())
                .filter(|&row| {
                    let phones = audit
                        .enriched
                        .phones_of(row)
                        .filter(|p| p.valid)
                        .filter_map(|p| p.e164.as_deref());
                    let emails = audit
                        .enriched
                        .emails_of(row)
                        .filter_map(|e| e.normalized.as_deref());
                    phones.chain(emails).any(|value| {
                        list.contains(value, &crate::enrich::suppress::hash_contact(value))
                    })
                })
                .count(),
        })
        .collect();

    let mut order: Vec<usize> = (0..audit.decisions.len())
        .filter(|r| audit.decisions[*r].decision != Decision::Keep)
        .collect();
    order.sort_by(|a, b| {
        audit.decisions[*b]
            .risk
            .cmp(&audit.decisions[*a].risk)
            .then(a.cmp(b))
    });
    let worst_records = order
        .into_iter()
        .take(WORST_RECORDS)
        .map(|row| {
            let d = &audit.decisions[row];
            let phone = audit.enriched.phones_of(row).find_map(|p| p.e164.clone());
            let email = audit
                .enriched
                .emails_of(row)
                .find_map(|e| e.normalized.clone());
            WorstRecord {
                record: row + 1,
                decision: d.decision.as_str(),
                risk: d.risk,
                codes: d
                    .findings
                    .iter()
                    .map(|f| audit.rules[f.rule].code.clone())
                    .collect(),
                phone: phone.map(|p| mask::shown(&p, show_pii, mask::mask_phone)),
                email: email.map(|e| mask::shown(&e, show_pii, mask::mask_email)),
                fingerprints: Vec::new(),
            }
        })
        .collect();

    let passed = gate_passes(&counts, gate);
    let recommendation = recommendation(&counts, &by_rule);
    Report {
        schema_version: SCHEMA_VERSION,
        tool: Tool {
            name: "consentry",
            version: env!("CARGO_PKG_VERSION"),
        },
        run: Run {
            as_of: format_date(as_of),
            channels: channels.iter().map(|c| c.as_str()).collect(),
            options,
        },
        input: InputFacts {
            file: info
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            size_bytes: info.size,
            sha256: info.sha256.clone(),
            format: info.format.to_string(),
            encoding: info.encoding.map(str::to_string),
            records: table.len(),
            exporter: exporter_id.to_string(),
        },
        packs: packs
            .iter()
            .map(|p| PackFacts {
                name: p.name.clone(),
                file: p.file.clone(),
                sha256: p.sha256.clone(),
                rules: p.rules.len(),
            })
            .collect(),
        counts,
        by_rule,
        by_jurisdiction,
        by_exporter,
        by_source,
        by_subject_kind,
        personal_data_by_column,
        suppression_lists,
        consent_ledgers: audit
            .ledger
            .files
            .iter()
            .map(|f| f.rsplit('/').next().unwrap_or(f).to_string())
            .collect(),
        worst_records,
        waivers: audit.waivers.clone(),
        baseline: None,
        recommendation,
        gate: Gate {
            fail_on: gate.fail_on.clone(),
            max_exclude_rate: gate.max_exclude_rate,
            passed,
        },
    }
}

/// Decisions counted by a per-record key. Keys are borrowed: one String per group, not per
/// record. Groups come largest first, then by name.
fn group_counts<'k>(
    decisions: &[crate::decide::RecordDecision],
    key: impl Fn(usize) -> &'k str,
) -> Vec<GroupCount> {
    let mut groups: BTreeMap<&str, Counts> = BTreeMap::new();
    for (row, d) in decisions.iter().enumerate() {
        groups.entry(key(row)).or_default().add(d.decision);
    }
    let mut out: Vec<GroupCount> = groups
        .into_iter()
        .map(|(group, counts)| GroupCount {
            group: group.to_string(),
            counts,
        })
        .collect();
    out.sort_by(|a, b| {
        b.counts
            .records
            .cmp(&a.counts.records)
            .then_with(|| a.group.cmp(&b.group))
    });
    out
}

/// `12,345`.
pub fn group_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn percent(part: usize, total: usize) -> String {
    match (part * 100 + total / 2).checked_div(total) {
        Some(p) => format!("{p}%"),
        None => "0%".into(),
    }
}

/// The plain-language recommendation at the top of every report.
fn recommendation(counts: &Counts, by_rule: &[RuleCount]) -> String {
    let total = counts.records;
    let mut text = format!(
        "Exclude {} of {} records ({})",
        group_thousands(counts.exclude),
        group_thousands(total),
        percent(counts.exclude, total)
    );
    let reasons: Vec<String> = by_rule
        .iter()
        .filter(|r| r.action == "exclude")
        .take(3)
        .map(|r| {
            format!(
                "{} for {} ({})",
                group_thousands(r.records),
                r.code,
                r.message.trim_end_matches('.')
            )
        })
        .collect();
    if !reasons.is_empty() {
        text.push_str(": ");
        text.push_str(&reasons.join("; "));
    }
    text.push_str(&format!(
        ". Review {} ({}) before use. Keep {} ({}).",
        group_thousands(counts.review),
        percent(counts.review, total),
        group_thousands(counts.keep),
        percent(counts.keep, total)
    ));
    text
}

/// Fills the worst records' waiver fingerprints with the run's key.
pub fn set_fingerprints(report: &mut Report, audit: &Audit, key: &str) {
    for worst in &mut report.worst_records {
        worst.fingerprints =
            crate::waivers::record_fingerprints(&audit.enriched, worst.record - 1, key);
    }
}

/// Serializes the report as JSON (pretty, trailing newline).
pub fn to_json(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(report).expect("the report serializes");
    text.push('\n');
    text
}
