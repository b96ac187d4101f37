//! Loading and validating rule packs, with every problem reported at once.
//!
//! The TOML is parsed with spans (`toml::de::DeTable`), so each diagnostic points at the file,
//! line and column of the offending key or value, the way cargo-deny reports its config.

use std::borrow::Cow;
use std::ops::Range;
use std::path::Path;

use sha2::{Digest, Sha256};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::{Action, Channel, Example, ExampleValue, Pack, Reference, Registry, Rule, Severity};
use crate::normalize::date::days_from_civil;
use crate::rules::columns::{self, ColumnType};

/// The packs shipped with consentry, embedded in the binary.
pub const BUILTIN: &[(&str, &str)] = &[
    ("rules/core.toml", include_str!("../../rules/core.toml")),
    ("rules/gdpr.toml", include_str!("../../rules/gdpr.toml")),
    ("rules/pecr.toml", include_str!("../../rules/pecr.toml")),
    ("rules/tcpa.toml", include_str!("../../rules/tcpa.toml")),
    ("rules/casl.toml", include_str!("../../rules/casl.toml")),
    ("rules/ksa.toml", include_str!("../../rules/ksa.toml")),
    ("rules/uae.toml", include_str!("../../rules/uae.toml")),
    (
        "rules/gulf-egypt.toml",
        include_str!("../../rules/gulf-egypt.toml"),
    ),
    ("rules/more.toml", include_str!("../../rules/more.toml")),
];

pub use crate::error::{Diagnostic, PackError};

/// Loads the built-in packs.
pub fn load_builtin() -> Result<Registry, PackError> {
    load_sources(
        BUILTIN
            .iter()
            .map(|(f, t)| (f.to_string(), Cow::Borrowed(*t))),
    )
}

/// Loads one pack from its text alone (no built-in packs); `file` names it in diagnostics.
pub fn load_text(file: &str, text: &str) -> Result<Registry, PackError> {
    load_sources(std::iter::once((
        file.to_string(),
        Cow::Owned(text.to_string()),
    )))
}

/// Loads the built-in packs plus the user's files (`--rules PATH`, a file or a directory of
/// `.toml` files).
pub fn load_files(extra: &[std::path::PathBuf], with_builtin: bool) -> Result<Registry, PackError> {
    let mut sources: Vec<(String, Cow<'static, str>)> = Vec::new();
    if with_builtin {
        sources.extend(
            BUILTIN
                .iter()
                .map(|(f, t)| (f.to_string(), Cow::Borrowed(*t))),
        );
    }
    let mut diagnostics = Vec::new();
    for path in extra {
        for file in pack_files(path, &mut diagnostics) {
            match std::fs::read_to_string(&file) {
                Ok(text) => sources.push((file.display().to_string(), Cow::Owned(text))),
                Err(e) => diagnostics.push(Diagnostic {
                    file: file.display().to_string(),
                    line: 1,
                    column: 1,
                    message: format!("cannot read the pack: {e}"),
                    help: Some("check the path given to --rules".into()),
                }),
            }
        }
    }
    match load_sources(sources.into_iter()) {
        Ok(registry) if diagnostics.is_empty() => Ok(registry),
        Ok(_) => Err(PackError { diagnostics }),
        Err(mut error) => {
            diagnostics.append(&mut error.diagnostics);
            Err(PackError { diagnostics })
        }
    }
}

fn pack_files(path: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<std::path::PathBuf> {
    if path.is_dir() {
        let mut files: Vec<_> = std::fs::read_dir(path)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|e| e == "toml"))
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        files
    } else if path.exists() {
        vec![path.to_path_buf()]
    } else {
        diagnostics.push(Diagnostic {
            file: path.display().to_string(),
            line: 1,
            column: 1,
            message: "no such rule pack".into(),
            help: Some("give --rules a .toml file or a directory of them".into()),
        });
        Vec::new()
    }
}

/// The register of retired codes (`rules/retired.toml`).
pub const RETIRED: &str = include_str!("../../rules/retired.toml");

/// A code that was used once and is never used again.
#[derive(Clone, Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Retired {
    pub code: String,
    pub name: String,
    pub retired: toml::value::Datetime,
    pub reason: String,
}

/// The retired codes, parsed once.
pub fn retired() -> &'static [Retired] {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Register {
        #[serde(default)]
        retired: Vec<Retired>,
    }
    static REGISTER: std::sync::OnceLock<Vec<Retired>> = std::sync::OnceLock::new();
    REGISTER.get_or_init(|| {
        toml::from_str::<Register>(RETIRED)
            .expect("rules/retired.toml parses (tested)")
            .retired
    })
}

