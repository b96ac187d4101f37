//! Suppression lists: do-not-contact lists in every format teams receive them, each of a kind.
//!
//! One phone or e-mail per line (`#` comments), a CSV with a phone or email column, US DNC
//! flat files (`NXXNXXXXXX` or `NXX,NXXXXXX`), UK TPS/CTPS fixed-width records, and SHA-256
//! hashed lists (lowercase hex of the E.164 number with `+` or of the trimmed, lower-cased
//! e-mail; optionally prefixed `sha256:`). Entries are normalized on load, so a match works
//! however the number is written in the dataset; national numbers are read in the list's own
//! region (`FILE:GB`), else the audit's `--region`. Lines that are none of these are counted and
//! reported with their line numbers; the rest of the list is used.
//!
//! Each list has a kind: `internal` (your own opt-outs, honoured everywhere) or a national
//! registry from `rules/registries/registries.toml` (UK TPS, US DNC, ...), given or recognised from the
//! registry's own file format. A registry list screens only its own country, and only while
//! its check date is within the registry's window: [`Screens`] says, per country and subject
//! kind, which registries a call needs and whether the lists given screen them.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::enrich::SubjectKind;
use crate::error::{Error, Result};
use crate::normalize::{email, phone};

/// The registries shipped with consentry.
pub const BUILTIN_REGISTRIES: &str = include_str!("../../rules/registries/registries.toml");

/// A national do-not-call registry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Registry {
    /// The kind's name (`uk-tps`).
    pub id: String,
    pub name: String,
    /// ISO code of the country it screens.
    pub country: String,
    /// A screen older than this many days at the audit date does not protect the caller.
    pub max_age_days: i32,
    /// The subject kinds it protects.
    pub subjects: Vec<SubjectKind>,
    /// The registry's own file format (`tps`, `us-dnc`), if it has one.
    pub format: Option<String>,
    pub citation: String,
}

/// Every built-in registry, parsed once.
pub fn registries() -> &'static [Registry] {
    static REGISTRIES: std::sync::OnceLock<Vec<Registry>> = std::sync::OnceLock::new();
    REGISTRIES.get_or_init(|| {
        parse_registries(BUILTIN_REGISTRIES).expect("rules/registries.toml parses (tested)")
    })
}

fn parse_registries(text: &str) -> std::result::Result<Vec<Registry>, String> {
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| e.to_string())?;
    table
        .iter()
        .map(|(id, entry)| {
            let text = |key: &str| -> std::result::Result<String, String> {
                entry
                    .get(key)
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
                    .ok_or_else(|| format!("registry `{id}` needs `{key}`"))
            };
            let subjects = entry
                .get("subjects")
                .and_then(|v| v.as_array())
                .ok_or_else(|| format!("registry `{id}` needs `subjects`"))?
                .iter()
                .map(|v| match v.as_str() {
                    Some("business") => Ok(SubjectKind::Business),
                    Some("individual") => Ok(SubjectKind::Individual),
                    Some("unknown") => Ok(SubjectKind::Unknown),
                    _ => Err(format!(
                        "registry `{id}`: subjects are business, individual, unknown"
                    )),
                })
                .collect::<std::result::Result<_, _>>()?;
            Ok(Registry {
                id: id.clone(),
                name: text("name")?,
                country: text("country")?,
                max_age_days: entry
                    .get("max_age_days")
                    .and_then(|v| v.as_integer())
                    .ok_or_else(|| format!("registry `{id}` needs `max_age_days`"))?
                    as i32,
                subjects,
                format: text("format").ok(),
                citation: text("citation")?,
            })
        })
        .collect()
}

/// The registry with this kind name.
pub fn registry(id: &str) -> Option<&'static Registry> {
    registries().iter().find(|r| r.id.eq_ignore_ascii_case(id))
}

/// What a suppression list is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ListKind {
    /// Your own do-not-contact list: honoured everywhere, never a registry screen.
    #[default]
    Internal,
    /// A national registry's list (index in [`registries`]).
    Registry(usize),
}

