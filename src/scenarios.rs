//! The legal scenario table: records described by their facts, and the answer the law of the
//! contact's country gives for one channel, with the provision it rests on.
//!
//! Scenarios are data (`tests/legal/*.toml`, embedded so that `consentry rules --format md`
//! can cite them). Each one is turned into a one-record export written the way a CRM writes it
//! (a country column, a mobile or a landline of that country, a personal or a role mailbox, the
//! consent columns) and audited by the real pipeline with every built-in pack; the test suite
//! checks the channel's answer and the codes that must and must not fire. A rule's examples
//! test its condition alone; scenarios test the packs together, as a compliance officer reads
//! them.

use serde::Deserialize;

use crate::channel::Channel;

/// The scenario files, by name.
pub const FILES: &[(&str, &str)] = &[
    ("core", include_str!("../tests/legal/core.toml")),
    ("europe", include_str!("../tests/legal/europe.toml")),
    ("uk", include_str!("../tests/legal/uk.toml")),
    (
        "north-america",
        include_str!("../tests/legal/north-america.toml"),
    ),
    ("gulf-egypt", include_str!("../tests/legal/gulf-egypt.toml")),
    (
        "asia-pacific",
        include_str!("../tests/legal/asia-pacific.toml"),
    ),
];

/// One scenario file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(rename = "scenario")]
    scenarios: Vec<Scenario>,
}

/// A record's facts and the answer the law gives on one channel.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Stable id, kebab-case, unique across files.
    pub id: String,
    /// The situation in a sentence.
    pub title: String,
    pub facts: Facts,
    /// The channel the answer is about.
    pub channel: String,
    /// `keep`, `review`, `exclude` or `none`.
    pub expect: String,
    /// Codes that must fire on the channel.
    #[serde(default)]
    pub codes: Vec<String>,
    /// Codes that must not fire on the channel.
    #[serde(default)]
    pub absent: Vec<String>,
    /// The provision the answer rests on.
    pub provision: String,
    /// The file the scenario comes from (set on load).
    #[serde(skip)]
    pub file: &'static str,
}

/// What the record says. Everything left out is the ordinary case: a mobile number of the
/// country, no consent, no list, audited on 2026-11-29.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Facts {
    /// ISO code of the contact's country, written in a country column; empty for none.
    #[serde(default)]
    pub country: String,
    /// `individual` (a person's names and a free-mail address), `business` (a company name
    /// and a role mailbox) or `unknown` (a shop name and a mailbox that says neither).
    #[serde(default = "unknown")]
    pub subject: String,
    /// `mobile`, `landline`, `invalid` (too short to be a number) or `none`.
    #[serde(default = "mobile")]
    pub phone: String,
    /// `yes` (the subject's usual address), `none`, or an address to use.
    #[serde(default = "yes")]
    pub email: String,
    /// The source cell, as a CRM writes it.
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub collected_at: String,
    #[serde(default)]
    pub consent_status: String,
    #[serde(default)]
    pub consent_at: String,
    #[serde(default)]
    pub consent_method: String,
    #[serde(default)]
    pub consent_channels: String,
    #[serde(default)]
    pub consent_proof: String,
    #[serde(default)]
    pub consent_obtained_by: String,
    #[serde(default)]
    pub lawful_basis: String,
    #[serde(default)]
    pub category: String,
    /// A free-text note (reviews, remarks).
    #[serde(default)]
    pub notes: String,
    /// The record's own opt-out flags.
    #[serde(default)]
    pub unsubscribed: bool,
    #[serde(default)]
    pub do_not_call: bool,
    /// `header` or `filler`: the row is the header repeated, or an exporter's status line,
    /// instead of a contact.
    #[serde(default)]
    pub row: String,
    /// The record appears twice; the answer is the second copy's.
    #[serde(default)]
    pub duplicate: bool,
    /// A suppression list given with the audit: its kind (`internal` or a registry), its
    /// check date, and whether it holds the record's phone.
    pub list: Option<ListFacts>,
    #[serde(default = "as_of")]
    pub as_of: String,
}

