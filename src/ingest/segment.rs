//! Segmentation: where does each review start and end?
//!
//! A review starts at a header line, or at a Hebrew headline standing just
//! above a header, or (no header at all) at a bare English title right
//! after the previous review's closing link, or at Hebrew prose after that
//! link when the prose ends in a link of its own. It ends at the last
//! non-blank line before the next review starts, so a sign-off such as
//! "קריאה מהנה!" after a link stays with the review above it.

use super::header::{self, Header};
use super::lines::{is_blank, is_hebrew_dominant, is_link_only};
use super::source::Lines;
use super::title::is_title_line;
use regex::Regex;
use std::sync::LazyLock;

/// Sign-offs that end a review rather than head the next one.
static CLOSING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"קריאה מהנה|בהצלחה|שבת שלום|שבוע טוב|סופ\S* שבוע נעים|להתראות").unwrap()
});

/// (first line, header, headline) of a review.
type Start = (usize, Option<(usize, Header)>, Option<usize>);

/// How much prose after a link makes a review of its own rather than a
/// sign-off like "קריאה מהנה!".
const MIN_PROSE_LINES: usize = 3;
const MIN_PROSE_CHARS: usize = 200;

/// Sign-offs are a few words.
const MAX_SIGN_OFF_CHARS: usize = 40;

/// Headlines are one short line.
const MAX_HEADLINE_CHARS: usize = 200;

#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// 1-based, inclusive; both lines are non-blank.
    pub start: usize,
    pub end: usize,
    /// The header line and what it says, when the review has one.
    pub header: Option<(usize, Header)>,
    /// A Hebrew headline line above the header.
    pub headline: Option<usize>,
}

/// Split the archive into reviews. Non-blank lines before the first review
/// are given to it (the caller warns); empty result means no review found.
pub fn split(lines: &Lines) -> Vec<Segment> {
    let non_blank: Vec<usize> = (1..=lines.len())
        .filter(|&n| !is_blank(lines.get(n)))
        .collect();
    let mut starts: Vec<Start> = Vec::new();
    for (k, &n) in non_blank.iter().enumerate() {
        let prev = k.checked_sub(1).map(|p| non_blank[p]);
        let next = non_blank.get(k + 1).copied();
        if let Some(header) = header::parse(lines.get(n)) {
            let headline = prev.filter(|&p| is_headline_above(lines, &non_blank, k - 1, p));
            if let Some(h) = headline {
                // The headline was taken as a headerless start? It is ours.
                if starts.last().is_some_and(|s| s.0 == h) {
                    starts.pop();
                }
            }
            starts.push((headline.unwrap_or(n), Some((n, header)), headline));
        } else if is_headerless_start(lines, prev, n, next) {
            starts.push((n, None, None));
        }
    }
    add_prose_starts(lines, &non_blank, &mut starts);
    let mut segments = Vec::with_capacity(starts.len());
    for (i, (start, header, headline)) in starts.iter().cloned().enumerate() {
        let limit = starts.get(i + 1).map_or(lines.len() + 1, |s| s.0);
        // The last non-blank line before the next start (binary search:
        // huge generated archives must stay linear-ish).
        let before_limit = non_blank.partition_point(|&n| n < limit);
        let end = before_limit
            .checked_sub(1)
            .map_or(start, |k| non_blank[k])
            .max(start);
        segments.push(Segment {
            start,
            end,
            header,
            headline,
        });
    }
    if let (Some(first), Some(&first_text)) = (segments.first_mut(), non_blank.first()) {
        first.start = first.start.min(first_text);
    }
    segments
}

/// A review may also start with plain Hebrew prose right after the previous
/// review's link (no header, no title). Seen as: a link line, then several
/// lines of prose, then another link line before the next start.
fn add_prose_starts(lines: &Lines, non_blank: &[usize], starts: &mut Vec<Start>) {
    let mut extra = Vec::new();
    for (i, start) in starts.iter().enumerate() {
        let limit = starts.get(i + 1).map_or(usize::MAX, |s| s.0);
        let from = non_blank.partition_point(|&n| n <= start.0);
        let to = non_blank.partition_point(|&n| n < limit);
        let inside = &non_blank[from..to.max(from)];
        for (k, &n) in inside.iter().enumerate() {
            if !is_link_only(lines.get(n)) {
                continue;
            }
            let rest = &inside[k + 1..];
            let prose: Vec<usize> = rest
                .iter()
                .copied()
                .take_while(|&m| !is_link_only(lines.get(m)))
                .collect();
            let prose_chars: usize = prose.iter().map(|&m| lines.get(m).chars().count()).sum();
            let ends_with_link = rest.len() > prose.len();
            if ends_with_link && prose.len() >= MIN_PROSE_LINES && prose_chars >= MIN_PROSE_CHARS {
                extra.push((prose[0], None, None));
            }
        }
    }
    starts.extend(extra);
    starts.sort_by_key(|s| s.0);
}

