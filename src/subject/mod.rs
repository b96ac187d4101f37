//! Requests from people: find one person in every list, tell them what is held (GDPR Art. 15),
//! and erase them (Art. 17) so that they are never imported again (Art. 21(3)).
//!
//! A person is given as phone numbers, e-mail addresses or fingerprints. Every list is read
//! the way the audit reads it (in parts for a large CSV, so memory is bounded by the part),
//! its contact columns normalized, and its other cells scanned for e-mails and phone numbers
//! written in text (reviews, notes, JSON cells). A record *holds* the person when a contact
//! column does; it *mentions* them when only free text does. Values are compared normalized
//! (E.164, the canonical e-mail), so a number written nationally, internationally or in
//! Arabic-Indic digits is the same number.

pub mod access;
pub mod erase;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::enrich::text_pii::{scan_text, PiiKind};
use crate::enrich::{self, EnrichOptions};
use crate::error::{Error, Result};
use crate::input::stream::{Next, Source};
use crate::input::{Dataset, ReadOptions};
use crate::normalize::text::ascii_digit;
use crate::normalize::{email, phone};
use crate::schema::{self, Role, Schema};

/// One way the person is named.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    /// E.164.
    Phone(String),
    /// Canonical (lower-case, trimmed) address.
    Email(String),
    /// A keyed fingerprint (`consentry fingerprint`).
    Fingerprint(String),
}

/// The person a request is about.
pub struct Person {
    pub targets: Vec<Target>,
    /// The fingerprint key, to compare fingerprints.
    key: String,
    /// The last seven digits of each phone target, to skip cells that cannot hold them.
    phone_tails: Vec<String>,
    /// The domain of each e-mail target, lower case, likewise.
    email_domains: Vec<String>,
}

/// Reads the values a person was given as. A value that is neither a valid phone, an e-mail
/// nor a fingerprint is an error naming its position, never its text.
pub fn person(values: &[String], region: Option<&str>, key: &str) -> Result<Person> {
    let mut targets = BTreeSet::new();
    for (at, value) in values.iter().enumerate() {
        let trimmed = value.trim();
        let target = if is_fingerprint(trimmed) {
            Some(Target::Fingerprint(trimmed.to_ascii_lowercase()))
        } else if trimmed.contains('@') {
            email::canonical(trimmed).map(Target::Email)
        } else {
            let parsed = phone::normalize_phone(trimmed, region);
            parsed.e164.filter(|_| parsed.valid).map(Target::Phone)
        };
        let Some(target) = target else {
            return Err(Error::usage(
                format!(
                    "value {} is neither a valid phone number, an e-mail address nor a fingerprint",
                    at + 1
                ),
                "write phones internationally (+966...) or pass --region; fingerprints are the 20 characters `consentry fingerprint` prints",
            ));
        };
        targets.insert(target);
    }
    let phone_tails = targets
        .iter()
        .filter_map(|t| match t {
            Target::Phone(e164) => Some(e164[e164.len().saturating_sub(7)..].to_string()),
            _ => None,
        })
        .collect();
    let email_domains = targets
        .iter()
        .filter_map(|t| match t {
            Target::Email(address) => address.rsplit('@').next().map(str::to_string),
            _ => None,
        })
        .collect();
    Ok(Person {
        targets: targets.into_iter().collect(),
        key: key.to_string(),
        phone_tails,
        email_domains,
    })
}

fn is_fingerprint(value: &str) -> bool {
    value.len() == 20 && value.bytes().all(|b| b.is_ascii_hexdigit())
}

impl Person {
    /// Whether a normalized contact point (E.164 or canonical e-mail) is this person's.
    pub fn is(&self, canonical: &str) -> bool {
        self.targets.iter().any(|t| match t {
            Target::Phone(p) | Target::Email(p) => p == canonical,
            Target::Fingerprint(f) => crate::waivers::fingerprint(&self.key, canonical) == *f,
        })
    }

    /// The fingerprint of one of the person's contact points, keyed as the search was.
    pub fn fingerprint(&self, canonical: &str) -> String {
        crate::waivers::fingerprint(&self.key, canonical)
    }

