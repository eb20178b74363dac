import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import papers from '../../data/papers.json';
import { answerMessage, createService, toggleSaveForPage, type Service } from '../../lib/worker/service';
import { REQUESTS, validateMessage } from '../../lib/messaging/contract';
import { CONTENT_REQUESTS } from '../../lib/messaging/content-requests';
import { EXTENSION_PAGE_REQUESTS } from '../../lib/messaging/page-requests';
import { contentRequest, pageRequest } from '../../lib/messaging/client';
import type { Paper } from '../../lib/core/paper';
import { buildRelatedModel } from '../../tools/related/build';
import { type StorageAreaLike } from '../../lib/reading-list/storage';
import { createReadingListStore } from '../../lib/reading-list/local-store';
import { buildAssets, memoryAssets } from '../../tools/corpus/assets';

const ASSETS = buildAssets(papers as Paper[], buildRelatedModel(papers as Paper[]));

const self = { id: 'paper-lens-id', origin: 'chrome-extension://paper-lens-id/' };
const popup = { id: self.id, url: `${self.origin}popup.html` };
const contentScript = {
  id: self.id,
  url: 'https://arxiv.org/abs/1909.11740',
  tab: { id: 3, url: 'https://arxiv.org/abs/1909.11740' },
};

function service(area: StorageAreaLike = fakeBrowser.storage.local): Service {
  return createService({
    assets: memoryAssets(ASSETS),
    store: createReadingListStore(area),
    now: (() => {
      let t = 1_700_000_000_000;
      return () => (t += 1000);
    })(),
  });
}

beforeEach(() => fakeBrowser.reset());

describe('message checks', () => {
  it('accepts well-formed messages from the popup and content scripts', () => {
    expect(validateMessage({ type: 'search', payload: { query: 'ctc' } }, popup, self).ok).toBe(true);
    expect(validateMessage({ type: 'annotatePage', payload: { page: { authors: [] } } }, contentScript, self).ok).toBe(true);
  });

  it('refuses other extensions, other sites, unknown types and bad payloads with a reason', () => {
    const msg = { type: 'search', payload: { query: 'x' } };
    expect(validateMessage(msg, { ...popup, id: 'evil' }, self)).toEqual({ ok: false, error: 'message from another extension' });
    expect(
      validateMessage(msg, { id: self.id, url: 'https://evil.example/', tab: { url: 'https://evil.example/' } }, self),
    ).toEqual({
      ok: false,
      error: 'sender not allowed',
    });
    expect(validateMessage({ type: 'dropTables', payload: {} }, popup, self)).toMatchObject({
      ok: false,
      error: /unknown message type/,
    });
    expect(validateMessage({ type: 'search', payload: { query: 42 } }, popup, self)).toMatchObject({
      ok: false,
      error: /invalid search payload at query/,
    });
  });

  it('keeps import, export and backup restore away from content scripts', () => {
    const r = validateMessage({ type: 'listImport', payload: { text: '[]' } }, contentScript, self);
    expect(r).toEqual({ ok: false, error: 'listImport is only for extension pages' });
  });

  it('declares each request for one sender, and refuses extension-page requests from content scripts', () => {
    const content = Object.keys(CONTENT_REQUESTS);
    const pageOnly = Object.keys(EXTENSION_PAGE_REQUESTS);
    expect(content.filter((t) => pageOnly.includes(t))).toEqual([]);
    expect([...content, ...pageOnly].sort()).toEqual(Object.keys(REQUESTS).sort());
    for (const type of pageOnly) {
      expect(validateMessage({ type, payload: {} }, contentScript, self)).toEqual({
        ok: false,
        error: `${type} is only for extension pages`,
      });
    }
  });

  it('lets the type checker stop a content script from naming an extension-page request', () => {
    // Never called: `tsc --noEmit` (npm run check) fails if contentRequest ever accepts listImport.
    const typeChecks = () => [
      // @ts-expect-error listImport is for extension pages only
      contentRequest('listImport', { text: '' }),
      pageRequest('listImport', { text: '' }),
      contentRequest('listSave', { paper: { id: '1909.11740', title: 't', authors: [] } }),
    ];
    expect(typeof typeChecks).toBe('function');
  });
});

