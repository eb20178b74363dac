/**
 * Bad input never breaks the page readers: recognisePage, readPaperPage and
 * readListing over the saved pages of tests/fixtures/pages, mutated by fast-check
 * (meta tags dropped, data-props JSON garbled, enormous titles, markup in titles,
 * random deletions and insertions), parsed with jsdom. They never throw, respect
 * their caps, and never report an arXiv ID that is not in the URL or the page.
 *
 * Run counts: jsdom needs 10-30 ms for a saved abs page but 0.5-0.8 s for the
 * 1 MB captures, so the small pages are mutated many times and the big ones a few.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
// @ts-expect-error -- jsdom ships no types and @types/jsdom is not installed; only `new JSDOM(html, { url })` is used.
import { JSDOM } from 'jsdom';
import { afterAll, describe, expect, it } from 'vitest';
import { readListing, readPaperPage, recognisePage } from '../../lib/pages';

const pagesDir = new URL('../fixtures/pages/', import.meta.url);

interface Fixture {
  file: string;
  url: string;
  runs: number;
}

/** Saved pages at the URLs they were captured from (as in tests/unit/page.test.ts), with their run counts. */
const FIXTURES: Fixture[] = [
  { file: 'arxiv-abs-2609.22268v1.html', url: 'https://arxiv.org/abs/2609.22268', runs: 80 },
  { file: 'arxiv-abs-2106.09608v2.html', url: 'https://arxiv.org/abs/2106.09608', runs: 60 },
  { file: 'arxiv-abs-1902.02534v2-headonly.html', url: 'https://arxiv.org/abs/1902.02534v2', runs: 100 },
  { file: 'arxiv-abs-hep-th-9901001v1.html', url: 'https://arxiv.org/abs/hep-th/9901001v1', runs: 60 },
  { file: 'arxiv-abs-2310.00161v1-renamed.html', url: 'https://arxiv.org/abs/2310.00161v1', runs: 60 },
  { file: 'arxiv-abs-2501.99999v1-lookalike.html', url: 'https://arxiv.org/abs/2501.99999v1', runs: 60 },
  { file: 'hf-paper-2308.08414.html', url: 'https://huggingface.co/papers/2308.08414', runs: 100 },
  { file: 'arxiv-list-cs.CL-new.html', url: 'https://arxiv.org/list/cs.CL/new', runs: 100 },
  { file: 'hf-daily-2026-09-28-live-dom.html', url: 'https://huggingface.co/papers', runs: 12 },
  { file: 'hf-daily-2026-06-03.html', url: 'https://huggingface.co/papers/date/2026-06-03', runs: 5 },
  { file: 'arxiv-html-2604.15597v1.html', url: 'https://arxiv.org/html/2604.15597v1', runs: 3 },
  { file: 'ar5iv-html-2201.00020.html', url: 'https://ar5iv.labs.arxiv.org/html/2201.00020', runs: 3 },
  {
    file: 'arxiv-search-abstract-distributed-systems.html',
    url: 'https://arxiv.org/search/?searchtype=abstract&query=distributed+systems',
    runs: 3,
  },
];

/** Markup a hostile or broken page may put where a title goes. */
const MARKUP = [
  '<script>window.pwned = 1</script>',
  '</title><script>window.pwned = 1</script><title>',
  '"><img src=x onerror="window.pwned=1">',
  '<b>bold</b> <i>claims</i>',
  '<!--',
  '-->',
  '<![CDATA[',
  ']]>',
  '&lt;b&gt;escaped&lt;/b&gt;',
  '</h1></div></dl></body></html>',
  '<dt><a href="/abs/2401.00001">arXiv:2401.00001</a></dt>',
  '\u0000\u202e\ud800',
  '{"paper":{"id":"2401.00002"',
];

/** One change to a page. Positions are fractions of the page's length. */
type Mutation =
  | { kind: 'dropMeta'; mask: number }
  | { kind: 'garbleProps'; at: number; junk: string }
  | { kind: 'hugeTitle'; unit: string; n: number }
  | { kind: 'markupTitle'; markup: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert'; at: number; text: string };

const fraction = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('dropMeta' as const), mask: fc.integer() }),
  fc.record({
    kind: fc.constant('garbleProps' as const),
    at: fraction,
    junk: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('&quot;', '{', ']', '\\', '&quot;:null,&quot;', '')),
  }),
  fc.record({
    kind: fc.constant('hugeTitle' as const),
    unit: fc.constantFrom('word ', '\ud835\udd38', '<b>x</b>', ' \n\t', 'é'),
    n: fc.integer({ min: 500, max: 300_000 }),
  }),
  fc.record({ kind: fc.constant('markupTitle' as const), markup: fc.constantFrom(...MARKUP) }),
  fc.record({ kind: fc.constant('delete' as const), at: fraction, length: fc.integer({ min: 1, max: 5_000 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fraction,
    text: fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom(...MARKUP)),
  }),
);

