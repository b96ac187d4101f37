//! `consentry rules`, `consentry rule CODE` and `consentry check-pack FILE`: the rule packs as
//! documentation, from the same source the engine runs.

use crate::l10n::{self, Lang};
use std::io::Write;

use serde::Serialize;

use crate::cli::{CheckPackArgs, ListFormat, PackArgs, ReportLang, RuleArgs, RulesArgs};
use crate::engine::examples::run_examples;
use crate::error::{Error, Result};
use crate::normalize::date::format_date;
use crate::rules::columns::COLUMNS;
use crate::rules::{self, Example, ExampleValue, Registry, Rule};

/// Loads the built-in packs plus `--rules`, then applies `--select` and `--ignore`.
pub fn load(packs: &PackArgs) -> Result<Registry> {
    let mut registry = rules::load_files(&packs.rules, true)?;
    registry.select(&packs.select, &packs.ignore);
    Ok(registry)
}

#[derive(Serialize)]
struct RuleView<'a> {
    code: &'a str,
    name: &'a str,
    pack: &'a str,
    severity: &'a str,
    action: &'a str,
    channels: Vec<&'a str>,
    jurisdictions: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    since: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    until: Option<String>,
    when: &'a str,
    message: &'a str,
    docs: &'a str,
    references: &'a [rules::Reference],
}

fn view(rule: &Rule) -> RuleView<'_> {
    RuleView {
        code: &rule.code,
        name: &rule.name,
        pack: &rule.pack,
        severity: rule.severity.as_str(),
        action: rule.action.as_str(),
        channels: rule.channels.iter().map(|c| c.as_str()).collect(),
        jurisdictions: &rule.jurisdictions,
        since: rule.since.map(format_date),
        until: rule.until.map(format_date),
        when: rule.when.trim(),
        message: &rule.message,
        docs: rule.docs.trim(),
        references: &rule.references,
    }
}

/// `consentry rules`.
pub fn list(args: &RulesArgs, out: &mut dyn Write) -> Result<()> {
    if args.columns {
        return write_columns(args.format, out).or_else(super::ignore_broken_pipe);
    }
    let registry = load(&args.packs)?;
    let written = match args.format {
        ListFormat::Json => {
            let rules: Vec<RuleView<'_>> = registry.rules().map(view).collect();
            serde_json::to_writer_pretty(&mut *out, &rules)
                .map_err(std::io::Error::from)
                .and_then(|_| writeln!(out))
        }
        ListFormat::Md => write_markdown(&registry, out),
        ListFormat::Text => write_text(&registry, args.lang, out),
    };
    written.or_else(super::ignore_broken_pipe)
}

fn write_text(registry: &Registry, lang: ReportLang, out: &mut dyn Write) -> std::io::Result<()> {
    for pack in &registry.packs {
        writeln!(
            out,
            "{} ({} rules): {}",
            pack.name,
            pack.rules.len(),
            pack.description
        )?;
        for rule in &pack.rules {
            writeln!(
                out,
                "  {:<8} {:<48} {:<8} {:<7} {}",
                rule.code,
                rule.name,
                rule.severity.as_str(),
                rule.action.as_str(),
                rule.jurisdictions.join(",")
            )?;
            // In Arabic, each rule's message under its line: the list is read, not parsed.
            if lang == ReportLang::Ar {
                if let Some(message) = &rule.message_ar {
                    writeln!(out, "           {message}")?;
                }
            }
        }
    }
    Ok(())
}