/// A suppression list of a scenario.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListFacts {
    pub kind: String,
    #[serde(default)]
    pub checked_at: String,
    #[serde(default)]
    pub holds_phone: bool,
}

fn unknown() -> String {
    "unknown".into()
}
fn mobile() -> String {
    "mobile".into()
}
fn yes() -> String {
    "yes".into()
}
fn as_of() -> String {
    "2026-11-29".into()
}

/// Every built-in scenario, in file order.
pub fn builtin() -> Result<Vec<Scenario>, String> {
    let mut all = Vec::new();
    for (name, text) in FILES {
        let file: File =
            toml::from_str(text).map_err(|e| format!("tests/legal/{name}.toml: {e}"))?;
        for mut scenario in file.scenarios {
            scenario.file = name;
            all.push(scenario);
        }
    }
    Ok(all)
}

impl Scenario {
    /// The channel the scenario is about.
    pub fn channel(&self) -> Option<Channel> {
        Channel::parse(&self.channel)
    }
}

/// The mobile and landline example numbers of a country (libphonenumber's own examples).
fn numbers(country: &str) -> (&'static str, &'static str) {
    match country {
        "GB" => ("+447400123456", "+441212345678"),
        "US" => ("+12015550123", "+12015550123"),
        "CA" => ("+15062345678", "+15062345678"),
        "DE" => ("+4915123456789", "+4930123456"),
        "FR" => ("+33612345678", "+33123456789"),
        "IT" => ("+393123456789", "+390212345678"),
        "ES" => ("+34612345678", "+34810123456"),
        "GR" => ("+306912345678", "+302123456789"),
        "NL" => ("+31612345678", "+31101234567"),
        "SA" => ("+966512345678", "+966112345678"),
        "AE" => ("+971501234567", "+97122345678"),
        "EG" => ("+201001234567", "+20234567890"),
        "QA" => ("+97433123456", "+97444123456"),
        "BH" => ("+97336001234", "+97317001234"),
        "KW" => ("+96550012345", "+96522345678"),
        "TR" => ("+905012345678", "+902123456789"),
        "IN" => ("+918123456789", "+917410410123"),
        "AU" => ("+61412345678", "+61212345678"),
        "SG" => ("+6581234567", "+6561234567"),
        "BR" => ("+5511961234567", "+551123456789"),
        "KE" => ("+254712123456", "+254202012345"),
        "SN" => ("+221701234567", "+221301012345"),
        // No country: a number whose country nothing in the record says.
        _ => ("0700 123 456", "0200 123 456"),
    }
}

/// The header of every scenario's export.
pub const HEADER: &str = "name,first name,last name,mobile,email,country,lead source,collected at,consent status,consent date,consent method,consent channels,consent proof,consent obtained by,lawful basis,category,notes,unsubscribed,do not call";

