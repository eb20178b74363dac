/**
 * Anchoring over the DOM of the saved renderings: selections to selectors and
 * back, formulas as units (MathML and MathJax 3 output read alike), re-indented
 * markup, renumbered ids, and the time to re-anchor 50 highlights on the large
 * rendering (tests/fixtures/pages/arxiv-html-2604.15597v1.html).
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
// @ts-expect-error -- jsdom ships no types and @types/jsdom is not installed; only `new JSDOM(html)` is used.
import { JSDOM } from 'jsdom';
import { beforeAll, describe, expect, it } from 'vitest';
import { anchorInText, anchorTarget, describeRange } from '../../lib/annotations/anchor';
import { annotationRoot, versionOfUrl } from '../../lib/annotations/roots';
import { buildTextModel, offsetsToRange, rangeToOffsets, type TextModel } from '../../lib/annotations/text-model';
import type { AnnotationTarget } from '../../lib/annotations/types';

const HTML_URL = new URL('https://arxiv.org/html/2604.15597v1');

function load(file: string): Document {
  const html = readFileSync(new URL(`../fixtures/pages/${file}`, import.meta.url), 'utf8');
  return new JSDOM(html).window.document as Document;
}

let doc: Document;
let model: TextModel;

beforeAll(() => {
  doc = load('arxiv-html-2604.15597v1.html');
  model = buildTextModel(annotationRoot(doc, HTML_URL)!.root);
}, 60_000);

/** A copy of one section of the page in a fresh document, for edits that must not touch `doc`. */
function sectionCopy(id: string): { doc: Document; root: Element } {
  const fresh = doc.implementation.createHTMLDocument('copy');
  const root = fresh.importNode(doc.getElementById(id)!, true) as Element;
  fresh.body.append(root);
  return { doc: fresh, root };
}

/** Word-aligned quote offsets inside `model`, from two unit numbers. */
function quoteIn(m: TextModel, at: number, length: number): { start: number; end: number } | null {
  let s = Math.floor(at * (m.text.length - length - 2)) + 1;
  while (s < m.text.length && m.text[s - 1] !== ' ') s++;
  let e = Math.min(m.text.length, s + length);
  while (e < m.text.length && m.text[e] !== ' ') e++;
  const exact = m.text.slice(s, e);
  if (exact.trim().length < 12 || m.text.indexOf(exact) !== m.text.lastIndexOf(exact)) return null;
  return { start: s, end: e };
}

describe('annotation roots', () => {
  it('finds the paper content on each rendering, never the page chrome', () => {
    expect(annotationRoot(doc, HTML_URL)!.rendering).toBe('arxiv-html');
    const ar5iv = annotationRoot(load('ar5iv-html-2201.00020.html'), new URL('https://ar5iv.labs.arxiv.org/html/2201.00020'));
    expect(ar5iv!.rendering).toBe('ar5iv');
    const abs = annotationRoot(load('arxiv-abs-2609.22268v1.html'), new URL('https://arxiv.org/abs/2609.22268v1'));
    expect(abs!.root.matches('blockquote.abstract')).toBe(true);
    const hf = annotationRoot(load('hf-paper-2308.08414.html'), new URL('https://huggingface.co/papers/2308.08414'));
    expect(hf!.root.textContent).toMatch(/^Video-language pre-trained models/);
    expect(annotationRoot(load('arxiv-list-cs.CL-new.html'), new URL('https://arxiv.org/list/cs.CL/new'))).toBeNull();
    expect(versionOfUrl(HTML_URL)).toBe(1);
    expect(versionOfUrl(new URL('https://arxiv.org/abs/2609.22268'))).toBeUndefined();
  }, 60_000);
});