impl ListKind {
    /// The kind's name, as reports and the command line write it.
    pub fn as_str(self) -> &'static str {
        match self {
            ListKind::Internal => "internal",
            ListKind::Registry(i) => &registries()[i].id,
        }
    }

    /// Parses `internal` or a registry's kind name.
    pub fn parse(raw: &str) -> Option<ListKind> {
        if raw.eq_ignore_ascii_case("internal") {
            return Some(ListKind::Internal);
        }
        registries()
            .iter()
            .position(|r| r.id.eq_ignore_ascii_case(raw))
            .map(ListKind::Registry)
    }
}

/// A suppression list to load: `FILE[@YYYY-MM-DD][:KIND][:CC]` on the command line, or an
/// `[[audit.suppress]]` entry of the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuppressSpec {
    pub path: PathBuf,
    /// When the list was checked against its registry (days since 1970-01-01).
    pub checked_at: Option<i32>,
    /// The list's kind; `None` to recognise it from the file (a registry's own format, else
    /// internal).
    pub kind: Option<ListKind>,
    /// Country of the national-format numbers in the list (a registry's own country when
    /// not given).
    pub region: Option<String>,
}

impl SuppressSpec {
    /// A list given by path only.
    pub fn path(path: impl Into<PathBuf>) -> Self {
        SuppressSpec {
            path: path.into(),
            checked_at: None,
            kind: None,
            region: None,
        }
    }

    /// Parses `FILE[@YYYY-MM-DD][:KIND][:CC]`: `tps.txt@2026-11-20:uk-tps`, `list.txt:GB`.
    /// Suffixes are read from the right while they are a kind, a region or a date, so a path
    /// holding `:` or `@` still reads.
    pub fn parse(raw: &str) -> std::result::Result<Self, String> {
        let mut spec = SuppressSpec::path(raw);
        let mut rest = raw;
        while let Some((head, tail)) = rest.rsplit_once(':') {
            if let Some(kind) = ListKind::parse(tail) {
                spec.kind = Some(kind);
            } else if tail.len() == 2 && tail.bytes().all(|b| b.is_ascii_alphabetic()) {
                spec.region = Some(crate::normalize::country::region_code(tail).ok_or_else(
                    || format!("`{tail}` in `{raw}` is not a region consentry knows (an ISO code such as GB, SA, US)"),
                )?);
            } else if tail.contains('-')
                && tail.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-')
            {
                let kinds: Vec<&str> = registries().iter().map(|r| r.id.as_str()).collect();
                return Err(format!(
                    "`{tail}` is not a list kind; use internal or a registry: {}",
                    kinds.join(", ")
                ));
            } else {
                break;
            }
            rest = head;
        }
        if let Some((path, date)) = rest.rsplit_once('@') {
            if let Some(checked_at) = crate::normalize::date::parse_date(date) {
                spec.checked_at = Some(checked_at);
                rest = path;
            }
        }
        spec.path = PathBuf::from(rest);
        Ok(spec)
    }
}

/// One loaded list.
#[derive(Debug, Default)]
pub struct SuppressionList {
    /// The file name, as reports name the list.
    pub name: String,
    pub kind: ListKind,
    pub phones: HashSet<String>,
    pub emails: HashSet<String>,
    pub hashes: HashSet<[u8; 32]>,
    /// 1-based lines that could not be read as an entry.
    pub rejected_lines: Vec<usize>,
    pub entries: usize,
    /// When the list was last checked against its registry (days since 1970-01-01).
    pub checked_at: Option<i32>,
}

impl SuppressionList {
    /// Whether a normalized contact point (E.164 or lower-case e-mail) is on the list.
    pub fn contains(&self, canonical: &str, hash: &[u8; 32]) -> bool {
        self.phones.contains(canonical)
            || self.emails.contains(canonical)
            || self.hashes.contains(hash)
    }

