/**
 * Annotations in the reading list: the schema bump to version 3 and its
 * migration, strict parsing and salvage, the merge of two copies of a paper,
 * the list operations the worker runs, and the lossless JSON round trip.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { addAnnotation, annotationCount, removeAnnotation, updateAnnotation } from '../../lib/annotations/list-ops';
import { newAnnotation } from '../../lib/annotations/records';
import type { Annotation } from '../../lib/annotations/types';
import { exportList } from '../../lib/formats/export/index';
import { importFile } from '../../lib/formats/import/index';
import { emptyReadingList, mergeLists, savePaper, type ReadingList } from '../../lib/reading-list/list';
import { parseSavedPaper, salvagePaper } from '../../lib/reading-list/read';
import { MIGRATIONS, migrateRecord, SCHEMA_VERSION, STORAGE_KEY } from '../../lib/reading-list/storage';
import { createReadingListStore } from '../../lib/reading-list/local-store';

const T0 = 1_700_000_000_000;
const paper = {
  id: '2604.15597',
  title: 'LLMs Corrupt Your Documents When You Delegate',
  authors: ['Philippe Laban'],
  source: 'page' as const,
};

function highlight(exact: string, opts: { id?: string; note?: string; now?: number } = {}): Annotation {
  return newAnnotation(
    {
      quote: { exact, prefix: 'before ', suffix: ' after' },
      position: { start: 10, end: 10 + exact.length },
      rendering: 'arxiv-html',
      version: 1,
      elementId: 'S1.p2',
      elementOffset: 3,
    },
    { id: opts.id, note: opts.note, now: opts.now ?? T0 },
  );
}

function listWith(...annotations: Annotation[]): ReadingList {
  let l = savePaper(emptyReadingList(), paper, T0);
  for (const a of annotations) l = addAnnotation(l, paper.id, a);
  return l;
}

beforeEach(() => fakeBrowser.reset());

describe('schema version 3', () => {
  it('v2 → v3 changes no paper, and a v2 record loads as it was', () => {
    expect(SCHEMA_VERSION).toBe(3);
    const step = MIGRATIONS.find((m) => m.from === 2)!;
    const v2 = { schemaVersion: 2, list: { papers: [{ ...savePaper(emptyReadingList(), paper, T0).papers[0] }] } };
    const v3 = step.migrate(structuredClone(v2));
    expect(v3).toEqual({ ...v2, schemaVersion: 3 });
    expect(() => step.migrate({ schemaVersion: 2, list: {} })).toThrow(/no list.papers/);
    const migrated = migrateRecord(v2);
    expect(migrated.ok && migrated.record.list.papers[0]).toEqual(v2.list.papers[0]);
  });

  it('a paper with highlights is stored, loaded and written back whole', async () => {
    const store = createReadingListStore();
    const a = highlight('The viability of delegated work', { note: 'trust' });
    await store.update((l) => ({ list: savePaper(l, { ...paper, annotations: [a] }, T0), result: null }));
    const { list, warning } = await store.load();
    expect(warning).toBeUndefined();
    expect(list.papers[0]!.annotations).toEqual([a]);
    const raw = (await fakeBrowser.storage.local.get(STORAGE_KEY))[STORAGE_KEY] as { schemaVersion: number };
    expect(raw.schemaVersion).toBe(3);
  });
});

describe('parsing and salvage', () => {
  it('strict parsing names a bad annotation; salvage keeps the readable ones', () => {
    const good = highlight('kept');
    const record = { ...savePaper(emptyReadingList(), paper, T0).papers[0]!, annotations: [good, { id: 'x' }] };
    const strict = parseSavedPaper(record);
    expect(strict).toEqual({ ok: false, error: expect.stringContaining('"annotations"') });
    const salvaged = salvagePaper(record as unknown as Record<string, unknown>, T0)!;
    expect(salvaged.annotations).toEqual([good]);
    expect(parseSavedPaper({ ...record, annotations: [good] })).toMatchObject({ ok: true, paper: { annotations: [good] } });
  });
});

describe('list operations and the merge rule', () => {
  it('add, edit and remove a highlight; a paper not on the list is refused', () => {
    const a = highlight('one');
    let l = listWith(a);
    expect(annotationCount(l.papers[0]!)).toBe(1);
    l = updateAnnotation(l, paper.id, a.id, { note: 'a thought', colour: 'blue' }, T0 + 5);
    expect(l.papers[0]!.annotations![0]).toMatchObject({ note: 'a thought', colour: 'blue', updatedAt: T0 + 5 });
    expect(() => updateAnnotation(l, paper.id, 'gone', { note: 'x' }, T0)).toThrow(/no longer saved/);
    l = removeAnnotation(l, paper.id, a.id);
    expect(l.papers[0]!.annotations).toBeUndefined();
    expect(() => addAnnotation(emptyReadingList(), paper.id, a)).toThrow(/not in the reading list/);
  });

  it('merging two copies of a paper keeps the union of highlights, the last edit of each winning', () => {
    const shared = highlight('shared', { id: 'shared-id' });
    const here = listWith(shared, highlight('only here'));
    const editedThere = { ...shared, note: 'edited on the other device', updatedAt: T0 + 1000 };
    const there = listWith(editedThere, highlight('only there'));
    const { list, updated } = mergeLists(here, there);
    expect(updated).toBe(1);
    const got = list.papers[0]!.annotations!;
    expect(got.map((a) => a.target.quote.exact).sort()).toEqual(['only here', 'only there', 'shared']);
    expect(got.find((a) => a.id === 'shared-id')!.note).toBe('edited on the other device');
    // Merging again changes nothing.
    expect(mergeLists(list, there).updated).toBe(0);
  });

  it('the lossless JSON export keeps highlights through an import', () => {
    const l = listWith(highlight('The viability', { note: 'n1' }), highlight('its inverse ($\\sigma$)', { note: 'n2' }));
    const file = exportList(l, 'json', { now: new Date(T0) });
    const back = importFile(file.text, file.filename);
    expect(back.ok).toBe(true);
    if (back.ok) expect(back.papers[0]!.annotations).toEqual(l.papers[0]!.annotations);
  });

  it('the Web Annotation export imports back with the merge rule: new papers get their highlights, a second import changes nothing', () => {
    const l = listWith(highlight('The viability', { note: 'n1' }), highlight('Our second contribution'));
    const file = exportList(l, 'web-annotation', { now: new Date(T0) });
    expect(file.filename).toMatch(/\.annotations\.jsonld$/);
    const back = importFile(file.text, file.filename);
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(back.problems).toEqual([]);
    const fresh = mergeLists(emptyReadingList(), back.papers).list;
    expect(fresh.papers[0]).toMatchObject({ id: paper.id, title: `arXiv:${paper.id}`, annotations: l.papers[0]!.annotations });
    const again = mergeLists(l, back.papers);
    expect(again.updated).toBe(0);
    expect(again.list.papers[0]!.title).toBe(paper.title);
  });
});
