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
pub mod splits;

use crate::l10n::{self, Lang};
use std::collections::BTreeMap;

use serde::Serialize;

use crate::audit::Audit;
use crate::channel::Channel;
use crate::decide::{Answer, Decision};
use crate::enrich::suppress::ListKind;
use crate::enrich::PiiKind;
use crate::mask;
use crate::normalize::date::format_date;
use crate::rules::Reference;

/// Version of the report.json contract (`schema/report.schema.json`).
pub const SCHEMA_VERSION: &str = "1.1";

/// How many worst records the report lists.
const WORST_RECORDS: usize = 20;

/// How many values not understood the report lists, the most frequent first.
const UNRECOGNISED_SHOWN: usize = 50;

#[derive(Debug, Serialize)]
pub struct Report {
    pub schema_version: &'static str,
    pub tool: Tool,
    pub run: Run,
    pub input: InputFacts,
    pub packs: Vec<PackFacts>,
    pub counts: Counts,
    /// Each audited channel's answers: how many records may be contacted on it.
    pub by_channel: Vec<ChannelCounts>,
    pub by_rule: Vec<RuleCount>,
    pub by_jurisdiction: Vec<GroupCount>,
    pub by_exporter: Vec<GroupCount>,
    pub by_source: Vec<GroupCount>,
    pub by_subject_kind: Vec<GroupCount>,
    pub personal_data_by_column: Vec<ColumnPii>,
    pub suppression_lists: Vec<ListFacts>,
    pub consent_ledgers: Vec<String>,
    pub worst_records: Vec<WorstRecord>,
    /// Source and consent values the vocabularies did not understand: counted as unknown
    /// source and no consent until classified in `consentry.toml`.
    pub unrecognised_values: Vec<UnrecognisedValue>,
    /// Unreadable records set aside into `rejected.<ext>` (`--on-bad-record quarantine`):
    /// where they are and why, never their content.
    pub rejected_records: Vec<RejectedRecord>,
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

/// One channel's answers over the list.
#[derive(Debug, Default, Serialize, Clone, Copy)]
pub struct ChannelCounts {
    pub channel: &'static str,
    pub keep: usize,
    pub review: usize,
    pub exclude: usize,
    /// Records with no usable contact point on the channel.
    pub none: usize,
}

/// Lines of the input set aside as unreadable.
#[derive(Debug, Serialize, Clone)]
pub struct RejectedRecord {
    /// 1-based line where they start.
    pub line: u64,
    /// How many lines they take.
    pub lines: usize,
    pub bytes: usize,
    pub reason: String,
}

/// A value of a source or consent column that no vocabulary understood.
#[derive(Debug, Serialize, Clone)]
pub struct UnrecognisedValue {
    /// The column role: `source` or `consent_status`.
    pub role: &'static str,
    /// The value as written, masked when it holds a phone or an e-mail.
    pub value: String,
    pub records: u64,
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
    /// The message in Arabic, where the rule has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_ar: Option<String>,
    pub docs: String,
    /// The documentation in Arabic, where the rule has it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docs_ar: Option<String>,
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
    /// `internal`, or the registry the list comes from (`uk-tps`, `us-dnc`, ...).
    pub kind: &'static str,
    /// When it was checked against its registry (YYYY-MM-DD), if given.
    pub checked_at: Option<String>,
    /// Days from the check to the audit date.
    pub age_days: Option<i32>,
    /// The country the list screens on the audit date (a registry list within its window);
    /// `None` for internal lists and for stale or undated registry lists.
    pub screens: Option<String>,
    pub entries: usize,
    pub rejected_lines: Vec<usize>,
    pub matched_records: usize,
}

#[derive(Debug, Serialize, Clone)]
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

/// The report's figures, accumulated part by part as the list is audited, so the report of a
/// list read in parts is the report of the whole list: counts are summed, and only the worst
/// records so far are kept.
pub struct Tally {
    counts: Counts,
    rule_records: Vec<usize>,
    by_jurisdiction: BTreeMap<String, Counts>,
    by_subject_kind: BTreeMap<&'static str, Counts>,
    by_source: BTreeMap<&'static str, Counts>,
    column_pii: Vec<crate::enrich::ColumnPii>,
    list_matches: Vec<usize>,
    /// At most `WORST_RECORDS`, riskiest first, then by record.
    worst: Vec<WorstRecord>,
    /// Per channel (`Channel::ALL` order), records by answer (`Answer as usize`).
    by_channel: [[usize; 5]; 4],
    unrecognised: crate::enrich::provenance::Unrecognised,
    rejected: Vec<RejectedRecord>,
    show_pii: bool,
    fingerprint_key: String,
}

impl Tally {
    /// An empty tally; `show_pii` unmasks the worst records' contacts, `fingerprint_key` keys
    /// their waiver fingerprints.
    pub fn new(show_pii: bool, fingerprint_key: &str) -> Self {
        Tally {
            counts: Counts::default(),
            rule_records: Vec::new(),
            by_jurisdiction: BTreeMap::new(),
            by_subject_kind: BTreeMap::new(),
            by_source: BTreeMap::new(),
            column_pii: Vec::new(),
            list_matches: Vec::new(),
            worst: Vec::new(),
            by_channel: [[0; 5]; 4],
            unrecognised: Default::default(),
            rejected: Vec::new(),
            show_pii,
            fingerprint_key: fingerprint_key.to_string(),
        }
    }

