//! One L2-regularised logistic regression per topic, by full-batch
//! gradient descent with Nesterov momentum from zero, a fixed number of
//! steps in a fixed order: the same cases give the same weights.

use crate::features::Case;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone)]
pub struct Settings {
    /// L2 penalty on every weight but the bias.
    pub lambda: f64,
    pub steps: usize,
    pub rate: f64,
    /// A sparse feature counts only when this many training cases have it.
    pub min_cases: usize,
    /// A may-topic's target (1: as a must, 0: as neither), or None to
    /// leave the case out of that topic's training.
    pub may: Option<f64>,
    pub words: bool,
    pub rule_sums: bool,
    pub rule_hits: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            lambda: 0.001,
            steps: 1000,
            rate: 2.0,
            min_cases: 2,
            may: None,
            words: true,
            rule_sums: true,
            rule_hits: false,
        }
    }
}

/// Per topic: bias, the four rule sums, then one weight per feature.
pub struct Model {
    features: HashMap<String, usize>,
    weights: Vec<Vec<f64>>,
    settings: Settings,
}

const FIRST: usize = 5;

/// One case as a topic's training sees it: sparse features, rule sums,
/// target.
type Sample<'a> = (&'a [(usize, f64)], [f64; 4], f64);

impl Model {
    pub fn train(topics: usize, cases: &[&Case], s: &Settings) -> Model {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for case in cases {
            for (name, _) in sparse(case, s) {
                *counts.entry(name.as_str()).or_default() += 1;
            }
        }
        let features: HashMap<String, usize> = counts
            .into_iter()
            .filter(|(_, n)| *n >= s.min_cases)
            .enumerate()
            .map(|(i, (name, _))| (name.to_string(), i))
            .collect();
        let mut model = Model {
            features,
            weights: Vec::new(),
            settings: s.clone(),
        };
        let rows: Vec<Vec<(usize, f64)>> = cases.iter().map(|c| model.row(c)).collect();
        model.weights = (0..topics)
            .into_par_iter()
            .map(|t| model.fit(t, cases, &rows))
            .collect();
        model
    }

    /// The probability that topic `t` is a must-topic of `case`.
    pub fn probability(&self, t: usize, case: &Case) -> f64 {
        sigmoid(self.z(&self.weights[t], &self.row(case), &self.sums(case, t)))
    }

    fn row(&self, case: &Case) -> Vec<(usize, f64)> {
        sparse(case, &self.settings)
            .filter_map(|(name, x)| self.features.get(name).map(|&i| (i, *x)))
            .collect()
    }

    fn sums(&self, case: &Case, t: usize) -> [f64; 4] {
        if self.settings.rule_sums {
            case.rule_sums[t]
        } else {
            [0.0; 4]
        }
    }

    fn z(&self, w: &[f64], row: &[(usize, f64)], sums: &[f64; 4]) -> f64 {
        let mut z = w[0];
        for (k, x) in sums.iter().enumerate() {
            z += w[1 + k] * x;
        }
        for (j, x) in row {
            z += w[FIRST + j] * x;
        }
        z
    }

    fn fit(&self, t: usize, cases: &[&Case], rows: &[Vec<(usize, f64)>]) -> Vec<f64> {
        let s = &self.settings;
        let data: Vec<Sample> = cases
            .iter()
            .zip(rows)
            .filter_map(|(case, row)| {
                let target = if case.must[t] {
                    Some(1.0)
                } else if case.may[t] {
                    s.may
                } else {
                    Some(0.0)
                };
                target.map(|y| (row.as_slice(), self.sums(case, t), y))
            })
            .collect();
        let n = data.len().max(1) as f64;
        let mut w = vec![0.0; FIRST + self.features.len()];
        let mut previous = w.clone();
        for step in 0..s.steps {
            let momentum = step as f64 / (step as f64 + 3.0);
            let ahead: Vec<f64> = w
                .iter()
                .zip(&previous)
                .map(|(w, p)| w + momentum * (w - p))
                .collect();
            let mut grad = vec![0.0; w.len()];
            for (row, sums, y) in &data {
                let g = (sigmoid(self.z(&ahead, row, sums)) - y) / n;
                grad[0] += g;
                for (k, x) in sums.iter().enumerate() {
                    grad[1 + k] += g * x;
                }
                for (j, x) in row.iter() {
                    grad[FIRST + j] += g * x;
                }
            }
            previous = w;
            w = ahead
                .iter()
                .zip(&grad)
                .enumerate()
                .map(|(j, (a, g))| {
                    let penalty = if j == 0 { 0.0 } else { s.lambda * a };
                    a - s.rate * (g + penalty)
                })
                .collect();
        }
        w
    }
}

/// The sparse features of a case that these settings use.
fn sparse<'a>(case: &'a Case, s: &Settings) -> impl Iterator<Item = &'a (String, f64)> {
    let words = if s.words { &case.words[..] } else { &[] };
    let hits = if s.rule_hits { &case.hits[..] } else { &[] };
    words.iter().chain(hits)
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}
