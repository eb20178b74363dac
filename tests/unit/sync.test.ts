import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import corpusJson from '../../data/papers.json';
import type { Paper } from '../../lib/core/paper';
import { createSync, debounced } from '../../lib/backup/sync';
import { mergeThreeWay, UNKNOWN } from '../../lib/backup/sync-merge';
import {
  BUCKET_BUDGET,
  BUCKET_KEYS,
  SYNC_QUOTA,
  bucketOf,
  decodeBucket,
  describeFit,
  encodeBucket,
  fitBucket,
  type SyncPaper,
} from '../../lib/backup/sync-format';
import {
  emptyReadingList,
  removePaper,
  savePaper,
  updatePaper,
  type ReadingList,
  type SavedPaper,
} from '../../lib/reading-list/list';
import { createReadingListStore } from '../../lib/reading-list/local-store';
import { FakeSyncServer, MemoryArea } from './sync-fakes';

const corpus = corpusJson as Paper[];
const byId = new Map(corpus.map((p) => [p.id, p]));
const T0 = 1_760_000_000_000;
const MIN = 60_000;

interface Device {
  area: ReturnType<FakeSyncServer['device']>;
  local: MemoryArea;
  engine: ReturnType<typeof createSync>;
  edit(fn: (l: ReadingList) => ReadingList): Promise<null>;
  papers(): Promise<SavedPaper[]>;
}

function setup() {
  let t = T0;
  const clock = () => t;
  const server = new FakeSyncServer(clock);
  const devices: Device[] = [];
  function makeDevice(): Device {
    const local = new MemoryArea();
    const area = server.device();
    const store = createReadingListStore(local, { now: clock });
    const engine = createSync({
      area,
      local,
      list: async () => (await store.load()).list,
      update: (fn) => store.update(fn),
      corpus: {
        ids: async () => new Set(byId.keys()),
        papers: async (ids) => new Map(ids.flatMap((id) => (byId.has(id) ? [[id, byId.get(id)!] as const] : []))),
      },
      now: clock,
    });
    const d: Device = {
      area,
      local,
      engine,
      edit: (fn: (l: ReadingList) => ReadingList) => store.update((l) => ({ list: fn(l), result: null })),
      papers: async () => (await store.load()).list.papers,
    };
    devices.push(d);
    return d;
  }
  /** Sync rounds until no device writes and the server sends nothing new. */
  async function converge(max = 12): Promise<number> {
    for (let round = 1; round <= max; round++) {
      t += 10_000;
      let wrote = 0;
      for (const d of devices) wrote += (await d.engine.syncNow())?.wrote ?? 0;
      const changed = server.deliver();
      if (!wrote && changed.size === 0) return round;
    }
    throw new Error('sync did not converge');
  }
  return { server, device: makeDevice, converge, tick: (ms: number) => (t += ms), clock };
}

/** What sync promises to agree on, in a comparable form. */
const view = (papers: SavedPaper[]) =>
  papers
    .map((p) => ({
      id: p.id,
      title: p.title,
      tags: p.tags.map((t) => t.toLowerCase()).sort(),
      read: p.read,
      note: p.note,
      savedMin: Math.floor(p.savedAt / MIN),
    }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));

const page = (id: string, title = `Paper ${id}`) => ({ id, title, authors: ['A B'], source: 'page' as const });

