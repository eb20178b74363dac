/** Changes as data: idempotent, and safe under any interleaving of retries (issue 17). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyChange, applyOnce, NotSavedError, RequestLog, type Change } from '../../lib/reading-list/changes';
import { emptyReadingList, toSavedPaper, type ReadingList } from '../../lib/reading-list/list';

const T0 = 1_700_000_000_000;
const IDS = ['2401.00001', '2401.00002', '2401.00003', 'pl-abc'];
const id = fc.constantFrom(...IDS);
const tags = fc.array(fc.constantFrom('a', 'A', 'to read', 'x, y', ' b ', ''), { maxLength: 3 });
const note = fc.constantFrom('', 'one', 'two\r\nlines', 'one more', '  padded ');
const paper = fc.record({
  id,
  title: fc.constantFrom('A title', 'Another  title'),
  authors: fc.array(fc.constantFrom('Ada', 'Alan Turing'), { maxLength: 2 }),
  year: fc.option(fc.constantFrom(2019, 2024), { nil: undefined }),
  note: fc.option(note, { nil: undefined }),
  tags: fc.option(tags, { nil: undefined }),
});

/** Any change, without its request id (added per action below). */
const changeBody: fc.Arbitrary<Change> = fc
  .oneof(
    fc.record({
      kind: fc.constant('save' as const),
      paper,
      tags: fc.option(tags, { nil: undefined }),
      note: fc.option(note, { nil: undefined }),
    }),
    fc.record({ kind: fc.constant('unsave' as const), id }),
    fc.record({ kind: fc.constant('setTags' as const), id, tags }),
    fc.record({ kind: fc.constant('setNote' as const), id, note }),
    fc.record({ kind: fc.constant('setRead' as const), id, read: fc.boolean() }),
    fc.record({
      kind: fc.constant('setDetails' as const),
      id,
      tags: fc.option(tags, { nil: undefined }),
      read: fc.option(fc.boolean(), { nil: undefined }),
    }),
    fc.record({
      kind: fc.constant('merge' as const),
      papers: fc.array(
        paper.map((p) => toSavedPaper({ ...p, source: 'import' }, T0 - 5)),
        { maxLength: 3 },
      ),
    }),
    paper.map((p) => ({ kind: 'restore' as const, paper: toSavedPaper(p, T0 - 9), requestId: '' })),
    fc
      .array(
        paper.map((p) => toSavedPaper(p, T0 - 7)),
        { maxLength: 3 },
      )
      .map((papers) => ({ kind: 'replace' as const, papers, requestId: '' })),
  )
  .map((c) => ({ ...c, requestId: '' }) as Change);

/** Runs a change, turning a refusal into a value so that properties can compare it. */
function attempt(list: ReadingList, c: Change, now: number): { list: ReadingList; result: unknown } {
  try {
    return applyChange(list, c, now);
  } catch (e) {
    if (e instanceof NotSavedError) return { list, result: { refused: e.message } };
    throw e;
  }
}

/** Applies a sequence of changes once each, from empty. */
function applyAll(changes: readonly Change[]): ReadingList {
  return changes.reduce((l, c, i) => attempt(l, c, T0 + i).list, emptyReadingList());
}

describe('applyChange', () => {
  it('applying a change twice equals applying it once, from any reachable list', () => {
    fc.assert(
      fc.property(fc.array(changeBody, { maxLength: 8 }), changeBody, fc.integer({ min: 0, max: 1000 }), (prefix, c, later) => {
        const start = applyAll(prefix);
        const once = attempt(start, c, T0 + 100);
        // The retry may come later: the clock must not matter.
        const twice = attempt(once.list, c, T0 + 100 + later);
        expect(twice.list).toEqual(once.list);
      }),
      { numRuns: 500 },
    );
  });

  it('does not write when nothing changes: the same list object comes back', () => {
    const l = applyChange(
      emptyReadingList(),
      { kind: 'save', requestId: 'r1', paper: { id: IDS[0], title: 't', authors: [] } },
      T0,
    ).list;
    expect(applyChange(l, { kind: 'save', requestId: 'r2', paper: { id: IDS[0], title: 't', authors: [] } }, T0 + 1).list).toBe(
      l,
    );
    expect(applyChange(l, { kind: 'unsave', requestId: 'r3', id: IDS[1] }, T0).list).toBe(l);
    expect(applyChange(l, { kind: 'setRead', requestId: 'r4', id: IDS[0], read: false }, T0).list).toBe(l);
  });

  it('an edit of a paper that is not saved is refused, not turned into a save', () => {
    expect(() => applyChange(emptyReadingList(), { kind: 'setNote', requestId: 'r', id: IDS[0], note: 'x' }, T0)).toThrow(
      NotSavedError,
    );
  });

  it('unsave answers the removed paper and where it stood (what undo needs)', () => {
    let l = emptyReadingList();
    for (const [i, pid] of IDS.slice(0, 3).entries())
      l = applyChange(l, { kind: 'save', requestId: '', paper: { id: pid, title: pid, authors: [] } }, T0 + i).list;
    const { list, result } = applyChange(l, { kind: 'unsave', requestId: '', id: IDS[1] }, T0);
    expect(result.index).toBe(1);
    expect(result.removed?.id).toBe(IDS[1]);
    const back = applyChange(list, { kind: 'restore', requestId: '', paper: result.removed!, index: result.index }, T0).list;
    expect(back.papers.map((p) => p.id)).toEqual(IDS.slice(0, 3));
  });
});