    /// Whether the list is a screen of `registry` that still protects a caller on `as_of`.
    pub fn screens(&self, registry: usize, as_of: i32) -> bool {
        self.kind == ListKind::Registry(registry)
            && self.checked_at.is_some_and(|checked| {
                checked <= as_of && as_of - checked <= registries()[registry].max_age_days
            })
    }
}

/// Which registries a call to a country's numbers needs for each subject kind, and whether the
/// run's lists screen them on the audit date: worked out once per run.
#[derive(Debug, Default)]
pub struct Screens {
    /// (country, subject kind, the registries' kind names joined by `;`, all screened).
    entries: Vec<(String, SubjectKind, String, bool)>,
    /// The entry of each (two-letter country, subject kind), by `country::alpha2_index`
    /// times three plus the kind: asked for every record and channel.
    by_country: Vec<Option<u16>>,
}

impl Screens {
    /// The screens the run's `lists` give on `as_of`.
    pub fn new(lists: &[SuppressionList], as_of: i32) -> Self {
        let mut entries = Vec::new();
        let mut countries: Vec<&str> = registries().iter().map(|r| r.country.as_str()).collect();
        countries.sort_unstable();
        countries.dedup();
        for country in countries {
            for subject in [
                SubjectKind::Business,
                SubjectKind::Individual,
                SubjectKind::Unknown,
            ] {
                let needed: Vec<usize> = registries()
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| r.country == country && r.subjects.contains(&subject))
                    .map(|(i, _)| i)
                    .collect();
                if needed.is_empty() {
                    continue;
                }
                let ids: Vec<&str> = needed
                    .iter()
                    .map(|&i| registries()[i].id.as_str())
                    .collect();
                let screened = needed
                    .iter()
                    .all(|&r| lists.iter().any(|l| l.screens(r, as_of)));
                entries.push((country.to_string(), subject, ids.join(";"), screened));
            }
        }
        let mut by_country = vec![None; 26 * 26 * 3];
        for (at, (country, subject, _, _)) in entries.iter().enumerate() {
            if let Some(index) = crate::normalize::country::alpha2_index(country) {
                by_country[index * 3 + *subject as usize] = Some(at as u16);
            }
        }
        Screens {
            entries,
            by_country,
        }
    }

    /// The registries a call to a number of `country` for a `subject` needs, and whether they
    /// are all screened; `None` when the country has no registry for that subject.
    pub fn of(&self, country: &str, subject: SubjectKind) -> Option<(&str, bool)> {
        let index = crate::normalize::country::alpha2_index(country)?;
        let at = (*self.by_country.get(index * 3 + subject as usize)?)?;
        let (_, _, ids, screened) = &self.entries[usize::from(at)];
        Some((ids.as_str(), *screened))
    }
}

/// The SHA-256 of a canonical contact point, as hashed lists store it.
pub fn hash_contact(canonical: &str) -> [u8; 32] {
    Sha256::digest(canonical.as_bytes()).into()
}

/// Loads suppression lists with their kinds and check dates. National-format numbers are read
/// in the list's own region, else its registry's country, else `region` (the audit's). `as_of`
/// is the audit date: a check date after it is an error.
pub fn load_lists(
    specs: &[SuppressSpec],
    region: Option<&str>,
    as_of: i32,
) -> Result<Vec<SuppressionList>> {
    specs
        .iter()
        .map(|spec| {
            if let Some(checked) = spec.checked_at.filter(|c| *c > as_of) {
                return Err(Error::input(
                    &spec.path,
                    format!(
                        "the list's check date {} is after the audit date {}",
                        crate::normalize::date::format_date(checked),
                        crate::normalize::date::format_date(as_of)
                    ),
                    "give the date the list was downloaded or screened, or a later --as-of",
                ));
            }
            let declared_country = match spec.kind {
                Some(ListKind::Registry(r)) => Some(registries()[r].country.as_str()),
                _ => None,
            };
            let list_region = spec.region.as_deref().or(declared_country).or(region);
            let (mut list, formats) = load_one(&spec.path, list_region)?;
            list.kind = kind_of(spec, &formats)?;
            list.checked_at = spec.checked_at;
            Ok(list)
        })
        .collect()
}

