//! Command-line definitions (clap derive). Parsing only: no behaviour lives here.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub use crate::enrich::suppress::SuppressSpec;
use crate::schema::RoleOverride;

/// Audit contact lists for consent, suppression and data-protection risk before anyone contacts
/// or imports them.
#[derive(Debug, Parser)]
#[command(name = "consentry", version, about, long_about = None)]
#[command(
    after_help = "Exit codes: 0 passed, 1 gate failed, 2 usage or input error, 3 a bug in consentry."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// Worker threads (default: all cores). Results are identical at any count.
    #[arg(long, global = true, value_name = "N")]
    pub threads: Option<usize>,

    /// Show phone numbers, e-mails and names unmasked. Off by default: everything a person
    /// reads is masked (`+9665******78`, `j***@example.com`).
    #[arg(long, global = true)]
    pub show_pii: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show how consentry reads a file: format, encoding, delimiter, records, the exporter
    /// that wrote it, and each column's role with masked samples.
    Inspect(InspectArgs),
    /// Audit a contact list: decide keep, review or exclude for every record, write the split
    /// files and the risk report, and gate by exit code.
    Audit(Box<AuditArgs>),
    /// Turn a suppression list into a SHA-256 list that can be shared without revealing numbers
    /// or addresses (E.164 phones with `+`, trimmed lower-cased e-mails).
    Hash(HashArgs),
    /// Print the waiver fingerprint of a phone or e-mail (keyed with `fingerprint_key` from
    /// the configuration), to name it in a `[[waivers]]` entry.
    Fingerprint(FingerprintArgs),
    /// Write a commented `consentry.toml` template with every default.
    Init(InitArgs),
    /// List the rules of the loaded packs.
    Rules(RulesArgs),
    /// Print one rule's documentation, citations and examples (e.g. `consentry rule CON001`).
    Rule(RuleArgs),
    /// Validate a rule pack and run its examples; all problems are reported at once.
    CheckPack(CheckPackArgs),
    /// Requests from people: find one person in every list, export what is held about them
    /// (GDPR Art. 15), or erase them (Art. 17) and block their re-import (Art. 21(3)).
    #[command(subcommand)]
    Subject(SubjectCommand),
    /// A local web page (and HTTP API) for people who prefer a page to a terminal: drop a list,
    /// choose the options, read the report, download the outputs. Runs on this machine only and
    /// sends nothing anywhere.
    Serve(ServeArgs),
}

/// Where and how `consentry serve` listens.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Port to listen on (0 picks a free one; the address is printed).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,

    /// Address to listen on. Anything but loopback (127.0.0.1, ::1) needs --token, since others
    /// on the network could then reach the page.
    #[arg(long, value_name = "ADDRESS", default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,

    /// Open the page in the default browser once the server listens.
    #[arg(long)]
    pub open: bool,

    /// A secret every request must carry (`Authorization: Bearer TOKEN`, or `?token=TOKEN` once
    /// in the page's address). Required to bind anything but loopback.
    #[arg(long, env = "CONSENTRY_TOKEN", hide_env_values = true)]
    pub token: Option<String>,

    /// How long an audit's uploads and outputs are kept after it finishes (e.g. 90s, 30m, 1h,
    /// 2d); they are also deleted on DELETE and when the server stops.
    #[arg(long, value_name = "DURATION", default_value = "1h", value_parser = parse_duration)]
    pub keep_for: std::time::Duration,

    /// The largest upload accepted (e.g. 500M, 2G); a larger one is refused with 413. Uploads
    /// are streamed to disk, never held whole in memory.
    #[arg(long, value_name = "SIZE", default_value = "2G", value_parser = parse_size)]
    pub max_upload: usize,

    /// Configuration file for every audit (default: consentry.toml in the working directory,
    /// if present), as `consentry audit --config`.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum SubjectCommand {
    /// Print every record, in every list, that holds or mentions the person (masked unless
    /// --show-pii).
    Find(SubjectArgs),
    /// Write an access report for the person (access.json, access.md, access.html): their
    /// data as held, unmasked, its source and date, consent records and suppression entries.
    Export(SubjectExportArgs),
    /// Write each list that holds the person without their records (mentions in text masked)
    /// and a receipt; the inputs are never modified.
    Erase(SubjectEraseArgs),
}

