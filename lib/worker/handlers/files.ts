/**
 * Files in and out of the reading list: export, import (all or nothing, a
 * backup first) and restoring that backup. Only extension pages may send
 * these (lib/messaging/page-requests.ts); the worker's sender check enforces
 * that before any handler runs.
 */
import { exportList } from '../../formats/export/index';
import { importFile } from '../../formats/import/index';
import { mergeLists } from '../../reading-list/list';
import type { Handlers, WorkerContext } from './context';

/** Handlers of `listExport`, `listImport` and `listRestoreBackup`. */
export function fileHandlers(ctx: WorkerContext): Handlers<'listExport' | 'listImport' | 'listRestoreBackup'> {
  return {
    async listExport({ format, tag }) {
      const { list: l } = await ctx.list.read();
      return exportList(l, format, { tag });
    },

    async listImport({ text, filename }) {
      const parsed = importFile(text, filename);
      if (!parsed.ok) throw new Error(parsed.error);
      await ctx.store.backupBeforeImport();
      return ctx.list.change((l) => {
        const { list: next, added, updated } = mergeLists(l, { papers: parsed.papers });
        return { list: next, result: { added, updated, total: next.papers.length } };
      });
    },

    async listRestoreBackup() {
      const restored = await ctx.list.write((store) => store.restoreBackup());
      const { list: l } = await ctx.list.read();
      return { restored, total: l.papers.length };
    },
  };
}
