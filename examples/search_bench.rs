//! Times the search index build alone, cold and after one edit:
//! `cargo run --release --example search_bench -- PROJECT_DIR [RUNS]`
//! (BENCHMARKS.md, Search).

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::time::Instant;
use yomon::model::Review;
use yomon::search::{index_files_cached, SearchMemo};
use yomon::taxonomy::Taxonomy;

#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// What the engine's key stands for: the review's file and its slug.
fn key(review: &Review) -> u64 {
    let mut hasher = DefaultHasher::new();
    (&review.slug, &review.body, format!("{:?}", review.front)).hash(&mut hasher);
    hasher.finish()
}

/// The project's reviews, newest first as the engine orders them, and its
/// topics, each read through the parsers the engine uses.
fn content(dir: &Path) -> anyhow::Result<(Vec<Review>, Taxonomy)> {
    let problem = |d: yomon::diag::Diagnostic| anyhow::anyhow!("{d}");
    let mut reviews = Vec::new();
    for entry in std::fs::read_dir(dir.join("content").join("reviews"))? {
        let path = entry?.path();
        if path.extension().is_some_and(|x| x == "md") {
            let slug = path.file_stem().unwrap_or_default().to_string_lossy();
            let text = std::fs::read_to_string(&path)?;
            let name = path.display().to_string();
            reviews
                .push(yomon::load::parse_review(&name, slug.into_owned(), &text).map_err(problem)?);
        }
    }
    reviews.sort_by(|a, b| {
        b.front
            .date
            .cmp(&a.front.date)
            .then_with(|| a.slug.cmp(&b.slug))
    });
    let tags = dir.join("content").join("tags.toml");
    let taxonomy = yomon::load::taxonomy::read(&tags, "tags.toml").map_err(problem)?;
    Ok((reviews, taxonomy.unwrap_or_default()))
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let dir = Path::new(args.get(1).map(String::as_str).unwrap_or("."));
    let runs: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(3);
    let (mut reviews, taxonomy) = content(dir)?;
    let url = |r: &Review| yomon::urls::review(&r.slug);
    let keys = |reviews: &[Review]| reviews.iter().map(key).collect::<Vec<u64>>();
    for run in 0..runs {
        let mut memo = SearchMemo::default();
        let reviews = &mut reviews;
        let started = Instant::now();
        let files = index_files_cached(reviews, &keys(reviews), &taxonomy, &url, &mut memo);
        let cold = started.elapsed();
        let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
        drop(files);
        // One edit, timed; more with EDITS=N, for a profiler.
        let edits: usize = std::env::var("EDITS")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(1);
        let middle = reviews.len() / 2;
        let mut edited = std::time::Duration::MAX;
        for edit in 0..edits {
            reviews[middle].body.push_str(&format!(" מילה{run}x{edit}"));
            let review_keys = keys(reviews);
            let started = Instant::now();
            let files = index_files_cached(reviews, &review_keys, &taxonomy, &url, &mut memo);
            edited = edited.min(started.elapsed());
            drop(files);
        }
        let started = Instant::now();
        let encoded = memo.encode();
        let encode = started.elapsed();
        // Fastest of DECODES (default 1).
        let decodes: usize = std::env::var("DECODES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(1);
        let mut decode = std::time::Duration::MAX;
        let mut decoded = false;
        for _ in 0..decodes {
            let started = Instant::now();
            decoded = SearchMemo::decode(&encoded).is_some();
            decode = decode.min(started.elapsed());
        }
        println!(
            "{} reviews, {bytes} bytes of index: from an empty memo {} ms, after one edit {} ms (fastest of EDITS); memo {} bytes, encode {} ms, decode {} ms (fastest of DECODES; {decoded})",
            reviews.len(),
            cold.as_millis(),
            edited.as_millis(),
            encoded.len(),
            encode.as_millis(),
            decode.as_millis(),
        );
    }
    Ok(())
}
