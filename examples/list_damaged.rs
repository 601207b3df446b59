//! Lists the archive's damaged words, in archive order, for sampling the
//! hand-checked batches of `tests/fixtures/repair/damaged.tsv`:
//! `cargo run --release --example list_damaged [-- ARCHIVE]`
//! (default `archive/000_2c496801579d2a27.txt`).
//!
//! One TSV row per damaged word: its index (0-based, in archive order), its
//! 1-based line, the word, its kind (`mixed`: Hebrew and foreign letters in
//! one word; `alone`: a foreign word standing alone in a Hebrew line), and
//! about 100 characters of the line around it. The words and the order are
//! repair's own: each line is split by `repair::words::words` (math, code and
//! URLs left out), a word is damaged when `repair::damage` says so, and an
//! `alone` word counts only inside a mostly Hebrew line with no foreign
//! neighbour, as in `repair::find`. Batch k of a sample is "every eighth row
//! at offset k" (index k mod 8).
//!
//! It never calls `repair()` and prints nothing of what repair would make of
//! a word: the list is for labelling a batch blind, before repair is tuned.

use std::path::PathBuf;
use yomon::ingest::repair::candidates::Kind;
use yomon::ingest::repair::script::{is_hebrew, is_hebrew_letter};
use yomon::ingest::repair::{damage, words};

/// A word of Hebrew letters (and Hebrew marks) only.
fn is_hebrew_word(word: &str) -> bool {
    word.chars().all(is_hebrew) && word.chars().any(is_hebrew_letter)
}

/// The same condition as `repair::alone_in_hebrew`: the line is mostly
/// Hebrew words and neither neighbour is another foreign word alone.
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

/// About `width` characters of `line` around the word at byte `at`, tabs
/// made spaces so the row stays TSV.
fn around(line: &str, at: usize, word: &str, width: usize) -> String {
    let chars: Vec<char> = line.chars().collect();
    let start = line[..at].chars().count();
    let len = word.chars().count();
    let side = width.saturating_sub(len) / 2;
    let from = start.saturating_sub(side);
    let to = (start + len + side).min(chars.len());
    chars[from..to]
        .iter()
        .map(|&c| if c == '\t' { ' ' } else { c })
        .collect()
}

fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("archive/000_2c496801579d2a27.txt"));
    let text = std::fs::read_to_string(&path)?;
    println!("index\tline\tword\tkind\tcontext");
    let mut index = 0;
    // Lines as repair splits them (on '\n' only).
    for (i, line) in text.split('\n').enumerate() {
        let found = words::words(line);
        for (k, &(at, word)) in found.iter().enumerate() {
            let Some(kind) = damage(word) else { continue };
            if kind == Kind::Alone && !alone_in_hebrew(&found, k) {
                continue;
            }
            let kind = match kind {
                Kind::Mixed => "mixed",
                Kind::Alone => "alone",
            };
            let context = around(line, at, word, 100);
            println!("{index}\t{}\t{word}\t{kind}\t{context}", i + 1);
            index += 1;
        }
    }
    Ok(())
}
