//! The same damaged word repeats ("כМОון" three times in one review, "דата"
//! all over the archive), and the export damaged it the same way each time:
//! where repair was sure of some occurrences, the others mean the same word,
//! even where their own sentence gave too little evidence.

use super::Damaged;
use rustc_hash::FxHashMap;

/// Outside its review, a repair is followed only when made this many times
/// (one wrong repair should not spread over the archive).
const MIN_ELSEWHERE: u32 = 2;

/// What was made of one damaged word's occurrences.
#[derive(Clone)]
enum Made {
    /// One repair, this many times.
    One(String, u32),
    /// Different repairs: no one word to follow.
    Differ,
}

/// Give every undecided occurrence of a damaged word the repair made of the
/// same word in its review, or else made repeatedly over the archive;
/// never where different repairs were made of it.
pub fn spread(damaged: &mut [Damaged]) {
    let mut in_review: FxHashMap<(usize, &str), Made> = FxHashMap::default();
    let mut anywhere: FxHashMap<&str, Made> = FxHashMap::default();
    for d in damaged.iter() {
        let Some(after) = &d.after else { continue };
        if let Some(review) = d.place.review {
            add(&mut in_review, (review, d.word), after);
        }
        add(&mut anywhere, d.word, after);
    }
    for d in damaged.iter_mut().filter(|d| d.after.is_none() && !d.held) {
        let here = d.place.review.and_then(|r| in_review.get(&(r, d.word)));
        d.after = match (here, anywhere.get(d.word)) {
            (_, Some(Made::Differ)) | (_, None) => None,
            (Some(Made::One(after, _)), _) => Some(after.clone()),
            (_, Some(Made::One(after, n))) if *n >= MIN_ELSEWHERE => Some(after.clone()),
            _ => None,
        };
    }
}

fn add<K: std::hash::Hash + Eq>(made: &mut FxHashMap<K, Made>, key: K, after: &str) {
    let next = match made.remove(&key) {
        None => Made::One(after.to_string(), 1),
        Some(Made::One(seen, n)) if seen == after => Made::One(seen, n + 1),
        Some(_) => Made::Differ,
    };
    made.insert(key, next);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::repair::candidates::{Kind, Place};

    fn damaged<'a>(line: usize, word: &'a str, review: usize, after: Option<&str>) -> Damaged<'a> {
        Damaged {
            line,
            at: 0,
            word,
            kind: Kind::Mixed,
            place: Place {
                review: Some(review),
                around: Default::default(),
            },
            after: after.map(str::to_string),
            held: false,
        }
    }

    fn afters<'a>(all: &'a [Damaged]) -> Vec<Option<&'a str>> {
        all.iter().map(|d| d.after.as_deref()).collect()
    }

    #[test]
    fn a_repair_in_the_review_repairs_the_same_word_there() {
        let mut all = [
            damaged(1, "כМОון", 0, Some("כמובן")),
            damaged(2, "כМОון", 0, None),
            damaged(9, "כМОון", 1, None),
        ];
        spread(&mut all);
        // Once elsewhere is not enough for another review.
        assert_eq!(afters(&all), [Some("כמובן"), Some("כמובן"), None]);
    }

    #[test]
    fn a_repair_made_twice_repairs_the_word_anywhere_unless_another_was_made() {
        let mut all = [
            damaged(1, "מورد", 0, Some("מורד")),
            damaged(5, "מورد", 1, Some("מורד")),
            damaged(9, "מورد", 2, None),
        ];
        spread(&mut all);
        assert_eq!(afters(&all)[2], Some("מורד"));
        let mut all = [
            damaged(1, "מورد", 0, Some("מורד")),
            damaged(5, "מورد", 1, Some("מורד")),
            damaged(7, "מورد", 3, Some("מוריד")),
            damaged(9, "מورد", 2, None),
        ];
        spread(&mut all);
        assert_eq!(afters(&all)[3], None);
    }
}
