//! The Hebrew word a damaged word most likely stood for: every spelling
//! its foreign letters may stand for (repair/sounds), also with a vowel
//! letter the abjad left out put back, or a Hebrew letter next to the
//! damage that the export dropped or doubled, weighed by how often the
//! author writes it in the archive and how common a Hebrew word it is
//! (repair/wordlist). Only a clear winner is returned: a wrong repair puts
//! words in the author's mouth, a missed one stays visible to `check`.

use super::context::{Context, Neighbours};
use super::script::{final_form, fold, fold_final, is_foreign_in_hebrew, LETTERS};
use super::sounds;
use super::vocab::{Seen, Vocab};
use super::wordlist;
use crate::words::hebrew::{prefix_cuts, MIN_STEM};

/// More spellings than this means too many foreign letters to guess from.
const MAX_SPELLINGS: usize = 256;
/// How many of the likeliest spellings are also tried with an edit.
const MAX_EDITED_SPELLINGS: usize = 8;
/// A letter's first sound in the table is its usual one; the others, and
/// standing for nothing at all, are less likely.
const OTHER_SOUND_WEIGHT: f64 = 0.5;
const SILENT_WEIGHT: f64 = 0.3;
/// An Arabic letter read as the other of two Hebrew twins (ط as ת, ق as
/// כ): Arabic has a letter for each, so the export's choice says which;
/// the other is less likely than an unusual sound, too unlikely for a
/// listed word the archive never writes (`MIN_LISTED_SOUND`): "מشرط" is
/// not "משרת".
const OTHER_TWIN_WEIGHT: f64 = 0.3;
/// The same word in the same review counts this many times one elsewhere.
const LOCAL_WEIGHT: f64 = 4.0;
/// A word behind clitic prefixes counts this much of the word itself.
const PREFIX_WEIGHT: f64 = 0.3;
/// How much a prefixed reading counts when the word list knows its stem
/// but not the prefixed form: a rare combination ("להעבר", "to the past").
const RARE_PREFIXED: f64 = 0.2;
/// A word of the word list at this Zipf frequency counts as much as
/// `LIST_WEIGHT` occurrences in the archive (which holds about 110,000
/// Hebrew words, so Zipf 4 is about once in it).
const ZIPF_ONE: f64 = 4.0;
const LIST_WEIGHT: f64 = 10.0;
/// An archive word the word list does not hold, written this rarely, may be
/// the export's damage itself ("כמוון"): not enough on its own.
const MIN_UNLISTED_USES: u32 = 3;
/// A word the archive never writes is put in when the word list knows it at
/// least this well, and the foreign letters' sounds give it with at most
/// one unusual sound and none silent (`MIN_LISTED_SOUND`).
const MIN_LIST_ZIPF: f64 = 3.0;
const MIN_LISTED_SOUND: f64 = OTHER_SOUND_WEIGHT;
/// A word reached with a vowel put back needs the list to know it this
/// well, or the archive to use it often (`MIN_VOWEL_USES`), or the same
/// review to hold it twice.
const MIN_VOWEL_ZIPF: f64 = 4.0;
const MIN_VOWEL_USES: u32 = 20;
/// A foreign word standing alone is only read as a Hebrew word the archive
/// uses this often: rare sound-alikes ("כלם", "אתה") were wrong readings.
/// The word list is no evidence for it: it made "كلم" "כלם" again.
const MIN_ALONE_USES: u32 = 10;
/// Or one of the commonest Hebrew words (a function word like "לכן"),
/// which the archive writes at least `MIN_UNLISTED_USES` times, read
/// letter for letter by the usual sounds, no final vowel written ה ("эта"
/// is not "אתה").
const MIN_ALONE_ZIPF: f64 = 5.0;
/// A spelling that differs from the winner by one א is the author's other
/// spelling of the same word ("דאטה", "דטה") when the archive writes it
/// this often.
const MIN_VARIANT_USES: u32 = 3;
/// The review settles which spelling when it writes one of them this often
/// and the others never (as damaged.tsv's labels were settled).
const MIN_REVIEW_SPELLING: u32 = 3;
/// A reading this short is no evidence when a foreign letter in it stands
/// for nothing.
const MAX_SHORT_LETTERS: usize = 2;
/// Or this many times, when the winner reads every foreign letter by its
/// usual sound, letter for letter, and the runner-up needs a letter put in
/// or taken out ("ממדי" over "מדי").
const EDIT_MARGIN: f64 = 1.5;
/// Or this many times, when the runner-up is the one reading with a vowel
/// letter put back inside the word (`written_against_inner_vowel`).
const VOWEL_MARGIN: f64 = 2.0;
/// None at all (it need only be the likelier) when the winner is also the
/// author's own word, written at least `MIN_UNLISTED_USES` times: the
/// letters and the author both point at it ("הקربה" is "הקרבה", written
/// three times, not the commoner "הקרובה").
const AUTHORS_VOWEL_MARGIN: f64 = 1.0;
/// An archive word the list does not hold is a slip for one a letter longer
/// that the archive writes this many times as often (`slip`).
const SLIP_RATIO: u32 = 10;
/// How often the archive writes a word for a dropped or doubled letter put
/// back to make it with no help from the review (`common_edit`).
const MIN_COMMON_EDIT_USES: u32 = 20;
/// The winner must be this many times as likely as the runner-up.
const MARGIN: f64 = 3.0;
/// Or this many times, when the winner reads the foreign letters by
/// likelier sounds than the runner-up, also a spelling as written, which
/// takes more unusual sounds or a letter standing for nothing ("אחרி":
/// "אחרי", not "אחר"): the letters themselves point at the winner.
const LETTERS_MARGIN: f64 = 2.0;
/// A spelling the list holds, ten times as likely as the next reading, is
/// put in even when not known well enough otherwise; with no other reading
/// at all it is not (the one word the sounds reach is often not the meant
/// one: "נמדוד" for "נמדד").
const CLEAR_MARGIN: f64 = 10.0;

/// Where the damaged word stands: its review, and its neighbours.
#[derive(Debug, Clone, Default)]
pub struct Place {
    pub review: Option<usize>,
    pub around: Neighbours,
}

/// What the archive teaches: its words, and which words stand together.
pub struct Known {
    pub vocab: Vocab,
    pub context: Context,
}

/// One spelling: its letters, which of them stand for foreign ones, and
/// how likely the letters' sounds make it.
struct Spelling {
    letters: Vec<char>,
    swapped: Vec<bool>,
    weight: f64,
    /// Some foreign letter stands for nothing in it.
    silent: bool,
    /// Some foreign letter is read by Hebrew spelling, not by its sound:
    /// standing for nothing, or a final vowel written ה.
    by_spelling: bool,
}

/// What repair makes of a damaged word.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    /// Put this word in.
    Repair(String),
    /// The evidence is not strong enough; the same damaged word repaired
    /// elsewhere may still lend its repair (`repeats`).
    Undecided,
    /// Left alone on purpose: the word is clear but its spelling is not
    /// (`review_spelling`), so no repeat fills it in either.
    Held,
}

impl Decision {
    pub fn repaired(self) -> Option<String> {
        match self {
            Decision::Repair(word) => Some(word),
            _ => None,
        }
    }
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

/// How a candidate was reached from the damaged word's spellings.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Evidence {
    /// One of the spellings itself.
    Written,
    /// A spelling with a vowel letter the abjad left out put back next to
    /// the damage ("להعبر" for "להעביר").
    Vowel,
    /// A spelling with a ו next to the damage read as ב, which sounds the
    /// same ("v"): the export wrote the sound ("כМОון" for "כמובן").
    Sound,
    /// A spelling with a dropped or doubled letter next to the damage put
    /// right ("כМОן" for "כמובן").
    Edited,
}

impl Evidence {
    fn weight(self) -> f64 {
        match self {
            Evidence::Written => 1.0,
            Evidence::Vowel | Evidence::Sound => 0.3,
            Evidence::Edited => 0.05,
        }
    }
}