/// Entries written in a registry's own file format, counted while a list loads.
#[derive(Debug, Default)]
struct Formats {
    tps: usize,
    us_dnc: usize,
}

/// A list's kind: as declared, checked against its file's format, or recognised from it.
fn kind_of(spec: &SuppressSpec, formats: &Formats) -> Result<ListKind> {
    let recognised = match (formats.tps > 0, formats.us_dnc > 0) {
        (true, false) => Some("tps"),
        (false, true) => Some("us-dnc"),
        _ => None,
    };
    match spec.kind {
        None => Ok(match recognised {
            Some("tps") => ListKind::parse("uk-tps").unwrap_or_default(),
            Some(_) => ListKind::parse("us-dnc").unwrap_or_default(),
            None => ListKind::Internal,
        }),
        Some(ListKind::Registry(r)) => {
            let registry = &registries()[r];
            let contradicts = |format: &str, count: usize| {
                count > 0 && registry.format.as_deref().is_some_and(|own| own != format)
            };
            if contradicts("tps", formats.tps) || contradicts("us-dnc", formats.us_dnc) {
                let seen = if formats.tps > 0 {
                    "UK TPS/CTPS fixed-width records"
                } else {
                    "US DNC area-code records"
                };
                return Err(Error::input(
                    &spec.path,
                    format!("the list was declared `{}` ({}) but holds {seen}", registry.id, registry.name),
                    "declare the kind of the registry the file comes from, or leave it out to recognise it",
                ));
            }
            Ok(ListKind::Registry(r))
        }
        Some(ListKind::Internal) => Ok(ListKind::Internal),
    }
}

fn load_one(path: &Path, region: Option<&str>) -> Result<(SuppressionList, Formats)> {
    let bytes = std::fs::read(path)
        .map_err(|e| Error::io(path, e, "check the path given to --suppress"))?;
    let text = crate::input::encoding::decode(path, bytes, None)?.text;
    let mut list = SuppressionList {
        name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string()),
        ..SuppressionList::default()
    };
    let mut formats = Formats::default();
    let mut csv_column: Option<(usize, char)> = None;
    for (index, raw_line) in text.lines().enumerate() {
        let line_number = index + 1;
        let line = raw_line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if list.entries == 0 && list.rejected_lines.is_empty() && csv_column.is_none() {
            if let Some(found) = csv_header(line) {
                csv_column = Some(found);
                continue;
            }
        }
        let value = match csv_column {
            Some((column, delimiter)) => line
                .split(delimiter)
                .nth(column)
                .unwrap_or("")
                .trim()
                .trim_matches('"'),
            None => line,
        };
        if add_entry(&mut list, value, region, &mut formats) {
            list.entries += 1;
        } else {
            list.rejected_lines.push(line_number);
        }
    }
    Ok((list, formats))
}

/// A CSV header naming a phone or e-mail column: its position and delimiter.
fn csv_header(line: &str) -> Option<(usize, char)> {
    let delimiter = [',', ';', '\t', '|']
        .into_iter()
        .find(|d| line.contains(*d))?;
    line.split(delimiter)
        .position(|cell| {
            let key = crate::normalize::text::match_key(cell);
            matches!(
                key.as_str(),
                "phone"
                    | "phonenumber"
                    | "number"
                    | "msisdn"
                    | "mobile"
                    | "email"
                    | "emailaddress"
                    | "e164"
            )
        })
        .map(|i| (i, delimiter))
}

