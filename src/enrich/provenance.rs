//! Per-record provenance and permissions read from the dataset's own columns: where the record
//! came from, when, under which lawful basis, what its consent columns say, and which opt-outs
//! it carries.
//!
//! Values are read as words through vocabularies (`enrich::vocabulary`): a source of
//! `Website signup form` is first-party, a consent status of `Declined` is a refusal. Each
//! distinct cell is read once per block of records. Values no vocabulary understands are
//! counted, for the report to list; they never count as consent or first-hand collection.

use std::collections::BTreeMap;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::channel::Channel;
use crate::enrich::consent::{self, Consent};
use crate::enrich::trimmed;
use crate::enrich::vocabulary::{Reading, Vocabularies, Vocabulary};
use crate::input::Table;
use crate::schema::{Role, Schema};

/// The stable source kinds rules read (`source_kind`).
pub const SOURCE_KINDS: [&str; 4] = ["first_party", "scraped", "purchased", "unknown"];

/// The kind named by a vocabulary's kind name, as a `'static` string: vocabularies name only
/// the kinds of their built-in lexicon (tested), and users add phrases, never kinds.
fn static_kind(name: &str, kinds: &[&'static str]) -> &'static str {
    kinds
        .iter()
        .copied()
        .find(|k| *k == name)
        .unwrap_or("unknown")
}

/// Values of a column role that no vocabulary understood, with how many records hold each.
/// At most [`Unrecognised::MAX_DISTINCT`] distinct values are kept per role, so a column of
/// free text cannot grow it without bound; `more` counts the records of the others.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Unrecognised {
    /// (role name, value) → records.
    pub values: BTreeMap<(&'static str, String), u64>,
    /// Records whose value was not kept, by role.
    pub more: BTreeMap<&'static str, u64>,
}

impl Unrecognised {
    /// Distinct values kept per role.
    pub const MAX_DISTINCT: usize = 200;

    /// Counts `records` records holding `value` in a column of `role`.
    pub fn add(&mut self, role: &'static str, value: &str, records: u64) {
        let key = (role, value.to_string());
        if let Some(count) = self.values.get_mut(&key) {
            *count += records;
            return;
        }
        let kept = self.values.keys().filter(|(r, _)| *r == role).count();
        if kept < Self::MAX_DISTINCT {
            self.values.insert(key, records);
        } else {
            *self.more.entry(role).or_default() += records;
        }
    }

    /// Adds another count (of another part or block) to this one.
    pub fn merge(&mut self, other: &Unrecognised) {
        for ((role, value), count) in &other.values {
            self.add(role, value, *count);
        }
        for (role, count) in &other.more {
            *self.more.entry(role).or_default() += count;
        }
    }
}

/// What the dataset's own columns say about each record's provenance.
#[derive(Debug, Default)]
pub struct Provenance {
    /// Each record's source kind: one of [`SOURCE_KINDS`].
    pub source_kinds: Vec<&'static str>,
    /// Each record's consent columns read as one piece of consent evidence (`None` when the
    /// record's consent columns are all empty or there are none).
    pub column_consent: Vec<Option<Consent>>,
    pub unrecognised: Unrecognised,
}

/// Records read together, with one memo of the values read.
const BLOCK: usize = 4096;

/// Reads the source and consent columns of every record.
pub fn read(
    table: &Table,
    schema: &Schema,
    vocabularies: &Vocabularies,
    scraped_by_default: bool,
) -> Provenance {
    let columns_of =
        |role: Role| -> Vec<usize> { schema.columns_with(role).map(|c| c.index).collect() };
    let sources = columns_of(Role::Source);
    let consent_columns = Role::CONSENT.map(columns_of);
    let has_consent_columns = consent_columns.iter().any(|c| !c.is_empty());
    let rows: Vec<usize> = (0..table.len()).collect();
    let blocks: Vec<Provenance> = rows
        .par_chunks(BLOCK)
        .map(|block| {
            let mut source_memo: FxHashMap<String, Reading<'_>> = FxHashMap::default();
            let mut status_memo: FxHashMap<String, Reading<'_>> = FxHashMap::default();
            let mut unrecognised = Unrecognised::default();
            let mut kinds = Vec::with_capacity(block.len());
            let mut consents =
                Vec::with_capacity(if has_consent_columns { block.len() } else { 0 });
            for &row in block {
                let first = |columns: &[usize]| {
                    columns
                        .iter()
                        .map(|&c| trimmed(table.cell(row, c)))
                        .find(|v| !v.is_empty())
                };
                let kind = match first(&sources) {
                    Some(raw) => match memo_read(&mut source_memo, &vocabularies.sources, &raw) {
                        Reading::Known(kind) => static_kind(kind, &SOURCE_KINDS),
                        Reading::Empty => "unknown",
                        Reading::Unrecognised => {
                            unrecognised.add(Role::Source.as_str(), &raw, 1);
                            "unknown"
                        }
                    },
                    None if scraped_by_default => "scraped",
                    None => "unknown",
                };
                kinds.push(kind);
                if has_consent_columns {
                    let values = consent_columns.each_ref().map(|c| first(c));
                    let consent = values.iter().any(Option::is_some).then(|| {
                        let status = values[0].as_deref().and_then(|raw| {
                            let reading =
                                memo_read(&mut status_memo, &vocabularies.consent_values, raw);
                            if reading == Reading::Unrecognised {
                                unrecognised.add(Role::ConsentStatus.as_str(), raw, 1);
                            }
                            consent::status_of(reading)
                        });
                        consent::consent_from_cells(
                            status,
                            values[1].as_deref(),
                            values[2].as_deref(),
                            values[3].as_deref(),
                            values[4].as_deref(),
                            values[5].as_deref(),
                            values[6].as_deref(),
                        )
                    });
                    consents.push(consent);
                }
            }
            Provenance {
                source_kinds: kinds,
                column_consent: consents,
                unrecognised,
            }
        })
        .collect();
    let mut provenance = Provenance::default();
    provenance.source_kinds.reserve(table.len());
    for block in blocks {
        provenance.source_kinds.extend(block.source_kinds);
        provenance.column_consent.extend(block.column_consent);
        provenance.unrecognised.merge(&block.unrecognised);
    }
    if !has_consent_columns {
        provenance.column_consent = vec![None; table.len()];
    }
    provenance
}

/// A value read through a vocabulary, each distinct value once per block.
fn memo_read<'v>(
    memo: &mut FxHashMap<String, Reading<'v>>,
    vocabulary: &'v Vocabulary,
    raw: &str,
) -> Reading<'v> {
    if let Some(reading) = memo.get(raw) {
        return *reading;
    }
    let reading = vocabulary.read(raw);
    memo.insert(raw.to_string(), reading);
    reading
}

