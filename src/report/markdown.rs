//! `report.md`: the risk report as Markdown, for people and for pasting into tickets.

use std::fmt::Write;

use super::{group_thousands, Report};

/// Renders the report as Markdown.
pub fn render(report: &Report) -> String {
    let mut md = String::new();
    let _ = writeln!(md, "# consentry risk report: {}\n", report.input.file);
    let _ = writeln!(md, "**{}**\n", report.recommendation);
    let c = &report.counts;
    let _ = writeln!(
        md,
        "| records | keep | review | exclude |\n|---:|---:|---:|---:|"
    );
    let _ = writeln!(
        md,
        "| {} | {} | {} | {} |\n",
        group_thousands(c.records),
        group_thousands(c.keep),
        group_thousands(c.review),
        group_thousands(c.exclude)
    );
    let gate = if report.gate.passed {
        "passed"
    } else {
        "FAILED"
    };
    let _ = writeln!(
        md,
        "Gate: **{gate}** (fail on `{}`{}). Audit date {}; channels {}; exporter `{}`; input {} bytes, SHA-256 `{}`.\n",
        report.gate.fail_on,
        report
            .gate
            .max_exclude_rate
            .map(|r| format!(", max rate {r}"))
            .unwrap_or_default(),
        report.run.as_of,
        report.run.channels.join(", "),
        report.input.exporter,
        report.input.size_bytes,
        report.input.sha256
    );
    let _ = writeln!(md, "## Rules that fired\n");
    if report.by_rule.is_empty() {
        let _ = writeln!(md, "None.\n");
    } else {
        let _ = writeln!(
            md,
            "| code | rule | severity | action | records | why |\n|---|---|---|---|---:|---|"
        );
        for r in &report.by_rule {
            let _ = writeln!(
                md,
                "| {} | `{}` | {} | {} | {} | {} |",
                r.code,
                r.name,
                r.severity,
                r.action,
                group_thousands(r.records),
                r.message
            );
        }
        let _ = writeln!(md);
        for r in &report.by_rule {
            let _ = writeln!(
                md,
                "### {} {}\n\n{}\n",
                r.code,
                r.name,
                r.docs.replace("## ", "#### ")
            );
            let _ = writeln!(md, "References:\n");
            for reference in &r.references {
                match &reference.url {
                    Some(url) => {
                        let _ = writeln!(md, "- [{}]({url})", reference.title);
                    }
                    None => {
                        let _ = writeln!(md, "- {}", reference.title);
                    }
                }
            }
            let _ = writeln!(md);
        }
    }
    for (title, groups) in [
        ("By jurisdiction", &report.by_jurisdiction),
        ("By source", &report.by_source),
        ("By subject", &report.by_subject_kind),
    ] {
        let _ = writeln!(
            md,
            "## {title}\n\n| | records | keep | review | exclude |\n|---|---:|---:|---:|---:|"
        );
        for g in groups {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} |",
                g.group, g.counts.records, g.counts.keep, g.counts.review, g.counts.exclude
            );
        }
        let _ = writeln!(md);
    }
    let _ = writeln!(md, "## Personal data in free-text columns\n");
    if report.personal_data_by_column.is_empty() {
        let _ = writeln!(md, "None found.\n");
    } else {
        for column in &report.personal_data_by_column {
            let _ = writeln!(md, "- drop column `{}`: {}", column.column, column.summary);
        }
        let _ = writeln!(md);
    }
    if !report.suppression_lists.is_empty() {
        let _ = writeln!(md, "## Suppression lists\n\n| list | entries | records matched | unreadable lines |\n|---|---:|---:|---|");
        for list in &report.suppression_lists {
            let lines: Vec<String> = list.rejected_lines.iter().map(|l| l.to_string()).collect();
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} |",
                list.name,
                list.entries,
                list.matched_records,
                lines.join(", ")
            );
        }
        let _ = writeln!(md);
    }
    let _ = writeln!(md, "## Highest-risk records (masked)\n");
    if report.worst_records.is_empty() {
        let _ = writeln!(md, "None.\n");
    } else {
        let _ = writeln!(
            md,
            "| record | decision | risk | codes | phone | e-mail |\n|---:|---|---:|---|---|---|"
        );
        for w in &report.worst_records {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} | {} |",
                w.record,
                w.decision,
                w.risk,
                w.codes.join(", "),
                w.phone.as_deref().unwrap_or(""),
                w.email.as_deref().unwrap_or("")
            );
        }
        let _ = writeln!(md);
    }
    if !report.waivers.is_empty() {
        let _ = writeln!(md, "## Waivers\n\n| rule | fingerprint | expires | status | findings waived | reason |\n|---|---|---|---|---:|---|");
        for w in &report.waivers {
            let _ = writeln!(
                md,
                "| {} | `{}` | {} | {} | {} | {} |",
                w.rule, w.fingerprint, w.expires, w.status, w.findings_waived, w.reason
            );
        }
        let _ = writeln!(md);
    }
    if let Some(baseline) = &report.baseline {
        let _ = writeln!(
            md,
            "## Since the baseline of {}\n\nBefore: {} keep, {} review, {} exclude. Now: {} keep, {} review, {} exclude.{}\n",
            baseline.baseline_as_of,
            baseline.counts_before.keep,
            baseline.counts_before.review,
            baseline.counts_before.exclude,
            baseline.counts_now.keep,
            baseline.counts_now.review,
            baseline.counts_now.exclude,
            if baseline.same_input { "" } else { " The input file changed." }
        );
        let _ = writeln!(md, "| code | before | now | change |\n|---|---:|---:|---|");
        for r in baseline.rules.iter().filter(|r| r.change != "same") {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} |",
                r.code, r.before, r.now, r.change
            );
        }
        let _ = writeln!(md);
    }
    let _ = writeln!(md, "## Packs\n");
    for p in &report.packs {
        let _ = writeln!(
            md,
            "- `{}` ({} rules), SHA-256 `{}`",
            p.name, p.rules, p.sha256
        );
    }
    let _ = writeln!(
        md,
        "\nconsentry {}; report schema {}. This report is not legal advice.",
        report.tool.version, report.schema_version
    );
    md
}