/// Who, and where to look.
#[derive(Debug, Args)]
pub struct SubjectArgs {
    /// The person: phone numbers (any format; national ones with --region), e-mail addresses
    /// or fingerprints (`consentry fingerprint`).
    #[arg(required = true)]
    pub values: Vec<String>,

    /// Files or folders to search (folders recursively, every format consentry reads).
    #[arg(long = "in", value_name = "PATH", required = true, num_args = 1..)]
    pub paths: Vec<PathBuf>,

    /// Country (ISO code) of national-format numbers, in the values and in lists that name no
    /// country.
    #[arg(long, value_name = "CC", value_parser = parse_country)]
    pub region: Option<String>,

    /// Report an unreadable file and search the others (exit code 2 at the end).
    #[arg(long)]
    pub keep_going: bool,

    /// Configuration file holding `fingerprint_key` (default: consentry.toml if present).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct SubjectExportArgs {
    #[command(flatten)]
    pub subject: SubjectArgs,

    /// Output folder (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// Consent ledgers to report the person's consent records from (repeatable).
    #[arg(long = "consent", value_name = "FILE")]
    pub consent: Vec<PathBuf>,

    /// Suppression lists to report the person's entries in (repeatable; as for audit).
    #[arg(long = "suppress", value_name = "FILE[@DATE][:KIND][:CC]", value_parser = parse_suppress)]
    pub suppress: Vec<SuppressSpec>,

    /// Language of access.md and access.html.
    #[arg(long, value_enum, default_value_t = ReportLang::En)]
    pub lang: ReportLang,

    /// The report's date (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_as_of)]
    pub as_of: Option<i32>,
}

#[derive(Debug, Args)]
pub struct SubjectEraseArgs {
    #[command(flatten)]
    pub subject: SubjectArgs,

    /// Output folder for the erased copies and receipt.json (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// Append the person's SHA-256 hashes to this hashed suppression list (created if
    /// missing), so an erased person is never imported again.
    #[arg(long, value_name = "LIST")]
    pub suppress_into: Option<PathBuf>,

    /// The receipt's date (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_as_of)]
    pub as_of: Option<i32>,
}

/// Which rule packs to load.
#[derive(Debug, Args, Clone, Default)]
pub struct PackArgs {
    /// Add rule packs: a .toml file or a directory of them (repeatable).
    #[arg(long = "rules", value_name = "PATH")]
    pub rules: Vec<PathBuf>,

    /// Keep only rules whose code starts with one of these (comma-separated or repeated).
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub select: Vec<String>,

    /// Drop rules whose code starts with one of these (comma-separated or repeated).
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub ignore: Vec<String>,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(flatten)]
    pub packs: PackArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,

    /// List the canonical columns that rule conditions can read, instead of the rules.
    #[arg(long)]
    pub columns: bool,

    /// Language of the rules' messages (text format).
    #[arg(long, value_enum, default_value_t = ReportLang::En)]
    pub lang: ReportLang,
}

#[derive(Debug, Args)]
pub struct RuleArgs {
    /// The rule code, e.g. CON001.
    pub code: String,

    /// Language of the rule's message and documentation.
    #[arg(long, value_enum, default_value_t = ReportLang::En)]
    pub lang: ReportLang,

    #[command(flatten)]
    pub packs: PackArgs,
}

#[derive(Debug, Args)]
pub struct CheckPackArgs {
    /// The pack file(s) to check.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
    Md,
}

/// How to read an input file; every option overrides what would be sniffed.
#[derive(Debug, Args, Clone, Default)]
pub struct ReadArgs {
    /// Text encoding (WHATWG label: utf-8, utf-16le, windows-1256, windows-1252, ...).
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,

