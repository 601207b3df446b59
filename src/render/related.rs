//! Related reviews: shared topics plus text similarity.
//!
//! Each review is reduced to its few most distinctive words (TF-IDF, top
//! `TERMS`). Candidates come from an inverted index over those words and
//! the topics; long posting lists are cut to the reviews nearest in time, so
//! the work grows linearly with the archive instead of quadratically.

use crate::model::Review;
use crate::text::Bytes;
use crate::words;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};
use std::collections::HashMap;
use std::hash::Hasher;
use std::ops::ControlFlow;
use std::sync::Arc;

const TERMS: usize = 12;
/// Most candidates taken from one posting list (nearest in time).
const WINDOW: usize = 64;
/// What one shared topic is worth next to a cosine similarity in [0, 1].
const TOPIC_WEIGHT: f32 = 0.12;
/// Words looked at per text: a review says what it is about early on, and
/// this keeps the cost per review bounded.
const MAX_WORDS: usize = 600;

/// A review's words and how often it uses them (titles counting double),
/// by hash, sorted: what related lists are found from, made once per
/// version of a review and kept by the build cache. Held as the cache
/// writes them (hash and count, little-endian, `Words::BYTES` each), so
/// that a cached build reads them where the cache's mapping holds them
/// instead of copying 1.8 million of them out at 10x.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Words(Bytes);

impl Words {
    pub const BYTES: usize = 12;

    /// Words as bytes (from the build cache); None when they cannot be.
    pub fn from_bytes(bytes: Bytes) -> Option<Words> {
        bytes
            .len()
            .is_multiple_of(Words::BYTES)
            .then_some(Words(bytes))
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    pub fn len(&self) -> usize {
        self.0.len() / Words::BYTES
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// (word, count), by word.
    pub fn iter(&self) -> impl Iterator<Item = (u64, u32)> + '_ {
        self.0.chunks_exact(Words::BYTES).map(|word| {
            let (hash, count) = word.split_at(8);
            (
                u64::from_le_bytes(hash.try_into().expect("eight bytes")),
                u32::from_le_bytes(count.try_into().expect("four bytes")),
            )
        })
    }
}

impl FromIterator<(u64, u32)> for Words {
    /// From words sorted by hash.
    fn from_iter<I: IntoIterator<Item = (u64, u32)>>(words: I) -> Words {
        let mut bytes = Vec::new();
        for (word, count) in words {
            bytes.extend_from_slice(&word.to_le_bytes());
            bytes.extend_from_slice(&count.to_le_bytes());
        }
        Words(bytes.into())
    }
}

/// Review `review`'s `Words`. A word is known by the 64-bit hash of its
/// letters: among the few tens of thousands of words of an archive, two
/// sharing a hash is a chance of about one in ten billion, and would only
/// merge their counts. Fx hashing (rustc's) rather than std's SipHash: the
/// keys are short and no untrusted party picks them in a local build.
pub fn words_of(review: &Review) -> Words {
    FORMS.with_borrow_mut(|forms| {
        let headline = review.front.headline.as_deref().unwrap_or("");
        // Title words say more about the paper than body words.
        count_words(&review.front.title, 2, forms);
        count_words(headline, 2, forms);
        count_words(&review.body, 1, forms);
        forms.take_words()
    })
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
    let keys = vec![0; reviews.len()];
    find(reviews, &keys, words, count).lists
}

/// A review's `TERMS` most distinctive words (TF-IDF), L2-normalised:
/// (word, weight), heaviest first.
type Vector = Vec<(u64, f32)>;

/// Related lists, and what they were found from, for `update` to start
/// from the next time.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Found {
    /// For each review, its related ones, best first (indices).
    pub lists: Vec<Vec<usize>>,
    /// The caller's key of each review's words.
    pub keys: Vec<u64>,
    pub vectors: Vec<Vector>,
    /// How many reviews hold each word.
    pub df: FxHashMap<u64, u32>,
    /// The reviews' order and topics and the count asked for: a hash of
    /// what every list reads besides the words (`shape`).
    pub shape: u64,
}

/// The related lists of `reviews`, whose words are `words` (under the
/// caller's `keys`, for `update`).
pub fn find(reviews: &[Review], keys: &[u64], words: &[&Words], count: usize) -> Found {
    let df = document_frequencies(words);
    let vectors = term_vectors(words, &df);
    let tags = Tags::of(reviews);
    let holders = holders(&vectors);
    let lists = (0..reviews.len())
        .into_par_iter()
        .map(|i| row(i, &vectors, &holders, &tags, count))
        .collect();
    Found {
        lists,
        keys: keys.to_vec(),
        vectors,
        df,
        shape: shape(reviews, count),
    }
}