    /// The person's contact points written in `text` (e-mails and phone numbers read in
    /// `region`), each as written and normalized; the sieve first, so most text costs little.
    fn mentions(&self, text: &str, region: Option<&str>) -> Vec<(String, String)> {
        if !self.may_mention(text) {
            return Vec::new();
        }
        scan_text(text, region)
            .into_iter()
            .filter_map(|found| {
                let written = &text[found.start..found.end];
                let canonical = match found.kind {
                    PiiKind::Email => email::canonical(written),
                    PiiKind::Phone => {
                        let parsed = phone::normalize_phone(written, region);
                        parsed.e164.filter(|_| parsed.valid)
                    }
                    _ => None,
                }?;
                self.is(&canonical)
                    .then(|| (written.to_string(), canonical))
            })
            .collect()
    }

    fn has_fingerprints(&self) -> bool {
        self.targets
            .iter()
            .any(|t| matches!(t, Target::Fingerprint(_)))
    }

    /// Whether a cell could mention the person in text: an e-mail target's domain (any case),
    /// or a phone target's last seven digits among its digits (any script). With a
    /// fingerprint, any `@` or seven digits could be theirs.
    fn may_mention(&self, cell: &str) -> bool {
        let bytes = cell.as_bytes();
        let fingerprints = self.has_fingerprints();
        if (fingerprints || !self.email_domains.is_empty())
            && memchr::memchr(b'@', bytes).is_some()
            && (fingerprints
                || self
                    .email_domains
                    .iter()
                    .any(|d| contains_ascii_caseless(bytes, d)))
        {
            return true;
        }
        if !fingerprints && self.phone_tails.is_empty() {
            return false;
        }
        // The cell's digits into a buffer on the stack; most cells have few.
        let mut digits = [0u8; 256];
        let mut count = 0;
        let mut push = |digit: u8| {
            if count < digits.len() {
                digits[count] = digit;
            }
            count += 1;
        };
        if cell.is_ascii() {
            bytes
                .iter()
                .filter(|b| b.is_ascii_digit())
                .for_each(|&b| push(b));
        } else {
            cell.chars()
                .filter_map(ascii_digit)
                .for_each(|d| push(d as u8));
        }
        if count < 7 {
            return false;
        }
        // A cell this full of digits is scanned rather than sieved.
        if count > digits.len() || fingerprints {
            return true;
        }
        let digits = &digits[..count];
        self.phone_tails
            .iter()
            .any(|t| memchr::memmem::find(digits, t.as_bytes()).is_some())
    }
}

/// Whether `haystack` contains `needle` (lower-case ASCII) in any ASCII case.
fn contains_ascii_caseless(haystack: &[u8], needle: &str) -> bool {
    let needle = needle.as_bytes();
    needle.is_empty()
        || haystack
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
}

/// A record that holds or mentions the person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// 0-based within its part.
    pub row: usize,
    /// 1-based in the whole file.
    pub record: usize,
    /// The 1-based line where the record starts, for line-based formats.
    pub line: Option<u64>,
    /// Contact columns holding one of the person's contact points (column indexes).
    pub columns: Vec<usize>,
    /// Text mentions outside the contact columns: the column and the text as written.
    pub mentions: Vec<(usize, String)>,
    /// The person's contact points found, normalized.
    pub found: BTreeSet<String>,
}

impl Hit {
    /// Whether a contact column holds the person (the record is theirs), not only free text.
    pub fn holds(&self) -> bool {
        !self.columns.is_empty()
    }
}

/// How lists are searched.
#[derive(Clone, Debug, Default)]
pub struct SearchOptions {
    pub read: ReadOptions,
    /// The region of national numbers in records that name no country.
    pub region: Option<String>,
    /// Part size for large CSVs (`None`: whole files).
    pub part_bytes: Option<usize>,
    /// When a record cannot be read, read the list again whole with unreadable records set
    /// aside (and searched as text) instead of failing: for finding a person, where one broken
    /// record must not hide the rest of the list. Erasure leaves it off: its copies need
    /// every record.
    pub set_aside_unreadable: bool,
}

