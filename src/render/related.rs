//! Related reviews: shared topics plus text similarity.
//!
//! Each review is reduced to its few most distinctive words (TF-IDF, top
//! `TERMS`). Candidates come from an inverted index over those words and
//! the topics; long posting lists are cut to the reviews nearest in time, so
//! the work grows linearly with the archive instead of quadratically.

use crate::model::Review;
use crate::words;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHasher};
use std::collections::HashMap;
use std::hash::Hasher;
use std::ops::ControlFlow;

const TERMS: usize = 12;
/// Most candidates taken from one posting list (nearest in time).
const WINDOW: usize = 64;
/// What one shared topic is worth next to a cosine similarity in [0, 1].
const TOPIC_WEIGHT: f32 = 0.12;
/// Words looked at per text: a review says what it is about early on, and
/// this keeps the cost per review bounded.
const MAX_WORDS: usize = 600;

/// Word -> count in one review. A word is known by the 64-bit hash of its
/// letters: among the few tens of thousands of words of an archive, two
/// sharing a hash is a chance of about one in ten billion, and would only
/// merge their counts. Fx hashing (rustc's) rather than std's SipHash: the
/// keys are short and no untrusted party picks them in a local build.
type WordCounts = FxHashMap<u64, u32>;

/// A review's words and how often it uses them (titles counting double),
/// by hash, sorted: what related lists are found from, made once per
/// version of a review and kept by the build cache.
pub type Words = Vec<(u64, u32)>;

/// Review `review`'s `Words`.
pub fn words_of(review: &Review) -> Words {
    // Room for the words and forms of a review of a few hundred words, so
    // the map is not grown again and again on the way.
    let mut counts = WordCounts::with_capacity_and_hasher(1024, Default::default());
    let headline = review.front.headline.as_deref().unwrap_or("");
    // Title words say more about the paper than body words.
    count_words(&review.front.title, 2, &mut counts);
    count_words(headline, 2, &mut counts);
    count_words(&review.body, 1, &mut counts);
    let mut words: Words = counts.into_iter().collect();
    words.sort_unstable();
    words
}

/// For each review (same order as `reviews`), up to `count` related ones,
/// best first, as indices into `reviews`.
pub fn related(reviews: &[Review], count: usize) -> Vec<Vec<usize>> {
    let words: Vec<Words> = reviews.par_iter().map(words_of).collect();
    let words: Vec<&Words> = words.iter().collect();
    related_from(reviews, &words, count)
}

/// `related`, from each review's `Words` (same order as `reviews`).
pub fn related_from(reviews: &[Review], words: &[&Words], count: usize) -> Vec<Vec<usize>> {
    let vectors: Vec<Vec<(u32, f32)>> = term_vectors(words);
    let term_postings = postings(vectors.iter().map(|v| v.iter().map(|&(t, _)| t)));
    let mut tag_ids: HashMap<&str, u32> = HashMap::new();
    let tags: Vec<Vec<u32>> = reviews
        .iter()
        .map(|r| {
            r.front
                .tags
                .iter()
                .map(|t| {
                    let n = tag_ids.len() as u32;
                    *tag_ids.entry(t.as_str()).or_insert(n)
                })
                .collect()
        })
        .collect();
    let tag_postings = postings(tags.iter().map(|t| t.iter().copied()));

    (0..reviews.len())
        .into_par_iter()
        .map(|i| {
            let mut scores: FxHashMap<usize, f32> = FxHashMap::default();
            for &(term, weight) in &vectors[i] {
                for j in window(&term_postings[term as usize], i) {
                    if let Some(&(_, w)) = vectors[j].iter().find(|&&(t, _)| t == term) {
                        *scores.entry(j).or_default() += weight * w;
                    }
                }
            }
            for &tag in &tags[i] {
                for j in window(&tag_postings[tag as usize], i) {
                    *scores.entry(j).or_default() += TOPIC_WEIGHT;
                }
            }
            scores.remove(&i);
            let mut ranked: Vec<(usize, f32)> =
                scores.into_iter().filter(|&(_, s)| s > 0.0).collect();
            // Ties go to the review nearest in time, then to index for stability.
            ranked.sort_by(|a, b| {
                b.1.total_cmp(&a.1)
                    .then_with(|| a.0.abs_diff(i).cmp(&b.0.abs_diff(i)))
                    .then(a.0.cmp(&b.0))
            });
            ranked.into_iter().take(count).map(|(j, _)| j).collect()
        })
        .collect()
}

