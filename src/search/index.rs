//! The inverted index, put together from the reviews' analyses (`memo`):
//! for each term, in code point order, the reviews that hold it, each with
//! one BM25-style weight, which is all the browser needs to rank.
//!
//! Put together whole on a first build (or when `patch` cannot patch the
//! last index): from the memo's packed analyses and its sorted vocabulary
//! it is a few passes over flat arrays, with no term hashed, compared or
//! copied.

use super::analysis::{unpack_counts, Counts, Lengths};
use super::fields::FIELD_COUNT;
use super::memo::Entry;
use rayon::prelude::*;

/// A searchable field: how much a match in it counts, and how much a long
/// field dilutes a match (BM25's b).
struct Field {
    boost: f64,
    length_norm: f64,
}

/// Title > headline > topics and authors > body. Title and headline boosts
/// are high enough that one match there outranks any number of body matches
/// of the same word (2.5 x 1/(1+K1) > 1). Tuned with bench/search-recall.mjs.
const FIELDS: [Field; FIELD_COUNT] = [
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

/// One review on a term's list: its number (oldest first) and the term's
/// weight in it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Posting {
    pub doc: u32,
    pub weight: u32,
}

/// Every term's list, terms in code point order, reviews ascending.
pub struct Postings {
    /// The terms some review holds, by vocabulary number.
    pub terms: Vec<u32>,
    /// Term n's postings are `postings[starts[n]..starts[n + 1]]`.
    pub starts: Vec<usize>,
    pub postings: Vec<Posting>,
    /// Term n's positions in each of its reviews, as the analysis wrote
    /// them, each followed by `;`: `positions[position_starts[n]..position_starts[n + 1]]`.
    pub positions: Vec<u8>,
    pub position_starts: Vec<usize>,
}

impl Postings {
    pub fn lists(&self) -> impl Iterator<Item = (u32, &[Posting], &[u8])> {
        self.terms
            .iter()
            .zip(self.starts.windows(2).zip(self.position_starts.windows(2)))
            .map(|(&term, (p, b))| {
                (
                    term,
                    &self.postings[p[0]..p[1]],
                    &self.positions[b[0]..b[1]],
                )
            })
    }
}

/// `docs` are the reviews in the order they are numbered; `sorted` is every
/// vocabulary number in the order of its term.
///
/// The memo holds each review's terms together; the files want each term's
/// reviews together. Reading the reviews one after the other and writing
/// each (term, review) into its term's place is the cheap direction: the
/// reads stream, and only the writes jump (reading term by term instead
/// missed the cache on nearly every posting). The writes are split into
/// runs of terms, one task each: a task's writes stay within its run,
/// which the cache holds better, and the tasks run in parallel.
pub fn build(docs: &[&Entry], sorted: &[u32]) -> Postings {
    let vocabulary = sorted.len();
    let mut df = vec![0u32; vocabulary];
    let mut bytes = vec![0usize; vocabulary];
    for entry in docs {
        for (n, id) in entry.ids.iter().enumerate() {
            df[id as usize] += 1;
            bytes[id as usize] += entry.terms.positions_of(n).len() + 1;
        }
    }
    // Each list's place in two arrays, lists in term order: a counting sort.
    // `rank[id]` is the term's place among the terms some review holds.
    let mut rank = vec![u32::MAX; vocabulary];
    let mut terms = Vec::new();
    let (mut starts, mut position_starts) = (vec![0], vec![0]);
    for &id in sorted {
        let id = id as usize;
        if df[id] > 0 {
            rank[id] = terms.len() as u32;
            terms.push(id as u32);
            starts.push(starts[terms.len() - 1] + df[id] as usize);
            position_starts.push(position_starts[terms.len() - 1] + bytes[id]);
        }
    }
    let average = average_lengths(docs.iter().map(|d| &d.terms.lengths));
    let weights: Vec<Vec<u32>> = docs.par_iter().map(|d| weights(d, &average)).collect();
    let mut postings = vec![Posting::default(); starts[terms.len()]];
    let mut positions = vec![0u8; position_starts[terms.len()]];
    let runs = runs(&starts, &mut postings, &position_starts, &mut positions);
    runs.into_par_iter()
        .for_each(|run| run.fill(docs, &weights, &rank));
    Postings {
        terms,
        starts,
        postings,
        positions,
        position_starts,
    }
}

/// Runs of terms, one task each: one per core of a small machine. More
/// runs, each holding less, missed the cache less but read every review's
/// terms once each, and cost more than they saved (measured at 10x).
const RUNS: usize = 2;

