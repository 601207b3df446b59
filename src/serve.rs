//! Serve: build in memory, serve on 127.0.0.1, rebuild and reload on change.
//!
//! The site is served from memory rather than from `site/`, as Hugo and Zola
//! do: a save that breaks the build never touches a written site, the
//! live-reload script is added to responses only (never to built files), and
//! `yomon build` stays the one command that produces what gets published.
//!
//! Threads: the main thread accepts requests and hands each to its own thread
//! (a live-reload request waits up to half a minute); a watcher thread
//! updates the site after a burst of changes (only what the changed files
//! touch: `incremental`) and swaps in the new `Snapshot`: the edited page
//! first, then the lists and feeds that show it, then (once found on a
//! thread of their own) related lists and the search index. A page reloads
//! only when its own file changed.
//! Ctrl-C ends the process: nothing is on disk to clean up.

mod http;
mod livereload;
mod overlay;
mod snapshot;
mod watch;

use crate::build::Paths;
use crate::incremental::{Changes, Depth, Done, Incremental};
use crate::ui::Ui;
use anyhow::Context;
use snapshot::{Shared, Snapshot};
use std::io::ErrorKind;
use std::net::{Ipv4Addr, TcpListener};
use std::path::Path;
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Instant;

/// `yomon serve`: runs until the process is interrupted.
pub fn run(root: &Path, port: u16, ui: &Ui) -> anyhow::Result<bool> {
    // The watcher reports absolute paths; builds keep the root as given, so
    // messages name files the way the user wrote the directory.
    let absolute = if root.as_os_str().is_empty() {
        Path::new(".")
    } else {
        root
    }
    .canonicalize()
    .with_context(|| format!("cannot open project directory `{}`", root.display()))?;
    // Bind before the first build, so a taken port fails at once.
    let listener = bind(port)?;
    let address = listener
        .local_addr()
        .context("cannot read the server address")?;
    let server = tiny_http::Server::from_listener(listener, None)
        .map_err(|err| anyhow::anyhow!("cannot serve on {address}: {err}"))?;

    let mut engine = Incremental::new(Paths::under(root));
    let first = build_first(&mut engine, ui);
    let shared = Arc::new(Shared::new(first));
    let watcher = watch::Watcher::start(&absolute)?;
    ui.stage(format!("serve    http://{address}/ (Ctrl-C to stop)"));

    // One thread owns the engine and takes events in order: bursts of
    // changes from the watcher, and finished background work.
    let (events, inbox) = mpsc::channel::<Event>();
    let from_watcher = events.clone();
    std::thread::spawn(move || {
        for burst in watcher {
            if from_watcher.send(Event::Changed(burst)).is_err() {
                return;
            }
        }
    });
    let rebuild_shared = Arc::clone(&shared);
    let rebuild_ui = *ui;
    std::thread::spawn(move || {
        let mut working = false;
        for event in inbox {
            let stage = match event {
                Event::Changed(burst) => {
                    for path in &burst.paths {
                        rebuild_ui.detail(format!("changed  {}", path.display()));
                    }
                    let changes = if burst.dirs_replaced {
                        Changes::All
                    } else {
                        // The engine joins these to the root as the user gave it.
                        let relative = burst
                            .paths
                            .iter()
                            .map(|p| p.strip_prefix(&absolute).unwrap_or(p).to_path_buf());
                        Changes::Files(relative.collect())
                    };
                    let snapshot = build(&mut engine, &changes, &rebuild_ui, "rebuild");
                    rebuild_shared.replace(snapshot);
                    // The edited page is served; now the lists and feeds
                    // that show it (see `Incremental::finish`).
                    if let Some(rest) = engine.finish(&rebuild_ui.nested()) {
                        let snapshot = report(&rebuild_ui, "follow", || rest);
                        rebuild_shared.replace(snapshot);
                    }
                    "rebuild"
                }
                Event::Settled(done) => {
                    working = false;
                    engine.apply(*done);
                    let snapshot = build(
                        &mut engine,
                        &Changes::Files(Vec::new()),
                        &rebuild_ui,
                        "settle",
                    );
                    rebuild_shared.replace(snapshot);
                    "settle"
                }
            };
            // Related lists and the search index read every review: they are
            // found on another thread, and the page reloads again when they
            // are in (see incremental/mod.rs). A save meanwhile is served at
            // once, with what was last found.
            if !working {
                if let Some(work) = engine.pending_work() {
                    working = true;
                    let events = events.clone();
                    std::thread::spawn(move || {
                        // Its own threads: in rayon's shared pool this long
                        // work would hold up the parallel parts of the
                        // updates that answer saves meanwhile.
                        let done = match rayon::ThreadPoolBuilder::new().build() {
                            Ok(pool) => pool.install(|| work.run()),
                            Err(_) => work.run(),
                        };
                        let _ = events.send(Event::Settled(Box::new(done)));
                    });
                }
            }
            rebuild_ui.detail(format!("{stage:<8} done"));
        }
    });

    for request in server.incoming_requests() {
        let shared = Arc::clone(&shared);
        let ui = *ui;
        std::thread::spawn(move || http::respond(request, &shared, &ui));
    }
    Ok(true)
}

