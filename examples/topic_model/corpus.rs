//! The labelled reviews of the tuning part, read as ingest reads them: the
//! archive through yomon's own parse and slugs, scored by a taxonomy's
//! rules, with the hand labels beside them.

use crate::features::{self, Case};
use std::path::Path;
use yomon::ingest::{self, manifest::Manifest};
use yomon::taxonomy::Taxonomy;

const ARCHIVE: &str = "archive/000_2c496801579d2a27.txt";
const LABELS: &str = "tests/fixtures/topics/labels.toml";

/// Reviews in the labels file, in its order: batch 1 the first 101, batch
/// 2 the next 45, batch 3 the next 73. The held-out batch 4 follows; it is
/// never read here (and `held_out` entries are skipped besides).
pub const BATCHES_1_3: usize = 219;
pub const BATCHES_1_2: usize = 146;

#[derive(serde::Deserialize)]
struct Labels {
    review: Vec<Label>,
}

#[derive(serde::Deserialize)]
pub struct Label {
    pub slug: String,
    pub must: Vec<String>,
    pub may: Vec<String>,
    #[serde(default)]
    held_out: bool,
}

pub fn taxonomy(path: &Path) -> anyhow::Result<Taxonomy> {
    let text = std::fs::read_to_string(path)?;
    Taxonomy::parse(&path.display().to_string(), &text).map_err(|d| anyhow::anyhow!("{d}"))
}

/// The first `n` labelled reviews (never one held out), each scored by
/// `taxonomy`'s rules.
pub fn cases(root: &Path, taxonomy: &Taxonomy, n: usize) -> anyhow::Result<Vec<Case>> {
    let labels: Labels = toml::from_str(&std::fs::read_to_string(root.join(LABELS))?)?;
    let reviews = read_archive(root)?;
    let matcher = taxonomy.matcher();
    let mut out = Vec::new();
    for label in labels.review.iter().take(n).filter(|l| !l.held_out) {
        let review = reviews
            .iter()
            .find(|r| r.slug == label.slug)
            .ok_or_else(|| anyhow::anyhow!("no review {}", label.slug))?;
        let fields = ingest::tags::fields(&review.parsed);
        out.push(features::case(taxonomy, &matcher, &fields, label));
    }
    Ok(out)
}

/// The archive's reviews with their permanent slugs, as `yomon ingest`
/// names them (from content/'s manifest).
fn read_archive(root: &Path) -> anyhow::Result<Vec<ingest::Ingested>> {
    let archive = root.join(ARCHIVE);
    let content = root.join("content");
    let bytes = std::fs::read(&archive)?;
    let file = archive.display().to_string();
    let text = ingest::source::decode(&file, &bytes).map_err(|d| anyhow::anyhow!("{d}"))?;
    let name = ingest::archive_name(&archive);
    let repaired = ingest::repair_archive(&name, text);
    let parsed = ingest::parse::parse(&file, &repaired.text).map_err(|d| anyhow::anyhow!("{d}"))?;
    let taxonomy = taxonomy(&content.join("tags.toml"))?;
    let manifest_path = content.join(ingest::manifest::FILE_NAME);
    let manifest = Manifest::parse(&file, &std::fs::read_to_string(manifest_path)?)
        .map_err(|d| anyhow::anyhow!("{d}"))?;
    let reviews_dir = ingest::emit::reviews_dir(&content);
    let (reviews, _, _) =
        ingest::prepare(parsed.reviews, &taxonomy, &manifest, &name, &reviews_dir)?;
    Ok(reviews)
}
