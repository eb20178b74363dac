/** The worker's two-step import: preview first, then the good entries in one write, or nothing. */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import papers from '../../data/papers.json';
import type { Paper } from '../../lib/core/paper';
import { createReadingListStore } from '../../lib/reading-list/local-store';
import { createService } from '../../lib/worker/service';
import { buildAssets, memoryAssets } from '../../tools/corpus/assets';
import { buildRelatedModel } from '../../tools/related/build';
import { fixture } from './formats-compare';

const ASSETS = buildAssets(papers as Paper[], buildRelatedModel(papers as Paper[]));

function service() {
  return createService({
    assets: memoryAssets(ASSETS),
    store: createReadingListStore(fakeBrowser.storage.local),
    now: () => 1_700_000_000_000,
  });
}

/** The real Zotero file with a missing comma and an entry without title, id or DOI (as in formats-real.test.ts). */
const damaged = fixture('bib/zotero-bbt-my-library.bib')
  .replace('  pages = {1--4},\n  publisher = {{IEEE}}', '  pages = {1--4}\n  publisher = {{IEEE}}')
  .replace(/(@article\{armatasEVALUATIONGOALSSCORED2009,\n) {2}title = .*\n/, '$1');

beforeEach(() => fakeBrowser.reset());

describe('import with bad entries', () => {
  it('previews without changing anything, refuses a plain import, imports the good ones when asked', async () => {
    const s = service();
    const preview = await s.handle({ type: 'listImportPreview', payload: { text: damaged, filename: 'My Library.bib' } });
    expect(preview).toMatchObject({ format: 'bibtex', found: 42, ready: 40 });
    expect(preview.problems.map((p) => [p.line, p.key])).toEqual([
      [9, 'apostolouSportsAnalyticsAlgorithms2019'],
      [17, 'armatasEVALUATIONGOALSSCORED2009'],
    ]);
    expect(preview.summary).toMatch(/^40 papers ready; 2 cannot be read: line 9, entry "apostolouSportsAnalyticsAlgorithms2019"/);
    expect((await s.handle({ type: 'listGet', payload: {} })).papers).toHaveLength(0);
    // Without the user's say-so, nothing is imported.
    await expect(s.handle({ type: 'listImport', payload: { text: damaged, filename: 'My Library.bib' } })).rejects.toThrow(
      /2 cannot be read/,
    );
    expect((await s.handle({ type: 'listGet', payload: {} })).papers).toHaveLength(0);
    const r = await s.handle({ type: 'listImport', payload: { text: damaged, filename: 'My Library.bib', anyway: true } });
    expect(r).toEqual({ added: 40, updated: 0, total: 40 });
    const list = await s.handle({ type: 'listGet', payload: {} });
    expect(
      list.papers.find((p) => p.title === 'Correlation vs Causation: Understand the Difference for Your Product')?.bib,
    ).toMatchObject({
      type: 'document',
    });
  });

  it('a file whose entries all read imports at once, as before', async () => {
    const s = service();
    const text = fixture('ris/mendeley.ris');
    expect(await s.handle({ type: 'listImportPreview', payload: { text, filename: 'm.ris' } })).toMatchObject({
      found: 2,
      ready: 2,
      problems: [],
    });
    expect(await s.handle({ type: 'listImport', payload: { text, filename: 'm.ris' } })).toEqual({
      added: 2,
      updated: 0,
      total: 2,
    });
  });
});
