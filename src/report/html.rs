//! `report.html`: one self-contained page for a person (inline CSS and SVG, no scripts, no
//! fonts, no network), printable, in English or in right-to-left Arabic (`--lang ar`).

use std::fmt::Write;

use super::{group_thousands, Report};

use crate::l10n;
/// The report's language.
pub use crate::l10n::Lang;

struct Labels {
    title: &'static str,
    recommendation: &'static str,
    records: &'static str,
    keep: &'static str,
    review: &'static str,
    exclude: &'static str,
    decisions: &'static str,
    top_rules: &'static str,
    jurisdictions: &'static str,
    pii: &'static str,
    rules_fired: &'static str,
    code: &'static str,
    rule: &'static str,
    severity: &'static str,
    action: &'static str,
    why: &'static str,
    references: &'static str,
    worst: &'static str,
    record: &'static str,
    risk: &'static str,
    codes: &'static str,
    phone: &'static str,
    email: &'static str,
    gate: &'static str,
    passed: &'static str,
    failed: &'static str,
    audit_date: &'static str,
    channels: &'static str,
    drop_column: &'static str,
    none: &'static str,
    disclaimer: &'static str,
    by_channel: &'static str,
    channel: &'static str,
    no_contact: &'static str,
    unrecognised: &'static str,
    unrecognised_note: &'static str,
    value: &'static str,
    column_role: &'static str,
}

/// The page's labels in `lang` (`report-*` in `locales/*/consentry.ftl`).
fn labels(lang: Lang) -> Labels {
    macro_rules! from_locale {
        ($($field:ident),* $(,)?) => {
            Labels { $($field: l10n::text(lang, concat!("report-", stringify!($field))),)* }
        };
    }
    from_locale!(
        title,
        recommendation,
        records,
        keep,
        review,
        exclude,
        decisions,
        top_rules,
        jurisdictions,
        pii,
        rules_fired,
        code,
        rule,
        severity,
        action,
        why,
        references,
        worst,
        record,
        risk,
        codes,
        phone,
        email,
        gate,
        passed,
        failed,
        audit_date,
        channels,
        drop_column,
        none,
        disclaimer,
        by_channel,
        channel,
        no_contact,
        unrecognised,
        unrecognised_note,
        value,
        column_role
    )
}

