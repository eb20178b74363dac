/** An in-memory downloads API for backup tests: files kept by path, as a downloads folder would. */
import { resolveObjectURL } from 'node:buffer';
import { expect } from 'vitest';
import type { DownloadItemLike, DownloadsLike } from '../../lib/backup/backup';

/** A fixed local noon, so the backup's file name has a known date. */
export const T0 = new Date(2026, 10, 30, 12, 0, 0).getTime();
/** The extension id the fake says made its downloads. */
export const SELF = 'paper-lens-id';

export function fakeDownloads(start = T0) {
  const files = new Map<string, string>();
  const items: (DownloadItemLike & { url: string })[] = [];
  let next = 1;
  let clock = start;
  const api: DownloadsLike & { fail?: string } = {
    async download({ url, filename, saveAs, conflictAction }) {
      if (api.fail) throw new Error(api.fail);
      expect(saveAs).toBe(false);
      expect(conflictAction).toBe('overwrite');
      const path = `/home/u/Downloads/${filename}`;
      if (url.startsWith('blob:')) {
        // Node's own blob URLs (URL.createObjectURL exists in Node, as in Firefox's background page).
        files.set(path, await resolveObjectURL(url)!.text());
      } else {
        const [, b64] = url.split(',');
        files.set(path, new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))));
      }
      const id = next++;
      items.push({ id, filename: path, startTime: new Date(clock++).toISOString(), exists: true, byExtensionId: SELF, url });
      return id;
    },
    async search({ filenameRegex }) {
      const re = filenameRegex ? new RegExp(filenameRegex) : /./;
      return items.filter((d) => re.test(d.filename)).map((d) => ({ ...d, exists: files.has(d.filename) }));
    },
    async removeFile(id) {
      const d = items.find((x) => x.id === id);
      if (d) files.delete(d.filename);
    },
    async erase({ id }) {
      const i = items.findIndex((x) => x.id === id);
      if (i >= 0) items.splice(i, 1);
      return i >= 0 ? [id] : [];
    },
  };
  return { api, files, items, setClock: (t: number) => (clock = t) };
}
