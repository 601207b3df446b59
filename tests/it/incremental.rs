//! The proof of incremental builds: after any sequence of edits (text,
//! dates, tags, titles, new and deleted reviews, broken pages, templates,
//! yomon.toml), the site `serve` holds (a quick update; then, once the
//! lagging work is done and taken in, another) and a build from the disk
//! cache equal a clean build byte for byte, with the same diagnostics.

use crate::cli_util::Project;
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use yomon::build::Paths;
use yomon::incremental::{cache, Changes, Depth, Incremental, Outcome};
use yomon::ui::{Ui, Verbosity};

#[derive(Debug, Clone)]
enum Edit {
    /// Replace a word of a review's body (an index into its words).
    Word(usize, usize, &'static str),
    /// Add a paragraph at the top of the body (the teaser changes).
    Lead(usize, &'static str),
    Title(usize, &'static str),
    Date(usize, u32),
    Tags(usize, Vec<&'static str>),
    New(u32, &'static str),
    Delete(usize),
    /// A front matter that does not parse.
    Break(usize),
    Template(&'static str),
    Config(usize, usize),
}

const WORDS: [&str; 6] = [
    "diffusion",
    "דיפוזיה",
    "transformer",
    "attention",
    "מודל",
    "gradient",
];
const TOPICS: [&str; 4] = ["efficiency", "diffusion", "llm", "no-such-topic"];

fn edit() -> impl Strategy<Value = Edit> {
    let word = prop::sample::select(&WORDS[..]);
    prop_oneof![
        3 => (any::<usize>(), any::<usize>(), word.clone()).prop_map(|(r, w, s)| Edit::Word(r, w, s)),
        1 => (any::<usize>(), word.clone()).prop_map(|(r, s)| Edit::Lead(r, s)),
        1 => (any::<usize>(), prop::sample::select(&["A New Title", "", "Attention Again"][..]))
            .prop_map(|(r, t)| Edit::Title(r, t)),
        1 => (any::<usize>(), 1u32..28).prop_map(|(r, d)| Edit::Date(r, d)),
        1 => (any::<usize>(), prop::sample::subsequence(&TOPICS[..], 0..3)).prop_map(|(r, t)| Edit::Tags(r, t)),
        1 => (1u32..28, word).prop_map(|(d, s)| Edit::New(d, s)),
        1 => any::<usize>().prop_map(Edit::Delete),
        1 => any::<usize>().prop_map(Edit::Break),
        1 => prop::sample::select(&["review.html", "base.html", "index.html"][..]).prop_map(Edit::Template),
        1 => (1usize..5, 1usize..5).prop_map(|(p, r)| Edit::Config(p, r)),
    ]
}

fn reviews(project: &Project) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(project.root.join("content/reviews"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

/// Apply `edit` on disk; the file it changed.
fn apply(project: &Project, edit: &Edit, step: usize) -> PathBuf {
    let files = reviews(project);
    let pick = |i: usize| files[i % files.len()].clone();
    let rewrite = |path: &Path, change: &dyn Fn(String) -> String| {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        std::fs::write(path, change(text)).unwrap();
        path.to_path_buf()
    };
    let set_line = |key: &'static str, value: String| {
        move |text: String| {
            let (front, body) = text.split_at(text[3..].find("+++").map_or(text.len(), |i| i + 3));
            let mut lines: Vec<String> = front
                .lines()
                .filter(|l| !l.starts_with(&format!("{key} =")))
                .map(String::from)
                .collect();
            lines.insert(1, format!("{key} = {value}"));
            format!("{}\n{body}", lines.join("\n"))
        }
    };
    match edit {
        Edit::Word(r, w, word) => rewrite(&pick(*r), &|text| {
            let mut words: Vec<String> = text.split(' ').map(String::from).collect();
            let at = words.len() / 2 + w % (words.len() / 2).max(1);
            if at < words.len() && !words[at].contains('\n') && !words[at].contains('=') {
                words[at] = word.to_string();
            }
            words.join(" ")
        }),
        Edit::Lead(r, word) => rewrite(&pick(*r), &|text| match text.rfind("+++\n") {
            Some(at) => format!("{}+++\n\n{word} {step}.\n{}", &text[..at], &text[at + 4..]),
            None => text,
        }),
        Edit::Title(r, title) => rewrite(&pick(*r), &set_line("title", format!("\"{title}\""))),
        Edit::Date(r, day) => rewrite(&pick(*r), &set_line("date", format!("2024-07-{day:02}"))),
        Edit::Tags(r, tags) => {
            let list: Vec<String> = tags.iter().map(|t| format!("\"{t}\"")).collect();
            rewrite(
                &pick(*r),
                &set_line("tags", format!("[{}]", list.join(", "))),
            )
        }
        Edit::New(day, word) => {
            let path = project
                .root
                .join(format!("content/reviews/2024-08-{day:02}-new-{step}.md"));
            let page = format!(
                "+++\ntitle = \"New {word} {step}\"\ndate = 2024-08-{day:02}\ntags = [\"llm\"]\n+++\n\nAbout {word}, step {step}.\n"
            );
            std::fs::write(&path, page).unwrap();
            path
        }
        Edit::Delete(r) => {
            let path = pick(*r);
            if files.len() > 1 {
                std::fs::remove_file(&path).unwrap();
            }
            path
        }
        Edit::Break(r) => rewrite(&pick(*r), &|text| {
            text.replacen("date = ", "date = 2024-13-", 1)
        }),
        Edit::Template(name) => {
            let path = project.root.join("templates").join(name);
            rewrite(&path, &|text| {
                format!("{text}{{# edit {step} #}}<!-- {step} -->\n")
            })
        }
        Edit::Config(per_page, related) => {
            let path = project.root.join("yomon.toml");
            std::fs::write(
                &path,
                format!("per_page = {per_page}\nrelated = {related}\n"),
            )
            .unwrap();
            path
        }
    }
}

/// A build as comparable values: files by path, diagnostics, or the error.
type Built = Result<(Vec<(String, Vec<u8>)>, Vec<String>), String>;

fn quiet() -> Ui {
    Ui::new(Verbosity::Quiet)
}

/// Files by path and diagnostics, or the error, as comparable text.
fn summary(result: anyhow::Result<Outcome>) -> Built {
    let outcome = result.map_err(|e| format!("{e:#}"))?;
    let diagnostics = outcome.diagnostics.iter().map(|d| d.to_string()).collect();
    let mut files: Vec<(String, Vec<u8>)> = outcome
        .files
        .iter()
        .map(|(p, b)| (p.clone(), b.to_vec()))
        .collect();
    files.sort();
    Ok((files, diagnostics))
}

/// Every file `yomon build` wrote under `out`, as `summary` lists them.
fn site_on_disk(out: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(out)
        .into_iter()
        .map(|entry| entry.expect("site readable"))
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let path = entry.path().strip_prefix(out).unwrap();
            let path = path.to_string_lossy().replace('\\', "/");
            (path, std::fs::read(entry.path()).unwrap())
        })
        .filter(|(path, _)| path != yomon::write::MARKER)
        .collect();
    files.sort();
    files
}

fn clean(paths: &Paths) -> Built {
    summary(Incremental::new(paths.clone()).update(&Changes::All, Depth::Exact, &quiet()))
}

fn differences(what: &str, got: &Built, want: &Built) -> Option<String> {
    if got == want {
        return None;
    }
    let (Ok((got_files, got_diags)), Ok((want_files, want_diags))) = (got, want) else {
        return Some(format!(
            "{what}: {got:?} vs {want:?}",
            got = got.as_ref().err(),
            want = want.as_ref().err()
        ));
    };
    if got_diags != want_diags {
        return Some(format!(
            "{what}: diagnostics {got_diags:?} vs {want_diags:?}"
        ));
    }
    let got_paths: Vec<&String> = got_files.iter().map(|(p, _)| p).collect();
    let want_paths: Vec<&String> = want_files.iter().map(|(p, _)| p).collect();
    if got_paths != want_paths {
        return Some(format!("{what}: paths differ"));
    }
    let differing: Vec<&String> = got_files
        .iter()
        .zip(want_files)
        .filter(|(a, b)| a.1 != b.1)
        .map(|(a, _)| &a.0)
        .collect();
    Some(format!("{what}: {differing:?} differ from a clean build"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn served_and_cached_sites_equal_a_clean_build(edits in prop::collection::vec(edit(), 1..7)) {
        let project = Project::with_fixture_content("incremental");
        project.write("yomon.toml", "per_page = 3\n");
        let paths = Paths::under(&project.root);
        let ui = quiet();
        let mut served = Incremental::new(paths.clone());
        served.update(&Changes::All, Depth::Exact, &ui).expect("first build");
        for (step, edit) in edits.iter().enumerate() {
            let changed = apply(&project, edit, step);
            let want = clean(&paths);
            // What serve does on a save: a quick update, served at once,
            // then an exact one.
            let lagging = served.memo().lagging_parts();
            let first = served.update(&Changes::Files(vec![changed]), Depth::Quick, &ui);
            // A text edit renders the edited page first and the rest in
            // `finish`, as serve does; anything else renders all at once.
            let first_changed: Option<Vec<(String, Vec<u8>)>> = first.as_ref().ok().and_then(|o| {
                let changed = o.changed.as_ref()?;
                Some(changed.iter().map(|&i| (o.files[i].0.clone(), o.files[i].1.to_vec())).collect())
            });
            let quick = match served.finish(&ui) {
                Some(rest) => {
                    prop_assert!(first_changed.is_some(), "only a text edit leaves work for later");
                    rest
                }
                None => first,
            };
            let quick = summary(quick);
            // The quick update serves what a clean build would, given the
            // same (possibly lagging) related lists and search index...
            let mut fresh = Incremental::with_memo(paths.clone(), lagging);
            let want_quick = summary(fresh.update(&Changes::All, Depth::Quick, &ui));
            prop_assert_eq!(differences("quick update", &quick, &want_quick), None);
            // What the first step served was already final.
            if let (Some(first), Ok((want_files, _))) = (&first_changed, &want_quick) {
                for (path, bytes) in first {
                    let wanted = want_files.iter().find(|(p, _)| p == path).map(|(_, b)| b);
                    prop_assert!(wanted == Some(bytes), "{} served first differs", path);
                }
            }
            // ...and only review pages (their related lists) and the search
            // index may differ from a clean build's.
            let lagging = |path: &str| path.starts_with("reviews/") || path.starts_with("search/");
            let without = |site: &Built| {
                site.clone().map(|(files, diags)| {
                    (files.into_iter().filter(|(p, _)| !lagging(p)).collect::<Vec<_>>(), diags)
                })
            };
            prop_assert_eq!(differences("quick update", &without(&quick), &without(&want)), None);
            // Then, as serve does, the lagging work elsewhere, and a quick
            // update that takes it in.
            if let Some(work) = served.pending_work() {
                served.apply(work.run());
            }
            let settled = served.update(&Changes::Files(Vec::new()), Depth::Quick, &ui);
            prop_assert!(settled.as_ref().map_or(true, |o| o.exact), "still lagging after the work");
            let settled = summary(settled);
            prop_assert_eq!(differences(&format!("after {edit:?}"), &settled, &want), None);

            // A build from the cache alone (no site on disk to reuse)...
            let mut cached = Incremental::with_memo(paths.clone(), cache::load(&project.root, None));
            let from_cache = summary(cached.update(&Changes::All, Depth::Exact, &ui));
            prop_assert_eq!(differences("cached build in memory", &from_cache, &want), None);
            // ...and `yomon build` itself, from the cache and the site the
            // last build left: the site on disk equals a clean build.
            let out = project.root.join("site");
            let wrote = yomon::build::run(&project.root, Some(&out), &ui).map_err(|e| format!("{e:#}"));
            match (wrote, &want) {
                (Ok(true), Ok((_, diagnostics))) => {
                    let on_disk = Ok((site_on_disk(&out), diagnostics.clone()));
                    prop_assert_eq!(differences("cached build on disk", &on_disk, &want), None);
                }
                (Ok(false), Ok((_, diagnostics))) => prop_assert!(
                    diagnostics.iter().any(|d| d.contains(": error:")),
                    "the build failed without an error"
                ),
                (Err(_), Err(_)) => {}
                (got, _) => prop_assert!(false, "cached build: {got:?}, clean: {want:?}"),
            }
        }
    }
}

/// A review added on top of the list moves every other review one place
/// down it: only the pages that show the new one render again (the one it
/// now follows links to it), not every review's page.
#[test]
fn a_review_added_on_top_renders_only_the_pages_that_show_it() {
    let project = Project::with_fixture_content("incremental-new-review");
    let paths = Paths::under(&project.root);
    let mut engine = Incremental::new(paths);
    let first = engine
        .update(&Changes::All, Depth::Exact, &quiet())
        .expect("first build");
    let newest = "2025-01-02-skira-shnatit";
    let path = project.root.join("content/reviews/2026-01-01-newest.md");
    std::fs::write(
        &path,
        "+++\ntitle = \"Zyxw\"\ndate = 2026-01-01\n+++\n\nQwvut zyxw.\n",
    )
    .unwrap();
    let second = engine
        .update(&Changes::Files(vec![path]), Depth::Exact, &quiet())
        .expect("second build");
    // A reused output is the last update's bytes themselves.
    let before: std::collections::HashMap<&str, &std::sync::Arc<Vec<u8>>> =
        first.files.iter().map(|(p, b)| (p.as_str(), b)).collect();
    let mut rendered: Vec<&str> = second
        .files
        .iter()
        .filter(|(path, bytes)| {
            path.starts_with("reviews/")
                && !before
                    .get(path.as_str())
                    .is_some_and(|old| std::sync::Arc::ptr_eq(old, bytes))
        })
        .map(|(path, _)| path.as_str())
        .collect();
    rendered.sort();
    assert_eq!(
        rendered,
        [
            format!("reviews/{newest}.html"),
            "reviews/2026-01-01-newest.html".to_string(),
        ]
    );
}