/// Reviews changed more than this are found whole.
const MOST_CHANGED: usize = 64;

/// `find`, from what it found last time (`last`), when only the words of
/// a few reviews changed: the same lists, exactly, found again only for
/// the reviews they can differ for. `old_words` gives the words of a key
/// of `last`. None when the reviews' order, their topics or the count
/// changed, or too many reviews did.
pub fn update(
    last: &Found,
    reviews: &[Review],
    keys: &[u64],
    words: &[&Words],
    old_words: &dyn Fn(u64) -> Option<Arc<Words>>,
    count: usize,
) -> Option<Found> {
    if last.shape != shape(reviews, count) || last.keys.len() != keys.len() {
        return None;
    }
    let changed: Vec<usize> = (0..keys.len())
        .filter(|&i| keys[i] != last.keys[i])
        .collect();
    if changed.len() > MOST_CHANGED {
        return None;
    }
    // The words whose document frequency changed, and so their weight in
    // every review that holds them.
    let mut df = last.df.clone();
    let mut moved: FxHashSet<u64> = FxHashSet::default();
    for &i in &changed {
        let before = old_words(last.keys[i])?;
        let (mut a, mut b) = (before.iter().peekable(), words[i].iter().peekable());
        loop {
            let (gone, came) = match (a.peek(), b.peek()) {
                (None, None) => break,
                (Some(x), Some(y)) if x.0 == y.0 => {
                    a.next();
                    b.next();
                    continue;
                }
                (Some(x), Some(y)) if x.0 < y.0 => (Some(x.0), None),
                (Some(x), None) => (Some(x.0), None),
                (_, Some(y)) => (None, Some(y.0)),
            };
            if let Some(word) = gone {
                a.next();
                let left = df.get_mut(&word)?;
                *left -= 1;
                if *left == 0 {
                    df.remove(&word);
                }
                moved.insert(word);
            }
            if let Some(word) = came {
                b.next();
                *df.entry(word).or_default() += 1;
                moved.insert(word);
            }
        }
    }
    // Reviews whose vector may differ: the changed ones and the holders of
    // a moved word; of those, the ones whose vector does.
    let n = keys.len() as f32;
    let mut vectors = last.vectors.clone();
    let mut different = Vec::new();
    for i in 0..keys.len() {
        let affected = changed.binary_search(&i).is_ok()
            || words[i].iter().any(|(word, _)| moved.contains(&word));
        if affected {
            let vector = vector(words[i], &|word| {
                idf(n, df.get(&word).copied().unwrap_or(0))
            });
            if vector != vectors[i] {
                vectors[i] = vector;
                different.push(i);
            }
        }
    }
    // A list reads its review's vector, the vectors of its candidates and
    // the holders of its words: it can differ only for a review holding a
    // word some different vector held or holds (or being one).
    let holders = holders(&vectors);
    let mut again: Vec<usize> = different.clone();
    for &i in &different {
        for (word, _) in last.vectors[i].iter().chain(&vectors[i]) {
            again.extend(holders.get(word).into_iter().flatten());
        }
    }
    again.sort_unstable();
    again.dedup();
    let tags = Tags::of(reviews);
    let mut lists = last.lists.clone();
    for (i, list) in again
        .par_iter()
        .map(|&i| (i, row(i, &vectors, &holders, &tags, count)))
        .collect::<Vec<_>>()
    {
        lists[i] = list;
    }
    Some(Found {
        lists,
        keys: keys.to_vec(),
        vectors,
        df,
        shape: last.shape,
    })
}

/// What every list reads besides the words: the reviews' order (by slug),
/// their topics, and the count.
fn shape(reviews: &[Review], count: usize) -> u64 {
    let mut hash = FxHasher::default();
    hash.write_usize(count);
    for review in reviews {
        hash.write(review.slug.as_bytes());
        hash.write_u8(0xff);
        for tag in &review.front.tags {
            hash.write(tag.as_bytes());
            hash.write_u8(0xfe);
        }
    }
    hash.finish()
}

/// Each review's topics as numbers, and each topic's reviews.
struct Tags {
    of: Vec<Vec<u32>>,
    holders: Vec<Vec<usize>>,
}

