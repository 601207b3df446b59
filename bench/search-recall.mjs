#!/usr/bin/env node
// Recall@10 of generated reader-like queries against the real content, run
// through the real client in Chromium (window.yomonSearch.query):
//   id:      an arXiv id of the review, as written
//   title:   two or three words of the English title, lowercase, any order
//   hebrew:  two distinctive Hebrew words of the review, one given a clitic
//            prefix (ב, ה, ו, ל, ש) the way a reader might type it
// Deterministic (fixed seed). usage: node bench/search-recall.mjs
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSearchSite, launchBrowser, openPage, repoRoot, searchContent, serve } from '../tests/browser/search-harness.mjs';

let seed = 11;
const random = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
const STOP = new Set('a an and are as at be but by for from has have in into is it its of on or our that the their this to via we with can do does how what when why you your not all using towards'.split(' '));

const content = searchContent({ name: 'recall-content' });
const reviews = readdirSync(join(content, 'reviews')).map((f) => {
  const text = readFileSync(join(content, 'reviews', f), 'utf8');
  const end = text.indexOf('\n+++\n', 4);
  const front = text.slice(0, end);
  return {
    slug: f.replace(/\.md$/, ''),
    title: JSON.parse(front.match(/^title = (".*")$/m)?.[1] ?? '""'),
    arxiv: JSON.parse(front.match(/^arxiv = (\[.*\])$/m)?.[1] ?? '[]'),
    body: text.slice(end + 5).replace(/https?:\/\/\S+/g, ' '),
  };
});
// Document frequency of bare Hebrew words, to pick distinctive ones.
const hebrewWords = (s) => (s.match(/[\u05D0-\u05EA]{4,}/g) ?? []);
const df = new Map();
for (const r of reviews) for (const w of new Set(hebrewWords(r.body))) df.set(w, (df.get(w) ?? 0) + 1);

const queries = [];
for (const r of reviews) {
  if (r.arxiv.length) queries.push({ kind: 'id', q: r.arxiv[random(r.arxiv.length)], slug: r.slug });
  const words = (r.title.toLowerCase().match(/[a-z0-9][a-z0-9-]*/g) ?? []).filter((w) => !STOP.has(w) && w.length > 2);
  if (words.length >= 2 && !/[\u0590-\u05FF]/.test(r.title)) {
    const n = Math.min(words.length, 2 + random(2));
    const picked = [];
    while (picked.length < n) { const w = words[random(words.length)]; if (!picked.includes(w)) picked.push(w); }
    queries.push({ kind: 'title', q: picked.join(' '), slug: r.slug });
  }
  const rare = [...new Set(hebrewWords(r.body))].filter((w) => df.get(w) <= 3 && !/^[והבלשמכ]/.test(w));
  if (rare.length >= 2) {
    const a = rare[random(rare.length)], b = rare[random(rare.length)];
    const prefix = 'בהולש'[random(5)];
    queries.push({ kind: 'hebrew', q: `${prefix}${a} ${b}`, slug: r.slug });
  }
}

const site = buildSearchSite(content, 'recall');
const server = await serve(site);
const browser = await launchBrowser();
const { page } = await openPage(browser, `${server.url}search.html`);
const results = await page.evaluate(async (qs) => {
  const s = window.yomonSearch;
  await s.query('x');
  const slugs = [];
  for (let i = 0; i < s.reviewCount(); i++) slugs[i] = (await s.loadReview(i)).u.replace(/^reviews\//, '').replace(/\.html$/, '');
  const out = [];
  for (const { q, slug } of qs) {
    const found = (await s.query(q)).docs.slice(0, 10).map((d) => slugs[d]);
    out.push(found.indexOf(slug));
  }
  return out;
}, queries);
await browser.close();
await server.close();

const kinds = [...new Set(queries.map((q) => q.kind))];
for (const kind of kinds) {
  const rows = queries.map((q, i) => ({ ...q, rank: results[i] })).filter((q) => q.kind === kind);
  const hit = rows.filter((r) => r.rank >= 0).length;
  console.log(`${kind}: recall@10 ${(hit / rows.length).toFixed(3)} (${hit}/${rows.length}), found first ${rows.filter((r) => r.rank === 0).length}`);
  for (const r of rows.filter((x) => x.rank < 0).slice(0, 8)) console.log(`  miss: ${JSON.stringify(r.q)} -> ${r.slug}`);
}
const all = results.filter((r) => r >= 0).length;
console.log(`all: recall@10 ${(all / results.length).toFixed(3)} (${all}/${results.length})`);
