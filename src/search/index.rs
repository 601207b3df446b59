//! The inverted index. Each review is analyzed once, in parallel: every term
//! it holds, with its counts per field. elasticlunr-rs builds the inverted
//! index (which reviews hold which term) from each review's distinct terms;
//! yomon then gives every (term, review) one BM25-style weight, which is all
//! the browser needs to rank.

use super::language::HebrewEnglish;
use super::lunr_postings;
use crate::words::analyze_positions;
use elasticlunr::IndexBuilder;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::sync::mpsc;

/// A searchable field: how much a match in it counts, and how much a long
/// field dilutes a match (BM25's b).
struct Field {
    boost: f64,
    length_norm: f64,
}

/// Title > headline > topics and authors > body. Title and headline boosts
/// are high enough that one match there outranks any number of body matches
/// of the same word (2.5 x 1/(1+K1) > 1). Tuned with bench/search-recall.mjs.
const FIELDS: [Field; 5] = [
    // title
    Field {
        boost: 3.0,
        length_norm: 0.3,
    },
    // headline (Hebrew)
    Field {
        boost: 2.5,
        length_norm: 0.3,
    },
    // topics (Hebrew and English names, slug) and authors
    Field {
        boost: 2.0,
        length_norm: 0.0,
    },
    // ids
    Field {
        boost: 3.0,
        length_norm: 0.0,
    },
    // body
    Field {
        boost: 1.0,
        length_norm: 0.75,
    },
];

/// BM25's term-frequency saturation.
const K1: f64 = 1.2;

/// A derived form (prefix-stripped, stemmed) counts less than the written
/// word: "למידה" yields "מידה", and a review that really says "מידה" should
/// come first.
const DERIVED_WEIGHT: f64 = 0.6;

/// Weights are stored as small integers on a log scale, 12 steps per factor
/// e (about 8% apart): two digits for nearly every weight, where a linear
/// scale fine enough for the weak body matches needs three or four.
/// static/search.js `weightOf` inverts it.
pub fn quantize(score: f64) -> u32 {
    (((1.0 + score * 100.0).ln() * 12.0).round() as u32).max(1)
}

/// One review's text, field by field, in the order of `FIELDS`.
#[derive(Debug)]
pub struct FieldTexts {
    pub title: String,
    pub headline: String,
    pub tags: String,
    pub ids: String,
    pub body: String,
}

impl FieldTexts {
    fn in_order(&self) -> [&str; 5] {
        [
            &self.title,
            &self.headline,
            &self.tags,
            &self.ids,
            &self.body,
        ]
    }
}

/// How often one term occurs in one review, per field: written forms, then
/// derived forms.
type Counts = [u32; 2 * FIELDS.len()];

/// Written tokens per field of one review.
type Lengths = [f64; FIELDS.len()];

/// One review, analyzed: its distinct terms in code point order, with their
/// counts, and its field lengths.
struct Analyzed {
    terms: Vec<(String, Counts, Vec<u32>)>,
    lengths: Lengths,
}

impl Analyzed {
    fn of(doc: &FieldTexts) -> Analyzed {
        // Fx hashing: terms are short, and come from our own content.
        let mut counts: FxHashMap<String, (Counts, Vec<u32>)> = FxHashMap::default();
        let mut lengths = [0.0; FIELDS.len()];
        // The body's positions start at 0, so that the browser can tell
        // which part of the text (`chunks`) holds a match; the other fields
        // run on from `META_POSITIONS`, with a gap between two fields so
        // that no phrase reads across them.
        let mut offset = META_POSITIONS;
        for (field, text) in doc.in_order().into_iter().enumerate() {
            let (written, derived) = analyze_positions(text);
            lengths[field] = written.len() as f64;
            let start = if field == BODY { 0 } else { offset };
            if field != BODY {
                offset += written.len() as u32 + FIELD_GAP;
            }
            let written = written.into_iter().map(|(t, p)| (t, p, field));
            let derived = derived
                .into_iter()
                .map(|(t, p)| (t, p, FIELDS.len() + field));
            for (term, position, slot) in written.chain(derived) {
                let entry = counts
                    .entry(term)
                    .or_insert_with(|| ([0; 2 * FIELDS.len()], Vec::new()));
                entry.0[slot] += 1;
                entry.1.push(start + position);
            }
        }
        let mut terms: Vec<(String, Counts, Vec<u32>)> = counts
            .into_iter()
            .map(|(term, (counts, mut positions))| {
                positions.sort_unstable();
                positions.dedup();
                (term, counts, positions)
            })
            .collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        Analyzed { terms, lengths }
    }

    /// The review's distinct terms, one per line, as each elasticlunr index
    /// takes them: those before `SPLIT_AT`, and the rest. (A term never
    /// holds whitespace: `tokenize` splits words there.)
    fn term_lines(&self) -> (String, String) {
        let mut lines = (String::new(), String::new());
        for (term, _, _) in &self.terms {
            let part = if term.starts_with(|c: char| c < SPLIT_AT) {
                &mut lines.0
            } else {
                &mut lines.1
            };
            part.push_str(term);
            part.push('\n');
        }
        lines
    }

