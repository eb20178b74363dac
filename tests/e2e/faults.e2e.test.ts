/**
 * Fault injection (issue 17): the worker is stopped at random moments while
 * saves, removes, tag edits, note edits, highlights added, edited and removed,
 * and imports are in flight, and the
 * browser is closed mid-write and relaunched on the same profile. Every change
 * is sent as the client sends it (one request id per action, the same id on
 * every retry) from an extension page; the oracle is the pure `applyChange`
 * over the acknowledged changes, and the truth is the worker's IndexedDB
 * database, read directly from that page (same origin).
 *
 * Counts printed: trials, acknowledged changes lost (goal 0), torn imports
 * (goal 0), and states shown (overlays, the popup's list) that differ from
 * storage once the dust settled (goal 0). A highlight counts as its id, note
 * and colour on its paper.
 *
 * Fixed seed; `FC_SEED=random` draws one (printed) and runs three times the
 * trials; `FC_SEED=<n>` replays.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launch, openPopup, type Launched } from './harness';
import { OverlayPO, PopupPO } from './page-objects';
import { corpus, defaultSite } from './site';
import { applyChange, RefusedChange, type Change } from '../../lib/reading-list/changes';
import { toSavedPaper, type ReadingList, type SavedPaper } from '../../lib/reading-list/list';
import { toJson } from '../../lib/formats/export/json';

const SEED = process.env.FC_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.FC_SEED ?? 20261201);
const SCALE = process.env.FC_SEED === 'random' ? 3 : 1;
const MESSAGE_TRIALS = Number(process.env.FAULT_TRIALS ?? 240) * SCALE;
const RELAUNCH_TRIALS = 8 * SCALE;
const SETTLE_EVERY = Number(process.env.FAULT_SETTLE_EVERY ?? 40);
/** How long a trial's message and stop may take before the trial is given up as stuck. */
const STUCK_MS = Number(process.env.FAULT_STUCK_MS ?? 30_000);

/** mulberry32: small, seeded, reproducible. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] };
}

/** Papers the overlays show (corpus pages) and papers only imports bring. */
const SHOWN = corpus.slice(0, 3);
const POOL = corpus.slice(0, 12);
const importPaper = (i: number): SavedPaper =>
  toSavedPaper(
    {
      id: `2501.${String(10000 + i)}`,
      title: `Imported paper ${i}`,
      authors: ['A. Author'],
      tags: ['imported'],
      source: 'import',
      savedAt: 1,
    },
    1,
  );

/** What the driver page does: send like lib/messaging/client.ts (same request id on every retry), read the database. */
const DRIVER = String.raw`
window.__send = async (type, payload, attempts) => {
  let last;
  for (let i = 0; i < attempts; i++) {
    try {
      const reply = await chrome.runtime.sendMessage({ type, payload });
      if (reply && typeof reply === 'object') return reply.ok ? { ok: true, value: reply.value, attempts: i + 1 } : { ok: false, error: reply.error, attempts: i + 1 };
      last = 'no answer';
    } catch (e) {
      last = String(e && e.message || e);
      if (!/Receiving end does not exist|Could not establish connection|message (port|channel) closed/i.test(last)) return { ok: false, error: last };
    }
    await new Promise((r) => setTimeout(r, 40 * (i + 1)));
  }
  return { gaveUp: true, error: last };
};
window.__stored = () => new Promise((resolve, reject) => {
  const open = indexedDB.open('paper-lens');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains('papers')) { db.close(); return resolve([]); }
    const req = db.transaction('papers').objectStore('papers').getAll();
    req.onsuccess = () => { db.close(); resolve(req.result.sort((a, b) => a.order - b.order).map((r) => r.paper)); };
    req.onerror = () => { db.close(); reject(req.error); };
  };
});
`;

type Sent =
  | { ok: true; value: unknown; attempts?: number }
  | { ok: false; error: string; attempts?: number }
  | { gaveUp: true; error: string };

