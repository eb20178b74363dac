/**
 * The search index's documents' table as shipped (`corpus/search/docs.bin`,
 * lib/search/shards.ts `SEARCH_FILES.docs`): ids, years and field lengths by
 * MiniSearch short id, in binary. Written by tools/corpus/search-shards.ts.
 */
/** One part's document statistics, as MiniSearch serialises them but with lengths as arrays by short id. */
export interface PartDocs {
  documentCount: number;
  fieldIds: Record<string, number>;
  averageFieldLength: number[];
  /** `fieldLength[fieldId][shortId]`, each field in the narrowest array its lengths fit. */
  fieldLength: FieldLengthArray[];
}

/** A field's lengths by short id: 1, 2 or 4 bytes each, as the longest needs (titles' fit a byte, authors' two). */
export type FieldLengthArray = Uint8Array | Uint16Array | Uint32Array;

/** The narrowest array that holds these lengths (what `docs.bin` stores). */
export function narrowLengths(lengths: ArrayLike<number>): FieldLengthArray {
  let max = 0;
  for (let i = 0; i < lengths.length; i++) if (lengths[i] > max) max = lengths[i];
  return max < 0x100 ? Uint8Array.from(lengths) : max < 0x10000 ? Uint16Array.from(lengths) : Uint32Array.from(lengths);
}

/** `corpus/search/docs.bin`: the documents' table both parts share ({@link decodeSearchDocs}). */
export interface SearchDocs {
  /** Paper ids by MiniSearch short id (both parts number the papers alike). */
  ids: string[];
  /** Publication years by short id (0 when unknown), for the year filter. */
  years: Uint16Array;
  /** Term shards of each part: `corpus/search/<part>/<n>.json`, n = shardOf(termKey(term), shards). */
  shards: number;
  titles: PartDocs;
  abstracts: PartDocs;
}

/** First four bytes of `docs.bin`: "PLSD" little-endian. */
export const DOCS_MAGIC = 0x44534c50;

/** What `docs.bin`'s JSON header holds: the counts and each part's statistics but its lengths. */
export interface DocsHeader {
  papers: number;
  shards: number;
  /** Bytes of the ids' text (UTF-8, one a line). */
  idsBytes: number;
  titles: PartHeader;
  abstracts: PartHeader;
}

/** A part's statistics in the header, and the bytes each of its fields' lengths takes (4 when absent). */
export type PartHeader = Omit<PartDocs, 'fieldLength'> & { widths?: number[] };

/**
 * Reads `docs.bin`: "PLSD", the header's length (u32), the header (UTF-8 JSON),
 * the ids (UTF-8, one a line), then from the next multiple of 4 the years (u16
 * each, padded to 4 bytes) and each part's field lengths (a field after another
 * in field id order, titles then abstracts, each padded to 4 bytes; u8, u16 or
 * u32 each, as the header's `widths` say). As JSON, parsing it was most of a
 * first search's wait at 30,000 papers (15–18 ms of 25 in Node); with every
 * length a u32 it was 750 KB there, 510 KB with the narrowest widths.
 */
export function decodeSearchDocs(bytes: Uint8Array): SearchDocs {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 8 || view.getUint32(0, true) !== DOCS_MAGIC) throw new Error('not a Paper Lens search table');
  const headerLength = view.getUint32(4, true);
  const utf8 = new TextDecoder();
  const h = JSON.parse(utf8.decode(bytes.subarray(8, 8 + headerLength))) as DocsHeader;
  let at = 8 + headerLength;
  const idText = utf8.decode(bytes.subarray(at, at + h.idsBytes));
  const ids = h.papers ? idText.split('\n') : [];
  if (ids.length !== h.papers) throw new Error('search table is damaged');
  at = align4(at + h.idsBytes);
  // Copies, so that the arrays are aligned whatever buffer the bytes came in.
  const take = (length: number) => {
    if (at + length > bytes.length) throw new Error('search table is damaged');
    const b = bytes.slice(at, at + length).buffer;
    at = align4(at + length);
    return b;
  };
  const years = new Uint16Array(take(2 * h.papers));
  const part = ({ widths, ...p }: PartHeader): PartDocs => ({
    ...p,
    fieldLength: Object.keys(p.fieldIds).map((_, f) => {
      const width = widths?.[f] ?? 4;
      if (width === 1) return new Uint8Array(take(h.papers));
      if (width === 2) return new Uint16Array(take(2 * h.papers));
      if (width === 4) return new Uint32Array(take(4 * h.papers));
      throw new Error('search table is damaged');
    }),
  });
  const titles = part(h.titles);
  const abstracts = part(h.abstracts);
  if (at !== align4(bytes.length)) throw new Error('search table is damaged');
  return { ids, years, shards: h.shards, titles, abstracts };
}

export const align4 = (n: number) => (n + 3) & ~3;