/// The evidence for one candidate word.
struct Scored {
    weight: f64,
    folded: String,
    /// Strong enough evidence on its own to put the word in.
    sure: bool,
    /// In the word list, as one of the spellings (for `CLEAR_MARGIN`).
    clear: bool,
    evidence: Evidence,
    /// How likely the foreign letters' sounds make it (1: all usual).
    sound: f64,
    /// Some foreign letter is read by Hebrew spelling, not by its sound
    /// (`Spelling::by_spelling`).
    by_spelling: bool,
}

impl Scored {
    /// A spelling as written that reads every foreign letter by its usual
    /// sound.
    fn written_as_sounded(&self) -> bool {
        self.evidence == Evidence::Written && self.sound >= 1.0
    }

    /// A spelling as written that reads some foreign letter by an unusual
    /// sound (not as Hebrew spelling: silent, or a final vowel written ה).
    fn written_by_unusual_sound(&self) -> bool {
        self.evidence == Evidence::Written && self.sound < 1.0 && !self.by_spelling
    }
}

/// The repaired word, or None when the evidence is not strong enough.
///
/// Candidates are the spellings the foreign letters' sounds give, then
/// (mixed words only) those spellings with a vowel letter put back, then
/// with a dropped or doubled letter put right, each kind weighed down from
/// the one before. Each is weighed by how often the author writes it in the
/// archive (most in the same review), as written or behind clitic prefixes,
/// and by its frequency in a Hebrew word list. The winner must clearly beat
/// every other candidate, and be known well enough on its own.
pub fn best(word: &str, place: &Place, known_words: &Known, kind: Kind) -> Option<String> {
    decide(word, place, known_words, kind).repaired()
}

