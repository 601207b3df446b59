//! A review's text in parts of about `CHUNK_TOKENS` tokens, one file each,
//! so that a result loads only the part its snippet comes from. The
//! browser finds that part from the positions in the shards: token n of
//! the body is in part n / CHUNK_TOKENS (the manifest tells it the size).

/// Tokens per part: a few snippet windows' worth, so that a part is small
/// (about 1 KB) but a snippet rarely needs two.
pub const CHUNK_TOKENS: usize = 120;

/// The parts of a text given as its words (what `plain_text` separates by
/// single spaces), each with its count of tokens: each word goes to the
/// part its last token falls in, so part n starts at about token n x
/// `CHUNK_TOKENS`, and every part a position points to exists (a word of
/// several tokens across a boundary, like "LLaMA-NAS", goes to the later
/// part). No token spans a space, so the counts add up to the count of the
/// whole text that the index's positions number.
pub fn split<'a>(words: impl IntoIterator<Item = (&'a str, usize)>) -> Vec<String> {
    let mut parts: Vec<String> = vec![String::new()];
    let mut count = 0;
    for (word, n) in words {
        let part = (count + n.saturating_sub(1)) / CHUNK_TOKENS;
        while parts.len() <= part {
            parts.push(String::new());
        }
        let last = &mut parts[part];
        if !last.is_empty() {
            last.push(' ');
        }
        last.push_str(word);
        count += n;
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::tokens;

    fn split_text(text: &str) -> Vec<String> {
        split(
            text.split(' ')
                .filter(|w| !w.is_empty())
                .map(|w| (w, tokens(w).len())),
        )
    }

    /// A one-token word for each number: letters only (a digit after a
    /// letter would start a token of its own).
    fn word(i: usize) -> String {
        let letters: String = i
            .to_string()
            .bytes()
            .map(|d| char::from(b'a' + d - b'0'))
            .collect();
        format!("x{letters}")
    }

    #[test]
    fn parts_start_at_multiples_of_chunk_tokens() {
        let words: Vec<String> = (0..300).map(word).collect();
        let text = format!("של {} the end", words.join(" "));
        let parts = split_text(&text);
        assert_eq!(parts.len(), 3);
        // Stop words take no position, so "של" stays with the first part.
        assert!(parts[0].starts_with(&format!("של {} ", word(0))));
        assert!(parts[1].starts_with(&format!("{} ", word(CHUNK_TOKENS))));
        assert!(parts[2].starts_with(&format!("{} ", word(2 * CHUNK_TOKENS))));
        assert_eq!(parts.join(" "), text, "nothing lost, nothing added");
        // The count agrees with the whole text's tokens, which positions number.
        assert_eq!(
            parts.iter().map(|p| tokens(p).len()).sum::<usize>(),
            tokens(&text).len()
        );
    }

    #[test]
    fn a_word_across_a_boundary_goes_to_the_later_part() {
        let words: Vec<String> = (0..CHUNK_TOKENS - 1).map(word).collect();
        let text = format!("{} llama-nas", words.join(" "));
        let parts = split_text(&text);
        assert_eq!(
            parts.len(),
            2,
            "token {CHUNK_TOKENS} (\"nas\") points to part 1"
        );
        assert_eq!(parts[1], "llama-nas");
    }

    #[test]
    fn empty_text_is_one_empty_part() {
        assert_eq!(split_text(""), vec![String::new()]);
    }
}