impl Tags {
    fn of(reviews: &[Review]) -> Tags {
        let mut tag_ids: HashMap<&str, u32> = HashMap::new();
        let of: Vec<Vec<u32>> = reviews
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
        let mut holders = vec![Vec::new(); tag_ids.len()];
        for (i, tags) in of.iter().enumerate() {
            for &tag in tags {
                holders[tag as usize].push(i);
            }
        }
        Tags { of, holders }
    }
}

/// Each word of some vector -> the (ascending) reviews whose vector holds it.
fn holders(vectors: &[Vector]) -> FxHashMap<u64, Vec<usize>> {
    let mut lists: FxHashMap<u64, Vec<usize>> = FxHashMap::default();
    for (i, vector) in vectors.iter().enumerate() {
        for &(word, _) in vector {
            lists.entry(word).or_default().push(i);
        }
    }
    lists
}

/// Review i's related list: candidates from the holders of its words and
/// topics nearest in time, by cosine similarity plus shared topics.
fn row(
    i: usize,
    vectors: &[Vector],
    holders: &FxHashMap<u64, Vec<usize>>,
    tags: &Tags,
    count: usize,
) -> Vec<usize> {
    let mut scores: FxHashMap<usize, f32> = FxHashMap::default();
    for &(word, weight) in &vectors[i] {
        for j in window(&holders[&word], i) {
            if let Some(&(_, w)) = vectors[j].iter().find(|&&(t, _)| t == word) {
                *scores.entry(j).or_default() += weight * w;
            }
        }
    }
    for &tag in &tags.of[i] {
        for j in window(&tags.holders[tag as usize], i) {
            *scores.entry(j).or_default() += TOPIC_WEIGHT;
        }
    }
    scores.remove(&i);
    let mut ranked: Vec<(usize, f32)> = scores.into_iter().filter(|&(_, s)| s > 0.0).collect();
    // Ties go to the review nearest in time, then to index for stability.
    ranked.sort_by(|a, b| {
        b.1.total_cmp(&a.1)
            .then_with(|| a.0.abs_diff(i).cmp(&b.0.abs_diff(i)))
            .then(a.0.cmp(&b.0))
    });
    ranked.into_iter().take(count).map(|(j, _)| j).collect()
}

/// The part of an ascending posting list nearest to `i`, at most `WINDOW` long.
fn window(list: &[usize], i: usize) -> impl Iterator<Item = usize> + '_ {
    let at = list.partition_point(|&j| j < i);
    let start = at
        .saturating_sub(WINDOW / 2)
        .min(list.len().saturating_sub(WINDOW));
    list[start..list.len().min(start + WINDOW)].iter().copied()
}

/// Each review's vector.
fn term_vectors(counts: &[&Words], df: &FxHashMap<u64, u32>) -> Vec<Vector> {
    let n = counts.len() as f32;
    // ln found once per word rather than once per use.
    let idf: FxHashMap<u64, Option<f32>> =
        df.iter().map(|(&word, &df)| (word, idf(n, df))).collect();
    counts
        .par_iter()
        .map(|doc| vector(doc, &|word| idf.get(&word).copied().flatten()))
        .collect()
}

/// A review's vector, given each word's inverse document frequency.
fn vector(doc: &Words, idf: &dyn Fn(u64) -> Option<f32>) -> Vector {
    let mut weighted: Vec<(u64, f32)> = doc
        .iter()
        .filter_map(|(word, tf)| Some((word, tf_weight(tf) * idf(word)?)))
        .collect();
    // The top TERMS by a total order: picked, then sorted, as a full sort
    // would leave them, at a fraction of its cost.
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
    // Let go of the room the review's every word took.
    weighted.shrink_to_fit();
    weighted
}

/// 1 + ln(tf), from a table for the counts nearly every word has.
fn tf_weight(tf: u32) -> f32 {
    static TABLE: std::sync::LazyLock<Vec<f32>> =
        std::sync::LazyLock::new(|| (0..64u32).map(|tf| 1.0 + (tf as f32).ln()).collect());
    match TABLE.get(tf as usize) {
        Some(&w) => w,
        None => 1.0 + (tf as f32).ln(),
    }
}

/// A word's inverse document frequency among `n` reviews, ln(n / df) (at
/// least 0.01); None for a word every review holds, which carries no
/// signal, and for one none holds.
fn idf(n: f32, df: u32) -> Option<f32> {
    let df = df as f32;
    (df > 0.0 && (df < n || n <= 1.0)).then(|| (n / df).ln().max(0.01))
}