interface Counts {
  trials: number;
  acknowledged: number;
  unacknowledged: number;
  refused: number;
  lost: number;
  torn: number;
  shownDiffer: number;
  relaunches: number;
  /** Highlights added, edited or removed (of the trials). */
  annotations: number;
  /** Changes whose first sending met the stopping worker and were sent again. */
  retried: number;
  /** Trials whose message or stop had no outcome in {@link STUCK_MS} (the driver page opened again). */
  stuck: number;
  /** Stops that waited for the worker's start to end (see `stop`). */
  deferred: number;
}

/** The fields a user sees of each saved paper: saved, tags, note, and its highlights (id, note, colour). */
const visible = (papers: readonly SavedPaper[]) =>
  new Map(
    papers.map((p) => [
      p.id,
      JSON.stringify({ tags: p.tags, note: p.note, highlights: (p.annotations ?? []).map((a) => [a.id, a.note, a.colour]) }),
    ]),
  );

const COLOURS = ['yellow', 'green', 'blue', 'pink'] as const;

function differences(model: ReadingList, stored: readonly SavedPaper[]): string[] {
  const a = visible(model.papers);
  const b = visible(stored);
  const ids = new Set([...a.keys(), ...b.keys()]);
  return [...ids].filter((id) => a.get(id) !== b.get(id));
}

/** Whether the worker answers a `status` message (it touches no storage) within 5 s, from a stuck trial's page. */
async function statusAnswer(driver: Page): Promise<string> {
  const asked = driver.evaluate(() => chrome.runtime.sendMessage({ type: 'status', payload: {} })).then(() => 'answered');
  const late = new Promise<string>((r) => setTimeout(() => r('no answer in 5 s'), 5_000));
  return Promise.race([asked, late]).catch((e: unknown) => `error ${String(e)}`);
}

const opened: Launched[] = [];
afterAll(async () => {
  for (const l of opened) await l.close().catch(() => undefined);
});

