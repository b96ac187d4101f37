//! `consentry.toml`: defaults for the audit's flags, column mappings, rule selection and
//! suppression lists with the date each was last checked against its registry.
//!
//! Found in the working directory or given with `--config`. Flags on the command line win
//! over the file. Unknown keys are errors with line and column, like rule packs: a typo in a
//! compliance setting must not be silently ignored.

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

/// A suppression list and when it was last checked against its registry (TPS, DNC, ...).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuppressEntry {
    pub file: PathBuf,
    pub checked_at: Option<toml::value::Datetime>,
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

# Suppression lists, each with the date it was last checked against its registry. UK TPS
# screens older than 28 days and US DNC files older than 31 days do not protect you.
# [[audit.suppress]]
# file = "tps-2026-11-20.txt"
# checked_at = 2026-11-20

# Secret key for the fingerprints waivers name. Set your own: phone numbers are few enough
# that an unkeyed hash could be reversed. `consentry fingerprint VALUE` prints one.
# fingerprint_key = "change-me"

# Column roles, when the guess is wrong (role = "column header").
[map]
# phone = "Mobile"

# Waivers: a documented exception for one rule and one contact, until a date.
# [[waivers]]
# rule = "SEN001"
# fingerprint = "3f1c0e9a2b7d4c5e6f70"
# reason = "Dental practice owner consented in writing to health-sector offers (ticket 4411)"
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
