// The built site in real Chromium: direction, console, axe-core, inert
// hostile content, sub-path and file:// portability.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { axeViolations, buildSite, hasRealContent, launchBrowser, openPage, realContent, serve } from './harness.mjs';

const fixtureSite = buildSite();
const sites = [{ name: 'fixture', dir: fixtureSite }];
if (hasRealContent()) sites.push({ name: 'real', dir: buildSite({ content: realContent, name: 'real' }) });

function firstFile(dir, sub, pick = () => true) {
  return readdirSync(join(dir, sub)).filter((f) => f.endsWith('.html') && f !== 'index.html').sort().find(pick);
}

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

for (const site of sites) {
  describe(`${site.name} site`, () => {
    let server;
    before(async () => { server = await serve(site.dir); });
    after(async () => { await server?.close(); });

    const pages = () => ({
      home: 'index.html',
      review: `reviews/${firstFile(site.dir, 'reviews', (f) => f.includes('q-improving')) ?? firstFile(site.dir, 'reviews')}`,
      topic: `tags/${firstFile(site.dir, 'tags')}`,
      archive: 'archive.html',
      topics: 'tags/index.html',
      notFound: '404.html',
    });

    for (const kind of ['home', 'review', 'topic', 'archive', 'topics', 'notFound']) {
      for (const dark of [false, true]) {
        test(`${kind} page renders RTL with no console errors and no axe violations (${dark ? 'dark' : 'light'})`, async () => {
          const { page, problems } = await openPage(browser, server.url + pages()[kind], { dark });
          try {
            const html = await page.$eval('html', (el) => ({ dir: el.dir, lang: el.lang, computed: getComputedStyle(el).direction }));
            assert.deepEqual(html, { dir: 'rtl', lang: 'he', computed: 'rtl' });
            assert.equal(await page.$$eval('main h1', (h) => h.length), 1, 'one h1 in main');
            assert.ok(await page.$('form[role="search"] input[name="q"]'), 'search box present');
            assert.deepEqual(await axeViolations(page), []);
            assert.deepEqual(problems, []);
          } finally {
            await page.close();
          }
        });
      }
    }

    test('a review page shows its parts', async () => {
      const { page, problems } = await openPage(browser, server.url + pages().review);
      try {
        const parts = await page.evaluate(() => ({
          article: !!document.querySelector('article h1'),
          time: document.querySelector('article time[datetime]')?.getAttribute('datetime') ?? '',
          arxiv: [...document.querySelectorAll('a[href^="https://arxiv.org/abs/"]')].length,
          pdf: [...document.querySelectorAll('a[href^="https://arxiv.org/pdf/"]')].length,
          englishTitle: !!document.querySelector('h1 [lang="en"][dir="ltr"], h1 bdi'),
          stylesheetApplied: getComputedStyle(document.body).lineHeight !== 'normal',
        }));
        assert.equal(parts.article, true);
        assert.match(parts.time, /^\d{4}-\d{2}-\d{2}$/);
        if (site.name === 'fixture') {
          assert.ok(parts.arxiv >= 1 && parts.pdf >= 1, JSON.stringify(parts));
          assert.equal(parts.englishTitle, true);
        }
        assert.equal(parts.stylesheetApplied, true);
        assert.deepEqual(problems, []);
      } finally {
        await page.close();
      }
    });
  });
}

