//! Dates: finding a date token in a header, listing its possible readings,
//! and choosing among them for the whole archive at once.
//!
//! The export mixes d.mm.yy, dd.mm.yyyy, yyyy.mm.dd, dd-mm.yy and year-first
//! yy.mm.dd ("24.06.07" is 7 June 2024). A two-digit-only token can be read
//! both ways, so the choice uses the one fact the archive guarantees: reviews
//! run forward in time. Dates that still break that order are kept as read
//! and reported; reviews without a date get one estimated from neighbours.

use chrono::{Duration, NaiveDate};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d.])(\d{1,4})[.\-/](\d{1,2})[.\-/](\d{2,4})(?:$|[^\d])").unwrap()
});

/// A date as written in the archive, e.g. "24.06.07".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateToken {
    pub text: String,
    /// Every valid reading, most likely first.
    pub readings: Vec<NaiveDate>,
}

/// The first date-shaped token in `text` and its byte range.
pub fn find(text: &str) -> Option<(DateToken, Range<usize>)> {
    let caps = DATE.captures(text)?;
    let (first, last) = (caps.get(1)?, caps.get(3)?);
    let range = first.start()..last.end();
    let parts = [first.as_str(), caps.get(2)?.as_str(), last.as_str()];
    let token = DateToken {
        text: text[range.clone()].to_string(),
        readings: readings(parts),
    };
    Some((token, range))
}

fn readings([a, b, c]: [&str; 3]) -> Vec<NaiveDate> {
    let num = |s: &str| s.parse::<i32>().ok();
    let (Some(x), Some(m), Some(z)) = (num(a), num(b), num(c)) else {
        return vec![];
    };
    let date = |y: i32, m: i32, d: i32| NaiveDate::from_ymd_opt(y, m as u32, d as u32);
    let mut out = Vec::new();
    match (a.len(), c.len()) {
        (4, 1..=2) => out.extend(date(x, m, z)),
        (1..=2, 4) => out.extend(date(z, m, x)),
        (1, 2) => out.extend(date(2000 + z, m, x)),
        (2, 2) => {
            // A year is written with two digits, so only "24.06.07" can be
            // year-first; "3.10.24" cannot. And year-first is only ever the
            // other reading of a valid day-first date: when "31.02.24" is
            // no date, 2031-02-24 is no rescue, it is an impossible date.
            if let Some(day_first) = date(2000 + z, m, x) {
                out.push(day_first);
                out.extend(date(2000 + x, m, z));
            }
        }
        _ => {}
    }
    out.dedup();
    out
}

/// How a review's date was settled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settled {
    /// Read from the archive; in order with its neighbours.
    Read(NaiveDate),
    /// Read from the archive, but earlier than a review before it or later
    /// than one after it.
    OutOfOrder(NaiveDate),
    /// No (valid) date in the archive; estimated from neighbours.
    Estimated(NaiveDate),
}

impl Settled {
    pub fn date(&self) -> NaiveDate {
        match self {
            Settled::Read(d) | Settled::OutOfOrder(d) | Settled::Estimated(d) => *d,
        }
    }
}

/// Settle every review's date. `readings[i]` lists review i's possible
/// readings (empty: no usable date). Returns None when no review has a date.
pub fn settle(readings: &[Vec<NaiveDate>]) -> Option<Vec<Settled>> {
    let chosen = choose_readings(readings);
    let in_order = longest_forward_run(&chosen);
    if in_order.iter().all(|&ok| !ok) {
        return None;
    }
    let mut settled: Vec<Option<Settled>> = chosen
        .iter()
        .zip(&in_order)
        .map(|(date, &ok)| {
            date.map(|d| {
                if ok {
                    Settled::Read(d)
                } else {
                    Settled::OutOfOrder(d)
                }
            })
        })
        .collect();
    estimate_missing(&mut settled, &chosen, &in_order);
    settled.into_iter().collect()
}

/// For each review pick one reading: unambiguous ones first, then each
/// ambiguous one closest after the previous pick and not past the next
/// unambiguous date.
fn choose_readings(readings: &[Vec<NaiveDate>]) -> Vec<Option<NaiveDate>> {
    let fixed: Vec<Option<NaiveDate>> = readings
        .iter()
        .map(|r| if r.len() == 1 { Some(r[0]) } else { None })
        .collect();
    let mut next_fixed: Vec<Option<NaiveDate>> = vec![None; readings.len()];
    for i in (0..readings.len().saturating_sub(1)).rev() {
        next_fixed[i] = fixed[i + 1].or(next_fixed[i + 1]);
    }
    let mut chosen = fixed.clone();
    let mut previous: Option<NaiveDate> = None;
    for (i, options) in readings.iter().enumerate() {
        if options.len() > 1 {
            let next = next_fixed[i];
            chosen[i] = Some(best_between(options, previous, next));
        }
        if let Some(d) = chosen[i] {
            previous = Some(d);
        }
    }
    chosen
}

fn best_between(
    options: &[NaiveDate],
    previous: Option<NaiveDate>,
    next: Option<NaiveDate>,
) -> NaiveDate {
    let fits = |d: &NaiveDate| previous.is_none_or(|p| *d >= p) && next.is_none_or(|n| *d <= n);
    let distance = |d: &NaiveDate| match previous {
        Some(p) => (*d - p).num_days().abs(),
        None => next.map_or(0, |n| (n - *d).num_days().abs()),
    };
    let fitting = options
        .iter()
        .filter(|d| fits(d))
        .min_by_key(|d| distance(d));
    *fitting
        .or_else(|| options.iter().min_by_key(|d| distance(d)))
        .unwrap_or(&options[0])
}

