//! Whole builds of the fixture site: links, reachability, page contents,
//! failure safety. (The real content/ is the author's: scripts/test runs
//! `yomon check` on it, so a test never fails because a review was added.)

use crate::cli_util::Project;
use std::path::{Path, PathBuf};
use yomon::build::{build_paths, Paths};
use yomon::site::Site;
use yomon::ui::{Ui, Verbosity};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn quiet() -> Ui {
    Ui::new(Verbosity::Quiet)
}

fn fixture_paths() -> Paths {
    let fixture = repo().join("tests/fixtures/site");
    Paths {
        config: fixture.join("yomon.toml"),
        content: fixture.join("content"),
        ..Paths::under(&repo())
    }
}

fn fixture_site() -> Site {
    let built = build_paths(&fixture_paths(), &quiet()).expect("fixture builds");
    assert!(
        built.diagnostics.iter().all(|d| !d.is_error()),
        "{:?}",
        built.diagnostics
    );
    built.site
}

fn page(site: &Site, path: &str) -> String {
    let file = site
        .files
        .iter()
        .find(|f| f.path == Path::new(path))
        .unwrap_or_else(|| panic!("no {path}"));
    String::from_utf8(file.bytes.clone()).expect("utf-8")
}

/// The `<main>` element only, so layout changes do not touch these tests.
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("has <main>");
    let end = html.find("</main>").expect("has </main>");
    &html[start..end]
}

fn real_broken_links(site: &Site) -> Vec<String> {
    yomon::links::broken_links(site)
        .into_iter()
        .map(|b| b.to_string())
        .collect()
}

/// An empty scratch project, for a yomon.toml beside the fixture content.
fn temp_dir(name: &str) -> Project {
    Project::new(name)
}

#[test]
fn fixture_has_no_broken_links_and_every_page_is_reachable() {
    let site = fixture_site();
    assert_eq!(real_broken_links(&site), Vec::<String>::new());
    assert_eq!(yomon::links::unreachable_pages(&site), Vec::<String>::new());
}

#[test]
fn fixture_has_every_page_kind() {
    let site = fixture_site();
    for path in [
        "index.html",
        "page/2.html",
        "page/3.html",
        "archive.html",
        "search.html",
        "404.html",
        "tags/index.html",
        "tags/llm.html",
        "tags/llm.xml",
        "feed.xml",
        "sitemap.xml",
        "robots.txt",
        "static/style.css",
        "reviews/2024-06-13-q-improving-multi-step-reasoning.html",
    ] {
        assert!(
            site.files.iter().any(|f| f.path == Path::new(path)),
            "missing {path}"
        );
    }
}

