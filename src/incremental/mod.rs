//! Incremental builds: one engine keeps what the last build knew (each
//! review file's hash and review, each output's key and bytes, each
//! review's summary and related reviews, the search index) and, told which
//! files changed, reloads only those, plans the site afresh, and renders
//! only the outputs whose key (`keys`: a hash of exactly what the output is
//! made from) differs. `build`, `check` and `serve` all build through it;
//! `build` with a cache loaded from `.yomon-cache/` (`cache`), `serve` with
//! the engine it keeps between saves.
//!
//! Two things are found from every review at once, so no edit is local to
//! them: related reviews (words weighed against the whole archive) and the
//! search index. An exact update (`build`, `check`) brings both level:
//! from what the last ones were found from where only a few reviews changed
//! (`related::update`; the search index patched), whole otherwise. A quick
//! one (`serve`'s answer to a save) reuses the last related lists and search
//! index, so the edited page is served at once, and hands them out as `Work`
//! to find on another thread; once that is `apply`d, the next quick update
//! brings the rest of the site level with a clean build.

pub mod cache;
pub mod fronts;
mod keys;

use crate::build::Paths;
use crate::config::Config;
use crate::diag::{self, Diagnostic};
use crate::load::Content;
use crate::model::Review;
use crate::plan::Plan;
use crate::render::context::Summary;
use crate::render::related::{self, Words};
use crate::site::{site_path, OutputFile, Site};
use crate::taxonomy::Taxonomy;
use crate::ui::Ui;
use anyhow::Context;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;
use tera::Tera;

/// What changed since the last update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Changes {
    /// Everything may have: reload every input.
    All,
    /// These files (absolute, or relative to the project directory). A file
    /// that is not a review (a template, yomon.toml, tags.toml, a static
    /// file) reloads everything.
    Files(Vec<PathBuf>),
}

/// How much of the site an update brings up to date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Everything, equal to a clean build.
    Exact,
    /// Every output but related lists and the search index, which keep their
    /// last exact value (see the module comment).
    Quick,
}

/// One update's result: every file of the site, in plan order (then the
/// search index, then static files), and the problems found.
pub struct Outcome {
    pub files: Arc<Files>,
    /// Set when only these entries of `files` differ from the last update's
    /// (an edit to review text): `serve` patches its map instead of making it
    /// anew.
    pub changed: Option<Vec<usize>>,
    /// Sorted by file and line. Shared: a text edit keeps the last
    /// update's, which at 100x number over a thousand.
    pub diagnostics: Arc<Vec<Diagnostic>>,
    pub reviews: usize,
    pub topics: usize,
    /// Outputs rendered (rather than reused) by this update.
    pub rendered: usize,
    /// Outputs of the site that are not in `files`: unchanged, and on disk
    /// where the last build wrote them (`Memo::written`).
    pub kept: Vec<String>,
    /// False when related lists or the search index may lag (`Depth::Quick`).
    pub exact: bool,
}

impl Outcome {
    /// The files as a `Site`, copying only bytes something else still holds.
    pub fn into_site(self) -> Site {
        let files = Arc::try_unwrap(self.files).unwrap_or_else(|shared| (*shared).clone());
        let files = files
            .into_iter()
            .map(|(path, bytes)| {
                let bytes = Arc::try_unwrap(bytes).unwrap_or_else(|shared| (*shared).clone());
                OutputFile::new(path, bytes)
            })
            .collect();
        Site { files }
    }
}

/// Loads the memo an engine starts from (the build cache), beside the
/// first reading of the reviews.
pub type MemoLoader = Box<dyn FnOnce() -> Memo + Send>;

pub struct Incremental {
    /// Where the last build wrote the site, when a build reads it back
    /// (the search index's shards, to patch them).
    site_dir: Option<PathBuf>,
    /// The memo still to load, on the first update (`with_memo_from`).
    memo_loader: Option<MemoLoader>,
    /// The project whose build cache holds front matters already read,
    /// for the first update's reading of the reviews (`knowing_fronts_from`).
    fronts_from: Option<PathBuf>,
    paths: Paths,
    site: Option<SiteInputs>,
    /// Every review file found, by path: its text's hash, and its problem
    /// when it did not load. Hashed, not ordered: `Path`'s order compares
    /// a component at a time, a few percent of a cached build at 10x.
    files: HashMap<PathBuf, Loaded>,
    /// The reviews that loaded, newest first (as `load` orders them).
    reviews: Arc<Vec<Review>>,
    /// Review slug -> the hash of its file's text.
    hashes: HashMap<String, u64>,
    memo: Memo,
    last: Option<Last>,
}

/// What the last update made, for an edit to review text (the common save)
/// to change only what depends on that text.
struct Last {
    plan: Plan,
    review_keys: Vec<u64>,
    summaries: Vec<Arc<Summary>>,
    summary_keys: Vec<u64>,
    bodies: Vec<crate::render::Body>,
    /// What review pages show (exact, or the last exact lists).
    related: Vec<Vec<usize>>,
    keys: keys::Shared,
    output_keys: Vec<u64>,
    diagnostics: Arc<Vec<Diagnostic>>,
    /// The planned outputs in plan order, then the search index and static files.
    files: Arc<Files>,
    /// Outputs a text edit left stale, to render in `finish`.
    pending: Vec<usize>,
    readers: Readers,
}

/// Which outputs read which review, so a text edit finds the outputs it
/// may change without walking them all.
struct Readers {
    /// Review slug -> its index.
    at: HashMap<String, usize>,
    /// Review i -> the outputs that show it (`Review(i)`, `Summary(i)`).
    of: Vec<Vec<usize>>,
    /// Review i -> the outputs that show its related list (`Related(i)`).
    of_related: Vec<Vec<usize>>,
    /// Review d -> the reviews whose related list holds d.
    related_to: Vec<Vec<usize>>,
    /// The outputs that read every review (`AllSummaries`, `AllReviews`).
    every: Vec<usize>,
}

impl Readers {
    fn new(plan: &Plan, reviews: &[Review], related: &[Vec<usize>]) -> Readers {
        let n = reviews.len();
        let mut readers = Readers {
            at: reviews
                .iter()
                .enumerate()
                .map(|(i, r)| (r.slug.clone(), i))
                .collect(),
            of: vec![Vec::new(); n],
            of_related: vec![Vec::new(); n],
            related_to: vec![Vec::new(); n],
            every: Vec::new(),
        };
        for (o, output) in plan.outputs.iter().enumerate() {
            for input in &output.inputs {
                match *input {
                    crate::plan::Input::Review(i) | crate::plan::Input::Summary(i) => {
                        readers.of[i].push(o)
                    }
                    crate::plan::Input::Related(i) => readers.of_related[i].push(o),
                    crate::plan::Input::AllSummaries | crate::plan::Input::AllReviews => {
                        readers.every.push(o)
                    }
                    _ => {}
                }
            }
        }
        for (i, list) in related.iter().enumerate() {
            for &d in list {
                readers.related_to[d].push(i);
            }
        }
        readers
    }
}