/// One run of terms (by rank) and the parts of the arrays their lists fill.
struct Run<'a> {
    first: u32,
    /// Where each term of the run writes next: its posting, its positions.
    next: Vec<(usize, usize)>,
    postings: &'a mut [Posting],
    positions: &'a mut [u8],
    /// Where `postings` and `positions` begin in the whole arrays.
    offset: (usize, usize),
}

/// The terms cut into `RUNS` runs of about as many postings each.
fn runs<'a>(
    starts: &[usize],
    mut postings: &'a mut [Posting],
    position_starts: &[usize],
    mut positions: &'a mut [u8],
) -> Vec<Run<'a>> {
    let terms = starts.len() - 1;
    let total = starts[terms];
    let mut runs = Vec::with_capacity(RUNS);
    let mut first = 0;
    for k in 1..=RUNS {
        let end = if k == RUNS {
            terms
        } else {
            // The first term whose list starts at or after k/RUNS of all.
            starts
                .partition_point(|&s| s < total * k / RUNS)
                .min(terms)
                .max(first)
        };
        let (these, rest) = std::mem::take(&mut postings).split_at_mut(starts[end] - starts[first]);
        postings = rest;
        let (these_positions, rest) = std::mem::take(&mut positions)
            .split_at_mut(position_starts[end] - position_starts[first]);
        positions = rest;
        runs.push(Run {
            first: first as u32,
            next: (first..end)
                .map(|t| (starts[t], position_starts[t]))
                .collect(),
            postings: these,
            positions: these_positions,
            offset: (starts[first], position_starts[first]),
        });
        first = end;
    }
    runs
}

impl Run<'_> {
    /// Every review's postings of this run's terms, reviews in ascending
    /// order, so each list comes out ascending.
    fn fill(mut self, docs: &[&Entry], weights: &[Vec<u32>], rank: &[u32]) {
        let count = self.next.len() as u32;
        for (doc, (entry, weights)) in docs.iter().zip(weights).enumerate() {
            for (n, (id, &weight)) in entry.ids.iter().zip(weights).enumerate() {
                let r = rank[id as usize].wrapping_sub(self.first);
                if r >= count {
                    continue;
                }
                let (at, byte) = &mut self.next[r as usize];
                self.postings[*at - self.offset.0] = Posting {
                    doc: doc as u32,
                    weight,
                };
                *at += 1;
                let written = entry.terms.positions_of(n);
                let byte_at = *byte - self.offset.1;
                self.positions[byte_at..byte_at + written.len()].copy_from_slice(written);
                self.positions[byte_at + written.len()] = b';';
                *byte += written.len() + 1;
            }
        }
    }
}

/// The weight of each of a review's terms, in the order of its analysis:
/// BM25 without the inverse document frequency, which the browser
/// multiplies in from the length of the term's list (`idf` in
/// static/search-engine.js). So a review's weights depend on itself and
/// the rounded average lengths alone, and an edit to one review changes
/// only the lists of the terms it holds: the other shards' files stay
/// byte for byte what they were (an incremental build writes only those).
pub(super) fn weights(entry: &Entry, average: &[f64; FIELD_COUNT]) -> Vec<u32> {
    let norms = length_norms(&entry.terms.lengths, average);
    let mut at = 0;
    entry
        .ids
        .iter()
        .map(|_| {
            // The memo checked every entry's counts when it was read.
            let counts = unpack_counts(&entry.terms.counts, &mut at).unwrap_or_default();
            quantize(field_sum(&counts, &norms))
        })
        .collect()
}

/// Each field's mean length over all reviews, rounded to a step of 5 %
/// (`rounded_length`).
pub(super) fn average_lengths<'a>(
    lengths: impl ExactSizeIterator<Item = &'a Lengths>,
) -> [f64; FIELD_COUNT] {
    let n = lengths.len().max(1) as f64;
    let mut average = [0.0; FIELD_COUNT];
    for review in lengths {
        for (sum, &length) in average.iter_mut().zip(review) {
            *sum += f64::from(length) / n;
        }
    }
    average.map(rounded_length)
}

/// A mean length on a grid of steps 5 % apart. Every weight reads the mean
/// lengths, so the exact means would make any edit change every list; BM25
/// barely notices a 2.5 % error in them, and on the grid they move only
/// when the archive's lengths have drifted by a step (hundreds of new
/// reviews at 10x).
fn rounded_length(mean: f64) -> f64 {
    if mean <= 0.0 {
        return 0.0;
    }
    let step = 1.05f64.ln();
    ((mean.ln() / step).round() * step).exp()
}

