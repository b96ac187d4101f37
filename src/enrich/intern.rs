//! Parallel interning: each distinct contact value gets one index, so it is normalized once.
//!
//! A million-row list holds millions of phone and e-mail values; interning them one by one was
//! a sequential step between two parallel ones. Here keys are hashed in parallel, split into
//! shards by hash, and each shard is interned on its own thread. Indices are then renumbered
//! in order of first appearance, so the result is exactly what a sequential pass gives, at any
//! thread count.

use std::hash::{BuildHasher, Hash};

use rayon::prelude::*;
use rustc_hash::{FxBuildHasher, FxHashMap};

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

/// Interns `items` (all keys in record order).
pub fn intern<K>(items: &[K]) -> Interned<K>
where
    K: Hash + Eq + Copy + Send + Sync,
{
    let hasher = FxBuildHasher;
    let shard_of = |key: &K| (hasher.hash_one(key) >> 58) as usize % SHARDS;

    // Item positions by shard, in item order: bucket chunks in parallel, then join each
    // shard's buckets in chunk order.
    let buckets: Vec<Vec<Vec<u32>>> = items
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(chunk, keys)| {
            let mut local = vec![Vec::new(); SHARDS];
            for (i, key) in keys.iter().enumerate() {
                local[shard_of(key)].push((chunk * CHUNK + i) as u32);
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
            let mut index: FxHashMap<K, u32> =
                FxHashMap::with_capacity_and_hasher(positions.len() / 2, FxBuildHasher);
            let mut firsts = Vec::new();
            let local_ids = positions
                .iter()
                .map(|&p| {
                    let next = firsts.len() as u32;
                    let id = *index.entry(items[p as usize]).or_insert(next);
                    if id == next {
                        firsts.push(p);
                    }
                    id
                })
                .collect();
            (firsts, local_ids)
        })
        .collect();

    // Renumber by first appearance, as a sequential pass would.
    let mut order: Vec<(u32, u16, u32)> = locals
        .iter()
        .enumerate()
        .flat_map(|(s, (firsts, _))| {
            firsts
                .iter()
                .enumerate()
                .map(move |(local, &first)| (first, s as u16, local as u32))
        })
        .collect();
    order.par_sort_unstable_by_key(|&(first, _, _)| first);
    let mut global: Vec<Vec<u32>> = locals
        .iter()
        .map(|(firsts, _)| vec![0; firsts.len()])
        .collect();
    let values = order
        .iter()
        .enumerate()
        .map(|(id, &(first, s, local))| {
            global[s as usize][local as usize] = id as u32;
            items[first as usize]
        })
        .collect();

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
