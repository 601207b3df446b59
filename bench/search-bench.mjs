#!/usr/bin/env node
// Search size and speed, at 1x and 10x content (bench/search-corpus.mjs).
//
// Sizes: the index files on disk, raw and gzip -9.
// Wire: bytes a first search moves (gzip, as a static host serves them),
//   counted by the server, for each query in a fresh page: search.js,
//   search-pipeline.js, search/index.js, the shards and the result files.
// Speed: in Chromium, the time from a keystroke's query to ranked results
//   (index and shards already loaded), against a reference run in the same
//   page: a plain substring scan over every review's text.
//
// usage: node bench/search-bench.mjs   (from the repository root;
//        needs tests/browser/node_modules: scripts/setup-test-deps)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  buildSearchSite, launchBrowser, openPage, searchContent, serve, waitForResults,
} from '../tests/browser/search-harness.mjs';

const QUERIES = ['דיפוזיה', 'מודלי שפה גדולים', 'זיקוק ידע', 'transformer attention', 'בזנבות הכבדים',
  '2405.17399', 'reinforcement learning from human feedback', 'למידה ניגודית', 'grokking', 'transf',
  'מנגנון תשומת לב בטרנספורמרים', 'LLaMA-NAS'];

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

function sizes(site) {
  const all = files(join(site, 'search'));
  const sum = (list) => list.reduce((a, f) => {
    const bytes = readFileSync(f);
    return [a[0] + bytes.length, a[1] + gzipSync(bytes, { level: 9 }).length];
  }, [0, 0]);
  const shards = all.filter((f) => /\/search\/s[0-9a-z]+\.js$/.test(f));
  const docs = all.filter((f) => /\/d\d+(-\d+)?\.js$/.test(f));
  const manifest = all.filter((f) => f.endsWith('index.js'));
  const client = sum(['search.js', 'search-engine.js', 'search-pipeline.js'].map((n) => join(site, 'static', n)));
  return { shards: shards.length, docs: docs.length, shardBytes: sum(shards), docBytes: sum(docs), manifest: sum(manifest), client };
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

async function wire(browser, site) {
  const server = await serve(site, { gzip: true });
  const rows = [];
  for (const q of QUERIES) {
    server.sent.length = 0;
    const { page } = await openPage(browser, `${server.url}search.html?q=${encodeURIComponent(q)}`);
    await waitForResults(page, q);
    const search = server.sent.filter(([p]) => p.startsWith('search/') || p.startsWith('static/search'));
    rows.push({ q, bytes: search.reduce((a, [, n]) => a + n, 0), requests: search.length });
    await page.close();
  }
  await server.close();
  return rows;
}

// Keystrokes typed into the page: from the query starting (after the
// debounce) to its results rendered, snippets included.
async function typed(browser, site) {
  const server = await serve(site);
  const { page } = await openPage(browser, `${server.url}search.html`);
  const render = [], answer = [];
  for (const q of QUERIES) {
    for (let i = 1; i <= q.length; i++) {
      const prefix = q.slice(0, i);
      await page.$eval('#search-input', (input, v) => {
        input.value = v;
        input.dispatchEvent(new Event('input'));
      }, prefix);
      if (!prefix.trim()) continue;
      await waitForResults(page, prefix);
      const t = await page.evaluate(() => [window.yomonSearch.lastSearchMs, window.yomonSearch.lastRenderMs]);
      answer.push(t[0]);
      render.push(t[1]);
    }
  }
  await page.close();
  await server.close();
  return { answer, render };
}

async function speed(browser, site) {
  const server = await serve(site);
  const { page } = await openPage(browser, `${server.url}search.html`);
  const result = await page.evaluate(async (queries) => {
    const s = window.yomonSearch;
    // Load everything a query needs first: we time answering, not loading.
    for (const q of queries) for (let i = 1; i <= q.length; i++) await s.query(q.slice(0, i));
    const n = (await s.query('מודל')).docs.length;
    const texts = [];
    // Reference: substring scan over every review's text (loaded here).
    const count = s.reviewCount();
    await Promise.all(Array.from({ length: count }, (_, i) => s.loadReview(i).then((d) => { texts[i] = `${d.t} ${d.h ?? ''} ${d.x}`.toLowerCase(); })));
    const keystroke = [], scan = [];
    for (const q of queries) {
      for (let i = 1; i <= q.length; i++) {
        const prefix = q.slice(0, i);
        let t = performance.now();
        await s.query(prefix);
        keystroke.push(performance.now() - t);
        t = performance.now();
        const words = prefix.toLowerCase().split(/\s+/).filter(Boolean);
        texts.filter((x) => words.every((w) => x.includes(w))).length;
        scan.push(performance.now() - t);
      }
    }
    return { keystroke, scan, n };
  }, QUERIES);
  await page.close();
  await server.close();
  return result;
}

const browser = await launchBrowser();
try {
  for (const copies of [1, 10]) {
    const content = searchContent({ copies, name: `bench-content-x${copies}` });
    const reviews = readdirSync(join(content, 'reviews')).length;
    const started = Date.now();
    const site = buildSearchSite(content, `bench-x${copies}`);
    const buildMs = Date.now() - started;
    const s = sizes(site);
    console.log(`\n## ${copies}x content: ${reviews} reviews (site with index written in ${buildMs} ms)`);
    console.log(`index: ${s.shards} shards ${kb(s.shardBytes[0])} raw / ${kb(s.shardBytes[1])} gzip; ` +
      `${s.docs} result files ${kb(s.docBytes[0])} / ${kb(s.docBytes[1])}; manifest ${kb(s.manifest[0])} / ${kb(s.manifest[1])}; ` +
      `client JS ${kb(s.client[0])} / ${kb(s.client[1])}`);
    const rows = await wire(browser, site);
    for (const r of rows) console.log(`first search ${JSON.stringify(r.q)}: ${kb(r.bytes)} gzip in ${r.requests} requests`);
    console.log(`first search: median ${kb(median(rows.map((r) => r.bytes)))}, max ${kb(Math.max(...rows.map((r) => r.bytes)))}`);
    const t = await speed(browser, site);
    const ratio = median(t.keystroke) / median(t.scan);
    console.log(`keystroke (index loaded): median ${median(t.keystroke).toFixed(2)} ms, max ${Math.max(...t.keystroke).toFixed(2)} ms over ${t.keystroke.length} keystrokes; ` +
      `reference substring scan median ${median(t.scan).toFixed(2)} ms; ratio ${ratio.toFixed(2)}`);
    const k = await typed(browser, site);
    const p90 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)];
    console.log(`typed keystroke to ranked results (shards loading as needed): median ${median(k.answer).toFixed(1)} ms, p90 ${p90(k.answer).toFixed(1)} ms; ` +
      `to results rendered with snippets: median ${median(k.render).toFixed(1)} ms, p90 ${p90(k.render).toFixed(1)} ms, max ${Math.max(...k.render).toFixed(1)} ms`);
  }
} finally {
  await browser.close();
}
