#!/usr/bin/env node
// Recall@10 and MRR@10 of generated reader-like queries against the real
// content, run through the real client in Chromium (window.yomonSearch.query):
//   id:       an arXiv id of the review, as written
//   title:    two or three words of the English title, lowercase, any order
//   hebrew:   two distinctive Hebrew words of the review, one given a clitic
//             prefix (ב, ה, ו, ל, ש) the way a reader might type it
//   headline: two or three words of the Hebrew headline, in order
//   author:   a co-author's name (every review has מיק; the others have few)
//   phrase:   two neighbouring Hebrew words of the body, quoted
//   near:     three neighbouring words of the body, unquoted
//   typo:     a distinctive title word (six letters or more) misspelt: two
//             neighbouring letters swapped, or one left out
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
    headline: JSON.parse(front.match(/^headline = (".*")$/m)?.[1] ?? '""'),
    authors: JSON.parse(front.match(/^authors = (\[.*\])$/m)?.[1] ?? '[]'),
    arxiv: JSON.parse(front.match(/^arxiv = (\[.*\])$/m)?.[1] ?? '[]'),
    body: text.slice(end + 5).replace(/https?:\/\/\S+/g, ' '),
  };
});
// Document frequency of bare Hebrew words, to pick distinctive ones.
const hebrewWords = (s) => (s.match(/[\u05D0-\u05EA]{4,}/g) ?? []);
const df = new Map();
for (const r of reviews) for (const w of new Set(hebrewWords(r.body))) df.set(w, (df.get(w) ?? 0) + 1);

// How many reviews' bodies hold `text` as written.
const holders = (text) => reviews.filter((r) => r.body.includes(text)).length;

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
  const headline = r.headline.match(/[\u05D0-\u05EA]{3,}/g) ?? [];
  if (headline.length >= 3) {
    const n = 2 + random(2), from = random(headline.length - n + 1);
    queries.push({ kind: 'headline', q: headline.slice(from, from + n).join(' '), slug: r.slug });
  }
  for (const author of r.authors) if (author !== 'מיק') queries.push({ kind: 'author', q: author, slug: r.slug });
  // Neighbouring words of one line of the body (no punctuation between them).
  const runs = r.body.split(/[\n.,:;()!?"]+/).map((line) => line.trim().split(/\s+/)).filter((w) => w.length >= 3);
  // Only word runs few reviews hold (as for "hebrew"): a phrase that half
  // the archive uses ("המאמר מציע") cannot single out one review.
  const pairs = runs.flatMap((w) => w.slice(1).map((x, i) => [w[i], x]))
    .filter(([a, b]) => /^[\u05D0-\u05EA]{4,}$/.test(a) && /^[\u05D0-\u05EA]{4,}$/.test(b))
    .filter((p) => holders(p.join(' ')) <= 3);
  if (pairs.length) queries.push({ kind: 'phrase', q: `"${pairs[random(pairs.length)].join(' ')}"`, slug: r.slug });
  const triples = runs.flatMap((w) => w.slice(2).map((x, i) => [w[i], w[i + 1], x]))
    .filter((t) => t.every((x) => /^[\u05D0-\u05EAa-zA-Z]{3,}$/.test(x)))
    .filter((t) => holders(t.join(' ')) <= 3);
  if (triples.length) queries.push({ kind: 'near', q: triples[random(triples.length)].join(' '), slug: r.slug });
  // Two or three title words, one of them (six letters or more) misspelt.
  if (words.length >= 2 && !/[\u0590-\u05FF]/.test(r.title)) {
    const long = words.filter((w) => /^[a-z]{6,}$/.test(w));
    if (long.length) {
      const w = long[random(long.length)], at = 1 + random(w.length - 3);
      const typo = random(2) ? w.slice(0, at) + w[at + 1] + w[at] + w.slice(at + 2) : w.slice(0, at) + w.slice(at + 1);
      const others = words.filter((x) => x !== w);
      const other = others.length ? others[random(others.length)] : null;
      if (typo !== w && other) queries.push({ kind: 'typo', q: `${typo} ${other}`, slug: r.slug });
    }
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
    // A finished query: the reader pressed Enter (no prefix search).
    const found = (await s.query(`${q} `)).docs.slice(0, 10).map((d) => slugs[d]);
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
  const mrr = rows.reduce((a, r) => a + (r.rank >= 0 ? 1 / (r.rank + 1) : 0), 0) / rows.length;
  console.log(`${kind}: recall@10 ${(hit / rows.length).toFixed(3)} (${hit}/${rows.length}), MRR@10 ${mrr.toFixed(3)}, found first ${rows.filter((r) => r.rank === 0).length}`);
  for (const r of rows.filter((x) => x.rank < 0).slice(0, 8)) console.log(`  miss: ${JSON.stringify(r.q)} -> ${r.slug}`);
}
const all = results.filter((r) => r >= 0).length;
const allMrr = results.reduce((a, r) => a + (r >= 0 ? 1 / (r + 1) : 0), 0) / results.length;
console.log(`all: recall@10 ${(all / results.length).toFixed(3)} (${all}/${results.length}), MRR@10 ${allMrr.toFixed(3)}`);
