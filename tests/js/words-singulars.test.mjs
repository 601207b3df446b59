// Hebrew singular forms through the browser client's pipeline
// (static/search-pipeline.js `singulars`): the Rust twin is
// `words::hebrew::singulars`, tested against the same file by
// `singulars_match_the_shared_vectors`. Topic matching uses the Rust side,
// search queries the JS side; the vectors keep them one model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const root = new URL('../../', import.meta.url);
const context = { globalThis: {} };
vm.createContext(context);
vm.runInContext(readFileSync(new URL('static/search-pipeline.js', root), 'utf8'), context);
const pipeline = context.globalThis.yomonPipeline;
const vectors = JSON.parse(readFileSync(new URL('tests/vectors/hebrew-singulars.json', root), 'utf8'));

test('js hebrew singulars match the shared vectors', () => {
  assert.ok(vectors.length >= 10);
  for (const v of vectors) {
    assert.deepEqual(Array.from(pipeline.singulars(v.input)), v.singulars, v.input);
  }
});
