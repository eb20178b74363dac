/**
 * Builds the collection's search index straight into MiniSearch's own
 * serialised form (`toJSON`, serialisation version 2), which the worker loads
 * with `MiniSearch.loadJSON` as before. MiniSearch's `add` looks every term
 * occurrence up in its radix tree; at 30,000 abstracts that was 7.5 s of CPU in
 * Node, while the same postings in a plain `Map` cost a fraction of it, and the
 * tree is built once, when the worker loads the index. Documents are tokenised,
 * counted and averaged exactly as `MiniSearch.add` and `discard` do (field
 * lengths count distinct tokens; averages are updated one document at a time),
 * so the loaded index is the one MiniSearch would have built: the same results
 * and scores (tests/unit/collection-index-builder.test.ts compares them).
 */
import MiniSearch, { type Options } from 'minisearch';

/**
 * Postings of one term, by field id: short document ids and frequencies,
 * interleaved (`[id, freq, id, freq, …]`), ids ascending since documents get
 * ever larger ids. A term repeated in the document being added only bumps the
 * last frequency: no lookup, and no object per posting for the collector.
 */
type Postings = number[][];

/** Where the terms start and end in a serialised part: each term on a line of its own between. */
export const INDEX_OPEN = ',"index":[\n';
export const INDEX_CLOSE = '\n],"serializationVersion":2}';

/** One part of the index (titles or abstracts) being built. */
export interface PartBuilder<T> {
  /** Adds a document, replacing the one of the same id if there is one (as MiniSearch's `replace`). */
  put(doc: T): void;
  /** Removes a document if present (as MiniSearch's `discard`). */
  remove(id: string): void;
  has(id: string): boolean;
  /** Documents held. */
  count(): number;
  /** The part as `JSON.stringify(miniSearch)` writes it (what `MiniSearch.loadJSON` reads). */
  serialise(): string;
}

/**
 * A builder that starts from `base` (an index loaded or empty, built with
 * `options`). `base` itself is not changed.
 */
export function partBuilder<T>(base: MiniSearch<T>, options: Options<T>): PartBuilder<T> {
  // Stored fields would need copying on every put; the collection's parts store none.
  if (options.storeFields?.length) throw new Error('partBuilder: parts with stored fields are not supported');
  const plain = base.toJSON();
  const fields = options.fields;
  const idField = options.idField ?? 'id';
  const tokenize = options.tokenize ?? MiniSearch.getDefault('tokenize');
  const processTerm = options.processTerm ?? MiniSearch.getDefault('processTerm');
  const fieldIds = plain.fieldIds;
  const avg = [...plain.averageFieldLength];
  const documentIds = new Map(Object.entries(plain.documentIds).map(([k, v]) => [Number(k), v as string]));
  const idToShort = new Map([...documentIds].map(([k, v]) => [v, k]));
  const fieldLength = new Map(Object.entries(plain.fieldLength).map(([k, v]) => [Number(k), v]));
  const index = new Map<string, Postings>();
  for (const [term, data] of plain.index) {
    const postings: Postings = [];
    for (const [fieldId, freqs] of Object.entries(data)) {
      // Integer keys iterate in ascending order, as the ids must be.
      postings[Number(fieldId)] = Object.entries(freqs).flatMap(([id, f]) => [Number(id), f]);
    }
    index.set(term, postings);
  }
  let documentCount = plain.documentCount;
  let nextId = plain.nextId;
  let dirtCount = plain.dirtCount ?? 0;

  const addTerm = (fieldId: number, shortId: number, term: string) => {
    let postings = index.get(term);
    if (!postings) index.set(term, (postings = []));
    const list = (postings[fieldId] ??= []);
    if (list[list.length - 2] === shortId) list[list.length - 1]++;
    else list.push(shortId, 1);
  };

  const builder: PartBuilder<T> = {
    has: (id) => idToShort.has(id),
    count: () => documentCount,
    remove(id) {
      const shortId = idToShort.get(id);
      if (shortId === undefined) return;
      idToShort.delete(id);
      documentIds.delete(shortId);
      // Sparse: a field a document lacked has no length (forEach skips it, as MiniSearch's discard does).
      (fieldLength.get(shortId) ?? []).forEach((length, fieldId) => {
        if (documentCount === 1) avg[fieldId] = 0;
        else avg[fieldId] = (avg[fieldId] * documentCount - length) / (documentCount - 1);
      });
      fieldLength.delete(shortId);
      documentCount -= 1;
      // Its postings stay until MiniSearch vacuums them, as after a discard; searches skip them.
      dirtCount += 1;
    },
    put(doc) {
      const id = (doc as Record<string, unknown>)[idField] as string;
      builder.remove(id);
      const shortId = nextId++;
      idToShort.set(id, shortId);
      documentIds.set(shortId, id);
      documentCount += 1;
      const lengths: number[] = [];
      fieldLength.set(shortId, lengths);
      for (const field of fields) {
        const value = (doc as Record<string, unknown>)[field];
        if (value == null) continue;
        const tokens = tokenize(String(value), field);
        const fieldId = fieldIds[field];
        const unique = new Set(tokens).size;
        lengths[fieldId] = unique;
        avg[fieldId] = ((avg[fieldId] || 0) * (documentCount - 1) + unique) / documentCount;
        for (const token of tokens) {
          const t = processTerm(token, field);
          if (Array.isArray(t)) for (const x of t) addTerm(fieldId, shortId, x);
          else if (t) addTerm(fieldId, shortId, t);
        }
      }
    },
    serialise() {
      // JSON.stringify(toJSON) would first make an object per term and field; the text is written directly instead.
      const head = JSON.stringify({
        documentCount,
        nextId,
        documentIds: Object.fromEntries(documentIds),
        fieldIds,
        fieldLength: Object.fromEntries(fieldLength),
        averageFieldLength: avg,
        storedFields: {},
        dirtCount,
      });
      const terms: string[] = [];
      for (const [term, postings] of index) {
        const parts: string[] = [];
        postings.forEach((list, fieldId) => {
          const pairs: string[] = [];
          for (let i = 0; i < list.length; i += 2) pairs.push(`"${list[i]}":${list[i + 1]}`);
          parts.push(`"${fieldId}":{${pairs.join(',')}}`);
        });
        terms.push(`[${JSON.stringify(term)},{${parts.join(',')}}]`);
      }
      // One term a line (JSON allows the whitespace): the worker parses the text a slice at a time (search.ts).
      return `${head.slice(0, -1)}${INDEX_OPEN}${terms.join(',\n')}${INDEX_CLOSE}`;
    },
  };
  return builder;
}
