// yomon search engine: reads the index that src/search writes (formats in
// src/search/output.rs) and ranks reviews for a query, with the token
// pipeline of search-pipeline.js. No DOM: the page (search.js) gives it a
// `load(key, path)` that returns a data file's payload, so node tests can
// run it on files read from disk.
(function (global) {
  'use strict';

  // `P` is the pipeline (window.yomonPipeline); `load(key, path)` returns a
  // promise of what the data file at `path` (relative to the site root)
  // registered: key 'index', 's' + shard or 'd' + review.
  function createEngine(P, load) {
    var manifest = null;
    var shardData = {};
    var ready = null;

    function start() {
      if (!ready) {
        ready = load('index', 'search/index.js').then(function (m) {
          manifest = m;
          manifest.topicDocs = m.g.map(function (t) {
            var set = new Set(), doc = 0;
            t[3].forEach(function (step) { doc += step; set.add(doc); });
            return set;
          });
          return m;
        }).catch(function (error) { ready = null; throw error; });
      }
      return ready;
    }

    function dataPath(name) { return 'search/' + manifest.b + '/' + name + '.js'; }

    // ---- shards: contiguous ranges of the sorted terms ----
    var shardKeys = {};

    function shardOf(term) {
      var firsts = manifest.s, lo = 0, hi = firsts.length - 1;
      while (lo < hi) {
        var mid = (lo + hi + 1) >> 1;
        if (P.codePointCompare(firsts[mid], term) <= 0) lo = mid; else hi = mid - 1;
      }
      return lo;
    }

    // Shards holding `prefix` and every term that starts with it.
    function shardsForPrefix(prefix) {
      var first = shardOf(prefix), out = [first];
      for (var i = first + 1; i < manifest.s.length && manifest.s[i].startsWith(prefix); i++) out.push(i);
      return out;
    }

    function loadShard(i) {
      return load('s' + i, dataPath('s' + i)).then(function (terms) {
        shardData[i] = terms;
        if (!shardKeys[i]) shardKeys[i] = Object.keys(terms).sort(P.codePointCompare);
        return terms;
      });
    }

    function postings(term) {
      var terms = shardData[shardOf(term)];
      var flat = terms && Object.prototype.hasOwnProperty.call(terms, term) ? terms[term] : null;
      return flat;
    }

    function termsWithPrefix(prefix, limit) {
      var out = [];
      shardsForPrefix(prefix).forEach(function (i) {
        var keys = shardKeys[i] || [];
        var lo = 0, hi = keys.length;
        while (lo < hi) { var mid = (lo + hi) >> 1; if (P.codePointCompare(keys[mid], prefix) < 0) lo = mid + 1; else hi = mid; }
        for (var k = lo; k < keys.length && keys[k].startsWith(prefix) && out.length < limit; k++) {
          if (keys[k] !== prefix) out.push(keys[k]);
        }
      });
      return out;
    }

    // ---- queries ----
    var PREFIX = 0.5;    // a longer word the last, unfinished query word begins
    var PREFIX_LIMIT = 60;

    // Prefix search only where the beginning says enough: two Latin letters or
    // digits, four Hebrew letters ("מוח" must not find "מוחלט").
    function prefixAllowed(token) {
      return P.isAllHebrew(token) ? Array.from(token).length >= 4 : token.length >= 2;
    }

    function parseQuery(text) {
      var open = text.length > 0 && !/\s$/.test(text);
      var items = [];
      var words = P.words(P.normalize(text));
      words.forEach(function (parts, wi) {
        parts.forEach(function (token, pi) {
          var isLast = open && wi === words.length - 1 && pi === parts.length - 1;
          if (P.isStopword(token) && !isLast) return;
          var alts = P.queryForms(token);
          items.push({ token: token, alts: alts, prefix: isLast && prefixAllowed(token), stop: P.isStopword(token) });
        });
      });
      return items.filter(function (item) { return !item.stop || item.prefix; });
    }

    function neededShards(items) {
      var set = new Set();
      items.forEach(function (item) {
        item.alts.forEach(function (a) { set.add(shardOf(a.term)); });
        if (item.prefix) shardsForPrefix(item.token).forEach(function (i) { set.add(i); });
      });
      return Array.from(set);
    }

    // Completes the alternatives of an unfinished last word once its shards are in.
    function expandPrefixes(items) {
      items.forEach(function (item) {
        if (!item.prefix || item.expanded) return;
        item.expanded = true;
        var have = new Set(item.alts.map(function (a) { return a.term; }));
        termsWithPrefix(item.token, PREFIX_LIMIT).forEach(function (t) {
          if (!have.has(t)) item.alts.push({ term: t, weight: PREFIX, isPrefix: true });
        });
        if (item.stop) item.alts = item.alts.filter(function (a) { return a.isPrefix; });
      });
    }

    // Inverse of `quantize` in src/search/index.rs.
    var WEIGHTS = [];
    function weightOf(q) {
      return WEIGHTS[q] || (WEIGHTS[q] = (Math.exp(q / 12) - 1) / 100);
    }

    // Reviews containing all query words first, then by summed weight; a word
    // scores its best alternative. Ties go to the newer review (lower number).
    function rank(items, topic) {
      var score = new Map(), matched = new Map();
      var allowed = topic >= 0 ? manifest.topicDocs[topic] : null;
      items.forEach(function (item) {
        var best = new Map();
        item.alts.forEach(function (alt) {
          var flat = postings(alt.term);
          if (!flat) return;
          alt.found = true;
          for (var i = 0, doc = 0; i < flat.length; i += 2) {
            doc += flat[i];
            var s = alt.weight * weightOf(flat[i + 1]);
            if (!(best.get(doc) >= s)) best.set(doc, s);
          }
        });
        best.forEach(function (s, doc) {
          if (allowed && !allowed.has(doc)) return;
          score.set(doc, (score.get(doc) || 0) + s);
          // An unfinished stop word ("is" on the way to "issue") may add to
          // the score but does not make a review "contain all the words".
          matched.set(doc, (matched.get(doc) || 0) + (item.stop ? 0 : 1));
        });
      });
      return Array.from(score.keys()).sort(function (a, b) {
        return (matched.get(b) - matched.get(a)) || (score.get(b) - score.get(a)) || (a - b);
      });
    }

    // `topic` is a topic slug or '' for all.
    function search(text, topic) {
      return start().then(function () {
        var items = parseQuery(text);
        if (!items.length) return { items: items, docs: [] };
        var topicAt = topic ? manifest.g.findIndex(function (t) { return t[0] === topic; }) : -1;
        return Promise.all(neededShards(items).map(loadShard)).then(function () {
          expandPrefixes(items);
          return { items: items, docs: rank(items, topicAt) };
        });
      });
    }

    // ---- snippets ----
    var WORD = /[\p{L}\p{N}\p{M}'"\u05F3\u05F4\u2019.\-\u05BE]+/gu;
    var SKELETON_DROP = /[\p{M}\p{Cf}'"\u05F3\u05F4\u2019\u2018]/gu;
    var SNIPPET_WORDS = 28;

    // A review's words with a cheap approximation of their normal form, made
    // once per review: the full pipeline then runs only on words that could
    // match (the whole pipeline on every word costs ~20 us a word, too much
    // for ten results per keystroke).
    var wordCache = new Map();
    function wordsOf(text) {
      var cached = wordCache.get(text);
      if (cached) return cached;
      var words = [], m;
      WORD.lastIndex = 0;
      while ((m = WORD.exec(text))) {
        var skeleton = m[0].toLowerCase().replace(SKELETON_DROP, '')
          .replace(/[ךםןףץ]/g, function (c) { return P.normalize(c); });
        words.push({ start: m.index, end: m.index + m[0].length, skeleton: skeleton, terms: null });
      }
      wordCache.set(text, words);
      return words;
    }

    // Substrings a matching word must contain: every term a query can match
    // is the word itself, a tail of it (prefixes read off) or, for English
    // stems, its beginning give or take a final "e" ("filing" -> "file").
    function clues(items) {
      var out = [];
      items.forEach(function (item) {
        item.alts.forEach(function (a) {
          if (a.found && !a.isPrefix) out.push(a.term.length > 3 ? a.term.slice(0, -1) : a.term);
        });
        if (item.prefix) out.push(item.token);
      });
      return out;
    }

    function wordMatches(text, word, items, wordClues) {
      if (!wordClues.some(function (c) { return word.skeleton.indexOf(c) >= 0; })) return false;
      if (!word.terms) {
        var raw = text.slice(word.start, word.end);
        word.terms = P.indexTerms(raw);
        word.tokens = P.tokens(raw);
      }
      return items.some(function (item) {
        return item.alts.some(function (a) { return a.found && word.terms.indexOf(a.term) >= 0; }) ||
          (item.prefix && word.tokens.some(function (t) { return t.startsWith(item.token); }));
      });
    }

    // The window of the text with the most matched words: its words, each
    // {start, end, hit}, and whether text precedes or follows the window.
    function snippetWords(text, items) {
      var wordClues = clues(items);
      var words = wordsOf(text).map(function (w) {
        return { start: w.start, end: w.end, hit: wordMatches(text, w, items, wordClues) };
      });
      var bestStart = 0, bestHits = -1, hits = 0;
      for (var i = 0; i < words.length; i++) {
        if (words[i].hit) hits++;
        if (i >= SNIPPET_WORDS && words[i - SNIPPET_WORDS].hit) hits--;
        if (hits > bestHits) { bestHits = hits; bestStart = Math.max(0, i - SNIPPET_WORDS + 1); }
      }
      if (!words.length) return { words: [], before: false, after: false };
      // Start a few words before the first hit, so it has context.
      var firstHit = bestStart;
      while (firstHit < words.length && !words[firstHit].hit) firstHit++;
      var from = firstHit < words.length ? Math.max(0, firstHit - 6) : 0;
      var to = Math.min(words.length, from + SNIPPET_WORDS);
      return { words: words.slice(from, to), before: from > 0, after: to < words.length };
    }

    return {
      start: start,
      search: search,
      snippetWords: snippetWords,
      doc: function (i) { return load('d' + i, dataPath('d' + i)); },
      topics: function () { return manifest.g; },
      topicSize: function (i) { return manifest.topicDocs[i].size; },
      count: function () { return manifest ? manifest.n : 0; }
    };
  }

  global.yomonSearchEngine = createEngine;
})(typeof window !== 'undefined' ? window : globalThis);
