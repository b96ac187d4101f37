//! `report.md`: the risk report as Markdown, for people and for pasting into tickets.

use std::fmt::Write;

use super::html::{pii_summary_ar, term, Lang};
use super::{group_thousands, recommendation_ar, Report};

/// Appends a Markdown table: `columns` are (header, right-aligned), then one row per item.
/// An empty table is written as "None." so a section never looks broken.
fn table(md: &mut String, lang: Lang, columns: &[(&'static str, bool)], rows: Vec<Vec<String>>) {
    if rows.is_empty() {
        let _ = writeln!(md, "{}\n", tr(lang, "None."));
        return;
    }
    let header: Vec<&str> = columns.iter().map(|(h, _)| tr(lang, h)).collect();
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

/// Renders the report as Markdown, in English or Arabic.
pub fn render(report: &Report, lang: Lang) -> String {
    let mut md = String::new();
    let ar = lang == Lang::Ar;
    let _ = writeln!(
        md,
        "# {}: {}\n",
        tr(lang, "consentry risk report"),
        report.input.file
    );
    let recommendation = if ar {
        recommendation_ar(&report.counts, &report.by_rule)
    } else {
        report.recommendation.clone()
    };
    let _ = writeln!(md, "**{recommendation}**\n");
    let c = &report.counts;
    let n = |v: usize| group_thousands(v);
    table(
        &mut md,
        lang,
        &[
            ("records", true),
            ("keep", true),
            ("review", true),
            ("exclude", true),
        ],
        vec![vec![n(c.records), n(c.keep), n(c.review), n(c.exclude)]],
    );
    let gate = tr(
        lang,
        if report.gate.passed {
            "passed"
        } else {
            "FAILED"
        },
    );
    let rate = report
        .gate
        .max_exclude_rate
        .map(|r| crate::l10n::format(lang, "markdown-gate-rate", &[("rate", r.to_string())]))
        .unwrap_or_default();
    let channels: Vec<&str> = report.run.channels.iter().map(|c| term(lang, c)).collect();
    let gate_line = crate::l10n::format(
        lang,
        "markdown-gate-line",
        &[
            ("gate", gate.to_string()),
            ("fail_on", term(lang, &report.gate.fail_on).to_string()),
            ("rate", rate),
            ("as_of", report.run.as_of.clone()),
            (
                "channels",
                channels.join(crate::l10n::text(lang, "list-separator")),
            ),
            ("exporter", report.input.exporter.to_string()),
            ("bytes", report.input.size_bytes.to_string()),
            ("sha256", report.input.sha256.clone()),
        ],
    );
    let _ = writeln!(md, "{gate_line}\n");

    let _ = writeln!(md, "{}\n", tr(lang, "## By channel"));
    let _ = writeln!(md, "{}\n", tr(lang, "Each channel is answered on its own; `none` counts records with no usable contact point there."));
    table(
        &mut md,
        lang,
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
                    term(lang, c.channel).to_string(),
                    n(c.keep),
                    n(c.review),
                    n(c.exclude),
                    n(c.none),
                ]
            })
            .collect(),
    );

    let _ = writeln!(md, "{}\n", tr(lang, "## Rules that fired"));
    table(
        &mut md,
        lang,
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
                    term(lang, r.severity).to_string(),
                    term(lang, r.action).to_string(),
                    n(r.records),
                    if ar {
                        r.message_ar.clone().unwrap_or_else(|| r.message.clone())
                    } else {
                        r.message.clone()
                    },
                ]
            })
            .collect(),
    );
    for r in &report.by_rule {
        let _ = writeln!(
            md,
            "### {} {}\n\n{}\n\n{}\n",
            r.code,
            if ar {
                format!("`{}`", r.name)
            } else {
                r.name.clone()
            },
            if ar {
                r.docs_ar.as_deref().unwrap_or(&r.docs)
            } else {
                &r.docs
            }
            .replace("## ", "#### "),
            tr(lang, "References:")
        );
        for reference in &r.references {
            let _ = match &reference.url {
                Some(url) => writeln!(md, "- [{}]({url})", reference.title_in(lang)),
                None => writeln!(md, "- {}", reference.title_in(lang)),
            };
        }
        md.push('\n');
    }

    for (title, groups) in [
        ("By jurisdiction", &report.by_jurisdiction),
        ("By source", &report.by_source),
        ("By subject", &report.by_subject_kind),
    ] {
        let _ = writeln!(md, "## {}\n", tr(lang, title));
        table(
            &mut md,
            lang,
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
                        term(lang, &g.group).to_string(),
                        n(g.counts.records),
                        n(g.counts.keep),
                        n(g.counts.review),
                        n(g.counts.exclude),
                    ]
                })
                .collect(),
        );
    }

    let _ = writeln!(
        md,
        "{}\n",
        tr(lang, "## Personal data in free-text columns")
    );
    if report.personal_data_by_column.is_empty() {
        let _ = writeln!(md, "{}\n", tr(lang, "None found."));
    } else {
        for column in &report.personal_data_by_column {
            let summary = if ar {
                pii_summary_ar(&column.counts)
            } else {
                column.summary.clone()
            };
            let _ = writeln!(
                md,
                "- {} `{}`: {summary}",
                tr(lang, "drop column"),
                column.column
            );
        }
        md.push('\n');
    }

    if !report.suppression_lists.is_empty() {
        let _ = writeln!(md, "{}\n", tr(lang, "## Suppression lists"));
        table(
            &mut md,
            lang,
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
        let _ = writeln!(md, "{}\n", tr(lang, "## Values not understood"));
        let _ = writeln!(md, "{}\n", tr(lang, "These source and consent values were read as an unknown source and as no consent. Classify your own in `consentry.toml` (`[sources]`, `[consent_values]`)."));
        table(
            &mut md,
            lang,
            &[("column role", false), ("value", false), ("records", true)],
            report
                .unrecognised_values
                .iter()
                .map(|u| vec![u.role.to_string(), u.value.clone(), n(u.records as usize)])
                .collect(),
        );
    }

    if !report.rejected_records.is_empty() {
        let _ = writeln!(md, "{}\n", tr(lang, "## Records set aside as unreadable"));
        let _ = writeln!(md, "{}\n", tr(lang, "These lines of the input could not be read as records; they are in `rejected.<ext>` as they were, and were not audited."));
        table(
            &mut md,
            lang,
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

    let _ = writeln!(md, "{}\n", tr(lang, "## Highest-risk records (masked)"));
    table(
        &mut md,
        lang,
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
                    term(lang, w.decision).to_string(),
                    w.risk.to_string(),
                    w.codes.join(", "),
                    w.phone.clone().unwrap_or_default(),
                    w.email.clone().unwrap_or_default(),
                ]
            })
            .collect(),
    );

    if !report.waivers.is_empty() {
        let _ = writeln!(md, "{}\n", tr(lang, "## Waivers"));
        table(
            &mut md,
            lang,
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
        let changed = if baseline.same_input {
            ""
        } else {
            tr(lang, " The input file changed.")
        };
        let heading = crate::l10n::format(
            lang,
            "markdown-baseline-heading",
            &[("as_of", baseline.baseline_as_of.to_string())],
        );
        let counts = crate::l10n::format(
            lang,
            "markdown-baseline-counts",
            &[
                ("keep_before", before.keep.to_string()),
                ("review_before", before.review.to_string()),
                ("exclude_before", before.exclude.to_string()),
                ("keep_now", now.keep.to_string()),
                ("review_now", now.review.to_string()),
                ("exclude_now", now.exclude.to_string()),
            ],
        );
        let _ = writeln!(md, "{heading}\n\n{counts}{changed}\n");
        table(
            &mut md,
            lang,
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

    let _ = writeln!(md, "{}\n", tr(lang, "## Packs"));
    for p in &report.packs {
        let _ = writeln!(
            md,
            "- `{}` ({} {}), SHA-256 `{}`",
            p.name,
            p.rules,
            tr(lang, "rules"),
            p.sha256
        );
    }
    let _ = writeln!(
        md,
        "\nconsentry {}; {} {}. {}",
        report.tool.version,
        tr(lang, "report schema"),
        report.schema_version,
        tr(lang, "This report is not legal advice.")
    );
    md
}

/// A label of the Markdown report in `lang`, named by its English text (`md-*` in
/// `locales/*/consentry.ftl`, see `l10n::markdown_id`); else a vocabulary word as the page
/// names it (`html::term`). A label missing from both stays English; the Arabic test counts
/// what reaches the page.
fn tr(lang: Lang, english: &'static str) -> &'static str {
    crate::l10n::text_if_any(lang, &crate::l10n::markdown_id(english))
        .unwrap_or_else(|| term(lang, english))
}
