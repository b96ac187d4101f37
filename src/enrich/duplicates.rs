//! Duplicate detection across a whole list, even when it is read in parts.
//!
//! A record duplicates the first earlier record that shares an E.164 phone or a normalized
//! e-mail with it. The index keeps, for every contact value seen so far, only a 128-bit hash of
//! the value and the first record holding it (24 bytes), so a list of tens of millions of
//! records is checked in one pass with bounded memory and no quadratic step. Two distinct values
//! share a 128-bit hash with negligible probability (about 10^-24 for 10^7 values).

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::Enriched;

/// The first record holding each contact value seen so far.
#[derive(Debug, Default)]
pub struct DuplicateIndex {
    first: FxHashMap<[u64; 2], u32>,
}

impl DuplicateIndex {
    /// For each record of a part whose first record is `first_record` (0-based in the list),
    /// the earliest earlier record sharing a contact value with it (0-based in the list), and
    /// remembers the part's values for the parts after it.
    pub fn mark(&mut self, enriched: &Enriched, first_record: usize) -> Vec<Option<u32>> {
        // Hash each distinct value once, in parallel; two spellings of one number share the
        // hash of their E.164.
        let phone_keys: Vec<Option<[u64; 2]>> = enriched
            .phones
            .par_iter()
            .map(|p| p.e164.as_deref().filter(|_| p.valid).map(key))
            .collect();
        let email_keys: Vec<Option<[u64; 2]>> = enriched
            .emails
            .par_iter()
            .map(|e| e.normalized.as_deref().map(key))
            .collect();
        let mut out = Vec::with_capacity(enriched.records.len());
        for (row, facts) in enriched.records.iter().enumerate() {
            let keys = || {
                let phones = facts
                    .phones
                    .iter()
                    .filter_map(|r| phone_keys[r.value as usize]);
                let emails = facts
                    .emails
                    .iter()
                    .filter_map(|r| email_keys[r.value as usize]);
                phones.chain(emails)
            };
            out.push(keys().filter_map(|k| self.first.get(&k).copied()).min());
            let record = (first_record + row) as u32;
            for k in keys() {
                self.first.entry(k).or_insert(record);
            }
        }
        out
    }

    /// Distinct contact values seen so far.
    pub fn len(&self) -> usize {
        self.first.len()
    }

    /// True before any value was seen.
    pub fn is_empty(&self) -> bool {
        self.first.is_empty()
    }
}

fn key(value: &str) -> [u64; 2] {
    let hash = xxhash_rust::xxh3::xxh3_128(value.as_bytes());
    [hash as u64, (hash >> 64) as u64]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enrich::{ContactRef, RecordFacts};
    use crate::normalize::email;

    fn enriched(emails: &[&str], records: &[&[u32]]) -> Enriched {
        Enriched {
            phones: Vec::new(),
            emails: emails.iter().map(|e| email::normalize_email(e)).collect(),
            records: records
                .iter()
                .map(|values| RecordFacts {
                    emails: values
                        .iter()
                        .map(|&value| ContactRef { value, column: 0 })
                        .collect(),
                    ..RecordFacts::default()
                })
                .collect(),
            column_pii: Vec::new(),
        }
    }

    #[test]
    fn a_record_points_at_the_first_holder_even_in_an_earlier_part() {
        let mut index = DuplicateIndex::default();
        // Part one: records 0..3; record 2 repeats record 0's address.
        let one = enriched(&["a@x.com", "b@x.com"], &[&[0], &[1], &[0]]);
        assert_eq!(index.mark(&one, 0), [None, None, Some(0)]);
        // Part two, interned on its own: record 3 repeats record 1, record 4 holds a new
        // address and record 0's, so it points at the earliest, 0.
        let two = enriched(&["B@x.com", "c@x.com", "a@x.com"], &[&[0], &[1, 2], &[1]]);
        assert_eq!(index.mark(&two, 3), [Some(1), Some(0), Some(4)]);
        assert_eq!(index.len(), 3);
    }
}