#[test]
fn every_page_is_hebrew_rtl_with_a_search_box() {
    let site = fixture_site();
    for file in site
        .files
        .iter()
        .filter(|f| f.path.extension().is_some_and(|x| x == "html"))
    {
        let html = String::from_utf8_lossy(&file.bytes);
        let path = file.path.display();
        assert!(html.contains(r#"<html lang="he" dir="rtl">"#), "{path}");
        assert!(
            html.contains(r#"role="search""#) && html.contains(r#"name="q""#),
            "{path}"
        );
        assert!(
            html.contains(r##"<a class="skip-link" href="#main">"##),
            "{path}"
        );
        assert!(
            !html.contains("href=\"/") && !html.contains("src=\"/"),
            "{path}: root-absolute link"
        );
    }
}

#[test]
fn review_page_shows_date_number_authors_links_and_english_title() {
    let site = fixture_site();
    let html = page(
        &site,
        "reviews/2024-06-13-q-improving-multi-step-reasoning.html",
    );
    let main = main_of(&html);
    assert!(main.contains(r#"<h1><span lang="en" dir="ltr">Q*: Improving Multi-step Reasoning for LLMs with Deliberative Planning</span></h1>"#), "{main}");
    assert!(
        main.contains(r#"<time datetime="2024-06-13">13 ביוני 2024</time>"#),
        "{main}"
    );
    assert!(main.contains("סקירה מס׳ 12"), "{main}");
    assert!(main.contains("מאת עמרי ומיק"), "{main}");
    assert!(
        main.contains(r#"href="https://arxiv.org/abs/2406.14283""#),
        "{main}"
    );
    assert!(
        main.contains(r#"href="https://arxiv.org/pdf/2406.14283""#),
        "{main}"
    );
    assert!(main.contains(r#"href="../tags/reasoning.html""#), "{main}");
    assert!(main.contains(r#"rel="prev" href="../reviews/2024-06-07-scaling-and-evaluating-sparse-autoencoders.html""#), "{main}");
    assert!(
        main.contains(r#"rel="next" href="../reviews/2024-06-20-learn-at-test-time.html""#),
        "{main}"
    );
    let related = &main[main.find("class=\"related\"").expect("related section")..];
    let count = related.matches("<li>").count();
    assert!((3..=5).contains(&count), "{count} related: {related}");
    // In <title> no markup is possible: the English title is isolated.
    assert!(html.contains("<title>\u{2068}Q*: Improving"), "{html}");
    assert!(html.contains(r#"<script type="application/ld+json">"#));
}

#[test]
fn home_lists_newest_first_with_pagination() {
    let site = fixture_site();
    let main_html = page(&site, "index.html");
    let main = main_of(&main_html);
    let dates: Vec<&str> = main
        .match_indices("<time datetime=\"")
        .map(|(i, _)| &main[i + 16..i + 26])
        .collect();
    assert_eq!(dates, vec!["2025-01-02", "2024-06-21", "2024-06-20"]);
    assert!(main.contains(r#"rel="next" href="page/2.html""#), "{main}");
    let second = page(&site, "page/2.html");
    assert!(main_of(&second).contains(r#"rel="prev" href="../index.html""#));
}

#[test]
fn tag_page_lists_newest_first_and_topics_have_counts() {
    let site = fixture_site();
    let html = page(&site, "tags/reasoning.html");
    let main = main_of(&html);
    let q = main.find("q-improving").expect("Q* listed");
    let arithmetic = main
        .find("transformers-can-do-arithmetic")
        .expect("arithmetic listed");
    assert!(q < arithmetic, "newest first");
    let tags = page(&site, "tags/index.html");
    assert!(
        main_of(&tags).contains(r#"<span class="count">2 סקירות</span>"#),
        "{tags}"
    );
}

#[test]
fn tag_page_shows_its_scope_and_the_topics_sharing_most_reviews() {
    let site = fixture_site();
    let html = page(&site, "tags/reasoning.html");
    let main = main_of(&html);
    assert!(
        main.contains(r#"<p class="scope">הנמקה רב-שלבית: שרשרת מחשבה וחיפוש. בעיות חשבון כמשימה נמצאות כאן גם הן.</p>"#),
        "{main}"
    );
    // Both reasoning reviews are also under llm; no other topic shares one.
    let related = &main[main
        .find(r#"class="related-topics""#)
        .expect("related topics")..];
    assert!(
        related.contains(r#"<a href="../tags/llm.html">מודלי שפה</a> <span class="count">2 סקירות משותפות</span>"#),
        "{related}"
    );
    assert_eq!(related.matches("<li>").count(), 1, "{related}");
    let security = page(&site, "tags/security.html");
    assert!(
        !security.contains("related-topics"),
        "no shared reviews, no list"
    );
}

#[test]
fn archive_has_months_and_a_timeline() {
    let site = fixture_site();
    let html = page(&site, "archive.html");
    let main = main_of(&html);
    assert!(main.contains(r#"<h3 id="m-2024-06">יוני 2024"#), "{main}");
    assert!(main.contains("<svg class=\"timeline\""), "{main}");
    assert_eq!(
        main.matches("<rect").count(),
        9,
        "one bar per month May 2024..Jan 2025"
    );
}

#[test]
fn hostile_review_renders_as_inert_visible_text() {
    let site = fixture_site();
    let html = page(
        &site,
        "reviews/2024-06-21-hostile-markup-in-review-text.html",
    );
    let main = main_of(&html);
    for forbidden in [
        "<script",
        "<img",
        "<iframe",
        "<style",
        "javascript:",
        "JAVASCRIPT:",
        "onerror=alert",
    ] {
        let inside_tags = main.split('<').skip(1).any(|t| {
            t.to_ascii_lowercase()
                .starts_with(forbidden.trim_start_matches('<'))
                || (t.split('>').next().unwrap_or("").contains(forbidden)
                    && !forbidden.starts_with('<'))
        });
        assert!(!inside_tags, "{forbidden} in markup: {main}");
    }
    assert!(
        main.contains("&lt;script&gt;window.__pwned = true; alert(1)&lt;/script&gt;"),
        "{main}"
    );
    assert!(main.contains("&lt;iframe"), "{main}");
    assert!(main.contains("לחצו כאן"), "link text kept: {main}");
    assert!(
        !main.contains("tracker.png\" alt"),
        "remote image not loaded"
    );
    let head = &html[..html.find("<body").expect("body")];
    assert!(!head.contains("</title><script>"), "title escaped");
}

#[test]
fn feeds_isolate_english_titles() {
    let site = fixture_site();
    let feed = page(&site, "feed.xml");
    assert!(
        feed.contains("<title>\u{2068}2BP: 2-Stage Backpropagation\u{2069}</title>"),
        "{feed}"
    );
    assert_eq!(feed.matches("<entry>").count(), 9);
    let topic = page(&site, "tags/reasoning.xml");
    assert!(
        topic.contains(r#"href="../reviews/2024-06-13-q-improving-multi-step-reasoning.html""#),
        "{topic}"
    );
}

#[test]
fn base_url_adds_canonical_links_only_when_configured() {
    let site = fixture_site();
    assert!(!page(&site, "index.html").contains("rel=\"canonical\""));
    let scratch = temp_dir("base-url");
    let dir = &scratch.root;
    std::fs::write(
        dir.join("yomon.toml"),
        "base_url = \"https://example.org/yomon\"\nper_page = 3\n",
    )
    .expect("write");
    let paths = Paths {
        config: dir.join("yomon.toml"),
        ..fixture_paths()
    };
    let site = build_paths(&paths, &quiet()).expect("builds").site;
    let html = page(&site, "reviews/2024-05-30-2bp-2-stage-backpropagation.html");
    assert!(html.contains(r#"<link rel="canonical" href="https://example.org/yomon/reviews/2024-05-30-2bp-2-stage-backpropagation.html">"#), "{html}");
    assert!(html.contains(r#"href="https://example.org/yomon/feed.xml""#));
    assert!(page(&site, "robots.txt").contains("Sitemap: https://example.org/yomon/sitemap.xml"));
}

#[test]
fn search_off_leaves_out_search_page_box_and_index_and_breaks_no_link() {
    let with_search = fixture_site();
    assert!(with_search
        .files
        .iter()
        .any(|f| f.path.starts_with("search")));
    let scratch = temp_dir("search-off");
    let dir = &scratch.root;
    std::fs::write(dir.join("yomon.toml"), "per_page = 3\nsearch = false\n").expect("write");
    let paths = Paths {
        config: dir.join("yomon.toml"),
        ..fixture_paths()
    };
    let site = build_paths(&paths, &quiet()).expect("builds").site;
    assert!(
        !site
            .files
            .iter()
            .any(|f| f.path.starts_with("search") || f.path.as_os_str() == "search.html"),
        "no search page or index"
    );
    for file in site.files.iter().filter(|f| !f.path.starts_with("static")) {
        let text = String::from_utf8_lossy(&file.bytes);
        assert!(
            !text.contains("search.html")
                && !text.contains("role=\"search\"")
                && !text.contains("search-highlight.js"),
            "{} still offers search",
            file.path.display()
        );
    }
    // Every other page is still there, reachable, with no broken link.
    let pages = |site: &Site| {
        site.files
            .iter()
            .filter(|f| !f.path.starts_with("search"))
            .count()
    };
    assert_eq!(
        pages(&site) + 1,
        pages(&with_search),
        "only search.html is gone"
    );
    assert_eq!(real_broken_links(&site), Vec::<String>::new());
    assert_eq!(yomon::links::unreachable_pages(&site), Vec::<String>::new());
}

#[test]
fn unknown_config_key_names_file_and_line() {
    let scratch = temp_dir("bad-config");
    let dir = &scratch.root;
    std::fs::write(dir.join("yomon.toml"), "title = \"x\"\nper_pgae = 3\n").expect("write");
    let paths = Paths {
        config: dir.join("yomon.toml"),
        ..fixture_paths()
    };
    // A diagnostic among the content's, not an early exit: the caller
    // (build, check, serve) reports it with the rest and fails.
    let built = build_paths(&paths, &quiet()).expect("builds with the defaults");
    let errors: Vec<String> = built
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("yomon.toml:2: error:") && errors[0].contains("per_pgae"),
        "{errors:?}"
    );
}

/// A project with the repository's templates and the fixture content,
/// that `build::run` can use as ROOT.
fn project(name: &str) -> Project {
    Project::with_fixture_content(name)
}

#[test]
fn template_error_names_template_and_line_and_keeps_previous_site() {
    let project = project("template-error");
    let root = project.root.clone();
    assert!(yomon::build::run(&root, None, &quiet()).expect("first build"));
    let index_before = std::fs::read(root.join("site/index.html")).expect("built");

    let review = root.join("templates/review.html");
    let text = std::fs::read_to_string(&review).expect("read");
    let broken: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 6 {
                format!("{l} {{% if %}}")
            } else {
                l.to_string()
            }
        })
        .collect();
    std::fs::write(&review, broken.join("\n")).expect("write");

    let err = yomon::build::run(&root, None, &quiet()).expect_err("template error fails the build");
    let message = format!("{err:#}");
    assert!(message.contains("review.html"), "{message}");
    assert!(message.contains("7:"), "line 7 named: {message}");
    assert_eq!(
        std::fs::read(root.join("site/index.html")).expect("still there"),
        index_before
    );
    assert!(root.join("site").join(yomon::write::MARKER).exists());
}

#[test]
fn render_error_names_template_and_keeps_previous_site() {
    let project = project("render-error");
    let root = project.root.clone();
    assert!(yomon::build::run(&root, None, &quiet()).expect("first build"));
    let tag = root.join("templates/tag.html");
    let text = std::fs::read_to_string(&tag)
        .expect("read")
        .replace("{{ topic.he }}</h1>", "{{ topic.nonexistent }}</h1>");
    std::fs::write(&tag, text).expect("write");
    let message = format!(
        "{:#}",
        yomon::build::run(&root, None, &quiet()).expect_err("fails")
    );
    assert!(
        message.contains("templates/tag.html") && message.contains("nonexistent"),
        "{message}"
    );
    assert!(message.contains("line "), "line named: {message}");
    assert!(root.join("site/index.html").exists());
}

#[test]
fn builder_never_deletes_a_directory_it_did_not_create() {
    let project = project("foreign-out");
    let root = project.root.clone();
    let out = root.join("my-documents");
    std::fs::create_dir_all(&out).expect("mkdir");
    std::fs::write(out.join("thesis.txt"), "precious").expect("write");
    let err = yomon::build::run(&root, Some(&out), &quiet()).expect_err("refuses");
    assert!(
        format!("{err:#}").contains("not created by yomon"),
        "{err:#}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("thesis.txt")).expect("kept"),
        "precious"
    );
    assert!(!out.join("index.html").exists());
}

#[test]
fn bad_front_matter_fails_the_build_without_writing() {
    let project = project("bad-front-matter");
    let root = project.root.clone();
    std::fs::write(
        root.join("content/reviews/2024-07-01-bad.md"),
        "+++\ntitle = \"x\"\ndate = 2024-13-01\n+++\n",
    )
    .expect("write");
    assert!(!yomon::build::run(&root, None, &quiet()).expect("runs"));
    assert!(!root.join("site").exists());
}
