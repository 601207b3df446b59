//! Repairing the export's damage before the archive is parsed: Hebrew
//! letters the export swapped for sound-alike letters of other scripts
//! ("להעшир" for "להעשיר", "מテקסט" for "מטקסט") and Hebrew words swapped
//! for a foreign sound-alike standing alone ("از" for "אז").
//!
//! Precision first: a word is changed only when the evidence for one Hebrew
//! word is clear (`candidates`): the archive's own words (`vocab`), most of
//! all in the same review, a Hebrew word list with frequencies
//! (`wordlist`), and how well the word fits its neighbours (`context`);
//! everything else is left for the author, and `check` lists it. The same
//! damaged word repeated is repaired alike (`repeats`). Every change is a
//! `Repair` recorded in the ingest manifest, and `undo` gives back the
//! archive byte for byte. Math, code and URLs are never touched (`words`).

pub mod candidates;
pub mod context;
pub mod meanings;
pub mod repeats;
pub mod script;
pub mod sounds;
pub mod undo;
pub mod vocab;
pub mod wordlist;
pub mod words;

use candidates::{Kind, Known, Place};
use context::Context;
use script::{is_foreign, is_foreign_in_hebrew, is_hebrew, is_hebrew_letter, is_latin};
use serde::{Deserialize, Serialize};
use vocab::Vocab;

/// One word ingest changed: where in the archive, and what it was and became.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Repair {
    /// The archive's file name.
    pub file: String,
    /// 1-based line of the archive.
    pub line: usize,
    /// 1-based column, in characters, where the word starts.
    pub column: usize,
    pub before: String,
    pub after: String,
}

pub struct Repaired {
    pub text: String,
    pub repairs: Vec<Repair>,
}

/// What kind of damage a word shows, if any.
pub fn damage(word: &str) -> Option<Kind> {
    let (mut hebrew, mut foreign, mut greek, mut latin) = (false, false, false, false);
    for c in word.chars() {
        hebrew |= is_hebrew_letter(c);
        foreign |= is_foreign(c);
        greek |= is_foreign_in_hebrew(c) && !is_foreign(c);
        latin |= is_latin(c);
    }
    match (hebrew, foreign || greek, latin) {
        (true, true, false) => Some(Kind::Mixed),
        (false, true, false) if !greek => Some(Kind::Alone),
        _ => None,
    }
}

fn is_hebrew_word(word: &str) -> bool {
    word.chars().all(is_hebrew) && word.chars().any(is_hebrew_letter)
}

/// Repair `text` (the whole archive); `reviews` are the 1-based inclusive
/// line ranges of its reviews, for the same-review evidence.
pub fn repair(file: &str, text: &str, reviews: &[(usize, usize)]) -> Repaired {
    let lines: Vec<&str> = text.split('\n').collect();
    let known = Known {
        vocab: Vocab::build(&lines, reviews),
        context: Context::build(&lines),
    };
    let mut damaged = find(&lines, reviews);
    for d in &mut damaged {
        match candidates::decide(d.word, &d.place, &known, d.kind) {
            candidates::Decision::Repair(word) => d.after = Some(word),
            candidates::Decision::Held => d.held = true,
            // A foreign word alone that no sound reaches may still be a
            // Hebrew word's translation.
            candidates::Decision::Undecided if d.kind == Kind::Alone => {
                d.after = meanings::translate(d.word, &known.vocab);
            }
            candidates::Decision::Undecided => {}
        }
    }
    repeats::spread(&mut damaged);
    apply(file, &lines, &damaged)
}

/// One damaged word of the archive, and what repair makes of it.
pub struct Damaged<'a> {
    /// 1-based line, and byte offset in it.
    pub line: usize,
    pub at: usize,
    pub word: &'a str,
    pub kind: Kind,
    pub place: Place,
    pub after: Option<String>,
    /// Left alone on purpose (`candidates::Decision::Held`): no repeat of
    /// the word fills it in.
    pub held: bool,
}

/// Every damaged word of the archive, in order.
fn find<'a>(lines: &[&'a str], reviews: &[(usize, usize)]) -> Vec<Damaged<'a>> {
    let review_of = |n: usize| reviews.iter().position(|&(s, e)| (s..=e).contains(&n));
    let mut damaged = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let found = words::words(line);
        for (k, at, word, kind) in damaged_in(&found) {
            let place = Place {
                review: review_of(i + 1),
                around: context::neighbours(line, &found, k),
            };
            damaged.push(Damaged {
                line: i + 1,
                at,
                word,
                kind,
                place,
                after: None,
                held: false,
            });
        }
    }
    damaged
}

/// The text with every decided repair put in, and the repairs made.
fn apply(file: &str, lines: &[&str], damaged: &[Damaged]) -> Repaired {
    let mut out = String::with_capacity(lines.iter().map(|l| l.len() + 1).sum());
    let mut repairs = Vec::new();
    let mut next = damaged.iter().filter(|d| d.after.is_some()).peekable();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut from = 0;
        while let Some(d) = next.next_if(|d| d.line == i + 1) {
            let Some(after) = &d.after else { continue };
            out.push_str(&line[from..d.at]);
            out.push_str(after);
            from = d.at + d.word.len();
            repairs.push(Repair {
                file: file.to_string(),
                line: d.line,
                column: line[..d.at].chars().count() + 1,
                before: d.word.to_string(),
                after: after.clone(),
            });
        }
        out.push_str(&line[from..]);
    }
    Repaired { text: out, repairs }
}

