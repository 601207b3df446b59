//! Micro precision and recall (as the test `topic_rules_meet_the_labelled_set`
//! counts them), k-fold cross-validation, and how a model's probability
//! and the rules decide together.

use crate::features::Case;
use crate::logistic::{Model, Settings};

pub const FOLDS: usize = 5;
const SEED: u64 = 10;

#[derive(Default, Clone, Copy)]
pub struct Counts {
    assigned: usize,
    right: usize,
    must: usize,
    found: usize,
}

impl Counts {
    pub fn of(cases: &[Case], decisions: &[Vec<bool>]) -> Counts {
        let mut c = Counts::default();
        for (case, got) in cases.iter().zip(decisions) {
            for (t, &got) in got.iter().enumerate() {
                c.assigned += usize::from(got);
                c.right += usize::from(got && (case.must[t] || case.may[t]));
                c.must += usize::from(case.must[t]);
                c.found += usize::from(got && case.must[t]);
            }
        }
        c
    }

    pub fn line(&self) -> String {
        let ratio = |a: usize, b: usize| a as f64 / b.max(1) as f64;
        format!(
            "precision {:.3} ({}/{}), recall {:.3} ({}/{})",
            ratio(self.right, self.assigned),
            self.right,
            self.assigned,
            ratio(self.found, self.must),
            self.found,
            self.must
        )
    }
}

/// The rules' own decisions.
pub fn by_rules(cases: &[Case]) -> Vec<Vec<bool>> {
    cases.iter().map(|c| c.by_rules.clone()).collect()
}

/// How the rules and a model's probability decide a topic.
#[derive(Debug, Clone, Copy)]
pub struct Decision {
    /// A topic the rules assign is dropped below this probability ...
    pub keep: f64,
    /// ... but only when its matches are all in the body, if set.
    pub veto_body_only: bool,
    /// A topic the rules did not assign is added from this probability.
    pub add: f64,
}

impl Decision {
    pub fn apply(&self, cases: &[Case], probabilities: &[Vec<f64>]) -> Vec<Vec<bool>> {
        cases
            .iter()
            .zip(probabilities)
            .map(|(case, p)| {
                (0..p.len())
                    .map(|t| match case.by_rules[t] {
                        true if self.veto_body_only && case.placed(t) => true,
                        true => p[t] >= self.keep,
                        false => p[t] >= self.add,
                    })
                    .collect()
            })
            .collect()
    }
}

/// The fold of each case: a fixed shuffle (seeded), dealt round robin.
pub fn folds(n: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut state = SEED;
    for i in (1..n).rev() {
        // Knuth's MMIX linear congruential generator.
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        order.swap(i, (state >> 33) as usize % (i + 1));
    }
    let mut fold = vec![0; n];
    for (k, &i) in order.iter().enumerate() {
        fold[i] = k % FOLDS;
    }
    fold
}

/// The cases not in fold `f`: what a fold's model or bar is chosen on.
fn outside_fold<'a>(cases: &'a [Case], fold: &[usize], f: usize) -> Vec<&'a Case> {
    cases
        .iter()
        .zip(fold)
        .filter(|(_, k)| **k != f)
        .map(|(c, _)| c)
        .collect()
}

/// Each case's probability per topic from the model trained on the other
/// folds.
pub fn cross_validate(topics: usize, cases: &[Case], s: &Settings) -> Vec<Vec<f64>> {
    let fold = folds(cases.len());
    let mut out = vec![Vec::new(); cases.len()];
    for f in 0..FOLDS {
        let training = outside_fold(cases, &fold, f);
        let model = Model::train(topics, &training, s);
        for (i, case) in cases.iter().enumerate().filter(|(i, _)| fold[*i] == f) {
            out[i] = (0..topics).map(|t| model.probability(t, case)).collect();
        }
    }
    out
}

/// Train on `seen`, give the probabilities for `fresh`.
pub fn train_and_predict(
    topics: usize,
    seen: &[Case],
    fresh: &[Case],
    s: &Settings,
) -> Vec<Vec<f64>> {
    let training: Vec<&Case> = seen.iter().collect();
    let model = Model::train(topics, &training, s);
    fresh
        .iter()
        .map(|case| (0..topics).map(|t| model.probability(t, case)).collect())
        .collect()
}

/// Each topic's `min_score` chosen on the other folds (the bar that finds
/// most must-topics less `cost` per wrong topic; ties to the higher bar),
/// applied to the fold left out.
pub fn thresholds(topics: usize, cases: &[Case], cost: f64) -> Vec<Vec<bool>> {
    let fold = folds(cases.len());
    let mut out = vec![Vec::new(); cases.len()];
    for f in 0..FOLDS {
        let training = outside_fold(cases, &fold, f);
        let gain = |t: usize, bar: u32| -> f64 {
            let value = |c: &&Case| match (c.must[t], c.may[t]) {
                (true, _) => 1.0,
                (false, true) => 0.0,
                _ => -cost,
            };
            training
                .iter()
                .filter(|c| c.score[t] >= bar)
                .map(value)
                .sum()
        };
        let bars: Vec<u32> = (0..topics)
            .map(|t| {
                (1..=24)
                    .max_by(|a, b| gain(t, *a).total_cmp(&gain(t, *b)))
                    .unwrap_or(4)
            })
            .collect();
        for (i, case) in cases.iter().enumerate().filter(|(i, _)| fold[*i] == f) {
            out[i] = (0..topics).map(|t| case.score[t] >= bars[t]).collect();
        }
    }
    out
}
