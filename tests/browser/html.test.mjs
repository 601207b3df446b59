// Every page of the built site passes the Nu HTML checker with zero errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildSite, hasRealContent, realContent, vnuErrors } from './harness.mjs';

function htmlFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .filter((f) => f.endsWith('.html'))
    .map((f) => join(dir, f));
}

test('every fixture page passes the Nu HTML checker', () => {
  const files = htmlFiles(buildSite());
  assert.ok(files.length > 10, `${files.length} pages`);
  assert.deepEqual(vnuErrors(files), []);
});

test('every page built from the real content passes the Nu HTML checker', { skip: !hasRealContent() && 'content/ not merged yet' }, () => {
  const files = htmlFiles(buildSite({ content: realContent, name: 'real' }));
  assert.ok(files.length > 10, `${files.length} pages`);
  assert.deepEqual(vnuErrors(files), []);
});