/// The damaged words among `found` (a line's words, as `words::words`
/// gives them): each one's place among them, its byte offset in the line,
/// the word and its kind. Also how examples/list_damaged.rs lists the
/// archive's damaged words for sampling hand-checked batches.
pub fn damaged_in<'a, 'f>(
    found: &'f [(usize, &'a str)],
) -> impl Iterator<Item = (usize, usize, &'a str, Kind)> + 'f {
    found.iter().enumerate().filter_map(|(k, &(at, word))| {
        let kind = damage(word)?;
        (kind == Kind::Mixed || alone_in_hebrew(found, k)).then_some((k, at, word, kind))
    })
}

/// A foreign word standing alone inside Hebrew: the line is mostly Hebrew
/// words and neither neighbour is another foreign word (a foreign phrase,
/// like a Russian quotation, is not damage to guess at).
fn alone_in_hebrew(found: &[(usize, &str)], k: usize) -> bool {
    let hebrew = found.iter().filter(|w| is_hebrew_word(w.1)).count();
    let before = k.checked_sub(1).and_then(|j| found.get(j));
    let after = found.get(k + 1);
    let foreign_neighbour = before
        .into_iter()
        .chain(after)
        .any(|w| damage(w.1) == Some(Kind::Alone));
    hebrew * 2 > found.len() && !foreign_neighbour
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "אז המאמר, אז זה, אז ההוא, אז כך, אז כן, אז לא, אז מה, אז מי, אז אז אז.\n\
                        ועכשיו להעשיר ולהעשיר.\n\
                        از המאמר הזה רוצה להעшир את $\\alpha_ш$ ואת `код` ו-LLMים.\n";

    #[test]
    fn damaged_words_are_repaired_and_recorded() {
        let r = repair("a.txt", TEXT, &[(1, 3)]);
        assert_eq!(
            r.text.lines().nth(2),
            Some("אז המאמר הזה רוצה להעשיר את $\\alpha_ш$ ואת `код` ו-LLMים.")
        );
        assert_eq!(r.repairs.len(), 2);
        assert_eq!(
            r.repairs[1],
            Repair {
                file: "a.txt".into(),
                line: 3,
                column: 19,
                before: "להעшир".into(),
                after: "להעשיר".into()
            }
        );
    }

    #[test]
    fn undoing_the_repairs_gives_back_the_text() {
        let r = repair("a.txt", TEXT, &[(1, 3)]);
        assert_eq!(undo::undo(&r.text, &r.repairs).unwrap(), TEXT);
    }

    #[test]
    fn legitimate_foreign_text_is_never_changed() {
        // The vocabulary knows the Hebrew sound-alikes of every word below.
        let vocab_line = "אז זה לכן אלפא בטא שום מה הוא אז זה לכן אלפא בטא";
        for line in [
            "המקדם α גדל ו-β קטן, וגם $\\mathbb{E}_{x}[\\log p]$ ו-$$\\sum_i w_i$$.",
            "the model is called Mamba and it works, GPT-4o ו-LLaMA.",
            "ראו <https://ru.wikipedia.org/wiki/Алгоритм> וגם https://x.com/למה_שלום.",
            "הפונקציה `def аз(): return 'שלום'` רצה ו-```кот``` גם.",
            "הוא אמר (то что для этого нужно знать) ואז הלך.",
            "המודל Qwen2.5 ו-DeepSeek-R1 (ja: 日本語) ו-Łukasz Kaiser.",
        ] {
            let text = format!("{vocab_line}\n{vocab_line}\n{line}\n");
            let r = repair("a.txt", &text, &[(1, 3)]);
            assert!(r.repairs.is_empty(), "{line}: {:?}", r.repairs);
            assert_eq!(r.text, text);
        }
    }

    #[test]
    fn greek_inside_a_hebrew_word_is_damage() {
        let r = repair("a.txt", "כלומר זה כלומר.\nכλומר זה.\n", &[(1, 2)]);
        assert_eq!(r.text, "כלומר זה כלומר.\nכלומר זה.\n");
    }

    #[test]
    fn a_foreign_word_alone_that_no_sound_reaches_is_read_by_its_meaning() {
        let text = "ניתוח עמוק ומודל עמוק ולימוד עמוק.\nהמאמר מציג ניתוח عميق של השכבה الأخيرة.\n";
        let r = repair("a.txt", text, &[(1, 2)]);
        assert_eq!(
            r.text.lines().nth(1),
            Some("המאמר מציג ניתוח עמוק של השכבה האחרונה.")
        );
        // Inside a foreign phrase, or inside a word, a meaning is no evidence.
        let phrase = "ניתוח עמוק ומודל עמוק ולימוד עמוק.\nהוא אמר (это очень) ואז.\nניתוח عميقך.\n";
        let r = repair("a.txt", phrase, &[(1, 3)]);
        assert!(r.repairs.is_empty(), "{:?}", r.repairs);
    }

    #[test]
    fn a_foreign_phrase_is_not_a_word_alone() {
        let text = "אז אז אז זה.\nהוא אמר (то что для) ואז.\n";
        let r = repair("a.txt", text, &[(1, 2)]);
        assert!(r.repairs.is_empty(), "{:?}", r.repairs);
    }
}
