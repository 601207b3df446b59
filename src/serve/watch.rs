//! Watch the project's inputs; yield once per burst of changes.
//!
//! An editor's save is often several events (write a temporary file, rename,
//! change attributes), and `git checkout` is hundreds: waiting for a short
//! quiet spell turns each burst into one rebuild.

use anyhow::Context;
use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// The inputs of a build, relative to the project root.
const WATCHED_DIRS: [&str; 3] = ["content", "templates", "static"];
const CONFIG_FILE: &str = "yomon.toml";

/// How long the inputs must stay quiet before a rebuild starts: an editor's
/// save is a few events within a millisecond or two; a checkout streams
/// events faster than this. Short, because it is part of every save's wait.
const QUIET: Duration = Duration::from_millis(30);
/// The quiet spell after an input file was closed from writing: that ends a
/// save (its data is all there), so only what the same save does next (a
/// rename, a change of attributes) is waited for. Most of a save's wait
/// was the full `QUIET`.
const QUIET_AFTER_CLOSE: Duration = Duration::from_millis(5);
/// A burst that never goes quiet still rebuilds this often.
const MAX_WAIT: Duration = Duration::from_secs(2);

pub struct Watcher {
    root: PathBuf,
    events: Receiver<notify::Result<Event>>,
    watcher: RecommendedWatcher,
    watched: Vec<PathBuf>,
}

impl Watcher {
    pub fn start(root: &Path) -> anyhow::Result<Self> {
        let (sender, events) = mpsc::channel();
        let mut watcher = notify::recommended_watcher(move |event| {
            // The receiver only goes away when the server stops.
            let _ = sender.send(event);
        })
        .context("cannot watch the project for changes")?;
        // The root itself, not recursively: yomon.toml, and input folders
        // created after the server started.
        watcher
            .watch(root, RecursiveMode::NonRecursive)
            .with_context(|| format!("cannot watch `{}`", root.display()))?;
        let mut this = Watcher {
            root: root.to_path_buf(),
            events,
            watcher,
            watched: Vec::new(),
        };
        this.watch_new_dirs()?;
        Ok(this)
    }

    fn watch_new_dirs(&mut self) -> anyhow::Result<()> {
        for dir in WATCHED_DIRS.map(|name| self.root.join(name)) {
            if dir.is_dir() && !self.watched.contains(&dir) {
                self.watcher
                    .watch(&dir, RecursiveMode::Recursive)
                    .with_context(|| format!("cannot watch `{}`", dir.display()))?;
                self.watched.push(dir);
            }
        }
        Ok(())
    }

    /// The paths of an event that are build inputs.
    fn relevant(&self, event: notify::Result<Event>) -> Vec<PathBuf> {
        let Ok(event) = event else {
            return Vec::new();
        };
        if matches!(event.kind, EventKind::Access(_)) {
            return Vec::new();
        }
        event
            .paths
            .into_iter()
            .filter(|path| is_input(&self.root, path))
            .collect()
    }
}

/// One burst of changes to the inputs.
#[derive(Debug)]
pub struct Burst {
    /// Every input path an event named, each once (absolute).
    pub paths: Vec<PathBuf>,
    /// An input folder itself was created, removed or renamed: anything
    /// under it may have changed without an event of its own.
    pub dirs_replaced: bool,
}

/// Blocks until the next burst of input changes has settled, and yields it.
impl Iterator for Watcher {
    type Item = Burst;

