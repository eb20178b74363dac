/**
 * Every selector of every site module matches on the saved page it names (and
 * on each page of `alsoOn`): a selector that stops matching its own page is
 * either stale or was never checked. The readers' results are tested in
 * page.test.ts; this only keeps the selector data honest.
 */
import { readFileSync } from 'node:fs';
// @ts-expect-error -- jsdom ships no types and @types/jsdom is not installed; only `new JSDOM(html)` is used.
import { JSDOM } from 'jsdom';
import { beforeAll, describe, expect, it } from 'vitest';
import { ARXIV_ANCHORS, ARXIV_SELECTORS } from '../../lib/pages/arxiv';
import { HF_ANCHORS, HF_SELECTORS } from '../../lib/pages/huggingface';
import type { CheckedSelector } from '../../lib/pages/types';

const docs = new Map<string, Document>();
const page = (file: string) => docs.get(file)!;
const entries = (
  site: string,
  selectors: Record<string, CheckedSelector>,
  anchors: Record<string, readonly CheckedSelector[]>,
) => [
  ...Object.entries(selectors).map(([name, s]) => ({ name: `${site} ${name}`, s })),
  ...Object.entries(anchors).flatMap(([kind, rules]) => rules.map((s, i) => ({ name: `${site} ${kind} anchor ${i + 1}`, s }))),
];

const TABLE = [...entries('arXiv', ARXIV_SELECTORS, ARXIV_ANCHORS), ...entries('Hugging Face', HF_SELECTORS, HF_ANCHORS)].flatMap(
  ({ name, s }) => [s.page, ...(s.alsoOn ?? [])].map((file) => ({ name, selector: s.selector, file })),
);

describe('site-module selectors on their saved pages', () => {
  // Parsing the big HTML renderings takes seconds on a loaded machine: once, up front, not inside a test's 5 s.
  beforeAll(() => {
    for (const file of new Set(TABLE.map((row) => row.file))) {
      const html = readFileSync(new URL(`../fixtures/pages/${file}`, import.meta.url), 'utf8');
      docs.set(file, new JSDOM(html).window.document as Document);
    }
  }, 120_000);

  it('covers both sites', () => {
    expect(TABLE.length).toBeGreaterThan(40);
  });

  it.each(TABLE)('$name: $selector matches in $file', ({ selector, file }) => {
    expect(page(file).querySelectorAll(selector).length).toBeGreaterThan(0);
  });
});