    /// What is kept until the weights are known (they need every review's
    /// field lengths): the counts without their terms, which elasticlunr
    /// gives back in the same order.
    fn keep(self) -> Review {
        let (counts, positions) = self
            .terms
            .into_iter()
            .map(|(_, counts, positions)| (counts, positions))
            .unzip();
        Review {
            counts,
            positions,
            lengths: self.lengths,
        }
    }
}

/// One review's term counts and positions, in the code point order of its
/// terms.
struct Review {
    counts: Vec<Counts>,
    positions: Vec<Vec<u32>>,
    lengths: Lengths,
}

/// One review on a term's list: its number, the term's weight in it, and
/// where the term stands in it (token numbers, ascending; see
/// `analyze_positions`).
#[derive(Debug, Clone, PartialEq)]
pub struct Posting {
    pub doc: u32,
    pub weight: u32,
    pub positions: Vec<u32>,
}

/// term -> postings, terms in code point order, reviews ascending.
pub type Postings = Vec<(String, Vec<Posting>)>;

/// Token positions left empty between two fields: a phrase never spans
/// the end of a title and the start of the headline.
const FIELD_GAP: u32 = 2;

/// Where the positions of the title, headline, topics and ids begin; the
/// body's run from 0 (static/search-engine.js reads positions below this
/// as the body's). No review comes near a million words.
pub const META_POSITIONS: u32 = 1_000_000;

/// The body's place in `FIELDS` and `FieldTexts::in_order`.
const BODY: usize = 4;

/// Reviews analyzed at a time: analysis runs in parallel a batch at a time
/// while elasticlunr indexes the batch before; all at once, the analyzed
/// texts of a large archive would take more memory than the index.
const BATCH: usize = 64;

/// elasticlunr adds one term of one review at a time; two indexes on two
/// threads share that work. Terms starting before this letter go to the
/// first (Latin, digits and Hebrew from א to ט: about half of the postings
/// of Hebrew text), the rest to the second, so the first's terms all sort
/// before the second's and their lists put end to end stay in order.
const SPLIT_AT: char = 'י';

pub fn build(docs: &[FieldTexts]) -> Postings {
    let (low_batches, low_lists) = elasticlunr_thread();
    let (high_batches, high_lists) = elasticlunr_thread();
    let mut reviews = Vec::with_capacity(docs.len());
    for batch in docs.chunks(BATCH) {
        let analyzed: Vec<Analyzed> = batch.par_iter().map(Analyzed::of).collect();
        let (low, high) = analyzed.iter().map(Analyzed::term_lines).unzip();
        // A thread only stops early by panicking, which its lists report.
        let _ = low_batches.send(low);
        let _ = high_batches.send(high);
        reviews.extend(analyzed.into_iter().map(Analyzed::keep));
    }
    drop((low_batches, high_batches));
    let mut lists = Vec::new();
    for part in [low_lists, high_lists] {
        let part = part
            .recv()
            .unwrap_or_else(|_| panic!("an elasticlunr thread stopped"))
            // elasticlunr's index holds only our own terms and review numbers:
            // it fails to read only if the crate changed its format, a bug.
            .expect("elasticlunr index format");
        lists.extend(part);
    }
    weigh(lists, &mut reviews)
}

/// A thread that owns the elasticlunr-rs index (it cannot move between
/// threads: its language and tokenizers are not `Send`). It takes batches
/// of reviews' term lines, numbering reviews in the order they come, and
/// once the batches end answers with every term's reviews. Then it frees
/// the index's trie, which takes a while that nobody needs to wait for.
fn elasticlunr_thread() -> (
    mpsc::SyncSender<Vec<String>>,
    mpsc::Receiver<Result<lunr_postings::Lists, lunr_postings::Error>>,
) {
    let (batch_sender, batches) = mpsc::sync_channel::<Vec<String>>(2);
    let (lists_sender, lists) = mpsc::channel();
    std::thread::spawn(move || {
        let mut index = IndexBuilder::with_language(Box::new(HebrewEnglish::new()))
            .save_docs(false)
            .add_field_with_tokenizer(
                "terms",
                Box::new(|lines: &str| lines.lines().map(str::to_owned).collect()),
            )
            .build();
        let mut next = 0usize;
        for batch in batches {
            for lines in batch {
                index.add_doc(&next.to_string(), [lines]);
                next += 1;
            }
        }
        let _ = lists_sender.send(lunr_postings::read(&index));
        drop(index);
    });
    (batch_sender, lists)
}