/// The scenario's record as a line of CSV under [`HEADER`], and the phone it holds (for a
/// suppression list).
pub fn record(scenario: &Scenario) -> (String, String) {
    let f = &scenario.facts;
    let (mobile, landline) = numbers(&f.country);
    let phone = match f.phone.as_str() {
        "landline" => landline,
        "invalid" => "+44 7400 12",
        "none" => "",
        _ => mobile,
    };
    let (name, first, last, usual_email) = match f.subject.as_str() {
        "individual" => ("Sara Haddad", "Sara", "Haddad", "sara.haddad@gmail.com"),
        "business" => ("Northwind Trading", "", "", "info@northwind-trading.com"),
        _ => ("Northwind", "", "", "northwind@northwind-trading.com"),
    };
    let email = match f.email.as_str() {
        "yes" => usual_email,
        "none" => "",
        other => other,
    };
    let flag = |b: bool| if b { "yes" } else { "no" };
    let cells = [
        name,
        first,
        last,
        phone,
        email,
        &f.country,
        &f.source,
        &f.collected_at,
        &f.consent_status,
        &f.consent_at,
        &f.consent_method,
        &f.consent_channels,
        &f.consent_proof,
        &f.consent_obtained_by,
        &f.lawful_basis,
        &f.category,
        &f.notes,
        flag(f.unsubscribed),
        flag(f.do_not_call),
    ];
    match f.row.as_str() {
        "header" => return (HEADER.to_string(), String::new()),
        "filler" => {
            let commas = ",".repeat(HEADER.matches(',').count());
            return (format!("Already found{commas}"), String::new());
        }
        _ => {}
    }
    let line = cells
        .iter()
        .map(|c| {
            if c.contains([',', '"', '\n']) {
                format!("\"{}\"", c.replace('"', "\"\""))
            } else {
                c.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(",");
    (line, phone.to_string())
}

/// The principle a rule's action follows, as the README states it.
pub fn principle(action: crate::rules::Action) -> &'static str {
    match action {
        crate::rules::Action::Exclude => {
            "exclude: the law of the contact's country forbids this use on this channel, or the person said no"
        }
        crate::rules::Action::Review => {
            "review: lawful only if something the data does not show is true (a registry screen, an assessment, a relationship), or the data is too uncertain to tell"
        }
    }
}

/// `docs/legal-scenarios.md`: every scenario, by file, with its facts, the answer and the
/// provision.
pub fn markdown(scenarios: &[Scenario]) -> String {
    use std::fmt::Write;
    let mut md = String::from(
        "# Legal scenarios\n\nGenerated from `tests/legal/*.toml` by `cargo test` (set `UPDATE_LEGAL_DOCS=1` to rewrite it). Each scenario is a one-record export audited with every built-in pack on its audit date; the answer is the one its channel gets, and `cargo test` fails when the packs answer otherwise. Not legal advice.\n",
    );
    let cell = |t: &str| t.replace('|', "\\|");
    for (file, _) in FILES {
        let _ = write!(
            md,
            "\n## {file}\n\n| id | situation | channel | answer | codes | provision |\n|---|---|---|---|---|---|\n"
        );
        for s in scenarios.iter().filter(|s| s.file == *file) {
            let codes = if s.codes.is_empty() {
                "-".to_string()
            } else {
                s.codes.join(", ")
            };
            let _ = writeln!(
                md,
                "| `{}` | {} | {} | **{}** | {} | {} |",
                s.id,
                cell(&s.title),
                s.channel,
                s.expect,
                codes,
                cell(&s.provision)
            );
        }
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::{self, AuditOptions};
    use crate::decide::Answer;
    use crate::enrich::suppress::{ListKind, SuppressSpec};
    use crate::normalize::date::parse_date;
    use crate::rules::load_builtin;

    /// Audits one scenario; the channel's answer and the codes that fired on it.
    fn run(
        scenario: &Scenario,
        registry: &crate::rules::Registry,
    ) -> Result<(Answer, Vec<String>), String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let (line, phone) = record(scenario);
        let list = dir.path().join("list.csv");
        let copies = if scenario.facts.duplicate { 2 } else { 1 };
        std::fs::write(
            &list,
            format!("{HEADER}\n{}", format!("{line}\n").repeat(copies)),
        )
        .map_err(|e| e.to_string())?;
        let as_of = parse_date(&scenario.facts.as_of).ok_or("bad as_of")?;
        let mut suppress = Vec::new();
        if let Some(facts) = &scenario.facts.list {
            let path = dir.path().join("list.txt");
            let content = if facts.holds_phone {
                format!("{phone}\n")
            } else {
                "+10000000000\n".into()
            };
            std::fs::write(&path, content).map_err(|e| e.to_string())?;
            let mut spec = SuppressSpec::path(path);
            spec.kind = Some(ListKind::parse(&facts.kind).ok_or("bad list kind")?);
            spec.checked_at = parse_date(&facts.checked_at);
            suppress.push(spec);
        }
        let options = AuditOptions {
            read: Default::default(),
            map: Vec::new(),
            enrich: Default::default(),
            channels: Channel::ALL.to_vec(),
            as_of,
            consent_files: Vec::new(),
            suppress_files: suppress,
            waivers: Vec::new(),
            fingerprint_key: "scenarios".into(),
            vocabularies: Default::default(),
            progress: audit::Progress::new(false),
            part_bytes: None,
        };
        let result = audit::run(&list, registry, &options).map_err(|e| e.to_string())?;
        let channel = scenario.channel().ok_or("bad channel")?;
        let decision = result.decisions.last().ok_or("no record")?;
        let codes = decision
            .findings
            .iter()
            .filter(|f| f.channels.contains(channel))
            .map(|f| result.rules[f.rule].code.clone())
            .collect();
        Ok((decision.channels[channel as usize], codes))
    }

    #[test]
    fn every_scenario_gets_the_answer_the_law_gives() {
        let scenarios = builtin().unwrap_or_else(|e| panic!("{e}"));
        let registry = load_builtin().unwrap();
        let mut failures = Vec::new();
        for s in &scenarios {
            match run(s, &registry) {
                Ok((answer, codes)) => {
                    let missing: Vec<&String> =
                        s.codes.iter().filter(|c| !codes.contains(c)).collect();
                    let unwanted: Vec<&String> =
                        s.absent.iter().filter(|c| codes.contains(c)).collect();
                    if answer.as_str() != s.expect || !missing.is_empty() || !unwanted.is_empty() {
                        failures.push(format!(
                            "{} ({}): want {} with {:?}, got {} with {:?}",
                            s.id,
                            s.channel,
                            s.expect,
                            s.codes,
                            answer.as_str(),
                            codes
                        ));
                    }
                }
                Err(e) => failures.push(format!("{}: {e}", s.id)),
            }
        }
        assert!(
            failures.is_empty(),
            "{} of {} scenarios:\n{}",
            failures.len(),
            scenarios.len(),
            failures.join("\n")
        );
    }

    #[test]
    fn scenarios_are_many_unique_and_cover_every_rule_three_times() {
        let scenarios = builtin().unwrap_or_else(|e| panic!("{e}"));
        assert!(scenarios.len() >= 150, "{} scenarios", scenarios.len());
        let mut ids: Vec<&str> = scenarios.iter().map(|s| s.id.as_str()).collect();
        ids.sort_unstable();
        let before = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), before, "scenario ids repeat");
        let registry = load_builtin().unwrap();
        let thin: Vec<String> = registry
            .rules()
            .filter_map(|rule| {
                let fires = scenarios
                    .iter()
                    .filter(|s| s.codes.contains(&rule.code))
                    .count();
                let absent = scenarios
                    .iter()
                    .filter(|s| s.absent.contains(&rule.code))
                    .count();
                (fires < 2 || absent < 1 || fires + absent < 3)
                    .then(|| format!("{}: fires in {fires}, absent in {absent}", rule.code))
            })
            .collect();
        assert!(thin.is_empty(), "{thin:#?}");
        for s in &scenarios {
            assert!(
                ["keep", "review", "exclude", "none"].contains(&s.expect.as_str()),
                "{}",
                s.id
            );
            assert!(s.channel().is_some(), "{}", s.id);
            for code in s.codes.iter().chain(&s.absent) {
                assert!(registry.rule(code).is_some(), "{}: no rule {code}", s.id);
            }
        }
    }

    /// `docs/legal-scenarios.md` is generated from the scenarios and committed.
    #[test]
    fn the_scenario_document_is_current() {
        let scenarios = builtin().unwrap();
        let text = markdown(&scenarios);
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/legal-scenarios.md");
        if std::env::var_os("UPDATE_LEGAL_DOCS").is_some() {
            std::fs::write(path, &text).unwrap();
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == text,
            "docs/legal-scenarios.md is out of date: run `UPDATE_LEGAL_DOCS=1 cargo test --lib scenario_document`"
        );
    }
}
