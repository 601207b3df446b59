//! The data every stage shares: a review's front matter and body.
//!
//! `FrontMatter` is the contract of `content/reviews/*.md` (see DESIGN.md):
//! ingest writes it, `load` reads it back, templates render it.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The TOML front matter of one review page, between `+++` lines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// The English paper title; for a review with none, its Hebrew headline.
    pub title: String,
    /// True where the archive gave no title and ingest made one up (like
    /// "arXiv 2402.09906"): `check` lists these for the author to write.
    #[serde(default, skip_serializing_if = "is_false")]
    pub title_estimated: bool,
    /// Written as a native TOML date (`date = 2024-05-30`).
    #[serde(with = "toml_date")]
    pub date: NaiveDate,
    /// True where the archive gave no date and ingest estimated one.
    #[serde(default, skip_serializing_if = "is_false")]
    pub date_estimated: bool,
    /// The Hebrew headline, when the review has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headline: Option<String>,
    #[serde(default)]
    pub authors: Vec<String>,
    /// The review number the author stated, when stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    /// arXiv ids without version, like "2405.17399".
    #[serde(default)]
    pub arxiv: Vec<String>,
    /// Every URL in the review, in order of appearance.
    #[serde(default)]
    pub links: Vec<String>,
    /// Topic slugs from `content/tags.toml`.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Where in the archive this review came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
}

/// A review's place in the archive export: file and 1-based inclusive lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub file: String,
    pub start_line: usize,
    pub end_line: usize,
}

/// One review page: its slug (file stem), front matter, markdown body, and
/// where it came from (for diagnostics; never rendered).
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    pub slug: String,
    pub front: FrontMatter,
    pub body: String,
    pub origin: crate::origin::Origin,
}

impl Review {
    /// A review that came from no file (tests, generated content): its
    /// diagnostics name the slug.
    pub fn new(slug: impl Into<String>, front: FrontMatter, body: impl Into<String>) -> Review {
        let slug = slug.into();
        Review {
            origin: crate::origin::Origin {
                file: slug.clone(),
                front: String::new(),
                body_line: 1,
            },
            slug,
            front,
            body: body.into(),
        }
    }
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// Serde glue so that `date` is a TOML date rather than a quoted string.
mod toml_date {
    use super::*;
    use toml::value::{Date, Datetime};

    pub fn serialize<S: Serializer>(date: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
        let value = Datetime {
            date: Some(Date {
                year: date.year() as u16,
                month: date.month() as u8,
                day: date.day() as u8,
            }),
            time: None,
            offset: None,
        };
        value.serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
        let value = Datetime::deserialize(deserializer)?;
        match (value.date, value.time, value.offset) {
            (Some(d), None, None) => {
                NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
                    .ok_or_else(|| serde::de::Error::custom(format!("impossible date {value}")))
            }
            _ => Err(serde::de::Error::custom(format!(
                "expected a plain date like 2024-05-30, found {value}"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_round_trips_with_native_toml_date() {
        let front = FrontMatter {
            title: "2BP: 2-Stage Backpropagation".into(),
            title_estimated: false,
            date: NaiveDate::from_ymd_opt(2024, 5, 30).unwrap(),
            date_estimated: false,
            headline: None,
            authors: vec!["מיק".into()],
            number: Some(7),
            arxiv: vec!["2405.18047".into()],
            links: vec!["https://arxiv.org/pdf/2405.18047.pdf".into()],
            tags: vec![],
            source: None,
        };
        let text = toml::to_string(&front).unwrap();
        assert!(text.contains("date = 2024-05-30\n"), "{text}");
        assert!(!text.contains("date_estimated"), "{text}");
        assert_eq!(toml::from_str::<FrontMatter>(&text).unwrap(), front);
    }

    #[test]
    fn front_matter_rejects_unknown_keys() {
        let err = toml::from_str::<FrontMatter>("title = \"x\"\ndate = 2024-01-01\ncolour = 1\n")
            .unwrap_err();
        assert!(err.to_string().contains("colour"), "{err}");
    }
}
