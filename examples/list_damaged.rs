//! Lists the archive's damaged words, in archive order, for sampling the
//! hand-checked batches of `tests/fixtures/repair/damaged.tsv`:
//! `cargo run --release --example list_damaged [-- ARCHIVE]`
//! (default `archive/000_2c496801579d2a27.txt`).
//!
//! One TSV row per damaged word: its index (0-based, in archive order), its
//! 1-based line, the word, its kind (`mixed`: Hebrew and foreign letters in
//! one word; `alone`: a foreign word standing alone in a Hebrew line), and
//! about 100 characters of the line around it. The words and the order are
//! repair's own (`repair::damaged_in`, the list repair works from): each
//! line is split by `repair::words::words` (math, code and URLs left out), a
//! word is damaged when `repair::damage` says so, and an `alone` word counts
//! only inside a mostly Hebrew line with no foreign neighbour. Batch k of a
//! sample is "every eighth row at offset k" (index k mod 8).
//!
//! It never calls `repair()` and prints nothing of what repair would make of
//! a word: the list is for labelling a batch blind, before repair is tuned.

use std::path::PathBuf;
use yomon::ingest::repair::candidates::Kind;
use yomon::ingest::repair::{damaged_in, words};

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
        for (_, at, word, kind) in damaged_in(&found) {
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
