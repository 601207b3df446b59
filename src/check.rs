//! Check: the build pipeline in memory, plus internal link validation.
//! Writes nothing; reports every problem at once, sorted, and fails on errors.
//!
//! Every content rule runs in `load`, once, for build and check alike: check
//! adds only what needs the whole built site (links), so it never reads
//! `content/` a second time and never has two reports of one problem.

mod estimated_titles;
mod formulas;
mod links;
mod mixed_script;

use crate::diag::Diagnostic;
use crate::ui::Ui;
use std::path::Path;
use std::time::Instant;

pub fn run(root: &Path, ui: &Ui) -> anyhow::Result<bool> {
    let started = Instant::now();
    // The build's own stage lines are detail here: check reports problems.
    let built = crate::build::build_in_memory(root, &ui.nested())?;
    let diagnostics = problems(root, built);
    ui.diagnostics(&diagnostics.list);

    let errors = diagnostics.list.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.list.len() - errors;
    let summary = format!(
        "check    {} pages: {} and {} in {:.2} s",
        diagnostics.pages,
        count(errors, "error"),
        count(warnings, "warning"),
        started.elapsed().as_secs_f64()
    );
    if errors > 0 {
        // The verdict is shown even with -q: it explains the exit code.
        eprintln!("{summary}");
    } else {
        ui.stage(summary);
    }
    Ok(errors == 0)
}

/// Every problem found, sorted, and how many pages were looked at.
struct Problems {
    list: Vec<Diagnostic>,
    pages: usize,
}

fn problems(root: &Path, built: crate::build::Built) -> Problems {
    let mut list = built.diagnostics;
    list.extend(links::problems(root, &built.site, &built.sources));
    // Only the words allowed: yomon.toml's own problems are the build's.
    let allowed = crate::config::Config::load(&root.join("yomon.toml"))
        .map(|c| c.allowed_words)
        .unwrap_or_default();
    list.extend(mixed_script::warnings(&built.sources, &allowed));
    list.extend(formulas::warnings(&built.sources));
    list.extend(estimated_titles::warnings(&built.sources));
    crate::diag::sort(&mut list);
    let pages = built
        .site
        .files
        .iter()
        .filter(|f| f.path.extension().is_some_and(|e| e == "html"))
        .count();
    Problems { list, pages }
}

fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
