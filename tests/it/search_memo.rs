//! The search memo: an index put together from memo'd analyses equals a
//! fresh one, byte for byte, after any edits, and the memo survives a trip
//! through bytes (and refuses bytes it did not write).

use chrono::{Duration, NaiveDate};
use proptest::prelude::*;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use yomon::model::{FrontMatter, Review};
use yomon::search::{index_files, index_files_cached, index_files_reusing, SearchMemo};
use yomon::site::OutputFile;
use yomon::taxonomy::{Taxonomy, Topic};

const WORDS: &[&str] = &[
    "דיפוזיה",
    "בדיפוזיה",
    "מודלים",
    "המודל",
    "שפה",
    "גדולים",
    "transformers",
    "attention",
    "LLaMA-NAS",
    "2405.17399",
    "grokking",
    "café",
    "מוח",
    "ירוק",
    "הלמידה",
    "scaling",
];

fn review(n: usize, day: i64, words: &[usize], tags: &[&str]) -> Review {
    let text = |from: usize| -> String {
        words
            .iter()
            .skip(from)
            .map(|&w| WORDS[w % WORDS.len()])
            .collect::<Vec<_>>()
            .join(" ")
    };
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).expect("date");
    Review {
        slug: format!("r{n}"),
        front: FrontMatter {
            title: format!("Review {n} {}", text(words.len().saturating_sub(2))),
            title_estimated: false,
            date: start + Duration::days(day),
            date_estimated: false,
            headline: n.is_multiple_of(2).then(|| text(1)),
            authors: vec![],
            number: Some(n as u32),
            arxiv: vec![],
            links: vec![],
            tags: tags.iter().map(|t| t.to_string()).collect(),
            source: None,
        },
        body: text(0).repeat(1 + n % 3),
        origin: Default::default(),
    }
}

fn taxonomy(name: &str) -> Taxonomy {
    Taxonomy {
        topics: vec![Topic {
            slug: "diffusion".into(),
            he: name.into(),
            en: "Diffusion models".into(),
            ..Default::default()
        }],
        ..Default::default()
    }
}

/// What the engine's key stands for: the review's file and slug.
fn key(review: &Review) -> u64 {
    let mut hasher = DefaultHasher::new();
    (&review.slug, &review.body, format!("{:?}", review.front)).hash(&mut hasher);
    hasher.finish()
}

fn url(review: &Review) -> String {
    format!("reviews/{}.html", review.slug)
}

/// The index through the memo, checked against a fresh one.
fn cached(reviews: &[Review], taxonomy: &Taxonomy, memo: &mut SearchMemo) -> Vec<OutputFile> {
    let keys: Vec<u64> = reviews.iter().map(key).collect();
    let files = index_files_cached(reviews, &keys, taxonomy, &url, memo);
    let fresh = index_files(reviews, taxonomy, &url);
    assert!(files == fresh, "the memo'd index differs from a fresh one");
    files
}

fn archive() -> Vec<Review> {
    (0..8)
        .map(|n| {
            review(
                n,
                n as i64 * 3,
                &[n, n + 3, n * 5, 7, 11],
                &["diffusion"][..n % 2],
            )
        })
        .collect()
}

#[test]
fn edits_insertions_deletions_and_moved_dates_equal_a_fresh_index() {
    let taxonomy = taxonomy("מודלי דיפוזיה");
    let mut reviews = archive();
    let mut memo = SearchMemo::default();
    let first = cached(&reviews, &taxonomy, &mut memo);
    reviews[3].body.push_str(" attention בדיפוזיה");
    let edited = cached(&reviews, &taxonomy, &mut memo);
    assert_ne!(edited, first, "the edit shows");
    reviews.push(review(8, 100, &[1, 2, 3], &["diffusion"]));
    cached(&reviews, &taxonomy, &mut memo);
    reviews.remove(0);
    cached(&reviews, &taxonomy, &mut memo);
    // The oldest review becomes the newest: every review's number moves.
    reviews[0].front.date = NaiveDate::from_ymd_opt(2025, 1, 1).expect("date");
    cached(&reviews, &taxonomy, &mut memo);
    reviews.reverse();
    cached(&reviews, &taxonomy, &mut memo);
}

