import { describe, expect, it } from 'vitest';
import papers from '../../data/papers.json';
import type { Paper } from '../../lib/core/paper';
import { decodeRelatedModel, tableAt, tableSize } from '../../lib/related/model';
import { relatedToPaper, relatedToSet, relatedToText } from '../../lib/related/score';
import { buildRelatedModel, precomputeRelated } from '../../tools/related/build';
import { encodeRelatedModel } from '../../tools/related/encode';
import { analyzeTerms } from '../../lib/core/text';
import { addPapersToModel } from '../../lib/related/update';

const corpus = papers as Paper[];
const model = buildRelatedModel(corpus);
const byId = new Map(corpus.map((p) => [p.id, p]));
const UNITER = '1909.11740';
const CTC_PAPER = '2307.01715';

/** The analysed terms of a paper (stems and stemmed phrases). */
function termsOf(p: Paper): Set<string> {
  return new Set(analyzeTerms(`${p.title}. ${p.abstract}`, model.analysis).map((t) => t.term));
}

/**
 * The term keys a reason may stand for: a reason is shown in the spelling most
 * common across the corpus ("captioning"), which one paper may write differently ("captions").
 */
function keysOf(reason: string): string[] {
  return Array.from({ length: tableSize(model.terms) }, (_, i) => tableAt(model.terms, i)).filter(
    (_, i) => tableAt(model.surface, i) === reason,
  );
}

