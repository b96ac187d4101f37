//! Parallel interning: each distinct contact value gets one index, so it is normalized once.
//!
//! A million-row list holds millions of phone and e-mail values; interning them one by one was
//! a sequential step between two parallel ones. Here keys are hashed in parallel, split into
//! shards by hash, and each shard is interned on its own thread. Indices are then renumbered
//! in order of first appearance, so the result is exactly what a sequential pass gives, at any
//! thread count.

use std::hash::{BuildHasher, Hash};

use rayon::prelude::*;
use rustc_hash::FxBuildHasher;

/// Shards are a fixed number, not one per thread: the result must not depend on threads.
const SHARDS: usize = 64;

/// Items per bucketing chunk.
const CHUNK: usize = 1 << 16;

/// The distinct keys in order of first appearance, and for every item the index of its key.
#[derive(Debug, PartialEq, Eq)]
pub struct Interned<K> {
    pub values: Vec<K>,
    pub ids: Vec<u32>,
}

/// A key with its hash computed once: the shard maps hash it again for free and compare the
/// hashes before the keys (which are strings scattered over the input text).
#[derive(Clone, Copy)]
struct Prehashed<K> {
    hash: u64,
    key: K,
}

impl<K: Eq> PartialEq for Prehashed<K> {
    fn eq(&self, other: &Self) -> bool {
        self.hash == other.hash && self.key == other.key
    }
}

impl<K: Eq> Eq for Prehashed<K> {}

impl<K> Hash for Prehashed<K> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// Passes a precomputed hash through.
#[derive(Default)]
struct PassThrough(u64);

impl std::hash::Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, hash: u64) {
        self.0 = hash;
    }
}

type PrehashedMap<K> =
    std::collections::HashMap<Prehashed<K>, u32, std::hash::BuildHasherDefault<PassThrough>>;

/// Interns `items` (all keys in record order).
pub fn intern<K>(items: &[K]) -> Interned<K>
where
    K: Hash + Eq + Copy + Send + Sync,
{
    let hasher = FxBuildHasher;
    // Each key hashed once, in item order (so the text is read front to back).
    let hashes: Vec<u64> = items.par_iter().map(|key| hasher.hash_one(key)).collect();
    let shard_of = |hash: u64| (hash >> 58) as usize % SHARDS;

    // Item positions by shard, in item order: bucket chunks in parallel, then join each
    // shard's buckets in chunk order.
    let buckets: Vec<Vec<Vec<u32>>> = hashes
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(chunk, hashes)| {
            let mut local = vec![Vec::new(); SHARDS];
            for (i, &hash) in hashes.iter().enumerate() {
                local[shard_of(hash)].push((chunk * CHUNK + i) as u32);
            }
            local
        })
        .collect();
    let shards: Vec<Vec<u32>> = (0..SHARDS)
        .into_par_iter()
        .map(|s| buckets.iter().flat_map(|b| b[s].iter().copied()).collect())
        .collect();
    drop(buckets);

    // Each shard: its distinct keys (with the first item holding each) and, per item of the
    // shard, the local index of its key.
    let locals: Vec<(Vec<u32>, Vec<u32>)> = shards
        .par_iter()
        .map(|positions| {
            let mut index: PrehashedMap<K> =
                PrehashedMap::with_capacity_and_hasher(positions.len(), Default::default());
            let mut firsts = Vec::new();
            let local_ids = positions
                .iter()
                .map(|&p| {
                    let next = firsts.len() as u32;
                    let key = Prehashed {
                        hash: hashes[p as usize],
                        key: items[p as usize],
                    };
                    let id = *index.entry(key).or_insert(next);
                    if id == next {
                        firsts.push(p);
                    }
                    id
                })
                .collect();
            (firsts, local_ids)
        })
        .collect();

    // Renumber by first appearance, as a sequential pass would. A key's first item is its
    // own, so a table over item positions lists the keys in that order without a sort (the
    // sort was a third of interning).
    const NONE: u64 = u64::MAX;
    let mut key_at = vec![NONE; items.len()];
    for (s, (firsts, _)) in locals.iter().enumerate() {
        for (local, &first) in firsts.iter().enumerate() {
            key_at[first as usize] = (s as u64) << 32 | local as u64;
        }
    }
    let mut global: Vec<Vec<u32>> = locals
        .iter()
        .map(|(firsts, _)| vec![0; firsts.len()])
        .collect();
    let mut values = Vec::with_capacity(global.iter().map(Vec::len).sum());
    for (position, &key) in key_at.iter().enumerate() {
        if key != NONE {
            global[(key >> 32) as usize][key as u32 as usize] = values.len() as u32;
            values.push(items[position]);
        }
    }
    drop(key_at);

    let mut ids = vec![0u32; items.len()];
    for ((positions, (_, local_ids)), map) in shards.iter().zip(&locals).zip(&global) {
        for (&p, &local) in positions.iter().zip(local_ids) {
            ids[p as usize] = map[local as usize];
        }
    }
    Interned { values, ids }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustc_hash::FxHashMap;

    /// The plain sequential interner the parallel one must equal.
    fn sequential<K: Hash + Eq + Copy>(items: &[K]) -> Interned<K> {
        let mut index: FxHashMap<K, u32> = FxHashMap::default();
        let mut values = Vec::new();
        let ids = items
            .iter()
            .map(|&k| {
                *index.entry(k).or_insert_with(|| {
                    values.push(k);
                    values.len() as u32 - 1
                })
            })
            .collect();
        Interned { values, ids }
    }

    #[test]
    fn matches_a_sequential_pass_in_first_appearance_order() {
        let words: Vec<String> = (0..300_000u32)
            .map(|i| format!("{}", (i.wrapping_mul(2_654_435_761)) % 70_000))
            .collect();
        let items: Vec<&str> = words.iter().map(String::as_str).collect();
        assert_eq!(intern(&items), sequential(&items));
        assert_eq!(intern::<&str>(&[]), sequential::<&str>(&[]));
        let pairs = [(Some("SA"), "050"), (None, "050"), (Some("SA"), "050")];
        let interned = intern(&pairs);
        assert_eq!(interned.ids, vec![0, 1, 0]);
        assert_eq!(interned, sequential(&pairs));
    }
}