/// A short Hebrew line between the previous review's end (its link or a
/// sign-off) and a header.
fn is_headline_above(lines: &Lines, non_blank: &[usize], k: usize, n: usize) -> bool {
    let text = lines.get(n).trim();
    let after_link = k
        .checked_sub(1)
        .is_none_or(|p| ends_a_review(lines.get(non_blank[p])));
    after_link
        && text.chars().count() <= MAX_HEADLINE_CHARS
        && is_hebrew_dominant(text)
        && !is_link_only(text)
        && !is_sign_off(text)
        && header::parse(text).is_none()
}

/// The usual last line of a review: its link, or a sign-off after it.
fn ends_a_review(line: &str) -> bool {
    is_link_only(line) || is_sign_off(line)
}

/// A short line that is only a sign-off ("קריאה מהנה!"), not prose that
/// happens to wish the reader luck.
fn is_sign_off(line: &str) -> bool {
    line.trim().chars().count() <= MAX_SIGN_OFF_CHARS && CLOSING.is_match(line)
}

/// A bare English title right after a review's closing link, followed by
/// the review's text (not by another link).
fn is_headerless_start(lines: &Lines, prev: Option<usize>, n: usize, next: Option<usize>) -> bool {
    let (Some(prev), Some(next)) = (prev, next) else {
        return false;
    };
    ends_a_review(lines.get(prev)) && is_title_line(lines.get(n)) && !is_link_only(lines.get(next))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARCHIVE: &str = "\
🚀⚡️ המאמר הימי של מיק 30.05.2024 ⚡️🚀 First Title

גוף הסקירה.

<https://arxiv.org/abs/2405.18047>

Second Title Without Header

עוד גוף.

<https://arxiv.org/abs/2405.17399>

קריאה מהנה!

01.06.24 המאמר היומי של מיק: Third Title

טקסט.

<https://arxiv.org/abs/2405.17400>

כותרת עברית לסקירה הבאה

02.06.24 המאמר היומי של מיק: Fourth Title
";

    #[test]
    fn headers_headerless_titles_headlines_and_closings() {
        let lines = Lines::split(ARCHIVE);
        let segments = split(&lines);
        let ranges: Vec<_> = segments
            .iter()
            .map(|s| (s.start, s.end, s.headline))
            .collect();
        assert_eq!(
            ranges,
            vec![
                (1, 5, None),
                (7, 13, None),
                (15, 19, None),
                (21, 23, Some(21))
            ]
        );
        assert!(segments[1].header.is_none());
    }

    #[test]
    fn hebrew_prose_after_a_link_starts_a_review_but_a_sign_off_does_not() {
        let prose = "פסקה ארוכה בעברית על מאמר אחר לגמרי, עם מספיק מילים כדי להיות סקירה של ממש ולא שורת סיום.";
        let text = format!(
            "14.03.25 המאמר היומי של מייק - A Survey\n\nטקסט.\n\n<https://arxiv.org/abs/2411.06078>\n\n\
             {prose}\n\n{prose}\n\n{prose}\n\n<https://arxiv.org/abs/2402.09906>\n\nקריאה מהנה!\n"
        );
        let lines = Lines::split(&text);
        let ranges: Vec<_> = split(&lines).iter().map(|s| (s.start, s.end)).collect();
        assert_eq!(ranges, vec![(1, 5), (7, 15)]);
    }

    #[test]
    fn headline_after_a_sign_off_still_heads_the_next_review() {
        let text = "01.06.24 המאמר היומי של מיק: One\n\nטקסט.\n\n<https://arxiv.org/abs/2406.00001>\n\nקריאה מהנה!\n\nכותרת: לסקירה הבאה\n\n02.06.24 המאמר היומי של מיק: Two\n";
        let segments = split(&Lines::split(text));
        let ranges: Vec<_> = segments
            .iter()
            .map(|s| (s.start, s.end, s.headline))
            .collect();
        assert_eq!(ranges, vec![(1, 7, None), (9, 11, Some(9))]);
    }
}
