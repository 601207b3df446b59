// Harness for the search browser tests and bench/search-bench.mjs: a site
// to search, a local server (optionally gzip, optionally under a sub-path),
// Debian's Chromium, and helpers that type a query and read the results.
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import puppeteer from 'puppeteer-core';
import { writeCorpus } from '../../bench/search-corpus.mjs';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const work = join(repoRoot, 'target', 'search-browser');

/** The real content once ingest output is on this branch, else a rough
 *  split of the archive (bench/search-corpus.mjs). */
export function searchContent({ copies = 1 } = {}) {
  const real = join(repoRoot, 'content');
  if (copies === 1 && existsSync(join(real, 'reviews'))) return real;
  const out = join(work, `corpus-x${copies}`);
  writeCorpus(join(repoRoot, 'archive', '000_2c496801579d2a27.txt'), out, copies);
  return out;
}

/** Adds reviews that probe single rules (noise guard, hostile text). */
export function addProbeReviews(content, probes) {
  for (const { slug, front, body } of probes) {
    writeFileSync(join(content, 'reviews', `${slug}.md`), `+++\n${front}\n+++\n\n${body}\n`);
  }
}

/** Writes a site with the search index for `content` (tests/search_site.rs). */
export function buildSearchSite(content, name) {
  const out = join(work, name);
  rmSync(out, { recursive: true, force: true });
  execFileSync('cargo', ['test', '--release', '--quiet', '--test', 'search_site', '--', '--ignored'], {
    cwd: repoRoot,
    env: { ...process.env, YOMON_CONTENT: content, YOMON_SITE_OUT: out },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return out;
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

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

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

export async function launchBrowser() {
  const userDataDir = mkdtempSync(join(tmpdir(), 'yomon-search-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    userDataDir,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--allow-file-access-from-files'],
  });
  const close = browser.close.bind(browser);
  browser.close = async () => { await close(); rmSync(userDataDir, { recursive: true, force: true }); };
  return browser;
}

/** Opens a page, collecting page errors and failed requests in `problems`. */
export async function openPage(browser, url) {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/favicon/.test(m.location()?.url ?? '')) problems.push(`console: ${m.text()} ${m.location()?.url ?? ''}`);
  });
  page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()}`));
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems };
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

export { mkdirSync };
