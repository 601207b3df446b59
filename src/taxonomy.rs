//! The topic taxonomy of `content/tags.toml`: for each topic a slug, Hebrew
//! and English names, and the rules ingest uses to assign it.
//!
//! ```toml
//! [[topic]]
//! slug = "diffusion"
//! he = "מודלי דיפוזיה"
//! en = "Diffusion models"
//! match = ["diffusion", "דיפוזיה"]
//! ```

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Taxonomy {
    #[serde(rename = "topic", default)]
    pub topics: Vec<Topic>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    /// ASCII, used in URLs: `tags/SLUG.html`.
    pub slug: String,
    /// Hebrew name, shown on the site.
    pub he: String,
    /// English name, shown beside the Hebrew one.
    pub en: String,
    /// Match rules over title and body, in both languages (see ingest).
    #[serde(rename = "match", default)]
    pub rules: Vec<String>,
}

impl Taxonomy {
    pub fn topic(&self, slug: &str) -> Option<&Topic> {
        self.topics.iter().find(|t| t.slug == slug)
    }
}
