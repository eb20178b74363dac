/**
 * MiniSearch's per-document maps over the corpus's arrays (lib/search/corpus-maps.ts) behave as the plain
 * maps MiniSearch's loader would have filled: any run of adds, deletes and reads gives the same answers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CorpusDocumentIds, CorpusShortIds } from '../../lib/search/corpus-maps';

const ids = ['2401.00001', '2401.00002', 'math/0309136', '2401.00002', '2312.99999'];

describe('the corpus maps', () => {
  it('answer as maps filled from the ids would, through adds and deletes', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), shortId: fc.nat(9), id: fc.constantFrom(...ids, 'pl-a', 'pl-b') }),
      fc.record({ kind: fc.constant('delete' as const), shortId: fc.nat(9), id: fc.constantFrom(...ids, 'pl-a') }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 20 }), (ops) => {
        const docs = new CorpusDocumentIds(ids);
        const short = new CorpusShortIds(ids);
        const plainDocs = new Map(ids.map((id, s) => [s, id]));
        const plainShort = new Map<string, number>();
        ids.forEach((id, s) => plainShort.set(id, s));
        for (const o of ops) {
          if (o.kind === 'set') {
            // MiniSearch only sets new short ids (past the corpus).
            const s = o.shortId + ids.length;
            docs.set(s, o.id);
            plainDocs.set(s, o.id);
            short.set(o.id, s);
            plainShort.set(o.id, s);
          } else {
            expect(docs.delete(o.shortId)).toBe(plainDocs.delete(o.shortId));
            expect(short.delete(o.id)).toBe(plainShort.delete(o.id));
          }
          for (let s = 0; s < 16; s++) {
            expect(docs.get(s)).toBe(plainDocs.get(s));
            expect(docs.has(s)).toBe(plainDocs.has(s));
          }
          for (const id of [...ids, 'pl-a', 'pl-b', 'none']) {
            expect(short.get(id)).toBe(plainShort.get(id));
            expect(short.has(id)).toBe(plainShort.has(id));
          }
          expect(docs.size).toBe(plainDocs.size);
          expect(new Map(docs)).toEqual(plainDocs);
          expect(new Map(short)).toEqual(plainShort);
        }
      }),
    );
  });
});
