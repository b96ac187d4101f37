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
    // A rule's cells and a contact column's name are the same on every line they appear on,
    // so each is written out once here and a line is copies of those pieces: millions of lines
    // no longer escape the same message again each time.
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
    crate::output::in_parallel_blocks(audit.decisions.len(), out, |records, buf| {
        for i in records {
            // Digits only: nothing to neutralize or quote.
            let mut digits = [0; 20];
            let record = decimal((audit.first_record + i + 1) as u64, &mut digits);
            // In code order already (`RecordDecision::findings`).
            for finding in &audit.decisions[i].findings {
                let (code_and_severity, message) = &rule_cells[finding.rule];
                buf.extend_from_slice(record);
                buf.extend_from_slice(code_and_severity);
                if let Some(column) = contact_column(audit, i, finding.channels.first()) {
                    buf.extend_from_slice(&column_cells[column]);
                }
                buf.extend_from_slice(message);
            }
        }
        Ok(())
    })
}

/// The schema column of the contact point a finding on `channel` is about, if any.
fn contact_column(
    audit: &Audit,
    row: usize,
    channel: Option<crate::rules::Channel>,
) -> Option<usize> {
    let facts = &audit.enriched.records[row];
    let reference = match channel {
        Some(crate::rules::Channel::Email) => audit.enriched.email_refs_of(facts).first(),
        Some(_) => audit.enriched.phone_refs_of(facts).first(),
        None => None,
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
