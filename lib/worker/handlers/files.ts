/**
 * Files in and out of the reading list: export, import (previewed first when
 * some entries cannot be read; what is imported lands in one write, a backup
 * first) and restoring that backup. Only extension pages may send
 * these (lib/messaging/page-requests.ts); the worker's sender check enforces
 * that before any handler runs.
 */
import { createUploadStaging } from '../../backup/upload';
import { exportList } from '../../formats/export/index';
import { importFile, importPreview } from '../../formats/import/index';
import { EXPORT_PART } from '../../messaging/page-requests';
import type { Handlers, WorkerContext } from './context';

/** Handlers of `listExport`, `listImportPart`, `listImportPreview`, `listImport` and `listRestoreBackup`. */
export function fileHandlers(
  ctx: WorkerContext,
): Handlers<'listExport' | 'listImportPart' | 'listImportPreview' | 'listImport' | 'listRestoreBackup'> {
  // The file being imported in parts (memory only: a restarted worker has none, and says so).
  const uploads = createUploadStaging(ctx.now);
  const fileText = (p: { text?: string; upload?: string }) => (p.upload !== undefined ? uploads.take(p.upload) : (p.text ?? ''));
  // The export being sent in parts: built once, for the list as it was when its first part was asked.
  let building: { list: unknown; format: string; tag?: string; file: ReturnType<typeof exportList> } | null = null;
  return {
    async listExport({ format, tag, offset = 0 }) {
      const { list: l } = await ctx.list.read();
      if (building?.list !== l || building.format !== format || building.tag !== tag) {
        if (offset > 0) throw new Error('The list changed during the export (or the worker restarted): export again.');
        building = { list: l, format, tag, file: exportList(l, format, { tag }) };
      }
      const { text, ...file } = building.file;
      let end = Math.min(text.length, offset + EXPORT_PART);
      // Not between the two halves of a character outside the BMP.
      if (end < text.length && /[\uD800-\uDBFF]/.test(text[end - 1])) end++;
      if (end >= text.length) building = null;
      return { ...file, text: text.slice(offset, end), next: end < text.length ? end : null };
    },

    async listImportPart(part) {
      return { received: uploads.put(part) };
    },

    async listImportPreview(p) {
      const parsed = importFile(fileText(p), p.filename);
      if (!parsed.ok) throw new Error(parsed.error);
      return importPreview(parsed);
    },

    async listImport({ filename, anyway = false, requestId = '', ...p }) {
      const parsed = importFile(fileText(p), filename);
      if (!parsed.ok) throw new Error(parsed.error);
      // Nothing changes behind the user's back: with bad entries, only after they saw the preview.
      if (parsed.problems.length && !anyway) throw new Error(importPreview(parsed).summary);
      // The backup is taken in the same atomic write as the merge: a retried import cannot overwrite it.
      return ctx.list.apply({ kind: 'merge', requestId, papers: parsed.papers, backupFirst: true });
    },

    async listRestoreBackup() {
      const restored = await ctx.list.write((store) => store.restoreBackup());
      const { list: l } = await ctx.list.read();
      return { restored, total: l.papers.length };
    },
  };
}