    /// CSV delimiter: `,` `;` `|` or `tab`.
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter)]
    pub delimiter: Option<u8>,

    /// Spreadsheet sheet to read (default: the first).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,

    /// Give a column a role, overriding the guess (repeatable), e.g. `--map phone=Mobile`.
    #[arg(long = "map", value_name = "ROLE=COLUMN")]
    pub map: Vec<RoleOverride>,

    /// What to do with a record of a CSV/TSV that cannot be read (a stray quote, a fragment
    /// on its own line, a wrong number of cells): `error` stops with the file and line (the
    /// default); `quarantine` sets its lines aside into `rejected.<ext>`, lists them in the
    /// report, and audits the rest (the file is then read whole).
    #[arg(long, value_enum, default_value_t = OnBadRecord::Error)]
    pub on_bad_record: OnBadRecord,
}

/// `--on-bad-record`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum OnBadRecord {
    #[default]
    Error,
    Quarantine,
}

impl ReadArgs {
    /// The reading options these flags ask for.
    pub fn options(&self) -> crate::input::ReadOptions {
        crate::input::ReadOptions {
            encoding: self.encoding.clone(),
            delimiter: self.delimiter,
            sheet: self.sheet.clone(),
            quarantine: self.on_bad_record == OnBadRecord::Quarantine,
        }
    }
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The contact list: CSV, TSV, JSON, NDJSON, Parquet or XLSX.
    pub file: PathBuf,

    #[command(flatten)]
    pub read: ReadArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,

    /// Sample values to show per column (masked unless --show-pii).
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub samples: usize,

    /// Also show the normalized facts of the first records (phones in E.164 with type,
    /// e-mail classes, jurisdiction, business or individual) and the personal data found in
    /// free-text columns.
    #[arg(long)]
    pub normalized: bool,

    /// With --normalized: how many records to show.
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub limit: usize,

    #[command(flatten)]
    pub enrich: EnrichArgs,
}

/// Defaults for records that do not say where they belong.
#[derive(Debug, Args, Clone, Default)]
pub struct EnrichArgs {
    /// Country (ISO 3166 alpha-2) of national-format phone numbers when a record names none.
    #[arg(long, value_name = "CC", value_parser = parse_country)]
    pub region: Option<String>,

    /// Jurisdiction (ISO 3166 alpha-2) to apply when nothing in a record names a country.
    #[arg(long, value_name = "CC", value_parser = parse_country)]
    pub jurisdiction: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
}

fn parse_delimiter(raw: &str) -> Result<u8, String> {
    match raw {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        "," | ";" | "|" => Ok(raw.as_bytes()[0]),
        other => Err(format!(
            "`{other}` is not a supported delimiter; use `,` `;` `|` or `tab`"
        )),
    }
}

