//! Build: load content/, render every page in memory, write site/.

use crate::ui::Ui;
use std::path::Path;

pub fn run(_root: &Path, _out: Option<&Path>, _ui: &Ui) -> anyhow::Result<bool> {
    anyhow::bail!("build is not implemented yet")
}
