// yomon search page: the search box, filters and results of search.html.
// The engine (search-engine.js) ranks; the pipeline (search-pipeline.js)
// tokenizes exactly like the Rust indexer.
//
// Everything loads through <script> tags relative to this script's own URL,
// so search works from file:// and under any sub-path, and only once search
// is used. Content text is only ever set with textContent.
(function () {
  'use strict';

  var script = document.currentScript;
  var scriptUrl = script && script.src ? script.src : location.href;
  var siteRoot = new URL('../', scriptUrl);
  // Where a topic's page is, from the build (src/urls.rs), not spelt here.
  var topicUrl = document.getElementById('search-results').dataset.topicUrl;

  // ---- loading: each data file calls one function of window.yomonSearch ----
  var registered = {};
  var loading = {};
  window.yomonSearch = {
    index: function (manifest) { registered.index = manifest; },
    shard: function (i, terms) { registered['s' + i] = terms; },
    vocab: function (i, terms) { registered['v' + i] = terms; },
    // `key`: 'dN' for part 0 of review N's text, 'dN-P' for part P.
    doc: function (key, doc) { registered[key] = doc; }
  };

  // Runs the script at `url` once; resolves with what `get()` finds after.
  function loadScript(key, url, get) {
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

  function loadData(key, path) {
    return loadScript(key, new URL(path, siteRoot).href, function () { return registered[key]; });
  }

  // The pipeline and the engine, then the manifest: on first use only.
  var engine = null;
  var engineReady = null;
  function useEngine() {
    if (!engineReady) {
      var code = function (name, global) {
        return loadScript(name, new URL(name, scriptUrl).href, function () { return window[global]; });
      };
      engineReady = Promise.all([code('search-pipeline.js', 'yomonPipeline'), code('search-engine.js', 'yomonSearchEngine')])
        .then(function (loaded) {
          engine = engine || loaded[1](loaded[0], loadData);
          return engine.start();
        })
        .then(function () { return engine; })
        .catch(function (error) { engineReady = null; throw error; });
    }
    return engineReady;
  }

  function search(text, filters) {
    return useEngine().then(function (e) { return e.search(text, filters); });
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

  // A result links to its review with the query, so the review page
  // (search-highlight.js) marks the words; near spellings go along.
  function reviewHref(doc, query) {
    var url = new URL(doc.u, siteRoot);
    if (query.text.trim()) url.searchParams.set('q', query.text.trim());
    if (query.also.length) url.searchParams.set('also', query.also.join(' '));
    return url.href;
  }

  function renderResult(doc, items, tag, query) {
    var item = el(tag, 'search-result');
    var link = el('a', 'search-result-link');
    link.href = reviewHref(doc, query);
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
      var topic = engine.topics()[t];
      if (!topic) return;
      meta.appendChild(document.createTextNode(' · '));
      var a = el('a', 'search-result-topic', topic[1]);
      a.href = new URL(topicUrl.replace('{slug}', topic[0]), siteRoot).href;
      meta.appendChild(a);
    });
    item.appendChild(meta);
    item.appendChild(snippet(doc.x, items, doc.p || 0, doc.k || 1));
    return item;
  }

  // The snippet as text nodes and <mark>s around the matched words.
  function snippet(text, items, part, parts) {
    var p = el('p', 'search-snippet');
    var found = engine.snippetWords(text, items);
    if (!found.words.length) return p;
    var pos = found.words[0].start;
    if (found.before || part > 0) p.appendChild(document.createTextNode('… '));
    found.words.forEach(function (w) {
      p.appendChild(document.createTextNode(text.slice(pos, w.start)));
      if (w.hit) p.appendChild(el('mark', null, text.slice(w.start, w.end)));
      else p.appendChild(document.createTextNode(text.slice(w.start, w.end)));
      pos = w.end;
    });
    if (found.after || part < parts - 1) p.appendChild(document.createTextNode(' …'));
    return p;
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
    // Near spellings the search also looked for ("גם: transformer").
    var also = document.getElementById('search-also');
    if (!also) {
      also = el('p', 'search-also');
      also.id = 'search-also';
      results.parentNode.insertBefore(also, results);
    }
    function showAlso(terms) {
      also.replaceChildren();
      if (!terms.length) return;
      also.appendChild(document.createTextNode('גם: '));
      terms.forEach(function (t, i) {
        if (i) also.appendChild(document.createTextNode(', '));
        var b = el('bdi', null, t);
        if (!HEBREW_CHAR.test(t)) b.lang = 'en';
        also.appendChild(b);
      });
    }
    status.setAttribute('role', 'status');
    status.setAttribute('aria-live', 'polite');
    // The status line announces the count; the list itself is not live,
    // or a screen reader would read every result on every keystroke.
    results.removeAttribute('aria-live');
    var itemTag = /^(OL|UL)$/.test(results.tagName) ? 'li' : 'article';

    var params = new URLSearchParams(location.search);
    input.value = params.get('q') || '';
    var wanted = { topic: params.get('topic') || '', year: params.get('year') || '', sort: params.get('sort') || '' };
    var select = null, yearSelect = null, sortSelect = null;
    var more = null;
    var generation = 0;
    var timer = null;

    function addSelect(id, label, options, value) {
      var l = el('label', null, label);
      var s = el('select');
      s.id = id;
      l.htmlFor = id;
      options.forEach(function (o) { s.appendChild(o); });
      s.value = value;
      s.addEventListener('change', function () { run(); });
      filters.appendChild(l);
      filters.appendChild(s);
      return s;
    }

    function buildFilters() {
      if (!filters || select) return;
      var topics = [new Option('כל הנושאים', '')].concat(engine.topics().map(function (t, i) {
        var option = new Option(t[1] + ' (' + engine.topicSize(i) + ')', t[0]);
        option.title = t[2];
        return option;
      }));
      select = addSelect('search-topic', 'נושא: ', topics, wanted.topic);
      var years = [new Option('כל השנים', '')].concat(engine.years().map(function (y) {
        return new Option(y[0] + ' (' + y[1] + ')', String(y[0]));
      }));
      yearSelect = addSelect('search-year', 'שנה: ', years, wanted.year);
      sortSelect = addSelect('search-sort', 'סדר: ',
        [new Option('לפי התאמה', ''), new Option('לפי תאריך, חדשות קודם', 'date')], wanted.sort);
    }

    // The filters as chosen, or as the URL gave them before the menus exist.
    function currentFilters() {
      return {
        topic: select ? select.value : wanted.topic,
        year: yearSelect ? yearSelect.value : wanted.year,
        sort: sortSelect ? sortSelect.value : wanted.sort
      };
    }

    function syncUrl(text) {
      var p = new URLSearchParams(location.search);
      if (text) p.set('q', text); else p.delete('q');
      var chosen = currentFilters();
      ['topic', 'year', 'sort'].forEach(function (key) {
        if (chosen[key]) p.set(key, chosen[key]); else p.delete(key);
      });
      var query = p.toString();
      try {
        history.replaceState(null, '', location.pathname + (query ? '?' + query : '') + location.hash);
      } catch (e) { /* some file:// setups refuse; the results still show */ }
    }

    function showPage(ranked, items, from, mine, query) {
      var page = ranked.slice(from, from + PAGE_SIZE);
      // Each result loads the part of its text its words are in.
      return Promise.all(page.map(function (d) { return engine.docFor(d, items); })).then(function (docs) {
        if (mine !== generation) return;
        var nodes = docs.map(function (doc) { return renderResult(doc, items, itemTag, query); });
        // The first page replaces the old results in one step, once its
        // result files are in, so the list never flashes empty.
        if (from === 0) results.replaceChildren.apply(results, nodes);
        else nodes.forEach(function (node) { results.appendChild(node); });
        if (more) { more.remove(); more = null; }
        if (from + PAGE_SIZE < ranked.length) {
          more = el('button', 'search-more', 'עוד תוצאות');
          more.type = 'button';
          more.addEventListener('click', function () {
            var focusAt = results.querySelectorAll('.search-result-link').length;
            showPage(ranked, items, from + PAGE_SIZE, mine, query).then(function () {
              var links = results.querySelectorAll('.search-result-link');
              if (links[focusAt]) links[focusAt].focus();
            });
          });
          results.parentNode.insertBefore(more, results.nextSibling);
        }
      });
    }

    function hasFilter() {
      var chosen = currentFilters();
      return Boolean(chosen.topic || chosen.year);
    }

    function run() {
      var text = input.value;
      var mine = ++generation;
      syncUrl(text.trim() ? text : '');
      if (!text.trim() && !hasFilter()) {
        results.replaceChildren();
        if (also) also.textContent = '';
        if (more) { more.remove(); more = null; }
        status.textContent = '';
        results.setAttribute('data-query', '');
        return Promise.resolve();
      }
      var started = performance.now();
      return search(text, currentFilters()).then(function (found) {
        if (mine !== generation) return;
        buildFilters();
        window.yomonSearch.lastSearchMs = performance.now() - started;
        status.textContent = found.docs.length > 1 ? 'נמצאו ' + found.docs.length + ' תוצאות'
          : found.docs.length === 1 ? 'נמצאה תוצאה אחת'
          : text.trim() ? 'לא נמצאו תוצאות עבור "' + text.trim() + '"' : 'לא נמצאו תוצאות';
        showAlso(found.also);
        return showPage(found.docs, found.items, 0, mine, { text: text, also: found.also });
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

    // While the pause before a search runs (so that each keystroke of a
    // fast typist does not redraw the list), the files that search will
    // need load: its shards, then the result files of its first page. The
    // search then finds them loaded and shows its results at once.
    function prefetch(text) {
      if (!text.trim()) return;
      search(text, currentFilters()).then(function (found) {
        found.docs.slice(0, PAGE_SIZE).forEach(function (d) { engine.docFor(d, found.items).catch(function () {}); });
      }).catch(function () { /* run() reports what failed */ });
    }

    function schedule() {
      clearTimeout(timer);
      timer = setTimeout(run, 60);
      prefetch(input.value);
    }

    input.addEventListener('input', schedule);
    input.addEventListener('focus', function () { useEngine().then(buildFilters).catch(function () {}); }, { once: true });
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

    if (input.value.trim() || wanted.topic || wanted.year) run();
    window.yomonSearch.run = run;
  }

  // For benchmarks and tests: the ranked review numbers of a query, and
  // the reviews' result data.
  window.yomonSearch.query = function (text, filters) { return search(text, filters || ''); };
  window.yomonSearch.reviewCount = function () { return engine ? engine.count() : 0; };
  window.yomonSearch.loadReview = function (i) { return engine.doc(i); };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
