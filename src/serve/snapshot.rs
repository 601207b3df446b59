//! What the server shows: the files of the last build, or why it failed.

use crate::diag::Diagnostic;
use crate::incremental::Outcome;
use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

/// Site files by their path relative to the site root ("reviews/x.html").
pub type Files = HashMap<String, Arc<Vec<u8>>>;

/// The outcome of one build.
pub struct Snapshot {
    pub files: Files,
    /// Set when the build failed: the text shown in the terminal and the page.
    pub failure: Option<String>,
    /// Problems that did not fail the build, printed on the terminal;
    /// sorted, and shared with the update that found them.
    pub warnings: Arc<Vec<Diagnostic>>,
    /// When set, `files` is empty and these replace files of the same path
    /// in what is served (an edit to review text changed only these).
    pub patch: Option<Vec<(String, Arc<Vec<u8>>)>>,
}

impl Snapshot {
    pub fn from_outcome(result: anyhow::Result<Outcome>) -> Self {
        let outcome = match result {
            Ok(outcome) => outcome,
            Err(err) => {
                return Snapshot {
                    files: Files::new(),
                    failure: Some(crate::ui::error_text(&err)),
                    warnings: Arc::default(),
                    patch: None,
                }
            }
        };
        if let Some(changed) = &outcome.changed {
            let patch = changed.iter().map(|&i| outcome.files[i].clone()).collect();
            return Snapshot {
                patch: Some(patch),
                ..Snapshot::from_files(Files::new(), outcome.diagnostics)
            };
        }
        let files = outcome.files.iter().cloned().collect();
        Snapshot::from_files(files, outcome.diagnostics)
    }

    /// A build that ran: it failed if any diagnostic is an error.
    #[cfg(test)]
    fn from_site(site: crate::site::Site, mut diagnostics: Vec<Diagnostic>) -> Self {
        let files = site
            .files
            .into_iter()
            .map(|file| (crate::site::site_path(&file.path), Arc::new(file.bytes)))
            .collect();
        crate::diag::sort(&mut diagnostics);
        Snapshot::from_files(files, Arc::new(diagnostics))
    }

    /// `diagnostics` sorted, as an update gives them. Without errors they
    /// are the warnings as they are: not copied.
    fn from_files(files: Files, diagnostics: Arc<Vec<Diagnostic>>) -> Self {
        if !diagnostics.iter().any(Diagnostic::is_error) {
            return Snapshot {
                files,
                failure: None,
                warnings: diagnostics,
                patch: None,
            };
        }
        let (errors, warnings): (Vec<_>, Vec<_>) = Arc::unwrap_or_clone(diagnostics)
            .into_iter()
            .partition(Diagnostic::is_error);
        let failure = errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n");
        Snapshot {
            files,
            failure: Some(failure),
            warnings: Arc::new(warnings),
            patch: None,
        }
    }
}

/// Whether a served file is unchanged as far as live reload cares: pages
/// (only pages reload) compared by their bytes (usually the very same
/// allocation: an update shares what it did not render again); any other
/// file counts as changed when it is made again (a feed is large).
fn same_page(path: &str, a: &Arc<Vec<u8>>, b: &Arc<Vec<u8>>) -> bool {
    Arc::ptr_eq(a, b) || (path.ends_with(".html") && a == b)
}

/// What every request thread reads: the current files and failure, and a
/// generation number that live-reload clients wait on.
pub struct Shared {
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Clone)]
pub struct State {
    /// Increases with every build, good or bad.
    pub generation: u64,
    /// The files of the last whole build...
    files: Arc<Files>,
    /// ...and those patched since (looked up first): a save patches a few
    /// files, and copying a map of a hundred thousand (at 100x) for each
    /// would cost the save more than its update.
    patched: Arc<Files>,
    pub failure: Option<Arc<String>>,
    /// The generation in which each file last changed its bytes (or went
    /// away): a page reloads when it changed, not when any build landed (a
    /// save lands twice, its page first, then the lists and feeds).
    changed_in: Arc<HashMap<String, u64>>,
    /// The generation in which every page changed (the build failed, or
    /// recovered: the error page stands in for all of them).
    all_changed_in: u64,
}