describe('relatedToPaper', () => {
  it('never suggests the paper itself, and returns k suggestions', () => {
    for (const p of corpus) {
      const items = relatedToPaper(model, p.id, 5);
      expect(items).toHaveLength(5);
      expect(items.map((i) => i.id)).not.toContain(p.id);
    }
  });

  // 325 lists, each reason looked up in the whole vocabulary: over the 5 s default on a loaded 2-core machine.
  it('explains each suggestion by 1–4 terms that both papers contain', { timeout: 30_000 }, () => {
    for (const p of corpus) {
      const own = termsOf(p);
      for (const item of relatedToPaper(model, p.id, 5)) {
        expect(item.reasons.length).toBeGreaterThan(0);
        expect(item.reasons.length).toBeLessThanOrEqual(4);
        const other = termsOf(byId.get(item.id)!);
        for (const r of item.reasons) {
          expect(
            keysOf(r).some((k) => own.has(k) && other.has(k)),
            `"${r}" shared by ${p.id} and ${item.id}`,
          ).toBe(true);
        }
      }
    }
  });

  it('names an acronym as written: the two CTC papers are linked by "CTC"', () => {
    const top = relatedToPaper(model, CTC_PAPER, 1)[0];
    expect(top.id).toBe('2210.15226');
    expect(top.reasons).toContain('CTC');
  });

  it('ranks by descending score and returns nothing for an unknown id', () => {
    const scores = relatedToPaper(model, UNITER, 10).map((i) => i.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(relatedToPaper(model, 'no-such-paper')).toEqual([]);
  });
});

describe('relatedToText', () => {
  it("ranks a corpus paper first for that paper's own title and abstract", () => {
    for (const p of corpus) {
      expect(relatedToText(model, { title: p.title, abstract: p.abstract }, 1)[0]?.id).toBe(p.id);
    }
  });

  it('works from a title alone and honours exclude', () => {
    const hits = relatedToText(model, { title: 'Optimal transport for image-text alignment' }, 5);
    expect(hits.length).toBeGreaterThan(0);
    const first = hits[0].id;
    const excluded = relatedToText(model, { title: 'Optimal transport for image-text alignment' }, 5, [first]);
    expect(excluded.map((h) => h.id)).not.toContain(first);
  });

  it('returns nothing for text that shares no term with the corpus', () => {
    expect(relatedToText(model, { title: 'zzzqx wvvvq' })).toEqual([]);
  });
});

describe('relatedToSet', () => {
  const saved = ['2308.08625', '2007.15779']; // two biomedical language-model papers

  it('excludes the saved papers and the extra exclusions', () => {
    const first = relatedToSet(model, saved, 5);
    for (const id of saved) expect(first.map((i) => i.id)).not.toContain(id);
    const more = relatedToSet(model, saved, 5, [first[0].id]);
    expect(more.map((i) => i.id)).not.toContain(first[0].id);
  });

  it('suggests what the saved papers have in common', () => {
    // The third biomedical paper of the corpus is the obvious "more like this".
    expect(relatedToSet(model, saved, 3).map((i) => i.id)).toContain('2109.03570');
  });

  it('skips unknown ids and returns nothing for an empty list', () => {
    expect(relatedToSet(model, [])).toEqual([]);
    expect(relatedToSet(model, ['no-such-paper', saved[0]], 3)).toEqual(relatedToSet(model, [saved[0]], 3));
  });
});

describe('the model', () => {
  it('is deterministic: two builds are identical', () => {
    expect(encodeRelatedModel(buildRelatedModel(corpus))).toEqual(encodeRelatedModel(model));
  });

  it('gives identical results after the shipped encoding round trip', () => {
    const loaded = decodeRelatedModel(encodeRelatedModel(model));
    expect(loaded).toEqual(model);
    expect(precomputeRelated(loaded)).toEqual(precomputeRelated(model));
    const text = { title: byId.get(UNITER)!.title };
    expect(relatedToText(loaded, text)).toEqual(relatedToText(model, text));
    expect(relatedToSet(loaded, [UNITER, CTC_PAPER])).toEqual(relatedToSet(model, [UNITER, CTC_PAPER]));
  });

  it('precomputes k suggestions for every corpus paper', () => {
    const all = precomputeRelated(model, 5);
    expect(Object.keys(all).sort()).toEqual(corpus.map((p) => p.id).sort());
    for (const items of Object.values(all)) expect(items).toHaveLength(5);
  });
});

describe('addPapersToModel', () => {
  const UNITER_AT = corpus.findIndex((p) => p.id === UNITER);
  const without = buildRelatedModel(corpus.filter((_, i) => i !== UNITER_AT));
  const added = addPapersToModel(without, [corpus[UNITER_AT]]);

  it('makes a paper added at run time findable and gives it related papers, with no rebuild', () => {
    expect(relatedToPaper(without, UNITER)).toEqual([]);
    const own = relatedToPaper(added, UNITER, 5).map((i) => i.id);
    // Terms only UNITER and one other paper shared were dropped from the smaller build, so the lists differ a little.
    expect(own.filter((id) => relatedToPaper(model, UNITER, 5).some((i) => i.id === id)).length).toBeGreaterThanOrEqual(4);
    const neighbour = relatedToPaper(model, UNITER, 1)[0].id;
    expect(relatedToPaper(added, neighbour, 5).map((i) => i.id)).toContain(UNITER);
    expect(relatedToText(added, { title: corpus[UNITER_AT].title, abstract: corpus[UNITER_AT].abstract }, 1)[0].id).toBe(UNITER);
  });

  it('leaves the given model unchanged and skips ids it already holds', () => {
    expect(addPapersToModel(model, [corpus[0]])).toBe(model);
    expect(without.ids).not.toContain(UNITER);
    expect(added.ids.at(-1)).toBe(UNITER);
    expect(decodeRelatedModel(encodeRelatedModel(added))).toEqual(added);
  });
});

describe('the shipped encoding', () => {
  it('refuses bytes that are not a model', () => {
    expect(() => decodeRelatedModel(new Uint8Array([1, 2, 3]))).toThrow(/not a Paper Lens related-paper model/);
    const bytes = encodeRelatedModel(buildRelatedModel(corpus));
    expect(() => decodeRelatedModel(bytes.subarray(0, bytes.length - 7))).toThrow();
  });
});