/** The title's places: `<title>`, citation_title/og:title content, an abs h1, the JSON title. */
function inTitles(html: string, text: string, escaped: string): string {
  return html
    .replace(/<title>/i, `<title>${text}`)
    .replace(/(<meta[^>]+(?:citation_title|og:title)[^>]+content=")/gi, `$1${escaped}`)
    .replace(/(<h1 class="title[^"]*">)/, `$1${text}`)
    .replace(/(&quot;title&quot;:&quot;)/, `$1${escaped}`);
}

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

function apply(html: string, m: Mutation): string {
  const at = (f: number) => Math.floor(f * html.length);
  switch (m.kind) {
    case 'dropMeta': {
      let i = 0;
      // Each meta tag kept or dropped by one bit of the mask.
      return html.replace(/<meta\b[^>]*>/gi, (tag) => ((m.mask >> (i++ % 31)) & 1 ? tag : ''));
    }
    case 'garbleProps': {
      const props = [...html.matchAll(/data-props="/g)];
      if (!props.length) return html;
      const start = props[Math.floor(m.at * props.length)].index! + 'data-props="'.length;
      const end = html.indexOf('"', start);
      const pos = start + Math.floor(((m.at * 7919) % 1) * Math.max(1, end - start));
      return html.slice(0, pos) + attr(m.junk) + html.slice(pos + (m.junk.length % 3));
    }
    case 'hugeTitle': {
      const big = m.unit.repeat(Math.ceil(m.n / m.unit.length));
      return inTitles(html, big.replace(/</g, '&lt;'), attr(big));
    }
    case 'markupTitle':
      return inTitles(html, m.markup, attr(m.markup));
    case 'delete':
      return html.slice(0, at(m.at)) + html.slice(at(m.at) + m.length);
    case 'insert':
      return html.slice(0, at(m.at)) + m.text + html.slice(at(m.at));
  }
}

const sources = new Map(FIXTURES.map((f) => [f.file, readFileSync(new URL(f.file, pagesDir), 'utf8')]));
const tally: string[] = [];
afterAll(() => console.log(`page fuzz runs: ${tally.join(', ')}`));

/** Asserts what must hold for any page read at any URL. */
function checkReaders(url: URL, html: string): void {
  const ref = recognisePage(url);
  const dom = new JSDOM(html, { url: url.href });
  try {
    const doc = dom.window.document as Document;
    const found = (id: string) => url.href.includes(id) || html.includes(id);
    const paper = readPaperPage(url, doc);
    if (ref === null) expect(paper).toBeNull();
    if (paper) {
      if (paper.arxivId) expect(found(paper.arxivId), `invented id ${paper.arxivId}`).toBe(true);
      expect(paper.title?.length ?? 0).toBeLessThanOrEqual(1000);
      expect(paper.abstract?.length ?? 0).toBeLessThanOrEqual(20_000);
      expect(paper.authors.length).toBeLessThanOrEqual(2000);
      for (const a of paper.authors) expect(a.length).toBeLessThanOrEqual(300);
      // A cut never leaves half a surrogate pair behind.
      expect(paper.title ?? '').not.toMatch(/[\ud800-\udbff]$/);
    }
    const entries = readListing(url, doc);
    expect(entries.length).toBeLessThanOrEqual(5000);
    for (const e of entries) {
      if (e.arxivId) expect(found(e.arxivId), `invented listing id ${e.arxivId}`).toBe(true);
      expect(e.title?.length ?? 0).toBeLessThanOrEqual(1000);
      expect(e.anchor.ownerDocument).toBe(doc);
    }
    // jsdom does not run page scripts unless asked: nothing in the markup ran.
    expect((dom.window as { pwned?: number }).pwned).toBeUndefined();
  } finally {
    dom.window.close();
  }
}

describe('page readers over mutated saved pages', () => {
  for (const f of FIXTURES) {
    it(`${f.file} at ${f.url}: ${f.runs} mutated versions`, { timeout: 30_000 }, () => {
      const source = sources.get(f.file)!;
      const url = new URL(f.url);
      let runs = 0;
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
          runs++;
          checkReaders(url, mutations.reduce(apply, source));
        }),
        { numRuns: f.runs },
      );
      tally.push(`${f.file} ${runs}`);
    });
  }

  it('the small pages read at the URLs of other page kinds: 120 runs', { timeout: 30_000 }, () => {
    const small = FIXTURES.filter((f) => f.runs >= 60);
    let runs = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...small),
        fc.constantFrom(...FIXTURES.map((f) => f.url), 'https://arxiv.org/pdf/2401.00001v3', 'https://arxiv.org/abs/'),
        fc.array(mutation, { maxLength: 2 }),
        (f, url, mutations) => {
          runs++;
          checkReaders(new URL(url), mutations.reduce(apply, sources.get(f.file)!));
        },
      ),
      { numRuns: 120 },
    );
    tally.push(`cross-URL ${runs}`);
  });

  it('recognisePage never throws on mutated fixture URLs: 3000 runs', () => {
    let runs = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...FIXTURES.map((f) => f.url)),
        fraction,
        fc.string({ maxLength: 12 }),
        fc.integer({ min: 0, max: 10 }),
        (base, at, insert, cut) => {
          runs++;
          const pos = Math.floor(at * base.length);
          const text = base.slice(0, pos) + insert + base.slice(pos + cut);
          let url: URL;
          try {
            url = new URL(text);
          } catch {
            return;
          }
          const ref = recognisePage(url);
          if (ref?.arxivId)
            expect(url.href.includes(ref.arxivId) || decodeURIComponent(url.href).includes(ref.arxivId)).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
    tally.push(`URLs ${runs}`);
  });
});