/// How many reviews hold each word.
fn document_frequencies(counts: &[&Words]) -> FxHashMap<u64, u32> {
    let uses: usize = counts.iter().map(|doc| doc.len()).sum();
    // About one distinct word in eight uses, in this archive.
    let mut doc_freq: FxHashMap<u64, u32> =
        FxHashMap::with_capacity_and_hasher(uses / 8, Default::default());
    for doc in counts {
        for (word, _) in doc.iter() {
            *doc_freq.entry(word).or_default() += 1;
        }
    }
    doc_freq
}

/// Count the words of `text` into `forms`' counts through the shared word
/// model (`crate::words`), so a word means here what it means to search
/// and to topic matching: normalized (niqqud, case and final letters), and
/// also counted under its derived forms (a Hebrew word without its clitic
/// prefixes, "בדיפוזיה" as "דיפוזיה"; an English word's stem), so that two
/// reviews writing the same word with different prefixes still meet. Words
/// under three letters, numbers and stop words carry no topic.
fn count_words(text: &str, weight: u32, forms: &mut Forms) {
    let mut left = MAX_WORDS;
    words::tokenize::each_word(&words::normalize(text), |parts| {
        for token in parts {
            forms.count(token, weight);
            left -= 1;
            if left == 0 {
                return ControlFlow::Break(());
            }
        }
        ControlFlow::Continue(())
    });
}

/// One thread's words: each token it has met, the forms it counts under,
/// and the counts of the review being read. The same words come back in
/// every review, so a token is read once per thread, and after that costs
/// one lookup by its hash; its forms are numbered (per thread) and counted
/// in a vector by number, not in a hash map by hash: one lookup per word
/// instead of one per form. Bounded by the archive's vocabulary.
#[derive(Default)]
struct Forms {
    /// Token (by hash) -> where its forms' numbers lie in `spans`.
    tokens: FxHashMap<u64, (u32, u32)>,
    /// The forms' numbers of every token met, end to end (none for a word
    /// that carries no topic).
    spans: Vec<u32>,
    /// Form (by hash) -> its number.
    numbers: FxHashMap<u64, u32>,
    /// Form number -> its hash.
    hashes: Vec<u64>,
    /// Form number -> its count in the review being read (0 otherwise).
    counts: Vec<u32>,
    /// The forms the review being read has counted, each once.
    counted: Vec<u32>,
}

thread_local! {
    static FORMS: std::cell::RefCell<Forms> = std::cell::RefCell::new(Forms::default());
}

impl Forms {
    fn count(&mut self, token: &str, weight: u32) {
        let key = hash(token);
        let (start, len) = match self.tokens.get(&key) {
            Some(&span) => span,
            None => self.learn(token, key),
        };
        for &form in &self.spans[start as usize..][..len as usize] {
            let count = &mut self.counts[form as usize];
            if *count == 0 {
                self.counted.push(form);
            }
            *count += weight;
        }
    }

    /// Number `token`'s forms (`key` is its hash): the token itself and its
    /// derived forms, or none for a word under three letters, a number or a
    /// stop word.
    fn learn(&mut self, token: &str, key: u64) -> (u32, u32) {
        let start = self.spans.len();
        let carries_topic = token.chars().nth(2).is_some()
            && !token.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            && !words::stopwords::is_stopword(token);
        if carries_topic {
            let mut forms = vec![hash(token)];
            words::terms::derive_each(token, |form| forms.push(hash(form)));
            for form in forms {
                let next = self.hashes.len() as u32;
                let number = *self.numbers.entry(form).or_insert(next);
                if number == next {
                    self.hashes.push(form);
                    self.counts.push(0);
                }
                self.spans.push(number);
            }
        }
        let span = (start as u32, (self.spans.len() - start) as u32);
        self.tokens.insert(key, span);
        span
    }

    /// The review's `Words`, its counts set back to 0 for the next one.
    fn take_words(&mut self) -> Words {
        let mut words: Vec<(u64, u32)> = self
            .counted
            .drain(..)
            .map(|form| {
                let count = std::mem::take(&mut self.counts[form as usize]);
                (self.hashes[form as usize], count)
            })
            .collect();
        // Each hash once: by hash alone is the same order as by pair.
        words.sort_unstable_by_key(|&(word, _)| word);
        words.into_iter().collect()
    }
}

