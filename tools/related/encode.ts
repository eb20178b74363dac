/**
 * Encodes the related-paper model into the bytes the extension ships
 * (`data/related-model.bin`); lib/related/model.ts `decodeRelatedModel` reads
 * them back. Build time only.
 */
import { MAGIC, tableAt, tableSize, type RelatedModel, type StringTable } from '../../lib/related/model';

/**
 * The model as shipped: a small JSON header (vocabulary, idf, ids, analysis)
 * then the postings, each term's paper numbers delta-encoded as varints and
 * their weights as 16-bit integers. About 3 bytes a pair instead of ~12 in JSON.
 */
export function encodeRelatedModel(model: RelatedModel): Uint8Array {
  const header = new TextEncoder().encode(
    JSON.stringify({
      version: model.version,
      analysis: model.analysis,
      titleWeight: model.titleWeight,
      saturation: model.saturation,
      // Terms and surface forms hold no newline: one string each, split again on reading.
      termCount: tableSize(model.terms),
      terms: linesOf(model.terms),
      surface: linesOf(model.surface),
      idf: model.idf,
      ids: model.ids,
    }),
  );
  const varints: number[] = [];
  const push = (x: number) => {
    while (x >= 0x80) {
      varints.push((x & 0x7f) | 0x80);
      x >>>= 7;
    }
    varints.push(x);
  };
  for (let t = 0; t < tableSize(model.terms); t++) {
    push(model.postStart[t + 1] - model.postStart[t]);
    let prev = 0;
    for (let j = model.postStart[t]; j < model.postStart[t + 1]; j++) {
      push(model.postDoc[j] - prev);
      prev = model.postDoc[j];
    }
  }
  const pairs = model.postW.length;
  const out = new Uint8Array(12 + header.length + varints.length + (varints.length % 2) + pairs * 2);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, header.length, true);
  view.setUint32(8, varints.length, true);
  out.set(header, 12);
  out.set(varints, 12 + header.length);
  let at = 12 + header.length + varints.length + (varints.length % 2);
  for (let j = 0; j < pairs; j++, at += 2) view.setUint16(at, model.postW[j], true);
  return out;
}

/** A table's items joined by newlines (for the shipped header). */
function linesOf(table: StringTable): string {
  return Array.from({ length: tableSize(table) }, (_, i) => tableAt(table, i)).join('\n');
}
