//! Stated review numbers: "סקירה מס' 500", "סקירה :503", "סקירה: 504",
//! "סקירה 501", and the misspelt "502 קירה".

use regex::Regex;
use std::sync::LazyLock;

static NUMBER_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?:^|[^\p{L}])ס?קירה\s*(?:מס(?:פר)?\s*['׳"’]?)?\s*[:.#]?\s*(\d{1,4})\b"#).unwrap()
});
static NUMBER_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[^\d\p{L}])(\d{2,4})\s+ס?קירה(?:$|[^\p{L}])").unwrap());

/// A line that says nothing but the review number ("סקירה: 504",
/// "**502 קירה**", "סקירה מס' 499:"): front matter holds the number, so the
/// line leaves the body (and cannot open a teaser).
static NUMBER_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"^[\s*]*(?:ס?קירה\s*(?:מס(?:פר)?\s*['׳"’]?)?\s*[:.#]?\s*\d{1,4}|\d{2,4}\s+ס?קירה)[\s*:.]*$"#,
    )
    .unwrap()
});

pub fn is_number_only(line: &str) -> bool {
    NUMBER_ONLY.is_match(line)
}

/// The review number stated in a line, if any.
pub fn find(line: &str) -> Option<u32> {
    let caps = NUMBER_AFTER
        .captures(line)
        .or_else(|| NUMBER_BEFORE.captures(line))?;
    caps.get(1)?.as_str().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_of_a_review_number() {
        assert_eq!(find("סקירה מס' 500"), Some(500));
        assert_eq!(find("סקירה :503"), Some(503));
        assert_eq!(find("סקירה: 504"), Some(504));
        assert_eq!(find("מתחלים את המאה הששית : סקירה 501"), Some(501));
        assert_eq!(find("502 קירה"), Some(502));
        assert_eq!(find("היום סקירה מס' 200 מאז שהתחלה"), Some(200));
        assert_eq!(find("קראו סקירה מ-18.11.24 כדי לרענן"), None);
        assert_eq!(find("הסקירה מספקת עד יסודי"), None);
    }

    #[test]
    fn lines_saying_only_the_number() {
        for line in [
            "סקירה: 504",
            "סקירה :503",
            "502 קירה",
            "סקירה מס' 499:",
            "**סקירה 501**",
            " סקירה מס' 500 ",
        ] {
            assert!(is_number_only(line), "{line}");
        }
        for line in [
            "מתחלים את המאה הששית : סקירה 501",
            "סקירה מס' 400 - כדי לא להכביר",
            "סקירה",
        ] {
            assert!(!is_number_only(line), "{line}");
        }
    }
}
