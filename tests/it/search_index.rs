//! The search index files as the browser gets them: their shape, what they
//! hold (and do not), and the weights the ranking rests on.

use chrono::{Datelike, NaiveDate};
use serde_json::Value;
use std::collections::BTreeMap;
use yomon::model::{FrontMatter, Review};
use yomon::search::term_name;
use yomon::site::OutputFile;
use yomon::taxonomy::{Taxonomy, Topic};

fn review(
    slug: &str,
    date: (i32, u32, u32),
    title: &str,
    headline: Option<&str>,
    tags: &[&str],
    body: &str,
) -> Review {
    Review {
        slug: slug.into(),
        front: FrontMatter {
            title: title.into(),
            title_estimated: false,
            date: NaiveDate::from_ymd_opt(date.0, date.1, date.2).expect("date"),
            date_estimated: false,
            headline: headline.map(Into::into),
            authors: vec![],
            number: Some(7),
            arxiv: vec!["2405.17399".into()],
            links: vec![],
            tags: tags.iter().map(|t| t.to_string()).collect(),
            source: None,
        },
        body: body.into(),
        origin: Default::default(),
    }
}

fn taxonomy() -> Taxonomy {
    Taxonomy {
        topics: vec![Topic {
            slug: "diffusion".into(),
            he: "מודלי דיפוזיה".into(),
            en: "Diffusion models".into(),
            ..Default::default()
        }],
        ..Default::default()
    }
}

fn fixture() -> Vec<Review> {
    vec![
        review("a-title", (2024, 6, 1), "Diffusion Transformers", None, &["diffusion"], "short body"),
        review(
            "b-body",
            (2024, 6, 2),
            "Something Else",
            Some("כותרת"),
            &[],
            "transformers transformers transformers transformers transformers in a long body of text about other things",
        ),
        review("c-hebrew", (2024, 6, 3), "Hebrew", Some("על המודל"), &["unknown-topic"], "המאמר עוסק בדיפוזיה ובמוח. ראו https://arxiv.org/abs/2405.17399"),
    ]
}

fn build(reviews: &[Review]) -> Vec<OutputFile> {
    yomon::search::index_files(reviews, &taxonomy(), &|r| {
        format!("reviews/{}.html", r.slug)
    })
}

/// The JSON argument of `yomonSearch.NAME(...)` in a data file.
fn payload(file: &OutputFile) -> Value {
    let text = String::from_utf8(file.bytes.clone()).expect("utf8");
    let open = text.find('(').expect("call");
    let inner = text[open + 1..]
        .trim_end()
        .strip_suffix(");")
        .expect("call end");
    let json = match inner.split_once(',') {
        // A shard's or chunk's name, or a result file's key ("d0", "d0-1").
        Some((first, rest)) if first.starts_with('"') && !first.contains('{') => rest,
        _ => inner,
    };
    serde_json::from_str(json).expect("json payload")
}

fn file<'a>(files: &'a [OutputFile], path: &str) -> &'a OutputFile {
    files
        .iter()
        .find(|f| f.path.to_string_lossy() == path)
        .unwrap_or_else(|| panic!("no {path}"))
}

/// term -> review -> weight, from every shard.
fn postings(files: &[OutputFile]) -> BTreeMap<String, BTreeMap<u64, u64>> {
    let mut all = BTreeMap::new();
    for f in files.iter().filter(|f| {
        f.path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('s'))
    }) {
        for (term, flat) in payload(f).as_object().expect("shard object") {
            // Pairs of numbers, then one string of positions.
            let items = flat.as_array().expect("array");
            assert!(items.last().is_some_and(Value::is_string), "{term}");
            let flat: Vec<u64> = items[..items.len() - 1]
                .iter()
                .map(|v| v.as_u64().expect("int"))
                .collect();
            let mut doc = 0;
            let list = all.entry(term.clone()).or_insert_with(BTreeMap::new);
            for pair in flat.chunks(2) {
                doc += pair[0];
                list.insert(doc, pair[1]);
            }
        }
    }
    all
}

/// Where the result file of review `doc` (part `part`) is.
fn doc_path(doc: u64, part: u64) -> String {
    match part {
        0 => format!("search/d{doc}.js"),
        _ => format!("search/d{doc}-{part}.js"),
    }
}

fn doc_number(files: &[OutputFile], slug: &str) -> u64 {
    let manifest = payload(file(files, "search/index.js"));
    (0..manifest["n"].as_u64().expect("n"))
        .find(|&i| payload(file(files, &doc_path(i, 0)))["u"] == format!("reviews/{slug}.html"))
        .expect("review in index")
}

