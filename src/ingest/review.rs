//! Assembling one review from its segment: title, headline, authors,
//! number, links, and which lines move into front matter.

use super::authors::MIKE;
use super::dates::DateToken;
use super::lines::{is_blank, is_hebrew_dominant, is_latin_dominant, is_link_only};
use super::links::{arxiv_ids, collect_links};
use super::number;
use super::segment::Segment;
use super::source::Lines;
use super::title::{self, is_title_line};

/// A review as read from the archive, before dates are settled.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub start: usize,
    pub end: usize,
    pub header_line: Option<usize>,
    pub date: Option<DateToken>,
    pub title: Option<String>,
    pub headline: Option<String>,
    pub authors: Vec<String>,
    pub number: Option<u32>,
    pub links: Vec<String>,
    pub arxiv: Vec<String>,
    /// Lines moved into front matter (header, title, headline), ascending.
    pub moved: Vec<usize>,
    /// True when the header repeated the previous review's title and the
    /// real one followed on the next line.
    pub copied_title: bool,
    /// A line saying only the review number (also in `moved`): recorded in
    /// the manifest, since its text is in no page.
    pub number_line: Option<usize>,
}

/// How many lines after the title may state the review number.
const NUMBER_SEARCH_LINES: usize = 3;
/// A headline under the title is one short line.
const MAX_HEADLINE_BELOW_CHARS: usize = 100;
/// A title wraps onto at most this many extra lines.
const MAX_TITLE_CONTINUATION: usize = 2;

pub fn assemble(lines: &Lines, segment: &Segment, previous_title: Option<&str>) -> Draft {
    let mut moved: Vec<usize> = segment.headline.into_iter().collect();
    let headline: Option<String> = segment.headline.map(|n| lines.get(n).trim().to_string());
    let (header_line, header) = match &segment.header {
        Some((n, h)) => (Some(*n), Some(h)),
        None => (None, None),
    };
    moved.extend(header_line);
    // Where the title lines are looked for: after the header, or at the
    // very start of a headerless review.
    let after = header_line.map_or(segment.start.saturating_sub(1), |n| n);
    let next_text = next_non_blank(lines, after, segment.end);
    let mut copied_title = false;
    let title = match header.and_then(|h| h.title.clone()) {
        Some(t) => {
            let repeated = previous_title.is_some_and(|p| p.eq_ignore_ascii_case(&t));
            match next_text.filter(|&n| repeated && is_title_line(lines.get(n))) {
                Some(n) => {
                    copied_title = true;
                    take_title_lines(lines, n, segment.end, &mut moved)
                }
                None => Some(t),
            }
        }
        None => next_text
            .filter(|&n| is_title_line(lines.get(n)))
            .and_then(|n| take_title_lines(lines, n, segment.end, &mut moved)),
    };
    let mut headline = headline;
    if headline.is_none() {
        if let Some(n) = next_non_blank(
            lines,
            moved.iter().copied().max().unwrap_or(after),
            segment.end,
        )
        .filter(|&n| title.is_some() && is_headline_below(lines, n))
        {
            headline = Some(lines.get(n).trim().to_string());
            moved.push(n);
        }
    }
    moved.sort_unstable();
    moved.dedup();
    let last_moved = moved.last().copied().unwrap_or(segment.start);
    let number = header_line
        .and_then(|n| number::find(lines.get(n)))
        .or_else(|| {
            first_lines_after(lines, last_moved, segment.end)
                .find_map(|n| number::find(lines.get(n)))
        });
    // A line saying only the number repeats front matter: it leaves the body.
    let number_line = first_lines_after(lines, last_moved, segment.end)
        .find(|&n| number::is_number_only(lines.get(n)));
    if let Some(n) = number_line {
        moved.push(n);
        moved.sort_unstable();
    }
    let links = collect_links((segment.start..=segment.end).map(|n| lines.get(n)));
    let arxiv = arxiv_ids(&links);
    Draft {
        start: segment.start,
        end: segment.end,
        header_line,
        date: header.and_then(|h| h.date.clone()),
        title,
        headline,
        authors: header.map_or_else(|| vec![MIKE.to_string()], |h| h.authors.clone()),
        number,
        links,
        arxiv,
        moved,
        copied_title,
        number_line,
    }
}

/// The title line at `first` plus lines it wraps onto (adjacent, no blank
/// line between, also English); records them as moved.
fn take_title_lines(
    lines: &Lines,
    first: usize,
    end: usize,
    moved: &mut Vec<usize>,
) -> Option<String> {
    let mut raw = lines.get(first).trim().to_string();
    moved.push(first);
    let mut n = first + 1;
    while n <= end && n <= first + MAX_TITLE_CONTINUATION {
        let text = lines.get(n);
        if is_blank(text) || is_link_only(text) || !is_latin_dominant(text) {
            break;
        }
        raw.push(' ');
        raw.push_str(text.trim());
        moved.push(n);
        n += 1;
    }
    title::clean(&raw)
}

