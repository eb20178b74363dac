/**
 * Reference-manager files in Chromium: a real Zotero library with bad entries
 * is previewed, then imported anyway; the RIS export downloads a file that
 * citation-js reads back.
 */
import { Cite } from '@citation-js/core';
import axe from 'axe-core';
import '@citation-js/plugin-ris';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, openPopup, ROOT, type Launched } from './harness';
import { PopupPO } from './page-objects';
import { defaultSite } from './site';

let l: Launched;
beforeAll(async () => {
  l = await launch(defaultSite());
});
afterAll(async () => l?.close());

/** tests/fixtures/bib/zotero-bbt-my-library.bib with a missing comma and an entry without title, id or DOI. */
const damaged = readFileSync(join(ROOT, 'tests/fixtures/bib/zotero-bbt-my-library.bib'), 'utf8')
  .replace('  pages = {1--4},\n  publisher = {{IEEE}}', '  pages = {1--4}\n  publisher = {{IEEE}}')
  .replace(/(@article\{armatasEVALUATIONGOALSSCORED2009,\n) {2}title = .*\n/, '$1');

describe('a real library with bad entries', () => {
  it('is previewed, nothing changes, then the good entries are imported anyway; RIS export reads back in citation-js', async () => {
    const popup = await openPopup(l, '#saved');
    const p = new PopupPO(popup);
    await popup.getByTestId('import-file').waitFor();
    const before = await p.savedIds();
    await p.importFile.setInputFiles({ name: 'My Library.bib', mimeType: 'text/plain', buffer: Buffer.from(damaged) });
    await p.importPreview.waitFor();
    const text = (await p.importPreview.textContent()) ?? '';
    expect(text).toContain('My Library.bib: 40 papers ready; 2 entries cannot be read');
    expect(text).toContain('line 9, entry "apostolouSportsAnalyticsAlgorithms2019" (#1): expected "," or "}" to end the entry');
    expect(text).toContain('line 17, entry "armatasEVALUATIONGOALSSCORED2009" (#2): has no title, arXiv id or DOI');
    expect(await p.savedIds()).toEqual(before);
    await popup.evaluate(axe.source);
    const violations = await popup.evaluate(async () => {
      const r = await (window as unknown as { axe: typeof axe }).axe.run('[data-testid="import-preview"]');
      return r.violations.map((v) => v.id);
    });
    expect(violations).toEqual([]);
    await p.importAnyway.click();
    await expect.poll(() => p.savedItems.count(), { timeout: 20_000 }).toBe(before.length + 40);
    expect(await popup.getByTestId('import-status').textContent()).toMatch(/Imported My Library\.bib: 40 added/);
    expect(await p.savedItems.filter({ hasText: 'Correlation vs Causation: Understand the Difference' }).count()).toBe(1);

    const dl = popup.waitForEvent('download');
    await popup.getByTestId('export-ris').click();
    const d = await dl;
    expect(d.suggestedFilename()).toMatch(/^paper-lens-\d{4}-\d{2}-\d{2}\.ris$/);
    const ris = readFileSync((await d.path())!, 'utf8');
    const items = new Cite(ris, { forceType: '@ris/file' }).data as { title: string; DOI?: string }[];
    expect(items).toHaveLength(before.length + 40);
    expect(items.map((i) => i.title)).toContain('Correlation vs Causation: Understand the Difference for Your Product');
    expect(items.find((i) => i.DOI === '10.1109/IISA.2019.8900754')).toBeUndefined(); // the damaged entry was not imported
    await popup.close();
  });
});