impl State {
    /// The file served at `path` (a site path, "reviews/x.html").
    pub fn file(&self, path: &str) -> Option<&Arc<Vec<u8>>> {
        self.patched.get(path).or_else(|| self.files.get(path))
    }

    /// The last generation in which any of `paths` changed.
    pub fn changed_in<'a>(&self, paths: impl IntoIterator<Item = &'a str>) -> u64 {
        paths
            .into_iter()
            .filter_map(|path| self.changed_in.get(path).copied())
            .fold(self.all_changed_in, u64::max)
    }
}

impl Shared {
    pub fn new(first: Snapshot) -> Self {
        let state = State {
            generation: 1,
            files: Arc::new(first.files),
            patched: Arc::default(),
            failure: first.failure.map(Arc::new),
            changed_in: Arc::default(),
            all_changed_in: 1,
        };
        Shared {
            state: Mutex::new(state),
            changed: Condvar::new(),
        }
    }

    /// Swap in a new build. A failed build keeps the last good files, so the
    /// stylesheet and other assets still load beside the error page.
    pub fn replace(&self, next: Snapshot) {
        // The new state is made outside the lock (at 100x the files number
        // over a hundred thousand, and a feed is hundreds of megabytes), so
        // requests go on being answered from the current one meanwhile.
        // Only the update thread replaces, so nothing changes in between.
        let current = self.current();
        let generation = current.generation + 1;
        let failure = next.failure.map(Arc::new);
        let mut changed = Vec::new();
        let (files, patched) = match next.patch {
            // A patch builds on the last update, which the served files are
            // (it is only made when the problems did not change).
            Some(patch) if failure.is_none() => {
                let mut patched = Files::clone(&current.patched);
                for (path, bytes) in patch {
                    if current
                        .file(&path)
                        .is_none_or(|old| !same_page(&path, old, &bytes))
                    {
                        changed.push(path.clone());
                    }
                    patched.insert(path, bytes);
                }
                (current.files, Arc::new(patched))
            }
            Some(_) => (current.files, current.patched),
            None if failure.is_none()
                || (current.files.is_empty() && current.patched.is_empty()) =>
            {
                changed.extend(
                    next.files
                        .iter()
                        .filter(|(path, bytes)| {
                            current
                                .file(path)
                                .is_none_or(|o| !same_page(path, o, bytes))
                        })
                        .map(|(path, _)| path.clone()),
                );
                changed.extend(
                    current
                        .files
                        .keys()
                        .chain(current.patched.keys())
                        .filter(|path| !next.files.contains_key(*path))
                        .cloned(),
                );
                (Arc::new(next.files), Arc::default())
            }
            None => (current.files, current.patched),
        };
        // Only pages reload: only their changes are remembered.
        changed.retain(|path| path.ends_with(".html"));
        let mut changed_in = current.changed_in;
        if !changed.is_empty() {
            Arc::make_mut(&mut changed_in)
                .extend(changed.into_iter().map(|path| (path, generation)));
        }
        let all_changed_in = match failure.is_some() || current.failure.is_some() {
            true => generation,
            false => current.all_changed_in,
        };
        *self.lock() = State {
            generation,
            files,
            patched,
            failure,
            changed_in,
            all_changed_in,
        };
        self.changed.notify_all();
    }

    pub fn current(&self) -> State {
        self.lock().clone()
    }

