//! The Hebrew word a damaged word most likely stood for: every spelling
//! its foreign letters may stand for (repair/sounds), also with a Hebrew
//! letter next to them dropped or doubled by the export, looked up in the
//! archive's vocabulary. Only a clear winner is returned: a wrong repair
//! puts words in the author's mouth, a missed one stays visible to `check`.

use super::script::{final_form, fold, is_foreign_in_hebrew, LETTERS};
use super::sounds;
use super::vocab::{Seen, Vocab};

/// More spellings than this means too many foreign letters to guess from.
const MAX_SPELLINGS: usize = 256;
/// How many of the likeliest spellings are also tried with an edit.
const MAX_EDITED_SPELLINGS: usize = 8;
/// A letter's first sound in the table is its usual one; the others, and
/// standing for nothing at all, are less likely.
const OTHER_SOUND_WEIGHT: f64 = 0.5;
const SILENT_WEIGHT: f64 = 0.3;
/// The same word in the same review counts this many times one elsewhere.
const LOCAL_WEIGHT: f64 = 4.0;
/// A foreign word standing alone is only read as a Hebrew word the archive
/// uses this often: rare sound-alikes ("כלם", "אתה") were wrong readings.
const MIN_ALONE_USES: u32 = 10;
/// The winner must be this many times as likely as the runner-up.
const MARGIN: f64 = 3.0;

/// One spelling: its letters, which of them stand for foreign ones, and
/// how likely the letters' sounds make it.
struct Spelling {
    letters: Vec<char>,
    swapped: Vec<bool>,
    weight: f64,
    /// Some foreign letter stands for nothing in it.
    silent: bool,
}

/// How strict the evidence must be.
#[derive(Clone, Copy, PartialEq)]
pub enum Kind {
    /// Hebrew and foreign letters in one word.
    Mixed,
    /// A foreign word alone in a Hebrew sentence: only an exact sound-alike
    /// that the archive uses often.
    Alone,
}

/// How a candidate was found in the vocabulary.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Evidence {
    /// Written so in the archive.
    Written,
    /// A known word behind clitic prefixes.
    BehindPrefix,
    /// Known once a dropped or doubled letter next to the damage is put right.
    Edited,
}

impl Evidence {
    fn weight(self) -> f64 {
        match self {
            Evidence::Written => 1.0,
            Evidence::BehindPrefix => 0.3,
            Evidence::Edited => 0.05,
        }
    }
}

/// The evidence for one candidate word.
struct Scored {
    weight: f64,
    folded: String,
    seen: Seen,
    evidence: Evidence,
}

/// The repaired word, or None when the evidence is not strong enough.
///
/// Candidates come in three kinds, each weighed down from the one before:
/// the spellings as they are, written in the archive; the same behind
/// clitic prefixes; then (mixed words only) with one dropped or doubled
/// letter put right, which also needs the word in the same review. The
/// winner must clearly beat every other candidate of any kind.
pub fn best(word: &str, review: Option<usize>, vocab: &Vocab, kind: Kind) -> Option<String> {
    let spellings = spellings(word)?;
    // A whole foreign word stands for a Hebrew one only letter for letter:
    // with silent letters, short words find look-alikes that mean something
    // else ("эта" is not "את").
    let plain = || {
        spellings
            .iter()
            .filter(move |s| kind == Kind::Mixed || !s.silent)
            .map(|s| (s.letters.clone(), s.weight))
    };
    let mut found = tier(plain(), review, vocab, Evidence::Written);
    if kind == Kind::Mixed {
        found.extend(tier(plain(), review, vocab, Evidence::BehindPrefix));
        // Edits of the likeliest spellings only: an edit on top of unlikely
        // sounds is too weak to win, and each spelling has dozens of edits.
        let mut likely: Vec<&Spelling> = spellings.iter().collect();
        likely.sort_by(|a, b| b.weight.total_cmp(&a.weight));
        likely.truncate(MAX_EDITED_SPELLINGS);
        let edits = likely
            .into_iter()
            .flat_map(|s| edits(s).into_iter().map(move |e| (e, s.weight)));
        found.extend(tier(edits, review, vocab, Evidence::Edited));
    }
    found.sort_by(|a, b| {
        b.weight
            .total_cmp(&a.weight)
            .then_with(|| a.folded.cmp(&b.folded))
    });
    // One word may be reached in several ways: only its best counts.
    let mut seen_words: Vec<String> = Vec::new();
    found.retain(|s| {
        let new = !seen_words.contains(&s.folded);
        if new {
            seen_words.push(s.folded.clone());
        }
        new
    });
    let winner = found.first()?;
    let runner_up = found.get(1).map_or(0.0, |s| s.weight);
    let seen = winner.seen;
    let strong = match (kind, winner.evidence) {
        (Kind::Alone, _) => seen.global >= MIN_ALONE_USES,
        (_, Evidence::Edited) => seen.local >= 2,
        _ => seen.global >= 2 || seen.local >= 1,
    };
    (strong && winner.weight >= MARGIN * runner_up).then(|| finalize(&winner.folded))
}

/// The candidates of one tier that the vocabulary knows, best first.
fn tier(
    candidates: impl Iterator<Item = (Vec<char>, f64)>,
    review: Option<usize>,
    vocab: &Vocab,
    evidence: Evidence,
) -> Vec<Scored> {
    let mut scored: Vec<Scored> = Vec::new();
    for (letters, sound) in candidates {
        if letters.len() < 2 {
            continue;
        }
        let folded = fold(&letters.iter().collect::<String>());
        let seen = match evidence {
            Evidence::BehindPrefix => vocab.seen_behind_prefix(&folded, review),
            _ => vocab.seen_as_written(&folded, review),
        };
        if seen.global == 0 {
            continue;
        }
        let weight = evidence.weight()
            * sound
            * (f64::from(seen.global) + LOCAL_WEIGHT * f64::from(seen.local));
        match scored.iter_mut().find(|s| s.folded == folded) {
            Some(entry) if entry.weight >= weight => {}
            Some(entry) => entry.weight = weight,
            None => scored.push(Scored {
                weight,
                folded,
                seen,
                evidence,
            }),
        }
    }
    scored.sort_by(|a, b| {
        b.weight
            .total_cmp(&a.weight)
            .then_with(|| a.folded.cmp(&b.folded))
    });
    scored
}