/// The inputs every output shares; any change to them reloads everything.
struct SiteInputs {
    config: Config,
    config_problem: Option<Diagnostic>,
    /// None when content/tags.toml is broken (its problem is reported).
    taxonomy: Option<Arc<Taxonomy>>,
    taxonomy_problem: Option<Diagnostic>,
    tera: Tera,
    /// Where the templates are, for naming a render error's line.
    templates: PathBuf,
    statics: Vec<OutputFile>,
    /// Covers the settings, the templates and the taxonomy.
    key: u64,
    /// Covers what the search index reads besides the reviews.
    search_key: u64,
}

struct Loaded {
    hash: u64,
    problem: Option<Diagnostic>,
}

/// Where `update_into` puts each output it renders (its path in the site,
/// its contents: a feed streams itself).
pub type Sink<'a> = &'a (dyn Fn(&str, crate::write::Contents) -> anyhow::Result<()> + Sync);

/// One file's bytes, shared between updates.
type Bytes = Arc<Vec<u8>>;

/// Related lists found by `Work`: their key, the lists by slug, each
/// review's words by review key, and what they were found from.
type RelatedFound = (
    u64,
    HashMap<String, Vec<String>>,
    HashMap<u64, Arc<Words>>,
    Arc<related::Found>,
);

/// Files by their path in the site, shared between updates.
pub type Files = Vec<(String, Arc<Vec<u8>>)>;

/// What the last update made, by key.
#[derive(Default)]
pub struct Memo {
    /// Output path -> its key and bytes; no bytes when the output is on
    /// disk as `written` records it (a build from the disk cache).
    outputs: HashMap<String, (u64, Option<Bytes>)>,
    /// Review key -> its summary and that summary's key.
    summaries: HashMap<u64, (Arc<Summary>, u64)>,
    /// Review key -> its body as HTML (once made).
    bodies: HashMap<u64, crate::render::Body>,
    /// Review slug -> the slugs of its related reviews, from the last exact
    /// update.
    related: HashMap<String, Vec<String>>,
    /// What `related` was found from (0: nothing yet).
    related_key: u64,
    /// Review key -> the review's words, which related lists are found from.
    related_words: HashMap<u64, Arc<Words>>,
    /// What the last related lists were found from, for the next lists to
    /// be found from it (`related::update`).
    related_found: Option<Arc<related::Found>>,
    /// The search index's key and files.
    search: Option<(u64, Files)>,
    /// Each review's analysis for the search index, by review key.
    search_memo: crate::search::SearchMemo,
    /// The build cache's review files this memo was loaded from, each
    /// found whole: a save keeps them rather than writing them again.
    cache_files: std::collections::HashSet<String>,
    /// The same for the search memo's bucket files.
    search_files: std::collections::HashSet<String>,
    /// What the last build wrote to its output directory (`build` only).
    pub written: Option<crate::write::Record>,
}

impl Memo {
    /// Let go of the outputs' bytes (they are about to be written where
    /// `written` will record them), so the site can take them over.
    pub fn forget_output_bytes(&mut self) {
        self.outputs
            .values_mut()
            .for_each(|(_, bytes)| *bytes = None);
    }

    /// The search memo, taken out to be saved on its own
    /// (`cache::save_search`), with the names of its bucket files the
    /// cache already holds whole; `cache::save` leaves it out.
    pub fn take_search_memo(
        &mut self,
    ) -> (crate::search::SearchMemo, std::collections::HashSet<String>) {
        (
            std::mem::take(&mut self.search_memo),
            std::mem::take(&mut self.search_files),
        )
    }

    /// Only what a quick update reuses without checking it (the related
    /// lists and the search index): a fresh engine given this and updated
    /// quickly must serve what this engine serves (the property test).
    pub fn lagging_parts(&self) -> Memo {
        Memo {
            related: self.related.clone(),
            related_key: self.related_key,
            search: self.search.clone(),
            ..Memo::default()
        }
    }
}

impl Incremental {
    pub fn new(paths: Paths) -> Incremental {
        Incremental::with_memo(paths, Memo::default())
    }

    /// An engine that starts from what an earlier build made (the disk cache).
    pub fn with_memo(paths: Paths, memo: Memo) -> Incremental {
        Incremental {
            site_dir: None,
            memo_loader: None,
            fronts_from: None,
            paths,
            site: None,
            files: HashMap::default(),
            reviews: Arc::default(),
            hashes: HashMap::default(),
            memo,
            last: None,
        }
    }

    /// An engine whose memo `load` makes while the first update reads the
    /// reviews and compiles the templates: the two do not wait for each
    /// other (the memo is first used once the reviews are read).
    pub fn with_memo_from(paths: Paths, load: MemoLoader) -> Incremental {
        let mut engine = Incremental::new(paths);
        engine.memo_loader = Some(load);
        engine
    }

    /// Read the reviews' front matters from `root`'s build cache where it
    /// knows them (`fronts`), on the first update.
    pub fn knowing_fronts_from(mut self, root: &Path) -> Incremental {
        self.fronts_from = Some(root.to_path_buf());
        self
    }

    /// Read what the last build left in `dir` back where it helps.
    pub fn reading_site_from(mut self, dir: &Path) -> Incremental {
        self.site_dir = Some(dir.to_path_buf());
        self
    }

    pub fn memo(&self) -> &Memo {
        &self.memo
    }

    /// Bring the site up to date with `changes`. Config and content problems
    /// are diagnostics in the outcome; a template that does not compile, or
    /// a folder that cannot be read, is an error.
    pub fn update(&mut self, changes: &Changes, depth: Depth, ui: &Ui) -> anyhow::Result<Outcome> {
        self.update_into(changes, depth, ui, None)
    }

