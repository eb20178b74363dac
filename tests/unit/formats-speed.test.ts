/**
 * A 6,000-entry BibTeX library made from the real files' entries (each file's
 * entries again under new keys and titles until 6,000), through the worker:
 * the preview (read, nothing written) and the import (read, merge, one write).
 * Times are printed for docs/formats.md, not asserted: this machine is shared.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import papers from '../../data/papers.json';
import type { Paper } from '../../lib/core/paper';
import { createReadingListStore } from '../../lib/reading-list/local-store';
import { createService } from '../../lib/worker/service';
import { buildAssets, memoryAssets } from '../../tools/corpus/assets';
import { buildRelatedModel } from '../../tools/related/build';
import { fixture, REAL_FILES } from './formats-compare';

const ASSETS = buildAssets(papers as Paper[], buildRelatedModel(papers as Paper[]));

/** `n` entries: the real BibTeX files in turn, each round with keys, titles and ids made new. */
export function largeLibrary(n: number): string {
  const files = REAL_FILES.filter((f) => f.endsWith('.bib')).map((f) => fixture(f));
  const parts: string[] = [];
  let count = 0;
  for (let round = 0; count < n; round++) {
    for (const text of files) {
      // Keys, titles and arXiv ids change each round so every entry is a paper of its own.
      const copy =
        round === 0
          ? text
          : text
              .replace(/^(@\s*(?!string|preamble|comment)[A-Za-z]+\s*[{(]\s*)([^,\s]+)/gim, `$1$2-r${round}`)
              .replace(/(^\s*title\s*=\s*[{"])/gim, `$1(${round}) `)
              // arXiv ids would merge the copies with the originals: "arxiw" is no arXiv.
              .replace(/arxiv/gi, 'arxiw');
      const entries = (copy.match(/^@\s*(?!string|preamble|comment)[A-Za-z]+\s*[{(]/gim) ?? []).length;
      parts.push(copy);
      count += entries;
      if (count >= n) break;
    }
  }
  return parts.join('\n');
}

beforeEach(() => fakeBrowser.reset());

describe('a 6,000-entry library', () => {
  it('is previewed and imported (times printed)', { timeout: 120_000 }, async () => {
    const text = largeLibrary(6000);
    const s = createService({
      assets: memoryAssets(ASSETS),
      store: createReadingListStore(fakeBrowser.storage.local),
      now: Date.now,
    });
    // The worker's first answer waits for its corpus; a popup opened on a running worker does not.
    await s.handle({ type: 'listGet', payload: {} });
    // CPU time too: on a machine shared with other test runs, wall time also counts the waiting for a core.
    const cpu = () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    };
    let t = performance.now();
    let c = cpu();
    const preview = await s.handle({ type: 'listImportPreview', payload: { text, filename: 'large.bib' } });
    const previewMs = performance.now() - t;
    const previewCpu = cpu() - c;
    expect(preview.found).toBeGreaterThanOrEqual(6000);
    expect(preview.problems).toEqual([]);
    t = performance.now();
    c = cpu();
    const r = await s.handle({ type: 'listImport', payload: { text, filename: 'large.bib' } });
    const importMs = performance.now() - t;
    const importCpu = cpu() - c;
    expect(r.added).toBe(preview.ready);
    console.log(
      `6,000-entry BibTeX (${(text.length / 1e6).toFixed(1)} MB, ${preview.found} entries, ${preview.ready} papers): preview ${Math.round(previewMs)} ms (CPU ${Math.round(previewCpu)} ms), import ${Math.round(importMs)} ms (CPU ${Math.round(importCpu)} ms)`,
    );
  });
});
