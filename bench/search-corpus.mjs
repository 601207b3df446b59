// Content at K times the real archive's size, for the 10x search benchmark:
// every review of content/ K times. Each extra copy changes one word in
// eight (a letter added), so the vocabulary grows as a larger archive's
// would instead of only repeating, which would flatter the index size.
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// A small deterministic generator: every run writes the same content.
function generator(seed) {
  let x = seed;
  return (n) => { x = (x * 1103515245 + 12345) % 2147483648; return x % n; };
}

export function multiplyContent(content, out, copies) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, 'reviews'), { recursive: true });
  cpSync(join(content, 'tags.toml'), join(out, 'tags.toml'));
  const random = generator(7);
  const letters = Array.from('אבגדהוזחטיכלמנסעפצקרשתabcdefghijklmnopqrstuvwxyz');
  for (const file of readdirSync(join(content, 'reviews')).sort()) {
    const text = readFileSync(join(content, 'reviews', file), 'utf8');
    const end = text.indexOf('\n+++\n', 4) + 5;
    const [front, body] = [text.slice(0, end), text.slice(end)];
    for (let copy = 0; copy < copies; copy++) {
      let words = body.split(' ');
      if (copy) {
        for (let k = 0; k < words.length; k += 8) {
          const at = k + random(Math.min(8, words.length - k));
          if (/^[\p{L}]+$/u.test(words[at])) words[at] += letters[random(letters.length)];
        }
      }
      const name = copy ? file.replace(/\.md$/, `-x${copy}.md`) : file;
      // A copy's title is marked too: two reviews with the same title and
      // date are an error (a review pasted twice).
      const head = copy ? front.replace(/^title = "(.*)"$/m, `title = "$1 (x${copy})"`) : front;
      writeFileSync(join(out, 'reviews', name), head + words.join(' '));
    }
  }
}