describe('applyOnce with the request log', () => {
  /**
   * Each user action is delivered once or more (a retry after a stopping
   * worker); a retry can arrive after later actions. The wanted state is what
   * the actions give applied once each, in order of first delivery.
   */
  const schedule = fc
    .array(fc.tuple(changeBody, fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 3 })), { minLength: 1, maxLength: 10 })
    .map((actions) => {
      const changes = actions.map(([c], i) => ({ ...c, requestId: `req-${i}` }) as Change);
      // Delivery order: every action once in order, each retry `delay` deliveries after its original.
      const deliveries: { at: number; c: Change }[] = [];
      actions.forEach(([, retries], i) => {
        deliveries.push({ at: i, c: changes[i] });
        for (const d of retries) deliveries.push({ at: i + d + 0.5, c: changes[i] });
      });
      deliveries.sort((a, b) => a.at - b.at);
      return { changes, deliveries: deliveries.map((d) => d.c) };
    });

  it('any interleaving of retries gives the state of each action applied once', () => {
    fc.assert(
      fc.property(schedule, ({ changes, deliveries }) => {
        const log = new RequestLog();
        let list = emptyReadingList();
        const firstAnswer = new Map<string, unknown>();
        deliveries.forEach((c, k) => {
          const r = applyOnce(list, log, c, T0 + changes.indexOf(c));
          list = r.list;
          if (r.remember) log.add(r.remember);
          // A retry gets the first answer, a refusal included.
          const answer = r.error ? { error: r.error } : { result: r.result };
          if (firstAnswer.has(c.requestId)) expect(answer).toEqual(firstAnswer.get(c.requestId));
          else firstAnswer.set(c.requestId, answer);
          void k;
        });
        expect(list).toEqual(applyAll(changes));
      }),
      { numRuns: 500 },
    );
  });

  it('the toggle bug of issue 17 cannot happen: save, unsave, then the save retried leaves it unsaved', () => {
    const save: Change = { kind: 'save', requestId: 'click-1', paper: { id: IDS[0], title: 't', authors: [] } };
    const unsave: Change = { kind: 'unsave', requestId: 'click-2', id: IDS[0] };
    const log = new RequestLog();
    let list = emptyReadingList();
    for (const c of [save, unsave, save]) {
      const r = applyOnce(list, log, c, T0);
      list = r.list;
      if (r.remember) log.add(r.remember);
    }
    expect(list.papers).toEqual([]);
  });

  it('keeps a bounded number of request ids, oldest out first, and says which fell out', () => {
    const log = new RequestLog([], 3);
    const out: string[] = [];
    for (let i = 0; i < 5; i++) {
      const entry = { requestId: `r${i}`, at: T0 + i, result: i };
      if (i === 4) expect(log.evictedBy(entry)).toEqual(['r1']);
      out.push(...log.add(entry));
    }
    expect(out).toEqual(['r0', 'r1']);
    expect(log.length).toBe(3);
    expect(log.get('r0')).toBeUndefined();
    expect(log.get('r4')?.result).toBe(4);
    expect(
      new RequestLog(
        [
          { requestId: 'b', at: 2, result: 0 },
          { requestId: 'a', at: 1, result: 0 },
          { requestId: 'c', at: 3, result: 0 },
        ],
        2,
      ).get('a'),
    ).toBeUndefined();
  });

  it('a refused edit is remembered as refused: its retry after a save is refused too', () => {
    const log = new RequestLog();
    const edit: Change = { kind: 'setNote', requestId: 'e1', id: IDS[0], note: 'late' };
    const first = applyOnce(emptyReadingList(), log, edit, T0);
    expect(first.error).toMatch(/not in the reading list/);
    log.add(first.remember!);
    const saved = applyChange(
      emptyReadingList(),
      { kind: 'save', requestId: '', paper: { id: IDS[0], title: 't', authors: [] } },
      T0,
    ).list;
    const retry = applyOnce(saved, log, edit, T0 + 1);
    expect(retry).toMatchObject({ repeated: true, error: first.error, list: saved });
  });

  it('an empty request id is never remembered', () => {
    const r = applyOnce(emptyReadingList(), new RequestLog(), { kind: 'unsave', requestId: '', id: 'x' }, T0);
    expect(r.remember).toBeUndefined();
  });
});
