//! Check: the build pipeline in memory, plus content and link validation.

use crate::ui::Ui;
use std::path::Path;

pub fn run(_root: &Path, _ui: &Ui) -> anyhow::Result<bool> {
    anyhow::bail!("check is not implemented yet")
}
