/**
 * A file sent to the worker in parts (issue 17: a 100,000-paper backup with
 * notes is about 86 M characters, past Chrome's 64 MiB message limit). The
 * page cuts the file's text with `splitParts` and sends each part with the
 * upload's id (`listImportPart`); the worker keeps them in an `UploadStaging`
 * (memory only: one upload at a time, dropped after `UPLOAD_TIMEOUT_MS`
 * without a part or when another upload starts); `listImportPreview` and
 * `listImport` then name the upload, and `take` joins its parts or says
 * clearly why it cannot. Nothing here writes the list.
 */

/** Most characters one part carries (at most 3 bytes each in UTF-8: 24 MB, well under 64 MiB). */
export const IMPORT_PART = 8 * 2 ** 20;

/** Most parts of one upload (512 Mi characters): a bound on what the worker holds. */
export const MAX_PARTS = 64;

/** An upload without a new part for this long is dropped. */
export const UPLOAD_TIMEOUT_MS = 10 * 60_000;

/** What the page says after the worker lost an upload (restart, timeout, another upload). */
export const UPLOAD_GONE =
  'The file was not fully received by the extension (it restarted, another import started, or it waited too long): import it again.';

/**
 * The text in parts of at most `size` characters (at least one part, even for
 * an empty text), never between the two halves of a character outside the BMP.
 */
export function splitParts(text: string, size = IMPORT_PART): string[] {
  if (!Number.isInteger(size) || size < 2) throw new Error(`A part holds at least 2 characters, not ${size}`);
  const parts: string[] = [];
  let start = 0;
  do {
    let end = Math.min(text.length, start + size);
    if (end < text.length && /[\uD800-\uDBFF]/.test(text[end - 1])) end--;
    parts.push(text.slice(start, end));
    start = end;
  } while (start < text.length);
  return parts;
}

/** One part as the page sends it. */
export interface UploadPart {
  upload: string;
  index: number;
  count: number;
  text: string;
}

/** The parts the worker holds: one upload at a time. */
export interface UploadStaging {
  /** Keeps a part (a part sent again replaces itself); a part of a new upload drops the one before. Returns how many parts are in. */
  put(part: UploadPart): number;
  /** The whole text of a complete upload; throws a clear message for one that is missing, expired or not complete. */
  take(upload: string): string;
}

/** The staging of the worker (state in memory; `now` injected for tests). */
export function createUploadStaging(now: () => number = Date.now, timeoutMs = UPLOAD_TIMEOUT_MS): UploadStaging {
  let current: { upload: string; count: number; parts: (string | undefined)[]; received: number; at: number } | null = null;
  const live = () => {
    if (current && now() - current.at > timeoutMs) current = null;
    return current;
  };
  return {
    put({ upload, index, count, text }) {
      if (!Number.isInteger(count) || count < 1 || count > MAX_PARTS)
        throw new Error(`An upload has 1 to ${MAX_PARTS} parts, not ${count}`);
      if (!Number.isInteger(index) || index < 0 || index >= count)
        throw new Error(`Part ${index} of an upload of ${count} parts`);
      let c = live();
      if (c && c.upload === upload && c.count !== count) throw new Error(`Upload ${upload} has ${c.count} parts, not ${count}`);
      if (!c || c.upload !== upload)
        c = current = { upload, count, parts: new Array<string | undefined>(count), received: 0, at: now() };
      if (c.parts[index] === undefined) c.received++;
      c.parts[index] = text;
      c.at = now();
      return c.received;
    },
    take(upload) {
      const c = live();
      if (!c || c.upload !== upload) throw new Error(UPLOAD_GONE);
      if (c.received < c.count) {
        const missing = Array.from(c.parts, (p, i) => (p === undefined ? i + 1 : 0)).filter(Boolean);
        throw new Error(
          `Part ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? '…' : ''} of ${c.count} of the file did not arrive; import it again.`,
        );
      }
      c.at = now();
      return c.parts.join('');
    },
  };
}