fn parse_country(raw: &str) -> Result<String, String> {
    crate::normalize::country::region_code(raw)
        .ok_or_else(|| format!("`{raw}` is not a country consentry knows; use an ISO code such as SA, AE, EG, GB, US, SN"))
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// The contact list: CSV, TSV, JSON, NDJSON, Parquet or XLSX.
    pub file: PathBuf,

    /// Directory for the outputs (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// Channels to audit for (repeatable or comma-separated): call, sms, whatsapp, email.
    /// Default: all four. Each channel is answered on its own (keep, review, exclude, or none
    /// where the record has no usable contact point); the record's decision is the strictest
    /// answer among the channels it can be reached on.
    #[arg(long = "channel", value_name = "CHANNEL", value_delimiter = ',', value_parser = parse_channel)]
    pub channels: Vec<crate::channel::Channel>,

    /// The audit date (YYYY-MM-DD) that ages are measured to. Default: today (UTC).
    #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
    pub as_of: Option<i32>,

    /// A consent ledger (CSV; repeatable): phone/email, consent_at, method, channels, proof,
    /// obtained_by, withdrawn_at.
    #[arg(long = "consent", value_name = "FILE")]
    pub consent: Vec<PathBuf>,

    /// A suppression list (repeatable): phones or e-mails one per line, CSV, US DNC, UK TPS,
    /// or SHA-256 hashed. `@YYYY-MM-DD` says when it was checked against its registry, `:KIND`
    /// what it is (`internal`, or a registry: uk-tps, uk-ctps, us-dnc, ca-dncl, au-dncr,
    /// fr-bloctel, it-rpo, es-robinson, gr-dnc, ae-dncr, in-ncpr, sg-dnc, tr-iys, br-nmp; UK TPS
    /// and US DNC files are recognised), `:CC` the country of its national numbers:
    /// `tps.txt@2026-11-20:uk-tps`, `optouts.txt:GB`. A registry list screens only its own
    /// country, within its window (UK 28 days, US and Canada 31, Singapore 21, ...).
    #[arg(long = "suppress", value_name = "FILE[@DATE][:KIND][:CC]", value_parser = parse_suppress)]
    pub suppress: Vec<SuppressSpec>,

    /// Also write `keep.<channel>.<ext>` for each audited channel: the records that may be
    /// contacted on that channel, unchanged.
    #[arg(long)]
    pub split_by_channel: bool,

    /// An earlier audit's report.json of the same list: the report says what is new since.
    #[arg(long, value_name = "REPORT_JSON")]
    pub baseline: Option<PathBuf>,

    /// Configuration file (default: consentry.toml in the working directory, if present).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Fail the gate (exit 1) on records decided `exclude` (the default), `review` (review or
    /// exclude), or `never`.
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,

    /// Fail only when the share of failing records is above this rate (0 to 1), e.g. 0.05.
    #[arg(long, value_name = "RATE", value_parser = parse_rate)]
    pub max_exclude_rate: Option<f64>,

    /// Language of report.html: en (the default), or ar (Arabic, right to left).
    #[arg(long, value_enum)]
    pub lang: Option<ReportLang>,

    /// Print each stage and its elapsed time on stderr (always on when stderr is a terminal).
    /// Names stages only, never data.
    #[arg(long)]
    pub progress: bool,

    /// Read a UTF-8 CSV/TSV file larger than SIZE in parts of about SIZE (e.g. 512K, 64M, 1G;
    /// the first part an eighth of it, at least 1M, so the audit starts sooner), so memory
    /// stays bounded whatever the file's size. Outputs do not depend on it. Other files (JSON,
    /// spreadsheets, Parquet, other encodings) are read whole.
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = parse_size)]
    pub part_size: usize,

    #[command(flatten)]
    pub read: ReadArgs,

    #[command(flatten)]
    pub enrich: EnrichArgs,

    #[command(flatten)]
    pub packs: PackArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Exclude,
    Review,
    Never,
}