/// Every spelling of `word` with its foreign letters replaced by what they
/// may stand for; None when a letter's sound is unknown or there are too many.
fn spellings(word: &str) -> Option<Vec<Spelling>> {
    let mut out = vec![Spelling {
        letters: Vec::new(),
        swapped: Vec::new(),
        weight: 1.0,
        silent: false,
    }];
    for c in word.chars() {
        let foreign = is_foreign_in_hebrew(c);
        let options: Vec<(Vec<char>, f64)> = if foreign {
            sounds::options(c)?
                .iter()
                .enumerate()
                .map(|(i, o)| {
                    let weight = match (i, o.is_empty()) {
                        (0, _) => 1.0,
                        (_, true) => SILENT_WEIGHT,
                        _ => OTHER_SOUND_WEIGHT,
                    };
                    (o.chars().collect(), weight)
                })
                .collect()
        } else {
            vec![(vec![c], 1.0)]
        };
        if out.len() * options.len() > MAX_SPELLINGS {
            return None;
        }
        let mut next = Vec::with_capacity(out.len() * options.len());
        for s in &out {
            for (o, weight) in &options {
                let mut letters = s.letters.clone();
                let mut swapped = s.swapped.clone();
                letters.extend(o);
                swapped.extend(std::iter::repeat_n(foreign, o.len()));
                if o.is_empty() && foreign {
                    // A letter that stood for nothing still marks where the
                    // damage was, for the edits next to it.
                    if let Some(last) = swapped.last_mut() {
                        *last = true;
                    }
                }
                next.push(Spelling {
                    letters,
                    swapped,
                    weight: s.weight * weight,
                    silent: s.silent || (foreign && o.is_empty()),
                });
            }
        }
        out = next;
    }
    Some(out)
}

/// A Hebrew letter dropped next to a swapped one ("כמוון" for "כמובן"), or
/// doubled there: one letter inserted at, or one twin removed from, each edge
/// of a run of swapped letters.
fn edits(s: &Spelling) -> Vec<Vec<char>> {
    let n = s.letters.len();
    let mut edges: Vec<usize> = Vec::new();
    for i in 0..=n {
        let before = i > 0 && s.swapped[i - 1];
        let after = i < n && s.swapped[i];
        if before != after || (before && i == n) || (after && i == 0) {
            edges.push(i);
        }
    }
    edges.dedup();
    let mut out = Vec::new();
    for &i in &edges {
        for letter in LETTERS {
            let mut v = s.letters.clone();
            v.insert(i, letter);
            out.push(v);
        }
        // A twin across the edge: remove one of the two.
        if i > 0 && i < n && s.letters[i - 1] == s.letters[i] {
            let mut v = s.letters.clone();
            v.remove(i);
            out.push(v);
        }
    }
    out
}

/// Final letter forms where Hebrew writes them.
fn finalize(folded: &str) -> String {
    let mut letters: Vec<char> = folded.chars().collect();
    if let Some(last) = letters.last_mut() {
        *last = final_form(*last);
    }
    letters.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab(text: &str) -> Vocab {
        let lines: Vec<&str> = text.lines().collect();
        Vocab::build(&lines, &[(1, lines.len())])
    }

    #[test]
    fn sound_alike_letter_is_restored_from_the_vocabulary() {
        let v = vocab("אנחנו רוצים להעשיר את הטקסט ולהעשיר אותו");
        assert_eq!(
            best("להעшир", Some(0), &v, Kind::Mixed).as_deref(),
            Some("להעשיר")
        );
    }

    #[test]
    fn dropped_letter_next_to_the_damage_is_put_back() {
        let v = vocab("דרך פשוטה ודרך פשוטה יותר");
        assert_eq!(
            best("פешטה", Some(0), &v, Kind::Mixed).as_deref(),
            Some("פשוטה")
        );
        // Known only elsewhere in the archive is not enough for an edit.
        assert_eq!(best("פешטה", None, &v, Kind::Mixed), None);
    }

    #[test]
    fn clitic_prefix_in_front_of_a_known_word() {
        let v = vocab("מגירה אחת ועוד מגירה");
        assert_eq!(
            best("ב망ירה", Some(0), &v, Kind::Mixed).as_deref(),
            Some("במגירה")
        );
    }

    #[test]
    fn a_foreign_word_alone_is_read_letter_for_letter_and_only_as_a_common_word() {
        let common = "אז את ".repeat(12);
        let v = vocab(&format!("{common} עקב עקב"));
        assert_eq!(best("از", Some(0), &v, Kind::Alone).as_deref(), Some("אז"));
        // "эта" would be "את" only with its а silent.
        assert_eq!(best("эта", Some(0), &v, Kind::Alone), None);
        // "עקב" twice is too rare to read a whole foreign word as.
        assert_eq!(best("عقب", Some(0), &v, Kind::Alone), None);
    }

    #[test]
    fn unknown_word_or_a_close_call_stays_as_it_is() {
        let v = vocab("שלום עולם");
        assert_eq!(best("להעшир", Some(0), &v, Kind::Mixed), None);
        // Chinese characters have no sound to go by.
        assert_eq!(best("ו視频ה", Some(0), &v, Kind::Mixed), None);
    }
}
