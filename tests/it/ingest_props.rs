//! Property test: on generated archives, ingest never panics and never
//! loses a line (every non-blank line is in exactly one review, and each
//! body is its review's text in order).

use proptest::prelude::*;
use std::path::Path;
use yomon::ingest::{manifest::Manifest, parse, prepare, tags::DEFAULT_TAGS};
use yomon::taxonomy::Taxonomy;

/// Lines like the archive's, its anomalies included, plus noise.
fn line() -> impl Strategy<Value = String> {
    let date = (
        1u32..40,
        1u32..14,
        prop::sample::select(vec!["24", "25", "2024", "7", "024"]),
        prop::sample::select(vec![".", "-", "/"]),
    )
        .prop_map(|(d, m, y, sep)| format!("{d:02}{sep}{m:02}.{y}"));
    prop_oneof![
        3 => date.clone().prop_map(|d| format!("🚀⚡️ המאמר היומי של מיק {d}: Some Paper Title")),
        2 => date.clone().prop_map(|d| format!("{d} המאמר הימי של עמרי ומיק -")),
        1 => Just("🚀⚡️: המאמר היומי של מאי 24 🚀⚡️ Learning Rate".to_string()),
        1 => date.clone().prop_map(|d| format!("的文章: {d} 🔥🚀")),
        1 => date.prop_map(|d| format!(":{d} - מיק - המאמר הימי של")),
        3 => Just("An English Title For A Paper".to_string()),
        1 => Just("**A Bold Title Split**".to_string()),
        4 => Just("פסקה בעברית עם כמה מילים ו-LLM באמצע, ועוד טקסט כדי שתהיה ארוכה מספיק לפרוזה.".to_string()),
        3 => Just("<https://arxiv.org/abs/2405.17399v2>".to_string()),
        1 => Just("מאמר: https://www.arxiv.org/pdf/2401.00001.pdf".to_string()),
        1 => Just("קריאה מהנה!".to_string()),
        1 => Just("כותרת: משהו קצר בעברית על המאמר".to_string()),
        1 => Just("סקירה מס' 500".to_string()),
        1 => Just("<script>alert(1)</script> [x](javascript:alert(2))".to_string()),
        5 => Just(String::new()),
        1 => Just("   \t ".to_string()),
        2 => "\\PC{0,40}",
        1 => "[\u{0590}-\u{05ff} a-z0-9.:*-]{0,30}",
    ]
}

fn archive() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(line(), 0..60),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(lines, crlf, final_newline)| {
            let mut text = lines.join(if crlf { "\r\n" } else { "\n" });
            if final_newline {
                text.push('\n');
            }
            text
        })
}

proptest! {
    #![proptest_config(ProptestConfig {
        // PROPTEST_CASES=5000 for a longer hunt; 400 keeps `cargo test` quick.
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(400),
        ..ProptestConfig::default()
    })]

    #[test]
    fn never_panics_and_never_loses_a_line(text in archive()) {
        let Ok(outcome) = parse::parse("gen.txt", &text) else { return Ok(()) };
        let lines: Vec<&str> = {
            let mut l: Vec<&str> = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).collect();
            if text.ends_with('\n') { l.pop(); }
            l
        };
        let mut owner = vec![0usize; lines.len() + 1];
        for (i, r) in outcome.reviews.iter().enumerate() {
            let (start, end) = (r.draft.start, r.draft.end);
            prop_assert!(1 <= start && start <= end && end <= lines.len());
            for (slot, n) in owner[start..=end].iter_mut().zip(start..) {
                prop_assert_eq!(*slot, 0, "line {} in two reviews", n);
                *slot = i + 1;
            }
            // The body is the range's text in order, less the moved lines.
            let kept: Vec<&str> = (start..=end).filter(|n| !r.draft.moved.contains(n)).map(|n| lines[n - 1]).collect();
            let joined = kept.join("\n");
            prop_assert!(joined.contains(r.body.as_str()), "body is not the review's text");
            prop_assert_eq!(joined.trim_matches(|c| c == '\n' || c == ' ' || c == '\t').len() >= r.body.trim().len(), true);
            for n in &r.draft.moved {
                prop_assert!((start..=end).contains(n));
            }
        }
        for n in 1..=lines.len() {
            if !lines[n - 1].trim().is_empty() {
                prop_assert_ne!(owner[n], 0, "line {} lost: {:?}", n, lines[n - 1]);
            }
        }
        // Tags, slugs and page rendering must not panic either.
        let taxonomy = Taxonomy::parse("tags.toml", DEFAULT_TAGS).unwrap();
        let (pages, _, _) = prepare(outcome.reviews, &taxonomy, &Manifest::default(), "gen.txt", Path::new("/nonexistent/reviews")).unwrap();
        for page in &pages {
            prop_assert!(page.bytes.starts_with("+++\n"));
            prop_assert!(!page.front.title.is_empty());
            let front: yomon::model::FrontMatter = toml::from_str(page.bytes.split("+++\n").nth(1).unwrap()).unwrap();
            prop_assert_eq!(&front, &page.front);
        }
    }
}

/// Text where Hebrew words meet letters of other scripts, as in the export.
fn damaged_text() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        4 => Just("להעשיר".to_string()),
        4 => Just("אז".to_string()),
        3 => Just("להעшир".to_string()),
        3 => Just("از".to_string()),
        2 => Just("כλומר".to_string()),
        2 => Just("ב망ירה".to_string()),
        1 => Just("$\\alpha_ш$".to_string()),
        1 => Just("`код`".to_string()),
        2 => "[\u{05d0}-\u{05ea}\u{0400}-\u{04ff}\u{0600}-\u{06ff}\u{3040}-\u{30ff}\u{ac00}-\u{ac20}' ]{1,12}",
        1 => "\\PC{0,12}",
    ];
    prop::collection::vec(prop::collection::vec(word, 0..12), 0..20).prop_map(|lines| {
        lines
            .into_iter()
            .map(|l| l.join(" "))
            .collect::<Vec<_>>()
            .join("\n")
    })
}

#[test]
fn generated_damage_is_repaired() {
    // The property below is only worth something if repair does repair.
    let repaired =
        yomon::ingest::repair_archive("gen.txt", "להעשיר להעשיר\nלהעшир כλומר כלומר כלומר");
    assert_eq!(repaired.text, "להעשיר להעשיר\nלהעשיר כלומר כלומר כלומר");
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(300),
        ..ProptestConfig::default()
    })]

    /// Repair never panics, and undoing what it records gives back the input.
    #[test]
    fn repair_undoes_to_its_input(text in damaged_text()) {
        let repaired = yomon::ingest::repair_archive("gen.txt", &text);
        let undone = yomon::ingest::repair::undo::undo(&repaired.text, &repaired.repairs);
        prop_assert_eq!(undone.as_deref(), Ok(text.as_str()));
    }
}
