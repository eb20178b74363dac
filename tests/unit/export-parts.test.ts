/** The worker's export in parts: a file past Chrome's 64 MiB message limit goes out in answers of at most `EXPORT_PART`. */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import papers from '../../data/papers.json';
import type { Paper } from '../../lib/core/paper';
import { toJson } from '../../lib/formats/export/json';
import { EXPORT_PART } from '../../lib/messaging/page-requests';
import { createReadingListStore } from '../../lib/reading-list/local-store';
import { createService } from '../../lib/worker/service';
import { buildAssets, memoryAssets } from '../../tools/corpus/assets';
import { buildRelatedModel } from '../../tools/related/build';

const ASSETS = buildAssets(papers as Paper[], buildRelatedModel(papers as Paper[]));
const service = () =>
  createService({ assets: memoryAssets(ASSETS), store: createReadingListStore(fakeBrowser.storage.local), now: Date.now });

beforeEach(() => fakeBrowser.reset());

/** A list whose JSON export is about 1.3 parts: long notes, one with a character outside the BMP at every place. */
async function bigList(s: ReturnType<typeof service>) {
  const list = Array.from({ length: 1_140 }, (_, i) => ({
    id: `2601.${String(10000 + i)}`,
    title: `Paper ${i}`,
    authors: ['A B'],
    note: (i % 2 ? '𝔸' : 'n').repeat(9_500),
    tags: ['t'],
    links: {},
    savedAt: 1_700_000_000_000 + i,
    read: false,
    source: 'page' as const,
  }));
  await s.handle({ type: 'listImport', payload: { text: toJson(list, new Date()), filename: 'big.json' } });
}

describe('listExport in parts', () => {
  it('answers a file past one part in parts that join to the whole file', async () => {
    const s = service();
    await bigList(s);
    const parts: string[] = [];
    let offset: number | null = 0;
    while (offset !== null) {
      const r: { text: string; next: number | null } = await s.handle({
        type: 'listExport',
        payload: { format: 'json', ...(offset ? { offset } : {}) },
      });
      expect(r.text.length).toBeLessThanOrEqual(EXPORT_PART + 1);
      parts.push(r.text);
      offset = r.next;
    }
    expect(parts.length).toBeGreaterThan(1);
    const whole = parts.join('');
    // No part ends between the two halves of a character.
    for (const p of parts) expect(p.charCodeAt(p.length - 1) >= 0xd800 && p.charCodeAt(p.length - 1) <= 0xdbff).toBe(false);
    const back = JSON.parse(whole) as unknown;
    expect(JSON.stringify(back)).toContain('𝔸'.repeat(9_500));
    expect(whole).toContain('2601.11139');
  });

  it('a small export is one part; a later part after the list changed is refused, not mixed', async () => {
    const s = service();
    await s.handle({ type: 'listSave', payload: { paper: { id: '2501.99999', title: 'Q', authors: [] } } });
    const one = await s.handle({ type: 'listExport', payload: { format: 'bibtex' } });
    expect(one.next).toBeNull();
    expect(one.text).toContain('2501.99999');
    await bigList(s);
    const first = await s.handle({ type: 'listExport', payload: { format: 'json' } });
    expect(first.next).not.toBeNull();
    await s.handle({ type: 'listRemove', payload: { id: '2501.99999' } });
    await expect(s.handle({ type: 'listExport', payload: { format: 'json', offset: first.next! } })).rejects.toThrow(
      /changed during the export/,
    );
  });
});
