//! English stemming: Porter's algorithm, so "grokking" -> "grok" and
//! "hallucinate", "hallucinations" -> "hallucin". Kept byte-identical with
//! `porter` in static/search-pipeline.js (the shared vectors check it).
//! Reference: M. F. Porter, "An algorithm for suffix stripping", 1980,
//! with the suffix lists of that paper.

/// The stem of a lowercase ASCII word; other words are returned unchanged.
/// Words under four letters are left alone: they are mostly acronyms
/// ("nas", "gan") whose final s is not a plural.
pub fn stem(word: &str) -> String {
    if word.len() < 4 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return word.to_string();
    }
    let mut w = word.as_bytes().to_vec();
    step1a(&mut w);
    step1b(&mut w);
    step1c(&mut w);
    replace_suffix(&mut w, STEP2, 0);
    replace_suffix(&mut w, STEP3, 0);
    step4(&mut w);
    step5(&mut w);
    String::from_utf8(w).unwrap_or_else(|_| word.to_string())
}

/// The plural forms of an English word ("agent" -> "agents", "policy" ->
/// "policies", "loss" -> "losses"), for rules that name a thing once and
/// should find it however often the text has it. Not a stemmer: "generative"
/// must not meet "generalization", which Porter's stem "gener" would allow.
pub fn plurals(word: &str) -> Vec<String> {
    if !word.bytes().all(|b| b.is_ascii_lowercase()) || word.is_empty() {
        return Vec::new();
    }
    let mut out = vec![format!("{word}s")];
    if word.ends_with(['s', 'x', 'z']) || word.ends_with("ch") || word.ends_with("sh") {
        out.push(format!("{word}es"));
    }
    if let Some(stem) = word.strip_suffix('y') {
        if stem.len() > 1 && !stem.ends_with(['a', 'e', 'i', 'o', 'u']) {
            out.push(format!("{stem}ies"));
        }
    }
    out
}

fn is_consonant(w: &[u8], i: usize) -> bool {
    match w[i] {
        b'a' | b'e' | b'i' | b'o' | b'u' => false,
        b'y' => i == 0 || !is_consonant(w, i - 1),
        _ => true,
    }
}

/// Porter's m: the number of vowel-consonant sequences in `w`.
fn measure(w: &[u8]) -> usize {
    let (mut i, mut m) = (0, 0);
    while i < w.len() && is_consonant(w, i) {
        i += 1;
    }
    loop {
        while i < w.len() && !is_consonant(w, i) {
            i += 1;
        }
        if i >= w.len() {
            return m;
        }
        while i < w.len() && is_consonant(w, i) {
            i += 1;
        }
        m += 1;
    }
}

fn has_vowel(w: &[u8]) -> bool {
    (0..w.len()).any(|i| !is_consonant(w, i))
}

fn ends_double_consonant(w: &[u8]) -> bool {
    let n = w.len();
    n >= 2 && w[n - 1] == w[n - 2] && is_consonant(w, n - 1)
}

/// Porter's *o: consonant-vowel-consonant, the last not w, x or y.
fn ends_cvc(w: &[u8]) -> bool {
    let n = w.len();
    n >= 3
        && is_consonant(w, n - 3)
        && !is_consonant(w, n - 2)
        && is_consonant(w, n - 1)
        && !matches!(w[n - 1], b'w' | b'x' | b'y')
}

fn step1a(w: &mut Vec<u8>) {
    if w.ends_with(b"sses") || w.ends_with(b"ies") {
        w.truncate(w.len() - 2);
    } else if !w.ends_with(b"ss") && w.ends_with(b"s") {
        w.truncate(w.len() - 1);
    }
}

fn step1b(w: &mut Vec<u8>) {
    if w.ends_with(b"eed") {
        if measure(&w[..w.len() - 3]) > 0 {
            w.truncate(w.len() - 1);
        }
        return;
    }
    let suffix_len = if w.ends_with(b"ed") {
        2
    } else if w.ends_with(b"ing") {
        3
    } else {
        return;
    };
    if !has_vowel(&w[..w.len() - suffix_len]) {
        return;
    }
    w.truncate(w.len() - suffix_len);
    if w.ends_with(b"at") || w.ends_with(b"bl") || w.ends_with(b"iz") {
        w.push(b'e');
    } else if ends_double_consonant(w) && !matches!(w[w.len() - 1], b'l' | b's' | b'z') {
        w.truncate(w.len() - 1);
    } else if measure(w) == 1 && ends_cvc(w) {
        w.push(b'e');
    }
}

fn step1c(w: &mut [u8]) {
    let n = w.len();
    if n >= 2 && w[n - 1] == b'y' && has_vowel(&w[..n - 1]) {
        w[n - 1] = b'i';
    }
}

const STEP2: &[(&str, &str)] = &[
    ("ational", "ate"),
    ("tional", "tion"),
    ("enci", "ence"),
    ("anci", "ance"),
    ("izer", "ize"),
    ("abli", "able"),
    ("alli", "al"),
    ("entli", "ent"),
    ("eli", "e"),
    ("ousli", "ous"),
    ("ization", "ize"),
    ("ation", "ate"),
    ("ator", "ate"),
    ("alism", "al"),
    ("iveness", "ive"),
    ("fulness", "ful"),
    ("ousness", "ous"),
    ("aliti", "al"),
    ("iviti", "ive"),
    ("biliti", "ble"),
];

