/**
 * Re-anchoring under generated edits of real page text: the text model of the
 * saved arXiv HTML rendering (tests/fixtures/pages/arxiv-html-2604.15597v1.html),
 * a quote picked at random (unique in the text), then edits a revision would
 * make. Counts how often the highlight comes back on its passage, how often it
 * orphans, and false anchors (an anchor that does not overlap the passage, or
 * any anchor once the passage is deleted): the goal, and
 * the assertion, is 0. Numbers are printed for docs/ARCHITECTURE.md.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
// @ts-expect-error -- jsdom ships no types and @types/jsdom is not installed; only `new JSDOM(html)` is used.
import { JSDOM } from 'jsdom';
import { beforeAll, describe, expect, it } from 'vitest';
import { anchorInText, describeRange } from '../../lib/annotations/anchor';
import { buildTextModel, type TextModel } from '../../lib/annotations/text-model';
import type { Anchor } from '../../lib/annotations/types';

const RUNS = Number(process.env.ANCHOR_RUNS ?? 300);
/** Per test: about 25 ms a run at most (the fuzzy step on the 180,000-character text), with room for a loaded machine. */
const TIMEOUT = 30_000 + RUNS * 100;

let model: TextModel;
let words: string[];

beforeAll(() => {
  const html = readFileSync(new URL('../fixtures/pages/arxiv-html-2604.15597v1.html', import.meta.url), 'utf8');
  const doc = new JSDOM(html).window.document;
  model = buildTextModel(doc.querySelector('article.ltx_document')!);
  words = model.text.split(' ').filter((w) => /^[a-z]{2,12}$/.test(w));
}, 60_000);

/** An edited text with where the quote's passage now is (`null`: it is gone). */
interface Revision {
  text: string;
  truth: { start: number; end: number } | null;
}

function insert(r: Revision, at: number, s: string): Revision {
  const text = r.text.slice(0, at) + s + r.text.slice(at);
  let truth = r.truth;
  if (truth) {
    if (at <= truth.start) truth = { start: truth.start + s.length, end: truth.end + s.length };
    else if (at < truth.end) truth = { start: truth.start, end: truth.end + s.length };
  }
  return { text, truth };
}

function remove(r: Revision, from: number, to: number): Revision {
  const text = r.text.slice(0, from) + r.text.slice(to);
  const shift = (x: number): number => (x <= from ? x : x >= to ? x - (to - from) : from);
  const truth = r.truth ? { start: shift(r.truth.start), end: shift(r.truth.end) } : null;
  return { text, truth: truth && truth.end > truth.start ? truth : null };
}

/** A quote: a word-aligned stretch of the text found nowhere else. */
function pickQuote(start: number, length: number): { start: number; end: number } | null {
  const text = model.text;
  let s = Math.floor(start * (text.length - 400)) + 200;
  while (s < text.length && text[s - 1] !== ' ') s++;
  let e = s + length;
  while (e < text.length && text[e] !== ' ') e++;
  const exact = text.slice(s, e);
  if (exact.trim().length < 12 || text.indexOf(exact) !== text.lastIndexOf(exact)) return null;
  return { start: s, end: e };
}

interface Tally {
  runs: number;
  exact: number;
  overlap: number;
  orphan: number;
  falseAnchor: number;
}

const tallies = new Map<string, Tally>();

function tally(name: string, truth: Revision['truth'], anchor: Anchor | null): 'ok' | 'orphan' | 'false' {
  const t = tallies.get(name) ?? { runs: 0, exact: 0, overlap: 0, orphan: 0, falseAnchor: 0 };
  tallies.set(name, t);
  t.runs++;
  if (!anchor) {
    t.orphan++;
    return 'orphan';
  }
  if (!truth) {
    t.falseAnchor++;
    return 'false';
  }
  const overlap = Math.min(anchor.end, truth.end) - Math.max(anchor.start, truth.start);
  if (anchor.start === truth.start && anchor.end === truth.end) t.exact++;
  else if (overlap > 0) t.overlap++;
  else {
    t.falseAnchor++;
    return 'false';
  }
  return 'ok';
}

const unit = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
const quoteArb = fc.record({ at: unit, length: fc.integer({ min: 12, max: 220 }) });
/** An edit described by unit-interval numbers, applied relative to the current quote. */
interface Edit {
  kind: 'insert' | 'delete';
  where: number;
  size: number;
  word: number;
}
const editArb: fc.Arbitrary<Edit> = fc.record({
  kind: fc.constantFrom('insert' as const, 'delete' as const),
  where: unit,
  size: unit,
  word: fc.nat(),
});

function wordsOf(seed: number, n: number): string {
  return Array.from({ length: n }, (_, i) => words[(seed + i * 7919) % words.length]).join(' ');
}

/** An edit within 150 characters before or after the passage, never inside it. */
function editAround(r: Revision, e: Edit): Revision {
  const t = r.truth!;
  const before = e.where < 0.5;
  const span = 150;
  const at = before
    ? Math.max(0, t.start - Math.floor(((0.5 - e.where) / 0.5) * span) - 1)
    : Math.min(r.text.length, t.end + 1 + Math.floor(((e.where - 0.5) / 0.5) * span));
  if (e.kind === 'insert') return insert(r, at, ` ${wordsOf(e.word, 1 + Math.floor(e.size * 6))} `);
  const len = 1 + Math.floor(e.size * 40);
  return before ? remove(r, Math.max(0, at - len), at) : remove(r, at, Math.min(r.text.length, at + len));
}

