/**
 * Writes the shipped search index in shards by term (lib/search/shards.ts): the
 * documents' table in `corpus/search/docs.bin` (lib/search/docs-table.ts) and each part's postings in
 * `corpus/search/<part>/<n>.json`. Build time only.
 */
import type { AsPlainObject } from 'minisearch';
import type { Paper } from '../../lib/core/paper';
import { shardCount, shardOf } from '../../lib/collection/assets';
import type { SearchIndex } from '../../lib/search';
import { termKey } from '../../lib/search/options';
import { eachPosting, SEARCH_FILES, type SearchPart, type ShardEntry } from '../../lib/search/shards';
import {
  type FieldLengthArray,
  type PartDocs,
  type PartHeader,
  type SearchDocs,
  align4,
  DOCS_MAGIC,
  type DocsHeader,
  narrowLengths,
} from '../../lib/search/docs-table';

/** Postings per shard on average: a shard of a common key is larger, one of a rare key smaller. */
const POSTINGS_PER_SHARD = 12_000;

/** One part's documents' table, from MiniSearch's serialised form. */
function partDocs(js: AsPlainObject, n: number): PartDocs {
  const fields = Object.values(js.fieldIds);
  const fieldLength = fields.map(() => new Uint32Array(n));
  for (const [shortId, lengths] of Object.entries(js.fieldLength))
    fields.forEach((f) => (fieldLength[f][Number(shortId)] = lengths[f] ?? 0));
  return { documentCount: js.documentCount, fieldIds: js.fieldIds, averageFieldLength: js.averageFieldLength, fieldLength };
}

/** One part's postings, as flat entries by term, in the encoding {@link ShardEntry} gives. */
function entriesOf(js: AsPlainObject): ShardEntry[] {
  return js.index.map(([term, fields]) => [
    term,
    Object.fromEntries(Object.entries(fields).map(([fieldId, freqs]) => [fieldId, encodePostings(Object.entries(freqs))])),
  ]);
}

/** Short ids as gaps from the previous one (they ascend; the first from -1), negated when a term frequency other than 1 follows. */
export function encodePostings(freqs: [shortId: string, tf: number][]): number[] {
  const flat: number[] = [];
  let last = -1;
  for (const [s, tf] of freqs) {
    const id = Number(s);
    if (!(id > last)) throw new Error('search index: short ids do not ascend');
    if (tf === 1) flat.push(id - last);
    else flat.push(-(id - last), tf);
    last = id;
  }
  return flat;
}

/** The files of the sharded index over `papers` (in the order the index was built from). */
export function searchShardFiles(papers: Pick<Paper, 'id' | 'year'>[], index: SearchIndex): Record<string, string | Uint8Array> {
  const titles = index.titles.toJSON();
  const abstracts = index.abstracts!.toJSON();
  const ids = papers.map((p) => p.id);
  // Short ids are positions in the paper list: both parts were built by one addAll each over the same papers.
  for (const js of [titles, abstracts]) {
    if (js.nextId !== ids.length || Object.entries(js.documentIds).some(([s, id]) => ids[Number(s)] !== id))
      throw new Error('search index: short ids are not the papers’ positions');
  }
  const parts: [SearchPart, ShardEntry[]][] = [
    ['titles', entriesOf(titles)],
    ['abstracts', entriesOf(abstracts)],
  ];
  const postings = parts.reduce(
    (n, [, es]) => n + es.reduce((m, [, f]) => m + Object.values(f).reduce((k, a) => k + eachPosting(a), 0), 0),
    0,
  );
  const shards = shardCount(postings, POSTINGS_PER_SHARD);
  const docs: SearchDocs = {
    ids,
    years: Uint16Array.from(papers, (p) => p.year ?? 0),
    shards,
    titles: partDocs(titles, ids.length),
    abstracts: partDocs(abstracts, ids.length),
  };
  const files: Record<string, string | Uint8Array> = { [SEARCH_FILES.docs]: encodeSearchDocs(docs) };
  for (const [part, entries] of parts) {
    const byShard: ShardEntry[][] = Array.from({ length: shards }, () => []);
    for (const e of entries) byShard[shardOf(termKey(e[0]), shards)].push(e);
    byShard.forEach((es, n) => (files[SEARCH_FILES.shard(part, n)] = JSON.stringify(es)));
  }
  return files;
}

/** Writes `docs.bin` as lib/search/docs-table.ts `decodeSearchDocs` reads it. */
export function encodeSearchDocs(docs: SearchDocs): Uint8Array {
  const utf8 = new TextEncoder();
  if (docs.ids.some((id) => id.includes('\n'))) throw new Error('search table: an id holds a line break');
  const idBytes = utf8.encode(docs.ids.join('\n'));
  const narrow = (part: PartDocs) => part.fieldLength.map(narrowLengths);
  const lengths = { titles: narrow(docs.titles), abstracts: narrow(docs.abstracts) };
  const stats = ({ documentCount, fieldIds, averageFieldLength }: PartDocs, fields: FieldLengthArray[]): PartHeader => ({
    documentCount,
    fieldIds,
    averageFieldLength,
    widths: fields.map((a) => a.BYTES_PER_ELEMENT),
  });
  const header: DocsHeader = {
    papers: docs.ids.length,
    shards: docs.shards,
    idsBytes: idBytes.length,
    titles: stats(docs.titles, lengths.titles),
    abstracts: stats(docs.abstracts, lengths.abstracts),
  };
  const headerBytes = utf8.encode(JSON.stringify(header));
  const arrays: ArrayBufferView[] = [docs.years, ...lengths.titles, ...lengths.abstracts];
  let length = align4(8 + headerBytes.length + idBytes.length);
  for (const a of arrays) length += align4(a.byteLength);
  const out = new Uint8Array(length);
  const view = new DataView(out.buffer);
  view.setUint32(0, DOCS_MAGIC, true);
  view.setUint32(4, headerBytes.length, true);
  out.set(headerBytes, 8);
  out.set(idBytes, 8 + headerBytes.length);
  let at = align4(8 + headerBytes.length + idBytes.length);
  for (const a of arrays) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at += align4(a.byteLength);
  }
  return out;
}