    /// `update`, handing each output rendered to `sink` (which writes it)
    /// instead of keeping its bytes: the outcome's files are then only the
    /// search index and the static files, and the memo knows the written
    /// outputs by key alone. `build` writes a large site this way without
    /// holding it in memory.
    pub fn update_into(
        &mut self,
        changes: &Changes,
        depth: Depth,
        ui: &Ui,
        sink: Option<Sink>,
    ) -> anyhow::Result<Outcome> {
        let reviews_dir = self.paths.content.join("reviews");
        let review_files: Option<Vec<PathBuf>> = match changes {
            Changes::Files(files) if self.site.is_some() => files
                .iter()
                .map(|f| self.paths.root.join(f))
                .map(|f| (f.parent() == Some(&reviews_dir) && is_markdown(&f)).then_some(f))
                .collect(),
            _ => None,
        };
        if let (Some(files), Depth::Quick) = (&review_files, depth) {
            if files.is_empty() {
                // Nothing to reload: the general update below re-keys every
                // output against what the memo now holds (`apply`).
            } else if let Some(outcome) = self.text_edit(files, ui) {
                return outcome;
            }
        }
        // Until this update succeeds, nothing may build on the last one.
        self.last = None;
        let started = Instant::now();
        let compile_time = match review_files {
            Some(files) => {
                for file in files {
                    self.reload(&file);
                }
                None
            }
            None => Some(self.reload_everything(&reviews_dir, ui)?),
        };
        let load_time = started.elapsed();
        let Some(site) = &self.site else {
            anyhow::bail!("the site's inputs did not load");
        };
        let topics = site.taxonomy.as_ref().map_or(0, |t| t.topics.len());
        ui.stage(format!(
            "load     {} reviews, {topics} topics ({} ms)",
            self.reviews.len(),
            load_time.as_millis()
        ));
        if let Some(compile_time) = compile_time {
            ui.stage(format!(
                "compile  {} templates ({} ms)",
                site.tera.get_template_names().count(),
                compile_time.as_millis()
            ));
        }
        let diagnostics = Arc::new(self.diagnostics());
        let outcome = self.render(depth, ui, sink)?;
        if let Some(last) = &mut self.last {
            last.diagnostics = Arc::clone(&diagnostics);
        }
        Ok(Outcome {
            diagnostics,
            ..outcome
        })
    }

