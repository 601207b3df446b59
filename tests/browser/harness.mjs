// Shared harness for the browser and HTML-validation tests: build a site
// with the release binary, serve it on 127.0.0.1, drive Debian's Chromium.
// The search tests reuse these exports, so keep their shapes stable.
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const fixtureContent = join(repoRoot, 'tests', 'fixtures', 'site', 'content');
export const realContent = join(repoRoot, 'content');
const binary = join(repoRoot, 'target', 'release', 'yomon');

/** True once the real content (ingest output) is in the repository. */
export function hasRealContent() {
  return existsSync(join(realContent, 'reviews'));
}

let binaryChecked = false;
function ensureBinary() {
  if (binaryChecked) return;
  // Cheap when up to date; makes `node --test` work on its own too.
  execFileSync('cargo', ['build', '--release', '--locked', '--quiet'], { cwd: repoRoot, stdio: 'inherit' });
  binaryChecked = true;
}

/**
 * Build a site from `content` (default: the fixture) with the repository's
 * templates and static files, into target/browser-site/NAME. Returns the
 * output directory. A project dir of symlinks lets any content dir be built
 * with the real templates through the real CLI.
 */
export function buildSite({ content = fixtureContent, name = 'fixture', config } = {}) {
  ensureBinary();
  const base = join(repoRoot, 'target', 'browser-site');
  const project = join(base, `${name}-project`);
  const out = join(base, name);
  rmSync(project, { recursive: true, force: true });
  mkdirSync(project, { recursive: true });
  symlinkSync(join(repoRoot, 'templates'), join(project, 'templates'));
  symlinkSync(join(repoRoot, 'static'), join(project, 'static'));
  symlinkSync(resolve(content), join(project, 'content'));
  const toml = resolve(config ?? join(dirname(content), 'yomon.toml'));
  if (existsSync(toml)) symlinkSync(toml, join(project, 'yomon.toml'));
  execFileSync(binary, ['-q', '-C', project, 'build', '--out', out], { stdio: ['ignore', 'inherit', 'inherit'] });
  return out;
}

const types = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serve `dir` on 127.0.0.1 (random port) under `prefix` (default "/", use
 * e.g. "/sub/path/" to prove the site works under a sub-path).
 * Returns { url, close }. Unknown paths get 404.html with status 404.
 */
export async function serve(dir, { prefix = '/' } = {}) {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = null;
    if (path.startsWith(prefix)) {
      let rel = path.slice(prefix.length);
      if (rel === '' || rel.endsWith('/')) rel += 'index.html';
      const candidate = normalize(join(root, rel));
      if (candidate.startsWith(root + sep) && existsSync(candidate) && statSync(candidate).isFile()) file = candidate;
    }
    if (!file) {
      res.writeHead(404, { 'content-type': types['.html'] });
      const notFound = join(root, '404.html');
      res.end(existsSync(notFound) ? readFileSync(notFound) : 'not found');
      return;
    }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    close: () => new Promise((ok) => { server.closeAllConnections?.(); server.close(ok); }),
  };
}

export const chromiumFlags = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Launch /usr/bin/chromium with a fresh profile; `close()` also removes it. */
export async function launchBrowser() {
  const userDataDir = mkdtempSync(join(tmpdir(), 'yomon-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    userDataDir,
    args: chromiumFlags,
  });
  const close = browser.close.bind(browser);
  browser.close = async () => {
    await close();
    rmSync(userDataDir, { recursive: true, force: true });
  };
  return browser;
}

/**
 * Open `url` in a new page, recording console errors, page errors, failed
 * requests and requests to any host other than the page's own.
 * Returns { page, problems } where problems is a live array of strings.
 */
export async function openPage(browser, url, { width = 1280, height = 900, dark = false } = {}) {
  const page = await browser.newPage();
  const problems = [];
  const origin = new URL(url).origin;
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`requestfailed: ${req.url()}`));
  page.on('request', (req) => {
    const u = req.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('about:')) problems.push(`external request: ${u}`);
  });
  await page.setViewport({ width, height });
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: dark ? 'dark' : 'light' }]);
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems };
}

const axeSource = readFileSync(join(repoRoot, 'tests', 'browser', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** axe-core violations on the page, as short strings (empty when clean). */
export async function axeViolations(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
  });
  return result;
}

/**
 * Run the Nu HTML checker over `files`; returns its error messages as
 * "file:line: message" strings (empty when every file is valid).
 */
export function vnuErrors(files) {
  const jar = join(repoRoot, 'tests', 'browser', 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
  let output;
  try {
    output = execFileSync('java', ['-jar', jar, '--errors-only', '--format', 'json', ...files], {
      encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20,
    });
  } catch (err) {
    // vnu exits non-zero when it found errors; its report is on stderr.
    output = `${err.stdout ?? ''}${err.stderr ?? ''}`;
  }
  const text = output.trim();
  if (!text) return [];
  const report = JSON.parse(text.slice(text.indexOf('{')));
  return report.messages
    .filter((m) => m.type === 'error' || m.subType === 'fatal')
    .map((m) => `${m.url?.replace(/^file:/, '')}:${m.lastLine ?? '?'}: ${m.message}`);
}
