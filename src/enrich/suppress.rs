//! Suppression lists: do-not-contact lists in every format teams receive them.
//!
//! One phone or e-mail per line (`#` comments), a CSV with a phone or email column, US DNC
//! flat files (`NXXNXXXXXX` or `NXX,NXXXXXX`), UK TPS/CTPS fixed-width records, and SHA-256
//! hashed lists (lowercase hex of the E.164 number with `+` or of the trimmed, lower-cased
//! e-mail; optionally prefixed `sha256:`). Entries are normalized on load, so a match works
//! however the number is written in the dataset. Lines that are none of these are counted and
//! reported with their line numbers; the rest of the list is used.

use std::collections::HashSet;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::normalize::{email, phone};

/// One loaded list.
#[derive(Debug, Default)]
pub struct SuppressionList {
    /// The file name, as reports name the list.
    pub name: String,
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
}

/// The SHA-256 of a canonical contact point, as hashed lists store it.
pub fn hash_contact(canonical: &str) -> [u8; 32] {
    Sha256::digest(canonical.as_bytes()).into()
}

/// Loads suppression lists with their check dates; national-format numbers are read in
/// `region`.
pub fn load_lists(
    specs: &[crate::cli::SuppressSpec],
    region: Option<&str>,
) -> Result<Vec<SuppressionList>> {
    specs
        .iter()
        .map(|spec| {
            let mut list = load_one(&spec.path, region)?;
            list.checked_at = spec.checked_at;
            Ok(list)
        })
        .collect()
}

fn load_one(path: &Path, region: Option<&str>) -> Result<SuppressionList> {
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
        if add_entry(&mut list, value, region) {
            list.entries += 1;
        } else {
            list.rejected_lines.push(line_number);
        }
    }
    Ok(list)
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

fn add_entry(list: &mut SuppressionList, value: &str, region: Option<&str>) -> bool {
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
            return add_phone(list, &format!("+1{area}{number}"), None);
        }
    }
    // UK TPS/CTPS fixed-width: the national number, then spaces and a date.
    let first_token = value.split_whitespace().next().unwrap_or("");
    if value.len() > first_token.len()
        && first_token.starts_with('0')
        && first_token.bytes().all(|b| b.is_ascii_digit())
    {
        return add_phone(list, first_token, Some("GB"));
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
        load_one(&path, region).unwrap()
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

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }
}