    /// Adds the records of one audited part.
    pub fn add(&mut self, audit: &Audit) {
        self.rule_records.resize(audit.rules.len(), 0);
        let facts = &audit.enriched.records;
        self.unrecognised.merge(&audit.provenance.unrecognised);
        self.rejected
            .extend(audit.dataset.rejected.iter().map(|r| RejectedRecord {
                line: r.line,
                lines: r.text.lines().count().max(1),
                bytes: r.text.len(),
                reason: r.reason.clone(),
            }));
        for (row, d) in audit.decisions.iter().enumerate() {
            self.counts.add(d.decision);
            for (counts, answer) in self.by_channel.iter_mut().zip(d.channels) {
                counts[answer as usize] += 1;
            }
            for f in &d.findings {
                self.rule_records[f.rule] += 1;
            }
            let jurisdiction = facts[row].jurisdiction.as_deref().unwrap_or("unknown");
            match self.by_jurisdiction.get_mut(jurisdiction) {
                Some(counts) => counts.add(d.decision),
                None => {
                    let mut counts = Counts::default();
                    counts.add(d.decision);
                    self.by_jurisdiction
                        .insert(jurisdiction.to_string(), counts);
                }
            }
            self.by_subject_kind
                .entry(facts[row].subject.as_str())
                .or_default()
                .add(d.decision);
            self.by_source
                .entry(audit.provenance.source_kinds[row])
                .or_default()
                .add(d.decision);
        }
        self.column_pii
            .resize(audit.enriched.column_pii.len(), Default::default());
        for (total, part) in self.column_pii.iter_mut().zip(&audit.enriched.column_pii) {
            for (t, p) in total.counts.iter_mut().zip(part.counts) {
                *t += p;
            }
        }
        self.add_list_matches(audit);
        self.add_worst(audit);
    }

    /// Records holding a value on each suppression list. Each distinct value is looked up
    /// once, then records are array lookups.
    fn add_list_matches(&mut self, audit: &Audit) {
        use rayon::prelude::*;
        self.list_matches.resize(audit.lists.len(), 0);
        let enriched = &audit.enriched;
        for (list, matched) in audit.lists.iter().zip(&mut self.list_matches) {
            let on_list =
                |value: &str| list.contains(value, &crate::enrich::suppress::hash_contact(value));
            let phones: Vec<bool> = enriched
                .phones
                .par_iter()
                .map(|p| p.valid && p.e164.as_deref().is_some_and(on_list))
                .collect();
            let emails: Vec<bool> = enriched
                .emails
                .par_iter()
                .map(|e| e.normalized.as_deref().is_some_and(on_list))
                .collect();
            *matched += enriched
                .records
                .iter()
                .filter(|facts| {
                    enriched
                        .phone_refs_of(facts)
                        .iter()
                        .any(|r| phones[r.value as usize])
                        || enriched
                            .email_refs_of(facts)
                            .iter()
                            .any(|r| emails[r.value as usize])
                })
                .count();
        }
    }

