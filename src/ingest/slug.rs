//! Slugs: `YYYY-MM-DD-` plus an ASCII slug of the English title, cut at a
//! word boundary. Uniqueness and permanence are `assign`'s job (emit.rs).

use chrono::NaiveDate;

/// Longest title part of a slug, in characters.
const MAX_TITLE_SLUG: usize = 60;

/// The slug a review would get if nothing claimed it before.
pub fn base(date: NaiveDate, title: Option<&str>, arxiv: &[String]) -> String {
    let from_title = title.map(ascii_slug).filter(|s| !s.is_empty());
    let name = from_title
        .or_else(|| {
            arxiv
                .first()
                .map(|id| format!("arxiv-{}", id.replace('.', "-")))
        })
        .unwrap_or_else(|| "review".to_string());
    format!("{}-{name}", date.format("%Y-%m-%d"))
}

/// Lowercase ASCII words joined by hyphens; apostrophes vanish ("can't" ->
/// "cant"), accents fold to their base letter, other characters separate.
pub fn ascii_slug(text: &str) -> String {
    let mut words: Vec<String> = vec![String::new()];
    for c in text.chars() {
        if c == '\'' || c == '’' {
            continue;
        }
        match fold(c) {
            Some(a) => words.last_mut().map(|w| w.push(a)).unwrap_or(()),
            None => {
                if words.last().is_some_and(|w| !w.is_empty()) {
                    words.push(String::new());
                }
            }
        }
    }
    let mut slug = String::new();
    for word in words.iter().filter(|w| !w.is_empty()) {
        let extra = if slug.is_empty() {
            word.len()
        } else {
            word.len() + 1
        };
        if slug.len() + extra > MAX_TITLE_SLUG {
            if slug.is_empty() {
                slug.push_str(&word[..MAX_TITLE_SLUG.min(word.len())]);
            }
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(word);
    }
    slug
}

fn fold(c: char) -> Option<char> {
    let c = match c {
        'à'..='å' | 'À'..='Å' => 'a',
        'ç' | 'Ç' => 'c',
        'è'..='ë' | 'È'..='Ë' => 'e',
        'ì'..='ï' | 'Ì'..='Ï' => 'i',
        'ñ' | 'Ñ' => 'n',
        'ò'..='ö' | 'Ò'..='Ö' | 'ø' => 'o',
        'ù'..='ü' | 'Ù'..='Ü' => 'u',
        _ => c,
    };
    c.is_ascii_alphanumeric().then(|| c.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 5, 30).unwrap()
    }

    #[test]
    fn slug_from_title_is_ascii_and_cut_at_a_word() {
        assert_eq!(
            base(day(), Some("2BP: 2-Stage Backpropagation"), &[]),
            "2024-05-30-2bp-2-stage-backpropagation"
        );
        let long = base(day(), Some("Similarity is Not All You Need: Endowing Retrieval-Augmented Generation with Multi-layered Thoughts"), &[]);
        assert_eq!(
            long,
            "2024-05-30-similarity-is-not-all-you-need-endowing-retrieval-augmented"
        );
        assert_eq!(ascii_slug("SCHRÖDINGER'S MEMORY"), "schrodingers-memory");
        assert_eq!(
            ascii_slug("LLMs Still can't Plan; can LRM's?"),
            "llms-still-cant-plan-can-lrms"
        );
    }

    #[test]
    fn fallbacks_without_english_title() {
        assert_eq!(
            base(day(), None, &["2402.09906".into()]),
            "2024-05-30-arxiv-2402-09906"
        );
        assert_eq!(base(day(), Some("דיפוזיה"), &[]), "2024-05-30-review");
    }
}