/// The files under `paths` consentry can read, in a stable order: files given by name, and in
/// folders (recursively) the files whose extension is a format it reads.
pub fn list_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    // Not `.txt`: in a folder those are suppression lists and notes far more often than
    // contact lists (a `.txt` list given by name is read).
    const READABLE: [&str; 10] = [
        "csv", "tsv", "json", "ndjson", "jsonl", "parquet", "xlsx", "xls", "xlsm", "ods",
    ];
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut stack = vec![path.clone()];
            while let Some(dir) = stack.pop() {
                let entries = std::fs::read_dir(&dir)
                    .map_err(|e| Error::io(&dir, e, "check the folder exists and is readable"))?;
                for entry in entries {
                    let entry = entry.map_err(|e| Error::io(&dir, e, "check the folder"))?;
                    let path = entry.path();
                    if path.is_dir() {
                        stack.push(path);
                    } else if path
                        .extension()
                        .and_then(|e| e.to_str())
                        .is_some_and(|e| READABLE.contains(&e.to_ascii_lowercase().as_str()))
                    {
                        files.push(path);
                    }
                }
            }
        } else if path.exists() {
            files.push(path.clone());
        } else {
            return Err(Error::input(
                path,
                "no such file or folder",
                "check the path given to --in",
            ));
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

/// What `search_file` hands over.
pub enum Visit<'a> {
    /// A part of the list, with the records in it that hold or mention the person.
    Part(&'a Dataset, &'a Schema, &'a [Hit]),
    /// The list turned out not to be UTF-8 after parts were handed out: forget them, it is
    /// read again whole.
    Restart,
    /// An unreadable record (set aside with `SearchOptions::read.quarantine`) whose text
    /// mentions the person: its first line, and the contact points as written and normalized.
    Unreadable {
        line: u64,
        mentions: Vec<(String, String)>,
    },
}

/// What reading one list found besides its hits.
pub struct Searched {
    /// Records read (unreadable records set aside not included).
    pub records: usize,
    /// The SHA-256 of the file as read (lower-case hex), computed while reading.
    pub sha256: String,
}

/// Reads one list part by part and hands each part, with its hits, to `each`.
pub fn search_file(
    path: &Path,
    person: &Person,
    options: &SearchOptions,
    each: &mut dyn FnMut(Visit<'_>) -> Result<()>,
) -> Result<Searched> {
    let mut part_bytes = options.part_bytes;
    let mut read = options.read.clone();
    'read: loop {
        // The first unreadable record of a strict read: start over, setting such records aside.
        let retry = |error: Error, read: &mut ReadOptions| -> Result<()> {
            let may_retry = options.set_aside_unreadable
                && !read.quarantine
                && matches!(error, Error::Input { line: Some(_), .. });
            if !may_retry {
                return Err(error);
            }
            read.quarantine = true;
            Ok(())
        };
        let mut source = match Source::open(path, &read, part_bytes) {
            Ok(source) => source,
            Err(error) => {
                retry(error, &mut read)?;
                continue 'read;
            }
        };
        let mut schema: Option<Schema> = None;
        let mut first_record = 0usize;
        loop {
            let next = match source.next_part() {
                Ok(next) => next,
                Err(error) => {
                    retry(error, &mut read)?;
                    each(Visit::Restart)?;
                    continue 'read;
                }
            };
            let dataset = match next {
                Next::Part(dataset) => *dataset,
                Next::End => {
                    return Ok(Searched {
                        records: first_record,
                        sha256: source.info().sha256.clone(),
                    })
                }
                Next::ReadWhole => {
                    each(Visit::Restart)?;
                    part_bytes = None;
                    continue 'read;
                }
            };
            let schema = match &mut schema {
                Some(schema) => schema,
                None => {
                    let mut mapped = schema::map_columns(dataset.table.headers(), &[])?;
                    let (sample, rows) = source
                        .content_sample()
                        .unwrap_or((&dataset.table, dataset.content_sample_rows()));
                    schema::content::refine(&mut mapped, sample, rows, options.region.as_deref());
                    schema.insert(mapped)
                }
            };
            let hits = part_hits(&dataset, schema, person, options, first_record);
            each(Visit::Part(&dataset, schema, &hits))?;
            // A record that could not be read may still hold the person: searched as text.
            for rejected in &dataset.rejected {
                let mentions = person.mentions(&rejected.text, options.region.as_deref());
                if !mentions.is_empty() {
                    each(Visit::Unreadable {
                        line: rejected.line,
                        mentions,
                    })?;
                }
            }
            first_record += dataset.table.len();
        }
    }
}

/// The records of one part that hold or mention the person, in record order.
fn part_hits(
    dataset: &Dataset,
    schema: &Schema,
    person: &Person,
    options: &SearchOptions,
    first_record: usize,
) -> Vec<Hit> {
    let table = &dataset.table;
    let enriched = enrich::enrich(
        table,
        schema,
        &EnrichOptions {
            default_region: options.region.clone(),
            default_jurisdiction: None,
            skip_text_scan: true,
        },
    );
    // Cells of contact columns are read by enrichment; the others are scanned as text.
    let contact_columns: BTreeSet<usize> = schema
        .columns
        .iter()
        .filter(|c| matches!(c.role, Role::Phone | Role::Email))
        .map(|c| c.index)
        .collect();
    let text_columns: Vec<usize> = (0..table.width())
        .filter(|c| !contact_columns.contains(c))
        .collect();
    (0..table.len())
        .into_par_iter()
        .filter_map(|row| {
            let facts = &enriched.records[row];
            let mut hit = Hit {
                row,
                record: first_record + row + 1,
                line: table.record_line(row),
                columns: Vec::new(),
                mentions: Vec::new(),
                found: BTreeSet::new(),
            };
            for r in enriched.phone_refs_of(facts) {
                let phone = &enriched.phones[r.value as usize];
                if let Some(e164) = phone.e164.as_deref().filter(|_| phone.valid) {
                    if person.is(e164) {
                        hit.columns.push(r.column as usize);
                        hit.found.insert(e164.to_string());
                    }
                }
            }
            for r in enriched.email_refs_of(facts) {
                let address = &enriched.emails[r.value as usize];
                if let Some(normalized) = address.normalized.as_deref() {
                    if person.is(normalized) {
                        hit.columns.push(r.column as usize);
                        hit.found.insert(normalized.to_string());
                    }
                }
            }
            let region = facts.phone_region.as_deref().or(options.region.as_deref());
            for &column in &text_columns {
                // Sieved as stored: undoing doubled quotes changes no digit and no `@`.
                let (raw, escaped) = table.raw_cell(row, column);
                if !person.may_mention(raw) {
                    continue;
                }
                let cell = crate::input::Table::unescaped(raw, escaped);
                for (written, canonical) in person.mentions(&cell, region) {
                    hit.mentions.push((column, written));
                    hit.found.insert(canonical);
                }
            }
            hit.columns.sort_unstable();
            hit.columns.dedup();
            (hit.holds() || !hit.mentions.is_empty()).then_some(hit)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_read_as_phones_emails_or_fingerprints_and_errors_name_the_position() {
        let person = person(
            &[
                "0512345610".into(),
                "Sara@Example.COM".into(),
                "0123456789abcdef0123".into(),
            ],
            Some("SA"),
            "k",
        )
        .unwrap();
        assert_eq!(
            person.targets,
            [
                Target::Phone("+966512345610".into()),
                Target::Email("sara@example.com".into()),
                Target::Fingerprint("0123456789abcdef0123".into()),
            ]
        );
        let error = super::person(&["+966512345610".into(), "not-a-thing".into()], None, "k")
            .err()
            .unwrap()
            .to_string();
        assert!(error.contains("value 2"), "{error}");
        assert!(!error.contains("not-a-thing"), "{error}");
    }

    #[test]
    fn a_fingerprint_names_the_contact_it_was_made_from() {
        let print = crate::waivers::fingerprint("key", "+966512345610");
        let person = person(&[print], None, "key").unwrap();
        assert!(person.is("+966512345610"));
        assert!(!person.is("+966512345611"));
    }

    #[test]
    fn only_cells_that_could_hold_the_number_are_scanned() {
        let person = person(
            &["+966512345610".into(), "sara@mail.example".into()],
            None,
            "k",
        )
        .unwrap();
        assert!(person.may_mention("call ٠٥١٢٣٤٥٦١٠ after 5"));
        assert!(person.may_mention("write to SARA@MAIL.EXAMPLE"));
        assert!(!person.may_mention("write to a@b.example"));
        assert!(!person.may_mention("12 King Fahd Rd, Riyadh 12211"));
        assert!(!person.may_mention("call 0512345699"));
    }
}