    fn add_worst(&mut self, audit: &Audit) {
        let mut order: Vec<usize> = (0..audit.decisions.len())
            .filter(|r| audit.decisions[*r].decision != Decision::Keep)
            .collect();
        let riskiest_first = |a: &usize, b: &usize| {
            audit.decisions[*b]
                .risk
                .cmp(&audit.decisions[*a].risk)
                .then(a.cmp(b))
        };
        // Only the first few are kept: they are selected in linear time and only they are
        // sorted (the keys are unique, so this is the order a full sort gives them).
        if order.len() > WORST_RECORDS {
            order.select_nth_unstable_by(WORST_RECORDS - 1, riskiest_first);
            order.truncate(WORST_RECORDS);
        }
        order.sort_by(riskiest_first);
        let show_pii = self.show_pii;
        let candidates = order.into_iter().map(|row| {
            let d = &audit.decisions[row];
            let phone = audit.enriched.phones_of(row).find_map(|p| p.e164.clone());
            let email = audit
                .enriched
                .emails_of(row)
                .find_map(|e| e.normalized.clone());
            WorstRecord {
                record: audit.first_record + row + 1,
                decision: d.decision.as_str(),
                risk: d.risk,
                codes: d
                    .findings
                    .iter()
                    .map(|f| audit.rules[f.rule].code.clone())
                    .collect(),
                phone: phone.map(|p| mask::shown(&p, show_pii, mask::mask_phone)),
                email: email.map(|e| mask::shown(&e, show_pii, mask::mask_email)),
                fingerprints: crate::waivers::record_fingerprints(
                    &audit.enriched,
                    row,
                    &self.fingerprint_key,
                ),
            }
        });
        self.worst.extend(candidates);
        self.worst
            .sort_by(|a, b| b.risk.cmp(&a.risk).then(a.record.cmp(&b.record)));
        self.worst.truncate(WORST_RECORDS);
    }
}

/// Builds the report of an audit from its tally and its last part (which holds the run's
/// facts: the file's checksum, the rules, lists, ledgers and waivers). `options` are the run's
/// settings as shown in the report.
#[allow(clippy::too_many_arguments)]
pub fn build(
    tally: &Tally,
    audit: &Audit,
    packs: &[crate::rules::Pack],
    channels: &[Channel],
    as_of: i32,
    options: BTreeMap<String, serde_json::Value>,
    gate: &GateOptions,
) -> Report {
    let info = &audit.dataset.info;
    let counts = tally.counts;
    let rule_records = |i: usize| tally.rule_records.get(i).copied().unwrap_or(0);
    let mut by_rule: Vec<RuleCount> = audit
        .rules
        .iter()
        .enumerate()
        .filter(|(i, _)| rule_records(*i) > 0)
        .map(|(i, r)| RuleCount {
            code: r.code.clone(),
            name: r.name.clone(),
            pack: r.pack.clone(),
            severity: r.severity.as_str(),
            action: r.action.as_str(),
            records: rule_records(i),
            message: r.message.clone(),
            message_ar: r.message_ar.clone(),
            docs: r.docs.trim().to_string(),
            docs_ar: r.docs_ar.as_deref().map(|d| d.trim().to_string()),
            references: r.references.clone(),
        })
        .collect();
    by_rule.sort_by(|a, b| b.records.cmp(&a.records).then_with(|| a.code.cmp(&b.code)));

    let exporter_id = audit.schema.detection.exporter.id();
    let by_jurisdiction = groups(tally.by_jurisdiction.iter().map(|(k, c)| (k.as_str(), *c)));
    let by_exporter = groups([(exporter_id, counts)].into_iter());
    let by_subject_kind = groups(tally.by_subject_kind.iter().map(|(k, c)| (*k, *c)));
    let by_source = groups(tally.by_source.iter().map(|(k, c)| (*k, *c)));

    let personal_data_by_column = audit
        .schema
        .columns
        .iter()
        .zip(&tally.column_pii)
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
        .enumerate()
        .map(|(i, list)| ListFacts {
            name: list.name.clone(),
            kind: list.kind.as_str(),
            checked_at: list.checked_at.map(format_date),
            age_days: list.checked_at.map(|d| as_of - d),
            screens: match list.kind {
                ListKind::Registry(r) if list.screens(r, as_of) => {
                    Some(crate::enrich::suppress::registries()[r].country.clone())
                }
                _ => None,
            },
            entries: list.entries,
            rejected_lines: list.rejected_lines.clone(),
            matched_records: tally.list_matches.get(i).copied().unwrap_or(0),
        })
        .collect();

    let by_channel = channels
        .iter()
        .map(|&channel| {
            let answers = &tally.by_channel[channel as usize];
            let count = |answer: Answer| answers[answer as usize];
            ChannelCounts {
                channel: channel.as_str(),
                keep: count(Answer::Keep),
                review: count(Answer::Review),
                exclude: count(Answer::Exclude),
                none: count(Answer::None),
            }
        })
        .collect();
    let mut unrecognised_values: Vec<UnrecognisedValue> = tally
        .unrecognised
        .values
        .iter()
        .map(|((role, value), records)| UnrecognisedValue {
            role,
            value: if tally.show_pii {
                value.clone()
            } else {
                mask::mask_text(value)
            },
            records: *records,
        })
        .collect();
    unrecognised_values.sort_by(|a, b| {
        b.records
            .cmp(&a.records)
            .then_with(|| a.role.cmp(b.role))
            .then_with(|| a.value.cmp(&b.value))
    });
    unrecognised_values.truncate(UNRECOGNISED_SHOWN);
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
            records: counts.records,
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
        by_channel,
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
        worst_records: tally.worst.clone(),
        unrecognised_values,
        rejected_records: tally.rejected.clone(),
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

/// Groups with their counts, largest first, then by name.
fn groups<'k>(counted: impl Iterator<Item = (&'k str, Counts)>) -> Vec<GroupCount> {
    let mut out: Vec<GroupCount> = counted
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
    recommendation_in(Lang::En, counts, by_rule)
}

