//! Build: load content/, render every page in memory, write site/.
//! The steps, in order: config, content, templates, render, static, search,
//! write. Everything before `write` is shared with `check` and `serve`.

use crate::diag::Diagnostic;
use crate::incremental::{cache, fronts, Changes, Depth, Incremental, MemoLoader, Outcome};
use crate::site::Site;
use crate::ui::Ui;
use crate::write::{Record, Writer};
use anyhow::Context;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::Instant;

/// The whole site rendered in memory, with the diagnostics found on the way.
pub struct Built {
    pub site: Site,
    pub diagnostics: Vec<Diagnostic>,
    pub reviews: usize,
    pub topics: usize,
    /// The reviews the site was built from, for pointing a problem found in
    /// the site at the line of its source.
    pub sources: Vec<crate::model::Review>,
}

/// Where a build reads from. `under(root)` is the usual project layout;
/// tests point `content` at a fixture while keeping the real templates.
#[derive(Debug, Clone)]
pub struct Paths {
    /// The project directory: diagnostics name files relative to it.
    pub root: PathBuf,
    pub config: PathBuf,
    pub content: PathBuf,
    pub templates: PathBuf,
    pub static_dir: PathBuf,
}

impl Paths {
    pub fn under(root: &Path) -> Paths {
        Paths {
            root: root.to_path_buf(),
            config: root.join("yomon.toml"),
            content: root.join("content"),
            templates: root.join("templates"),
            static_dir: root.join("static"),
        }
    }
}

/// Load `ROOT/content`, render with `ROOT/templates`, copy `ROOT/static`:
/// everything but writing. `check` and `serve` share this.
pub fn build_in_memory(root: &Path, ui: &Ui) -> anyhow::Result<Built> {
    build_paths(&Paths::under(root), ui)
}

/// Like `build_in_memory`, from explicit paths. Config and content errors
/// do not stop the build: they are diagnostics, and the caller decides
/// (`build` writes nothing, `check` reports them all). Template errors do.
pub fn build_paths(paths: &Paths, ui: &Ui) -> anyhow::Result<Built> {
    let mut engine = Incremental::new(paths.clone());
    let outcome = engine.update(&Changes::All, Depth::Exact, ui)?;
    Ok(built(outcome, engine.into_reviews()))
}

/// A finished update as a `Built`: the engine (and its memo) must be gone,
/// so that the files move into the site rather than being copied.
fn built(mut outcome: Outcome, sources: Vec<crate::model::Review>) -> Built {
    let diagnostics = Arc::unwrap_or_clone(std::mem::take(&mut outcome.diagnostics));
    let (reviews, topics) = (outcome.reviews, outcome.topics);
    let site = outcome.into_site();
    Built {
        site,
        diagnostics,
        reviews,
        topics,
        sources,
    }
}

