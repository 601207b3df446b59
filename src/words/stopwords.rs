//! Words too common to search for. Dropped from the index (they would be the
//! largest postings lists) and from queries (so "the" never has to match).
//!
//! The same two lists live in static/search-pipeline.js; the test
//! tests/js/search-pipeline.test.mjs compares them.

use rustc_hash::FxHashSet;
use std::sync::LazyLock;

/// Hebrew, written with final letters already folded (see `normalize`).
pub const HEBREW: &[&str] = &[
    "של",
    "את",
    "על",
    "עמ",
    "זה",
    "זו",
    "זאת",
    "הוא",
    "היא",
    "המ",
    "הנ",
    "אני",
    "אנו",
    "אנחנו",
    "אתה",
    "הזה",
    "הזאת",
    "הזו",
    "גמ",
    "לא",
    "כי",
    "אמ",
    "או",
    "אבל",
    "כל",
    "יש",
    "אינ",
    "רק",
    "עוד",
    "כמו",
    "אשר",
    "כדי",
    "מה",
    "מי",
    "לי",
    "לו",
    "לה",
    "להמ",
    "שלו",
    "שלה",
    "שלהמ",
    "שלנו",
    "אותו",
    "אותה",
    "אותמ",
    "בינ",
    "אל",
    "אכ",
    "ככ",
    "כנ",
    "עד",
    "היה",
    "היו",
    "יותר",
    "מאוד",
    "ממש",
    "אלה",
    "אלו",
    "זהו",
    "כאשר",
    "פי",
    "ידי",
    "וגמ",
    "אז",
    "שמ",
    "פה",
    "מנ",
    "אפ",
    "ככה",
    "כבר",
];

pub const ENGLISH: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "he",
    "her", "his", "i", "if", "in", "into", "is", "it", "its", "of", "on", "or", "our", "she", "so",
    "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "to", "was",
    "we", "were", "which", "who", "will", "with", "you", "your",
];

/// Fx, not SipHash: every token of every text is looked up here (search,
/// topics and related reviews), and the keys are fixed.
static ALL: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| HEBREW.iter().chain(ENGLISH).copied().collect());

pub fn is_stopword(token: &str) -> bool {
    ALL.contains(token)
}
