//! The publishing timeline on the archive page: an inline SVG bar chart of
//! reviews per month, drawn at build time so it needs no script.

use super::hebrew;
use chrono::{Datelike, NaiveDate};
use std::fmt::Write;

/// The chart aims at this width; bars get wider for short spans.
const TARGET_WIDTH: u32 = 640;
const GAP: u32 = 4;
const HEIGHT: u32 = 120;
const LABELS: u32 = 22;

/// Beyond this many months the chart counts per year instead.
const MAX_MONTH_BARS: usize = 96;

/// One bar: its tooltip, the label under it (if any) and its count.
struct Bar {
    tooltip: String,
    label: Option<i32>,
    count: u32,
}

/// An `<svg>` element (safe markup: only numbers and fixed Hebrew words).
/// Time runs right to left, the way a Hebrew reader reads: the first month
/// at the right edge, the newest at the left.
pub fn svg(dates: &[NaiveDate]) -> String {
    let (Some(first), Some(last)) = (dates.iter().min(), dates.iter().max()) else {
        return String::new();
    };
    let months = month_counts(*first, *last, dates);
    let (unit, bars) = if months.len() <= MAX_MONTH_BARS {
        ("חודש", month_bars(&months))
    } else {
        ("שנה", year_bars(&months))
    };
    let max = bars.iter().map(|b| b.count).max().unwrap_or(1).max(1);
    let bar = (TARGET_WIDTH / bars.len() as u32)
        .saturating_sub(GAP)
        .clamp(4, 28);
    let width = bars.len() as u32 * (bar + GAP) + GAP;
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg class="timeline" role="img" aria-labelledby="timeline-title timeline-desc" viewBox="0 0 {width} {h}" width="{width}" height="{h}" xmlns="http://www.w3.org/2000/svg">"#,
        h = HEIGHT + LABELS
    );
    let _ = write!(
        out,
        r#"<title id="timeline-title">ציר הזמן של הפרסומים: סקירות בכל {unit}</title>"#
    );
    let _ = write!(
        out,
        r#"<desc id="timeline-desc">{} סקירות מ{} {} עד {} {}; ה{unit} העמוס ביותר: {} סקירות</desc>"#,
        dates.len(),
        hebrew::month(first.month()),
        first.year(),
        hebrew::month(last.month()),
        last.year(),
        max
    );
    let _ = write!(
        out,
        r#"<line class="axis" x1="0" y1="{HEIGHT}" x2="{width}" y2="{HEIGHT}"/>"#
    );
    for (slot, b) in bars.iter().enumerate() {
        // Right to left: slot 0 (oldest) at the right edge.
        let x = width - (slot as u32 + 1) * (bar + GAP);
        let h = if b.count == 0 {
            0
        } else {
            (b.count * (HEIGHT - 8) / max).max(3)
        };
        let _ = write!(
            out,
            r#"<rect x="{x}" y="{}" width="{bar}" height="{h}" rx="2"><title>{}: {}</title></rect>"#,
            HEIGHT - h,
            b.tooltip,
            b.count
        );
        if let Some(year) = b.label {
            let _ = write!(
                out,
                r#"<text x="{}" y="{}" text-anchor="middle">{year}</text>"#,
                x + bar / 2,
                HEIGHT + 16
            );
        }
    }
    out.push_str("</svg>");
    out
}

fn month_bars(months: &[(i32, u32, u32)]) -> Vec<Bar> {
    months
        .iter()
        .enumerate()
        .map(|(i, &(year, month, count))| Bar {
            tooltip: format!("{} {year}", hebrew::month(month)),
            label: (month == 1 || i == 0).then_some(year),
            count,
        })
        .collect()
}

/// Per-year bars; labels on every year when there is room, else every tenth.
fn year_bars(months: &[(i32, u32, u32)]) -> Vec<Bar> {
    let mut bars: Vec<Bar> = Vec::new();
    let mut years: Vec<(i32, u32)> = Vec::new();
    for &(year, _, count) in months {
        match years.last_mut() {
            Some((y, c)) if *y == year => *c += count,
            _ => years.push((year, count)),
        }
    }
    let every = if years.len() <= 24 { 1 } else { 10 };
    for (i, &(year, count)) in years.iter().enumerate() {
        let label = (i == 0 || year % every == 0).then_some(year);
        bars.push(Bar {
            tooltip: year.to_string(),
            label,
            count,
        });
    }
    bars
}

/// Every month from `first` to `last` inclusive with its count (zeros kept,
/// so gaps in publishing show as gaps).
fn month_counts(first: NaiveDate, last: NaiveDate, dates: &[NaiveDate]) -> Vec<(i32, u32, u32)> {
    let index = |d: &NaiveDate| {
        (d.year() - first.year()) as usize * 12 + d.month0() as usize - first.month0() as usize
    };
    let mut counts = vec![0u32; index(&last) + 1];
    for d in dates {
        counts[index(d)] += 1;
    }
    counts
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let m = first.month0() as usize + i;
            (first.year() + (m / 12) as i32, (m % 12) as u32 + 1, c)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn counts_every_month_including_empty_ones() {
        let dates = [d(2024, 11, 3), d(2024, 11, 4), d(2025, 2, 1)];
        assert_eq!(
            month_counts(dates[0], dates[2], &dates),
            vec![(2024, 11, 2), (2024, 12, 0), (2025, 1, 0), (2025, 2, 1)]
        );
    }

    #[test]
    fn svg_has_one_bar_per_month_and_a_description() {
        let svg = svg(&[d(2024, 5, 30), d(2024, 6, 1), d(2024, 6, 2)]);
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.contains("יוני 2024: 2"), "{svg}");
        assert!(svg.contains("<desc id=\"timeline-desc\">3 סקירות"), "{svg}");
    }

    #[test]
    fn long_spans_count_per_year() {
        let dates: Vec<NaiveDate> = (0..20).map(|y| d(2000 + y, 3, 1)).collect();
        let svg = svg(&dates);
        assert_eq!(svg.matches("<rect").count(), 20, "{svg}");
        assert!(svg.contains("<title>2005: 1</title>"), "{svg}");
        assert!(svg.contains("בכל שנה"), "{svg}");
    }

    #[test]
    fn no_reviews_no_svg() {
        assert_eq!(svg(&[]), "");
    }
}