/// Posting lists: for each id, the (ascending) indices of the items holding it.
fn postings<I: Iterator<Item = u32>>(items: impl Iterator<Item = I>) -> Vec<Vec<usize>> {
    let mut lists: Vec<Vec<usize>> = Vec::new();
    for (index, ids) in items.enumerate() {
        for id in ids {
            let id = id as usize;
            if lists.len() <= id {
                lists.resize_with(id + 1, Vec::new);
            }
            lists[id].push(index);
        }
    }
    lists
}

/// The part of an ascending posting list nearest to `i`, at most `WINDOW` long.
fn window(list: &[usize], i: usize) -> impl Iterator<Item = usize> + '_ {
    let at = list.partition_point(|&j| j < i);
    let start = at
        .saturating_sub(WINDOW / 2)
        .min(list.len().saturating_sub(WINDOW));
    list[start..list.len().min(start + WINDOW)].iter().copied()
}

/// Top-`TERMS` TF-IDF words of each review, L2-normalised, as (term id,
/// weight); term ids are dense, in order of first use.
fn term_vectors(counts: &[&Words]) -> Vec<Vec<(u32, f32)>> {
    let idf = inverse_frequencies(counts);
    // 1 + ln(tf) for the counts nearly every word has, found once.
    let tf_weights: Vec<f32> = (0..64u32).map(|tf| 1.0 + (tf as f32).ln()).collect();
    let by_word: Vec<Vec<(u64, f32)>> = counts
        .par_iter()
        .map(|doc| {
            let mut weighted: Vec<(u64, f32)> = doc
                .iter()
                .filter_map(|&(word, tf)| {
                    let idf = idf[&word]?;
                    let tf_weight = match tf_weights.get(tf as usize) {
                        Some(&w) => w,
                        None => 1.0 + (tf as f32).ln(),
                    };
                    Some((word, tf_weight * idf))
                })
                .collect();
            // The top TERMS by a total order: picked, then sorted, as a
            // full sort would leave them, at a fraction of its cost.
            let order = |a: &(u64, f32), b: &(u64, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
            if weighted.len() > TERMS {
                weighted.select_nth_unstable_by(TERMS, order);
                weighted.truncate(TERMS);
            }
            weighted.sort_by(order);
            let norm = weighted
                .iter()
                .map(|(_, w)| w * w)
                .sum::<f32>()
                .sqrt()
                .max(f32::EPSILON);
            weighted.iter_mut().for_each(|(_, w)| *w /= norm);
            // Let go of the room the review's every word took, now rather
            // than once every review's list is made.
            weighted.shrink_to_fit();
            weighted
        })
        .collect();
    let mut ids: FxHashMap<u64, u32> = FxHashMap::default();
    by_word
        .into_iter()
        .map(|vector| {
            vector
                .into_iter()
                .map(|(word, weight)| {
                    let next = ids.len() as u32;
                    (*ids.entry(word).or_insert(next), weight)
                })
                .collect()
        })
        .collect()
}

/// Each word's inverse document frequency, ln(n / df) (at least 0.01),
/// found once per word rather than once per use; None for a word every
/// review holds, which carries no signal.
fn inverse_frequencies(counts: &[&Words]) -> FxHashMap<u64, Option<f32>> {
    let uses: usize = counts.iter().map(|doc| doc.len()).sum();
    // About one distinct word in eight uses, in this archive.
    let mut doc_freq: WordCounts =
        FxHashMap::with_capacity_and_hasher(uses / 8, Default::default());
    for doc in counts {
        for &(word, _) in doc.iter() {
            *doc_freq.entry(word).or_default() += 1;
        }
    }
    let n = counts.len() as f32;
    doc_freq
        .into_iter()
        .map(|(word, df)| {
            let df = df as f32;
            (word, (df < n || n <= 1.0).then(|| (n / df).ln().max(0.01)))
        })
        .collect()
}

/// Count the words of `text` into `counts` through the shared word model
/// (`crate::words`), so a word means here what it means to search and to
/// topic matching: normalized (niqqud, case and final letters), and also
/// counted under its derived forms (a Hebrew word without its clitic
/// prefixes, "בדיפוזיה" as "דיפוזיה"; an English word's stem), so that two
/// reviews writing the same word with different prefixes still meet. Words
/// under three letters, numbers and stop words carry no topic. A word is
/// counted by the hash of its letters: no string is kept for it.
fn count_words(text: &str, weight: u32, counts: &mut WordCounts) {
    let mut left = MAX_WORDS;
    FORMS.with_borrow_mut(|forms| {
        words::tokenize::each_word(&words::normalize(text), |parts| {
            for token in parts {
                // The same words come back in every review: each is read
                // once per thread, and known after that by its hash alone.
                let mut hash = FxHasher::default();
                hash.write(token.as_bytes());
                let hashes = forms
                    .entry(hash.finish())
                    .or_insert_with(|| form_hashes(token));
                for &hash in hashes.iter() {
                    *counts.entry(hash).or_default() += weight;
                }
                left -= 1;
                if left == 0 {
                    return ControlFlow::Break(());
                }
            }
            ControlFlow::Continue(())
        })
    });
}

thread_local! {
    /// Token (by hash, as words are) -> the hashes of the forms it counts
    /// under (none for a word that carries no topic). Bounded by the
    /// archive's vocabulary.
    static FORMS: std::cell::RefCell<FxHashMap<u64, Box<[u64]>>> =
        std::cell::RefCell::new(FxHashMap::default());
}

/// The hashes of `token` and its derived forms, or none for a word under
/// three letters, a number or a stop word.
fn form_hashes(token: &str) -> Box<[u64]> {
    if token.chars().nth(2).is_none()
        || token.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        || words::stopwords::is_stopword(token)
    {
        return Box::new([]);
    }
    std::iter::once(token.to_string())
        .chain(words::derive(token))
        .map(|form| {
            let mut hash = FxHasher::default();
            hash.write(form.as_bytes());
            hash.finish()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FrontMatter;
    use chrono::NaiveDate;

    fn review(slug: &str, tags: &[&str], body: &str) -> Review {
        Review {
            slug: slug.into(),
            front: FrontMatter {
                title: slug.into(),
                title_estimated: false,
                date: NaiveDate::from_ymd_opt(2024, 6, 1).unwrap(),
                date_estimated: false,
                headline: None,
                authors: vec![],
                number: None,
                arxiv: vec![],
                links: vec![],
                tags: tags.iter().map(|t| t.to_string()).collect(),
                source: None,
            },
            body: body.into(),
            origin: Default::default(),
        }
    }

    #[test]
    fn similar_text_and_topics_rank_first() {
        let reviews = vec![
            review(
                "a",
                &["rag"],
                "retrieval augmented generation מסמכים אמבדינג",
            ),
            review("b", &["diffusion"], "diffusion denoising תמונות רעש"),
            review("c", &["rag"], "retrieval מסמכים אמבדינג שאלה"),
            review("d", &["diffusion"], "diffusion תמונות"),
        ];
        let related = related(&reviews, 2);
        assert_eq!(related[0][0], 2);
        assert_eq!(related[1][0], 3);
        assert!(
            related.iter().enumerate().all(|(i, r)| !r.contains(&i)),
            "never itself"
        );
    }

    #[test]
    fn hebrew_prefixes_do_not_keep_reviews_apart() {
        let reviews = vec![
            review("a", &[], "בדיפוזיה ובגרפים"),
            review("b", &[], "אלפא בטא גמא"),
            review("c", &[], "דיפוזיה גרפים"),
        ];
        assert_eq!(related(&reviews, 1)[0], vec![2]);
    }

    #[test]
    fn unrelated_reviews_have_no_related() {
        let reviews = vec![review("a", &[], "אלפא בטא"), review("b", &[], "גמא דלתא")];
        assert!(related(&reviews, 3).iter().all(Vec::is_empty));
    }
}
