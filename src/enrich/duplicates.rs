//! Duplicate detection across a whole list, even when it is read in parts.
//!
//! A record duplicates the first earlier record that shares an E.164 phone or a normalized
//! e-mail with it. The index keeps, for every contact value seen so far, only a 128-bit hash of
//! the value and the first record holding it (24 bytes), so a list of tens of millions of
//! records is checked in one pass with bounded memory and no quadratic step. Two distinct values
//! share a 128-bit hash with negligible probability (about 10^-24 for 10^7 values).

use std::collections::hash_map::Entry;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::Enriched;

/// Shards of the index. A value's shard is fixed by its hash, so each shard is marked on its
/// own thread and the result does not depend on the thread count.
const SHARDS: usize = 16;

/// Records per chunk when the part's values are sorted into shards.
const CHUNK_RECORDS: usize = 8192;

/// A record (0-based in the list) and the hash of a contact value it holds.
type Held = (u32, [u64; 2]);

/// The first record holding each contact value seen so far.
#[derive(Debug)]
pub struct DuplicateIndex {
    shards: Vec<FxHashMap<[u64; 2], u32>>,
}

impl Default for DuplicateIndex {
    fn default() -> Self {
        DuplicateIndex {
            shards: vec![FxHashMap::default(); SHARDS],
        }
    }
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
        // Each chunk of records sorts its (record, value) pairs into shards, in record order.
        let first_record = first_record as u32;
        let chunks: Vec<Vec<Vec<Held>>> = enriched
            .records
            .par_chunks(CHUNK_RECORDS)
            .enumerate()
            .map(|(chunk, records)| {
                let mut shards = vec![Vec::new(); SHARDS];
                for (i, facts) in records.iter().enumerate() {
                    let record = first_record + (chunk * CHUNK_RECORDS + i) as u32;
                    let phones = enriched
                        .phone_refs_of(facts)
                        .iter()
                        .map(|r| phone_keys[r.value as usize]);
                    let emails = enriched
                        .email_refs_of(facts)
                        .iter()
                        .map(|r| email_keys[r.value as usize]);
                    for k in phones.chain(emails).flatten() {
                        shards[shard_of(&k)].push((record, k));
                    }
                }
                shards
            })
            .collect();
        // Each shard, in record order: a value already held by an earlier record makes this
        // record a duplicate of that one; a new value is remembered. A value seen twice in one
        // record holds that record itself, which is not an earlier one.
        let hits: Vec<Vec<(u32, u32)>> = self
            .shards
            .par_iter_mut()
            .enumerate()
            .map(|(shard, first)| {
                let mut hits = Vec::new();
                for pairs in chunks.iter().map(|c| &c[shard]) {
                    for &(record, k) in pairs {
                        match first.entry(k) {
                            Entry::Occupied(held) if *held.get() != record => {
                                hits.push((record, *held.get()));
                            }
                            Entry::Occupied(_) => {}
                            Entry::Vacant(new) => {
                                new.insert(record);
                            }
                        }
                    }
                }
                hits
            })
            .collect();
        // The earliest earlier holder over all the record's values, whatever shard found it.
        let mut out = vec![None; enriched.records.len()];
        for (record, held) in hits.into_iter().flatten() {
            let slot: &mut Option<u32> = &mut out[(record - first_record) as usize];
            *slot = Some(slot.map_or(held, |earlier| earlier.min(held)));
        }
        out
    }

    /// Distinct contact values seen so far.
    pub fn len(&self) -> usize {
        self.shards.iter().map(|s| s.len()).sum()
    }

    /// True before any value was seen.
    pub fn is_empty(&self) -> bool {
        self.shards.iter().all(|s| s.is_empty())
    }
}

/// The shard of a value: the top bits of its hash (each shard's map hashes the whole key
/// again, so the shared bits do not crowd its buckets).
fn shard_of(key: &[u64; 2]) -> usize {
    (key[1] >> 60) as usize % SHARDS
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
        let mut email_refs = Vec::new();
        let records = records
            .iter()
            .map(|values| {
                let start = email_refs.len() as u32;
                email_refs.extend(values.iter().map(|&value| ContactRef { value, column: 0 }));
                RecordFacts {
                    emails: start..email_refs.len() as u32,
                    ..RecordFacts::default()
                }
            })
            .collect();
        Enriched {
            emails: emails.iter().map(|e| email::normalize_email(e)).collect(),
            records,
            email_refs,
            ..Enriched::default()
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

    #[test]
    fn a_value_twice_in_one_record_is_not_a_duplicate_and_the_earliest_holder_wins() {
        let mut index = DuplicateIndex::default();
        let addresses: Vec<String> = (0..40).map(|i| format!("user{i}@x.com")).collect();
        let addresses: Vec<&str> = addresses.iter().map(String::as_str).collect();
        // Records 0..40 hold one address each (spread over the shards); record 40 holds its
        // own new address twice; record 41 holds addresses of records 39, 7 and 22.
        let mut records: Vec<Vec<u32>> = (0..40).map(|i| vec![i]).collect();
        let mut emails = addresses.clone();
        emails.push("new@x.com");
        records.push(vec![40, 40]);
        records.push(vec![39, 7, 22]);
        let records: Vec<&[u32]> = records.iter().map(Vec::as_slice).collect();
        let marked = index.mark(&enriched(&emails, &records), 0);
        assert!(marked[..41].iter().all(Option::is_none));
        assert_eq!(marked[41], Some(7));
    }
}
