/**
 * The corpus files' copies in IndexedDB (lib/storage/corpus-files.ts) in a real Chromium: after the first
 * answer the worker copies the files its manifest lists; once they are in, a stopped and restarted worker
 * answers an abstract page, related papers included, with those files gone from the extension's folder
 * (a copy of the build), and the answer is the one it gave from the shipped files.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXTENSION_DIR, launch, openPopup, stopWorker, type Launched } from './harness';
import { OverlayPO } from './page-objects';
import { defaultSite } from './site';
import { type StoredManifest, type StoredProgress } from '../../lib/storage/corpus-files';

const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'corpus/stored.json'), 'utf8')) as StoredManifest;

let l: Launched | undefined;
const dir = mkdtempSync(join(tmpdir(), 'paper-lens-copies-'));
afterAll(async () => {
  await l?.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

async function related(launched: Launched, id: string): Promise<(string | null)[]> {
  const tab = await launched.context.newPage();
  await tab.goto(`https://arxiv.org/abs/${id}`);
  const o = await new OverlayPO(tab).ready();
  await expect.poll(() => o.related.count()).toBeGreaterThan(0);
  const ids = await o.relatedIds();
  await tab.close();
  return ids;
}

describe('corpus files copied into IndexedDB', () => {
  it('are copied after the first answer and read from there after a worker restart', { timeout: 120_000 }, async () => {
    cpSync(EXTENSION_DIR, dir, { recursive: true });
    l = await launch(defaultSite(), { extensionDir: dir });
    const launched = l;
    expect(manifest.files.some((f) => f.startsWith('corpus/related/terms/'))).toBe(true);
    const first = await related(launched, '2401.16380');

    const page = await openPopup(launched);
    const status = () =>
      page.evaluate(async () => {
        const r = (await chrome.runtime.sendMessage({ type: 'status', payload: {} })) as {
          value?: { corpusCopies: StoredProgress | null };
        };
        return r.value?.corpusCopies ?? null;
      });
    await expect.poll(status, { timeout: 60_000 }).toMatchObject({ complete: true, total: manifest.files.length });
    const keys = await page.evaluate(
      () =>
        new Promise<string[]>((resolve, reject) => {
          const open = indexedDB.open('paper-lens');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const get = open.result.transaction('corpusFiles').objectStore('corpusFiles').getAllKeys();
            get.onsuccess = () => resolve(get.result as string[]);
            get.onerror = () => reject(get.error);
          };
        }),
    );
    expect(keys.sort()).toEqual([...manifest.files].sort());
    await page.close();

    await stopWorker(launched);
    // The copied files leave the extension's folder: only their copies can answer now.
    for (const f of manifest.files) rmSync(join(dir, f));
    expect(await related(launched, '2401.16380')).toEqual(first);
    expect((await related(launched, '2302.08582')).length).toBeGreaterThan(0);
  });
});