/// `yomon build`: build in memory, reusing what `.yomon-cache/` verifies,
/// then write to `out` (default `ROOT/site`) and refresh the cache.
pub fn run(root: &Path, out: Option<&Path>, ui: &Ui) -> anyhow::Result<bool> {
    let started = Instant::now();
    let out = out
        .map(Path::to_path_buf)
        .unwrap_or_else(|| root.join("site"));
    // The cache loads while the engine's first update reads the reviews.
    // Its record of the site (which files the last build left there) goes
    // to the writer, which starts when the first output is put.
    let record: Arc<OnceLock<Option<Record>>> = Arc::default();
    let loader: MemoLoader = {
        let (root, out, record, ui) = (
            root.to_path_buf(),
            out.clone(),
            Arc::clone(&record),
            Ui::new(ui.verbosity),
        );
        Box::new(move || {
            let started = Instant::now();
            let mut memo = cache::load(&root, Some(&out));
            let _ = record.set(memo.written.take());
            ui.detail(format!(
                "cache    loaded ({} ms)",
                started.elapsed().as_millis()
            ));
            memo
        })
    };
    let mut engine = Incremental::with_memo_from(Paths::under(root), loader)
        .knowing_fronts_from(root)
        .reading_site_from(&out);
    // Pages and feeds are written as they are rendered (a large site is
    // never held whole); the rest (search index, static files) after.
    let writer: OnceLock<anyhow::Result<Writer>> = OnceLock::new();
    let begin = || Writer::begin(&out, record.get().and_then(Option::as_ref));
    let write_started = Instant::now();
    let sink = |path: &str, contents: crate::write::Contents| match writer.get_or_init(begin) {
        Ok(writer) => writer.put_contents(path, contents),
        Err(err) => Err(anyhow::anyhow!("{err:#}")),
    };
    let mut outcome = engine.update_into(&Changes::All, Depth::Exact, ui, Some(&sink))?;
    writer.get_or_init(begin);
    let writer = writer.into_inner().expect("just begun")?;
    let (reviews, mut memo) = engine.into_parts();
    memo.forget_output_bytes();
    let kept = std::mem::take(&mut outcome.kept);
    let mut built = built(outcome, reviews);
    ui.diagnostics(&built.diagnostics);
    let errors = built.diagnostics.iter().filter(|d| d.is_error()).count();
    if errors > 0 {
        // Dropping the writer takes back what it wrote.
        eprintln!("build failed: {errors} error(s); site not written");
        return Ok(false);
    }
    // The search memo (24 MB at 10x) goes into the cache while the rest of
    // the site is written and finished and the rest of the cache saved:
    // last, after them, it set the end of a cached build.
    let (search_memo, search_files) = memo.take_search_memo();
    let sources = std::mem::take(&mut built.sources);
    let (finished, search_saved) = std::thread::scope(|scope| {
        let saving = scope.spawn(|| {
            cache::save_search(root, &search_memo, &search_files)?;
            fronts::save(root, &sources).with_context(|| {
                format!(
                    "cannot write the build cache in `{}`",
                    root.join(cache::DIR).display()
                )
            })
        });
        let finished = finish(built, writer, &kept, &mut memo, root, ui);
        let saved = saving
            .join()
            .expect("saving the search memo does not panic");
        (finished, saved)
    });
    let (diagnostics, reviews, topics) = finished?;
    // A cache that cannot be written costs the next build time, no more.
    if let Err(err) = search_saved {
        ui.detail(format!("note: {err:#}"));
    }
    std::mem::forget(search_memo);
    std::mem::forget(sources);
    let write_time = write_started.elapsed();
    let files = memo.written.as_ref().map_or(0, |r| r.files.len());
    ui.stage(format!(
        "write    {files} files to {} ({} ms with rendering, {} unchanged)",
        out.display(),
        write_time.as_millis(),
        kept.len()
    ));
    let warnings = diagnostics.len();
    ui.stage(format!(
        "built {} reviews, {} topics, {} files in {} ms{}",
        reviews,
        topics,
        files,
        started.elapsed().as_millis(),
        if warnings > 0 {
            format!(" ({warnings} warning(s))")
        } else {
            String::new()
        }
    ));
    // The process ends with the build: freeing the memo's hundreds of
    // thousands of allocations one by one (about 20 ms at 10x, the search
    // memo's above) would only delay the exit that gives all of it back at
    // once.
    std::mem::forget(memo);
    Ok(true)
}

/// The end of `run`: write the files the engine kept (search index,
/// static files), finish the site (renames, removals), record it in the
/// memo and save the cache but for the search memo. Returns what the last
/// message reports: the diagnostics, reviews and topics.
fn finish(
    built: Built,
    writer: Writer,
    kept: &[String],
    memo: &mut crate::incremental::Memo,
    root: &Path,
    ui: &Ui,
) -> anyhow::Result<(Vec<Diagnostic>, usize, usize)> {
    built
        .site
        .files
        .par_iter()
        .try_for_each(|file| writer.put(&crate::site::site_path(&file.path), &file.bytes))?;
    let finish_started = Instant::now();
    let record = writer.finish(kept)?;
    // The site is on disk: let go of it before the cache is encoded.
    let Built {
        diagnostics,
        reviews,
        topics,
        ..
    } = built;
    ui.detail(format!(
        "finish   {} ms (renames, removals)",
        finish_started.elapsed().as_millis()
    ));
    memo.written = Some(record);
    // A cache that cannot be written costs the next build time, no more.
    let cache_started = Instant::now();
    if let Err(err) = cache::save(root, memo) {
        ui.detail(format!("note: {err:#}"));
    }
    ui.detail(format!(
        "cache    saved ({} ms)",
        cache_started.elapsed().as_millis()
    ));
    Ok((diagnostics, reviews, topics))
}