/** A small edit inside the passage: a few characters or a word in or out. */
function editInside(r: Revision, e: Edit): Revision {
  const t = r.truth!;
  const at = t.start + 1 + Math.floor(e.where * (t.end - t.start - 2));
  if (e.kind === 'insert') return insert(r, at, e.size < 0.5 ? ` ${wordsOf(e.word, 1)}` : 'x');
  return remove(r, at, Math.min(t.end - 1, at + 1 + Math.floor(e.size * 4)));
}

function run(name: 'around' | 'inside') {
  return fc.property(quoteArb, fc.array(editArb, { minLength: 1, maxLength: 4 }), (qa, edits) => {
    const q = pickQuote(qa.at, qa.length);
    fc.pre(q !== null);
    const target = describeRange(model, q!.start, q!.end, { rendering: 'arxiv-html', version: 1 });
    let r: Revision = { text: model.text, truth: { ...q! } };
    for (const e of edits) {
      if (!r.truth) break;
      r = name === 'inside' ? editInside(r, e) : editAround(r, e);
    }
    const anchor = anchorInText(r.text, target);
    return tally(name, r.truth, anchor) !== 'false';
  });
}

function report(name: string): Tally {
  const t = tallies.get(name)!;
  console.log(
    `[anchoring] ${name}: ${t.runs} runs, re-anchored ${(((t.exact + t.overlap) / t.runs) * 100).toFixed(1)}% ` +
      `(exact ${t.exact}, overlapping ${t.overlap}), orphaned ${t.orphan}, false anchors ${t.falseAnchor}`,
  );
  return t;
}

describe('re-anchoring under generated edits of real page text', () => {
  it(
    'edits around the passage (insertions and deletions within 150 characters): re-anchors exactly',
    () => {
      fc.assert(run('around'), { numRuns: RUNS });
      const t = report('around');
      expect(t.falseAnchor).toBe(0);
      expect(t.exact / t.runs).toBeGreaterThanOrEqual(0.97);
    },
    TIMEOUT,
  );

  it(
    'small edits inside the passage (1–4 characters or words): re-anchors on it',
    () => {
      fc.assert(run('inside'), { numRuns: RUNS });
      const t = report('inside');
      expect(t.falseAnchor).toBe(0);
      expect((t.exact + t.overlap) / t.runs).toBeGreaterThanOrEqual(0.9);
    },
    TIMEOUT,
  );

  it(
    'the passage moved elsewhere: re-anchors where it went',
    () => {
      fc.assert(
        fc.property(quoteArb, unit, unit, unit, (qa, a, b, dest) => {
          const q = pickQuote(qa.at, qa.length);
          fc.pre(q !== null);
          const target = describeRange(model, q!.start, q!.end, { rendering: 'arxiv-html', version: 1 });
          const from = Math.max(0, q!.start - Math.floor(a * 400));
          const to = Math.min(model.text.length, q!.end + Math.floor(b * 400));
          const moved = model.text.slice(from, to);
          const rest = model.text.slice(0, from) + model.text.slice(to);
          let at = Math.floor(dest * rest.length);
          while (at < rest.length && rest[at] !== ' ') at++;
          const text = rest.slice(0, at) + ' ' + moved + ' ' + rest.slice(at);
          const start = at + 1 + (q!.start - from);
          const truth = { start, end: start + (q!.end - q!.start) };
          // A passage moved with at least one side of its context, or a quote moved on its own.
          const name = q!.start - from >= 32 || to - q!.end >= 32 ? 'moved' : 'moved-alone';
          return tally(name, truth, anchorInText(text, target)) !== 'false';
        }),
        { numRuns: RUNS },
      );
      const t = report('moved');
      expect(t.falseAnchor).toBe(0);
      expect((t.exact + t.overlap) / t.runs).toBeGreaterThanOrEqual(0.95);
      // Alone, a quote shorter than 32 characters has nothing to vouch for it and orphans by design.
      const alone = report('moved-alone');
      expect(alone.falseAnchor).toBe(0);
    },
    TIMEOUT,
  );

  it(
    'the passage deleted (with up to 400 characters either side): orphans, never anchors elsewhere',
    () => {
      fc.assert(
        fc.property(quoteArb, unit, unit, (qa, a, b) => {
          const q = pickQuote(qa.at, qa.length);
          fc.pre(q !== null);
          const target = describeRange(model, q!.start, q!.end, { rendering: 'arxiv-html', version: 1 });
          const from = Math.max(0, q!.start - Math.floor(a * 400));
          const to = Math.min(model.text.length, q!.end + Math.floor(b * 400));
          const text = model.text.slice(0, from) + model.text.slice(to);
          return tally('deleted', null, anchorInText(text, target)) !== 'false';
        }),
        { numRuns: RUNS },
      );
      const t = report('deleted');
      expect(t.falseAnchor).toBe(0);
      expect(t.orphan).toBe(t.runs);
    },
    TIMEOUT,
  );
});
