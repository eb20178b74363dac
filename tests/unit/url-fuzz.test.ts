import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recognisePage, type PageRef } from '../../lib/pages';
import { isArxivId } from '../../lib/core/arxiv-id';
import { HF_HOSTS } from '../../lib/core/hosts';

const RUNS = { numRuns: 5000 };

const OLD_ARCHIVES = ['hep-th', 'hep-ph', 'math', 'cs', 'cond-mat', 'astro-ph', 'quant-ph', 'gr-qc', 'physics', 'nlin', 'q-bio'];
const SUBJECT_CLASSES = ['GT', 'AG', 'CO', 'LG', 'AI', 'str-el', 'CL'];

/** A new-style id arXiv could have issued: 4 digits from 0704 to 1412, 5 from 1501 on. */
const newId = fc
  .record({ yy: fc.integer({ min: 7, max: 99 }), mm: fc.integer({ min: 1, max: 12 }), n: fc.integer({ min: 1, max: 99_999 }) })
  .filter(({ yy, mm }) => yy * 100 + mm >= 704)
  .map(({ yy, mm, n }) => {
    const five = yy * 100 + mm >= 1501;
    const num = five ? n : (n % 9999) + 1;
    return `${String(yy).padStart(2, '0')}${String(mm).padStart(2, '0')}.${String(num).padStart(five ? 5 : 4, '0')}`;
  });

/** An old-style id (1991-08 to 2007-03), with the subject class some URLs carry. */
const oldId = fc
  .record({
    archive: fc.constantFrom(...OLD_ARCHIVES),
    sc: fc.option(fc.constantFrom(...SUBJECT_CLASSES), { nil: undefined }),
    ym: fc.integer({ min: 1991 * 12 + 7, max: 2007 * 12 + 2 }),
    n: fc.integer({ min: 1, max: 999 }),
  })
  .map(({ archive, sc, ym, n }) => {
    const year = Math.floor(ym / 12);
    const month = (ym % 12) + 1;
    const digits = `${String(year % 100).padStart(2, '0')}${String(month).padStart(2, '0')}${String(n).padStart(3, '0')}`;
    return { inUrl: `${archive}${sc ? `.${sc}` : ''}/${digits}`, bare: `${archive}/${digits}` };
  });

const anyId = fc.oneof(
  newId.map((id) => ({ inUrl: id, bare: id })),
  oldId,
);

const version = fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined });
const query = fc.option(fc.webQueryParameters(), { nil: undefined });
const fragment = fc.option(fc.webFragments(), { nil: undefined });
const scheme = fc.constantFrom('http', 'https');

type Form = { host: string; path: (id: string) => string; kind: PageRef['kind'] };
const FORMS: Form[] = [
  ...['arxiv.org', 'www.arxiv.org', 'export.arxiv.org', 'browse.arxiv.org'].flatMap((host): Form[] => [
    { host, path: (id) => `/abs/${id}`, kind: 'arxiv-abs' },
    { host, path: (id) => `/abs/${id}/`, kind: 'arxiv-abs' },
    { host, path: (id) => `/pdf/${id}`, kind: 'arxiv-pdf' },
    { host, path: (id) => `/pdf/${id}.pdf`, kind: 'arxiv-pdf' },
    { host, path: (id) => `/html/${id}`, kind: 'arxiv-html' },
    { host, path: (id) => `/html/${id}/`, kind: 'arxiv-html' },
  ]),
  { host: 'ar5iv.labs.arxiv.org', path: (id) => `/html/${id}`, kind: 'arxiv-html' },
  { host: 'ar5iv.org', path: (id) => `/html/${id}`, kind: 'arxiv-html' },
];

/** A valid paper URL and what recognisePage must make of it. */
const paperUrl = fc
  .record({ id: anyId, version, form: fc.constantFrom(...FORMS), scheme, query, fragment })
  .map(({ id, version: v, form, scheme: s, query: q, fragment: f }) => ({
    href: `${s}://${form.host}${form.path(id.inUrl + (v ? `v${v}` : ''))}${q !== undefined ? `?${q}` : ''}${f !== undefined ? `#${f}` : ''}`,
    expected: v ? { kind: form.kind, arxivId: id.bare, version: v } : { kind: form.kind, arxivId: id.bare },
  }));

const hfPaperUrl = fc
  .record({
    id: newId,
    host: fc.constantFrom(...HF_HOSTS),
    slash: fc.boolean(),
    query,
    fragment: fc.option(fc.oneof(fc.constant('community'), fc.webFragments()), { nil: undefined }),
  })
  .map(({ id, host, slash, query: q, fragment: f }) => ({
    href: `https://${host}/papers/${id}${slash ? '/' : ''}${q !== undefined ? `?${q}` : ''}${f !== undefined ? `#${f}` : ''}`,
    id,
  }));