/// Mark the dates that form the longest non-decreasing run through the
/// archive (patience sorting, O(n log n)); the rest are out of order.
fn longest_forward_run(dates: &[Option<NaiveDate>]) -> Vec<bool> {
    let items: Vec<(usize, NaiveDate)> = dates
        .iter()
        .enumerate()
        .filter_map(|(i, d)| d.map(|d| (i, d)))
        .collect();
    let mut tails: Vec<usize> = Vec::new(); // indices into items
    let mut parent: Vec<Option<usize>> = vec![None; items.len()];
    for (k, &(_, date)) in items.iter().enumerate() {
        let pos = tails.partition_point(|&t| items[t].1 <= date);
        parent[k] = pos.checked_sub(1).map(|p| tails[p]);
        if pos == tails.len() {
            tails.push(k);
        } else {
            tails[pos] = k;
        }
    }
    let mut in_order = vec![false; dates.len()];
    let mut cursor = tails.last().copied();
    while let Some(k) = cursor {
        in_order[items[k].0] = true;
        cursor = parent[k];
    }
    in_order
}

/// A daily series: an undated review most likely came the day after the
/// review before it (never later than the next dated one).
fn estimate_missing(
    settled: &mut [Option<Settled>],
    chosen: &[Option<NaiveDate>],
    in_order: &[bool],
) {
    let trusted = |i: usize| {
        if in_order[i] {
            chosen[i].map(|d| (i, d))
        } else {
            None
        }
    };
    // The next trusted date after each review, found in one backward pass
    // (an archive of many undated headers must not cost quadratic time).
    let mut next_trusted: Vec<Option<(usize, NaiveDate)>> = vec![None; settled.len()];
    for i in (0..settled.len().saturating_sub(1)).rev() {
        next_trusted[i] = trusted(i + 1).or(next_trusted[i + 1]);
    }
    let mut previous: Option<(usize, NaiveDate)> = None;
    for i in 0..settled.len() {
        if let Some(found) = trusted(i) {
            previous = Some(found);
            continue;
        }
        if settled[i].is_some() {
            continue;
        }
        let days = |from: usize, to: usize| {
            Duration::try_days(to.abs_diff(from) as i64).unwrap_or(Duration::zero())
        };
        let estimate = match (previous, next_trusted[i]) {
            (Some((p, pd)), Some((_, nd))) => {
                pd.checked_add_signed(days(p, i)).unwrap_or(nd).min(nd)
            }
            (Some((p, pd)), None) => pd.checked_add_signed(days(p, i)).unwrap_or(pd),
            (None, Some((n, nd))) => nd.checked_sub_signed(days(i, n)).unwrap_or(nd),
            (None, None) => continue,
        };
        settled[i] = Some(Settled::Estimated(estimate));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn reads_every_format_of_the_archive() {
        assert_eq!(
            find("המאמר הימי של מיק 30.05.2024 ⚡️").unwrap().0.readings,
            vec![d(2024, 5, 30)]
        );
        assert_eq!(
            find("3.10.24: המאמר").unwrap().0.readings,
            vec![d(2024, 10, 3)]
        );
        assert_eq!(
            find("的文章的日誌 - 2024.11.07 🚀").unwrap().0.readings,
            vec![d(2024, 11, 7)]
        );
        assert_eq!(
            find("🚀⚡️: 05-09.24 🚀⚡️").unwrap().0.readings,
            vec![d(2024, 9, 5), d(2005, 9, 24)]
        );
        assert_eq!(
            find("מייק 24.06.07: Scaling").unwrap().0.readings,
            vec![d(2007, 6, 24), d(2024, 6, 7)]
        );
        assert!(find("של מאי 24 🚀⚡️ Learning Rate").is_none());
        assert!(find("version 1.2.3.4").is_none());
    }

    #[test]
    fn ambiguous_year_first_date_follows_its_neighbours() {
        let r = vec![
            vec![d(2024, 6, 6)],
            find("24.06.07").unwrap().0.readings,
            vec![d(2024, 6, 9)],
        ];
        let s = settle(&r).unwrap();
        assert_eq!(s[1], Settled::Read(d(2024, 6, 7)));
    }

    #[test]
    fn out_of_order_date_is_kept_and_marked() {
        let r = vec![
            vec![d(2024, 8, 1)],
            vec![d(2024, 8, 24)],
            vec![d(2024, 8, 24)],
            vec![d(2024, 8, 5)],
            vec![d(2024, 8, 6)],
        ];
        let s = settle(&r).unwrap();
        assert_eq!(s[1], Settled::OutOfOrder(d(2024, 8, 24)));
        assert_eq!(s[3], Settled::Read(d(2024, 8, 5)));
    }

    #[test]
    fn missing_dates_are_estimated_day_by_day() {
        let r = vec![
            vec![d(2024, 7, 24)],
            vec![],
            vec![],
            vec![],
            vec![d(2024, 7, 29)],
        ];
        let s = settle(&r).unwrap();
        assert_eq!(s[1], Settled::Estimated(d(2024, 7, 25)));
        assert_eq!(s[3], Settled::Estimated(d(2024, 7, 27)));
        let squeezed =
            settle(&[vec![d(2024, 7, 24)], vec![], vec![], vec![d(2024, 7, 25)]]).unwrap();
        assert_eq!(squeezed[2], Settled::Estimated(d(2024, 7, 25)));
        assert!(settle(&[vec![], vec![]]).is_none());
    }
}
