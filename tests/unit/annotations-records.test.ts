/**
 * Annotations as data: the merge rule (union by id, last edit wins), salvage
 * of odd stored data, and the exports (Markdown, W3C Web Annotation) with the
 * Web Annotation import reading back what the export wrote.
 */
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  annotationsToMarkdown,
  fromWebAnnotations,
  paperIdOfSource,
  toWebAnnotationCollection,
} from '../../lib/annotations/formats';
import {
  mergeAnnotations,
  newAnnotation,
  parseAnnotation,
  parseAnnotations,
  patchAnnotation,
} from '../../lib/annotations/records';
import { HIGHLIGHT_COLOURS, type Annotation } from '../../lib/annotations/types';
import { toMarkdown } from '../../lib/formats/export/markdown';
import { emptyReadingList, savePaper } from '../../lib/reading-list/list';

const T0 = 1_700_000_000_000;

const annotationArb: fc.Arbitrary<Annotation> = fc
  .record({
    id: fc.uuid(),
    exact: fc.string({ minLength: 1, maxLength: 80 }).filter((s) => s.trim().length > 0),
    prefix: fc.string({ maxLength: 32 }),
    suffix: fc.string({ maxLength: 32 }),
    start: fc.nat(100_000),
    note: fc.string({ maxLength: 60 }),
    colour: fc.constantFrom(...HIGHLIGHT_COLOURS),
    created: fc.integer({ min: 0, max: 1_000_000 }),
    edited: fc.integer({ min: 0, max: 1_000_000 }),
    version: fc.option(fc.integer({ min: 1, max: 9 }), { nil: undefined }),
    elementId: fc.option(fc.constantFrom('S1.p2', 'S3.SS1.p4', 'A1.p1', 'p1'), { nil: undefined }),
  })
  .map((r) => {
    const a = newAnnotation(
      {
        quote: { exact: r.exact, prefix: r.prefix, suffix: r.suffix },
        position: { start: r.start, end: r.start + r.exact.length },
        rendering: 'arxiv-html',
        ...(r.version ? { version: r.version } : {}),
        ...(r.elementId ? { elementId: r.elementId, elementOffset: r.start % 500 } : {}),
      },
      { id: r.id, note: r.note, colour: r.colour, now: T0 + r.created * 1000 },
    );
    return { ...a, updatedAt: a.createdAt + r.edited * 1000 };
  });

describe('annotation merge rule', () => {
  it('keeps the union by id, the copy edited last winning; merging twice changes nothing', () => {
    fc.assert(
      fc.property(fc.array(annotationArb, { maxLength: 6 }), fc.array(annotationArb, { maxLength: 6 }), (a, b) => {
        const left = mergeAnnotations([], a);
        const right = mergeAnnotations([], b);
        const merged = mergeAnnotations(left, right);
        const ids = new Set([...left, ...right].map((x) => x.id));
        expect(new Set(merged.map((x) => x.id))).toEqual(ids);
        for (const m of merged) {
          const latest = Math.max(...[...left, ...right].filter((x) => x.id === m.id).map((x) => x.updatedAt));
          expect(m.updatedAt).toBe(latest);
        }
        expect(mergeAnnotations(merged, right)).toEqual(merged);
        expect(mergeAnnotations(merged, left)).toEqual(merged);
        // The same set whichever side comes first.
        const byId = (xs: Annotation[]) => Object.fromEntries(xs.map((x) => [x.id, x.updatedAt]));
        expect(byId(mergeAnnotations(right, left))).toEqual(byId(merged));
      }),
      { numRuns: 200 },
    );
  });

  it('an edit moves updatedAt forward even when the clock did not', () => {
    const a = newAnnotation(
      { quote: { exact: 'x y', prefix: '', suffix: '' }, position: { start: 0, end: 3 }, rendering: 'ar5iv' },
      { now: T0 },
    );
    const [edited] = patchAnnotation([a], a.id, { note: ' a thought \r\n' }, T0);
    expect(edited!.note).toBe('a thought');
    expect(edited!.updatedAt).toBeGreaterThan(a.updatedAt);
    expect(mergeAnnotations([a], [edited!])[0]!.note).toBe('a thought');
  });
});

describe('stored annotations are salvaged, never thrown away whole', () => {
  it('repairs odd fields and counts what cannot be read', () => {
    const good = newAnnotation(
      { quote: { exact: 'kept', prefix: 'p', suffix: 's' }, position: { start: 5, end: 9 }, rendering: 'arxiv-abs' },
      { now: T0, note: 'n' },
    );
    const odd = { ...good, id: 'odd', colour: 'ultraviolet', target: { ...good.target, position: { start: -1 } } };
    const { annotations, dropped } = parseAnnotations([good, odd, { id: 'no-quote' }, 'junk', null]);
    expect(dropped).toBe(3);
    expect(annotations.map((a) => a.id)).toEqual([good.id, 'odd']);
    expect(annotations[1]).toMatchObject({ colour: 'yellow', target: { position: { start: 0, end: 0 } } });
    expect(parseAnnotation(good)).toEqual(good);
    expect(parseAnnotations('not a list')).toEqual({ annotations: [], dropped: 1 });
  });
});