/** Random character edits, biased towards the characters ids and paths are made of. */
const mutated = fc
  .record({
    base: fc.oneof(
      paperUrl.map((u) => u.href),
      hfPaperUrl.map((u) => u.href),
    ),
    edits: fc.array(
      fc.record({
        at: fc.nat(),
        op: fc.constantFrom('insert', 'delete', 'replace'),
        ch: fc.constantFrom(...'0123456789./v-_:?#%abchmprstxAGT '.split('')),
      }),
      { minLength: 1, maxLength: 4 },
    ),
  })
  .map(({ base, edits }) => {
    let s = base;
    for (const { at, op, ch } of edits) {
      const i = s.length ? at % s.length : 0;
      if (op === 'insert') s = s.slice(0, i) + ch + s.slice(i);
      else if (op === 'delete') s = s.slice(0, i) + s.slice(i + 1);
      else s = s.slice(0, i) + ch + s.slice(i + 1);
    }
    return s;
  });

/** Ids arXiv could not have issued, in otherwise valid URLs. */
const impossibleId = fc.oneof(
  // Month 00 or 13..99.
  fc
    .record({
      yy: fc.integer({ min: 7, max: 99 }),
      mm: fc.oneof(fc.constant(0), fc.integer({ min: 13, max: 99 })),
      n: fc.integer({ min: 1, max: 9999 }),
    })
    .map(({ yy, mm, n }) => `${String(yy).padStart(2, '0')}${String(mm).padStart(2, '0')}.${String(n).padStart(4, '0')}`),
  // Five digits before 1501.
  fc
    .record({ yy: fc.integer({ min: 7, max: 14 }), mm: fc.integer({ min: 1, max: 12 }), n: fc.integer({ min: 1, max: 99_999 }) })
    .filter(({ yy, mm }) => yy * 100 + mm >= 704 && yy * 100 + mm < 1501)
    .map(({ yy, mm, n }) => `${String(yy).padStart(2, '0')}${String(mm).padStart(2, '0')}.${String(n).padStart(5, '0')}`),
  // Four digits from 1501 on.
  fc
    .record({ yy: fc.integer({ min: 15, max: 99 }), mm: fc.integer({ min: 1, max: 12 }), n: fc.integer({ min: 1, max: 9999 }) })
    .map(({ yy, mm, n }) => `${yy}${String(mm).padStart(2, '0')}.${String(n).padStart(4, '0')}`),
  // Old style with an impossible month.
  fc
    .record({
      archive: fc.constantFrom(...OLD_ARCHIVES),
      yy: fc.integer({ min: 92, max: 99 }),
      mm: fc.oneof(fc.constant(0), fc.integer({ min: 13, max: 99 })),
      n: fc.integer({ min: 1, max: 999 }),
    })
    .map(({ archive, yy, mm, n }) => `${archive}/${yy}${String(mm).padStart(2, '0')}${String(n).padStart(3, '0')}`),
);

