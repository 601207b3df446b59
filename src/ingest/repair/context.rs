//! How well a word fits between its neighbours, learned from the archive's
//! own undamaged Hebrew: counts of pairs of words that stand next to each
//! other in a sentence. Sounds and word frequencies often leave two common
//! words ("מורד" and "מוריד"), and only the sentence tells them apart
//! ("מורד הגרדיינט").

use super::script::{fold, is_hebrew, is_hebrew_letter, is_inner_mark};
use super::words::words;
use rustc_hash::FxHashMap;

/// How many more uses than chance a pair needs to double a candidate's
/// weight: a pair seen once, of words too rare to meet by chance, doubles
/// it; a pair of common words needs to be seen well above chance.
const CHANCE_SLACK: f64 = 1.0;
const ENDING_WEIGHT: f64 = 0.5;

#[derive(Default)]
pub struct Context {
    /// "left right" (folded) -> how often the two stand next to each other.
    pairs: FxHashMap<String, u32>,
    /// How often each word stands left (first) and right (second) of a pair.
    as_left: FxHashMap<String, u32>,
    as_right: FxHashMap<String, u32>,
    /// All pairs counted.
    total: u32,
}

/// The Hebrew words on either side of a damaged word, folded; None where
/// the neighbour is not a Hebrew word in the same sentence.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Neighbours {
    pub left: Option<String>,
    pub right: Option<String>,
}

impl Context {
    pub fn build(lines: &[&str]) -> Context {
        let mut context = Context::default();
        for line in lines {
            let found = words(line);
            for pair in found.windows(2) {
                let (a, b) = (pair[0], pair[1]);
                if !same_sentence(line, a, b) || !is_plain_hebrew(a.1) || !is_plain_hebrew(b.1) {
                    continue;
                }
                let (a, b) = (fold(a.1), fold(b.1));
                let end = ending(&b);
                *context.pairs.entry(key(&a, &end)).or_default() += 1;
                *context.as_right.entry(end).or_default() += 1;
                *context.pairs.entry(key(&a, &b)).or_default() += 1;
                *context.as_left.entry(a).or_default() += 1;
                *context.as_right.entry(b).or_default() += 1;
                context.total += 1;
            }
        }
        context
    }

    /// How much the neighbours make `folded` likelier: 1 when they say
    /// nothing, more for each neighbour it stands next to more often than
    /// chance would have it.
    pub fn fit(&self, folded: &str, around: &Neighbours) -> f64 {
        let mut fit = 1.0;
        if let Some(left) = &around.left {
            let seen = self.pair(left, folded);
            fit *= self.boost(
                seen,
                self.count(&self.as_right, folded),
                &self.as_left,
                left,
            );
            let end = ending(folded);
            let seen = self.pair(left, &end);
            fit *= self
                .boost(seen, self.count(&self.as_right, &end), &self.as_left, left)
                .powf(ENDING_WEIGHT);
        }
        if let Some(right) = &around.right {
            let seen = self.pair(folded, right);
            fit *= self.boost(
                seen,
                self.count(&self.as_left, folded),
                &self.as_right,
                right,
            );
        }
        fit
    }

    /// How often `left right` stand next to each other in the archive.
    pub fn pair(&self, left: &str, right: &str) -> u32 {
        self.pairs.get(&key(left, right)).copied().unwrap_or(0)
    }

    fn boost(&self, seen: u32, uses: u32, side: &FxHashMap<String, u32>, neighbour: &str) -> f64 {
        if seen == 0 || self.total == 0 {
            return 1.0;
        }
        // Expected pairs if the candidate's neighbours were drawn at random.
        let share = f64::from(self.count(side, neighbour)) / f64::from(self.total);
        let chance = f64::from(uses) * share;
        1.0 + f64::from(seen) / (chance + CHANCE_SLACK)
    }

    fn count(&self, side: &FxHashMap<String, u32>, word: &str) -> u32 {
        side.get(word).copied().unwrap_or(0)
    }
}

/// The last two letters of a word, which carry person, number and gender
/// ("ניהלתי" after "אני"): a pair of a word and the next word's ending is
/// seen far more often than the pair of words itself.
fn ending(word: &str) -> String {
    let letters: Vec<char> = word.chars().collect();
    let from = letters.len().saturating_sub(2);
    std::iter::once('*')
        .chain(letters[from..].iter().copied())
        .collect()
}

fn key(left: &str, right: &str) -> String {
    format!("{left} {right}")
}

/// A word of Hebrew letters only (a geresh inside belongs to it).
fn is_plain_hebrew(word: &str) -> bool {
    word.chars().all(|c| is_hebrew(c) || is_inner_mark(c)) && word.chars().any(is_hebrew_letter)
}

/// Two words of a line read as one phrase: only spaces, commas, quotes or
/// a hyphen between them (a full stop, colon or bracket ends the phrase).
fn same_sentence(line: &str, a: (usize, &str), b: (usize, &str)) -> bool {
    line[a.0 + a.1.len()..b.0]
        .chars()
        .all(|c| matches!(c, ' ' | ',' | '"' | '\'' | '-' | '\u{05be}' | '\u{05f4}'))
}

/// The Hebrew neighbours of the `k`th of a line's `found` words.
pub fn neighbours(line: &str, found: &[(usize, &str)], k: usize) -> Neighbours {
    // The neighbour `side` of the two words `a` and `b` (in line order).
    let near = |a: usize, b: usize, side: usize| {
        let w = found[side].1;
        (same_sentence(line, found[a], found[b]) && is_plain_hebrew(w)).then(|| fold(w))
    };
    Neighbours {
        left: k.checked_sub(1).and_then(|j| near(j, k, j)),
        right: (k + 1 < found.len())
            .then(|| near(k, k + 1, k + 1))
            .flatten(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_that_stands_next_to_its_neighbour_fits_better() {
        let c = Context::build(&[
            "עם מורד הגרדיינט",
            "לאורך מורד הגרדיינט, ושוב",
            "הוא מוריד את הלמידה",
        ]);
        let around = Neighbours {
            left: Some("עמ".into()),
            right: Some("הגרדיינט".into()),
        };
        assert!(c.fit("מורד", &around) > 2.0 * c.fit("מוריד", &around));
        assert_eq!(c.fit("מוריד", &around), 1.0);
    }

    #[test]
    fn a_full_stop_ends_the_phrase() {
        let c = Context::build(&["מורד. הגרדיינט"]);
        assert_eq!(c.pair("מורד", "הגרדיינט"), 0);
        let line = "עם מורד. הגרדיינט";
        let found = words(line);
        assert_eq!(
            neighbours(line, &found, 1),
            Neighbours {
                left: Some("עמ".into()),
                right: None
            }
        );
    }

    #[test]
    fn the_neighbour_agrees_with_the_ending() {
        // "אני" is followed by a first-person verb ("...תי") in the archive,
        // never by "ניהלתי" itself.
        let c = Context::build(&["אני כתבתי", "אני חשבתי", "אני קראתי", "היא ניהלת"]);
        let around = Neighbours {
            left: Some("אני".into()),
            right: None,
        };
        assert!(c.fit("ניהלתי", &around) > c.fit("ניהלת", &around));
    }
}
