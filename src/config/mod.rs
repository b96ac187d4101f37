//! `consentry.toml`: defaults for the audit's flags, column mappings, rule selection and
//! suppression lists with the date each was last checked against its registry.
//!
//! Found in the working directory or given with `--config`. Flags on the command line win
//! over the file. Unknown keys are errors with line and column, like rule packs: a typo in a
//! compliance setting must not be silently ignored.

pub mod key;
pub mod settings;

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};

/// The configuration file's contents.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub audit: AuditDefaults,
    /// `ROLE = "COLUMN"` mappings, as `--map`.
    #[serde(default)]
    pub map: std::collections::BTreeMap<String, String>,
    /// Documented, expiring exceptions for one rule and one contact.
    #[serde(default)]
    pub waivers: Vec<crate::waivers::Waiver>,
    /// Your own source values and what they mean: `"Salon Dubaï" = "first_party"` (kinds:
    /// first_party, scraped, purchased, unknown).
    #[serde(default)]
    pub sources: std::collections::BTreeMap<String, String>,
    /// Your own consent-status values and what they mean: `"Ja, bitte" = "granted"` (kinds:
    /// granted, denied, pending, withdrawn, none).
    #[serde(default)]
    pub consent_values: std::collections::BTreeMap<String, String>,
}

impl Config {
    /// The vocabularies to read values with: the built-in lexicons plus `[sources]` and
    /// `[consent_values]`. `path` names the file in errors.
    pub fn vocabularies(&self, path: &Path) -> Result<crate::enrich::vocabulary::Vocabularies> {
        let mut vocabularies = crate::enrich::vocabulary::Vocabularies::default();
        let add = |vocabulary: &mut crate::enrich::vocabulary::Vocabulary,
                   table: &str,
                   entries: &std::collections::BTreeMap<String, String>| {
            for (phrase, kind) in entries {
                vocabulary.add(phrase, kind).map_err(|e| {
                    Error::input(
                        path,
                        format!("[{table}] \"{phrase}\": {e}"),
                        "give each value one of the kinds listed",
                    )
                })?;
            }
            Ok::<_, Error>(())
        };
        add(&mut vocabularies.sources, "sources", &self.sources)?;
        add(
            &mut vocabularies.consent_values,
            "consent_values",
            &self.consent_values,
        )?;
        Ok(vocabularies)
    }
}

/// Defaults for `consentry audit`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditDefaults {
    pub channels: Option<Vec<String>>,
    pub fail_on: Option<String>,
    pub max_exclude_rate: Option<f64>,
    pub lang: Option<String>,
    pub region: Option<String>,
    pub jurisdiction: Option<String>,
    #[serde(default)]
    pub consent: Vec<PathBuf>,
    #[serde(default)]
    pub suppress: Vec<SuppressEntry>,
    #[serde(default)]
    pub rules: Vec<PathBuf>,
    #[serde(default)]
    pub select: Vec<String>,
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Secret key for waiver fingerprints (keyed SHA-256 of the normalized contact point).
    pub fingerprint_key: Option<String>,
}

/// A suppression list, what it is, and when it was last checked against its registry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuppressEntry {
    pub file: PathBuf,
    pub checked_at: Option<toml::value::Datetime>,
    /// `internal` or a registry kind (`uk-tps`, `us-dnc`, ...); recognised from the file when
    /// left out.
    pub registry: Option<String>,
    /// Country of the list's national-format numbers.
    pub region: Option<String>,
}

/// The config file to use: `--config PATH`, else `consentry.toml` in the working directory.
pub fn load(explicit: Option<&Path>) -> Result<(Config, Option<PathBuf>)> {
    let path = match explicit {
        Some(p) => p.to_path_buf(),
        None => {
            let default = PathBuf::from("consentry.toml");
            if !default.exists() {
                return Ok((Config::default(), None));
            }
            default
        }
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| Error::io(&path, e, "check the path given to --config"))?;
    let config = parse(&path, &text)?;
    Ok((config, Some(path)))
}

/// Parses the text of a configuration file; `path` names it in errors.
pub fn parse(path: &Path, text: &str) -> Result<Config> {
    toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() as u64 + 1)
            .unwrap_or(1);
        Error::input_at(
            path,
            line,
            format!("invalid configuration: {}", e.message()),
            "`consentry init` writes a commented template with every key",
        )
    })
}