fn bind(port: u16) -> anyhow::Result<TcpListener> {
    TcpListener::bind((Ipv4Addr::LOCALHOST, port)).map_err(|err| match err.kind() {
        ErrorKind::AddrInUse => anyhow::anyhow!(
            "cannot serve on 127.0.0.1:{port}: the port is already in use (choose another with --port N)"
        ),
        _ => anyhow::anyhow!("cannot serve on 127.0.0.1:{port}: {err}"),
    })
}

/// What the update thread is told.
enum Event {
    Changed(watch::Burst),
    /// Boxed: a `Done` is large, a burst small.
    Settled(Box<Done>),
}

/// The first build: exact, so the site starts level with a clean build.
fn build_first(engine: &mut Incremental, ui: &Ui) -> Snapshot {
    report(ui, "build", || {
        engine.update(&Changes::All, Depth::Exact, &ui.nested())
    })
}

/// A quick update (see `incremental`); the result becomes what is served.
fn build(engine: &mut Incremental, changes: &Changes, ui: &Ui, stage: &str) -> Snapshot {
    report(ui, stage, || {
        engine.update(changes, Depth::Quick, &ui.nested())
    })
}

/// One update, reported on the terminal.
fn report(
    ui: &Ui,
    stage: &str,
    update: impl FnOnce() -> anyhow::Result<crate::incremental::Outcome>,
) -> Snapshot {
    let started = Instant::now();
    let snapshot = Snapshot::from_outcome(update());
    let elapsed = started.elapsed().as_millis();
    // Warnings are printed when they change, not again on every save (at
    // 100x the archive's twelve untagged reviews are 1 200 of them, and
    // printing them held up each save's page).
    // A text edit hands on the last update's list itself: compared by
    // pointer first, not warning by warning.
    static PRINTED: std::sync::Mutex<Option<Arc<Vec<crate::diag::Diagnostic>>>> =
        std::sync::Mutex::new(None);
    let mut printed = PRINTED.lock().unwrap_or_else(|p| p.into_inner());
    let same = printed
        .as_ref()
        .is_some_and(|p| Arc::ptr_eq(p, &snapshot.warnings) || **p == *snapshot.warnings);
    if !same {
        ui.diagnostics(&snapshot.warnings);
        *printed = Some(Arc::clone(&snapshot.warnings));
    }
    drop(printed);
    match &snapshot.failure {
        None => match &snapshot.patch {
            Some(patch) => ui.stage(format!(
                "{stage:<8} {} files changed in {elapsed} ms",
                patch.len()
            )),
            None => ui.stage(format!(
                "{stage:<8} {} files in {elapsed} ms",
                snapshot.files.len()
            )),
        },
        Some(failure) => {
            eprintln!("{stage:<8} failed in {elapsed} ms; the page shows the error until the next good save");
            eprintln!("{failure}");
        }
    }
    snapshot
}
