// yomon search client. Reads the index that src/search writes under search/
// (see src/search/output.rs for the file formats), with the token pipeline of
// search-pipeline.js, which matches the Rust one token for token.
//
// Everything loads through <script> tags relative to this script's own URL,
// so search works from file:// and under any sub-path, and only once search
// is used. Content text is only ever set with textContent.
(function () {
  'use strict';

  var script = document.currentScript;
  var scriptUrl = script && script.src ? script.src : location.href;
  var siteRoot = new URL('../', scriptUrl);

  // ---- loading: each data file calls one function of window.yomonSearch ----
  var loaded = {};
  var loading = {};
  window.yomonSearch = {
    index: function (manifest) { loaded.index = manifest; },
    shard: function (i, terms) { loaded['s' + i] = terms; },
    doc: function (i, doc) { loaded['d' + i] = doc; }
  };

  // Resolves with what the script registered (`registered()`, by default
  // loaded[key]) once it has run.
  function loadScript(key, url, registered) {
    var get = registered || function () { return loaded[key]; };
    if (get()) return Promise.resolve(get());
    if (!loading[key]) {
      loading[key] = new Promise(function (resolve, reject) {
        var el = document.createElement('script');
        el.src = url;
        el.async = true;
        el.onload = function () {
          if (get()) resolve(get());
          else reject(new Error('search data did not register: ' + url));
        };
        el.onerror = function () {
          delete loading[key];
          reject(new Error('could not load ' + url));
        };
        document.head.appendChild(el);
      });
    }
    return loading[key];
  }

  var P; // the pipeline, once loaded
  var ready = null;
  function loadIndex() {
    if (!ready) {
      var pipelineUrl = new URL('search-pipeline.js', scriptUrl).href;
      ready = loadScript('pipeline', pipelineUrl, function () { return window.yomonPipeline; })
        .then(function (pipeline) {
          P = pipeline;
          return loadScript('index', new URL('search/index.js', siteRoot).href);
        })
        .then(prepareManifest)
        .catch(function (error) { ready = null; throw error; });
    }
    return ready;
  }

  var manifest = null;
  function prepareManifest(m) {
    manifest = m;
    manifest.topicDocs = m.g.map(function (t) {
      var set = new Set(), doc = 0;
      t[3].forEach(function (step) { doc += step; set.add(doc); });
      return set;
    });
    return m;
  }

  function dataUrl(name) { return new URL('search/' + manifest.b + '/' + name + '.js', siteRoot).href; }

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
    return loadScript('s' + i, dataUrl('s' + i)).then(function (terms) {
      if (!shardKeys[i]) shardKeys[i] = Object.keys(terms).sort(P.codePointCompare);
      return terms;
    });
  }

  function postings(term) {
    var terms = loaded['s' + shardOf(term)];
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
        matched.set(doc, (matched.get(doc) || 0) + 1);
      });
    });
    return Array.from(score.keys()).sort(function (a, b) {
      return (matched.get(b) - matched.get(a)) || (score.get(b) - score.get(a)) || (a - b);
    });
  }

  // `topic` is a topic slug or '' for all.
  function search(text, topic) {
    return loadIndex().then(function () {
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

  // The window of the text with the most matched words, as text and <mark>s.
  function snippet(text, items) {
    var wordClues = clues(items);
    var words = wordsOf(text).map(function (w) {
      return { start: w.start, end: w.end, hit: wordMatches(text, w, items, wordClues) };
    });
    var bestStart = 0, bestHits = -1, hits = 0;
    for (var i = 0; i < words.length; i++) {
      if (words[i].hit) hits++;
      if (i >= SNIPPET_WORDS && words[i - SNIPPET_WORDS].hit) hits--;
      var start = Math.max(0, i - SNIPPET_WORDS + 1);
      if (hits > bestHits) { bestHits = hits; bestStart = start; }
    }
    var p = document.createElement('p');
    p.className = 'search-snippet';
    if (!words.length) return p;
    // Start a few words before the first hit, so it has context.
    var firstHit = bestStart;
    while (firstHit < words.length && !words[firstHit].hit) firstHit++;
    var from = firstHit < words.length ? Math.max(0, firstHit - 6) : 0;
    var to = Math.min(words.length, from + SNIPPET_WORDS);
    var pos = words[from].start;
    if (from > 0) p.appendChild(document.createTextNode('… '));
    for (var k = from; k < to; k++) {
      var w = words[k];
      p.appendChild(document.createTextNode(text.slice(pos, w.start)));
      if (w.hit) {
        var mark = document.createElement('mark');
        mark.textContent = text.slice(w.start, w.end);
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(text.slice(w.start, w.end)));
      }
      pos = w.end;
    }
    if (to < words.length) p.appendChild(document.createTextNode(' …'));
    return p;
  }

  // ---- the page ----
  var PAGE_SIZE = 10;
  var HEBREW_CHAR = /[\u0590-\u05FF]/;

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function formatDate(iso) {
    var parts = iso.split('-');
    return parts[2] + '.' + parts[1] + '.' + parts[0];
  }

  function renderResult(doc, items, tag) {
    var item = el(tag, 'search-result');
    var link = el('a', 'search-result-link');
    link.href = new URL(doc.u, siteRoot).href;
    var title = el('span', 'search-result-title', doc.t);
    if (!HEBREW_CHAR.test(doc.t)) { title.lang = 'en'; title.dir = 'ltr'; }
    link.appendChild(title);
    var heading = el('h2', 'search-result-heading');
    heading.appendChild(link);
    item.appendChild(heading);
    if (doc.h) item.appendChild(el('p', 'search-result-headline', doc.h));
    var meta = el('p', 'search-result-meta');
    var time = el('time', null, formatDate(doc.d));
    time.dateTime = doc.d;
    meta.appendChild(time);
    doc.g.forEach(function (t) {
      var topic = manifest.g[t];
      if (!topic) return;
      meta.appendChild(document.createTextNode(' · '));
      var a = el('a', 'search-result-topic', topic[1]);
      a.href = new URL('tags/' + topic[0] + '.html', siteRoot).href;
      meta.appendChild(a);
    });
    item.appendChild(meta);
    item.appendChild(snippet(doc.x, items));
    return item;
  }

  function init() {
    var input = document.getElementById('search-input');
    var results = document.getElementById('search-results');
    if (!input || !results) return;
    var filters = document.getElementById('search-filters');
    var form = input.form;
    var status = document.getElementById('search-status');
    if (!status) {
      status = el('p', 'search-status');
      status.id = 'search-status';
      results.parentNode.insertBefore(status, results);
    }
    status.setAttribute('role', 'status');
    status.setAttribute('aria-live', 'polite');
    results.setAttribute('aria-labelledby', 'search-status');
    var itemTag = /^(OL|UL)$/.test(results.tagName) ? 'li' : 'article';

    var params = new URLSearchParams(location.search);
    input.value = params.get('q') || '';
    var wantedTopic = params.get('topic') || '';
    var select = null;
    var shown = [];
    var more = null;
    var generation = 0;
    var timer = null;

    function buildFilters() {
      if (!filters || select) return;
      var label = el('label', null, 'נושא: ');
      select = el('select');
      select.id = 'search-topic';
      label.htmlFor = 'search-topic';
      select.appendChild(new Option('כל הנושאים', ''));
      manifest.g.forEach(function (t) {
        var option = new Option(t[1] + ' (' + manifest.topicDocs[manifest.g.indexOf(t)].size + ')', t[0]);
        option.title = t[2];
        select.appendChild(option);
      });
      select.value = wantedTopic;
      select.addEventListener('change', function () { run(); });
      filters.appendChild(label);
      filters.appendChild(select);
    }

    function syncUrl(text) {
      var p = new URLSearchParams(location.search);
      if (text) p.set('q', text); else p.delete('q');
      var topic = select ? select.value : wantedTopic;
      if (topic) p.set('topic', topic); else p.delete('topic');
      var query = p.toString();
      try {
        history.replaceState(null, '', location.pathname + (query ? '?' + query : '') + location.hash);
      } catch (e) { /* some file:// setups refuse; the results still show */ }
    }

    function showPage(ranked, items, from, mine) {
      var page = ranked.slice(from, from + PAGE_SIZE);
      return Promise.all(page.map(function (d) { return loadScript('d' + d, dataUrl('d' + d)); })).then(function (docs) {
        if (mine !== generation) return;
        docs.forEach(function (doc) { results.appendChild(renderResult(doc, items, itemTag)); });
        shown = ranked;
        if (more) { more.remove(); more = null; }
        if (from + PAGE_SIZE < ranked.length) {
          more = el('button', 'search-more', 'עוד תוצאות');
          more.type = 'button';
          more.addEventListener('click', function () {
            var focusAt = results.querySelectorAll('.search-result-link').length;
            showPage(ranked, items, from + PAGE_SIZE, mine).then(function () {
              var links = results.querySelectorAll('.search-result-link');
              if (links[focusAt]) links[focusAt].focus();
            });
          });
          results.parentNode.insertBefore(more, results.nextSibling);
        }
      });
    }

    function run() {
      var text = input.value;
      var mine = ++generation;
      syncUrl(text.trim() ? text : '');
      if (!text.trim()) {
        results.replaceChildren();
        if (more) { more.remove(); more = null; }
        status.textContent = '';
        results.setAttribute('data-query', '');
        return Promise.resolve();
      }
      var started = performance.now();
      return search(text, select ? select.value : wantedTopic).then(function (found) {
        if (mine !== generation) return;
        buildFilters();
        window.yomonSearch.lastSearchMs = performance.now() - started;
        results.replaceChildren();
        status.textContent = found.docs.length
          ? 'נמצאו ' + found.docs.length + ' תוצאות'
          : 'לא נמצאו תוצאות עבור "' + text.trim() + '"';
        return showPage(found.docs, found.items, 0, mine);
      }).then(function () {
        if (mine === generation) {
          window.yomonSearch.lastRenderMs = performance.now() - started;
          results.setAttribute('data-query', text);
        }
      }).catch(function (error) {
        if (mine !== generation) return;
        status.textContent = 'החיפוש לא נטען: ' + error.message;
      });
    }

    function schedule() {
      clearTimeout(timer);
      timer = setTimeout(run, 60);
    }

    input.addEventListener('input', schedule);
    input.addEventListener('focus', function () { loadIndex().then(buildFilters).catch(function () {}); }, { once: true });
    if (form) {
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        clearTimeout(timer);
        run().then(function () {
          var first = results.querySelector('.search-result-link');
          if (first) first.focus();
        });
      });
    }

    // Arrow keys move between the input and the result links; Enter on a
    // link follows it (the browser's own behaviour for links).
    document.addEventListener('keydown', function (event) {
      if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
      var links = Array.prototype.slice.call(results.querySelectorAll('.search-result-link'));
      var at = links.indexOf(document.activeElement);
      if (document.activeElement !== input && at < 0) return;
      event.preventDefault();
      if (event.key === 'ArrowDown') {
        if (at < links.length - 1) links[at + 1].focus();
      } else if (at > 0) {
        links[at - 1].focus();
      } else if (at === 0) {
        input.focus();
      }
    });

    if (input.value.trim()) run();
    window.yomonSearch.run = run;
  }

  // For benchmarks and tests: the ranked review numbers of a query, and
  // the reviews' result data.
  window.yomonSearch.query = function (text, topic) { return search(text, topic || ''); };
  window.yomonSearch.reviewCount = function () { return manifest ? manifest.n : 0; };
  window.yomonSearch.loadReview = function (i) { return loadScript('d' + i, dataUrl('d' + i)); };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