#[test]
fn index_files_are_a_manifest_shards_and_one_file_per_review() {
    let files = build(&fixture());
    let manifest = payload(file(&files, "search/index.js"));
    assert_eq!(manifest["n"], 3);
    assert!(!manifest["s"].as_array().expect("shards").is_empty());
    let named = |key: &str, prefix: &str| -> Vec<String> {
        let firsts = manifest[key].as_array().expect("first terms");
        firsts
            .iter()
            .map(|t| format!("search/{prefix}{}.js", term_name(t.as_str().expect("term"))))
            .collect()
    };
    let (shards, chunks) = (named("s", "s"), named("w", "v"));
    assert!(
        manifest["b"].as_str().is_some_and(|b| b.len() == 8),
        "build id"
    );
    for f in &files {
        let path = f.path.to_string_lossy().to_string();
        let doc = path.strip_prefix("search/d").is_some_and(|rest| {
            rest.trim_end_matches(".js")
                .split('-')
                .all(|n| n.parse::<u32>().is_ok())
        });
        assert!(
            path == "search/index.js" || shards.contains(&path) || chunks.contains(&path) || doc,
            "{path}"
        );
    }
    assert!(shards
        .iter()
        .all(|s| files.iter().any(|f| f.path.to_string_lossy() == *s)));
    // Oldest first: the last review is the newest.
    let newest = payload(file(&files, &doc_path(2, 0)));
    assert_eq!(newest["u"], "reviews/c-hebrew.html");
    assert_eq!(newest["h"], "על המודל");
    assert_eq!(newest["d"], "2024-06-03");
    assert_eq!(
        newest["x"], "המאמר עוסק בדיפוזיה ובמוח. ראו",
        "URLs are not in the snippet text"
    );
}

#[test]
fn topics_list_their_reviews_and_unknown_slugs_are_kept() {
    let files = build(&fixture());
    let manifest = payload(file(&files, "search/index.js"));
    let topics = manifest["g"].as_array().expect("topics");
    assert_eq!(topics[0][0], "diffusion");
    assert_eq!(topics[0][1], "מודלי דיפוזיה");
    assert_eq!(
        topics[0][3],
        serde_json::json!([doc_number(&files, "a-title")])
    );
    assert_eq!(topics[1][0], "unknown-topic");
}

#[test]
fn shards_hold_terms_not_documents() {
    let files = build(&fixture());
    for f in files.iter().filter(|f| {
        f.path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('s'))
    }) {
        let text = String::from_utf8_lossy(&f.bytes);
        assert!(!text.contains("long body of text"), "a shard stores text");
    }
}

#[test]
fn hebrew_prefix_finds_word() {
    let files = build(&fixture());
    let terms = postings(&files);
    let doc = doc_number(&files, "c-hebrew");
    for term in ["דיפוזיה", "בדיפוזיה", "מוח", "מודל"] {
        assert!(
            terms.get(term).is_some_and(|l| l.contains_key(&doc)),
            "{term}"
        );
    }
}

#[test]
fn title_match_outranks_body_matches() {
    let files = build(&fixture());
    let terms = postings(&files);
    let in_title = doc_number(&files, "a-title");
    let in_body = doc_number(&files, "b-body");
    let transformers = &terms["transformers"];
    assert!(
        transformers[&in_title] > transformers[&in_body],
        "{transformers:?}"
    );
}

#[test]
fn arxiv_id_review_number_and_date_are_terms() {
    let files = build(&fixture());
    let terms = postings(&files);
    assert_eq!(terms["2405.17399"].len(), 3);
    assert_eq!(terms["7"].len(), 3);
    assert!(!terms.contains_key("https"), "URLs are not indexed");
    assert_eq!(
        terms["01.06.2024"].len(),
        1,
        "dates as the archive wrote them"
    );
    assert_eq!(terms["01.06.24"].len(), 1);
}

#[test]
fn index_is_deterministic() {
    assert_eq!(build(&fixture()), build(&fixture()));
}

#[test]
fn content_text_cannot_break_out_of_the_data_file() {
    let hostile = review(
        "h",
        (2024, 1, 1),
        "\");alert(1);(\"</script>",
        Some("\u{2028}"),
        &[],
        "x",
    );
    let files = build(&[hostile]);
    let doc = payload(file(&files, &doc_path(0, 0)));
    assert_eq!(doc["t"], "\");alert(1);(\"</script>");
}

/// term -> the positions string of its list (the array's last element).
fn positions_of(files: &[OutputFile], term: &str) -> String {
    files
        .iter()
        .filter(|f| {
            f.path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('s'))
        })
        .find_map(|f| {
            let shard = payload(f);
            let list = shard.get(term)?.as_array()?.clone();
            list.last()?.as_str().map(str::to_string)
        })
        .unwrap_or_else(|| panic!("no {term}"))
}

