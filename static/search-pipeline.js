// yomon search: the token pipeline, identical to src/search/{normalize,
// tokenize,hebrew,english,stopwords,terms}.rs. tests/vectors/tokens.json is
// checked against both (cargo test search_vectors; node --test tests/js).
// A classic script (no modules) so it loads from file:// by a <script> tag.
(function (global) {
  'use strict';

  var FINALS = { 'ך': 'כ', 'ם': 'מ', 'ן': 'נ', 'ף': 'פ', 'ץ': 'צ' };
  var MARKS = /[\p{M}\p{Cf}]/gu;

  // NFKD, lowercase, strip marks and format characters, fold final letters.
  // An arXiv id's version ("2405.17399v2") is dropped: the index holds
  // versionless ids, and "v2" would otherwise glue onto the number.
  var ARXIV_VERSION = /([0-9]{4}\.[0-9]{4,5})v[0-9]+/g;

  function normalize(text) {
    return text.normalize('NFKD').toLowerCase().replace(MARKS, '')
      .replace(/[ךםןףץ]/g, function (c) { return FINALS[c]; })
      .replace(ARXIV_VERSION, '$1');
  }

  var HEBREW_STOP = ['של', 'את', 'על', 'עמ', 'זה', 'זו', 'זאת', 'הוא', 'היא', 'המ', 'הנ', 'אני',
    'אנו', 'אנחנו', 'אתה', 'הזה', 'הזאת', 'הזו', 'גמ', 'לא', 'כי', 'אמ', 'או', 'אבל', 'כל', 'יש',
    'אינ', 'רק', 'עוד', 'כמו', 'אשר', 'כדי', 'מה', 'מי', 'לי', 'לו', 'לה', 'להמ', 'שלו', 'שלה',
    'שלהמ', 'שלנו', 'אותו', 'אותה', 'אותמ', 'בינ', 'אל', 'אכ', 'ככ', 'כנ', 'עד', 'היה', 'היו',
    'יותר', 'מאוד', 'ממש', 'אלה', 'אלו', 'זהו', 'כאשר', 'פי', 'ידי', 'וגמ', 'אז', 'שמ', 'פה', 'מנ',
    'אפ', 'ככה', 'כבר'];
  var ENGLISH_STOP = ['a', 'an', 'and', 'are', 'as', 'at', 'be', 'but', 'by', 'for', 'from', 'has',
    'have', 'he', 'her', 'his', 'i', 'if', 'in', 'into', 'is', 'it', 'its', 'of', 'on', 'or', 'our',
    'she', 'so', 'than', 'that', 'the', 'their', 'them', 'then', 'there', 'these', 'they', 'this',
    'to', 'was', 'we', 'were', 'which', 'who', 'will', 'with', 'you', 'your'];
  var STOP = new Set(HEBREW_STOP.concat(ENGLISH_STOP));
  function isStopword(t) { return STOP.has(t); }

  // ---- words and parts (tokenize.rs) ----
  var JOINERS = '\'"\u05F3\u05F4\u2019\u2018';
  var HYPHENS = '-\u05BE\u2010\u2011\u2012\u2013_';
  var HEBREW = 1, DIGIT = 2, LETTER = 3;
  var IS_DIGIT = /^\p{N}$/u, IS_ALPHA = /^\p{Alphabetic}$/u;

  function charClass(c) {
    if (c === undefined) return 0;
    if (IS_DIGIT.test(c)) return DIGIT;
    if (IS_ALPHA.test(c)) return c >= '\u0590' && c <= '\u05FF' ? HEBREW : LETTER;
    return 0;
  }
  function isHebrewChar(c) { return c >= '\u0590' && c <= '\u05FF'; }

  function breaksBetween(prev, next) {
    return (prev === HEBREW) !== (next === HEBREW) || (prev === LETTER && next === DIGIT);
  }

  function words(text) {
    var chars = Array.from(text);
    var out = [], parts = [], part = [], last = LETTER;
    for (var i = 0; i < chars.length; i++) {
      var c = chars[i];
      var nextClass = charClass(chars[i + 1]);
      var cls = charClass(c);
      if (cls) {
        if (part.length && breaksBetween(last, cls)) { parts.push(part); part = []; }
        part.push(c);
        last = cls;
      } else if (!part.length) {
        continue;
      } else if (JOINERS.indexOf(c) >= 0 && nextClass) {
        continue;
      } else if (c === '.' && last === DIGIT && nextClass === DIGIT) {
        part.push(c);
      } else if (HYPHENS.indexOf(c) >= 0 && nextClass) {
        parts.push(part); part = [];
      } else {
        parts.push(part); part = [];
        out.push(finishWord(parts)); parts = [];
      }
    }
    if (part.length) parts.push(part);
    if (parts.length) out.push(finishWord(parts));
    return out.filter(function (w) { return w.length > 0; });
  }

  function isHebrewPart(part) { return part.length > 0 && charClass(part[0]) === HEBREW; }

  function finishWord(parts) {
    var kept = [];
    for (var i = 0; i < parts.length; i++) {
      var part = parts[i];
      var beforeOtherScript = i + 1 < parts.length && !isHebrewPart(parts[i + 1]);
      if (isHebrewPart(part) && (part.length < 2 || (beforeOtherScript && isOnlyPrefixes(part)))) continue;
      kept.push(part.join(''));
    }
    return kept;
  }

  // ---- Hebrew prefixes and suffixes (hebrew.rs) ----
  var MIN_STEM = 3;
  var PREFIX_SLOTS = [['ו'], ['כש', 'ש'], ['ב', 'כ', 'ל', 'מ'], ['ה']];

  function startsWithAt(chars, at, s) {
    var sc = Array.from(s);
    if (at + sc.length > chars.length) return false;
    for (var k = 0; k < sc.length; k++) if (chars[at + k] !== sc[k]) return false;
    return true;
  }

  function prefixCuts(chars) {
    var reach = [0];
    PREFIX_SLOTS.forEach(function (slot) {
      var next = reach.slice();
      reach.forEach(function (at) {
        slot.forEach(function (clitic) {
          var end = at + Array.from(clitic).length;
          if (startsWithAt(chars, at, clitic) && next.indexOf(end) < 0) next.push(end);
        });
      });
      reach = next;
    });
    return reach.sort(function (a, b) { return a - b; }).filter(function (c) { return c > 0; });
  }

  function isOnlyPrefixes(chars) { return prefixCuts(chars).indexOf(chars.length) >= 0; }

  function endsWith(chars, s) {
    var sc = Array.from(s);
    return chars.length >= sc.length && startsWithAt(chars, chars.length - sc.length, s);
  }

  function hebrewVariants(word) {
    var chars = Array.from(word);
    return prefixCuts(chars).filter(function (cut) { return chars.length - cut >= MIN_STEM; })
      .map(function (cut) { return chars.slice(cut).join(''); });
  }

  // ---- query side only: plural and construct endings ----
  // The index keeps words as written (plus prefix cuts); a query word looks
  // up its singular and plural forms instead: "מודל" -> "מודלימ", "מודלי";
  // "שיטה" -> "שיטות", "שיטת"; "מודלים" -> "מודל"; "למידת" -> "למידה". These sort next to the word, so
  // they usually sit in the shard the word itself needs.
  var PLURALS = ['ימ', 'ות', 'י'];

  function singulars(word) {
    var chars = Array.from(word), n = chars.length, out = [];
    // Construct state of a feminine noun: "למידת" (learning of) -> "למידה".
    if (n >= MIN_STEM + 1 && endsWith(chars, 'ת')) out.push(chars.slice(0, n - 1).join('') + 'ה');
    if (n < MIN_STEM + 2) return out;
    if (endsWith(chars, 'ימ') || endsWith(chars, 'ות')) out.push(chars.slice(0, n - 2).join(''));
    if (endsWith(chars, 'ות')) out.push(chars.slice(0, n - 2).join('') + 'ה');
    if (endsWith(chars, 'י')) out.push(chars.slice(0, n - 1).join(''));
    return out;
  }

  function plurals(word) {
    var chars = Array.from(word);
    if (chars.length < MIN_STEM) return [];
    var stem = endsWith(chars, 'ה') ? chars.slice(0, -1).join('') : word;
    var out = PLURALS.map(function (end) { return word + end; });
    if (stem !== word) out.push(stem + 'ות', stem + 'ת');
    return out;
  }

  // The terms a Hebrew query word looks up, each with how much a match
  // counts: the word, its singular/plural family, and the family of each
  // reading with clitic prefixes removed (weaker: "למידה" is not "מידה").
  function hebrewQueryForms(word) {
    var forms = [], seen = new Set();
    function add(term, weight) {
      if (!seen.has(term) && !isStopword(term)) { seen.add(term); forms.push({ term: term, weight: weight }); }
    }
    function family(base, weight) {
      add(base, weight);
      var singles = singulars(base);
      singles.forEach(function (s) { add(s, weight * 0.8); });
      [base].concat(singles).forEach(function (s) { plurals(s).forEach(function (p) { add(p, weight * 0.8); }); });
    }
    family(word, 1);
    hebrewVariants(word).forEach(function (cut) { family(cut, 0.5); });
    return forms;
  }

  // ---- English: Porter's stemmer (english.rs) ----
  function isConsonant(w, i) {
    var c = w[i];
    if (c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u') return false;
    if (c === 'y') return i === 0 || !isConsonant(w, i - 1);
    return true;
  }
  function measure(w) {
    var i = 0, m = 0;
    while (i < w.length && isConsonant(w, i)) i++;
    for (;;) {
      while (i < w.length && !isConsonant(w, i)) i++;
      if (i >= w.length) return m;
      while (i < w.length && isConsonant(w, i)) i++;
      m++;
    }
  }
  function hasVowel(w) {
    for (var i = 0; i < w.length; i++) if (!isConsonant(w, i)) return true;
    return false;
  }
  function endsDoubleConsonant(w) {
    var n = w.length;
    return n >= 2 && w[n - 1] === w[n - 2] && isConsonant(w, n - 1);
  }
  function endsCvc(w) {
    var n = w.length;
    return n >= 3 && isConsonant(w, n - 3) && !isConsonant(w, n - 2) && isConsonant(w, n - 1) &&
      'wxy'.indexOf(w[n - 1]) < 0;
  }
  var STEP2 = [['ational', 'ate'], ['tional', 'tion'], ['enci', 'ence'], ['anci', 'ance'],
    ['izer', 'ize'], ['abli', 'able'], ['alli', 'al'], ['entli', 'ent'], ['eli', 'e'], ['ousli', 'ous'],
    ['ization', 'ize'], ['ation', 'ate'], ['ator', 'ate'], ['alism', 'al'], ['iveness', 'ive'],
    ['fulness', 'ful'], ['ousness', 'ous'], ['aliti', 'al'], ['iviti', 'ive'], ['biliti', 'ble']];
  var STEP3 = [['icate', 'ic'], ['ative', ''], ['alize', 'al'], ['iciti', 'ic'], ['ical', 'ic'],
    ['ful', ''], ['ness', '']];
  var STEP4 = ['al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent', 'ion',
    'ou', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize'];

  function replaceSuffix(w, rules) {
    for (var i = 0; i < rules.length; i++) {
      if (w.endsWith(rules[i][0])) {
        var stem = w.slice(0, w.length - rules[i][0].length);
        return measure(stem) > 0 ? stem + rules[i][1] : w;
      }
    }
    return w;
  }

  function step4(w) {
    for (var i = 0; i < STEP4.length; i++) {
      if (w.endsWith(STEP4[i])) {
        var stem = w.slice(0, w.length - STEP4[i].length);
        var ionOk = STEP4[i] !== 'ion' || /[st]$/.test(stem);
        return measure(stem) > 1 && ionOk ? stem : w;
      }
    }
    return w;
  }

  function step5(w) {
    if (w.endsWith('e')) {
      var stem = w.slice(0, -1), m = measure(stem);
      if (m > 1 || (m === 1 && !endsCvc(stem))) w = stem;
    }
    if (measure(w) > 1 && endsDoubleConsonant(w) && w.endsWith('l')) w = w.slice(0, -1);
    return w;
  }

  // Porter's algorithm (english.rs); words under four letters are left alone.
  function porter(word) {
    if (word.length < 4 || !/^[a-z]+$/.test(word)) return word;
    var w = word;
    if (/(sses|ies)$/.test(w)) w = w.slice(0, -2);
    else if (!/ss$/.test(w) && /s$/.test(w)) w = w.slice(0, -1);
    if (/eed$/.test(w)) {
      if (measure(w.slice(0, -3)) > 0) w = w.slice(0, -1);
    } else {
      var n = /ed$/.test(w) ? 2 : /ing$/.test(w) ? 3 : 0;
      if (n && hasVowel(w.slice(0, -n))) {
        w = w.slice(0, -n);
        if (/(at|bl|iz)$/.test(w)) w += 'e';
        else if (endsDoubleConsonant(w) && 'lsz'.indexOf(w[w.length - 1]) < 0) w = w.slice(0, -1);
        else if (measure(w) === 1 && endsCvc(w)) w += 'e';
      }
    }
    if (w.length >= 2 && w[w.length - 1] === 'y' && hasVowel(w.slice(0, -1))) w = w.slice(0, -1) + 'i';
    return step5(step4(replaceSuffix(replaceSuffix(w, STEP2), STEP3)));
  }

  // ---- terms (terms.rs) ----
  function isAllHebrew(token) {
    for (var c of token) if (!isHebrewChar(c)) return false;
    return true;
  }

  // The terms a query token looks up, with weights (1 = as written).
  function queryForms(token) {
    if (isAllHebrew(token)) return hebrewQueryForms(token);
    var forms = [{ term: token, weight: 1 }];
    derive(token).forEach(function (d) { forms.push({ term: d, weight: 0.8 }); });
    return forms;
  }

  function derive(token) {
    if (isAllHebrew(token)) return hebrewVariants(token).filter(function (v) { return !isStopword(v); });
    var stem = porter(token);
    return stem !== token && stem.length >= 2 ? [stem] : [];
  }

  // Terms longer than this are not indexed (terms.rs MAX_TERM_CHARS).
  var MAX_TERM_CHARS = 64;
  function shortEnough(term) { return Array.from(term).length <= MAX_TERM_CHARS; }

  function tokens(text) {
    var out = [];
    words(normalize(text)).forEach(function (parts) {
      parts.forEach(function (t) { if (!isStopword(t) && shortEnough(t)) out.push(t); });
    });
    return out;
  }

  function derivedTerms(text) {
    var out = [];
    words(normalize(text)).forEach(function (parts) {
      var compound = parts.join('');
      if (parts.length > 1 && shortEnough(compound)) out.push(compound);
      parts.forEach(function (t) { if (!isStopword(t) && shortEnough(t)) out.push.apply(out, derive(t)); });
    });
    return out;
  }

  // Rust sorts strings by bytes (UTF-8), which is code point order; JS's
  // default sort compares UTF-16 units, which differs above U+FFFF.
  function codePointCompare(a, b) {
    var ai = Array.from(a), bi = Array.from(b);
    for (var i = 0; i < Math.min(ai.length, bi.length); i++) {
      var d = ai[i].codePointAt(0) - bi[i].codePointAt(0);
      if (d) return d;
    }
    return ai.length - bi.length;
  }

  function indexTerms(text) {
    var all = tokens(text).concat(derivedTerms(text));
    all.sort(codePointCompare);
    return all.filter(function (t, i) { return i === 0 || t !== all[i - 1]; });
  }

  global.yomonPipeline = {
    normalize: normalize, words: words, tokens: tokens, derive: derive,
    derivedTerms: derivedTerms, indexTerms: indexTerms, isStopword: isStopword,
    porter: porter, queryForms: queryForms, hebrewVariants: hebrewVariants, singulars: singulars, isAllHebrew: isAllHebrew,
    codePointCompare: codePointCompare, HEBREW_STOP: HEBREW_STOP, ENGLISH_STOP: ENGLISH_STOP
  };
})(typeof window !== 'undefined' ? window : globalThis);
