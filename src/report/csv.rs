//! `decisions.csv` and `findings.csv`: the machine- and spreadsheet-facing tables.
//!
//! `findings.csv` is opened by people in Excel, so a cell that starts with `=`, `+`, `-` or `@`
//! is neutralized with a leading `'` (formula injection, CWE-1236). Values are masked: the
//! messages are the rules' own sentences and name no contact point.

use std::borrow::Cow;
use std::io::{self, Write};

use crate::audit::Audit;
use crate::decide::RecordDecision;
use crate::output::write_csv_field;
use crate::rules::Rule;

/// Neutralizes a cell a spreadsheet would run as a formula; other cells are borrowed as they
/// are (nearly all of them: millions of findings cells are written per list).
pub fn neutralize_formula(value: &str) -> Cow<'_, str> {
    match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{value}")),
        _ => Cow::Borrowed(value),
    }
}

/// One cell as these tables write it: neutralized, then quoted as CSV needs.
fn cell(out: &mut dyn Write, value: &str) -> io::Result<()> {
    write_csv_field(&neutralize_formula(value), b',', out)
}

fn row(out: &mut dyn Write, cells: &[&str]) -> io::Result<()> {
    for (i, value) in cells.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        cell(out, value)?;
    }
    out.write_all(b"\n")
}

/// `record,decision,risk,codes,call,sms,whatsapp,email`: one line per input record, in input
/// order; the last four are each channel's answer (keep, review, exclude, none, or empty for a
/// channel the run did not audit). Written part by part; the header comes with the first part.
pub fn write_decisions(audit: &Audit, out: &mut dyn Write) -> io::Result<()> {
    if audit.first_record == 0 {
        row(
            out,
            &[
                "record", "decision", "risk", "codes", "call", "sms", "whatsapp", "email",
            ],
        )?;
    }
    crate::output::in_parallel_blocks(audit.decisions.len(), out, |records, buf| {
        // One codes cell reused for every line: a line used to allocate four strings.
        let mut codes = String::new();
        for i in records {
            let d = &audit.decisions[i];
            codes.clear();
            push_codes(&mut codes, d, &audit.rules);
            // The record number, the decision and the risk are digits and plain words:
            // nothing to neutralize or quote.
            push_decimal(buf, (audit.first_record + i + 1) as u64);
            buf.push(b',');
            buf.extend_from_slice(d.decision.as_str().as_bytes());
            buf.push(b',');
            push_decimal(buf, u64::from(d.risk));
            buf.push(b',');
            cell(buf, &codes)?;
            // Plain words or nothing: nothing to neutralize or quote.
            for answer in d.channels {
                buf.push(b',');
                buf.extend_from_slice(answer.as_str().as_bytes());
            }
            buf.push(b'\n');
        }
        Ok(())
    })
}

/// Appends a record's `codes` cell, as decisions.csv and the review and exclude files write
/// it: the codes of the rules that fired, in code order (`RecordDecision::findings`), joined
/// by `;`.
pub fn push_codes(out: &mut String, decision: &RecordDecision, rules: &[Rule]) {
    for (k, finding) in decision.findings.iter().enumerate() {
        if k > 0 {
            out.push(';');
        }
        out.push_str(&rules[finding.rule].code);
    }
}

/// Appends `n` in decimal.
fn push_decimal(buf: &mut Vec<u8>, n: u64) {
    buf.extend_from_slice(decimal(n, &mut [0; 20]));
}

/// `n` in decimal, written at the end of `digits`: without the formatting machinery and the
/// String that `to_string` goes through for every line.
fn decimal(mut n: u64, digits: &mut [u8; 20]) -> &[u8] {
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    &digits[at..]
}