/// `best`, telling a word left alone on purpose (`Decision::Held`) from one
/// the evidence did not decide.
pub fn decide(word: &str, place: &Place, known_words: &Known, kind: Kind) -> Decision {
    let (review, vocab) = (place.review, &known_words.vocab);
    let Some(spellings) = spellings(word) else {
        return Decision::Undecided;
    };
    // A whole foreign word stands for a Hebrew one only letter for letter:
    // with silent letters, short words find look-alikes that mean something
    // else ("эта" is not "את").
    let plain = spellings
        .iter()
        .filter(|s| kind == Kind::Mixed || !s.silent)
        .map(|s| (s.letters.clone(), s.weight, s.by_spelling));
    let mut found = tier(plain, review, vocab, kind, Evidence::Written);
    if kind == Kind::Mixed {
        // Edits of the likeliest spellings only: an edit on top of unlikely
        // sounds is too weak to win, and each spelling has dozens of edits.
        let mut likely: Vec<&Spelling> = spellings.iter().collect();
        likely.sort_by(|a, b| b.weight.total_cmp(&a.weight));
        likely.truncate(MAX_EDITED_SPELLINGS);
        let (mut vowels, mut others) = (Vec::new(), Vec::new());
        let mut sounds = Vec::new();
        for s in likely {
            let (v, o) = edits(s);
            vowels.extend(v.into_iter().map(|e| (e, s.weight, s.by_spelling)));
            others.extend(o.into_iter().map(|e| (e, s.weight, s.by_spelling)));
            let v_as_b = v_read_as_b(s);
            sounds.extend(v_as_b.into_iter().map(|e| (e, s.weight, s.by_spelling)));
        }
        found.extend(tier(
            vowels.into_iter(),
            review,
            vocab,
            kind,
            Evidence::Vowel,
        ));
        found.extend(tier(
            sounds.into_iter(),
            review,
            vocab,
            kind,
            Evidence::Sound,
        ));
        found.extend(tier(
            others.into_iter(),
            review,
            vocab,
            kind,
            Evidence::Edited,
        ));
    }
    // The sentence weighs in: a candidate that stands with its neighbours
    // elsewhere in the archive is likelier.
    for s in &mut found {
        s.weight *= known_words.context.fit(&s.folded, &place.around);
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
    // A vowel letter put back that makes a word known only behind clitic
    // prefixes ("שמדומה": "דומה") is no rival to a listed word the letters
    // spell by their usual sounds, the author's or known well enough,
    // at least half as likely ("שمدמה" is "שמדמה").
    let spelled = found
        .iter()
        .filter(|s| s.written_as_sounded() && s.clear && s.sure)
        .map(|s| s.weight)
        .fold(0.0, f64::max);
    found.retain(|s| {
        !(s.evidence == Evidence::Vowel
            && s.weight <= VOWEL_MARGIN * spelled
            && wordlist::zipf(&s.folded).is_none()
            && vocab.seen_as_written(&s.folded, None).global == 0)
    });
    let Some(winner) = found.first() else {
        return Decision::Undecided;
    };
    // Two words the letters may spell, both well known: the one that reads
    // every foreign letter by its usual sound is meant, however much more
    // common the other is ("שמষפר" is "שמשפר", not "שמספר"; "וモבנה" is
    // "ומובנה", not "ומבנה"): the export chose each letter by its sound.
    if let Some(closer) = found[1..].iter().find(|s| spelled_closer(s, winner, vocab)) {
        return review_spelling(closer, &found, review, vocab);
    }
    // The author's other spellings of the winning word are not rivals:
    // which spelling to put in is `review_spelling`'s to say.
    let rival = |s: &&Scored| !is_variant(winner, s, vocab);
    let runner = found[1..].iter().find(rival);
    let runner_up = runner.map_or(0.0, |s| s.weight);
    let margin = match runner {
        Some(r) if read_closer(winner, r) => LETTERS_MARGIN,
        Some(r) if written_against_edit(winner, r) => EDIT_MARGIN,
        Some(r) if authors_vowel_against_unwritten(winner, r, vocab) => AUTHORS_VOWEL_MARGIN,
        Some(r) if written_against_inner_vowel(winner, r, &found) => {
            if vocab.seen_as_written(&winner.folded, None).global >= MIN_UNLISTED_USES {
                AUTHORS_VOWEL_MARGIN
            } else {
                VOWEL_MARGIN
            }
        }
        _ => MARGIN,
    };
    // Readings with a letter put in or taken out, each at most a tenth of
    // the winner, do not make it any less the only reading; nor, against a
    // listed word read letter for letter by the usual sounds, does one with
    // a letter put back that only a rare archive word supports
    // (`rare_slip`: "דليلים" is "דלילים", though the archive writes
    // "דילילים" once).
    let unedited_runner_up = found[1..]
        .iter()
        .filter(rival)
        .filter(|s| {
            !(winner.written_as_sounded()
                && winner.clear
                && s.evidence != Evidence::Written
                && rare_slip(&s.folded, review, vocab))
        })
        .find(|s| s.evidence != Evidence::Edited || s.weight * CLEAR_MARGIN > winner.weight)
        .map_or(0.0, |s| s.weight);
    let clear = winner.clear && runner_up > 0.0 && winner.weight >= CLEAR_MARGIN * runner_up;
    let sure = winner.sure && winner.weight >= margin * runner_up;
    let decided = sure
        || clear
        || common_edit(winner, runner_up, review, vocab)
        || only_reading(winner, unedited_runner_up, kind, review, vocab);
    // A word of two letters read with a foreign letter standing for nothing
    // (or for a final vowel): short words find look-alikes that mean
    // something else ("סマー" is not "סם", "שマー" not "שם"), as a whole
    // foreign word does ("эта" is not "את").
    let too_short = winner.by_spelling && winner.folded.chars().count() <= MAX_SHORT_LETTERS;
    if let Some(longer) = cut_short_word(winner, &spellings, vocab) {
        return Decision::Repair(finalize(&longer));
    }
    if let [shorter] = vowel_added(winner, &spellings, vocab).as_slice() {
        return Decision::Repair(finalize(shorter));
    }
    if !decided
        || too_short
        || other_vowel(winner, &found)
        || cut_short(winner, &spellings, vocab)
        || !vowel_added(winner, &spellings, vocab).is_empty()
        || slip(winner, vocab)
    {
        return Decision::Undecided;
    }
    review_spelling(winner, &found, review, vocab)
}

/// Whether `other` is the author's other spelling of `winner`, which the
/// letters do not tell apart: one א apart, the archive writing it too, and
/// `winner` read with a foreign letter standing for nothing or a final
/// vowel written ה, which is Hebrew spelling, not the letter's sound (where
/// every foreign letter is read by its sound, the letters decide: "דاطה"
/// is "דאטה").
fn is_variant(winner: &Scored, other: &Scored, vocab: &Vocab) -> bool {
    winner.by_spelling
        && one_alef_apart(&winner.folded, &other.folded)
        && vocab.seen_as_written(&other.folded, None).global >= MIN_VARIANT_USES
}

/// Which of the author's spellings of the winning word to put in, when the
/// letters do not say (`is_variant`): the export wrote "data" as "דатаה"
/// whether the author wrote "דאטה" or "דטה", and the author writes both.
/// The review decides: the one spelling of them it writes (also behind
/// clitic prefixes), at least `MIN_REVIEW_SPELLING` times; if it writes
/// several, or too rarely, none (`Decision::Held`).
fn review_spelling(
    winner: &Scored,
    found: &[Scored],
    review: Option<usize>,
    vocab: &Vocab,
) -> Decision {
    let variants: Vec<&Scored> = found[1..]
        .iter()
        .filter(|s| is_variant(winner, s, vocab))
        .collect();
    if variants.is_empty() {
        return Decision::Repair(finalize(&winner.folded));
    }
    let uses: Vec<(&Scored, u32)> = std::iter::once(winner)
        .chain(variants)
        .map(|s| (s, vocab.spelled_in_review(&s.folded, review)))
        .filter(|&(_, n)| n > 0)
        .collect();
    match uses.as_slice() {
        [(only, n)] if *n >= MIN_REVIEW_SPELLING => Decision::Repair(finalize(&only.folded)),
        _ => Decision::Held,
    }
}

/// Whether `a` and `b` are the same letters but for one א.
fn one_alef_apart(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() < b.len() { (a, b) } else { (b, a) };
    long.len() == short.len() + 1
        && (0..long.len())
            .any(|i| long[i] == 'א' && long[..i] == short[..i] && long[i + 1..] == short[i..])
}

/// Whether `closer`, a spelling as written with every foreign letter read
/// by its usual sound and known well enough on its own, is a word other
/// than `winner`, a spelling as written that reads some foreign letter by
/// an unusual sound (not as silent, nor as a final vowel: those are
/// Hebrew spelling, and the author's other spellings are `is_variant`'s).
fn spelled_closer(closer: &Scored, winner: &Scored, vocab: &Vocab) -> bool {
    winner.written_by_unusual_sound()
        && closer.written_as_sounded()
        && closer.sure
        && !is_variant(winner, closer, vocab)
}

/// The word the export cut short (`cut_short`), when there is one only: the
/// letters by their usual sounds are no word the archive or the list knows,
/// and with one more letter at the end they are one word the archive writes
/// at least `MIN_COMMON_EDIT_USES` times ("בහינת" is "בהינתן").
fn cut_short_word(winner: &Scored, spellings: &[Spelling], vocab: &Vocab) -> Option<String> {
    if !winner.written_by_unusual_sound() {
        return None;
    }
    let mut found: Vec<String> = Vec::new();
    for s in spellings
        .iter()
        .filter(|s| s.weight >= 1.0 && s.letters.len() > MAX_SHORT_LETTERS)
    {
        let usual = fold(&s.letters.iter().collect::<String>());
        if vocab.seen_as_written(&usual, None).global > 0 || wordlist::zipf(&usual).is_some() {
            return None;
        }
        for &last in LETTERS.iter() {
            let longer = format!("{usual}{last}");
            if vocab.seen_as_written(&longer, None).global >= MIN_COMMON_EDIT_USES
                && !found.contains(&longer)
            {
                found.push(longer);
            }
        }
    }
    match found.as_slice() {
        [only] => Some(only.clone()),
        _ => None,
    }
}

/// Whether `winner` is a spelling as written with every foreign letter read
/// by its usual sound, and `runner` needs a letter put in or taken out:
/// the letters point at the winner.
fn written_against_edit(winner: &Scored, runner: &Scored) -> bool {
    winner.written_as_sounded() && runner.evidence == Evidence::Edited
}

/// Whether `winner`, a reading with a vowel letter put back, is the
/// author's own word (written at least `MIN_UNLISTED_USES` times) and
/// `runner`, the letters' word by their usual sounds, one the archive never
/// writes ("נתקلت": the author writes "נתקלתי", never "נתקלת"). The
/// author's spelling points at the winner, and the letters only leave out
/// a vowel, as the abjads do.
fn authors_vowel_against_unwritten(winner: &Scored, runner: &Scored, vocab: &Vocab) -> bool {
    winner.evidence == Evidence::Vowel
        && runner.written_as_sounded()
        && vocab.seen_as_written(&winner.folded, None).global >= MIN_UNLISTED_USES
        && vocab.seen_as_written(&runner.folded, None).global == 0
}

/// Whether `winner` is a spelling as written with every foreign letter read
/// by its usual sound, and `runner` the one reading that needs a vowel
/// letter put back and weighs at least a tenth of it, inside the word (not
/// at its end, where ו or י is an ending: "ניהלת" and "ניהלתי" are both the
/// letters' word). With two such readings ("הגנות": "הגינות", "הוגנות")
/// the abjad leaves more doubt than the letters remove.
fn written_against_inner_vowel(winner: &Scored, runner: &Scored, found: &[Scored]) -> bool {
    let vowel_readings = found[1..]
        .iter()
        .filter(|s| s.evidence == Evidence::Vowel && s.weight * CLEAR_MARGIN >= winner.weight)
        .count();
    winner.written_as_sounded()
        && runner.evidence == Evidence::Vowel
        && vowel_readings == 1
        && !runner.folded.starts_with(winner.folded.as_str())
}

/// A dropped or doubled letter put right that makes one of the commonest
/// words, which the archive writes often, far likelier than anything else
/// ("כМОן" is "כמובן", "నכוון" "נכון"), even where the review does not
/// write it: every foreign letter read by its usual sound.
fn common_edit(winner: &Scored, runner_up: f64, review: Option<usize>, vocab: &Vocab) -> bool {
    winner.evidence == Evidence::Edited
        && winner.sound >= 1.0
        && winner.weight >= CLEAR_MARGIN * runner_up
        && vocab.seen_as_written(&winner.folded, review).global >= MIN_COMMON_EDIT_USES
        && wordlist::zipf(&winner.folded).is_some_and(|z| z >= MIN_VOWEL_ZIPF)
}

/// Whether `winner` reads a foreign letter by an unusual sound while the
/// letters read by their usual sounds are a word the archive writes with
/// its last letter cut off ("בහינת": "בהינת" is "בהינתן" cut short, not
/// "בחינת"; "מشرط": "משרט" is "משרטט", not "משרת"): the export dropped a
/// letter, and the unusual sound only found another word. Not for two
/// letters: any two and one more make some word ("اذ" is "אז", though
/// "אד" and a letter is "אדם").
fn cut_short(winner: &Scored, spellings: &[Spelling], vocab: &Vocab) -> bool {
    winner.written_by_unusual_sound()
        && spellings
            .iter()
            .filter(|s| s.weight >= 1.0 && s.letters.len() > MAX_SHORT_LETTERS)
            .any(|s| {
                let usual = fold(&s.letters.iter().collect::<String>());
                LETTERS.iter().any(|&last| {
                    let longer = format!("{usual}{last}");
                    vocab.seen_as_written(&longer, None).global >= MIN_VARIANT_USES
                })
            })
}

/// The words `winner` may be with a vowel letter the export added: where
/// `winner`, read letter for letter, is a word the archive never writes
/// (only the word list knows it), the same letters less one vowel letter
/// (ו, י) the author's own Hebrew letters hold, not the first, that are a
/// word the archive writes often ("מրחיק": "מרחיק" is a word, but the
/// archive writes "מרחק" 41 times and "מרחיק" never). The export sometimes
/// wrote a vowel twice, in the foreign letter and in Hebrew beside it.
/// One such word is put in; with several, the word is left alone.
fn vowel_added(winner: &Scored, spellings: &[Spelling], vocab: &Vocab) -> Vec<String> {
    let unwritten = |w: &str| {
        vocab.seen_as_written(w, None).global == 0 && vocab.seen_behind_prefix(w, None).global == 0
    };
    let mut found: Vec<String> = Vec::new();
    if !winner.written_as_sounded() || !unwritten(&winner.folded) {
        return found;
    }
    for s in spellings {
        let letters: Vec<char> = s.letters.iter().map(|&c| fold_final(c)).collect();
        if letters.iter().collect::<String>() != winner.folded {
            continue;
        }
        for i in 1..letters.len() {
            let shorter: String = letters[..i].iter().chain(&letters[i + 1..]).collect();
            if !s.swapped[i]
                && matches!(letters[i], 'ו' | 'י')
                && vocab.seen_as_written(&shorter, None).global >= MIN_COMMON_EDIT_USES
                && !found.contains(&shorter)
            {
                found.push(shorter);
            }
        }
    }
    found
}

/// Whether the archive word `winner` stands on, as written or behind
/// clitic prefixes, is a slip: the list does not hold it, and with one
/// letter more it is a word the archive writes ten times as often and at
/// least `MIN_COMMON_EDIT_USES` times ("מהамבדיג": the archive writes
/// "אמבדיג" 5 times, "אמבדינג" 63). The slip is no evidence for the word
/// meant, and the letter cannot be put back with no more to go on.
fn slip(winner: &Scored, vocab: &Vocab) -> bool {
    std::iter::once(winner.folded.as_str())
        .chain(stems(&winner.folded))
        .filter(|w| wordlist::zipf(w).is_none())
        .any(|w| {
            let uses = vocab.seen_as_written(w, None).global;
            let letters: Vec<char> = w.chars().collect();
            uses > 0
                && (1..=letters.len()).any(|i| {
                    LETTERS.iter().any(|&c| {
                        let longer: String = letters[..i]
                            .iter()
                            .chain(std::iter::once(&c))
                            .chain(&letters[i..])
                            .collect();
                        let more = vocab.seen_as_written(&longer, None).global;
                        more >= MIN_COMMON_EDIT_USES && more >= SLIP_RATIO * uses
                    })
                })
        })
}

/// Whether `folded` is known only as a word the list does not hold, which
/// the archive writes fewer than `MIN_UNLISTED_USES` times and not in this
/// review, and never behind prefixes: as likely a slip as a word.
fn rare_slip(folded: &str, review: Option<usize>, vocab: &Vocab) -> bool {
    let written = vocab.seen_as_written(folded, review);
    let prefixed = vocab.seen_behind_prefix(folded, review);
    wordlist::zipf(folded).is_none()
        && written.global < MIN_UNLISTED_USES
        && written.local == 0
        && prefixed.global == 0
}

/// Whether `winner` and `runner` are both spellings as written, and the
/// winner reads the foreign letters by likelier sounds: every one by its
/// usual sound, or some by an unusual sound but none as Hebrew spelling
/// (silent, or a final vowel written ה): "اذכיר" is "אזכיר" (ذ as ז), not
/// "הזכיר" (ذ as ז and ا as ה).
fn read_closer(winner: &Scored, runner: &Scored) -> bool {
    let likelier = winner.written_as_sounded() || !winner.by_spelling;
    winner.evidence == Evidence::Written
        && runner.evidence == Evidence::Written
        && runner.sound < winner.sound
        && likelier
}

/// The one reading anything knows, with every foreign letter read by its
/// usual sound: nothing else to weigh it against. It must be a word the list
/// holds, or, read letter for letter (no letter put back or removed), a word
/// the archive writes or writes behind clitic prefixes ("הקروس" is "הקרוס",
/// the archive writing "קרוס"). (An unusual sound, or an edit, is not
/// enough: "למングל" would be "למנגל", "וمبرאות" "ומבריאות".)
fn only_reading(
    winner: &Scored,
    runner_up: f64,
    kind: Kind,
    review: Option<usize>,
    vocab: &Vocab,
) -> bool {
    let archive_word = || {
        vocab.seen_as_written(&winner.folded, review).global >= 1
            || vocab.seen_behind_prefix(&winner.folded, review).global >= 1
    };
    kind == Kind::Mixed
        && runner_up == 0.0
        && winner.sound >= 1.0
        && (wordlist::zipf(&winner.folded).is_some()
            || winner.evidence == Evidence::Written && archive_word())
}

/// A vowel letter put back where another vowel letter, or the same one
/// elsewhere, makes another common word ("מציג" and "מוצג" from "מצаг"): the
/// abjad does not say which, and how common each is does not either.
fn other_vowel(winner: &Scored, found: &[Scored]) -> bool {
    let bases = |word: &str| -> Vec<String> {
        let letters: Vec<char> = word.chars().collect();
        (0..letters.len())
            .filter(|&i| matches!(letters[i], 'ו' | 'י'))
            .map(|i| letters[..i].iter().chain(&letters[i + 1..]).collect())
            .collect()
    };
    let mine = bases(&winner.folded);
    winner.evidence == Evidence::Vowel
        && found[1..].iter().any(|s| {
            s.evidence == Evidence::Vowel
                && wordlist::zipf(&s.folded).is_some_and(|z| z >= MIN_VOWEL_ZIPF)
                && bases(&s.folded).iter().any(|b| mine.contains(b))
        })
}

/// The candidates of one kind that the archive or the word list knows.
fn tier(
    candidates: impl Iterator<Item = (Vec<char>, f64, bool)>,
    review: Option<usize>,
    vocab: &Vocab,
    kind: Kind,
    evidence: Evidence,
) -> Vec<Scored> {
    let mut scored: Vec<Scored> = Vec::new();
    for (letters, sound, by_spelling) in candidates {
        if letters.len() < 2 {
            continue;
        }
        let folded = fold(&letters.iter().collect::<String>());
        let Some((known, sure)) = known(&folded, review, vocab, kind, evidence, sound, by_spelling)
        else {
            continue;
        };
        let clear = kind == Kind::Mixed
            && evidence == Evidence::Written
            && wordlist::zipf(&folded).is_some();
        let weight = evidence.weight() * sound * known;
        match scored.iter_mut().find(|s| s.folded == folded) {
            Some(entry) if entry.weight >= weight => {}
            Some(entry) => {
                entry.weight = weight;
                entry.sound = sound;
                entry.by_spelling = by_spelling;
                entry.sure = sure;
            }
            None => scored.push(Scored {
                weight,
                folded,
                sure,
                clear,
                evidence,
                sound,
                by_spelling,
            }),
        }
    }
    scored
}

/// How well a candidate is known, in occurrences of the archive, and
/// whether that is enough on its own; None when nothing knows it.
fn known(
    folded: &str,
    review: Option<usize>,
    vocab: &Vocab,
    kind: Kind,
    evidence: Evidence,
    sound: f64,
    by_spelling: bool,
) -> Option<(f64, bool)> {
    let counts = |s: Seen| f64::from(s.global) + LOCAL_WEIGHT * f64::from(s.local);
    let written = vocab.seen_as_written(folded, review);
    let prefixed = vocab.seen_behind_prefix(folded, review);
    // The word list holds prefixed forms as words of their own.
    let zipf = match kind {
        Kind::Mixed => wordlist::zipf(folded),
        Kind::Alone => None,
    };
    let listed = zipf.map_or(0.0, |z| LIST_WEIGHT * 10f64.powf(z - ZIPF_ONE));
    let plausible = if zipf.is_none() && kind == Kind::Mixed && stem_is_listed(folded) {
        RARE_PREFIXED
    } else {
        1.0
    };
    let known = counts(written) + listed + PREFIX_WEIGHT * plausible * counts(prefixed);
    if known == 0.0 {
        return None;
    }
    let zipf = zipf.unwrap_or(0.0);
    let sure = match (kind, evidence) {
        (Kind::Alone, _) => {
            written.global >= MIN_ALONE_USES
                || written.global >= MIN_UNLISTED_USES
                    && sound >= 1.0
                    && !by_spelling
                    && wordlist::zipf(folded).is_some_and(|z| z >= MIN_ALONE_ZIPF)
        }
        (_, Evidence::Written) => {
            written.global >= 2 && (zipf > 0.0 || written.global >= MIN_UNLISTED_USES)
                || written.local >= 1
                || zipf >= MIN_LIST_ZIPF && sound >= MIN_LISTED_SOUND
                || prefixed.global >= 2
                || prefixed.local >= 1
        }
        (_, Evidence::Vowel | Evidence::Sound) => {
            written.local >= 2
                || prefixed.local >= 2
                || zipf >= MIN_VOWEL_ZIPF
                || written.global >= MIN_VOWEL_USES
        }
        // Any letter dropped or doubled: only the same review is evidence.
        (_, Evidence::Edited) => written.local >= 2 || prefixed.local >= 2,
    };
    Some((known, sure))
}

/// Whether the word list holds a word behind clitic prefixes of `folded`.
fn stem_is_listed(folded: &str) -> bool {
    stems(folded).any(|stem| wordlist::zipf(stem).is_some())
}

/// The words behind each reading of clitic prefixes off `folded`, of at
/// least `MIN_STEM` letters.
pub fn stems(folded: &str) -> impl Iterator<Item = &str> {
    let chars: Vec<char> = folded.chars().collect();
    let starts: Vec<usize> = folded.char_indices().map(|(i, _)| i).collect();
    prefix_cuts(&chars)
        .into_iter()
        .filter(move |&cut| chars.len() - cut >= MIN_STEM)
        .map(move |cut| &folded[starts[cut]..])
}

/// Every spelling of `word` with its foreign letters replaced by what they
/// may stand for; None when a letter's sound is unknown or there are too many.
fn spellings(word: &str) -> Option<Vec<Spelling>> {
    let mut out = vec![Spelling {
        letters: Vec::new(),
        swapped: Vec::new(),
        weight: 1.0,
        silent: false,
        by_spelling: false,
    }];
    let last = word.chars().count().saturating_sub(1);
    let chars: Vec<char> = word.chars().collect();
    let next_of = |at: usize| chars.get(at + 1).copied();
    for (at, c) in word.chars().enumerate() {
        if is_point(c) {
            // A Hebrew vowel point or dagesh is no letter: the word is read,
            // and put in, without it ("ג্ּרוקינג" is "גרוקינג").
            continue;
        }
        let foreign = is_foreign_in_hebrew(c);
        let options: Vec<(Vec<char>, f64, bool)> = if foreign {
            let options = sounds::options(c)?;
            let first = options.first().cloned().unwrap_or_default();
            options
                .iter()
                .enumerate()
                .map(|(i, o)| {
                    // Hebrew writes a word's final vowel with ה ("דאטה").
                    let final_he = at == last && o == "ה";
                    // Hebrew's twin letters sound alike: a foreign letter
                    // stands for either as readily ("לאთחל" is "לאתחל").
                    // Not Arabic's: it has a letter of its own for each
                    // twin (ت ת, ط ט, ك כ, ق ק), so the one the export
                    // chose says which ("מركובי" is "מרכובי").
                    let twin = !is_arabic(c) && homophones(&first, o);
                    // Japanese kana write r and l alike ("カーネル", kernel):
                    // an l reading is as usual as the r reading it mirrors.
                    let heard = if is_kana(c) {
                        o.replacen('ל', "ר", 1)
                    } else {
                        o.clone()
                    };
                    // A syllable's vowel that the next Hebrew letter writes
                    // anyway: the consonant alone is as usual a reading
                    // ("לモותאם" is "למותאם", not "למוותאם").
                    let seam = vowel_at_seam(&first, &heard, next_of(at));
                    // A syllabary's letter (kana, Hangul) is a consonant
                    // and a vowel. Its "a" inside the word, which Hebrew
                    // leaves unwritten, and a kana's vowel at the word's
                    // end, which Japanese adds to a final consonant
                    // ("シグナル", signal), are as usually not there
                    // ("שマגדירות" is "שמגדירות", "סיג널" "סיגנל",
                    // "סיגナル" "סיגנל").
                    let consonants = is_syllabic(c)
                        && !heard.is_empty()
                        && (a_unwritten(&first, &heard, at == last)
                            || is_kana(c) && at == last && heard == consonants_of(&first));
                    let weight = match (i, o.is_empty()) {
                        (0, _) => 1.0,
                        _ if heard == first => 1.0,
                        _ if final_he || twin || seam || consonants => 1.0,
                        _ if is_arabic(c) && homophones(&first, o) => OTHER_TWIN_WEIGHT,
                        (_, true) => SILENT_WEIGHT,
                        _ => OTHER_SOUND_WEIGHT,
                    };
                    let by_spelling = o.is_empty() || final_he && i > 0;
                    (o.chars().collect(), weight, by_spelling)
                })
                .collect()
        } else {
            vec![(vec![c], 1.0, false)]
        };
        if out.len() * options.len() > MAX_SPELLINGS {
            return None;
        }
        let mut next = Vec::with_capacity(out.len() * options.len());
        for s in &out {
            for (o, weight, by_spelling) in &options {
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
                    by_spelling: s.by_spelling || *by_spelling,
                });
            }
        }
        out = next;
    }
    Some(out)
}

