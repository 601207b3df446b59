//! The search memo: an index put together from memo'd analyses equals a
//! fresh one, byte for byte, after any edits, and the memo survives a trip
//! through bytes (and refuses bytes it did not write).

use chrono::{Duration, NaiveDate};
use proptest::prelude::*;
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
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

/// The index through the memo, patched from the `last` files where it can
/// be (as the engine does), checked against a fresh one.
fn cached(
    reviews: &[Review],
    taxonomy: &Taxonomy,
    memo: &mut SearchMemo,
    last: &mut Vec<OutputFile>,
) -> Vec<OutputFile> {
    let keys: Vec<u64> = reviews.iter().map(key).collect();
    let by_path: HashMap<String, Vec<u8>> = last
        .iter()
        .map(|f| (f.path.to_str().unwrap().to_string(), f.bytes.clone()))
        .collect();
    let old = |path: &str, _: u64| by_path.get(path).cloned();
    let files =
        index_files_reusing(reviews, &keys, taxonomy, &url, memo, &|_, _| false, &old).files;
    let fresh = index_files(reviews, taxonomy, &url);
    assert!(files == fresh, "the memo'd index differs from a fresh one");
    *last = files.clone();
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
    let mut last = Vec::new();
    let first = cached(&reviews, &taxonomy, &mut memo, &mut last);
    reviews[3].body.push_str(" attention בדיפוזיה");
    let edited = cached(&reviews, &taxonomy, &mut memo, &mut last);
    assert_ne!(edited, first, "the edit shows");
    reviews.push(review(8, 100, &[1, 2, 3], &["diffusion"]));
    cached(&reviews, &taxonomy, &mut memo, &mut last);
    reviews.remove(0);
    cached(&reviews, &taxonomy, &mut memo, &mut last);
    // The oldest review becomes the newest: every review's number moves.
    reviews[0].front.date = NaiveDate::from_ymd_opt(2025, 1, 1).expect("date");
    cached(&reviews, &taxonomy, &mut memo, &mut last);
    reviews.reverse();
    cached(&reviews, &taxonomy, &mut memo, &mut last);
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
    let none = |_: &str, _: u64| None;
    let first = index_files_reusing(&reviews, &keys, &taxonomy, &url, &mut memo, &never, &none);
    assert!(first.kept.is_empty());
    let on_disk: std::collections::HashMap<String, u64> = first.doc_keys.iter().cloned().collect();
    let reuse = |path: &str, key: u64| on_disk.get(path) == Some(&key);

    // One review's text changes: only its result files are made again.
    reviews[3].body.push_str(" zebra");
    let keys: Vec<u64> = reviews.iter().map(key).collect();
    let second = index_files_reusing(&reviews, &keys, &taxonomy, &url, &mut memo, &reuse, &none);
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
    let mut last = Vec::new();
    let reviews = archive();
    let before = cached(&reviews, &taxonomy("מודלי דיפוזיה"), &mut memo, &mut last);
    // Same review keys, other topic names: the fields that hold them change.
    let after = cached(&reviews, &taxonomy("דיפוזיה ורעש"), &mut memo, &mut last);
    assert_ne!(before, after);
}

#[test]
fn the_memo_survives_bytes_and_refuses_damaged_ones() {
    let taxonomy = taxonomy("מודלי דיפוזיה");
    let mut reviews = archive();
    let mut memo = SearchMemo::default();
    let mut last = Vec::new();
    cached(&reviews, &taxonomy, &mut memo, &mut last);
    let bytes = memo.encode();
    let mut read = SearchMemo::decode(&bytes).expect("its own bytes");
    assert_eq!(read.encode(), bytes);
    reviews[2].body.push_str(" scaling");
    cached(&reviews, &taxonomy, &mut read, &mut last);
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
    let mut last = Vec::new();
    cached(&reviews, &taxonomy, &mut memo, &mut last);
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
        let mut last = Vec::new();
        let mut added = 0;
        cached(&reviews, &taxonomy, &mut memo, &mut last);
        for (n, edit) in edits.iter().enumerate() {
            apply(&mut reviews, edit, &mut added);
            // Now and then through bytes, as a cache on disk would.
            if n % 3 == 2 {
                memo = SearchMemo::decode(&memo.encode()).expect("its own bytes");
            }
            cached(&reviews, &taxonomy, &mut memo, &mut last);
        }
    }
}