/// The commented template `consentry init` writes: every key with its default.
pub const TEMPLATE: &str = r#"# consentry configuration. Flags on the command line override these values.
# Every key is optional; the values shown are the defaults unless marked "example".

[audit]
# Channels to audit for; the strictest channel decides each record.
channels = ["call", "sms", "whatsapp", "email"]
# Fail the gate (exit 1) on records decided "exclude", "review" (review or exclude), or "never".
fail_on = "exclude"
# Fail only above this share of failing records (0 to 1). Unset: any failing record fails.
# max_exclude_rate = 0.05
# Language of report.html: "en" or "ar" (right to left).
lang = "en"
# Country of national-format phone numbers when a record names none (example).
# region = "SA"
# Jurisdiction when nothing in a record names a country (example).
# jurisdiction = "SA"
# Consent ledgers (CSV: phone/email, consent_at, method, channels, proof, obtained_by, withdrawn_at).
consent = []
# Extra rule packs (files or directories of .toml) and rule selection by code or prefix.
rules = []
select = []
ignore = []

# Suppression lists, each with what it is and the date it was last checked against its
# registry. `registry` is "internal" (your own opt-outs, honoured everywhere) or a national
# registry: uk-tps, uk-ctps, us-dnc, ca-dncl, au-dncr, fr-bloctel, it-rpo, es-robinson, gr-dnc,
# ae-dncr, in-ncpr, sg-dnc, tr-iys, br-nmp (rules/registries/registries.toml). A registry list screens
# only its own country, and only within its window: UK 28 days, US and Canada 31, Australia 30,
# Singapore 21. `region` is the country of the list's national-format numbers.
# [[audit.suppress]]
# file = "tps-2026-11-20.txt"
# checked_at = 2026-11-20
# registry = "uk-tps"
# region = "GB"

# Secret key for the fingerprints waivers name. Without one, consentry creates a random key
# for you once (~/.config/consentry/fingerprint.key, owner-only); set one here to share
# waivers with others. `consentry fingerprint VALUE` prints a contact's fingerprint.
# fingerprint_key = "change-me"

# Column roles, when the guess is wrong (role = "column header").
[map]
# phone = "Mobile"

# Your own source values, read as words like the built-in ones (rules/lexicons/sources.toml).
# Kinds: first_party, scraped, purchased (bought, rented or passed on by a partner), unknown.
[sources]
# "Salon Dubaï" = "first_party"

# Your own consent-status values (rules/lexicons/consent-values.toml).
# Kinds: granted, denied, pending, withdrawn, none.
[consent_values]
# "Ja, bitte" = "granted"

# Waivers: a documented exception for one rule and one contact, until a date.
# [[waivers]]
# rule = "SEN001"
# fingerprint = "3f1c0e9a2b7d4c5e6f70"
# reason = "Union officer consented in writing to offers for union members (ticket 4411)"
# expires = 2027-03-31
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_parses_to_the_defaults() {
        let config: Config = toml::from_str(TEMPLATE).unwrap();
        assert_eq!(config.audit.fail_on.as_deref(), Some("exclude"));
        assert_eq!(config.audit.channels.unwrap().len(), 4);
        assert!(config.map.is_empty());
        assert!(config.sources.is_empty() && config.consent_values.is_empty());
    }

    #[test]
    fn own_values_join_the_vocabularies_and_bad_kinds_name_the_value() {
        let text = "[sources]\n\"Salon Dubaï\" = \"first_party\"\n[consent_values]\n\"Ja, bitte\" = \"granted\"\n";
        let config = parse(Path::new("c.toml"), text).unwrap();
        let v = config.vocabularies(Path::new("c.toml")).unwrap();
        use crate::enrich::vocabulary::Reading;
        assert_eq!(v.sources.read("salon dubai"), Reading::Known("first_party"));
        assert_eq!(v.consent_values.read("JA BITTE"), Reading::Known("granted"));
        let bad = parse(Path::new("c.toml"), "[sources]\n\"x\" = \"friends\"\n").unwrap();
        let err = bad
            .vocabularies(Path::new("c.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("[sources] \"x\"") && err.contains("not a kind"),
            "{err}"
        );
    }

    #[test]
    fn unknown_keys_are_errors_with_a_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("consentry.toml");
        std::fs::write(
            &path,
            "[audit]\nfail_on = \"exclude\"\nfial_on = \"review\"\n",
        )
        .unwrap();
        let err = load(Some(&path)).unwrap_err().to_string();
        assert!(err.contains(":3: invalid configuration"), "{err}");
    }
}
