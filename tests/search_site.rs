//! Writes a site for the search benchmarks and browser tests from a content
//! directory: the search index from `yomon::search::index_files`, the search
//! client, a search page with the markup DESIGN.md fixes, and one stub page
//! per review. It stands in for `yomon build` on branches where the full
//! build is not merged yet; it is a tool, so it is ignored by `cargo test`:
//!
//! YOMON_CONTENT=DIR YOMON_SITE_OUT=DIR cargo test --release --test search_site -- --ignored

use std::path::{Path, PathBuf};
use yomon::model::{FrontMatter, Review};
use yomon::taxonomy::Taxonomy;

const SEARCH_PAGE: &str = r#"<!doctype html>
<html lang="he" dir="rtl">
<head><meta charset="utf-8"><title>חיפוש</title><meta name="viewport" content="width=device-width"></head>
<body>
<main>
<h1>חיפוש</h1>
<form role="search" action="search.html">
<label for="search-input">חיפוש בסקירות</label>
<input id="search-input" name="q" type="search" autocomplete="off">
</form>
<div id="search-filters"></div>
<ol id="search-results"></ol>
<noscript><p>החיפוש דורש JavaScript.</p></noscript>
</main>
<script src="static/search.js"></script>
</body>
</html>
"#;

fn load_content(dir: &Path) -> (Vec<Review>, Taxonomy) {
    let mut reviews = Vec::new();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir.join("reviews"))
        .expect("content/reviews")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("read review");
        let rest = text.strip_prefix("+++\n").expect("front matter");
        let (front, body) = rest.split_once("\n+++\n").expect("front matter end");
        let front: FrontMatter =
            toml::from_str(front).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let slug = path
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        reviews.push(Review {
            slug,
            front,
            body: body.to_string(),
        });
    }
    let tags = std::fs::read_to_string(dir.join("tags.toml")).unwrap_or_default();
    let taxonomy: Taxonomy = toml::from_str(&tags).expect("tags.toml");
    (reviews, taxonomy)
}

fn write(out: &Path, relative: &str, bytes: &[u8]) {
    let path = out.join(relative);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, bytes).expect("write");
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[test]
#[ignore = "a tool: writes a search fixture site (see the module comment)"]
fn write_search_fixture_site() {
    let content = PathBuf::from(std::env::var("YOMON_CONTENT").expect("YOMON_CONTENT"));
    let out = PathBuf::from(std::env::var("YOMON_SITE_OUT").expect("YOMON_SITE_OUT"));
    let (reviews, taxonomy) = load_content(&content);
    let _ = std::fs::remove_dir_all(out.join("search"));
    let started = std::time::Instant::now();
    let files =
        yomon::search::index_files(&reviews, &taxonomy, &|r| format!("reviews/{}.html", r.slug));
    eprintln!(
        "indexed {} reviews into {} files in {:?}",
        reviews.len(),
        files.len(),
        started.elapsed()
    );
    for file in &files {
        write(&out, &file.path.to_string_lossy(), &file.bytes);
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for name in ["search.js", "search-pipeline.js"] {
        write(
            &out,
            &format!("static/{name}"),
            &std::fs::read(root.join("static").join(name)).expect("static"),
        );
    }
    write(&out, "search.html", SEARCH_PAGE.as_bytes());
    for review in &reviews {
        let page = format!(
            "<!doctype html><html lang=\"he\" dir=\"rtl\"><head><meta charset=\"utf-8\"><title>{0}</title></head><body><article><h1>{0}</h1></article></body></html>\n",
            escape(&review.front.title)
        );
        write(
            &out,
            &format!("reviews/{}.html", review.slug),
            page.as_bytes(),
        );
    }
}
