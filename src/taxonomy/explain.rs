//! `yomon ingest --explain`: for one review, each topic's score and the
//! words and places that gave it, so the author can see which rule in
//! content/tags.toml to change.

use super::matcher::{Hit, Ignored, TopicScore};
use std::fmt::Write;

/// The report, one block per topic with any match, highest score first.
pub fn report(name: &str, scores: &[TopicScore]) -> String {
    let mut out = String::new();
    let assigned: Vec<&str> = scores
        .iter()
        .filter(|s| s.assigned())
        .map(|s| s.slug.as_str())
        .collect();
    let _ = writeln!(out, "review {name}");
    if assigned.is_empty() {
        let _ = writeln!(out, "topics: none (no topic reached its min_score)");
    } else {
        let _ = writeln!(out, "topics: {}", assigned.join(", "));
    }
    let mut shown: Vec<&TopicScore> = scores.iter().filter(|s| !s.hits.is_empty()).collect();
    // Stable: equal scores keep taxonomy order.
    shown.sort_by_key(|s| std::cmp::Reverse(s.score));
    for topic in shown {
        let verdict = if topic.assigned() {
            "assigned"
        } else {
            "not assigned"
        };
        let _ = writeln!(
            out,
            "\n{}: {} of {} needed, {verdict}",
            topic.slug, topic.score, topic.min_score
        );
        for (hit, count) in grouped(&topic.hits) {
            let _ = writeln!(out, "  {}", line(hit, count));
        }
    }
    out
}

/// Equal matches (same place, words, rule and fate) once, with a count.
fn grouped(hits: &[Hit]) -> Vec<(&Hit, usize)> {
    let mut groups: Vec<(&Hit, usize)> = Vec::new();
    for hit in hits {
        let same = |g: &&mut (&Hit, usize)| {
            g.0.place == hit.place
                && g.0.written == hit.written
                && g.0.rule == hit.rule
                && g.0.weight == hit.weight
                && g.0.ignored == hit.ignored
        };
        match groups.iter_mut().find(same) {
            Some(group) => group.1 += 1,
            None => groups.push((hit, 1)),
        }
    }
    groups
}

fn line(hit: &Hit, count: usize) -> String {
    let times = if count > 1 {
        format!(" x{count}")
    } else {
        String::new()
    };
    let what = format!(
        "\"{}\"{times} by \"{}\"",
        as_written(&hit.written),
        hit.rule
    );
    let place = hit.place.name();
    match &hit.ignored {
        None => format!("{place:<8} +{:<3} {what}", hit.weight as usize * count),
        Some(why) => {
            let why = match why {
                Ignored::Excluded(phrase) => format!("inside excluded \"{phrase}\""),
                Ignored::NothingNear => "no `near` word close by".to_string(),
                Ignored::Near(word) => format!("\"{word}\" close by"),
                Ignored::Repeated(n) => format!("the rule already counted {n} times in the body"),
            };
            format!("{place:<8} +0   {what}: not counted, {why}")
        }
    }
}

/// Words come out of the word model with Hebrew final letters folded
/// ("זיכרונ"); show each word's last letter in its final form again, as the
/// author wrote it.
fn as_written(words: &str) -> String {
    words
        .split(' ')
        .map(|word| {
            let mut chars: Vec<char> = word.chars().collect();
            let hebrew =
                chars.len() > 1 && chars.iter().all(|c| ('\u{05D0}'..='\u{05EA}').contains(c));
            if let (true, Some(last)) = (hebrew, chars.last_mut()) {
                *last = match *last {
                    'כ' => 'ך',
                    'מ' => 'ם',
                    'נ' => 'ן',
                    'פ' => 'ף',
                    'צ' => 'ץ',
                    c => c,
                };
            }
            chars.into_iter().collect::<String>()
        })
        .collect::<Vec<_>>()
        .join(" ")
}
