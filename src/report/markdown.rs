//! `report.md`: the risk report as Markdown, for people and for pasting into tickets.

use std::fmt::Write;

use super::{group_thousands, Report};

/// Appends a Markdown table: `columns` are (header, right-aligned), then one row per item.
/// An empty table is written as "None." so a section never looks broken.
fn table(md: &mut String, columns: &[(&str, bool)], rows: Vec<Vec<String>>) {
    if rows.is_empty() {
        md.push_str("None.\n\n");
        return;
    }
    let header: Vec<&str> = columns.iter().map(|(h, _)| *h).collect();
    let align: Vec<&str> = columns
        .iter()
        .map(|(_, right)| if *right { "---:" } else { "---" })
        .collect();
    let _ = writeln!(md, "| {} |\n|{}|", header.join(" | "), align.join("|"));
    for row in rows {
        let cells: Vec<String> = row.into_iter().map(|c| c.replace('|', "\\|")).collect();
        let _ = writeln!(md, "| {} |", cells.join(" | "));
    }
    md.push('\n');
}

/// Renders the report as Markdown.
pub fn render(report: &Report) -> String {
    let mut md = String::new();
    let _ = writeln!(md, "# consentry risk report: {}\n", report.input.file);
    let _ = writeln!(md, "**{}**\n", report.recommendation);
    let c = &report.counts;
    let n = |v: usize| group_thousands(v);
    table(
        &mut md,
        &[
            ("records", true),
            ("keep", true),
            ("review", true),
            ("exclude", true),
        ],
        vec![vec![n(c.records), n(c.keep), n(c.review), n(c.exclude)]],
    );
    let gate = if report.gate.passed {
        "passed"
    } else {
        "FAILED"
    };
    let rate = report
        .gate
        .max_exclude_rate
        .map(|r| format!(", max rate {r}"))
        .unwrap_or_default();
    let _ = writeln!(
        md,
        "Gate: **{gate}** (fail on `{}`{rate}). Audit date {}; channels {}; exporter `{}`; input {} bytes, SHA-256 `{}`.\n",
        report.gate.fail_on,
        report.run.as_of,
        report.run.channels.join(", "),
        report.input.exporter,
        report.input.size_bytes,
        report.input.sha256
    );

    md.push_str("## By channel\n\n");
    md.push_str("Each channel is answered on its own; `none` counts records with no usable contact point there.\n\n");
    table(
        &mut md,
        &[
            ("channel", false),
            ("keep", true),
            ("review", true),
            ("exclude", true),
            ("none", true),
        ],
        report
            .by_channel
            .iter()
            .map(|c| {
                vec![
                    c.channel.to_string(),
                    n(c.keep),
                    n(c.review),
                    n(c.exclude),
                    n(c.none),
                ]
            })
            .collect(),
    );

    md.push_str("## Rules that fired\n\n");
    table(
        &mut md,
        &[
            ("code", false),
            ("rule", false),
            ("severity", false),
            ("action", false),
            ("records", true),
            ("why", false),
        ],
        report
            .by_rule
            .iter()
            .map(|r| {
                vec![
                    r.code.clone(),
                    format!("`{}`", r.name),
                    r.severity.to_string(),
                    r.action.to_string(),
                    n(r.records),
                    r.message.clone(),
                ]
            })
            .collect(),
    );
    for r in &report.by_rule {
        let _ = writeln!(
            md,
            "### {} {}\n\n{}\n\nReferences:\n",
            r.code,
            r.name,
            r.docs.replace("## ", "#### ")
        );
        for reference in &r.references {
            let _ = match &reference.url {
                Some(url) => writeln!(md, "- [{}]({url})", reference.title),
                None => writeln!(md, "- {}", reference.title),
            };
        }
        md.push('\n');
    }

    for (title, groups) in [
        ("By jurisdiction", &report.by_jurisdiction),
        ("By source", &report.by_source),
        ("By subject", &report.by_subject_kind),
    ] {
        let _ = writeln!(md, "## {title}\n");
        table(
            &mut md,
            &[
                ("", false),
                ("records", true),
                ("keep", true),
                ("review", true),
                ("exclude", true),
            ],
            groups
                .iter()
                .map(|g| {
                    vec![
                        g.group.clone(),
                        n(g.counts.records),
                        n(g.counts.keep),
                        n(g.counts.review),
                        n(g.counts.exclude),
                    ]
                })
                .collect(),
        );
    }

    md.push_str("## Personal data in free-text columns\n\n");
    if report.personal_data_by_column.is_empty() {
        md.push_str("None found.\n\n");
    } else {
        for column in &report.personal_data_by_column {
            let _ = writeln!(md, "- drop column `{}`: {}", column.column, column.summary);
        }
        md.push('\n');
    }

    if !report.suppression_lists.is_empty() {
        md.push_str("## Suppression lists\n\n");
        table(
            &mut md,
            &[
                ("list", false),
                ("kind", false),
                ("checked", false),
                ("age (days)", true),
                ("screens", false),
                ("entries", true),
                ("records matched", true),
                ("unreadable lines", false),
            ],
            report
                .suppression_lists
                .iter()
                .map(|l| {
                    let lines: Vec<String> =
                        l.rejected_lines.iter().map(|x| x.to_string()).collect();
                    vec![
                        l.name.clone(),
                        l.kind.to_string(),
                        l.checked_at.clone().unwrap_or_default(),
                        l.age_days.map(|d| d.to_string()).unwrap_or_default(),
                        l.screens.clone().unwrap_or_else(|| "-".into()),
                        n(l.entries),
                        n(l.matched_records),
                        lines.join(", "),
                    ]
                })
                .collect(),
        );
    }

    if !report.unrecognised_values.is_empty() {
        md.push_str("## Values not understood\n\n");
        md.push_str("These source and consent values were read as an unknown source and as no consent. Classify your own in `consentry.toml` (`[sources]`, `[consent_values]`).\n\n");
        table(
            &mut md,
            &[("column role", false), ("value", false), ("records", true)],
            report
                .unrecognised_values
                .iter()
                .map(|u| vec![u.role.to_string(), u.value.clone(), n(u.records as usize)])
                .collect(),
        );
    }

    if !report.rejected_records.is_empty() {
        md.push_str("## Records set aside as unreadable\n\n");
        md.push_str("These lines of the input could not be read as records; they are in `rejected.<ext>` as they were, and were not audited.\n\n");
        table(
            &mut md,
            &[
                ("line", true),
                ("lines", true),
                ("bytes", true),
                ("why", false),
            ],
            report
                .rejected_records
                .iter()
                .map(|r| vec![r.line.to_string(), n(r.lines), n(r.bytes), r.reason.clone()])
                .collect(),
        );
    }

    md.push_str("## Highest-risk records (masked)\n\n");
    table(
        &mut md,
        &[
            ("record", true),
            ("decision", false),
            ("risk", true),
            ("codes", false),
            ("phone", false),
            ("e-mail", false),
        ],
        report
            .worst_records
            .iter()
            .map(|w| {
                vec![
                    w.record.to_string(),
                    w.decision.to_string(),
                    w.risk.to_string(),
                    w.codes.join(", "),
                    w.phone.clone().unwrap_or_default(),
                    w.email.clone().unwrap_or_default(),
                ]
            })
            .collect(),
    );

    if !report.waivers.is_empty() {
        md.push_str("## Waivers\n\n");
        table(
            &mut md,
            &[
                ("rule", false),
                ("fingerprint", false),
                ("expires", false),
                ("status", false),
                ("findings waived", true),
                ("reason", false),
            ],
            report
                .waivers
                .iter()
                .map(|w| {
                    vec![
                        w.rule.clone(),
                        format!("`{}`", w.fingerprint),
                        w.expires.clone(),
                        w.status.to_string(),
                        w.findings_waived.to_string(),
                        w.reason.clone(),
                    ]
                })
                .collect(),
        );
    }

    if let Some(baseline) = &report.baseline {
        let (before, now) = (&baseline.counts_before, &baseline.counts_now);
        let _ = writeln!(
            md,
            "## Since the baseline of {}\n\nBefore: {} keep, {} review, {} exclude. Now: {} keep, {} review, {} exclude.{}\n",
            baseline.baseline_as_of,
            before.keep,
            before.review,
            before.exclude,
            now.keep,
            now.review,
            now.exclude,
            if baseline.same_input { "" } else { " The input file changed." }
        );
        table(
            &mut md,
            &[
                ("code", false),
                ("before", true),
                ("now", true),
                ("change", false),
            ],
            baseline
                .rules
                .iter()
                .filter(|r| r.change != "same")
                .map(|r| vec![r.code.clone(), n(r.before), n(r.now), r.change.to_string()])
                .collect(),
        );
    }

    md.push_str("## Packs\n\n");
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