describe('the worker answers', () => {
  it('matches a corpus page by ID whatever the version, with related papers and reasons', async () => {
    const s = service();
    const a = await s.handle({
      type: 'annotatePage',
      payload: { page: { arxivId: '2310.00161', version: 1, title: 'Another title', authors: [] } },
    });
    expect(a.state).toBe('match');
    expect(a.by).toBe('id');
    expect(a.paper.title).toBe((papers as Paper[]).find((p) => p.id === '2310.00161')!.title);
    expect(a.related.length).toBe(5);
    expect(a.related.every((r) => r.reasons.length > 0 && r.id !== '2310.00161')).toBe(true);
  });

  it('does not match a paper outside the corpus, and relates it by its text', async () => {
    const a = await service().handle({
      type: 'annotatePage',
      payload: {
        page: {
          arxivId: '2501.99999',
          title: 'UNITER: UNiversal Image-TExt Representation Learning for Video',
          authors: ['A B'],
        },
      },
    });
    expect(a.state).toBe('nomatch');
    expect(a.paper.id).toBe('2501.99999');
    expect(a.related[0].id).toBe('1909.11740');
  });

  it('saves, edits, removes and restores; badges follow', async () => {
    const s = service();
    await s.handle({ type: 'listSave', payload: { paper: { id: '1909.11740', title: 'ignored: corpus wins', authors: [] } } });
    await s.handle({ type: 'listSave', payload: { paper: { id: '2501.99999', title: 'Outside', authors: ['Ann Author'] } } });
    const edited = await s.handle({ type: 'listUpdate', payload: { id: '1909.11740', tags: ['vision'], note: 'n', read: true } });
    expect(edited).toMatchObject({
      title: (papers as Paper[])[0].title,
      tags: ['vision'],
      note: 'n',
      read: true,
      source: 'corpus',
    });
    const states = await s.handle({
      type: 'matchListing',
      payload: {
        entries: [{ arxivId: '1909.11740' }, { arxivId: '2501.99999' }, { arxivId: '2308.08414' }, { arxivId: '2601.00001' }],
      },
    });
    expect(states).toEqual(['collection saved', 'saved', 'collection', '']);
    const { removed } = await s.handle({ type: 'listRemove', payload: { id: '1909.11740' } });
    expect(removed?.tags).toEqual(['vision']);
    await s.handle({ type: 'listRestore', payload: { paper: removed! } });
    const list = await s.handle({ type: 'listGet', payload: {} });
    // The popup's order (date saved, newest first): the restored paper keeps its first save's date.
    expect(list.papers.map((p) => p.id)).toEqual(['2501.99999', '1909.11740']);
    expect(list.papers[1].note).toBe('n');
    expect(list).toMatchObject({ total: 2, matching: 2, tags: ['vision'] });
  });

  it('searches the corpus and saved papers outside it, with filters', async () => {
    const s = service();
    await s.handle({
      type: 'listSave',
      payload: { paper: { id: '2501.99999', title: 'Quasicrystal tokenizers', authors: ['Zed Q'] } },
    });
    await s.handle({ type: 'listSave', payload: { paper: { id: '2010.10137', title: 'x', authors: [] }, tags: ['ir'] } });
    expect((await s.handle({ type: 'search', payload: { query: 'quasicrystal' } })).results.map((r) => r.id)).toEqual([
      '2501.99999',
    ]);
    const tagged = await s.handle({ type: 'search', payload: { query: 'tag:ir' } });
    expect(tagged.results.map((r) => r.id)).toEqual(['2010.10137']);
    const years = await s.handle({ type: 'search', payload: { query: 'language year:2024..2024' } });
    expect(years.results.length).toBeGreaterThan(0);
    expect(years.results.every((r) => r.year === 2024)).toBe(true);
    const saved = await s.handle({ type: 'search', payload: { query: 'pre-training is:saved' } });
    expect(saved.results.every((r) => r.saved)).toBe(true);
  });

  it("finds a saved paper from outside the corpus in a restarted worker's first search, as its index loads", async () => {
    await service().handle({
      type: 'listSave',
      payload: { paper: { id: '2501.99999', title: 'Quasicrystal tokenizers', authors: ['Zed Q'] }, tags: ['ir'] },
    });
    // A new worker over the same storage, whose list is read slower than the index's shards (a cold database):
    // its first message is the search, and the shards are read while the list is.
    const area = fakeBrowser.storage.local;
    const slow: StorageAreaLike = {
      get: async (keys) => (await new Promise((r) => setTimeout(r, 50)), area.get(keys)),
      set: (items) => area.set(items),
      remove: (keys) => area.remove(keys),
    };
    const first = await service(slow).handle({ type: 'search', payload: { query: 'quasicrystal tokenizers' } });
    expect(first.results.map((r) => [r.id, r.saved])).toEqual([['2501.99999', true]]);
    const tagged = await service().handle({ type: 'search', payload: { query: 'tokenizers tag:ir' } });
    expect(tagged.results.map((r) => r.id)).toEqual(['2501.99999']);
  });

  it('finds a paper from outside the corpus saved just before the search, its words searched before', async () => {
    const s = service();
    await s.handle({ type: 'listSave', payload: { paper: { id: '2501.99998', title: 'Quasicrystal tokenizers', authors: [] } } });
    expect((await s.handle({ type: 'search', payload: { query: 'quasicrystal' } })).results.map((r) => r.id)).toEqual([
      '2501.99998',
    ]);
    // Saved, then searched at once: the search's words were held before the list read after the save had run.
    await s.handle({ type: 'listSave', payload: { paper: { id: '2501.99997', title: 'Quasicrystal lattices', authors: [] } } });
    const again = await s.handle({ type: 'search', payload: { query: 'quasicrystal' } });
    expect(again.results.map((r) => r.id).sort()).toEqual(['2501.99997', '2501.99998']);
  });

  it('suggests "did you mean" when nothing matches', async () => {
    const r = await service().handle({ type: 'search', payload: { query: 'tokenizatoinx' } });
    if (r.results.length === 0) expect(r.suggestion).toBeTruthy();
    const none = await service().handle({ type: 'search', payload: { query: 'qqqqqqqq' } });
    expect(none.results).toEqual([]);
  });

  it('suggests papers like the reading list, leaving out what is saved', async () => {
    const s = service();
    for (const id of ['2307.01715', '2210.15226'])
      await s.handle({ type: 'listSave', payload: { paper: { id, title: 'x', authors: [] } } });
    const more = await s.handle({ type: 'moreLikeList', payload: { limit: 5 } });
    expect(more.length).toBe(5);
    expect(more.map((m) => m.id)).not.toContain('2307.01715');
    expect(more.every((m) => m.reasons.length > 0)).toBe(true);
  });
});

