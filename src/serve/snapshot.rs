//! What the server shows: the files of the last build, or why it failed.

use crate::build::Built;
use crate::diag::Diagnostic;
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
    /// Problems that did not fail the build, printed on the terminal.
    pub warnings: Vec<Diagnostic>,
}

impl Snapshot {
    pub fn from_build(result: anyhow::Result<Built>) -> Self {
        let built = match result {
            Ok(built) => built,
            Err(err) => {
                return Snapshot {
                    files: Files::new(),
                    failure: Some(crate::ui::error_text(&err)),
                    warnings: Vec::new(),
                }
            }
        };
        let mut diagnostics = built.diagnostics;
        crate::diag::sort(&mut diagnostics);
        let (errors, warnings): (Vec<_>, Vec<_>) =
            diagnostics.into_iter().partition(Diagnostic::is_error);
        let failure = (!errors.is_empty()).then(|| {
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        });
        let files = built
            .site
            .files
            .into_iter()
            .map(|file| (site_path(&file.path), Arc::new(file.bytes)))
            .collect();
        Snapshot {
            files,
            failure,
            warnings,
        }
    }
}

fn site_path(path: &std::path::Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// What every request thread reads: the current files and failure, and a
/// generation number that live-reload clients wait on.
pub struct Shared {
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Clone)]
pub struct State {
    /// Increases with every build, good or bad; pages reload when it moves.
    pub generation: u64,
    pub files: Arc<Files>,
    pub failure: Option<Arc<String>>,
}

impl Shared {
    pub fn new(first: Snapshot) -> Self {
        let state = State {
            generation: 1,
            files: Arc::new(first.files),
            failure: first.failure.map(Arc::new),
        };
        Shared {
            state: Mutex::new(state),
            changed: Condvar::new(),
        }
    }

    /// Swap in a new build. A failed build keeps the last good files, so the
    /// stylesheet and other assets still load beside the error page.
    pub fn replace(&self, next: Snapshot) {
        let mut state = self.lock();
        state.generation += 1;
        state.failure = next.failure.map(Arc::new);
        if state.failure.is_none() || state.files.is_empty() {
            state.files = Arc::new(next.files);
        }
        drop(state);
        self.changed.notify_all();
    }

    pub fn current(&self) -> State {
        self.lock().clone()
    }

    /// Wait until the generation differs from `seen`, or `timeout` passes;
    /// returns the generation then.
    pub fn wait_for_change(&self, seen: u64, timeout: Duration) -> u64 {
        let state = self.lock();
        let (state, _) = self
            .changed
            .wait_timeout_while(state, timeout, |state| state.generation == seen)
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        state.generation
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panicking request thread must not take the server down with it.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
