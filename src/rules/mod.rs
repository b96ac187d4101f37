//! Rule packs: policy as data, loaded and validated once.
//!
//! A pack is one TOML file of `[[rules]]` (the format: CONTRIBUTING.md, "Adding a rule", and
//! `docs/design.md`).
//! Loading checks everything a compliance officer could get wrong (unknown keys, a bad SQL
//! condition, a duplicate code, a rule without docs, citations or examples) and reports every
//! problem at once with file, line and column. Rust holds no policy: it only knows the shape
//! of a rule. The built-in packs in `rules/` are embedded in the binary.

pub mod columns;
pub mod load;

pub use crate::channel::Channel;

pub use load::{load_builtin, load_files, Diagnostic, PackError};

/// How serious a rule's finding is; drives the risk score.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 5] = [
        Severity::Info,
        Severity::Low,
        Severity::Medium,
        Severity::High,
        Severity::Critical,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

/// What a fired rule does to the record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    Review,
    Exclude,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Review => "review",
            Action::Exclude => "exclude",
        }
    }
}

/// A legal citation.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Reference {
    pub title: String,
    /// The title as the law's own Arabic text writes it (Saudi, UAE, Egyptian, Qatari and
    /// Bahraini statutes; `docs/glossary-ar.md`), shown in Arabic reports.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title_ar: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl Reference {
    /// The title in the report's language: the Arabic one where the pack gives it.
    pub fn title_in(&self, lang: crate::l10n::Lang) -> &str {
        match (lang, &self.title_ar) {
            (crate::l10n::Lang::Ar, Some(title)) => title,
            _ => &self.title,
        }
    }
}

/// A record that must (or must not) make the rule fire, as canonical column values.
#[derive(Clone, Debug, PartialEq)]
pub struct Example {
    pub fires: bool,
    pub values: Vec<(String, ExampleValue)>,
    /// 1-based line of the example in its pack, for failure messages.
    pub line: usize,
}

/// A value in an example record.
#[derive(Clone, Debug, PartialEq)]
pub enum ExampleValue {
    Text(String),
    Bool(bool),
    Int(i64),
    /// Days since 1970-01-01.
    Date(i32),
}

/// One rule of a pack.
#[derive(Clone, Debug)]
pub struct Rule {
    pub code: String,
    pub name: String,
    pub severity: Severity,
    pub action: Action,
    pub channels: Vec<Channel>,
    /// ISO codes or groups (`EEA`, `GCC`), or `*` for every jurisdiction.
    pub jurisdictions: Vec<String>,
    /// The SQL condition, with pack settings substituted.
    pub when: String,
    pub message: String,
    /// The message in Arabic (`message_ar`), for `--lang ar`.
    pub message_ar: Option<String>,
    pub docs: String,
    /// The documentation in Arabic (`docs_ar`), for `--lang ar`.
    pub docs_ar: Option<String>,
    pub references: Vec<Reference>,
    /// Days since 1970-01-01: the rule applies from this date (inclusive).
    pub since: Option<i32>,
    /// Days since 1970-01-01: the rule applies until this date (exclusive).
    pub until: Option<i32>,
    /// The rule also fires on channels where the record has no usable contact point, to say
    /// why (hygiene rules). Every other rule fires only where the record can be reached: a
    /// finding about a channel nobody can use would say nothing.
    pub unusable_channels: bool,
    pub examples: Vec<Example>,
    /// The pack the rule comes from.
    pub pack: String,
}

impl Rule {
    /// Whether the rule applies on only some channels (a rule for every channel needs no
    /// channel test: each row of the canonical frame has one of them).
    pub fn is_channel_scoped(&self) -> bool {
        !Channel::ALL.iter().all(|c| self.channels.contains(c))
    }

    /// Whether the rule applies in only some jurisdictions (it does not name `*`).
    pub fn is_jurisdiction_scoped(&self) -> bool {
        !self.jurisdictions.iter().any(|j| j == "*")
    }

    /// Whether the rule is in force on a date (days since 1970-01-01).
    pub fn in_force(&self, as_of: i32) -> bool {
        self.since.is_none_or(|s| as_of >= s) && self.until.is_none_or(|u| as_of < u)
    }
}

/// A loaded pack.
#[derive(Clone, Debug)]
pub struct Pack {
    pub name: String,
    pub description: String,
    pub file: String,
    /// SHA-256 of the pack file, for the report's run metadata.
    pub sha256: String,
    pub rules: Vec<Rule>,
}

/// Every loaded pack; codes are unique across them.
#[derive(Clone, Debug, Default)]
pub struct Registry {
    pub packs: Vec<Pack>,
}

impl Registry {
    /// Every rule, in pack order.
    pub fn rules(&self) -> impl Iterator<Item = &Rule> + '_ {
        self.packs.iter().flat_map(|p| p.rules.iter())
    }

    /// The rule with this code (case-insensitive).
    pub fn rule(&self, code: &str) -> Option<&Rule> {
        self.rules().find(|r| r.code.eq_ignore_ascii_case(code))
    }

    /// Keeps only the rules selected by code or prefix (`--select`), minus the ignored ones.
    pub fn select(&mut self, select: &[String], ignore: &[String]) {
        let matches = |rule: &Rule, patterns: &[String]| {
            patterns.iter().any(|p| {
                rule.code
                    .to_ascii_uppercase()
                    .starts_with(&p.to_ascii_uppercase())
            })
        };
        for pack in &mut self.packs {
            pack.rules.retain(|rule| {
                (select.is_empty() || matches(rule, select)) && !matches(rule, ignore)
            });
        }
    }
}

/// The country codes a rule's jurisdiction entry stands for: a group's members, or the code
/// itself.
pub fn jurisdiction_codes(code: &str) -> Vec<String> {
    let group = expand_jurisdiction(code);
    if group.is_empty() {
        vec![code.to_string()]
    } else {
        group.into_iter().map(str::to_string).collect()
    }
}

/// The countries that some rule names by its jurisdictions (not `*`): the countries a loaded
/// pack has a law for. Sorted, without repeats.
pub fn covered_countries<'r>(rules: impl Iterator<Item = &'r Rule>) -> Vec<String> {
    let mut codes: Vec<String> = rules
        .filter(|r| r.is_jurisdiction_scoped())
        .flat_map(|r| r.jurisdictions.iter().flat_map(|j| jurisdiction_codes(j)))
        .collect();
    codes.sort();
    codes.dedup();
    codes
}

/// Jurisdiction groups a rule may name instead of listing countries.
pub fn expand_jurisdiction(code: &str) -> Vec<&'static str> {
    match code {
        "EEA" => crate::normalize::country::EEA.to_vec(),
        "EU" => crate::normalize::country::EEA
            .iter()
            .copied()
            .filter(|c| !matches!(*c, "IS" | "LI" | "NO"))
            .collect(),
        "GCC" => vec!["SA", "AE", "QA", "BH", "KW", "OM"],
        _ => Vec::new(),
    }
}