describe('annotation exports', () => {
  const paper = {
    id: '2604.15597',
    title: 'LLMs Corrupt Your Documents When You Delegate',
    annotations: [
      newAnnotation(
        {
          quote: {
            exact: 'its inverse ($\\sigma$, $\\sigma^{-1}$). First, an LLM',
            prefix: 'a transformation of the seed document and ',
            suffix: ' applies a forward instruction',
          },
          position: { start: 6400, end: 6450 },
          rendering: 'arxiv-html',
          version: 1,
          elementId: 'S2.SS1.p1',
          elementOffset: 300,
        },
        { now: T0, note: 'Round trip: forward then inverse.\nCompare with *[12]*.', colour: 'green' },
      ),
    ],
  };

  it('Markdown: a heading with the paper link, each quote a block quote with formulas as TeX, the note under it', () => {
    const md = annotationsToMarkdown(paper, new Set([paper.annotations[0]!.id]));
    expect(md).toContain('# LLMs Corrupt Your Documents When You Delegate');
    expect(md).toContain('<https://arxiv.org/abs/2604.15597>');
    expect(md).toContain('> its inverse ($\\sigma$, $\\sigma^{-1}$). First, an LLM');
    expect(md).toContain('Round trip: forward then inverse.\nCompare with *[12]*.');
    expect(md).toContain('not found on the current version');
  });

  it("the reading list's Markdown export puts each paper's highlights under it; pandoc reads them as block quotes in the item", () => {
    const list = savePaper(
      emptyReadingList(),
      { ...paper, authors: ['Philippe Laban'], source: 'page', annotations: paper.annotations },
      T0,
    );
    const md = toMarkdown(list.papers, '2026-12-01');
    expect(md).toContain('  > its inverse ($\\sigma$, $\\sigma^{-1}$). First, an LLM');
    expect(md).toContain('  Round trip: forward then inverse.');
    const html = execFileSync('pandoc', ['-f', 'commonmark', '-t', 'html'], { input: md }).toString();
    expect(html).toMatch(
      /<li>[\s\S]*<blockquote>[\s\S]*its inverse \(\$\\sigma\$[\s\S]*<\/blockquote>[\s\S]*Round trip: forward then inverse\.[\s\S]*<\/li>/,
    );
  });

  it('W3C Web Annotation: the collection reads back to the same annotations', () => {
    fc.assert(
      fc.property(fc.array(annotationArb, { minLength: 1, maxLength: 5 }), (annotations) => {
        const unique = mergeAnnotations([], annotations);
        const json = toWebAnnotationCollection([{ ...paper, annotations: unique }]);
        const back = fromWebAnnotations(json);
        expect(back.problems).toEqual([]);
        expect(back.papers).toEqual([{ paperId: paper.id, annotations: unique }]);
      }),
      { numRuns: 100 },
    );
    const doc = JSON.parse(toWebAnnotationCollection([paper]));
    expect(doc['@context']).toBe('http://www.w3.org/ns/anno.jsonld');
    const item = doc.first.items[0];
    expect(item.target.source).toBe('https://arxiv.org/html/2604.15597v1');
    expect(item.target.selector[0]).toMatchObject({ type: 'TextQuoteSelector', exact: paper.annotations[0]!.target.quote.exact });
    expect(item.body).toMatchObject({ type: 'TextualBody', purpose: 'commenting' });
  });

  it('reads a Hypothesis-style annotation (no Paper Lens fields) and names what it cannot read', () => {
    const hypothesis = {
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      type: 'Annotation',
      id: 'https://hypothes.is/a/abc123XYZ',
      created: '2025-01-02T03:04:05Z',
      body: [{ type: 'TextualBody', value: 'nice' }],
      target: [
        {
          source: 'https://arxiv.org/abs/2201.00020v2',
          selector: [{ type: 'TextQuoteSelector', exact: 'multiple graviton modes', prefix: 'of ', suffix: ' in' }],
        },
      ],
    };
    const other = { type: 'Annotation', id: 'x', target: { source: 'https://example.org/page' } };
    const { papers, problems } = fromWebAnnotations(JSON.stringify([hypothesis, other]));
    expect(papers).toHaveLength(1);
    expect(papers[0]!.paperId).toBe('2201.00020');
    expect(papers[0]!.annotations[0]).toMatchObject({ note: 'nice', target: { version: 2, rendering: 'arxiv-abs' } });
    expect(problems).toEqual(['item 2 (x): its target is not an arXiv or Hugging Face paper']);
    expect(paperIdOfSource('https://ar5iv.labs.arxiv.org/html/hep-th/9901001')).toBe('hep-th/9901001');
    expect(fromWebAnnotations('{').problems[0]).toMatch(/^Not JSON/);
  });
});