/// `record,code,severity,column,message`: one line per fired rule and record, sorted by
/// record then code. `column` names the contact column the finding is about, when there is one.
/// Written part by part; the header comes with the first part.
pub fn write_findings(audit: &Audit, out: &mut dyn Write) -> io::Result<()> {
    if audit.first_record == 0 {
        row(out, &["record", "code", "severity", "column", "message"])?;
    }
    // A rule's cells and a column's name are the same on every line they appear on, so each
    // is written out once here and a line is copies of those pieces: millions of lines no
    // longer escape the same message again each time.
    let mut rule_cells = Vec::with_capacity(audit.rules.len());
    for rule in &audit.rules {
        let mut code_and_severity = vec![b','];
        cell(&mut code_and_severity, &rule.code)?;
        code_and_severity.push(b',');
        cell(&mut code_and_severity, rule.severity.as_str())?;
        code_and_severity.push(b',');
        let mut message = vec![b','];
        cell(&mut message, &rule.message)?;
        message.push(b'\n');
        rule_cells.push((code_and_severity, message));
    }
    let mut column_cells = Vec::with_capacity(audit.schema.columns.len());
    for column in &audit.schema.columns {
        let mut name = Vec::new();
        cell(&mut name, &column.header)?;
        column_cells.push(name);
    }
    let abouts: Vec<About> = audit.rules.iter().map(About::of).collect();
    let columns = Columns::of(&audit.schema);
    crate::output::in_parallel_blocks(audit.decisions.len(), out, |records, buf| {
        let mut named: Vec<Option<usize>> = Vec::with_capacity(4);
        for i in records {
            // Digits only: nothing to neutralize or quote.
            let mut digits = [0; 20];
            let record = decimal((audit.first_record + i + 1) as u64, &mut digits);
            // In code order already (`RecordDecision::findings`).
            for finding in &audit.decisions[i].findings {
                let (code_and_severity, message) = &rule_cells[finding.rule];
                // One line per column the finding is about: a finding on texts and e-mails
                // is about the phone column and the e-mail column.
                named.clear();
                for channel in finding.channels.iter() {
                    let column = columns.about(abouts[finding.rule], audit, i, channel);
                    if !named.contains(&column) {
                        named.push(column);
                    }
                }
                for column in &named {
                    buf.extend_from_slice(record);
                    buf.extend_from_slice(code_and_severity);
                    if let Some(column) = column {
                        buf.extend_from_slice(&column_cells[*column]);
                    }
                    buf.extend_from_slice(message);
                }
            }
        }
        Ok(())
    })
}

/// What a rule's finding is about, from the canonical columns its condition reads, most
/// specific first: the free text that holds personal data, the category, an opt-out flag, the
/// contact point of the channel, the consent columns (or the contact point, for a consent
/// from a ledger), the lawful basis, the source, the collection date, the country, the name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum About {
    FreeText,
    Category,
    OptOut,
    Consent,
    LawfulBasis,
    Source,
    Collected,
    ContactPoint,
    Country,
    Name,
    Nothing,
}

impl About {
    fn of(rule: &Rule) -> About {
        let reads = |names: &[&str]| {
            names.iter().any(|name| {
                rule.when.match_indices(name).any(|(at, _)| {
                    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
                    let before = rule.when[..at].chars().next_back();
                    let after = rule.when[at + name.len()..].chars().next();
                    !before.is_some_and(word) && !after.is_some_and(word)
                })
            })
        };
        if reads(&["text_pii_kinds"]) {
            About::FreeText
        } else if reads(&["sensitive_category"]) {
            About::Category
        } else if reads(&["opted_out"]) {
            About::OptOut
        } else if reads(&[
            "phone_e164",
            "phone_region",
            "phone_type",
            "phone_valid",
            "email_norm",
            "email_class",
            "email_valid",
            "email_personal",
            "contact_point",
            "has_contact_point",
            "reachable",
            "reachable_anywhere",
            "suppressed_by",
            "record_suppressed_by",
            "registry",
            "registry_screened",
            "duplicate_of",
        ]) {
            About::ContactPoint
        } else if reads(&[
            "consent_status",
            "consent_at",
            "consent_age_days",
            "consent_method",
            "consent_channels",
            "consent_covers_channel",
            "consent_proof",
            "consent_obtained_by",
            "withdrawn_at",
        ]) {
            About::Consent
        } else if reads(&["lawful_basis"]) {
            About::LawfulBasis
        } else if reads(&["source_kind"]) {
            About::Source
        } else if reads(&["collected_at", "record_age_days"]) {
            About::Collected
        } else if reads(&["jurisdiction", "jurisdiction_covered", "country"]) {
            About::Country
        } else if reads(&["subject_kind"]) {
            About::Name
        } else {
            About::Nothing
        }
    }
}