/// Every (term, review) weight. elasticlunr lists terms in code point order,
/// the order each review's counts are kept in: the n-th list a review is on
/// is its n-th term, so a cursor per review finds its counts without a
/// lookup.
fn weigh(lists: lunr_postings::Lists, reviews: &mut [Review]) -> Postings {
    let n = reviews.len();
    let average = average_lengths(reviews.iter().map(|r| &r.lengths));
    let mut cursors = vec![0usize; n];
    let postings = lists
        .into_iter()
        .map(|(term, docs)| {
            let idf = idf(n, docs.len());
            let weights = docs
                .into_iter()
                .map(|doc| {
                    let review = &mut reviews[doc as usize];
                    let at = cursors[doc as usize];
                    cursors[doc as usize] += 1;
                    let score = idf * field_sum(&review.counts[at], &review.lengths, &average);
                    Posting {
                        doc,
                        weight: quantize(score),
                        // Each (term, review) is listed once: its positions
                        // move into the posting.
                        positions: std::mem::take(&mut review.positions[at]),
                    }
                })
                .collect();
            (term, weights)
        })
        .collect();
    // Every review's terms were all listed, or the cursors mislabelled counts.
    let listed = cursors
        .iter()
        .zip(reviews)
        .all(|(&c, r)| c == r.counts.len());
    assert!(listed, "elasticlunr listed other terms than were analyzed");
    postings
}

/// Each field's mean length over all reviews.
fn average_lengths<'a>(lengths: impl ExactSizeIterator<Item = &'a Lengths>) -> Lengths {
    let n = lengths.len().max(1) as f64;
    let mut average: Lengths = [0.0; FIELDS.len()];
    for review in lengths {
        for (sum, length) in average.iter_mut().zip(review) {
            *sum += length / n;
        }
    }
    average
}

/// BM25's inverse document frequency of a term in `df` of `n` reviews.
fn idf(n: usize, df: usize) -> f64 {
    let (n, df) = (n as f64, df as f64);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// Sum over fields of boost x saturated, length-normalised frequency.
fn field_sum(c: &Counts, lengths: &Lengths, average: &Lengths) -> f64 {
    FIELDS
        .iter()
        .enumerate()
        .map(|(i, field)| {
            let tf = f64::from(c[i]) + DERIVED_WEIGHT * f64::from(c[FIELDS.len() + i]);
            if tf == 0.0 {
                return 0.0;
            }
            let relative = if average[i] > 0.0 {
                lengths[i] / average[i]
            } else {
                1.0
            };
            let tf = tf / (1.0 - field.length_norm + field.length_norm * relative);
            field.boost * tf / (K1 + tf)
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    /// The weights computed the plain way: every review's analyzed counts
    /// looked up by term, no elasticlunr, no cursors.
    fn reference(docs: &[FieldTexts]) -> Postings {
        let analyzed: Vec<Analyzed> = docs.iter().map(Analyzed::of).collect();
        let average = average_lengths(analyzed.iter().map(|a| &a.lengths));
        let mut lists: BTreeMap<&str, Vec<(u32, &Counts, &Vec<u32>)>> = BTreeMap::new();
        for (doc, review) in analyzed.iter().enumerate() {
            for (term, counts, positions) in &review.terms {
                lists
                    .entry(term)
                    .or_default()
                    .push((doc as u32, counts, positions));
            }
        }
        lists
            .into_iter()
            .map(|(term, docs)| {
                let idf = idf(analyzed.len(), docs.len());
                let weights = docs
                    .into_iter()
                    .map(|(doc, counts, positions)| {
                        let lengths = &analyzed[doc as usize].lengths;
                        Posting {
                            doc,
                            weight: quantize(idf * field_sum(counts, lengths, &average)),
                            positions: positions.clone(),
                        }
                    })
                    .collect();
                (term.to_string(), weights)
            })
            .collect()
    }

    /// Words from both sides of `SPLIT_AT`: Latin, digits, Hebrew with and
    /// without clitic prefixes, final letters, a hyphenated pair, Σ and an
    /// accent (the normalizer's slow path).
    fn word() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "model",
            "models",
            "Grokking",
            "2405.17399",
            "GPT-4o",
            "אבג",
            "דיפוזיה",
            "בדיפוזיה",
            "והדיפוזיה",
            "מודלים",
            "ירוק",
            "שלום",
            "תפוח",
            "טבלה",
            "יד",
            "ΟΔΟΣ",
            "café",
            "LLaMA-NAS",
            "ץץץ",
            "כשהמודל",
        ])
        .prop_map(str::to_string)
    }

    fn text(max: usize) -> impl Strategy<Value = String> {
        prop::collection::vec(word(), 0..max).prop_map(|w| w.join(" "))
    }

    fn field_texts() -> impl Strategy<Value = FieldTexts> {
        (text(4), text(3), text(2), text(2), text(40)).prop_map(
            |(title, headline, tags, ids, body)| FieldTexts {
                title,
                headline,
                tags,
                ids,
                body,
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn weights_match_the_plain_computation(docs in prop::collection::vec(field_texts(), 0..150)) {
            prop_assert_eq!(build(&docs), reference(&docs));
        }
    }
}
