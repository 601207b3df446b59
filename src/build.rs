//! Build: load content/, render every page in memory, write site/.
//! The steps, in order: config, content, templates, render, static, search,
//! write. Everything before `write` is shared with `check` and `serve`.

use crate::config::Config;
use crate::diag::{self, Diagnostic};
use crate::site::{OutputFile, Site};
use crate::ui::Ui;
use anyhow::Context;
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
    // An unusable yomon.toml is one problem among the rest: the defaults
    // stand in for it so every content problem is still found in this run.
    let (config, config_problem) = match Config::load(&paths.config) {
        Ok(config) => (config, None),
        Err(mut problem) => {
            problem.file = diag::file_name(&paths.root, &paths.config);
            (Config::default(), Some(problem))
        }
    };
    // Content and templates are independent: read both at once.
    let ((content, load_time), (tera, compile_time)) = rayon::join(
        || timed(|| crate::load::load(&paths.content, &paths.root)),
        || timed(|| crate::render::load_templates(&paths.templates)),
    );
    let mut content = content?;
    content.diagnostics.extend(config_problem);
    ui.stage(format!(
        "load     {} reviews, {} topics ({} ms)",
        content.reviews.len(),
        content.taxonomy.topics.len(),
        load_time.as_millis()
    ));
    let tera = tera?;
    ui.stage(format!(
        "compile  {} templates ({} ms)",
        tera.get_template_names().count(),
        compile_time.as_millis()
    ));

    // Pages and the search index are independent: build them side by side
    // (each is itself parallel, rayon shares the cores between them).
    let ((pages, render_time), (index, search_time)) = rayon::join(
        || timed(|| crate::render::render(&content, &config, &tera, &paths.templates)),
        || {
            timed(|| {
                if !config.search {
                    return Vec::new();
                }
                crate::search::index_files(&content.reviews, &content.taxonomy, &|r| {
                    crate::urls::review(&r.slug)
                })
            })
        },
    );
    let mut files = pages?;
    ui.stage(format!(
        "render   {} files ({} ms)",
        files.len(),
        render_time.as_millis()
    ));
    ui.stage(if config.search {
        format!(
            "search   {} index files ({} ms)",
            index.len(),
            search_time.as_millis()
        )
    } else {
        "search   off (search = false in yomon.toml)".to_string()
    });
    files.extend(index);

    let (statics, static_time) = timed(|| static_files(&paths.static_dir));
    let statics = statics?;
    ui.stage(format!(
        "static   {} files ({} ms)",
        statics.len(),
        static_time.as_millis()
    ));
    files.extend(statics);

    if config.base().is_none() {
        ui.detail(
            "note: no base_url in yomon.toml: no canonical links, sitemap holds relative paths",
        );
    }
    diag::sort(&mut content.diagnostics);
    Ok(Built {
        site: Site { files },
        diagnostics: content.diagnostics,
        reviews: content.reviews.len(),
        topics: content.taxonomy.topics.len(),
        sources: content.reviews,
    })
}

/// What `work` returns, and how long it took.
fn timed<T>(work: impl FnOnce() -> T) -> (T, std::time::Duration) {
    let started = Instant::now();
    (work(), started.elapsed())
}

/// `static/**` copied as-is to `site/static/**`.
fn static_files(dir: &Path) -> anyhow::Result<Vec<OutputFile>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
    {
        let entry = entry.with_context(|| format!("cannot read `{}`", dir.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let rel = rel.to_string_lossy().replace('\\', "/");
        let bytes = std::fs::read(entry.path())
            .with_context(|| format!("cannot read `{}`", entry.path().display()))?;
        files.push(OutputFile::new(crate::urls::static_file(&rel), bytes));
    }
    Ok(files)
}

/// `yomon build`: build in memory, then write to `out` (default `ROOT/site`).
pub fn run(root: &Path, out: Option<&Path>, ui: &Ui) -> anyhow::Result<bool> {
    let started = Instant::now();
    let built = build_in_memory(root, ui)?;
    ui.diagnostics(&built.diagnostics);
    let errors = built.diagnostics.iter().filter(|d| d.is_error()).count();
    if errors > 0 {
        eprintln!("build failed: {errors} error(s); site not written");
        return Ok(false);
    }
    let out = out
        .map(Path::to_path_buf)
        .unwrap_or_else(|| root.join("site"));
    let write_started = Instant::now();
    crate::write::write(&built.site, &out)?;
    let bytes: usize = built.site.files.iter().map(|f| f.bytes.len()).sum();
    ui.stage(format!(
        "write    {} files, {:.1} MB to {} ({} ms)",
        built.site.files.len(),
        bytes as f64 / 1e6,
        out.display(),
        write_started.elapsed().as_millis()
    ));
    let warnings = built.diagnostics.len();
    ui.stage(format!(
        "built {} reviews, {} topics, {} files in {} ms{}",
        built.reviews,
        built.topics,
        built.site.files.len(),
        started.elapsed().as_millis(),
        if warnings > 0 {
            format!(" ({warnings} warning(s))")
        } else {
            String::new()
        }
    ));
    Ok(true)
}