fn add_entry(
    list: &mut SuppressionList,
    value: &str,
    region: Option<&str>,
    formats: &mut Formats,
) -> bool {
    let hex = value.strip_prefix("sha256:").unwrap_or(value);
    if hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        let mut hash = [0u8; 32];
        for (i, chunk) in hex.as_bytes().chunks(2).enumerate() {
            let pair = std::str::from_utf8(chunk).unwrap_or("00");
            hash[i] = u8::from_str_radix(pair, 16).unwrap_or(0);
        }
        list.hashes.insert(hash);
        return true;
    }
    if value.contains('@') {
        return match email::canonical(value) {
            Some(norm) => {
                list.emails.insert(norm);
                true
            }
            None => false,
        };
    }
    // US DNC: `NXX,NXXXXXX` (area code, number).
    if let Some((area, number)) = value.split_once(',') {
        let (area, number) = (area.trim(), number.trim());
        if area.len() == 3
            && number.len() == 7
            && format!("{area}{number}")
                .bytes()
                .all(|b| b.is_ascii_digit())
        {
            formats.us_dnc += 1;
            return add_phone(list, &format!("+1{area}{number}"), None);
        }
    }
    // UK TPS/CTPS fixed-width: the national number, then spaces and an eight-digit date (a
    // national number written with a space, `01677 422126`, is not one).
    let tokens: Vec<&str> = value.split_whitespace().collect();
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if let [first_token, date] = tokens.as_slice() {
        if first_token.len() >= 10
            && first_token.starts_with('0')
            && digits(first_token)
            && date.len() == 8
            && digits(date)
        {
            formats.tps += 1;
            return add_phone(list, first_token, Some("GB"));
        }
    }
    // US DNC: ten digits, no trunk prefix.
    if value.len() == 10 && value.bytes().all(|b| b.is_ascii_digit()) && !value.starts_with('0') {
        return add_phone(list, &format!("+1{value}"), None) || add_phone(list, value, region);
    }
    add_phone(list, value, region)
}