fn write_markdown(registry: &Registry, out: &mut dyn Write) -> std::io::Result<()> {
    // The scenario table is built in and tested; a failure to read it is a bug caught there.
    let scenarios = crate::scenarios::builtin().unwrap_or_default();
    writeln!(out, "# consentry rules\n")?;
    writeln!(
        out,
        "Every rule follows one principle: **exclude** when the law of the contact's country forbids this use on this channel, or the person said no; **review** when it is lawful only if something the data does not show is true, or the data is too uncertain to tell; otherwise the channel is **keep**. The scenarios are records of `tests/legal/` that the test suite audits (docs/legal-scenarios.md).\n"
    )?;
    for pack in &registry.packs {
        writeln!(out, "## Pack `{}`\n\n{}\n", pack.name, pack.description)?;
        writeln!(
            out,
            "| code | name | severity | action | channels | jurisdictions |"
        )?;
        writeln!(out, "|---|---|---|---|---|---|")?;
        for rule in &pack.rules {
            let channels: Vec<&str> = rule.channels.iter().map(|c| c.as_str()).collect();
            writeln!(
                out,
                "| {} | `{}` | {} | {} | {} | {} |",
                rule.code,
                rule.name,
                rule.severity.as_str(),
                rule.action.as_str(),
                channels.join(", "),
                rule.jurisdictions.join(", ")
            )?;
        }
        writeln!(out)?;
        for rule in &pack.rules {
            writeln!(
                out,
                "### {} `{}`\n\n{}\n\nPrinciple: {}.\n",
                rule.code,
                rule.name,
                rule.message,
                crate::scenarios::principle(rule.action)
            )?;
            let fires: Vec<&crate::scenarios::Scenario> = scenarios
                .iter()
                .filter(|s| s.codes.contains(&rule.code))
                .collect();
            let quiet: Vec<&crate::scenarios::Scenario> = scenarios
                .iter()
                .filter(|s| s.absent.contains(&rule.code))
                .collect();
            if fires.is_empty() && quiet.is_empty() {
                continue;
            }
            writeln!(out, "Scenarios:\n")?;
            for s in fires {
                writeln!(
                    out,
                    "- fires: `{}`, {} ({}: **{}**; {})",
                    s.id, s.title, s.channel, s.expect, s.provision
                )?;
            }
            for s in quiet {
                writeln!(
                    out,
                    "- does not fire: `{}`, {} ({}: **{}**)",
                    s.id, s.title, s.channel, s.expect
                )?;
            }
            writeln!(out)?;
        }
    }
    Ok(())
}

fn write_columns(format: ListFormat, out: &mut dyn Write) -> std::io::Result<()> {
    match format {
        ListFormat::Json => {
            let columns: Vec<serde_json::Value> = COLUMNS
                .iter()
                .map(|c| serde_json::json!({"name": c.name, "type": format!("{:?}", c.kind).to_lowercase(), "doc": c.doc}))
                .collect();
            serde_json::to_writer_pretty(&mut *out, &columns)?;
            writeln!(out)
        }
        _ => {
            for c in COLUMNS {
                writeln!(
                    out,
                    "{:<24} {:<5} {}",
                    c.name,
                    format!("{:?}", c.kind).to_lowercase(),
                    c.doc
                )?;
            }
            Ok(())
        }
    }
}

/// An example as its pack author writes it: `{ fires = true, record = { channel = "sms" } }`.
fn example_toml(example: &Example) -> String {
    let values: Vec<String> = example
        .values
        .iter()
        .map(|(name, value)| {
            let value = match value {
                ExampleValue::Text(text) => toml::Value::String(text.clone()).to_string(),
                ExampleValue::Bool(b) => b.to_string(),
                ExampleValue::Int(i) => i.to_string(),
                // A TOML local date, as packs write dates.
                ExampleValue::Date(days) => format_date(*days),
            };
            format!("{name} = {value}")
        })
        .collect();
    format!(
        "{{ fires = {}, record = {{ {} }} }}",
        example.fires,
        values.join(", ")
    )
}

/// `consentry rule CODE`.
pub fn show(args: &RuleArgs, out: &mut dyn Write) -> Result<()> {
    let registry = load(&args.packs)?;
    let rule = registry.rule(&args.code).ok_or_else(|| {
        Error::usage(
            format!("no rule `{}`", args.code),
            "`consentry rules` lists the codes",
        )
    })?;
    write_rule(rule, args.lang, out).or_else(super::ignore_broken_pipe)
}

