//! Build: load content/, render every page in memory, write site/.
//! The steps, in order: config, content, templates, render, static, search,
//! write. Everything before `write` is shared with `check` and `serve`.

use crate::diag::Diagnostic;
use crate::incremental::{cache, Changes, Depth, Incremental, Outcome};
use crate::site::Site;
use crate::ui::Ui;
use std::path::{Path, PathBuf};
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
    let diagnostics = std::mem::take(&mut outcome.diagnostics);
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
    let memo = cache::load(root, Some(&out));
    let mut engine = Incremental::with_memo(Paths::under(root), memo);
    let mut outcome = engine.update(&Changes::All, Depth::Exact, ui)?;
    let (reviews, mut memo) = engine.into_parts();
    memo.forget_output_bytes();
    let kept = std::mem::take(&mut outcome.kept);
    let built = built(outcome, reviews);
    ui.diagnostics(&built.diagnostics);
    let errors = built.diagnostics.iter().filter(|d| d.is_error()).count();
    if errors > 0 {
        eprintln!("build failed: {errors} error(s); site not written");
        return Ok(false);
    }
    let write_started = Instant::now();
    let record = crate::write::write_site(&built.site, &kept, &out, memo.written.as_ref())?;
    memo.written = Some(record);
    let write_time = write_started.elapsed();
    // A cache that cannot be written costs the next build time, no more.
    let cache_started = Instant::now();
    if let Err(err) = cache::save(root, &memo) {
        ui.detail(format!("note: {err:#}"));
    }
    ui.detail(format!(
        "cache    saved ({} ms)",
        cache_started.elapsed().as_millis()
    ));
    let bytes: usize = built.site.files.iter().map(|f| f.bytes.len()).sum();
    ui.stage(format!(
        "write    {} files, {:.1} MB to {} ({} ms, {} unchanged)",
        built.site.files.len() + kept.len(),
        bytes as f64 / 1e6,
        out.display(),
        write_time.as_millis(),
        kept.len()
    ));
    let warnings = built.diagnostics.len();
    ui.stage(format!(
        "built {} reviews, {} topics, {} files in {} ms{}",
        built.reviews,
        built.topics,
        built.site.files.len() + kept.len(),
        started.elapsed().as_millis(),
        if warnings > 0 {
            format!(" ({warnings} warning(s))")
        } else {
            String::new()
        }
    ));
    Ok(true)
}
