//! A stable counting sort: many items grouped by a small key in linear time, each group in the
//! items' own order. Deciding gathers each record's fired rules with it, and the duplicate index
//! orders a part's values by their home slot.

/// `items` grouped by `bucket_of` (each below `buckets`), keeping their order within a bucket,
/// and where each bucket starts in the result: `buckets + 1` offsets, the last the length, so
/// bucket `b` is `starts[b]..starts[b + 1]`.
pub fn group_by_bucket<T: Copy>(
    items: impl Iterator<Item = T> + Clone,
    buckets: usize,
    bucket_of: impl Fn(&T) -> usize,
) -> (Vec<T>, Vec<usize>) {
    let mut starts = vec![0usize; buckets + 1];
    for item in items.clone() {
        starts[bucket_of(&item) + 1] += 1;
    }
    for b in 0..buckets {
        starts[b + 1] += starts[b];
    }
    let Some(first) = items.clone().next() else {
        return (Vec::new(), starts);
    };
    // Every slot is written below; `first` only fills them until then.
    let mut grouped = vec![first; starts[buckets]];
    let mut next = starts.clone();
    for item in items {
        let at = &mut next[bucket_of(&item)];
        grouped[*at] = item;
        *at += 1;
    }
    (grouped, starts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_by_bucket_and_keeps_the_order_within_each() {
        let items = [(2, 'a'), (0, 'b'), (2, 'c'), (1, 'd'), (0, 'e')];
        let (grouped, starts) = group_by_bucket(items.iter().copied(), 4, |(b, _)| *b);
        assert_eq!(grouped, [(0, 'b'), (0, 'e'), (1, 'd'), (2, 'a'), (2, 'c')]);
        assert_eq!(starts, [0, 2, 3, 5, 5]);
    }

    #[test]
    fn no_items_give_empty_buckets() {
        let (grouped, starts) = group_by_bucket(std::iter::empty::<u8>(), 3, |&b| b as usize);
        assert!(grouped.is_empty());
        assert_eq!(starts, [0; 4]);
    }
}
