//! The audit's settings: each value from the command line, else from `consentry.toml`, else the
//! default, checked once so the run itself never meets a bad value.

use clap::ValueEnum;

use super::key::FingerprintKey;
use crate::channel::Channel;
use crate::cli::{AuditArgs, FailOn, PackArgs, ReportLang, SuppressSpec};
use crate::enrich::suppress::ListKind;
use crate::error::{Error, Result};
use crate::normalize::date;
use crate::schema::RoleOverride;

/// The audit's settings: command-line flags over `consentry.toml` over the defaults.
pub struct Settings {
    pub channels: Vec<Channel>,
    pub fail_on: FailOn,
    pub max_exclude_rate: Option<f64>,
    pub lang: ReportLang,
    pub region: Option<String>,
    pub jurisdiction: Option<String>,
    pub consent: Vec<std::path::PathBuf>,
    pub suppress: Vec<SuppressSpec>,
    pub packs: PackArgs,
    pub map: Vec<RoleOverride>,
    pub waivers: Vec<crate::waivers::Waiver>,
    pub fingerprint_key: FingerprintKey,
    pub baseline: Option<std::path::PathBuf>,
    pub vocabularies: crate::enrich::vocabulary::Vocabularies,
}

impl Settings {
    /// Resolves the flags of `consentry audit` against `consentry.toml` (found or given by
    /// `--config`); a bad value in the file is an error naming the file and the key.
    pub fn resolve(args: &AuditArgs) -> Result<Self> {
        let (config, config_path) = super::load(args.config.as_deref())?;
        let config_file = config_path.unwrap_or_default();
        let bad = |key: &str, e: String| {
            Error::input(
                &config_file,
                format!("[audit] {key}: {e}"),
                "fix the value or remove the key",
            )
        };
        let defaults = &config.audit;
        let mut channels = if !args.channels.is_empty() {
            args.channels.clone()
        } else if let Some(names) = &defaults.channels {
            names
                .iter()
                .map(|n| crate::cli::channel_from_str(n).map_err(|e| bad("channels", e)))
                .collect::<Result<_>>()?
        } else {
            Channel::ALL.to_vec()
        };
        channels.sort();
        channels.dedup();
        let fail_on = match (args.fail_on, defaults.fail_on.as_deref()) {
            (Some(f), _) => f,
            (None, Some(raw)) => FailOn::from_str(raw, true).map_err(|e| bad("fail_on", e))?,
            (None, None) => FailOn::Exclude,
        };
        let lang = match (args.lang, defaults.lang.as_deref()) {
            (Some(l), _) => l,
            (None, Some(raw)) => ReportLang::from_str(raw, true).map_err(|e| bad("lang", e))?,
            (None, None) => ReportLang::En,
        };
        let country =
            |cli: &Option<String>, key: &str, value: &Option<String>| -> Result<Option<String>> {
                match (cli, value) {
                    (Some(c), _) => Ok(Some(c.clone())),
                    (None, Some(raw)) => crate::cli::country_from_str(raw)
                        .map(Some)
                        .map_err(|e| bad(key, e)),
                    (None, None) => Ok(None),
                }
            };
        let region = country(&args.enrich.region, "region", &defaults.region)?;
        let jurisdiction = country(
            &args.enrich.jurisdiction,
            "jurisdiction",
            &defaults.jurisdiction,
        )?;
        let pick = |cli: &Vec<std::path::PathBuf>, file: &Vec<std::path::PathBuf>| {
            if cli.is_empty() {
                file.clone()
            } else {
                cli.clone()
            }
        };
        let mut suppress = args.suppress.clone();
        if suppress.is_empty() {
            suppress = defaults
                .suppress
                .iter()
                .map(|entry| {
                    let kind = entry
                        .registry
                        .as_deref()
                        .map(|raw| {
                            ListKind::parse(raw).ok_or_else(|| {
                                bad(
                                    "suppress.registry",
                                    format!("`{raw}` is not internal or a registry kind"),
                                )
                            })
                        })
                        .transpose()?;
                    let region = country(&None, "suppress.region", &entry.region)?;
                    Ok(SuppressSpec {
                        path: entry.file.clone(),
                        checked_at: entry.checked_at.as_ref().and_then(|d| d.date).map(|d| {
                            date::days_from_civil(
                                i64::from(d.year),
                                u32::from(d.month),
                                u32::from(d.day),
                            ) as i32
                        }),
                        kind,
                        region,
                    })
                })
                .collect::<Result<_>>()?;
        }
        let pick_strings = |cli: &Vec<String>, file: &Vec<String>| {
            if cli.is_empty() {
                file.clone()
            } else {
                cli.clone()
            }
        };
        let packs = PackArgs {
            rules: pick(&args.packs.rules, &defaults.rules),
            select: pick_strings(&args.packs.select, &defaults.select),
            ignore: pick_strings(&args.packs.ignore, &defaults.ignore),
        };
        let mut map: Vec<RoleOverride> = config
            .map
            .iter()
            .map(|(role, column)| {
                format!("{role}={column}")
                    .parse::<RoleOverride>()
                    .map_err(|e| {
                        Error::input(
                            &config_file,
                            format!("[map] {e}"),
                            "roles are listed in the README",
                        )
                    })
            })
            .collect::<Result<_>>()?;
        map.extend(args.read.map.iter().cloned());
        let vocabularies = config.vocabularies(&config_file)?;
        Ok(Settings {
            channels,
            fail_on,
            max_exclude_rate: args.max_exclude_rate.or(defaults.max_exclude_rate),
            lang,
            region,
            jurisdiction,
            consent: pick(&args.consent, &defaults.consent),
            suppress,
            packs,
            map,
            waivers: config.waivers.clone(),
            fingerprint_key: FingerprintKey::resolve(defaults.fingerprint_key.as_deref())?,
            baseline: args.baseline.clone(),
            vocabularies,
        })
    }
}