/// Whether `c` is a Hebrew point (niqqud, dagesh, a cantillation mark): not
/// the maqaf, paseq or sof pasuq, which are punctuation.
fn is_point(c: char) -> bool {
    let points = [
        '\u{05BF}', '\u{05C1}', '\u{05C2}', '\u{05C4}', '\u{05C5}', '\u{05C7}',
    ];
    ('\u{0591}'..='\u{05BD}').contains(&c) || points.contains(&c)
}

/// Whether `c` is an Arabic letter (the Arabic blocks, presentation forms
/// included).
fn is_arabic(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// Whether `c` is a Japanese kana letter (Hiragana or Katakana).
fn is_kana(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}')
}

/// Whether `c` is a letter of a syllabary, which writes a consonant and
/// a vowel in one letter: Japanese kana, Korean Hangul syllables.
fn is_syllabic(c: char) -> bool {
    is_kana(c) || ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

/// Whether `other` is `usual`, a syllable of more than one letter, with
/// its "a" (an א after the first letter) left out, where it is inside the
/// word: not the last letter of the word's last syllable (`at_end`), where
/// Hebrew writes a final vowel.
fn a_unwritten(usual: &str, other: &str, at_end: bool) -> bool {
    let letters: Vec<char> = usual.chars().collect();
    (1..letters.len()).any(|i| {
        letters[i] == 'א'
            && !(at_end && i + 1 == letters.len())
            && letters[..i]
                .iter()
                .chain(&letters[i + 1..])
                .copied()
                .eq(other.chars())
    })
}

/// A syllable's spelling less its vowel letters (א, ו, י after the first
/// letter): "מאג" -> "מג", "רו" -> "ר".
fn consonants_of(syllable: &str) -> String {
    syllable
        .chars()
        .enumerate()
        .filter(|&(i, c)| i == 0 || !matches!(c, 'א' | 'ו' | 'י'))
        .map(|(_, c)| c)
        .collect()
}

/// Whether `usual` is `other` and a vowel letter (ו, י) that `next`, the
/// Hebrew letter after the foreign one, also is ("מו" and "מ" before ו).
fn vowel_at_seam(usual: &str, other: &str, next: Option<char>) -> bool {
    match (usual.strip_prefix(other), next) {
        (Some(vowel), Some(next)) => {
            !other.is_empty() && matches!(next, 'ו' | 'י') && vowel.chars().eq([next])
        }
        _ => false,
    }
}

/// Whether two spellings sound the same in Hebrew: ט and ת, כ and ק.
fn homophones(a: &str, b: &str) -> bool {
    let plain = |s: &str| -> String {
        s.chars()
            .map(|c| match c {
                'ת' => 'ט',
                'ק' => 'כ',
                c => c,
            })
            .collect()
    };
    !a.is_empty() && plain(a) == plain(b)
}

/// A Hebrew letter dropped next to a swapped one ("כМОן" for "כמובן"), or
/// one letter further on ("כਮון" for "כמובן": the damage took the ב after
/// the ו), or doubled: one letter inserted at each edge of a run of swapped
/// letters and one letter past its end (inside the word: a letter put back
/// at its end is a word cut short, `cut_short`'s to judge), a vowel letter
/// (ו, י) next to any swapped letter (the abjads write no short vowels:
/// "להعبر" for "להעביר"), or one of two twin letters removed. Not a vowel
/// letter before the first letter: there ו is "and" and י a verb's prefix,
/// a letter dropped like any other ("كالو" put back as "וכאלו" is not a
/// vowel reading), as Hebrew writes a vowel starting a word with א or ע.
/// Not one letter before the run either: a word's prefix would be read in
/// as readily ("יփוך" as "היפוך", not "יהפוך").
fn edits(s: &Spelling) -> (Vec<Vec<char>>, Vec<Vec<char>>) {
    let n = s.letters.len();
    let (mut vowels, mut out) = (Vec::new(), Vec::new());
    for i in 0..=n {
        let before = i > 0 && s.swapped[i - 1];
        let after = i < n && s.swapped[i];
        let one_past = !before && !after && i >= 2 && i < n && s.swapped[i - 2];
        let edge = before != after || (before && i == n) || (after && i == 0) || one_past;
        for letter in LETTERS {
            let vowel = i > 0 && (before || after) && (letter == 'ו' || letter == 'י');
            if edge || vowel {
                let mut v = s.letters.clone();
                v.insert(i, letter);
                if vowel {
                    vowels.push(v)
                } else {
                    out.push(v)
                }
            }
        }
        if i > 0 && i < n && s.letters[i - 1] == s.letters[i] {
            let mut v = s.letters.clone();
            v.remove(i);
            out.push(v);
        }
    }
    (vowels, out)
}

/// A ו inside the word, next to a swapped letter, read as ב: both sound
/// "v", and the export wrote sounds ("כМОון" is "כמובן"). Not the first
/// letter, where ו is "and" and ב "in".
fn v_read_as_b(s: &Spelling) -> Vec<Vec<char>> {
    let n = s.letters.len();
    (1..n)
        .filter(|&i| s.letters[i] == 'ו' && !s.swapped[i])
        .filter(|&i| s.swapped[i - 1] || (i + 1 < n && s.swapped[i + 1]))
        .map(|i| {
            let mut v = s.letters.clone();
            v[i] = 'ב';
            v
        })
        .collect()
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

    fn vocab(text: &str) -> Known {
        let lines: Vec<&str> = text.lines().collect();
        Known {
            vocab: Vocab::build(&lines, &[(1, lines.len())]),
            context: Context::build(&lines),
        }
    }

    /// A word in the (only) review, or in none, with no neighbours.
    fn at(review: Option<usize>) -> Place {
        Place {
            review,
            around: Neighbours::default(),
        }
    }

    #[test]
    fn sound_alike_letter_is_restored_from_the_vocabulary() {
        let v = vocab("אנחנו רוצים להעשיר את הטקסט ולהעשיר אותו");
        assert_eq!(
            best("להעшир", &at(Some(0)), &v, Kind::Mixed).as_deref(),
            Some("להעשיר")
        );
    }

    #[test]
    fn dropped_letter_next_to_the_damage_is_put_back() {
        let v = vocab("דרך כמובן ודרך כמובן יותר");
        assert_eq!(
            best("כМОן", &at(Some(0)), &v, Kind::Mixed).as_deref(),
            Some("כמובן")
        );
        // Known only elsewhere (in the archive or the word list) is not
        // enough for a dropped letter: any of 22 letters could go there.
        assert_eq!(best("כМОן", &at(None), &v, Kind::Mixed), None);
        // Unless it is one of the commonest words, which the archive writes
        // often.
        let v = vocab(&"דרך כמובן ".repeat(25));
        assert_eq!(
            best("כМОן", &at(None), &v, Kind::Mixed).as_deref(),
            Some("כמובן")
        );
    }

    #[test]
    fn a_letter_dropped_one_past_the_damage_is_put_back() {
        // "כਮון": ਮ for מ, and the ב after the ו gone. "כמון" (cumin) is a
        // word the list holds, but the archive never writes it.
        let v = vocab(&"דרך כמובן ".repeat(25));
        assert_eq!(
            best("כਮון", &at(None), &v, Kind::Mixed).as_deref(),
            Some("כמובן")
        );
        // Known only elsewhere, and not among the archive's commonest
        // words, is not enough: any of 22 letters could go there.
        let v = vocab("דרך כמובן ודרך כמובן");
        assert_eq!(best("כਮון", &at(None), &v, Kind::Mixed), None);
    }

    #[test]
    fn the_word_list_repairs_a_word_the_archive_never_writes() {
        let v = vocab("שלום עולם");
        assert_eq!(
            best("להעшир", &at(None), &v, Kind::Mixed).as_deref(),
            Some("להעשיר")
        );
        // A vowel letter the abjad left out, put back: "להעביר" is common,
        // "להעבר" ("to the past") a rare reading of a word the archive uses.
        let v = vocab(&"עבר ".repeat(30));
        assert_eq!(
            best("להعبر", &at(None), &v, Kind::Mixed).as_deref(),
            Some("להעביר")
        );
    }

    #[test]
    fn a_rare_archive_word_the_list_does_not_hold_is_not_enough() {
        // "כמוון" is itself damage in the archive (twice), not a word: it is
        // never put in ("כמובן", from the list, is: ו read as ב).
        let v = vocab("כמוון אחד ועוד כמוון");
        assert_eq!(
            best("כМОון", &at(None), &v, Kind::Mixed).as_deref(),
            Some("כמובן")
        );
    }

    #[test]
    fn a_foreign_word_alone_is_not_read_from_the_word_list() {
        // "כלם" and "לכן" are in the list, but not in this archive.
        let v = vocab("שלום עולם");
        assert_eq!(best("كلم", &at(Some(0)), &v, Kind::Alone), None);
        assert_eq!(best("لكن", &at(Some(0)), &v, Kind::Alone), None);
    }

    #[test]
    fn a_foreign_word_alone_may_be_one_of_the_commonest_words() {
        // "לכן" (zipf 5.4) written three times is enough, letter for letter;
        // "כלם" is not common enough, and "эта" reads "אתה" only with its а
        // written as a final ה.
        let v = vocab(&"לכן כלם אתה ".repeat(3));
        assert_eq!(
            best("لكن", &at(Some(0)), &v, Kind::Alone).as_deref(),
            Some("לכן")
        );
        assert_eq!(best("كلم", &at(Some(0)), &v, Kind::Alone), None);
        assert_eq!(best("эта", &at(Some(0)), &v, Kind::Alone), None);
        let v = vocab(&"לכן ".repeat(2));
        assert_eq!(best("لكن", &at(Some(0)), &v, Kind::Alone), None);
    }

    #[test]
    fn clitic_prefix_in_front_of_a_known_word() {
        let v = vocab("מגירה אחת ועוד מגירה");
        assert_eq!(
            best("ב망ירה", &at(Some(0)), &v, Kind::Mixed).as_deref(),
            Some("במגירה")
        );
    }

    #[test]
    fn a_foreign_word_alone_is_read_letter_for_letter_and_only_as_a_common_word() {
        let common = "אז את ".repeat(12);
        let v = vocab(&format!("{common} עקב עקב"));
        assert_eq!(
            best("از", &at(Some(0)), &v, Kind::Alone).as_deref(),
            Some("אז")
        );
        // "эта" would be "את" only with its а silent.
        assert_eq!(best("эта", &at(Some(0)), &v, Kind::Alone), None);
        // "עקב" twice is too rare to read a whole foreign word as.
        assert_eq!(best("عقب", &at(Some(0)), &v, Kind::Alone), None);
    }

    #[test]
    fn unknown_word_or_a_close_call_stays_as_it_is() {
        let v = vocab("שלום עולם");
        // Neither the archive nor the word list knows "זגזשרפק".
        assert_eq!(best("זגזшרפק", &at(Some(0)), &v, Kind::Mixed), None);
        // Cyrillic т is ט or ת alike: with "פלפטוק" written twice as
        // often, neither reading is three times as likely as the other.
        // (Arabic has a letter for each, so there the letter decides:
        // `an_arabic_letter_says_which_of_two_twin_letters`.)
        let v = vocab(&format!("{} {}", "פלפתוק ".repeat(5), "פלפטוק ".repeat(10)));
        assert_eq!(best("פלפтוק", &at(Some(0)), &v, Kind::Mixed), None);
        let v = vocab(&"פלפתוק ".repeat(5));
        assert_eq!(
            best("פלפтוק", &at(Some(0)), &v, Kind::Mixed).as_deref(),
            Some("פלפתוק")
        );
        // Chinese characters have no sound to go by.
        assert_eq!(best("ו視频ה", &at(Some(0)), &v, Kind::Mixed), None);
    }

    #[test]
    fn the_only_reading_with_usual_sounds_is_a_listed_word() {
        // Nothing but "דלילות" (sparsity, in the list) is known from
        // "דليلות", read letter for letter: put in.
        let v = vocab("שלום עולם");
        assert_eq!(
            best("דليلות", &at(None), &v, Kind::Mixed).as_deref(),
            Some("דלילות")
        );
    }

    #[test]
    fn a_rare_unlisted_archive_word_is_no_rival_to_the_only_listed_reading() {
        // "דלילים" (listed, Zipf 2.5) read letter for letter; "דילילים", a
        // י put back, is written once in the archive and listed nowhere.
        let v = vocab("שלום דילילים עולם");
        assert_eq!(
            best("דليلים", &at(None), &v, Kind::Mixed).as_deref(),
            Some("דלילים")
        );
        // Written three times it is a word of the author's: a close call.
        let v = vocab(&"דילילים ".repeat(3));
        assert_eq!(best("דليلים", &at(None), &v, Kind::Mixed), None);
    }

    #[test]
    fn a_vowel_put_back_for_a_word_known_only_behind_prefixes_is_no_rival() {
        // "שמדמה" (listed; "מדמה" written twice) against "שמדומה", a ו put
        // back, known only as "דומה" behind "שמ".
        let v = vocab(&format!("מדמה מדמה {}", "דומה ".repeat(20)));
        assert_eq!(
            best("שمدמה", &at(Some(0)), &v, Kind::Mixed).as_deref(),
            Some("שמדמה")
        );
    }

    #[test]
    fn the_review_spells_a_word_the_letters_do_not() {
        // "דатаה" reads as "דאטה" or "דטה" only with an а standing for
        // nothing; the author writes both, one per review here.
        let text = format!(
            "{}\n{}\nשלום עולם\n",
            "דאטה חדש ".repeat(15),
            "דטה ולדטה ".repeat(3)
        );
        let lines: Vec<&str> = text.lines().collect();
        let known = Known {
            vocab: Vocab::build(&lines, &[(1, 1), (2, 2), (3, 3)]),
            context: Context::build(&lines),
        };
        let decide_in = |word, review| decide(word, &at(Some(review)), &known, Kind::Mixed);
        assert_eq!(decide_in("דатаה", 0), Decision::Repair("דאטה".into()));
        assert_eq!(decide_in("דатаה", 1), Decision::Repair("דטה".into()));
        // A review that writes neither: left alone, and no repeat fills it.
        assert_eq!(decide_in("דатаה", 2), Decision::Held);
        // A final а read as ה is Hebrew spelling too, not the letter's sound.
        assert_eq!(decide_in("דата", 1), Decision::Repair("דטה".into()));
        assert_eq!(decide_in("דата", 2), Decision::Held);
        // Every foreign letter read by its sound: the letters decide.
        assert_eq!(decide_in("דاطה", 1), Decision::Repair("דאטה".into()));
    }

    #[test]
    fn the_only_reading_letter_for_letter_may_be_an_archive_word() {
        // The list does not hold "הקרוס"; the archive writes "קרוס".
        let v = vocab("קרוס אנטרופי");
        assert_eq!(
            best("הקروس", &at(None), &v, Kind::Mixed).as_deref(),
            Some("הקרוס")
        );
    }

    #[test]
    fn a_letter_stands_for_either_of_two_hebrew_letters_that_sound_alike() {
        // Georgian თ is listed as ט first; "לאטחל" is no word, "לאתחל" is.
        let v = vocab("שלום עולם");
        assert_eq!(
            best("לאთחל", &at(None), &v, Kind::Mixed).as_deref(),
            Some("לאתחל")
        );
    }

    #[test]
    fn an_arabic_letter_says_which_of_two_twin_letters() {
        // Arabic writes ت for ת and ط for ט: "פלפطוק" reads "פלפטוק", even
        // where the archive writes "פלפתוק" nearly as often.
        let v = vocab(&format!("{} {}", "פלפתוק ".repeat(4), "פלפטוק ".repeat(5)));
        assert_eq!(
            best("פלפطוק", &at(Some(0)), &v, Kind::Mixed).as_deref(),
            Some("פלפטוק")
        );
    }

    #[test]
    fn an_arabic_letter_read_as_the_other_twin_is_not_enough_for_a_listed_word() {
        // "משרת" is a common listed word, but only with ط read as ת.
        let v = vocab("שלום עולם");
        assert_eq!(best("מشرط", &at(None), &v, Kind::Mixed), None);
        // The archive writing it is evidence enough.
        let v = vocab(&"משרת ".repeat(5));
        assert_eq!(
            best("מشرط", &at(Some(0)), &v, Kind::Mixed).as_deref(),
            Some("משרת")
        );
    }

    #[test]
    fn of_two_known_words_the_one_the_usual_sounds_spell_is_meant() {
        // Bengali ষ is usually ש: "שמשפר" (that improves), though "שמספר"
        // (that a number) is far more common.
        let v = vocab(&format!("שמשפר ושמשפר {}", "שמספר ".repeat(40)));
        assert_eq!(
            best("שמষפר", &at(Some(0)), &v, Kind::Mixed).as_deref(),
            Some("שמשפר")
        );
    }

    #[test]
    fn an_unusual_sound_does_not_read_a_word_the_export_cut_short() {
        // Sinhala හ is usually ה: "בהינת" is "בהינתן" with its last letter
        // dropped; read as ח it only finds another word, "בחינת".
        let v = vocab(&format!("{} {}", "בהינתן ".repeat(5), "בחינת ".repeat(5)));
        assert_eq!(best("בහינת", &at(Some(0)), &v, Kind::Mixed), None);
        // Where the archive writes the longer word often, and no other
        // letter at the end makes one it writes as often, it is put in.
        let v = vocab(&format!("{} {}", "בהינתן ".repeat(25), "בחינת ".repeat(5)));
        assert_eq!(
            best("בහינת", &at(Some(0)), &v, Kind::Mixed).as_deref(),
            Some("בהינתן")
        );
    }

    #[test]
    fn a_syllable_vowel_the_next_letter_writes_is_not_doubled() {
        // Katakana リ is "רי": before a Hebrew י, "ר" alone reads as usual.
        assert!(vowel_at_seam("רי", "ר", Some('י')));
        assert!(vowel_at_seam("מו", "מ", Some('ו')));
        assert!(!vowel_at_seam("רי", "ר", Some('ו')));
        assert!(!vowel_at_seam("מו", "מ", None));
        // So "הקריטיים" is as close to the letters of "הクリיטיים" as
        // "הקרייטיים" is, and the archive's words decide between them.
        let v = vocab(&"הקריטיים ".repeat(5));
        assert_eq!(
            best("הクリיטיים", &at(Some(0)), &v, Kind::Mixed).as_deref(),
            Some("הקריטיים")
        );
    }

    #[test]
    fn a_syllable_letter_may_stand_for_its_consonant_alone() {
        // Katakana ナ is "נא" and ル "רו": Hebrew leaves an "a" inside a word
        // unwritten, Japanese adds a vowel to a final consonant, and the R
        // row writes l too. Hangul 널 is "נאל" or "נל".
        let v = vocab("שלום עולם");
        for word in ["סיגナル", "סיג널"] {
            assert_eq!(
                best(word, &at(None), &v, Kind::Mixed).as_deref(),
                Some("סיגנל")
            );
        }
        assert!(a_unwritten("נאל", "נל", true));
        assert!(a_unwritten("נא", "נ", false));
        assert!(!a_unwritten("נא", "נ", true));
        assert_eq!(consonants_of("רו"), "ר");
    }

    #[test]
    fn a_listed_word_the_archive_never_writes_is_the_common_word_a_vowel_less() {
        // Armenian ր is ר: "מרחיק" is a listed word, but this archive writes
        // "מרחק" (distance) often and "מרחיק" never: the export added the י.
        let v = vocab(&"מרחק ".repeat(25));
        assert_eq!(
            best("מրחיק", &at(Some(0)), &v, Kind::Mixed).as_deref(),
            Some("מרחק")
        );
        let v = vocab("שלום עולם");
        assert_eq!(
            best("מրחיק", &at(Some(0)), &v, Kind::Mixed).as_deref(),
            Some("מרחיק")
        );
    }

    #[test]
    fn an_archive_slip_is_no_evidence() {
        // "אמבדיג" behind "מה" is known only as a slip for "אמבדינג".
        let slips = "אמבדיג ".repeat(3);
        let v = vocab(&format!("{slips} {}", "אמבדינג ".repeat(30)));
        assert_eq!(best("מהамבדיג", &at(None), &v, Kind::Mixed), None);
        let v = vocab(&slips);
        assert_eq!(
            best("מהамבדיג", &at(None), &v, Kind::Mixed).as_deref(),
            Some("מהאמבדיג")
        );
    }

    #[test]
    fn a_hebrew_point_in_a_damaged_word_is_no_letter() {
        // Bengali's virama stands for nothing, and the dagesh is no letter.
        let v = vocab(&"גרוקינג ".repeat(5));
        assert_eq!(
            best("ג\u{9cd}\u{5bc}רוקינג", &at(Some(0)), &v, Kind::Mixed).as_deref(),
            Some("גרוקינג")
        );
    }

    #[test]
    fn a_written_reading_needs_less_margin_against_one_vowel_put_back() {
        // Cyrillic п is פ: "קפטור" as written, 5 uses, against "קפוטור" with
        // a ו put back, 7 uses at a vowel's weight: more than half as likely.
        let written = "קפטור ".repeat(5);
        let v = vocab(&format!("{written} {}", "קפוטור ".repeat(7)));
        assert_eq!(
            best("קпטור", &at(None), &v, Kind::Mixed).as_deref(),
            Some("קפטור")
        );
        // Two vowel readings leave the abjad's doubt.
        let v = vocab(&format!(
            "{written} {} {}",
            "קפוטור ".repeat(7),
            "קפיטור ".repeat(7)
        ));
        assert_eq!(best("קпטור", &at(None), &v, Kind::Mixed), None);
    }

    #[test]
    fn the_authors_word_spelled_by_the_letters_needs_no_margin_over_a_vowel_put_back() {
        // "הקרבה" (written three times) against "הקרובה" (a ו put back,
        // written once, a commoner listed word): the letters and the author
        // both point at "הקרבה".
        let v = vocab("הקרבה הקרבה הקרבה הקרובה");
        assert_eq!(
            best("הקربה", &at(None), &v, Kind::Mixed).as_deref(),
            Some("הקרבה")
        );
        // Written once, it needs the margin.
        let v = vocab("הקרבה הקרובה");
        assert_eq!(best("הקربה", &at(None), &v, Kind::Mixed), None);
    }

    #[test]
    fn the_authors_word_with_a_vowel_put_back_needs_no_margin_over_an_unwritten_one() {
        // The author writes "נתקלתי" three times and never "נתקלת".
        let v = vocab("נתקלתי נתקלתי נתקלתי");
        assert_eq!(
            best("נתקلت", &at(Some(0)), &v, Kind::Mixed).as_deref(),
            Some("נתקלתי")
        );
        // Once is not the author's spelling enough.
        let v = vocab("נתקלתי");
        assert_eq!(best("נתקلت", &at(Some(0)), &v, Kind::Mixed), None);
    }

    #[test]
    fn the_letters_point_at_the_reading_with_fewer_unusual_sounds() {
        // ذ is usually ד: "אזכיר" reads it as ז, "הזכיר" reads it as ז and ا
        // as ה too. Written four times here, "אזכיר" is twice as likely.
        let v = vocab("אזכיר אזכיר אזכיר אזכיר");
        assert_eq!(
            best("اذכיר", &at(Some(0)), &v, Kind::Mixed).as_deref(),
            Some("אזכיר")
        );
    }

    #[test]
    fn a_two_letter_word_is_not_read_as_one_cut_short() {
        // Arabic ذ is usually ד: "אד" and a letter is "אדם", a common word,
        // but any two letters and one more make some word.
        let v = vocab(&format!("{} {}", "אז זה ".repeat(12), "אדם ".repeat(5)));
        assert_eq!(
            best("اذ", &at(Some(0)), &v, Kind::Alone).as_deref(),
            Some("אז")
        );
    }

    #[test]
    fn a_vav_next_to_the_damage_may_stand_for_bet() {
        // "כמוון" is the export's damage, written twice in the archive; ו
        // and ב both sound "v", and "כמובן" is common.
        let v = vocab(&format!("כמוון ועוד כמוון {}", "כמובן ".repeat(25)));
        assert_eq!(
            best("כМОון", &at(None), &v, Kind::Mixed).as_deref(),
            Some("כמובן")
        );
    }

    #[test]
    fn a_two_letter_reading_with_a_silent_foreign_letter_stays() {
        // マー read as "מ" and a silent ー: "סם" is a word, but not evidence.
        let v = vocab(&"סם ".repeat(20));
        assert_eq!(best("סマー", &at(Some(0)), &v, Kind::Mixed), None);
    }

    #[test]
    fn a_vowel_put_back_where_the_other_vowel_makes_a_common_word_stays() {
        // "מציג" (presents) and "מוצג" (is presented) are both common.
        let v = vocab(&"מציג ".repeat(30));
        assert_eq!(best("מצаг", &at(None), &v, Kind::Mixed), None);
    }
}
