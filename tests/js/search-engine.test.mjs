// The search engine (static/search-engine.js) in node, on the index that
// `yomon build` writes for tests/fixtures/search: ranking rules that need
// no browser. The page around it is tested in tests/browser/search.test.mjs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const root = fileURLToPath(new URL('../../', import.meta.url));
const work = join(root, 'target', 'js-search');
const site = join(work, 'site');
let engine;
let termName;
let slugs;

function evalScript(file, globals) {
  const context = vm.createContext({ ...globals });
  context.globalThis = context;
  vm.runInContext(readFileSync(file, 'utf8'), context);
  return context;
}

// What `yomonSearch.index|shard|doc(...)` in a data file registers.
function load(key, path) {
  let payload;
  const yomonSearch = {
    index: (m) => { payload = m; },
    shard: (i, t) => { payload = t; },
    doc: (key, d) => { payload = d; },
    vocab: (i, v) => { payload = v; },
  };
  // The build id after `?` is for browsers' caches, not part of the file.
  evalScript(join(site, path.split('?')[0]), { yomonSearch });
  return Promise.resolve(payload);
}

before(async () => {
  execFileSync('cargo', ['build', '--release', '--locked', '--quiet'], { cwd: root, stdio: 'inherit' });
  const project = join(work, 'project');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(project, { recursive: true });
  for (const dir of ['templates', 'static']) symlinkSync(join(root, dir), join(project, dir));
  symlinkSync(join(root, 'tests', 'fixtures', 'search', 'content'), join(project, 'content'));
  execFileSync(join(root, 'target', 'release', 'yomon'), ['-q', '-C', project, 'build', '--out', site], { stdio: 'inherit' });
  const pipeline = evalScript(join(root, 'static', 'search-pipeline.js'), {}).yomonPipeline;
  const create = evalScript(join(root, 'static', 'search-engine.js'), {}).yomonSearchEngine;
  engine = create(pipeline, load);
  termName = create.termName;
  await engine.start();
  slugs = [];
  for (let i = 0; i < engine.count(); i++) slugs[i] = (await engine.doc(i)).u.replace(/^reviews\/|\.html$/g, '');
});

after(() => rmSync(work, { recursive: true, force: true }));

test('the client names every shard and vocabulary file as the build does', async () => {
  // The shared vectors (src/search/output.rs checks the same file).
  const vectors = JSON.parse(readFileSync(join(root, 'tests', 'vectors', 'term-names.json'), 'utf8'));
  for (const [term, name] of vectors) assert.equal(termName(term), name, term);
  const m = await load('index', 'search/index.js');
  const written = new Set(readdirSync(join(site, 'search')));
  for (const term of m.s) assert.ok(written.has(`s${termName(term)}.js`), `shard of ${term}`);
  for (const term of m.w) assert.ok(written.has(`v${termName(term)}.js`), `chunk of ${term}`);
});

async function ranked(query, topic = '') {
  // Array.from: arrays made inside the vm context fail deepStrictEqual.
  return Array.from((await engine.search(query, topic)).docs, (d) => slugs[d]);
}

test('title match outranks body matches', async () => {
  const found = await ranked('diffusion ');
  assert.deepEqual(found.slice(0, 2), ['2024-01-01-diffusion-made-simple', '2024-01-02-other-topic']);
});

test('reviews with all query words come first', async () => {
  const found = await ranked('graph attention ');
  assert.equal(found[0], '2024-01-05-graph-networks');
  assert.ok(found.includes('2024-01-06-attention-everywhere'));
});

test('an unfinished stop word does not outrank the words before it', async () => {
  // "is" may become "issue"; until then "graph" decides.
  assert.equal((await ranked('graph is'))[0], '2024-01-05-graph-networks');
});

test('hebrew prefix finds word, and the query may carry prefixes the text does not', async () => {
  assert.ok((await ranked('דיפוזיה ')).includes('2024-01-07-transformers-for-everything'));
  assert.ok((await ranked('ובמוח ')).includes('2024-01-03-brain-study'));
});

test('short word not noise: "מוח" finds the brain, never "מוחלט"', async () => {
  const found = await ranked('מוח');
  assert.deepEqual(found, ['2024-01-03-brain-study']);
});

test('plural endings: "מודל" finds "מודלים", "שיטה" finds "שיטות"', async () => {
  assert.ok((await ranked('מודל ')).includes('2024-01-08-many-models'));
  assert.ok((await ranked('שיטה ')).includes('2024-01-08-many-models'));
  assert.ok((await ranked('מוחות ')).includes('2024-01-03-brain-study'));
  assert.ok((await ranked('שיטת ')).includes('2024-01-08-many-models'), 'construct "שיטת" ~ "שיטות"');
});

test('english is stemmed and case-insensitive: "grok", "GROKKING" find "grokking"', async () => {
  assert.deepEqual(await ranked('grok '), ['2024-01-08-many-models']);
  assert.deepEqual(await ranked('GROKKING '), ['2024-01-08-many-models']);
  assert.deepEqual(await ranked('hallucinate '), ['2024-01-09-minor-notes'], 'Porter: hallucinate ~ hallucinations');
});