    fn next(&mut self) -> Option<Burst> {
        let mut dirs_replaced = false;
        let (mut paths, mut closed) = loop {
            let event = self.events.recv().ok()?;
            dirs_replaced |= self.replaces_a_dir(&event);
            let closed = self.closes_an_input(&event);
            let paths = self.relevant(event);
            if !paths.is_empty() {
                break (paths, closed);
            }
        };
        let started = Instant::now();
        while started.elapsed() < MAX_WAIT {
            let quiet = if closed { QUIET_AFTER_CLOSE } else { QUIET };
            match self.events.recv_timeout(quiet) {
                Ok(event) => {
                    dirs_replaced |= self.replaces_a_dir(&event);
                    closed = self.closes_an_input(&event);
                    paths.extend(self.relevant(event));
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        if dirs_replaced {
            self.forget_dirs();
        }
        // A folder created meanwhile (say templates/) is watched from now on.
        let _ = self.watch_new_dirs();
        paths.sort();
        paths.dedup();
        Some(Burst {
            paths,
            dirs_replaced,
        })
    }
}

impl Watcher {
    /// An event on an input folder itself (created, removed, renamed, as by
    /// `git checkout` or `git stash`): the watch on the old folder is dead.
    fn replaces_a_dir(&self, event: &notify::Result<Event>) -> bool {
        event.as_ref().is_ok_and(|event| {
            !matches!(event.kind, EventKind::Access(_))
                && event.paths.iter().any(|path| self.watched.contains(path))
        })
    }

    fn closes_an_input(&self, event: &notify::Result<Event>) -> bool {
        event
            .as_ref()
            .is_ok_and(|event| closes_an_input(&self.root, event))
    }

    /// Drop every folder watch, so `watch_new_dirs` sets them up afresh.
    fn forget_dirs(&mut self) {
        for dir in self.watched.drain(..) {
            // Fails when the folder is gone, with its watch: nothing to undo.
            let _ = self.watcher.unwatch(&dir);
        }
    }
}

/// An input file closed after writing: the end of a save.
fn closes_an_input(root: &Path, event: &Event) -> bool {
    event.kind == EventKind::Access(AccessKind::Close(AccessMode::Write))
        && event.paths.iter().any(|path| is_input(root, path))
}

/// True for files that feed the build; editors' swap and backup files do not.
fn is_input(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    let name = relative.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let is_scratch = name.ends_with('~')
        || name.starts_with(".#")
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name == "4913"; // vim's probe file
    let top = relative
        .components()
        .next()
        .and_then(|c| c.as_os_str().to_str())
        .unwrap_or("");
    !is_scratch && (WATCHED_DIRS.contains(&top) || relative == Path::new(CONFIG_FILE))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_are_content_templates_static_and_the_config() {
        let root = Path::new("/p");
        assert!(is_input(root, Path::new("/p/content/reviews/a.md")));
        assert!(is_input(root, Path::new("/p/templates/base.html")));
        assert!(is_input(root, Path::new("/p/static/site.css")));
        assert!(is_input(root, Path::new("/p/yomon.toml")));
        assert!(!is_input(root, Path::new("/p/site/index.html")));
        assert!(!is_input(root, Path::new("/p/target/x")));
        assert!(!is_input(root, Path::new("/p/content/reviews/.a.md.swp")));
        assert!(!is_input(root, Path::new("/p/content/reviews/a.md~")));
        assert!(!is_input(root, Path::new("/q/content/a.md")));
    }

    #[test]
    fn only_an_input_closed_after_writing_ends_a_save() {
        let root = Path::new("/p");
        let event = |kind, path: &str| Event::new(kind).add_path(PathBuf::from(path));
        let closed = EventKind::Access(AccessKind::Close(AccessMode::Write));
        let read = EventKind::Access(AccessKind::Close(AccessMode::Read));
        let written = EventKind::Modify(notify::event::ModifyKind::Any);
        assert!(closes_an_input(
            root,
            &event(closed, "/p/content/reviews/a.md")
        ));
        assert!(!closes_an_input(
            root,
            &event(read, "/p/content/reviews/a.md")
        ));
        assert!(!closes_an_input(
            root,
            &event(written, "/p/content/reviews/a.md")
        ));
        assert!(!closes_an_input(
            root,
            &event(closed, "/p/content/reviews/.a.md.swp")
        ));
        assert!(!closes_an_input(root, &event(closed, "/p/site/index.html")));
    }
}