function tryUrl(href: string): URL | null {
  try {
    return new URL(href);
  } catch {
    return null;
  }
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The id (and version) recognisePage reported is written in the URL's path, modulo the old-style subject class. */
function idIsInUrl(ref: PageRef, url: URL): boolean {
  if (!ref.arxivId) return true;
  const v = ref.version ? `v${ref.version}` : '';
  const [archive, digits] = ref.arxivId.includes('/') ? ref.arxivId.split('/') : [null, ref.arxivId];
  const idRe = archive ? `${escapeRe(archive)}(?:\\.[A-Za-z-]+)?/${digits}` : escapeRe(digits);
  // Followed by nothing that would make it a longer id.
  return new RegExp(`(?:^|/)${idRe}${v}(?![0-9v])`).test(url.pathname);
}

describe('recognisePage over generated URLs', () => {
  it('round-trips valid arXiv and ar5iv paper URLs to the right kind, id and version', () => {
    fc.assert(
      fc.property(paperUrl, ({ href, expected }) => {
        expect(recognisePage(new URL(href))).toEqual(expected);
      }),
      RUNS,
    );
  });

  it('round-trips Hugging Face paper URLs', () => {
    fc.assert(
      fc.property(hfPaperUrl, ({ href, id }) => {
        expect(recognisePage(new URL(href))).toEqual({ kind: 'hf-paper', arxivId: id });
      }),
      RUNS,
    );
  });

  it('ignores Hugging Face hosts outside the host list (www.huggingface.co redirects, Paper Lens does not run there)', () => {
    fc.assert(
      fc.property(hfPaperUrl, ({ href }) => {
        const url = new URL(href);
        url.hostname = `www.${url.hostname}`;
        expect(recognisePage(url)).toBeNull();
      }),
      RUNS,
    );
  });

  it('recognises listing, search and Hugging Face list URLs', () => {
    const listing = fc
      .record({
        host: fc.constantFrom('arxiv.org', 'www.arxiv.org', 'export.arxiv.org'),
        cat: fc.constantFrom('cs.CL', 'cs', 'hep-th', 'astro-ph.CO', 'math.GT', 'q-bio.NC', 'physics.acc-ph'),
        period: fc.oneof(
          fc.constantFrom('new', 'recent', 'pastweek'),
          fc
            .record({ y: fc.integer({ min: 1992, max: 2030 }), m: fc.integer({ min: 1, max: 12 }) })
            .map(({ y, m }) => `${y}-${String(m).padStart(2, '0')}`),
          fc
            .record({ y: fc.integer({ min: 0, max: 99 }), m: fc.integer({ min: 1, max: 12 }) })
            .map(({ y, m }) => `${String(y).padStart(2, '0')}${String(m).padStart(2, '0')}`),
        ),
        skip: fc.option(fc.record({ skip: fc.nat(2000), show: fc.constantFrom(25, 50, 100, 250, 500, 1000) }), {
          nil: undefined,
        }),
        slash: fc.boolean(),
      })
      .map(({ host, cat, period, skip, slash }) => ({
        href: `https://${host}/list/${cat}/${period}${slash ? '/' : ''}${skip ? `?skip=${skip.skip}&show=${skip.show}` : ''}`,
        kind: 'arxiv-listing',
      }));
    const search = fc
      .record({
        path: fc.constantFrom('/search/', '/search', '/search/advanced', '/search/cs'),
        q: fc.webQueryParameters().filter((q) => q.length > 0),
      })
      .map(({ path, q }) => ({ href: `https://arxiv.org${path}?query=x&${q}`, kind: 'arxiv-search' }));
    const hfList = fc
      .record({
        path: fc.oneof(
          fc.constantFrom('/papers', '/papers/', '/papers/trending'),
          fc
            .date({ min: new Date('2023-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
            .map((d) => `/papers/date/${d.toISOString().slice(0, 10)}`),
          fc
            .record({ y: fc.integer({ min: 2023, max: 2030 }), w: fc.integer({ min: 1, max: 53 }) })
            .map(({ y, w }) => `/papers/week/${y}-W${String(w).padStart(2, '0')}`),
          fc
            .record({ y: fc.integer({ min: 2023, max: 2030 }), m: fc.integer({ min: 1, max: 12 }) })
            .map(({ y, m }) => `/papers/month/${y}-${String(m).padStart(2, '0')}`),
        ),
        fragment,
      })
      .map(({ path, fragment: f }) => ({
        href: `https://huggingface.co${path}${f !== undefined ? `#${f}` : ''}`,
        kind: 'hf-list',
      }));
    fc.assert(
      fc.property(fc.oneof(listing, search, hfList), ({ href, kind }) => {
        expect(recognisePage(new URL(href))).toEqual({ kind });
      }),
      RUNS,
    );
  });

  it('never recognises an id arXiv could not have issued', () => {
    fc.assert(
      fc.property(impossibleId, version, fc.constantFrom(...FORMS), fc.boolean(), (id, v, form, hf) => {
        const href = hf ? `https://huggingface.co/papers/${id}` : `https://${form.host}${form.path(id + (v ? `v${v}` : ''))}`;
        expect(recognisePage(new URL(href))).toBeNull();
      }),
      RUNS,
    );
  });

  it('never throws and never reports an id that is not in the URL, on arbitrary and mutated URLs', () => {
    const input = fc.oneof(
      { arbitrary: mutated, weight: 4 },
      { arbitrary: fc.webUrl({ withQueryParameters: true, withFragments: true }), weight: 1 },
      {
        arbitrary: fc
          .record({
            host: fc.constantFrom('arxiv.org', 'ar5iv.org', 'huggingface.co'),
            segs: fc.array(fc.string({ maxLength: 12 }), { maxLength: 4 }),
          })
          .map(({ host, segs }) => `https://${host}/${segs.join('/')}`),
        weight: 1,
      },
    );
    let recognisedIds = 0;
    fc.assert(
      fc.property(input, (href) => {
        const url = tryUrl(href);
        if (!url) return;
        const ref = recognisePage(url);
        if (ref?.arxivId) {
          recognisedIds++;
          expect(isArxivId(ref.arxivId), ref.arxivId).toBe(true);
          expect(idIsInUrl(ref, url), `${ref.arxivId} v${ref.version} in ${url.href}`).toBe(true);
        }
      }),
      { numRuns: 10_000 },
    );
    // Most mutations break the id; enough survive for the check above to mean something.
    expect(recognisedIds).toBeGreaterThan(500);
  });
});