describe('text model', () => {
  it('reads each formula as its TeX and folds white space', () => {
    expect(model.text).toContain('its inverse ($\\sigma$, $\\sigma^{-1}$). First,');
    expect(model.text).not.toMatch(/\s\s|\n/);
  });

  // On one section: jsdom's Range.setStart costs ~50 ms on the whole 1 MB page (browsers: microseconds).
  it('maps model offsets to a DOM range and back, formulas whole', () => {
    const section = buildTextModel(sectionCopy('S2').root);
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        fc.integer({ min: 1, max: 300 }),
        (at, length) => {
          const start = Math.floor(at * (section.text.length - length));
          const range = offsetsToRange(section, { start, end: start + length });
          const back = rangeToOffsets(section, range)!;
          // Back to the same text, save for spaces trimmed at the ends and formulas taken whole.
          expect(back.start).toBeLessThanOrEqual(start + 1);
          expect(back.end).toBeGreaterThanOrEqual(start + length - 1);
          expect(section.text.slice(back.start, back.end)).toContain(
            section.text
              .slice(start, start + length)
              .trim()
              .slice(1, -1),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a selection that starts or ends inside a formula takes the whole formula', () => {
    const math = doc.getElementById('S2.SS1.p1.3.m3')!; // \sigma
    const range = doc.createRange();
    range.setStart(math.querySelector('mi')!.firstChild!, 0);
    const p = math.closest('p')!;
    range.setEnd(p.lastChild!, 0);
    const off = rangeToOffsets(model, range)!;
    expect(model.text.slice(off.start, off.start + 8)).toBe('$\\sigma$');
    const back = offsetsToRange(model, off);
    expect(back.startContainer.contains(math) || back.startContainer === math.parentNode).toBe(true);
  });
});

describe('re-anchoring on a changed page', () => {
  it('a re-indented page (white space reflowed in every text node) anchors at the stored position', () => {
    const { root } = sectionCopy('S2');
    const before = buildTextModel(root);
    const targets = [0.1, 0.3, 0.5, 0.7, 0.9].map((at) => {
      const q = quoteIn(before, at, 80)!;
      return describeRange(before, q.start, q.end, { rendering: 'arxiv-html', version: 1 });
    });
    const walker = root.ownerDocument.createTreeWalker(root, 4);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) (n as Text).data = (n as Text).data.replace(/ /g, '\n      ');
    const after = buildTextModel(root);
    for (const t of targets) expect(anchorTarget(after, t)).toMatchObject({ start: t.position.start, method: 'position' });
  });

  it('renumbered ids and a paragraph inserted before: still found, on the same words', () => {
    const { root } = sectionCopy('S2');
    const before = buildTextModel(root);
    const targets: AnnotationTarget[] = [];
    for (const at of [0.05, 0.2, 0.4, 0.6, 0.8, 0.95]) {
      const q = quoteIn(before, at, 60);
      if (q) targets.push(describeRange(before, q.start, q.end, { rendering: 'arxiv-html', version: 1 }));
    }
    expect(targets.length).toBeGreaterThanOrEqual(5);
    expect(targets.every((t) => t.elementId)).toBe(true);
    for (const el of root.querySelectorAll('[id]')) el.id = el.id.replace(/p(\d+)/g, (_, n) => `p${Number(n) + 1}`);
    const added = root.ownerDocument.createElement('p');
    added.textContent = 'A paragraph added in the second version, which moves every offset after it. '.repeat(3);
    root.querySelector('p')!.before(added);
    const after = buildTextModel(root);
    for (const t of targets) {
      const a = anchorTarget(after, t)!;
      expect(after.text.slice(a.start, a.end)).toBe(t.quote.exact);
      expect(a.method).toBe('exact');
    }
  });

  it('a quote over formulas survives MathJax replacing the MathML (MathJax 3 CHTML output with assistive MathML)', () => {
    const { root, doc: copy } = sectionCopy('S2');
    const before = buildTextModel(root);
    const at = before.text.indexOf('($\\sigma$, $\\sigma^{-1}$)');
    const target = describeRange(before, at - 20, at + 40, { rendering: 'arxiv-html', version: 1 });
    for (const math of [...root.querySelectorAll('math')]) {
      const box = copy.createElement('mjx-container');
      box.className = 'MathJax';
      box.setAttribute('jax', 'CHTML');
      const glyphs = copy.createElement('mjx-math');
      glyphs.textContent = '𝜎 − 1'; // what CHTML draws, not the TeX
      const assistive = copy.createElement('mjx-assistive-mml');
      const clone = math.cloneNode(true) as Element;
      clone.removeAttribute('id');
      assistive.append(clone);
      box.append(glyphs, assistive);
      math.replaceWith(box);
    }
    const after = buildTextModel(root);
    const a = anchorTarget(after, target)!;
    expect(after.text.slice(a.start, a.end)).toBe(target.quote.exact);
    const range = offsetsToRange(after, a);
    expect(range.cloneContents().querySelectorAll('mjx-container').length).toBe(2);
  });

  it('re-anchors 50 highlights on the large rendering (timed)', () => {
    const targets: AnnotationTarget[] = [];
    for (let i = 0; targets.length < 50; i++) {
      const q = quoteIn(model, (i * 0.618) % 1, 40 + ((i * 37) % 160));
      if (q) targets.push(describeRange(model, q.start, q.end, { rendering: 'arxiv-html', version: 1 }));
    }
    let t0 = performance.now();
    const fresh = buildTextModel(model.root);
    const same = targets.map((t) => anchorTarget(fresh, t));
    const sameMs = performance.now() - t0;
    expect(same.every((a) => a?.method === 'position')).toBe(true);
    // A revision: text inserted at the top (every offset moves) and a word changed in every fifth quote.
    const revised = model.text.slice(0, 100) + ' A sentence added at the top of version two. ' + model.text.slice(100);
    let text = revised;
    targets.forEach((t, i) => {
      if (i % 5 === 0) text = text.replace(t.quote.exact, t.quote.exact.replace(/ (\w+) /, ' changed '));
    });
    t0 = performance.now();
    const moved = targets.map((t) => anchorInText(text, t));
    const movedMs = performance.now() - t0;
    expect(moved.filter((a) => a !== null).length).toBeGreaterThanOrEqual(49);
    console.log(
      `[anchoring] 50 highlights on the large rendering (${model.text.length} characters), jsdom: ` +
        `model + anchoring ${sameMs.toFixed(0)} ms unchanged; ${movedMs.toFixed(0)} ms on a revision ` +
        `(${moved.filter((a) => a?.method === 'exact').length} exact, ${moved.filter((a) => a?.method === 'fuzzy').length} fuzzy)`,
    );
  });
});
