// The shared token vectors through the browser client's pipeline
// (static/search-pipeline.js), in node: the Rust twin of this test is
// tests/search_vectors.rs, and both read tests/vectors/tokens.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const root = new URL('../../', import.meta.url);
const context = { globalThis: {} };
vm.createContext(context);
vm.runInContext(readFileSync(new URL('static/search-pipeline.js', root), 'utf8'), context);
const pipeline = context.globalThis.yomonPipeline;
const vectors = JSON.parse(readFileSync(new URL('tests/vectors/tokens.json', root), 'utf8'));

test('js pipeline matches the shared vectors', () => {
  assert.ok(vectors.length >= 200, `only ${vectors.length} vectors`);
  const wrong = [];
  for (const v of vectors) {
    const tokens = Array.from(pipeline.tokens(v.input));
    const terms = Array.from(pipeline.indexTerms(v.input));
    if (JSON.stringify(tokens) !== JSON.stringify(v.tokens) || JSON.stringify(terms) !== JSON.stringify(v.terms)) {
      wrong.push(`${JSON.stringify(v.input)}: expected ${JSON.stringify(v.tokens)} / ${JSON.stringify(v.terms)}, got ${JSON.stringify(tokens)} / ${JSON.stringify(terms)}`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('hebrew prefix finds word in the js pipeline', () => {
  for (const written of ['בדיפוזיה', 'והדיפוזיה', 'שהדיפוזיה']) {
    assert.ok(pipeline.indexTerms(written).includes('דיפוזיה'), written);
  }
  assert.ok(!pipeline.indexTerms('מוחלט').includes('מוח'));
});

test('stop word lists match the rust lists', () => {
  const rust = readFileSync(new URL('src/words/stopwords.rs', root), 'utf8');
  const list = (name) => {
    const body = rust.match(new RegExp(`pub const ${name}: &\\[&str\\] = &\\[([^\\]]*)\\]`))[1];
    return Array.from(body.matchAll(/"([^"]*)"/g), (m) => m[1]);
  };
  assert.deepEqual(Array.from(pipeline.HEBREW_STOP), list('HEBREW'));
  assert.deepEqual(Array.from(pipeline.ENGLISH_STOP), list('ENGLISH'));
});