/// The recommendation in Arabic, from the same counts and rules as [`recommendation`].
/// Numbers, percentages and rule codes are isolated (Fluent's first-strong isolates) so that
/// they keep their order inside right-to-left text.
pub fn recommendation_ar(counts: &Counts, by_rule: &[RuleCount]) -> String {
    recommendation_in(Lang::Ar, counts, by_rule)
}

fn recommendation_in(lang: Lang, counts: &Counts, by_rule: &[RuleCount]) -> String {
    let total = counts.records;
    let mut text = l10n::format(
        lang,
        "recommendation-exclude",
        &[
            ("exclude", group_thousands(counts.exclude)),
            ("records", group_thousands(total)),
            ("share", percent(counts.exclude, total)),
        ],
    );
    let reasons: Vec<String> = by_rule
        .iter()
        .filter(|r| r.action == "exclude")
        .take(3)
        .map(|r| {
            let message = match lang {
                Lang::En => r.message.trim_end_matches('.'),
                Lang::Ar => r
                    .message_ar
                    .as_deref()
                    .unwrap_or(&r.message)
                    .trim_end_matches(['.', '。']),
            };
            l10n::format(
                lang,
                "recommendation-reason",
                &[
                    ("count", group_thousands(r.records)),
                    ("code", r.code.clone()),
                    ("message", message.to_string()),
                ],
            )
        })
        .collect();
    if !reasons.is_empty() {
        text.push_str(": ");
        text.push_str(&reasons.join(l10n::text(lang, "recommendation-reason-separator")));
    }
    text.push_str(". ");
    text.push_str(&l10n::format(
        lang,
        "recommendation-rest",
        &[
            ("review", group_thousands(counts.review)),
            ("review_share", percent(counts.review, total)),
            ("keep", group_thousands(counts.keep)),
            ("keep_share", percent(counts.keep, total)),
        ],
    ));
    text
}

/// Serializes the report as JSON (pretty, trailing newline).
pub fn to_json(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(report).expect("the report serializes");
    text.push('\n');
    text
}
