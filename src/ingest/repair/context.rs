//! How well a word fits between its neighbours, learned from the archive's
//! own undamaged Hebrew: counts of pairs of words that stand next to each
//! other in a sentence. Sounds and word frequencies often leave two common
//! words ("מורד" and "מוריד"), and only the sentence tells them apart
//! ("מורד הגרדיינט").

use super::script::{fold, fold_final, is_hebrew, is_hebrew_letter, is_inner_mark};
use super::words::words;
use rustc_hash::FxHashMap;

/// How many more uses than chance a pair needs to double a candidate's
/// weight: a pair seen once, of words too rare to meet by chance, doubles
/// it; a pair of common words needs to be seen well above chance.
const CHANCE_SLACK: f64 = 1.0;
const ENDING_WEIGHT: f64 = 0.5;

#[derive(Default)]
pub struct Context {
    /// Each folded word, and each ending (`ending`), by number.
    ids: FxHashMap<String, u32>,
    /// (left, right) -> how often the two stand next to each other.
    pairs: FxHashMap<(u32, u32), u32>,
    /// By number: how often each stands left (first) and right (second) of
    /// a pair.
    as_left: Vec<u32>,
    as_right: Vec<u32>,
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
        // Words are numbered, and folded into one buffer, so the archive's
        // 100,000 pairs cost no allocation each (ingest runs this always).
        let mut folded = String::new();
        for line in lines {
            let found = words(line);
            let mut previous: Option<u32> = None;
            for (k, &w) in found.iter().enumerate() {
                let joined = k > 0 && same_sentence(line, found[k - 1], w);
                if !is_plain_hebrew(w.1) {
                    previous = None;
                    continue;
                }
                folded.clear();
                folded.extend(w.1.chars().map(fold_final));
                let word = context.intern(&folded);
                if let (Some(left), true) = (previous, joined) {
                    let end = context.intern(&ending(&folded));
                    *context.pairs.entry((left, end)).or_default() += 1;
                    *context.pairs.entry((left, word)).or_default() += 1;
                    context.as_right[end as usize] += 1;
                    context.as_right[word as usize] += 1;
                    context.as_left[left as usize] += 1;
                    context.total += 1;
                }
                previous = Some(word);
            }
        }
        context
    }

    fn intern(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = self.ids.len() as u32;
        self.ids.insert(word.to_string(), id);
        self.as_left.push(0);
        self.as_right.push(0);
        id
    }

    /// How much the neighbours make `folded` likelier: 1 when they say
    /// nothing, more for each neighbour it stands next to more often than
    /// chance would have it.
    pub fn fit(&self, folded: &str, around: &Neighbours) -> f64 {
        let word = self.id(folded);
        let end = self.id(&ending(folded));
        let mut fit = 1.0;
        if let Some(left) = around.left.as_deref().and_then(|w| self.id(w)) {
            let uses = self.as_left[left as usize];
            if let Some(word) = word {
                fit *= self.boost((left, word), self.as_right[word as usize], uses);
            }
            if let Some(end) = end {
                let boost = self.boost((left, end), self.as_right[end as usize], uses);
                fit *= boost.powf(ENDING_WEIGHT);
            }
        }
        if let (Some(right), Some(word)) = (around.right.as_deref().and_then(|w| self.id(w)), word)
        {
            let uses = self.as_right[right as usize];
            fit *= self.boost((word, right), self.as_left[word as usize], uses);
        }
        fit
    }

    /// How often `left right` stand next to each other in the archive.
    pub fn pair(&self, left: &str, right: &str) -> u32 {
        match (self.id(left), self.id(right)) {
            (Some(l), Some(r)) => self.seen(l, r),
            _ => 0,
        }
    }

    fn id(&self, word: &str) -> Option<u32> {
        self.ids.get(word).copied()
    }

    fn seen(&self, left: u32, right: u32) -> u32 {
        self.pairs.get(&(left, right)).copied().unwrap_or(0)
    }

    /// 1 + seen / (chance + slack) for `pair`, where `uses` counts the
    /// candidate's pairs on the neighbour's side and `neighbour_uses` the
    /// neighbour's on the candidate's.
    fn boost(&self, pair: (u32, u32), uses: u32, neighbour_uses: u32) -> f64 {
        let seen = self.seen(pair.0, pair.1);
        if seen == 0 || self.total == 0 {
            return 1.0;
        }
        // Expected pairs if the candidate's neighbours were drawn at random.
        let share = f64::from(neighbour_uses) / f64::from(self.total);
        let chance = f64::from(uses) * share;
        1.0 + f64::from(seen) / (chance + CHANCE_SLACK)
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
