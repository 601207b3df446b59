// Harness for the search browser tests and bench/search-bench.mjs, on top
// of harness.mjs (build with the real CLI, Chromium): content to search
// (the real archive's, optionally multiplied for the 10x benchmark), a
// local server that can gzip like a static host, and helpers that type a
// query and read the results.
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildSite, launchBrowser, openPage as openHarnessPage, realContent, repoRoot } from './harness.mjs';
import { multiplyContent } from '../../bench/search-corpus.mjs';

export { launchBrowser, repoRoot };
const work = join(repoRoot, 'target', 'search-browser');

/** A copy of the real content (ingest output), `copies` times over, with
 *  `probes` (reviews that test one rule each) added. */
export function searchContent({ copies = 1, probes = [], name = `content-x${copies}` } = {}) {
  const out = join(work, name);
  rmSync(out, { recursive: true, force: true });
  if (copies === 1) cpSync(realContent, out, { recursive: true });
  else multiplyContent(realContent, out, copies);
  for (const { slug, front, body } of probes) {
    writeFileSync(join(out, 'reviews', `${slug}.md`), `+++\n${front}\n+++\n\n${body}\n`);
  }
  return out;
}

/** Builds the site for `content` with `yomon build` (harness.mjs). */
export function buildSearchSite(content, name) {
  return buildSite({ content, name: `search-${name}`, config: join(repoRoot, 'yomon.toml') });
}

/** slug -> arXiv ids, read from a content dir's front matter. */
export function arxivBySlug(content) {
  const map = new Map();
  for (const file of readdirSync(join(content, 'reviews'))) {
    const text = readFileSync(join(content, 'reviews', file), 'utf8');
    const line = text.match(/^arxiv = (\[.*\])$/m);
    map.set(file.replace(/\.md$/, ''), line ? JSON.parse(line[1]) : []);
  }
  return map;
}

// With the stylesheets' own type, or Chromium ignores them (and axe would
// judge unstyled pages).
const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml',
};

/** Serves `dir` on 127.0.0.1 under `prefix`; with `gzip`, compresses like a
 *  static host would. `sent` lists [path, bytes on the wire]. */
export async function serve(dir, { prefix = '/', gzip = false } = {}) {
  const root = resolve(dir);
  const sent = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let rel = path.startsWith(prefix) ? path.slice(prefix.length) : null;
    if (rel === '' || rel?.endsWith('/')) rel += 'index.html';
    const file = rel === null ? null : normalize(join(root, rel));
    if (!file || !file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    let body = readFileSync(file);
    const headers = { 'content-type': types[extname(file)] ?? 'application/octet-stream' };
    if (gzip && /gzip/.test(req.headers['accept-encoding'] ?? '')) {
      body = gzipSync(body, { level: 9 });
      headers['content-encoding'] = 'gzip';
    }
    sent.push([rel, body.length]);
    res.writeHead(200, headers);
    res.end(body);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${server.address().port}${prefix}`,
    sent,
    close: () => new Promise((ok) => { server.closeAllConnections?.(); server.close(ok); }),
  };
}

/** Opens a page, collecting page errors and failed requests in `problems`. */
export function openPage(browser, url, options) {
  return openHarnessPage(browser, url, options);
}

/** Waits until the results on the page are those of `query`. */
export async function waitForResults(page, query) {
  await page.waitForFunction(
    (q) => document.getElementById('search-results')?.getAttribute('data-query') === q,
    { timeout: 15000 }, query);
  return page.$$eval('#search-results a.search-result-link', (links) => links.map((a) => a.href));
}

/** Clears the search box, types `query` key by key, returns the result URLs. */
export async function typeQuery(page, query) {
  await page.click('#search-input', { clickCount: 3 });
  await page.keyboard.press('Backspace');
  await page.type('#search-input', query);
  return waitForResults(page, query);
}

export function slugOf(href) {
  return decodeURIComponent(new URL(href).pathname.split('/').pop().replace(/\.html$/, ''));
}

