/**
 * Files in and out of the reading list: export, import (previewed first when
 * some entries cannot be read; what is imported lands in one write, a backup
 * first) and restoring that backup. Only extension pages may send
 * these (lib/messaging/page-requests.ts); the worker's sender check enforces
 * that before any handler runs.
 */
import { exportList } from '../../formats/export/index';
import { importFile, importPreview } from '../../formats/import/index';
import type { Handlers, WorkerContext } from './context';

/** Handlers of `listExport`, `listImportPreview`, `listImport` and `listRestoreBackup`. */
export function fileHandlers(
  ctx: WorkerContext,
): Handlers<'listExport' | 'listImportPreview' | 'listImport' | 'listRestoreBackup'> {
  return {
    async listExport({ format, tag }) {
      const { list: l } = await ctx.list.read();
      return exportList(l, format, { tag });
    },

    async listImportPreview({ text, filename }) {
      const parsed = importFile(text, filename);
      if (!parsed.ok) throw new Error(parsed.error);
      return importPreview(parsed);
    },

    async listImport({ text, filename, anyway = false, requestId = '' }) {
      const parsed = importFile(text, filename);
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
