// Screenshots of the built fixture site for a human to look at:
// phone (360 px) and desktop, light and dark, into target/screenshots/.
// Usage: node screenshots.mjs [content-dir] [page ...]
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildSite, fixtureContent, launchBrowser, openPage, repoRoot, serve } from './harness.mjs';

const [content = fixtureContent, ...only] = process.argv.slice(2);
const dir = buildSite({ content, name: content === fixtureContent ? 'fixture' : 'shots' });
const out = join(repoRoot, 'target', 'screenshots');
mkdirSync(out, { recursive: true });
const pages = only.length ? only : ['index.html', 'reviews/2024-06-13-q-improving-multi-step-reasoning.html', 'reviews/2024-06-21-hostile-markup-in-review-text.html', 'tags/index.html', 'tags/llm.html', 'archive.html', 'search.html', '404.html'];
const server = await serve(dir);
const browser = await launchBrowser();
for (const path of pages) {
  for (const [device, width, height] of [['phone', 360, 740], ['desktop', 1280, 900]]) {
    for (const dark of [false, true]) {
      const { page, problems } = await openPage(browser, server.url + path, { width, height, dark });
      const file = join(out, `${path.replace(/[/.]/g, '_')}-${device}-${dark ? 'dark' : 'light'}.png`);
      // Grow the viewport to the page (at most two screens) instead of
      // fullPage: Chromium's fullPage capture of a short RTL page comes out
      // shifted sideways.
      const tall = await page.evaluate(() => document.documentElement.scrollHeight);
      await page.setViewport({ width, height: Math.min(tall, height * 2) });
      await page.screenshot({ path: file });
      if (problems.length) console.log(path, problems);
      await page.close();
    }
  }
}
await browser.close();
await server.close();
console.log(`screenshots in ${out}`);