/// Appends a table: the headers (escaped here) and rows of cells that are already HTML.
fn table(h: &mut String, headers: &[&str], rows: impl Iterator<Item = Vec<String>>) {
    h.push_str("<table><thead><tr>");
    for header in headers {
        let _ = write!(h, "<th>{}</th>", escape(header));
    }
    h.push_str("</tr></thead><tbody>\n");
    for row in rows {
        h.push_str("<tr>");
        for cell in row {
            let _ = write!(h, "<td>{cell}</td>");
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody></table>\n");
}

/// Renders a rule's documentation (Markdown, possibly from a user's pack) as HTML that is safe
/// in a self-contained page: raw HTML in it is shown as text, images become their text (an
/// image would be a network request), and only `http`, `https`, `mailto` and in-page links
/// stay links. Headings start at level 4, under the report's own.
pub fn markdown_to_html(markdown: &str) -> String {
    use pulldown_cmark::{CowStr, Event, HeadingLevel, Parser, Tag, TagEnd};
    let safe = |url: &str| {
        let lower = url.trim_start().to_ascii_lowercase();
        ["http://", "https://", "mailto:", "#"]
            .iter()
            .any(|scheme| lower.starts_with(scheme))
    };
    let deeper = |level: HeadingLevel| match level {
        HeadingLevel::H1 => HeadingLevel::H4,
        HeadingLevel::H2 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    };
    // Links left out: their end tags are dropped too, in order.
    let mut dropped_links: Vec<bool> = Vec::new();
    let mut in_image = 0usize;
    let events = Parser::new(markdown).filter_map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Image { .. }) => {
            in_image += 1;
            None
        }
        Event::End(TagEnd::Image) => {
            in_image -= 1;
            None
        }
        Event::Start(Tag::Link {
            dest_url,
            title,
            link_type,
            id,
        }) => {
            let keep = safe(&dest_url);
            dropped_links.push(!keep);
            keep.then_some(Event::Start(Tag::Link {
                dest_url,
                title,
                link_type,
                id,
            }))
        }
        Event::End(TagEnd::Link) => {
            (!dropped_links.pop().unwrap_or(false)).then_some(Event::End(TagEnd::Link))
        }
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Some(Event::Start(Tag::Heading {
            level: deeper(level),
            id,
            classes,
            attrs,
        })),
        Event::End(TagEnd::Heading(level)) => Some(Event::End(TagEnd::Heading(deeper(level)))),
        other if in_image > 0 => match other {
            Event::Text(text) => Some(Event::Text(text)),
            _ => Some(Event::Text(CowStr::Borrowed(""))),
        },
        other => Some(other),
    });
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// A horizontal bar chart as inline SVG. In Arabic the bars grow from the right. Coordinates
/// are laid out left to right (`direction: ltr` on the chart), whatever the page direction.
fn bars(items: &[(String, usize, &str)], rtl: bool) -> String {
    let max = items.iter().map(|(_, v, _)| *v).max().unwrap_or(1).max(1);
    let row_height = 26;
    let width = 560;
    let label_width = 190;
    let bar_space = width - label_width - 70;
    let height = row_height * items.len().max(1) + 6;
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" style="direction: ltr">"#
    );
    for (i, (label, value, color)) in items.iter().enumerate() {
        let y = i * row_height + 4;
        let bar = (*value * bar_space) / max;
        let bar = bar.max(if *value > 0 { 2 } else { 0 });
        let (label_x, anchor, bar_x, value_x, value_anchor) = if rtl {
            (
                width - 4,
                "end",
                width - label_width - bar,
                width - label_width - bar - 6,
                "end",
            )
        } else {
            (
                label_width - 8,
                "end",
                label_width,
                label_width + bar + 6,
                "start",
            )
        };
        let _ = write!(
            svg,
            r#"<text x="{label_x}" y="{}" text-anchor="{anchor}" font-size="13">{}</text><rect x="{bar_x}" y="{y}" width="{bar}" height="18" rx="3" fill="{color}"/><text x="{value_x}" y="{}" text-anchor="{value_anchor}" font-size="13">{}</text>"#,
            y + 14,
            escape(label),
            y + 14,
            group_thousands(*value)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A value the report prints from the vocabulary (a channel, severity or action), in the page's
/// language; anything else as it is.
pub fn term(lang: Lang, value: &str) -> &str {
    l10n::text_if_any(lang, &format!("term-{value}")).unwrap_or(value)
}

/// What a column holds, in Arabic: "kind: count" per kind of personal data, which spares the
/// Arabic plural its agreement with the number.
pub fn pii_summary_ar(counts: &std::collections::BTreeMap<String, u64>) -> String {
    counts
        .iter()
        .map(|(kind, count)| {
            let noun = l10n::text_if_any(Lang::Ar, &format!("pii-{kind}")).unwrap_or(kind);
            format!("{noun}: {}", group_thousands(*count as usize))
        })
        .collect::<Vec<_>>()
        .join(l10n::text(Lang::Ar, "list-separator"))
}

/// Renders the report as one self-contained HTML page.
pub fn render(report: &Report, lang: Lang) -> String {
    let l = &labels(lang);
    let (rtl, code) = match lang {
        Lang::En => (false, "en"),
        Lang::Ar => (true, "ar"),
    };
    let dir = if rtl { "rtl" } else { "ltr" };
    let mut h = String::new();
    let _ = writeln!(
        h,
        r#"<!DOCTYPE html>
<html lang="{code}" dir="{dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>{title}: {file}</title>
<style>
body {{ font-family: "Noto Sans", "DejaVu Sans", Tahoma, Arial, sans-serif; margin: 2rem auto; max-width: 1000px; color: #1d2330; line-height: 1.45; padding: 0 1rem; }}
h1 {{ font-size: 1.6rem; margin-bottom: .2rem; }}
h2 {{ font-size: 1.2rem; border-bottom: 2px solid #e3e6ee; padding-bottom: .2rem; margin-top: 2rem; }}
.meta {{ color: #5a6275; font-size: .9rem; }}
.recommendation {{ background: #fff6e0; border-inline-start: 5px solid #e0a000; padding: .8rem 1rem; font-weight: 600; }}
.cards {{ display: flex; gap: 1rem; flex-wrap: wrap; }}
.card {{ flex: 1; min-width: 140px; border-radius: 8px; padding: .8rem 1rem; color: #fff; }}
.card b {{ display: block; font-size: 1.8rem; }}
.keep {{ background: #2e7d32; }} .review {{ background: #e0a000; }} .exclude {{ background: #c62828; }} .total {{ background: #37474f; }}
table {{ border-collapse: collapse; width: 100%; font-size: .9rem; margin: .5rem 0 1rem; }}
th, td {{ border: 1px solid #d7dbe5; padding: .35rem .5rem; text-align: start; vertical-align: top; }}
th {{ background: #f2f4f8; }}
details {{ margin: .3rem 0; }}
.gate-passed {{ color: #2e7d32; font-weight: 700; }} .gate-failed {{ color: #c62828; font-weight: 700; }}
svg text {{ font-family: inherit; fill: #1d2330; }}
@media print {{ body {{ margin: 0; max-width: none; }} details {{ display: block; }} .card {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }} }}
</style>
</head>
<body>"#,
        title = escape(l.title),
        file = escape(&report.input.file)
    );
    let gate_class = if report.gate.passed {
        "gate-passed"
    } else {
        "gate-failed"
    };
    let gate_word = if report.gate.passed {
        l.passed
    } else {
        l.failed
    };
    let _ = writeln!(
        h,
        r#"<h1>{}</h1>
<p class="meta"><bdi>{}</bdi> · {}: <bdi dir="ltr">{}</bdi> · {}: {} · {}: <span class="{gate_class}">{}</span> · <bdi dir="ltr">consentry {}</bdi></p>
<h2>{}</h2>
<p class="recommendation" dir="auto">{}</p>"#,
        escape(l.title),
        escape(&report.input.file),
        escape(l.audit_date),
        escape(&report.run.as_of),
        escape(l.channels),
        escape(
            &report
                .run
                .channels
                .iter()
                .map(|c| term(lang, c))
                .collect::<Vec<_>>()
                .join(l10n::text(lang, "list-separator"))
        ),
        escape(l.gate),
        escape(gate_word),
        escape(report.tool.version),
        escape(l.recommendation),
        escape(&match lang {
            Lang::En => report.recommendation.clone(),
            Lang::Ar => super::recommendation_ar(&report.counts, &report.by_rule),
        })
    );
    let c = &report.counts;
    let _ = writeln!(
        h,
        r#"<div class="cards"><div class="card total"><b>{}</b>{}</div><div class="card keep"><b>{}</b>{}</div><div class="card review"><b>{}</b>{}</div><div class="card exclude"><b>{}</b>{}</div></div>"#,
        group_thousands(c.records),
        escape(l.records),
        group_thousands(c.keep),
        escape(l.keep),
        group_thousands(c.review),
        escape(l.review),
        group_thousands(c.exclude),
        escape(l.exclude)
    );
    let decisions = [
        (l.keep.to_string(), c.keep, "#2e7d32"),
        (l.review.to_string(), c.review, "#e0a000"),
        (l.exclude.to_string(), c.exclude, "#c62828"),
    ];
    let _ = writeln!(
        h,
        "<h2>{}</h2>\n{}",
        escape(l.decisions),
        bars(&decisions, rtl)
    );
    let _ = writeln!(h, "<h2>{}</h2>", escape(l.by_channel));
    table(
        &mut h,
        &[l.channel, l.keep, l.review, l.exclude, l.no_contact],
        report.by_channel.iter().map(|c| {
            vec![
                format!("<bdi>{}</bdi>", escape(term(lang, c.channel))),
                group_thousands(c.keep),
                group_thousands(c.review),
                group_thousands(c.exclude),
                group_thousands(c.none),
            ]
        }),
    );
    if !report.unrecognised_values.is_empty() {
        let _ = writeln!(
            h,
            "<h2>{}</h2>\n<p>{}</p>",
            escape(l.unrecognised),
            escape(l.unrecognised_note)
        );
        table(
            &mut h,
            &[l.column_role, l.value, l.records],
            report.unrecognised_values.iter().map(|u| {
                vec![
                    format!("<bdi>{}</bdi>", escape(u.role)),
                    format!("<bdi>{}</bdi>", escape(&u.value)),
                    group_thousands(u.records as usize),
                ]
            }),
        );
    }
    let top: Vec<(String, usize, &str)> = report
        .by_rule
        .iter()
        .take(10)
        .map(|r| {
            (
                r.code.clone(),
                r.records,
                if r.action == "exclude" {
                    "#c62828"
                } else {
                    "#e0a000"
                },
            )
        })
        .collect();
    if !top.is_empty() {
        let _ = writeln!(h, "<h2>{}</h2>\n{}", escape(l.top_rules), bars(&top, rtl));
    }
    let jurisdictions: Vec<(String, usize, &str)> = report
        .by_jurisdiction
        .iter()
        .take(12)
        .map(|g| (g.group.clone(), g.counts.records, "#3f51b5"))
        .collect();
    let _ = writeln!(
        h,
        "<h2>{}</h2>\n{}",
        escape(l.jurisdictions),
        bars(&jurisdictions, rtl)
    );
    let _ = writeln!(h, "<h2>{}</h2>", escape(l.pii));
    if report.personal_data_by_column.is_empty() {
        let _ = writeln!(h, "<p>{}</p>", escape(l.none));
    } else {
        let pii: Vec<(String, usize, &str)> = report
            .personal_data_by_column
            .iter()
            .map(|p| {
                (
                    p.column.clone(),
                    p.counts.values().sum::<u64>() as usize,
                    "#6a1b9a",
                )
            })
            .collect();
        let _ = writeln!(h, "{}\n<ul>", bars(&pii, rtl));
        for p in &report.personal_data_by_column {
            let _ = writeln!(
                h,
                "<li>{} <code>{}</code>: {}</li>",
                escape(l.drop_column),
                escape(&p.column),
                escape(&match lang {
                    Lang::En => p.summary.clone(),
                    Lang::Ar => pii_summary_ar(&p.counts),
                })
            );
        }
        h.push_str("</ul>\n");
    }
    let _ = writeln!(h, "<h2>{}</h2>", escape(l.rules_fired));
    if report.by_rule.is_empty() {
        let _ = writeln!(h, "<p>{}</p>", escape(l.none));
    } else {
        let _ = writeln!(
            h,
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            escape(l.code),
            escape(l.rule),
            escape(l.severity),
            escape(l.action),
            escape(l.records),
            escape(l.references)
        );
        for r in &report.by_rule {
            let refs: Vec<String> = r
                .references
                .iter()
                .map(|reference| match &reference.url {
                    Some(url) => format!(
                        r#"<a href="{}">{}</a>"#,
                        escape(url),
                        escape(reference.title_in(lang))
                    ),
                    None => escape(reference.title_in(lang)),
                })
                .collect();
            let _ = writeln!(
                h,
                "<tr><td><b>{}</b></td><td><code>{}</code><br>{}<details><summary>{}</summary><div class=\"doc\">{}</div></details></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&r.code),
                escape(&r.name),
                escape(match lang {
                    Lang::Ar => r.message_ar.as_deref().unwrap_or(&r.message),
                    Lang::En => &r.message,
                }),
                escape(l.why),
                markdown_to_html(match lang {
                    Lang::Ar => r.docs_ar.as_deref().unwrap_or(&r.docs),
                    Lang::En => &r.docs,
                }),
                escape(term(lang, r.severity)),
                escape(term(lang, r.action)),
                group_thousands(r.records),
                refs.join("<br>")
            );
        }
        h.push_str("</tbody></table>\n");
    }
    let _ = writeln!(h, "<h2>{}</h2>", escape(l.worst));
    if report.worst_records.is_empty() {
        let _ = writeln!(h, "<p>{}</p>", escape(l.none));
    } else {
        let _ = writeln!(
            h,
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            escape(l.record),
            escape(l.action),
            escape(l.risk),
            escape(l.codes),
            escape(l.phone),
            escape(l.email)
        );
        for w in &report.worst_records {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td dir=\"ltr\">{}</td><td dir=\"ltr\">{}</td></tr>",
                w.record,
                escape(term(lang, w.decision)),
                w.risk,
                escape(&w.codes.join(", ")),
                escape(w.phone.as_deref().unwrap_or("")),
                escape(w.email.as_deref().unwrap_or(""))
            );
        }
        h.push_str("</tbody></table>\n");
    }
    let _ = writeln!(
        h,
        "<p class=\"meta\">{}</p>\n</body>\n</html>",
        escape(l.disclaimer)
    );
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_docs_render_as_html_with_nothing_unsafe() {
        let html = markdown_to_html(
            "## What it does\n\nFlags **scraped** numbers.\n\n- one\n- two\n\n<script>alert(1)</script>\n\n[ok](https://ico.org.uk/) [bad](javascript:alert(1)) ![pic](http://x.example/p.png)\n",
        );
        assert!(html.contains("<h5>What it does</h5>"), "{html}");
        assert!(html.contains("<strong>scraped</strong>") && html.contains("<li>one</li>"));
        assert!(
            !html.contains("<script") && html.contains("&lt;script&gt;"),
            "{html}"
        );
        assert!(
            html.contains("<a href=\"https://ico.org.uk/\">ok</a>"),
            "{html}"
        );
        assert!(!html.contains("href=\"javascript"), "{html}");
        assert!(html.contains("bad") && html.contains("pic"), "{html}");
        assert!(!html.contains("<img") && !html.contains("src="), "{html}");
        assert!(!html.contains("## "), "{html}");
    }
}
