/** The import in parts: a file past Chrome's 64 MiB message limit goes to the worker in parts, staged until the import names it. */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import papers from '../../data/papers.json';
import { createUploadStaging, IMPORT_PART, splitParts, UPLOAD_GONE, UPLOAD_TIMEOUT_MS } from '../../lib/backup/upload';
import type { Paper } from '../../lib/core/paper';
import { toJson } from '../../lib/formats/export/json';
import { validateMessage } from '../../lib/messaging/contract';
import { createReadingListStore } from '../../lib/reading-list/local-store';
import { createService } from '../../lib/worker/service';
import { buildAssets, memoryAssets } from '../../tools/corpus/assets';
import { buildRelatedModel } from '../../tools/related/build';

const ASSETS = buildAssets(papers as Paper[], buildRelatedModel(papers as Paper[]));
const service = () =>
  createService({ assets: memoryAssets(ASSETS), store: createReadingListStore(fakeBrowser.storage.local), now: Date.now });

beforeEach(() => fakeBrowser.reset());

const paper = (i: number) => ({
  id: `2601.${String(10000 + i)}`,
  title: `Paper ${i}`,
  authors: ['A B'],
  note: `note ${i} 𝔸`,
  tags: ['t'],
  links: {},
  savedAt: 1_700_000_000_000 + i,
  read: false,
  source: 'page' as const,
});
const backup = (n: number) =>
  toJson(
    Array.from({ length: n }, (_, i) => paper(i)),
    new Date(),
  );

async function send(s: ReturnType<typeof service>, upload: string, parts: string[], skip = -1) {
  for (const [index, text] of parts.entries())
    if (index !== skip) await s.handle({ type: 'listImportPart', payload: { upload, index, count: parts.length, text } });
}

describe('splitParts', () => {
  it('cuts into parts of at most the size that join to the text, never inside a surrogate pair', () => {
    const text = 'ab𝔸c𝔸𝔸d'.repeat(37);
    for (const size of [2, 3, 4, 7, 100, 10_000]) {
      const parts = splitParts(text, size);
      expect(parts.join('')).toBe(text);
      for (const p of parts) {
        expect(p.length).toBeLessThanOrEqual(size);
        expect(p.length).toBeGreaterThan(0);
        expect(/[\uD800-\uDBFF]$/.test(p)).toBe(false);
      }
    }
    expect(splitParts('', 4)).toEqual(['']);
    expect(splitParts('small')).toEqual(['small']);
    expect(IMPORT_PART).toBe(8 * 2 ** 20);
    expect(() => splitParts('x', 1)).toThrow(/at least 2/);
  });
});

describe('createUploadStaging', () => {
  it('joins parts sent in any order and again; says which part is missing; a new upload drops the old; expires', () => {
    let t = 0;
    const st = createUploadStaging(() => t);
    expect(st.put({ upload: 'u', index: 2, count: 3, text: 'c' })).toBe(1);
    expect(st.put({ upload: 'u', index: 0, count: 3, text: 'a' })).toBe(2);
    expect(st.put({ upload: 'u', index: 0, count: 3, text: 'a' })).toBe(2);
    expect(() => st.take('u')).toThrow(/Part 2 of 3 of the file did not arrive/);
    st.put({ upload: 'u', index: 1, count: 3, text: 'b' });
    expect(st.take('u')).toBe('abc');
    expect(st.take('u')).toBe('abc');
    expect(() => st.put({ upload: 'u', index: 0, count: 4, text: 'a' })).toThrow(/has 3 parts/);
    expect(() => st.put({ upload: 'v', index: 3, count: 3, text: 'a' })).toThrow(/Part 3 of an upload of 3/);
    st.put({ upload: 'v', index: 0, count: 1, text: 'v' });
    expect(() => st.take('u')).toThrow(UPLOAD_GONE);
    expect(st.take('v')).toBe('v');
    t += UPLOAD_TIMEOUT_MS + 1;
    expect(() => st.take('v')).toThrow(UPLOAD_GONE);
  });
});

describe('listImport in parts', () => {
  it('previews and imports a file sent in many parts, in one write; a retry with the same request id changes nothing', async () => {
    const s = service();
    const text = backup(300);
    const parts = splitParts(text, 4_096);
    expect(parts.length).toBeGreaterThan(5);
    await send(s, 'up1', parts);
    const preview = await s.handle({ type: 'listImportPreview', payload: { upload: 'up1', filename: 'b.json' } });
    expect(preview.problems).toEqual([]);
    const r = await s.handle({ type: 'listImport', payload: { upload: 'up1', filename: 'b.json', requestId: 'r1' } });
    expect(r).toEqual({ added: 300, updated: 0, total: 300 });
    const again = await s.handle({ type: 'listImport', payload: { upload: 'up1', filename: 'b.json', requestId: 'r1' } });
    expect(again.total).toBe(300);
    const list = await s.handle({ type: 'listGet', payload: {} });
    expect(list.total).toBe(300);
  });

  it('a missing part, or an upload the worker lost (restart), is refused with a clear message and changes nothing', async () => {
    const s = service();
    await s.handle({ type: 'listSave', payload: { paper: { id: '2501.99999', title: 'Q', authors: [] } } });
    const parts = splitParts(backup(200), 4_096);
    await send(s, 'up2', parts, 3);
    await expect(s.handle({ type: 'listImport', payload: { upload: 'up2', filename: 'b.json' } })).rejects.toThrow(
      `Part 4 of ${parts.length} of the file did not arrive`,
    );
    // A fresh worker (restarted mid-upload) holds no parts.
    const restarted = service();
    await expect(restarted.handle({ type: 'listImport', payload: { upload: 'up2', filename: 'b.json' } })).rejects.toThrow(
      UPLOAD_GONE,
    );
    await expect(restarted.handle({ type: 'listImportPreview', payload: { upload: 'up2' } })).rejects.toThrow(UPLOAD_GONE);
    expect((await restarted.handle({ type: 'listGet', payload: {} })).total).toBe(1);
  });

  it('the contract takes the text or the upload, not both or neither, and parts of at most IMPORT_PART', () => {
    const self = { id: 'pl', origin: 'chrome-extension://pl/' };
    const check = (type: string, payload: unknown) =>
      validateMessage({ type, payload }, { id: 'pl', url: `${self.origin}popup.html` }, self);
    expect(check('listImport', { text: '[]' }).ok).toBe(true);
    expect(check('listImport', { upload: 'u' }).ok).toBe(true);
    expect(check('listImport', { upload: 'u', text: '[]' })).toMatchObject({ ok: false, error: /either the text/ });
    expect(check('listImportPreview', {})).toMatchObject({ ok: false, error: /either the text/ });
    expect(check('listImportPart', { upload: 'u', index: 0, count: 1, text: 'x'.repeat(IMPORT_PART + 1) }).ok).toBe(false);
    expect(check('listImportPart', { upload: 'u', index: 0, count: 1, text: 'x' }).ok).toBe(true);
  });
});
