#!/usr/bin/env node
// Rough split of the archive into content/reviews/*.md, for the search
// benchmarks (and the browser tests, until the ingest output is on main).
//
// Not the ingest: a review starts at a header line ("המאמר ... של מיק", or an
// English title line between blank lines); good enough to give the search
// index realistic text. `--copies K` writes K variants of every review (10x
// content for the size benchmark): each copy changes one word in eight, so
// the vocabulary grows as a larger archive's would instead of repeating.
//
// usage: node bench/search-corpus.mjs ARCHIVE OUTDIR [--copies K]
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const HEADER = /המאמר (?:הימי|היומי|היום).{0,15}של מיק/;
const DATE = /(\d{1,2})\.(\d{1,2})\.(\d{2,4})/;
const ARXIV = /arxiv\.org\/(?:abs|pdf)\/(\d{4}\.\d{4,5})/g;
const ENGLISH_TITLE = /^[A-Za-z0-9][A-Za-z0-9 :,\-'?!&().+/]{12,}$/;
const TAGS = [
  ['diffusion', 'מודלי דיפוזיה', 'Diffusion models', ['diffusion', 'דיפוזיה']],
  ['llm', 'מודלי שפה', 'Language models', ['llm', 'language model', 'מודל שפה', 'מודלי שפה']],
  ['rl', 'למידת חיזוק', 'Reinforcement learning', ['reinforcement', 'rlhf', 'ppo', 'חיזוק']],
  ['graphs', 'גרפים', 'Graphs', ['graph', 'גרף']],
  ['vision', 'ראייה ממוחשבת', 'Computer vision', ['image', 'vision', 'תמונה', 'תמונות']],
];

export function splitArchive(text) {
  const lines = text.split('\n');
  const starts = [];
  lines.forEach((line, i) => {
    const s = line.trim();
    const prevBlank = i === 0 || !lines[i - 1].trim();
    const nextBlank = i + 1 >= lines.length || !lines[i + 1].trim();
    if (HEADER.test(s.slice(0, 60)) || (prevBlank && nextBlank && ENGLISH_TITLE.test(s) && s.includes(' '))) starts.push(i);
  });
  return starts.map((a, k) => ({ header: lines[a], body: lines.slice(a + 1, starts[k + 1] ?? lines.length) }));
}

// A small deterministic generator, so every run writes the same corpus.
function rng(seed) {
  let x = seed;
  return (n) => { x = (x * 1103515245 + 12345) % 2147483648; return x % n; };
}

export function writeCorpus(archive, out, copies = 1) {
  const reviews = splitArchive(readFileSync(archive, 'utf8'));
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, 'reviews'), { recursive: true });
  const random = rng(7);
  const letters = Array.from('אבגדהוזחטיכלמנסעפצקרשת');
  let [year, month, day] = [2024, 5, 30];
  for (let copy = 0; copy < copies; copy++) {
    reviews.forEach(({ header, body }, n) => {
      const m = DATE.exec(header);
      if (m) {
        const y = Number(m[3]);
        [year, month, day] = [y < 100 ? y + 2000 : y, Number(m[2]), Number(m[1])];
      }
      let title = HEADER.test(header) ? header.split(/⚡️🚀|:\s/).slice(1).join(': ').trim() || header : header;
      title = title.replace(/^[\s:🚀⚡️]+|[\s:🚀⚡️]+$/gu, '') || header.trim();
      let text = body.join('\n').trim();
      if (copy) {
        const words = text.split(' ');
        for (let k = 0; k < words.length; k += 8) {
          const at = k + random(Math.min(8, words.length - k));
          if (words[at]) words[at] += letters[random(letters.length)];
        }
        text = words.join(' ');
      }
      const headline = (body.find((l) => l.trim()) ?? '').trim().slice(0, 90);
      const arxiv = [...new Set(Array.from(text.matchAll(ARXIV), (x) => x[1]))].sort();
      const low = `${title} ${text}`.toLowerCase();
      const tags = TAGS.filter(([, , , rules]) => rules.some((r) => low.includes(r))).map(([slug]) => slug);
      const date = `${year}-${String(month).padStart(2, '0')}-${String(Math.min(day, 28)).padStart(2, '0')}`;
      const slug = `${date}-r${copy}-${n}`;
      const front = [
        '+++',
        `title = ${JSON.stringify(title)}`,
        `date = ${date}`,
        `headline = ${JSON.stringify(headline)}`,
        `number = ${copy * reviews.length + n + 1}`,
        `arxiv = ${JSON.stringify(arxiv)}`,
        `tags = ${JSON.stringify(tags)}`,
        '+++',
      ];
      writeFileSync(join(out, 'reviews', `${slug}.md`), `${front.join('\n')}\n\n${text}\n`);
    });
  }
  const toml = TAGS.map(([slug, he, en, rules]) =>
    `[[topic]]\nslug = "${slug}"\nhe = "${he}"\nen = "${en}"\nmatch = ${JSON.stringify(rules)}\n`).join('\n');
  writeFileSync(join(out, 'tags.toml'), toml);
  return reviews.length * copies;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const [archive, out] = process.argv.slice(2);
  const at = process.argv.indexOf('--copies');
  const n = writeCorpus(archive, out, at > 0 ? Number(process.argv[at + 1]) : 1);
  console.error(`${n} reviews in ${out}`);
}