describe('hostile content', () => {
  let server;
  before(async () => { server = await serve(fixtureSite); });
  after(async () => { await server?.close(); });

  test('a page built from hostile text runs no script and shows the text', async () => {
    const page = await browser.newPage();
    const dialogs = [];
    page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
    await page.evaluateOnNewDocument(() => { window.__pwned = false; });
    await page.goto(`${server.url}reviews/2024-06-21-hostile-markup-in-review-text.html`, { waitUntil: 'load' });
    const state = await page.evaluate(() => ({
      pwned: window.__pwned,
      // The site's own highlighter (static/search-highlight.js) is the one script a review page loads.
      scripts: [...document.scripts].filter((s) => s.type !== 'application/ld+json' && !s.src.endsWith('/static/search-highlight.js')).length,
      iframes: document.querySelectorAll('iframe').length,
      images: document.querySelectorAll('img').length,
      jsLinks: [...document.querySelectorAll('a')].filter((a) => !/^(https?:|mailto:|\.|#|[a-z0-9-]+\.html)/i.test(a.getAttribute('href'))).length,
      bodyVisible: getComputedStyle(document.body).display !== 'none',
      text: document.querySelector('.review-body').textContent,
      title: document.title,
    }));
    assert.equal(state.pwned, false);
    assert.deepEqual(dialogs, []);
    assert.equal(state.scripts, 0);
    assert.equal(state.iframes, 0);
    assert.equal(state.images, 0);
    assert.equal(state.jsLinks, 0);
    assert.equal(state.bodyVisible, true);
    assert.ok(state.text.includes('<script>window.__pwned = true; alert(1)</script>'), state.text);
    assert.ok(state.text.includes('<img src=x onerror="window.__pwned=true">'), state.text);
    assert.ok(state.title.includes('</title><script>'), state.title);
    await page.close();
  });
});

describe('portability', () => {
  test('the site works under a sub-path', async () => {
    const server = await serve(fixtureSite, { prefix: '/deep/sub/path/' });
    const { page, problems } = await openPage(browser, server.url);
    try {
      await Promise.all([page.waitForNavigation(), page.click('.entries li a[href^="reviews/"]')]);
      assert.match(page.url(), /\/deep\/sub\/path\/reviews\/.+\.html$/);
      await Promise.all([page.waitForNavigation(), page.click('.tags a')]);
      assert.match(page.url(), /\/deep\/sub\/path\/tags\/.+\.html$/);
      assert.notEqual(await page.$eval('body', (b) => getComputedStyle(b).lineHeight), 'normal');
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
      await server.close();
    }
  });

  test('404.html finds the site root for a missing page at any depth, under a sub-path', async () => {
    const server = await serve(fixtureSite, { prefix: '/deep/sub/path/' });
    const page = await browser.newPage();
    const missing = `${server.url}reviews/2020-01-01-no-such-review.html`;
    const failed = [];
    page.on('requestfailed', (r) => failed.push(r.url()));
    page.on('response', (r) => { if (r.status() >= 400 && r.url() !== missing) failed.push(`${r.status()} ${r.url()}`); });
    try {
      const response = await page.goto(missing, { waitUntil: 'load' });
      assert.equal(response.status(), 404);
      assert.deepEqual(failed, [], 'no request but the page itself failed');
      assert.notEqual(await page.$eval('body', (b) => getComputedStyle(b).lineHeight), 'normal', 'stylesheet loaded');
      assert.equal(await page.$eval('main a[href="index.html"]', (a) => a.href), `${server.url}index.html`);
      assert.equal(await page.$eval('.site-nav a[href="archive.html"]', (a) => a.href), `${server.url}archive.html`);
    } finally {
      await page.close();
      await server.close();
    }
  });

  test('the site works opened from disk (file://)', async () => {
    const page = await browser.newPage();
    const failed = [];
    page.on('requestfailed', (r) => failed.push(r.url()));
    await page.goto(pathToFileURL(join(fixtureSite, 'index.html')).href, { waitUntil: 'load' });
    await Promise.all([page.waitForNavigation(), page.click('.site-nav a[href$="archive.html"]')]);
    assert.ok(page.url().startsWith('file://') && page.url().endsWith('/archive.html'), page.url());
    assert.ok(await page.$('svg.timeline rect'), 'timeline drawn');
    assert.notEqual(await page.$eval('body', (b) => getComputedStyle(b).lineHeight), 'normal');
    assert.deepEqual(failed, []);
    await page.close();
  });
});

describe('reading on a phone and with a keyboard', () => {
  let server;
  before(async () => { server = await serve(fixtureSite); });
  after(async () => { await server?.close(); });

  for (const path of ['index.html', 'reviews/2024-06-13-q-improving-multi-step-reasoning.html', 'reviews/2024-06-21-hostile-markup-in-review-text.html', 'tags/index.html', 'tags/llm.html', 'archive.html', 'search.html', '404.html']) {
    test(`${path} fits a 360 px screen without sideways scrolling`, async () => {
      const { page } = await openPage(browser, server.url + path, { width: 360, height: 740 });
      try {
        const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
        assert.ok(widths.scroll <= widths.client, JSON.stringify(widths));
      } finally {
        await page.close();
      }
    });
  }

  test('the first Tab shows the skip link with a visible focus ring, and it moves focus to main', async () => {
    const { page } = await openPage(browser, server.url + 'index.html');
    try {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const el = document.activeElement;
        const box = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        return { cls: el.className, top: box.top, outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
      });
      assert.equal(focused.cls, 'skip-link');
      assert.ok(focused.top >= 0, `skip link on screen: ${focused.top}`);
      assert.notEqual(focused.outline, 'none');
      assert.ok(focused.width >= 2, `outline ${focused.width}px`);
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
    } finally {
      await page.close();
    }
  });
});

describe('bidi', () => {
  let server;
  before(async () => { server = await serve(fixtureSite); });
  after(async () => { await server?.close(); });

  test('"Q*" inside a Hebrew headline and body is laid out Q then *', async () => {
    const { page } = await openPage(browser, `${server.url}reviews/2024-06-13-q-improving-multi-step-reasoning.html`);
    try {
      // x of each character of every "Q*"/"A*" occurrence in the headline and body text.
      const pairs = await page.evaluate(() => {
        const out = [];
        for (const root of document.querySelectorAll('.review-headline, .review-body')) {
          const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const m of node.data.matchAll(/[QA]\*/g)) {
              const range = document.createRange();
              const x = (i) => { range.setStart(node, i); range.setEnd(node, i + 1); return range.getBoundingClientRect().x; };
              out.push({ term: m[0], letter: x(m.index), star: x(m.index + 1) });
            }
          }
        }
        return out;
      });
      assert.ok(pairs.length >= 3, JSON.stringify(pairs));
      for (const p of pairs) assert.ok(p.letter < p.star, `${p.term} shown reversed: ${JSON.stringify(p)}`);
    } finally {
      await page.close();
    }
  });
});