/** The JSON inside a stored bucket, and a bucket made from any JSON (to feed the decoder bad shapes). */
async function inflate(value: string): Promise<string> {
  const b64 = value.slice(value.indexOf(':', 4) + 1);
  const stream = new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))]).stream();
  return new Response(stream.pipeThrough(new DecompressionStream('deflate-raw'))).text();
}
async function deflate(json: unknown): Promise<string> {
  const stream = new Blob([JSON.stringify(json)]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return `pl1:-:${Buffer.from(await new Response(stream).arrayBuffer()).toString('base64')}`;
}

describe('format', () => {
  it('round-trips a bucket, unicode, unknown notes and titles included', async () => {
    const papers: SyncPaper[] = [
      { id: '2401.00001', savedMin: 29_000_000, tags: ['to read', 'Ünï'], read: true, note: 'line 1\nline 2 𝛼' },
      { id: 'pl-abc', savedMin: 29_000_005, tags: [], read: false, note: '', title: 'A “quoted” title' },
      { id: 'hep-th/9901001', savedMin: 28_000_000, tags: ['to read'], read: false },
    ];
    const value = await encodeBucket({ horizon: 0, papers, parent: 'abcd0123' });
    const back = await decodeBucket(value);
    expect(back?.parent).toBe('abcd0123');
    expect(back?.papers.sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual([...papers].sort((a, b) => (a.id < b.id ? -1 : 1)));
    expect(await decodeBucket('garbage')).toBeNull();
    // Well-formed compression of the wrong shape is refused too (a tag that is not a string, a read flag too many).
    const good = JSON.parse(await inflate(value));
    for (const bad of [
      { ...good, g: [42] },
      { ...good, r: `${good.r}1` },
      { ...good, i: ['', ...good.i.slice(1)] },
    ])
      expect(await decodeBucket(await deflate(bad))).toBeNull();
    expect(await decodeBucket('pl9:-:xyz')).toBeNull();
    expect(await decodeBucket(42)).toBeNull();
  });

  it('spreads ids over the buckets the same way everywhere', () => {
    expect(bucketOf('2401.00001')).toBe(bucketOf('2401.00001'));
    const counts = new Array(BUCKET_KEYS.length).fill(0);
    for (let i = 0; i < 16_000; i++) counts[bucketOf(`24${String(i % 12).padStart(2, '0')}.${10000 + i}`)]++;
    expect(Math.min(...counts)).toBeGreaterThan(800);
    expect(Math.max(...counts)).toBeLessThan(1200);
    expect(BUCKET_KEYS.length * BUCKET_BUDGET).toBeLessThanOrEqual(SYNC_QUOTA.QUOTA_BYTES);
    expect(BUCKET_BUDGET).toBeLessThanOrEqual(SYNC_QUOTA.QUOTA_BYTES_PER_ITEM);
  });

  it('drops titles first, then notes, then the oldest papers, and says so', async () => {
    const many: SyncPaper[] = Array.from({ length: 3000 }, (_, i) => ({
      id: `2405.${String(i).padStart(5, '0')}`,
      savedMin: 29_000_000 + i,
      tags: i % 3 ? ['nlp'] : [],
      read: i % 2 === 0,
      note: i % 4 === 0 ? `My thoughts on paper ${i}: ${'method '.repeat(i % 7)}${(i * 7919).toString(36)}` : '',
      title: `A title that does not compress ${(i * 104729).toString(36)} ${(i * 15485863).toString(36)}`,
    }));
    const { value, bucket, report } = await fitBucket(0, many);
    expect(report.bytes).toBeLessThanOrEqual(BUCKET_BUDGET);
    expect(report.droppedPapers).toBeGreaterThan(0);
    expect(report.droppedTitles).toBe(report.titles); // no room left for any title
    const back = (await decodeBucket(value))!;
    expect(back.papers).toHaveLength(bucket.papers.length);
    // The newest papers are the ones kept, and the horizon separates them exactly.
    expect(Math.min(...back.papers.map((p) => p.savedMin))).toBe(back.horizon);
    expect(back.papers.length + report.droppedPapers).toBe(3000);
    const text = describeFit(report)!;
    expect(text).toMatch(/^[\d,]+ of 3,000 papers \(the oldest saved\) do not fit the browser's sync quota/);

    // A smaller bucket keeps every paper and drops only titles, or notes.
    const few = many.slice(0, 300);
    const r2 = (await fitBucket(1, few)).report;
    expect(r2.droppedPapers).toBe(0);
    expect(r2.bytes).toBeLessThanOrEqual(BUCKET_BUDGET);
    const r3 = (await fitBucket(1, many.slice(0, 40))).report;
    expect(r3).toMatchObject({ droppedPapers: 0, droppedNotes: 0, droppedTitles: 0 });
    expect(describeFit(r3)).toBeNull();
  });
});

describe('three-way merge of one paper', () => {
  const p = (over: Partial<SyncPaper> = {}): SyncPaper => ({ id: 'x', savedMin: 1, tags: ['a'], read: false, note: '', ...over });
  it('the side that changed wins; both changed: the merge rule; not carried: keep ours', () => {
    expect(mergeThreeWay(p(), p({ tags: [] }), p())).toEqual(p({ tags: [] })); // untagged elsewhere
    expect(mergeThreeWay(p(), null, p())).toBeNull(); // removed elsewhere
    expect(mergeThreeWay(null, p(), p())).toBeNull(); // removed here
    expect(mergeThreeWay(p({ read: true }), p(), p())).toEqual(p({ read: true }));
    const both = mergeThreeWay(p({ note: 'mine', tags: ['a', 'b'] }), p({ note: 'theirs', read: true }), p());
    expect(both).toMatchObject({ read: true, tags: ['a', 'b'] });
    expect(both?.note).toContain('mine');
    expect(both?.note).toContain('theirs');
    // Same result whichever device computes it.
    expect(mergeThreeWay(p({ note: 'theirs', read: true }), p({ note: 'mine', tags: ['a', 'b'] }), p())).toEqual(both);
    expect(mergeThreeWay(p({ note: 'edited' }), null, p())).toEqual(p({ note: 'edited' })); // edit beats removal
    expect(mergeThreeWay(p(), UNKNOWN, null)).toEqual(p());
    expect(mergeThreeWay(p({ note: 'long' }), p({ note: undefined }), p({ note: undefined }))).toEqual(p({ note: 'long' }));
  });
});

describe('two devices through fake storage.sync areas', () => {
  it('is off by default; turned on, a second device receives the list', async () => {
    const s = setup();
    const a = s.device();
    const b = s.device();
    await a.edit((l) => savePaper(savePaper(l, corpus[0], T0), { ...page('2402.00001'), tags: ['x'], note: 'hi' }, T0 + MIN));
    expect(await a.engine.syncNow()).toBeNull();
    expect(a.area.data.size).toBe(0);
    await a.engine.setEnabled(true);
    await b.engine.setEnabled(true);
    await s.converge();
    expect(view(await b.papers())).toEqual(view(await a.papers()));
    const [c0, p1] = await b.papers();
    expect(c0).toMatchObject({ id: corpus[0].id, title: corpus[0].title, source: 'corpus' });
    expect(p1).toMatchObject({ id: '2402.00001', title: 'Paper 2402.00001', links: { abs: 'https://arxiv.org/abs/2402.00001' } });
  });

  it('concurrent edits on both sides converge, keeping every edit', async () => {
    const s = setup();
    const a = s.device();
    const b = s.device();
    await a.edit((l) => [0, 1, 2, 3].reduce((x, i) => savePaper(x, corpus[i], T0 + i * MIN), l));
    await a.engine.setEnabled(true);
    await b.engine.setEnabled(true);
    await s.converge();
    const [p0, p1, p2, p3] = corpus.map((p) => p.id);
    // Both devices edit before either hears of the other.
    await a.edit((l) => removePaper(updatePaper(updatePaper(l, p0, { tags: ['x'] }), p2, { note: 'from A' }), p1).list);
    await a.edit((l) => savePaper(l, page('2403.00001'), T0 + 10 * MIN));
    await b.edit((l) =>
      updatePaper(updatePaper(updatePaper(l, p0, { read: true }), p2, { note: 'from B' }), p3, { tags: ['y'] }),
    );
    await b.edit((l) => savePaper(l, page('2403.00002'), T0 + 11 * MIN));
    await a.engine.syncNow();
    await b.engine.syncNow();
    s.server.deliver(); // b's writes arrive last and win every key both wrote
    await s.converge();
    const final = view(await a.papers());
    expect(view(await b.papers())).toEqual(final);
    const get = (id: string) => final.find((p) => p.id === id);
    expect(get(p0)).toMatchObject({ tags: ['x'], read: true });
    expect(get(p1)).toBeUndefined(); // the removal reached b
    expect(get(p2)?.note).toMatch(/from A[\s\S]*---[\s\S]*from B|from B[\s\S]*---[\s\S]*from A/);
    expect(get(p3)).toMatchObject({ tags: ['y'] });
    expect(get('2403.00001')).toBeDefined();
    expect(get('2403.00002')).toBeDefined();
  });

  it('removals, untagging and marking unread reach the other device and stay', async () => {
    const s = setup();
    const a = s.device();
    const b = s.device();
    await a.edit((l) => savePaper(savePaper(l, { ...corpus[0], tags: ['t'], read: true }, T0), corpus[1], T0));
    await a.engine.setEnabled(true);
    await b.engine.setEnabled(true);
    await s.converge();
    await b.edit((l) => removePaper(updatePaper(l, corpus[0].id, { tags: [], read: false }), corpus[1].id).list);
    await s.converge();
    for (const d of [a, b]) {
      const papers = await d.papers();
      expect(papers.map((p) => p.id)).toEqual([corpus[0].id]);
      expect(papers[0]).toMatchObject({ tags: [], read: false });
    }
  });

  it('20,000 papers with notes: stays within the quotas, says what does not fit, and loses nothing on either device', async () => {
    const s = setup();
    const a = s.device();
    const b = s.device();
    let big = emptyReadingList();
    const papers = Array.from(
      { length: 20_000 },
      (_, i) =>
        savePaper(
          emptyReadingList(),
          {
            ...page(`2${String(i % 600).padStart(3, '0')}.${10000 + i}`),
            tags: i % 5 ? ['ml'] : [],
            note: i % 3 ? '' : `note ${i}`,
          },
          T0 + i * MIN,
        ).papers[0],
    );
    big = { papers };
    await a.edit(() => big);
    // b has old papers of its own that will not fit either.
    await b.edit((l) => savePaper(l, page('1901.00001'), T0 - 1000 * MIN));
    await a.engine.setEnabled(true);
    await s.converge();
    await b.engine.setEnabled(true);
    await s.converge();
    expect(a.area.bytesInUse()).toBeLessThanOrEqual(SYNC_QUOTA.QUOTA_BYTES);
    const status = await a.engine.status();
    expect(status.report!.droppedPapers).toBeGreaterThan(0);
    expect(status.message).toMatch(/of 20,000 papers \(the oldest saved\) do not fit the browser's sync quota/);
    // Nothing is removed because it did not travel: a keeps all 20,000 (and b's old one), b its own and the newest.
    const aIds = new Set((await a.papers()).map((p) => p.id));
    expect(aIds.size).toBeGreaterThanOrEqual(20_000);
    const bPapers = await b.papers();
    expect(bPapers.some((p) => p.id === '1901.00001')).toBe(true);
    expect(bPapers.some((p) => p.id === papers[19_999].id)).toBe(true);
    expect(bPapers.length).toBe(20_000 - status.report!.droppedPapers + 1);
  }, 120_000);

  it('a cleared or unreadable sync area removes nothing here', async () => {
    const s = setup();
    const a = s.device();
    await a.edit((l) => savePaper(savePaper(l, corpus[0], T0), corpus[1], T0));
    await a.engine.setEnabled(true);
    await s.converge();
    a.area.data.clear();
    s.server.values.clear();
    await s.converge();
    expect((await a.papers()).length).toBe(2);
    expect(a.area.data.size).toBeGreaterThan(0); // written back
    const key = BUCKET_KEYS[bucketOf(corpus[0].id)];
    a.area.data.set(key, 'pl9:from-a-newer-version');
    await a.engine.syncNow();
    expect(a.area.data.get(key)).toBe('pl9:from-a-newer-version');
    expect((await a.papers()).length).toBe(2);
  });

  it('random concurrent edits on both sides always converge (property)', async () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('save' as const), n: fc.integer({ min: 0, max: 11 }) }),
      fc.record({ kind: fc.constant('remove' as const), n: fc.integer({ min: 0, max: 11 }) }),
      fc.record({ kind: fc.constant('tag' as const), n: fc.integer({ min: 0, max: 11 }), tag: fc.constantFrom('a', 'B', 'c') }),
      fc.record({
        kind: fc.constant('note' as const),
        n: fc.integer({ min: 0, max: 11 }),
        note: fc.constantFrom('', 'x', 'y z'),
      }),
      fc.record({ kind: fc.constant('read' as const), n: fc.integer({ min: 0, max: 11 }), read: fc.boolean() }),
    );
    const step = fc.record({ device: fc.integer({ min: 0, max: 1 }), op, sync: fc.boolean(), deliver: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 25 }), async (steps) => {
        const s = setup();
        const ds = [s.device(), s.device()];
        for (const d of ds) await d.engine.setEnabled(true);
        for (const st of steps) {
          const d = ds[st.device];
          const id = corpus[st.op.n].id;
          s.tick(MIN);
          await d.edit((l) => {
            switch (st.op.kind) {
              case 'save':
                return savePaper(l, corpus[st.op.n], s.clock());
              case 'remove':
                return removePaper(l, id).list;
              case 'tag':
                return updatePaper(l, id, { tags: [st.op.tag] });
              case 'note':
                return updatePaper(l, id, { note: st.op.note });
              case 'read':
                return updatePaper(l, id, { read: st.op.read });
            }
          });
          if (st.sync) await d.engine.syncNow();
          if (st.deliver) s.server.deliver((st.device ? [ds[1], ds[0]] : ds).map((x) => x.area));
        }
        await s.converge();
        expect(view(await ds[1].papers())).toEqual(view(await ds[0].papers()));
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});

describe('write rate', () => {
  afterEach(() => vi.useRealTimers());

  it('edits that never pause still sync, at most once every 5 s: under 120 writes a minute and 1,800 an hour', async () => {
    vi.useFakeTimers();
    const runs: number[] = [];
    const d = debounced(async () => void runs.push(Date.now()), { delayMs: 2_000, maxWaitMs: 30_000, minIntervalMs: 5_000 });
    const start = Date.now();
    // One edit every 100 ms for an hour.
    for (let i = 0; i < 36_000; i++) {
      d.schedule();
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(runs.length).toBeGreaterThanOrEqual(100);
    expect(runs.length).toBeLessThanOrEqual(SYNC_QUOTA.MAX_WRITE_OPERATIONS_PER_HOUR);
    for (const t of runs)
      expect(runs.filter((x) => x >= t && x < t + 60_000).length).toBeLessThanOrEqual(SYNC_QUOTA.MAX_WRITE_OPERATIONS_PER_MINUTE);
    for (let i = 1; i < runs.length; i++) expect(runs[i] - runs[i - 1]).toBeGreaterThanOrEqual(5_000);
    // A single edit syncs 2 s later.
    runs.length = 0;
    await vi.advanceTimersByTimeAsync(60_000);
    d.schedule();
    await vi.advanceTimersByTimeAsync(1_999);
    expect(runs).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toHaveLength(1);
    expect(runs[0] - start).toBeGreaterThan(0);
  });

  it('the fake area refuses writes past the rate limit, as Chrome does', async () => {
    let t = 0;
    const server = new FakeSyncServer(() => t);
    const area = server.device();
    for (let i = 0; i < SYNC_QUOTA.MAX_WRITE_OPERATIONS_PER_MINUTE; i++) await area.set({ k: i });
    await expect(area.set({ k: 'one more' })).rejects.toThrow('MAX_WRITE_OPERATIONS_PER_MINUTE');
    t += 60_000;
    await area.set({ k: 'next minute' });
    await expect(area.set({ big: 'x'.repeat(SYNC_QUOTA.QUOTA_BYTES_PER_ITEM) })).rejects.toThrow('QUOTA_BYTES_PER_ITEM');
  });
});