/// A Hebrew headline standing alone right under the title, written like the
/// headlines above headers: "ההיפוך הלשוני: כשבני אדם מתחילים לחקות..."
/// (two or more words before the colon, so "רקע: PeFT" or "מבוא:" are not).
fn is_headline_below(lines: &Lines, n: usize) -> bool {
    let text = lines.get(n).trim();
    let standalone = is_blank(lines.get(n + 1));
    let Some((before, after)) = text.split_once(':') else {
        return false;
    };
    standalone
        && text.chars().count() <= MAX_HEADLINE_BELOW_CHARS
        && is_hebrew_dominant(text)
        && before.split_whitespace().count() >= 2
        && after.split_whitespace().count() >= 2
        && number::find(text).is_none()
}

fn next_non_blank(lines: &Lines, after: usize, end: usize) -> Option<usize> {
    (after + 1..=end).find(|&n| !is_blank(lines.get(n)))
}

fn first_lines_after<'a>(
    lines: &'a Lines,
    after: usize,
    end: usize,
) -> impl Iterator<Item = usize> + 'a {
    (after + 1..=end)
        .filter(|&n| !is_blank(lines.get(n)))
        .take(NUMBER_SEARCH_LINES)
}

/// The page body: the review's lines in order, less the moved ones, without
/// the blank lines that moving leaves at the top.
pub fn body(lines: &Lines, draft: &Draft) -> String {
    let kept: Vec<&str> = (draft.start..=draft.end)
        .filter(|n| draft.moved.binary_search(n).is_err())
        .map(|n| lines.get(n))
        .collect();
    let first = kept.iter().position(|l| !is_blank(l)).unwrap_or(kept.len());
    let last = kept
        .iter()
        .rposition(|l| !is_blank(l))
        .map_or(first, |p| p + 1);
    kept[first..last.max(first)].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::segment;

    fn drafts(text: &str) -> Vec<Draft> {
        let lines = Lines::split(text);
        let mut out: Vec<Draft> = Vec::new();
        for s in segment::split(&lines) {
            let previous = out.last().and_then(|d| d.title.clone());
            out.push(assemble(&lines, &s, previous.as_deref()));
        }
        out
    }

    #[test]
    fn copied_header_title_gives_way_to_the_next_line() {
        let d = drafts(
            "30.07.24 המאמר היומי של מיק: Denoising Vision Transformers\n\nטקסט.\n\n<https://arxiv.org/abs/2401.02957>\n\n\
             31.07.24 המאמר היומי של מיק: Denoising Vision Transformers\n\nDENOISING DIFFUSION IMPLICIT MODELS\n\nטקסט.\n",
        );
        assert_eq!(
            d[1].title.as_deref(),
            Some("DENOISING DIFFUSION IMPLICIT MODELS")
        );
        assert!(d[1].copied_title);
        assert_eq!(d[1].moved, vec![7, 9]);
    }

    #[test]
    fn title_wraps_onto_the_next_line_and_both_move() {
        let d = drafts("07.01.25 המאמר היומי של מייק\nAnchored Preference Optimization and\n**Underspecification in Alignment**\n\nטקסט.\n");
        assert_eq!(
            d[0].title.as_deref(),
            Some("Anchored Preference Optimization and Underspecification in Alignment")
        );
        assert_eq!(d[0].moved, vec![1, 2, 3]);
    }

    #[test]
    fn headline_under_the_title_needs_the_colon_shape() {
        let d = drafts("31.07.25 המאמר היומי של מיק: A Title\n\nההיפוך הלשוני: כשבני אדם מתחילים לחקות\n\nטקסט.\n");
        assert_eq!(
            d[0].headline.as_deref(),
            Some("ההיפוך הלשוני: כשבני אדם מתחילים לחקות")
        );
        let d = drafts("31.07.25 המאמר היומי של מיק: A Title\n\nרקע: PeFT\n\nטקסט.\n");
        assert_eq!(d[0].headline, None);
        let body = body(
            &Lines::split("31.07.25 המאמר היומי של מיק: A Title\n\nרקע: PeFT\n\nטקסט.\n"),
            &d[0],
        );
        assert_eq!(body, "רקע: PeFT\n\nטקסט.");
    }

    #[test]
    fn review_number_is_read_from_the_first_lines_only() {
        let d = drafts("11.09.25 המאמר היומי של מיק: A Title\n502 קירה\n\nטקסט.\n\nסקירה מס' 7 הייתה על משהו אחר\n");
        assert_eq!(d[0].number, Some(502));
        let d = drafts("11.09.25 המאמר היומי של מיק: A Title\n\nא.\n\nב.\n\nג.\n\nסקירה מס' 7\n");
        assert_eq!(d[0].number, None);
    }

    #[test]
    fn a_line_saying_only_the_number_leaves_the_body() {
        let text = "11.09.25 המאמר היומי של מיק: A Title\n\nסקירה: 504\n\nטקסט.\n";
        let d = drafts(text);
        assert_eq!((d[0].number, d[0].number_line), (Some(504), Some(3)));
        assert_eq!(body(&Lines::split(text), &d[0]), "טקסט.");
        let text = "11.09.25 המאמר היומי של מיק: A Title\n\nסקירה מס' 400 - היום משהו.\n";
        let d = drafts(text);
        assert_eq!((d[0].number, d[0].number_line), (Some(400), None));
    }
}