describe('feeds and sitemap', () => {
  let server;
  before(async () => { server = await serve(fixtureSite); });
  after(async () => { await server?.close(); });

  test('feed.xml, a topic feed and sitemap.xml are well-formed XML with the right entries', async () => {
    const { page } = await openPage(browser, `${server.url}index.html`);
    try {
      const result = await page.evaluate(async () => {
        const parse = async (path) => {
          const doc = new DOMParser().parseFromString(await (await fetch(path)).text(), 'application/xml');
          return { error: doc.querySelector('parsererror')?.textContent ?? null, doc };
        };
        const feed = await parse('feed.xml');
        const topic = await parse('tags/reasoning.xml');
        const sitemap = await parse('sitemap.xml');
        return {
          errors: [feed.error, topic.error, sitemap.error].filter(Boolean),
          feedRoot: feed.doc.documentElement.namespaceURI,
          entries: feed.doc.querySelectorAll('entry').length,
          topicEntries: [...topic.doc.querySelectorAll('entry link')].map((l) => l.getAttribute('href')),
          firstTitle: feed.doc.querySelector('entry title').textContent,
          urls: sitemap.doc.querySelectorAll('url').length,
        };
      });
      assert.deepEqual(result.errors, []);
      assert.equal(result.feedRoot, 'http://www.w3.org/2005/Atom');
      assert.equal(result.entries, 9);
      assert.deepEqual(result.topicEntries, [
        '../reviews/2024-06-13-q-improving-multi-step-reasoning.html',
        '../reviews/2024-05-31-transformers-can-do-arithmetic-with-the-right-embeddings.html',
      ]);
      assert.equal(result.firstTitle, '\u2068סיכום שנה של סקירות: מה למדנו ב-2024\u2069');
      assert.ok(result.urls > 20, `${result.urls} urls`);
    } finally {
      await page.close();
    }
  });
});
