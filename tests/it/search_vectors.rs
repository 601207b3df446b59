//! The shared token vectors (tests/vectors/tokens.json) through the Rust
//! pipeline. tests/js/search-pipeline.test.mjs reads the same file through
//! static/search-pipeline.js, so the two pipelines cannot drift apart.
//!
//! After a deliberate pipeline change, rewrite the expectations with
//! `UPDATE_VECTORS=1 cargo test --test search_vectors` and review the diff.

use serde::{Deserialize, Serialize};
use std::path::Path;

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
struct Vector {
    input: String,
    note: String,
    tokens: Vec<String>,
    terms: Vec<String>,
}

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/tokens.json");

fn read_vectors() -> Vec<Vector> {
    let text = std::fs::read_to_string(PATH).expect("read tests/vectors/tokens.json");
    serde_json::from_str(&text).expect("parse tests/vectors/tokens.json")
}

fn computed(v: &Vector) -> Vector {
    Vector {
        tokens: yomon::search::tokens(&v.input),
        terms: yomon::search::index_terms(&v.input),
        ..v.clone()
    }
}

/// One vector per line, so a diff shows which inputs changed.
fn write_vectors(vectors: &[Vector]) {
    let lines: Vec<String> = vectors
        .iter()
        .map(|v| serde_json::to_string(v).expect("serialize"))
        .collect();
    // Written aside and renamed, so the other test never reads half a file.
    let tmp = format!("{PATH}.tmp");
    std::fs::write(&tmp, format!("[\n{}\n]\n", lines.join(",\n"))).expect("write");
    std::fs::rename(&tmp, Path::new(PATH)).expect("rename");
}

#[test]
fn rust_pipeline_matches_shared_vectors() {
    let vectors = read_vectors();
    assert!(vectors.len() >= 200, "only {} vectors", vectors.len());
    if std::env::var_os("UPDATE_VECTORS").is_some() {
        write_vectors(&vectors.iter().map(computed).collect::<Vec<_>>());
        return;
    }
    let wrong: Vec<String> = vectors
        .iter()
        .filter(|v| computed(v) != **v)
        .map(|v| {
            format!(
                "{:?}: expected {:?} / {:?}, got {:?}",
                v.input,
                v.tokens,
                v.terms,
                computed(v)
            )
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "{} vectors differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn shared_vectors_cover_every_kind_of_input() {
    let vectors = read_vectors();
    for note in [
        "authors and topic names",
        "quoted phrases",
        "typo candidates",
        "hebrew clitic prefixes",
        "final letters",
        "niqqud and cantillation",
        "geresh and gershayim",
        "nfc and nfd",
        "english case and stemming",
        "mixed tokens and products",
        "numbers and ids",
        "hebrew with latin",
    ] {
        assert!(
            vectors.iter().filter(|v| v.note == note).count() >= 5,
            "few vectors for {note}"
        );
    }
}