#[test]
fn a_review_whose_key_did_not_change_is_not_analyzed_again() {
    let taxonomy = taxonomy("מודלי דיפוזיה");
    let mut reviews = archive();
    let keys: Vec<u64> = reviews.iter().map(key).collect();
    let mut memo = SearchMemo::default();
    let before = index_files_cached(&reviews, &keys, &taxonomy, &url, &mut memo);
    // The caller's key says nothing changed: the memo's analysis stands,
    // so the new word is not found (a real caller's key would change).
    reviews[0].body.push_str(" zebra");
    let after = index_files_cached(&reviews, &keys, &taxonomy, &url, &mut memo);
    assert_eq!(after, before);
    assert_ne!(index_files(&reviews, &taxonomy, &url), before);
}

#[test]
fn result_files_found_in_place_are_not_made_and_the_rest_is_the_same() {
    let taxonomy = taxonomy("מודלי דיפוזיה");
    let mut reviews = archive();
    let mut memo = SearchMemo::default();
    let keys: Vec<u64> = reviews.iter().map(key).collect();
    let never = |_: &str, _: u64| false;
    let first = index_files_reusing(&reviews, &keys, &taxonomy, &url, &mut memo, &never);
    assert!(first.kept.is_empty());
    let on_disk: std::collections::HashMap<String, u64> = first.doc_keys.iter().cloned().collect();
    let reuse = |path: &str, key: u64| on_disk.get(path) == Some(&key);

    // One review's text changes: only its result files are made again.
    reviews[3].body.push_str(" zebra");
    let keys: Vec<u64> = reviews.iter().map(key).collect();
    let second = index_files_reusing(&reviews, &keys, &taxonomy, &url, &mut memo, &reuse);
    let fresh = index_files(&reviews, &taxonomy, &url);
    let result_file = |f: &&OutputFile| {
        let name = f.path.file_name().unwrap().to_str().unwrap();
        name.starts_with('d')
    };
    let made: Vec<&OutputFile> = second.files.iter().filter(result_file).collect();
    assert!(!made.is_empty(), "the edited review's files are made");
    // Review 3 is the fourth oldest: number 3.
    assert!(made.iter().all(|f| {
        let name = f.path.file_name().unwrap().to_str().unwrap();
        name == "d3.js" || name.starts_with("d3-")
    }));
    assert_eq!(
        made.len() + second.kept.len(),
        fresh.iter().filter(result_file).count()
    );
    // Everything made equals a fresh build's file, the manifest included
    // (its build id reads every result file's key, made or not).
    for file in &second.files {
        assert!(
            fresh.contains(file),
            "{} differs from a fresh build",
            file.path.display()
        );
    }
    assert_eq!(
        second.files.len() + second.kept.len(),
        fresh.len(),
        "every file is made or kept"
    );
}

#[test]
fn a_renamed_topic_is_not_read_from_the_memo() {
    let mut memo = SearchMemo::default();
    let reviews = archive();
    let before = cached(&reviews, &taxonomy("מודלי דיפוזיה"), &mut memo);
    // Same review keys, other topic names: the fields that hold them change.
    let after = cached(&reviews, &taxonomy("דיפוזיה ורעש"), &mut memo);
    assert_ne!(before, after);
}