/// What a review's length divides its term frequencies by, per field.
fn length_norms(lengths: &Lengths, average: &[f64; FIELD_COUNT]) -> [f64; FIELD_COUNT] {
    std::array::from_fn(|i| {
        let relative = if average[i] > 0.0 {
            f64::from(lengths[i]) / average[i]
        } else {
            1.0
        };
        1.0 - FIELDS[i].length_norm + FIELDS[i].length_norm * relative
    })
}

/// Sum over fields of boost x saturated, length-normalised frequency.
fn field_sum(c: &Counts, norms: &[f64; FIELD_COUNT]) -> f64 {
    FIELDS
        .iter()
        .enumerate()
        .map(|(i, field)| {
            let tf = f64::from(c[i]) + DERIVED_WEIGHT * f64::from(c[FIELD_COUNT + i]);
            if tf == 0.0 {
                return 0.0;
            }
            let tf = tf / norms[i];
            field.boost * tf / (K1 + tf)
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::analysis::analyze;
    use crate::search::fields::FieldTexts;
    use crate::search::memo::SearchMemo;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    /// (term, [(review, weight, positions)]) in term order.
    type Plain = Vec<(String, Vec<(u32, u32, String)>)>;

    /// The weights computed the plain way, as BM25 reads: every review's
    /// counts looked up by term in a sorted map, the length normalisation
    /// written out.
    fn reference(docs: &[FieldTexts]) -> Plain {
        let analyzed: Vec<_> = docs.iter().map(analyze).collect();
        let n = analyzed.len();
        let mut average = [0.0; FIELD_COUNT];
        for a in &analyzed {
            for (sum, &length) in average.iter_mut().zip(&a.rest.lengths) {
                *sum += f64::from(length) / n as f64;
            }
        }
        let average = average.map(rounded_length);
        // term -> (review, counts, positions)
        type Lists<'a> = BTreeMap<&'a str, Vec<(u32, Counts, &'a [u8])>>;
        let mut lists: Lists = BTreeMap::new();
        for (doc, a) in analyzed.iter().enumerate() {
            let mut at = 0;
            for (k, term) in a.terms.iter().enumerate() {
                let counts = unpack_counts(&a.rest.counts, &mut at).expect("counts");
                lists
                    .entry(term)
                    .or_default()
                    .push((doc as u32, counts, a.rest.positions_of(k)));
            }
        }
        lists
            .into_iter()
            .map(|(term, list)| {
                let weights = list
                    .into_iter()
                    .map(|(doc, c, positions)| {
                        let lengths = &analyzed[doc as usize].rest.lengths;
                        let score: f64 = FIELDS
                            .iter()
                            .enumerate()
                            .map(|(i, field)| {
                                let tf = f64::from(c[i])
                                    + DERIVED_WEIGHT * f64::from(c[FIELD_COUNT + i]);
                                if tf == 0.0 {
                                    return 0.0;
                                }
                                let relative = if average[i] > 0.0 {
                                    f64::from(lengths[i]) / average[i]
                                } else {
                                    1.0
                                };
                                let tf =
                                    tf / (1.0 - field.length_norm + field.length_norm * relative);
                                field.boost * tf / (K1 + tf)
                            })
                            .sum();
                        (
                            doc,
                            quantize(score),
                            String::from_utf8_lossy(positions).into_owned(),
                        )
                    })
                    .collect();
                (term.to_string(), weights)
            })
            .collect()
    }

    /// The same through the memo and `build`.
    fn built(docs: &[FieldTexts]) -> Plain {
        let memo = SearchMemo::of_texts(docs);
        let entries: Vec<&Entry> = memo.entries.iter().collect();
        let postings = build(&entries, &memo.vocabulary.sorted);
        postings
            .lists()
            .map(|(term, list, positions)| {
                let positions = std::str::from_utf8(positions).expect("ASCII");
                let positions = positions.strip_suffix(';').expect("one per review");
                let list = list
                    .iter()
                    .zip(positions.split(';'))
                    .map(|(p, positions)| (p.doc, p.weight, positions.to_string()))
                    .collect::<Vec<_>>();
                assert_eq!(list.len(), positions.split(';').count());
                (memo.vocabulary.term(term).to_string(), list)
            })
            .collect()
    }

    /// Latin, digits, Hebrew with and without clitic prefixes, final
    /// letters, a hyphenated pair, Σ and an accent (the normalizer's slow
    /// path).
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
            prop_assert_eq!(built(&docs), reference(&docs));
        }
    }
}
