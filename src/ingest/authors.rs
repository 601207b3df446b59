//! Authors from a header's name slot: "מיק", "עמרי ומיק", "מיק ואוראל",
//! "טדי מיק", and Mike's many misspellings, normalised to "מיק".

/// The series author, also used when a review names nobody.
pub const MIKE: &str = "מיק";

/// Spellings of Mike's name seen in headers (quote marks removed first).
/// "מאי" comes from the slot "מאי 24", a typo that reads like a date.
const MIKE_SPELLINGS: &[&str] = &[
    "מיק",
    "מייק",
    "מילק",
    "מיליק",
    "מijk",
    "mijk",
    "מיום",
    "מיין",
    "מאייק",
    "מק",
    "מיקרו",
    "מיך",
    "מאי",
    "مايك",
];

pub fn from_name_slot(slot: &str) -> Vec<String> {
    let mut authors: Vec<String> = Vec::new();
    for (i, word) in slot.split_whitespace().enumerate() {
        if word.chars().all(|c| c.is_ascii_digit()) {
            continue; // the "24" of "מאי 24"
        }
        let bare: String = word.chars().filter(|c| !"\"'״׳".contains(*c)).collect();
        // "ומיק": the conjunction ו joins the second name.
        let name = match bare.strip_prefix('ו') {
            Some(rest) if i > 0 && rest.chars().count() >= 2 => rest.to_string(),
            _ => bare,
        };
        let name = if is_mike(&name) {
            MIKE.to_string()
        } else {
            name
        };
        if !name.is_empty() && !authors.contains(&name) {
            authors.push(name);
        }
    }
    if authors.is_empty() {
        authors.push(MIKE.to_string());
    }
    authors
}

fn is_mike(name: &str) -> bool {
    MIKE_SPELLINGS.iter().any(|s| s.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misspellings_become_mike_and_co_authors_stay() {
        assert_eq!(from_name_slot("מ\"יק"), vec!["מיק"]);
        assert_eq!(from_name_slot("Mijk"), vec!["מיק"]);
        assert_eq!(from_name_slot("טדי מיך"), vec!["טדי", "מיק"]);
        assert_eq!(from_name_slot("יניב ומיק"), vec!["יניב", "מיק"]);
        assert_eq!(from_name_slot("מאי 24"), vec!["מיק"]);
        assert_eq!(from_name_slot(""), vec!["מיק"]);
    }
}
