// yomon: marks a search's words on the review page a result led to.
// search.js links each result as reviews/SLUG.html?q=QUERY (and &also= for
// near spellings it searched too); this script reads them, runs the search
// pipeline (search-pipeline.js, loaded only when there is a query) over the
// review's words, wraps each word that the query finds in <mark> (prefixed
// and plural forms included, as in search) and scrolls to the first.
// Without script, or without a query, the page stays as it was built.
(function () {
  'use strict';

  var script = document.currentScript;
  var scriptUrl = script && script.src ? script.src : location.href;
  var params = new URLSearchParams(location.search);
  var query = (params.get('q') || '').trim();
  var also = (params.get('also') || '').trim();
  if (!query && !also) return;

  var WORD = /[\p{L}\p{N}\p{M}'"\u05F3\u05F4\u2019.\-\u05BE]+/gu;
  // Where the review's own words are: not the site's header, menus or lists.
  var AREAS = 'article.review h1, article.review .review-headline, article.review .review-body';
  var SKIP = { SCRIPT: 1, STYLE: 1, MARK: 1, CODE: 1, PRE: 1, MATH: 1, TEXTAREA: 1 };

  function loadPipeline() {
    if (window.yomonPipeline) return Promise.resolve(window.yomonPipeline);
    return new Promise(function (resolve, reject) {
      var el = document.createElement('script');
      el.src = new URL('search-pipeline.js', scriptUrl).href;
      el.onload = function () { resolve(window.yomonPipeline); };
      el.onerror = function () { reject(new Error('could not load ' + el.src)); };
      document.head.appendChild(el);
    });
  }

  // Every term the query looks up, as the search engine builds them: each
  // word's forms (plural, singular, prefixes read off); near spellings as
  // they are.
  function queryTerms(P) {
    var terms = new Set();
    P.tokens(query.replace(/["\u201C\u201D\u201E]/g, ' ')).forEach(function (token) {
      P.queryForms(token).forEach(function (form) { terms.add(form.term); });
    });
    also.split(/\s+/).forEach(function (t) {
      if (!t) return;
      terms.add(P.normalize(t));
      // The near spelling's own forms, as the search looked them up.
      P.queryForms(P.normalize(t)).forEach(function (form) { terms.add(form.term); });
    });
    return terms;
  }

  function textNodes(root) {
    var out = [];
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        for (var p = node.parentNode; p && p !== root; p = p.parentNode) {
          if (SKIP[p.nodeName.toUpperCase()]) return NodeFilter.FILTER_REJECT;
        }
        return node.nodeValue.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
      }
    });
    while (walker.nextNode()) out.push(walker.currentNode);
    return out;
  }

  // Wraps the words of one text node that the query finds; returns the marks.
  function markNode(node, matches) {
    var text = node.nodeValue, pos = 0, marks = [], m, parts = [];
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text))) {
      if (!matches(m[0])) continue;
      parts.push(document.createTextNode(text.slice(pos, m.index)));
      var mark = document.createElement('mark');
      mark.className = 'search-hit';
      mark.textContent = m[0];
      parts.push(mark);
      marks.push(mark);
      pos = m.index + m[0].length;
    }
    if (!marks.length) return marks;
    parts.push(document.createTextNode(text.slice(pos)));
    var parent = node.parentNode;
    parts.forEach(function (part) { parent.insertBefore(part, node); });
    parent.removeChild(node);
    return marks;
  }

  function highlight(P) {
    var terms = queryTerms(P);
    if (!terms.size) return;
    var seen = new Map();
    function matches(word) {
      if (!seen.has(word)) {
        seen.set(word, P.indexTerms(word).some(function (t) { return terms.has(t); }));
      }
      return seen.get(word);
    }
    var marks = [];
    document.querySelectorAll(AREAS).forEach(function (area) {
      textNodes(area).forEach(function (node) { marks.push.apply(marks, markNode(node, matches)); });
    });
    document.documentElement.setAttribute('data-search-hits', String(marks.length));
    // The first mark in the body, where the reader wants to be; the title's
    // are in view anyway.
    var body = document.querySelector('article.review .review-body');
    var first = marks.find(function (mk) { return body && body.contains(mk); }) || marks[0];
    // At once, not with the site's smooth scrolling: the reader arrives there.
    if (first && !location.hash) first.scrollIntoView({ block: 'center', behavior: 'instant' });
  }

  function start() {
    loadPipeline().then(highlight).catch(function () {
      document.documentElement.setAttribute('data-search-hits', 'error');
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
