//! Hebrew text helpers: dates written the way a Hebrew reader says them,
//! and bidi isolation for places where markup is impossible.

use chrono::{Datelike, NaiveDate};

const MONTHS: [&str; 12] = [
    "ינואר",
    "פברואר",
    "מרץ",
    "אפריל",
    "מאי",
    "יוני",
    "יולי",
    "אוגוסט",
    "ספטמבר",
    "אוקטובר",
    "נובמבר",
    "דצמבר",
];

/// "30 במאי 2024".
pub fn date(date: NaiveDate) -> String {
    format!("{} ב{} {}", date.day(), month(date.month()), date.year())
}

/// "30 במאי".
pub fn day(date: NaiveDate) -> String {
    format!("{} ב{}", date.day(), month(date.month()))
}

/// "מאי" for 5; an empty string for a month that does not exist.
pub fn month(month: u32) -> &'static str {
    MONTHS
        .get((month as usize).wrapping_sub(1))
        .copied()
        .unwrap_or("")
}

/// True when the text has any Hebrew letter: it is then laid out as Hebrew.
pub fn has_hebrew(text: &str) -> bool {
    text.chars().any(|c| ('\u{05d0}'..='\u{05ea}').contains(&c))
}

/// The language a title is written in, for its `lang` attribute.
pub fn lang_of(text: &str) -> &'static str {
    if has_hebrew(text) {
        "he"
    } else {
        "en"
    }
}

/// Wrap text in FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE so an
/// English title keeps its punctuation inside a Hebrew line in `<title>` and
/// feeds, where no `<bdi>` is possible ("Q*: ..." must not become ":Q*").
pub fn isolate(text: &str) -> String {
    format!("\u{2068}{text}\u{2069}")
}

/// "א", "א וב", "א, ב וג": the Hebrew "and" is a prefix of the last name.
pub fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} ו{last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_reads_as_hebrew() {
        assert_eq!(
            date(NaiveDate::from_ymd_opt(2024, 5, 30).unwrap()),
            "30 במאי 2024"
        );
        assert_eq!(
            date(NaiveDate::from_ymd_opt(2025, 1, 2).unwrap()),
            "2 בינואר 2025"
        );
    }

    #[test]
    fn english_title_is_isolated() {
        assert_eq!(isolate("Q*: Improving"), "\u{2068}Q*: Improving\u{2069}");
        assert_eq!(lang_of("2BP: 2-Stage Backpropagation"), "en");
        assert_eq!(lang_of("סקירה של GraphAny"), "he");
    }

    #[test]
    fn names_join_with_prefix_and() {
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(join_names(&names(&["עמרי", "מיק"])), "עמרי ומיק");
        assert_eq!(join_names(&names(&["א", "ב", "ג"])), "א, ב וג");
        assert_eq!(join_names(&[]), "");
    }

    #[test]
    fn impossible_month_is_empty() {
        assert_eq!(month(0), "");
        assert_eq!(month(13), "");
    }
}
