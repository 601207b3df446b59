//! Topics that go together: for a topic page, the other topics its reviews
//! carry most often, so a reader can move sideways to a neighbour.

/// For topic `t`, up to `count` other topics with the number of reviews they
/// share with it, most shared first (ties keep the topics' page order).
/// `members[u]` lists the reviews of topic `u` as ascending indices.
pub fn co_occurring(members: &[Vec<usize>], t: usize, count: usize) -> Vec<(usize, usize)> {
    let mine = &members[t];
    let mut shared: Vec<(usize, usize)> = members
        .iter()
        .enumerate()
        .filter(|&(u, _)| u != t)
        .map(|(u, theirs)| (u, shared_count(mine, theirs)))
        .filter(|&(_, n)| n > 0)
        .collect();
    shared.sort_by_key(|&(u, n)| (std::cmp::Reverse(n), u));
    shared.truncate(count);
    shared
}

/// How many indices two ascending lists share.
fn shared_count(a: &[usize], b: &[usize]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_shared_first_and_none_without_overlap() {
        let members = vec![vec![0, 1, 2, 3], vec![1], vec![0, 2, 3], vec![7]];
        assert_eq!(co_occurring(&members, 0, 5), vec![(2, 3), (1, 1)]);
        assert_eq!(co_occurring(&members, 0, 1), vec![(2, 3)]);
        assert!(co_occurring(&members, 3, 5).is_empty());
    }
}