#[test]
fn the_memo_survives_bytes_and_refuses_damaged_ones() {
    let taxonomy = taxonomy("מודלי דיפוזיה");
    let mut reviews = archive();
    let mut memo = SearchMemo::default();
    cached(&reviews, &taxonomy, &mut memo);
    let bytes = memo.encode();
    let mut read = SearchMemo::decode(&bytes).expect("its own bytes");
    assert_eq!(read.encode(), bytes);
    reviews[2].body.push_str(" scaling");
    cached(&reviews, &taxonomy, &mut read);
    assert!(SearchMemo::decode(&[]).is_none());
    assert!(SearchMemo::decode(&bytes[..bytes.len() - 1]).is_none());
    assert!(SearchMemo::decode(b"not a memo at all, just text").is_none());
    for at in [0, 9, bytes.len() / 2, bytes.len() - 1] {
        let mut damaged = bytes.clone();
        damaged[at] ^= 0x20;
        assert!(SearchMemo::decode(&damaged).is_none(), "byte {at} flipped");
    }
}

#[test]
fn the_memo_does_not_grow_with_edits() {
    let taxonomy = taxonomy("מודלי דיפוזיה");
    let mut reviews = archive();
    let mut memo = SearchMemo::default();
    cached(&reviews, &taxonomy, &mut memo);
    let size = memo.encode().len();
    // Each edit brings new terms and drops the last edit's.
    for edit in 0..200 {
        reviews[1].body = format!(
            "{} word{edit}x{edit} other{edit}",
            WORDS[edit % WORDS.len()]
        );
        let keys: Vec<u64> = reviews.iter().map(key).collect();
        index_files_cached(&reviews, &keys, &taxonomy, &url, &mut memo);
    }
    let mut fresh = SearchMemo::default();
    let keys: Vec<u64> = reviews.iter().map(key).collect();
    index_files_cached(&reviews, &keys, &taxonomy, &url, &mut fresh);
    let (now, least) = (memo.encode().len(), fresh.encode().len());
    assert!(
        now < least * 2 && now < size * 2,
        "{size} -> {now} (fresh {least})"
    );
}

#[derive(Debug, Clone)]
enum Edit {
    Text(usize, usize),
    Add(i64, Vec<usize>),
    Remove(usize),
    Redate(usize, i64),
    Retag(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0..20usize, 0..16usize).prop_map(|(i, w)| Edit::Text(i, w)),
        (0..60i64, prop::collection::vec(0..16usize, 0..6)).prop_map(|(d, w)| Edit::Add(d, w)),
        (0..20usize).prop_map(Edit::Remove),
        (0..20usize, 0..60i64).prop_map(|(i, d)| Edit::Redate(i, d)),
        (0..20usize).prop_map(Edit::Retag),
    ]
}

fn apply(reviews: &mut Vec<Review>, edit: &Edit, added: &mut usize) {
    let len = reviews.len().max(1);
    match *edit {
        Edit::Text(i, w) if !reviews.is_empty() => {
            reviews[i % len].body.push(' ');
            reviews[i % len].body.push_str(WORDS[w]);
        }
        Edit::Add(day, ref words) => {
            *added += 1;
            reviews.push(review(100 + *added, day, words, &[]));
        }
        Edit::Remove(i) if !reviews.is_empty() => {
            reviews.remove(i % len);
        }
        Edit::Redate(i, day) if !reviews.is_empty() => {
            reviews[i % len].front.date = review(0, day, &[], &[]).front.date;
        }
        Edit::Retag(i) if !reviews.is_empty() => {
            let tags = &mut reviews[i % len].front.tags;
            match tags.is_empty() {
                true => tags.push("diffusion".into()),
                false => tags.clear(),
            }
        }
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn any_edit_sequence_equals_a_fresh_index(edits in prop::collection::vec(edit(), 1..10)) {
        let taxonomy = taxonomy("מודלי דיפוזיה");
        let mut reviews = archive();
        let mut memo = SearchMemo::default();
        let mut added = 0;
        cached(&reviews, &taxonomy, &mut memo);
        for (n, edit) in edits.iter().enumerate() {
            apply(&mut reviews, edit, &mut added);
            // Now and then through bytes, as a cache on disk would.
            if n % 3 == 2 {
                memo = SearchMemo::decode(&memo.encode()).expect("its own bytes");
            }
            cached(&reviews, &taxonomy, &mut memo);
        }
    }
}