    /// Wait until one of `paths` changes after generation `seen` (any
    /// build, when `paths` is None), or `timeout` passes; returns the
    /// generation then, or `seen` when nothing of these changed.
    pub fn wait_for_change(&self, seen: u64, paths: Option<&[String]>, timeout: Duration) -> u64 {
        let changed = |state: &State| match paths {
            Some(paths) => state.changed_in(paths.iter().map(String::as_str)) > seen,
            None => state.generation != seen,
        };
        let state = self.lock();
        let (state, _) = self
            .changed
            .wait_timeout_while(state, timeout, |state| !changed(state))
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if changed(&state) {
            state.generation
        } else {
            seen
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panicking request thread must not take the server down with it.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good(page: &str) -> Snapshot {
        let files = Files::from([("index.html".to_owned(), Arc::new(page.as_bytes().to_vec()))]);
        Snapshot {
            files,
            failure: None,
            warnings: Arc::default(),
            patch: None,
        }
    }

    fn failed(message: &str) -> Snapshot {
        Snapshot {
            files: Files::new(),
            failure: Some(message.to_owned()),
            warnings: Arc::default(),
            patch: None,
        }
    }

    #[test]
    fn a_failed_build_keeps_the_last_good_files_and_a_good_one_replaces_them() {
        let shared = Shared::new(good("one"));
        shared.replace(failed("bad template"));
        let state = shared.current();
        assert_eq!(state.generation, 2);
        assert_eq!(
            state.failure.as_deref().map(String::as_str),
            Some("bad template")
        );
        assert_eq!(state.file("index.html").unwrap().as_slice(), b"one");

        shared.replace(good("two"));
        let state = shared.current();
        assert_eq!((state.generation, state.failure.is_none()), (3, true));
        assert_eq!(state.file("index.html").unwrap().as_slice(), b"two");
    }

    #[test]
    fn waiting_returns_at_once_for_a_stale_generation_and_times_out_otherwise() {
        let shared = Shared::new(good("one"));
        assert_eq!(shared.wait_for_change(0, None, Duration::from_secs(10)), 1);
        let started = std::time::Instant::now();
        assert_eq!(
            shared.wait_for_change(1, None, Duration::from_millis(50)),
            1
        );
        assert!(started.elapsed() >= Duration::from_millis(50));
    }

    fn patch(files: &[(&str, &str)]) -> Snapshot {
        let patch = files
            .iter()
            .map(|(path, text)| (path.to_string(), Arc::new(text.as_bytes().to_vec())))
            .collect();
        Snapshot {
            patch: Some(patch),
            ..good("")
        }
    }

    #[test]
    fn a_page_waits_for_its_own_change_not_for_any_build() {
        let mut first = good("home");
        first.files.insert("a.html".into(), Arc::new(b"a".to_vec()));
        let shared = Shared::new(first);
        let a = ["a.html".to_string()];
        let short = Duration::from_millis(20);
        // A build that changes another page, or rewrites this one unchanged.
        shared.replace(patch(&[("index.html", "home, edited"), ("a.html", "a")]));
        assert_eq!(shared.wait_for_change(1, Some(&a), short), 1, "not stale");
        assert_eq!(shared.wait_for_change(1, None, short), 2, "a build landed");
        // A build that changes it.
        shared.replace(patch(&[("a.html", "a, edited")]));
        assert_eq!(shared.wait_for_change(1, Some(&a), short), 3);
        assert_eq!(shared.wait_for_change(3, Some(&a), short), 3, "seen");
        // A failed build (its error page stands in for every page), and the
        // recovery.
        shared.replace(failed("bad template"));
        assert_eq!(shared.wait_for_change(3, Some(&a), short), 4);
        shared.replace(good("home"));
        assert_eq!(shared.wait_for_change(4, Some(&a), short), 5);
        let gone = ["a.html".to_string()];
        assert_eq!(
            shared.wait_for_change(5, Some(&gone), short),
            5,
            "removed in 5, seen"
        );
    }

    #[test]
    fn build_errors_fail_the_snapshot_and_warnings_do_not() {
        let site = crate::site::Site {
            files: vec![crate::site::OutputFile::new("index.html", "x")],
        };
        let diagnostics = vec![Diagnostic::warning("a.md", 1, "w")];
        let snapshot = Snapshot::from_site(site.clone(), diagnostics);
        assert!(snapshot.failure.is_none());
        assert_eq!(snapshot.warnings.len(), 1);
        let diagnostics = vec![
            Diagnostic::error("b.md", 2, "e"),
            Diagnostic::error("a.md", 3, "f"),
        ];
        let snapshot = Snapshot::from_site(site, diagnostics);
        assert_eq!(
            snapshot.failure.as_deref(),
            Some("a.md:3: error: f\nb.md:2: error: e")
        );
    }
}
