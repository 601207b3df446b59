//! The search index files as the browser gets them: their shape, what they
//! hold (and do not), and the weights the ranking rests on.

use chrono::NaiveDate;
use serde_json::Value;
use std::collections::BTreeMap;
use yomon::model::{FrontMatter, Review};
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
        // A shard's number, or a result file's key ("d0", "d0-1").
        Some((first, rest))
            if first.chars().all(|c| c.is_ascii_digit())
                || (first.starts_with("\"d") && !first.contains('{')) =>
        {
            rest
        }
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

fn doc_number(files: &[OutputFile], slug: &str) -> u64 {
    let manifest = payload(file(files, "search/index.js"));
    let build = manifest["b"].as_str().expect("build id");
    (0..manifest["n"].as_u64().expect("n"))
        .find(|i| {
            payload(file(files, &format!("search/{build}/d{i}.js")))["u"]
                == format!("reviews/{slug}.html")
        })
        .expect("review in index")
}

#[test]
fn index_files_are_a_manifest_shards_and_one_file_per_review() {
    let files = build(&fixture());
    let manifest = payload(file(&files, "search/index.js"));
    let build = manifest["b"].as_str().expect("build id");
    assert_eq!(manifest["n"], 3);
    assert!(!manifest["s"].as_array().expect("shards").is_empty());
    for f in &files {
        let path = f.path.to_string_lossy();
        assert!(
            path == "search/index.js" || path.starts_with(&format!("search/{build}/")),
            "{path}"
        );
        assert!(path.ends_with(".js"), "{path}");
    }
    // Newest first: review 0 is the newest.
    let newest = payload(file(&files, &format!("search/{build}/d0.js")));
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
    let manifest = payload(file(&files, "search/index.js"));
    let doc = payload(file(
        &files,
        &format!("search/{}/d0.js", manifest["b"].as_str().expect("b")),
    ));
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
    let build_id = manifest["b"].as_str().expect("build id");
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
    let text = payload(file(&files, &format!("search/{build_id}/d0-{part}.js")));
    assert!(text["x"].as_str().expect("text").contains("zebra"));
    assert_eq!(text["p"], part);
    assert_eq!(text["u"], "reviews/long.html");
    let first = payload(file(&files, &format!("search/{build_id}/d0.js")));
    assert!(!first["x"].as_str().expect("text").contains("zebra"));
    assert_eq!(first["k"], text["k"]);
}
