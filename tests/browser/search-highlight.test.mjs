// Highlight on arrival, in real headless Chromium: a search result links to
// its review with the query, and the review page (static/search-highlight.js)
// marks the words the query finds (prefixed forms too) and scrolls to the
// first, over HTTP and from file://; without a query or without script the
// page is as built; the highlighted page passes axe.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { axeViolations } from './harness.mjs';
import { buildSearchSite, launchBrowser, openPage, searchContent, serve, typeQuery } from './search-harness.mjs';

const SLUG = '2020-01-04-probe-long-review';
const filler = Array.from({ length: 60 }, (_, i) => `פסקה ${i + 1} של טקסט ארוך על נושאים אחרים, כדי שהמילה תהיה רחוקה מראש העמוד.`);
const PROBES = [{
  slug: SLUG,
  front: 'title = "Probe: long review"\ndate = 2020-01-04\nheadline = "סקירה ארוכה"\ntags = []',
  body: `${filler.join('\n\n')}\n\nכאן, בסוף, מופיע הקסילופון, ואחריו ובקסילופונים נוספים. <script>window.__pwned=1</script>`,
}];

let browser, site, server;

before(async () => {
  site = buildSearchSite(searchContent({ name: 'highlight-content', probes: PROBES }), 'highlight');
  server = await serve(site);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function marksOn(page) {
  await page.waitForFunction(() => document.documentElement.hasAttribute('data-search-hits'), { timeout: 10000 });
  return page.evaluate(() => ({
    hits: document.documentElement.getAttribute('data-search-hits'),
    marks: Array.from(document.querySelectorAll('mark.search-hit'), (m) => m.textContent),
    scrollY: window.scrollY,
    firstInView: (() => {
      const m = document.querySelector('.review-body mark.search-hit');
      if (!m) return false;
      const r = m.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    })(),
  }));
}

async function checkHighlighted(url) {
  const { page, problems } = await openPage(browser, url);
  const seen = await marksOn(page);
  assert.deepEqual(seen.marks, ['הקסילופון', 'ובקסילופונים'], 'prefixed and plural forms are marked');
  assert.equal(seen.hits, '2');
  assert.ok(seen.scrollY > 0, 'scrolled down to the first mark');
  assert.ok(seen.firstInView, 'the first mark is in view');
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'content text stays text');
  return { page, problems };
}

test('over HTTP: the query\'s words are marked, prefixed forms too, and the first is scrolled to', async () => {
  const { page, problems } = await checkHighlighted(`${server.url}reviews/${SLUG}.html?q=${encodeURIComponent('קסילופון')}`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('from file:// the same', async () => {
  const url = `${pathToFileURL(join(site, 'reviews', `${SLUG}.html`)).href}?q=${encodeURIComponent('קסילופון')}`;
  const { page, problems } = await checkHighlighted(url);
  assert.deepEqual(problems.filter((p) => !p.startsWith(`external request: ${pathToFileURL(site).href}/`)), []);
  await page.close();
});

test('the highlighted page has no axe violations, light and dark', async () => {
  for (const dark of [false, true]) {
    const { page } = await openPage(browser, `${server.url}reviews/${SLUG}.html?q=${encodeURIComponent('קסילופון')}`, { dark });
    assert.equal((await marksOn(page)).hits, '2');
    // The stylesheet is applied (axe judges the page as readers see it).
    assert.notEqual(await page.$eval('mark.search-hit', (m) => getComputedStyle(m).backgroundColor), 'rgb(255, 255, 0)');
    assert.deepEqual(await axeViolations(page), [], dark ? 'dark' : 'light');
    await page.close();
  }
});

test('without a query nothing changes and the pipeline is not loaded', async () => {
  const { page } = await openPage(browser, `${server.url}reviews/${SLUG}.html`);
  await new Promise((ok) => setTimeout(ok, 300));
  assert.equal(await page.$$eval('mark', (m) => m.length), 0);
  assert.equal(await page.evaluate(() => window.scrollY), 0);
  const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => r.name));
  assert.ok(!loaded.some((n) => n.includes('search-pipeline.js')), loaded.join(' '));
  await page.close();
});

test('without script the page is as built', async () => {
  const page = await browser.newPage();
  await page.setJavaScriptEnabled(false);
  await page.goto(`${server.url}reviews/${SLUG}.html?q=${encodeURIComponent('קסילופון')}`);
  assert.equal(await page.$$eval('mark', (m) => m.length), 0);
  assert.match(await page.$eval('.review-body', (b) => b.textContent), /ובקסילופונים/);
  await page.close();
});

test('a search result leads to its review with the words marked, near spellings included', async () => {
  const { page } = await openPage(browser, `${server.url}search.html`);
  const hrefs = await typeQuery(page, 'קסילופונ');
  assert.ok(hrefs[0].includes(SLUG), hrefs.join(' '));
  // The word is near the end of a long text: the result loaded that part of it.
  const marks = await page.$$eval('#search-results .search-result:first-child .search-snippet mark', (m) => m.map((x) => x.textContent));
  assert.deepEqual(marks, ['הקסילופון', 'ובקסילופונים']);
  await Promise.all([page.waitForNavigation(), page.click('#search-results a.search-result-link')]);
  assert.equal(new URL(page.url()).searchParams.get('q'), 'קסילופונ');
  assert.ok((await marksOn(page)).marks.length >= 1);
  // A misspelt query: the page marks the word the search meant.
  const typo = await typeQueryOn(page, 'grokkking');
  await page.goto(typo);
  const seen = await marksOn(page);
  assert.ok(seen.marks.length > 0 && seen.marks.every((m) => /grokking/i.test(m)), seen.marks.join(' '));
  await page.close();
});

// The first result's link for `query`, from the search page.
async function typeQueryOn(page, query) {
  await page.goto(`${server.url}search.html`);
  const hrefs = await typeQuery(page, query);
  return hrefs[0];
}