fn write_rule(rule: &Rule, lang: ReportLang, out: &mut dyn Write) -> std::io::Result<()> {
    let lang = match lang {
        ReportLang::En => Lang::En,
        ReportLang::Ar => Lang::Ar,
    };
    let term = |v: &str| crate::report::html::term(lang, v).to_string();
    let separator = l10n::text(lang, "list-separator");
    let channels: Vec<String> = rule.channels.iter().map(|c| term(c.as_str())).collect();
    writeln!(out, "# {} {} ({})\n", rule.code, rule.name, rule.pack)?;
    let facts = l10n::format(
        lang,
        "rule-facts",
        &[
            ("severity", term(rule.severity.as_str())),
            ("action", term(rule.action.as_str())),
            ("channels", channels.join(separator)),
            ("jurisdictions", rule.jurisdictions.join(separator)),
        ],
    );
    writeln!(out, "{facts}")?;
    for (id, date) in [("rule-since", rule.since), ("rule-until", rule.until)] {
        if let Some(date) = date {
            let line = l10n::format(lang, id, &[("date", format_date(date))]);
            writeln!(out, "{line}")?;
        }
    }
    let (message, docs) = match lang {
        Lang::En => (&rule.message, &rule.docs),
        Lang::Ar => (
            rule.message_ar.as_ref().unwrap_or(&rule.message),
            rule.docs_ar.as_ref().unwrap_or(&rule.docs),
        ),
    };
    writeln!(out, "\n{message}\n")?;
    writeln!(out, "{}\n", docs.trim())?;
    writeln!(
        out,
        "{}\n\n```sql\n{}\n```\n",
        l10n::text(lang, "rule-condition"),
        rule.when.trim()
    )?;
    writeln!(out, "{}\n", l10n::text(lang, "rule-references"))?;
    write_references(rule, lang, out)?;
    writeln!(
        out,
        "\n{}\n\n```toml\nexamples = [",
        l10n::text(lang, "rule-examples")
    )?;
    write_examples(rule, out)
}

fn write_references(rule: &Rule, lang: Lang, out: &mut dyn Write) -> std::io::Result<()> {
    for reference in &rule.references {
        match &reference.url {
            Some(url) => writeln!(out, "- {} <{url}>", reference.title_in(lang))?,
            None => writeln!(out, "- {}", reference.title_in(lang))?,
        }
    }
    Ok(())
}

/// The rule's examples as the TOML a pack author writes, and the block's end.
fn write_examples(rule: &Rule, out: &mut dyn Write) -> std::io::Result<()> {
    for example in &rule.examples {
        writeln!(out, "  {},", example_toml(example))?;
    }
    writeln!(out, "]\n```")?;
    Ok(())
}

/// `consentry check-pack FILE...`: validates the files (with the built-in packs, so code
/// clashes are caught) and runs their examples.
pub fn check_pack(args: &CheckPackArgs, out: &mut dyn Write) -> Result<()> {
    let registry = rules::load_files(&args.files, true)?;
    let checked: Vec<String> = args.files.iter().map(|f| f.display().to_string()).collect();
    let mut diagnostics = Vec::new();
    let mut rules_checked = 0;
    let mut examples_checked = 0;
    for pack in registry.packs.iter().filter(|p| {
        checked
            .iter()
            .any(|f| p.file.starts_with(f.as_str()) || f.starts_with(p.file.as_str()))
    }) {
        for rule in &pack.rules {
            rules_checked += 1;
            examples_checked += rule.examples.len();
            for (missing, what) in [
                (rule.message_ar.is_none(), "message_ar"),
                (rule.docs_ar.is_none(), "docs_ar"),
            ] {
                if missing {
                    eprintln!(
                        "warning: {}: {} has no `{what}`; reports in Arabic (--lang ar) show the English text",
                        pack.file, rule.code
                    );
                }
            }
            for failure in run_examples(rule) {
                diagnostics.push(rules::Diagnostic {
                    file: pack.file.clone(),
                    line: failure.line,
                    column: 1,
                    message: format!("{}: {}", failure.code, failure.detail),
                    help: Some("fix the example or the rule's `when`".into()),
                });
            }
        }
    }
    if !diagnostics.is_empty() {
        return Err(rules::PackError { diagnostics }.into());
    }
    writeln!(
        out,
        "ok: {rules_checked} rules, {examples_checked} examples pass"
    )
    .or_else(super::ignore_broken_pipe)
}