/// A made-up word for `n`: four to six Hebrew or Latin letters, so that a
/// large archive has thousands of distinct terms (and dozens of shards).
fn made_up_word(n: usize) -> String {
    let (hebrew, latin) = ("אבגדהוזחטיכלמנסעפצקרשת", "abcdefghijklmnopqrstuvwxyz");
    let letters: Vec<char> = if n.is_multiple_of(3) {
        latin.chars().collect()
    } else {
        hebrew.chars().collect()
    };
    let mut word = String::new();
    let mut rest = n * 7919 + 13;
    for _ in 0..4 + n % 3 {
        word.push(letters[rest % letters.len()]);
        rest /= letters.len();
        rest += n;
    }
    word
}

/// 300 reviews of 60 words each over 3,000 made-up words.
fn large_archive() -> Vec<Review> {
    let start = NaiveDate::from_ymd_opt(2020, 1, 1).expect("date");
    (0..300)
        .map(|n| {
            let body: Vec<String> = (0..60)
                .map(|k| made_up_word((n * 131 + k * k * 17) % 3000))
                .collect();
            let mut r = review(n, 0, &[], &["diffusion"][..n % 2]);
            r.front.date = start + Duration::days(n as i64);
            r.body = body.join(" ");
            r
        })
        .collect()
}

/// A site as the last index left it: its files, and their keys.
#[derive(Default)]
struct Site {
    files: HashMap<String, Vec<u8>>,
    keys: HashMap<String, u64>,
}

/// The index patched from `site` (files in place kept, the rest read back),
/// checked against a fresh one; returns how many shards were made.
fn patched(
    reviews: &[Review],
    taxonomy: &Taxonomy,
    memo: &mut SearchMemo,
    site: &mut Site,
) -> usize {
    let keys: Vec<u64> = reviews.iter().map(key).collect();
    let reuse = |path: &str, key: u64| site.keys.get(path) == Some(&key);
    let old = |path: &str, _: u64| site.files.get(path).cloned();
    let index = index_files_reusing(reviews, &keys, taxonomy, &url, memo, &reuse, &old);
    let path = |f: &OutputFile| f.path.to_str().unwrap().to_string();
    let mut now: HashMap<String, Vec<u8>> = index
        .files
        .iter()
        .map(|f| (path(f), f.bytes.clone()))
        .collect();
    for kept in &index.kept {
        now.insert(kept.clone(), site.files[kept].clone());
    }
    let fresh: HashMap<String, Vec<u8>> = index_files(reviews, taxonomy, &url)
        .iter()
        .map(|f| (path(f), f.bytes.clone()))
        .collect();
    let differ: Vec<&String> = fresh
        .keys()
        .filter(|p| now.get(*p) != fresh.get(*p))
        .collect();
    assert!(
        differ.is_empty() && now.len() == fresh.len(),
        "differs from a fresh index: {differ:?}"
    );
    let shards_made = index
        .files
        .iter()
        .filter(|f| {
            f.path
                .file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .starts_with('s')
        })
        .count();
    site.files = now;
    site.keys = index.doc_keys.into_iter().collect();
    shards_made
}

