//! Build: load content/, render every page in memory, write site/.

use crate::diag::Diagnostic;
use crate::site::Site;
use crate::ui::Ui;
use std::path::Path;

/// The whole site rendered in memory, with the diagnostics found on the way.
pub struct Built {
    pub site: Site,
    pub diagnostics: Vec<Diagnostic>,
}

/// Load `ROOT/content`, render with `ROOT/templates`, copy `ROOT/static`:
/// everything but writing. `check` and `serve` share this.
pub fn build_in_memory(_root: &Path, _ui: &Ui) -> anyhow::Result<Built> {
    anyhow::bail!("build is not implemented yet")
}

/// `yomon build`: build in memory, then write to `out` (default `ROOT/site`).
pub fn run(_root: &Path, _out: Option<&Path>, _ui: &Ui) -> anyhow::Result<bool> {
    anyhow::bail!("build is not implemented yet")
}
