// yomon search engine: reads the index that src/search writes (formats in
// src/search/output.rs) and ranks reviews for a query, with the token
// pipeline of search-pipeline.js. No DOM: the page (search.js) gives it a
// `load(key, path)` that returns a data file's payload, so node tests can
// run it on files read from disk.
(function (global) {
  'use strict';

  // `P` is the pipeline (window.yomonPipeline); `load(key, path)` returns a
  // promise of what the data file at `path` (relative to the site root)
  // registered: key 'index', 's' + shard name, 'v' + vocabulary chunk
  // name, or 'd' + review (+ '-' + part of its text).
  // A shard's or vocabulary chunk's file name from its first term: FNV-1a
  // over the term's UTF-8 bytes from two starting points, 64 bits in hex
  // (`term_name` in src/search/output.rs).
  function termName(term) {
    var bytes = [];
    for (var ch of term) {
      var c = ch.codePointAt(0);
      if (c < 0x80) bytes.push(c);
      else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 63));
      else if (c < 0x10000) bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      else bytes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    }
    function fnv(h) {
      for (var i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
      return ('0000000' + (h >>> 0).toString(16)).slice(-8);
    }
    return fnv(0x811c9dc5) + fnv(0x2f4a9e37);
  }

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

    // Shards and vocabulary chunks are named after their first term
    // (`termName`), result files after their review's number; the build id
    // as a query makes a new build's files new to the browser's cache.
    function dataPath(name) { return 'search/' + name + '.js?v=' + manifest.b; }
    var shardNames = [], vocabularyNames = [];
    function shardFile(i) { return shardNames[i] || (shardNames[i] = 's' + termName(manifest.s[i])); }
    function vocabularyFile(i) { return vocabularyNames[i] || (vocabularyNames[i] = 'v' + termName(manifest.w[i])); }

    // ---- shards: contiguous ranges of the sorted terms ----
    var shardKeys = {};

    // The last of `firsts` (sorted first terms of files) at or before `term`.
    function fileOf(firsts, term) {
      var lo = 0, hi = firsts.length - 1;
      while (lo < hi) {
        var mid = (lo + hi + 1) >> 1;
        if (P.codePointCompare(firsts[mid], term) <= 0) lo = mid; else hi = mid - 1;
      }
      return lo;
    }

    function shardOf(term) { return fileOf(manifest.s, term); }

    // Files holding `prefix` and every term that starts with it.
    function filesForPrefix(firsts, prefix) {
      var first = fileOf(firsts, prefix), out = [first];
      for (var i = first + 1; i < firsts.length && firsts[i].startsWith(prefix); i++) out.push(i);
      return out;
    }
    function shardsForPrefix(prefix) { return filesForPrefix(manifest.s, prefix); }

    function loadShard(i) {
      if (shardData[i]) return Promise.resolve(shardData[i]);
      return load(shardFile(i), dataPath(shardFile(i))).then(function (terms) {
        shardData[i] = terms;
        if (!shardKeys[i]) shardKeys[i] = Object.keys(terms).sort(P.codePointCompare);
        return terms;
      });
    }

    // A term's list: [review delta, weight, ..., "positions"].
    function postings(term) {
      var terms = shardData[shardOf(term)];
      var flat = terms && Object.prototype.hasOwnProperty.call(terms, term) ? terms[term] : null;
      return flat;
    }

    // Where the term of list `flat` stands in its k-th review: token
    // numbers, ascending (src/search/output.rs writes them).
    function positionsAt(flat, k) {
      var last = flat[flat.length - 1];
      if (typeof last !== 'string') return [];
      if (!flat.segments) flat.segments = last.split(';');
      var out = [], at = 0, parts = (flat.segments[k] || '').split(',');
      for (var i = 0; i < parts.length; i++) {
        if (!parts[i]) continue;
        at += parseInt(parts[i], 36);
        out.push(at);
      }
      return out;
    }

    function termsWithPrefix(prefix, limit) {
      var out = [];
      shardsForPrefix(prefix).slice(0, PREFIX_SHARDS).forEach(function (i) {
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
    var PREFIX_SHARDS = 2;
    var COMMON_SHARE = 4; // a word in 1/COMMON_SHARE of the reviews is common
    var TYPO = 0.3;      // a near spelling of a word that found nothing

    // Prefix search only where the beginning says enough: two Latin letters or
    // digits, four Hebrew letters ("מוח" must not find "מוחלט").
    function prefixAllowed(token) {
      return P.isAllHebrew(token) ? Array.from(token).length >= 4 : token.length >= 2;
    }

    // The query's quoted and unquoted stretches: a quote mark opens or
    // closes a phrase only at a word's edge, so gershayim inside a word
    // ("בד"כ") stay part of it. An unclosed quote runs to the end.
    var QUOTE = /["\u201C\u201D\u201E\u05F4]/;
    function segments(text) {
      var out = [], current = '', quoted = false, chars = Array.from(text);
      for (var i = 0; i < chars.length; i++) {
        var c = chars[i];
        var before = i === 0 || /\s/.test(chars[i - 1]);
        var after = i === chars.length - 1 || /\s/.test(chars[i + 1]);
        if (QUOTE.test(c) && (quoted ? after || before : before)) {
          out.push({ text: current, phrase: quoted });
          current = '';
          quoted = !quoted;
        } else {
          current += c;
        }
      }
      out.push({ text: current, phrase: quoted, open: true });
      return out.filter(function (s) { return s.text.trim() || s.open; });
    }

    function parseQuery(text) {
      var open = text.length > 0 && !/[\s"\u201C\u201D\u201E\u05F4]$/.test(text);
      var items = [];
      var parts = segments(text);
      parts.forEach(function (segment, si) {
        var words = P.words(P.normalize(segment.text));
        var group = segment.phrase ? si : -1;
        words.forEach(function (wordParts, wi) {
          wordParts.forEach(function (token, pi) {
            var isLast = open && si === parts.length - 1 && wi === words.length - 1 && pi === wordParts.length - 1;
            if (P.isStopword(token) && !isLast) return;
            var alts = P.queryForms(token);
            items.push({
              token: token, alts: alts, group: group,
              prefix: isLast && prefixAllowed(token), stop: P.isStopword(token)
            });
          });
        });
      });
      return items.filter(function (item) { return !item.stop || item.prefix; });
    }

    // The shards a query needs: with `written` only those of its words as
    // typed (and of an unfinished word's completions), else of every form.
    function neededShards(items, written) {
      var set = new Set();
      items.forEach(function (item) {
        item.alts.forEach(function (a) { if (!written || a.weight >= 1) set.add(shardOf(a.term)); });
        // The first PREFIX_LIMIT completions sort right after the prefix:
        // two shards hold them, however many shards the prefix spans.
        if (item.prefix) shardsForPrefix(item.token).slice(0, PREFIX_SHARDS).forEach(function (i) { set.add(i); });
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

    // ---- typos ----
    // Edit distance with adjacent transpositions ("trasnformer"), or
    // max + 1 once it must exceed `max`.
    function editDistance(a, b, max) {
      if (Math.abs(a.length - b.length) > max) return max + 1;
      var prev2 = null, prev = [], i, j;
      for (j = 0; j <= b.length; j++) prev.push(j);
      for (i = 1; i <= a.length; i++) {
        var row = [i], best = i;
        for (j = 1; j <= b.length; j++) {
          var d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
          if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
          row.push(d);
          if (d < best) best = d;
        }
        if (best > max) return max + 1;
        prev2 = prev; prev = row;
      }
      return prev[b.length];
    }

    // How far a word may be from what the reader meant: never for short
    // words (too many neighbours), 1 from four letters, 2 from eight.
    function typoReach(token) {
      var n = Array.from(token).length;
      if (n < 4 || /\d/.test(token)) return 0;
      return n >= 8 ? 2 : 1;
    }

    function loadVocabulary(i) { return load(vocabularyFile(i), dataPath(vocabularyFile(i))); }

    // The vocabulary chunks a word's near spellings can be in: those of the
    // terms with its first letter, unless that is more than TYPO_CHUNKS
    // (a large archive), then those with the two letters it begins with as
    // typed, with the first and third (a letter added second) and swapped
    // (the first two typed the wrong way round).
    var TYPO_CHUNKS = 6;
    function typoHeads(chars) {
      if (filesForPrefix(manifest.w, chars[0]).length <= TYPO_CHUNKS) return [chars[0]];
      var heads = [chars[0] + chars[1], chars[1] + chars[0]];
      if (chars.length > 2) heads.push(chars[0] + chars[2]);
      return heads;
    }

    // Words that found nothing look for near spellings among the index's
    // terms that begin like them (so a few small vocabulary chunks load,
    // not every shard); the nearest few join the word's alternatives,
    // weaker than any exact match.
    function addTypos(items) {
      var wanted = items.filter(function (item) {
        return typoReach(item.token) > 0 && !item.alts.some(function (a) { return a.found; });
      });
      if (!wanted.length || !manifest.w || !manifest.w.length) return Promise.resolve();
      return Promise.all(wanted.map(function (item) {
        var heads = typoHeads(Array.from(item.token));
        var chunkSet = new Set();
        heads.forEach(function (h) { filesForPrefix(manifest.w, h).forEach(function (i) { chunkSet.add(i); }); });
        return Promise.all(Array.from(chunkSet).map(loadVocabulary)).then(function (chunks) {
          var reach = typoReach(item.token), near = [], seen = new Set();
          chunks.forEach(function (chunk) {
            chunk.split('\n').forEach(function (term) {
              if (term === item.token || seen.has(term)) return;
              if (!heads.some(function (h) { return term.startsWith(h); })) return;
              seen.add(term);
              var d = editDistance(Array.from(item.token), Array.from(term), reach);
              if (d <= reach) near.push({ term: term, d: d });
            });
          });
          near.sort(function (a, b) { return a.d - b.d || Math.abs(a.term.length - item.token.length) - Math.abs(b.term.length - item.token.length); });
          var closest = near.length ? near[0].d : 0;
          item.typos = near.filter(function (n) { return n.d === closest; }).slice(0, 3).map(function (n) { return n.term; });
          // Each near spelling with its own forms ("hallucination" also
          // finds "hallucinations" through its stem).
          var have = new Set(item.alts.map(function (a) { return a.term; }));
          item.typos.forEach(function (t) {
            P.queryForms(t).forEach(function (form) {
              if (have.has(form.term)) return;
              have.add(form.term);
              item.alts.push({ term: form.term, weight: TYPO * form.weight, isTypo: true });
            });
          });
          var shards = new Set();
          item.alts.forEach(function (a) { if (a.isTypo) shards.add(shardOf(a.term)); });
          return Promise.all(Array.from(shards).map(loadShard));
        });
      }));
    }

    // Inverse of `quantize` in src/search/index.rs.
    var WEIGHTS = [];
    function weightOf(q) {
      return WEIGHTS[q] || (WEIGHTS[q] = (Math.exp(q / 12) - 1) / 100);
    }

    // BM25's inverse document frequency of a term that `df` of the reviews
    // hold: the index leaves it out of the weights (src/search/index.rs
    // `weights`), so that an edit changes only the lists of its own terms.
    function idf(df) {
      var n = manifest.n;
      return Math.log(1 + (n - df + 0.5) / (df + 0.5));
    }

    // ---- nearness ----
    var NEAR = 1.5;           // how much words standing together multiply a score
    var NEAR_CANDIDATES = 150; // reviews whose positions are read, best first

    // Where item `item` stands in review `doc`: its alternatives' positions.
    function itemPositions(item, doc) {
      var spots = item.where.get(doc) || [], all = [];
      spots.forEach(function (spot) { all.push.apply(all, positionsAt(spot[0], spot[1])); });
      return all.sort(function (a, b) { return a - b; });
    }

    // Whether the lists, in order, hold p, p + 1, p + 2, ...
    function formsPhrase(lists) {
      if (lists.some(function (l) { return !l.length; })) return false;
      var sets = lists.map(function (l) { return new Set(l); });
      return lists[0].some(function (p) {
        for (var k = 1; k < sets.length; k++) if (!sets[k].has(p + k)) return false;
        return true;
      });
    }

    // 1 when the words form the phrase; else how close each next word stands
    // to the one before, averaged: in order next to it 0.6, within three
    // words 0.3, within ten 0.1.
    function nearness(lists) {
      if (lists.length < 2) return 0;
      if (formsPhrase(lists)) return 1;
      var sum = 0;
      for (var k = 1; k < lists.length; k++) {
        var a = lists[k - 1], b = lists[k], i = 0, j = 0, best = Infinity, inOrder = false;
        while (i < a.length && j < b.length) {
          var d = b[j] - a[i];
          if (d === 1) inOrder = true;
          if (Math.abs(d) < best) best = Math.abs(d);
          if (a[i] < b[j]) i++; else j++;
        }
        sum += inOrder ? 0.6 : best <= 3 ? 0.3 : best <= 10 ? 0.1 : 0;
      }
      return sum / (lists.length - 1);
    }

    // ---- ranking ----
    // The reviews the filters allow: a Set, or null for all.
    function allowedDocs(filters) {
      var allowed = null;
      function keep(set) {
        if (!allowed) { allowed = set; return; }
        var both = new Set();
        allowed.forEach(function (d) { if (set.has(d)) both.add(d); });
        allowed = both;
      }
      if (filters.topic) {
        var t = manifest.g.findIndex(function (g) { return g[0] === filters.topic; });
        keep(t >= 0 ? manifest.topicDocs[t] : new Set());
      }
      if (filters.year) {
        var year = (manifest.y || []).find(function (y) { return String(y[0]) === String(filters.year); });
        var set = new Set();
        if (year) for (var d = year[1]; d < year[1] + year[2]; d++) set.add(d);
        keep(set);
      }
      return allowed;
    }

    // Reviews containing all query words first, then by summed weight (a word
    // scores its best alternative) times nearness; quoted phrases must stand
    // in order. Ties go to the newer review (higher number: reviews are
    // numbered oldest first). With `byDate`,
    // newest first among those with the most words.
    function rank(items, allowed, byDate) {
      var score = new Map(), matched = new Map();
      items.forEach(function (item) {
        var best = new Map();
        item.where = new Map();
        item.alts.forEach(function (alt) {
          var flat = postings(alt.term);
          if (!flat) return;
          alt.found = true;
          var rarity = alt.weight * idf(flat.length >> 1);
          for (var i = 0, k = 0, doc = 0; i + 1 < flat.length; i += 2, k++) {
            doc += flat[i];
            if (allowed && !allowed.has(doc)) continue;
            var s = rarity * weightOf(flat[i + 1]);
            if (!(best.get(doc) >= s)) best.set(doc, s);
            var spots = item.where.get(doc);
            if (!spots) item.where.set(doc, spots = []);
            spots.push([flat, k]);
          }
        });
        best.forEach(function (s, doc) {
          score.set(doc, (score.get(doc) || 0) + s);
          // An unfinished stop word ("is" on the way to "issue") may add to
          // the score but does not make a review "contain all the words".
          matched.set(doc, (matched.get(doc) || 0) + (item.stop ? 0 : 1));
        });
      });
      var docs = Array.from(score.keys());
      var words = items.filter(function (i) { return !i.stop; }).length;
      var groups = {};
      items.forEach(function (item) { if (item.group >= 0) (groups[item.group] = groups[item.group] || []).push(item); });
      var phrases = Object.keys(groups).map(function (g) { return groups[g]; }).filter(function (g) { return g.length > 1; });
      if (phrases.length) {
        // A quoted phrase is a condition: its words in order, side by side.
        docs = docs.filter(function (doc) {
          return phrases.every(function (group) {
            return formsPhrase(group.map(function (item) { return itemPositions(item, doc); }));
          });
        });
      }
      var byScore = function (a, b) {
        return (matched.get(b) - matched.get(a)) || (score.get(b) - score.get(a)) || (b - a);
      };
      docs.sort(byScore);
      if (words > 1) {
        // Nearness re-weighs the best reviews that hold every word.
        var near = docs.slice(0, NEAR_CANDIDATES).filter(function (d) { return matched.get(d) === words; });
        var plain = items.filter(function (i) { return !i.stop; });
        near.forEach(function (doc) {
          var lists = plain.map(function (item) { return itemPositions(item, doc); });
          score.set(doc, score.get(doc) * (1 + NEAR * nearness(lists)));
        });
        docs.sort(byScore);
      }
      if (byDate) {
        docs.sort(function (a, b) { return (matched.get(b) - matched.get(a)) || (b - a); });
      }
      return docs;
    }

    // `filters`: a topic slug, or {topic, year, sort: 'date' | ''}.
    function search(text, filters) {
      filters = typeof filters === 'string' ? { topic: filters } : (filters || {});
      return start().then(function () {
        var items = parseQuery(text);
        var allowed = allowedDocs(filters);
        if (!items.length) {
          // No words: a filter alone lists its reviews, newest first.
          var listed = allowed ? Array.from(allowed).sort(function (a, b) { return b - a; }) : [];
          return { items: items, docs: listed, also: [] };
        }
        // Words as typed first. A word that a quarter of the reviews hold
        // as typed is too common for its other forms (plural, singular,
        // prefixes read off) to change which reviews come first; leaving
        // them out keeps a query of common words from loading their long
        // lists, which grow with the archive. Rarer words then load their
        // other forms.
        return Promise.all(neededShards(items, true).map(loadShard)).then(function () {
          items.forEach(function (item) {
            var df = 0;
            item.alts.forEach(function (a) {
              var flat = a.weight >= 1 ? postings(a.term) : null;
              if (flat) df = Math.max(df, flat.length >> 1);
            });
            if (df * COMMON_SHARE >= manifest.n) {
              item.alts = item.alts.filter(function (a) { return a.weight >= 1; });
            }
          });
          return Promise.all(neededShards(items, false).map(loadShard));
        }).then(function () {
          expandPrefixes(items);
          items.forEach(function (item) {
            item.alts.forEach(function (alt) { if (postings(alt.term)) alt.found = true; });
          });
          return addTypos(items);
        }).then(function () {
          var docs = rank(items, allowed, filters.sort === 'date');
          var also = [];
          items.forEach(function (item) {
            (item.typos || []).forEach(function (t) { if (also.indexOf(t) < 0) also.push(t); });
          });
          return { items: items, docs: docs, also: also };
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

    // ---- result files: a review's text in parts ----
    // The part of review `doc`'s text its snippet should come from: the one
    // holding the most query words (then the most matches), by the body
    // positions in the shards (src/search/chunks.rs); part 0 without any.
    function bestPart(doc, items) {
      if (!manifest.c || !items.length) return 0;
      var words = new Map(), hits = new Map();
      items.forEach(function (item, n) {
        if (!item.where) return;
        (item.where.get(doc) || []).forEach(function (spot) {
          positionsAt(spot[0], spot[1]).forEach(function (p) {
            if (p >= manifest.m) return;
            var part = Math.floor(p / manifest.c);
            if (!words.has(part)) words.set(part, new Set());
            words.get(part).add(n);
            hits.set(part, (hits.get(part) || 0) + 1);
          });
        });
      });
      var best = 0, bestWords = 0, bestHits = 0;
      words.forEach(function (set, part) {
        var better = set.size > bestWords || (set.size === bestWords && (hits.get(part) > bestHits || (hits.get(part) === bestHits && part < best)));
        if (better) { best = part; bestWords = set.size; bestHits = hits.get(part); }
      });
      return best;
    }

    function docFor(doc, items) {
      var part = bestPart(doc, items || []);
      var key = part ? 'd' + doc + '-' + part : 'd' + doc;
      return load(key, dataPath(key));
    }

    return {
      start: start,
      search: search,
      snippetWords: snippetWords,
      doc: function (i) { return load('d' + i, dataPath('d' + i)); },
      docFor: docFor,
      topics: function () { return manifest.g; },
      years: function () { return (manifest.y || []).map(function (y) { return [y[0], y[2]]; }); },
      editDistance: editDistance,
      parseQuery: parseQuery,
      topicSize: function (i) { return manifest.topicDocs[i].size; },
      count: function () { return manifest ? manifest.n : 0; }
    };
  }

  createEngine.termName = termName;
  global.yomonSearchEngine = createEngine;
})(typeof window !== 'undefined' ? window : globalThis);