#[test]
fn an_edit_makes_only_the_shards_it_changes() {
    let taxonomy = taxonomy("מודלי דיפוזיה");
    let mut reviews = large_archive();
    let mut memo = SearchMemo::default();
    let mut site = Site::default();
    let all = patched(&reviews, &taxonomy, &mut memo, &mut site);
    assert!(all > 20, "only {all} shards");
    // An edit touches a few terms; new terms at both ends, a few more.
    let few = |made: usize| made > 0 && made * 4 < all;
    // One word replaced in the middle of a review.
    reviews[150].body =
        reviews[150]
            .body
            .replacen(&made_up_word((150 * 131 + 900 * 17) % 3000), "zzzzqq", 1);
    assert!(few(patched(&reviews, &taxonomy, &mut memo, &mut site)));
    // New terms before and after every other, and a new newest review.
    reviews[10].body.push_str(" 0000 aaaaaa תתתתתת");
    let mut newest = review(1000, 0, &[], &[]);
    newest.front.date = NaiveDate::from_ymd_opt(2021, 1, 1).expect("date");
    newest.body = "zzzzqq בדיפוזיה".into();
    reviews.push(newest);
    assert!(few(patched(&reviews, &taxonomy, &mut memo, &mut site)));
    // Terms that only those held go again, with the newest review.
    reviews[10].body = reviews[10].body.replace(" 0000 aaaaaa תתתתתת", "");
    reviews.pop();
    assert!(few(patched(&reviews, &taxonomy, &mut memo, &mut site)));
    // Through bytes, as the build cache keeps it.
    memo = SearchMemo::decode(&memo.encode()).expect("its own bytes");
    reviews[299].body.push_str(" מודלים");
    assert!(few(patched(&reviews, &taxonomy, &mut memo, &mut site)));
    // A review moved back in time renumbers the reviews after it: made whole.
    reviews[200].front.date = NaiveDate::from_ymd_opt(2019, 1, 1).expect("date");
    assert_eq!(patched(&reviews, &taxonomy, &mut memo, &mut site), all);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn any_edit_sequence_patches_to_a_fresh_index(
        edits in prop::collection::vec((0..300usize, 0..3000usize, 0..4u8), 1..6)
    ) {
        let taxonomy = taxonomy("מודלי דיפוזיה");
        let mut reviews = large_archive();
        let mut memo = SearchMemo::default();
        let mut site = Site::default();
        patched(&reviews, &taxonomy, &mut memo, &mut site);
        for (i, w, kind) in edits {
            let i = i % reviews.len();
            let word = made_up_word(w);
            match kind {
                0 => reviews[i].body.push_str(&format!(" {word}")),
                1 => reviews[i].body = reviews[i].body.replacen(' ', &format!(" {word} "), 1),
                2 => reviews[i].body = reviews[i].body.split(' ').skip(1).collect::<Vec<_>>().join(" "),
                _ => reviews[i].front.title = format!("{word} {}", reviews[i].front.title),
            }
            patched(&reviews, &taxonomy, &mut memo, &mut site);
        }
    }
}

/// The memo in buckets, as the build cache keeps it: the head and the
/// buckets read back give the same index; an edit renames only the
/// buckets that held or now hold the edited review's analysis, so only
/// those are written again; a vocabulary numbered again renames them all.
#[test]
fn the_memo_in_buckets_reads_back_and_an_edit_renames_few() {
    let taxonomy = taxonomy("מודלי דיפוזיה");
    let mut reviews = archive();
    let mut memo = SearchMemo::default();
    let mut last = Vec::new();
    cached(&reviews, &taxonomy, &mut memo, &mut last);
    let names = |memo: &SearchMemo| -> Vec<String> {
        memo.buckets(8).into_iter().map(|b| b.name).collect()
    };

    // Through bytes and back.
    let buckets: Vec<Vec<u8>> = memo
        .buckets(8)
        .iter()
        .map(|bucket| {
            let mut bytes = Vec::new();
            bucket.encode_to(&mut |piece| bytes.extend_from_slice(piece));
            bytes
        })
        .collect();
    let before = names(&memo);
    let listed: Vec<&str> = before.iter().map(String::as_str).collect();
    let mut head = Vec::new();
    memo.encode_head_to(&listed, &mut |piece| head.extend_from_slice(piece));
    let (mut read, read_names) = SearchMemo::decode_head(&head).expect("its own head");
    assert_eq!(read_names, before);
    for bytes in &buckets {
        let entries = read.decode_bucket(None, bytes).expect("its own bucket");
        read.add_entries(entries);
    }
    assert_eq!(
        names(&read),
        before,
        "the same analyses under the same numbering"
    );
    assert!(SearchMemo::decode_head(&head[..head.len() - 1]).is_none());
    assert!(read
        .decode_bucket(None, &buckets[0][..buckets[0].len() - 1])
        .is_none());
    reviews[2].body.push_str(" scaling");
    cached(&reviews, &taxonomy, &mut read, &mut last);

    // Each edit renames at most the two buckets it moves an analysis
    // between, unless the vocabulary was numbered again: then all.
    let mut renumbered = 0;
    let mut names_now = names(&read);
    for edit in 0..200 {
        reviews[1].body = format!("{} word{edit}x{edit}", WORDS[edit % WORDS.len()]);
        cached(&reviews, &taxonomy, &mut read, &mut last);
        let next = names(&read);
        // By name, not place: a bucket that empties or fills (an empty one
        // has no file) moves the others' places.
        let renamed = next.iter().filter(|name| !names_now.contains(name)).count();
        if renamed == next.len() {
            renumbered += 1;
        } else {
            assert!(renamed <= 2, "edit {edit} renamed {renamed} buckets");
        }
        names_now = next;
    }
    // The vocabulary is numbered again only once its dead terms outnumber
    // the live ones: 9 times in these 200 edits.
    assert!(
        (1..=20).contains(&renumbered),
        "the vocabulary was numbered again {renumbered} times in 200 edits"
    );
}