#[test]
fn positions_lead_to_the_part_of_the_text_that_holds_the_word() {
    let filler: Vec<String> = (0..400)
        .map(|i| format!("filler{}", "x".repeat(i % 7 + 1)))
        .collect();
    let body = format!(
        "{} zebra {}",
        filler[..250].join(" "),
        filler[250..].join(" ")
    );
    let reviews = vec![review(
        "long",
        (2024, 6, 1),
        "Zebra Title",
        None,
        &[],
        &body,
    )];
    let files = build(&reviews);
    let manifest = payload(file(&files, "search/index.js"));
    let (chunk, meta) = (
        manifest["c"].as_u64().expect("chunk size"),
        manifest["m"].as_u64().expect("meta offset"),
    );
    // One review, so one list segment: base-36 deltas.
    let decode = |s: &str| -> Vec<u64> {
        let mut at = 0;
        s.split(',')
            .map(|d| {
                at += u64::from_str_radix(d, 36).expect("base 36");
                at
            })
            .collect()
    };
    let zebra = decode(&positions_of(&files, "zebra"));
    assert_eq!(zebra, vec![250, meta], "body at 250, then the title");
    let part = zebra[0] / chunk;
    assert!(part > 0, "a later part");
    let text = payload(file(&files, &doc_path(0, part)));
    assert!(text["x"].as_str().expect("text").contains("zebra"));
    assert_eq!(text["p"], part);
    assert_eq!(text["u"], "reviews/long.html");
    let first = payload(file(&files, &doc_path(0, 0)));
    assert!(!first["x"].as_str().expect("text").contains("zebra"));
    assert_eq!(first["k"], text["k"]);
}

/// Many reviews of varied words, one a day from 2024-01-01.
fn archive(count: usize) -> Vec<Review> {
    let words: Vec<String> = (0..600).map(|i| format!("word{i}x")).collect();
    (0..count)
        .map(|i| {
            let body: Vec<&str> = (0..120)
                .map(|k| words[(i * 37 + k * k * 13) % words.len()].as_str())
                .collect();
            let date = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Days::new(i as u64);
            let date = (date.year(), date.month(), date.day());
            review(
                &format!("r{i:04}"),
                date,
                &format!("Title {i}"),
                None,
                &[],
                &body.join(" "),
            )
        })
        .collect()
}

/// The files of `after` that are new or differ from `before`'s, the
/// manifest aside.
fn changed(before: &[OutputFile], after: &[OutputFile]) -> Vec<String> {
    let old: BTreeMap<_, _> = before.iter().map(|f| (&f.path, &f.bytes)).collect();
    after
        .iter()
        .filter(|f| old.get(&f.path) != Some(&&f.bytes))
        .map(|f| f.path.to_string_lossy().into_owned())
        .filter(|p| p != "search/index.js")
        .collect()
}

#[test]
fn an_edit_rewrites_only_the_files_its_words_are_in() {
    let mut reviews = archive(400);
    let before = build(&reviews);
    let shards = before
        .iter()
        .filter(|f| f.path.to_string_lossy().starts_with("search/s"))
        .count();
    assert!(shards > 20, "{shards} shards: the test needs many");
    // One word of one review changes: a new word in, a shared word out.
    reviews[150].body = reviews[150].body.replacen("word", "fresh", 1);
    let after = build(&reviews);
    let changed = changed(&before, &after);
    let changed_shards = changed.iter().filter(|p| p.starts_with("search/s")).count();
    assert!(
        (1..=4).contains(&changed_shards),
        "{changed_shards} of {shards} shards changed: {changed:?}"
    );
    // The edited review's result files, none of any other.
    let docs: Vec<usize> = changed.iter().filter_map(|p| doc_of(p)).collect();
    assert!(docs.contains(&150));
    assert!(docs.iter().all(|&d| d == 150), "{docs:?}");
}

/// The review number of a result file's path.
fn doc_of(path: &str) -> Option<usize> {
    let name = path.rsplit('/').next()?.strip_prefix('d')?;
    name.split(['.', '-']).next()?.parse().ok()
}

#[test]
fn a_new_review_keeps_every_older_reviews_number_and_files() {
    let mut reviews = archive(300);
    let before = build(&reviews);
    reviews.extend(archive(301).pop());
    let after = build(&reviews);
    let changed = changed(&before, &after);
    // Its own result files, and the lists of its words.
    let docs: Vec<usize> = changed.iter().filter_map(|p| doc_of(p)).collect();
    assert!(docs.contains(&300), "the new review is number 300");
    assert!(docs.iter().all(|&d| d == 300), "{docs:?}");
    // A shard changes only where the new review's terms are, or next to
    // one that does (a list that grew may move the cut after it).
    let holds_new = |path: &str| {
        payload(file(&after, path))
            .as_object()
            .unwrap()
            .values()
            .any(|list| list.as_array().unwrap().len() > 1 && last_doc(list) == Some(300))
    };
    let manifest = payload(file(&after, "search/index.js"));
    let shards: Vec<String> = manifest["s"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| format!("search/s{}.js", term_name(t.as_str().unwrap())))
        .collect();
    for (i, shard) in shards.iter().enumerate() {
        if changed.contains(shard) {
            assert!(
                holds_new(shard) || (i > 0 && holds_new(&shards[i - 1])),
                "{shard} changed without holding the new review's terms"
            );
        }
    }
    assert!(
        shards.iter().any(|s| !changed.contains(s)),
        "some shards kept"
    );
}

/// The last review on a term's list (its doc deltas summed).
fn last_doc(list: &Value) -> Option<u64> {
    let items = list.as_array()?;
    let numbers = &items[..items.len() - 1];
    Some(numbers.iter().step_by(2).filter_map(Value::as_u64).sum())
}
