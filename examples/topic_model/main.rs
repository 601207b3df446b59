//! Can a small learned model beat the hand-written topic rules on reviews
//! it has not seen? (Issue 10, round 6; BENCHMARKS.md, Topics.)
//!
//! ```sh
//! cargo run --release --example topic_model -- cv [key=value ...]
//! cargo run --release --example topic_model -- sweep
//! cargo run --release --example topic_model -- thresholds
//! git show 2d7ca0f:content/tags.toml > /tmp/tags-round3.toml
//! cargo run --release --example topic_model -- replay /tmp/tags-round3.toml [key=value ...]
//! ```
//!
//! `cv`: 5-fold cross-validation (fixed seed) over the 219 labelled reviews
//! of batches 1-3, the rules' score beside it. The rules were tuned on all
//! 219, so their score there is optimistic; `replay` is the fairer test:
//! the rules as they stood after tuning on batches 1-2 (commit 2d7ca0f,
//! round 3), a model trained on batches 1-2, both measured on batch 3,
//! which neither had seen then. `thresholds`: per-topic `min_score`
//! chosen on the training folds. The held-out batch 4 is never read here.
//!
//! Settings (key=value): lambda, steps, rate, min_cases, may (a number or
//! `none`), words, rule_sums, rule_hits (0 or 1), and the decision: keep,
//! add, veto_body_only (0 or 1).

mod corpus;
mod features;
mod logistic;
mod measure;

use logistic::Settings;
use measure::{Counts, Decision};
use std::path::Path;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = Path::new(".");
    let command = args.first().map(String::as_str).unwrap_or("");
    if command == "replay" {
        let old = args
            .get(1)
            .ok_or_else(|| anyhow::anyhow!("replay OLD_TAGS_TOML"))?;
        let (s, d) = settings(&args[2..]);
        return replay(root, Path::new(old), &s, d);
    }
    let taxonomy = corpus::taxonomy(&root.join("content/tags.toml"))?;
    let topics = taxonomy.topics.len();
    let cases = corpus::cases(root, &taxonomy, corpus::BATCHES_1_3)?;
    println!(
        "batches 1-3, {} reviews, {}-fold cv",
        cases.len(),
        measure::FOLDS
    );
    println!(
        "rules: {}",
        Counts::of(&cases, &measure::by_rules(&cases)).line()
    );
    match command {
        "cv" => {
            let (s, d) = settings(&args[1..]);
            let p = measure::cross_validate(topics, &cases, &s);
            println!("model {s:?} {d:?}: {}", Counts::of(&cases, &d.apply(&cases, &p)).line());
        }
        "sweep" => sweep(topics, &cases),
        "thresholds" => {
            for cost in [0.5, 1.0, 2.0, 4.0] {
                let got = measure::thresholds(topics, &cases, cost);
                println!("per-topic min_score, cost {cost}: {}", Counts::of(&cases, &got).line());
            }
        }
        _ => anyhow::bail!("usage: topic_model cv|sweep|thresholds [key=value ...] | replay OLD_TAGS_TOML [key=value ...]"),
    }
    Ok(())
}

/// Round 3 replayed on batch 3 with the rules of its time.
fn replay(root: &Path, old: &Path, s: &Settings, d: Decision) -> anyhow::Result<()> {
    let taxonomy = corpus::taxonomy(old)?;
    let topics = taxonomy.topics.len();
    let all = corpus::cases(root, &taxonomy, corpus::BATCHES_1_3)?;
    let (seen, fresh) = all.split_at(corpus::BATCHES_1_2);
    let rules = |cases: &[features::Case]| Counts::of(cases, &measure::by_rules(cases)).line();
    println!("old rules, batches 1-2 (their tuning): {}", rules(seen));
    println!("old rules, batch 3 (unseen): {}", rules(fresh));
    let p = measure::cross_validate(topics, seen, s);
    println!("model {s:?} {d:?}");
    println!(
        "  cv on batches 1-2: {}",
        Counts::of(seen, &d.apply(seen, &p)).line()
    );
    let p = measure::train_and_predict(topics, seen, fresh, s);
    println!(
        "  trained on 1-2, batch 3: {}",
        Counts::of(fresh, &d.apply(fresh, &p)).line()
    );
    Ok(())
}

/// The settings this round tried, each trained once per fold and decided
/// with every pair of thresholds.
fn sweep(topics: usize, cases: &[features::Case]) {
    let kinds = [
        ("words + rule sums", true, true, false),
        ("words only", true, false, false),
        ("rule sums + rule hits", false, true, true),
        ("words + rule sums + rule hits", true, true, true),
    ];
    for (name, words, rule_sums, rule_hits) in kinds {
        for may in [None, Some(1.0)] {
            let s = Settings {
                words,
                rule_sums,
                rule_hits,
                may,
                ..Settings::default()
            };
            let p = measure::cross_validate(topics, cases, &s);
            for veto_body_only in [false, true] {
                for keep in [0.0, 0.2, 0.5] {
                    for add in [0.5, 0.7, 0.9, 2.0] {
                        let d = Decision {
                            keep,
                            veto_body_only,
                            add,
                        };
                        let got = d.apply(cases, &p);
                        println!(
                            "{name}, may {may:?}, {d:?}: {}",
                            Counts::of(cases, &got).line()
                        );
                    }
                }
            }
        }
    }
}

/// `key=value` arguments over the defaults (rules alone: keep 0, add 2).
fn settings(args: &[String]) -> (Settings, Decision) {
    let mut s = Settings::default();
    let mut d = Decision {
        keep: 0.0,
        veto_body_only: false,
        add: 2.0,
    };
    for (key, value) in args.iter().filter_map(|a| a.split_once('=')) {
        let v: f64 = value.parse().unwrap_or(f64::NAN);
        match key {
            "lambda" => s.lambda = v,
            "steps" => s.steps = v as usize,
            "rate" => s.rate = v,
            "min_cases" => s.min_cases = v as usize,
            "may" => s.may = (!v.is_nan()).then_some(v),
            "words" => s.words = v != 0.0,
            "rule_sums" => s.rule_sums = v != 0.0,
            "rule_hits" => s.rule_hits = v != 0.0,
            "keep" => d.keep = v,
            "add" => d.add = v,
            "veto_body_only" => d.veto_body_only = v != 0.0,
            _ => eprintln!("unknown setting {key}"),
        }
    }
    (s, d)
}