describe(`fault injection (seed ${SEED})`, () => {
  it('no acknowledged change is lost and nothing shown differs from storage', { timeout: 290_000 }, async () => {
    const rnd = prng(SEED);
    const counts: Counts = {
      trials: 0,
      acknowledged: 0,
      unacknowledged: 0,
      refused: 0,
      lost: 0,
      torn: 0,
      shownDiffer: 0,
      relaunches: 0,
      annotations: 0,
      retried: 0,
      stuck: 0,
      deferred: 0,
    };
    let model: ReadingList = { papers: [] };
    let l = await launch(defaultSite());
    opened.push(l);
    let importNo = 0;

    /** The worker's running status by version (CDP), and the last events and stops, printed when a trial is stuck. */
    const versions = new Map<string, string>();
    const history: string[] = [];
    const log = (what: string) =>
      history.push(`${(Date.now() % 100_000).toString().padStart(5)} ${what}`) > 60 && history.shift();
    async function driverFor(x: Launched): Promise<{ driver: Page; stop: () => Promise<void> }> {
      const driver = await openPopup(x, '#saved');
      await driver.evaluate(DRIVER);
      const cdp = await x.context.newCDPSession(driver);
      versions.clear();
      cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
        for (const v of e.versions) {
          versions.set(v.versionId, v.runningStatus);
          log(`worker ${v.versionId} ${v.runningStatus}`);
        }
      });
      await cdp.send('ServiceWorker.enable');
      return {
        driver,
        stop: async () => {
          // Chromium 156 wedges a worker stopped while it is still starting: it goes running, then stopped, and from
          // then on no message starts it again, in any page (seen in about 1 of 2,000 stops; CI hung on it 3 times).
          // Chrome stops a worker that runs (idle, or past its time), so the stop waits for the start to end, and
          // still meets the message in flight: the start is over before its first event is handled.
          if ([...versions.values()].includes('starting')) counts.deferred++;
          for (const until = Date.now() + 3_000; [...versions.values()].includes('starting') && Date.now() < until;)
            await new Promise((r) => setTimeout(r, 2));
          log(`stop (${[...versions.values()].join(', ')})`);
          await cdp.send('ServiceWorker.stopAllWorkers').catch(() => undefined);
        },
      };
    }
    // The worker is stopped only in the message trials, which all run on the first browser.
    const first = await driverFor(l);
    let stop = first.stop;
    let driver = first.driver;
    const stored = async () => (await driver.evaluate('window.__stored()')) as SavedPaper[];

    /** One random change: what is sent, and the same change for the oracle. */
    function randomChange(): { type: string; payload: Record<string, unknown>; change: Change; importIds?: string[] } {
      const requestId = `t${counts.trials}-${rnd.int(1e9)}`;
      const p = rnd.pick(POOL);
      const r = rnd.next();
      if (r >= 0.7 && r < 0.9) return randomAnnotationChange(p.id, requestId);
      if (r < 0.3) {
        const paper = { id: p.id, title: p.title, authors: p.authors };
        return { type: 'listSave', payload: { paper, requestId }, change: { kind: 'save', requestId, paper } };
      }
      if (r < 0.45)
        return { type: 'listRemove', payload: { id: p.id, requestId }, change: { kind: 'unsave', requestId, id: p.id } };
      if (r < 0.58) {
        const tags = [rnd.pick(['a', 'b', 'to-read', 'x y'])];
        return {
          type: 'listUpdate',
          payload: { id: p.id, tags, requestId },
          change: { kind: 'setDetails', requestId, id: p.id, tags },
        };
      }
      if (r < 0.7) {
        const note = `note ${rnd.int(1000)}`;
        return {
          type: 'listUpdate',
          payload: { id: p.id, note, requestId },
          change: { kind: 'setDetails', requestId, id: p.id, note },
        };
      }
      // From a pool of 30, so that the list stays within the popup's first page (50) and imports also merge.
      const ids = [...new Set(Array.from({ length: 1 + rnd.int(15) }, () => rnd.int(30)))];
      const papers = ids.map((i) => ({ ...importPaper(i), tags: [rnd.pick(['imported', 'batch', 'x y'])] }));
      importNo++;
      return {
        type: 'listImport',
        payload: { text: toJson(papers, new Date(0)), filename: 'faults.json', requestId },
        change: { kind: 'merge', requestId, papers },
        importIds: papers.map((x) => x.id),
      };
    }

    /** A highlight added (half the time), edited or removed on a paper that may or may not be saved. */
    function randomAnnotationChange(paperId: string, requestId: string): ReturnType<typeof randomChange> {
      counts.annotations++;
      const held = model.papers.find((x) => x.id === paperId)?.annotations ?? [];
      const n = counts.trials;
      const kind = rnd.pick(['add', 'add', 'edit', 'remove'] as const);
      // Mostly one the paper holds; sometimes one it does not (refused, or nothing to remove).
      const id = kind !== 'add' && held.length && rnd.next() < 0.8 ? rnd.pick(held).id : `${paperId}#h${rnd.int(4)}`;
      if (kind === 'add') {
        const annotation = {
          id: `${paperId}#h${n}`,
          target: {
            quote: { exact: `quoted passage ${n}`, prefix: '', suffix: '' },
            position: { start: 0, end: 8 },
            rendering: 'arxiv-abs' as const,
          },
          note: `highlight ${n}`,
          colour: rnd.pick(COLOURS),
          createdAt: 1_000 + n,
          updatedAt: 1_000 + n,
        };
        return {
          type: 'annotationAdd',
          payload: { paperId, annotation, requestId },
          change: { kind: 'addAnnotation', requestId, id: paperId, annotation },
        };
      }
      if (kind === 'edit') {
        const patch = { note: `edited ${n}`, colour: rnd.pick(COLOURS) };
        return {
          type: 'annotationUpdate',
          payload: { paperId, id, ...patch, requestId },
          change: { kind: 'updateAnnotation', requestId, id: paperId, annotationId: id, patch },
        };
      }
      return {
        type: 'annotationRemove',
        payload: { paperId, id, requestId },
        change: { kind: 'removeAnnotation', requestId, id: paperId, annotationId: id },
      };
    }

    /** Checks storage against the oracle after one change; resynchronises the oracle when the outcome was unknown. */
    async function check(sent: Sent, change: Change, importIds?: string[]) {
      const now = await stored();
      if (importIds) {
        const have = new Set(now.map((p) => p.id));
        const landed = importIds.filter((i) => have.has(i)).length;
        if (landed !== 0 && landed !== importIds.length) counts.torn++;
      }
      if ('attempts' in sent && (sent.attempts ?? 1) > 1) counts.retried++;
      if ('gaveUp' in sent) {
        counts.unacknowledged++;
        model = { papers: now };
        return;
      }
      if (!sent.ok) {
        counts.refused++;
        expect(sent.error).toMatch(/not in the reading list|no longer saved/);
      } else counts.acknowledged++;
      try {
        model = applyChange(model, change, Date.now()).list;
      } catch (e) {
        if (!(e instanceof RefusedChange)) throw e;
      }
      const diff = differences(model, now);
      if (diff.length) {
        counts.lost += diff.length;
        console.log(
          `trial ${counts.trials}: ${change.kind} acknowledged=${'ok' in sent && sent.ok} differs for ${diff.join(', ')}`,
        );
        model = { papers: now };
      }
    }

    /** Overlays for the shown papers, and the driver (the popup's saved list), compared with storage once quiet. */
    const overlays: OverlayPO[] = [];
    async function openOverlays(x: Launched) {
      overlays.length = 0;
      for (const p of SHOWN) {
        const tab = await x.context.newPage();
        await tab.goto(`https://arxiv.org/abs/${p.id}`);
        overlays.push(await new OverlayPO(tab).ready());
      }
    }
    async function settle() {
      const truth = await stored();
      const saved = new Set(truth.map((p) => p.id));
      const popup = new PopupPO(driver);
      const deadline = Date.now() + 8_000;
      let shownDiffer: number;
      for (;;) {
        shownDiffer = 0;
        for (const [i, o] of overlays.entries()) {
          const pressed = await o.saveToggle.getAttribute('aria-pressed').catch(() => null);
          if ((pressed === 'true') !== saved.has(SHOWN[i].id)) shownDiffer++;
        }
        const ids = await popup.savedIds().catch(() => [] as string[]);
        if (JSON.stringify([...ids].sort()) !== JSON.stringify([...saved].sort())) shownDiffer++;
        if (!shownDiffer || Date.now() > deadline) {
          if (shownDiffer) {
            const pressed = await Promise.all(overlays.map((o) => o.saveToggle.getAttribute('aria-pressed').catch(() => 'gone')));
            const alerts = await driver.locator('[role=alert]').allTextContents();
            console.log(
              `after ${history.at(-2) ?? ''}: popup alerts ${JSON.stringify(alerts)}; shown ≠ stored: overlays ${JSON.stringify(pressed)} for ${SHOWN.map((p) => saved.has(p.id))}; popup ${JSON.stringify((await popup.savedIds().catch(() => [])).sort())} vs ${JSON.stringify([...saved].sort())}`,
            );
          }
          break;
        }
        await new Promise((r) => setTimeout(r, 250));
      }
      counts.shownDiffer += shownDiffer;
    }

    await openOverlays(l);
    const started = Date.now();

    // 1. Messages with the worker stopped at a random moment (0–60 ms after sending, often mid-write).
    for (let t = 0; t < MESSAGE_TRIALS; t++) {
      counts.trials++;
      const { type, payload, change, importIds } = randomChange();
      log(`trial ${counts.trials}: ${type}`);
      const sending = driver.evaluate(
        ([ty, pl]) => (window as unknown as { __send: (a: unknown, b: unknown, c: number) => Promise<Sent> }).__send(ty, pl, 8),
        [type, payload] as const,
      );
      const delay = rnd.int(60);
      const stopping = new Promise((r) => setTimeout(r, delay)).then(stop);
      // A trial that hangs says where, and gives up after STUCK_MS (the browser's wedge, see `stop`, did it in CI).
      // Its outcome is then unknown, as for a change given up on: the oracle takes storage.
      const pending = { sending: true, stopping: true };
      void sending.finally(() => (pending.sending = false)).catch(() => undefined);
      void stopping.finally(() => (pending.stopping = false));
      let timer: ReturnType<typeof setTimeout> | undefined;
      const outcome = await Promise.race([
        Promise.all([sending, stopping]).then(([s]) => s),
        new Promise<'stuck'>((r) => (timer = setTimeout(() => r('stuck'), STUCK_MS))),
      ]).finally(() => clearTimeout(timer));
      if (outcome === 'stuck') {
        counts.stuck++;
        console.log(
          `trial ${counts.trials} (${type}, stop after ${delay} ms): no outcome in ${STUCK_MS} ms, ${JSON.stringify(pending)}; ` +
            `a status message: ${await statusAnswer(driver)}; the last events:\n${history.join('\n')}`,
        );
        // Such a browser starts the worker for no message again: it is restarted on the same profile, as a user would.
        const profile = l.userDataDir;
        await l.close({ keepProfile: true }).catch(() => undefined);
        l = await launch(defaultSite(), { userDataDir: profile });
        opened.push(l);
        ({ driver, stop } = await driverFor(l));
        model = { papers: await stored() };
        await openOverlays(l);
        continue;
      }
      const sent = outcome;
      await check(sent, change, importIds);
      if ((t + 1) % SETTLE_EVERY === 0) {
        await settle();
        console.log(
          `${t + 1} trials, ${((Date.now() - started) / 1000).toFixed(0)} s: lost ${counts.lost}, shown differing ${counts.shownDiffer}`,
        );
      }
    }

    // 2. The browser closed mid-write and started again on the same profile.
    for (let t = 0; t < RELAUNCH_TRIALS; t++) {
      counts.trials++;
      counts.relaunches++;
      const before = await stored();
      const { type, payload, change, importIds } = randomChange();
      void driver
        .evaluate(
          ([ty, pl]) => (window as unknown as { __send: (a: unknown, b: unknown, c: number) => Promise<Sent> }).__send(ty, pl, 1),
          [type, payload] as const,
        )
        .catch(() => undefined);
      await new Promise((r) => setTimeout(r, rnd.int(80)));
      const profile = l.userDataDir;
      await l.close({ keepProfile: true });
      l = await launch(defaultSite(), { userDataDir: profile });
      opened.push(l);
      ({ driver } = await driverFor(l));
      const after = await stored();
      // Not acknowledged (the browser went away first): the old or the new state, nothing else.
      let expected: ReadingList;
      try {
        expected = applyChange({ papers: before }, change, Date.now()).list;
      } catch {
        expected = { papers: before };
      }
      const asBefore = differences({ papers: before }, after).length === 0;
      const asAfter = differences(expected, after).length === 0;
      if (!asBefore && !asAfter) counts.lost++;
      if (importIds) {
        const have = new Set(after.map((p) => p.id));
        const landed = importIds.filter((i) => have.has(i)).length;
        if (landed !== 0 && landed !== importIds.length) counts.torn++;
      }
      model = { papers: after };
      // The retry of the change after the restart: applied once, answered.
      const sent = (await driver.evaluate(
        ([ty, pl]) => (window as unknown as { __send: (a: unknown, b: unknown, c: number) => Promise<Sent> }).__send(ty, pl, 8),
        [type, payload] as const,
      )) as Sent;
      await check(sent, change, importIds);
    }
    await openOverlays(l);
    await settle();

    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    console.log(
      `fault injection, seed ${SEED}: ${counts.trials} trials (${MESSAGE_TRIALS} with the worker stopped, ${counts.relaunches} browser relaunches) in ${seconds} s; ` +
        `${counts.annotations} of them highlight writes; ${counts.acknowledged} acknowledged, ${counts.refused} refused, ${counts.unacknowledged} unacknowledged, ${counts.retried} sent again after meeting the stopped worker, ${counts.stuck} stuck, ${counts.deferred} stops waited for a start to end, ${importNo} imports; ` +
        `acknowledged changes lost: ${counts.lost}; torn imports: ${counts.torn}; states shown that differ from storage: ${counts.shownDiffer}`,
    );
    expect(counts.acknowledged).toBeGreaterThan(MESSAGE_TRIALS / 2);
    // The stops must hit changes in flight, or the suite proves nothing.
    expect(counts.retried).toBeGreaterThan(MESSAGE_TRIALS / 10);
    // A stuck trial is the browser's (a stop at a moment no user meets), and rare; more than one is a finding.
    expect(counts.stuck).toBeLessThanOrEqual(1);
    expect({ lost: counts.lost, torn: counts.torn, shownDiffer: counts.shownDiffer }).toEqual({
      lost: 0,
      torn: 0,
      shownDiffer: 0,
    });
  });
});