/// The first column of each role a finding can be about.
struct Columns {
    category: Option<usize>,
    consent: Option<usize>,
    lawful_basis: Option<usize>,
    source: Option<usize>,
    collected: Option<usize>,
    country: Option<usize>,
    name: Option<usize>,
    opt_outs: Vec<(usize, &'static [crate::channel::Channel])>,
}

impl Columns {
    fn of(schema: &crate::schema::Schema) -> Self {
        use crate::schema::Role;
        let first = |roles: &[Role]| {
            roles
                .iter()
                .find_map(|r| schema.columns_with(*r).next().map(|c| c.index))
        };
        Columns {
            category: first(&[Role::Category, Role::Name]),
            consent: first(&Role::CONSENT),
            lawful_basis: first(&[Role::LawfulBasis]),
            source: first(&[Role::Source]),
            collected: first(&[Role::CollectedAt]),
            country: first(&[Role::Country, Role::CountryCode, Role::Address, Role::City]),
            name: first(&[Role::Name, Role::Company, Role::FirstName]),
            opt_outs: schema
                .columns
                .iter()
                .map(|c| (c.index, crate::enrich::provenance::opt_out_channels(c.role)))
                .filter(|(_, channels)| !channels.is_empty())
                .collect(),
        }
    }

    /// The column a finding about `about` on `channel` names for one record, if any.
    fn about(
        &self,
        about: About,
        audit: &Audit,
        row: usize,
        channel: crate::channel::Channel,
    ) -> Option<usize> {
        let contact = || contact_column(audit, row, channel);
        let facts = &audit.enriched.records[row];
        match about {
            About::FreeText => facts.text_pii_column.map(|c| c as usize),
            About::Category => self.category,
            About::OptOut => self
                .opt_outs
                .iter()
                .find(|(column, channels)| {
                    channels.contains(&channel)
                        && crate::enrich::provenance::truthy(
                            &audit.dataset.table.cell(row, *column),
                        )
                })
                .map(|(column, _)| *column),
            // A consent from a ledger has no column: the contact point it is about.
            About::Consent => self.consent.or_else(contact),
            About::LawfulBasis => self.lawful_basis,
            About::Source => self.source,
            About::Collected => self.collected,
            About::ContactPoint => contact(),
            About::Country => self.country,
            About::Name => self.name,
            About::Nothing => None,
        }
    }
}

/// The schema column of the contact point a finding on `channel` is about, if any.
fn contact_column(audit: &Audit, row: usize, channel: crate::channel::Channel) -> Option<usize> {
    let facts = &audit.enriched.records[row];
    let reference = match channel {
        crate::channel::Channel::Email => audit.enriched.email_refs_of(facts).first(),
        _ => audit.enriched.phone_refs_of(facts).first(),
    }?;
    Some(reference.column as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_as_to_string_writes_them() {
        for n in [0, 7, 10, 99, 100, 1_000_000, u64::MAX] {
            let mut buf = b"x".to_vec();
            push_decimal(&mut buf, n);
            assert_eq!(buf, format!("x{n}").into_bytes());
        }
    }

    #[test]
    fn formula_cells_are_neutralized() {
        assert_eq!(
            neutralize_formula("=HYPERLINK(\"x\")"),
            "'=HYPERLINK(\"x\")"
        );
        assert_eq!(neutralize_formula("+966"), "'+966");
        assert_eq!(neutralize_formula("-1"), "'-1");
        assert_eq!(neutralize_formula("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralize_formula("plain"), "plain");
    }
}