fn load_sources(
    sources: impl Iterator<Item = (String, Cow<'static, str>)>,
) -> Result<Registry, PackError> {
    let mut registry = Registry::default();
    let mut diagnostics = Vec::new();
    let mut seen_codes: Vec<(String, String)> = Vec::new();
    let retired = retired();
    for (file, text) in sources {
        let mut ctx = Ctx {
            file: &file,
            text: &text,
            diagnostics: Vec::new(),
            codes: Vec::new(),
        };
        let pack = ctx.pack();
        // Codes are checked even for rules with other problems, so every clash is reported.
        for (code, span) in std::mem::take(&mut ctx.codes) {
            if let Some(old) = retired.iter().find(|r| r.code.eq_ignore_ascii_case(&code)) {
                let message = format!(
                    "rule code `{code}` was retired on {} (`{}`: {})",
                    old.retired, old.name, old.reason
                );
                ctx.error(
                    span.clone(),
                    message,
                    Some("codes are never reused; pick a new number"),
                );
            }
            if let Some((_, other)) = seen_codes.iter().find(|(c, _)| *c == code) {
                let message = format!("duplicate rule code `{code}` (also in {other})");
                ctx.error(
                    span,
                    message,
                    Some("codes are unique and never reused; pick a new number"),
                );
            }
            seen_codes.push((code, file.clone()));
        }
        if let Some(pack) = pack {
            registry.packs.push(pack);
        }
        diagnostics.append(&mut ctx.diagnostics);
    }
    if diagnostics.is_empty() {
        Ok(registry)
    } else {
        Err(PackError { diagnostics })
    }
}

/// Parsing state for one file: where diagnostics point.
struct Ctx<'a> {
    file: &'a str,
    text: &'a str,
    diagnostics: Vec<Diagnostic>,
    /// Every rule code seen, with its span, valid rule or not.
    codes: Vec<(String, Range<usize>)>,
}

/// The sections of `docs_ar`: What it does, Why it matters, How to fix.
pub const DOCS_AR_SECTIONS: [&str; 3] = ["ما تفعله", "لماذا يهم", "كيف تصلحها"];

const RULE_KEYS: &[&str] = &[
    "code",
    "name",
    "severity",
    "action",
    "channels",
    "jurisdictions",
    "when",
    "message",
    "message_ar",
    "docs",
    "docs_ar",
    "references",
    "since",
    "until",
    "unusable_channels",
    "examples",
];