const STEP3: &[(&str, &str)] = &[
    ("icate", "ic"),
    ("ative", ""),
    ("alize", "al"),
    ("iciti", "ic"),
    ("ical", "ic"),
    ("ful", ""),
    ("ness", ""),
];

const STEP4: &[&str] = &[
    "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou",
    "ism", "ate", "iti", "ous", "ive", "ize",
];

/// Steps 2 and 3: the first listed suffix the word ends with is replaced
/// when the stem before it has m > `min_measure`; either way no other
/// suffix of the list is tried (the lists put longer endings first).
fn replace_suffix(w: &mut Vec<u8>, rules: &[(&str, &str)], min_measure: usize) {
    if let Some((suffix, replacement)) = rules.iter().find(|(s, _)| w.ends_with(s.as_bytes())) {
        let stem = w.len() - suffix.len();
        if measure(&w[..stem]) > min_measure {
            w.truncate(stem);
            w.extend_from_slice(replacement.as_bytes());
        }
    }
}

/// Step 4: drop a suffix when m > 1 before it ("-ion" only after s or t).
fn step4(w: &mut Vec<u8>) {
    if let Some(suffix) = STEP4.iter().find(|s| w.ends_with(s.as_bytes())) {
        let stem = w.len() - suffix.len();
        let ion_ok = *suffix != "ion" || (stem > 0 && matches!(w[stem - 1], b's' | b't'));
        if measure(&w[..stem]) > 1 && ion_ok {
            w.truncate(stem);
        }
    }
}

/// Step 5: a final e goes when m > 1, or m = 1 and not *o; a final double l
/// becomes single when m > 1.
fn step5(w: &mut Vec<u8>) {
    if w.ends_with(b"e") {
        let stem = &w[..w.len() - 1];
        let m = measure(stem);
        if m > 1 || (m == 1 && !ends_cvc(stem)) {
            w.truncate(w.len() - 1);
        }
    }
    if measure(w) > 1 && ends_double_consonant(w) && w.ends_with(b"l") {
        w.truncate(w.len() - 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn porter_whole_algorithm() {
        for (word, expected) in [
            ("relational", "relat"),
            ("conditional", "condit"),
            ("hopeful", "hope"),
            ("goodness", "good"),
            ("generalizations", "gener"),
            ("oscillators", "oscil"),
            ("optimization", "optim"),
            ("optimizer", "optim"),
            ("optimize", "optim"),
            ("hallucinations", "hallucin"),
            ("hallucinate", "hallucin"),
            ("controlling", "control"),
            ("distillation", "distil"),
            ("distill", "distil"),
            ("electrical", "electr"),
            ("adjustment", "adjust"),
            ("adoption", "adopt"),
            ("probate", "probat"),
            ("rate", "rate"),
            ("cease", "ceas"),
        ] {
            assert_eq!(stem(word), expected, "{word}");
        }
    }

    #[test]
    fn porter_step1_examples_from_the_paper() {
        for (word, expected) in [
            ("caresses", "caress"),
            ("ponies", "poni"),
            ("ties", "ti"),
            ("caress", "caress"),
            ("cats", "cat"),
            ("feed", "feed"),
            ("agreed", "agree"),
            ("plastered", "plaster"),
            ("bled", "bled"),
            ("motoring", "motor"),
            ("sing", "sing"),
            ("conflated", "conflate"),
            ("troubled", "trouble"),
            ("sized", "size"),
            ("hopping", "hop"),
            ("tanned", "tan"),
            ("falling", "fall"),
            ("hissing", "hiss"),
            ("fizzed", "fizz"),
            ("failing", "fail"),
            ("filing", "file"),
            ("happy", "happi"),
            ("sky", "sky"),
        ] {
            assert_eq!(step1(word), expected, "{word}");
        }
    }

    fn step1(word: &str) -> String {
        let mut w = word.as_bytes().to_vec();
        step1a(&mut w);
        step1b(&mut w);
        step1c(&mut w);
        String::from_utf8(w).unwrap()
    }

    #[test]
    fn english_stem_grokking_is_grok() {
        assert_eq!(stem("grokking"), "grok");
        assert_eq!(stem("grok"), "grok");
        assert_eq!(stem("embeddings"), "embed");
        assert_eq!(stem("transformers"), "transform");
        assert_eq!(stem("transformer"), "transform");
        assert_eq!(
            stem("nas"),
            "nas",
            "words under four letters are left alone"
        );
    }

    #[test]
    fn non_ascii_words_are_not_stemmed() {
        assert_eq!(stem("מודלים"), "מודלים");
        assert_eq!(stem("4o"), "4o");
    }

    #[test]
    fn plurals_of_english_words() {
        assert_eq!(plurals("agent"), vec!["agents"]);
        assert_eq!(plurals("policy"), vec!["policys", "policies"]);
        assert_eq!(plurals("loss"), vec!["losss", "losses"]);
        assert!(plurals("דיפוזיה").is_empty());
    }
}