impl FailOn {
    pub fn as_str(self) -> &'static str {
        match self {
            FailOn::Exclude => "exclude",
            FailOn::Review => "review",
            FailOn::Never => "never",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportLang {
    En,
    Ar,
}

fn parse_channel(raw: &str) -> Result<crate::channel::Channel, String> {
    crate::channel::Channel::parse(raw).ok_or_else(|| {
        crate::l10n::format(
            crate::l10n::interface(),
            "error-unknown-channel",
            &[("value", raw.to_string())],
        )
    })
}

fn parse_as_of(raw: &str) -> Result<i32, String> {
    crate::normalize::date::parse_date(raw).ok_or_else(|| {
        crate::l10n::format(
            crate::l10n::interface(),
            "error-bad-date",
            &[("value", raw.to_string())],
        )
    })
}

fn parse_rate(raw: &str) -> Result<f64, String> {
    match raw.parse::<f64>() {
        Ok(rate) if (0.0..=1.0).contains(&rate) => Ok(rate),
        _ => Err(format!("`{raw}` is not a rate between 0 and 1 (e.g. 0.05)")),
    }
}

#[derive(Debug, Args)]
pub struct HashArgs {
    /// The suppression list to hash (any format `--suppress` reads).
    pub file: PathBuf,

    /// Write the hashed list here (owner-only, atomic) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Country (ISO code) of national-format numbers in the list.
    #[arg(long, value_name = "CC", value_parser = parse_country)]
    pub region: Option<String>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write the template.
    #[arg(default_value = "consentry.toml")]
    pub path: PathBuf,

    /// Replace an existing file.
    #[arg(long)]
    pub force: bool,
}

fn parse_suppress(raw: &str) -> Result<SuppressSpec, String> {
    SuppressSpec::parse(raw)
}

/// Parses a channel name (also for the configuration file).
pub fn channel_from_str(raw: &str) -> Result<crate::channel::Channel, String> {
    parse_channel(raw)
}

/// Parses a country (also for the configuration file).
pub fn country_from_str(raw: &str) -> Result<String, String> {
    parse_country(raw)
}

#[derive(Debug, Args)]
pub struct FingerprintArgs {
    /// Phone numbers (international format, or with --region) or e-mail addresses.
    #[arg(required = true)]
    pub values: Vec<String>,

    /// Country (ISO code) of national-format numbers.
    #[arg(long, value_name = "CC", value_parser = parse_country)]
    pub region: Option<String>,

    /// Configuration file holding `fingerprint_key` (default: consentry.toml if present).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// `90s` as (`90`, `s`): the leading digits and the rest.
fn number_and_unit(raw: &str) -> (&str, &str) {
    raw.split_at(raw.find(|c: char| !c.is_ascii_digit()).unwrap_or(raw.len()))
}

/// A duration: a number with a unit, s, m, h or d (`90s`, `30m`, `1h`, `2d`).
pub fn parse_duration(raw: &str) -> Result<std::time::Duration, String> {
    let raw = raw.trim();
    let wrong = || format!("`{raw}` is not a duration; write e.g. 90s, 30m, 1h or 2d");
    let (digits, unit) = number_and_unit(raw);
    let seconds: u64 = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return Err(wrong()),
    };
    let number: u64 = digits.parse().map_err(|_| wrong())?;
    number
        .checked_mul(seconds)
        .filter(|&n| n > 0)
        .map(std::time::Duration::from_secs)
        .ok_or_else(wrong)
}

/// A byte size: a number with an optional K, M or G suffix (powers of 1024).
pub fn parse_size(raw: &str) -> Result<usize, String> {
    let raw = raw.trim();
    let (digits, unit) = number_and_unit(raw);
    let shift = match unit.to_ascii_uppercase().trim_end_matches(['B', 'I']) {
        "" => 0,
        "K" => 10,
        "M" => 20,
        "G" => 30,
        _ => return Err(format!("`{raw}` is not a size; write e.g. 512K, 64M or 1G")),
    };
    let number: usize = digits
        .parse()
        .map_err(|_| format!("`{raw}` is not a size; write e.g. 512K, 64M or 1G"))?;
    number
        .checked_mul(1 << shift)
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("`{raw}` must be between 1 byte and the memory you have"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_take_a_unit_and_refuse_nonsense() {
        assert_eq!(
            parse_duration("90s"),
            Ok(std::time::Duration::from_secs(90))
        );
        assert_eq!(
            parse_duration("1h"),
            Ok(std::time::Duration::from_secs(3600))
        );
        assert_eq!(
            parse_duration("2d"),
            Ok(std::time::Duration::from_secs(172_800))
        );
        for wrong in [
            "",
            "1",
            "h",
            "0s",
            "1 h",
            "1.5h",
            "-1m",
            "99999999999999999999d",
        ] {
            assert!(parse_duration(wrong).is_err(), "{wrong}");
        }
    }

    #[test]
    fn sizes_take_a_binary_suffix_and_refuse_nonsense() {
        assert_eq!(parse_size("300"), Ok(300));
        assert_eq!(parse_size("512K"), Ok(512 << 10));
        assert_eq!(parse_size("64M"), Ok(64 << 20));
        assert_eq!(parse_size("64mib"), Ok(64 << 20));
        assert_eq!(parse_size("1G"), Ok(1 << 30));
        for bad in ["", "0", "12Q", "M", "-1", "1.5G", "99999999999999999999G"] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
    }
}