test('the last, unfinished word is a prefix: "transf" finds transformers', async () => {
  assert.deepEqual(await ranked('transf'), ['2024-01-07-transformers-for-everything']);
  assert.deepEqual(await ranked('transf '), [], 'a finished word is not a prefix');
});

test('arXiv id and review number are searchable as written', async () => {
  assert.deepEqual(await ranked('2405.17399'), ['2024-01-08-many-models']);
  assert.deepEqual(await ranked('arXiv:2405.17399v2 '), ['2024-01-08-many-models']);
  assert.ok((await ranked('42 ')).includes('2024-01-08-many-models'));
});

test('topic filter keeps only that topic', async () => {
  assert.deepEqual(await ranked('diffusion ', 'diffusion'), ['2024-01-01-diffusion-made-simple']);
});

test('snippet window marks the matched words', async () => {
  const text = (await engine.doc(slugs.indexOf('2024-01-03-brain-study'))).x;
  const { items } = await engine.search('מוח ', '');
  const marked = Array.from(engine.snippetWords(text, items).words).filter((w) => w.hit).map((w) => text.slice(w.start, w.end));
  assert.deepEqual(marked, ['במוח', 'ובמוחות']);
});

test('authors are searchable: a co-author finds their review', async () => {
  assert.deepEqual(await ranked('אוראל '), ['2023-12-30-small-models-together']);
});

test('words that stand together outrank the same words scattered', async () => {
  const found = await ranked('מודלי שפה קטנים ');
  assert.deepEqual(found.slice(0, 2), ['2023-12-30-small-models-together', '2023-12-31-words-scattered']);
});

test('a quoted phrase needs its words in order, prefixed forms included', async () => {
  assert.deepEqual(await ranked('"מודלי שפה"'), ['2023-12-30-small-models-together'], '"במודלי שפה" is the phrase');
  assert.deepEqual(await ranked('"שפה מודלי"'), [], 'the words in another order are not the phrase');
  assert.deepEqual(await ranked('"בדבר שאינו"'), [], 'no review holds these words at all');
  // Gershayim inside a word do not open a phrase.
  const items = engine.parseQuery('בד"כ "מודלי שפה" קטנים');
  assert.deepEqual(Array.from(items, (i) => i.group >= 0), [false, true, true, false]);
});

test('a word that finds nothing looks for near spellings, and says which', async () => {
  const result = await engine.search('grokkking ', '');
  assert.deepEqual(Array.from(result.docs, (d) => slugs[d]), ['2024-01-08-many-models']);
  assert.deepEqual(Array.from(result.also), ['grokking']);
  const hebrew = await engine.search('דיפוזה ', '');
  assert.ok(Array.from(hebrew.docs, (d) => slugs[d]).includes('2024-01-07-transformers-for-everything'));
  assert.deepEqual(Array.from(hebrew.also), ['דיפוזיה']);
  // Short words are never corrected; words that find something are left alone.
  assert.deepEqual(Array.from((await engine.search('grox ', '')).also), ['grok']);
  assert.deepEqual(Array.from((await engine.search('מוז ', '')).also), []);
  assert.deepEqual(Array.from((await engine.search('grokking ', '')).also), []);
});

test('typo reach: one edit from four letters, two from eight, transpositions count once', () => {
  assert.equal(engine.editDistance(Array.from('trasnformer'), Array.from('transformer'), 2), 1);
  assert.equal(engine.editDistance(Array.from('דיפוזה'), Array.from('דיפוזיה'), 1), 1);
  assert.equal(engine.editDistance(Array.from('abcdef'), Array.from('azcdxf'), 1), 2);
});

test('an empty query with a year filter lists that year, newest first; sort by date', async () => {
  const listed = Array.from((await engine.search('', { year: '2023' })).docs, (d) => slugs[d]);
  assert.deepEqual(listed, ['2023-12-31-words-scattered', '2023-12-30-small-models-together']);
  assert.deepEqual(Array.from((await engine.search('', {})).docs), [], 'no words and no filter: nothing');
  const topicOnly = Array.from((await engine.search('', { topic: 'diffusion' })).docs, (d) => slugs[d]);
  assert.deepEqual(topicOnly, ['2024-01-01-diffusion-made-simple']);
  const byDate = Array.from((await engine.search('diffusion ', { sort: 'date' })).docs, (d) => slugs[d]);
  // By relevance the title match comes first (see the first test); by date the newer review.
  assert.deepEqual(byDate, ['2024-01-02-other-topic', '2024-01-01-diffusion-made-simple']);
  const inYear = await ranked('מודלי ', { year: '2024' });
  assert.ok(!inYear.includes('2023-12-30-small-models-together'), inYear.join(' '));
});

test('a word a quarter of the reviews hold as typed is looked up as typed only', async () => {
  // "מודלי" is in three of the eleven reviews; its other forms ("מודלים") are not looked up.
  const { items, docs } = await engine.search('מודלי ', '');
  assert.deepEqual(Array.from(items[0].alts, (a) => a.term), ['מודלי']);
  assert.ok(!Array.from(docs, (d) => slugs[d]).includes('2024-01-08-many-models'));
  // A rarer word keeps its forms: "מוחות" finds "במוח" through "מוח".
  assert.ok((await ranked('מוחות ')).includes('2024-01-03-brain-study'));
});