describe('the worker keeps the reading list', () => {
  it('imports all or nothing, keeping a backup first', async () => {
    const s = service();
    await s.handle({ type: 'listSave', payload: { paper: { id: '2010.10137', title: 'x', authors: [] } } });
    await expect(
      s.handle({ type: 'listImport', payload: { text: '{"format":"paper-lens"', filename: 'x.json' } }),
    ).rejects.toThrow(/x\.json|JSON/);
    expect((await s.handle({ type: 'listGet', payload: {} })).papers).toHaveLength(1);
    const bib =
      '@misc{a, title={Zero-Shot Tokenizer Transfer}, author={Minixhofer, Benjamin}, year={2024}, eprint={2405.07883}, archivePrefix={arXiv}}';
    const r = await s.handle({ type: 'listImport', payload: { text: bib, filename: 'a.bib' } });
    expect(r).toEqual({ added: 1, updated: 0, total: 2 });
    expect((await s.handle({ type: 'listGet', payload: {} })).backup?.count).toBe(1);
    await s.handle({ type: 'listRestoreBackup', payload: {} });
    expect((await s.handle({ type: 'listGet', payload: {} })).papers.map((p) => p.id)).toEqual(['2010.10137']);
  });

  it('lands concurrent changes, and answers a read sent after a change with the changed list', async () => {
    // Writes that take a while, as real storage does: later messages arrive while they are under way.
    const area = fakeBrowser.storage.local;
    const s = service({
      get: (keys) => area.get(keys),
      remove: (keys) => area.remove(keys),
      set: async (items) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        await area.set(items);
      },
    });
    await s.handle({ type: 'status', payload: {} });
    // Each message arrives in a task of its own, as runtime messages do.
    const nextMessage = () => new Promise((resolve) => setTimeout(resolve, 0));
    const saves = ['2010.10137', '2302.08582', '2501.99999'].map((id) =>
      s.handle({ type: 'listSave', payload: { paper: { id, title: 'Outside', authors: [] } } }),
    );
    await nextMessage();
    const read = s.handle({ type: 'listGet', payload: {} });
    const update = s.handle({ type: 'listUpdate', payload: { id: '2302.08582', tags: ['rl'] } });
    await nextMessage();
    const tagged = s.handle({ type: 'search', payload: { query: 'tag:rl' } });
    await Promise.all(saves);
    expect((await read).papers.map((p) => p.id).sort()).toEqual(['2010.10137', '2302.08582', '2501.99999']);
    expect((await update).tags).toEqual(['rl']);
    expect((await tagged).results.map((r) => r.id)).toEqual(['2302.08582']);
  });

  it('finds a saved paper from outside the corpus by its abstract once the index is fully loaded', async () => {
    const s = service();
    await s.handle({
      type: 'listSave',
      payload: { paper: { id: '2501.99999', title: 'Outside', authors: [], abstract: 'Zyxwvut quasiparticles in tokenizers.' } },
    });
    await s.fullyLoaded();
    expect((await s.handle({ type: 'search', payload: { query: 'zyxwvut' } })).results.map((r) => r.id)).toEqual(['2501.99999']);
  });

  it('toggles the current tab paper for the keyboard shortcut', async () => {
    const s = service();
    expect(await toggleSaveForPage(s, { arxivId: '2302.08582', authors: [] })).toBe(true);
    expect(await toggleSaveForPage(s, { arxivId: '2302.08582', authors: [] })).toBe(false);
  });
});