impl Ctx<'_> {
    fn error(&mut self, span: Range<usize>, message: impl Into<String>, help: Option<&str>) {
        let start = span.start.min(self.text.len());
        let before = &self.text[..start];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        self.diagnostics.push(Diagnostic {
            file: self.file.to_string(),
            line,
            column,
            message: message.into(),
            help: help.map(str::to_string),
        });
    }

    fn pack(&mut self) -> Option<Pack> {
        let table = match DeTable::parse(self.text) {
            Ok(table) => table,
            Err(e) => {
                let span = e.span().unwrap_or(0..0);
                self.error(span, format!("invalid TOML: {}", e.message()), None);
                return None;
            }
        };
        let table = table.into_inner();
        let mut name = String::new();
        let mut description = String::new();
        let mut settings: Vec<(String, String)> = Vec::new();
        let mut rules_value = None;
        for (key, value) in &table {
            match key.get_ref().as_ref() {
                "pack" => match value.get_ref() {
                    DeValue::Table(pack) => {
                        for (k, v) in pack {
                            match k.get_ref().as_ref() {
                                "name" => name = self.string(v).unwrap_or_default(),
                                "description" => description = self.string(v).unwrap_or_default(),
                                other => self.error(
                                    k.span(),
                                    format!("unknown key `{other}` in [pack]"),
                                    Some("[pack] takes name and description"),
                                ),
                            }
                        }
                    }
                    _ => self.error(value.span(), "[pack] must be a table", None),
                },
                "settings" => match value.get_ref() {
                    DeValue::Table(values) => {
                        for (k, v) in values {
                            let text = match v.get_ref() {
                                DeValue::Integer(i) => i.as_str().to_string(),
                                DeValue::String(s) => format!("'{}'", s.replace('\'', "''")),
                                _ => {
                                    self.error(
                                        v.span(),
                                        "a setting is an integer or a string",
                                        None,
                                    );
                                    continue;
                                }
                            };
                            settings.push((k.get_ref().to_string(), text));
                        }
                    }
                    _ => self.error(value.span(), "[settings] must be a table", None),
                },
                "rules" => rules_value = Some(value),
                other => self.error(
                    key.span(),
                    format!("unknown top-level key `{other}`"),
                    Some("a pack has [pack], [settings] and [[rules]]"),
                ),
            }
        }
        if name.is_empty() {
            self.error(
                0..0,
                "the pack has no [pack] name",
                Some("add `[pack]` with `name = \"...\"`"),
            );
        }
        let mut rules = Vec::new();
        match rules_value.map(|v| (v.span(), v.get_ref())) {
            Some((_, DeValue::Array(items))) => {
                for item in items {
                    if let Some(rule) = self.rule(item, &settings, &name) {
                        rules.push(rule);
                    }
                }
            }
            Some((span, _)) => {
                self.error(span, "`rules` must be an array of tables ([[rules]])", None)
            }
            None => self.error(0..0, "the pack has no [[rules]]", None),
        }
        let sha256 = format!("{:x}", Sha256::digest(self.text.as_bytes()));
        Some(Pack {
            name,
            description,
            file: self.file.to_string(),
            sha256,
            rules,
        })
    }

    fn string(&mut self, value: &Spanned<DeValue<'_>>) -> Option<String> {
        match value.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            _ => {
                self.error(value.span(), "expected a string", None);
                None
            }
        }
    }

    fn strings(&mut self, value: &Spanned<DeValue<'_>>) -> Vec<(String, Range<usize>)> {
        match value.get_ref() {
            DeValue::Array(items) => items
                .iter()
                .filter_map(|v| self.string(v).map(|s| (s, v.span())))
                .collect(),
            _ => {
                self.error(value.span(), "expected an array of strings", None);
                Vec::new()
            }
        }
    }

    fn date(&mut self, value: &Spanned<DeValue<'_>>) -> Option<i32> {
        match value.get_ref() {
            DeValue::Datetime(dt) => match dt.date {
                Some(d) => Some(days_from_civil(
                    i64::from(d.year),
                    u32::from(d.month),
                    u32::from(d.day),
                ) as i32),
                None => {
                    self.error(value.span(), "expected a date (YYYY-MM-DD)", None);
                    None
                }
            },
            _ => {
                self.error(value.span(), "expected a date (YYYY-MM-DD, unquoted)", None);
                None
            }
        }
    }

    fn rule(
        &mut self,
        item: &Spanned<DeValue<'_>>,
        settings: &[(String, String)],
        pack: &str,
    ) -> Option<Rule> {
        let DeValue::Table(table) = item.get_ref() else {
            self.error(item.span(), "each [[rules]] entry must be a table", None);
            return None;
        };
        let before = self.diagnostics.len();
        let get = |key: &str| {
            table
                .iter()
                .find(|(k, _)| k.get_ref().as_ref() == key)
                .map(|(_, v)| v)
        };
        let code_value = get("code");
        for (key, _) in table {
            if !RULE_KEYS.contains(&key.get_ref().as_ref()) {
                self.error(
                    key.span(),
                    format!("unknown key `{}` in a rule", key.get_ref()),
                    Some(&format!("rule keys are: {}", RULE_KEYS.join(", "))),
                );
            }
        }
        let rule_span = item.span();
        let required = |ctx: &mut Self, key: &str| -> Option<&Spanned<DeValue<'_>>> {
            let v = get(key);
            if v.is_none() {
                ctx.error(rule_span.clone(), format!("rule has no `{key}`"), None);
            }
            v
        };
        let code = required(self, "code")
            .and_then(|v| self.string(v))
            .unwrap_or_default();
        let code_span = code_value.map(|v| v.span()).unwrap_or(rule_span.clone());
        if !code.is_empty() {
            self.codes.push((code.clone(), code_span.clone()));
        }
        if !code.is_empty() && !valid_code(&code) {
            self.error(
                code_span.clone(),
                format!("rule code `{code}` is not a family prefix and three digits"),
                Some("e.g. CON001, SUP002, KSA001"),
            );
        }
        let name_value = required(self, "name");
        let name = name_value.and_then(|v| self.string(v)).unwrap_or_default();
        if let Some(v) = name_value {
            if !name.is_empty() && !is_kebab(&name) {
                self.error(
                    v.span(),
                    format!("rule name `{name}` is not kebab-case"),
                    Some("name the bad pattern, e.g. `consent-implied`"),
                );
            }
        }
        let severity = required(self, "severity").and_then(|v| {
            let s = self.string(v)?;
            let found = Severity::ALL.into_iter().find(|x| x.as_str() == s);
            if found.is_none() {
                self.error(
                    v.span(),
                    format!("unknown severity `{s}`"),
                    Some("info, low, medium, high or critical"),
                );
            }
            found
        });
        let action = required(self, "action").and_then(|v| {
            let s = self.string(v)?;
            match s.as_str() {
                "review" => Some(Action::Review),
                "exclude" => Some(Action::Exclude),
                _ => {
                    self.error(
                        v.span(),
                        format!("unknown action `{s}`"),
                        Some("review or exclude"),
                    );
                    None
                }
            }
        });
        let mut channels = Vec::new();
        if let Some(v) = required(self, "channels") {
            for (s, span) in self.strings(v) {
                match Channel::parse(&s) {
                    Some(c) => channels.push(c),
                    None => self.error(
                        span,
                        format!("unknown channel `{s}`"),
                        Some("call, sms, whatsapp or email"),
                    ),
                }
            }
        }
        let mut jurisdictions = Vec::new();
        if let Some(v) = required(self, "jurisdictions") {
            for (s, span) in self.strings(v) {
                let known = s == "*"
                    || !super::expand_jurisdiction(&s).is_empty()
                    || crate::normalize::country::is_known(&s);
                if !known {
                    self.error(
                        span,
                        format!("unknown jurisdiction `{s}`"),
                        Some("an ISO 3166 code (SA, GB, FR), a group (EEA, EU, GCC) or *"),
                    );
                }
                jurisdictions.push(s);
            }
        }
        let when = required(self, "when").and_then(|v| {
            let raw = self.string(v)?;
            let when = self.substitute(&raw, settings, v.span())?;
            self.check_sql(&when, v.span());
            Some(when)
        });
        let message = required(self, "message")
            .and_then(|v| self.string(v))
            .unwrap_or_default();
        // The message in Arabic: built-in packs have one for every rule (a test checks);
        // `check-pack` warns when a user's rule lacks it, and reports then use `message`.
        let message_ar = get("message_ar").and_then(|v| self.string(v));
        // The documentation in Arabic, with the same three sections under Arabic headings.
        let docs_ar = get("docs_ar").and_then(|v| {
            let text = self.string(v)?;
            for section in DOCS_AR_SECTIONS {
                if !text.contains(&format!("## {section}")) {
                    self.error(
                        v.span(),
                        format!("docs_ar lack the `## {section}` section"),
                        Some("docs_ar have three sections: ما تفعله، لماذا يهم، كيف تصلحها"),
                    );
                }
            }
            Some(text)
        });
        let docs_value = required(self, "docs");
        let docs = docs_value.and_then(|v| self.string(v)).unwrap_or_default();
        if let Some(v) = docs_value {
            for section in ["What it does", "Why it matters", "How to fix"] {
                if !docs.contains(&format!("## {section}")) {
                    self.error(
                        v.span(),
                        format!("docs lack the `## {section}` section"),
                        Some("docs have three sections: What it does, Why it matters, How to fix"),
                    );
                }
            }
        }
        let mut references = Vec::new();
        if let Some(v) = required(self, "references") {
            references = self.references(v);
            if references.is_empty() {
                self.error(v.span(), "a rule cites at least one provision", None);
            }
        }
        let since = get("since").and_then(|v| self.date(v));
        let until = get("until").and_then(|v| self.date(v));
        let unusable_channels = match get("unusable_channels") {
            None => false,
            Some(v) => match v.get_ref() {
                DeValue::Boolean(b) => *b,
                _ => {
                    self.error(
                        v.span(),
                        "`unusable_channels` is true or false",
                        Some("true for a rule that explains why a channel cannot be used"),
                    );
                    false
                }
            },
        };
        let mut examples = Vec::new();
        if let Some(v) = required(self, "examples") {
            examples = self.examples(v);
            let fires = examples.iter().filter(|e| e.fires).count();
            if fires == 0 || fires == examples.len() {
                self.error(
                    v.span(),
                    "a rule needs examples that fire and examples that do not",
                    None,
                );
            }
        }
        if self.diagnostics.len() > before {
            return None;
        }
        Some(Rule {
            code,
            name,
            severity: severity?,
            action: action?,
            channels,
            jurisdictions,
            when: when?,
            message,
            message_ar,
            docs,
            docs_ar,
            references,
            since,
            until,
            unusable_channels,
            examples,
            pack: pack.to_string(),
        })
    }

    /// Replaces `${setting}` with the pack's setting values.
    fn substitute(
        &mut self,
        raw: &str,
        settings: &[(String, String)],
        span: Range<usize>,
    ) -> Option<String> {
        let mut out = String::new();
        let mut rest = raw;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let Some(end) = rest[start..].find('}') else {
                self.error(span, "unclosed `${` in `when`", None);
                return None;
            };
            let key = &rest[start + 2..start + end];
            match settings.iter().find(|(k, _)| k == key) {
                Some((_, value)) => out.push_str(value),
                None => {
                    self.error(
                        span,
                        format!("unknown setting `{key}` in `when`"),
                        Some("define it under [settings]"),
                    );
                    return None;
                }
            }
            rest = &rest[start + end + 1..];
        }
        out.push_str(rest);
        Some(out)
    }

    /// Parses the condition with polars' SQL parser and checks it names canonical columns only.
    fn check_sql(&mut self, when: &str, span: Range<usize>) {
        match polars::sql::sql_expr(when) {
            Ok(expr) => {
                for name in expr.meta().root_names() {
                    if columns::column(name.as_str()).is_none() {
                        self.error(
                            span.clone(),
                            format!("`when` uses `{name}`, which is not a canonical column"),
                            Some("`consentry rules --columns` lists the columns rules can read"),
                        );
                    }
                }
            }
            Err(e) => self.error(
                span,
                format!("`when` is not a valid SQL expression: {e}"),
                None,
            ),
        }
    }

    fn references(&mut self, value: &Spanned<DeValue<'_>>) -> Vec<Reference> {
        let DeValue::Array(items) = value.get_ref() else {
            self.error(
                value.span(),
                "`references` is an array of { title, url } tables",
                None,
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            let DeValue::Table(table) = item.get_ref() else {
                self.error(item.span(), "a reference is a { title, url } table", None);
                continue;
            };
            let mut title = None;
            let mut title_ar = None;
            let mut url = None;
            for (k, v) in table {
                match k.get_ref().as_ref() {
                    "title" => title = self.string(v),
                    "title_ar" => title_ar = self.string(v),
                    "url" => url = self.string(v),
                    other => self.error(
                        k.span(),
                        format!("unknown key `{other}` in a reference"),
                        Some(
                            "a reference has title, url and, for a law written in Arabic, title_ar",
                        ),
                    ),
                }
            }
            match title {
                Some(title) => out.push(Reference {
                    title,
                    title_ar,
                    url,
                }),
                None => self.error(item.span(), "a reference needs a title", None),
            }
        }
        out
    }

    fn examples(&mut self, value: &Spanned<DeValue<'_>>) -> Vec<Example> {
        let DeValue::Array(items) = value.get_ref() else {
            self.error(
                value.span(),
                "`examples` is an array of { fires, record } tables",
                None,
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            let DeValue::Table(table) = item.get_ref() else {
                self.error(item.span(), "an example is a { fires, record } table", None);
                continue;
            };
            let line = self.text[..item.span().start.min(self.text.len())]
                .matches('\n')
                .count()
                + 1;
            let mut fires = None;
            let mut values = Vec::new();
            for (k, v) in table {
                match (k.get_ref().as_ref(), v.get_ref()) {
                    ("fires", DeValue::Boolean(b)) => fires = Some(*b),
                    ("record", DeValue::Table(record)) => {
                        for (column, cell) in record {
                            if let Some(value) = self.example_value(column, cell) {
                                values.push((column.get_ref().to_string(), value));
                            }
                        }
                    }
                    (other, _) => self.error(k.span(), format!("unexpected `{other}` in an example"), Some("an example has `fires = true|false` and `record = { column = value, ... }`")),
                }
            }
            match fires {
                Some(fires) => out.push(Example {
                    fires,
                    values,
                    line,
                }),
                None => self.error(
                    item.span(),
                    "an example needs `fires = true` or `fires = false`",
                    None,
                ),
            }
        }
        out
    }

    fn example_value(
        &mut self,
        column: &Spanned<DeString<'_>>,
        cell: &Spanned<DeValue<'_>>,
    ) -> Option<ExampleValue> {
        let name = column.get_ref();
        let Some(canonical) = columns::column(name) else {
            self.error(
                column.span(),
                format!("`{name}` is not a canonical column"),
                Some("`consentry rules --columns` lists them"),
            );
            return None;
        };
        let value = match (canonical.kind, cell.get_ref()) {
            (ColumnType::Text, DeValue::String(s)) => ExampleValue::Text(s.to_string()),
            (ColumnType::Bool, DeValue::Boolean(b)) => ExampleValue::Bool(*b),
            (ColumnType::Int, DeValue::Integer(i)) => {
                ExampleValue::Int(i.as_str().replace('_', "").parse().ok()?)
            }
            (ColumnType::Date, DeValue::Datetime(_)) => ExampleValue::Date(self.date(cell)?),
            (kind, _) => {
                self.error(
                    cell.span(),
                    format!("`{name}` is a {kind:?} column; this value does not match"),
                    None,
                );
                return None;
            }
        };
        Some(value)
    }
}

type DeString<'i> = Cow<'i, str>;

fn valid_code(code: &str) -> bool {
    let letters = code.bytes().take_while(u8::is_ascii_uppercase).count();
    (2..=6).contains(&letters)
        && code.len() == letters + 3
        && code.as_bytes()[letters..].iter().all(u8::is_ascii_digit)
}

fn is_kebab(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('-')
        && !name.ends_with('-')
        && !name.contains("--")
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue #22: codes are never reused; every code and name of the built-in packs is
    /// snapshotted, so a change to either is a reviewed decision.
    #[test]
    fn every_built_in_rule_is_documented_in_arabic() {
        let registry = load_builtin().unwrap();
        for rule in registry.rules() {
            let docs = rule.docs_ar.as_deref().unwrap_or_default();
            for section in DOCS_AR_SECTIONS {
                assert!(
                    docs.contains(&format!("## {section}")),
                    "{}: {section}",
                    rule.code
                );
            }
        }
    }

    #[test]
    fn every_built_in_rule_has_its_message_in_arabic() {
        let registry = load_builtin().unwrap();
        for rule in registry.rules() {
            let message = rule.message_ar.as_deref().unwrap_or_default();
            let letters = message.chars().filter(|c| c.is_alphabetic()).count();
            let arabic = message
                .chars()
                .filter(|c| ('\u{0600}'..='\u{06FF}').contains(c))
                .count();
            // Names such as CASL, Bloctel or İYS stay in Latin script; the sentence is Arabic.
            assert!(
                letters > 0 && arabic * 2 >= letters,
                "{}: message_ar missing or not Arabic: {message:?}",
                rule.code
            );
        }
    }

    /// Laws written in Arabic are cited by their own Arabic titles in Arabic reports.
    #[test]
    fn every_citation_of_an_arab_law_has_its_arabic_title() {
        let registry = load_builtin().unwrap();
        let mut cited = 0;
        for rule in registry
            .rules()
            .filter(|r| ["ksa", "uae", "gulf-egypt"].contains(&r.pack.as_str()))
        {
            for reference in &rule.references {
                let title = reference.title_ar.as_deref().unwrap_or_default();
                assert!(
                    title
                        .chars()
                        .any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)),
                    "{}: `{}` has no Arabic title",
                    rule.code,
                    reference.title
                );
                assert_eq!(reference.title_in(crate::l10n::Lang::Ar), title);
                assert_eq!(reference.title_in(crate::l10n::Lang::En), reference.title);
                cited += 1;
            }
        }
        assert!(cited >= 10, "{cited}");
    }

    #[test]
    fn every_code_and_name_is_recorded() {
        let registry = load_builtin().unwrap();
        let lines: Vec<String> = registry
            .rules()
            .map(|r| format!("{} {} {} {}", r.code, r.name, r.action.as_str(), r.pack))
            .collect();
        insta::assert_snapshot!(lines.join("\n"));
    }

    #[test]
    fn a_retired_code_is_refused_in_any_pack() {
        assert!(!retired().is_empty());
        let builtin = load_builtin().unwrap();
        for old in retired() {
            assert!(builtin.rule(&old.code).is_none(), "{} is in use", old.code);
        }
        let rule = BUILTIN[0].1;
        let start = rule.find("[[rules]]").unwrap();
        let code_at = rule[start..].find("code = \"").unwrap() + start + 8;
        let pack = format!("{}CON000{}", &rule[..code_at], &rule[code_at + 6..]);
        let err = load_text("mine.toml", &pack).unwrap_err().to_string();
        assert!(err.contains("`CON000` was retired"), "{err}");
    }
}