fn add_phone(list: &mut SuppressionList, value: &str, region: Option<&str>) -> bool {
    let parsed = phone::normalize_phone(value, region);
    match parsed.e164 {
        Some(e164) if parsed.valid => {
            list.phones.insert(e164);
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(content: &str, region: Option<&str>) -> SuppressionList {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("list.txt");
        std::fs::write(&path, content).unwrap();
        load_one(&path, region).unwrap().0
    }

    #[test]
    fn every_format_matches_however_the_number_is_written() {
        let e164 = "+966512345678";
        let hashed = format!("sha256:{}", hex(&hash_contact(e164)));
        for content in [
            "+966 51 234 5678\n",
            "0512345678\n",
            "# dnc\n00966512345678\n",
            &format!("{hashed}\n"),
            "id,phone\n1,+966512345678\n",
        ] {
            let list = load(content, Some("SA"));
            assert!(list.contains(e164, &hash_contact(e164)), "{content:?}");
        }
        let us = load("2015550123\n201,5550124\n", None);
        assert!(us.phones.contains("+12015550123"));
        assert!(us.phones.contains("+12015550124"));
        let tps = load("07400123456         20261101\n", None);
        assert!(tps.phones.contains("+447400123456"));
        let emails = load("Sara@Example.ORG\n", None);
        assert!(emails.emails.contains("sara@example.org"));
    }

    #[test]
    fn garbage_lines_are_reported_and_the_rest_used() {
        let list = load(
            "+966512345678\nnot a number\n\n???\nsara@example.org\n",
            Some("SA"),
        );
        assert_eq!(list.entries, 2);
        assert_eq!(list.rejected_lines, [2, 4]);
    }

    /// A dated list of one kind, as `load_lists` would give it.
    fn dated(kind: ListKind, checked_at: i32) -> SuppressionList {
        SuppressionList {
            kind,
            checked_at: Some(checked_at),
            ..SuppressionList::default()
        }
    }

    /// Issue #22: for every registry, a fresh list of it screens its own country; a list of any
    /// other country's registry, an internal list, a stale or an undated list never does.
    #[test]
    fn each_registry_screens_only_its_own_country_within_its_window() {
        let as_of = 20_000;
        assert!(registries().len() >= 13);
        for (r, registry) in registries().iter().enumerate() {
            let subject = registry.subjects[0];
            let needs_all = |lists: &[SuppressionList]| {
                Screens::new(lists, as_of)
                    .of(&registry.country, subject)
                    .map(|(_, screened)| screened)
            };
            // Every registry of the country that applies to the subject, freshly screened.
            let same_country: Vec<SuppressionList> = registries()
                .iter()
                .enumerate()
                .filter(|(_, o)| o.country == registry.country && o.subjects.contains(&subject))
                .map(|(i, _)| dated(ListKind::Registry(i), as_of - 1))
                .collect();
            assert_eq!(needs_all(&same_country), Some(true), "{}", registry.id);
            let others: Vec<SuppressionList> = registries()
                .iter()
                .enumerate()
                .filter(|(_, o)| o.country != registry.country)
                .map(|(i, _)| dated(ListKind::Registry(i), as_of - 1))
                .chain([dated(ListKind::Internal, as_of - 1)])
                .collect();
            assert_eq!(
                needs_all(&others),
                Some(false),
                "{}: other countries",
                registry.id
            );
            let stale = dated(ListKind::Registry(r), as_of - registry.max_age_days - 1);
            assert!(!stale.screens(r, as_of), "{}: stale", registry.id);
            let undated = SuppressionList {
                kind: ListKind::Registry(r),
                ..SuppressionList::default()
            };
            assert!(!undated.screens(r, as_of), "{}: undated", registry.id);
            assert!(dated(ListKind::Registry(r), as_of - registry.max_age_days).screens(r, as_of));
        }
        // A country without a registry needs none.
        assert_eq!(
            Screens::new(&[], as_of).of("SA", SubjectKind::Individual),
            None
        );
        // Business lines are outside the US DNC rules.
        assert_eq!(
            Screens::new(&[], as_of).of("US", SubjectKind::Business),
            None
        );
    }

    #[test]
    fn specs_read_dates_kinds_and_regions_from_the_right() {
        let spec = SuppressSpec::parse("lists/tps.txt@2026-11-20:uk-tps").unwrap();
        assert_eq!(spec.path, PathBuf::from("lists/tps.txt"));
        assert_eq!(spec.kind, ListKind::parse("uk-tps"));
        assert!(spec.checked_at.is_some());
        let spec = SuppressSpec::parse("optouts.txt:GB").unwrap();
        assert_eq!((spec.region.as_deref(), spec.kind), (Some("GB"), None));
        let spec = SuppressSpec::parse("a:b/list@home.txt").unwrap();
        assert_eq!(spec.path, PathBuf::from("a:b/list@home.txt"));
        assert!(SuppressSpec::parse("x.txt:uk-tpz")
            .unwrap_err()
            .contains("not a list kind"));
        assert!(SuppressSpec::parse("x.txt:ZZ")
            .unwrap_err()
            .contains("not a region"));
    }

    /// Issue #21: national numbers in a list were refused even with the list's region.
    #[test]
    fn national_numbers_are_read_in_the_lists_region() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("list.txt");
        std::fs::write(&path, "01677 422126\n020 7946 0000\n").unwrap();
        let mut spec = SuppressSpec::path(&path);
        let refused = load_lists(std::slice::from_ref(&spec), None, 20_000).unwrap();
        assert_eq!(refused[0].rejected_lines, [1, 2]);
        spec.region = Some("GB".into());
        let read = load_lists(&[spec], None, 20_000).unwrap();
        assert_eq!(read[0].entries, 2);
        assert!(read[0].phones.contains("+441677422126"));
        let by_audit = load_lists(&[SuppressSpec::path(&path)], Some("GB"), 20_000).unwrap();
        assert_eq!(by_audit[0].entries, 2);
    }

    #[test]
    fn the_registries_file_parses() {
        for registry in registries() {
            assert!(registry.max_age_days > 0 && !registry.citation.is_empty());
            assert!(
                crate::normalize::country::is_known(&registry.country),
                "{}",
                registry.id
            );
        }
        assert!(parse_registries("[x]\nname = \"X\"").is_err());
    }

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }
}
