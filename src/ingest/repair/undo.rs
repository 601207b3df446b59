//! Undoing recorded repairs: the repaired text back to the archive's own,
//! byte for byte (the manifest's promise that nothing is lost).

use super::Repair;

/// `text` with every repair reverted; Err names a repair whose `after` is
/// not where it says (the text was changed since).
pub fn undo(text: &str, repairs: &[Repair]) -> Result<String, String> {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let mut ordered: Vec<&Repair> = repairs.iter().collect();
    ordered.sort_by_key(|r| (r.line, r.column));
    // Columns are the archive's: in the repaired line a word sits further
    // on by what the repairs before it on the same line added.
    let mut placed: Vec<(&Repair, usize)> = Vec::with_capacity(ordered.len());
    let mut shift: isize = 0;
    let mut current = 0;
    for r in ordered {
        if r.line != current {
            current = r.line;
            shift = 0;
        }
        let column = r.column.saturating_sub(1).saturating_add_signed(shift);
        placed.push((r, column));
        shift += r.after.chars().count() as isize - r.before.chars().count() as isize;
    }
    // Right to left, so the places of the others stay where computed.
    for (r, column) in placed.into_iter().rev() {
        let not_found = || {
            format!(
                "line {} column {}: \"{}\" not found",
                r.line, r.column, r.after
            )
        };
        let line = r
            .line
            .checked_sub(1)
            .and_then(|i| lines.get_mut(i))
            .ok_or_else(not_found)?;
        let at = line
            .char_indices()
            .nth(column)
            .map(|(i, _)| i)
            .ok_or_else(not_found)?;
        if !line[at..].starts_with(&r.after) {
            return Err(not_found());
        }
        line.replace_range(at..at + r.after.len(), &r.before);
    }
    Ok(lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repair(column: usize, before: &str, after: &str) -> Repair {
        Repair {
            file: "a.txt".into(),
            line: 1,
            column,
            before: before.into(),
            after: after.into(),
        }
    }

    #[test]
    fn repairs_that_change_length_on_one_line_undo_in_place() {
        // Archive: "כਮובן ש ניהلت ו" -> "כמובן ש ניהלתי ו" (the second word grew).
        let repaired = "אב כמובן ש ניהלתי ו מטקסט";
        let repairs = [
            repair(4, "כਮובן", "כמובן"),
            repair(12, "ניהلت", "ניהלתי"),
            repair(20, "מテקסט", "מטקסט"),
        ];
        assert_eq!(
            undo(repaired, &repairs).unwrap(),
            "אב כਮובן ש ניהلت ו מテקסט"
        );
    }
}