describe('malformed messages never throw inside the worker (fuzz)', () => {
  it('answers { ok: false } to arbitrary payloads of every type', async () => {
    const s = service();
    const types = [...Object.keys(REQUESTS), 'nope', '__proto__', 'constructor'];
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...types), fc.anything(), fc.boolean(), async (type, payload, asPopup) => {
        runs++;
        const reply = await answerMessage({ type, payload }, asPopup ? popup : contentScript, self, () => s);
        expect(typeof reply.ok).toBe('boolean');
        if (!reply.ok) expect(typeof reply.error).toBe('string');
      }),
      { numRuns: 3000 },
    );
    await fc.assert(
      fc.asyncProperty(fc.anything(), fc.anything(), async (raw, sender) => {
        runs++;
        const reply = await answerMessage(raw, sender as never, self, () => s);
        expect(reply.ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
    expect(runs).toBe(5000);
  });
});

describe('corpus papers as the worker holds them', () => {
  it('are saved with their authors, year and links', async () => {
    const s = service();
    const saved = await s.handle({ type: 'listSave', payload: { paper: { id: '2302.08582', title: 'x', authors: [] } } });
    expect(saved).toMatchObject({
      id: '2302.08582',
      title: 'Pretraining Language Models with Human Preferences',
      authors: ['Tomasz Korbak'],
      year: 2023,
      links: {
        abs: 'https://arxiv.org/abs/2302.08582',
        pdf: 'https://arxiv.org/pdf/2302.08582',
        hf: 'https://huggingface.co/papers/2302.08582',
      },
      source: 'corpus',
    });
    expect(saved.abstract).toBeUndefined();
  });
});