    /// The common save: the text of reviews changed, not their front matter.
    /// The plan, the problems and every other review stay as they were, so
    /// only the outputs whose inputs include these reviews get new keys
    /// (their pages; where a summary changed, the lists that show it).
    /// None when the change is anything else (the general update takes it).
    fn text_edit(&mut self, files: &[PathBuf], ui: &Ui) -> Option<anyhow::Result<Outcome>> {
        let started = Instant::now();
        let site = self.site.as_ref()?;
        let last = self.last.as_mut()?;
        // Every file must be a review that loaded, loads again, and keeps its
        // front matter; then nothing but its text changed.
        let mut edits = Vec::with_capacity(files.len());
        for file in files {
            let known = self.files.get(file)?;
            if known.problem.is_some() {
                return None;
            }
            let (hash, _, review) = read_review(&self.paths.root, file, &fronts::Fronts::default());
            let review = review?;
            let at = *last.readers.at.get(&review.slug)?;
            if self.reviews[at].origin.front != review.origin.front {
                return None;
            }
            edits.push((file.clone(), at, hash, review));
        }
        let taxonomy = site.taxonomy.clone().unwrap_or_default();
        let mut summary_changed = false;
        let mut dirty = Vec::new();
        for (file, at, hash, review) in edits {
            self.files.insert(
                file,
                Loaded {
                    hash,
                    problem: None,
                },
            );
            self.hashes.insert(review.slug.clone(), hash);
            let key = review_key(site.key, Some(&hash));
            let summary = crate::render::summary(&review, &taxonomy);
            let summary_key = keys::of(&summary);
            if summary_key != last.summary_keys[at] {
                summary_changed = true;
                last.summaries[at] = Arc::new(summary);
                last.summary_keys[at] = summary_key;
            }
            // The review's last version leaves the memo: a long session of
            // saves would otherwise keep every version's summary, page body
            // and feed entry (and grow the maps into rehashing them all).
            let old = last.review_keys[at];
            self.memo.summaries.remove(&old);
            self.memo.bodies.remove(&old);
            self.memo
                .summaries
                .insert(key, (Arc::clone(&last.summaries[at]), summary_key));
            last.review_keys[at] = key;
            last.bodies[at] = crate::render::Body::default();
            self.memo.bodies.insert(key, Arc::clone(&last.bodies[at]));
            Arc::make_mut(&mut self.reviews)[at] = review;
            dirty.push(at);
        }
        let review_set = keys::ReviewKeys {
            review: &last.review_keys,
            summary: &last.summary_keys,
        };
        // Every edited review's key changed (its file did): the main feed's
        // `AllReviews` key with it.
        last.keys = last.keys.with_reviews(&review_set);
        // Only outputs that read a changed review can have a new key.
        let touches = |output: &crate::plan::Output| {
            output.inputs.iter().any(|input| match *input {
                crate::plan::Input::Review(i) => dirty.contains(&i),
                crate::plan::Input::Summary(i) => summary_changed && dirty.contains(&i),
                crate::plan::Input::Related(i) => {
                    summary_changed && last.related[i].iter().any(|j| dirty.contains(j))
                }
                crate::plan::Input::AllSummaries => summary_changed,
                crate::plan::Input::AllReviews => !dirty.is_empty(),
                _ => false,
            })
        };
        // Sequential: a few outputs, and the thread pool may be busy with
        // the lagging work of the save before. Outputs an earlier save left
        // for later are still stale.
        // Only the outputs that name an edited review (or read every one)
        // are looked at: at 100x a save should not walk 30 000 outputs.
        let mut candidates: Vec<usize> = last.readers.every.clone();
        for &d in &dirty {
            candidates.extend(&last.readers.of[d]);
            for &i in &last.readers.related_to[d] {
                candidates.extend(&last.readers.of_related[i]);
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        let mut stale: Vec<usize> = candidates
            .into_iter()
            .filter(|&o| touches(&last.plan.outputs[o]))
            .filter(|&o| {
                let key = keys::output_key(
                    &last.plan.outputs[o],
                    &last.keys,
                    &review_set,
                    &last.related,
                );
                key != last.output_keys[o]
            })
            .chain(std::mem::take(&mut last.pending))
            .collect();
        stale.sort_unstable();
        stale.dedup();
        // The edited reviews' own pages first: the author is looking at one
        // of them. The rest (lists, the archive, feeds; large at scale) is
        // left for `finish`, which serve calls right after swapping this in.
        let (first, later): (Vec<usize>, Vec<usize>) = stale.into_iter().partition(|&o| {
            matches!(last.plan.outputs[o].kind, crate::plan::Kind::Review(i) if dirty.contains(&i))
        });
        last.pending = later;
        let content = Content {
            reviews: std::mem::take(&mut self.reviews),
            taxonomy,
            diagnostics: Vec::new(),
        };
        let outcome = render_stale(site, last, &content, &mut self.memo, first, started, ui);
        self.reviews = content.reviews;
        Some(outcome)
    }

    /// Render what the last text edit left for later (see `text_edit`);
    /// None when nothing is left.
    pub fn finish(&mut self, ui: &Ui) -> Option<anyhow::Result<Outcome>> {
        let started = Instant::now();
        let site = self.site.as_ref()?;
        let last = self.last.as_mut()?;
        if last.pending.is_empty() {
            return None;
        }
        let stale = std::mem::take(&mut last.pending);
        let content = Content {
            reviews: std::mem::take(&mut self.reviews),
            taxonomy: site.taxonomy.clone().unwrap_or_default(),
            diagnostics: Vec::new(),
        };
        let outcome = render_stale(site, last, &content, &mut self.memo, stale, started, ui);
        self.reviews = content.reviews;
        Some(outcome)
    }

    /// What the last update left lagging (related lists, the search index),
    /// as work to do elsewhere; None when it was exact.
    pub fn pending_work(&mut self) -> Option<Work> {
        let site = self.site.as_ref()?;
        let last = self.last.as_ref()?;
        let related_key = related_key(&last.review_keys, &site.config);
        let search_key = keys::of(&(site.search_key, &last.review_keys));
        let related =
            (self.memo.related_key != related_key).then_some((related_key, site.config.related));
        let search = (site.config.search
            && self
                .memo
                .search
                .as_ref()
                .is_none_or(|(k, _)| *k != search_key))
        .then_some(search_key);
        if related.is_none() && search.is_none() {
            return None;
        }
        // The search memo goes with the work and comes back in `apply`.
        let search = search.map(|key| (key, std::mem::take(&mut self.memo.search_memo)));
        let last_search = index_parts(self.memo.search.as_ref().map(|(_, files)| files))
            .into_iter()
            .map(|(path, bytes)| (path.to_string(), Arc::clone(bytes)))
            .collect();
        Some(Work {
            reviews: Arc::clone(&self.reviews),
            review_keys: last.review_keys.clone(),
            words: self.memo.related_words.clone(),
            found: self.memo.related_found.clone(),
            taxonomy: site.taxonomy.clone().unwrap_or_default(),
            related,
            search,
            last_search,
        })
    }

    /// Keep what `Work` found. The next update uses it where its key still
    /// matches the reviews (a save meanwhile makes it lag again).
    pub fn apply(&mut self, done: Done) {
        if let Some((key, related, words, found)) = done.related {
            self.memo.related = related;
            self.memo.related_key = key;
            self.memo.related_words = words;
            self.memo.related_found = Some(found);
        }
        if let Some((key, files, search_memo)) = done.search {
            self.memo.search = Some((key, files));
            self.memo.search_memo = search_memo;
        }
    }

    /// The engine's reviews, newest first, for the callers that point
    /// problems at their source lines (`check`).
    pub fn into_reviews(self) -> Vec<Review> {
        Arc::unwrap_or_clone(self.reviews)
    }

    /// The reviews and the memo, for `build` to write the site and then
    /// the cache.
    pub fn into_parts(self) -> (Vec<Review>, Memo) {
        (Arc::unwrap_or_clone(self.reviews), self.memo)
    }

    /// Reload the site-wide inputs and every review file whose text
    /// changed; returns how long the templates took to compile.
    fn reload_everything(
        &mut self,
        reviews_dir: &Path,
        ui: &Ui,
    ) -> anyhow::Result<std::time::Duration> {
        // The reviews are read while the templates compile and the
        // taxonomy loads (a template or tags.toml does not change how a
        // review file reads): at the real archive's size these take as long
        // as reading every review.
        let loader = self.memo_loader.take();
        let fronts_from = self.fronts_from.take();
        let ((memo, (site, compile_time)), listing) = rayon::join(
            || {
                // The memo first: reading the cache is the longer of the two.
                rayon::join(
                    || loader.map(|load| load()),
                    || timed(|| SiteInputs::load(&self.paths)),
                )
            },
            || {
                let listing = list_reviews(reviews_dir)?;
                let fronts = fronts_from.as_deref().map(fronts::load).unwrap_or_default();
                // Every file read and hashed in parallel; only changed ones parsed.
                let read: Vec<(PathBuf, u64, Option<Loaded>, Option<Review>)> = listing
                    .par_iter()
                    .filter_map(|file| {
                        let (hash, loaded, review) = read_review(&self.paths.root, file, &fronts);
                        let same = self
                            .files
                            .get(file)
                            .is_some_and(|f| f.hash == hash && hash != 0);
                        (!same).then(|| (file.clone(), hash, loaded, review))
                    })
                    .collect();
                anyhow::Ok((listing, read))
            },
        );
        if let Some(memo) = memo {
            self.memo = memo;
        }
        let site = site?;
        if site.config.base().is_none() {
            ui.detail(
                "note: no base_url in yomon.toml: no canonical links, sitemap holds relative paths",
            );
        }
        if self.site.as_ref().is_some_and(|s| s.key != site.key) {
            // Other settings or templates: every summary may read otherwise
            // (and is keyed otherwise; those from the build cache are keyed
            // by the settings they were made under).
            self.memo.summaries.clear();
        }
        self.site = Some(site);
        let (listing, read) = listing?;
        let mut dropped: std::collections::HashSet<String> = self
            .files
            .keys()
            .filter(|f| !is_listed(&listing, f))
            .map(|f| slug_of(f))
            .collect();
        self.files.retain(|f, _| is_listed(&listing, f));
        dropped.extend(read.iter().map(|(file, ..)| slug_of(file)));
        let reviews = Arc::make_mut(&mut self.reviews);
        reviews.retain(|r| !dropped.contains(&r.slug));
        self.hashes.retain(|slug, _| !dropped.contains(slug));
        for (file, hash, loaded, review) in read {
            if let Some(review) = review {
                self.hashes.insert(review.slug.clone(), hash);
                reviews.push(review);
            }
            match loaded {
                Some(loaded) => self.files.insert(file, loaded),
                None => self.files.remove(&file),
            };
        }
        reviews.sort_by(|a, b| {
            b.front
                .date
                .cmp(&a.front.date)
                .then_with(|| a.slug.cmp(&b.slug))
        });
        Ok(compile_time)
    }

    /// Read one review file again (or note that it is gone).
    fn reload(&mut self, file: &Path) {
        let (hash, loaded, review) =
            read_review(&self.paths.root, file, &fronts::Fronts::default());
        if self
            .files
            .get(file)
            .is_some_and(|f| f.hash == hash && hash != 0)
        {
            return;
        }
        let slug = slug_of(file);
        if let Some(at) = self.reviews.iter().position(|r| r.slug == slug) {
            Arc::make_mut(&mut self.reviews).remove(at);
        }
        self.hashes.remove(&slug);
        if let Some(review) = review {
            self.hashes.insert(review.slug.clone(), hash);
            let at = self.reviews.partition_point(|r| newest_first(r, &review));
            Arc::make_mut(&mut self.reviews).insert(at, review);
        }
        match loaded {
            Some(loaded) => self.files.insert(file.to_path_buf(), loaded),
            None => self.files.remove(file),
        };
    }

    /// Every problem, in the order `load` and `build` find them.
    fn diagnostics(&self) -> Vec<Diagnostic> {
        let Some(site) = &self.site else {
            return Vec::new();
        };
        let mut list: Vec<Diagnostic> = site.taxonomy_problem.iter().cloned().collect();
        let mut problems: Vec<(&PathBuf, &Diagnostic)> = self
            .files
            .iter()
            .filter_map(|(path, f)| Some((path, f.problem.as_ref()?)))
            .collect();
        problems.sort_unstable_by(|a, b| a.0.as_os_str().cmp(b.0.as_os_str()));
        list.extend(problems.into_iter().map(|(_, problem)| problem.clone()));
        let mut by_file: Vec<&Review> = self.reviews.iter().collect();
        by_file.sort_by(|a, b| a.origin.file.cmp(&b.origin.file));
        list.extend(crate::load::rules::check(
            &by_file,
            site.taxonomy.as_deref(),
        ));
        list.extend(site.config_problem.clone());
        diag::sort(&mut list);
        list
    }

    fn render(&mut self, depth: Depth, ui: &Ui, sink: Option<Sink>) -> anyhow::Result<Outcome> {
        let started = Instant::now();
        let Some(site) = &self.site else {
            anyhow::bail!("the site's inputs did not load");
        };
        let taxonomy = site.taxonomy.clone().unwrap_or_default();
        let content = Content {
            reviews: std::mem::take(&mut self.reviews),
            taxonomy,
            diagnostics: Vec::new(),
        };
        let review_keys: Vec<u64> = content
            .reviews
            .iter()
            .map(|r| review_key(site.key, self.hashes.get(&r.slug)))
            .collect();
        let result = render_site(
            site,
            self.site_dir.as_deref(),
            &content,
            review_keys,
            &mut self.memo,
            depth,
            ui,
            sink,
        );
        self.reviews = content.reviews;
        let (mut outcome, last) = result?;
        outcome.topics = content.taxonomy.topics.len();
        // Outputs written away or left on disk are not in the files: a text
        // edit (serve) could not patch them.
        let whole = sink.is_none() && outcome.kept.is_empty();
        self.last = whole.then_some(last);
        ui.detail(format!(
            "update   {} of {} files rendered ({} ms)",
            outcome.rendered,
            outcome.files.len(),
            started.elapsed().as_millis()
        ));
        Ok(outcome)
    }
}

/// Render these outputs of the last update again (their inputs changed),
/// and patch them into its files.
fn render_stale(
    site: &SiteInputs,
    last: &mut Last,
    content: &Content,
    memo: &mut Memo,
    stale: Vec<usize>,
    started: Instant,
    ui: &Ui,
) -> anyhow::Result<Outcome> {
    let review_set = keys::ReviewKeys {
        review: &last.review_keys,
        summary: &last.summary_keys,
    };
    let shared = crate::render::Shared::with_summaries(
        &last.plan,
        content,
        &site.config,
        &site.tera,
        &site.templates,
        &last.summaries,
        &last.bodies,
    );
    // Side by side: an edit to a teaser re-renders the archive and the
    // full-text feeds, each a large output (serve's lagging work runs in
    // a pool of its own, not this one).
    let rendered: Vec<OutputFile> = stale
        .par_iter()
        .map(|&o| shared.output(&last.plan.outputs[o], &last.related))
        .collect::<anyhow::Result<_>>()?;
    drop(shared);
    let files = Arc::make_mut(&mut last.files);
    for (&o, file) in stale.iter().zip(rendered) {
        let output = &last.plan.outputs[o];
        let key = keys::output_key(output, &last.keys, &review_set, &last.related);
        let bytes = Arc::new(file.bytes);
        last.output_keys[o] = key;
        files[o].1 = Arc::clone(&bytes);
        memo.outputs.insert(output.path.clone(), (key, Some(bytes)));
    }
    ui.detail(format!(
        "update   {} of {} files rendered ({} ms{})",
        stale.len(),
        last.files.len(),
        started.elapsed().as_millis(),
        if last.pending.is_empty() {
            ""
        } else {
            ", more to follow"
        }
    ));
    Ok(Outcome {
        files: Arc::clone(&last.files),
        changed: Some(stale.clone()),
        diagnostics: Arc::clone(&last.diagnostics),
        reviews: content.reviews.len(),
        topics: site.taxonomy.as_ref().map_or(0, |t| t.topics.len()),
        rendered: stale.len(),
        kept: Vec::new(),
        // Related lists and the search index read every review's text.
        exact: false,
    })
}

/// One output of an update: made now, or the last one's (its bytes, or
/// none when it is on disk).
enum Made {
    Rendered(OutputFile),
    /// Rendered and handed to the sink.
    Written,
    Reused(Option<Arc<Vec<u8>>>),
}

/// Plan, summarize, relate, render what changed, index: one update's work.
#[allow(clippy::too_many_arguments)]
fn render_site(
    site: &SiteInputs,
    site_dir: Option<&Path>,
    content: &Content,
    review_keys: Vec<u64>,
    memo: &mut Memo,
    depth: Depth,
    ui: &Ui,
    sink: Option<Sink>,
) -> anyhow::Result<(Outcome, Last)> {
    let config = &site.config;
    let reviews = &content.reviews;
    let plan = Plan::new(reviews, &content.taxonomy, config);
    let summaries = summaries(content, &review_keys, memo);
    let summary_keys: Vec<u64> = summaries.iter().map(|(_, key)| *key).collect();

    let review_set = keys::ReviewKeys {
        review: &review_keys,
        summary: &summary_keys,
    };
    let shared_keys = keys::Shared::new(&plan, site.key, &review_set);
    let summaries: Vec<Arc<Summary>> = summaries.into_iter().map(|(s, _)| s).collect();
    let bodies: Vec<crate::render::Body> = review_keys
        .iter()
        .map(|key| memo.bodies.get(key).cloned().unwrap_or_default())
        .collect();
    memo.bodies = review_keys
        .iter()
        .copied()
        .zip(bodies.iter().cloned())
        .collect();
    let shared = crate::render::Shared::with_summaries(
        &plan,
        content,
        config,
        &site.tera,
        &site.templates,
        &summaries,
        &bodies,
    );
    // An output whose key is unchanged keeps its bytes (or its file on
    // disk); the rest render.
    let render = |output: &crate::plan::Output, related: &[Vec<usize>]| {
        let key = keys::output_key(output, &shared_keys, &review_set, related);
        match memo.outputs.get(&output.path) {
            Some((k, bytes)) if *k == key => (key, Ok(Made::Reused(bytes.clone()))),
            _ => {
                let made = shared
                    .render_output(output, related)
                    .and_then(|rendered| match sink {
                        Some(sink) => {
                            sink(&output.path, rendered.contents()).map(|()| Made::Written)
                        }
                        None => Ok(Made::Rendered(rendered.into_file())),
                    });
                (key, made)
            }
        }
    };
    let reads_related = |output: &crate::plan::Output| {
        output
            .inputs
            .iter()
            .any(|input| matches!(input, crate::plan::Input::Related(_)))
    };

    // Related reviews and the search index read every review: an exact
    // update finds them again (side by side); a quick one keeps the last.
    // The outputs that show no related list render meanwhile.
    let search_key = keys::of(&(site.search_key, &review_keys));
    let search_current = memo.search.as_ref().is_some_and(|(k, _)| *k == search_key);
    let want_search = config.search && depth == Depth::Exact && !search_current;
    let related_key = related_key(&review_keys, config);
    let related_current = memo.related_key == related_key;
    let want_related = depth == Depth::Exact && !related_current;
    let render_started = Instant::now();
    // Taken out while the outputs render beside it (they read the memo).
    let mut search_memo = std::mem::take(&mut memo.search_memo);
    // A search result file a build finds on disk with its key is left
    // there (the memo holds no bytes for what the last build wrote).
    let last_outputs = &memo.outputs;
    let on_disk = |path: &str, key: u64| {
        sink.is_some() && matches!(last_outputs.get(path), Some((k, None)) if *k == key)
    };
    // The last index's shards and chunks, for the search index to patch:
    // in memory (serve), or where the last build wrote them. A shard the
    // patch leaves as it was stays where it is: on disk, or in memory,
    // shared with the last index rather than copied.
    let last_search = index_parts(memo.search.as_ref().map(|(_, files)| files));
    let in_memory = |path: &str, key: u64| {
        sink.is_none()
            && last_search
                .get(path)
                .is_some_and(|bytes| crate::search::file_key(bytes) == key)
    };
    let reuse = |path: &str, key: u64| on_disk(path, key) || in_memory(path, key);
    let old = |path: &str, key: u64| match last_search.get(path) {
        Some(bytes) => Some(bytes.to_vec()),
        None => site_dir
            .filter(|_| on_disk(path, key))
            .and_then(|dir| std::fs::read(dir.join(path)).ok()),
    };
    // The outputs that show a related list render as soon as the lists are
    // found, beside what is left of the others (waiting for all of those
    // left a core idle behind the last large feed).
    let ((((related, related_time), late), (search, search_time)), early) = rayon::join(
        || {
            rayon::join(
                || {
                    let related = timed(|| match want_related {
                        true => {
                            let words = words_of(reviews, &review_keys, &memo.related_words);
                            let found = find_related(
                                reviews,
                                &review_keys,
                                &words,
                                memo.related_found.as_deref(),
                                &memo.related_words,
                                config.related,
                            );
                            (found.lists.clone(), Some((words, found)))
                        }
                        false => (remembered_related(reviews, &memo.related), None),
                    });
                    let ((lists, _), _) = &related;
                    let late: Vec<Option<_>> = plan
                        .outputs
                        .par_iter()
                        .map(|output| reads_related(output).then(|| render(output, lists)))
                        .collect();
                    (related, late)
                },
                || {
                    timed(|| {
                        want_search.then(|| {
                            crate::search::index_files_reusing(
                                reviews,
                                &review_keys,
                                &content.taxonomy,
                                &|r| crate::urls::review(&r.slug),
                                &mut search_memo,
                                &reuse,
                                &old,
                            )
                        })
                    })
                },
            )
        },
        || {
            plan.outputs
                .par_iter()
                .map(|output| (!reads_related(output)).then(|| render(output, &[])))
                .collect::<Vec<_>>()
        },
    );
    memo.search_memo = search_memo;
    ui.detail(format!("related  {} ms", related_time.as_millis()));
    let (related, words) = related;
    let rendered: Vec<(u64, anyhow::Result<Made>)> = early
        .into_iter()
        .zip(late)
        .filter_map(|(early, late)| early.or(late))
        .collect();
    drop(shared);
    if let Some((words, found)) = words {
        memo.related = related_by_slug(reviews, &related);
        memo.related_key = related_key;
        memo.related_words = review_keys.iter().copied().zip(words).collect();
        memo.related_found = Some(Arc::new(found));
    }
    let output_keys: Vec<u64> = rendered.iter().map(|(key, _)| *key).collect();
    let rendered = rendered.into_iter().map(|(_, result)| result);
    let mut files = Vec::with_capacity(plan.outputs.len() + site.statics.len());
    let mut kept = Vec::new();
    let mut outputs = HashMap::with_capacity_and_hasher(plan.outputs.len(), Default::default());
    let mut count = 0;
    for ((output, key), result) in plan.outputs.iter().zip(&output_keys).zip(rendered) {
        let bytes = match result? {
            Made::Rendered(file) => {
                count += 1;
                Some(Arc::new(file.bytes))
            }
            Made::Written => {
                count += 1;
                outputs.insert(output.path.clone(), (*key, None));
                continue;
            }
            Made::Reused(bytes) => bytes,
        };
        match &bytes {
            Some(bytes) => files.push((output.path.clone(), Arc::clone(bytes))),
            None => kept.push(output.path.clone()),
        }
        outputs.insert(output.path.clone(), (*key, bytes));
    }
    memo.outputs = outputs;
    ui.stage(format!(
        "render   {} files, {count} rendered ({} ms)",
        plan.outputs.len(),
        render_started.elapsed().as_millis()
    ));

    let mut exact = related_current || want_related;
    if config.search {
        // Result files left on disk are part of the index too.
        let mut left_in_place = 0;
        let mut made = 0;
        if let Some(index) = search {
            left_in_place = index.kept.len();
            if sink.is_some() {
                // Result files are known by key to the next build, which
                // leaves them on disk when their key holds.
                memo.outputs.extend(
                    index
                        .doc_keys
                        .into_iter()
                        .map(|(path, key)| (path, (key, None))),
                );
                kept.extend(index.kept.iter().cloned());
            }
            let mut files: Files = index
                .files
                .into_iter()
                .map(|f| (site_path(&f.path), Arc::new(f.bytes)))
                .collect();
            made = files.len();
            if sink.is_none() {
                // Left as they were, in memory: the last index's own bytes.
                files.extend(index.kept.iter().filter_map(|path| {
                    Some((path.clone(), Arc::clone(last_search.get(path.as_str())?)))
                }));
            }
            memo.search = Some((search_key, files));
        }
        let total = memo.search.as_ref().map_or(0, |(_, files)| files.len())
            + if sink.is_some() { left_in_place } else { 0 };
        let in_memory = made;
        let ms = search_time.as_millis();
        ui.stage(match want_search {
            true => format!("search   {total} index files, {in_memory} made ({ms} ms)"),
            false => format!("search   {total} index files ({ms} ms, reused)"),
        });
        exact &= memo.search.as_ref().is_some_and(|(k, _)| *k == search_key);
        if let Some((_, index)) = &memo.search {
            files.extend(index.iter().map(|(p, b)| (p.clone(), Arc::clone(b))));
        }
    } else {
        ui.stage("search   off (search = false in yomon.toml)");
    }
    files.extend(
        site.statics
            .iter()
            .map(|f| (site_path(&f.path), Arc::new(f.bytes.clone()))),
    );
    let files = Arc::new(files);
    let outcome = Outcome {
        files: Arc::clone(&files),
        changed: None,
        diagnostics: Arc::default(),
        reviews: reviews.len(),
        topics: 0,
        rendered: count,
        kept,
        exact,
    };
    let readers = Readers::new(&plan, reviews, &related);
    let last = Last {
        plan,
        review_keys,
        summaries,
        summary_keys,
        bodies,
        related,
        keys: shared_keys,
        output_keys,
        diagnostics: Arc::default(),
        files,
        pending: Vec::new(),
        readers,
    };
    Ok((outcome, last))
}

/// Each review's summary and its key, made again only for reviews that
/// changed; the memo keeps exactly the current ones.
fn summaries(content: &Content, review_keys: &[u64], memo: &mut Memo) -> Vec<(Arc<Summary>, u64)> {
    let made: Vec<(Arc<Summary>, u64)> = content
        .reviews
        .par_iter()
        .zip(review_keys)
        .map(|(review, key)| match memo.summaries.get(key) {
            Some((summary, summary_key)) => (Arc::clone(summary), *summary_key),
            None => {
                let summary = crate::render::summary(review, &content.taxonomy);
                let summary_key = keys::of(&summary);
                (Arc::new(summary), summary_key)
            }
        })
        .collect();
    memo.summaries = review_keys
        .iter()
        .zip(&made)
        .map(|(key, (summary, summary_key))| (*key, (Arc::clone(summary), *summary_key)))
        .collect();
    made
}

/// What related lists are found from: every review, and how many to find.
fn related_key(review_keys: &[u64], config: &Config) -> u64 {
    keys::of(&(review_keys, config.related))
}

/// Related lists by slug, so they outlive the reviews' order.
fn related_by_slug(reviews: &[Review], related: &[Vec<usize>]) -> HashMap<String, Vec<String>> {
    reviews
        .iter()
        .zip(related)
        .map(|(r, list)| {
            let slugs = list.iter().map(|&j| reviews[j].slug.clone()).collect();
            (r.slug.clone(), slugs)
        })
        .collect()
}

/// Each review's words (`related::Words`), made for the reviews `memo` does
/// not hold at their key.
fn words_of(reviews: &[Review], keys: &[u64], memo: &HashMap<u64, Arc<Words>>) -> Vec<Arc<Words>> {
    reviews
        .par_iter()
        .zip(keys)
        .map(|(review, key)| match memo.get(key) {
            Some(words) => Arc::clone(words),
            None => Arc::new(crate::render::related::words_of(review)),
        })
        .collect()
}

/// Related lists from each review's words: updated from what the last
/// ones were found from where that can be, found whole where not.
fn find_related(
    reviews: &[Review],
    keys: &[u64],
    words: &[Arc<Words>],
    last: Option<&related::Found>,
    last_words: &HashMap<u64, Arc<Words>>,
    count: usize,
) -> related::Found {
    let words: Vec<&Words> = words.iter().map(|w| &**w).collect();
    let old_words = |key: u64| last_words.get(&key).cloned();
    last.and_then(|last| related::update(last, reviews, keys, &words, &old_words, count))
        .unwrap_or_else(|| related::find(reviews, keys, &words, count))
}

/// The work that brings a quick update level with a clean build: related
/// lists and the search index, found from a copy of the reviews, so that
/// `serve` can do it on another thread and go on answering saves.
pub struct Work {
    reviews: Arc<Vec<Review>>,
    review_keys: Vec<u64>,
    words: HashMap<u64, Arc<Words>>,
    found: Option<Arc<related::Found>>,
    taxonomy: Arc<Taxonomy>,
    related: Option<(u64, usize)>,
    search: Option<(u64, crate::search::SearchMemo)>,
    /// The last index's shards and chunks, for the search index to patch.
    last_search: HashMap<String, Arc<Vec<u8>>>,
}

/// What `Work` found, for `Incremental::apply`.
pub struct Done {
    related: Option<RelatedFound>,
    search: Option<(u64, Files, crate::search::SearchMemo)>,
}

impl Work {
    pub fn run(self) -> Done {
        let reviews = &self.reviews;
        let (related, search) = rayon::join(
            || {
                self.related.map(|(key, count)| {
                    let words = words_of(reviews, &self.review_keys, &self.words);
                    let found = find_related(
                        reviews,
                        &self.review_keys,
                        &words,
                        self.found.as_deref(),
                        &self.words,
                        count,
                    );
                    let words = self.review_keys.iter().copied().zip(words).collect();
                    (
                        key,
                        related_by_slug(reviews, &found.lists),
                        words,
                        Arc::new(found),
                    )
                })
            },
            || {
                self.search.map(|(key, mut memo)| {
                    let old = |path: &str, _: u64| self.last_search.get(path).map(|b| b.to_vec());
                    // Shards left as they were are shared with the last index.
                    let reuse = |path: &str, key: u64| {
                        self.last_search
                            .get(path)
                            .is_some_and(|bytes| crate::search::file_key(bytes) == key)
                    };
                    let index = crate::search::index_files_reusing(
                        reviews,
                        &self.review_keys,
                        &self.taxonomy,
                        &|r| crate::urls::review(&r.slug),
                        &mut memo,
                        &reuse,
                        &old,
                    );
                    let mut files: Files = index
                        .files
                        .into_iter()
                        .map(|f| (site_path(&f.path), Arc::new(f.bytes)))
                        .collect();
                    files.extend(index.kept.iter().filter_map(|path| {
                        Some((path.clone(), Arc::clone(self.last_search.get(path)?)))
                    }));
                    (key, files, memo)
                })
            },
        );
        Done { related, search }
    }
}

/// The search index's shards and chunks among `files`, by path.
fn index_parts(files: Option<&Files>) -> HashMap<&str, &Arc<Vec<u8>>> {
    files
        .into_iter()
        .flatten()
        .filter(|(path, _)| path.starts_with("search/s") || path.starts_with("search/v"))
        .map(|(path, bytes)| (path.as_str(), bytes))
        .collect()
}

/// The last exact related lists, for the reviews still there.
fn remembered_related(reviews: &[Review], memo: &HashMap<String, Vec<String>>) -> Vec<Vec<usize>> {
    let index: HashMap<&str, usize> = reviews
        .iter()
        .enumerate()
        .map(|(i, r)| (r.slug.as_str(), i))
        .collect();
    reviews
        .iter()
        .map(|r| {
            memo.get(&r.slug)
                .map(|slugs| {
                    slugs
                        .iter()
                        .filter_map(|s| index.get(s.as_str()).copied())
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect()
}

impl SiteInputs {
    fn load(paths: &Paths) -> anyhow::Result<SiteInputs> {
        // An unusable yomon.toml is one problem among the rest: the defaults
        // stand in for it so every content problem is still found.
        let (config, config_problem) = match Config::load(&paths.config) {
            Ok(config) => (config, None),
            Err(mut problem) => {
                problem.file = diag::file_name(&paths.root, &paths.config);
                (Config::default(), Some(problem))
            }
        };
        let tags = paths.content.join("tags.toml");
        let (taxonomy, taxonomy_problem) =
            match crate::load::taxonomy::read(&tags, &diag::file_name(&paths.root, &tags)) {
                Ok(found) => (Some(found.unwrap_or(Taxonomy::default())), None),
                Err(problem) => (None, Some(problem)),
            };
        let tera = crate::render::load_templates(&paths.templates)?;
        let statics = static_files(&paths.static_dir)?;
        let templates = read_tree(&paths.templates)?;
        let taxonomy_text = std::fs::read(&tags).unwrap_or_default();
        let config_text = serde_json::to_string(&config).unwrap_or_default();
        Ok(SiteInputs {
            key: keys::of(&(
                env!("CARGO_PKG_VERSION"),
                &config_text,
                &templates,
                &taxonomy_text,
            )),
            search_key: keys::of(&(env!("CARGO_PKG_VERSION"), config.search, &taxonomy_text)),
            config,
            config_problem,
            taxonomy: taxonomy.map(Arc::new),
            taxonomy_problem,
            tera,
            templates: paths.templates.clone(),
            statics,
        })
    }
}

/// A review's key: its file's text (with its slug) under the site's inputs.
fn review_key(site: u64, file_hash: Option<&u64>) -> u64 {
    keys::of(&(site, file_hash))
}

/// One review file read and parsed: its hash, its entry (None when the
/// file is gone), and its review when it loaded.
fn read_review(
    root: &Path,
    file: &Path,
    fronts: &fronts::Fronts,
) -> (u64, Option<Loaded>, Option<Review>) {
    let slug = slug_of(file);
    let name = diag::file_name(root, file);
    let text = std::fs::read(file).and_then(|bytes| {
        crate::text::string(bytes).ok_or_else(|| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "stream did not contain valid UTF-8",
            )
        })
    });
    match text {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (0, None, None),
        Err(e) => {
            let problem = Some(Diagnostic::error(name, 1, format!("cannot read: {e}")));
            (0, Some(Loaded { hash: 0, problem }), None)
        }
        Ok(text) => {
            let hash = file_hash(&text, &slug);
            match crate::load::parse_review_knowing(&name, slug, &text, |front| fronts.get(front)) {
                Ok(review) => (
                    hash,
                    Some(Loaded {
                        hash,
                        problem: None,
                    }),
                    Some(review),
                ),
                Err(problem) => (
                    hash,
                    Some(Loaded {
                        hash,
                        problem: Some(problem),
                    }),
                    None,
                ),
            }
        }
    }
}

/// A review file's hash, by which the engine and the cache know its
/// version: of its text and its slug. Fx hashing, a word at a time: every
/// build hashes every review file (24 MB at 10x), where SipHash took a
/// tenth of a cached build's reading; no one picks a local file's bytes to
/// collide with its last version.
fn file_hash(text: &str, slug: &str) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    (text, slug).hash(&mut hasher);
    hasher.finish()
}

/// Every file under `dir`, sorted, with its bytes.
fn read_tree(dir: &Path) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    Ok(static_files(dir)?
        .into_iter()
        .map(|f| (site_path(&f.path), f.bytes))
        .collect())
}

/// `static/**` as the files of `site/static/**`.
pub fn static_files(dir: &Path) -> anyhow::Result<Vec<OutputFile>> {
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

/// `content/reviews/*.md`, sorted.
fn list_reviews(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let cannot = |e: std::io::Error| anyhow::anyhow!("cannot read `{}`: {e}", dir.display());
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(cannot)? {
        let path = entry.map_err(cannot)?.path();
        if is_markdown(&path) {
            paths.push(path);
        }
    }
    // By the bytes of their names: the same order as `Path`'s within one
    // folder, without comparing a component at a time.
    paths.sort_unstable_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
    Ok(paths)
}

/// Whether `file` is in `listing` (sorted by `list_reviews`).
fn is_listed(listing: &[PathBuf], file: &Path) -> bool {
    listing
        .binary_search_by(|listed| listed.as_os_str().cmp(file.as_os_str()))
        .is_ok()
}

fn is_markdown(path: &Path) -> bool {
    path.extension().is_some_and(|x| x == "md")
}

fn slug_of(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Whether `a` comes before `b`: newest first, then by slug.
fn newest_first(a: &Review, b: &Review) -> bool {
    (std::cmp::Reverse(a.front.date), &a.slug) < (std::cmp::Reverse(b.front.date), &b.slug)
}

fn timed<T>(work: impl FnOnce() -> T) -> (T, std::time::Duration) {
    let started = Instant::now();
    (work(), started.elapsed())
}