/// A word's or a form's hash.
fn hash(text: &str) -> u64 {
    let mut hash = FxHasher::default();
    hash.write(text.as_bytes());
    hash.finish()
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
    fn words_count_every_form_and_start_afresh_for_each_review() {
        let counts = |r: &Review| -> HashMap<u64, u32> { words_of(r).iter().collect() };
        let first = counts(&review("Diffusion", &[], "בדיפוזיה דיפוזיה של"));
        // "דיפוזיה" itself, and as "בדיפוזיה" without its prefix.
        assert_eq!(first.get(&hash("דיפוזיה")), Some(&2));
        assert_eq!(first.get(&hash("בדיפוזיה")), Some(&1));
        // The title counts double.
        assert_eq!(first.get(&hash("diffusion")), Some(&2));
        assert!(!first.contains_key(&hash("של")), "a stop word");
        // The next review read on this thread counts from nothing.
        let second = counts(&review("x", &[], "דיפוזיה"));
        assert_eq!(second.get(&hash("דיפוזיה")), Some(&1));
        assert_eq!(second.get(&hash("diffusion")), None);
    }

    #[test]
    fn unrelated_reviews_have_no_related() {
        let reviews = vec![review("a", &[], "אלפא בטא"), review("b", &[], "גמא דלתא")];
        assert!(related(&reviews, 3).iter().all(Vec::is_empty));
    }

    /// 200 reviews over 400 made-up words, a few topics.
    fn archive() -> Vec<Review> {
        (0..200)
            .map(|n| {
                let body: Vec<String> = (0..30)
                    .map(|k| format!("word{}", (n * 7 + k * k) % 400))
                    .collect();
                let tags: &[&str] = [&["rag"][..], &["diffusion"], &[]][n % 3];
                review(&format!("r{n}"), tags, &body.join(" "))
            })
            .collect()
    }

    /// A review's words' key, as the engine's: here its text.
    fn key(review: &Review) -> u64 {
        hash(&review.body)
    }

    /// `update` from `last`, checked against `find` from scratch.
    fn updated(last: &Found, before: &[Review], after: &[Review]) -> Option<Found> {
        let old: HashMap<u64, Arc<Words>> = before
            .iter()
            .map(|r| (key(r), Arc::new(words_of(r))))
            .collect();
        let words: Vec<Words> = after.iter().map(words_of).collect();
        let words: Vec<&Words> = words.iter().collect();
        let keys: Vec<u64> = after.iter().map(key).collect();
        let found = update(last, after, &keys, &words, &|k| old.get(&k).cloned(), 4)?;
        let fresh = find(after, &keys, &words, 4);
        assert_eq!(
            found, fresh,
            "an update differs from finding the lists again"
        );
        Some(found)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(32))]

        #[test]
        fn an_update_equals_finding_the_lists_again(
            edits in proptest::collection::vec((0..200usize, 0..400usize, proptest::bool::ANY), 1..8)
        ) {
            let mut reviews = archive();
            let words: Vec<Words> = reviews.iter().map(words_of).collect();
            let words: Vec<&Words> = words.iter().collect();
            let keys: Vec<u64> = reviews.iter().map(key).collect();
            let mut last = find(&reviews, &keys, &words, 4);
            for (i, word, add) in edits {
                let before = reviews.clone();
                match add {
                    true => reviews[i].body.push_str(&format!(" word{word} fresh{word}")),
                    false => reviews[i].body = reviews[i].body.replacen(&format!("word{word}"), "", 1),
                }
                last = updated(&last, &before, &reviews).expect("a text edit updates");
            }
        }
    }

    #[test]
    fn other_topics_or_order_are_found_whole() {
        let reviews = archive();
        let words: Vec<Words> = reviews.iter().map(words_of).collect();
        let words: Vec<&Words> = words.iter().collect();
        let keys = vec![0; reviews.len()];
        let last = find(&reviews, &keys, &words, 4);
        let mut retagged = reviews.clone();
        retagged[3].front.tags.push("new".into());
        assert!(update(&last, &retagged, &keys, &words, &|_| None, 4).is_none());
        let mut reordered = reviews.clone();
        reordered.swap(0, 1);
        assert!(update(&last, &reordered, &keys, &words, &|_| None, 4).is_none());
        assert!(update(&last, &reviews, &keys, &words, &|_| None, 5).is_none());
    }
}