/// Normalizes a lawful-basis cell (HubSpot's labels included).
pub fn normalize_lawful_basis(raw: &str) -> Option<&'static str> {
    let lower = raw.trim().to_lowercase();
    if lower.is_empty() {
        None
    } else if lower.contains("consent") {
        Some("consent")
    } else if lower.contains("legitimate") {
        Some("legitimate_interest")
    } else if lower.contains("contract") {
        Some("contract")
    } else if lower.contains("not applicable") || lower == "n/a" || lower == "none" {
        Some("not_applicable")
    } else {
        Some("other")
    }
}

/// Whether a flag cell says yes (`true`, `yes`, `1`, `x`, `unsubscribed`, `نعم`, `oui`).
pub fn truthy(raw: &str) -> bool {
    matches!(
        raw.trim().to_lowercase().as_str(),
        "true"
            | "yes"
            | "y"
            | "1"
            | "x"
            | "t"
            | "unsubscribed"
            | "opted out"
            | "opted-out"
            | "opted_out"
            | "do not call"
            | "dnc"
            | "نعم"
            | "oui"
            | "ja"
    )
}

/// Which channels an opt-out column covers.
pub fn opt_out_channels(role: crate::schema::Role) -> &'static [Channel] {
    use crate::schema::Role;
    match role {
        Role::OptedOutEmail => &[Channel::Email],
        Role::OptedOutPhone => &[Channel::Call, Channel::Sms, Channel::Whatsapp],
        Role::OptedOutAll => &Channel::ALL,
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hubspot_lawful_basis_labels() {
        assert_eq!(
            normalize_lawful_basis("Freely given consent from contact"),
            Some("consent")
        );
        assert_eq!(
            normalize_lawful_basis("Legitimate interest – prospect/lead"),
            Some("legitimate_interest")
        );
        assert_eq!(
            normalize_lawful_basis("Performance of a contract"),
            Some("contract")
        );
        assert_eq!(
            normalize_lawful_basis("Not applicable"),
            Some("not_applicable")
        );
        assert_eq!(normalize_lawful_basis(""), None);
    }
}
