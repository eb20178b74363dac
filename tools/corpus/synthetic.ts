/**
 * Deterministic arXiv-shaped synthetic corpora of any size, for measurement:
 * titles of 6–20 words and abstracts of 100–250 words drawn from a
 * Zipf-distributed vocabulary of at least 50,000 terms whose head is the real
 * corpus's words (by frequency), 1–12 authors, realistic new-style IDs and years.
 * The same seed and size always give the same papers.
 */
import { arxivLinks, type Paper } from '../../lib/core/paper';

/** A small, fast, seedable PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = 'ka,ri,to,me,na,lo,sa,vi,de,ru,pe,zo,ti,ga,mo,le,xi,bu,no,fa,qu,se,di,ta,ro,ne,li,ce,pa,mi'.split(',');

/** The vocabulary: the real corpus's words by frequency, then made-up words up to `size`. */
export function buildVocabulary(realTexts: string[], size = 60_000): string[] {
  const counts = new Map<string, number>();
  for (const t of realTexts) {
    for (const m of t.toLowerCase().matchAll(/[a-z][a-z-]{1,24}/g)) counts.set(m[0], (counts.get(m[0]) ?? 0) + 1);
  }
  const head = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([w]) => w);
  const words = new Set(head);
  const rand = prng(7);
  while (words.size < size) {
    const n = 2 + Math.floor(rand() * 3);
    let w = '';
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(rand() * SYLLABLES.length)];
    words.add(w);
  }
  return [...words];
}

/** Draws ranks from a Zipf distribution (exponent ~1.07, as English text) over `n` items. */
export function zipfSampler(n: number, rand: () => number, s = 1.07): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += 1 / Math.pow(i + 1, s);
    cdf[i] = sum;
  }
  return () => {
    const x = rand() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const FIRST =
  'Wei,Anna,Luca,Priya,Kenji,Maria,Omar,Sofia,Jonas,Chen,Fatima,Diego,Yuki,Ivan,Amara,Noah,Lea,Ravi,Elif,Tomasz'.split(',');
const LAST =
  'Zhang,Müller,Rossi,Patel,Tanaka,García,Haddad,Kowalski,Nguyen,Smith,Okafor,Silva,Kim,Novak,Ivanova,Dubois,Singh,Yılmaz,Larsen,Chen'.split(
    ',',
  );

/** Generates `count` papers from the vocabulary. */
export function syntheticCorpus(count: number, vocabulary: string[], seed = 42): Paper[] {
  const rand = prng(seed);
  const word = zipfSampler(vocabulary.length, rand);
  const between = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const sentence = (n: number) => Array.from({ length: n }, () => vocabulary[word()]).join(' ');
  const perMonth = new Map<string, number>();
  const papers: Paper[] = [];
  for (let i = 0; i < count; i++) {
    const year = between(2015, 2025);
    const month = between(1, 12);
    const yymm = `${String(year % 100).padStart(2, '0')}${String(month).padStart(2, '0')}`;
    const n = (perMonth.get(yymm) ?? 0) + 1;
    perMonth.set(yymm, n);
    const id = `${yymm}.${String(n).padStart(5, '0')}`;
    const title = sentence(between(6, 20)).replace(/^./, (c) => c.toUpperCase());
    const words = between(100, 250);
    const parts: string[] = [];
    for (let left = words; left > 0;) {
      const len = Math.min(left, between(12, 28));
      parts.push(sentence(len).replace(/^./, (c) => c.toUpperCase()) + '.');
      left -= len;
    }
    const authors = Array.from(
      { length: between(1, 12) },
      () => `${FIRST[between(0, FIRST.length - 1)]} ${LAST[between(0, LAST.length - 1)]}`,
    );
    papers.push({ id, title, abstract: parts.join(' '), authors, year, links: arxivLinks(id) });
  }
  return papers;
}
